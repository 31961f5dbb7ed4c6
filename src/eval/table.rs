//! Values at one cadence: the readers' accumulators (per bucket of days)
//! rolled up per period and dimension combination, then every metric
//! computed on them.

use super::acc::{Acc, Fold, Groups, WarningBound};
use super::interp::{Ctx, Gate};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::plan::Plan;
use crate::vocab::{Aggregate, Period, PeriodKey};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// Values at one cadence: one row per (period, dimension combination) with
/// data, sorted, every value slot of the plan per row, stored flat.
pub(super) struct Table<'a> {
    /// The dimension value combinations, sorted (the groups'); rows refer
    /// to them by index, so the order of (period, index) is the order of
    /// (period, values).
    pub(super) dims: &'a [Vec<String>],
    /// Each row's period and combination, sorted.
    pub(super) keys: Vec<(PeriodKey, u32)>,
    /// `n_slots` values per row, row after row.
    pub(super) values: Vec<Option<Decimal>>,
    pub(super) n_slots: usize,
}

impl<'a> Table<'a> {
    /// Rolls the groups (whose combinations are sorted) up to `period` and
    /// computes every metric.
    /// Per-period warnings go through `bound` as they come (when given),
    /// so that millions of them are never held at once.
    pub(super) fn build(
        plan: &Plan,
        groups: &'a Groups,
        period: Period,
        diags: &mut Diagnostics,
        bound: Option<&mut WarningBound>,
    ) -> Table<'a> {
        let inputs = Inputs::of(plan, groups, period, diags);
        Table::complete(plan, &groups.dims, inputs, diags, bound)
    }

    /// The table of `inputs` (whose rows refer to `dims`): a slot for every
    /// metric added to each row, in place, and every metric computed.
    pub(super) fn complete(
        plan: &Plan,
        dims: &'a [Vec<String>],
        inputs: Inputs,
        diags: &mut Diagnostics,
        bound: Option<&mut WarningBound>,
    ) -> Table<'a> {
        let Inputs { keys, mut values } = inputs;
        let (n_in, n_slots) = (plan.inputs.len(), plan.slots.len());
        let rows = keys.len();
        // the inputs are the first slots of a row: each row moved to its
        // place, the last first (a row never lands on one not yet moved)
        values.resize(rows * n_slots, None);
        if n_slots > n_in {
            for r in (0..rows).rev() {
                values.copy_within(r * n_in..(r + 1) * n_in, r * n_slots);
                values[r * n_slots + n_in..(r + 1) * n_slots].fill(None);
            }
        }
        let mut table = Table {
            dims,
            keys,
            values,
            n_slots,
        };
        table.metrics(plan, diags, bound);
        table
    }

    /// A table of values fetched from an engine (`eval --engine`): rows in
    /// order of (period, combination), each input's value or, for an
    /// average, its sum and count; then every metric computed, as
    /// [`Table::build`] does on the readers' accumulators.
    pub(super) fn fetched(
        plan: &Plan,
        dims: &'a [Vec<String>],
        rows: &[super::FetchedRow],
        diags: &mut Diagnostics,
        bound: Option<&mut WarningBound>,
    ) -> Table<'a> {
        let n_slots = plan.slots.len();
        let mut table = Table {
            dims,
            keys: Vec::with_capacity(rows.len()),
            values: Vec::with_capacity(rows.len() * n_slots),
            n_slots,
        };
        for r in rows {
            table.keys.push((r.key, r.combo));
            let at = table.values.len();
            table.values.resize(at + n_slots, None);
            for (slot, input) in plan.inputs.iter().enumerate() {
                let value = r.values.get(slot).copied().flatten();
                let v = match r.counts.get(slot).copied().flatten() {
                    None => value,
                    Some(0) => None,
                    Some(n) => {
                        let Some(sum) = value else { continue };
                        let v = sum.checked_div(Decimal::from(n));
                        if v.is_none() {
                            diags.push(overflow(input).with_context(
                                &r.key,
                                &plan.by,
                                &dims[r.combo as usize],
                            ));
                        }
                        v
                    }
                };
                table.values[at + slot] = v;
            }
        }
        table.metrics(plan, diags, bound);
        table
    }

    /// Every metric of every row. previous() reads only earlier periods of
    /// the same combination, so the rows of one period are independent:
    /// each period is computed in slices, a slice's rows shared among the
    /// cores (each reading the periods before, done), their warnings added
    /// in row order. The warnings go through `bound` after every slice, and
    /// once it is full, those it would not keep are counted without being
    /// written (see [`Gate`]).
    fn metrics(
        &mut self,
        plan: &Plan,
        diags: &mut Diagnostics,
        mut bound: Option<&mut WarningBound>,
    ) {
        // rows per core in a slice: the warnings written between two
        // passes through the bound stay a few thousand
        const PER_CORE: usize = 4096;
        // the warnings written before they go through the bound
        const BATCH: usize = 4096;
        let workers = super::cores();
        let mut from = diags.items.len();
        let n_slots = self.n_slots;
        // the bound's cutoff: the last kept warning's position and period
        let cutoff = |b: &Option<&mut WarningBound>| {
            b.as_deref()
                .and_then(WarningBound::cutoff)
                .map(|(at, period)| (at, period.to_string()))
        };
        let mut cut = cutoff(&bound);
        let rows = self.keys.len();
        let mut start = 0;
        while start < rows {
            // the slice: rows of one period
            let period = self.keys[start].0;
            let mut end = (start + PER_CORE * workers).min(rows);
            if self.keys[end - 1].0 != period {
                end = start + self.keys[start..end].partition_point(|k| k.0 == period);
            }
            let (before, rest) = self.values.split_at_mut(start * n_slots);
            let view = View {
                dims: self.dims,
                keys: &self.keys,
                values: before,
                n_slots,
            };
            let slice = &mut rest[..(end - start) * n_slots];
            let keys = &self.keys[start..end];
            let cut_ref = cut.as_ref();
            let dropped = if end - start < PER_CORE / 2 || workers == 1 {
                compute(plan, view, keys, slice, cut_ref, diags)
            } else {
                let per = (end - start).div_ceil(workers);
                let results: Vec<(Diagnostics, u64)> = std::thread::scope(|s| {
                    let mut parts = slice.chunks_mut(per * n_slots).zip(keys.chunks(per));
                    let first = parts.next();
                    let handles: Vec<_> = parts
                        .map(|(values, keys)| {
                            s.spawn(move || {
                                let mut found = Diagnostics::default();
                                let n = compute(plan, view, keys, values, cut_ref, &mut found);
                                (found, n)
                            })
                        })
                        .collect();
                    let mut found = Diagnostics::default();
                    let n = first.map_or(0, |(values, keys)| {
                        compute(plan, view, keys, values, cut_ref, &mut found)
                    });
                    let mut all = vec![(found, n)];
                    all.extend(
                        handles
                            .into_iter()
                            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))),
                    );
                    all
                });
                let mut dropped = 0;
                for (found, n) in results {
                    diags.items.extend(found.items);
                    dropped += n;
                }
                dropped
            };
            if let Some(b) = bound.as_deref_mut() {
                b.omit(Code::DivisionByZero, dropped);
                if diags.items.len() >= from + BATCH {
                    b.apply(diags, from);
                    // what it left are not per-period warnings: not read again
                    from = diags.items.len();
                    cut = cutoff(&bound);
                }
            }
            start = end;
        }
    }

    /// What a row takes in memory (with its share of the building).
    pub(super) fn bytes_per_row(n_slots: usize) -> u64 {
        (n_slots * std::mem::size_of::<Option<Decimal>>()
            + std::mem::size_of::<(PeriodKey, u32)>()
            + std::mem::size_of::<(PeriodKey, u32, u32)>()) as u64
    }

    /// The values of row `r`.
    pub(super) fn row(&self, r: usize) -> &[Option<Decimal>] {
        &self.values[r * self.n_slots..(r + 1) * self.n_slots]
    }

    /// The values of (period, combination), if it has a row.
    pub(super) fn get(&self, key: PeriodKey, combo: usize) -> Option<&[Option<Decimal>]> {
        self.view().get(key, combo)
    }

    /// The whole table, to read.
    pub(super) fn view(&self) -> View<'_> {
        View {
            dims: self.dims,
            keys: &self.keys,
            values: &self.values,
            n_slots: self.n_slots,
        }
    }
}

