//! The fast CSV path gives results identical to the exact reader, to the last
//! digit, on generated data: random decimals of every scale, negatives, blank
//! cells, zero divisors, several dimensions, dates in any order, CRLF.

use boussole::diagnostic::Diagnostics;
use boussole::eval::{eval_with, Reader};
use boussole::source::Sources;
use boussole::vocab::Period;
use std::fmt::Write as _;
use std::fs;

mod common;
use common::rng::Rng;

const SPEC: &str = "inputs:
  a: count
  b: count
  m: money(EUR)
  hi: { unit: count, aggregate: max }
  lo: { unit: count, aggregate: min }
  mean: { unit: number, aggregate: avg }
  stock: { unit: count, aggregate: last }
  open: { unit: count, aggregate: first }
  twin: { unit: count, aggregate: max, column: a }
metrics:
  - r = a / b
  - p = m / a
  - g = growth(m)
  - d = (a - b) / (b + 1)
";

fn number(rng: &mut Rng) -> String {
    match rng.below(10) {
        0 => String::new(),
        1 => format!("-{}", rng.below(1000)),
        2 => format!(
            "{}.{:0width$}",
            rng.below(100_000),
            rng.below(10u64.pow(4)),
            width = 4
        ),
        3 => format!("0.{:02}", rng.below(100)),
        4 => "0".into(),
        5 => format!("{}", rng.below(10u64.pow(15))),
        6 => format!("{}{:019}", 1 + rng.below(9), rng.below(10u64.pow(18))),
        _ => format!("{}.{}", rng.below(10_000), rng.below(10)),
    }
}

fn csv(rng: &mut Rng, rows: usize, crlf: bool) -> String {
    let eol = if crlf { "\r\n" } else { "\n" };
    let mut s = format!("date,channel,country,a,b,m,hi,lo,mean,stock,open{eol}");
    for _ in 0..rows {
        let day = 1 + rng.below(28);
        let month = 1 + rng.below(12);
        let year = 2025 + rng.below(2);
        let _ = write!(
            s,
            "{year}-{month:02}-{day:02},ch{},{}",
            rng.below(4),
            ["fr", "be", " de ", "\u{a0}nl\u{b}", "café\u{3000}"][rng.below(5) as usize]
        );
        for _ in 0..8 {
            let _ = write!(s, ",{}", number(rng));
        }
        s.push_str(eol);
        if rng.below(200) == 0 {
            s.push_str(eol); // a blank line
        }
    }
    if rng.below(3) == 0 {
        // the last row without a line break
        let trimmed = s.trim_end_matches(['\r', '\n']).len();
        s.truncate(trimmed);
    }
    s
}

/// The test spec, checked, in a temporary directory that also takes the data.
fn checked_spec() -> (tempfile::TempDir, Sources, boussole::check::Model) {
    checked(SPEC)
}

/// A spec, checked, in a temporary directory that also takes the data.
fn checked(text: &str) -> (tempfile::TempDir, Sources, boussole::check::Model) {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("s.kpi.yaml");
    fs::write(&spec, text).unwrap();
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let model = boussole::check_paths(&[spec], &mut sources, &mut diags).unwrap();
    assert!(!diags.has_errors(), "{:?}", diags.items);
    (dir, sources, model)
}

