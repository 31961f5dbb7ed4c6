//! Differential tests of `boussole sql` over declared sources, on a real
//! DuckDB and a real PostgreSQL: four generated exports as the tools write
//! them (Meta Ads the French way: `;`, `1 234,56 €`, `dd/mm/yyyy`; GA4 with
//! `yyyymmdd` dates and an `avg` input; an ads export whose rows cover date
//! ranges; a shop export of ISO timestamps with and without offsets, read in
//! Europe/Paris, with a `last` input and no campaign column), each loaded as
//! a table of text columns, the way the export is. `boussole eval` reads the
//! files through the same spec; every value and target row must agree,
//! including the dimensions a source does not have.

mod common;

use chrono::Datelike as _;
use common::engines::{self, agree, key_eval, key_rows};
use common::rng::Rng;
use common::run_in;
use std::fmt::Write as _;
use std::path::Path;

const SPEC: &str = r#"sources:
  meta:
    path: meta.csv
    table: raw_meta
    delimiter: ";"
    decimal: comma
    thousands: " "
    date: { column: Jour, format: "%d/%m/%Y" }
    dimensions: { campaign: Campagne }
  ga4:
    path: ga4.csv
    table: raw_ga4
    date: { column: Date, format: "%Y%m%d" }
    dimensions: { campaign: Session campaign }
  ads:
    path: ads.csv
    table: raw_ads
    date: { from: Reporting starts, to: Reporting ends }
    dimensions: { campaign: Campaign name }
  shop:
    path: shop.csv
    table: raw_shop
    timezone: Europe/Paris
    date: Created at
    dimensions: { country: Pays }
inputs:
  spend: { unit: money(EUR), source: meta, column: Montant dépensé (EUR) }
  clicks: { unit: count, source: meta, column: Clics }
  sessions: { unit: count, source: ga4, column: Sessions }
  conversions: { unit: count, source: ga4, column: Key events }
  engagement: { unit: count, source: ga4, column: Engagement, aggregate: avg }
  impressions: { unit: count, source: ads, column: Impressions }
  revenue: { unit: money(EUR), source: shop, column: Total }
  orders: { unit: count, source: shop, column: Orders }
  customers: { unit: count, source: shop, column: Customers, aggregate: last }
metrics:
  - cpc = spend / clicks
  - conversion = conversions / sessions
  - cost_per_impression = spend / impressions
  - basket = revenue / orders
  - roas = revenue / spend
  - revenue_growth = growth(revenue)
strategy:
  s: Acquire customers at a controlled cost
objectives:
  acquisition:
    description: Keep the cost per click under 2 EUR and the conversion above 1% every month
    aligned_with: s
    owner: acquisition team
    period: monthly
    deadline: 2026-12-31
    kpis: [cpc, conversion]
    targets:
      - cpc <= 2 EUR
      - conversion >= 1%
"#;

const CAMPAIGNS: &[&str] = &["Printemps", "Été", "Noël"];
const COUNTRIES: &[&str] = &["fr", "be"];

/// A day in 2025-11 … 2026-02, as (y, m, d).
fn day(rng: &mut Rng) -> chrono::NaiveDate {
    let start = chrono::NaiveDate::from_ymd_opt(2025, 11, 1).expect("date");
    start + chrono::Days::new(rng.below(120))
}

/// `1 234,56 €`, `12,5`, `0` or a blank, as Meta's French export writes.
fn french_money(rng: &mut Rng) -> String {
    let euros = rng.below(5000);
    let cents = rng.below(100);
    match rng.below(6) {
        0 => String::new(),
        1 => "0".into(),
        2 if euros >= 1000 => format!("\"{} {:03},{cents:02} €\"", euros / 1000, euros % 1000),
        3 => format!("{euros},{}", cents % 10),
        _ => format!("{euros},{cents:02}"),
    }
}

