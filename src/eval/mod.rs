//! The embedded backend: reads a CSV export, aggregates inputs per day and
//! dimensions, rolls them up to periods, computes metrics on the aggregates
//! (a ratio is a ratio of sums) and evaluates objectives' targets.

use crate::diagnostic::{Code, Diagnostic, Diagnostics, Location};
use crate::plan::{Node, Op, Plan, ZeroNote};
use crate::source::Span;
use crate::syntax::dsl::Cmp;
use crate::vocab::Aggregate;
use crate::vocab::{Period, PeriodKey};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::str::FromStr;

mod fast;

pub use crate::plan::{Status, MAX_TARGET_ROWS};

/// Data errors reported before the reader gives up.
pub const MAX_DATA_ERRORS: usize = 100;

/// One row of results: a period, its dimension values, every input and metric.
#[derive(Debug, Clone)]
pub struct Row {
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
    pub dims: Vec<String>,
    pub value: Option<Decimal>,
    pub threshold: Option<Decimal>,
    pub status: Status,
    /// Index of the objective and of the target within it.
    pub at: (usize, usize),
}

#[derive(Debug)]
pub struct Evaluation {
    pub period: Period,
    pub by: Vec<String>,
    pub slots: Vec<String>,
    pub rows: Vec<Row>,
    pub targets: Vec<TargetResult>,
    /// Rows left out under `--on-bad-row skip` (each also in a warning).
    pub skipped_rows: u64,
}

/// How an accumulator combines values: what its input's aggregate needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fold {
    /// The sum (for `sum`, `avg`, `first`, `last`).
    Sum,
    Min,
    Max,
}

