//! The search index: built once over the directory, then immutable.
//!
//! Facets (fellowship, approach, attendance, type, language) are sorted
//! lists of meeting numbers, intersected by merging; text is folded once on
//! both sides; each meeting's coming week is worked out once by the
//! schedule module ([`Upcoming`]), in its own zone and placed in the
//! viewer's, so a keystroke needs no time-zone work. Results go into the
//! caller's buffer.
//!
//! Times hold for a week after the index's `now`: rebuild it at least
//! daily (the app rebuilds on start, after each sync and when it is a day
//! old).

use std::collections::HashMap;

use jiff::tz::TimeZone;
use jiff::Timestamp;

use super::fold::{fold, fold_into};
pub use super::query::{DayPeriod, Query, Sort, When, JUST_STARTED_MINUTES};
use crate::fellowship::{Approach, Fellowship};
use crate::meeting::{Attendance, Coordinates, Meeting};
use crate::schedule::occurrence::SOON_MINUTES;
use crate::schedule::upcoming::{Seen, Upcoming};
use crate::schedule::zones::Zones;

const DAY_MINUTES: i64 = 24 * 60;
const WEEK_MINUTES: i64 = 7 * DAY_MINUTES;

struct Entry {
    /// `None` when the meeting's zone was not supplied.
    upcoming: Option<Upcoming>,
    point: Option<Coordinates>,
    name: String,
}

/// An immutable index over a directory.
pub struct SearchIndex {
    entries: Vec<Entry>,
    /// Each meeting's place in the day's order of meetings that start at
    /// the same time (see [`fair_order`]), for the day the index was built.
    fair_rank: Vec<u32>,
    /// Every meeting's folded text, each followed by a newline (which folded
    /// text never holds), searched in one pass.
    text: String,
    /// Where each meeting's text starts in `text`.
    text_starts: Vec<usize>,
    fellowship: HashMap<Fellowship, Vec<u32>>,
    approach: HashMap<Approach, Vec<u32>>,
    /// Hybrid meetings are listed under all three ways of attending.
    attendance: HashMap<Attendance, Vec<u32>>,
    types: HashMap<String, Vec<u32>>,
    languages: HashMap<String, Vec<u32>>,
    built: Timestamp,
}

/// Where a meeting stands at a moment: its occurrence as the viewer sees
/// it, and how far that is from now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Standing {
    seen: Seen,
    /// Minutes since it started (negative before the start).
    since_start: i64,
    in_progress: bool,
}

impl Standing {
    fn of(upcoming: &Upcoming, now: Timestamp) -> Option<Standing> {
        let seen = upcoming.at(now)?;
        let since_start = (now.as_second() - seen.occurrence.start.as_second()).div_euclid(60);
        Some(Standing {
            seen,
            since_start,
            in_progress: seen.occurrence.start <= now,
        })
    }

    fn matches(self, when: When) -> bool {
        let starts_soon = !self.in_progress && -self.since_start <= SOON_MINUTES;
        match when {
            When::Now => self.in_progress,
            When::Soon => self.in_progress || starts_soon,
            When::Starting => {
                (self.in_progress && self.since_start < JUST_STARTED_MINUTES) || starts_soon
            }
        }
    }
}

