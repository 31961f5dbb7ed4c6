//! Differential tests of row-level inputs (`expr:`, `where:`, `count`,
//! `count_distinct`, `having:`) on a real DuckDB and a real PostgreSQL: generated
//! order-line exports (one row per line, duplicated invoices, cancellations
//! `C…` with negative quantities, empty customer ids and prices, customer ids
//! written `17850` and `17850.0`, timestamps, two dimensions), loaded as
//! tables of text columns. `boussole eval` reads the file through the same
//! spec; every value and target row must agree at every cadence and
//! grouping, distinct counts included (an objective's quarterly distinct
//! customers are not its months' sum).

mod common;

use common::engines::{self, key_eval, key_rows};
use common::rng::Rng;
use common::run_in;
use std::fmt::Write as _;
use std::path::Path;

const SPEC: &str = r#"sources:
  shop:
    path: lines.csv
    table: raw_lines
    date: { column: InvoiceDate, format: "%d/%m/%Y %H:%M" }
    dimensions: { country: Country, channel: Channel }
inputs:
  revenue:
    unit: money(GBP)
    source: shop
    expr: Quantity * UnitPrice
    where: not starts_with(InvoiceNo, "C") and Quantity > 0
  net_of_tax: { unit: money(GBP), source: shop, expr: 'round(UnitPrice / 1.2, 2) * abs(Quantity)', where: 'not ends_with(`Stock Code`, "X")' }
  quantity: { unit: count, source: shop, column: Quantity }
  orders: { unit: count, source: shop, aggregate: count_distinct, expr: InvoiceNo, where: 'not starts_with(InvoiceNo, "C")' }
  customers: { unit: count, source: shop, aggregate: count_distinct, expr: CustomerID, where: not is_empty(CustomerID) }
  customer_numbers: { unit: count, source: shop, aggregate: count_distinct, expr: 'round(CustomerID, 0)' }
  lines: { unit: count, source: shop, aggregate: count }
  priced_lines: { unit: count, source: shop, aggregate: count, expr: UnitPrice }
  cancelled: { unit: count, source: shop, aggregate: count, where: 'starts_with(InvoiceNo, "C")' }
  big_lines: { unit: count, source: shop, aggregate: count, where: 'Quantity * UnitPrice >= 20 or `Stock Code` in ["POST", "M"]' }
  mugs: { unit: count, source: shop, aggregate: count, where: 'contains(lower(Description), "mug") and not (Quantity < 0 or -Quantity > 10)' }
  known: { unit: count, source: shop, aggregate: count_distinct, expr: 'coalesce(CustomerID, "guest")' }
  prices: { unit: count, source: shop, aggregate: count_distinct, expr: UnitPrice + 0 }
  price_texts: { unit: count, source: shop, aggregate: count_distinct, expr: UnitPrice }
  repeat_customers:
    unit: count
    source: shop
    aggregate: count_distinct
    expr: CustomerID
    where: not is_empty(CustomerID) and not starts_with(InvoiceNo, "C")
    having: count_distinct(InvoiceNo) >= 2
  big_spenders: { unit: count, source: shop, aggregate: count_distinct, expr: CustomerID, having: 'sum(Quantity * UnitPrice) > 60 and count() >= 2 or max(UnitPrice) >= 39' }
  steady_buyers: { unit: count, source: shop, aggregate: count_distinct, expr: CustomerID, where: 'Quantity > 0', having: 'avg(Quantity) >= 13 and not min(UnitPrice) < 1 and count(UnitPrice) > 0' }
  max_price: { unit: money(GBP), source: shop, aggregate: max, expr: UnitPrice, where: 'Quantity > 0' }
  first_qty: { unit: count, source: shop, aggregate: first, expr: Quantity - 1, where: 'Quantity >= 1' }
metrics:
  - avg_basket = revenue / orders
  - repeat_share = orders / customers
  - lines_per_order = lines / orders
  - repurchase_rate = repeat_customers / customers
strategy:
  s: Grow the online shop
objectives:
  customers:
    description: Reach 5 distinct customers per country and channel every quarter
    aligned_with: s
    owner: e-commerce team
    period: quarterly
    deadline: 2026-12-31
    kpis: [customers, avg_basket, repurchase_rate]
    targets:
      - customers >= 5
      - repurchase_rate >= 30%
      - avg_basket >= 20 GBP
