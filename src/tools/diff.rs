//! `boussole diff`: a semantic diff of two versions of a KPI project —
//! metrics and inputs added, removed, renamed or redefined, unit changes,
//! targets tightened or loosened — and the objectives each change affects.

use crate::check::{const_value, Model, NameRef};
use crate::syntax::dsl::{Cmp, Target};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// One change between the two versions.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "change", rename_all = "kebab-case")]
pub enum Change {
    Added {
        name: String,
        definition: String,
    },
    Removed {
        name: String,
        definition: String,
    },
    Renamed {
        old: String,
        new: String,
        definition: String,
    },
    Redefined {
        name: String,
        old: String,
        new: String,
    },
    UnitChanged {
        name: String,
        old: String,
        new: String,
    },
    TargetAdded {
        objective: String,
        target: String,
    },
    TargetRemoved {
        objective: String,
        target: String,
    },
    /// A threshold moved: `tightened` when the target became harder to meet,
    /// false when easier, absent when the thresholds are not constants.
    TargetMoved {
        objective: String,
        old: String,
        new: String,
        tightened: Option<bool>,
    },
    /// The same target, another action to take when it is missed (added,
    /// removed or rewritten).
    ActionChanged {
        objective: String,
        target: String,
        old: Option<String>,
        new: Option<String>,
    },
    ObjectiveAdded {
        name: String,
    },
    ObjectiveRemoved {
        name: String,
    },
}

/// A change with the objectives it affects.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Entry {
    #[serde(flatten)]
    pub change: Change,
    pub affects: Vec<String>,
}

/// Definitions by name: `name = expr` for metrics, the column, aggregate and
/// unit for inputs.
fn definitions(m: &Model) -> BTreeMap<String, (String, Option<String>)> {
    let mut out = BTreeMap::new();
    for i in &m.spec.inputs {
        out.insert(
            i.name.clone(),
            (
                format!("input: {}", i.definition()),
                Some(i.unit.value.to_string()),
            ),
        );
    }
    for (k, x) in m.spec.metrics.iter().enumerate() {
        out.insert(
            x.def.name.clone(),
            (
                x.def.expr.to_string(),
                m.metric_units
                    .get(k)
                    .cloned()
                    .flatten()
                    .map(|u| u.to_string()),
            ),
        );
    }
    out
}

/// Objectives (by name) whose KPIs or targets use `name`, directly or
/// through other metrics.
fn affected(m: &Model, name: &str) -> Vec<String> {
    match crate::tools::explain::explain(m, name) {
        Ok(e) => e.objectives.into_iter().map(|(o, _, _)| o).collect(),
        Err(_) => Vec::new(),
    }
}

/// The target's threshold when its right side is a constant.
fn threshold(t: &Target) -> Option<rust_decimal::Decimal> {
    const_value(&t.rhs)
}

/// Compares two checked models.
pub fn diff(old: &Model, new: &Model) -> Vec<Entry> {
    let mut out = Vec::new();
    names(old, new, &mut out);
    objectives(old, new, &mut out);
    out
}

/// Inputs and metrics added, removed, renamed (the same definition under a
/// new name), redefined, or with another unit.
fn names(old: &Model, new: &Model, out: &mut Vec<Entry>) {
    let (a, b) = (definitions(old), definitions(new));
    let removed: Vec<&String> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    let added: Vec<&String> = b.keys().filter(|k| !a.contains_key(*k)).collect();
    // a removed and an added name with the same definition: a rename
    let mut renamed_new = BTreeSet::new();
    let mut renamed_old = BTreeSet::new();
    for r in &removed {
        if let Some(n) = added.iter().find(|n| {
            !renamed_new.contains(**n) && b[**n].0 == a[*r].0 && !a[*r].0.starts_with("input")
        }) {
            renamed_new.insert((*n).clone());
            renamed_old.insert((*r).clone());
            out.push(Entry {
                change: Change::Renamed {
                    old: (*r).clone(),
                    new: (*n).clone(),
                    definition: b[*n].0.clone(),
                },
                affects: union(affected(old, r), affected(new, n)),
            });
        }
    }
    for r in removed.iter().filter(|r| !renamed_old.contains(**r)) {
        out.push(Entry {
            change: Change::Removed {
                name: (*r).clone(),
                definition: a[*r].0.clone(),
            },
            affects: affected(old, r),
        });
    }
    for n in added.iter().filter(|n| !renamed_new.contains(**n)) {
        out.push(Entry {
            change: Change::Added {
                name: (*n).clone(),
                definition: b[*n].0.clone(),
            },
            affects: affected(new, n),
        });
    }
    for (name, (def_a, unit_a)) in &a {
        let Some((def_b, unit_b)) = b.get(name) else {
            continue;
        };
        let affects = || union(affected(old, name), affected(new, name));
        if def_a != def_b {
            out.push(Entry {
                change: Change::Redefined {
                    name: name.clone(),
                    old: def_a.clone(),
                    new: def_b.clone(),
                },
                affects: affects(),
            });
        }
        if unit_a != unit_b {
            out.push(Entry {
                change: Change::UnitChanged {
                    name: name.clone(),
                    old: unit_a.clone().unwrap_or_else(|| "?".into()),
                    new: unit_b.clone().unwrap_or_else(|| "?".into()),
                },
                affects: affects(),
            });
        }
    }
}

