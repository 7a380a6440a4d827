//! The search index: built once over the directory, then immutable.
//!
//! Facets (fellowship, approach, attendance, type, language) are sorted
//! lists of meeting numbers, intersected by merging; text is folded once on
//! both sides; times are precomputed as minutes of the week in UTC, so a
//! query in the viewer's zone needs no time-zone work per meeting. Results
//! go into the caller's buffer.
//!
//! Times are correct for the week after the index's `now`: rebuild it at
//! least daily (the app rebuilds on start and after each sync), so that a
//! daylight-saving change is picked up.

use std::collections::HashMap;

use jiff::Timestamp;

use super::fold::fold;
use crate::fellowship::{Approach, Fellowship};
use crate::meeting::{Attendance, Coordinates, LocalTime, Meeting, Weekday};
use crate::schedule::occurrence::{current_or_next, SOON_MINUTES};
use crate::schedule::zones::Zones;

const WEEK: i64 = 7 * 24 * 60;

/// What to look for. Empty lists mean "any".
#[derive(Clone, Debug, Default)]
pub struct Query {
    /// Words that must all appear in the name, place, group, notes or regions.
    pub text: String,
    /// Any of these fellowships.
    pub fellowships: Vec<Fellowship>,
    /// Any of these approaches.
    pub approaches: Vec<Approach>,
    /// Any of these ways of attending.
    pub attendance: Vec<Attendance>,
    /// Any of these days, in the viewer's zone.
    pub days: Vec<Weekday>,
    /// Starting between these local times (inclusive), in the viewer's zone.
    pub starts_between: Option<(LocalTime, LocalTime)>,
    /// In progress now, or starting within the hour as well.
    pub when: Option<When>,
    /// All of these type codes.
    pub types: Vec<String>,
    /// Any of these languages (ISO 639-1).
    pub languages: Vec<String>,
    /// Within this many kilometres of a point (meetings with a known place only).
    pub near: Option<(Coordinates, f64)>,
    /// The order of the results.
    pub sort: Sort,
}

/// A "happening now" filter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// In progress now.
    Now,
    /// In progress now or starting within the hour.
    Soon,
}

/// Result order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    /// In progress first, then by the next start.
    #[default]
    NextStart,
    /// Nearest first (needs `near`; meetings without a place last).
    Distance,
    /// By name.
    Name,
}

/// The viewer: now, and the viewer's offset from UTC now.
#[derive(Clone, Copy, Debug)]
pub struct Viewer {
    /// The current instant.
    pub now: Timestamp,
    /// The viewer's UTC offset in minutes (for example −300 in New York in winter).
    pub offset_minutes: i32,
}

struct Entry {
    /// The next start as minutes of the week in UTC (0 = Sunday 00:00 UTC);
    /// `None` when the meeting's zone was not supplied.
    start: Option<i64>,
    minutes: i64,
    point: Option<Coordinates>,
    name: String,
}

/// An immutable index over a directory.
pub struct SearchIndex {
    entries: Vec<Entry>,
    /// Every meeting's folded text, each followed by a newline (which folded
    /// text never holds), searched in one pass.
    text: String,
    /// Where each meeting's text starts in `text`.
    text_starts: Vec<usize>,
    fellowship: HashMap<Fellowship, Vec<u32>>,
    approach: HashMap<Approach, Vec<u32>>,
    attendance: HashMap<Attendance, Vec<u32>>,
    types: HashMap<String, Vec<u32>>,
    languages: HashMap<String, Vec<u32>>,
}

