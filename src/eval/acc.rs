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

use super::combos::{Combo, Combos};
use crate::plan::ZeroNote;
use crate::vocab::{Aggregate, Period, PeriodKey};
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
    /// The latest day asked for (`i32::MIN`: none): the data's freshness.
    latest: i32,
}

impl Buckets {
    pub(super) fn new(calendar: Calendar) -> Buckets {
        let first = calendar.bucket(0);
        Buckets {
            calendar,
            last: (0, first),
            latest: i32::MIN,
        }
    }

    #[inline]
    pub(super) fn of(&mut self, day: i32) -> i32 {
        if self.last.0 != day {
            self.last = (day, self.calendar.bucket(day));
            self.latest = self.latest.max(day);
        }
        self.last.1
    }

    /// The latest day a row had, if any.
    pub(super) fn latest(&self) -> Option<i32> {
        (self.latest != i32::MIN).then_some(self.latest)
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
            Aggregate::Sum | Aggregate::Avg | Aggregate::Count | Aggregate::CountDistinct => {
                Fold::Sum
            }
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
/// `last`, those of one day, `day`. 24 bytes: the groups of a
/// high-cardinality `--by` are millions of these, one per input.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Acc {
    pub(super) value: Decimal,
    /// How many values (saturating at [`Acc::COUNT_MAX`]); the top bit: the
    /// value overflowed.
    n: u32,
    pub(super) day: i32,
}

const OVERFLOWED: u32 = 1 << 31;

impl Acc {
    /// The most values an accumulator counts: an average over more is an
    /// `aggregate-overflow` (a sum, minimum or maximum only needs to know
    /// there were some).
    pub(super) const COUNT_MAX: u64 = (OVERFLOWED - 1) as u64;

    pub(super) fn new(value: Decimal, count: u64, day: i32, overflow: bool) -> Acc {
        Acc {
            value,
            n: count.min(Acc::COUNT_MAX) as u32 | if overflow { OVERFLOWED } else { 0 },
            day,
        }
    }

    /// How many values were folded in (at most [`Acc::COUNT_MAX`]).
    pub(super) fn count(&self) -> u64 {
        (self.n & !OVERFLOWED) as u64
    }

    /// The value did not fit a decimal.
    pub(super) fn overflow(&self) -> bool {
        self.n & OVERFLOWED != 0
    }

    pub(super) fn add(&mut self, v: Decimal, fold: Fold, day: i32) {
        self.merge(&Acc::new(v, 1, day, false), fold);
    }

    pub(super) fn merge(&mut self, o: &Acc, fold: Fold) {
        if o.count() == 0 {
            return;
        }
        if self.count() == 0 {
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
        let mut overflow = self.overflow() || o.overflow();
        match fold {
            // a distinct count's rows add zero: counted, not summed (a
            // zero of a finer scale is added: it changes the sum's scale)
            Fold::Sum | Fold::First | Fold::Last
                if o.value.is_zero() && o.value.scale() <= self.value.scale() => {}
            Fold::Sum | Fold::First | Fold::Last => match self.value.checked_add(o.value) {
                Some(s) => self.value = s,
                None => overflow = true,
            },
            Fold::Min => self.value = self.value.min(o.value),
            Fold::Max => self.value = self.value.max(o.value),
        }
        *self = Acc::new(self.value, self.count() + o.count(), self.day, overflow);
    }
}

/// The memory the groups and tables may take (`--memory-limit`), shared by
/// the readers' threads. Each reader counts what it adds — a group's
/// accumulators, key and index entry, a dimension value's bytes — in
/// batches. Once the count passes the limit, the reader holding the groups
/// writes them out to a temporary directory (see `spill`) and goes on with
/// empty ones; where they cannot be written, reading stops with a
/// `memory-limit` error instead of the process being killed by the system.
#[derive(Debug, Default)]
pub(super) struct Budget {
    /// What the counted memory may reach: the user's limit less a third
    /// kept for what is not counted (read buffers, a vector's old and new
    /// storage while it grows, the allocator's slack, the output).
    limit: Option<u64>,
    /// The limit the user gave (named in messages).
    named: Option<u64>,
    used: std::sync::atomic::AtomicU64,
    /// The limit was passed and nothing more could be written out: sticky.
    over: std::sync::atomic::AtomicBool,
    /// Where groups go past the limit; None: they cannot go anywhere.
    spilling: Option<std::sync::Mutex<Spilling>>,
    /// How many times groups were written out (a reader that caches where
    /// its combinations are in some groups knows they moved).
    spills: std::sync::atomic::AtomicU64,
}

/// The state of writing groups out.
#[derive(Debug, Default)]
struct Spilling {
    /// The directory the temporary one is made in (None: the system's).
    parent: Option<std::path::PathBuf>,
    n_in: usize,
    spill: Option<super::spill::Spill>,
    /// Why writing out failed.
    error: Option<String>,
}

/// The part of a memory limit the groups and tables may take (see `Budget`).
fn counted(limit: u64) -> u64 {
    limit - limit / 3
}

impl Budget {
    /// A limit past which reading stops (None: no limit).
    pub(super) fn new(limit: Option<u64>) -> Budget {
        Budget {
            limit: limit.map(counted),
            named: limit,
            ..Budget::default()
        }
    }

