//! JSON lines (`.jsonl`, `.ndjson`): one object per line, as APIs and
//! warehouse exports write them. The columns are every key seen, in the
//! order first seen; numbers are read with their exact digits (never through
//! a binary float), strings go through the same rules as CSV cells.

use super::acc::{Fold, Groups};
use super::exact::{data_error, warn_if_empty, Cell, Columns, Fate, Job, Rows};
use super::Options;
use crate::diagnostic::Diagnostics;
use crate::plan::Plan;
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use std::io::BufRead;
use std::str::FromStr;

/// Most distinct keys read as columns.
const MAX_KEYS: usize = 10_000;

/// A JSON value as a cell.
fn cell(v: &Value) -> Cell<'_> {
    match v {
        Value::Null => Cell::Empty,
        Value::Number(n) => match Decimal::from_str(n.as_str()) {
            Ok(d) => Cell::Number(d),
            // beyond exact decimals (`1e400`): text, refused as a number
            Err(_) => Cell::Text(n.as_str()),
        },
        Value::String(s) => Cell::Text(s.trim()),
        Value::Bool(true) => Cell::Text("true"),
        Value::Bool(false) => Cell::Text("false"),
        Value::Array(_) | Value::Object(_) => Cell::Text("(a nested value)"),
    }
}

/// The lines of the file: (1-based line, text), blank lines left out.
fn lines(path: &std::path::Path) -> Result<Vec<(u64, String)>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in std::io::BufReader::new(file).split(b'\n').enumerate() {
        let line = line.map_err(|e| format!("{}: {e}", path.display()))?;
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_start_matches('\u{feff}').trim();
        if !text.is_empty() {
            out.push((i as u64 + 1, text.to_string()));
        }
    }
    Ok(out)
}

/// Reads a JSON-lines file; None after data errors.
pub(super) fn read(
    plan: &Plan,
    job: &Job<'_>,
    diags: &mut Diagnostics,
    opts: &Options<'_>,
) -> Result<Option<Groups>, String> {
    let path = job.path;
    let mut objects: Vec<(u64, Map<String, Value>)> = Vec::new();
    let mut bad = 0usize;
    for (line, text) in lines(path)?.into_iter().skip(job.format.skip) {
        match serde_json::from_str::<Value>(&text) {
            Ok(Value::Object(m)) => objects.push((line, m)),
            Ok(other) => {
                diags.push(data_error(
                    path,
                    line,
                    1,
                    crate::msg!(
                        "jsonl-not-object",
                        line = line as usize,
                        found = match other {
                            Value::Array(_) => "array",
                            Value::String(_) => "string",
                            Value::Number(_) => "number",
                            _ => "scalar",
                        }
                    ),
                ));
                bad += 1;
            }
            Err(e) => {
                diags.push(data_error(
                    path,
                    line,
                    e.column().max(1),
                    crate::msg!("jsonl-invalid", line = line as usize, error = e.to_string()),
                ));
                bad += 1;
            }
        }
        if bad >= super::MAX_DATA_ERRORS {
            break;
        }
    }
    if bad > 0 {
        return Ok(None);
    }
    // the columns: every key, in the order first seen
    let mut keys: Vec<String> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = Default::default();
    for (_, m) in &objects {
        for k in m.keys() {
            if !index.contains_key(k) && keys.len() < MAX_KEYS {
                index.insert(k.clone(), keys.len());
                keys.push(k.clone());
            }
        }
    }
    if keys.is_empty() {
        diags.push(data_error(path, 1, 1, crate::msg!("jsonl-no-object")));
        return Ok(None);
    }
    let headers = csv::StringRecord::from(keys.clone());
    let Some(cols) = Columns::of(plan, job, 0, &headers, diags) else {
        return Ok(None);
    };
    let folds: Vec<Fold> = plan.inputs.iter().map(|i| Fold::of(i.aggregate)).collect();
    let mut reader = Rows::new(plan, &cols, &folds, job, 0, opts);
    let mut vals: Vec<Option<Decimal>> = vec![None; plan.inputs.len()];
    for (line, m) in &objects {
        let at = |i: usize| keys.get(i).and_then(|k| m.get(k)).map_or(Cell::Empty, cell);
        if let Fate::Stop = reader.fold_row(*line, at, &mut vals, diags) {
            break;
        }
        if reader.stopped() {
            break;
        }
    }
    Ok(reader.finish(diags).map(|d| warn_if_empty(d, path, diags)))
}
