//! `boussole fmt`: the canonical layout of a spec file, comments kept.
//!
//! The file is read into the node tree ([`crate::syntax::yaml`]); its comments and
//! blank lines are found around the scalars and attached to the entry (a
//! mapping key or a list item) they precede, or end the line of; the tree is
//! then written back in one layout: two-space indentation, block style (the
//! `kpis` of an objective stay a one-line `[a, b]` list when they fit), the
//! keys of each known section in one order, expressions in their canonical
//! text (`a / b`), scalars quoted only where YAML needs it or where the
//! unquoted text would read as another type (`"2026"`, `"yes"`).
//!
//! Nothing is lost: the result is read again and compared with the original
//! (the same values in the same places, the same expression trees, the same
//! comments) before it is returned; a difference is a `fmt-failed` error and
//! the file is left as it is. Anchors, aliases, tags and directives, which
//! the layout would drop, are refused with `fmt-unsupported`. Line ends
//! follow the file's first line (LF, or CRLF).

use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, SourceFile, Span};
use crate::spec::keys::{
    DateKey, InputKey, Key, MetricKey, ObjectiveKey, SourceKey, TargetKey, TopKey,
};
use crate::syntax::dsl::{parse_metric, parse_target, MAX_EXPR_LEN};
use crate::syntax::row::parse_row;
use crate::syntax::yaml::{self, Node, NodeKind, Scalar};
use saphyr_parser::{Event, Parser, ScalarStyle};
use std::collections::HashMap;

/// Widest line a one-line `kpis: [a, b]` list may make.
const FLOW_WIDTH: usize = 100;

/// The canonical text of a spec file.
pub fn format(file: FileId, src: &SourceFile) -> Result<String, Diagnostic> {
    let text = src.text.as_str();
    let doc_start = unsupported(file, src)?;
    let root = yaml::parse(file, src)?;
    let mut scalars = Vec::new();
    if let Some(r) = &root {
        extents(r, text, &mut scalars);
    }
    scalars.sort_unstable();
    let trivia = scan_trivia(text, &scalars);
    let mut recs = Vec::new();
    if let Some(r) = &root {
        entries(r, text, None, None, &mut recs);
    }
    let attached = attach(&trivia, &recs, doc_start);
    let mut w = Writer {
        out: String::new(),
        text,
        attached,
        keep_end: usize::MAX,
        carry: Vec::new(),
    };
    w.document(root.as_ref(), doc_start.is_some());
    let formatted = w.out;
    verify(file, src, root.as_ref(), &trivia, &formatted)?;
    // a file with CRLF line ends (a Windows checkout) keeps them
    let crlf = text.find('\n').is_some_and(|i| text[..i].ends_with('\r'));
    Ok(if crlf {
        formatted.replace('\n', "\r\n")
    } else {
        formatted
    })
}

/// Refuses what the layout cannot keep; the offset of an explicit `---`.
fn unsupported(file: FileId, src: &SourceFile) -> Result<Option<usize>, Diagnostic> {
    let refuse = |at: usize, what: &'static str| {
        Diagnostic::of(
            Code::FmtUnsupported,
            crate::msg!("fmt-unsupported", what = what),
        )
        .at(src.char_span(file, at))
        .label_msg(crate::msg!("here"))
        .help_msg(crate::msg!("fmt-unsupported-help"))
    };
    let mut doc_start = None;
    for ev in Parser::new_from_str(&src.text) {
        // a YAML error is reported by the parse that follows, with its position
        let Ok((ev, span)) = ev else { break };
        let at = src.offset_of(span.start.line(), span.start.col());
        match ev {
            Event::DocumentStart(true) if doc_start.is_none() => doc_start = Some(at),
            Event::Alias(_) => return Err(refuse(at, "aliases")),
            Event::Scalar(_, _, anchor, tag)
            | Event::SequenceStart(anchor, tag)
            | Event::MappingStart(anchor, tag) => {
                if anchor > 0 {
                    return Err(refuse(at, "anchors"));
                }
                if tag.is_some() {
                    return Err(refuse(at, "tags"));
                }
            }
            _ => {}
        }
    }
    if let Some(start) = doc_start {
        let mut off = 0;
        for line in src.text[..start].split_inclusive('\n') {
            if line.starts_with('%') {
                return Err(refuse(off, "directives"));
            }
            off += line.len();
        }
    }
    Ok(doc_start)
}

// ---------------------------------------------------------------- trivia

#[derive(Clone, Debug, PartialEq)]
enum Triv {
    Blank,
    Comment(String),
}

