use jiff::tz::TimeZone;

use super::*;
use crate::meeting::{LocalTime, Weekday};
use crate::schedule::occurrence::{current_or_next, local_day_and_time};
use crate::synthetic::Synthetic;

fn zones(meetings: &[Meeting]) -> Zones {
    let mut zones = Zones::new();
    for meeting in meetings {
        let name = &meeting.schedule.zone;
        if zones.get(name).is_none() {
            zones.insert(name, jiff::tz::db().get(name).unwrap());
        }
    }
    zones
}

fn now() -> Timestamp {
    "2026-11-23T18:10:00Z".parse().unwrap()
}

fn tz(name: &str) -> TimeZone {
    jiff::tz::db().get(name).unwrap()
}

/// The same query answered the slow, obvious way, straight from the model.
fn brute_force(
    meetings: &[Meeting],
    zones: &Zones,
    query: &Query,
    viewer_zone: &TimeZone,
) -> Vec<u32> {
    let words: Vec<String> = fold(&query.text)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    let mut found = Vec::new();
    for (n, m) in meetings.iter().enumerate() {
        let occurrence =
            current_or_next(&m.schedule, zones.get(&m.schedule.zone).unwrap(), now()).unwrap();
        let (day, time) = local_day_and_time(occurrence.start, viewer_zone);
        let minute =
            u16::try_from(time.hour()).unwrap() * 60 + u16::try_from(time.minute()).unwrap();
        let in_progress = occurrence.start <= now() && now() < occurrence.end;
        let since = (now().as_second() - occurrence.start.as_second()).div_euclid(60);
        let soon = !in_progress && -since <= SOON_MINUTES;
        let venue = m.in_person.as_ref();
        let text = fold(
            &[
                m.name.as_str(),
                venue.map_or("", |v| v.location.as_str()),
                venue.map_or("", |v| v.address.as_str()),
                m.group.as_str(),
                m.notes.as_str(),
                &m.regions.join(" "),
            ]
            .join(" "),
        );
        let ok = (query.fellowships.is_empty() || query.fellowships.contains(&m.fellowship))
            && (query.approaches.is_empty()
                || m.approach().is_some_and(|a| query.approaches.contains(&a)))
            && (query.attendance.is_empty()
                || query.attendance.iter().any(|a| a.includes(m.attendance())))
            && (query.days.is_empty() || query.days.contains(&day))
            && (query.periods.is_empty() || query.periods.iter().any(|p| p.contains(minute)))
            && match query.when {
                None => true,
                Some(When::Now) => in_progress,
                Some(When::Soon) => in_progress || soon,
                Some(When::Starting) => (in_progress && since < 10) || soon,
            }
            && query.types.iter().all(|t| m.types.contains(t))
            && (query.languages.is_empty()
                || query.languages.iter().any(|l| m.languages.contains(l)))
            && query.near().is_none_or(|(c, r)| {
                venue
                    .and_then(|v| v.coordinates)
                    .is_some_and(|p| distance_km(c, p) <= r)
            })
            && words.iter().all(|w| text.contains(w.as_str()));
        if ok {
            found.push(u32::try_from(n).unwrap());
        }
    }
    found
}

fn queries() -> Vec<Query> {
    let london = Coordinates::from_degrees(53.8008, -1.5491).unwrap();
    vec![
        Query::default(),
        Query {
            text: "hope".into(),
            ..Query::default()
        },
        Query {
            text: "HOPE step".into(),
            ..Query::default()
        },
        Query {
            text: "leeds".into(),
            attendance: vec![Attendance::InPerson],
            ..Query::default()
        },
        Query {
            fellowships: vec![Fellowship::SmartRecovery, Fellowship::Lifering],
            ..Query::default()
        },
        Query {
            approaches: vec![Approach::Secular, Approach::Buddhist],
            ..Query::default()
        },
        Query {
            attendance: vec![Attendance::Online, Attendance::Hybrid],
            types: vec!["X-CAM".into()],
            ..Query::default()
        },
        Query {
            days: vec![Weekday::Tuesday],
            ..Query::default()
        },
        Query {
            days: vec![Weekday::Saturday, Weekday::Sunday],
            periods: vec![DayPeriod::Morning],
            ..Query::default()
        },
        Query {
            when: Some(When::Now),
            ..Query::default()
        },
        Query {
            when: Some(When::Soon),
            attendance: vec![Attendance::Online],
            ..Query::default()
        },
        Query {
            when: Some(When::Starting),
            ..Query::default()
        },
        Query {
            periods: vec![DayPeriod::Night, DayPeriod::Midday],
            attendance: vec![Attendance::Hybrid],
            ..Query::default()
        },
        Query {
            types: vec!["O".into(), "BE".into()],
            ..Query::default()
        },
        Query {
            languages: vec!["es".into()],
            ..Query::default()
        },
        Query {
            within_km: Some(10),
            from: Some(london),
            ..Query::default()
        },
        Query {
            within_km: Some(10),
            from: Some(london),
            sort: Sort::Distance,
            ..Query::default()
        },
        Query {
            text: "zzz-nothing".into(),
            ..Query::default()
        },
        Query {
            types: vec!["NOPE".into()],
            ..Query::default()
        },
    ]
}

