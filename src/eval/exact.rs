//! The CSV reader: the header's layout, then the rows. The fast path
//! (`fast.rs`) is tried first; whenever a file is not in its simple shape the
//! exact reader here reads it, every cell checked and every problem reported
//! at its line and column.

use super::acc::{Buckets, Budget, Calendar, Fold, Groups};
use super::{fast, BadRow, Options, Reader, MAX_DATA_ERRORS};
use crate::diagnostic::{did_you_mean, Code, Diagnostic, Diagnostics, Location};
use crate::i18n::Msg;
use crate::msg;
use crate::plan::Plan;
use crate::vocab::{Aggregate, DataFormat, DecimalMark, TextEncoding, Thousands};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::io::{BufRead, Read};
use std::path::Path;
use std::str::FromStr;

pub(super) fn data_error(path: &Path, line: u64, column: usize, msg: Msg) -> Diagnostic {
    let mut d = Diagnostic::of(Code::DataError, msg);
    d.location = Some(Location::File {
        path: path.to_path_buf(),
        line: line as usize,
        column,
    });
    d
}

/// What to do about a file that is not UTF-8: most often an export re-saved
/// by Excel, in Windows-1252 (`encoding:` on its source).
fn not_utf8_help(job: &Job<'_>) -> Msg {
    let path = job.path.display().to_string();
    if job.source.is_empty() {
        msg!("not-utf8-data-help", path = path)
    } else {
        msg!("not-utf8-help", source = job.source, path = path)
    }
}

/// A header with no rows is worth a warning: the report will be empty.
pub(super) fn warn_if_empty(groups: Groups, path: &Path, diags: &mut Diagnostics) -> Groups {
    if groups.is_empty() && !groups.spilled {
        diags.push(Diagnostic::of(
            Code::EmptyData,
            msg!("empty-data", path = path.display().to_string()),
        ));
    }
    groups
}

/// Rows the exact reader reads between two progress reports.
const PROGRESS_ROWS: u64 = 1 << 16;

/// One file to read: how it is written, which inputs it holds, the columns
/// of the `--by` dimensions.
pub(super) struct Job<'a> {
    pub path: &'a Path,
    pub format: DataFormat,
    /// Per plan input, whether this file holds it.
    pub holds: Vec<bool>,
    /// The column of each `--by` dimension.
    pub by: &'a [String],
    /// The source's name, for messages (empty: the `--data` file).
    pub source: &'a str,
    /// A dimension this file lacks is a warning (several sources), not an error.
    pub lenient_dims: bool,
    /// The cadences computed: a row covering a range must lie in one period
    /// of each.
    pub cadences: &'a [crate::vocab::Period],
    /// The memory the groups may take.
    pub budget: &'a Budget,
}

/// The text of a file in its encoding, as UTF-8, from its header line on;
/// how many lines came before the header; and the delimiter (the format's,
/// or the one the header line uses most).
fn open_text(path: &Path, format: &DataFormat) -> Result<(Box<dyn BufRead>, u64, u8), String> {
    let io = |e: std::io::Error| format!("{}: {e}", path.display());
    let file = std::fs::File::open(path).map_err(io)?;
    let decoded: Box<dyn Read> = match format.encoding {
        TextEncoding::Utf8 => Box::new(file),
        enc => {
            let encoding = match enc {
                TextEncoding::Utf16 => encoding_rs::UTF_16LE,
                _ => encoding_rs::WINDOWS_1252,
            };
            Box::new(
                encoding_rs_io::DecodeReaderBytesBuilder::new()
                    .encoding(Some(encoding))
                    .bom_sniffing(true)
                    .build(file),
            )
        }
    };
    let mut text = std::io::BufReader::with_capacity(1 << 20, decoded);
    let mut skipped = 0u64;
    let mut line = Vec::new();
    // the declared lines, then `#` comment lines, before the header
    loop {
        line.clear();
        let n = text.read_until(b'\n', &mut line).map_err(io)?;
        let bare = line.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&line);
        if n == 0 || (skipped >= format.skip as u64 && !bare.starts_with(b"#")) {
            break;
        }
        skipped += 1;
    }
    let delimiter = format.delimiter.unwrap_or_else(|| detect_delimiter(&line));
    let header = std::io::Cursor::new(line);
    Ok((
        Box::new(std::io::BufReader::with_capacity(
            1 << 20,
            header.chain(text),
        )),
        skipped,
        delimiter,
    ))
}

/// The delimiter a header line uses most, among `,` `;` tab `|` outside
/// quotes (`,` when none).
fn detect_delimiter(line: &[u8]) -> u8 {
    let mut counts = [0usize; 4];
    let candidates = [b',', b';', b'\t', b'|'];
    let mut quoted = false;
    for &b in line {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            if let Some(i) = candidates.iter().position(|&c| c == b) {
                counts[i] += 1;
            }
        }
    }
    let best = (0..4)
        .max_by_key(|&i| (counts[i], std::cmp::Reverse(i)))
        .unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        candidates[best]
    }
}

