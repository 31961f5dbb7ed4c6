#!/usr/bin/env bash
# The row-level benchmark (issue 13): ROWS order lines (one row per line, as
# a shop exports them: ~ROWS/10 invoices, ~ROWS/100 customers, 30
# countries, cancellations, guest checkouts, `dd/mm/yyyy HH:MM` timestamps),
# revenue = Σ Quantity × UnitPrice without cancellations, orders and
# customers as distinct counts, the average basket, monthly × country —
# with boussole, DuckDB and polars, each writing a CSV. Checks that the
# three agree, then prints the median wall time and peak memory of RUNS runs.
#
#   bash bench/orders.sh [ROWS] [RUNS]      (default 10000000 rows, 3 runs)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
ROWS=${1:-10000000}
RUNS=${2:-3}
WORK=${BENCH_DIR:-target/bench}
mkdir -p "$WORK"
bench_setup 1000
cargo build --release --quiet --example bench-orders
DATA="$WORK/orders-$ROWS.csv"
[ -f "$DATA" ] || target/release/examples/bench-orders "$ROWS" > "$DATA"
cat > "$WORK/orders-duckdb.sql" <<SQL
COPY (
  WITH t AS (
    SELECT *, CAST(strptime(InvoiceDate, '%d/%m/%Y %H:%M') AS DATE) AS d
    FROM read_csv('$DATA', header = true, columns = {
      'InvoiceNo': 'VARCHAR', 'StockCode': 'VARCHAR', 'Quantity': 'BIGINT',
      'UnitPrice': 'DECIMAL(18,2)', 'CustomerID': 'VARCHAR',
      'InvoiceDate': 'VARCHAR', 'Country': 'VARCHAR'})
  )
  SELECT strftime(d, '%Y-%m') AS period, Country AS country,
    SUM(CASE WHEN NOT starts_with(InvoiceNo, 'C') AND Quantity > 0 THEN Quantity * UnitPrice END) AS revenue,
    COUNT(DISTINCT CASE WHEN NOT starts_with(InvoiceNo, 'C') THEN InvoiceNo END) AS orders,
    COUNT(DISTINCT CustomerID) AS customers,
    revenue / orders AS avg_basket
  FROM t GROUP BY ALL ORDER BY period, country
) TO '$WORK/orders-duckdb.csv' (FORMAT csv, HEADER);
SQL
declare -A CMD=(
  [boussole]="target/release/boussole eval bench/orders.kpi.yaml --data shop=$DATA --period monthly --by country --format csv"
  [duckdb]="duckdb -c \".read $WORK/orders-duckdb.sql\""
  [polars]="python3 bench/orders_polars.py $DATA $WORK/orders-polars.csv"
)
eval "${CMD[boussole]}" > "$WORK/orders-boussole.csv"
eval "${CMD[duckdb]}" > /dev/null
eval "${CMD[polars]}" > /dev/null
python3 bench/orders_compare.py "$WORK/orders-boussole.csv" "$WORK/orders-duckdb.csv" "$WORK/orders-polars.csv"
printf '\n%s order lines, monthly x country, %s runs each, %s cores\n\n' "$ROWS" "$RUNS" "$(nproc)"
time_tools "$WORK" "$RUNS" "-orders"
