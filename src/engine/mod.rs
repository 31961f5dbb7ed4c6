//! `eval --engine`: the spec's aggregates run inside the team's engine and
//! come back into the evaluator.
//!
//! For each cadence the evaluation needs (the report's period, each
//! objective's), [`crate::sql::fetch_query`] compiles the inputs'
//! aggregates per (period, dimension values) in the engine's dialect — the
//! same SQL as `boussole sql`, proven equal to the embedded reader by the
//! differential tests — and the engine runs it. Its rows (every value as
//! text) become [`Fetched`], which [`crate::eval::evaluate_fetched`] turns
//! into the same [`crate::eval::Evaluation`] as the files would: metrics
//! (with eval's digits: averages are divided here, not in the engine),
//! targets, division-by-zero and stale-data diagnostics, every output format.
//!
//! Engines: DuckDB through its CLI (`duckdb`, or `BOUSSOLE_DUCKDB`; the
//! database opened read-only), PostgreSQL through a pure-Rust client
//! (`postgres`, no TLS). Failures are `engine-error` diagnostics whose text
//! never holds the connection string (it may carry a password).

mod duckdb;
mod postgres;

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::eval::{Fetched, FetchedRow};
use crate::plan::Plan;
use crate::sql::{Dialect, FetchQuery};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::str::FromStr;

/// Where the data is.
#[derive(Clone, Debug)]
pub enum Engine {
    /// A DuckDB database file, opened read-only by the `duckdb` CLI.
    DuckDb { database: PathBuf },
    /// A PostgreSQL server: a `postgresql://` URL or `key=value` string.
    Postgres { connection: String },
}

impl Engine {
    pub fn dialect(&self) -> Dialect {
        match self {
            Engine::DuckDb { .. } => Dialect::DuckDb,
            Engine::Postgres { .. } => Dialect::Postgres,
        }
    }

    pub fn name(&self) -> &'static str {
        self.dialect().name()
    }
}

/// Rows of text cells (None for NULL), the header left out.
pub type Rows = Vec<Vec<Option<String>>>;

/// An open engine: queries run one after the other.
enum Session {
    DuckDb(duckdb::DuckDb),
    Postgres(Box<postgres::Postgres>),
}

impl Session {
    fn open(engine: &Engine) -> Result<Session, crate::i18n::Msg> {
        Ok(match engine {
            Engine::DuckDb { database } => Session::DuckDb(duckdb::DuckDb::open(database)?),
            Engine::Postgres { connection } => {
                Session::Postgres(Box::new(postgres::Postgres::connect(connection)?))
            }
        })
    }

    fn query(&mut self, sql: &str) -> Result<Rows, crate::i18n::Msg> {
        match self {
            Session::DuckDb(d) => d.query(sql),
            Session::Postgres(p) => p.query(sql),
        }
    }
}

/// Runs the plan's aggregates in `engine` for every cadence the evaluation
/// needs; None after an error (a diagnostic says which).
pub fn fetch(
    plan: &Plan,
    engine: &Engine,
    tables: &[Option<String>],
    diags: &mut Diagnostics,
) -> Option<Fetched> {
    let cadences = crate::eval::cadences(plan);
    // the SQL of every cadence first: a name the dialect cannot carry is
    // reported once, before any connection
    let mut queries = Vec::with_capacity(cadences.len());
    for (i, cadence) in cadences.iter().enumerate() {
        let mut scratch = Diagnostics::default();
        let into = if i == 0 { &mut *diags } else { &mut scratch };
        queries.push((
            *cadence,
            crate::sql::fetch_query(plan, engine.dialect(), tables, *cadence, into)?,
        ));
    }
    let mut session = match Session::open(engine) {
        Ok(s) => s,
        Err(msg) => {
            diags.push(failure(engine, msg));
            return None;
        }
    };
    let mut results = Vec::with_capacity(queries.len());
    for (cadence, q) in &queries {
        match session.query(&q.sql) {
            Ok(rows) => results.push((*cadence, q, rows)),
            Err(msg) => {
                diags.push(failure(engine, msg));
                return None;
            }
        }
    }
    match assemble(plan, results) {
        Ok(f) => Some(f),
        Err(msg) => {
            diags.push(failure(engine, msg));
            None
        }
    }
}

