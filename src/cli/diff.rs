//! `boussole diff OLD NEW`: the semantic diff of two versions of the specs.

use super::error::{CliError, Outcome};
use super::fs::scratch_dir;
use super::git::{checkout, git};
use super::output::{out, print_json};
use super::{or_here, parse_period};
use boussole::check::Model;
use boussole::diagnostic::Diagnostics;
use boussole::source::Sources;
use boussole::tools::diff;
use boussole::vocab::Period;
use clap::ValueEnum;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// The old version: a git revision, or a directory.
    old: String,
    /// The new version: a git revision, or a directory.
    new: String,
    /// Spec paths inside each revision (default: the current directory).
    paths: Vec<PathBuf>,
    /// `markdown` (for a pull-request comment) or `json`.
    #[arg(long, value_enum, default_value = "markdown")]
    format: DiffFormat,
    /// A CSV: show how each changed definition moves the last periods' values.
    #[arg(long)]
    data: Option<PathBuf>,
    /// The periods of `--data` (daily … yearly).
    #[arg(long, default_value = "monthly", value_parser = parse_period)]
    period: Period,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum DiffFormat {
    Markdown,
    Json,
}

/// Periods of `--data` shown per changed metric.
const LAST_PERIODS: usize = 3;

pub fn run(a: Args) -> Result<Outcome, CliError> {
    let paths = or_here(a.paths);
    let scratch = scratch_dir()?;
    let result = load(&a.old, "old", &paths, &scratch)
        .and_then(|old| Ok((old, load(&a.new, "new", &paths, &scratch)?)));
    let _ = std::fs::remove_dir_all(&scratch);
    let (old, new) = result?;
    let entries = diff::diff(&old, &new);
    let effects = match &a.data {
        Some(d) => {
            diff::effects(&old, &new, &entries, d, a.period, LAST_PERIODS).map_err(CliError::Io)?
        }
        None => Vec::new(),
    };
    match a.format {
        DiffFormat::Markdown => out!(
            "{}{}",
            diff::markdown(&entries, &a.old, &a.new),
            diff::effects_markdown(&effects)
        ),
        DiffFormat::Json => print_json(&diff::json(&a.old, &a.new, &entries, &effects))?,
    }
    Ok(Outcome::Clean)
}

/// One version's model: a directory as it is, or a git revision extracted
/// into `scratch/slot` (the work tree is left alone).
fn load(version: &str, slot: &str, paths: &[PathBuf], scratch: &Path) -> Result<Model, CliError> {
    let roots: Vec<PathBuf> = if Path::new(version).is_dir() {
        vec![PathBuf::from(version)]
    } else {
        let dir = scratch.join(slot);
        checkout(version, &dir)?;
        let prefix = git(&["rev-parse", "--show-prefix"])?;
        paths
            .iter()
            .map(|p| dir.join(prefix.trim()).join(p))
            .collect()
    };
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let model = boussole::check_paths(&roots, &mut sources, &mut diags)
        .map_err(|e| CliError::Load(boussole::spec::LoadError(format!("{version}: {}", e.0))))?;
    if diags.has_errors() {
        eprintln!(
            "warning: {version} has {} error(s) (boussole check); compared as far as it loads",
            diags.errors()
        );
    }
    Ok(model)
}
