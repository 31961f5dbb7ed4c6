//! The registries are the single source of truth for their vocabularies;
//! these tests fail when the book (`docs/src`) disagrees.

mod common;

use boussole::diagnostic::Code;
use std::collections::BTreeMap;

/// The rows of the first table after `heading` in the book's `page`:
/// first cell → the rest.
fn book_table(page: &str, heading: &str) -> Vec<(String, Vec<String>)> {
    let text = std::fs::read_to_string(common::root().join("docs/src").join(page)).unwrap();
    let at = text
        .find(heading)
        .unwrap_or_else(|| panic!("{page} has no `{heading}`"));
    text[at..]
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2) // header and separator
        .map(|l| {
            let cells: Vec<String> = l
                .trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_string())
                .collect();
            (cells[0].clone(), cells[1..].to_vec())
        })
        .collect()
}

/// `a`, `b` → [a, b]
fn backticked(cell: &str) -> Vec<String> {
    cell.split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, s)| s.to_string())
        .collect()
}

#[test]
fn the_book_lists_every_diagnostic_code_with_its_severity() {
    let text = std::fs::read_to_string(common::root().join("docs/src/codes/index.md")).unwrap();
    let mut documented: BTreeMap<String, String> = BTreeMap::new();
    for line in text.lines().filter(|l| l.starts_with("| [`")) {
        let cells: Vec<&str> = line.trim_matches('|').split(" | ").collect();
        let name = backticked(cells[0]).concat();
        assert!(
            documented
                .insert(name.clone(), cells[1].trim().to_string())
                .is_none(),
            "`{name}` twice in codes/index.md"
        );
    }
    for &code in Code::ALL {
        let severity = documented
            .remove(code.name())
            .unwrap_or_else(|| panic!("codes/index.md lacks `{}`", code.name()));
        assert_eq!(
            severity,
            code.severity().as_str(),
            "codes/index.md gives `{}` as `{severity}`, the registry as {}",
            code.name(),
            code.severity().as_str()
        );
    }
    assert!(
        documented.is_empty(),
        "codes/index.md lists codes the registry does not have: {:?}",
        documented.keys()
    );
}

/// The spec reference lists each section's keys, exactly the loader's.
#[test]
fn the_spec_reference_lists_every_key_of_every_section() {
    use boussole::spec::keys::{
        DateKey, InputKey, Key, MetricKey, ObjectiveKey, SourceKey, TargetKey, TopKey,
    };
    fn check<K: Key>(heading: &str) {
        let documented: Vec<String> = book_table("reference/spec.md", heading)
            .into_iter()
            .map(|(key, _)| backticked(&key).concat())
            .collect();
        let registry: Vec<String> = K::NAMES.iter().map(|n| n.to_string()).collect();
        assert_eq!(
            documented, registry,
            "{heading}: the book, then the registry"
        );
    }
    check::<TopKey>("### A spec file");
    check::<InputKey>("### An input");
    check::<SourceKey>("### A source\n");
    check::<DateKey>("### A source's date");
    check::<MetricKey>("### A metric");
    check::<ObjectiveKey>("### An objective");
    check::<TargetKey>("### A target");
}

/// The checker and the report give a call the same unit: both read the
/// function registry (`min(2, orders)` was `count` for one, `number` for
/// the other).
#[test]
fn a_call_has_one_unit_for_the_checker_and_the_report() {
    use boussole::diagnostic::Diagnostics;
    use boussole::source::Sources;
    use boussole::vocab::Unit;
    let spec = r#"
inputs:
  orders: count
  spend: money(EUR)
metrics:
  - floor_orders = min(2, orders)
  - spend_growth = growth(spend, 12)
  - last_spend = previous(spend, 3)
objectives:
  o:
    description: Keep at least two orders a month
    period: monthly
    deadline: 2026-12-31
    targets:
      - min(2, orders) >= 1
      - growth(spend, 12) <= 10%
      - previous(spend, 3) <= 100 EUR
      - max(orders, 1) >= 1
"#;
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let model = boussole::check_bytes("t.kpi.yaml", spec.as_bytes(), &mut sources, &mut diags);
    assert!(!diags.has_errors(), "{:?}", diags.items);
    let metric = |n: &str| model.unit_of(n).unwrap();
    assert_eq!(metric("floor_orders"), Unit::Count);
    assert_eq!(metric("spend_growth"), Unit::Ratio);
    assert_eq!(metric("last_spend"), Unit::Money("EUR".into()));
    let targets: Vec<Option<Unit>> = model.spec.objectives[0]
        .targets
        .iter()
        .map(|t| boussole::check::target_unit(&model, t))
        .collect();
    assert_eq!(
        targets,
        [
            Some(Unit::Count),
            Some(Unit::Ratio),
            Some(Unit::Money("EUR".into())),
            Some(Unit::Count)
        ]
    );
}

#[test]
fn the_book_lists_every_function() {
    use boussole::vocab::Function;
    let mut documented: Vec<String> = book_table("expressions.md", "| function | meaning | unit |")
        .into_iter()
        .flat_map(|(names, _)| backticked(&names))
        .filter_map(|call| call.split('(').next().map(str::to_string))
        .collect();
    documented.sort();
    documented.dedup();
    let mut registry: Vec<String> = Function::ALL.iter().map(|(n, _)| n.to_string()).collect();
    registry.sort();
    assert_eq!(documented, registry);
}

#[test]
fn the_book_lists_every_row_function_with_its_usage_and_summary() {
    use boussole::vocab::RowFunction;
    let documented: Vec<(String, String)> =
        book_table("reference/row-level.md", "| row function | meaning |")
            .into_iter()
            .map(|(usage, rest)| (backticked(&usage).concat(), rest[0].clone()))
            .collect();
    let registry: Vec<(String, String)> = RowFunction::ALL
        .iter()
        .map(|(_, f)| (f.usage().to_string(), f.summary().to_string()))
        .collect();
    assert_eq!(documented, registry);
}
