//! The `boussole` command line: the edge where diagnostics are rendered.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

/// `print!` that does not panic when stdout is closed (`boussole … | head`):
/// what cannot be written is dropped.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout(), $($arg)*);
    }};
}

/// `println!`, likewise.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

use boussole::diagnostic::Diagnostics;
use boussole::source::Sources;
use boussole::sql::{Dialect, Query};
use boussole::vocab::Period;
use boussole::{eval, plan, render as report, sql};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "boussole",
    version,
    about = "A declarative KPI rules engine: check KPI specs, evaluate them on data"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    Human,
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…::message`).
    Github,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum DiffFormat {
    Markdown,
    Json,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum TestFormat {
    Human,
    Junit,
    /// GitHub Actions workflow commands: one annotation per failure.
    Github,
    /// SARIF 2.1.0: one result per failure.
    Sarif,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum OnBadRow {
    Error,
    Skip,
}

#[derive(Subcommand)]
enum Command {
    /// Scaffold a starter project: the KPI catalog, one SMART objective, a data CSV.
    Init {
        /// Directory to create (default: the current directory).
        dir: Option<PathBuf>,
    },
    /// Parse, resolve, type-check and lint KPI specs.
    Check {
        /// Spec files or directories (default: the current directory).
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Exit 1 when there are warnings.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Evaluate every input, metric and target on a CSV export.
    Eval {
        /// Spec files or directories.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The CSV: a header, a `date` column (YYYY-MM-DD), input and dimension columns.
        #[arg(long)]
        data: PathBuf,
        /// daily, weekly, monthly, quarterly or yearly.
        #[arg(long, default_value = "monthly", value_parser = parse_period)]
        period: Period,
        /// Dimension columns to group by, comma-separated.
        #[arg(long, value_delimiter = ',')]
        by: Vec<String>,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Exit 1 when there are warnings.
        #[arg(long)]
        deny_warnings: bool,
        /// No progress bar (it only shows on a terminal, for large files).
        #[arg(long, short)]
        quiet: bool,
        /// What a bad row does: `error` (a data-error each, no values) or
        /// `skip` (left out, counted, listed in one warning).
        #[arg(long, value_enum, default_value = "error")]
        on_bad_row: OnBadRow,
        /// The CSV's field delimiter: one character, or `tab`.
        #[arg(long, default_value = ",", value_parser = parse_delimiter)]
        delimiter: u8,
        /// Numbers are written with a decimal comma (`12,5`); needs a
        /// delimiter other than `,`.
        #[arg(long)]
        decimal_comma: bool,
    },
    /// Explain a metric or input: definition, unit, where it is defined, what
    /// it depends on, and what uses it.
    Explain {
        /// The metric or input.
        name: String,
        /// Spec files or directories (default: the current directory).
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    /// Run the spec tests (`*.kpi-test.yaml`): fixture rows, expected values,
    /// target statuses and diagnostics.
    Test {
        /// Directories or files with specs and tests (default: the current directory).
        paths: Vec<PathBuf>,
        /// `human`, `junit` (JUnit XML on stdout, for CI test reports),
        /// `github` (annotations) or `sarif` (code scanning).
        #[arg(long, value_enum, default_value = "human")]
        format: TestFormat,
    },
    /// Semantic diff of two versions of the specs: two git revisions (of the
    /// repository in the current directory) or two directories.
    Diff {
        /// The old version: a git revision, or a directory.
        old: String,
        /// The new version: a git revision, or a directory.
        new: String,
        /// Spec paths inside each revision (default: the current directory).
        paths: Vec<PathBuf>,
        /// `markdown` (for a pull-request comment) or `json`.
        #[arg(long, value_enum, default_value = "markdown")]
        format: DiffFormat,
        /// A CSV: show how each changed definition moves the last periods' values.
        #[arg(long)]
        data: Option<PathBuf>,
        /// The periods of `--data` (daily … yearly).
        #[arg(long, default_value = "monthly", value_parser = parse_period)]
        period: Period,
    },
    /// Print the JSON Schema of the spec format (for editors with the YAML
    /// language server: completion and validation).
    Schema,
    /// Rewrite spec files in the canonical layout (key order, `a / b`
    /// spacing, quotes only where needed), comments kept.
    Fmt {
        /// Spec files or directories (default: the current directory); `-`
        /// reads a spec on stdin and writes it formatted to stdout.
        paths: Vec<PathBuf>,
        /// Change nothing: print a diff of each file not formatted, and exit 1
        /// if there is one.
        #[arg(long)]
        check: bool,
    },
    /// Compile the specs to one SQL SELECT that computes them inside a warehouse.
    Sql {
        /// Spec files or directories.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// duckdb, postgres, bigquery, snowflake or spark.
        #[arg(long, value_parser = parse_dialect)]
        dialect: Dialect,
        /// The table with the data: a `date` column, input and dimension columns
        /// (`schema.table` names a table in a schema).
        #[arg(long)]
        table: String,
        /// daily, weekly, monthly, quarterly or yearly.
        #[arg(long, default_value = "monthly", value_parser = parse_period)]
        period: Period,
        /// Dimension columns to group by, comma-separated.
        #[arg(long, value_delimiter = ',')]
        by: Vec<String>,
        /// The status of every target per objective period (met, missed,
        /// no-data) instead of the metrics.
        #[arg(long)]
        objectives: bool,
    },
}

fn parse_dialect(s: &str) -> Result<Dialect, String> {
    Dialect::parse(s).ok_or_else(|| {
        format!("unknown dialect `{s}` (duckdb, postgres, bigquery, snowflake, spark)")
    })
}

fn parse_delimiter(s: &str) -> Result<u8, String> {
    let b = match s {
        "tab" | "\\t" | "\t" => b'\t',
        _ if s.len() == 1 => s.as_bytes()[0],
        _ => return Err(format!("`{s}` is not one character (or `tab`)")),
    };
    if b.is_ascii_alphanumeric() || matches!(b, b'"' | b'\n' | b'\r' | b'.' | b'-' | b'+') {
        return Err(format!(
            "`{}` cannot separate fields: it can be part of a value",
            s.escape_debug()
        ));
    }
    Ok(b)
}

fn parse_period(s: &str) -> Result<Period, String> {
    Period::parse(s)
        .ok_or_else(|| format!("unknown period `{s}` (daily, weekly, monthly, quarterly, yearly)"))
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(msg) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
    }
}

fn exit_code(diags: &Diagnostics, deny_warnings: bool) -> u8 {
    if diags.errors() > 0 || (deny_warnings && diags.warnings() > 0) {
        1
    } else {
        0
    }
}

fn print_diags(diags: &Diagnostics, sources: &Sources) {
    if diags.items.is_empty() {
        return;
    }
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(report::human_diagnostics(diags, sources, color).as_bytes());
    let _ = writeln!(
        err,
        "{} error(s), {} warning(s)",
        diags.errors(),
        diags.warnings()
    );
}

fn print_json(v: &serde_json::Value) -> Result<(), String> {
    let s = serde_json::to_string_pretty(v).map_err(|e| e.to_string())?;
    outln!("{s}");
    Ok(())
}

fn run(cli: Cli) -> Result<u8, String> {
    match cli.command {
        Command::Init { dir } => init(&dir.unwrap_or_else(|| PathBuf::from("."))),
        Command::Check {
            paths,
            format,
            deny_warnings,
        } => {
            let paths = or_here(paths);
            let mut sources = Sources::default();
            let mut diags = Diagnostics::default();
            boussole::check_paths(&paths, &mut sources, &mut diags).map_err(|e| e.0)?;
            diags.sort();
            match format {
                Format::Json => print_json(&report::check_json(&diags, &sources))?,
                Format::Github => out!("{}", report::github(&diags, &sources)),
                Format::Sarif => print_json(&report::sarif(&diags, &sources))?,
                Format::Human => {
                    print_diags(&diags, &sources);
                    if diags.items.is_empty() {
                        outln!("ok: {} spec file(s), no problem found", sources.files.len());
                    }
                }
            }
            Ok(exit_code(&diags, deny_warnings))
        }
        Command::Eval {
            paths,
            data,
            period,
            by,
            format,
            deny_warnings,
            quiet,
            on_bad_row,
            delimiter,
            decimal_comma,
        } => {
            if decimal_comma && delimiter == b',' {
                return Err(
                    "--decimal-comma needs another field delimiter, e.g. --delimiter ';'".into(),
                );
            }
            let mut sources = Sources::default();
            let mut diags = Diagnostics::default();
            let model = boussole::check_paths(&paths, &mut sources, &mut diags).map_err(|e| e.0)?;
            let plan = plan::plan(&model, period, &by);
            let ev = if diags.has_errors() {
                None
            } else {
                let bar = progress_bar(&data, quiet);
                let report = |done: u64, _total: u64| {
                    if let Some(bar) = &bar {
                        bar.set_position(done);
                    }
                };
                let opts = eval::Options {
                    progress: Some(&report),
                    on_bad_row: match on_bad_row {
                        OnBadRow::Error => eval::BadRow::Error,
                        OnBadRow::Skip => eval::BadRow::Skip,
                    },
                    delimiter,
                    decimal_comma,
                    ..eval::Options::default()
                };
                let ev = eval::eval_opts(&plan, &data, &mut diags, &opts);
                if let Some(bar) = bar {
                    bar.finish_and_clear();
                }
                Some(ev?)
            };
            diags.sort();
            match (format, ev) {
                (Format::Json, Some(ev)) => {
                    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
                    let written = report::write_eval_json(&mut out, &ev, &diags, &sources)
                        .and_then(|()| writeln!(out))
                        .and_then(|()| out.flush());
                    // a reader that stopped early (`| head`) is not an error
                    match written {
                        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                            return Err(format!("cannot write the report: {e}"));
                        }
                        _ => {}
                    }
                }
                (Format::Json, None) => print_json(&report::check_json(&diags, &sources))?,
                (Format::Github, _) => out!("{}", report::github(&diags, &sources)),
                (Format::Sarif, _) => print_json(&report::sarif(&diags, &sources))?,
                (Format::Human, ev) => {
                    // after a data error no value is reported: the diagnostics say why
                    if let Some(ev) = ev.filter(|e| !(e.rows.is_empty() && diags.has_errors())) {
                        out!("{}", report::eval_human(&ev, &plan));
                    }
                    print_diags(&diags, &sources);
                }
            }
            Ok(exit_code(&diags, deny_warnings))
        }
        Command::Test { paths, format } => {
            let paths = or_here(paths);
            spec_tests(&paths, format)
        }
        Command::Diff {
            old,
            new,
            paths,
            format,
            data,
            period,
        } => {
            let paths = or_here(paths);
            let scratch = tempfile_dir()?;
            let load = |version: &str, slot: &str| -> Result<boussole::check::Model, String> {
                let roots: Vec<PathBuf> = if Path::new(version).is_dir() {
                    vec![PathBuf::from(version)]
                } else {
                    let dir = scratch.join(slot);
                    checkout(version, &dir)?;
                    let prefix = git(&["rev-parse", "--show-prefix"])?;
                    paths
                        .iter()
                        .map(|p| dir.join(prefix.trim()).join(p))
                        .collect()
                };
                let mut sources = Sources::default();
                let mut diags = Diagnostics::default();
                let model = boussole::check_paths(&roots, &mut sources, &mut diags)
                    .map_err(|e| format!("{version}: {}", e.0))?;
                if diags.has_errors() {
                    eprintln!(
                        "warning: {version} has {} error(s) (boussole check); compared as far as it loads",
                        diags.errors()
                    );
                }
                Ok(model)
            };
            let result = load(&old, "old").and_then(|a| Ok((a, load(&new, "new")?)));
            let _ = std::fs::remove_dir_all(&scratch);
            let (a, b) = result?;
            let entries = boussole::tools::diff::diff(&a, &b);
            let effects = match &data {
                Some(d) => boussole::tools::diff::effects(&a, &b, &entries, d, period, 3)?,
                None => Vec::new(),
            };
            match format {
                DiffFormat::Markdown => out!(
                    "{}{}",
                    boussole::tools::diff::markdown(&entries, &old, &new),
                    boussole::tools::diff::effects_markdown(&effects)
                ),
                DiffFormat::Json => print_json(&serde_json::json!({
                    "old": old,
                    "new": new,
                    "changes": entries,
                    "effects": effects.iter().map(|e| serde_json::json!({
                        "name": e.name,
                        "periods": e.periods.iter().map(|(p, a, b)| serde_json::json!({
                            "period": p,
                            "old": a.map(report::number),
                            "new": b.map(report::number),
                        })).collect::<Vec<_>>(),
                    })).collect::<Vec<_>>(),
                }))?,
            }
            Ok(0)
        }
        Command::Schema => {
            out!("{}", boussole::SCHEMA);
            Ok(0)
        }
        Command::Fmt { paths, check } => fmt_files(&or_here(paths), check),
        Command::Explain {
            name,
            paths,
            format,
        } => {
            let paths = or_here(paths);
            let mut sources = Sources::default();
            let mut diags = Diagnostics::default();
            let model = boussole::check_paths(&paths, &mut sources, &mut diags).map_err(|e| e.0)?;
            match boussole::tools::explain::explain(&model, &name) {
                Ok(e) => match format {
                    Format::Json => print_json(&boussole::tools::explain::json(&e, &sources))?,
                    _ => out!("{}", boussole::tools::explain::human(&e, &sources)),
                },
                Err(d) => diags.push(d),
            }
            // the spec's own problems are for `check`; a name that is not
            // there is this command's error
            let missing: Vec<_> = diags
                .items
                .iter()
                .filter(|d| d.location.is_none())
                .cloned()
                .collect();
            let mut shown = Diagnostics::default();
            for d in missing {
                shown.push(d);
            }
            print_diags(&shown, &sources);
            Ok(exit_code(&shown, false))
        }
        Command::Sql {
            paths,
            dialect,
            table,
            period,
            by,
            objectives,
        } => {
            let mut sources = Sources::default();
            let mut diags = Diagnostics::default();
            let model = boussole::check_paths(&paths, &mut sources, &mut diags).map_err(|e| e.0)?;
            let plan = plan::plan(&model, period, &by);
            let query = if objectives {
                Query::Objectives
            } else {
                Query::Metrics
            };
            let text = if diags.has_errors() {
                None
            } else {
                sql::sql(&plan, dialect, &table, query, &mut diags)
            };
            diags.sort();
            if let Some(text) = text {
                out!("{text}");
            }
            print_diags(&diags, &sources);
            Ok(exit_code(&diags, false))
        }
    }
}

/// `boussole test`: the specs under `paths`, then every test file's tests.
fn spec_tests(paths: &[PathBuf], format: TestFormat) -> Result<u8, String> {
    use boussole::spec::{discover_matching, SPEC_SUFFIXES, TEST_SUFFIXES};
    let ends = |p: &Path, suffixes: &[&str]| {
        let name = p.to_string_lossy();
        suffixes.iter().any(|s| name.ends_with(s))
    };
    let spec_paths: Vec<PathBuf> = paths
        .iter()
        .filter(|p| p.is_dir() || ends(p, SPEC_SUFFIXES))
        .cloned()
        .collect();
    let test_files =
        discover_matching(paths, TEST_SUFFIXES, |p| ends(p, TEST_SUFFIXES)).map_err(|e| e.0)?;
    if test_files.is_empty() {
        return Err("no *.kpi-test.yaml file found".into());
    }
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let model = boussole::check_paths(&spec_paths, &mut sources, &mut diags).map_err(|e| e.0)?;
    if diags.has_errors() {
        diags.sort();
        test_diags(&diags, &sources, format)?;
        eprintln!("the specs have errors: fix them (boussole check) before testing");
        return Ok(1);
    }
    let scratch = tempfile_dir()?;
    let (mut passed, mut failed) = (0, 0);
    let mut failures = Diagnostics::default();
    let mut outcomes = Vec::new();
    for f in test_files {
        let bytes = std::fs::read(&f).map_err(|e| format!("{}: {e}", f.display()))?;
        let mut load_diags = Diagnostics::default();
        let tests =
            boussole::tools::spectest::load_tests(f.clone(), bytes, &mut sources, &mut load_diags);
        for d in load_diags.items {
            failures.push(d);
        }
        for t in &tests {
            let o = boussole::tools::spectest::run(&model, t, &f, &scratch, &mut diags);
            if format == TestFormat::Human {
                out!("{}", boussole::tools::spectest::summary(&o));
            }
            if o.failures.is_empty() {
                passed += 1;
            } else {
                failed += 1;
            }
            for d in &o.failures {
                failures.push(d.clone());
            }
            outcomes.push(o);
        }
    }
    let _ = std::fs::remove_dir(&scratch);
    failures.sort();
    test_diags(&failures, &sources, format)?;
    match format {
        TestFormat::Human => outln!("\n{passed} passed, {failed} failed"),
        TestFormat::Junit => out!("{}", boussole::tools::spectest::junit(&outcomes, &sources)),
        TestFormat::Github | TestFormat::Sarif => {
            eprintln!("{passed} passed, {failed} failed")
        }
    }
    Ok(if failed > 0 || failures.has_errors() {
        1
    } else {
        0
    })
}

/// The diagnostics of `boussole test`: annotations or SARIF on stdout in
/// those formats, otherwise human-readable on stderr.
fn test_diags(diags: &Diagnostics, sources: &Sources, format: TestFormat) -> Result<(), String> {
    match format {
        TestFormat::Github => out!("{}", report::github(diags, sources)),
        TestFormat::Sarif => print_json(&report::sarif(diags, sources))?,
        TestFormat::Human | TestFormat::Junit => print_diags(diags, sources),
    }
    Ok(())
}

/// `boussole fmt`: each spec file formatted in place, or with `--check` a
/// diff of those that are not. Files with errors are left as they are.
fn fmt_files(paths: &[PathBuf], check: bool) -> Result<u8, String> {
    use boussole::spec::{
        add_source, discover_matching, read_spec_file, MAX_FILE_SIZE, SPEC_SUFFIXES, TEST_SUFFIXES,
    };
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let stdin = paths.len() == 1 && paths[0] == Path::new("-");
    let files = if stdin {
        vec![PathBuf::from("<stdin>")]
    } else {
        for p in paths {
            let name = p.to_string_lossy();
            if p.is_file() && TEST_SUFFIXES.iter().any(|s| name.ends_with(s)) {
                return Err(format!(
                    "{name}: a spec test file; boussole fmt formats spec files (*.kpi.yaml)"
                ));
            }
        }
        let files = discover_matching(paths, SPEC_SUFFIXES, |_| true).map_err(|e| e.0)?;
        if files.is_empty() {
            let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            return Err(format!("no *.kpi.yaml file found in {}", shown.join(", ")));
        }
        files
    };
    let (mut changed, mut unchanged) = (0usize, 0usize);
    for path in files {
        let bytes = if stdin {
            let mut b = Vec::new();
            std::io::Read::read_to_end(
                &mut std::io::Read::take(std::io::stdin().lock(), MAX_FILE_SIZE + 1),
                &mut b,
            )
            .map_err(|e| format!("<stdin>: {e}"))?;
            if b.len() as u64 > MAX_FILE_SIZE {
                return Err(format!(
                    "<stdin>: spec files are limited to {MAX_FILE_SIZE} bytes"
                ));
            }
            b
        } else {
            read_spec_file(&path).map_err(|e| e.0)?
        };
        let original = bytes.clone();
        let (file, utf8) = add_source(path.clone(), bytes, &mut sources);
        let formatted = match utf8 {
            Ok(()) => boussole::tools::fmt::format(file, sources.get(file)),
            Err(d) => Err(d),
        };
        let formatted = match formatted {
            // a byte-order mark stays
            Ok(f) if original.starts_with("\u{feff}".as_bytes()) => format!("\u{feff}{f}"),
            Ok(f) => f,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        if stdin && !check {
            out!("{formatted}");
            continue;
        }
        if original == formatted.as_bytes() {
            unchanged += 1;
            continue;
        }
        changed += 1;
        if check {
            let old = String::from_utf8_lossy(&original);
            let shown = path.display().to_string();
            out!(
                "{}",
                similar::TextDiff::from_lines(old.as_ref(), formatted.as_str())
                    .unified_diff()
                    .context_radius(3)
                    .header(&shown, &format!("{shown} (formatted)"))
            );
        } else {
            write_atomically(&path, formatted.as_bytes())
                .map_err(|e| format!("{}: {e}", path.display()))?;
            eprintln!("formatted {}", path.display());
        }
    }
    diags.sort();
    print_diags(&diags, &sources);
    if check && changed > 0 {
        eprintln!("{changed} file(s) not formatted (run `boussole fmt` to rewrite them), {unchanged} formatted");
    }
    Ok(if diags.has_errors() || (check && changed > 0) {
        1
    } else {
        0
    })
}

/// Replaces a file's contents through a temporary file in the same
/// directory, renamed over it: a reader never sees half a file. The
/// permissions are kept, and a symbolic link stays a link.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    // through a symbolic link, the file it points to is replaced, not the link
    let resolved = std::fs::canonicalize(path)?;
    let path = resolved.as_path();
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.boussole-fmt-{}", std::process::id()));
    let result = (|| {
        std::fs::write(&tmp, bytes)?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&tmp, meta.permissions())?;
        }
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// The paths given, or the current directory.
fn or_here(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths
    }
}

/// Runs git in the current directory; its stdout.
fn git(args: &[&str]) -> Result<String, String> {
    let out = std::process::Command::new("git")
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The repository's files at `rev` (from its top), extracted into `dir`.
fn checkout(rev: &str, dir: &Path) -> Result<(), String> {
    if rev.starts_with('-') {
        return Err(format!("`{rev}` is not a revision"));
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let top = git(&["rev-parse", "--show-toplevel"])?;
    let mut archive = std::process::Command::new("git")
        .args(["-C", top.trim(), "archive", "--format=tar", rev])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let tar_in = archive.stdout.take().ok_or("git archive gave no output")?;
    let tar = std::process::Command::new("tar")
        .args(["-x", "-C"])
        .arg(dir)
        .stdin(tar_in)
        .output()
        .map_err(|e| format!("cannot run tar: {e}"))?;
    let git_out = archive
        .wait_with_output()
        .map_err(|e| format!("git archive: {e}"))?;
    if !git_out.status.success() {
        return Err(format!(
            "`{rev}` is not a revision of this repository: {}",
            String::from_utf8_lossy(&git_out.stderr).trim()
        ));
    }
    if !tar.status.success() {
        return Err(format!(
            "tar: {}",
            String::from_utf8_lossy(&tar.stderr).trim()
        ));
    }
    Ok(())
}

/// A fresh scratch directory for the tests' CSV files.
fn tempfile_dir() -> Result<PathBuf, String> {
    let dir = std::env::temp_dir().join(format!("boussole-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    Ok(dir)
}

/// Files smaller than this get no progress bar: they are read in a blink.
const PROGRESS_MIN_BYTES: u64 = 64 << 20;

/// A progress bar on stderr, only when stderr is a terminal, the data file is
/// large, and `--quiet` is not given. `BOUSSOLE_PROGRESS_MIN_BYTES` lowers
/// the size threshold (for tests).
fn progress_bar(data: &Path, quiet: bool) -> Option<indicatif::ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let min = std::env::var("BOUSSOLE_PROGRESS_MIN_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(PROGRESS_MIN_BYTES);
    let size = std::fs::metadata(data).ok()?.len();
    if size < min {
        return None;
    }
    let style = indicatif::ProgressStyle::with_template(
        "reading {msg} {wide_bar} {bytes}/{total_bytes} {bytes_per_sec} {eta}",
    )
    .ok()?;
    let bar = indicatif::ProgressBar::new(size).with_style(style);
    bar.set_message(data.display().to_string());
    Some(bar)
}

fn init(dir: &Path) -> Result<u8, String> {
    for (rel, _) in boussole::STARTER {
        let p = dir.join(rel);
        if p.exists() {
            return Err(format!(
                "{} already exists; init never overwrites files",
                p.display()
            ));
        }
    }
    for (rel, text) in boussole::STARTER {
        let p = dir.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&p, text).map_err(|e| format!("{}: {e}", p.display()))?;
        outln!("created {}", p.display());
    }
    outln!(
        "\nnext:\n  boussole check {d}\n  boussole test {d}\n  boussole eval {d} --data {}\n  boussole fmt {d}      (after editing a spec)",
        dir.join("data/daily.csv").display(),
        d = dir.display(),
    );
    Ok(0)
}
