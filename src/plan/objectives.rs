//! Objectives in the plan: everything a backend needs to evaluate targets,
//! and the rules both backends follow — written once here.
//!
//! - an objective is evaluated at its own cadence (`period:`); one without a
//!   cadence is not evaluated;
//! - its periods run from the period of `start` (else the first period with
//!   data) to the period of `deadline` (else the last period with data);
//! - a target row is a period × a dimension combination seen in the data:
//!   at most [`MAX_TARGET_ROWS`] per target, the latest periods kept;
//! - a row's status is met or missed by the target's comparator, or no-data
//!   when either side has no value.

use super::Node;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::Span;
use crate::vocab::{Cmp, Period, PeriodKey, Unit};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// Most target rows (periods × dimension values) evaluated per target.
pub const MAX_TARGET_ROWS: usize = 100_000;

/// The columns of a target row, in order; the `--by` dimensions come right
/// after [`TARGET_COLUMNS_BEFORE_DIMS`] of them.
pub const TARGET_COLUMNS: [&str; 7] = [
    "objective",
    "target",
    "metric",
    "period",
    "value",
    "threshold",
    "status",
];
pub const TARGET_COLUMNS_BEFORE_DIMS: usize = 4;

/// One objective, in spec order.
#[derive(Debug)]
pub struct PlanObjective {
    pub name: String,
    /// Its display names per language (`label:`).
    pub label: crate::i18n::Labels,
    pub span: Span,
    /// From its name to the end of its value (the diagnostics within it).
    pub extent: Span,
    pub description: Option<String>,
    pub owner: Option<String>,
    /// The review cadence; None: the objective is not evaluated.
    pub cadence: Option<Period>,
    pub start: Option<NaiveDate>,
    pub deadline: Option<NaiveDate>,
    pub targets: Vec<PlanTarget>,
}

/// A target: its two sides lowered, and how it is shown.
#[derive(Debug)]
pub struct PlanTarget {
    pub lhs: Node,
    pub cmp: Cmp,
    pub rhs: Node,
    /// The target as written, canonical (`cac <= 50 EUR`).
    pub text: String,
    /// What it measures: the first name of its left side.
    pub metric: String,
    /// Its left side's text (`growth(revenue, 12)`).
    pub measure: String,
    /// The right side when it is a constant.
    pub threshold: Option<Decimal>,
    /// The unit of the left side (for display).
    pub unit: Option<Unit>,
    pub rhs_span: Span,
    /// What to do when it is missed (`action:`).
    pub action: Option<String>,
    /// How its value is computed, to show with the values it was computed
    /// from.
    pub computation: Computation,
}

/// What a target measures, as a computation to show: the definition of the
/// metric its left side names (else the left side itself) and the values it
/// reads in the period judged — `cac = spend / new_customers` with spend
/// and new_customers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Computation {
    /// The metric's slot when the left side is one metric's name.
    pub metric: Option<usize>,
    /// The expression's text in its file.
    pub span: Span,
    /// The inputs and metrics it reads in the period itself, by slot, in
    /// order of first appearance, each with the spans of its names.
    pub operands: Vec<(usize, Vec<Span>)>,
    /// Every name is read in the period itself (no `previous`, `change`,
    /// `growth`): the values can stand in for the names in the text.
    pub plain: bool,
}

impl Computation {
    /// The computation of the left side `lhs`, given the plan's metrics.
    pub fn of(lhs: &Node, metrics: &[super::PlanMetric]) -> Computation {
        use super::Op;
        let (metric, node) = match &lhs.op {
            Op::Slot(s) => match metrics.iter().find(|m| m.slot == *s) {
                Some(m) => (Some(*s), &m.node),
                None => (None, lhs),
            },
            _ => (None, lhs),
        };
        let mut c = Computation {
            metric,
            span: node.span,
            operands: Vec::new(),
            plain: true,
        };
        fn walk(n: &Node, shifted: bool, c: &mut Computation) {
            use super::Op;
            match &n.op {
                Op::Slot(s) if shifted => {
                    let _ = s;
                    c.plain = false;
                }
                Op::Slot(s) => match c.operands.iter_mut().find(|(slot, _)| slot == s) {
                    Some((_, spans)) => {
                        if !spans.contains(&n.span) {
                            spans.push(n.span)
                        }
                    }
                    None => c.operands.push((*s, vec![n.span])),
                },
                Op::Lit(_) | Op::Null => {}
                Op::Shift(a, _) => walk(a, true, c),
                Op::Neg(a) | Op::Abs(a) => walk(a, shifted, c),
                Op::Add(a, b) | Op::Sub(a, b) | Op::Mul(a, b) | Op::Div(a, b, _) => {
                    walk(a, shifted, c);
                    walk(b, shifted, c);
                }
                Op::Min(args) | Op::Max(args) => args.iter().for_each(|a| walk(a, shifted, c)),
            }
        }
        // an input is its own value: nothing to show
        if !matches!(node.op, Op::Slot(_)) {
            walk(node, false, &mut c);
        }
        // `growth(x)` reads x now and before: its text is not a sum of names
        if !c.plain {
            c.operands.iter_mut().for_each(|(_, spans)| spans.clear());
        }
        c
    }
}

