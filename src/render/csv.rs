//! `eval --format csv`: the result rows as a flat table — one line per
//! period and dimension values, a column per input and metric, exact digits,
//! an empty cell for no value — for a spreadsheet or another tool. At high
//! cardinality it is the compact output (a tenth of the JSON document's
//! size). Written as it goes; the diagnostics go to stderr.

use super::values::exact_text;
use crate::eval::Evaluation;
use std::io::Write;

/// Writes the header and every result row of `ev` to `out`.
pub fn write_eval_csv(out: &mut impl Write, ev: &Evaluation) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let header = std::iter::once("period")
        .chain(ev.by.iter().map(String::as_str))
        .chain(ev.slots.iter().map(String::as_str));
    w.write_record(header)?;
    let mut record: Vec<String> = Vec::with_capacity(1 + ev.by.len() + ev.slots.len());
    // rows come period after period: each period's label is made once
    let mut label: Option<(crate::vocab::PeriodKey, String)> = None;
    ev.rows()?.for_each(|row| {
        record.clear();
        match &label {
            Some((key, text)) if *key == row.key => record.push(text.clone()),
            _ => {
                let text = row.key.label();
                record.push(text.clone());
                label = Some((row.key, text));
            }
        }
        record.extend(row.dims.iter().cloned());
        record.extend(
            row.values
                .iter()
                .map(|v| v.map(exact_text).unwrap_or_default()),
        );
        w.write_record(&record).map_err(std::io::Error::from)
    })?;
    w.flush()
}