    /// A limit past which groups of `n_in` inputs are written out to a
    /// temporary directory made in `parent` (the system's when None).
    pub(super) fn spilling(limit: u64, parent: Option<&std::path::Path>, n_in: usize) -> Budget {
        Budget {
            limit: Some(counted(limit)),
            named: Some(limit),
            spilling: Some(std::sync::Mutex::new(Spilling {
                parent: parent.map(std::path::Path::to_path_buf),
                n_in,
                ..Spilling::default()
            })),
            ..Budget::default()
        }
    }

    /// `bytes` more in use: false (and `over()` from then on) when that
    /// passes the limit and groups cannot be written out.
    pub(super) fn take(&self, bytes: u64) -> bool {
        use std::sync::atomic::Ordering::Relaxed;
        let Some(limit) = self.limit else {
            return true;
        };
        let used = self.used.fetch_add(bytes, Relaxed).saturating_add(bytes);
        if used > limit && self.spilling.is_none() {
            self.over.store(true, Relaxed);
        }
        !self.over()
    }

    /// `bytes` no longer in use.
    pub(super) fn release(&self, bytes: u64) {
        use std::sync::atomic::Ordering::Relaxed;
        let _ = self
            .used
            .fetch_update(Relaxed, Relaxed, |u| Some(u.saturating_sub(bytes)));
    }

    /// The bytes in use are `bytes` (after files' groups were merged).
    pub(super) fn reset(&self, bytes: u64) {
        self.used.store(bytes, std::sync::atomic::Ordering::Relaxed);
    }

    pub(super) fn limit(&self) -> Option<u64> {
        self.limit
    }

