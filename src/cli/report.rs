//! `boussole report`: the KPI review as one self-contained HTML page or as
//! Markdown (a pull-request comment, `$GITHUB_STEP_SUMMARY`).

use super::error::{CliError, Outcome};
use super::eval::{read, Reading, Run};
use super::output::{outcome, print_diags, write_stdout};
use boussole::render::report::{self, Provenance, Report};
use boussole::vocab::Period;
use clap::ValueEnum;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// Spec files or directories.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    reading: Reading,
    /// Where to write the report (default: stdout).
    #[arg(long, short, value_name = "FILE")]
    out: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "html")]
    format: ReportFormat,
    /// Exit 1 when there are warnings.
    #[arg(long)]
    deny_warnings: bool,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ReportFormat {
    /// One self-contained page: no script, no request, a print stylesheet.
    Html,
    /// GitHub-flavoured Markdown tables, for a pull-request comment or
    /// `$GITHUB_STEP_SUMMARY`.
    Markdown,
}

pub fn run(a: Args) -> Result<Outcome, CliError> {
    // the report's own rows are each objective's; the period of eval's rows
    // does not show
    let Run {
        sources,
        diags,
        plan,
        ev,
    } = read(&a.paths, &a.reading, Period::Monthly, &[])?;
    if let Some(ev) = &ev {
        let provenance = Provenance {
            files: sources
                .files
                .iter()
                .map(|f| f.path.display().to_string())
                .collect(),
            revision: revision(
                &sources
                    .files
                    .iter()
                    .map(|f| f.path.as_path())
                    .collect::<Vec<_>>(),
            ),
            version: env!("BOUSSOLE_VERSION").to_string(),
        };
        let voice = super::voice(plan.locale);
        let r = Report::build(&plan, ev, &diags, &sources, provenance, voice);
        let text = match a.format {
            ReportFormat::Html => report::html::html(&r),
            ReportFormat::Markdown => report::markdown::markdown(&r),
        };
        match &a.out {
            Some(path) => std::fs::write(path, text.as_bytes()).map_err(|e| {
                CliError::io_doing(
                    boussole::msg!("cli-cannot-write", path = path.display().to_string()),
                    e,
                )
            })?,
            None => write_stdout(text.as_bytes())?,
        }
    }
    print_diags(&diags, &sources);
    Ok(outcome(&diags, a.deny_warnings))
}

/// The git commit the spec files are at (`a1b2c3d4e5f6`, with `+ changes`
/// when one differs from it), or None outside a git work tree or without git.
fn revision(files: &[&Path]) -> Option<String> {
    let first = files.first()?;
    let dir = first
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let git = |args: &[&str]| -> Option<String> {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(dir)
            // a repository's own settings run nothing here
            .args(["-c", "core.fsmonitor=false"])
            .args(args)
            .stdin(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
    };
    let commit = git(&["rev-parse", "--short=12", "HEAD"])?;
    let mut status = vec!["status", "--porcelain", "--"];
    let names: Vec<String> = files
        .iter()
        .filter_map(|f| std::fs::canonicalize(f).ok())
        .map(|f| f.display().to_string())
        .collect();
    status.extend(names.iter().map(String::as_str));
    let changed = git(&status).is_none_or(|s| !s.is_empty());
    Some(if changed {
        format!("{commit} + changes")
    } else {
        commit
    })
}
