//! The report as one self-contained HTML page: no script, no request of
//! any kind (a Content-Security-Policy forbids them), styles inline, a
//! print stylesheet. Every text from a spec or a data file goes through
//! [`escape`]. Void elements are closed (`<br />`), so the page is also
//! well-formed XML: the tests read it with an XML parser.

use super::{
    relative, signed, sparkline, status_label, Card, Delta, Note, ObjectiveView, Report, Review,
};
use crate::eval::Status;
use crate::render::values::format_value;
use std::fmt::Write;

/// Text escaped for HTML and XML text and quoted attributes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // control characters are not allowed in HTML text
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = include_str!("report.css");

/// The page.
pub fn html(r: &Report) -> String {
    let mut s = String::new();
    let title = match r.as_of {
        Some(day) => format!("KPI review — {day}"),
        None => "KPI review".to_string(),
    };
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\" />\n\
         <meta name=\"generator\" content=\"boussole {}\" />\n\
         <title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        escape(&r.provenance.version),
        escape(&title)
    );
    let (met, judged) = r.score();
    let _ = write!(
        s,
        "<header>\n<h1>{}</h1>\n<p class=\"summary\">{} · {met} of {judged} targets met in their latest complete period</p>\n",
        escape(&title),
        plural(r.objectives.len(), "objective", "objectives"),
    );
    if !r.objectives.is_empty() {
        s.push_str("<nav aria-label=\"Objectives\"><ul>\n");
        for (i, o) in r.objectives.iter().enumerate() {
            let _ = writeln!(
                s,
                "<li><a href=\"#o{}\">{}</a> <span class=\"count\">{} of {} met</span></li>",
                i + 1,
                escape(&o.name),
                o.met(),
                o.cards.len()
            );
        }
        s.push_str("</ul></nav>\n");
    }
    s.push_str("</header>\n<main>\n");
    if !r.notes.is_empty() {
        s.push_str(
            "<section class=\"notes\" aria-labelledby=\"notes\">\n<h2 id=\"notes\">Warnings</h2>\n",
        );
        notes(&mut s, &r.notes);
        s.push_str("</section>\n");
    }
    for (i, o) in r.objectives.iter().enumerate() {
        objective(&mut s, i + 1, o);
    }
    s.push_str("</main>\n");
    footer(&mut s, r);
    s.push_str("</body>\n</html>\n");
    s
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn notes(s: &mut String, notes: &[Note]) {
    s.push_str("<ul class=\"warnings\">\n");
    for n in notes {
        let _ = writeln!(
            s,
            "<li class=\"{}\"><span class=\"sym\" aria-hidden=\"true\">{}</span> <strong>{}</strong> <code>{}</code> {}{}</li>",
            if n.error { "error" } else { "warning" },
            if n.error { "✖" } else { "⚠" },
            if n.error { "error" } else { "warning" },
            escape(n.code),
            escape(&n.message),
            n.help
                .as_ref()
                .map(|h| format!("<br /><span class=\"help\">{}</span>", escape(h)))
                .unwrap_or_default()
        );
    }
    s.push_str("</ul>\n");
}

fn objective(s: &mut String, i: usize, o: &ObjectiveView) {
    let _ = write!(
        s,
        "<section class=\"objective\" id=\"o{i}\" data-objective=\"{}\" aria-labelledby=\"o{i}-h\">\n<h2 id=\"o{i}-h\">{}</h2>\n",
        escape(&o.name),
        escape(&o.name)
    );
    if let Some(d) = &o.description {
        let _ = writeln!(s, "<p class=\"description\">{}</p>", escape(d));
    }
    s.push_str("<dl class=\"meta\">\n");
    let mut meta = |k: &str, v: String| {
        let _ = writeln!(s, "<div><dt>{k}</dt><dd>{v}</dd></div>");
    };
    if let Some(owner) = &o.owner {
        meta("Owner", escape(owner));
    }
    meta(
        "Review",
        o.cadence
            .map_or("none".to_string(), |c| c.name().to_string()),
    );
    if let Some(start) = o.start {
        meta("Start", start.to_string());
    }
    if let Some(deadline) = o.deadline {
        meta("Deadline", deadline.to_string());
    }
    s.push_str("</dl>\n");
    let review = match &o.review {
        Review::NotEvaluated => {
            Some("Not evaluated: the objective has no review period.".to_string())
        }
        Review::Open => None,
        Review::Ended { deadline } => Some(format!(
            "The deadline ({deadline}) has passed: these are its final results."
        )),
        Review::EndedUnreviewed { deadline, period } => Some(format!(
            "The deadline ({deadline}) has passed without a final review: no value for {} in its last period.",
            escape(period)
        )),
    };
    if let Some(text) = review {
        let _ = writeln!(s, "<p class=\"review\">{text}</p>");
    }
    if o.cadence.is_some() {
        let _ = writeln!(
            s,
            "<p class=\"score\"><strong>{} of {} targets met</strong>{}</p>",
            o.met(),
            o.cards.len(),
            match &o.period {
                Some(p) => format!(" in {}, the latest complete period", escape(p)),
                None => " — no period has ended yet".to_string(),
            }
        );
    }
    if !o.notes.is_empty() {
        notes(s, &o.notes);
    }
    if o.cadence.is_some() && !o.cards.is_empty() {
        s.push_str("<div class=\"cards\">\n");
        for (j, c) in o.cards.iter().enumerate() {
            card(s, &format!("o{i}-t{}", j + 1), c);
        }
        s.push_str("</div>\n");
    }
    s.push_str("</section>\n");
}