/// The four exports, written into `dir`.
fn exports(dir: &Path, seed: u64, period: &str) {
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let mut meta = String::from("Jour;Campagne;Montant dépensé (EUR);Clics\n");
    let mut ga4 = String::from("Date,Session campaign,Sessions,Key events,Engagement\n");
    let mut ads = String::from("Reporting starts,Reporting ends,Campaign name,Impressions\n");
    let mut shop = String::from("Created at,Pays,Total,Orders,Customers\n");
    let pick = |rng: &mut Rng, xs: &[&'static str]| xs[rng.below(xs.len() as u64) as usize];
    for _ in 0..400 {
        let d = day(&mut rng);
        let c = pick(&mut rng, CAMPAIGNS);
        let _ = writeln!(
            meta,
            "{};{c};{};{}",
            d.format("%d/%m/%Y"),
            french_money(&mut rng),
            rng.below(400)
        );
        let d = day(&mut rng);
        let sessions = if rng.below(8) == 0 {
            String::new()
        } else {
            rng.below(2000).to_string()
        };
        let _ = writeln!(
            ga4,
            "{},{},{sessions},{},{}.{}",
            d.format("%Y%m%d"),
            pick(&mut rng, CAMPAIGNS),
            rng.below(50),
            rng.below(300),
            rng.below(10)
        );
        // a range inside one week and one month (one day when daily)
        let from = day(&mut rng);
        let mut to = from;
        if period != "daily" {
            for _ in 0..rng.below(4) {
                let next = to + chrono::Days::new(1);
                if next.iso_week() != from.iso_week() || next.month() != from.month() {
                    break;
                }
                to = next;
            }
        }
        let _ = writeln!(
            ads,
            "{from},{to},{},{}",
            pick(&mut rng, CAMPAIGNS),
            rng.below(100_000)
        );
        let d = day(&mut rng);
        // naive, late evening in New York (the next day in Paris), or UTC
        let at = match rng.below(3) {
            0 => format!("{d} {:02}:{:02}:00", rng.below(24), rng.below(60)),
            1 => format!("{d}T{:02}:30:00-05:00", 18 + rng.below(6)),
            _ => format!("{d}T{:02}:15:00Z", rng.below(24)),
        };
        let total = if rng.below(2) == 0 {
            format!("EUR {}.{:02}", rng.below(900), rng.below(100))
        } else {
            format!("{}.{:02}", rng.below(900), rng.below(100))
        };
        let _ = writeln!(
            shop,
            "{at},{},{total},{},{}",
            pick(&mut rng, COUNTRIES),
            1 + rng.below(5),
            rng.below(1000)
        );
    }
    for (name, text) in [("meta", meta), ("ga4", ga4), ("ads", ads), ("shop", shop)] {
        std::fs::write(dir.join(format!("{name}.csv")), text).expect("write export");
    }
    std::fs::write(dir.join("s.kpi.yaml"), SPEC).expect("write spec");
}

/// The tables: (name, file, delimiter, header).
fn tables(dir: &Path) -> Vec<(String, std::path::PathBuf, char, Vec<String>)> {
    ["meta", "ga4", "ads", "shop"]
        .iter()
        .map(|n| {
            let file = dir.join(format!("{n}.csv"));
            let text = std::fs::read_to_string(&file).expect("read export");
            let delim = if *n == "meta" { ';' } else { ',' };
            let header = text
                .lines()
                .next()
                .unwrap_or_default()
                .split(delim)
                .map(str::to_string)
                .collect();
            (format!("raw_{n}"), file, delim, header)
        })
        .collect()
}

/// Loads every export as a table of text columns and runs `query`.
fn run(engine: &str, dir: &Path, schema: &str, query: &str) -> Result<engines::ResultSet, String> {
    if engine == "spark" {
        let tables = tables(dir);
        let views: Vec<(&str, &Path, char)> = tables
            .iter()
            .map(|(t, file, delim, _)| (t.as_str(), file.as_path(), *delim))
            .collect();
        return engines::spark(&views, &[query]);
    }
    let mut script = load(engine, dir, schema);
    if engine == "duckdb" {
        script.push_str(query);
        engines::duckdb(&script)
    } else {
        let _ = write!(script, "{query};\nDROP SCHEMA {schema} CASCADE;\n");
        engines::postgres(&script)
    }
}

/// The script that loads every export as a table of text columns (in
/// PostgreSQL, in the fresh schema `schema`, first on the search path).
fn load(engine: &str, dir: &Path, schema: &str) -> String {
    let mut script = String::new();
    if engine == "duckdb" {
        for (t, file, delim, _) in tables(dir) {
            let _ = writeln!(
                script,
                "CREATE TABLE {t} AS SELECT * FROM read_csv('{}', header = true, all_varchar = true, delim = '{delim}', quote = '\"');",
                file.display()
            );
        }
    } else {
        let _ = writeln!(
            script,
            "DROP SCHEMA IF EXISTS {schema} CASCADE;\nCREATE SCHEMA {schema};\nSET search_path TO {schema};"
        );
        for (t, file, delim, header) in tables(dir) {
            let cols: Vec<String> = header.iter().map(|h| format!("\"{h}\" TEXT")).collect();
            let _ = writeln!(
                script,
                "CREATE TABLE {t} ({});\n\\copy {t} FROM '{}' WITH (FORMAT csv, HEADER true, DELIMITER '{delim}')",
                cols.join(", "),
                file.display()
            );
        }
    }
    script
}

/// Sources evaluated inside an engine (`eval --engine`, each source's
/// `table:`, schema-qualified by `--table` in PostgreSQL): the JSON is
/// eval's on the files, byte for byte. Returns the result rows.
fn engine_eval_on(engine: &str, seed: u64) -> usize {
    let dir = tempfile::tempdir().expect("temp dir");
    let period = PERIODS[(seed % 5) as usize];
    let by = BYS[(seed / 5 % 3) as usize].join(",");
    exports(dir.path(), seed, period);
    let mut args = vec!["eval", "s.kpi.yaml", "--period", period, "--format", "json"];
    if !by.is_empty() {
        args.extend(["--by", &by]);
    }
    let want = run_in(dir.path(), &args);
    let schema = format!("esrc_{seed}");
    let conninfo = engines::pg_conninfo();
    let bindings: Vec<String> = ["meta", "ga4", "ads", "shop"]
        .iter()
        .map(|n| format!("{n}={schema}.raw_{n}"))
        .collect();
    let got = if engine == "duckdb" {
        let mut script = load(engine, dir.path(), &schema);
        script.push_str("SELECT 1;\n");
        engines::duckdb_in(&dir.path().join("kpi.duckdb"), &script)
            .unwrap_or_else(|e| panic!("{e}"));
        args.extend(["--engine", "duckdb", "--database", "kpi.duckdb"]);
        run_in(dir.path(), &args)
    } else {
        let mut script = load(engine, dir.path(), &schema);
        script.push_str("SELECT 1;\n");
        engines::postgres(&script).unwrap_or_else(|e| panic!("{e}"));
        args.extend(["--engine", "postgres", "--connection", &conninfo]);
        for b in &bindings {
            args.extend(["--table", b]);
        }
        let got = run_in(dir.path(), &args);
        engines::postgres(&format!("DROP SCHEMA {schema} CASCADE;\nSELECT 1;\n"))
            .unwrap_or_else(|e| panic!("{e}"));
        got
    };
    let ctx = format!("{engine}, seed {seed}, {period} by {by:?}");
    assert_eq!(got.code, want.code, "exit code ({ctx})\n{}", got.stderr);
    assert_eq!(got.stderr, want.stderr, "stderr ({ctx})");
    assert!(
        got.stdout == want.stdout,
        "eval --engine differs from eval on the files ({ctx}):\n{}",
        similar::TextDiff::from_lines(&want.stdout, &got.stdout)
            .unified_diff()
            .context_radius(2)
    );
    want.json()["results"].as_array().map_or(0, Vec::len)
}

#[test]
#[cfg_attr(
    not(feature = "engines"),
    ignore = "runs on a real DuckDB and PostgreSQL: cargo test --features engines (bash .ci/run sets them up)"
)]
fn sources_evaluated_inside_the_engines_give_the_same_json() {
    for engine in ["duckdb", "postgres"] {
        let rows: usize = (0..9).map(|seed| engine_eval_on(engine, seed)).sum();
        assert!(rows > 50, "{engine}: only {rows} result rows");
    }
}

