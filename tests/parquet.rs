//! Parquet sources through the real binary, on files this test writes with
//! the parquet crate's own writer: exact DECIMALs (also 38-digit ones as
//! fixed-length bytes), DOUBLE and FLOAT read as their shortest decimals,
//! DATE, UTC timestamps taking their day in the source's zone, NULLs,
//! several row groups; a corrupt file and a missing column as diagnostics;
//! `inspect` proposing a spec that evaluates. (DuckDB-written files are
//! compared with DuckDB in `tests/sql_sources.rs`.)
#![cfg(feature = "parquet")]

mod common;

use common::run_in;
use parquet::column::writer::ColumnWriter;
use parquet::data_type::{ByteArray, FixedLenByteArray};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use std::path::Path;
use std::sync::Arc;

const SCHEMA: &str = "message orders {
  REQUIRED INT32 day (DATE);
  OPTIONAL INT64 at (TIMESTAMP(MICROS,true));
  OPTIONAL BYTE_ARRAY campaign (UTF8);
  OPTIONAL INT64 spend (DECIMAL(18,2));
  OPTIONAL FIXED_LEN_BYTE_ARRAY (16) big (DECIMAL(38,10));
  OPTIONAL DOUBLE rate;
  OPTIONAL FLOAT weight;
}";

/// One row: day (days since 1970-01-01), timestamp (µs), campaign, spend
/// (cents), big (unscaled, scale 10), rate, weight; None is NULL.
type Row = (
    i32,
    Option<i64>,
    Option<&'static str>,
    Option<i64>,
    Option<i128>,
    Option<f64>,
    Option<f32>,
);

fn days(y: i32, m: u32, d: u32) -> i32 {
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
    (chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap() - epoch).num_days() as i32
}

fn micros(y: i32, m: u32, d: u32, h: u32, min: u32) -> i64 {
    chrono::NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, min, 0)
        .unwrap()
        .and_utc()
        .timestamp_micros()
}

/// Writes `groups` (each a row group) to `path`.
fn write(path: &Path, groups: &[Vec<Row>]) {
    let schema = Arc::new(parse_message_type(SCHEMA).unwrap());
    let props = Arc::new(WriterProperties::builder().build());
    let file = std::fs::File::create(path).unwrap();
    let mut w = SerializedFileWriter::new(file, schema, props).unwrap();
    for rows in groups {
        let mut rg = w.next_row_group().unwrap();
        let mut k = 0;
        while let Some(mut col) = rg.next_column().unwrap() {
            let defs =
                |present: Vec<bool>| -> Vec<i16> { present.into_iter().map(i16::from).collect() };
            match (k, col.untyped()) {
                (0, ColumnWriter::Int32ColumnWriter(c)) => {
                    let v: Vec<i32> = rows.iter().map(|r| r.0).collect();
                    c.write_batch(&v, None, None).unwrap();
                }
                (1, ColumnWriter::Int64ColumnWriter(c)) => {
                    let v: Vec<i64> = rows.iter().filter_map(|r| r.1).collect();
                    let d = defs(rows.iter().map(|r| r.1.is_some()).collect());
                    c.write_batch(&v, Some(&d), None).unwrap();
                }
                (2, ColumnWriter::ByteArrayColumnWriter(c)) => {
                    let v: Vec<ByteArray> = rows
                        .iter()
                        .filter_map(|r| r.2)
                        .map(ByteArray::from)
                        .collect();
                    let d = defs(rows.iter().map(|r| r.2.is_some()).collect());
                    c.write_batch(&v, Some(&d), None).unwrap();
                }
                (3, ColumnWriter::Int64ColumnWriter(c)) => {
                    let v: Vec<i64> = rows.iter().filter_map(|r| r.3).collect();
                    let d = defs(rows.iter().map(|r| r.3.is_some()).collect());
                    c.write_batch(&v, Some(&d), None).unwrap();
                }
                (4, ColumnWriter::FixedLenByteArrayColumnWriter(c)) => {
                    let v: Vec<FixedLenByteArray> = rows
                        .iter()
                        .filter_map(|r| r.4)
                        .map(|x| FixedLenByteArray::from(x.to_be_bytes().to_vec()))
                        .collect();
                    let d = defs(rows.iter().map(|r| r.4.is_some()).collect());
                    c.write_batch(&v, Some(&d), None).unwrap();
                }
                (5, ColumnWriter::DoubleColumnWriter(c)) => {
                    let v: Vec<f64> = rows.iter().filter_map(|r| r.5).collect();
                    let d = defs(rows.iter().map(|r| r.5.is_some()).collect());
                    c.write_batch(&v, Some(&d), None).unwrap();
                }
                (6, ColumnWriter::FloatColumnWriter(c)) => {
                    let v: Vec<f32> = rows.iter().filter_map(|r| r.6).collect();
                    let d = defs(rows.iter().map(|r| r.6.is_some()).collect());
                    c.write_batch(&v, Some(&d), None).unwrap();
                }
                (k, _) => panic!("column {k}: unexpected writer"),
            }
            col.close().unwrap();
            k += 1;
        }
        rg.close().unwrap();
    }
    w.close().unwrap();
}

