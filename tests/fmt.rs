//! `boussole fmt`, from the real binary: the canonical layout of every
//! fixture in `tests/fixtures/fmt/` (snapshots of the output and of the
//! `--check` diff), idempotence, meaning and comments kept, and the command's
//! contract (in place, `--check`, stdin, exit codes, files left alone).

mod common;
use boussole::fuzz::spec_meaning;
use common::{rel, run, run_in, run_stdin};
use std::path::Path;

/// The comment lines' text of a YAML file (what follows ` #`), sorted.
fn comments(text: &str) -> Vec<String> {
    let mut v: Vec<String> = text
        .lines()
        .filter_map(|l| {
            let t = l.trim_start();
            if t.starts_with('#') {
                return Some(t.trim_end().to_string());
            }
            l.find(" #").map(|i| l[i + 1..].trim_end().to_string())
        })
        .collect();
    v.sort();
    v
}

#[test]
fn fmt_fixtures() {
    insta::glob!("fixtures/fmt/*.kpi.yaml", |path| {
        let rel = rel(path);
        let original = std::fs::read_to_string(path).unwrap();
        let out = run_stdin(&["fmt", "-"], &original);
        let check = run(&["fmt", "--check", &rel]);
        let mut s = insta::Settings::clone_current();
        s.set_snapshot_suffix(
            path.file_stem()
                .unwrap()
                .to_str()
                .unwrap()
                .replace('.', "_"),
        );
        s.set_prepend_module_to_snapshot(false);
        s.bind(|| {
            insta::assert_snapshot!(
                "fmt",
                format!(
                    "exit {}\n--- stdout\n{}--- stderr\n{}",
                    out.code, out.stdout, out.stderr
                )
            );
            insta::assert_snapshot!(
                "fmt_check",
                format!(
                    "exit {}\n--- stdout\n{}--- stderr\n{}",
                    check.code, check.stdout, check.stderr
                )
            );
        });
        // --check never writes
        assert_eq!(std::fs::read_to_string(path).unwrap(), original);
        if out.code != 0 {
            // a file fmt cannot take: a diagnostic, no output, no diff
            assert_eq!(out.code, 1, "{rel}");
            assert!(out.stdout.is_empty() && check.stdout.is_empty(), "{rel}");
            assert_eq!(check.code, 1, "{rel}");
            return;
        }
        let formatted = out.stdout;
        assert_eq!(check.code, i32::from(formatted != original), "{rel}");
        assert_eq!(check.stdout.is_empty(), formatted == original, "{rel}");
        let again = run_stdin(&["fmt", "-"], &formatted);
        assert_eq!(again.code, 0);
        assert_eq!(again.stdout, formatted, "{rel}: fmt is not idempotent");
        assert_eq!(
            spec_meaning(original.as_bytes()),
            spec_meaning(formatted.as_bytes()),
            "{rel}: fmt changed what the spec means"
        );
        assert_eq!(
            comments(&original),
            comments(&formatted),
            "{rel}: a comment was lost or changed"
        );
    });
}

fn copy_fixture(name: &str, to: &Path) {
    std::fs::copy(
        common::root().join("tests/fixtures/fmt").join(name),
        to.join(name),
    )
    .unwrap();
}

#[test]
fn fmt_rewrites_files_in_place_then_check_passes() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    copy_fixture("messy.kpi.yaml", d);
    copy_fixture("formatted.kpi.yaml", d);
    std::fs::create_dir(d.join("sub")).unwrap();
    copy_fixture("quoting.kpi.yaml", &d.join("sub"));
    // neither a spec test file nor another YAML file is touched
    let test_file =
        "tests:\n  t: {rows: [{date: 2026-01-01, a: 1}], expect: [{period: 2026-01, a: 1}]}\n";
    std::fs::write(d.join("x.kpi-test.yaml"), test_file).unwrap();
    std::fs::write(d.join("other.yaml"), "a:   1\n").unwrap();
    std::fs::set_permissions(
        d.join("messy.kpi.yaml"),
        std::fs::Permissions::from_mode(0o640),
    )
    .unwrap();
    let formatted_before = std::fs::read(d.join("formatted.kpi.yaml")).unwrap();

    let check = run_in(d, &["fmt", "--check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(check
        .stdout
        .contains("--- ./messy.kpi.yaml\n+++ ./messy.kpi.yaml (formatted)"));
    assert!(check.stdout.contains("--- ./sub/quoting.kpi.yaml"));
    assert!(
        !check.stdout.contains("formatted.kpi.yaml\n"),
        "{}",
        check.stdout
    );
    assert!(
        check.stderr.contains("2 file(s) not formatted"),
        "{}",
        check.stderr
    );

    let fmt = run_in(d, &["fmt"]);
    assert_eq!(fmt.code, 0, "{}", fmt.stderr);
    assert_eq!(
        fmt.stderr,
        "formatted ./messy.kpi.yaml\nformatted ./sub/quoting.kpi.yaml\n"
    );
    let messy = std::fs::read_to_string(d.join("messy.kpi.yaml")).unwrap();
    let expected = run_stdin(
        &["fmt", "-"],
        &std::fs::read_to_string(common::root().join("tests/fixtures/fmt/messy.kpi.yaml")).unwrap(),
    );
    assert_eq!(messy, expected.stdout);
    let mode = std::fs::metadata(d.join("messy.kpi.yaml"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o640, "permissions kept");
    assert_eq!(
        std::fs::read(d.join("formatted.kpi.yaml")).unwrap(),
        formatted_before
    );
    assert_eq!(
        std::fs::read_to_string(d.join("x.kpi-test.yaml")).unwrap(),
        test_file
    );
    assert_eq!(
        std::fs::read_to_string(d.join("other.yaml")).unwrap(),
        "a:   1\n"
    );
    // no temporary file left behind
    let names: Vec<String> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.contains("boussole-fmt")),
        "{names:?}"
    );

    let again = run_in(d, &["fmt", "--check"]);
    assert_eq!(again.code, 0, "{}{}", again.stdout, again.stderr);
    assert!(again.stdout.is_empty());
    // the formatted catalog still checks the same
    assert_eq!(
        run_in(d, &["check", "messy.kpi.yaml"]).code,
        run(&["check", "tests/fixtures/fmt/messy.kpi.yaml"]).code
    );
}

