//! The fast path of the CSV reader: an optimistic parser for the common case
//! (no quotes, `YYYY-MM-DD` dates, plain decimal numbers) that reads the file
//! in chunks on every core, parses only the needed columns straight into
//! fixed-point integers, and folds them into per-(bucket, dimensions)
//! accumulators. Anything it does not handle — a quote, a bad cell, a short
//! row, a number over 28 digits — makes it give up, and the exact reader
//! reads the file again and reports the problem with its position. So it
//! never changes a result or a diagnostic, only the time they take.

use super::acc::{hash_of, Acc, Against, Buckets, Budget, Calendar, Chains, Fold, FxMap, Groups};
use super::combos::Texts;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::io::Read;
use std::path::Path;
use std::sync::mpsc;

/// Bytes read at a time; a chunk ends on a row boundary.
const CHUNK: usize = 4 << 20;
/// The smallest chunk, under a small memory limit.
const MIN_CHUNK: usize = 64 << 10;
/// Most `--by` columns the fast path groups on.
pub(super) const MAX_DIMS: usize = 4;

/// Where the needed columns are in a row.
pub(super) struct Layout<'a> {
    pub fields: usize,
    pub date: usize,
    pub inputs: &'a [Option<usize>],
    pub by: &'a [usize],
    /// How each input's values combine.
    pub folds: &'a [Fold],
    /// The buckets of days the groups are kept for.
    pub calendar: &'a Calendar,
    /// The memory the groups may take.
    pub budget: &'a Budget,
    /// Told the bytes read so far and the file's size, once per chunk.
    pub progress: Option<super::Progress<'a>>,
    /// The field delimiter and the decimal point.
    pub delimiter: u8,
    pub decimal: u8,
    /// How dates are written.
    pub dates: DateShape,
    /// The thousands separator numbers may hold.
    pub thousands: crate::vocab::Thousands,
    /// Lines before the header (`skip:` and `#` comment lines).
    pub preamble: u64,
    /// The file is Windows-1252 (or Latin-1, read as it): each chunk is
    /// decoded to UTF-8 before it is folded.
    pub windows_1252: bool,
}

/// The date layouts the fast path reads: fixed-width, zero-padded, the
/// ones exports use. Any other format is left to the exact reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum DateShape {
    /// `2026-03-01` (no format given)
    Iso,
    /// `01/03/2026`, with its separator
    DayMonthYear(u8),
    /// `03/01/2026`
    MonthDayYear(u8),
    /// `2026/03/01`
    YearMonthDay(u8),
    /// `20260301` (GA4)
    Compact,
}

impl DateShape {
    /// The shape of a strftime format, if the fast path reads it.
    pub(super) fn of(format: Option<&str>) -> Option<DateShape> {
        use DateShape::*;
        Some(match format {
            None | Some("%Y-%m-%d") => Iso,
            Some("%Y%m%d") => Compact,
            Some("%d/%m/%Y") => DayMonthYear(b'/'),
            Some("%d-%m-%Y") => DayMonthYear(b'-'),
            Some("%d.%m.%Y") => DayMonthYear(b'.'),
            Some("%m/%d/%Y") => MonthDayYear(b'/'),
            Some("%m-%d-%Y") => MonthDayYear(b'-'),
            Some("%m.%d.%Y") => MonthDayYear(b'.'),
            Some("%Y/%m/%d") => YearMonthDay(b'/'),
            Some("%Y.%m.%d") => YearMonthDay(b'.'),
            Some(_) => return None,
        })
    }
}

/// A sum (or minimum, or maximum, or first or last day's sum, as the input's
/// [`Fold`] says) at one decimal scale, as an integer. The integer is kept
/// as two words so that the accumulator is 32 bytes, not the 48 an `i128`'s
/// alignment would make it: the groups of a high-cardinality `--by` are
/// millions of these.
#[derive(Clone, Copy, Default)]
struct FAcc {
    lo: u64,
    hi: i64,
    count: u64,
    /// The day of the values (`first` and `last`).
    day: i32,
    scale: u8,
    overflow: bool,
}

const POW10: [i128; 29] = {
    let mut p = [1i128; 29];
    let mut i = 1;
    while i < 29 {
        p[i] = p[i - 1] * 10;
        i += 1;
    }
    p
};

impl FAcc {
    #[inline]
    fn value(&self) -> i128 {
        ((self.hi as i128) << 64) | self.lo as i128
    }

    #[inline]
    fn set(&mut self, v: i128) {
        self.lo = v as u64;
        self.hi = (v >> 64) as i64;
    }

    #[inline]
    fn add(&mut self, mut v: i128, vs: u32, fold: Fold, day: i32) {
        let fresh = |v: i128| {
            let mut a = FAcc {
                count: 1,
                day,
                scale: vs as u8,
                ..FAcc::default()
            };
            a.set(v);
            a
        };
        if self.count == 0 {
            *self = fresh(v);
            return;
        }
        match fold.against(day, self.day) {
            Against::Drop => return,
            Against::Replace => {
                *self = fresh(v);
                return;
            }
            Against::Combine => {}
        }
        let mut value = self.value();
        let scale = self.scale as u32;
        if vs > scale {
            match value.checked_mul(POW10[(vs - scale) as usize]) {
                Some(x) => value = x,
                None => self.overflow = true,
            }
            self.scale = vs as u8;
        } else if vs < scale {
            match v.checked_mul(POW10[(scale - vs) as usize]) {
                Some(x) => v = x,
                None => {
                    self.overflow = true;
                    return;
                }
            }
        }
        match fold {
            Fold::Sum | Fold::First | Fold::Last => match value.checked_add(v) {
                Some(s) => value = s,
                None => self.overflow = true,
            },
            Fold::Min => value = value.min(v),
            Fold::Max => value = value.max(v),
        }
        self.set(value);
        self.count += 1;
    }

