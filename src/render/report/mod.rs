//! `boussole report`: the KPI review people present — per objective, each
//! target's latest complete period against its target, the trend, the
//! deltas, the computation and the action when missed — as one
//! self-contained HTML page ([`html`]) or Markdown tables ([`markdown`]).
//!
//! [`Report::build`] gathers everything both documents show from the plan,
//! the evaluation and the diagnostics, once; the two writers only lay it
//! out, escaping every text that comes from a spec or a data file for its
//! context.

pub mod html;
pub mod markdown;
mod sparkline;

use crate::diagnostic::{Diagnostics, Location, Severity};
use crate::eval::{Evaluation, Status, TargetResult};
use crate::i18n::{Locale, Voice};
use crate::plan::{Plan, PlanObjective, PlanTarget};
use crate::source::Sources;
use crate::vocab::{Cmp, Period, PeriodKey, Unit};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// What the report says about where it comes from (its footer).
#[derive(Debug, Clone, Default)]
pub struct Provenance {
    /// The spec files, as given or found.
    pub files: Vec<String>,
    /// The git commit of the spec files' repository, with `+ changes` when
    /// they differ from it; None outside a git repository.
    pub revision: Option<String>,
    /// Boussole's version (with its commit).
    pub version: String,
}

/// The whole review, ready to be written.
#[derive(Debug)]
pub struct Report {
    /// The language and number style it is written in.
    pub voice: Voice,
    /// The day of the review (`--as-of`).
    pub as_of: Option<NaiveDate>,
    pub objectives: Vec<ObjectiveView>,
    /// Warnings and errors not within an objective (stale data, a source…).
    pub notes: Vec<Note>,
    /// Per source: the day of its latest row.
    pub freshness: Vec<(String, Option<NaiveDate>)>,
    pub provenance: Provenance,
}

/// A diagnostic as the report shows it.
#[derive(Debug, Clone)]
pub struct Note {
    pub code: &'static str,
    pub error: bool,
    pub message: String,
    /// Its help, on one line.
    pub help: Option<String>,
}

/// Where an objective stands on the day of the review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Review {
    /// No review period: its targets are not evaluated.
    NotEvaluated,
    /// Its periods run on.
    Open,
    /// Its deadline has passed and its last period was judged.
    Ended { deadline: NaiveDate },
    /// Its deadline has passed and its last period has no value for a
    /// target: it was never reviewed in full.
    EndedUnreviewed { deadline: NaiveDate, period: String },
}

#[derive(Debug)]
pub struct ObjectiveView {
    pub name: String,
    /// What the page calls it: its `label:` in the report's language, else
    /// its name.
    pub title: String,
    pub description: Option<String>,
    pub owner: Option<String>,
    pub cadence: Option<Period>,
    pub start: Option<NaiveDate>,
    pub deadline: Option<NaiveDate>,
    pub review: Review,
    /// The diagnostics within the objective (SMART, pitfalls, achievable).
    pub notes: Vec<Note>,
    /// The latest complete period, the one the cards judge.
    pub period: Option<String>,
    pub cards: Vec<Card>,
}

impl ObjectiveView {
    /// How many cards' latest complete period met its target.
    pub fn met(&self) -> usize {
        self.cards
            .iter()
            .filter(|c| c.latest.as_ref().is_some_and(|p| p.status == Status::Met))
            .count()
    }
}

/// One period's value of a target.
#[derive(Debug, Clone)]
pub struct Point {
    /// Its ISO label (as the JSON writes it, and the page's data attributes).
    pub period: String,
    pub key: PeriodKey,
    pub value: Option<Decimal>,
    pub threshold: Option<Decimal>,
    pub status: Status,
    pub projection: Option<Decimal>,
}

/// A change against an earlier period.
#[derive(Debug, Clone)]
pub struct Delta {
    /// The period compared with.
    pub period: String,
    pub key: PeriodKey,
    pub before: Decimal,
    pub change: Decimal,
    /// The change relative to the earlier value (None when it was zero).
    pub relative: Option<Decimal>,
    /// Whether the change goes the target's way (None: neither way, as for
    /// `==` or no change).
    pub good: Option<bool>,
}

/// The computation of a target's value in its period, with its inputs.
#[derive(Debug, Clone)]
pub struct ComputationView {
    /// The metric's name, when the target names one.
    pub name: Option<String>,
    /// The definition as written (`spend / new_customers`).
    pub formula: String,
    /// The definition with the values in place of the names
    /// (`10,000.00 € ÷ 200`), when every name is read in the period itself.
    pub with_values: Option<String>,
    /// Each name and its value.
    pub operands: Vec<(String, String)>,
}

