//! Plan stage: what a backend computes — the input columns and how they
//! aggregate per period, the dimensions to group by, and every metric and
//! target side lowered to a handful of primitive operations.
//!
//! The language's functions are defined here, once: `change(x, n)` is
//! `x - shift(x, n)`, `growth(x, n)` is `(x - shift(x, n)) / abs(shift(x, n))`,
//! and so on. The backends (the embedded evaluator, the SQL compiler) only
//! implement the primitives of [`Op`], so a new function is written once and
//! both follow.

mod objectives;

pub use objectives::{
    max_periods, PlanObjective, PlanTarget, Range, Status, MAX_TARGET_ROWS, TARGET_COLUMNS,
    TARGET_COLUMNS_BEFORE_DIMS,
};

use crate::check::{const_value, periods_back, target_unit, Model, NameRef};
use crate::source::Span;
use crate::syntax::dsl::{BinOp, Expr, ExprKind};
use crate::vocab::Aggregate;
use crate::vocab::{Function, Period, Unit};
use rust_decimal::Decimal;

/// An input: the column it reads and how its values combine in a period.
#[derive(Debug)]
pub struct PlanInput {
    pub name: String,
    /// The column (a warehouse table's name for it: the first alternative).
    pub column: String,
    /// Every name its column may have in a file, the first present wins.
    pub columns: Vec<String>,
    pub aggregate: Aggregate,
    /// Where it is declared (for diagnostics about its data).
    pub span: Span,
    /// Its source, an index in [`Plan::sources`].
    pub source: usize,
    /// The currency of a money input: a cell in another currency is an error.
    pub currency: Option<String>,
}

/// Where data comes from and how its files are written. A spec without
/// `sources:` has one, unnamed: the file given with `--data`.
#[derive(Debug)]
pub struct PlanSource {
    /// Empty for the unnamed source.
    pub name: String,
    pub span: Option<Span>,
    /// Its files: a glob, and the directory it is relative to.
    pub path: Option<(String, Span)>,
    pub dir: std::path::PathBuf,
    pub format: crate::vocab::DataFormat,
    /// The column of each `--by` dimension in this source's files (the
    /// dimension's own name unless the source maps it).
    pub by_columns: Vec<String>,
    pub table: Option<String>,
}

/// A primitive operation. Every operation is NULL when an operand is NULL.
#[derive(Clone, Debug)]
pub enum Op {
    Lit(Decimal),
    /// No value (what an unresolved name lowers to; the check stage reports it).
    Null,
    /// The value of an input or metric (by slot) in the current period.
    Slot(usize),
    /// The node's value `n` periods before, for the same dimension values.
    Shift(Box<Node>, i64),
    Neg(Box<Node>),
    Abs(Box<Node>),
    Add(Box<Node>, Box<Node>),
    Sub(Box<Node>, Box<Node>),
    Mul(Box<Node>, Box<Node>),
    /// NULL, with a `division-by-zero` warning, when the divisor is zero.
    Div(Box<Node>, Box<Node>, ZeroNote),
    /// NULL when any operand is NULL.
    Min(Vec<Node>),
    Max(Vec<Node>),
}

/// What a zero divisor is reported as.
#[derive(Clone, Debug)]
pub enum ZeroNote {
    /// `a / b`: the divisor's text and span.
    Divisor { text: String, span: Span },
    /// `growth(x, n)`: x's text, n, and the call's span.
    Growth { arg: String, n: i64, span: Span },
}

/// An operation with the span of the source text it comes from.
#[derive(Clone, Debug)]
pub struct Node {
    pub op: Op,
    pub span: Span,
}

#[derive(Debug)]
pub struct PlanMetric {
    pub name: String,
    /// Index in the value vector (inputs first, then metrics in spec order).
    pub slot: usize,
    pub node: Node,
}

/// Everything a backend needs, and nothing it must look up in the spec.
#[derive(Debug)]
pub struct Plan {
    pub period: Period,
    pub by: Vec<String>,
    /// At least one: the spec's sources, or the unnamed one.
    pub sources: Vec<PlanSource>,
    pub inputs: Vec<PlanInput>,
    /// Metrics in dependency order.
    pub metrics: Vec<PlanMetric>,
    /// Every value slot (inputs, then metrics in spec order): its name, the
    /// span of its declaration, and its unit (None when it could not be
    /// typed).
    pub slots: Vec<String>,
    pub slot_spans: Vec<Span>,
    pub slot_units: Vec<Option<Unit>>,
    /// Every objective in spec order, with its targets.
    pub objectives: Vec<PlanObjective>,
}

fn slot_of(model: &Model, name: &str) -> Option<usize> {
    match model.names.get(name)? {
        NameRef::Input(i) => Some(*i),
        NameRef::Metric(i) => Some(model.spec.inputs.len() + i),
    }
}

