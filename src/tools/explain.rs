//! `boussole explain NAME`: what a metric or input is, where it is defined,
//! what it depends on down to the inputs, and what uses it (metrics,
//! objectives, targets).

use crate::check::{Model, NameRef};
use crate::diagnostic::{did_you_mean, Code, Diagnostic};
use crate::source::{Sources, Span};
use crate::syntax::dsl::Expr;
use crate::vocab::Better;
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// A name explained.
#[derive(Debug)]
pub struct Explanation {
    pub name: String,
    /// `input` or `metric`.
    pub kind: &'static str,
    pub description: Option<String>,
    /// `name = expression` for a metric; for an input, its column and aggregate.
    pub definition: crate::i18n::Msg,
    pub unit: Option<String>,
    pub better: Option<&'static str>,
    pub vanity: bool,
    pub span: Span,
    /// Every name it depends on, direct or not, each with its own definition,
    /// in dependency order (inputs first).
    pub depends_on: Vec<(String, crate::i18n::Msg)>,
    /// Metrics that use it, directly or through other metrics.
    pub used_by: Vec<String>,
    /// (objective, its KPIs that are the name or use it, its targets that use it)
    pub objectives: Vec<(String, Vec<String>, Vec<String>)>,
}

/// Explains `name`; an unknown name is an `undefined-metric` diagnostic.
pub fn explain(model: &Model, name: &str) -> Result<Explanation, Diagnostic> {
    let spec = &model.spec;
    let Some(r) = model.names.get(name) else {
        let known: Vec<&str> = model.names.keys().map(String::as_str).collect();
        return Err(match did_you_mean(name, known.iter().copied()) {
            Some(n) => Diagnostic::of(
                Code::UndefinedMetric,
                crate::msg!("undefined-name", name = name),
            )
            .help_msg(crate::msg!("did-you-mean", name = n)),
            None => Diagnostic::of(
                Code::UndefinedMetric,
                crate::msg!("undefined-name", name = name),
            ),
        });
    };
    let definition_of = |n: &str| -> crate::i18n::Msg {
        use crate::msg;
        match model.names.get(n) {
            Some(NameRef::Input(i)) => {
                let input = &spec.inputs[*i];
                msg!(
                    "explain-input-def",
                    definition = input.definition_msg(),
                    unit = input.unit.value.to_string()
                )
            }
            Some(NameRef::Metric(i)) => {
                let m = &spec.metrics[*i];
                msg!(
                    "explain-as-written",
                    text = format!("{} = {}", m.def.name, m.def.expr)
                )
            }
            None => msg!("explain-as-written", text = ""),
        }
    };
    let better = |b: Option<Better>| {
        b.map(|b| match b {
            Better::Higher => "higher",
            Better::Lower => "lower",
        })
    };
    // everything the name depends on, in dependency order
    let mut deps: Vec<String> = Vec::new();
    let mut seen = BTreeSet::new();
    collect_deps(model, name, &mut seen, &mut deps);
    deps.retain(|d| d != name);
    deps.sort_by_key(|d| matches!(model.names.get(d), Some(NameRef::Metric(_))));
    // what uses it: metrics whose dependencies include it
    let mut used_by = Vec::new();
    for &i in &model.order {
        let m = &spec.metrics[i];
        if m.def.name == name {
            continue;
        }
        let mut seen = BTreeSet::new();
        let mut d = Vec::new();
        collect_deps(model, &m.def.name, &mut seen, &mut d);
        if d.iter().any(|x| x == name) {
            used_by.push(m.def.name.clone());
        }
    }
    let uses = |e: &Expr| {
        let mut hit = false;
        e.names(&mut |n, _| hit |= n == name || used_by.iter().any(|u| u == n));
        hit
    };
    let mut objectives = Vec::new();
    for o in &spec.objectives {
        let kpis: Vec<String> = o
            .kpis
            .iter()
            .filter(|k| k.value == name || used_by.contains(&k.value))
            .map(|k| k.value.clone())
            .collect();
        let targets: Vec<String> = o
            .targets
            .iter()
            .filter(|t| uses(&t.lhs) || uses(&t.rhs))
            .map(|t| t.to_string())
            .collect();
        if !kpis.is_empty() || !targets.is_empty() {
            objectives.push((o.name.clone(), kpis, targets));
        }
    }
    let (kind, description, unit, better, vanity, span) = match r {
        NameRef::Input(i) => {
            let input = &spec.inputs[*i];
            (
                "input",
                input.description.clone(),
                Some(input.unit.value.to_string()),
                better(input.better),
                input.vanity,
                input.span,
            )
        }
        NameRef::Metric(i) => {
            let m = &spec.metrics[*i];
            (
                "metric",
                m.description.clone(),
                model.metric_units[*i].as_ref().map(|u| u.to_string()),
                better(m.better),
                m.vanity,
                m.def.name_span,
            )
        }
    };
    Ok(Explanation {
        name: name.to_string(),
        kind,
        description,
        definition: definition_of(name),
        unit,
        better,
        vanity,
        span,
        depends_on: deps.iter().map(|d| (d.clone(), definition_of(d))).collect(),
        used_by,
        objectives,
    })
}

