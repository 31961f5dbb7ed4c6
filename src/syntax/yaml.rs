//! A YAML node tree with exact source spans, built from saphyr-parser events.
//!
//! Every scalar keeps a map from each byte of its decoded value to the byte
//! of the file it came from, whatever its style (plain, quoted, block), so a
//! token found inside a value (a name in a DSL expression) is located exactly.
//! The map is rebuilt by re-reading the raw scalar text and checked against the
//! parser's own value; if they disagree the whole value maps to the scalar's
//! first character, which is never wrong, only less precise.

use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, SourceFile, Span};
use saphyr_parser::{Event, Parser, ScalarStyle};

/// Most nodes a file may expand to (aliases included), against alias bombs.
pub const MAX_NODES: usize = 1_000_000;
/// Deepest nesting of collections a file may have.
pub const MAX_DEPTH: usize = 200;

#[derive(Clone, Debug)]
pub struct Scalar {
    pub value: String,
    pub style: ScalarStyle,
    /// `map[i]` is the file offset of byte `i` of `value`; one extra entry for the end.
    map: Vec<u32>,
}

impl Scalar {
    /// A plain scalar not read from a file: byte `i` of the value is at
    /// offset `i` (for parsing expression text on its own).
    pub fn detached(value: &str) -> Scalar {
        Scalar {
            value: value.to_string(),
            style: ScalarStyle::Plain,
            map: (0..=value.len() as u32).collect(),
        }
    }
    pub fn is_plain(&self) -> bool {
        self.style == ScalarStyle::Plain
    }
    /// The file span of the bytes `start..end` of the value.
    pub fn sub_span(&self, file: FileId, start: usize, end: usize) -> Span {
        let at = |i: usize| self.map.get(i).or(self.map.last()).copied().unwrap_or(0) as usize;
        let s = at(start);
        let e = if end > start { at(end - 1) + 1 } else { s };
        Span::new(file, s, e.max(s))
    }
}

#[derive(Clone, Debug)]
pub enum NodeKind {
    Scalar(Scalar),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

#[derive(Clone, Debug)]
pub struct Node {
    pub kind: NodeKind,
    pub span: Span,
}

impl Node {
    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(s),
            _ => None,
        }
    }
    pub fn is_null(&self) -> bool {
        match &self.kind {
            NodeKind::Scalar(s) => {
                s.is_plain() && matches!(s.value.as_str(), "" | "~" | "null" | "Null" | "NULL")
            }
            _ => false,
        }
    }
    pub fn kind_name(&self) -> &'static str {
        match &self.kind {
            NodeKind::Scalar(_) => "a scalar",
            NodeKind::Seq(_) => "a list",
            NodeKind::Map(_) => "a mapping",
        }
    }
}

enum Frame {
    Seq(Vec<Node>, Span, usize),
    Map(Vec<(Node, Node)>, Option<Node>, Span, usize),
}

