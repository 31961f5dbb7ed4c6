//! `boussole fmt [--check]`: spec files in the canonical layout.

use super::error::{CliError, Outcome};
use super::fs::write_atomically;
use super::or_here;
use super::output::{out, print_diags};
use boussole::diagnostic::Diagnostics;
use boussole::project::{read_limited, Project};
use boussole::source::Sources;
use boussole::spec::{
    add_source, discover_matching, read_spec_file, MAX_FILE_SIZE, SPEC_SUFFIXES, TEST_SUFFIXES,
};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// Spec files or directories (default: the current directory); `-`
    /// reads a spec on stdin and writes it formatted to stdout.
    paths: Vec<PathBuf>,
    /// Change nothing: print a diff of each file not formatted, and exit 1
    /// if there is one.
    #[arg(long)]
    check: bool,
}

/// Each spec file formatted in place, or with `--check` a diff of those that
/// are not. Files with errors are left as they are.
pub fn run(a: Args) -> Result<Outcome, CliError> {
    let paths = or_here(a.paths);
    let check = a.check;
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let stdin = paths.len() == 1 && paths[0] == Path::new("-");
    let project = Project::of(&paths);
    let files = if stdin {
        vec![PathBuf::from("<stdin>")]
    } else {
        spec_files(&project, &paths, &mut diags)?
    };
    let (mut changed, mut unchanged) = (0usize, 0usize);
    for path in files {
        // a file outside the project (through a link) is neither read nor
        // rewritten
        let original = if stdin {
            read_stdin()?
        } else {
            match read_spec_file(&project, &path)? {
                Ok(bytes) => bytes,
                Err(refused) => {
                    diags.push(refused);
                    continue;
                }
            }
        };
        let Some(formatted) = format(&path, &original, &mut sources, &mut diags) else {
            continue;
        };
        if stdin && !check {
            out!("{formatted}");
            continue;
        }
        if original == formatted.as_bytes() {
            unchanged += 1;
            continue;
        }
        changed += 1;
        if check {
            let old = String::from_utf8_lossy(&original);
            let shown = path.display().to_string();
            out!(
                "{}",
                similar::TextDiff::from_lines(old.as_ref(), formatted.as_str())
                    .unified_diff()
                    .context_radius(3)
                    .header(&shown, &format!("{shown} (formatted)"))
            );
        } else {
            write_atomically(&path, formatted.as_bytes())
                .map_err(|e| CliError::io(path.display(), e))?;
            eprintln!(
                "{}",
                super::voice(None).text(&boussole::msg!(
                    "fmt-formatted",
                    path = path.display().to_string()
                ))
            );
        }
    }
    diags.sort();
    print_diags(&diags, &sources);
    if check && changed > 0 {
        eprintln!(
            "{}",
            super::voice(None).text(&boussole::msg!(
                "fmt-check-summary",
                changed = changed,
                unchanged = unchanged
            ))
        );
    }
    Ok(Outcome::from(diags.has_errors() || (check && changed > 0)))
}

/// The spec files under `paths`; a spec test file named directly is refused.
fn spec_files(
    project: &Project,
    paths: &[PathBuf],
    diags: &mut Diagnostics,
) -> Result<Vec<PathBuf>, CliError> {
    for p in paths {
        let name = p.to_string_lossy();
        if p.is_file() && TEST_SUFFIXES.iter().any(|s| name.ends_with(s)) {
            return Err(super::usage(boussole::msg!(
                "cli-fmt-test-file",
                path = name.to_string()
            )));
        }
    }
    let before = diags.items.len();
    let files = discover_matching(project, paths, SPEC_SUFFIXES, |_| true, diags)?;
    // nothing found but what was refused: the refusals say it
    if files.is_empty() && diags.items.len() == before {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(super::usage(boussole::msg!(
            "cli-no-spec-file",
            paths = shown.join(", ")
        )));
    }
    Ok(files)
}

/// A spec on stdin, held to the spec size limit.
fn read_stdin() -> Result<Vec<u8>, CliError> {
    read_limited(std::io::stdin().lock(), MAX_FILE_SIZE)
        .map_err(|e| CliError::io("<stdin>", e))?
        .ok_or_else(|| super::usage(boussole::msg!("cli-stdin-too-large", max = MAX_FILE_SIZE)))
}

/// The formatted text of one file (its byte-order mark kept), or None after
/// a diagnostic.
fn format(
    path: &Path,
    original: &[u8],
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Option<String> {
    let (file, utf8) = add_source(path.to_path_buf(), original.to_vec(), sources);
    let formatted = match utf8 {
        Ok(()) => boussole::tools::fmt::format(file, sources.get(file)),
        Err(d) => Err(d),
    };
    match formatted {
        Ok(f) if original.starts_with("\u{feff}".as_bytes()) => Some(format!("\u{feff}{f}")),
        Ok(f) => Some(f),
        Err(d) => {
            diags.push(d);
            None
        }
    }
}
