//! How a source's cells are read in SQL: its date column (with the source's
//! date format, time zone and ranges) and its number columns (decimal mark,
//! thousands separators, currency signs), in each dialect's own functions.
//!
//! The unnamed source of a spec without `sources:` keeps the plain reading
//! (`CAST(date AS DATE)`, `CAST(column AS <decimal>)`), so typed warehouse
//! columns work as they are. A declared source is read the way `eval` reads
//! its files: from the text of each cell, so its table holds the export as
//! it is (every column as text, as `read_csv(..., all_varchar = true)` or a
//! `COPY` into TEXT columns loads it; typed DATE and DECIMAL columns read the
//! same).

use super::Dialect;
use crate::plan::{Plan, PlanSource};
use crate::vocab::{DecimalMark, Thousands};

/// A date format specifier `sql` cannot write in some dialect.
#[derive(Debug)]
pub(super) struct Unsupported(pub String);

/// The strftime specifiers a source's date format may use in `sql`, and
/// their spelling in each dialect: DuckDB, PostgreSQL, BigQuery,
/// Snowflake, Spark.
const SPECIFIERS: &[(char, [&str; 5])] = &[
    ('Y', ["%Y", "YYYY", "%Y", "YYYY", "yyyy"]),
    ('y', ["%y", "YY", "%y", "YY", "yy"]),
    ('m', ["%m", "MM", "%m", "MM", "M"]),
    ('d', ["%d", "DD", "%d", "DD", "d"]),
    ('e', ["%-d", "DD", "%e", "DD", "d"]),
    ('H', ["%H", "HH24", "%H", "HH24", "H"]),
    ('I', ["%I", "HH12", "%I", "HH12", "h"]),
    ('M', ["%M", "MI", "%M", "MI", "m"]),
    ('S', ["%S", "SS", "%S", "SS", "s"]),
    ('p', ["%p", "AM", "%p", "AM", "a"]),
    ('b', ["%b", "Mon", "%b", "MON", "MMM"]),
    ('h', ["%b", "Mon", "%b", "MON", "MMM"]),
    ('B', ["%B", "Month", "%B", "MMMM", "MMMM"]),
];

/// Specifiers that stand for others.
const SHORTHANDS: &[(char, &str)] = &[
    ('F', "%Y-%m-%d"),
    ('T', "%H:%M:%S"),
    ('R', "%H:%M"),
    ('D', "%m/%d/%y"),
];

fn column(d: Dialect) -> usize {
    match d {
        Dialect::DuckDb => 0,
        Dialect::Postgres => 1,
        Dialect::BigQuery => 2,
        Dialect::Snowflake => 3,
        Dialect::Spark => 4,
    }
}

/// A literal character of the format, in the dialect's pattern language.
fn literal(d: Dialect, c: char, out: &mut String) {
    match d {
        Dialect::DuckDb | Dialect::BigQuery if c == '%' => out.push_str("%%"),
        Dialect::DuckDb | Dialect::BigQuery => out.push(c),
        // letters and digits could be read as patterns: quoted
        Dialect::Postgres | Dialect::Snowflake if c.is_alphanumeric() => {
            out.push('"');
            out.push(c);
            out.push('"');
        }
        Dialect::Postgres | Dialect::Snowflake => out.push(c),
        Dialect::Spark if c.is_alphanumeric() => {
            out.push('\'');
            out.push(c);
            out.push('\'');
        }
        Dialect::Spark if c == '\'' => out.push_str("''"),
        Dialect::Spark => out.push(c),
    }
}

