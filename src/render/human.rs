//! For people at a terminal: diagnostics with the source under them
//! (miette's graphical report), and the tables of an evaluation.

use super::Emitter;
use crate::diagnostic::{Diagnostic, Diagnostics, Location, Severity};
use crate::eval::Evaluation;
use crate::i18n::Voice;
use crate::msg;
use crate::plan::Plan;
use crate::source::Sources;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};
use std::fmt;

/// A diagnostic in miette's shape, for the human renderer.
struct Rendered<'a> {
    d: &'a Diagnostic,
    voice: Voice,
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
        // miette writes `help:`: in another language the footer is ours
        (self.voice.lang == crate::i18n::Lang::En)
            .then(|| Box::new(help_text(self.d, self.voice)) as Box<dyn fmt::Display + 'b>)
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

/// The help of a diagnostic, ending by pointing at its code's page.
fn help_text(d: &Diagnostic, voice: Voice) -> String {
    let see = voice.text(&msg!("human-see-code", code = d.code.name()));
    match &d.help {
        Some(h) => format!("{h}\n{see}"),
        None => see,
    }
}

/// The help footer as miette lays it out (wrapped at the report's width,
/// continuation lines under the text), headed in `voice`'s language.
fn help_footer(d: &Diagnostic, voice: Voice) -> String {
    let head = format!("  {} ", voice.get("human-help"));
    let indent = " ".repeat(head.chars().count());
    let opts = textwrap::Options::new(REPORT_WIDTH - 2)
        .initial_indent(&head)
        .subsequent_indent(&indent);
    format!("{}\n", textwrap::fill(&help_text(d, voice), opts))
}

/// The width the diagnostics are laid out in.
const REPORT_WIDTH: usize = 100;

/// Renders diagnostics for a terminal (miette's graphical report), their
/// fixed texts in `voice`'s language (their own are localized beforehand:
/// [`Diagnostics::localize`]).
pub fn human_diagnostics(
    diags: &Diagnostics,
    sources: &Sources,
    color: bool,
    voice: Voice,
) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(REPORT_WIDTH)
        .with_links(false);
    let mut out = String::new();
    // per-period diagnostics (a zero divisor in each of a million groups)
    // are shown up to a cap per code (a repeated one once, with the others
    // named under it), the rest counted
    let mut shown: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut held_back: Vec<(&str, usize)> = Vec::new();
    let mut i = 0;
    while let Some(d) = diags.items.get(i) {
        // the same warning at the same place in other periods or groups
        // (a zero divisor in every small country's month): shown once,
        // the others named under it
        let mut end = i + 1;
        while diags.items.get(end).is_some_and(|o| same_elsewhere(d, o)) {
            end += 1;
        }
        let others = &diags.items[i + 1..end];
        i = end;
        if d.period.is_some() {
            let n = shown.entry(d.code.name()).or_default();
            *n += 1;
            if *n > PER_PERIOD_CAP {
                let count = 1 + others.len();
                match held_back.iter_mut().find(|(c, _)| *c == d.code.name()) {
                    Some((_, k)) => *k += count,
                    None => held_back.push((d.code.name(), count)),
                }
                continue;
            }
        }
        let mut prefix = String::new();
        if let Some(cell) = cell_of(d, voice) {
            prefix.push_str(&format!("[{cell}] "));
        }
        let (source, labels) = match &d.location {
            Some(Location::Span(s)) if !snippet_fits(sources.get(s.file).text.as_str(), *s) => {
                // a line too long to show: the position alone
                prefix.push_str(&format!("{}: ", sources.resolve(*s)));
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
            Some(l @ Location::File { .. }) => {
                prefix.push_str(&format!("{}: ", l.resolve(sources)));
                (None, Vec::new())
            }
            None => (None, Vec::new()),
        };
        let r = Rendered {
            d,
            voice,
            source,
            labels,
            prefix,
        };
        let _ = handler.render_report(&mut out, &r);
        if voice.lang != crate::i18n::Lang::En {
            out.push_str(&help_footer(d, voice));
        }
        if !others.is_empty() {
            let mut list: Vec<String> = others
                .iter()
                .take(SAME_ELSEWHERE_NAMED)
                .filter_map(|o| cell_of(o, voice))
                .collect();
            if others.len() > SAME_ELSEWHERE_NAMED {
                list.push("…".into());
            }
            // `{ $list }` stands for the list, laid out so that a line
            // breaks between two of its items, never inside one
            let line = voice.text(&msg!(
                "human-same-elsewhere",
                count = others.len(),
                list = "{ $list }"
            ));
            let (head, tail) = line.split_once("{ $list }").unwrap_or((&line, ""));
            let mut text = format!("  {head}");
            let mut width = text.chars().count();
            for (n, item) in list.iter().enumerate() {
                let item = if n + 1 < list.len() {
                    format!("{item},")
                } else {
                    format!("{item}{tail}")
                };
                let w = item.chars().count();
                if n > 0 && width + 1 + w > REPORT_WIDTH {
                    text.push_str("\n    ");
                    width = 4;
                } else if n > 0 {
                    text.push(' ');
                    width += 1;
                }
                text.push_str(&item);
                width += w;
            }
            out.push_str(&text);
            out.push('\n');
        }
        // related spans in other files
        if let Some(Location::Span(s)) = &d.location {
            for (r, text) in &d.related {
                if r.file != s.file {
                    let at = sources.resolve(*r).to_string();
                    let note = voice.text(&msg!("human-note-at", note = text, at = at));
                    out.push_str(&format!("  {note}\n"));
                }
            }
        }
        out.push('\n');
    }
    for (code, n) in held_back {
        let more = voice.text(&msg!("human-more-diagnostics", count = n, code = code));
        out.push_str(&format!("{more}\n\n"));
    }
    out
}

/// Per-period diagnostics of one code shown in the human output; the rest
/// are counted in one line.
const PER_PERIOD_CAP: usize = 50;

/// How many other periods or groups a repeated warning names.
const SAME_ELSEWHERE_NAMED: usize = 10;

/// Whether `o` is `d` again in another period or group: the same code,
/// severity, place and label.
fn same_elsewhere(d: &Diagnostic, o: &Diagnostic) -> bool {
    d.period.is_some()
        && o.period.is_some()
        && o.code == d.code
        && o.severity == d.severity
        && o.location.is_some()
        && o.location == d.location
        && o.label == d.label
        && o.help == d.help
}

/// The period and dimension values of a per-period diagnostic:
/// `2026-03 country=FR`.
fn cell_of(d: &Diagnostic, voice: Voice) -> Option<String> {
    let mut cell = voice.locale.any_period(d.period.as_deref()?);
    for (k, v) in d.dimensions.iter().flatten() {
        cell.push_str(&format!(" {k}={v}"));
    }
    Some(cell)
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

/// `--format human`: diagnostics in colour when `color`, in `voice`.
pub struct Human {
    pub color: bool,
    pub voice: Voice,
}

impl Emitter for Human {
    fn emit(&self, diags: &Diagnostics, sources: &Sources) -> String {
        human_diagnostics(diags, sources, self.color, self.voice)
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

/// Dimension value combinations the human report shows; the rows of later
/// ones are counted in a closing line (`--format csv` or `json` has them all).
pub const MAX_HUMAN_COMBOS: usize = 1_000;

/// Target rows the human report lists; the summary line counts them all.
pub const MAX_HUMAN_TARGETS: usize = 1_000;

/// One combination's rows in the human report: (period, values) in order.
type Block = (
    Vec<String>,
    Vec<(crate::vocab::PeriodKey, Vec<Option<rust_decimal::Decimal>>)>,
);

/// The human report: a table of values per period (KPIs as rows), then
/// targets, in `voice`. Err when rows written to disk cannot be read back.
pub fn eval_human(ev: &Evaluation, plan: &Plan, voice: Voice) -> std::io::Result<String> {
    let loc = voice.locale;
    let mut out = String::new();
    // group rows by dimension values so each table has one column per
    // period: combinations in order of first appearance, at most
    // MAX_HUMAN_COMBOS of them
    let mut groups: Vec<Block> = Vec::new();
    let mut index: std::collections::HashMap<Vec<String>, usize> = Default::default();
    let mut left_out = 0u64;
    ev.rows()?.for_each(|r| {
        let g = match index.get(r.dims) {
            Some(&g) => g,
            None if groups.len() < MAX_HUMAN_COMBOS => {
                index.insert(r.dims.to_vec(), groups.len());
                groups.push((r.dims.to_vec(), Vec::new()));
                groups.len() - 1
            }
            None => {
                left_out += 1;
                return Ok(());
            }
        };
        groups[g].1.push((r.key, r.values.to_vec()));
        Ok(())
    })?;
    if ev.row_count() == 0 {
        out.push_str(&voice.get("eval-no-rows"));
        out.push('\n');
    }
    for (dims, rows) in &groups {
        let title: Vec<String> = ev
            .by
            .iter()
            .zip(dims)
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        for chunk in rows.chunks(PERIODS_PER_BLOCK) {
            if !title.is_empty() {
                out.push_str(&format!("{}\n", title.join(" ")));
            }
            let mut headers = vec![
                voice.text(&msg!("eval-kpi-column", period = ev.period.name())),
                voice.get("eval-unit-column"),
            ];
            headers.extend(chunk.iter().map(|(key, _)| loc.period(*key)));
            let rows: Vec<Vec<String>> = ev
                .slots
                .iter()
                .enumerate()
                .map(|(s, name)| {
                    let unit = plan.slot_units.get(s).cloned().flatten();
                    let shown = plan
                        .slot_labels
                        .get(s)
                        .map_or(name.as_str(), |l| l.or(voice.lang, name));
                    let mut r = vec![
                        shown.to_string(),
                        unit.as_ref().map(|u| u.to_string()).unwrap_or_default(),
                    ];
                    r.extend(
                        chunk
                            .iter()
                            .map(|(_, values)| loc.value(values[s], unit.as_ref())),
                    );
                    r
                })
                .collect();
            out.push_str(&table(&headers, &rows, 2));
            out.push('\n');
        }
    }
    if left_out > 0 {
        let more = voice.text(&msg!(
            "eval-more-rows",
            count = left_out as usize,
            shown = MAX_HUMAN_COMBOS
        ));
        out.push_str(&format!("{more}\n\n"));
    }
    if !ev.targets.is_empty() {
        // the action to take, next to each missed target that has one
        let actions = ev
            .targets
            .iter()
            .take(MAX_HUMAN_TARGETS)
            .any(|t| t.status == crate::eval::Status::Missed && t.action.is_some());
        let mut headers: Vec<String> = [
            "eval-objective-column",
            "eval-target-column",
            "eval-period-column",
            "eval-value-column",
            "eval-status-column",
        ]
        .iter()
        .map(|id| voice.get(id))
        .collect();
        if actions {
            headers.push(voice.get("eval-action-column"));
        }
        let rows: Vec<Vec<String>> = ev
            .targets
            .iter()
            .take(MAX_HUMAN_TARGETS)
            .map(|t| {
                let unit = plan
                    .objectives
                    .get(t.at.0)
                    .and_then(|o| o.targets.get(t.at.1))
                    .and_then(|t| t.unit.clone());
                let mut period = loc.period(t.key);
                for (k, v) in ev.by.iter().zip(&t.dims) {
                    period.push_str(&format!(" {k}={v}"));
                }
                let status = voice.text(&msg!("eval-status", status = t.status.as_str()));
                let status = match t.projection {
                    Some(p) => voice.text(&msg!(
                        "eval-status-pace",
                        status = status,
                        pace = loc.value(Some(p), unit.as_ref())
                    )),
                    None => status,
                };
                let objective = plan
                    .objectives
                    .get(t.at.0)
                    .map_or(t.objective.as_str(), |o| {
                        o.label.or(voice.lang, &t.objective)
                    });
                let mut row = vec![
                    objective.to_string(),
                    t.target.clone(),
                    period,
                    loc.value(t.value, unit.as_ref()),
                    status,
                ];
                if actions {
                    row.push(match (&t.action, t.status) {
                        (Some(a), crate::eval::Status::Missed) => one_line(a),
                        _ => String::new(),
                    });
                }
                row
            })
            .collect();
        // every column left-aligned
        out.push_str(&table(&headers, &rows, headers.len()));
        if ev.targets.len() > MAX_HUMAN_TARGETS {
            let more = voice.text(&msg!(
                "eval-more-targets",
                count = ev.targets.len() - MAX_HUMAN_TARGETS
            ));
            out.push_str(&format!("{more}\n"));
        }
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
        let running = ev
            .targets
            .iter()
            .filter(|t| t.status == crate::eval::Status::InProgress)
            .count();
        let summary = voice.text(&msg!(
            "eval-summary",
            met = met,
            missed = missed,
            running = running,
            nodata = ev.targets.len() - met - missed - running
        ));
        out.push_str(&format!("\n{summary}\n"));
    }
    Ok(out)
}

/// A text on one line: line breaks and tabs become spaces (an action written
/// as a YAML block keeps the table's rows whole).
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;
    use crate::source::Span;

    /// A warning at `span` in period `p`.
    fn zero(span: Span, p: usize) -> Diagnostic {
        let mut d = Diagnostic::warning(Code::DivisionByZero, format!("zero in day {p}")).at(span);
        d.period = Some(format!("2026-01-{:02}", p + 1));
        d
    }

    #[test]
    fn a_repeated_warning_is_shown_once_and_past_the_cap_counted() {
        let mut sources = Sources::default();
        let text: String = (0..60).map(|i| format!("- m{i} = a / b\n")).collect();
        let file = sources.add("s.kpi.yaml".into(), text);
        let line = |i: usize| Span::new(file, i * 15 + 11, i * 15 + 12);
        let voice = Voice::default();
        // one place in 25 periods: one report, the 24 others named (10 of them)
        let mut diags = Diagnostics {
            items: (0..25).map(|p| zero(line(0), p)).collect(),
        };
        let out = human_diagnostics(&diags, &sources, false, voice);
        assert_eq!(out.matches('⚠').count(), 1, "{out}");
        assert!(
            out.contains("the same in 24 more periods or groups: 2026-01-02,"),
            "{out}"
        );
        assert!(out.contains("2026-01-11, …"), "{out}");
        assert!(!out.contains("2026-01-12"), "{out}");
        // 60 places, 3 periods each: 50 reports, the 10 others' 30 counted
        diags.items = (0..60)
            .flat_map(|i| (0..3).map(move |p| zero(line(i), p)))
            .collect();
        let out = human_diagnostics(&diags, &sources, false, voice);
        assert_eq!(out.matches('⚠').count(), PER_PERIOD_CAP, "{out}");
        assert!(out.contains("… and 30 more `division-by-zero`"), "{out}");
    }
}
