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
    max_periods, projection, Computation, PlanObjective, PlanTarget, Range, Status,
    MAX_TARGET_ROWS, TARGET_COLUMNS, TARGET_COLUMNS_BEFORE_DIMS,
};

use crate::check::{const_value, periods_back, target_unit, Model, NameRef};
use crate::diagnostic::{Code, Diagnostic};
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
    /// A row-level input (`expr:`, `where:`, a count): the columns it reads
    /// and what it computes on each row; None reads `columns` as numbers.
    pub row: Option<crate::check::RowInput>,
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
    /// The column of each `--by` dimension in this source's files: the
    /// dimension's own name when the source declares no `dimensions:`, else
    /// the column it maps the dimension to, and None when its declared
    /// dimensions do not list it (the source lacks that dimension).
    pub by_columns: Vec<Option<String>>,
    pub table: Option<String>,
    /// Where its date format is written.
    pub date_span: Option<Span>,
    /// The dimensions its `dimensions:` declares (all it has, when declared).
    pub declared_dimensions: Vec<String>,
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

impl ZeroNote {
    /// Where its warning points: the divisor, or the `growth` call.
    pub fn span(&self) -> Span {
        match self {
            ZeroNote::Divisor { span, .. } | ZeroNote::Growth { span, .. } => *span,
        }
    }
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
    /// Every slot's display names per language (`label:`).
    pub slot_labels: Vec<crate::i18n::Labels>,
    /// Every objective in spec order, with its targets.
    pub objectives: Vec<PlanObjective>,
    /// The day of the review (`--as-of`): a target's period that has not
    /// ended by then is `in-progress`, never judged. None: every period is
    /// judged (the library's default; the command line gives today).
    pub as_of: Option<chrono::NaiveDate>,
    /// How the spec asks its human outputs to write numbers and dates
    /// (`locale:`); None: as the reader's language does.
    pub locale: Option<crate::i18n::Locale>,
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
            by_columns: by.iter().cloned().map(Some).collect(),
            table: None,
            date_span: None,
            declared_dimensions: Vec::new(),
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
                    let Some(declared) = &s.dimensions else {
                        return Some(b.clone());
                    };
                    declared
                        .iter()
                        .find(|(d, _)| d == b)
                        .map(|(_, c)| c.clone())
                })
                .collect(),
            table: s.table.clone(),
            date_span: s.date_span,
            declared_dimensions: s
                .dimensions
                .iter()
                .flatten()
                .map(|(d, _)| d.clone())
                .collect(),
        })
        .collect()
}

/// A `NAME=VALUE` command-line binding (`--data meta=x.csv`, `--table
/// meta=raw.meta`): the name when the text starts with a plain name and
/// `=`, and the value; else no name and the whole text.
pub fn binding(text: &str) -> (Option<&str>, &str) {
    if let Some((name, value)) = text.split_once('=') {
        let plain = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if plain && !value.is_empty() {
            return (Some(name), value);
        }
    }
    (None, text)
}

impl Plan {
    /// The source a command-line binding names (`--data NAME=FILE`,
    /// `--table NAME=TABLE`; `what` is `FILE` or `TABLE`) and the value bound:
    /// a plain value binds the only source. Err, a usage error, for a name
    /// the spec does not declare or a plain value among several sources.
    pub fn bound_source<'t>(
        &self,
        flag: &str,
        what: &str,
        text: &'t str,
    ) -> Result<(usize, &'t str), String> {
        let names: Vec<&str> = self.sources.iter().map(|s| s.name.as_str()).collect();
        let (name, value) = binding(text);
        let index = match name {
            Some(name) => names.iter().position(|n| *n == name).ok_or_else(|| {
                if names == [""] {
                    format!("{flag} {text}: the spec declares no `sources:`; give it with {flag} {what}")
                } else {
                    format!(
                        "{flag} {name}=…: the spec declares no source `{name}` (sources: {})",
                        names.join(", ")
                    )
                }
            })?,
            None if names.len() == 1 => 0,
            None => {
                return Err(format!(
                    "{flag} {text}: the spec declares several sources; bind each with {flag} NAME={what} ({})",
                    names.join(", ")
                ))
            }
        };
        Ok((index, value))
    }

    /// Every cadence computed: the report's period and each objective's.
    /// A row covering a range must lie in one period of each.
    pub fn cadences(&self) -> Vec<Period> {
        let mut cadences: Vec<Period> = std::iter::once(self.period)
            .chain(self.objectives.iter().filter_map(|o| o.cadence))
            .collect();
        cadences.sort();
        cadences.dedup();
        cadences
    }
}