/// Reads one file into its groups' accumulators; None after data errors
/// (reported), Err for I/O errors.
pub(super) fn read_file(
    plan: &Plan,
    job: &Job<'_>,
    diags: &mut Diagnostics,
    opts: &Options<'_>,
) -> Result<Option<Groups>, String> {
    let path = job.path;
    match job.format.kind {
        crate::vocab::FileKind::Xlsx => return super::workbook::read(plan, job, diags, opts),
        crate::vocab::FileKind::Jsonl => return super::jsonl::read(plan, job, diags, opts),
        crate::vocab::FileKind::Parquet => return super::parquet::read(plan, job, diags, opts),
        crate::vocab::FileKind::Csv | crate::vocab::FileKind::Tsv => {}
    }
    let total = std::fs::metadata(path).map_or(0, |m| m.len());
    let (text, offset, delimiter) = open_text(path, &job.format)?;
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .delimiter(delimiter)
        .from_reader(text);
    let headers = match rdr.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            let (msg, help) = match e.kind() {
                csv::ErrorKind::Utf8 { err, .. } => (
                    msg!("csv-header-not-utf8", field = err.field() + 1),
                    Some(not_utf8_help(job)),
                ),
                _ => (msg!("csv-header-unreadable", error = e.to_string()), None),
            };
            let d = data_error(path, 1 + offset, 1, msg);
            diags.push(match help {
                Some(help) => d.help_msg(help),
                None => d,
            });
            return Ok(None);
        }
    };
    let Some(cols) = Columns::of(plan, job, offset, &headers, diags) else {
        return Ok(None);
    };
    let folds: Vec<Fold> = plan.inputs.iter().map(|i| Fold::of(i.aggregate)).collect();
    let calendar = Calendar::new(&plan.cadences());
    let decimal = job.format.decimal.char() as u8;
    let shape = fast::DateShape::of(job.format.date_format.as_deref());
    // the fast path reads plain columns only
    let plain = plan.inputs.iter().all(|i| i.row.is_none());
    let fast = if let (true, true, Some(dates)) = (plain, job.format.is_plain(), shape) {
        let layout = fast::Layout {
            fields: cols.names.len(),
            date: cols.date,
            inputs: &cols.inputs,
            by: &cols.by,
            folds: &folds,
            calendar: &calendar,
            budget: job.budget,
            progress: opts.progress,
            delimiter,
            decimal,
            dates,
            thousands: job.format.thousands,
            preamble: offset,
            windows_1252: matches!(
                job.format.encoding,
                crate::vocab::TextEncoding::Windows1252 | crate::vocab::TextEncoding::Latin1
            ),
        };
        match opts.reader {
            Reader::Exact => None,
            Reader::Auto => {
                // what the fast path writes out before it gives up is undone:
                // the exact reader reads those rows again
                let cp = job.budget.checkpoint();
                let groups = fast::read(path, &layout);
                if groups.is_none() {
                    job.budget.rollback(cp.as_ref())?;
                }
                groups
            }
            Reader::FastOnly => {
                Some(fast::read(path, &layout).ok_or("the fast path does not apply to this file")?)
            }
        }
    } else if opts.reader == Reader::FastOnly && plain {
        return Err("the fast path does not apply to this file".into());
    } else {
        None
    };
    // row-level inputs on every core (`FastOnly`: nothing else, for tests)
    let parallel = !plain
        && job.format.encoding == TextEncoding::Utf8
        && job.format.date_to.is_none()
        && !job.budget.over();
    if opts.reader == Reader::FastOnly && !plain {
        let groups = parallel
            .then(|| super::parallel::read(path, plan, &cols, &folds, job, offset, delimiter, opts))
            .flatten()
            .ok_or("the parallel reader does not apply to this file")?;
        return Ok(Some(warn_if_empty(groups, path, diags)));
    }
    let daily = match fast {
        Some(daily) => Some(daily),
        // the fast path gave up for memory: so would the exact reader
        None if job.budget.over() => {
            diags.push(job.budget.diagnostic(&plan.by));
            None
        }
        // row-level inputs on every core, when the text is plain UTF-8
        None if parallel && opts.reader == Reader::Auto => {
            let cp = job.budget.checkpoint();
            let before = job.budget.used();
            match super::parallel::read(path, plan, &cols, &folds, job, offset, delimiter, opts) {
                Some(groups) => Some(groups),
                None => {
                    // what the workers counted and wrote out is undone: the
                    // sequential reader reads every row again
                    job.budget.rollback(cp.as_ref())?;
                    job.budget.reset(before);
                    Rows::new(plan, &cols, &folds, job, offset, opts).read(&mut rdr, total, diags)
                }
            }
        }
        None => Rows::new(plan, &cols, &folds, job, offset, opts).read(&mut rdr, total, diags),
    };
    Ok(daily.map(|d| warn_if_empty(d, path, diags)))
}

/// Where the columns the plan needs are: the header's layout.
pub(super) struct Columns {
    /// Every column's name, trimmed.
    pub(super) names: Vec<String>,
    pub(super) date: usize,
    /// Where a row's date range ends, for sources that export ranges.
    pub(super) date_to: Option<usize>,
    /// Per input, its column (None: missing, a warning; or a row-level input).
    pub(super) inputs: Vec<Option<usize>>,
    /// Per row-level input, where each column its expressions read is
    /// (None: a plain input, or a column missing, a warning).
    pub(super) rows: Vec<Option<Vec<usize>>>,
    pub(super) by: Vec<usize>,
}

