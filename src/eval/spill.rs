//! Out-of-core aggregation, for `--memory-limit`: DuckDB's model. When the
//! groups being read outgrow the limit, they are written to a temporary
//! directory, split into [`PARTITIONS`] files by the hash of their
//! dimension values, and dropped; reading goes on with empty groups. At the
//! end each partition is read back alone — all of a combination's periods
//! are in one partition, so its look-backs (`previous`, `change`) and its
//! targets need nothing from the others — its rows computed and written,
//! sorted, to a run file; the results are then read by merging the runs in
//! (period, dimension values) order ([`Merge`]), never held whole.
//!
//! The directory is removed when the [`Spill`] (or the [`Runs`] of the
//! results) is dropped, on success and on error alike.

use super::acc::{Acc, Budget, Fold, Fx, Groups, WarningBound};
use super::combos::{Combo, Combos};
use super::table::Table;
use super::targets::Targets;
use super::Evaluation;
use crate::diagnostic::Diagnostics;
use crate::plan::Plan;
use crate::vocab::{Period, PeriodKey};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::BTreeSet;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Partitions the groups are split into. Each is read back alone, so the
/// largest aggregation that completes is about this many times the limit.
/// Their files are open at once (and the runs' files when they are
/// merged): 128 stays under macOS's default of 256 open files.
pub(super) const PARTITIONS: usize = 128;

/// Each partition file's write buffer (all of them are open at once).
const BUFFER: usize = 16 << 10;

/// What the open partition files take in memory.
pub(super) const SPILL_BYTES: u64 = (PARTITIONS * BUFFER) as u64;

/// The temporary directory of the report's rows, kept alive while they are read.
#[derive(Debug)]
pub(super) struct Dir(tempfile::TempDir);

impl Dir {
    fn path(&self) -> &Path {
        self.0.path()
    }
}

/// The groups written out so far.
pub(super) struct Spill {
    dir: Arc<Dir>,
    files: Vec<Option<BufWriter<File>>>,
    /// The bytes written to each partition.
    lens: Vec<u64>,
    n_in: usize,
    /// Rows left out while reading (`--on-bad-row skip`) by the groups
    /// written out.
    pub(super) skipped: u64,
    /// The bytes written.
    pub(super) written: u64,
    /// The earliest and the latest bucket written.
    pub(super) days: Option<(i32, i32)>,
}

impl std::fmt::Debug for Spill {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Spill").field("dir", &self.dir()).finish()
    }
}

/// The partition of a combination of dimension values.
fn partition(dims: Combo<'_>) -> usize {
    let mut hasher = Fx::default();
    for v in dims.iter() {
        std::hash::Hash::hash(v, &mut hasher);
    }
    ((std::hash::Hasher::finish(&hasher) >> 32) as usize) % PARTITIONS
}

impl Spill {
    /// A new temporary directory in `parent` (the system's when None).
    pub(super) fn new(parent: Option<&Path>, n_in: usize) -> io::Result<Spill> {
        let mut b = tempfile::Builder::new();
        b.prefix("boussole-spill-");
        let dir = match parent {
            Some(p) => b.tempdir_in(p)?,
            None => b.tempdir()?,
        };
        Ok(Spill {
            dir: Arc::new(Dir(dir)),
            files: (0..PARTITIONS).map(|_| None).collect(),
            lens: vec![0; PARTITIONS],
            n_in,
            skipped: 0,
            written: 0,
            days: None,
        })
    }

    pub(super) fn dir(&self) -> &Path {
        self.dir.path()
    }

    fn part_path(&self, p: usize) -> PathBuf {
        self.dir.path().join(format!("groups-{p:03}"))
    }