/// Lowers a checked expression to primitive operations.
pub fn lower(model: &Model, e: &Expr) -> Node {
    let node = |op| Node { op, span: e.span };
    let b = |x: &Expr| Box::new(lower(model, x));
    match &e.kind {
        ExprKind::Number(d) | ExprKind::Percent(d) | ExprKind::Money(d, _) => node(Op::Lit(*d)),
        // names are resolved by the check stage; a plan is only built without errors
        ExprKind::Name(n) => match slot_of(model, n) {
            Some(s) => node(Op::Slot(s)),
            None => node(Op::Null),
        },
        ExprKind::Neg(a) => node(Op::Neg(b(a))),
        ExprKind::Binary(op, x, y) => node(match op {
            BinOp::Add => Op::Add(b(x), b(y)),
            BinOp::Sub => Op::Sub(b(x), b(y)),
            BinOp::Mul => Op::Mul(b(x), b(y)),
            BinOp::Div => Op::Div(
                b(x),
                b(y),
                ZeroNote::Divisor {
                    text: y.to_string(),
                    span: y.span,
                },
            ),
        }),
        ExprKind::Call(name, _, args) => {
            let n = args.get(1).and_then(periods_back).unwrap_or(1);
            let Some(first) = args.first() else {
                return node(Op::Null);
            };
            let shifted = || Box::new(node(Op::Shift(b(first), n)));
            // unknown functions are errors of the check stage
            let Some(f) = Function::parse(name) else {
                return node(Op::Null);
            };
            match f {
                Function::Abs => node(Op::Abs(b(first))),
                Function::Min => node(Op::Min(args.iter().map(|a| lower(model, a)).collect())),
                Function::Max => node(Op::Max(args.iter().map(|a| lower(model, a)).collect())),
                Function::Previous => node(Op::Shift(b(first), n)),
                Function::Change => node(Op::Sub(b(first), shifted())),
                Function::Growth => node(Op::Div(
                    Box::new(node(Op::Sub(b(first), shifted()))),
                    Box::new(node(Op::Abs(shifted()))),
                    ZeroNote::Growth {
                        arg: first.to_string(),
                        n,
                        span: e.span,
                    },
                )),
            }
        }
    }
}

/// The spec's sources, or the unnamed one a spec without `sources:` reads.
fn plan_sources(model: &Model, by: &[String]) -> Vec<PlanSource> {
    let spec = &model.spec;
    if spec.sources.is_empty() {
        return vec![PlanSource {
            name: String::new(),
            span: None,
            path: None,
            dir: std::path::PathBuf::new(),
            format: crate::vocab::DataFormat::default(),
            by_columns: by.to_vec(),
            table: None,
        }];
    }
    spec.sources
        .iter()
        .map(|s| PlanSource {
            name: s.name.clone(),
            span: Some(s.span),
            path: s.path.as_ref().map(|p| (p.value.clone(), p.span)),
            dir: s.dir.clone(),
            format: s.format.clone(),
            by_columns: by
                .iter()
                .map(|b| {
                    s.dimensions
                        .iter()
                        .find(|(d, _)| d == b)
                        .map_or_else(|| b.clone(), |(_, c)| c.clone())
                })
                .collect(),
            table: s.table.clone(),
        })
        .collect()
}

/// Plans the evaluation of a checked model at one period, grouped by `by`.
pub fn plan(model: &Model, period: Period, by: &[String]) -> Plan {
    let spec = &model.spec;
    let sources = plan_sources(model, by);
    let inputs = spec
        .inputs
        .iter()
        .map(|i| PlanInput {
            name: i.name.clone(),
            column: i.column().to_string(),
            columns: i.columns.clone(),
            aggregate: i.aggregate,
            span: i.span,
            // a name the check stage refused, or none with several sources: the first
            source: i
                .source
                .as_ref()
                .and_then(|s| spec.sources.iter().position(|x| x.name == s.value))
                .unwrap_or(0),
            currency: match &i.unit.value {
                Unit::Money(c) => Some(c.clone()),
                _ => None,
            },
        })
        .collect();
    let metrics = model
        .order
        .iter()
        .map(|&i| PlanMetric {
            name: spec.metrics[i].def.name.clone(),
            slot: spec.inputs.len() + i,
            node: lower(model, &spec.metrics[i].def.expr),
        })
        .collect();
    let slots: Vec<String> = spec
        .inputs
        .iter()
        .map(|i| i.name.clone())
        .chain(spec.metrics.iter().map(|m| m.def.name.clone()))
        .collect();
    let slot_spans = spec
        .inputs
        .iter()
        .map(|i| i.span)
        .chain(spec.metrics.iter().map(|m| m.def.name_span))
        .collect();
    let slot_units = spec
        .inputs
        .iter()
        .map(|i| Some(i.unit.value.clone()))
        .chain(model.metric_units.iter().cloned())
        .collect();
    let objectives = spec
        .objectives
        .iter()
        .map(|o| PlanObjective {
            name: o.name.clone(),
            span: o.span,
            cadence: o.period.as_ref().map(|p| p.value),
            start: o.start.as_ref().map(|d| d.value),
            deadline: o.deadline.as_ref().map(|d| d.value),
            targets: o
                .targets
                .iter()
                .map(|t| PlanTarget {
                    lhs: lower(model, &t.lhs),
                    cmp: t.cmp,
                    rhs: lower(model, &t.rhs),
                    text: t.to_string(),
                    metric: t.metric(),
                    threshold: const_value(&t.rhs),
                    unit: target_unit(model, t),
                    rhs_span: t.rhs.span,
                })
                .collect(),
        })
        .collect();
    Plan {
        period,
        by: by.to_vec(),
        sources,
        inputs,
        metrics,
        slots,
        slot_spans,
        slot_units,
        objectives,
    }
}