fn orders(dir: &Path) {
    write(
        &dir.join("orders.parquet"),
        &[
            vec![
                (
                    days(2026, 3, 1),
                    Some(micros(2026, 3, 1, 9, 0)),
                    Some("Printemps"),
                    Some(1234),
                    Some(123_456_789_012_345_678_901_234_567_890),
                    Some(0.1),
                    Some(1.43),
                ),
                // 23:30 UTC on 31 March is 1 April in Paris
                (
                    days(2026, 3, 31),
                    Some(micros(2026, 3, 31, 23, 30)),
                    Some("Printemps"),
                    Some(10),
                    Some(-5_000_000_000),
                    Some(0.2),
                    None,
                ),
            ],
            vec![
                (
                    days(2026, 4, 2),
                    Some(micros(2026, 4, 2, 12, 0)),
                    None,
                    None,
                    None,
                    None,
                    Some(0.5),
                ),
                (
                    days(2026, 4, 3),
                    None,
                    Some("Été"),
                    Some(-99),
                    Some(1),
                    Some(1e-7),
                    Some(2.0),
                ),
            ],
        ],
    );
}

const INPUTS: &str = "inputs:
  spend: { unit: money(EUR), source: shop }
  big: { unit: number, source: shop }
  rate: { unit: number, source: shop }
  weight: { unit: number, source: shop }
";

fn values(doc: &serde_json::Value) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for r in doc["results"].as_array().unwrap() {
        for (k, v) in r["values"].as_object().unwrap() {
            out.push((
                r["period"].as_str().unwrap().to_string(),
                k.clone(),
                v.to_string(),
            ));
        }
    }
    out
}

#[test]
fn typed_values_are_read_exactly() {
    let dir = tempfile::tempdir().unwrap();
    orders(dir.path());
    std::fs::write(
        dir.path().join("s.kpi.yaml"),
        format!("sources:\n  shop:\n    path: orders.parquet\n    date: day\n{INPUTS}"),
    )
    .unwrap();
    let ev = run_in(dir.path(), &["eval", "s.kpi.yaml", "--format", "json"]);
    assert_eq!(ev.code, 0, "{}", ev.stderr);
    let v = values(&ev.json());
    let get = |p: &str, k: &str| {
        v.iter()
            .find(|(pp, kk, _)| pp == p && kk == k)
            .map(|(_, _, x)| x.clone())
            .unwrap()
    };
    // 12.34 + 0.10 EUR; 12345678901234567890.1234567890 - 0.5
    assert_eq!(get("2026-03", "spend"), "12.44");
    assert_eq!(get("2026-03", "big"), "12345678901234567889.623456789");
    // binary floats read as their shortest decimals: 0.1 + 0.2 is 0.3
    assert_eq!(get("2026-03", "rate"), "0.3");
    assert_eq!(get("2026-03", "weight"), "1.43");
    assert_eq!(get("2026-04", "spend"), "-0.99");
    assert_eq!(get("2026-04", "rate"), "0.0000001");
    assert_eq!(get("2026-04", "weight"), "2.5");
}

#[test]
fn timestamps_take_their_day_in_the_source_zone() {
    let dir = tempfile::tempdir().unwrap();
    orders(dir.path());
    for (zone, march_spend) in [("", "12.44"), ("    timezone: Europe/Paris\n", "12.34")] {
        std::fs::write(
            dir.path().join("s.kpi.yaml"),
            format!("sources:\n  shop:\n    path: orders.parquet\n    date: at\n{zone}{INPUTS}"),
        )
        .unwrap();
        let ev = run_in(dir.path(), &["eval", "s.kpi.yaml", "--format", "json"]);
        // the row with no timestamp is a data error, positioned at its row
        assert_eq!(ev.code, 1, "{}", ev.stderr);
        let doc = ev.json();
        let d = &doc["diagnostics"][0];
        assert_eq!(d["code"], "data-error");
        assert_eq!(d["line"], 4, "{d}");
        // without the bad row, the month of the 31 March 23:30 UTC row
        let ev = run_in(
            dir.path(),
            &[
                "eval",
                "s.kpi.yaml",
                "--format",
                "json",
                "--on-bad-row",
                "skip",
            ],
        );
        assert_eq!(ev.code, 0, "{}", ev.stderr);
        let v = values(&ev.json());
        let march = v
            .iter()
            .find(|(p, k, _)| p == "2026-03" && k == "spend")
            .map(|(_, _, x)| x.clone());
        assert_eq!(march.as_deref(), Some(march_spend), "zone {zone:?}");
    }
}

