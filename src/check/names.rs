//! Names: every name used is an input or a metric; every call names a
//! function of the language with the right number of arguments.

use super::{all_names, periods_back, Checker};
use crate::diagnostic::{did_you_mean, Code, Diagnostic};
use crate::source::Span;
use crate::syntax::dsl::{Expr, ExprKind};
use crate::vocab::Function;

impl Checker<'_> {
    pub(super) fn undefined(&mut self, name: &str, span: Span) {
        let hint = did_you_mean(name, all_names(self.spec));
        self.diags.push(
            Diagnostic::error(Code::UndefinedMetric, format!("`{name}` is not defined"))
                .at(span)
                .label("not an input or a metric")
                .help(match hint {
                    Some(h) => format!("did you mean `{h}`?"),
                    None => "declare it under `inputs:` (a data column) or `metrics:`".to_string(),
                }),
        );
    }

    /// Reports undefined names; true when every name resolves.
    pub(super) fn resolve(&mut self, e: &Expr) -> bool {
        let mut missing = Vec::new();
        e.names(&mut |n, s| {
            if !self.names.contains_key(n) {
                missing.push((n.to_string(), s));
            }
        });
        let ok = missing.is_empty();
        for (n, s) in missing {
            self.undefined(&n, s);
        }
        ok
    }

    /// Reports unknown functions and wrong argument counts.
    pub(super) fn functions(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Neg(a) => self.functions(a),
            ExprKind::Binary(_, a, b) => {
                self.functions(a);
                self.functions(b);
            }
            ExprKind::Call(name, nspan, args) => {
                args.iter().for_each(|a| self.functions(a));
                let Some(f) = Function::parse(name) else {
                    let names = Function::ALL.iter().map(|(n, _)| *n);
                    let hint = did_you_mean(name, names.clone());
                    self.diags.push(
                        Diagnostic::error(
                            Code::UnknownFunction,
                            format!("unknown function `{name}`"),
                        )
                        .at(*nspan)
                        .help(match hint {
                            Some(h) => format!("did you mean `{h}`?"),
                            None => format!("functions: {}", names.collect::<Vec<_>>().join(", ")),
                        }),
                    );
                    return;
                };
                if !f.arity().accepts(args.len()) {
                    self.diags.push(
                        Diagnostic::error(
                            Code::InvalidCall,
                            format!(
                                "`{name}` takes {} argument(s), found {}",
                                f.arity().describe(),
                                args.len()
                            ),
                        )
                        .at(e.span),
                    );
                } else if let Some(n) = args.get(1).filter(|_| f.takes_periods()) {
                    if periods_back(n).is_none() {
                        self.diags.push(
                            Diagnostic::error(
                                Code::InvalidCall,
                                format!("the second argument of `{name}` is a whole number of periods (1 or more)"),
                            )
                            .at(n.span)
                            .help(format!("e.g. `{name}(revenue, 12)` compares with 12 periods earlier")),
                        );
                    }
                }
            }
            _ => {}
        }
    }
}
