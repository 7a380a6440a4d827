use jiff::tz::TimeZone;
use jiff::Timestamp;

use super::*;
use crate::meeting::LocalTime;

fn zone(name: &str) -> TimeZone {
    jiff::tz::db().get(name).expect("bundled zone")
}

fn schedule(day: Weekday, hhmm: &str, minutes: u16, zone: &str) -> Schedule {
    Schedule {
        day,
        start: LocalTime::parse(hhmm).unwrap(),
        minutes,
        zone: zone.into(),
    }
}

fn at(instant: &str) -> Timestamp {
    instant.parse().unwrap()
}

/// (schedule, now, expected start, expected end), all instants in UTC.
#[test]
fn finds_the_current_or_next_occurrence() {
    use Weekday::*;
    let cases = [
        // 2026-11-23 is a Monday. New York is UTC-5 in November.
        (
            schedule(Monday, "19:00", 60, "America/New_York"),
            "2026-11-23T12:00:00Z",
            "2026-11-24T00:00:00Z",
            "2026-11-24T01:00:00Z",
        ),
        // In progress: started at 00:00Z, now 00:30Z.
        (
            schedule(Monday, "19:00", 60, "America/New_York"),
            "2026-11-24T00:30:00Z",
            "2026-11-24T00:00:00Z",
            "2026-11-24T01:00:00Z",
        ),
        // Just ended: next week.
        (
            schedule(Monday, "19:00", 60, "America/New_York"),
            "2026-11-24T01:00:00Z",
            "2026-12-01T00:00:00Z",
            "2026-12-01T01:00:00Z",
        ),
        // Crosses midnight locally: Saturday 23:30 for an hour, in progress on Sunday 00:15 London.
        (
            schedule(Saturday, "23:30", 60, "Europe/London"),
            "2026-11-29T00:15:00Z",
            "2026-11-28T23:30:00Z",
            "2026-11-29T00:30:00Z",
        ),
        // Sydney (UTC+11 in summer): Saturday 10:00 local is Friday 23:00 UTC.
        (
            schedule(Saturday, "10:00", 60, "Australia/Sydney"),
            "2026-11-27T12:00:00Z",
            "2026-11-27T23:00:00Z",
            "2026-11-28T00:00:00Z",
        ),
        // Same weekday, later today.
        (
            schedule(Sunday, "18:00", 90, "UTC"),
            "2026-11-22T10:00:00Z",
            "2026-11-22T18:00:00Z",
            "2026-11-22T19:30:00Z",
        ),
    ];
    for (schedule, now, start, end) in cases {
        let tz = zone(&schedule.zone);
        let occurrence = current_or_next(&schedule, &tz, at(now)).unwrap();
        assert_eq!(
            (occurrence.start.to_string(), occurrence.end.to_string()),
            (start.to_owned(), end.to_owned()),
            "{schedule:?} at {now}"
        );
    }
}

#[test]
fn follows_daylight_saving_changes() {
    use Weekday::*;
    let cases = [
        // US: DST ends Sunday 2026-11-01. A Monday 19:00 New York meeting is
        // 23:00Z the week before and 00:00Z (next day) the week after.
        (
            schedule(Monday, "19:00", 60, "America/New_York"),
            "2026-10-26T12:00:00Z",
            "2026-10-26T23:00:00Z",
        ),
        (
            schedule(Monday, "19:00", 60, "America/New_York"),
            "2026-11-02T12:00:00Z",
            "2026-11-03T00:00:00Z",
        ),
        // EU: DST ends Sunday 2026-10-25 at 01:00Z.
        (
            schedule(Sunday, "09:00", 60, "Europe/Berlin"),
            "2026-10-18T00:00:00Z",
            "2026-10-18T07:00:00Z",
        ),
        (
            schedule(Sunday, "09:00", 60, "Europe/Berlin"),
            "2026-10-25T00:00:00Z",
            "2026-10-25T08:00:00Z",
        ),
        // Australia: DST starts Sunday 2026-10-04 at 02:00 local (AEST to AEDT).
        (
            schedule(Sunday, "12:00", 60, "Australia/Sydney"),
            "2026-09-26T00:00:00Z",
            "2026-09-27T02:00:00Z",
        ),
        (
            schedule(Sunday, "12:00", 60, "Australia/Sydney"),
            "2026-10-03T00:00:00Z",
            "2026-10-04T01:00:00Z",
        ),
        // A start inside the spring-forward gap (02:30 does not exist on
        // 2026-03-08 in New York) moves later: 03:30 EDT = 07:30Z.
        (
            schedule(Sunday, "02:30", 60, "America/New_York"),
            "2026-03-08T00:00:00Z",
            "2026-03-08T07:30:00Z",
        ),
        // A start in the fall-back fold (01:30 happens twice on 2026-11-01)
        // takes the first: 01:30 EDT = 05:30Z.
        (
            schedule(Sunday, "01:30", 60, "America/New_York"),
            "2026-11-01T00:00:00Z",
            "2026-11-01T05:30:00Z",
        ),
    ];
    for (schedule, now, start) in cases {
        let tz = zone(&schedule.zone);
        let occurrence = current_or_next(&schedule, &tz, at(now)).unwrap();
        assert_eq!(occurrence.start.to_string(), start, "{schedule:?} at {now}");
        assert_eq!(
            occurrence.end.as_second() - occurrence.start.as_second(),
            i64::from(schedule.minutes) * 60,
            "the length is kept across changes"
        );
    }
}

