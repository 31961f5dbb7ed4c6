//! `boussole test`: unit tests for metrics, in `*.kpi-test.yaml` files next to
//! the specs. A test gives fixture rows, the period and dimensions to group
//! by, and what it expects: values per period, target statuses, diagnostics.
//!
//! ```yaml
//! tests:
//!   ctr_is_a_ratio_of_sums:
//!     period: monthly
//!     by: [channel]
//!     rows:
//!       - { date: 2026-03-01, channel: search, clicks: 10, impressions: 1000 }
//!       - { date: 2026-03-02, channel: search, clicks: 50, impressions: 1000 }
//!     expect:
//!       - { period: 2026-03, channel: search, clicks: 60, ctr: 3% }
//!     targets:
//!       - { objective: ads, target: "ctr >= 2%", period: 2026-03, status: met }
//!     diagnostics:
//!       - { code: division-by-zero, period: 2026-04 }
//! ```
//!
//! An expected value is checked to the precision it is written with (`3%` is
//! 0.03: the value rounded to two decimals must be 0.03; `3.33%` checks four).

use crate::check::{const_value, Model};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::eval::{eval_opts, Evaluation, Options};
use crate::i18n::Msg;
use crate::msg;
use crate::source::{FileId, Sources, Span};
use crate::syntax::dsl::{parse_metric, parse_target, Expr, ExprKind, Target};
use crate::syntax::yaml::{Node, NodeKind, Scalar};
use crate::vocab::Period;
use rust_decimal::{Decimal, RoundingStrategy};
use std::path::{Path, PathBuf};

/// A value as written: its text, where, and the decimal it stands for.
#[derive(Debug, Clone)]
struct Written {
    text: String,
    span: Span,
}

#[derive(Debug)]
struct Expect {
    /// Period label, dimension values, (name, expected value or null).
    period: Written,
    dims: Vec<(String, Written)>,
    values: Vec<(String, Span, Option<Written>)>,
}

#[derive(Debug)]
struct ExpectTarget {
    span: Span,
    fields: Vec<(String, Written)>,
    /// The `target:` field read as a target, for the names it mentions.
    target: Option<Target>,
}

/// Fixture rows: each (column, cell text) in order.
type Rows = Vec<Vec<(String, String)>>;

/// One test of a `*.kpi-test.yaml` file.
#[derive(Debug)]
pub struct SpecTest {
    pub name: String,
    pub span: Span,
    period: Period,
    by: Vec<String>,
    /// Rows: (column, cell text), in the plain layout (a `date` column).
    rows: Rows,
    /// Rows per source (`rows:` as a mapping): the source's name, where it
    /// is written, and its rows with the source's own columns and formats.
    source_rows: Vec<(String, Span, Rows)>,
    expect: Vec<Expect>,
    targets: Vec<ExpectTarget>,
    diagnostics: Vec<ExpectTarget>,
}

impl SpecTest {
    /// Every input or metric the test names, with where: its expected
    /// values' keys and the names inside its expected targets.
    pub fn names(&self, f: &mut dyn FnMut(&str, Span)) {
        for e in &self.expect {
            for (name, span, _) in &e.values {
                f(name, *span);
            }
        }
        for t in self.targets.iter().filter_map(|t| t.target.as_ref()) {
            t.lhs.names(&mut |n, s| f(n, s));
            t.rhs.names(&mut |n, s| f(n, s));
        }
    }

    /// The expressions of its expected targets (for the functions they call).
    pub fn target_exprs(&self) -> impl Iterator<Item = &Expr> {
        self.targets
            .iter()
            .filter_map(|t| t.target.as_ref())
            .flat_map(|t| [&t.lhs, &t.rhs])
    }

    /// Every objective the test names (`objective:` of an expected target
    /// or diagnostic), with where.
    pub fn objectives(&self) -> impl Iterator<Item = (&str, Span)> {
        self.targets
            .iter()
            .chain(&self.diagnostics)
            .flat_map(|t| &t.fields)
            .filter(|(k, _)| k == "objective")
            .map(|(_, w)| (w.text.as_str(), w.span))
    }
}

