#!/usr/bin/env bash
# The done-when trial of issue 20, as near as it can be offline: an
# ad-level daily export the way Meta Ads Manager (French UI) writes it —
# `;`, day-first dates, decimal commas, a space between thousands — with
# 1,000,000 ads live 10 days each (10M rows, 850 MB), a spec a new user
# would write for it (ads.kpi.yaml), `eval --by ad --period monthly` against
# the same KPIs hand-written for DuckDB, then under a 256 MiB limit.
#
#   bash bench/ads/trial.sh [RUNS]
#
# The file is generated once under target/bench/ads (3.5 minutes).
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-3}
WORK=target/bench/ads
mkdir -p "$WORK/tmp"
cargo build --release -q
[ -f "$WORK/meta-ads.csv" ] || python3 bench/ads/generate.py > "$WORK/meta-ads.csv"
cp bench/ads/ads.kpi.yaml "$WORK/"
sed -e "s|__DATA__|$WORK/meta-ads.csv|" -e "s|__OUT__|$WORK/duckdb.csv|" bench/ads/duckdb.sql > "$WORK/duckdb-run.sql"
for i in $(seq "$RUNS"); do
  /usr/bin/time -f "boussole %e s %M KB" target/release/boussole eval "$WORK/ads.kpi.yaml" --by ad --period monthly --format csv > "$WORK/boussole.csv" 2> "$WORK/boussole.err" || true
  tail -n 1 "$WORK/boussole.err"
  /usr/bin/time -f "duckdb %e s %M KB" duckdb -c ".read $WORK/duckdb-run.sql" 2>&1 | tail -n 1
done
python3 bench/ads/compare.py "$WORK/boussole.csv" "$WORK/duckdb.csv"
/usr/bin/time -f "boussole --memory-limit 256MiB %e s %M KB" target/release/boussole eval "$WORK/ads.kpi.yaml" --by ad --period monthly --format csv --memory-limit 256MiB --temp-dir "$WORK/tmp" > "$WORK/boussole-256.csv" 2> "$WORK/boussole-256.err" || true
tail -n 1 "$WORK/boussole-256.err"
cmp "$WORK/boussole-256.csv" "$WORK/boussole.csv" && echo "the same CSV under 256 MiB"
