//! The bodies of the fuzz targets (`fuzz/fuzz_targets/`), shared with the
//! regression test that replays every input the fuzzers ever found
//! (`tests/fuzz_regressions.rs`). Each takes arbitrary bytes and must return
//! without panicking; the properties they check panic when they fail.

use crate::diagnostic::Diagnostics;
use crate::eval::{eval_opts, Options};
use crate::source::{FileId, Sources};
use crate::syntax::dsl::{parse_metric, parse_target, MAX_EXPR_LEN};
use crate::syntax::yaml::Scalar;
use crate::vocab::Period;
use std::path::Path;

/// The expression language: a metric definition and a target. What parses
/// prints back to text that parses to the same tree.
pub fn dsl(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = FileId(0);
    let parse = |t: &str| parse_metric(file, &Scalar::detached(t));
    if let Ok(m) = parse(text) {
        let printed = format!("{} = {}", m.name, m.expr);
        if let Some(again) = reparse(text, &printed, parse) {
            assert!(same_tree(&again.expr, &m.expr), "`{printed}` from `{text}`");
        }
    }
    // a row expression (`expr:`, `where:`, `having:`)
    let parse = |t: &str| crate::syntax::row::parse_row(file, &Scalar::detached(t));
    if let Ok(e) = parse(text) {
        let printed = e.to_string();
        if let Some(again) = reparse(text, &printed, parse) {
            assert!(again.same_as(&e), "`{printed}` from `{text}`");
        }
    }
    let parse = |t: &str| parse_target(file, &Scalar::detached(t));
    if let Ok(t) = parse(text) {
        let printed = t.to_string();
        if let Some(again) = reparse(text, &printed, parse) {
            assert!(
                same_tree(&again.lhs, &t.lhs)
                    && same_tree(&again.rhs, &t.rhs)
                    && again.cmp == t.cmp,
                "`{printed}` from `{text}`"
            );
        }
    }
}

/// Parses the printed form of `text`. The printed form spaces operators out
/// and may pass the length limit (found by fuzzing): then that limit, and
/// nothing else, must refuse it, and there is no tree to compare.
fn reparse<T>(
    text: &str,
    printed: &str,
    parse: impl Fn(&str) -> Result<T, crate::diagnostic::Diagnostic>,
) -> Option<T> {
    match parse(printed) {
        Ok(again) => Some(again),
        Err(d) if printed.len() > MAX_EXPR_LEN && d.message.contains("limit") => None,
        Err(d) => panic!("`{printed}` (printed from `{text}`) does not parse: {d:?}"),
    }
}

/// Two trees equal but for their spans.
pub fn same_tree(a: &crate::syntax::dsl::Expr, b: &crate::syntax::dsl::Expr) -> bool {
    a.same_as(b)
}

/// The human outputs in every language and locale, the diagnostics
/// localized in each.
fn human_in_every_voice(
    diags: &Diagnostics,
    sources: &Sources,
    eval: Option<(&crate::eval::Evaluation, &crate::plan::Plan)>,
) {
    for lang in crate::i18n::Lang::ALL {
        for locale in [crate::i18n::Locale::En, crate::i18n::Locale::Fr] {
            let voice = crate::i18n::Voice { lang, locale };
            let mut d = Diagnostics {
                items: diags.items.clone(),
            };
            d.localize(lang);
            let _ = crate::render::human_diagnostics(&d, sources, false, voice);
            if let Some((ev, plan)) = eval {
                let _ = crate::render::eval_human(ev, plan, voice);
            }
        }
    }
}