/// A target's card.
#[derive(Debug)]
pub struct Card {
    /// What is measured (the left side's text: `cac`,
    /// `growth(revenue, 12)`) and the target as written.
    pub metric: String,
    /// What the page calls it: the metric's `label:` in the report's
    /// language when the left side is one name, else `metric`.
    pub title: String,
    pub target: String,
    pub cmp: Cmp,
    pub unit: Option<Unit>,
    /// The latest complete period (None: none has ended yet).
    pub latest: Option<Point>,
    /// The period under way on the day of the review.
    pub current: Option<Point>,
    pub previous: Option<Delta>,
    pub year_ago: Option<Delta>,
    /// Every period from the objective's first to the current one.
    pub series: Vec<Point>,
    pub computation: Option<ComputationView>,
    pub action: Option<String>,
}

impl Card {
    /// The target's direction and threshold: `≤ 50.00 €`, or the right
    /// side's text when it is not a constant.
    pub fn goal(&self, loc: Locale) -> String {
        let threshold = self
            .latest
            .as_ref()
            .or(self.current.as_ref())
            .and_then(|p| p.threshold);
        let rhs = match self.target.split_once(self.cmp.symbol()) {
            Some((_, rhs)) => rhs.trim().to_string(),
            None => self.target.clone(),
        };
        let shown = match threshold {
            Some(t) => loc.value(Some(t), self.unit.as_ref()),
            None => rhs,
        };
        format!("{} {shown}", cmp_sign(self.cmp))
    }

    /// The gap between the latest value and its threshold, in the value's
    /// unit (`+5.00 €`, `-1.20 pts`); None without both.
    pub fn gap(&self, loc: Locale) -> Option<String> {
        let p = self.latest.as_ref()?;
        let d = p.value?.checked_sub(p.threshold?)?;
        Some(signed(d, self.unit.as_ref(), loc))
    }
}

/// `≥`, `≤`, `>`, `<`, `=`, `≠`.
pub fn cmp_sign(c: Cmp) -> &'static str {
    match c {
        Cmp::Ge => "≥",
        Cmp::Le => "≤",
        Cmp::Gt => ">",
        Cmp::Lt => "<",
        Cmp::Eq => "=",
        Cmp::Ne => "≠",
    }
}

/// A difference with its sign, in its unit; a ratio's in percentage points.
pub fn signed(d: Decimal, unit: Option<&Unit>, loc: Locale) -> String {
    let sign = if d > Decimal::ZERO { "+" } else { "" };
    match unit {
        Some(Unit::Ratio) => match d.checked_mul(Decimal::ONE_HUNDRED) {
            // percentage points, to the hundredth as the percentages are
            Some(p) => format!(
                "{sign}{} pts",
                loc.value(Some(p.round_dp(2)), Some(&Unit::Number))
            ),
            None => format!("{sign}{d}"),
        },
        u => format!("{sign}{}", loc.value(Some(d), u)),
    }
}

/// A relative change as a percentage with its sign (`+5.8 %`).
pub fn relative(r: Decimal, loc: Locale) -> String {
    let sign = if r > Decimal::ZERO { "+" } else { "" };
    match r.checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) => {
            // to a tenth, as many decimals as that leaves
            let p = p.round_dp(1);
            format!("{sign}{}{}", loc.number(p, p.scale()), loc.percent_suffix())
        }
        None => "—".into(),
    }
}

/// The status as a symbol and a word in `voice`'s language, never by
/// colour alone.
pub fn status_label(s: Status, voice: Voice) -> (&'static str, String) {
    let sym = match s {
        Status::Met => "✅",
        Status::Missed => "❌",
        Status::NoData => "⚪",
        Status::InProgress => "⏳",
    };
    (
        sym,
        voice.text(&crate::msg!("report-status", status = s.as_str())),
    )
}

