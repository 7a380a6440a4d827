//! The daily reminder: a time the person chose, after which, if there is no
//! check-in for the day yet, the app offers one gently. Whether it is due
//! is worked out here; the app shows it and, where the person allowed it,
//! a local notification.

use std::fmt;

use super::day::Day;
use crate::meeting::LocalTime;

/// A time of day, to the minute, written `HH:MM` (24-hour) in settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Reminder(LocalTime);

impl Reminder {
    /// The time `hour`:`minute`, when it is one.
    pub fn new(hour: u8, minute: u8) -> Option<Reminder> {
        LocalTime::new(hour, minute).map(Reminder)
    }

    /// Reads `HH:MM` exactly, as a time field gives it and settings keep it
    /// (stricter than [`LocalTime::parse`], which takes what feeds send).
    ///
    /// ```
    /// use lantern_core::log::reminder::Reminder;
    /// assert_eq!(Reminder::parse("20:30").map(|r| r.to_string()), Some("20:30".into()));
    /// assert_eq!(Reminder::parse("24:00"), None);
    /// assert_eq!(Reminder::parse("8:30"), None);
    /// ```
    pub fn parse(text: &str) -> Option<Reminder> {
        let (hour, minute) = text.split_once(':')?;
        if hour.len() != 2 || minute.len() != 2 {
            return None;
        }
        if !hour
            .bytes()
            .chain(minute.bytes())
            .all(|b| b.is_ascii_digit())
        {
            return None;
        }
        Reminder::new(hour.parse().ok()?, minute.parse().ok()?)
    }

    /// Minutes after midnight.
    pub fn minutes(self) -> u16 {
        self.0.minutes_since_midnight()
    }

    /// Whether to offer a check-in on `today` at `now` minutes after
    /// midnight: the time has come, the day has no check-in yet
    /// (`last_check_in` is the latest day with one, if known), and the
    /// person has not said "not today".
    pub fn is_due(
        self,
        today: Day,
        now: u16,
        last_check_in: Option<Day>,
        dismissed: Option<Day>,
    ) -> bool {
        now >= self.minutes() && last_check_in != Some(today) && dismissed != Some(today)
    }
}

impl fmt::Display for Reminder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_after_the_time_until_checked_in_or_put_off() {
        let today = Day::parse("2026-12-03").unwrap();
        let yesterday = Day::parse("2026-12-02").unwrap();
        let at = Reminder::parse("20:00").unwrap();
        assert!(!at.is_due(today, 19 * 60 + 59, None, None), "not yet");
        assert!(at.is_due(today, 20 * 60, None, None));
        assert!(at.is_due(today, 23 * 60, Some(yesterday), Some(yesterday)));
        assert!(!at.is_due(today, 23 * 60, Some(today), None), "checked in");
        assert!(
            !at.is_due(today, 23 * 60, Some(yesterday), Some(today)),
            "not today"
        );
    }

    #[test]
    fn only_real_times_are_read() {
        for bad in [
            "", "20", "20:3", "2O:30", "-1:30", "12:60", "99:99", "20:30:00", "+1:30",
        ] {
            assert_eq!(Reminder::parse(bad), None, "{bad}");
        }
        assert_eq!(Reminder::parse("00:00").map(Reminder::minutes), Some(0));
        assert_eq!(Reminder::parse("23:59").map(Reminder::minutes), Some(1439));
    }
}
