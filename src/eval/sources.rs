//! Which files each source reads: its `path:` glob (relative to the spec
//! file that declares it), or what `--data` binds to it.

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::plan::Plan;
use crate::project::{regular_file, Project, Refusal};
use std::path::{Component, Path, PathBuf};

/// Most files one source's glob may match.
pub const MAX_FILES: usize = 10_000;

/// A `--data` value: `FILE`, or `NAME=FILE` for a named source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    pub source: Option<String>,
    pub file: PathBuf,
}

impl Binding {
    /// `NAME=FILE` when NAME is a plain name, else the whole text is a file.
    pub fn parse(text: &str) -> Binding {
        let (source, file) = crate::plan::binding(text);
        Binding {
            source: source.map(str::to_string),
            file: PathBuf::from(file),
        }
    }
}

/// The files of every source of the plan: `--data` bindings first, else the
/// source's `path:`. Err for a binding that fits no source (a usage error);
/// a source with inputs and no file is a `missing-data` diagnostic. A glob
/// reads only regular files inside `project`; a bound file (named on the
/// command line) may be anywhere, but must be a regular file.
pub fn files(
    plan: &Plan,
    bindings: &[Binding],
    project: &Project,
    diags: &mut Diagnostics,
) -> Result<Vec<Vec<PathBuf>>, String> {
    let mut files: Vec<Option<Vec<PathBuf>>> = vec![None; plan.sources.len()];
    for b in bindings {
        let index = match &b.source {
            Some(name) => plan.bound_source("--data", "FILE", &format!("{name}=…"))?.0,
            None => {
                plan.bound_source("--data", "FILE", &b.file.display().to_string())?
                    .0
            }
        };
        let bound = files[index].get_or_insert_with(Vec::new);
        if named_file(&b.file, diags) {
            bound.push(b.file.clone());
        }
    }
    let mut out = Vec::with_capacity(plan.sources.len());
    for (si, (source, bound)) in plan.sources.iter().zip(files).enumerate() {
        let used = plan.inputs.iter().any(|i| i.source == si);
        let found = match (bound, &source.path) {
            (Some(bound), _) => bound,
            (None, Some((pattern, span))) => match glob_files(project, &source.dir, pattern) {
                Ok(found) => {
                    for refusal in &found.refused {
                        diags.push(refusal.diagnostic_without_place().at(*span));
                    }
                    if found.files.is_empty() && found.refused.is_empty() && used {
                        diags.push(
                            Diagnostic::of(
                                Code::MissingData,
                                crate::msg!(
                                    "no-file-matches",
                                    pattern = pattern,
                                    source = &source.name
                                ),
                            )
                            .at(*span)
                            .help_msg(crate::msg!(
                                "no-file-matches-help",
                                dir = shown_dir(&source.dir),
                                source = &source.name
                            )),
                        );
                    }
                    found.files
                }
                Err(why) => {
                    diags.push(
                        Diagnostic::of(
                            Code::MissingData,
                            crate::msg!("pattern-problem", pattern = pattern, why = why),
                        )
                        .at(*span),
                    );
                    Vec::new()
                }
            },
            (None, None) if used => {
                let mut d = Diagnostic::of(
                    Code::MissingData,
                    if source.name.is_empty() {
                        crate::msg!("no-data")
                    } else {
                        crate::msg!("source-no-file", source = &source.name)
                    },
                );
                if let Some(span) = source.span {
                    d = d
                        .at(span)
                        .help_msg(crate::msg!("source-no-file-help", source = &source.name));
                }
                diags.push(d);
                Vec::new()
            }
            (None, None) => Vec::new(),
        };
        out.push(found);
    }
    Ok(out)
}

/// Whether a data file named on the command line (`--data FILE`) is read:
/// anywhere, but a regular file; else a diagnostic says why not (an I/O
/// error is left to the reader, which names it).
pub fn named_file(file: &Path, diags: &mut Diagnostics) -> bool {
    match regular_file(file) {
        Ok(()) | Err(Refusal::Unreadable(..)) => true,
        Err(refusal) => {
            diags.push(refusal.diagnostic());
            false
        }
    }
}

fn shown_dir(dir: &Path) -> String {
    if dir.as_os_str().is_empty() {
        "the current directory".into()
    } else {
        format!("`{}`", dir.display())
    }
}

/// Most directory entries one source's glob looks at.
pub const MAX_ENTRIES: usize = 1_000_000;

/// What a glob found: the regular files inside the project it matches, in
/// order, and what it matched (or would have searched) but refused.
#[derive(Debug, Default)]
pub(crate) struct Found {
    pub(crate) files: Vec<PathBuf>,
    pub(crate) refused: Vec<Refusal>,
}

