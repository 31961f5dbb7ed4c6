//! `boussole inspect FILE`: what an unknown export looks like — its
//! encoding, delimiter, number style, header line, date column and format,
//! numeric and text columns — and a `sources:` + `inputs:` snippet that
//! `boussole check` accepts as it is, so an analyst starts from the file.
//!
//! Everything is guessed from the first lines ([`SAMPLE_ROWS`]) with the
//! same cell rules the reader applies, so what inspect proposes is what
//! `eval` reads.

use crate::eval::exact::{currency, day, number, NumberStyle};
use crate::i18n::{Lang, Msg};
use crate::msg;
use crate::vocab::{DecimalMark, TextEncoding, Thousands};
use serde::Serialize;
use std::io::Read;
use std::path::Path;

/// Data rows looked at.
pub const SAMPLE_ROWS: usize = 1000;
/// Bytes read from the file at most.
const SAMPLE_BYTES: u64 = 4 << 20;
/// Lines before the header looked at.
const MAX_PREAMBLE: usize = 50;

/// Most columns (JSON keys) looked at.
const MAX_COLUMNS: usize = 10_000;

/// What inspect found in one file.
#[derive(Debug, Serialize)]
pub struct Inspection {
    pub file: String,
    /// What the file is: csv, tsv, xlsx, jsonl or parquet.
    pub format: &'static str,
    /// `(a workbook)` for a workbook, `(Parquet)` for a Parquet file.
    pub encoding: &'static str,
    /// Empty for a workbook, JSON lines and Parquet.
    pub delimiter: String,
    /// A workbook's sheet looked at (its first).
    pub sheet: Option<String>,
    pub decimal: &'static str,
    pub thousands: &'static str,
    /// Lines before the header that are not `#` comments (the source's `skip`).
    pub skip: usize,
    /// The header's 1-based line.
    pub header_line: usize,
    pub rows_sampled: usize,
    pub date: Option<DateColumn>,
    pub columns: Vec<Column>,
    /// Things the reader should know (an ambiguous date, a column with no
    /// value), in the language of [`Inspection::localize`] (English first).
    pub notes: Vec<String>,
    #[serde(skip)]
    note_msgs: Vec<Msg>,
    /// The proposed `sources:` + `inputs:` YAML.
    pub snippet: String,
}

#[derive(Debug, Serialize)]
pub struct DateColumn {
    pub column: String,
    /// None: ISO dates or timestamps.
    pub format: Option<String>,
    pub examples: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Column {
    pub header: String,
    /// `numeric` or `text`.
    pub kind: &'static str,
    /// For a numeric column: the unit proposed.
    pub unit: Option<String>,
    /// The spec name proposed (an input, or a dimension).
    pub name: String,
    pub examples: Vec<String>,
}

/// Date formats tried, in order; day-first before month-first unless the
/// file writes numbers the US way.
const DATE_FORMATS: &[&str] = &[
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%Y%m%d",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%Y/%m/%d",
    "%d/%m/%Y %H:%M",
    "%m/%d/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M:%S",
];

/// Inspects the file at `path`; Err for a file that cannot be read.
pub fn inspect(path: &Path) -> Result<Inspection, Msg> {
    use crate::vocab::FileKind;
    let table = match FileKind::of_path(&path.to_string_lossy()) {
        Some(FileKind::Xlsx) => workbook(path)?,
        Some(FileKind::Jsonl) => json_lines(path)?,
        Some(FileKind::Parquet) => parquet(path)?,
        Some(FileKind::Csv | FileKind::Tsv) | None => text_table(path)?,
    };
    Ok(analyse(path, table))
}

/// An I/O error on `path`.
fn io(path: &Path, e: impl std::fmt::Display) -> Msg {
    msg!(
        "io-error",
        path = path.display().to_string(),
        error = e.to_string()
    )
}

/// What a file holds once read: its layout, its header and sampled rows.
struct Table {
    kind: crate::vocab::FileKind,
    encoding: TextEncoding,
    /// None but for CSV and TSV.
    delimiter: Option<u8>,
    sheet: Option<String>,
    skip: usize,
    /// 0-based index of the header's line (or row).
    header_index: usize,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

/// A JSON-lines file's sample: its keys in the order first seen, each
/// object's values as the text `eval` reads (numbers with their digits).
fn json_lines(path: &Path) -> Result<Table, Msg> {
    use serde_json::Value;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(SAMPLE_BYTES).read_to_end(&mut bytes))
        .map_err(|e| io(path, e))?;
    let text = String::from_utf8_lossy(&bytes);
    let mut headers: Vec<String> = Vec::new();
    let mut objects = Vec::new();
    for line in text.lines().take(SAMPLE_ROWS) {
        let line = line.trim_start_matches('\u{feff}').trim();
        if let Ok(Value::Object(m)) = serde_json::from_str::<Value>(line) {
            for k in m.keys() {
                if !headers.contains(k) && headers.len() < MAX_COLUMNS {
                    headers.push(k.clone());
                }
            }
            objects.push(m);
        }
    }
    if objects.is_empty() {
        return Err(msg!(
            "inspect-no-json-object",
            path = path.display().to_string()
        ));
    }
    let shown = |v: Option<&Value>| match v {
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Number(n)) => n.as_str().to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    };
    let rows = objects
        .iter()
        .map(|m| headers.iter().map(|h| shown(m.get(h))).collect())
        .collect();
    Ok(Table::columns(crate::vocab::FileKind::Jsonl, headers, rows))
}

