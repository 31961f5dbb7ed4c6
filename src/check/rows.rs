//! Row-level inputs: `expr:` and `where:` typed (number, text, condition),
//! the counts' rules. The result, per input, is a [`RowInput`]: the columns
//! its rows are read from and typed trees both backends compute.
//!
//! A column has no type of its own (a CSV cell is text): it takes the one
//! its place needs — a number under arithmetic, `sum` or `abs`, a text in
//! `starts_with` — and where nothing says (`a == b`, `count_distinct` of a
//! bare column), it is read as text: two cells are the same value when
//! they are written the same.

use super::Checker;
use crate::diagnostic::{did_you_mean, Code, Diagnostic};
use crate::i18n::Msg;
use crate::msg;
use crate::source::Span;
use crate::spec::{Input, RowExpr};
use crate::syntax::row::RowKind;
use crate::vocab::{Aggregate, BinOp, Cmp, Param, RowFunction, RowType, Unit};
use rust_decimal::Decimal;

/// A row expression, typed: what both backends compute on each row.
#[derive(Clone, Debug, PartialEq)]
pub enum RowOp {
    Number(Decimal),
    Text(String),
    Bool(bool),
    /// A column (index in [`RowInput::columns`]) read as the type given.
    Column(usize, RowType),
    Neg(Box<RowOp>),
    Arith(BinOp, Box<RowOp>, Box<RowOp>),
    /// Operands of the type given.
    Compare(Cmp, RowType, Box<RowOp>, Box<RowOp>),
    In(RowType, Box<RowOp>, Vec<RowOp>),
    Not(Box<RowOp>),
    And(Box<RowOp>, Box<RowOp>),
    Or(Box<RowOp>, Box<RowOp>),
    /// `round`'s digits are a constant, kept in the call.
    Call(RowFunction, Vec<RowOp>),
}

impl RowOp {
    /// Calls `f` on every column read, with the type it is read as.
    pub fn columns(&self, f: &mut impl FnMut(usize, RowType)) {
        match self {
            RowOp::Column(c, t) => f(*c, *t),
            RowOp::Neg(e) | RowOp::Not(e) => e.columns(f),
            RowOp::Arith(_, a, b)
            | RowOp::Compare(_, _, a, b)
            | RowOp::And(a, b)
            | RowOp::Or(a, b) => {
                a.columns(f);
                b.columns(f);
            }
            RowOp::In(_, x, xs) => {
                x.columns(f);
                xs.iter().for_each(|e| e.columns(f));
            }
            RowOp::Call(_, args) => args.iter().for_each(|e| e.columns(f)),
            RowOp::Number(_) | RowOp::Text(_) | RowOp::Bool(_) => {}
        }
    }
}

/// An aggregate of a `having:` condition, over the rows of one distinct
/// value: `count()`, `count(x)` (rows where x is not empty),
/// `count_distinct(x)`, `sum(x)`, `min(x)`, `max(x)`, `avg(x)`.
#[derive(Clone, Debug, PartialEq)]
pub struct HavingAgg {
    pub aggregate: Aggregate,
    pub arg: Option<RowOp>,
}

/// The aggregates `having:` may call, by name.
pub const HAVING_AGGREGATES: [(&str, Aggregate); 6] = [
    ("count", Aggregate::Count),
    ("count_distinct", Aggregate::CountDistinct),
    ("sum", Aggregate::Sum),
    ("min", Aggregate::Min),
    ("max", Aggregate::Max),
    ("avg", Aggregate::Avg),
];

/// How an input reads its rows when it is not a plain column's values.
#[derive(Clone, Debug, PartialEq)]
pub struct RowInput {
    /// The columns read (each with its alternatives, the first present
    /// wins) and where the first mention is.
    pub columns: Vec<(Vec<String>, Span)>,
    /// The value of each row (None for a `count` of rows).
    pub expr: Option<(RowOp, RowType)>,
    /// Which rows count.
    pub filter: Option<RowOp>,
    /// Which distinct values count (`count_distinct` only): a condition in
    /// which `Column(i, _)` is the value of aggregate `i` over the value's
    /// rows (within the period and dimension values).
    pub having: Option<(RowOp, Vec<HavingAgg>)>,
}