/// A chrono strftime format in the dialect's date pattern language.
pub(super) fn pattern(d: Dialect, format: &str) -> Result<String, Unsupported> {
    let mut expanded = String::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '%' {
            if let Some(&n) = chars.peek() {
                if let Some((_, s)) = SHORTHANDS.iter().find(|(k, _)| *k == n) {
                    expanded.push_str(s);
                    chars.next();
                    continue;
                }
            }
        }
        expanded.push(c);
    }
    let mut out = String::new();
    let chars: Vec<char> = expanded.chars().collect();
    let mut i = 0;
    let mut after_field = false;
    while let Some(&c) = chars.get(i) {
        i += 1;
        if c != '%' {
            literal(d, c, &mut out);
            after_field = false;
            continue;
        }
        let n = chars.get(i).copied();
        i += 1;
        match n {
            Some('%') => {
                literal(d, '%', &mut out);
                after_field = false;
            }
            Some(n) => match SPECIFIERS.iter().find(|(k, _)| *k == n) {
                Some((_, spelled)) => {
                    let s = spelled[column(d)];
                    // Spark's one-letter fields take one or two digits, like
                    // chrono's; fields with no separator between them need
                    // their fixed width
                    let adjacent = after_field || chars.get(i) == Some(&'%');
                    if d == Dialect::Spark && adjacent && s.len() == 1 && s != "a" {
                        out.push_str(s);
                    }
                    out.push_str(s);
                    after_field = true;
                }
                None => return Err(Unsupported(format!("%{n}"))),
            },
            None => return Err(Unsupported("%".into())),
        }
    }
    Ok(out)
}

/// `text` parsed with the strftime `format`, as a DATE.
fn parse_date(d: Dialect, text: &str, format: &str) -> Result<String, Unsupported> {
    let p = d.string(&pattern(d, format)?);
    Ok(match d {
        Dialect::DuckDb => format!("CAST(strptime({text}, {p}) AS DATE)"),
        Dialect::Postgres => format!("to_date({text}, {p})"),
        Dialect::BigQuery => format!("DATE(PARSE_DATETIME({p}, {text}))"),
        Dialect::Snowflake => format!("CAST(TO_TIMESTAMP({text}, {p}) AS DATE)"),
        Dialect::Spark => format!("to_date(to_timestamp({text}, {p}))"),
    })
}

/// Whether the ISO text is a timestamp with a UTC offset (`Z`, `+01:00`,
/// `-0500`).
fn has_offset(d: Dialect, text: &str) -> String {
    // a time, then the offset: a date's own `-01` is no offset
    let re = "[T ][0-9][0-9]:[0-9][0-9].*(Z|[+-][0-9][0-9](:?[0-9][0-9])?)$";
    match d {
        Dialect::DuckDb => format!("regexp_matches({text}, '{re}')"),
        Dialect::Postgres => format!("({text} ~ '{re}')"),
        Dialect::BigQuery => format!("REGEXP_CONTAINS({text}, r'{re}')"),
        Dialect::Snowflake => format!("REGEXP_LIKE({text}, '.*{re}')"),
        Dialect::Spark => format!("({text} RLIKE '{re}')"),
    }
}

/// The day, in `zone`, of the ISO timestamp with an offset `text`.
fn day_in_zone(d: Dialect, text: &str, zone: &str) -> String {
    let z = d.string(zone);
    match d {
        Dialect::DuckDb => format!("CAST(timezone({z}, CAST({text} AS TIMESTAMPTZ)) AS DATE)"),
        Dialect::Postgres => format!("CAST((CAST({text} AS TIMESTAMPTZ) AT TIME ZONE {z}) AS DATE)"),
        Dialect::BigQuery => format!("DATE(TIMESTAMP({text}), {z})"),
        Dialect::Snowflake => {
            format!("CAST(CONVERT_TIMEZONE({z}, TO_TIMESTAMP_TZ({text})) AS DATE)")
        }
        Dialect::Spark => format!(
            "to_date(from_utc_timestamp(to_utc_timestamp(to_timestamp({text}), current_timezone()), {z}))"
        ),
    }
}

/// The DATE of one date column of `source`'s table: the column as it is
/// for the unnamed source, else its text read like `eval` reads the cell.
pub(super) fn date(d: Dialect, source: &PlanSource, col: &str) -> Result<String, Unsupported> {
    let q = d.ident(col);
    if source.name.is_empty() {
        return Ok(format!("CAST({q} AS DATE)"));
    }
    let text = format!("CAST({q} AS {})", d.text());
    let f = &source.format;
    if let Some(format) = &f.date_format {
        return parse_date(d, &text, format);
    }
    // ISO: a date, or a timestamp counting for the day it is written in
    let as_written = format!("CAST({} AS DATE)", d.substr10(&text));
    Ok(match &f.timezone {
        None => as_written,
        Some(zone) => format!(
            "CASE WHEN {} THEN {} ELSE {as_written} END",
            has_offset(d, &text),
            day_in_zone(d, &text, zone.name())
        ),
    })
}

