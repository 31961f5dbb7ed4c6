-- The benchmark's KPIs in DuckDB SQL: monthly × channel, DECIMAL sums,
-- NULL on zero divisors. The data path is substituted by bench/run.sh.
COPY (
  WITH t AS (
    SELECT * FROM read_csv('__DATA__', header = true, columns = {
      'date': 'DATE', 'channel': 'VARCHAR', 'campaign': 'VARCHAR',
      'impressions': 'BIGINT', 'clicks': 'BIGINT', 'spend': 'DECIMAL(18,2)',
      'sessions': 'BIGINT', 'orders': 'BIGINT', 'revenue': 'DECIMAL(18,2)',
      'carts': 'BIGINT', 'new_customers': 'BIGINT', 'emails_sent': 'BIGINT',
      'emails_opened': 'BIGINT', 'social_impressions': 'BIGINT',
      'social_interactions': 'BIGINT'})
  ), s AS (
    SELECT strftime(date, '%Y-%m') AS period, channel,
      sum(impressions) AS impressions, sum(clicks) AS clicks, sum(spend) AS spend,
      sum(sessions) AS sessions, sum(orders) AS orders, sum(revenue) AS revenue,
      sum(carts) AS carts, sum(new_customers) AS new_customers,
      sum(emails_sent) AS emails_sent, sum(emails_opened) AS emails_opened,
      sum(social_impressions) AS social_impressions,
      sum(social_interactions) AS social_interactions
    FROM t GROUP BY ALL
  )
  SELECT *,
    clicks / nullif(impressions, 0) AS ctr,
    spend / nullif(clicks, 0) AS cpc,
    spend / nullif(new_customers, 0) AS cac,
    orders / nullif(sessions, 0) AS conversion,
    revenue / nullif(orders, 0) AS avg_basket,
    (carts - orders) / nullif(carts, 0) AS cart_abandonment,
    emails_opened / nullif(emails_sent, 0) AS open_rate,
    social_interactions / nullif(social_impressions, 0) AS engagement_rate,
    revenue / nullif(spend, 0) AS roas
  FROM s ORDER BY period, channel
) TO '__OUT__' (FORMAT csv, HEADER);
