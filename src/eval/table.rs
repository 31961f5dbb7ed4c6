//! Values at one cadence: the readers' accumulators (per bucket of days)
//! rolled up per period and dimension combination, then every metric
//! computed on them.

use super::acc::{Acc, Fold, Groups, WarningBound, Zero};
use super::combos::Combos;
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
    pub(super) dims: &'a Combos,
    /// Each row's period and combination, sorted.
    pub(super) keys: Vec<(PeriodKey, u32)>,
    /// `n_slots` values per row, row after row.
    pub(super) values: Vec<Cell>,
    pub(super) n_slots: usize,
}

impl<'a> Table<'a> {
    /// Rolls the groups (whose combinations are sorted) up to `period` and
    /// computes every metric.
    /// Per-period warnings go through `bound` as they come (when given),
    /// so that millions of them are never held at once.
    pub(super) fn build<'p>(
        plan: &'p Plan,
        groups: &'a Groups,
        period: Period,
        diags: &mut Diagnostics,
        bound: Option<&mut WarningBound<'p>>,
    ) -> Table<'a> {
        let inputs = Inputs::of(plan, groups, period, diags);
        Table::complete(plan, &groups.dims, inputs, diags, bound)
    }

    /// The table of `inputs` (whose rows refer to `dims`): a slot for every
    /// metric added to each row, in place, and every metric computed.
    pub(super) fn complete<'p>(
        plan: &'p Plan,
        dims: &'a Combos,
        inputs: Inputs,
        diags: &mut Diagnostics,
        bound: Option<&mut WarningBound<'p>>,
    ) -> Table<'a> {
        let Inputs { keys, mut values } = inputs;
        let (n_in, n_slots) = (plan.inputs.len(), plan.slots.len());
        let rows = keys.len();
        // the inputs are the first slots of a row: each row moved to its
        // place, the last first (a row never lands on one not yet moved)
        values.resize(rows * n_slots, Cell::NULL);
        if n_slots > n_in {
            for r in (0..rows).rev() {
                values.copy_within(r * n_in..(r + 1) * n_in, r * n_slots);
                values[r * n_slots + n_in..(r + 1) * n_slots].fill(Cell::NULL);
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
    pub(super) fn fetched<'p>(
        plan: &'p Plan,
        dims: &'a Combos,
        rows: &[super::FetchedRow],
        diags: &mut Diagnostics,
        bound: Option<&mut WarningBound<'p>>,
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
            table.values.resize(at + n_slots, Cell::NULL);
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
                                dims.at(r.combo as usize).iter(),
                            ));
                        }
                        v
                    }
                };
                table.values[at + slot] = Cell::of(v);
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
    fn metrics<'p>(
        &mut self,
        plan: &'p Plan,
        diags: &mut Diagnostics,
        mut bound: Option<&mut WarningBound<'p>>,
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
        // zero divisors noted for the bound rather than written
        let compact = bound.as_deref().is_some_and(WarningBound::takes_zeros);
        let mut zeros = Vec::new();
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
                let out = Out::new(compact);
                let n = compute(plan, view, keys, slice, cut_ref, diags, &out);
                zeros.extend(out.zeros.into_inner());
                n
            } else {
                let per = (end - start).div_ceil(workers);
                let results: Vec<(Diagnostics, u64, Vec<Zero>)> = std::thread::scope(|s| {
                    let mut parts = slice.chunks_mut(per * n_slots).zip(keys.chunks(per));
                    let first = parts.next();
                    let run = move |values: &mut [Cell], keys: &[(PeriodKey, u32)]| {
                        let mut found = Diagnostics::default();
                        let out = Out::new(compact);
                        let n = compute(plan, view, keys, values, cut_ref, &mut found, &out);
                        (found, n, out.zeros.into_inner())
                    };
                    let handles: Vec<_> = parts
                        .map(|(values, keys)| s.spawn(move || run(values, keys)))
                        .collect();
                    let mut all: Vec<_> = first
                        .map(|(values, keys)| run(values, keys))
                        .into_iter()
                        .collect();
                    all.extend(
                        handles
                            .into_iter()
                            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))),
                    );
                    all
                });
                let mut dropped = 0;
                for (found, n, found_zeros) in results {
                    diags.items.extend(found.items);
                    dropped += n;
                    zeros.extend(found_zeros);
                }
                dropped
            };
            if let Some(b) = bound.as_deref_mut() {
                b.omit(Code::DivisionByZero, dropped);
                if !zeros.is_empty() {
                    b.zeros(&mut zeros, self.dims);
                    cut = cutoff(&bound);
                }
            }
            if let Some(b) = bound.as_deref_mut() {
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
        (n_slots * std::mem::size_of::<Cell>()
            + std::mem::size_of::<(PeriodKey, u32)>()
            + std::mem::size_of::<(PeriodKey, u32, u32)>()) as u64
    }

    /// The values of row `r`.
    pub(super) fn row(&self, r: usize) -> &[Cell] {
        &self.values[r * self.n_slots..(r + 1) * self.n_slots]
    }

    /// (period, combination) has a row.
    pub(super) fn has(&self, key: PeriodKey, combo: usize) -> bool {
        self.view().row(key, combo).is_some()
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
    pub(super) dims: &'a Combos,
    keys: &'a [(PeriodKey, u32)],
    /// The values of the first rows (all of them, or those before a point).
    values: &'a [Cell],
    n_slots: usize,
}

