//! `boussole report`: the HTML page and the Markdown of a fixture that has
//! every case of a review (a period in progress, a deadline passed without
//! a final review, stale data, a target without an action), snapshotted;
//! what the page says checked against `eval --format json`; hostile text
//! from the spec and the data escaped in both documents. The page in a real
//! browser: `tests/report_browser.rs`.

mod common;

use common::{root, run_in, Run};
use std::collections::BTreeMap;
use std::path::Path;

const REVIEW_DAY: &str = "2026-03-15";

/// A copy of the review fixture outside the repository (no git revision in
/// the footer), so the snapshots do not change with each commit.
fn review_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = root().join("tests/fixtures/report/review");
    for f in ["review.kpi.yaml", "ads.csv", "newsletter.csv"] {
        std::fs::copy(from.join(f), dir.path().join(f)).unwrap();
    }
    dir
}

/// The version in the footer, which changes with each commit.
fn redact(text: &str) -> String {
    let version = env!("CARGO_PKG_VERSION");
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(&format!("{version} (")) {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let end = after.find(')').map_or(after.len(), |e| e + 1);
        out.push_str("[version]");
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

fn report(dir: &Path, format: &str, extra: &[&str]) -> Run {
    let mut args = vec!["report", ".", "--as-of", REVIEW_DAY, "--format", format];
    args.extend_from_slice(extra);
    run_in(dir, &args)
}

#[test]
fn the_review_as_html_and_markdown() {
    let dir = review_project();
    let html = report(dir.path(), "html", &[]);
    assert_eq!(html.code, 0, "{}", html.stderr);
    insta::assert_snapshot!("review_html", redact(&html.stdout));
    let md = report(dir.path(), "markdown", &[]);
    assert_eq!(md.code, 0, "{}", md.stderr);
    insta::assert_snapshot!("review_markdown", redact(&md.stdout));
    // in French: the same cards (the same machine attributes), every label
    // and number in French
    let html_fr = report(dir.path(), "html", &["--lang", "fr"]);
    assert_eq!(html_fr.code, 0, "{}", html_fr.stderr);
    insta::assert_snapshot!("review_html_fr", redact(&html_fr.stdout));
    let md_fr = report(dir.path(), "markdown", &["--lang", "fr"]);
    insta::assert_snapshot!("review_markdown_fr", redact(&md_fr.stdout));
    let attrs = |page: &str| -> Vec<String> {
        page.lines()
            .filter(|l| l.contains("data-target="))
            .map(|l| l[l.find("data-target=").unwrap()..l.find('>').unwrap()].to_string())
            .collect()
    };
    assert_eq!(attrs(&html_fr.stdout), attrs(&html.stdout));
    assert!(html_fr.stdout.contains("<html lang=\"fr\">"));
    // the warnings also go to stderr, as eval's do
    assert!(md.stderr.contains("stale-data"), "{}", md.stderr);
    assert!(md.stderr.contains("no-action"), "{}", md.stderr);
    // the same bytes every time (no clock, no map order)
    assert_eq!(report(dir.path(), "html", &[]).stdout, html.stdout);
    assert_eq!(report(dir.path(), "markdown", &[]).stdout, md.stdout);
    // --out writes the same document
    let out = dir.path().join("review.html");
    let written = report(dir.path(), "html", &["--out", "review.html"]);
    assert_eq!(written.code, 0, "{}", written.stderr);
    assert_eq!(written.stdout, "");
    assert_eq!(std::fs::read_to_string(out).unwrap(), html.stdout);
}

/// An element's attributes, by name, for every element with `attr`.
fn elements_with(doc: &roxmltree::Document, attr: &str) -> Vec<BTreeMap<String, String>> {
    doc.descendants()
        .filter(|n| n.attribute(attr).is_some())
        .map(|n| {
            n.attributes()
                .map(|a| (a.name().to_string(), a.value().to_string()))
                .collect()
        })
        .collect()
}

#[test]
fn each_card_says_what_eval_says() {
    let dir = review_project();
    let html = report(dir.path(), "html", &[]);
    assert_eq!(html.code, 0, "{}", html.stderr);
    let doc = roxmltree::Document::parse_with_options(
        &html.stdout,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("the page is not well-formed: {e}"));
    let eval = run_in(
        dir.path(),
        &["eval", ".", "--as-of", REVIEW_DAY, "--format", "json"],
    );
    let json = eval.json();
    let targets = json["targets"].as_array().unwrap();
    let cards = elements_with(&doc, "data-target");
    // one card per target of the spec
    let mut expected: Vec<String> = targets
        .iter()
        .map(|t| t["target"].as_str().unwrap().to_string())
        .collect();
    expected.dedup();
    assert_eq!(
        cards
            .iter()
            .map(|c| c["data-target"].clone())
            .collect::<Vec<_>>(),
        expected
    );
    let mut in_progress = 0;
    for card in &cards {
        let row = targets
            .iter()
            .find(|t| {
                t["target"] == card["data-target"].as_str()
                    && t["period"] == card["data-period"].as_str()
            })
            .unwrap_or_else(|| panic!("no eval row for {card:?}"));
        assert_eq!(row["status"], card["data-status"].as_str(), "{card:?}");
        let value = row["value"].to_string();
        let value = if value == "null" {
            String::new()
        } else {
            value
        };
        assert_eq!(value, card["data-value"], "{card:?}");
        // the latest complete period: the period after it is the review's or later
        if card["data-status"] != "in-progress" {
            assert!(
                targets.iter().any(|t| t["target"] == row["target"]
                    && t["status"] == "in-progress"
                    && t["period"].as_str() > row["period"].as_str())
                    || !targets
                        .iter()
                        .any(|t| t["target"] == row["target"] && t["status"] == "in-progress"),
                "{card:?}"
            );
        } else {
            in_progress += 1;
        }
    }
    // one objective (retain, quarterly) has no period ended yet: its card
    // shows the quarter under way
    assert_eq!(in_progress, 1);
    assert!(cards.iter().any(|c| c["data-status"] == "missed"));
    assert!(cards.iter().any(|c| c["data-status"] == "met"));
    assert!(cards.iter().any(|c| c["data-status"] == "no-data"));
    // March 2026 is under way: shown in progress, never missed
    let page = &html.stdout;
    assert!(
        page.contains("2026-03</span>: "),
        "the month under way is shown"
    );
    assert!(targets
        .iter()
        .filter(|t| t["period"] == "2026-03")
        .all(|t| t["status"] == "in-progress"));
    assert!(page.contains("without a final review"));
    assert!(page.contains("stale-data"));
    assert!(page.contains("no-action"));
    // nothing that would make a request or run a script
    for banned in [
        "<script",
        "<link",
        "<img",
        "<iframe",
        "src=",
        "url(",
        "@import",
        "href=\"http",
    ] {
        assert!(!page.contains(banned), "the page has {banned}");
    }
}

/// A project whose every text is hostile: markup, quotes, `|`, line breaks.
fn hostile_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in ["h.kpi.yaml", "data.csv"] {
        std::fs::copy(
            root().join("tests/fixtures/report/hostile").join(f),
            dir.path().join(f),
        )
        .unwrap();
    }
    dir
}

#[test]
fn hostile_text_is_escaped_for_its_context() {
    let dir = hostile_project();
    let html = report(dir.path(), "html", &["--on-bad-row", "skip"]);
    assert_eq!(html.code, 0, "{}", html.stderr);
    let page = &html.stdout;
    // well-formed: nothing opened or closed an element or an attribute
    let doc = roxmltree::Document::parse_with_options(
        page,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("the page is not well-formed: {e}\n{page}"));
    let names: Vec<&str> = doc
        .descendants()
        .filter(|n| n.is_element())
        .map(|n| n.tag_name().name())
        .collect();
    for tag in ["script", "img", "i"] {
        assert!(
            !names.contains(&tag),
            "an element <{tag}> came from the text"
        );
    }
    // the only links are the page's own, to its objectives
    assert!(doc
        .descendants()
        .filter(|n| n.tag_name().name() == "a")
        .all(|a| a.attribute("href").is_some_and(|h| h.starts_with("#o"))));
    assert!(
        doc.descendants()
            .flat_map(|n| n.attributes())
            .all(|a| !a.name().starts_with("on")),
        "an event handler came from the text"
    );
    // the texts are all there, as text
    let text: String = doc
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect();
    for shown in [
        "o <script>alert(1)</script> | \"q\" 'a'",
        "Cut the cost <script>alert(2)</script> | per order",
        "O'Brien | <i>team</i>",
        "<img src=x onerror=alert(3)> | **now**",
        "then <!-- and --> & more",
        "<svg onload=alert(4)>|",
    ] {
        assert!(text.contains(shown), "`{shown}` is not shown as text");
    }
    let objective = doc
        .descendants()
        .find(|n| n.attribute("data-objective").is_some())
        .unwrap();
    assert_eq!(
        objective.attribute("data-objective"),
        Some("o <script>alert(1)</script> | \"q\" 'a'")
    );
    insta::assert_snapshot!("hostile_html", redact(page));

    let md = report(dir.path(), "markdown", &["--on-bad-row", "skip"]);
    assert_eq!(md.code, 0, "{}", md.stderr);
    let doc = &md.stdout;
    for raw in ["<script", "<img", "<svg", "<i>", "<!--", "[a link](http"] {
        assert!(!doc.contains(raw), "the Markdown has {raw}");
    }
    // every `<` of the page is the writer's, every table row has its
    // header's cells (the fuzz target `csv` checks the same on any data)
    boussole::fuzz::report_is_escaped(page, doc);
    insta::assert_snapshot!("hostile_markdown", redact(doc));
}

#[test]
fn a_spec_with_errors_writes_no_report() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.kpi.yaml"),
        "inputs:\n  clicks: count\nmetrics:\n  - ctr = clicks / impresions\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("data.csv"), "date,clicks\n2026-01-01,3\n").unwrap();
    let r = run_in(
        dir.path(),
        &["report", ".", "--data", "data.csv", "--out", "r.html"],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("undefined-metric"), "{}", r.stderr);
    assert!(!dir.path().join("r.html").exists());
}

