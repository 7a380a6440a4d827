//! Start-up with 50,000 saved meetings, in headless Chromium: a benchmark
//! that prints numbers, not a test (ignored in the normal run). Run it in a
//! release build:
//!
//! ```sh
//! cargo test --release -p lantern-app --target wasm32-unknown-unknown \
//!     --test startup_bench -- --include-ignored
//! ```

use lantern_app::db::directory;
use lantern_core::search::index::{Query, SearchIndex, Viewer};
use lantern_core::synthetic::Synthetic;
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
    let database = directory::open().await.unwrap();
    directory::clear(&database).await.unwrap();
    let mut snapshot = ShardSnapshot::new(ShardId::online());
    snapshot.apply(SyncPage {
        cursor: Cursor::from_sequence(1).unwrap(),
        more: false,
        upserts: meetings,
        deletes: vec![],
    });
    let started = now_ms();
    directory::save_snapshot(&database, &snapshot)
        .await
        .unwrap();
    let saved = now_ms();
    database.close();
    drop(snapshot);

    // What start-up does: read and decode the saved directory, build the
    // index, answer the first query.
    let begin = now_ms();
    let loaded = directory::load_meetings().await.unwrap();
    let read = now_ms();
    let index = SearchIndex::build(&loaded, &Default::default(), jiff::Timestamp::UNIX_EPOCH);
    let indexed = now_ms();
    let mut results = Vec::new();
    let viewer = Viewer {
        now: jiff::Timestamp::UNIX_EPOCH,
        offset_minutes: 0,
    };
    index.search(&Query::default(), viewer, &mut results);
    let first = now_ms();
    assert_eq!(results.len(), 50_000);

    console_log!(
        "save 50,000 meetings (one record): {:.0} ms",
        saved - started
    );
    console_log!("read + decode + merge + sort: {:.0} ms", read - begin);
    console_log!("build the search index: {:.0} ms", indexed - read);
    console_log!("first query: {:.1} ms", first - indexed);
    console_log!(
        "start-up to first results: {:.0} ms (budget 300)",
        first - begin
    );
    let database = directory::open().await.unwrap();
    directory::clear(&database).await.unwrap();
}
