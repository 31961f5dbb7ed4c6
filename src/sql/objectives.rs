//! `sql --objectives`: the status of every target per period of its
//! objective's cadence, by the plan's objective rules (`plan::objectives`):
//! per cadence the metrics' CTEs and the targets' sides as columns; per
//! target a period series crossed with the dimension values seen, at most
//! `MAX_TARGET_ROWS` rows, LEFT JOINed to the values; the branches in one
//! UNION ALL, in eval's order.

use super::compiler::{Compiler, Read};
use super::Dialect;
use crate::plan::{
    Plan, PlanObjective, PlanTarget, Status, MAX_TARGET_ROWS, TARGET_COLUMNS_BEFORE_DIMS,
};
use crate::syntax::dsl::Cmp;
use crate::vocab::Period;
use std::collections::BTreeSet;
use std::fmt::Write as _;

pub(super) fn objectives_query(plan: &Plan, d: Dialect, reads: &[Option<Read>]) -> String {
    let cadences: BTreeSet<Period> = plan
        .objectives
        .iter()
        .filter(|o| !o.targets.is_empty())
        .filter_map(|o| o.cadence)
        .collect();
    if cadences.is_empty() {
        // no objective has a cadence and targets: an empty result, same columns
        return empty(plan, d);
    }
    let mut out = String::from("WITH ");
    let mut branches = Vec::new();
    for (k, cadence) in cadences.iter().enumerate() {
        if k > 0 {
            out.push_str(",\n");
        }
        cadence_ctes(plan, d, reads, *cadence, &mut out, &mut branches);
    }
    let order: Vec<String> = ["r.oi", "r.ti", "r.p_start"]
        .into_iter()
        .map(String::from)
        .chain((0..plan.by.len()).map(|i| d.order_dim(&format!("r.d{i}"))))
        .collect();
    let _ = write!(
        out,
        "\n{}\nFROM (\n{}\n) AS r\nORDER BY {}\n",
        select(plan, d),
        branches.join("\n  UNION ALL\n"),
        order.join(", ")
    );
    out
}

/// The CTEs of one cadence (aggregates, metric levels, the targets' sides,
/// the dimension values and the data's span), and one branch per target of
/// its objectives.
fn cadence_ctes(
    plan: &Plan,
    d: Dialect,
    reads: &[Option<Read>],
    cadence: Period,
    out: &mut String,
    branches: &mut Vec<String>,
) {
    let prefix = format!("{}_", cadence.name());
    let mut c = Compiler::new(plan, d, cadence);
    c.aggregates(out, reads, &prefix);
    c.metrics();
    // the targets' two sides, as columns
    let mut sides = Vec::new();
    for (oi, o) in plan.objectives.iter().enumerate() {
        if o.cadence != Some(cadence) {
            continue;
        }
        for (ti, t) in o.targets.iter().enumerate() {
            let l = c.lower(&t.lhs);
            let r = c.lower(&t.rhs);
            let (l, r) = (c.column(l), c.column(r));
            sides.push((oi, ti, l, r));
        }
    }
    let last = c.levels(out, &prefix);
    let dims: Vec<String> = (0..plan.by.len()).map(|i| format!("d{i}")).collect();
    let dim_list = if dims.is_empty() {
        "1 AS one".to_string()
    } else {
        dims.join(", ")
    };
    let _ = write!(
        out,
        ",\n{prefix}dims AS (\n  SELECT DISTINCT {dim_list} FROM {prefix}l0\n),\n{prefix}span AS (\n  SELECT MIN(p_start) AS lo, MAX(p_start) AS hi FROM {prefix}l0\n)"
    );
    for (oi, ti, l, r) in sides {
        let o = &plan.objectives[oi];
        let side = |k: usize| c.cols[k].name.as_str();
        let target = Branch {
            as_of: plan.as_of,
            o,
            t: &o.targets[ti],
            oi,
            ti,
            cadence,
            prefix: &prefix,
            last: &last,
            dims: &dims,
        };
        target.periods(d, out);
        branches.push(target.select(d, side(l), side(r)));
    }
}

/// One target's rows at its objective's cadence.
struct Branch<'a> {
    /// The day of the review (`--as-of`): periods not ended then are
    /// `in-progress` (`Status::on`).
    as_of: Option<chrono::NaiveDate>,
    o: &'a PlanObjective,
    t: &'a PlanTarget,
    oi: usize,
    ti: usize,
    cadence: Period,
    prefix: &'a str,
    /// The CTE with every value of the cadence.
    last: &'a str,
    /// The dimension columns (`d0`, `d1`, …).
    dims: &'a [String],
}

