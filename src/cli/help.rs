//! `--help` in the run's language. English is the doc comments of the
//! `Args` structs (they also make the manual page and the shell
//! completions); another language takes each command's `about` and each
//! argument's help from `locales/<lang>/help.ftl` — `cmd-<command>` and
//! `arg-<command>-<argument id>` (`arg-<id>` for the global flags) — with
//! clap's own words (headings, defaults, possible values, `--help`,
//! `--version`, the `help` command) in the same file. A test checks that
//! every command and argument has its French text and that no text is left
//! without its argument.

use boussole::i18n::Lang;
use clap::{Arg, Command};

/// The command line, its help texts in `lang`.
pub fn command(lang: Lang) -> Command {
    let mut cmd = <super::Cli as clap::CommandFactory>::command();
    if lang == Lang::En {
        return cmd;
    }
    // built first, so that the global flags are copied into every command
    // and clap's own `--help`, `--version` and `help` exist to be translated
    cmd.build();
    localize(cmd, None, lang)
}

#[cfg(test)]
/// The ids of the texts `cmd` needs, with its English text: every
/// command's and every argument's (clap's own `help`, `version` and
/// `help` command aside).
pub fn ids() -> Vec<(String, String)> {
    let mut cmd = <super::Cli as clap::CommandFactory>::command();
    cmd.build();
    let mut out = Vec::new();
    collect(&cmd, None, &mut out);
    out.sort();
    out.dedup();
    out
}

fn key(cmd: &Command, parent: Option<&str>) -> String {
    match parent {
        None => "boussole".to_string(),
        Some("boussole") => cmd.get_name().to_string(),
        Some(p) => format!("{p}-{}", cmd.get_name()),
    }
}

fn arg_id(cmd_key: &str, a: &Arg) -> String {
    if a.is_global_set() {
        format!("arg-{}", a.get_id())
    } else {
        format!("arg-{cmd_key}-{}", a.get_id())
    }
}

#[cfg(test)]
fn clap_own(a: &Arg) -> bool {
    matches!(a.get_id().as_str(), "help" | "version")
}

#[cfg(test)]
fn collect(cmd: &Command, parent: Option<&str>, out: &mut Vec<(String, String)>) {
    if cmd.get_name() == "help" && parent.is_some() {
        return;
    }
    let k = key(cmd, parent);
    let about = cmd.get_about().map(|a| a.to_string()).unwrap_or_default();
    out.push((format!("cmd-{k}"), about));
    for a in cmd
        .get_arguments()
        .filter(|a| !clap_own(a) && !a.is_hide_set())
    {
        let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
        out.push((arg_id(&k, a), help));
    }
    for s in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(s, Some(&k), out);
    }
}

fn localize(mut cmd: Command, parent: Option<&str>, lang: Lang) -> Command {
    let text = |id: &str| lang.lookup(id);
    if cmd.get_name() == "help" && parent.is_some() {
        // clap's `help` command (and its copies of the others)
        return match text("clap-help-command") {
            Some(t) => cmd
                .about(t)
                .mut_subcommands(|s| localize_help_copy(s, lang)),
            None => cmd,
        };
    }
    let k = key(&cmd, parent);
    if let Some(about) = text(&format!("cmd-{k}")) {
        cmd = cmd.about(about).long_about(None);
    }
    if let Some(t) = text("clap-template") {
        cmd = cmd.help_template(t);
    }
    if let Some(t) = text("clap-commands-heading") {
        cmd = cmd.subcommand_help_heading(t);
    }
    cmd = cmd.mut_args(|a| localize_arg(a, &k, lang));
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for n in names {
        cmd = cmd.mut_subcommand(&n, |s| localize(s, Some(&k), lang));
    }
    cmd
}

/// A command as `help`'s list shows it (`boussole help eval`).
fn localize_help_copy(cmd: Command, lang: Lang) -> Command {
    let id = format!("cmd-{}", cmd.get_name());
    match lang
        .lookup(&id)
        .or_else(|| lang.lookup("clap-help-command"))
    {
        Some(t) => cmd.about(t),
        None => cmd,
    }
}

fn localize_arg(a: Arg, cmd_key: &str, lang: Lang) -> Arg {
    let text = |id: &str| lang.lookup(id);
    let mut help = match a.get_id().as_str() {
        "help" => text("clap-help-flag"),
        "version" => text("clap-version-flag"),
        _ => text(&arg_id(cmd_key, &a)),
    };
    let Some(h) = help.as_mut() else {
        return a;
    };
    // clap writes `[default: …]` and `[possible values: …]` in English:
    // written here instead
    let defaults: Vec<String> = a
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && !a.is_hide_default_value_set() && a.get_action().takes_values() {
        if let Some(t) = text("clap-default") {
            h.push_str(&format!(" [{t} {}]", defaults.join(", ")));
        }
    }
    let values: Vec<String> = a
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if !values.is_empty() && !a.is_hide_possible_values_set() && a.get_action().takes_values() {
        if let Some(t) = text("clap-possible") {
            h.push_str(&format!(" [{t} {}]", values.join(", ")));
        }
    }
    a.help(h.clone())
        .long_help(None)
        .hide_default_value(true)
        .hide_possible_values(true)
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use boussole::i18n::Lang;

    /// Every command and argument has its French help, and the French file
    /// holds no text whose argument is gone.
    #[test]
    fn every_command_and_argument_has_its_french_help() {
        let ids = super::ids();
        assert!(ids.len() > 50, "{} texts", ids.len());
        let missing: Vec<&str> = ids
            .iter()
            .filter(|(id, _)| Lang::Fr.lookup(id).is_none())
            .map(|(id, _)| id.as_str())
            .collect();
        assert!(
            missing.is_empty(),
            "not in locales/fr/help.ftl: {missing:?}"
        );
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/locales/fr/help.ftl");
        let text = std::fs::read_to_string(path).expect("the French help");
        let stale: Vec<&str> = text
            .lines()
            .filter(|l| l.starts_with("arg-") || l.starts_with("cmd-"))
            .filter_map(|l| l.split(" =").next())
            .filter(|id| !ids.iter().any(|(i, _)| i == id))
            .collect();
        assert!(stale.is_empty(), "no such command or argument: {stale:?}");
        // clap's words too
        for id in ["clap-template", "clap-help-flag", "clap-default"] {
            assert!(Lang::Fr.lookup(id).is_some(), "{id}");
        }
    }

    /// The French help is French, with clap's defaults and possible values
    /// written in French; English is clap's, from the doc comments.
    #[test]
    fn the_help_follows_the_language() {
        let fr = super::command(Lang::Fr)
            .find_subcommand_mut("eval")
            .expect("eval")
            .render_help()
            .to_string();
        assert!(fr.contains("Utilisation"), "{fr}");
        assert!(fr.contains("[par défaut\u{a0}: monthly]"), "{fr}");
        assert!(fr.contains("Affiche l'aide"), "{fr}");
        assert!(!fr.contains("[default:"), "{fr}");
        let en = super::command(Lang::En)
            .find_subcommand_mut("eval")
            .expect("eval")
            .render_help()
            .to_string();
        assert!(
            en.contains("Usage:") && en.contains("[default: monthly]"),
            "{en}"
        );
    }
}
