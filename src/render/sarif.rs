//! SARIF 2.1.0, for code-scanning tools.

use super::Emitter;
use crate::diagnostic::{Code, Diagnostics, Severity};
use crate::source::Sources;
use serde_json::{json, Value};

/// Diagnostics as SARIF 2.1.0, the format code-scanning tools read: one run,
/// a rule per diagnostic code (its id is the code), a result per diagnostic
/// with its physical location (end column exclusive, as SARIF counts).
pub fn sarif(diags: &Diagnostics, sources: &Sources) -> Value {
    let mut codes: Vec<&str> = diags.items.iter().map(|d| d.code.name()).collect();
    codes.sort_unstable();
    codes.dedup();
    let rules: Vec<Value> = codes
        .iter()
        .map(|c| {
            let code = Code::parse(c);
            let page = code.map_or("", Code::page);
            json!({
                "id": c,
                "name": c,
                "shortDescription": {"text": code.map_or("", Code::summary)},
                "fullDescription": {"text": section(page, "What it means")},
                "help": {
                    "text": format!("{}\n\nsee: boussole explain --code {c}", section(page, "How to fix it")),
                    "markdown": page,
                },
            })
        })
        .collect();
    let uri = |p: &std::path::Path| -> String {
        p.to_string_lossy()
            .replace('\\', "/")
            .bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    let results: Vec<Value> = diags
        .items
        .iter()
        .map(|d| {
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let mut text = d.message.clone();
            if let Some(h) = &d.help {
                text.push_str(&format!(" (help: {h})"));
            }
            let location = d.position(sources).map(|p| {
                let region = match p.end {
                    Some((el, ec)) => json!({"startLine": p.line, "startColumn": p.column, "endLine": el, "endColumn": ec}),
                    None => json!({"startLine": p.line.max(1), "startColumn": p.column.max(1)}),
                };
                json!({"physicalLocation": {
                    "artifactLocation": {"uri": uri(&p.path)},
                    "region": region,
                }})
            });
            let mut r = json!({
                "ruleId": d.code.name(),
                "ruleIndex": codes.iter().position(|c| *c == d.code.name()).unwrap_or(0),
                "level": level,
                "message": {"text": text},
            });
            if let Some(loc) = location {
                r["locations"] = json!([loc]);
            }
            r
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "boussole",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }],
    })
}

/// The text of a page's section (`## What it means`), up to the next one.
fn section(page: &str, title: &str) -> String {
    let heading = format!("## {title}");
    page.lines()
        .skip_while(|l| *l != heading)
        .skip(1)
        .take_while(|l| !l.starts_with("## "))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// `--format sarif`.
pub struct Sarif;

impl Emitter for Sarif {
    fn emit(&self, diags: &Diagnostics, sources: &Sources) -> String {
        super::pretty(&sarif(diags, sources))
    }
}
