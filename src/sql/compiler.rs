//! The compiler of the plan's primitive operations to SQL templates, and the
//! CTEs they become: `src`, `l0` (aggregates), `l1`… (levels).

use super::exact::{self, Exprs};
use super::{cells, rows, Dialect};
use crate::plan::{Node, Op, Plan};
use crate::vocab::{Aggregate, Period};
use rust_decimal::Decimal;
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

/// A piece of an SQL template: text, or a reference to a computed column in
/// the row of the same dimensions `shift` periods before.
#[derive(Clone, Debug)]
pub(super) enum Piece {
    Text(String),
    Col(usize, i64),
}

/// An SQL expression over computed columns.
#[derive(Clone, Debug, Default)]
pub(super) struct Tpl(Vec<Piece>);

impl Tpl {
    pub(super) fn text(s: impl Into<String>) -> Tpl {
        Tpl(vec![Piece::Text(s.into())])
    }
    pub(super) fn col(c: usize) -> Tpl {
        Tpl(vec![Piece::Col(c, 0)])
    }
    pub(super) fn push(&mut self, s: &str) -> &mut Tpl {
        self.0.push(Piece::Text(s.to_string()));
        self
    }
    pub(super) fn add(&mut self, t: &Tpl) -> &mut Tpl {
        self.0.extend(t.0.iter().cloned());
        self
    }
    /// The same expression `n` periods before.
    pub(super) fn shifted(&self, n: i64) -> Tpl {
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
    pub(super) fn is_simple(&self) -> bool {
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

pub(super) struct Column {
    /// Internal name (`v3`, `t12`): never a user name, so never a clash.
    pub(super) name: String,
    /// 0 for the aggregates; else one more than the deepest column it uses.
    pub(super) level: usize,
    pub(super) sql: Tpl,
}

pub(super) struct Compiler<'a> {
    pub(super) d: Dialect,
    pub(super) period: Period,
    pub(super) cols: Vec<Column>,
    pub(super) ndims: usize,
    pub(super) plan: &'a Plan,
    /// The column of each slot (inputs, then metrics in spec order).
    pub(super) slots: Vec<Option<usize>>,
    /// Columns by the Debug text of their SQL template.
    pub(super) seen: HashMap<String, usize>,
    /// Averages waiting for their division: (input, sum column, count column).
    pub(super) avgs: Vec<(usize, usize, usize)>,
    /// The query whose rows `eval --engine` reads back: averages are left
    /// as their sum and count (kept in `avgs`, divided by eval), and each
    /// source's aggregates carry the latest day of their rows (`z{source}`).
    pub(super) for_eval: bool,
}

impl Exprs for Compiler<'_> {
    type E = Tpl;
    fn dialect(&self) -> Dialect {
        self.d
    }
    fn bind(&mut self, e: Tpl) -> Tpl {
        self.simple(e)
    }
    fn fill(pattern: &str, args: &[&Tpl]) -> Tpl {
        tpl(pattern, args)
    }
}

/// How one source's rows are read: its table, and the SQL of the day each
/// row counts for (see [`cells::row_day`]).
#[derive(Clone, Debug)]
pub struct Read {
    pub table: String,
    pub day: String,
}

impl<'a> Compiler<'a> {
    pub(super) fn new(plan: &'a Plan, d: Dialect, period: Period) -> Compiler<'a> {
        Compiler {
            d,
            period,
            cols: Vec::new(),
            ndims: plan.by.len(),
            plan,
            slots: vec![None; plan.slots.len()],
            seen: HashMap::new(),
            avgs: Vec::new(),
            for_eval: false,
        }
    }

    pub(super) fn level_of(&self, t: &Tpl) -> usize {
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
    pub(super) fn column(&mut self, sql: Tpl) -> usize {
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
    pub(super) fn simple(&mut self, t: Tpl) -> Tpl {
        if t.is_simple() {
            t
        } else {
            Tpl::col(self.column(t))
        }
    }

    pub(super) fn lit(&self, d: Decimal) -> Tpl {
        Tpl::text(self.d.number(d))
    }

    /// `a / b`, NULL when `b` is zero (see [`exact`]).
    pub(super) fn div(&mut self, a: Tpl, b: Tpl) -> Tpl {
        exact::div(self, a, b)
    }

    /// The SQL of a plan node.
    pub(super) fn lower(&mut self, n: &Node) -> Tpl {
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
                exact::add(self, a, b)
            }
            Op::Sub(a, b) => {
                let (a, b) = (self.lower(a), self.lower(b));
                exact::sub(self, a, b)
            }
            Op::Mul(a, b) => {
                let (a, b) = (self.lower(a), self.lower(b));
                exact::mul(self, a, b)
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

    /// A column an aggregate CTE computes (level 0), by name: its index.
    fn aggregate_column(&mut self, name: String) -> usize {
        self.cols.push(Column {
            name,
            level: 0,
            sql: Tpl::default(),
        });
        self.cols.len() - 1
    }

    /// Lowers every metric, in dependency order, into its own column.
    pub(super) fn metrics(&mut self) {
        for m in &self.plan.metrics {
            let t = self.lower(&m.node);
            let c = match &t.0[..] {
                [Piece::Col(c, 0)] => *c,
                _ => self.column(t),
            };
            self.slots[m.slot] = Some(c);
        }
    }

    /// `src` and `l0`: each source's rows, then the aggregates per period
    /// and dimensions. With one source read, its aggregates are `l0`; with
    /// several, each has its own (`agg0`, `agg1`, …) and `l0` joins them on
    /// the period and dimension values any of them has.
    pub(super) fn aggregates(&mut self, out: &mut String, reads: &[Option<Read>], prefix: &str) {
        let read: Vec<usize> = (0..reads.len()).filter(|&s| reads[s].is_some()).collect();
        let inputs = &self.plan.inputs;
        let single = read.len() == 1 && inputs.iter().all(|i| i.source == read[0]);
        let mut first = true;
        let mut joined = Vec::new();
        for &s in &read {
            let Some(r) = &reads[s] else { continue };
            let name = |base: &str| {
                if single {
                    format!("{prefix}{base}")
                } else {
                    format!("{prefix}{base}{s}")
                }
            };
            if !first {
                out.push_str(",\n");
            }
            first = false;
            let agg = if single {
                format!("{prefix}l0")
            } else {
                name("agg")
            };
            let cols = self.source_ctes(out, s, r, &name("src"), &name("edges"), &agg, single);
            joined.push((s, agg, cols));
        }
        if single {
            return;
        }
        // the period and dimension values of every source read
        let dims: Vec<String> = (0..self.ndims).map(|i| format!("d{i}")).collect();
        let key: Vec<String> = std::iter::once("p_start".to_string())
            .chain(dims.iter().cloned())
            .collect();
        let union = match self.d {
            Dialect::BigQuery => "UNION DISTINCT",
            _ => "UNION",
        };
        let keys = if joined.is_empty() {
            let mut none = "CAST(NULL AS DATE) AS p_start".to_string();
            for d in &dims {
                let _ = write!(none, ", CAST(NULL AS {}) AS {d}", self.d.text());
            }
            format!("SELECT {none} FROM (SELECT 1 AS one) AS x WHERE 1 = 0")
        } else {
            joined
                .iter()
                .map(|(_, agg, _)| format!("SELECT {} FROM {agg}", key.join(", ")))
                .collect::<Vec<_>>()
                .join(&format!("\n  {union}\n  "))
        };
        if !first {
            out.push_str(",\n");
        }
        let _ = write!(
            out,
            "{prefix}keys AS (\n  {keys}\n),\n{prefix}l0 AS (\n  SELECT k.*"
        );
        for (s, _, cols) in &joined {
            for c in cols {
                let _ = write!(out, ", a{s}.{c}");
            }
        }
        let mut nulls = Vec::new();
        for (k, input) in inputs.iter().enumerate() {
            if !read.contains(&input.source) {
                nulls.push(k);
            }
        }
        for k in nulls {
            let name = format!("v{}", self.cols.len());
            let _ = write!(out, ", CAST(NULL AS {}) AS {name}", self.d.num());
            self.slots[k] = Some(self.aggregate_column(name));
        }
        let _ = write!(out, "\n  FROM {prefix}keys AS k");
        for (s, agg, _) in &joined {
            let on: Vec<String> = key.iter().map(|c| format!("a{s}.{c} = k.{c}")).collect();
            let _ = write!(out, "\n  LEFT JOIN {agg} AS a{s} ON {}", on.join(" AND "));
        }
        out.push_str("\n)");
        self.averages();
    }

    /// One source's `src`, `edges` (for `first`/`last`) and aggregate CTEs;
    /// the names of the aggregate columns.
    #[allow(clippy::too_many_arguments)]
    fn source_ctes(
        &mut self,
        out: &mut String,
        s: usize,
        r: &Read,
        src_name: &str,
        edges_name: &str,
        agg_name: &str,
        single: bool,
    ) -> Vec<String> {
        let d = self.d;
        let q = |s: &str| d.ident(s);
        let source = &self.plan.sources[s];
        let table_sql: Vec<String> = r.table.split('.').map(q).collect();
        let mine: Vec<usize> = (0..self.plan.inputs.len())
            .filter(|&k| self.plan.inputs[k].source == s)
            .collect();
        let table = table_sql.join(".");
        let dims_of = |i: usize, col: &Option<String>| {
            let col = col.as_deref().unwrap_or_default();
            format!("COALESCE(CAST({} AS {}), '') AS d{i}", q(col), d.text())
        };
        let src = if source.name.is_empty() {
            // the plain table of a spec without `sources:`
            let mut src = format!(
                "{src_name} AS (\n  SELECT\n    {} AS dt,\n    {} AS p_start",
                r.day,
                d.period_start(self.period, &r.day)
            );
            for (i, col) in source.by_columns.iter().enumerate() {
                let _ = write!(src, ",\n    {}", dims_of(i, col));
            }
            for &k in &mine {
                let input = &self.plan.inputs[k];
                let Some(row) = &input.row else {
                    let _ = write!(
                        src,
                        ",\n    CAST({} AS {}) AS i{k}",
                        q(&input.column),
                        d.num()
                    );
                    continue;
                };
                for (c, number) in rows::reads(row) {
                    let col = q(row.columns[c].0.first().map_or("", String::as_str));
                    let read = if number {
                        format!("CAST({col} AS {})", d.num())
                    } else {
                        format!("NULLIF(TRIM(CAST({col} AS {})), '')", d.text())
                    };
                    let _ = write!(src, ",\n    {read} AS {}", rows::cell(k, c, number));
                }
            }
            let _ = write!(
                src,
                "\n  FROM {table}\n  WHERE {} IS NOT NULL\n)",
                q(source
                    .format
                    .date_columns
                    .first()
                    .map_or("date", String::as_str))
            );
            src
        } else {
            // a declared source: each cell's text read once in a subquery
            // (`x` the text, `k` what is kept of it), rows with no date left out
            let mut inner = format!("SELECT {} AS dt", r.day);
            for (i, col) in source.by_columns.iter().enumerate() {
                let _ = write!(inner, ",\n      {}", dims_of(i, col));
            }
            let mut src = format!(
                "{src_name} AS (\n  SELECT r.dt, {} AS p_start",
                d.period_start(self.period, "r.dt")
            );
            for i in 0..self.ndims {
                let _ = write!(src, ", r.d{i}");
            }
            for &k in &mine {
                let input = &self.plan.inputs[k];
                let Some(row) = &input.row else {
                    let col = &input.column;
                    let (text, kept) = cells::number_text(d, source, col);
                    let _ = write!(inner, ",\n      {text} AS x{k},\n      {kept} AS k{k}");
                    let value =
                        cells::number_value(d, source, col, &format!("r.x{k}"), &format!("r.k{k}"));
                    let _ = write!(src, ",\n    {value} AS i{k}");
                    continue;
                };
                for (c, number) in rows::reads(row) {
                    let col = row.columns[c].0.first().map_or("", String::as_str);
                    let name = rows::cell(k, c, number);
                    if number {
                        let (text, kept) = cells::number_text(d, source, col);
                        let _ = write!(
                            inner,
                            ",\n      {text} AS x{name},\n      {kept} AS k{name}"
                        );
                        let value = cells::number_value(
                            d,
                            source,
                            col,
                            &format!("r.x{name}"),
                            &format!("r.k{name}"),
                        );
                        let _ = write!(src, ",\n    {value} AS {name}");
                    } else {
                        let _ = write!(
                            inner,
                            ",\n      NULLIF(TRIM(CAST({} AS {})), '') AS {name}",
                            q(col),
                            d.text()
                        );
                        let _ = write!(src, ",\n    r.{name}");
                    }
                }
            }
            let _ = write!(
                src,
                "\n  FROM (\n    {inner}\n    FROM {table}\n  ) AS r\n  WHERE r.dt IS NOT NULL\n)"
            );
            src
        };
        out.push_str(&src);
        // row-level inputs: their values computed on each row
        let rows_name = format!("{src_name}r");
        let src_name = if mine.iter().any(|&k| self.plan.inputs[k].row.is_some()) {
            let mut w = format!(",\n{rows_name} AS (\n  SELECT {src_name}.*");
            for &k in &mine {
                let input = &self.plan.inputs[k];
                if let Some(row) = &input.row {
                    let (binds, value) = rows::value(d, k, input, row);
                    for b in binds {
                        let _ = write!(w, ",\n    {b}");
                    }
                    let _ = write!(w, ",\n    {value} AS i{k}");
                }
            }
            let _ = write!(w, "\n  FROM {src_name}\n)");
            out.push_str(&w);
            rows_name.as_str()
        } else {
            src_name
        };
        let dims: Vec<String> = (0..self.ndims).map(|i| format!("d{i}")).collect();
        let group: Vec<String> = std::iter::once("p_start".to_string())
            .chain(dims.iter().cloned())
            .collect();
        let edges: Vec<(usize, Aggregate)> = mine
            .iter()
            .map(|&k| (k, self.plan.inputs[k].aggregate))
            .filter(|(_, a)| matches!(a, Aggregate::First | Aggregate::Last))
            .collect();
        let from = if edges.is_empty() {
            src_name.to_string()
        } else {
            // the first (last) day of the period on which each input has a value
            let mut w = format!(",\n{edges_name} AS (\n  SELECT {src_name}.*");
            for (k, agg) in &edges {
                let f = if *agg == Aggregate::First {
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
            let _ = write!(w, "\n  FROM {src_name}\n)");
            out.push_str(&w);
            edges_name.to_string()
        };
        // distinct counts with `having:`: counted per value first, then
        // joined to the source's aggregates
        let having: Vec<usize> = mine
            .iter()
            .copied()
            .filter(|&k| {
                self.plan.inputs[k]
                    .row
                    .as_ref()
                    .is_some_and(|r| r.having.is_some())
            })
            .collect();
        // the having inputs' values and joins, after the source's aggregates
        let (mut values, mut joins) = (Vec::new(), Vec::new());
        for &k in &having {
            if let Some(row) = &self.plan.inputs[k].row {
                out.push_str(&rows::having_ctes(
                    d,
                    k,
                    row,
                    src_name,
                    &group,
                    &format!("{agg_name}h{k}"),
                ));
            }
        }
        let base = if having.is_empty() {
            agg_name.to_string()
        } else {
            format!("{agg_name}b")
        };
        let mut l0 = format!(",\n{base} AS (\n  SELECT {}", group.join(", "));
        let mut names = Vec::new();
        for (k, input) in self.plan.inputs.iter().enumerate() {
            let name = format!("v{}", self.cols.len());
            if input.source != s {
                continue;
            }
            if having.contains(&k) {
                let h = format!("{agg_name}h{k}");
                let on: Vec<String> = group.iter().map(|c| format!("h{k}.{c} = b.{c}")).collect();
                values.push(format!(
                    "CAST(COALESCE(h{k}.hn, 0) AS {}) AS {name}",
                    d.num()
                ));
                joins.push(format!("LEFT JOIN {h} AS h{k} ON {}", on.join(" AND ")));
                names.push(name.clone());
                self.slots[k] = Some(self.aggregate_column(name));
                continue;
            }
            let agg = match input.aggregate {
                Aggregate::Sum | Aggregate::Count => d.sum(&format!("i{k}")),
                Aggregate::CountDistinct => {
                    format!("CAST(COUNT(DISTINCT i{k}) AS {})", d.num())
                }
                Aggregate::Min => format!("MIN(i{k})"),
                Aggregate::Max => format!("MAX(i{k})"),
                Aggregate::First | Aggregate::Last => {
                    d.sum(&format!("CASE WHEN dt = e{k} THEN i{k} END"))
                }
                Aggregate::Avg => {
                    let _ = write!(
                        l0,
                        ",\n    {} AS {name}, CAST(COUNT(i{k}) AS {}) AS n{k}",
                        d.sum(&format!("i{k}")),
                        d.num()
                    );
                    names.push(name.clone());
                    names.push(format!("n{k}"));
                    let sum = self.aggregate_column(name);
                    let count = self.aggregate_column(format!("n{k}"));
                    self.avgs.push((k, sum, count));
                    continue;
                }
            };
            let _ = write!(l0, ",\n    {agg} AS {name}");
            names.push(name.clone());
            self.slots[k] = Some(self.aggregate_column(name));
        }
        if self.for_eval {
            let _ = write!(l0, ",\n    MAX(dt) AS z{s}");
            names.push(format!("z{s}"));
        }
        let _ = write!(l0, "\n  FROM {from}\n  GROUP BY {}\n)", group.join(", "));
        out.push_str(&l0);
        if !having.is_empty() {
            let _ = write!(
                out,
                ",\n{agg_name} AS (\n  SELECT b.*,\n    {}\n  FROM {base} AS b\n  {}\n)",
                values.join(",\n    "),
                joins.join("\n  ")
            );
        }
        if single {
            self.averages();
        }
        names
    }

    /// The averages: an exact division of each sum by its count.
    fn averages(&mut self) {
        if self.for_eval {
            return;
        }
        for (k, sum, n) in std::mem::take(&mut self.avgs) {
            let t = self.div(Tpl::col(sum), Tpl::col(n));
            let c = self.column(t);
            self.slots[k] = Some(c);
        }
    }

    /// `l1` … `lN`: one CTE per level. Returns the name of the last one.
    pub(super) fn levels(&mut self, out: &mut String, prefix: &str) -> String {
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

    pub(super) fn render(&self, t: &Tpl, shifts: &mut BTreeSet<i64>) -> String {
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
