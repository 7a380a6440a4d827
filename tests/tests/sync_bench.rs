//! Benchmark of `/v1/sync` with 50,000 meetings loaded: requests per second
//! and latency under load (wrk, 20 s per case, on 127.0.0.1), and the bytes
//! on the wire for a full `online` shard and for a 10-meeting delta.
//! Ignored in the normal run; see BENCHMARKS.md for the command.

use std::process::Command;

use lantern_core::feed::export::meeting_guide_json;
use lantern_core::synthetic::Synthetic;
use lantern_core::SyncPage;
use lantern_tests::worker::LocalWorker;

const MEETINGS: usize = 50_000;
const SOURCES: usize = 5;

/// Bytes on the wire (gzip) of one page, and the page.
async fn page_bytes(client: &reqwest::Client, url: &str) -> (usize, SyncPage) {
    let response = client
        .get(url)
        .header("accept-encoding", "gzip")
        .send()
        .await
        .expect("sync request");
    assert_eq!(response.status().as_u16(), 200);
    let gzip = response.bytes().await.expect("body").to_vec();
    let mut json = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gzip[..]), &mut json)
        .expect("gunzip");
    (gzip.len(), serde_json::from_slice(&json).expect("a page"))
}

/// CPU seconds used so far by every workerd process (the worker and its
/// local D1 run inside workerd).
fn workerd_cpu_seconds() -> f64 {
    let ticks_per_second = 100.0; // USER_HZ on Linux
    let mut ticks = 0u64;
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // The command name is in parentheses; utime and stime are fields
        // 14 and 15, counted from after it.
        let Some((name, rest)) = stat.split_once(") ") else {
            continue;
        };
        if !name.ends_with("(workerd") {
            continue;
        }
        let fields: Vec<&str> = rest.split_whitespace().collect();
        ticks += fields
            .get(11)
            .and_then(|t| t.parse::<u64>().ok())
            .unwrap_or(0);
        ticks += fields
            .get(12)
            .and_then(|t| t.parse::<u64>().ok())
            .unwrap_or(0);
    }
    ticks as f64 / ticks_per_second
}

/// Runs wrk for 20 s with `connections` connections and prints its numbers.
fn wrk(name: &str, connections: u32, url: &str, headers: &[&str]) {
    let cpu_before = workerd_cpu_seconds();
    let mut command = Command::new("wrk");
    command.args([
        &format!("-t{}", connections.min(2)),
        &format!("-c{connections}"),
        "-d20s",
        "--latency",
        "-H",
        "Accept-Encoding: gzip",
    ]);
    for header in headers {
        command.args(["-H", header]);
    }
    let output = command
        .arg(url)
        .output()
        .expect("run wrk (apt-get install wrk)");
    let cpu = workerd_cpu_seconds() - cpu_before;
    let text = String::from_utf8_lossy(&output.stdout);
    let requests: f64 = text
        .lines()
        .find(|l| l.contains(" requests in "))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(f64::NAN);
    let find = |prefix: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with(prefix))
            .map(|l| l.split_whitespace().nth(1).unwrap_or("?").to_owned())
            .unwrap_or_else(|| "?".to_owned())
    };
    println!(
        "{name:<40} {:>8} req/s  p50 {:>8}  p99 {:>8}  workerd CPU {:.1} ms/request",
        find("Requests/sec:"),
        find("50%"),
        find("99%"),
        cpu * 1000.0 / requests
    );
}

/// Follows the online shard from 0 as a new phone does (pages of 2,000),
/// prints what it cost, and returns the last cursor.
async fn fresh_sync(raw: &reqwest::Client, worker: &LocalWorker, label: &str) -> String {
    let (mut wire, mut pages, mut upserts, mut deletes) = (0, 0, 0, 0);
    let mut cursor = "0".to_owned();
    loop {
        let url = worker.url(&format!("/v1/sync?shard=online&since={cursor}&limit=2000"));
        let (bytes, page) = page_bytes(raw, &url).await;
        wire += bytes;
        pages += 1;
        upserts += page.upserts.len();
        deletes += page.deletes.len();
        cursor = page.cursor.to_string();
        if !page.more {
            break;
        }
    }
    println!("{label}: {upserts} meetings, {deletes} deletions, {pages} pages, {wire} bytes gzip");
    cursor
}

