//! `eval --engine`: what goes wrong says so, as an `engine-error` with the
//! engine's own words, and never with the connection string; the flags
//! that do not go together are usage errors. (That the values are eval's,
//! byte for byte, is proven in `tests/sql_engines.rs` and
//! `tests/sql_sources.rs` on generated data.)

mod common;

use common::engines;
use common::run_in;
use std::path::Path;

const SPEC: &str =
    "inputs:\n  clicks: count\n  impressions: count\nmetrics:\n  - ctr = clicks / impressions\n";

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("kpis.kpi.yaml"), SPEC).expect("write spec");
    std::fs::write(
        dir.path().join("data.csv"),
        "date,clicks,impressions\n2026-01-05,3,100\n2026-01-06,4,0\n",
    )
    .expect("write data");
    dir
}

/// stderr with the temporary directory's path taken out.
fn scrub(text: &str, dir: &Path) -> String {
    text.replace(&dir.display().to_string(), "[dir]")
}

#[test]
fn flags_that_do_not_go_together_are_usage_errors() {
    let dir = project();
    let mut out = String::new();
    for args in [
        &["--engine", "duckdb"][..],
        &["--engine", "postgres"],
        &[
            "--engine",
            "duckdb",
            "--database",
            "x.duckdb",
            "--data",
            "data.csv",
        ],
        &[
            "--engine",
            "duckdb",
            "--database",
            "x.duckdb",
            "--on-bad-row",
            "skip",
        ],
        &[
            "--engine",
            "duckdb",
            "--database",
            "x.duckdb",
            "--connection",
            "host=localhost",
        ],
        &["--engine", "postgres", "--database", "x.duckdb"],
        &["--database", "x.duckdb", "--data", "data.csv"],
        &["--table", "t", "--data", "data.csv"],
    ] {
        let mut all = vec!["eval", "kpis.kpi.yaml"];
        all.extend(args);
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_boussole"));
        common::in_english(&mut cmd)
            .args(&all)
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .env_remove("DATABASE_URL");
        let run = cmd.output().expect("runs");
        assert_eq!(run.status.code(), Some(2), "{all:?}");
        out.push_str(&format!(
            "$ boussole {}\n{}\n",
            all.join(" "),
            String::from_utf8_lossy(&run.stderr)
        ));
    }
    insta::assert_snapshot!(out);
}

#[test]
fn a_missing_database_file_is_an_engine_error() {
    let dir = project();
    let run = run_in(
        dir.path(),
        &[
            "eval",
            "kpis.kpi.yaml",
            "--engine",
            "duckdb",
            "--database",
            "nope.duckdb",
            "--table",
            "t",
        ],
    );
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(scrub(&run.stderr, dir.path()));
}

#[test]
fn the_connection_string_never_shows() {
    let dir = project();
    // a port nothing listens on, a password in the URL and in PGPASSWORD
    for conn in [
        "postgresql://kpi:s3cr3t-pw@127.0.0.1:1/analytics",
        "host=127.0.0.1 port=1 user=kpi password=s3cr3t-pw dbname=analytics",
        "postgresql://kpi:s3cr3t-pw@[not a host",
    ] {
        let run = run_in(
            dir.path(),
            &[
                "eval",
                "kpis.kpi.yaml",
                "--engine",
                "postgres",
                "--connection",
                conn,
                "--table",
                "t",
                "--format",
                "json",
            ],
        );
        assert_eq!(run.code, 1, "{conn}: {}", run.stderr);
        assert!(
            run.stdout.contains("engine-error"),
            "{conn}: {}",
            run.stdout
        );
        for text in [&run.stdout, &run.stderr] {
            assert!(!text.contains("s3cr3t"), "{conn}: {text}");
        }
    }
}