#[test]
fn inspect_proposes_a_spec_that_evaluates() {
    let dir = tempfile::tempdir().unwrap();
    orders(dir.path());
    let r = run_in(
        dir.path(),
        &["inspect", "orders.parquet", "--format", "json"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc = r.json();
    let i = &doc[0];
    assert_eq!(i["format"], "parquet");
    assert_eq!(i["date"]["column"], "day");
    std::fs::write(
        dir.path().join("p.kpi.yaml"),
        i["snippet"].as_str().unwrap(),
    )
    .unwrap();
    let ev = run_in(dir.path(), &["eval", "p.kpi.yaml", "--format", "json"]);
    assert_eq!(ev.code, 0, "{}\n{}", ev.stderr, i["snippet"]);
    assert!(values(&ev.json())
        .iter()
        .any(|(_, k, v)| k == "spend" && v == "12.44"));
}

#[test]
fn a_corrupt_file_and_a_missing_column_are_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    orders(dir.path());
    let mut bytes = std::fs::read(dir.path().join("orders.parquet")).unwrap();
    bytes.truncate(bytes.len() / 2);
    std::fs::write(dir.path().join("broken.parquet"), &bytes).unwrap();
    std::fs::write(
        dir.path().join("s.kpi.yaml"),
        "sources:\n  shop:\n    path: broken.parquet\n    date: day\ninputs:\n  spend: { unit: money(EUR), source: shop }\n",
    )
    .unwrap();
    let ev = run_in(dir.path(), &["eval", "s.kpi.yaml"]);
    assert_eq!(ev.code, 1);
    assert!(
        ev.stderr.contains("cannot read the Parquet file"),
        "{}",
        ev.stderr
    );
    std::fs::write(
        dir.path().join("s.kpi.yaml"),
        "sources:\n  shop:\n    path: orders.parquet\n    date: day\ninputs:\n  spend: { unit: money(EUR), source: shop, column: spnd }\n",
    )
    .unwrap();
    let ev = run_in(dir.path(), &["eval", "s.kpi.yaml"]);
    assert!(ev.stderr.contains("missing-column"), "{}", ev.stderr);
    assert!(ev.stderr.contains("did you mean `spend`?"), "{}", ev.stderr);
}

/// The fast fold (every core, fixed-point, row groups in any order) gives
/// exactly what the exact fold gives, by dimension, and gives way to it on
/// what it does not read (a row with no date).
#[test]
fn the_fast_fold_equals_the_exact_fold() {
    let dir = tempfile::tempdir().unwrap();
    // many row groups, in an order the workers will interleave
    let mut groups = Vec::new();
    for g in 0..40i64 {
        let rows: Vec<Row> = (0..50i64)
            .map(|i| {
                let k = g * 50 + i;
                (
                    days(2026, 1, 1) + (k % 200) as i32,
                    Some(micros(2026, 1, 1, 0, 0) + k * 3_600_000_000),
                    [Some("Printemps"), Some("Été"), None][(k % 3) as usize],
                    (k % 7 != 0).then_some(k * 37 % 10_000 - 500),
                    Some(i128::from(k) * 1_000_000_000 + 123),
                    Some(k as f64 / 8.0),
                    Some((k % 5) as f32 * 0.25),
                )
            })
            .collect();
        groups.push(rows);
    }
    write(&dir.path().join("orders.parquet"), &groups);
    for (date, by) in [
        ("day", vec![]),
        ("day", vec!["campaign".to_string()]),
        ("at", vec!["campaign".to_string()]),
    ] {
        let spec = format!(
            "sources:\n  shop:\n    path: orders.parquet\n    timezone: Europe/Paris\n    date: {date}\n    dimensions: {{ campaign: campaign }}\n{INPUTS}  low: {{ unit: number, source: shop, column: rate, aggregate: min }}\n  first: {{ unit: number, source: shop, column: weight, aggregate: first }}\n  mean: {{ unit: money(EUR), source: shop, column: spend, aggregate: avg }}\n"
        );
        let spec_path = dir.path().join("s.kpi.yaml");
        let data = dir.path().join("orders.parquet");
        let (fast, exact) = common::both_readers(
            &spec_path,
            &spec,
            &data,
            &by,
            boussole::vocab::Period::Weekly,
        );
        let fast = fast.unwrap_or_else(|e| panic!("{date} by {by:?}: {e}"));
        assert_eq!(fast["errors"], 0, "{fast:#}");
        assert!(fast["results"].as_array().unwrap().len() > 25);
        assert_eq!(fast, exact, "{date} by {by:?}");
    }
    // a row with no timestamp: the fast fold gives way, the exact one reports it
    orders(dir.path());
    std::fs::write(
        dir.path().join("s.kpi.yaml"),
        format!("sources:\n  shop:\n    path: orders.parquet\n    date: at\n{INPUTS}"),
    )
    .unwrap();
    let ev = run_in(dir.path(), &["eval", "s.kpi.yaml", "--format", "json"]);
    assert_eq!(ev.json()["diagnostics"][0]["code"], "data-error");
}