/// How one test went.
#[derive(Debug)]
pub struct Outcome {
    pub name: String,
    pub file: PathBuf,
    /// Failed expectations (diagnostics with code `test-failed`).
    pub failures: Vec<Diagnostic>,
}

fn scalar_text(n: &Node) -> Option<Written> {
    let s = n.as_scalar()?;
    Some(Written {
        text: s.value.clone(),
        span: n.span,
    })
}

fn bad(node: &Node, msg: Msg) -> Diagnostic {
    Diagnostic::of(Code::InvalidValue, msg).at(node.span)
}

fn pairs(n: &Node) -> &[(Node, Node)] {
    match &n.kind {
        NodeKind::Map(p) => p,
        _ => &[],
    }
}

fn key(n: &Node) -> String {
    n.as_scalar().map(|s| s.value.clone()).unwrap_or_default()
}

/// Reads the tests of one file; problems are diagnostics.
pub fn load_tests(
    path: PathBuf,
    bytes: Vec<u8>,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Vec<SpecTest> {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(_) => {
            diags.push(Diagnostic::of(
                Code::YamlError,
                msg!("not-utf8", path = path.display().to_string()),
            ));
            return Vec::new();
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
    let file = sources.add(path, text);
    let root = match crate::syntax::yaml::parse(file, sources.get(file)) {
        Ok(Some(r)) => r,
        Ok(None) => return Vec::new(),
        Err(d) => {
            diags.push(d);
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for (k, v) in pairs(&root) {
        if key(k) != "tests" {
            diags.push(
                Diagnostic::of(Code::UnknownKey, msg!("test-unknown-key", key = key(k)))
                    .at(k.span)
                    .help_msg(msg!("test-file-one-key")),
            );
            continue;
        }
        for (name, body) in pairs(v) {
            if let Some(t) = load_test(file, name, body, diags) {
                out.push(t);
            }
        }
    }
    out
}

fn load_test(file: FileId, name: &Node, body: &Node, diags: &mut Diagnostics) -> Option<SpecTest> {
    let mut t = SpecTest {
        name: key(name),
        span: name.span,
        period: Period::Monthly,
        by: Vec::new(),
        rows: Vec::new(),
        source_rows: Vec::new(),
        expect: Vec::new(),
        targets: Vec::new(),
        diagnostics: Vec::new(),
    };
    let mut has_rows = false;
    for (k, v) in pairs(body) {
        match key(k).as_str() {
            "period" => match v.as_scalar().and_then(|s| Period::parse(&s.value)) {
                Some(p) => t.period = p,
                None => diags.push(bad(v, msg!("test-period"))),
            },
            "by" => match &v.kind {
                NodeKind::Seq(items) => t.by = items.iter().map(key).collect(),
                _ => diags.push(bad(v, msg!("test-by"))),
            },
            "rows" => {
                has_rows = true;
                match &v.kind {
                    NodeKind::Seq(items) => t.rows = rows_of(items, diags),
                    // rows per source, as each source's export writes them
                    NodeKind::Map(by_source) => {
                        for (source, list) in by_source {
                            let NodeKind::Seq(items) = &list.kind else {
                                diags.push(bad(list, msg!("test-rows")));
                                continue;
                            };
                            t.source_rows
                                .push((key(source), source.span, rows_of(items, diags)));
                        }
                    }
                    _ => diags.push(bad(v, msg!("test-rows"))),
                }
            }
            "expect" => {
                for e in items_of(v, diags) {
                    let mut period = None;
                    let mut dims = Vec::new();
                    let mut values = Vec::new();
                    for (ek, ev) in pairs(e) {
                        let name = key(ek);
                        if name == "period" {
                            period = scalar_text(ev);
                        } else if t.by.contains(&name) {
                            if let Some(w) = scalar_text(ev) {
                                dims.push((name, w));
                            }
                        } else {
                            values.push((name, ek.span, scalar_text(ev).filter(|_| !ev.is_null())));
                        }
                    }
                    match period {
                        Some(period) => t.expect.push(Expect {
                            period,
                            dims,
                            values,
                        }),
                        None => diags.push(bad(e, msg!("test-expect-period"))),
                    }
                }
            }
            "targets" | "diagnostics" => {
                let list: Vec<ExpectTarget> = items_of(v, diags)
                    .iter()
                    .map(|e| ExpectTarget {
                        span: e.span,
                        fields: pairs(e)
                            .iter()
                            .filter_map(|(a, b)| Some((key(a), scalar_text(b)?)))
                            .collect(),
                        target: pairs(e)
                            .iter()
                            .find(|(a, _)| key(a) == "target")
                            .and_then(|(_, b)| parse_target(file, b.as_scalar()?).ok()),
                    })
                    .collect();
                if key(k) == "targets" {
                    t.targets = list;
                } else {
                    t.diagnostics = list;
                }
            }
            other => diags.push(
                Diagnostic::of(
                    Code::UnknownKey,
                    msg!("test-unknown-test-key", key = other, test = &t.name),
                )
                .at(k.span)
                .help_msg(msg!(
                    "known-keys",
                    keys = "period, by, rows, expect, targets, diagnostics"
                )),
            ),
        }
    }
    if !has_rows {
        diags.push(
            Diagnostic::of(Code::MissingKey, msg!("test-no-rows", test = &t.name)).at(name.span),
        );
        return None;
    }
    Some(t)
}

/// Fixture rows: each a mapping of column to cell text.
fn rows_of(items: &[Node], diags: &mut Diagnostics) -> Rows {
    let mut rows = Vec::with_capacity(items.len());
    for row in items {
        if !matches!(row.kind, NodeKind::Map(_)) {
            diags.push(bad(row, msg!("test-row")));
            continue;
        }
        rows.push(
            pairs(row)
                .iter()
                .map(|(c, x)| {
                    (
                        key(c),
                        x.as_scalar().map(|s| s.value.clone()).unwrap_or_default(),
                    )
                })
                .collect(),
        );
    }
    rows
}

/// Writes `rows` as a CSV at `path`: a header of `columns`, `delimiter`
/// between fields, an empty cell where a row has no value.
fn write_rows(
    path: &Path,
    columns: &[String],
    rows: &[Vec<(String, String)>],
    delimiter: u8,
) -> Result<(), csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_path(path)?;
    w.write_record(columns)?;
    for row in rows {
        let rec: Vec<&str> = columns
            .iter()
            .map(|c| {
                row.iter()
                    .find(|(k, _)| k == c)
                    .map_or("", |(_, v)| v.as_str())
            })
            .collect();
        w.write_record(&rec)?;
    }
    w.flush()?;
    Ok(())
}

/// The columns of `rows` in order of first appearance, after `first`.
fn columns_of<'r>(
    first: Vec<String>,
    rows: impl IntoIterator<Item = &'r Vec<(String, String)>>,
) -> Vec<String> {
    let mut columns = first;
    for row in rows {
        for (c, _) in row {
            if !columns.contains(c) {
                columns.push(c.clone());
            }
        }
    }
    columns
}

fn items_of<'n>(v: &'n Node, diags: &mut Diagnostics) -> Vec<&'n Node> {
    match &v.kind {
        NodeKind::Seq(items) => items
            .iter()
            .filter(|i| matches!(i.kind, NodeKind::Map(_)))
            .collect(),
        _ => {
            diags.push(bad(v, msg!("test-list-of-mappings")));
            Vec::new()
        }
    }
}

