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
    use crate::msg;
    let check = |what: crate::i18n::Msg, name: &str, at: Option<Span>, diags: &mut Diagnostics| {
        let why = if name.is_empty() {
            "empty"
        } else if name.chars().any(|c| c.is_control()) {
            "control"
        } else if d == Dialect::BigQuery && name.contains(['`', '\\']) {
            "backtick"
        } else if name.len() > d.max_ident() {
            "long"
        } else {
            return;
        };
        diags.push(
            Diagnostic::of(
                Code::SqlName,
                msg!(
                    "sql-bad-name",
                    what = what,
                    name = shown(name),
                    why = why,
                    max = d.max_ident(),
                    dialect = d.name()
                ),
            )
            .at_opt(at)
            .help_msg(msg!("sql-bad-name-help", dialect = d.name())),
        );
    };
    for (r, source) in reads.iter().zip(&plan.sources) {
        let Some(r) = r else { continue };
        for part in r.table.split('.') {
            check(msg!("sql-what-table-part"), part, source.span, diags);
        }
    }
    for b in &plan.by {
        check(msg!("sql-what-by"), b, None, diags);
    }
    for (r, source) in reads.iter().zip(&plan.sources) {
        if r.is_none() || source.name.is_empty() {
            continue;
        }
        for (col, b) in source.by_columns.iter().zip(&plan.by) {
            if let Some(col) = col.as_deref().filter(|c| c != b) {
                check(msg!("sql-what-dimension", dim = b), col, source.span, diags);
            }
        }
        for col in source
            .format
            .date_columns
            .iter()
            .take(1)
            .chain(source.format.date_to.iter().flat_map(|t| t.iter().take(1)))
        {
            check(msg!("sql-what-date"), col, source.span, diags);
        }
    }
    for i in &plan.inputs {
        check(
            msg!("sql-what-input", input = &i.name),
            &i.column,
            Some(i.span),
            diags,
        );
    }
    for (s, at) in plan.slots.iter().zip(&plan.slot_spans) {
        check(msg!("sql-what-output"), s, Some(*at), diags);
    }
    if query == Query::Objectives {
        for o in &plan.objectives {
            if o.name.chars().any(|c| c.is_control()) {
                check(msg!("sql-what-objective"), &o.name, Some(o.span), diags);
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
                Diagnostic::of(Code::SqlName, crate::msg!("sql-two-columns", name = &n))
                    .help_msg(crate::msg!("sql-two-columns-help")),
            );
        }
    }
}
