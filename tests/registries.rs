//! The registries are the single source of truth for their vocabularies;
//! these tests fail when the README (or another description) disagrees.

mod common;

use boussole::diagnostic::Code;
use std::collections::BTreeMap;

/// The rows of the README table that follows `heading`: first cell → the rest.
fn readme_table(heading: &str) -> Vec<(String, Vec<String>)> {
    let text = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let at = text
        .find(heading)
        .unwrap_or_else(|| panic!("README has no `{heading}`"));
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
fn the_readme_lists_every_diagnostic_code_with_its_severity() {
    let mut documented: BTreeMap<String, String> = BTreeMap::new();
    for (codes, rest) in readme_table("## Diagnostics") {
        for c in backticked(&codes) {
            documented.insert(c, rest[0].clone());
        }
    }
    for &code in Code::ALL {
        let severity = documented
            .remove(code.name())
            .unwrap_or_else(|| panic!("README's diagnostics table lacks `{}`", code.name()));
        assert!(
            severity.contains(code.severity().as_str()),
            "README gives `{}` as `{severity}`, the registry as {}",
            code.name(),
            code.severity().as_str()
        );
    }
    assert!(
        documented.is_empty(),
        "README documents codes the registry does not have: {:?}",
        documented.keys()
    );
}
