-- The retail trial's KPIs written by hand for DuckDB (bench/retail/trial.sh
-- fills in @CSV@ and @OUT@): every cell read as text, quantities and prices
-- cast to exact decimals, as boussole reads them.
COPY (
  WITH r AS (
    SELECT strftime(strptime(InvoiceDate, '%m/%d/%Y %H:%M'), '%Y-%m') AS period,
      Country AS country, InvoiceNo, NULLIF(trim(CustomerID), '') AS customer,
      CAST(Quantity AS DECIMAL(18, 0)) AS q, CAST(UnitPrice AS DECIMAL(18, 4)) AS p,
      NOT starts_with(InvoiceNo, 'C') AS kept
    FROM read_csv('@CSV@', all_varchar = true, header = true)
  ),
  base AS (
    SELECT period, country,
      SUM(CASE WHEN kept AND q > 0 THEN q * p END) AS revenue,
      COUNT(DISTINCT CASE WHEN kept THEN InvoiceNo END) AS orders,
      COUNT(DISTINCT CASE WHEN kept THEN customer END) AS customers
    FROM r GROUP BY ALL
  ),
  repeaters AS (
    SELECT period, country, COUNT(*) AS repeat_customers FROM (
      SELECT period, country, customer FROM r
      WHERE kept AND customer IS NOT NULL
      GROUP BY ALL HAVING COUNT(DISTINCT InvoiceNo) >= 2
    ) GROUP BY ALL
  )
  SELECT period, country, revenue, orders, customers,
    COALESCE(repeat_customers, 0) AS repeat_customers,
    revenue / NULLIF(orders, 0) AS avg_basket,
    COALESCE(repeat_customers, 0) / NULLIF(customers, 0) AS repurchase_rate
  FROM base LEFT JOIN repeaters USING (period, country)
  ORDER BY period, country
) TO '@OUT@' (FORMAT csv, HEADER);
