//! Numbers, amounts, percentages, dates and periods as a reader of a
//! locale writes them — for human outputs and reports only; JSON keeps
//! plain decimals and ISO labels.
//!
//! | | `en` | `fr` |
//! |---|---|---|
//! | number | `1,234.56` | `1 234,56` (narrow no-break space) |
//! | money | `1,234.56 €`, `$1,200.00` | `1 234,56 €`, `1 200,00 $US` |
//! | ratio | `25.00 %` | `25,00 %` |
//! | day | `2026-03-31` | `31/03/2026` |
//! | month, quarter, week | `2026-03`, `2026-Q1`, `2026-W10` | `mars 2026`, `T1 2026`, `S10 2026` |
//!
//! The separators are CLDR's for French: U+202F (narrow no-break space)
//! between thousands and before `%`, U+00A0 (no-break space) before a
//! currency.

use crate::vocab::{Period, PeriodKey, Unit};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

/// How numbers and dates are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash)]
pub enum Locale {
    #[default]
    En,
    Fr,
}

const NBSP: char = '\u{a0}';

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

impl Locale {
    /// The locales `locale:` and `--locale` accept.
    pub const NAMES: [&'static str; 2] = ["en", "fr"];

    /// `fr`, `fr-FR`, `fr_BE`, `en-GB`… (the language part decides).
    pub fn parse(text: &str) -> Option<Locale> {
        match super::Lang::parse(text)? {
            super::Lang::En => Some(Locale::En),
            super::Lang::Fr => Some(Locale::Fr),
        }
    }

    /// The locale that goes with a language when nothing else says.
    pub fn of(lang: super::Lang) -> Locale {
        match lang {
            super::Lang::En => Locale::En,
            super::Lang::Fr => Locale::Fr,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Fr => "fr",
        }
    }

    /// A value with its unit: `3.00 %` / `3,00 %`, `0.25 €` / `0,25 €`,
    /// `40,000` / `40 000`; `—` for none.
    pub fn value(self, v: Option<Decimal>, unit: Option<&Unit>) -> String {
        let Some(v) = v else { return "—".into() };
        match unit {
            Some(Unit::Ratio) => match v.checked_mul(Decimal::ONE_HUNDRED) {
                Some(p) => self.percent_of(p),
                None => v.to_string(),
            },
            Some(Unit::Money(c)) => self.money(v, c),
            Some(Unit::Count) => {
                let n = v.normalize();
                let dp = n.scale().min(2);
                self.number(v.round_dp(dp), dp)
            }
            _ => {
                let n = v.round_dp(4).normalize();
                self.number(n, n.scale())
            }
        }
    }

    /// A percentage already multiplied by 100, two decimals.
    pub fn percent_of(self, p: Decimal) -> String {
        format!("{}{}", self.number(p.round_dp(2), 2), self.percent_suffix())
    }

    /// What follows a percentage's digits: ` %`, or a narrow no-break space
    /// and `%` in French.
    pub fn percent_suffix(self) -> &'static str {
        match self {
            Locale::En => " %",
            Locale::Fr => "\u{202f}%",
        }
    }

    /// An amount in a currency, two decimals.
    pub fn money(self, v: Decimal, currency: &str) -> String {
        let s = self.number(v.round_dp(2), 2);
        match self {
            Locale::En => match currency {
                "EUR" => format!("{s} €"),
                "USD" => prefix_symbol('$', &s),
                "GBP" => prefix_symbol('£', &s),
                _ => format!("{s} {currency}"),
            },
            Locale::Fr => {
                let symbol = match currency {
                    "EUR" => "€",
                    "USD" => "$US",
                    "GBP" => "£GB",
                    other => other,
                };
                format!("{s}{NBSP}{symbol}")
            }
        }
    }

