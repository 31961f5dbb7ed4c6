//! The report as one self-contained HTML page: no script, no request of
//! any kind (a Content-Security-Policy forbids them), styles inline, a
//! print stylesheet. Every text from a spec or a data file goes through
//! [`escape`]. Void elements are closed (`<br />`), so the page is also
//! well-formed XML: the tests read it with an XML parser.

use super::{
    relative, signed, sparkline, status_label, Card, Delta, Note, ObjectiveView, Report, Review,
};
use crate::eval::Status;
use crate::i18n::Voice;
use crate::msg;
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
    let v = r.voice;
    let loc = v.locale;
    let mut s = String::new();
    let title = match r.as_of {
        Some(day) => v.text(&msg!("report-title-as-of", day = loc.date(day))),
        None => v.get("report-title"),
    };
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\" />\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\" />\n\
         <meta name=\"generator\" content=\"boussole {}\" />\n\
         <title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        v.lang.code(),
        escape(&r.provenance.version),
        escape(&title)
    );
    let (met, judged) = r.score();
    let _ = write!(
        s,
        "<header>\n<h1>{}</h1>\n<p class=\"summary\">{}</p>\n",
        escape(&title),
        v.text(&msg!(
            "report-summary",
            objectives = r.objectives.len(),
            met = met,
            judged = judged
        )),
    );
    if !r.objectives.is_empty() {
        let _ = writeln!(s, "<nav aria-label=\"{}\"><ul>", v.get("report-objectives"));
        for (i, o) in r.objectives.iter().enumerate() {
            let _ = writeln!(
                s,
                "<li><a href=\"#o{}\">{}</a> <span class=\"count\">{}</span></li>",
                i + 1,
                escape(&o.title),
                v.text(&msg!(
                    "report-met-count",
                    met = o.met(),
                    total = o.cards.len()
                ))
            );
        }
        s.push_str("</ul></nav>\n");
    }
    s.push_str("</header>\n<main>\n");
    if !r.notes.is_empty() {
        let _ = writeln!(
            s,
            "<section class=\"notes\" aria-labelledby=\"notes\">\n<h2 id=\"notes\">{}</h2>",
            v.get("report-warnings")
        );
        notes(&mut s, &r.notes, v);
        s.push_str("</section>\n");
    }
    for (i, o) in r.objectives.iter().enumerate() {
        objective(&mut s, i + 1, o, v);
    }
    s.push_str("</main>\n");
    footer(&mut s, r);
    s.push_str("</body>\n</html>\n");
    s
}