    /// Writes every group out, each to its combination's partition, and
    /// empties `groups` (their memory is freed).
    pub(super) fn write(&mut self, groups: &mut Groups) -> io::Result<()> {
        let parts: Vec<usize> = groups.dims.iter().map(partition).collect();
        let mut record = Vec::new();
        for (g, &(bucket, combo)) in groups.keys.iter().enumerate() {
            let Some(&p) = parts.get(combo as usize) else {
                continue;
            };
            record.clear();
            record.extend_from_slice(&bucket.to_le_bytes());
            put_dims(&mut record, groups.dims.at(combo as usize));
            for acc in groups.group(g) {
                record.extend_from_slice(&acc.value.serialize());
                record.extend_from_slice(&acc.count().to_le_bytes());
                record.extend_from_slice(&acc.day.to_le_bytes());
                record.push(acc.overflow() as u8);
            }
            if self.files[p].is_none() {
                let f = File::create(self.part_path(p))?;
                self.files[p] = Some(BufWriter::with_capacity(BUFFER, f));
            }
            if let Some(w) = &mut self.files[p] {
                w.write_all(&record)?;
            }
            self.lens[p] += record.len() as u64;
            self.written += record.len() as u64;
            self.days = Some(match self.days {
                None => (bucket, bucket),
                Some((lo, hi)) => (lo.min(bucket), hi.max(bucket)),
            });
        }
        self.skipped += groups.skipped;
        let latest = groups.latest;
        *groups = Groups::empty(self.n_in);
        groups.spilled = true;
        groups.latest = latest;
        Ok(())
    }

    /// Where the partitions end now, to come back to with `rollback`.
    pub(super) fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            lens: self.lens.clone(),
            skipped: self.skipped,
        }
    }

    /// What was written since `cp` undone (a reader that gave up half-way
    /// and whose file is read again by another).
    pub(super) fn rollback(&mut self, cp: &Checkpoint) -> io::Result<()> {
        use std::io::Seek;
        for (p, (&then, now)) in cp.lens.iter().zip(self.lens.iter_mut()).enumerate() {
            if then == *now {
                continue;
            }
            if let Some(w) = &mut self.files[p] {
                w.flush()?;
                let f = w.get_mut();
                f.set_len(then)?;
                f.seek(io::SeekFrom::Start(then))?;
            }
            self.written -= *now - then;
            *now = then;
        }
        self.skipped = cp.skipped;
        Ok(())
    }

    /// The files written out and closed: nothing more is written.
    pub(super) fn close(&mut self) -> io::Result<()> {
        for w in self.files.iter_mut().flatten() {
            w.flush()?;
        }
        self.files.iter_mut().for_each(|f| *f = None);
        Ok(())
    }

    /// The groups of partition `p`, merged (after `close`); None when no
    /// group fell in it.
    pub(super) fn load(&self, p: usize, folds: &[Fold]) -> io::Result<Option<Groups>> {
        let path = self.part_path(p);
        let f = match File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let mut r = BufReader::with_capacity(1 << 16, f);
        let mut groups = Groups::empty(self.n_in);
        let mut dims: Vec<String> = Vec::new();
        let mut accs = vec![Acc::default(); self.n_in];
        let mut n_by = None;
        loop {
            let mut b4 = [0u8; 4];
            match r.read_exact(&mut b4) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => break,
                Err(e) => return Err(e),
            }
            let bucket = i32::from_le_bytes(b4);
            get_dims(&mut r, &mut dims)?;
            if *n_by.get_or_insert(dims.len()) != dims.len() {
                return Err(damaged(&path));
            }
            for acc in &mut accs {
                let mut v = [0u8; 16];
                r.read_exact(&mut v)?;
                let mut c = [0u8; 8];
                r.read_exact(&mut c)?;
                let mut d = [0u8; 4];
                r.read_exact(&mut d)?;
                let mut o = [0u8; 1];
                r.read_exact(&mut o)?;
                *acc = Acc::new(
                    Decimal::deserialize(v),
                    u64::from_le_bytes(c),
                    i32::from_le_bytes(d),
                    o[0] != 0,
                );
            }
            let id = groups.combo(&dims);
            for ((m, o), fold) in groups.entry(bucket, id).iter_mut().zip(&accs).zip(folds) {
                m.merge(o, *fold);
            }
        }
        groups.seal();
        Ok(Some(groups))
    }

    /// Partition `p`'s file removed (it has been read for the last time).
    pub(super) fn remove(&self, p: usize) {
        let _ = std::fs::remove_file(self.part_path(p));
    }

    /// A writer of the report's rows, one run per partition, in the same
    /// directory.
    pub(super) fn runs(&self, period: Period, n_slots: usize) -> Runs {
        Runs {
            dir: self.dir.clone(),
            period,
            n_slots,
            files: Vec::new(),
            rows: 0,
        }
    }
}

