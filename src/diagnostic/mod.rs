//! Diagnostics as plain data: what went wrong, where, and what to do about
//! it. The library only builds them; the renderers (`crate::render`) print.

mod codes;

pub use codes::Code;

use crate::i18n::{Lang, Msg};
use crate::source::{Position, Sources, Span};
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Where a diagnostic points: a span in a loaded file, or a position in a
/// file that is not kept in memory (a data file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    Span(Span),
    File {
        path: PathBuf,
        line: usize,
        column: usize,
    },
}

impl Location {
    /// Where it is, for display.
    pub fn resolve(&self, sources: &Sources) -> Position {
        match self {
            Location::Span(s) => sources.resolve(*s),
            Location::File { path, line, column } => Position {
                path: path.clone(),
                line: *line,
                column: *column,
                end: None,
            },
        }
    }
}

#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub location: Option<Location>,
    /// The text printed under the primary token.
    pub label: Option<String>,
    /// Secondary locations, e.g. the first definition of a duplicate.
    pub related: Vec<(Span, String)>,
    pub help: Option<String>,
    pub period: Option<String>,
    pub dimensions: Option<BTreeMap<String, String>>,
    /// The texts above that come from the message catalogue, as messages:
    /// [`Diagnostic::localize`] writes them in another language. The text
    /// fields hold their English until then.
    pub msgs: Vec<(Part, Msg)>,
}

/// Which text of a diagnostic a catalogue message is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Message,
    Label,
    Help,
    /// The label of the `n`th related place.
    Related(usize),
}

