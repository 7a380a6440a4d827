//! What the log's history adds up to. Streaks count days with a check-in,
//! not days without using: showing up is what is counted.

use std::collections::BTreeSet;

use super::check_in::CheckIn;
use super::day::Day;

/// One value per day for the `days` days ending on `last` (oldest first):
/// `value` of that day's check-in, or `None` for a day without one (or
/// without that value: reflections are optional).
pub fn daily(
    check_ins: &[CheckIn],
    last: Day,
    days: u16,
    value: impl Fn(&CheckIn) -> Option<u8>,
) -> Vec<Option<u8>> {
    (0..i32::from(days))
        .rev()
        .map(|back| {
            let day = last.add_days(-back)?;
            check_ins.iter().find(|c| c.day == day).and_then(&value)
        })
        .collect()
}

/// Meetings attended in each of the `weeks` weeks of seven days ending on
/// `last` (oldest first), as the check-ins list them.
///
/// ```
/// use lantern_core::log::{day::Day, stats::meetings_per_week};
/// use lantern_core::log::check_in::{Attended, CheckIn, Craving, Mood};
/// let d = |s| Day::parse(s).unwrap();
/// let mut check_in = CheckIn::new(d("2026-12-01"), Mood::new(3).unwrap(), Craving::new(0).unwrap());
/// check_in.meetings.push(Attended::Other { name: "Tuesday Hope".into() });
/// assert_eq!(meetings_per_week(&[check_in], d("2026-12-03"), 2), [0, 1]);
/// ```
pub fn meetings_per_week(check_ins: &[CheckIn], last: Day, weeks: u16) -> Vec<u32> {
    let mut counts = vec![0_u32; usize::from(weeks)];
    for check_in in check_ins {
        // Days after `last` come out negative and are passed over.
        let Ok(back) = usize::try_from(check_in.day.days_until(last)) else {
            continue;
        };
        let slot = counts.len().checked_sub(1 + back / 7);
        if let Some(count) = slot.and_then(|slot| counts.get_mut(slot)) {
            *count += u32::try_from(check_in.meetings.len()).unwrap_or(u32::MAX);
        }
    }
    counts
}

/// The lowest, highest and average (in tenths) of the days that have a
/// value; `None` when none has.
pub fn spread(values: &[Option<u8>]) -> Option<(u8, u8, u32)> {
    let present: Vec<u8> = values.iter().flatten().copied().collect();
    let low = *present.iter().min()?;
    let high = *present.iter().max()?;
    let count = u32::try_from(present.len()).ok()?;
    let sum: u32 = present.iter().map(|v| u32::from(*v)).sum();
    Some((low, high, (sum * 10 + count / 2) / count))
}

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
    fn a_series_has_a_place_for_every_day_and_a_spread_of_the_known_ones() {
        use crate::log::check_in::{Craving, Mood};
        let check_in = |text: &str, mood: u8| {
            CheckIn::new(
                day(text),
                Mood::new(mood).unwrap(),
                Craving::new(1).unwrap(),
            )
        };
        let check_ins = [
            check_in("2026-11-30", 2),
            check_in("2026-12-02", 5),
            check_in("2026-12-03", 4),
        ];
        let moods = daily(&check_ins, day("2026-12-03"), 5, |c| Some(c.mood.get()));
        assert_eq!(moods, [None, Some(2), None, Some(5), Some(4)]);
        assert_eq!(spread(&moods), Some((2, 5, 37)));
        assert_eq!(spread(&[None, None]), None);
    }

    #[test]
    fn meetings_are_counted_in_weeks_ending_on_the_last_day() {
        use crate::log::check_in::{Attended, Craving, Mood};
        let went = |text: &str, meetings: usize| {
            let mut check_in =
                CheckIn::new(day(text), Mood::new(3).unwrap(), Craving::new(0).unwrap());
            check_in.meetings = (0..meetings)
                .map(|n| Attended::Other {
                    name: format!("meeting {n}"),
                })
                .collect();
            check_in
        };
        let check_ins = [
            went("2026-11-19", 5), // 14 days before: outside two weeks
            went("2026-11-20", 1), // 13 days before: the older week
            went("2026-11-26", 2), // 7 days before: the older week
            went("2026-11-27", 1), // 6 days before: the last week
            went("2026-12-03", 3), // the last day
            went("2026-12-04", 9), // after it: not counted
        ];
        assert_eq!(meetings_per_week(&check_ins, day("2026-12-03"), 2), [3, 4]);
        assert_eq!(meetings_per_week(&[], day("2026-12-03"), 3), [0, 0, 0]);
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