impl<'a> View<'a> {
    /// The values of (period, combination), if it has a row among those
    /// this view reads.
    fn row(&self, key: PeriodKey, combo: usize) -> Option<&'a [Cell]> {
        let r = self.keys.binary_search(&(key, combo as u32)).ok()?;
        self.values.get(r * self.n_slots..(r + 1) * self.n_slots)
    }

    /// The value of `slot` in (period, combination): None when it is null
    /// or the row is not one this view reads.
    pub(super) fn value(&self, key: PeriodKey, combo: usize, slot: usize) -> Option<Decimal> {
        self.row(key, combo)?.get(slot)?.get()
    }
}

/// The metrics of the rows `keys`, whose values are `values` (row after
/// row), reading earlier periods from `view`; the warnings into `diags`,
/// those `cut` would not keep counted instead (the count returned).
fn compute<'p>(
    plan: &'p Plan,
    view: View<'_>,
    keys: &[(PeriodKey, u32)],
    values: &mut [Cell],
    cut: Option<&((u32, u32), String)>,
    diags: &mut Diagnostics,
    sink: &Out<'p>,
) -> u64 {
    let n_slots = view.n_slots;
    // the row's period's label, and how it compares with the cutoff's
    let mut label: Option<(PeriodKey, std::cmp::Ordering)> = None;
    let mut dropped = 0;
    // the row is copied out while its metrics are computed, so that its own
    // values are read directly, not looked up
    let mut row: Vec<Option<Decimal>> = Vec::with_capacity(n_slots);
    for (&(key, combo), out) in keys.iter().zip(values.chunks_exact_mut(n_slots)) {
        row.clear();
        row.extend(out.iter().map(|c| c.get()));
        let gate = cut.map(|(at, period)| {
            let row = match label {
                Some((k, row)) if k == key => row,
                _ => label.insert((key, key.label().as_str().cmp(period))).1,
            };
            Gate {
                at: *at,
                row,
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
                zeros: sink.compact.then_some(&sink.zeros),
            };
            row[m.slot] = ctx.eval(&m.node, key, diags, true);
        }
        for (cell, v) in out.iter_mut().zip(&row) {
            *cell = Cell::of(*v);
        }
        dropped += gate.map_or(0, |g| g.dropped.get());
    }
    dropped
}

/// Where a slice's zero divisors go: noted (`compact`) or written.
struct Out<'p> {
    compact: bool,
    zeros: std::cell::RefCell<Vec<Zero<'p>>>,
}

