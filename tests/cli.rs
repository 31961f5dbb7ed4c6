//! Integration tests of the real binary on temporary projects.

mod common;
use common::{root, run, run_in};
use serde_json::Value;
use std::fs;

fn write(dir: &std::path::Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

/// 1-based line and character column of the first occurrence of `needle`, computed
/// independently of the tool.
fn position(text: &str, needle: &str) -> (u64, u64) {
    // skip the fixture's header comment, which names the tokens
    let skip = if text.starts_with('#') {
        text.find('\n').unwrap()
    } else {
        0
    };
    let at = skip
        + text[skip..]
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} not in fixture"));
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap().chars().count() + 1;
    (line as u64, col as u64)
}

#[test]
fn positions_are_exact_in_every_scalar_style() {
    let path = "tests/fixtures/check/scalar-styles.kpi.yaml";
    let text = fs::read_to_string(root().join(path)).unwrap();
    let doc = run(&["check", path, "--format", "json"]).json();
    let diags = doc["diagnostics"].as_array().unwrap();
    // the escaped name starts at its escape sequence `\u0078`
    let cases = [
        ("x_plain", "x_plain"),
        ("x_single", "x_single"),
        ("x_dq_escaped", "\\u0078_dq_escaped"),
        ("x_double", "x_double"),
        ("x_literal", "x_literal"),
        ("x_folded", "x_folded"),
        ("x_long", "x_long"),
    ];
    assert_eq!(diags.len(), cases.len(), "{doc:#}");
    for (name, token) in cases {
        let d = diags
            .iter()
            .find(|d| {
                d["message"]
                    .as_str()
                    .unwrap()
                    .contains(&format!("`{name}`"))
            })
            .unwrap_or_else(|| panic!("no diagnostic for {name}"));
        assert_eq!(d["code"], "undefined-metric");
        let (line, col) = position(&text, token);
        assert_eq!(
            (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()),
            (line, col),
            "{name}"
        );
    }
}

/// The first diagnostic with `code` in a JSON list of diagnostics.
fn with_code<'a>(diags: &'a Value, code: &str) -> &'a Value {
    diags
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {diags:#}"))
}

#[test]
fn positions_survive_bom_crlf_and_non_ascii() {
    let dir = tempfile::tempdir().unwrap();
    let text = "\u{feff}inputs:\r\n  clics_été: count\r\n  clicks: count\r\nmetrics:\r\n  - \"taux = clicks / ééé_missing\"\r\n";
    write(dir.path(), "a.kpi.yaml", text);
    let r = run_in(dir.path(), &["check", "--format", "json"]);
    let doc = r.json();
    let d = &doc["diagnostics"];
    // `clics_été` is not a valid name (ASCII only), and ééé_missing is not a name either
    let codes: Vec<&str> = d
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"invalid-value"), "{doc:#}");
    let inv = with_code(d, "invalid-value");
    assert_eq!(
        (inv["line"].as_u64(), inv["column"].as_u64()),
        (Some(2), Some(3))
    );
    let syn = with_code(d, "syntax-error");
    // the first `é` of ééé_missing: line 5, column counted in characters
    let (_, col) = position("  - \"taux = clicks / ééé_missing\"", "ééé");
    assert_eq!(
        (syn["line"].as_u64(), syn["column"].as_u64()),
        (Some(5), Some(col))
    );
}

fn example() -> Value {
    let r = run(&[
        "eval",
        "specs",
        "examples/ecommerce",
        "--data",
        "examples/ecommerce/daily.csv",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.json()
}

#[test]
fn the_guides_worked_examples() {
    let doc = example();
    assert_eq!(doc["period"], "monthly");
    let results = doc["results"].as_array().unwrap();
    assert_eq!(results.len(), 24);
    let expected = [
        ("cpc", "0.25"),
        ("cac", "50"),
        ("ctr", "0.03"),
        ("open_rate", "0.25"),
        ("click_to_open", "0.16"),
        ("engagement_rate", "0.04"),
        ("conversion", "0.05"),
        ("cart_abandonment", "0.375"),
        ("avg_basket", "50"),
    ];
    for r in results {
        for (name, want) in expected {
            // exact decimal digits, as written in the JSON text
            assert_eq!(
                r["values"][name].to_string(),
                want,
                "{name} in {}",
                r["period"]
            );
        }
    }
    for r in &results[..12] {
        // survey and customer-base figures do not grow in 2026
        assert_eq!(r["values"]["nps"].to_string(), "40");
        assert_eq!(r["values"]["clv"].to_string(), "80");
    }
    let jan = &results[0];
    assert_eq!(jan["period"], "2025-01");
    assert_eq!(jan["values"]["clicks"].to_string(), "1200");
    assert_eq!(jan["values"]["impressions"].to_string(), "40000");
    assert_eq!(jan["values"]["reach"].to_string(), "20000");
    // 2026-08: every flow is 16 % above August 2025
    let aug = results.iter().find(|r| r["period"] == "2026-08").unwrap();
    assert_eq!(aug["values"]["revenue"].to_string(), "58000");
}

#[test]
fn growth_target_is_missed_until_august_then_met() {
    let doc = example();
    let growth: Vec<(String, String, String)> = doc["targets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["target"] == "growth(revenue, 12) >= 15%")
        .map(|t| {
            (
                t["period"].as_str().unwrap().into(),
                t["status"].as_str().unwrap().into(),
                t["value"].to_string(),
            )
        })
        .collect();
    assert_eq!(growth.len(), 12);
    for (i, (period, status, value)) in growth.iter().enumerate() {
        let month = i + 1;
        assert_eq!(period, &format!("2026-{month:02}"));
        assert_eq!(
            value,
            &format!(
                "{}",
                rust_decimal::Decimal::new(2 * month as i64, 2).normalize()
            )
        );
        assert_eq!(
            status,
            if month >= 8 { "met" } else { "missed" },
            "{period}"
        );
    }
    let quarterly: Vec<&str> = doc["targets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["objective"] == "engage_newsletter")
        .map(|t| t["period"].as_str().unwrap())
        .collect();
    assert_eq!(
        quarterly,
        ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"].repeat(2)
    );
}

#[test]
fn a_ratio_is_a_ratio_of_sums() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "s.kpi.yaml", "inputs:\n  clicks: count\n  impressions: count\nmetrics:\n  - ctr = clicks / impressions\n");
    // daily ratios 0.5, 0.01 and 0.005: their average would be 0.171666…, the ratio of sums is 55/2000
    write(dir.path(), "d.csv", "date,clicks,impressions\n2026-01-01,50,100\n2026-01-02,1,100\n2026-01-03,4,800\n2026-01-04,0,1000\n");
    let doc = run_in(
        dir.path(),
        &["eval", ".", "--data", "d.csv", "--format", "json"],
    )
    .json();
    assert_eq!(doc["results"][0]["values"]["ctr"].to_string(), "0.0275");
}

#[test]
fn periods_and_dimensions() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "s.kpi.yaml", "inputs:\n  orders: count\n");
    write(
        dir.path(),
        "d.csv",
        "date,shop,orders\n2026-03-15,a,1\n2026-03-16,b,2\n2026-06-30,a,4\n2026-12-31,a,8\n",
    );
    let labels = |period: &str| -> Vec<String> {
        let doc = run_in(
            dir.path(),
            &[
                "eval", ".", "--data", "d.csv", "--period", period, "--format", "json",
            ],
        )
        .json();
        doc["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["period"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        labels("daily"),
        ["2026-03-15", "2026-03-16", "2026-06-30", "2026-12-31"]
    );
    assert_eq!(
        labels("weekly"),
        ["2026-W11", "2026-W12", "2026-W27", "2026-W53"]
    );
    assert_eq!(labels("monthly"), ["2026-03", "2026-06", "2026-12"]);
    assert_eq!(labels("quarterly"), ["2026-Q1", "2026-Q2", "2026-Q4"]);
    assert_eq!(labels("yearly"), ["2026"]);
    let doc = run_in(
        dir.path(),
        &[
            "eval", ".", "--data", "d.csv", "--by", "shop", "--format", "json", "--period",
            "yearly",
        ],
    )
    .json();
    let rows: Vec<(String, String)> = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["dimensions"]["shop"].as_str().unwrap().to_string(),
                r["values"]["orders"].to_string(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("a".to_string(), "13".to_string()),
            ("b".to_string(), "2".to_string())
        ]
    );
}

