"""Writes the French starter project (`boussole init --lang fr`) from the
English one: the same specs, data and tests, comments and descriptions in
French. Rerun after changing the catalog or the example objectives:

    python3 starter/translate.py [OUT]     (default: starter/fr)

tests/i18n.rs checks that both starters define the same KPIs and objectives
and that every line was translated (an English line left is an error here).
"""
import pathlib, sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
FILES = {
    "specs/marketing.kpi.yaml": "specs/marketing.kpi.yaml",
    "specs/marketing.kpi-test.yaml": "specs/marketing.kpi-test.yaml",
    "examples/ecommerce/objectives.kpi.yaml": "objectives.kpi.yaml",
    "examples/ecommerce/objectives.kpi-test.yaml": "objectives.kpi-test.yaml",
}
# English text (a whole comment, or a description's value) → French
T = {
    "# The marketing KPI catalog: the 16 KPIs of the guide (« Les KPI »), with the":
        "# Le catalogue des KPI marketing : les 16 KPI du guide (« Les KPI »), avec les",
    "# inputs they are computed from. French names are in the descriptions.":
        "# données dont ils sont calculés. Les noms français sont dans les `label`.",
    "# Every input is a column of the data export; every metric is computed from":
        "# Chaque donnée (input) est une colonne de l'export ; chaque métrique est calculée",
    "# the inputs aggregated over the period (a ratio of sums, never an average of":
        "# à partir des données agrégées sur la période (un ratio de sommes, jamais une",
    "# daily ratios).": "# moyenne de ratios quotidiens).",
    "# Awareness": "# Notoriété",
    "# Traffic and acquisition": "# Trafic et acquisition",
    "# Social": "# Réseaux sociaux",
    "# Email": "# Emailing",
    "# Shop": "# Boutique",
    "# Satisfaction": "# Satisfaction",
    "# people reached do not add up across days": "# les personnes atteintes ne s'additionnent pas d'un jour à l'autre",
    "# a stock, not a flow: the customer base at the end of the period":
        "# un stock, pas un flux : la base clients à la fin de la période",
    '"Nombre d\'impressions: times an ad or post was shown"':
        "\"Nombre d'impressions : fois où une annonce ou un post a été affiché\"",
    "Portée (reach): distinct people reached, as exported per day. Daily":
        "Portée : personnes distinctes atteintes, telle qu'exportée par jour. Les",
    "audiences overlap, so a period's reach is the largest daily reach: a":
        "audiences quotidiennes se recoupent : la portée d'une période est la plus grande",
    "lower bound of the true figure, which only the ad platform can count.":
        "portée quotidienne, un minorant du vrai chiffre, que seule la régie peut compter.",
    "Brand-lift survey respondents who remembered the ad": "Répondants à l'étude d'impact qui se souviennent de l'annonce",
    "Brand-lift survey respondents asked": "Répondants interrogés par l'étude d'impact",
    "Trafic du site web (visits, Google Analytics sessions)": "Trafic du site web (visites, sessions Google Analytics)",
    "Clicks on ads": "Clics sur les annonces",
    "Paid media spend (the cost of the clicks)": "Dépenses média payantes (le coût des clics)",
    "All acquisition costs (media, tools, team) attributed to winning customers":
        "Tous les coûts d'acquisition (média, outils, équipe) attribués au gain de clients",
    "Customers who bought for the first time": "Clients ayant acheté pour la première fois",
    "Impressions of social posts (Meta Business Suite, LinkedIn Analytics)":
        "Impressions des posts sur les réseaux sociaux (Meta Business Suite, LinkedIn Analytics)",
    "Likes, comments, shares, saves and clicks on social posts":
        "J'aime, commentaires, partages, enregistrements et clics sur les posts",
    "Shares of social posts": "Partages des posts",
    "Emails delivered (Mailchimp, Brevo)": "Emails délivrés (Mailchimp, Brevo)",
    "Emails opened (unique opens)": "Emails ouverts (ouvertures uniques)",
    "Emails clicked (unique clicks)": "Emails cliqués (clics uniques)",
    "Shopping carts created": "Paniers créés",
    "Orders (validated carts)": "Commandes (paniers validés)",
    "Orders placed by customers who had bought before": "Commandes passées par des clients ayant déjà acheté",
    "Chiffre d'affaires (sales revenue, taxes excluded)": "Chiffre d'affaires (ventes, hors taxes)",
    "Revenue minus the cost of the goods sold": "Chiffre d'affaires moins le coût des produits vendus",
    "Customers in the customer base (CRM), as of each day": "Clients de la base (CRM), chaque jour",
    "Customers lost (no purchase or cancelled) during the period": "Clients perdus (sans achat ou résiliés) sur la période",
    "NPS respondents scoring 9 or 10": "Répondants NPS notant 9 ou 10",
    "NPS respondents scoring 0 to 6": "Répondants NPS notant de 0 à 6",
    "NPS survey respondents": "Répondants à l'enquête NPS",
    "Taux de mémorisation publicitaire (ad recall), from a brand-lift survey":
        "Taux de mémorisation publicitaire, d'après une étude d'impact",
    "Coût par clic (CPC); 500 € for 2,000 clicks is 0.25 €": "Coût par clic (CPC) ; 500 € pour 2 000 clics font 0,25 €",
    "Coût d'acquisition client (CAC); 10,000 € for 200 new customers is 50 €":
        "Coût d'acquisition client (CAC) ; 10 000 € pour 200 nouveaux clients font 50 €",
    "Taux d'engagement sur les réseaux sociaux (interactions / impressions)":
        "Taux d'engagement sur les réseaux sociaux (interactions / impressions)",
    "Taux d'amplification sur les réseaux sociaux (shares / impressions)":
        "Taux d'amplification sur les réseaux sociaux (partages / impressions)",
    "Taux de clics (CTR); 1,200 clicks for 40,000 impressions is 3 %":
        "Taux de clics (CTR) ; 1 200 clics pour 40 000 impressions font 3 %",
    "Taux d'ouverture des emails; 2,500 opened of 10,000 delivered is 25 %":
        "Taux d'ouverture des emails ; 2 500 ouverts sur 10 000 délivrés font 25 %",
    "Taux de réactivité (clicks per opened email); 400 / 2,500 is 16 %":
        "Taux de réactivité (clics par email ouvert) ; 400 / 2 500 font 16 %",
    "Taux de conversion (visitor → customer); 150 orders for 3,000 visits is 5 %":
        "Taux de conversion (visiteur → client) ; 150 commandes pour 3 000 visites font 5 %",
    "Panier moyen; 50,000 € for 1,000 orders is 50 €": "Panier moyen ; 50 000 € pour 1 000 commandes font 50 €",
    "Taux d'abandon de panier; 400 carts, 250 validated is 37.5 %":
        "Taux d'abandon de panier ; 400 paniers, 250 validés font 37,5 %",
    "Taux de réachat, measured on orders: the share of orders placed by":
        "Taux de réachat, mesuré sur les commandes : la part des commandes passées",
    "returning customers. The customer-level rate needs distinct customer":
        "par des clients revenus. Le taux par client demande de compter des clients",
    "counts, which daily rows cannot add up.": "distincts, que des lignes quotidiennes ne peuvent pas additionner.",
    "Share of the customer base lost in the period": "Part de la base clients perdue sur la période",
    "Customer Lifetime Value: the gross margin per customer in a period,":
        "Valeur vie client : la marge brute par client sur une période,",
    "divided by the churn rate of that period (expected lifetime in periods)":
        "divisée par le taux d'attrition de cette période (durée de vie attendue en périodes)",
    "Net Promoter Score, from -100 to 100 (% promoters − % detractors)":
        "Net Promoter Score, de -100 à 100 (% de promoteurs − % de détracteurs)",
    # the objectives
    "Grow the online shop's sales": "Faire croître les ventes de la boutique en ligne",
    "Keep the customers we win": "Garder les clients que nous gagnons",
    "owner: e-commerce team": "owner: équipe e-commerce",
    "owner: CRM team": "owner: équipe CRM",
    "# The guide's worked example: « Augmenter les ventes en ligne de 15 % en 12 mois ».":
        "# L'exemple du guide : « Augmenter les ventes en ligne de 15 % en 12 mois ».",
    "# Evaluate with:": "# À évaluer avec :",
    "#   boussole eval specs examples/ecommerce --data examples/ecommerce/daily.csv":
        "#   boussole eval . --data data/daily.csv",
    "Increase online sales by 15% within 12 months": "Augmenter les ventes en ligne de 15 % en 12 mois",
    "# each target says what its owner does when it is missed (the guide:":
        "# chaque cible dit ce que fait son responsable quand elle est manquée (le guide :",
    "# tie every KPI to a concrete action)": "# associer chaque KPI à une action concrète)",
    "# revenue vs the same month a year before": "# le chiffre d'affaires face au même mois un an plus tôt",
    "Review the month's campaigns with the marketing lead and move budget to the best-converting channel":
        "Revoir les campagnes du mois avec le responsable marketing et déplacer le budget vers le canal qui convertit le mieux",
    "Test a shorter checkout on the three most visited product pages":
        "Tester un tunnel d'achat plus court sur les trois fiches produit les plus visitées",
    "Pause the campaigns whose cost per new customer is above 50 € and move their budget to search":
        "Suspendre les campagnes dont le coût par nouveau client dépasse 50 € et basculer leur budget sur le search",
    "Offer free delivery above 60 € for the next month": "Offrir la livraison au-delà de 60 € le mois suivant",
    "Keep the newsletter's open rate at 25% and its click-to-open rate above 15% every quarter of 2026":
        "Garder le taux d'ouverture de la newsletter à 25 % et son taux de réactivité au-dessus de 15 % chaque trimestre de 2026",
    "Clean the list of addresses inactive for six months and test two subject lines":
        "Nettoyer la liste des adresses inactives depuis six mois et tester deux objets",
    "Put one call to action above the fold and cut the newsletter to three stories":
        "Placer un appel à l'action en haut de l'email et réduire la newsletter à trois sujets",
    "# Tests of the guide's objective (boussole test specs examples):":
        "# Tests de l'objectif du guide (boussole test .) :",
    "# « Augmenter les ventes en ligne de 15 % en 12 mois ».": "# « Augmenter les ventes en ligne de 15 % en 12 mois ».",
    "# Tests of the KPI catalog (boussole test specs): the guide's worked examples,":
        "# Tests du catalogue de KPI (boussole test specs) : les exemples chiffrés du guide,",
    "# with their figures spread over several days and channels, so that each KPI":
        "# leurs chiffres répartis sur plusieurs jours et canaux, pour que chaque KPI",
    "# is checked as a ratio of sums.": "# soit vérifié comme un ratio de sommes.",
    "# CTR: 1,200 clicks for 40,000 impressions is 3 %": "# CTR : 1 200 clics pour 40 000 impressions font 3 %",
    "# CPC: 500 € for 2,000 clicks is 0.25 € (a second campaign)": "# CPC : 500 € pour 2 000 clics font 0,25 € (une seconde campagne)",
    "# CAC: 10,000 € for 200 new customers is 50 €": "# CAC : 10 000 € pour 200 nouveaux clients font 50 €",
    "# open rate 2,500 of 10,000 is 25 %; click-to-open 400 / 2,500 is 16 %":
        "# ouverture : 2 500 sur 10 000 font 25 % ; réactivité : 400 / 2 500 font 16 %",
    "# conversion: 150 orders for 3,000 visits is 5 %; a 50 € basket":
        "# conversion : 150 commandes pour 3 000 visites font 5 % ; un panier de 50 €",
    "# 400 carts, 250 validated is 37.5 %": "# 400 paniers, 250 validés font 37,5 %",
}

def translate(text):
    out = []
    left = []
    src_section = None
    for n, line in enumerate(text.split("\n"), 1):
        if line and not line.startswith((" ", "#")):
            src_section = line.split(":")[0]
        stripped = line.strip()
        done = line
        for en, fr in T.items():
            if en in line:
                done = line.replace(en, fr)
                break
        else:
            # a comment or a description on its own line that is not translated
            value = stripped.split("description:", 1)[-1].strip() if "description:" in stripped else None
            prose = any(stripped.startswith(k) for k in ("owner:", "action:")) or (
                line.startswith("  ") and not line.startswith("   ") and ": " in stripped
                and src_section == "strategy")
            if stripped.startswith("#") or (value not in (None, "", ">-")) or prose:
                left.append(f"{n}: {line}")
        out.append(done)
    return "\n".join(out), left

missing = []
for src, dst in FILES.items():
    text, left = translate((ROOT / src).read_text())
    missing += [f"{src}:{l}" for l in left]
    out = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "starter" / "fr"
    path = out / dst
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
if missing:
    sys.exit("untranslated:\n" + "\n".join(missing))
