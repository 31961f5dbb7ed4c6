//! The embedded backend: reads the sources' files, aggregates inputs per
//! bucket of days (see `acc`) and dimension values, rolls them up to
//! periods, computes metrics on the aggregates (a ratio is a ratio of sums)
//! and evaluates objectives' targets.

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::plan::Plan;
use crate::vocab::{Aggregate, Period, PeriodKey};
use rust_decimal::Decimal;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

mod acc;
mod combos;
mod distinct;
pub(crate) mod exact;
mod fast;
mod interp;
mod jsonl;
mod parallel;
mod parquet;
mod row;
mod spill;
pub use parquet::{is_reader_panic, sample as parquet_sample};
pub mod sources;
mod table;
mod targets;
mod workbook;

use acc::{Budget, Fold, Groups, WarningBound};
use exact::{read_file, Job};
use table::{Inputs, Table};
use targets::Targets;

pub use crate::plan::{Status, MAX_TARGET_ROWS};

/// Data errors reported before the reader gives up.
pub const MAX_DATA_ERRORS: usize = 100;

/// One row of results: a period, its dimension values, every input and
/// metric (by slot, as [`Evaluation::slots`] names them).
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    pub key: PeriodKey,
    pub dims: &'a [String],
    pub values: &'a [Option<Decimal>],
}

/// A row copied out of an [`Evaluation`].
#[derive(Debug, Clone, PartialEq)]
pub struct OwnedRow {
    pub key: PeriodKey,
    pub dims: Vec<String>,
    pub values: Vec<Option<Decimal>>,
}

#[derive(Debug, Clone)]
pub struct TargetResult {
    pub objective: String,
    pub target: String,
    pub metric: String,
    pub period: String,
    /// The period (its label is `period`).
    pub key: PeriodKey,
    pub dims: Vec<String>,
    pub value: Option<Decimal>,
    pub threshold: Option<Decimal>,
    pub status: Status,
    /// What to do when it is missed: the target's `action:`.
    pub action: Option<String>,
    /// For a period in progress whose left side adds up over days (a sum, a
    /// count): the value projected to the period's end at the pace so far.
    pub projection: Option<Decimal>,
    /// The left side's value the period before, and the same period a year
    /// before (`PeriodKey::year_before`), whatever the objective's range.
    pub previous: Option<Decimal>,
    pub year_ago: Option<Decimal>,
    /// The values of the target's computation's operands in this period
    /// (`PlanTarget::computation`), in its order.
    pub operands: Vec<Option<Decimal>>,
    /// Index of the objective and of the target within it.
    pub at: (usize, usize),
}

/// The results: rows at the report's period, target rows. The rows are
/// stored flat — a million groups are a million rows, not a million
/// allocations — or, past the memory limit, in sorted files on disk; both
/// are read through [`Evaluation::rows`].
#[derive(Debug)]
pub struct Evaluation {
    pub period: Period,
    pub by: Vec<String>,
    pub slots: Vec<String>,
    rows: Stored,
    pub targets: Vec<TargetResult>,
    /// Rows left out under `--on-bad-row skip` (each also in a warning).
    pub skipped_rows: u64,
    /// Per source holding inputs, in the plan's order: the latest day its
    /// files have a row for (None: no row).
    pub freshness: Vec<Freshness>,
}

/// How recent a source's data is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Freshness {
    /// The source's name (empty: the `--data` file of a spec without sources).
    pub source: String,
    pub last: Option<chrono::NaiveDate>,
}

/// Where the rows are.
#[derive(Debug)]
enum Stored {
    Memory {
        /// The dimension value combinations, sorted; rows refer to them by index.
        dims: combos::Combos,
        /// Each row's period and combination, sorted.
        keys: Vec<(PeriodKey, u32)>,
        /// `slots.len()` values per row, row after row.
        values: Vec<table::Cell>,
    },
    /// Written out, one sorted run per partition of the groups.
    Spilled(spill::Runs),
}

