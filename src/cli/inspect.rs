//! `boussole inspect FILE...`: what an unknown export looks like, and a spec
//! for it.

use super::error::{CliError, Outcome};
use super::output::{out, print_json};
use boussole::tools::inspect;
use clap::ValueEnum;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The exports to look at (CSV or TSV, any encoding).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    format: InspectFormat,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum InspectFormat {
    Human,
    Json,
}

pub fn run(a: Args) -> Result<Outcome, CliError> {
    let mut found = Vec::new();
    for f in &a.files {
        // anywhere (the user named it), but a regular file: a FIFO or a
        // device would block or never end
        boussole::project::regular_file(f)
            .map_err(|r| CliError::Io(super::voice(None).text(&r.msg())))?;
        let voice = super::voice(None);
        let mut found_here = inspect::inspect(f).map_err(|m| CliError::Io(voice.text(&m)))?;
        found_here.localize(voice.lang);
        found.push(found_here);
    }
    match a.format {
        InspectFormat::Json => {
            print_json(&serde_json::to_value(&found).map_err(|e| CliError::Bug(e.to_string()))?)?
        }
        InspectFormat::Human => {
            for (k, i) in found.iter().enumerate() {
                if k > 0 {
                    out!("\n");
                }
                out!("{}", inspect::human(i, super::lang()));
            }
        }
    }
    Ok(Outcome::Clean)
}