"#;

const COUNTRIES: &[&str] = &["United Kingdom", "France", "EIRE"];
const CHANNELS: &[&str] = &["web", "store"];
const STOCK: &[&str] = &["85123A", "71053", "POST", "M", "22633X", "84879"];
const DESCRIPTIONS: &[&str] = &["WHITE HANGING HEART", "Red Mug", "MUG, BLUE", "Postage", ""];

/// The order lines of ~150 invoices over five months, written into `dir`.
fn export(dir: &Path, seed: u64) {
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let pick = |rng: &mut Rng, xs: &[&'static str]| xs[rng.below(xs.len() as u64) as usize];
    let mut out = String::from(
        "InvoiceNo,Stock Code,Description,Quantity,UnitPrice,CustomerID,InvoiceDate,Country,Channel\n",
    );
    let start = chrono::NaiveDate::from_ymd_opt(2025, 11, 1).expect("date");
    for invoice in 0..150u64 {
        let day = start + chrono::Days::new(rng.below(150));
        let cancelled = rng.below(8) == 0;
        let no = format!("{}{}", if cancelled { "C" } else { "" }, 536_000 + invoice);
        let customer = match rng.below(6) {
            0 => String::new(),
            1 => format!("{}.0", 12_000 + rng.below(15)),
            _ => (12_000 + rng.below(15)).to_string(),
        };
        let (country, channel) = (pick(&mut rng, COUNTRIES), pick(&mut rng, CHANNELS));
        let at = format!(
            "{} {:02}:{:02}",
            day.format("%d/%m/%Y"),
            rng.below(24),
            rng.below(60)
        );
        for _ in 0..1 + rng.below(4) {
            let qty = 1 + rng.below(24) as i64;
            let qty = if cancelled { -qty } else { qty };
            let price = match rng.below(10) {
                0 => String::new(),
                // the same price as a two-decimal one, written with four
                1 => format!("{}.{:02}00", rng.below(40), rng.below(100)),
                _ => format!("{}.{:02}", rng.below(40), rng.below(100)),
            };
            let desc = pick(&mut rng, DESCRIPTIONS);
            let desc = if desc.contains(',') {
                format!("\"{desc}\"")
            } else {
                desc.to_string()
            };
            let _ = writeln!(
                out,
                "{no},{},{desc},{qty},{price},{customer},{at},{country},{channel}",
                pick(&mut rng, STOCK)
            );
        }
    }
    std::fs::write(dir.join("lines.csv"), out).expect("write export");
    std::fs::write(dir.join("s.kpi.yaml"), SPEC).expect("write spec");
}

/// Loads the export as a table of text columns and runs `query`.
fn run(engine: &str, dir: &Path, schema: &str, query: &str) -> Result<engines::ResultSet, String> {
    let file = dir.join("lines.csv");
    let text = std::fs::read_to_string(&file).expect("read export");
    let header: Vec<&str> = text.lines().next().unwrap_or_default().split(',').collect();
    if engine == "spark" {
        engines::spark(&[("raw_lines", &file, ',')], &[query])
    } else if engine == "duckdb" {
        engines::duckdb(&format!(
            "CREATE TABLE raw_lines AS SELECT * FROM read_csv('{}', header = true, all_varchar = true, quote = '\"');\n{query}",
            file.display()
        ))
    } else {
        let cols: Vec<String> = header.iter().map(|h| format!("\"{h}\" TEXT")).collect();
        engines::postgres(&format!(
            "DROP SCHEMA IF EXISTS {schema} CASCADE;\nCREATE SCHEMA {schema};\nSET search_path TO {schema};\nCREATE TABLE raw_lines ({});\n\\copy raw_lines FROM '{}' WITH (FORMAT csv, HEADER true)\n{query};\nDROP SCHEMA {schema} CASCADE;\n",
            cols.join(", "),
            file.display()
        ))
    }
}

const PERIODS: &[&str] = &["daily", "weekly", "monthly", "quarterly", "yearly"];
const BYS: &[&str] = &["", "country", "country,channel"];

fn case_on(engine: &str, seed: u64) -> usize {
    let dir = tempfile::tempdir().expect("temp dir");
    let period = PERIODS[(seed % 5) as usize];
    let by = BYS[(seed / 5 % 3) as usize];
    export(dir.path(), seed);
    let mut eval_args = vec!["eval", "s.kpi.yaml", "--period", period, "--format", "json"];
    let mut sql_args = vec!["sql", "s.kpi.yaml", "--dialect", engine, "--period", period];
    if !by.is_empty() {
        eval_args.extend(["--by", by]);
        sql_args.extend(["--by", by]);
    }
    let ev = run_in(dir.path(), &eval_args);
    assert_eq!(ev.code, 0, "eval: {}", ev.stderr);
    let sql = run_in(dir.path(), &sql_args);
    assert_eq!(sql.code, 0, "sql: {}", sql.stderr);
    let doc = ev.json();
    let want = key_eval(&doc);
    let dims: Vec<String> = by
        .split(',')
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    let rs = run(engine, dir.path(), &format!("rows_{seed}"), &sql.stdout)
        .unwrap_or_else(|e| panic!("{e}\n{}", sql.stdout));
    let got = key_rows(&rs, &dims);
    let ctx = format!("{engine}, seed {seed}, {period} by {by:?}");
    let mut compared = engines::assert_values_agree(&want, &got, engine, &ctx);
    sql_args.push("--objectives");
    let sql = run_in(dir.path(), &sql_args);
    assert_eq!(sql.code, 0, "sql --objectives: {}", sql.stderr);
    let rs = run(engine, dir.path(), &format!("robj_{seed}"), &sql.stdout)
        .unwrap_or_else(|e| panic!("{e}\n{}", sql.stdout));
    let targets = doc["targets"].as_array().expect("targets");
    compared += engines::assert_targets_agree(targets, &rs, &ctx);
    compared
}

fn cases_on(engine: &str) {
    let compared: usize = (0..15).map(|seed| case_on(engine, seed)).sum();
    assert!(compared > 2_000, "{compared} values compared");
}

#[test]
#[cfg_attr(
    not(feature = "engines"),
    ignore = "runs on a real DuckDB and PostgreSQL: cargo test --features engines (bash .ci/run sets them up)"
)]
fn duckdb_computes_row_level_inputs_as_eval_does() {
    cases_on("duckdb");
}

