//! The embedded backend: reads the sources' files, aggregates inputs per
//! bucket of days (see `acc`) and dimension values, rolls them up to
//! periods, computes metrics on the aggregates (a ratio is a ratio of sums)
//! and evaluates objectives' targets.

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::plan::Plan;
use crate::source::Span;
use crate::syntax::dsl::Cmp;
use crate::vocab::{Period, PeriodKey};
use rust_decimal::Decimal;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

mod acc;
pub(crate) mod exact;
mod fast;
mod interp;
mod jsonl;
mod parquet;
pub use parquet::{is_reader_panic, sample as parquet_sample};
pub mod sources;
mod table;
mod workbook;

use acc::{Budget, Fold, Groups};
use exact::{read_file, Job};
use interp::Ctx;
use table::Table;

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

#[derive(Debug, Clone)]
pub struct TargetResult {
    pub objective: String,
    pub target: String,
    pub metric: String,
    pub period: String,
    pub dims: Vec<String>,
    pub value: Option<Decimal>,
    pub threshold: Option<Decimal>,
    pub status: Status,
    /// Index of the objective and of the target within it.
    pub at: (usize, usize),
}

/// The results: rows at the report's period, target rows. The rows are
/// stored flat — a million groups are a million rows, not a million
/// allocations — and read through [`Evaluation::rows`].
#[derive(Debug)]
pub struct Evaluation {
    pub period: Period,
    pub by: Vec<String>,
    pub slots: Vec<String>,
    /// The dimension value combinations, sorted; rows refer to them by index.
    dims: Vec<Vec<String>>,
    /// Each row's period and combination, sorted.
    keys: Vec<(PeriodKey, u32)>,
    /// `slots.len()` values per row, row after row.
    values: Vec<Option<Decimal>>,
    pub targets: Vec<TargetResult>,
    /// Rows left out under `--on-bad-row skip` (each also in a warning).
    pub skipped_rows: u64,
}

impl Evaluation {
    /// Row `i` (in order of period, then dimension values).
    pub fn row(&self, i: usize) -> Row<'_> {
        let (key, combo) = self.keys[i];
        let n = self.slots.len();
        Row {
            key,
            dims: &self.dims[combo as usize],
            values: &self.values[i * n..(i + 1) * n],
        }
    }

    /// The rows, in order of period, then dimension values.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = Row<'_>> + '_ {
        (0..self.keys.len()).map(|i| self.row(i))
    }

    pub fn row_count(&self) -> usize {
        self.keys.len()
    }
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
    /// limit); past it, `eval` stops with a `memory-limit` error.
    pub memory_limit: Option<u64>,
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
            read_file(plan, &job, diags, opts)
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
                        all.absorb(daily, &folds);
                        // what the merged groups take, not the sum of the files'
                        budget.reset(all.held());
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
    let mut out = Evaluation {
        period: plan.period,
        by: plan.by.clone(),
        slots: plan.slots.clone(),
        dims: Vec::new(),
        keys: Vec::new(),
        values: Vec::new(),
        targets: Vec::new(),
        skipped_rows: 0,
    };
    let budget = Budget::new(opts.memory_limit);
    let Some(mut groups) = read(plan, data, diags, opts, &budget)? else {
        return Ok(out);
    };
    out.skipped_rows = groups.skipped;
    groups.sort_dims();
    // a table has at most a row per group: its memory is taken before it is built
    let table_bytes = groups.keys.len() as u64 * Table::bytes_per_row(plan.slots.len());
    let report = {
        let mut tables: HashMap<Period, Table> = HashMap::new();
        let cadences =
            std::iter::once(plan.period).chain(plan.objectives.iter().filter_map(|o| o.cadence));
        for cadence in cadences {
            if let std::collections::hash_map::Entry::Vacant(e) = tables.entry(cadence) {
                if !budget.take(table_bytes) {
                    diags.push(budget.diagnostic(&plan.by));
                    return Ok(out);
                }
                e.insert(Table::build(plan, &groups, cadence, diags));
            }
        }
        for (oi, o) in plan.objectives.iter().enumerate() {
            let Some(cadence) = o.cadence else {
                continue;
            };
            if let Some(table) = tables.get(&cadence) {
                objective_targets(plan, table, oi, cadence, diags, &mut out.targets);
            }
        }
        tables.remove(&plan.period).map(|t| (t.keys, t.values))
    };
    if let Some((keys, values)) = report {
        out.keys = keys;
        out.values = values;
    }
    out.dims = groups.dims;
    Ok(out)
}

