//! Property tests (proptest): the printed form of any expression parses back
//! to the same tree, and evaluating data split into any number of rows gives
//! the same result as evaluating it pre-aggregated.

use boussole::diagnostic::Diagnostics;
use boussole::eval::{eval_with, Reader};
use boussole::source::{FileId, Sources};
use boussole::syntax::dsl::{parse_metric, BinOp, Expr, ExprKind};
use boussole::syntax::yaml::Scalar;
use boussole::vocab::Period;
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::fmt::Write as _;

mod common;

fn span() -> boussole::source::Span {
    boussole::source::Span::new(FileId(0), 0, 0)
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
                let mut doc = boussole::render::eval_json(&ev, &d, &sources);
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

/// One line of a generated spec file: its text, and whether a comment or a
/// blank line may go before it (`own`) or a comment after it (`trail`);
/// neither inside a block scalar or a multi-line flow collection.
struct Line {
    text: String,
    own: bool,
    trail: bool,
}

/// A spec file written in one of many layouts: shuffled keys, 2 to 4
/// spaces of indentation, lists indented or not, flow and block mappings,
/// shorthand and full metrics, plain, single- and double-quoted and block
/// scalars, cramped or spaced expressions. Returns the lines.
fn pk(r: &mut common::rng::Rng, n: u64) -> usize {
    r.below(n) as usize
}

fn messy_spec(r: &mut common::rng::Rng, exprs: &[Expr]) -> Vec<Line> {
    let unit = [2usize, 3, 4][pk(r, 3)];
    let list_in = pk(r, 2) == 0;
    let mut lines: Vec<Line> = Vec::new();
    let push = |lines: &mut Vec<Line>, depth: usize, text: String, own: bool, trail: bool| {
        lines.push(Line {
            text: format!("{}{}", " ".repeat(depth * unit), text),
            own,
            trail,
        })
    };
    // a scalar in some style (block styles only where `block` allows)
    let style_of = |v: &str, block: bool, r: &mut common::rng::Rng| -> (String, Vec<String>) {
        match r.below(if block { 5 } else { 3 }) {
            0 if !v.contains([
                ':', '#', '[', '{', '\'', '"', '&', '*', '!', '|', '>', '%', '@',
            ]) && !v.starts_with(['-', '?', ' '])
                && !v.ends_with(' ')
                && !v.is_empty() =>
            {
                (v.to_string(), vec![])
            }
            1 => (format!("'{}'", v.replace('\'', "''")), vec![]),
            3 => ("|-".to_string(), vec![v.to_string()]),
            4 => (">-".to_string(), {
                let words: Vec<&str> = v.split(' ').collect();
                let mid = words.len() / 2;
                if mid == 0 {
                    vec![v.to_string()]
                } else {
                    vec![words[..mid].join(" "), words[mid..].join(" ")]
                }
            }),
            _ => (
                format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\"")),
                vec![],
            ),
        }
    };
    let cramp = |text: String, r: &mut common::rng::Rng| -> String {
        // drop the spaces around some operators (`a / b` → `a/b`)
        text.split(' ').fold(String::new(), |mut acc, part| {
            if !acc.is_empty() && r.below(3) != 0 {
                acc.push(' ');
            }
            acc.push_str(part);
            acc
        })
    };
    let mut sections: Vec<Vec<Line>> = Vec::new();

    // inputs
    let mut sec = Vec::new();
    push(&mut sec, 0, "inputs:".into(), true, true);
    let names = ["clicks", "impressions", "spend", "orders"];
    for name in names.iter().take(1 + pk(r, 4)) {
        let u = ["count", "money(EUR)", "ratio"][pk(r, 3)];
        let mut keys: Vec<(String, String)> = vec![("unit".into(), u.into())];
        if pk(r, 2) == 0 {
            keys.push(("aggregate".into(), ["sum", "max", "last"][pk(r, 3)].into()));
        }
        if pk(r, 2) == 0 {
            keys.push((
                "description".into(),
                format!("the {name}: as exported, per day"),
            ));
        }
        if pk(r, 3) == 0 {
            keys.push(("vanity".into(), "true".into()));
        }
        if pk(r, 3) == 0 {
            keys.push(("better".into(), "higher".into()));
        }
        for i in (1..keys.len()).rev() {
            keys.swap(i, pk(r, i as u64 + 1));
        }
        match pk(r, 3) {
            0 if keys.len() == 1 => push(&mut sec, 1, format!("{name}: {u}"), true, true),
            1 => {
                let parts: Vec<String> = keys
                    .iter()
                    .map(|(k, v)| {
                        let (t, _) = style_of(v, false, r);
                        format!(
                            "{k}: {}",
                            if t.contains(": ") {
                                format!("\"{v}\"")
                            } else {
                                t
                            }
                        )
                    })
                    .collect();
                push(
                    &mut sec,
                    1,
                    format!("{name}: {{{}}}", parts.join(", ")),
                    true,
                    true,
                );
            }
            _ => {
                push(&mut sec, 1, format!("{name}:"), true, true);
                for (k, v) in &keys {
                    let (t, body) = style_of(v, k == "description", r);
                    push(&mut sec, 2, format!("{k}: {t}"), true, true);
                    for b in body {
                        push(&mut sec, 3, b, false, false);
                    }
                }
            }
        }
    }
    sections.push(sec);

    // metrics
    let mut sec = Vec::new();
    push(&mut sec, 0, "metrics:".into(), true, true);
    let d = usize::from(list_in);
    let mut metric_names = Vec::new();
    for (i, e) in exprs.iter().enumerate() {
        let name = format!("m{i}");
        metric_names.push(name.clone());
        let def = cramp(format!("{name} = {e}"), r);
        let (t, body) = style_of(&def, true, r);
        match pk(r, 3) {
            0 => {
                push(&mut sec, d, format!("- {t}"), true, true);
                for b in body {
                    push(&mut sec, d + 1, b, false, false);
                }
            }
            1 => {
                let (t, _) = style_of(&def, false, r);
                let t = if t.starts_with(['"', '\'']) {
                    t
                } else {
                    format!("\"{t}\"")
                };
                push(
                    &mut sec,
                    d,
                    format!("- {{def: {t}, unit: ratio}}"),
                    true,
                    true,
                );
            }
            _ => {
                let mut keys: Vec<(&str, String)> = vec![("def", def.clone())];
                if pk(r, 2) == 0 {
                    keys.push(("unit", "ratio".into()));
                }
                if pk(r, 2) == 0 {
                    keys.push((
                        "description",
                        format!("metric number {i}, as the guide says"),
                    ));
                }
                for k in (1..keys.len()).rev() {
                    keys.swap(k, pk(r, k as u64 + 1));
                }
                for (n, (k, v)) in keys.iter().enumerate() {
                    let (t, body) = style_of(v, true, r);
                    let lead = if n == 0 { "- " } else { "  " };
                    // the first line of an item takes no comment before it between `-` and the key
                    push(&mut sec, d, format!("{lead}{k}: {t}"), true, true);
                    for b in body {
                        push(&mut sec, d + 2, b, false, false);
                    }
                }
            }
        }
    }
    if !exprs.is_empty() {
        sections.push(sec);
    }

    // strategy and objectives
    if pk(r, 2) == 0 {
        let mut sec = Vec::new();
        push(&mut sec, 0, "strategy:".into(), true, true);
        push(
            &mut sec,
            1,
            "grow: Grow the online sales".into(),
            true,
            true,
        );
        sections.push(sec);
    }
    if pk(r, 2) == 0 {
        let mut sec = Vec::new();
        push(&mut sec, 0, "objectives:".into(), true, true);
        for o in 0..1 + pk(r, 2) {
            push(&mut sec, 1, format!("obj{o}:"), true, true);
            let mut keys: Vec<(&str, String)> = vec![
                (
                    "description",
                    "Raise the ratio to 5% every month of 2026".into(),
                ),
                ("aligned_with", "grow".into()),
                ("owner", "growth team".into()),
                ("period", ["monthly", "weekly"][pk(r, 2)].into()),
                ("start", "2026-01-01".into()),
                ("deadline", "2026-12-31".into()),
            ];
            keys.truncate(2 + pk(r, 5));
            for k in (1..keys.len()).rev() {
                keys.swap(k, pk(r, k as u64 + 1));
            }
            for (k, v) in &keys {
                let (t, body) = style_of(v, *k == "description", r);
                push(&mut sec, 2, format!("{k}: {t}"), true, true);
                for b in body {
                    push(&mut sec, 3, b, false, false);
                }
            }
            let kpis: Vec<String> = metric_names.iter().take(1 + pk(r, 3)).cloned().collect();
            if !kpis.is_empty() {
                if pk(r, 2) == 0 {
                    push(
                        &mut sec,
                        2,
                        format!("kpis: [{}]", kpis.join(", ")),
                        true,
                        true,
                    );
                } else {
                    push(&mut sec, 2, "kpis:".into(), true, true);
                    for k in &kpis {
                        push(
                            &mut sec,
                            2 + usize::from(list_in),
                            format!("- {k}"),
                            true,
                            true,
                        );
                    }
                }
                push(&mut sec, 2, "targets:".into(), true, true);
                for k in &kpis {
                    let cmp = [">=", "<=", ">", "<"][pk(r, 4)];
                    let target = cramp(format!("{k} {cmp} {}%", 1 + pk(r, 50)), r);
                    let (t, _) = style_of(&target, false, r);
                    push(
                        &mut sec,
                        2 + usize::from(list_in),
                        format!("- {t}"),
                        true,
                        true,
                    );
                }
            }
        }
        sections.push(sec);
    }
    for i in (1..sections.len()).rev() {
        sections.swap(i, pk(r, i as u64 + 1));
    }
    for s in sections {
        lines.extend(s);
    }
    lines
}