/// A comment or a blank line of the file, with where it is.
struct Found {
    offset: usize,
    own_line: bool,
    triv: Triv,
}

/// The file extents of every scalar (quotes and block bodies included), in
/// which a `#` is text, not a comment.
fn extents(node: &Node, text: &str, out: &mut Vec<(usize, usize)>) {
    match &node.kind {
        NodeKind::Scalar(s) => out.push(scalar_extent(node, s, text)),
        NodeKind::Seq(items) => items.iter().for_each(|n| extents(n, text, out)),
        NodeKind::Map(items) => items.iter().for_each(|(k, v)| {
            extents(k, text, out);
            extents(v, text, out);
        }),
    }
}

fn scalar_extent(node: &Node, s: &Scalar, text: &str) -> (usize, usize) {
    let start = node.span.start as usize;
    match s.style {
        ScalarStyle::Plain => (start, node.span.end as usize),
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
            (start, yaml::quoted_end(text, start).unwrap_or(text.len()))
        }
        ScalarStyle::Literal | ScalarStyle::Folded if s.value.is_empty() => (start, start),
        ScalarStyle::Literal | ScalarStyle::Folded => {
            let end = block_end(text, start);
            if s.value.ends_with("\n\n") {
                // `|+` keeps the blank lines after the text: they are its value
                let rest = &text[end..];
                let blank = rest.len() - rest.trim_start_matches([' ', '\t', '\r', '\n']).len();
                let through = rest[..blank].rfind('\n').map_or(end, |i| end + i + 1);
                (start, through)
            } else {
                (start, end)
            }
        }
    }
}

/// The end of a block scalar's last non-blank line: its body is every line
/// indented at least as much as its first content character, and blank lines.
fn block_end(text: &str, start: usize) -> usize {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let indent = start - line_start;
    let mut end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let mut off = end + 1;
    while off < text.len() {
        let line_end = text[off..].find('\n').map_or(text.len(), |i| off + i);
        let line = text[off..line_end].trim_end_matches('\r');
        let lead = line.len() - line.trim_start_matches(' ').len();
        if !line.trim().is_empty() {
            if lead < indent {
                break;
            }
            end = off + line.len();
        }
        off = line_end + 1;
    }
    end
}

/// Every comment and blank line outside the scalars, in file order.
fn scan_trivia(text: &str, scalars: &[(usize, usize)]) -> Vec<Found> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut next = 0; // first scalar that may still contain a position
    let mut line_start = 0;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        let inside = |p: usize, next: &mut usize| {
            while *next < scalars.len() && scalars[*next].1 <= p {
                *next += 1;
            }
            scalars
                .get(*next)
                .filter(|(s, e)| *s <= p && p < *e)
                .map(|&(_, e)| e)
        };
        if text[line_start..line_end].trim().is_empty() {
            if inside(line_start, &mut next).is_none() {
                found.push(Found {
                    offset: line_start,
                    own_line: true,
                    triv: Triv::Blank,
                });
            }
        } else {
            let mut p = line_start;
            while p < line_end {
                if let Some(e) = inside(p, &mut next) {
                    p = e;
                    continue;
                }
                if bytes[p] == b'#' && (p == line_start || matches!(bytes[p - 1], b' ' | b'\t')) {
                    found.push(Found {
                        offset: p,
                        own_line: text[line_start..p].trim().is_empty(),
                        triv: Triv::Comment(text[p..line_end].trim_end().to_string()),
                    });
                    break;
                }
                p += 1;
            }
        }
        line_start = line_end + 1;
    }
    found
}

/// An entry of the tree: a mapping key or a list item.
struct Rec {
    start: usize,
    id: usize,
    /// The entry that holds the outermost flow collection (`[…]`, `{…}`) this
    /// entry is in: a comment after a flow collection belongs to it.
    flow_owner: Option<usize>,
}

fn id(node: &Node) -> usize {
    node as *const Node as usize
}

fn is_flow(node: &Node, text: &str) -> bool {
    matches!(
        text.as_bytes().get(node.span.start as usize),
        Some(b'[' | b'{')
    )
}

/// The entries under `node` in file order.
fn entries(
    node: &Node,
    text: &str,
    owner: Option<usize>,
    flow_owner: Option<usize>,
    out: &mut Vec<Rec>,
) {
    let inner = match &node.kind {
        NodeKind::Scalar(_) => return,
        _ if is_flow(node, text) => flow_owner.or(owner),
        _ => flow_owner,
    };
    let push = |n: &Node, out: &mut Vec<Rec>| {
        out.push(Rec {
            start: entry_start(n, text),
            id: id(n),
            flow_owner: inner,
        });
        out.len() - 1
    };
    match &node.kind {
        NodeKind::Scalar(_) => {}
        NodeKind::Seq(items) => {
            for it in items {
                let me = push(it, out);
                entries(it, text, Some(me), inner, out);
            }
        }
        NodeKind::Map(items) => {
            for (k, v) in items {
                let me = push(k, out);
                entries(v, text, Some(me), inner, out);
            }
        }
    }
}

