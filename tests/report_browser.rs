//! `boussole report`'s page in a real browser: Debian's Chromium, headless,
//! driven by Playwright (`tests/browser/check_report.py`), with axe-core
//! injected. For the review fixture, the hostile one and the bundled
//! example: no console error, no request, no dialog; every card visible
//! (JavaScript on and off, and in print) with eval's status and value; no
//! serious or critical accessibility violation. Screenshots and PDFs go to
//! `target/report-screenshots/` (CI keeps them).
//!
//! Needs `chromium` (apt), `playwright` (pip) and `axe-core` (npm, found at
//! `BOUSSOLE_AXE_JS` or `target/tools/node_modules/axe-core/axe.min.js`):
//! `bash .ci/run` installs them and turns on `--features browser`. Without
//! the feature the test is listed as ignored, with this reason; with it, a
//! missing piece fails the test.

mod common;

use common::{root, run_in};
use std::path::{Path, PathBuf};

fn axe_js() -> PathBuf {
    std::env::var_os("BOUSSOLE_AXE_JS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/tools/node_modules/axe-core/axe.min.js"))
}

/// Writes the report and eval's JSON of `paths` run in `dir`, and checks the
/// page in the browser; the screenshot is `target/report-screenshots/NAME.png`.
fn check(name: &str, dir: &Path, paths: &[&str], extra: &[&str]) {
    let out = tempfile::tempdir().unwrap();
    let page = out.path().join("report.html");
    let json = out.path().join("eval.json");
    let mut args = vec!["report"];
    args.extend_from_slice(paths);
    args.extend_from_slice(extra);
    let page_arg = page.to_str().unwrap();
    args.extend_from_slice(&["--out", page_arg]);
    let r = run_in(dir, &args);
    assert!(r.code <= 1 && page.exists(), "report failed: {}", r.stderr);
    let mut args = vec!["eval"];
    args.extend_from_slice(paths);
    args.extend_from_slice(extra);
    args.extend_from_slice(&["--format", "json"]);
    let e = run_in(dir, &args);
    std::fs::write(&json, &e.stdout).unwrap();
    let shots = root().join("target/report-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let axe = axe_js();
    assert!(
        axe.exists(),
        "axe-core is not at {} (npm install --prefix target/tools axe-core)",
        axe.display()
    );
    let run = std::process::Command::new("python3")
        .arg(root().join("tests/browser/check_report.py"))
        .arg(&page)
        .arg(&json)
        .arg(shots.join(name))
        .arg(&axe)
        .output()
        .expect("python3 runs");
    assert!(
        run.status.success(),
        "{name}: the page fails in the browser:\n{}\n{}",
        String::from_utf8_lossy(&run.stderr),
        String::from_utf8_lossy(&run.stdout)
    );
    eprintln!("{name}: {}", String::from_utf8_lossy(&run.stdout).trim());
}

#[test]
#[cfg_attr(
    not(feature = "browser"),
    ignore = "needs chromium (apt), playwright (pip) and axe-core (npm): `bash .ci/run` installs them and runs `cargo test --features browser`"
)]
fn the_report_in_a_real_browser() {
    check(
        "review",
        &root().join("tests/fixtures/report/review"),
        &["."],
        &["--as-of", "2026-03-15"],
    );

    // in French: the same cards, French words and numbers, as accessible
    check(
        "review-fr",
        &root().join("tests/fixtures/report/review"),
        &["."],
        &["--as-of", "2026-03-15", "--lang", "fr"],
    );

    check(
        "hostile",
        &root().join("tests/fixtures/report/hostile"),
        &["."],
        &["--as-of", "2026-03-15", "--on-bad-row", "skip"],
    );

    check(
        "example",
        &root(),
        &["specs", "examples/ecommerce"],
        &[
            "--data",
            "examples/ecommerce/daily.csv",
            "--as-of",
            "2026-03-15",
        ],
    );
}
