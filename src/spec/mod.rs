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
pub use load::{load, load_bytes, MAX_NAMES};

use crate::source::{FileId, Span};
use crate::syntax::dsl::{MetricDef, Target};
use crate::vocab::{Aggregate, Better, Period, Unit};
use chrono::NaiveDate;

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
    pub column: String,
    pub vanity: bool,
    pub description: Option<String>,
    pub better: Option<Better>,
}

#[derive(Clone, Debug)]
pub struct Metric {
    pub def: MetricDef,
    pub description: Option<String>,
    pub better: Option<Better>,
    pub unit: Option<Located<Unit>>,
    pub vanity: bool,
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
    pub description: Option<Located<String>>,
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

/// Everything read from the spec files.
#[derive(Clone, Debug, Default)]
pub struct Spec {
    pub files: Vec<FileId>,
    pub inputs: Vec<Input>,
    pub metrics: Vec<Metric>,
    pub strategies: Vec<Strategy>,
    pub objectives: Vec<Objective>,
}

/// An I/O or usage problem that stops the run (exit code 2).
#[derive(Debug)]
pub struct LoadError(pub String);
