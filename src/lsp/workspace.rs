//! The workspace the server knows: its folders, the documents the editor
//! has open (their text wins over the disk's), and the analysis of the whole
//! project — every spec file loaded and checked together, as `boussole
//! check` does, so a change in one file re-checks those that use its names.

use crate::check::Model;
use crate::diagnostic::Diagnostics;
use crate::project::Project;
use crate::source::{FileId, Sources, Span};
use crate::spec::{self, Spec, SPEC_SUFFIXES, TEST_SUFFIXES};
use crate::tools::spectest::{self, SpecTest};
use crate::vocab::Function;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn ends_with(path: &Path, suffixes: &[&str]) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    suffixes.iter().any(|s| name.ends_with(s))
}

/// Whether `path` names a spec file (`*.kpi.yaml`).
pub fn is_spec(path: &Path) -> bool {
    ends_with(path, SPEC_SUFFIXES)
}

/// Whether `path` names a test file (`*.kpi-test.yaml`).
pub fn is_test(path: &Path) -> bool {
    ends_with(path, TEST_SUFFIXES)
}

/// The folders and the open documents.
#[derive(Default)]
pub struct Workspace {
    pub roots: Vec<PathBuf>,
    /// Open documents by path: their text and version.
    pub open: BTreeMap<PathBuf, (String, i32)>,
    /// The language of messages and hovers (the client's `locale`, or
    /// `lang` in the initialization options, else the environment).
    pub voice: crate::i18n::Voice,
}

/// What a name in a spec file is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Symbol {
    /// An input or a metric.
    Name(String),
    Function(Function),
    Objective(String),
}

/// One occurrence of a symbol: where, and whether it is its definition.
#[derive(Clone, Debug)]
pub struct Occurrence {
    pub span: Span,
    pub symbol: Symbol,
    pub definition: bool,
}

/// The project checked: its files, diagnostics, model and every symbol's
/// occurrences.
pub struct Analysis {
    pub sources: Sources,
    pub diags: Diagnostics,
    pub model: Model,
    pub files: BTreeMap<PathBuf, FileId>,
    pub occurrences: Vec<Occurrence>,
    /// The language its messages are written in.
    pub voice: crate::i18n::Voice,
}

impl Workspace {
    /// Loads and checks every spec file of the folders (and every open spec
    /// document), the open documents' text in place of the disk's. Files
    /// are read as `check` reads them: inside the project, regular, within
    /// the size limit.
    pub fn analyze(&self) -> Analysis {
        let mut diags = Diagnostics::default();
        let mut sources = Sources::default();
        let project = Project::of(&self.roots);
        let mut spec = Spec::default();
        let mut files = BTreeMap::new();
        for (path, bytes) in self.files(&project, SPEC_SUFFIXES, is_spec, &mut diags) {
            spec::load_bytes(&mut spec, path.clone(), bytes, &mut sources, &mut diags);
            if let Some(id) = sources.files.len().checked_sub(1) {
                files.insert(path, FileId(id as u32));
            }
        }
        let model = crate::check(spec, &mut diags);
        // the tests next to the specs: read always, run when the specs
        // have no error (as `boussole test` does)
        let mut tests = Vec::new();
        let runnable = !diags.has_errors();
        let scratch = tempfile::Builder::new().prefix("boussole-lsp-").tempdir();
        for (path, bytes) in self.files(&project, TEST_SUFFIXES, is_test, &mut diags) {
            let loaded = spectest::load_tests(path.clone(), bytes, &mut sources, &mut diags);
            if let Some(id) = sources.files.len().checked_sub(1) {
                files.insert(path.clone(), FileId(id as u32));
            }
            if let (true, Ok(scratch)) = (runnable, &scratch) {
                for t in &loaded {
                    let mut ignored = Diagnostics::default();
                    let o = spectest::run(&model, t, &path, scratch.path(), &mut ignored);
                    diags.items.extend(o.failures);
                }
            }
            tests.extend(loaded);
        }
        diags.sort();
        diags.localize(self.voice.lang);
        let occurrences = occurrences(&model, &tests);
        Analysis {
            sources,
            diags,
            model,
            files,
            occurrences,
            voice: self.voice,
        }
    }
}