impl Fold {
    fn of(a: Aggregate) -> Fold {
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
struct Acc {
    value: Decimal,
    count: u64,
    overflow: bool,
}

impl Acc {
    fn add(&mut self, v: Decimal, fold: Fold) {
        self.merge(
            &Acc {
                value: v,
                count: 1,
                overflow: false,
            },
            fold,
        );
    }
    fn merge(&mut self, o: &Acc, fold: Fold) {
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
struct PAcc {
    acc: Acc,
    day: i32,
}

/// The data read from a CSV: per (day, dimensions), one accumulator per input.
struct Daily {
    /// The dimension value combinations seen.
    dims: Vec<Vec<String>>,
    /// Per (day, index in `dims`), one accumulator per input.
    groups: HashMap<(i32, usize), Vec<Acc>>,
    /// Bad rows left out (`--on-bad-row skip`).
    skipped: u64,
}

fn data_error(path: &Path, line: u64, column: usize, msg: String) -> Diagnostic {
    let mut d = Diagnostic::error(Code::DataError, msg);
    d.location = Some(Location::File {
        path: path.to_path_buf(),
        line: line as usize,
        column,
    });
    d
}

/// A header with no rows is worth a warning: the report will be empty.
fn warn_if_empty(daily: Daily, path: &Path, diags: &mut Diagnostics) -> Daily {
    if daily.groups.is_empty() {
        diags.push(Diagnostic::warning(
            Code::EmptyData,
            format!("{} has a header but no rows", path.display()),
        ));
    }
    daily
}

/// Told how far the CSV reader has got: the bytes read so far and the file's
/// size. Called from the reading thread, every few MiB.
pub type Progress<'a> = &'a (dyn Fn(u64, u64) + Sync);

/// Rows the exact reader reads between two progress reports.
const PROGRESS_ROWS: u64 = 1 << 16;

fn read_csv(
    plan: &Plan,
    path: &Path,
    diags: &mut Diagnostics,
    opts: &Options<'_>,
) -> Result<Option<Daily>, String> {
    let reader = opts.reader;
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let total = file.metadata().map_or(0, |m| m.len());
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .delimiter(opts.delimiter)
        .from_reader(std::io::BufReader::with_capacity(1 << 20, file));
    let headers = match rdr.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            diags.push(data_error(
                path,
                1,
                1,
                format!("cannot read the CSV header: {e}"),
            ));
            return Ok(None);
        }
    };
    let mut errors = 0usize;
    let names: Vec<&str> = headers.iter().map(|h| h.trim()).collect();
    if names.iter().all(|n| n.is_empty()) {
        diags.push(data_error(
            path,
            1,
            1,
            "the CSV file is empty: it needs a header with a `date` column".into(),
        ));
        return Ok(None);
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, n) in names.iter().enumerate() {
        if let Some(first) = seen.insert(n, i) {
            diags.push(data_error(
                path,
                1,
                i + 1,
                format!(
                    "column `{n}` appears twice (columns {} and {})",
                    first + 1,
                    i + 1
                ),
            ));
            errors += 1;
        }
    }
    let Some(date_col) = names.iter().position(|n| *n == "date") else {
        diags.push(
            data_error(path, 1, 1, "the CSV has no `date` column".into())
                .help("the first line must name the columns, one of them `date` (YYYY-MM-DD)"),
        );
        return Ok(None);
    };
    let mut input_cols: Vec<Option<usize>> = Vec::new();
    for input in &plan.inputs {
        let col = names.iter().position(|n| *n == input.column);
        if col.is_none() {
            let span = input.span;
            diags.push(
                Diagnostic::warning(
                    Code::MissingColumn,
                    format!(
                        "the data has no column `{}`; input `{}` has no values",
                        input.column, input.name
                    ),
                )
                .at(span)
                .help(format!(
                    "columns in {}: {}",
                    path.display(),
                    names.join(", ")
                )),
            );
        }
        input_cols.push(col);
    }
    let mut by_cols = Vec::new();
    for b in &plan.by {
        match names.iter().position(|n| n == b) {
            Some(c) => by_cols.push(c),
            None => {
                diags.push(data_error(
                    path,
                    1,
                    1,
                    format!(
                        "--by column `{b}` is not in the data (columns: {})",
                        names.join(", ")
                    ),
                ));
                return Ok(None);
            }
        }
    }
    if errors > 0 {
        return Ok(None);
    }
    let folds: Vec<Fold> = plan.inputs.iter().map(|i| Fold::of(i.aggregate)).collect();
    let layout = fast::Layout {
        fields: names.len(),
        date: date_col,
        inputs: &input_cols,
        by: &by_cols,
        folds: &folds,
        progress: opts.progress,
        delimiter: opts.delimiter,
        decimal: if opts.decimal_comma { b',' } else { b'.' },
    };
    let fast = match reader {
        Reader::Exact => None,
        Reader::Auto => fast::read(path, &layout),
        Reader::FastOnly => {
            Some(fast::read(path, &layout).ok_or("the fast path does not apply to this file")?)
        }
    };
    if let Some(daily) = fast {
        return Ok(Some(warn_if_empty(daily, path, diags)));
    }
    // dimension combinations are interned: one clone per new combination, not per row
    let mut dim_ids: HashMap<Vec<String>, usize> = HashMap::new();
    let mut dim_values: Vec<Vec<String>> = Vec::new();
    let mut groups: HashMap<(i32, usize), Vec<Acc>> = HashMap::new();
    let mut record = csv::StringRecord::new();
    let mut rows = 0u64;
    let mut dims: Vec<String> = Vec::new();
    let mut vals: Vec<Option<Decimal>> = vec![None; input_cols.len()];
    // --on-bad-row skip: rows left out, and the first few, for the warning
    let mut skipped = 0u64;
    let mut examples: Vec<(u64, usize, String)> = Vec::new();
    let skip = opts.on_bad_row == BadRow::Skip;
    let mut left_out = |line: u64, column: usize, msg: String| {
        skipped += 1;
        if examples.len() < 5 {
            examples.push((line, column, msg));
        }
    };
    loop {
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                let msg = match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => {
                        format!("row has {len} fields; the header has {expected_len}")
                    }
                    csv::ErrorKind::Utf8 { .. } => "row is not valid UTF-8".to_string(),
                    _ => format!("unreadable row: {e}"),
                };
                let row_fault = matches!(
                    e.kind(),
                    csv::ErrorKind::UnequalLengths { .. } | csv::ErrorKind::Utf8 { .. }
                );
                if skip && row_fault {
                    left_out(line, 1, msg);
                    continue;
                }
                diags.push(data_error(path, line, 1, msg));
                errors += 1;
                if errors >= MAX_DATA_ERRORS || !row_fault {
                    break;
                }
                continue;
            }
        }
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        rows += 1;
        if rows % PROGRESS_ROWS == 0 {
            if let (Some(report), Some(p)) = (opts.progress, record.position()) {
                report(p.byte(), total);
            }
        }
        let raw_date = record.get(date_col).unwrap_or("").trim();
        let date = match NaiveDate::parse_from_str(raw_date, "%Y-%m-%d") {
            Ok(d) => d,
            Err(_) => {
                let msg = format!("column `date`: `{raw_date}` is not a date (YYYY-MM-DD)");
                if skip {
                    left_out(line, date_col + 1, msg);
                    continue;
                }
                diags.push(data_error(path, line, date_col + 1, msg));
                errors += 1;
                if errors >= MAX_DATA_ERRORS {
                    break;
                }
                continue;
            }
        };
        let mut bad = false;
        for (slot, col) in input_cols.iter().enumerate() {
            vals[slot] = None;
            let Some(c) = *col else { continue };
            let cell = record.get(c).unwrap_or("").trim();
            if cell.is_empty() {
                continue;
            }
            let parsed = if opts.decimal_comma && cell.contains(',') {
                Decimal::from_str(&cell.replacen(',', ".", 1))
                    .ok()
                    .filter(|_| !cell.contains('.'))
            } else if opts.decimal_comma && cell.contains('.') {
                None
            } else {
                Decimal::from_str(cell).ok()
            };
            match parsed {
                Some(v) => vals[slot] = Some(v),
                None => {
                    let hint = if opts.decimal_comma {
                        " (the decimal separator is `,`, with no thousands separator)"
                    } else if cell.contains(',') {
                        " (the decimal separator is `.`; --decimal-comma reads `12,5`)"
                    } else {
                        ""
                    };
                    let msg = format!("column `{}`: `{cell}` is not a number{hint}", names[c]);
                    if skip {
                        if !bad {
                            left_out(line, c + 1, msg);
                        }
                    } else {
                        diags.push(data_error(path, line, c + 1, msg));
                        errors += 1;
                    }
                    bad = true;
                }
            }
        }
        if errors >= MAX_DATA_ERRORS {
            break;
        }
        if bad {
            continue;
        }
        dims.clear();
        dims.extend(
            by_cols
                .iter()
                .map(|&c| record.get(c).unwrap_or("").trim().to_string()),
        );
        let day = date.num_days_from_ce();
        let id = match dim_ids.get(&dims) {
            Some(&id) => id,
            None => {
                dim_ids.insert(dims.clone(), dim_values.len());
                dim_values.push(dims.clone());
                dim_values.len() - 1
            }
        };
        let accs = groups
            .entry((day, id))
            .or_insert_with(|| vec![Acc::default(); input_cols.len()]);
        for ((acc, v), fold) in accs.iter_mut().zip(&vals).zip(&folds) {
            if let Some(v) = v {
                acc.add(*v, *fold);
            }
        }
    }
    if errors > 0 {
        return Ok(None);
    }
    if skipped > 0 {
        let (line, column, _) = &examples[0];
        let listed: Vec<String> = examples
            .iter()
            .map(|(l, c, m)| format!("line {l}, column {c}: {m}"))
            .collect();
        let mut d = Diagnostic::warning(
            Code::SkippedRows,
            format!(
                "{skipped} bad row(s) of {} left out (--on-bad-row skip)",
                path.display()
            ),
        )
        .help(format!(
            "{}{}",
            listed.join("; "),
            if skipped > examples.len() as u64 {
                "; …"
            } else {
                ""
            }
        ));
        d.location = Some(Location::File {
            path: path.to_path_buf(),
            line: *line as usize,
            column: *column,
        });
        diags.push(d);
    }
    let daily = Daily {
        dims: dim_values,
        groups,
        skipped,
    };
    Ok(Some(warn_if_empty(daily, path, diags)))
}

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
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            reader: Reader::Auto,
            progress: None,
            on_bad_row: BadRow::Error,
            delimiter: b',',
            decimal_comma: false,
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

