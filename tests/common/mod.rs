//! Helpers to run the real `boussole` binary.
#![allow(dead_code)]

pub mod engines;
pub mod rng;

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

/// The day of the review every test's `eval` runs at (`BOUSSOLE_AS_OF`):
/// after every period of the fixtures, so that every target is judged and no
/// output changes with the calendar. Tests of `in-progress` give `--as-of`.
pub const AS_OF: &str = "2030-01-01";

/// The environment variables that choose the language (`--lang` aside):
/// removed from every run, so the outputs are English on any machine.
pub const LANG_VARS: [&str; 5] = ["BOUSSOLE_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"];

/// `cmd` without the variables that choose the language.
pub fn in_english(cmd: &mut Command) -> &mut Command {
    for v in LANG_VARS {
        cmd.env_remove(v);
    }
    cmd
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the binary in `dir` with `args`, colour off.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out = in_english(&mut Command::new(env!("CARGO_BIN_EXE_boussole")))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("BOUSSOLE_AS_OF", AS_OF)
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("the boussole binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs the binary from the repository root with `input` on stdin.
pub fn run_stdin(args: &[&str], input: &str) -> Run {
    use std::io::Write as _;
    let mut child = in_english(&mut Command::new(env!("CARGO_BIN_EXE_boussole")))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env("BOUSSOLE_AS_OF", AS_OF)
        .env_remove("CLICOLOR_FORCE")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the boussole binary runs");
    let mut stdin = child.stdin.take().expect("a stdin pipe");
    let input = input.to_string();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let out = child.wait_with_output().expect("the binary ends");
    writer.join().expect("stdin written");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs the binary from the repository root.
pub fn run(args: &[&str]) -> Run {
    run_in(&root(), args)
}

/// A path inside the repository, relative to its root, as text.
pub fn rel(path: &Path) -> String {
    path.strip_prefix(root())
        .expect("a path inside the repository")
        .to_str()
        .expect("a UTF-8 path")
        .to_string()
}

/// A declared source's spec and its file: the evaluation by the fast path
/// (Err when it does not apply) and by the exact reader, as JSON reports.
pub fn both_readers(
    spec_path: &std::path::Path,
    spec: &str,
    data: &std::path::Path,
    by: &[String],
    period: boussole::vocab::Period,
) -> (Result<serde_json::Value, String>, serde_json::Value) {
    use boussole::diagnostic::Diagnostics;
    use boussole::eval::{evaluate, Data, Options, Reader};
    use boussole::source::Sources;
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let model = boussole::check_bytes(
        &spec_path.to_string_lossy(),
        spec.as_bytes(),
        &mut sources,
        &mut diags,
    );
    assert!(!diags.has_errors(), "{:?}", diags.items);
    let plan = boussole::plan::plan(&model, period, by);
    let files = [vec![data.to_path_buf()]];
    let run = |reader| {
        let mut d = Diagnostics::default();
        let opts = Options {
            reader,
            ..Options::default()
        };
        let ev = evaluate(&plan, Data::Sources(&files), &mut d, &opts);
        ev.map(|ev| boussole::render::eval_json(&ev, &d, &sources))
    };
    (run(Reader::FastOnly), run(Reader::Exact).unwrap())
}