/// Largest `digits` of `round`.
const MAX_DIGITS: u32 = 28;

impl Checker<'_> {
    /// Per input, how it reads its rows when it is row-level (an `expr:`, a
    /// `where:`, a count); None for a plain column, or after an error.
    pub(super) fn row_inputs(&mut self) -> Vec<Option<RowInput>> {
        let inputs = &self.spec.inputs;
        inputs.iter().map(|i| self.row_input(i)).collect()
    }

    fn row_input(&mut self, input: &Input) -> Option<RowInput> {
        let agg = input.aggregate;
        if agg.counts() && input.unit.value != Unit::Count {
            self.diags.push(
                Diagnostic::of(
                    Code::UnitMismatch,
                    msg!(
                        "count-unit",
                        input = &input.name,
                        aggregate = agg.name(),
                        unit = input.unit.value.to_string()
                    ),
                )
                .at(input.unit.span)
                .help_msg(msg!("count-unit-help")),
            );
        }
        if input.expr.is_none() && input.filter.is_none() && !agg.counts() {
            return None;
        }
        let mut t = Typer {
            columns: Vec::new(),
            diags: Vec::new(),
            aggs: None,
        };
        let expr = match (&input.expr, agg) {
            (Some(e), _) => {
                let want = match agg {
                    Aggregate::CountDistinct | Aggregate::Count => None,
                    _ => Some(RowType::Number),
                };
                t.typed(e, want).map(|(op, ty)| {
                    if ty == RowType::Boolean && agg.counts() {
                        t.diags.push(
                            Diagnostic::of(
                                Code::TypeMismatch,
                                msg!("counts-condition", input = &input.name),
                            )
                            .at(e.span)
                            .label_msg(msg!("counts-condition-label"))
                            .help_msg(msg!("counts-condition-help")),
                        );
                    }
                    (op, ty)
                })
            }
            // a count of rows reads no column
            (None, Aggregate::Count) => None,
            // the input's own column, as a text (count_distinct) or a number
            (None, agg) => {
                let ty = if agg == Aggregate::CountDistinct {
                    RowType::Text
                } else {
                    RowType::Number
                };
                t.columns.push((input.columns.clone(), input.span));
                Some((RowOp::Column(0, ty), ty))
            }
        };
        let filter = input
            .filter
            .as_ref()
            .and_then(|w| t.typed(w, Some(RowType::Boolean)))
            .map(|(op, _)| op);
        let having = match &input.having {
            Some(h) if agg != Aggregate::CountDistinct => {
                t.diags.push(
                    Diagnostic::of(
                        Code::InvalidValue,
                        msg!(
                            "having-not-distinct",
                            input = &input.name,
                            aggregate = agg.name()
                        ),
                    )
                    .at(h.span)
                    .label_msg(msg!("having-not-distinct-label"))
                    .help_msg(msg!("having-not-distinct-help")),
                );
                None
            }
            Some(h) => {
                t.aggs = Some(Vec::new());
                let cond = t.typed(h, Some(RowType::Boolean)).map(|(op, _)| op);
                let aggs = t.aggs.take().unwrap_or_default();
                cond.map(|c| (c, aggs))
            }
            None => None,
        };
        let failed = !t.diags.is_empty()
            || (input.expr.is_some() && expr.is_none())
            || (input.filter.is_some() && filter.is_none())
            || (input.having.is_some() && having.is_none());
        for d in t.diags {
            self.diags.push(d);
        }
        (!failed).then_some(RowInput {
            columns: t.columns,
            expr,
            filter,
            having,
        })
    }
}

