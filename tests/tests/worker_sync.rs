//! The worker's sync protocol over HTTP, against `wrangler dev` with a fresh
//! local D1: pages, tombstones, cursors, ETags, pruning, rebuilt and restored
//! databases, and the time zones the app asks for.

use lantern_core::{ShardId, ShardSnapshot, ShardSummary};
use lantern_tests::api::{feed, follow, get, numbered_feed, page, snapshot};
use lantern_tests::worker::LocalWorker;
use serde_json::json;

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
async fn a_client_that_pages_while_changes_land_ends_with_the_servers_state() {
    let worker = LocalWorker::start().await;
    worker
        .import("club", "aa", numbered_feed(0..30, "v1"))
        .await;

    let mut client = ShardSnapshot::new(ShardId::online());
    let mut cursor = "0".to_owned();
    let mut round = 0;
    loop {
        let page = page(&worker, "online", &cursor, 4).await;
        cursor = page.cursor.to_string();
        let more = page.more;
        client.apply(page);
        // Between pages the feed changes: renames (moving rows past the
        // client's cursor), removals (tombstones) and additions.
        round += 1;
        if round <= 4 {
            let start = round * 2;
            let label = format!("v{}", round + 1);
            let changed = numbered_feed(start..30 + round * 3, &label);
            let run = worker.import("club", "aa", changed).await;
            assert_eq!(run["status"], "applied", "{run}");
        }
        if !more {
            break;
        }
    }
    // The last import may have landed after the last page: catch up once.
    for page in follow(&worker, "online", &cursor, 4).await.0 {
        client.apply(page);
    }
    let server = snapshot(&worker, "online").await;
    assert_eq!(client.meetings, server.meetings);
    assert_eq!(server.meetings.len(), 30 + 4 * 3 - 8);
    assert!(server.meetings.values().all(|m| m.name.ends_with("v5")));
}

