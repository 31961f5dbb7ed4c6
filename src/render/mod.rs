//! Report stage: diagnostics and evaluations as human text or JSON.

use crate::diagnostic::{Code, Diagnostic, Diagnostics, Location, Severity};
use crate::eval::Evaluation;
use crate::plan::Plan;
use crate::source::Sources;
use crate::vocab::Unit;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};
use rust_decimal::Decimal;
use serde_json::{json, Map, Number, Value};
use std::fmt;
use std::str::FromStr;

/// A decimal as a JSON number with its exact digits.
pub fn number(d: Decimal) -> Value {
    Number::from_str(&d.normalize().to_string())
        .map(Value::Number)
        .unwrap_or(Value::Null)
}

fn opt_number(d: Option<Decimal>) -> Value {
    d.map(number).unwrap_or(Value::Null)
}

/// One diagnostic as JSON: code, severity, message, file, line, column, help.
pub fn diagnostic_json(d: &Diagnostic, sources: &Sources) -> Value {
    let mut m = Map::new();
    m.insert("code".into(), json!(d.code.name()));
    m.insert("severity".into(), json!(d.severity.as_str()));
    m.insert("message".into(), json!(d.message));
    match &d.location {
        Some(Location::Span(s)) => {
            let f = sources.get(s.file);
            let (line, col) = f.line_col(s.start as usize);
            m.insert("file".into(), json!(f.path.display().to_string()));
            m.insert("line".into(), json!(line));
            m.insert("column".into(), json!(col));
        }
        Some(Location::File { path, line, column }) => {
            m.insert("file".into(), json!(path.display().to_string()));
            m.insert("line".into(), json!(line));
            m.insert("column".into(), json!(column));
        }
        None => {}
    }
    if let Some(h) = &d.help {
        m.insert("help".into(), json!(h));
    }
    if let Some(p) = &d.period {
        m.insert("period".into(), json!(p));
    }
    if let Some(dims) = &d.dimensions {
        m.insert("dimensions".into(), json!(dims));
    }
    Value::Object(m)
}

/// `{"diagnostics": [...], "errors": N, "warnings": N}`
pub fn check_json(diags: &Diagnostics, sources: &Sources) -> Value {
    json!({
        "diagnostics": diags.items.iter().map(|d| diagnostic_json(d, sources)).collect::<Vec<_>>(),
        "errors": diags.errors(),
        "warnings": diags.warnings(),
    })
}

/// The `eval --format json` document.
pub fn eval_json(ev: &Evaluation, diags: &Diagnostics, sources: &Sources) -> Value {
    let dims = |values: &[String]| -> Value {
        Value::Object(
            ev.by
                .iter()
                .cloned()
                .zip(values.iter().map(|v| json!(v)))
                .collect(),
        )
    };
    let results: Vec<Value> = ev
        .rows
        .iter()
        .map(|r| {
            let values: Map<String, Value> = ev
                .slots
                .iter()
                .cloned()
                .zip(r.values.iter().map(|v| opt_number(*v)))
                .collect();
            json!({"period": r.key.label(), "dimensions": dims(&r.dims), "values": values})
        })
        .collect();
    let targets: Vec<Value> = ev
        .targets
        .iter()
        .map(|t| {
            json!({
                "objective": t.objective,
                "target": t.target,
                "metric": t.metric,
                "period": t.period,
                "dimensions": dims(&t.dims),
                "value": opt_number(t.value),
                "status": t.status.as_str(),
            })
        })
        .collect();
    json!({
        "period": ev.period.name(),
        "results": results,
        "targets": targets,
        "diagnostics": diags.items.iter().map(|d| diagnostic_json(d, sources)).collect::<Vec<_>>(),
        "errors": diags.errors(),
        "warnings": diags.warnings(),
        "skipped_rows": ev.skipped_rows,
    })
}

