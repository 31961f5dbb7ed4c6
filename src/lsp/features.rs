//! What the server answers, each a function of the analysis: diagnostics
//! per file, hover (the `explain` content, a function's signature),
//! definition, references and rename across files, completion, formatting
//! (`boussole fmt`) and code actions (did-you-mean, adding an `action:`).

use super::path_uri;
use super::position::{Encoding, LineIndex};
use super::uri_path;
use super::workspace::{Analysis, Occurrence, Symbol};
use crate::diagnostic::{Code, Location, Severity};
use crate::source::{FileId, Span};
use crate::spec::keys::{
    DateKey, InputKey, Key, MetricKey, ObjectiveKey, SourceKey, TargetKey, TopKey,
};
use crate::vocab::{Aggregate, Function, Period};
use lsp_types as lsp;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

fn range(a: &Analysis, span: Span, enc: Encoding) -> lsp::Range {
    let text = &a.sources.get(span.file).text;
    LineIndex::new(text).range(span.start as usize, span.end as usize, enc)
}

fn location(a: &Analysis, span: Span, enc: Encoding) -> Option<lsp::Location> {
    Some(lsp::Location::new(
        path_uri(a.path(span.file))?,
        range(a, span, enc),
    ))
}

/// The file and byte offset of a position in a document.
fn place(
    a: &Analysis,
    doc: &lsp::TextDocumentPositionParams,
    enc: Encoding,
) -> Option<(FileId, usize)> {
    let file = a.file(&uri_path(&doc.text_document.uri)?)?;
    let text = &a.sources.get(file).text;
    Some((file, LineIndex::new(text).offset(doc.position, enc)))
}

/// Every spec and test file's diagnostics (a file without any has an
/// empty list). With `docs`, where the book is published, each links to its
/// code's page (`{docs}/codes/{code}.html`).
pub fn diagnostics(
    a: &Analysis,
    enc: Encoding,
    docs: Option<&str>,
) -> BTreeMap<PathBuf, Vec<lsp::Diagnostic>> {
    let mut out: BTreeMap<PathBuf, Vec<lsp::Diagnostic>> =
        a.files.keys().map(|p| (p.clone(), Vec::new())).collect();
    for d in &a.diags.items {
        let Some(Location::Span(span)) = &d.location else {
            continue;
        };
        let path = a.path(span.file).to_path_buf();
        let mut message = d.message.clone();
        if let Some(h) = &d.help {
            message.push('\n');
            message.push_str(&a.voice.get("human-help"));
            message.push(' ');
            message.push_str(h);
        }
        let related: Vec<lsp::DiagnosticRelatedInformation> = d
            .related
            .iter()
            .filter_map(|(s, m)| {
                Some(lsp::DiagnosticRelatedInformation {
                    location: location(a, *s, enc)?,
                    message: m.clone(),
                })
            })
            .collect();
        out.entry(path).or_default().push(lsp::Diagnostic {
            range: range(a, *span, enc),
            severity: Some(match d.severity {
                Severity::Error => lsp::DiagnosticSeverity::ERROR,
                Severity::Warning => lsp::DiagnosticSeverity::WARNING,
            }),
            code: Some(lsp::NumberOrString::String(d.code.name().to_string())),
            code_description: docs.and_then(|base| {
                let href = format!("{base}/codes/{}.html", d.code.name());
                Some(lsp::CodeDescription {
                    href: href.parse().ok()?,
                })
            }),
            source: Some("boussole".into()),
            message,
            related_information: (!related.is_empty()).then_some(related),
            ..lsp::Diagnostic::default()
        });
    }
    out
}

/// A function's signature: `growth(x, n = 1)`, `min(a, b, …)`.
pub fn signature(f: Function) -> String {
    let args = match f {
        Function::Min | Function::Max => "a, b, …",
        Function::Abs => "x",
        Function::Previous | Function::Change | Function::Growth => "x, n = 1",
    };
    format!("{}({args})", f.name())
}

