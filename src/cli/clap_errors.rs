//! clap's errors (a mistyped flag, a bad value, a missing argument) in the
//! run's language. English keeps clap's own words; in another language the
//! error is rewritten from its context (what was given, what was expected,
//! the suggestion, the usage line) with the catalogue's `clap-*` messages.

use boussole::i18n::{Lang, Msg};
use boussole::msg;
use clap::error::{ContextKind, ContextValue, ErrorKind};

/// The text of `e` in `lang`, or None where clap's own rendering is kept:
/// English, help and version output, and kinds with no context.
pub fn text(e: &clap::Error, lang: Lang) -> Option<String> {
    if lang == Lang::En || !e.use_stderr() {
        return None;
    }
    let s = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        _ => None,
    };
    let list = |k: ContextKind| match e.get(k) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    };
    let arg = s(ContextKind::InvalidArg);
    let value = s(ContextKind::InvalidValue);
    let head: Msg = match (e.kind(), arg, value) {
        (ErrorKind::InvalidValue, Some(arg), Some(value)) if value.is_empty() => {
            msg!("clap-value-required", arg = arg)
        }
        (ErrorKind::InvalidValue, Some(arg), Some(value)) => {
            msg!("clap-invalid-value", arg = arg, value = value)
        }
        (ErrorKind::ValueValidation, Some(arg), Some(value)) => {
            let why = std::error::Error::source(e).map(|s| s.to_string());
            msg!(
                "clap-value-validation",
                arg = arg,
                value = value,
                why = why.unwrap_or_default()
            )
        }
        (ErrorKind::UnknownArgument, Some(arg), _) => msg!("clap-unknown-argument", arg = arg),
        (ErrorKind::InvalidSubcommand, _, _) => msg!(
            "clap-unknown-command",
            name = s(ContextKind::InvalidSubcommand)?
        ),
        (ErrorKind::NoEquals, Some(arg), _) => msg!("clap-no-equals", arg = arg),
        (ErrorKind::TooManyValues, Some(arg), Some(value)) => {
            msg!("clap-too-many-values", arg = arg, value = value)
        }
        (ErrorKind::MissingRequiredArgument, _, _) => msg!(
            "clap-missing-arguments",
            args = list(ContextKind::InvalidArg).join(", ")
        ),
        (ErrorKind::MissingSubcommand, _, _) => msg!(
            "clap-missing-command",
            command = s(ContextKind::InvalidSubcommand)?
        ),
        (ErrorKind::ArgumentConflict, Some(arg), _) => {
            let prior = list(ContextKind::PriorArg);
            if prior.len() == 1 && prior[0] == arg {
                msg!("clap-argument-twice", arg = arg)
            } else {
                msg!(
                    "clap-argument-conflict",
                    arg = arg,
                    other = prior.join(", ")
                )
            }
        }
        (ErrorKind::InvalidUtf8, _, _) => msg!("clap-invalid-utf8"),
        _ => return None,
    };
    let mut out = lang.text(&msg!("cli-error", message = head));
    let valid = list(ContextKind::ValidValue);
    if e.kind() == ErrorKind::InvalidValue && !valid.is_empty() {
        out.push_str("\n  ");
        out.push_str(&lang.text(&msg!("clap-possible-values", values = valid.join(", "))));
    }
    let tips = [
        (ContextKind::SuggestedSubcommand, "command"),
        (ContextKind::SuggestedArg, "argument"),
        (ContextKind::SuggestedValue, "value"),
    ];
    let mut first_tip = true;
    for (kind, what) in tips {
        for name in list(kind) {
            out.push_str(if first_tip { "\n\n  " } else { "\n  " });
            first_tip = false;
            out.push_str(&lang.text(&msg!("clap-similar", what = what, name = name)));
        }
    }
    if let Some(ContextValue::StyledStr(usage)) = e.get(ContextKind::Usage) {
        let usage = usage.to_string();
        let usage = usage.trim().strip_prefix("Usage:").unwrap_or(&usage).trim();
        out.push_str("\n\n");
        out.push_str(&lang.text(&msg!("clap-usage", usage = usage)));
    }
    out.push_str("\n\n");
    out.push_str(&lang.text(&msg!("clap-try-help")));
    Some(out)
}
