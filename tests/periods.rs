//! Every aggregate at every pair of cadences, against a reference computed
//! row by row in the test: the evaluator keeps one accumulator per bucket of
//! days (the days sharing their period at every cadence computed), and the
//! report's period and an objective's cadence must both come out as if each
//! period had been summed from its rows. Rows come in shuffled order, values
//! with mixed scales and empty cells, days across years and quarters; both
//! readers (fast path and exact reader) are checked.

use boussole::diagnostic::Diagnostics;
use boussole::eval::{eval_with, Reader};
use boussole::source::Sources;
use boussole::vocab::{Period, PeriodKey};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::fmt::Write as _;

mod common;
use common::rng::Rng;

const AGGREGATES: [&str; 6] = ["sum", "avg", "min", "max", "first", "last"];

fn spec(cadence: Period) -> String {
    let mut s = String::from("inputs:\n");
    for a in AGGREGATES {
        let _ = writeln!(s, "  in_{a}: {{ unit: count, aggregate: {a}, column: v }}");
    }
    s.push_str("metrics:\n");
    for a in AGGREGATES {
        let _ = writeln!(s, "  - m_{a} = in_{a}");
    }
    let _ = write!(
        s,
        "objectives:
  track:
    description: Keep every aggregate of v at or above -1000 each period of 2025 and 2026
    owner: tests
    period: {}
    start: 2024-11-01
    deadline: 2027-03-31
    kpis: [m_sum, m_avg, m_min, m_max, m_first, m_last]
    targets:
",
        cadence.name()
    );
    for a in AGGREGATES {
        let _ = writeln!(s, "      - m_{a} >= -1000");
    }
    s
}

/// A row: its day, channel and value (None: an empty cell).
type Rows = Vec<(NaiveDate, u8, Option<Decimal>)>;

fn rows(seed: u64, n: usize) -> Rows {
    let mut r = Rng(seed);
    let start = NaiveDate::from_ymd_opt(2024, 11, 20).unwrap();
    (0..n)
        .map(|_| {
            let day = start + chrono::Days::new(r.below(800));
            let ch = r.below(3) as u8;
            let v = (r.below(6) != 0).then(|| {
                let m = r.below(20_000) as i64 - 5_000;
                Decimal::new(m, r.below(4) as u32)
            });
            (day, ch, v)
        })
        .collect()
}

/// Per (period, channel), each aggregate as the report reads it.
fn reference(rows: &Rows, period: Period) -> BTreeMap<(PeriodKey, String), [Option<Decimal>; 6]> {
    let mut by: BTreeMap<(PeriodKey, String), Vec<(NaiveDate, Decimal)>> = BTreeMap::new();
    for (day, ch, v) in rows {
        let values = by.entry((period.key(*day), format!("c{ch}"))).or_default();
        if let Some(v) = v {
            values.push((*day, *v));
        }
    }
    by.into_iter()
        .map(|(k, vs)| {
            let sum_on = |d: NaiveDate| vs.iter().filter(|x| x.0 == d).map(|x| x.1).sum();
            let out = if vs.is_empty() {
                [None; 6]
            } else {
                let sum: Decimal = vs.iter().map(|x| x.1).sum();
                let first = vs.iter().map(|x| x.0).min().unwrap();
                let last = vs.iter().map(|x| x.0).max().unwrap();
                [
                    Some(sum),
                    sum.checked_div(Decimal::from(vs.len())),
                    vs.iter().map(|x| x.1).min(),
                    vs.iter().map(|x| x.1).max(),
                    Some(sum_on(first)),
                    Some(sum_on(last)),
                ]
            };
            (k, out)
        })
        .collect()
}

#[test]
fn every_aggregate_at_every_pair_of_cadences_matches_the_rows() {
    let periods = [
        Period::Daily,
        Period::Weekly,
        Period::Monthly,
        Period::Quarterly,
        Period::Yearly,
    ];
    let dir = tempfile::tempdir().unwrap();
    for seed in [7u64, 1234, 99_991] {
        let data = rows(seed, 3000);
        let mut csv = String::from("date,channel,v\n");
        for (day, ch, v) in &data {
            let _ = writeln!(
                csv,
                "{},c{ch},{}",
                day.format("%Y-%m-%d"),
                v.map(|v| v.to_string()).unwrap_or_default()
            );
        }
        let path = dir.path().join("rows.csv");
        std::fs::write(&path, &csv).unwrap();
        for cadence in periods {
            let spec_path = dir.path().join("s.kpi.yaml");
            std::fs::write(&spec_path, spec(cadence)).unwrap();
            let mut sources = Sources::default();
            let mut diags = Diagnostics::default();
            let model = boussole::check_paths(&[spec_path], &mut sources, &mut diags).unwrap();
            assert_eq!(diags.errors(), 0, "{:?}", diags);
            let by_label: BTreeMap<(String, String), [Option<Decimal>; 6]> =
                reference(&data, cadence)
                    .into_iter()
                    .map(|((k, ch), v)| ((k.label(), ch), v))
                    .collect();
            for period in periods {
                let plan = boussole::plan::plan(&model, period, &["channel".to_string()]);
                let expected = reference(&data, period);
                for reader in [Reader::Auto, Reader::Exact] {
                    let mut d = Diagnostics::default();
                    let ev = eval_with(&plan, &path, &mut d, reader).unwrap();
                    let what = format!(
                        "seed {seed}, {period:?} report, {cadence:?} objective, {reader:?}"
                    );
                    assert_eq!(ev.row_count(), expected.len(), "{what}");
                    for row in ev.collect_rows().unwrap() {
                        let want = &expected[&(row.key, row.dims[0].clone())];
                        for (i, a) in AGGREGATES.iter().enumerate() {
                            let slot = ev
                                .slots
                                .iter()
                                .position(|s| *s == format!("in_{a}"))
                                .unwrap();
                            assert_eq!(
                                row.values[slot],
                                want[i],
                                "{what}: in_{a} in {} {:?}",
                                row.key.label(),
                                row.dims
                            );
                            let slot = ev
                                .slots
                                .iter()
                                .position(|s| *s == format!("m_{a}"))
                                .unwrap();
                            assert_eq!(row.values[slot], want[i], "{what}: m_{a}");
                        }
                    }
                    // the objective's targets, at its own cadence
                    let mut checked = 0;
                    for t in &ev.targets {
                        let a = t.metric.trim_start_matches("m_");
                        let i = AGGREGATES.iter().position(|x| *x == a).unwrap();
                        let want = by_label
                            .get(&(t.period.clone(), t.dims[0].clone()))
                            .and_then(|v| v[i]);
                        assert_eq!(
                            t.value, want,
                            "{what}: target on {} in {} {:?}",
                            t.metric, t.period, t.dims
                        );
                        checked += usize::from(want.is_some());
                    }
                    assert!(checked > 0, "{what}: no target had a value");
                }
            }
        }
    }
}
