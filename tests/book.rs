//! The book (`docs/src`) cannot drift from the tool: its examples are run
//! here, its links followed, and its reference pages checked against the
//! registries.
//!
//! The conventions a page follows (`docs/src/contributing.md` has them too):
//! - ```` ```yaml,file=NAME ```` (or `csv`, `json`, any language): a file the
//!   page's commands read, written into the page's scratch directory in
//!   order; the line before it names it in backticks, so a reader sees the
//!   name too.
//! - ```` ```yaml,check ````: a spec on its own; it must check without error.
//! - ```` ```yaml,fragment ````: part of a spec, not run; ```` ```yaml,not-a-spec ````:
//!   other YAML (a CI workflow, a spec test shown alone). Every `yaml` and
//!   `csv` block is one of these four.
//! - ```` ```console ````: `$ COMMAND` lines, each followed by its output
//!   (stderr and stdout as they interleave), run by `sh` in the scratch
//!   directory with the built `boussole` first on the PATH; each must exit 0
//!   unless the block says `console,exit=N` (then its last command exits N).
//!   `sh` blocks are shown, not run.
//!
//! `BOOK_UPDATE=1 cargo test --test book` rewrites the console outputs in
//! place (then review the diff, as with snapshots).

mod common;

use boussole::diagnostic::{Code, Severity};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

fn book() -> PathBuf {
    common::root().join("docs/src")
}

/// Every Markdown page under `docs/src`, sorted.
fn pages() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "md") {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(&book(), &mut out);
    out
}

fn rel(p: &Path) -> String {
    p.strip_prefix(book())
        .or_else(|_| p.strip_prefix(common::root()))
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// A fenced code block.
#[derive(Debug)]
struct Block {
    /// The info string: `yaml,file=kpis.kpi.yaml`.
    info: String,
    /// Its lines, between the fences.
    body: String,
    /// The line (1-based) of its opening fence.
    line: usize,
    /// The last non-empty line before it.
    before: String,
    /// Byte range of the body in the page.
    range: std::ops::Range<usize>,
}

impl Block {
    fn lang(&self) -> &str {
        self.info.split(',').next().unwrap_or("")
    }
    fn attr(&self, key: &str) -> Option<&str> {
        self.info.split(',').skip(1).find_map(|a| {
            a.strip_prefix(key)
                .and_then(|rest| rest.strip_prefix('='))
                .or_else(|| (a == key).then_some(""))
        })
    }
}

fn blocks(name: &str, text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut offset = 0;
    let mut open: Option<(String, String, usize, String, usize)> = None;
    let mut before = String::new();
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim_end();
        match &mut open {
            None => {
                if let Some(info) = trimmed.strip_prefix("```") {
                    open = Some((
                        info.to_string(),
                        before.clone(),
                        i + 1,
                        String::new(),
                        offset,
                    ));
                } else if !trimmed.is_empty() {
                    before = trimmed.to_string();
                }
            }
            Some((info, b, at, body, body_start)) => {
                if trimmed == "```" {
                    out.push(Block {
                        info: info.clone(),
                        body: std::mem::take(body),
                        line: *at,
                        before: std::mem::take(b),
                        range: *body_start..start,
                    });
                    open = None;
                    before.clear();
                } else {
                    body.push_str(line);
                }
            }
        }
    }
    if let Some((_, _, at, _, _)) = open {
        panic!("{name}:{at}: a code block is not closed");
    }
    out
}

/// One `$ COMMAND` of a console block and the output written under it.
struct Step {
    command: String,
    expected: String,
}

fn steps(body: &str) -> Vec<Step> {
    let mut out: Vec<Step> = Vec::new();
    for line in body.lines() {
        if let Some(cmd) = line.strip_prefix("$ ") {
            out.push(Step {
                command: cmd.to_string(),
                expected: String::new(),
            });
        } else if let Some(s) = out.last_mut() {
            s.expected.push_str(line);
            s.expected.push('\n');
        } else {
            panic!("a console block starts with `{line}`, not `$ COMMAND`");
        }
    }
    out
}

/// Trailing spaces and trailing blank lines do not count.
fn normalize(s: &str) -> String {
    let lines: Vec<&str> = s.lines().map(str::trim_end).collect();
    let mut text = lines.join("\n");
    while text.ends_with('\n') {
        text.pop();
    }
    text.trim_start_matches('\n').to_string()
}