/// The rows each cadence's query gave (cells as text, None for NULL), as
/// the evaluator takes them: combinations numbered in byte order, rows
/// sorted, each source's latest day. Err for a cell that is not what the
/// query writes there.
pub fn assemble(
    plan: &Plan,
    results: Vec<(crate::vocab::Period, &FetchQuery, Rows)>,
) -> Result<Fetched, crate::i18n::Msg> {
    let mut combos: BTreeMap<Vec<String>, u32> = BTreeMap::new();
    let mut read: Vec<(crate::vocab::Period, Vec<Raw>)> = Vec::new();
    let mut latest = vec![None; plan.sources.len()];
    for (cadence, q, rows) in results {
        let mut raws = Vec::with_capacity(rows.len());
        for row in rows {
            let r = raw(plan, q, &row, &mut latest)?;
            combos.entry(r.dims.clone()).or_insert(0);
            raws.push(r);
        }
        read.push((cadence, raws));
    }
    // combinations in byte order, numbered as the readers number them
    for (i, n) in combos.values_mut().enumerate() {
        *n = u32::try_from(i).unwrap_or(u32::MAX);
    }
    let tables = read
        .into_iter()
        .map(|(cadence, raws)| {
            let mut rows: Vec<FetchedRow> = raws
                .into_iter()
                .map(|r| FetchedRow {
                    key: cadence.key(r.start),
                    combo: combos.get(&r.dims).copied().unwrap_or(0),
                    values: r.values,
                    counts: r.counts,
                })
                .collect();
            rows.sort_by_key(|r| (r.key, r.combo));
            // an engine gives one row per group; a second would be a bug
            rows.dedup_by_key(|r| (r.key, r.combo));
            (cadence, rows)
        })
        .collect();
    Ok(Fetched {
        dims: combos.into_keys().collect(),
        tables,
        latest,
    })
}

/// One row as read, before its combination is numbered.
struct Raw {
    start: chrono::NaiveDate,
    dims: Vec<String>,
    values: Vec<Option<Decimal>>,
    counts: Vec<Option<u64>>,
}

fn raw(
    plan: &Plan,
    q: &FetchQuery,
    row: &[Option<String>],
    latest: &mut [Option<chrono::NaiveDate>],
) -> Result<Raw, crate::i18n::Msg> {
    let cell = |i: usize| row.get(i).cloned().flatten();
    let bad = |what: &str, text: Option<String>| {
        crate::msg!(
            "engine-bad-value",
            what = what.to_string(),
            value = text.unwrap_or_else(|| "NULL".into())
        )
    };
    let day = |i: usize| -> Result<Option<chrono::NaiveDate>, crate::i18n::Msg> {
        match cell(i) {
            None => Ok(None),
            Some(t) => chrono::NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d")
                .map(Some)
                .map_err(|_| bad("date", Some(t))),
        }
    };
    let start = day(0)?.ok_or_else(|| bad("date", None))?;
    let dims = (1..=plan.by.len())
        .map(|i| cell(i).unwrap_or_default())
        .collect();
    let mut values = Vec::with_capacity(q.inputs.len());
    let mut counts = Vec::with_capacity(q.inputs.len());
    for &(v, n) in &q.inputs {
        values.push(match cell(v) {
            None => None,
            Some(t) => Some(decimal(&t).ok_or_else(|| bad("number", Some(t)))?),
        });
        counts.push(match n.map(cell) {
            None => None,
            Some(None) => Some(0),
            Some(Some(t)) => Some(
                decimal(&t)
                    .and_then(|d| u64::try_from(d).ok())
                    .ok_or_else(|| bad("count", Some(t)))?,
            ),
        });
    }
    for &(s, i) in &q.latest {
        if let (Some(d), Some(l)) = (day(i)?, latest.get_mut(s)) {
            *l = (*l).max(Some(d));
        }
    }
    Ok(Raw {
        start,
        dims,
        values,
        counts,
    })
}

