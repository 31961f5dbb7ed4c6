"""Runs `boussole sql --dialect spark` on Apache Spark (pyspark, local[2]).

    python3 bench/spark_sql.py EVENTS.parquet QUERY.sql OUT.csv

The Parquet file is the `events` view; the query's rows are written as CSV
(decimals in plain notation). Prints the JVM's start-up and the query's wall
time apart: a team's cluster is already up.
"""

import csv
import decimal
import sys
import time

t0 = time.monotonic()
from pyspark.sql import SparkSession  # noqa: E402

spark = (
    SparkSession.builder.master("local[2]")
    .appName("boussole-bench")
    .config("spark.ui.enabled", "false")
    .config("spark.driver.memory", "4g")
    .config("spark.sql.session.timeZone", "UTC")
    .getOrCreate()
)
spark.sparkContext.setLogLevel("ERROR")
t1 = time.monotonic()
parquet, query, out = sys.argv[1:4]
spark.read.parquet(parquet).createOrReplaceTempView("events")
sql = open(query, encoding="utf-8").read().strip().rstrip(";")
df = spark.sql(sql)
rows = df.collect()
t2 = time.monotonic()
with open(out, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(df.columns)
    for r in rows:
        w.writerow(
            ["" if v is None else format(v, "f") if isinstance(v, decimal.Decimal) else v for v in r]
        )
# the JVM's peak memory (a child of this Python: /usr/bin/time does not see it)
pid = spark.sparkContext._jvm.java.lang.ProcessHandle.current().pid()
peak = next(
    (line.split()[1] for line in open(f"/proc/{pid}/status") if line.startswith("VmHWM:")),
    "?",
)
print(
    f"spark {spark.version} local[2]: start {t1 - t0:.1f} s, query {t2 - t1:.1f} s, "
    f"{len(rows)} rows, JVM peak {peak} KB"
)
spark.stop()