/// The lines with comments (`# cN`, `# tN`) and blank lines added where
/// YAML allows them.
fn with_trivia(r: &mut common::rng::Rng, lines: Vec<Line>) -> String {
    let mut out = String::new();
    let mut n = 0;
    for l in lines {
        if l.own && r.below(4) == 0 {
            let indent = l.text.len() - l.text.trim_start().len();
            let indent = if l.text.trim_start().starts_with("- ") || r.below(2) == 0 {
                indent
            } else {
                0
            };
            n += 1;
            out.push_str(&format!("{}# c{n} own line\n", " ".repeat(indent)));
        }
        if l.own && r.below(5) == 0 {
            out.push('\n');
        }
        out.push_str(&l.text);
        if l.trail && r.below(4) == 0 {
            n += 1;
            out.push_str(&format!(
                "{}# t{n} trailing",
                " ".repeat(1 + r.below(4) as usize)
            ));
        }
        out.push('\n');
    }
    out
}

fn markers(text: &str) -> Vec<String> {
    let mut v: Vec<String> = text
        .split('#')
        .skip(1)
        .filter_map(|s| s.split_whitespace().next())
        .filter(|w| w.starts_with(['c', 't']) && w[1..].chars().all(|c| c.is_ascii_digit()))
        .map(str::to_string)
        .collect();
    v.sort();
    v
}