/// Where a spill's partitions ended at some point.
pub(super) struct Checkpoint {
    lens: Vec<u64>,
    skipped: u64,
}

impl Checkpoint {
    /// Before anything was written.
    pub(super) fn empty() -> Checkpoint {
        Checkpoint {
            lens: vec![0; PARTITIONS],
            skipped: 0,
        }
    }
}

fn damaged(path: &Path) -> io::Error {
    io::Error::other(format!(
        "the temporary file {} was changed while boussole used it",
        path.display()
    ))
}

fn put_dims(out: &mut Vec<u8>, dims: Combo<'_>) {
    out.push(dims.len() as u8);
    for v in dims.iter() {
        out.extend_from_slice(&(v.len() as u32).to_le_bytes());
        out.extend_from_slice(v.as_bytes());
    }
}

/// Reads dimension values written by `put_dims` into `dims` (its strings reused).
fn get_dims(r: &mut impl Read, dims: &mut Vec<String>) -> io::Result<()> {
    let mut n = [0u8; 1];
    r.read_exact(&mut n)?;
    dims.resize(n[0] as usize, String::new());
    for v in dims.iter_mut() {
        let mut len = [0u8; 4];
        r.read_exact(&mut len)?;
        let mut bytes = std::mem::take(v).into_bytes();
        bytes.clear();
        bytes.resize(u32::from_le_bytes(len) as usize, 0);
        r.read_exact(&mut bytes)?;
        *v = String::from_utf8(bytes).map_err(io::Error::other)?;
    }
    Ok(())
}

/// The report's rows of a spilled evaluation: one file per partition, each
/// sorted by (period, dimension values).
#[derive(Debug)]
pub struct Runs {
    dir: Arc<Dir>,
    period: Period,
    n_slots: usize,
    files: Vec<PathBuf>,
    rows: usize,
}

impl Runs {
    /// Writes one sorted run of rows (`dims` indexes `combos`).
    pub(super) fn write<'r>(
        &mut self,
        combos: &Combos,
        rows: impl Iterator<Item = (PeriodKey, u32, &'r [super::table::Cell])>,
    ) -> io::Result<()> {
        let path = self
            .dir
            .path()
            .join(format!("rows-{:03}", self.files.len()));
        let mut w = BufWriter::with_capacity(1 << 16, File::create(&path)?);
        let mut record = Vec::new();
        let mut n = 0;
        for (key, combo, values) in rows {
            record.clear();
            record.extend_from_slice(&key.index.to_le_bytes());
            put_dims(&mut record, combos.at(combo as usize));
            for v in values {
                match v.get() {
                    None => record.push(0),
                    Some(d) => {
                        record.push(1);
                        record.extend_from_slice(&d.serialize());
                    }
                }
            }
            w.write_all(&record)?;
            n += 1;
        }
        w.flush()?;
        self.files.push(path);
        self.rows += n;
        Ok(())
    }

    pub(super) fn len(&self) -> usize {
        self.rows
    }

    /// The rows, merged from the runs in (period, dimension values) order.
    pub(super) fn merge(&self) -> io::Result<Merge> {
        let mut m = Merge {
            readers: Vec::with_capacity(self.files.len()),
            heads: BinaryHeap::new(),
            period: self.period,
            n_slots: self.n_slots,
            current: None,
        };
        for (i, path) in self.files.iter().enumerate() {
            m.readers
                .push(BufReader::with_capacity(16 << 10, File::open(path)?));
            if let Some(head) = m.read(i, None)? {
                m.heads.push(head);
            }
        }
        Ok(m)
    }
}

