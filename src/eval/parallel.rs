//! The exact reader on every core, for files the fast path does not read
//! because the plan has row-level inputs (`expr:`, `where:`, counts): the
//! file in chunks cut after a line break (the fast path's feeder), each
//! worker folding its chunks' rows with the exact reader's own row code into
//! its own groups, the groups merged at the end.
//!
//! It is optimistic, as the fast path is: a quote anywhere in a chunk (a
//! quoted cell may hold a line break), a bare CR, a row with another number
//! of fields than the header, a bad cell — anything that would be a
//! diagnostic — and it gives up; the sequential exact reader then reads the
//! file and reports the problem with its line. So it never changes a result
//! or a diagnostic, only the time they take.

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
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
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
                && !chunk.contains(&b'"')
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
