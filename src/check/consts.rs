//! Constant expressions: literal arithmetic, folded exactly.

use crate::syntax::dsl::{BinOp, Expr, ExprKind};
use rust_decimal::Decimal;

/// The value of an expression made of literals only.
pub fn const_value(e: &Expr) -> Option<Decimal> {
    match &e.kind {
        ExprKind::Number(d) | ExprKind::Percent(d) | ExprKind::Money(d, _) => Some(*d),
        ExprKind::Neg(a) => Some(-const_value(a)?),
        ExprKind::Binary(op, a, b) => {
            let (a, b) = (const_value(a)?, const_value(b)?);
            match op {
                BinOp::Add => a.checked_add(b),
                BinOp::Sub => a.checked_sub(b),
                BinOp::Mul => a.checked_mul(b),
                BinOp::Div => {
                    if b.is_zero() {
                        None
                    } else {
                        a.checked_div(b)
                    }
                }
            }
        }
        _ => None,
    }
}

/// The number of periods in `previous(x, n)`: a whole number ≥ 1.
pub fn periods_back(e: &Expr) -> Option<i64> {
    match &e.kind {
        ExprKind::Number(d)
            if d.fract().is_zero() && *d >= Decimal::ONE && *d <= Decimal::from(100_000) =>
        {
            d.to_string().parse().ok()
        }
        _ => None,
    }
}
