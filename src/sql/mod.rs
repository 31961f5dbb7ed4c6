//! The SQL backend: compiles a [`Plan`] to one standalone SELECT per dialect,
//! so that the same spec runs inside the warehouse with the numbers `eval`
//! gives.
//!
//! Shape of the query, for every dialect:
//! - `src`: the table's rows with the date cast to DATE, the period's first
//!   day, the dimensions (NULL read as `''`, like an empty CSV cell) and the
//!   input columns cast to the dialect's exact decimal type;
//! - `l0`: one row per (period, dimensions) with every input aggregated;
//! - `l1`, `l2`, …: one CTE per level of the expression graph. Every
//!   operation whose dialect form needs its operands more than once (division
//!   with a zero guard, `min`/`max` with NULL propagation, DuckDB's exact
//!   products and quotients) gets its operands as columns of an earlier level,
//!   so the SQL grows linearly with the spec, never exponentially.
//!   `previous(x, n)` is a LEFT JOIN of the earlier level on the period `n`
//!   before and the same dimension values.
//! - the final SELECT: the period label (the same text as `eval`), the
//!   dimensions, then every input and metric under its spec name.
//!
//! Every identifier is quoted and every literal escaped per dialect; names
//! that a dialect cannot represent are diagnostics, never SQL.
//!
//! Files: [`dialect`] (types, quoting, date arithmetic per engine),
//! `compiler` (primitive operations → templates → CTEs), `names` (what a
//! dialect cannot carry), `objectives` (the target-status query).
//!
//! To add a dialect: a variant of [`Dialect`] and its arm in each of
//! `dialect.rs`'s methods (the compiler asks for every one), a parser in
//! `tests/sql_snapshots.rs`, and snapshots.

mod cells;
mod compiler;
pub mod dialect;
mod exact;
mod names;
mod objectives;
mod rows;

pub use dialect::{Dialect, FIXED_SCALE, PG_DIV_SCALE};

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::plan::Plan;
use compiler::{Compiler, Read};
use std::fmt::Write as _;

/// What `boussole sql` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Query {
    /// One row per period and dimension values: every input and metric.
    Metrics,
    /// One row per objective, target, period and dimension values: the status.
    Objectives,
}

/// Compiles `plan` to one SELECT over the tables of its sources (`tables`,
/// one per source, from [`tables`]). Problems (names a dialect cannot carry,
/// a source with no table, a date format the dialect cannot parse) are
/// diagnostics, and then there is no SQL.
pub fn sql(
    plan: &Plan,
    dialect: Dialect,
    tables: &[Option<String>],
    query: Query,
    diags: &mut Diagnostics,
) -> Option<String> {
    let before = diags.errors();
    let reads = reads(plan, dialect, tables, diags);
    names::check_names(plan, dialect, &reads, query, diags);
    if diags.errors() > before {
        return None;
    }
    Some(match query {
        Query::Metrics => metrics_query(plan, dialect, &reads),
        Query::Objectives => objectives::objectives_query(plan, dialect, &reads),
    })
}

/// The query `eval --engine` runs at one cadence, and where its values are:
/// one row per (period, dimension values), every value as text.
#[derive(Clone, Debug)]
pub struct FetchQuery {
    pub sql: String,
    /// Column 0 is the first day of the period (`YYYY-MM-DD`), then the
    /// dimension values; per input, the column of its value (an average's
    /// sum) and, for an average, of its count.
    pub inputs: Vec<(usize, Option<usize>)>,
    /// Per source read: (source index, column of the latest day of its rows
    /// in the group, `YYYY-MM-DD`).
    pub latest: Vec<(usize, usize)>,
}

/// Compiles the aggregates of `plan` at `period` for `eval --engine`: the
/// inputs only (eval computes the metrics, their diagnostics and the
/// targets), averages as their sum and count (eval divides, with its
/// digits). Problems are diagnostics, as for [`sql`].
pub fn fetch_query(
    plan: &Plan,
    d: Dialect,
    tables: &[Option<String>],
    period: crate::vocab::Period,
    diags: &mut Diagnostics,
) -> Option<FetchQuery> {
    let before = diags.errors();
    let reads = reads(plan, d, tables, diags);
    names::check_names(plan, d, &reads, Query::Metrics, diags);
    if diags.errors() > before {
        return None;
    }
    let mut c = Compiler::new(plan, d, period);
    c.for_eval = true;
    let mut out = String::from("WITH ");
    c.aggregates(&mut out, &reads, "");
    let text = d.text();
    let day = |col: &str| d.label(crate::vocab::Period::Daily, col);
    let mut cols = vec![format!("{} AS p", day("c.p_start"))];
    for i in 0..plan.by.len() {
        cols.push(format!("c.d{i} AS d{i}"));
    }
    let as_text = |k: Option<usize>| {
        k.map_or_else(
            || format!("CAST(NULL AS {text})"),
            |k| format!("CAST(c.{} AS {text})", c.cols[k].name),
        )
    };
    let mut inputs = Vec::with_capacity(plan.inputs.len());
    for k in 0..plan.inputs.len() {
        let avg = c.avgs.iter().find(|(i, _, _)| *i == k).copied();
        let value = avg.map_or(c.slots[k], |(_, sum, _)| Some(sum));
        cols.push(format!("{} AS i{k}", as_text(value)));
        let at = cols.len() - 1;
        let count = avg.map(|(_, _, n)| {
            cols.push(format!("{} AS n{k}", as_text(Some(n))));
            cols.len() - 1
        });
        inputs.push((at, count));
    }
    let mut latest = Vec::new();
    for (s, r) in reads.iter().enumerate() {
        if r.is_some() {
            cols.push(format!("{} AS z{s}", day(&format!("c.z{s}"))));
            latest.push((s, cols.len() - 1));
        }
    }
    let _ = write!(out, "\nSELECT\n  {}\nFROM l0 AS c\n", cols.join(",\n  "));
    Some(FetchQuery {
        sql: out,
        inputs,
        latest,
    })
}