fn markdown(value: String) -> lsp::HoverContents {
    lsp::HoverContents::Markup(lsp::MarkupContent {
        kind: lsp::MarkupKind::Markdown,
        value,
    })
}

/// What a name is: for an input or a metric, `explain`'s text; for a
/// function, its signature and what it computes; for an objective, its
/// description, owner, cadence and targets. On a diagnostic's range, what
/// its code means (from the code's page in the book) comes first.
pub fn hover(a: &Analysis, p: lsp::HoverParams, enc: Encoding) -> Option<lsp::Hover> {
    let (file, offset) = place(a, &p.text_document_position_params, enc)?;
    let at = offset as u32;
    let mut parts: Vec<String> = Vec::new();
    let mut span = None;
    for d in &a.diags.items {
        let Some(Location::Span(s)) = &d.location else {
            continue;
        };
        if s.file == file && s.start <= at && at <= s.end {
            parts.push(code_meaning(d.code));
            span.get_or_insert(*s);
        }
    }
    parts.dedup();
    if let Some((text, s)) = a
        .at(file, offset)
        .and_then(|occ| Some((symbol_hover(a, occ)?, occ.span)))
    {
        parts.push(text);
        span = Some(s);
    }
    let span = span?;
    Some(lsp::Hover {
        contents: markdown(parts.join("\n\n---\n\n")),
        range: Some(range(a, span, enc)),
    })
}

/// A code and what it means: the first section of its page in the book.
fn code_meaning(code: Code) -> String {
    let page = code.page();
    let meaning = page
        .split_once("## What it means")
        .map(|(_, rest)| rest.split("\n## ").next().unwrap_or(rest).trim())
        .unwrap_or("");
    format!("**`{}`** — {}\n\n{meaning}", code.name(), code.summary())
}

fn symbol_hover(a: &Analysis, occ: &Occurrence) -> Option<String> {
    let text = match &occ.symbol {
        Symbol::Name(n) => {
            let e = crate::tools::explain::explain(&a.model, n).ok()?;
            format!(
                "```text\n{}```",
                crate::tools::explain::human(&e, &a.sources, a.voice)
            )
        }
        Symbol::Function(f) => format!("```text\n{}\n```\n{}", signature(*f), f.summary()),
        Symbol::Objective(name) => {
            let o = a.model.spec.objectives.iter().find(|o| &o.name == name)?;
            let t = |m: crate::i18n::Msg| a.voice.text(&m);
            let mut s = t(crate::msg!("lsp-objective", name = o.name.as_str()));
            if let Some(d) = &o.description {
                s.push_str(&format!("\n\n{}", d.value));
            }
            let mut facts = Vec::new();
            if let Some(owner) = &o.owner {
                facts.push(t(crate::msg!("lsp-owner", owner = owner.to_string())));
            }
            if let Some(p) = &o.period {
                facts.push(t(crate::msg!("lsp-review", cadence = p.value.name())));
            }
            if let Some(d) = &o.deadline {
                facts.push(t(crate::msg!(
                    "lsp-deadline",
                    deadline = d.value.to_string()
                )));
            }
            if !facts.is_empty() {
                s.push_str(&format!("\n\n{}", facts.join(" · ")));
            }
            for target in &o.targets {
                s.push_str(&format!("\n- `{target}`"));
                if let Some((action, _)) = &target.action {
                    s.push_str(&t(crate::msg!(
                        "lsp-when-missed",
                        action = action.to_string()
                    )));
                }
            }
            s
        }
    };
    Some(text)
}

pub fn definition(
    a: &Analysis,
    p: lsp::GotoDefinitionParams,
    enc: Encoding,
) -> Option<lsp::GotoDefinitionResponse> {
    let (file, offset) = place(a, &p.text_document_position_params, enc)?;
    let occ = a.at(file, offset)?;
    let def = a.definition(&occ.symbol)?;
    Some(lsp::GotoDefinitionResponse::Scalar(location(
        a, def.span, enc,
    )?))
}