#[test]
fn agrees_with_the_obvious_answer() {
    let meetings = Synthetic::new(11).meetings(5_000);
    let zones = zones(&meetings);
    let mut results = Vec::new();
    for viewer_zone in ["Europe/London", "America/New_York", "Australia/Sydney"] {
        let tz = tz(viewer_zone);
        let index = SearchIndex::build(&meetings, &zones, &tz, now());
        assert_eq!(index.len(), 5_000);
        for query in queries() {
            index.search(&query, now(), &mut results);
            let mut got = results.clone();
            got.sort_unstable();
            let expected = brute_force(&meetings, &zones, &query, &tz);
            assert_eq!(got, expected, "{query:?} seen from {viewer_zone}");
        }
    }
}

#[test]
fn finds_something_for_most_queries() {
    // Guards the test above against passing on empty answers.
    let meetings = Synthetic::new(11).meetings(5_000);
    let zones = zones(&meetings);
    let index = SearchIndex::build(&meetings, &zones, &tz("Europe/London"), now());
    let mut results = Vec::new();
    let non_empty = queries()
        .iter()
        .filter(|q| {
            index.search(q, now(), &mut results);
            !results.is_empty()
        })
        .count();
    assert!(non_empty >= queries().len() - 2, "{non_empty}");
}

