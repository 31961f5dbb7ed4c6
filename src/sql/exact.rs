//! Exact arithmetic in each dialect: `+ - * /` on the exact decimal type,
//! giving `eval`'s digits to the type's last decimal, written once for the
//! metrics' templates (`compiler`) and the row expressions (`rows`).
//!
//! - PostgreSQL and BigQuery compute exactly as written (PostgreSQL's
//!   quotient gets [`PG_DIV_SCALE`] decimals from a zero added to the
//!   dividend).
//! - Snowflake casts each product and quotient back to `NUMBER(38, 18)`.
//! - DuckDB divides DECIMALs in DOUBLE and keeps only 2 integer digits in a
//!   product of two `DECIMAL(38, 18)`: products split each factor into its
//!   integer and fractional parts, quotients are a long division of the
//!   128-bit mantissas.
//! - Spark rounds every result whose type would need more than 38 digits to
//!   as few as 6 decimals (`spark.sql.decimalOperations.allowPrecisionLoss`,
//!   on by default): `DECIMAL(38, 18) + DECIMAL(38, 18)` keeps 17,
//!   a product or quotient of two 6. So Spark computes in `DECIMAL(37, 18)`
//!   (a sum of two fits in 38 digits, cast back after each one), products
//!   split the factors so that every partial product fits in 38 digits, and
//!   quotients are a long division of the mantissas in `DECIMAL(38, 0)`.
//!   Bounds: values below 10^19, divisors below 10^14 (a larger divisor
//!   stops the query with Spark's out-of-range error, never a wrong digit).

use super::{Dialect, PG_DIV_SCALE};

/// What the expansions are written in: the metrics' templates or the row
/// expressions' SQL text.
pub(super) trait Exprs {
    type E: Clone;
    fn dialect(&self) -> Dialect;
    /// A name for `e` that can be written several times (a column of an
    /// earlier CTE, or an alias of the same select list), or `e` itself
    /// when it is a name or a literal already.
    fn bind(&mut self, e: Self::E) -> Self::E;
    /// `pattern` with its `{}` holes filled by `args` in order.
    fn fill(pattern: &str, args: &[&Self::E]) -> Self::E;
}

pub(super) fn add<X: Exprs>(x: &mut X, a: X::E, b: X::E) -> X::E {
    match x.dialect() {
        Dialect::Spark => X::fill(&spark_num("({} + {})"), &[&a, &b]),
        _ => X::fill("({} + {})", &[&a, &b]),
    }
}

pub(super) fn sub<X: Exprs>(x: &mut X, a: X::E, b: X::E) -> X::E {
    match x.dialect() {
        Dialect::Spark => X::fill(&spark_num("({} - {})"), &[&a, &b]),
        _ => X::fill("({} - {})", &[&a, &b]),
    }
}

pub(super) fn mul<X: Exprs>(x: &mut X, a: X::E, b: X::E) -> X::E {
    let d = x.dialect();
    match d {
        Dialect::Postgres | Dialect::BigQuery => X::fill("({} * {})", &[&a, &b]),
        Dialect::Snowflake => X::fill(&format!("CAST({{}} * {{}} AS {})", d.num()), &[&a, &b]),
        Dialect::DuckDb => {
            // DECIMAL(38,18) * DECIMAL(38,18) has 36 decimals and only 2
            // integer digits; split each factor into its integer and
            // fractional parts so that only fraction × fraction is rounded.
            let (a, b) = (x.bind(a), x.bind(b));
            X::fill(
                "CAST({} * trunc({}) + trunc({}) * ({} - trunc({})) + CAST(({} - trunc({})) * ({} - trunc({})) AS DECIMAL(38, 18)) AS DECIMAL(38, 18))",
                &[&a, &b, &a, &b, &b, &a, &a, &b, &b],
            )
        }
        Dialect::Spark => spark_mul(x, a, b),
    }
}

