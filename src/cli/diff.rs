//! `boussole diff OLD NEW`: the semantic diff of two versions of the specs.

use super::error::{CliError, Outcome};
use super::fs::scratch_dir;
use super::git::{checkout, git};
use super::output::{out, print_diags, print_json};
use super::{or_here, parse_period};
use boussole::check::Model;
use boussole::diagnostic::Diagnostics;
use boussole::project::{regular_file, Project};
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
    let result = load(&a.old, "old", &paths, scratch.path())
        .and_then(|old| Ok((old, load(&a.new, "new", &paths, scratch.path())?)));
    drop(scratch);
    let (old, new) = result?;
    let entries = diff::diff(&old, &new);
    let mut data_diags = Diagnostics::default();
    let effects = match &a.data {
        Some(d) => {
            regular_file(d).map_err(|r| CliError::Io(super::voice(None).text(&r.msg())))?;
            diff::effects(
                &old,
                &new,
                &entries,
                d,
                a.period,
                LAST_PERIODS,
                &mut data_diags,
            )
            .map_err(CliError::Io)?
        }
        None => Vec::new(),
    };
    // the data's errors leave the effects without values: they are said
    // (a spec with `sources:` reads a plain CSV here: `date`, then columns)
    data_diags
        .items
        .retain(|d| d.severity == boussole::diagnostic::Severity::Error);
    data_diags.sort();
    print_diags(&data_diags, &Sources::default());
    match a.format {
        DiffFormat::Markdown => out!(
            "{}{}",
            diff::markdown(&entries, &a.old, &a.new, super::voice(None)),
            diff::effects_markdown(&effects, super::voice(None))
        ),
        DiffFormat::Json => print_json(&diff::json(&a.old, &a.new, &entries, &effects))?,
    }
    Ok(Outcome::from(data_diags.has_errors()))
}

/// One version's model: a directory as it is, or a git revision extracted
/// into `scratch/slot` (the work tree is left alone).
fn load(version: &str, slot: &str, paths: &[PathBuf], scratch: &Path) -> Result<Model, CliError> {
    let (roots, project) = if Path::new(version).is_dir() {
        let roots = vec![PathBuf::from(version)];
        let project = Project::of(&roots);
        (roots, project)
    } else {
        // the extracted revision is its own project: a link in it that
        // leads out of it is refused like one in the work tree
        let dir = scratch.join(slot);
        checkout(version, &dir)?;
        let prefix = git(&["rev-parse", "--show-prefix"])?;
        let roots = paths
            .iter()
            .map(|p| dir.join(prefix.trim()).join(p))
            .collect();
        let tree = std::fs::canonicalize(&dir).map_err(|e| CliError::io(dir.display(), e))?;
        (roots, Project::within(None, Some(tree), &[]))
    };
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let model = boussole::check_project(&roots, &project, &mut sources, &mut diags)
        .map_err(|e| CliError::io(version, e.text(super::lang())))?;
    // what was not read is named, whatever else the version's problems are
    let mut refused = Diagnostics::default();
    for d in &diags.items {
        if d.code.is_refusal() {
            refused.push(d.clone());
        }
    }
    print_diags(&refused, &sources);
    if diags.has_errors() {
        eprintln!(
            "{}",
            super::voice(None).text(&boussole::msg!(
                "diff-version-errors",
                version = version,
                errors = diags.errors()
            ))
        );
    }
    Ok(model)
}