#[test]
fn orders_results() {
    let meetings = Synthetic::new(3).meetings(3_000);
    let zones = zones(&meetings);
    let index = SearchIndex::build(&meetings, &zones, &tz("Europe/London"), now());
    let mut results = Vec::new();

    index.search(&Query::default(), now(), &mut results);
    let starts: Vec<(bool, i64)> = results
        .iter()
        .map(|n| {
            let m = &meetings[*n as usize];
            let o =
                current_or_next(&m.schedule, zones.get(&m.schedule.zone).unwrap(), now()).unwrap();
            let since = (now().as_second() - o.start.as_second()) / 60;
            let in_progress = o.start <= now();
            // Just started first (most recent first), then by the next
            // start, next week's for a meeting under way for longer.
            if in_progress && since < 10 {
                (false, -o.start.as_second())
            } else if in_progress {
                (true, o.start.as_second() + 7 * 24 * 3600)
            } else {
                (true, o.start.as_second())
            }
        })
        .collect();
    assert!(
        starts.windows(2).all(|w| w[0] <= w[1]),
        "just started first, then by next start"
    );

    let center = Coordinates::from_degrees(53.8008, -1.5491).unwrap();
    let query = Query {
        within_km: Some(50),
        from: Some(center),
        sort: Sort::Distance,
        ..Query::default()
    };
    index.search(&query, now(), &mut results);
    assert!(!results.is_empty());
    let km: Vec<f64> = results
        .iter()
        .map(|n| {
            distance_km(
                center,
                meetings[*n as usize]
                    .in_person
                    .as_ref()
                    .unwrap()
                    .coordinates
                    .unwrap(),
            )
        })
        .collect();
    assert!(km.windows(2).all(|w| w[0] <= w[1]));

    index.search(
        &Query {
            sort: Sort::Name,
            ..Query::default()
        },
        now(),
        &mut results,
    );
    let names: Vec<String> = results
        .iter()
        .map(|n| fold(&meetings[*n as usize].name))
        .collect();
    assert!(names.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn folds_accents_in_the_directory_and_the_query() {
    let mut meetings = Synthetic::new(5).meetings(10);
    meetings[3].name = "Reunión de Esperanza".into();
    let zones = zones(&meetings);
    let index = SearchIndex::build(&meetings, &zones, &tz("Europe/Madrid"), now());
    let mut results = Vec::new();
    for text in ["reunion", "REUNIÓN esperanza", "esper"] {
        index.search(
            &Query {
                text: text.into(),
                ..Query::default()
            },
            now(),
            &mut results,
        );
        assert_eq!(results, [3], "{text}");
    }
}

#[test]
fn measures_distance() {
    let london = Coordinates::from_degrees(51.5074, -0.1278).unwrap();
    let paris = Coordinates::from_degrees(48.8566, 2.3522).unwrap();
    let km = distance_km(london, paris);
    assert!((km - 343.5).abs() < 2.0, "{km}");
    assert_eq!(distance_km(london, london), 0.0);
}

#[test]
fn a_new_york_viewer_finds_monday_evening_across_the_spring_change() {
    // Saturday 2026-03-07, noon in New York (UTC-5). The US moves to UTC-4
    // on Sunday 2026-03-08; London and UTC do not move that week. With
    // Saturday's offset fixed for the whole week, every one of these
    // would land an hour early.
    let now: Timestamp = "2026-03-07T17:00:00Z".parse().unwrap();
    let mut meetings = Synthetic::new(1).meetings(4);
    let schedules = [
        // Monday 20:30 UTC: 16:30 in New York after the change, evening
        // (15:30 with Saturday's offset, which is not).
        (Weekday::Monday, "20:30", "UTC", true),
        // Monday 21:30 London: Monday 17:30 in New York.
        (Weekday::Monday, "21:30", "Europe/London", true),
        // Monday 16:30 UTC: 12:30 in New York, not evening.
        (Weekday::Monday, "16:30", "UTC", false),
        // Tuesday 01:30 UTC: Monday 21:30 in New York, past evening (16-21);
        // with Saturday's offset it would be 20:30 and wrongly evening.
        (Weekday::Tuesday, "01:30", "UTC", false),
    ];
    for (meeting, (day, start, zone, _)) in meetings.iter_mut().zip(schedules) {
        meeting.schedule.day = day;
        meeting.schedule.start = LocalTime::parse(start).unwrap();
        meeting.schedule.zone = zone.into();
    }
    let zones = zones(&meetings);
    let new_york = tz("America/New_York");
    let index = SearchIndex::build(&meetings, &zones, &new_york, now);
    let query = Query {
        days: vec![Weekday::Monday],
        periods: vec![DayPeriod::Evening],
        ..Query::default()
    };
    let mut results = Vec::new();
    index.search(&query, now, &mut results);
    results.sort_unstable();
    let expected: Vec<u32> = schedules
        .iter()
        .enumerate()
        .filter(|(_, s)| s.3)
        .map(|(n, _)| u32::try_from(n).unwrap())
        .collect();
    assert_eq!(results, expected);
    // And the first one reads 16:30 on Monday in New York.
    let seen = index.seen(0, now).unwrap();
    assert_eq!((seen.day(), seen.day_minute()), (1, 16 * 60 + 30));
}

#[test]
fn meetings_at_the_same_time_take_turns_day_by_day() {
    // Forty meetings at the same time, told apart only by their ids.
    let template = Synthetic::new(5).meetings(1).remove(0);
    let meetings: Vec<Meeting> = (0..40)
        .map(|i| Meeting {
            id: crate::meeting::MeetingId::new("fair", &format!("group-{i:02}")),
            name: format!("Group {i:02}"),
            ..template.clone()
        })
        .collect();
    let zones = zones(&meetings);
    let order_on = |day: i64, meetings: &[Meeting]| -> Vec<String> {
        let now = Timestamp::from_second(now().as_second() + day * 86_400).unwrap();
        let index = SearchIndex::build(meetings, &zones, &tz("Europe/London"), now);
        let mut results = Vec::new();
        index.search(&Query::default(), now, &mut results);
        results
            .iter()
            .map(|n| meetings[*n as usize].id.to_string())
            .collect()
    };
    let today = order_on(0, &meetings);
    assert_eq!(today.len(), 40);
    let by_id: Vec<String> = meetings.iter().map(|m| m.id.to_string()).collect();
    assert_ne!(today, by_id, "not listed by id");
    // The same all day, and whatever order the meetings were stored in.
    let mut reversed = meetings.clone();
    reversed.reverse();
    assert_eq!(order_on(0, &reversed), today);
    let later_today = {
        let now = Timestamp::from_second(now().as_second() + 3_000).unwrap();
        let index = SearchIndex::build(&meetings, &zones, &tz("Europe/London"), now);
        let mut results = Vec::new();
        index.search(&Query::default(), now, &mut results);
        results
            .iter()
            .map(|n| meetings[*n as usize].id.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(later_today, today, "stable through the day");
    // Over a fortnight, many groups are listed first.
    let firsts: std::collections::BTreeSet<String> = (0..14)
        .map(|day| order_on(day, &meetings).remove(0))
        .collect();
    assert!(firsts.len() >= 8, "first on some day: {firsts:?}");
}