impl Columns {
    /// The layout of `headers`, or None after a data error (an empty or
    /// duplicated header, no date column, an unknown `--by` column).
    /// `offset`: the lines before the header.
    pub(super) fn of(
        plan: &Plan,
        job: &Job<'_>,
        offset: u64,
        headers: &csv::StringRecord,
        diags: &mut Diagnostics,
    ) -> Option<Columns> {
        let path = job.path;
        let line = 1 + offset;
        let names: Vec<String> = headers
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
            .collect();
        if names.iter().all(|n| n.is_empty()) {
            diags.push(data_error(
                path,
                line,
                1,
                msg!("file-empty-header", file = job.format.kind.what_msg()),
            ));
            return None;
        }
        let mut duplicated = false;
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, n) in names.iter().enumerate() {
            if let Some(first) = seen.insert(n, i) {
                diags.push(data_error(
                    path,
                    line,
                    i + 1,
                    msg!(
                        "column-twice",
                        column = n,
                        first = first + 1,
                        second = i + 1
                    ),
                ));
                duplicated = true;
            }
        }
        let position = |name: &str| names.iter().position(|n| n == name);
        let first_of = |alternatives: &[String]| alternatives.iter().find_map(|a| position(a));
        let Some(date) = first_of(&job.format.date_columns) else {
            let wanted = quoted_list(&job.format.date_columns);
            let mut d = data_error(
                path,
                line,
                1,
                msg!(
                    "file-no-column",
                    file = job.format.kind.what_msg(),
                    column = wanted
                ),
            );
            d = match job.format.date_columns.as_slice() {
                [only] if only == "date" && job.source.is_empty() => {
                    d.help_msg(msg!("no-date-column-help"))
                }
                _ => d.help_msg(msg!(
                    "no-date-column-source-help",
                    columns = names.join(", ")
                )),
            };
            diags.push(d);
            return None;
        };
        let date_to = match &job.format.date_to {
            None => None,
            Some(alternatives) => match first_of(alternatives) {
                Some(i) => Some(i),
                None => {
                    diags.push(
                        data_error(
                            path,
                            line,
                            1,
                            msg!(
                                "file-no-column",
                                file = job.format.kind.what_msg(),
                                column = quoted_list(alternatives)
                            ),
                        )
                        .help_msg(msg!("columns", columns = names.join(", "))),
                    );
                    return None;
                }
            },
        };
        let mut inputs = Vec::with_capacity(plan.inputs.len());
        let mut rows = Vec::with_capacity(plan.inputs.len());
        for (input, &held) in plan.inputs.iter().zip(&job.holds) {
            if !held {
                inputs.push(None);
                rows.push(None);
                continue;
            }
            if let Some(row) = &input.row {
                inputs.push(None);
                let mut found = Vec::with_capacity(row.columns.len());
                for (alternatives, span) in &row.columns {
                    match first_of(alternatives) {
                        Some(c) => found.push(c),
                        None => {
                            diags.push(missing_column(path, &names, input, alternatives, *span));
                            break;
                        }
                    }
                }
                rows.push((found.len() == row.columns.len()).then_some(found));
                continue;
            }
            rows.push(None);
            let col = first_of(&input.columns);
            if col.is_none() {
                diags.push(missing_column(
                    path,
                    &names,
                    input,
                    &input.columns,
                    input.span,
                ));
            }
            inputs.push(col);
        }
        let mut by = Vec::with_capacity(job.by.len());
        for b in job.by {
            let Some(c) = position(b) else {
                if job.lenient_dims {
                    let mut d = Diagnostic::of(
                        Code::MissingDimension,
                        msg!(
                            "source-no-dimension-column",
                            source = job.source,
                            column = b,
                            path = path.display().to_string()
                        ),
                    )
                    .help_msg(msg!(
                        "source-no-dimension-column-help",
                        columns = names.join(", "),
                        column = b
                    ));
                    d.location = Some(Location::File {
                        path: path.to_path_buf(),
                        line: line as usize,
                        column: 1,
                    });
                    diags.push(d);
                    return None;
                }
                diags.push(data_error(
                    path,
                    line,
                    1,
                    msg!("by-column-missing", column = b, columns = names.join(", ")),
                ));
                return None;
            };
            by.push(c);
        }
        (!duplicated).then_some(Columns {
            names,
            date,
            date_to,
            inputs,
            rows,
            by,
        })
    }
}

/// The `missing-column` warning of an input whose column (or a column its
/// expressions read, at `span`) the file does not have.
fn missing_column(
    path: &Path,
    names: &[String],
    input: &crate::plan::PlanInput,
    alternatives: &[String],
    span: crate::source::Span,
) -> Diagnostic {
    let columns = names.join(", ");
    let path = path.display().to_string();
    let near = alternatives
        .iter()
        .find_map(|c| did_you_mean(c, names.iter().map(String::as_str)));
    Diagnostic::of(
        Code::MissingColumn,
        msg!(
            "missing-column",
            column = quoted_list(alternatives),
            input = &input.name
        ),
    )
    .at(span)
    .help_msg(match near {
        Some(h) => msg!(
            "missing-column-near",
            name = h,
            path = path,
            columns = columns
        ),
        None => msg!("missing-column-columns", path = path, columns = columns),
    })
}

