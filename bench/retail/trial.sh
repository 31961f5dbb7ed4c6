#!/usr/bin/env bash
# Issue 13's trial on a real export that is not in this repository: the UCI
# "Online Retail" order lines (see bench/retail/README.md for where to get
# the file). Runs bench/retail/retail.kpi.yaml with `eval`, the same KPIs
# hand-written for DuckDB, and `boussole sql` run on DuckDB and (with
# BOUSSOLE_PG set, e.g. by `eval "$(bash .ci/postgres start)"`) on
# PostgreSQL; checks that every answer agrees, month by month and country
# by country; then times `eval` against the hand-written DuckDB query.
#
#   bash bench/retail/trial.sh FILE.csv [RUNS]
set -euo pipefail
CSV=$(realpath "$1")
RUNS=${2:-3}
cd "$(dirname "$0")/../.."
. bench/lib.sh
WORK=${BENCH_DIR:-target/bench}/retail
mkdir -p "$WORK"
command -v duckdb >/dev/null || pip install --quiet duckdb-cli
[ -x /usr/bin/time ] || apt-get install -y -qq time >/dev/null
cargo build --release --quiet --bin boussole
B=target/release/boussole
SPEC=bench/retail/retail.kpi.yaml
ARGS=(--period monthly --by country)

# 1. eval
$B eval $SPEC --data "shop=$CSV" "${ARGS[@]}" --format csv > "$WORK/eval.csv" 2> "$WORK/eval.stderr"
tail -1 "$WORK/eval.stderr"

# 2. the KPIs written by hand for DuckDB, every cell read as text and cast
#    to exact decimals as boussole does
sed "s|@CSV@|$CSV|; s|@OUT@|$WORK/duckdb.csv|" bench/retail/duckdb.sql > "$WORK/duckdb.sql"
duckdb -c ".read $WORK/duckdb.sql"

# 3. boussole sql, run on DuckDB over the file as DuckDB reads it by itself
$B sql --dialect duckdb --table shop=retail $SPEC "${ARGS[@]}" > "$WORK/q-duckdb.sql"
duckdb "$WORK/retail.duckdb" -c "CREATE OR REPLACE TABLE retail AS SELECT * FROM read_csv('$CSV');" \
  -c "COPY ($(sed 's/;[[:space:]]*$//' "$WORK/q-duckdb.sql")) TO '$WORK/sql-duckdb.csv' (FORMAT csv, HEADER)"
OUTS=("$WORK/duckdb.csv" "$WORK/sql-duckdb.csv")

# 4. boussole sql, run on PostgreSQL over a typed table
if [ -n "${BOUSSOLE_PG:-}" ]; then
  $B sql --dialect postgres --table shop=retail $SPEC "${ARGS[@]}" > "$WORK/q-postgres.sql"
  {
    echo 'DROP TABLE IF EXISTS retail;'
    echo 'CREATE TABLE retail ("InvoiceNo" text, "StockCode" text, "Description" text, "Quantity" integer, "InvoiceDate" text, "UnitPrice" numeric, "CustomerID" numeric, "Country" text);'
    echo "\\copy retail FROM '$CSV' WITH (FORMAT csv, HEADER true)"
    echo "\\copy ($(sed 's/;[[:space:]]*$//' "$WORK/q-postgres.sql" | tr '\n' ' ')) TO '$WORK/sql-postgres.csv' WITH (FORMAT csv, HEADER true)"
  } > "$WORK/postgres.psql"
  psql "$BOUSSOLE_PG" -q -v ON_ERROR_STOP=1 -f "$WORK/postgres.psql"
  OUTS+=("$WORK/sql-postgres.csv")
else
  echo "BOUSSOLE_PG is not set: boussole sql is not run on PostgreSQL" >&2
fi

python3 bench/retail/compare.py "$WORK/eval.csv" "${OUTS[@]}"

declare -A CMD=(
  [boussole]="$B eval $SPEC --data shop=$CSV ${ARGS[*]} --format csv 2>/dev/null"
  [duckdb]="duckdb -c \".read $WORK/duckdb.sql\""
)
printf '\n%s lines, monthly x country, %s runs each, %s cores\n\n' "$(($(wc -l < "$CSV") - 1))" "$RUNS" "$(nproc)"
TOOLS="duckdb boussole" time_tools "$WORK" "$RUNS" "-retail"