impl Diagnostic {
    /// A diagnostic with its code's default severity.
    pub fn new(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic::with_severity(code, code.severity(), message)
    }
    pub fn with_severity(code: Code, severity: Severity, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity,
            message: message.into(),
            location: None,
            label: None,
            related: Vec::new(),
            help: None,
            period: None,
            dimensions: None,
            msgs: Vec::new(),
        }
    }
    /// A diagnostic whose message is a catalogue message, with its code's
    /// default severity.
    pub fn of(code: Code, msg: Msg) -> Diagnostic {
        Diagnostic::of_severity(code, code.severity(), msg)
    }
    /// … with a severity of its own.
    pub fn of_severity(code: Code, severity: Severity, msg: Msg) -> Diagnostic {
        let mut d = Diagnostic::with_severity(code, severity, msg.en());
        d.msgs.push((Part::Message, msg));
        d
    }
    /// The catalogue message its text already holds in English (written by
    /// `format!` where a diagnostic is made per period and group, and
    /// Fluent would cost too much per warning): localized at the edge.
    pub fn translated_by(mut self, part: Part, msg: Msg) -> Diagnostic {
        self.msgs.push((part, msg));
        self
    }
    /// Its label, help or a related place's label as a catalogue message.
    pub fn label_msg(mut self, msg: Msg) -> Diagnostic {
        self.label = Some(msg.en());
        self.msgs.push((Part::Label, msg));
        self
    }
    pub fn help_msg(mut self, msg: Msg) -> Diagnostic {
        self.help = Some(msg.en());
        self.msgs.push((Part::Help, msg));
        self
    }
    pub fn related_msg(mut self, span: Span, msg: Msg) -> Diagnostic {
        self.related.push((span, msg.en()));
        self.msgs.push((Part::Related(self.related.len() - 1), msg));
        self
    }
    /// Its message as an argument of another message: the catalogue's
    /// message when it has one (translated with the other), else its text.
    pub fn message_arg(&self) -> crate::i18n::Arg {
        match self.msgs.iter().find(|(p, _)| *p == Part::Message) {
            Some((_, m)) => crate::i18n::Arg::from(m.clone()),
            None => crate::i18n::Arg::Text(self.message.clone()),
        }
    }
    /// The name its help suggests (`did you mean `x`?`), in any language.
    pub fn suggestion(&self) -> Option<&str> {
        self.msgs
            .iter()
            .filter(|(part, _)| matches!(part, Part::Help))
            .find_map(|(_, m)| m.find("did-you-mean")?.text_arg("name"))
    }
    /// Its catalogue texts in `lang` (the others stay as they are).
    pub fn localize(&mut self, lang: Lang) {
        if lang == Lang::En {
            return;
        }
        for (part, msg) in &self.msgs {
            let text = lang.text(msg);
            match part {
                Part::Message => self.message = text,
                Part::Label => self.label = Some(text),
                Part::Help => self.help = Some(text),
                Part::Related(i) => {
                    if let Some(r) = self.related.get_mut(*i) {
                        r.1 = text;
                    }
                }
            }
        }
    }
    pub fn error(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic::with_severity(code, Severity::Error, message)
    }
    pub fn warning(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic::with_severity(code, Severity::Warning, message)
    }
    /// An internal invariant that failed: a bug in boussole, reported as
    /// such (`internal-error`), never as a problem of the user's files.
    pub fn bug(what: impl std::fmt::Display) -> Diagnostic {
        Diagnostic::of(
            Code::InternalError,
            crate::msg!("internal-error", what = what.to_string()),
        )
        .help_msg(crate::msg!("internal-error-help"))
    }
    pub fn at(mut self, span: Span) -> Diagnostic {
        self.location = Some(Location::Span(span));
        self
    }
    pub fn at_opt(mut self, span: Option<Span>) -> Diagnostic {
        self.location = span.map(Location::Span);
        self
    }
    pub fn label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(label.into());
        self.msgs.retain(|(p, _)| *p != Part::Label);
        self
    }
    pub fn related(mut self, span: Span, label: impl Into<String>) -> Diagnostic {
        self.related.push((span, label.into()));
        self
    }
    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self.msgs.retain(|(p, _)| *p != Part::Help);
        self
    }
    pub fn help_opt(mut self, help: Option<String>) -> Diagnostic {
        self.help = help;
        self.msgs.retain(|(p, _)| *p != Part::Help);
        self
    }
    /// Where it points, resolved (None when it points nowhere).
    pub fn position(&self, sources: &Sources) -> Option<Position> {
        self.location.as_ref().map(|l| l.resolve(sources))
    }
    pub fn span(&self) -> Option<Span> {
        match &self.location {
            Some(Location::Span(s)) => Some(*s),
            _ => None,
        }
    }
}

/// A sink for diagnostics, counting errors.
#[derive(Debug, Default)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }
    pub fn errors(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
    pub fn warnings(&self) -> usize {
        self.items.len() - self.errors()
    }
    pub fn has_errors(&self) -> bool {
        self.errors() > 0
    }
    /// Every diagnostic's catalogue texts in `lang`.
    pub fn localize(&mut self, lang: Lang) {
        self.items.iter_mut().for_each(|d| d.localize(lang));
    }
    /// Sort by file, position, then code, so output is stable.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
    }
}

fn sort_key(
    d: &Diagnostic,
) -> (
    u32,
    Option<&std::path::Path>,
    u32,
    Option<String>,
    &'static str,
) {
    let code = d.code.name();
    match &d.location {
        Some(Location::Span(s)) => (s.file.0, None, s.start, d.period.clone(), code),
        Some(Location::File { path, line, .. }) => (
            u32::MAX - 1,
            Some(path.as_path()),
            *line as u32,
            d.period.clone(),
            code,
        ),
        None => (u32::MAX, None, u32::MAX, d.period.clone(), code),
    }
}

/// The closest candidate to a misspelt name, if one is close enough.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(&str, usize)> = None;
    let limit = (name.chars().count() / 3).max(2);
    for c in candidates {
        let d = strsim::damerau_levenshtein(name, c);
        if d <= limit && best.is_none_or(|(_, bd)| d < bd) {
            best = Some((c, d));
        }
    }
    best.map(|(c, _)| c)
}