/// A whole spec file through load, check and every renderer.
pub fn spec(data: &[u8]) {
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let model = crate::check_bytes("fuzz.kpi.yaml", data, &mut sources, &mut diags);
    diags.sort();
    let _ = crate::render::check_json(&diags, &sources);
    human_in_every_voice(&diags, &sources, None);
    // `boussole sql`: every dialect, both queries, the sources' own tables
    // (or `t` for a spec without sources), by the dimensions they map
    if !diags.has_errors() {
        let by: Vec<String> = model
            .spec
            .sources
            .iter()
            .flat_map(|s| s.dimensions.iter().flatten().map(|(d, _)| d.clone()))
            .take(2)
            .collect();
        let plan = crate::plan(&model, crate::vocab::Period::Monthly, &by);
        let bind = if model.spec.sources.is_empty() {
            vec!["t".to_string()]
        } else {
            Vec::new()
        };
        if let Ok(tables) = crate::sql::tables(&plan, &bind) {
            for d in crate::sql::Dialect::ALL {
                for q in [crate::sql::Query::Metrics, crate::sql::Query::Objectives] {
                    let mut sql_diags = Diagnostics::default();
                    let _ = crate::compile_sql(&plan, d, &tables, q, &mut sql_diags);
                }
            }
        }
    }
    // `boussole fmt`: what it formats means the same and formats to itself
    let mut sources = Sources::default();
    let (file, utf8) = crate::spec::add_source("fuzz.kpi.yaml".into(), data.to_vec(), &mut sources);
    if utf8.is_err() {
        return;
    }
    if let Ok(formatted) = crate::tools::fmt::format(file, sources.get(file)) {
        assert_eq!(
            spec_meaning(data),
            spec_meaning(formatted.as_bytes()),
            "fmt changed the meaning of the file; formatted:\n{formatted}"
        );
        let mut again = Sources::default();
        let (f2, _) = crate::spec::add_source(
            "fuzz.kpi.yaml".into(),
            formatted.clone().into_bytes(),
            &mut again,
        );
        match crate::tools::fmt::format(f2, again.get(f2)) {
            Ok(twice) => assert_eq!(twice, formatted, "fmt is not idempotent"),
            Err(d) => panic!("fmt refuses its own output: {d:?}\n{formatted}"),
        }
    }
}

/// What a spec file means, as text: every item the loader reads from it
/// (spans aside, expressions as their trees) and every diagnostic
/// of `check` by code and message, sorted. Files that mean the same give the
/// same text (`boussole fmt` must keep it).
pub fn spec_meaning(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let mut spec = crate::spec::Spec::default();
    crate::spec::load_bytes(
        &mut spec,
        "meaning.kpi.yaml".into(),
        bytes.to_vec(),
        &mut sources,
        &mut diags,
    );
    // every item as the loader built it (its Debug form, so a field added to
    // the spec is compared without this function knowing of it), spans left
    // out since a layout moves them
    let mut out = String::new();
    for i in &spec.inputs {
        let _ = writeln!(out, "{}", without_spans(&format!("{i:?}")));
    }
    for m in &spec.metrics {
        let _ = writeln!(out, "{}", without_spans(&format!("{m:?}")));
    }
    for s in &spec.strategies {
        let _ = writeln!(out, "{}", without_spans(&format!("{s:?}")));
    }
    for o in &spec.objectives {
        let mut o = o.clone();
        o.given.sort();
        let _ = writeln!(out, "{}", without_spans(&format!("{o:?}")));
    }
    let _model = crate::check::check(spec, &mut diags);
    let mut found: Vec<String> = diags
        .items
        .iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    found.sort();
    for d in found {
        let _ = writeln!(out, "diagnostic {d}");
    }
    out
}

/// A Debug text with every `Span { … }` removed.
fn without_spans(debug: &str) -> String {
    let mut out = String::with_capacity(debug.len());
    let mut rest = debug;
    while let Some(at) = rest.find("Span {") {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match rest.find('}') {
            Some(end) => rest = &rest[end + 1..],
            None => rest = "",
        }
    }
    out.push_str(rest);
    out
}

/// A spec with every aggregate and function, two cadences and targets with
/// and without an action: what the data fuzz targets evaluate.
const EVERY_AGGREGATE: &str = "inputs:
  a: count
  b: { unit: count, aggregate: max }
  c: { unit: count, aggregate: min, column: a }
  d: { unit: count, aggregate: avg }
  e: { unit: count, aggregate: first }
  f: { unit: count, aggregate: last, column: b }
metrics:
  - r = a / b
  - g = growth(a)
  - m = min(a, d) + max(e, f)
  - p = previous(r, 2) * 100
strategy:
  s: Sell
objectives:
  o:
    description: Keep r above half every week of 2026
    aligned_with: s
    owner: team
    period: weekly
    deadline: 2026-12-31
    kpis: [r]
    targets:
      - r >= 50%
      - target: a >= 10
        action: Call the largest customer
";

