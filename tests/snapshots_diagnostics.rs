//! Snapshot tests over folders of fixtures: every diagnostic, in human and
//! JSON form, from the real binary.

mod common;
use common::run;

/// A JSON document without its human texts (`message`, `label`, `help`,
/// related places' `message`): what must not change with the language.
fn without_texts(v: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| !matches!(k.as_str(), "message" | "label" | "help"))
                .map(|(k, v)| (k.clone(), without_texts(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(without_texts).collect()),
        other => other.clone(),
    }
}

/// The same command in French: its exit code and JSON agree with the
/// English run's but for the human texts; returns the French run.
fn in_french(args: &[&str], english: &common::Run) -> common::Run {
    let mut fr = args.to_vec();
    fr.extend(["--lang", "fr"]);
    let french = run(&fr);
    assert_eq!(french.code, english.code, "{args:?} in French");
    french
}

fn settings(name: &str) -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_suffix(name.replace('.', "_"));
    s.set_prepend_module_to_snapshot(false);
    s
}

#[test]
fn check_fixtures() {
    insta::glob!("fixtures/check/*.kpi.yaml", |path| {
        let rel = path.strip_prefix(common::root()).unwrap();
        let rel = rel.to_str().unwrap();
        let name = path.file_name().unwrap().to_str().unwrap();
        let human = run(&["check", rel]);
        let json = run(&["check", rel, "--format", "json"]);
        let github = run(&["check", rel, "--format", "github"]);
        let human_fr = in_french(&["check", rel], &human);
        let json_fr = in_french(&["check", rel, "--format", "json"], &json);
        assert_eq!(
            without_texts(&json_fr.json()),
            without_texts(&json.json()),
            "{name}: the JSON is the same in French but for its texts"
        );
        assert_eq!(json.code, human.code);
        assert_eq!(github.code, human.code);
        // one workflow command per diagnostic, on stdout
        assert_eq!(
            github.stdout.lines().count() as u64,
            json.json()["errors"].as_u64().unwrap() + json.json()["warnings"].as_u64().unwrap()
        );
        assert!(github
            .stdout
            .lines()
            .all(|l| l.starts_with("::error ") || l.starts_with("::warning ")));
        let doc = json.json();
        let expected = if doc["errors"] == 0 { 0 } else { 1 };
        assert_eq!(
            human.code, expected,
            "{name}: exit code follows the error count:\n{}",
            human.stderr
        );
        assert!(doc["errors"].as_u64().unwrap() + doc["warnings"].as_u64().unwrap() > 0);
        settings(name).bind(|| {
            insta::assert_snapshot!("human", human.stderr);
            insta::assert_snapshot!("human_fr", human_fr.stderr);
            insta::assert_json_snapshot!("json", doc);
            insta::assert_snapshot!("github", github.stdout);
        });
    });
}

#[test]
fn warnings_only_fixtures_exit_zero_unless_denied() {
    for f in ["smart-relevant", "too-many-kpis", "vanity-metric"] {
        let p = format!("tests/fixtures/check/{f}.kpi.yaml");
        // these fixtures hold warnings only
        let r = run(&["check", &p, "--format", "json"]);
        let doc = r.json();
        assert_eq!(doc["errors"], 0, "{f}");
        assert_eq!(r.code, 0, "{f}: warnings alone exit 0");
        let r = run(&["check", &p, "--deny-warnings"]);
        assert_eq!(
            r.code, 1,
            "{f}: --deny-warnings turns warnings into failure"
        );
    }
}

/// A fixture directory: its path, its name, and its path relative to the repository.
fn fixture_dir(file: &std::path::Path) -> (std::path::PathBuf, String, String) {
    let dir = file.parent().unwrap().to_path_buf();
    let name = dir.file_name().unwrap().to_str().unwrap().to_string();
    let rel = common::rel(&dir);
    (dir, name, rel)
}

