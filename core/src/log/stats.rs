//! What the log's history adds up to. Streaks count days with a check-in,
//! not days without using: showing up is what is counted.

use std::collections::BTreeSet;

use super::day::Day;

/// Consecutive days with a check-in up to `today`. A day not yet logged
/// does not break the streak before it is over: without a check-in today,
/// the streak ending yesterday counts.
///
/// ```
/// use lantern_core::log::{day::Day, stats::check_in_streak};
/// let d = |s| Day::parse(s).unwrap();
/// let days = [d("2026-12-01"), d("2026-12-02")];
/// assert_eq!(check_in_streak(days, d("2026-12-03")), 2);
/// assert_eq!(check_in_streak(days, d("2026-12-04")), 0);
/// ```
pub fn check_in_streak(days: impl IntoIterator<Item = Day>, today: Day) -> u32 {
    let logged: BTreeSet<Day> = days.into_iter().filter(|d| *d <= today).collect();
    let mut day = if logged.contains(&today) {
        Some(today)
    } else {
        today.add_days(-1)
    };
    let mut streak = 0;
    while let Some(current) = day.filter(|d| logged.contains(d)) {
        streak += 1;
        day = current.add_days(-1);
    }
    streak
}

/// The longest run of consecutive days with a check-in.
pub fn longest_streak(days: impl IntoIterator<Item = Day>) -> u32 {
    let logged: BTreeSet<Day> = days.into_iter().collect();
    let mut longest = 0;
    let mut run = 0;
    let mut previous: Option<Day> = None;
    for day in logged {
        run = match previous {
            Some(p) if p.add_days(1) == Some(day) => run + 1,
            _ => 1,
        };
        longest = longest.max(run);
        previous = Some(day);
    }
    longest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Day {
        Day::parse(text).unwrap()
    }

    #[test]
    fn streaks_count_consecutive_logged_days() {
        let days = [
            "2026-11-28",
            "2026-11-29",
            "2026-11-30",
            "2026-12-02",
            "2026-12-03",
        ]
        .map(day);
        assert_eq!(check_in_streak(days, day("2026-12-03")), 2);
        assert_eq!(
            check_in_streak(days, day("2026-12-04")),
            2,
            "today is not over"
        );
        assert_eq!(check_in_streak(days, day("2026-12-05")), 0);
        assert_eq!(
            check_in_streak(days, day("2026-11-30")),
            3,
            "later days do not count"
        );
        assert_eq!(longest_streak(days), 3);
        assert_eq!(longest_streak([]), 0);
        // Duplicates (an edited day) count once; month ends are crossed.
        let repeated = ["2026-11-30", "2026-11-30", "2026-12-01"].map(day);
        assert_eq!(check_in_streak(repeated, day("2026-12-01")), 2);
        assert_eq!(longest_streak(repeated), 2);
    }
}