fn format_text(text: &str) -> Result<String, String> {
    let src = boussole::source::SourceFile::new("p.kpi.yaml".into(), text.to_string());
    boussole::tools::fmt::format(FileId(0), &src).map_err(|d| format!("{}: {}", d.code, d.message))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// `boussole fmt` takes any layout of a spec, gives the same text when
    /// run again (idempotent), keeps what the spec means (every input,
    /// metric, objective and target the loader reads, and every diagnostic
    /// of `check`) and keeps every comment.
    #[test]
    fn fmt_is_idempotent_and_keeps_meaning_and_comments(
        seed in any::<u64>(),
        exprs in prop::collection::vec(expr(), 0..4),
    ) {
        let mut r = common::rng::Rng(seed | 1);
        let lines = messy_spec(&mut r, &exprs);
        let text = with_trivia(&mut r, lines);
        let once = format_text(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        let twice = format_text(&once).map_err(|e| TestCaseError::fail(format!("{e}\n{once}")))?;
        prop_assert_eq!(&twice, &once, "not idempotent; from:\n{}", text);
        prop_assert_eq!(
            boussole::fuzz::spec_meaning(text.as_bytes()),
            boussole::fuzz::spec_meaning(once.as_bytes()),
            "meaning changed:\n{}\n-- formatted --\n{}", text, once
        );
        prop_assert_eq!(markers(&text), markers(&once), "comments:\n{}\n-- formatted --\n{}", text, once);
    }
}