impl SearchIndex {
    /// Indexes `meetings`; result numbers are positions in this slice.
    /// `zones` must hold the meetings' zones, `viewer` is the viewer's zone,
    /// and `now` fixes the week the times are worked out for.
    pub fn build(
        meetings: &[Meeting],
        zones: &Zones,
        viewer: &TimeZone,
        now: Timestamp,
    ) -> SearchIndex {
        let day = fair_day(now);
        let mut fair: Vec<(u64, u32)> = (0..meetings.len())
            .zip(meetings)
            .filter_map(|(n, m)| {
                Some((
                    fair_order(fnv1a(m.id.as_str()), day),
                    u32::try_from(n).ok()?,
                ))
            })
            .collect();
        fair.sort_unstable();
        let mut fair_rank = vec![0u32; meetings.len()];
        for (rank, (_, n)) in fair.into_iter().enumerate() {
            if let (Some(slot), Ok(rank)) = (fair_rank.get_mut(n as usize), u32::try_from(rank)) {
                *slot = rank;
            }
        }
        let mut index = SearchIndex {
            fair_rank,
            entries: Vec::with_capacity(meetings.len()),
            text: String::with_capacity(meetings.len() * 64),
            text_starts: Vec::with_capacity(meetings.len()),
            fellowship: HashMap::new(),
            approach: HashMap::new(),
            attendance: HashMap::new(),
            types: HashMap::new(),
            languages: HashMap::new(),
            built: now,
        };
        // Many meetings share a zone, a day and a time: work each out once.
        let mut weeks: HashMap<(&str, u8, u16, u16), Option<Upcoming>> = HashMap::new();
        for (number, meeting) in meetings.iter().enumerate() {
            let Ok(number) = u32::try_from(number) else {
                break;
            };
            let schedule = &meeting.schedule;
            let key = (
                schedule.zone.as_str(),
                schedule.day.sunday_zero(),
                schedule.start.minutes_since_midnight(),
                schedule.minutes,
            );
            let upcoming = *weeks.entry(key).or_insert_with(|| {
                let zone = zones.get(&schedule.zone)?;
                Upcoming::new(schedule, zone, viewer, now)
            });
            let venue = meeting.in_person.as_ref();
            index.entries.push(Entry {
                upcoming,
                point: venue.and_then(|v| v.coordinates),
                name: fold(&meeting.name),
            });
            index.text_starts.push(index.text.len());
            for part in [
                meeting.name.as_str(),
                venue.map_or("", |v| v.location.as_str()),
                venue.map_or("", |v| v.address.as_str()),
                meeting.group.as_str(),
                meeting.notes.as_str(),
            ]
            .into_iter()
            .chain(meeting.regions.iter().map(String::as_str))
            {
                fold_into(part, &mut index.text);
            }
            index.text.push('\n');
            index
                .fellowship
                .entry(meeting.fellowship)
                .or_default()
                .push(number);
            if let Some(approach) = meeting.approach() {
                index.approach.entry(approach).or_default().push(number);
            }
            let attendance = meeting.attendance();
            for way in [Attendance::InPerson, Attendance::Online, Attendance::Hybrid] {
                if way.includes(attendance) {
                    index.attendance.entry(way).or_default().push(number);
                }
            }
            for code in &meeting.types {
                index.types.entry(code.clone()).or_default().push(number);
            }
            for language in &meeting.languages {
                index
                    .languages
                    .entry(language.clone())
                    .or_default()
                    .push(number);
            }
        }
        index
    }

    /// How many meetings are indexed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the index is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The instant the index's times were worked out from.
    pub fn built_at(&self) -> Timestamp {
        self.built
    }

    /// Meeting `number`'s occurrence in progress at `now` or next, as the
    /// viewer sees it; `None` when its zone is unknown or the index is more
    /// than a week old.
    pub fn seen(&self, number: u32, now: Timestamp) -> Option<Seen> {
        self.entry(number)?.upcoming?.at(now)
    }

    /// Whether meeting `number` answers a "happening now" filter at `now`.
    pub fn matches_when(&self, number: u32, when: When, now: Timestamp) -> bool {
        self.standing(number, now).is_some_and(|s| s.matches(when))
    }

    fn standing(&self, number: u32, now: Timestamp) -> Option<Standing> {
        Standing::of(&self.entry(number)?.upcoming?, now)
    }

    fn entry(&self, number: u32) -> Option<&Entry> {
        usize::try_from(number)
            .ok()
            .and_then(|n| self.entries.get(n))
    }

    /// Finds the meetings that match `query` at `now`, in its order, into
    /// `results` (cleared first).
    pub fn search(&self, query: &Query, now: Timestamp, results: &mut Vec<u32>) {
        self.search_unsorted(query, now, results);
        self.sort(results, query, now);
    }

