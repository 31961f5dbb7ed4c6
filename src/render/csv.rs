//! `eval --format csv`: the result rows as a flat table — one line per
//! period and dimension values, a column per input and metric, exact digits,
//! an empty cell for no value — for a spreadsheet or another tool. At high
//! cardinality it is the compact output (a tenth of the JSON document's
//! size). Written as it goes; the diagnostics go to stderr.

use super::values::write_exact;
use crate::eval::Evaluation;
use std::io::Write;

/// Writes the header and every result row of `ev` to `out`.
pub fn write_eval_csv(out: &mut impl Write, ev: &Evaluation) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let header = std::iter::once("period")
        .chain(ev.by.iter().map(String::as_str))
        .chain(ev.slots.iter().map(String::as_str));
    w.write_record(header)?;
    // rows come period after period: each period's label is made once;
    // fields are written straight from their bytes (no text per cell)
    let mut label: Option<(crate::vocab::PeriodKey, String)> = None;
    let mut cell: Vec<u8> = Vec::with_capacity(48);
    ev.rows()?.for_each(|row| {
        let text = match &label {
            Some((key, text)) if *key == row.key => text,
            _ => &label.insert((row.key, row.key.label())).1,
        };
        w.write_field(text)?;
        for d in row.dims {
            w.write_field(d)?;
        }
        for v in row.values {
            cell.clear();
            if let Some(v) = v {
                write_exact(*v, &mut cell);
            }
            w.write_field(&cell)?;
        }
        w.write_record(None::<&[u8]>).map_err(std::io::Error::from)
    })?;
    w.flush()
}
