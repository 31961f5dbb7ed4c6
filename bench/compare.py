"""Checks that the tools agree: boussole's JSON (or CSV) against DuckDB's and
polars' CSV. Sums must be equal; ratios equal to 1e-9 relative (DuckDB and
polars divide in binary floating point, boussole in exact decimals).
Usage: python3 compare.py boussole.json|boussole.csv other.csv [other.csv ...]

With boussole's CSV (`eval --format csv`), the files are compared line by
line as they are read (all three are sorted by period, then channel), so
millions of groups need no memory."""
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

def same_value(name, a, b):
    if a is None or b is None:
        return a is None and b is None
    if name in SUMS:
        return a == b
    return abs(a - b) <= abs(a) * Decimal("1e-9")

def cell(row, k):
    return None if row[k] in ("", "NULL") else Decimal(row[k])

def stream(ref_path, paths):
    ok = True
    for path in paths:
        mine, other = csv.DictReader(open(ref_path)), csv.DictReader(open(path))
        groups = bad = 0
        for a, b in zip(mine, other, strict=False):
            groups += 1
            if (a["period"], a["channel"]) != (b["period"], b["channel"]):
                print(f"{path}: group {groups}: {a['period']} {a['channel']} vs {b['period']} {b['channel']}")
                bad += 1
                break
            for name in NAMES:
                if not same_value(name, cell(a, name), cell(b, name)):
                    bad += 1
                    if bad <= 5:
                        print(f"{path}: {a['period']} {a['channel']} {name}: boussole {a[name]} vs {b[name]}")
        rest = sum(1 for _ in mine) + sum(1 for _ in other)
        if rest:
            print(f"{path}: {rest} rows more in one of the files"); bad += 1
        print(f"{path}: {groups} groups x {len(NAMES)} values, {bad} disagreements")
        ok = ok and bad == 0
    sys.exit(0 if ok else 1)

def main():
    if sys.argv[1].endswith(".csv"):
        stream(sys.argv[1], sys.argv[2:])
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
