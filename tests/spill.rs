//! Past `--memory-limit`, the groups are written to disk in partitions and
//! evaluated one partition at a time. The results must be those of the
//! evaluation in memory, row for row, target for target, diagnostic for
//! diagnostic: every aggregate, look-backs (`previous`, `growth`), zero
//! divisors, two dimensions, objectives at other cadences than the
//! report's, both readers, one file or several sources. The temporary
//! directory is gone afterwards; where it cannot be made, the error says so.

use boussole::diagnostic::{Code, Diagnostics};
use boussole::eval::{Data, Evaluation, Options, Reader};
use boussole::source::Sources;
use boussole::vocab::Period;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

mod common;
use common::rng::Rng;

const SPEC: &str = "inputs:
  clicks: count
  impressions: count
  spend: money(EUR)
  reach: { unit: count, aggregate: max }
  subscribers: { unit: count, aggregate: last }
  stock: { unit: count, aggregate: first }
  basket_low: { unit: money(EUR), aggregate: min, column: basket }
  basket_avg: { unit: money(EUR), aggregate: avg, column: basket }
metrics:
  - ctr = clicks / impressions
  - cpc = spend / clicks
  - clicks_before = previous(clicks)
  - clicks_growth = growth(clicks)
objectives:
  reach_people:
    description: Keep the click-through rate at 2% or more and the cost per click under 3 EUR every quarter of 2025
    owner: tests
    period: quarterly
    start: 2025-01-01
    deadline: 2025-12-31
    kpis: [ctr, cpc, clicks_growth]
    targets:
      - ctr >= 2%
      - cpc <= 3 EUR
      - growth(clicks) >= 5%
  weekly_reach:
    description: Keep the cost per click under 4 EUR every week of March 2025
    owner: tests
    period: weekly
    start: 2025-03-01
    deadline: 2025-03-31
    kpis: [cpc]
    targets:
      - cpc <= 4 EUR
";

const HEADER: &str =
    "date,campaign,channel,clicks,impressions,spend,reach,subscribers,stock,basket\n";

/// `n` rows over 2024 and 2025 for `campaigns` campaigns on 3 channels,
/// shuffled, with empty cells and zero divisors.
fn data(seed: u64, n: usize, campaigns: u64) -> String {
    let mut r = Rng(seed);
    let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let mut s = String::from(HEADER);
    for _ in 0..n {
        let day = start + chrono::Days::new(r.below(730));
        let cell = |r: &mut Rng, max: u64| {
            if r.below(8) == 0 {
                String::new()
            } else {
                r.below(max).to_string()
            }
        };
        let clicks = cell(&mut r, 50);
        let impressions = cell(&mut r, 40);
        let spend = format!("{}.{:02}", r.below(90), r.below(100));
        let (reach, subs, stock) = (cell(&mut r, 9000), cell(&mut r, 500), cell(&mut r, 40));
        let basket = format!("{}.{}", r.below(200), r.below(10));
        let _ = writeln!(
            s,
            "{},cmp{:05},{},{clicks},{impressions},{spend},{reach},{subs},{stock},{basket}",
            day.format("%Y-%m-%d"),
            r.below(campaigns),
            ["web", "app", "mail"][r.below(3) as usize],
        );
    }
    s
}

struct Run {
    ev: Evaluation,
    rows: Vec<boussole::eval::OwnedRow>,
    diags: Vec<String>,
}

fn run(
    model: &boussole::check::Model,
    data: Data<'_>,
    period: Period,
    reader: Reader,
    limit: Option<u64>,
    temp: Option<&Path>,
) -> Run {
    let plan = boussole::plan::plan(
        model,
        period,
        &["campaign".to_string(), "channel".to_string()],
    );
    let mut diags = Diagnostics::default();
    let opts = Options {
        reader,
        memory_limit: limit,
        temp_dir: temp,
        ..Options::default()
    };
    let ev = boussole::evaluate(&plan, data, &mut diags, &opts).unwrap();
    diags.sort();
    let rows = ev.collect_rows().unwrap();
    let diags = diags.items.iter().map(|d| format!("{d:?}")).collect();
    Run { ev, rows, diags }
}

fn targets(ev: &Evaluation) -> Vec<String> {
    ev.targets.iter().map(|t| format!("{t:?}")).collect()
}

fn model(dir: &Path, spec: &str) -> boussole::check::Model {
    let path = dir.join("s.kpi.yaml");
    std::fs::write(&path, spec).unwrap();
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let model = boussole::check_paths(&[path], &mut sources, &mut diags).unwrap();
    assert_eq!(diags.errors(), 0, "{:?}", diags.items);
    model
}