    /// The exact reader's accumulator; None when a minimum or maximum could
    /// not be kept exactly (then the exact reader reads the file).
    fn to_acc(self, fold: Fold) -> Option<Acc> {
        let value = Decimal::try_from_i128_with_scale(self.value(), self.scale as u32).ok();
        if matches!(fold, Fold::Min | Fold::Max) && (self.overflow || value.is_none()) {
            return None;
        }
        Some(Acc::new(
            value.unwrap_or_default(),
            self.count,
            self.day,
            self.overflow || value.is_none(),
        ))
    }
}

/// A dimension value in a part's table of them: its id, its length and,
/// when it has at most 16 bytes (most campaign and ad names, ids, channel
/// names), the bytes themselves, so that a lookup compares two words in
/// place instead of reading the value's bytes elsewhere in memory (at a
/// million values, a cache miss per row).
#[derive(Clone, Copy)]
pub(super) struct DimEntry {
    words: [u64; 2],
    len: u32,
    id: u32,
}

impl DimEntry {
    /// The entry of value `v` (its words zero when it is longer than 16 bytes).
    #[inline]
    fn of(v: &[u8], id: u32) -> DimEntry {
        let mut bytes = [0u8; 16];
        if v.len() <= 16 {
            bytes[..v.len()].copy_from_slice(v);
        }
        DimEntry {
            words: [
                u64::from_le_bytes(bytes[..8].try_into().unwrap_or_default()),
                u64::from_le_bytes(bytes[8..].try_into().unwrap_or_default()),
            ],
            len: v.len() as u32,
            id,
        }
    }

    /// The hash of the value `v` this entry holds: of its words when short.
    #[inline]
    fn hash(&self, v: &[u8]) -> u64 {
        if self.len <= 16 {
            hash_of(&(self.words, self.len))
        } else {
            hash_of(v)
        }
    }

    /// This entry is the value `v` (whose entry is `key`); `values` are the
    /// dimension's values by id.
    #[inline]
    fn is(&self, key: &DimEntry, v: &[u8], values: &Texts) -> bool {
        self.len == key.len
            && if key.len <= 16 {
                self.words == key.words
            } else {
                values.bytes(self.id as usize) == v
            }
    }
}

/// Up to this many values, a dimension's values (or combinations) are found
/// by a linear scan, cheaper than hashing; beyond, by a hash map.
const LINEAR: usize = 16;

/// What the workers share: the groups they have flushed (each group once,
/// whatever the number of workers), how values fold, the memory budget.
pub(super) struct Shared<'a> {
    groups: std::sync::Mutex<Groups>,
    folds: &'a [Fold],
    n_by: usize,
    budget: &'a Budget,
    /// The bytes of accumulators a part holds before it flushes them.
    flush_bytes: usize,
    /// The bytes of dimension values a part holds before its tables of
    /// them start over.
    clear_bytes: usize,
}

impl<'a> Shared<'a> {
    /// For `workers` parts: each may hold an eighth of its share of the
    /// memory limit in accumulators before it flushes, at most
    /// `FLUSH_BYTES`, and as much in dimension values, at most
    /// `CLEAR_BYTES`. Flushing is a hash lookup per group, worth it only
    /// when the part is big: below, each worker keeps its groups to the
    /// end, as at low cardinality.
    pub(super) fn new(
        folds: &'a [Fold],
        n_by: usize,
        budget: &'a Budget,
        workers: usize,
    ) -> Shared<'a> {
        let share = budget
            .limit()
            .map_or(u64::MAX, |l| l / (8 * workers.max(1) as u64));
        Shared {
            groups: std::sync::Mutex::new(Groups::empty(folds.len())),
            folds,
            n_by,
            budget,
            flush_bytes: share.clamp(1 << 20, FLUSH_BYTES as u64) as usize,
            clear_bytes: share.clamp(1 << 20, CLEAR_BYTES as u64) as usize,
        }
    }

    /// Every part flushed: the groups of the whole file; None when a part
    /// failed (the exact reader then reads the file).
    pub(super) fn finish(&self, parts: Vec<Option<Part<'_>>>) -> Option<Groups> {
        for part in parts {
            let mut part = part?;
            if !part.flush() {
                return None;
            }
            // the part is dropped: what it held is free again
            self.budget.release(part.told);
        }
        let mut all = self.groups.lock().ok()?;
        let mut groups = std::mem::replace(&mut *all, Groups::empty(self.folds.len()));
        groups.seal();
        Some(groups)
    }
}

/// The shared groups, which held `before` bytes before a part's were
/// merged in, take the budget past its limit, and can be written out.
fn after_merge_over(budget: &Budget, all: &Groups, before: u64) -> bool {
    if !budget.can_spill() {
        return false;
    }
    let after = all.held();
    let used_then = budget.used();
    // the budget has not been told of the merge yet
    budget
        .limit()
        .is_some_and(|l| used_then.saturating_add(after.saturating_sub(before)) > l)
}

/// The most accumulators a part holds before it flushes them into the
/// shared groups (at the end of a chunk): a part stays bounded whatever the
/// cardinality, and a group is held about once, not once per worker. A
/// flush costs the same hash lookup per group whatever its size, so the
/// bound is small: on a million ads of 5 inputs (`bench/ads`), 32 MiB took
/// the peak from 875 to ~570 MiB at the same speed (256 MiB before).
const FLUSH_BYTES: usize = 32 << 20;

