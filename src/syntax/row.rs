//! Row expressions: an input's `expr:` and `where:`, computed on each row
//! of its source before the rows are aggregated (`Quantity * UnitPrice`,
//! `not starts_with(InvoiceNo, "C") and Quantity > 0`). Same grammar file as
//! metrics (`grammar/boussole.pest`, the `row_*` rules), its own tree: rows
//! have texts, booleans and columns where metrics have units and names.

use super::dsl::{climb, internal, number, parse_rule, Arith, Ctx, Rule};
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};
use crate::syntax::yaml::Scalar;
use crate::vocab::{BinOp, Cmp};
use pest::iterators::Pair;
use rust_decimal::Decimal;
use std::fmt;

#[derive(Clone, Debug, PartialEq)]
pub enum RowKind {
    Number(Decimal),
    Text(String),
    Bool(bool),
    /// A column of the source, by its header.
    Column(String),
    Neg(Box<RowExpr>),
    Binary(BinOp, Box<RowExpr>, Box<RowExpr>),
    Compare(Cmp, Box<RowExpr>, Box<RowExpr>),
    /// `x in [a, b]`
    In(Box<RowExpr>, Vec<RowExpr>),
    Not(Box<RowExpr>),
    And(Box<RowExpr>, Box<RowExpr>),
    Or(Box<RowExpr>, Box<RowExpr>),
    /// A function (name, the name's span, arguments).
    Call(String, Span, Vec<RowExpr>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct RowExpr {
    pub kind: RowKind,
    pub span: Span,
}

impl RowExpr {
    /// The same tree as `other`, spans aside.
    pub fn same_as(&self, other: &RowExpr) -> bool {
        use RowKind::*;
        match (&self.kind, &other.kind) {
            (Number(x), Number(y)) => x == y,
            (Text(x), Text(y)) | (Column(x), Column(y)) => x == y,
            (Bool(x), Bool(y)) => x == y,
            (Neg(x), Neg(y)) | (Not(x), Not(y)) => x.same_as(y),
            (Binary(o, x1, x2), Binary(p, y1, y2)) => o == p && x1.same_as(y1) && x2.same_as(y2),
            (Compare(o, x1, x2), Compare(p, y1, y2)) => o == p && x1.same_as(y1) && x2.same_as(y2),
            (And(x1, x2), And(y1, y2)) | (Or(x1, x2), Or(y1, y2)) => {
                x1.same_as(y1) && x2.same_as(y2)
            }
            (In(x, xs), In(y, ys)) => x.same_as(y) && same_list(xs, ys),
            (Call(f, _, xs), Call(g, _, ys)) => f == g && same_list(xs, ys),
            _ => false,
        }
    }

    /// Calls `f` on every column the expression reads, in order.
    pub fn columns<'a>(&'a self, f: &mut impl FnMut(&'a str, Span)) {
        use RowKind::*;
        match &self.kind {
            Column(c) => f(c, self.span),
            Neg(e) | Not(e) => e.columns(f),
            Binary(_, a, b) | Compare(_, a, b) | And(a, b) | Or(a, b) => {
                a.columns(f);
                b.columns(f);
            }
            In(x, xs) => {
                x.columns(f);
                xs.iter().for_each(|e| e.columns(f));
            }
            Call(_, _, args) => args.iter().for_each(|e| e.columns(f)),
            Number(_) | Text(_) | Bool(_) => {}
        }
    }

    /// How tightly the expression binds, for the canonical text's parentheses.
    fn precedence(&self) -> u8 {
        match &self.kind {
            RowKind::Or(..) => 1,
            RowKind::And(..) => 2,
            RowKind::Not(_) => 3,
            RowKind::Compare(..) | RowKind::In(..) => 4,
            RowKind::Binary(op, ..) => 4 + op.precedence(),
            RowKind::Neg(_) => 7,
            _ => 8,
        }
    }
}

impl Arith for RowExpr {
    fn span(&self) -> Span {
        self.span
    }
    fn neg(e: Self, span: Span) -> Self {
        RowExpr {
            kind: RowKind::Neg(Box::new(e)),
            span,
        }
    }
    fn binary(op: BinOp, a: Self, b: Self, span: Span) -> Self {
        RowExpr {
            kind: RowKind::Binary(op, Box::new(a), Box::new(b)),
            span,
        }
    }
}

fn same_list(xs: &[RowExpr], ys: &[RowExpr]) -> bool {
    xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| x.same_as(y))
}

/// Words a bare column name cannot be (write it in backticks).
const KEYWORDS: [&str; 6] = ["and", "or", "not", "in", "true", "false"];

/// A column name as it is written in an expression: bare when it is a plain
/// name, else in backticks.
pub fn column_text(name: &str) -> String {
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !KEYWORDS.contains(&name);
    if plain {
        name.to_string()
    } else {
        format!("`{name}`")
    }
}

/// Canonical text: fully spaced, minimal parentheses, texts in double quotes.
impl fmt::Display for RowExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let me = self.precedence();
        // a child binding less tightly (or as tightly, on the right of a
        // left-associative operator) is put in parentheses
        let child = |f: &mut fmt::Formatter<'_>, e: &RowExpr, right: bool| {
            let p = e.precedence();
            if p < me || (right && p == me) {
                write!(f, "({e})")
            } else {
                write!(f, "{e}")
            }
        };
        match &self.kind {
            RowKind::Number(d) => write!(f, "{d}"),
            RowKind::Text(t) => write!(f, "\"{}\"", t.replace('"', "\"\"")),
            RowKind::Bool(b) => write!(f, "{b}"),
            RowKind::Column(c) => f.write_str(&column_text(c)),
            RowKind::Neg(e) => {
                f.write_str("-")?;
                child(f, e, true)
            }
            RowKind::Not(e) => {
                f.write_str("not ")?;
                child(f, e, false)
            }
            RowKind::Binary(op, a, b) => {
                child(f, a, false)?;
                write!(f, " {} ", op.symbol())?;
                child(f, b, true)
            }
            RowKind::Compare(c, a, b) => {
                child(f, a, true)?;
                write!(f, " {} ", c.symbol())?;
                child(f, b, true)
            }
            RowKind::And(a, b) | RowKind::Or(a, b) => {
                child(f, a, false)?;
                f.write_str(if matches!(self.kind, RowKind::And(..)) {
                    " and "
                } else {
                    " or "
                })?;
                child(f, b, true)
            }
            RowKind::In(x, xs) => {
                child(f, x, true)?;
                f.write_str(" in [")?;
                list(f, xs)?;
                f.write_str("]")
            }
            RowKind::Call(name, _, args) => {
                write!(f, "{name}(")?;
                list(f, args)?;
                f.write_str(")")
            }
        }
    }
}

