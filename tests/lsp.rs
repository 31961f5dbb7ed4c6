//! `boussole lsp`, driven in process through an in-memory connection (as
//! ruff's server tests do): scripted exchanges over a project of two files,
//! their answers snapshotted, positions checked in UTF-16 and UTF-8 on a
//! French line, and random edit sequences that must never stop the server
//! from answering. The real binary with a real client: `tests/lsp_client.rs`.

mod common;

use common::rng::Rng;
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::Duration;

const A: &str = "inputs:
  spend: { unit: money(EUR), column: Montant dépensé (€) }
  clics: count
metrics:
  - { description: Coût moyen d'un clic 🚀 en €, def: cpc = spend / clics }
  - ctr = clics / clics
";

const B: &str = "strategy:
  g: Grow
objectives:
  o:
    description: Un coût par clic sous 1 € chaque mois de 2026
    aligned_with: g
    owner: Équipe acquisition
    period: monthly
    deadline: 2026-12-31
    kpis: [cpc]
    targets:
      - cpc <= 1 EUR
      - target: clcs >= 10
        action: Relancer les campagnes
";

struct Client {
    conn: Connection,
    server: Option<std::thread::JoinHandle<Result<(), String>>>,
    next: i32,
    root: PathBuf,
    /// Notifications received and not yet looked at.
    notes: Vec<Notification>,
}

impl Client {
    /// A server on `root`, initialized by a client offering `encodings`.
    fn start(root: &Path, encodings: Option<&[&str]>) -> (Client, Value) {
        Client::start_with(root, encodings, Value::Null)
    }

    /// … with `options` as the initialization options (English unless
    /// they say `lang`: the server would otherwise follow the environment).
    fn start_with(root: &Path, encodings: Option<&[&str]>, options: Value) -> (Client, Value) {
        let mut options = options;
        if options.is_null() {
            options = json!({});
        }
        if options.get("lang").is_none() {
            options["lang"] = json!("en");
        }
        Client::start_full(root, encodings, options, None)
    }

    /// … with the client's `locale` too.
    fn start_full(
        root: &Path,
        encodings: Option<&[&str]>,
        options: Value,
        locale: Option<&str>,
    ) -> (Client, Value) {
        let (server, conn) = Connection::memory();
        let handle = std::thread::spawn(move || boussole::lsp::run(&server));
        let mut c = Client {
            conn,
            server: Some(handle),
            next: 0,
            root: root.to_path_buf(),
            notes: Vec::new(),
        };
        let mut caps = json!({});
        if let Some(e) = encodings {
            caps = json!({ "general": { "positionEncodings": e } });
        }
        let init = c.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": null,
                "capabilities": caps,
                "workspaceFolders": [{ "uri": c.uri(""), "name": "kpis" }],
                "initializationOptions": options,
                "locale": locale,
            }),
        );
        c.notify("initialized", json!({}));
        (c, init)
    }

    fn uri(&self, file: &str) -> String {
        let path = self.root.join(file);
        boussole::lsp::path_uri(&path).unwrap().as_str().to_string()
    }

    fn notify(&self, method: &str, params: Value) {
        self.conn
            .sender
            .send(Message::Notification(Notification::new(
                method.into(),
                params,
            )))
            .expect("the server listens");
    }

    fn receive(&mut self) -> Message {
        self.conn
            .receiver
            .recv_timeout(Duration::from_secs(20))
            .expect("the server answers within 20 s")
    }

    /// The result (or the error, as `{"error": …}`) of a request.
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = RequestId::from(self.next);
        self.conn
            .sender
            .send(Message::Request(Request::new(
                id.clone(),
                method.into(),
                params,
            )))
            .expect("the server listens");
        loop {
            match self.receive() {
                Message::Response(r) if r.id == id => {
                    return match r.response_result {
                        Err(e) => json!({ "error": e.message }),
                        Ok(v) => v,
                    };
                }
                Message::Notification(n) => self.notes.push(n),
                _ => {}
            }
        }
    }

    /// The next diagnostics published for `file` (waiting for them).
    fn diagnostics(&mut self, file: &str) -> Value {
        let uri = self.uri(file);
        loop {
            if let Some(i) = self.notes.iter().position(|n| {
                n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri.as_str()
            }) {
                return self.notes.remove(i).params["diagnostics"].clone();
            }
            if let Message::Notification(n) = self.receive() {
                self.notes.push(n)
            }
        }
    }

    /// Drops the diagnostics received so far.
    fn forget(&mut self) {
        self.notes.clear();
    }

    fn open(&self, file: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": self.uri(file), "languageId": "yaml", "version": 1, "text": text } }),
        );
    }

    fn change(&self, file: &str, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": self.uri(file), "version": version }, "contentChanges": [{ "text": text }] }),
        );
    }

    fn at(&self, file: &str, line: u32, character: u32) -> Value {
        json!({ "textDocument": { "uri": self.uri(file) }, "position": { "line": line, "character": character } })
    }

    /// Text with the project's directory shown as `[root]`, object keys in
    /// order (a workspace edit's files come from a hash map).
    fn redact(&self, v: &Value) -> String {
        fn sorted(v: &Value) -> Value {
            match v {
                Value::Object(m) => {
                    let mut entries: Vec<(&String, &Value)> = m.iter().collect();
                    entries.sort_by(|a, b| a.0.cmp(b.0));
                    Value::Object(
                        entries
                            .into_iter()
                            .map(|(k, v)| (k.clone(), sorted(v)))
                            .collect(),
                    )
                }
                Value::Array(a) => Value::Array(a.iter().map(sorted).collect()),
                other => other.clone(),
            }
        }
        let text = serde_json::to_string_pretty(&sorted(v)).unwrap();
        text.replace(&self.uri(""), "file:///[root]/")
            .replace(&self.root.display().to_string(), "[root]")
    }

    fn stop(mut self) {
        let r = self.request("shutdown", Value::Null);
        assert_eq!(r, Value::Null);
        self.notify("exit", Value::Null);
        let result = self.server.take().unwrap().join().expect("no panic");
        assert_eq!(result, Ok(()));
    }
}

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.kpi.yaml"), A).unwrap();
    std::fs::write(dir.path().join("b.kpi.yaml"), B).unwrap();
    dir
}

