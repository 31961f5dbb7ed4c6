//! Finding and reading spec files: discovery under directories, the size
//! limit, and decoding to text.

use super::LoadError;
use crate::diagnostic::{Code, Diagnostic, Diagnostics, Severity};
use crate::project::{Project, Refusal};
use crate::source::{FileId, Sources};
use std::path::{Path, PathBuf};

/// Largest spec file read, in bytes.
pub const MAX_FILE_SIZE: u64 = 16 * 1024 * 1024;

/// Finds every `*.kpi.yaml` under `paths` (files given by name are read
/// whatever their name); links leading out of the project are reported in
/// `diags` and not followed.
pub fn discover(
    project: &Project,
    paths: &[PathBuf],
    diags: &mut Diagnostics,
) -> Result<Vec<PathBuf>, LoadError> {
    discover_matching(project, paths, SPEC_SUFFIXES, |_| true, diags)
}

/// Name endings of spec files.
pub const SPEC_SUFFIXES: &[&str] = &[".kpi.yaml", ".kpi.yml"];
/// Name endings of spec test files (`boussole test`).
pub const TEST_SUFFIXES: &[&str] = &[".kpi-test.yaml", ".kpi-test.yml"];

/// Most directory entries looked at while searching for spec files.
pub const MAX_ENTRIES: usize = 1_000_000;

/// Files under `paths` whose names end with one of `suffixes`; a file named
/// directly is taken when `direct` accepts it. A directory whose real path
/// leaves the project is not searched (a warning); files are checked when
/// read ([`read_spec_file`]).
pub fn discover_matching(
    project: &Project,
    paths: &[PathBuf],
    suffixes: &[&str],
    direct: impl Fn(&Path) -> bool,
    diags: &mut Diagnostics,
) -> Result<Vec<PathBuf>, LoadError> {
    let before = diags.items.len();
    let mut walk = Walk {
        project,
        suffixes,
        out: Vec::new(),
        seen: std::collections::HashSet::new(),
        entries: 0,
        diags,
    };
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| LoadError::io(p, e))?;
        if meta.is_dir() {
            walk.dir(p, 0)?;
        } else if direct(p) {
            walk.out.push(p.clone());
        }
    }
    let mut out = walk.out;
    out.sort();
    out.dedup();
    if out.is_empty() {
        // nothing found but what was refused: that is the run's error
        for d in &mut walk.diags.items[before..] {
            d.severity = Severity::Error;
        }
    }
    Ok(out)
}

struct Walk<'a> {
    project: &'a Project,
    suffixes: &'a [&'a str],
    out: Vec<PathBuf>,
    /// Directories searched, by real path (each once: links may loop).
    seen: std::collections::HashSet<PathBuf>,
    entries: usize,
    diags: &'a mut Diagnostics,
}

impl Walk<'_> {
    fn dir(&mut self, dir: &Path, depth: usize) -> Result<(), LoadError> {
        let real = match self.project.admit_dir(dir) {
            Ok(Some(real)) => real,
            Ok(None) => return Ok(()),
            Err(refusal) => {
                // a directory named on the command line is an error, one met
                // on the way down a warning (the specs beside it are read)
                let mut d = refusal.searched_diagnostic();
                if depth > 0 {
                    d.severity = Severity::Warning;
                }
                self.diags.push(d);
                return Ok(());
            }
        };
        if !self.seen.insert(real) || depth > 64 {
            return Ok(()); // a symlink loop or absurd depth: each directory is read once
        }
        let rd = std::fs::read_dir(dir).map_err(|e| LoadError::io(dir, e))?;
        let mut entries: Vec<PathBuf> = Vec::new();
        for e in rd {
            self.entries += 1;
            if self.entries > MAX_ENTRIES {
                return Err(LoadError(crate::msg!(
                    "load-too-many-entries",
                    max = MAX_ENTRIES
                )));
            }
            if let Ok(e) = e {
                entries.push(e.path());
            }
        }
        entries.sort();
        for path in entries {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name.starts_with('.') || name == "target" {
                continue;
            }
            if path.is_dir() {
                self.dir(&path, depth + 1)?;
            } else if self.suffixes.iter().any(|s| name.ends_with(s)) {
                self.out.push(path);
            }
        }
        Ok(())
    }
}

/// A spec (or spec test) file's bytes: a regular file inside the project,
/// at most [`MAX_FILE_SIZE`] bytes; else the diagnostic that says why it
/// is not read. An I/O error stops the run.
pub fn read_spec_file(
    project: &Project,
    path: &Path,
) -> Result<Result<Vec<u8>, Diagnostic>, LoadError> {
    match project.read(path, MAX_FILE_SIZE) {
        Ok(bytes) => Ok(Ok(bytes)),
        Err(Refusal::Unreadable(_, e)) => Err(LoadError::io(path, e)),
        Err(refusal) => Ok(Err(refusal.diagnostic())),
    }
}

/// Adds a file's bytes to `sources` as text (a leading BOM dropped), with
/// the error if they are not UTF-8 (the text then has replacement characters).
pub fn add_source(
    path: PathBuf,
    bytes: Vec<u8>,
    sources: &mut Sources,
) -> (FileId, Result<(), Diagnostic>) {
    let (text, bad_utf8) = match String::from_utf8(bytes) {
        Ok(t) => (t, None),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            (String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(at))
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(t) => t.to_string(),
        None => text,
    };
    let file = sources.add(path, text);
    let utf8 = match bad_utf8 {
        Some(at) => Err(
            Diagnostic::of(Code::YamlError, crate::msg!("spec-not-utf8"))
                .at(sources.get(file).char_span(file, at))
                .label_msg(crate::msg!("invalid-byte")),
        ),
        None => Ok(()),
    };
    (file, utf8)
}
