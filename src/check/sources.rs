//! Sources: declared once each, and every input bound to one.

use super::Checker;
use crate::diagnostic::{did_you_mean, Code, Diagnostic};
use crate::msg;
use crate::source::Span;
use std::collections::HashMap;

impl Checker<'_> {
    pub(super) fn sources(&mut self) {
        let spec = self.spec;
        let mut first: HashMap<&str, Span> = HashMap::new();
        for s in &spec.sources {
            if let Some(at) = first.insert(&s.name, s.span) {
                self.diags.push(
                    Diagnostic::of(
                        Code::DuplicateSource,
                        msg!("duplicate-source", source = &s.name),
                    )
                    .at(s.span)
                    .related_msg(at, msg!("first-declared-here")),
                );
            }
        }
        let names = || spec.sources.iter().map(|s| s.name.as_str());
        for i in &spec.inputs {
            match &i.source {
                Some(s) if !first.contains_key(s.value.as_str()) => {
                    let help = match did_you_mean(&s.value, names()) {
                        Some(h) => msg!("did-you-mean", name = h),
                        None if spec.sources.is_empty() => msg!("declare-source"),
                        None => msg!("sources", names = names().collect::<Vec<_>>().join(", ")),
                    };
                    self.diags.push(
                        Diagnostic::of(
                            Code::UnknownSource,
                            msg!("undeclared-source", input = &i.name, source = &s.value),
                        )
                        .at(s.span)
                        .label_msg(msg!("undeclared-source-label"))
                        .help_msg(help),
                    );
                }
                None if first.len() > 1 => self.diags.push(
                    Diagnostic::of(
                        Code::UnknownSource,
                        msg!("input-no-source", input = &i.name),
                    )
                    .at(i.span)
                    .help_msg(msg!(
                        "input-no-source-help",
                        names = names().collect::<Vec<_>>().join(", ")
                    )),
                ),
                _ => {}
            }
        }
    }
}
