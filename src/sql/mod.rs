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

mod compiler;
pub mod dialect;
mod names;
mod objectives;

pub use dialect::{Dialect, FIXED_SCALE, PG_DIV_SCALE};

use crate::diagnostic::Diagnostics;
use crate::plan::Plan;
use compiler::Compiler;
use std::fmt::Write as _;

/// What `boussole sql` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Query {
    /// One row per period and dimension values: every input and metric.
    Metrics,
    /// One row per objective, target, period and dimension values: the status.
    Objectives,
}

/// Compiles `plan` to one SELECT over `table` in `dialect`. Problems (names a
/// dialect cannot carry) are diagnostics, and then there is no SQL.
pub fn sql(
    plan: &Plan,
    dialect: Dialect,
    table: &str,
    query: Query,
    diags: &mut Diagnostics,
) -> Option<String> {
    let before = diags.errors();
    names::check_names(plan, dialect, table, query, diags);
    if diags.errors() > before {
        return None;
    }
    Some(match query {
        Query::Metrics => metrics_query(plan, dialect, table),
        Query::Objectives => objectives::objectives_query(plan, dialect, table),
    })
}

fn metrics_query(plan: &Plan, d: Dialect, table: &str) -> String {
    let mut c = Compiler::new(plan, d, plan.period);
    let mut out = String::from("WITH ");
    c.aggregates(&mut out, table, "");
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
