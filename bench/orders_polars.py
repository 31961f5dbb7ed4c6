"""The row-level benchmark's KPIs in polars: monthly x country.

    python3 bench/orders_polars.py ORDERS.csv OUT.csv
"""
import sys

import polars as pl

data, out = sys.argv[1], sys.argv[2]
schema = {
    "InvoiceNo": pl.Utf8, "StockCode": pl.Utf8, "Quantity": pl.Int64,
    "UnitPrice": pl.Decimal(18, 2), "CustomerID": pl.Utf8,
    "InvoiceDate": pl.Utf8, "Country": pl.Utf8,
}
kept = ~pl.col("InvoiceNo").str.starts_with("C")
(
    pl.scan_csv(data, schema=schema)
    .with_columns(
        period=pl.col("InvoiceDate").str.strptime(pl.Date, "%d/%m/%Y %H:%M", exact=False).dt.strftime("%Y-%m")
    )
    .group_by("period", pl.col("Country").alias("country"))
    .agg(
        revenue=(pl.col("Quantity") * pl.col("UnitPrice")).filter(kept & (pl.col("Quantity") > 0)).sum(),
        orders=pl.col("InvoiceNo").filter(kept).n_unique(),
        customers=pl.col("CustomerID").drop_nulls().n_unique(),
    )
    .with_columns(avg_basket=pl.col("revenue") / pl.col("orders"))
    .sort("period", "country")
    .collect()
    .write_csv(out)
)
