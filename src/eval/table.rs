//! Values at one cadence: the readers' accumulators (per bucket of days)
//! rolled up per period and dimension combination, then every metric
//! computed on them.

use super::acc::{Acc, Daily, Fold};
use super::interp::Ctx;
use super::Row;
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::plan::Plan;
use crate::vocab::{Aggregate, Period, PeriodKey};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Values at one cadence, keyed by (period, dimension combination), sorted.
pub(super) struct Table {
    /// The dimension value combinations, sorted; rows refer to them by index,
    /// so the order of (period, index) is the order of (period, values).
    pub(super) dims: Vec<Vec<String>>,
    pub(super) rows: BTreeMap<(PeriodKey, usize), Vec<Option<Decimal>>>,
}

impl Table {
    pub(super) fn build(
        plan: &Plan,
        daily: &Daily,
        period: Period,
        diags: &mut Diagnostics,
    ) -> Table {
        let n_inputs = plan.inputs.len();
        // the combinations in sorted order; `index` maps the reader's order to it
        let mut order: Vec<usize> = (0..daily.dims.len()).collect();
        order.sort_by(|a, b| daily.dims[*a].cmp(&daily.dims[*b]));
        let mut index = vec![0; daily.dims.len()];
        for (pos, &i) in order.iter().enumerate() {
            index[i] = pos;
        }
        let folds: Vec<Fold> = plan.inputs.iter().map(|i| Fold::of(i.aggregate)).collect();
        let mut paccs: BTreeMap<(PeriodKey, usize), Vec<Acc>> = BTreeMap::new();
        // a bucket lies in one period of each cadence computed: its first day
        // names its period
        for ((bucket, dims), accs) in &daily.groups {
            let Some(date) = NaiveDate::from_num_days_from_ce_opt(*bucket) else {
                continue;
            };
            let key = (period.key(date), index[*dims]);
            let p = paccs
                .entry(key)
                .or_insert_with(|| vec![Acc::default(); n_inputs]);
            for ((pa, a), fold) in p.iter_mut().zip(accs).zip(&folds) {
                pa.merge(a, *fold);
            }
        }
        let dims: Vec<Vec<String>> = order.iter().map(|&i| daily.dims[i].clone()).collect();
        let mut rows = BTreeMap::new();
        for (key, p) in paccs {
            let mut values: Vec<Option<Decimal>> = vec![None; plan.slots.len()];
            for (i, (acc, input)) in p.iter().zip(&plan.inputs).enumerate() {
                if acc.count == 0 {
                    continue;
                }
                let v = match input.aggregate {
                    _ if acc.overflow => None,
                    Aggregate::Avg => acc.value.checked_div(Decimal::from(acc.count)),
                    _ => Some(acc.value),
                };
                if v.is_none() {
                    diags.push(
                        Diagnostic::error(
                            Code::ArithmeticOverflow,
                            format!(
                                "the {} of `{}` overflows exact decimals",
                                input.aggregate.name(),
                                input.name
                            ),
                        )
                        .at(input.span)
                        .with_context(&key.0, &plan.by, &dims[key.1]),
                    );
                }
                values[i] = v;
            }
            rows.insert(key, values);
        }
        let mut table = Table { dims, rows };
        // metrics, period by period in order so previous() sees earlier values
        let keys: Vec<(PeriodKey, usize)> = table.rows.keys().copied().collect();
        for key in keys {
            // the row is taken out while its metrics are computed, so that its
            // own values are read directly, not looked up
            let Some(mut row) = table.rows.remove(&key) else {
                continue;
            };
            for m in &plan.metrics {
                let ctx = Ctx {
                    table: &table,
                    plan,
                    dims: key.1,
                    current: Some((key.0, &row)),
                };
                row[m.slot] = ctx.eval(&m.node, key.0, diags, true);
            }
            table.rows.insert(key, row);
        }
        table
    }

    pub(super) fn rows(&self) -> Vec<Row> {
        self.rows
            .iter()
            .map(|((key, dims), values)| Row {
                key: *key,
                dims: self.dims[*dims].clone(),
                values: values.clone(),
            })
            .collect()
    }
}

pub(super) trait WithContext {
    fn with_context(self, key: &PeriodKey, by: &[String], dims: &[String]) -> Self;
}

impl WithContext for Diagnostic {
    fn with_context(mut self, key: &PeriodKey, by: &[String], dims: &[String]) -> Diagnostic {
        self.period = Some(key.label());
        if !by.is_empty() {
            self.dimensions = Some(by.iter().cloned().zip(dims.iter().cloned()).collect());
        }
        self
    }
}
