"""The benchmark's KPIs with polars: lazy scan, exact Decimal sums, NULL on
zero divisors. Usage: python3 polars_kpis.py DATA OUT.csv [fr|parquet|xlsx]
(`fr`: the French export of the same data, `;`, decimal commas, dd/mm/yyyy;
`parquet`, `xlsx`: the same rows as a Parquet file or an Excel workbook)."""
import sys
import polars as pl

data, out = sys.argv[1], sys.argv[2]
mode = sys.argv[3] if len(sys.argv) > 3 else "csv"
# the label of a period: monthly (default) or, with a 4th argument `yearly`, the year
label = "%Y" if len(sys.argv) > 4 and sys.argv[4] == "yearly" else "%Y-%m"
french = mode == "fr"
money = pl.Decimal(18, 2)
schema = {
    "date": pl.Date, "channel": pl.Utf8, "campaign": pl.Utf8,
    "impressions": pl.Int64, "clicks": pl.Int64, "spend": money,
    "sessions": pl.Int64, "orders": pl.Int64, "revenue": money,
    "carts": pl.Int64, "new_customers": pl.Int64, "emails_sent": pl.Int64,
    "emails_opened": pl.Int64, "social_impressions": pl.Int64,
    "social_interactions": pl.Int64,
}
inputs = [c for c in schema if c not in ("date", "channel", "campaign")]


def ratio(a, b):
    return pl.when(pl.col(b) != 0).then(pl.col(a).cast(pl.Float64) / pl.col(b).cast(pl.Float64))


if french:
    scan = pl.scan_csv(
        data, schema={**schema, "date": pl.Utf8}, separator=";", decimal_comma=True
    ).with_columns(pl.col("date").str.strptime(pl.Date, "%d/%m/%Y"))
elif mode == "parquet":
    scan = pl.scan_parquet(data)
elif mode == "xlsx":
    # fastexcel (calamine); numbers come as floats, made exact decimals here
    scan = pl.read_excel(data, engine="calamine").lazy().with_columns(
        pl.col("date").cast(pl.Date),
        *[pl.col(c).cast(t) if t != money else pl.col(c).round(2).cast(money)
          for c, t in schema.items() if c not in ("date", "channel", "campaign")],
    )
else:
    scan = pl.scan_csv(data, schema=schema)

s = (
    scan
    .group_by(pl.col("date").dt.strftime(label).alias("period"), "channel")
    .agg([pl.col(c).sum() for c in inputs])
    .with_columns(
        ratio("clicks", "impressions").alias("ctr"),
        ratio("spend", "clicks").alias("cpc"),
        ratio("spend", "new_customers").alias("cac"),
        ratio("orders", "sessions").alias("conversion"),
        ratio("revenue", "orders").alias("avg_basket"),
        pl.when(pl.col("carts") != 0)
        .then((pl.col("carts") - pl.col("orders")).cast(pl.Float64) / pl.col("carts").cast(pl.Float64))
        .alias("cart_abandonment"),
        ratio("emails_opened", "emails_sent").alias("open_rate"),
        ratio("social_interactions", "social_impressions").alias("engagement_rate"),
        ratio("revenue", "spend").alias("roas"),
    )
    .sort("period", "channel")
)
s.collect().write_csv(out)