/// The Markdown read as GitHub reads it (a CommonMark parser with GFM
/// tables): one table per evaluated objective, a row per target with every
/// cell, and no HTML but the writer's `<details>`, `<summary>` and `<br>`.
fn tables_of(markdown: &str) -> Vec<Vec<Vec<String>>> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut tables = Vec::new();
    let (mut table, mut row, mut cell): (Vec<Vec<String>>, Vec<String>, Option<String>) =
        (Vec::new(), Vec::new(), None);
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Table(_)) => table.clear(),
            Event::End(TagEnd::Table) => tables.push(std::mem::take(&mut table)),
            Event::Start(Tag::TableHead | Tag::TableRow) => row.clear(),
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                table.push(std::mem::take(&mut row))
            }
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => row.push(cell.take().unwrap_or_default()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = cell.as_mut() {
                    c.push_str(&t)
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                let h = h.trim();
                assert!(
                    ["<details>", "<summary>", "</summary>", "</details>", "<br>"]
                        .iter()
                        .any(|ok| h.starts_with(ok)),
                    "HTML in the Markdown: {h}"
                );
            }
            _ => {}
        }
    }
    tables
}

#[test]
fn the_markdown_renders_as_tables() {
    let dir = review_project();
    let md = report(dir.path(), "markdown", &[]);
    let tables = tables_of(&md.stdout);
    // acquire (5 targets), newsletter (1), retain (1)
    assert_eq!(
        tables.iter().map(|t| t.len() - 1).collect::<Vec<_>>(),
        [5, 1, 1]
    );
    for t in &tables {
        assert_eq!(t[0][0], "KPI");
        assert!(t.iter().all(|row| row.len() == 10), "{t:?}");
    }
    assert_eq!(tables[0][2][0], "conversion");
    assert_eq!(tables[0][2][4], "❌ missed");
    // hostile text stays inside its cell, as text
    let dir = hostile_project();
    let md = report(dir.path(), "markdown", &["--on-bad-row", "skip"]);
    let tables = tables_of(&md.stdout);
    assert_eq!(tables.len(), 1);
    let row = &tables[0][1];
    assert_eq!(row.len(), 10);
    assert_eq!(
        row[9],
        "<img src=x onerror=alert(3)> | **now** then <!-- and --> & more"
    );
}