/// `` `a` `` or `` `a` (or `b`) ``.
fn quoted_list(names: &[String]) -> Msg {
    match names {
        [] => msg!("quoted", name = ""),
        [one] => msg!("quoted", name = one),
        [first, rest @ ..] => msg!(
            "quoted-alternatives",
            first = first,
            rest = rest
                .iter()
                .map(|r| format!("`{r}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// `column `x`: `y` is not a number`, with the hint that says why.
fn not_a_number(column: &str, cell: &str, hint: Option<Msg>) -> Msg {
    match hint {
        Some(h) => msg!(
            "cell-not-a-number-hint",
            column = column,
            cell = cell,
            hint = h
        ),
        None => msg!("cell-not-a-number", column = column, cell = cell),
    }
}

/// The rows left out under `--on-bad-row skip`: how many, and the first few
/// (line, column, why) for the warning.
#[derive(Default)]
struct LeftOut {
    count: u64,
    examples: Vec<(u64, usize, Msg)>,
}

impl LeftOut {
    const EXAMPLES: usize = 5;

    fn add(&mut self, line: u64, column: usize, msg: Msg) {
        self.count += 1;
        if self.examples.len() < Self::EXAMPLES {
            self.examples.push((line, column, msg));
        }
    }

    /// The one `skipped-rows` warning, at the first row left out.
    fn warning(&self, path: &Path) -> Option<Diagnostic> {
        let (line, column, _) = self.examples.first()?;
        let mut listed: Vec<Msg> = self
            .examples
            .iter()
            .map(|(l, c, m)| {
                msg!(
                    "at-line-column",
                    line = *l as usize,
                    column = *c,
                    what = m.clone()
                )
            })
            .collect();
        if self.count > self.examples.len() as u64 {
            listed.push(msg!("ellipsis"));
        }
        let mut d = Diagnostic::of(
            Code::SkippedRows,
            msg!(
                "skipped-rows",
                count = self.count as usize,
                path = path.display().to_string()
            ),
        )
        .help_msg(Msg {
            id: "list",
            args: vec![("items", crate::i18n::Arg::Join(listed))],
        });
        d.location = Some(Location::File {
            path: path.to_path_buf(),
            line: *line as usize,
            column: *column,
        });
        Some(d)
    }
}

/// How a file writes numbers, and where the hints about them point.
pub(crate) struct NumberStyle {
    pub(crate) decimal: DecimalMark,
    pub(crate) thousands: Thousands,
    /// The file is `--data` of a spec without sources: hints name the flags.
    pub(crate) flags: bool,
}

/// The currency a cell is written in (a symbol or an ISO code at either
/// end), and the amount without it.
pub(crate) fn currency(cell: &str) -> (&str, Option<String>) {
    // a plain number (a digit, sign or point first, a digit last) has no
    // symbol and no code at either end: most cells, decided in two tests
    if let ([first, ..], [.., last]) = (cell.as_bytes(), cell.as_bytes()) {
        if matches!(first, b'0'..=b'9' | b'-' | b'+' | b'.') && last.is_ascii_digit() {
            return (cell, None);
        }
    }
    marked(cell)
}

/// [`currency`] looked for at either end.
fn marked(cell: &str) -> (&str, Option<String>) {
    for (symbol, code) in [("€", "EUR"), ("$", "USD"), ("£", "GBP")] {
        if let Some(rest) = cell
            .strip_prefix(symbol)
            .or_else(|| cell.strip_suffix(symbol))
        {
            return (rest.trim(), Some(code.to_string()));
        }
    }
    let is_code = |s: &str| s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase());
    if let Some((head, tail)) = cell.split_at_checked(3) {
        if is_code(head) && tail.starts_with([' ', '\u{a0}']) {
            return (tail.trim(), Some(head.to_string()));
        }
    }
    if let Some(cut) = cell.len().checked_sub(3) {
        if let Some((head, tail)) = cell.split_at_checked(cut) {
            if is_code(tail) && head.ends_with(|c: char| c.is_ascii_digit() || c.is_whitespace()) {
                return (head.trim(), Some(tail.to_string()));
            }
        }
    }
    (cell, None)
}

/// A number cell (in `want`, the input's currency, when it carries one),
/// or the hint that says why it is not one.
pub(crate) fn number(
    cell: &str,
    style: &NumberStyle,
    want: Option<&str>,
) -> Result<Decimal, Option<Msg>> {
    let (amount, found) = currency(cell);
    match (found, want) {
        (Some(c), Some(w)) if c != w => {
            return Err(Some(msg!("hint-other-currency", found = c, wanted = w)))
        }
        (Some(c), None) => return Err(Some(msg!("hint-not-money", found = c))),
        _ => {}
    }
    let plain: String;
    let amount = if style.thousands == Thousands::None {
        amount
    } else {
        plain = amount
            .chars()
            .filter(|c| !style.thousands.is_separator(*c))
            .collect();
        plain.as_str()
    };
    let comma = style.decimal == DecimalMark::Comma;
    let parsed = if comma && amount.contains(',') {
        Decimal::from_str(&amount.replacen(',', ".", 1))
            .ok()
            .filter(|_| !amount.contains('.'))
    } else if comma && amount.contains('.') {
        None
    } else {
        Decimal::from_str(amount).ok()
    };
    parsed.ok_or_else(|| match (comma, style.thousands, style.flags) {
        (true, Thousands::None, _) => Some(msg!("hint-comma-no-thousands")),
        (false, _, true) if amount.contains(',') => Some(msg!("hint-point-flag")),
        (false, Thousands::None, false) if amount.contains(',') => Some(msg!("hint-point-source")),
        _ => None,
    })
}

/// The day a date cell names: with no format an ISO date, or an ISO
/// timestamp (`2010-12-01 08:26:00`, `2026-03-01T10:00:00+01:00`) counting
/// for the day it is written in; else the strftime `format`, a date or a
/// timestamp.
pub(crate) fn day(cell: &str, format: Option<&str>) -> Option<NaiveDate> {
    day_in(cell, format, None)
}

/// [`day`], a timestamp with an offset taking its day in `zone` when one
/// is given (`2026-03-01T23:30:00-05:00` is 2 March in Paris).
pub(crate) fn day_in(
    cell: &str,
    format: Option<&str>,
    zone: Option<chrono_tz::Tz>,
) -> Option<NaiveDate> {
    use chrono::{DateTime, FixedOffset, NaiveDateTime};
    let local = |t: DateTime<FixedOffset>| match zone {
        Some(z) => t.with_timezone(&z).date_naive(),
        None => t.date_naive(),
    };
    match format {
        None => NaiveDate::parse_from_str(cell, "%Y-%m-%d")
            .ok()
            .or_else(|| {
                [
                    "%Y-%m-%d %H:%M:%S%.f",
                    "%Y-%m-%dT%H:%M:%S%.f",
                    "%Y-%m-%d %H:%M",
                    "%Y-%m-%dT%H:%M",
                ]
                .iter()
                .find_map(|f| NaiveDateTime::parse_from_str(cell, f).ok())
                .map(|t| t.date())
            })
            .or_else(|| DateTime::parse_from_rfc3339(cell).ok().map(local)),
        Some(f) => NaiveDate::parse_from_str(cell, f)
            .ok()
            .or_else(|| {
                NaiveDateTime::parse_from_str(cell, f)
                    .ok()
                    .map(|t| t.date())
            })
            .or_else(|| DateTime::parse_from_str(cell, f).ok().map(local)),
    }
}

/// A cell's text without its leading and trailing whitespace, as
/// `str::trim` gives it, at the cost of two byte tests when there is none:
/// a printable ASCII byte at either end is not whitespace, and any other
/// byte goes to `str::trim`.
pub(super) fn trim(cell: &str) -> &str {
    let plain = |b: Option<&u8>| b.is_some_and(|&b| b > b' ' && b < 0x7f);
    let bytes = cell.as_bytes();
    if plain(bytes.first()) && plain(bytes.last()) {
        cell
    } else {
        cell.trim()
    }
}

/// A cell as a reader gives it: text (every CSV cell, a workbook's text
/// cells), or a value a workbook typed.
#[derive(Clone, Copy, Debug)]
pub(super) enum Cell<'a> {
    Text(&'a str),
    Number(Decimal),
    Date(NaiveDate),
    Empty,
}

impl Cell<'_> {
    /// The cell as text: what a dimension value or a message shows.
    pub(super) fn text(self) -> String {
        let mut text = String::new();
        self.write_text(&mut text);
        text
    }

    /// [`Cell::text`] written at the end of `out` (a buffer reused row
    /// after row).
    pub(super) fn write_text(self, out: &mut String) {
        use std::fmt::Write as _;
        match self {
            Cell::Text(t) => out.push_str(t),
            Cell::Number(n) => {
                let _ = write!(out, "{}", n.normalize());
            }
            Cell::Date(d) => {
                let _ = write!(out, "{}", d.format("%Y-%m-%d"));
            }
            Cell::Empty => {}
        }
    }
}

/// The exact reader's pass over the rows, folding them into the
/// accumulators per (bucket of days, dimension combination).
pub(super) struct Rows<'a> {
    cols: &'a Columns,
    folds: &'a [Fold],
    path: &'a Path,
    opts: &'a Options<'a>,
    /// Lines before the header (added to the reader's line numbers).
    offset: u64,
    style: NumberStyle,
    /// The strftime format of dates, if not ISO.
    date_format: Option<&'a str>,
    /// Per input, its currency (money inputs).
    currencies: Vec<Option<&'a str>>,
    cadences: &'a [crate::vocab::Period],
    /// The zone whose day a timestamp with an offset counts for.
    zone: Option<chrono_tz::Tz>,
    /// The groups folded so far (combinations interned: one clone per new
    /// combination, not per row).
    groups: Groups,
    /// Each day's bucket (the groups are per bucket of days).
    buckets: Buckets,
    budget: &'a Budget,
    /// What the budget was last told the groups hold.
    told: u64,
    /// The `--by` dimensions (for messages).
    by: &'a [String],
    /// The current row's dimension values (a buffer reused row after row).
    dims: Vec<String>,
    left_out: LeftOut,
    errors: usize,
    /// The inputs (row-level ones compute their expressions).
    inputs: &'a [crate::plan::PlanInput],
    /// What each row-level input takes from the current row (reused).
    outcomes: Vec<Outcome>,
    /// The current row's number columns of one input, parsed (reused).
    numbers: Vec<Option<Decimal>>,
    /// Per input, the value a distinct count saw on the current row.
    keys: Vec<String>,
    /// Per row-level input, the columns (its indices) read as numbers.
    number_columns: Vec<Vec<usize>>,
    /// The last date cell's text and its day (None: none read yet).
    last_day: (String, Option<Option<NaiveDate>>),
    /// What to do about a row that is not UTF-8, until it is said once.
    not_utf8: Option<Msg>,
}

/// The columns (indices in its `columns`) a row-level input reads as
/// numbers, each once.
fn number_columns(row: &crate::check::RowInput) -> Vec<usize> {
    let mut out = Vec::new();
    let mut add = |c: usize, ty| {
        if ty == crate::vocab::RowType::Number && !out.contains(&c) {
            out.push(c);
        }
    };
    if let Some((e, _)) = &row.expr {
        e.columns(&mut add);
    }
    if let Some(w) = &row.filter {
        w.columns(&mut add);
    }
    for a in row
        .having
        .iter()
        .flat_map(|(_, a)| a)
        .filter_map(|a| a.arg.as_ref())
    {
        a.columns(&mut add);
    }
    out
}

/// What a row-level input takes from one row.
#[derive(Clone, Debug)]
enum Outcome {
    /// Nothing: the input is not row-level, not read from this file, or the
    /// row does not pass its `where:` (sums).
    Nothing,
    /// The row is seen (its group exists for the input), and adds `value`
    /// (a count adds 1 for a row that counts, 0 for one that does not).
    Add(Decimal),
    /// The row is seen, and a distinct count sees a value (in the input's
    /// key buffer), or none.
    Distinct(bool),
    /// The row is seen; a distinct count with `having:` sees this value,
    /// with its aggregates' arguments on the row.
    Having(Option<(String, Vec<super::distinct::HVal>)>),
}

/// What became of one row.
pub(super) enum Fate {
    Folded,
    /// Left out under `--on-bad-row skip`, or reported as a data error.
    Bad,
    /// Too many errors, or an unreadable file: stop reading.
    Stop,
}

impl<'a> Rows<'a> {
    pub(super) fn new(
        plan: &'a Plan,
        cols: &'a Columns,
        folds: &'a [Fold],
        job: &'a Job<'a>,
        offset: u64,
        opts: &'a Options<'a>,
    ) -> Self {
        Rows {
            cols,
            folds,
            path: job.path,
            opts,
            offset,
            not_utf8: Some(not_utf8_help(job)),
            style: NumberStyle {
                decimal: job.format.decimal,
                thousands: job.format.thousands,
                flags: job.source.is_empty(),
            },
            date_format: job.format.date_format.as_deref(),
            currencies: plan.inputs.iter().map(|i| i.currency.as_deref()).collect(),
            cadences: job.cadences,
            zone: job.format.timezone,
            groups: Groups::empty(plan.inputs.len()),
            buckets: Buckets::new(Calendar::new(&plan.cadences())),
            budget: job.budget,
            told: 0,
            by: &plan.by,
            dims: Vec::new(),
            left_out: LeftOut::default(),
            errors: 0,
            inputs: &plan.inputs,
            outcomes: vec![Outcome::Nothing; plan.inputs.len()],
            last_day: (String::new(), None),
            keys: vec![String::new(); plan.inputs.len()],
            numbers: Vec::new(),
            number_columns: plan
                .inputs
                .iter()
                .map(|i| i.row.as_ref().map(number_columns).unwrap_or_default())
                .collect(),
        }
    }

    fn skip(&self) -> bool {
        self.opts.on_bad_row == BadRow::Skip
    }

    /// A bad cell or row at (line, column): left out, or a data error.
    fn bad(&mut self, line: u64, column: usize, msg: Msg, diags: &mut Diagnostics) {
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
    ) -> Option<Groups> {
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
        self.finish(diags)
    }

    /// The rows read: None after data errors; the `skipped-rows` warning.
    pub(super) fn finish(self, diags: &mut Diagnostics) -> Option<Groups> {
        if self.errors > 0 {
            return None;
        }
        if let Some(d) = self.left_out.warning(self.path) {
            diags.push(d);
        }
        let mut groups = self.groups;
        groups.skipped = self.left_out.count;
        groups.saw(self.buckets.latest());
        groups.seal();
        Some(groups)
    }

    /// Whether reading must stop (too many errors).
    pub(super) fn stopped(&self) -> bool {
        self.errors >= MAX_DATA_ERRORS
    }

    /// A row the CSV reader could not split: a wrong field count or bad UTF-8
    /// is a bad row; anything else stops the reading.
    fn unreadable(&mut self, e: &csv::Error, diags: &mut Diagnostics) -> Fate {
        let line = e.position().map(|p| p.line()).unwrap_or(0) + self.offset;
        let (msg, row_fault) = match e.kind() {
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => (
                msg!(
                    "row-field-count",
                    fields = *len as usize,
                    header = *expected_len as usize
                ),
                true,
            ),
            csv::ErrorKind::Utf8 { .. } if !self.skip() => {
                // the first such row says what to do about it
                let d = data_error(self.path, line, 1, msg!("row-not-utf8"));
                diags.push(match self.not_utf8.take() {
                    Some(help) => d.help_msg(help),
                    None => d,
                });
                self.errors += 1;
                return Fate::Bad;
            }
            csv::ErrorKind::Utf8 { .. } => (msg!("row-not-utf8"), true),
            _ => (msg!("row-unreadable", error = e.to_string()), false),
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

    /// One CSV record.
    pub(super) fn row(
        &mut self,
        record: &csv::StringRecord,
        vals: &mut [Option<Decimal>],
        diags: &mut Diagnostics,
    ) -> Fate {
        let line = record.position().map(|p| p.line()).unwrap_or(0) + self.offset;
        self.fold_row(
            line,
            |i| Cell::Text(trim(record.get(i).unwrap_or(""))),
            vals,
            diags,
        )
    }

    /// The row-level inputs' expressions on one row, into `outcomes`;
    /// false for a bad row (a cell that is not a number in a column read as
    /// one — whether or not the row passes `where:`, as in SQL — or an
    /// overflow), reported.
    fn row_inputs<'c>(
        &mut self,
        line: u64,
        cell: &impl Fn(usize) -> Cell<'c>,
        diags: &mut Diagnostics,
    ) -> bool {
        use super::row::{distinct_key, eval, read, RowError, Val};
        for k in 0..self.inputs.len() {
            self.outcomes[k] = Outcome::Nothing;
            let (Some(found), Some(row)) = (&self.cols.rows[k], &self.inputs[k].row) else {
                continue;
            };
            let currency = self.currencies[k];
            let style = &self.style;
            // every number column is read once, whatever the row's fate
            let numbers = &mut self.numbers;
            numbers.clear();
            numbers.resize(found.len(), None);
            let mut failed = None;
            for &c in &self.number_columns[k] {
                match read(
                    cell(found[c]),
                    crate::vocab::RowType::Number,
                    style,
                    currency,
                ) {
                    Ok(Val::Num(n)) => numbers[c] = Some(n),
                    Ok(_) => {}
                    Err(hint) => {
                        failed = Some(RowError::NotANumber(c, hint));
                        break;
                    }
                }
            }
            let numbers = &self.numbers;
            let read_as = |c: usize, ty| match ty {
                crate::vocab::RowType::Number => Ok(numbers[c].map_or(Val::Null, Val::Num)),
                _ => read(cell(found[c]), ty, style, currency)
                    .map_err(|hint| RowError::NotANumber(c, hint)),
            };
            let result = match failed {
                Some(e) => Err(e),
                None => (|| -> Result<Result<Outcome, Val<'_>>, RowError> {
                    let passes = match &row.filter {
                        None => true,
                        Some(w) => eval(w, &read_as)? == Val::Bool(true),
                    };
                    let value = match (&row.expr, passes) {
                        (Some((e, _)), true) => eval(e, &read_as)?,
                        (None, true) => Val::Bool(true),
                        (_, false) => Val::Null,
                    };
                    Ok(Ok(match self.inputs[k].aggregate {
                        Aggregate::Count => Outcome::Add(if value == Val::Null {
                            Decimal::ZERO
                        } else {
                            Decimal::ONE
                        }),
                        Aggregate::CountDistinct if row.having.is_none() => {
                            return Ok(Err(value));
                        }
                        Aggregate::CountDistinct => match (&row.having, distinct_key(&value)) {
                            (None, _) => Outcome::Distinct(false),
                            (Some(_), None) => Outcome::Having(None),
                            (Some((_, aggs)), Some(key)) => {
                                use super::distinct::HVal;
                                let mut vals = Vec::with_capacity(aggs.len());
                                for a in aggs {
                                    let v = match &a.arg {
                                        Some(arg) => eval(arg, &read_as)?,
                                        None => Val::Bool(true),
                                    };
                                    vals.push(match a.aggregate {
                                        Aggregate::Count => HVal::Counted(v != Val::Null),
                                        Aggregate::CountDistinct => HVal::Key(distinct_key(&v)),
                                        _ => HVal::Num(match v {
                                            Val::Num(n) => Some(n),
                                            _ => None,
                                        }),
                                    });
                                }
                                Outcome::Having(Some((key, vals)))
                            }
                        },
                        _ => match value {
                            Val::Num(n) => Outcome::Add(n),
                            _ => Outcome::Nothing,
                        },
                    }))
                })(),
            };
            match result {
                Ok(Ok(o)) => self.outcomes[k] = o,
                // a distinct count's value, written in the input's buffer
                // (no allocation per row)
                Ok(Err(value)) => {
                    let key = &mut self.keys[k];
                    key.clear();
                    let some = match &value {
                        Val::Null => false,
                        Val::Text(t) => {
                            key.push_str(t);
                            true
                        }
                        Val::Num(n) => {
                            use std::fmt::Write as _;
                            let _ = write!(key, "{}", n.normalize());
                            true
                        }
                        Val::Bool(b) => {
                            key.push_str(if *b { "true" } else { "false" });
                            true
                        }
                    };
                    self.outcomes[k] = Outcome::Distinct(some);
                }
                Err(RowError::NotANumber(c, hint)) => {
                    let col = found[c];
                    let msg = not_a_number(&self.cols.names[col], &cell(col).text(), hint);
                    self.bad(line, col + 1, msg, diags);
                    return false;
                }
                Err(RowError::Overflow) => {
                    let msg = msg!("row-overflow", input = &self.inputs[k].name);
                    self.bad(line, found.first().map_or(1, |c| c + 1), msg, diags);
                    return false;
                }
            }
        }
        true
    }

    /// One row at `line`, its cells given by `cell` (by column index).
    pub(super) fn fold_row<'c>(
        &mut self,
        line: u64,
        cell: impl Fn(usize) -> Cell<'c>,
        vals: &mut [Option<Decimal>],
        diags: &mut Diagnostics,
    ) -> Fate {
        let date_col = self.cols.date;
        // rows follow one another in date order: the same text is the same
        // day, parsed once
        let date_cell = cell(date_col);
        if let Cell::Text(t) = date_cell {
            if self.last_day.0 != t || self.last_day.1.is_none() {
                self.last_day.1 = Some(day_in(t, self.date_format, self.zone));
                self.last_day.0.clear();
                self.last_day.0.push_str(t);
            }
        }
        let date_of = |c: Cell<'_>| match c {
            Cell::Date(d) => Some(d),
            Cell::Text(t) => day_in(t, self.date_format, self.zone),
            Cell::Number(n) => day_in(&n.normalize().to_string(), self.date_format, self.zone),
            Cell::Empty => None,
        };
        let not_a_date = |col: usize| {
            msg!(
                "cell-not-a-date",
                column = &self.cols.names[col],
                cell = cell(col).text(),
                format = self.date_format.unwrap_or("YYYY-MM-DD")
            )
        };
        let day = match date_cell {
            Cell::Text(_) => self.last_day.1.flatten(),
            c => date_of(c),
        };
        let Some(date) = day else {
            let msg = not_a_date(date_col);
            self.bad(line, date_col + 1, msg, diags);
            return Fate::Bad;
        };
        // a row covering a range counts for its first day when the range
        // lies in one period of every cadence computed; never spread
        if let Some(to_col) = self.cols.date_to {
            let Some(end) = date_of(cell(to_col)) else {
                let msg = not_a_date(to_col);
                self.bad(line, to_col + 1, msg, diags);
                return Fate::Bad;
            };
            let crossed = self
                .cadences
                .iter()
                .find(|p| end < date || p.key(date) != p.key(end));
            if let Some(p) = crossed {
                let msg = if end < date {
                    msg!(
                        "range-backwards",
                        end = end.to_string(),
                        start = date.to_string()
                    )
                } else {
                    msg!(
                        "range-crosses",
                        start = date.to_string(),
                        end = end.to_string(),
                        period = p.name()
                    )
                };
                self.bad(line, to_col + 1, msg, diags);
                return Fate::Bad;
            }
        }
        let mut bad = false;
        for (slot, col) in self.cols.inputs.iter().enumerate() {
            vals[slot] = None;
            let Some(c) = *col else { continue };
            let cell = match cell(c) {
                Cell::Number(n) => {
                    vals[slot] = Some(n);
                    continue;
                }
                Cell::Empty => continue,
                Cell::Text("") => continue,
                Cell::Text(t) => t.to_string(),
                Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            };
            match number(&cell, &self.style, self.currencies[slot]) {
                Ok(v) => vals[slot] = Some(v),
                Err(hint) => {
                    let msg = not_a_number(&self.cols.names[c], &cell, hint);
                    // a row left out is counted once, at its first bad cell;
                    // as errors, every bad cell is reported
                    if !(bad && self.skip()) {
                        self.bad(line, c + 1, msg, diags);
                    }
                    bad = true;
                }
            }
        }
        if bad || !self.row_inputs(line, &cell, diags) {
            return Fate::Bad;
        }
        self.dims.resize(self.cols.by.len(), String::new());
        for (text, &c) in self.dims.iter_mut().zip(&self.cols.by) {
            text.clear();
            cell(c).write_text(text);
        }
        let n_groups = self.groups.keys.len();
        let id = self.groups.combo(&self.dims);
        let day = date.num_days_from_ce();
        let g = self.groups.index_of(self.buckets.of(day), id);
        let accs = self.groups.group_mut(g);
        for ((acc, v), fold) in accs.iter_mut().zip(vals.iter()).zip(self.folds) {
            if let Some(v) = v {
                acc.add(*v, *fold, day);
            }
        }
        if self.cols.rows.iter().any(Option::is_some) {
            let bucket = self.groups.keys[g].0;
            for (k, outcome) in self.outcomes.iter_mut().enumerate() {
                match std::mem::replace(outcome, Outcome::Nothing) {
                    Outcome::Nothing => {}
                    Outcome::Add(v) => self.groups.group_mut(g)[k].add(v, self.folds[k], day),
                    Outcome::Distinct(some) => {
                        self.groups.group_mut(g)[k].add(Decimal::ZERO, self.folds[k], day);
                        if some {
                            self.groups.distinct.add(bucket, id, k, &self.keys[k]);
                        }
                    }
                    Outcome::Having(value) => {
                        self.groups.group_mut(g)[k].add(Decimal::ZERO, self.folds[k], day);
                        if let Some((text, vals)) = value {
                            self.groups.distinct.add_having(bucket, id, k, &text, &vals);
                        }
                    }
                }
            }
        }
        // a new group: the budget told, the groups written out past the limit
        if self.groups.keys.len() > n_groups
            && self.groups.held() > self.told
            && !self.budget.relieve(&mut self.groups, &mut self.told)
        {
            diags.push(self.budget.diagnostic(self.by));
            self.errors += 1;
            return Fate::Stop;
        }
        Fate::Folded
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_plain_number_has_no_currency_at_either_end() {
        let ends = [
            "",
            "€",
            "$",
            "£",
            "EUR",
            "EUR ",
            " EUR",
            "USD\u{a0}",
            "-",
            "+",
            ".",
            " ",
        ];
        let middles = ["0", "12", "1 234", "1,5", "-3.25", ".5", "7E", "9e3"];
        for a in ends {
            for m in middles {
                for b in ends {
                    let cell = format!("{a}{m}{b}");
                    assert_eq!(super::currency(&cell), super::marked(&cell), "{cell:?}");
                }
            }
        }
    }

    #[test]
    fn trim_is_str_trim() {
        let pieces = [
            "", "a", " ", "\t", "\r", "\n", "\u{a0}", "\u{2003}", "\u{3000}", "\u{85}", "\u{7f}",
            "é", "17850", "C5", ",", "\u{feff}",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let cell = format!("{a}{b}{c}");
                    assert_eq!(super::trim(&cell), cell.trim(), "{cell:?}");
                }
            }
        }
    }
}