/// An expected value: a number, `5%`, `50 EUR`, `-3`.
fn expected(text: &str) -> Option<Decimal> {
    let def = parse_metric(FileId(0), &Scalar::detached(&format!("x = {text}"))).ok()?;
    match def.expr.kind {
        ExprKind::Number(_) | ExprKind::Percent(_) | ExprKind::Money(..) | ExprKind::Neg(_) => {
            const_value(&def.expr)
        }
        _ => None,
    }
}

/// Runs one test: its rows through `eval`, then every expectation.
pub fn run(
    model: &Model,
    t: &SpecTest,
    file: &Path,
    scratch: &Path,
    diags: &mut Diagnostics,
) -> Outcome {
    let mut failures = Vec::new();
    let mut fail = |span: Span, msg: Msg, defined: Option<Span>| {
        let mut d = Diagnostic::of(Code::TestFailed, msg).at(span);
        if let Some(def) = defined {
            d = d.related_msg(def, msg!("defined-here"));
        }
        failures.push(d);
    };
    let outcome = |failures| Outcome {
        name: t.name.clone(),
        file: file.to_path_buf(),
        failures,
    };
    let mut plan = crate::plan::plan(model, t.period, &t.by);
    // the rows as CSV files: the columns in order of first appearance; in
    // the plain layout, one file, date first; per source, a file each in
    // the source's delimiter, its other formats as declared
    let mut written: Vec<PathBuf> = Vec::new();
    let mut files: Vec<Vec<PathBuf>> = vec![Vec::new(); plan.sources.len()];
    let columns;
    let result = if t.source_rows.is_empty() {
        columns = columns_of(vec!["date".into()], &t.rows);
        let path = scratch.join(format!("{}.csv", sanitize(&t.name)));
        written.push(path.clone());
        write_rows(&path, &columns, &t.rows, b',')
    } else {
        columns = columns_of(Vec::new(), t.source_rows.iter().flat_map(|(_, _, r)| r));
        let mut result = Ok(());
        for (name, span, rows) in &t.source_rows {
            let Some(si) = plan.sources.iter().position(|s| &s.name == name) else {
                let known: Vec<&str> = plan.sources.iter().map(|s| s.name.as_str()).collect();
                fail(
                    *span,
                    msg!(
                        "test-unknown-source",
                        source = name,
                        sources = known.join(", ")
                    ),
                    None,
                );
                return outcome(failures);
            };
            let format = &mut plan.sources[si].format;
            let delimiter = format.delimiter.unwrap_or(b',');
            format.kind = crate::vocab::FileKind::Csv;
            format.kind_given = true;
            format.delimiter = Some(delimiter);
            format.encoding = crate::vocab::TextEncoding::Utf8;
            format.skip = 0;
            format.sheet = None;
            let path = scratch.join(format!("{}-{}.csv", sanitize(&t.name), sanitize(name)));
            written.push(path.clone());
            files[si].push(path.clone());
            let columns = columns_of(Vec::new(), rows);
            result = result.and(write_rows(&path, &columns, rows, delimiter));
        }
        result
    };
    if let Err(e) = result {
        for p in &written {
            let _ = std::fs::remove_file(p);
        }
        fail(
            t.span,
            msg!("test-cannot-write", error = e.to_string()),
            None,
        );
        return outcome(failures);
    }
    let mut ev_diags = Diagnostics::default();
    let ev = match written.first() {
        Some(path) if t.source_rows.is_empty() => {
            eval_opts(&plan, path, &mut ev_diags, &Options::default())
        }
        _ => crate::eval::evaluate(
            &plan,
            crate::eval::Data::Sources(&files),
            &mut ev_diags,
            &Options::default(),
        ),
    };
    for p in &written {
        let _ = std::fs::remove_file(p);
    }
    let ev = match ev {
        Ok(ev) => ev,
        Err(e) => {
            fail(
                t.span,
                msg!("test-cannot-evaluate", error = e.to_string()),
                None,
            );
            return outcome(failures);
        }
    };
    check_values(model, t, &ev, &mut fail);
    check_targets(t, &ev, &mut fail);
    // expected diagnostics must occur; unexpected errors fail the test
    let mut matched = vec![false; ev_diags.items.len()];
    for e in &t.diagnostics {
        let field = |n: &str| {
            e.fields
                .iter()
                .find(|(k, _)| k == n)
                .map(|(_, w)| w.text.clone())
        };
        let code = field("code").unwrap_or_default();
        let period = field("period");
        let hit = ev_diags.items.iter().position(|d| {
            d.code.name() == code
                && period
                    .as_ref()
                    .is_none_or(|p| d.period.as_deref() == Some(p))
        });
        match hit {
            Some(i) => matched[i] = true,
            None => fail(
                e.span,
                match period {
                    Some(p) => msg!(
                        "test-expected-diagnostic-in",
                        code = code,
                        period_kind = crate::i18n::period_kind(&p),
                        period = p
                    ),
                    None => msg!("test-expected-diagnostic", code = code),
                },
                None,
            ),
        }
    }
    for (d, m) in ev_diags.items.iter().zip(&matched) {
        if !m && d.severity == crate::diagnostic::Severity::Error {
            fail(
                t.span,
                msg!(
                    "test-unexpected",
                    code = d.code.name(),
                    message = d.message_arg()
                ),
                None,
            );
        }
    }
    let _ = diags;
    // rows that name an input where the data has its column: say so where a
    // value or status is missing
    let misnamed: Vec<String> = model
        .spec
        .inputs
        .iter()
        .filter(|i| {
            i.column() != i.name
                && columns.contains(&i.name)
                && !columns.iter().any(|c| c == i.column())
        })
        .map(|i| format!("`{}` (input `{}`)", i.column(), i.name))
        .collect();
    if !misnamed.is_empty() {
        let help = msg!("test-misnamed", columns = misnamed.join(", "));
        for d in failures.iter_mut() {
            if d.help.is_none()
                && (d.message.contains("got no value") || d.message.contains("got no-data"))
            {
                *d = d.clone().help_msg(help.clone());
            }
        }
    }
    Outcome {
        name: t.name.clone(),
        file: file.to_path_buf(),
        failures,
    }
}

