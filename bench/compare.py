"""Checks that the tools agree: boussole's JSON against DuckDB's and polars'
CSV. Sums must be equal; ratios equal to 1e-9 relative (DuckDB and polars
divide in binary floating point, boussole in exact decimals).
Usage: python3 compare.py boussole.json other.csv [other.csv ...]"""
import csv, json, sys
from decimal import Decimal

NAMES = ["impressions", "clicks", "spend", "sessions", "orders", "revenue", "carts",
         "new_customers", "emails_sent", "emails_opened", "social_impressions",
         "social_interactions", "ctr", "cpc", "cac", "conversion", "avg_basket",
         "cart_abandonment", "open_rate", "engagement_rate", "roas"]
SUMS = set(NAMES[:12])

def load_boussole(path):
    doc = json.load(open(path), parse_float=Decimal, parse_int=Decimal)
    return {(r["period"], r["dimensions"]["channel"]): r["values"] for r in doc["results"]}

def load_csv(path):
    out = {}
    for row in csv.DictReader(open(path)):
        out[(row["period"], row["channel"])] = {
            k: (None if row[k] in ("", "NULL") else Decimal(row[k])) for k in NAMES}
    return out

def main():
    ref = load_boussole(sys.argv[1])
    ok = True
    for path in sys.argv[2:]:
        other = load_csv(path)
        if set(other) != set(ref):
            print(f"{path}: groups differ ({len(other)} vs {len(ref)})"); ok = False; continue
        bad = 0
        for key, values in ref.items():
            for name in NAMES:
                a, b = values[name], other[key][name]
                if a is None or b is None:
                    same = a is None and b is None
                elif name in SUMS:
                    same = a == b
                else:
                    same = abs(a - b) <= abs(a) * Decimal("1e-9")
                if not same:
                    bad += 1
                    if bad <= 5:
                        print(f"{path}: {key} {name}: boussole {a} vs {b}")
        print(f"{path}: {len(ref)} groups x {len(NAMES)} values, {bad} disagreements")
        ok = ok and bad == 0
    sys.exit(0 if ok else 1)

main()