fn status_class(st: Status) -> &'static str {
    match st {
        Status::Met => "met",
        Status::Missed => "missed",
        Status::NoData => "no-data",
        Status::InProgress => "in-progress",
    }
}

/// The status's symbol in the page: in the fonts every system has (the
/// Markdown's emoji are not), beside its word, never colour alone.
fn symbol(st: Status) -> &'static str {
    match st {
        Status::Met => "✓",
        Status::Missed => "✗",
        Status::NoData => "–",
        Status::InProgress => "◔",
    }
}

fn badge(st: Status) -> String {
    let (_, word) = status_label(st);
    let sym = symbol(st);
    format!(
        "<span class=\"badge {}\"><span aria-hidden=\"true\">{sym}</span> {word}</span>",
        status_class(st)
    )
}

fn card(s: &mut String, id: &str, c: &Card) {
    let unit = c.unit.as_ref();
    let shown = c.latest.as_ref().or(c.current.as_ref());
    let status = shown.map_or(Status::NoData, |p| p.status);
    // what a card says, for machines (the browser test reads it): the
    // period judged, its status and its exact value
    let _ = write!(
        s,
        "<article class=\"card {}\" aria-labelledby=\"{id}\" data-target=\"{}\" data-period=\"{}\" data-status=\"{}\" data-value=\"{}\">\n<h3 id=\"{id}\">{}</h3>\n",
        status_class(status),
        escape(&c.target),
        escape(shown.map_or("", |p| p.period.as_str())),
        shown.map_or("no-data", |p| p.status.as_str()),
        shown
            .and_then(|p| p.value)
            .map(crate::render::values::exact_text)
            .unwrap_or_default(),
        escape(&c.metric)
    );
    match &c.latest {
        Some(p) => {
            let _ = writeln!(
                s,
                "<p class=\"status\">{} <span class=\"period\">{}</span></p>",
                badge(p.status),
                escape(&p.period)
            );
            let _ = writeln!(
                s,
                "<p class=\"value\"><span class=\"big\">{}</span> <span class=\"goal\">target {}</span></p>",
                escape(&format_value(p.value, unit)),
                escape(&c.goal())
            );
            if let Some(gap) = c.gap() {
                let _ = writeln!(s, "<p class=\"gap\">Gap to target: {}</p>", escape(&gap));
            }
        }
        None => {
            let _ = writeln!(
                s,
                "<p class=\"status\">No period has ended yet <span class=\"goal\">target {}</span></p>",
                escape(&c.goal())
            );
        }
    }
    if c.previous.is_some() || c.year_ago.is_some() {
        s.push_str("<dl class=\"deltas\">\n");
        for (label, d) in [
            ("vs previous period", &c.previous),
            ("vs a year before", &c.year_ago),
        ] {
            let _ = writeln!(
                s,
                "<div><dt>{label}</dt><dd>{}</dd></div>",
                delta(d.as_ref(), unit)
            );
        }
        s.push_str("</dl>\n");
    }
    if let Some(p) = c.current.as_ref().filter(|p| p.value.is_some()) {
        let pace = match p.projection {
            Some(v) => format!(
                ", on pace for {} (a projection)",
                escape(&format_value(Some(v), unit))
            ),
            None => String::new(),
        };
        let _ = writeln!(
            s,
            "<p class=\"current\">{} <span class=\"period\">{}</span>: {} so far{pace}; judged when the period ends</p>",
            badge(Status::InProgress),
            escape(&p.period),
            escape(&format_value(p.value, unit)),
        );
    }
    let label = format!(
        "{} over {}: {}",
        c.metric,
        plural(c.series.len(), "period", "periods"),
        c.series
            .iter()
            .map(|p| match (p.status, p.projection) {
                (Status::InProgress, Some(pace)) => format!(
                    "{} {} so far (pace {})",
                    p.period,
                    format_value(p.value, unit),
                    format_value(Some(pace), unit)
                ),
                (Status::InProgress, None) => {
                    format!("{} {} so far", p.period, format_value(p.value, unit))
                }
                _ => format!("{} {}", p.period, format_value(p.value, unit)),
            })
            .collect::<Vec<_>>()
            .join(", ")
    );
    if let Some(svg) = sparkline::svg(c, &format!("{label}; target {}", c.goal())) {
        let _ = writeln!(s, "<figure class=\"trend\">{svg}</figure>");
    }
    if let Some(comp) = &c.computation {
        let value = shown
            .map(|p| format_value(p.value, unit))
            .unwrap_or_default();
        let _ = match &comp.name {
            Some(name) => write!(
                s,
                "<p class=\"computation\"><code>{} = {}</code>",
                escape(name),
                escape(&comp.formula)
            ),
            None => write!(
                s,
                "<p class=\"computation\"><code>{}</code>",
                escape(&comp.formula)
            ),
        };
        match &comp.with_values {
            Some(v) => {
                let _ = write!(s, "<br />{} = {}", escape(&value), escape(v));
            }
            None if !comp.operands.is_empty() => {
                let parts: Vec<String> = comp
                    .operands
                    .iter()
                    .map(|(n, v)| format!("{} = {}", escape(n), escape(v)))
                    .collect();
                let _ = write!(s, "<br />{} with {}", escape(&value), parts.join(", "));
            }
            None => {}
        }
        s.push_str("</p>\n");
    }
    if let Some(a) = &c.action {
        let missed = c
            .latest
            .as_ref()
            .is_some_and(|p| p.status == Status::Missed);
        let _ = writeln!(
            s,
            "<p class=\"action{}\"><strong>{}</strong> {}</p>",
            if missed { " due" } else { "" },
            if missed { "Action:" } else { "When missed:" },
            escape(a)
        );
    }
    s.push_str("</article>\n");
}

