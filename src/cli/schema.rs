//! `boussole schema`: the JSON Schema of the spec format.

use super::error::{CliError, Outcome};
use super::output::out;

pub fn run() -> Result<Outcome, CliError> {
    out!("{}", boussole::SCHEMA);
    Ok(Outcome::Clean)
}
