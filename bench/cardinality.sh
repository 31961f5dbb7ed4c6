#!/usr/bin/env bash
# The cost curve of high-cardinality dimensions (issue 20): the benchmark's
# rows with the `channel` column rewritten to hold N distinct values (as an
# ad-level export holds one row per ad per day), the 9 KPIs by that column,
# monthly and yearly, with boussole, DuckDB and polars, each writing a CSV
# (at a million groups, boussole's JSON document would be gigabytes).
# Checks that the three agree, then prints the median wall time and peak
# memory of RUNS runs for each N and period.
#
#   [PERIODS="monthly yearly"] [LIMIT=256MiB] bash bench/cardinality.sh [ROWS] [RUNS] [N ...]
#   (default 10000000 rows, 3 runs, N = 10 1000 100000 1000000 10000000)
#
# With LIMIT, boussole runs with `--memory-limit $LIMIT` (spilling to
# $BENCH_DIR) and DuckDB with `SET memory_limit` and a temp_directory there;
# polars has no such setting and runs as it is.
#
# Each measurement is also appended to $WORK/cardinality.txt ("-cardN-period
# tool wall MiB"); `python3 bench/plot_cardinality.py FILE > docs/src/images/cardinality.svg`
# draws the curve the book shows (docs/src/performance.md).
#
# Each N writes a file the size of the original (740 MB at 10M rows) under
# $BENCH_DIR (default target/bench); they are kept for reruns.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
ROWS=${1:-10000000}
RUNS=${2:-3}
shift 2 2>/dev/null || shift $#
CARDS=${*:-10 1000 100000 1000000 10000000}
WORK=${BENCH_DIR:-target/bench}
mkdir -p "$WORK"
bench_setup "$ROWS"
ISO="$WORK/data-$ROWS.csv"
for n in $CARDS; do
  DATA="$WORK/data-$ROWS-card$n.csv"
  # channel = ch(row × 7919 mod n): 7919 is prime, so every n below the row
  # count gets all its values
  [ -f "$DATA" ] || awk -F, -v OFS=, -v n="$n" 'NR == 1 { print; next } { $2 = "ch" ((NR * 7919) % n); print }' "$ISO" > "$DATA"
  for period in ${PERIODS:-monthly yearly}; do
    fmt='%Y-%m'; [ "$period" = yearly ] && fmt='%Y'
    limit_sql= limit_args= tag=
    if [ -n "${LIMIT:-}" ]; then
      limit_sql="SET memory_limit='$LIMIT'; SET temp_directory='$WORK/duckdb-tmp';"
      limit_args="--memory-limit $LIMIT --temp-dir $WORK"
      tag="-$LIMIT"
    fi
    { echo "$limit_sql"; sed -e "s|__DATA__|$DATA|" -e "s|__OUT__|$WORK/duckdb-card.csv|" -e "s|'%Y-%m'|'$fmt'|" bench/duckdb.sql; } > "$WORK/duckdb-card.sql"
    declare -A CMD=(
      [boussole]="target/release/boussole eval bench/bench.kpi.yaml --data $DATA --by channel --period $period --format csv $limit_args"
      [duckdb]="duckdb -c \".read $WORK/duckdb-card.sql\""
      [polars]="python3 bench/polars_kpis.py $DATA $WORK/polars-card.csv csv $period"
    )
    eval "${CMD[boussole]}" > "$WORK/boussole-card.csv"
    eval "${CMD[duckdb]}" > /dev/null
    eval "${CMD[polars]}" > /dev/null
    python3 bench/compare.py "$WORK/boussole-card.csv" "$WORK/duckdb-card.csv" "$WORK/polars-card.csv"
    printf '\n%s rows, %s distinct values, %s, %s runs each, %s cores%s\n\n' "$ROWS" "$n" "$period" "$RUNS" "$(nproc)" "${LIMIT:+, memory limit $LIMIT}"
    RESULTS="$WORK/cardinality.txt" time_tools "$WORK" "$RUNS" "-card$n-$period$tag"
  done
done
