//! Objectives' targets: a row per target, period of the objective's range
//! and dimension combination, and the `smart-achievable` warnings. Built
//! from one cadence's table, or, when the groups were written out, from
//! each partition's table in turn (see `spill`).

use super::interp::Ctx;
use super::table::Table;
use super::TargetResult;
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::plan::{Plan, Range, Status};
use crate::source::Span;
use crate::syntax::dsl::Cmp;
use crate::vocab::{Period, PeriodKey};
use rust_decimal::Decimal;
use std::collections::BTreeSet;

/// One objective's targets being evaluated.
pub(super) struct Targets<'p> {
    plan: &'p Plan,
    oi: usize,
    cadence: Period,
    range: Range,
    /// Per target, the best value the data has shown.
    bests: Vec<Option<Decimal>>,
}

impl<'p> Targets<'p> {
    /// For objective `oi`, over data from period `span.0` to `span.1` in
    /// `combos` dimension combinations; its `too-many-periods` warning.
    pub(super) fn new(
        plan: &'p Plan,
        oi: usize,
        cadence: Period,
        span: (PeriodKey, PeriodKey),
        combos: usize,
        diags: &mut Diagnostics,
    ) -> Targets<'p> {
        let o = &plan.objectives[oi];
        let range = o.range(cadence, span.0, span.1, combos);
        if let Some(d) = o.cut_warning(&range) {
            diags.push(d);
        }
        Targets {
            plan,
            oi,
            cadence,
            range,
            bests: vec![None; o.targets.len()],
        }
    }

    /// The target rows of `table`'s `combos`, each with its period's index.
    pub(super) fn rows(
        &mut self,
        table: &Table,
        combos: &BTreeSet<u32>,
        diags: &mut Diagnostics,
        out: &mut Vec<(i64, TargetResult)>,
    ) {
        let plan = self.plan;
        let o = &plan.objectives[self.oi];
        let mut quiet = Diagnostics::default();
        for (ti, t) in o.targets.iter().enumerate() {
            let additive = plan.additive(&t.lhs);
            for index in self.range.from.index..=self.range.to.index {
                let key = PeriodKey {
                    period: self.cadence,
                    index,
                };
                for &dims in combos {
                    let dims = dims as usize;
                    let ctx = Ctx {
                        table: table.view(),
                        plan,
                        dims,
                        current: None,
                        gate: None,
                        zeros: None,
                    };
                    let (value, threshold, operands) = if table.has(key, dims) {
                        (
                            ctx.eval(&t.lhs, key, diags, true),
                            ctx.eval(&t.rhs, key, &mut quiet, false),
                            t.computation
                                .operands
                                .iter()
                                .map(|&(slot, _)| ctx.slot(slot, key))
                                .collect(),
                        )
                    } else {
                        (None, None, vec![None; t.computation.operands.len()])
                    };
                    // the periods compared with: quietly, as a shift reads them
                    let before = |key: Option<PeriodKey>, quiet: &mut Diagnostics| {
                        let key = key?;
                        if !table.has(key, dims) {
                            return None;
                        }
                        ctx.eval(&t.lhs, key, quiet, false)
                    };
                    let previous = before(Some(key.offset(-1)), &mut quiet);
                    let year_ago = before(key.year_before(), &mut quiet);
                    out.push((
                        index,
                        TargetResult {
                            objective: o.name.clone(),
                            target: t.text.clone(),
                            metric: t.metric.clone(),
                            period: key.label(),
                            key,
                            dims: table.dims.at(dims).to_vec(),
                            value,
                            threshold,
                            status: Status::on(plan.as_of, key, t.cmp, value, threshold),
                            action: t.action.clone(),
                            projection: match (value, plan.as_of) {
                                (Some(v), Some(day)) if additive => {
                                    crate::plan::projection(v, key, day)
                                }
                                _ => None,
                            },
                            previous,
                            year_ago,
                            operands,
                            at: (self.oi, ti),
                        },
                    ));
                }
            }
            // smart-achievable: the best value the data has shown
            if t.threshold.is_some() {
                for &(key, dims) in &table.keys {
                    let ctx = Ctx {
                        table: table.view(),
                        plan,
                        dims: dims as usize,
                        current: None,
                        gate: None,
                        zeros: None,
                    };
                    if let Some(v) = ctx.eval(&t.lhs, key, &mut quiet, false) {
                        let best = &mut self.bests[ti];
                        *best = Some(match (*best, t.cmp) {
                            (None, _) => v,
                            (Some(b), Cmp::Ge | Cmp::Gt) => b.max(v),
                            (Some(b), _) => b.min(v),
                        });
                    }
                }
            }
        }
    }

    /// The `smart-achievable` warnings, once every table has been seen.
    pub(super) fn finish(self, diags: &mut Diagnostics) {
        let o = &self.plan.objectives[self.oi];
        for (t, best) in o.targets.iter().zip(self.bests) {
            if let Some(th) = t.threshold {
                if let Some(d) = achievable(t.cmp, th, best, t.rhs_span, &t.text) {
                    diags.push(d);
                }
            }
        }
    }
}

/// The rule behind `smart-achievable`: a `>=`/`>` target more than twice the
/// best value observed, or a `<=`/`<` target less than half of it, when that
/// best value is positive.
fn achievable(
    cmp: Cmp,
    th: Decimal,
    best: Option<Decimal>,
    span: Span,
    text: &str,
) -> Option<Diagnostic> {
    let best = best?;
    if best <= Decimal::ZERO {
        return None;
    }
    let far = match cmp {
        Cmp::Ge | Cmp::Gt => th > best.checked_mul(Decimal::TWO)?,
        Cmp::Le | Cmp::Lt => th < best.checked_div(Decimal::TWO)?,
        _ => false,
    };
    far.then(|| {
        Diagnostic::of(
            Code::SmartAchievable,
            crate::msg!(
                "smart-achievable",
                target = text,
                best = best.normalize().to_string()
            ),
        )
        .at(span)
        .label_msg(crate::msg!("smart-achievable-label"))
        .help_msg(crate::msg!("smart-achievable-help"))
    })
}
