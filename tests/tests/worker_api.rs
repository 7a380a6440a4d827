//! The worker over HTTP, against `wrangler dev` with a fresh local D1.

use std::time::Duration;

use lantern_core::{ShardId, ShardSnapshot, ShardSummary, SyncPage};
use lantern_tests::feed_server::{FeedServer, Reply};
use lantern_tests::wait_for;
use lantern_tests::worker::{LocalWorker, ADMIN_TOKEN};
use reqwest::Method;
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

/// A feed of `count` online meetings `m0`, `m1`, ... named with `label`.
fn numbered_feed(range: std::ops::Range<usize>, label: &str) -> Vec<u8> {
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
async fn snapshot(worker: &LocalWorker, shard: &str) -> ShardSnapshot {
    let mut snapshot = ShardSnapshot::new(ShardId::parse(shard).unwrap());
    let (pages, _) = follow(worker, shard, "0", 2000).await;
    for page in pages {
        snapshot.apply(page);
    }
    snapshot
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
async fn feed_addresses_and_their_redirects_are_checked_before_fetching() {
    let worker = LocalWorker::start().await;
    let server = FeedServer::start().await;
    // Refused when saved: plain http (beyond this machine, which only the
    // tests may use), an IP number, a port, credentials.
    for (url, said) in [
        ("http://example.org/feed.json", "over https only"),
        ("https://10.0.0.1/feed.json", "IP number"),
        ("https://example.org:8443/feed.json", "port"),
        (
            "https://user:pw@example.org/feed.json",
            "user name or password",
        ),
    ] {
        let settings = serde_json::json!({
            "url": url, "format": "mg", "fellowship": "aa", "shard": "gb",
            "zone": "Europe/London", "language": "en",
        });
        let (status, body) = worker
            .admin(
                Method::PUT,
                "/v1/admin/feeds/club",
                Some(settings.to_string().into_bytes()),
            )
            .await;
        assert_eq!(status, 400, "{url}: {body}");
        assert!(body.to_string().contains(said), "{url}: {body}");
    }

    // A redirect is followed when its target passes the same check.
    server.set("/club.json", Reply::Body(numbered_feed(0..3, "v1")));
    server.set("/moved", Reply::Redirect(server.url("/club.json")));
    worker.add_feed("club", "aa", &server.url("/moved")).await;
    let (_, runs) = worker.admin(Method::POST, "/v1/admin/import", None).await;
    assert_eq!(runs[0]["status"], "applied", "{runs}");
    // Not when it leads to plain http elsewhere, nor after three.
    server.set(
        "/moved",
        Reply::Redirect("http://example.org/feed.json".into()),
    );
    let (_, runs) = worker.admin(Method::POST, "/v1/admin/import", None).await;
    assert_eq!(runs[0]["status"], "failed", "{runs}");
    assert!(
        runs[0]["message"]
            .as_str()
            .unwrap()
            .contains("over https only"),
        "{runs}"
    );
    for (from, to) in [
        ("/moved", "/r1"),
        ("/r1", "/r2"),
        ("/r2", "/r3"),
        ("/r3", "/club.json"),
    ] {
        server.set(from, Reply::Redirect(server.url(to)));
    }
    let (_, runs) = worker.admin(Method::POST, "/v1/admin/import", None).await;
    assert!(
        runs[0]["message"]
            .as_str()
            .unwrap()
            .contains("more than 3 times"),
        "{runs}"
    );
    assert_eq!(
        snapshot(&worker, "online").await.meetings.len(),
        3,
        "the meetings stay"
    );
}

#[tokio::test]
async fn scheduled_runs_import_one_feed_each_and_a_failing_feed_does_not_stop_the_rest() {
    let worker = LocalWorker::start_for_cron().await;
    let server = FeedServer::start().await;
    server.set("/alpha.json", Reply::Body(numbered_feed(0..2, "alpha")));
    server.set("/beta.json", Reply::Status(500));
    server.set("/gamma.json", Reply::Body(numbered_feed(10..13, "gamma")));
    for name in ["alpha", "beta", "gamma"] {
        worker
            .add_feed(name, "aa", &server.url(&format!("/{name}.json")))
            .await;
    }
    // One feed per scheduled invocation, the one whose import began
    // longest ago: three invocations import the three.
    for finished in 1..=3 {
        worker.run_cron().await;
        worker.finished_runs(finished).await;
    }
    let runs = worker.finished_runs(3).await;
    let status = |source: &str| {
        runs.as_array()
            .unwrap()
            .iter()
            .find(|r| r["source"] == source)
            .map(|r| (r["trigger"].clone(), r["status"].clone()))
            .unwrap()
    };
    assert_eq!(status("alpha"), (json!("cron"), json!("applied")), "{runs}");
    assert_eq!(status("beta"), (json!("cron"), json!("failed")), "{runs}");
    assert_eq!(status("gamma"), (json!("cron"), json!("applied")), "{runs}");
    // The feed after the failing one was applied too.
    assert_eq!(snapshot(&worker, "online").await.meetings.len(), 5);
    let (_, feeds) = worker.admin(Method::GET, "/v1/admin/feeds", None).await;
    let beta = feeds
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["source"] == "beta")
        .unwrap();
    assert_eq!(beta["last_status"], "failed", "{beta}");
}

#[tokio::test]
async fn an_import_whose_worker_stops_is_marked_interrupted_and_the_next_feed_still_runs() {
    let mut worker = LocalWorker::start_for_cron().await;
    let server = FeedServer::start().await;
    // alpha goes first (never imported; then by name), and its server holds
    // the download open, so the worker can be stopped in the middle.
    server.set("/alpha.json", Reply::Stall);
    server.set("/beta.json", Reply::Body(numbered_feed(0..2, "beta")));
    for name in ["alpha", "beta"] {
        worker
            .add_feed(name, "aa", &server.url(&format!("/{name}.json")))
            .await;
    }
    let cron = tokio::spawn(reqwest::get(
        worker.url("/cdn-cgi/handler/scheduled?cron=*/10+*+*+*+*"),
    ));
    wait_for("alpha's run to begin", Duration::from_secs(10), || async {
        let (_, runs) = worker.admin(Method::GET, "/v1/admin/runs", None).await;
        (runs[0]["source"] == "alpha" && runs[0]["status"] == "started").then_some(())
    })
    .await;
    // Stopped as an isolate out of memory stops: nothing after this runs.
    worker.restart().await;
    cron.abort();
    let (_, runs) = worker.admin(Method::GET, "/v1/admin/runs", None).await;
    assert_eq!(
        runs[0]["status"], "started",
        "the begun run is on record: {runs}"
    );

    worker.run_cron().await;
    let runs = worker.finished_runs(2).await;
    let run = |source: &str| {
        runs.as_array()
            .unwrap()
            .iter()
            .find(|r| r["source"] == source)
            .cloned()
            .unwrap()
    };
    let alpha = run("alpha");
    assert_eq!(alpha["status"], "interrupted", "{runs}");
    assert!(
        alpha["message"]
            .as_str()
            .unwrap()
            .contains("stopped before it finished"),
        "{alpha}"
    );
    // The next invocation took the other feed rather than alpha again.
    assert_eq!(run("beta")["status"], "applied", "{runs}");
    let (_, feeds) = worker.admin(Method::GET, "/v1/admin/feeds", None).await;
    assert_eq!(
        feeds[0]["source"], "alpha",
        "feeds are listed by name: {feeds}"
    );
    assert_eq!(feeds[0]["last_status"], "interrupted", "{feeds}");
}

#[tokio::test]
async fn scheduled_imports_fetch_feeds_and_a_failing_feed_keeps_its_meetings() {
    let worker = LocalWorker::start_for_cron().await;
    let server = FeedServer::start().await;
    server.set("/club.json", Reply::Body(numbered_feed(0..6, "v1")));
    server.set("/another.json", Reply::Body(numbered_feed(0..2, "another")));
    worker
        .add_feed("club", "aa", &server.url("/club.json"))
        .await;
    // Feeds run in order of name, so had this disabled one been imported,
    // its run would show before club's.
    worker
        .add_feed("another", "na", &server.url("/another.json"))
        .await;
    let (status, _) = worker
        .admin(Method::POST, "/v1/admin/feeds/another/disable", None)
        .await;
    assert_eq!(status, 200);

    // The cron trigger, as Cloudflare fires it.
    worker.run_cron().await;
    let runs = worker.finished_runs(1).await;
    assert_eq!(
        runs.as_array().unwrap().len(),
        1,
        "the disabled feed is skipped: {runs}"
    );
    assert_eq!(
        (runs[0]["trigger"].as_str(), runs[0]["status"].as_str()),
        (Some("cron"), Some("applied"))
    );
    assert_eq!(snapshot(&worker, "online").await.meetings.len(), 6);

    // Every way a feed can fail leaves its meetings listed and says why.
    let failures = [
        (Reply::Status(500), "HTTP 500"),
        (
            Reply::Body(b"<html>We moved!</html>".to_vec()),
            "could not be read",
        ),
        (Reply::Stall, "did not arrive within 3 seconds"),
    ];
    for (reply, reason) in failures {
        server.set("/club.json", reply);
        let (status, runs) = worker.admin(Method::POST, "/v1/admin/import", None).await;
        assert_eq!(status, 200, "{runs}");
        let run = &runs[0];
        assert_eq!(run["status"], "failed", "{run}");
        let message = run["message"].as_str().unwrap();
        assert!(
            message.contains(reason) && message.contains("left as they were"),
            "{message}"
        );
        assert_eq!(snapshot(&worker, "online").await.meetings.len(), 6);
    }
    let (_, feeds) = worker.admin(Method::GET, "/v1/admin/feeds", None).await;
    assert_eq!(
        (feeds[0]["source"].as_str(), feeds[0]["enabled"].as_bool()),
        (Some("another"), Some(false))
    );
    assert_eq!(feeds[0]["last_status"], "never");
    assert_eq!(
        (
            feeds[1]["source"].as_str(),
            feeds[1]["last_status"].as_str()
        ),
        (Some("club"), Some("failed"))
    );

    // A named feed runs alone; a disabled one is refused until enabled.
    server.set("/club.json", Reply::Body(numbered_feed(0..7, "v2")));
    let (status, runs) = worker
        .admin(Method::POST, "/v1/admin/import?source=club", None)
        .await;
    assert_eq!(
        (status, runs[0]["status"].as_str()),
        (200, Some("applied")),
        "{runs}"
    );
    let (status, body) = worker
        .admin(Method::POST, "/v1/admin/import?source=another", None)
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("conflict"))
    );

    // Every run is kept, with its report.
    let (_, runs) = worker
        .admin(Method::GET, "/v1/admin/runs?source=club", None)
        .await;
    assert_eq!(runs.as_array().unwrap().len(), 5);
    let id = runs[0]["id"].as_u64().unwrap();
    let (status, run) = worker
        .admin(Method::GET, &format!("/v1/admin/runs/{id}"), None)
        .await;
    assert_eq!(status, 200);
    assert!(run["issues"].is_array(), "{run}");
}