/// Fixtures that need several files: one directory each.
#[test]
fn check_directory_fixtures() {
    insta::glob!("fixtures/check-dirs/*/a.kpi.yaml", |path| {
        let (_, name, rel) = fixture_dir(path);
        let human = run(&["check", &rel]);
        let json = run(&["check", &rel, "--format", "json"]);
        let human_fr = in_french(&["check", &rel], &human);
        assert_eq!(human.code, 1, "{name}");
        let doc = json.json();
        // the second definition, in b.kpi.yaml, is the one reported
        let error = doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["severity"] == "error")
            .expect("an error");
        assert!(
            error["file"].as_str().unwrap().ends_with("b.kpi.yaml"),
            "{doc:#}"
        );
        settings(&name).bind(|| {
            insta::assert_snapshot!("human", human.stderr);
            insta::assert_snapshot!("human_fr", human_fr.stderr);
            insta::assert_json_snapshot!("json", doc);
        });
    });
}

/// `eval` with `args` (then `--format json`, then `--format csv`): the exit
/// codes agree and are 0 or 1; the human output (exit, stdout, stderr), the
/// JSON document and the CSV table are snapshotted as `{kind}_human`,
/// `{kind}_json` and `{kind}_csv`.
fn eval_snapshots(name: &str, kind: &str, mut args: Vec<&str>) {
    let human = run(&args);
    let human_fr = in_french(&args, &human);
    let mut csv_args = args.clone();
    csv_args.extend(["--format", "csv"]);
    let csv = run(&csv_args);
    args.extend(["--format", "json"]);
    let json = run(&args);
    let json_fr = in_french(&args, &json);
    assert_eq!(
        without_texts(&json_fr.json()),
        without_texts(&json.json()),
        "{name}: the JSON is the same in French but for its texts"
    );
    assert_eq!(json.code, human.code, "{name}");
    assert_eq!(csv.code, human.code, "{name}");
    assert!(
        json.code == 0 || json.code == 1,
        "{name}: exit {}\n{}",
        json.code,
        json.stderr
    );
    settings(name).bind(|| {
        insta::assert_snapshot!(
            format!("{kind}_human"),
            format!(
                "exit {}\n--- stdout\n{}--- stderr\n{}",
                human.code, human.stdout, human.stderr
            )
        );
        insta::assert_snapshot!(
            format!("{kind}_human_fr"),
            format!(
                "exit {}\n--- stdout\n{}--- stderr\n{}",
                human_fr.code, human_fr.stdout, human_fr.stderr
            )
        );
        insta::assert_json_snapshot!(format!("{kind}_json"), json.json());
        insta::assert_snapshot!(format!("{kind}_csv"), csv.stdout);
    });
}

/// The extra arguments a fixture directory's `args` file gives.
fn extra_args(dir: &std::path::Path) -> String {
    std::fs::read_to_string(dir.join("args")).unwrap_or_default()
}

#[test]
fn eval_fixtures() {
    insta::glob!("fixtures/eval/*/spec.kpi.yaml", |path| {
        let (dir, name, rel) = fixture_dir(path);
        let spec = format!("{rel}/spec.kpi.yaml");
        let data = format!("{rel}/data.csv");
        let extra = extra_args(&dir);
        let mut args = vec!["eval", spec.as_str(), "--data", data.as_str()];
        args.extend(extra.split_whitespace());
        eval_snapshots(&name, "eval", args);
    });
}

/// Projects whose spec declares `sources:`: each directory holds the spec,
/// its exports as the tools write them, and the extra arguments in `args`.
#[test]
fn source_fixtures() {
    insta::glob!("fixtures/sources/*/spec.kpi.yaml", |path| {
        let (dir, name, rel) = fixture_dir(path);
        let extra = extra_args(&dir);
        let mut args = vec!["eval", rel.as_str()];
        args.extend(extra.split_whitespace());
        eval_snapshots(&name, "sources", args);
    });
}

/// `explain` on the guide's objective: an input used by two metrics, and
/// through them by both objectives; a metric; an unknown name.
#[test]
fn explain_snapshots() {
    let spec = "tests/fixtures/sql/objectives/spec.kpi.yaml";
    for name in ["orders", "avg_basket", "revenue"] {
        let human = run(&["explain", name, spec]);
        let json = run(&["explain", name, spec, "--format", "json"]);
        assert_eq!(human.code, 0, "{}", human.stderr);
        assert_eq!(json.code, 0);
        let fr = in_french(&["explain", name, spec], &human);
        settings(name).bind(|| {
            insta::assert_snapshot!("explain", human.stdout);
            insta::assert_snapshot!("explain_fr", fr.stdout);
            insta::assert_json_snapshot!("explain_json", json.json());
        });
    }
    let r = run(&["explain", "order", spec]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("did you mean `orders`?"), "{}", r.stderr);
}

