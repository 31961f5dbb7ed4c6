//! Diagnostics as plain data, and the source map that locates them.
//!
//! Offsets are stored 0-based in bytes; lines and columns are printed 1-based,
//! columns counted in characters.

use std::collections::BTreeMap;
use std::path::PathBuf;

/// Index of a file in [`Sources`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A byte range in one loaded file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        Span {
            file,
            start: start as u32,
            end: end.max(start) as u32,
        }
    }
    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// One loaded source file with its line table.
#[derive(Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(path: PathBuf, text: String) -> SourceFile {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile {
            path,
            text,
            line_starts,
        }
    }

    /// 1-based line and 1-based column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let col = self
            .text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(offset - start);
        (line + 1, col + 1)
    }

    /// The span of the character starting at `offset` (empty at the end of the file).
    pub fn char_span(&self, file: FileId, offset: usize) -> Span {
        let mut start = offset.min(self.text.len());
        while !self.text.is_char_boundary(start) {
            start -= 1;
        }
        let len = self.text[start..].chars().next().map_or(0, char::len_utf8);
        Span::new(file, start, start + len)
    }

    /// `span` widened to whole characters, for renderers that slice the text.
    pub fn clamp(&self, span: Span) -> (usize, usize) {
        let mut s = (span.start as usize).min(self.text.len());
        let mut e = (span.end as usize).clamp(s, self.text.len());
        while !self.text.is_char_boundary(s) {
            s -= 1;
        }
        while !self.text.is_char_boundary(e) {
            e += 1;
        }
        (s, e)
    }

    /// Byte offset of a 1-based line and 0-based character column.
    pub fn offset_of(&self, line: usize, col: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let rest = &self.text[start..];
        match rest.char_indices().nth(col) {
            Some((i, _)) => start + i,
            None => start + rest.len(),
        }
    }
}

/// All the files a run has read.
#[derive(Debug, Default)]
pub struct Sources {
    pub files: Vec<SourceFile>,
}

impl Sources {
    pub fn add(&mut self, path: PathBuf, text: String) -> FileId {
        self.files.push(SourceFile::new(path, text));
        FileId((self.files.len() - 1) as u32)
    }
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }
    pub fn text(&self, span: Span) -> &str {
        self.get(span.file)
            .text
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
    }
}

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

#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub code: &'static str,
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
}

impl Diagnostic {
    pub fn new(code: &'static str, severity: Severity, message: impl Into<String>) -> Diagnostic {
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
        }
    }
    pub fn error(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(code, Severity::Error, message)
    }
    pub fn warning(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(code, Severity::Warning, message)
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
        self
    }
    pub fn related(mut self, span: Span, label: impl Into<String>) -> Diagnostic {
        self.related.push((span, label.into()));
        self
    }
    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
    pub fn help_opt(mut self, help: Option<String>) -> Diagnostic {
        self.help = help;
        self
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
    /// Sort by file, position, then code, so output is stable.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
    }
}

fn sort_key(d: &Diagnostic) -> (u32, u32, Option<String>, &'static str) {
    match &d.location {
        Some(Location::Span(s)) => (s.file.0, s.start, d.period.clone(), d.code),
        Some(Location::File { line, .. }) => (u32::MAX, *line as u32, d.period.clone(), d.code),
        None => (u32::MAX, u32::MAX, d.period.clone(), d.code),
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
