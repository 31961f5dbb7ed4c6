//! The message catalogues (`locales/*/boussole.ftl`): every message in
//! both languages with the same arguments, French typography, and French
//! outputs with no English left over; the language chosen by the
//! environment as gettext chooses it.

mod common;

use fluent_syntax::ast;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each message's id and the variables it uses (selectors included).
fn messages(lang: &str) -> BTreeMap<String, BTreeSet<String>> {
    let path = common::root().join(format!("locales/{lang}/boussole.ftl"));
    let text = std::fs::read_to_string(&path).unwrap();
    let resource = match fluent_syntax::parser::parse(text.as_str()) {
        Ok(r) => r,
        Err((_, errors)) => panic!("{}: {errors:?}", path.display()),
    };
    fn pattern(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
        for e in &p.elements {
            if let ast::PatternElement::Placeable { expression } = e {
                expr(expression, out);
            }
        }
    }
    fn inline(e: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
        match e {
            ast::InlineExpression::VariableReference { id } => {
                out.insert(id.name.to_string());
            }
            ast::InlineExpression::Placeable { expression } => expr(expression, out),
            ast::InlineExpression::FunctionReference { arguments, .. } => {
                arguments.positional.iter().for_each(|a| inline(a, out))
            }
            _ => {}
        }
    }
    fn expr(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
        match e {
            ast::Expression::Inline(i) => inline(i, out),
            ast::Expression::Select { selector, variants } => {
                inline(selector, out);
                for v in variants {
                    pattern(&v.value, out);
                }
            }
        }
    }
    let mut out = BTreeMap::new();
    for entry in resource.body {
        if let ast::Entry::Message(m) = entry {
            let mut vars = BTreeSet::new();
            if let Some(v) = &m.value {
                pattern(v, &mut vars);
            }
            assert!(
                out.insert(m.id.name.to_string(), vars).is_none(),
                "{lang}: `{}` twice",
                m.id.name
            );
        }
    }
    out
}

/// Every Rust file under `src/`: its path and text.
fn source_files() -> Vec<(std::path::PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![common::root().join("src")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&p).unwrap();
                out.push((p, text));
            }
        }
    }
    out
}

#[test]
fn every_message_has_its_twin_with_the_same_arguments() {
    let en = messages("en");
    let fr = messages("fr");
    let only_en: Vec<&String> = en.keys().filter(|k| !fr.contains_key(*k)).collect();
    let only_fr: Vec<&String> = fr.keys().filter(|k| !en.contains_key(*k)).collect();
    assert!(only_en.is_empty(), "not in French: {only_en:?}");
    assert!(only_fr.is_empty(), "not in English: {only_fr:?}");
    // a language may select on `$x_kind` (a period's cadence, for its
    // prepositions) where the code passes it beside `$x`
    let source: String = source_files().into_iter().map(|(_, t)| t).collect();
    for (id, vars) in &en {
        let (kinds, fr_vars): (BTreeSet<String>, BTreeSet<String>) = fr[id]
            .iter()
            .cloned()
            .partition(|v| v.ends_with("_kind") && !vars.contains(v));
        assert_eq!(
            vars, &fr_vars,
            "`{id}`: the same arguments in both languages"
        );
        for k in kinds {
            let base = k.trim_end_matches("_kind");
            assert!(vars.contains(base), "`{id}`: ${k} without ${base}");
            assert!(
                source.contains(&format!("\"{id}\"")) && source.contains(&format!("{k} =")),
                "`{id}`: ${k} is not passed by the code"
            );
        }
    }
    assert!(en.len() > 100, "{} messages", en.len());
}

