//! Parquet files (`.parquet`), read with the parquet crate's row reader
//! (no arrow), only the columns the plan needs. Typed values are read as
//! what they are: a DECIMAL is its exact digits, an integer itself, a DATE
//! that day, a TIMESTAMP its day (in the source's `timezone:` when one is
//! given, else as stored), a float its shortest decimal (`0.1`, not a binary
//! expansion); strings go through the same rules as CSV cells. Positions
//! are row numbers (the first row is row 1) and column numbers in the
//! file's schema.

use super::acc::Groups;
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
) -> Result<Option<Groups>, String> {
    diags.push(super::exact::data_error(
        job.path,
        1,
        1,
        crate::msg!("parquet-not-built"),
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
) -> Result<(Vec<String>, Vec<Vec<String>>), crate::i18n::Msg> {
    Err(crate::msg!(
        "io-error",
        path = path.display().to_string(),
        error = crate::msg!("parquet-not-built")
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
        exact(i128::from_be_bytes(wide), d.scale())
    }

    /// An unscaled integer at `scale` as an exact decimal; None beyond 28
    /// digits. A wide column's trailing zeros (DECIMAL(38, 10)) are no digits.
    fn exact(mut unscaled: i128, scale: i32) -> Option<Decimal> {
        let mut scale = u32::try_from(scale).ok()?;
        while scale > 0 && unscaled % 10 == 0 && unscaled != 0 {
            unscaled /= 10;
            scale -= 1;
        }
        Decimal::try_from_i128_with_scale(unscaled, scale).ok()
    }

    /// The exact decimal of a big-endian two's complement integer at `scale`.
    fn exact_bytes(bytes: &[u8], scale: i32) -> Option<Decimal> {
        if bytes.is_empty() || bytes.len() > 16 {
            return None;
        }
        let negative = bytes[0] & 0x80 != 0;
        let mut wide = [if negative { 0xff } else { 0 }; 16];
        wide[16 - bytes.len()..].copy_from_slice(bytes);
        exact(i128::from_be_bytes(wide), scale)
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
    ) -> Result<(Vec<String>, Vec<Vec<String>>), crate::i18n::Msg> {
        let at = |error: crate::i18n::Msg| {
            crate::msg!("io-error", path = path.display().to_string(), error = error)
        };
        super::guarded(|| sample_unguarded(path, n))
            .unwrap_or_else(|why| Err(crate::msg!("parquet-reader-failed", why = why)))
            .map_err(at)
    }

    fn sample_unguarded(
        path: &std::path::Path,
        n: usize,
    ) -> Result<(Vec<String>, Vec<Vec<String>>), crate::i18n::Msg> {
        let text = |e: &dyn std::fmt::Display| crate::msg!("text", text = e.to_string());
        let file = std::fs::File::open(path).map_err(|e| text(&e))?;
        let reader = SerializedFileReader::new(file)
            .map_err(|e| crate::msg!("parquet-unreadable", error = e.to_string()))?;
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
        let rows = reader.get_row_iter(None).map_err(|e| text(&e))?;
        let mut out = Vec::new();
        for row in rows.take(n) {
            let row = row.map_err(|e| text(&e))?;
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
    ) -> Result<Option<Groups>, String> {
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
                    crate::msg!("parquet-reader-failed", why = why),
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
    ) -> Result<Option<Groups>, String> {
        let path = job.path;
        let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let bad = |diags: &mut Diagnostics, e: &dyn std::fmt::Display| {
            diags.push(data_error(
                path,
                1,
                1,
                crate::msg!("parquet-unreadable", error = e.to_string()),
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
            .chain(cols.rows.iter().flatten().flatten().copied())
            .chain(cols.by.iter().copied())
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        // a flat schema (every field a column) is read column by column
        if fields.iter().all(|f| f.is_primitive()) {
            return columnar::read(&reader, plan, job, &cols, &wanted, diags, opts);
        }
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
                        crate::msg!(
                            "parquet-row-unreadable",
                            row = line as usize,
                            error = e.to_string()
                        ),
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

    /// The column-by-column reader of flat files: per row group, each
    /// needed column decoded into typed values at once (no row objects),
    /// then the rows folded. About as exact as the row reader, much faster.
    mod columnar {
        use super::*;
        use parquet::basic::{ConvertedType, LogicalType, TimeUnit};
        use parquet::column::reader::{ColumnReader, ColumnReaderImpl};
        use parquet::data_type::DataType;
        use parquet::file::reader::RowGroupReader;
        use parquet::schema::types::ColumnDescriptor;

        /// A value of a column, owned: what a cell borrows.
        enum Owned {
            Empty,
            Number(Decimal),
            Date(NaiveDate),
            Text(String),
            Note(&'static str),
        }

        impl Owned {
            fn cell(&self) -> Cell<'_> {
                match self {
                    Owned::Empty => Cell::Empty,
                    Owned::Number(d) => Cell::Number(*d),
                    Owned::Date(d) => Cell::Date(*d),
                    Owned::Text(t) => Cell::Text(t.trim()),
                    Owned::Note(n) => Cell::Text(n),
                }
            }
        }

        /// What a column's values mean.
        #[derive(Clone, Copy)]
        enum Meaning {
            Plain,
            Unsigned,
            Date,
            /// Timestamp units per second.
            Timestamp(i64),
            Decimal(i32),
            Time,
        }

        fn meaning(d: &ColumnDescriptor) -> Meaning {
            match d.logical_type_ref() {
                Some(LogicalType::Date) => return Meaning::Date,
                Some(LogicalType::Timestamp(t)) => {
                    return Meaning::Timestamp(match t.unit {
                        TimeUnit::MILLIS => 1_000,
                        TimeUnit::MICROS => 1_000_000,
                        _ => 1_000_000_000,
                    })
                }
                Some(LogicalType::Decimal(d)) => return Meaning::Decimal(d.scale),
                Some(LogicalType::Integer(i)) if !i.is_signed => return Meaning::Unsigned,
                Some(LogicalType::Time(_)) => return Meaning::Time,
                _ => {}
            }
            match d.converted_type() {
                ConvertedType::DATE => Meaning::Date,
                ConvertedType::TIMESTAMP_MILLIS => Meaning::Timestamp(1_000),
                ConvertedType::TIMESTAMP_MICROS => Meaning::Timestamp(1_000_000),
                ConvertedType::DECIMAL => Meaning::Decimal(d.type_scale()),
                ConvertedType::UINT_8
                | ConvertedType::UINT_16
                | ConvertedType::UINT_32
                | ConvertedType::UINT_64 => Meaning::Unsigned,
                ConvertedType::TIME_MILLIS | ConvertedType::TIME_MICROS => Meaning::Time,
                _ => Meaning::Plain,
            }
        }

        fn day_from_epoch(days: i64) -> Owned {
            NaiveDate::from_ymd_opt(1970, 1, 1)
                .and_then(|e| e.checked_add_signed(chrono::Duration::try_days(days)?))
                .map_or(Owned::Note("(a date out of range)"), Owned::Date)
        }

        fn timestamp(v: i64, per_second: i64, zone: Option<chrono_tz::Tz>) -> Owned {
            let micros = match per_second {
                1_000 => v.checked_mul(1_000),
                1_000_000 => Some(v),
                _ => Some(v.div_euclid(1_000)),
            };
            micros
                .and_then(|m| day_of(m, zone))
                .map_or(Owned::Note("(a timestamp out of range)"), Owned::Date)
        }

        fn integer(v: i128, m: Meaning, zone: Option<chrono_tz::Tz>) -> Owned {
            match m {
                Meaning::Date => {
                    i64::try_from(v).map_or(Owned::Note("(a date out of range)"), day_from_epoch)
                }
                Meaning::Timestamp(per) => i64::try_from(v)
                    .map_or(Owned::Note("(a timestamp out of range)"), |v| {
                        timestamp(v, per, zone)
                    }),
                Meaning::Decimal(scale) => exact(v, scale)
                    .map_or(Owned::Note("(a decimal beyond 28 digits)"), Owned::Number),
                Meaning::Time => Owned::Note("(a time of day)"),
                Meaning::Plain | Meaning::Unsigned => {
                    Owned::Number(Decimal::from_i128_with_scale(v, 0))
                }
            }
        }

        fn float(text: String) -> Owned {
            match Decimal::from_str(&text) {
                Ok(d) => Owned::Number(d),
                Err(_) => Owned::Text(text),
            }
        }

        fn bytes(b: &[u8], m: Meaning) -> Owned {
            match m {
                Meaning::Decimal(scale) => exact_bytes(b, scale)
                    .map_or(Owned::Note("(a decimal beyond 28 digits)"), Owned::Number),
                _ => match std::str::from_utf8(b) {
                    Ok(t) => Owned::Text(t.to_string()),
                    Err(_) => Owned::Note("(binary data)"),
                },
            }
        }

        /// Every value of one column chunk of `rows` rows, NULLs as Empty.
        fn values<T: DataType>(
            mut r: ColumnReaderImpl<T>,
            rows: usize,
            max_def: i16,
            conv: impl Fn(&T::T) -> Owned,
        ) -> parquet::errors::Result<Vec<Owned>>
        where
            Vec<T::T>: Default,
        {
            let mut defs: Vec<i16> = Vec::with_capacity(rows);
            let mut vals: Vec<T::T> = Vec::with_capacity(rows);
            let mut got = 0;
            while got < rows {
                let (n, _, _) = r.read_records(rows - got, Some(&mut defs), None, &mut vals)?;
                if n == 0 {
                    break;
                }
                got += n;
            }
            let mut out = Vec::with_capacity(rows);
            if max_def == 0 {
                out.extend(vals.iter().map(&conv));
            } else {
                let mut it = vals.iter();
                for &d in &defs {
                    match (d == max_def).then(|| it.next()).flatten() {
                        Some(v) => out.push(conv(v)),
                        None => out.push(Owned::Empty),
                    }
                }
            }
            // a column chunk shorter than its row group: the rest is missing
            out.resize_with(rows, || Owned::Note("(a missing value)"));
            Ok(out)
        }

        fn column(
            rg: &dyn RowGroupReader,
            c: usize,
            rows: usize,
            descr: &ColumnDescriptor,
            zone: Option<chrono_tz::Tz>,
        ) -> parquet::errors::Result<Vec<Owned>> {
            let m = meaning(descr);
            let max_def = descr.max_def_level();
            Ok(match rg.get_column_reader(c)? {
                ColumnReader::BoolColumnReader(r) => values(r, rows, max_def, |b| {
                    Owned::Note(if *b { "true" } else { "false" })
                })?,
                ColumnReader::Int32ColumnReader(r) => {
                    values(r, rows, max_def, |v| match m {
                        // an unsigned 32-bit value is stored in an i32
                        Meaning::Unsigned => integer(i128::from(*v as u32), m, zone),
                        _ => integer(i128::from(*v), m, zone),
                    })?
                }
                ColumnReader::Int64ColumnReader(r) => values(r, rows, max_def, |v| match m {
                    Meaning::Unsigned => integer(i128::from(*v as u64), m, zone),
                    _ => integer(i128::from(*v), m, zone),
                })?,
                ColumnReader::Int96ColumnReader(r) => values(r, rows, max_def, |v| {
                    timestamp(v.to_micros(), 1_000_000, zone)
                })?,
                // the shortest decimal that reads back as the same binary number
                ColumnReader::FloatColumnReader(r) => {
                    values(r, rows, max_def, |v| float(v.to_string()))?
                }
                ColumnReader::DoubleColumnReader(r) => {
                    values(r, rows, max_def, |v| float(v.to_string()))?
                }
                ColumnReader::ByteArrayColumnReader(r) => {
                    values(r, rows, max_def, |v| bytes(v.data(), m))?
                }
                ColumnReader::FixedLenByteArrayColumnReader(r) => {
                    values(r, rows, max_def, |v| bytes(v.data(), m))?
                }
            })
        }

        /// The fast fold: every core takes row groups, decodes the needed
        /// columns and folds typed values straight into the CSV fast path's
        /// fixed-point accumulators. None (the exact fold then reads the
        /// file, and reports what it must) on anything else than typed
        /// values: a missing or text date, a number column holding text, a
        /// date range, a value beyond 28 digits.
        fn read_fast(
            reader: &SerializedFileReader<std::fs::File>,
            plan: &Plan,
            job: &Job<'_>,
            cols: &Columns,
            wanted: &[usize],
        ) -> Option<Groups> {
            use crate::eval::fast::{Part, Shared, MAX_DIMS};
            // the fast fold reads plain columns only
            if job.format.date_to.is_some()
                || cols.by.len() > MAX_DIMS
                || plan.inputs.iter().any(|i| i.row.is_some())
            {
                return None;
            }
            let schema = reader.metadata().file_metadata().schema_descr_ptr();
            let zone = job.format.timezone;
            let folds: Vec<Fold> = plan.inputs.iter().map(|i| Fold::of(i.aggregate)).collect();
            let calendar = crate::eval::acc::Calendar::new(&plan.cadences());
            let pos = |c: usize| wanted.iter().position(|&w| w == c);
            let date = pos(cols.date)?;
            let by: Vec<usize> = cols.by.iter().map(|&c| pos(c)).collect::<Option<_>>()?;
            let inputs: Vec<Option<usize>> = cols.inputs.iter().map(|c| c.and_then(pos)).collect();
            let groups = reader.num_row_groups();
            let next = std::sync::atomic::AtomicUsize::new(0);
            let workers = crate::eval::cores().min(groups.max(1));
            // each worker reads through its own file handle: handles cloned
            // from one share their position
            let fold_group = |reader: &SerializedFileReader<std::fs::File>,
                              g: usize,
                              part: &mut Part|
             -> Option<()> {
                let rg = reader.get_row_group(g).ok()?;
                let rows = usize::try_from(rg.metadata().num_rows()).ok()?;
                let mut columns = Vec::with_capacity(wanted.len());
                for &c in wanted {
                    columns
                        .push(column(rg.as_ref(), c, rows, schema.column(c).as_ref(), zone).ok()?);
                }
                let mut vals: Vec<Option<(i128, u32)>> = vec![None; inputs.len()];
                for r in 0..rows {
                    let day = match columns[date].get(r)? {
                        Owned::Date(d) => chrono::Datelike::num_days_from_ce(d),
                        _ => return None,
                    };
                    let mut key = [0u32; MAX_DIMS];
                    for (i, &p) in by.iter().enumerate() {
                        // text values as they are (trimmed), others as their text
                        key[i] = match columns[p].get(r)? {
                            Owned::Text(t) => part.dim_id(i, t.trim().as_bytes())?,
                            other => part.dim_id(i, other.cell().text().as_bytes())?,
                        };
                    }
                    for (slot, p) in inputs.iter().enumerate() {
                        vals[slot] = match p.map(|p| columns[p].get(r)) {
                            None | Some(Some(Owned::Empty)) => None,
                            Some(Some(Owned::Number(d))) => Some((d.mantissa(), d.scale())),
                            _ => return None,
                        };
                    }
                    part.add_row(day, key, &mut vals, &folds);
                }
                Some(())
            };
            let shared = &Shared::new(&folds, by.len(), job.budget, workers);
            let parts: Vec<Option<Part>> = std::thread::scope(|scope| {
                let handles: Vec<_> = (0..workers)
                    .map(|_| {
                        scope.spawn(|| {
                            let file = std::fs::File::open(job.path).ok()?;
                            let reader = SerializedFileReader::new(file).ok()?;
                            if reader.num_row_groups() != groups {
                                return None;
                            }
                            let mut part = Part::new(&calendar, shared);
                            loop {
                                let g = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                                if g >= groups {
                                    return Some(part);
                                }
                                fold_group(&reader, g, &mut part)?;
                                if !part.end_of_chunk() {
                                    return None;
                                }
                            }
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().ok().flatten())
                    .collect()
            });
            shared.finish(parts)
        }

        pub(super) fn read(
            reader: &SerializedFileReader<std::fs::File>,
            plan: &Plan,
            job: &Job<'_>,
            cols: &Columns,
            wanted: &[usize],
            diags: &mut Diagnostics,
            opts: &Options<'_>,
        ) -> Result<Option<Groups>, String> {
            let path = job.path;
            match opts.reader {
                crate::eval::Reader::Exact => {}
                crate::eval::Reader::Auto => {
                    let cp = job.budget.checkpoint();
                    if let Some(daily) = read_fast(reader, plan, job, cols, wanted) {
                        return Ok(Some(warn_if_empty(daily, path, diags)));
                    }
                    // the row groups are read again: what was written out undone
                    job.budget.rollback(cp.as_ref())?;
                    if job.budget.over() {
                        diags.push(job.budget.diagnostic(&plan.by));
                        return Ok(None);
                    }
                }
                crate::eval::Reader::FastOnly => {
                    return read_fast(reader, plan, job, cols, wanted)
                        .map(|d| Some(warn_if_empty(d, path, diags)))
                        .ok_or_else(|| "the fast path does not apply to this file".into());
                }
            }
            let schema = reader.metadata().file_metadata().schema_descr_ptr();
            let zone = job.format.timezone;
            let folds: Vec<Fold> = plan.inputs.iter().map(|i| Fold::of(i.aggregate)).collect();
            let mut rows_reader = Rows::new(plan, cols, &folds, job, 0, opts);
            let mut vals: Vec<Option<Decimal>> = vec![None; plan.inputs.len()];
            let mut at_pos = vec![None; schema.num_columns()];
            for (p, &i) in wanted.iter().enumerate() {
                if let Some(slot) = at_pos.get_mut(i) {
                    *slot = Some(p);
                }
            }
            let mut base = 0u64;
            for g in 0..reader.num_row_groups() {
                let failed = |e: &dyn std::fmt::Display, diags: &mut Diagnostics| {
                    diags.push(data_error(
                        path,
                        base + 1,
                        1,
                        crate::msg!(
                            "parquet-group-unreadable",
                            group = g + 1,
                            error = e.to_string()
                        ),
                    ));
                };
                let rg = match reader.get_row_group(g) {
                    Ok(rg) => rg,
                    Err(e) => {
                        failed(&e, diags);
                        return Ok(None);
                    }
                };
                let rows = usize::try_from(rg.metadata().num_rows()).unwrap_or(0);
                let mut columns = Vec::with_capacity(wanted.len());
                for &c in wanted {
                    match column(rg.as_ref(), c, rows, schema.column(c).as_ref(), zone) {
                        Ok(v) => columns.push(v),
                        Err(e) => {
                            failed(&e, diags);
                            return Ok(None);
                        }
                    }
                }
                for r in 0..rows {
                    let at = |i: usize| {
                        at_pos
                            .get(i)
                            .copied()
                            .flatten()
                            .and_then(|p| columns.get(p))
                            .and_then(|col| col.get(r))
                            .map_or(Cell::Empty, Owned::cell)
                    };
                    let line = base + r as u64 + 1;
                    if let Fate::Stop = rows_reader.fold_row(line, at, &mut vals, diags) {
                        return Ok(rows_reader
                            .finish(diags)
                            .map(|d| warn_if_empty(d, path, diags)));
                    }
                    if rows_reader.stopped() {
                        return Ok(rows_reader
                            .finish(diags)
                            .map(|d| warn_if_empty(d, path, diags)));
                    }
                }
                base += rows as u64;
            }
            Ok(rows_reader
                .finish(diags)
                .map(|d| warn_if_empty(d, path, diags)))
        }
    }
}