impl Report {
    /// The report of `ev`, computed on `plan`, with the run's diagnostics.
    pub fn build(
        plan: &Plan,
        ev: &Evaluation,
        diags: &Diagnostics,
        sources: &Sources,
        provenance: Provenance,
        voice: Voice,
    ) -> Report {
        let mut objective_notes: Vec<Vec<Note>> = vec![Vec::new(); plan.objectives.len()];
        let mut notes = Vec::new();
        for d in &diags.items {
            let note = Note {
                code: d.code.name(),
                error: d.severity == Severity::Error,
                message: d.message.clone(),
                help: d
                    .help
                    .as_ref()
                    .map(|h| h.split_whitespace().collect::<Vec<_>>().join(" ")),
            };
            let within = match &d.location {
                Some(Location::Span(s)) => plan.objectives.iter().position(|o| {
                    o.extent.file == s.file && o.extent.start <= s.start && s.end <= o.extent.end
                }),
                _ => None,
            };
            match within {
                Some(oi) => objective_notes[oi].push(note),
                None => notes.push(note),
            }
        }
        let objectives = plan
            .objectives
            .iter()
            .enumerate()
            .zip(objective_notes)
            .map(|((oi, o), notes)| objective(plan, ev, sources, oi, o, notes, voice))
            .collect();
        Report {
            voice,
            as_of: plan.as_of,
            objectives,
            notes,
            freshness: ev
                .freshness
                .iter()
                .map(|f| (f.source.clone(), f.last))
                .collect(),
            provenance,
        }
    }

    /// Targets met and judged in the latest complete periods, over all objectives.
    pub fn score(&self) -> (usize, usize) {
        self.objectives.iter().fold((0, 0), |(m, n), o| {
            (
                m + o.met(),
                n + o.cards.iter().filter(|c| c.latest.is_some()).count(),
            )
        })
    }
}

fn objective(
    plan: &Plan,
    ev: &Evaluation,
    sources: &Sources,
    oi: usize,
    o: &PlanObjective,
    notes: Vec<Note>,
    voice: Voice,
) -> ObjectiveView {
    let loc = voice.locale;
    let now = o.cadence.zip(plan.as_of).map(|(c, day)| c.key(day));
    let cards: Vec<Card> = o
        .targets
        .iter()
        .enumerate()
        .map(|(ti, t)| {
            // the report groups by nothing: one row per period
            let mut rows: Vec<&TargetResult> = ev
                .targets
                .iter()
                .filter(|r| r.at == (oi, ti) && r.dims.is_empty())
                .collect();
            rows.sort_by_key(|r| r.key);
            let mut c = card(plan, sources, t, &rows, now, loc);
            if let Some(s) = plan.slots.iter().position(|s| *s == c.metric) {
                if let Some(l) = plan.slot_labels.get(s).and_then(|l| l.get(voice.lang)) {
                    c.title = l.to_string();
                }
            }
            c
        })
        .collect();
    let period = cards
        .iter()
        .find_map(|c| c.latest.as_ref().map(|p| p.period.clone()));
    let review = match (o.cadence, o.deadline, plan.as_of) {
        (None, _, _) => Review::NotEvaluated,
        (Some(_), Some(deadline), Some(day)) if day > deadline => {
            let last = cards
                .iter()
                .filter_map(|c| c.series.last())
                .find(|p| p.status == Status::NoData);
            match last {
                Some(p) => Review::EndedUnreviewed {
                    deadline,
                    period: p.period.clone(),
                },
                None => Review::Ended { deadline },
            }
        }
        _ => Review::Open,
    };
    ObjectiveView {
        name: o.name.clone(),
        title: o.label.or(voice.lang, &o.name).to_string(),
        description: o.description.clone(),
        owner: o.owner.clone(),
        cadence: o.cadence,
        start: o.start,
        deadline: o.deadline,
        review,
        notes,
        period,
        cards,
    }
}