/// Every id the code uses is in the catalogue (an id missing would print
/// itself).
#[test]
fn every_id_the_code_uses_is_in_the_catalogue() {
    let en = messages("en");
    let mut missing = BTreeSet::new();
    for (p, text) in source_files() {
        // code, not comments
        let code: String = text
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        for pat in ["msg!(\"", " w(\"", "voice.get(\"", "lang.get(\""] {
            for (i, _) in code.match_indices(pat) {
                let rest = &code[i + pat.len()..];
                let id = &rest[..rest.find('"').unwrap_or(0)];
                if !en.contains_key(id) {
                    missing.insert(format!("{id} ({})", common::rel(&p)));
                }
            }
        }
    }
    assert!(missing.is_empty(), "ids not in the catalogue: {missing:?}");
}

/// French typography: a narrow no-break space before `?`, `;` and `!`, a
/// no-break space before `:`, never a plain space (a terminal would break
/// the line there).
#[test]
fn french_punctuation_is_held_by_no_break_spaces() {
    for file in ["boussole.ftl", "help.ftl"] {
        let text = std::fs::read_to_string(common::root().join("locales/fr").join(file)).unwrap();
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with('#') {
                continue;
            }
            // the text outside backticks (code is written as is)
            let prose: String = line
                .split('`')
                .enumerate()
                .filter(|(i, _)| i % 2 == 0)
                .map(|(_, s)| s)
                .collect::<Vec<_>>()
                .join("`");
            for p in [" ?", " ;", " !", " :"] {
                assert!(
                    !prose.contains(p),
                    "locales/fr/{file}:{}: a plain space before `{}`: {line}",
                    n + 1,
                    &p[1..]
                );
            }
        }
    }
}

/// English words that a French output should not hold outside code, names
/// and the user's own text.
const ENGLISH: [&str; 16] = [
    " the ", " is ", " are ", " has ", " have ", " not ", " must ", " cannot ", " found ",
    " with ", " of ", " no ", " and ", " more ", " rows", " which ",
];

/// The prose of a French output: lines of the user's files shown under a
/// diagnostic, paths, and text in backticks (which may run over a line
/// break) left out.
fn prose(text: &str) -> Vec<String> {
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            !(t.starts_with("source:")
                || t.starts_with("expression:")
                || t.starts_with("input_file:")
                || t.chars().next().is_some_and(|c| c.is_ascii_digit()) && t.contains('│')
                || t.starts_with('·'))
        })
        .collect();
    kept.join("\n")
        .split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .map(|(_, s)| s)
        .collect::<Vec<_>>()
        .join(" ")
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn french_outputs_leave_no_english() {
    let dir = common::root().join("tests/snapshots");
    let mut found = Vec::new();
    let mut read = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if !name.contains("_fr@") {
            continue;
        }
        read += 1;
        let text = std::fs::read_to_string(&p).unwrap();
        for line in prose(&text) {
            let padded = format!(" {} ", line.to_lowercase());
            if let Some(w) = ENGLISH.iter().find(|w| padded.contains(*w)) {
                found.push(format!("{name}: `{}` in: {}", w.trim(), line.trim()));
            }
        }
    }
    assert!(read > 50, "{read} French snapshots");
    assert!(
        found.is_empty(),
        "English left in French outputs:\n{}",
        found.join("\n")
    );
}

/// The binary picks the language from the environment; `LC_ALL=C` gives
/// English whatever `LANG` and `LANGUAGE` say.
#[test]
fn the_language_follows_the_environment() {
    let spec = "tests/fixtures/check/smart-specific.kpi.yaml";
    let run = |env: &[(&str, &str)]| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_boussole"));
        common::in_english(&mut cmd)
            .args(["check", spec])
            .current_dir(common::root())
            .env("NO_COLOR", "1");
        for (k, v) in env {
            cmd.env(k, v);
        }
        String::from_utf8(cmd.output().unwrap().stderr).unwrap()
    };
    let french = run(&[("LANG", "fr_FR.UTF-8")]);
    assert!(french.contains("n'a pas de description"), "{french}");
    assert!(
        french.contains("1\u{a0}erreur") || french.contains("erreur"),
        "{french}"
    );
    let english = run(&[("LANG", "fr_FR.UTF-8"), ("LANGUAGE", "fr"), ("LC_ALL", "C")]);
    assert!(english.contains("has no description"), "{english}");
    let english = run(&[("LANG", "de_DE.UTF-8")]);
    assert!(english.contains("has no description"), "{english}");
    let french = run(&[("LANG", "en_US.UTF-8"), ("BOUSSOLE_LANG", "fr")]);
    assert!(french.contains("n'a pas de description"), "{french}");
    // --lang wins over everything
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_boussole"));
    let out = common::in_english(&mut cmd)
        .args(["check", spec, "--lang", "en"])
        .current_dir(common::root())
        .env("BOUSSOLE_LANG", "fr")
        .output()
        .unwrap();
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("has no description"));
    let _ = Path::new(spec);
}

