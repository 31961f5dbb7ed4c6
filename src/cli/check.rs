//! `boussole check`: load, resolve, type-check and lint the specs.

use super::error::{CliError, Outcome};
use super::output::{out, outcome, outln, print_diags};
use super::{or_here, Format};
use boussole::diagnostic::Diagnostics;
use boussole::source::Sources;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Spec files or directories (default: the current directory).
    paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Exit 1 when there are warnings.
    #[arg(long)]
    deny_warnings: bool,
}

pub fn run(a: Args) -> Result<Outcome, CliError> {
    let paths = or_here(a.paths);
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    boussole::check_paths(&paths, &mut sources, &mut diags)?;
    diags.sort();
    diags.localize(super::lang());
    match a.format {
        Format::Human => {
            print_diags(&diags, &sources);
            if diags.items.is_empty() {
                let files = sources.files.len();
                outln!(
                    "{}",
                    super::voice(None).text(&boussole::msg!("check-ok", files = files))
                );
            }
        }
        format => out!("{}", format.emitter().emit(&diags, &sources)),
    }
    Ok(outcome(&diags, a.deny_warnings))
}