    /// Finds the meetings that match `query` among `wider`: this index's
    /// results, at the same `now`, for a query that `query`
    /// [narrows](Query::narrows). Only the text is checked again, and the
    /// order is kept, so a keystroke that adds a letter looks at the
    /// meetings that still might match rather than at every meeting.
    pub fn search_within(&self, wider: &[u32], query: &Query, results: &mut Vec<u32>) {
        results.clear();
        let finders: Vec<memchr::memmem::Finder> = query
            .words()
            .iter()
            .map(|word| memchr::memmem::Finder::new(word.as_bytes()).into_owned())
            .collect();
        results.extend(wider.iter().copied().filter(|number| {
            let text = self.text_of(*number).as_bytes();
            finders.iter().all(|finder| finder.find(text).is_some())
        }));
    }

    /// The matching meetings in no particular order.
    fn search_unsorted(&self, query: &Query, now: Timestamp, results: &mut Vec<u32>) {
        results.clear();
        let words = query.words();
        let mut candidates = self.facet_candidates(query);
        // The longest word is the rarest, usually: one pass over all text;
        // the others are then looked for in each candidate's text, with
        // searchers built once rather than per meeting.
        let longest = words
            .iter()
            .enumerate()
            .max_by_key(|(_, w)| w.len())
            .map(|(i, _)| i);
        let others: Vec<memchr::memmem::Finder> = words
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != longest)
            .map(|(_, w)| memchr::memmem::Finder::new(w.as_bytes()))
            .collect();
        if let Some(word) = longest.and_then(|i| words.get(i)) {
            let matching = self.text_matches(word);
            candidates = Some(match candidates {
                Some(list) => intersect(&list, &matching),
                None => matching,
            });
        }
        let near = query.near();
        let timed = !query.days.is_empty() || !query.periods.is_empty() || query.when.is_some();
        let keep = |number: u32| -> bool {
            let Some(entry) = self.entry(number) else {
                return false;
            };
            if timed {
                let Some(standing) = entry.upcoming.and_then(|u| Standing::of(&u, now)) else {
                    return false;
                };
                let seen = standing.seen;
                let day_ok = query.days.is_empty()
                    || query.days.iter().any(|d| d.sunday_zero() == seen.day());
                let period_ok = query.periods.is_empty()
                    || query.periods.iter().any(|p| p.contains(seen.day_minute()));
                let when_ok = query.when.is_none_or(|when| standing.matches(when));
                if !(day_ok && period_ok && when_ok) {
                    return false;
                }
            }
            if let Some((center, radius)) = near {
                match entry.point {
                    Some(point)
                        if within_box(center, point, radius)
                            && distance_km(center, point) <= radius => {}
                    _ => return false,
                }
            }
            others.is_empty() || {
                let text = self.text_of(number).as_bytes();
                others.iter().all(|finder| finder.find(text).is_some())
            }
        };
        match candidates {
            Some(list) => results.extend(list.into_iter().filter(|n| keep(*n))),
            None => results.extend(
                (0..self.entries.len())
                    .filter_map(|n| u32::try_from(n).ok())
                    .filter(|n| keep(*n)),
            ),
        }
    }

    /// The meetings whose text holds `word`, in order. After a match the
    /// search goes on from the next meeting's text: a short word that
    /// matches many times in one meeting costs one match, not each.
    fn text_matches(&self, word: &str) -> Vec<u32> {
        let finder = memchr::memmem::Finder::new(word.as_bytes());
        let text = self.text.as_bytes();
        let mut found: Vec<u32> = Vec::new();
        let mut from = 0;
        while let Some(at) = text.get(from..).and_then(|rest| finder.find(rest)) {
            let at = from + at;
            // The meeting whose text starts at or before the match.
            let number = self
                .text_starts
                .partition_point(|start| *start <= at)
                .saturating_sub(1);
            let Ok(numbered) = u32::try_from(number) else {
                break;
            };
            found.push(numbered);
            match self.text_starts.get(number + 1) {
                Some(next) => from = *next,
                None => break,
            }
        }
        found
    }

    fn text_of(&self, number: u32) -> &str {
        let n = usize::try_from(number).unwrap_or(usize::MAX);
        let start = self.text_starts.get(n).copied().unwrap_or(0);
        let end = self
            .text_starts
            .get(n + 1)
            .copied()
            .unwrap_or(self.text.len());
        self.text.get(start..end).unwrap_or("")
    }

    fn sort(&self, results: &mut [u32], query: &Query, now: Timestamp) {
        match query.sort {
            Sort::NextStart => {
                // The counting sort below keeps the order meetings come in
                // among those that start at the same minute: the day's order.
                self.in_fair_order(results);
                // Keys are minutes, so a counting sort puts 50,000 meetings
                // in order in one pass: those that just started (most
                // recent first), then by the next start from now, wrapping
                // round the week, so a meeting under way for longer comes
                // last, at next week's start; then those without a time.
                let key = |n: &u32| -> usize {
                    let minutes = self.standing(*n, now).map(|s| {
                        if s.in_progress && s.since_start < JUST_STARTED_MINUTES {
                            s.since_start.max(0)
                        } else if s.in_progress {
                            DAY_MINUTES + (WEEK_MINUTES - s.since_start).clamp(0, WEEK_MINUTES)
                        } else {
                            DAY_MINUTES + (-s.since_start).clamp(0, WEEK_MINUTES)
                        }
                    });
                    usize::try_from(minutes.unwrap_or(DAY_MINUTES + WEEK_MINUTES + 1)).unwrap_or(0)
                };
                // Each key once, then two passes over them.
                let keys: Vec<usize> = results.iter().map(key).collect();
                let buckets = usize::try_from(DAY_MINUTES + WEEK_MINUTES + 2).unwrap_or(0);
                let mut counts = vec![0usize; buckets + 1];
                for k in &keys {
                    if let Some(count) = counts.get_mut(k + 1) {
                        *count += 1;
                    }
                }
                for i in 1..counts.len() {
                    let previous = counts.get(i - 1).copied().unwrap_or(0);
                    if let Some(count) = counts.get_mut(i) {
                        *count += previous;
                    }
                }
                let mut sorted = vec![0u32; results.len()];
                for (n, k) in results.iter().zip(&keys) {
                    if let Some(position) = counts.get_mut(*k) {
                        if let Some(slot) = sorted.get_mut(*position) {
                            *slot = *n;
                        }
                        *position += 1;
                    }
                }
                results.copy_from_slice(&sorted);
            }
            Sort::Distance => {
                let center = query.from;
                let mut keyed: Vec<(Option<f64>, u32)> = results
                    .iter()
                    .map(|n| {
                        (
                            center
                                .zip(self.entry(*n).and_then(|e| e.point))
                                .map(|(c, p)| distance_km(c, p)),
                            *n,
                        )
                    })
                    .collect();
                // Nearest first; meetings without a place last.
                keyed.sort_by(|(a, x), (b, y)| match (a, b) {
                    (Some(a), Some(b)) => a.total_cmp(b).then(x.cmp(y)),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => x.cmp(y),
                });
                for (slot, (_, n)) in results.iter_mut().zip(keyed) {
                    *slot = n;
                }
            }
            Sort::Name => results.sort_by_cached_key(|n| {
                (
                    self.entry(*n).map(|e| e.name.clone()).unwrap_or_default(),
                    *n,
                )
            }),
        }
    }

    /// Puts `results` in the order of the day the index was built for (see
    /// [`fair_order`]).
    fn in_fair_order(&self, results: &mut [u32]) {
        let rank = |n: u32| {
            usize::try_from(n)
                .ok()
                .and_then(|n| self.fair_rank.get(n).copied())
        };
        if results.len() * 8 < self.fair_rank.len() {
            results.sort_unstable_by_key(|n| rank(*n));
            return;
        }
        // Most of the directory: one pass over the ranks beats a sort.
        let mut by_rank = vec![u32::MAX; self.fair_rank.len()];
        for n in results.iter() {
            if let Some(slot) = rank(*n).and_then(|r| by_rank.get_mut(r as usize)) {
                *slot = *n;
            }
        }
        let ordered = by_rank.into_iter().filter(|n| *n != u32::MAX);
        for (slot, n) in results.iter_mut().zip(ordered) {
            *slot = n;
        }
    }

    /// The meetings allowed by the facet filters, or `None` when there are none.
    fn facet_candidates(&self, query: &Query) -> Option<Vec<u32>> {
        let mut sets: Vec<Vec<u32>> = [
            any_of(&self.fellowship, &query.fellowships),
            any_of(&self.approach, &query.approaches),
            any_of(&self.attendance, &query.attendance),
            any_of(&self.languages, &query.languages),
        ]
        .into_iter()
        .flatten()
        .collect();
        for code in &query.types {
            sets.push(self.types.get(code).cloned().unwrap_or_default());
        }
        // Smallest first keeps every intersection small.
        sets.sort_by_key(Vec::len);
        let mut sets = sets.into_iter();
        let first = sets.next()?;
        Some(sets.fold(first, |acc, set| intersect(&acc, &set)))
    }
}

