//! What ends a command, and the exit code each outcome carries: the one
//! place exit codes are decided.
//!
//! - 0: done, nothing to report (or only warnings without `--deny-warnings`);
//! - 1: done, and the specs, data or tests have problems (diagnostics printed);
//! - 2: the command could not run: bad usage, a file that cannot be read or
//!   written, git failing, or a bug in boussole.

use boussole::spec::LoadError;
use std::fmt;

/// A command that ran to its end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Clean,
    /// Exit 1: problems were found and reported.
    Problems,
}

impl Outcome {
    pub fn code(self) -> u8 {
        match self {
            Outcome::Clean => 0,
            Outcome::Problems => 1,
        }
    }
    /// Problems when `problems` holds.
    pub fn from(problems: bool) -> Outcome {
        if problems {
            Outcome::Problems
        } else {
            Outcome::Clean
        }
    }
}

/// A command that could not run (exit 2). Texts are written in the run's
/// language when the error is made (`super::usage`, [`CliError::io`]).
#[derive(Debug)]
pub enum CliError {
    /// Options or arguments that do not fit together, or name nothing.
    Usage(String),
    /// A file or directory that cannot be read or written.
    Io(String),
    /// Spec files that cannot be found or read.
    Load(LoadError),
    /// git or tar failed (`boussole diff`).
    Git(String),
    /// An internal invariant failed: a bug in boussole, not the user's input.
    Bug(String),
}

impl CliError {
    pub fn code(&self) -> u8 {
        match self {
            CliError::Usage(_)
            | CliError::Io(_)
            | CliError::Load(_)
            | CliError::Git(_)
            | CliError::Bug(_) => 2,
        }
    }
    /// An I/O error on `what` (a path, `<stdin>`, or what was being done).
    pub fn io(what: impl fmt::Display, e: impl fmt::Display) -> CliError {
        CliError::Io(super::voice(None).text(&boussole::msg!(
            "io-error",
            path = what.to_string(),
            error = e.to_string()
        )))
    }
    /// An I/O error while doing what `doing` says (a catalogue message).
    pub fn io_doing(doing: boussole::i18n::Msg, e: impl fmt::Display) -> CliError {
        CliError::io(super::voice(None).text(&doing), e)
    }
    /// git (or tar) failed: `msg` in the run's language.
    pub fn git(msg: boussole::i18n::Msg) -> CliError {
        CliError::Git(super::voice(None).text(&msg))
    }
    /// A program that could not be started.
    pub fn cannot_run(program: &str, e: impl fmt::Display) -> CliError {
        CliError::git(boussole::msg!(
            "cli-cannot-run",
            program = program,
            error = e.to_string()
        ))
    }
}

impl From<LoadError> for CliError {
    fn from(e: LoadError) -> CliError {
        CliError::Load(e)
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(m) | CliError::Io(m) | CliError::Git(m) => f.write_str(m),
            CliError::Load(e) => f.write_str(&e.text(super::lang())),
            CliError::Bug(m) => f.write_str(
                &super::voice(None).text(&boussole::msg!("cli-bug", message = m.as_str())),
            ),
        }
    }
}
