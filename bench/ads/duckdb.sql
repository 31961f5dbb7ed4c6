-- the same KPIs by ad and month, as a DuckDB user writes them for this file
COPY (
  WITH raw AS (
    SELECT strptime("Jour", '%d/%m/%Y') AS day, "Nom de la publicité" AS ad,
      CAST(replace(replace("Montant dépensé (EUR)", ' ', ''), ',', '.') AS DECIMAL(18,2)) AS spend,
      CAST(replace("Impressions", ' ', '') AS BIGINT) AS impressions,
      CAST("Clics sur le lien" AS BIGINT) AS clicks,
      CAST("Achats" AS BIGINT) AS purchases,
      CAST(replace(replace("Valeur de conversion des achats", ' ', ''), ',', '.') AS DECIMAL(18,2)) AS revenue
    FROM read_csv('__DATA__', delim=';', header=true, all_varchar=true)
  )
  SELECT strftime(day, '%Y-%m') AS period, ad,
    sum(impressions) AS impressions, sum(clicks) AS clicks, sum(spend) AS spend,
    sum(purchases) AS purchases, sum(revenue) AS revenue,
    sum(clicks) / nullif(sum(impressions), 0) AS ctr,
    sum(spend) / nullif(sum(clicks), 0) AS cpc,
    sum(spend) / nullif(sum(purchases), 0) AS cpa,
    sum(purchases) / nullif(sum(clicks), 0) AS conversion,
    sum(revenue) / nullif(sum(spend), 0) AS roas
  FROM raw GROUP BY ALL ORDER BY period, ad
) TO '__OUT__' (HEADER);