#[test]
fn fast_path_falls_back_on_what_it_does_not_handle() {
    let (dir, sources, model) = checked_spec();
    let plan = boussole::plan::plan(&model, Period::Monthly, &[]);
    let data = dir.path().join("d.csv");
    let header = "date,channel,country,a,b,m,hi,lo,mean,stock,open\n";
    for row in [
        "2026-01-01,x,\"f\"\"r\",1,2,3,4,5,6,7,8",
        "2026-01-01,x,\"fr\"x,1,2,3,4,5,6,7,8",
        "2026-01-01,x,\"f\nr\",1,2,3,4,5,6,7,8",
        "2026-01-01,x,fr,1,2,3,4,5,6,7",
        "2026-1-01,x,fr,1,2,3,4,5,6,7,8",
        "2026-01-01,x,fr,1e3,2,3,4,5,6,7,8",
        "2026-01-01,x,fr,12345678901234567890123456789,2,3,4,5,6,7,8",
        "2026-01-01,x,fr,1,2,3,4,5,6,7,8,9",
        "2026-01-01,x,fr,1,2,3,4,5,6,7,8\n2026-01-02,x,fr,1,2,3,4,5,6,7",
    ] {
        fs::write(&data, format!("{header}{row}\n")).unwrap();
        let mut d = Diagnostics::default();
        assert!(
            eval_with(&plan, &data, &mut d, Reader::FastOnly).is_err(),
            "{row}"
        );
        // and the automatic reader gives the exact reader's answer
        let run = |reader| {
            let mut d = Diagnostics::default();
            let ev = eval_with(&plan, &data, &mut d, reader).unwrap();
            boussole::render::eval_json(&ev, &d, &sources)
        };
        assert_eq!(run(Reader::Auto), run(Reader::Exact), "{row}");
    }
}

#[test]
fn fast_path_equals_exact_reader() {
    let (dir, sources, model) = checked_spec();
    let data = dir.path().join("d.csv");
    let mut rng = Rng(7);
    for case in 0..121 {
        // the last case spans several 4 MiB chunks
        let rows = if case == 120 {
            150_000
        } else {
            [0, 1, 5, 50, 500, 3000][case % 6]
        };
        fs::write(&data, csv(&mut rng, rows, case % 5 == 0)).unwrap();
        let by: Vec<String> = match case % 3 {
            0 => vec![],
            1 => vec!["channel".into()],
            _ => vec!["country".into(), "channel".into()],
        };
        let period = [
            Period::Daily,
            Period::Weekly,
            Period::Monthly,
            Period::Quarterly,
        ][case % 4];
        let plan = boussole::plan::plan(&model, period, &by);
        let run = |reader| {
            let mut d = Diagnostics::default();
            let ev = eval_with(&plan, &data, &mut d, reader).unwrap();
            boussole::render::eval_json(&ev, &d, &sources)
        };
        let (fast, exact) = (run(Reader::FastOnly), run(Reader::Exact));
        assert_eq!(fast, exact, "case {case}: {rows} rows");
        // the streamed JSON is the same text as the pretty-printed document
        let mut d = Diagnostics::default();
        let ev = eval_with(&plan, &data, &mut d, Reader::Auto).unwrap();
        let mut streamed = Vec::new();
        boussole::render::write_eval_json(&mut streamed, &ev, &d, &sources).unwrap();
        let built = serde_json::to_string_pretty(&boussole::render::eval_json(&ev, &d, &sources));
        assert_eq!(
            String::from_utf8(streamed).unwrap(),
            built.unwrap(),
            "case {case}"
        );
        if rows > 0 {
            assert!(!exact["results"].as_array().unwrap().is_empty());
        }
    }
}

/// A French export (`;` between fields, `,` before decimals) gives the same
/// results through both readers, and the same as its `,`/`.` original.
#[test]
fn decimal_comma_and_delimiter_on_both_readers() {
    use boussole::eval::{eval_opts, Options};
    let (dir, sources, model) = checked_spec();
    let data = dir.path().join("d.csv");
    let french = dir.path().join("f.csv");
    let mut rng = Rng(11);
    for case in 0..30 {
        let text = csv(&mut rng, [5, 50, 500][case % 3], case % 4 == 0);
        fs::write(&data, &text).unwrap();
        fs::write(&french, text.replace(',', ";").replace('.', ",")).unwrap();
        let by: Vec<String> = vec!["channel".into()];
        let plan = boussole::plan::plan(&model, Period::Monthly, &by);
        let run = |path: &std::path::Path, reader, french: bool| {
            let mut d = Diagnostics::default();
            let opts = Options {
                reader,
                delimiter: if french { b';' } else { b',' },
                decimal_comma: french,
                ..Options::default()
            };
            let ev = eval_opts(&plan, path, &mut d, &opts).unwrap();
            let mut doc = boussole::render::eval_json(&ev, &d, &sources);
            // the messages name the file
            doc["diagnostics"] = serde_json::Value::Null;
            doc
        };
        let original = run(&data, Reader::Exact, false);
        assert_eq!(
            run(&french, Reader::FastOnly, true),
            original,
            "case {case}"
        );
        assert_eq!(run(&french, Reader::Exact, true), original, "case {case}");
    }
}