impl Evaluation {
    /// The rows, in order of period, then dimension values. Err when rows
    /// written to disk cannot be read back.
    pub fn rows(&self) -> std::io::Result<Rows<'_>> {
        Ok(Rows(match &self.rows {
            Stored::Memory { dims, keys, values } => Cursor::Memory {
                dims,
                keys,
                values,
                n: self.slots.len(),
                next: 0,
                row: Vec::new(),
                values_of: Vec::new(),
            },
            Stored::Spilled(runs) => Cursor::Spilled(runs.merge()?),
        }))
    }

    /// The rows `from..to` of those [`Evaluation::rows`] gives, when they
    /// are in memory (to be read on several cores); None when they were
    /// written to disk.
    pub fn rows_between(&self, from: usize, to: usize) -> Option<Rows<'_>> {
        match &self.rows {
            Stored::Memory { dims, keys, values } => Some(Rows(Cursor::Memory {
                dims,
                keys: keys.get(..to.min(keys.len()))?,
                values,
                n: self.slots.len(),
                next: from,
                row: Vec::new(),
                values_of: Vec::new(),
            })),
            Stored::Spilled(_) => None,
        }
    }

    pub fn row_count(&self) -> usize {
        match &self.rows {
            Stored::Memory { keys, .. } => keys.len(),
            Stored::Spilled(runs) => runs.len(),
        }
    }

    /// The first row `pred` holds for, copied out.
    pub fn find_row(
        &self,
        mut pred: impl FnMut(&Row<'_>) -> bool,
    ) -> std::io::Result<Option<OwnedRow>> {
        let mut rows = self.rows()?;
        while let Some(r) = rows.next()? {
            if pred(&r) {
                return Ok(Some(OwnedRow {
                    key: r.key,
                    dims: r.dims.to_vec(),
                    values: r.values.to_vec(),
                }));
            }
        }
        Ok(None)
    }

    /// Every row copied out (for small results: tests, spec tests).
    pub fn collect_rows(&self) -> std::io::Result<Vec<OwnedRow>> {
        let mut out = Vec::with_capacity(self.row_count());
        self.rows()?.for_each(|r| {
            out.push(OwnedRow {
                key: r.key,
                dims: r.dims.to_vec(),
                values: r.values.to_vec(),
            });
            Ok(())
        })?;
        Ok(out)
    }

    /// The rows were written to disk (the memory limit was reached).
    pub fn spilled(&self) -> bool {
        matches!(self.rows, Stored::Spilled(_))
    }
}

/// The rows of an [`Evaluation`], one at a time (each borrowed until the
/// next: rows on disk are read into one buffer).
pub struct Rows<'a>(Cursor<'a>);

enum Cursor<'a> {
    Memory {
        dims: &'a combos::Combos,
        keys: &'a [(PeriodKey, u32)],
        values: &'a [table::Cell],
        n: usize,
        next: usize,
        /// The row's values, read out of their cells.
        row: Vec<Option<Decimal>>,
        /// The row's dimension values, copied out of the combinations.
        values_of: Vec<String>,
    },
    Spilled(spill::Merge),
}

impl Rows<'_> {
    /// The next row; None after the last.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> std::io::Result<Option<Row<'_>>> {
        match &mut self.0 {
            Cursor::Memory {
                dims,
                keys,
                values,
                n,
                next,
                row,
                values_of,
            } => {
                let i = *next;
                let Some(&(key, combo)) = keys.get(i) else {
                    return Ok(None);
                };
                *next += 1;
                row.clear();
                row.extend(values[i * *n..(i + 1) * *n].iter().map(|c| c.get()));
                dims.at(combo as usize).copy_to(values_of);
                Ok(Some(Row {
                    key,
                    dims: values_of,
                    values: row,
                }))
            }
            Cursor::Spilled(merge) => Ok(merge.next()?.map(|h| Row {
                key: h.key,
                dims: &h.dims,
                values: &h.values,
            })),
        }
    }

    /// `f` called on every row left, in order.
    pub fn for_each(
        mut self,
        mut f: impl FnMut(Row<'_>) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        while let Some(row) = self.next()? {
            f(row)?;
        }
        Ok(())
    }
}