struct Typer {
    columns: Vec<(Vec<String>, Span)>,
    diags: Vec<Diagnostic>,
    /// Typing a `having:` condition (outside its aggregates' arguments):
    /// the aggregates called so far.
    aggs: Option<Vec<HavingAgg>>,
}

impl Typer {
    fn column(&mut self, name: &str, span: Span) -> usize {
        match self
            .columns
            .iter()
            .position(|(c, _)| c.len() == 1 && c[0] == name)
        {
            Some(i) => i,
            None => {
                self.columns.push((vec![name.to_string()], span));
                self.columns.len() - 1
            }
        }
    }

    /// The type an expression has whatever its place (None: a column, or a
    /// call whose type comes from columns).
    fn natural(e: &RowExpr) -> Option<RowType> {
        match &e.kind {
            RowKind::Number(_) | RowKind::Neg(_) | RowKind::Binary(..) => Some(RowType::Number),
            RowKind::Text(_) => Some(RowType::Text),
            RowKind::Bool(_)
            | RowKind::Compare(..)
            | RowKind::In(..)
            | RowKind::Not(_)
            | RowKind::And(..)
            | RowKind::Or(..) => Some(RowType::Boolean),
            RowKind::Column(_) => None,
            RowKind::Call(name, _, args) => {
                let f = RowFunction::parse(name)?;
                f.signature()
                    .2
                    .or_else(|| args.iter().find_map(Typer::natural))
            }
        }
    }

    fn mismatch(&mut self, e: &RowExpr, found: RowType, want: RowType) {
        let help = match (found, want) {
            (RowType::Text, RowType::Number) => Some("type-text-not-number"),
            (RowType::Number, RowType::Text) => Some("type-quote-text"),
            (RowType::Boolean, _) => Some("type-condition-in-where"),
            (_, RowType::Boolean) => Some("type-condition-compares"),
            _ => None,
        };
        let mut d = Diagnostic::of(
            Code::TypeMismatch,
            msg!("type-expected", want = want.key(), found = found.key()),
        )
        .at(e.span)
        .label_msg(msg!("type-this-is", found = found.key()));
        if let Some(id) = help {
            d = d.help_msg(Msg {
                id,
                args: Vec::new(),
            });
        }
        self.diags.push(d);
    }

    /// The typed tree of `e` in a place that wants `want` (None: any).
    fn typed(&mut self, e: &RowExpr, want: Option<RowType>) -> Option<(RowOp, RowType)> {
        let (op, ty) = self.untyped(e, want)?;
        match want {
            Some(w) if w != ty => {
                self.mismatch(e, ty, w);
                None
            }
            _ => Some((op, ty)),
        }
    }

    fn both(&mut self, a: &RowExpr, b: &RowExpr, ty: RowType) -> Option<(Box<RowOp>, Box<RowOp>)> {
        let a = self.typed(a, Some(ty));
        let b = self.typed(b, Some(ty));
        Some((Box::new(a?.0), Box::new(b?.0)))
    }