/// A scratch folder holding the spec and `rows` as `rows.csv`.
fn project(rows: &str) -> (tempfile::TempDir, boussole::check::Model, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let model = model(dir.path(), SPEC);
    let csv = dir.path().join("rows.csv");
    std::fs::write(&csv, rows).unwrap();
    (dir, model, csv)
}

fn entries(dir: &Path) -> usize {
    std::fs::read_dir(dir).unwrap().count()
}

#[test]
fn spilled_evaluation_gives_the_in_memory_results() {
    let dir = tempfile::tempdir().unwrap();
    let temp = dir.path().join("tmp");
    std::fs::create_dir(&temp).unwrap();
    let model = model(dir.path(), SPEC);
    let csv = dir.path().join("rows.csv");
    std::fs::write(&csv, data(11, 30_000, 2_000)).unwrap();
    for period in [Period::Monthly, Period::Quarterly, Period::Daily] {
        let reference = run(&model, Data::Plain(&csv), period, Reader::Exact, None, None);
        assert!(!reference.ev.spilled());
        assert!(reference.rows.len() > 5_000, "{period:?}");
        assert!(reference.diags.iter().any(|d| d.contains("DivisionByZero")));
        assert!(!reference.ev.targets.is_empty());
        // a limit that a few hundred groups pass: written out again and
        // again while reading, each partition alone fits
        for reader in [Reader::Exact, Reader::FastOnly] {
            let spilled = run(
                &model,
                Data::Plain(&csv),
                period,
                reader,
                Some(512 << 10),
                Some(&temp),
            );
            let what = format!("{period:?} {reader:?}");
            assert!(spilled.ev.spilled(), "{what}");
            same(&spilled, &reference, &what);
            // the rows are read from the temporary directory while the
            // evaluation lives, and it is removed with it
            assert_eq!(entries(&temp), 1, "{what}");
            drop(spilled);
            assert_eq!(entries(&temp), 0, "{what}");
        }
    }
}

#[test]
fn spilled_sources_give_the_in_memory_results() {
    // two sources (clicks and the rest), each split in files: groups of
    // several files merged, then written out
    let dir = tempfile::tempdir().unwrap();
    let text = data(5, 12_000, 700);
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let rows: Vec<&str> = lines.collect();
    for (i, part) in rows.chunks(4_000).enumerate() {
        let mut ads = String::from("date,campaign,channel,clicks\n");
        let mut rest = format!("{}\n", header.replace(",clicks", ""));
        for row in part {
            let cells: Vec<&str> = row.split(',').collect();
            let _ = writeln!(ads, "{}", cells[..4].join(","));
            let mut others = cells[..3].to_vec();
            others.extend(&cells[4..]);
            let _ = writeln!(rest, "{}", others.join(","));
        }
        std::fs::write(dir.path().join(format!("ads-{i}.csv")), ads).unwrap();
        std::fs::write(dir.path().join(format!("rest-{i}.csv")), rest).unwrap();
    }
    let spec = SPEC
        .replace(
            "inputs:\n  clicks: count\n",
            "sources:\n  ads: { path: ads-*.csv }\n  rest: { path: rest-*.csv }\ninputs:\n  clicks: { unit: count, source: ads }\n",
        )
        .replace("  impressions: count\n", "  impressions: { unit: count, source: rest }\n")
        .replace("  spend: money(EUR)\n", "  spend: { unit: money(EUR), source: rest }\n")
        .replace("aggregate: max }", "aggregate: max, source: rest }")
        .replace("aggregate: last }", "aggregate: last, source: rest }")
        .replace("aggregate: first }", "aggregate: first, source: rest }")
        .replace("column: basket }", "column: basket, source: rest }");
    let model = model(dir.path(), &spec);
    let files: Vec<Vec<PathBuf>> = ["ads", "rest"]
        .iter()
        .map(|s| {
            (0..3)
                .map(|i| dir.path().join(format!("{s}-{i}.csv")))
                .collect()
        })
        .collect();
    let reference = run(
        &model,
        Data::Sources(&files),
        Period::Monthly,
        Reader::Auto,
        None,
        None,
    );
    assert!(reference.rows.len() > 3_000);
    let spilled = run(
        &model,
        Data::Sources(&files),
        Period::Monthly,
        Reader::Auto,
        Some(256 << 10),
        Some(dir.path()),
    );
    assert!(spilled.ev.spilled());
    same(&spilled, &reference, "sources");
}

