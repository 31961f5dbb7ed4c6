//! The user's language: which one ([`Lang`], from `--lang`, `BOUSSOLE_LANG`
//! or the locale environment), the message catalogue (Fluent, one file per
//! language in `locales/`, embedded in the binary), and messages as data
//! ([`Msg`]: an id and its arguments) turned into text only at the edge.
//!
//! Machine outputs never change with the language: codes, JSON keys, SARIF
//! rule ids, GitHub annotation titles. Only human texts do.
//!
//! To add a message: one entry in `locales/en/boussole.ftl` and the same id,
//! with the same arguments, in `locales/fr/boussole.ftl` (a test checks
//! both), then `msg!("the-id", name = value)` where it is made.

pub mod format;

pub use format::{period_kind, Locale};

use fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

fluent_templates::static_loader! {
    static CATALOGUE = {
        locales: "./locales",
        fallback_language: "en",
        // no bidi isolation marks around arguments: the texts go to
        // terminals, logs, Markdown and escaped HTML, all left to right
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// A language Boussole speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    #[default]
    En,
    Fr,
}

static EN: LazyLock<LanguageIdentifier> = LazyLock::new(|| fluent_templates::langid!("en"));
static FR: LazyLock<LanguageIdentifier> = LazyLock::new(|| fluent_templates::langid!("fr"));

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Fr];

    /// Its code (`en`, `fr`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::En => &EN,
            Lang::Fr => &FR,
        }
    }

    /// The language of a code or a locale name: `fr`, `fr-CA`,
    /// `fr_FR.UTF-8`, `en_GB@euro`. None for one Boussole does not speak,
    /// and for `C` and `POSIX`.
    pub fn parse(text: &str) -> Option<Lang> {
        let lang = text
            .split(['_', '-', '.', '@'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match lang.as_str() {
            "en" => Some(Lang::En),
            "fr" => Some(Lang::Fr),
            _ => None,
        }
    }

    /// The language the environment asks for, as gettext reads it:
    /// `BOUSSOLE_LANG` first; then the locale of messages, the first set
    /// of `LC_ALL`, `LC_MESSAGES`, `LANG` — `C` or `POSIX` there means
    /// English whatever `LANGUAGE` says; else the first language of
    /// `LANGUAGE` (a `:` list) that Boussole speaks, else the locale's.
    /// Anything unknown gives English, so CI logs stay stable.
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Lang {
        let set = |name: &str| var(name).filter(|v| !v.trim().is_empty());
        if let Some(l) = set("BOUSSOLE_LANG").and_then(|v| Lang::parse(&v)) {
            return l;
        }
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|n| set(n));
        if let Some(l) = &locale {
            let base = l.split(['.', '@']).next().unwrap_or("");
            if base == "C" || base == "POSIX" {
                return Lang::En;
            }
        }
        if let Some(list) = set("LANGUAGE") {
            if let Some(l) = list.split(':').find_map(Lang::parse) {
                return l;
            }
        }
        locale.and_then(|l| Lang::parse(&l)).unwrap_or_default()
    }

    /// A message of the catalogue in this language (its id when the
    /// catalogue lacks it, which the catalogue test rules out); values and
    /// periods among its arguments written as the language's locale writes
    /// them.
    pub fn text(self, msg: &Msg) -> String {
        let locale = Locale::of(self);
        let args: HashMap<Cow<'static, str>, FluentValue<'static>> = msg
            .args
            .iter()
            .map(|(k, v)| {
                let v = match v {
                    Arg::Text(s) => FluentValue::from(s.clone()),
                    Arg::Number(n) => FluentValue::from(*n),
                    Arg::Value(v, unit) => FluentValue::from(locale.value(Some(*v), unit.as_ref())),
                    Arg::Period(label) => FluentValue::from(locale.any_period(label)),
                    Arg::Msg(m) => FluentValue::from(self.text(m)),
                    Arg::Commas(ms) => FluentValue::from(
                        ms.iter()
                            .map(|m| self.text(m))
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                    Arg::Join(ms) => FluentValue::from(
                        ms.iter()
                            .map(|m| self.text(m))
                            .collect::<Vec<_>>()
                            .join(&self.get("list-separator")),
                    ),
                };
                (Cow::Borrowed(*k), v)
            })
            .collect();
        CATALOGUE
            .try_lookup_with_args(self.id(), msg.id, &args)
            .unwrap_or_else(|| msg.id.to_string())
    }

    /// A message without arguments named at run time, if the catalogue
    /// has it (in this language or the fallback).
    pub fn lookup(self, id: &str) -> Option<String> {
        CATALOGUE.try_lookup(self.id(), id)
    }

    /// A message without arguments.
    pub fn get(self, id: &'static str) -> String {
        self.text(&Msg {
            id,
            args: Vec::new(),
        })
    }
}

/// How a human output speaks: its language and how it writes numbers and
/// dates (by default the language's; a spec's `locale:` or `--locale` may
/// say otherwise).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash)]
pub struct Voice {
    pub lang: Lang,
    pub locale: Locale,
}

impl Voice {
    /// English with English numbers: what the library's texts are in.
    pub const EN: Voice = Voice {
        lang: Lang::En,
        locale: Locale::En,
    };

    /// A language with its own locale.
    pub fn of(lang: Lang) -> Voice {
        Voice {
            lang,
            locale: Locale::of(lang),
        }
    }

    /// A catalogue message in this voice's language.
    pub fn text(self, msg: &Msg) -> String {
        self.lang.text(msg)
    }

    /// A catalogue message without arguments.
    pub fn get(self, id: &'static str) -> String {
        self.lang.get(id)
    }
}

/// A name shown to people, per language (`label: { fr: Taux de clics, en:
/// Click-through rate }`, or one text for every language).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Labels {
    /// For every language (`label: Taux de clics`).
    pub all: Option<String>,
    pub by_lang: Vec<(Lang, String)>,
}