/// Parses one file into its root node (None for an empty file).
pub fn parse(file: FileId, src: &SourceFile) -> Result<Option<Node>, Diagnostic> {
    let text = src.text.as_str();
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: Vec<Option<Node>> = Vec::new();
    let mut root: Option<Node> = None;
    let mut nodes = 0usize;
    let mut docs = 0usize;
    for ev in Parser::new_from_str(text) {
        let (ev, span) = match ev {
            Ok(x) => x,
            Err(e) => {
                let m = e.marker();
                let off = src.offset_of(m.line(), m.col());
                let d = Diagnostic::of(
                    Code::YamlError,
                    crate::msg!("invalid-yaml", error = e.info()),
                )
                .at(src.char_span(file, off))
                .label_msg(crate::msg!("here"));
                return Err(if comma_in_flow(text, off) {
                    d.help_msg(crate::msg!("yaml-comma-in-flow-help"))
                } else {
                    d
                });
            }
        };
        let start = src.offset_of(span.start.line(), span.start.col());
        let end = src.offset_of(span.end.line(), span.end.col());
        let fspan = Span::new(file, start, end);
        let (node, anchor) = match ev {
            Event::DocumentStart(_) => {
                docs += 1;
                if docs > 1 {
                    return Err(
                        Diagnostic::of(Code::YamlError, crate::msg!("yaml-two-documents"))
                            .at(Span::new(
                                file,
                                start,
                                src.clamp(Span::new(file, start, start + 3)).1,
                            ))
                            .help_msg(crate::msg!("yaml-two-documents-help")),
                    );
                }
                continue;
            }
            Event::SequenceStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(too_deep(fspan));
                }
                stack.push(Frame::Seq(Vec::new(), fspan, anchor));
                continue;
            }
            Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(too_deep(fspan));
                }
                stack.push(Frame::Map(Vec::new(), None, fspan, anchor));
                continue;
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Frame::Seq(items, s, anchor)) => {
                    let span = Span::new(file, s.start as usize, end.max(s.start as usize));
                    (
                        Node {
                            kind: NodeKind::Seq(items),
                            span,
                        },
                        anchor,
                    )
                }
                _ => continue,
            },
            Event::MappingEnd => match stack.pop() {
                Some(Frame::Map(items, _, s, anchor)) => {
                    let span = Span::new(file, s.start as usize, end.max(s.start as usize));
                    (
                        Node {
                            kind: NodeKind::Map(items),
                            span,
                        },
                        anchor,
                    )
                }
                _ => continue,
            },
            Event::Scalar(value, style, anchor, _) => {
                let value = value.into_owned();
                let map = scalar_map(text, start, end, style, &value);
                let span = match style {
                    ScalarStyle::Literal | ScalarStyle::Folded => Span::new(
                        file,
                        start,
                        start + first_line_len(&text[start..end.max(start)]),
                    ),
                    // the parser's end may run past the closing quote (over
                    // spaces, even a comment): the quotes delimit the scalar
                    ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
                        match quoted_end(text, start) {
                            Some(e) => Span::new(file, start, e),
                            None => fspan,
                        }
                    }
                    _ => fspan,
                };
                (
                    Node {
                        kind: NodeKind::Scalar(Scalar { value, style, map }),
                        span,
                    },
                    anchor,
                )
            }
            Event::Alias(id) => match anchors.get(id).and_then(|n| n.clone()) {
                Some(n) => {
                    nodes += count_nodes(&n);
                    if nodes > MAX_NODES {
                        return Err(Diagnostic::of(
                            Code::YamlError,
                            crate::msg!("yaml-alias-bomb", max = MAX_NODES),
                        )
                        .at(fspan)
                        .label_msg(crate::msg!("yaml-this-alias"))
                        .help_msg(crate::msg!("yaml-alias-bomb-help")));
                    }
                    (n, 0)
                }
                None => {
                    return Err(
                        Diagnostic::of(Code::YamlError, crate::msg!("yaml-unknown-anchor"))
                            .at(fspan),
                    )
                }
            },
            _ => continue,
        };
        nodes += 1;
        if nodes > MAX_NODES {
            return Err(Diagnostic::of(
                Code::YamlError,
                crate::msg!("yaml-too-many-nodes", max = MAX_NODES),
            )
            .at(fspan));
        }
        if anchor > 0 {
            if anchors.len() <= anchor {
                anchors.resize(anchor + 1, None);
            }
            anchors[anchor] = Some(node.clone());
        }
        match stack.last_mut() {
            None => root = Some(node),
            Some(Frame::Seq(items, _, _)) => items.push(node),
            Some(Frame::Map(items, key, _, _)) => match key.take() {
                None => *key = Some(node),
                Some(k) => items.push((k, node)),
            },
        }
    }
    Ok(root)
}

/// Whether the line of a YAML error, up to it, opens a flow collection
/// (`{ … }` or `[ … ]`) and then a call's parenthesis it does not close:
/// `{ where: not starts_with(InvoiceNo, "C") }`, where the comma ends the
/// value in the middle of the expression.
fn comma_in_flow(text: &str, off: usize) -> bool {
    let before = text.get(..off.min(text.len())).unwrap_or("");
    let line = before.rsplit('\n').next().unwrap_or("");
    let Some(flow) = line.find(['{', '[']) else {
        return false;
    };
    let inside = &line[flow..];
    inside.matches('(').count() > inside.matches(')').count()
}

fn too_deep(span: Span) -> Diagnostic {
    Diagnostic::of(
        Code::YamlError,
        crate::msg!("yaml-too-deep", max = MAX_DEPTH),
    )
    .at(span)
}

fn count_nodes(n: &Node) -> usize {
    match &n.kind {
        NodeKind::Scalar(_) => 1,
        NodeKind::Seq(items) => 1 + items.iter().map(count_nodes).sum::<usize>(),
        NodeKind::Map(items) => {
            1 + items
                .iter()
                .map(|(k, v)| count_nodes(k) + count_nodes(v))
                .sum::<usize>()
        }
    }
}

fn first_line_len(s: &str) -> usize {
    s.split('\n')
        .next()
        .map(|l| l.trim_end_matches('\r').len())
        .unwrap_or(0)
        .max(1)
}