/// The cores the evaluator reads and computes on: the machine's, at most
/// 8, or the number `BOUSSOLE_CORES` says (1 for a single thread).
pub fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| {
        std::env::var("BOUSSOLE_CORES")
            .ok()
            .and_then(|n| n.trim().parse::<usize>().ok())
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .clamp(1, 8)
    })
}

/// Told how far the CSV reader has got: the bytes read so far and the file's
/// size. Called from the reading thread, every few MiB.
pub type Progress<'a> = &'a (dyn Fn(u64, u64) + Sync);

/// Evaluates `plan` on the CSV at `data`. Returns Err for I/O errors; data
/// problems are diagnostics (and then no values are reported).
pub fn eval(plan: &Plan, data: &Path, diags: &mut Diagnostics) -> Result<Evaluation, String> {
    eval_with(plan, data, diags, Reader::Auto)
}

/// How the CSV is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reader {
    /// The fast path where it applies, else the exact reader.
    Auto,
    /// The exact reader only (the reference the fast path is tested against).
    Exact,
    /// The fast path only: an error where it does not apply (for tests).
    FastOnly,
}

/// [`eval`] with a choice of reader.
pub fn eval_with(
    plan: &Plan,
    data: &Path,
    diags: &mut Diagnostics,
    reader: Reader,
) -> Result<Evaluation, String> {
    eval_opts(
        plan,
        data,
        diags,
        &Options {
            reader,
            ..Options::default()
        },
    )
}

/// How to evaluate.
#[derive(Clone, Copy)]
pub struct Options<'a> {
    pub reader: Reader,
    /// Told how far the reader has got (for a progress bar).
    pub progress: Option<Progress<'a>>,
    /// What a bad row (a bad cell, date or field count) does.
    pub on_bad_row: BadRow,
    /// The field delimiter (`,` by default).
    pub delimiter: u8,
    /// Numbers are written `12,5` (French and most European exports).
    pub decimal_comma: bool,
    /// The memory the groups and tables may take, in bytes (None: no
    /// limit); past it, the groups are written to a temporary directory
    /// (when `spill`), else `eval` stops with a `memory-limit` error.
    pub memory_limit: Option<u64>,
    /// Past the memory limit, groups are written to disk.
    pub spill: bool,
    /// Where the temporary directory is made (None: the system's).
    pub temp_dir: Option<&'a Path>,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            reader: Reader::Auto,
            progress: None,
            on_bad_row: BadRow::Error,
            delimiter: b',',
            decimal_comma: false,
            memory_limit: None,
            spill: true,
            temp_dir: None,
        }
    }
}

/// The policy for bad rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadRow {
    /// A `data-error` per problem; no value is reported.
    Error,
    /// The row is left out and counted; one `skipped-rows` warning lists them.
    Skip,
}