#[tokio::test]
async fn a_feed_that_loses_more_than_half_its_meetings_is_held_for_review() {
    let worker = LocalWorker::start().await;
    worker
        .import("club", "aa", numbered_feed(0..10, "v1"))
        .await;
    let held = worker.import("club", "aa", numbered_feed(0..4, "v1")).await;
    assert_eq!(held["status"], "held", "{held}");
    assert!(held["message"]
        .as_str()
        .unwrap()
        .contains("remove 6 of its 10"));
    assert_eq!(snapshot(&worker, "online").await.meetings.len(), 10);
    let (_, feeds) = worker.admin(Method::GET, "/v1/admin/feeds", None).await;
    assert_eq!(feeds[0]["last_status"], "held");

    // Once a person has looked, the loss is applied.
    let accepted = worker.upload("club", numbered_feed(0..4, "v1"), true).await;
    assert_eq!(accepted["status"], "applied", "{accepted}");
    assert_eq!(accepted["tombstones"], 6);
    let online = snapshot(&worker, "online").await;
    assert_eq!(online.meetings.len(), 4);
    // The totals phones and health checks read follow every applied import.
    let (_, shards) = get(&worker, "/v1/shards").await;
    assert_eq!(shards[0]["meetings"], 4, "{shards}");
    assert_eq!(shards[0]["cursor"], json!(online.cursor.to_string()));
    let (_, health) = get(&worker, "/v1/health").await;
    assert_eq!(health["meetings"], 4);
}

