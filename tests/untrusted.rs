//! A pull request is untrusted input. Each attack is planted at test time in
//! a fresh git repository beside an "outside" directory holding a secret:
//! links to `/proc/self/environ`, `/dev/zero` and outside files, FIFOs,
//! escaping `path:` globs, an oversized spec. Every command runs on it in
//! every output format and must end within a bound, name what it refused
//! (the diagnostic code), and never print a byte of the environment (a
//! marker planted in it) or of the outside files (a marker in each).
#![cfg(unix)]

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Planted in the environment of every run.
const ENV_MARKER: &str = "ENVMARKER-5b1f0c";
/// Planted in every outside file.
const FILE_MARKER: &str = "FILEMARKER-93ad2e";
/// No command may take longer (they take milliseconds; a hang is caught).
const BOUND: Duration = Duration::from_secs(30);

const SPEC: &str = "\
sources:
  ads:
    path: ../data/*.csv
inputs:
  spend: { unit: money(EUR), source: ads }
  clicks: { unit: count, source: ads }
metrics:
  - cpc = spend / clicks
";

const TESTS: &str = "\
tests:
  cpc:
    rows:
      - { date: 2026-01-05, spend: 10, clicks: 5 }
    expect:
      - { period: 2026-01, cpc: 2 EUR }
";

struct World {
    _dir: tempfile::TempDir,
    repo: PathBuf,
    outside: PathBuf,
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// A git repository with a clean spec, its test and its data, and an
/// outside directory with secrets (files that would be echoed if read: a
/// spec with a YAML error on the marker's line, a CSV with the marker in a
/// number cell).
fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    let outside = dir.path().join("outside");
    for (path, text) in [
        (repo.join("kpis/ads.kpi.yaml"), SPEC.to_string()),
        (repo.join("kpis/ads.kpi-test.yaml"), TESTS.to_string()),
        (
            repo.join("data/ads.csv"),
            "date,spend,clicks\n2026-01-05,10,5\n".into(),
        ),
        (
            outside.join("secret.kpi.yaml"),
            format!("inputs:\n  x: {{ unit: [{FILE_MARKER}\n"),
        ),
        (
            outside.join("secret.kpi-test.yaml"),
            format!("tests: [{FILE_MARKER}\n"),
        ),
        (
            outside.join("secret.csv"),
            format!("date,spend,clicks\n2026-01-05,{FILE_MARKER},5\n"),
        ),
    ] {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    let git = Command::new("git")
        .args(["init", "-q"])
        .current_dir(&repo)
        .status()
        .expect("git runs");
    assert!(git.success());
    World {
        _dir: dir,
        repo,
        outside,
    }
}

fn link(target: impl AsRef<Path>, at: &Path) {
    fs::create_dir_all(at.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, at).unwrap();
}

fn fifo(at: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(at.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
}

/// Runs the binary in `dir` with the marker in its environment, killed
/// (and the test failed) past [`BOUND`].
fn run(dir: &Path, args: &[&str]) -> Run {
    let mut child = common::in_english(&mut Command::new(env!("CARGO_BIN_EXE_boussole")))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("BOUSSOLE_CI_TOKEN", ENV_MARKER)
        .env("BOUSSOLE_AS_OF", common::AS_OF)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    // read both pipes on threads so that a chatty child never blocks
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut s).unwrap();
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut s).unwrap();
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > BOUND {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "`boussole {}` hangs (killed after {BOUND:?})",
                args.join(" ")
            );
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&err.join().unwrap()).into_owned(),
    }
}

/// Every command and output format that reads the specs under `kpis`.
const COMMANDS: &[&[&str]] = &[
    &["check", "kpis"],
    &["check", "kpis", "--format", "json"],
    &["check", "kpis", "--format", "github"],
    &["check", "kpis", "--format", "sarif"],
    &["check"],
    &["eval", "kpis"],
    &["eval", "kpis", "--format", "json"],
    &["eval", "kpis", "--format", "csv"],
    &["eval", "kpis", "--format", "github"],
    &["eval", "kpis", "--format", "sarif"],
    &["test", "kpis"],
    &["test", "kpis", "--format", "junit"],
    &["test", "kpis", "--format", "github"],
    &["test", "kpis", "--format", "sarif"],
    &["fmt", "kpis"],
    &["fmt", "--check", "kpis"],
    &["explain", "cpc", "kpis"],
    &["explain", "cpc", "kpis", "--format", "json"],
    &["sql", "kpis", "--dialect", "duckdb"],
];

/// Runs every command on the world: each ends within the bound, never
/// prints a marker, and names `code` (except the commands in `silent`,
/// which do not read what the attack planted).
fn attack(w: &World, code: &str, silent: &[&str]) -> Vec<(String, Run)> {
    let mut runs = Vec::new();
    for args in COMMANDS {
        let r = run(&w.repo, args);
        let shown = args.join(" ");
        let all = format!("{}{}", r.stdout, r.stderr);
        assert!(
            !all.contains(ENV_MARKER),
            "`{shown}` printed the environment:\n{all}"
        );
        assert!(
            !all.contains(FILE_MARKER),
            "`{shown}` printed an outside file:\n{all}"
        );
        assert!(!all.contains("panicked"), "`{shown}`:\n{all}");
        if !silent.contains(&args[0]) {
            assert!(all.contains(code), "`{shown}` does not name {code}:\n{all}");
            assert_ne!(r.code, 0, "`{shown}` passes:\n{all}");
        }
        runs.push((shown, r));
    }
    runs
}

fn shown(runs: &[(String, Run)], command: &str) -> String {
    let (_, r) = runs.iter().find(|(c, _)| c == command).unwrap();
    format!(
        "exit {}\n--- stdout\n{}--- stderr\n{}",
        r.code, r.stdout, r.stderr
    )
}

#[test]
fn a_spec_linked_to_the_process_environment() {
    let w = world();
    link("/proc/self/environ", &w.repo.join("kpis/env.kpi.yaml"));
    let runs = attack(&w, "outside-project", &[]);
    insta::assert_snapshot!("untrusted-environ", shown(&runs, "check kpis"));
}

#[test]
fn a_spec_linked_to_a_file_outside_the_repository() {
    let w = world();
    link(
        "../../outside/secret.kpi.yaml",
        &w.repo.join("kpis/u.kpi.yaml"),
    );
    let runs = attack(&w, "outside-project", &[]);
    insta::assert_snapshot!("untrusted-outside-link", shown(&runs, "check kpis"));
    // fmt neither read nor rewrote it
    let secret = fs::read_to_string(w.outside.join("secret.kpi.yaml")).unwrap();
    assert!(secret.contains(FILE_MARKER) && secret.ends_with('\n'));
    assert!(fs::symlink_metadata(w.repo.join("kpis/u.kpi.yaml"))
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn a_spec_that_is_a_fifo_or_a_device() {
    let w = world();
    fifo(&w.repo.join("kpis/f.kpi.yaml"));
    link("/dev/zero", &w.repo.join("kpis/z.kpi.yaml"));
    let runs = attack(&w, "not-a-file", &[]);
    for (shown, r) in &runs {
        if shown.starts_with("check") || shown.starts_with("eval") {
            let all = format!("{}{}", r.stdout, r.stderr);
            assert!(all.contains("outside-project"), "{shown}: {all}");
        }
    }
    insta::assert_snapshot!("untrusted-fifo-device", shown(&runs, "check kpis"));
}

#[test]
fn a_directory_linked_outside_is_not_searched() {
    let w = world();
    // the outside holds a spec; `/` would take a very long walk
    link("../../outside", &w.repo.join("kpis/more"));
    link("/", &w.repo.join("kpis/root"));
    // a warning: the specs beside it are checked and pass
    let r = run(&w.repo, &["check", "kpis"]);
    let all = format!("{}{}", r.stdout, r.stderr);
    assert_eq!(r.code, 0, "{all}");
    assert!(all.contains("outside-project") && !all.contains(FILE_MARKER));
    assert_eq!(run(&w.repo, &["check", "kpis", "--deny-warnings"]).code, 1);
    insta::assert_snapshot!(
        "untrusted-directory-link",
        format!(
            "exit {}\n--- stdout\n{}--- stderr\n{}",
            r.code, r.stdout, r.stderr
        )
    );
}

#[test]
fn the_spec_directory_itself_linked_outside() {
    let w = world();
    fs::remove_dir_all(w.repo.join("kpis")).unwrap();
    link("../outside", &w.repo.join("kpis"));
    let runs = attack(&w, "outside-project", &["test"]);
    insta::assert_snapshot!("untrusted-spec-directory", shown(&runs, "check kpis"));
}

#[test]
fn spec_tests_linked_outside_or_fifos() {
    let w = world();
    link(
        "../../outside/secret.kpi-test.yaml",
        &w.repo.join("kpis/u.kpi-test.yaml"),
    );
    fifo(&w.repo.join("kpis/f.kpi-test.yaml"));
    for format in ["human", "junit", "github", "sarif"] {
        let r = run(&w.repo, &["test", "kpis", "--format", format]);
        let all = format!("{}{}", r.stdout, r.stderr);
        assert_eq!(r.code, 1, "{format}: {all}");
        assert!(all.contains("outside-project") && all.contains("not-a-file"));
        assert!(!all.contains(FILE_MARKER) && !all.contains(ENV_MARKER));
        // the honest test still ran
        if format == "human" {
            assert!(all.contains("1 passed, 0 failed"), "{all}");
            insta::assert_snapshot!(
                "untrusted-spec-tests",
                format!(
                    "exit {}\n--- stdout\n{}--- stderr\n{}",
                    r.code, r.stdout, r.stderr
                )
            );
        }
    }
}

#[test]
fn an_oversized_spec_is_read_to_its_limit_only() {
    let w = world();
    let big = w.repo.join("kpis/big.kpi.yaml");
    let f = fs::File::create(&big).unwrap();
    f.set_len(boussole::spec::MAX_FILE_SIZE + 1).unwrap();
    let runs = attack(&w, "file-too-large", &[]);
    insta::assert_snapshot!("untrusted-oversized", shown(&runs, "check kpis"));
}

/// The data a source's `path:` finds: a planted link, FIFO or device is
/// refused at the `path:` token; the honest CSV beside them is not enough
/// for a report (the source is incomplete), so eval fails with the reason.
#[test]
fn data_files_linked_outside_fifos_and_devices() {
    for (name, plant, code) in [
        ("data-outside-link", "leak", "outside-project"),
        ("data-environ", "environ", "outside-project"),
        ("data-zero", "zero", "outside-project"),
        ("data-fifo", "fifo", "not-a-file"),
    ] {
        let w = world();
        let at = w.repo.join("data/x.csv");
        match plant {
            "leak" => link("../../outside/secret.csv", &at),
            "environ" => link("/proc/self/environ", &at),
            "zero" => link("/dev/zero", &at),
            _ => fifo(&at),
        }
        let runs = attack(&w, code, &["check", "test", "fmt", "explain", "sql"]);
        insta::assert_snapshot!(format!("untrusted-{name}"), shown(&runs, "eval kpis"));
    }
}

#[test]
fn paths_that_escape_the_project() {
    for (name, path) in [
        ("glob-parent", "../../outside/*.csv"),
        ("glob-absolute", "/proc/self/environ"),
        (
            "glob-deep-parent",
            "../../../../../../../../../../../../etc/*",
        ),
    ] {
        let w = world();
        fs::write(
            w.repo.join("kpis/ads.kpi.yaml"),
            SPEC.replace("../data/*.csv", path),
        )
        .unwrap();
        let runs = attack(
            &w,
            "outside-project",
            &["check", "test", "fmt", "explain", "sql"],
        );
        insta::assert_snapshot!(format!("untrusted-{name}"), shown(&runs, "eval kpis"));
    }
}

/// `**` walks directories, but not through a link out of the project (one
/// to `/` would be a walk of the whole disk).
#[test]
fn a_deep_glob_does_not_follow_links_out() {
    let w = world();
    fs::write(
        w.repo.join("kpis/ads.kpi.yaml"),
        SPEC.replace("../data/*.csv", "../data/**/*.csv"),
    )
    .unwrap();
    link("/", &w.repo.join("data/all"));
    link("../../outside", &w.repo.join("data/more"));
    let r = run(&w.repo, &["eval", "kpis", "--format", "json"]);
    let all = format!("{}{}", r.stdout, r.stderr);
    assert!(!all.contains(FILE_MARKER), "{all}");
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let codes: Vec<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["outside-project", "outside-project"], "{all}");
    assert_eq!(r.code, 1);
}

