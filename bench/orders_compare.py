"""Checks that boussole's, DuckDB's and polars' answers to the row-level
benchmark agree: the same (period, country) groups, the same revenue,
orders and customers exactly, the average basket to the last decimal
each tool prints (DuckDB's
quotient is a double: to 15 significant digits).

    python3 bench/orders_compare.py BOUSSOLE.csv DUCKDB.csv POLARS.csv
"""
import csv
import sys
from decimal import Decimal


def load(path):
    with open(path, newline="") as f:
        return {(r["period"], r["country"]): r for r in csv.DictReader(f)}


tables = [load(p) for p in sys.argv[1:]]
keys = set(tables[0])
for p, t in zip(sys.argv[1:], tables):
    assert set(t) == keys, f"{p}: other groups"
for k in keys:
    ref = tables[0][k]
    for p, t in zip(sys.argv[2:], tables[1:]):
        for col in ("revenue", "orders", "customers"):
            assert Decimal(t[k][col]) == Decimal(ref[col]), f"{p} {k} {col}: {t[k][col]} vs {ref[col]}"
        # to the decimals each tool prints (polars keeps the scale of its
        # decimal operands: 2)
        got = Decimal(t[k]["avg_basket"])
        ulp = Decimal(1).scaleb(got.as_tuple().exponent)
        # DuckDB divides in floating point: 16 significant digits
        tol = max(ulp, abs(got) * Decimal("1e-15"))
        assert abs(got - Decimal(ref["avg_basket"])) <= tol, f"{p} {k} avg_basket: {got} vs {ref['avg_basket']}"
print(f"the three agree on {len(keys)} groups")