/// A Parquet file's sample: its columns, and its first rows as the text of
/// the values `eval` reads (a date or timestamp as its day).
fn parquet(path: &Path) -> Result<Table, Msg> {
    let (headers, rows) = crate::eval::parquet_sample(path, SAMPLE_ROWS)?;
    Ok(Table::columns(
        crate::vocab::FileKind::Parquet,
        headers,
        rows,
    ))
}

impl Table {
    /// A file with named columns and no text layout (JSON lines, Parquet).
    fn columns(
        kind: crate::vocab::FileKind,
        headers: Vec<String>,
        rows: Vec<Vec<String>>,
    ) -> Table {
        Table {
            kind,
            encoding: TextEncoding::Utf8,
            delimiter: None,
            sheet: None,
            skip: 0,
            header_index: 0,
            headers,
            rows,
        }
    }
}

/// A CSV or TSV file's sample.
fn text_table(path: &Path) -> Result<Table, Msg> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(SAMPLE_BYTES).read_to_end(&mut bytes))
        .map_err(|e| io(path, e))?;
    let (encoding, text) = decode(&bytes);
    let text = text.trim_start_matches('\u{feff}');
    // whole lines only: the sample may end inside one
    let complete = match text.rfind('\n') {
        Some(i) if bytes.len() as u64 >= SAMPLE_BYTES => &text[..=i],
        _ => text,
    };
    let lines: Vec<&str> = complete.lines().collect();
    let (delimiter, header_index) = layout(&lines);
    let skip = lines[..header_index]
        .iter()
        .filter(|l| !l.starts_with('#'))
        .count();
    let skip = if skip == 0 { 0 } else { header_index };
    let body = lines[header_index..].join("\n");
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(body.as_bytes());
    let headers: Vec<String> = rdr
        .headers()
        .map(|h| h.iter().map(|c| c.trim().to_string()).collect())
        .unwrap_or_default();
    let rows: Vec<Vec<String>> = rdr
        .records()
        .take(SAMPLE_ROWS)
        .filter_map(Result::ok)
        .map(|r| r.iter().map(|c| c.trim().to_string()).collect())
        .collect();
    Ok(Table {
        kind: crate::vocab::FileKind::Csv,
        encoding,
        delimiter: Some(delimiter),
        sheet: None,
        skip,
        header_index,
        headers,
        rows,
    })
}

