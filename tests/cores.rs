//! The evaluator computes a table's metrics and writes its CSV on every
//! core: a period's rows in slices shared among the cores, the CSV in blocks
//! formatted side by side. The output must be the one core's, byte for
//! byte: values, look-backs (`previous`, `growth`) across periods, every
//! zero-divisor warning in its order, and under a memory limit the same
//! warnings kept and the same count omitted. `BOUSSOLE_CORES` sets the
//! number of cores; the real binary runs with 1 and with 3.

use std::fmt::Write as _;
use std::process::Command;

mod common;
use common::rng::Rng;

const SPEC: &str = "inputs:
  clicks: count
  impressions: count
  spend: money(EUR)
metrics:
  - ctr = clicks / impressions
  - cpc = spend / clicks
  - clicks_before = previous(clicks)
  - ctr_growth = growth(ctr)
";

/// 3 months × `campaigns` campaigns, a day or two each, in a shuffled
/// order, a zero divisor now and then.
fn data(campaigns: u32) -> String {
    let mut rng = Rng(20);
    let mut lines = Vec::new();
    for month in 1..=3 {
        for c in 0..campaigns {
            for _ in 0..1 + rng.below(2) {
                let clicks = rng.below(5);
                let impressions = if rng.below(7) == 0 {
                    0
                } else {
                    1 + rng.below(500)
                };
                lines.push(format!(
                    "2025-{month:02}-{:02},c{c:06},{clicks},{impressions},{}.{:02}\n",
                    1 + rng.below(28),
                    rng.below(40),
                    rng.below(100)
                ));
            }
        }
    }
    // shuffled: the groups come in no order
    for i in (1..lines.len()).rev() {
        lines.swap(i, rng.below(i as u64 + 1) as usize);
    }
    let mut text = String::from("date,campaign,clicks,impressions,spend\n");
    for l in lines {
        let _ = write!(text, "{l}");
    }
    text
}

fn eval(dir: &std::path::Path, cores: &str, args: &[&str]) -> (String, String) {
    let out = common::in_english(&mut Command::new(env!("CARGO_BIN_EXE_boussole")))
        .args([
            "eval",
            "spec.kpi.yaml",
            "--data",
            "data.csv",
            "--by",
            "campaign",
        ])
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("BOUSSOLE_AS_OF", common::AS_OF)
        .env("BOUSSOLE_CORES", cores)
        .output()
        .expect("the boussole binary runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn on_every_core_the_output_is_the_one_cores() {
    // 3 × 30,000 rows: slices of every size, CSV blocks in several waves
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("spec.kpi.yaml"), SPEC).unwrap();
    std::fs::write(dir.path().join("data.csv"), data(30_000)).unwrap();
    for args in [
        &["--period", "monthly", "--format", "csv"][..],
        &["--period", "monthly", "--format", "json"],
        &[
            "--period",
            "monthly",
            "--format",
            "csv",
            "--memory-limit",
            "64MiB",
        ],
        &["--period", "quarterly", "--format", "csv"],
    ] {
        let (one_out, one_err) = eval(dir.path(), "1", args);
        let (out, err) = eval(dir.path(), "3", args);
        assert!(one_out.lines().count() > 3, "{args:?}: {one_err}");
        // the JSON document holds its diagnostics; with CSV, stderr does
        let said = format!("{one_out}{one_err}");
        assert!(said.contains("division-by-zero"), "{args:?}: {one_err}");
        if args.contains(&"64MiB") {
            assert!(one_err.contains("warnings-omitted"), "{one_err}");
        }
        assert!(out == one_out, "{args:?}: the output differs on 3 cores");
        assert_eq!(err, one_err, "{args:?}: the diagnostics differ on 3 cores");
    }
}

/// Under a memory limit the evaluator keeps the first warnings in report
/// order — position, period, dimension values — and notes the others'
/// zero divisors without writing them; those it keeps must be exactly the
/// first of the warnings an unbounded run writes, the same texts, and the
/// count it omits the rest.
#[test]
fn the_warnings_kept_under_a_limit_are_the_first_of_all_of_them() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("spec.kpi.yaml"), SPEC).unwrap();
    std::fs::write(dir.path().join("data.csv"), data(30_000)).unwrap();
    let diagnostics = |limit: &str| -> Vec<serde_json::Value> {
        let (out, err) = eval(
            dir.path(),
            "2",
            &[
                "--period",
                "monthly",
                "--format",
                "json",
                "--memory-limit",
                limit,
            ],
        );
        let doc: serde_json::Value =
            serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
        doc["diagnostics"].as_array().unwrap().clone()
    };
    let order = |d: &serde_json::Value| {
        (
            d["line"].as_u64(),
            d["column"].as_u64(),
            d["period"].as_str().map(str::to_string),
            d["dimensions"].to_string(),
            d["message"].as_str().map(str::to_string),
        )
    };
    let mut all = diagnostics("none");
    assert!(all.iter().all(|d| d["code"] == "division-by-zero"));
    all.sort_by_key(order);
    let bounded = diagnostics("64MiB");
    let (omitted, kept): (Vec<_>, Vec<_>) = bounded
        .into_iter()
        .partition(|d| d["code"] == "warnings-omitted");
    assert_eq!(omitted.len(), 1, "{omitted:?}");
    assert!(
        kept.len() >= 4000 && kept.len() < all.len(),
        "{}",
        kept.len()
    );
    assert_eq!(
        kept,
        all[..kept.len()],
        "the kept warnings are the first ones"
    );
    let count = (all.len() - kept.len()).to_string();
    let said = omitted[0]["message"].as_str().unwrap();
    assert!(
        said.starts_with(&count),
        "{said} (expected {count} omitted)"
    );
}