    /// The bytes counted in use.
    pub(super) fn used(&self) -> u64 {
        self.used.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The limit was passed and nothing more can be written out.
    pub(super) fn over(&self) -> bool {
        self.over.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// What is in use is within the limit.
    pub(super) fn within(&self) -> bool {
        self.limit
            .is_none_or(|l| self.used.load(std::sync::atomic::Ordering::Relaxed) <= l)
    }

    /// Groups can be written out past the limit.
    pub(super) fn can_spill(&self) -> bool {
        self.spilling.is_some() && !self.over()
    }

    /// How many times groups were written out so far.
    pub(super) fn spills(&self) -> u64 {
        self.spills.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// `groups` written out and emptied; false (and `over()` from then on)
    /// when they cannot be.
    pub(super) fn spill(&self, groups: &mut Groups) -> bool {
        use std::sync::atomic::Ordering::Relaxed;
        let Some(Ok(mut s)) = self.spilling.as_ref().map(|m| m.lock()) else {
            self.over.store(true, Relaxed);
            return false;
        };
        let s = &mut *s;
        if s.error.is_none() {
            if s.spill.is_none() {
                match super::spill::Spill::new(s.parent.as_deref(), s.n_in) {
                    Ok(new) => {
                        s.spill = Some(new);
                        // the partitions' write buffers
                        self.take(super::spill::SPILL_BYTES);
                    }
                    Err(e) => s.error = Some(format!("no temporary directory could be made: {e}")),
                }
            }
            if let Some(spill) = &mut s.spill {
                if let Err(e) = spill.write(groups) {
                    s.error = Some(format!("writing to {} failed: {e}", spill.dir().display()));
                }
            }
        }
        if s.error.is_some() {
            self.over.store(true, Relaxed);
            return false;
        }
        self.spills.fetch_add(1, Relaxed);
        true
    }

    /// When over the limit, `groups` written out; `told` (what the budget
    /// was last told they hold) brought up to date. False once over the
    /// limit for good.
    pub(super) fn relieve(&self, groups: &mut Groups, told: &mut u64) -> bool {
        let now = groups.held();
        if now >= *told {
            self.take(now - *told);
        } else {
            self.release(*told - now);
        }
        *told = now;
        if self.within() || !self.can_spill() {
            return !self.over();
        }
        if !self.spill(groups) {
            return false;
        }
        self.release(*told);
        *told = groups.held();
        self.take(*told);
        true
    }

    /// Where the groups written out so far end (None: nothing written).
    pub(super) fn checkpoint(&self) -> Option<super::spill::Checkpoint> {
        let s = self.spilling.as_ref()?.lock().ok()?;
        s.spill.as_ref().map(|s| s.checkpoint())
    }

    /// What was written out since `cp` undone: a reader gave up half-way
    /// and its file is read again. Err: the files could not be cut back.
    pub(super) fn rollback(&self, cp: Option<&super::spill::Checkpoint>) -> Result<(), String> {
        let Some(Ok(mut s)) = self.spilling.as_ref().map(|m| m.lock()) else {
            return Ok(());
        };
        let Some(spill) = &mut s.spill else {
            return Ok(());
        };
        let res = match cp {
            Some(cp) => spill.rollback(cp),
            None => spill.rollback(&super::spill::Checkpoint::empty()),
        };
        res.map_err(|e| format!("undoing writes in {}: {e}", spill.dir().display()))
    }

    /// The groups written out, if any (taken: the readers are done).
    pub(super) fn take_spill(&self) -> Option<super::spill::Spill> {
        self.spilling.as_ref()?.lock().ok()?.spill.take()
    }

    /// Over the limit for good.
    pub(super) fn give_up(&self) {
        self.over.store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// The error when one partition of the groups written out needs `need`
    /// bytes, more than the limit.
    pub(super) fn part_diagnostic(
        &self,
        by: &[String],
        need: u64,
    ) -> crate::diagnostic::Diagnostic {
        self.diagnostic_with(by, Some(need))
    }

    /// The error once over the limit.
    pub(super) fn diagnostic(&self, by: &[String]) -> crate::diagnostic::Diagnostic {
        self.diagnostic_with(by, None)
    }

    /// … and, when written to disk, the size one part needs.
    fn diagnostic_with(&self, by: &[String], part: Option<u64>) -> crate::diagnostic::Diagnostic {
        use crate::diagnostic::{Code, Diagnostic};
        use crate::msg;
        let limit = self.named.map_or_else(|| "?".to_string(), size_text);
        let dims = by
            .iter()
            .map(|b| format!("`{b}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let groups = if by.is_empty() {
            msg!("groups-periods")
        } else {
            msg!("groups-periods-and", dims = dims)
        };
        let error = self
            .spilling
            .as_ref()
            .and_then(|m| m.lock().ok()?.error.clone());
        let message = match (error, part) {
            (Some(e), _) => msg!(
                "memory-limit-no-disk",
                groups = groups,
                limit = limit,
                error = e
            ),
            (None, Some(need)) => msg!(
                "memory-limit-parts",
                groups = groups,
                limit = limit,
                parts = super::spill::PARTITIONS,
                need = size_text(need)
            ),
            (None, None) => msg!("memory-limit", groups = groups, limit = limit),
        };
        Diagnostic::of(Code::MemoryLimit, message).help_msg(msg!("memory-limit-help"))
    }
}

/// Per-period warnings (a zero divisor in each of millions of groups) kept
/// within a 64th of the memory limit, counted as `WARNING_BYTES` each (at
/// least `MIN_WARNING_BYTES` of them): the first in the order they are
/// reported in (position, period, code, dimension values), whatever the
/// order they came in — so a spilled evaluation keeps the same ones —; the
/// others counted per code, and one `warnings-omitted` warning per code
/// says how many. Once it is full, [`WarningBound::cutoff`] tells the
/// evaluator which warnings it need not even write, and a table's
/// zero-divisor warnings come as [`Zero`]s, made into diagnostics only if
/// they are kept (at a million groups, millions of them).
#[derive(Default)]
pub(super) struct WarningBound<'p> {
    /// How many warnings are kept (None: no limit).
    room: Option<usize>,
    /// The kept ones, the last in report order on top.
    kept: std::collections::BinaryHeap<Kept<'p>>,
    /// The label of the period of the last [`Zero`] taken in.
    label: Option<(PeriodKey, std::rc::Rc<str>)>,
    /// Per code, the warnings not kept.
    omitted: Vec<(crate::diagnostic::Code, u64)>,
    limit: u64,
    by: std::rc::Rc<[String]>,
}

/// A zero divisor met while a table's metrics were computed: what its
/// `division-by-zero` warning is made from, if it is kept.
#[derive(Clone, Copy)]
pub(super) struct Zero<'p> {
    pub(super) note: &'p ZeroNote,
    pub(super) key: PeriodKey,
    /// The row's dimension combination, in the table's `dims`.
    pub(super) combo: u32,
}

/// A kept warning, ordered as reported.
pub(super) struct Kept<'p> {
    what: KeptWarning<'p>,
    by: std::rc::Rc<[String]>,
}

enum KeptWarning<'p> {
    /// (Boxed: a diagnostic takes hundreds of bytes, a heap of millions of
    /// kept warnings would hold that in place for each.)
    Written(Box<crate::diagnostic::Diagnostic>),
    /// A [`Zero`], with its period's label and its dimension values.
    Zero {
        note: &'p ZeroNote,
        key: PeriodKey,
        label: std::rc::Rc<str>,
        values: Box<[String]>,
    },
}

/// What a warning is ordered by, read in place: its position, period and
/// code, its dimension values (in the order of `--by`), its message.
struct Order<'x> {
    at: Option<(u32, u32)>,
    period: Option<&'x str>,
    code: &'static str,
    values: Values<'x>,
    message: Message<'x>,
}

enum Values<'x> {
    /// A diagnostic's map of dimension values.
    Map(Option<&'x std::collections::BTreeMap<String, String>>),
    /// The values in the order of `--by`.
    List(&'x [String]),
    /// A combination's values, in the order of `--by`.
    Combo(Combo<'x>),
}

enum Message<'x> {
    Text(&'x str),
    /// A zero divisor's, written only when two warnings tie on all else.
    Zero(&'x ZeroNote, PeriodKey),
}

impl<'x> Order<'x> {
    fn of_zero(note: &'x ZeroNote, key: PeriodKey, label: &'x str, values: Values<'x>) -> Self {
        let span = note.span();
        Order {
            at: Some((span.file.0, span.start)),
            period: Some(label),
            code: crate::diagnostic::Code::DivisionByZero.name(),
            values,
            message: Message::Zero(note, key),
        }
    }

    fn value(&self, i: usize, b: &str) -> Option<&'x str> {
        match self.values {
            Values::Map(map) => map?.get(b).map(String::as_str),
            Values::List(values) => values.get(i).map(String::as_str),
            Values::Combo(values) => values.get(i),
        }
    }

    fn message(&self) -> std::borrow::Cow<'x, str> {
        match self.message {
            Message::Text(t) => t.into(),
            Message::Zero(note, key) => super::interp::zero_warning(note, key).message.into(),
        }
    }

    /// The order of two warnings, the dimensions named by `by`.
    fn cmp(&self, o: &Order<'_>, by: &[String]) -> std::cmp::Ordering {
        (self.at, self.period, self.code)
            .cmp(&(o.at, o.period, o.code))
            .then_with(|| {
                let (mut i, mut j) = (0..by.len(), 0..by.len());
                i.by_ref()
                    .zip(by)
                    .map(|(i, b)| self.value(i, b))
                    .cmp(j.by_ref().zip(by).map(|(j, b)| o.value(j, b)))
            })
            .then_with(|| self.message().cmp(&o.message()))
    }
}

impl<'p> Kept<'p> {
    fn order(&self) -> Order<'_> {
        match &self.what {
            KeptWarning::Written(d) => Order {
                at: match &d.location {
                    Some(crate::diagnostic::Location::Span(s)) => Some((s.file.0, s.start)),
                    _ => None,
                },
                period: d.period.as_deref(),
                code: d.code.name(),
                values: Values::Map(d.dimensions.as_ref()),
                message: Message::Text(&d.message),
            },
            KeptWarning::Zero {
                note,
                key,
                label,
                values,
            } => Order::of_zero(note, *key, label, Values::List(values)),
        }
    }

    fn code(&self) -> crate::diagnostic::Code {
        match &self.what {
            KeptWarning::Written(d) => d.code,
            KeptWarning::Zero { .. } => crate::diagnostic::Code::DivisionByZero,
        }
    }

    /// The warning as reported.
    fn diagnostic(self) -> crate::diagnostic::Diagnostic {
        use super::table::WithContext;
        match self.what {
            KeptWarning::Written(d) => *d,
            KeptWarning::Zero {
                note, key, values, ..
            } => super::interp::zero_warning(note, key).with_context(
                &key,
                &self.by,
                values.iter().map(String::as_str),
            ),
        }
    }
}

impl Ord for Kept<'_> {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        self.order().cmp(&o.order(), &self.by)
    }
}
impl PartialOrd for Kept<'_> {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl PartialEq for Kept<'_> {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o).is_eq()
    }
}
impl Eq for Kept<'_> {}