fn sanitize(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .take(64)
        .collect()
}

fn check_values(
    model: &Model,
    t: &SpecTest,
    ev: &Evaluation,
    fail: &mut impl FnMut(Span, Msg, Option<Span>),
) {
    for e in &t.expect {
        let dims_text: Vec<String> = e
            .dims
            .iter()
            .map(|(k, v)| format!("{k}={}", v.text))
            .collect();
        // spec tests' data is small and read without a memory limit: its
        // rows are in memory, and reading them cannot fail
        let row = ev
            .find_row(|r| {
                r.key.label() == e.period.text
                    && t.by.iter().zip(r.dims).all(|(b, v)| {
                        e.dims
                            .iter()
                            .find(|(k, _)| k == b)
                            .is_none_or(|(_, w)| &w.text == v)
                    })
            })
            .ok()
            .flatten();
        let Some(row) = row else {
            fail(
                e.period.span,
                if dims_text.is_empty() {
                    msg!("test-no-row", period = &e.period.text)
                } else {
                    msg!(
                        "test-no-row-dims",
                        period = &e.period.text,
                        dims = dims_text.join(" ")
                    )
                },
                None,
            );
            continue;
        };
        let at = if dims_text.is_empty() {
            e.period.text.clone()
        } else {
            format!("{} ({})", e.period.text, dims_text.join(", "))
        };
        for (name, name_span, want) in &e.values {
            let Some(slot) = ev.slots.iter().position(|s| s == name) else {
                fail(*name_span, msg!("test-unknown-name", name = name), None);
                continue;
            };
            let got = row.values.get(slot).copied().flatten();
            // where the name is defined in the spec
            let defined = match slot.checked_sub(model.spec.inputs.len()) {
                None => model.spec.inputs.get(slot).map(|i| i.span),
                Some(m) => model.spec.metrics.get(m).map(|m| m.def.name_span),
            };
            let unit = model.unit_of(name);
            let show = |v: Option<Decimal>| crate::render::format_value(v, unit.as_ref());
            match want {
                None => {
                    if got.is_some() {
                        fail(
                            *name_span,
                            msg!(
                                "test-expected-none",
                                name = name,
                                at = &at,
                                at_kind = crate::i18n::period_kind(&at),
                                got = show(got)
                            ),
                            defined,
                        );
                    }
                }
                Some(w) => {
                    let Some(want_value) = expected(&w.text) else {
                        fail(w.span, msg!("test-not-a-value", text = &w.text), None);
                        continue;
                    };
                    let ok = got.is_some_and(|g| {
                        let scale = want_value.normalize().scale();
                        g.round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero)
                            == want_value.normalize()
                    });
                    if !ok {
                        let got = match got {
                            None => msg!("test-no-value"),
                            Some(g) => msg!(
                                "test-value",
                                shown = crate::i18n::Arg::Value(g, unit.clone()),
                                exact = g.normalize().to_string()
                            ),
                        };
                        let def = model
                            .spec
                            .metrics
                            .iter()
                            .find(|m| &m.def.name == name)
                            .map(|m| format!(" — {} = {}", m.def.name, m.def.expr))
                            .unwrap_or_default();
                        let msg = msg!(
                            "test-expected",
                            name = name,
                            at = &at,
                            at_kind = crate::i18n::period_kind(&at),
                            want = &w.text,
                            got = got,
                            def = def
                        );
                        fail(w.span, msg, defined);
                    }
                }
            }
        }
    }
}

