//! The expression language: pest grammar (`grammar/boussole.pest`) → syntax
//! tree with file spans.

use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::msg;
use crate::source::{FileId, Span};
use crate::syntax::yaml::Scalar;
use pest::iterators::{Pair, Pairs};
use pest::pratt_parser::{Assoc, Op, PrattParser};
use pest::Parser as _;
use rust_decimal::Decimal;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/boussole.pest"]
pub(super) struct DslParser;

/// Longest expression text accepted, in bytes.
pub const MAX_EXPR_LEN: usize = 4096;
/// Deepest nesting of parentheses and calls accepted.
pub const MAX_NESTING: usize = 64;

pub use crate::vocab::{BinOp, Cmp};

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Number(Decimal),
    /// A percent literal, stored as its ratio (`5%` is 0.05).
    Percent(Decimal),
    Money(Decimal, String),
    Name(String),
    Neg(Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    Call(String, Span, Vec<Expr>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

impl Expr {
    /// The same tree as `other`, spans aside (`0.10` and `0.1` are the same number).
    pub fn same_as(&self, other: &Expr) -> bool {
        use ExprKind::*;
        match (&self.kind, &other.kind) {
            (Number(x), Number(y)) | (Percent(x), Percent(y)) => x == y,
            (Money(x, c), Money(y, d)) => x == y && c == d,
            (Name(x), Name(y)) => x == y,
            (Neg(x), Neg(y)) => x.same_as(y),
            (Binary(o, x1, x2), Binary(p, y1, y2)) => o == p && x1.same_as(y1) && x2.same_as(y2),
            (Call(f, _, xs), Call(g, _, ys)) => {
                f == g && xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| x.same_as(y))
            }
            _ => false,
        }
    }

    /// Calls `f` on every name the expression refers to.
    pub fn names<'a>(&'a self, f: &mut impl FnMut(&'a str, Span)) {
        match &self.kind {
            ExprKind::Name(n) => f(n, self.span),
            ExprKind::Neg(e) => e.names(f),
            ExprKind::Binary(_, a, b) => {
                a.names(f);
                b.names(f);
            }
            ExprKind::Call(_, _, args) => args.iter().for_each(|a| a.names(f)),
            _ => {}
        }
    }
}

/// Canonical text of an expression, fully spaced (`a / b`), minimal parentheses.
impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ExprKind::Number(d) => write!(f, "{d}"),
            ExprKind::Percent(d) => write!(f, "{}%", (*d * Decimal::ONE_HUNDRED).normalize()),
            ExprKind::Money(d, c) => write!(f, "{d} {c}"),
            ExprKind::Name(n) => f.write_str(n),
            ExprKind::Neg(e) => match e.kind {
                ExprKind::Binary(..) => write!(f, "-({e})"),
                _ => write!(f, "-{e}"),
            },
            ExprKind::Binary(op, a, b) => {
                let wrap = |e: &Expr, right: bool| match &e.kind {
                    ExprKind::Binary(o, ..) => {
                        o.precedence() < op.precedence()
                            || (right && o.precedence() == op.precedence())
                    }
                    _ => false,
                };
                if wrap(a, false) {
                    write!(f, "({a})")?
                } else {
                    write!(f, "{a}")?
                }
                write!(f, " {} ", op.symbol())?;
                if wrap(b, true) {
                    write!(f, "({b})")
                } else {
                    write!(f, "{b}")
                }
            }
            ExprKind::Call(name, _, args) => {
                write!(f, "{name}(")?;
                for (i, a) in args.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{a}")?;
                }
                f.write_str(")")
            }
        }
    }
}

/// `name = expression`
#[derive(Clone, Debug)]
pub struct MetricDef {
    pub name: String,
    pub name_span: Span,
    pub expr: Expr,
}

/// `expression comparator expression`
#[derive(Clone, Debug)]
pub struct Target {
    pub lhs: Expr,
    pub cmp: Cmp,
    pub cmp_span: Span,
    pub rhs: Expr,
    pub span: Span,
    /// What the objective's owner does when it is missed (`action:` in the
    /// target's long form), with the span of its text.
    pub action: Option<(String, Span)>,
}

