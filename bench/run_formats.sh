#!/usr/bin/env bash
# Read rates of the other source formats, side by side: the benchmark's rows
# as a Parquet file (typed: DATE, DECIMAL(18,2) money, BIGINT counts; written
# by DuckDB, snappy) and as an Excel workbook (typed date and number cells;
# written by bench/xlsx.rs), each read by boussole through a declared source
# (bench/formats/bench.kpi.yaml), by DuckDB (read_parquet; its excel
# extension cannot be installed offline) and by polars (scan_parquet;
# read_excel with fastexcel). Checks that they agree, then prints the median
# wall time and peak memory of RUNS runs.
#
#   bash bench/run_formats.sh [ROWS] [XLSX_ROWS] [RUNS]
#   (default 10000000 Parquet rows, 1000000 workbook rows, 5 runs)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
ROWS=${1:-10000000}
XROWS=${2:-1000000}
RUNS=${3:-5}
WORK=${BENCH_DIR:-target/bench}
mkdir -p "$WORK"
bench_setup "$ROWS"
python3 -c "import fastexcel" 2>/dev/null || pip install --quiet fastexcel
cargo build --release --quiet --example bench-xlsx
CSV="$WORK/data-$ROWS.csv"
PARQUET="$WORK/data-$ROWS.parquet"
TYPES="header = true, columns = {'date': 'DATE', 'channel': 'VARCHAR', 'campaign': 'VARCHAR', 'impressions': 'BIGINT', 'clicks': 'BIGINT', 'spend': 'DECIMAL(18,2)', 'sessions': 'BIGINT', 'orders': 'BIGINT', 'revenue': 'DECIMAL(18,2)', 'carts': 'BIGINT', 'new_customers': 'BIGINT', 'emails_sent': 'BIGINT', 'emails_opened': 'BIGINT', 'social_impressions': 'BIGINT', 'social_interactions': 'BIGINT'}"
[ -f "$PARQUET" ] || duckdb -c "COPY (SELECT * FROM read_csv('$CSV', $TYPES)) TO '$PARQUET' (FORMAT parquet)"
XCSV="$WORK/data-$XROWS.csv"
XLSX="$WORK/data-$XROWS.xlsx"
[ -f "$XCSV" ] || target/release/examples/bench-gen "$XROWS" > "$XCSV"
[ -f "$XLSX" ] || target/release/examples/bench-xlsx "$XCSV" "$XLSX"

# Parquet
python3 - "$PARQUET" "$WORK/duckdb-pq.csv" > "$WORK/duckdb-pq.sql" <<'PY'
import re, sys
sql = open("bench/duckdb.sql").read()
sql = re.sub(r"read_csv\('__DATA__'.*?\}\)", f"read_parquet('{sys.argv[1]}')", sql, flags=re.S)
print(sql.replace("__OUT__", sys.argv[2]))
PY
grep -q read_parquet "$WORK/duckdb-pq.sql"
declare -A CMD=(
  [boussole]="target/release/boussole eval bench/formats --data data=$PARQUET --by channel --format json"
  [duckdb]="duckdb -c \".read $WORK/duckdb-pq.sql\""
  [polars]="python3 bench/polars_kpis.py $PARQUET $WORK/polars-pq.csv parquet"
)
target/release/boussole eval bench/formats --data "data=$PARQUET" --by channel --format json > "$WORK/boussole-pq.json"
eval "${CMD[duckdb]}" >/dev/null
eval "${CMD[polars]}" >/dev/null
python3 bench/compare.py "$WORK/boussole-pq.json" "$WORK/duckdb-pq.csv" "$WORK/polars-pq.csv"
printf '\n%s rows as Parquet, %s bytes, %s runs each, %s cores (%s)\n\n' "$ROWS" "$(stat -c %s "$PARQUET")" "$RUNS" "$(nproc)" "$(uname -m)"
time_tools "$WORK" "$RUNS" "-pq"

# Excel: no DuckDB reader offline; boussole and polars, compared with DuckDB on the same rows' CSV
sed -e "s|__DATA__|$XCSV|" -e "s|__OUT__|$WORK/duckdb-x.csv|" bench/duckdb.sql > "$WORK/duckdb-x.sql"
duckdb -c ".read $WORK/duckdb-x.sql" >/dev/null
target/release/boussole eval bench/formats --data "data=$XLSX" --by channel --format json > "$WORK/boussole-x.json"
python3 bench/polars_kpis.py "$XLSX" "$WORK/polars-x.csv" xlsx
python3 bench/compare.py "$WORK/boussole-x.json" "$WORK/duckdb-x.csv" "$WORK/polars-x.csv"
printf '\n%s rows as an Excel workbook, %s bytes, %s runs each\n\n' "$XROWS" "$(stat -c %s "$XLSX")" "$RUNS"
printf '| tool | median wall s | median peak MiB |\n|---|---|---|\n'
for tool in boussole polars; do
  if [ $tool = boussole ]; then c="target/release/boussole eval bench/formats --data data=$XLSX --by channel --format json"
  else c="python3 bench/polars_kpis.py $XLSX $WORK/polars-x.csv xlsx"; fi
  : > "$WORK/$tool-x.times"
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %M" -o "$WORK/$tool-x.one" bash -c "$c > /dev/null"
    cat "$WORK/$tool-x.one" >> "$WORK/$tool-x.times"
  done
  printf '| %s | %s | %.0f |\n' "$tool" "$(awk '{print $1}' "$WORK/$tool-x.times" | median)" "$(awk '{print $2/1024}' "$WORK/$tool-x.times" | median)"
done
