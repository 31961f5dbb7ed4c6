//! Row-level inputs in SQL: each input's `expr:` and `where:` computed on
//! every row of its source's table, in a CTE over the source's rows
//! (`srcr`), before the rows are aggregated. The same rules as `eval`'s
//! row interpreter (`eval::row`): empty cells are NULL, SQL's three-valued
//! logic, a division by zero is NULL.
//!
//! DuckDB multiplies and divides DECIMAL(38, 18) values with the same exact
//! formulas as the metrics (`compiler.rs`); their intermediate values are
//! named in the CTE's select list (DuckDB lets a select list use the
//! aliases before it), so that no operand is written twice.

use super::exact::{self, Exprs};
use super::Dialect;
use crate::check::{RowInput, RowOp};
use crate::plan::PlanInput;
use crate::vocab::{Aggregate, BinOp, Cmp, RowFunction, RowType};
use std::collections::BTreeSet;

/// The columns a row-level input reads, and as what: (column index,
/// read as a number).
pub(super) fn reads(row: &RowInput) -> BTreeSet<(usize, bool)> {
    let mut out = BTreeSet::new();
    let mut add = |c: usize, ty: RowType| {
        out.insert((c, ty == RowType::Number));
    };
    if let Some((e, _)) = &row.expr {
        e.columns(&mut add);
    }
    if let Some(w) = &row.filter {
        w.columns(&mut add);
    }
    if let Some((_, aggs)) = &row.having {
        for a in aggs.iter().filter_map(|a| a.arg.as_ref()) {
            a.columns(&mut add);
        }
    }
    out
}

/// The name of the value of input `k`'s column `c` read as a number or a text.
pub(super) fn cell(k: usize, c: usize, number: bool) -> String {
    format!("c{k}_{c}{}", if number { 'n' } else { 't' })
}

/// The SQL of a row-level input's value on one row: the named intermediate
/// values it needs first (DuckDB), then the value, which the input's
/// aggregate folds (`SUM` of 1s and 0s for a count, `COUNT(DISTINCT ...)`).
pub(super) fn value(
    d: Dialect,
    k: usize,
    input: &PlanInput,
    row: &RowInput,
) -> (Vec<String>, String) {
    let mut w = Writer {
        d,
        k,
        binds: Vec::new(),
        columns: None,
    };
    let expr = row.expr.as_ref().map(|(e, _)| w.sql(e));
    // the arguments of `having:` aggregates, one column each
    if let Some((_, aggs)) = &row.having {
        for (a, agg) in aggs.iter().enumerate() {
            let arg = agg
                .arg
                .as_ref()
                .map_or_else(|| "1".to_string(), |x| w.sql(x));
            w.binds.push(format!("{arg} AS h{k}_{a}"));
        }
    }
    let filter = row.filter.as_ref().map(|f| w.sql(f));
    let num = d.num();
    let sql = match input.aggregate {
        Aggregate::Count => {
            let cond = match (filter, expr) {
                (None, None) => None,
                (Some(f), None) => Some(f),
                (None, Some(e)) => Some(format!("{e} IS NOT NULL")),
                (Some(f), Some(e)) => Some(format!("{f} AND {e} IS NOT NULL")),
            };
            match cond {
                None => format!("CAST(1 AS {num})"),
                Some(c) => format!("CAST(CASE WHEN {c} THEN 1 ELSE 0 END AS {num})"),
            }
        }
        _ => {
            let e = expr.unwrap_or_else(|| "NULL".into());
            match filter {
                None => e,
                Some(f) => format!("CASE WHEN {f} THEN {e} END"),
            }
        }
    };
    (w.binds, sql)
}

/// The CTEs of a `count_distinct` input with `having:` over the rows of
/// `from` (whose `i{k}` is each row's value, `h{k}_{a}` the aggregates'
/// arguments): `{name}v` the condition per (period, dimensions, value),
/// `{name}` the values that pass per (period, dimensions), as `hn`.
pub(super) fn having_ctes(
    d: Dialect,
    k: usize,
    row: &RowInput,
    from: &str,
    group: &[String],
    name: &str,
) -> String {
    let Some((cond, aggs)) = &row.having else {
        return String::new();
    };
    let num = d.num();
    let columns: Vec<String> = aggs
        .iter()
        .enumerate()
        .map(|(a, agg)| {
            let h = format!("h{k}_{a}");
            match agg.aggregate {
                Aggregate::Count => format!("CAST(COUNT({h}) AS {num})"),
                Aggregate::CountDistinct => format!("CAST(COUNT(DISTINCT {h}) AS {num})"),
                Aggregate::Min => format!("MIN({h})"),
                Aggregate::Max => format!("MAX({h})"),
                Aggregate::Avg => format!("AVG_OF_{a}"),
                _ => d.sum(&h),
            }
        })
        .collect();
    let mut w = Writer {
        d,
        k,
        binds: Vec::new(),
        columns: Some(columns),
    };
    // an average is an exact division of the sum by the count
    for (a, agg) in aggs.iter().enumerate() {
        if agg.aggregate == Aggregate::Avg {
            let h = format!("h{k}_{a}");
            let q = exact::div(&mut w, d.sum(&h), format!("CAST(COUNT({h}) AS {num})"));
            if let Some(cols) = &mut w.columns {
                cols[a] = q;
            }
        }
    }
    let ok = w.sql(cond);
    let g = group.join(", ");
    let mut binds = String::new();
    for b in &w.binds {
        binds.push_str(&format!(",\n    {b}"));
    }
    format!(
        ",\n{name}v AS (\n  SELECT {g}{binds},\n    {ok} AS ok\n  FROM {from}\n  WHERE i{k} IS NOT NULL\n  GROUP BY {g}, i{k}\n),\n{name} AS (\n  SELECT {g}, SUM(CASE WHEN ok THEN 1 ELSE 0 END) AS hn\n  FROM {name}v\n  GROUP BY {g}\n)"
    )
}