impl PlanSource {
    /// The first `--by` dimension this source's declared `dimensions:` do
    /// not list.
    pub fn lacking(&self, by: &[String]) -> Option<String> {
        self.by_columns
            .iter()
            .zip(by)
            .find(|(c, _)| c.is_none())
            .map(|(_, b)| b.clone())
    }

    /// What a source lacking the dimension `dim` is reported as: with
    /// several sources a warning (its inputs have no values by `dim`), with
    /// one an error (nothing could be computed).
    pub fn lacking_diagnostic(&self, dim: &str, several: bool) -> Diagnostic {
        let listed: Vec<&str> = self
            .declared_dimensions
            .iter()
            .map(String::as_str)
            .collect();
        use crate::msg;
        let declared = listed
            .iter()
            .map(|d| format!("`{d}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let lacks = if listed.is_empty() {
            msg!("source-no-dimensions", source = &self.name, dim = dim)
        } else {
            msg!(
                "source-lacks-dimension",
                source = &self.name,
                count = listed.len(),
                declared = declared,
                dim = dim
            )
        };
        let d = if several {
            Diagnostic::of_severity(
                Code::MissingDimension,
                crate::diagnostic::Severity::Warning,
                msg!("lacking-no-values", lacks = lacks, dim = dim),
            )
        } else {
            Diagnostic::of_severity(
                Code::MissingDimension,
                crate::diagnostic::Severity::Error,
                lacks,
            )
        };
        d.at_opt(self.span)
            .help_msg(msg!("lacking-dimension-help", dim = dim))
    }
}

/// Plans the evaluation of a checked model at one period, grouped by `by`.
pub fn plan(model: &Model, period: Period, by: &[String]) -> Plan {
    let spec = &model.spec;
    let sources = plan_sources(model, by);
    let inputs = spec
        .inputs
        .iter()
        .enumerate()
        .map(|(k, i)| PlanInput {
            row: model.rows.get(k).cloned().flatten(),
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
    let metrics: Vec<PlanMetric> = model
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
    let slot_labels = spec
        .inputs
        .iter()
        .map(|i| i.label.clone())
        .chain(spec.metrics.iter().map(|m| m.label.clone()))
        .collect();
    let objectives = spec
        .objectives
        .iter()
        .map(|o| PlanObjective {
            name: o.name.clone(),
            label: o.label.clone(),
            span: o.span,
            extent: o.extent,
            description: o.description.as_ref().map(|d| d.value.clone()),
            owner: o.owner.clone(),
            cadence: o.period.as_ref().map(|p| p.value),
            start: o.start.as_ref().map(|d| d.value),
            deadline: o.deadline.as_ref().map(|d| d.value),
            targets: o
                .targets
                .iter()
                .map(|t| {
                    let lhs = lower(model, &t.lhs);
                    PlanTarget {
                        computation: Computation::of(&lhs, &metrics),
                        lhs,
                        cmp: t.cmp,
                        rhs: lower(model, &t.rhs),
                        text: t.to_string(),
                        metric: t.metric(),
                        measure: t.lhs.to_string(),
                        threshold: const_value(&t.rhs),
                        unit: target_unit(model, t),
                        rhs_span: t.rhs.span,
                        action: t.action.as_ref().map(|(a, _)| a.clone()),
                    }
                })
                .collect(),
        })
        .collect();
    Plan {
        locale: model.spec.locale.as_ref().map(|l| l.value),
        period,
        by: by.to_vec(),
        sources,
        inputs,
        metrics,
        slots,
        slot_spans,
        slot_units,
        slot_labels,
        objectives,
        as_of: None,
    }
}