/// The column of `needle`'s first occurrence on line `line` of `text`,
/// counted in UTF-16 units and in bytes.
fn column(text: &str, line: usize, needle: &str) -> (u32, u32) {
    let l = text.lines().nth(line).unwrap();
    let at = l.find(needle).unwrap();
    (l[..at].encode_utf16().count() as u32, at as u32)
}

#[test]
fn a_session_over_a_project_of_two_files() {
    let dir = project();
    let (mut c, init) = Client::start(dir.path(), None);
    insta::assert_snapshot!("initialize", c.redact(&init));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");

    // the whole project is checked at start: each file its diagnostics
    let b = c.diagnostics("b.kpi.yaml");
    insta::assert_snapshot!("diagnostics_b", c.redact(&b));
    let codes: Vec<&str> = b
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"undefined-metric"), "{codes:?}");
    assert!(codes.contains(&"no-action"), "{codes:?}");
    let a = c.diagnostics("a.kpi.yaml");
    assert_eq!(a, json!([]), "a.kpi.yaml is clean");

    // hover on `clics` after accented words: the explanation, at the right
    // UTF-16 columns
    let (col16, byte) = column(A, 4, "clics");
    assert!(
        byte > col16 + 4,
        "the line has accents and an emoji before the name"
    );
    let hover = c.request("textDocument/hover", c.at("a.kpi.yaml", 4, col16 + 1));
    assert_eq!(
        hover["range"]["start"],
        json!({ "line": 4, "character": col16 })
    );
    assert_eq!(
        hover["range"]["end"],
        json!({ "line": 4, "character": col16 + 5 })
    );
    insta::assert_snapshot!("hover_input", c.redact(&hover));
    let (col16, _) = column(B, 9, "cpc");
    let hover = c.request("textDocument/hover", c.at("b.kpi.yaml", 9, col16 + 1));
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("cpc = spend / clics"),
        "{hover}"
    );
    // a function: its signature
    c.open("a.kpi.yaml", &format!("{A}  - g = growth(clics, 12)\n"));
    let hover = c.request("textDocument/hover", c.at("a.kpi.yaml", 6, 9));
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("growth(x, n = 1)"),
        "{hover}"
    );
    c.change("a.kpi.yaml", 2, A);

    // definition across files: from the objective's kpis to a.kpi.yaml
    let def = c.request("textDocument/definition", c.at("b.kpi.yaml", 9, col16 + 2));
    assert_eq!(def["uri"], c.uri("a.kpi.yaml").as_str());
    let (def16, _) = column(A, 4, "cpc =");
    assert_eq!(
        def["range"]["start"],
        json!({ "line": 4, "character": def16 })
    );

    // references: the definition, the KPI, the target
    let refs = c.request(
        "textDocument/references",
        json!({ "textDocument": { "uri": c.uri("a.kpi.yaml") }, "position": { "line": 4, "character": def16 + 1 }, "context": { "includeDeclaration": true } }),
    );
    insta::assert_snapshot!("references", c.redact(&refs));
    assert_eq!(refs.as_array().unwrap().len(), 3);

    // rename across files; to a taken name: refused
    let rename = c.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": c.uri("b.kpi.yaml") }, "position": { "line": 11, "character": 9 }, "newName": "cost_per_click" }),
    );
    let changes = rename["changes"].as_object().unwrap();
    assert_eq!(changes.len(), 2, "{rename}");
    assert_eq!(changes[&c.uri("a.kpi.yaml")].as_array().unwrap().len(), 1);
    assert_eq!(changes[&c.uri("b.kpi.yaml")].as_array().unwrap().len(), 2);
    let taken = c.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": c.uri("b.kpi.yaml") }, "position": { "line": 11, "character": 9 }, "newName": "clics" }),
    );
    assert!(
        taken["error"].as_str().unwrap().contains("already defined"),
        "{taken}"
    );

    // completion in a target: the names and the functions
    let done = c.request("textDocument/completion", c.at("b.kpi.yaml", 12, 16));
    let labels: Vec<&str> = done
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    for want in ["clics", "spend", "cpc", "growth"] {
        assert!(labels.contains(&want), "{labels:?}");
    }
    // a key of an objective
    c.open(
        "b.kpi.yaml",
        &B.replace("    owner:", "    own\n    owner:"),
    );
    let keys = c.request("textDocument/completion", c.at("b.kpi.yaml", 6, 7));
    let labels: Vec<&str> = keys
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains(&"owner") && labels.contains(&"deadline"),
        "{labels:?}"
    );
    c.change("b.kpi.yaml", 2, B);

    // quick fixes: the did-you-mean, the missing action
    let fixes = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": c.uri("b.kpi.yaml") }, "range": { "start": { "line": 11, "character": 0 }, "end": { "line": 12, "character": 30 } }, "context": { "diagnostics": [] } }),
    );
    insta::assert_snapshot!("code_actions", c.redact(&fixes));

    // formatting: `boussole fmt` as an edit
    c.change(
        "b.kpi.yaml",
        3,
        &B.replace("kpis: [cpc]", "kpis:   [ cpc ]"),
    );
    let edits = c.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": c.uri("b.kpi.yaml") }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    assert_eq!(edits[0]["newText"], B, "{edits}");

    // fixing the typo: its diagnostic goes
    c.forget();
    c.change("b.kpi.yaml", 4, &B.replace("clcs", "clics"));
    let b = c.diagnostics("b.kpi.yaml");
    assert!(
        b.as_array()
            .unwrap()
            .iter()
            .all(|d| d["code"] != "undefined-metric"),
        "{b}"
    );
    // a change in a.kpi.yaml re-checks b.kpi.yaml, which uses its names
    c.forget();
    c.change("a.kpi.yaml", 3, &A.replace("def: cpc", "def: cost"));
    let b = c.diagnostics("b.kpi.yaml");
    assert!(
        b.as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "undefined-metric"),
        "{b}"
    );
    c.stop();
}

