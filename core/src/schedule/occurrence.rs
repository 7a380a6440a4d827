//! The one schedule function: from a weekly schedule, a zone and "now" to
//! the instants a meeting starts and ends.
//!
//! Everything that needs a meeting's time (sorting, "in progress", "starts
//! in 12 min", the viewer's local time, calendar files) calls
//! [`current_or_next`]. Times are computed as instants, so converting to the
//! viewer's zone can move a meeting to another weekday without breaking the
//! order (adding a converted hour to the original weekday is what breaks
//! other meeting finders when a conversion crosses midnight).

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};

use crate::meeting::{Schedule, Weekday};

/// One occurrence of a meeting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Occurrence {
    /// When it starts.
    pub start: Timestamp,
    /// When it ends.
    pub end: Timestamp,
}

/// Where an occurrence stands relative to now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Timing {
    /// Started and not yet ended; it ends in this many minutes (at least 1).
    InProgress {
        /// Minutes until it ends, rounded up.
        ends_in_minutes: i64,
    },
    /// Starts within the hour, in this many minutes (0 to 60).
    StartsSoon {
        /// Minutes until it starts, rounded up.
        starts_in_minutes: i64,
    },
    /// Starts later than an hour from now.
    Later,
}

/// The "soon" window: a meeting starting within this many minutes is soon.
pub const SOON_MINUTES: i64 = 60;

/// The occurrence in progress at `now`, or else the next one to start.
///
/// `zone` is the meeting's own zone (its `schedule.zone`, resolved by the
/// caller). The local start is taken on the schedule's weekday in that zone.
/// Where daylight-saving time skips the local start (a gap), the meeting
/// starts at the same offset later (02:30 becomes 03:30); where the local
/// time occurs twice (a fold), the first one counts.
///
/// Returns `None` only for instants outside jiff's supported range
/// (years −9999 to 9999).
///
/// ```
/// use jiff::{Timestamp, tz::TimeZone};
/// use lantern_core::{LocalTime, Schedule, Weekday};
/// use lantern_core::schedule::occurrence::current_or_next;
///
/// let schedule = Schedule { day: Weekday::Monday, start: LocalTime::new(19, 0).unwrap(), minutes: 60, zone: "UTC".into() };
/// // Monday 2026-11-23 18:00 UTC: the meeting is an hour away.
/// let now: Timestamp = "2026-11-23T18:00:00Z".parse().unwrap();
/// let next = current_or_next(&schedule, &TimeZone::UTC, now).unwrap();
/// assert_eq!(next.start.to_string(), "2026-11-23T19:00:00Z");
/// ```
pub fn current_or_next(schedule: &Schedule, zone: &TimeZone, now: Timestamp) -> Option<Occurrence> {
    let today = now.to_zoned(zone.clone()).date();
    let back = days_since(schedule.day, today);
    // The latest occurrence on or before today; it may still be running or
    // may not have started yet. Otherwise the one a week later.
    let latest = today.checked_sub(back.days()).ok()?;
    let occurrence = occurrence_on(schedule, zone, latest)?;
    if occurrence.end > now {
        return Some(occurrence);
    }
    occurrence_on(schedule, zone, latest.checked_add(7.days()).ok()?)
}

/// The occurrence on a given local date in the meeting's zone.
pub fn occurrence_on(schedule: &Schedule, zone: &TimeZone, date: Date) -> Option<Occurrence> {
    let time = Time::new(
        i8::try_from(schedule.start.hour()).ok()?,
        i8::try_from(schedule.start.minute()).ok()?,
        0,
        0,
    )
    .ok()?;
    let start = date
        .to_datetime(time)
        .to_zoned(zone.clone())
        .ok()?
        .timestamp();
    let length = SignedDuration::from_mins(i64::from(schedule.minutes.clamp(1, 24 * 60)));
    let end = start.checked_add(length).ok()?;
    Some(Occurrence { start, end })
}

/// Whether the meeting starts on `date` as a viewer in `viewer` lives it
/// (the meeting's own day may differ across zones).
///
/// ```
/// use jiff::{civil::date, tz::TimeZone};
/// use lantern_core::{meeting::{LocalTime, Schedule}, Weekday};
/// use lantern_core::schedule::occurrence::starts_on;
///
/// // Monday 23:30 in UTC is Tuesday 00:30 one hour east.
/// let schedule = Schedule { day: Weekday::Monday, start: LocalTime::new(23, 30).unwrap(), minutes: 60, zone: "UTC".into() };
/// let east = TimeZone::fixed(jiff::tz::offset(1));
/// assert!(starts_on(&schedule, &TimeZone::UTC, &TimeZone::UTC, date(2026, 11, 23)));
/// assert!(starts_on(&schedule, &TimeZone::UTC, &east, date(2026, 11, 24)));
/// assert!(!starts_on(&schedule, &TimeZone::UTC, &east, date(2026, 11, 23)));
/// ```
pub fn starts_on(schedule: &Schedule, zone: &TimeZone, viewer: &TimeZone, date: Date) -> bool {
    // Offsets run from UTC−12 to UTC+14, so two zones can be more than a
    // day apart: the meeting's date is one of five.
    [-2_i64, -1, 0, 1, 2].into_iter().any(|shift| {
        let Ok(local) = date.checked_add(shift.days()) else {
            return false;
        };
        days_since(schedule.day, local) == 0
            && occurrence_on(schedule, zone, local)
                .is_some_and(|o| o.start.to_zoned(viewer.clone()).date() == date)
    })
}

/// Where `occurrence` stands at `now`.
pub fn timing(occurrence: Occurrence, now: Timestamp) -> Timing {
    if occurrence.start <= now && now < occurrence.end {
        return Timing::InProgress {
            ends_in_minutes: minutes_until(now, occurrence.end).max(1),
        };
    }
    let starts_in = minutes_until(now, occurrence.start);
    if (0..=SOON_MINUTES).contains(&starts_in) && occurrence.start >= now {
        Timing::StartsSoon {
            starts_in_minutes: starts_in,
        }
    } else {
        Timing::Later
    }
}

/// Whole minutes from `from` to `to`, rounded up (a meeting 30 seconds away
/// starts "in 1 minute").
fn minutes_until(from: Timestamp, to: Timestamp) -> i64 {
    let seconds = to.as_second() - from.as_second();
    seconds.div_euclid(60) + i64::from(seconds.rem_euclid(60) != 0)
}

/// Days from the latest `day` on or before `date` to `date` (0 to 6).
fn days_since(day: Weekday, date: Date) -> i64 {
    let today = i64::from(date.weekday().to_sunday_zero_offset());
    (today - i64::from(day.sunday_zero())).rem_euclid(7)
}

/// The weekday and wall-clock time of an instant in a zone: what a viewer in
/// that zone sees.
pub fn local_day_and_time(instant: Timestamp, zone: &TimeZone) -> (Weekday, Time) {
    let zoned = instant.to_zoned(zone.clone());
    let day = Weekday::from_sunday_zero(i64::from(zoned.weekday().to_sunday_zero_offset()))
        .unwrap_or(Weekday::Sunday);
    (day, zoned.time())
}

#[cfg(test)]
mod tests;
