# An ad-level daily export as Meta Ads Manager (French UI) writes it:
# `;`-separated, day-first dates, decimal commas, a space between thousands.
# 1,000,000 ads in 2,000 campaigns, each ad live 10 days in a quarter.
import random, datetime, sys
rows_per_ad, ads = 10, 1_000_000
random.seed(7)
start = datetime.date(2026, 7, 1)
days = [(start + datetime.timedelta(d)).strftime("%d/%m/%Y") for d in range(92)]
def fr(x, dp):
    s = f"{x:,.{dp}f}" if dp else f"{x:,}"
    return s.replace(",", " ").replace(".", ",")
out = sys.stdout
out.write("Jour;Nom de la campagne;Nom de l'ensemble de publicités;Nom de la publicité;Montant dépensé (EUR);Impressions;Clics sur le lien;Achats;Valeur de conversion des achats\n")
# each ad starts on some day and runs 10 days: rows written day by day
by_day = [[] for _ in days]
for a in range(ads):
    first = random.randrange(0, 92 - rows_per_ad)
    for d in range(first, first + rows_per_ad):
        by_day[d].append(a)
for d, todays in enumerate(by_day):
    day = days[d]
    for a in todays:
        imp = random.randrange(0, 5000)
        clicks = random.randrange(0, imp // 50 + 1)
        spend = imp * random.randrange(1, 12) / 1000
        buys = random.randrange(0, clicks // 10 + 1)
        value = buys * random.randrange(15, 120)
        out.write(f"{day};Campagne {a % 2000};Ensemble {a % 20000};Pub {a:07d} – visuel {a % 7};{fr(spend, 2)};{fr(imp, 0)};{clicks};{buys};{fr(value, 2)}\n")