fn card(
    plan: &Plan,
    sources: &Sources,
    t: &PlanTarget,
    rows: &[&TargetResult],
    now: Option<PeriodKey>,
    loc: Locale,
) -> Card {
    let point = |r: &TargetResult| Point {
        period: r.period.clone(),
        key: r.key,
        value: r.value,
        threshold: r.threshold,
        status: r.status,
        projection: r.projection,
    };
    // ended: before the period of the review day (every period without one)
    let ended = |r: &&&TargetResult| now.is_none_or(|n| r.key < n);
    let latest = rows.iter().rev().find(|r| ended(r));
    let current = now.and_then(|n| rows.iter().find(|r| r.key == n));
    let series = rows
        .iter()
        .filter(|r| now.is_none_or(|n| r.key <= n))
        .map(|r| point(r))
        .collect();
    let delta = |r: &TargetResult, before: Option<Decimal>, key: Option<PeriodKey>| {
        let (value, before, key) = (r.value?, before?, key?);
        let change = value.checked_sub(before)?;
        let good = match t.cmp {
            _ if change.is_zero() => None,
            Cmp::Ge | Cmp::Gt => Some(change > Decimal::ZERO),
            Cmp::Le | Cmp::Lt => Some(change < Decimal::ZERO),
            Cmp::Eq | Cmp::Ne => None,
        };
        Some(Delta {
            period: key.label(),
            key,
            before,
            change,
            relative: if before.is_zero() {
                None
            } else {
                change.checked_div(before.abs())
            },
            good,
        })
    };
    Card {
        metric: t.measure.clone(),
        title: t.measure.clone(),
        target: t.text.clone(),
        cmp: t.cmp,
        unit: t.unit.clone(),
        previous: latest.and_then(|r| delta(r, r.previous, Some(r.key.offset(-1)))),
        year_ago: latest.and_then(|r| delta(r, r.year_ago, r.key.year_before())),
        // shown with the values it was computed from, when there is one
        computation: latest
            .or(current)
            .filter(|r| r.value.is_some() && !t.computation.operands.is_empty())
            .map(|r| computation(plan, sources, t, r, loc)),
        latest: latest.map(|r| point(r)),
        current: current.map(|r| point(r)),
        series,
        action: t.action.clone(),
    }
}

/// The target's computation in the period of `r`, with the values it read.
fn computation(
    plan: &Plan,
    sources: &Sources,
    t: &PlanTarget,
    r: &TargetResult,
    loc: Locale,
) -> ComputationView {
    let c = &t.computation;
    let unit = |slot: usize| plan.slot_units.get(slot).and_then(|u| u.as_ref());
    let name = |slot: usize| plan.slots.get(slot).cloned().unwrap_or_default();
    let values: Vec<String> = c
        .operands
        .iter()
        .zip(r.operands.iter().chain(std::iter::repeat(&None)))
        .map(|(&(slot, _), v)| loc.value(*v, unit(slot)))
        .collect();
    let formula = sources.text(c.span).to_string();
    // the names' places in the text, in order, each with its value
    let mut places: Vec<(u32, u32, &str)> = c
        .operands
        .iter()
        .zip(&values)
        .flat_map(|((_, spans), v)| spans.iter().map(move |s| (s.start, s.end, v.as_str())))
        .collect();
    places.sort_unstable();
    let with_values = (c.plain && !places.is_empty()).then(|| {
        let mut out = String::new();
        let mut at = c.span.start;
        for (start, end, v) in places {
            if start < at || end > c.span.end {
                continue;
            }
            out.push_str(&operators(sources.text(crate::source::Span {
                file: c.span.file,
                start: at,
                end: start,
            })));
            out.push_str(v);
            at = end;
        }
        out.push_str(&operators(sources.text(crate::source::Span {
            file: c.span.file,
            start: at,
            end: c.span.end,
        })));
        out
    });
    ComputationView {
        name: c.metric.map(name),
        formula,
        with_values,
        operands: c
            .operands
            .iter()
            .zip(values)
            .map(|(&(slot, _), v)| (name(slot), v))
            .collect(),
    }
}

/// `/` and `*` as people write them.
fn operators(s: &str) -> String {
    s.replace('/', "÷").replace('*', "×")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_carry_their_sign_and_unit() {
        let eur = Unit::Money("EUR".into());
        let en = Locale::En;
        assert_eq!(signed(Decimal::new(500, 2), Some(&eur), en), "+5.00 €");
        assert_eq!(signed(Decimal::new(-500, 2), Some(&eur), en), "-5.00 €");
        assert_eq!(
            signed(Decimal::new(-12, 3), Some(&Unit::Ratio), en),
            "-1.2 pts"
        );
        assert_eq!(signed(Decimal::ZERO, Some(&Unit::Count), en), "0");
        assert_eq!(relative(Decimal::new(583, 4), en), "+5.8 %");
        assert_eq!(relative(Decimal::new(-1, 1), en), "-10.0 %");
        // in French
        let fr = Locale::Fr;
        assert_eq!(
            signed(Decimal::new(123456, 2), Some(&eur), fr),
            "+1\u{202f}234,56\u{a0}€"
        );
        assert_eq!(relative(Decimal::new(583, 4), fr), "+5,8\u{202f}%");
    }
}
