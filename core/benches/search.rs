//! Search over 50,000 synthetic meetings, per query (one keystroke).
//! `cargo bench -p lantern-core --bench search`; results in BENCHMARKS.md.

use criterion::{criterion_group, criterion_main, Criterion};
use jiff::Timestamp;
use lantern_core::meeting::{Attendance, Coordinates};
use lantern_core::schedule::zones::Zones;
use lantern_core::search::index::{DayPeriod, Query, SearchIndex, Sort, When};
use lantern_core::synthetic::Synthetic;
use lantern_core::{Fellowship, Weekday};

fn search(c: &mut Criterion) {
    let meetings = Synthetic::new(42).meetings(50_000);
    let mut zones = Zones::new();
    for meeting in &meetings {
        let name = &meeting.schedule.zone;
        if zones.get(name).is_none() {
            zones.insert(name, jiff::tz::db().get(name).expect("bundled zone"));
        }
    }
    let now: Timestamp = "2026-11-23T18:10:00Z".parse().expect("instant");
    let viewer = jiff::tz::db().get("Europe/London").expect("bundled zone");
    c.bench_function("build index, 50,000 meetings", |b| {
        b.iter(|| SearchIndex::build(&meetings, &zones, &viewer, now))
    });
    let index = SearchIndex::build(&meetings, &zones, &viewer, now);
    let leeds = Coordinates::from_degrees(53.8008, -1.5491).expect("point");
    let queries = [
        ("everything, next start", Query::default()),
        (
            "text 'ho'",
            Query {
                text: "ho".into(),
                ..Query::default()
            },
        ),
        (
            "text 'hope step'",
            Query {
                text: "hope step".into(),
                ..Query::default()
            },
        ),
        (
            "online + camera optional, next start",
            Query {
                attendance: vec![Attendance::Online, Attendance::Hybrid],
                types: vec!["X-CAM".into()],
                ..Query::default()
            },
        ),
        (
            "SMART or LifeRing on Tuesday",
            Query {
                fellowships: vec![Fellowship::SmartRecovery, Fellowship::Lifering],
                days: vec![Weekday::Tuesday],
                ..Query::default()
            },
        ),
        (
            "soon",
            Query {
                when: Some(When::Soon),
                ..Query::default()
            },
        ),
        (
            "evening within 10 km, by distance",
            Query {
                periods: vec![DayPeriod::Evening],
                within_km: Some(10),
                from: Some(leeds),
                sort: Sort::Distance,
                ..Query::default()
            },
        ),
    ];
    let mut results = Vec::with_capacity(50_000);
    for (name, query) in &queries {
        c.bench_function(&format!("search 50,000: {name}"), |b| {
            b.iter(|| index.search(query, now, &mut results))
        });
    }
}

criterion_group!(benches, search);
criterion_main!(benches);
