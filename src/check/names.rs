//! Names: every name used is an input or a metric; every call names a
//! function of the language with the right number of arguments.

use super::{all_names, periods_back, Checker};
use crate::diagnostic::{did_you_mean, Code, Diagnostic};
use crate::msg;
use crate::source::Span;
use crate::syntax::dsl::{Expr, ExprKind};
use crate::vocab::Function;

impl Checker<'_> {
    pub(super) fn undefined(&mut self, name: &str, span: Span) {
        let hint = did_you_mean(name, all_names(self.spec));
        self.diags.push(
            Diagnostic::of(Code::UndefinedMetric, msg!("undefined-name", name = name))
                .at(span)
                .label_msg(msg!("undefined-name-label"))
                .help_msg(match hint {
                    Some(h) => msg!("did-you-mean", name = h),
                    None => msg!("undefined-name-help"),
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
                        Diagnostic::of(
                            Code::UnknownFunction,
                            msg!("unknown-function", name = name),
                        )
                        .at(*nspan)
                        .help_msg(match hint {
                            Some(h) => msg!("did-you-mean", name = h),
                            None => msg!(
                                "unknown-function-help",
                                functions = names.collect::<Vec<_>>().join(", ")
                            ),
                        }),
                    );
                    return;
                };
                if !f.arity().accepts(args.len()) {
                    self.diags.push(
                        Diagnostic::of(Code::InvalidCall, f.arity().message(name, args.len()))
                            .at(e.span),
                    );
                } else if let Some(n) = args.get(1).filter(|_| f.takes_periods()) {
                    if periods_back(n).is_none() {
                        self.diags.push(
                            Diagnostic::of(Code::InvalidCall, msg!("call-periods", name = name))
                                .at(n.span)
                                .help_msg(msg!("call-periods-help", name = name)),
                        );
                    }
                }
            }
            _ => {}
        }
    }
}
