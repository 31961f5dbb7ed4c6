#!/usr/bin/env bash
# Side-by-side benchmark of formatting one large spec file: `boussole fmt
# --check` against Prettier's YAML formatter (`prettier --check`), what a team
# would otherwise run on its YAML. The spec is bench/gen_spec.py's (N metrics,
# N/10 objectives) with its expressions cramped (`a/b`), so both have work to
# do (Prettier only lays the YAML out: it keeps key order and scalars as
# they are). Prints the median wall time and peak memory of RUNS whole-process runs.
#
#   bash bench/fmt.sh [METRICS] [RUNS]      (default 10000 metrics, 5 runs)
#
# Needs: cargo, python3, npm (installs prettier 3 under target/bench), GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
RUNS=${2:-5}
WORK=${BENCH_DIR:-target/bench}
mkdir -p "$WORK/fmt-$N"
[ -x /usr/bin/time ] || apt-get install -y -qq time >/dev/null
[ -x "$WORK/node_modules/.bin/prettier" ] || npm install --silent --prefix "$WORK" prettier@3 >/dev/null
PRETTIER="$WORK/node_modules/.bin/prettier"
cargo build --release --quiet --bin boussole
python3 bench/gen_spec.py "$N" "$WORK/fmt-$N/gen" >/dev/null
SPEC="$WORK/fmt-$N/big.kpi.yaml"
sed -e 's| / |/|g' -e 's| \* |*|g' "$WORK/fmt-$N/gen/big.kpi.yaml" > "$SPEC"
rm -rf "$WORK/fmt-$N/gen"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
printf '\n%s: %s bytes, %s metrics, %s runs each, %s cores\n\n' "$SPEC" "$(stat -c %s "$SPEC")" "$N" "$RUNS" "$(nproc)"
printf '| tool | median wall s | median peak MiB |\n|---|---|---|\n'
for tool in boussole boussole-stdin prettier; do
  : > "$WORK/fmt.times"
  for _ in $(seq "$RUNS"); do
    if [ "$tool" = boussole-stdin ]; then
      /usr/bin/time -f '%e %M' -a -o "$WORK/fmt.times" target/release/boussole fmt - < "$SPEC" >/dev/null 2>&1 || true
    elif [ "$tool" = boussole ]; then
      /usr/bin/time -f '%e %M' -a -o "$WORK/fmt.times" target/release/boussole fmt --check "$SPEC" >/dev/null 2>&1 || true
    else
      /usr/bin/time -f '%e %M' -a -o "$WORK/fmt.times" "$PRETTIER" --ignore-path /dev/null --check "$SPEC" >/dev/null 2>&1 || true
    fi
  done
  grep -E '^[0-9.]+ [0-9]+$' "$WORK/fmt.times" > "$WORK/fmt.times.ok"
  wall=$(awk '{print $1}' "$WORK/fmt.times.ok" | median)
  mem=$(awk '{print $2}' "$WORK/fmt.times.ok" | median)
  case $tool in
    boussole) version="$(target/release/boussole --version) fmt --check (with the diff)" ;;
    boussole-stdin) version="$(target/release/boussole --version) fmt - (formatting only)" ;;
    *) version="prettier $("$PRETTIER" --version) --check" ;;
  esac
  printf '| %s | %s | %s |\n' "$version" "$wall" "$((mem / 1024))"
done
