//! The command line: one file per command, each with its arguments and its
//! `run`; [`error`] owns the exit codes, [`output`] the terminal.

mod check;
mod clap_errors;
mod diff;
pub mod error;
mod eval;
mod explain;
mod fmt;
mod fs;
mod git;
mod help;
mod init;
mod inspect;
mod lsp;
mod memory;
mod output;
mod progress;
mod report;
mod schema;
mod sql;
mod test;

use boussole::i18n::{Lang, Locale, Voice};
use clap::{Parser, Subcommand, ValueEnum};
use error::{CliError, Outcome};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "boussole",
    version = env!("BOUSSOLE_VERSION"),
    about = "A declarative KPI rules engine: check KPI specs, evaluate them on data"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// The language of messages, tables and reports: en or fr (default:
    /// BOUSSOLE_LANG, else the locale environment — LANGUAGE, LC_ALL,
    /// LC_MESSAGES, LANG; C, POSIX and others give English). JSON keys,
    /// codes and SARIF rule ids never change; their messages do.
    #[arg(long, global = true, value_name = "LANG", value_parser = ["en", "fr"])]
    lang: Option<String>,
    /// How human outputs and reports write numbers and dates: en
    /// (`1,234.56 €`) or fr (`1 234,56 €`, `31/03/2026`) — default: the
    /// spec's `locale:`, else the language's. JSON keeps plain decimals.
    #[arg(long, global = true, value_name = "LOCALE", value_parser = ["en", "fr"])]
    locale: Option<String>,
}

/// The language and the locale asked for on the command line or by the
/// environment, set once at the start.
static ASKED: std::sync::OnceLock<(Lang, Option<Locale>)> = std::sync::OnceLock::new();

/// Sets the run's language and locale before the arguments are parsed, so
/// that clap's errors and the value parsers speak it: `--lang` and
/// `--locale` among the raw arguments (before a `--`), else the
/// environment. A value clap would refuse is left for it to report.
pub fn ask(args: &[std::ffi::OsString]) {
    let (mut lang, mut locale) = (None, None);
    let mut it = args.iter().skip(1).filter_map(|a| a.to_str());
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        let (flag, value) = match a.split_once('=') {
            Some((f, v)) => (f, Some(v)),
            None => (a, None),
        };
        let slot = match flag {
            "--lang" => &mut lang,
            "--locale" => &mut locale,
            _ => continue,
        };
        *slot = value.or_else(|| it.next());
    }
    let lang = lang
        .and_then(Lang::parse)
        .unwrap_or_else(|| Lang::from_env(|k| std::env::var(k).ok()));
    let _ = ASKED.set((lang, locale.and_then(Locale::parse)));
}

/// The arguments read by the command line in the run's language (its
/// `--help` included).
pub fn parse(raw: Vec<std::ffi::OsString>) -> Result<Cli, clap::Error> {
    use clap::FromArgMatches;
    let matches = help::command(lang()).try_get_matches_from(raw)?;
    Cli::from_arg_matches(&matches)
}

/// clap's error in the run's language (None: clap prints its own).
pub fn clap_error(e: &clap::Error) -> Option<String> {
    clap_errors::text(e, lang())
}

/// A usage error (exit 2) in the run's language.
pub fn usage(msg: boussole::i18n::Msg) -> CliError {
    CliError::Usage(voice(None).text(&msg))
}

/// The language of this run.
pub fn lang() -> Lang {
    ASKED
        .get()
        .map_or_else(|| Lang::from_env(|k| std::env::var(k).ok()), |(l, _)| *l)
}

/// How this run speaks, given the spec's `locale:`: `--locale` first, then
/// the spec's, then the language's.
pub fn voice(spec: Option<Locale>) -> Voice {
    let lang = lang();
    let asked = ASKED.get().and_then(|(_, l)| *l);
    Voice {
        lang,
        locale: asked.or(spec).unwrap_or(Locale::of(lang)),
    }
}

