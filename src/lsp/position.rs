//! Positions as the client counts them. A file's text is indexed by bytes;
//! LSP positions are a line and a column in the negotiated encoding: UTF-8
//! bytes, UTF-16 code units (the protocol's default, VS Code's), or UTF-32
//! characters. `coût_par_clic` has 14 bytes and 13 UTF-16 units; `€` is 3
//! bytes and 1 unit; an emoji is 4 bytes and 2 units.

use lsp_types::{Position, PositionEncodingKind, Range};

/// How columns are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

impl Encoding {
    /// The encoding to use among those a client offers (its preference
    /// order), UTF-16 when it offers none.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        for kind in offered.unwrap_or_default() {
            if *kind == PositionEncodingKind::UTF8 {
                return Encoding::Utf8;
            }
            if *kind == PositionEncodingKind::UTF16 {
                return Encoding::Utf16;
            }
            if *kind == PositionEncodingKind::UTF32 {
                return Encoding::Utf32;
            }
        }
        Encoding::Utf16
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    fn width(self, c: char) -> u32 {
        match self {
            Encoding::Utf8 => c.len_utf8() as u32,
            Encoding::Utf16 => c.len_utf16() as u32,
            Encoding::Utf32 => 1,
        }
    }
}

/// A text's line starts, to turn byte offsets into positions and back.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    /// The position of byte `offset` (clamped to the text, moved back to a
    /// character boundary).
    pub fn position(&self, offset: usize, enc: Encoding) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let column = self.text[start..offset].chars().map(|c| enc.width(c)).sum();
        Position::new(line as u32, column)
    }

    pub fn range(&self, start: usize, end: usize, enc: Encoding) -> Range {
        Range::new(self.position(start, enc), self.position(end, enc))
    }

    /// The byte offset of `pos`: past the end of its line it is the line's
    /// end, past the last line the text's end, inside a character its start.
    pub fn offset(&self, pos: Position, enc: Encoding) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else {
            return self.text.len();
        };
        let end = self
            .starts
            .get(pos.line as usize + 1)
            .map_or(self.text.len(), |&e| e - 1);
        let mut units = 0u32;
        for (i, c) in self.text[start..end].char_indices() {
            let w = enc.width(c);
            if units + w > pos.character {
                return start + i;
            }
            units += w;
        }
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_in_each_encoding() {
        let text = "a: 1\n  - coût_par_clic = dépense / clics € 🚀 x\n";
        let idx = LineIndex::new(text);
        let x = text.rfind('x').unwrap();
        // after "  - coût_par_clic = dépense / clics € 🚀 "
        assert_eq!(idx.position(x, Encoding::Utf32), Position::new(1, 40));
        assert_eq!(idx.position(x, Encoding::Utf16), Position::new(1, 41));
        assert_eq!(idx.position(x, Encoding::Utf8), Position::new(1, 47));
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            for (i, _) in text.char_indices() {
                assert_eq!(idx.offset(idx.position(i, enc), enc), i, "{enc:?} {i}");
            }
        }
        // past a line's end: its end; past the text: the end
        assert_eq!(idx.offset(Position::new(0, 99), Encoding::Utf16), 4);
        assert_eq!(idx.offset(Position::new(9, 0), Encoding::Utf16), text.len());
        // inside a surrogate pair: the character's start
        let rocket = text.find('🚀').unwrap();
        let p = idx.position(rocket, Encoding::Utf16);
        assert_eq!(
            idx.offset(Position::new(p.line, p.character + 1), Encoding::Utf16),
            rocket
        );
    }

    #[test]
    fn the_client_chooses_among_what_it_offers() {
        use PositionEncodingKind as K;
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        assert_eq!(
            Encoding::negotiate(Some(&[K::UTF8, K::UTF16])),
            Encoding::Utf8
        );
        assert_eq!(Encoding::negotiate(Some(&[K::UTF32])), Encoding::Utf32);
        assert_eq!(
            Encoding::negotiate(Some(&[K::new("utf-7")])),
            Encoding::Utf16
        );
    }
}
