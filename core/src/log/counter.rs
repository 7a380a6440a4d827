//! Counters: "alcohol-free since 3 March", named by the person, with
//! milestones. A restart starts the count again and keeps the run before it
//! in the history, recorded plainly, without judgement.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::day::Day;
use crate::text::looks_like_markup;

/// The longest counter name, in characters.
pub const MAX_NAME_CHARS: usize = 60;
/// The most earlier runs a counter keeps.
pub const MAX_HISTORY: usize = 1_000;

/// The milestones counted in days; after them, every year.
pub const DAY_MILESTONES: [u16; 7] = [1, 7, 30, 60, 90, 180, 365];

/// A counter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counter {
    /// A short key the app gives it.
    pub id: String,
    /// What it counts, in the person's words.
    pub name: String,
    /// The first day of the current run.
    pub since: Day,
    /// Earlier runs, oldest first.
    #[serde(default)]
    pub history: Vec<Run>,
}

/// An earlier run of a counter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Run {
    /// Its first day.
    pub from: Day,
    /// The day it was restarted (the next run's first day).
    pub until: Day,
}

impl Run {
    /// How many days it lasted.
    pub fn days(self) -> i32 {
        self.from.days_until(self.until)
    }
}

/// A milestone: so many days, or so many years.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Milestone {
    /// 1, 7, 30, 60, 90, 180 or 365 days.
    Days(u16),
    /// Two years or more, on the anniversary.
    Years(u16),
}

/// Why a counter cannot be kept as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CounterError {
    /// No name, or one over [`MAX_NAME_CHARS`].
    BadName,
    /// The name holds markup or control characters.
    NotPlainText,
    /// The id is empty, long, or not letters, digits and `-`.
    BadId,
    /// A start after today.
    StartsInTheFuture,
    /// Earlier runs out of order, or overlapping the current one.
    HistoryOutOfOrder,
    /// More than [`MAX_HISTORY`] earlier runs.
    HistoryTooLong,
}

impl fmt::Display for CounterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CounterError::BadName => "a counter needs a name of 1 to 60 characters",
            CounterError::NotPlainText => "a counter's name must be plain text",
            CounterError::BadId => "a counter's id must be 1 to 40 letters, digits or dashes",
            CounterError::StartsInTheFuture => "a counter cannot start after today",
            CounterError::HistoryOutOfOrder => {
                "a counter's earlier runs must be in order and end before the current one"
            }
            CounterError::HistoryTooLong => "a counter keeps at most 1,000 earlier runs",
        })
    }
}

impl std::error::Error for CounterError {}

impl Counter {
    /// A new counter starting on `since`.
    pub fn new(id: impl Into<String>, name: impl Into<String>, since: Day) -> Counter {
        Counter {
            id: id.into(),
            name: name.into(),
            since,
            history: Vec::new(),
        }
    }

    /// Days in the current run on `today`: 0 on its first day.
    pub fn days(&self, today: Day) -> i32 {
        self.since.days_until(today).max(0)
    }

    /// Starts the count again on `on`, keeping the run that ends there.
    ///
    /// # Errors
    ///
    /// [`CounterError::HistoryOutOfOrder`] when `on` is before the current
    /// run's first day; nothing changes.
    pub fn restart(&mut self, on: Day) -> Result<(), CounterError> {
        if on < self.since {
            return Err(CounterError::HistoryOutOfOrder);
        }
        if self.history.len() >= MAX_HISTORY {
            return Err(CounterError::HistoryTooLong);
        }
        self.history.push(Run {
            from: self.since,
            until: on,
        });
        self.since = on;
        Ok(())
    }

    /// Checks what the types cannot, as of `today`.
    ///
    /// # Errors
    ///
    /// The first problem found.
    pub fn check(&self, today: Day) -> Result<(), CounterError> {
        let name_chars = self.name.chars().count();
        if self.name.trim().is_empty() || name_chars > MAX_NAME_CHARS {
            return Err(CounterError::BadName);
        }
        if self.name.chars().any(char::is_control) || looks_like_markup(&self.name) {
            return Err(CounterError::NotPlainText);
        }
        if !super::is_key(&self.id) {
            return Err(CounterError::BadId);
        }
        if self.since > today {
            return Err(CounterError::StartsInTheFuture);
        }
        if self.history.len() > MAX_HISTORY {
            return Err(CounterError::HistoryTooLong);
        }
        let mut previous_end: Option<Day> = None;
        for run in &self.history {
            let in_order = run.from <= run.until && previous_end.is_none_or(|end| end <= run.from);
            if !in_order {
                return Err(CounterError::HistoryOutOfOrder);
            }
            previous_end = Some(run.until);
        }
        if previous_end.is_some_and(|end| end > self.since) {
            return Err(CounterError::HistoryOutOfOrder);
        }
        Ok(())
    }