fn list(f: &mut fmt::Formatter<'_>, xs: &[RowExpr]) -> fmt::Result {
    for (i, x) in xs.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{x}")?;
    }
    Ok(())
}

/// Parses an input's `expr:` or `where:`.
pub fn parse_row(file: FileId, scalar: &Scalar) -> Result<RowExpr, Diagnostic> {
    let ctx = Ctx { file, scalar };
    let mut pairs = parse_rule(&ctx, Rule::row_expr)?;
    let whole = pairs.next().ok_or_else(|| internal(&ctx))?;
    let or = whole.into_inner().next().ok_or_else(|| internal(&ctx))?;
    build(&ctx, or)
}

fn boxed(e: RowExpr) -> Box<RowExpr> {
    Box::new(e)
}

fn build(ctx: &Ctx<'_>, p: Pair<'_, Rule>) -> Result<RowExpr, Diagnostic> {
    let span = ctx.span(&p.as_span());
    match p.as_rule() {
        Rule::row_or | Rule::row_and => {
            let or = p.as_rule() == Rule::row_or;
            let mut inner = p
                .into_inner()
                .filter(|q| !matches!(q.as_rule(), Rule::kw_and | Rule::kw_or));
            let first = inner.next().ok_or_else(|| internal(ctx))?;
            let mut acc = build(ctx, first)?;
            for q in inner {
                let b = build(ctx, q)?;
                let span = acc.span.to(b.span);
                let kind = if or {
                    RowKind::Or(boxed(acc), boxed(b))
                } else {
                    RowKind::And(boxed(acc), boxed(b))
                };
                acc = RowExpr { kind, span };
            }
            Ok(acc)
        }
        Rule::row_not => {
            let mut nots = Vec::new();
            let mut last = None;
            for q in p.into_inner() {
                if q.as_rule() == Rule::kw_not {
                    nots.push(ctx.span(&q.as_span()));
                } else {
                    last = Some(build(ctx, q)?);
                }
            }
            let mut e = last.ok_or_else(|| internal(ctx))?;
            for n in nots.into_iter().rev() {
                let span = n.to(e.span);
                e = RowExpr {
                    kind: RowKind::Not(boxed(e)),
                    span,
                };
            }
            Ok(e)
        }
        Rule::row_cmp => {
            let mut inner = p.into_inner();
            let a = build(ctx, inner.next().ok_or_else(|| internal(ctx))?)?;
            let Some(op) = inner.next() else {
                return Ok(a);
            };
            let rhs = inner.next().ok_or_else(|| internal(ctx))?;
            let kind = if op.as_rule() == Rule::kw_in {
                let items = rhs
                    .into_inner()
                    .map(|q| build(ctx, q))
                    .collect::<Result<Vec<_>, _>>()?;
                RowKind::In(boxed(a), items)
            } else {
                let c = match op.as_str() {
                    ">=" => Cmp::Ge,
                    "<=" => Cmp::Le,
                    ">" => Cmp::Gt,
                    "<" => Cmp::Lt,
                    "==" => Cmp::Eq,
                    _ => Cmp::Ne,
                };
                RowKind::Compare(c, boxed(a), boxed(build(ctx, rhs)?))
            };
            Ok(RowExpr { kind, span })
        }
        Rule::row_sum => climb(ctx, p.into_inner(), |q| build(ctx, q)),
        Rule::row_paren => {
            let inner = p.into_inner().next().ok_or_else(|| internal(ctx))?;
            let mut e = build(ctx, inner)?;
            e.span = span;
            Ok(e)
        }
        Rule::row_call => {
            let mut inner = p.into_inner();
            let name = inner.next().ok_or_else(|| internal(ctx))?;
            let args = inner
                .map(|a| build(ctx, a))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(RowExpr {
                kind: RowKind::Call(name.as_str().to_string(), ctx.span(&name.as_span()), args),
                span,
            })
        }
        Rule::number => Ok(RowExpr {
            kind: RowKind::Number(number(ctx, &p)?),
            span,
        }),
        Rule::text => {
            let s = p.as_str();
            let quote = &s[..1];
            let inner = &s[1..s.len() - 1];
            Ok(RowExpr {
                kind: RowKind::Text(inner.replace(&format!("{quote}{quote}"), quote)),
                span,
            })
        }
        Rule::quoted => {
            let s = p.as_str();
            Ok(RowExpr {
                kind: RowKind::Column(s[1..s.len() - 1].to_string()),
                span,
            })
        }
        Rule::column => Ok(RowExpr {
            kind: RowKind::Column(p.as_str().to_string()),
            span,
        }),
        Rule::boolean => Ok(RowExpr {
            kind: RowKind::Bool(p.as_str() == "true"),
            span,
        }),
        _ => Err(internal(ctx)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Sources;
    use crate::syntax::yaml::{self, NodeKind};

    fn parse(text: &str) -> Result<(Sources, RowExpr), Diagnostic> {
        let yaml = format!("- '{}'\n", text.replace('\'', "''"));
        let mut sources = Sources::default();
        let id = sources.add("t.yaml".into(), yaml);
        let root = yaml::parse(id, sources.get(id)).unwrap().unwrap();
        let NodeKind::Seq(items) = root.kind else {
            panic!()
        };
        let s = items[0].as_scalar().unwrap().clone();
        parse_row(FileId(0), &s).map(|e| (sources, e))
    }

    fn canon(text: &str) -> String {
        parse(text)
            .map(|(_, e)| e.to_string())
            .unwrap_or_else(|d| format!("error: {}", d.message))
    }

    #[test]
    fn canonical_text() {
        assert_eq!(canon("Quantity*UnitPrice"), "Quantity * UnitPrice");
        assert_eq!(
            canon("not starts_with(InvoiceNo, \"C\") and Quantity > 0"),
            "not starts_with(InvoiceNo, \"C\") and Quantity > 0"
        );
        assert_eq!(canon("a or b and c"), "a or b and c");
        assert_eq!(canon("(a or b) and c"), "(a or b) and c");
        assert_eq!(canon("not (a or b)"), "not (a or b)");
        assert_eq!(canon("not not a"), "not not a");
        assert_eq!(
            canon("stage in ['Closed Won','won']"),
            "stage in [\"Closed Won\", \"won\"]"
        );
        assert_eq!(
            canon("`Montant dépensé (EUR)` * 2"),
            "`Montant dépensé (EUR)` * 2"
        );
        assert_eq!(canon("`plain` - (a - b)"), "plain - (a - b)");
        assert_eq!(canon("x == \"say \"\"hi\"\"\""), "x == \"say \"\"hi\"\"\"");
        assert_eq!(canon("-(a + b) * 2"), "-(a + b) * 2");
        assert_eq!(canon("is_empty(x) or true"), "is_empty(x) or true");
        assert_eq!(canon("`in` in [1, 2]"), "`in` in [1, 2]");
        assert_eq!(canon("android or nothing"), "android or nothing");
    }

    #[test]
    fn the_canonical_text_reads_back_the_same() {
        for t in [
            "a - (b - c) * -d",
            "not a == b or c in [\"x\", 'y''z'] and d",
            "round(abs(a / b), 2) >= 1.5",
            "`a b` != ``c`` or x",
        ] {
            let Ok((_, e)) = parse(t) else { continue };
            let (_, again) = parse(&e.to_string()).unwrap();
            assert!(e.same_as(&again), "{t} → {e}");
        }
    }

    #[test]
    fn errors() {
        assert!(canon("a and").starts_with("error: unexpected end"));
        assert!(canon("a < b < c").starts_with("error"));
        assert!(canon("and").starts_with("error"));
        assert!(canon("\"open").starts_with("error"));
        assert!(canon("``").starts_with("error"));
        assert!(canon("x in y").contains("a list"), "{}", canon("x in y"));
    }

    #[test]
    fn spans_point_into_the_file() {
        let (sources, e) = parse("Quantity > 0 and not is_empty(`Customer ID`)").unwrap();
        let mut cols = Vec::new();
        e.columns(&mut |c, s| cols.push((c.to_string(), sources.text(s).to_string())));
        assert_eq!(
            cols,
            [
                ("Quantity".to_string(), "Quantity".to_string()),
                ("Customer ID".to_string(), "`Customer ID`".to_string())
            ]
        );
    }
}
