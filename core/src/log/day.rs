//! A day of the log: a calendar date as the person lives it, with no time
//! or zone, written `2026-12-03` in storage and backups.

use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The earliest day the log accepts: a counter may start decades ago.
pub const FIRST_YEAR: i16 = 1900;
/// The latest year the log accepts; anything later is a mistake or an attack.
pub const LAST_YEAR: i16 = 2100;

/// A calendar day between [`FIRST_YEAR`] and [`LAST_YEAR`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(Date);

impl Day {
    /// The day for a year, month and day, when it exists and is in range.
    pub fn new(year: i16, month: i8, day: i8) -> Option<Day> {
        if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
            return None;
        }
        Date::new(year, month, day).ok().map(Day)
    }

    /// Reads `YYYY-MM-DD` exactly (the form this module writes).
    ///
    /// ```
    /// use lantern_core::log::day::Day;
    /// assert_eq!(Day::parse("2026-12-03").map(|d| d.to_string()), Some("2026-12-03".into()));
    /// assert_eq!(Day::parse("2026-02-30"), None);
    /// assert_eq!(Day::parse("99999-01-01"), None);
    /// ```
    pub fn parse(text: &str) -> Option<Day> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<i16> {
            let digits = text.get(range)?;
            if !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            digits.parse().ok()
        };
        let month = i8::try_from(number(5..7)?).ok()?;
        let day = i8::try_from(number(8..10)?).ok()?;
        Day::new(number(0..4)?, month, day)
    }

    /// The underlying date.
    pub fn date(self) -> Date {
        self.0
    }

    /// The day `days` later (or earlier, when negative), if still in range.
    pub fn add_days(self, days: i32) -> Option<Day> {
        let date = self
            .0
            .checked_add(jiff::SignedDuration::from_hours(i64::from(days) * 24))
            .ok()?;
        Day::new(date.year(), date.month(), date.day())
    }

    /// The same day `years` later; the 29th of February becomes the 28th in
    /// a year without one.
    pub fn add_years(self, years: i16) -> Option<Day> {
        let year = self.0.year().checked_add(years)?;
        let first = Date::new(year, self.0.month(), 1).ok()?;
        Day::new(
            year,
            self.0.month(),
            self.0.day().min(first.days_in_month()),
        )
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Day) -> i32 {
        // Both dates are within 1900–2100, so the count fits easily.
        let days = |day: Day| -> i32 {
            let date = day.0;
            // Days since 1900-01-01 by the civil calendar.
            let year = i32::from(date.year());
            let month = i32::from(date.month());
            let (y, m) = if month <= 2 {
                (year - 1, month + 12)
            } else {
                (year, month)
            };
            365 * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 + i32::from(date.day())
        };
        days(later) - days(self)
    }
}

impl From<Date> for Day {
    /// A date from the clock: clamped into range, which today always is.
    fn from(date: Date) -> Day {
        let year = date.year().clamp(FIRST_YEAR, LAST_YEAR);
        Day(Date::new(year, date.month(), date.day()).unwrap_or(date))
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0.year(),
            self.0.month(),
            self.0.day()
        )
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Day, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Day::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{}` is not a day between {FIRST_YEAR} and {LAST_YEAR} written YYYY-MM-DD",
                text.chars().take(20).collect::<String>()
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_days_across_months_years_and_leap_days() {
        let day = |s| Day::parse(s).unwrap();
        assert_eq!(day("2024-02-28").days_until(day("2024-03-01")), 2);
        assert_eq!(day("2023-02-28").days_until(day("2023-03-01")), 1);
        assert_eq!(day("2025-12-31").days_until(day("2026-01-01")), 1);
        assert_eq!(day("2026-01-01").days_until(day("2025-01-01")), -365);
        // 201 years of 365 days and 49 leap days, less the last day.
        assert_eq!(day("1900-01-01").days_until(day("2100-12-31")), 73_413);
        assert_eq!(day("2024-02-28").add_days(2), Some(day("2024-03-01")));
        assert_eq!(day("2100-12-31").add_days(1), None);
        // Counting agrees with the calendar's own arithmetic over a long span.
        let mut d = day("1999-12-25");
        for n in 1..=900 {
            d = d.add_days(1).unwrap();
            assert_eq!(day("1999-12-25").days_until(d), n);
        }
    }

    #[test]
    fn reads_only_what_it_writes() {
        for bad in [
            "",
            "2026-1-03",
            "2026/12/03",
            "+2026-12-03",
            "2026-12-3 ",
            "1899-12-31",
            "2101-01-01",
            "2026-00-10",
            "２０２６-12-03",
        ] {
            assert_eq!(Day::parse(bad), None, "{bad}");
        }
        let json = serde_json::to_string(&Day::parse("2026-12-03").unwrap()).unwrap();
        assert_eq!(json, "\"2026-12-03\"");
        let back: Day = serde_json::from_str(&json).unwrap();
        assert_eq!(back.to_string(), "2026-12-03");
        let error = serde_json::from_str::<Day>("\"99999-01-01\"")
            .unwrap_err()
            .to_string();
        assert!(error.contains("between 1900 and 2100"), "{error}");
    }
}