    /// Thousands separators and `dp` decimals (rounded half away from
    /// zero beforehand by the caller where it matters).
    pub fn number(self, v: Decimal, dp: u32) -> String {
        let (sep, point) = match self {
            Locale::En => (",", "."),
            Locale::Fr => ("\u{202f}", ","),
        };
        let s = format!("{:.*}", dp as usize, v.abs());
        let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
        let mut out = String::with_capacity(s.len() + int.len() / 3 * 3 + 1);
        if v.is_sign_negative() && !v.is_zero() {
            out.push('-');
        }
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push_str(sep);
            }
            out.push(c);
        }
        if !frac.is_empty() {
            out.push_str(point);
            out.push_str(frac);
        }
        out
    }

    /// A day: `2026-03-31` / `31/03/2026`.
    pub fn date(self, d: NaiveDate) -> String {
        match self {
            Locale::En => d.format("%Y-%m-%d").to_string(),
            Locale::Fr => d.format("%d/%m/%Y").to_string(),
        }
    }

    /// A period's label: its ISO label in English (`2026-03`), `mars 2026`,
    /// `T1 2026`, `S10 2026` in French.
    pub fn period(self, key: PeriodKey) -> String {
        let (Locale::Fr, Some(d)) = (self, key.start()) else {
            return key.label();
        };
        match key.period {
            Period::Daily => self.date(d),
            Period::Weekly => {
                let w = d.iso_week();
                format!("S{:02} {}", w.week(), w.year())
            }
            Period::Monthly => format!("{} {}", MONTHS_FR[d.month0() as usize], d.year()),
            Period::Quarterly => format!("T{} {}", d.month0() / 3 + 1, d.year()),
            Period::Yearly => d.year().to_string(),
        }
    }

    /// A period's ISO label of whatever cadence (`2026-03-15`, `2026-W10`,
    /// `2026-03`, `2026-Q1`, `2026`) in this locale; the label itself when
    /// it is not one.
    pub fn any_period(self, label: &str) -> String {
        if self == Locale::En {
            return label.to_string();
        }
        [
            Period::Daily,
            Period::Weekly,
            Period::Quarterly,
            Period::Monthly,
            Period::Yearly,
        ]
        .iter()
        .find_map(|p| PeriodKey::parse(*p, label))
        .map_or_else(|| label.to_string(), |k| self.period(k))
    }

    /// A period's ISO label (as the JSON writes it) in this locale; the
    /// label itself when it is not one.
    pub fn period_label(self, period: Period, label: &str) -> String {
        match (self, PeriodKey::parse(period, label)) {
            (Locale::Fr, Some(k)) => self.period(k),
            _ => label.to_string(),
        }
    }
}

/// `$1,200.00`, `-$3.50`.
fn prefix_symbol(symbol: char, amount: &str) -> String {
    match amount.strip_prefix('-') {
        Some(a) => format!("-{symbol}{a}"),
        None => format!("{symbol}{amount}"),
    }
}

/// The cadence of a period's ISO label (`2026-03-15` daily, `2026-W10`
/// weekly, `2026-03` monthly, `2026-Q1` quarterly, `2026` yearly; a
/// label followed by dimension values too), `other` when it is none:
/// the `…_kind` argument a language's prepositions may select on
/// (French says `le 15/03/2026`, `en mars 2026`, `au T1 2026`).
pub fn period_kind(label: &str) -> &'static str {
    let first = label.split_whitespace().next().unwrap_or("");
    [
        Period::Daily,
        Period::Weekly,
        Period::Quarterly,
        Period::Monthly,
        Period::Yearly,
    ]
    .into_iter()
    .find(|p| PeriodKey::parse(*p, first).is_some())
    .map_or("other", Period::name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Option<Decimal> {
        Some(Decimal::from_str(s).unwrap())
    }

    #[test]
    fn french_numbers_amounts_and_percentages() {
        let fr = Locale::Fr;
        let eur = Unit::Money("EUR".into());
        assert_eq!(fr.value(d("1234.56"), Some(&eur)), "1\u{202f}234,56\u{a0}€");
        assert_eq!(
            fr.value(d("-1234567.5"), Some(&eur)),
            "-1\u{202f}234\u{202f}567,50\u{a0}€"
        );
        assert_eq!(fr.value(d("0.25"), Some(&Unit::Ratio)), "25,00\u{202f}%");
        assert_eq!(fr.value(d("40000"), Some(&Unit::Count)), "40\u{202f}000");
        assert_eq!(
            fr.value(d("1200"), Some(&Unit::Money("USD".into()))),
            "1\u{202f}200,00\u{a0}$US"
        );
        assert_eq!(fr.value(d("12.5"), Some(&Unit::Number)), "12,5");
        assert_eq!(fr.value(None, Some(&Unit::Number)), "—");
        // English as before
        assert_eq!(Locale::En.value(d("10000"), Some(&eur)), "10,000.00 €");
        assert_eq!(Locale::En.value(d("0.03"), Some(&Unit::Ratio)), "3.00 %");
    }

    #[test]
    fn french_dates_and_periods() {
        let fr = Locale::Fr;
        let day = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
        assert_eq!(fr.date(day), "31/03/2026");
        assert_eq!(fr.period(Period::Monthly.key(day)), "mars 2026");
        assert_eq!(fr.period(Period::Quarterly.key(day)), "T1 2026");
        assert_eq!(fr.period(Period::Weekly.key(day)), "S14 2026");
        assert_eq!(fr.period(Period::Yearly.key(day)), "2026");
        assert_eq!(fr.period_label(Period::Monthly, "2026-08"), "août 2026");
        assert_eq!(Locale::En.period(Period::Monthly.key(day)), "2026-03");
        assert_eq!(Locale::parse("fr_FR.UTF-8"), Some(Locale::Fr));
        assert_eq!(Locale::parse("de"), None);
    }
}
