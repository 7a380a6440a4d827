use jiff::tz::TimeZone;

use super::*;
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

fn viewer(zone: &TimeZone) -> Viewer {
    let offset = zone.to_offset(now()).seconds() / 60;
    Viewer {
        now: now(),
        offset_minutes: offset,
    }
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
        let minute = i64::from(time.hour()) * 60 + i64::from(time.minute());
        let in_progress = occurrence.start <= now() && now() < occurrence.end;
        let until = (occurrence.start.as_second() - now().as_second()) / 60;
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
            && (query.attendance.is_empty() || query.attendance.contains(&m.attendance()))
            && (query.days.is_empty() || query.days.contains(&day))
            && query.starts_between.is_none_or(|(from, to)| {
                i64::from(from.minutes_since_midnight()) <= minute
                    && minute <= i64::from(to.minutes_since_midnight())
            })
            && match query.when {
                None => true,
                Some(When::Now) => in_progress,
                Some(When::Soon) => in_progress || (0..=SOON_MINUTES).contains(&until),
            }
            && query.types.iter().all(|t| m.types.contains(t))
            && (query.languages.is_empty()
                || query.languages.iter().any(|l| m.languages.contains(l)))
            && query.near.is_none_or(|(c, r)| {
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
            starts_between: Some((
                LocalTime::new(6, 0).unwrap(),
                LocalTime::new(11, 59).unwrap(),
            )),
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
            types: vec!["O".into(), "BE".into()],
            ..Query::default()
        },
        Query {
            languages: vec!["es".into()],
            ..Query::default()
        },
        Query {
            near: Some((london, 10.0)),
            ..Query::default()
        },
        Query {
            near: Some((london, 10.0)),
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
    let index = SearchIndex::build(&meetings, &zones, now());
    assert_eq!(index.len(), 5_000);
    let mut results = Vec::new();
    for viewer_zone in ["Europe/London", "America/New_York", "Australia/Sydney"] {
        let tz = jiff::tz::db().get(viewer_zone).unwrap();
        for query in queries() {
            index.search(&query, viewer(&tz), &mut results);
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
    let index = SearchIndex::build(&meetings, &zones, now());
    let tz = jiff::tz::db().get("Europe/London").unwrap();
    let mut results = Vec::new();
    let non_empty = queries()
        .iter()
        .filter(|q| {
            index.search(q, viewer(&tz), &mut results);
            !results.is_empty()
        })
        .count();
    assert!(non_empty >= queries().len() - 2, "{non_empty}");
}

#[test]
fn orders_results() {
    let meetings = Synthetic::new(3).meetings(3_000);
    let zones = zones(&meetings);
    let index = SearchIndex::build(&meetings, &zones, now());
    let tz = jiff::tz::db().get("Europe/London").unwrap();
    let mut results = Vec::new();

    index.search(&Query::default(), viewer(&tz), &mut results);
    let starts: Vec<(bool, i64)> = results
        .iter()
        .map(|n| {
            let m = &meetings[*n as usize];
            let o =
                current_or_next(&m.schedule, zones.get(&m.schedule.zone).unwrap(), now()).unwrap();
            let in_progress = o.start <= now();
            (
                !in_progress,
                if in_progress { 0 } else { o.start.as_second() },
            )
        })
        .collect();
    assert!(
        starts.windows(2).all(|w| w[0] <= w[1]),
        "in progress first, then by next start"
    );

    let center = Coordinates::from_degrees(53.8008, -1.5491).unwrap();
    let query = Query {
        near: Some((center, 50.0)),
        sort: Sort::Distance,
        ..Query::default()
    };
    index.search(&query, viewer(&tz), &mut results);
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
        viewer(&tz),
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
    let index = SearchIndex::build(&meetings, &zones, now());
    let tz = jiff::tz::db().get("Europe/Madrid").unwrap();
    let mut results = Vec::new();
    for text in ["reunion", "REUNIÓN esperanza", "esper"] {
        index.search(
            &Query {
                text: text.into(),
                ..Query::default()
            },
            viewer(&tz),
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
