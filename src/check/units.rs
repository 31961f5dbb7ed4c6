//! Units: the unit of every expression by the unit table, mismatches
//! reported with the unit of each part; constant zero divisors.

use super::{const_value, Checker, Model, NameRef};
use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::msg;
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
        msg: Msg,
        parts: &[(Span, &Unit)],
        help: Option<Msg>,
    ) {
        let Some(((first, u0), rest)) = parts.split_first() else {
            return;
        };
        let mut d = Diagnostic::of(Code::UnitMismatch, msg);
        if let Some(h) = help {
            d = d.help_msg(h);
        }
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
                            msg!(
                                "unit-cannot",
                                op = op_name(*op),
                                left = ua.to_string(),
                                right = ub.to_string()
                            ),
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
                            msg!(
                                "unit-call-clash",
                                name = name,
                                left = clash.so_far.to_string(),
                                right = u.to_string()
                            ),
                            &[(first.span, &clash.so_far), (other.span, u)],
                            Some(msg!("unit-like-with-like")),
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
                        Diagnostic::of_severity(
                            Code::DivisionByZero,
                            crate::diagnostic::Severity::Error,
                            msg!("const-division-by-zero"),
                        )
                        .at(b.span)
                        .label_msg(msg!("const-division-by-zero-label")),
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
                (Unit::Money(c), Unit::Number) => Some(msg!(
                    "unit-with-currency",
                    amount = format!("{} {c}", t.rhs)
                )),
                (Unit::Money(_), Unit::Ratio) | (Unit::Ratio, Unit::Money(_)) => {
                    Some(msg!("unit-percent-is-ratio"))
                }
                _ => Some(msg!("unit-target-like-with-like")),
            };
            self.mismatch(
                Some(t.cmp_span),
                msg!(
                    "unit-target-compares",
                    left = ul.to_string(),
                    right = ur.to_string()
                ),
                &[(t.lhs.span, &ul), (t.rhs.span, &ur)],
                help,
            );
        }
    }
}

/// The operation's name in the catalogue's selectors.
fn op_name(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "add",
        BinOp::Sub => "subtract",
        BinOp::Mul => "multiply",
        BinOp::Div => "divide",
    }
}

fn money_help(a: &Unit, b: &Unit, op: BinOp) -> Option<Msg> {
    match (a, b) {
        (Unit::Money(x), Unit::Money(y)) if x != y => Some(msg!(
            "unit-two-currencies",
            left = x.as_str(),
            right = y.as_str()
        )),
        (Unit::Money(c), Unit::Number) | (Unit::Number, Unit::Money(c))
            if matches!(op, BinOp::Add | BinOp::Sub) =>
        {
            Some(msg!("unit-with-currency", amount = format!("10 {c}")))
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
