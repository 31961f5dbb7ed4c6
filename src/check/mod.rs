//! Check stage: names, units, cycles and the SMART lint, over the loaded
//! spec; the result is a [`Model`] where every name resolves, in an order
//! where every metric comes after those it uses.

mod consts;
mod cycles;
mod names;
mod rows;
mod smart;
mod sources;
mod units;

pub use consts::{const_value, periods_back};
pub use rows::{HavingAgg, RowInput, RowOp, HAVING_AGGREGATES};
pub use units::target_unit;

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::source::Span;
use crate::spec::Spec;
use crate::vocab::Unit;
use std::collections::HashMap;

pub use smart::MAX_KPIS;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameRef {
    Input(usize),
    Metric(usize),
}

/// A checked spec: every name resolved, metrics in dependency order.
#[derive(Debug)]
pub struct Model {
    pub spec: Spec,
    pub names: HashMap<String, NameRef>,
    /// Metric indices, each after the metrics it uses.
    pub order: Vec<usize>,
    /// The unit of each metric (declared, else inferred); None when it could not be typed.
    pub metric_units: Vec<Option<Unit>>,
    /// Per input, how it reads its rows when it is row-level (`expr:`,
    /// `where:`, a count); None for a plain column's values.
    pub rows: Vec<Option<RowInput>>,
}

impl Model {
    pub fn unit_of(&self, name: &str) -> Option<Unit> {
        match self.names.get(name)? {
            NameRef::Input(i) => Some(self.spec.inputs[*i].unit.value.clone()),
            NameRef::Metric(i) => self.metric_units[*i].clone(),
        }
    }
}

/// Checks a loaded spec, reporting into `diags`.
pub fn check(spec: Spec, diags: &mut Diagnostics) -> Model {
    let (names, live) = register(&spec, diags);
    let mut ck = Checker {
        names: &names,
        diags,
        spec: &spec,
    };
    ck.sources();
    let rows = ck.row_inputs();
    let (deps, resolved) = ck.dependencies(&live);
    let order = ck.order(&deps, &live);
    let metric_units = ck.metric_units(&order, &deps, &resolved);
    for o in &spec.objectives {
        ck.objective(o, &metric_units);
    }
    ck.duplicate_objectives();
    let order = order
        .into_iter()
        .filter(|&i| metric_units[i].is_some())
        .collect();
    Model {
        spec,
        names,
        order,
        metric_units,
        rows,
    }
}

/// Every input and metric name, the first definition of each kept (a
/// second is a `duplicate-metric`); per metric, whether it is the one kept.
fn register(spec: &Spec, diags: &mut Diagnostics) -> (HashMap<String, NameRef>, Vec<bool>) {
    let mut names: HashMap<String, NameRef> = HashMap::new();
    let mut first_span: HashMap<String, Span> = HashMap::new();
    let mut add = |name: &str, span: Span, r: NameRef, diags: &mut Diagnostics| {
        if let Some(first) = first_span.get(name) {
            diags.push(
                Diagnostic::of(
                    Code::DuplicateMetric,
                    crate::msg!("duplicate-name", name = name),
                )
                .at(span)
                .label_msg(crate::msg!("second-definition"))
                .related_msg(*first, crate::msg!("first-defined-here"))
                .help_msg(crate::msg!("duplicate-name-help")),
            );
            false
        } else {
            first_span.insert(name.to_string(), span);
            names.insert(name.to_string(), r);
            true
        }
    };
    for (i, input) in spec.inputs.iter().enumerate() {
        add(&input.name, input.span, NameRef::Input(i), diags);
    }
    let live = spec
        .metrics
        .iter()
        .enumerate()
        .map(|(i, m)| add(&m.def.name, m.def.name_span, NameRef::Metric(i), diags))
        .collect();
    (names, live)
}

