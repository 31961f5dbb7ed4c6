//! Accumulators: what the readers fold each input's values into, per bucket
//! of days and dimension combination, and what the tables roll up per period.
//!
//! A bucket is the stretch of days that lie in the same period of every
//! cadence computed (the report's `--period` and each objective's cadence):
//! for `yearly` alone, a year; for `monthly` and `weekly` together, the part
//! of a week inside one month. So the readers keep one accumulator per
//! (bucket, dimension values) — as many as the groups asked for, whatever
//! the number of rows or days — and each cadence's table is rolled up from
//! them exactly.

use crate::vocab::{Aggregate, Period};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Maps a day to its bucket, named by the bucket's first day.
#[derive(Clone, Debug)]
pub(super) struct Calendar {
    cadences: Vec<Period>,
}

impl Calendar {
    /// The buckets of the cadences computed (none: every day its own).
    pub(super) fn new(cadences: &[Period]) -> Calendar {
        let mut cadences = cadences.to_vec();
        if cadences.contains(&Period::Daily) || cadences.is_empty() {
            cadences = vec![Period::Daily];
        }
        Calendar { cadences }
    }

    /// The first day of the bucket holding `day` (days from the common era):
    /// the latest of the starts of its periods, since each period holds the
    /// day and their intersection is the bucket.
    pub(super) fn bucket(&self, day: i32) -> i32 {
        let Some(date) = NaiveDate::from_num_days_from_ce_opt(day) else {
            return day;
        };
        let mut start = i32::MIN;
        for p in &self.cadences {
            let s = match p {
                Period::Daily => day,
                Period::Weekly => day - (day - 1).rem_euclid(7),
                Period::Monthly => day - date.day0() as i32,
                Period::Quarterly => {
                    let first = NaiveDate::from_ymd_opt(date.year(), date.month0() / 3 * 3 + 1, 1);
                    first.map_or(day, |f| f.num_days_from_ce())
                }
                Period::Yearly => day - date.ordinal0() as i32,
            };
            start = start.max(s);
        }
        start
    }
}

/// [`Calendar::bucket`] with the last answer kept: rows come in date order
/// in most exports.
#[derive(Clone, Debug)]
pub(super) struct Buckets {
    calendar: Calendar,
    last: (i32, i32),
}

impl Buckets {
    pub(super) fn new(calendar: Calendar) -> Buckets {
        let first = calendar.bucket(0);
        Buckets {
            calendar,
            last: (0, first),
        }
    }

    #[inline]
    pub(super) fn of(&mut self, day: i32) -> i32 {
        if self.last.0 != day {
            self.last = (day, self.calendar.bucket(day));
        }
        self.last.1
    }
}

/// How an accumulator combines values: what its input's aggregate needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Fold {
    /// The sum (for `sum` and `avg`).
    Sum,
    Min,
    Max,
    /// The sum of the values of the first (last) day that has any, and that
    /// day: `first` and `last` read a period's first (last) day.
    First,
    Last,
}

impl Fold {
    pub(super) fn of(a: Aggregate) -> Fold {
        match a {
            Aggregate::Min => Fold::Min,
            Aggregate::Max => Fold::Max,
            Aggregate::First => Fold::First,
            Aggregate::Last => Fold::Last,
            Aggregate::Sum | Aggregate::Avg => Fold::Sum,
        }
    }

    /// What to do with values of `day` arriving at an accumulator holding
    /// `held`'s: keep them apart (drop them), start over with them, or add
    /// them (every fold but `first`/`last` adds, or keeps the min or max).
    #[inline]
    pub(super) fn against(self, day: i32, held: i32) -> Against {
        match self {
            Fold::First if day > held => Against::Drop,
            Fold::First if day < held => Against::Replace,
            Fold::Last if day < held => Against::Drop,
            Fold::Last if day > held => Against::Replace,
            _ => Against::Combine,
        }
    }
}

/// See [`Fold::against`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Against {
    Drop,
    Replace,
    Combine,
}

/// The values of one input in one group: their sum (or minimum, or maximum,
/// as the input's [`Fold`] says) and how many there were; for `first` and
/// `last`, those of one day, `day`.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Acc {
    pub(super) value: Decimal,
    pub(super) count: u64,
    pub(super) day: i32,
    pub(super) overflow: bool,
}

impl Acc {
    pub(super) fn add(&mut self, v: Decimal, fold: Fold, day: i32) {
        self.merge(
            &Acc {
                value: v,
                count: 1,
                day,
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
        match fold.against(o.day, self.day) {
            Against::Drop => return,
            Against::Replace => {
                *self = *o;
                return;
            }
            Against::Combine => {}
        }
        match fold {
            Fold::Sum | Fold::First | Fold::Last => match self.value.checked_add(o.value) {
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

/// The data read: per (bucket, dimensions), one accumulator per input.
pub(super) struct Daily {
    /// The dimension value combinations seen.
    pub(super) dims: Vec<Vec<String>>,
    /// Per (bucket, index in `dims`), one accumulator per input.
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
