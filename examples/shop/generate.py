"""Writes the exports of the shop example: one row per order line, as a shop
or the UCI Online Retail dataset writes them, and an NPS survey.

- orders.csv: InvoiceNo, StockCode, Description, Quantity, UnitPrice,
  CustomerID, InvoiceDate (`dd/mm/yyyy HH:MM`), Country. Cancellations are
  invoices `C…` with negative quantities; some lines have no customer id
  (guest checkouts); postage lines (`POST`) are left in, as shops export them.
- survey.csv: one row per answer to "how likely are you to recommend us",
  0 to 10.

Deterministic: `python3 generate.py` writes the same files again.
"""

import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
COUNTRIES = ["France", "Belgium", "Switzerland"]
PRODUCTS = [
    ("85123A", "WHITE HANGING HEART T-LIGHT HOLDER", "2.55"),
    ("71053", "WHITE METAL LANTERN", "3.39"),
    ("22633", "HAND WARMER UNION JACK", "1.85"),
    ("84879", "ASSORTED COLOUR BIRD ORNAMENT", "1.69"),
    ("22961", "JAM MAKING SET PRINTED", "1.45"),
    ("21754", "HOME BUILDING BLOCK WORD", "5.95"),
    ("POST", "POSTAGE", "18.00"),
]


def main():
    rng = random.Random(2026)
    customers = [str(12000 + i) for i in range(120)]
    lines = ["InvoiceNo,StockCode,Description,Quantity,UnitPrice,CustomerID,InvoiceDate,Country"]
    invoice = 560000
    for month in range(1, 7):
        # more orders as the months go by: the objective is to grow
        for _ in range(70 + 12 * month):
            invoice += 1
            day = rng.randint(1, 28)
            customer = rng.choice(customers) if rng.random() > 0.1 else ""
            country = COUNTRIES[int(customer or "0") % 3] if customer else rng.choice(COUNTRIES)
            cancelled = rng.random() < 0.05
            number = f"C{invoice}" if cancelled else str(invoice)
            at = f"{day:02d}/{month:02d}/2026 {rng.randint(8, 21):02d}:{rng.randint(0, 59):02d}"
            for _ in range(rng.randint(1, 5)):
                code, desc, price = rng.choice(PRODUCTS)
                qty = 1 if code == "POST" else rng.randint(1, 12)
                if cancelled:
                    qty = -qty
                lines.append(f"{number},{code},{desc},{qty},{price},{customer},{at},{country}")
    with open(os.path.join(HERE, "orders.csv"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    answers = ["Date,Score,Country"]
    for month in range(1, 7):
        for _ in range(40):
            # scores improve over the half-year
            score = min(10, max(0, round(rng.gauss(6.5 + month * 0.3, 2.2))))
            answers.append(f"2026-{month:02d}-{rng.randint(1, 28):02d},{score},{rng.choice(COUNTRIES)}")
    with open(os.path.join(HERE, "survey.csv"), "w", encoding="utf-8") as f:
        f.write("\n".join(answers) + "\n")


if __name__ == "__main__":
    main()
