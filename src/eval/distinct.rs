//! What `count_distinct` inputs have seen, per group (bucket of days,
//! dimension combination): each value's text interned once, every (group,
//! input, value) seen, and for an input with `having:` the aggregates of
//! each value's rows. Distinct counts do not add up: a period's count is
//! counted from its buckets' values (and their aggregates merged), never
//! summed from the buckets' counts.

use super::acc::{hash_of, FxMap, FxSet};
use super::row::{eval, Val};
use crate::check::HavingAgg;
use crate::plan::PlanInput;
use crate::vocab::{Aggregate, Period, PeriodKey};
use rust_decimal::Decimal;

/// One `having:` aggregate's state over a value's rows.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct HAcc {
    sum: Decimal,
    /// Rows with a value (a count: rows counted).
    n: u64,
    min: Option<Decimal>,
    max: Option<Decimal>,
    overflow: bool,
}

impl HAcc {
    fn merge(&mut self, o: &HAcc) {
        match self.sum.checked_add(o.sum) {
            Some(s) => self.sum = s,
            None => self.overflow = true,
        }
        self.n += o.n;
        self.min = match (self.min, o.min) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.max = match (self.max, o.max) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        self.overflow |= o.overflow;
    }
}

/// What one row gives a `having:` aggregate: a number (or none), whether it
/// counts, or the text a distinct count counts (or none).
#[derive(Clone, Debug)]
pub(super) enum HVal {
    Num(Option<Decimal>),
    Counted(bool),
    Key(Option<String>),
}

/// The texts distinct counts saw, each once: their bytes one after another
/// (no allocation per value, neighbours in memory), found by id.
#[derive(Default)]
struct Texts {
    bytes: String,
    /// Where each text ends in `bytes`.
    ends: Vec<usize>,
}

impl Texts {
    fn get(&self, id: u32) -> Option<&str> {
        let i = id as usize;
        let end = *self.ends.get(i)?;
        let start = i.checked_sub(1).map_or(0, |p| self.ends[p]);
        self.bytes.get(start..end)
    }

    fn push(&mut self, text: &str) -> u32 {
        self.bytes.push_str(text);
        self.ends.push(self.bytes.len());
        (self.ends.len() - 1) as u32
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.ends.len()
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len() as u32).filter_map(|i| self.get(i))
    }
}

/// A value as the sets hold it: a text of up to 7 bytes is its bytes and
/// its length (top byte 0 to 7), needing no interning, no lookup and no
/// memory of its own — invoice numbers, customer ids, codes; a longer text
/// is [`LONG`] with its interned id in the low 32 bits.
type Value = u64;

/// The top byte of a long text's [`Value`].
const LONG: Value = 0xff << 56;

/// The value of a text of up to 7 bytes.
#[inline]
fn packed(text: &str) -> Option<Value> {
    let b = text.as_bytes();
    if b.len() > 7 {
        return None;
    }
    let mut v = [0u8; 8];
    v[..b.len()].copy_from_slice(b);
    v[7] = b.len() as u8;
    Some(u64::from_le_bytes(v))
}

