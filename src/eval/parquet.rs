//! Parquet files (`.parquet`), read with the parquet crate's row reader
//! (no arrow), only the columns the plan needs. Typed values are read as
//! what they are: a DECIMAL is its exact digits, an integer itself, a DATE
//! that day, a TIMESTAMP its day (in the source's `timezone:` when one is
//! given, else as stored), a float its shortest decimal (`0.1`, not a binary
//! expansion); strings go through the same rules as CSV cells. Positions
//! are row numbers (the first row is row 1) and column numbers in the
//! file's schema.

use super::acc::Daily;
use super::exact::Job;
use super::Options;
use crate::diagnostic::Diagnostics;
use crate::plan::Plan;

/// Whether a panic comes from inside the parquet crate, which asserts on
/// some corrupt files (found by the `parquet` fuzz target: "column start and
/// length should not be negative"). Such a panic is caught and reported as
/// a `data-error`; the CLI's panic hook stays quiet about it.
pub fn is_reader_panic(info: &std::panic::PanicHookInfo<'_>) -> bool {
    info.location()
        .is_some_and(|l| l.file().replace('\\', "/").contains("/parquet-"))
}

/// `f`, or the message of a panic inside it.
#[cfg_attr(not(feature = "parquet"), allow(dead_code))]
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|p| {
        p.downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a damaged file".into())
    })
}

#[cfg(not(feature = "parquet"))]
pub(super) fn read(
    _plan: &Plan,
    job: &Job<'_>,
    diags: &mut Diagnostics,
    _opts: &Options<'_>,
) -> Result<Option<Daily>, String> {
    diags.push(super::exact::data_error(
        job.path,
        1,
        1,
        "this boussole was built without Parquet (cargo feature `parquet`, on by default)".into(),
    ));
    Ok(None)
}

#[cfg(feature = "parquet")]
pub(super) use with_parquet::read;
#[cfg(feature = "parquet")]
pub use with_parquet::sample;

/// The column names of a Parquet file and its first `n` rows as text.
#[cfg(not(feature = "parquet"))]
pub fn sample(
    path: &std::path::Path,
    _n: usize,
) -> Result<(Vec<String>, Vec<Vec<String>>), String> {
    Err(format!(
        "{}: this boussole was built without Parquet (cargo feature `parquet`, on by default)",
        path.display()
    ))
}

#[cfg(feature = "parquet")]
mod with_parquet {
    use super::*;
    use crate::eval::acc::Fold;
    use crate::eval::exact::{data_error, warn_if_empty, Cell, Columns, Fate, Rows};
    use chrono::{DateTime, NaiveDate};
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;
    use parquet::schema::types::Type;
    use rust_decimal::Decimal;
    use std::str::FromStr;
    use std::sync::Arc;

    /// The exact value of a Parquet DECIMAL (a big-endian two's complement
    /// integer and a scale), or None beyond what exact decimals hold.
    fn decimal(d: &parquet::data_type::Decimal) -> Option<Decimal> {
        let bytes = d.data();
        if bytes.is_empty() || bytes.len() > 16 {
            return None;
        }
        let negative = bytes[0] & 0x80 != 0;
        let mut wide = [if negative { 0xff } else { 0 }; 16];
        wide[16 - bytes.len()..].copy_from_slice(bytes);
        let mut unscaled = i128::from_be_bytes(wide);
        let mut scale = u32::try_from(d.scale()).ok()?;
        // a wide column's trailing zeros (DECIMAL(38, 10)) are no digits
        while scale > 0 && unscaled % 10 == 0 && unscaled != 0 {
            unscaled /= 10;
            scale -= 1;
        }
        Decimal::try_from_i128_with_scale(unscaled, scale).ok()
    }

    /// The day of a timestamp `micros` after the epoch: in `zone`, or as
    /// stored (UTC, or the wall time of a timestamp not adjusted to UTC).
    fn day_of(micros: i64, zone: Option<chrono_tz::Tz>) -> Option<NaiveDate> {
        let t = DateTime::from_timestamp_micros(micros)?;
        Some(match zone {
            Some(z) => t.with_timezone(&z).date_naive(),
            None => t.date_naive(),
        })
    }