#[test]
fn says_in_progress_soon_or_later() {
    let occurrence = Occurrence {
        start: at("2026-11-23T19:00:00Z"),
        end: at("2026-11-23T20:00:00Z"),
    };
    let cases = [
        ("2026-11-23T17:59:00Z", Timing::Later),
        (
            "2026-11-23T18:00:00Z",
            Timing::StartsSoon {
                starts_in_minutes: 60,
            },
        ),
        (
            "2026-11-23T18:48:00Z",
            Timing::StartsSoon {
                starts_in_minutes: 12,
            },
        ),
        (
            "2026-11-23T18:59:30Z",
            Timing::StartsSoon {
                starts_in_minutes: 1,
            },
        ),
        (
            "2026-11-23T19:00:00Z",
            Timing::InProgress {
                ends_in_minutes: 60,
            },
        ),
        (
            "2026-11-23T19:59:59Z",
            Timing::InProgress { ends_in_minutes: 1 },
        ),
        ("2026-11-23T20:00:00Z", Timing::Later),
    ];
    for (now, expected) in cases {
        assert_eq!(timing(occurrence, at(now)), expected, "at {now}");
    }
}

#[test]
fn converts_to_the_viewers_zone_across_midnight() {
    // Monday 19:00 in New York is Tuesday 00:00 in London and Tuesday 11:00 in Sydney.
    let schedule = schedule(Weekday::Monday, "19:00", 60, "America/New_York");
    let occurrence = current_or_next(
        &schedule,
        &zone("America/New_York"),
        at("2026-11-23T12:00:00Z"),
    )
    .unwrap();
    let (day, time) = local_day_and_time(occurrence.start, &zone("Europe/London"));
    assert_eq!(
        (day, time.to_string()),
        (Weekday::Tuesday, "00:00:00".to_owned())
    );
    let (day, time) = local_day_and_time(occurrence.start, &zone("Australia/Sydney"));
    assert_eq!(
        (day, time.to_string()),
        (Weekday::Tuesday, "11:00:00".to_owned())
    );
}

#[test]
fn sorting_by_instant_keeps_the_week_in_order() {
    // Viewed from Sydney, a Monday 19:00 New York meeting (Tue 11:00 Sydney)
    // comes after a Monday 20:00 Sydney meeting, though 19 < 20 would say
    // otherwise on the original weekday.
    let now = at("2026-11-22T12:00:00Z");
    let new_york = schedule(Weekday::Monday, "19:00", 60, "America/New_York");
    let sydney = schedule(Weekday::Monday, "20:00", 60, "Australia/Sydney");
    let a = current_or_next(&new_york, &zone(&new_york.zone), now).unwrap();
    let b = current_or_next(&sydney, &zone(&sydney.zone), now).unwrap();
    assert!(b.start < a.start);
}

#[test]
fn every_minute_of_a_week_gives_a_running_or_future_occurrence() {
    let tz = zone("Europe/London");
    let schedule = schedule(Weekday::Wednesday, "23:30", 90, "Europe/London");
    let mut now = at("2026-03-25T00:00:00Z");
    let week_later = at("2026-04-01T00:00:00Z");
    while now < week_later {
        let occurrence = current_or_next(&schedule, &tz, now).unwrap();
        assert!(occurrence.end > now, "at {now}");
        assert!(
            occurrence.start.as_second() - now.as_second() <= 7 * 24 * 3600,
            "at {now}"
        );
        now = now
            .checked_add(jiff::SignedDuration::from_mins(17))
            .unwrap();
    }
}
