//! Review periods and their labels.

use chrono::{Datelike, NaiveDate};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    Daily,
    Weekly,
    Monthly,
    Quarterly,
    Yearly,
}

/// One period of a cadence: its ordinal number, counted so that the
/// previous period is `index - 1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PeriodKey {
    pub period: Period,
    pub index: i64,
}

impl Period {
    pub const NAMES: &'static [&'static str] =
        &["daily", "weekly", "monthly", "quarterly", "yearly"];

    pub fn parse(s: &str) -> Option<Period> {
        Some(match s {
            "daily" => Period::Daily,
            "weekly" => Period::Weekly,
            "monthly" => Period::Monthly,
            "quarterly" => Period::Quarterly,
            "yearly" => Period::Yearly,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        Period::NAMES[self as usize]
    }

    /// The period holding `date`.
    pub fn key(self, date: NaiveDate) -> PeriodKey {
        let index = match self {
            Period::Daily => date.num_days_from_ce() as i64,
            // ISO weeks start on Monday; day 1 of the CE calendar is a Monday.
            Period::Weekly => (date.num_days_from_ce() as i64 - 1).div_euclid(7),
            Period::Monthly => date.year() as i64 * 12 + date.month0() as i64,
            Period::Quarterly => date.year() as i64 * 4 + (date.month0() / 3) as i64,
            Period::Yearly => date.year() as i64,
        };
        PeriodKey {
            period: self,
            index,
        }
    }
}

impl PeriodKey {
    /// The first day of the period.
    pub fn start(self) -> Option<NaiveDate> {
        let i = self.index;
        match self.period {
            Period::Daily => NaiveDate::from_num_days_from_ce_opt(i32::try_from(i).ok()?),
            Period::Weekly => NaiveDate::from_num_days_from_ce_opt(
                i32::try_from(i.checked_mul(7)?.checked_add(1)?).ok()?,
            ),
            Period::Monthly => NaiveDate::from_ymd_opt(
                i32::try_from(i.div_euclid(12)).ok()?,
                (i.rem_euclid(12) + 1) as u32,
                1,
            ),
            Period::Quarterly => NaiveDate::from_ymd_opt(
                i32::try_from(i.div_euclid(4)).ok()?,
                (i.rem_euclid(4) * 3 + 1) as u32,
                1,
            ),
            Period::Yearly => NaiveDate::from_ymd_opt(i32::try_from(i).ok()?, 1, 1),
        }
    }

    pub fn offset(self, n: i64) -> PeriodKey {
        PeriodKey {
            period: self.period,
            index: self.index.saturating_add(n),
        }
    }

    /// The same period a year before: the period holding the day a year
    /// before this one's first (`2025-03` for `2026-03`, the ISO week of the
    /// same date for a week). None past the calendar.
    pub fn year_before(self) -> Option<PeriodKey> {
        let first = self.start()?;
        Some(
            self.period
                .key(first.checked_sub_months(chrono::Months::new(12))?),
        )
    }

    /// The key a label names (the inverse of [`PeriodKey::label`]).
    pub fn parse(period: Period, label: &str) -> Option<PeriodKey> {
        let day = match period {
            Period::Daily => NaiveDate::parse_from_str(label, "%Y-%m-%d").ok()?,
            Period::Weekly => {
                let (y, w) = label.split_once("-W")?;
                NaiveDate::from_isoywd_opt(y.parse().ok()?, w.parse().ok()?, chrono::Weekday::Mon)?
            }
            Period::Monthly => {
                let (y, m) = label.split_once('-')?;
                NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)?
            }
            Period::Quarterly => {
                let (y, q) = label.split_once("-Q")?;
                let q: u32 = q.parse().ok()?;
                NaiveDate::from_ymd_opt(y.parse().ok()?, q.checked_sub(1)?.checked_mul(3)? + 1, 1)?
            }
            Period::Yearly => NaiveDate::from_ymd_opt(label.parse().ok()?, 1, 1)?,
        };
        let key = period.key(day);
        (key.label() == label).then_some(key)
    }

    /// `2026-03-15`, `2026-W10`, `2026-03`, `2026-Q1`, `2026`.
    pub fn label(self) -> String {
        let Some(d) = self.start() else {
            return format!("#{}", self.index);
        };
        match self.period {
            Period::Daily => d.format("%Y-%m-%d").to_string(),
            Period::Weekly => {
                let w = d.iso_week();
                format!("{}-W{:02}", w.year(), w.week())
            }
            Period::Monthly => d.format("%Y-%m").to_string(),
            Period::Quarterly => format!("{}-Q{}", d.year(), d.month0() / 3 + 1),
            Period::Yearly => format!("{}", d.year()),
        }
    }
}
