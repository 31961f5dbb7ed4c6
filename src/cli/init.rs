//! `boussole init [DIR]`: a starter project.

use super::error::{CliError, Outcome};
use super::output::outln;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Directory to create (default: the current directory).
    dir: Option<PathBuf>,
}

pub fn run(a: Args) -> Result<Outcome, CliError> {
    let dir = a.dir.unwrap_or_else(|| PathBuf::from("."));
    for (rel, _) in boussole::STARTER {
        let p = dir.join(rel);
        if p.exists() {
            return Err(CliError::Usage(format!(
                "{} already exists; init never overwrites files",
                p.display()
            )));
        }
    }
    for (rel, text) in boussole::STARTER {
        let p = dir.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(|e| CliError::io(parent.display(), e))?;
        }
        std::fs::write(&p, text).map_err(|e| CliError::io(p.display(), e))?;
        outln!("created {}", p.display());
    }
    outln!(
        "\nnext:\n  boussole check {d}\n  boussole test {d}\n  boussole eval {d} --data {}\n  boussole fmt {d}      (after editing a spec)",
        dir.join("data/daily.csv").display(),
        d = dir.display(),
    );
    Ok(Outcome::Clean)
}