#[tokio::test]
async fn a_fresh_phone_gets_no_deletions_and_old_ones_are_pruned() {
    let worker = LocalWorker::start_for_cron().await;
    // A shard that does not change again: its phones stay up to date.
    let quiet = json!([{"name": "Quiet Hall", "slug": "hall", "day": 2, "time": "19:00",
                        "formatted_address": "1 High St, Leeds"}]);
    worker
        .import("quiet", "aa", serde_json::to_vec(&quiet).unwrap())
        .await;
    let (_, quiet_head) = follow(&worker, "gb", "0", 2000).await;
    worker
        .import("club", "aa", numbered_feed(0..300, "v1"))
        .await;
    let (_, before) = follow(&worker, "online", "0", 2000).await;
    // Most of the feed goes away at once (an admin accepts the loss).
    worker
        .upload("club", numbered_feed(0..20, "v1"), true)
        .await;

    // A phone starting now downloads the 20 meetings and none of the 280
    // deletions; the page is read from the index of listed meetings, so
    // the deletions are not even read.
    let (status, first) = get(&worker, "/v1/sync?shard=online&since=0&limit=2000").await;
    assert_eq!(status, 200);
    assert_eq!(first["upserts"].as_array().unwrap().len(), 20, "{first}");
    assert_eq!(first["deletes"], json!([]));
    assert_eq!(first["more"], false);
    let response = reqwest::get(worker.url("/v1/sync?shard=online&since=0&limit=500"))
        .await
        .unwrap();
    let rows_read: u64 = response.headers()["x-lantern-rows-read"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(rows_read <= 21, "read {rows_read} rows for 20 meetings");
    // A phone that had them is told of every deletion.
    let (pages, _) = follow(&worker, "online", &before.to_string(), 2000).await;
    let deletes: usize = pages.iter().map(|p| p.deletes.len()).sum();
    assert_eq!(deletes, 280);

    // A month later (0 days in the tests) the cron prunes the deletions: a
    // phone from before them starts over; phones after them carry on.
    let (_, shards) = get(&worker, "/v1/shards").await;
    let online = shards
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["shard"] == "online");
    let head = online.unwrap()["cursor"].as_str().unwrap().to_owned();
    worker.run_cron().await;
    let (status, body) = get(&worker, &format!("/v1/sync?shard=online&since={before}")).await;
    assert_eq!(status, 410, "{body}");
    assert_eq!(
        get(&worker, &format!("/v1/sync?shard=online&since={head}"))
            .await
            .0,
        200
    );
    let fresh = snapshot(&worker, "online").await;
    assert_eq!(fresh.meetings.len(), 20);
    // Pruning is about deletions up to each shard's head: the quiet shard's
    // phones are not sent back to the start.
    let (status, body) = get(&worker, &format!("/v1/sync?shard=gb&since={quiet_head}")).await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn pages_revalidate_with_etags_and_arrive_compressed() {
    let worker = LocalWorker::start().await;
    worker
        .import("club", "aa", numbered_feed(0..40, "v1"))
        .await;
    // A client that asks for gzip itself, so the header and the bytes on
    // the wire are visible.
    let raw = reqwest::Client::builder().no_gzip().build().unwrap();
    let url = worker.url("/v1/sync?shard=online&since=0&limit=500");
    let first = raw
        .get(&url)
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(first.status().as_u16(), 200);
    let headers = first.headers().clone();
    assert_eq!(headers["content-encoding"], "gzip");
    assert_eq!(headers["cache-control"], "public, max-age=0, s-maxage=30");
    let etag = headers["etag"].to_str().unwrap().to_owned();
    let wire = first.bytes().await.unwrap().len();
    let plain = reqwest::get(&url)
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap()
        .len();
    assert!(
        wire * 3 < plain,
        "{wire} bytes gzip for {plain} bytes of JSON"
    );

    // The same state again comes from the runtime's cache, whole.
    let again = raw
        .get(&url)
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(headers["x-lantern-cache"], "miss");
    assert_eq!(again.headers()["x-lantern-cache"], "hit");
    assert_eq!(again.headers()["etag"].to_str().unwrap(), etag);
    assert_eq!(again.bytes().await.unwrap().len(), wire);

    let revalidate = || raw.get(&url).header("if-none-match", etag.clone()).send();
    assert_eq!(revalidate().await.unwrap().status().as_u16(), 304);

    worker
        .import("club", "aa", numbered_feed(0..41, "v1"))
        .await;
    let changed = revalidate().await.unwrap();
    assert_eq!(changed.status().as_u16(), 200, "a change gives a new page");
    assert_ne!(changed.headers()["etag"].to_str().unwrap(), etag);
    assert_eq!(changed.headers()["x-lantern-cache"], "miss");

    // A cursor past the shard's newest change means the directory was
    // rebuilt: the client is told to start over.
    let head = follow(&worker, "online", "0", 500).await.1;
    let ahead = lantern_core::Cursor::parse(&head).unwrap();
    let ahead = lantern_core::Cursor::in_epoch(ahead.epoch(), ahead.sequence() + 1000).unwrap();
    let (status, body) = get(&worker, &format!("/v1/sync?shard=online&since={ahead}")).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (410, Some("start_over"))
    );
}

#[tokio::test]
async fn a_restored_database_begins_a_new_epoch_so_phones_miss_nothing() {
    let mut worker = LocalWorker::start().await;
    worker.import("club", "aa", numbered_feed(0..3, "v1")).await;
    let copies = [worker.copy_database().await, worker.copy_database().await];

    // A phone syncs the changes made after the copy: more than a page
    // window (100), so that its cursor is not answered from the start.
    worker
        .import("club", "aa", numbered_feed(0..150, "v2"))
        .await;
    let phone = snapshot(&worker, "online").await;
    let (_, cursor) = follow(&worker, "online", "0", 500).await;

    // Twice the database goes back to the copy, and each time the next
    // import hands out sequence numbers the phone has already passed, and
    // more. The second time the copy is from an epoch the directory has
    // since left, and the phone never synced in between.
    for (copy, label) in copies.iter().zip(["v3", "v4"]) {
        worker.put_database_back(copy).await;
        let run = worker
            .import("club", "aa", numbered_feed(0..200, label))
            .await;
        assert_eq!(run["status"], "applied", "{run}");

        // The phone carries on from its cursor, as the app does: told to
        // start over, it downloads the shard again.
        let (mut phone, mut cursor) = (phone.clone(), cursor.clone());
        let (status, body) = get(&worker, &format!("/v1/sync?shard=online&since={cursor}")).await;
        if status == 410 {
            assert_eq!(body["error"]["code"], "start_over", "{body}");
            phone = ShardSnapshot::new(ShardId::online());
            cursor = "0".to_owned();
        }
        for page in follow(&worker, "online", &cursor, 500).await.0 {
            phone.apply(page);
        }
        let server = snapshot(&worker, "online").await;
        assert_eq!(server.meetings.len(), 200);
        assert!(server.meetings.values().all(|m| m.name.ends_with(label)));
        assert_eq!(
            phone.meetings, server.meetings,
            "{label}: the phone holds what the server holds"
        );
    }
}