    fn untyped(&mut self, e: &RowExpr, want: Option<RowType>) -> Option<(RowOp, RowType)> {
        use RowType::*;
        Some(match &e.kind {
            RowKind::Number(n) => (RowOp::Number(*n), Number),
            RowKind::Text(t) => (RowOp::Text(t.clone()), Text),
            RowKind::Bool(b) => (RowOp::Bool(*b), Boolean),
            RowKind::Column(name) if self.aggs.is_some() => {
                self.diags.push(
                    Diagnostic::of(
                        Code::InvalidValue,
                        msg!("having-bare-column", column = name),
                    )
                    .at(e.span)
                    .label_msg(msg!("having-bare-column-label"))
                    .help_msg(msg!("having-bare-column-help", column = name)),
                );
                return None;
            }
            RowKind::Column(name) => {
                // a column is read as what its place wants; a condition
                // cannot be a column
                let ty = match want {
                    Some(Boolean) | None => Text,
                    Some(t) => t,
                };
                (RowOp::Column(self.column(name, e.span), ty), ty)
            }
            RowKind::Neg(a) => {
                let a = self.typed(a, Some(Number))?.0;
                (RowOp::Neg(Box::new(a)), Number)
            }
            RowKind::Binary(op, a, b) => {
                let (a, b) = self.both(a, b, Number)?;
                (RowOp::Arith(*op, a, b), Number)
            }
            RowKind::Compare(c, a, b) => {
                let ty = Typer::natural(a)
                    .or_else(|| Typer::natural(b))
                    .unwrap_or(match c {
                        Cmp::Eq | Cmp::Ne => Text,
                        _ => Number,
                    });
                if ty == Boolean && !matches!(c, Cmp::Eq | Cmp::Ne) {
                    self.mismatch(e, Boolean, Number);
                    return None;
                }
                let (a, b) = self.both(a, b, ty)?;
                (RowOp::Compare(*c, ty, a, b), Boolean)
            }
            RowKind::In(x, items) => {
                let ty = Typer::natural(x)
                    .or_else(|| items.iter().find_map(Typer::natural))
                    .unwrap_or(Text);
                let x = self.typed(x, Some(ty));
                let items: Vec<Option<RowOp>> = items
                    .iter()
                    .map(|i| self.typed(i, Some(ty)).map(|t| t.0))
                    .collect();
                let items = items.into_iter().collect::<Option<Vec<_>>>()?;
                (RowOp::In(ty, Box::new(x?.0), items), Boolean)
            }
            RowKind::Not(a) => {
                let a = self.typed(a, Some(Boolean))?.0;
                (RowOp::Not(Box::new(a)), Boolean)
            }
            RowKind::And(a, b) | RowKind::Or(a, b) => {
                let (a, b) = self.both(a, b, Boolean)?;
                let op = if matches!(e.kind, RowKind::And(..)) {
                    RowOp::And(a, b)
                } else {
                    RowOp::Or(a, b)
                };
                (op, Boolean)
            }
            RowKind::Call(name, _, args) if self.aggs.is_some() => {
                return self.aggregate(e, name, args);
            }
            RowKind::Call(name, nspan, args) => return self.call(e, name, *nspan, args, want),
        })
    }

    /// An aggregate call of a `having:` condition: its argument typed as a
    /// row expression; the call is the aggregate's value (a number).
    fn aggregate(&mut self, e: &RowExpr, name: &str, args: &[RowExpr]) -> Option<(RowOp, RowType)> {
        let Some(&(_, agg)) = HAVING_AGGREGATES.iter().find(|(n, _)| *n == name) else {
            let names = HAVING_AGGREGATES.iter().map(|(n, _)| *n);
            let hint = did_you_mean(name, names.clone());
            let nspan = match &e.kind {
                RowKind::Call(_, s, _) => *s,
                _ => e.span,
            };
            self.diags.push(
                Diagnostic::of(
                    Code::UnknownFunction,
                    msg!("having-unknown-aggregate", name = name),
                )
                .at(nspan)
                .help_msg(match hint {
                    Some(h) => msg!("did-you-mean", name = h),
                    None => msg!(
                        "having-aggregates",
                        names = names.collect::<Vec<_>>().join(", ")
                    ),
                }),
            );
            return None;
        };
        // `count()` counts rows; every other aggregate takes its argument
        let min = usize::from(agg != Aggregate::Count);
        if args.len() < min || args.len() > 1 {
            self.diags.push(
                Diagnostic::of(
                    Code::InvalidCall,
                    msg!(
                        "having-arity",
                        name = name,
                        kind = if min == 0 { "at-most-one" } else { "one" },
                        found = args.len()
                    ),
                )
                .at(e.span)
                .help_msg(msg!("having-arity-help")),
            );
            return None;
        }
        let want = match agg {
            Aggregate::Count | Aggregate::CountDistinct => None,
            _ => Some(RowType::Number),
        };
        // the argument is a row expression: columns are read in it
        let saved = self.aggs.take();
        let arg = match args.first() {
            None => None,
            Some(a) => {
                let typed = self.typed(a, want);
                let typed = match typed {
                    Some((_, RowType::Boolean)) => {
                        self.mismatch(a, RowType::Boolean, RowType::Text);
                        None
                    }
                    t => t,
                };
                match typed {
                    Some((op, _)) => Some(op),
                    None => {
                        self.aggs = saved;
                        return None;
                    }
                }
            }
        };
        let mut aggs = saved.unwrap_or_default();
        aggs.push(HavingAgg {
            aggregate: agg,
            arg,
        });
        let index = aggs.len() - 1;
        self.aggs = Some(aggs);
        Some((RowOp::Column(index, RowType::Number), RowType::Number))
    }