#[derive(Default)]
struct Attached {
    /// Entry id → the blank lines and comments before it.
    leading: HashMap<usize, Vec<Triv>>,
    /// Entry id → the comments at the end of its line.
    trailing: HashMap<usize, Vec<String>>,
    /// Before an explicit `---`.
    before_doc: Vec<Triv>,
    /// The file's opening comments, up to the last blank line before the
    /// first entry: they stay at the top whatever entry comes first.
    header: Vec<Triv>,
    /// After the last entry.
    end: Vec<Triv>,
}

fn attach(found: &[Found], recs: &[Rec], doc_start: Option<usize>) -> Attached {
    let mut a = Attached::default();
    for f in found {
        if doc_start.is_some_and(|d| f.offset < d) {
            a.before_doc.push(f.triv.clone());
            continue;
        }
        let after = recs.partition_point(|r| r.start < f.offset);
        if !f.own_line {
            if let (Triv::Comment(c), Some(last)) = (&f.triv, after.checked_sub(1)) {
                let owner = recs[last].flow_owner.unwrap_or(last);
                a.trailing
                    .entry(recs[owner].id)
                    .or_default()
                    .push(c.clone());
                continue;
            }
        }
        match recs.get(after) {
            Some(r) => a.leading.entry(r.id).or_default().push(f.triv.clone()),
            None => a.end.push(f.triv.clone()),
        }
    }
    if let Some(first) = recs.first() {
        if let Some(lead) = a.leading.get_mut(&first.id) {
            if let Some(last_blank) = lead.iter().rposition(|t| *t == Triv::Blank) {
                a.header = lead.drain(..=last_blank).collect();
            }
        }
    }
    a
}

// ---------------------------------------------------------------- layout

/// Where a node sits in a spec file, for key order and expressions.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Pos {
    Root,
    Sources,
    Source,
    SourceDate,
    Inputs,
    Input,
    Metrics,
    Metric,
    /// `name = expression`
    Def,
    Objectives,
    Objective,
    Kpis,
    Targets,
    /// `expression comparator value`
    Target,
    /// A target's long form: `target:` and `action:`
    TargetItem,
    /// An input's `expr:`, `where:` or `having:` (a row expression)
    Row,
    Other,
}

fn child(pos: Pos, key: Option<&str>, node: &Node) -> Pos {
    let is_map = matches!(node.kind, NodeKind::Map(_));
    match (pos, key) {
        (Pos::Root, Some("sources")) => Pos::Sources,
        (Pos::Sources, Some(_)) => Pos::Source,
        (Pos::Source, Some("date")) if is_map => Pos::SourceDate,
        (Pos::Root, Some("inputs")) => Pos::Inputs,
        (Pos::Root, Some("metrics")) => Pos::Metrics,
        (Pos::Root, Some("objectives")) => Pos::Objectives,
        (Pos::Inputs, Some(_)) => Pos::Input,
        (Pos::Input, Some("expr" | "where" | "having")) => Pos::Row,
        (Pos::Metrics, None) if is_map => Pos::Metric,
        (Pos::Metrics, None) => Pos::Def,
        (Pos::Metric, Some("def")) => Pos::Def,
        (Pos::Objectives, Some(_)) => Pos::Objective,
        (Pos::Objective, Some("kpis")) => Pos::Kpis,
        (Pos::Objective, Some("targets")) => Pos::Targets,
        (Pos::Targets, None) if is_map => Pos::TargetItem,
        (Pos::Targets, None) => Pos::Target,
        (Pos::TargetItem, Some("target")) => Pos::Target,
        _ => Pos::Other,
    }
}

/// The entries of a mapping in canonical order: the known keys of its
/// section in their order, then the others as they were (stable).
fn ordered(items: &[(Node, Node)], pos: Pos) -> Vec<&(Node, Node)> {
    let keys: &[&str] = match pos {
        Pos::Root => TopKey::NAMES,
        Pos::Source => SourceKey::NAMES,
        Pos::SourceDate => DateKey::NAMES,
        Pos::Input => InputKey::NAMES,
        Pos::Metric => MetricKey::NAMES,
        Pos::Objective => ObjectiveKey::NAMES,
        Pos::TargetItem => TargetKey::NAMES,
        _ => &[],
    };
    let rank = |k: &Node| {
        k.as_scalar()
            .and_then(|s| keys.iter().position(|x| *x == s.value))
            .unwrap_or(keys.len())
    };
    let mut v: Vec<&(Node, Node)> = items.iter().collect();
    v.sort_by_key(|(k, _)| rank(k));
    v
}