/// The day a row of `source` counts for: its date, or for a row that covers
/// a range, its first day when the range lies in one period of every
/// cadence computed — else the query stops with the error `eval` gives.
pub(super) fn row_day(d: Dialect, plan: &Plan, source: &PlanSource) -> Result<String, Unsupported> {
    let from_col = source
        .format
        .date_columns
        .first()
        .map_or("date", String::as_str);
    let from = date(d, source, from_col)?;
    let Some(to_cols) = &source.format.date_to else {
        return Ok(from);
    };
    let to_col = to_cols.first().map_or("", String::as_str);
    let to = date(d, source, to_col)?;
    let mut crossed = format!("{to} IS NULL OR {to} < {from}");
    for p in plan.cadences() {
        crossed.push_str(&format!(
            " OR {} <> {}",
            d.period_start(p, &to),
            d.period_start(p, &from)
        ));
    }
    let why = d.string(&format!(
        "source `{}`: a row covers more than one period ({} to {}): export with a daily breakdown; the row starts on ",
        source.name, from_col, to_col
    ));
    let msg = format!("{why} || CAST({from} AS {})", d.text());
    Ok(format!(
        "CASE WHEN {from} IS NOT NULL AND ({crossed}) THEN {} ELSE {from} END",
        d.fail(&msg, "DATE")
    ))
}

/// A number column of a declared source, read from its text in two steps
/// (so that no cell is cleaned twice): [`number_text`] in the subquery over
/// the table, [`number_value`] over its result.
///
/// The text of the column `col`, and the text with the currency sign, the
/// spaces and the thousands separators taken out and the decimal mark made
/// a point.
pub(super) fn number_text(d: Dialect, source: &PlanSource, col: &str) -> (String, String) {
    let f = &source.format;
    let text = format!("CAST({} AS {})", d.ident(col), d.text());
    let mut kept = d.regexp_strip(&text, "[^0-9.,+-]");
    let drop = match f.thousands {
        Thousands::Comma => Some(","),
        Thousands::Point => Some("."),
        _ => None,
    };
    if let Some(sep) = drop {
        kept = format!("replace({kept}, '{sep}', '')");
    }
    if f.decimal == DecimalMark::Comma {
        kept = format!("replace({kept}, ',', '.')");
    }
    (text, kept)
}

/// The exact decimal from the two texts of [`number_text`]: NULL for a
/// blank cell; a cell left with no digit stops the query, as it is a
/// `data-error` in eval.
pub(super) fn number_value(
    d: Dialect,
    source: &PlanSource,
    col: &str,
    text: &str,
    kept: &str,
) -> String {
    let why = d.string(&format!(
        "source `{}`: column `{col}` holds a cell that is not a number: ",
        source.name
    ));
    format!(
        "CASE WHEN {kept} = '' AND trim({text}) <> '' THEN {} ELSE CAST(NULLIF({kept}, '') AS {}) END",
        d.fail(&format!("{why} || {text}"), d.num()),
        d.num()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_spelled_per_dialect() {
        let f = "%d/%m/%Y %H:%M";
        assert_eq!(pattern(Dialect::DuckDb, f).unwrap(), "%d/%m/%Y %H:%M");
        assert_eq!(pattern(Dialect::Postgres, f).unwrap(), "DD/MM/YYYY HH24:MI");
        assert_eq!(
            pattern(Dialect::Snowflake, f).unwrap(),
            "DD/MM/YYYY HH24:MI"
        );
        assert_eq!(pattern(Dialect::Spark, f).unwrap(), "d/M/yyyy H:m");
        assert_eq!(
            pattern(Dialect::Postgres, "%FT%T").unwrap(),
            "YYYY-MM-DD\"T\"HH24:MI:SS"
        );
        assert_eq!(pattern(Dialect::Spark, "%Y%m%d").unwrap(), "yyyyMMdd");
        assert!(pattern(Dialect::DuckDb, "%Y-%j").is_err());
    }
}
