//! Check stage: names, units, cycles and the SMART lint.

use crate::diagnostic::{did_you_mean, Code, Diagnostic, Diagnostics};
use crate::source::Span;
use crate::spec::{Objective, Spec};
use crate::syntax::dsl::{BinOp, Expr, ExprKind, Target};
use crate::vocab::{Function, Unit};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Most KPIs an objective should track (the guide's rule of 3 to 5).
pub const MAX_KPIS: usize = 5;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameRef {
    Input(usize),
    Metric(usize),
}

/// A checked spec: every name resolved, metrics in dependency order.
#[derive(Debug)]
pub struct Model {
    pub spec: Spec,
    pub names: HashMap<String, NameRef>,
    /// Metric indices, each after the metrics it uses.
    pub order: Vec<usize>,
    /// The unit of each metric (declared, else inferred); None when it could not be typed.
    pub metric_units: Vec<Option<Unit>>,
}

impl Model {
    pub fn unit_of(&self, name: &str) -> Option<Unit> {
        match self.names.get(name)? {
            NameRef::Input(i) => Some(self.spec.inputs[*i].unit.value.clone()),
            NameRef::Metric(i) => self.metric_units[*i].clone(),
        }
    }
}

/// Checks a loaded spec, reporting into `diags`.
pub fn check(spec: Spec, diags: &mut Diagnostics) -> Model {
    let mut names: HashMap<String, NameRef> = HashMap::new();
    let mut first_span: HashMap<String, Span> = HashMap::new();
    let mut dup = |name: &str,
                   span: Span,
                   r: NameRef,
                   names: &mut HashMap<String, NameRef>,
                   diags: &mut Diagnostics| {
        if let Some(first) = first_span.get(name) {
            diags.push(
                Diagnostic::error(Code::DuplicateMetric, format!("`{name}` is defined twice"))
                    .at(span)
                    .label("second definition")
                    .related(*first, "first defined here")
                    .help("names are global across all spec files; rename or remove one"),
            );
            false
        } else {
            first_span.insert(name.to_string(), span);
            names.insert(name.to_string(), r);
            true
        }
    };
    for (i, input) in spec.inputs.iter().enumerate() {
        dup(
            &input.name,
            input.span,
            NameRef::Input(i),
            &mut names,
            diags,
        );
    }
    let mut live = vec![false; spec.metrics.len()];
    for (i, m) in spec.metrics.iter().enumerate() {
        live[i] = dup(
            &m.def.name,
            m.def.name_span,
            NameRef::Metric(i),
            &mut names,
            diags,
        );
    }

    let mut ck = Checker {
        names: &names,
        diags,
        spec: &spec,
    };
    // Resolve names and build the dependency graph.
    let mut deps: Vec<Vec<usize>> = vec![Vec::new(); spec.metrics.len()];
    let mut resolved = vec![true; spec.metrics.len()];
    for (i, m) in spec.metrics.iter().enumerate() {
        if !live[i] {
            resolved[i] = false;
            continue;
        }
        resolved[i] = ck.resolve(&m.def.expr);
        ck.functions(&m.def.expr);
        m.def.expr.names(&mut |n, _| {
            if let Some(NameRef::Metric(j)) = names.get(n) {
                deps[i].push(*j);
            }
        });
    }
    let (order, cyclic) = topo_order(&deps, &live);
    for cycle in cycles(&deps, &cyclic) {
        let chain: Vec<&str> = cycle
            .iter()
            .chain(cycle.first())
            .map(|&i| spec.metrics[i].def.name.as_str())
            .collect();
        let first = cycle[0];
        let mut d = Diagnostic::error(
            Code::CircularDefinition,
            format!("circular definition: {}", chain.join(" → ")),
        )
        .at(spec.metrics[first].def.name_span)
        .label("defined in terms of itself")
        .help("a metric cannot depend on itself, directly or through other metrics");
        for &j in &cycle[1..] {
            d = d.related(spec.metrics[j].def.name_span, "part of the cycle");
        }
        ck.diags.push(d);
    }

    // Units, in dependency order.
    let mut metric_units: Vec<Option<Unit>> = vec![None; spec.metrics.len()];
    for &i in &order {
        let m = &spec.metrics[i];
        let deps_typed = deps[i].iter().all(|&j| metric_units[j].is_some());
        if !resolved[i] || !deps_typed {
            continue;
        }
        let inferred = ck.unit(&m.def.expr, &metric_units);
        ck.const_div_zero(&m.def.expr);
        match (inferred, &m.unit) {
            (Some(u), Some(decl)) if !decl.value.accepts(&u) => {
                ck.diags.push(
                    Diagnostic::error(
                        Code::UnitMismatch,
                        format!(
                            "`{}` is declared {} but its definition gives {}",
                            m.def.name, decl.value, u
                        ),
                    )
                    .at(decl.span)
                    .label(format!("declared {}", decl.value))
                    .related(m.def.expr.span, format!("this is {u}")),
                );
            }
            (Some(u), decl) => {
                metric_units[i] = Some(decl.as_ref().map(|d| d.value.clone()).unwrap_or(u))
            }
            (None, _) => {}
        }
    }
    for o in &spec.objectives {
        ck.objective(o, &metric_units);
    }
    let mut obj_spans: HashMap<&str, Span> = HashMap::new();
    for o in &spec.objectives {
        if let Some(first) = obj_spans.insert(&o.name, o.span) {
            ck.diags.push(
                Diagnostic::error(
                    Code::DuplicateObjective,
                    format!("objective `{}` is defined twice", o.name),
                )
                .at(o.span)
                .related(first, "first defined here"),
            );
        }
    }
    let order = order
        .into_iter()
        .filter(|&i| metric_units[i].is_some())
        .collect();
    Model {
        spec,
        names,
        order,
        metric_units,
    }
}

/// Kahn's algorithm; returns the order and the flags of metrics left in cycles.
fn topo_order(deps: &[Vec<usize>], live: &[bool]) -> (Vec<usize>, Vec<bool>) {
    let n = deps.len();
    let mut users: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut pending = vec![0usize; n];
    for (i, ds) in deps.iter().enumerate() {
        for &d in ds {
            users[d].push(i);
            pending[i] += 1;
        }
    }
    let mut ready: Vec<usize> = (0..n).filter(|&i| pending[i] == 0).collect();
    ready.reverse();
    let mut order = Vec::with_capacity(n);
    while let Some(i) = ready.pop() {
        order.push(i);
        for &u in &users[i] {
            pending[u] -= 1;
            if pending[u] == 0 {
                ready.push(u);
            }
        }
    }
    let cyclic: Vec<bool> = (0..n).map(|i| pending[i] > 0).collect();
    let order = order.into_iter().filter(|&i| live[i]).collect();
    (order, cyclic)
}

/// One cycle per strongly tangled group, found by walking dependencies.
fn cycles(deps: &[Vec<usize>], cyclic: &[bool]) -> Vec<Vec<usize>> {
    let mut reported = vec![false; deps.len()];
    let mut out = Vec::new();
    for start in 0..deps.len() {
        if !cyclic[start] || reported[start] {
            continue;
        }
        // walk along cyclic dependencies until a node repeats
        let mut pos: HashMap<usize, usize> = HashMap::new();
        let mut path = Vec::new();
        let mut cur = start;
        loop {
            if let Some(&p) = pos.get(&cur) {
                let cycle: Vec<usize> = path[p..].to_vec();
                if cycle.iter().all(|&i| !reported[i]) {
                    out.push(cycle.clone());
                }
                for &i in &path {
                    reported[i] = true;
                }
                break;
            }
            pos.insert(cur, path.len());
            path.push(cur);
            match deps[cur].iter().find(|&&d| cyclic[d]) {
                Some(&next) => cur = next,
                None => {
                    for &i in &path {
                        reported[i] = true;
                    }
                    break;
                }
            }
        }
    }
    out
}

struct Checker<'a> {
    names: &'a HashMap<String, NameRef>,
    diags: &'a mut Diagnostics,
    spec: &'a Spec,
}