fn check_targets(t: &SpecTest, ev: &Evaluation, fail: &mut impl FnMut(Span, Msg, Option<Span>)) {
    for e in &t.targets {
        let field = |n: &str| {
            e.fields
                .iter()
                .find(|(k, _)| k == n)
                .map(|(_, w)| w.text.as_str())
        };
        let (Some(objective), Some(period), Some(status)) =
            (field("objective"), field("period"), field("status"))
        else {
            fail(e.span, msg!("test-target-fields"), None);
            continue;
        };
        let found = ev.targets.iter().find(|r| {
            r.objective == objective
                && r.period == period
                && field("target").is_none_or(|x| r.target == x)
                && t.by
                    .iter()
                    .zip(&r.dims)
                    .all(|(b, v)| field(b).is_none_or(|w| w == v))
        });
        match found {
            None => fail(
                e.span,
                msg!(
                    "test-no-target",
                    objective = objective,
                    period = period,
                    period_kind = crate::i18n::period_kind(period)
                ),
                None,
            ),
            Some(r) if r.status.as_str() != status => fail(
                e.span,
                msg!(
                    "test-target-status",
                    target = &r.target,
                    objective = objective,
                    period = period,
                    period_kind = crate::i18n::period_kind(period),
                    want = status,
                    got = r.status.as_str()
                ),
                None,
            ),
            Some(_) => {}
        }
    }
}

