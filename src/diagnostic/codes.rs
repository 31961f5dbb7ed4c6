//! The diagnostic code registry: every code boussole reports, with its
//! default severity and a one-line summary (SARIF rule descriptions, the
//! book's index of codes — a test checks it against this list), and each
//! code's page (`docs/src/codes/NAME.md`, printed by `explain --code`).
//!
//! To add a code: one line here, its page `docs/src/codes/NAME.md` (the
//! build fails without it; `tests/book.rs` runs its example and checks it
//! reports the code), then report it where it arises with
//! `Diagnostic::new(Code::…, message)`, a fixture under
//! `tests/fixtures/check/` (or `eval/`) and a line in the book's index of
//! codes (`docs/src/codes/index.md`).

use super::Severity;

macro_rules! codes {
    ($( $variant:ident = $name:literal, $severity:ident, $summary:literal; )*) => {
        /// A diagnostic code: stable, relied on by CI jobs and editors.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Code {
            $( $variant, )*
        }

        impl Code {
            /// Every code, in the registry's order.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The code as users see it: `unit-mismatch`.
            pub fn name(self) -> &'static str {
                match self {
                    $( Code::$variant => $name, )*
                }
            }

            /// The severity it is reported with unless a stage says otherwise.
            pub fn severity(self) -> Severity {
                match self {
                    $( Code::$variant => Severity::$severity, )*
                }
            }

            /// What it means, in one line.
            pub fn summary(self) -> &'static str {
                match self {
                    $( Code::$variant => $summary, )*
                }
            }

            /// Its page in the book (`docs/src/codes/NAME.md`, Markdown):
            /// what it means, why it matters, an example that triggers it
            /// and how to fix it — what `boussole explain --code` prints.
            /// A code without a page does not compile.
            pub fn page(self) -> &'static str {
                match self {
                    $( Code::$variant => include_str!(concat!("../../docs/src/codes/", $name, ".md")), )*
                }
            }
        }
    };
}

codes! {
    SyntaxError = "syntax-error", Error, "An expression does not parse, or is over a limit";
    YamlError = "yaml-error", Error, "Invalid YAML, not UTF-8, or over a size or nesting limit";
    UnknownKey = "unknown-key", Error, "A key the spec format does not have";
    MissingKey = "missing-key", Error, "A required key is missing";
    InvalidValue = "invalid-value", Error, "A bad unit, aggregate, period, date, name or boolean";
    UndefinedMetric = "undefined-metric", Error, "A name that is neither an input nor a metric";
    DuplicateMetric = "duplicate-metric", Error, "A name defined twice";
    DuplicateObjective = "duplicate-objective", Error, "An objective defined twice";
    UnknownSource = "unknown-source", Error, "An input whose source is not declared, or that names none among several";
    DuplicateSource = "duplicate-source", Error, "A source declared twice";
    OutsideProject = "outside-project", Error, "A file whose real path leaves the project (a link, `..`, an absolute path): not read";
    NotAFile = "not-a-file", Error, "A FIFO, socket, device, broken link or unreadable file where a file is read: not read";
    FileTooLarge = "file-too-large", Error, "A spec or spec test file over the size limit: not read";
    MissingData = "missing-data", Error, "A source with no file: no path, no --data, or a glob that matches nothing";
    MissingDimension = "missing-dimension", Warning, "A --by dimension a source's files do not have: its inputs have no values";
    UnknownFunction = "unknown-function", Error, "An unknown function";
    InvalidCall = "invalid-call", Error, "A wrong argument count or period count";
    UnitMismatch = "unit-mismatch", Error, "Units that do not combine";
    TypeMismatch = "type-mismatch", Error, "A row expression whose value is not what its place needs (a number, a text, a condition)";
    CircularDefinition = "circular-definition", Error, "Metrics defined in terms of themselves";
    DivisionByZero = "division-by-zero", Warning, "A divisor that is zero";
    WarningsOmitted = "warnings-omitted", Warning, "Per-period warnings past a share of --memory-limit: counted, not listed";
    ArithmeticOverflow = "arithmetic-overflow", Error, "A result beyond exact decimals";
    DataError = "data-error", Error, "A CSV cell, row or header that cannot be read";
    MissingColumn = "missing-column", Warning, "An input whose column the data does not have";
    EmptyData = "empty-data", Warning, "A CSV with a header and no rows";
    SkippedRows = "skipped-rows", Warning, "Bad rows left out under --on-bad-row skip";
    SmartSpecific = "smart-specific", Error, "SMART: an objective without a description";
    SmartMeasurable = "smart-measurable", Error, "SMART: an objective without a target";
    SmartAchievable = "smart-achievable", Warning, "SMART: a target far beyond anything the data has shown";
    SmartRelevant = "smart-relevant", Warning, "SMART: an objective not aligned with a strategy goal";
    SmartTimeBound = "smart-time-bound", Error, "SMART: no review period or deadline, or a deadline before the start";
    TooManyKpis = "too-many-kpis", Warning, "More than 5 KPIs on one objective";
    VanityMetric = "vanity-metric", Warning, "An objective whose KPIs are all vanity metrics";
    NoAction = "no-action", Warning, "A target without an action: what to do when it is missed";
    StaleData = "stale-data", Warning, "Data that ends more than a review period before the day of the review";
    TooManyMetrics = "too-many-metrics", Error, "More than 100,000 inputs and metrics";
    MemoryLimit = "memory-limit", Error, "The groups asked for need more memory than --memory-limit";
    TooManyPeriods = "too-many-periods", Warning, "An objective spanning more than 100,000 target rows";
    SqlName = "sql-name", Error, "A name an SQL dialect cannot carry";
    SqlUnsupported = "sql-unsupported", Error, "A source's date format that boussole cannot write in the SQL dialect";
    EngineError = "engine-error", Error, "The engine eval --engine runs the SQL in failed: no connection, a missing table or column, a bad value";
    TestFailed = "test-failed", Error, "An expectation of a spec test does not hold";
    FmtUnsupported = "fmt-unsupported", Error, "A file boussole fmt does not rewrite (anchors, aliases, tags, directives)";
    FmtFailed = "fmt-failed", Error, "boussole fmt could not keep the file's meaning (a bug; the file is left as it is)";
    InternalError = "internal-error", Error, "A bug in boussole: an internal invariant failed (please report it)";
}

impl Code {
    /// The code named `name`.
    pub fn parse(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.name() == name)
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Code {
    /// A file not read because it is outside the project or not a regular
    /// file (`crate::project`): every command names these, whatever else it
    /// shows.
    pub fn is_refusal(self) -> bool {
        matches!(
            self,
            Code::OutsideProject | Code::NotAFile | Code::FileTooLarge
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_distinct_kebab_case_and_parse_back() {
        let mut seen = std::collections::HashSet::new();
        for &c in Code::ALL {
            assert!(seen.insert(c.name()), "{} twice", c.name());
            assert!(c
                .name()
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch == '-'));
            assert_eq!(Code::parse(c.name()), Some(c));
            assert!(!c.summary().is_empty());
        }
    }
}
