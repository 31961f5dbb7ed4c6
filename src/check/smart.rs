//! The SMART lint of objectives (specific, measurable, relevant,
//! time-bound; achievable needs data and is judged by `eval`), and the
//! guide's pitfalls: too many KPIs, only vanity metrics, targets with no
//! concrete action.

use super::{Checker, NameRef};
use crate::diagnostic::{did_you_mean, Code, Diagnostic};
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
                Diagnostic::warning(
                    Code::NoAction,
                    format!("target `{t}` of objective `{}` has no action", o.name),
                )
                .at(t.span)
                .label("what is done when this is missed?")
                .help(format!(
                    "write it in the long form: `- target: {t}` with `action: …` beside it"
                )),
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
                Diagnostic::error(Code::SmartSpecific, format!("objective `{name}` has no description"))
                    .at(o.span)
                    .help("say what is to change, by how much, e.g. `Increase online sales by 15% within 12 months`"),
            );
        }
    }

    /// Measurable: at least one target.
    fn measurable(&mut self, o: &Objective) {
        let name = &o.name;
        let given = |k: &str| o.given.iter().any(|g| g == k);
        if o.targets.is_empty() && !given("targets") {
            self.diags.push(
                Diagnostic::error(
                    Code::SmartMeasurable,
                    format!("objective `{name}` has no target"),
                )
                .at(o.targets_span.unwrap_or(o.span))
                .help("add `targets:` with at least one, e.g. `- conversion >= 5%`"),
            );
        }
    }

    /// Time-bound: a review period and a deadline, after the start.
    fn time_bound(&mut self, o: &Objective) {
        let name = &o.name;
        let given = |k: &str| o.given.iter().any(|g| g == k);
        if o.period.is_none() && !given("period") {
            self.diags.push(
                Diagnostic::error(
                    Code::SmartTimeBound,
                    format!("objective `{name}` has no review period"),
                )
                .at(o.span)
                .help("add `period: monthly` (daily, weekly, monthly, quarterly or yearly)"),
            );
        }
        match (&o.start, &o.deadline) {
            (_, None) if !given("deadline") => self.diags.push(
                Diagnostic::error(
                    Code::SmartTimeBound,
                    format!("objective `{name}` has no deadline"),
                )
                .at(o.span)
                .help("add `deadline: YYYY-MM-DD`"),
            ),
            (Some(s), Some(d)) if d.value < s.value => self.diags.push(
                Diagnostic::error(
                    Code::SmartTimeBound,
                    format!("objective `{name}` ends before it starts"),
                )
                .at(d.span)
                .label("deadline before the start")
                .related(s.span, "start"),
            ),
            _ => {}
        }
    }

    /// Relevant: aligned with a goal declared under `strategy:`.
    fn relevant(&mut self, o: &Objective) {
        let name = &o.name;
        match &o.aligned_with {
            None => self.diags.push(
                Diagnostic::warning(
                    Code::SmartRelevant,
                    format!("objective `{name}` is not aligned with a strategy goal"),
                )
                .at(o.span)
                .help("add `aligned_with:` naming a goal declared under `strategy:`"),
            ),
            Some(a) if !self.spec.strategies.iter().any(|s| s.name == a.value) => {
                let hint = did_you_mean(
                    &a.value,
                    self.spec.strategies.iter().map(|s| s.name.as_str()),
                );
                self.diags.push(
                    Diagnostic::warning(
                        Code::SmartRelevant,
                        format!("strategy goal `{}` is not declared", a.value),
                    )
                    .at(a.span)
                    .label("no such goal under `strategy:`")
                    .help(match hint {
                        Some(h) => format!("did you mean `{h}`?"),
                        None => "declare it under `strategy:`".into(),
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
                Diagnostic::warning(
                    Code::TooManyKpis,
                    format!(
                        "objective `{name}` tracks {} KPIs; keep 3 to 5",
                        o.kpis.len()
                    ),
                )
                .at(o.kpis[MAX_KPIS].span)
                .label(format!("KPI number {}", MAX_KPIS + 1))
                .help("too many KPIs dilute focus: keep the ones that drive a decision"),
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
                Diagnostic::warning(Code::VanityMetric, format!("objective `{name}` tracks only vanity metrics"))
                    .at(o.kpis_span.unwrap_or(o.span))
                    .help("vanity metrics (impressions, reach, traffic) look good but drive no decision; add a KPI such as conversion or CAC"),
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