#[tokio::test]
async fn hostile_strings_come_back_as_plain_data() {
    let worker = LocalWorker::start().await;
    let hostile = [
        ("quote", "Robert'); DROP TABLE meetings; --"),
        ("markup", "<img src=x onerror=alert(1)>Hope <b>group</b>"),
        // A real NUL (not the six characters of its escape) after JSON.
        ("json", "{\"upserts\": []}\u{0} "),
        ("bidi", "Serenity \u{202e}puorg"),
        ("emoji", "Sunrise 🌅 ünïcödé"),
    ];
    let rows: Vec<Value> = hostile
        .iter()
        .map(|(slug, name)| {
            json!({"name": name, "slug": slug, "day": 2, "time": "08:00",
                   "notes": format!("<script>alert('{slug}')</script>notes"),
                   "conference_url": "https://zoom.us/j/123"})
        })
        .collect();
    let run = worker
        .import("club", "aa", serde_json::to_vec(&rows).unwrap())
        .await;
    assert_eq!(run["imported"], 5, "{run}");
    let online = snapshot(&worker, "online").await;
    let name = |slug: &str| {
        online
            .meetings
            .values()
            .find(|m| m.id.as_str().ends_with(slug))
            .map(|m| (m.name.clone(), m.notes.clone()))
            .unwrap()
    };
    assert_eq!(name("quote").0, "Robert'); DROP TABLE meetings; --");
    assert_eq!(name("emoji").0, "Sunrise 🌅 ünïcödé");
    // JSON stays text, without the NUL (control characters are dropped).
    assert_eq!(name("json").0, "{\"upserts\": []}");
    // A bidi override cannot turn a name around: it is dropped.
    assert_eq!(name("bidi").0, "Serenity puorg");
    let (markup, notes) = name("markup");
    assert!(
        !markup.contains('<') && markup.contains("Hope group"),
        "{markup}"
    );
    assert!(!notes.contains("<script>"), "{notes}");
    let (_, health) = get(&worker, "/v1/health").await;
    assert_eq!(health["meetings"], 5, "the table is still there");

    // The same strings are safe in the re-exported feed, and in reports.
    let exported = reqwest::get(worker.url("/v1/feeds/meeting-guide/online.json"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let exported: Vec<Value> = serde_json::from_str(&exported).unwrap();
    assert!(exported
        .iter()
        .any(|row| row["name"] == "Robert'); DROP TABLE meetings; --"));
}

#[tokio::test]
async fn each_shard_is_served_as_a_meeting_guide_feed() {
    let worker = LocalWorker::start().await;
    worker.seed_demo().await;
    let url = worker.url("/v1/feeds/meeting-guide/gb.json");
    let response = reqwest::get(&url).await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    let etag = response.headers()["etag"].to_str().unwrap().to_owned();
    let body = response.bytes().await.unwrap();

    // What Lantern exports, Lantern (and any Meeting Guide reader) imports
    // again without a single problem.
    let options = lantern_core::ImportOptions {
        source: "reimport".to_owned(),
        ..Default::default()
    };
    let again = lantern_core::feed::mg::import(&body, &options).unwrap();
    // Demo join links are on example.org, not a known video service: a
    // warning, and the only kind of problem allowed.
    assert!(
        again
            .issues
            .iter()
            .all(|i| i.severity == lantern_core::feed::Severity::Warning),
        "{:?}",
        again.issues
    );
    let (_, shards) = get(&worker, "/v1/shards").await;
    let gb = shards
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["shard"] == "gb")
        .unwrap();
    assert_eq!(
        again.meetings.len() as u64,
        gb["meetings"].as_u64().unwrap()
    );

    let cached = reqwest::Client::new()
        .get(&url)
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(cached.status().as_u16(), 304);
    for (path, status) in [
        ("/v1/feeds/meeting-guide/nowhere.json", 404),
        ("/v1/feeds/meeting-guide/gb.xml", 404),
        ("/v1/feeds/meeting-guide/GB.json", 400),
    ] {
        let (got, body) = get(&worker, path).await;
        assert_eq!(got, status, "{path}: {body}");
    }
}

#[tokio::test]
async fn a_shard_larger_than_a_page_is_exported_whole_and_then_from_the_cache() {
    let worker = LocalWorker::start().await;
    // 2,500 meetings: three pages of D1 reads.
    let run = worker
        .import("club", "aa", numbered_feed(0..2500, "v1"))
        .await;
    assert_eq!(run["status"], "applied", "{run}");
    let url = worker.url("/v1/feeds/meeting-guide/online.json");
    let mut bodies = Vec::new();
    for cache in ["miss", "hit"] {
        let response = reqwest::get(&url).await.unwrap();
        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(response.headers()["x-lantern-cache"], cache);
        assert_eq!(
            response.headers()["content-type"],
            "application/json; charset=utf-8"
        );
        bodies.push(response.bytes().await.unwrap());
    }
    assert_eq!(bodies[0], bodies[1], "the cache gives the same feed");
    let rows: Vec<Value> = serde_json::from_slice(&bodies[0]).unwrap();
    let mut slugs: Vec<&str> = rows.iter().map(|r| r["slug"].as_str().unwrap()).collect();
    assert_eq!(slugs.len(), 2500, "every meeting, once");
    slugs.dedup();
    assert_eq!(slugs.len(), 2500, "none twice");
}

#[tokio::test]
async fn every_exported_meeting_has_a_place_the_readers_of_the_format_need() {
    let worker = LocalWorker::start().await;
    worker.seed_demo().await;
    let settings = json!({"format": "mg", "fellowship": "aa", "shard": "gb",
                          "zone": "Europe/London", "area": "Leeds, UK"});
    let (status, body) = worker
        .admin(
            Method::PUT,
            "/v1/admin/feeds/leeds",
            Some(settings.to_string().into_bytes()),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let rows = json!([
        {"name": "Placed by its regions", "slug": "regions", "day": 2, "time": "08:00",
         "regions": ["West Yorkshire", "Headingley"], "conference_url": "https://zoom.us/j/1"},
        {"name": "Placed by nothing", "slug": "nothing", "day": 3, "time": "08:00",
         "conference_url": "https://zoom.us/j/2"},
    ]);
    worker
        .upload("leeds", serde_json::to_vec(&rows).unwrap(), false)
        .await;
    for shard in ["online", "gb"] {
        let url = worker.url(&format!("/v1/feeds/meeting-guide/{shard}.json"));
        let exported: Vec<Value> = reqwest::get(url).await.unwrap().json().await.unwrap();
        assert!(!exported.is_empty());
        // TSML UI drops a meeting without an address, online ones included.
        for row in &exported {
            let address = row["formatted_address"].as_str().unwrap_or_default();
            assert!(!address.is_empty(), "{shard}: {row}");
            assert!(
                row["approximate"] == "yes" || row["approximate"] == "no",
                "{row}"
            );
        }
        if shard == "online" {
            let place = |slug: &str| {
                let row = exported.iter().find(|r| r["slug"] == slug).unwrap();
                (row["formatted_address"].clone(), row["approximate"].clone())
            };
            assert_eq!(
                place("regions"),
                (json!("Headingley, West Yorkshire"), json!("yes"))
            );
            assert_eq!(place("nothing"), (json!("Leeds, UK"), json!("yes")));
        }
    }
}

/// Posts a report, from a page at `origin` if given.
async fn report(worker: &LocalWorker, body: &str, origin: Option<&str>) -> reqwest::Response {
    let mut request = reqwest::Client::new()
        .post(worker.url("/v1/reports"))
        .header("content-type", "application/json")
        .body(body.to_owned());
    if let Some(origin) = origin {
        request = request.header("origin", origin);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn reports_are_checked_limited_and_resolved_by_an_admin() {
    let worker = LocalWorker::start().await;
    worker.import("club", "aa", numbered_feed(0..2, "v1")).await;
    let own_origin = worker.url("");

    let sent = report(
        &worker,
        r#"{"meeting_id":"club:m0","kind":"broken_link","details":"Link <script>alert(1)</script>dead since May"}"#,
        Some(&own_origin),
    )
    .await;
    assert_eq!(sent.status().as_u16(), 202);
    assert_eq!(
        sent.headers()["access-control-allow-origin"],
        own_origin.as_str()
    );

    let refused = [
        (
            r#"{"meeting_id":"club:m0","kind":"closed"}"#,
            Some("https://elsewhere.example"),
            403,
            "origin_not_allowed",
        ),
        (
            r#"{"meeting_id":"club:nope","kind":"closed"}"#,
            None,
            404,
            "not_found",
        ),
        (
            r#"{"meeting_id":"club:m0","kind":"spam"}"#,
            None,
            400,
            "bad_body",
        ),
        (
            r#"{"meeting_id":"club:m0","kind":"other","email":"me@example.org"}"#,
            None,
            400,
            "bad_body",
        ),
    ];
    for (body, origin, status, code) in refused {
        let response = report(&worker, body, origin).await;
        assert_eq!(response.status().as_u16(), status, "{body}");
        let answer: Value = response.json().await.unwrap();
        assert_eq!(answer["error"]["code"], code, "{body}");
    }
    let long = format!(
        r#"{{"meeting_id":"club:m0","kind":"other","details":"{}"}}"#,
        "x".repeat(501)
    );
    assert_eq!(report(&worker, &long, None).await.status().as_u16(), 400);
    let huge = format!(
        r#"{{"meeting_id":"club:m0","kind":"other","details":"{}"}}"#,
        "x".repeat(5000)
    );
    assert_eq!(report(&worker, &huge, None).await.status().as_u16(), 413);

    // A preflight from another site gets no permission.
    let preflight = reqwest::Client::new()
        .request(Method::OPTIONS, worker.url("/v1/reports"))
        .header("origin", "https://elsewhere.example")
        .header("access-control-request-method", "POST")
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status().as_u16(), 403);
    assert!(preflight
        .headers()
        .get("access-control-allow-origin")
        .is_none());

    // Ten an hour from one address. One has counted so far (the first
    // report; the one about an unknown meeting was not counted), so nine
    // more are received and the next is refused. Counts start again each
    // hour: too close to the next one, wait for it (then ten are received).
    let into_hour = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        % 3600;
    let counted_before = if into_hour > 3600 - 60 {
        tokio::time::sleep(Duration::from_secs(3600 - into_hour + 1)).await;
        0
    } else {
        1
    };
    let mut statuses = Vec::new();
    for _ in 0..25 {
        let response = report(
            &worker,
            r#"{"meeting_id":"club:m1","kind":"wrong_time"}"#,
            None,
        )
        .await;
        statuses.push(response.status().as_u16());
        if response.status().as_u16() == 429 {
            assert!(response.headers().contains_key("retry-after"));
            break;
        }
    }
    let mut expected = vec![202; 10 - counted_before];
    expected.push(429);
    assert_eq!(statuses, expected, "every answer before the limit is 202");

    let (status, open) = worker.admin(Method::GET, "/v1/admin/reports", None).await;
    assert_eq!(status, 200);
    let first = open.as_array().unwrap().last().unwrap();
    assert_eq!(first["meeting_name"], "Meeting 0 v1");
    assert_eq!(first["kind"], "broken_link");
    let details = first["details"].as_str().unwrap();
    assert!(
        details.contains("dead since May") && !details.contains("<script>"),
        "{details}"
    );
    assert!(first["received_hour"]
        .as_str()
        .unwrap()
        .ends_with(":00:00Z"));

    let id = first["id"].as_u64().unwrap();
    let (status, resolved) = worker
        .admin(
            Method::POST,
            &format!("/v1/admin/reports/{id}/resolve"),
            Some(br#"{"resolution":"New link from the group"}"#.to_vec()),
        )
        .await;
    assert_eq!(status, 200, "{resolved}");
    let (_, done) = worker
        .admin(Method::GET, "/v1/admin/reports?status=resolved", None)
        .await;
    assert_eq!(done[0]["resolution"], "New link from the group");
    let (status, _) = worker
        .admin(Method::POST, "/v1/admin/reports/99999/resolve", None)
        .await;
    assert_eq!(status, 404);
}

/// Sends one report from `client` (an address on this machine's loopback
/// network, which the local worker takes as the sender's) and gives the
/// status and the rows D1 read for it.
async fn report_from(worker: &LocalWorker, client: std::net::Ipv4Addr) -> (u16, Option<u64>) {
    let response = reqwest::Client::builder()
        .local_address(std::net::IpAddr::V4(client))
        .build()
        .unwrap()
        .post(worker.url("/v1/reports"))
        .header("content-type", "application/json")
        .body(r#"{"meeting_id":"club:m0","kind":"closed"}"#)
        .send()
        .await
        .unwrap();
    let read = response
        .headers()
        .get("x-lantern-rows-read")
        .and_then(|v| v.to_str().ok()?.parse().ok());
    (response.status().as_u16(), read)
}

#[tokio::test]
async fn a_flood_of_reports_from_many_clients_costs_the_same_per_report_and_the_caps_hold() {
    use lantern_core::report::{REPORTS_PER_HOUR_IN_ALL, REPORTS_PER_HOUR_PER_NETWORK};
    use std::net::Ipv4Addr;
    let worker = LocalWorker::start().await;
    worker.import("club", "aa", numbered_feed(0..3, "v1")).await;
    // Counts start again each hour: too close to the next, wait for it.
    let into_hour = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        % 3600;
    if into_hour > 3600 - 120 {
        tokio::time::sleep(Duration::from_secs(3600 - into_hour + 1)).await;
    }
    let mut sent = Vec::new();

    // 200 clients in one network (127.0.0.x, a /24): the network's cap holds.
    for x in 2..202 {
        sent.push(report_from(&worker, Ipv4Addr::new(127, 0, 0, x)).await);
    }
    // 200 clients in 200 networks, three reports each: everyone's cap holds.
    for round in 0..3 {
        for n in 0..200u8 {
            sent.push(report_from(&worker, Ipv4Addr::new(127, 1 + round, n, 1)).await);
        }
    }
    // The rows read by each received report, and how many were refused.
    let tally = |answers: &[(u16, Option<u64>)]| {
        let received: Vec<u64> = answers
            .iter()
            .filter(|(status, _)| *status == 202)
            .map(|(_, read)| read.expect("a received report says what it read"))
            .collect();
        let refused = answers.iter().filter(|(status, _)| *status == 429).count();
        assert_eq!(received.len() + refused, answers.len(), "{answers:?}");
        (received, refused)
    };
    let per_network = REPORTS_PER_HOUR_PER_NETWORK as usize;
    let (received, refused) = tally(&sent[..200]);
    assert_eq!((received.len(), refused), (per_network, 200 - per_network));
    let (received, refused) = tally(&sent);
    let in_all = REPORTS_PER_HOUR_IN_ALL as usize;
    assert_eq!(received.len(), in_all, "no more than everyone's cap");
    assert_eq!(refused, 200 - per_network + 600 - (in_all - per_network));

    // The rows read per report do not grow with the flood (they vary by a
    // few with which counts already exist): nothing scans a table that
    // grows with it.
    let most = |reads: &[u64]| reads.iter().copied().max().unwrap_or(0);
    let (early, late) = (most(&received[..100]), most(&received[in_all - 100..]));
    assert!(
        late <= early,
        "first 100 read at most {early}, last 100 {late}"
    );
    assert!(early <= 20, "a report reads a few rows: {received:?}");
    println!("rows read per received report: {early} at most");

    // Every received report is kept, and an admin pages through them.
    let mut listed = Vec::new();
    let mut path = "/v1/admin/reports?limit=200".to_owned();
    loop {
        let (status, page) = worker.admin(Method::GET, &path, None).await;
        assert_eq!(status, 200, "{page}");
        let ids: Vec<u64> = page
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_u64().unwrap())
            .collect();
        let Some(last) = ids.last() else { break };
        path = format!("/v1/admin/reports?limit=200&before={last}");
        listed.extend(ids);
    }
    assert_eq!(listed.len(), in_all, "every received report, once");
    assert!(listed.windows(2).all(|w| w[0] > w[1]), "newest first");
    // And filters them.
    for (query, count) in [
        ("", 100),
        ("?kind=closed&limit=500", in_all),
        ("?kind=wrong_time", 0),
        ("?meeting=club:m0&limit=500", in_all),
        ("?meeting=club:m1", 0),
        ("?status=resolved", 0),
    ] {
        let (status, page) = worker
            .admin(Method::GET, &format!("/v1/admin/reports{query}"), None)
            .await;
        assert_eq!(
            (status, page.as_array().map(Vec::len)),
            (200, Some(count)),
            "{query}"
        );
    }
    for query in ["?kind=spam", "?before=x", "?limit=501"] {
        let (status, body) = worker
            .admin(Method::GET, &format!("/v1/admin/reports{query}"), None)
            .await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (400, Some("bad_parameter")),
            "{query}"
        );
    }
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
        let response = reqwest::get(worker.url(path)).await.unwrap();
        let headers = response.headers().clone();
        let got_status = response.status().as_u16();
        let body: Value = response.json().await.unwrap();
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
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["cache-control"], "no-store");
        assert!(headers["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("default-src 'none'"));
    }

    // Every admin route wants the token.
    let client = reqwest::Client::new();
    let routes = [
        (Method::GET, "/v1/admin/feeds"),
        (Method::PUT, "/v1/admin/feeds/club"),
        (Method::POST, "/v1/admin/feeds/club/enable"),
        (Method::POST, "/v1/admin/feeds/club/disable"),
        (Method::POST, "/v1/admin/feeds/club/upload"),
        (Method::POST, "/v1/admin/import"),
        (Method::GET, "/v1/admin/runs"),
        (Method::GET, "/v1/admin/runs/1"),
        (Method::GET, "/v1/admin/reports"),
        (Method::POST, "/v1/admin/reports/1/resolve"),
    ];
    for (method, path) in routes {
        for token in [
            None,
            Some("wrong"),
            Some(""),
            Some("local-test-token-but-longer"),
        ] {
            let mut request = client.request(method.clone(), worker.url(path)).body("[]");
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            let response = request.send().await.unwrap();
            assert_eq!(
                response.status().as_u16(),
                401,
                "{method} {path} with {token:?}"
            );
        }
    }

    // Feed settings are checked when saved.
    let good = json!({"url": "https://example.org/feed.json", "format": "mg", "fellowship": "aa",
                      "shard": "gb", "zone": "Europe/London", "language": "en"});
    let broken = [
        ("format", json!("xml"), "format"),
        ("fellowship", json!("smart"), "fellowship"),
        ("zone", json!("Mars/Olympus"), "zone"),
        ("zone", json!(""), "zone"),
        ("url", json!("javascript:alert(1)"), "url"),
        ("shard", json!("../etc"), "shard"),
        ("language", json!("English"), "language"),
        ("surprise", json!(1), "surprise"),
    ];
    for (field, value, named) in broken {
        let mut settings = good.clone();
        settings[field] = value;
        let (status, body) = worker
            .admin(
                Method::PUT,
                "/v1/admin/feeds/club",
                Some(settings.to_string().into_bytes()),
            )
            .await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (400, Some("bad_body")),
            "{field}"
        );
        assert!(
            body["error"]["message"].as_str().unwrap().contains(named),
            "{field}: {body}"
        );
    }
    let (status, _) = worker
        .admin(
            Method::PUT,
            "/v1/admin/feeds/Bad%20Name",
            Some(good.to_string().into_bytes()),
        )
        .await;
    assert_eq!(status, 400, "source names are checked too");
    let (status, _) = worker
        .admin(
            Method::POST,
            "/v1/admin/feeds/nobody/upload",
            Some(b"[]".to_vec()),
        )
        .await;
    assert_eq!(status, 404);

    // A feed over the size limit is refused before it is read.
    worker.add_feed("club", "aa", "").await;
    let oversize = client
        .post(worker.url("/v1/admin/feeds/club/upload"))
        .bearer_auth(ADMIN_TOKEN)
        .body(vec![b' '; 33 * 1024 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(oversize.status().as_u16(), 413);

    // An unreadable upload is a failed run that changes nothing.
    let run = worker
        .import("club", "aa", b"<html>not a feed</html>".to_vec())
        .await;
    assert_eq!(run["status"], "failed");
}

#[tokio::test]
async fn a_restored_database_begins_a_new_epoch_so_phones_miss_nothing() {
    let mut worker = LocalWorker::start().await;
    worker.import("club", "aa", numbered_feed(0..3, "v1")).await;
    let copy = worker.copy_database().await;

    // A phone syncs the changes made after the copy: more than a page
    // window (100), so that its cursor is not answered from the start.
    worker
        .import("club", "aa", numbered_feed(0..150, "v2"))
        .await;
    let mut phone = snapshot(&worker, "online").await;
    let (_, mut cursor) = follow(&worker, "online", "0", 500).await;

    // The database goes back to the copy; the next import hands out the
    // sequence numbers the phone has already passed, and more.
    worker.put_database_back(&copy).await;
    let run = worker
        .import("club", "aa", numbered_feed(0..200, "v3"))
        .await;
    assert_eq!(run["status"], "applied", "{run}");

    // The phone carries on from its cursor, as the app does: told to start
    // over, it downloads the shard again.
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
    assert!(server.meetings.values().all(|m| m.name.ends_with("v3")));
    assert_eq!(
        phone.meetings, server.meetings,
        "the phone holds what the server holds"
    );
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

/// Whether every inline script of `html` is allowed by the `script-src` of
/// `csp` by its SHA-256, and nothing else inline is: `Err` says which is not.
fn inline_scripts_allowed(html: &str, csp: &str) -> Result<usize, String> {
    use base64::Engine as _;
    use sha2::Digest as _;
    let script_src = csp
        .split(';')
        .map(str::trim)
        .find_map(|d| d.strip_prefix("script-src "))
        .ok_or("the policy has no script-src")?;
    if script_src.contains("'unsafe-inline'") {
        return Err("script-src allows any inline script".to_owned());
    }
    let mut checked = 0;
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let tag_end = rest[start..].find('>').ok_or("an unclosed script tag")? + start;
        let tag = &rest[start..tag_end];
        let body_end = rest[tag_end..]
            .find("</script>")
            .ok_or("a script without its end")?
            + tag_end;
        if !tag.contains(" src=") {
            let body = &rest[tag_end + 1..body_end];
            let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(body));
            if !script_src.contains(&format!("'sha256-{hash}'")) {
                return Err(format!(
                    "the inline script {body:?} is not allowed by {script_src}"
                ));
            }
            checked += 1;
        }
        rest = &rest[body_end..];
    }
    Ok(checked)
}

#[tokio::test]
async fn the_page_allows_its_own_inline_script_and_no_other() {
    let worker = LocalWorker::start().await;
    for path in ["/", "/log", "/meetings/demo-aa:x"] {
        let response = reqwest::get(worker.url(path)).await.unwrap();
        assert_eq!(response.status().as_u16(), 200, "{path}");
        let csp = response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        for directive in [
            "default-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "connect-src 'self'",
        ] {
            assert!(csp.contains(directive), "{path}: {directive} in {csp}");
        }
        let html = response.text().await.unwrap();
        assert_eq!(
            inline_scripts_allowed(&html, &csp),
            Ok(1),
            "{path}: Trunk's start-up script, by its hash"
        );
        // A build whose inline script changed after its hash was taken
        // would not start: the check sees it.
        let changed = html.replacen("<script type=\"module\">", "<script type=\"module\">;", 1);
        assert!(inline_scripts_allowed(&changed, &csp).is_err(), "{path}");
        let added = html.replacen("</head>", "<script>alert(1)</script></head>", 1);
        assert!(inline_scripts_allowed(&added, &csp).is_err(), "{path}");
    }
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