#[test]
fn columns_follow_the_negotiated_encoding() {
    let dir = project();
    let (_, byte) = column(A, 4, "clics");
    let (mut c, init) = Client::start(dir.path(), Some(&["utf-8", "utf-16"]));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    let hover = c.request("textDocument/hover", c.at("a.kpi.yaml", 4, byte + 1));
    assert_eq!(hover["range"]["start"]["character"], byte);
    c.stop();
}

#[test]
fn a_file_that_does_not_parse_leaves_the_rest_working() {
    let dir = project();
    let (mut c, _) = Client::start(dir.path(), None);
    c.forget();
    c.open("b.kpi.yaml", "objectives:\n  o: [unclosed\n  \"\n");
    let b = c.diagnostics("b.kpi.yaml");
    assert!(!b.as_array().unwrap().is_empty(), "{b}");
    let (col16, _) = column(A, 4, "clics");
    let hover = c.request("textDocument/hover", c.at("a.kpi.yaml", 4, col16 + 1));
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("clics"),
        "{hover}"
    );
    c.stop();
}

/// Random edits (insertions, deletions, replacements with text from the
/// spec's alphabet, accents and emoji), each followed by requests at random
/// positions: the server answers every one.
#[test]
fn random_edits_never_stop_the_server() {
    let dir = project();
    let (mut c, _) = Client::start(dir.path(), None);
    let mut rng = Rng(0x5EED_1234);
    let mut text: Vec<char> = B.chars().collect();
    let pieces = [
        "",
        "x",
        ":",
        " ",
        "\n",
        "- ",
        "  ",
        "[",
        "]",
        "{",
        "}",
        "\"",
        "'",
        "#",
        "é",
        "€",
        "🚀",
        "target: ",
        "growth(",
        ")",
        "/",
        "<=",
        "cpc",
        "clics",
        "objectives:\n",
        "inputs:\n  a: count\n",
        "\t",
        "&a",
        "*a",
        "!!str ",
        "---\n",
        "%",
    ];
    for version in 2..302 {
        let at = rng.below(text.len() as u64 + 1) as usize;
        let len = rng.below(6) as usize;
        let end = (at + len).min(text.len());
        let piece: Vec<char> = pieces[rng.below(pieces.len() as u64) as usize]
            .chars()
            .collect();
        text.splice(at..end, piece);
        let body: String = text.iter().collect();
        c.change("b.kpi.yaml", version, &body);
        let line = rng.below(20) as u32;
        let ch = rng.below(60) as u32;
        for method in [
            "textDocument/hover",
            "textDocument/completion",
            "textDocument/definition",
        ] {
            let r = c.request(method, c.at("b.kpi.yaml", line, ch));
            assert!(r.get("error").is_none(), "{method}: {r}");
        }
        if version % 25 == 0 {
            let r = c.request(
                "textDocument/formatting",
                json!({ "textDocument": { "uri": c.uri("b.kpi.yaml") }, "options": { "tabSize": 2, "insertSpaces": true } }),
            );
            assert!(r.get("error").is_none(), "{r}");
        }
    }
    c.stop();
}