/// Objectives added or removed, and the targets of those in both versions.
fn objectives(old: &Model, new: &Model, out: &mut Vec<Entry>) {
    // objectives and their targets
    let objectives = |m: &Model| -> BTreeMap<String, Vec<Target>> {
        m.spec
            .objectives
            .iter()
            .map(|o| (o.name.clone(), o.targets.clone()))
            .collect()
    };
    let (oa, ob) = (objectives(old), objectives(new));
    for name in oa.keys().filter(|k| !ob.contains_key(*k)) {
        out.push(Entry {
            change: Change::ObjectiveRemoved { name: name.clone() },
            affects: vec![name.clone()],
        });
    }
    for name in ob.keys().filter(|k| !oa.contains_key(*k)) {
        out.push(Entry {
            change: Change::ObjectiveAdded { name: name.clone() },
            affects: vec![name.clone()],
        });
    }
    targets(&oa, &ob, out);
}

/// Targets added, removed or moved (the same left side and comparator,
/// another threshold: tightened or loosened), old ones read with their
/// metrics' new names.
fn targets(
    oa: &BTreeMap<String, Vec<Target>>,
    ob: &BTreeMap<String, Vec<Target>>,
    out: &mut Vec<Entry>,
) {
    // old targets are compared with their metrics' new names
    let renames: BTreeMap<String, String> = out
        .iter()
        .filter_map(|e| match &e.change {
            Change::Renamed { old, new, .. } => Some((old.clone(), new.clone())),
            _ => None,
        })
        .collect();
    for (name, ta) in oa {
        let Some(tb) = ob.get(name) else { continue };
        let text = |t: &Target| t.to_string();
        let old_text = |t: &Target| rename(&t.to_string(), &renames);
        let same_side = |x: &Target, y: &Target| {
            rename(&x.lhs.to_string(), &renames) == y.lhs.to_string() && x.cmp == y.cmp
        };
        let mut matched_b = BTreeSet::new();
        for x in ta {
            if let Some((j, y)) = tb.iter().enumerate().find(|(_, y)| old_text(x) == text(y)) {
                matched_b.insert(j);
                let action = |t: &Target| t.action.as_ref().map(|(a, _)| a.clone());
                if action(x) != action(y) {
                    out.push(Entry {
                        change: Change::ActionChanged {
                            objective: name.clone(),
                            target: text(y),
                            old: action(x),
                            new: action(y),
                        },
                        affects: vec![name.clone()],
                    });
                }
                continue;
            }
            // the same left side and comparator, another threshold: moved
            if let Some((j, y)) = tb
                .iter()
                .enumerate()
                .find(|(j, y)| !matched_b.contains(j) && same_side(x, y))
            {
                matched_b.insert(j);
                let tightened = match (threshold(x), threshold(y), x.cmp) {
                    (Some(p), Some(q), Cmp::Ge | Cmp::Gt) => Some(q > p),
                    (Some(p), Some(q), Cmp::Le | Cmp::Lt) => Some(q < p),
                    _ => None,
                };
                out.push(Entry {
                    change: Change::TargetMoved {
                        objective: name.clone(),
                        old: text(x),
                        new: text(y),
                        tightened,
                    },
                    affects: vec![name.clone()],
                });
                continue;
            }
            out.push(Entry {
                change: Change::TargetRemoved {
                    objective: name.clone(),
                    target: text(x),
                },
                affects: vec![name.clone()],
            });
        }
        for (j, y) in tb.iter().enumerate() {
            if !matched_b.contains(&j) && !ta.iter().any(|x| old_text(x) == text(y)) {
                out.push(Entry {
                    change: Change::TargetAdded {
                        objective: name.clone(),
                        target: text(y),
                    },
                    affects: vec![name.clone()],
                });
            }
        }
    }
}

