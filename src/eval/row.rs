//! Row expressions computed on one row: the typed trees of the check stage
//! ([`RowOp`]) over the row's cells. SQL's rules, so that `eval` and
//! `boussole sql` agree: an empty cell is null, arithmetic and comparisons
//! with a null are null, `and`/`or`/`not` are three-valued, a division by
//! zero is null, and a row counts only where its `where:` is true.

use super::exact::{number, Cell, NumberStyle};
use crate::check::RowOp;
use crate::vocab::{BinOp, Cmp, RowFunction, RowType};
use rust_decimal::{Decimal, RoundingStrategy};
use std::borrow::Cow;
use std::cmp::Ordering;

/// A value on one row.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Val<'a> {
    Null,
    Num(Decimal),
    Text(Cow<'a, str>),
    Bool(bool),
}

/// Why a row's expression has no value: a cell that is not a number (its
/// column, by index in the input's columns, and the hint), or an overflow.
#[derive(Debug)]
pub(super) enum RowError {
    NotANumber(usize, Option<crate::i18n::Msg>),
    Overflow,
}

/// A column's cell read as `ty`.
pub(super) fn read<'c>(
    cell: Cell<'c>,
    ty: RowType,
    style: &NumberStyle,
    currency: Option<&str>,
) -> Result<Val<'c>, Option<crate::i18n::Msg>> {
    Ok(match (cell, ty) {
        (Cell::Empty, _) | (Cell::Text(""), _) => Val::Null,
        (Cell::Number(n), RowType::Number) => Val::Num(n),
        (Cell::Text(t), RowType::Number) => Val::Num(number(t, style, currency)?),
        (Cell::Date(_), RowType::Number) => return Err(None),
        (Cell::Text(t), _) => Val::Text(Cow::Borrowed(t)),
        (c, _) => Val::Text(Cow::Owned(c.text())),
    })
}

/// The value of `op` on a row whose columns (those of the input, in its
/// order) are `cols`, each read as the type its first use needs; `cell`
/// gives a column's value read as another type when needed.
pub(super) fn eval<'c>(
    op: &'c RowOp,
    cell: &impl Fn(usize, RowType) -> Result<Val<'c>, RowError>,
) -> Result<Val<'c>, RowError> {
    use Val::*;
    Ok(match op {
        RowOp::Number(n) => Num(*n),
        RowOp::Text(t) => Text(Cow::Borrowed(t)),
        RowOp::Bool(b) => Bool(*b),
        RowOp::Column(c, ty) => cell(*c, *ty)?,
        RowOp::Neg(a) => match operand(a, cell)? {
            Num(n) => Num(-n),
            _ => Null,
        },
        RowOp::Arith(o, a, b) => {
            let (Num(x), Num(y)) = (operand(a, cell)?, operand(b, cell)?) else {
                return Ok(Null);
            };
            let r = match o {
                BinOp::Add => x.checked_add(y),
                BinOp::Sub => x.checked_sub(y),
                BinOp::Mul => x.checked_mul(y),
                BinOp::Div if y.is_zero() => return Ok(Null),
                BinOp::Div => x.checked_div(y),
            };
            Num(r.ok_or(RowError::Overflow)?)
        }
        RowOp::Compare(c, _, a, b) => {
            let (x, y) = (operand(a, cell)?, operand(b, cell)?);
            match order(&x, &y) {
                None => Null,
                Some(o) => Bool(holds(*c, o)),
            }
        }
        RowOp::In(_, x, items) => {
            let x = operand(x, cell)?;
            if x == Null {
                return Ok(Null);
            }
            // SQL: true if one item is equal, else null if one is null
            let mut any_null = false;
            for i in items {
                match order(&x, &operand(i, cell)?) {
                    Some(Ordering::Equal) => return Ok(Bool(true)),
                    None => any_null = true,
                    Some(_) => {}
                }
            }
            if any_null {
                Null
            } else {
                Bool(false)
            }
        }
        RowOp::Not(a) => match operand(a, cell)? {
            Bool(b) => Bool(!b),
            _ => Null,
        },
        RowOp::And(a, b) => match (operand(a, cell)?, operand(b, cell)?) {
            (Bool(false), _) | (_, Bool(false)) => Bool(false),
            (Bool(true), Bool(true)) => Bool(true),
            _ => Null,
        },
        RowOp::Or(a, b) => match (operand(a, cell)?, operand(b, cell)?) {
            (Bool(true), _) | (_, Bool(true)) => Bool(true),
            (Bool(false), Bool(false)) => Bool(false),
            _ => Null,
        },
        RowOp::Call(f, args) => call(*f, args, cell)?,
    })
}

/// [`eval`] of an operand, a constant or a column read in place (no call:
/// most operands are leaves, and the tree is walked on every row).
#[inline(always)]
fn operand<'c>(
    op: &'c RowOp,
    cell: &impl Fn(usize, RowType) -> Result<Val<'c>, RowError>,
) -> Result<Val<'c>, RowError> {
    match op {
        RowOp::Number(n) => Ok(Val::Num(*n)),
        RowOp::Text(t) => Ok(Val::Text(Cow::Borrowed(t))),
        RowOp::Column(c, ty) => cell(*c, *ty),
        _ => eval(op, cell),
    }
}

/// How two values of one type compare; None when either is null.
fn order(x: &Val<'_>, y: &Val<'_>) -> Option<Ordering> {
    match (x, y) {
        (Val::Num(a), Val::Num(b)) => Some(a.cmp(b)),
        (Val::Text(a), Val::Text(b)) => Some(a.as_bytes().cmp(b.as_bytes())),
        (Val::Bool(a), Val::Bool(b)) => Some(a.cmp(b)),
        _ => None,
    }
}

