//! A meeting's coming week, worked out once: its next two occurrences from
//! an instant, and where each falls in the viewer's week.
//!
//! The search index keeps one [`Upcoming`] per meeting so that a keystroke
//! needs no time-zone arithmetic, yet every time it answers with was
//! computed by [`current_or_next`] and [`occurrence_on`] in the meeting's
//! zone and placed in the viewer's week with the viewer's own zone. A
//! daylight-saving change in either zone during the week is therefore
//! honoured; a fixed UTC offset would move meetings by an hour after it.

use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

use super::occurrence::{current_or_next, local_day_and_time, occurrence_on, Occurrence};
use crate::meeting::Schedule;

/// Minutes in a week.
pub const WEEK_MINUTES: u16 = 7 * 24 * 60;

/// The occurrence in progress at an instant (or the next one), and the one
/// a week later, each with its start in the viewer's week.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Upcoming {
    occurrences: [Occurrence; 2],
    /// Minutes from Sunday 00:00 to each start, in the viewer's zone.
    local: [u16; 2],
}

/// One occurrence as the viewer sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Seen {
    /// When it starts and ends.
    pub occurrence: Occurrence,
    /// Minutes from Sunday 00:00 to its start in the viewer's zone
    /// (0 to 10,079).
    pub week_minute: u16,
}

impl Seen {
    /// The minute of the day its start falls on, in the viewer's zone.
    pub fn day_minute(self) -> u16 {
        self.week_minute % (24 * 60)
    }

    /// The day of the week its start falls on, in the viewer's zone
    /// (0 = Sunday).
    pub fn day(self) -> u8 {
        u8::try_from(self.week_minute / (24 * 60)).unwrap_or(0)
    }
}

impl Upcoming {
    /// The meeting's current-or-next occurrence at `from` and the one after,
    /// `zone` being the meeting's zone and `viewer` the viewer's.
    ///
    /// Returns `None` only outside jiff's range of instants.
    pub fn new(
        schedule: &Schedule,
        zone: &TimeZone,
        viewer: &TimeZone,
        from: Timestamp,
    ) -> Option<Upcoming> {
        let first = current_or_next(schedule, zone, from)?;
        // The day the first one is held on, in the meeting's own zone; the
        // second is on that date a week later, worked out afresh so that a
        // daylight-saving change in between moves it as it should.
        let date = first.start.to_zoned(zone.clone()).date();
        let second = occurrence_on(schedule, zone, date.checked_add(7.days()).ok()?)?;
        Some(Upcoming {
            occurrences: [first, second],
            local: [
                week_minute(first.start, viewer),
                week_minute(second.start, viewer),
            ],
        })
    }

    /// The occurrence in progress at `now`, or else the next one, as the
    /// viewer sees it.
    ///
    /// `None` when `now` is past both occurrences: the values were worked
    /// out more than a week before `now` and must be computed again.
    pub fn at(&self, now: Timestamp) -> Option<Seen> {
        self.occurrences
            .iter()
            .zip(self.local)
            .find(|(occurrence, _)| occurrence.end > now)
            .map(|(occurrence, week_minute)| Seen {
                occurrence: *occurrence,
                week_minute,
            })
    }
}

/// Minutes from Sunday 00:00 to `instant`, in `zone`.
pub fn week_minute(instant: Timestamp, zone: &TimeZone) -> u16 {
    let (day, time) = local_day_and_time(instant, zone);
    let minute = u16::from(day.sunday_zero()) * 24 * 60
        + u16::try_from(time.hour()).unwrap_or(0) * 60
        + u16::try_from(time.minute()).unwrap_or(0);
    minute % WEEK_MINUTES
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meeting::{LocalTime, Weekday};

    fn zone(name: &str) -> TimeZone {
        jiff::tz::db().get(name).unwrap()
    }

    fn schedule(day: Weekday, hhmm: &str, zone: &str) -> Schedule {
        Schedule {
            day,
            start: LocalTime::parse(hhmm).unwrap(),
            minutes: 60,
            zone: zone.into(),
        }
    }

    fn at(instant: &str) -> Timestamp {
        instant.parse().unwrap()
    }

    /// Minutes of the week for a weekday and a time.
    fn minute(day: Weekday, hhmm: &str) -> u16 {
        let time = LocalTime::parse(hhmm).unwrap();
        u16::from(day.sunday_zero()) * 1440 + time.minutes_since_midnight()
    }

    #[test]
    fn places_meetings_in_the_viewers_week_across_a_daylight_saving_change() {
        use Weekday::*;
        // Saturday 2026-03-07 in New York (UTC-5). The US changes to UTC-4
        // on Sunday 2026-03-08; London stays on UTC until 2026-03-29.
        let new_york = zone("America/New_York");
        let saturday = at("2026-03-07T17:00:00Z");
        let cases = [
            // A London meeting on Monday 23:30 is Monday 19:30 in New York
            // after the change (18:30 with Saturday's offset).
            (schedule(Monday, "23:30", "Europe/London"), Monday, "19:30"),
            // Tuesday 00:30 UTC is Monday 20:30 in New York after the change.
            (schedule(Tuesday, "00:30", "UTC"), Monday, "20:30"),
            // Monday 04:30 UTC is Monday 00:30 in New York after the change
            // (Sunday 23:30 with Saturday's offset).
            (schedule(Monday, "04:30", "UTC"), Monday, "00:30"),
            // A New York meeting keeps its own wall-clock time.
            (
                schedule(Monday, "19:00", "America/New_York"),
                Monday,
                "19:00",
            ),
            // Before the change, Saturday's offset holds: Saturday 23:00 UTC
            // is 18:00 in New York.
            (schedule(Saturday, "23:00", "UTC"), Saturday, "18:00"),
        ];
        for (schedule, day, hhmm) in cases {
            let meeting_zone = zone(&schedule.zone);
            let upcoming = Upcoming::new(&schedule, &meeting_zone, &new_york, saturday).unwrap();
            let seen = upcoming.at(saturday).unwrap();
            assert_eq!(seen.week_minute, minute(day, hhmm), "{schedule:?}");
            assert_eq!(seen.day(), day.sunday_zero());
        }
    }

    #[test]
    fn moves_to_the_second_occurrence_when_the_first_has_ended() {
        let london = zone("Europe/London");
        // Saturday 2026-03-28 18:00 London, the evening before the UK change.
        let schedule = schedule(Weekday::Saturday, "18:00", "Europe/London");
        let from = at("2026-03-28T12:00:00Z");
        let upcoming = Upcoming::new(&schedule, &london, &london, from).unwrap();
        let first = upcoming.at(from).unwrap();
        assert_eq!(first.occurrence.start, at("2026-03-28T18:00:00Z"));
        // A week later it is still 18:00 in London, now 17:00 UTC.
        let later = upcoming.at(at("2026-03-28T19:30:00Z")).unwrap();
        assert_eq!(later.occurrence.start, at("2026-04-04T17:00:00Z"));
        assert_eq!(later.week_minute, minute(Weekday::Saturday, "18:00"));
        // More than a week on, the values are stale and say so.
        assert_eq!(upcoming.at(at("2026-04-04T18:00:00Z")), None);
    }
}