const PERIODS: &[&str] = &["daily", "weekly", "monthly", "quarterly", "yearly"];
const BYS: &[&[&str]] = &[&[], &["campaign"], &["country"]];

/// Runs one generated case on `engine`: returns the values and target rows
/// compared.
fn case_on(engine: &str, seed: u64) -> usize {
    let dir = tempfile::tempdir().expect("temp dir");
    let period = PERIODS[(seed % 5) as usize];
    let by = BYS[(seed / 5 % 3) as usize].join(",");
    exports(dir.path(), seed, period);
    let mut eval_args = vec!["eval", "s.kpi.yaml", "--period", period, "--format", "json"];
    let mut sql_args = vec!["sql", "s.kpi.yaml", "--dialect", engine, "--period", period];
    if !by.is_empty() {
        eval_args.extend(["--by", &by]);
        sql_args.extend(["--by", &by]);
    }
    let ev = run_in(dir.path(), &eval_args);
    assert_eq!(ev.code, 0, "eval: {}", ev.stderr);
    let sql = run_in(dir.path(), &sql_args);
    assert_eq!(sql.code, 0, "sql: {}", sql.stderr);
    let doc = ev.json();
    // a source without the --by dimension: the same warnings from both
    let warned = doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "missing-dimension")
        .count();
    let expected = match by.as_str() {
        "" => 0,
        "campaign" => 1,
        _ => 3,
    };
    assert_eq!(
        warned, expected,
        "eval's missing-dimension warnings by {by:?}"
    );
    assert_eq!(
        // a diagnostic's code is its first line (its help names it again)
        sql.stderr
            .lines()
            .filter(|l| *l == "missing-dimension")
            .count(),
        expected,
        "{}",
        sql.stderr
    );
    let want = key_eval(&doc);
    let dims: Vec<String> = by
        .split(',')
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    let rs = run(engine, dir.path(), &format!("src_{seed}"), &sql.stdout)
        .unwrap_or_else(|e| panic!("{e}\n{}", sql.stdout));
    let got = key_rows(&rs, &dims);
    let ctx = format!("{engine}, seed {seed}, {period} by {by:?}");
    let mut compared = engines::assert_values_agree(&want, &got, engine, &ctx);
    // the objective's target rows, sources and all
    sql_args.push("--objectives");
    let sql = run_in(dir.path(), &sql_args);
    assert_eq!(sql.code, 0, "sql --objectives: {}", sql.stderr);
    let rs = run(engine, dir.path(), &format!("obj_{seed}"), &sql.stdout)
        .unwrap_or_else(|e| panic!("{e}\n{}", sql.stdout));
    let targets = doc["targets"].as_array().expect("targets");
    compared += engines::assert_targets_agree(targets, &rs, &ctx);
    compared
}

