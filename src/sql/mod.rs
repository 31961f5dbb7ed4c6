//! The SQL backend: compiles a [`Plan`] to one standalone SELECT per dialect,
//! so that the same spec runs inside the warehouse with the numbers `eval`
//! gives.
//!
//! Shape of the query, for every dialect:
//! - `src`: the table's rows with the date cast to DATE, the period's first
//!   day, the dimensions (NULL read as `''`, like an empty CSV cell) and the
//!   input columns cast to the dialect's exact decimal type;
//! - `l0`: one row per (period, dimensions) with every input aggregated;
//! - `l1`, `l2`, …: one CTE per level of the expression graph. Every
//!   operation whose dialect form needs its operands more than once (division
//!   with a zero guard, `min`/`max` with NULL propagation, DuckDB's exact
//!   products and quotients) gets its operands as columns of an earlier level,
//!   so the SQL grows linearly with the spec, never exponentially.
//!   `previous(x, n)` is a LEFT JOIN of the earlier level on the period `n`
//!   before and the same dimension values.
//! - the final SELECT: the period label (the same text as `eval`), the
//!   dimensions, then every input and metric under its spec name.
//!
//! Every identifier is quoted and every literal escaped per dialect; names
//! that a dialect cannot represent are diagnostics, never SQL.

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::plan::{Node, Op, Plan, MAX_TARGET_ROWS, TARGET_COLUMNS};
use crate::source::Span;
use crate::syntax::dsl::Cmp;
use crate::vocab::Aggregate;
use crate::vocab::Period;
use rust_decimal::Decimal;
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

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
/// (`DECIMAL(38, 18)`: 20 integer digits).
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
    fn num(self) -> &'static str {
        match self {
            Dialect::DuckDb => "DECIMAL(38, 18)",
            Dialect::Postgres => "NUMERIC",
            Dialect::BigQuery => "BIGNUMERIC",
            Dialect::Snowflake => "NUMBER(38, 18)",
            Dialect::Spark => "DECIMAL(38, 18)",
        }
    }

    fn text(self) -> &'static str {
        match self {
            Dialect::Postgres => "TEXT",
            Dialect::BigQuery | Dialect::Spark => "STRING",
            Dialect::DuckDb | Dialect::Snowflake => "VARCHAR",
        }
    }

    /// Longest identifier, in bytes, that the dialect keeps whole.
    fn max_ident(self) -> usize {
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
    fn number(self, d: Decimal) -> String {
        let text = d.normalize().to_string();
        match self {
            Dialect::BigQuery => format!("BIGNUMERIC '{text}'"),
            _ => format!("CAST({text} AS {})", self.num()),
        }
    }

    /// The first day of the period holding the DATE `dt`.
    fn period_start(self, p: Period, dt: &str) -> String {
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
    fn label(self, period: Period, p: &str) -> String {
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
    fn shift(self, period: Period, p: &str, n: i64) -> String {
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
    fn order_dim(self, d: &str) -> String {
        match self {
            Dialect::Postgres => format!("{d} COLLATE \"C\""),
            _ => d.to_string(),
        }
    }
}

/// A piece of an SQL template: text, or a reference to a computed column in
/// the row of the same dimensions `shift` periods before.
#[derive(Clone, Debug)]
enum Piece {
    Text(String),
    Col(usize, i64),
}

/// An SQL expression over computed columns.
#[derive(Clone, Debug, Default)]
struct Tpl(Vec<Piece>);

impl Tpl {
    fn text(s: impl Into<String>) -> Tpl {
        Tpl(vec![Piece::Text(s.into())])
    }
    fn col(c: usize) -> Tpl {
        Tpl(vec![Piece::Col(c, 0)])
    }
    fn push(&mut self, s: &str) -> &mut Tpl {
        self.0.push(Piece::Text(s.to_string()));
        self
    }
    fn add(&mut self, t: &Tpl) -> &mut Tpl {
        self.0.extend(t.0.iter().cloned());
        self
    }
    /// The same expression `n` periods before.
    fn shifted(&self, n: i64) -> Tpl {
        Tpl(self
            .0
            .iter()
            .map(|p| match p {
                Piece::Col(c, s) => Piece::Col(*c, s.saturating_add(n)),
                t => t.clone(),
            })
            .collect())
    }
    /// A column reference or a literal: cheap to write twice.
    fn is_simple(&self) -> bool {
        let cols = self
            .0
            .iter()
            .filter(|p| matches!(p, Piece::Col(..)))
            .count();
        cols == 0 || (cols == 1 && self.0.len() == 1)
    }
}

/// Builds a template from text with `{}` holes filled by operands in order.
fn tpl(pattern: &str, args: &[&Tpl]) -> Tpl {
    let mut out = Tpl::default();
    let mut parts = pattern.split("{}");
    if let Some(first) = parts.next() {
        out.push(first);
    }
    for (part, arg) in parts.zip(args) {
        out.add(arg);
        out.push(part);
    }
    out
}

struct Column {
    /// Internal name (`v3`, `t12`): never a user name, so never a clash.
    name: String,
    /// 0 for the aggregates; else one more than the deepest column it uses.
    level: usize,
    sql: Tpl,
}

struct Compiler<'a> {
    d: Dialect,
    period: Period,
    cols: Vec<Column>,
    ndims: usize,
    plan: &'a Plan,
    /// The column of each slot (inputs, then metrics in spec order).
    slots: Vec<Option<usize>>,
    /// Columns by the Debug text of their SQL template.
    seen: HashMap<String, usize>,
}

/// What `boussole sql` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Query {
    /// One row per period and dimension values: every input and metric.
    Metrics,
    /// One row per objective, target, period and dimension values: the status.
    Objectives,
}

/// Compiles `plan` to one SELECT over `table` in `dialect`. Problems (names a
/// dialect cannot carry) are diagnostics, and then there is no SQL.
pub fn sql(
    plan: &Plan,
    dialect: Dialect,
    table: &str,
    query: Query,
    diags: &mut Diagnostics,
) -> Option<String> {
    let before = diags.errors();
    check_names(plan, dialect, table, query, diags);
    if diags.errors() > before {
        return None;
    }
    Some(match query {
        Query::Metrics => metrics_query(plan, dialect, table),
        Query::Objectives => objectives_query(plan, dialect, table),
    })
}

/// A name as written, with control characters shown as escapes.
fn shown(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn check_names(plan: &Plan, d: Dialect, table: &str, query: Query, diags: &mut Diagnostics) {
    let check = |what: String, name: &str, at: Option<Span>, diags: &mut Diagnostics| {
        let why = if name.is_empty() {
            "is empty".to_string()
        } else if name.chars().any(|c| c.is_control()) {
            "contains a control character".to_string()
        } else if d == Dialect::BigQuery && name.contains(['`', '\\']) {
            "contains a backtick or a backslash, which BigQuery names cannot hold".to_string()
        } else if name.len() > d.max_ident() {
            format!(
                "is longer than {} bytes, the most {} keeps",
                d.max_ident(),
                d.name()
            )
        } else {
            return;
        };
        diags.push(
            Diagnostic::error(Code::SqlName, format!("{what} `{}` {why}", shown(name)))
                .at_opt(at)
                .help(format!(
                    "rename it, or keep it out of the {} query",
                    d.name()
                )),
        );
    };
    for part in table.split('.') {
        check("table name part".into(), part, None, diags);
    }
    for b in &plan.by {
        check("--by column".into(), b, None, diags);
    }
    for i in &plan.inputs {
        check(
            format!("the column of input `{}`", i.name),
            &i.column,
            Some(i.span),
            diags,
        );
    }
    for (s, at) in plan.slots.iter().zip(&plan.slot_spans) {
        check("output column".into(), s, Some(*at), diags);
    }
    if query == Query::Objectives {
        for o in &plan.objectives {
            if o.name.chars().any(|c| c.is_control()) {
                check("objective".into(), &o.name, Some(o.span), diags);
            }
        }
    }
    // the output columns must be distinct, whatever the dialect's case rules
    let fixed: &[&str] = match query {
        Query::Metrics => &["period"],
        Query::Objectives => &TARGET_COLUMNS,
    };
    let mut seen = BTreeSet::new();
    let names = fixed
        .iter()
        .map(|s| s.to_string())
        .chain(plan.by.iter().cloned());
    let names: Vec<String> = match query {
        Query::Metrics => names.chain(plan.slots.iter().cloned()).collect(),
        Query::Objectives => names.collect(),
    };
    for n in names {
        if !seen.insert(n.to_lowercase()) {
            diags.push(
                Diagnostic::error(
                    Code::SqlName,
                    format!("two output columns would be named `{n}`"),
                )
                .help("a --by column cannot share its name with an input, a metric or `period`"),
            );
        }
    }
}

impl<'a> Compiler<'a> {
    fn new(plan: &'a Plan, d: Dialect, period: Period) -> Compiler<'a> {
        Compiler {
            d,
            period,
            cols: Vec::new(),
            ndims: plan.by.len(),
            plan,
            slots: vec![None; plan.slots.len()],
            seen: HashMap::new(),
        }
    }

    fn level_of(&self, t: &Tpl) -> usize {
        t.0.iter()
            .filter_map(|p| match p {
                Piece::Col(c, _) => Some(self.cols[*c].level),
                Piece::Text(_) => None,
            })
            .max()
            .map_or(1, |l| l + 1)
    }

    /// A column computed from `sql`: an existing one if the same SQL was
    /// already given a column (e.g. the argument of `growth`, used three times).
    fn column(&mut self, sql: Tpl) -> usize {
        let key = format!("{:?}", sql.0);
        if let Some(&c) = self.seen.get(&key) {
            return c;
        }
        self.seen.insert(key, self.cols.len());
        let level = self.level_of(&sql);
        let id = self.cols.len();
        self.cols.push(Column {
            name: format!("t{id}"),
            level,
            sql,
        });
        id
    }

    /// `t` itself if it is a column or a literal, else a new column.
    fn simple(&mut self, t: Tpl) -> Tpl {
        if t.is_simple() {
            t
        } else {
            Tpl::col(self.column(t))
        }
    }

    fn lit(&self, d: Decimal) -> Tpl {
        Tpl::text(self.d.number(d))
    }

    /// `a / b`, NULL when `b` is zero.
    fn div(&mut self, a: Tpl, b: Tpl) -> Tpl {
        match self.d {
            Dialect::Postgres => {
                // the zero added lifts the dividend's scale, so the quotient
                // keeps at least PG_DIV_SCALE decimals
                let zero = format!("0.{}", "0".repeat(PG_DIV_SCALE as usize));
                tpl(&format!("(({{}} + {zero}) / NULLIF({{}}, 0))"), &[&a, &b])
            }
            Dialect::BigQuery => tpl("({} / NULLIF({}, 0))", &[&a, &b]),
            Dialect::Snowflake | Dialect::Spark => tpl(
                &format!("CAST({{}} / NULLIF({{}}, 0) AS {})", self.d.num()),
                &[&a, &b],
            ),
            Dialect::DuckDb => self.duckdb_div(a, b),
        }
    }

    /// DuckDB divides DECIMALs in DOUBLE; this is an exact long division of
    /// the 128-bit mantissas (three steps of six digits), rounded half away
    /// from zero to 18 decimals. A divisor of 1.7e14 or more overflows the
    /// 128-bit remainder: DuckDB then stops with an out-of-range error.
    fn duckdb_div(&mut self, a: Tpl, b: Tpl) -> Tpl {
        let (a, b) = (self.simple(a), self.simple(b));
        let mant = |x: &Tpl| {
            tpl(
                "(CAST(trunc({}) AS HUGEINT) * 1000000000000000000 + CAST(({} - trunc({})) * 1000000000000000000 AS HUGEINT))",
                &[x, x, x],
            )
        };
        let (ma, mb) = (mant(&a), mant(&b));
        let n = Tpl::col(self.column(tpl("abs({})", &[&ma])));
        let den = Tpl::col(self.column(tpl("NULLIF(abs({}), 0)", &[&mb])));
        let sign = Tpl::col(self.column(tpl("(sign({}) * sign({}))", &[&ma, &mb])));
        let mut digits = vec![Tpl::col(self.column(tpl("({} // {})", &[&n, &den])))];
        let mut rest = Tpl::col(self.column(tpl("({} % {})", &[&n, &den])));
        for _ in 0..3 {
            digits.push(Tpl::col(
                self.column(tpl("(({} * 1000000) // {})", &[&rest, &den])),
            ));
            rest = Tpl::col(self.column(tpl("(({} * 1000000) % {})", &[&rest, &den])));
        }
        let m = Tpl::col(self.column(tpl(
            "({} * 1000000000000000000 + {} * 1000000000000 + {} * 1000000 + {} + CASE WHEN 2 * {} >= {} THEN 1 ELSE 0 END)",
            &[&digits[0], &digits[1], &digits[2], &digits[3], &rest, &den],
        )));
        tpl(
            "CAST({} * (CAST({} // 1000000000000000000 AS DECIMAL(38, 18)) + CAST(CAST({} % 1000000000000000000 AS DECIMAL(38, 0)) * 0.000000000000000001 AS DECIMAL(38, 18))) AS DECIMAL(38, 18))",
            &[&sign, &m, &m],
        )
    }

    fn mul(&mut self, a: Tpl, b: Tpl) -> Tpl {
        match self.d {
            Dialect::Postgres | Dialect::BigQuery => tpl("({} * {})", &[&a, &b]),
            Dialect::Snowflake | Dialect::Spark => {
                tpl(&format!("CAST({{}} * {{}} AS {})", self.d.num()), &[&a, &b])
            }
            Dialect::DuckDb => {
                // DECIMAL(38,18) * DECIMAL(38,18) has 36 decimals and only 2
                // integer digits; split each factor into its integer and
                // fractional parts so that only fraction × fraction is rounded.
                let (a, b) = (self.simple(a), self.simple(b));
                tpl(
                    "CAST({} * trunc({}) + trunc({}) * ({} - trunc({})) + CAST(({} - trunc({})) * ({} - trunc({})) AS DECIMAL(38, 18)) AS DECIMAL(38, 18))",
                    &[&a, &b, &a, &b, &b, &a, &a, &b, &b],
                )
            }
        }
    }

    /// The SQL of a plan node.
    fn lower(&mut self, n: &Node) -> Tpl {
        match &n.op {
            Op::Lit(v) => self.lit(*v),
            Op::Null => Tpl::text("NULL"),
            Op::Slot(s) => match self.slots.get(*s).copied().flatten() {
                Some(c) => Tpl::col(c),
                None => Tpl::text("NULL"),
            },
            Op::Shift(a, k) => {
                let a = self.lower(a);
                self.simple(a).shifted(*k)
            }
            Op::Neg(a) => {
                let a = self.lower(a);
                tpl("(-{})", &[&a])
            }
            Op::Abs(a) => {
                let a = self.lower(a);
                tpl("abs({})", &[&a])
            }
            Op::Add(a, b) => {
                let (a, b) = (self.lower(a), self.lower(b));
                tpl("({} + {})", &[&a, &b])
            }
            Op::Sub(a, b) => {
                let (a, b) = (self.lower(a), self.lower(b));
                tpl("({} - {})", &[&a, &b])
            }
            Op::Mul(a, b) => {
                let (a, b) = (self.lower(a), self.lower(b));
                self.mul(a, b)
            }
            Op::Div(a, b, _) => {
                let (a, b) = (self.lower(a), self.lower(b));
                self.div(a, b)
            }
            Op::Min(args) | Op::Max(args) => {
                let cmp = if matches!(n.op, Op::Min(_)) {
                    "<="
                } else {
                    ">="
                };
                let Some((first, rest)) = args.split_first() else {
                    return Tpl::text("NULL");
                };
                let mut acc = self.lower(first);
                for arg in rest {
                    let a = self.simple(acc);
                    let b = self.lower(arg);
                    let b = self.simple(b);
                    acc = tpl(
                        &format!("CASE WHEN {{}} IS NULL OR {{}} IS NULL THEN NULL WHEN {{}} {cmp} {{}} THEN {{}} ELSE {{}} END"),
                        &[&a, &b, &a, &b, &a, &b],
                    );
                }
                acc
            }
        }
    }

    /// Lowers every metric, in dependency order, into its own column.
    fn metrics(&mut self) {
        for m in &self.plan.metrics {
            let t = self.lower(&m.node);
            let c = match &t.0[..] {
                [Piece::Col(c, 0)] => *c,
                _ => self.column(t),
            };
            self.slots[m.slot] = Some(c);
        }
    }

    /// `src` and `l0`: the table's rows, then the aggregates per period and dimensions.
    fn aggregates(&mut self, out: &mut String, table: &str, prefix: &str) {
        let d = self.d;
        let q = |s: &str| d.ident(s);
        let table_sql: Vec<String> = table.split('.').map(q).collect();
        let dt = format!("CAST({} AS DATE)", q("date"));
        let mut src = format!(
            "{prefix}src AS (\n  SELECT\n    {dt} AS dt,\n    {} AS p_start",
            d.period_start(self.period, &dt)
        );
        for (i, b) in self.plan.by.iter().enumerate() {
            let _ = write!(
                src,
                ",\n    COALESCE(CAST({} AS {}), '') AS d{i}",
                q(b),
                d.text()
            );
        }
        for (i, input) in self.plan.inputs.iter().enumerate() {
            let _ = write!(
                src,
                ",\n    CAST({} AS {}) AS i{i}",
                q(&input.column),
                d.num()
            );
        }
        let _ = write!(
            src,
            "\n  FROM {}\n  WHERE {} IS NOT NULL\n)",
            table_sql.join("."),
            q("date")
        );
        out.push_str(&src);
        let dims: Vec<String> = (0..self.ndims).map(|i| format!("d{i}")).collect();
        let group: Vec<String> = std::iter::once("p_start".to_string())
            .chain(dims.iter().cloned())
            .collect();
        let edges: Vec<(usize, &Aggregate)> = self
            .plan
            .inputs
            .iter()
            .enumerate()
            .filter(|(_, i)| matches!(i.aggregate, Aggregate::First | Aggregate::Last))
            .map(|(k, i)| (k, &i.aggregate))
            .collect();
        let from = if edges.is_empty() {
            format!("{prefix}src")
        } else {
            // the first (last) day of the period on which each input has a value
            let mut w = format!(",\n{prefix}edges AS (\n  SELECT {prefix}src.*");
            for (k, agg) in &edges {
                let f = if **agg == Aggregate::First {
                    "MIN"
                } else {
                    "MAX"
                };
                let _ = write!(
                    w,
                    ",\n    {f}(CASE WHEN i{k} IS NOT NULL THEN dt END) OVER (PARTITION BY {}) AS e{k}",
                    group.join(", ")
                );
            }
            let _ = write!(w, "\n  FROM {prefix}src\n)");
            out.push_str(&w);
            format!("{prefix}edges")
        };
        let mut l0 = format!(",\n{prefix}l0 AS (\n  SELECT {}", group.join(", "));
        let mut avgs = Vec::new();
        for (k, input) in self.plan.inputs.iter().enumerate() {
            let name = format!("v{}", self.cols.len());
            let agg = match input.aggregate {
                Aggregate::Sum => format!("SUM(i{k})"),
                Aggregate::Min => format!("MIN(i{k})"),
                Aggregate::Max => format!("MAX(i{k})"),
                Aggregate::First | Aggregate::Last => {
                    format!("SUM(CASE WHEN dt = e{k} THEN i{k} END)")
                }
                Aggregate::Avg => {
                    let _ = write!(
                        l0,
                        ",\n    SUM(i{k}) AS {name}, CAST(COUNT(i{k}) AS {}) AS n{k}",
                        d.num()
                    );
                    let id = self.cols.len();
                    self.cols.push(Column {
                        name: name.clone(),
                        level: 0,
                        sql: Tpl::default(),
                    });
                    let n_id = self.cols.len();
                    self.cols.push(Column {
                        name: format!("n{k}"),
                        level: 0,
                        sql: Tpl::default(),
                    });
                    avgs.push((k, id, n_id));
                    continue;
                }
            };
            let _ = write!(l0, ",\n    {agg} AS {name}");
            self.slots[k] = Some(self.cols.len());
            self.cols.push(Column {
                name,
                level: 0,
                sql: Tpl::default(),
            });
        }
        let _ = write!(l0, "\n  FROM {from}\n  GROUP BY {}\n)", group.join(", "));
        out.push_str(&l0);
        for (k, sum, n) in avgs {
            let t = self.div(Tpl::col(sum), Tpl::col(n));
            let c = self.column(t);
            self.slots[k] = Some(c);
        }
    }

    /// `l1` … `lN`: one CTE per level. Returns the name of the last one.
    fn levels(&mut self, out: &mut String, prefix: &str) -> String {
        let max = self.cols.iter().map(|c| c.level).max().unwrap_or(0);
        for level in 1..=max {
            let mut shifts = BTreeSet::new();
            let mut select = String::new();
            for c in self.cols.iter().filter(|c| c.level == level) {
                let _ = write!(
                    select,
                    ",\n    {} AS {}",
                    self.render(&c.sql, &mut shifts),
                    c.name
                );
            }
            let prev = format!("{prefix}l{}", level - 1);
            let _ = write!(
                out,
                ",\n{prefix}l{level} AS (\n  SELECT c.*{select}\n  FROM {prev} AS c"
            );
            for s in shifts {
                let mut on = format!(
                    "s{s}.p_start = {}",
                    self.d.shift(self.period, "c.p_start", s)
                );
                for i in 0..self.ndims {
                    let _ = write!(on, " AND s{s}.d{i} = c.d{i}");
                }
                let _ = write!(out, "\n  LEFT JOIN {prev} AS s{s} ON {on}");
            }
            out.push_str("\n)");
        }
        format!("{prefix}l{max}")
    }

    fn render(&self, t: &Tpl, shifts: &mut BTreeSet<i64>) -> String {
        let mut s = String::new();
        for p in &t.0 {
            match p {
                Piece::Text(x) => s.push_str(x),
                Piece::Col(c, 0) => {
                    let _ = write!(s, "c.{}", self.cols[*c].name);
                }
                Piece::Col(c, n) => {
                    shifts.insert(*n);
                    let _ = write!(s, "s{n}.{}", self.cols[*c].name);
                }
            }
        }
        s
    }
}

fn metrics_query(plan: &Plan, d: Dialect, table: &str) -> String {
    let mut c = Compiler::new(plan, d, plan.period);
    let mut out = String::from("WITH ");
    c.aggregates(&mut out, table, "");
    c.metrics();
    let last = c.levels(&mut out, "");
    let mut select = format!(
        "\nSELECT\n  {} AS {}",
        d.label(plan.period, "c.p_start"),
        d.ident("period")
    );
    for (i, b) in plan.by.iter().enumerate() {
        let _ = write!(select, ",\n  c.d{i} AS {}", d.ident(b));
    }
    for (slot, name) in plan.slots.iter().enumerate() {
        let col = c.slots[slot].map(|k| format!("c.{}", c.cols[k].name));
        let _ = write!(
            select,
            ",\n  {} AS {}",
            col.unwrap_or_else(|| "NULL".into()),
            d.ident(name)
        );
    }
    let order: Vec<String> = std::iter::once("c.p_start".to_string())
        .chain((0..plan.by.len()).map(|i| d.order_dim(&format!("c.d{i}"))))
        .collect();
    let _ = write!(
        out,
        "{select}\nFROM {last} AS c\nORDER BY {}\n",
        order.join(", ")
    );
    out
}

impl Dialect {
    /// The first days of the periods from `lo` to `hi` (DATEs), as rows of
    /// `p_start`, selected from the CTE `bounds`.
    fn series(self, period: Period, bounds: &str) -> String {
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
            Dialect::Spark => format!(
                "SELECT explode(sequence(lo, hi, INTERVAL {n} {})) AS p_start FROM {bounds}",
                unit.to_uppercase()
            ),
        }
    }
}

fn objectives_query(plan: &Plan, d: Dialect, table: &str) -> String {
    let cadences: BTreeSet<Period> = plan
        .objectives
        .iter()
        .filter(|o| !o.targets.is_empty())
        .filter_map(|o| o.cadence)
        .collect();
    let dims: Vec<String> = (0..plan.by.len()).map(|i| format!("d{i}")).collect();
    let mut out = String::from("WITH ");
    let mut branches = Vec::new();
    for (k, cadence) in cadences.iter().enumerate() {
        let prefix = format!("{}_", cadence.name());
        if k > 0 {
            out.push_str(",\n");
        }
        let mut c = Compiler::new(plan, d, *cadence);
        c.aggregates(&mut out, table, &prefix);
        c.metrics();
        // the targets' two sides, as columns
        let mut sides = Vec::new();
        for (oi, o) in plan.objectives.iter().enumerate() {
            if o.cadence != Some(*cadence) {
                continue;
            }
            for (ti, t) in o.targets.iter().enumerate() {
                let l = c.lower(&t.lhs);
                let r = c.lower(&t.rhs);
                let (l, r) = (c.column(l), c.column(r));
                sides.push((oi, ti, l, r));
            }
        }
        let last = c.levels(&mut out, &prefix);
        let dim_list = if dims.is_empty() {
            "1 AS one".to_string()
        } else {
            dims.join(", ")
        };
        let _ = write!(
            out,
            ",\n{prefix}dims AS (\n  SELECT DISTINCT {dim_list} FROM {prefix}l0\n),\n{prefix}span AS (\n  SELECT MIN(p_start) AS lo, MAX(p_start) AS hi FROM {prefix}l0\n)"
        );
        for (oi, ti, l, r) in sides {
            let o = &plan.objectives[oi];
            let t = &o.targets[ti];
            let bound = |date: Option<chrono::NaiveDate>, data: &str| match date {
                Some(day) => match cadence.key(day).start() {
                    Some(s) => format!("DATE '{}'", s.format("%Y-%m-%d")),
                    None => data.to_string(),
                },
                None => data.to_string(),
            };
            let lo = bound(o.start, "lo");
            let hi = bound(o.deadline, "hi");
            let b = format!("{prefix}o{oi}t{ti}");
            // at most MAX_TARGET_ROWS rows (periods × dimension values) per
            // target, the latest periods kept: the plan's rule, as in eval
            let _ = write!(
                out,
                ",\n{b}_bounds AS (\n  SELECT {lo} AS lo, {hi} AS hi FROM {prefix}span WHERE {prefix}span.lo IS NOT NULL\n),\n{b}_series AS (\n  {}\n),\n{b}_periods AS (\n  SELECT s.p_start FROM (SELECT p_start, ROW_NUMBER() OVER (ORDER BY p_start DESC) AS rn FROM {b}_series) AS s CROSS JOIN (SELECT COUNT(*) AS n FROM {prefix}dims) AS k WHERE s.rn * k.n <= {MAX_TARGET_ROWS}\n)",
                d.series(*cadence, &format!("{b}_bounds"))
            );
            let holds = match t.cmp {
                Cmp::Ge => ">=",
                Cmp::Le => "<=",
                Cmp::Gt => ">",
                Cmp::Lt => "<",
                Cmp::Eq => "=",
                Cmp::Ne => "<>",
            };
            let (lc, rc) = (&c.cols[l].name, &c.cols[r].name);
            let mut on = "c.p_start = g.p_start".to_string();
            let mut dim_cols = String::new();
            for x in &dims {
                let _ = write!(on, " AND c.{x} = g.{x}");
                let _ = write!(dim_cols, ", g.{x}");
            }
            branches.push(format!(
                "  SELECT {oi} AS oi, {ti} AS ti, {} AS objective, {} AS target, {} AS metric, g.p_start, {} AS period{dim_cols},\n    c.{lc} AS value, c.{rc} AS threshold,\n    CASE WHEN c.{lc} IS NULL OR c.{rc} IS NULL THEN 'no-data' WHEN c.{lc} {holds} c.{rc} THEN 'met' ELSE 'missed' END AS status\n  FROM (SELECT p.p_start, x.* FROM {b}_periods AS p CROSS JOIN {prefix}dims AS x) AS g\n  LEFT JOIN {last} AS c ON {on}",
                d.string(&o.name),
                d.string(&t.text),
                d.string(&t.metric),
                d.label(*cadence, "g.p_start"),
            ));
        }
    }
    let mut select = format!(
        "SELECT r.objective AS {}, r.target AS {}, r.metric AS {}, r.period AS {}",
        d.ident("objective"),
        d.ident("target"),
        d.ident("metric"),
        d.ident("period")
    );
    for (i, b) in plan.by.iter().enumerate() {
        let _ = write!(select, ", r.d{i} AS {}", d.ident(b));
    }
    let _ = write!(
        select,
        ", r.value AS {}, r.threshold AS {}, r.status AS {}",
        d.ident("value"),
        d.ident("threshold"),
        d.ident("status")
    );
    if branches.is_empty() {
        // no objective has a cadence and targets: an empty result, same columns
        let mut empty = format!(
            "SELECT CAST(NULL AS {t}) AS {}, CAST(NULL AS {t}) AS {}, CAST(NULL AS {t}) AS {}, CAST(NULL AS {t}) AS {}",
            d.ident("objective"),
            d.ident("target"),
            d.ident("metric"),
            d.ident("period"),
            t = d.text()
        );
        for b in &plan.by {
            let _ = write!(empty, ", CAST(NULL AS {}) AS {}", d.text(), d.ident(b));
        }
        let _ = write!(
            empty,
            ", CAST(NULL AS {n}) AS {}, CAST(NULL AS {n}) AS {}, CAST(NULL AS {}) AS {}\nFROM (SELECT 1 AS one) AS x\nWHERE 1 = 0\n",
            d.ident("value"),
            d.ident("threshold"),
            d.text(),
            d.ident("status"),
            n = d.num()
        );
        return empty;
    }
    let order: Vec<String> = ["r.oi", "r.ti", "r.p_start"]
        .into_iter()
        .map(String::from)
        .chain((0..plan.by.len()).map(|i| d.order_dim(&format!("r.d{i}"))))
        .collect();
    let _ = write!(
        out,
        "\n{select}\nFROM (\n{}\n) AS r\nORDER BY {}\n",
        branches.join("\n  UNION ALL\n"),
        order.join(", ")
    );
    out
}
