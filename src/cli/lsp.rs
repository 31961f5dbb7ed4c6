//! `boussole lsp`: the language server, on stdin and stdout.

use super::error::{CliError, Outcome};

pub fn run() -> Result<Outcome, CliError> {
    let (connection, io) = lsp_server::Connection::stdio();
    boussole::lsp::run(&connection).map_err(|e| CliError::Io(format!("lsp: {e}")))?;
    drop(connection);
    io.join().map_err(|e| CliError::Io(format!("lsp: {e}")))?;
    Ok(Outcome::Clean)
}