/// Writes the `eval --format json` document, the same text as pretty-printing
/// [`eval_json`], without building it in memory: the results, which can be
/// hundreds of thousands of rows, are written as they are read.
pub fn write_eval_json(
    mut w: impl std::io::Write,
    ev: &Evaluation,
    diags: &Diagnostics,
    sources: &Sources,
) -> std::io::Result<()> {
    // a string as JSON (quoted, escaped)
    let string = |w: &mut dyn std::io::Write, s: &str| -> std::io::Result<()> {
        serde_json::to_writer(&mut *w, s).map_err(std::io::Error::other)
    };
    // a pretty-printed value nested at `level` (lines after the first indented)
    let nested = |w: &mut dyn std::io::Write, v: &Value, level: usize| -> std::io::Result<()> {
        let text = serde_json::to_string_pretty(v).map_err(std::io::Error::other)?;
        let pad = "  ".repeat(level);
        for (i, line) in text.lines().enumerate() {
            if i > 0 {
                write!(w, "\n{pad}")?;
            }
            w.write_all(line.as_bytes())?;
        }
        Ok(())
    };
    // an object of string keys at `level`, its values written by `value`
    fn object<T>(
        w: &mut dyn std::io::Write,
        keys: &[String],
        values: &[T],
        level: usize,
        value: &dyn Fn(&mut dyn std::io::Write, &T) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        if keys.is_empty() {
            return w.write_all(b"{}");
        }
        let pad = "  ".repeat(level);
        w.write_all(b"{")?;
        for (i, (k, v)) in keys.iter().zip(values).enumerate() {
            w.write_all(if i > 0 { b",\n" } else { b"\n" })?;
            write!(w, "{pad}  ")?;
            serde_json::to_writer(&mut *w, k).map_err(std::io::Error::other)?;
            w.write_all(b": ")?;
            value(w, v)?;
        }
        write!(w, "\n{pad}}}")
    }
    let mut small = eval_json(&ev_without_results(ev), diags, sources);
    write!(w, "{{\n  \"period\": ")?;
    string(&mut w, ev.period.name())?;
    w.write_all(b",\n  \"results\": ")?;
    if ev.rows.is_empty() {
        w.write_all(b"[]")?;
    } else {
        w.write_all(b"[")?;
        for (i, r) in ev.rows.iter().enumerate() {
            w.write_all(if i > 0 { b",\n    {\n" } else { b"\n    {\n" })?;
            w.write_all(b"      \"period\": ")?;
            string(&mut w, &r.key.label())?;
            w.write_all(b",\n      \"dimensions\": ")?;
            object(&mut w, &ev.by, &r.dims, 3, &|w, v: &String| {
                serde_json::to_writer(&mut *w, v).map_err(std::io::Error::other)
            })?;
            w.write_all(b",\n      \"values\": ")?;
            object(
                &mut w,
                &ev.slots,
                &r.values,
                3,
                &|w, v: &Option<Decimal>| match v {
                    Some(d) => write!(w, "{}", d.normalize()),
                    None => w.write_all(b"null"),
                },
            )?;
            w.write_all(b"\n    }")?;
        }
        w.write_all(b"\n  ]")?;
    }
    w.write_all(b",\n  \"targets\": ")?;
    nested(&mut w, &small["targets"].take(), 1)?;
    w.write_all(b",\n  \"diagnostics\": ")?;
    nested(&mut w, &small["diagnostics"].take(), 1)?;
    write!(
        w,
        ",\n  \"errors\": {},\n  \"warnings\": {},\n  \"skipped_rows\": {}\n}}",
        diags.errors(),
        diags.warnings(),
        ev.skipped_rows
    )
}

/// The evaluation without its result rows (a cheap copy for the small parts).
fn ev_without_results(ev: &Evaluation) -> Evaluation {
    Evaluation {
        period: ev.period,
        by: ev.by.clone(),
        slots: ev.slots.clone(),
        rows: Vec::new(),
        targets: ev.targets.clone(),
        skipped_rows: ev.skipped_rows,
    }
}

/// A diagnostic in miette's shape, for the human renderer.
struct Rendered<'a> {
    d: &'a Diagnostic,
    source: Option<NamedSource<String>>,
    labels: Vec<LabeledSpan>,
    prefix: String,
}

impl fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}
impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.prefix, self.d.message)
    }
}
impl std::error::Error for Rendered<'_> {}
impl miette::Diagnostic for Rendered<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.d.code.name()))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.d
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }
}

