//! The report as GitHub-flavoured Markdown: a table per objective with
//! ✅/❌/⏳, sized for a pull-request comment or `$GITHUB_STEP_SUMMARY`.
//! Every text from a spec or a data file goes through [`escape`]: it cannot
//! close a table cell, start a line's block, or become HTML or a link.

use super::{relative, signed, status_label, Card, Delta, Note, Report, Review};
use crate::eval::Status;
use crate::i18n::Voice;
use crate::msg;
use std::fmt::Write;

/// Text escaped for a Markdown table cell or paragraph: one line, markup
/// characters backslashed, `<`/`>`/`&` as entities, `|` as `\|`.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' | '!' | '$' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' => out.push(' '),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The Markdown document.
pub fn markdown(r: &Report) -> String {
    let v = r.voice;
    let loc = v.locale;
    let mut s = String::new();
    let title = match r.as_of {
        Some(d) => v.text(&msg!("report-title-as-of", day = loc.date(d))),
        None => v.get("report-title"),
    };
    let _ = writeln!(s, "## {title}\n");
    let (met, judged) = r.score();
    let _ = writeln!(
        s,
        "{}\n",
        v.text(&msg!(
            "report-score-md",
            met = met,
            judged = judged,
            objectives = r.objectives.len()
        ))
    );
    if !r.notes.is_empty() {
        notes(&mut s, &r.notes, v);
    }
    for o in &r.objectives {
        let period_of = |p: &str| match o.cadence {
            Some(c) => loc.period_label(c, p),
            None => p.to_string(),
        };
        let _ = writeln!(s, "### {}\n", escape(&o.title));
        if let Some(d) = &o.description {
            let _ = writeln!(s, "{}\n", escape(d));
        }
        let mut meta = Vec::new();
        if let Some(owner) = &o.owner {
            meta.push(v.text(&msg!("report-owner", owner = escape(owner))));
        }
        meta.push(v.text(&msg!(
            "report-review",
            cadence = o.cadence.map_or("none", |c| c.name())
        )));
        if let Some(d) = o.deadline {
            meta.push(v.text(&msg!("report-deadline", day = loc.date(d))));
        }
        match (&o.period, o.cadence) {
            (Some(p), Some(_)) => meta.push(v.text(&msg!(
                "report-objective-score-md",
                met = o.met(),
                total = o.cards.len(),
                period = escape(&period_of(p)),
                period_kind = crate::i18n::period_kind(p)
            ))),
            (None, Some(_)) => meta.push(v.get("report-no-period-ended-yet")),
            _ => {}
        }
        let _ = writeln!(s, "{}\n", meta.join(" · "));
        match &o.review {
            Review::NotEvaluated => {
                let _ = writeln!(s, "{}\n", v.get("report-not-evaluated"));
            }
            Review::Open => {}
            Review::Ended { deadline } => {
                let _ = writeln!(
                    s,
                    "{}\n",
                    v.text(&msg!("report-ended", day = loc.date(*deadline)))
                );
            }
            Review::EndedUnreviewed { deadline, period } => {
                let _ = writeln!(
                    s,
                    "⚠️ {}\n",
                    v.text(&msg!(
                        "report-ended-unreviewed",
                        day = loc.date(*deadline),
                        period = escape(&period_of(period))
                    ))
                );
            }
        }
        if !o.notes.is_empty() {
            notes(&mut s, &o.notes, v);
        }
        if o.cadence.is_none() || o.cards.is_empty() {
            continue;
        }
        let _ = writeln!(s, "{}", v.get("report-table-head"));
        s.push_str("|---|---|--:|---|---|--:|---|---|---|---|\n");
        for c in &o.cards {
            row(&mut s, c, v);
        }
        s.push('\n');
        let current: Vec<&Card> = o
            .cards
            .iter()
            .filter(|c| c.current.as_ref().is_some_and(|p| p.value.is_some()))
            .collect();
        if !current.is_empty() {
            for c in current {
                if let Some(p) = &c.current {
                    let so_far = escape(&loc.value(p.value, c.unit.as_ref()));
                    let line = match p.projection {
                        Some(pace) => msg!(
                            "report-current-pace",
                            metric = escape(&c.title),
                            period = escape(&loc.period(p.key)),
                            period_kind = p.key.period.name(),
                            value = so_far,
                            pace = escape(&loc.value(Some(pace), c.unit.as_ref()))
                        ),
                        None => msg!(
                            "report-current",
                            metric = escape(&c.title),
                            period = escape(&loc.period(p.key)),
                            period_kind = p.key.period.name(),
                            value = so_far
                        ),
                    };
                    let _ = writeln!(s, "- ⏳ {}", v.text(&line));
                }
            }
            s.push('\n');
        }
        let computed: Vec<String> = o
            .cards
            .iter()
            .filter_map(|c| {
                let comp = c.computation.as_ref()?;
                let shown = c.latest.as_ref().or(c.current.as_ref())?;
                let value = loc.value(shown.value, c.unit.as_ref());
                let tail = match &comp.with_values {
                    Some(w) => format!(" = {}", escape(w)),
                    None if !comp.operands.is_empty() => v.text(&msg!(
                        "report-with",
                        operands = comp
                            .operands
                            .iter()
                            .map(|(n, w)| format!("{} = {}", escape(n), escape(w)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                    None => return None,
                };
                let formula = match &comp.name {
                    Some(n) => format!(" ({} = {})", escape(n), escape(&comp.formula)),
                    None => String::new(),
                };
                let head = v.text(&msg!(
                    "report-computed",
                    metric = escape(&c.title),
                    period = escape(&loc.period(shown.key)),
                    period_kind = shown.key.period.name(),
                    value = escape(&value)
                ));
                Some(format!("- {head}{tail}{formula}"))
            })
            .collect();
        if !computed.is_empty() {
            let _ = writeln!(
                s,
                "<details><summary>{}</summary>\n",
                v.get("report-how-computed")
            );
            for line in computed {
                let _ = writeln!(s, "{line}");
            }
            s.push_str("\n</details>\n\n");
        }
    }
    s.push_str("---\n\n");
    if !r.freshness.is_empty() {
        let parts: Vec<String> = r
            .freshness
            .iter()
            .map(|(source, last)| {
                let source = if source.is_empty() {
                    v.get("report-data")
                } else {
                    escape(source)
                };
                let last = match last {
                    Some(d) => v.text(&msg!("report-up-to", day = loc.date(*d))),
                    None => v.get("report-no-row"),
                };
                format!("{source} {last}")
            })
            .collect();
        let _ = writeln!(
            s,
            "{}  ",
            v.text(&msg!("report-data-line", parts = parts.join(", ")))
        );
    }
    let p = &r.provenance;
    let files: Vec<String> = p.files.iter().map(|f| escape(f)).collect();
    let spec = match &p.revision {
        Some(rev) => msg!(
            "report-spec-at",
            files = files.join(", "),
            revision = escape(rev)
        ),
        None => msg!("report-spec", files = files.join(", ")),
    };
    let _ = writeln!(s, "{}  ", v.text(&spec));
    let _ = writeln!(s, "Boussole {}.", escape(&p.version));
    s
}

fn notes(s: &mut String, notes: &[Note], v: Voice) {
    for n in notes {
        let _ = writeln!(
            s,
            "- {} **{}** {}{}",
            if n.error { "⛔" } else { "⚠️" },
            v.get(if n.error {
                "report-error"
            } else {
                "report-warning"
            }),
            v.text(&msg!(
                "report-note-md",
                code = escape(n.code),
                message = escape(&n.message)
            )),
            n.help
                .as_ref()
                .map(|h| format!("<br>{}", escape(h)))
                .unwrap_or_default()
        );
    }
    s.push('\n');
}

fn row(s: &mut String, c: &Card, v: Voice) {
    let unit = c.unit.as_ref();
    let loc = v.locale;
    let (period, value, status) = match &c.latest {
        Some(p) => {
            let (sym, word) = status_label(p.status, v);
            (
                escape(&loc.period(p.key)),
                escape(&loc.value(p.value, unit)),
                format!("{sym} {word}"),
            )
        }
        None => ("—".into(), "—".into(), v.get("report-no-period-ended")),
    };
    let action = match (&c.action, c.latest.as_ref().map(|p| p.status)) {
        (Some(a), Some(Status::Missed)) => format!("**{}**", escape(a)),
        (Some(a), _) => escape(a),
        (None, _) => "—".into(),
    };
    let _ = writeln!(
        s,
        "| {} | {period} | {value} | {} | {status} | {} | {} | {} | {} | {action} |",
        escape(&c.title),
        escape(&c.goal(loc)),
        c.gap(loc).map(|g| escape(&g)).unwrap_or_else(|| "—".into()),
        delta(c.previous.as_ref(), unit, loc),
        delta(c.year_ago.as_ref(), unit, loc),
        trend(c),
    );
}

fn delta(d: Option<&Delta>, unit: Option<&crate::vocab::Unit>, loc: crate::i18n::Locale) -> String {
    let Some(d) = d else { return "—".into() };
    let mark = match d.good {
        Some(true) => "🟢",
        Some(false) => "🔴",
        None => "⚪",
    };
    let rel = d
        .relative
        .map(|r| format!(" ({})", relative(r, loc)))
        .unwrap_or_default();
    format!("{mark} {}{rel}", escape(&signed(d.change, unit, loc)))
}

/// The values over the last periods as block characters (`▁▃▅█`).
fn trend(c: &Card) -> String {
    const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let points: Vec<_> = c.series.iter().rev().take(12).rev().collect();
    let values: Vec<_> = points.iter().filter_map(|p| p.value).collect();
    let (Some(lo), Some(hi)) = (values.iter().min(), values.iter().max()) else {
        return "—".into();
    };
    let span = *hi - *lo;
    points
        .iter()
        .map(|p| match p.value {
            None => ' ',
            Some(_) if span.is_zero() => BLOCKS[3],
            Some(v) => {
                let step = (v - *lo)
                    .checked_mul(rust_decimal::Decimal::from(7))
                    .and_then(|x| x.checked_div(span))
                    .map(|x| x.round())
                    .unwrap_or_default();
                let i: usize = step.try_into().unwrap_or(0);
                BLOCKS[i.min(7)]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn cells_cannot_be_broken_out_of() {
        assert_eq!(escape("a | b\nc"), "a \\| b c");
        assert_eq!(escape("<script>"), "&lt;script&gt;");
        assert_eq!(escape("[x](http://e)"), "\\[x\\](http://e)");
        assert_eq!(escape("**bold** `code`"), "\\*\\*bold\\*\\* \\`code\\`");
    }
}
