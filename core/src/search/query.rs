//! What a person asks the finder for, and how that travels in a link.
//!
//! A [`Query`] is written to and read from URL query pairs, so that search
//! and filters survive a reload, work with the back button and can be
//! shared. Reading is lenient: an unknown key or value (an old link, a
//! hand-edited one, a hostile one) is left out, never an error. The
//! searcher's location never goes into a link: only the distance does.

use super::fold::fold;
use crate::fellowship::{Approach, Fellowship};
use crate::meeting::{Attendance, Coordinates, Weekday};
use crate::names::{LanguageCode, TypeCode};

/// The longest search text kept, in characters.
pub const MAX_TEXT_CHARS: usize = 200;

/// At most this many values of one filter are read from a link.
const MAX_VALUES: usize = 32;

/// What to look for. Empty lists mean "any".
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Query {
    /// Words that must all appear in the name, place, group, notes or regions.
    pub text: String,
    /// Any of these fellowships.
    pub fellowships: Vec<Fellowship>,
    /// Any of these approaches.
    pub approaches: Vec<Approach>,
    /// Any of these ways of attending; a hybrid meeting counts as online and
    /// as in person too (see [`Attendance::includes`]).
    pub attendance: Vec<Attendance>,
    /// Any of these days, in the viewer's zone.
    pub days: Vec<Weekday>,
    /// Starting in any of these parts of the day, in the viewer's zone.
    pub periods: Vec<DayPeriod>,
    /// Happening now or soon.
    pub when: Option<When>,
    /// All of these type codes.
    pub types: Vec<String>,
    /// Any of these languages (ISO 639-1).
    pub languages: Vec<String>,
    /// Within this many kilometres of [`Query::from`] (meetings with a known
    /// place only). Ignored until `from` is known.
    pub within_km: Option<u16>,
    /// Where the person is, when they have shared it: never written to a link.
    pub from: Option<Coordinates>,
    /// The order of the results.
    pub sort: Sort,
}

/// A "happening now" filter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum When {
    /// In progress now.
    Now,
    /// In progress now or starting within the hour.
    Soon,
    /// Started at most [`JUST_STARTED_MINUTES`] ago, or starting within the
    /// hour: the meetings one can still join from the start.
    Starting,
}

/// How long after its start a meeting still counts as "just started".
pub const JUST_STARTED_MINUTES: i64 = 10;

/// Result order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Sort {
    /// Those that started at most [`JUST_STARTED_MINUTES`] ago first, then
    /// by the next start from now, wrapping round the week (a meeting under
    /// way for longer counts from next week's start).
    #[default]
    NextStart,
    /// Nearest first (needs a location; meetings without a place last).
    Distance,
    /// By name.
    Name,
}

/// A part of the day. The parts overlap, so a meeting at 11:30 is both
/// morning and midday: people think of the edges differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DayPeriod {
    /// 04:00 to 12:00.
    Morning,
    /// 11:00 to 17:00.
    Midday,
    /// 16:00 to 21:00.
    Evening,
    /// 20:00 to 05:00, over midnight.
    Night,
}

impl DayPeriod {
    /// Every part of the day, in order.
    pub const ALL: [DayPeriod; 4] = [
        DayPeriod::Morning,
        DayPeriod::Midday,
        DayPeriod::Evening,
        DayPeriod::Night,
    ];

    /// Where it starts and ends, in minutes after midnight (end excluded);
    /// a start after the end wraps round midnight.
    pub fn bounds(self) -> (u16, u16) {
        match self {
            DayPeriod::Morning => (4 * 60, 12 * 60),
            DayPeriod::Midday => (11 * 60, 17 * 60),
            DayPeriod::Evening => (16 * 60, 21 * 60),
            DayPeriod::Night => (20 * 60, 5 * 60),
        }
    }

    /// Whether a start at `minute` after midnight falls in this part.
    ///
    /// ```
    /// use lantern_core::search::query::DayPeriod;
    /// assert!(DayPeriod::Night.contains(23 * 60));
    /// assert!(DayPeriod::Night.contains(60));
    /// assert!(!DayPeriod::Night.contains(12 * 60));
    /// ```
    pub fn contains(self, minute: u16) -> bool {
        let (from, to) = self.bounds();
        if from <= to {
            from <= minute && minute < to
        } else {
            minute >= from || minute < to
        }
    }