struct Writer {
    d: Dialect,
    k: usize,
    /// `expression AS name`, in order (DuckDB).
    binds: Vec<String>,
    /// What `Column(i, _)` stands for, when not the input's cells (a
    /// `having:` condition: its aggregates).
    columns: Option<Vec<String>>,
}

impl Writer {
    /// A name for `sql` in the select list (DuckDB), or `sql` itself when
    /// it is a name or a literal already.
    fn bind(&mut self, sql: String) -> String {
        if sql.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return sql;
        }
        let name = format!("b{}_{}", self.k, self.binds.len());
        self.binds.push(format!("{sql} AS {name}"));
        name
    }

    fn sql(&mut self, op: &RowOp) -> String {
        let d = self.d;
        match op {
            RowOp::Number(n) => d.number(*n),
            RowOp::Text(t) => d.string(t),
            RowOp::Bool(b) => (if *b { "TRUE" } else { "FALSE" }).to_string(),
            RowOp::Column(c, ty) => match &self.columns {
                Some(cols) => cols.get(*c).cloned().unwrap_or_else(|| "NULL".into()),
                None => cell(self.k, *c, *ty == RowType::Number),
            },
            RowOp::Neg(a) => format!("(-{})", self.sql(a)),
            RowOp::Arith(o, a, b) => {
                let (a, b) = (self.sql(a), self.sql(b));
                match o {
                    BinOp::Add => exact::add(self, a, b),
                    BinOp::Sub => exact::sub(self, a, b),
                    BinOp::Mul => exact::mul(self, a, b),
                    BinOp::Div => exact::div(self, a, b),
                }
            }
            RowOp::Compare(c, _, a, b) => {
                let op = match c {
                    Cmp::Eq => "=",
                    Cmp::Ne => "<>",
                    c => c.symbol(),
                };
                format!("({} {op} {})", self.sql(a), self.sql(b))
            }
            RowOp::In(_, x, items) => {
                let x = self.sql(x);
                let items: Vec<String> = items.iter().map(|i| self.sql(i)).collect();
                format!("({x} IN ({}))", items.join(", "))
            }
            RowOp::Not(a) => format!("(NOT {})", self.sql(a)),
            RowOp::And(a, b) => format!("({} AND {})", self.sql(a), self.sql(b)),
            RowOp::Or(a, b) => format!("({} OR {})", self.sql(a), self.sql(b)),
            RowOp::Call(f, args) => self.call(*f, args),
        }
    }

    fn call(&mut self, f: RowFunction, args: &[RowOp]) -> String {
        let d = self.d;
        let mut a: Vec<String> = Vec::with_capacity(args.len());
        for op in args {
            let s = self.sql(op);
            a.push(s);
        }
        let arg = |i: usize| a.get(i).cloned().unwrap_or_else(|| "NULL".into());
        match f {
            RowFunction::StartsWith => {
                let (t, p) = (arg(0), arg(1));
                format!("(LEFT({t}, LENGTH({p})) = {p})")
            }
            RowFunction::EndsWith => {
                let (t, p) = (arg(0), arg(1));
                format!("(RIGHT({t}, LENGTH({p})) = {p})")
            }
            RowFunction::Contains => {
                let (t, p) = (arg(0), arg(1));
                match d {
                    Dialect::DuckDb | Dialect::Snowflake => format!("CONTAINS({t}, {p})"),
                    Dialect::Postgres | Dialect::BigQuery => format!("(STRPOS({t}, {p}) > 0)"),
                    Dialect::Spark => format!("(INSTR({t}, {p}) > 0)"),
                }
            }
            RowFunction::Lower => format!("LOWER({})", arg(0)),
            RowFunction::IsEmpty => format!("({} IS NULL)", arg(0)),
            RowFunction::Coalesce => format!("COALESCE({})", a.join(", ")),
            RowFunction::Abs => format!("ABS({})", arg(0)),
            RowFunction::Round => {
                let digits = match args.get(1) {
                    Some(RowOp::Number(n)) => n.normalize().to_string(),
                    _ => "0".into(),
                };
                format!("CAST(ROUND({}, {digits}) AS {})", arg(0), d.num())
            }
        }
    }
}

impl Exprs for Writer {
    type E = String;
    fn dialect(&self) -> Dialect {
        self.d
    }
    fn bind(&mut self, e: String) -> String {
        Writer::bind(self, e)
    }
    fn fill(pattern: &str, args: &[&String]) -> String {
        let mut out = String::new();
        let mut parts = pattern.split("{}");
        out.push_str(parts.next().unwrap_or_default());
        for (part, arg) in parts.zip(args) {
            out.push_str(arg);
            out.push_str(part);
        }
        out
    }
}
