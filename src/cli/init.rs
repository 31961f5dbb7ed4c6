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
    let voice = super::voice(None);
    let starter = match voice.lang {
        boussole::i18n::Lang::Fr => boussole::STARTER_FR,
        boussole::i18n::Lang::En => boussole::STARTER,
    };
    for (rel, _) in starter {
        let p = dir.join(rel);
        if p.exists() {
            return Err(CliError::Usage(voice.text(&boussole::msg!(
                "init-exists",
                path = p.display().to_string()
            ))));
        }
    }
    for (rel, text) in starter {
        let p = dir.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(|e| CliError::io(parent.display(), e))?;
        }
        std::fs::write(&p, text).map_err(|e| CliError::io(p.display(), e))?;
        outln!(
            "{}",
            voice.text(&boussole::msg!(
                "init-created",
                path = p.display().to_string()
            ))
        );
    }
    outln!(
        "\n{}",
        voice.text(&boussole::msg!(
            "init-next",
            dir = dir.display().to_string(),
            data = dir.join("data/daily.csv").display().to_string()
        ))
    );
    Ok(Outcome::Clean)
}