/// Renders diagnostics for a terminal (miette's graphical report).
pub fn human_diagnostics(diags: &Diagnostics, sources: &Sources, color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_links(false);
    let mut out = String::new();
    for d in &diags.items {
        let mut prefix = String::new();
        if let Some(p) = &d.period {
            prefix.push_str(&format!("[{p}"));
            if let Some(dims) = &d.dimensions {
                for (k, v) in dims {
                    prefix.push_str(&format!(" {k}={v}"));
                }
            }
            prefix.push_str("] ");
        }
        let (source, labels) = match &d.location {
            Some(Location::Span(s)) if !snippet_fits(sources.get(s.file).text.as_str(), *s) => {
                // a line too long to show: the position alone
                let f = sources.get(s.file);
                let (l, c) = f.line_col(s.start as usize);
                prefix.push_str(&format!("{}:{l}:{c}: ", f.path.display()));
                (None, Vec::new())
            }
            Some(Location::Span(s)) => {
                let f = sources.get(s.file);
                let source_span = |span| {
                    let (a, b) = f.clamp(span);
                    SourceSpan::new(a.into(), b - a)
                };
                let mut labels = vec![LabeledSpan::new_primary_with_span(
                    d.label.clone(),
                    source_span(*s),
                )];
                for (r, text) in &d.related {
                    if r.file == s.file {
                        labels.push(LabeledSpan::new_with_span(
                            Some(text.clone()),
                            source_span(*r),
                        ));
                    }
                }
                (
                    Some(NamedSource::new(
                        f.path.display().to_string(),
                        f.text.clone(),
                    )),
                    labels,
                )
            }
            Some(Location::File { path, line, column }) => {
                prefix.push_str(&format!("{}:{line}:{column}: ", path.display()));
                (None, Vec::new())
            }
            None => (None, Vec::new()),
        };
        let r = Rendered {
            d,
            source,
            labels,
            prefix,
        };
        let _ = handler.render_report(&mut out, &r);
        // related spans in other files
        if let Some(Location::Span(s)) = &d.location {
            for (r, text) in &d.related {
                if r.file != s.file {
                    let f = sources.get(r.file);
                    let (l, c) = f.line_col(r.start as usize);
                    out.push_str(&format!("  note: {text} at {}:{l}:{c}\n", f.path.display()));
                }
            }
        }
        out.push('\n');
    }
    out
}

