"""Writes the exports of the sources example, as the tools write them.

A French team's first half of 2026, three tools, two campaigns:
- Meta Ads, French UI, re-saved by Excel: Windows-1252, `;`, decimal commas,
  `1 234,50 €` with a no-break space, day-first dates; one file per month;
- GA4: a `#` preamble, `20260301` dates, plain numbers;
- Brevo (emailing): `;`, day-first dates, one row per campaign send.

The numbers are chosen so that every month's ratios are round: CPC 0.40 €,
conversion 2 %, CAC 4 €, open rate 25 % — but in May, when one session in
60 converts instead of 50 and the conversion target is missed. Run `python3 generate.py` to write
them again (deterministic).
"""

import calendar
import os

HERE = os.path.dirname(os.path.abspath(__file__))
CAMPAIGNS = ["Printemps", "Soldes d'été"]
MONTHS = range(1, 7)


def fr_amount(cents):
    """`1 234,50 €`, a no-break space between thousands."""
    euros, rest = divmod(cents, 100)
    grouped = f"{euros:,}".replace(",", "\u00a0")
    return f"{grouped},{rest:02d} €"


def write(path, text, encoding="utf-8"):
    full = os.path.join(HERE, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        f.write(text.encode(encoding))


for month in MONTHS:
    days = calendar.monthrange(2026, month)[1]
    lines = ["Jour;Nom de la campagne;Montant dépensé (EUR);Clics sur le lien;Impressions"]
    for day in range(1, days + 1):
        for k, campaign in enumerate(CAMPAIGNS):
            # each campaign spends 40 € a day on even days and 20 € on odd
            # ones, at 0.40 € a click; the month's totals stay round
            spend = 4000 if day % 2 == 0 else 2000
            clicks = spend // 40
            impressions = clicks * 40 + k * 1000
            shown = f"{impressions:,}".replace(",", "\u00a0")
            lines.append(f"{day:02d}/{month:02d}/2026;{campaign};{fr_amount(spend)};{clicks};{shown}")
    write(f"exports/meta/meta-2026-{month:02d}.csv", "\r\n".join(lines) + "\r\n", "cp1252")

ga4 = [
    "# ----------------------------------------",
    "# Acquisition de trafic : Campagne de session",
    "# Compte : Boutique, Propriété : boutique.fr",
    "# 20260101-20260630",
    "# ----------------------------------------",
    "Date,Session campaign,Sessions,Key events",
]
for month in MONTHS:
    days = calendar.monthrange(2026, month)[1]
    for day in range(1, days + 1):
        for campaign in CAMPAIGNS:
            sessions = 500 if day % 2 == 0 else 250
            # May converts less: one session in 60 instead of 50
            events = sessions // (60 if month == 5 else 50)
            ga4.append(f"2026{month:02d}{day:02d},{campaign},{sessions},{events}")
write("exports/ga4.csv", "\n".join(ga4) + "\n")

brevo = ["Date d'envoi;Campagne;Délivrés;Ouvertures uniques"]
for month in MONTHS:
    for k, campaign in enumerate(CAMPAIGNS):
        delivered = 4000 * (k + 1)
        brevo.append(f"{5 + 10 * k:02d}/{month:02d}/2026;{campaign};{delivered};{delivered // 4}")
write("exports/brevo.csv", "\n".join(brevo) + "\n")
