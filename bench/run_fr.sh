#!/usr/bin/env bash
# The benchmark on the French export of the same data: `;` between fields,
# decimal commas, dd/mm/yyyy dates. boussole reads it through a declared
# source (bench/fr/bench.kpi.yaml), DuckDB with read_csv(delim, decimal_separator,
# dateformat), polars with separator, decimal_comma and strptime. Checks that the
# three agree, then prints the median wall time and peak memory of RUNS runs.
#
#   bash bench/run_fr.sh [ROWS] [RUNS]      (default 10000000 rows, 5 runs)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
ROWS=${1:-10000000}
RUNS=${2:-5}
WORK=${BENCH_DIR:-target/bench}
mkdir -p "$WORK"
ISO="$WORK/data-$ROWS.csv"
DATA="$WORK/data-fr-$ROWS.csv"

bench_setup "$ROWS"
# the same rows written the French way
[ -f "$DATA" ] || sed -E 's/,/;/g; s/\./,/g; s|^([0-9]{4})-([0-9]{2})-([0-9]{2})|\3/\2/\1|' "$ISO" > "$DATA"
sed -e "s|__DATA__|$DATA|" -e "s|__OUT__|$WORK/duckdb-fr.csv|" \
  -e "s|read_csv('$DATA', header = true,|read_csv('$DATA', header = true, delim = ';', decimal_separator = ',', dateformat = '%d/%m/%Y',|" \
  bench/duckdb.sql > "$WORK/duckdb-fr.sql"
grep -q "decimal_separator" "$WORK/duckdb-fr.sql"

declare -A CMD=(
  [boussole]="target/release/boussole eval bench/fr --data fr=$DATA --by channel --format json"
  [duckdb]="duckdb -c \".read $WORK/duckdb-fr.sql\""
  [polars]="python3 bench/polars_kpis.py $DATA $WORK/polars-fr.csv fr"
)
# correctness first
target/release/boussole eval bench/fr --data "fr=$DATA" --by channel --format json > "$WORK/boussole-fr.json" || true
eval "${CMD[duckdb]}" >/dev/null
eval "${CMD[polars]}" >/dev/null
python3 bench/compare.py "$WORK/boussole-fr.json" "$WORK/duckdb-fr.csv" "$WORK/polars-fr.csv"

printf '\n%s rows, French export, %s bytes, %s runs each, %s cores (%s)\n\n' "$ROWS" "$(stat -c %s "$DATA")" "$RUNS" "$(nproc)" "$(uname -m)"
time_tools "$WORK" "$RUNS" "-fr"