/// The warnings kept under any memory limit (4,096).
const MIN_WARNING_BYTES: u64 = 6 << 20;

/// What a kept warning is counted for: its text, label, period and help,
/// and the map of its dimension values, as the allocator hands them out
/// (the map's B-tree node alone takes some 550 bytes; 578,534 warnings of
/// one dimension value, made into diagnostics, took 770 MB).
const WARNING_BYTES: u64 = 1536;

impl<'p> WarningBound<'p> {
    pub(super) fn new(budget: &Budget, by: &[String]) -> WarningBound<'p> {
        WarningBound {
            room: budget
                .named
                .map(|l| ((l / 64).max(MIN_WARNING_BYTES) / WARNING_BYTES) as usize),
            limit: budget.named.unwrap_or(0),
            by: by.into(),
            ..WarningBound::default()
        }
    }

    /// Once as many warnings as are kept are held: the position and period
    /// of the last in report order. A new warning at a later position, or
    /// at the same one in a later period, comes after every kept one and
    /// would not be kept: it can be counted with [`WarningBound::omit`]
    /// instead of written.
    pub(super) fn cutoff(&self) -> Option<((u32, u32), &str)> {
        let room = self.room?;
        let top = self.kept.peek().filter(|_| self.kept.len() >= room)?;
        let order = top.order();
        Some((order.at?, order.period?))
    }

    /// `n` warnings of `code` not kept (past [`WarningBound::cutoff`]).
    pub(super) fn omit(&mut self, code: crate::diagnostic::Code, n: u64) {
        if n == 0 {
            return;
        }
        match self.omitted.iter_mut().find(|(c, _)| *c == code) {
            Some((_, m)) => *m += n,
            None => self.omitted.push((code, n)),
        }
    }

    /// The per-period warnings of `diags` from `from` on taken in: kept
    /// (until `finish`) or counted.
    pub(super) fn apply(&mut self, diags: &mut crate::diagnostic::Diagnostics, from: usize) {
        use crate::diagnostic::{Diagnostic, Severity};
        let Some(room) = self.room else {
            return;
        };
        let tail: Vec<Diagnostic> = diags.items.drain(from.min(diags.items.len())..).collect();
        for d in tail {
            if d.severity != Severity::Warning || d.period.is_none() {
                diags.items.push(d);
                continue;
            }
            let new = Kept {
                what: KeptWarning::Written(Box::new(d)),
                by: self.by.clone(),
            };
            let out = if self.kept.len() < room {
                self.kept.push(new);
                None
            } else {
                match self.kept.peek_mut() {
                    Some(mut top) if new < *top => Some(std::mem::replace(&mut *top, new)),
                    _ => Some(new),
                }
            };
            if let Some(out) = out {
                self.omit(out.code(), 1);
            }
        }
    }

    /// Whether zero divisors are to be given as [`Zero`]s (to
    /// [`WarningBound::zeros`]) rather than written as diagnostics: when
    /// the warnings are bounded (unbounded, every one is reported as it
    /// comes).
    pub(super) fn takes_zeros(&self) -> bool {
        self.room.is_some()
    }

    /// A table's zero divisors, in the order met, taken in as
    /// [`WarningBound::apply`] takes warnings: kept (and only then given
    /// their period's label and dimension values) or counted. `dims` are
    /// the table's dimension combinations.
    pub(super) fn zeros(&mut self, zeros: &mut Vec<Zero<'p>>, dims: &Combos) {
        let Some(room) = self.room else {
            return;
        };
        for z in zeros.drain(..) {
            let label = match &self.label {
                Some((k, label)) if *k == z.key => label.clone(),
                _ => {
                    let label: std::rc::Rc<str> = z.key.label().into();
                    self.label = Some((z.key, label.clone()));
                    label
                }
            };
            let values = dims.at(z.combo as usize);
            if self.kept.len() >= room {
                let order = Order::of_zero(z.note, z.key, &label, Values::Combo(values));
                let kept = self
                    .kept
                    .peek()
                    .is_some_and(|top| order.cmp(&top.order(), &self.by).is_lt());
                if !kept {
                    self.omit(crate::diagnostic::Code::DivisionByZero, 1);
                    continue;
                }
            }
            let new = Kept {
                what: KeptWarning::Zero {
                    note: z.note,
                    key: z.key,
                    label,
                    values: values.iter().map(str::to_string).collect(),
                },
                by: self.by.clone(),
            };
            if self.kept.len() < room {
                self.kept.push(new);
            } else {
                let out = self
                    .kept
                    .peek_mut()
                    .map(|mut top| std::mem::replace(&mut *top, new));
                if let Some(out) = out {
                    self.omit(out.code(), 1);
                }
            }
        }
    }

    /// The kept warnings given back, in report order, and one
    /// `warnings-omitted` warning per code with warnings not kept.
    pub(super) fn finish(self, diags: &mut crate::diagnostic::Diagnostics) {
        use crate::diagnostic::{Code, Diagnostic};
        diags.items.extend(
            self.kept
                .into_sorted_vec()
                .into_iter()
                .map(Kept::diagnostic),
        );
        for (code, n) in self.omitted {
            diags.push(
                Diagnostic::of(
                    Code::WarningsOmitted,
                    crate::msg!(
                        "warnings-omitted",
                        count = n,
                        code = code.name(),
                        limit = size_text(self.limit)
                    ),
                )
                .help_msg(crate::msg!("warnings-omitted-help")),
            );
        }
    }
}