fn key_str(k: &Node) -> Option<&str> {
    k.as_scalar().map(|s| s.value.as_str())
}

/// The canonical text of an expression scalar (a metric definition or a
/// target), when it parses and stays within the length limit.
fn canonical_expr(s: &Scalar, pos: Pos) -> Option<String> {
    let detached = Scalar::detached(&s.value);
    let canonical = match pos {
        Pos::Def => parse_metric(FileId(0), &detached)
            .ok()
            .map(|m| format!("{} = {}", m.name, m.expr)),
        Pos::Target => parse_target(FileId(0), &detached)
            .ok()
            .map(|t| t.to_string()),
        Pos::Row => parse_row(FileId(0), &detached).ok().map(|e| e.to_string()),
        _ => None,
    };
    canonical.filter(|c| c.len() <= MAX_EXPR_LEN)
}

/// The text a scalar is written with: its canonical expression, or its value.
fn canonical_value(s: &Scalar, pos: Pos) -> String {
    canonical_expr(s, pos).unwrap_or_else(|| s.value.clone())
}

/// Characters that only a double-quoted scalar can carry (as escapes).
fn special(c: char) -> bool {
    (c.is_control() && c != '\t') || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// Whether `v` can be written unquoted, on one line, and read back as the
/// same text.
fn plain_ok(v: &str, flow: bool) -> bool {
    let mut chars = v.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let second = chars.next();
    if v.chars().any(|c| special(c) || c == '\t')
        || v != v.trim()
        || v.contains(": ")
        || v.contains(" #")
        || v.ends_with(':')
        || v.starts_with("---")
        || v.starts_with("...")
    {
        return false;
    }
    if flow && v.contains([',', '[', ']', '{', '}', ':']) {
        return false;
    }
    match first {
        '[' | ']' | '{' | '}' | ',' | '#' | '&' | '*' | '!' | '|' | '>' | '\'' | '"' | '%'
        | '@' | '`' => false,
        '-' | '?' | ':' => {
            matches!(second, Some(c) if c != ' ' && !(flow && ",[]{}".contains(c)))
        }
        _ => true,
    }
}

/// Whether a plain `v` reads as a string under YAML 1.1 and 1.2 alike (not
/// null, a boolean, a number or a date), so that quotes around it can go.
fn reads_as_string(v: &str) -> bool {
    const WORDS: &[&str] = &[
        "", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "y",
        "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off",
        "OFF", "<<", "=",
    ];
    if WORDS.contains(&v) {
        return false;
    }
    let body = v.trim_start_matches(['-', '+']);
    let lower = body.to_ascii_lowercase();
    if matches!(lower.as_str(), ".inf" | ".nan") {
        return false;
    }
    // anything that starts like a number and has only number-ish characters
    // (ints, floats, hex, octal, sexagesimal, dates) keeps its quotes
    let numeric_start = body
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || c == '.');
    !(numeric_start
        && body
            .chars()
            .all(|c| c.is_ascii_hexdigit() || "xXoO_.:+-eE tT".contains(c)))
}