fn holds(c: Cmp, o: Ordering) -> bool {
    match c {
        Cmp::Ge => o != Ordering::Less,
        Cmp::Le => o != Ordering::Greater,
        Cmp::Gt => o == Ordering::Greater,
        Cmp::Lt => o == Ordering::Less,
        Cmp::Eq => o == Ordering::Equal,
        Cmp::Ne => o != Ordering::Equal,
    }
}

fn call<'c>(
    f: RowFunction,
    args: &'c [RowOp],
    cell: &impl Fn(usize, RowType) -> Result<Val<'c>, RowError>,
) -> Result<Val<'c>, RowError> {
    use Val::*;
    let arg = |i: usize| match args.get(i) {
        Some(a) => operand(a, cell),
        None => Ok(Null),
    };
    let texts = |f: fn(&str, &str) -> bool| -> Result<Val<'c>, RowError> {
        Ok(match (arg(0)?, arg(1)?) {
            (Text(a), Text(b)) => Bool(f(&a, &b)),
            _ => Null,
        })
    };
    Ok(match f {
        RowFunction::StartsWith => texts(|a, b| a.starts_with(b))?,
        RowFunction::EndsWith => texts(|a, b| a.ends_with(b))?,
        RowFunction::Contains => texts(|a, b| a.contains(b))?,
        RowFunction::Lower => match arg(0)? {
            Text(t) => Text(Cow::Owned(t.to_lowercase())),
            _ => Null,
        },
        RowFunction::IsEmpty => Bool(arg(0)? == Null),
        RowFunction::Coalesce => {
            for a in args {
                let v = operand(a, cell)?;
                if v != Null {
                    return Ok(v);
                }
            }
            Null
        }
        RowFunction::Abs => match arg(0)? {
            Num(n) => Num(n.abs()),
            _ => Null,
        },
        RowFunction::Round => {
            let digits = match args.get(1) {
                Some(RowOp::Number(d)) => u32::try_from(d.mantissa()).unwrap_or(0),
                _ => 0,
            };
            match arg(0)? {
                Num(n) => {
                    Num(n.round_dp_with_strategy(digits, RoundingStrategy::MidpointAwayFromZero))
                }
                _ => Null,
            }
        }
    })
}

/// The text a distinct count counts a value by: a text as it is written
/// (trimmed), a number by its value (`17850.0` and `17850` are one).
pub(super) fn distinct_key(v: &Val<'_>) -> Option<String> {
    match v {
        Val::Null => None,
        Val::Text(t) => Some(t.to_string()),
        Val::Num(n) => Some(n.normalize().to_string()),
        Val::Bool(b) => Some(b.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run<'a>(op: &'a RowOp, cells: &[Val<'a>]) -> Val<'a> {
        eval(op, &|c, _| Ok(cells[c].clone())).unwrap()
    }

    fn b(op: RowOp) -> Box<RowOp> {
        Box::new(op)
    }

    #[test]
    fn three_valued_logic() {
        let null_and_false =
            RowOp::And(b(RowOp::Column(0, RowType::Boolean)), b(RowOp::Bool(false)));
        assert_eq!(run(&null_and_false, &[Val::Null]), Val::Bool(false));
        let null_or_false = RowOp::Or(b(RowOp::Column(0, RowType::Boolean)), b(RowOp::Bool(false)));
        assert_eq!(run(&null_or_false, &[Val::Null]), Val::Null);
        let not_null = RowOp::Not(b(RowOp::Column(0, RowType::Boolean)));
        assert_eq!(run(&not_null, &[Val::Null]), Val::Null);
    }

    #[test]
    fn division_by_zero_is_null_and_overflow_an_error() {
        let div = RowOp::Arith(
            BinOp::Div,
            b(RowOp::Number(Decimal::ONE)),
            b(RowOp::Number(Decimal::ZERO)),
        );
        assert_eq!(run(&div, &[]), Val::Null);
        let mul = RowOp::Arith(
            BinOp::Mul,
            b(RowOp::Number(Decimal::MAX)),
            b(RowOp::Number(Decimal::TWO)),
        );
        assert!(matches!(
            eval(&mul, &|_, _| Ok(Val::Null)),
            Err(RowError::Overflow)
        ));
    }

    #[test]
    fn in_lists_and_rounding() {
        let x = RowOp::In(
            RowType::Text,
            b(RowOp::Column(0, RowType::Text)),
            vec![RowOp::Text("won".into()), RowOp::Text("Closed Won".into())],
        );
        assert_eq!(run(&x, &[Val::Text("Closed Won".into())]), Val::Bool(true));
        assert_eq!(run(&x, &[Val::Text("lost".into())]), Val::Bool(false));
        assert_eq!(run(&x, &[Val::Null]), Val::Null);
        let r = RowOp::Call(
            RowFunction::Round,
            vec![
                RowOp::Column(0, RowType::Number),
                RowOp::Number(Decimal::ONE),
            ],
        );
        assert_eq!(
            run(&r, &[Val::Num(Decimal::new(-125, 2))]),
            Val::Num(Decimal::new(-13, 1))
        );
        assert_eq!(
            run(&r, &[Val::Num(Decimal::new(125, 2))]),
            Val::Num(Decimal::new(13, 1))
        );
    }

    #[test]
    fn distinct_keys_are_texts_or_values() {
        assert_eq!(
            distinct_key(&Val::Num(Decimal::new(178500, 1))),
            Some("17850".into())
        );
        assert_eq!(
            distinct_key(&Val::Text("17850.0".into())),
            Some("17850.0".into())
        );
        assert_eq!(distinct_key(&Val::Null), None);
    }
}