/// The table of each source: `--table NAME=TABLE` bindings first, then the
/// source's `table:`; a plain `--table TABLE` binds the only source (or the
/// unnamed one of a spec without `sources:`). Err for a binding that fits
/// no source (a usage error).
pub fn tables(plan: &Plan, bindings: &[String]) -> Result<Vec<Option<String>>, String> {
    let mut tables: Vec<Option<String>> = plan.sources.iter().map(|s| s.table.clone()).collect();
    for b in bindings {
        let (index, table) = plan.bound_source("--table", "TABLE", b)?;
        tables[index] = Some(table.to_string());
    }
    if plan.sources.len() == 1 && plan.sources[0].name.is_empty() && tables[0].is_none() {
        return Err("--table TABLE is needed: the spec declares no `sources:`".into());
    }
    Ok(tables)
}

/// How each source is read, None for a source the query does not read (no
/// input, or a `--by` dimension its `dimensions:` do not list: a warning).
fn reads(
    plan: &Plan,
    d: Dialect,
    tables: &[Option<String>],
    diags: &mut Diagnostics,
) -> Vec<Option<Read>> {
    let several = plan.sources.len() > 1;
    let mut out = Vec::with_capacity(plan.sources.len());
    for (si, source) in plan.sources.iter().enumerate() {
        let used = plan.inputs.iter().any(|i| i.source == si)
            // a spec with no input still reads its one table
            || (plan.inputs.is_empty() && si == 0);
        if !used {
            out.push(None);
            continue;
        }
        if let Some(dim) = source.lacking(&plan.by) {
            diags.push(source.lacking_diagnostic(&dim, several));
            out.push(None);
            continue;
        }
        let Some(table) = tables.get(si).cloned().flatten() else {
            let d = if source.name.is_empty() {
                Diagnostic::of(Code::MissingData, crate::msg!("sql-no-table"))
            } else {
                Diagnostic::of(
                    Code::MissingData,
                    crate::msg!("sql-source-no-table", source = &source.name),
                )
                .at_opt(source.span)
                .help_msg(crate::msg!(
                    "sql-source-no-table-help",
                    source = &source.name
                ))
            };
            diags.push(d);
            out.push(None);
            continue;
        };
        match cells::row_day(d, plan, source) {
            Ok(day) => out.push(Some(Read { table, day })),
            Err(cells::Unsupported(spec)) => {
                diags.push(
                    Diagnostic::of(
                        Code::SqlUnsupported,
                        crate::msg!(
                            "sql-date-specifier",
                            source = &source.name,
                            specifier = spec.to_string(),
                            dialect = d.name()
                        ),
                    )
                    .at_opt(source.date_span.or(source.span))
                    .help_msg(crate::msg!("sql-date-specifier-help")),
                );
                out.push(None);
            }
        }
    }
    out
}

fn metrics_query(plan: &Plan, d: Dialect, reads: &[Option<Read>]) -> String {
    let mut c = Compiler::new(plan, d, plan.period);
    let mut out = String::from("WITH ");
    c.aggregates(&mut out, reads, "");
    c.metrics();
    let last = c.levels(&mut out, "");
    let mut select = format!(
        "\nSELECT\n  {} AS {}",
        d.label(plan.period, "c.p_start"),
        d.ident("period")
    );
    for (i, b) in plan.by.iter().enumerate() {
        let _ = write!(select, ",\n  c.d{i} AS {}", d.ident(b));
    }
    for (slot, name) in plan.slots.iter().enumerate() {
        let col = c.slots[slot].map(|k| format!("c.{}", c.cols[k].name));
        let _ = write!(
            select,
            ",\n  {} AS {}",
            col.unwrap_or_else(|| "NULL".into()),
            d.ident(name)
        );
    }
    let order: Vec<String> = std::iter::once("c.p_start".to_string())
        .chain((0..plan.by.len()).map(|i| d.order_dim(&format!("c.d{i}"))))
        .collect();
    let _ = write!(
        out,
        "{select}\nFROM {last} AS c\nORDER BY {}\n",
        order.join(", ")
    );
    out
}