#[derive(Subcommand)]
enum Command {
    /// Scaffold a starter project: the KPI catalog, one SMART objective, a data CSV.
    Init(init::Args),
    /// Parse, resolve, type-check and lint KPI specs.
    Check(check::Args),
    /// Evaluate every input, metric and target on a CSV export.
    Eval(eval::Args),
    /// The KPI review as one self-contained HTML page (or Markdown): per
    /// objective, each target's latest complete period, its trend, deltas,
    /// computation and the action when missed.
    Report(report::Args),
    /// Explain a metric or input: definition, unit, where it is defined, what
    /// it depends on, and what uses it; with `--code CODE`, a diagnostic code.
    Explain(explain::Args),
    /// Run the spec tests (`*.kpi-test.yaml`): fixture rows, expected values,
    /// target statuses and diagnostics.
    Test(test::Args),
    /// Semantic diff of two versions of the specs: two git revisions (of the
    /// repository in the current directory) or two directories.
    Diff(diff::Args),
    /// Print the JSON Schema of the spec format (for editors with the YAML
    /// language server: completion and validation).
    Schema,
    /// Rewrite spec files in the canonical layout (key order, `a / b`
    /// spacing, quotes only where needed), comments kept.
    Fmt(fmt::Args),
    /// Compile the specs to one SQL SELECT that computes them inside a warehouse.
    Sql(sql::Args),
    /// Look at an unknown export: encoding, delimiter, number style, header,
    /// date column and format, columns; and a `sources:` + `inputs:` spec
    /// for it that `check` accepts.
    Inspect(inspect::Args),
    /// The language server (LSP over stdio) for editors: diagnostics as
    /// you type, hover, go to definition, references, rename, completion,
    /// formatting and quick fixes in `*.kpi.yaml` files.
    Lsp,
    /// Print the completion script of a shell (bash, zsh, fish, powershell,
    /// elvish) on stdout.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) on stdout: `docs/boussole.1` is this.
    #[command(hide = true)]
    Man,
}

/// The output formats of `check`, `eval` and `explain`.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    Human,
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…::message`).
    Github,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
}

impl Format {
    /// The renderer of this format's diagnostics on stdout (the human
    /// format writes them on stderr instead, see `output::print_diags`).
    fn emitter(self) -> Box<dyn boussole::render::Emitter> {
        use boussole::render::{Github, Human, Json, Sarif};
        match self {
            Format::Human => Box::new(Human {
                color: false,
                voice: voice(None),
            }),
            Format::Json => Box::new(Json),
            Format::Github => Box::new(Github),
            Format::Sarif => Box::new(Sarif),
        }
    }
}

/// Runs the command the line names.
pub fn run(cli: Cli) -> Result<Outcome, CliError> {
    // set by `ask` from the same arguments when run from `main`
    let lang = cli
        .lang
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_else(|| Lang::from_env(|k| std::env::var(k).ok()));
    let _ = ASKED.set((lang, cli.locale.as_deref().and_then(Locale::parse)));
    match cli.command {
        Command::Init(a) => init::run(a),
        Command::Check(a) => check::run(a),
        Command::Eval(a) => eval::run(a),
        Command::Report(a) => report::run(a),
        Command::Explain(a) => explain::run(a),
        Command::Test(a) => test::run(a),
        Command::Diff(a) => diff::run(a),
        Command::Schema => schema::run(),
        Command::Fmt(a) => fmt::run(a),
        Command::Sql(a) => sql::run(a),
        Command::Inspect(a) => inspect::run(a),
        Command::Lsp => lsp::run(),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut cmd, "boussole", &mut buf);
            output::write_stdout(&buf)?;
            Ok(Outcome::Clean)
        }
        Command::Man => {
            // the version alone: the page in git must not change with each commit
            let cmd = <Cli as clap::CommandFactory>::command().version(env!("CARGO_PKG_VERSION"));
            let mut buf = Vec::new();
            clap_mangen::Man::new(cmd)
                .render(&mut buf)
                .map_err(|e| CliError::Io(e.to_string()))?;
            output::write_stdout(&buf)?;
            Ok(Outcome::Clean)
        }
    }
}

/// The paths given, or the current directory.
fn or_here(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths
    }
}

/// A day on the command line: `2026-03-31`.
fn parse_day(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| voice(None).text(&boussole::msg!("cli-not-a-day", text = s)))
}

/// The day of a review: `--as-of`, else `BOUSSOLE_AS_OF` (for CI jobs and
/// tests that must not change with the calendar), else today in UTC.
fn review_day(given: Option<chrono::NaiveDate>) -> Result<chrono::NaiveDate, CliError> {
    if let Some(day) = given {
        return Ok(day);
    }
    if let Some(text) = std::env::var_os("BOUSSOLE_AS_OF") {
        let text = text.to_string_lossy();
        return parse_day(&text).map_err(|e| {
            CliError::Usage(voice(None).text(&boussole::msg!(
                "io-error",
                path = "BOUSSOLE_AS_OF",
                error = e
            )))
        });
    }
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|e| CliError::Bug(format!("the clock is before 1970: {e}")))?
        .as_secs();
    let days = i64::try_from(secs / 86_400).map_err(|e| CliError::Bug(e.to_string()))?;
    chrono::NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_signed(chrono::Duration::days(days)))
        .ok_or_else(|| CliError::Bug("today is past the calendar".into()))
}

/// `--period`: daily … yearly.
fn parse_period(s: &str) -> Result<boussole::vocab::Period, String> {
    boussole::vocab::Period::parse(s).ok_or_else(|| {
        voice(None).text(&boussole::msg!(
            "cli-unknown-period",
            text = s,
            periods = boussole::vocab::Period::NAMES.join(", ")
        ))
    })
}