    fn call(
        &mut self,
        e: &RowExpr,
        name: &str,
        nspan: Span,
        args: &[RowExpr],
        want: Option<RowType>,
    ) -> Option<(RowOp, RowType)> {
        let Some(f) = RowFunction::parse(name) else {
            let names = RowFunction::ALL.iter().map(|(n, _)| *n);
            let hint = did_you_mean(name, names.clone());
            self.diags.push(
                Diagnostic::of(
                    Code::UnknownFunction,
                    msg!("row-unknown-function", name = name),
                )
                .at(nspan)
                .help_msg(match hint {
                    Some(h) => msg!("did-you-mean", name = h),
                    None => msg!(
                        "row-functions",
                        names = names.collect::<Vec<_>>().join(", ")
                    ),
                }),
            );
            return None;
        };
        let (params, min, result) = f.signature();
        let max = (!f.variadic()).then_some(params.len());
        if args.len() < min || max.is_some_and(|m| args.len() > m) {
            let arity = crate::vocab::Arity { min, max };
            self.diags.push(
                Diagnostic::of(Code::InvalidCall, arity.message(name, args.len()))
                    .at(e.span)
                    .help_msg(msg!("written-as", usage = f.usage())),
            );
            return None;
        }
        // the type of the `Same` arguments: the first that has one, else
        // the place's, else text
        let same = args
            .iter()
            .zip(params.iter().chain(std::iter::repeat(params.last()?)))
            .filter(|(_, p)| **p == Param::Same)
            .find_map(|(a, _)| Typer::natural(a))
            .or(want.filter(|w| *w != RowType::Boolean))
            .unwrap_or(RowType::Text);
        let mut ops = Vec::with_capacity(args.len());
        let mut ok = true;
        for (i, a) in args.iter().enumerate() {
            let p = params.get(i).or(params.last())?;
            let ty = match p {
                Param::Is(t) => Some(*t),
                Param::Same => Some(same),
                Param::Any => Some(Typer::natural(a).unwrap_or(RowType::Text)),
            };
            if f == RowFunction::Round && i == 1 {
                match &a.kind {
                    RowKind::Number(n)
                        if n.fract().is_zero() && *n <= Decimal::from(MAX_DIGITS) =>
                    {
                        ops.push(RowOp::Number(*n));
                    }
                    _ => {
                        self.diags.push(
                            Diagnostic::of(
                                Code::InvalidCall,
                                msg!("round-digits", max = MAX_DIGITS),
                            )
                            .at(a.span)
                            .help_msg(msg!("round-digits-help")),
                        );
                        ok = false;
                    }
                }
                continue;
            }
            if let Some(ty) = ty.filter(|t| *p == Param::Any && *t == RowType::Boolean) {
                self.mismatch(a, ty, RowType::Text);
                ok = false;
                continue;
            }
            match self.typed(a, ty) {
                Some((op, _)) => ops.push(op),
                None => ok = false,
            }
        }
        ok.then(|| (RowOp::Call(f, ops), result.unwrap_or(same)))
    }
}
