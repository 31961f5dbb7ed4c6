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
    let mut line = Line::default();
    let header = std::iter::once("period")
        .chain(ev.by.iter().map(String::as_str))
        .chain(ev.slots.iter().map(String::as_str));
    for (i, name) in header.enumerate() {
        if i > 0 {
            line.out.push(b',');
        }
        field(&mut line.out, name.as_bytes());
    }
    line.out.push(b'\n');
    let rows = ev.row_count();
    let workers = crate::eval::cores();
    if workers == 1 || rows < 2 * BLOCK || ev.rows_between(0, 0).is_none() {
        ev.rows()?.for_each(|row| {
            line.write(row);
            if line.out.len() >= FLUSH {
                out.write_all(&line.out)?;
                line.out.clear();
            }
            Ok(())
        })?;
        out.write_all(&line.out)?;
        return out.flush();
    }
    out.write_all(&line.out)?;
    // one buffer per core, reused from wave to wave; a wave is written out
    // while the next is formatted (writing gigabytes takes seconds)
    let mut buffers: Vec<Vec<u8>> = vec![Vec::new(); workers];
    let mut formatted: Vec<Vec<u8>> = Vec::new();
    let mut from = 0;
    while from < rows || !formatted.is_empty() {
        let (wave, written) = std::thread::scope(|s| {
            let handles: Vec<_> = buffers
                .drain(..)
                .enumerate()
                .filter(|_| from < rows)
                .map(|(i, buffer)| {
                    let start = (from + i * BLOCK).min(rows);
                    let end = (start + BLOCK).min(rows);
                    s.spawn(move || -> std::io::Result<Vec<u8>> {
                        let mut line = Line {
                            out: buffer,
                            ..Line::default()
                        };
                        line.out.clear();
                        if let Some(block) = ev.rows_between(start, end) {
                            block.for_each(|row| {
                                line.write(row);
                                Ok(())
                            })?;
                        }
                        Ok(line.out)
                    })
                })
                .collect();
            let written = formatted
                .iter()
                .try_for_each(|buffer| out.write_all(buffer));
            let wave = handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect::<std::io::Result<Vec<Vec<u8>>>>();
            (wave, written)
        });
        written?;
        buffers = std::mem::replace(&mut formatted, wave?);
        buffers.resize_with(workers, Vec::new);
        from = (from + workers * BLOCK).min(rows);
    }
    out.flush()
}

/// The bytes of lines formatted before they are written out (one core).
const FLUSH: usize = 1 << 16;

/// A field as the `csv` crate writes it (its default settings): quoted
/// when it holds a comma, a quote or a line break, a quote doubled.
fn field(out: &mut Vec<u8>, text: &[u8]) {
    if !text
        .iter()
        .any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
    {
        out.extend_from_slice(text);
        return;
    }
    out.push(b'"');
    for &b in text {
        if b == b'"' {
            out.push(b'"');
        }
        out.push(b);
    }
    out.push(b'"');
}

/// Writes result rows as CSV lines into `out`: each period's label made
/// once, the values written straight as digits (no text per cell, and no
/// quoting to look for: a number holds no comma).
#[derive(Default)]
struct Line {
    label: Option<(crate::vocab::PeriodKey, String)>,
    out: Vec<u8>,
}

impl Line {
    fn write(&mut self, row: crate::eval::Row<'_>) {
        let text = match &self.label {
            Some((key, text)) if *key == row.key => text,
            _ => &self.label.insert((row.key, row.key.label())).1,
        };
        field(&mut self.out, text.as_bytes());
        for d in row.dims {
            self.out.push(b',');
            field(&mut self.out, d.as_bytes());
        }
        for v in row.values {
            self.out.push(b',');
            if let Some(v) = v {
                write_exact(*v, &mut self.out);
            }
        }
        self.out.push(b'\n');
    }
}

#[cfg(test)]
mod tests {
    use super::field;

    /// The fields the `csv` crate writes, for texts with and without the
    /// bytes that need quoting.
    #[test]
    fn a_field_is_written_as_the_csv_crate_writes_it() {
        let texts = [
            "",
            "ch1",
            "a,b",
            "say \"hi\"",
            "two\nlines",
            "cr\r",
            "\"",
            ",",
            "é,è",
            " x ",
            "#1",
            "a;b",
            "'quote'",
            "\t",
        ];
        for text in texts {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record([text, "x"]).unwrap();
            let expected = w.into_inner().unwrap();
            let mut mine = Vec::new();
            field(&mut mine, text.as_bytes());
            mine.extend_from_slice(b",x\n");
            assert_eq!(
                String::from_utf8_lossy(&mine),
                String::from_utf8_lossy(&expected),
                "{text:?}"
            );
        }
    }
}
