//! `boussole eval`: every input, metric and target on a CSV export.

use super::error::{CliError, Outcome};
use super::output::{out, outcome, print_diags};
use super::progress::progress_bar;
use super::{parse_period, Format};
use boussole::diagnostic::Diagnostics;
use boussole::eval::sources::{self, Binding};
use boussole::project::Project;
use boussole::source::Sources;
use boussole::vocab::Period;
use boussole::{eval, plan, render};
use clap::ValueEnum;
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Spec files or directories.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    reading: Reading,
    /// daily, weekly, monthly, quarterly or yearly.
    #[arg(long, default_value = "monthly", value_parser = parse_period)]
    period: Period,
    /// Dimension columns to group by, comma-separated.
    #[arg(long, value_delimiter = ',')]
    by: Vec<String>,
    #[arg(long, value_enum, default_value = "human")]
    format: EvalFormat,
    /// Exit 1 when there are warnings.
    #[arg(long)]
    deny_warnings: bool,
}

/// How the data is found and read, and the day of the review: what `eval`
/// and `report` share.
#[derive(clap::Args)]
pub struct Reading {
    /// The data: `FILE` (a spec without `sources:`, or with one source), or
    /// `NAME=FILE` for a named source (repeatable; a source with `path:`
    /// needs none). A plain CSV has a header, a `date` column (YYYY-MM-DD),
    /// input and dimension columns.
    #[arg(long)]
    data: Vec<String>,
    /// No progress bar (it only shows on a terminal, for large files).
    #[arg(long, short)]
    quiet: bool,
    /// What a bad row does: `error` (a data-error each, no values) or
    /// `skip` (left out, counted, listed in one warning).
    #[arg(long, value_enum, default_value = "error")]
    on_bad_row: OnBadRow,
    /// The CSV's field delimiter: one character, or `tab` (a spec without
    /// `sources:`; a source says `delimiter:`).
    #[arg(long, value_parser = parse_delimiter)]
    delimiter: Option<u8>,
    /// Numbers are written with a decimal comma (`12,5`); needs a
    /// delimiter other than `,` (a spec without `sources:`; a source says
    /// `decimal: comma`).
    #[arg(long)]
    decimal_comma: bool,
    /// The memory the groups and tables may take: `256MiB`, `2GiB`, `none`
    /// (default: three quarters of the machine's memory, or of its
    /// container's limit). Past it, the groups are written to a temporary
    /// directory and evaluated part by part; where even a part does not
    /// fit, eval stops with a `memory-limit` error rather than be killed by
    /// the system.
    #[arg(long, value_name = "SIZE", value_parser = super::memory::parse_limit)]
    memory_limit: Option<super::memory::Limit>,
    /// Where the temporary directory of groups written out past
    /// `--memory-limit` is made (default: the system's, `TMPDIR`); it is
    /// removed when eval ends.
    #[arg(long, value_name = "DIR")]
    temp_dir: Option<PathBuf>,
    /// The day of the review, `YYYY-MM-DD` (default: `BOUSSOLE_AS_OF`, else
    /// today in UTC). A target's period that has not ended by then is
    /// `in-progress`: its value so far is shown, never judged missed.
    #[arg(long, value_name = "DATE", value_parser = super::parse_day)]
    as_of: Option<chrono::NaiveDate>,
    /// Run the spec's aggregates inside an engine instead of reading files:
    /// `duckdb` (with --database) or `postgres` (with --connection). The
    /// rows come back into the same evaluation: targets, diagnostics and
    /// every output format as with --data.
    #[arg(long, value_enum, value_name = "ENGINE")]
    engine: Option<EngineKind>,
    /// The DuckDB database file (`--engine duckdb`), opened read-only.
    #[arg(long, value_name = "FILE")]
    database: Option<PathBuf>,
    /// The PostgreSQL server (`--engine postgres`):
    /// `postgresql://USER@HOST:PORT/DATABASE` or `host=… user=… dbname=…`
    /// (default: `DATABASE_URL`); the password in it or in `PGPASSWORD`.
    /// Never printed.
    #[arg(long, value_name = "URL")]
    connection: Option<String>,
    /// The table of a source (`--engine`): `SOURCE=TABLE`, or `TABLE` for
    /// the only source (default: the source's `table:`); repeatable.
    #[arg(long, value_name = "[SOURCE=]TABLE")]
    table: Vec<String>,
}