/// A workbook's first sheet with data: the header is the first row with most of the
/// widest row's cells filled (a title row above it is skipped); typed dates
/// read as ISO days, typed numbers as their shortest decimal.
fn workbook(path: &Path) -> Result<Table, Msg> {
    use calamine::{Data, Reader};
    let mut book = calamine::open_workbook_auto(path).map_err(|e| io(path, e))?;
    // the first sheet that holds something
    let mut found = None;
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(|e| {
            msg!(
                "inspect-sheet-unreadable",
                path = path.display().to_string(),
                sheet = name.as_str(),
                error = e.to_string()
            )
        })?;
        if range.used_cells().next().is_some() {
            found = Some((name, range));
            break;
        }
    }
    let (sheet, range) =
        found.ok_or_else(|| msg!("inspect-empty-workbook", path = path.display().to_string()))?;
    let text = |d: &Data| -> String {
        match d {
            Data::DateTime(t) => t
                .as_datetime()
                .map(|t| t.date().format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            Data::Empty => String::new(),
            other => other.to_string().trim().to_string(),
        }
    };
    let all: Vec<Vec<String>> = range
        .rows()
        .take(SAMPLE_ROWS + MAX_PREAMBLE)
        .map(|r| r.iter().map(text).collect())
        .collect();
    let filled = |r: &Vec<String>| r.iter().filter(|c| !c.is_empty()).count();
    let widest = all.iter().map(filled).max().unwrap_or(0);
    let header_index = all
        .iter()
        .take(MAX_PREAMBLE)
        .position(|r| filled(r) * 2 > widest)
        .unwrap_or(0);
    let headers = all.get(header_index).cloned().unwrap_or_default();
    let rows = all
        .into_iter()
        .skip(header_index + 1)
        .take(SAMPLE_ROWS)
        .collect();
    let (first_row, _) = range.start().unwrap_or((0, 0));
    Ok(Table {
        kind: crate::vocab::FileKind::Xlsx,
        encoding: TextEncoding::Utf8,
        delimiter: None,
        sheet: Some(sheet),
        skip: header_index,
        header_index: header_index + first_row as usize,
        headers,
        rows,
    })
}

/// What a table's columns hold, and the spec for it.
fn analyse(path: &Path, table: Table) -> Inspection {
    let Table {
        kind,
        encoding,
        delimiter,
        sheet,
        skip,
        header_index,
        headers,
        rows,
    } = table;
    let text = delimiter.is_some();
    let delimiter = delimiter.unwrap_or(b',');
    let cells = |i: usize| -> Vec<&str> {
        rows.iter()
            .filter_map(|r| r.get(i).map(String::as_str))
            .filter(|c| !c.is_empty())
            .collect()
    };
    let mut notes = Vec::new();
    let (decimal, thousands) = number_style(delimiter, &headers, &cells);
    let style = NumberStyle {
        decimal,
        thousands,
        flags: false,
    };
    let us = decimal == DecimalMark::Point && delimiter == b',';
    let date = date_column(&headers, &cells, us, &mut notes);
    let mut names = Names::default();
    let mut columns = Vec::new();
    for (i, header) in headers.iter().enumerate() {
        if date.as_ref().is_some_and(|d| &d.column == header) || header.is_empty() {
            continue;
        }
        let values = cells(i);
        let examples: Vec<String> = distinct(&values, 3);
        if values.is_empty() {
            notes.push(msg!("inspect-empty-column", column = header.as_str()));
            continue;
        }
        let money = money_of(header, &values);
        let parsed: Option<Vec<rust_decimal::Decimal>> = values
            .iter()
            .map(|c| number(c, &style, money.as_deref()).ok())
            .collect();
        let (kind, unit) = match parsed {
            Some(v) => (
                "numeric",
                Some(match &money {
                    Some(c) => format!("money({c})"),
                    None if v
                        .iter()
                        .all(|d| d.fract().is_zero() && !d.is_sign_negative()) =>
                    {
                        "count".to_string()
                    }
                    None => "number".to_string(),
                }),
            ),
            None => ("text", None),
        };
        columns.push(Column {
            header: header.clone(),
            kind,
            unit,
            name: names.name(header),
            examples,
        });
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut inspection = Inspection {
        file: path.display().to_string(),
        format: crate::vocab::FileKind::ALL
            .iter()
            .find(|(_, k)| *k == kind)
            .map_or("csv", |(n, _)| n),
        encoding: match kind {
            crate::vocab::FileKind::Xlsx => "(a workbook)",
            crate::vocab::FileKind::Parquet => "(Parquet)",
            _ => TextEncoding::ALL
                .iter()
                .find(|(_, e)| *e == encoding)
                .map_or("utf-8", |(n, _)| n),
        },
        delimiter: if text {
            shown_delimiter(delimiter)
        } else {
            String::new()
        },
        sheet,
        decimal: if decimal == DecimalMark::Comma {
            "comma"
        } else {
            "point"
        },
        thousands: Thousands::ALL
            .iter()
            .find(|(_, t)| *t == thousands)
            .map_or("none", |(n, _)| n),
        skip,
        header_line: header_index + 1,
        rows_sampled: rows.len(),
        date,
        columns,
        notes: notes.iter().map(|m| Lang::En.text(m)).collect(),
        note_msgs: notes,
        snippet: String::new(),
    };
    inspection.snippet = snippet(&inspection, &Names::default().name(&stem));
    inspection
}

/// The encoding: a byte-order mark, else UTF-8 when the bytes are, else
/// Windows-1252; and the text decoded.
fn decode(bytes: &[u8]) -> (TextEncoding, String) {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let (text, _, _) = encoding_rs::UTF_16LE.decode(bytes);
        return (TextEncoding::Utf16, text.into_owned());
    }
    match std::str::from_utf8(bytes) {
        Ok(t) => (TextEncoding::Utf8, t.to_string()),
        // a sample cut inside a character is still UTF-8
        Err(e) if e.error_len().is_none() => (
            TextEncoding::Utf8,
            String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned(),
        ),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            (TextEncoding::Windows1252, text.into_owned())
        }
    }
}

