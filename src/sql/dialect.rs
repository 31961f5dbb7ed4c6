//! The dialects: types, quoting, literals, and the date arithmetic of
//! periods in each engine's own words.

use crate::vocab::Period;
use rust_decimal::Decimal;

/// The SQL dialects `boussole sql` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dialect {
    DuckDb,
    Postgres,
    BigQuery,
    Snowflake,
    Spark,
}

/// DuckDB, Snowflake and Spark keep this many decimals in every value
/// (`DECIMAL(38, 18)`: 20 integer digits; Spark's `DECIMAL(37, 18)`, 19:
/// see `exact`).
pub const FIXED_SCALE: u32 = 18;
/// PostgreSQL keeps at least this many decimals in every quotient.
pub const PG_DIV_SCALE: u32 = 20;

impl Dialect {
    pub const ALL: [Dialect; 5] = [
        Dialect::DuckDb,
        Dialect::Postgres,
        Dialect::BigQuery,
        Dialect::Snowflake,
        Dialect::Spark,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Dialect::DuckDb => "duckdb",
            Dialect::Postgres => "postgres",
            Dialect::BigQuery => "bigquery",
            Dialect::Snowflake => "snowflake",
            Dialect::Spark => "spark",
        }
    }

    pub fn parse(s: &str) -> Option<Dialect> {
        Dialect::ALL.into_iter().find(|d| d.name() == s)
    }

    /// The exact decimal type every value is computed in.
    pub(super) fn num(self) -> &'static str {
        match self {
            Dialect::DuckDb => "DECIMAL(38, 18)",
            Dialect::Postgres => "NUMERIC",
            Dialect::BigQuery => "BIGNUMERIC",
            Dialect::Snowflake => "NUMBER(38, 18)",
            Dialect::Spark => "DECIMAL(37, 18)",
        }
    }

    /// `SUM(x)` in the exact type (Spark widens a sum to 38 digits, and
    /// then loses a decimal in the next addition).
    pub(super) fn sum(self, x: &str) -> String {
        match self {
            Dialect::Spark => format!("CAST(SUM({x}) AS {})", self.num()),
            _ => format!("SUM({x})"),
        }
    }

    pub(super) fn text(self) -> &'static str {
        match self {
            Dialect::Postgres => "TEXT",
            Dialect::BigQuery | Dialect::Spark => "STRING",
            Dialect::DuckDb | Dialect::Snowflake => "VARCHAR",
        }
    }

    /// Longest identifier, in bytes, that the dialect keeps whole.
    pub(super) fn max_ident(self) -> usize {
        match self {
            // NAMEDATALEN - 1: longer names are silently truncated
            Dialect::Postgres => 63,
            Dialect::BigQuery => 300,
            Dialect::Snowflake => 255,
            Dialect::DuckDb | Dialect::Spark => 1024,
        }
    }

    /// A quoted identifier.
    pub fn ident(self, name: &str) -> String {
        match self {
            Dialect::DuckDb | Dialect::Postgres | Dialect::Snowflake => {
                format!("\"{}\"", name.replace('"', "\"\""))
            }
            // `check_names` refuses backticks and backslashes in BigQuery
            // names; escaping them too costs nothing
            Dialect::BigQuery => format!("`{}`", name.replace('\\', "\\\\").replace('`', "\\`")),
            Dialect::Spark => format!("`{}`", name.replace('`', "``")),
        }
    }

    /// A string literal.
    pub fn string(self, s: &str) -> String {
        match self {
            // standard SQL strings: only the quote is special
            Dialect::DuckDb | Dialect::Postgres => format!("'{}'", s.replace('\'', "''")),
            // backslash is an escape character in these dialects' strings
            Dialect::BigQuery | Dialect::Snowflake | Dialect::Spark => {
                format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
            }
        }
    }

    /// A decimal literal in the exact type.
    pub(super) fn number(self, d: Decimal) -> String {
        let text = d.normalize().to_string();
        match self {
            Dialect::BigQuery => format!("BIGNUMERIC '{text}'"),
            _ => format!("CAST({text} AS {})", self.num()),
        }
    }

    /// The first day of the period holding the DATE `dt`.
    pub(super) fn period_start(self, p: Period, dt: &str) -> String {
        use Dialect::*;
        use Period::*;
        match (self, p) {
            (_, Daily) => dt.to_string(),
            (DuckDb | Postgres, _) => {
                let unit = match p {
                    Weekly => "week",
                    Monthly => "month",
                    Quarterly => "quarter",
                    _ => "year",
                };
                format!("CAST(date_trunc('{unit}', {dt}) AS DATE)")
            }
            (BigQuery, _) => {
                let unit = match p {
                    Weekly => "ISOWEEK",
                    Monthly => "MONTH",
                    Quarterly => "QUARTER",
                    _ => "YEAR",
                };
                format!("DATE_TRUNC({dt}, {unit})")
            }
            (Snowflake, Weekly) => format!("DATEADD(day, 1 - DAYOFWEEKISO({dt}), {dt})"),
            (Snowflake, _) => {
                let unit = match p {
                    Monthly => "MONTH",
                    Quarterly => "QUARTER",
                    _ => "YEAR",
                };
                format!("DATE_TRUNC('{unit}', {dt})")
            }
            (Spark, _) => {
                let unit = match p {
                    Weekly => "WEEK",
                    Monthly => "MM",
                    Quarterly => "QUARTER",
                    _ => "YEAR",
                };
                format!("trunc({dt}, '{unit}')")
            }
        }
    }

    /// The label of the period starting on `p` (`2026-03`, `2026-W10`, …).
    pub(super) fn label(self, period: Period, p: &str) -> String {
        use Dialect::*;
        use Period::*;
        match (self, period) {
            (Postgres, Daily) => format!("to_char({p}, 'YYYY-MM-DD')"),
            (Postgres, Weekly) => format!("to_char({p}, 'IYYY-\"W\"IW')"),
            (Postgres, Monthly) => format!("to_char({p}, 'YYYY-MM')"),
            (Postgres, Quarterly) => format!("to_char({p}, 'YYYY-\"Q\"Q')"),
            (Postgres, Yearly) => format!("to_char({p}, 'YYYY')"),
            (DuckDb, Daily) => format!("strftime({p}, '%Y-%m-%d')"),
            (DuckDb, Weekly) => format!("strftime({p}, '%G-W%V')"),
            (DuckDb, Monthly) => format!("strftime({p}, '%Y-%m')"),
            (DuckDb, Quarterly) => {
                format!("strftime({p}, '%Y') || '-Q' || CAST(quarter({p}) AS VARCHAR)")
            }
            (DuckDb, Yearly) => format!("strftime({p}, '%Y')"),
            (BigQuery, Daily) => format!("FORMAT_DATE('%Y-%m-%d', {p})"),
            (BigQuery, Weekly) => format!("FORMAT_DATE('%G-W%V', {p})"),
            (BigQuery, Monthly) => format!("FORMAT_DATE('%Y-%m', {p})"),
            (BigQuery, Quarterly) => format!("FORMAT_DATE('%Y-Q%Q', {p})"),
            (BigQuery, Yearly) => format!("FORMAT_DATE('%Y', {p})"),
            (Snowflake, Daily) => format!("TO_CHAR({p}, 'YYYY-MM-DD')"),
            (Snowflake, Weekly) => {
                format!("YEAROFWEEKISO({p}) || '-W' || LPAD(WEEKISO({p}), 2, '0')")
            }
            (Snowflake, Monthly) => format!("TO_CHAR({p}, 'YYYY-MM')"),
            (Snowflake, Quarterly) => format!("YEAR({p}) || '-Q' || QUARTER({p})"),
            (Snowflake, Yearly) => format!("TO_CHAR({p}, 'YYYY')"),
            (Spark, Daily) => format!("date_format({p}, 'yyyy-MM-dd')"),
            // the ISO year of a week is the year of its Thursday

            (Spark, Weekly) => format!(
                "concat(CAST(year(date_add({p}, 3)) AS STRING), '-W', lpad(CAST(weekofyear({p}) AS STRING), 2, '0'))"
            ),
            (Spark, Monthly) => format!("date_format({p}, 'yyyy-MM')"),
            (Spark, Quarterly) => format!("concat(CAST(year({p}) AS STRING), '-Q', CAST(quarter({p}) AS STRING))"),
            (Spark, Yearly) => format!("date_format({p}, 'yyyy')"),
        }
    }

    /// The first day of the period `n` periods before the one starting on `p`.
    pub(super) fn shift(self, period: Period, p: &str, n: i64) -> String {
        let (days, months) = match period {
            Period::Daily => (n, 0),
            Period::Weekly => (n.saturating_mul(7), 0),
            Period::Monthly => (0, n),
            Period::Quarterly => (0, n.saturating_mul(3)),
            Period::Yearly => (0, n.saturating_mul(12)),
        };
        match self {
            Dialect::Postgres if days > 0 => format!("({p} - {days})"),
            Dialect::Postgres => format!("CAST({p} - INTERVAL '{months} months' AS DATE)"),
            Dialect::DuckDb if days > 0 => format!("CAST({p} - INTERVAL {days} DAY AS DATE)"),
            Dialect::DuckDb => format!("CAST({p} - INTERVAL {months} MONTH AS DATE)"),
            Dialect::BigQuery if days > 0 => format!("DATE_SUB({p}, INTERVAL {days} DAY)"),
            Dialect::BigQuery => format!("DATE_SUB({p}, INTERVAL {months} MONTH)"),
            Dialect::Snowflake if days > 0 => format!("DATEADD(day, -{days}, {p})"),
            Dialect::Snowflake => format!("DATEADD(month, -{months}, {p})"),
            Dialect::Spark if days > 0 => format!("date_sub({p}, {days})"),
            Dialect::Spark => format!("add_months({p}, -{months})"),
        }
    }

    /// Dimension values in byte order, like `eval`.
    pub(super) fn order_dim(self, d: &str) -> String {
        match self {
            Dialect::Postgres => format!("{d} COLLATE \"C\""),
            _ => d.to_string(),
        }
    }
}

