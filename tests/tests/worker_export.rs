//! Each shard re-exported as a Meeting Guide feed, over HTTP.

use lantern_tests::api::{get, numbered_feed};
use lantern_tests::worker::LocalWorker;
use serde_json::{json, Value};

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
        source: "reimport".parse().unwrap(),
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
    let (status, body) = worker.save_feed("leeds", &settings).await;
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
