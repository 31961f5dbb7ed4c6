//! Accumulators: what the readers fold each input's values into, per day and
//! dimension combination, and what the tables roll up per period.

use crate::vocab::Aggregate;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// How an accumulator combines values: what its input's aggregate needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Fold {
    /// The sum (for `sum`, `avg`, `first`, `last`).
    Sum,
    Min,
    Max,
}

impl Fold {
    pub(super) fn of(a: Aggregate) -> Fold {
        match a {
            Aggregate::Min => Fold::Min,
            Aggregate::Max => Fold::Max,
            Aggregate::Sum | Aggregate::Avg | Aggregate::First | Aggregate::Last => Fold::Sum,
        }
    }
}

/// The values of one input in one group: their sum (or minimum, or maximum,
/// as the input's [`Fold`] says) and how many there were.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Acc {
    pub(super) value: Decimal,
    pub(super) count: u64,
    pub(super) overflow: bool,
}

impl Acc {
    pub(super) fn add(&mut self, v: Decimal, fold: Fold) {
        self.merge(
            &Acc {
                value: v,
                count: 1,
                overflow: false,
            },
            fold,
        );
    }
    pub(super) fn merge(&mut self, o: &Acc, fold: Fold) {
        if o.count == 0 {
            return;
        }
        if self.count == 0 {
            *self = *o;
            return;
        }
        match fold {
            Fold::Sum => match self.value.checked_add(o.value) {
                Some(s) => self.value = s,
                None => self.overflow = true,
            },
            Fold::Min => self.value = self.value.min(o.value),
            Fold::Max => self.value = self.value.max(o.value),
        }
        self.overflow |= o.overflow;
        self.count += o.count;
    }
}

/// Per-period accumulator: for `first`/`last`, the accumulator of the first
/// (last) day with values, and that day; else the period's accumulator.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct PAcc {
    pub(super) acc: Acc,
    pub(super) day: i32,
}

/// The data read from a CSV: per (day, dimensions), one accumulator per input.
pub(super) struct Daily {
    /// The dimension value combinations seen.
    pub(super) dims: Vec<Vec<String>>,
    /// Per (day, index in `dims`), one accumulator per input.
    pub(super) groups: HashMap<(i32, usize), Vec<Acc>>,
    /// Bad rows left out (`--on-bad-row skip`).
    pub(super) skipped: u64,
}

impl Daily {
    /// Nothing read yet.
    pub(super) fn empty() -> Daily {
        Daily {
            dims: Vec::new(),
            groups: HashMap::new(),
            skipped: 0,
        }
    }

    /// Another file's accumulators folded into these: its dimension
    /// combinations interned here, the same (day, combination) merged.
    pub(super) fn absorb(&mut self, other: Daily, folds: &[Fold]) {
        let mut index: HashMap<Vec<String>, usize> = self
            .dims
            .iter()
            .enumerate()
            .map(|(i, d)| (d.clone(), i))
            .collect();
        let ids: Vec<usize> = other
            .dims
            .into_iter()
            .map(|d| match index.get(&d) {
                Some(&i) => i,
                None => {
                    self.dims.push(d.clone());
                    index.insert(d, self.dims.len() - 1);
                    self.dims.len() - 1
                }
            })
            .collect();
        for ((day, combo), accs) in other.groups {
            let Some(&id) = ids.get(combo) else { continue };
            match self.groups.get_mut(&(day, id)) {
                Some(mine) => {
                    for ((m, o), fold) in mine.iter_mut().zip(&accs).zip(folds) {
                        m.merge(o, *fold);
                    }
                }
                None => {
                    self.groups.insert((day, id), accs);
                }
            }
        }
        self.skipped += other.skipped;
    }
}
