//! `boussole sql`: the specs compiled to one SELECT for a warehouse.

use super::error::{CliError, Outcome};
use super::output::{out, outcome, print_diags};
use super::parse_period;
use boussole::diagnostic::Diagnostics;
use boussole::source::Sources;
use boussole::sql::{Dialect, Query};
use boussole::vocab::Period;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Spec files or directories.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// duckdb, postgres, bigquery, snowflake or spark.
    #[arg(long, value_parser = parse_dialect)]
    dialect: Dialect,
    /// The table with the data: `TABLE` for a spec without `sources:` (a
    /// `date` column, input and dimension columns) or with one source;
    /// `NAME=TABLE` (repeatable) binds a source, over its `table:`.
    /// `schema.table` names a table in a schema.
    #[arg(long)]
    table: Vec<String>,
    /// daily, weekly, monthly, quarterly or yearly.
    #[arg(long, default_value = "monthly", value_parser = parse_period)]
    period: Period,
    /// Dimension columns to group by, comma-separated.
    #[arg(long, value_delimiter = ',')]
    by: Vec<String>,
    /// The status of every target per objective period (met, missed,
    /// no-data, in-progress) instead of the metrics.
    #[arg(long)]
    objectives: bool,
    /// With `--objectives`: the day of the review, `YYYY-MM-DD` (default:
    /// `BOUSSOLE_AS_OF`, else today in UTC), as `eval --as-of`: a period not
    /// ended by then is `in-progress`.
    #[arg(long, value_name = "DATE", value_parser = super::parse_day)]
    as_of: Option<chrono::NaiveDate>,
}

fn parse_dialect(s: &str) -> Result<Dialect, String> {
    Dialect::parse(s).ok_or_else(|| {
        super::voice(None).text(&boussole::msg!(
            "cli-unknown-dialect",
            text = s,
            dialects = Dialect::ALL.map(Dialect::name).join(", ")
        ))
    })
}

pub fn run(a: Args) -> Result<Outcome, CliError> {
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let model = boussole::check_paths(&a.paths, &mut sources, &mut diags)?;
    let mut plan = boussole::plan(&model, a.period, &a.by);
    if a.objectives {
        plan.as_of = Some(super::review_day(a.as_of)?);
    }
    let query = if a.objectives {
        Query::Objectives
    } else {
        Query::Metrics
    };
    // a spec with errors is reported as such, before any usage question
    let text = if diags.has_errors() {
        None
    } else {
        let tables = boussole::sql::tables(&plan, &a.table).map_err(CliError::Usage)?;
        boussole::compile_sql(&plan, a.dialect, &tables, query, &mut diags)
    };
    diags.sort();
    if let Some(text) = text {
        out!("{text}");
    }
    print_diags(&diags, &sources);
    Ok(outcome(&diags, false))
}