/// Fields a line splits into with `delimiter`, quotes respected.
fn fields(line: &str, delimiter: u8) -> usize {
    let mut quoted = false;
    let mut n = 1;
    for b in line.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if b == delimiter && !quoted {
            n += 1;
        }
    }
    n
}

/// The delimiter and the header's index: the delimiter that splits the most
/// lines into the same number (more than one) of fields, and the first line
/// (not a `#` comment) with that number.
fn layout(lines: &[&str]) -> (u8, usize) {
    let candidates = [b',', b';', b'\t', b'|'];
    let mut best = (b',', 0usize, 0usize);
    for &d in &candidates {
        let counts: Vec<usize> = lines
            .iter()
            .take(MAX_PREAMBLE + 50)
            .filter(|l| !l.starts_with('#'))
            .map(|l| fields(l, d))
            .collect();
        // the most frequent field count above one
        let mut freq: std::collections::BTreeMap<usize, usize> = Default::default();
        for &c in counts.iter().filter(|&&c| c > 1) {
            *freq.entry(c).or_default() += 1;
        }
        if let Some((&fields_n, &lines_n)) = freq.iter().max_by_key(|(n, k)| (**k, **n)) {
            if lines_n > best.2 {
                best = (d, fields_n, lines_n);
            }
        }
    }
    let (delimiter, width, _) = best;
    let header = lines
        .iter()
        .take(MAX_PREAMBLE)
        .position(|l| !l.starts_with('#') && fields(l, delimiter) == width)
        .unwrap_or(0);
    (delimiter, header)
}

