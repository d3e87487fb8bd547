//! Dates in Japan time, fiscal years (April–March) and validity ranges.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use serde::{Deserialize, Deserializer};

/// A calendar date as written in the catalog (`2025-12-25`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let dt = toml::value::Datetime::deserialize(d)?;
        match (dt.date, dt.time, dt.offset) {
            (Some(date), None, None) => {
                NaiveDate::from_ymd_opt(date.year as i32, date.month as u32, date.day as u32)
                    .map(Date)
                    .ok_or_else(|| serde::de::Error::custom(format!("invalid date {dt}")))
            }
            _ => Err(serde::de::Error::custom(format!(
                "expected a date like 2025-12-25, got {dt}"
            ))),
        }
    }
}

/// A JST date-time (`2025-05-12T17:00:00+09:00`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTimeJst(pub DateTime<FixedOffset>);

impl<'de> Deserialize<'de> for DateTimeJst {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let dt = toml::value::Datetime::deserialize(d)?;
        let s = dt.to_string();
        DateTime::parse_from_rfc3339(&s)
            .map(DateTimeJst)
            .map_err(|_| {
                serde::de::Error::custom(format!(
                    "expected a date-time with offset like 2025-05-12T17:00:00+09:00, got {s}"
                ))
            })
    }
}

/// Japan's fiscal year (年度) of a date: April to March.
pub fn fiscal_year(d: NaiveDate) -> i32 {
    if d.month() >= 4 {
        d.year()
    } else {
        d.year() - 1
    }
}

/// Inclusive range check with open ends.
pub fn within(d: NaiveDate, from: Option<NaiveDate>, until: Option<NaiveDate>) -> bool {
    from.is_none_or(|f| d >= f) && until.is_none_or(|u| d <= u)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn fiscal_year_turns_on_april_first() {
        assert_eq!(fiscal_year(d(2026, 3, 31)), 2025);
        assert_eq!(fiscal_year(d(2026, 4, 1)), 2026);
    }

    #[test]
    fn within_is_inclusive() {
        assert!(within(d(2025, 9, 30), None, Some(d(2025, 9, 30))));
        assert!(!within(d(2025, 10, 1), None, Some(d(2025, 9, 30))));
        assert!(within(d(2024, 3, 1), Some(d(2024, 3, 1)), None));
    }
}