impl Branch<'_> {
    /// The CTE prefix of this target's own CTEs.
    fn name(&self) -> String {
        format!("{}o{}t{}", self.prefix, self.oi, self.ti)
    }

    /// Its CTEs: the bounds (`start`/`deadline`, else the data's span), the
    /// period series, and the periods kept (the latest, at most
    /// MAX_TARGET_ROWS rows with the dimension values).
    fn periods(&self, d: Dialect, out: &mut String) {
        let (b, prefix) = (self.name(), self.prefix);
        let bound = |date: Option<chrono::NaiveDate>, data: &str| match date
            .and_then(|day| self.cadence.key(day).start())
        {
            Some(s) => format!("DATE '{}'", s.format("%Y-%m-%d")),
            None => data.to_string(),
        };
        let lo = bound(self.o.start, "lo");
        let hi = bound(self.o.deadline, "hi");
        let _ = write!(
            out,
            ",\n{b}_bounds AS (\n  SELECT {lo} AS lo, {hi} AS hi FROM {prefix}span WHERE {prefix}span.lo IS NOT NULL\n),\n{b}_series AS (\n  {}\n),\n{b}_periods AS (\n  SELECT s.p_start FROM (SELECT p_start, ROW_NUMBER() OVER (ORDER BY p_start DESC) AS rn FROM {b}_series) AS s CROSS JOIN (SELECT COUNT(*) AS n FROM {prefix}dims) AS k WHERE s.rn * k.n <= {MAX_TARGET_ROWS}\n)",
            d.series(self.cadence, &format!("{b}_bounds"))
        );
    }

    /// The branch of the UNION: every period × dimension values, the two
    /// sides (columns `lc` and `rc` of the values) and the status.
    fn select(&self, d: Dialect, lc: &str, rc: &str) -> String {
        let holds = match self.t.cmp {
            Cmp::Ge => ">=",
            Cmp::Le => "<=",
            Cmp::Gt => ">",
            Cmp::Lt => "<",
            Cmp::Eq => "=",
            Cmp::Ne => "<>",
        };
        let mut on = "c.p_start = g.p_start".to_string();
        let mut dim_cols = String::new();
        for x in self.dims {
            let _ = write!(on, " AND c.{x} = g.{x}");
            let _ = write!(dim_cols, ", g.{x}");
        }
        // not ended on the review day: in progress once begun, or with a value
        let running = match self
            .as_of
            .and_then(|day| Some((Status::running_from(self.cadence, day)?, day)))
        {
            Some((from, day)) => format!(
                "WHEN g.p_start >= DATE '{from}' AND (c.{lc} IS NOT NULL OR g.p_start <= DATE '{day}') THEN 'in-progress' "
            ),
            None => String::new(),
        };
        format!(
            "  SELECT {} AS oi, {} AS ti, {} AS objective, {} AS target, {} AS metric, g.p_start, {} AS period{dim_cols},\n    c.{lc} AS value, c.{rc} AS threshold,\n    CASE {running}WHEN c.{lc} IS NULL OR c.{rc} IS NULL THEN 'no-data' WHEN c.{lc} {holds} c.{rc} THEN 'met' ELSE 'missed' END AS status\n  FROM (SELECT p.p_start, x.* FROM {b}_periods AS p CROSS JOIN {prefix}dims AS x) AS g\n  LEFT JOIN {last} AS c ON {on}",
            self.oi,
            self.ti,
            d.string(&self.o.name),
            d.string(&self.t.text),
            d.string(&self.t.metric),
            d.label(self.cadence, "g.p_start"),
            b = self.name(),
            prefix = self.prefix,
            last = self.last,
        )
    }
}

/// The outer SELECT: the target columns of the plan, the `--by` columns
/// after the first ones.
fn select(plan: &Plan, d: Dialect) -> String {
    let (before, after) = crate::plan::TARGET_COLUMNS.split_at(TARGET_COLUMNS_BEFORE_DIMS);
    let cols: Vec<String> = before
        .iter()
        .map(|c| format!("r.{c} AS {}", d.ident(c)))
        .chain(
            plan.by
                .iter()
                .enumerate()
                .map(|(i, b)| format!("r.d{i} AS {}", d.ident(b))),
        )
        .chain(after.iter().map(|c| format!("r.{c} AS {}", d.ident(c))))
        .collect();
    format!("SELECT {}", cols.join(", "))
}

/// No row, the same columns.
fn empty(plan: &Plan, d: Dialect) -> String {
    let mut empty = format!(
        "SELECT CAST(NULL AS {t}) AS {}, CAST(NULL AS {t}) AS {}, CAST(NULL AS {t}) AS {}, CAST(NULL AS {t}) AS {}",
        d.ident("objective"),
        d.ident("target"),
        d.ident("metric"),
        d.ident("period"),
        t = d.text()
    );
    for b in &plan.by {
        let _ = write!(empty, ", CAST(NULL AS {}) AS {}", d.text(), d.ident(b));
    }
    let _ = write!(
        empty,
        ", CAST(NULL AS {n}) AS {}, CAST(NULL AS {n}) AS {}, CAST(NULL AS {}) AS {}\nFROM (SELECT 1 AS one) AS x\nWHERE 1 = 0\n",
        d.ident("value"),
        d.ident("threshold"),
        d.text(),
        d.ident("status"),
        n = d.num()
    );
    empty
}
