//! Units as types: count, ratio, plain number, money per currency.

use super::BinOp;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    /// A plain number (a literal such as `2`, a score).
    Number,
    /// A number of things: clicks, visitors, orders.
    Count,
    /// A fraction: 0.03 is 3 %.
    Ratio,
    /// An amount of money in one currency (ISO 4217 code).
    Money(String),
}

impl Unit {
    pub fn parse(s: &str) -> Option<Unit> {
        let s = s.trim();
        match s {
            "count" => Some(Unit::Count),
            "ratio" => Some(Unit::Ratio),
            "number" => Some(Unit::Number),
            _ => {
                let cur = s.strip_prefix("money(")?.strip_suffix(')')?.trim();
                (cur.len() == 3 && cur.chars().all(|c| c.is_ascii_uppercase()))
                    .then(|| Unit::Money(cur.to_string()))
            }
        }
    }

    fn dimensionless(&self) -> bool {
        matches!(self, Unit::Number | Unit::Ratio)
    }

    /// The unit of `a + b`, `a - b`, `min(a, b)` and of the two sides of a
    /// comparison: like with like; a plain number takes the other side's unit
    /// unless that is money.
    pub fn combine(a: &Unit, b: &Unit) -> Option<Unit> {
        match (a, b) {
            _ if a == b => Some(a.clone()),
            (Unit::Number, Unit::Count | Unit::Ratio) => Some(b.clone()),
            (Unit::Count | Unit::Ratio, Unit::Number) => Some(a.clone()),
            _ => None,
        }
    }

    /// The unit of `a op b` for an arithmetic operator.
    pub fn binary(op: BinOp, a: &Unit, b: &Unit) -> Option<Unit> {
        use Unit::*;
        match op {
            BinOp::Add | BinOp::Sub => Unit::combine(a, b),
            BinOp::Mul => match (a, b) {
                (Number, x) | (x, Number) => Some(x.clone()),
                (Ratio, x) | (x, Ratio) => Some(x.clone()),
                (Count, Count) => Some(Count),
                (Count, Money(c)) | (Money(c), Count) => Some(Money(c.clone())),
                (Money(_), Money(_)) => None,
            },
            BinOp::Div => match (a, b) {
                (x, Number) => Some(x.clone()),
                (Number, Ratio) => Some(Number),
                (x, Ratio) if !x.dimensionless() => Some(x.clone()),
                (Ratio, Ratio) | (Count, Count) => Some(Ratio),
                (Money(x), Money(y)) if x == y => Some(Ratio),
                (Money(c), Count) => Some(Money(c.clone())),
                (Number, Count) => Some(Number),
                _ => None,
            },
        }
    }

    /// May a metric computed in `inferred` be declared as `self`?
    /// Dimensionless units (ratio, number) may be declared as one another.
    pub fn accepts(&self, inferred: &Unit) -> bool {
        self == inferred || (self.dimensionless() && inferred.dimensionless())
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unit::Number => f.write_str("number"),
            Unit::Count => f.write_str("count"),
            Unit::Ratio => f.write_str("ratio"),
            Unit::Money(c) => write!(f, "money({c})"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use BinOp::*;
    use Unit::*;

    fn eur() -> Unit {
        Money("EUR".into())
    }

    #[test]
    fn parse_units() {
        assert_eq!(Unit::parse("money(EUR)"), Some(eur()));
        assert_eq!(Unit::parse("money(eur)"), None);
        assert_eq!(Unit::parse("money"), None);
        assert_eq!(Unit::parse("count"), Some(Count));
    }

    #[test]
    fn the_unit_table() {
        assert_eq!(Unit::binary(Div, &Count, &Count), Some(Ratio));
        assert_eq!(Unit::binary(Div, &eur(), &eur()), Some(Ratio));
        assert_eq!(Unit::binary(Div, &eur(), &Count), Some(eur()));
        assert_eq!(Unit::binary(Div, &Count, &eur()), None);
        assert_eq!(Unit::binary(Div, &eur(), &Money("USD".into())), None);
        assert_eq!(Unit::binary(Add, &Count, &eur()), None);
        assert_eq!(Unit::binary(Add, &eur(), &Money("USD".into())), None);
        assert_eq!(Unit::binary(Add, &Count, &Number), Some(Count));
        assert_eq!(Unit::binary(Add, &eur(), &Number), None);
        assert_eq!(Unit::binary(Mul, &eur(), &Ratio), Some(eur()));
        assert_eq!(Unit::binary(Mul, &eur(), &eur()), None);
        assert_eq!(Unit::binary(Mul, &Count, &eur()), Some(eur()));
        assert_eq!(Unit::binary(Div, &eur(), &Ratio), Some(eur()));
        assert_eq!(Unit::binary(Sub, &Ratio, &Number), Some(Ratio));
        assert!(Number.accepts(&Ratio));
        assert!(!eur().accepts(&Ratio));
    }
}
