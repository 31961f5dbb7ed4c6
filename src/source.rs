//! Source files and positions: the files a run has read, byte spans into
//! them, and their resolution to 1-based lines and columns.
//!
//! Offsets are stored 0-based in bytes; lines and columns are printed 1-based,
//! columns counted in characters.

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

/// A place resolved for people and tools: the file's path, the 1-based line
/// and column (in characters) of its start, and for a span its exclusive end.
/// Prints itself as `path:line:column`. Every renderer locates through this,
/// so a position is computed one way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Position {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    /// The line and column just past the end (None for a point in a data
    /// file, whose text is not kept).
    pub end: Option<(usize, usize)>,
}

impl Position {
    /// The path as shown in messages and reports.
    pub fn file(&self) -> String {
        self.path.display().to_string()
    }
    /// The end as an inclusive column, as GitHub annotations count it (the
    /// last character's; the start for an empty span).
    pub fn end_inclusive(&self) -> Option<(usize, usize)> {
        let (line, column) = self.end?;
        if (line, column) == (self.line, self.column) {
            Some((line, column))
        } else {
            Some((line, column.saturating_sub(1).max(1)))
        }
    }
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.path.display(), self.line, self.column)
    }
}

impl Sources {
    /// Where a span is.
    pub fn resolve(&self, span: Span) -> Position {
        let f = self.get(span.file);
        let (line, column) = f.line_col(span.start as usize);
        let end = f.line_col((span.end as usize).max(span.start as usize));
        Position {
            path: f.path.clone(),
            line,
            column,
            end: Some(end),
        }
    }
}