#[tokio::test]
async fn a_cursor_from_a_rebuilt_directory_is_told_to_start_over() {
    let mut worker = LocalWorker::start().await;
    worker.import("club", "aa", numbered_feed(0..3, "v1")).await;
    let (_, old_cursor) = follow(&worker, "online", "0", 500).await;
    assert!(
        old_cursor.contains('.'),
        "cursors name their directory: {old_cursor}"
    );

    // The new directory's sequence soon passes the old cursor's number: the
    // epoch in the cursor still tells the two apart.
    worker.rebuild().await;
    worker
        .import("club", "aa", numbered_feed(0..40, "v2"))
        .await;
    let (_, new_cursor) = follow(&worker, "online", "0", 500).await;
    let sequence = |c: &str| lantern_core::Cursor::parse(c).unwrap().sequence();
    assert!(sequence(&new_cursor) > sequence(&old_cursor));
    for stale in [old_cursor.as_str(), "2"] {
        let (status, body) = get(&worker, &format!("/v1/sync?shard=online&since={stale}")).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (410, Some("start_over")),
            "{stale}: {body}"
        );
    }
    let (status, _) = get(
        &worker,
        &format!("/v1/sync?shard=online&since={new_cursor}"),
    )
    .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn serves_the_time_zones_the_app_asks_for() {
    let worker = LocalWorker::start().await;
    let client = reqwest::Client::new();
    let url =
        worker.url("/v1/tz?zones=Europe%2FLondon,America%2FNew_York,Etc%2FGMT%2B5,Not%2FA_Zone");
    let response = client.get(&url).send().await.expect("request");
    assert_eq!(response.status().as_u16(), 200);
    let etag = response.headers()["etag"].to_str().unwrap().to_owned();
    assert!(response.headers()["cache-control"]
        .to_str()
        .unwrap()
        .starts_with("public"));
    let body = response.bytes().await.expect("body");
    let bundle = lantern_core::sync::compact::decode_zones(&body).expect("a zone bundle");
    let names: Vec<&str> = bundle.zones.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["Europe/London", "America/New_York", "Etc/GMT+5"],
        "unknown names are left out"
    );
    let mut zones = lantern_core::schedule::zones::Zones::new();
    for (name, tzif) in &bundle.zones {
        zones.insert_tzif(name, tzif).expect("real TZif data");
    }
    // London is an hour ahead of UTC in July.
    let july: jiff::Timestamp = "2026-07-01T12:00:00Z".parse().unwrap();
    assert_eq!(
        zones
            .get("Europe/London")
            .unwrap()
            .to_offset(july)
            .seconds(),
        3600
    );

    let again = client
        .get(&url)
        .header("if-none-match", &etag)
        .send()
        .await
        .expect("request");
    assert_eq!(again.status().as_u16(), 304);

    let too_many = vec!["UTC"; 601].join(",");
    for bad in [
        "/v1/tz",
        "/v1/tz?zones=",
        &format!("/v1/tz?zones={too_many}"),
    ] {
        let (status, body) = get(&worker, bad).await;
        assert_eq!(status, 400, "{bad}: {body}");
        assert_eq!(body["error"]["code"], "bad_parameter", "{bad}");
    }
}