fn notes(s: &mut String, notes: &[Note], v: Voice) {
    s.push_str("<ul class=\"warnings\">\n");
    for n in notes {
        let _ = writeln!(
            s,
            "<li class=\"{}\"><span class=\"sym\" aria-hidden=\"true\">{}</span> <strong>{}</strong> <code>{}</code> {}{}</li>",
            if n.error { "error" } else { "warning" },
            if n.error { "✖" } else { "⚠" },
            v.get(if n.error { "report-error" } else { "report-warning" }),
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

fn objective(s: &mut String, i: usize, o: &ObjectiveView, v: Voice) {
    let loc = v.locale;
    let period_of = |p: &str| match o.cadence {
        Some(c) => loc.period_label(c, p),
        None => p.to_string(),
    };
    let _ = write!(
        s,
        "<section class=\"objective\" id=\"o{i}\" data-objective=\"{}\" aria-labelledby=\"o{i}-h\">\n<h2 id=\"o{i}-h\">{}</h2>\n",
        escape(&o.name),
        escape(&o.title)
    );
    if let Some(d) = &o.description {
        let _ = writeln!(s, "<p class=\"description\">{}</p>", escape(d));
    }
    s.push_str("<dl class=\"meta\">\n");
    let mut meta = |k: &'static str, value: String| {
        let _ = writeln!(s, "<div><dt>{}</dt><dd>{value}</dd></div>", v.get(k));
    };
    if let Some(owner) = &o.owner {
        meta("report-meta-owner", escape(owner));
    }
    meta(
        "report-meta-review",
        v.text(&msg!(
            "report-cadence",
            cadence = o.cadence.map_or("none", |c| c.name())
        )),
    );
    if let Some(start) = o.start {
        meta("report-meta-start", loc.date(start));
    }
    if let Some(deadline) = o.deadline {
        meta("report-meta-deadline", loc.date(deadline));
    }
    s.push_str("</dl>\n");
    let review = match &o.review {
        Review::NotEvaluated => Some(v.get("report-not-evaluated")),
        Review::Open => None,
        Review::Ended { deadline } => {
            Some(v.text(&msg!("report-ended", day = loc.date(*deadline))))
        }
        Review::EndedUnreviewed { deadline, period } => Some(v.text(&msg!(
            "report-ended-unreviewed",
            day = loc.date(*deadline),
            period = escape(&period_of(period))
        ))),
    };
    if let Some(text) = review {
        let _ = writeln!(s, "<p class=\"review\">{text}</p>");
    }
    if o.cadence.is_some() {
        let count = v.text(&msg!(
            "report-targets-met",
            met = o.met(),
            total = o.cards.len()
        ));
        let when = match &o.period {
            Some(p) => v.text(&msg!(
                "report-in-latest",
                period = escape(&period_of(p)),
                period_kind = crate::i18n::period_kind(p)
            )),
            None => v.get("report-none-ended-yet"),
        };
        let _ = writeln!(s, "<p class=\"score\"><strong>{count}</strong>{when}</p>");
    }
    if !o.notes.is_empty() {
        notes(s, &o.notes, v);
    }
    if o.cadence.is_some() && !o.cards.is_empty() {
        s.push_str("<div class=\"cards\">\n");
        for (j, c) in o.cards.iter().enumerate() {
            card(s, &format!("o{i}-t{}", j + 1), c, v);
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

fn badge(st: Status, v: Voice) -> String {
    let (_, word) = status_label(st, v);
    let sym = symbol(st);
    format!(
        "<span class=\"badge {}\"><span aria-hidden=\"true\">{sym}</span> {word}</span>",
        status_class(st)
    )
}

fn card(s: &mut String, id: &str, c: &Card, v: Voice) {
    let loc = v.locale;
    let unit = c.unit.as_ref();
    let shown = c.latest.as_ref().or(c.current.as_ref());
    let status = shown.map_or(Status::NoData, |p| p.status);
    // what a card says, for machines (the browser test reads it): the
    // period judged, its status and its exact value, in every language
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
        escape(&c.title)
    );
    let goal = v.text(&msg!("report-target-goal", goal = c.goal(loc)));
    match &c.latest {
        Some(p) => {
            let _ = writeln!(
                s,
                "<p class=\"status\">{} <span class=\"period\">{}</span></p>",
                badge(p.status, v),
                escape(&loc.period(p.key))
            );
            let _ = writeln!(
                s,
                "<p class=\"value\"><span class=\"big\">{}</span> <span class=\"goal\">{}</span></p>",
                escape(&loc.value(p.value, unit)),
                escape(&goal)
            );
            if let Some(gap) = c.gap(loc) {
                let _ = writeln!(
                    s,
                    "<p class=\"gap\">{}</p>",
                    escape(&v.text(&msg!("report-gap", gap = gap)))
                );
            }
        }
        None => {
            // the status of the period under way (or no data), in words
            let _ = writeln!(
                s,
                "<p class=\"status\">{} {} <span class=\"goal\">{}</span></p>",
                badge(status, v),
                v.get("report-card-none-ended"),
                escape(&goal)
            );
        }
    }
    if c.previous.is_some() || c.year_ago.is_some() {
        s.push_str("<dl class=\"deltas\">\n");
        for (label, d) in [
            ("report-vs-previous", &c.previous),
            ("report-vs-year", &c.year_ago),
        ] {
            let _ = writeln!(
                s,
                "<div><dt>{}</dt><dd>{}</dd></div>",
                v.get(label),
                delta(d.as_ref(), unit, v)
            );
        }
        s.push_str("</dl>\n");
    }
    if let Some(p) = c.current.as_ref().filter(|p| p.value.is_some()) {
        let value = escape(&loc.value(p.value, unit));
        let text = match p.projection {
            Some(pace) => msg!(
                "report-current-card-pace",
                value = value,
                pace = escape(&loc.value(Some(pace), unit))
            ),
            None => msg!("report-current-card", value = value),
        };
        let _ = writeln!(
            s,
            "<p class=\"current\">{} <span class=\"period\">{}</span>: {}</p>",
            badge(Status::InProgress, v),
            escape(&loc.period(p.key)),
            v.text(&text),
        );
    }
    let points = c
        .series
        .iter()
        .map(|p| {
            let period = loc.period(p.key);
            let value = loc.value(p.value, unit);
            match (p.status, p.projection) {
                (Status::InProgress, Some(pace)) => v.text(&msg!(
                    "report-point-pace",
                    period = period,
                    value = value,
                    pace = loc.value(Some(pace), unit)
                )),
                (Status::InProgress, None) => {
                    v.text(&msg!("report-point-so-far", period = period, value = value))
                }
                _ => format!("{period} {value}"),
            }
        })
        .collect::<Vec<_>>()
        .join(", ");
    let label = v.text(&msg!(
        "report-trend-label",
        metric = &c.title,
        count = c.series.len(),
        points = points,
        goal = c.goal(loc)
    ));
    if let Some(svg) = sparkline::svg(c, &label) {
        let _ = writeln!(s, "<figure class=\"trend\">{svg}</figure>");
    }
    if let Some(comp) = &c.computation {
        let value = shown.map(|p| loc.value(p.value, unit)).unwrap_or_default();
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
            Some(w) => {
                let _ = write!(s, "<br />{} = {}", escape(&value), escape(w));
            }
            None if !comp.operands.is_empty() => {
                let parts: Vec<String> = comp
                    .operands
                    .iter()
                    .map(|(n, w)| format!("{} = {}", escape(n), escape(w)))
                    .collect();
                let _ = write!(
                    s,
                    "<br />{}{}",
                    escape(&value),
                    v.text(&msg!("report-with", operands = parts.join(", ")))
                );
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
            v.get(if missed {
                "report-action"
            } else {
                "report-when-missed"
            }),
            escape(a)
        );
    }
    s.push_str("</article>\n");
}

fn delta(d: Option<&Delta>, unit: Option<&crate::vocab::Unit>, v: Voice) -> String {
    let loc = v.locale;
    let Some(d) = d else {
        return "—".into();
    };
    let (class, word) = match d.good {
        Some(true) => ("good", "report-better"),
        Some(false) => ("bad", "report-worse"),
        None => ("flat", "report-no-change"),
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
        .map(|r| format!(" ({})", relative(r, loc)))
        .unwrap_or_default();
    format!(
        "<span class=\"{class}\"><span aria-hidden=\"true\">{arrow}</span> {}{rel} {}</span> <span class=\"since\">({}: {})</span>",
        escape(&signed(d.change, unit, loc)),
        v.get(word),
        escape(&loc.period(d.key)),
        escape(&loc.value(Some(d.before), unit))
    )
}

fn footer(s: &mut String, r: &Report) {
    let v = r.voice;
    let loc = v.locale;
    let _ = writeln!(s, "<footer>\n<h2>{}</h2>", v.get("report-about"));
    if !r.freshness.is_empty() {
        let _ = writeln!(
            s,
            "<table class=\"freshness\">\n<caption>{}</caption>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>",
            v.get("report-freshness"),
            v.get("report-source"),
            v.get("report-latest-day")
        );
        for (source, last) in &r.freshness {
            let name = if source.is_empty() {
                v.get("report-data")
            } else {
                source.clone()
            };
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td>{}</td></tr>",
                escape(&name),
                last.map_or_else(|| v.get("report-no-row"), |d| loc.date(d))
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
    let spec = match &p.revision {
        Some(rev) => msg!(
            "report-spec-at-html",
            files = files.join(", "),
            revision = escape(rev)
        ),
        None => msg!("report-spec", files = files.join(", ")),
    };
    let _ = writeln!(s, "<p>{}</p>", v.text(&spec));
    let computed = match r.as_of {
        Some(day) => msg!(
            "report-computed-by-as-of",
            version = escape(&p.version),
            day = loc.date(day)
        ),
        None => msg!("report-computed-by", version = escape(&p.version)),
    };
    let _ = writeln!(s, "<p>{}</p>", v.text(&computed));
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