#[tokio::test]
#[ignore = "a benchmark: run with --ignored --nocapture"]
async fn sync_with_50000_meetings() {
    let worker = LocalWorker::start().await;
    let meetings = Synthetic::new(2026).meetings(MEETINGS);
    let per_source = MEETINGS / SOURCES;
    let mut feeds = Vec::new();
    for (n, chunk) in meetings.chunks(per_source).enumerate() {
        let feed = meeting_guide_json(chunk).into_bytes();
        let run = worker
            .import(&format!("bench-{n}"), "aa", feed.clone())
            .await;
        assert_eq!(run["status"], "applied", "{run}");
        feeds.push(feed);
    }
    let (_, health) = reqwest::get(worker.url("/v1/health"))
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .map(|h| ((), h))
        .unwrap();
    println!("meetings loaded: {}", health["meetings"]);

    let raw = reqwest::Client::builder().no_gzip().build().unwrap();
    // The whole online shard, as a new phone fetches it (pages of 2,000).
    let head = fresh_sync(&raw, &worker, "full online shard").await;

    // Ten meetings change in one feed; an up-to-date phone fetches the delta.
    let mut changed: Vec<serde_json::Value> = serde_json::from_slice(&feeds[0]).unwrap();
    let mut renamed = 0;
    for row in changed.iter_mut() {
        if renamed < 10 && row.get("conference_url").is_some() {
            row["name"] = format!("{} (new time)", row["name"].as_str().unwrap()).into();
            renamed += 1;
        }
    }
    worker
        .import("bench-0", "aa", serde_json::to_vec(&changed).unwrap())
        .await;
    let delta_url = worker.url(&format!("/v1/sync?shard=online&since={head}&limit=500"));
    let (delta_wire, delta) = page_bytes(&raw, &delta_url).await;
    println!(
        "10-meeting delta: {} upserts, {} deletes, {delta_wire} bytes gzip",
        delta.upserts.len(),
        delta.deletes.len()
    );

    // A scan of every cursor from 1 to 3,000, as a client that makes them
    // up would send: what D1 reads, with the page cache in front.
    let (mut read, mut misses) = (0u64, 0u32);
    let scanned = 3_000;
    for since in 1..=scanned {
        let epoch = head.split('.').next().unwrap_or("0");
        let url = worker.url(&format!(
            "/v1/sync?shard=online&since={epoch}.{since}&limit=2000"
        ));
        let response = raw.get(&url).send().await.expect("scan request");
        if let Some(rows) = response.headers().get("x-lantern-rows-read") {
            read += rows.to_str().unwrap().parse::<u64>().unwrap();
            misses += 1;
        }
    }
    println!(
        "cursor scan since=1..{scanned}: {misses} pages read from D1, {read} rows, {:.1} rows per request",
        read as f64 / f64::from(scanned)
    );

    // The whole online shard as a Meeting Guide feed: built, then cached.
    for attempt in ["built", "from the cache"] {
        let started = std::time::Instant::now();
        let response = raw
            .get(worker.url("/v1/feeds/meeting-guide/online.json"))
            .header("accept-encoding", "gzip")
            .send()
            .await
            .expect("feed request");
        let cache = response.headers()["x-lantern-cache"]
            .to_str()
            .unwrap_or("?")
            .to_owned();
        let bytes = response.bytes().await.expect("feed body").len();
        println!(
            "Meeting Guide feed of online ({attempt}, {cache}): {} ms, {bytes} bytes gzip",
            started.elapsed().as_millis()
        );
    }

    // A fresh phone's first sync of the online shard, before and after a
    // large feed removes all but one of its meetings.
    fresh_sync(&raw, &worker, "fresh sync of online before the removal").await;
    let first: Vec<serde_json::Value> = serde_json::from_slice(&feeds[1]).unwrap();
    worker
        .upload("bench-1", serde_json::to_vec(&first[..1]).unwrap(), true)
        .await;
    fresh_sync(
        &raw,
        &worker,
        "fresh sync of online after a feed removed all but one of its meetings",
    )
    .await;

    let etag = raw.get(&delta_url).send().await.unwrap().headers()["etag"]
        .to_str()
        .unwrap()
        .to_owned();
    println!("\nwrk -d20s --latency, 127.0.0.1, wrangler dev (workerd, local D1); 8 connections:");
    wrk(
        "first page of online (since=0, limit=500)",
        8,
        &worker.url("/v1/sync?shard=online&since=0&limit=500"),
        &[],
    );
    wrk("10-meeting delta", 8, &delta_url, &[]);
    wrk(
        "revalidation (If-None-Match, 304)",
        8,
        &delta_url,
        &[&format!("If-None-Match: {etag}")],
    );
    let up_to_date = worker.url(&format!(
        "/v1/sync?shard=online&since={}&limit=500",
        delta.cursor
    ));
    wrk("up to date (empty page)", 8, &up_to_date, &[]);
    wrk(
        "baseline: a 404 that reads no database",
        8,
        &worker.url("/v1/no-such-route"),
        &[],
    );
    println!("one connection:");
    wrk("10-meeting delta", 1, &delta_url, &[]);
    wrk("up to date (empty page)", 1, &up_to_date, &[]);
}