impl Checker<'_> {
    /// Per metric, the metrics it uses, and whether all its names resolve
    /// (undefined names and bad calls reported).
    fn dependencies(&mut self, live: &[bool]) -> (Vec<Vec<usize>>, Vec<bool>) {
        let metrics = &self.spec.metrics;
        let mut deps: Vec<Vec<usize>> = vec![Vec::new(); metrics.len()];
        let mut resolved = vec![false; metrics.len()];
        for (i, m) in metrics.iter().enumerate() {
            if !live[i] {
                continue;
            }
            resolved[i] = self.resolve(&m.def.expr);
            self.functions(&m.def.expr);
            let names = self.names;
            m.def.expr.names(&mut |n, _| {
                if let Some(NameRef::Metric(j)) = names.get(n) {
                    deps[i].push(*j);
                }
            });
        }
        (deps, resolved)
    }

    /// The metrics in dependency order; each cycle reported once.
    fn order(&mut self, deps: &[Vec<usize>], live: &[bool]) -> Vec<usize> {
        let metrics = &self.spec.metrics;
        let (order, cyclic) = cycles::topo_order(deps, live);
        for cycle in cycles::cycles(deps, &cyclic) {
            let chain: Vec<&str> = cycle
                .iter()
                .chain(cycle.first())
                .map(|&i| metrics[i].def.name.as_str())
                .collect();
            let first = cycle[0];
            let mut d = Diagnostic::of(
                Code::CircularDefinition,
                crate::msg!("circular", chain = chain.join(" → ")),
            )
            .at(metrics[first].def.name_span)
            .label_msg(crate::msg!("circular-label"))
            .help_msg(crate::msg!("circular-help"));
            for &j in &cycle[1..] {
                d = d.related_msg(metrics[j].def.name_span, crate::msg!("circular-part"));
            }
            self.diags.push(d);
        }
        order
    }

    /// The unit of each metric (declared, else inferred), in dependency
    /// order; None for a metric that could not be typed.
    fn metric_units(
        &mut self,
        order: &[usize],
        deps: &[Vec<usize>],
        resolved: &[bool],
    ) -> Vec<Option<Unit>> {
        let mut metric_units: Vec<Option<Unit>> = vec![None; self.spec.metrics.len()];
        for &i in order {
            let m = &self.spec.metrics[i];
            let deps_typed = deps[i].iter().all(|&j| metric_units[j].is_some());
            if !resolved[i] || !deps_typed {
                continue;
            }
            let inferred = self.unit(&m.def.expr, &metric_units);
            self.const_div_zero(&m.def.expr);
            match (inferred, &m.unit) {
                (Some(u), Some(decl)) if !decl.value.accepts(&u) => {
                    self.diags.push(
                        Diagnostic::of(
                            Code::UnitMismatch,
                            crate::msg!(
                                "unit-declared-but",
                                name = &m.def.name,
                                declared = decl.value.to_string(),
                                gives = u.to_string()
                            ),
                        )
                        .at(decl.span)
                        .label_msg(crate::msg!("unit-declared", unit = decl.value.to_string()))
                        .related_msg(
                            m.def.expr.span,
                            crate::msg!("unit-this-is", unit = u.to_string()),
                        ),
                    );
                }
                (Some(u), decl) => {
                    metric_units[i] = Some(decl.as_ref().map(|d| d.value.clone()).unwrap_or(u))
                }
                (None, _) => {}
            }
        }
        metric_units
    }

    fn duplicate_objectives(&mut self) {
        let mut first: HashMap<&str, Span> = HashMap::new();
        for o in &self.spec.objectives {
            if let Some(at) = first.insert(&o.name, o.span) {
                self.diags.push(
                    Diagnostic::of(
                        Code::DuplicateObjective,
                        crate::msg!("duplicate-objective", objective = &o.name),
                    )
                    .at(o.span)
                    .related_msg(at, crate::msg!("first-defined-here")),
                );
            }
        }
    }
}

/// What the checks share: the names, where diagnostics go, the spec.
struct Checker<'a> {
    names: &'a HashMap<String, NameRef>,
    diags: &'a mut Diagnostics,
    spec: &'a Spec,
}

fn all_names(spec: &Spec) -> impl Iterator<Item = &str> {
    spec.inputs
        .iter()
        .map(|i| i.name.as_str())
        .chain(spec.metrics.iter().map(|m| m.def.name.as_str()))
}
