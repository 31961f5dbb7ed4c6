"""Writes the UCI "Online Retail" order lines as the CSV the UCI and Kaggle
exports have (`12/1/2010 8:26` timestamps, `17850.0` customer ids, an empty
cell for a missing one), from the copy the CRAN package `onlineretail`
ships (`data/onlineretail.rda`, CC0). Needs `pip install rdata pandas`.

    python3 bench/retail/from_rda.py onlineretail.rda online_retail.csv
"""
import csv
import datetime as dt
import math
import sys

import rdata

frame = rdata.conversion.convert(rdata.parser.parse_file(sys.argv[1]))["onlineretail"]
with open(sys.argv[2], "w", newline="", encoding="utf-8") as out:
    w = csv.writer(out)
    w.writerow(["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate",
                "UnitPrice", "CustomerID", "Country"])
    for r in frame.itertuples(index=False):
        # POSIXct seconds, in UTC as the original timestamps
        d = dt.datetime.fromtimestamp(r.InvoiceDate, dt.timezone.utc)
        assert r.Quantity == int(r.Quantity)
        w.writerow([
            r.InvoiceNo, r.StockCode,
            "" if not isinstance(r.Description, str) else r.Description,
            int(r.Quantity),
            f"{d.month}/{d.day}/{d.year} {d.hour}:{d.minute:02d}",
            repr(r.UnitPrice),  # the shortest text that reads back as the same double
            "" if math.isnan(r.CustomerID) else repr(r.CustomerID),
            r.Country,
        ])