    /// The stable key, as in links and translations.
    pub fn key(self) -> &'static str {
        match self {
            DayPeriod::Morning => "morning",
            DayPeriod::Midday => "midday",
            DayPeriod::Evening => "evening",
            DayPeriod::Night => "night",
        }
    }

    /// The part of the day for a key.
    pub fn from_key(key: &str) -> Option<DayPeriod> {
        DayPeriod::ALL.into_iter().find(|p| p.key() == key)
    }
}

impl When {
    /// The stable key, as in links.
    pub fn key(self) -> &'static str {
        match self {
            When::Now => "now",
            When::Soon => "soon",
            When::Starting => "starting",
        }
    }

    /// The filter for a key.
    pub fn from_key(key: &str) -> Option<When> {
        [When::Now, When::Soon, When::Starting]
            .into_iter()
            .find(|w| w.key() == key)
    }
}

impl Sort {
    fn key(self) -> &'static str {
        match self {
            Sort::NextStart => "time",
            Sort::Distance => "distance",
            Sort::Name => "name",
        }
    }

    fn from_key(key: &str) -> Option<Sort> {
        [Sort::NextStart, Sort::Distance, Sort::Name]
            .into_iter()
            .find(|s| s.key() == key)
    }
}

/// The key of a way of attending, as in links.
pub fn attendance_key(attendance: Attendance) -> &'static str {
    match attendance {
        Attendance::InPerson => "in-person",
        Attendance::Online => "online",
        Attendance::Hybrid => "hybrid",
    }
}

fn attendance_from_key(key: &str) -> Option<Attendance> {
    [Attendance::InPerson, Attendance::Online, Attendance::Hybrid]
        .into_iter()
        .find(|a| attendance_key(*a) == key)
}

fn approach_from_key(key: &str) -> Option<Approach> {
    Approach::ALL.into_iter().find(|a| a.key() == key)
}

/// A type code as it may appear in a link.
fn type_code(value: &str) -> Option<String> {
    TypeCode::parse(value).ok().map(String::from)
}

/// A language code as it may appear in a link.
fn language_code(value: &str) -> Option<String> {
    LanguageCode::parse(value).ok().map(String::from)
}

/// Reads a comma-separated list, keeping known values once each, in order.
fn read_list<T: PartialEq>(value: &str, parse: impl Fn(&str) -> Option<T>) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for item in value.split(',').take(MAX_VALUES) {
        if let Some(item) = parse(item.trim()) {
            if !out.contains(&item) {
                out.push(item);
            }
        }
    }
    out
}