/// `label:` names a metric, an input or an objective for people, per
/// language: eval's tables and the report show it; a language Boussole does
/// not speak is refused.
#[test]
fn labels_name_things_in_the_readers_language() {
    let dir = tempfile::tempdir().unwrap();
    let spec = "inputs:
  clicks: { unit: count, label: Clics }
  impressions: count
metrics:
  - def: ctr = clicks / impressions
    label: { fr: Taux de clics, en: Click-through rate }
strategy:
  g: Grow
objectives:
  ads:
    description: Un taux de clics d'au moins 2 % chaque mois de 2026
    label: { fr: Publicité en ligne }
    aligned_with: g
    period: monthly
    deadline: 2026-12-31
    kpis: [ctr]
    targets:
      - target: ctr >= 2%
        action: Revoir les annonces
";
    std::fs::write(dir.path().join("ads.kpi.yaml"), spec).unwrap();
    std::fs::write(
        dir.path().join("d.csv"),
        "date,clicks,impressions\n2026-03-01,30,1000\n",
    )
    .unwrap();
    let eval = |lang: &str, format: &str| {
        common::run_in(
            dir.path(),
            &[
                "eval",
                "ads.kpi.yaml",
                "--data",
                "d.csv",
                "--lang",
                lang,
                "--format",
                format,
            ],
        )
    };
    let fr = eval("fr", "human");
    assert_eq!(fr.code, 0, "{}", fr.stderr);
    assert!(fr.stdout.contains("Taux de clics "), "{}", fr.stdout);
    assert!(fr.stdout.contains("Clics "), "{}", fr.stdout);
    assert!(fr.stdout.contains("Publicité en ligne "), "{}", fr.stdout);
    let en = eval("en", "human");
    assert!(en.stdout.contains("Click-through rate "), "{}", en.stdout);
    // no English label for the objective: its name
    assert!(en.stdout.contains("\nads "), "{}", en.stdout);
    // the JSON keeps the names
    let json = eval("fr", "json");
    assert!(json.stdout.contains("\"ctr\""), "{}", json.stdout);
    assert!(!json.stdout.contains("Taux de clics"), "{}", json.stdout);
    // the report
    let report = common::run_in(
        dir.path(),
        &[
            "report",
            "ads.kpi.yaml",
            "--data",
            "d.csv",
            "--lang",
            "fr",
            "--format",
            "markdown",
            "--as-of",
            "2026-05-01",
        ],
    );
    assert!(
        report.stdout.contains("### Publicité en ligne"),
        "{}",
        report.stdout
    );
    assert!(
        report.stdout.contains("| Taux de clics |"),
        "{}",
        report.stdout
    );
    // a language it does not speak
    std::fs::write(
        dir.path().join("ads.kpi.yaml"),
        spec.replace("en: Click-through rate", "de: Klickrate"),
    )
    .unwrap();
    let bad = common::run_in(dir.path(), &["check", "ads.kpi.yaml", "--format", "json"]);
    assert_eq!(bad.code, 1);
    assert!(
        bad.stdout
            .contains("`de` is not a language Boussole speaks"),
        "{}",
        bad.stdout
    );
}

