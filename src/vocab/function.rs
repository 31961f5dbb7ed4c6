//! The functions of the expression language: the one registry that the
//! check stage (arity, units), the plan (lowering to primitive operations)
//! and the docs read. Every `match` over [`Function`] is exhaustive, so a new
//! function does not compile until each stage says what it means.
//!
//! To add a function: a variant and a row in [`Function::ALL`] here, its unit
//! rule in [`Function::unit`], its lowering in `plan::lower`, a fixture, and
//! a line in the book's function table (`docs/src/expressions.md`).

use super::Unit;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Function {
    Min,
    Max,
    Abs,
    Previous,
    Change,
    Growth,
}

/// How many arguments a function takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arity {
    pub min: usize,
    /// None: any number from `min`.
    pub max: Option<usize>,
}

impl Arity {
    pub fn accepts(self, n: usize) -> bool {
        n >= self.min && self.max.is_none_or(|m| n <= m)
    }
    /// `1`, `1 or 2`, `at least 2`.
    /// `NAME takes … argument(s), found N` as a catalogue message.
    pub fn message(self, name: &str, found: usize) -> crate::i18n::Msg {
        let (kind, max) = match self.max {
            Some(m) if m == self.min => ("exact", m),
            Some(m) => ("range", m),
            None => ("at-least", self.min),
        };
        crate::msg!(
            "call-arity",
            name = name,
            kind = kind,
            min = self.min,
            max = max,
            found = found
        )
    }

    pub fn describe(self) -> String {
        match self.max {
            Some(m) if m == self.min => format!("{m}"),
            Some(m) => format!("{} or {m}", self.min),
            None => format!("at least {}", self.min),
        }
    }
}

/// Why a call's units do not combine: the argument that disagrees with the
/// unit of those before it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitClash {
    pub index: usize,
    pub so_far: Unit,
}

impl Function {
    /// Every function with its name, in the order the docs list them.
    pub const ALL: &'static [(&'static str, Function)] = &[
        ("min", Function::Min),
        ("max", Function::Max),
        ("abs", Function::Abs),
        ("previous", Function::Previous),
        ("change", Function::Change),
        ("growth", Function::Growth),
    ];

    pub fn parse(name: &str) -> Option<Function> {
        Function::ALL
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, f)| *f)
    }

    pub fn name(self) -> &'static str {
        Function::ALL
            .iter()
            .find(|(_, f)| *f == self)
            .map_or("", |(n, _)| n)
    }

    pub fn arity(self) -> Arity {
        let (min, max) = match self {
            Function::Min | Function::Max => (2, None),
            Function::Abs => (1, Some(1)),
            Function::Previous | Function::Change | Function::Growth => (1, Some(2)),
        };
        Arity { min, max }
    }

    /// Whether the second argument is a number of periods back (a whole
    /// number ≥ 1): `previous(x, 12)`.
    pub fn takes_periods(self) -> bool {
        match self {
            Function::Previous | Function::Change | Function::Growth => true,
            Function::Min | Function::Max | Function::Abs => false,
        }
    }

    /// How many leading arguments carry a unit (None: all): the others are
    /// a periods count or, after an arity error, not looked at.
    pub fn unit_arguments(self) -> Option<usize> {
        match self {
            Function::Min | Function::Max => None,
            Function::Abs | Function::Previous | Function::Change | Function::Growth => Some(1),
        }
    }

    /// The arguments of a call that carry a unit.
    pub fn unit_bearing<T>(self, args: &[T]) -> &[T] {
        match self.unit_arguments() {
            None => args,
            Some(n) => &args[..args.len().min(n)],
        }
    }

    /// One line for the docs and did-you-mean help.
    pub fn summary(self) -> &'static str {
        match self {
            Function::Min => "the smallest of its arguments (null if any is null)",
            Function::Max => "the largest of its arguments (null if any is null)",
            Function::Abs => "the absolute value",
            Function::Previous => "the value n periods before (default 1), same dimension values",
            Function::Change => "x - previous(x, n)",
            Function::Growth => "(x - previous(x, n)) / abs(previous(x, n)), a ratio",
        }
    }

    /// The unit of a call whose (unit-bearing) arguments have `args` units:
    /// `min`/`max` combine like `+` (a plain number takes the other side's
    /// unit); `growth` is a ratio; the others keep their first argument's.
    /// `args` are the units of [`Function::unit_bearing`] arguments.
    pub fn unit(self, args: &[Unit]) -> Result<Option<Unit>, UnitClash> {
        let Some(first) = args.first() else {
            return Ok(None);
        };
        match self {
            Function::Min | Function::Max => {
                let mut u = first.clone();
                for (index, a) in args.iter().enumerate().skip(1) {
                    u = Unit::combine(&u, a).ok_or_else(|| UnitClash {
                        index,
                        so_far: u.clone(),
                    })?;
                }
                Ok(Some(u))
            }
            Function::Growth => Ok(Some(Unit::Ratio)),
            Function::Abs | Function::Previous | Function::Change => Ok(Some(first.clone())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_back() {
        for &(n, f) in Function::ALL {
            assert_eq!(Function::parse(n), Some(f));
            assert_eq!(f.name(), n);
        }
        assert_eq!(Function::parse("sum"), None);
    }

    #[test]
    fn min_takes_the_unit_of_its_counted_side() {
        // min(2, orders): a plain number combines with a count
        assert_eq!(
            Function::Min.unit(&[Unit::Number, Unit::Count]),
            Ok(Some(Unit::Count))
        );
        let eur = Unit::Money("EUR".into());
        assert_eq!(
            Function::Max.unit(&[Unit::Count, eur.clone()]),
            Err(UnitClash {
                index: 1,
                so_far: Unit::Count
            })
        );
        assert_eq!(Function::Growth.unit(&[eur]), Ok(Some(Unit::Ratio)));
    }
}
