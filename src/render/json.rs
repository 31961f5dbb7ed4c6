//! JSON documents: diagnostics (`check`), evaluations (`eval`).

use super::values::opt_number;
use super::Emitter;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::eval::Evaluation;
use crate::source::Sources;
use serde_json::{json, Map, Value};

/// One diagnostic as JSON: code, severity, message, file, line, column, help.
pub fn diagnostic_json(d: &Diagnostic, sources: &Sources) -> Value {
    let mut m = Map::new();
    m.insert("code".into(), json!(d.code.name()));
    m.insert("severity".into(), json!(d.severity.as_str()));
    m.insert("message".into(), json!(d.message));
    if let Some(p) = d.position(sources) {
        m.insert("file".into(), json!(p.file()));
        m.insert("line".into(), json!(p.line));
        m.insert("column".into(), json!(p.column));
    }
    if let Some(h) = &d.help {
        m.insert("help".into(), json!(h));
    }
    if let Some(p) = &d.period {
        m.insert("period".into(), json!(p));
    }
    if let Some(dims) = &d.dimensions {
        m.insert("dimensions".into(), json!(dims));
    }
    Value::Object(m)
}

/// `{"diagnostics": [...], "errors": N, "warnings": N}`
pub fn check_json(diags: &Diagnostics, sources: &Sources) -> Value {
    json!({
        "diagnostics": diags.items.iter().map(|d| diagnostic_json(d, sources)).collect::<Vec<_>>(),
        "errors": diags.errors(),
        "warnings": diags.warnings(),
    })
}

/// `--format json` of `check`.
pub struct Json;

impl Emitter for Json {
    fn emit(&self, diags: &Diagnostics, sources: &Sources) -> String {
        super::pretty(&check_json(diags, sources))
    }
}

/// The `eval --format json` document: one serializer, which writes the
/// result rows as it goes (they can be hundreds of thousands) or builds a
/// [`Value`] ([`eval_json`]).
pub struct EvalDocument<'a> {
    pub ev: &'a Evaluation,
    pub diags: &'a Diagnostics,
    pub sources: &'a Sources,
}

impl serde::Serialize for EvalDocument<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let ev = self.ev;
        let mut m = s.serialize_map(Some(8))?;
        m.serialize_entry("period", ev.period.name())?;
        m.serialize_entry("results", &Rows(ev))?;
        m.serialize_entry("targets", &Targets(ev))?;
        m.serialize_entry(
            "diagnostics",
            &Seq(self
                .diags
                .items
                .iter()
                .map(|d| diagnostic_json(d, self.sources))),
        )?;
        m.serialize_entry("errors", &self.diags.errors())?;
        m.serialize_entry("warnings", &self.diags.warnings())?;
        m.serialize_entry("skipped_rows", &ev.skipped_rows)?;
        // how recent each source's data is: its latest row's day
        m.serialize_entry(
            "freshness",
            &Seq(ev.freshness.iter().map(|f| {
                serde_json::json!({
                    "source": f.source,
                    "last": f.last.map(|d| d.format("%Y-%m-%d").to_string()),
                })
            })),
        )?;
        m.end()
    }
}

/// A sequence serialized from an iterator, once.
struct Seq<I>(I);

impl<I: Iterator<Item = T> + Clone, T: serde::Serialize> serde::Serialize for Seq<I> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.clone())
    }
}

/// The dimension values of a row, by `--by` column.
struct Dims<'a>(&'a [String], &'a [String]);

impl serde::Serialize for Dims<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().zip(self.1))
    }
}

struct Rows<'a>(&'a Evaluation);

impl serde::Serialize for Rows<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let ev = self.0;
        struct Row<'a>(&'a Evaluation, crate::eval::Row<'a>);
        struct Values<'a>(&'a [String], &'a [Option<rust_decimal::Decimal>]);
        impl serde::Serialize for Values<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_map(self.0.iter().zip(self.1.iter().map(|v| opt_number(*v))))
            }
        }
        impl serde::Serialize for Row<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let (ev, r) = (self.0, &self.1);
                let mut m = s.serialize_map(Some(3))?;
                m.serialize_entry("period", &r.key.label())?;
                m.serialize_entry("dimensions", &Dims(&ev.by, r.dims))?;
                m.serialize_entry("values", &Values(&ev.slots, r.values))?;
                m.end()
            }
        }
        use serde::ser::{Error, SerializeSeq};
        let mut seq = s.serialize_seq(Some(ev.row_count()))?;
        let mut rows = ev.rows().map_err(S::Error::custom)?;
        while let Some(r) = rows.next().map_err(S::Error::custom)? {
            seq.serialize_element(&Row(ev, r))?;
        }
        seq.end()
    }
}

struct Targets<'a>(&'a Evaluation);

impl serde::Serialize for Targets<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let ev = self.0;
        struct Target<'a>(&'a Evaluation, &'a crate::eval::TargetResult);
        impl serde::Serialize for Target<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let (ev, t) = (self.0, self.1);
                let mut m = s.serialize_map(Some(9))?;
                m.serialize_entry("objective", &t.objective)?;
                m.serialize_entry("target", &t.target)?;
                m.serialize_entry("metric", &t.metric)?;
                m.serialize_entry("period", &t.period)?;
                m.serialize_entry("dimensions", &Dims(&ev.by, &t.dims))?;
                m.serialize_entry("value", &opt_number(t.value))?;
                m.serialize_entry("status", t.status.as_str())?;
                m.serialize_entry("action", &t.action)?;
                m.serialize_entry("projection", &opt_number(t.projection))?;
                m.end()
            }
        }
        s.collect_seq(ev.targets.iter().map(|t| Target(ev, t)))
    }
}

/// The `eval --format json` document as a value.
pub fn eval_json(ev: &Evaluation, diags: &Diagnostics, sources: &Sources) -> Value {
    serde_json::to_value(EvalDocument { ev, diags, sources }).unwrap_or(Value::Null)
}

/// Writes the `eval --format json` document, pretty-printed, as it is
/// serialized: the result rows are never held as JSON values.
pub fn write_eval_json(
    w: impl std::io::Write,
    ev: &Evaluation,
    diags: &Diagnostics,
    sources: &Sources,
) -> std::io::Result<()> {
    serde_json::to_writer_pretty(w, &EvalDocument { ev, diags, sources })
        .map_err(std::io::Error::other)
}