/// A CSV export evaluated with a spec that has every aggregate and function,
/// by both readers, which must agree; `dir` takes the data file.
pub fn csv(data: &[u8], dir: &Path) {
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let model = crate::check_bytes(
        "s.kpi.yaml",
        EVERY_AGGREGATE.as_bytes(),
        &mut sources,
        &mut diags,
    );
    assert!(!diags.has_errors(), "the fuzz spec checks");
    let path = dir.join("data.csv");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let by = [String::from("ch")];
    let mut plan = crate::plan::plan(&model, Period::Monthly, &by);
    // a review in mid-2026: periods in progress, their pace, stale sources
    plan.as_of = chrono::NaiveDate::from_ymd_opt(2026, 6, 15);
    let run_limited = |reader, memory_limit| {
        let mut d = Diagnostics::default();
        let opts = Options {
            reader,
            memory_limit,
            // spilled groups go beside the data (under /dev/shm)
            temp_dir: Some(dir),
            ..Options::default()
        };
        let ev = eval_opts(&plan, &path, &mut d, &opts).ok()?;
        d.sort();
        let mut out = Vec::new();
        crate::render::write_eval_json(&mut out, &ev, &d, &sources).ok()?;
        human_in_every_voice(&d, &sources, Some((&ev, &plan)));
        Some(out)
    };
    let run = |reader| run_limited(reader, None);
    let exact = run(crate::eval::Reader::Exact);
    let auto = run(crate::eval::Reader::Auto);
    assert_eq!(auto, exact, "the fast path and the exact reader differ");
    // `boussole report`, by nothing: whatever the cells say, no markup
    // comes out of them
    let plain = crate::plan::plan(&model, Period::Monthly, &[]);
    let mut plain = plain;
    plain.as_of = plan.as_of;
    let mut d = Diagnostics::default();
    if let Ok(ev) = eval_opts(&plain, &path, &mut d, &Options::default()) {
        for voice in [
            crate::i18n::Voice::EN,
            crate::i18n::Voice::of(crate::i18n::Lang::Fr),
        ] {
            let r = crate::render::report::Report::build(
                &plain,
                &ev,
                &d,
                &sources,
                crate::render::report::Provenance::default(),
                voice,
            );
            report_is_escaped(
                &crate::render::report::html::html(&r),
                &crate::render::report::markdown::markdown(&r),
            );
        }
    }
    // under a memory limit (written to disk past it): the same report, or
    // a memory-limit error
    for (reader, limit) in [
        (crate::eval::Reader::Exact, 4096),
        (crate::eval::Reader::Auto, 4096),
        (crate::eval::Reader::Auto, 64 << 10),
    ] {
        let limited = run_limited(reader, Some(limit));
        if limited != auto {
            let text = String::from_utf8_lossy(limited.as_deref().unwrap_or_default());
            assert!(
                text.contains("\"memory-limit\""),
                "a memory limit changed the report without a memory-limit error"
            );
        }
    }
}

/// The report's escaping, checked: every `<` of the page opens or closes
/// one of the elements the writer uses, and every row of a Markdown table
/// has its header's number of cells.
pub fn report_is_escaped(html: &str, markdown: &str) {
    const TAGS: &[&str] = &[
        "!DOCTYPE", "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3",
        "p", "nav", "ul", "li", "a", "span", "main", "section", "dl", "div", "dt", "dd", "article",
        "figure", "svg", "line", "polyline", "circle", "br", "strong", "code", "footer", "table",
        "caption", "thead", "tbody", "tr", "th", "td",
    ];
    for (at, _) in html.match_indices('<') {
        let rest = html[at + 1..].trim_start_matches('/');
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
            .collect();
        assert!(
            TAGS.contains(&name.as_str()),
            "markup `<{}` in the page",
            rest.chars().take(20).collect::<String>()
        );
    }
    let cells = |line: &str| {
        let mut n = 0;
        let mut escaped = false;
        for c in line.chars() {
            if c == '|' && !escaped {
                n += 1;
            }
            escaped = c == '\\' && !escaped;
        }
        n
    };
    for table in markdown.split("\n\n").filter(|b| b.starts_with('|')) {
        let mut lines = table.lines();
        let header = lines.next().map(cells).unwrap_or(0);
        for line in lines {
            assert_eq!(cells(line), header, "a table row with other cells: {line}");
        }
    }
}

