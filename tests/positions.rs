//! Diagnostics point at the first character of the token, whatever the YAML
//! scalar style, line ends or non-ASCII text before it. Expected positions
//! are computed independently, by searching the file text.

use boussole::diagnostic::{Diagnostics, Location};
use boussole::source::Sources;
use std::fs;

const VARIANTS: &[&str] = &[
    "  - m1 =   clicks /    u_1\n",
    "  - m2 = clicks\n    / u_2\n",
    "  - m3 = clicks +\n\n    u_3\n",
    "  - 'm4 = clicks +\n      u_4'\n",
    "  - \"m6 =\\tclicks + u_6\"\n",
    "  - \"m7 = clicks + \\\n    u_7\"\n",
    "  - |+\n    m8 = clicks +\n      u_8\n\n",
    "  - |2\n     m9 = clicks\n     + u_9\n",
    "  - >\n    m10 = clicks\n\n    + u_10\n",
    "  - >-\n    m11 = clicks\n      + u_11\n    + 1\n",
    "  - def: \"m12 = clicks / u_12\"\n    description: é à ü — non-ASCII before nothing\n",
    "  - { def: m13 = clicks / u_13, unit: ratio }\n",
    "  - def: >\n      m14 = clicks /\n      u_14\n",
    "  - { description: \"été ⚑\", def: m15 = clicks / u_15 }\n",
    "  - \"m16 = \\u0063licks + u_16\"\n",
    "  # a comment with u_17 in it is not a token\n  - m17 = clicks + u_17 # trailing comment\n",
];

fn expected(text: &str, token: &str, after: usize) -> (usize, usize) {
    let at = after + text[after..].find(token).unwrap();
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit('\n')
        .next()
        .unwrap()
        .trim_start_matches('\u{feff}')
        .chars()
        .count()
        + 1;
    (line, col)
}

fn check(text: &str) -> (Sources, Diagnostics) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.kpi.yaml");
    fs::write(&path, text).unwrap();
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    boussole::check_paths(&[path], &mut sources, &mut diags).unwrap();
    (sources, diags)
}

fn assert_positions(text: &str) {
    let (sources, diags) = check(text);
    let mut seen = 0;
    for d in &diags.items {
        let Some(Location::Span(span)) = d.location else {
            continue;
        };
        let msg = &d.message;
        let Some(name) = msg.strip_prefix('`').and_then(|m| m.split('`').next()) else {
            continue;
        };
        if !name.starts_with("u_") {
            continue;
        }
        seen += 1;
        let f = sources.get(span.file);
        let got = f.line_col(span.start as usize);
        // the token, searched after the start of its own metric's line
        let n: usize = name[2..].parse().unwrap();
        let anchor = text.find(&format!("m{n} ")).unwrap_or(0);
        assert_eq!(got, expected(text, name, anchor), "{name} in:\n{text}");
        assert_eq!(
            sources.text(span),
            name,
            "{name}: the span covers the token"
        );
    }
    let wanted = VARIANTS
        .iter()
        .filter(|v| text.contains(*v) || text.contains(&v.replace('\n', "\r\n")))
        .count();
    assert_eq!(
        seen,
        wanted,
        "every variant reported once: {:#?}",
        diags.items.iter().map(|d| &d.message).collect::<Vec<_>>()
    );
}

fn file(variants: &[&str], eol: &str, bom: bool) -> String {
    let mut s = String::new();
    if bom {
        s.push('\u{feff}');
    }
    s.push_str("inputs:\n  clicks: count\nmetrics:\n");
    for v in variants {
        s.push_str(v);
    }
    s.replace('\n', eol)
}

#[test]
fn every_style_alone() {
    for v in VARIANTS {
        assert_positions(&file(&[v], "\n", false));
    }
}

#[test]
fn all_styles_together_with_crlf_and_bom() {
    assert_positions(&file(VARIANTS, "\n", false));
    assert_positions(&file(VARIANTS, "\r\n", false));
    assert_positions(&file(VARIANTS, "\n", true));
}