fn quoted(v: &str) -> String {
    if !v.chars().any(|c| special(c) || c == '"' || c == '\\') {
        return format!("\"{v}\"");
    }
    if !v.chars().any(special) {
        return format!("'{}'", v.replace('\'', "''"));
    }
    let mut out = String::from("\"");
    for c in v.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            '\u{1b}' => out.push_str("\\e"),
            c if special(c) && (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if special(c) => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The one-line text of a scalar.
fn scalar_text(s: &Scalar, pos: Pos, flow: bool) -> String {
    let v = canonical_value(s, pos);
    if plain_ok(&v, flow) && (s.is_plain() || reads_as_string(&v)) {
        v
    } else {
        quoted(&v)
    }
}

struct Writer<'a> {
    out: String,
    text: &'a str,
    attached: Attached,
    /// The length of `out` just after a block scalar that keeps its
    /// trailing line breaks (`|+`): a blank line there would join its value.
    keep_end: usize,
    /// Comments that ended a line after its first one: they go before the
    /// next entry written, where reading the output again would put them.
    carry: Vec<Triv>,
}

impl Writer<'_> {
    fn indent(&mut self, n: usize) {
        self.out.extend(std::iter::repeat_n(' ', n));
    }

    /// Comments and blank lines (one at most in a row). A blank line opens
    /// neither the file nor a block (`first`) unless a comment comes first.
    fn trivia(&mut self, items: &[Triv], ind: usize, first: bool) {
        let mut carried = std::mem::take(&mut self.carry);
        let items = if carried.is_empty() {
            items
        } else {
            carried.extend_from_slice(items);
            &carried[..]
        };
        let mut blank_ok = !first && !self.out.is_empty() && self.out.len() != self.keep_end;
        let mut pending = false;
        for t in items {
            match t {
                Triv::Blank => pending = true,
                Triv::Comment(c) => {
                    if pending && blank_ok {
                        self.out.push('\n');
                    }
                    self.indent(ind);
                    self.out.push_str(c);
                    self.out.push('\n');
                    pending = false;
                    blank_ok = true;
                }
            }
        }
        if pending && blank_ok {
            self.out.push('\n');
        }
    }

    fn leading(&mut self, id: usize, ind: usize, first: bool) {
        if let Some(items) = self.attached.leading.remove(&id) {
            self.trivia(&items, ind, first);
        }
    }

    /// Ends the current line with the trailing comments of `ids`: the first on
    /// the line, any others before the next entry.
    fn end_line(&mut self, ids: &[usize]) {
        let comments: Vec<String> = ids
            .iter()
            .filter_map(|i| self.attached.trailing.remove(i))
            .flatten()
            .collect();
        let mut it = comments.into_iter();
        if let Some(c) = it.next() {
            self.out.push(' ');
            self.out.push_str(&c);
        }
        self.out.push('\n');
        self.carry.extend(it.map(Triv::Comment));
    }

    fn document(&mut self, root: Option<&Node>, explicit: bool) {
        let before = std::mem::take(&mut self.attached.before_doc);
        self.trivia(&before, 0, true);
        if explicit {
            self.out.push_str("---\n");
        }
        let header = std::mem::take(&mut self.attached.header);
        self.trivia(&header, 0, true);
        if let Some(root) = root {
            match &root.kind {
                NodeKind::Map(items) if !items.is_empty() => self.map(items, Pos::Root, 0, &[]),
                NodeKind::Seq(items) if !items.is_empty() => self.seq(items, Pos::Other, 0, &[]),
                _ => {
                    if !root.is_null() {
                        let at = self.out.len();
                        self.value_inline(root, Pos::Other, 0, &[]);
                        if self.out[at..].starts_with(' ') {
                            self.out.remove(at);
                        }
                    }
                }
            }
        }
        let mut end = std::mem::take(&mut self.attached.end);
        while end.last() == Some(&Triv::Blank) {
            end.pop();
        }
        self.trivia(&end, 0, self.out.is_empty());
    }

    /// A block mapping at `ind`. With `dash` (the list items whose `- `
    /// line it continues), its first key goes on that line, which also ends
    /// with those items' comments.
    fn map(&mut self, items: &[(Node, Node)], pos: Pos, ind: usize, dash: &[usize]) {
        for (n, (k, v)) in ordered(items, pos).into_iter().enumerate() {
            let first_line = n == 0 && !dash.is_empty();
            if !first_line {
                self.leading(id(k), ind, n == 0);
                self.indent(ind);
            }
            let key = match k.as_scalar() {
                Some(s) => scalar_text(s, Pos::Other, false),
                None => quoted(""),
            };
            self.out.push_str(&key);
            self.out.push(':');
            let cpos = child(pos, key_str(k), v);
            let mut ids = if first_line {
                dash.to_vec()
            } else {
                Vec::new()
            };
            ids.push(id(k));
            self.value(v, cpos, ind, &ids);
        }
    }

    /// The comments and blank lines before a list item: its own, then those
    /// of what goes on its dash line (a mapping's first key, a nested list's
    /// first item).
    fn item_leading(&mut self, it: &Node, pos: Pos) -> Vec<Triv> {
        let mut lead = self.attached.leading.remove(&id(it)).unwrap_or_default();
        match &it.kind {
            NodeKind::Map(entries) => {
                if let Some((k0, _)) = ordered(entries, pos).first() {
                    lead.extend(self.attached.leading.remove(&id(k0)).unwrap_or_default());
                }
            }
            NodeKind::Seq(inner) => {
                if let Some(first) = inner.first() {
                    let more = self.item_leading(first, child(pos, None, first));
                    lead.extend(more);
                }
            }
            NodeKind::Scalar(_) => {}
        }
        lead
    }

    /// A block list at `ind`. With `dash` (the list items whose `- ` line it
    /// continues: `- - a`), its first item goes on that line.
    fn seq(&mut self, items: &[Node], pos: Pos, ind: usize, dash: &[usize]) {
        for (n, it) in items.iter().enumerate() {
            let cpos = child(pos, None, it);
            let first_line = n == 0 && !dash.is_empty();
            if !first_line {
                let lead = self.item_leading(it, cpos);
                self.trivia(&lead, ind, n == 0);
                self.indent(ind);
            }
            let mut ids = if first_line {
                dash.to_vec()
            } else {
                Vec::new()
            };
            ids.push(id(it));
            match &it.kind {
                NodeKind::Map(entries) if !entries.is_empty() => {
                    self.out.push_str("- ");
                    self.map(entries, cpos, ind + 2, &ids);
                }
                // a nested list starts on the dash line, where its position is
                NodeKind::Seq(inner) if !inner.is_empty() => {
                    self.out.push_str("- ");
                    self.seq(inner, cpos, ind + 2, &ids);
                }
                NodeKind::Scalar(s) if s.is_plain() && s.value.is_empty() => {
                    // an empty item: where its parser position falls is not
                    // reliable, so its comments go on their own lines below
                    self.out.push_str("-\n");
                    for i in &ids {
                        if let Some(c) = self.attached.trailing.remove(i) {
                            self.carry.extend(c.into_iter().map(Triv::Comment));
                        }
                    }
                }
                _ => {
                    self.out.push('-');
                    self.value(it, cpos, ind, &ids);
                }
            }
        }
    }

    /// The value after `key:` or `-` (the line so far), with the line's
    /// trailing comments (those of `ids`).
    fn value(&mut self, v: &Node, pos: Pos, ind: usize, ids: &[usize]) {
        match &v.kind {
            NodeKind::Map(items) if !items.is_empty() => {
                self.end_line(ids);
                self.map(items, pos, ind + 2, &[]);
            }
            NodeKind::Seq(items) if !items.is_empty() => {
                if let Some(line) = self.flow_list(items, pos, ind) {
                    self.out.push(' ');
                    self.out.push_str(&line);
                    self.end_line(ids);
                } else {
                    self.end_line(ids);
                    self.seq(items, pos, ind + 2, &[]);
                }
            }
            _ => self.value_inline(v, pos, ind, ids),
        }
    }

    /// A scalar, `{}` or `[]` after `key:` or `-`.
    fn value_inline(&mut self, v: &Node, pos: Pos, ind: usize, ids: &[usize]) {
        match &v.kind {
            NodeKind::Map(_) => self.out.push_str(" {}"),
            NodeKind::Seq(_) => self.out.push_str(" []"),
            NodeKind::Scalar(s) if s.is_plain() && s.value.is_empty() => {}
            NodeKind::Scalar(s) => {
                let expression = canonical_expr(s, pos).is_some();
                // an empty block scalar has no body to place its header by: `""`
                if matches!(s.style, ScalarStyle::Literal | ScalarStyle::Folded)
                    && !expression
                    && !s.value.is_empty()
                {
                    if let Some((header, body)) = block_body(v, s, self.text) {
                        self.out.push(' ');
                        self.out.push_str(&header);
                        self.end_line(ids);
                        for line in body {
                            if !line.is_empty() {
                                self.indent(ind + 2);
                                self.out.push_str(&line);
                            }
                            self.out.push('\n');
                        }
                        if header.ends_with('+') {
                            self.keep_end = self.out.len();
                        }
                        return;
                    }
                }
                self.out.push(' ');
                self.out.push_str(&scalar_text(s, pos, false));
            }
        }
        self.end_line(ids);
    }

    /// `[a, b, c]` for the KPIs of an objective, when every item is a short
    /// scalar without comments and the line fits.
    fn flow_list(&self, items: &[Node], pos: Pos, ind: usize) -> Option<String> {
        if pos != Pos::Kpis {
            return None;
        }
        let mut parts = Vec::new();
        for it in items {
            let s = it.as_scalar()?;
            let commented = self
                .attached
                .leading
                .get(&id(it))
                .is_some_and(|l| l.iter().any(|t| matches!(t, Triv::Comment(_))));
            if commented
                || self.attached.trailing.contains_key(&id(it))
                || !matches!(
                    s.style,
                    ScalarStyle::Plain | ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted
                )
                || (s.is_plain() && s.value.is_empty())
            {
                return None;
            }
            parts.push(scalar_text(s, Pos::Other, true));
        }
        let line = format!("[{}]", parts.join(", "));
        (ind + "kpis: ".len() + line.len() <= FLOW_WIDTH).then_some(line)
    }
}