/// Diagnostics as GitHub Actions workflow commands, one a line, which the
/// runner turns into annotations on the pull request's files:
/// `::error file=kpis/ads.kpi.yaml,line=5,col=20,endLine=5,endColumn=30,title=undefined-metric::…`.
pub fn github(diags: &Diagnostics, sources: &Sources) -> String {
    // the escapes of the runner's command parser
    let data = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let property = |s: &str| data(s).replace(':', "%3A").replace(',', "%2C");
    let mut out = String::new();
    for d in &diags.items {
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut props = Vec::new();
        match &d.location {
            Some(Location::Span(s)) => {
                let f = sources.get(s.file);
                let (l, c) = f.line_col(s.start as usize);
                let (el, ec) = f.line_col((s.end as usize).max(s.start as usize));
                // the end column is inclusive: the last character's
                let ec = if s.end > s.start {
                    ec.saturating_sub(1).max(1)
                } else {
                    ec
                };
                props.push(format!("file={}", property(&f.path.display().to_string())));
                props.push(format!("line={l},col={c},endLine={el},endColumn={ec}"));
            }
            Some(Location::File { path, line, column }) => {
                props.push(format!("file={}", property(&path.display().to_string())));
                props.push(format!("line={line},col={column}"));
            }
            None => {}
        }
        props.push(format!("title={}", property(d.code.name())));
        let mut message = d.message.clone();
        if let Some(h) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(h);
        }
        out.push_str(&format!(
            "::{kind} {}::{}\n",
            props.join(","),
            data(&message)
        ));
    }
    out
}

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
            json!({
                "id": c,
                "name": c,
                "shortDescription": {"text": Code::parse(c).map_or("", Code::summary)},
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
            let location = match &d.location {
                Some(Location::Span(s)) => {
                    let f = sources.get(s.file);
                    let (l, c) = f.line_col(s.start as usize);
                    let (el, ec) = f.line_col((s.end as usize).max(s.start as usize));
                    Some(json!({"physicalLocation": {
                        "artifactLocation": {"uri": uri(&f.path)},
                        "region": {"startLine": l, "startColumn": c, "endLine": el, "endColumn": ec},
                    }}))
                }
                Some(Location::File { path, line, column }) => Some(json!({"physicalLocation": {
                    "artifactLocation": {"uri": uri(path)},
                    "region": {"startLine": (*line).max(1), "startColumn": (*column).max(1)},
                }})),
                None => None,
            };
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

/// Longest source line shown under a diagnostic.
const MAX_SNIPPET_LINE: usize = 2000;

/// Whether the lines around `span` (one of context on each side, as miette
/// shows them) are short enough to print: miette pads with format widths,
/// which cannot exceed 65,535.
fn snippet_fits(text: &str, span: crate::source::Span) -> bool {
    let start = (span.start as usize).min(text.len());
    let end = (span.end as usize).clamp(start, text.len());
    let bytes = text.as_bytes();
    // from the start of the line before to the end of the line after
    let mut from = start;
    for _ in 0..2 {
        from = bytes[..from.saturating_sub(1).min(bytes.len())]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
    }
    let mut to = end;
    for _ in 0..2 {
        to = bytes
            .get(to..)
            .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
            .map_or(bytes.len(), |i| to + i + 1);
    }
    bytes.get(from..to).is_some_and(|region| {
        region
            .split(|&b| b == b'\n')
            .all(|l| l.len() <= MAX_SNIPPET_LINE)
    })
}

/// A value formatted with its unit: `3.00 %`, `0.25 €`, `40,000`.
pub fn format_value(v: Option<Decimal>, unit: Option<&Unit>) -> String {
    let Some(v) = v else { return "—".into() };
    match unit {
        Some(Unit::Ratio) => match v.checked_mul(Decimal::ONE_HUNDRED) {
            Some(p) => format!("{} %", group(p.round_dp(2), 2)),
            None => v.to_string(),
        },
        Some(Unit::Money(c)) => {
            let s = group(v.round_dp(2), 2);
            match c.as_str() {
                "EUR" => format!("{s} €"),
                "USD" => prefix_symbol('$', &s),
                "GBP" => prefix_symbol('£', &s),
                _ => format!("{s} {c}"),
            }
        }
        Some(Unit::Count) => {
            let n = v.normalize();
            let dp = n.scale().min(2);
            group(v.round_dp(dp), dp)
        }
        _ => {
            let n = v.round_dp(4).normalize();
            group(n, n.scale())
        }
    }
}

/// `$1,200.00`, `-$3.50`.
fn prefix_symbol(symbol: char, amount: &str) -> String {
    match amount.strip_prefix('-') {
        Some(a) => format!("-{symbol}{a}"),
        None => format!("{symbol}{amount}"),
    }
}

/// Thousands separators and a fixed number of decimals.
fn group(v: Decimal, dp: u32) -> String {
    let s = format!("{:.*}", dp as usize, v.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let mut g = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            g.push(',');
        }
        g.push(c);
    }
    let sign = if v.is_sign_negative() && !v.is_zero() {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{g}")
    } else {
        format!("{sign}{g}.{frac}")
    }
}

fn table(headers: &[String], rows: &[Vec<String>], right_from: usize) -> String {
    let mut w: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            w[i] = w[i].max(c.chars().count());
        }
    }
    let line = |cells: &[String]| -> String {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            let pad = w[i] - c.chars().count();
            if i > 0 {
                s.push_str("  ");
            }
            if i >= right_from {
                s.push_str(&" ".repeat(pad));
                s.push_str(c);
            } else {
                s.push_str(c);
                s.push_str(&" ".repeat(pad));
            }
        }
        s.trim_end().to_string() + "\n"
    };
    let mut out = line(headers);
    out.push_str(&line(&w.iter().map(|n| "─".repeat(*n)).collect::<Vec<_>>()));
    for r in rows {
        out.push_str(&line(r));
    }
    out
}

/// Periods per block of the human table.
const PERIODS_PER_BLOCK: usize = 6;