#[test]
fn init_scaffolds_a_project_that_checks_and_evaluates() {
    let dir = tempfile::tempdir().unwrap();
    let r = run_in(dir.path(), &["init", "kpis"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run_in(dir.path(), &["check", "kpis", "--deny-warnings"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let r = run_in(
        dir.path(),
        &["eval", "kpis", "--data", "kpis/data/daily.csv"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("0.25 €"), "{}", r.stdout);
    assert!(r.stdout.contains("3.00 %"));
    // a second init refuses to overwrite
    let r = run_in(dir.path(), &["init", "kpis"]);
    assert_eq!(r.code, 2);
}

#[test]
fn shipped_specs_and_examples_are_clean() {
    let r = run(&[
        "check",
        "specs",
        "examples/ecommerce",
        "--deny-warnings",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(r.json()["diagnostics"], serde_json::json!([]));
}

#[test]
fn the_catalog_has_the_16_kpis_of_the_guide() {
    let text = fs::read_to_string(root().join("specs/marketing.kpi.yaml")).unwrap();
    for kpi in [
        "impressions:",
        "reach:",
        "ad_recall =",
        "sessions:",
        "cpc =",
        "cac =",
        "engagement_rate =",
        "amplification_rate =",
        "ctr =",
        "open_rate =",
        "conversion =",
        "avg_basket =",
        "cart_abandonment =",
        "repurchase_rate =",
        "clv =",
        "nps =",
    ] {
        assert!(text.contains(kpi), "{kpi}");
    }
}

#[test]
fn exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    // no spec at all: an I/O-level problem
    assert_eq!(run_in(dir.path(), &["check"]).code, 2);
    assert_eq!(run_in(dir.path(), &["check", "missing-dir"]).code, 2);
    // usage errors
    assert_eq!(run_in(dir.path(), &["eval"]).code, 2);
    assert_eq!(run_in(dir.path(), &["check", "--format", "xml"]).code, 2);
    assert_eq!(run_in(dir.path(), &["frobnicate"]).code, 2);
    write(dir.path(), "s.kpi.yaml", "inputs:\n  orders: count\n");
    assert_eq!(run_in(dir.path(), &["check"]).code, 0);
    assert_eq!(
        run_in(dir.path(), &["eval", ".", "--data", "nope.csv"]).code,
        2
    );
    assert_eq!(
        run_in(
            dir.path(),
            &["eval", ".", "--data", "x.csv", "--period", "hourly"]
        )
        .code,
        2
    );
    // a data error is an error found: exit 1
    write(dir.path(), "bad.csv", "date,orders\n2026-01-01,x\n");
    assert_eq!(
        run_in(dir.path(), &["eval", ".", "--data", "bad.csv"]).code,
        1
    );
    write(dir.path(), "nodate.csv", "day,orders\n2026-01-01,1\n");
    let r = run_in(
        dir.path(),
        &["eval", ".", "--data", "nodate.csv", "--format", "json"],
    );
    assert_eq!(r.code, 1);
    assert_eq!(r.json()["diagnostics"][0]["code"], "data-error");
}

#[test]
fn eval_refuses_a_spec_with_errors() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "s.kpi.yaml",
        "inputs:\n  orders: count\nmetrics:\n  - x = orders / ordres\n",
    );
    write(dir.path(), "d.csv", "date,orders\n2026-01-01,1\n");
    let r = run_in(
        dir.path(),
        &["eval", ".", "--data", "d.csv", "--format", "json"],
    );
    assert_eq!(r.code, 1);
    let doc = r.json();
    assert_eq!(doc["errors"], 1);
    assert_eq!(doc["diagnostics"][0]["code"], "undefined-metric");
    assert_eq!(doc["diagnostics"][0]["help"], "did you mean `orders`?");
}

#[test]
fn hostile_specs_give_diagnostics_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    let deep = format!(
        "metrics:\n  - x = {}1{}\n",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    let minus = format!("metrics:\n  - x = {}1\n", "-".repeat(5_000));
    let nested = format!("metrics:\n  - x = {}1{}\n", "(".repeat(70), ")".repeat(70));
    let minus_nested = format!("metrics:\n  - x = {}1\n", "-".repeat(3_000));
    // each case, the code and message its own guard gives: a removed guard
    // changes them (or panics)
    let cases = [
        ("deep", deep.as_str(), "syntax-error", "expression is 200005 bytes long; the limit is 4096"),
        ("minus", minus.as_str(), "syntax-error", "expression is 5005 bytes long"),
        ("nested", nested.as_str(), "syntax-error", "expression nested more than 64 levels deep"),
        ("minus-nested", minus_nested.as_str(), "syntax-error", "expression nested more than 64 levels deep"),
        ("bigliteral", "metrics:\n  - x = 123456789012345678901234567890123456789012345678901234567890\n", "syntax-error", "has more digits than"),
        ("bomb", "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n", "yaml-error", "aliases expand to more than 1000000 nodes"),
        ("nesting", &"[".repeat(10_000), "yaml-error", "recursion limit exceeded"),
        ("scalar-root", "just text", "invalid-value", "a spec file must be a mapping, found a scalar"),
        ("two-docs", "inputs: {}\n---\ninputs: {}\n", "yaml-error", "a spec file holds one YAML document; found a second"),
        ("tabs", "inputs:\n\tclicks: count\n", "yaml-error", "tabs disallowed"),
        ("empty-metric", "metrics:\n  - ''\n", "syntax-error", "unexpected end of expression, expected a name"),
        ("number-keys", "inputs:\n  1: count\n  [a]: count\n", "invalid-value", "`1` is not a valid input name"),
    ];
    for (name, text, code, message) in cases {
        write(dir.path(), &format!("{name}/s.kpi.yaml"), text);
        let r = run_in(dir.path(), &["check", name, "--format", "json"]);
        assert_eq!(r.code, 1, "{name}: {}", r.stderr);
        assert!(!r.stderr.contains("panicked"), "{name}");
        let doc = r.json();
        let first = &doc["diagnostics"][0];
        assert_eq!(first["code"], code, "{name}: {doc}");
        assert!(
            first["message"].as_str().unwrap().contains(message),
            "{name}: {doc}"
        );
    }
    // not UTF-8
    fs::create_dir_all(dir.path().join("binary")).unwrap();
    fs::write(
        dir.path().join("binary/s.kpi.yaml"),
        b"inputs:\n  a: \xff\xfe count\n",
    )
    .unwrap();
    let r = run_in(dir.path(), &["check", "binary", "--format", "json"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.json()["diagnostics"][0]["code"], "yaml-error");
}

#[test]
fn sql_refuses_a_spec_with_errors_and_bad_usage() {
    // a spec with an error: the diagnostic, exit 1, and no SQL at all
    let r = run(&[
        "sql",
        "tests/fixtures/check/undefined-metric.kpi.yaml",
        "--dialect",
        "duckdb",
        "--table",
        "t",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(r.stderr.contains("undefined-metric"), "{}", r.stderr);
    // usage errors exit 2
    let r = run(&["sql", "specs", "--dialect", "oracle", "--table", "t"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("duckdb, postgres, bigquery, snowflake, spark"),
        "{}",
        r.stderr
    );
    let r = run(&["sql", "specs", "--dialect", "duckdb"]);
    assert_eq!(r.code, 2, "--table is required");
    // --table NAME=TABLE binds a declared source, as --data NAME=FILE does
    let multi = "tests/fixtures/sources/french-multi-source/spec.kpi.yaml";
    for (args, says) in [
        (
            &["--table", "nope=x"][..],
            "declares no source `nope` (sources: meta, ga4)",
        ),
        (
            &["--table", "x"][..],
            "several sources; bind each with --table NAME=TABLE",
        ),
    ] {
        let mut all = vec!["sql", multi, "--dialect", "duckdb"];
        all.extend(args);
        let r = run(&all);
        assert_eq!(r.code, 2, "{args:?}");
        assert!(r.stderr.contains(says), "{}", r.stderr);
    }
    let r = run(&[
        "sql",
        multi,
        "--dialect",
        "duckdb",
        "--table",
        "meta=raw.meta",
        "--table",
        "ga4=raw.ga4",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("FROM \"raw\".\"meta\"") && r.stdout.contains("FROM \"raw\".\"ga4\"")
    );
    // the shipped catalog compiles for every dialect
    for d in ["duckdb", "postgres", "bigquery", "snowflake", "spark"] {
        let r = run(&[
            "sql",
            "specs",
            "examples/ecommerce",
            "--dialect",
            d,
            "--table",
            "t",
        ]);
        assert_eq!(r.code, 0, "{d}: {}", r.stderr);
        assert!(r.stdout.starts_with("WITH "), "{d}");
    }
}

/// The progress bar: on a terminal only (a pseudo-terminal made by `script`),
/// never with `--quiet`, never when stderr is a pipe.
#[test]
fn progress_bar_only_on_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "s.kpi.yaml", "inputs:\n  orders: count\n");
    let mut csv = String::from("date,orders\n");
    for day in 1..=28 {
        csv.push_str(&format!("2026-02-{day:02},{day}\n"));
    }
    write(dir.path(), "d.csv", &csv);
    let bin = env!("CARGO_BIN_EXE_boussole");
    let in_tty = |quiet: &str| {
        let cmd = format!("{bin} eval s.kpi.yaml --data d.csv --format json {quiet} > /dev/null");
        let out = std::process::Command::new("script")
            .args(["-qec", &cmd, "/dev/null"])
            .current_dir(dir.path())
            .env("BOUSSOLE_PROGRESS_MIN_BYTES", "0")
            // a terminal has a TERM; without one (`env -i`), no bar is drawn
            .env("TERM", "xterm-256color")
            .output()
            .expect("script (util-linux) runs");
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(in_tty("").contains("reading d.csv"), "{}", in_tty(""));
    assert!(!in_tty("--quiet").contains("reading"));
    let r = run_in(dir.path(), &["eval", "s.kpi.yaml", "--data", "d.csv"]);
    assert_eq!(r.code, 0);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
}

#[test]
fn csv_options_are_checked() {
    let spec = "tests/fixtures/eval/decimal-comma/spec.kpi.yaml";
    let data = "tests/fixtures/eval/decimal-comma/data.csv";
    // a decimal comma needs another delimiter
    let r = run(&["eval", spec, "--data", data, "--decimal-comma"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--delimiter"), "{}", r.stderr);
    for bad in ["ab", "1", "\"", "."] {
        let r = run(&["eval", spec, "--data", data, "--delimiter", bad]);
        assert_eq!(r.code, 2, "{bad}: {}", r.stderr);
    }
    // read as `,`-separated, the French file is one column: no `date`
    let r = run(&["eval", spec, "--data", data]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("no `date` column"), "{}", r.stderr);
    // skipped rows are counted in the JSON
    let r = run(&[
        "eval",
        "tests/fixtures/eval/skip-bad-rows/spec.kpi.yaml",
        "--data",
        "tests/fixtures/eval/skip-bad-rows/data.csv",
        "--on-bad-row",
        "skip",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc = r.json();
    assert_eq!(doc["skipped_rows"].to_string(), "4");
    // and without skip, the same file is four data errors and no values
    let r = run(&[
        "eval",
        "tests/fixtures/eval/skip-bad-rows/spec.kpi.yaml",
        "--data",
        "tests/fixtures/eval/skip-bad-rows/data.csv",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 1);
    let doc = r.json();
    assert_eq!(doc["errors"].to_string(), "4");
    assert_eq!(doc["results"].as_array().map(Vec::len), Some(0));
}

/// A diagnostic on a very long line: miette would pad past the 65,535-wide
/// format limit and panic (found by the hostile-input trial); the position is
/// printed without the line instead.
#[test]
fn diagnostics_on_huge_lines_render() {
    let dir = tempfile::tempdir().unwrap();
    let long = "x".repeat(100_000);
    // an unknown key, and a key too long for YAML, on 100,000-character lines
    write(
        dir.path(),
        "a/s.kpi.yaml",
        &format!("inputs:\n  a: {{ unit: count, colour: \"{long}\" }}\n"),
    );
    write(
        dir.path(),
        "b/s.kpi.yaml",
        &format!("inputs:\n  {long}: count\n"),
    );
    for (name, code, at) in [
        ("a", "unknown-key", "s.kpi.yaml:2:21"),
        ("b", "yaml-error", "s.kpi.yaml:2:"),
    ] {
        let r = run_in(dir.path(), &["check", name]);
        assert_eq!(r.code, 1, "{name}");
        let head: String = r.stderr.chars().take(300).collect();
        assert!(!r.stderr.contains("panicked"), "{name}: {head}");
        assert!(r.stderr.contains(code), "{name}: {head}");
        assert!(r.stderr.contains(at), "{name}: {head}");
    }
}

#[test]
fn too_many_metrics_is_a_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("inputs:\n  a: count\nmetrics:\n");
    for i in 0..100_005 {
        text.push_str(&format!("  - m{i} = a\n"));
    }
    write(dir.path(), "s.kpi.yaml", &text);
    let r = run_in(dir.path(), &["check", ".", "--format", "json"]);
    assert_eq!(r.code, 1);
    let doc = r.json();
    let d = with_code(&doc["diagnostics"], "too-many-metrics");
    // the first metric over the limit: the 100,000th name after the input
    assert_eq!(d["line"], 100_003);
}

#[test]
fn shipped_spec_tests_pass_and_init_has_them() {
    let r = run(&["test", "specs", "examples/ecommerce"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("6 passed, 0 failed"), "{}", r.stdout);
    let dir = tempfile::tempdir().unwrap();
    let r = run_in(dir.path(), &["init", "p"]);
    assert_eq!(r.code, 0);
    let r = run_in(dir.path(), &["test", "p"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    // a directory without tests is a usage error
    let r = run(&["test", "tests/fixtures/sql"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no *.kpi-test.yaml"), "{}", r.stderr);
}

/// A reader that stops early (`boussole … | head -1`) is not a panic.
#[test]
fn closed_stdout_is_not_a_panic() {
    use std::process::{Command, Stdio};
    for args in [
        vec![
            "eval",
            "specs",
            "examples/ecommerce",
            "--data",
            "examples/ecommerce/daily.csv",
            "--format",
            "json",
        ],
        vec![
            "eval",
            "specs",
            "examples/ecommerce",
            "--data",
            "examples/ecommerce/daily.csv",
        ],
        vec!["sql", "specs", "--dialect", "duckdb", "--table", "t"],
        vec!["check", "tests/fixtures/check", "--format", "sarif"],
    ] {
        let mut child = common::in_english(&mut Command::new(env!("CARGO_BIN_EXE_boussole")))
            .args(&args)
            .current_dir(common::root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // the reader goes away at once
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(out.status.code().is_some_and(|c| c <= 2), "{args:?}");
    }
}

/// `diff` between two commits of a fresh git repository names every changed
/// definition and target, and the objectives affected; directories work too.
#[test]
fn semantic_diff_between_two_commits() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(["-c", "user.email=t@example.com", "-c", "user.name=t"])
            .args(args)
            .current_dir(repo)
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let v1 = fs::read_to_string(common::root().join("tests/fixtures/sql/objectives/spec.kpi.yaml"))
        .unwrap();
    write(repo, "kpis/shop.kpi.yaml", &v1);
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&["commit", "-qm", "v1"]);
    let v2 = v1
        .replace(
            "  - avg_basket = revenue / orders",
            "  - basket = revenue / orders",
        )
        .replace("[avg_basket]", "[basket]")
        .replace(", avg_basket, revenue]", ", basket, revenue]")
        .replace("avg_basket >= 50 EUR", "basket >= 55 EUR")
        .replace(
            "  - conversion = orders / sessions",
            "  - conversion = orders / (sessions + 1)",
        )
        .replace("cac <= 50 EUR", "cac <= 60 EUR")
        .replace(
            "  ad_spend: money(EUR)\n",
            "  ad_spend: money(EUR)\n  refunds: money(EUR)\n",
        );
    write(repo, "kpis/shop.kpi.yaml", &v2);
    git(&["commit", "-qam", "v2"]);
    let r = run_in(
        repo,
        &["diff", "HEAD~1", "HEAD", "kpis", "--format", "json"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let changes: Vec<(String, String)> = r.json()["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["change"].as_str().unwrap().to_string(),
                c["affects"].to_string(),
            )
        })
        .collect();
    let kinds: Vec<&str> = changes.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "renamed",
            "added",
            "redefined",
            "target-moved",
            "target-moved"
        ],
        "{changes:?}"
    );
    assert_eq!(changes[2].1, r#"["sell_more_online"]"#);
    let md = run_in(repo, &["diff", "HEAD~1", "HEAD", "kpis"]);
    assert!(
        md.stdout.contains(
            "| target tightened | `avg_basket >= 50 EUR` → `basket >= 55 EUR` in `keep_baskets` |"
        ),
        "{}",
        md.stdout
    );
    assert!(
        md.stdout
            .contains("| target loosened | `cac <= 50 EUR` → `cac <= 60 EUR`"),
        "{}",
        md.stdout
    );
    // in French: the same table in French words
    let fr = run_in(repo, &["diff", "HEAD~1", "HEAD", "kpis", "--lang", "fr"]);
    assert!(
        fr.stdout.contains(
            "| cible resserrée | `avg_basket >= 50 EUR` → `basket >= 55 EUR` dans `keep_baskets` |"
        ),
        "{}",
        fr.stdout
    );
    assert!(
        fr.stdout.contains("### Changements de KPI"),
        "{}",
        fr.stdout
    );
    // two directories
    write(repo, "old/s.kpi.yaml", &v1);
    let r = run_in(repo, &["diff", "old", "kpis"]);
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stdout,
        md.stdout.replace("`HEAD~1` → `HEAD`", "`old` → `kpis`")
    );
    // --data: how the changed definitions move the last periods' values
    write(
        repo,
        "d.csv",
        "date,orders,sessions,revenue\n2026-01-10,100,1999,5000\n2026-02-10,150,2999,6000\n",
    );
    let r = run_in(
        repo,
        &[
            "diff", "HEAD~1", "HEAD", "kpis", "--data", "d.csv", "--format", "json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let effects = r.json()["effects"].clone();
    let conversion = effects
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "conversion")
        .expect("conversion's effect")
        .clone();
    // orders / sessions → orders / (sessions + 1): 100 / 1999 → 100 / 2000
    assert_eq!(conversion["periods"][0]["period"], "2026-01");
    assert_eq!(conversion["periods"][0]["new"].to_string(), "0.05");
    assert_ne!(
        conversion["periods"][0]["old"],
        conversion["periods"][0]["new"]
    );
    // data that cannot be read: its errors are said, not an empty table
    write(repo, "bad.csv", "jour,orders\n10/01/2026,100\n");
    let r = run_in(
        repo,
        &["diff", "HEAD~1", "HEAD", "kpis", "--data", "bad.csv"],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("data-error") && r.stderr.contains("`date`"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("redefined"), "{}", r.stdout);
    // not a revision
    let r = run_in(repo, &["diff", "nope", "HEAD", "kpis"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not a revision"), "{}", r.stderr);
}

/// A mistyped date (year 0001) under an objective without a start would make
/// a report of hundreds of millions of target rows (found by fuzzing): the
/// rows are capped, with a warning naming the objective.
#[test]
fn a_mistyped_date_does_not_explode_the_targets() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "s.kpi.yaml",
        "inputs:\n  a: count\n  b: count\nmetrics:\n  - r = a / b\nstrategy:\n  s: Sell\nobjectives:\n  o:\n    description: Keep r above half every day of 2026\n    aligned_with: s\n    owner: team\n    period: daily\n    deadline: 2026-12-31\n    kpis: [r]\n    targets:\n      - r >= 50%\n",
    );
    let mut csv = String::from("date,ch,a,b\n0001-01-01,x,1,2\n");
    for i in 0..300 {
        csv.push_str(&format!("2026-01-01,c{i},1,2\n"));
    }
    write(dir.path(), "d.csv", &csv);
    let r = run_in(
        dir.path(),
        &[
            "eval",
            "s.kpi.yaml",
            "--data",
            "d.csv",
            "--by",
            "ch",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc = r.json();
    let rows = doc["targets"].as_array().unwrap().len();
    assert!(rows <= 100_000 && rows > 90_000, "{rows}");
    let w = with_code(&doc["diagnostics"], "too-many-periods");
    assert!(
        w["message"]
            .as_str()
            .unwrap()
            .contains("739981 daily periods"),
        "{w}"
    );
}

/// `--data` with sources: a named source bound or overridden by
/// `NAME=FILE`, a lone `FILE` for a single source, and every misuse refused
/// with exit 2 and a sentence that says what to write.
#[test]
fn eval_binds_data_to_sources() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "kpis/one.kpi.yaml",
        "sources:\n  shop:\n    path: ../data/*.csv\n    date: Day\ninputs:\n  orders: { unit: count, source: shop }\n",
    );
    write(
        dir.path(),
        "kpis/local/orders.csv",
        "Day,orders\n2026-03-01,2\n2026-03-02,3\n",
    );
    write(dir.path(), "other.csv", "Day,orders\n2026-03-01,7\n");
    // the path leaves the project (the directory given, outside any git
    // work tree): refused at its token
    let r = run_in(dir.path(), &["eval", "kpis", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let doc = r.json();
    assert_eq!(doc["diagnostics"][0]["code"], "outside-project");
    assert_eq!(doc["diagnostics"][0]["line"], 3);
    // NAME=FILE binds the source instead
    let r = run_in(
        dir.path(),
        &[
            "eval",
            "kpis",
            "--data",
            "shop=kpis/local/orders.csv",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["results"][0]["values"]["orders"].to_string(), "5");
    // a lone FILE binds the only source
    let r = run_in(
        dir.path(),
        &["eval", "kpis", "--data", "other.csv", "--format", "json"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["results"][0]["values"]["orders"].to_string(), "7");
    // misuse: exit 2, and what to do
    for (args, says) in [
        (
            vec!["eval", "kpis", "--data", "shp=other.csv"],
            "declares no source `shp` (sources: shop)",
        ),
        (
            vec!["eval", "kpis", "--data", "other.csv", "--delimiter", ";"],
            "say `delimiter:` or `decimal: comma` in the source",
        ),
    ] {
        let r = run_in(dir.path(), &args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(says), "{args:?}: {}", r.stderr);
    }
    // several sources: a lone FILE is ambiguous
    write(
        dir.path(),
        "two/two.kpi.yaml",
        "sources:\n  a: { path: a.csv }\n  b: { path: b.csv }\ninputs:\n  x: { unit: count, source: a }\n  y: { unit: count, source: b }\n",
    );
    let r = run_in(dir.path(), &["eval", "two", "--data", "other.csv"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("bind each with --data NAME=FILE (a, b)"),
        "{}",
        r.stderr
    );
    // a spec without sources still needs its one --data FILE
    write(dir.path(), "plain/p.kpi.yaml", "inputs:\n  orders: count\n");
    let r = run_in(dir.path(), &["eval", "plain"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--data FILE is needed"), "{}", r.stderr);
}

/// The sources example: three tools' exports as they are (Windows-1252 and
/// `1 234,50 €` from Meta, GA4's preamble, Brevo's day-first dates), read
/// with no flag; the numbers the generator chose come back exactly.
#[test]
fn the_sources_example_reads_three_exports_as_they_are() {
    let r = run(&["eval", "examples/sources", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc = r.json();
    assert_eq!(doc["errors"], 0);
    assert_eq!(doc["warnings"], 0, "{doc:#}");
    let results = doc["results"].as_array().unwrap();
    assert_eq!(results.len(), 6);
    for month in results {
        let v = &month["values"];
        let may = month["period"] == "2026-05";
        assert_eq!(v["cpc"].to_string(), "0.4", "{month}");
        assert_eq!(v["open_rate"].to_string(), "0.25", "{month}");
        assert_eq!(
            v["conversion"].to_string(),
            if may { "0.016" } else { "0.02" },
            "{month}"
        );
        assert_eq!(v["cac"].to_string(), if may { "5" } else { "4" }, "{month}");
    }
    assert_eq!(results[0]["values"]["spend"].to_string(), "1840");
    let missed: Vec<&Value> = doc["targets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["status"] == "missed")
        .collect();
    assert_eq!(missed.len(), 1);
    assert_eq!(missed[0]["period"], "2026-05");
    assert_eq!(missed[0]["target"], "conversion >= 2%");
    for args in [
        vec!["check", "examples/sources", "--deny-warnings"],
        vec!["test", "examples/sources"],
        vec!["fmt", "--check", "examples/sources"],
    ] {
        let r = run(&args);
        assert_eq!(r.code, 0, "{args:?}: {}{}", r.stdout, r.stderr);
    }
}

/// `inspect` proposes a spec that works: for exports of every kind in the
/// fixtures (Windows-1252 with `;` and `1 234,50 €`, GA4's preamble and
/// `%Y%m%d`, UTF-16 TSV with `$1,200.50` and timestamps, the example's Brevo
/// and Meta files), the snippet written next to a copy of the file is
/// accepted by `check` and evaluated by `eval` with no error.
#[test]
fn inspect_proposes_a_spec_that_check_and_eval_accept() {
    let root = common::root();
    for (file, expect) in [
        (
            "tests/fixtures/sources/french-multi-source/exports/meta/2026-03.csv",
            &[
                "windows-1252",
                "decimal: comma",
                "thousands: \" \"",
                "format: \"%d/%m/%Y\"",
                "unit: money(EUR)",
            ][..],
        ),
        (
            "tests/fixtures/sources/french-multi-source/exports/ga4.csv",
            &["format: \"%Y%m%d\"", "column: Key events"][..],
        ),
        (
            "tests/fixtures/sources/utf16-tsv/orders.tsv",
            &[
                "encoding: utf-16",
                "delimiter: tab",
                "thousands: \",\"",
                "unit: money(USD)",
            ][..],
        ),
        (
            "examples/sources/exports/brevo.csv",
            &["column: Date d'envoi"][..],
        ),
        ("examples/ecommerce/daily.csv", &["column: date"][..]),
        (
            "tests/fixtures/sources/json-lines/events.jsonl",
            &["column: sent_at", "unit: money(EUR)", "campaign: campaign"][..],
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let name = std::path::Path::new(file)
            .file_name()
            .unwrap()
            .to_str()
            .unwrap();
        fs::create_dir_all(dir.path().join("exports")).unwrap();
        fs::copy(root.join(file), dir.path().join("exports").join(name)).unwrap();
        let rel = format!("exports/{name}");
        let r = run_in(dir.path(), &["inspect", &rel]);
        assert_eq!(r.code, 0, "{file}: {}", r.stderr);
        let snippet = r
            .stdout
            .split("accepts as it is:\n")
            .nth(1)
            .unwrap_or_default();
        for e in expect {
            assert!(snippet.contains(e), "{file}: no `{e}` in\n{snippet}");
        }
        fs::write(dir.path().join("spec.kpi.yaml"), snippet).unwrap();
        let r = run_in(dir.path(), &["check", "spec.kpi.yaml"]);
        assert_eq!(r.code, 0, "{file}: {}\n{snippet}", r.stderr);
        let r = run_in(dir.path(), &["eval", "spec.kpi.yaml", "--format", "json"]);
        assert_eq!(r.code, 0, "{file}: {}\n{snippet}", r.stdout);
        let doc = r.json();
        assert_eq!(doc["errors"], 0, "{file}: {doc:#}");
        assert!(!doc["results"].as_array().unwrap().is_empty(), "{file}");
        // and as JSON
        let r = run_in(dir.path(), &["inspect", &rel, "--format", "json"]);
        assert_eq!(r.code, 0);
        assert_eq!(r.json()[0]["snippet"].as_str().unwrap(), snippet);
    }
}

/// A workbook as Excel saves it (written here with rust_xlsxwriter): the
/// data on its second sheet under a title row, typed date cells and a text
/// date, typed numbers (`1.429999948` stays that decimal whatever the
/// source's decimal mark) and French text numbers (`1 234,50 €`).
#[test]
fn eval_reads_an_excel_workbook() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let dir = tempfile::tempdir().unwrap();
    let mut wb = Workbook::new();
    wb.add_worksheet().set_name("Résumé").unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("Données").unwrap();
    let day = Format::new().set_num_format("dd/mm/yyyy");
    ws.write_string(0, 0, "Export Meta Ads — mars 2026")
        .unwrap();
    for (c, h) in [
        "Jour",
        "Nom de la campagne",
        "Montant dépensé (EUR)",
        "Clics",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    let d1 = ExcelDateTime::from_ymd(2026, 3, 1).unwrap();
    ws.write_datetime_with_format(2, 0, &d1, &day).unwrap();
    ws.write_string(2, 1, "Printemps").unwrap();
    ws.write_number(2, 2, 1.429999948).unwrap();
    ws.write_number(2, 3, 3).unwrap();
    ws.write_string(3, 0, "31/03/2026").unwrap();
    ws.write_string(3, 1, "Printemps").unwrap();
    ws.write_string(3, 2, "1 234,50 €").unwrap();
    ws.write_string(3, 3, "1 000").unwrap();
    let d2 = ExcelDateTime::from_ymd(2026, 4, 2).unwrap();
    ws.write_datetime_with_format(4, 0, &d2, &day).unwrap();
    ws.write_string(4, 1, "Été").unwrap();
    ws.write_number(4, 2, 10).unwrap();
    ws.write_number(4, 3, 4).unwrap();
    wb.save(dir.path().join("meta.xlsx")).unwrap();
    write(
        dir.path(),
        "s.kpi.yaml",
        "sources:\n  meta:\n    path: meta.xlsx\n    sheet: Données\n    skip: 1\n    decimal: comma\n    thousands: \" \"\n    date: { column: Jour, format: \"%d/%m/%Y\" }\n    dimensions: { campaign: Nom de la campagne }\ninputs:\n  spend: { unit: money(EUR), source: meta, column: Montant dépensé (EUR) }\n  clicks: { unit: count, source: meta, column: Clics }\nmetrics:\n  - cpc = spend / clicks\n",
    );
    let r = run_in(dir.path(), &["eval", "s.kpi.yaml", "--format", "json"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let doc = r.json();
    let march = &doc["results"][0]["values"];
    assert_eq!(doc["results"][0]["period"], "2026-03");
    assert_eq!(march["spend"].to_string(), "1235.929999948");
    assert_eq!(march["clicks"].to_string(), "1003");
    assert_eq!(doc["results"][1]["values"]["spend"].to_string(), "10");
    // by campaign: the text cells of the sheet are the dimension values
    let r = run_in(
        dir.path(),
        &["eval", "s.kpi.yaml", "--by", "campaign", "--format", "json"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["results"][1]["dimensions"]["campaign"], "Été");
    // a sheet that is not there: a data error naming the sheets
    write(
        dir.path(),
        "s.kpi.yaml",
        "sources:\n  meta:\n    path: meta.xlsx\n    sheet: Data\ninputs:\n  clicks: { unit: count, source: meta, column: Clics }\n",
    );
    let r = run_in(dir.path(), &["eval", "s.kpi.yaml", "--format", "json"]);
    assert_eq!(r.code, 1);
    let d = &r.json()["diagnostics"][0];
    assert_eq!(d["code"], "data-error");
    assert_eq!(d["help"], "sheets: Résumé, Données");
}

/// JSON lines as an API writes them: numbers keep their exact digits
/// (`0.1` + `0.2` is `0.3`), keys may be missing or in another order,
/// strings follow the source's number rules, a nested value is text; a line
/// that is not an object is a data error at its line.
#[test]
fn eval_reads_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "events.jsonl",
        "{\"day\": \"2026-03-01\", \"channel\": \"web\", \"spend\": 0.1, \"clicks\": 3}\n\n{\"clicks\": 2, \"spend\": 0.2, \"day\": \"2026-03-02T10:00:00+01:00\", \"channel\": \"web\"}\n{\"day\": \"2026-04-01\", \"channel\": \"app\", \"spend\": \"1 234,50\"}\n",
    );
    write(
        dir.path(),
        "s.kpi.yaml",
        "sources:\n  api:\n    path: events.jsonl\n    decimal: comma\n    thousands: \" \"\n    date: day\ninputs:\n  spend: { unit: money(EUR), source: api }\n  clicks: { unit: count, source: api }\nmetrics:\n  - cpc = spend / clicks\n",
    );
    let r = run_in(
        dir.path(),
        &["eval", "s.kpi.yaml", "--by", "channel", "--format", "json"],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let doc = r.json();
    let app = &doc["results"][1];
    assert_eq!(app["dimensions"]["channel"], "app");
    assert_eq!(app["values"]["spend"].to_string(), "1234.5");
    assert!(app["values"]["clicks"].is_null());
    let web = &doc["results"][0];
    assert_eq!(web["values"]["spend"].to_string(), "0.3");
    assert_eq!(web["values"]["cpc"].to_string(), "0.06");
    write(
        dir.path(),
        "events.jsonl",
        "{\"day\": \"2026-03-01\", \"spend\": 1}\n[1, 2]\n{\"day\": \n",
    );
    let r = run_in(dir.path(), &["eval", "s.kpi.yaml", "--format", "json"]);
    assert_eq!(r.code, 1);
    let d = r.json()["diagnostics"].clone();
    assert_eq!(d[0]["line"], 2, "{d:#}");
    assert!(d[0]["message"]
        .as_str()
        .unwrap()
        .contains("not a JSON object"));
    assert_eq!(d[1]["line"], 3);
    assert!(d[1]["message"].as_str().unwrap().contains("not valid JSON"));
}

/// `timezone:`: a timestamp with an offset takes its day in the source's
/// zone (a New York evening is the next morning in Paris); without it, the
/// day as written. An unknown zone is refused at its token.
#[test]
fn timestamps_take_their_day_in_the_source_zone() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "orders.csv",
        "at,orders\n2026-03-31T23:30:00-05:00,1\n2026-03-31T12:00:00+02:00,2\n2026-04-01 00:30:00,4\n",
    );
    let spec = |zone: &str| {
        format!("sources:\n  shop:\n    path: orders.csv\n    date: at\n{zone}inputs:\n  orders: {{ unit: count, source: shop }}\n")
    };
    let months = |zone: &str| -> Vec<(String, String)> {
        write(dir.path(), "s.kpi.yaml", &spec(zone));
        let r = run_in(dir.path(), &["eval", "s.kpi.yaml", "--format", "json"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.json()["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                (
                    m["period"].as_str().unwrap().to_string(),
                    m["values"]["orders"].to_string(),
                )
            })
            .collect()
    };
    let pair = |p: &str, v: &str| (p.to_string(), v.to_string());
    assert_eq!(months(""), [pair("2026-03", "3"), pair("2026-04", "4")]);
    assert_eq!(
        months("    timezone: Europe/Paris\n"),
        [pair("2026-03", "2"), pair("2026-04", "5")]
    );
    write(
        dir.path(),
        "s.kpi.yaml",
        &spec("    timezone: Europe/Pariss\n"),
    );
    let r = run_in(dir.path(), &["check", "s.kpi.yaml", "--format", "json"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.json()["diagnostics"][0]["message"],
        "unknown time zone `Europe/Pariss`"
    );
}

/// `inspect` on a workbook: the first sheet with data, the title rows above
/// the header skipped, typed dates and numbers; the spec it proposes is
/// evaluated as it is.
#[test]
fn inspect_reads_a_workbook() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let dir = tempfile::tempdir().unwrap();
    let mut wb = Workbook::new();
    wb.add_worksheet().set_name("Vide").unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("Ventes").unwrap();
    let day = Format::new().set_num_format("dd/mm/yyyy");
    ws.write_string(0, 0, "Ventes par jour").unwrap();
    for (c, h) in ["Jour", "Canal", "Chiffre d'affaires (EUR)", "Commandes"]
        .iter()
        .enumerate()
    {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    for r in 0..20u32 {
        let d = ExcelDateTime::from_ymd(2026, 3 + (r / 10) as u8, 1 + (r % 10) as u8).unwrap();
        ws.write_datetime_with_format(3 + r, 0, &d, &day).unwrap();
        ws.write_string(3 + r, 1, ["web", "boutique"][(r % 2) as usize])
            .unwrap();
        ws.write_number(3 + r, 2, 100.25 + f64::from(r)).unwrap();
        ws.write_number(3 + r, 3, f64::from(r % 4)).unwrap();
    }
    wb.save(dir.path().join("ventes.xlsx")).unwrap();
    let r = run_in(dir.path(), &["inspect", "ventes.xlsx"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let snippet = r
        .stdout
        .split("accepts as it is:\n")
        .nth(1)
        .unwrap_or_default();
    for e in [
        "sheet: Ventes",
        "skip: 2",
        "column: Jour",
        "unit: money(EUR)",
        "unit: count",
        "canal: Canal",
    ] {
        assert!(snippet.contains(e), "no `{e}` in\n{snippet}");
    }
    fs::write(dir.path().join("s.kpi.yaml"), snippet).unwrap();
    let r = run_in(
        dir.path(),
        &["eval", "s.kpi.yaml", "--by", "canal", "--format", "json"],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let doc = r.json();
    assert_eq!(doc["errors"], 0);
    assert_eq!(doc["results"].as_array().unwrap().len(), 4, "{doc:#}");
}

/// A changed `where:` or `expr:` of a row-level input is a redefinition,
/// shown with both definitions; a new `count_distinct` input is added.
#[test]
fn diff_reports_row_level_redefinitions() {
    let dir = tempfile::tempdir().unwrap();
    let v1 =
        fs::read_to_string(common::root().join("tests/fixtures/sources/order-lines/spec.kpi.yaml"))
            .unwrap();
    let v2 = v1
        .replace(
            "where: not starts_with(InvoiceNo, \"C\") and Quantity > 0",
            "where: not starts_with(InvoiceNo, \"C\")",
        )
        .replace("expr: CustomerID, where", "expr: lower(CustomerID), where");
    assert_ne!(v1, v2);
    write(dir.path(), "old/s.kpi.yaml", &v1);
    write(dir.path(), "new/s.kpi.yaml", &v2);
    let r = run_in(dir.path(), &["diff", "old", "new", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let changes = r.json()["changes"].as_array().unwrap().clone();
    let redefined: Vec<String> = changes
        .iter()
        .filter(|c| c["change"] == "redefined")
        .map(|c| c.to_string())
        .collect();
    assert_eq!(redefined.len(), 2, "{changes:?}");
    // by name: customers, then revenue
    assert!(redefined[0].contains("lower(CustomerID)"), "{redefined:?}");
    assert!(
        redefined[1].contains("where `not starts_with(InvoiceNo, \\\"C\\\")`\""),
        "{redefined:?}"
    );
}

/// The shop example (one row per order line): orders, customers, repeat
/// customers and revenue per month equal a reference computed here from the
/// lines themselves; its spec tests pass, it checks clean and is formatted.
#[test]
fn the_shop_example_counts_orders_and_customers_from_order_lines() {
    use rust_decimal::Decimal;
    use std::collections::{BTreeMap, BTreeSet};
    use std::str::FromStr;
    let text = fs::read_to_string(common::root().join("examples/shop/orders.csv")).unwrap();
    #[derive(Default)]
    struct Month {
        revenue: Decimal,
        orders: BTreeSet<String>,
        invoices_of: BTreeMap<String, BTreeSet<String>>,
    }
    let mut months: BTreeMap<String, Month> = BTreeMap::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let (invoice, code, qty, price, customer, at) = (f[0], f[1], f[3], f[4], f[5], f[6]);
        let month = format!("{}-{}", &at[6..10], &at[3..5]);
        let m = months.entry(month).or_default();
        if invoice.starts_with('C') {
            continue;
        }
        if code != "POST" {
            m.revenue += Decimal::from_str(qty).unwrap() * Decimal::from_str(price).unwrap();
        }
        m.orders.insert(invoice.to_string());
        if !customer.is_empty() {
            m.invoices_of
                .entry(customer.to_string())
                .or_default()
                .insert(invoice.to_string());
        }
    }
    let r = run(&[
        "eval",
        "examples/shop",
        "--period",
        "monthly",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc = r.json();
    assert_eq!(doc["errors"], 0, "{doc:#}");
    let results = doc["results"].as_array().unwrap();
    assert_eq!(results.len(), months.len());
    for (row, (month, m)) in results.iter().zip(&months) {
        assert_eq!(row["period"], month.as_str());
        let v = &row["values"];
        let repeat = m.invoices_of.values().filter(|i| i.len() >= 2).count();
        assert_eq!(
            v["revenue"].to_string(),
            m.revenue.normalize().to_string(),
            "{month}"
        );
        assert_eq!(v["orders"], m.orders.len(), "{month}");
        assert_eq!(v["customers"], m.invoices_of.len(), "{month}");
        assert_eq!(v["repeat_customers"], repeat, "{month}");
        assert!(repeat > 0, "{month}: the example has repeat customers");
    }
    for args in [
        vec!["check", "examples/shop", "--deny-warnings"],
        vec!["test", "examples/shop"],
        vec!["fmt", "--check", "examples/shop"],
    ] {
        let r = run(&args);
        assert_eq!(r.code, 0, "{args:?}: {}{}", r.stdout, r.stderr);
    }
}

/// `explain --code` prints every code's page offline, as JSON too; an
/// unknown code is a usage error with the closest code and the list.
#[test]
fn explain_code_prints_the_page_of_every_code() {
    use boussole::diagnostic::Code;
    for &code in Code::ALL {
        let r = run(&["explain", "--code", code.name()]);
        assert_eq!(r.code, 0, "{}: {}", code.name(), r.stderr);
        assert_eq!(r.stdout.trim_end(), code.page().trim_end());
        let j = run(&["explain", "--code", code.name(), "--format", "json"]).json();
        assert_eq!(j["code"], code.name());
        assert_eq!(j["severity"], code.severity().as_str());
        assert_eq!(j["summary"], code.summary());
        assert_eq!(j["page"], code.page());
    }
    let r = run(&["explain", "--code", "unit-mismatc"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("did you mean `unit-mismatch`?"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.is_empty());
    // a NAME and --code do not go together
    assert_eq!(run(&["explain", "cpc", "--code", "unit-mismatch"]).code, 2);
}

/// `docs/boussole.1` is what `boussole man` prints from the command-line
/// definition: a flag added without regenerating it fails here
/// (`BOOK_UPDATE=1 cargo test --test cli` rewrites it).
#[test]
fn the_manual_page_is_current() {
    let r = run(&["man"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains(".TH boussole 1"));
    for command in ["check", "eval", "explain", "completions"] {
        assert!(r.stdout.contains(command), "{command} not in the page");
    }
    let path = common::root().join("docs/boussole.1");
    if std::env::var_os("BOOK_UPDATE").is_some() {
        std::fs::write(&path, &r.stdout).unwrap();
    }
    let page = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        page == r.stdout,
        "docs/boussole.1 is out of date: BOOK_UPDATE=1 cargo test --test cli the_manual_page"
    );
}

/// Every shell's completion script knows every command.
#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let r = run(&["completions", shell]);
        assert_eq!(r.code, 0, "{shell}: {}", r.stderr);
        for command in [
            "check", "eval", "explain", "test", "diff", "fmt", "sql", "inspect",
        ] {
            assert!(r.stdout.contains(command), "{shell}: no {command}");
        }
    }
    assert_eq!(run(&["completions", "tcsh"]).code, 2);
}

/// `--version`: the version of Cargo.toml, and the commit when built from
/// this git clone.
#[test]
fn version_names_the_cargo_version() {
    let r = run(&["--version"]);
    assert_eq!(r.code, 0);
    let want = format!("boussole {}", env!("CARGO_PKG_VERSION"));
    assert!(r.stdout.starts_with(&want), "{}", r.stdout);
    if common::root().join(".git").exists() {
        assert!(
            r.stdout.trim_end().ends_with(')'),
            "built from git, the commit is named: {}",
            r.stdout
        );
    }
}

/// A target's long form carries the action to take when it is missed: the
/// JSON has it on every target row, the human table beside missed rows only;
/// a target without one is `no-action`; a bad long form is named.
#[test]
fn targets_carry_their_action() {
    let dir = tempfile::tempdir().unwrap();
    let spec = r#"inputs:
  spend: money(EUR)
  new_customers: count
metrics:
  - cac = spend / new_customers
strategy:
  acquisition: Acquire
objectives:
  cheap:
    description: CAC under 50 € each month of Q1
    aligned_with: acquisition
    period: monthly
    start: 2026-01-01
    deadline: 2026-02-28
    kpis: [cac]
    targets:
      - target: cac <= 50 EUR
        action: "Pause <the> | costliest \"ads\""
      - cac <= 80 EUR
"#;
    write(dir.path(), "k.kpi.yaml", spec);
    write(
        dir.path(),
        "d.csv",
        "date,spend,new_customers\n2026-01-10,1000,10\n2026-02-10,1000,40\n",
    );
    let check = run_in(dir.path(), &["check", "k.kpi.yaml", "--format", "json"]).json();
    let codes: Vec<&str> = check["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["no-action"], "{check:#}");
    assert_eq!(check["diagnostics"][0]["line"], 19);

    let ev = run_in(
        dir.path(),
        &["eval", "k.kpi.yaml", "--data", "d.csv", "--format", "json"],
    );
    assert_eq!(ev.code, 0, "{}", ev.stderr);
    let doc = ev.json();
    let rows: Vec<(String, String, String, Value)> = doc["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["target"].as_str().unwrap().to_string(),
                t["period"].as_str().unwrap().to_string(),
                t["status"].as_str().unwrap().to_string(),
                t["action"].clone(),
            )
        })
        .collect();
    let action = Value::from("Pause <the> | costliest \"ads\"");
    assert_eq!(
        rows,
        [
            (
                "cac <= 50 EUR".into(),
                "2026-01".into(),
                "missed".into(),
                action.clone()
            ),
            (
                "cac <= 50 EUR".into(),
                "2026-02".into(),
                "met".into(),
                action
            ),
            (
                "cac <= 80 EUR".into(),
                "2026-01".into(),
                "missed".into(),
                Value::Null
            ),
            (
                "cac <= 80 EUR".into(),
                "2026-02".into(),
                "met".into(),
                Value::Null
            ),
        ]
    );
    let human = run_in(dir.path(), &["eval", "k.kpi.yaml", "--data", "d.csv"]);
    let lines: Vec<&str> = human
        .stdout
        .lines()
        .filter(|l| l.contains("Pause"))
        .collect();
    assert_eq!(lines.len(), 1, "{}", human.stdout);
    assert!(lines[0].contains("✘ missed") && lines[0].contains("2026-01"));

    // the long form's mistakes
    for (targets, code) in [
        ("      - action: Do it\n", "missing-key"),
        (
            "      - target: cac <= 50 EUR\n        action: \"  \"\n",
            "invalid-value",
        ),
        (
            "      - target: cac <= 50 EUR\n        acton: Do it\n",
            "unknown-key",
        ),
        ("      - target: [cac]\n", "invalid-value"),
        ("      - [cac <= 50 EUR]\n", "invalid-value"),
    ] {
        let bad =
            spec.split("    targets:\n").next().unwrap().to_string() + "    targets:\n" + targets;
        write(dir.path(), "k.kpi.yaml", &bad);
        let r = run_in(dir.path(), &["check", "k.kpi.yaml", "--format", "json"]);
        assert_eq!(r.code, 1, "{targets}");
        assert!(
            r.json()["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["code"] == code),
            "{targets}: {}",
            r.stdout
        );
    }
}

/// `diff` names an action added, rewritten or removed on an unchanged
/// target (JSON and Markdown, the action's `|` escaped).
#[test]
fn diff_reports_changed_actions() {
    let dir = tempfile::tempdir().unwrap();
    let v1 =
        fs::read_to_string(common::root().join("examples/ecommerce/objectives.kpi.yaml")).unwrap();
    let v2 = v1
        .replace(
            "action: Test a shorter checkout on the three most visited product pages",
            "action: Test a one-page checkout | mobile first",
        )
        .replace(
            "      - target: open_rate >= 25%\n        action: Clean the list of addresses inactive for six months and test two subject lines\n",
            "      - open_rate >= 25%\n",
        );
    assert_ne!(v1, v2);
    for (dir_name, text) in [("old", &v1), ("new", &v2)] {
        write(dir.path(), &format!("{dir_name}/o.kpi.yaml"), text);
        fs::copy(
            common::root().join("specs/marketing.kpi.yaml"),
            dir.path().join(dir_name).join("m.kpi.yaml"),
        )
        .unwrap();
    }
    let r = run_in(dir.path(), &["diff", "old", "new", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let changes = r.json()["changes"].as_array().unwrap().clone();
    let actions: Vec<(String, Value, Value)> = changes
        .iter()
        .filter(|c| c["change"] == "action-changed")
        .map(|c| {
            (
                c["target"].as_str().unwrap().to_string(),
                c["old"].clone(),
                c["new"].clone(),
            )
        })
        .collect();
    assert_eq!(
        actions,
        [
            // by objective: engage_newsletter, then sell_more_online
            (
                "open_rate >= 25%".to_string(),
                Value::from("Clean the list of addresses inactive for six months and test two subject lines"),
                Value::Null
            ),
            (
                "conversion >= 5%".to_string(),
                Value::from("Test a shorter checkout on the three most visited product pages"),
                Value::from("Test a one-page checkout | mobile first")
            ),
        ],
        "{changes:?}"
    );
    assert_eq!(changes.len(), 2, "nothing else changed: {changes:?}");
    let md = run_in(dir.path(), &["diff", "old", "new"]).stdout;
    assert!(md.contains("| action changed | `conversion >= 5%` in `sell_more_online`: “Test a shorter checkout on the three most visited product pages” → “Test a one-page checkout \\| mobile first” |"), "{md}");
}

/// `--as-of`: a target's period that has not ended on the day of the review
/// is `in-progress` (its value so far shown, never missed); ended periods are
/// judged; a period not begun and without data is `no-data`. Without the
/// flag, `BOUSSOLE_AS_OF` (the tests' fixed day) then today.
#[test]
fn as_of_leaves_the_current_period_in_progress() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "k.kpi.yaml",
        "inputs:\n  orders: count\nstrategy:\n  growth: Grow\nobjectives:\n  sell:\n    description: 100 orders a month in Q1\n    aligned_with: growth\n    period: monthly\n    start: 2026-01-01\n    deadline: 2026-04-30\n    kpis: [orders]\n    targets:\n      - target: orders >= 100\n        action: Call the ten largest customers\n",
    );
    write(
        dir.path(),
        "d.csv",
        "date,orders\n2026-01-10,120\n2026-02-10,80\n2026-03-10,20\n2026-03-15,10\n",
    );
    let statuses = |args: &[&str]| -> Vec<(String, String)> {
        let mut all = vec!["eval", "k.kpi.yaml", "--data", "d.csv", "--format", "json"];
        all.extend_from_slice(args);
        let r = run_in(dir.path(), &all);
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.json()["targets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                (
                    t["period"].as_str().unwrap().to_string(),
                    t["status"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let s = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    // mid-March: March is running, April has not begun
    assert_eq!(
        statuses(&["--as-of", "2026-03-15"]),
        s(&[
            ("2026-01", "met"),
            ("2026-02", "missed"),
            ("2026-03", "in-progress"),
            ("2026-04", "no-data")
        ])
    );
    // the pace of a sum in progress: 30 orders in 15 of March's 31 days
    let r = run_in(
        dir.path(),
        &[
            "eval",
            "k.kpi.yaml",
            "--data",
            "d.csv",
            "--format",
            "json",
            "--as-of",
            "2026-03-15",
        ],
    );
    let projections: Vec<Value> = r.json()["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["projection"].clone())
        .collect();
    assert_eq!(
        projections,
        [Value::Null, Value::Null, Value::from(62), Value::Null],
        "{}",
        r.stdout
    );
    // on March's last day the month is not over yet; the day after it is
    assert_eq!(statuses(&["--as-of", "2026-03-31"])[2].1, "in-progress");
    assert_eq!(statuses(&["--as-of", "2026-04-01"])[2].1, "missed");
    assert_eq!(statuses(&["--as-of", "2026-04-01"])[3].1, "in-progress");
    // the tests' fixed day is after every period
    assert_eq!(
        statuses(&[])[3],
        ("2026-04".to_string(), "no-data".to_string())
    );
    // the human table: no action beside a period in progress
    let human = run_in(
        dir.path(),
        &[
            "eval",
            "k.kpi.yaml",
            "--data",
            "d.csv",
            "--as-of",
            "2026-03-15",
        ],
    );
    let march: Vec<&str> = human
        .stdout
        .lines()
        .filter(|l| l.contains("2026-03"))
        .collect();
    assert!(
        march
            .iter()
            .any(|l| l.contains("⏳ in progress, pace 62") && !l.contains("Call")),
        "{}",
        human.stdout
    );
    assert!(
        human
            .stdout
            .contains("1 met, 1 missed, 1 in progress, 1 without data"),
        "{}",
        human.stdout
    );
    // a bad day is a usage error, from the flag or the environment
    assert_eq!(
        run_in(
            dir.path(),
            &[
                "eval",
                "k.kpi.yaml",
                "--data",
                "d.csv",
                "--as-of",
                "2026-13-01"
            ]
        )
        .code,
        2
    );
    let out = common::in_english(&mut std::process::Command::new(env!(
        "CARGO_BIN_EXE_boussole"
    )))
    .args(["eval", "k.kpi.yaml", "--data", "d.csv"])
    .current_dir(dir.path())
    .env("BOUSSOLE_AS_OF", "soon")
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("BOUSSOLE_AS_OF"));
    // without either, today: a period of the current month is in progress
    let today = std::process::Command::new("date")
        .args(["-u", "+%Y-%m-%d"])
        .output()
        .unwrap();
    let today = String::from_utf8(today.stdout).unwrap().trim().to_string();
    write(dir.path(), "now.csv", &format!("date,orders\n{today},5\n"));
    let spec = fs::read_to_string(dir.path().join("k.kpi.yaml"))
        .unwrap()
        .replace("2026-01-01", &today)
        .replace("2026-04-30", &today);
    write(dir.path(), "k.kpi.yaml", &spec);
    let out = common::in_english(&mut std::process::Command::new(env!(
        "CARGO_BIN_EXE_boussole"
    )))
    .args([
        "eval",
        "k.kpi.yaml",
        "--data",
        "now.csv",
        "--format",
        "json",
    ])
    .current_dir(dir.path())
    .env_remove("BOUSSOLE_AS_OF")
    .output()
    .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["targets"][0]["status"], "in-progress", "{doc:#}");
}

/// Freshness: the latest day of each source's rows — read by the fast path,
/// the exact reader (a French export, out of date order), a workbook and
/// JSON lines — in the JSON, the same when the groups are written to disk;
/// `stale-data` on the day of the review when a source stops before the
/// period just ended.
#[test]
fn freshness_per_source_and_stale_data() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("date,channel,visits\n");
    for d in 1..=28 {
        csv.push_str(&format!("2026-02-{d:02},c{d},{d}\n"));
    }
    write(dir.path(), "ga.csv", &csv);
    write(
        dir.path(),
        "meta.csv",
        "Jour;channel;Montant\n15/01/2026;web;1,5\n03/02/2026;web;2,5\n20/01/2026;web;3\n",
    );
    write(
        dir.path(),
        "crm.jsonl",
        "{\"day\": \"2026-01-05\", \"channel\": \"web\", \"deals\": 1}\n{\"day\": \"2025-12-31\", \"channel\": \"web\", \"deals\": 2}\n",
    );
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["date", "channel", "orders"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, day) in [3u8, 1, 2].iter().enumerate() {
        let d = ExcelDateTime::from_ymd(2026, 3, *day).unwrap();
        let format = Format::new().set_num_format("yyyy-mm-dd");
        ws.write_datetime_with_format(1 + r as u32, 0, &d, &format)
            .unwrap();
        ws.write_string(1 + r as u32, 1, "web").unwrap();
        ws.write_number(1 + r as u32, 2, 1.0).unwrap();
    }
    wb.save(dir.path().join("shop.xlsx")).unwrap();
    write(
        dir.path(),
        "k.kpi.yaml",
        r#"sources:
  ga: { path: ga.csv }
  meta: { path: meta.csv, decimal: comma, date: { column: Jour, format: "%d/%m/%Y" } }
  crm: { path: crm.jsonl, date: day }
  shop: { path: shop.xlsx }
inputs:
  visits: { unit: count, source: ga }
  spend: { unit: money(EUR), source: meta, column: Montant }
  deals: { unit: count, source: crm }
  orders: { unit: count, source: shop }
strategy:
  growth: Grow
objectives:
  sell:
    description: One order a month in 2026
    aligned_with: growth
    period: monthly
    start: 2026-01-01
    deadline: 2026-12-31
    kpis: [orders, deals, visits, spend]
    targets:
      - target: orders >= 1
        action: Call the largest customer
      - target: deals >= 1
        action: Call the prospects
      - target: visits >= 1
        action: Post on the blog
      - target: spend >= 1 EUR
        action: Restart the campaigns
"#,
    );
    let fresh = |extra: &[&str]| -> (Vec<(String, Value)>, Vec<String>) {
        let mut args = vec!["eval", "k.kpi.yaml", "--format", "json", "--by", "channel"];
        args.extend_from_slice(extra);
        let r = run_in(dir.path(), &args);
        assert_eq!(r.code, 0, "{}{}", r.stderr, r.stdout);
        let doc = r.json();
        let f = doc["freshness"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f["source"].as_str().unwrap().to_string(), f["last"].clone()))
            .collect();
        let stale = doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "stale-data")
            .map(|d| d["message"].as_str().unwrap().to_string())
            .collect();
        (f, stale)
    };
    let want: Vec<(String, Value)> = [
        ("ga", "2026-02-28"),
        ("meta", "2026-02-03"),
        ("crm", "2026-01-05"),
        ("shop", "2026-03-03"),
    ]
    .iter()
    .map(|(s, d)| (s.to_string(), Value::from(*d)))
    .collect();
    // the tests' review day is past the objective: nothing is stale
    let (f, stale) = fresh(&[]);
    assert_eq!(f, want);
    assert!(stale.is_empty(), "{stale:?}");
    // written out to disk past a tiny memory limit: the same
    assert_eq!(
        fresh(&["--memory-limit", "16KiB", "--period", "daily"]).0,
        want
    );
    // reviewed on 1 March: February is due; crm stops before it (meta has
    // a row on 3 February: not stale)
    let (_, stale) = fresh(&["--as-of", "2026-03-01"]);
    assert_eq!(stale.len(), 1, "{stale:?}");
    assert!(
        stale[0].starts_with("source `crm` ends on 2026-01-05: nothing for 2026-02 (monthly)"),
        "{stale:?}"
    );
    // on 1 April, March is due: only the shop has it
    let (_, stale) = fresh(&["--as-of", "2026-04-01"]);
    assert_eq!(stale.len(), 3, "{stale:?}");
    // on 1 February only January is due
    let (_, stale) = fresh(&["--as-of", "2026-02-01"]);
    assert!(stale.is_empty(), "{stale:?}");
    // a source no objective under review reads is never due: with the
    // orders' target alone, only the shop is judged (and it has March)
    let spec = std::fs::read_to_string(dir.path().join("k.kpi.yaml")).unwrap();
    let cut = spec.find("      - target: deals").unwrap();
    write(dir.path(), "k.kpi.yaml", &spec[..cut]);
    let (_, stale) = fresh(&["--as-of", "2026-04-01"]);
    assert!(stale.is_empty(), "{stale:?}");
}

/// The pace of a period under way is projected from the days the data
/// covers, not from the review day, when the export stops before it.
#[test]
fn the_pace_counts_the_days_the_data_covers() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "k.kpi.yaml",
        r#"inputs:
  orders: count
strategy:
  s: Sell
objectives:
  o:
    description: 300 orders in March 2026
    aligned_with: s
    period: monthly
    start: 2026-03-01
    deadline: 2026-03-31
    kpis: [orders]
    targets:
      - target: orders >= 300
        action: Call the largest customers
"#,
    );
    // 10 orders a day from 1 to 10 March: 100 orders
    let rows: String = (1..=10).map(|d| format!("2026-03-{d:02},10\n")).collect();
    write(dir.path(), "d.csv", &format!("date,orders\n{rows}"));
    let pace = |day: &str| {
        let r = run_in(
            dir.path(),
            &[
                "eval",
                "k.kpi.yaml",
                "--data",
                "d.csv",
                "--as-of",
                day,
                "--format",
                "json",
            ],
        );
        let doc = r.json();
        let t = &doc["targets"][0];
        assert_eq!(t["status"], "in-progress", "{t}");
        t["projection"].to_string()
    };
    // reviewed on the 10th: 100 in 10 days of 31
    assert_eq!(pace("2026-03-10"), "310");
    // reviewed on the 20th with data up to the 10th: the same pace, not 155
    assert_eq!(pace("2026-03-20"), "310");
}
