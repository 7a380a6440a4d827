//! Helpers the worker's API tests share: requests, sync followed as the
//! app follows it, and small feeds.

use lantern_core::{ShardId, ShardSnapshot, SyncPage};
use serde_json::{json, Value};

use crate::worker::LocalWorker;

/// GETs `path` and gives the status and the JSON answer.
pub async fn get(worker: &LocalWorker, path: &str) -> (u16, Value) {
    let response = reqwest::get(worker.url(path)).await.expect("request");
    let status = response.status().as_u16();
    (status, response.json().await.expect("JSON body"))
}

/// One sync page, which must be answered 200.
pub async fn page(worker: &LocalWorker, shard: &str, since: &str, limit: u32) -> SyncPage {
    let (status, body) = get(
        worker,
        &format!("/v1/sync?shard={shard}&since={since}&limit={limit}"),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_value(body).expect("a sync page")
}

/// Follows a shard page by page from `since`, as the app does.
pub async fn follow(
    worker: &LocalWorker,
    shard: &str,
    since: &str,
    limit: u32,
) -> (Vec<SyncPage>, String) {
    let mut pages = Vec::new();
    let mut cursor = since.to_owned();
    loop {
        let page = page(worker, shard, &cursor, limit).await;
        cursor = page.cursor.to_string();
        let more = page.more;
        pages.push(page);
        if !more {
            return (pages, cursor);
        }
    }
}

/// A Meeting Guide feed of online meetings, one per `(slug, name)`.
pub fn feed(rows: &[(&str, &str)]) -> Vec<u8> {
    let rows: Vec<Value> = rows
        .iter()
        .map(|(slug, name)| {
            json!({"name": name, "slug": slug, "day": 1, "time": "19:00",
                   "conference_url": format!("https://example.org/{slug}")})
        })
        .collect();
    serde_json::to_vec(&rows).unwrap()
}

/// A feed of meetings `m<i>` named `Meeting <i> <label>`.
pub fn numbered_feed(range: std::ops::Range<usize>, label: &str) -> Vec<u8> {
    let names: Vec<(String, String)> = range
        .map(|i| (format!("m{i}"), format!("Meeting {i} {label}")))
        .collect();
    let rows: Vec<(&str, &str)> = names
        .iter()
        .map(|(s, n)| (s.as_str(), n.as_str()))
        .collect();
    feed(&rows)
}

/// The whole shard as a fresh client sees it.
pub async fn snapshot(worker: &LocalWorker, shard: &str) -> ShardSnapshot {
    let mut snapshot = ShardSnapshot::new(ShardId::parse(shard).unwrap());
    let (pages, _) = follow(worker, shard, "0", 2000).await;
    for page in pages {
        snapshot.apply(page);
    }
    snapshot
}