fn all_names(spec: &Spec) -> impl Iterator<Item = &str> {
    spec.inputs
        .iter()
        .map(|i| i.name.as_str())
        .chain(spec.metrics.iter().map(|m| m.def.name.as_str()))
}

impl Checker<'_> {
    fn undefined(&mut self, name: &str, span: Span) {
        let hint = did_you_mean(name, all_names(self.spec));
        self.diags.push(
            Diagnostic::error(Code::UndefinedMetric, format!("`{name}` is not defined"))
                .at(span)
                .label("not an input or a metric")
                .help(match hint {
                    Some(h) => format!("did you mean `{h}`?"),
                    None => "declare it under `inputs:` (a data column) or `metrics:`".to_string(),
                }),
        );
    }

    /// Reports undefined names; true when every name resolves.
    fn resolve(&mut self, e: &Expr) -> bool {
        let mut missing = Vec::new();
        e.names(&mut |n, s| {
            if !self.names.contains_key(n) {
                missing.push((n.to_string(), s));
            }
        });
        let ok = missing.is_empty();
        for (n, s) in missing {
            self.undefined(&n, s);
        }
        ok
    }

    /// Reports unknown functions and wrong argument counts.
    fn functions(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Neg(a) => self.functions(a),
            ExprKind::Binary(_, a, b) => {
                self.functions(a);
                self.functions(b);
            }
            ExprKind::Call(name, nspan, args) => {
                args.iter().for_each(|a| self.functions(a));
                let Some(f) = Function::parse(name) else {
                    let names = Function::ALL.iter().map(|(n, _)| *n);
                    let hint = did_you_mean(name, names.clone());
                    self.diags.push(
                        Diagnostic::error(
                            Code::UnknownFunction,
                            format!("unknown function `{name}`"),
                        )
                        .at(*nspan)
                        .help(match hint {
                            Some(h) => format!("did you mean `{h}`?"),
                            None => format!("functions: {}", names.collect::<Vec<_>>().join(", ")),
                        }),
                    );
                    return;
                };
                if !f.arity().accepts(args.len()) {
                    self.diags.push(
                        Diagnostic::error(
                            Code::InvalidCall,
                            format!(
                                "`{name}` takes {} argument(s), found {}",
                                f.arity().describe(),
                                args.len()
                            ),
                        )
                        .at(e.span),
                    );
                } else if let Some(n) = args.get(1).filter(|_| f.takes_periods()) {
                    if periods_back(n).is_none() {
                        self.diags.push(
                            Diagnostic::error(
                                Code::InvalidCall,
                                format!("the second argument of `{name}` is a whole number of periods (1 or more)"),
                            )
                            .at(n.span)
                            .help(format!("e.g. `{name}(revenue, 12)` compares with 12 periods earlier")),
                        );
                    }
                }
            }
            _ => {}
        }
    }

    /// A unit mismatch at `at` (None: at the first part, labelled with its unit),
    /// with the unit of each part labelled.
    fn mismatch(
        &mut self,
        at: Option<Span>,
        msg: String,
        parts: &[(Span, &Unit)],
        help: Option<String>,
    ) {
        let Some(((first, u0), rest)) = parts.split_first() else {
            return;
        };
        let mut d = Diagnostic::error(Code::UnitMismatch, msg).help_opt(help);
        let rest = match at {
            Some(at) => {
                d = d.at(at).related(*first, format!("{u0}"));
                rest
            }
            None => {
                d = d.at(*first).label(format!("{u0}"));
                rest
            }
        };
        for (s, u) in rest {
            d = d.related(*s, format!("{u}"));
        }
        self.diags.push(d);
    }

    /// The unit of an expression; reports mismatches and returns None after one.
    fn unit(&mut self, e: &Expr, metric_units: &[Option<Unit>]) -> Option<Unit> {
        match &e.kind {
            ExprKind::Number(_) => Some(Unit::Number),
            ExprKind::Percent(_) => Some(Unit::Ratio),
            ExprKind::Money(_, c) => Some(Unit::Money(c.clone())),
            ExprKind::Name(n) => match self.names.get(n)? {
                NameRef::Input(i) => Some(self.spec.inputs[*i].unit.value.clone()),
                NameRef::Metric(i) => metric_units[*i].clone(),
            },
            ExprKind::Neg(a) => self.unit(a, metric_units),
            ExprKind::Binary(op, a, b) => {
                let ua = self.unit(a, metric_units)?;
                let ub = self.unit(b, metric_units)?;
                match Unit::binary(*op, &ua, &ub) {
                    Some(u) => Some(u),
                    None => {
                        let help = money_help(&ua, &ub, *op);
                        self.mismatch(
                            None,
                            format!("cannot {} {ua} {} {ub}", op_verb(*op), op_prep(*op)),
                            &[(a.span, &ua), (b.span, &ub)],
                            help,
                        );
                        None
                    }
                }
            }
            ExprKind::Call(name, _, args) => {
                let Some(f) = Function::parse(name) else {
                    // an unknown function (reported already): typed as its first argument
                    return self.unit(args.first()?, metric_units);
                };
                let units = self.call_units(f, args, metric_units)?;
                match f.unit(&units) {
                    Ok(u) => u,
                    Err(clash) => {
                        let (first, other) = (args.first()?, args.get(clash.index)?);
                        let u = units.get(clash.index)?;
                        self.mismatch(
                            None,
                            format!("`{name}` of {} and {u}", clash.so_far),
                            &[(first.span, &clash.so_far), (other.span, u)],
                            Some("compare like with like".into()),
                        );
                        None
                    }
                }
            }
        }
    }

    /// The units of a call's unit-bearing arguments (not a periods count).
    fn call_units(
        &mut self,
        f: Function,
        args: &[Expr],
        metric_units: &[Option<Unit>],
    ) -> Option<Vec<Unit>> {
        f.unit_bearing(args)
            .iter()
            .map(|a| self.unit(a, metric_units))
            .collect()
    }

    /// An error for a divisor that folds to the constant zero.
    fn const_div_zero(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Neg(a) => self.const_div_zero(a),
            ExprKind::Binary(op, a, b) => {
                self.const_div_zero(a);
                self.const_div_zero(b);
                if *op == BinOp::Div && const_value(b) == Some(Decimal::ZERO) {
                    self.diags.push(
                        Diagnostic::error(Code::DivisionByZero, "division by zero")
                            .at(b.span)
                            .label("this divisor is always zero"),
                    );
                }
            }
            ExprKind::Call(_, _, args) => args.iter().for_each(|a| self.const_div_zero(a)),
            _ => {}
        }
    }

    fn target(&mut self, t: &Target, metric_units: &[Option<Unit>]) {
        let ok_l = self.resolve(&t.lhs);
        let ok_r = self.resolve(&t.rhs);
        self.functions(&t.lhs);
        self.functions(&t.rhs);
        if !(ok_l && ok_r) {
            return;
        }
        self.const_div_zero(&t.lhs);
        self.const_div_zero(&t.rhs);
        let (Some(ul), Some(ur)) = (
            self.unit(&t.lhs, metric_units),
            self.unit(&t.rhs, metric_units),
        ) else {
            return;
        };
        if Unit::combine(&ul, &ur).is_none() {
            let help = match (&ul, &ur) {
                (Unit::Money(c), Unit::Number) => Some(format!(
                    "write the amount with its currency, e.g. `{} {c}`",
                    t.rhs
                )),
                (Unit::Money(_), Unit::Ratio) | (Unit::Ratio, Unit::Money(_)) => Some(
                    "a percentage is a ratio; compare money with an amount such as `5 EUR`".into(),
                ),
                _ => Some("a target compares like with like".into()),
            };
            self.mismatch(
                Some(t.cmp_span),
                format!("target compares {ul} with {ur}"),
                &[(t.lhs.span, &ul), (t.rhs.span, &ur)],
                help,
            );
        }
    }

    fn objective(&mut self, o: &Objective, metric_units: &[Option<Unit>]) {
        let name = &o.name;
        let blank = o
            .description
            .as_ref()
            .is_some_and(|d| d.value.trim().is_empty());
        if blank || (o.description.is_none() && !o.given.iter().any(|g| g == "description")) {
            self.diags.push(
                Diagnostic::error(Code::SmartSpecific, format!("objective `{name}` has no description"))
                    .at(o.span)
                    .help("say what is to change, by how much, e.g. `Increase online sales by 15% within 12 months`"),
            );
        }
        let given = |k: &str| o.given.iter().any(|g| g == k);
        if o.targets.is_empty() && !given("targets") {
            self.diags.push(
                Diagnostic::error(
                    Code::SmartMeasurable,
                    format!("objective `{name}` has no target"),
                )
                .at(o.targets_span.unwrap_or(o.span))
                .help("add `targets:` with at least one, e.g. `- conversion >= 5%`"),
            );
        }
        if o.period.is_none() && !given("period") {
            self.diags.push(
                Diagnostic::error(
                    Code::SmartTimeBound,
                    format!("objective `{name}` has no review period"),
                )
                .at(o.span)
                .help("add `period: monthly` (daily, weekly, monthly, quarterly or yearly)"),
            );
        }
        match (&o.start, &o.deadline) {
            (_, None) if !given("deadline") => self.diags.push(
                Diagnostic::error(
                    Code::SmartTimeBound,
                    format!("objective `{name}` has no deadline"),
                )
                .at(o.span)
                .help("add `deadline: YYYY-MM-DD`"),
            ),
            (Some(s), Some(d)) if d.value < s.value => self.diags.push(
                Diagnostic::error(
                    Code::SmartTimeBound,
                    format!("objective `{name}` ends before it starts"),
                )
                .at(d.span)
                .label("deadline before the start")
                .related(s.span, "start"),
            ),
            _ => {}
        }
        match &o.aligned_with {
            None => self.diags.push(
                Diagnostic::warning(
                    Code::SmartRelevant,
                    format!("objective `{name}` is not aligned with a strategy goal"),
                )
                .at(o.span)
                .help("add `aligned_with:` naming a goal declared under `strategy:`"),
            ),
            Some(a) if !self.spec.strategies.iter().any(|s| s.name == a.value) => {
                let hint = did_you_mean(
                    &a.value,
                    self.spec.strategies.iter().map(|s| s.name.as_str()),
                );
                self.diags.push(
                    Diagnostic::warning(
                        Code::SmartRelevant,
                        format!("strategy goal `{}` is not declared", a.value),
                    )
                    .at(a.span)
                    .label("no such goal under `strategy:`")
                    .help(match hint {
                        Some(h) => format!("did you mean `{h}`?"),
                        None => "declare it under `strategy:`".into(),
                    }),
                );
            }
            _ => {}
        }
        for k in &o.kpis {
            if !self.names.contains_key(&k.value) {
                self.undefined(&k.value, k.span);
            }
        }
        if o.kpis.len() > MAX_KPIS {
            self.diags.push(
                Diagnostic::warning(
                    Code::TooManyKpis,
                    format!(
                        "objective `{name}` tracks {} KPIs; keep 3 to 5",
                        o.kpis.len()
                    ),
                )
                .at(o.kpis[MAX_KPIS].span)
                .label(format!("KPI number {}", MAX_KPIS + 1))
                .help("too many KPIs dilute focus: keep the ones that drive a decision"),
            );
        }
        let defined: Vec<&str> = o
            .kpis
            .iter()
            .map(|k| k.value.as_str())
            .filter(|k| self.names.contains_key(*k))
            .collect();
        if !defined.is_empty() && defined.iter().all(|k| vanity(self.spec, self.names, k)) {
            self.diags.push(
                Diagnostic::warning(Code::VanityMetric, format!("objective `{name}` tracks only vanity metrics"))
                    .at(o.kpis_span.unwrap_or(o.span))
                    .help("vanity metrics (impressions, reach, traffic) look good but drive no decision; add a KPI such as conversion or CAC"),
            );
        }
        for t in &o.targets {
            self.target(t, metric_units);
        }
    }
}

