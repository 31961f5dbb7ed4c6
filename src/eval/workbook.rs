//! Workbooks (`.xlsx`, `.xlsm`, `.xls`, `.ods`), read with calamine: one
//! sheet, its header after `skip` rows. Typed cells are read as what they
//! are — a date cell is that day, a number cell its shortest decimal
//! (`1.429999948`, not a binary expansion) whatever the source's decimal
//! mark — and text cells go through the same rules as CSV cells.

use super::acc::{Fold, Groups};
use super::exact::{data_error, warn_if_empty, Cell, Columns, Fate, Job, Rows};
use super::Options;
use crate::diagnostic::Diagnostics;
use crate::plan::Plan;
use calamine::{Data, Reader};
use rust_decimal::Decimal;
use std::str::FromStr;

/// A workbook's cell as the reader sees it.
fn cell(d: &Data) -> Cell<'_> {
    match d {
        Data::Int(i) => Cell::Number(Decimal::from(*i)),
        // the shortest decimal that reads back as the same binary number
        Data::Float(f) => match Decimal::from_str(&f.to_string()) {
            Ok(n) => Cell::Number(n),
            Err(_) => Cell::Text(if f.is_nan() { "NaN" } else { "∞" }),
        },
        Data::String(s) => Cell::Text(s.trim()),
        Data::Bool(true) => Cell::Text("true"),
        Data::Bool(false) => Cell::Text("false"),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) if !dt.is_duration() => Cell::Date(t.date()),
            _ => Cell::Text("(a duration)"),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.trim()),
        Data::Error(_) => Cell::Text("#ERROR"),
        Data::Empty => Cell::Empty,
    }
}

/// Reads one sheet of the workbook at `job.path`; None after data errors.
pub(super) fn read(
    plan: &Plan,
    job: &Job<'_>,
    diags: &mut Diagnostics,
    opts: &Options<'_>,
) -> Result<Option<Groups>, String> {
    let path = job.path;
    let mut book = match calamine::open_workbook_auto(path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(data_error(
                path,
                1,
                1,
                crate::msg!("workbook-unreadable", error = e.to_string()),
            ));
            return Ok(None);
        }
    };
    let names = book.sheet_names();
    let sheet = match &job.format.sheet {
        Some(s) if names.contains(s) => s.clone(),
        Some(s) => {
            diags.push(
                data_error(
                    path,
                    1,
                    1,
                    crate::msg!("workbook-no-sheet-named", sheet = s),
                )
                .help_msg(crate::msg!("sheets", sheets = names.join(", "))),
            );
            return Ok(None);
        }
        None => match names.first() {
            Some(first) => first.clone(),
            None => {
                diags.push(data_error(path, 1, 1, crate::msg!("workbook-no-sheet")));
                return Ok(None);
            }
        },
    };
    let range = match book.worksheet_range(&sheet) {
        Ok(r) => r,
        Err(e) => {
            diags.push(data_error(
                path,
                1,
                1,
                crate::msg!("sheet-unreadable", sheet = &sheet, error = e.to_string()),
            ));
            return Ok(None);
        }
    };
    // rows and columns numbered as Excel shows them
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let mut rows = range.rows();
    for _ in 0..job.format.skip {
        rows.next();
    }
    let offset = u64::from(first_row) + job.format.skip as u64;
    let Some(header) = rows.next() else {
        diags.push(data_error(
            path,
            offset + 1,
            1,
            crate::msg!("sheet-empty", sheet = &sheet),
        ));
        return Ok(None);
    };
    // leading empty columns keep their place, so that positions are right
    let pad = first_col as usize;
    let header: Vec<String> = std::iter::repeat_n(String::new(), pad)
        .chain(header.iter().map(|d| cell(d).text()))
        .collect();
    let headers = csv::StringRecord::from(header);
    let Some(cols) = Columns::of(plan, job, offset, &headers, diags) else {
        return Ok(None);
    };
    let folds: Vec<Fold> = plan.inputs.iter().map(|i| Fold::of(i.aggregate)).collect();
    let mut reader = Rows::new(plan, &cols, &folds, job, offset, opts);
    let mut vals: Vec<Option<Decimal>> = vec![None; plan.inputs.len()];
    for (k, row) in rows.enumerate() {
        if row.iter().all(|d| matches!(d, Data::Empty)) {
            continue;
        }
        let line = offset + 2 + k as u64;
        let at = |i: usize| {
            i.checked_sub(pad)
                .and_then(|j| row.get(j))
                .map_or(Cell::Empty, cell)
        };
        if let Fate::Stop = reader.fold_row(line, at, &mut vals, diags) {
            break;
        }
        if reader.stopped() {
            break;
        }
    }
    Ok(reader.finish(diags).map(|d| warn_if_empty(d, path, diags)))
}
