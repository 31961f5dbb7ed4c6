//! The spec: what the `*.kpi.yaml` files declare (inputs, metrics, strategy
//! goals, objectives), each item with the spans of its tokens. Built by the
//! load stage ([`load`]), read by the check stage.

mod files;
pub mod keys;
mod load;

pub use files::{
    add_source, discover, discover_matching, read_spec_file, MAX_FILE_SIZE, SPEC_SUFFIXES,
    TEST_SUFFIXES,
};
pub use load::{delimiter, load, load_bytes, MAX_NAMES};

use crate::source::{FileId, Span};
use crate::syntax::dsl::{MetricDef, Target};
pub use crate::syntax::row::RowExpr;
use crate::vocab::{Aggregate, Better, DataFormat, Period, Unit};
use chrono::NaiveDate;
use std::path::PathBuf;

#[derive(Clone, Debug)]
pub struct Located<T> {
    pub value: T,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Input {
    pub name: String,
    pub span: Span,
    pub unit: Located<Unit>,
    pub aggregate: Aggregate,
    /// The column's header, with alternatives (the first present wins).
    pub columns: Vec<String>,
    /// The source it is read from (None: the only source, or `--data`).
    pub source: Option<Located<String>>,
    /// A row expression computed on each row instead of reading a column.
    pub expr: Option<RowExpr>,
    /// The rows counted (`where:`): a condition on each row.
    pub filter: Option<RowExpr>,
    /// Which distinct values count (`having:`): a condition on aggregates
    /// of each value's rows.
    pub having: Option<RowExpr>,
    pub vanity: bool,
    pub description: Option<String>,
    pub better: Option<Better>,
    pub label: crate::i18n::Labels,
}

#[derive(Clone, Debug)]
pub struct Metric {
    pub def: MetricDef,
    pub description: Option<String>,
    pub better: Option<Better>,
    pub unit: Option<Located<Unit>>,
    pub vanity: bool,
    pub label: crate::i18n::Labels,
}

#[derive(Clone, Debug)]
pub struct Strategy {
    pub name: String,
    pub span: Span,
    pub description: String,
}

#[derive(Clone, Debug)]
pub struct Objective {
    pub name: String,
    pub span: Span,
    /// From its name to the end of its value: what lies within it (its
    /// warnings, in the report).
    pub extent: Span,
    pub description: Option<Located<String>>,
    pub label: crate::i18n::Labels,
    pub aligned_with: Option<Located<String>>,
    pub owner: Option<String>,
    pub period: Option<Located<Period>>,
    pub start: Option<Located<NaiveDate>>,
    pub deadline: Option<Located<NaiveDate>>,
    pub kpis: Vec<Located<String>>,
    pub kpis_span: Option<Span>,
    pub targets: Vec<Target>,
    pub targets_span: Option<Span>,
    /// Keys written in the file, valid or not (a bad value is reported once, not also as missing).
    pub given: Vec<String>,
}

impl Input {
    /// The column's first name (the one a warehouse table has).
    pub fn column(&self) -> &str {
        self.columns
            .first()
            .map_or(self.name.as_str(), String::as_str)
    }

    /// What the input reads, in words: `sum of column `Spend``,
    /// `sum of `Quantity * UnitPrice` where `Quantity > 0``, `count of rows`
    /// (`explain` and `diff` show it; a change is a redefinition).
    /// [`Input::definition`] as a catalogue message (`explain` in the
    /// reader's language).
    pub fn definition_msg(&self) -> crate::i18n::Msg {
        use crate::msg;
        let what = match (&self.expr, self.aggregate) {
            (Some(e), _) => msg!("input-def-expr", expr = e.to_string()),
            (None, Aggregate::Count) => msg!("input-def-rows"),
            (None, _) => msg!("input-def-column", column = self.column()),
        };
        msg!(
            "input-def",
            aggregate = self.aggregate.name(),
            what = what,
            filter = self
                .filter
                .as_ref()
                .map_or(String::new(), |w| w.to_string()),
            having = self
                .having
                .as_ref()
                .map_or(String::new(), |h| h.to_string()),
            where_kind = if self.filter.is_some() { "yes" } else { "no" },
            having_kind = if self.having.is_some() { "yes" } else { "no" }
        )
    }

    pub fn definition(&self) -> String {
        let what = match (&self.expr, self.aggregate) {
            (Some(e), _) => format!("`{e}`"),
            (None, Aggregate::Count) => "rows".to_string(),
            (None, _) => format!("column `{}`", self.column()),
        };
        let mut out = format!("{} of {what}", self.aggregate.name());
        if let Some(w) = &self.filter {
            out.push_str(&format!(" where `{w}`"));
        }
        if let Some(h) = &self.having {
            out.push_str(&format!(" having `{h}`"));
        }
        out
    }
}

/// A data source: a tool's export and how its files are written.
#[derive(Clone, Debug)]
pub struct Source {
    pub name: String,
    pub span: Span,
    /// Its files: a glob relative to `dir`.
    pub path: Option<Located<String>>,
    /// The directory of the spec file that declares it.
    pub dir: PathBuf,
    pub format: DataFormat,
    /// Where the date format was written (for diagnostics).
    pub date_span: Option<Span>,
    /// Conformed dimension name → the column that holds it here: all the
    /// dimensions the source has when declared (None: every column by its
    /// own name).
    pub dimensions: Option<Vec<(String, String)>>,
    /// The warehouse table holding it (`boussole sql`).
    pub table: Option<String>,
}

/// Everything read from the spec files.
#[derive(Clone, Debug, Default)]
pub struct Spec {
    pub files: Vec<FileId>,
    /// How the team's human outputs and reports write numbers and dates
    /// (`locale: fr`), the same on every machine.
    pub locale: Option<Located<crate::i18n::Locale>>,
    pub sources: Vec<Source>,
    pub inputs: Vec<Input>,
    pub metrics: Vec<Metric>,
    pub strategies: Vec<Strategy>,
    pub objectives: Vec<Objective>,
}

/// An I/O or usage problem that stops the run (exit code 2): a message of
/// the catalogue, written in the run's language at the edge.
#[derive(Debug, Clone)]
pub struct LoadError(pub crate::i18n::Msg);

impl LoadError {
    /// An I/O error on `path`.
    pub fn io(path: &std::path::Path, e: impl std::fmt::Display) -> LoadError {
        LoadError(crate::msg!(
            "io-error",
            path = path.display().to_string(),
            error = e.to_string()
        ))
    }
    /// Its text in `lang`.
    pub fn text(&self, lang: crate::i18n::Lang) -> String {
        lang.text(&self.0)
    }
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(crate::i18n::Lang::En))
    }
}