#[test]
#[cfg_attr(
    not(feature = "engines"),
    ignore = "runs on a real DuckDB and PostgreSQL: cargo test --features engines (bash .ci/run sets them up)"
)]
fn postgres_computes_row_level_inputs_as_eval_does() {
    cases_on("postgres");
}

#[test]
#[cfg_attr(
    not(feature = "engines"),
    ignore = "runs on a real Apache Spark (pyspark, local[2]): cargo test --features engines (bash .ci/run sets it up)"
)]
fn spark_computes_row_level_inputs_as_eval_does() {
    cases_on("spark");
}

/// A distinct count is not the sum of its parts: with one customer buying
/// in two months, the quarter counts them once (eval; the engines agree
/// through the tests above).
#[test]
fn distinct_counts_are_counted_over_each_whole_period() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("s.kpi.yaml"), SPEC).expect("spec");
    std::fs::write(
        dir.path().join("lines.csv"),
        "InvoiceNo,Stock Code,Description,Quantity,UnitPrice,CustomerID,InvoiceDate,Country,Channel\n\
         1,A,x,1,10,17850,03/01/2026 10:00,France,web\n\
         2,A,x,1,10,17850,17/02/2026 10:00,France,web\n\
         3,A,x,1,10,12000,17/02/2026 11:00,France,web\n",
    )
    .expect("data");
    let value = |period: &str, name: &str| -> Vec<String> {
        let r = run_in(
            dir.path(),
            &["eval", "s.kpi.yaml", "--period", period, "--format", "json"],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.json()["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|row| row["values"][name].to_string())
            .collect()
    };
    assert_eq!(value("monthly", "customers"), ["1", "2"]);
    assert_eq!(value("quarterly", "customers"), ["2"]);
    assert_eq!(value("monthly", "orders"), ["1", "2"]);
    assert_eq!(value("quarterly", "orders"), ["3"]);
}
