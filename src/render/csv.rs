//! `eval --format csv`: the result rows as a flat table — one line per
//! period and dimension values, a column per input and metric, exact digits,
//! an empty cell for no value — for a spreadsheet or another tool. At high
//! cardinality it is the compact output (a tenth of the JSON document's
//! size). Written as it goes; the diagnostics go to stderr.

use super::values::write_exact;
use crate::eval::Evaluation;
use std::io::Write;

/// Rows per block formatted on one core.
const BLOCK: usize = 1 << 15;

/// Writes the header and every result row of `ev` to `out`. Rows held in
/// memory are formatted in blocks on every core, written in order.
pub fn write_eval_csv(out: &mut impl Write, ev: &Evaluation) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let header = std::iter::once("period")
        .chain(ev.by.iter().map(String::as_str))
        .chain(ev.slots.iter().map(String::as_str));
    w.write_record(header)?;
    let rows = ev.row_count();
    let workers = crate::eval::cores();
    if workers == 1 || rows < 2 * BLOCK || ev.rows_between(0, 0).is_none() {
        let mut line = Line::default();
        ev.rows()?.for_each(|row| line.write(&mut w, row))?;
        return w.flush();
    }
    let out = w.into_inner().map_err(|e| e.into_error())?;
    // one buffer per core, reused from wave to wave
    let mut buffers: Vec<Vec<u8>> = vec![Vec::new(); workers];
    let mut from = 0;
    while from < rows {
        let wave = std::thread::scope(|s| {
            let handles: Vec<_> = buffers
                .drain(..)
                .enumerate()
                .map(|(i, mut buffer)| {
                    let start = (from + i * BLOCK).min(rows);
                    let end = (start + BLOCK).min(rows);
                    s.spawn(move || -> std::io::Result<Vec<u8>> {
                        buffer.clear();
                        let mut w = csv::Writer::from_writer(buffer);
                        if let Some(block) = ev.rows_between(start, end) {
                            let mut line = Line::default();
                            block.for_each(|row| line.write(&mut w, row))?;
                        }
                        w.into_inner().map_err(|e| e.into_error())
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect::<std::io::Result<Vec<Vec<u8>>>>()
        })?;
        for buffer in &wave {
            out.write_all(buffer)?;
        }
        buffers = wave;
        from += workers * BLOCK;
    }
    out.flush()
}

/// Writes result rows as CSV records: each period's label made once, the
/// fields written straight from their bytes (no text per cell).
#[derive(Default)]
struct Line {
    label: Option<(crate::vocab::PeriodKey, String)>,
    cell: Vec<u8>,
}

impl Line {
    fn write<W: Write>(
        &mut self,
        w: &mut csv::Writer<W>,
        row: crate::eval::Row<'_>,
    ) -> std::io::Result<()> {
        let text = match &self.label {
            Some((key, text)) if *key == row.key => text,
            _ => &self.label.insert((row.key, row.key.label())).1,
        };
        w.write_field(text)?;
        for d in row.dims {
            w.write_field(d)?;
        }
        for v in row.values {
            self.cell.clear();
            if let Some(v) = v {
                write_exact(*v, &mut self.cell);
            }
            w.write_field(&self.cell)?;
        }
        w.write_record(None::<&[u8]>).map_err(std::io::Error::from)
    }
}