/// The status of a target row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Met,
    Missed,
    NoData,
    /// The period had not ended on the day of the review (`--as-of`): its
    /// value so far is shown, never judged.
    InProgress,
}

impl Status {
    /// Met when `value cmp threshold` holds; no-data when a side is missing.
    pub fn of(cmp: Cmp, value: Option<Decimal>, threshold: Option<Decimal>) -> Status {
        match (value, threshold) {
            (Some(v), Some(t)) if cmp.holds(v, t) => Status::Met,
            (Some(_), Some(_)) => Status::Missed,
            _ => Status::NoData,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Missed => "missed",
            Status::NoData => "no-data",
            Status::InProgress => "in-progress",
        }
    }

    /// The first day of the periods of `cadence` not ended on `as_of`: the
    /// start of the period holding it (a period is over once its last day
    /// is). What the SQL objectives query compares `p_start` with.
    pub fn running_from(
        cadence: crate::vocab::Period,
        as_of: chrono::NaiveDate,
    ) -> Option<chrono::NaiveDate> {
        cadence.key(as_of).start()
    }

    /// The status of `key`'s row on the day `as_of`: `in-progress` while the
    /// period has not ended (its last day is not over), else [`Status::of`];
    /// a period that has not even begun and has no value is `no-data`.
    pub fn on(
        as_of: Option<chrono::NaiveDate>,
        key: crate::vocab::PeriodKey,
        cmp: Cmp,
        value: Option<Decimal>,
        threshold: Option<Decimal>,
    ) -> Status {
        // the one rule of what has ended, shared with the SQL query
        let ended = match (as_of, key.start()) {
            (Some(day), Some(first)) => {
                Status::running_from(key.period, day).is_none_or(|from| first < from)
            }
            // no review day, or a period past the calendar: judged
            _ => true,
        };
        let begun = match (as_of, key.start()) {
            (Some(day), Some(first)) => first <= day,
            _ => true,
        };
        if ended {
            Status::of(cmp, value, threshold)
        } else if begun || value.is_some() {
            Status::InProgress
        } else {
            Status::NoData
        }
    }
}

/// The periods an objective's targets are evaluated over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub from: PeriodKey,
    pub to: PeriodKey,
    /// Set when the objective spans more than [`MAX_TARGET_ROWS`] rows: the
    /// first period it would have started at.
    pub cut_from: Option<PeriodKey>,
}

impl PlanObjective {
    /// The periods to evaluate at `cadence`, given the first and last
    /// periods with data and the number of dimension combinations.
    pub fn range(
        &self,
        cadence: Period,
        data_first: PeriodKey,
        data_last: PeriodKey,
        dim_count: usize,
    ) -> Range {
        let from = self.start.map(|d| cadence.key(d)).unwrap_or(data_first);
        let to = self.deadline.map(|d| cadence.key(d)).unwrap_or(data_last);
        // a date typed 0206 for 2026 must not make a report of millions of
        // rows (found by fuzzing): only the latest periods are evaluated
        let periods = periods(from, to);
        let fit = max_periods(dim_count);
        if periods > fit {
            Range {
                from: PeriodKey {
                    period: cadence,
                    index: to.index.saturating_sub(fit - 1),
                },
                to,
                cut_from: Some(from),
            }
        } else {
            Range {
                from,
                to,
                cut_from: None,
            }
        }
    }

    /// The `too-many-periods` warning of a cut range.
    pub fn cut_warning(&self, range: &Range) -> Option<Diagnostic> {
        let first = range.cut_from?;
        let cadence = range.to.period;
        Some(
            Diagnostic::of(
                Code::TooManyPeriods,
                crate::msg!(
                    "too-many-periods",
                    objective = &self.name,
                    count = periods(first, range.to),
                    cadence = cadence.name(),
                    first = crate::i18n::Arg::Period(first.label()),
                    last = crate::i18n::Arg::Period(range.to.label()),
                    kept = periods(range.from, range.to),
                    from = crate::i18n::Arg::Period(range.from.label())
                ),
            )
            .at(self.span)
            .help_msg(crate::msg!("too-many-periods-help")),
        )
    }
}

