//! Snapshot tests of `boussole sql` over a folder of fixtures, for every
//! dialect: the metrics query and the `--objectives` query. Every SQL text is
//! also parsed with sqlparser's parser for its dialect, which is how the
//! BigQuery, Snowflake and Spark output is checked (their engines do not run
//! here); DuckDB and PostgreSQL also run theirs in `tests/sql_engines.rs`.

mod common;
use common::run;
use sqlparser::dialect::{
    BigQueryDialect, DatabricksDialect, Dialect, DuckDbDialect, PostgreSqlDialect, SnowflakeDialect,
};
use sqlparser::parser::Parser;

const DIALECTS: &[&str] = &["duckdb", "postgres", "bigquery", "snowflake", "spark"];

fn parser_for(dialect: &str) -> Box<dyn Dialect> {
    match dialect {
        "duckdb" => Box::new(DuckDbDialect {}),
        "postgres" => Box::new(PostgreSqlDialect {}),
        "bigquery" => Box::new(BigQueryDialect {}),
        "snowflake" => Box::new(SnowflakeDialect {}),
        // Spark SQL is the dialect Databricks runs
        _ => Box::new(DatabricksDialect {}),
    }
}

/// Splits an args file like a shell would, for double-quote-free words.
fn words(args: &str) -> Vec<String> {
    args.split_whitespace().map(str::to_string).collect()
}

#[test]
fn sql_fixtures() {
    insta::glob!("fixtures/sql/*/spec.kpi.yaml", |path| {
        let dir = path.parent().unwrap();
        let name = dir.file_name().unwrap().to_str().unwrap().to_string();
        let rel = common::rel(path);
        let extra = words(&std::fs::read_to_string(dir.join("args")).unwrap_or_default());
        for dialect in DIALECTS {
            for objectives in [false, true] {
                let mut args = vec!["sql", rel.as_str(), "--dialect", dialect];
                args.extend(extra.iter().map(String::as_str));
                if objectives {
                    args.push("--objectives");
                }
                let r = run(&args);
                let kind = if objectives { "sql_objectives" } else { "sql" };
                let mut s = insta::Settings::clone_current();
                s.set_snapshot_suffix(format!("{name}-{dialect}"));
                s.set_prepend_module_to_snapshot(false);
                if r.code == 0 {
                    if let Err(e) = Parser::parse_sql(&*parser_for(dialect), &r.stdout) {
                        panic!(
                            "{name}: {dialect}'s parser rejects the SQL: {e}\n{}",
                            r.stdout
                        );
                    }
                    // warnings (a source without a --by dimension) follow the SQL
                    let mut shown = r.stdout.clone();
                    if !r.stderr.is_empty() {
                        shown.push_str("\n-- stderr --\n");
                        shown.push_str(&r.stderr);
                    }
                    s.bind(|| insta::assert_snapshot!(kind, shown));
                } else {
                    assert_eq!(r.code, 1, "{name} {dialect}: {}", r.stderr);
                    assert!(r.stdout.is_empty(), "no SQL after a diagnostic");
                    s.bind(|| insta::assert_snapshot!(kind, r.stderr));
                }
            }
        }
    });
}
