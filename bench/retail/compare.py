"""Checks that the retail trial's answers agree, (month, country) group by
group: the same groups; revenue, orders, customers and repeat customers
exactly; the average basket and the repurchase rate to 14 significant
digits (DuckDB divides decimals in floating point), empty where a divisor
is zero.

    python3 bench/retail/compare.py EVAL.csv OTHER.csv...
"""
import csv
import sys
from decimal import Decimal


def load(path):
    with open(path, newline="") as f:
        return {(r["period"], r["country"]): r for r in csv.DictReader(f)}


ref = load(sys.argv[1])
for path in sys.argv[2:]:
    other = load(path)
    assert set(other) == set(ref), f"{path}: other groups: {set(other) ^ set(ref)}"
    for k, r in ref.items():
        o = other[k]
        for col in ("revenue", "orders", "customers", "repeat_customers"):
            a, b = Decimal(r[col] or 0), Decimal(o[col] or 0)
            assert a == b, f"{path} {k} {col}: {b} vs {a}"
        for col in ("avg_basket", "repurchase_rate"):
            if r[col] == "" or o[col] == "":
                assert r[col] == o[col], f"{path} {k} {col}: {o[col]!r} vs {r[col]!r}"
                continue
            a, b = Decimal(r[col]), Decimal(o[col])
            assert abs(a - b) <= abs(a) * Decimal("1e-14") + Decimal("1e-14"), f"{path} {k} {col}: {b} vs {a}"
    print(f"{path}: the same {len(ref)} (month, country) groups and values as eval")