/// The interning table's hash of a text's 32-bit hash (kept beside its id
/// so that a probe or a rehash never reads the text itself).
fn spread(h: u32) -> u64 {
    (h as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// The (combination, input, value) seen in one bucket.
struct Bucket {
    bucket: i32,
    seen: FxSet<(u32, u32, Value)>,
}

#[derive(Default)]
pub(super) struct Distinct {
    texts: Texts,
    /// (id, 32-bit hash) of each text.
    ids: hashbrown::HashTable<(u32, u32)>,
    /// Per bucket, the (combination, input, value) seen in it: one set per
    /// bucket, so that rows in date order work on a small set, warm in the
    /// cache, instead of one set of millions.
    seen: Vec<Bucket>,
    /// Where each bucket is in `seen`.
    buckets: FxMap<i32, u32>,
    /// The bucket of the last value added and its place in `seen`.
    last_bucket: Option<(i32, u32)>,
    /// (bucket, combination, input, value) → its `having:` aggregates
    having: FxMap<(i32, u32, u32, Value), Vec<HAcc>>,
    /// (bucket, combination, input, value, aggregate, counted value): the
    /// values a `having:` distinct count saw
    having_values: FxSet<(i32, u32, u32, Value, u32, Value)>,
    /// Per input, the (bucket, combination, value) it saw last: order
    /// lines of one invoice follow one another, and so do their customer's,
    /// so most rows repeat it and need no lookup. Always a member of `seen`.
    last: Vec<(i32, u32, Value)>,
    /// The combinations' renumbering not yet applied to the sets above
    /// (`combos[held] = reported`; empty: none): applied to the counts, a
    /// few thousand, instead of rebuilding sets of millions of values.
    combos: Vec<u32>,
}

impl Distinct {
    pub(super) fn is_empty(&self) -> bool {
        self.seen.is_empty() && self.having.is_empty()
    }

    fn id(&mut self, text: &str) -> u32 {
        let texts = &self.texts;
        let h = (hash_of(text) >> 32) as u32;
        if let Some(&(id, _)) = self
            .ids
            .find(spread(h), |&(i, ih)| ih == h && texts.get(i) == Some(text))
        {
            return id;
        }
        let id = self.texts.push(text);
        self.ids
            .insert_unique(spread(h), (id, h), |&(_, ih)| spread(ih));
        id
    }

    /// The set of a bucket, made if new.
    #[inline]
    fn bucket(&mut self, bucket: i32) -> &mut FxSet<(u32, u32, Value)> {
        let at = match self.last_bucket {
            Some((b, at)) if b == bucket => at,
            _ => {
                let next = self.seen.len() as u32;
                let at = *self.buckets.entry(bucket).or_insert(next);
                if at == next {
                    self.seen.push(Bucket {
                        bucket,
                        seen: FxSet::default(),
                    });
                }
                self.last_bucket = Some((bucket, at));
                at
            }
        };
        &mut self.seen[at as usize].seen
    }

    /// The value of a text, a long one interned.
    fn value(&mut self, text: &str) -> Value {
        packed(text).unwrap_or_else(|| self.long(text))
    }

    /// The value of a text longer than 7 bytes: interned.
    fn long(&mut self, text: &str) -> Value {
        LONG | Value::from(self.id(text))
    }

    /// The text of a value held here.
    #[cfg(test)]
    fn text(&self, v: Value) -> Option<String> {
        if v & LONG == LONG {
            return self.texts.get(v as u32).map(str::to_string);
        }
        let b = v.to_le_bytes();
        String::from_utf8(b[..usize::from(b[7]).min(7)].to_vec()).ok()
    }

    /// Input `input` saw `text` in group (bucket, combination).
    pub(super) fn add(&mut self, bucket: i32, combo: u32, input: usize, text: &str) {
        self.settle();
        let short = packed(text);
        if let Some(&(b, c, v)) = self.last.get(input) {
            let same = match short {
                Some(p) => p == v,
                None => v & LONG == LONG && self.texts.get(v as u32) == Some(text),
            };
            if same && b == bucket && c == combo {
                return;
            }
        }
        let v = short.unwrap_or_else(|| self.long(text));
        self.bucket(bucket).insert((combo, input as u32, v));
        if self.last.len() <= input {
            self.last.resize(input + 1, (0, 0, Value::MAX));
        }
        self.last[input] = (bucket, combo, v);
    }

    /// Input `input` (with `having:`) saw value `text` on a row whose
    /// aggregates' arguments are `vals`.
    pub(super) fn add_having(
        &mut self,
        bucket: i32,
        combo: u32,
        input: usize,
        text: &str,
        vals: &[HVal],
    ) {
        self.settle();
        let id = self.value(text);
        let key = (bucket, combo, input as u32, id);
        let mut accs = self
            .having
            .remove(&key)
            .unwrap_or_else(|| vec![HAcc::default(); vals.len()]);
        for (a, (acc, v)) in accs.iter_mut().zip(vals).enumerate() {
            match v {
                HVal::Num(Some(n)) => acc.merge(&HAcc {
                    sum: *n,
                    n: 1,
                    min: Some(*n),
                    max: Some(*n),
                    overflow: false,
                }),
                HVal::Counted(true) => acc.n += 1,
                HVal::Key(Some(t)) => {
                    let v = self.value(t);
                    self.having_values
                        .insert((bucket, combo, input as u32, id, a as u32, v));
                }
                HVal::Num(None) | HVal::Counted(false) | HVal::Key(None) => {}
            }
        }
        self.having.insert(key, accs);
    }

    pub(super) fn held(&self) -> u64 {
        use std::mem::size_of;
        let having: usize = self
            .having
            .values()
            .map(|v| v.capacity() * size_of::<HAcc>() + 24)
            .sum();
        let seen: usize = self
            .seen
            .iter()
            .map(|b| b.seen.capacity() * (size_of::<(u32, u32, Value)>() + 1) + 64)
            .sum();
        (seen
            + self.having.capacity() * (size_of::<((i32, u32, u32, Value), Vec<HAcc>)>() + 1)
            + having
            + self.having_values.capacity() * (size_of::<(i32, u32, u32, Value, u32, Value)>() + 1)
            + self.ids.capacity() * (size_of::<(u32, u32)>() + 1)
            + self.texts.bytes.capacity()
            + self.texts.ends.capacity() * size_of::<usize>()) as u64
    }

    /// Another file's values folded in; `ids` maps its combinations to these.
    pub(super) fn absorb(&mut self, other: &Distinct, ids: &[u32]) {
        self.settle();
        // its own pending renumbering composed into the map
        let mapped: Vec<u32>;
        let ids = if other.combos.is_empty() {
            ids
        } else {
            mapped = other
                .combos
                .iter()
                .map(|&c| ids.get(c as usize).copied().unwrap_or(u32::MAX))
                .collect();
            &mapped
        };
        // each of its long values interned here once, not once per group
        let longs: Vec<u32> = other.texts.iter().map(|t| self.id(t)).collect();
        let here = |v: Value| {
            if v & LONG == LONG {
                longs
                    .get(v as u32 as usize)
                    .map(|&id| LONG | Value::from(id))
            } else {
                Some(v)
            }
        };
        for theirs in &other.seen {
            let mine = self.bucket(theirs.bucket);
            mine.reserve(theirs.seen.len());
            for &(combo, input, value) in &theirs.seen {
                if let (Some(&c), Some(v)) = (ids.get(combo as usize), here(value)) {
                    mine.insert((c, input, v));
                }
            }
        }
        for (&(bucket, combo, input, value), accs) in &other.having {
            if let (Some(&c), Some(id)) = (ids.get(combo as usize), here(value)) {
                let mine = self
                    .having
                    .entry((bucket, c, input, id))
                    .or_insert_with(|| vec![HAcc::default(); accs.len()]);
                for (m, o) in mine.iter_mut().zip(accs) {
                    m.merge(o);
                }
            }
        }
        for &(bucket, combo, input, value, a, v) in &other.having_values {
            if let (Some(&c), Some(id), Some(vid)) = (ids.get(combo as usize), here(value), here(v))
            {
                self.having_values.insert((bucket, c, input, id, a, vid));
            }
        }
    }

    /// The combinations renumbered (`index[old] = new`): only noted, and
    /// applied to the counts (or to the sets, if a value comes after).
    pub(super) fn renumber(&mut self, index: &[u32]) {
        self.last.clear();
        if self.is_empty() {
            return;
        }
        self.combos = if self.combos.is_empty() {
            index.to_vec()
        } else {
            self.combos
                .iter()
                .map(|&c| index.get(c as usize).copied().unwrap_or(c))
                .collect()
        };
    }

    /// The combination a held one is reported as.
    fn reported(&self, combo: u32) -> u32 {
        self.combos.get(combo as usize).copied().unwrap_or(combo)
    }

    /// The pending renumbering applied to the sets.
    fn settle(&mut self) {
        if self.combos.is_empty() {
            return;
        }
        let combos = std::mem::take(&mut self.combos);
        let new = |c: u32| combos.get(c as usize).copied().unwrap_or(c);
        self.last.clear();
        for b in &mut self.seen {
            b.seen = std::mem::take(&mut b.seen)
                .into_iter()
                .map(|(c, i, v)| (new(c), i, v))
                .collect();
        }
        self.having = std::mem::take(&mut self.having)
            .into_iter()
            .map(|((b, c, i, v), a)| ((b, new(c), i, v), a))
            .collect();
        self.having_values = std::mem::take(&mut self.having_values)
            .into_iter()
            .map(|(b, c, i, v, a, w)| (b, new(c), i, v, a, w))
            .collect();
    }

    /// Per (period, combination, input), how many distinct values it saw
    /// (for an input with `having:`, how many of them pass it).
    pub(super) fn counts(
        &self,
        period: Period,
        inputs: &[PlanInput],
    ) -> FxMap<(PeriodKey, u32, u32), u64> {
        let key_of = |bucket: i32| {
            chrono::NaiveDate::from_num_days_from_ce_opt(bucket).map(|d| period.key(d))
        };
        // a period's buckets: where it has one (the period is the finest
        // cadence computed), each value is counted once already; where it
        // has several, their sets' union
        let mut by_period: FxMap<PeriodKey, Vec<&Bucket>> = FxMap::default();
        for b in &self.seen {
            if let Some(key) = key_of(b.bucket) {
                by_period.entry(key).or_default().push(b);
            }
        }
        let mut counts = FxMap::default();
        for (key, buckets) in by_period {
            if let [one] = buckets[..] {
                for &(combo, input, _) in &one.seen {
                    *counts.entry((key, combo, input)).or_insert(0) += 1;
                }
                continue;
            }
            let all: FxSet<&(u32, u32, Value)> = buckets.iter().flat_map(|b| &b.seen).collect();
            for &(combo, input, _) in all {
                *counts.entry((key, combo, input)).or_insert(0) += 1;
            }
        }
        if self.having.is_empty() {
            return self.reported_counts(counts);
        }
        // each value's aggregates over the whole period
        let mut merged: FxMap<(PeriodKey, u32, u32, Value), Vec<HAcc>> = FxMap::default();
        for (&(bucket, combo, input, value), accs) in &self.having {
            let Some(key) = key_of(bucket) else { continue };
            let m = merged
                .entry((key, combo, input, value))
                .or_insert_with(|| vec![HAcc::default(); accs.len()]);
            for (a, o) in m.iter_mut().zip(accs) {
                a.merge(o);
            }
        }
        let mut distinct: FxSet<(PeriodKey, u32, u32, Value, u32, Value)> = FxSet::default();
        for &(bucket, combo, input, value, a, v) in &self.having_values {
            if let Some(key) = key_of(bucket) {
                distinct.insert((key, combo, input, value, a, v));
            }
        }
        let mut distinct_counts: FxMap<(PeriodKey, u32, u32, Value, u32), u64> = FxMap::default();
        for (key, combo, input, value, a, _) in distinct {
            *distinct_counts
                .entry((key, combo, input, value, a))
                .or_insert(0) += 1;
        }
        for ((key, combo, input, value), accs) in merged {
            let Some((cond, aggs)) = inputs
                .get(input as usize)
                .and_then(|i| i.row.as_ref())
                .and_then(|r| r.having.as_ref())
            else {
                continue;
            };
            let value_of = |a: usize, _| {
                Ok(agg_value(
                    aggs.get(a),
                    accs.get(a),
                    distinct_counts
                        .get(&(key, combo, input, value, a as u32))
                        .copied()
                        .unwrap_or(0),
                ))
            };
            let passes = matches!(eval(cond, &value_of), Ok(Val::Bool(true)));
            let n = counts.entry((key, combo, input)).or_insert(0);
            if passes {
                *n += 1;
            }
        }
        self.reported_counts(counts)
    }

    /// Counts keyed by the combinations as reported.
    fn reported_counts(
        &self,
        counts: FxMap<(PeriodKey, u32, u32), u64>,
    ) -> FxMap<(PeriodKey, u32, u32), u64> {
        if self.combos.is_empty() {
            return counts;
        }
        counts
            .into_iter()
            .map(|((key, combo, input), n)| ((key, self.reported(combo), input), n))
            .collect()
    }
}

/// The value of a `having:` aggregate over a value's rows (null where it
/// has none: a sum of nothing, as in SQL).
fn agg_value(agg: Option<&HavingAgg>, acc: Option<&HAcc>, distinct: u64) -> Val<'static> {
    let (Some(agg), Some(acc)) = (agg, acc) else {
        return Val::Null;
    };
    let num = |d: Option<Decimal>| d.map_or(Val::Null, Val::Num);
    match agg.aggregate {
        Aggregate::Count => Val::Num(Decimal::from(acc.n)),
        Aggregate::CountDistinct => Val::Num(Decimal::from(distinct)),
        _ if acc.n == 0 || acc.overflow => Val::Null,
        Aggregate::Sum | Aggregate::First | Aggregate::Last => Val::Num(acc.sum),
        Aggregate::Min => num(acc.min),
        Aggregate::Max => num(acc.max),
        Aggregate::Avg => num(acc.sum.checked_div(Decimal::from(acc.n))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What was seen, by text: the set a distinct count counts from.
    fn seen(d: &Distinct) -> std::collections::BTreeSet<(i32, u32, u32, String)> {
        d.seen
            .iter()
            .flat_map(|b| b.seen.iter().map(move |&(c, i, v)| (b.bucket, c, i, v)))
            .map(|(b, c, i, v)| (b, d.reported(c), i, d.text(v).unwrap()))
            .collect()
    }

    #[test]
    fn repeated_values_skip_the_lookup_but_every_group_sees_its_own() {
        // runs of one value, the same value in another group or input right
        // after, a value back after another, groups renumbered in between
        let rows: &[(i32, u32, usize, &str)] = &[
            (0, 0, 0, "A1"),
            (0, 0, 0, "A1"),
            (0, 1, 0, "A1"),
            (0, 1, 1, "A1"),
            (1, 1, 1, "A1"),
            (1, 1, 1, "B2"),
            (1, 1, 1, "A1"),
            (1, 1, 0, "A1"),
            (1, 1, 0, "A1"),
            (2, 0, 0, "17850"),
            (2, 0, 0, "17850.0"),
            // 7 bytes are held as they are, 8 and more interned
            (2, 0, 1, "1234567"),
            (2, 0, 1, "12345678"),
            (2, 0, 1, "12345678"),
            (2, 0, 1, "1234567"),
            (2, 1, 1, "jane.doe@example.com"),
            (2, 1, 1, "jane.doe@example.com"),
            (2, 1, 0, "jane.doe@example.com"),
            (2, 1, 0, "a\0"),
            (2, 1, 0, "a"),
        ];
        let mut d = Distinct::default();
        let mut want = std::collections::BTreeSet::new();
        for &(b, c, i, t) in rows {
            d.add(b, c, i, t);
            want.insert((b, c, i as u32, t.to_string()));
            assert_eq!(seen(&d), want, "after {b} {c} {i} {t}");
        }
        // combinations 0 and 1 swapped: the last value seen is forgotten
        d.renumber(&[1, 0]);
        d.add(2, 0, 0, "17850.0");
        d.add(2, 1, 0, "17850.0");
        let want: std::collections::BTreeSet<_> = want
            .into_iter()
            .map(|(b, c, i, t)| (b, 1 - c, i, t))
            .chain([(2, 0, 0, "17850.0".to_string())])
            .collect();
        assert_eq!(seen(&d), want);
    }

    /// Counted per period whether or not two buckets share one (a week cut
    /// by a month's end), with the combinations as renumbered last.
    #[test]
    fn counts_are_per_whole_period_and_follow_a_renumbering() {
        use chrono::{Datelike, NaiveDate};
        let day = |m, d| {
            NaiveDate::from_ymd_opt(2026, m, d)
                .unwrap()
                .num_days_from_ce()
        };
        let month = |m| Period::Monthly.key(NaiveDate::from_ymd_opt(2026, m, 1).unwrap());
        let rows = [
            (day(1, 1), 0, "x"),
            (day(1, 1), 0, "y"),
            (day(2, 1), 1, "x"),
            (day(2, 1), 0, "x"),
        ];
        // one bucket per month, then a second bucket in January
        let second: &[(i32, u32, &str)] = &[(day(1, 12), 0, "x"), (day(1, 12), 0, "z")];
        for (extra, january) in [(&[][..], 2), (second, 3)] {
            let mut d = Distinct::default();
            for &(b, c, t) in rows.iter().chain(extra) {
                d.add(b, c, 0, t);
            }
            let want = |swap: u32| -> FxMap<(PeriodKey, u32, u32), u64> {
                [
                    ((month(1), swap, 0), january),
                    ((month(2), 1 - swap, 0), 1),
                    ((month(2), swap, 0), 1),
                ]
                .into_iter()
                .collect()
            };
            assert_eq!(d.counts(Period::Monthly, &[]), want(0), "{extra:?}");
            d.renumber(&[1, 0]);
            assert_eq!(d.counts(Period::Monthly, &[]), want(1), "{extra:?}");
            // a value after the renumbering: the sets renumbered first
            d.add(day(2, 1), 0, 0, "w");
            let mut more = want(1);
            *more.get_mut(&(month(2), 0, 0)).unwrap() += 1;
            assert_eq!(d.counts(Period::Monthly, &[]), more, "{extra:?}");
        }
    }

    #[test]
    fn absorbing_another_reader_maps_its_values_and_combinations() {
        let mut a = Distinct::default();
        a.add(0, 0, 0, "x");
        a.add(0, 0, 0, "a long value");
        let mut b = Distinct::default();
        b.add(0, 0, 0, "y");
        b.add(0, 1, 0, "x");
        b.add(3, 1, 1, "y");
        b.add(3, 1, 1, "another long value");
        b.add(0, 1, 0, "a long value");
        // b's combination 0 is a's 1, its 1 is a's 0
        a.absorb(&b, &[1, 0]);
        let want: std::collections::BTreeSet<_> = [
            (0, 0, 0, "x"),
            (0, 1, 0, "y"),
            (3, 0, 1, "y"),
            (0, 0, 0, "a long value"),
            (3, 0, 1, "another long value"),
        ]
        .into_iter()
        .map(|(b, c, i, t)| (b, c, i, t.to_string()))
        .collect();
        assert_eq!(seen(&a), want);
        assert_eq!(
            a.texts.len(),
            2,
            "each long text interned once, short ones not at all"
        );
    }
}
