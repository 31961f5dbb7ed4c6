# Shared by the benchmark scripts.
#   bench_setup ROWS   the tools (DuckDB CLI and polars from PyPI, GNU time), a
#                      release build, and the generated ISO file $WORK/data-ROWS.csv
#   time_tools WORK RUNS TAG   times each command of the associative array CMD,
#                      RUNS times, the tools' runs interleaved: a table row per tool with the median wall time,
#                      the median peak memory and the ratio to DuckDB; with
#                      RESULTS set, also a line "TAG tool wall MiB" appended to
#                      that file (for plots); TOOLS lists the tools (default:
#                      duckdb boussole polars).

bench_setup() {
  command -v duckdb >/dev/null || pip install --quiet duckdb-cli
  python3 -c "import polars" 2>/dev/null || pip install --quiet polars
  [ -x /usr/bin/time ] || apt-get install -y -qq time >/dev/null
  cargo build --release --quiet --bin boussole --example bench-gen
  [ -f "$WORK/data-$1.csv" ] || target/release/examples/bench-gen "$1" > "$WORK/data-$1.csv"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

time_tools() {
  local work=$1 runs=$2 tag=$3 tool wall mem base=1
  printf '| tool | median wall s | median peak MiB | wall vs DuckDB |\n|---|---|---|---|\n'
  local tools=${TOOLS:-duckdb boussole polars}
  for tool in $tools; do : > "$work/$tool$tag.times"; done
  # the tools' runs interleaved, so that a machine slower for a while
  # slows each of them alike
  for _ in $(seq "$runs"); do
    for tool in $tools; do
      /usr/bin/time -f "%e %M" -o "$work/$tool$tag.one" bash -c "${CMD[$tool]} > /dev/null" || true
      cat "$work/$tool$tag.one" >> "$work/$tool$tag.times"
    done
  done
  # DuckDB's median first: every tool is compared with it
  [ -f "$work/duckdb$tag.times" ] && case " $tools " in *" duckdb "*) base=$(awk '{print $1}' "$work/duckdb$tag.times" | median) ;; esac
  for tool in $tools; do
    wall=$(awk '{print $1}' "$work/$tool$tag.times" | median)
    mem=$(awk '{print $2/1024}' "$work/$tool$tag.times" | median)
    printf '| %s | %s | %.0f | %.2fx |\n' "$tool" "$wall" "$mem" "$(echo "$wall $base" | awk '{print $1 / $2}')"
    [ -z "${RESULTS:-}" ] || printf '%s %s %s %.0f\n' "$tag" "$tool" "$wall" "$mem" >> "$RESULTS"
  done
}