pub fn references(
    a: &Analysis,
    p: lsp::ReferenceParams,
    enc: Encoding,
) -> Option<Vec<lsp::Location>> {
    let (file, offset) = place(a, &p.text_document_position, enc)?;
    let occ = a.at(file, offset)?;
    Some(
        a.references(&occ.symbol)
            .into_iter()
            .filter(|o| p.context.include_declaration || !o.definition)
            .filter_map(|o| location(a, o.span, enc))
            .collect(),
    )
}

/// A renamable symbol at a position: an input's, a metric's or an
/// objective's name.
fn renamable(
    a: &Analysis,
    doc: &lsp::TextDocumentPositionParams,
    enc: Encoding,
) -> Option<(Occurrence, String)> {
    let (file, offset) = place(a, doc, enc)?;
    let occ = a.at(file, offset)?;
    match &occ.symbol {
        Symbol::Name(n) | Symbol::Objective(n) => Some((occ.clone(), n.clone())),
        Symbol::Function(_) => None,
    }
}

pub fn prepare_rename(
    a: &Analysis,
    p: lsp::TextDocumentPositionParams,
    enc: Encoding,
) -> Option<lsp::PrepareRenameResponse> {
    let (occ, name) = renamable(a, &p, enc)?;
    Some(lsp::PrepareRenameResponse::RangeWithPlaceholder {
        range: range(a, occ.span, enc),
        placeholder: name,
    })
}

/// Whether `name` can name an input or a metric.
fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
        && Function::parse(name).is_none()
}

/// Renames an input, a metric or an objective everywhere it is named, in
/// every spec and test file. Refused: a name that is not one, or one
/// already taken.
pub fn rename(
    a: &Analysis,
    p: lsp::RenameParams,
    enc: Encoding,
) -> Result<Option<lsp::WorkspaceEdit>, String> {
    let Some((occ, old)) = renamable(a, &p.text_document_position, enc) else {
        return Ok(None);
    };
    let new = p.new_name.trim();
    if !valid_name(new) {
        return Err(a.voice.text(&crate::msg!("lsp-not-a-name", name = new)));
    }
    let taken = match &occ.symbol {
        Symbol::Objective(_) => a.model.spec.objectives.iter().any(|o| o.name == new),
        _ => a.model.names.contains_key(new),
    };
    if new != old && taken {
        return Err(a.voice.text(&crate::msg!(
            "lsp-name-taken",
            name = new,
            old = old.as_str()
        )));
    }
    // lsp-types' own map type (its Uri caches its parts: clippy's
    // mutable_key_type does not apply to a key never changed)
    #[allow(clippy::mutable_key_type)]
    let mut changes: HashMap<lsp::Uri, Vec<lsp::TextEdit>> = HashMap::new();
    for o in a.references(&occ.symbol) {
        let Some(uri) = path_uri(a.path(o.span.file)) else {
            continue;
        };
        changes
            .entry(uri)
            .or_default()
            .push(lsp::TextEdit::new(range(a, o.span, enc), new.to_string()));
    }
    Ok(Some(lsp::WorkspaceEdit {
        changes: Some(changes),
        ..lsp::WorkspaceEdit::default()
    }))
}

/// The section and depth of the line being written, from the lines above:
/// the top-level key it is under and its indentation.
fn context(text: &str, offset: usize) -> (Option<String>, usize, String) {
    let before = &text[..offset.min(text.len())];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = &before[line_start..];
    let indent = line.len() - line.trim_start().len();
    let section = before[..line_start]
        .lines()
        .rev()
        .find(|l| !l.is_empty() && !l.starts_with(' ') && !l.starts_with('#'))
        .and_then(|l| l.split(':').next())
        .map(|s| s.trim().to_string());
    (section, indent, line.to_string())
}

fn item(label: &str, kind: lsp::CompletionItemKind, detail: Option<String>) -> lsp::CompletionItem {
    lsp::CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        detail,
        ..lsp::CompletionItem::default()
    }
}