/// The most dimension values a part keeps (at `COMBO_BYTES` each) before
/// its tables of them start over. Larger than `FLUSH_BYTES`: a value seen
/// again is found in the part's table, not looked up in the shared one,
/// and a dimension with a million values recurring through the file keeps
/// them all.
const CLEAR_BYTES: usize = 256 << 20;

/// What a combination of dimension values costs a part (its entries in the
/// value, combination and cache tables, a short value's bytes).
const COMBO_BYTES: usize = 96;

/// One worker's groups, with its own dimension-value table.
pub(super) struct Part<'a> {
    n_in: usize,
    /// Dimension value combinations (value ids per `--by` column).
    combos: Vec<[u32; MAX_DIMS]>,
    combo_ids: FxMap<[u32; MAX_DIMS], u32>,
    /// Per combination, the last bucket seen and its group: rows come in
    /// date order in most exports, so most rows find their group here.
    last: Vec<(i32, u32)>,
    /// Where the group of every (bucket, combination) is.
    chains: Chains,
    keys: Vec<(i32, u32)>,
    /// `n_in` accumulators per group, group after group.
    accs: Vec<FAcc>,
    dims: Vec<Texts>,
    /// Per dimension, its values' ids by hash, a short value's bytes
    /// beside its id (a lookup compares them in place; a longer value is
    /// compared against its bytes in `dims`, without allocating).
    dim_ids: Vec<hashbrown::HashTable<DimEntry>>,
    /// Each day's bucket (groups are per bucket of days).
    buckets: Buckets,
    /// Where the part's groups go, and the memory limit.
    shared: &'a Shared<'a>,
    /// The shared index of each of the part's combinations (`u32::MAX`:
    /// not yet known).
    global: Vec<u32>,
    /// What the budget was last told this part holds.
    told: u64,
    /// The budget's count of groups written out when `global` was last
    /// right (after a spill, the shared groups start over).
    spills: u64,
    /// A flush failed (a minimum or maximum not kept exactly).
    failed: bool,
}