/// Rebuilds the value of a scalar from its raw text, recording where each
/// decoded byte came from. Falls back to the scalar start when the rebuilt
/// value differs from the parser's.
fn scalar_map(text: &str, start: usize, end: usize, style: ScalarStyle, value: &str) -> Vec<u32> {
    let raw_end = end.min(text.len()).max(start);
    let decoded = match style {
        ScalarStyle::Plain => decode_flow(text, start, raw_end, false),
        ScalarStyle::SingleQuoted => decode_quoted(text, start, raw_end, b'\''),
        ScalarStyle::DoubleQuoted => decode_quoted(text, start, raw_end, b'"'),
        ScalarStyle::Literal | ScalarStyle::Folded => {
            decode_block(text, start, raw_end, style == ScalarStyle::Folded)
        }
    };
    if let Some((s, mut map)) = decoded {
        // block chomping (`|+`, `|-`) only changes trailing line breaks
        if s.trim_end_matches('\n') == value.trim_end_matches('\n') {
            let vlen = value.len();
            let last = map.last().map(|&o| o + 1).unwrap_or(start as u32);
            map.resize(vlen, last);
            map.push(last);
            return map;
        }
    }
    vec![start as u32; value.len() + 1]
}

/// Appends a character produced by the source at `at` (an escape, a folded
/// line break): all its bytes map to `at`.
fn push_char(out: &mut String, map: &mut Vec<u32>, c: char, at: usize) {
    out.push(c);
    for _ in 0..c.len_utf8() {
        map.push(at as u32);
    }
}

/// Appends a character copied as it is from the source at `at`: byte for byte.
fn copy_char(out: &mut String, map: &mut Vec<u32>, c: char, at: usize) {
    out.push(c);
    for k in 0..c.len_utf8() {
        map.push((at + k) as u32);
    }
}

/// Line folding shared by plain and quoted scalars: `lines` are (offset, text)
/// of each raw line; inner lines are trimmed, a single break becomes a space,
/// and each empty line becomes a newline.
fn fold_lines(
    lines: &[(usize, &str)],
    out: &mut String,
    map: &mut Vec<u32>,
    mut each: impl FnMut(&mut String, &mut Vec<u32>, usize, &str),
) {
    let n = lines.len();
    let mut pending_breaks = 0usize;
    let mut first = true;
    for (i, (off, line)) in lines.iter().enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let (lead, body) = if i == 0 {
            (0, line)
        } else {
            let t = line.trim_start_matches([' ', '\t']);
            (line.len() - t.len(), t)
        };
        let body = if i + 1 < n {
            body.trim_end_matches([' ', '\t'])
        } else {
            body
        };
        if i > 0 && i + 1 < n && body.is_empty() {
            pending_breaks += 1;
            continue;
        }
        if !first {
            let at = off + lead;
            if pending_breaks == 0 {
                push_char(out, map, ' ', at);
            } else {
                for _ in 0..pending_breaks {
                    push_char(out, map, '\n', at);
                }
            }
        }
        pending_breaks = 0;
        first = false;
        each(out, map, off + lead, body);
    }
}

fn raw_lines(text: &str, from: usize, to: usize) -> Vec<(usize, &str)> {
    let mut v = Vec::new();
    let mut off = from;
    for l in text[from..to].split('\n') {
        v.push((off, l));
        off += l.len() + 1;
    }
    v
}

fn decode_flow(text: &str, start: usize, end: usize, _q: bool) -> Option<(String, Vec<u32>)> {
    let mut out = String::new();
    let mut map = Vec::new();
    let lines = raw_lines(text, start, end);
    fold_lines(&lines, &mut out, &mut map, |out, map, off, body| {
        for (i, c) in body.char_indices() {
            copy_char(out, map, c, off + i);
        }
    });
    Some((out, map))
}

