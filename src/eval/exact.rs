//! The CSV reader: the header's layout, then the rows. The fast path
//! (`fast.rs`) is tried first; whenever a file is not in its simple shape the
//! exact reader here reads it, every cell checked and every problem reported
//! at its line and column.

use super::acc::{Acc, Daily, Fold};
use super::{fast, BadRow, Options, Reader, MAX_DATA_ERRORS};
use crate::diagnostic::{Code, Diagnostic, Diagnostics, Location};
use crate::plan::Plan;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr;

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

/// Rows the exact reader reads between two progress reports.
const PROGRESS_ROWS: u64 = 1 << 16;

/// Reads the CSV at `path` into daily accumulators; None after data errors
/// (reported), Err for I/O errors.
pub(super) fn read_csv(
    plan: &Plan,
    path: &Path,
    diags: &mut Diagnostics,
    opts: &Options<'_>,
) -> Result<Option<Daily>, String> {
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
    let Some(cols) = Columns::of(plan, path, &headers, diags) else {
        return Ok(None);
    };
    let folds: Vec<Fold> = plan.inputs.iter().map(|i| Fold::of(i.aggregate)).collect();
    let layout = fast::Layout {
        fields: cols.names.len(),
        date: cols.date,
        inputs: &cols.inputs,
        by: &cols.by,
        folds: &folds,
        progress: opts.progress,
        delimiter: opts.delimiter,
        decimal: if opts.decimal_comma { b',' } else { b'.' },
    };
    let fast = match opts.reader {
        Reader::Exact => None,
        Reader::Auto => fast::read(path, &layout),
        Reader::FastOnly => {
            Some(fast::read(path, &layout).ok_or("the fast path does not apply to this file")?)
        }
    };
    let daily = match fast {
        Some(daily) => Some(daily),
        None => Rows::new(&cols, &folds, path, opts).read(&mut rdr, total, diags),
    };
    Ok(daily.map(|d| warn_if_empty(d, path, diags)))
}

/// Where the columns the plan needs are: the header's layout.
struct Columns {
    /// Every column's name, trimmed.
    names: Vec<String>,
    date: usize,
    /// Per input, its column (None: missing, a warning).
    inputs: Vec<Option<usize>>,
    by: Vec<usize>,
}

impl Columns {
    /// The layout of `headers`, or None after a data error (an empty or
    /// duplicated header, no `date`, an unknown `--by` column).
    fn of(
        plan: &Plan,
        path: &Path,
        headers: &csv::StringRecord,
        diags: &mut Diagnostics,
    ) -> Option<Columns> {
        let names: Vec<String> = headers.iter().map(|h| h.trim().to_string()).collect();
        if names.iter().all(|n| n.is_empty()) {
            diags.push(data_error(
                path,
                1,
                1,
                "the CSV file is empty: it needs a header with a `date` column".into(),
            ));
            return None;
        }
        let mut duplicated = false;
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
                duplicated = true;
            }
        }
        let position = |name: &str| names.iter().position(|n| n == name);
        let Some(date) = position("date") else {
            diags.push(
                data_error(path, 1, 1, "the CSV has no `date` column".into())
                    .help("the first line must name the columns, one of them `date` (YYYY-MM-DD)"),
            );
            return None;
        };
        let mut inputs = Vec::with_capacity(plan.inputs.len());
        for input in &plan.inputs {
            let col = position(&input.column);
            if col.is_none() {
                diags.push(
                    Diagnostic::warning(
                        Code::MissingColumn,
                        format!(
                            "the data has no column `{}`; input `{}` has no values",
                            input.column, input.name
                        ),
                    )
                    .at(input.span)
                    .help(format!(
                        "columns in {}: {}",
                        path.display(),
                        names.join(", ")
                    )),
                );
            }
            inputs.push(col);
        }
        let mut by = Vec::with_capacity(plan.by.len());
        for b in &plan.by {
            let Some(c) = position(b) else {
                diags.push(data_error(
                    path,
                    1,
                    1,
                    format!(
                        "--by column `{b}` is not in the data (columns: {})",
                        names.join(", ")
                    ),
                ));
                return None;
            };
            by.push(c);
        }
        (!duplicated).then_some(Columns {
            names,
            date,
            inputs,
            by,
        })
    }
}

