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
use super::fast::{feed, DateShape, Layout};
use super::Options;
use crate::diagnostic::Diagnostics;
use crate::plan::Plan;
use rust_decimal::Decimal;
use std::path::Path;
use std::sync::mpsc;

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
    let (tx, rx) = mpsc::sync_channel::<(Vec<u8>, usize)>(workers);
    let rx = std::sync::Mutex::new(rx);
    let rx = &rx;
    let fields = cols.names.len();
    let parts: Vec<Option<Groups>> = std::thread::scope(|scope| {
        let (back_tx, back_rx) = mpsc::channel::<Vec<u8>>();
        let mut handles = Vec::new();
        for _ in 0..workers {
            let back_tx = back_tx.clone();
            handles.push(scope.spawn(move || {
                let mut rows = Rows::new(plan, cols, folds, job, preamble, opts);
                let mut diags = Diagnostics::default();
                let mut vals: Vec<Option<Decimal>> = vec![None; cols.inputs.len()];
                let mut record = csv::StringRecord::new();
                let mut ok = true;
                loop {
                    let next = match rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => break,
                    };
                    let Ok((buf, len)) = next else { break };
                    let chunk = &buf[..len];
                    // the other workers go on; this one only drains the queue
                    ok = ok
                        && !chunk.contains(&b'"')
                        && !super::fast::has_bare_cr(chunk)
                        && fold_chunk(
                            chunk,
                            delimiter,
                            fields,
                            &mut rows,
                            &mut vals,
                            &mut record,
                            &mut diags,
                        );
                    let _ = back_tx.send(buf);
                }
                (ok && diags.items.is_empty())
                    .then(|| rows.finish(&mut diags))
                    .flatten()
                    .filter(|_| diags.items.is_empty())
            }));
        }
        drop(back_tx);
        let fed = feed(&mut file, total, &layout, &tx, &back_rx);
        drop(tx);
        let parts = handles
            .into_iter()
            .map(|h| h.join().ok().flatten())
            .collect();
        if fed {
            parts
        } else {
            vec![None]
        }
    });
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

/// One chunk's rows folded; false at the first one the sequential reader
/// must see (a field count, a bad cell, a reader error).
fn fold_chunk(
    chunk: &[u8],
    delimiter: u8,
    fields: usize,
    rows: &mut Rows<'_>,
    vals: &mut [Option<Decimal>],
    record: &mut csv::StringRecord,
    diags: &mut Diagnostics,
) -> bool {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(chunk);
    loop {
        match rdr.read_record(record) {
            Ok(false) => return true,
            Ok(true) => {
                if record.len() != fields {
                    return false;
                }
                if !matches!(rows.row(record, vals, diags), Fate::Folded) || !diags.items.is_empty()
                {
                    return false;
                }
            }
            Err(_) => return false,
        }
    }
}
