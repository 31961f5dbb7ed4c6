//! How an input's values combine within a period, and which way is better.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Aggregate {
    Sum,
    Min,
    Max,
    Avg,
    First,
    Last,
    /// Rows (after `where:`); with `expr:`, the rows where it is not empty.
    Count,
    /// Distinct non-empty values of `expr:`, over each whole period.
    CountDistinct,
}

impl Aggregate {
    pub const ALL: [(&'static str, Aggregate); 8] = [
        ("sum", Aggregate::Sum),
        ("min", Aggregate::Min),
        ("max", Aggregate::Max),
        ("avg", Aggregate::Avg),
        ("first", Aggregate::First),
        ("last", Aggregate::Last),
        ("count", Aggregate::Count),
        ("count_distinct", Aggregate::CountDistinct),
    ];
    /// Counts rows or values: its input's unit is `count`, whatever the
    /// column holds.
    pub fn counts(self) -> bool {
        matches!(self, Aggregate::Count | Aggregate::CountDistinct)
    }
    pub fn name(self) -> &'static str {
        Aggregate::ALL
            .iter()
            .find(|(_, a)| *a == self)
            .map(|(n, _)| *n)
            .unwrap_or("sum")
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Better {
    Higher,
    Lower,
}

impl Better {
    pub const ALL: [(&'static str, Better); 2] =
        [("higher", Better::Higher), ("lower", Better::Lower)];
    pub fn parse(s: &str) -> Option<Better> {
        Better::ALL.iter().find(|(n, _)| *n == s).map(|(_, b)| *b)
    }
}