    /// A value as a cell; `text` holds what a cell shows when it must be
    /// made text.
    fn cell<'a>(f: &'a Field, zone: Option<chrono_tz::Tz>, text: &'a mut String) -> Cell<'a> {
        use std::fmt::Write as _;
        let number = |s: &str| Decimal::from_str(s).ok();
        let num = |d: Option<Decimal>, text: &'a mut String, shown: &dyn std::fmt::Display| match d
        {
            Some(d) => Cell::Number(d),
            None => {
                let _ = write!(text, "{shown}");
                Cell::Text(text.as_str())
            }
        };
        match f {
            Field::Null => Cell::Empty,
            Field::Bool(b) => Cell::Text(if *b { "true" } else { "false" }),
            Field::Byte(v) => Cell::Number(Decimal::from(*v)),
            Field::Short(v) => Cell::Number(Decimal::from(*v)),
            Field::Int(v) => Cell::Number(Decimal::from(*v)),
            Field::Long(v) => Cell::Number(Decimal::from(*v)),
            Field::UByte(v) => Cell::Number(Decimal::from(*v)),
            Field::UShort(v) => Cell::Number(Decimal::from(*v)),
            Field::UInt(v) => Cell::Number(Decimal::from(*v)),
            Field::ULong(v) => Cell::Number(Decimal::from(*v)),
            // the shortest decimal that reads back as the same binary number
            Field::Float16(v) => num(number(&v.to_string()), text, v),
            Field::Float(v) => num(number(&v.to_string()), text, v),
            Field::Double(v) => num(number(&v.to_string()), text, v),
            Field::Decimal(d) => match decimal(d) {
                Some(v) => Cell::Number(v),
                None => Cell::Text("(a decimal beyond 28 digits)"),
            },
            Field::Str(s) => Cell::Text(s.trim()),
            Field::Bytes(b) => match std::str::from_utf8(b.data()) {
                Ok(s) => Cell::Text(s.trim()),
                Err(_) => Cell::Text("(binary data)"),
            },
            Field::Date(days) => match NaiveDate::from_ymd_opt(1970, 1, 1)
                .and_then(|e| e.checked_add_signed(chrono::Duration::days(i64::from(*days))))
            {
                Some(d) => Cell::Date(d),
                None => Cell::Text("(a date out of range)"),
            },
            Field::TimestampMillis(ms) => {
                match ms.checked_mul(1000).and_then(|m| day_of(m, zone)) {
                    Some(d) => Cell::Date(d),
                    None => Cell::Text("(a timestamp out of range)"),
                }
            }
            Field::TimestampMicros(us) => match day_of(*us, zone) {
                Some(d) => Cell::Date(d),
                None => Cell::Text("(a timestamp out of range)"),
            },
            Field::TimeMillis(_) | Field::TimeMicros(_) => Cell::Text("(a time of day)"),
            Field::Group(_) | Field::ListInternal(_) | Field::MapInternal(_) => {
                Cell::Text("(a nested value)")
            }
        }
    }

    /// The column names of a Parquet file and its first `n` rows as the
    /// text of what `eval` reads.
    pub fn sample(
        path: &std::path::Path,
        n: usize,
    ) -> Result<(Vec<String>, Vec<Vec<String>>), String> {
        super::guarded(|| sample_unguarded(path, n)).unwrap_or_else(|why| {
            Err(format!(
                "{}: cannot read the Parquet file: the reader failed ({why})",
                path.display()
            ))
        })
    }

    fn sample_unguarded(
        path: &std::path::Path,
        n: usize,
    ) -> Result<(Vec<String>, Vec<Vec<String>>), String> {
        let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let reader = SerializedFileReader::new(file)
            .map_err(|e| format!("{}: cannot read the Parquet file: {e}", path.display()))?;
        let root = reader
            .metadata()
            .file_metadata()
            .schema_descr()
            .root_schema_ptr();
        let headers = root
            .get_fields()
            .iter()
            .map(|f| f.name().to_string())
            .collect();
        let rows = reader
            .get_row_iter(None)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let mut out = Vec::new();
        for row in rows.take(n) {
            let row = row.map_err(|e| format!("{}: {e}", path.display()))?;
            let cells = row
                .get_column_iter()
                .map(|(_, f)| {
                    let mut t = String::new();
                    match cell(f, None, &mut t) {
                        Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
                        Cell::Empty => String::new(),
                        c => c.text(),
                    }
                })
                .collect();
            out.push(cells);
        }
        Ok((headers, out))
    }