fn cases_on(engine: &str) {
    let compared: usize = (0..15).map(|seed| case_on(engine, seed)).sum();
    // every period × every --by, each with hundreds of values
    assert!(compared > 2_000, "{compared} values compared");
}

#[test]
#[cfg_attr(
    not(feature = "engines"),
    ignore = "runs on a real DuckDB and PostgreSQL: cargo test --features engines (bash .ci/run sets them up)"
)]
fn duckdb_reads_sources_as_eval_does() {
    cases_on("duckdb");
}

#[test]
#[cfg_attr(
    not(feature = "engines"),
    ignore = "runs on a real DuckDB and PostgreSQL: cargo test --features engines (bash .ci/run sets them up)"
)]
fn postgres_reads_sources_as_eval_does() {
    cases_on("postgres");
}

#[test]
#[cfg_attr(
    not(feature = "engines"),
    ignore = "runs on a real Apache Spark (pyspark, local[2]): cargo test --features engines (bash .ci/run sets it up)"
)]
fn spark_reads_sources_as_eval_does() {
    cases_on("spark");
}

/// What eval refuses, the query refuses too, quoting the cell or the row:
/// a cell that is not a number, a range across two periods.
#[test]
#[cfg_attr(
    not(feature = "engines"),
    ignore = "runs on a real DuckDB, PostgreSQL and Apache Spark: cargo test --features engines (bash .ci/run sets them up)"
)]
fn bad_cells_stop_the_query_as_they_stop_eval() {
    for engine in ["duckdb", "postgres", "spark"] {
        for (file, line, says) in [
            (
                "meta.csv",
                "01/12/2025;Noël;douze euros;4\n",
                "holds a cell that is not a number: douze euros",
            ),
            (
                "ads.csv",
                "2025-11-28,2025-12-03,Noël,10\n",
                "a row covers more than one period",
            ),
        ] {
            let dir = tempfile::tempdir().expect("temp dir");
            exports(dir.path(), 7, "monthly");
            let path = dir.path().join(file);
            let mut text = std::fs::read_to_string(&path).expect("read");
            text.push_str(line);
            std::fs::write(&path, text).expect("write");
            let ev = run_in(dir.path(), &["eval", "s.kpi.yaml"]);
            assert_eq!(ev.code, 1, "eval accepts {line}");
            assert!(ev.stderr.contains("data-error"), "{}", ev.stderr);
            let sql = run_in(dir.path(), &["sql", "s.kpi.yaml", "--dialect", engine]);
            assert_eq!(sql.code, 0, "{}", sql.stderr);
            let err = run(engine, dir.path(), "bad", &sql.stdout).expect_err("the query must stop");
            assert!(err.contains(says), "{engine}: {err}");
        }
    }
}

