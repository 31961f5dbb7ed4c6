#!/usr/bin/env bash
# Side-by-side benchmark: boussole eval vs the DuckDB CLI vs polars on the same
# generated CSV, 9 KPIs monthly x channel. Checks the answers agree, then prints
# the median wall time and peak memory of RUNS whole-process runs each.
#
#   bash bench/run.sh [ROWS] [RUNS]      (default 10000000 rows, 5 runs)
#
# Needs: cargo, python3, pip (installs duckdb-cli and polars if missing), GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
ROWS=${1:-10000000}
RUNS=${2:-5}
WORK=${BENCH_DIR:-target/bench}
mkdir -p "$WORK"
DATA="$WORK/data-$ROWS.csv"

bench_setup "$ROWS"
sed -e "s|__DATA__|$DATA|" -e "s|__OUT__|$WORK/duckdb.csv|" bench/duckdb.sql > "$WORK/duckdb.sql"

declare -A CMD=(
  [boussole]="target/release/boussole eval bench/bench.kpi.yaml --data $DATA --by channel --format json"
  [duckdb]="duckdb -c \".read $WORK/duckdb.sql\""
  [polars]="python3 bench/polars_kpis.py $DATA $WORK/polars.csv"
)
# correctness first
target/release/boussole eval bench/bench.kpi.yaml --data "$DATA" --by channel --format json > "$WORK/boussole.json" || true
eval "${CMD[duckdb]}" >/dev/null
eval "${CMD[polars]}" >/dev/null
python3 bench/compare.py "$WORK/boussole.json" "$WORK/duckdb.csv" "$WORK/polars.csv"

printf '\n%s rows, %s bytes, %s runs each, %s cores (%s)\n\n' "$ROWS" "$(stat -c %s "$DATA")" "$RUNS" "$(nproc)" "$(uname -m)"
time_tools "$WORK" "$RUNS" ""