fn write_list<T>(
    pairs: &mut Vec<(&'static str, String)>,
    key: &'static str,
    values: &[T],
    name: impl Fn(&T) -> &str,
) {
    if !values.is_empty() {
        let joined: Vec<&str> = values.iter().map(name).collect();
        pairs.push((key, joined.join(",")));
    }
}

impl Query {
    /// Every key a query writes to a link.
    pub const KEYS: [&'static str; 11] = ["q", "f", "a", "at", "d", "p", "w", "t", "l", "km", "s"];

    /// Reads a query from URL query pairs (already percent-decoded).
    /// Unknown keys and values are left out.
    ///
    /// ```
    /// use lantern_core::search::query::{Query, When};
    /// use lantern_core::Fellowship;
    /// let query = Query::from_pairs([("q", "hope"), ("f", "aa,smart-recovery,bogus"), ("w", "soon")]);
    /// assert_eq!(query.text, "hope");
    /// assert_eq!(query.fellowships, [Fellowship::Aa, Fellowship::SmartRecovery]);
    /// assert_eq!(query.when, Some(When::Soon));
    /// assert_eq!(Query::from_pairs([("w", "<script>")]).when, None);
    /// ```
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Query {
        let mut query = Query::default();
        for (key, value) in pairs {
            match key {
                "q" => query.text = value.chars().take(MAX_TEXT_CHARS).collect(),
                "f" => query.fellowships = read_list(value, Fellowship::from_key),
                "a" => query.approaches = read_list(value, approach_from_key),
                "at" => query.attendance = read_list(value, attendance_from_key),
                "d" => query.days = read_list(value, weekday_from_key),
                "p" => query.periods = read_list(value, DayPeriod::from_key),
                "w" => query.when = When::from_key(value),
                "t" => query.types = read_list(value, type_code),
                "l" => query.languages = read_list(value, language_code),
                "km" => query.within_km = value.parse().ok().filter(|km| *km > 0),
                "s" => query.sort = Sort::from_key(value).unwrap_or_default(),
                _ => {}
            }
        }
        query
    }

    /// The query as URL query pairs, leaving out what is not set and never
    /// writing the location.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if !self.text.is_empty() {
            pairs.push(("q", self.text.clone()));
        }
        write_list(&mut pairs, "f", &self.fellowships, |f| f.key());
        write_list(&mut pairs, "a", &self.approaches, |a| a.key());
        write_list(&mut pairs, "at", &self.attendance, |a| attendance_key(*a));
        write_list(&mut pairs, "d", &self.days, |d| d.key());
        write_list(&mut pairs, "p", &self.periods, |p| p.key());
        if let Some(when) = self.when {
            pairs.push(("w", when.key().to_owned()));
        }
        write_list(&mut pairs, "t", &self.types, String::as_str);
        write_list(&mut pairs, "l", &self.languages, String::as_str);
        if let Some(km) = self.within_km {
            pairs.push(("km", km.to_string()));
        }
        if self.sort != Sort::default() {
            pairs.push(("s", self.sort.key().to_owned()));
        }
        pairs
    }

    /// How many filters are set (the text and the order not counted).
    pub fn filter_count(&self) -> usize {
        self.fellowships.len()
            + self.approaches.len()
            + self.attendance.len()
            + self.days.len()
            + self.periods.len()
            + usize::from(self.when.is_some())
            + self.types.len()
            + self.languages.len()
            + usize::from(self.within_km.is_some())
    }

    /// The same text and order with every filter cleared.
    pub fn without_filters(&self) -> Query {
        Query {
            text: self.text.clone(),
            from: self.from,
            sort: if self.sort == Sort::Distance {
                Sort::default()
            } else {
                self.sort
            },
            ..Query::default()
        }
    }

    /// The distance filter, when both a distance and a location are known.
    pub fn near(&self) -> Option<(Coordinates, f64)> {
        Some((self.from?, f64::from(self.within_km?)))
    }

    /// The text's words, folded as the index folds meeting text; a meeting
    /// matches when its text holds every one.
    pub fn words(&self) -> Vec<String> {
        fold(&self.text)
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// Whether every meeting that matches `self` also matches `wider`:
    /// the same filters and order, and text that only adds to `wider`'s
    /// (each of its words inside one of ours). Typing on narrows; deleting
    /// does not.
    ///
    /// ```
    /// use lantern_core::search::query::Query;
    /// let typed = |text: &str| Query { text: text.into(), ..Query::default() };
    /// assert!(typed("hope st").narrows(&typed("hope s")));
    /// assert!(typed("Hope").narrows(&typed("ho")));
    /// assert!(!typed("hope").narrows(&typed("hope s")));
    /// ```
    pub fn narrows(&self, wider: &Query) -> bool {
        let same_filters = Query {
            text: String::new(),
            ..self.clone()
        } == Query {
            text: String::new(),
            ..wider.clone()
        };
        if !same_filters {
            return false;
        }
        let ours = self.words();
        wider
            .words()
            .iter()
            .all(|word| ours.iter().any(|our| our.contains(word.as_str())))
    }
}

fn weekday_from_key(key: &str) -> Option<Weekday> {
    Weekday::ALL.into_iter().find(|d| d.key() == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrowing_needs_the_same_filters_and_more_text() {
        let query = |text: &str, sort: Sort| Query {
            text: text.into(),
            sort,
            ..Query::default()
        };
        assert!(query("hope step", Sort::NextStart).narrows(&query("step", Sort::NextStart)));
        assert!(query("hopes", Sort::NextStart).narrows(&query("", Sort::NextStart)));
        assert!(!query("step", Sort::NextStart).narrows(&query("hope step", Sort::NextStart)));
        assert!(!query("hope", Sort::Name).narrows(&query("hop", Sort::NextStart)));
        let online = Query {
            attendance: vec![Attendance::Online],
            ..query("hope", Sort::NextStart)
        };
        assert!(!online.narrows(&query("hop", Sort::NextStart)));
        assert!(!query("hop", Sort::NextStart).narrows(&online));
    }

    #[test]
    fn round_trips_through_pairs() {
        let query = Query {
            text: "Hope & step".into(),
            fellowships: vec![Fellowship::Na, Fellowship::RecoveryDharma],
            approaches: vec![Approach::Secular],
            attendance: vec![Attendance::Online, Attendance::Hybrid],
            days: vec![Weekday::Monday, Weekday::Sunday],
            periods: vec![DayPeriod::Night],
            when: Some(When::Soon),
            types: vec!["W".into(), "X-CAM".into()],
            languages: vec!["es".into()],
            within_km: Some(10),
            from: None,
            sort: Sort::Name,
        };
        let pairs = query.to_pairs();
        assert!(pairs.iter().all(|(k, _)| Query::KEYS.contains(k)));
        assert_eq!(pairs.len(), Query::KEYS.len(), "every key written once");
        let read = Query::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(read, query);
        assert_eq!(Query::default().to_pairs(), []);
    }

    #[test]
    fn never_writes_the_location() {
        let query = Query {
            within_km: Some(5),
            from: Coordinates::from_degrees(51.5, -0.1),
            sort: Sort::Distance,
            ..Query::default()
        };
        let written: Vec<String> = query.to_pairs().into_iter().map(|(_, v)| v).collect();
        assert_eq!(written, ["5", "distance"]);
        assert!(query.near().is_some());
        assert_eq!(
            Query {
                from: None,
                ..query
            }
            .near(),
            None
        );
    }

    #[test]
    fn reads_hostile_links_leniently() {
        let long = "x".repeat(10_000);
        let many = vec!["aa"; 10_000].join(",");
        type Check = fn(&Query) -> bool;
        let cases: [(&str, &str, Check); 7] = [
            ("q", &long, |q| q.text.chars().count() == MAX_TEXT_CHARS),
            ("f", &many, |q| q.fellowships == [Fellowship::Aa]),
            ("t", "W,<script>,,X-CAM,W", |q| q.types == ["W", "X-CAM"]),
            ("l", "es,javascript:alert(1)", |q| q.languages == ["es"]),
            ("km", "-5", |q| q.within_km.is_none()),
            ("km", "0", |q| q.within_km.is_none()),
            ("s", "random", |q| q.sort == Sort::NextStart),
        ];
        for (key, value, check) in cases {
            let query = Query::from_pairs([(key, value)]);
            assert!(check(&query), "{key}={value}: {query:?}");
        }
    }

    #[test]
    fn day_periods_overlap_at_their_edges() {
        let table: [(u16, &[DayPeriod]); 8] = [
            (3 * 60 + 59, &[DayPeriod::Night]),
            (4 * 60, &[DayPeriod::Morning, DayPeriod::Night]),
            (5 * 60, &[DayPeriod::Morning]),
            (11 * 60 + 30, &[DayPeriod::Morning, DayPeriod::Midday]),
            (12 * 60, &[DayPeriod::Midday]),
            (16 * 60, &[DayPeriod::Midday, DayPeriod::Evening]),
            (20 * 60 + 30, &[DayPeriod::Evening, DayPeriod::Night]),
            (0, &[DayPeriod::Night]),
        ];
        for (minute, expected) in table {
            let got: Vec<DayPeriod> = DayPeriod::ALL
                .into_iter()
                .filter(|p| p.contains(minute))
                .collect();
            assert_eq!(got, expected, "minute {minute}");
        }
    }

    #[test]
    fn clears_filters_but_keeps_the_text() {
        let query = Query::from_pairs([
            ("q", "hope"),
            ("f", "aa"),
            ("d", "monday"),
            ("s", "distance"),
        ]);
        assert_eq!(query.filter_count(), 2);
        let cleared = query.without_filters();
        assert_eq!(cleared.text, "hope");
        assert_eq!(cleared.filter_count(), 0);
        assert_eq!(cleared.sort, Sort::NextStart);
    }
}