/// The files a source's glob matches, sorted. The pattern is relative to
/// the spec's directory (or absolute); its literal part (up to the first
/// wildcard) may use `..`, and every directory searched and every file
/// matched must lie inside the project, links resolved. The directories
/// are walked here rather than by the `glob` crate so that a link is never
/// followed out of the project and the walk stays bounded.
pub(crate) fn glob_files(project: &Project, dir: &Path, pattern: &str) -> Result<Found, String> {
    let wild = |c: &str| c.contains(['*', '?', '[']);
    let mut base = if Path::new(pattern).is_absolute() {
        PathBuf::new()
    } else {
        dir.to_path_buf()
    };
    let mut rest: Vec<String> = Vec::new();
    for c in Path::new(pattern).components() {
        let text = c
            .as_os_str()
            .to_str()
            .ok_or_else(|| "the path is not valid UTF-8".to_string())?;
        if !rest.is_empty() || wild(text) {
            match c {
                Component::CurDir => {}
                Component::Normal(_) => rest.push(text.to_string()),
                _ => return Err("`..` may only come before the first wildcard".into()),
            }
        } else {
            base.push(c);
        }
    }
    let mut found = Found::default();
    // where the literal part leads, `..` taken on the spec directory's real
    // path: outside the project, nothing is looked at (not even whether it
    // exists)
    let mut lexical = if Path::new(pattern).is_absolute() {
        PathBuf::new()
    } else {
        std::fs::canonicalize(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        })
        .map_err(|e| format!("{}: {e}", dir.display()))?
    };
    for c in Path::new(pattern)
        .components()
        .take_while(|c| c.as_os_str().to_str().is_some_and(|t| !wild(t)))
    {
        match c {
            Component::ParentDir => {
                lexical.pop();
            }
            Component::CurDir => {}
            other => lexical.push(other),
        }
    }
    if !project.contains(&lexical) {
        found.refused.push(Refusal::Outside(PathBuf::from(pattern)));
        return Ok(found);
    }
    if pattern.ends_with('/') || rest.last().is_some_and(|c| c == "**") {
        return Ok(found); // directories only, as the `glob` crate reads it
    }
    if rest.is_empty() {
        // one file, named
        match project.admit(&base) {
            Ok(_) => found.files.push(base),
            Err(Refusal::Unreadable(..)) => {} // not there: nothing matches
            Err(r) => found.refused.push(r),
        }
        return Ok(found);
    }
    let options = glob::MatchOptions {
        require_literal_separator: true,
        ..glob::MatchOptions::new()
    };
    let patterns = rest
        .iter()
        .map(|c| glob::Pattern::new(c))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("not a valid glob: {e}"))?;
    let whole =
        glob::Pattern::new(&rest.join("/")).map_err(|e| format!("not a valid glob: {e}"))?;
    let deep = rest.iter().any(|c| c.contains("**"));
    let mut walk = GlobWalk {
        project,
        options,
        patterns,
        whole,
        deep,
        seen: std::collections::HashSet::new(),
        entries: 0,
        found,
    };
    let start = if base.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        base
    };
    walk.dir(&start, "", 0)?;
    let mut found = walk.found;
    found.files.sort();
    Ok(found)
}

struct GlobWalk<'a> {
    project: &'a Project,
    options: glob::MatchOptions,
    /// The pattern's components after its literal part.
    patterns: Vec<glob::Pattern>,
    /// The same, whole (for `**`, which spans directories).
    whole: glob::Pattern,
    deep: bool,
    /// Directories walked, by real path (links may loop).
    seen: std::collections::HashSet<PathBuf>,
    entries: usize,
    found: Found,
}

impl GlobWalk<'_> {
    /// Walks `dir`, `relative` to the pattern's literal part, `depth`
    /// components down.
    fn dir(&mut self, dir: &Path, relative: &str, depth: usize) -> Result<(), String> {
        let real = match self.project.admit_dir(dir) {
            Ok(Some(real)) => real,
            Ok(None) | Err(Refusal::Unreadable(..)) => return Ok(()),
            Err(r) => {
                self.found.refused.push(r);
                return Ok(());
            }
        };
        if !self.seen.insert(real) || depth > 64 {
            return Ok(());
        }
        let Ok(rd) = std::fs::read_dir(dir) else {
            return Ok(());
        };
        let mut entries = Vec::new();
        for e in rd {
            self.entries += 1;
            if self.entries > MAX_ENTRIES {
                return Err(format!(
                    "the pattern looks at more than {MAX_ENTRIES} files and directories: \
                     make its directory part more precise"
                ));
            }
            if let Ok(e) = e {
                entries.push(e.path());
            }
        }
        entries.sort();
        for path in entries {
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            let rel = if relative.is_empty() {
                name.to_string()
            } else {
                format!("{relative}/{name}")
            };
            let is_dir = std::fs::metadata(&path).is_ok_and(|m| m.is_dir());
            if self.deep {
                if is_dir {
                    self.dir(&path, &rel, depth + 1)?;
                } else if self.whole.matches_with(&rel, self.options) {
                    self.file(path)?;
                }
                continue;
            }
            let Some(p) = self.patterns.get(depth) else {
                continue;
            };
            if !p.matches_with(name, self.options) {
                continue;
            }
            let last = depth + 1 == self.patterns.len();
            match (is_dir, last) {
                (true, false) => self.dir(&path, &rel, depth + 1)?,
                (false, true) => self.file(path)?,
                _ => {} // a directory matching the last part, a file too early
            }
        }
        Ok(())
    }

    fn file(&mut self, path: PathBuf) -> Result<(), String> {
        match self.project.admit(&path) {
            Ok(_) => self.found.files.push(path),
            Err(r) => self.found.refused.push(r),
        }
        if self.found.files.len() > MAX_FILES {
            return Err(format!("more than {MAX_FILES} files match"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_values() {
        assert_eq!(
            Binding::parse("meta=exports/m.csv"),
            Binding {
                source: Some("meta".into()),
                file: "exports/m.csv".into()
            }
        );
        assert_eq!(Binding::parse("data/a=b.csv").source, None);
        assert_eq!(Binding::parse("daily.csv").source, None);
        assert_eq!(Binding::parse("x=").source, None);
    }
}