/// A decimal as an engine writes it: trailing zeros of the scale dropped
/// first (DuckDB writes 18 decimals), so that what fits eval's 28 digits is
/// read whole.
fn decimal(text: &str) -> Option<Decimal> {
    let t = text.trim();
    let t = if t.contains('.') {
        t.trim_end_matches('0').trim_end_matches('.')
    } else {
        t
    };
    Decimal::from_str(t).ok().map(|d| d.normalize())
}

fn failure(engine: &Engine, msg: crate::i18n::Msg) -> Diagnostic {
    Diagnostic::of(
        Code::EngineError,
        crate::msg!(
            "engine-error",
            engine = engine.name(),
            error = crate::i18n::Arg::Msg(Box::new(msg))
        ),
    )
    .help_msg(crate::msg!("engine-error-help", engine = engine.name()))
}

/// At most the first 12 lines of an engine's message (a query error can
/// quote the whole query).
fn first_lines(text: &str) -> String {
    let lines: Vec<&str> = text.trim().lines().take(12).collect();
    let mut out = lines.join("\n");
    if out.len() > 2000 {
        let mut cut = 2000;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows as an engine writes them become the evaluator's tables: the
    /// average divided by eval, NULL kept apart from zero, the latest day.
    #[test]
    fn rows_are_assembled_as_the_readers_would_group_them() {
        let spec =
            "inputs:\n  a: count\n  d: { unit: count, aggregate: avg }\nmetrics:\n  - r = a / d\n";
        let mut sources = crate::source::Sources::default();
        let mut diags = Diagnostics::default();
        let model = crate::check_bytes("s.kpi.yaml", spec.as_bytes(), &mut sources, &mut diags);
        let by = [String::from("ch")];
        let plan = crate::plan::plan(&model, crate::vocab::Period::Monthly, &by);
        let q = crate::sql::fetch_query(
            &plan,
            Dialect::Postgres,
            &[Some("t".into())],
            plan.period,
            &mut diags,
        )
        .expect("compiles");
        let cell = |s: &str| (s != "-").then(|| s.to_string());
        let rows: Rows = [
            ["2026-02-01", "fr", "6.000", "10", "4", "2026-02-20"],
            ["2026-01-01", "fr", "-", "3", "0", "2026-01-31"],
            ["2026-01-01", "be", "2", "1", "3", "2026-01-02"],
        ]
        .iter()
        .map(|r| r.iter().map(|c| cell(c)).collect())
        .collect();
        let f = assemble(&plan, vec![(plan.period, &q, rows)]).expect("assembled");
        assert_eq!(f.dims, [vec!["be".to_string()], vec!["fr".to_string()]]);
        assert_eq!(f.latest, [chrono::NaiveDate::from_ymd_opt(2026, 2, 20)]);
        let ev = crate::eval::evaluate_fetched(&plan, f, &mut diags);
        let mut got = Vec::new();
        let mut rows = ev.rows().expect("in memory");
        while let Some(r) = rows.next().expect("in memory") {
            let v: Vec<String> = r
                .values
                .iter()
                .map(|v| v.map_or("-".into(), |d| d.to_string()))
                .collect();
            got.push(format!(
                "{} {} {}",
                r.key.label(),
                r.dims.join(","),
                v.join(" ")
            ));
        }
        assert_eq!(
            got,
            [
                // eval's digits: 2 / 0.333… carries the quotient's rounding
                "2026-01 be 2 0.3333333333333333333333333333 6.0000000000000000000000000006",
                "2026-01 fr - - -",
                "2026-02 fr 6 2.50 2.4",
            ]
        );
    }

    #[test]
    fn decimals_read_as_engines_write_them() {
        let d = |s: &str| decimal(s).map(|d| d.to_string());
        assert_eq!(d("12.500000000000000000").as_deref(), Some("12.5"));
        assert_eq!(d("-0.000000000000000000").as_deref(), Some("0"));
        assert_eq!(
            d("1234567890123456789.120000000000000000").as_deref(),
            Some("1234567890123456789.12")
        );
        assert_eq!(d("100").as_deref(), Some("100"));
        assert_eq!(d("x"), None);
    }
}