/// The rows left out under `--on-bad-row skip`: how many, and the first few
/// (line, column, why) for the warning.
#[derive(Default)]
struct LeftOut {
    count: u64,
    examples: Vec<(u64, usize, String)>,
}

impl LeftOut {
    const EXAMPLES: usize = 5;

    fn add(&mut self, line: u64, column: usize, msg: String) {
        self.count += 1;
        if self.examples.len() < Self::EXAMPLES {
            self.examples.push((line, column, msg));
        }
    }

    /// The one `skipped-rows` warning, at the first row left out.
    fn warning(&self, path: &Path) -> Option<Diagnostic> {
        let (line, column, _) = self.examples.first()?;
        let listed: Vec<String> = self
            .examples
            .iter()
            .map(|(l, c, m)| format!("line {l}, column {c}: {m}"))
            .collect();
        let more = if self.count > self.examples.len() as u64 {
            "; …"
        } else {
            ""
        };
        let mut d = Diagnostic::warning(
            Code::SkippedRows,
            format!(
                "{} bad row(s) of {} left out (--on-bad-row skip)",
                self.count,
                path.display()
            ),
        )
        .help(format!("{}{more}", listed.join("; ")));
        d.location = Some(Location::File {
            path: path.to_path_buf(),
            line: *line as usize,
            column: *column,
        });
        Some(d)
    }
}

/// A number cell, or the hint that says why it is not one.
fn number(cell: &str, decimal_comma: bool) -> Result<Decimal, &'static str> {
    let parsed = if decimal_comma && cell.contains(',') {
        Decimal::from_str(&cell.replacen(',', ".", 1))
            .ok()
            .filter(|_| !cell.contains('.'))
    } else if decimal_comma && cell.contains('.') {
        None
    } else {
        Decimal::from_str(cell).ok()
    };
    parsed.ok_or(if decimal_comma {
        " (the decimal separator is `,`, with no thousands separator)"
    } else if cell.contains(',') {
        " (the decimal separator is `.`; --decimal-comma reads `12,5`)"
    } else {
        ""
    })
}

/// The exact reader's pass over the rows, folding them into daily
/// accumulators per dimension combination.
struct Rows<'a> {
    cols: &'a Columns,
    folds: &'a [Fold],
    path: &'a Path,
    opts: &'a Options<'a>,
    /// Dimension combinations are interned: one clone per new combination,
    /// not per row.
    dim_ids: HashMap<Vec<String>, usize>,
    dim_values: Vec<Vec<String>>,
    groups: HashMap<(i32, usize), Vec<Acc>>,
    /// The current row's dimension values (a buffer reused row after row).
    dims: Vec<String>,
    left_out: LeftOut,
    errors: usize,
}

/// What became of one row.
enum Fate {
    Folded,
    /// Left out under `--on-bad-row skip`, or reported as a data error.
    Bad,
    /// Too many errors, or an unreadable file: stop reading.
    Stop,
}

impl<'a> Rows<'a> {
    fn new(cols: &'a Columns, folds: &'a [Fold], path: &'a Path, opts: &'a Options<'a>) -> Self {
        Rows {
            cols,
            folds,
            path,
            opts,
            dim_ids: HashMap::new(),
            dim_values: Vec::new(),
            groups: HashMap::new(),
            dims: Vec::new(),
            left_out: LeftOut::default(),
            errors: 0,
        }
    }

    fn skip(&self) -> bool {
        self.opts.on_bad_row == BadRow::Skip
    }

    /// A bad cell or row at (line, column): left out, or a data error.
    fn bad(&mut self, line: u64, column: usize, msg: String, diags: &mut Diagnostics) {
        if self.skip() {
            self.left_out.add(line, column, msg);
        } else {
            diags.push(data_error(self.path, line, column, msg));
            self.errors += 1;
        }
    }

