//! How many meetings each filter option would show: the numbers beside the
//! options of the filter sheet.
//!
//! Types combine with AND, so a type's count is how many of the current
//! results also have it. Every other facet combines with OR within itself,
//! so an option's count is how many meetings match the query with that
//! facet cleared and only this option chosen in it.

use jiff::Timestamp;

use super::{intersect, Query, SearchIndex};
use crate::fellowship::{Approach, Fellowship};
use crate::meeting::{Attendance, Weekday};
use crate::search::query::{DayPeriod, When};

/// The count beside each option.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OptionCounts {
    /// Results of the query as it stands.
    pub total: usize,
    /// Per fellowship, for every fellowship in the directory.
    pub fellowships: Vec<(Fellowship, usize)>,
    /// Per approach.
    pub approaches: Vec<(Approach, usize)>,
    /// Per way of attending (a hybrid meeting counts under all three).
    pub attendance: Vec<(Attendance, usize)>,
    /// Per day, Sunday first, in the viewer's zone.
    pub days: [usize; 7],
    /// Per part of the day, as in [`DayPeriod::ALL`].
    pub periods: [usize; 4],
    /// In progress or starting within the hour.
    pub soon: usize,
    /// Per type code asked about.
    pub types: Vec<(String, usize)>,
    /// Per language in the directory.
    pub languages: Vec<(String, usize)>,
}

impl SearchIndex {
    /// Counts for the filter sheet at `now`, for the type codes in `types`.
    pub fn option_counts(&self, query: &Query, now: Timestamp, types: &[&str]) -> OptionCounts {
        let mut results = Vec::new();
        let mut search_without = |clear: &dyn Fn(&mut Query)| -> Vec<u32> {
            let mut relaxed = query.clone();
            clear(&mut relaxed);
            self.search_unsorted(&relaxed, now, &mut results);
            let mut found = results.clone();
            found.sort_unstable();
            found
        };
        let all = search_without(&|_| {});
        let by_fellowship = search_without(&|q| q.fellowships.clear());
        let by_approach = search_without(&|q| q.approaches.clear());
        let by_attendance = search_without(&|q| q.attendance.clear());
        let by_language = search_without(&|q| q.languages.clear());
        let by_day = search_without(&|q| q.days.clear());
        let by_period = search_without(&|q| q.periods.clear());
        let by_when = search_without(&|q| q.when = None);
        let count = |within: &[u32], list: Option<&Vec<u32>>| {
            list.map_or(0, |list| intersect(within, list).len())
        };
        let mut counts = OptionCounts {
            total: all.len(),
            ..OptionCounts::default()
        };
        counts.fellowships = Fellowship::ALL
            .into_iter()
            .filter(|f| self.fellowship.contains_key(f))
            .map(|f| (f, count(&by_fellowship, self.fellowship.get(&f))))
            .collect();
        counts.approaches = Approach::ALL
            .into_iter()
            .filter(|a| self.approach.contains_key(a))
            .map(|a| (a, count(&by_approach, self.approach.get(&a))))
            .collect();
        counts.attendance = [Attendance::Online, Attendance::InPerson, Attendance::Hybrid]
            .into_iter()
            .map(|a| (a, count(&by_attendance, self.attendance.get(&a))))
            .collect();
        let mut languages: Vec<&String> = self.languages.keys().collect();
        languages.sort();
        counts.languages = languages
            .into_iter()
            .map(|l| (l.clone(), count(&by_language, self.languages.get(l))))
            .collect();
        counts.types = types
            .iter()
            .map(|t| ((*t).to_owned(), count(&all, self.types.get(*t))))
            .collect();
        for standing in by_day.iter().filter_map(|n| self.standing(*n, now)) {
            if let Some(day) = counts.days.get_mut(usize::from(standing.seen.day())) {
                *day += 1;
            }
        }
        for standing in by_period.iter().filter_map(|n| self.standing(*n, now)) {
            for (slot, period) in counts.periods.iter_mut().zip(DayPeriod::ALL) {
                *slot += usize::from(period.contains(standing.seen.day_minute()));
            }
        }
        counts.soon = by_when
            .iter()
            .filter_map(|n| self.standing(*n, now))
            .filter(|s| s.matches(When::Soon))
            .count();
        counts
    }
}

/// The count of a day in [`OptionCounts::days`].
pub fn day_count(counts: &OptionCounts, day: Weekday) -> usize {
    counts
        .days
        .get(usize::from(day.sunday_zero()))
        .copied()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::zones::Zones;
    use crate::synthetic::Synthetic;

    #[test]
    fn each_count_is_what_choosing_that_option_would_show() {
        let meetings = Synthetic::new(9).meetings(3_000);
        let mut zones = Zones::new();
        for m in &meetings {
            let name = &m.schedule.zone;
            if zones.get(name).is_none() {
                zones.insert(name, jiff::tz::db().get(name).unwrap());
            }
        }
        let now: Timestamp = "2026-11-23T18:10:00Z".parse().unwrap();
        let viewer = jiff::tz::db().get("Europe/London").unwrap();
        let index = SearchIndex::build(&meetings, &zones, &viewer, now);
        let query = Query {
            fellowships: vec![Fellowship::Aa],
            days: vec![Weekday::Monday],
            types: vec!["O".into()],
            ..Query::default()
        };
        let counts = index.option_counts(&query, now, &["W", "X-CAM"]);
        let mut results = Vec::new();
        let mut shown = |q: Query| {
            index.search(&q, now, &mut results);
            results.len()
        };
        assert_eq!(counts.total, shown(query.clone()));
        for (fellowship, n) in &counts.fellowships {
            let q = Query {
                fellowships: vec![*fellowship],
                ..query.clone()
            };
            assert_eq!(*n, shown(q), "{fellowship:?}");
        }
        for day in Weekday::ALL {
            let q = Query {
                days: vec![day],
                ..query.clone()
            };
            assert_eq!(day_count(&counts, day), shown(q), "{day:?}");
        }
        for (period, n) in DayPeriod::ALL.into_iter().zip(counts.periods) {
            let q = Query {
                periods: vec![period],
                ..query.clone()
            };
            assert_eq!(n, shown(q), "{period:?}");
        }
        for (code, n) in &counts.types {
            let mut q = query.clone();
            q.types.push(code.clone());
            assert_eq!(*n, shown(q), "{code}");
        }
        for (attendance, n) in &counts.attendance {
            let q = Query {
                attendance: vec![*attendance],
                ..query.clone()
            };
            assert_eq!(*n, shown(q), "{attendance:?}");
        }
        let q = Query {
            when: Some(When::Soon),
            ..query.clone()
        };
        assert_eq!(counts.soon, shown(q));
        assert!(counts.fellowships.iter().filter(|(_, n)| *n > 0).count() > 3);
        assert!(counts.days.iter().all(|n| *n > 0));
    }
}
