//! Render stage: diagnostics and evaluations in every output format, one
//! file a format — [`human`] (terminal), [`json`], [`mod@github`] (annotations),
//! [`mod@sarif`] (code scanning) — plus [`values`], how numbers are written.
//! Renderers locate through [`crate::source::Position`], resolved once per
//! place. The tools' own documents (explain, the spec-test JUnit report, the
//! diff's Markdown) are written next to their tools.
//!
//! To add an output format: a file here with an [`Emitter`] (and the
//! documents it has), and a value of the command's `--format`.

pub mod csv;
pub mod github;
pub mod human;
pub mod json;
pub mod report;
pub mod sarif;
pub mod values;

pub use csv::write_eval_csv;
pub use github::{github, Github};
pub use human::{eval_human, human_diagnostics, Human};
pub use json::{check_json, diagnostic_json, eval_json, write_eval_json, Json};
pub use sarif::{sarif, Sarif};
pub use values::{format_value, number};

use crate::diagnostic::Diagnostics;
use crate::source::Sources;

/// An output format for diagnostics: what `check`, `eval` and `test` print
/// their diagnostics through.
pub trait Emitter {
    /// The diagnostics as this format's text.
    fn emit(&self, diags: &Diagnostics, sources: &Sources) -> String;
}

/// A JSON document pretty-printed, with a final line end.
pub(crate) fn pretty(v: &serde_json::Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}