/// A scratch directory for a fuzz target's files, under /dev/shm when it
/// exists (one per process).
pub fn scratch_dir(target: &str) -> std::path::PathBuf {
    let base = if Path::new("/dev/shm").is_dir() {
        std::path::PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    let dir = base.join(format!("boussole-fuzz-{target}-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// A source's `path:` glob, the fuzz input, walked from a spec directory in
/// a project beside an outside directory, with a link loop, links out, a
/// FIFO and a broken link planted: it ends, every file it gives is a
/// regular file inside the project, and on a tree without links it finds
/// what the `glob` crate finds.
pub fn glob(data: &[u8], dir: &Path) {
    let Ok(pattern) = std::str::from_utf8(data) else {
        return;
    };
    if pattern.len() > 256 {
        return;
    }
    let Some(root) = glob_tree(dir) else {
        return;
    };
    let project = crate::project::Project::within(None, Some(root.join("project")), &[]);
    let spec_dir = root.join("project/kpis");
    if let Ok(found) = crate::eval::sources::glob_files(&project, &spec_dir, pattern) {
        for f in &found.files {
            let real = std::fs::canonicalize(f).unwrap_or_default();
            assert!(
                real.starts_with(root.join("project")) && real.is_file(),
                "`{pattern}` gives {} ({})",
                f.display(),
                real.display()
            );
        }
    }
    // the same pattern on a tree without links: what `glob` finds
    // (`a/./b` is `a/b` to the walk, a component `.` to the crate; and the
    // crate lets `.*` match `..`, then walks up the whole disk)
    let relative = !Path::new(pattern).is_absolute()
        && !pattern.split('/').any(|c| c.starts_with('.'))
        && !pattern.contains("//"); // `a//b` is `a/b` to the walk, nothing to the crate
    let plain = root.join("project/plain");
    if relative && !pattern.is_empty() {
        let ours = crate::eval::sources::glob_files(&project, &plain, pattern);
        let full = plain.join(pattern);
        let theirs: Option<Vec<std::path::PathBuf>> =
            glob::glob(&full.to_string_lossy()).ok().map(|m| {
                // the crate lets `.*` match the entries `.` and `..`, which
                // a walk of real entries (rightly) never meets
                m.flatten()
                    .filter(|p| p.is_file())
                    .filter(|p| {
                        // (`components()` would hide a `.` in the middle)
                        !p.to_string_lossy()
                            .split('/')
                            .any(|c| c == "." || c == "..")
                    })
                    .collect()
            });
        if let (Ok(ours), Some(mut theirs)) = (ours, theirs) {
            theirs.sort();
            theirs.dedup(); // the crate gives a file once per way `**` reaches it
            assert_eq!(ours.files, theirs, "`{pattern}`");
        }
    }
}

/// The tree [`glob`] walks, made once under `dir` (its real path).
fn glob_tree(dir: &Path) -> Option<std::path::PathBuf> {
    let root = std::fs::canonicalize(dir).ok()?;
    let project = root.join("project");
    if project.is_dir() {
        return Some(root);
    }
    let files = [
        "outside/secret.csv",
        "project/kpis/s.kpi.yaml",
        "project/data/a.csv",
        "project/data/b.csv",
        "project/data/sub/c.csv",
        "project/data/sub/deeper/d.csv",
        "project/data/.hidden.csv",
        "project/plain/x.csv",
        "project/plain/.y.csv",
        "project/plain/[z].csv",
        "project/plain/a/b.csv",
        "project/plain/a/c.txt",
        "project/plain/a/b/c.csv",
    ];
    for f in files {
        let p = root.join(f);
        std::fs::create_dir_all(p.parent()?).ok()?;
        std::fs::write(&p, "date,x\n2026-01-01,1\n").ok()?;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink(".", project.join("data/loop")).ok()?;
        symlink("../../outside", project.join("data/out")).ok()?;
        symlink("/", project.join("data/root")).ok()?;
        symlink("../../outside/secret.csv", project.join("data/leak.csv")).ok()?;
        symlink("nowhere.csv", project.join("data/dangling.csv")).ok()?;
        let fifo = std::ffi::CString::new(std::os::unix::ffi::OsStrExt::as_bytes(
            project.join("data/fifo.csv").as_os_str(),
        ))
        .ok()?;
        // SAFETY: a valid NUL-terminated path
        unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) };
    }
    Some(root)
}

/// A spec as if written at `spec_path` (its sources' paths are relative to
/// that directory), checked: it must check clean.
fn checked(spec_path: &Path, spec: &str, sources: &mut Sources) -> crate::check::Model {
    let mut diags = Diagnostics::default();
    let model = crate::check_bytes(
        &spec_path.to_string_lossy(),
        spec.as_bytes(),
        sources,
        &mut diags,
    );
    assert!(
        !diags.has_errors(),
        "the fuzz spec checks: {:?}",
        diags.items
    );
    model
}

/// `plan` evaluated on `path` as its one source's file with `reader`, every
/// renderer run; the JSON document (None after an I/O error).
fn evaluate_file(
    plan: &crate::plan::Plan,
    path: &Path,
    reader: crate::eval::Reader,
    sources: &Sources,
) -> Option<Vec<u8>> {
    let mut d = Diagnostics::default();
    let opts = Options {
        reader,
        ..Options::default()
    };
    let files = [vec![path.to_path_buf()]];
    let ev = crate::eval::evaluate(plan, crate::eval::Data::Sources(&files), &mut d, &opts).ok()?;
    d.sort();
    let mut out = Vec::new();
    crate::render::write_eval_json(&mut out, &ev, &d, sources).ok()?;
    human_in_every_voice(&d, sources, Some((&ev, plan)));
    Some(out)
}

/// An export read through a declared source, its options chosen by the
/// first byte (encoding, decimal mark, thousands, lines to skip, delimiter
/// given or detected, date format), the rest the file: no panic, and both
/// readers agree.
pub fn source(data: &[u8], dir: &Path) {
    let Some((&pick, file)) = data.split_first() else {
        return;
    };
    let encoding = ["utf-8", "utf-16", "windows-1252", "latin-1"][usize::from(pick & 3)];
    let (decimal, thousands) = [
        ("point", "none"),
        ("comma", "\" \""),
        ("point", "\",\""),
        ("comma", "\".\""),
    ][usize::from((pick >> 2) & 3)];
    let skip = (pick >> 4) & 1;
    let delimiter = if pick & 0x20 != 0 {
        "\n    delimiter: \";\""
    } else {
        ""
    };
    let date = [
        "date",
        "{ column: Jour, format: \"%d/%m/%Y\" }",
        "{ column: Date, format: \"%Y%m%d\" }",
        "[Day, date]",
    ][usize::from(pick >> 6)];
    let spec = format!(
        "sources:
  s:
    path: data.csv
    encoding: {encoding}
    decimal: {decimal}
    thousands: {thousands}
    skip: {skip}{delimiter}
    date: {date}
    dimensions: {{ ch: Canal }}
inputs:
  a: {{ unit: money(EUR), source: s, column: [Montant, a] }}
  b: {{ unit: count, source: s, aggregate: max }}
  c: {{ unit: count, source: s, aggregate: last, column: a }}
metrics:
  - r = a / b
  - g = growth(c)
"
    );
    let mut sources = Sources::default();
    let spec_path = dir.join("s.kpi.yaml");
    let name = spec_path.to_string_lossy();
    let model = checked(&spec_path, &spec, &mut sources);
    let path = dir.join("data.csv");
    if std::fs::write(&path, file).is_err() {
        return;
    }
    let by = [String::from("ch")];
    let plan = crate::plan::plan(&model, Period::Monthly, &by);
    let project = crate::project::Project::within(None, std::fs::canonicalize(dir).ok(), &[]);
    let files = crate::eval::sources::files(&plan, &[], &project, &mut Diagnostics::default());
    assert!(
        matches!(&files, Ok(f) if f.len() == 1 && f[0].len() == 1),
        "the source finds its file"
    );
    let exact = evaluate_file(&plan, &path, crate::eval::Reader::Exact, &sources);
    let auto = evaluate_file(&plan, &path, crate::eval::Reader::Auto, &sources);
    assert_eq!(auto, exact, "the fast path and the exact reader differ");
    // the same file as rows covering ranges (from the date column to `Fin`),
    // timestamps taking their day in Paris
    let ranged = spec.replace(
        &format!("    date: {date}\n"),
        "    date: { from: [Jour, Day, Date, date], to: [Fin, date] }\n    timezone: Europe/Paris\n",
    );
    // row-level inputs over the same file: expressions, filters, counts,
    // distinct counts with `having:`
    let rows = spec.replace(
        "metrics:\n",
        "  lines: { unit: count, source: s, aggregate: count, where: 'not starts_with(Canal, \"x\") or Montant > 1' }\n  net: { unit: money(EUR), source: s, expr: 'round(coalesce(Montant, 0) / 1.2, 2) - abs(b)', where: 'lower(Canal) in [\"web\", \"\"]' }\n  who: { unit: count, source: s, aggregate: count_distinct, expr: Canal, having: 'count() >= 2 and sum(b) > avg(b) or count_distinct(Montant) > 1' }\nmetrics:\n",
    );
    let wmodel = checked(&spec_path, &rows, &mut sources);
    let wplan = crate::plan::plan(&wmodel, Period::Weekly, &by);
    // on every core (or given up) as the sequential reader reads them
    let parallel = evaluate_file(&wplan, &path, crate::eval::Reader::Auto, &sources);
    let sequential = evaluate_file(&wplan, &path, crate::eval::Reader::Exact, &sources);
    assert_eq!(
        parallel, sequential,
        "the parallel and sequential readers differ"
    );
    let rmodel = checked(&spec_path, &ranged, &mut sources);
    let rplan = crate::plan::plan(&rmodel, Period::Weekly, &by);
    let _ = evaluate_file(&rplan, &path, crate::eval::Reader::Auto, &sources);
    // inspect reads any file, and what it proposes is a well-formed spec
    if let Ok(found) = crate::tools::inspect::inspect(&path) {
        for lang in crate::i18n::Lang::ALL {
            let _ = crate::tools::inspect::human(&found, lang);
        }
        let mut sources = Sources::default();
        let mut diags = Diagnostics::default();
        let _ = crate::check_bytes(&name, found.snippet.as_bytes(), &mut sources, &mut diags);
        let broken: Vec<String> = diags
            .items
            .iter()
            .filter(|d| {
                matches!(
                    d.code.name(),
                    "yaml-error" | "unknown-key" | "syntax-error" | "duplicate-metric"
                )
            })
            .map(|d| format!("{} {}", d.code, d.message))
            .collect();
        assert!(
            broken.is_empty(),
            "inspect's spec: {broken:?}\n{}",
            found.snippet
        );
    }
}

/// A workbook's bytes read through an xlsx source (sheet, date format,
/// decimal comma and thousands): no panic on any byte sequence.
pub fn workbook(data: &[u8], dir: &Path) {
    let spec = "sources:
  s:
    path: data.xlsx
    sheet: Données
    decimal: comma
    thousands: \" \"
    date: { column: Jour, format: \"%d/%m/%Y\" }
    dimensions: { ch: Canal }
inputs:
  a: { unit: money(EUR), source: s, column: [Montant, a] }
  b: { unit: count, source: s, aggregate: max }
metrics:
  - r = a / b
";
    let mut sources = Sources::default();
    let model = checked(&dir.join("w.kpi.yaml"), spec, &mut sources);
    let path = dir.join("data.xlsx");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let by = [String::from("ch")];
    let plan = crate::plan::plan(&model, Period::Monthly, &by);
    let _ = evaluate_file(&plan, &path, crate::eval::Reader::Auto, &sources);
}

/// A Parquet file's bytes read through a source (a timestamp date in a
/// zone, a dimension, inputs of every kind) and by `inspect`: no panic.
pub fn parquet(data: &[u8], dir: &Path) {
    let spec = "sources:
  s:
    path: data.parquet
    timezone: Europe/Paris
    date: [day, at]
    dimensions: { ch: campaign }
inputs:
  a: { unit: money(EUR), source: s, column: [spend, a] }
  b: { unit: count, source: s, aggregate: last }
  c: { unit: number, source: s, column: rate, aggregate: avg }
metrics:
  - r = a / b
";
    let mut sources = Sources::default();
    let model = checked(&dir.join("p.kpi.yaml"), spec, &mut sources);
    let path = dir.join("data.parquet");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let by = [String::from("ch")];
    let plan = crate::plan::plan(&model, Period::Monthly, &by);
    let _ = evaluate_file(&plan, &path, crate::eval::Reader::Auto, &sources);
    let _ = crate::tools::inspect::inspect(&path);
}

/// JSON lines read through a source (decimal comma, thousands, a date key):
/// no panic on any byte sequence.
pub fn jsonl(data: &[u8], dir: &Path) {
    let spec = "sources:
  s:
    path: data.jsonl
    decimal: comma
    thousands: \" \"
    date: [Jour, date]
    dimensions: { ch: Canal }
inputs:
  a: { unit: money(EUR), source: s, column: [Montant, a] }
  b: { unit: count, source: s, aggregate: last }
metrics:
  - r = a / b
";
    let mut sources = Sources::default();
    let model = checked(&dir.join("j.kpi.yaml"), spec, &mut sources);
    let path = dir.join("data.jsonl");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let by = [String::from("ch")];
    let plan = crate::plan::plan(&model, Period::Monthly, &by);
    let _ = evaluate_file(&plan, &path, crate::eval::Reader::Auto, &sources);
}

/// What an engine sends back to `eval --engine` (rows of text cells, the
/// fuzz input read as CSV, `\N` for NULL), assembled and evaluated with
/// [`EVERY_AGGREGATE`] by a dimension: an error
/// for a cell the query could not have written, else every output renders.
pub fn engine_rows(data: &[u8]) {
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let model = crate::check_bytes(
        "s.kpi.yaml",
        EVERY_AGGREGATE.as_bytes(),
        &mut sources,
        &mut diags,
    );
    assert!(!diags.has_errors(), "the fuzz spec checks");
    let by = [String::from("ch")];
    let mut plan = crate::plan::plan(&model, Period::Monthly, &by);
    plan.as_of = chrono::NaiveDate::from_ymd_opt(2026, 6, 15);
    let tables = [Some("t".to_string())];
    let mut queries = Vec::new();
    for cadence in crate::eval::cadences(&plan) {
        let q = crate::sql::fetch_query(
            &plan,
            crate::sql::Dialect::DuckDb,
            &tables,
            cadence,
            &mut diags,
        );
        let Some(q) = q else {
            return;
        };
        queries.push((cadence, q));
    }
    // the input's rows, split between the cadences at a line `--`
    let text = String::from_utf8_lossy(data);
    let mut parts = text.splitn(2, "\n--\n");
    let mut results = Vec::new();
    for (cadence, q) in &queries {
        let part = parts.next().unwrap_or_default();
        let rows: crate::engine::Rows = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(part.as_bytes())
            .records()
            .map_while(Result::ok)
            .map(|r| {
                r.iter()
                    .map(|c| (c != "\\N").then(|| c.to_string()))
                    .collect()
            })
            .collect();
        results.push((*cadence, q, rows));
    }
    let Ok(fetched) = crate::engine::assemble(&plan, results) else {
        return;
    };
    let mut d = Diagnostics::default();
    let ev = crate::eval::evaluate_fetched(&plan, fetched, &mut d);
    d.sort();
    let mut out = Vec::new();
    let _ = crate::render::write_eval_json(&mut out, &ev, &d, &sources);
    human_in_every_voice(&d, &sources, Some((&ev, &plan)));
}

#[cfg(test)]
mod tests {
    use super::spec_meaning;

    #[test]
    fn meaning_ignores_layout_and_sees_every_value() {
        let base = "inputs:\n  a: { unit: count, column: A }\nmetrics:\n  - r = a / a\n";
        let relaid = "inputs:\n  a:\n    column: A\n    unit: count\n\nmetrics:\n- r = a/a\n";
        assert_eq!(
            spec_meaning(base.as_bytes()),
            spec_meaning(relaid.as_bytes())
        );
        for changed in [
            "inputs:\n  a: { unit: ratio, column: A }\nmetrics:\n  - r = a / a\n",
            "inputs:\n  a: { unit: count, column: B }\nmetrics:\n  - r = a / a\n",
            "inputs:\n  a: { unit: count, column: A, vanity: true }\nmetrics:\n  - r = a / a\n",
            "inputs:\n  a: { unit: count, column: A }\nmetrics:\n  - r = a * a\n",
        ] {
            assert_ne!(
                spec_meaning(base.as_bytes()),
                spec_meaning(changed.as_bytes()),
                "{changed}"
            );
        }
    }
}
