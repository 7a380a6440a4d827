//! The worker's imports over HTTP: feed addresses, scheduled runs one feed
//! at a time, interrupted runs, held feeds and hostile strings.

use std::time::Duration;

use lantern_tests::api::{get, numbered_feed, snapshot};
use lantern_tests::feed_server::{FeedServer, Reply};
use lantern_tests::wait_for;
use lantern_tests::worker::LocalWorker;
use reqwest::Method;
use serde_json::{json, Value};

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
        let (status, body) = worker.save_feed("club", &settings).await;
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