/// `256 MiB`, `1.5 GiB`, `900 B`: a size as people read it.
pub(crate) fn size_text(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut unit = 0;
    let mut whole = bytes;
    while whole >= 1024 && unit + 1 < UNITS.len() {
        whole /= 1024;
        unit += 1;
    }
    let scaled =
        rust_decimal::Decimal::from(bytes) / rust_decimal::Decimal::from(1u64 << (10 * unit));
    format!("{} {}", scaled.round_dp(1).normalize(), UNITS[unit])
}

/// A fast hash for the small integer keys of the groups (FxHash's mixing
/// step); the keys come from the file, but a worst case only costs speed.
#[derive(Default, Clone, Copy)]
pub(super) struct Fx(u64);

impl std::hash::Hasher for Fx {
    /// The multiply only carries bits upward, so the low bits (the bucket
    /// hashbrown picks) would depend only on the keys' low bytes — `ch` for
    /// every `ch12345` — and a dimension with many values would fall in one
    /// bucket chain (found by the cardinality benchmark: 100,000 values took
    /// 7 s for 200,000 rows). The rotation brings the well-mixed high bits
    /// down, as rustc-hash 2 does.
    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut b = [0u8; 8];
            b.copy_from_slice(w);
            self.write_u64(u64::from_le_bytes(b));
        }
        let mut b = [0u8; 8];
        let rest = words.remainder();
        b[..rest.len()].copy_from_slice(rest);
        self.write_u64(u64::from_le_bytes(b) ^ ((rest.len() as u64) << 59));
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(n as u64);
    }
    fn write_i32(&mut self, n: i32) {
        self.write_u64(n as u32 as u64);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

pub(super) type FxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Fx>>;
pub(super) type FxSet<K> = std::collections::HashSet<K, std::hash::BuildHasherDefault<Fx>>;

/// The hash of a value (of dimension values, in the interning tables).
pub(super) fn hash_of<T: std::hash::Hash + ?Sized>(v: &T) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<Fx>::default().hash_one(v)
}