fn vanity(spec: &Spec, names: &HashMap<String, NameRef>, k: &str) -> bool {
    match names.get(k) {
        Some(NameRef::Input(i)) => spec.inputs[*i].vanity,
        Some(NameRef::Metric(i)) => spec.metrics[*i].vanity,
        None => false,
    }
}

fn op_verb(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "add",
        BinOp::Sub => "subtract",
        BinOp::Mul => "multiply",
        BinOp::Div => "divide",
    }
}

fn op_prep(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "and",
        BinOp::Sub => "and",
        BinOp::Mul => "by",
        BinOp::Div => "by",
    }
}

fn money_help(a: &Unit, b: &Unit, op: BinOp) -> Option<String> {
    match (a, b) {
        (Unit::Money(x), Unit::Money(y)) if x != y => Some(format!(
            "{x} and {y} are different currencies; convert one first (multiply by a rate)"
        )),
        (Unit::Money(c), Unit::Number) | (Unit::Number, Unit::Money(c))
            if matches!(op, BinOp::Add | BinOp::Sub) =>
        {
            Some(format!("write the amount with its currency, e.g. `10 {c}`"))
        }
        _ => Some("see the unit table in the README".into()),
    }
}

/// The value of an expression made of literals only.
pub fn const_value(e: &Expr) -> Option<Decimal> {
    match &e.kind {
        ExprKind::Number(d) | ExprKind::Percent(d) | ExprKind::Money(d, _) => Some(*d),
        ExprKind::Neg(a) => Some(-const_value(a)?),
        ExprKind::Binary(op, a, b) => {
            let (a, b) = (const_value(a)?, const_value(b)?);
            match op {
                BinOp::Add => a.checked_add(b),
                BinOp::Sub => a.checked_sub(b),
                BinOp::Mul => a.checked_mul(b),
                BinOp::Div => {
                    if b.is_zero() {
                        None
                    } else {
                        a.checked_div(b)
                    }
                }
            }
        }
        _ => None,
    }
}