impl<'a> Part<'a> {
    pub(super) fn new(calendar: &Calendar, shared: &'a Shared<'a>) -> Part<'a> {
        let (n_in, n_dims) = (shared.folds.len(), shared.n_by);
        Part {
            buckets: Buckets::new(calendar.clone()),
            shared,
            global: Vec::new(),
            told: 0,
            spills: shared.budget.spills(),
            failed: false,
            n_in,
            combos: Vec::new(),
            combo_ids: FxMap::default(),
            last: Vec::new(),
            chains: Chains::default(),
            keys: Vec::new(),
            accs: Vec::new(),
            dims: vec![Texts::default(); n_dims],
            dim_ids: (0..n_dims).map(|_| hashbrown::HashTable::new()).collect(),
        }
    }

    /// The id of dimension `i`'s value `v`; None when it is not UTF-8.
    pub(super) fn dim_id(&mut self, i: usize, v: &[u8]) -> Option<u32> {
        let values = &mut self.dims[i];
        // a few values: scanned, the entry made only for a new one
        if values.len() <= LINEAR {
            if let Some(id) = (0..values.len()).position(|x| values.bytes(x) == v) {
                return Some(id as u32);
            }
        }
        let key = DimEntry::of(v, 0);
        let hash = if values.len() <= LINEAR {
            key.hash(v)
        } else {
            let hash = key.hash(v);
            let found = self.dim_ids[i].find(hash, |e| e.is(&key, v, values));
            if let Some(e) = found {
                return Some(e.id);
            }
            hash
        };
        let text = std::str::from_utf8(v).ok()?;
        let id = values.push(text);
        let values = &self.dims[i];
        let entry = DimEntry { id, ..key };
        self.dim_ids[i].insert_unique(hash, entry, |e| e.hash(values.bytes(e.id as usize)));
        Some(id)
    }

    /// Folds one row's values (taken) into the group of (its day's bucket,
    /// combination).
    pub(super) fn add_row(
        &mut self,
        day: i32,
        key: [u32; MAX_DIMS],
        vals: &mut [Option<(i128, u32)>],
        folds: &[Fold],
    ) {
        let bucket = self.buckets.of(day);
        let g = self.group(bucket, key);
        for ((acc, v), fold) in self.accs[g..g + self.n_in].iter_mut().zip(vals).zip(folds) {
            if let Some((m, s)) = v.take() {
                acc.add(m, s, *fold, day);
            }
        }
    }

    /// The end of a chunk (or Parquet row group): the groups flushed into
    /// the shared ones once they take `flush_bytes`, the budget told what
    /// was added; false once the limit is passed or a flush failed.
    pub(super) fn end_of_chunk(&mut self) -> bool {
        let flush = self.shared.flush_bytes;
        if self.accs.len() * std::mem::size_of::<FAcc>() >= flush && !self.flush() {
            return false;
        }
        // a dimension with very many values: the part's own tables of them
        // would grow like the shared one; they start over
        if self.combos.len() * COMBO_BYTES >= self.shared.clear_bytes {
            // the groups refer to the combinations: flushed first
            if !self.flush() {
                return false;
            }
            self.combos.clear();
            self.combo_ids.clear();
            self.global.clear();
            self.last.clear();
            for (values, ids) in self.dims.iter_mut().zip(&mut self.dim_ids) {
                values.clear();
                ids.clear();
            }
        }
        self.tell() && !self.failed
    }

    /// What the part holds in memory: the capacities of its vectors and
    /// tables (kept across flushes, and grown past their length), and its
    /// dimension values.
    fn held(&self) -> u64 {
        use std::mem::size_of;
        let tables = self.accs.capacity() * size_of::<FAcc>()
            + self.keys.capacity() * size_of::<(i32, u32)>()
            + self.chains.held()
            + self.combos.capacity() * size_of::<[u32; MAX_DIMS]>()
            + self.combo_ids.capacity() * (size_of::<([u32; MAX_DIMS], u32)>() + 1)
            + self.last.capacity() * size_of::<(i32, u32)>()
            + self.global.capacity() * size_of::<u32>()
            + self
                .dims
                .iter()
                .zip(&self.dim_ids)
                .map(|(v, t)| v.held() + t.capacity() * (size_of::<DimEntry>() + 1))
                .sum::<usize>();
        tables as u64
    }

    /// Tells the budget what the part holds now; over the limit, the part
    /// flushes (and the shared groups are written out). False once over the
    /// limit for good.
    fn tell(&mut self) -> bool {
        let now = self.held();
        let budget = self.shared.budget;
        if now >= self.told {
            budget.take(now - self.told);
        } else {
            budget.release(self.told - now);
        }
        self.told = now;
        if !budget.within() && budget.can_spill() && !self.flush() {
            return false;
        }
        !budget.over()
    }

    /// The part's groups folded into the shared ones, and dropped.
    fn flush(&mut self) -> bool {
        if self.keys.is_empty() {
            return !self.failed;
        }
        let shared = self.shared;
        let n_in = self.n_in;
        let Ok(mut all) = shared.groups.lock() else {
            return false;
        };
        all.saw(self.buckets.latest());
        let before = all.held();
        if self.spills != shared.budget.spills() {
            // the shared groups were written out: their combinations are new
            self.global.clear();
            self.spills = shared.budget.spills();
        }
        self.global.resize(self.combos.len(), u32::MAX);
        for (gi, &(bucket, combo)) in self.keys.iter().enumerate() {
            let c = combo as usize;
            if self.global[c] == u32::MAX {
                let ids = self.combos[c];
                let values: Vec<&str> = (0..shared.n_by)
                    .map(|i| self.dims[i].get(ids[i] as usize))
                    .collect();
                self.global[c] = all.combo(&values);
            }
            let g = all.index_of(bucket, self.global[c]);
            let mine = &self.accs[gi * n_in..(gi + 1) * n_in];
            for ((theirs, m), fold) in all.group_mut(g).iter_mut().zip(mine).zip(shared.folds) {
                match m.to_acc(*fold) {
                    Some(a) => theirs.merge(&a, *fold),
                    None => self.failed = true,
                }
            }
        }
        // past the limit, the shared groups are written out
        if after_merge_over(shared.budget, &all, before) && !shared.budget.spill(&mut all) {
            self.failed = true;
        }
        let after = all.held();
        drop(all);
        // the shared groups grew; the part keeps its vectors' capacity
        if after >= before {
            shared.budget.take(after - before);
        } else {
            shared.budget.release(before - after);
        }
        self.keys.clear();
        self.accs.clear();
        self.chains.clear();
        self.last.fill((i32::MIN, 0));
        !self.failed
    }

    /// The first accumulator of the group (bucket, combination), created if new.
    fn group(&mut self, bucket: i32, dims: [u32; MAX_DIMS]) -> usize {
        let combo = if self.shared.n_by == 1 {
            // one dimension: a combination is its value, numbered alike
            while self.combos.len() <= dims[0] as usize {
                self.combos.push([self.combos.len() as u32, 0, 0, 0]);
                self.last.push((i32::MIN, 0));
            }
            Some(dims[0])
        } else if self.combos.len() <= LINEAR {
            self.combos
                .iter()
                .position(|c| *c == dims)
                .map(|c| c as u32)
        } else {
            self.combo_ids.get(&dims).copied()
        };
        let combo = combo.unwrap_or_else(|| {
            let id = self.combos.len() as u32;
            self.combos.push(dims);
            self.combo_ids.insert(dims, id);
            self.last.push((i32::MIN, 0));
            id
        });
        let (last_bucket, g) = self.last[combo as usize];
        let g = if last_bucket == bucket {
            g
        } else {
            let (g, new) = self.chains.locate(&mut self.keys, bucket, combo);
            if new {
                self.accs
                    .extend(std::iter::repeat_n(FAcc::default(), self.n_in));
            }
            self.last[combo as usize] = (bucket, g);
            g
        };
        g as usize * self.n_in
    }
}

/// A plain decimal number as (mantissa, scale); None for anything else.
fn parse_number(s: &[u8], point: u8) -> Option<(i128, u32)> {
    let (neg, digits) = match s.first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let mut m: i128 = 0;
    let mut scale = 0u32;
    let mut seen_dot = false;
    let mut n = 0;
    for &b in digits {
        match b {
            b'0'..=b'9' => {
                m = m * 10 + (b - b'0') as i128;
                n += 1;
                if n > 28 {
                    return None;
                }
                if seen_dot {
                    scale += 1;
                }
            }
            b if b == point && !seen_dot => seen_dot = true,
            _ => return None,
        }
    }
    if n == 0 || (seen_dot && scale == 0) {
        return None;
    }
    Some((if neg { -m } else { m }, scale))
}

