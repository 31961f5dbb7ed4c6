# Usage: python3 compare.py boussole.csv duckdb.csv — sums equal, ratios to 1e-9 relative
# (DuckDB divides in binary floating point).
import csv, sys
from decimal import Decimal
NAMES = ["spend", "impressions", "clicks", "purchases", "revenue", "ctr", "cpc", "cpa", "conversion", "roas"]
SUMS = set(NAMES[:5])
a, b = csv.DictReader(open(sys.argv[1])), csv.DictReader(open(sys.argv[2]))
n = bad = 0
for ra, rb in zip(a, b, strict=True):
    assert (ra["period"], ra["ad"]) == (rb["period"], rb["ad"]), (ra, rb)
    n += 1
    for k in NAMES:
        x = None if ra[k] == "" else Decimal(ra[k])
        y = None if rb[k] in ("", "NULL") else Decimal(rb[k])
        if x is None or y is None:
            ok = x is y
        elif k in SUMS:
            ok = x == y
        else:
            ok = abs(x - y) <= abs(y) * Decimal("1e-9") + Decimal("1e-12")
        if not ok:
            bad += 1
            if bad < 5: print("differs", ra["period"], ra["ad"], k, x, y)
print(f"{n} groups x {len(NAMES)} values, {bad} disagreements")