    /// Reads a Parquet file; None after data errors. A panic inside the
    /// parquet crate (a damaged file) is a `data-error` too.
    pub(in crate::eval) fn read(
        plan: &Plan,
        job: &Job<'_>,
        diags: &mut Diagnostics,
        opts: &Options<'_>,
    ) -> Result<Option<Daily>, String> {
        let mut inner = Diagnostics::default();
        match super::guarded(|| read_unguarded(plan, job, &mut inner, opts)) {
            Ok(result) => {
                diags.items.extend(inner.items);
                result
            }
            Err(why) => {
                diags.push(data_error(
                    job.path,
                    1,
                    1,
                    format!("cannot read the Parquet file: the reader failed ({why}): the file is damaged"),
                ));
                Ok(None)
            }
        }
    }

    fn read_unguarded(
        plan: &Plan,
        job: &Job<'_>,
        diags: &mut Diagnostics,
        opts: &Options<'_>,
    ) -> Result<Option<Daily>, String> {
        let path = job.path;
        let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let bad = |diags: &mut Diagnostics, e: &dyn std::fmt::Display| {
            diags.push(data_error(
                path,
                1,
                1,
                format!("cannot read the Parquet file: {e}"),
            ));
            Ok(None)
        };
        let reader = match SerializedFileReader::new(file) {
            Ok(r) => r,
            Err(e) => return bad(diags, &e),
        };
        let root = reader
            .metadata()
            .file_metadata()
            .schema_descr()
            .root_schema_ptr();
        let fields = root.get_fields().to_vec();
        let headers = csv::StringRecord::from(
            fields
                .iter()
                .map(|f| f.name().to_string())
                .collect::<Vec<_>>(),
        );
        let Some(cols) = Columns::of(plan, job, 0, &headers, diags) else {
            return Ok(None);
        };
        // only the columns the plan reads, in the file's order
        let mut wanted: Vec<usize> = std::iter::once(cols.date)
            .chain(cols.date_to)
            .chain(cols.inputs.iter().flatten().copied())
            .chain(cols.by.iter().copied())
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        let projected: Vec<Arc<Type>> = wanted
            .iter()
            .filter_map(|&i| fields.get(i).cloned())
            .collect();
        let projection = match Type::group_type_builder(root.name())
            .with_fields(projected)
            .build()
        {
            Ok(t) => t,
            Err(e) => return bad(diags, &e),
        };
        let rows = match reader.get_row_iter(Some(projection)) {
            Ok(r) => r,
            Err(e) => return bad(diags, &e),
        };
        // where each file column is in a projected row
        let mut at_pos = vec![None; fields.len()];
        for (p, &i) in wanted.iter().enumerate() {
            at_pos[i] = Some(p);
        }
        let zone = job.format.timezone;
        let folds: Vec<Fold> = plan.inputs.iter().map(|i| Fold::of(i.aggregate)).collect();
        let mut reader = Rows::new(plan, &cols, &folds, job, 0, opts);
        let mut vals: Vec<Option<Decimal>> = vec![None; plan.inputs.len()];
        let mut texts: Vec<String> = vec![String::new(); wanted.len()];
        for (n, row) in rows.enumerate() {
            // the first row is row 1; the header has no line in a Parquet file
            let line = n as u64 + 1;
            let row = match row {
                Ok(r) => r,
                Err(e) => {
                    diags.push(data_error(
                        path,
                        line,
                        1,
                        format!("cannot read row {line} of the Parquet file: {e}"),
                    ));
                    return Ok(None);
                }
            };
            let values: Vec<&Field> = row.get_column_iter().map(|(_, f)| f).collect();
            for t in texts.iter_mut() {
                t.clear();
            }
            let mut cells: Vec<Cell<'_>> = Vec::with_capacity(values.len());
            for (f, t) in values.iter().zip(texts.iter_mut()) {
                cells.push(cell(f, zone, t));
            }
            let at = |i: usize| {
                at_pos
                    .get(i)
                    .copied()
                    .flatten()
                    .and_then(|p| cells.get(p).copied())
                    .unwrap_or(Cell::Empty)
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
}