/// The number style under which the most cells read as numbers.
fn number_style<'a>(
    delimiter: u8,
    headers: &[String],
    cells: &dyn Fn(usize) -> Vec<&'a str>,
) -> (DecimalMark, Thousands) {
    use DecimalMark::{Comma, Point};
    let styles: &[(DecimalMark, Thousands)] = if delimiter == b',' {
        &[
            (Point, Thousands::None),
            (Point, Thousands::Comma),
            (Point, Thousands::Space),
            (Point, Thousands::Apostrophe),
            (Comma, Thousands::None),
            (Comma, Thousands::Point),
            (Comma, Thousands::Space),
        ]
    } else {
        &[
            (Comma, Thousands::None),
            (Comma, Thousands::Space),
            (Comma, Thousands::Point),
            (Point, Thousands::None),
            (Point, Thousands::Comma),
            (Point, Thousands::Space),
            (Point, Thousands::Apostrophe),
        ]
    };
    let all: Vec<&str> = (0..headers.len()).flat_map(cells).collect();
    let score = |&(decimal, thousands): &(DecimalMark, Thousands)| {
        let style = NumberStyle {
            decimal,
            thousands,
            flags: false,
        };
        all.iter()
            .filter(|c| {
                grouped(currency(c).0, decimal, thousands)
                    && number(c, &style, currency(c).1.as_deref()).is_ok()
            })
            .count()
    };
    let mut best = styles[0];
    let mut best_score = score(&best);
    for s in &styles[1..] {
        let sc = score(s);
        if sc > best_score {
            best = *s;
            best_score = sc;
        }
    }
    best
}

/// Whether every thousands separator of an amount starts a group of three
/// digits (`1 234,50` yes, `1,20050` no): what tells `1,234.5` from
/// `1.234,5`.
fn grouped(amount: &str, decimal: DecimalMark, thousands: Thousands) -> bool {
    let digits = amount.split(decimal.char()).next().unwrap_or("");
    let mut parts = digits.split(|c| thousands.is_separator(c));
    let _first = parts.next();
    parts.all(|p| p.len() == 3 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// The first column whose every sampled cell is a date in one format.
fn date_column<'a>(
    headers: &[String],
    cells: &dyn Fn(usize) -> Vec<&'a str>,
    us: bool,
    notes: &mut Vec<Msg>,
) -> Option<DateColumn> {
    let mut formats: Vec<Option<&str>> = vec![None];
    let mut named: Vec<&str> = DATE_FORMATS.to_vec();
    if us {
        // month first where the numbers are written the US way
        named.sort_by_key(|f| !f.starts_with("%m"));
    }
    formats.extend(named.into_iter().map(Some));
    for (i, header) in headers.iter().enumerate() {
        let values = cells(i);
        if values.is_empty() {
            continue;
        }
        let fits: Vec<Option<&str>> = formats
            .iter()
            .copied()
            .filter(|f| values.iter().all(|c| day(c, *f).is_some()))
            .collect();
        let Some(&format) = fits.first() else {
            continue;
        };
        // a column of plain numbers is a date only under a date's name
        if format == Some("%Y%m%d") && !looks_like_date(header) {
            continue;
        }
        if let (Some(f), Some(other)) = (format, fits.get(1).copied().flatten()) {
            if f.replace("%d", "").replace("%m", "") == other.replace("%d", "").replace("%m", "") {
                notes.push(msg!(
                    "inspect-ambiguous-date",
                    column = header.as_str(),
                    format = f,
                    other = other
                ));
            }
        }
        return Some(DateColumn {
            column: header.clone(),
            format: format.map(str::to_string),
            examples: distinct(&values, 2),
        });
    }
    None
}

fn looks_like_date(header: &str) -> bool {
    let h = header.to_lowercase();
    ["date", "jour", "day", "time", "période", "period", "datum"]
        .iter()
        .any(|w| h.contains(w))
}

/// The currency of a column: in its header (`(EUR)`, `€`) or on its cells.
fn money_of(header: &str, values: &[&str]) -> Option<String> {
    for (mark, code) in [("€", "EUR"), ("$", "USD"), ("£", "GBP")] {
        if header.contains(mark) {
            return Some(code.into());
        }
    }
    // `Spend (EUR)`, `Amount EUR`, and an API's `revenue_eur`
    let last = header
        .rsplit(|c: char| !c.is_ascii_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or_default();
    for code in ["EUR", "USD", "GBP", "CHF", "CAD"] {
        if header.contains(&format!("({code})")) || last.eq_ignore_ascii_case(code) {
            return Some(code.into());
        }
    }
    values.iter().find_map(|c| currency(c).1)
}

/// Up to `n` distinct values, in order.
fn distinct(values: &[&str], n: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values {
        if !out.iter().any(|o| o == v) {
            out.push((*v).to_string());
            if out.len() == n {
                break;
            }
        }
    }
    out
}

fn shown_delimiter(d: u8) -> String {
    if d == b'\t' {
        "tab".into()
    } else {
        (d as char).to_string()
    }
}

/// Spec names from headers: ASCII, lower case, `_` between words, distinct.
#[derive(Default)]
struct Names(Vec<String>);

impl Names {
    fn name(&mut self, header: &str) -> String {
        let mut s = String::new();
        for c in header.chars().flat_map(char::to_lowercase) {
            let c = match c {
                'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => 'a',
                'ç' => 'c',
                'é' | 'è' | 'ê' | 'ë' => 'e',
                'î' | 'ï' | 'í' | 'ì' => 'i',
                'ô' | 'ö' | 'ó' | 'ò' | 'õ' => 'o',
                'û' | 'ü' | 'ú' | 'ù' => 'u',
                'ñ' => 'n',
                'ß' => 's',
                c => c,
            };
            if c.is_ascii_alphanumeric() {
                s.push(c);
            } else if !s.ends_with('_') && !s.is_empty() {
                s.push('_');
            }
        }
        let mut s = s.trim_end_matches('_').to_string();
        if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
            s.insert_str(0, "c_");
        }
        let base = s.clone();
        let mut k = 2;
        while self.0.contains(&s) {
            s = format!("{base}_{k}");
            k += 1;
        }
        self.0.push(s.clone());
        s
    }
}

/// A YAML scalar, quoted when it would not read back as the same text.
fn yaml(s: &str) -> String {
    let plain = !s.is_empty()
        && s.trim() == s
        && !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c))
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !matches!(
            s.to_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "null" | "on" | "off" | "~"
        )
        && s.parse::<f64>().is_err();
    // what YAML cannot hold as it is: control characters, a byte-order
    // mark, noncharacters (found by the source fuzz target)
    let unprintable = |c: char| c.is_control() || matches!(c, '\u{feff}' | '\u{fffe}' | '\u{ffff}');
    if plain && !s.chars().any(unprintable) {
        return s.to_string();
    }
    let mut q = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            '\n' => q.push_str("\\n"),
            '\r' => q.push_str("\\r"),
            '\t' => q.push_str("\\t"),
            c if unprintable(c) => q.push_str(&format!("\\u{:04x}", c as u32)),
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

