//! Plan stage: what a backend computes — the input columns and how they
//! aggregate per period, the dimensions to group by, and the metric
//! expressions in dependency order.

use crate::check::Model;
use crate::load::Aggregate;
use crate::parse::Expr;
use crate::period::Period;

#[derive(Debug)]
pub struct PlanInput {
    pub name: String,
    pub column: String,
    pub aggregate: Aggregate,
}

#[derive(Debug)]
pub struct PlanMetric<'m> {
    pub name: String,
    /// Index in the value vector (inputs first, then metrics in spec order).
    pub slot: usize,
    pub expr: &'m Expr,
}

#[derive(Debug)]
pub struct Plan<'m> {
    pub model: &'m Model,
    pub period: Period,
    pub by: Vec<String>,
    pub inputs: Vec<PlanInput>,
    /// Metrics in dependency order.
    pub metrics: Vec<PlanMetric<'m>>,
    /// Names of every value slot, in output order.
    pub slots: Vec<String>,
}

impl Plan<'_> {
    /// The slot of a name.
    pub fn slot(&self, name: &str) -> Option<usize> {
        match self.model.names.get(name)? {
            crate::check::NameRef::Input(i) => Some(*i),
            crate::check::NameRef::Metric(i) => Some(self.model.spec.inputs.len() + i),
        }
    }
}

/// Plans the evaluation of a checked model at one period, grouped by `by`.
pub fn plan<'m>(model: &'m Model, period: Period, by: &[String]) -> Plan<'m> {
    let spec = &model.spec;
    let inputs = spec
        .inputs
        .iter()
        .map(|i| PlanInput {
            name: i.name.clone(),
            column: i.column.clone(),
            aggregate: i.aggregate,
        })
        .collect();
    let metrics = model
        .order
        .iter()
        .map(|&i| PlanMetric {
            name: spec.metrics[i].def.name.clone(),
            slot: spec.inputs.len() + i,
            expr: &spec.metrics[i].def.expr,
        })
        .collect();
    let slots = spec
        .inputs
        .iter()
        .map(|i| i.name.clone())
        .chain(spec.metrics.iter().map(|m| m.def.name.clone()))
        .collect();
    Plan {
        model,
        period,
        by: by.to_vec(),
        inputs,
        metrics,
        slots,
    }
}
