//! Sources: declared once each, and every input bound to one.

use super::Checker;
use crate::diagnostic::{did_you_mean, Code, Diagnostic};
use crate::source::Span;
use std::collections::HashMap;

impl Checker<'_> {
    pub(super) fn sources(&mut self) {
        let spec = self.spec;
        let mut first: HashMap<&str, Span> = HashMap::new();
        for s in &spec.sources {
            if let Some(at) = first.insert(&s.name, s.span) {
                self.diags.push(
                    Diagnostic::new(
                        Code::DuplicateSource,
                        format!("source `{}` is declared twice", s.name),
                    )
                    .at(s.span)
                    .related(at, "first declared here"),
                );
            }
        }
        let names = || spec.sources.iter().map(|s| s.name.as_str());
        for i in &spec.inputs {
            match &i.source {
                Some(s) if !first.contains_key(s.value.as_str()) => {
                    let help = match did_you_mean(&s.value, names()) {
                        Some(h) => format!("did you mean `{h}`?"),
                        None if spec.sources.is_empty() => {
                            "declare it under `sources:` (its files and how they are written)"
                                .into()
                        }
                        None => format!("sources: {}", names().collect::<Vec<_>>().join(", ")),
                    };
                    self.diags.push(
                        Diagnostic::new(
                            Code::UnknownSource,
                            format!(
                                "input `{}` reads source `{}`, which is not declared",
                                i.name, s.value
                            ),
                        )
                        .at(s.span)
                        .label("no such source under `sources:`")
                        .help(help),
                    );
                }
                None if first.len() > 1 => self.diags.push(
                    Diagnostic::new(
                        Code::UnknownSource,
                        format!(
                            "input `{}` names no source, and the spec declares several",
                            i.name
                        ),
                    )
                    .at(i.span)
                    .help(format!(
                        "add `source:` with one of {}",
                        names().collect::<Vec<_>>().join(", ")
                    )),
                ),
                _ => {}
            }
        }
    }
}