impl Target {
    /// The metric a target is about: the first name in its left side.
    pub fn metric(&self) -> String {
        let mut first = None;
        self.lhs.names(&mut |n, _| {
            if first.is_none() {
                first = Some(n.to_string());
            }
        });
        first.unwrap_or_else(|| self.lhs.to_string())
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {}", self.lhs, self.cmp.symbol(), self.rhs)
    }
}

pub(super) struct Ctx<'a> {
    pub(super) file: FileId,
    pub(super) scalar: &'a Scalar,
}

impl Ctx<'_> {
    pub(super) fn span(&self, p: &pest::Span<'_>) -> Span {
        self.scalar.sub_span(self.file, p.start(), p.end())
    }
}

/// Parses the value of a `metrics:` entry.
pub fn parse_metric(file: FileId, scalar: &Scalar) -> Result<MetricDef, Diagnostic> {
    let ctx = Ctx { file, scalar };
    let mut pairs = parse_rule(&ctx, Rule::metric_def)?;
    let mut inner = pairs.next().map(|p| p.into_inner()).into_iter().flatten();
    let (Some(name), Some(expr)) = (inner.next(), inner.next()) else {
        return Err(internal(&ctx));
    };
    Ok(MetricDef {
        name: name.as_str().to_string(),
        name_span: ctx.span(&name.as_span()),
        expr: build_expr(&ctx, expr)?,
    })
}

/// Parses a target (`cac <= 50 EUR`).
pub fn parse_target(file: FileId, scalar: &Scalar) -> Result<Target, Diagnostic> {
    let ctx = Ctx { file, scalar };
    let mut pairs = parse_rule(&ctx, Rule::target)?;
    let whole = pairs.next().ok_or_else(|| internal(&ctx))?;
    let span = ctx.span(&whole.as_span());
    let mut inner = whole.into_inner();
    let (Some(lhs), Some(cmp), Some(rhs)) = (inner.next(), inner.next(), inner.next()) else {
        return Err(internal(&ctx));
    };
    let c = match cmp.as_str() {
        ">=" => Cmp::Ge,
        "<=" => Cmp::Le,
        ">" => Cmp::Gt,
        "<" => Cmp::Lt,
        "==" => Cmp::Eq,
        _ => Cmp::Ne,
    };
    Ok(Target {
        lhs: build_expr(&ctx, lhs)?,
        cmp: c,
        cmp_span: ctx.span(&cmp.as_span()),
        rhs: build_expr(&ctx, rhs)?,
        span,
        action: None,
    })
}

/// The grammar accepted text its tree builder does not expect: a bug in
/// boussole (the grammar and this file disagree), not a syntax error.
pub(super) fn internal(ctx: &Ctx<'_>) -> Diagnostic {
    Diagnostic::bug("the expression grammar gave an unexpected tree").at(ctx.scalar.sub_span(
        ctx.file,
        0,
        ctx.scalar.value.len(),
    ))
}

pub(super) fn parse_rule<'a>(ctx: &Ctx<'a>, rule: Rule) -> Result<Pairs<'a, Rule>, Diagnostic> {
    let text = ctx.scalar.value.as_str();
    if text.len() > MAX_EXPR_LEN {
        return Err(Diagnostic::of(
            Code::SyntaxError,
            msg!(
                "expression-too-long",
                length = text.len(),
                max = MAX_EXPR_LEN
            ),
        )
        .at(ctx
            .scalar
            .sub_span(ctx.file, 0, text.chars().next().map_or(0, char::len_utf8)))
        .help_msg(msg!("split-expression")));
    }
    let mut depth = 0usize;
    let mut negs = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            '-' => negs += 1,
            ' ' | '\t' | '\r' | '\n' => continue,
            _ => negs = 0,
        }
        if c != '-' {
            negs = 0;
        }
        if depth > MAX_NESTING || negs > MAX_NESTING {
            return Err(Diagnostic::of(
                Code::SyntaxError,
                msg!("expression-too-deep", max = MAX_NESTING),
            )
            .at(ctx.scalar.sub_span(ctx.file, i, i + c.len_utf8()))
            .label_msg(msg!("too-deep-here"))
            .help_msg(msg!("split-expression")));
        }
    }
    DslParser::parse(rule, text).map_err(|e| syntax_error(ctx, rule, e))
}