#[test]
#[cfg_attr(
    not(feature = "engines"),
    ignore = "runs on a real DuckDB and PostgreSQL: cargo test --features engines (bash .ci/run sets them up)"
)]
fn missing_tables_and_columns_are_engine_errors() {
    let dir = project();
    let data = dir.path().join("data.csv");
    engines::duckdb_in(
        &dir.path().join("kpi.duckdb"),
        &engines::duckdb_load(&data, "events", "SELECT 1"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let header: Vec<String> = ["date", "clicks", "impressions"].map(String::from).to_vec();
    engines::postgres(&format!(
        "{}SELECT 1;\n",
        engines::postgres_table(&data, &header, "engine_errors", "events", ',')
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    let pg = engines::pg_conninfo();
    let mut out = String::new();
    let cases: [(&str, Vec<&str>); 4] = [
        (
            "duckdb, no such table",
            vec![
                "--engine",
                "duckdb",
                "--database",
                "kpi.duckdb",
                "--table",
                "evnts",
            ],
        ),
        (
            "postgres, no such table",
            vec![
                "--engine",
                "postgres",
                "--connection",
                &pg,
                "--table",
                "engine_errors.evnts",
            ],
        ),
        (
            "duckdb, no such column",
            vec![
                "--engine",
                "duckdb",
                "--database",
                "kpi.duckdb",
                "--table",
                "events",
            ],
        ),
        (
            "postgres, no such column",
            vec![
                "--engine",
                "postgres",
                "--connection",
                &pg,
                "--table",
                "engine_errors.events",
            ],
        ),
    ];
    for (i, (what, flags)) in cases.iter().enumerate() {
        // the last two read a column the table does not have
        let spec = if i >= 2 {
            SPEC.replace(
                "impressions: count",
                "impressions: { unit: count, column: impresions }",
            )
        } else {
            SPEC.to_string()
        };
        std::fs::write(dir.path().join("kpis.kpi.yaml"), spec).expect("write spec");
        let mut args = vec!["eval", "kpis.kpi.yaml"];
        args.extend(flags);
        let run = run_in(dir.path(), &args);
        assert_eq!(run.code, 1, "{what}: {}", run.stderr);
        assert!(
            run.stderr.contains("engine-error"),
            "{what}: {}",
            run.stderr
        );
        out.push_str(&format!("## {what}\n{}\n", scrub(&run.stderr, dir.path())));
    }
    engines::postgres("DROP SCHEMA engine_errors CASCADE;\nSELECT 1;\n")
        .unwrap_or_else(|e| panic!("{e}"));
    insta::assert_snapshot!(out);
}

/// DATABASE_URL is the default connection; `eval`'s human output and the
/// Markdown review (stdout, stderr, exit code) inside PostgreSQL are the
/// same as on the file.
#[test]
#[cfg_attr(
    not(feature = "engines"),
    ignore = "runs on a real DuckDB and PostgreSQL: cargo test --features engines (bash .ci/run sets them up)"
)]
fn database_url_and_the_review() {
    let dir = project();
    let data = dir.path().join("data.csv");
    let header: Vec<String> = ["date", "clicks", "impressions"].map(String::from).to_vec();
    engines::postgres(&format!(
        "{}SELECT 1;\n",
        engines::postgres_table(&data, &header, "engine_report", "events", ',')
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    let run = |command: &str, extra: &[&str], url: Option<&str>| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_boussole"));
        common::in_english(&mut cmd)
            .arg(command)
            .arg("kpis.kpi.yaml")
            .args(extra)
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .env("BOUSSOLE_AS_OF", "2026-03-01");
        match url {
            Some(u) => cmd.env("DATABASE_URL", u),
            None => cmd.env_remove("DATABASE_URL"),
        };
        let out = cmd.output().expect("runs");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let engine = ["--engine", "postgres", "--table", "engine_report.events"];
    let conninfo = engines::pg_conninfo();
    let file = run("eval", &["--data", "data.csv"], None);
    let inside = run("eval", &engine, Some(&conninfo));
    // the review too, in Markdown
    let md = ["--format", "markdown"];
    let report_file = run("report", &[&md[..], &["--data", "data.csv"]].concat(), None);
    let report_inside = run("report", &[&md[..], &engine[..]].concat(), Some(&conninfo));
    engines::postgres("DROP SCHEMA engine_report CASCADE;\nSELECT 1;\n")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(file, inside);
    // a division by zero on 2026-01-06 is not one here: monthly, 7 / 100
    assert!(file.1.contains("2026-01"), "{}", file.1);
    assert_eq!(report_file, report_inside);
    assert!(
        report_file.1.contains("KPI review — 2026-03-01"),
        "{}",
        report_file.1
    );
}