/// The same rows, targets and diagnostics (the first difference shown).
fn same(spilled: &Run, reference: &Run, what: &str) {
    fn first_difference<T: PartialEq + std::fmt::Debug>(a: &[T], b: &[T], what: &str, of: &str) {
        assert_eq!(a.len(), b.len(), "{what}: count of {of}");
        if let Some(i) = (0..a.len()).find(|&i| a[i] != b[i]) {
            panic!("{what}: {of} {i} differs:\n{:?}\n{:?}", a[i], b[i]);
        }
    }
    first_difference(&spilled.rows, &reference.rows, what, "rows");
    first_difference(
        &targets(&spilled.ev),
        &targets(&reference.ev),
        what,
        "targets",
    );
    first_difference(&spilled.diags, &reference.diags, what, "diagnostics");
}

#[test]
fn a_fast_path_that_gives_up_after_spilling_leaves_nothing_counted_twice() {
    // the fast path reads (and writes out) most of the file, then meets a
    // doubled quote in a cell near the end and gives up: the exact reader reads it all
    // again, so what the fast path wrote out must be undone
    let mut text = data(21, 40_000, 3_000);
    text.push_str("2025-06-01,\"cmp\"\"1\",web,1,1,1.00,1,1,1,1.0\n");
    let (dir, model, csv) = project(&text);
    let reference = run(
        &model,
        Data::Plain(&csv),
        Period::Monthly,
        Reader::Exact,
        None,
        None,
    );
    let spilled = run(
        &model,
        Data::Plain(&csv),
        Period::Monthly,
        Reader::Auto,
        Some(1 << 20),
        Some(dir.path()),
    );
    assert!(spilled.ev.spilled());
    same(&spilled, &reference, "fast path given up");
}