/// A table to read: whole, or its rows up to a point (the periods before
/// the one whose metrics are being computed).
#[derive(Clone, Copy)]
pub(super) struct View<'a> {
    pub(super) dims: &'a [Vec<String>],
    keys: &'a [(PeriodKey, u32)],
    /// The values of the first rows (all of them, or those before a point).
    values: &'a [Option<Decimal>],
    n_slots: usize,
}

impl<'a> View<'a> {
    /// The values of (period, combination), if it has a row among those
    /// this view reads.
    pub(super) fn get(&self, key: PeriodKey, combo: usize) -> Option<&'a [Option<Decimal>]> {
        let r = self.keys.binary_search(&(key, combo as u32)).ok()?;
        self.values.get(r * self.n_slots..(r + 1) * self.n_slots)
    }
}

/// The metrics of the rows `keys`, whose values are `values` (row after
/// row), reading earlier periods from `view`; the warnings into `diags`,
/// those `cut` would not keep counted instead (the count returned).
fn compute(
    plan: &Plan,
    view: View<'_>,
    keys: &[(PeriodKey, u32)],
    values: &mut [Option<Decimal>],
    cut: Option<&((u32, u32), String)>,
    diags: &mut Diagnostics,
) -> u64 {
    let n_slots = view.n_slots;
    let mut label: Option<(PeriodKey, String)> = None;
    let mut dropped = 0;
    // the row is copied out while its metrics are computed, so that its own
    // values are read directly, not looked up
    let mut row: Vec<Option<Decimal>> = Vec::with_capacity(n_slots);
    for (&(key, combo), out) in keys.iter().zip(values.chunks_exact_mut(n_slots)) {
        row.clear();
        row.extend_from_slice(out);
        let gate = cut.map(|(at, period)| {
            let text = match &label {
                Some((k, text)) if *k == key => text,
                _ => &label.insert((key, key.label())).1,
            };
            Gate {
                at: *at,
                row: text.as_str().cmp(period),
                dropped: Default::default(),
            }
        });
        for m in &plan.metrics {
            let ctx = Ctx {
                table: view,
                plan,
                dims: combo as usize,
                current: Some((key, &row)),
                gate: gate.as_ref(),
            };
            row[m.slot] = ctx.eval(&m.node, key, diags, true);
        }
        out.copy_from_slice(&row);
        dropped += gate.map_or(0, |g| g.dropped.get());
    }
    dropped
}

