//! The worker over HTTP, against `wrangler dev` with a fresh local D1.

use lantern_core::{ShardSummary, SyncPage};
use lantern_tests::worker::LocalWorker;
use serde_json::{json, Value};

async fn get(worker: &LocalWorker, path: &str) -> (u16, Value) {
    let response = reqwest::get(worker.url(path)).await.expect("request");
    let status = response.status().as_u16();
    (status, response.json().await.expect("JSON body"))
}

async fn page(worker: &LocalWorker, shard: &str, since: &str, limit: u32) -> SyncPage {
    let (status, body) = get(
        worker,
        &format!("/v1/sync?shard={shard}&since={since}&limit={limit}"),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_value(body).expect("a sync page")
}

/// Follows a shard page by page from `since`, as the app does.
async fn follow(
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

fn feed(rows: &[(&str, &str)]) -> Vec<u8> {
    let rows: Vec<Value> = rows
        .iter()
        .map(|(slug, name)| {
            json!({"name": name, "slug": slug, "day": 1, "time": "19:00",
                   "conference_url": format!("https://example.org/{slug}")})
        })
        .collect();
    serde_json::to_vec(&rows).unwrap()
}

#[tokio::test]
async fn serves_health_shards_and_paged_sync() {
    let worker = LocalWorker::start().await;

    let (status, health) = get(&worker, "/v1/health").await;
    assert_eq!((status, &health["status"]), (200, &json!("ok")));
    assert_eq!(health["meetings"], 0);

    let reports = worker.seed_demo().await;
    assert_eq!(reports.len(), 6, "one demo feed per fellowship");
    for report in &reports {
        assert_eq!(report["skipped_rows"], 0, "{report}");
        // Demo join links point at example.org, which is not a known video
        // service: a warning, nothing else.
        for issue in report["issues"].as_array().unwrap() {
            let issue = issue.as_str().unwrap();
            assert!(
                issue.ends_with("(kept)") && issue.contains("example.org"),
                "{issue}"
            );
        }
    }
    let rows: u64 = reports.iter().map(|r| r["rows"].as_u64().unwrap()).sum();
    assert_eq!(rows, 10);

    let (_, shards) = get(&worker, "/v1/shards").await;
    let shards: Vec<ShardSummary> = serde_json::from_value(shards).unwrap();
    let names: Vec<&str> = shards.iter().map(|s| s.shard.as_str()).collect();
    assert_eq!(names, ["gb", "online"]);

    // Paging in twos gives exactly what one big page gives.
    let (pages, _) = follow(&worker, "online", "0", 2).await;
    assert!(pages.len() > 3, "several pages");
    let paged: Vec<String> = pages
        .iter()
        .flat_map(|p| p.upserts.iter().map(|m| m.id.to_string()))
        .collect();
    let whole = page(&worker, "online", "0", 500).await;
    let all: Vec<String> = whole.upserts.iter().map(|m| m.id.to_string()).collect();
    assert_eq!(paged, all);
    assert!(!whole.more);
    assert_eq!(all.len() as u64, shards[1].meetings);
    assert!(
        all.contains(&"demo-aa:hybrid-circle".to_owned()),
        "hybrid meetings are online too"
    );
}

#[tokio::test]
async fn imports_only_changes_and_leaves_tombstones() {
    let worker = LocalWorker::start().await;
    worker
        .import("club", "aa", feed(&[("a", "A"), ("b", "B"), ("c", "C")]))
        .await;
    let (_, cursor) = follow(&worker, "online", "0", 500).await;

    let (_, page_one) = get(&worker, "/v1/sync?shard=online&since=0").await;
    assert_eq!(page_one["upserts"][0]["fellowship"], "aa");
    assert_eq!(page_one["upserts"][0]["languages"], json!(["en"]));

    // The same feed again changes nothing: the cursor stays put.
    worker
        .import("club", "aa", feed(&[("a", "A"), ("b", "B"), ("c", "C")]))
        .await;
    let unchanged = page(&worker, "online", &cursor, 500).await;
    assert_eq!((unchanged.upserts.len(), unchanged.deletes.len()), (0, 0));

    // One renamed, one gone: a client at the old cursor gets exactly that.
    worker
        .import("club", "aa", feed(&[("a", "A"), ("b", "B renamed")]))
        .await;
    let delta = page(&worker, "online", &cursor, 500).await;
    let upserts: Vec<&str> = delta.upserts.iter().map(|m| m.name.as_str()).collect();
    let deletes: Vec<String> = delta.deletes.iter().map(ToString::to_string).collect();
    assert_eq!(upserts, ["B renamed"]);
    assert_eq!(deletes, ["club:c"]);

    // Another source's import leaves this one alone.
    worker.import("other", "na", feed(&[("z", "Z")])).await;
    let (_, health) = get(&worker, "/v1/health").await;
    assert_eq!(health["meetings"], 3);
}

#[tokio::test]
async fn refuses_bad_requests_with_json_errors() {
    let worker = LocalWorker::start().await;
    let cases = [
        ("/v1/sync?shard=Online", 400, "bad_parameter"),
        ("/v1/sync", 400, "bad_parameter"),
        ("/v1/sync?shard=online&since=-1", 400, "bad_parameter"),
        (
            "/v1/sync?shard=online&since=99999999999999999999",
            400,
            "bad_parameter",
        ),
        ("/v1/sync?shard=online&limit=0", 400, "bad_parameter"),
        ("/v1/sync?shard=online&limit=100000", 400, "bad_parameter"),
        ("/v1/nothing-here", 404, "not_found"),
    ];
    for (path, status, code) in cases {
        let (got_status, body) = get(&worker, path).await;
        assert_eq!(
            (got_status, body["error"]["code"].as_str()),
            (status, Some(code)),
            "{path}: {body}"
        );
        assert!(
            body["error"]["message"]
                .as_str()
                .is_some_and(|m| m.len() > 20),
            "{path}: a helpful message"
        );
    }

    let client = reqwest::Client::new();
    let import = worker.url("/v1/admin/import?source=demo&shard=gb");
    for token in [None, Some("wrong"), Some("")] {
        let mut request = client.post(&import).body("[]");
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status().as_u16(), 401, "token {token:?}");
    }

    let unknown_fellowship = client
        .post(worker.url("/v1/admin/import?source=x&shard=gb&fellowship=smart"))
        .bearer_auth(lantern_tests::worker::ADMIN_TOKEN)
        .body("[]")
        .send()
        .await
        .unwrap();
    assert_eq!(unknown_fellowship.status().as_u16(), 400);

    let broken = client
        .post(&import)
        .bearer_auth(lantern_tests::worker::ADMIN_TOKEN)
        .body("<html>not a feed</html>")
        .send()
        .await
        .unwrap();
    assert_eq!(broken.status().as_u16(), 422);
    let body: Value = broken.json().await.unwrap();
    assert_eq!(body["error"]["code"], "feed_rejected");
}