/// The target rows of objective `oi`, and its `smart-achievable` warnings.
fn objective_targets(
    plan: &Plan,
    table: &Table,
    oi: usize,
    cadence: Period,
    diags: &mut Diagnostics,
    out: &mut Vec<TargetResult>,
) {
    let o = &plan.objectives[oi];
    let (Some(first), Some(last)) = (table.keys.first(), table.keys.last()) else {
        return;
    };
    let dim_sets: BTreeSet<usize> = table.keys.iter().map(|(_, d)| *d as usize).collect();
    let range = o.range(cadence, first.0, last.0, dim_sets.len());
    if let Some(d) = o.cut_warning(&range) {
        diags.push(d);
    }
    let mut quiet = Diagnostics::default();
    for (ti, t) in o.targets.iter().enumerate() {
        for index in range.from.index..=range.to.index {
            let key = PeriodKey {
                period: cadence,
                index,
            };
            for &dims in &dim_sets {
                let (value, threshold) = if table.get(key, dims).is_some() {
                    let ctx = Ctx {
                        table,
                        plan,
                        dims,
                        current: None,
                    };
                    (
                        ctx.eval(&t.lhs, key, diags, true),
                        ctx.eval(&t.rhs, key, &mut quiet, false),
                    )
                } else {
                    (None, None)
                };
                out.push(TargetResult {
                    objective: o.name.clone(),
                    target: t.text.clone(),
                    metric: t.metric.clone(),
                    period: key.label(),
                    dims: table.dims[dims].clone(),
                    value,
                    threshold,
                    status: Status::of(t.cmp, value, threshold),
                    at: (oi, ti),
                });
            }
        }
        // smart-achievable: compare the threshold with the best value the data has shown.
        if let Some(th) = t.threshold {
            let mut best: Option<Decimal> = None;
            for &(key, dims) in &table.keys {
                let ctx = Ctx {
                    table,
                    plan,
                    dims: dims as usize,
                    current: None,
                };
                if let Some(v) = ctx.eval(&t.lhs, key, &mut quiet, false) {
                    best = Some(match (best, t.cmp) {
                        (None, _) => v,
                        (Some(b), Cmp::Ge | Cmp::Gt) => b.max(v),
                        (Some(b), _) => b.min(v),
                    });
                }
            }
            if let Some(d) = achievable(t.cmp, th, best, t.rhs_span, &t.text) {
                diags.push(d);
            }
        }
    }
}

/// The rule behind `smart-achievable`: a `>=`/`>` target more than twice the
/// best value observed, or a `<=`/`<` target less than half of it, when that
/// best value is positive.
fn achievable(
    cmp: Cmp,
    th: Decimal,
    best: Option<Decimal>,
    span: Span,
    text: &str,
) -> Option<Diagnostic> {
    let best = best?;
    if best <= Decimal::ZERO {
        return None;
    }
    let far = match cmp {
        Cmp::Ge | Cmp::Gt => th > best.checked_mul(Decimal::TWO)?,
        Cmp::Le | Cmp::Lt => th < best.checked_div(Decimal::TWO)?,
        _ => false,
    };
    far.then(|| {
        Diagnostic::warning(
            Code::SmartAchievable,
            format!(
                "target `{text}` is far beyond anything the data has shown (best: {})",
                best.normalize()
            ),
        )
        .at(span)
        .label("more than twice the best value seen")
        .help(
            "an achievable target is within reach of past results; check the threshold or its unit",
        )
    })
}