/// A table's inputs: one row per (period, dimension combination) with
/// data, sorted, each input's value, stored flat. Built from the groups,
/// which can then be dropped before the metrics' slots are added
/// ([`Table::complete`]): the two are never held at once.
pub(super) struct Inputs {
    keys: Vec<(PeriodKey, u32)>,
    values: Vec<Option<Decimal>>,
}

impl Inputs {
    /// The groups (whose combinations are sorted) rolled up to `period`.
    pub(super) fn of(
        plan: &Plan,
        groups: &Groups,
        period: Period,
        diags: &mut Diagnostics,
    ) -> Inputs {
        let n_in = groups.n_in;
        let folds: Vec<Fold> = plan.inputs.iter().map(|i| Fold::of(i.aggregate)).collect();
        // a bucket lies in one period of each cadence computed: its first day
        // names its period
        let mut order: Vec<(PeriodKey, u32, u32)> = groups
            .keys
            .iter()
            .enumerate()
            .filter_map(|(g, (bucket, combo))| {
                let date = NaiveDate::from_num_days_from_ce_opt(*bucket)?;
                Some((period.key(date), *combo, g as u32))
            })
            .collect();
        order.sort_unstable();
        // the rows counted first: their vectors allocated once
        let rows = order.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)).count();
        let mut table = Inputs {
            keys: Vec::with_capacity(rows),
            values: Vec::with_capacity(rows * n_in),
        };
        // distinct counts are counted over each whole period
        let distinct = if groups.distinct.is_empty() {
            Default::default()
        } else {
            groups.distinct.counts(period, &plan.inputs)
        };
        let mut accs = vec![Acc::default(); n_in];
        let mut i = 0;
        const AHEAD: usize = 12;
        while i < order.len() {
            let (key, combo, _) = order[i];
            accs.fill(Acc::default());
            while let Some(&(k, c, g)) = order.get(i) {
                if (k, c) != (key, combo) {
                    break;
                }
                // the group read a few steps on is asked for now: the
                // groups are read out of their order, each a cache miss
                if let Some(&(_, _, ahead)) = order.get(i + AHEAD) {
                    let group = groups.group(ahead as usize);
                    std::hint::black_box(group.iter().step_by(2).map(|a| a.day).sum::<i32>());
                }
                for ((a, o), fold) in accs.iter_mut().zip(groups.group(g as usize)).zip(&folds) {
                    a.merge(o, *fold);
                }
                i += 1;
            }
            table.keys.push((key, combo));
            let at = table.values.len();
            table.values.resize(at + n_in, None);
            for (slot, (acc, input)) in accs.iter().zip(&plan.inputs).enumerate() {
                if acc.count() == 0 {
                    continue;
                }
                let v = match input.aggregate {
                    _ if acc.overflow() => None,
                    Aggregate::Avg if acc.count() >= Acc::COUNT_MAX => None,
                    Aggregate::Avg => acc.value.checked_div(Decimal::from(acc.count())),
                    Aggregate::CountDistinct => Some(Decimal::from(
                        distinct
                            .get(&(key, combo, slot as u32))
                            .copied()
                            .unwrap_or(0),
                    )),
                    _ => Some(acc.value),
                };
                if v.is_none() {
                    diags.push(overflow(input).with_context(
                        &key,
                        &plan.by,
                        &groups.dims[combo as usize],
                    ));
                }
                table.values[at + slot] = v;
            }
        }
        table
    }
}

/// An input's aggregate that does not fit a decimal.
fn overflow(input: &crate::plan::PlanInput) -> Diagnostic {
    Diagnostic::of(
        Code::ArithmeticOverflow,
        crate::msg!(
            "aggregate-overflow",
            aggregate = input.aggregate.name(),
            input = &input.name
        ),
    )
    .at(input.span)
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