/// The engines `--engine` runs the aggregates in.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum EngineKind {
    Duckdb,
    Postgres,
}

/// A run of the pipeline over the data: what `eval` and `report` render.
pub struct Run {
    pub sources: Sources,
    pub diags: Diagnostics,
    pub plan: plan::Plan,
    /// None when the specs or the data's files have errors.
    pub ev: Option<eval::Evaluation>,
}

/// `eval`'s output formats: those of `check`, and `csv`.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum EvalFormat {
    Human,
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…::message`).
    Github,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
    /// The result rows as a flat table (one line per period and dimension
    /// values, a column per input and metric); diagnostics on stderr.
    Csv,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum OnBadRow {
    Error,
    Skip,
}

fn parse_delimiter(s: &str) -> Result<u8, String> {
    boussole::spec::delimiter(s)
}

pub fn run(a: Args) -> Result<Outcome, CliError> {
    let Run {
        sources,
        diags,
        plan,
        ev,
    } = read(&a.paths, &a.reading, a.period, &a.by)?;
    match (a.format, ev) {
        (EvalFormat::Csv, ev) => {
            if let Some(ev) = ev.filter(|e| !(e.row_count() == 0 && diags.has_errors())) {
                let mut out = std::io::BufWriter::new(std::io::stdout().lock());
                match render::write_eval_csv(&mut out, &ev) {
                    Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                        return Err(CliError::io_doing(
                            boussole::msg!("cli-cannot-write-report"),
                            e,
                        ));
                    }
                    _ => {}
                }
            }
            print_diags(&diags, &sources);
        }
        (EvalFormat::Json, Some(ev)) => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            let written = render::write_eval_json(&mut out, &ev, &diags, &sources)
                .and_then(|()| writeln!(out))
                .and_then(|()| out.flush());
            // a reader that stopped early (`| head`) is not an error
            match written {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    return Err(CliError::io_doing(
                        boussole::msg!("cli-cannot-write-report"),
                        e,
                    ));
                }
                _ => {}
            }
        }
        (EvalFormat::Human, ev) => {
            // after a data error no value is reported: the diagnostics say why
            if let Some(ev) = ev.filter(|e| !(e.row_count() == 0 && diags.has_errors())) {
                let text = render::eval_human(&ev, &plan, super::voice(plan.locale))
                    .map_err(|e| CliError::io_doing(boussole::msg!("cli-cannot-read-back"), e))?;
                out!("{}", text);
            }
            print_diags(&diags, &sources);
        }
        (format, _) => {
            let format = match format {
                EvalFormat::Github => Format::Github,
                EvalFormat::Sarif => Format::Sarif,
                _ => Format::Json,
            };
            out!("{}", format.emitter().emit(&diags, &sources))
        }
    }
    Ok(outcome(&diags, a.deny_warnings))
}

/// Checks the specs at `paths`, plans them at `period` by `by`, and
/// evaluates them on the data `r` names.
pub fn read(
    paths: &[PathBuf],
    r: &Reading,
    period: Period,
    by: &[String],
) -> Result<Run, CliError> {
    if r.decimal_comma && r.delimiter.unwrap_or(b',') == b',' {
        return Err(super::usage(boussole::msg!("cli-decimal-comma-delimiter")));
    }
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let project = Project::of(paths);
    let model = boussole::check_project(paths, &project, &mut sources, &mut diags)?;
    let mut plan = boussole::plan(&model, period, by);
    plan.as_of = Some(super::review_day(r.as_of)?);
    let declared = !model.spec.sources.is_empty();
    if declared && (r.delimiter.is_some() || r.decimal_comma) {
        return Err(super::usage(boussole::msg!(
            "cli-reading-flags-with-sources"
        )));
    }
    let ev = if let Some(kind) = r.engine {
        if !r.data.is_empty()
            || r.delimiter.is_some()
            || r.decimal_comma
            || r.on_bad_row != OnBadRow::Error
        {
            return Err(super::usage(boussole::msg!("cli-engine-with-data")));
        }
        // the other engine's flag is a mistake, not something to ignore
        let other = match kind {
            EngineKind::Duckdb => r.connection.is_some().then_some(("connection", "postgres")),
            EngineKind::Postgres => r.database.is_some().then_some(("database", "duckdb")),
        };
        if let Some((flag, engine)) = other {
            return Err(super::usage(boussole::msg!(
                "cli-engine-other-flag",
                flag = flag,
                engine = engine
            )));
        }
        let engine = match kind {
            EngineKind::Duckdb => boussole::engine::Engine::DuckDb {
                database: r
                    .database
                    .clone()
                    .ok_or_else(|| super::usage(boussole::msg!("cli-engine-needs-database")))?,
            },
            EngineKind::Postgres => boussole::engine::Engine::Postgres {
                connection: r
                    .connection
                    .clone()
                    .or_else(|| std::env::var("DATABASE_URL").ok())
                    .filter(|c| !c.is_empty())
                    .ok_or_else(|| super::usage(boussole::msg!("cli-engine-needs-connection")))?,
            },
        };
        if diags.has_errors() {
            None
        } else {
            let tables = boussole::sql::tables(&plan, &r.table).map_err(CliError::Usage)?;
            boussole::evaluate_in(&plan, &engine, &tables, &mut diags)
        }
    } else if r.database.is_some() || r.connection.is_some() || !r.table.is_empty() {
        return Err(super::usage(boussole::msg!(
            "cli-engine-flag-without-engine"
        )));
    } else if diags.has_errors() {
        None
    } else {
        let bindings: Vec<Binding> = r.data.iter().map(|d| Binding::parse(d)).collect();
        let files = if declared {
            sources::files(&plan, &bindings, &project, &mut diags).map_err(CliError::Usage)?
        } else {
            match bindings.as_slice() {
                [one] if one.source.is_none() => {
                    if sources::named_file(&one.file, &mut diags) {
                        vec![vec![one.file.clone()]]
                    } else {
                        vec![Vec::new()]
                    }
                }
                [] => return Err(super::usage(boussole::msg!("cli-data-needed"))),
                _ => return Err(super::usage(boussole::msg!("cli-one-data"))),
            }
        };
        if diags.has_errors() {
            None
        } else {
            Some(evaluate(r, &plan, &files, declared, &mut diags)?)
        }
    };
    diags.sort();
    // the run's diagnostics in the reader's language, once for every output
    diags.localize(super::lang());
    Ok(Run {
        sources,
        diags,
        plan,
        ev,
    })
}

/// Reads the data with a progress bar where one is useful.
fn evaluate(
    a: &Reading,
    plan: &plan::Plan,
    files: &[Vec<PathBuf>],
    declared: bool,
    diags: &mut Diagnostics,
) -> Result<eval::Evaluation, CliError> {
    // one bar for one file
    let single = match files {
        [one] => match one.as_slice() {
            [file] => Some(file.as_path()),
            _ => None,
        },
        _ => None,
    };
    let bar = single.and_then(|f| progress_bar(f, a.quiet));
    let report = |done: u64, _total: u64| {
        if let Some(bar) = &bar {
            bar.set_position(done);
        }
    };
    let opts = eval::Options {
        progress: Some(&report),
        on_bad_row: match a.on_bad_row {
            OnBadRow::Error => eval::BadRow::Error,
            OnBadRow::Skip => eval::BadRow::Skip,
        },
        delimiter: a.delimiter.unwrap_or(b','),
        decimal_comma: a.decimal_comma,
        memory_limit: a
            .memory_limit
            .map_or_else(super::memory::default_limit, |l| l.0),
        temp_dir: a.temp_dir.as_deref(),
        ..eval::Options::default()
    };
    let data = match (declared, single) {
        (false, Some(file)) => eval::Data::Plain(file),
        _ => eval::Data::Sources(files),
    };
    let ev = boussole::evaluate(plan, data, diags, &opts);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    ev.map_err(CliError::Io)
}
