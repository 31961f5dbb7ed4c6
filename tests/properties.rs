//! Property tests (proptest): the printed form of any expression parses back
//! to the same tree, and evaluating data split into any number of rows gives
//! the same result as evaluating it pre-aggregated.

use boussole::diag::{Diagnostics, FileId, Sources};
use boussole::eval::{eval_with, Reader};
use boussole::parse::{parse_metric, BinOp, Expr, ExprKind};
use boussole::period::Period;
use boussole::yaml::Scalar;
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::fmt::Write as _;

mod common;

fn span() -> boussole::diag::Span {
    boussole::diag::Span::new(FileId(0), 0, 0)
}

fn expr() -> impl Strategy<Value = Expr> {
    let leaf = prop_oneof![
        (0u64..1_000_000, 0u32..4).prop_map(|(m, s)| ExprKind::Number(Decimal::new(m as i64, s))),
        (1u64..1000).prop_map(|m| ExprKind::Percent(Decimal::new(m as i64, 3))),
        (0u64..100_000, prop_oneof![Just("EUR"), Just("USD")])
            .prop_map(|(m, c)| ExprKind::Money(Decimal::new(m as i64, 2), c.to_string())),
        prop_oneof![
            Just("clicks"),
            Just("impressions"),
            Just("spend"),
            Just("orders")
        ]
        .prop_map(|n| ExprKind::Name(n.to_string())),
    ]
    .prop_map(|kind| Expr { kind, span: span() });
    leaf.prop_recursive(6, 64, 4, |inner| {
        prop_oneof![
            inner.clone().prop_map(|e| ExprKind::Neg(Box::new(e))),
            (
                prop_oneof![
                    Just(BinOp::Add),
                    Just(BinOp::Sub),
                    Just(BinOp::Mul),
                    Just(BinOp::Div)
                ],
                inner.clone(),
                inner.clone()
            )
                .prop_map(|(op, a, b)| ExprKind::Binary(op, Box::new(a), Box::new(b))),
            (
                prop_oneof![
                    Just("min"),
                    Just("max"),
                    Just("abs"),
                    Just("growth"),
                    Just("previous")
                ],
                prop::collection::vec(inner, 1..3)
            )
                .prop_map(|(f, args)| ExprKind::Call(f.to_string(), span(), args)),
        ]
        .prop_map(|kind| Expr { kind, span: span() })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn printed_expressions_parse_back_to_the_same_tree(e in expr()) {
        let text = format!("m = {e}");
        let parsed = parse_metric(FileId(0), &Scalar::detached(&text));
        let parsed = parsed.map_err(|d| TestCaseError::fail(format!("`{text}`: {}", d.message)))?;
        prop_assert!(boussole::fuzz::same_tree(&parsed.expr, &e), "`{}` parsed as `{}`", text, parsed.expr);
    }
}

const SPEC: &str = "inputs:
  clicks: count
  impressions: count
  peak: { unit: count, aggregate: max, column: clicks }
  low: { unit: count, aggregate: min, column: impressions }
  stock: { unit: count, aggregate: last, column: impressions }
metrics:
  - ctr = clicks / impressions
  - g = growth(clicks)
";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Per-day totals written as one row each, or split into several rows
    /// (whose sum is the total) in any order: the same report.
    #[test]
    fn split_rows_give_the_pre_aggregated_result(
        days in prop::collection::vec((0u32..90, 0u8..3, 0u64..10_000, 1u64..100_000, 1usize..5, any::<u64>()), 1..40)
    ) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("s.kpi.yaml"), SPEC).unwrap();
        let mut sources = Sources::default();
        let mut diags = Diagnostics::default();
        let model = boussole::check_paths(&[dir.path().join("s.kpi.yaml")], &mut sources, &mut diags).unwrap();
        // one total per (day, channel): the last one given wins
        let mut totals = std::collections::BTreeMap::new();
        for (day, ch, clicks, imps, parts, seed) in &days {
            totals.insert((*day, *ch), (*clicks, *imps, *parts, *seed));
        }
        let date = |d: u32| (chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(d as u64)).format("%Y-%m-%d").to_string();
        let mut whole = String::from("date,channel,clicks,impressions\n");
        let mut split_rows = Vec::new();
        for ((day, ch), (clicks, imps, parts, seed)) in &totals {
            let _ = writeln!(whole, "{},c{ch},{clicks},{imps}", date(*day));
            // split both totals into `parts` rows; min, max and last are
            // per day sums, so a split changes nothing
            let mut rng = common::rng::Rng(*seed | 1);
            let (mut c_left, mut i_left) = (*clicks, *imps);
            for k in 0..*parts {
                let (c, i) = if k + 1 == *parts {
                    (c_left, i_left)
                } else {
                    (rng.below(c_left + 1), rng.below(i_left + 1))
                };
                c_left -= c;
                i_left -= i;
                split_rows.push((rng.next(), format!("{},c{ch},{c},{i}", date(*day))));
            }
        }
        split_rows.sort();
        let mut split = String::from("date,channel,clicks,impressions\n");
        for (_, row) in split_rows {
            split.push_str(&row);
            split.push('\n');
        }
        std::fs::write(dir.path().join("whole.csv"), &whole).unwrap();
        std::fs::write(dir.path().join("split.csv"), &split).unwrap();
        let by = vec!["channel".to_string()];
        for period in [Period::Daily, Period::Weekly, Period::Monthly] {
            let plan = boussole::plan::plan(&model, period, &by);
            let run = |file: &str| {
                let mut d = Diagnostics::default();
                let ev = eval_with(&plan, &dir.path().join(file), &mut d, Reader::Auto).unwrap();
                let mut doc = boussole::report::eval_json(&ev, &d, &sources);
                doc["diagnostics"] = serde_json::Value::Null;
                doc
            };
            let (a, b) = (run("whole.csv"), run("split.csv"));
            // min and max see the split rows, not the day's totals: compare the rest
            let strip = |mut v: serde_json::Value| {
                if let Some(rows) = v["results"].as_array_mut() {
                    for r in rows {
                        if let Some(vals) = r["values"].as_object_mut() {
                            vals.remove("peak");
                            vals.remove("low");
                        }
                    }
                }
                v
            };
            prop_assert_eq!(strip(a), strip(b));
        }
    }
}
