//! Replays, in the normal test suite, every input of the fuzz targets' seed
//! corpora (`fuzz/corpus/`) and every input a fuzzer ever found a problem with
//! (`tests/fuzz-regressions/`), through the same functions the fuzz targets
//! call (`boussole::fuzz`). See "Reliability" in the README for the fuzzing.

use std::path::Path;

mod common;

fn inputs(target: &str) -> Vec<std::path::PathBuf> {
    let root = common::root();
    let mut files = Vec::new();
    for dir in [
        root.join("fuzz/corpus").join(target),
        root.join("tests/fuzz-regressions").join(target),
    ] {
        if let Ok(entries) = std::fs::read_dir(&dir) {
            files.extend(entries.flatten().map(|e| e.path()).filter(|p| p.is_file()));
        }
    }
    files.sort();
    assert!(!files.is_empty(), "no input for {target}");
    files
}

fn replay(target: &str, run: impl Fn(&[u8])) -> usize {
    let files = inputs(target);
    for f in &files {
        let data = std::fs::read(f).expect("readable input");
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(&data)));
        assert!(result.is_ok(), "{target}: {} panics", f.display());
    }
    files.len()
}

#[test]
fn dsl_inputs() {
    assert!(replay("dsl", boussole::fuzz::dsl) >= 10);
}

#[test]
fn spec_inputs() {
    assert!(replay("spec", boussole::fuzz::spec) >= 10);
}

#[test]
fn csv_inputs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path: &Path = dir.path();
    assert!(replay("csv", |d| boussole::fuzz::csv(d, path)) >= 5);
}

#[test]
fn source_inputs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path: &Path = dir.path();
    assert!(replay("source", |d| boussole::fuzz::source(d, path)) >= 5);
}

#[test]
fn workbook_inputs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path: &Path = dir.path();
    assert!(replay("workbook", |d| boussole::fuzz::workbook(d, path)) >= 5);
}

#[test]
fn parquet_inputs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path: &Path = dir.path();
    assert!(replay("parquet", |d| boussole::fuzz::parquet(d, path)) >= 5);
}

#[test]
fn jsonl_inputs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path: &Path = dir.path();
    assert!(replay("jsonl", |d| boussole::fuzz::jsonl(d, path)) >= 5);
}

#[test]
fn glob_inputs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path: &Path = dir.path();
    assert!(replay("glob", |d| boussole::fuzz::glob(d, path)) >= 5);
}

#[test]
fn engine_rows_inputs() {
    assert!(replay("engine_rows", boussole::fuzz::engine_rows) >= 5);
}