const SPEC: &str = "inputs:
  clicks: count
  impressions: count
metrics:
  - ctr = clicks / impressions
strategy:
  g: Grow
objectives:
  ads:
    description: Un taux de clics d'au moins 2 % chaque mois de 2026
    aligned_with: g
    owner: Équipe acquisition
    period: monthly
    deadline: 2026-12-31
    kpis: [ctr]
    targets:
      - target: ctr >= 2%
        action: Revoir les annonces
";

const TESTS: &str = "tests:
  ctr_is_a_ratio_of_sums:
    rows:
      - { date: 2026-03-01, clicks: 10, impressions: 1000 }
      - { date: 2026-03-02, clicks: 50, impressions: 1000 }
    expect:
      - { period: 2026-03, ctr: 4% }
    targets:
      - { objective: ads, target: \"ctr >= 2%\", period: 2026-03, status: met }
";

/// The tests next to the specs are part of the project: run on every
/// change, their failures published on the test file, renamed with the
/// names they mention; a diagnostic's code explained on hover and linked to
/// the book when the client says where it is published.
#[test]
fn the_tests_beside_the_specs_are_checked_and_renamed_with_them() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ads.kpi.yaml"), SPEC).unwrap();
    std::fs::write(dir.path().join("ads.kpi-test.yaml"), TESTS).unwrap();
    let (mut c, _) = Client::start_with(
        dir.path(),
        None,
        json!({ "docsUrl": "https://docs.example.org/boussole/" }),
    );
    // 60 clicks over 2000 impressions is 3 %, not 4 %: the test fails
    let t = c.diagnostics("ads.kpi-test.yaml");
    insta::assert_snapshot!("test_failed", c.redact(&t));
    let t = t.as_array().unwrap();
    assert_eq!(t.len(), 1, "{t:?}");
    assert_eq!(t[0]["code"], "test-failed");
    let (col, _) = column(TESTS, 6, "4%");
    assert_eq!(
        t[0]["range"]["start"],
        json!({ "line": 6, "character": col })
    );
    assert_eq!(
        t[0]["codeDescription"]["href"],
        "https://docs.example.org/boussole/codes/test-failed.html"
    );
    // hover on the failed expectation: what the code means
    let hover = c.request("textDocument/hover", c.at("ads.kpi-test.yaml", 6, col + 1));
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.starts_with("**`test-failed`**"), "{text}");

    // fixed in the editor: the failure goes
    c.forget();
    c.open("ads.kpi-test.yaml", &TESTS.replace("ctr: 4%", "ctr: 3%"));
    assert_eq!(c.diagnostics("ads.kpi-test.yaml"), json!([]));

    // renaming the metric renames it in the test's expectations and targets
    let (col, _) = column(SPEC, 4, "ctr");
    let rename = c.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": c.uri("ads.kpi.yaml") }, "position": { "line": 4, "character": col + 1 }, "newName": "click_rate" }),
    );
    let changes = rename["changes"].as_object().unwrap();
    assert_eq!(changes[&c.uri("ads.kpi.yaml")].as_array().unwrap().len(), 3);
    let in_tests = changes[&c.uri("ads.kpi-test.yaml")].as_array().unwrap();
    let lines: Vec<&Value> = in_tests
        .iter()
        .map(|e| &e["range"]["start"]["line"])
        .collect();
    assert_eq!(lines, [&json!(6), &json!(8)], "{rename}");

    // renaming the objective: its key and the tests' `objective:`
    let rename = c.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": c.uri("ads.kpi-test.yaml") }, "position": { "line": 8, "character": 21 }, "newName": "paid_ads" }),
    );
    insta::assert_snapshot!("rename_objective", c.redact(&rename));
    let changes = rename["changes"].as_object().unwrap();
    assert_eq!(changes.len(), 2, "{rename}");
    let taken = c.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": c.uri("ads.kpi.yaml") }, "position": { "line": 8, "character": 3 }, "newName": "ads" }),
    );
    assert_eq!(
        taken["changes"].as_object().map(|m| m.len()),
        Some(2),
        "renaming to itself is no change of meaning: {taken}"
    );

    // an error in the specs: the tests are not run, only read
    c.forget();
    c.open(
        "ads.kpi.yaml",
        &SPEC.replace("clicks / impressions", "clicks / impresions"),
    );
    assert_eq!(c.diagnostics("ads.kpi-test.yaml"), json!([]));
    c.stop();
}

