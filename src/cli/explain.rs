//! `boussole explain NAME`: what a metric or input is and what uses it;
//! `boussole explain --code CODE`: the page of a diagnostic code.

use super::error::{CliError, Outcome};
use super::output::{out, outcome, print_diags, print_json};
use super::{or_here, Format};
use boussole::diagnostic::Diagnostics;
use boussole::source::Sources;
use boussole::tools::explain;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The metric or input.
    #[arg(required_unless_present = "code")]
    name: Option<String>,
    /// Spec files or directories (default: the current directory).
    paths: Vec<PathBuf>,
    /// Print the page of a diagnostic code instead (`unit-mismatch`): what
    /// it means, why it matters, an example, how to fix it. Offline.
    #[arg(long, value_name = "CODE", conflicts_with_all = ["name", "paths"])]
    code: Option<String>,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

pub fn run(a: Args) -> Result<Outcome, CliError> {
    let name = match (a.code, a.name) {
        (Some(code), _) => return explain_code(&code, a.format),
        (None, Some(name)) => name,
        (None, None) => return Err(super::usage(boussole::msg!("cli-explain-what"))),
    };
    let paths = or_here(a.paths);
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let model = boussole::check_paths(&paths, &mut sources, &mut diags)?;
    match explain::explain(&model, &name) {
        Ok(e) => match a.format {
            Format::Json => print_json(&explain::json(&e, &sources))?,
            _ => out!("{}", explain::human(&e, &sources, super::voice(None))),
        },
        Err(d) => diags.push(d),
    }
    // the spec's own problems (at a position in it) are for `check`; a name
    // that is not there is this command's error, and so is a file not read
    let mut shown = Diagnostics::default();
    for d in diags
        .items
        .into_iter()
        .filter(|d| d.location.is_none() || d.code.is_refusal())
    {
        shown.push(d);
    }
    print_diags(&shown, &sources);
    Ok(outcome(&shown, false))
}

/// `explain --code CODE`: the code's page, as Markdown (`--format json`:
/// the code, its severity, summary and page).
fn explain_code(name: &str, format: Format) -> Result<Outcome, CliError> {
    use boussole::diagnostic::Code;
    let Some(code) = Code::parse(name.trim()) else {
        let names: Vec<&str> = Code::ALL.iter().map(|c| c.name()).collect();
        let codes = names.join(", ");
        return Err(super::usage(
            match boussole::diagnostic::did_you_mean(name, names.iter().copied()) {
                Some(s) => boussole::msg!("cli-no-code-near", name = name, near = s, codes = codes),
                None => boussole::msg!("cli-no-code", name = name, codes = codes),
            },
        ));
    };
    match format {
        Format::Json => print_json(&serde_json::json!({
            "code": code.name(),
            "severity": code.severity().as_str(),
            "summary": code.summary(),
            "page": code.page(),
        }))?,
        _ => out!("{}", code.page().trim_end()),
    }
    Ok(Outcome::Clean)
}