/// What a rule is, for "expected …": its English (the order the list is
/// sorted in) and its catalogue message.
fn rule_name(r: Rule) -> Option<(String, Msg)> {
    let token = |t: &'static str| Some((format!("`{t}`"), msg!("expect-token", token = t)));
    let named = |en: &'static str, id: &'static str| {
        Some((
            en.to_string(),
            Msg {
                id,
                args: Vec::new(),
            },
        ))
    };
    match r {
        Rule::ident => named("a name", "expect-name"),
        Rule::number | Rule::literal => named("a number", "expect-number"),
        Rule::percent => token("%"),
        Rule::currency => named("a currency code", "expect-currency"),
        Rule::call | Rule::paren | Rule::expr => named("an expression", "expect-expression"),
        Rule::neg | Rule::sub => token("-"),
        Rule::add => token("+"),
        Rule::mul => token("*"),
        Rule::div => token("/"),
        Rule::comparator => named("a comparison (>=, <=, >, <, ==, !=)", "expect-comparison"),
        Rule::text => named("a text in quotes", "expect-text"),
        Rule::quoted => named("a column in backticks", "expect-quoted-column"),
        Rule::column => named("a column", "expect-column"),
        Rule::row_call | Rule::row_paren | Rule::row_sum | Rule::row_cmp | Rule::row_not => {
            named("an expression", "expect-expression")
        }
        Rule::row_list => named("a list `[...]`", "expect-list"),
        Rule::kw_and => token("and"),
        Rule::kw_or => token("or"),
        Rule::kw_not => token("not"),
        Rule::kw_in => token("in"),
        Rule::boolean => named("true or false", "expect-boolean"),
        Rule::EOI => named("the end of the expression", "expect-end"),
        _ => None,
    }
}

fn syntax_error(ctx: &Ctx<'_>, rule: Rule, e: pest::error::Error<Rule>) -> Diagnostic {
    let text = ctx.scalar.value.as_str();
    let pos = match e.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    let mut expected: Vec<(String, Msg)> = match &e.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => {
            positives.iter().filter_map(|r| rule_name(*r)).collect()
        }
        pest::error::ErrorVariant::CustomError { .. } => Vec::new(),
    };
    expected.sort_by(|a, b| a.0.cmp(&b.0));
    expected.dedup_by(|a, b| a.0 == b.0);
    let found = text[pos.min(text.len())..].chars().next();
    let what = match found {
        Some(c) => msg!("unexpected-char", found = c.to_string()),
        None => msg!("unexpected-end"),
    };
    let message = match expected.len() {
        0 => what.clone(),
        1 => msg!(
            "unexpected-expected",
            what = what.clone(),
            expected = expected.remove(0).1
        ),
        _ => {
            let last = expected
                .pop()
                .map(|(_, m)| m)
                .unwrap_or_else(|| msg!("ellipsis"));
            let init = expected.into_iter().map(|(_, m)| m).collect();
            msg!(
                "unexpected-expected-or",
                what = what.clone(),
                init = crate::i18n::Arg::Commas(init),
                last = last
            )
        }
    };
    let end = pos + found.map(|c| c.len_utf8()).unwrap_or(0);
    let span = if found.is_some() {
        ctx.scalar.sub_span(ctx.file, pos, end)
    } else {
        let s = ctx
            .scalar
            .sub_span(ctx.file, text.len().saturating_sub(1), text.len());
        Span::new(s.file, s.end as usize, s.end as usize)
    };
    let help = match rule {
        Rule::metric_def => "syntax-metric-help",
        Rule::row_expr => "syntax-row-help",
        _ => "syntax-target-help",
    };
    Diagnostic::of(Code::SyntaxError, message)
        .at(span)
        .label_msg(what)
        .help_msg(Msg {
            id: help,
            args: Vec::new(),
        })
}

pub(super) fn pratt() -> &'static PrattParser<Rule> {
    static P: OnceLock<PrattParser<Rule>> = OnceLock::new();
    P.get_or_init(|| {
        PrattParser::new()
            .op(Op::infix(Rule::add, Assoc::Left) | Op::infix(Rule::sub, Assoc::Left))
            .op(Op::infix(Rule::mul, Assoc::Left) | Op::infix(Rule::div, Assoc::Left))
            .op(Op::prefix(Rule::neg))
    })
}

/// A tree the arithmetic rules build (`-a`, `a + b`…): metric expressions
/// and row expressions share the operator climbing.
pub(super) trait Arith: Sized {
    fn span(&self) -> Span;
    fn neg(e: Self, span: Span) -> Self;
    fn binary(op: BinOp, a: Self, b: Self, span: Span) -> Self;
}