/// `text` with every identifier in `renames` replaced by its new name.
fn rename(text: &str, renames: &BTreeMap<String, String>) -> String {
    if renames.is_empty() {
        return text.to_string();
    }
    let mut out = String::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        out.push_str(renames.get(word.as_str()).unwrap_or(word));
        word.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

fn union(mut a: Vec<String>, b: Vec<String>) -> Vec<String> {
    for x in b {
        if !a.contains(&x) {
            a.push(x);
        }
    }
    a.sort();
    a
}

/// Whether `name` is a metric (not an input) in `m`.
pub fn is_metric(m: &Model, name: &str) -> bool {
    matches!(m.names.get(name), Some(NameRef::Metric(_)))
}

/// The diff as Markdown, for a pull-request comment.
pub fn markdown(
    entries: &[Entry],
    old_label: &str,
    new_label: &str,
    voice: crate::i18n::Voice,
) -> String {
    use crate::msg;
    let mut s = format!(
        "### {}\n\n",
        voice.text(&msg!("diff-title", old = old_label, new = new_label))
    );
    if entries.is_empty() {
        let _ = writeln!(s, "{}", voice.get("diff-no-change"));
        return s;
    }
    let _ = writeln!(s, "{}", voice.get("diff-table-head"));
    s.push_str("|---|---|---|\n");
    let cell = |t: &str| t.replace('|', "\\|");
    for e in entries {
        let (kind, what) = match &e.change {
            Change::Added { name, definition } => {
                let what = format!("`{}`", cell(definition));
                (
                    "added",
                    voice.text(&msg!("diff-item", name = name, what = what)),
                )
            }
            Change::Removed { name, definition } => (
                "removed",
                voice.text(&msg!(
                    "diff-was",
                    name = name,
                    definition = cell(definition)
                )),
            ),
            Change::Renamed {
                old,
                new,
                definition,
            } => (
                "renamed",
                format!("`{old}` → `{new}` (`{}`)", cell(definition)),
            ),
            Change::Redefined { name, old, new } => (
                "redefined",
                voice.text(&msg!(
                    "diff-item",
                    name = name,
                    what = format!("`{}` → `{}`", cell(old), cell(new))
                )),
            ),
            Change::UnitChanged { name, old, new } => {
                let what = format!("{old} → {new}");
                (
                    "unit changed",
                    voice.text(&msg!("diff-item", name = name, what = what)),
                )
            }
            Change::TargetAdded { objective, target } => (
                "target added",
                voice.text(&msg!(
                    "diff-in",
                    target = cell(target),
                    objective = objective
                )),
            ),
            Change::TargetRemoved { objective, target } => (
                "target removed",
                voice.text(&msg!(
                    "diff-in",
                    target = cell(target),
                    objective = objective
                )),
            ),
            Change::TargetMoved {
                objective,
                old,
                new,
                tightened,
            } => (
                match tightened {
                    Some(true) => "target tightened",
                    Some(false) => "target loosened",
                    None => "target changed",
                },
                voice.text(&msg!(
                    "diff-moved",
                    old = cell(old),
                    new = cell(new),
                    objective = objective
                )),
            ),
            Change::ActionChanged {
                objective,
                target,
                old,
                new,
            } => {
                let action = |a: &Option<String>| match a {
                    Some(a) => format!(
                        "“{}”",
                        cell(&a.split_whitespace().collect::<Vec<_>>().join(" "))
                    ),
                    None => voice.get("diff-none"),
                };
                (
                    "action changed",
                    voice.text(&msg!(
                        "diff-action-changed",
                        target = cell(target),
                        objective = objective,
                        old = action(old),
                        new = action(new)
                    )),
                )
            }
            Change::ObjectiveAdded { name } => ("objective added", format!("`{name}`")),
            Change::ObjectiveRemoved { name } => ("objective removed", format!("`{name}`")),
        };
        let affects = if e.affects.is_empty() {
            "—".to_string()
        } else {
            e.affects
                .iter()
                .map(|o| format!("`{o}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let kind = voice.text(&msg!("diff-kind", kind = kind.replace(' ', "-")));
        let _ = writeln!(s, "| {kind} | {what} | {affects} |");
    }
    s
}

/// The effect of a changed definition on the last periods: (period label,
/// old value, new value) for each.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Effect {
    pub name: String,
    pub periods: Vec<(
        String,
        Option<rust_decimal::Decimal>,
        Option<rust_decimal::Decimal>,
    )>,
}

/// Evaluates both versions on `data` at `period` and, for every metric the
/// diff redefines or renames, gives its values in the last `last` periods.
pub fn effects(
    old: &Model,
    new: &Model,
    entries: &[Entry],
    data: &std::path::Path,
    period: crate::vocab::Period,
    last: usize,
    diags: &mut crate::diagnostic::Diagnostics,
) -> Result<Vec<Effect>, String> {
    let run = |m: &Model, diags: &mut crate::diagnostic::Diagnostics| {
        let plan = crate::plan::plan(m, period, &[]);
        crate::eval::eval(&plan, data, diags)
    };
    // the data's problems are the new version's reading of it (the old
    // one reads the same file: its errors would repeat them)
    let a = run(old, &mut crate::diagnostic::Diagnostics::default())?;
    let b = run(new, diags)?;
    let value = |ev: &crate::eval::Evaluation, name: &str, label: &str| {
        let slot = ev.slots.iter().position(|s| s == name)?;
        ev.find_row(|r| r.key.label() == label)
            .ok()
            .flatten()
            .and_then(|r| r.values.get(slot).copied().flatten())
    };
    let labels: Vec<String> = {
        let mut l: Vec<String> = Vec::new();
        b.rows()
            .and_then(|rows| {
                rows.for_each(|r| {
                    l.push(r.key.label());
                    Ok(())
                })
            })
            .map_err(|e| e.to_string())?;
        l.dedup();
        let from = l.len().saturating_sub(last);
        l[from..].to_vec()
    };
    let mut out = Vec::new();
    for e in entries {
        let (old_name, new_name) = match &e.change {
            Change::Redefined { name, .. } => (name.as_str(), name.as_str()),
            Change::Renamed { old, new, .. } => (old.as_str(), new.as_str()),
            _ => continue,
        };
        out.push(Effect {
            name: new_name.to_string(),
            periods: labels
                .iter()
                .map(|l| (l.clone(), value(&a, old_name, l), value(&b, new_name, l)))
                .collect(),
        });
    }
    Ok(out)
}

/// The effects as a Markdown table.
pub fn effects_markdown(effects: &[Effect], voice: crate::i18n::Voice) -> String {
    if effects.is_empty() {
        return String::new();
    }
    let mut s = format!(
        "\n#### {}\n\n{}\n|---|---|---|---|\n",
        voice.get("diff-effects"),
        voice.get("diff-effects-head")
    );
    let show = |v: &Option<rust_decimal::Decimal>| {
        v.map_or("—".to_string(), |d| d.round_dp(6).normalize().to_string())
    };
    for e in effects {
        for (p, a, b) in &e.periods {
            let _ = writeln!(s, "| `{}` | {p} | {} | {} |", e.name, show(a), show(b));
        }
    }
    s
}

/// The `diff --format json` document: the two versions' labels, the changes
/// and the effects on the data's last periods.
pub fn json(old: &str, new: &str, entries: &[Entry], effects: &[Effect]) -> serde_json::Value {
    use crate::render::number;
    serde_json::json!({
        "old": old,
        "new": new,
        "changes": entries,
        "effects": effects.iter().map(|e| serde_json::json!({
            "name": e.name,
            "periods": e.periods.iter().map(|(p, a, b)| serde_json::json!({
                "period": p,
                "old": a.map(number),
                "new": b.map(number),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}