/// The human report: a table of values per period (KPIs as rows), then targets.
pub fn eval_human(ev: &Evaluation, plan: &Plan) -> String {
    let mut out = String::new();
    // group rows by dimension values so each table has one column per period
    let mut groups: Vec<(Vec<String>, Vec<usize>)> = Vec::new();
    for (i, r) in ev.rows.iter().enumerate() {
        match groups.iter_mut().find(|(d, _)| *d == r.dims) {
            Some((_, v)) => v.push(i),
            None => groups.push((r.dims.clone(), vec![i])),
        }
    }
    if ev.rows.is_empty() {
        out.push_str("No data rows: nothing to evaluate.\n");
    }
    for (dims, idx) in &groups {
        let title: Vec<String> = ev
            .by
            .iter()
            .zip(dims)
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        for chunk in idx.chunks(PERIODS_PER_BLOCK) {
            if !title.is_empty() {
                out.push_str(&format!("{}\n", title.join(" ")));
            }
            let mut headers = vec![format!("{} KPI", ev.period.name()), "unit".to_string()];
            headers.extend(chunk.iter().map(|&i| ev.rows[i].key.label()));
            let rows: Vec<Vec<String>> = ev
                .slots
                .iter()
                .enumerate()
                .map(|(s, name)| {
                    let unit = plan.slot_units.get(s).cloned().flatten();
                    let mut r = vec![
                        name.clone(),
                        unit.as_ref().map(|u| u.to_string()).unwrap_or_default(),
                    ];
                    r.extend(
                        chunk
                            .iter()
                            .map(|&i| format_value(ev.rows[i].values[s], unit.as_ref())),
                    );
                    r
                })
                .collect();
            out.push_str(&table(&headers, &rows, 2));
            out.push('\n');
        }
    }
    if !ev.targets.is_empty() {
        let headers: Vec<String> = ["objective", "target", "period", "value", "status"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let rows: Vec<Vec<String>> = ev
            .targets
            .iter()
            .map(|t| {
                let unit = plan
                    .objectives
                    .get(t.at.0)
                    .and_then(|o| o.targets.get(t.at.1))
                    .and_then(|t| t.unit.clone());
                let mut period = t.period.clone();
                for (k, v) in ev.by.iter().zip(&t.dims) {
                    period.push_str(&format!(" {k}={v}"));
                }
                let status = match t.status {
                    crate::eval::Status::Met => "✔ met",
                    crate::eval::Status::Missed => "✘ missed",
                    crate::eval::Status::NoData => "· no-data",
                };
                vec![
                    t.objective.clone(),
                    t.target.clone(),
                    period,
                    format_value(t.value, unit.as_ref()),
                    status.to_string(),
                ]
            })
            .collect();
        out.push_str(&table(&headers, &rows, 5));
        let met = ev
            .targets
            .iter()
            .filter(|t| t.status == crate::eval::Status::Met)
            .count();
        let missed = ev
            .targets
            .iter()
            .filter(|t| t.status == crate::eval::Status::Missed)
            .count();
        out.push_str(&format!(
            "\n{met} met, {missed} missed, {} without data\n",
            ev.targets.len() - met - missed
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<Decimal> {
        Some(Decimal::from_str(s).unwrap())
    }

    #[test]
    fn values_with_units() {
        let eur = Unit::Money("EUR".into());
        assert_eq!(format_value(d("0.25"), Some(&eur)), "0.25 €");
        assert_eq!(format_value(d("10000"), Some(&eur)), "10,000.00 €");
        assert_eq!(
            format_value(d("-3200.555"), Some(&Unit::Money("USD".into()))),
            "-$3,200.56"
        );
        assert_eq!(
            format_value(d("7"), Some(&Unit::Money("CHF".into()))),
            "7.00 CHF"
        );
        assert_eq!(format_value(d("0.03"), Some(&Unit::Ratio)), "3.00 %");
        assert_eq!(format_value(d("0.375"), Some(&Unit::Ratio)), "37.50 %");
        assert_eq!(format_value(d("1234567"), Some(&Unit::Count)), "1,234,567");
        assert_eq!(format_value(d("12.5"), Some(&Unit::Count)), "12.5");
        assert_eq!(format_value(d("-40"), Some(&Unit::Number)), "-40");
        assert_eq!(format_value(None, Some(&Unit::Number)), "—");
    }

    #[test]
    fn json_numbers_keep_their_exact_digits() {
        assert_eq!(
            number(Decimal::from_str("0.0300").unwrap()).to_string(),
            "0.03"
        );
        assert_eq!(
            number(Decimal::from_str("0.0463636363636363636363636364").unwrap()).to_string(),
            "0.0463636363636363636363636364"
        );
        assert_eq!(
            number(Decimal::from_str("50.000").unwrap()).to_string(),
            "50"
        );
    }
}