/// Parquet: a file DuckDB writes (DECIMAL, BIGINT, DOUBLE, DATE, TIMESTAMP,
/// VARCHAR and NULLs, several row groups, zstd then snappy), read by `eval`
/// as a source, gives exactly what DuckDB computes from the same file; and
/// the `sql` of that source, run on the file loaded as a typed table, too.
#[test]
#[cfg_attr(
    not(feature = "engines"),
    ignore = "runs on a real DuckDB and PostgreSQL: cargo test --features engines (bash .ci/run sets them up)"
)]
fn parquet_reads_as_duckdb_reads_it() {
    for codec in ["zstd", "snappy"] {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("orders.parquet");
        let make = format!(
            "COPY (SELECT
               DATE '2025-11-01' + CAST(i * 7 % 120 AS INTEGER) AS day,
               TIMESTAMP '2025-11-01 00:00:00' + INTERVAL (i * 3719 % 10368000) SECOND AS at,
               ['Printemps', 'Été', 'Noël'][i % 3 + 1] AS campaign,
               CASE WHEN i % 17 = 0 THEN NULL ELSE CAST((i * 7919 % 100000) / 100 AS DECIMAL(18, 2)) END AS spend,
               CAST(i * 31 % 500 AS BIGINT) AS clicks,
               CAST(i % 10 AS DOUBLE) / 10 AS share
             FROM range(20000) AS t(i))
           TO '{}' (FORMAT parquet, COMPRESSION {codec}, ROW_GROUP_SIZE 3000);",
            file.display()
        );
        engines::duckdb(&make).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(
            dir.path().join("p.kpi.yaml"),
            "sources:\n  shop:\n    path: orders.parquet\n    table: orders\n    date: day\n    dimensions: { campaign: campaign }\ninputs:\n  spend: { unit: money(EUR), source: shop }\n  clicks: { unit: count, source: shop }\n  share: { unit: number, source: shop }\nmetrics:\n  - cpc = spend / clicks\n",
        )
        .expect("spec");
        let ev = run_in(
            dir.path(),
            &["eval", "p.kpi.yaml", "--by", "campaign", "--format", "json"],
        );
        assert_eq!(ev.code, 0, "{}", ev.stderr);
        let want = key_eval(&ev.json());
        let direct = engines::duckdb(&format!(
            "SELECT strftime(day, '%Y-%m') AS period, campaign, sum(spend) AS spend,
               sum(clicks) AS clicks, sum(CAST(share AS DECIMAL(18, 1))) AS share
             FROM read_parquet('{}') GROUP BY ALL ORDER BY ALL;",
            file.display()
        ))
        .unwrap_or_else(|e| panic!("{e}"));
        let got = key_rows(&direct, &["campaign".to_string()]);
        assert_eq!(want.len(), got.len(), "groups");
        assert_eq!(want.len(), 12, "4 months × 3 campaigns");
        for (key, values) in &want {
            for name in ["spend", "clicks", "share"] {
                let (e, q) = (&values[name], &got[key][name]);
                assert!(
                    agree(
                        e.as_deref().expect("a value"),
                        q.as_deref().expect("a value")
                    ),
                    "{codec} {name} {key:?}: eval {e:?}, duckdb {q:?}"
                );
            }
        }
        // the same source as a warehouse table with typed columns
        let sql = run_in(
            dir.path(),
            &[
                "sql",
                "p.kpi.yaml",
                "--dialect",
                "duckdb",
                "--by",
                "campaign",
            ],
        );
        assert_eq!(sql.code, 0, "{}", sql.stderr);
        let rs = engines::duckdb(&format!(
            "CREATE TABLE orders AS SELECT * FROM read_parquet('{}');\n{}",
            file.display(),
            sql.stdout
        ))
        .unwrap_or_else(|e| panic!("{e}"));
        let got = key_rows(&rs, &["campaign".to_string()]);
        assert_eq!(
            want.keys().collect::<Vec<_>>(),
            got.keys().collect::<Vec<_>>()
        );
        for (key, values) in &want {
            for (name, e) in values {
                let q = &got[key][name];
                match (e, q) {
                    (Some(e), Some(q)) => assert!(agree(e, q), "sql {name} {key:?}: {e} vs {q}"),
                    _ => assert_eq!(e.is_none(), q.is_none(), "sql {name} {key:?}"),
                }
            }
        }
    }
}