fn parse_date(s: &[u8], shape: DateShape) -> Option<i32> {
    let num = |r: &[u8]| -> Option<u32> {
        r.iter().try_fold(0u32, |a, &b| {
            b.is_ascii_digit().then(|| a * 10 + (b - b'0') as u32)
        })
    };
    let at = |sep: u8, i: usize, j: usize| s.len() == 10 && s[i] == sep && s[j] == sep;
    let (y, m, d) = match shape {
        DateShape::Iso if at(b'-', 4, 7) => (&s[0..4], &s[5..7], &s[8..10]),
        DateShape::YearMonthDay(sep) if at(sep, 4, 7) => (&s[0..4], &s[5..7], &s[8..10]),
        DateShape::DayMonthYear(sep) if at(sep, 2, 5) => (&s[6..10], &s[3..5], &s[0..2]),
        DateShape::MonthDayYear(sep) if at(sep, 2, 5) => (&s[6..10], &s[0..2], &s[3..5]),
        DateShape::Compact if s.len() == 8 => (&s[0..4], &s[4..6], &s[6..8]),
        _ => return None,
    };
    let d = NaiveDate::from_ymd_opt(num(y)? as i32, num(m)?, num(d)?)?;
    Some(d.num_days_from_ce())
}

/// Whether a cell's first or last byte may be whitespace that the exact
/// reader trims (`str::trim`: Unicode White_Space, with `\x0b` and NBSP).
#[inline]
fn may_need_trim(b: u8) -> bool {
    b.is_ascii_whitespace() || b == 0x0b || b >= 0x80
}

/// The cell without the whitespace `str::trim` removes (found by fuzzing:
/// ASCII trimming alone kept a trailing `\x0b` the exact reader drops).
fn trim(s: &[u8]) -> &[u8] {
    if let Ok(text) = std::str::from_utf8(s) {
        return text.trim().as_bytes();
    }
    let white = |b: &u8| b.is_ascii_whitespace() || *b == 0x0b;
    let s = match s.iter().position(|b| !white(b)) {
        Some(i) => &s[i..],
        None => return &[],
    };
    let end = s.iter().rposition(|b| !white(b)).map_or(0, |i| i + 1);
    &s[..end]
}

/// A plain decimal number of at most 18 digits as (mantissa, scale), in
/// 64-bit arithmetic; longer ones go through [`parse_number`].
fn parse_short(s: &[u8], point: u8) -> Option<(i128, u32)> {
    if s.len() > 19 {
        return parse_number(s, point);
    }
    let (neg, digits) = match s.first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let mut m: u64 = 0;
    let mut dot = usize::MAX;
    for (i, &b) in digits.iter().enumerate() {
        let d = b.wrapping_sub(b'0');
        if d < 10 {
            m = m * 10 + d as u64;
        } else if b == point && dot == usize::MAX {
            dot = i;
        } else {
            return None;
        }
    }
    let n = digits.len() - usize::from(dot != usize::MAX);
    let scale = if dot == usize::MAX {
        0
    } else {
        digits.len() - dot - 1
    };
    if n == 0 || (dot != usize::MAX && scale == 0) {
        return None;
    }
    let m = m as i128;
    Some((if neg { -m } else { m }, scale as u32))
}

/// A number written with thousands separators (`1 234,5`, `1.234,5`,
/// `1,234.5`, `1'234.5`): the separators the exact reader removes taken out
/// (with no-break spaces and the typographic apostrophe), then
/// [`parse_short`]. None for anything else, or a cell over 64 bytes.
fn parse_grouped(s: &[u8], point: u8, thousands: crate::vocab::Thousands) -> Option<(i128, u32)> {
    use crate::vocab::Thousands;
    let mut buf = [0u8; 64];
    let mut n = 0;
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        let skip = match thousands {
            Thousands::None => 0,
            Thousands::Space if rest[0] == b' ' => 1,
            Thousands::Space if rest.starts_with("\u{a0}".as_bytes()) => 2,
            Thousands::Space if rest.starts_with("\u{202f}".as_bytes()) => 3,
            Thousands::Comma if rest[0] == b',' => 1,
            Thousands::Point if rest[0] == b'.' => 1,
            Thousands::Apostrophe if rest[0] == b'\'' => 1,
            Thousands::Apostrophe if rest.starts_with("\u{2019}".as_bytes()) => 3,
            _ => 0,
        };
        if skip > 0 {
            i += skip;
            continue;
        }
        *buf.get_mut(n)? = rest[0];
        n += 1;
        i += 1;
    }
    parse_short(&buf[..n], point)
}

