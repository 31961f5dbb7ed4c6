"""A real Apache Spark (PyPI's pyspark, local[2]) for the differential tests.

One JVM per test binary: requests come one JSON line at a time on stdin,
`{"tables": {"t": ["/path.csv", ","]}, "query": "SELECT ..."}` (or
`{"script": [...]}`, the statements in order; `"conf": {...}`: settings for
this request only), and each gets
one line on stdout, `@@boussole ` then JSON: `{"columns": [...], "rows": [[...]]}` with every
cell as text (decimals in plain notation, dates as ISO), `null` for NULL,
or `{"error": "..."}`. Spark runs with its defaults (ANSI mode on in Spark
4), as a team's cluster would, except for the UI and the shuffle partitions
that only slow a tiny local job down.
"""

import datetime
import decimal
import json
import sys

from pyspark.sql import SparkSession


def text(v):
    if v is None:
        return None
    if isinstance(v, decimal.Decimal):
        return format(v, "f")
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def main():
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("boussole-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    out = sys.stdout
    # the marker sets answers apart from anything the JVM may print
    print("@@boussole " + json.dumps({"ready": spark.version}), file=out, flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        views = []
        # settings for this request only, put back afterwards
        saved = {k: spark.conf.get(k, None) for k in req.get("conf", {})}
        try:
            for k, v in req.get("conf", {}).items():
                spark.conf.set(k, v)
            for name, (path, sep) in req.get("tables", {}).items():
                if path.endswith(".parquet"):
                    df = spark.read.parquet(path)
                else:
                    df = (
                        spark.read.option("header", True)
                        .option("inferSchema", False)
                        .option("sep", sep)
                        .option("quote", '"')
                        .option("escape", '"')
                        .option("multiLine", True)
                        .option("encoding", "UTF-8")
                        .csv(path)
                    )
                df.createOrReplaceTempView(name)
                views.append(name)
            statements = req.get("script") or [req["query"]]
            result = None
            for stmt in statements:
                result = spark.sql(stmt.strip().rstrip(";"))
            rows = result.collect()
            resp = {
                "columns": result.columns,
                "rows": [[text(v) for v in r] for r in rows],
            }
        except Exception as e:  # the error goes back to the test, whole
            resp = {"error": f"{type(e).__name__}: {e}"}
        finally:
            for k, v in saved.items():
                if v is None:
                    spark.conf.unset(k)
                else:
                    spark.conf.set(k, v)
            for name in views:
                spark.catalog.dropTempView(name)
        print("@@boussole " + json.dumps(resp), file=out, flush=True)
    spark.stop()


if __name__ == "__main__":
    main()