fn delta(d: Option<&Delta>, unit: Option<&crate::vocab::Unit>) -> String {
    let Some(d) = d else {
        return "—".into();
    };
    let (class, word) = match d.good {
        Some(true) => ("good", "better"),
        Some(false) => ("bad", "worse"),
        None => ("flat", "no change"),
    };
    let arrow = if d.change.is_sign_positive() && !d.change.is_zero() {
        "▲"
    } else if d.change.is_zero() {
        "="
    } else {
        "▼"
    };
    let rel = d
        .relative
        .map(|r| format!(" ({})", relative(r)))
        .unwrap_or_default();
    format!(
        "<span class=\"{class}\"><span aria-hidden=\"true\">{arrow}</span> {}{rel} {word}</span> <span class=\"since\">({}: {})</span>",
        escape(&signed(d.change, unit)),
        escape(&d.period),
        escape(&format_value(Some(d.before), unit))
    )
}

fn footer(s: &mut String, r: &Report) {
    s.push_str("<footer>\n<h2>About this report</h2>\n");
    if !r.freshness.is_empty() {
        s.push_str("<table class=\"freshness\">\n<caption>Data freshness</caption>\n<thead><tr><th scope=\"col\">Source</th><th scope=\"col\">Latest day</th></tr></thead>\n<tbody>\n");
        for (source, last) in &r.freshness {
            let name = if source.is_empty() { "data" } else { source };
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td>{}</td></tr>",
                escape(name),
                last.map_or("no row".to_string(), |d| d.to_string())
            );
        }
        s.push_str("</tbody>\n</table>\n");
    }
    let p = &r.provenance;
    let files: Vec<String> = p
        .files
        .iter()
        .map(|f| format!("<code>{}</code>", escape(f)))
        .collect();
    let _ = writeln!(
        s,
        "<p>Spec: {}{}.</p>",
        files.join(", "),
        match &p.revision {
            Some(rev) => format!(" at revision <code>{}</code>", escape(rev)),
            None => String::new(),
        }
    );
    let _ = writeln!(
        s,
        "<p>Computed with exact decimals by Boussole {}{}.</p>",
        escape(&p.version),
        match r.as_of {
            Some(day) => format!(", reviewed as of {day}"),
            None => String::new(),
        }
    );
    s.push_str("</footer>\n");
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
        assert_eq!(escape("a\u{0}b"), "a\u{FFFD}b");
    }
}