/// `explain` on row-level inputs: the expression, the filter, a count of rows.
#[test]
fn explain_row_level_inputs() {
    let spec = "tests/fixtures/sources/order-lines/spec.kpi.yaml";
    for name in ["revenue", "customers", "lines"] {
        let human = run(&["explain", name, spec]);
        assert_eq!(human.code, 0, "{}", human.stderr);
        settings(&format!("row-{name}")).bind(|| insta::assert_snapshot!("explain", human.stdout));
    }
}

/// `boussole test` catching a wrong formula and a wrong expectation: the
/// summary on stdout, expected against actual at the expectation's position
/// with the metric's definition, exit 1.
#[test]
fn spec_test_failures() {
    let r = run(&["test", "tests/fixtures/spectest/failing"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let fr = in_french(&["test", "tests/fixtures/spectest/failing"], &r);
    settings("failing").bind(|| {
        insta::assert_snapshot!(
            "spec_test",
            format!("--- stdout\n{}--- stderr\n{}", r.stdout, r.stderr)
        );
        insta::assert_snapshot!(
            "spec_test_fr",
            format!("--- stdout\n{}--- stderr\n{}", fr.stdout, fr.stderr)
        );
    });
}

/// Fixture rows that use an input's name where the data has its column
/// (`column: Délivrés`): the failure's help names the columns to use.
#[test]
fn spec_test_rows_with_input_names() {
    let r = run(&["test", "tests/fixtures/spectest/misnamed"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("`Délivrés` (input `delivered`)"),
        "{}",
        r.stderr
    );
    settings("misnamed").bind(|| {
        insta::assert_snapshot!(
            "spec_test",
            format!("--- stdout\n{}--- stderr\n{}", r.stdout, r.stderr)
        );
    });
}

/// Fixture rows per source, as each export writes them (a French export's
/// `;`, decimal commas and thousands spaces, a shop's order lines with
/// `dd/mm/yyyy HH:MM` timestamps and cancellations): the first test passes,
/// a wrong expectation and a source the spec lacks fail where they are
/// written.
#[test]
fn spec_test_rows_per_source() {
    let r = run(&["test", "tests/fixtures/spectest/sources"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout.contains(
            "each_export_as_written (tests/fixtures/spectest/sources/shop.kpi-test.yaml) ... ok"
        ),
        "{}",
        r.stdout
    );
    let fr = in_french(&["test", "tests/fixtures/spectest/sources"], &r);
    settings("sources").bind(|| {
        insta::assert_snapshot!(
            "spec_test",
            format!("--- stdout\n{}--- stderr\n{}", r.stdout, r.stderr)
        );
        insta::assert_snapshot!(
            "spec_test_fr",
            format!("--- stdout\n{}--- stderr\n{}", fr.stdout, fr.stderr)
        );
    });
}

/// `test --format github`: one workflow-command annotation per failed
/// expectation, on stdout; the summary on stderr; exit 1.
#[test]
fn spec_test_github() {
    let r = run(&[
        "test",
        "tests/fixtures/spectest/failing",
        "--format",
        "github",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.stdout.lines().count(), 5);
    assert!(r.stdout.lines().all(|l| l
        .starts_with("::error file=tests/fixtures/spectest/failing/")
        && l.contains("title=test-failed::")));
    assert_eq!(r.stderr, "1 passed, 2 failed\n");
    settings("failing").bind(|| insta::assert_snapshot!("spec_test_github", r.stdout));
}

/// `test --format junit`: well-formed JUnit XML whose counts match the run.
#[test]
fn spec_test_junit() {
    let r = run(&[
        "test",
        "tests/fixtures/spectest/failing",
        "--format",
        "junit",
    ]);
    assert_eq!(r.code, 1);
    let doc = roxmltree::Document::parse(&r.stdout).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(root.attribute("tests"), Some("3"));
    assert_eq!(root.attribute("failures"), Some("2"));
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 3);
    let failures = doc
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .count();
    assert_eq!(failures, 5);
    settings("failing").bind(|| insta::assert_snapshot!("spec_test_junit", r.stdout));
}
