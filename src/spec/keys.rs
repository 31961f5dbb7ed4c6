//! The keys of each section of a spec file: the one definition the loader
//! (which keys exist, exhaustive matches), `boussole fmt` (the order it
//! writes them in: what an item is, then how it reads, then what it is for)
//! and the JSON Schema test (`tests/schema.rs` checks `schema/` against it)
//! read.
//!
//! To add a key: a row here, its arm in `spec/load.rs` (the compiler asks
//! for it), a field in the spec model, and the key in
//! `schema/boussole.schema.json` (the schema test says where).

/// The keys of one section.
pub trait Key: Copy + PartialEq + 'static {
    /// Every key with its name, in the canonical order.
    const ALL: &'static [(&'static str, Self)];
    /// The names alone, in the same order.
    const NAMES: &'static [&'static str];
    /// What the section is called in messages.
    const SECTION: &'static str;

    fn parse(name: &str) -> Option<Self> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, k)| *k)
    }
    fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("", |(n, _)| n)
    }
}

macro_rules! keys {
    ($(#[$doc:meta])* $ty:ident in $section:literal { $( $variant:ident = $name:literal ),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $ty {
            $( $variant, )*
        }

        impl Key for $ty {
            const ALL: &'static [(&'static str, Self)] = &[ $( ($name, $ty::$variant), )* ];
            const NAMES: &'static [&'static str] = &[ $( $name, )* ];
            const SECTION: &'static str = $section;
        }
    };
}

keys! {
    /// The top level of a spec file.
    TopKey in "a spec file" {
        Locale = "locale",
        Sources = "sources",
        Inputs = "inputs",
        Metrics = "metrics",
        Strategy = "strategy",
        Objectives = "objectives",
    }
}

keys! {
    /// An input written as a mapping (`orders: { unit: count, … }`).
    InputKey in "an input" {
        Unit = "unit",
        Aggregate = "aggregate",
        Source = "source",
        Column = "column",
        Expr = "expr",
        Where = "where",
        Having = "having",
        Better = "better",
        Vanity = "vanity",
        Description = "description",
        Label = "label",
    }
}

keys! {
    /// A data source (`sources: { meta: { path: …, … } }`).
    SourceKey in "a source" {
        Path = "path",
        Format = "format",
        Sheet = "sheet",
        Encoding = "encoding",
        Skip = "skip",
        Delimiter = "delimiter",
        Decimal = "decimal",
        Thousands = "thousands",
        Date = "date",
        Timezone = "timezone",
        Dimensions = "dimensions",
        Table = "table",
    }
}

keys! {
    /// A source's date written as a mapping (`date: { column: Jour, format: "%d/%m/%Y" }`).
    DateKey in "a source's date" {
        Column = "column",
        From = "from",
        To = "to",
        Format = "format",
    }
}

keys! {
    /// A metric written as a mapping (`- def: ctr = clicks / impressions`).
    MetricKey in "a metric" {
        Def = "def",
        Unit = "unit",
        Better = "better",
        Vanity = "vanity",
        Description = "description",
        Label = "label",
    }
}

keys! {
    /// A target written as a mapping (`- target: cac <= 50 EUR` with
    /// `action: …` beside it); the short form is the target's text alone.
    TargetKey in "a target" {
        Target = "target",
        Action = "action",
    }
}

keys! {
    /// An objective.
    ObjectiveKey in "an objective" {
        Description = "description",
        Label = "label",
        AlignedWith = "aligned_with",
        Owner = "owner",
        Period = "period",
        Start = "start",
        Deadline = "deadline",
        Kpis = "kpis",
        Targets = "targets",
    }
}