impl Dialect {
    /// The first days of the periods from `lo` to `hi` (DATEs), as rows of
    /// `p_start`, selected from the CTE `bounds`.
    pub(super) fn series(self, period: Period, bounds: &str) -> String {
        let (n, unit) = match period {
            Period::Daily => (1, "day"),
            Period::Weekly => (7, "day"),
            Period::Monthly => (1, "month"),
            Period::Quarterly => (3, "month"),
            Period::Yearly => (12, "month"),
        };
        match self {
            Dialect::Postgres => format!(
                "SELECT CAST(g AS DATE) AS p_start FROM {bounds}, generate_series(CAST({bounds}.lo AS TIMESTAMP), CAST({bounds}.hi AS TIMESTAMP), INTERVAL '{n} {unit}s') AS g"
            ),
            Dialect::DuckDb => format!(
                "SELECT CAST(unnest(generate_series(CAST(lo AS TIMESTAMP), CAST(hi AS TIMESTAMP), INTERVAL {n} {unit})) AS DATE) AS p_start FROM {bounds}"
            ),
            Dialect::BigQuery => format!(
                "SELECT p_start FROM {bounds}, UNNEST(GENERATE_DATE_ARRAY({bounds}.lo, {bounds}.hi, INTERVAL {n} {})) AS p_start",
                unit.to_uppercase()
            ),
            Dialect::Snowflake => format!(
                "SELECT DATEADD({unit}, CAST(f.value AS INT) * {n}, {bounds}.lo) AS p_start FROM {bounds}, LATERAL FLATTEN(ARRAY_GENERATE_RANGE(0, FLOOR(DATEDIFF({unit}, {bounds}.lo, {bounds}.hi) / {n}) + 1)) AS f"
            ),
            // Spark's sequence() stops the query when lo > hi (an objective
            // whose window holds no data); the others give no row
            Dialect::Spark => format!(
                "SELECT explode(sequence(lo, hi, INTERVAL {n} {})) AS p_start FROM {bounds} WHERE lo <= hi",
                unit.to_uppercase()
            ),
        }
    }
}