/// Whether a CR appears other than right before a LF (or at the very end,
/// where the next chunk would hold the LF: chunks end after a LF, so only the
/// file's last byte can be a lone CR).
pub(super) fn has_bare_cr(bytes: &[u8]) -> bool {
    if !bytes.contains(&b'\r') {
        return false;
    }
    bytes
        .iter()
        .enumerate()
        .any(|(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
}

/// What a column is for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Skip,
    Date,
    /// An input: its first slot (other slots reading the same column are copied).
    Input(usize),
    Dim(usize),
}

/// The positions of the delimiter (`pattern`: its byte in every lane) and
/// of `\n` in 8 bytes, as the high bit of each byte.
#[inline]
fn delimiters(word: u64, pattern: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let eq = |pat: u64| {
        let y = word ^ pat;
        !(((y & LOW7) + LOW7) | y | LOW7)
    };
    eq(pattern) | eq(0x0a0a_0a0a_0a0a_0a0a)
}

/// Per-row state of the fold.
struct Row {
    field: usize,
    start: usize,
    day: Option<i32>,
    key: [u32; MAX_DIMS],
    vals: Vec<Option<(i128, u32)>>,
}

/// Folds the rows of one chunk into `part`; false when the chunk needs the
/// exact reader. One pass over the bytes finds the delimiters eight at a time;
/// only the columns the spec needs are looked at.
fn fold(
    chunk: &[u8],
    layout: &Layout<'_>,
    roles: &[Role],
    copies: &[(usize, usize)],
    part: &mut Part,
) -> bool {
    let quoted = chunk.contains(&b'"');
    // a CR not followed by LF ends a record for the exact reader (found by
    // fuzzing): such files are left to it
    if has_bare_cr(chunk) {
        return false;
    }
    // the exact reader refuses a row that is not UTF-8, even in a column the
    // spec does not read (found by fuzzing): so does the fast path
    if !chunk.is_ascii() && std::str::from_utf8(chunk).is_err() {
        return false;
    }
    let mut row = Row {
        field: 0,
        start: 0,
        day: None,
        key: [0; MAX_DIMS],
        vals: vec![None; layout.inputs.len()],
    };
    // the last date cell parsed and its day (an empty cell is never a date:
    // found by fuzzing, the first row of a chunk took it for day 0)
    let mut last_date: (&[u8], i32) = (&[], 0);
    let mut parsed_one = false;
    // handles the field `chunk[lo..hi]`; at a line end, the row
    let mut field = |lo: usize, hi: usize, newline: bool, row: &mut Row, part: &mut Part| -> bool {
        let mut cell = &chunk[lo..hi];
        if newline {
            if let Some(c) = cell.strip_suffix(b"\r") {
                cell = c;
            }
            if row.field == 0 && cell.is_empty() {
                return true; // an empty line
            }
        }
        if cell.first().is_some_and(|b| may_need_trim(*b))
            || cell.last().is_some_and(|b| may_need_trim(*b))
        {
            cell = trim(cell);
        }
        match roles.get(row.field) {
            None => return false, // too many fields
            Some(Role::Skip) => {}
            Some(Role::Date) => {
                if !parsed_one || cell != last_date.0 {
                    match parse_date(cell, layout.dates) {
                        Some(d) => {
                            last_date = (cell, d);
                            parsed_one = true;
                        }
                        None => return false,
                    }
                }
                row.day = Some(last_date.1);
            }
            Some(Role::Input(slot)) => {
                if !cell.is_empty() {
                    let parsed = if layout.thousands == crate::vocab::Thousands::None {
                        parse_short(cell, layout.decimal)
                    } else {
                        parse_grouped(cell, layout.decimal, layout.thousands)
                    };
                    match parsed {
                        Some(v) => row.vals[*slot] = Some(v),
                        None => return false,
                    }
                }
            }
            Some(Role::Dim(i)) => match part.dim_id(*i, cell) {
                Some(id) => row.key[*i] = id,
                None => return false,
            },
        }
        if !newline {
            row.field += 1;
            return true;
        }
        if row.field + 1 != roles.len() {
            return false; // too few fields
        }
        let Some(day) = row.day else { return false };
        for &(from, to) in copies {
            row.vals[to] = row.vals[from];
        }
        part.add_row(day, row.key, &mut row.vals, layout.folds);
        row.field = 0;
        row.day = None;
        true
    };
    if quoted {
        return fold_quoted(chunk, layout.delimiter, &mut row, part, &mut field);
    }
    let words = chunk.len() / 8;
    let pattern = u64::from_le_bytes([layout.delimiter; 8]);
    for w in 0..words {
        let at = w * 8;
        let mut word = [0u8; 8];
        word.copy_from_slice(&chunk[at..at + 8]);
        let mut mask = delimiters(u64::from_le_bytes(word), pattern);
        while mask != 0 {
            let i = at + (mask.trailing_zeros() / 8) as usize;
            mask &= mask - 1;
            let start = row.start;
            row.start = i + 1;
            if !field(start, i, chunk[i] == b'\n', &mut row, part) {
                return false;
            }
        }
    }
    for (i, &b) in chunk.iter().enumerate().skip(words * 8) {
        if b == layout.delimiter || b == b'\n' {
            let start = row.start;
            row.start = i + 1;
            if !field(start, i, b == b'\n', &mut row, part) {
                return false;
            }
        }
    }
    // a last row without a line break (the end of the file)
    if row.start < chunk.len() || row.field > 0 {
        return field(row.start, chunk.len(), true, &mut row, part);
    }
    true
}

/// The rows of a chunk that holds quotes, a byte at a time: a field that
/// starts with `"` runs to the next `"`, which must end the field (what the
/// exact reader reads otherwise — a quote inside a field, `""`, a line break
/// inside quotes, a quoted field alone on its line — is left to it).
fn fold_quoted(
    chunk: &[u8],
    delimiter: u8,
    row: &mut Row,
    part: &mut Part,
    field: &mut impl FnMut(usize, usize, bool, &mut Row, &mut Part) -> bool,
) -> bool {
    let n = chunk.len();
    let mut i = 0;
    loop {
        if i >= n {
            // a row cut after a delimiter ends with an empty field
            return row.field == 0 || field(n, n, true, row, part);
        }
        if chunk[i] == b'"' {
            let Some(len) = chunk[i + 1..].iter().position(|&b| b == b'"') else {
                return false;
            };
            let close = i + 1 + len;
            if chunk[i + 1..close].contains(&b'\n') {
                return false;
            }
            let after = close + 1;
            let (newline, next) = match chunk.get(after) {
                None => (true, n),
                Some(&b) if b == delimiter => (false, after + 1),
                Some(b'\n') => (true, after + 1),
                Some(b'\r') if chunk.get(after + 1) == Some(&b'\n') => (true, after + 2),
                Some(_) => return false,
            };
            if newline && row.field == 0 && close == i + 1 {
                return false;
            }
            if !field(i + 1, close, newline, row, part) {
                return false;
            }
            i = next;
            if after >= n {
                return true;
            }
        } else {
            let end = chunk[i..]
                .iter()
                .position(|&b| b == delimiter || b == b'\n')
                .map_or(n, |p| i + p);
            if chunk[i..end].contains(&b'"') {
                return false;
            }
            let newline = end == n || chunk[end] == b'\n';
            if !field(i, end, newline, row, part) {
                return false;
            }
            if end == n {
                return true;
            }
            i = end + 1;
        }
    }
}

/// Reads the rows after the header on every core; None when the exact reader must.
pub(super) fn read(path: &Path, layout: &Layout<'_>) -> Option<Groups> {
    if layout.by.len() > MAX_DIMS {
        return None;
    }
    let (roles, copies) = roles(layout)?;
    let mut file = std::fs::File::open(path).ok()?;
    let total = file.metadata().map_or(0, |m| m.len());
    let workers = super::cores();
    let (roles, copies) = (&roles, &copies);
    let shared = &Shared::new(layout.folds, layout.by.len(), layout.budget, workers);
    let parts = on_every_core(
        &mut file,
        total,
        layout,
        workers,
        || (Part::new(layout.calendar, shared), true),
        |(part, ok), chunk| {
            *ok = *ok
                && if layout.windows_1252 {
                    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(chunk);
                    fold(text.as_bytes(), layout, roles, copies, part)
                } else {
                    fold(chunk, layout, roles, copies, part)
                };
            *ok = *ok && part.end_of_chunk();
        },
        |(part, ok)| ok.then_some(part),
    )
    .unwrap_or_else(|| vec![None]);
    shared.finish(parts)
}

/// The file in chunks (cut after a line break, the header and preamble
/// skipped: [`feed`]) folded on `workers` threads: each makes its state
/// with `start`, takes whichever chunk comes next with `take`, and ends with
/// `end`; None when the feeder gave up.
pub(super) fn on_every_core<S, R: Send>(
    file: &mut std::fs::File,
    total: u64,
    layout: &Layout<'_>,
    workers: usize,
    start: impl Fn() -> S + Sync,
    take: impl Fn(&mut S, &[u8]) + Sync,
    end: impl Fn(S) -> R + Sync,
) -> Option<Vec<R>> {
    // full chunks go to whichever worker is free; buffers come back for reuse
    let (tx, rx) = mpsc::sync_channel::<(Vec<u8>, usize)>(workers);
    let rx = std::sync::Mutex::new(rx);
    let (rx, start, take, end) = (&rx, &start, &take, &end);
    std::thread::scope(|scope| {
        let (back_tx, back_rx) = mpsc::channel::<Vec<u8>>();
        let mut handles = Vec::new();
        for _ in 0..workers {
            let back_tx = back_tx.clone();
            handles.push(scope.spawn(move || {
                let mut state = start();
                loop {
                    let next = match rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => break,
                    };
                    let Ok((buf, len)) = next else { break };
                    take(&mut state, &buf[..len]);
                    let _ = back_tx.send(buf);
                }
                end(state)
            }));
        }
        drop(back_tx);
        let fed = feed(file, total, layout, &tx, &back_rx);
        drop(tx);
        let results: Vec<Option<R>> = handles.into_iter().map(|h| h.join().ok()).collect();
        fed.then_some(results.into_iter().collect::<Option<Vec<R>>>())
            .flatten()
    })
}