/// One line per test: its name, file, and `ok` or `FAILED (n)`.
pub fn summary(o: &Outcome, voice: crate::i18n::Voice) -> String {
    let file = o.file.display().to_string();
    let line = if o.failures.is_empty() {
        msg!("test-line-ok", test = &o.name, file = file)
    } else {
        msg!(
            "test-line-failed",
            test = &o.name,
            file = file,
            count = o.failures.len()
        )
    };
    format!("{}\n", voice.text(&line))
}

/// Text escaped for XML attributes and content.
fn xml(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '&' => "&amp;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            '"' => "&quot;".to_string(),
            '\'' => "&apos;".to_string(),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => {
                format!("&#x{:x};", c as u32)
            }
            c => c.to_string(),
        })
        .collect()
}

/// The outcomes as JUnit XML: one `<testsuite>` per test file, one
/// `<testcase>` per test, a `<failure>` per failed expectation.
pub fn junit(outcomes: &[Outcome], sources: &Sources) -> String {
    let mut files: Vec<&PathBuf> = outcomes.iter().map(|o| &o.file).collect();
    files.dedup();
    let total = outcomes.len();
    let failed = outcomes.iter().filter(|o| !o.failures.is_empty()).count();
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"boussole\" tests=\"{total}\" failures=\"{failed}\" errors=\"0\">\n"
    );
    for file in files {
        let cases: Vec<&Outcome> = outcomes.iter().filter(|o| &o.file == file).collect();
        let f = cases.iter().filter(|o| !o.failures.is_empty()).count();
        let name = xml(&file.display().to_string());
        out.push_str(&format!(
            "  <testsuite name=\"{name}\" tests=\"{}\" failures=\"{f}\" errors=\"0\" skipped=\"0\">\n",
            cases.len()
        ));
        for o in cases {
            out.push_str(&format!(
                "    <testcase name=\"{}\" classname=\"{name}\" file=\"{name}\"",
                xml(&o.name)
            ));
            if o.failures.is_empty() {
                out.push_str("/>\n");
                continue;
            }
            out.push_str(">\n");
            for d in &o.failures {
                let at = d
                    .span()
                    .map(|sp| format!("{}: ", sources.resolve(sp)))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                    d.code,
                    xml(&d.message),
                    xml(&format!("{at}{}", d.message))
                ));
            }
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}