    /// The last milestone reached on `today`, if any.
    pub fn reached(&self, today: Day) -> Option<Milestone> {
        self.milestones()
            .take_while(|(_, day)| *day <= today)
            .last()
            .map(|(m, _)| m)
    }

    /// The next milestone after `today`, and the day it falls on.
    pub fn next(&self, today: Day) -> Option<(Milestone, Day)> {
        self.milestones().find(|(_, day)| *day > today)
    }

    /// Every milestone of the current run in order, with its day, while
    /// the calendar lasts.
    pub fn milestones(&self) -> impl Iterator<Item = (Milestone, Day)> + '_ {
        let since = self.since;
        let days = DAY_MILESTONES
            .into_iter()
            .filter_map(move |n| Some((Milestone::Days(n), since.add_days(i32::from(n))?)));
        let years = (2..=200u16).map_while(move |n| {
            Some((
                Milestone::Years(n),
                since.add_years(i16::try_from(n).ok()?)?,
            ))
        });
        days.chain(years)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Day {
        Day::parse(text).unwrap()
    }

    #[test]
    fn milestones_count_days_then_years() {
        let counter = Counter::new("c1", "alcohol-free", day("2024-02-29"));
        let all: Vec<(Milestone, String)> = counter
            .milestones()
            .take(9)
            .map(|(m, d)| (m, d.to_string()))
            .collect();
        assert_eq!(
            all,
            [
                (Milestone::Days(1), "2024-03-01".into()),
                (Milestone::Days(7), "2024-03-07".into()),
                (Milestone::Days(30), "2024-03-30".into()),
                (Milestone::Days(60), "2024-04-29".into()),
                (Milestone::Days(90), "2024-05-29".into()),
                (Milestone::Days(180), "2024-08-27".into()),
                (Milestone::Days(365), "2025-02-28".into()),
                (Milestone::Years(2), "2026-02-28".into()),
                (Milestone::Years(3), "2027-02-28".into()),
            ]
        );
        assert_eq!(counter.reached(day("2024-02-29")), None);
        assert_eq!(counter.reached(day("2024-03-06")), Some(Milestone::Days(1)));
        assert_eq!(counter.reached(day("2024-03-07")), Some(Milestone::Days(7)));
        assert_eq!(
            counter.next(day("2026-12-03")),
            Some((Milestone::Years(3), day("2027-02-28")))
        );
        assert_eq!(counter.days(day("2024-03-07")), 7);
        // The leap day comes back in a leap year.
        assert!(counter
            .milestones()
            .any(|(m, d)| m == Milestone::Years(4) && d == day("2028-02-29")));
    }

    #[test]
    fn a_restart_keeps_the_run_before_it() {
        let mut counter = Counter::new("c1", "no gambling", day("2026-01-01"));
        counter.restart(day("2026-03-15")).unwrap();
        counter.restart(day("2026-03-15")).unwrap();
        assert_eq!(counter.since, day("2026-03-15"));
        assert_eq!(counter.history.len(), 2);
        assert_eq!(counter.history[0].days(), 73);
        assert_eq!(counter.history[1].days(), 0);
        assert_eq!(counter.check(day("2026-12-03")), Ok(()));
        let before = counter.clone();
        assert_eq!(
            counter.restart(day("2026-01-01")),
            Err(CounterError::HistoryOutOfOrder)
        );
        assert_eq!(counter, before, "a refused restart changes nothing");
    }

    #[test]
    fn checks_names_ids_and_history() {
        let today = day("2026-12-03");
        let good = Counter::new("c-1", "alcohol-free", day("2026-01-01"));
        assert_eq!(good.check(today), Ok(()));
        let cases = [
            (
                Counter {
                    name: " ".into(),
                    ..good.clone()
                },
                CounterError::BadName,
            ),
            (
                Counter {
                    name: "x".repeat(61),
                    ..good.clone()
                },
                CounterError::BadName,
            ),
            (
                Counter {
                    name: "<b>free</b>".into(),
                    ..good.clone()
                },
                CounterError::NotPlainText,
            ),
            (
                Counter {
                    id: "c 1".into(),
                    ..good.clone()
                },
                CounterError::BadId,
            ),
            (
                Counter {
                    since: day("2026-12-04"),
                    ..good.clone()
                },
                CounterError::StartsInTheFuture,
            ),
            (
                Counter {
                    history: vec![Run {
                        from: day("2025-01-01"),
                        until: day("2026-02-01"),
                    }],
                    ..good.clone()
                },
                CounterError::HistoryOutOfOrder,
            ),
        ];
        for (counter, error) in cases {
            assert_eq!(counter.check(today), Err(error));
        }
    }
}
