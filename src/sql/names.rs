//! Names a dialect cannot carry: refused as `sql-name` diagnostics, never
//! written into SQL.

use super::compiler::Read;
use super::{Dialect, Query};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::plan::{Plan, TARGET_COLUMNS};
use crate::source::Span;
use std::collections::BTreeSet;

/// A name as written, with control characters shown as escapes.
fn shown(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

pub(super) fn check_names(
    plan: &Plan,
    d: Dialect,
    reads: &[Option<Read>],
    query: Query,
    diags: &mut Diagnostics,
) {
    let check = |what: String, name: &str, at: Option<Span>, diags: &mut Diagnostics| {
        let why = if name.is_empty() {
            "is empty".to_string()
        } else if name.chars().any(|c| c.is_control()) {
            "contains a control character".to_string()
        } else if d == Dialect::BigQuery && name.contains(['`', '\\']) {
            "contains a backtick or a backslash, which BigQuery names cannot hold".to_string()
        } else if name.len() > d.max_ident() {
            format!(
                "is longer than {} bytes, the most {} keeps",
                d.max_ident(),
                d.name()
            )
        } else {
            return;
        };
        diags.push(
            Diagnostic::error(Code::SqlName, format!("{what} `{}` {why}", shown(name)))
                .at_opt(at)
                .help(format!(
                    "rename it, or keep it out of the {} query",
                    d.name()
                )),
        );
    };
    for (r, source) in reads.iter().zip(&plan.sources) {
        let Some(r) = r else { continue };
        for part in r.table.split('.') {
            check("table name part".into(), part, source.span, diags);
        }
    }
    for b in &plan.by {
        check("--by column".into(), b, None, diags);
    }
    for (r, source) in reads.iter().zip(&plan.sources) {
        if r.is_none() || source.name.is_empty() {
            continue;
        }
        for (col, b) in source.by_columns.iter().zip(&plan.by) {
            if let Some(col) = col.as_deref().filter(|c| c != b) {
                check(
                    format!("the column of dimension `{b}`"),
                    col,
                    source.span,
                    diags,
                );
            }
        }
        for col in source
            .format
            .date_columns
            .iter()
            .take(1)
            .chain(source.format.date_to.iter().flat_map(|t| t.iter().take(1)))
        {
            check("the date column".into(), col, source.span, diags);
        }
    }
    for i in &plan.inputs {
        check(
            format!("the column of input `{}`", i.name),
            &i.column,
            Some(i.span),
            diags,
        );
    }
    for (s, at) in plan.slots.iter().zip(&plan.slot_spans) {
        check("output column".into(), s, Some(*at), diags);
    }
    if query == Query::Objectives {
        for o in &plan.objectives {
            if o.name.chars().any(|c| c.is_control()) {
                check("objective".into(), &o.name, Some(o.span), diags);
            }
        }
    }
    // the output columns must be distinct, whatever the dialect's case rules
    let fixed: &[&str] = match query {
        Query::Metrics => &["period"],
        Query::Objectives => &TARGET_COLUMNS,
    };
    let mut seen = BTreeSet::new();
    let names = fixed
        .iter()
        .map(|s| s.to_string())
        .chain(plan.by.iter().cloned());
    let names: Vec<String> = match query {
        Query::Metrics => names.chain(plan.slots.iter().cloned()).collect(),
        Query::Objectives => names.collect(),
    };
    for n in names {
        if !seen.insert(n.to_lowercase()) {
            diags.push(
                Diagnostic::error(
                    Code::SqlName,
                    format!("two output columns would be named `{n}`"),
                )
                .help("a --by column cannot share its name with an input, a metric or `period`"),
            );
        }
    }
}