/// The header of the block scalar whose body starts at `start` (`|`, `>-`…):
/// its offset and text, at the end of the last non-blank line before the body.
fn block_header(text: &str, start: usize) -> Option<(usize, &str)> {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let before = text[..line_start].trim_end();
    let from = before.rfind('\n').map_or(0, |i| i + 1);
    let line = &before[from..];
    let line = match line.find([' ', '\t']).and_then(|_| {
        line.char_indices()
            .find(|&(i, c)| c == '#' && i > 0 && line[..i].ends_with([' ', '\t']))
    }) {
        Some((i, _)) => &line[..i],
        None => line,
    };
    let line = line.trim_end();
    let at = line.rfind([' ', '\t']).map_or(0, |i| i + 1);
    let token = &line[at..];
    token.starts_with(['|', '>']).then_some((from + at, token))
}

/// Where an entry begins, for attaching comments: a block scalar list item
/// at its header (`- |`), not at its body on the next line.
fn entry_start(node: &Node, text: &str) -> usize {
    let start = node.span.start as usize;
    match &node.kind {
        NodeKind::Scalar(s)
            if matches!(s.style, ScalarStyle::Literal | ScalarStyle::Folded)
                && !s.value.is_empty() =>
        {
            block_header(text, start).map_or(start, |(at, _)| at)
        }
        _ => start,
    }
}