/// The spec proposed for the file: one source, its inputs and dimensions.
fn snippet(i: &Inspection, source: &str) -> String {
    let mut s = String::from("sources:\n");
    s.push_str(&format!("  {source}:\n    path: {}\n", yaml(&i.file)));
    match &i.sheet {
        Some(sheet) => s.push_str(&format!("    sheet: {}\n", yaml(sheet))),
        None if !i.delimiter.is_empty() && i.encoding != "utf-8" => {
            s.push_str(&format!("    encoding: {}\n", i.encoding))
        }
        None => {}
    }
    if i.skip > 0 {
        s.push_str(&format!("    skip: {}\n", i.skip));
    }
    if !i.delimiter.is_empty() {
        s.push_str(&format!("    delimiter: {}\n", yaml(&i.delimiter)));
    }
    if i.decimal != "point" {
        s.push_str(&format!("    decimal: {}\n", i.decimal));
    }
    if i.thousands != "none" {
        s.push_str(&format!("    thousands: {}\n", yaml(i.thousands)));
    }
    match &i.date {
        Some(d) => {
            s.push_str(&format!("    date:\n      column: {}\n", yaml(&d.column)));
            if let Some(f) = &d.format {
                s.push_str(&format!("      format: {}\n", yaml(f)));
            }
        }
        None => s.push_str("    # no date column found: name it with `date:`\n"),
    }
    let dims: Vec<&Column> = i.columns.iter().filter(|c| c.kind == "text").collect();
    if !dims.is_empty() {
        s.push_str("    dimensions:\n");
        for c in &dims {
            s.push_str(&format!("      {}: {}\n", c.name, yaml(&c.header)));
        }
    }
    s.push_str("inputs:\n");
    let numeric: Vec<&Column> = i.columns.iter().filter(|c| c.kind == "numeric").collect();
    if numeric.is_empty() {
        s.push_str("  {}\n");
    }
    for c in numeric {
        s.push_str(&format!(
            "  {}:\n    unit: {}\n    source: {source}\n    column: {}\n",
            c.name,
            c.unit.as_deref().unwrap_or("number"),
            yaml(&c.header)
        ));
    }
    s
}

