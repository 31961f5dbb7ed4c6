//! No input makes the checker panic: thousands of deterministic mutations of
//! the shipped specs (bytes deleted, inserted, lines duplicated or swapped)
//! must each end in diagnostics or a clean result. This is a cheap,
//! always-on guard; the long fuzzing campaigns are separate.

use boussole::diagnostic::Diagnostics;
use boussole::source::Sources;
use std::fs;

mod common;
use common::rng::Rng;

trait BelowUsize {
    fn below_usize(&mut self, n: usize) -> usize;
}

impl BelowUsize for Rng {
    fn below_usize(&mut self, n: usize) -> usize {
        self.below(n as u64) as usize
    }
}

const PIECES: &[&str] = &[
    ":",
    "-",
    "[",
    "]",
    "{",
    "}",
    "'",
    "\"",
    "|",
    ">",
    "&a",
    "*a",
    "!",
    "%",
    "#",
    "\n",
    " ",
    "\t",
    "(",
    ")",
    "/",
    "*",
    "+",
    "=",
    ">=",
    "EUR",
    "€",
    "é",
    "\\",
    "\\u00",
    "0",
    "99999999999999999999999999999",
    "growth(",
    "previous(x, 0)",
    "\r\n",
    "\u{feff}",
    "---\n",
    "? ",
    ",",
    "metrics:",
    "inputs:",
    "  - x = ",
    "period: ",
    "deadline: 2026-02-30",
];

fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..1 + rng.below_usize(4) {
        let at = rng.below_usize(bytes.len() + 1);
        match rng.below_usize(4) {
            0 => {
                let end = (at + rng.below_usize(40)).min(bytes.len());
                bytes.drain(at..end);
            }
            1 | 2 => {
                let p = PIECES[rng.below_usize(PIECES.len())].as_bytes();
                bytes.splice(at..at, p.iter().copied());
            }
            _ => {
                // duplicate a run of bytes elsewhere (repeated keys, names)
                let end = (at + rng.below_usize(80)).min(bytes.len());
                let chunk: Vec<u8> = bytes[at..end].to_vec();
                let to = rng.below_usize(bytes.len() + 1);
                bytes.splice(to..to, chunk);
            }
        }
    }
    // mutations may cut a UTF-8 sequence: that is a case to handle too
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn mutated_specs_never_panic() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let seeds = [
        fs::read_to_string(root.join("specs/marketing.kpi.yaml")).unwrap(),
        fs::read_to_string(root.join("examples/ecommerce/objectives.kpi.yaml")).unwrap(),
    ];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.kpi.yaml");
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut with_errors = 0;
    for i in 0..3000 {
        let text = mutate(&seeds[i % seeds.len()], &mut rng);
        fs::write(&path, &text).unwrap();
        let mut sources = Sources::default();
        let mut diags = Diagnostics::default();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let r = boussole::check_paths(std::slice::from_ref(&path), &mut sources, &mut diags)
                .map(|_| ());
            // the renderers slice the text by span: they must hold too
            boussole::render::human_diagnostics(
                &diags,
                &sources,
                false,
                boussole::i18n::Voice::of(boussole::i18n::Lang::Fr),
            );
            boussole::render::check_json(&diags, &sources);
            r
        }));
        assert!(result.is_ok(), "panic on mutation {i}:\n{text}");
        if diags.has_errors() {
            with_errors += 1;
            // every error has a position inside the file
            for d in &diags.items {
                let span = d
                    .span()
                    .unwrap_or_else(|| panic!("{} has no position, mutation {i}", d.code));
                let f = sources.get(span.file);
                assert!(
                    span.end as usize <= f.text.len(),
                    "span past the end, mutation {i}"
                );
                assert!(
                    f.text.is_char_boundary(span.start as usize),
                    "span inside a character, mutation {i}"
                );
                assert!(
                    f.text.is_char_boundary(span.end as usize),
                    "span inside a character, mutation {i}"
                );
            }
        }
    }
    // the mutations do break things: the test exercises the error paths
    assert!(
        with_errors > 1000,
        "only {with_errors} mutations produced errors"
    );
}

#[test]
fn mutated_data_never_panics() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let csv: String = fs::read_to_string(root.join("examples/ecommerce/daily.csv"))
        .unwrap()
        .lines()
        .take(120)
        .map(|l| format!("{l}\n"))
        .collect();
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let model = boussole::check_paths(
        &[root.join("specs"), root.join("examples/ecommerce")],
        &mut sources,
        &mut diags,
    )
    .unwrap();
    assert!(!diags.has_errors());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.csv");
    let mut rng = Rng(42);
    let mut data_errors = 0;
    for i in 0..400 {
        let text = mutate(&csv, &mut rng);
        fs::write(&path, &text).unwrap();
        for period in [
            boussole::vocab::Period::Weekly,
            boussole::vocab::Period::Quarterly,
        ] {
            let plan = boussole::plan::plan(&model, period, &["market".to_string()]);
            let mut diags = Diagnostics::default();
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let ev = boussole::eval::eval(&plan, &path, &mut diags).unwrap();
                boussole::render::eval_json(&ev, &diags, &sources);
                let _ = boussole::render::eval_human(
                    &ev,
                    &plan,
                    boussole::i18n::Voice::of(boussole::i18n::Lang::Fr),
                );
                boussole::render::human_diagnostics(
                    &diags,
                    &sources,
                    false,
                    boussole::i18n::Voice::of(boussole::i18n::Lang::Fr),
                );
            }));
            assert!(result.is_ok(), "panic on data mutation {i}:\n{text}");
            data_errors += diags
                .items
                .iter()
                .filter(|d| d.code.name() == "data-error")
                .count()
                .min(1);
        }
    }
    assert!(
        data_errors > 100,
        "only {data_errors} runs met a data error"
    );
}
