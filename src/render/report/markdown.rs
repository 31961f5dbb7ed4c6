//! The report as GitHub-flavoured Markdown: a table per objective with
//! ✅/❌/⏳, sized for a pull-request comment or `$GITHUB_STEP_SUMMARY`.
//! Every text from a spec or a data file goes through [`escape`]: it cannot
//! close a table cell, start a line's block, or become HTML or a link.

use super::{relative, signed, status_label, Card, Delta, Note, Report, Review};
use crate::eval::Status;
use crate::render::values::format_value;
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
    let mut s = String::new();
    let _ = writeln!(
        s,
        "## KPI review{}\n",
        r.as_of.map(|d| format!(" — {d}")).unwrap_or_default()
    );
    let (met, judged) = r.score();
    let _ = writeln!(
        s,
        "**{met} of {judged} targets met** in their latest complete period, over {} objective(s).\n",
        r.objectives.len()
    );
    if !r.notes.is_empty() {
        notes(&mut s, &r.notes);
    }
    for o in &r.objectives {
        let _ = writeln!(s, "### {}\n", escape(&o.name));
        if let Some(d) = &o.description {
            let _ = writeln!(s, "{}\n", escape(d));
        }
        let mut meta = Vec::new();
        if let Some(owner) = &o.owner {
            meta.push(format!("Owner: {}", escape(owner)));
        }
        meta.push(format!(
            "Review: {}",
            o.cadence.map_or("none", |c| c.name())
        ));
        if let Some(d) = o.deadline {
            meta.push(format!("Deadline: {d}"));
        }
        match (&o.period, o.cadence) {
            (Some(p), Some(_)) => meta.push(format!(
                "**{} of {} targets met** in {}",
                o.met(),
                o.cards.len(),
                escape(p)
            )),
            (None, Some(_)) => meta.push("no period has ended yet".into()),
            _ => {}
        }
        let _ = writeln!(s, "{}\n", meta.join(" · "));
        match &o.review {
            Review::NotEvaluated => {
                s.push_str("Not evaluated: the objective has no review period.\n\n")
            }
            Review::Open => {}
            Review::Ended { deadline } => {
                let _ = writeln!(
                    s,
                    "The deadline ({deadline}) has passed: these are its final results.\n"
                );
            }
            Review::EndedUnreviewed { deadline, period } => {
                let _ = writeln!(
                    s,
                    "⚠️ The deadline ({deadline}) has passed without a final review: no value for {} in its last period.\n",
                    escape(period)
                );
            }
        }
        if !o.notes.is_empty() {
            notes(&mut s, &o.notes);
        }
        if o.cadence.is_none() || o.cards.is_empty() {
            continue;
        }
        s.push_str(
            "| KPI | Period | Value | Target | Status | Gap | vs previous | vs a year before | Trend | Action when missed |\n\
             |---|---|--:|---|---|--:|---|---|---|---|\n",
        );
        for c in &o.cards {
            row(&mut s, c);
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
                    let pace = match p.projection {
                        Some(v) => format!(
                            ", on pace for {}",
                            escape(&format_value(Some(v), c.unit.as_ref()))
                        ),
                        None => String::new(),
                    };
                    let _ = writeln!(
                        s,
                        "- ⏳ {} in {} (in progress): {} so far{pace}",
                        escape(&c.metric),
                        escape(&p.period),
                        escape(&format_value(p.value, c.unit.as_ref()))
                    );
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
                let value = format_value(shown.value, c.unit.as_ref());
                let tail = match &comp.with_values {
                    Some(v) => format!(" = {}", escape(v)),
                    None if !comp.operands.is_empty() => format!(
                        " with {}",
                        comp.operands
                            .iter()
                            .map(|(n, v)| format!("{} = {}", escape(n), escape(v)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    None => return None,
                };
                let formula = match &comp.name {
                    Some(n) => format!(" ({} = {})", escape(n), escape(&comp.formula)),
                    None => String::new(),
                };
                Some(format!(
                    "- {} in {}: {}{tail}{formula}",
                    escape(&c.metric),
                    escape(&shown.period),
                    escape(&value),
                ))
            })
            .collect();
        if !computed.is_empty() {
            s.push_str("<details><summary>How these values are computed</summary>\n\n");
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
                format!(
                    "{} {}",
                    escape(if source.is_empty() { "data" } else { source }),
                    last.map_or("no row".to_string(), |d| format!("up to {d}"))
                )
            })
            .collect();
        let _ = writeln!(s, "Data: {}.  ", parts.join(", "));
    }
    let p = &r.provenance;
    let files: Vec<String> = p.files.iter().map(|f| escape(f)).collect();
    let _ = writeln!(
        s,
        "Spec: {}{}.  ",
        files.join(", "),
        p.revision
            .as_ref()
            .map(|rev| format!(" at {}", escape(rev)))
            .unwrap_or_default()
    );
    let _ = writeln!(s, "Boussole {}.", escape(&p.version));
    s
}

fn notes(s: &mut String, notes: &[Note]) {
    for n in notes {
        let _ = writeln!(
            s,
            "- {} **{}** {}: {}{}",
            if n.error { "⛔" } else { "⚠️" },
            if n.error { "error" } else { "warning" },
            escape(n.code),
            escape(&n.message),
            n.help
                .as_ref()
                .map(|h| format!("<br>{}", escape(h)))
                .unwrap_or_default()
        );
    }
    s.push('\n');
}

fn row(s: &mut String, c: &Card) {
    let unit = c.unit.as_ref();
    let (period, value, status) = match &c.latest {
        Some(p) => {
            let (sym, word) = status_label(p.status);
            (
                escape(&p.period),
                escape(&format_value(p.value, unit)),
                format!("{sym} {word}"),
            )
        }
        None => ("—".into(), "—".into(), "no period ended".into()),
    };
    let action = match (&c.action, c.latest.as_ref().map(|p| p.status)) {
        (Some(a), Some(Status::Missed)) => format!("**{}**", escape(a)),
        (Some(a), _) => escape(a),
        (None, _) => "—".into(),
    };
    let _ = writeln!(
        s,
        "| {} | {period} | {value} | {} | {status} | {} | {} | {} | {} | {action} |",
        escape(&c.metric),
        escape(&c.goal()),
        c.gap().map(|g| escape(&g)).unwrap_or_else(|| "—".into()),
        delta(c.previous.as_ref(), unit),
        delta(c.year_ago.as_ref(), unit),
        trend(c),
    );
}

fn delta(d: Option<&Delta>, unit: Option<&crate::vocab::Unit>) -> String {
    let Some(d) = d else { return "—".into() };
    let mark = match d.good {
        Some(true) => "🟢",
        Some(false) => "🔴",
        None => "⚪",
    };
    let rel = d
        .relative
        .map(|r| format!(" ({})", relative(r)))
        .unwrap_or_default();
    format!("{mark} {}{rel}", escape(&signed(d.change, unit)))
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
