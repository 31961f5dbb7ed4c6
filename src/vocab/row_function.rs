//! The functions of row expressions (an input's `expr:` and `where:`): the
//! one registry the check stage (arity, types), both backends (the
//! evaluator's row interpreter, each SQL dialect) and the docs read. Every
//! `match` over [`RowFunction`] is exhaustive: a new function does not
//! compile until each says what it means.
//!
//! To add one: a variant and a row in [`RowFunction::ALL`], its signature,
//! its arm in `eval::row` and in `sql::compiler` (per dialect where the
//! engines differ), a line in the book's row function table (`docs/src/reference/row-level.md`).

/// What a row expression's value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RowType {
    Number,
    Text,
    Boolean,
}

impl RowType {
    /// Its key in the catalogue's selectors.
    pub fn key(self) -> &'static str {
        match self {
            RowType::Number => "number",
            RowType::Text => "text",
            RowType::Boolean => "condition",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            RowType::Number => "a number",
            RowType::Text => "a text",
            RowType::Boolean => "a condition",
        }
    }
}

/// What a parameter takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Param {
    Is(RowType),
    /// A number or a text (a column is then read as text).
    Any,
    /// The type of the call's first typed argument (`coalesce`).
    Same,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RowFunction {
    StartsWith,
    EndsWith,
    Contains,
    Lower,
    IsEmpty,
    Coalesce,
    Abs,
    Round,
}

impl RowFunction {
    /// Every function with its name, in the order the docs list them.
    pub const ALL: &'static [(&'static str, RowFunction)] = &[
        ("starts_with", RowFunction::StartsWith),
        ("ends_with", RowFunction::EndsWith),
        ("contains", RowFunction::Contains),
        ("lower", RowFunction::Lower),
        ("is_empty", RowFunction::IsEmpty),
        ("coalesce", RowFunction::Coalesce),
        ("abs", RowFunction::Abs),
        ("round", RowFunction::Round),
    ];

    pub fn parse(name: &str) -> Option<RowFunction> {
        RowFunction::ALL
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, f)| *f)
    }

    pub fn name(self) -> &'static str {
        RowFunction::ALL
            .iter()
            .find(|(_, f)| *f == self)
            .map_or("", |(n, _)| n)
    }

    /// The parameters (the last one repeats when `variadic`), how many
    /// arguments are needed at least, and the result (None: the type of the
    /// `Same` arguments).
    pub fn signature(self) -> (&'static [Param], usize, Option<RowType>) {
        use Param::*;
        use RowType::*;
        match self {
            RowFunction::StartsWith | RowFunction::EndsWith | RowFunction::Contains => {
                (&[Is(Text), Is(Text)], 2, Some(Boolean))
            }
            RowFunction::Lower => (&[Is(Text)], 1, Some(Text)),
            RowFunction::IsEmpty => (&[Any], 1, Some(Boolean)),
            RowFunction::Coalesce => (&[Same, Same], 2, None),
            RowFunction::Abs => (&[Is(Number)], 1, Some(Number)),
            RowFunction::Round => (&[Is(Number), Is(Number)], 1, Some(Number)),
        }
    }

    /// Whether the last parameter repeats.
    pub fn variadic(self) -> bool {
        matches!(self, RowFunction::Coalesce)
    }

    /// How it is written, for the docs and messages.
    pub fn usage(self) -> &'static str {
        match self {
            RowFunction::StartsWith => "starts_with(text, prefix)",
            RowFunction::EndsWith => "ends_with(text, suffix)",
            RowFunction::Contains => "contains(text, part)",
            RowFunction::Lower => "lower(text)",
            RowFunction::IsEmpty => "is_empty(x)",
            RowFunction::Coalesce => "coalesce(x, y, ...)",
            RowFunction::Abs => "abs(x)",
            RowFunction::Round => "round(x, digits)",
        }
    }

    /// One line for the docs.
    pub fn summary(self) -> &'static str {
        match self {
            RowFunction::StartsWith => "the text begins with the prefix (case-sensitive)",
            RowFunction::EndsWith => "the text ends with the suffix (case-sensitive)",
            RowFunction::Contains => "the text contains the part (case-sensitive)",
            RowFunction::Lower => "the text in lower case",
            RowFunction::IsEmpty => "the cell is empty (or only spaces)",
            RowFunction::Coalesce => "the first argument that is not empty",
            RowFunction::Abs => "the absolute value",
            RowFunction::Round => "rounded to `digits` decimals (default 0), halves away from zero",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_back() {
        for &(n, f) in RowFunction::ALL {
            assert_eq!(RowFunction::parse(n), Some(f));
            assert_eq!(f.name(), n);
            assert!(f.usage().starts_with(n));
        }
        assert_eq!(RowFunction::parse("sum"), None);
    }
}
