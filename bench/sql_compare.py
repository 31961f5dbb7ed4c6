"""Checks `boussole sql` run in an engine against `boussole eval`: every
input and metric of every (period, dimensions) row. Both sides are correctly
rounded from the same exact value, eval to 28 significant digits (its last
digit may be one unit off), the engine to the decimals it prints: they must
agree to the engine's last digit.
Usage: python3 sql_compare.py eval.json engine.csv DIM [DIM ...]"""
import csv, json, sys
from decimal import Decimal, getcontext

getcontext().prec = 60

def scale(text):
    return len(text.split(".")[1]) if "." in text else 0

def agree(exact, engine):
    e, q = Decimal(exact), Decimal(engine)
    tol = Decimal(5) / Decimal(10) ** (scale(engine) + 1)
    digits = len(exact.lstrip("-").replace(".", "").lstrip("0"))
    if digits >= 28:
        tol += Decimal(1) / Decimal(10) ** scale(exact)
    return abs(e - q) <= tol

def main():
    doc = json.load(open(sys.argv[1]), parse_float=str, parse_int=str)
    dims = sys.argv[3:]
    ref = {(r["period"], *[r["dimensions"][d] for d in dims]): r["values"] for r in doc["results"]}
    got = {}
    for row in csv.DictReader(open(sys.argv[2])):
        got[(row["period"], *[row[d] for d in dims])] = row
    if set(ref) != set(got):
        print(f"rows differ: eval {len(ref)}, engine {len(got)}")
        sys.exit(1)
    compared = bad = 0
    for key, values in ref.items():
        for name, v in values.items():
            q = got[key][name]
            q = None if q in ("", "NULL") else q
            ok = (v is None and q is None) or (v is not None and q is not None and agree(str(v), q))
            compared += 1
            if not ok:
                bad += 1
                if bad <= 5:
                    print(f"{key} {name}: eval {v}, engine {q}")
    print(f"{len(ref)} rows, {compared} values compared, {bad} differ")
    sys.exit(1 if bad else 0)

main()
