#!/usr/bin/env python3
"""Writes daily.csv: two years (2025-2026) of daily rows for two markets whose
monthly totals reproduce the guide's worked examples exactly:
CPC 0.25 €, CAC 50 €, CTR 3 %, open rate 25 %, click-to-open 16 %,
engagement 4 % (800 / 20,000), conversion 5 %, cart abandonment 37.5 %,
average basket 50 €. In 2026 every flow grows by 2 % a month over the same
month of 2025 (month i: x (1 + 0.02 i)), so the 15 % growth target is missed
until August and met from then on. Deterministic: no randomness."""
import calendar, csv, datetime, sys

FLOWS = {  # monthly totals of a 2025 month (scaled in 2026)
    "impressions": 40000, "clicks": 1200, "ad_spend": 300,
    "acquisition_cost": 10000, "new_customers": 200, "sessions": 20000,
    "orders": 1000, "revenue": 50000, "carts_created": 1600,
    "emails_delivered": 10000, "emails_opened": 2500, "email_clicks": 400,
    "social_impressions": 20000, "social_interactions": 800, "social_shares": 200,
    "repeat_orders": 300, "gross_margin": 20000,
}
SURVEYS = {  # monthly totals, not scaled
    "ad_recall_yes": 120, "ad_recall_surveyed": 400, "churned_customers": 250,
    "promoters": 60, "detractors": 20, "nps_respondents": 100,
}
MARKETS = ["fr", "be"]
COLUMNS = (["date", "market", "reach"] + list(FLOWS) + ["active_customers"] + list(SURVEYS))

def split(total, n, salt):
    """Splits an integer total into n uneven integer parts that add up exactly."""
    weights = [1 + ((i * 7 + salt * 3) % 5) for i in range(n)]
    w = sum(weights)
    parts = [total * x // w for x in weights]
    for i in range(total - sum(parts)):
        parts[i % n] += 1
    return parts

def main(out):
    w = csv.writer(out, lineterminator="\n")
    w.writerow(COLUMNS)
    for year in (2025, 2026):
        for month in range(1, 13):
            days = calendar.monthrange(year, month)[1]
            cells = days * len(MARKETS)
            num, den = (50 + month, 50) if year == 2026 else (1, 1)
            cols = {}
            for salt, (name, base) in enumerate(FLOWS.items()):
                cols[name] = split(base * num // den, cells, salt + month)
            for salt, (name, base) in enumerate(SURVEYS.items()):
                cols[name] = split(base, cells, salt + 2 * month)
            for d in range(days):
                date = datetime.date(year, month, d + 1)
                for m, market in enumerate(MARKETS):
                    k = d * len(MARKETS) + m
                    # the month's largest daily reach is 20,000 (first day, fr)
                    reach = 20000 if k == 0 else 12000 + (k * 397) % 7000
                    # the customer base on the last day adds up to 5,000
                    last = d == days - 1
                    active = (3000 if m == 0 else 2000) if last else 4700 + (k * 31) % 400
                    row = [date.isoformat(), market, reach]
                    row += [cols[c][k] for c in FLOWS]
                    row += [active]
                    row += [cols[c][k] for c in SURVEYS]
                    w.writerow(row)

if __name__ == "__main__":
    main(sys.stdout)
