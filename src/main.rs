//! The `boussole` command line: parse the arguments, run the command, exit
//! with the code its outcome carries. Everything else is in `cli/`.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    // a reader's panic on a damaged file is caught and reported as a
    // data-error at the file: no backtrace noise for it
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !boussole::eval::is_reader_panic(info) {
            default_hook(info);
        }
    }));
    let raw: Vec<std::ffi::OsString> = std::env::args_os().collect();
    cli::ask(&raw);
    let args = match cli::parse(raw) {
        Ok(c) => c,
        Err(e) => {
            match cli::clap_error(&e) {
                Some(text) => eprintln!("{text}"),
                None => {
                    let _ = e.print();
                }
            }
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli::run(args) {
        Ok(outcome) => ExitCode::from(outcome.code()),
        Err(e) => {
            let lang = cli::lang();
            eprintln!(
                "{}",
                lang.text(&boussole::msg!("cli-error", message = e.to_string()))
            );
            ExitCode::from(e.code())
        }
    }
}