/// The hash of a combination of dimension values, in 32 bits (kept beside
/// the combination's id in the interning table).
fn short_hash<'s>(values: impl Iterator<Item = &'s str>) -> u32 {
    let mut hasher = Fx::default();
    for v in values {
        std::hash::Hash::hash(v, &mut hasher);
    }
    // the top half of a multiply: each of its bits mixes all of the hash's
    // (the hash's own high bits are weak: the first try took its top half,
    // and reading a million values took 10 times as long)
    (std::hash::Hasher::finish(&hasher).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as u32
}

/// A 32-bit hash spread over the 64 bits a hash table reads (the bucket
/// from the low bits, a tag from the top seven).
fn spread(short: u32) -> u64 {
    (short as u64) << 32 | short as u64
}

/// A text's first 16 bytes as a number that orders as the texts do (the
/// bytes big-endian, zeros after a shorter text): two texts with different
/// prefixes compare as their prefixes do; equal prefixes decide nothing.
fn prefix(text: &str) -> u128 {
    let mut bytes = [0u8; 16];
    let head = &text.as_bytes()[..text.len().min(16)];
    bytes[..head.len()].copy_from_slice(head);
    u128::from_be_bytes(bytes)
}

/// No group (the end of a chain).
const NONE: u32 = u32::MAX;

/// The most groups a lookup steps through in a chain before [`Chains`]
/// turns to a hash index of every group.
const WALK: usize = 16;

/// Where the group of each (bucket, dimension combination) is. Rows come in
/// date order in most exports — by day, or by campaign then day — so each
/// combination's groups are chained from its latest bucket back: a row
/// finds its group at the head of its combination's chain, or knows from
/// the head's bucket that its group is new, without hashing (a hash lookup
/// in millions of groups is a cache miss each). A lookup that has to step
/// far along a chain (rows far out of order) turns on a hash index of every
/// group, kept from then on.
#[derive(Default)]
pub(super) struct Chains {
    /// Per combination, its group of the latest bucket (`NONE`: none yet).
    head: Vec<u32>,
    /// Per group, the group of the same combination with the bucket before.
    next: Vec<u32>,
    /// Every group by key, once a chain was too long to walk.
    index: Option<FxMap<(i32, u32), u32>>,
}

impl Chains {
    /// The group of (bucket, combination) among `keys` (whose groups these
    /// chains hold), added to `keys` if new: its index, and whether it is new.
    pub(super) fn locate(
        &mut self,
        keys: &mut Vec<(i32, u32)>,
        bucket: i32,
        combo: u32,
    ) -> (u32, bool) {
        let next_g = keys.len() as u32;
        if let Some(index) = &mut self.index {
            let g = *index.entry((bucket, combo)).or_insert(next_g);
            if g == next_g {
                keys.push((bucket, combo));
            }
            return (g, g == next_g);
        }
        let c = combo as usize;
        if c >= self.head.len() {
            self.head.resize(c + 1, NONE);
        }
        // the chain runs from the latest bucket back: the new group goes
        // before the first with an earlier bucket
        let (mut before, mut g) = (NONE, self.head[c]);
        let mut steps = 0;
        while let Some(&(b, _)) = keys.get(g as usize) {
            if b == bucket {
                return (g, false);
            }
            if b < bucket {
                break;
            }
            steps += 1;
            if steps > WALK {
                self.index = Some(
                    keys.iter()
                        .enumerate()
                        .map(|(g, k)| (*k, g as u32))
                        .collect(),
                );
                return self.locate(keys, bucket, combo);
            }
            before = g;
            g = self.next[g as usize];
        }
        keys.push((bucket, combo));
        self.next.push(g);
        if before == NONE {
            self.head[c] = next_g;
        } else {
            self.next[before as usize] = next_g;
        }
        (next_g, true)
    }

    /// The chains of `keys`' groups, made again (after they were dropped).
    fn of(keys: &[(i32, u32)]) -> Chains {
        let mut chains = Chains::default();
        let mut rebuilt = Vec::with_capacity(keys.len());
        for &(bucket, combo) in keys {
            chains.locate(&mut rebuilt, bucket, combo);
        }
        chains
    }

    /// Whether these chains hold `n` groups.
    fn holds(&self, n: usize) -> bool {
        self.index.as_ref().map_or(self.next.len(), |i| i.len()) == n
    }

    /// No group any more; the vectors' capacity kept.
    pub(super) fn clear(&mut self) {
        self.head.fill(NONE);
        self.next.clear();
        self.index = None;
    }

    /// The bytes they take.
    pub(super) fn held(&self) -> usize {
        use std::mem::size_of;
        (self.head.capacity() + self.next.capacity()) * size_of::<u32>()
            + self
                .index
                .as_ref()
                .map_or(0, |i| i.capacity() * (size_of::<((i32, u32), u32)>() + 1))
    }
}

/// The data read: per (bucket, dimension combination), one accumulator per
/// input, stored flat (no allocation per group).
pub(super) struct Groups {
    /// The dimension value combinations seen.
    pub(super) dims: Combos,
    /// Inputs (accumulators per group).
    pub(super) n_in: usize,
    /// Per group, its bucket (first day) and index in `dims`.
    pub(super) keys: Vec<(i32, u32)>,
    /// `n_in` accumulators per group, group after group.
    pub(super) accs: Vec<Acc>,
    /// The group of each key while groups are added (emptied by `seal`).
    chains: Chains,
    /// Combinations interned while groups are added, by their index in
    /// `dims` (no second copy of the values; emptied by `seal`).
    /// (Each entry holds its combination's hash, so that growing the table
    /// reads no values: at millions of combinations, each a cache miss.)
    dim_index: hashbrown::HashTable<(u32, u32)>,
    /// Bad rows left out (`--on-bad-row skip`).
    pub(super) skipped: u64,
    /// Groups were written out to disk (see `spill`): empty groups do not
    /// mean no rows were read.
    pub(super) spilled: bool,
    /// The values of `count_distinct` inputs.
    pub(super) distinct: super::distinct::Distinct,
    /// The latest day of the rows read (days from the common era): the
    /// data's freshness. Kept when the groups are written out.
    pub(super) latest: Option<i32>,
    /// The combination `combo` gave last (rows of one order or one
    /// campaign follow one another): compared before any hashing.
    last_combo: u32,
    /// The group `index_of` gave last, likewise.
    last_group: u32,
}

impl Groups {
    /// Nothing read yet.
    pub(super) fn empty(n_in: usize) -> Groups {
        Groups {
            dims: Combos::default(),
            n_in,
            keys: Vec::new(),
            accs: Vec::new(),
            chains: Chains::default(),
            dim_index: hashbrown::HashTable::new(),
            skipped: 0,
            spilled: false,
            distinct: super::distinct::Distinct::default(),
            latest: None,
            last_combo: u32::MAX,
            last_group: u32::MAX,
        }
    }

    /// Rows up to `day` were read.
    pub(super) fn saw(&mut self, day: Option<i32>) {
        self.latest = self.latest.max(day);
    }

    pub(super) fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The accumulators of group `g`.
    pub(super) fn group(&self, g: usize) -> &[Acc] {
        &self.accs[g * self.n_in..(g + 1) * self.n_in]
    }

    /// The index of a combination of dimension values, interned if new.
    pub(super) fn combo<S: AsRef<str>>(&mut self, values: &[S]) -> u32 {
        if self
            .dims
            .get(self.last_combo as usize)
            .is_some_and(|d| d.is(values))
        {
            return self.last_combo;
        }
        let id = self.intern(values);
        self.last_combo = id;
        id
    }

    fn intern<S: AsRef<str>>(&mut self, values: &[S]) -> u32 {
        let dims = &self.dims;
        let short = short_hash(values.iter().map(AsRef::as_ref));
        let hash = spread(short);
        if let Some(&(id, _)) = self.dim_index.find(hash, |&(id, h)| {
            h == short && dims.at(id as usize).is(values)
        }) {
            return id;
        }
        let id = self.dims.push(values);
        self.dim_index
            .insert_unique(hash, (id, short), |&(_, h)| spread(h));
        id
    }

    /// The index of the group (bucket, combination), created if new.
    pub(super) fn index_of(&mut self, bucket: i32, combo: u32) -> usize {
        let last = self.last_group as usize;
        if self.keys.get(last) == Some(&(bucket, combo)) {
            return last;
        }
        let (g, new) = self.chains.locate(&mut self.keys, bucket, combo);
        if new {
            self.accs
                .extend(std::iter::repeat_n(Acc::default(), self.n_in));
        }
        self.last_group = g;
        g as usize
    }

    /// The accumulators of group `g`, to fold into.
    pub(super) fn group_mut(&mut self, g: usize) -> &mut [Acc] {
        &mut self.accs[g * self.n_in..(g + 1) * self.n_in]
    }

    /// The accumulators of the group (bucket, combination), created if new.
    pub(super) fn entry(&mut self, bucket: i32, combo: u32) -> &mut [Acc] {
        let g = self.index_of(bucket, combo);
        self.group_mut(g)
    }

    /// What the groups hold in memory: the capacities of their vectors and
    /// tables (grown past their length as vectors grow), and the values.
    pub(super) fn held(&self) -> u64 {
        use std::mem::size_of;
        let bytes = self.accs.capacity() * size_of::<Acc>()
            + self.keys.capacity() * size_of::<(i32, u32)>()
            + self.chains.held()
            + self.dim_index.capacity() * (size_of::<(u32, u32)>() + 1)
            + self.dims.held();
        bytes as u64 + self.distinct.held()
    }

    /// The accumulators, keys and distinct values dropped once every
    /// table's inputs are rolled up: only the combinations are kept.
    pub(super) fn drop_accumulators(&mut self) {
        self.accs = Vec::new();
        self.keys = Vec::new();
        self.distinct = Default::default();
    }

    /// The lookup tables dropped: the groups are complete (they come back,
    /// rebuilt, if another file is absorbed).
    pub(super) fn seal(&mut self) {
        self.chains = Chains::default();
        self.dim_index = hashbrown::HashTable::new();
    }

    /// Another file's groups folded into these: its dimension combinations
    /// interned here, the same (bucket, combination) merged.
    pub(super) fn absorb(&mut self, other: Groups, folds: &[Fold]) {
        self.saw(other.latest);
        if self.is_empty() && self.dims.is_empty() {
            let (skipped, spilled, latest) = (self.skipped, self.spilled, self.latest);
            *self = other;
            self.skipped += skipped;
            self.spilled |= spilled;
            self.latest = latest;
            return;
        }
        if !self.chains.holds(self.keys.len()) {
            self.chains = Chains::of(&self.keys);
        }
        if self.dim_index.len() != self.dims.len() {
            let mut table = hashbrown::HashTable::with_capacity(self.dims.len());
            for (i, d) in self.dims.iter().enumerate() {
                let short = short_hash(d.iter());
                table.insert_unique(spread(short), (i as u32, short), |&(_, h)| spread(h));
            }
            self.dim_index = table;
        }
        let ids: Vec<u32> = other
            .dims
            .iter()
            .map(|d| {
                let values: Vec<&str> = d.iter().collect();
                self.combo(&values)
            })
            .collect();
        self.distinct.absorb(&other.distinct, &ids);
        for (g, (bucket, combo)) in other.keys.iter().enumerate() {
            let Some(&id) = ids.get(*combo as usize) else {
                continue;
            };
            let theirs = other.group(g);
            for ((m, o), fold) in self.entry(*bucket, id).iter_mut().zip(theirs).zip(folds) {
                m.merge(o, *fold);
            }
        }
        self.skipped += other.skipped;
        self.spilled |= other.spilled;
        self.seal();
    }

    /// The combinations sorted (the order results are reported in), each
    /// group's key renumbered to match.
    pub(super) fn sort_dims(&mut self) {
        // sorted by the first value's first 16 bytes, read once each, then
        // by the whole values where those tie: at millions of combinations,
        // comparing the values themselves is two cache misses a comparison
        let mut keyed: Vec<(u128, u32)> = self
            .dims
            .iter()
            .enumerate()
            .map(|(i, d)| (prefix(d.first()), i as u32))
            .collect();
        let dims = &self.dims;
        keyed.sort_unstable_by(|(pa, a), (pb, b)| {
            pa.cmp(pb)
                .then_with(|| dims.at(*a as usize).cmp(&dims.at(*b as usize)))
        });
        let order: Vec<u32> = keyed.into_iter().map(|(_, i)| i).collect();
        let mut index = vec![0u32; self.dims.len()];
        for (pos, &i) in order.iter().enumerate() {
            index[i as usize] = pos as u32;
        }
        self.dims = self.dims.reordered(&order);
        for k in &mut self.keys {
            k.1 = index[k.1 as usize];
        }
        self.distinct.renumber(&index);
        self.last_combo = u32::MAX;
        self.seal();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Chains find every group a hash map of keys finds, whatever the order
    /// the keys come in: in date order (the chains alone), nearly so, and
    /// shuffled (a chain too long to walk: the hash index takes over); and
    /// again after being cleared, and made again from keys.
    /// Combinations sorted through their prefixes come in the order of
    /// their values: texts sharing 16 bytes or more, one the start of
    /// another, zero bytes, accents, a second dimension deciding.
    #[test]
    fn combinations_are_sorted_as_their_values() {
        let texts = [
            "",
            "a",
            "a\0",
            "a\0b",
            "ab",
            "campaign-2026-01-a",
            "campaign-2026-01-b",
            "campaign-2026-01",
            "campaign-2026-0",
            "é",
            "e",
            "z",
            "\u{10FFFF}",
            "ch9",
            "ch10",
        ];
        let mut groups = Groups::empty(1);
        let mut all = Vec::new();
        for (i, a) in texts.iter().enumerate() {
            for b in [
                texts[(i * 7) % texts.len()],
                texts[(i * 3 + 1) % texts.len()],
            ] {
                let values = vec![a.to_string(), b.to_string()];
                groups.combo(&values);
                all.push(values);
            }
        }
        all.sort();
        all.dedup();
        groups.sort_dims();
        let sorted: Vec<Vec<String>> = groups.dims.iter().map(Combo::to_vec).collect();
        assert_eq!(sorted, all);
    }

    #[test]
    fn a_kept_warning_is_small() {
        // a million kept warnings: 80 MB in the heap, not a million
        // diagnostics' size (hundreds of bytes each, before their texts)
        assert!(
            std::mem::size_of::<Kept>() <= 80,
            "{}",
            std::mem::size_of::<Kept>()
        );
    }

    #[test]
    fn chains_find_the_groups_a_map_finds() {
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut rand = |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        for order in ["dates", "nearly", "shuffled"] {
            let mut rows: Vec<(i32, u32)> = (0..40)
                .flat_map(|bucket| (0..50).map(move |combo| (bucket, combo)))
                .flat_map(|k| [k, k])
                .collect();
            match order {
                "nearly" => {
                    for i in 1..rows.len() {
                        if rand(3) == 0 {
                            rows.swap(i - 1, i);
                        }
                    }
                }
                "shuffled" => {
                    for i in (1..rows.len()).rev() {
                        rows.swap(i, rand(i as u64 + 1) as usize);
                    }
                }
                _ => {}
            }
            let mut chains = Chains::default();
            for round in 0..2 {
                let mut keys = Vec::new();
                let mut map: FxMap<(i32, u32), u32> = FxMap::default();
                for &(bucket, combo) in &rows {
                    let before = map.len();
                    let expected = *map.entry((bucket, combo)).or_insert(before as u32);
                    let (g, new) = chains.locate(&mut keys, bucket, combo);
                    assert_eq!(g, expected, "{order}, round {round}: {bucket}, {combo}");
                    assert_eq!(new, map.len() > before);
                    assert_eq!(keys[g as usize], (bucket, combo));
                }
                assert_eq!(keys.len(), 2000);
                // walking the chains' far ends is what turns the index on
                assert_eq!(chains.index.is_some(), order == "shuffled", "{order}");
                let mut again = Chains::of(&keys);
                for (g, &(bucket, combo)) in keys.clone().iter().enumerate() {
                    assert_eq!(again.locate(&mut keys, bucket, combo), (g as u32, false));
                }
                chains.clear();
            }
        }
    }

    #[test]
    fn an_accumulator_is_24_bytes_and_counts_up_to_its_maximum() {
        assert_eq!(std::mem::size_of::<Acc>(), 24);
        let mut a = Acc::new(Decimal::ONE, Acc::COUNT_MAX - 1, 7, false);
        a.merge(&Acc::new(Decimal::TWO, 5, 7, false), Fold::Sum);
        // the sum stays exact; the count stops at its maximum
        assert_eq!(a.value, Decimal::from(3));
        assert_eq!(a.count(), Acc::COUNT_MAX);
        assert!(!a.overflow());
        assert_eq!(a.day, 7);
        // an overflow is kept through merges, and the count with it
        let mut b = Acc::new(Decimal::MAX, 1, 1, false);
        b.add(Decimal::MAX, Fold::Sum, 1);
        assert!(b.overflow());
        assert_eq!(b.count(), 2);
        b.add(Decimal::ONE, Fold::Sum, 1);
        assert!(b.overflow());
        assert_eq!(b.count(), 3);
        // first keeps the earliest day's values, last the latest's
        let mut f = Acc::new(Decimal::ONE, 1, 5, false);
        f.add(Decimal::TEN, Fold::First, 3);
        assert_eq!((f.value, f.day, f.count()), (Decimal::TEN, 3, 1));
        f.add(Decimal::TWO, Fold::First, 9);
        assert_eq!((f.value, f.day, f.count()), (Decimal::TEN, 3, 1));
    }
}
