//! Writing to the terminal: stdout that never panics on a closed pipe, the
//! diagnostics on stderr, JSON documents.

use super::error::{CliError, Outcome};
use boussole::diagnostic::Diagnostics;
use boussole::render;
use boussole::source::Sources;
use std::io::{IsTerminal, Write};

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

pub(crate) use {out, outln};

/// The outcome of a run that reported `diags`: problems when there are
/// errors, or warnings under `--deny-warnings`.
pub fn outcome(diags: &Diagnostics, deny_warnings: bool) -> Outcome {
    Outcome::from(diags.errors() > 0 || (deny_warnings && diags.warnings() > 0))
}

/// The diagnostics, human-readable on stderr (in colour on a terminal unless
/// `NO_COLOR` is set), with their count.
pub fn print_diags(diags: &Diagnostics, sources: &Sources) {
    if diags.items.is_empty() {
        return;
    }
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let voice = super::voice(None);
    let mut diags = Diagnostics {
        items: diags.items.clone(),
    };
    diags.localize(voice.lang);
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(render::human_diagnostics(&diags, sources, color, voice).as_bytes());
    let summary = voice.text(&boussole::msg!(
        "summary-problems",
        errors = diags.errors(),
        warnings = diags.warnings()
    ));
    let _ = writeln!(err, "{summary}");
}

/// A JSON document, pretty-printed on stdout.
pub fn print_json(v: &serde_json::Value) -> Result<(), CliError> {
    let s = serde_json::to_string_pretty(v).map_err(|e| CliError::Bug(e.to_string()))?;
    outln!("{s}");
    Ok(())
}

/// Bytes on stdout, dropped when stdout is closed (like [`out!`]).
pub fn write_stdout(bytes: &[u8]) -> Result<(), CliError> {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(bytes).and_then(|()| stdout.flush());
    Ok(())
}