/// What to read.
#[derive(Clone, Copy, Debug)]
pub enum Data<'a> {
    /// One plain CSV holding every input (`--data FILE` of a spec without
    /// `sources:`, spec tests, `diff --data`), read with the options'
    /// delimiter and decimal mark.
    Plain(&'a Path),
    /// The files of each of the plan's sources, in order.
    Sources(&'a [Vec<std::path::PathBuf>]),
}

/// [`eval`] with options.
pub fn eval_opts(
    plan: &Plan,
    data: &Path,
    diags: &mut Diagnostics,
    opts: &Options<'_>,
) -> Result<Evaluation, String> {
    evaluate(plan, Data::Plain(data), diags, opts)
}

/// Reads every file of `data`: one table of groups' accumulators over all
/// inputs; None after data errors (no value is then reported).
fn read(
    plan: &Plan,
    data: Data<'_>,
    diags: &mut Diagnostics,
    opts: &Options<'_>,
    budget: &Budget,
    latest: &mut [Option<i32>],
) -> Result<Option<Groups>, String> {
    match data {
        Data::Plain(path) => {
            let job = Job {
                path,
                format: crate::vocab::DataFormat {
                    delimiter: Some(opts.delimiter),
                    decimal: if opts.decimal_comma {
                        crate::vocab::DecimalMark::Comma
                    } else {
                        crate::vocab::DecimalMark::Point
                    },
                    ..crate::vocab::DataFormat::default()
                },
                holds: vec![true; plan.inputs.len()],
                by: &plan.by,
                source: "",
                budget,
                lenient_dims: false,
                cadences: &[],
            };
            let groups = read_file(plan, &job, diags, opts)?;
            if let (Some(g), Some(l)) = (&groups, latest.first_mut()) {
                *l = g.latest;
            }
            Ok(groups)
        }
        Data::Sources(files) => {
            let folds: Vec<Fold> = plan.inputs.iter().map(|i| Fold::of(i.aggregate)).collect();
            let cadences = plan.cadences();
            let mut all = Groups::empty(plan.inputs.len());
            let errors = diags.errors();
            for (si, (source, paths)) in plan.sources.iter().zip(files).enumerate() {
                let holds: Vec<bool> = plan.inputs.iter().map(|i| i.source == si).collect();
                if !holds.contains(&true) {
                    continue;
                }
                let several = plan.sources.len() > 1;
                if let Some(dim) = source.lacking(&plan.by) {
                    diags.push(source.lacking_diagnostic(&dim, several));
                    continue;
                }
                let by: Vec<String> = source.by_columns.iter().flatten().cloned().collect();
                for path in paths {
                    let mut format = source.format.clone();
                    if !format.kind_given {
                        if let Some(k) = crate::vocab::FileKind::of_path(&path.to_string_lossy()) {
                            format.kind = k;
                        }
                    }
                    let job = Job {
                        path,
                        format,
                        holds: holds.clone(),
                        by: &by,
                        source: &source.name,
                        lenient_dims: several,
                        cadences: &cadences,
                        budget,
                    };
                    // None without a new error: a file left out with a warning
                    if let Some(daily) = read_file(plan, &job, diags, opts)? {
                        latest[si] = latest[si].max(daily.latest);
                        all.absorb(daily, &folds);
                        // what the merged groups take, not the sum of the files'
                        budget.reset(all.held());
                        let mut told = all.held();
                        if !budget.relieve(&mut all, &mut told) {
                            diags.push(budget.diagnostic(&plan.by));
                            return Ok(None);
                        }
                    }
                }
            }
            Ok((diags.errors() == errors).then_some(all))
        }
    }
}

/// The plan evaluated on `data`. Err for I/O errors; data problems are
/// diagnostics (and then no values are reported).
pub fn evaluate(
    plan: &Plan,
    data: Data<'_>,
    diags: &mut Diagnostics,
    opts: &Options<'_>,
) -> Result<Evaluation, String> {
    let mut ev = evaluate_all(plan, data, diags, opts)?;
    pace_to_data(plan, &mut ev);
    Ok(ev)
}

/// The pace of a period under way is the rate of the days the data covers:
/// when the sources a target reads stop before the review day (an export
/// made a week ago), its value so far is projected from their last day, not
/// from the review day.
fn pace_to_data(plan: &Plan, ev: &mut Evaluation) {
    let Some(as_of) = plan.as_of else { return };
    let last: Vec<Option<chrono::NaiveDate>> = plan
        .sources
        .iter()
        .map(|s| {
            ev.freshness
                .iter()
                .find(|f| f.source == s.name)
                .and_then(|f| f.last)
        })
        .collect();
    for t in ev.targets.iter_mut().filter(|t| t.projection.is_some()) {
        let Some(target) = plan
            .objectives
            .get(t.at.0)
            .and_then(|o| o.targets.get(t.at.1))
        else {
            continue;
        };
        let mut reads = vec![false; plan.sources.len()];
        plan.sources_read(&target.lhs, &mut reads);
        let data_day = reads
            .iter()
            .zip(&last)
            .filter(|(r, _)| **r)
            .filter_map(|(_, l)| *l)
            .min();
        if let (Some(day), Some(v)) = (data_day.filter(|d| *d < as_of), t.value) {
            t.projection = crate::plan::projection(v, t.key, day);
        }
    }
}

fn evaluate_all(
    plan: &Plan,
    data: Data<'_>,
    diags: &mut Diagnostics,
    opts: &Options<'_>,
) -> Result<Evaluation, String> {
    let mut out = Evaluation::empty(plan);
    let budget = match opts.memory_limit {
        // distinct values are held in memory: groups with them are not written out
        Some(limit)
            if opts.spill
                && !plan
                    .inputs
                    .iter()
                    .any(|i| i.aggregate == Aggregate::CountDistinct) =>
        {
            Budget::spilling(limit, opts.temp_dir, plan.inputs.len())
        }
        limit => Budget::new(limit),
    };
    let mut latest = vec![None; plan.sources.len()];
    let read = read(plan, data, diags, opts, &budget, &mut latest);
    out.freshness = freshness(plan, &latest);
    stale(plan, &out.freshness, diags);
    // what was written out is removed when `spill` is dropped, on error too
    let spill = budget.take_spill();
    let Some(mut groups) = read? else {
        return Ok(out);
    };
    // a table has at most a row per group: its memory is taken before it is
    // built; groups that fit but whose tables would not are written out too
    let table_bytes = groups.keys.len() as u64 * Table::bytes_per_row(plan.slots.len());
    let tables_bytes = table_bytes.saturating_mul(cadences(plan).len() as u64);
    // the readers are done: what is held is the groups
    budget.reset(groups.held());
    let spill = match spill {
        None if budget.can_spill()
            && budget
                .limit()
                .is_some_and(|l| groups.held().saturating_add(tables_bytes) > l) =>
        {
            if !budget.spill(&mut groups) {
                diags.push(budget.diagnostic(&plan.by));
                return Ok(out);
            }
            budget.take_spill()
        }
        spill => spill,
    };
    if let Some(mut spill) = spill {
        spill
            .write(&mut groups)
            .and_then(|()| spill.close())
            .map_err(|e| format!("writing to {}: {e}", spill.dir().display()))?;
        return spill::evaluate(plan, spill, &budget, diags, out);
    }
    out.skipped_rows = groups.skipped;
    groups.sort_dims();
    let report = {
        let mut tables: HashMap<Period, Table> = HashMap::new();
        let mut bound = WarningBound::new(&budget, &plan.by);
        // each cadence's inputs rolled up; then the groups dropped before
        // the metrics' slots are added, so the two are never held at once
        let mut inputs = Vec::new();
        let from = diags.items.len();
        let cadences = cadences(plan);
        for (i, &cadence) in cadences.iter().enumerate() {
            if !budget.take(table_bytes) || !budget.within() {
                diags.push(budget.diagnostic(&plan.by));
                return Ok(out);
            }
            // the last cadence's rolling up takes the groups' memory as it goes
            inputs.push((
                cadence,
                if i + 1 == cadences.len() {
                    Inputs::consume(plan, &mut groups, cadence, diags)
                } else {
                    Inputs::of(plan, &groups, cadence, diags)
                },
            ));
        }
        let held = groups.held();
        groups.drop_accumulators();
        budget.release(held.saturating_sub(groups.held()));
        for (cadence, inputs) in inputs {
            tables.insert(
                cadence,
                Table::complete(plan, &groups.dims, inputs, diags, Some(&mut bound)),
            );
            bound.apply(diags, from);
        }
        judge(plan, &mut tables, bound, diags, &mut out.targets);
        tables.remove(&plan.period).map(|t| (t.keys, t.values))
    };
    if let Some((keys, values)) = report {
        out.rows = Stored::Memory {
            dims: groups.dims,
            keys,
            values,
        };
    }
    Ok(out)
}

impl Evaluation {
    /// No rows, no targets yet: what an evaluation of `plan` starts from.
    fn empty(plan: &Plan) -> Evaluation {
        Evaluation {
            period: plan.period,
            by: plan.by.clone(),
            slots: plan.slots.clone(),
            rows: Stored::Memory {
                dims: combos::Combos::default(),
                keys: Vec::new(),
                values: Vec::new(),
            },
            targets: Vec::new(),
            skipped_rows: 0,
            freshness: Vec::new(),
        }
    }
}

/// Every objective's targets judged on the table of its cadence; the
/// warnings bounded by `bound`.
fn judge(
    plan: &Plan,
    tables: &mut HashMap<Period, Table<'_>>,
    mut bound: WarningBound,
    diags: &mut Diagnostics,
    targets: &mut Vec<TargetResult>,
) {
    for (oi, o) in plan.objectives.iter().enumerate() {
        let Some(cadence) = o.cadence else {
            continue;
        };
        let Some(table) = tables.get(&cadence) else {
            continue;
        };
        let (Some(first), Some(last)) = (table.keys.first(), table.keys.last()) else {
            continue;
        };
        let combos: BTreeSet<u32> = table.keys.iter().map(|(_, d)| *d).collect();
        let mut run = Targets::new(plan, oi, cadence, (first.0, last.0), combos.len(), diags);
        let mut rows = Vec::new();
        let from = diags.items.len();
        run.rows(table, &combos, diags, &mut rows);
        bound.apply(diags, from);
        run.finish(diags);
        targets.extend(rows.into_iter().map(|(_, t)| t));
    }
    bound.finish(diags);
}

/// One row an engine computed (`eval --engine`): a period and dimension
/// combination, each input's value (by input; for an average, its sum) and,
/// for an average, the count of its values.
#[derive(Debug, Clone)]
pub struct FetchedRow {
    pub key: PeriodKey,
    /// The index of the row's dimension values in [`Fetched::dims`].
    pub combo: u32,
    pub values: Vec<Option<Decimal>>,
    pub counts: Vec<Option<u64>>,
}

/// What an engine computed for `eval --engine`: each cadence's rows, the
/// dimension value combinations, and the latest day of each source's rows.
#[derive(Debug, Clone, Default)]
pub struct Fetched {
    /// Sorted in byte order; rows refer to them by index.
    pub dims: Vec<Vec<String>>,
    /// Per cadence (the report's, then each objective's), its rows sorted
    /// by (period, combination).
    pub tables: Vec<(Period, Vec<FetchedRow>)>,
    /// Per source of the plan, the latest day of its rows.
    pub latest: Vec<Option<chrono::NaiveDate>>,
}

/// The plan evaluated on what an engine computed: metrics, targets, their
/// diagnostics and the data's freshness, exactly as on the files.
pub fn evaluate_fetched(plan: &Plan, fetched: Fetched, diags: &mut Diagnostics) -> Evaluation {
    let latest: Vec<Option<i32>> = fetched
        .latest
        .iter()
        .map(|d| d.map(|d| chrono::Datelike::num_days_from_ce(&d)))
        .collect();
    let mut out = Evaluation {
        freshness: freshness(plan, &latest),
        ..Evaluation::empty(plan)
    };
    stale(plan, &out.freshness, diags);
    let Fetched {
        dims, tables: rows, ..
    } = fetched;
    let dims = combos::Combos::of(plan.by.len(), &dims);
    let report = {
        let budget = Budget::new(None);
        let mut bound = WarningBound::new(&budget, &plan.by);
        let mut tables: HashMap<Period, Table> = HashMap::new();
        for (cadence, rows) in &rows {
            let from = diags.items.len();
            tables.insert(
                *cadence,
                Table::fetched(plan, &dims, rows, diags, Some(&mut bound)),
            );
            bound.apply(diags, from);
        }
        judge(plan, &mut tables, bound, diags, &mut out.targets);
        tables.remove(&plan.period).map(|t| (t.keys, t.values))
    };
    if let Some((keys, values)) = report {
        out.rows = Stored::Memory { dims, keys, values };
    }
    pace_to_data(plan, &mut out);
    out
}

/// The cadences a table is built for: the report's, then each objective's,
/// each once.
pub fn cadences(plan: &Plan) -> Vec<Period> {
    let mut out = vec![plan.period];
    for c in plan.objectives.iter().filter_map(|o| o.cadence) {
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// Each source holding inputs, with the latest day of its rows.
fn freshness(plan: &Plan, latest: &[Option<i32>]) -> Vec<Freshness> {
    plan.sources
        .iter()
        .enumerate()
        .filter(|(si, _)| plan.inputs.iter().any(|i| i.source == *si))
        .map(|(si, s)| Freshness {
            source: s.name.clone(),
            last: latest
                .get(si)
                .copied()
                .flatten()
                .and_then(chrono::NaiveDate::from_num_days_from_ce_opt),
        })
        .collect()
}

/// `stale-data`: on the day of the review, a source whose latest row is
/// more than one period (of the shortest cadence among the objectives under
/// review that day whose targets read it) before it — last month's figures
/// are missing from a monthly review. Objectives not under review (not
/// started, or past their deadline) ask nothing of the data.
fn stale(plan: &Plan, freshness: &[Freshness], diags: &mut Diagnostics) {
    let Some(day) = plan.as_of else { return };
    let reviewed: Vec<(Period, &crate::plan::PlanObjective, Vec<bool>)> = plan
        .objectives
        .iter()
        .filter_map(|o| {
            let cadence = o.cadence?;
            let begun = o.start.is_none_or(|s| s <= day);
            let open = o.deadline.is_none_or(|d| day <= d);
            let mut reads = vec![false; plan.sources.len()];
            for t in &o.targets {
                plan.sources_read(&t.lhs, &mut reads);
                plan.sources_read(&t.rhs, &mut reads);
            }
            (begun && open).then_some((cadence, o, reads))
        })
        .collect();
    for f in freshness {
        let Some(last) = f.last else { continue };
        let Some(si) = plan.sources.iter().position(|s| s.name == f.source) else {
            continue;
        };
        let Some((cadence, objective, _)) = reviewed
            .iter()
            .filter(|(_, _, reads)| reads.get(si).copied().unwrap_or(false))
            .min_by_key(|(c, _, _)| *c as usize)
        else {
            continue;
        };
        let (cadence, objective) = (*cadence, *objective);
        let due = cadence.key(day).offset(-1);
        if cadence.key(last) >= due {
            continue;
        }
        let source = plan.sources.iter().find(|s| s.name == f.source);
        let kind = if f.source.is_empty() {
            "data"
        } else {
            "source"
        };
        let mut d = Diagnostic::of(
            Code::StaleData,
            crate::msg!(
                "stale-data",
                kind = kind,
                source = &f.source,
                last = crate::i18n::Arg::Period(last.to_string()),
                due = crate::i18n::Arg::Period(due.label()),
                cadence = cadence.name(),
                day = crate::i18n::Arg::Period(day.to_string()),
                objective = &objective.name
            ),
        )
        .help_msg(crate::msg!("stale-data-help"));
        d = match source.and_then(|s| s.span) {
            Some(span) => d.at(span),
            None => d.at(objective.span),
        };
        diags.push(d);
    }
}