impl Arith for Expr {
    fn span(&self) -> Span {
        self.span
    }
    fn neg(e: Self, span: Span) -> Self {
        Expr {
            kind: ExprKind::Neg(Box::new(e)),
            span,
        }
    }
    fn binary(op: BinOp, a: Self, b: Self, span: Span) -> Self {
        Expr {
            kind: ExprKind::Binary(op, Box::new(a), Box::new(b)),
            span,
        }
    }
}

/// `-`, `+ -`, `* /` by precedence over the primaries `primary` builds.
pub(super) fn climb<T: Arith>(
    ctx: &Ctx<'_>,
    pairs: Pairs<'_, Rule>,
    primary: impl FnMut(Pair<'_, Rule>) -> Result<T, Diagnostic>,
) -> Result<T, Diagnostic> {
    pratt()
        .map_primary(primary)
        .map_prefix(|op, e| {
            let e = e?;
            let span = ctx.span(&op.as_span()).to(e.span());
            Ok(T::neg(e, span))
        })
        .map_infix(|a, op, b| {
            let (a, b) = (a?, b?);
            let op = match op.as_rule() {
                Rule::add => BinOp::Add,
                Rule::sub => BinOp::Sub,
                Rule::mul => BinOp::Mul,
                _ => BinOp::Div,
            };
            let span = a.span().to(b.span());
            Ok(T::binary(op, a, b, span))
        })
        .parse(pairs)
}

fn build_expr(ctx: &Ctx<'_>, pair: Pair<'_, Rule>) -> Result<Expr, Diagnostic> {
    climb(ctx, pair.into_inner(), |p| build_primary(ctx, p))
}

/// A number literal, exact: more than 28 digits is a syntax error.
pub(super) fn number(ctx: &Ctx<'_>, num: &Pair<'_, Rule>) -> Result<Decimal, Diagnostic> {
    Decimal::from_str(num.as_str()).map_err(|_| {
        Diagnostic::of(
            Code::SyntaxError,
            msg!("too-many-digits", number = num.as_str()),
        )
        .at(ctx.span(&num.as_span()))
        .label_msg(msg!("too-many-digits-label"))
    })
}

fn build_primary(ctx: &Ctx<'_>, p: Pair<'_, Rule>) -> Result<Expr, Diagnostic> {
    let span = ctx.span(&p.as_span());
    let kind = match p.as_rule() {
        Rule::ident => ExprKind::Name(p.as_str().to_string()),
        Rule::paren => {
            let inner = p.into_inner().next().ok_or_else(|| internal(ctx))?;
            let mut e = build_expr(ctx, inner)?;
            e.span = span;
            return Ok(e);
        }
        Rule::call => {
            let mut inner = p.into_inner();
            let name = inner.next().ok_or_else(|| internal(ctx))?;
            let args = inner
                .map(|a| build_expr(ctx, a))
                .collect::<Result<Vec<_>, _>>()?;
            ExprKind::Call(name.as_str().to_string(), ctx.span(&name.as_span()), args)
        }
        Rule::literal => {
            let mut inner = p.into_inner();
            let num = inner.next().ok_or_else(|| internal(ctx))?;
            let value = number(ctx, &num)?;
            match inner.next() {
                None => ExprKind::Number(value),
                Some(s) if s.as_rule() == Rule::percent => {
                    ExprKind::Percent(value.checked_div(Decimal::ONE_HUNDRED).unwrap_or(value))
                }
                Some(s) => {
                    let cur = match s.as_str() {
                        "€" => "EUR",
                        "$" => "USD",
                        "£" => "GBP",
                        c => c,
                    };
                    ExprKind::Money(value, cur.to_string())
                }
            }
        }
        _ => return Err(internal(ctx)),
    };
    Ok(Expr { kind, span })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{SourceFile, Sources};
    use crate::syntax::yaml::{self, NodeKind};

    /// Parses `text` as the only item of a YAML list, as the loader would.
    fn scalar(text: &str) -> (Sources, Scalar) {
        let yaml = format!("- '{}'\n", text.replace('\'', "''"));
        let mut sources = Sources::default();
        let id = sources.add("t.yaml".into(), yaml);
        let root = yaml::parse(id, sources.get(id)).unwrap().unwrap();
        let NodeKind::Seq(items) = root.kind else {
            panic!()
        };
        let s = items[0].as_scalar().unwrap().clone();
        (sources, s)
    }

    fn expr(text: &str) -> String {
        let (_, s) = scalar(&format!("m = {text}"));
        parse_metric(FileId(0), &s)
            .map(|m| m.expr.to_string())
            .unwrap_or_else(|d| format!("error: {}", d.message))
    }

    fn target(text: &str) -> Result<Target, Diagnostic> {
        let (_, s) = scalar(text);
        parse_target(FileId(0), &s)
    }

    #[test]
    fn precedence_and_associativity() {
        assert_eq!(expr("a + b * c"), "a + b * c");
        assert_eq!(expr("(a + b) * c"), "(a + b) * c");
        assert_eq!(expr("a - (b - c)"), "a - (b - c)");
        assert_eq!(expr("a - b - c"), "a - b - c");
        assert_eq!(expr("a / b / c"), "a / b / c");
        assert_eq!(expr("a / (b / c)"), "a / (b / c)");
        assert_eq!(expr("-a * b"), "-a * b");
        assert_eq!(expr("-(a + b)"), "-(a + b)");
        assert_eq!(expr("a*b+c/d"), "a * b + c / d");
    }

    #[test]
    fn literals() {
        assert_eq!(expr("5%"), "5%");
        assert_eq!(expr("12.5 %"), "12.5%");
        assert_eq!(expr("50 EUR"), "50 EUR");
        assert_eq!(expr("0.25€"), "0.25 EUR");
        assert_eq!(expr(".5"), "0.5");
        let (_, s) = scalar("m = 5%");
        let m = parse_metric(FileId(0), &s).unwrap();
        assert_eq!(m.expr.kind, ExprKind::Percent(Decimal::new(5, 2)));
    }

    #[test]
    fn calls() {
        assert_eq!(expr("growth(revenue, 12)"), "growth(revenue, 12)");
        assert_eq!(expr("max(a,b , c)"), "max(a, b, c)");
        assert_eq!(expr("abs(previous(x))"), "abs(previous(x))");
    }

    #[test]
    fn targets() {
        let t = target("cac <= 50 EUR").unwrap();
        assert_eq!(t.cmp, Cmp::Le);
        assert_eq!(t.to_string(), "cac <= 50 EUR");
        assert_eq!(target("ctr>=3%").unwrap().to_string(), "ctr >= 3%");
        assert_eq!(target("a != b").unwrap().cmp, Cmp::Ne);
        assert!(target("cac").is_err());
        assert!(target("cac <= ").is_err());
        assert!(target("a < b < c").is_err());
    }

    #[test]
    fn syntax_errors_name_what_was_expected() {
        assert!(
            expr("a +").starts_with("error: unexpected end of expression"),
            "{}",
            expr("a +")
        );
        assert!(expr("a b").contains("unexpected `b`"));
        assert!(expr("50 EURO").contains("unexpected `E`"));
        assert!(expr("f(").starts_with("error"));
        let (_, s) = scalar("= a");
        assert!(parse_metric(FileId(0), &s).is_err());
        let (_, s) = scalar("m == a");
        assert!(parse_metric(FileId(0), &s).is_err());
    }

    #[test]
    fn limits() {
        assert!(
            expr(&format!("{}1{}", "(".repeat(65), ")".repeat(65))).contains("nested more than 64")
        );
        assert!(!expr(&format!("{}1{}", "(".repeat(64), ")".repeat(64))).starts_with("error"));
        assert!(expr(&"a + ".repeat(2000)).contains("limit is 4096"));
        assert!(expr("1234567890123456789012345678901").contains("more digits"));
    }

    #[test]
    fn spans_point_into_the_file() {
        let (sources, s) = scalar("m = clicks / impressions");
        let m = parse_metric(FileId(0), &s).unwrap();
        let ExprKind::Binary(_, a, b) = &m.expr.kind else {
            panic!()
        };
        assert_eq!(sources.text(a.span), "clicks");
        assert_eq!(sources.text(b.span), "impressions");
        let f: &SourceFile = sources.get(FileId(0));
        assert_eq!(f.line_col(b.span.start as usize), (1, 17));
    }
}
