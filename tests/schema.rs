//! `boussole schema`: a JSON Schema (draft 7) of the spec format. Every
//! shipped spec, example and clean fixture validates against it; specs with
//! an unknown key, a bad unit, aggregate or period do not.

use boussole::source::Sources;
use boussole::syntax::yaml::{Node, NodeKind};
use serde_json::Value;

mod common;
use common::run;

/// A YAML node as JSON, plain scalars typed as the YAML core schema does
/// (what the YAML language server validates).
fn to_json(n: &Node) -> Value {
    match &n.kind {
        NodeKind::Scalar(s) if s.is_plain() => match s.value.as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "" | "~" | "null" => Value::Null,
            v => v
                .parse::<serde_json::Number>()
                .map(Value::Number)
                .unwrap_or_else(|_| Value::String(v.to_string())),
        },
        NodeKind::Scalar(s) => Value::String(s.value.clone()),
        NodeKind::Seq(items) => Value::Array(items.iter().map(to_json).collect()),
        NodeKind::Map(pairs) => Value::Object(
            pairs
                .iter()
                .map(|(k, v)| {
                    let key = k.as_scalar().map(|s| s.value.clone()).unwrap_or_default();
                    (key, to_json(v))
                })
                .collect(),
        ),
    }
}

fn spec_json(path: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let mut sources = Sources::default();
    let file = sources.add(path.to_path_buf(), text);
    let root = boussole::syntax::yaml::parse(file, sources.get(file)).unwrap();
    root.as_ref().map(to_json).unwrap_or(Value::Null)
}

fn validator() -> jsonschema::Validator {
    let r = run(&["schema"]);
    assert_eq!(r.code, 0);
    let schema: Value = serde_json::from_str(&r.stdout).expect("the schema is JSON");
    jsonschema::draft7::new(&schema).expect("a valid draft-07 schema")
}

#[test]
fn shipped_specs_validate() {
    let v = validator();
    let mut checked = 0;
    for dir in [
        "specs",
        "examples/ecommerce",
        "tests/fixtures/sql/objectives",
        "tests/fixtures/sql/functions",
    ] {
        for entry in std::fs::read_dir(common::root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.to_string_lossy().ends_with(".kpi.yaml") {
                let doc = spec_json(&path);
                let errors: Vec<String> = v
                    .iter_errors(&doc)
                    .map(|e| format!("{e} at {}", e.instance_path()))
                    .collect();
                assert!(errors.is_empty(), "{}: {errors:?}", path.display());
                checked += 1;
            }
        }
    }
    assert!(checked >= 4);
}

#[test]
fn wrong_specs_do_not_validate() {
    let v = validator();
    for (name, text) in [
        (
            "unknown key",
            "inputs:\n  a: { unit: count, colour: red }\n",
        ),
        ("bad unit", "inputs:\n  a: money(euro)\n"),
        (
            "bad aggregate",
            "inputs:\n  a: { unit: count, aggregate: median }\n",
        ),
        ("bad period", "objectives:\n  o:\n    period: hourly\n"),
        (
            "metric without =",
            "metrics:\n  - ctr clicks / impressions\n",
        ),
        ("top-level typo", "metric:\n  - a = b\n"),
        ("bad date", "objectives:\n  o:\n    deadline: 31/12/2026\n"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.kpi.yaml");
        std::fs::write(&path, text).unwrap();
        assert!(!v.is_valid(&spec_json(&path)), "{name} validates");
        // and check reports it too
        let r = run(&["check", path.to_str().unwrap()]);
        assert_eq!(r.code, 1, "{name}: {}", r.stderr);
    }
}