/// Links inside the project are followed, `..` that stays inside is fine.
#[test]
fn links_and_parents_inside_the_project_are_read() {
    let w = world();
    fs::rename(w.repo.join("data/ads.csv"), w.repo.join("ads-real.csv")).unwrap();
    link("../ads-real.csv", &w.repo.join("data/ads.csv"));
    // a source path with `..` that stays inside the repository
    fs::write(
        w.repo.join("kpis/ads.kpi.yaml"),
        SPEC.replace("../data/*.csv", "../kpis/../data/ads.csv"),
    )
    .unwrap();
    let r = run(&w.repo, &["eval", "kpis", "--format", "json"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(doc["results"][0]["values"]["cpc"], 2, "{doc:#}");
}

/// `--data FILE` on the command line may be anywhere (the user named it),
/// but must be a regular file: a FIFO or a device is refused at once.
#[test]
fn data_named_on_the_command_line() {
    let w = world();
    fifo(&w.repo.join("pipe.csv"));
    for data in ["ads=pipe.csv", "ads=/dev/zero", "pipe.csv", "/dev/zero"] {
        let r = run(&w.repo, &["eval", "kpis", "--data", data]);
        assert_eq!(r.code, 1, "{data}: {}", r.stderr);
        assert!(r.stderr.contains("not-a-file"), "{data}: {}", r.stderr);
    }
    // a regular file outside the project, named by the user: read
    let outside = w.outside.join("secret.csv");
    let arg = format!("ads={}", outside.display());
    let r = run(&w.repo, &["eval", "kpis", "--data", &arg]);
    assert!(r.stderr.contains("data-error"), "{}", r.stderr);
    // inspect: a FIFO is refused, not waited on
    let r = run(&w.repo, &["inspect", "pipe.csv"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("a FIFO"), "{}", r.stderr);
}

/// `diff` between revisions: the extracted revision is its own project,
/// and a link committed in it that leads out of it is refused.
#[test]
fn diff_of_a_revision_with_links_out() {
    let w = world();
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(["-c", "user.email=t@example.com", "-c", "user.name=t"])
            .args(args)
            .current_dir(&w.repo)
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["add", "-A"]);
    git(&["commit", "-qm", "clean"]);
    link("/proc/self/environ", &w.repo.join("kpis/env.kpi.yaml"));
    link(
        "../../outside/secret.kpi.yaml",
        &w.repo.join("kpis/u.kpi.yaml"),
    );
    // inside the extracted revision this link leads back into the real
    // repository's parent: outside the revision
    link("../../../outside", &w.repo.join("kpis/more"));
    git(&["add", "-A"]);
    git(&["commit", "-qm", "attack"]);
    for format in ["markdown", "json"] {
        let r = run(
            &w.repo,
            &["diff", "HEAD~1", "HEAD", "kpis", "--format", format],
        );
        let all = format!("{}{}", r.stdout, r.stderr);
        assert!(
            !all.contains(FILE_MARKER) && !all.contains(ENV_MARKER),
            "{all}"
        );
        assert!(all.contains("outside-project"), "{format}: {all}");
        assert_eq!(r.code, 0, "{all}");
    }
    // the work tree as a directory version: the same refusals
    let r = run(&w.repo, &["diff", "HEAD~1", "kpis"]);
    let all = format!("{}{}", r.stdout, r.stderr);
    assert!(
        !all.contains(FILE_MARKER) && !all.contains(ENV_MARKER),
        "{all}"
    );
    assert!(all.contains("outside-project"), "{all}");
}