/// One run's next row.
#[derive(Debug)]
pub(super) struct Head {
    pub(super) key: PeriodKey,
    pub(super) dims: Vec<String>,
    pub(super) values: Vec<Option<Decimal>>,
    run: usize,
}

impl PartialEq for Head {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o).is_eq()
    }
}
impl Eq for Head {}
impl PartialOrd for Head {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Head {
    /// Reversed: the heap's top is the smallest (period, values).
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        (o.key.index, &o.dims).cmp(&(self.key.index, &self.dims))
    }
}

/// The k-way merge of the runs.
pub(super) struct Merge {
    readers: Vec<BufReader<File>>,
    heads: BinaryHeap<Head>,
    period: Period,
    n_slots: usize,
    /// The row last returned (its buffers reused for the next read).
    current: Option<Head>,
}

impl Merge {
    /// Run `i`'s next row, into `reuse`'s buffers when given.
    fn read(&mut self, i: usize, reuse: Option<Head>) -> io::Result<Option<Head>> {
        let r = &mut self.readers[i];
        let mut b8 = [0u8; 8];
        match r.read_exact(&mut b8) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
            Err(e) => return Err(e),
        }
        let mut head = reuse.unwrap_or(Head {
            key: PeriodKey {
                period: self.period,
                index: 0,
            },
            dims: Vec::new(),
            values: Vec::new(),
            run: i,
        });
        head.key.index = i64::from_le_bytes(b8);
        head.run = i;
        get_dims(r, &mut head.dims)?;
        head.values.clear();
        for _ in 0..self.n_slots {
            let mut tag = [0u8; 1];
            r.read_exact(&mut tag)?;
            head.values.push(if tag[0] == 0 {
                None
            } else {
                let mut v = [0u8; 16];
                r.read_exact(&mut v)?;
                Some(Decimal::deserialize(v))
            });
        }
        Ok(Some(head))
    }

    /// The next row in (period, dimension values) order.
    pub(super) fn next(&mut self) -> io::Result<Option<&Head>> {
        if let Some(done) = self.current.take() {
            let run = done.run;
            if let Some(next) = self.read(run, Some(done))? {
                self.heads.push(next);
            }
        }
        self.current = self.heads.pop();
        Ok(self.current.as_ref())
    }
}