impl Out<'_> {
    fn new(compact: bool) -> Self {
        Out {
            compact,
            zeros: Default::default(),
        }
    }
}

/// A table's inputs: one row per (period, dimension combination) with
/// data, sorted, each input's value, stored flat. Built from the groups,
/// which can then be dropped before the metrics' slots are added
/// ([`Table::complete`]): the two are never held at once.
pub(super) struct Inputs {
    keys: Vec<(PeriodKey, u32)>,
    values: Vec<Cell>,
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
        let order = sorted(groups, period);
        // the rows counted first: their vectors allocated once
        let rows = order.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)).count();
        let mut table = Inputs {
            keys: Vec::with_capacity(rows),
            values: Vec::with_capacity(rows * n_in),
        };
        let rollup = Rollup::new(plan, &groups.dims, &groups.distinct, period);
        let mut accs = vec![Acc::default(); n_in];
        let mut row = vec![None; n_in];
        // the group read a few steps on is asked for now: the groups are
        // read out of their order, each a cache miss
        const AHEAD: usize = 12;
        for (i, run) in runs(&order) {
            for (j, _) in run.iter().enumerate() {
                if let Some(&(_, _, ahead)) = order.get(i + j + AHEAD) {
                    let group = groups.group(ahead as usize);
                    std::hint::black_box(group.iter().step_by(2).map(|a| a.day).sum::<i32>());
                }
            }
            let merged = rollup.merged(
                &mut accs,
                run.iter().map(|&(_, _, g)| groups.group(g as usize)),
            );
            let (key, combo, _) = run[0];
            rollup.row(merged, key, combo, &mut row, &mut diags.items);
            table.keys.push((key, combo));
            table.values.extend(row.iter().map(|v| Cell::of(*v)));
        }
        table
    }

    /// The groups rolled up to `period` as [`Inputs::of`] does, consuming
    /// their accumulators: sorted in place, then read from the last, their
    /// memory given back as the rows are made, so that the groups and the
    /// rows are never both whole (at millions of groups, the evaluation's
    /// peak). The groups keep their combinations only.
    pub(super) fn consume(
        plan: &Plan,
        groups: &mut Groups,
        period: Period,
        diags: &mut Diagnostics,
    ) -> Inputs {
        // memory given back every so many groups
        const GIVE_BACK: usize = 1 << 18;
        let n_in = groups.n_in;
        let mut order = sorted(groups, period);
        if order.len() * n_in != groups.accs.len() {
            // a group without a period (none has one): read, not consumed
            return Inputs::of(plan, groups, period, diags);
        }
        let rollup = Rollup::new(plan, &groups.dims, &groups.distinct, period);
        // position i takes the accumulators of group order[i]
        let mut from: Vec<u32> = order.iter().map(|o| o.2).collect();
        permute(&mut groups.accs, n_in, &mut from);
        drop(from);
        groups.keys = Vec::new();
        // rows made from the last: keys, values and diagnostics reversed
        // at the end (a row's values pushed last slot first)
        let mut keys = Vec::new();
        let mut values = Vec::new();
        let mut found = Vec::new();
        let mut accs = vec![Acc::default(); n_in];
        let mut row = vec![None; n_in];
        let mut row_diags = Vec::new();
        let mut end = order.len();
        let mut held = end;
        while let Some(&(key, combo, _)) = end.checked_sub(1).and_then(|l| order.get(l)) {
            let start = order[..end]
                .iter()
                .rposition(|o| (o.0, o.1) != (key, combo))
                .map_or(0, |p| p + 1);
            let merged = rollup.merged(
                &mut accs,
                (start..end).map(|g| &groups.accs[g * n_in..(g + 1) * n_in]),
            );
            rollup.row(merged, key, combo, &mut row, &mut row_diags);
            found.extend(row_diags.drain(..).rev());
            keys.push((key, combo));
            values.extend(row.iter().rev().map(|v| Cell::of(*v)));
            end = start;
            if held - end >= GIVE_BACK {
                groups.accs.truncate(end * n_in);
                groups.accs.shrink_to_fit();
                order.truncate(end);
                order.shrink_to_fit();
                held = end;
            }
        }
        groups.accs = Vec::new();
        keys.reverse();
        values.reverse();
        diags.items.extend(found.into_iter().rev());
        Inputs { keys, values }
    }
}