/// A block scalar kept as a block: its header (`|`, `>-`…) and its body
/// lines relative to the body's indentation, when reading them back at any
/// indentation gives the same value.
fn block_body(node: &Node, s: &Scalar, text: &str) -> Option<(String, Vec<String>)> {
    let start = node.span.start as usize;
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let indent = start - line_start;
    let (_, token) = block_header(text, start)?;
    let kind = token.chars().next()?;
    if !matches!(kind, '|' | '>') || token.len() > 3 {
        return None;
    }
    let chomp: String = token.chars().filter(|c| matches!(c, '-' | '+')).collect();
    if token[1..]
        .chars()
        .any(|c| !matches!(c, '-' | '+' | '1'..='9'))
    {
        return None;
    }
    let end = block_end(text, start);
    let mut body: Vec<String> = text[line_start..end]
        .split('\n')
        .map(|l| {
            let l = l.strip_suffix('\r').unwrap_or(l);
            l.get(indent..).unwrap_or("").to_string()
        })
        .collect();
    // a bare CR is a line break to YAML: such a body is written quoted
    if body.first().is_some_and(|l| l.starts_with([' ', '\t']))
        || body.iter().any(|l| l.contains('\r'))
    {
        return None;
    }
    if chomp == "+" {
        let breaks = s.value.len() - s.value.trim_end_matches('\n').len();
        body.extend(std::iter::repeat_n(String::new(), breaks.saturating_sub(1)));
    }
    let header = format!("{kind}{chomp}");
    // read back in a document of its own: the indentation is relative
    let mut doc = format!("k: {header}\n");
    for l in &body {
        if !l.is_empty() {
            doc.push_str("  ");
            doc.push_str(l);
        }
        doc.push('\n');
    }
    let src = SourceFile::new(Default::default(), doc);
    let back = yaml::parse(FileId(0), &src).ok()??;
    let NodeKind::Map(items) = &back.kind else {
        return None;
    };
    let value = items.first()?.1.as_scalar()?;
    (value.value == s.value).then_some((header, body))
}

// ---------------------------------------------------------------- verify

/// The formatted text means what the original did: the same tree (up to the
/// canonical key order), the same expressions, the same comments.
fn verify(
    file: FileId,
    src: &SourceFile,
    root: Option<&Node>,
    trivia: &[Found],
    formatted: &str,
) -> Result<(), Diagnostic> {
    let fail = |why: &str| {
        Diagnostic::of(
            Code::FmtFailed,
            crate::msg!("fmt-failed", why = why.to_string()),
        )
        .at(Span::new(file, 0, 0))
        .help_msg(crate::msg!("fmt-failed-help"))
    };
    let new_src = SourceFile::new(src.path.clone(), formatted.to_string());
    let new_root = yaml::parse(file, &new_src).map_err(|_| fail("the result is not valid YAML"))?;
    let same = match (root, new_root.as_ref()) {
        (None, None) => true,
        (Some(a), Some(b)) => same_node(a, b, Pos::Root),
        (Some(a), None) | (None, Some(a)) => a.is_null(),
    };
    if !same {
        return Err(fail("a value would change"));
    }
    let comments = |found: &[Found]| {
        let mut v: Vec<String> = found
            .iter()
            .filter_map(|f| match &f.triv {
                Triv::Comment(c) => Some(c.clone()),
                Triv::Blank => None,
            })
            .collect();
        v.sort();
        v
    };
    let mut scalars = Vec::new();
    if let Some(r) = &new_root {
        extents(r, formatted, &mut scalars);
    }
    scalars.sort_unstable();
    if comments(trivia) != comments(&scan_trivia(formatted, &scalars)) {
        return Err(fail("a comment would be lost"));
    }
    Ok(())
}

