//! Units: the unit of every expression by the unit table, mismatches
//! reported with the unit of each part; constant zero divisors.

use super::{const_value, Checker, Model, NameRef};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::Span;
use crate::syntax::dsl::{BinOp, Expr, ExprKind, Target};
use crate::vocab::{Function, Unit};
use rust_decimal::Decimal;

impl Checker<'_> {
    /// A unit mismatch at `at` (None: at the first part, labelled with its unit),
    /// with the unit of each part labelled.
    pub(super) fn mismatch(
        &mut self,
        at: Option<Span>,
        msg: String,
        parts: &[(Span, &Unit)],
        help: Option<String>,
    ) {
        let Some(((first, u0), rest)) = parts.split_first() else {
            return;
        };
        let mut d = Diagnostic::error(Code::UnitMismatch, msg).help_opt(help);
        let rest = match at {
            Some(at) => {
                d = d.at(at).related(*first, format!("{u0}"));
                rest
            }
            None => {
                d = d.at(*first).label(format!("{u0}"));
                rest
            }
        };
        for (s, u) in rest {
            d = d.related(*s, format!("{u}"));
        }
        self.diags.push(d);
    }

    /// The unit of an expression; reports mismatches and returns None after one.
    pub(super) fn unit(&mut self, e: &Expr, metric_units: &[Option<Unit>]) -> Option<Unit> {
        match &e.kind {
            ExprKind::Number(_) => Some(Unit::Number),
            ExprKind::Percent(_) => Some(Unit::Ratio),
            ExprKind::Money(_, c) => Some(Unit::Money(c.clone())),
            ExprKind::Name(n) => match self.names.get(n)? {
                NameRef::Input(i) => Some(self.spec.inputs[*i].unit.value.clone()),
                NameRef::Metric(i) => metric_units[*i].clone(),
            },
            ExprKind::Neg(a) => self.unit(a, metric_units),
            ExprKind::Binary(op, a, b) => {
                let ua = self.unit(a, metric_units)?;
                let ub = self.unit(b, metric_units)?;
                match Unit::binary(*op, &ua, &ub) {
                    Some(u) => Some(u),
                    None => {
                        let help = money_help(&ua, &ub, *op);
                        self.mismatch(
                            None,
                            format!("cannot {} {ua} {} {ub}", op_verb(*op), op_prep(*op)),
                            &[(a.span, &ua), (b.span, &ub)],
                            help,
                        );
                        None
                    }
                }
            }
            ExprKind::Call(name, _, args) => {
                let Some(f) = Function::parse(name) else {
                    // an unknown function (reported already): typed as its first argument
                    return self.unit(args.first()?, metric_units);
                };
                let units = self.call_units(f, args, metric_units)?;
                match f.unit(&units) {
                    Ok(u) => u,
                    Err(clash) => {
                        let (first, other) = (args.first()?, args.get(clash.index)?);
                        let u = units.get(clash.index)?;
                        self.mismatch(
                            None,
                            format!("`{name}` of {} and {u}", clash.so_far),
                            &[(first.span, &clash.so_far), (other.span, u)],
                            Some("compare like with like".into()),
                        );
                        None
                    }
                }
            }
        }
    }

    /// The units of a call's unit-bearing arguments (not a periods count).
    pub(super) fn call_units(
        &mut self,
        f: Function,
        args: &[Expr],
        metric_units: &[Option<Unit>],
    ) -> Option<Vec<Unit>> {
        f.unit_bearing(args)
            .iter()
            .map(|a| self.unit(a, metric_units))
            .collect()
    }

    /// An error for a divisor that folds to the constant zero.
    pub(super) fn const_div_zero(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Neg(a) => self.const_div_zero(a),
            ExprKind::Binary(op, a, b) => {
                self.const_div_zero(a);
                self.const_div_zero(b);
                if *op == BinOp::Div && const_value(b) == Some(Decimal::ZERO) {
                    self.diags.push(
                        Diagnostic::error(Code::DivisionByZero, "division by zero")
                            .at(b.span)
                            .label("this divisor is always zero"),
                    );
                }
            }
            ExprKind::Call(_, _, args) => args.iter().for_each(|a| self.const_div_zero(a)),
            _ => {}
        }
    }

    pub(super) fn target(&mut self, t: &Target, metric_units: &[Option<Unit>]) {
        let ok_l = self.resolve(&t.lhs);
        let ok_r = self.resolve(&t.rhs);
        self.functions(&t.lhs);
        self.functions(&t.rhs);
        if !(ok_l && ok_r) {
            return;
        }
        self.const_div_zero(&t.lhs);
        self.const_div_zero(&t.rhs);
        let (Some(ul), Some(ur)) = (
            self.unit(&t.lhs, metric_units),
            self.unit(&t.rhs, metric_units),
        ) else {
            return;
        };
        if Unit::combine(&ul, &ur).is_none() {
            let help = match (&ul, &ur) {
                (Unit::Money(c), Unit::Number) => Some(format!(
                    "write the amount with its currency, e.g. `{} {c}`",
                    t.rhs
                )),
                (Unit::Money(_), Unit::Ratio) | (Unit::Ratio, Unit::Money(_)) => Some(
                    "a percentage is a ratio; compare money with an amount such as `5 EUR`".into(),
                ),
                _ => Some("a target compares like with like".into()),
            };
            self.mismatch(
                Some(t.cmp_span),
                format!("target compares {ul} with {ur}"),
                &[(t.lhs.span, &ul), (t.rhs.span, &ur)],
                help,
            );
        }
    }
}

fn op_verb(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "add",
        BinOp::Sub => "subtract",
        BinOp::Mul => "multiply",
        BinOp::Div => "divide",
    }
}

fn op_prep(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "and",
        BinOp::Sub => "and",
        BinOp::Mul => "by",
        BinOp::Div => "by",
    }
}

fn money_help(a: &Unit, b: &Unit, op: BinOp) -> Option<String> {
    match (a, b) {
        (Unit::Money(x), Unit::Money(y)) if x != y => Some(format!(
            "{x} and {y} are different currencies; convert one first (multiply by a rate)"
        )),
        (Unit::Money(c), Unit::Number) | (Unit::Number, Unit::Money(c))
            if matches!(op, BinOp::Add | BinOp::Sub) =>
        {
            Some(format!("write the amount with its currency, e.g. `10 {c}`"))
        }
        _ => None, // the page of `unit-mismatch` has the table
    }
}

/// The unit of a target's left side, for display.
pub fn target_unit(model: &Model, t: &Target) -> Option<Unit> {
    fn unit(model: &Model, e: &Expr) -> Option<Unit> {
        match &e.kind {
            ExprKind::Number(_) => Some(Unit::Number),
            ExprKind::Percent(_) => Some(Unit::Ratio),
            ExprKind::Money(_, c) => Some(Unit::Money(c.clone())),
            ExprKind::Name(n) => model.unit_of(n),
            ExprKind::Neg(a) => unit(model, a),
            ExprKind::Binary(op, a, b) => Unit::binary(*op, &unit(model, a)?, &unit(model, b)?),
            ExprKind::Call(name, _, args) => {
                let f = Function::parse(name)?;
                let units: Option<Vec<Unit>> = f
                    .unit_bearing(args)
                    .iter()
                    .map(|a| unit(model, a))
                    .collect();
                f.unit(&units?).ok().flatten()
            }
        }
    }
    unit(model, &t.lhs)
}
