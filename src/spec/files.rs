//! Finding and reading spec files: discovery under directories, the size
//! limit, and decoding to text.

use super::LoadError;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Sources};
use std::path::{Path, PathBuf};

/// Largest spec file read, in bytes.
pub const MAX_FILE_SIZE: u64 = 16 * 1024 * 1024;

/// Finds every `*.kpi.yaml` under `paths` (files given by name are read whatever their name).
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>, LoadError> {
    discover_matching(paths, SPEC_SUFFIXES, |_| true)
}

/// Name endings of spec files.
pub const SPEC_SUFFIXES: &[&str] = &[".kpi.yaml", ".kpi.yml"];
/// Name endings of spec test files (`boussole test`).
pub const TEST_SUFFIXES: &[&str] = &[".kpi-test.yaml", ".kpi-test.yml"];

/// Files under `paths` whose names end with one of `suffixes`; a file named
/// directly is taken when `direct` accepts it.
pub fn discover_matching(
    paths: &[PathBuf],
    suffixes: &[&str],
    direct: impl Fn(&Path) -> bool,
) -> Result<Vec<PathBuf>, LoadError> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| LoadError(format!("{}: {e}", p.display())))?;
        if meta.is_dir() {
            let mut seen = std::collections::HashSet::new();
            walk(p, &mut out, &mut seen, 0, suffixes)?;
        } else if direct(p) {
            out.push(p.clone());
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn walk(
    dir: &Path,
    out: &mut Vec<PathBuf>,
    seen: &mut std::collections::HashSet<PathBuf>,
    depth: usize,
    suffixes: &[&str],
) -> Result<(), LoadError> {
    let canon = dir
        .canonicalize()
        .map_err(|e| LoadError(format!("{}: {e}", dir.display())))?;
    if !seen.insert(canon) || depth > 64 {
        return Ok(()); // a symlink loop or absurd depth: each directory is read once
    }
    let rd = std::fs::read_dir(dir).map_err(|e| LoadError(format!("{}: {e}", dir.display())))?;
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') || name == "target" {
            continue;
        }
        if path.is_dir() {
            walk(&path, out, seen, depth + 1, suffixes)?;
        } else if suffixes.iter().any(|s| name.ends_with(s)) {
            out.push(path);
        }
    }
    Ok(())
}

/// A spec file's bytes, refused over [`MAX_FILE_SIZE`].
pub fn read_spec_file(path: &Path) -> Result<Vec<u8>, LoadError> {
    let meta =
        std::fs::metadata(path).map_err(|e| LoadError(format!("{}: {e}", path.display())))?;
    if meta.len() > MAX_FILE_SIZE {
        return Err(LoadError(format!(
            "{}: {} bytes; spec files are limited to {MAX_FILE_SIZE} bytes",
            path.display(),
            meta.len()
        )));
    }
    std::fs::read(path).map_err(|e| LoadError(format!("{}: {e}", path.display())))
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
            Diagnostic::error(Code::YamlError, "spec file is not valid UTF-8")
                .at(sources.get(file).char_span(file, at))
                .label("invalid byte"),
        ),
        None => Ok(()),
    };
    (file, utf8)
}