/// What can be written at a position: keys where a key starts a line (by
/// section and depth), else the names of inputs and metrics, the functions
/// with their signatures, units, aggregates and periods.
pub fn completion(
    a: &Analysis,
    p: lsp::CompletionParams,
    open_text: Option<&str>,
    enc: Encoding,
) -> Option<lsp::CompletionResponse> {
    let doc = &p.text_document_position;
    let path = uri_path(&doc.text_document.uri)?;
    let loaded = a.file(&path).map(|f| a.sources.get(f).text.as_str());
    let text = open_text.or(loaded)?;
    let offset = LineIndex::new(text).offset(doc.position, enc);
    let (section, indent, line) = context(text, offset);
    let typing_key = {
        let t = line.trim_start().trim_start_matches("- ");
        !t.contains(':') && t.chars().all(|c| c.is_alphanumeric() || c == '_')
    };
    use lsp::CompletionItemKind as K;
    let keys = |names: &[&str]| -> Vec<lsp::CompletionItem> {
        names.iter().map(|n| item(n, K::PROPERTY, None)).collect()
    };
    if typing_key {
        let items = match (indent, section.as_deref()) {
            (0, _) => keys(TopKey::NAMES),
            (_, Some("inputs")) if indent >= 4 => keys(InputKey::NAMES),
            (_, Some("sources")) if indent >= 6 => keys(DateKey::NAMES),
            (_, Some("sources")) if indent >= 4 => keys(SourceKey::NAMES),
            (_, Some("metrics")) if indent >= 4 => keys(MetricKey::NAMES),
            (_, Some("objectives")) if indent >= 8 => keys(TargetKey::NAMES),
            (_, Some("objectives")) if indent >= 4 => keys(ObjectiveKey::NAMES),
            _ => Vec::new(),
        };
        if !items.is_empty() {
            return Some(lsp::CompletionResponse::Array(items));
        }
    }
    let mut items = Vec::new();
    let spec = &a.model.spec;
    let value_of = value_key(&line);
    if let Some("expr" | "where" | "having") = value_of {
        // a row expression: over the source's columns, not the spec's names
        for (name, f) in crate::vocab::RowFunction::ALL {
            items.push(lsp::CompletionItem {
                label: name.to_string(),
                kind: Some(K::FUNCTION),
                detail: Some(f.usage().to_string()),
                documentation: Some(lsp::Documentation::String(f.summary().to_string())),
                ..lsp::CompletionItem::default()
            });
        }
        for op in ["and", "or", "not", "in"] {
            items.push(item(op, K::KEYWORD, None));
        }
        if value_of == Some("having") {
            for (name, _) in crate::check::HAVING_AGGREGATES {
                items.push(item(name, K::FUNCTION, Some(format!("{name}(column)"))));
            }
        }
        return Some(lsp::CompletionResponse::Array(items));
    }
    if value_of == Some("source") {
        for s in &spec.sources {
            items.push(item(&s.name, K::MODULE, None));
        }
        return Some(lsp::CompletionResponse::Array(items));
    }
    for i in &spec.inputs {
        items.push(item(
            &i.name,
            K::VARIABLE,
            Some(format!("input: {}, {}", i.definition(), i.unit.value)),
        ));
    }
    for m in &spec.metrics {
        items.push(item(
            &m.def.name,
            K::FIELD,
            Some(format!("{} = {}", m.def.name, m.def.expr)),
        ));
    }
    match value_of {
        Some("unit") => {
            for u in [
                "count",
                "ratio",
                "number",
                "money(EUR)",
                "money(USD)",
                "money(GBP)",
            ] {
                items.push(item(u, K::UNIT, None));
            }
        }
        Some("aggregate") => {
            for (ag, _) in Aggregate::ALL {
                items.push(item(ag, K::ENUM_MEMBER, None));
            }
        }
        Some("period") => {
            for pe in Period::NAMES {
                items.push(item(pe, K::ENUM_MEMBER, None));
            }
        }
        _ => {}
    }
    for (name, f) in Function::ALL {
        items.push(lsp::CompletionItem {
            label: name.to_string(),
            kind: Some(K::FUNCTION),
            detail: Some(signature(*f)),
            documentation: Some(lsp::Documentation::String(f.summary().to_string())),
            ..lsp::CompletionItem::default()
        });
    }
    Some(lsp::CompletionResponse::Array(items))
}

