//! The bodies of the fuzz targets (`fuzz/fuzz_targets/`), shared with the
//! regression test that replays every input the fuzzers ever found
//! (`tests/fuzz_regressions.rs`). Each takes arbitrary bytes and must return
//! without panicking; the properties they check panic when they fail.

use crate::diag::{Diagnostics, FileId, Sources};
use crate::eval::{eval_opts, Options};
use crate::parse::{parse_metric, parse_target, MAX_EXPR_LEN};
use crate::period::Period;
use crate::yaml::Scalar;
use std::path::Path;

/// The expression language: a metric definition and a target. What parses
/// prints back to text that parses to the same tree.
pub fn dsl(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = FileId(0);
    let parse = |t: &str| parse_metric(file, &Scalar::detached(t));
    if let Ok(m) = parse(text) {
        let printed = format!("{} = {}", m.name, m.expr);
        if let Some(again) = reparse(text, &printed, parse) {
            assert!(same_tree(&again.expr, &m.expr), "`{printed}` from `{text}`");
        }
    }
    let parse = |t: &str| parse_target(file, &Scalar::detached(t));
    if let Ok(t) = parse(text) {
        let printed = t.to_string();
        if let Some(again) = reparse(text, &printed, parse) {
            assert!(
                same_tree(&again.lhs, &t.lhs)
                    && same_tree(&again.rhs, &t.rhs)
                    && again.cmp == t.cmp,
                "`{printed}` from `{text}`"
            );
        }
    }
}

/// Parses the printed form of `text`. The printed form spaces operators out
/// and may pass the length limit (found by fuzzing): then that limit, and
/// nothing else, must refuse it, and there is no tree to compare.
fn reparse<T>(
    text: &str,
    printed: &str,
    parse: impl Fn(&str) -> Result<T, crate::diag::Diagnostic>,
) -> Option<T> {
    match parse(printed) {
        Ok(again) => Some(again),
        Err(d) if printed.len() > MAX_EXPR_LEN && d.message.contains("limit") => None,
        Err(d) => panic!("`{printed}` (printed from `{text}`) does not parse: {d:?}"),
    }
}

/// Two trees equal but for their spans.
pub fn same_tree(a: &crate::parse::Expr, b: &crate::parse::Expr) -> bool {
    a.same_as(b)
}

/// A whole spec file through load, check and every renderer.
pub fn spec(data: &[u8]) {
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let _model = crate::check_bytes("fuzz.kpi.yaml", data, &mut sources, &mut diags);
    diags.sort();
    let _ = crate::report::check_json(&diags, &sources);
    let _ = crate::report::human_diagnostics(&diags, &sources, false);
}

/// A CSV export evaluated with a spec that has every aggregate and function,
/// by both readers, which must agree; `dir` takes the data file.
pub fn csv(data: &[u8], dir: &Path) {
    const SPEC: &str = "inputs:
  a: count
  b: { unit: count, aggregate: max }
  c: { unit: count, aggregate: min, column: a }
  d: { unit: count, aggregate: avg }
  e: { unit: count, aggregate: first }
  f: { unit: count, aggregate: last, column: b }
metrics:
  - r = a / b
  - g = growth(a)
  - m = min(a, d) + max(e, f)
  - p = previous(r, 2) * 100
strategy:
  s: Sell
objectives:
  o:
    description: Keep r above half every week of 2026
    aligned_with: s
    owner: team
    period: weekly
    deadline: 2026-12-31
    kpis: [r]
    targets:
      - r >= 50%
";
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let model = crate::check_bytes("s.kpi.yaml", SPEC.as_bytes(), &mut sources, &mut diags);
    assert!(!diags.has_errors(), "the fuzz spec checks");
    let path = dir.join("data.csv");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let by = [String::from("ch")];
    let plan = crate::plan::plan(&model, Period::Monthly, &by);
    let run = |reader| {
        let mut d = Diagnostics::default();
        let opts = Options {
            reader,
            ..Options::default()
        };
        let ev = eval_opts(&plan, &path, &mut d, &opts).ok()?;
        d.sort();
        let mut out = Vec::new();
        crate::report::write_eval_json(&mut out, &ev, &d, &sources).ok()?;
        let _ = crate::report::human_diagnostics(&d, &sources, false);
        let _ = crate::report::eval_human(&ev, &plan);
        Some(out)
    };
    let exact = run(crate::eval::Reader::Exact);
    let auto = run(crate::eval::Reader::Auto);
    assert_eq!(auto, exact, "the fast path and the exact reader differ");
}