/// [`eval`] with options.
pub fn eval_opts(
    plan: &Plan,
    data: &Path,
    diags: &mut Diagnostics,
    opts: &Options<'_>,
) -> Result<Evaluation, String> {
    let mut out = Evaluation {
        period: plan.period,
        by: plan.by.clone(),
        slots: plan.slots.clone(),
        rows: Vec::new(),
        targets: Vec::new(),
        skipped_rows: 0,
    };
    let Some(daily) = read_csv(plan, data, diags, opts)? else {
        return Ok(out);
    };
    out.skipped_rows = daily.skipped;
    let mut tables: HashMap<Period, Table> = HashMap::new();
    let t = Table::build(plan, &daily, plan.period, diags);
    out.rows = t.rows();
    tables.insert(plan.period, t);
    for (oi, o) in plan.objectives.iter().enumerate() {
        let Some(cadence) = o.cadence else {
            continue;
        };
        let table = tables
            .entry(cadence)
            .or_insert_with(|| Table::build(plan, &daily, cadence, diags));
        objective_targets(plan, table, oi, cadence, diags, &mut out.targets);
    }
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
    let (Some(first), Some(last)) = (table.rows.keys().next(), table.rows.keys().next_back())
    else {
        return;
    };
    let dim_sets: BTreeSet<usize> = table.rows.keys().map(|(_, d)| *d).collect();
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
                let (value, threshold) = if table.rows.contains_key(&(key, dims)) {
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
            for &(key, dims) in table.rows.keys() {
                let ctx = Ctx {
                    table,
                    plan,
                    dims,
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

/// Values at one cadence, keyed by (period, dimension combination), sorted.
struct Table {
    /// The dimension value combinations, sorted; rows refer to them by index,
    /// so the order of (period, index) is the order of (period, values).
    dims: Vec<Vec<String>>,
    rows: BTreeMap<(PeriodKey, usize), Vec<Option<Decimal>>>,
}

impl Table {
    fn build(plan: &Plan, daily: &Daily, period: Period, diags: &mut Diagnostics) -> Table {
        let n_inputs = plan.inputs.len();
        // the combinations in sorted order; `index` maps the reader's order to it
        let mut order: Vec<usize> = (0..daily.dims.len()).collect();
        order.sort_by(|a, b| daily.dims[*a].cmp(&daily.dims[*b]));
        let mut index = vec![0; daily.dims.len()];
        for (pos, &i) in order.iter().enumerate() {
            index[i] = pos;
        }
        let mut paccs: BTreeMap<(PeriodKey, usize), Vec<PAcc>> = BTreeMap::new();
        for ((day, dims), accs) in &daily.groups {
            let Some(date) = NaiveDate::from_num_days_from_ce_opt(*day) else {
                continue;
            };
            let key = (period.key(date), index[*dims]);
            let p = paccs
                .entry(key)
                .or_insert_with(|| vec![PAcc::default(); n_inputs]);
            for ((pa, a), input) in p.iter_mut().zip(accs).zip(&plan.inputs) {
                if a.count == 0 {
                    continue;
                }
                let replace = match input.aggregate {
                    Aggregate::First => pa.acc.count == 0 || *day < pa.day,
                    Aggregate::Last => pa.acc.count == 0 || *day > pa.day,
                    _ => {
                        pa.acc.merge(a, Fold::of(input.aggregate));
                        false
                    }
                };
                if replace {
                    *pa = PAcc { acc: *a, day: *day };
                }
            }
        }
        let dims: Vec<Vec<String>> = order.iter().map(|&i| daily.dims[i].clone()).collect();
        let mut rows = BTreeMap::new();
        for (key, p) in paccs {
            let mut values: Vec<Option<Decimal>> = vec![None; plan.slots.len()];
            for (i, (pa, input)) in p.iter().zip(&plan.inputs).enumerate() {
                if pa.acc.count == 0 {
                    continue;
                }
                let acc = pa.acc;
                let v = match input.aggregate {
                    _ if acc.overflow => None,
                    Aggregate::Avg => acc.value.checked_div(Decimal::from(acc.count)),
                    _ => Some(acc.value),
                };
                if v.is_none() {
                    diags.push(
                        Diagnostic::error(
                            Code::ArithmeticOverflow,
                            format!(
                                "the {} of `{}` overflows exact decimals",
                                input.aggregate.name(),
                                input.name
                            ),
                        )
                        .at(input.span)
                        .with_context(&key.0, &plan.by, &dims[key.1]),
                    );
                }
                values[i] = v;
            }
            rows.insert(key, values);
        }
        let mut table = Table { dims, rows };
        // metrics, period by period in order so previous() sees earlier values
        let keys: Vec<(PeriodKey, usize)> = table.rows.keys().copied().collect();
        for key in keys {
            // the row is taken out while its metrics are computed, so that its
            // own values are read directly, not looked up
            let Some(mut row) = table.rows.remove(&key) else {
                continue;
            };
            for m in &plan.metrics {
                let ctx = Ctx {
                    table: &table,
                    plan,
                    dims: key.1,
                    current: Some((key.0, &row)),
                };
                row[m.slot] = ctx.eval(&m.node, key.0, diags, true);
            }
            table.rows.insert(key, row);
        }
        table
    }

    fn rows(&self) -> Vec<Row> {
        self.rows
            .iter()
            .map(|((key, dims), values)| Row {
                key: *key,
                dims: self.dims[*dims].clone(),
                values: values.clone(),
            })
            .collect()
    }
}

trait WithContext {
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

struct Ctx<'a> {
    table: &'a Table,
    plan: &'a Plan,
    /// The index of the dimension combination in `table.dims`.
    dims: usize,
    /// The row being computed, while it is out of the table.
    current: Option<(PeriodKey, &'a [Option<Decimal>])>,
}

impl Ctx<'_> {
    fn value(&self, slot: usize, key: PeriodKey) -> Option<Decimal> {
        if let Some((k, row)) = self.current {
            if k == key {
                return row.get(slot).copied().flatten();
            }
        }
        self.table
            .rows
            .get(&(key, self.dims))?
            .get(slot)
            .copied()
            .flatten()
    }

    /// Evaluates `n` in period `key`; `report` is false when re-evaluating an
    /// earlier period for a shift, whose problems were reported already.
    fn eval(
        &self,
        n: &Node,
        key: PeriodKey,
        diags: &mut Diagnostics,
        report: bool,
    ) -> Option<Decimal> {
        let context =
            |d: Diagnostic| d.with_context(&key, &self.plan.by, &self.table.dims[self.dims]);
        let overflow = |diags: &mut Diagnostics| {
            if report {
                diags.push(context(
                    Diagnostic::error(
                        Code::ArithmeticOverflow,
                        "result overflows exact decimals (about 7.9e28)",
                    )
                    .at(n.span),
                ));
            }
            None
        };
        let checked = |r: Option<Decimal>, diags: &mut Diagnostics| match r {
            Some(v) => Some(v),
            None => overflow(diags),
        };
        match &n.op {
            Op::Lit(d) => Some(*d),
            Op::Null => None,
            Op::Slot(s) => self.value(*s, key),
            Op::Shift(a, k) => self.eval(a, key.offset(-k), diags, false),
            Op::Neg(a) => Some(-self.eval(a, key, diags, report)?),
            Op::Abs(a) => Some(self.eval(a, key, diags, report)?.abs()),
            Op::Add(a, b) | Op::Sub(a, b) | Op::Mul(a, b) | Op::Div(a, b, _) => {
                let x = self.eval(a, key, diags, report);
                let y = self.eval(b, key, diags, report);
                let (x, y) = (x?, y?);
                let r = match &n.op {
                    Op::Add(..) => x.checked_add(y),
                    Op::Sub(..) => x.checked_sub(y),
                    Op::Mul(..) => x.checked_mul(y),
                    Op::Div(_, _, note) => {
                        if y.is_zero() {
                            if report {
                                diags.push(context(zero_warning(note, key)));
                            }
                            return None;
                        }
                        x.checked_div(y)
                    }
                    _ => None,
                };
                checked(r, diags)
            }
            Op::Min(args) | Op::Max(args) => {
                let mut acc: Option<Decimal> = None;
                let mut null = false;
                for a in args {
                    match self.eval(a, key, diags, report) {
                        Some(v) => {
                            acc = Some(match (acc, &n.op) {
                                (None, _) => v,
                                (Some(c), Op::Min(_)) => c.min(v),
                                (Some(c), _) => c.max(v),
                            })
                        }
                        None => null = true,
                    }
                }
                if null {
                    None
                } else {
                    acc
                }
            }
        }
    }
}

/// The `division-by-zero` warning of a zero divisor in period `key`.
fn zero_warning(note: &ZeroNote, key: PeriodKey) -> Diagnostic {
    match note {
        ZeroNote::Divisor { text, span } => Diagnostic::warning(
            Code::DivisionByZero,
            format!("`{text}` is zero in {}; the value is null", key.label()),
        )
        .at(*span)
        .label("zero in this period"),
        ZeroNote::Growth { arg, n, span } => Diagnostic::warning(
            Code::DivisionByZero,
            format!(
                "`{arg}` was zero {n} period(s) before {}; growth is null",
                key.label()
            ),
        )
        .at(*span),
    }
}