/// The number of periods in `previous(x, n)`: a whole number ≥ 1.
pub fn periods_back(e: &Expr) -> Option<i64> {
    match &e.kind {
        ExprKind::Number(d)
            if d.fract().is_zero() && *d >= Decimal::ONE && *d <= Decimal::from(100_000) =>
        {
            d.to_string().parse().ok()
        }
        _ => None,
    }
}

/// The unit of a target's left side, for display.
pub fn target_unit(model: &Model, t: &Target) -> Option<Unit> {
    fn unit(model: &Model, e: &Expr) -> Option<Unit> {
        match &e.kind {
            ExprKind::Number(_) => Some(Unit::Number),
            ExprKind::Percent(_) => Some(Unit::Ratio),
            ExprKind::Money(_, c) => Some(Unit::Money(c.clone())),
            ExprKind::Name(n) => model.unit_of(n),
            ExprKind::Neg(a) => unit(model, a),
            ExprKind::Binary(op, a, b) => Unit::binary(*op, &unit(model, a)?, &unit(model, b)?),
            ExprKind::Call(name, _, args) => {
                let f = Function::parse(name)?;
                let units: Option<Vec<Unit>> = f
                    .unit_bearing(args)
                    .iter()
                    .map(|a| unit(model, a))
                    .collect();
                f.unit(&units?).ok().flatten()
            }
        }
    }
    unit(model, &t.lhs)
}
