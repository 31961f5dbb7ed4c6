//! The exact reader on every core, for files the fast path does not read
//! because the plan has row-level inputs (`expr:`, `where:`, counts): the
//! file in chunks cut after a line break (the fast path's feeder), each
//! worker folding its chunks' rows with the exact reader's own row code into
//! its own groups, the groups merged at the end.
//!
//! It is optimistic, as the fast path is: a line with an odd number of
//! quotes (a quoted cell holding a line break: a chunk might start inside
//! it), a bare CR, a row with another number of fields than the header, a
//! bad cell — anything that would be a diagnostic — and it gives up; the
//! sequential exact reader then reads the file and reports the problem with
//! its line. So it never changes a result or a diagnostic, only the time
//! they take. Quoted cells without line breaks (`"Doe, John"`, `""` inside
//! quotes), as most exports write their text columns, are read in parallel.

use super::acc::{Calendar, Fold, Groups};
use super::exact::{Columns, Fate, Job, Rows};
use super::fast::{has_bare_cr, on_every_core, DateShape, Layout};
use super::Options;
use crate::diagnostic::Diagnostics;
use crate::plan::Plan;
use rust_decimal::Decimal;
use std::path::Path;

/// The groups of the file's rows, or None where the sequential exact reader
/// must read it.
#[allow(clippy::too_many_arguments)]
pub(super) fn read(
    path: &Path,
    plan: &Plan,
    cols: &Columns,
    folds: &[Fold],
    job: &Job<'_>,
    preamble: u64,
    delimiter: u8,
    opts: &Options<'_>,
) -> Option<Groups> {
    let mut file = std::fs::File::open(path).ok()?;
    let total = file.metadata().map_or(0, |m| m.len());
    let workers = super::cores();
    let calendar = Calendar::new(&plan.cadences());
    let layout = Layout {
        fields: cols.names.len(),
        date: cols.date,
        inputs: &cols.inputs,
        by: &cols.by,
        folds,
        calendar: &calendar,
        budget: job.budget,
        progress: opts.progress,
        delimiter,
        decimal: b'.',
        dates: DateShape::Iso,
        thousands: job.format.thousands,
        preamble,
        windows_1252: false,
    };
    let fields = cols.names.len();
    let parts = on_every_core(
        &mut file,
        total,
        &layout,
        workers,
        || Worker {
            rows: Rows::new(plan, cols, folds, job, preamble, opts),
            diags: Diagnostics::default(),
            vals: vec![None; cols.inputs.len()],
            record: csv::StringRecord::new(),
            ok: true,
        },
        |w, chunk| {
            // after a failure the worker only drains the queue
            w.ok = w.ok
                && line_breaks_outside_quotes(chunk, delimiter)
                && !has_bare_cr(chunk)
                && fold_chunk(chunk, delimiter, fields, w);
        },
        |mut w| {
            (w.ok && w.diags.items.is_empty())
                .then(|| w.rows.finish(&mut w.diags))
                .flatten()
                .filter(|_| w.diags.items.is_empty())
        },
    )?;
    let mut all: Option<Groups> = None;
    for part in parts {
        let part = part?;
        match &mut all {
            None => all = Some(part),
            Some(all) => all.absorb(part, folds),
        }
    }
    Some(all.unwrap_or_else(|| Groups::empty(plan.inputs.len())))
}

/// Whether no quoted cell of the chunk holds a line break, read as the
/// `csv` reader reads quotes: a quote opens a quoted cell only at the start
/// of a cell, `""` inside one is a quote, and a quote elsewhere is a plain
/// character. Then every line break ends a record and the chunk's records
/// are the ones the sequential reader meets in the whole file. A chunk
/// starts where a record starts as long as every chunk before it passed
/// this test; a quoted cell with a line break is refused by the chunk
/// holding its opening quote, so the whole read gives up.
fn line_breaks_outside_quotes(chunk: &[u8], delimiter: u8) -> bool {
    let Some(mut at) = memchr::memchr(b'"', chunk) else {
        return true;
    };
    let mut inside = false;
    loop {
        if chunk[at] == b'\n' {
            if inside {
                return false;
            }
        } else if inside {
            if chunk.get(at + 1) == Some(&b'"') {
                at += 1; // `""`: a quote inside the cell
            } else {
                inside = false;
            }
        } else {
            inside = at == 0 || chunk[at - 1] == delimiter || chunk[at - 1] == b'\n';
        }
        match memchr::memchr2(b'"', b'\n', &chunk[at + 1..]) {
            Some(next) => at += 1 + next,
            None => return !inside,
        }
    }
}

/// One worker's reader state.
struct Worker<'a> {
    rows: Rows<'a>,
    diags: Diagnostics,
    vals: Vec<Option<Decimal>>,
    record: csv::StringRecord,
    ok: bool,
}

/// One chunk's rows folded; false at the first one the sequential reader
/// must see (a field count, a bad cell, a reader error).
fn fold_chunk(chunk: &[u8], delimiter: u8, fields: usize, w: &mut Worker<'_>) -> bool {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(chunk);
    loop {
        match rdr.read_record(&mut w.record) {
            Ok(false) => return true,
            Ok(true) => {
                if w.record.len() != fields {
                    return false;
                }
                let fate = w.rows.row(&w.record, &mut w.vals, &mut w.diags);
                if !matches!(fate, Fate::Folded) || !w.diags.items.is_empty() {
                    return false;
                }
            }
            Err(_) => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    fn ok(chunk: &[u8]) -> bool {
        super::line_breaks_outside_quotes(chunk, b',')
    }

    #[test]
    fn only_line_breaks_inside_quoted_cells_are_refused() {
        assert!(ok(b"a,b\n1,2\n"));
        assert!(ok(b"a,\"Doe, John\"\n\"say \"\"hi\"\"\",2\n"));
        assert!(ok(b"x,\"\"\n")); // an empty quoted cell
        assert!(ok(b"12\" screen,2\n")); // a quote inside a cell is a character
        assert!(ok(b"\"ab\"c\"d,2\n")); // and so is one after a quoted part
                                        // a quoted cell with a line break, whole or cut by either end
        assert!(!ok(b"a,\"two\nlines\",b\n"));
        assert!(!ok(b"1,2\na,\"two\n"));
        assert!(!ok(b"1,\"open"));
        // a plain quote does not hide the quoted cell after it
        assert!(!ok(b"ab\"c,\"d\ne\"\n"));
        assert!(!super::line_breaks_outside_quotes(
            b"a;\"two\nlines\"\n",
            b';'
        ));
    }

    /// The records the `csv` reader finds in a chunk this test accepts are
    /// the chunk's lines, whatever their quotes.
    #[test]
    fn an_accepted_chunk_has_one_record_per_line() {
        let alphabet = [b'a', b',', b'"', b'\n'];
        for n in 0..=7u32 {
            for code in 0..4usize.pow(n) {
                let mut chunk: Vec<u8> =
                    (0..n).map(|k| alphabet[code / 4usize.pow(k) % 4]).collect();
                chunk.push(b'\n');
                if !ok(&chunk) {
                    continue;
                }
                let lines = chunk.split(|&b| b == b'\n').count() - 1;
                let records = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .flexible(true)
                    .from_reader(&chunk[..])
                    .into_byte_records()
                    .count();
                let blank = chunk
                    .split(|&b| b == b'\n')
                    .filter(|l| l.is_empty())
                    .count()
                    - 1;
                assert_eq!(
                    records,
                    lines - blank,
                    "{:?}",
                    String::from_utf8_lossy(&chunk)
                );
            }
        }
    }
}
