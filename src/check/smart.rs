//! The SMART lint of objectives (specific, measurable, relevant,
//! time-bound; achievable needs data and is judged by `eval`), and the
//! guide's pitfalls: too many KPIs, only vanity metrics, targets with no
//! concrete action.

use super::{Checker, NameRef};
use crate::diagnostic::{did_you_mean, Code, Diagnostic};
use crate::msg;
use crate::spec::{Objective, Spec};
use crate::vocab::Unit;
use std::collections::HashMap;

/// Most KPIs an objective should track (the guide's rule of 3 to 5).
pub const MAX_KPIS: usize = 5;

impl Checker<'_> {
    /// The SMART lint of one objective and its targets' checks.
    pub(super) fn objective(&mut self, o: &Objective, metric_units: &[Option<Unit>]) {
        self.specific(o);
        self.measurable(o);
        self.time_bound(o);
        self.relevant(o);
        self.kpis(o);
        for t in &o.targets {
            self.target(t, metric_units);
            self.action(o, t);
        }
    }

    /// The guide's third pitfall: a KPI with no concrete action. Each target
    /// says what its owner does when it is missed.
    fn action(&mut self, o: &Objective, t: &crate::syntax::dsl::Target) {
        if t.action.is_none() {
            self.diags.push(
                Diagnostic::of(
                    Code::NoAction,
                    msg!("no-action", target = t.to_string(), objective = &o.name),
                )
                .at(t.span)
                .label_msg(msg!("no-action-label"))
                .help_msg(msg!("no-action-help", target = t.to_string())),
            );
        }
    }

    /// Specific: a description says what is to change, by how much.
    fn specific(&mut self, o: &Objective) {
        let name = &o.name;
        let blank = o
            .description
            .as_ref()
            .is_some_and(|d| d.value.trim().is_empty());
        if blank || (o.description.is_none() && !o.given.iter().any(|g| g == "description")) {
            self.diags.push(
                Diagnostic::of(
                    Code::SmartSpecific,
                    msg!("smart-no-description", objective = name),
                )
                .at(o.span)
                .help_msg(msg!("smart-no-description-help")),
            );
        }
    }

    /// Measurable: at least one target.
    fn measurable(&mut self, o: &Objective) {
        let name = &o.name;
        let given = |k: &str| o.given.iter().any(|g| g == k);
        if o.targets.is_empty() && !given("targets") {
            self.diags.push(
                Diagnostic::of(
                    Code::SmartMeasurable,
                    msg!("smart-no-target", objective = name),
                )
                .at(o.targets_span.unwrap_or(o.span))
                .help_msg(msg!("smart-no-target-help")),
            );
        }
    }

    /// Time-bound: a review period and a deadline, after the start.
    fn time_bound(&mut self, o: &Objective) {
        let name = &o.name;
        let given = |k: &str| o.given.iter().any(|g| g == k);
        if o.period.is_none() && !given("period") {
            self.diags.push(
                Diagnostic::of(
                    Code::SmartTimeBound,
                    msg!("smart-no-period", objective = name),
                )
                .at(o.span)
                .help_msg(msg!("smart-no-period-help")),
            );
        }
        match (&o.start, &o.deadline) {
            (_, None) if !given("deadline") => self.diags.push(
                Diagnostic::of(
                    Code::SmartTimeBound,
                    msg!("smart-no-deadline", objective = name),
                )
                .at(o.span)
                .help_msg(msg!("smart-no-deadline-help")),
            ),
            (Some(s), Some(d)) if d.value < s.value => self.diags.push(
                Diagnostic::of(
                    Code::SmartTimeBound,
                    msg!("smart-ends-before-start", objective = name),
                )
                .at(d.span)
                .label_msg(msg!("smart-ends-before-start-label"))
                .related_msg(s.span, msg!("smart-start")),
            ),
            _ => {}
        }
    }

    /// Relevant: aligned with a goal declared under `strategy:`.
    fn relevant(&mut self, o: &Objective) {
        let name = &o.name;
        match &o.aligned_with {
            None => self.diags.push(
                Diagnostic::of(
                    Code::SmartRelevant,
                    msg!("smart-not-aligned", objective = name),
                )
                .at(o.span)
                .help_msg(msg!("smart-not-aligned-help")),
            ),
            Some(a) if !self.spec.strategies.iter().any(|s| s.name == a.value) => {
                let hint = did_you_mean(
                    &a.value,
                    self.spec.strategies.iter().map(|s| s.name.as_str()),
                );
                self.diags.push(
                    Diagnostic::of(
                        Code::SmartRelevant,
                        msg!("smart-undeclared-goal", goal = &a.value),
                    )
                    .at(a.span)
                    .label_msg(msg!("smart-undeclared-goal-label"))
                    .help_msg(match hint {
                        Some(h) => msg!("did-you-mean", name = h),
                        None => msg!("smart-undeclared-goal-help"),
                    }),
                );
            }
            _ => {}
        }
    }

    /// The KPIs: defined, 3 to 5 of them, not only vanity metrics.
    fn kpis(&mut self, o: &Objective) {
        let name = &o.name;
        for k in &o.kpis {
            if !self.names.contains_key(&k.value) {
                self.undefined(&k.value, k.span);
            }
        }
        if o.kpis.len() > MAX_KPIS {
            self.diags.push(
                Diagnostic::of(
                    Code::TooManyKpis,
                    msg!("too-many-kpis", objective = name, count = o.kpis.len()),
                )
                .at(o.kpis[MAX_KPIS].span)
                .label_msg(msg!("too-many-kpis-label", number = MAX_KPIS + 1))
                .help_msg(msg!("too-many-kpis-help")),
            );
        }
        let defined: Vec<&str> = o
            .kpis
            .iter()
            .map(|k| k.value.as_str())
            .filter(|k| self.names.contains_key(*k))
            .collect();
        if !defined.is_empty() && defined.iter().all(|k| vanity(self.spec, self.names, k)) {
            self.diags.push(
                Diagnostic::of(Code::VanityMetric, msg!("vanity-only", objective = name))
                    .at(o.kpis_span.unwrap_or(o.span))
                    .help_msg(msg!("vanity-only-help")),
            );
        }
    }
}

fn vanity(spec: &Spec, names: &HashMap<String, NameRef>, k: &str) -> bool {
    match names.get(k) {
        Some(NameRef::Input(i)) => spec.inputs[*i].vanity,
        Some(NameRef::Metric(i)) => spec.metrics[*i].vanity,
        None => false,
    }
}