/// The key whose value is being written at the end of `line`: the last
/// `key:` of the line (`unit: count, source: shop, where: ` → `where`),
/// counting only a key at the line's start or after `{` or `,`.
fn value_key(line: &str) -> Option<&str> {
    let mut found = None;
    for (i, _) in line.match_indices(':') {
        let before = &line[..i];
        let start = before
            .char_indices()
            .rev()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
            .map_or(0, |(j, c)| j + c.len_utf8());
        let key = &before[start..];
        let lead = before[..start].trim_end();
        let lead = lead.strip_suffix('-').map_or(lead, str::trim_end);
        if !key.is_empty() && (lead.is_empty() || lead.ends_with('{') || lead.ends_with(',')) {
            found = Some(key);
        }
    }
    found
}

/// `boussole fmt` as one edit of the whole document; none when the file
/// is formatted already or cannot be (its diagnostics say why).
pub fn formatting(
    a: &Analysis,
    p: lsp::DocumentFormattingParams,
    enc: Encoding,
) -> Option<Vec<lsp::TextEdit>> {
    let file = a.file(&uri_path(&p.text_document.uri)?)?;
    let src = a.sources.get(file);
    let formatted = crate::tools::fmt::format(file, src).ok()?;
    if formatted == src.text {
        return Some(Vec::new());
    }
    let idx = LineIndex::new(&src.text);
    Some(vec![lsp::TextEdit::new(
        idx.range(0, src.text.len(), enc),
        formatted,
    )])
}

/// The fixes of the diagnostics in a range: the name a did-you-mean help
/// suggests; the long form of a target without an action.
pub fn code_actions(
    a: &Analysis,
    p: lsp::CodeActionParams,
    enc: Encoding,
) -> Option<lsp::CodeActionResponse> {
    let path = uri_path(&p.text_document.uri)?;
    let file = a.file(&path)?;
    let text = &a.sources.get(file).text;
    let idx = LineIndex::new(text);
    let (from, to) = (
        idx.offset(p.range.start, enc) as u32,
        idx.offset(p.range.end, enc) as u32,
    );
    let uri = path_uri(&path)?;
    let mut out = Vec::new();
    for d in &a.diags.items {
        let Some(Location::Span(span)) = &d.location else {
            continue;
        };
        if span.file != file || span.end < from || span.start > to {
            continue;
        }
        let edit = |title: String, edits: Vec<lsp::TextEdit>| {
            #[allow(clippy::mutable_key_type)]
            let mut changes = HashMap::new();
            changes.insert(uri.clone(), edits);
            lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title,
                kind: Some(lsp::CodeActionKind::QUICKFIX),
                edit: Some(lsp::WorkspaceEdit {
                    changes: Some(changes),
                    ..lsp::WorkspaceEdit::default()
                }),
                is_preferred: Some(true),
                ..lsp::CodeAction::default()
            })
        };
        // "did you mean `x`?"
        if let Some(name) = d.suggestion() {
            let name = name.to_string();
            out.push(edit(
                a.voice
                    .text(&crate::msg!("lsp-replace-with", name = name.as_str())),
                vec![lsp::TextEdit::new(
                    idx.range(span.start as usize, span.end as usize, enc),
                    name,
                )],
            ));
        }
        if d.code == Code::NoAction {
            let (start, end) = (span.start as usize, span.end as usize);
            let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
            let column = text[line_start..start].chars().count();
            let target = &text[start..end];
            let long = format!("target: {target}\n{}action: ", " ".repeat(column));
            out.push(edit(
                a.voice.get("lsp-add-action"),
                vec![lsp::TextEdit::new(idx.range(start, end, enc), long)],
            ));
        }
    }
    Some(out)
}