impl Workspace {
    /// The files of the folders ending with one of `suffixes`, and the open
    /// documents `wanted` accepts, each with its text (an open document's,
    /// else the disk's); a file refused is a diagnostic.
    fn files(
        &self,
        project: &Project,
        suffixes: &[&str],
        wanted: fn(&Path) -> bool,
        diags: &mut Diagnostics,
    ) -> Vec<(PathBuf, Vec<u8>)> {
        let mut paths: Vec<PathBuf> = Vec::new();
        for root in &self.roots {
            let root = std::slice::from_ref(root);
            if let Ok(found) = spec::discover_matching(project, root, suffixes, |_| true, diags) {
                paths.extend(found);
            }
        }
        paths.extend(self.open.keys().filter(|p| wanted(p)).cloned());
        paths.sort();
        paths.dedup();
        let mut out = Vec::new();
        for path in paths {
            let bytes = match self.open.get(&path) {
                Some((text, _)) => text.clone().into_bytes(),
                None => match spec::read_spec_file(project, &path) {
                    Ok(Ok(bytes)) => bytes,
                    Ok(Err(refused)) => {
                        diags.push(refused);
                        continue;
                    }
                    Err(_) => continue,
                },
            };
            out.push((path, bytes));
        }
        out
    }
}

/// Every place a symbol is named: definitions of inputs, metrics and
/// objectives; names and function calls in metrics and targets; `kpis:`;
/// in the tests, expected values, targets and objectives.
fn occurrences(model: &Model, tests: &[SpecTest]) -> Vec<Occurrence> {
    let spec = &model.spec;
    let mut out = Vec::new();
    let expr = |e: &crate::syntax::dsl::Expr, out: &mut Vec<Occurrence>| {
        calls(e, out);
        e.names(&mut |n, span| {
            out.push(Occurrence {
                span,
                symbol: Symbol::Name(n.to_string()),
                definition: false,
            })
        });
    };
    for i in &spec.inputs {
        out.push(Occurrence {
            span: i.span,
            symbol: Symbol::Name(i.name.clone()),
            definition: true,
        });
    }
    for m in &spec.metrics {
        out.push(Occurrence {
            span: m.def.name_span,
            symbol: Symbol::Name(m.def.name.clone()),
            definition: true,
        });
        expr(&m.def.expr, &mut out);
    }
    for o in &spec.objectives {
        out.push(Occurrence {
            span: o.span,
            symbol: Symbol::Objective(o.name.clone()),
            definition: true,
        });
        for k in &o.kpis {
            out.push(Occurrence {
                span: k.span,
                symbol: Symbol::Name(k.value.clone()),
                definition: false,
            });
        }
        for t in &o.targets {
            expr(&t.lhs, &mut out);
            expr(&t.rhs, &mut out);
        }
    }
    for t in tests {
        t.names(&mut |n, span| {
            out.push(Occurrence {
                span,
                symbol: Symbol::Name(n.to_string()),
                definition: false,
            })
        });
        t.target_exprs().for_each(|e| calls(e, &mut out));
        for (o, span) in t.objectives() {
            out.push(Occurrence {
                span,
                symbol: Symbol::Objective(o.to_string()),
                definition: false,
            });
        }
    }
    out
}

/// The function calls of an expression, by the span of their names.
fn calls(e: &crate::syntax::dsl::Expr, out: &mut Vec<Occurrence>) {
    use crate::syntax::dsl::ExprKind;
    match &e.kind {
        ExprKind::Call(name, span, args) => {
            if let Some(f) = Function::parse(name) {
                out.push(Occurrence {
                    span: *span,
                    symbol: Symbol::Function(f),
                    definition: false,
                });
            }
            args.iter().for_each(|a| calls(a, out));
        }
        ExprKind::Neg(a) => calls(a, out),
        ExprKind::Binary(_, a, b) => {
            calls(a, out);
            calls(b, out);
        }
        _ => {}
    }
}

impl Analysis {
    /// The file id of `path`, if it was loaded.
    pub fn file(&self, path: &Path) -> Option<FileId> {
        self.files.get(path).copied()
    }

    /// The path of a file id.
    pub fn path(&self, file: FileId) -> &Path {
        &self.sources.get(file).path
    }

    /// The occurrence at byte `offset` of `file` (the innermost).
    pub fn at(&self, file: FileId, offset: usize) -> Option<&Occurrence> {
        let offset = offset as u32;
        self.occurrences
            .iter()
            .filter(|o| o.span.file == file && o.span.start <= offset && offset <= o.span.end)
            .min_by_key(|o| o.span.end - o.span.start)
    }

    /// The definition of a symbol.
    pub fn definition(&self, symbol: &Symbol) -> Option<&Occurrence> {
        self.occurrences
            .iter()
            .find(|o| o.definition && &o.symbol == symbol)
    }

    /// Every occurrence of a symbol, definition first.
    pub fn references(&self, symbol: &Symbol) -> Vec<&Occurrence> {
        let mut all: Vec<&Occurrence> = self
            .occurrences
            .iter()
            .filter(|o| &o.symbol == symbol)
            .collect();
        all.sort_by_key(|o| (!o.definition, o.span.file.0, o.span.start));
        all
    }
}