#[test]
fn fmt_leaves_files_with_errors_as_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    copy_fixture("broken.kpi.yaml", d);
    copy_fixture("anchors.kpi.yaml", d);
    copy_fixture("messy.kpi.yaml", d);
    let fmt = run_in(d, &["fmt", "."]);
    assert_eq!(fmt.code, 1);
    assert!(fmt.stderr.contains("yaml-error"), "{}", fmt.stderr);
    assert!(fmt.stderr.contains("fmt-unsupported"), "{}", fmt.stderr);
    assert!(
        fmt.stderr.contains("formatted ./messy.kpi.yaml"),
        "{}",
        fmt.stderr
    );
    for name in ["broken.kpi.yaml", "anchors.kpi.yaml"] {
        assert_eq!(
            std::fs::read(d.join(name)).unwrap(),
            std::fs::read(common::root().join("tests/fixtures/fmt").join(name)).unwrap()
        );
    }
}

#[test]
fn fmt_usage_errors_exit_2() {
    let none = run(&["fmt", "no/such/dir"]);
    assert_eq!(none.code, 2, "{}", none.stderr);
    let dir = tempfile::tempdir().unwrap();
    let empty = run_in(dir.path(), &["fmt"]);
    assert_eq!(empty.code, 2);
    assert!(
        empty.stderr.contains("no *.kpi.yaml file found"),
        "{}",
        empty.stderr
    );
    let test_file = run(&["fmt", "specs/marketing.kpi-test.yaml"]);
    assert_eq!(test_file.code, 2);
    assert!(
        test_file.stderr.contains("spec test file"),
        "{}",
        test_file.stderr
    );
}

#[test]
fn fmt_on_stdin_writes_stdout_and_checks() {
    let messy = "metrics:\n- r=a/b\n";
    let out = run_stdin(&["fmt", "-"], messy);
    assert_eq!(
        (out.code, out.stdout.as_str()),
        (0, "metrics:\n  - r = a / b\n")
    );
    let check = run_stdin(&["fmt", "--check", "-"], messy);
    assert_eq!(check.code, 1);
    assert!(
        check.stdout.contains("-- r=a/b\n+  - r = a / b\n"),
        "{}",
        check.stdout
    );
    let ok = run_stdin(&["fmt", "--check", "-"], &out.stdout);
    assert_eq!((ok.code, ok.stdout.as_str()), (0, ""));
}

#[test]
fn shipped_specs_and_the_starter_project_are_formatted() {
    let shipped = run(&["fmt", "--check", "specs", "examples/ecommerce"]);
    assert_eq!(shipped.code, 0, "{}{}", shipped.stdout, shipped.stderr);
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(run_in(dir.path(), &["init", "p"]).code, 0);
    let starter = run_in(dir.path(), &["fmt", "--check", "p"]);
    assert_eq!(starter.code, 0, "{}{}", starter.stdout, starter.stderr);
}

/// A Windows checkout (CRLF, a byte-order mark) keeps its line ends and
/// mark, so `--check` passes there once formatted; a symbolic link stays a
/// link to the file it points to, which is the one rewritten.
#[test]
fn fmt_keeps_line_ends_bom_and_links() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("win.kpi.yaml"),
        "\u{feff}metrics:\r\n- r=a/b   # c\r\n",
    )
    .unwrap();
    assert_eq!(run_in(d, &["fmt", "win.kpi.yaml"]).code, 0);
    assert_eq!(
        std::fs::read_to_string(d.join("win.kpi.yaml")).unwrap(),
        "\u{feff}metrics:\r\n  - r = a / b # c\r\n"
    );
    let check = run_in(d, &["fmt", "--check", "win.kpi.yaml"]);
    assert_eq!((check.code, check.stdout.as_str()), (0, ""));

    std::fs::create_dir(d.join("real")).unwrap();
    std::fs::write(d.join("real/t.kpi.yaml"), "metrics:\n- r=a/b\n").unwrap();
    std::os::unix::fs::symlink("real/t.kpi.yaml", d.join("link.kpi.yaml")).unwrap();
    assert_eq!(run_in(d, &["fmt", "link.kpi.yaml"]).code, 0);
    assert!(std::fs::symlink_metadata(d.join("link.kpi.yaml"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(
        std::fs::read_to_string(d.join("real/t.kpi.yaml")).unwrap(),
        "metrics:\n  - r = a / b\n"
    );
}
