//! The real SQL engines the differential tests run: the `duckdb` CLI (PyPI's
//! `duckdb-cli`) and a PostgreSQL server reached with `psql` through the
//! libpq connection string in `BOUSSOLE_PG` (`.ci/postgres start` prints it).
//! Neither is mocked, and a missing engine fails the test with the command
//! that provides it.

use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::str::FromStr;

/// A result set: column names, then rows of cells (None for NULL).
#[derive(Debug)]
pub struct ResultSet {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Option<String>>>,
}

fn pipe(mut cmd: Command, script: &str, what: &str) -> Result<String, String> {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {what}: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(script.as_bytes())
            .map_err(|e| format!("{what}: {e}"))?;
    }
    let out = child
        .wait_with_output()
        .map_err(|e| format!("{what}: {e}"))?;
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    if !out.status.success() || stderr.contains("Error") || stderr.contains("ERROR") {
        return Err(format!("{what} failed: {stderr}"));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Parses CSV output with a header; `null` is how NULL is printed.
fn parse_csv(text: &str, null: &str) -> ResultSet {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let columns = rdr
        .headers()
        .map(|h| h.iter().map(str::to_string).collect())
        .unwrap_or_default();
    let rows = rdr
        .records()
        .map(|r| {
            let r = r.expect("engine output is CSV");
            r.iter()
                .map(|c| (c != null).then(|| c.to_string()))
                .collect()
        })
        .collect();
    ResultSet { columns, rows }
}

pub fn duckdb_bin() -> String {
    std::env::var("BOUSSOLE_DUCKDB").unwrap_or_else(|_| "duckdb".into())
}

/// Runs `script` in a fresh in-memory DuckDB; returns the last statement's rows.
pub fn duckdb(script: &str) -> Result<ResultSet, String> {
    let mut cmd = Command::new(duckdb_bin());
    cmd.args(["-csv", "-nullvalue", "<NULL>", "-bail"]);
    let out = pipe(
        cmd,
        script,
        "duckdb (pip install duckdb-cli, or set BOUSSOLE_DUCKDB)",
    )?;
    Ok(parse_csv(&last_result(&out), "<NULL>"))
}

/// DuckDB prints one CSV block per statement; the query's is the last.
fn last_result(out: &str) -> String {
    out.to_string()
}

/// `BOUSSOLE_PG`, else the server `.ci/postgres start` runs.
pub fn pg_conninfo() -> String {
    std::env::var("BOUSSOLE_PG")
        .unwrap_or_else(|_| "host=127.0.0.1 port=54329 user=postgres dbname=postgres".into())
}

/// Runs `script` with psql; returns the rows of its only result set.
pub fn postgres(script: &str) -> Result<ResultSet, String> {
    let mut cmd = Command::new("psql");
    cmd.arg(pg_conninfo()).args([
        "-X",
        "-q",
        "--csv",
        "-v",
        "ON_ERROR_STOP=1",
        "-P",
        "null=<NULL>",
    ]);
    let out = pipe(
        cmd,
        script,
        "psql (start the server with `bash .ci/postgres start`, or set BOUSSOLE_PG)",
    )?;
    Ok(parse_csv(&out, "<NULL>"))
}

/// A DuckDB script that loads `csv` as table `t`, every column as text, and
/// runs `query`.
pub fn duckdb_load(csv: &Path, table: &str, query: &str) -> String {
    format!(
        "CREATE TABLE \"{}\" AS SELECT * FROM read_csv('{}', header = true, all_varchar = true);\n{query}",
        table.replace('"', "\"\""),
        csv.display().to_string().replace('\'', "''")
    )
}

/// A psql script that loads `csv` into `schema.t` (text columns named as in
/// the header) inside a fresh schema, runs `query` with that schema first on
/// the search path, and drops the schema.
pub fn postgres_load(csv: &Path, header: &[String], schema: &str, query: &str) -> String {
    format!(
        "{}{query};\nDROP SCHEMA {schema} CASCADE;\n",
        postgres_table(csv, header, schema, "t", ',')
    )
}

/// A psql script that makes the schema `schema` afresh (first on the search
/// path) and loads `csv` (delimited by `delim`) into `schema.table`, text
/// columns named as in the header.
pub fn postgres_table(
    csv: &Path,
    header: &[String],
    schema: &str,
    table: &str,
    delim: char,
) -> String {
    let cols: Vec<String> = header
        .iter()
        .map(|h| format!("\"{}\" TEXT", h.replace('"', "\"\"")))
        .collect();
    let table = format!("\"{}\"", table.replace('"', "\"\""));
    format!(
        "DROP SCHEMA IF EXISTS {schema} CASCADE;\nCREATE SCHEMA {schema};\nSET search_path TO {schema};\nCREATE TABLE {table} ({});\n\\copy {table} FROM '{}' WITH (FORMAT csv, HEADER true, DELIMITER '{delim}')\n",
        cols.join(", "),
        csv.display()
    )
}

/// Runs `script` in the DuckDB database file `db` (made if missing).
pub fn duckdb_in(db: &Path, script: &str) -> Result<ResultSet, String> {
    let mut cmd = Command::new(duckdb_bin());
    cmd.args(["-csv", "-nullvalue", "<NULL>", "-bail"]).arg(db);
    let out = pipe(
        cmd,
        script,
        "duckdb (pip install duckdb-cli, or set BOUSSOLE_DUCKDB)",
    )?;
    Ok(parse_csv(&out, "<NULL>"))
}

/// A running Apache Spark (pyspark, local[2]): `tests/common/spark.py`, one
/// JVM per test binary, started by the first query and shared by the tests.
struct Spark {
    child: std::process::Child,
    stdin: std::process::ChildStdin,
    stdout: std::io::BufReader<std::process::ChildStdout>,
    log: std::path::PathBuf,
}

static SPARK: std::sync::Mutex<Option<Spark>> = std::sync::Mutex::new(None);

const SPARK_HINT: &str = "Apache Spark: pip install pyspark==4.0.1 and a JDK 17 or later (apt-get install openjdk-17-jre-headless); bash .ci/run installs both; BOUSSOLE_PYTHON names the Python that has pyspark";

impl Spark {
    fn start() -> Result<Spark, String> {
        let python = std::env::var("BOUSSOLE_PYTHON").unwrap_or_else(|_| "python3".into());
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/common/spark.py");
        let log = std::env::temp_dir().join(format!("boussole-spark-{}.log", std::process::id()));
        let err = std::fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
        let mut child = Command::new(python)
            .arg(script)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(err)
            .spawn()
            .map_err(|e| format!("cannot start {SPARK_HINT}: {e}"))?;
        let stdin = child.stdin.take().ok_or("no stdin")?;
        let stdout = std::io::BufReader::new(child.stdout.take().ok_or("no stdout")?);
        let mut spark = Spark {
            child,
            stdin,
            stdout,
            log,
        };
        spark.answer().map_err(|e| format!("{SPARK_HINT}\n{e}"))?;
        Ok(spark)
    }

    /// The next answer line, as JSON.
    fn answer(&mut self) -> Result<serde_json::Value, String> {
        use std::io::BufRead;
        let mut line = String::new();
        loop {
            line.clear();
            let n = self
                .stdout
                .read_line(&mut line)
                .map_err(|e| format!("spark: {e}"))?;
            if n == 0 {
                let _ = self.child.wait();
                let log = std::fs::read_to_string(&self.log).unwrap_or_default();
                return Err(format!("spark stopped:\n{log}"));
            }
            if let Some(json) = line.strip_prefix("@@boussole ") {
                return serde_json::from_str(json).map_err(|e| format!("spark: {e}: {json}"));
            }
        }
    }
}

/// Runs `statements` (the last one a query) on Apache Spark with `tables`
/// (name, CSV or Parquet file, CSV separator) as temporary views, every CSV
/// column read as a string; returns the last statement's rows.
pub fn spark(tables: &[(&str, &Path, char)], statements: &[&str]) -> Result<ResultSet, String> {
    spark_with(&[], tables, statements)
}

/// [`spark`] with Spark settings (`spark.sql.ansi.enabled`, …) for this
/// query only.
pub fn spark_with(
    conf: &[(&str, &str)],
    tables: &[(&str, &Path, char)],
    statements: &[&str],
) -> Result<ResultSet, String> {
    let mut guard = SPARK.lock().unwrap_or_else(|e| e.into_inner());
    if guard.is_none() {
        *guard = Some(Spark::start()?);
    }
    let spark = guard.as_mut().ok_or("no spark")?;
    let tables: serde_json::Map<String, serde_json::Value> = tables
        .iter()
        .map(|(name, path, sep)| {
            (
                name.to_string(),
                serde_json::json!([path.display().to_string(), sep.to_string()]),
            )
        })
        .collect();
    let conf: serde_json::Map<String, serde_json::Value> = conf
        .iter()
        .map(|(k, v)| (k.to_string(), serde_json::Value::from(*v)))
        .collect();
    let req = serde_json::json!({ "tables": tables, "script": statements, "conf": conf });
    let sent = writeln!(spark.stdin, "{req}").and_then(|()| spark.stdin.flush());
    let answer = match sent {
        Ok(()) => spark.answer(),
        Err(e) => Err(format!("spark: {e}")),
    };
    let answer = match answer {
        Ok(a) => a,
        Err(e) => {
            *guard = None; // a dead JVM: the next query starts another
            return Err(e);
        }
    };
    if let Some(e) = answer["error"].as_str() {
        return Err(format!("spark failed: {e}"));
    }
    let strings = |v: &serde_json::Value| -> Vec<Option<String>> {
        v.as_array()
            .map(|a| a.iter().map(|c| c.as_str().map(str::to_string)).collect())
            .unwrap_or_default()
    };
    Ok(ResultSet {
        columns: strings(&answer["columns"])
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect(),
        rows: answer["rows"]
            .as_array()
            .map(|rows| rows.iter().map(strings).collect())
            .unwrap_or_default(),
    })
}

/// Rows keyed by (period, dimension values), each a map column → value.
pub type Keyed = BTreeMap<(String, Vec<String>), BTreeMap<String, Option<String>>>;

/// Keys an engine's result by its `period` and dimension columns.
pub fn key_rows(rs: &ResultSet, dims: &[String]) -> Keyed {
    let pos = |name: &str| {
        rs.columns
            .iter()
            .position(|c| c == name)
            .unwrap_or_else(|| panic!("no column `{name}` in {:?}", rs.columns))
    };
    let p = pos("period");
    let d: Vec<usize> = dims.iter().map(|x| pos(x)).collect();
    let mut out = Keyed::new();
    for row in &rs.rows {
        let key = (
            row[p].clone().unwrap_or_default(),
            d.iter()
                .map(|&i| row[i].clone().unwrap_or_default())
                .collect(),
        );
        let values = rs
            .columns
            .iter()
            .zip(row)
            .map(|(c, v)| (c.clone(), v.clone()))
            .collect();
        assert!(
            out.insert(key.clone(), values).is_none(),
            "two rows for {key:?}"
        );
    }
    out
}

/// Keys `eval --format json` results the same way.
pub fn key_eval(json: &serde_json::Value) -> Keyed {
    let mut out = Keyed::new();
    for r in json["results"].as_array().expect("results") {
        let dims = r["dimensions"]
            .as_object()
            .map(|o| {
                o.values()
                    .map(|v| v.as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .unwrap_or_default();
        let values = r["values"]
            .as_object()
            .expect("values")
            .iter()
            .map(|(k, v)| (k.clone(), (!v.is_null()).then(|| v.to_string())))
            .collect();
        out.insert(
            (r["period"].as_str().unwrap_or("").to_string(), dims),
            values,
        );
    }
    out
}

pub fn dec(s: &str) -> Decimal {
    Decimal::from_str(s)
        .or_else(|_| Decimal::from_scientific(s))
        .unwrap_or_else(|e| panic!("`{s}` is not a decimal: {e}"))
}

/// Decimals after the point in a number's text, as printed.
pub fn scale_of(s: &str) -> u32 {
    s.split_once('.').map_or(0, |(_, f)| f.len() as u32)
}

/// Whether an engine's value agrees with the exact one.
///
/// Both come from the same true value: the engine's correctly rounded to the
/// decimals it printed (half a unit in its last place), `exact` to 28 or 29
/// significant digits by rust_decimal, as eval computes, whose last digit can
/// be one unit off (a value with fewer digits is exact). Nothing more is
/// allowed: they agree to the last digit the engine keeps.
pub fn agree(exact: &str, engine: &str) -> bool {
    let (e, q) = (dec(exact), dec(engine));
    let half_ulp = |scale: u32| Decimal::new(5, scale.saturating_add(1).min(28));
    let digits = exact.chars().filter(char::is_ascii_digit).count()
        - exact
            .trim_start_matches('-')
            .chars()
            .take_while(|c| *c == '0' || *c == '.')
            .filter(char::is_ascii_digit)
            .count();
    let mut tol = half_ulp(scale_of(engine));
    if digits >= 28 {
        tol += Decimal::new(1, scale_of(exact).min(28));
    }
    (e - q).abs() <= tol
}

/// Loads `csv` as table `t` into `engine` (`duckdb`, `spark`, `spark-legacy`
/// (ANSI mode off) or `postgres`; in
/// PostgreSQL inside the schema `schema`) and runs `query` on it; panics with
/// the engine's error and the query.
pub fn run_on(engine: &str, csv: &Path, header: &[String], schema: &str, query: &str) -> ResultSet {
    let rs = match engine {
        "duckdb" => duckdb(&duckdb_load(csv, "t", query)),
        "spark" => spark(&[("t", csv, ',')], &[query]),
        // Spark with ANSI mode off (Spark 3's default, still common)
        "spark-legacy" => spark_with(
            &[("spark.sql.ansi.enabled", "false")],
            &[("t", csv, ',')],
            &[query],
        ),
        _ => postgres(&postgres_load(csv, header, schema, query)),
    };
    rs.unwrap_or_else(|e| panic!("{e}\n{query}"))
}

/// Every value eval computed (`want`) agrees with the engine's (`got`):
/// the same groups, the same nulls, the digits `agree` allows. Returns how
/// many values were compared.
pub fn assert_values_agree(want: &Keyed, got: &Keyed, engine: &str, ctx: &str) -> usize {
    assert_eq!(
        want.keys().collect::<Vec<_>>(),
        got.keys().collect::<Vec<_>>(),
        "groups ({ctx})"
    );
    assert!(!want.is_empty(), "{ctx}: no group");
    let mut compared = 0;
    for (key, values) in want {
        for (name, e) in values {
            match (e, &got[key][name]) {
                (None, None) => {}
                (Some(e), Some(q)) => assert!(agree(e, q), "{name} {key:?}: eval {e}, {q} ({ctx})"),
                (e, q) => panic!("{name} {key:?}: eval {e:?}, {engine} {q:?} ({ctx})"),
            }
            compared += 1;
        }
    }
    compared
}

/// eval's target rows (`targets` of its JSON) are the engine's objectives
/// query rows, in order: target, period and status. Returns their count.
pub fn assert_targets_agree(targets: &[serde_json::Value], rs: &ResultSet, ctx: &str) -> usize {
    assert_eq!(targets.len(), rs.rows.len(), "target rows ({ctx})");
    let col = |n: &str| rs.columns.iter().position(|c| c == n).expect("column");
    for (w, g) in targets.iter().zip(&rs.rows) {
        for field in ["target", "period", "status"] {
            assert_eq!(
                w[field].as_str(),
                g[col(field)].as_deref(),
                "{field} of {w} ({ctx})"
            );
        }
    }
    targets.len()
}