    fn read(
        mut self,
        rdr: &mut csv::Reader<impl std::io::Read>,
        total: u64,
        diags: &mut Diagnostics,
    ) -> Option<Daily> {
        let mut record = csv::StringRecord::new();
        let mut rows = 0u64;
        let mut vals: Vec<Option<Decimal>> = vec![None; self.cols.inputs.len()];
        loop {
            let fate = match rdr.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {
                    rows += 1;
                    if rows % PROGRESS_ROWS == 0 {
                        if let (Some(report), Some(p)) = (self.opts.progress, record.position()) {
                            report(p.byte(), total);
                        }
                    }
                    self.row(&record, &mut vals, diags)
                }
                Err(e) => self.unreadable(&e, diags),
            };
            if matches!(fate, Fate::Stop) || self.errors >= MAX_DATA_ERRORS {
                break;
            }
        }
        if self.errors > 0 {
            return None;
        }
        if let Some(d) = self.left_out.warning(self.path) {
            diags.push(d);
        }
        Some(Daily {
            dims: self.dim_values,
            groups: self.groups,
            skipped: self.left_out.count,
        })
    }

    /// A row the CSV reader could not split: a wrong field count or bad UTF-8
    /// is a bad row; anything else stops the reading.
    fn unreadable(&mut self, e: &csv::Error, diags: &mut Diagnostics) -> Fate {
        let line = e.position().map(|p| p.line()).unwrap_or(0);
        let (msg, row_fault) = match e.kind() {
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => (
                format!("row has {len} fields; the header has {expected_len}"),
                true,
            ),
            csv::ErrorKind::Utf8 { .. } => ("row is not valid UTF-8".to_string(), true),
            _ => (format!("unreadable row: {e}"), false),
        };
        if row_fault {
            self.bad(line, 1, msg, diags);
            Fate::Bad
        } else {
            diags.push(data_error(self.path, line, 1, msg));
            self.errors += 1;
            Fate::Stop
        }
    }

    fn row(
        &mut self,
        record: &csv::StringRecord,
        vals: &mut [Option<Decimal>],
        diags: &mut Diagnostics,
    ) -> Fate {
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let date_col = self.cols.date;
        let raw_date = record.get(date_col).unwrap_or("").trim();
        let Ok(date) = NaiveDate::parse_from_str(raw_date, "%Y-%m-%d") else {
            let msg = format!("column `date`: `{raw_date}` is not a date (YYYY-MM-DD)");
            self.bad(line, date_col + 1, msg, diags);
            return Fate::Bad;
        };
        let mut bad = false;
        for (slot, col) in self.cols.inputs.iter().enumerate() {
            vals[slot] = None;
            let Some(c) = *col else { continue };
            let cell = record.get(c).unwrap_or("").trim();
            if cell.is_empty() {
                continue;
            }
            match number(cell, self.opts.decimal_comma) {
                Ok(v) => vals[slot] = Some(v),
                Err(hint) => {
                    let msg = format!(
                        "column `{}`: `{cell}` is not a number{hint}",
                        self.cols.names[c]
                    );
                    // a row left out is counted once, at its first bad cell;
                    // as errors, every bad cell is reported
                    if !(bad && self.skip()) {
                        self.bad(line, c + 1, msg, diags);
                    }
                    bad = true;
                }
            }
        }
        if bad {
            return Fate::Bad;
        }
        self.dims.clear();
        self.dims.extend(
            self.cols
                .by
                .iter()
                .map(|&c| record.get(c).unwrap_or("").trim().to_string()),
        );
        let id = match self.dim_ids.get(&self.dims) {
            Some(&id) => id,
            None => {
                self.dim_values.push(self.dims.clone());
                self.dim_ids
                    .insert(self.dims.clone(), self.dim_values.len() - 1);
                self.dim_values.len() - 1
            }
        };
        let accs = self
            .groups
            .entry((date.num_days_from_ce(), id))
            .or_insert_with(|| vec![Acc::default(); vals.len()]);
        for ((acc, v), fold) in accs.iter_mut().zip(vals.iter()).zip(self.folds) {
            if let Some(v) = v {
                acc.add(*v, *fold);
            }
        }
        Fate::Folded
    }
}
