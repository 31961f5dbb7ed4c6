//! Which files each source reads: its `path:` glob (relative to the spec
//! file that declares it), or what `--data` binds to it.

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::plan::Plan;
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
/// a source with inputs and no file is a `missing-data` diagnostic.
pub fn files(
    plan: &Plan,
    bindings: &[Binding],
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
        files[index]
            .get_or_insert_with(Vec::new)
            .push(b.file.clone());
    }
    let mut out = Vec::with_capacity(plan.sources.len());
    for (si, (source, bound)) in plan.sources.iter().zip(files).enumerate() {
        let used = plan.inputs.iter().any(|i| i.source == si);
        let found = match (bound, &source.path) {
            (Some(bound), _) => bound,
            (None, Some((pattern, span))) => match glob_files(&source.dir, pattern) {
                Ok(found) if found.is_empty() && used => {
                    diags.push(
                        Diagnostic::new(
                            Code::MissingData,
                            format!("no file matches `{pattern}` (source `{}`)", source.name),
                        )
                        .at(*span)
                        .help(format!(
                            "the path is relative to {}; or give the file with --data {}=FILE",
                            shown_dir(&source.dir),
                            source.name
                        )),
                    );
                    Vec::new()
                }
                Ok(found) => found,
                Err(why) => {
                    diags.push(
                        Diagnostic::new(Code::MissingData, format!("`{pattern}`: {why}")).at(*span),
                    );
                    Vec::new()
                }
            },
            (None, None) if used => {
                let mut d = Diagnostic::new(
                    Code::MissingData,
                    if source.name.is_empty() {
                        "no data: give the CSV with --data FILE".to_string()
                    } else {
                        format!("source `{}` has no file", source.name)
                    },
                );
                if let Some(span) = source.span {
                    d = d.at(span).help(format!(
                        "give it `path:` (a glob, relative to the spec file) or --data {}=FILE",
                        source.name
                    ));
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

fn shown_dir(dir: &Path) -> String {
    if dir.as_os_str().is_empty() {
        "the current directory".into()
    } else {
        format!("`{}`", dir.display())
    }
}

/// The files a source's glob matches, sorted; the pattern must stay inside
/// the spec's directory tree (a spec under review is untrusted).
fn glob_files(dir: &Path, pattern: &str) -> Result<Vec<PathBuf>, String> {
    let relative = Path::new(pattern);
    if relative.is_absolute()
        || relative.components().any(|c| {
            matches!(
                c,
                Component::ParentDir | Component::Prefix(_) | Component::RootDir
            )
        })
    {
        return Err(
            "a source's path is relative to its spec file and stays below it (no `..`, no absolute path)"
                .into(),
        );
    }
    let full = dir.join(relative);
    let text = full
        .to_str()
        .ok_or_else(|| "the path is not valid UTF-8".to_string())?;
    let matches = glob::glob(text).map_err(|e| format!("not a valid glob: {e}"))?;
    let root = std::fs::canonicalize(if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    })
    .map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut files = Vec::new();
    for m in matches {
        let Ok(path) = m else { continue };
        if !path.is_file() {
            continue;
        }
        // a link that leads out of the tree is not followed
        let inside = std::fs::canonicalize(&path).is_ok_and(|c| c.starts_with(&root));
        if !inside {
            return Err(format!(
                "{} leads outside the spec's directory",
                path.display()
            ));
        }
        files.push(path);
        if files.len() > MAX_FILES {
            return Err(format!("more than {MAX_FILES} files match"));
        }
    }
    files.sort();
    Ok(files)
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