/// A declared source whose dates are written in one of the layouts the fast
/// path reads (day first, month first, year first with `/` or `.`,
/// GA4's `20260301`), with `;` and decimal commas: the fast path reads it,
/// and gives exactly what the exact reader gives.
#[test]
fn date_formats_of_sources_on_the_fast_path() {
    let formats = [
        "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%d-%m-%Y", "%Y/%m/%d", "%Y%m%d",
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng(77);
    for (k, format) in formats.iter().enumerate() {
        let spec = format!(
            "sources:\n  s:\n    path: data.csv\n    decimal: comma\n    date: {{ column: Jour, format: \"{format}\" }}\ninputs:\n  a: {{ unit: count, source: s }}\n  m: {{ unit: money(EUR), source: s }}\n  hi: {{ unit: count, source: s, aggregate: max, column: a }}\nmetrics:\n  - p = m / a\n"
        );
        let spec_path = dir.path().join(format!("s{k}.kpi.yaml"));
        let mut text = String::from("Jour;canal;a;m\n");
        for _ in 0..2000 {
            let (y, m, d) = (2025 + rng.below(2), 1 + rng.below(12), 1 + rng.below(28));
            let date = match k {
                0 => format!("{d:02}/{m:02}/{y}"),
                1 => format!("{m:02}/{d:02}/{y}"),
                2 => format!("{d:02}.{m:02}.{y}"),
                3 => format!("{d:02}-{m:02}-{y}"),
                4 => format!("{y}/{m:02}/{d:02}"),
                _ => format!("{y}{m:02}{d:02}"),
            };
            let amount = number(&mut rng).replace('.', ",");
            let _ = writeln!(
                text,
                "{date};ch{};{};{amount}",
                rng.below(3),
                rng.below(500)
            );
        }
        let data = dir.path().join("data.csv");
        fs::write(&data, &text).unwrap();
        let (fast, exact) = common::both_readers(
            &spec_path,
            &spec,
            &data,
            &["canal".to_string()],
            Period::Monthly,
        );
        let fast = fast.unwrap_or_else(|e| panic!("{format}: {e}"));
        assert_eq!(fast["errors"], 0, "{format}: {fast:#}");
        assert!(fast["results"].as_array().unwrap().len() > 20, "{format}");
        assert_eq!(fast, exact, "{format}");
    }
}

/// A French export as Excel saves it, every option the fast path reads at
/// once: Windows-1252 (accents, and no-break spaces as thousands
/// separators), a `#` preamble and a skipped title line, `;`, decimal
/// commas, thousands separators, quoted cells (`"1 234,50"`, a quoted
/// campaign name holding `;`), CRLF line ends. The fast path reads it, and
/// gives exactly what the exact reader gives; so does every thousands style.
#[test]
fn french_exports_on_the_fast_path() {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng(2027);
    for (k, (decimal, thousands, sep)) in [
        ("comma", "\" \"", " "),
        ("comma", "\" \"", "\u{a0}"),
        ("comma", "\".\"", "."),
        ("point", "\",\"", ","),
        ("point", "\"'\"", "'"),
    ]
    .iter()
    .enumerate()
    {
        let spec = format!(
            "sources:\n  s:\n    path: data.csv\n    encoding: windows-1252\n    skip: 1\n    decimal: {decimal}\n    thousands: {thousands}\n    date: {{ column: Jour, format: \"%d/%m/%Y\" }}\n    dimensions: {{ campagne: Campagne }}\ninputs:\n  spend: {{ unit: money(EUR), source: s, column: Montant dépensé }}\n  clicks: {{ unit: count, source: s, column: Clics }}\nmetrics:\n  - cpc = spend / clicks\n"
        );
        let spec_path = dir.path().join(format!("f{k}.kpi.yaml"));
        let mark = if *decimal == "comma" { ',' } else { '.' };
        let mut text = String::from("Rapport Meta Ads — mars 2026\r\n# export du 01/04/2026\r\nJour;Campagne;Montant dépensé;Clics\r\n");
        for _ in 0..3000 {
            let (y, m, d) = (2025 + rng.below(2), 1 + rng.below(12), 1 + rng.below(28));
            let euros = rng.below(2_000_000);
            let amount = if euros >= 1000 {
                format!(
                    "{}{sep}{:03}{mark}{:02}",
                    euros / 1000,
                    euros % 1000,
                    rng.below(100)
                )
            } else {
                format!("{euros}{mark}{:02}", rng.below(100))
            };
            // Excel quotes cells that hold a space or the delimiter
            let amount = if rng.below(2) == 0 {
                format!("\"{amount}\"")
            } else {
                amount
            };
            let campaign = ["Été", "\"Noël; fêtes\"", "Rentrée"][rng.below(3) as usize];
            let clicks = if rng.below(10) == 0 {
                String::new()
            } else {
                rng.below(5000).to_string()
            };
            text.push_str(&format!(
                "{d:02}/{m:02}/{y};{campaign};{amount};{clicks}\r\n"
            ));
        }
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
        assert!(!unmappable);
        let data = dir.path().join("data.csv");
        fs::write(&data, &bytes).unwrap();
        let (fast, exact) = common::both_readers(
            &spec_path,
            &spec,
            &data,
            &["campagne".to_string()],
            Period::Monthly,
        );
        let fast = fast.unwrap_or_else(|e| panic!("case {k}: {e}"));
        assert_eq!(fast["errors"], 0, "case {k}: {fast:#}");
        assert_eq!(fast["results"].as_array().unwrap().len(), 72, "case {k}");
        assert_eq!(fast, exact, "case {k}");
    }
}

/// A dimension with very many values (an ad-level export) under a memory
/// limit: each worker's groups are flushed into the shared ones chunk after
/// chunk, and its own table of values starts over; the report is still the
/// exact reader's.
#[test]
fn high_cardinality_flushes_give_the_exact_readers_report() {
    const SPEC: &str = "inputs:
  a: count
  hi: { unit: count, aggregate: max, column: b }
  open: { unit: count, aggregate: first, column: b }
  stock: { unit: count, aggregate: last, column: a }
metrics:
  - r = a / hi
";
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("s.kpi.yaml"), SPEC).unwrap();
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let model =
        boussole::check_paths(&[dir.path().join("s.kpi.yaml")], &mut sources, &mut diags).unwrap();
    let mut rng = Rng(2026);
    let mut s = String::from("date,ad,a,b\n");
    for _ in 0..520_000 {
        let _ = writeln!(
            s,
            "2026-{:02}-{:02},ad{},{},{}",
            1 + rng.below(2),
            1 + rng.below(28),
            rng.below(400_000),
            rng.below(1000),
            number(&mut rng)
        );
    }
    assert!(s.len() > 3 * (4 << 20), "several chunks");
    let data = dir.path().join("ads.csv");
    fs::write(&data, s).unwrap();
    for period in [Period::Monthly, Period::Weekly] {
        let plan = boussole::plan::plan(&model, period, &["ad".to_string()]);
        // a memory limit makes the parts flush at a sixteenth of it (two
        // workers): about every 130,000 groups here
        let run = |reader| {
            let mut d = Diagnostics::default();
            let opts = boussole::eval::Options {
                reader,
                memory_limit: Some(256 << 20),
                ..Default::default()
            };
            let ev = boussole::eval::eval_opts(&plan, &data, &mut d, &opts).unwrap();
            assert!(!d.has_errors(), "{:?}", d.items);
            assert!(ev.row_count() > 250_000, "{period:?}");
            (ev, d)
        };
        let ((fast, fd), (exact, ed)) = (run(Reader::FastOnly), run(Reader::Exact));
        assert_eq!(format!("{:?}", fd.items), format!("{:?}", ed.items));
        assert_eq!(fast.row_count(), exact.row_count());
        for (f, e) in fast
            .collect_rows()
            .unwrap()
            .iter()
            .zip(&exact.collect_rows().unwrap())
        {
            assert_eq!(
                (f.key, &f.dims, &f.values),
                (e.key, &e.dims, &e.values),
                "{period:?}"
            );
        }
    }
}