/// How many periods from `from` to `to`, both included (0 when `to` is before).
fn periods(from: PeriodKey, to: PeriodKey) -> i64 {
    to.index.saturating_sub(from.index).saturating_add(1).max(0)
}

/// Most periods a target is evaluated over with `dim_count` dimension
/// combinations: [`MAX_TARGET_ROWS`] rows in all.
pub fn max_periods(dim_count: usize) -> i64 {
    (MAX_TARGET_ROWS / dim_count.max(1)) as i64
}

impl crate::plan::Plan {
    /// Marks in `reads` (one flag per source) the sources `node` reads,
    /// through the metrics it names.
    pub fn sources_read(&self, node: &crate::plan::Node, reads: &mut [bool]) {
        use crate::plan::Op;
        match &node.op {
            Op::Slot(s) => match self.inputs.get(*s) {
                Some(i) => {
                    if let Some(r) = reads.get_mut(i.source) {
                        *r = true;
                    }
                }
                None => {
                    if let Some(m) = self.metrics.iter().find(|m| m.slot == *s) {
                        self.sources_read(&m.node, reads);
                    }
                }
            },
            Op::Lit(_) | Op::Null => {}
            Op::Shift(a, _) | Op::Neg(a) | Op::Abs(a) => self.sources_read(a, reads),
            Op::Add(a, b) | Op::Sub(a, b) | Op::Mul(a, b) | Op::Div(a, b, _) => {
                self.sources_read(a, reads);
                self.sources_read(b, reads);
            }
            Op::Min(args) | Op::Max(args) => args.iter().for_each(|a| self.sources_read(a, reads)),
        }
    }

    /// Whether `node` adds up over the days of a period — a sum or a row
    /// count, their sums and differences, times a constant — so that its
    /// value so far can be projected to the period's end at the same pace.
    /// A ratio, an average, a distinct count or a stock does not.
    pub fn additive(&self, node: &crate::plan::Node) -> bool {
        use crate::plan::Op;
        use crate::vocab::Aggregate;
        match &node.op {
            Op::Slot(s) => match self.inputs.get(*s) {
                Some(i) => matches!(i.aggregate, Aggregate::Sum | Aggregate::Count),
                None => self
                    .metrics
                    .iter()
                    .find(|m| m.slot == *s)
                    .is_some_and(|m| self.additive(&m.node)),
            },
            Op::Add(a, b) | Op::Sub(a, b) => self.additive(a) && self.additive(b),
            Op::Neg(a) => self.additive(a),
            Op::Mul(a, b) => match (&a.op, &b.op) {
                (Op::Lit(_), _) => self.additive(b),
                (_, Op::Lit(_)) => self.additive(a),
                _ => false,
            },
            _ => false,
        }
    }
}

/// The pace of a period under way: `value` so far, projected to the period's
/// end at the rate of the days gone by `as_of` (`as_of` counted as a whole
/// day). None when the period has not begun or has ended, or past exact
/// decimals.
pub fn projection(
    value: Decimal,
    key: crate::vocab::PeriodKey,
    as_of: chrono::NaiveDate,
) -> Option<Decimal> {
    let (first, next) = (key.start()?, key.offset(1).start()?);
    if as_of < first || as_of >= next {
        return None;
    }
    let days = (next - first).num_days();
    let gone = (as_of - first).num_days() + 1;
    value
        .checked_mul(Decimal::from(days))?
        .checked_div(Decimal::from(gone))
}

#[cfg(test)]
mod pace_tests {
    use super::projection;
    use crate::vocab::Period;
    use chrono::NaiveDate;
    use rust_decimal::Decimal;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_pace_projects_the_days_gone_to_the_whole_period() {
        let march = Period::Monthly.key(day("2026-03-10"));
        let v = Decimal::from(31);
        assert_eq!(
            projection(v, march, day("2026-03-01")),
            Some(Decimal::from(961))
        );
        assert_eq!(
            projection(v, march, day("2026-03-31")),
            Some(Decimal::from(31))
        );
        assert_eq!(
            projection(Decimal::from(30), march, day("2026-03-15")),
            Some(Decimal::from(62))
        );
        // not begun, or over: no pace
        assert_eq!(projection(v, march, day("2026-02-28")), None);
        assert_eq!(projection(v, march, day("2026-04-01")), None);
        // past exact decimals: none, never a wrong number
        assert_eq!(projection(Decimal::MAX, march, day("2026-03-01")), None);
        let q1 = Period::Quarterly.key(day("2026-02-01"));
        assert_eq!(
            projection(Decimal::from(9), q1, day("2026-01-09")),
            Some(Decimal::from(90))
        );
    }
}