/// Inputs that read the column of an earlier input: (its slot, this one's).
type Copies = Vec<(usize, usize)>;

/// What each column is for; None when a column has two roles (left to the
/// exact reader). The second list holds the inputs that read the column of
/// an earlier one: (that input's slot, this one's).
fn roles(layout: &Layout<'_>) -> Option<(Vec<Role>, Copies)> {
    let mut roles = vec![Role::Skip; layout.fields];
    let mut copies = Vec::new();
    let mut assign = |col: usize, role: Role| -> Option<()> {
        match (roles.get(col).copied()?, role) {
            (Role::Skip, _) => roles[col] = role,
            (Role::Input(first), Role::Input(slot)) => copies.push((first, slot)),
            _ => return None,
        }
        Some(())
    };
    assign(layout.date, Role::Date)?;
    for (slot, col) in layout.inputs.iter().enumerate() {
        if let Some(c) = *col {
            assign(c, Role::Input(slot))?;
        }
    }
    for (i, &c) in layout.by.iter().enumerate() {
        assign(c, Role::Dim(i))?;
    }
    Some((roles, copies))
}

/// The reader's side: the file in chunks cut after their last line break,
/// the header skipped, sent to the workers; buffers taken back from
/// `back_rx` for reuse. False when the exact reader must read the file.
pub(super) fn feed(
    file: &mut std::fs::File,
    total: u64,
    layout: &Layout<'_>,
    tx: &mpsc::SyncSender<(Vec<u8>, usize)>,
    back_rx: &mpsc::Receiver<Vec<u8>>,
) -> bool {
    // small files get small buffers, and so does a small memory limit (the
    // chunks in flight, two per worker, are not counted in it)
    let chunk = layout.budget.limit().map_or(CHUNK, |l| {
        (l / 64).clamp(MIN_CHUNK as u64, CHUNK as u64) as usize
    });
    let chunk_size = (total as usize).saturating_add(1).min(chunk);
    let mut done = 0u64;
    let mut carry: Vec<u8> = Vec::new();
    let mut header_done = false;
    let mut first = true;
    let mut skipped = 0u64;
    loop {
        let mut buf = back_rx.try_recv().unwrap_or_default();
        let need = carry.len() + chunk_size;
        if buf.len() < need {
            buf.resize(need, 0);
        }
        buf[..carry.len()].copy_from_slice(&carry);
        let start = carry.len();
        carry.clear();
        let Ok(n) = file.read(&mut buf[start..need]) else {
            return false;
        };
        done += n as u64;
        if let Some(report) = layout.progress {
            report(done, total);
        }
        let eof = n == 0;
        let mut len = start + n;
        if !eof {
            match buf[..len].iter().rposition(|&b| b == b'\n') {
                Some(i) => {
                    carry.extend_from_slice(&buf[i + 1..len]);
                    len = i + 1;
                }
                None => {
                    carry.extend_from_slice(&buf[..len]);
                    continue;
                }
            }
        }
        let mut from = 0;
        // a single-byte code page read with a byte-order mark is decoded by
        // the mark's encoding: left to the exact reader
        if first
            && layout.windows_1252
            && (buf[..len].starts_with(b"\xef\xbb\xbf")
                || buf[..len].starts_with(b"\xff\xfe")
                || buf[..len].starts_with(b"\xfe\xff"))
        {
            return false;
        }
        first = false;
        // the lines before the header: as many as the exact reader skipped
        while skipped < layout.preamble {
            match buf[from..len].iter().position(|&b| b == b'\n') {
                Some(i) => {
                    from += i + 1;
                    skipped += 1;
                }
                None => break,
            }
        }
        if skipped < layout.preamble {
            if eof {
                return false;
            }
            carry.extend_from_slice(&buf[from..len]);
            continue;
        }
        if !header_done {
            match buf[from..len].iter().position(|&b| b == b'\n') {
                Some(i) => {
                    // a bare CR ends a line for the exact reader: its
                    // header is not this one
                    if has_bare_cr(&buf[from..from + i + 1]) {
                        return false;
                    }
                    from += i + 1;
                    header_done = true;
                }
                // no line break at all: a lone header, unless CRs end the
                // lines, which the exact reader reads (found by fuzzing)
                None if eof => return !buf[from..len].contains(&b'\r'),
                None => {
                    carry.extend_from_slice(&buf[from..len]);
                    continue;
                }
            }
        }
        if from > 0 {
            buf.copy_within(from..len, 0);
            len -= from;
        }
        if len > 0 && tx.send((buf, len)).is_err() {
            return false;
        }
        if eof {
            return true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(parse_number(b"12", b'.'), Some((12, 0)));
        assert_eq!(parse_number(b"-0.50", b'.'), Some((-50, 2)));
        assert_eq!(parse_number(b"12,5", b'.'), None);
        assert_eq!(parse_number(b"1e3", b'.'), None);
        assert_eq!(parse_number(b".", b'.'), None);
        assert_eq!(parse_number(b"1.", b'.'), None);
        assert_eq!(parse_number(b"12345678901234567890123456789", b'.'), None);
    }

    #[test]
    fn short_numbers_agree_with_the_long_parser() {
        for s in [
            "0",
            "12",
            "-0.50",
            "+7",
            ".5",
            "123456789012345678",
            "-99999999999999999.9",
            "1234567890123456789012",
            "12,5",
            "1e3",
            ".",
            "1.",
            "-",
            "",
            "1.2.3",
            "٣",
        ] {
            assert_eq!(
                parse_short(s.as_bytes(), b'.'),
                parse_number(s.as_bytes(), b'.'),
                "{s}"
            );
        }
    }

    #[test]
    fn delimiters_are_found_exactly() {
        let bytes = *b"a,\n\xe2,\x2d\x0b,";
        let mask = delimiters(u64::from_le_bytes(bytes), u64::from_le_bytes([b','; 8]));
        let found: Vec<usize> = (0..8).filter(|i| mask & (0x80 << (i * 8)) != 0).collect();
        assert_eq!(found, [1, 2, 4, 7]);
        assert_eq!(mask & !0x8080_8080_8080_8080, 0);
    }

    #[test]
    fn rescaling_sums() {
        // 1.5 on day 10, 2 on day 9, -1.25 on day 10
        let values = [(15, 1, 10), (2, 0, 9), (-125, 2, 10)];
        let folded = |fold| {
            let mut a = FAcc::default();
            for (m, s, day) in values {
                a.add(m, s, fold, day);
            }
            a.to_acc(fold).unwrap().value.to_string()
        };
        assert_eq!(folded(Fold::Sum), "2.25");
        assert_eq!(folded(Fold::Min), "-1.25");
        assert_eq!(folded(Fold::Max), "2.00");
        assert_eq!(folded(Fold::First), "2");
        assert_eq!(folded(Fold::Last), "0.25");
    }

    #[test]
    fn the_split_integer_keeps_every_bit() {
        for v in [
            0,
            1,
            -1,
            i128::MAX,
            i128::MIN,
            (u64::MAX as i128) + 1,
            -(1 << 64) - 7,
        ] {
            let mut a = FAcc::default();
            a.set(v);
            assert_eq!(a.value(), v);
        }
    }
}