impl SearchIndex {
    /// Indexes `meetings`; result numbers are positions in this slice.
    /// `zones` must hold the meetings' zones; `now` fixes the week the
    /// times are computed for.
    pub fn build(meetings: &[Meeting], zones: &Zones, now: Timestamp) -> SearchIndex {
        let mut index = SearchIndex {
            entries: Vec::with_capacity(meetings.len()),
            text: String::new(),
            text_starts: Vec::with_capacity(meetings.len()),
            fellowship: HashMap::new(),
            approach: HashMap::new(),
            attendance: HashMap::new(),
            types: HashMap::new(),
            languages: HashMap::new(),
        };
        for (number, meeting) in meetings.iter().enumerate() {
            let Ok(number) = u32::try_from(number) else {
                break;
            };
            let start = zones
                .get(&meeting.schedule.zone)
                .and_then(|zone| current_or_next(&meeting.schedule, zone, now))
                .map(|occurrence| week_minute(occurrence.start));
            let venue = meeting.in_person.as_ref();
            index.entries.push(Entry {
                start,
                minutes: i64::from(meeting.schedule.minutes),
                point: venue.and_then(|v| v.coordinates),
                name: fold(&meeting.name),
            });
            index.text_starts.push(index.text.len());
            index.text.push_str(&fold(&meeting.name));
            for part in [
                venue.map_or("", |v| v.location.as_str()),
                venue.map_or("", |v| v.address.as_str()),
                meeting.group.as_str(),
                meeting.notes.as_str(),
            ]
            .into_iter()
            .chain(meeting.regions.iter().map(String::as_str))
            {
                index.text.push(' ');
                index.text.push_str(&fold(part));
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
            index
                .attendance
                .entry(meeting.attendance())
                .or_default()
                .push(number);
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

    /// Finds the meetings that match `query`, in its order, into `results`
    /// (cleared first).
    pub fn search(&self, query: &Query, viewer: Viewer, results: &mut Vec<u32>) {
        results.clear();
        let words: Vec<String> = fold(&query.text)
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
        let mut candidates = self.facet_candidates(query);
        // The longest word is the rarest, usually: one pass over all text.
        if let Some(word) = words.iter().max_by_key(|w| w.len()) {
            let matching = self.text_matches(word);
            candidates = Some(match candidates {
                Some(list) => intersect(&list, &matching),
                None => matching,
            });
        }
        let now = week_minute(viewer.now);
        let offset = i64::from(viewer.offset_minutes);
        let keep = |number: u32| -> bool {
            let Some(entry) = usize::try_from(number)
                .ok()
                .and_then(|n| self.entries.get(n))
            else {
                return false;
            };
            let timed =
                !query.days.is_empty() || query.starts_between.is_some() || query.when.is_some();
            if timed {
                let Some(start) = entry.start else {
                    return false;
                };
                let local = (start + offset).rem_euclid(WEEK);
                let day_ok = query.days.is_empty()
                    || query
                        .days
                        .iter()
                        .any(|d| i64::from(d.sunday_zero()) == local / (24 * 60));
                let time_ok = query.starts_between.is_none_or(|(from, to)| {
                    let minute = local % (24 * 60);
                    i64::from(from.minutes_since_midnight()) <= minute
                        && minute <= i64::from(to.minutes_since_midnight())
                });
                let since_start = (now - start).rem_euclid(WEEK);
                let in_progress = since_start < entry.minutes;
                let until = (start - now).rem_euclid(WEEK);
                let when_ok = match query.when {
                    None => true,
                    Some(When::Now) => in_progress,
                    Some(When::Soon) => in_progress || until <= SOON_MINUTES,
                };
                if !(day_ok && time_ok && when_ok) {
                    return false;
                }
            }
            if let Some((center, radius)) = query.near {
                match entry.point {
                    Some(point)
                        if within_box(center, point, radius)
                            && distance_km(center, point) <= radius => {}
                    _ => return false,
                }
            }
            words.len() < 2 || {
                let text = self.text_of(number);
                words.iter().all(|w| text.contains(w.as_str()))
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
        self.sort(results, query, now);
    }

    /// The meetings whose text holds `word`, in order.
    fn text_matches(&self, word: &str) -> Vec<u32> {
        let mut found: Vec<u32> = Vec::new();
        for at in memchr::memmem::find_iter(self.text.as_bytes(), word.as_bytes()) {
            // The meeting whose text starts at or before the match.
            let number = self
                .text_starts
                .partition_point(|start| *start <= at)
                .saturating_sub(1);
            let Ok(number) = u32::try_from(number) else {
                continue;
            };
            if found.last() != Some(&number) {
                found.push(number);
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

    fn sort(&self, results: &mut [u32], query: &Query, now: i64) {
        let entry = |n: &u32| usize::try_from(*n).ok().and_then(|n| self.entries.get(n));
        match query.sort {
            Sort::NextStart => {
                // Keys are minutes, so a counting sort puts 50,000 meetings
                // in order in one pass: in progress first (earliest start
                // first), then by the next start, then those without a time.
                const IN_PROGRESS: i64 = 24 * 60;
                let key = |n: &u32| -> usize {
                    let minutes = entry(n).and_then(|e| {
                        let start = e.start?;
                        let since = (now - start).rem_euclid(WEEK);
                        Some(if since < e.minutes {
                            (IN_PROGRESS - 1 - since).max(0)
                        } else {
                            IN_PROGRESS + (start - now).rem_euclid(WEEK)
                        })
                    });
                    usize::try_from(minutes.unwrap_or(IN_PROGRESS + WEEK)).unwrap_or(0)
                };
                let buckets = usize::try_from(IN_PROGRESS + WEEK + 1).unwrap_or(0);
                let mut counts = vec![0usize; buckets + 1];
                for n in results.iter() {
                    if let Some(count) = counts.get_mut(key(n) + 1) {
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
                for n in results.iter() {
                    if let Some(position) = counts.get_mut(key(n)) {
                        if let Some(slot) = sorted.get_mut(*position) {
                            *slot = *n;
                        }
                        *position += 1;
                    }
                }
                results.copy_from_slice(&sorted);
            }
            Sort::Distance => {
                let center = query.near.map(|(c, _)| c);
                let mut keyed: Vec<(Option<f64>, u32)> = results
                    .iter()
                    .map(|n| {
                        (
                            center
                                .zip(entry(n).and_then(|e| e.point))
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
            Sort::Name => results
                .sort_by_cached_key(|n| (entry(n).map(|e| e.name.clone()).unwrap_or_default(), *n)),
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

/// Minutes since Sunday 00:00 UTC of the instant's week.
fn week_minute(instant: Timestamp) -> i64 {
    // 1970-01-04 was a Sunday.
    let minutes = instant.as_second().div_euclid(60) - 3 * 24 * 60;
    minutes.rem_euclid(WEEK)
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

/// Great-circle distance in kilometres (haversine).
pub fn distance_km(a: Coordinates, b: Coordinates) -> f64 {
    let (lat1, lat2) = (a.latitude().to_radians(), b.latitude().to_radians());
    let dlat = lat2 - lat1;
    let dlon = (b.longitude() - a.longitude()).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests;
