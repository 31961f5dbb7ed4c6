//! A card's trend as an inline SVG: the values over the objective's
//! periods, the target's line, the period under way hollow (at its pace
//! when it has one: a month's revenue so far is not a fall). Written from
//! exact decimals, coordinates rounded to a tenth of a pixel: the same
//! inputs give the same bytes.

use super::html::escape;
use super::{Card, Point};
use crate::eval::Status;
use rust_decimal::Decimal;
use std::fmt::Write;

const WIDTH: i64 = 240;
const HEIGHT: i64 = 56;
const PAD: i64 = 6;

/// The card's sparkline, or None with fewer than one value.
pub(super) fn svg(card: &Card, label: &str) -> Option<String> {
    let points = &card.series;
    let plotted = |p: &Point| match p.status {
        Status::InProgress => p.projection.or(p.value),
        _ => p.value,
    };
    let values: Vec<Decimal> = points.iter().filter_map(plotted).collect();
    if values.is_empty() {
        return None;
    }
    let threshold = card
        .latest
        .as_ref()
        .or(card.current.as_ref())
        .and_then(|p| p.threshold);
    let lo = values.iter().chain(threshold.iter()).min().copied()?;
    let hi = values.iter().chain(threshold.iter()).max().copied()?;
    let y = |v: Decimal| -> Decimal {
        let mid = Decimal::from(HEIGHT) / Decimal::TWO;
        let span = hi - lo;
        if span.is_zero() {
            return mid;
        }
        (hi - v)
            .checked_div(span)
            .and_then(|f| f.checked_mul(Decimal::from(HEIGHT - 2 * PAD)))
            .map(|d| (d + Decimal::from(PAD)).round_dp(1))
            .unwrap_or(mid)
    };
    let n = points.len() as i64;
    let x = |i: usize| -> Decimal {
        if n <= 1 {
            return Decimal::from(WIDTH / 2);
        }
        (Decimal::from(i as i64) * Decimal::from(WIDTH - 2 * PAD) / Decimal::from(n - 1)
            + Decimal::from(PAD))
        .round_dp(1)
    };
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="spark" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" xmlns="http://www.w3.org/2000/svg"><title>{}</title>"#,
        escape(label)
    );
    if let Some(t) = threshold {
        let ty = y(t);
        let _ = write!(
            s,
            r#"<line class="goal" x1="0" y1="{ty}" x2="{WIDTH}" y2="{ty}"/>"#
        );
    }
    // one line per run of periods with a value
    let mut run: Vec<String> = Vec::new();
    let flush = |run: &mut Vec<String>, s: &mut String| {
        if run.len() > 1 {
            let _ = write!(s, r#"<polyline points="{}"/>"#, run.join(" "));
        }
        run.clear();
    };
    for (i, p) in points.iter().enumerate() {
        match plotted(p) {
            Some(v) => run.push(format!("{},{}", x(i), y(v))),
            None => flush(&mut run, &mut s),
        }
    }
    flush(&mut run, &mut s);
    for (i, p) in points.iter().enumerate() {
        if let Some(v) = plotted(p) {
            let _ = write!(
                s,
                r#"<circle class="{}" cx="{}" cy="{}" r="3"/>"#,
                dot_class(p),
                x(i),
                y(v)
            );
        }
    }
    s.push_str("</svg>");
    Some(s)
}

fn dot_class(p: &Point) -> &'static str {
    match p.status {
        Status::Met => "met",
        Status::Missed => "missed",
        Status::NoData => "no-data",
        Status::InProgress => "in-progress",
    }
}