/// Each group's (period, combination, index), sorted: a bucket lies in one
/// period of each cadence computed, its first day names its period.
fn sorted(groups: &Groups, period: Period) -> Vec<(PeriodKey, u32, u32)> {
    // groups were made in the order of their rows, mostly by day: the
    // period of the last bucket is kept
    let mut last: Option<(i32, Option<PeriodKey>)> = None;
    let mut key_of = |bucket: i32| match last {
        Some((b, key)) if b == bucket => key,
        _ => {
            let key = NaiveDate::from_num_days_from_ce_opt(bucket).map(|d| period.key(d));
            last = Some((bucket, key));
            key
        }
    };
    let mut order: Vec<(PeriodKey, u32, u32)> = groups
        .keys
        .iter()
        .enumerate()
        .filter_map(|(g, (bucket, combo))| Some((key_of(*bucket)?, *combo, g as u32)))
        .collect();
    order.sort_unstable();
    order
}

/// The runs of `order` that make one row (same period and combination),
/// each with the position of its first.
fn runs(
    order: &[(PeriodKey, u32, u32)],
) -> impl Iterator<Item = (usize, &[(PeriodKey, u32, u32)])> {
    order
        .chunk_by(|a, b| (a.0, a.1) == (b.0, b.1))
        .scan(0, |at, run| {
            let i = *at;
            *at += run.len();
            Some((i, run))
        })
}

/// `accs`, `n` accumulators per group, reordered in place: position `i`
/// takes what position `from[i]` held (`from` is a permutation, left as the
/// identity).
fn permute(accs: &mut [Acc], n: usize, from: &mut [u32]) {
    let mut first = vec![Acc::default(); n];
    for i in 0..from.len() {
        if from[i] as usize == i {
            continue;
        }
        // a cycle: i's accumulators set aside, each position along it
        // filled from the next, the last from what was set aside
        first.copy_from_slice(&accs[i * n..(i + 1) * n]);
        let mut j = i;
        loop {
            let k = from[j] as usize;
            from[j] = j as u32;
            if k == i {
                accs[j * n..(j + 1) * n].copy_from_slice(&first);
                break;
            }
            accs.copy_within(k * n..(k + 1) * n, j * n);
            j = k;
        }
    }
}

/// What turns a row's merged accumulators into its inputs' values.
struct Rollup<'a> {
    plan: &'a Plan,
    dims: &'a Combos,
    folds: Vec<Fold>,
    /// Distinct counts, counted over each whole period.
    distinct: super::acc::FxMap<(PeriodKey, u32, u32), u64>,
}

