#!/usr/bin/env bash
# The scale-out path end to end: the benchmark spec compiled by `boussole sql`
# runs inside DuckDB on the generated data (as Parquet with exact DECIMAL
# money columns, and straight from the CSV), and every value is checked
# against `boussole eval` on the same CSV.
#
#   bash bench/sql_scaleout.sh [ROWS]      (default 10000000)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-10000000}
WORK=${BENCH_DIR:-target/bench}
mkdir -p "$WORK"
DATA="$WORK/data-$ROWS.csv"
PARQUET="$WORK/data-$ROWS.parquet"
command -v duckdb >/dev/null || pip install --quiet duckdb-cli
[ -x /usr/bin/time ] || apt-get install -y -qq time >/dev/null
cargo build --release --quiet --bin boussole --example bench-gen
[ -f "$DATA" ] || target/release/examples/bench-gen "$ROWS" > "$DATA"

# money as DECIMAL, never DOUBLE: a binary float cannot hold 0.1 exactly
TYPES="types = {'spend': 'DECIMAL(18, 2)', 'revenue': 'DECIMAL(18, 2)'}"
[ -f "$PARQUET" ] || duckdb -c "COPY (SELECT * FROM read_csv('$DATA', $TYPES)) TO '$PARQUET' (FORMAT parquet)"

target/release/boussole sql bench/bench.kpi.yaml --dialect duckdb --table events --by channel > "$WORK/scaleout.sql"
t() { /usr/bin/time -f "%e s, %M KB peak" "$@"; }

echo "boussole eval on the CSV:"
t target/release/boussole eval bench/bench.kpi.yaml --data "$DATA" --by channel --format json > "$WORK/scaleout-eval.json"
echo "boussole sql in DuckDB, on Parquet:"
{ echo "CREATE VIEW events AS SELECT * FROM read_parquet('$PARQUET');"; cat "$WORK/scaleout.sql"; } > "$WORK/scaleout-parquet.sql"
t duckdb -csv -c ".read $WORK/scaleout-parquet.sql" > "$WORK/scaleout-parquet.csv"
echo "boussole sql in DuckDB, on the CSV:"
{ echo "CREATE VIEW events AS SELECT * FROM read_csv('$DATA', $TYPES);"; cat "$WORK/scaleout.sql"; } > "$WORK/scaleout-csv.sql"
t duckdb -csv -c ".read $WORK/scaleout-csv.sql" > "$WORK/scaleout-csv.csv"

# Apache Spark in local mode on the same Parquet (pyspark from PyPI, a JDK 17+)
python3 -c 'import pyspark' 2>/dev/null || pip install --quiet pyspark==4.0.1
target/release/boussole sql bench/bench.kpi.yaml --dialect spark --table events --by channel > "$WORK/scaleout-spark.sql"
echo "boussole sql in Apache Spark local[2], on Parquet:"
t python3 bench/spark_sql.py "$PARQUET" "$WORK/scaleout-spark.sql" "$WORK/scaleout-spark.csv"

echo "agreement with eval:"
python3 bench/sql_compare.py "$WORK/scaleout-eval.json" "$WORK/scaleout-parquet.csv" channel
python3 bench/sql_compare.py "$WORK/scaleout-eval.json" "$WORK/scaleout-csv.csv" channel
python3 bench/sql_compare.py "$WORK/scaleout-eval.json" "$WORK/scaleout-spark.csv" channel