/// Completion in a row expression offers the row functions and operators
/// (and in `having:` the aggregates), not the spec's names; after
/// `source:`, the sources.
#[test]
fn completion_in_row_expressions_and_sources() {
    let dir = tempfile::tempdir().unwrap();
    let spec = "sources:
  shop: { path: orders.csv, date: InvoiceDate }
inputs:
  orders: { unit: count, source: shop, aggregate: count_distinct, expr: InvoiceNo, where: n }
  repeat:
    unit: count
    source: s
    aggregate: count_distinct
    expr: CustomerID
    having: c
";
    std::fs::write(dir.path().join("shop.kpi.yaml"), spec).unwrap();
    let (mut c, _) = Client::start(dir.path(), None);
    let labels = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_string())
            .collect()
    };
    let end = |line: usize| spec.lines().nth(line).unwrap().encode_utf16().count() as u32;
    let r = c.request(
        "textDocument/completion",
        c.at("shop.kpi.yaml", 3, end(3) - 2),
    );
    let got = labels(&r);
    assert!(
        got.contains(&"starts_with".into()) && got.contains(&"not".into()),
        "{got:?}"
    );
    assert!(
        !got.contains(&"orders".into()) && !got.contains(&"growth".into()),
        "{got:?}"
    );
    assert!(!got.contains(&"count_distinct".into()), "{got:?}");
    let r = c.request("textDocument/completion", c.at("shop.kpi.yaml", 9, end(9)));
    assert!(labels(&r).contains(&"count_distinct".into()), "{r}");
    let r = c.request("textDocument/completion", c.at("shop.kpi.yaml", 6, end(6)));
    assert_eq!(labels(&r), ["shop"]);
    c.stop();
}