impl<'a> Rollup<'a> {
    fn new(
        plan: &'a Plan,
        dims: &'a Combos,
        distinct: &super::distinct::Distinct,
        period: Period,
    ) -> Rollup<'a> {
        Rollup {
            plan,
            dims,
            folds: plan.inputs.iter().map(|i| Fold::of(i.aggregate)).collect(),
            distinct: if distinct.is_empty() {
                Default::default()
            } else {
                distinct.counts(period, &plan.inputs)
            },
        }
    }

    /// A group's accumulators merged into a row's.
    fn merge(&self, accs: &mut [Acc], group: &[Acc]) {
        for ((a, o), fold) in accs.iter_mut().zip(group).zip(&self.folds) {
            a.merge(o, *fold);
        }
    }

    /// The accumulators of a row made of `groups`: a single group's as
    /// they are (at high cardinality, most rows), else merged in `scratch`.
    fn merged<'x>(
        &self,
        scratch: &'x mut [Acc],
        mut groups: impl ExactSizeIterator<Item = &'x [Acc]>,
    ) -> &'x [Acc] {
        if groups.len() == 1 {
            if let Some(group) = groups.next() {
                return group;
            }
        }
        scratch.fill(Acc::default());
        for group in groups {
            self.merge(scratch, group);
        }
        scratch
    }

    /// The inputs' values of the row (period `key`, combination `combo`),
    /// an `aggregate-overflow` error where one does not fit.
    fn row(
        &self,
        accs: &[Acc],
        key: PeriodKey,
        combo: u32,
        row: &mut [Option<Decimal>],
        diags: &mut Vec<Diagnostic>,
    ) {
        for (slot, ((acc, input), out)) in accs.iter().zip(&self.plan.inputs).zip(row).enumerate() {
            *out = None;
            if acc.count() == 0 {
                continue;
            }
            let v = match input.aggregate {
                _ if acc.overflow() => None,
                Aggregate::Avg if acc.count() >= Acc::COUNT_MAX => None,
                Aggregate::Avg => acc.value.checked_div(Decimal::from(acc.count())),
                Aggregate::CountDistinct => Some(Decimal::from(
                    self.distinct
                        .get(&(key, combo, slot as u32))
                        .copied()
                        .unwrap_or(0),
                )),
                _ => Some(acc.value),
            };
            if v.is_none() {
                diags.push(overflow(input).with_context(
                    &key,
                    &self.plan.by,
                    self.dims.at(combo as usize).iter(),
                ));
            }
            *out = v;
        }
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
    fn with_context<'d>(
        self,
        key: &PeriodKey,
        by: &[String],
        dims: impl IntoIterator<Item = &'d str>,
    ) -> Self;
}

impl WithContext for Diagnostic {
    fn with_context<'d>(
        mut self,
        key: &PeriodKey,
        by: &[String],
        dims: impl IntoIterator<Item = &'d str>,
    ) -> Diagnostic {
        self.period = Some(key.label());
        if !by.is_empty() {
            self.dimensions = Some(
                by.iter()
                    .cloned()
                    .zip(dims.into_iter().map(str::to_string))
                    .collect(),
            );
        }
        self
    }
}

/// A value in a table: a decimal, or null, in 16 bytes (an
/// `Option<Decimal>` takes 20, 4 of them padding; a table of millions of
/// rows holds tens of millions of values). A decimal's flags leave their
/// lowest bit unused: set, it means null.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cell(u128);

impl Cell {
    pub(crate) const NULL: Cell = Cell(1);

    pub(crate) fn of(v: Option<Decimal>) -> Cell {
        match v {
            Some(d) => Cell(u128::from_le_bytes(d.serialize())),
            None => Cell::NULL,
        }
    }

    pub(crate) fn get(self) -> Option<Decimal> {
        (self.0 & 1 == 0).then(|| Decimal::deserialize(self.0.to_le_bytes()))
    }
}

impl std::fmt::Debug for Cell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.get().fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::Cell;
    use rust_decimal::Decimal;

    #[test]
    fn a_cell_is_16_bytes_and_gives_back_every_decimal_and_null() {
        assert_eq!(std::mem::size_of::<Cell>(), 16);
        assert_eq!(Cell::NULL.get(), None);
        assert_eq!(Cell::of(None), Cell::NULL);
        let values = [
            Decimal::ZERO,
            -Decimal::ZERO,
            Decimal::ONE,
            Decimal::NEGATIVE_ONE,
            Decimal::MAX,
            Decimal::MIN,
            Decimal::new(1, 28),
            Decimal::new(-123_456_789, 28),
            Decimal::from_i128_with_scale(79_228_162_514_264_337_593_543_950_335, 14),
            Decimal::new(2_250, 2),
        ];
        for d in values {
            let back = Cell::of(Some(d)).get();
            assert_eq!(back, Some(d), "{d}");
            // the same digits and scale, not only an equal number
            assert_eq!(
                back.map(|b| (b.mantissa(), b.scale())),
                Some((d.mantissa(), d.scale()))
            );
        }
    }
}
