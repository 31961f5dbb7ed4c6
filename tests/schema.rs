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

/// The schema says what the loader reads: the same keys in every section
/// (from the key registry, `src/spec/keys.rs`) and the same names of
/// aggregates, periods and directions (from `src/vocab`).
#[test]
fn the_schema_agrees_with_the_key_registry() {
    use boussole::spec::keys::{
        DateKey, InputKey, Key, MetricKey, ObjectiveKey, SourceKey, TargetKey, TopKey,
    };
    use boussole::vocab::{Aggregate, Better, Period};
    let schema: Value = serde_json::from_str(boussole::SCHEMA).unwrap();
    let at = |pointer: &str| -> &Value {
        schema
            .pointer(pointer)
            .unwrap_or_else(|| panic!("the schema has nothing at {pointer}"))
    };
    let keys = |pointer: &str| -> Vec<String> {
        let object = at(pointer);
        assert_eq!(
            object.get("additionalProperties"),
            Some(&Value::Bool(false)),
            "{pointer}: unknown keys must not validate"
        );
        let mut k: Vec<String> = object["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        k.sort();
        k
    };
    fn names<K: Key>() -> Vec<String> {
        let mut n: Vec<String> = K::NAMES.iter().map(|s| s.to_string()).collect();
        n.sort();
        n
    }
    assert_eq!(keys(""), names::<TopKey>(), "{}", TopKey::SECTION);
    assert_eq!(
        keys("/properties/inputs/additionalProperties/oneOf/1"),
        names::<InputKey>(),
        "{}",
        InputKey::SECTION
    );
    assert_eq!(
        keys("/properties/sources/additionalProperties"),
        names::<SourceKey>(),
        "{}",
        SourceKey::SECTION
    );
    assert_eq!(
        keys("/properties/sources/additionalProperties/properties/date/oneOf/2"),
        names::<DateKey>(),
        "{}",
        DateKey::SECTION
    );
    assert_eq!(
        keys("/properties/metrics/items/oneOf/1"),
        names::<MetricKey>(),
        "{}",
        MetricKey::SECTION
    );
    assert_eq!(
        keys("/properties/objectives/additionalProperties"),
        names::<ObjectiveKey>(),
        "{}",
        ObjectiveKey::SECTION
    );
    assert_eq!(
        keys("/properties/objectives/additionalProperties/properties/targets/items/oneOf/1"),
        names::<TargetKey>(),
        "{}",
        TargetKey::SECTION
    );
    let enumeration = |pointer: &str| -> Vec<String> {
        at(pointer)["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    };
    let aggregates: Vec<String> = Aggregate::ALL.iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(
        enumeration("/properties/inputs/additionalProperties/oneOf/1/properties/aggregate"),
        aggregates
    );
    let periods: Vec<String> = Period::NAMES.iter().map(|n| n.to_string()).collect();
    assert_eq!(
        enumeration("/properties/objectives/additionalProperties/properties/period"),
        periods
    );
    use boussole::vocab::{DecimalMark, FileKind, TextEncoding, Thousands};
    let source = "/properties/sources/additionalProperties/properties";
    let named = |all: &[&str]| all.iter().map(|n| n.to_string()).collect::<Vec<_>>();
    assert_eq!(
        enumeration(&format!("{source}/format")),
        named(&FileKind::ALL.map(|(n, _)| n))
    );
    assert_eq!(
        enumeration(&format!("{source}/encoding")),
        named(&TextEncoding::ALL.map(|(n, _)| n))
    );
    assert_eq!(
        enumeration(&format!("{source}/decimal")),
        named(&DecimalMark::ALL.map(|(n, _)| n))
    );
    assert_eq!(
        enumeration(&format!("{source}/thousands")),
        named(&Thousands::ALL.map(|(n, _)| n))
    );
    let better: Vec<String> = Better::ALL.iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(enumeration("/definitions/better"), better);
}