/// The end (after the closing quote) of the quoted scalar that opens at
/// `start` with `'` or `"`; None if it is not closed.
pub fn quoted_end(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let quote = *bytes.get(start).filter(|q| matches!(q, b'\'' | b'"'))?;
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            c if c == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

fn decode_quoted(text: &str, start: usize, end: usize, quote: u8) -> Option<(String, Vec<u32>)> {
    if end < start + 2 || text.as_bytes().get(start) != Some(&quote) {
        return None;
    }
    let end = quoted_end(text, start)?;
    let mut out = String::new();
    let mut map = Vec::new();
    let lines = raw_lines(text, start + 1, end - 1);
    let mut ok = true;
    let mut escaped_break = false;
    fold_lines(&lines, &mut out, &mut map, |out, map, off, body| {
        if escaped_break {
            // the space added by folding is dropped after `\` at a line end
            if out.ends_with(' ') {
                out.pop();
                map.pop();
            }
            escaped_break = false;
        }
        let mut it = body.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            if quote == b'\'' && c == '\'' {
                if let Some((_, '\'')) = it.peek() {
                    it.next();
                }
                push_char(out, map, '\'', off + i);
            } else if quote == b'"' && c == '\\' {
                let Some((_, e)) = it.next() else {
                    escaped_break = true;
                    continue;
                };
                let simple = match e {
                    '0' => Some('\0'),
                    'a' => Some('\x07'),
                    'b' => Some('\x08'),
                    't' | '\t' => Some('\t'),
                    'n' => Some('\n'),
                    'v' => Some('\x0b'),
                    'f' => Some('\x0c'),
                    'r' => Some('\r'),
                    'e' => Some('\x1b'),
                    ' ' => Some(' '),
                    '"' => Some('"'),
                    '/' => Some('/'),
                    '\\' => Some('\\'),
                    'N' => Some('\u{85}'),
                    '_' => Some('\u{a0}'),
                    'L' => Some('\u{2028}'),
                    'P' => Some('\u{2029}'),
                    _ => None,
                };
                if let Some(ch) = simple {
                    push_char(out, map, ch, off + i);
                    continue;
                }
                let n = match e {
                    'x' => 2,
                    'u' => 4,
                    'U' => 8,
                    _ => {
                        ok = false;
                        return;
                    }
                };
                let mut code = 0u32;
                for _ in 0..n {
                    match it.next().and_then(|(_, h)| h.to_digit(16)) {
                        Some(d) => code = code * 16 + d,
                        None => {
                            ok = false;
                            return;
                        }
                    }
                }
                match char::from_u32(code) {
                    Some(ch) => push_char(out, map, ch, off + i),
                    None => ok = false,
                }
            } else {
                copy_char(out, map, c, off + i);
            }
        }
    });
    ok.then_some((out, map))
}

fn decode_block(text: &str, start: usize, end: usize, folded: bool) -> Option<(String, Vec<u32>)> {
    // `start` is the first content character; its column is the indentation.
    let line_start = text[..start].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let indent = start - line_start;
    let mut out = String::new();
    let mut map = Vec::new();
    let lines = raw_lines(text, line_start, end);
    let mut prev_text_line = false; // previous line was a non-empty, not more-indented line
    let mut pending: Vec<usize> = Vec::new(); // offsets of line breaks not yet emitted
    for (off, line) in lines {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let content_off = off + indent.min(line.len());
        let body = line.get(indent..).unwrap_or("");
        let empty = body.trim().is_empty() && line.len() <= indent;
        if empty {
            pending.push(off);
            continue;
        }
        let more_indented = body.starts_with([' ', '\t']);
        if !out.is_empty() || !pending.is_empty() {
            if folded && prev_text_line && !more_indented {
                // the break after the previous line folds to a space unless empty lines follow
                if pending.len() == 1 {
                    push_char(&mut out, &mut map, ' ', content_off);
                } else {
                    for &p in &pending[1..] {
                        push_char(&mut out, &mut map, '\n', p);
                    }
                }
            } else {
                for &p in &pending {
                    push_char(&mut out, &mut map, '\n', p);
                }
            }
        }
        pending.clear();
        for (i, c) in body.char_indices() {
            copy_char(&mut out, &mut map, c, content_off + i);
        }
        pending.push(off + line.len());
        prev_text_line = !more_indented;
    }
    if let Some(&p) = pending.first() {
        push_char(&mut out, &mut map, '\n', p);
    }
    Some((out, map))
}

#[cfg(test)]
mod tests {
    use super::comma_in_flow;

    #[test]
    fn a_call_cut_by_a_flow_comma_is_recognised() {
        let line = "  orders: { source: shop, where: not starts_with(InvoiceNo, \"C\") }";
        let cut = line.find("\"C\"").unwrap();
        assert!(comma_in_flow(line, cut));
        // the whole call closed, or no flow collection: no hint
        assert!(!comma_in_flow(line, line.len()));
        let block = "  where: not starts_with(InvoiceNo, \"C\") {";
        assert!(!comma_in_flow(block, block.find("\"C\"").unwrap()));
        // only the error's line counts
        let two = "a: [f(x,\nb: \"C\"";
        assert!(!comma_in_flow(two, two.len()));
    }
}
