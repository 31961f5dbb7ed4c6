//! `boussole explain NAME`: what a metric or input is and what uses it.

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
    name: String,
    /// Spec files or directories (default: the current directory).
    paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

pub fn run(a: Args) -> Result<Outcome, CliError> {
    let paths = or_here(a.paths);
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let model = boussole::check_paths(&paths, &mut sources, &mut diags)?;
    match explain::explain(&model, &a.name) {
        Ok(e) => match a.format {
            Format::Json => print_json(&explain::json(&e, &sources))?,
            _ => out!("{}", explain::human(&e, &sources)),
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