/// Appends `name`'s dependencies (and `name`) in dependency order: a
/// depth-first walk with its own stack (chains can be 100,000 long).
fn collect_deps(model: &Model, name: &str, seen: &mut BTreeSet<String>, out: &mut Vec<String>) {
    // (name, its dependencies are pushed already)
    let mut stack = vec![(name.to_string(), false)];
    while let Some((n, expanded)) = stack.pop() {
        if expanded {
            out.push(n);
            continue;
        }
        if !seen.insert(n.clone()) {
            continue;
        }
        stack.push((n.clone(), true));
        if let Some(NameRef::Metric(i)) = model.names.get(&n) {
            let mut direct = Vec::new();
            model.spec.metrics[*i]
                .def
                .expr
                .names(&mut |d, _| direct.push(d.to_string()));
            for d in direct.into_iter().rev() {
                if !seen.contains(&d) {
                    stack.push((d, false));
                }
            }
        }
    }
}

fn position(sources: &Sources, span: Span) -> (String, usize, usize) {
    let p = sources.resolve(span);
    (p.file(), p.line, p.column)
}

/// The explanation as text, in `voice`'s language.
pub fn human(e: &Explanation, sources: &Sources, voice: crate::i18n::Voice) -> String {
    use crate::msg;
    let (file, line, col) = position(sources, e.span);
    let mut out = format!(
        "{} ({})",
        e.name,
        voice.text(&msg!("explain-kind", kind = e.kind))
    );
    if let Some(d) = &e.description {
        out.push_str(&format!(" — {d}"));
    }
    let at = format!("{file}:{line}:{col}");
    out.push_str(&format!(
        "\n  {}\n  {}\n",
        voice.text(&msg!("explain-defined-at", at = at)),
        voice.text(&e.definition)
    ));
    let mut facts = Vec::new();
    if let Some(u) = &e.unit {
        facts.push(voice.text(&msg!("explain-unit", unit = u.to_string())));
    }
    if let Some(b) = e.better {
        facts.push(voice.text(&msg!("explain-better", better = b.to_string())));
    }
    if e.vanity {
        facts.push(voice.get("explain-vanity"));
    }
    if !facts.is_empty() {
        out.push_str(&format!("  {}\n", facts.join(", ")));
    }
    if !e.depends_on.is_empty() {
        out.push_str(&format!("{}\n", voice.get("explain-depends-on")));
        for (n, d) in &e.depends_on {
            let item = msg!("explain-item", name = n.as_str(), text = d.clone());
            out.push_str(&format!("  {}\n", voice.text(&item)));
        }
    }
    if !e.used_by.is_empty() {
        out.push_str(&format!(
            "{}\n",
            voice.text(&msg!(
                "explain-used-by-metrics",
                metrics = e.used_by.join(", ")
            ))
        ));
    }
    if !e.objectives.is_empty() {
        out.push_str(&format!("{}\n", voice.get("explain-used-by-objectives")));
        for (o, kpis, targets) in &e.objectives {
            let mut parts = Vec::new();
            if !kpis.is_empty() {
                parts.push(voice.text(&msg!("explain-kpi", kpis = kpis.join(", "))));
            }
            parts.extend(
                targets
                    .iter()
                    .map(|t| voice.text(&msg!("explain-target", target = t))),
            );
            let parts = parts.join(&voice.get("list-separator"));
            let item = msg!("explain-item", name = o.as_str(), text = parts);
            out.push_str(&format!("  {}\n", voice.text(&item)));
        }
    }
    if e.used_by.is_empty() && e.objectives.is_empty() {
        out.push_str(&format!("{}\n", voice.get("explain-unused")));
    }
    out
}

/// The explanation as JSON.
pub fn json(e: &Explanation, sources: &Sources) -> Value {
    let (file, line, column) = position(sources, e.span);
    json!({
        "name": e.name,
        "kind": e.kind,
        "description": e.description,
        "definition": e.definition.en(),
        "unit": e.unit,
        "better": e.better,
        "vanity": e.vanity,
        "file": file,
        "line": line,
        "column": column,
        "depends_on": e.depends_on.iter().map(|(n, d)| json!({"name": n, "definition": d.en()})).collect::<Vec<_>>(),
        "used_by": e.used_by,
        "objectives": e.objectives.iter().map(|(o, kpi, t)| json!({"objective": o, "kpis": kpi, "targets": t})).collect::<Vec<_>>(),
    })
}