fn same_node(a: &Node, b: &Node, pos: Pos) -> bool {
    match (&a.kind, &b.kind) {
        (NodeKind::Scalar(x), NodeKind::Scalar(y)) => same_scalar(x, y, pos),
        (NodeKind::Seq(xs), NodeKind::Seq(ys)) => {
            xs.len() == ys.len()
                && xs
                    .iter()
                    .zip(ys)
                    .all(|(x, y)| same_node(x, y, child(pos, None, x)))
        }
        (NodeKind::Map(xs), NodeKind::Map(ys)) => {
            xs.len() == ys.len()
                && ordered(xs, pos)
                    .into_iter()
                    .zip(ordered(ys, pos))
                    .all(|((k1, v1), (k2, v2))| {
                        same_node(k1, k2, Pos::Other)
                            && same_node(v1, v2, child(pos, key_str(k1), v1))
                    })
        }
        _ => false,
    }
}

fn same_scalar(x: &Scalar, y: &Scalar, pos: Pos) -> bool {
    // plain text may be a null, a boolean or a number; quoted text is a string
    let kind = |s: &Scalar| s.is_plain() && !reads_as_string(&s.value);
    if kind(x) != kind(y) {
        return false;
    }
    let (dx, dy) = (Scalar::detached(&x.value), Scalar::detached(&y.value));
    match pos {
        Pos::Def => match (parse_metric(FileId(0), &dx), parse_metric(FileId(0), &dy)) {
            (Ok(m), Ok(n)) => m.name == n.name && m.expr.same_as(&n.expr),
            _ => x.value == y.value,
        },
        Pos::Target => match (parse_target(FileId(0), &dx), parse_target(FileId(0), &dy)) {
            (Ok(s), Ok(t)) => s.cmp == t.cmp && s.lhs.same_as(&t.lhs) && s.rhs.same_as(&t.rhs),
            _ => x.value == y.value,
        },
        Pos::Row => match (parse_row(FileId(0), &dx), parse_row(FileId(0), &dy)) {
            (Ok(a), Ok(b)) => a.same_as(&b),
            _ => x.value == y.value,
        },
        _ => x.value == y.value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// The check that stands between a formatter bug and a user's file:
    /// a layout that changes a value, loses a comment or is not YAML is
    /// refused with `fmt-failed` (fmt itself never produces one, so the
    /// wrong layouts are written by hand here).
    #[test]
    fn a_layout_that_changes_the_file_is_refused_with_fmt_failed() {
        let original =
            "inputs:\n  clicks: count # from GA4\nmetrics:\n  - ctr = clicks / impressions\n";
        let src = SourceFile::new(PathBuf::from("s.kpi.yaml"), original.to_string());
        let file = FileId(0);
        let root = yaml::parse(file, &src).unwrap();
        let mut scalars = Vec::new();
        extents(root.as_ref().unwrap(), original, &mut scalars);
        scalars.sort_unstable();
        let trivia = scan_trivia(original, &scalars);
        let verdict = |formatted: &str| {
            verify(file, &src, root.as_ref(), &trivia, formatted)
                .err()
                .map(|d| (d.code, d.message))
        };
        assert_eq!(verdict(original), None);
        for (layout, why) in [
            (
                "inputs:\n  clicks: ratio # from GA4\nmetrics:\n  - ctr = clicks / impressions\n",
                "a value would change",
            ),
            (
                "inputs:\n  clicks: count\nmetrics:\n  - ctr = clicks / impressions\n",
                "a comment would be lost",
            ),
            (
                "inputs:\n  clicks: [count # from GA4\n",
                "the result is not valid YAML",
            ),
        ] {
            let (code, message) = verdict(layout).unwrap_or_else(|| panic!("accepted: {layout}"));
            assert_eq!(code, Code::FmtFailed);
            assert!(message.contains(why), "{message}");
        }
    }
}
