//! `boussole test`: the spec tests (`*.kpi-test.yaml`).

use super::error::{CliError, Outcome};
use super::fs::scratch_dir;
use super::or_here;
use super::output::{out, outln, print_diags};
use boussole::diagnostic::Diagnostics;
use boussole::project::Project;
use boussole::render::{self, Emitter};
use boussole::source::Sources;
use boussole::spec::{discover_matching, read_spec_file, SPEC_SUFFIXES, TEST_SUFFIXES};
use boussole::tools::spectest;
use clap::ValueEnum;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// Directories or files with specs and tests (default: the current directory).
    paths: Vec<PathBuf>,
    /// `human`, `junit` (JUnit XML on stdout, for CI test reports),
    /// `github` (annotations) or `sarif` (code scanning).
    #[arg(long, value_enum, default_value = "human")]
    format: TestFormat,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum TestFormat {
    Human,
    Junit,
    /// GitHub Actions workflow commands: one annotation per failure.
    Github,
    /// SARIF 2.1.0: one result per failure.
    Sarif,
}

fn ends(p: &Path, suffixes: &[&str]) -> bool {
    let name = p.to_string_lossy();
    suffixes.iter().any(|s| name.ends_with(s))
}

/// The specs under the paths, then every test file's tests.
pub fn run(a: Args) -> Result<Outcome, CliError> {
    let paths = or_here(a.paths);
    let format = a.format;
    let spec_paths: Vec<PathBuf> = paths
        .iter()
        .filter(|p| p.is_dir() || ends(p, SPEC_SUFFIXES))
        .cloned()
        .collect();
    let project = Project::of(&paths);
    let mut failures = Diagnostics::default();
    let test_files = discover_matching(
        &project,
        &paths,
        TEST_SUFFIXES,
        |p| ends(p, TEST_SUFFIXES),
        &mut failures,
    )?;
    if test_files.is_empty() && failures.items.is_empty() {
        return Err(super::usage(boussole::msg!("cli-no-test-file")));
    }
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let model = boussole::check_project(&spec_paths, &project, &mut sources, &mut diags)?;
    if diags.has_errors() {
        diags.items.append(&mut failures.items);
        diags.sort();
        test_diags(&diags, &sources, format)?;
        eprintln!("{}", super::voice(None).get("test-specs-have-errors"));
        return Ok(Outcome::Problems);
    }
    let scratch = scratch_dir()?;
    let (mut passed, mut failed) = (0, 0);
    let mut outcomes = Vec::new();
    for f in test_files {
        let bytes = match read_spec_file(&project, &f)? {
            Ok(bytes) => bytes,
            Err(refused) => {
                failures.push(refused);
                continue;
            }
        };
        let mut load_diags = Diagnostics::default();
        let tests = spectest::load_tests(f.clone(), bytes, &mut sources, &mut load_diags);
        for d in load_diags.items {
            failures.push(d);
        }
        for t in &tests {
            let o = spectest::run(&model, t, &f, scratch.path(), &mut diags);
            if format == TestFormat::Human {
                out!("{}", spectest::summary(&o, super::voice(None)));
            }
            if o.failures.is_empty() {
                passed += 1;
            } else {
                failed += 1;
            }
            for d in &o.failures {
                failures.push(d.clone());
            }
            outcomes.push(o);
        }
    }
    drop(scratch);
    failures.sort();
    failures.localize(super::lang());
    for o in &mut outcomes {
        o.failures
            .iter_mut()
            .for_each(|d| d.localize(super::lang()));
    }
    test_diags(&failures, &sources, format)?;
    let totals = super::voice(None).text(&boussole::msg!(
        "test-totals",
        passed = passed as usize,
        failed = failed as usize
    ));
    match format {
        TestFormat::Human => outln!("\n{totals}"),
        TestFormat::Junit => out!("{}", spectest::junit(&outcomes, &sources)),
        TestFormat::Github | TestFormat::Sarif => eprintln!("{totals}"),
    }
    Ok(Outcome::from(failed > 0 || failures.has_errors()))
}

/// The diagnostics of `boussole test`: annotations or SARIF on stdout in
/// those formats, otherwise human-readable on stderr.
fn test_diags(diags: &Diagnostics, sources: &Sources, format: TestFormat) -> Result<(), CliError> {
    let mut diags = Diagnostics {
        items: diags.items.clone(),
    };
    diags.localize(super::lang());
    let diags = &diags;
    match format {
        TestFormat::Github => out!("{}", render::Github.emit(diags, sources)),
        TestFormat::Sarif => out!("{}", render::Sarif.emit(diags, sources)),
        TestFormat::Human | TestFormat::Junit => print_diags(diags, sources),
    }
    Ok(())
}