impl Inspection {
    /// Its notes in `lang`.
    pub fn localize(&mut self, lang: Lang) {
        self.notes = self.note_msgs.iter().map(|m| lang.text(m)).collect();
    }
}

/// The inspection as text for a terminal, in `lang` (the notes as
/// [`Inspection::localize`] left them).
pub fn human(i: &Inspection, lang: Lang) -> String {
    let mut out = format!("{}\n", i.file);
    let row = |out: &mut String, key: &'static str, v: String| {
        let k = lang.text(&msg!("inspect-key", key = key));
        let pad = " ".repeat(10usize.saturating_sub(k.chars().count()));
        out.push_str(&format!("  {k}{pad} {v}\n"));
    };
    let t = |m: Msg| lang.text(&m);
    match &i.sheet {
        Some(sheet) => row(
            &mut out,
            "sheet",
            t(msg!("inspect-workbook", sheet = sheet.as_str())),
        ),
        None if i.format == "jsonl" => row(&mut out, "format", t(msg!("inspect-json-lines"))),
        None if i.format == "parquet" => row(&mut out, "format", "Parquet".into()),
        None => {
            row(&mut out, "encoding", i.encoding.to_string());
            row(&mut out, "delimiter", i.delimiter.clone());
        }
    }
    row(
        &mut out,
        "numbers",
        t(msg!(
            "inspect-numbers",
            decimal = i.decimal,
            thousands = yaml(i.thousands)
        )),
    );
    row(
        &mut out,
        "header",
        t(msg!("inspect-header", line = i.header_line, skip = i.skip)),
    );
    row(
        &mut out,
        "rows",
        t(msg!("inspect-rows", rows = i.rows_sampled)),
    );
    match &i.date {
        Some(d) => row(
            &mut out,
            "date",
            t(msg!(
                "inspect-date",
                column = d.column.as_str(),
                format = d.format.as_deref().unwrap_or("ISO"),
                examples = d.examples.join(", ")
            )),
        ),
        None => row(&mut out, "date", t(msg!("inspect-no-date"))),
    }
    let width = i
        .columns
        .iter()
        .map(|c| c.header.chars().count())
        .max()
        .unwrap_or(0);
    let dimension = t(msg!("inspect-dimension"));
    for c in &i.columns {
        let pad = " ".repeat(width - c.header.chars().count());
        let unit = c.unit.clone().unwrap_or_else(|| dimension.clone());
        row(
            &mut out,
            c.kind,
            format!("{}{pad}  {unit:<11} {}", c.header, c.examples.join(", ")),
        );
    }
    for n in &i.notes {
        out.push_str(&format!(
            "  {}\n",
            t(msg!("inspect-note", note = n.as_str()))
        ));
    }
    out.push('\n');
    out.push_str(&t(msg!("inspect-snippet")));
    out.push('\n');
    out.push_str(&i.snippet);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_headers() {
        let mut n = Names::default();
        assert_eq!(n.name("Montant dépensé (EUR)"), "montant_depense_eur");
        assert_eq!(n.name("Clics sur le lien"), "clics_sur_le_lien");
        assert_eq!(n.name("2026"), "c_2026");
        assert_eq!(n.name("Montant dépensé (EUR)"), "montant_depense_eur_2");
    }

    #[test]
    fn layouts() {
        let lines = [
            "# GA4",
            "# 2026",
            "Date,Sessions",
            "20260301,5",
            "20260302,6",
        ];
        assert_eq!(layout(&lines), (b',', 2));
        let lines = ["Report", "exported today", "a;b;c", "1;2;3", "4;5;6"];
        assert_eq!(layout(&lines), (b';', 2));
    }
}