/// `a / b`, NULL when `b` is zero.
pub(super) fn div<X: Exprs>(x: &mut X, a: X::E, b: X::E) -> X::E {
    let d = x.dialect();
    match d {
        Dialect::Postgres => {
            // the zero added lifts the dividend's scale, so the quotient
            // keeps at least PG_DIV_SCALE decimals
            let zero = format!("0.{}", "0".repeat(PG_DIV_SCALE as usize));
            X::fill(&format!("(({{}} + {zero}) / NULLIF({{}}, 0))"), &[&a, &b])
        }
        Dialect::BigQuery => X::fill("({} / NULLIF({}, 0))", &[&a, &b]),
        Dialect::Snowflake => X::fill(
            &format!("CAST({{}} / NULLIF({{}}, 0) AS {})", d.num()),
            &[&a, &b],
        ),
        Dialect::DuckDb => duckdb_div(x, a, b),
        Dialect::Spark => spark_div(x, a, b),
    }
}

const E18: &str = "1000000000000000000";

/// DuckDB: an exact long division of the 128-bit mantissas (three steps of
/// six digits), rounded half away from zero to 18 decimals. A divisor of
/// 1.7e14 or more overflows the 128-bit remainder: DuckDB then stops with an
/// out-of-range error.
fn duckdb_div<X: Exprs>(x: &mut X, a: X::E, b: X::E) -> X::E {
    let (a, b) = (x.bind(a), x.bind(b));
    let mant = |v: &X::E| {
        X::fill(
            &format!("(CAST(trunc({{}}) AS HUGEINT) * {E18} + CAST(({{}} - trunc({{}})) * {E18} AS HUGEINT))"),
            &[v, v, v],
        )
    };
    let (ma, mb) = (mant(&a), mant(&b));
    let n = x.bind(X::fill("abs({})", &[&ma]));
    let den = x.bind(X::fill("NULLIF(abs({}), 0)", &[&mb]));
    let sign = x.bind(X::fill("(sign({}) * sign({}))", &[&ma, &mb]));
    let mut digits = vec![x.bind(X::fill("({} // {})", &[&n, &den]))];
    let mut rest = x.bind(X::fill("({} % {})", &[&n, &den]));
    for _ in 0..3 {
        digits.push(x.bind(X::fill("(({} * 1000000) // {})", &[&rest, &den])));
        rest = x.bind(X::fill("(({} * 1000000) % {})", &[&rest, &den]));
    }
    let m = x.bind(X::fill(
        &format!("({{}} * {E18} + {{}} * 1000000000000 + {{}} * 1000000 + {{}} + CASE WHEN 2 * {{}} >= {{}} THEN 1 ELSE 0 END)"),
        &[&digits[0], &digits[1], &digits[2], &digits[3], &rest, &den],
    ));
    X::fill(
        &format!("CAST({{}} * (CAST({{}} // {E18} AS DECIMAL(38, 18)) + CAST(CAST({{}} % {E18} AS DECIMAL(38, 0)) * 0.000000000000000001 AS DECIMAL(38, 18))) AS DECIMAL(38, 18))"),
        &[&sign, &m, &m],
    )
}

/// `CAST(<pattern> AS DECIMAL(37, 18))`: Spark's working type.
fn spark_num(pattern: &str) -> String {
    format!("CAST({pattern} AS {})", Dialect::Spark.num())
}

/// Spark: `a * b` as `ia·ib + ia·fb + fa·ib + fa·fb` with `ia` the floor of
/// `a` in `DECIMAL(19, 0)` and `fa` the rest in `DECIMAL(18, 18)`: each
/// partial product fits in 38 digits, so only `fa·fb` is rounded (half up,
/// to 18 decimals), once.
fn spark_mul<X: Exprs>(x: &mut X, a: X::E, b: X::E) -> X::E {
    let (a, b) = (x.bind(a), x.bind(b));
    let (ia, fa) = spark_split(x, &a);
    let (ib, fb) = spark_split(x, &b);
    let part = |p: &X::E, q: &X::E| X::fill(&spark_num("{} * {}"), &[p, q]);
    let sum = |p: &X::E, q: &X::E| X::fill(&spark_num("{} + {}"), &[p, q]);
    let s = sum(&part(&ia, &ib), &part(&ia, &fb));
    let s = sum(&s, &part(&fa, &ib));
    sum(&s, &part(&fa, &fb))
}