impl Labels {
    /// The label in `lang`: its own, else the one for every language.
    pub fn get(&self, lang: Lang) -> Option<&str> {
        self.by_lang
            .iter()
            .find(|(l, _)| *l == lang)
            .map(|(_, t)| t.as_str())
            .or(self.all.as_deref())
    }

    /// `name`'s label in `lang`, or `name`.
    pub fn or<'a>(&'a self, lang: Lang, name: &'a str) -> &'a str {
        self.get(lang).unwrap_or(name)
    }
}

/// An argument of a message: a text, or a number (plurals are chosen by
/// it, with each language's CLDR rules: in French 0 and 1 are singular).
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Text(String),
    Number(i64),
    /// A phrase of the catalogue, written in the message's language.
    Msg(Box<Msg>),
    /// A value in its unit (`26,00 %` in French, `26.00 %` in English).
    Value(rust_decimal::Decimal, Option<crate::vocab::Unit>),
    /// A period's ISO label (`2026-03`: `mars 2026` in French).
    Period(String),
    /// Phrases of the catalogue, joined by commas.
    Commas(Vec<Msg>),
    /// Phrases of the catalogue, joined by the language's separator
    /// (`list-separator`: `; `).
    Join(Vec<Msg>),
}

impl From<Msg> for Arg {
    fn from(m: Msg) -> Arg {
        Arg::Msg(Box::new(m))
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Text(s.clone())
    }
}
impl From<usize> for Arg {
    fn from(n: usize) -> Arg {
        Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}
impl From<u64> for Arg {
    fn from(n: u64) -> Arg {
        Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}
impl From<u32> for Arg {
    fn from(n: u32) -> Arg {
        Arg::Number(i64::from(n))
    }
}
impl From<i64> for Arg {
    fn from(n: i64) -> Arg {
        Arg::Number(n)
    }
}

/// A message as data: its id in the catalogue and its arguments.
#[derive(Clone, Debug, PartialEq)]
pub struct Msg {
    pub id: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

impl Msg {
    /// The first message with this `id` in it or among its arguments
    /// (depth first).
    pub fn find(&self, id: &str) -> Option<&Msg> {
        if self.id == id {
            return Some(self);
        }
        self.args.iter().find_map(|(_, a)| match a {
            Arg::Msg(m) => m.find(id),
            Arg::Commas(ms) | Arg::Join(ms) => ms.iter().find_map(|m| m.find(id)),
            _ => None,
        })
    }
    /// The text of its argument `name`, when it is a text.
    pub fn text_arg(&self, name: &str) -> Option<&str> {
        self.args.iter().find_map(|(k, a)| match a {
            Arg::Text(s) if *k == name => Some(s.as_str()),
            _ => None,
        })
    }
    /// Its English text (what the library's strings hold until the edge
    /// translates them).
    pub fn en(&self) -> String {
        Lang::En.text(self)
    }
}

/// A [`Msg`]: `msg!("undefined-name", name = n)`.
#[macro_export]
macro_rules! msg {
    ($id:literal $(, $k:ident = $v:expr)* $(,)?) => {
        $crate::i18n::Msg {
            id: $id,
            args: vec![$((stringify!($k), $crate::i18n::Arg::from($v))),*],
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn the_language_comes_from_the_environment_in_gettext_order() {
        assert_eq!(Lang::from_env(env(&[])), Lang::En);
        assert_eq!(Lang::from_env(env(&[("LANG", "fr_FR.UTF-8")])), Lang::Fr);
        assert_eq!(Lang::from_env(env(&[("LANG", "fr_CA")])), Lang::Fr);
        assert_eq!(
            Lang::from_env(env(&[("LANG", "fr_FR.UTF-8"), ("LC_ALL", "C")])),
            Lang::En
        );
        assert_eq!(
            Lang::from_env(env(&[("LC_ALL", "C.UTF-8"), ("LANGUAGE", "fr")])),
            Lang::En,
            "C ignores LANGUAGE, as gettext does"
        );
        assert_eq!(
            Lang::from_env(env(&[("LANG", "en_US.UTF-8"), ("LANGUAGE", "de:fr:en")])),
            Lang::Fr
        );
        assert_eq!(
            Lang::from_env(env(&[("LANG", "fr_FR.UTF-8"), ("LC_MESSAGES", "en_GB")])),
            Lang::En
        );
        assert_eq!(Lang::from_env(env(&[("LANG", "de_DE.UTF-8")])), Lang::En);
        assert_eq!(Lang::from_env(env(&[("LANG", "POSIX")])), Lang::En);
        assert_eq!(
            Lang::from_env(env(&[("LANG", "en_US"), ("BOUSSOLE_LANG", "fr")])),
            Lang::Fr
        );
        assert_eq!(
            Lang::from_env(env(&[("LC_ALL", "C"), ("BOUSSOLE_LANG", "fr")])),
            Lang::Fr
        );
    }

    #[test]
    fn plurals_follow_each_language() {
        let n = |n: usize| msg!("summary-problems", errors = n, warnings = 0usize);
        assert_eq!(Lang::En.text(&n(1)), "1 error(s), 0 warning(s)");
        assert_eq!(Lang::En.text(&n(2)), "2 error(s), 0 warning(s)");
        // in French 0 and 1 are singular
        assert_eq!(Lang::Fr.text(&n(0)), "0 erreur, 0 avertissement");
        assert_eq!(Lang::Fr.text(&n(1)), "1 erreur, 0 avertissement");
        assert_eq!(Lang::Fr.text(&n(2)), "2 erreurs, 0 avertissement");
    }
}