/// A French client (`locale: fr-FR`, as VS Code sends its display
/// language) gets French diagnostics, hovers, quick fixes and refusals;
/// codes and ranges are the English session's.
#[test]
fn a_french_client_is_answered_in_french() {
    let dir = project();
    let (mut c, _) = Client::start_full(dir.path(), None, json!({}), Some("fr-FR"));
    let b = c.diagnostics("b.kpi.yaml");
    insta::assert_snapshot!("diagnostics_b_fr", c.redact(&b));
    let all = b.to_string();
    assert!(all.contains("aide"), "{all}");
    // the did-you-mean is found whatever the language of its help
    let fixes = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": c.uri("b.kpi.yaml") }, "range": { "start": { "line": 11, "character": 0 }, "end": { "line": 12, "character": 30 } }, "context": { "diagnostics": [] } }),
    );
    insta::assert_snapshot!("code_actions_fr", c.redact(&fixes));
    assert!(
        fixes.to_string().contains("Remplacer par `clics`"),
        "{fixes}"
    );
    // an objective's hover
    let hover = c.request("textDocument/hover", c.at("b.kpi.yaml", 3, 3));
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(
        text.contains("objectif `o`") && text.contains("échéance"),
        "{text}"
    );
    // a refused rename
    let taken = c.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": c.uri("b.kpi.yaml") }, "position": { "line": 11, "character": 9 }, "newName": "clics" }),
    );
    assert!(
        taken["error"].as_str().unwrap().contains("déjà défini"),
        "{taken}"
    );
    c.stop();
    // `lang` in the initialization options wins over the client's locale
    let (mut c, _) = Client::start_full(dir.path(), None, json!({ "lang": "en" }), Some("fr"));
    let b = c.diagnostics("b.kpi.yaml");
    assert!(b.to_string().contains("help:"), "{b}");
    c.stop();
}