/// Spark: the floor of `v` in `DECIMAL(19, 0)` and the rest in
/// `DECIMAL(18, 18)`, both exact.
fn spark_split<X: Exprs>(x: &mut X, v: &X::E) -> (X::E, X::E) {
    let i = x.bind(X::fill("CAST(floor({}) AS DECIMAL(19, 0))", &[v]));
    let f = x.bind(X::fill("CAST({} - {} AS DECIMAL(18, 18))", &[v, &i]));
    (i, f)
}

/// Spark: `|v|·10^18` in `DECIMAL(38, 0)`, exact: its floor and its rest
/// scaled apart, each product within 38 digits. (Not from the text of the
/// DECIMAL: Spark writes small values as `5.2E-7` when ANSI mode is off.)
fn spark_mantissa<X: Exprs>(x: &mut X, v: &X::E) -> X::E {
    let abs = x.bind(X::fill(
        &format!("abs(CAST({{}} AS {}))", Dialect::Spark.num()),
        &[v],
    ));
    let (i, f) = spark_split(x, &abs);
    x.bind(X::fill(
        &format!("(CAST({{}} * {E18} AS DECIMAL(38, 0)) + CAST({{}} * {E18} AS DECIMAL(38, 0)))"),
        &[&i, &f],
    ))
}

/// Spark: `a / b` as a long division of the mantissas `|a|·10^18` and
/// `|b|·10^18` in `DECIMAL(38, 0)`: the integer part from Spark's 6-decimal quotient,
/// floored and corrected, then three steps of six digits with `div`, and
/// the last remainder rounding half away from zero. NULL when `b` is zero.
fn spark_div<X: Exprs>(x: &mut X, a: X::E, b: X::E) -> X::E {
    let (a, b) = (x.bind(a), x.bind(b));
    let num = Dialect::Spark.num();
    let n = spark_mantissa(x, &a);
    let mb = spark_mantissa(x, &b);
    let den = x.bind(X::fill("NULLIF({}, 0)", &[&mb]));
    let q = x.bind(X::fill("floor({} / {})", &[&n, &den]));
    let q = x.bind(X::fill(
        "CASE WHEN {} * {} > {} THEN {} - 1 ELSE {} END",
        &[&q, &den, &n, &q, &q],
    ));
    let mut rest = x.bind(X::fill("({} - {} * {})", &[&n, &q, &den]));
    let mut digits = Vec::with_capacity(3);
    for _ in 0..3 {
        // `div` as a function: the operator form is unknown to sqlparser
        digits.push(x.bind(X::fill("div({} * 1000000, {})", &[&rest, &den])));
        rest = x.bind(X::fill("(({} * 1000000) % {})", &[&rest, &den]));
    }
    let frac = x.bind(X::fill(
        "({} * 1000000000000 + {} * 1000000 + {} + CASE WHEN 2 * {} >= {} THEN 1 ELSE 0 END)",
        &[&digits[0], &digits[1], &digits[2], &rest, &den],
    ));
    let q = x.bind(X::fill(
        &spark_num(&format!(
            "CAST({{}} AS {num}) + CAST(CAST({{}} AS DECIMAL(19, 0)) * 0.000000000000000001 AS {num})"
        )),
        &[&q, &frac],
    ));
    X::fill(
        "CASE WHEN ({} < 0) <> ({} < 0) THEN -{} ELSE {} END",
        &[&a, &b, &q, &q],
    )
}