/// Runs `command` by `sh` in `dir`, the built binary first on the PATH:
/// the exit code and stdout and stderr as they interleaved.
fn shell(dir: &Path, command: &str) -> (i32, String) {
    let bin = Path::new(env!("CARGO_BIN_EXE_boussole")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = common::in_english(&mut Command::new("sh"))
        .arg("-c")
        .arg(format!("exec 2>&1; {command}"))
        .current_dir(dir)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .env("BOUSSOLE_AS_OF", common::AS_OF)
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("sh runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// What running a page found: its console outputs as they are now.
struct PageRun {
    failures: Vec<String>,
    /// (byte range of a console block's body, its body as run now, exit)
    rewrites: Vec<(std::ops::Range<usize>, String, i32, usize)>,
    /// every command's output, joined
    outputs: String,
    consoles: usize,
}

fn run_page(page: &Path) -> PageRun {
    let text = std::fs::read_to_string(page).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let name = rel(page);
    let mut run = PageRun {
        failures: Vec::new(),
        rewrites: Vec::new(),
        outputs: String::new(),
        consoles: 0,
    };
    for b in blocks(&name, &text) {
        let at = format!("{name}:{}", b.line);
        if let Some(file) = b.attr("file") {
            assert!(
                !file.is_empty() && !file.contains(".."),
                "{at}: a file name"
            );
            if !b.before.contains(&format!("`{file}`")) {
                run.failures.push(format!(
                    "{at}: the line before the block should name `{file}` for the reader"
                ));
            }
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &b.body).unwrap();
            continue;
        }
        match b.lang() {
            "yaml" if b.attr("check").is_some() => {
                let mut sources = boussole::source::Sources::default();
                let mut diags = boussole::diagnostic::Diagnostics::default();
                boussole::check_bytes("book.kpi.yaml", b.body.as_bytes(), &mut sources, &mut diags);
                let errors: Vec<String> = diags
                    .items
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .map(|d| format!("{}: {}", d.code, d.message))
                    .collect();
                if !errors.is_empty() {
                    run.failures
                        .push(format!("{at}: the spec does not check: {errors:?}"));
                }
            }
            "yaml" | "csv" if b.attr("fragment").is_none() && b.attr("not-a-spec").is_none() => {
                run.failures.push(format!(
                    "{at}: a `{}` block says `file=NAME`, `check`, `fragment` or `not-a-spec`",
                    b.lang()
                ))
            }
            "console" => {
                run.consoles += 1;
                let want_exit: i32 = b.attr("exit").map_or(0, |e| e.parse().unwrap());
                let steps = steps(&b.body);
                let mut body = String::new();
                let mut last_exit = 0;
                for (i, s) in steps.iter().enumerate() {
                    let (code, output) = shell(dir.path(), &s.command);
                    let last = i + 1 == steps.len();
                    let expected_exit = if last { want_exit } else { 0 };
                    if code != expected_exit {
                        run.failures.push(format!(
                            "{at}: `{}` exited {code}, the page says {expected_exit}:\n{output}",
                            s.command
                        ));
                    }
                    if normalize(&output) != normalize(&s.expected) {
                        run.failures.push(format!(
                            "{at}: `{}` printed\n{output}\nthe page says\n{}",
                            s.command, s.expected
                        ));
                    }
                    run.outputs.push_str(&output);
                    body.push_str(&format!("$ {}\n", s.command));
                    let shown = normalize(&output);
                    if !shown.is_empty() {
                        body.push_str(&shown);
                        body.push('\n');
                    }
                    last_exit = code;
                }
                run.rewrites
                    .push((b.range.clone(), body, last_exit, b.line));
            }
            _ => {}
        }
    }
    run
}

/// Rewrites a page's console blocks with what they print now.
fn update(page: &Path, run: &PageRun) {
    let mut text = std::fs::read_to_string(page).unwrap();
    for (range, body, exit, line) in run.rewrites.iter().rev() {
        text.replace_range(range.clone(), body);
        // the fence line above the body carries the exit code
        let fence_end = range.start - 1;
        let fence_start = text[..fence_end].rfind('\n').map_or(0, |i| i + 1);
        let fence = if *exit == 0 {
            "```console".to_string()
        } else {
            format!("```console,exit={exit}")
        };
        assert!(
            text[fence_start..fence_end].starts_with("```console"),
            "{}:{line}",
            rel(page)
        );
        text.replace_range(fence_start..fence_end, &fence);
    }
    std::fs::write(page, text).unwrap();
}

#[test]
fn the_book_examples_run_and_print_what_the_pages_say() {
    let updating = std::env::var_os("BOOK_UPDATE").is_some();
    let mut failures = Vec::new();
    // the README's example is run the same way
    for page in pages()
        .into_iter()
        .chain([common::root().join("README.md")])
    {
        let run = run_page(&page);
        if updating {
            update(&page, &run);
            failures.extend(run.failures.into_iter().filter(|f| !f.contains("printed")));
        } else {
            failures.extend(run.failures);
        }
    }
    assert!(
        failures.is_empty(),
        "{} problem(s) in the book (BOOK_UPDATE=1 rewrites outputs):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// Codes no spec triggers on purpose: a bug in boussole.
const BUGS: &[Code] = &[Code::InternalError, Code::FmtFailed];

#[test]
fn every_code_has_a_page_that_shows_it_and_every_page_is_a_code() {
    let dir = book().join("codes");
    let mut pages: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "index.md")
        .collect();
    let index = std::fs::read_to_string(dir.join("index.md")).unwrap();
    let mut failures = Vec::new();
    for &code in Code::ALL {
        let file = format!("{}.md", code.name());
        assert!(pages.remove(&file), "no page {file}");
        let path = dir.join(&file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text, code.page(), "the embedded page is the file");
        let mut lines = text.lines();
        let title = format!("# `{}`", code.name());
        if lines.next() != Some(title.as_str()) {
            failures.push(format!("{file}: the first line should be {title}"));
        }
        let severity = match code.severity() {
            Severity::Error => "Error",
            Severity::Warning => "Warning",
        };
        let head = format!("**{severity}** · {}", code.summary());
        if lines.find(|l| !l.is_empty()) != Some(head.as_str()) {
            failures.push(format!(
                "{file}: the line after the title should be `{head}` (the registry's)"
            ));
        }
        for section in [
            "## What it means",
            "## Why it matters",
            "## Example",
            "## How to fix it",
        ] {
            if !text.lines().any(|l| l == section) {
                failures.push(format!("{file}: no `{section}`"));
            }
        }
        let run = run_page(&path);
        if BUGS.contains(&code) {
            assert_eq!(run.consoles, 0, "{file}: a bug has no example");
        } else if run.consoles == 0 {
            failures.push(format!("{file}: no console example"));
        } else if !run.outputs.contains(code.name()) {
            failures.push(format!(
                "{file}: the example does not report `{}`",
                code.name()
            ));
        }
        let link = format!("[`{}`]({})", code.name(), file);
        if !index.contains(&link) {
            failures.push(format!("codes/index.md does not link {link}"));
        }
    }
    assert!(
        pages.is_empty(),
        "pages with no code in the registry: {pages:?}"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// mdBook's anchor of a heading: lower case, spaces to `-`, punctuation
/// other than `-` and `_` dropped.
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The anchors of a page's headings (outside code blocks).
fn anchors(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.starts_with("```") {
            fenced = !fenced;
        }
        if fenced {
            continue;
        }
        if let Some(h) = line.strip_prefix('#') {
            let a = anchor(h.trim_start_matches('#'));
            let n = seen.entry(a.clone()).or_default();
            out.insert(if *n == 0 {
                a.clone()
            } else {
                format!("{a}-{n}")
            });
            *n += 1;
        }
    }
    out
}

/// Every `](target)` of a page outside code blocks and inline code.
fn links(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut fenced = false;
    for (i, line) in text.lines().enumerate() {
        if line.starts_with("```") {
            fenced = !fenced;
        }
        if fenced {
            continue;
        }
        // drop inline code
        let plain: String = line
            .split('`')
            .enumerate()
            .filter(|(k, _)| k % 2 == 0)
            .map(|(_, s)| s)
            .collect::<Vec<_>>()
            .join("");
        let mut rest = plain.as_str();
        while let Some(at) = rest.find("](") {
            let tail = &rest[at + 2..];
            let Some(end) = tail.find(')') else { break };
            out.push((i + 1, tail[..end].to_string()));
            rest = &tail[end..];
        }
    }
    out
}

#[test]
fn the_book_links_resolve_and_the_summary_lists_every_page() {
    let summary = std::fs::read_to_string(book().join("SUMMARY.md")).unwrap();
    let listed: BTreeSet<String> = links(&summary).into_iter().map(|(_, t)| t).collect();
    let mut failures = Vec::new();
    for page in pages() {
        let name = rel(&page);
        if name != "SUMMARY.md" && !listed.contains(&name) {
            failures.push(format!(
                "SUMMARY.md does not list {name} (mdBook would not build it)"
            ));
        }
        let text = std::fs::read_to_string(&page).unwrap();
        for (line, target) in links(&text) {
            if target.starts_with("http://")
                || target.starts_with("https://")
                || target.starts_with("mailto:")
            {
                continue;
            }
            let (file, frag) = match target.split_once('#') {
                Some((f, a)) => (f, Some(a)),
                None => (target.as_str(), None),
            };
            let resolved = if file.is_empty() {
                page.clone()
            } else {
                page.parent().unwrap().join(file)
            };
            let Ok(real) = resolved.canonicalize() else {
                failures.push(format!("{name}:{line}: `{target}` leads nowhere"));
                continue;
            };
            if !real.starts_with(book().canonicalize().unwrap()) {
                failures.push(format!(
                    "{name}:{line}: `{target}` leaves the book (mdBook builds docs/src only)"
                ));
            }
            if let Some(frag) = frag {
                let target_text = std::fs::read_to_string(&real).unwrap_or_default();
                if real.extension().is_some_and(|e| e == "md")
                    && !anchors(&target_text).contains(frag)
                {
                    failures.push(format!(
                        "{name}:{line}: `{target}`: no heading gives `#{frag}`"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The README's relative links lead to files of the repository.
#[test]
fn the_readme_links_resolve() {
    let text = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let broken: Vec<String> = links(&text)
        .into_iter()
        .filter(|(_, t)| !t.starts_with("http"))
        .filter(|(_, t)| !common::root().join(t.split('#').next().unwrap()).exists())
        .map(|(line, t)| format!("README.md:{line}: `{t}`"))
        .collect();
    assert!(broken.is_empty(), "{broken:?}");
}