#[test]
fn a_part_too_big_or_no_temporary_directory_is_a_memory_limit_error() {
    let (dir, model, csv) = project(&data(3, 3_000, 300));
    let plan = boussole::plan::plan(&model, Period::Daily, &["campaign".to_string()]);
    let cases: [(u64, PathBuf, &str); 2] = [
        // each of 128 parts still needs more than 1 KiB
        (
            1 << 10,
            dir.path().to_path_buf(),
            "even written to disk in 128 parts",
        ),
        // a directory that does not exist: nothing can be written
        (
            16 << 10,
            dir.path().join("missing"),
            "could not be written to disk: no temporary directory could be made",
        ),
    ];
    for (limit, temp, says) in cases {
        let mut diags = Diagnostics::default();
        let opts = Options {
            memory_limit: Some(limit),
            temp_dir: Some(&temp),
            ..Options::default()
        };
        let ev = boussole::evaluate(&plan, Data::Plain(&csv), &mut diags, &opts).unwrap();
        let errors: Vec<_> = diags
            .items
            .iter()
            .filter(|d| d.code == Code::MemoryLimit)
            .collect();
        assert_eq!(errors.len(), 1, "{:?}", diags.items);
        assert!(errors[0].message.contains(says), "{}", errors[0].message);
        assert!(errors[0].message.contains(&boussole_size(limit)));
        assert_eq!(ev.row_count(), 0);
        // nothing left behind
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|n| n.starts_with("boussole-spill"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }
}

fn boussole_size(bytes: u64) -> String {
    format!("{} KiB", bytes >> 10)
}

#[test]
fn the_human_report_shows_the_first_thousand_combinations_and_counts_the_rest() {
    // 1,500 campaigns on one channel, one month: 1,500 rows
    let mut text = String::from(HEADER);
    for c in 0..1_500 {
        let _ = writeln!(text, "2025-01-15,cmp{c:05},web,1,10,1.00,1,1,1,1.0");
    }
    let (dir, model, csv) = project(&text);
    for limit in [None, Some(64 << 10)] {
        let r = run(
            &model,
            Data::Plain(&csv),
            Period::Monthly,
            Reader::Auto,
            limit,
            Some(dir.path()),
        );
        assert_eq!(r.rows.len(), 1_500);
        let plan = boussole::plan::plan(
            &model,
            Period::Monthly,
            &["campaign".to_string(), "channel".to_string()],
        );
        let text = boussole::render::eval_human(&r.ev, &plan, boussole::i18n::Voice::EN).unwrap();
        assert!(text.contains("\ncampaign=cmp00999 channel=web\nmonthly KPI"));
        assert!(!text.contains("\ncampaign=cmp01000 channel=web\nmonthly KPI"));
        // the targets of 1,500 combinations: the first 1,000 rows listed,
        // all of them counted
        let targets = r.ev.targets.len();
        assert!(targets > 1_000);
        assert!(text.contains(&format!("… and {} more target rows", targets - 1_000)));
        assert!(text.contains("without data\n"));
        assert!(
            text.contains("… and 500 more rows, of dimension values after the first 1000"),
            "{limit:?}"
        );
    }
}

#[test]
fn at_every_limit_the_results_are_the_same_or_a_memory_limit_error() {
    // from a limit no part fits to one everything fits: written out while
    // reading, after reading (groups that fit, tables that would not), or
    // not at all, the results do not change
    let (dir, model, csv) = project(&data(8, 4_000, 400));
    let reference = run(
        &model,
        Data::Plain(&csv),
        Period::Monthly,
        Reader::Exact,
        None,
        None,
    );
    let (mut spilled, mut in_memory, mut refused) = (0, 0, 0);
    let mut limit = 1u64 << 10;
    while limit <= 64 << 20 {
        for reader in [Reader::Exact, Reader::Auto] {
            let r = run(
                &model,
                Data::Plain(&csv),
                Period::Monthly,
                reader,
                Some(limit),
                Some(dir.path()),
            );
            if r.diags.iter().any(|d| d.contains("MemoryLimit")) {
                refused += 1;
            } else {
                if r.ev.spilled() {
                    spilled += 1;
                } else {
                    in_memory += 1;
                }
                same(&r, &reference, &format!("{limit} {reader:?}"));
            }
        }
        limit *= 2;
    }
    assert!(
        spilled > 0 && in_memory > 0 && refused > 0,
        "{spilled} {in_memory} {refused}"
    );
}

#[test]
fn past_a_32nd_of_the_limit_per_period_warnings_are_counted_not_kept() {
    // a zero divisor in each of 100,000 groups: some 40 MB of warnings
    let mut text = String::from(HEADER);
    for i in 0..100_000u32 {
        let _ = writeln!(
            text,
            "2025-01-{:02},cmp{:05},web,1,0,1.00,1,1,1,1.0",
            1 + i % 28,
            i / 28
        );
    }
    let (_dir, model, csv) = project(&text);
    let plan = boussole::plan::plan(&model, Period::Daily, &["campaign".to_string()]);
    let zero = |d: &Diagnostics| {
        d.items
            .iter()
            .filter(|d| d.code == Code::DivisionByZero)
            .count()
    };
    let mut all = Diagnostics::default();
    boussole::evaluate(&plan, Data::Plain(&csv), &mut all, &Options::default()).unwrap();
    let total = zero(&all);
    assert!(total >= 100_000, "{total}");
    let mut bounded = Diagnostics::default();
    let opts = Options {
        memory_limit: Some(64 << 20),
        ..Options::default()
    };
    boussole::evaluate(&plan, Data::Plain(&csv), &mut bounded, &opts).unwrap();
    let kept = zero(&bounded);
    assert!((1_000..total).contains(&kept), "{kept}");
    let omitted: Vec<_> = bounded
        .items
        .iter()
        .filter(|d| d.code == Code::WarningsOmitted)
        .collect();
    assert_eq!(omitted.len(), 1);
    let said = format!(
        "{} more `division-by-zero` warnings are not listed",
        total - kept
    );
    assert!(omitted[0].message.contains(&said), "{}", omitted[0].message);
    // the kept ones are the first in report order, whether the groups were
    // spilled or not (once the bound is full, the later ones are only
    // counted, never written)
    let listed = |d: &mut Diagnostics| {
        d.sort();
        d.items
            .iter()
            .filter(|d| d.code == Code::DivisionByZero)
            .map(|d| (d.period.clone(), d.dimensions.clone(), d.message.clone()))
            .collect::<Vec<_>>()
    };
    let every = listed(&mut all);
    assert_eq!(listed(&mut bounded), every[..kept]);
    let mut spilled = Diagnostics::default();
    let opts = Options {
        memory_limit: Some(8 << 20),
        temp_dir: Some(_dir.path()),
        ..Options::default()
    };
    let ev = boussole::evaluate(&plan, Data::Plain(&csv), &mut spilled, &opts).unwrap();
    assert!(
        ev.spilled(),
        "{:?}",
        spilled
            .items
            .iter()
            .map(|d| d.code.name())
            .collect::<std::collections::BTreeSet<_>>()
    );
    let kept = zero(&spilled);
    assert!((1_000..total).contains(&kept), "{kept}");
    assert_eq!(listed(&mut spilled), every[..kept]);
}