/// `init --lang fr` writes the French starter: the same KPIs, objectives
/// and targets as the English one (the SQL both compile to is the same
/// bytes), its tests pass, its comments and descriptions are French.
#[test]
fn the_french_starter_is_the_english_one_in_french() {
    let en = tempfile::tempdir().unwrap();
    let fr = tempfile::tempdir().unwrap();
    for (dir, lang) in [(&en, "en"), (&fr, "fr")] {
        let r = common::run_in(dir.path(), &["init", ".", "--lang", lang]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let sql = |dir: &std::path::Path| {
        let r = common::run_in(
            dir,
            &[
                "sql",
                ".",
                "--dialect",
                "duckdb",
                "--table",
                "t",
                "--objectives",
            ],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout
    };
    assert_eq!(sql(fr.path()), sql(en.path()));
    let tests = common::run_in(fr.path(), &["test", ".", "--lang", "fr"]);
    assert_eq!(tests.code, 0, "{}{}", tests.stdout, tests.stderr);
    assert!(tests.stdout.contains("0 échoué"), "{}", tests.stdout);
    let objectives = std::fs::read_to_string(fr.path().join("objectives.kpi.yaml")).unwrap();
    assert!(objectives.contains("Augmenter les ventes en ligne de 15 % en 12 mois"));
    let catalog = std::fs::read_to_string(fr.path().join("specs/marketing.kpi.yaml")).unwrap();
    assert!(catalog.contains("# Notoriété"), "{catalog}");
    // the French starter is what starter/translate.py writes from the
    // English one today: a change to the catalog reaches both
    let out = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("python3")
        .arg(common::root().join("starter/translate.py"))
        .arg(out.path())
        .status()
        .expect("python3 runs (CI and the README's machine have it)");
    assert!(status.success(), "starter/translate.py left English lines");
    for (rel, _) in boussole::STARTER_FR
        .iter()
        .filter(|(r, _)| r.ends_with(".yaml"))
    {
        let written = std::fs::read_to_string(out.path().join(rel)).unwrap();
        assert_eq!(
            std::fs::read_to_string(fr.path().join(rel)).unwrap(),
            written,
            "{rel}: run python3 starter/translate.py"
        );
    }
}

/// The command line's own errors speak the run's language too: clap's
/// (a mistyped command or flag, a bad value, a missing argument), the
/// value parsers', "no spec found", a directory refused, and `inspect`.
/// In English clap keeps its own words.
#[test]
fn the_command_lines_errors_speak_french() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("export.csv"),
        "Jour;Clics;Coût (EUR);Campagne;Vide\n02/01/2026;12;3,50;Soldes;\n03/01/2026;7;1,20;Rentrée;\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let cases: [&[&str]; 10] = [
        &["chek"],
        &["check", "--formt", "json"],
        &["eval", "--period", "monthy"],
        &["eval", "--memory-limit", "12X"],
        &["eval", "--format", "xml"],
        &["sql", "--dialect", "oracle"],
        &["diff"],
        &["check", "empty"],
        &["eval", "--as-of", "2026-13-01"],
        &["inspect", "export.csv"],
    ];
    let mut shown = String::new();
    for args in cases {
        let fr = common::run_in(dir.path(), &[&["--lang", "fr"], args].concat());
        shown.push_str(&format!(
            "$ boussole --lang fr {}\n(exit {})\n{}{}\n",
            args.join(" "),
            fr.code,
            fr.stdout,
            fr.stderr
        ));
        // the same from the environment, before the arguments are read
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_boussole"));
        let env = common::in_english(&mut cmd)
            .args(args)
            .current_dir(dir.path())
            .env("LANG", "fr_FR.UTF-8")
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&env.stderr), fr.stderr, "{args:?}");
        // English: clap's own words, and exit codes unchanged
        let en = common::run_in(dir.path(), args);
        assert_eq!(en.code, fr.code, "{args:?}");
        assert!(!en.stderr.contains("erreur"), "{args:?}: {}", en.stderr);
    }
    let shown = shown.replace(&dir.path().display().to_string(), "[DIR]");
    insta::assert_snapshot!("cli_fr@command-line", shown);
}