/// The meetings with any of `keys` in a facet, or `None` when no key is
/// asked for (the facet does not filter).
fn any_of<K: std::hash::Hash + Eq>(facet: &HashMap<K, Vec<u32>>, keys: &[K]) -> Option<Vec<u32>> {
    (!keys.is_empty()).then(|| {
        keys.iter()
            .filter_map(|key| facet.get(key))
            .fold(Vec::new(), |acc, list| union(&acc, list))
    })
}

fn union(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while let (Some(&x), Some(&y)) = (a.get(i), b.get(j)) {
        if x < y {
            out.push(x);
            i += 1;
        } else if y < x {
            out.push(y);
            j += 1;
        } else {
            out.push(x);
            i += 1;
            j += 1;
        }
    }
    out.extend_from_slice(a.get(i..).unwrap_or(&[]));
    out.extend_from_slice(b.get(j..).unwrap_or(&[]));
    out
}

fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len().min(b.len()));
    let (mut i, mut j) = (0, 0);
    while let (Some(&x), Some(&y)) = (a.get(i), b.get(j)) {
        if x < y {
            i += 1;
        } else if y < x {
            j += 1;
        } else {
            out.push(x);
            i += 1;
            j += 1;
        }
    }
    out
}

/// A cheap test that rules out most far-away points before the exact
/// distance: the point lies in the latitude band of the circle, and (away
/// from the poles) in its longitude band too.
fn within_box(center: Coordinates, point: Coordinates, radius_km: f64) -> bool {
    const KM_PER_DEGREE: f64 = 111.0;
    let lat_span = radius_km / KM_PER_DEGREE + 0.01;
    if (point.latitude() - center.latitude()).abs() > lat_span {
        return false;
    }
    let cos = center.latitude().to_radians().cos();
    if cos < 0.1 {
        return true;
    }
    let lon_span = radius_km / (KM_PER_DEGREE * cos) + 0.01;
    let dlon = (point.longitude() - center.longitude()).abs();
    dlon.min(360.0 - dlon) <= lon_span
}

/// The day (UTC) whose order [`fair_order`] gives.
fn fair_day(now: Timestamp) -> u64 {
    u64::try_from(now.as_second().div_euclid(86_400)).unwrap_or(0)
}

/// Where a meeting goes among those that start at the same time, on `day`.
///
/// Listed by id, the same groups would always come first and the same
/// always last. A shuffle that changes each day, and holds all day (so the
/// list does not jump while someone reads it), gives every group its turn.
/// OIAA's directory does the same.
fn fair_order(id_hash: u64, day: u64) -> u64 {
    // SplitMix64's finaliser: every bit of the day moves every bit out.
    let mut x = id_hash ^ day.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// FNV-1a of a meeting's id: the same on every device and every build.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xCBF2_9CE4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01B3)
    })
}

/// Great-circle distance in kilometres (haversine).
pub fn distance_km(a: Coordinates, b: Coordinates) -> f64 {
    let (lat1, lat2) = (a.latitude().to_radians(), b.latitude().to_radians());
    let dlat = lat2 - lat1;
    let dlon = (b.longitude() - a.longitude()).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

mod counts;
pub use counts::{day_count, OptionCounts};

#[cfg(test)]
mod tests;