/// Row-level inputs are read on every core by the exact reader's own row
/// code (`eval/parallel.rs`): the same report as the sequential reader on
/// generated order lines spread over many chunks, quoted cells included; on
/// a quoted cell holding a line break or a bad row it gives up (`FastOnly`
/// fails) and the automatic reader gives the sequential reader's answer and
/// diagnostics.
#[test]
fn row_level_inputs_on_every_core_equal_the_exact_reader() {
    let (dir, sources, model) = checked(
        r#"inputs:
  revenue: { unit: money(EUR), expr: Quantity * Price, where: 'not starts_with(Invoice, "C")' }
  orders: { unit: count, aggregate: count_distinct, expr: Invoice }
  customers: { unit: count, aggregate: count_distinct, expr: Customer, where: not is_empty(Customer) }
  repeat: { unit: count, aggregate: count_distinct, expr: Customer, having: 'count_distinct(Invoice) >= 2' }
  lines: { unit: count, aggregate: count }
  big: { unit: count, aggregate: max, expr: Quantity * Price }
  last_qty: { unit: count, aggregate: last, expr: Quantity }
metrics:
  - basket = revenue / orders
"#,
    );
    let data = dir.path().join("d.csv");
    let mut rng = Rng(11);
    let mut text = String::from("date,country,Invoice,Quantity,Price,Customer\n");
    for i in 0..40_000u64 {
        let invoice = i / 3;
        let _ = writeln!(
            text,
            "2026-{:02}-{:02},c{},{}{invoice},{},{}.{:02},{}",
            1 + invoice * 12 / 13_334,
            1 + rng.below(28),
            rng.below(3),
            if rng.below(20) == 0 { "C" } else { "" },
            rng.below(30) as i64 - 2,
            rng.below(50),
            rng.below(100),
            if rng.below(8) == 0 {
                String::new()
            } else {
                (1000 + rng.below(500)).to_string()
            }
        );
    }
    let run = |reader, plan: &boussole::plan::Plan| {
        let mut d = Diagnostics::default();
        let opts = boussole::eval::Options {
            reader,
            // small chunks (a 64th of the limit): the 1.5 MB file is read
            // in about 8 of them
            memory_limit: Some(12 << 20),
            ..boussole::eval::Options::default()
        };
        let ev = boussole::eval::eval_opts(plan, &data, &mut d, &opts);
        ev.map(|ev| boussole::render::eval_json(&ev, &d, &sources))
    };
    fs::write(&data, &text).unwrap();
    for (period, by) in [
        (Period::Monthly, vec!["country".to_string()]),
        (Period::Quarterly, vec![]),
        (Period::Weekly, vec!["country".to_string()]),
    ] {
        let plan = boussole::plan::plan(&model, period, &by);
        let exact = run(Reader::Exact, &plan).unwrap();
        assert!(exact["results"].as_array().unwrap().len() > 3, "{exact}");
        assert_eq!(run(Reader::FastOnly, &plan).unwrap(), exact, "{period:?}");
    }
    // quoted cells without line breaks, as exports quote text: still on
    // every core, and the same answer
    let plan = boussole::plan::plan(&model, Period::Monthly, &["country".to_string()]);
    let quoted = text
        .replace(",c1,", ",\"c1\",")
        .replace(",C1", ",\"C\"\"1\"\"\"")
        .replace(",c2,", ",\"c2, \"\"big\"\"\",");
    fs::write(&data, &quoted).unwrap();
    let exact = run(Reader::Exact, &plan).unwrap();
    assert!(exact.to_string().contains(r#"c2, \"big\""#), "{exact}");
    assert_eq!(run(Reader::FastOnly, &plan).unwrap(), exact);
    // a quoted cell holding a line break, a bad number in the middle: the
    // sequential reader's turn
    let plan = boussole::plan::plan(&model, Period::Monthly, &[]);
    for (from, to) in [(",c1,", ",\"c\n1\","), (",12.", ",x12.")] {
        let at = text.len() / 2 + text[text.len() / 2..].find(from).unwrap();
        let broken = format!("{}{to}{}", &text[..at], &text[at + from.len()..]);
        fs::write(&data, &broken).unwrap();
        assert!(run(Reader::FastOnly, &plan).is_err(), "{to}");
        assert_eq!(
            run(Reader::Auto, &plan).unwrap(),
            run(Reader::Exact, &plan).unwrap(),
            "{to}"
        );
    }
}

/// Quotes as exports write them, and as they should not: quoted cells with
/// commas and `""`, a quote inside a plain cell, now and then a quoted cell
/// holding a line break, over files cut in many chunks. The automatic
/// reader (every core where it can) always gives the sequential reader's
/// report, diagnostics included.
#[test]
fn quoted_cells_in_any_chunk_give_the_sequential_readers_report() {
    let (dir, sources, model) = checked(
        r#"inputs:
  revenue: { unit: money(EUR), expr: Quantity * Price, where: 'not starts_with(Invoice, "C")' }
  orders: { unit: count, aggregate: count_distinct, expr: Invoice }
  labels: { unit: count, aggregate: count_distinct, expr: Label }
metrics:
  - basket = revenue / orders
"#,
    );
    let plan = boussole::plan::plan(&model, Period::Monthly, &["country".to_string()]);
    let data = dir.path().join("d.csv");
    let run = |reader| {
        let mut d = Diagnostics::default();
        let opts = boussole::eval::Options {
            reader,
            // chunks of 64 KiB: a 200 KB file is read in several
            memory_limit: Some(4 << 20),
            ..boussole::eval::Options::default()
        };
        let ev = boussole::eval::eval_opts(&plan, &data, &mut d, &opts);
        ev.map(|ev| boussole::render::eval_json(&ev, &d, &sources))
            .map_err(|e| format!("{e:?}"))
    };
    let labels = [
        "plain",
        "\"Doe, John\"",
        "\"say \"\"hi\"\"\"",
        "12\" screen",
        "\"\"",
        "\"two\nlines\"",
    ];
    let mut parallel = 0;
    for seed in 1..=12u64 {
        let mut rng = Rng(seed * 7919);
        // one file in three has a line break inside quotes somewhere
        let breaks = seed % 3 == 0;
        let mut text = String::from("date,country,Invoice,Quantity,Price,Label\n");
        for i in 0..6_000u64 {
            let mut label = labels[rng.below(5) as usize];
            if breaks && rng.below(4_000) == 0 {
                label = labels[5];
            }
            let _ = writeln!(
                text,
                "2026-{:02}-{:02},{},{}{},{},{}.{:02},{label}",
                1 + i * 12 / 6_000,
                1 + rng.below(28),
                if rng.below(2) == 0 { "\"fr\"" } else { "be" },
                if rng.below(30) == 0 { "C" } else { "" },
                i / 4,
                rng.below(20),
                rng.below(40),
                rng.below(100),
            );
        }
        fs::write(&data, &text).unwrap();
        let exact = run(Reader::Exact);
        assert_eq!(run(Reader::Auto), exact, "seed {seed}");
        if run(Reader::FastOnly).is_ok() {
            parallel += 1;
            assert_eq!(run(Reader::FastOnly), exact, "seed {seed}");
        }
    }
    // the files without a line break inside quotes were read on every core
    assert!(parallel >= 8, "{parallel} of 12 read in parallel");
}
