//! A month of the log laid out in weeks, for its calendar: which day sits
//! in which row and column, with blanks before the first and after the
//! last.

use super::day::Day;

/// The day a week starts on in the calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WeekStart {
    /// Sunday (as in the United States).
    Sunday,
    /// Monday (as in most of Europe and Latin America).
    Monday,
}

/// A month: its first day, and its weeks of seven places.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Month {
    /// The first day of the month.
    pub first: Day,
    /// The weeks, each with seven places; `None` outside the month.
    pub weeks: Vec<[Option<Day>; 7]>,
}

impl Month {
    /// The month that holds `day`, with weeks starting on `start`.
    ///
    /// ```
    /// use lantern_core::log::{day::Day, month::{Month, WeekStart}};
    /// let month = Month::of(Day::parse("2026-12-03").unwrap(), WeekStart::Monday);
    /// // 1 December 2026 is a Tuesday: one blank before it.
    /// assert_eq!(month.weeks[0][0], None);
    /// assert_eq!(month.weeks[0][1].map(|d| d.to_string()), Some("2026-12-01".into()));
    /// assert_eq!(month.weeks.len(), 5);
    /// ```
    pub fn of(day: Day, start: WeekStart) -> Month {
        let date = day.date();
        let first = Day::from(date.first_of_month());
        let offset = match start {
            WeekStart::Sunday => first.date().weekday().to_sunday_zero_offset(),
            WeekStart::Monday => first.date().weekday().to_monday_zero_offset(),
        };
        let mut places: Vec<Option<Day>> = vec![None; usize::try_from(offset).unwrap_or(0)];
        places.extend((0..i32::from(date.days_in_month())).map(|n| first.add_days(n)));
        // A short last week is filled with blanks by `get` below.
        let weeks = places
            .chunks(7)
            .map(|week| std::array::from_fn(|n| week.get(n).copied().flatten()))
            .collect();
        Month { first, weeks }
    }

    /// The first day of the month before, if in range.
    pub fn previous(&self) -> Option<Day> {
        self.first
            .add_days(-1)
            .map(|d| Day::from(d.date().first_of_month()))
    }

    /// The first day of the month after, if in range.
    pub fn next(&self) -> Option<Day> {
        self.first
            .add_days(i32::from(self.first.date().days_in_month()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Day {
        Day::parse(text).unwrap()
    }

    #[test]
    fn every_day_of_the_month_has_one_place_in_order() {
        for (text, start) in [
            ("2026-02-14", WeekStart::Sunday),
            ("2026-02-14", WeekStart::Monday),
            ("2024-02-29", WeekStart::Sunday),
            ("2026-11-30", WeekStart::Monday),
        ] {
            let month = Month::of(day(text), start);
            let days: Vec<Day> = month.weeks.iter().flatten().flatten().copied().collect();
            let first = month.first;
            let expected: Vec<Day> = (0..i32::from(first.date().days_in_month()))
                .filter_map(|n| first.add_days(n))
                .collect();
            assert_eq!(days, expected, "{text}");
            for week in &month.weeks {
                for (column, place) in week.iter().enumerate() {
                    if let Some(d) = place {
                        let weekday = match start {
                            WeekStart::Sunday => d.date().weekday().to_sunday_zero_offset(),
                            WeekStart::Monday => d.date().weekday().to_monday_zero_offset(),
                        };
                        assert_eq!(usize::try_from(weekday).unwrap(), column, "{d}");
                    }
                }
            }
        }
        // February 2026 starts on a Sunday and has 28 days: four full weeks.
        assert_eq!(
            Month::of(day("2026-02-14"), WeekStart::Sunday).weeks.len(),
            4
        );
        assert_eq!(
            Month::of(day("2026-02-14"), WeekStart::Monday).weeks.len(),
            5
        );
    }

    #[test]
    fn months_step_across_years_and_stop_at_the_ends() {
        let december = Month::of(day("2026-12-31"), WeekStart::Monday);
        assert_eq!(december.next(), Some(day("2027-01-01")));
        assert_eq!(december.previous(), Some(day("2026-11-01")));
        let first = Month::of(day("1900-01-15"), WeekStart::Monday);
        assert_eq!(first.previous(), None);
        let last = Month::of(day("2100-12-15"), WeekStart::Monday);
        assert_eq!(last.next(), None);
    }
}