/// The evaluation of groups written out: each partition read back alone,
/// its rows computed and written as a sorted run; then, when objectives
/// have cadences, a second pass for their targets, over the range of every
/// partition's periods.
pub(super) fn evaluate(
    plan: &Plan,
    spill: Spill,
    budget: &Budget,
    diags: &mut Diagnostics,
    mut out: Evaluation,
) -> Result<Evaluation, String> {
    let folds: Vec<Fold> = plan.inputs.iter().map(|i| Fold::of(i.aggregate)).collect();
    let dir = spill.dir().display().to_string();
    let io = |e: io::Error| format!("reading back what was written to {dir}: {e}");
    out.skipped_rows = spill.skipped;
    let objectives: Vec<(usize, Period)> = plan
        .objectives
        .iter()
        .enumerate()
        .filter_map(|(i, o)| o.cadence.map(|c| (i, c)))
        .collect();
    // the partitions' diagnostics: put in the order of their dimension
    // values at the end, as if the groups had been evaluated together
    let mut found = Diagnostics::default();
    let mut bound = WarningBound::new(budget, &plan.by);
    let mut runs = spill.runs(plan.period, plan.slots.len());
    let mut combos = 0;
    for p in 0..PARTITIONS {
        let Some(mut groups) =
            load_within(&spill, p, &folds, budget, plan, 1, diags).map_err(io)?
        else {
            if budget.over() {
                return Ok(out);
            }
            continue;
        };
        groups.sort_dims();
        combos += groups.dims.len();
        let from = found.items.len();
        let table = Table::build(plan, &groups, plan.period, &mut found, Some(&mut bound));
        bound.apply(&mut found, from);
        let rows = (0..table.keys.len()).map(|r| (table.keys[r].0, table.keys[r].1, table.row(r)));
        runs.write(&groups.dims, rows).map_err(io)?;
        if objectives.is_empty() {
            spill.remove(p);
        }
    }
    if let (false, Some((lo, hi))) = (objectives.is_empty(), spill.days) {
        let day = |d: i32| NaiveDate::from_num_days_from_ce_opt(d).unwrap_or_default();
        let mut targets: Vec<Targets> = objectives
            .iter()
            .map(|&(oi, c)| {
                Targets::new(plan, oi, c, (c.key(day(lo)), c.key(day(hi))), combos, diags)
            })
            .collect();
        let mut cadences: Vec<Period> = objectives.iter().map(|o| o.1).collect();
        cadences.sort_unstable();
        cadences.dedup();
        let mut rows = Vec::new();
        for p in 0..PARTITIONS {
            let loaded = load_within(
                &spill,
                p,
                &folds,
                budget,
                plan,
                cadences.len() as u64,
                diags,
            );
            let Some(mut groups) = loaded.map_err(io)? else {
                if budget.over() {
                    return Ok(out);
                }
                continue;
            };
            groups.sort_dims();
            let from = found.items.len();
            let mut quiet = Diagnostics::default();
            let tables: Vec<(Period, Table)> = cadences
                .iter()
                .map(|&c| {
                    // the report's cadence was built (and its problems told) above
                    let to = if c == plan.period {
                        &mut quiet
                    } else {
                        &mut found
                    };
                    (c, Table::build(plan, &groups, c, to, None))
                })
                .collect();
            for (t, &(_, c)) in targets.iter_mut().zip(&objectives) {
                let Some((_, table)) = tables.iter().find(|(tc, _)| *tc == c) else {
                    continue;
                };
                let set: BTreeSet<u32> = table.keys.iter().map(|(_, d)| *d).collect();
                t.rows(table, &set, &mut found, &mut rows);
            }
            bound.apply(&mut found, from);
            spill.remove(p);
        }
        rows.sort_by(|a, b| {
            (a.1.at, a.0)
                .cmp(&(b.1.at, b.0))
                .then_with(|| a.1.dims.cmp(&b.1.dims))
        });
        out.targets = rows.into_iter().map(|(_, t)| t).collect();
        for t in targets {
            t.finish(diags);
        }
    }
    found.items.sort_by_cached_key(|d| {
        d.dimensions.as_ref().map(|m| {
            plan.by
                .iter()
                .map(|b| m.get(b).cloned())
                .collect::<Vec<_>>()
        })
    });
    diags.items.append(&mut found.items);
    bound.finish(diags);
    out.rows = super::Stored::Spilled(runs);
    Ok(out)
}

/// Partition `p` read back, when it and `tables` tables built from it fit
/// the limit; else None, with the `memory-limit` error (and `over()`).
fn load_within(
    spill: &Spill,
    p: usize,
    folds: &[Fold],
    budget: &Budget,
    plan: &Plan,
    tables: u64,
    diags: &mut Diagnostics,
) -> io::Result<Option<Groups>> {
    let limit = budget.limit().unwrap_or(u64::MAX);
    let on_disk = spill.lens[p];
    // the groups take about what they took on disk: not even read
    let too_big = |need: u64, diags: &mut Diagnostics| {
        budget.give_up();
        diags.push(budget.part_diagnostic(&plan.by, need));
        Ok(None)
    };
    if on_disk > limit {
        return too_big(on_disk, diags);
    }
    let Some(groups) = spill.load(p, folds)? else {
        return Ok(None);
    };
    let need =
        groups.held() + groups.keys.len() as u64 * Table::bytes_per_row(plan.slots.len()) * tables;
    if need > limit {
        return too_big(need, diags);
    }
    budget.reset(need);
    Ok(Some(groups))
}