impl Dialect {
    /// The first ten characters of `text` (the day of an ISO timestamp).
    pub(super) fn substr10(self, text: &str) -> String {
        format!("substr({text}, 1, 10)")
    }

    /// `text` with every match of the regular expression `class` removed.
    pub(super) fn regexp_strip(self, text: &str, class: &str) -> String {
        match self {
            Dialect::DuckDb | Dialect::Postgres => {
                format!("regexp_replace({text}, '{class}', '', 'g')")
            }
            Dialect::BigQuery => format!("REGEXP_REPLACE({text}, r'{class}', '')"),
            Dialect::Snowflake => format!("REGEXP_REPLACE({text}, '{class}', '')"),
            Dialect::Spark => format!("regexp_replace({text}, '{class}', '')"),
        }
    }

    /// An expression of type `ty` that stops the query with the message
    /// `msg` (an SQL text expression; it must depend on the row, so that no
    /// engine folds it before a row needs it).
    pub(super) fn fail(self, msg: &str, ty: &str) -> String {
        match self {
            Dialect::DuckDb => format!("CAST(error({msg}) AS {ty})"),
            Dialect::BigQuery => format!("CAST(ERROR({msg}) AS {ty})"),
            Dialect::Spark => format!("CAST(raise_error({msg}) AS {ty})"),
            // no function raises: the message itself fails to convert, and
            // the engine's error quotes it
            Dialect::Postgres | Dialect::Snowflake => {
                format!(
                    "CAST(CAST(CAST({msg} AS INTEGER) AS {}) AS {ty})",
                    self.text()
                )
            }
        }
    }
}
