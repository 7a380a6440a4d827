//! Benchmark of the memory a feed import takes: the peak resident size of
//! `lantern-feed validate` on a hostile feed and on real-shaped feeds, and
//! how far the local worker's workerd high-water mark rises when the same
//! feeds are uploaded. Ignored in the normal run; `scripts/bench-memory`
//! runs it and BENCHMARKS.md records what it printed.

use std::path::{Path, PathBuf};
use std::process::Command;

use lantern_core::feed::export::meeting_guide_json;
use lantern_core::feed::MAX_FEED_BYTES;
use lantern_core::synthetic::Synthetic;
use lantern_tests::worker::{LocalWorker, ADMIN_TOKEN};

/// A feed of `[0,0,0,…]` just under `bytes`: every row is refused, and
/// there are far more rows than any cap allows.
fn hostile_feed(bytes: usize) -> Vec<u8> {
    let mut feed = Vec::with_capacity(bytes);
    feed.push(b'[');
    while feed.len() + 3 < bytes {
        feed.extend_from_slice(b"0,");
    }
    feed.extend_from_slice(b"0]");
    feed
}

/// `count` real-shaped meetings as a Meeting Guide feed.
fn real_shaped_feed(count: usize) -> Vec<u8> {
    meeting_guide_json(&Synthetic::new(2026).meetings(count)).into_bytes()
}

/// Real-shaped rows, each held on all seven days with long notes: splitting
/// them by day multiplies their text by seven. `rows` of them, or as many as
/// the size cap takes.
fn seven_day_feed(rows: Option<usize>) -> Vec<u8> {
    let feed = real_shaped_feed(rows.unwrap_or(6_000));
    let mut rows: Vec<serde_json::Value> = serde_json::from_slice(&feed).expect("a feed");
    let notes = "Bring a friend. ".repeat(244);
    let mut out = Vec::new();
    for row in &mut rows {
        row["day"] = serde_json::json!([0, 1, 2, 3, 4, 5, 6]);
        row["notes"] = notes.clone().into();
        let json = serde_json::to_vec(row).expect("a row");
        if out.len() + json.len() + 2 > MAX_FEED_BYTES {
            break;
        }
        out.push(if out.is_empty() { b'[' } else { b',' });
        out.extend_from_slice(&json);
    }
    out.push(b']');
    out
}

/// The `lantern-feed` binary beside this test's (`scripts/bench-memory`
/// builds it first).
fn lantern_feed() -> PathBuf {
    let exe = std::env::current_exe().expect("the test's path");
    let debug = exe
        .parent()
        .and_then(Path::parent)
        .expect("the target directory");
    let tool = debug.join("lantern-feed");
    assert!(
        tool.exists(),
        "{} is missing: run scripts/bench-memory",
        tool.display()
    );
    tool
}

/// Peak resident size, in MB, of `lantern-feed validate` on `feed`, and
/// its first line of output.
fn validate_peak_mb(feed: &Path) -> (f64, String) {
    let output = Command::new("/usr/bin/time")
        .args(["-f", "peak-kb %M"])
        .arg(lantern_feed())
        .args(["validate", "--timezone", "Europe/London", "--format", "mg"])
        .arg(feed)
        .output()
        .expect("/usr/bin/time (Debian package `time`)");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let kb: f64 = stderr
        .lines()
        .find_map(|l| l.strip_prefix("peak-kb "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no peak size in {stderr}"));
    let first = String::from_utf8_lossy(&output.stdout)
        .lines()
        .chain(stderr.lines())
        .next()
        .unwrap_or_default()
        .to_owned();
    (kb / 1024.0, first)
}

/// The sum of every workerd process's high-water mark of resident memory,
/// in MB (the local worker and its D1 run inside workerd).
fn workerd_high_water_mb() -> f64 {
    let mut kb = 0u64;
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(status) = std::fs::read_to_string(entry.path().join("status")) else {
            continue;
        };
        if !status.lines().any(|l| l == "Name:\tworkerd") {
            continue;
        }
        kb += status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .unwrap_or(0);
    }
    kb as f64 / 1024.0
}

/// Starts the high-water mark of every workerd process again from its
/// present size (Linux's `clear_refs`), and gives their present total, in MB.
fn reset_workerd_high_water() -> f64 {
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let is_workerd = std::fs::read_to_string(entry.path().join("status"))
            .is_ok_and(|status| status.lines().any(|l| l == "Name:\tworkerd"));
        if is_workerd {
            let _ = std::fs::write(entry.path().join("clear_refs"), "5");
        }
    }
    workerd_high_water_mb()
}

/// Samples the isolate's JavaScript heap while it runs
/// (`tests/memory/js_heap.mjs`, through the worker's inspector).
struct HeapSampler {
    child: tokio::process::Child,
    lines: tokio::io::Lines<tokio::io::BufReader<tokio::process::ChildStdout>>,
}

impl HeapSampler {
    /// Starts sampling; `None` when the inspector cannot be reached.
    async fn start(worker: &LocalWorker) -> Option<HeapSampler> {
        use tokio::io::AsyncBufReadExt;
        let root = lantern_tests::repo_root();
        let mut child = tokio::process::Command::new("node")
            .arg(root.join("tests/memory/js_heap.mjs"))
            .arg(worker.inspector_port().to_string())
            .current_dir(&root)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .ok()?;
        let mut lines = tokio::io::BufReader::new(child.stdout.take()?).lines();
        let ready = lines.next_line().await.ok()??;
        ready
            .contains("\"ready\"")
            .then_some(HeapSampler { child, lines })
    }

    /// Stops sampling and gives the largest used heap seen, in MB.
    async fn finish(mut self) -> Option<f64> {
        drop(self.child.stdin.take());
        let last = self.lines.next_line().await.ok()??;
        let _ = self.child.wait().await;
        let most: serde_json::Value = serde_json::from_str(&last).ok()?;
        Some(most["used"].as_f64()? / 1_048_576.0)
    }
}

/// Uploads `feed` to `worker`'s feed `bench` and prints how far workerd's
/// high-water mark rose, the most the isolate's JavaScript heap held, and
/// the run's status and message.
async fn upload_growth(worker: &LocalWorker, label: &str, feed: Vec<u8>) {
    let sampler = HeapSampler::start(worker).await;
    let before = reset_workerd_high_water();
    let response = reqwest::Client::new()
        .post(worker.url("/v1/admin/feeds/bench/upload"))
        .bearer_auth(ADMIN_TOKEN)
        .body(feed)
        .send()
        .await
        .expect("the upload");
    let after = workerd_high_water_mb();
    let heap = match sampler {
        Some(sampler) => sampler
            .finish()
            .await
            .map_or_else(|| "?".to_owned(), |mb| format!("{mb:.0}")),
        None => "?".to_owned(),
    };
    let status = response.status().as_u16();
    let wasm = response
        .headers()
        .get("x-lantern-wasm-memory")
        .and_then(|v| v.to_str().ok()?.parse::<f64>().ok())
        .map_or_else(|| "?".to_owned(), |b| format!("{:.0}", b / 1_048_576.0));
    let run: serde_json::Value = response.json().await.expect("a JSON answer");
    let message = run["message"]
        .as_str()
        .or(run["error"]["message"].as_str())
        .unwrap_or_default()
        .to_owned();
    println!(
        "worker upload, {label}: wasm memory {wasm} MB, JavaScript heap at most {heap} MB; \
         workerd high-water mark {before:.0} → {after:.0} MB (+{:.0} MB); HTTP {status}, {}: {}",
        after - before,
        run["status"].as_str().unwrap_or("-"),
        message.chars().take(120).collect::<String>()
    );
}

/// Fetches a shard's Meeting Guide export and prints its size, time and the
/// worker's WebAssembly memory after it.
async fn export_memory(worker: &LocalWorker, shard: &str) {
    let started = std::time::Instant::now();
    let response = reqwest::get(worker.url(&format!("/v1/feeds/meeting-guide/{shard}.json")))
        .await
        .expect("the export");
    let wasm = response
        .headers()
        .get("x-lantern-wasm-memory")
        .and_then(|v| v.to_str().ok()?.parse::<f64>().ok())
        .map_or_else(|| "?".to_owned(), |b| format!("{:.0}", b / 1_048_576.0));
    let body = response.bytes().await.expect("the export's body");
    let rows = serde_json::from_slice::<Vec<serde_json::Value>>(&body).map_or(0, |r| r.len());
    println!(
        "Meeting Guide export of {shard} from a fresh isolate: {rows} meetings, {:.1} MB, \
         {} ms; wasm memory {wasm} MB",
        body.len() as f64 / 1_048_576.0,
        started.elapsed().as_millis()
    );
}

#[tokio::test]
#[ignore = "a benchmark: run scripts/bench-memory"]
async fn memory_of_feed_imports() {
    let dir = std::env::temp_dir().join(format!("lantern-memory-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let feeds = [
        (
            "hostile [0,0,…] feed of 32 MB",
            hostile_feed(32 * 1024 * 1024),
        ),
        (
            "hostile [0,0,…] feed at the size cap",
            hostile_feed(MAX_FEED_BYTES),
        ),
        ("25,000 real-shaped meetings", real_shaped_feed(25_000)),
        // About the most real-shaped meetings under the size cap.
        ("36,000 real-shaped meetings", real_shaped_feed(36_000)),
        (
            "rows held on 7 days with 3,900-character notes, 15 MB of meetings (taken)",
            seven_day_feed(Some(500)),
        ),
        (
            "rows held on 7 days with 3,900-character notes, to the size cap",
            seven_day_feed(None),
        ),
    ];
    for (label, feed) in &feeds {
        let path = dir.join("feed.json");
        std::fs::write(&path, feed).expect("write the feed");
        let (peak, first) = validate_peak_mb(&path);
        println!(
            "lantern-feed validate, {label} ({:.1} MB): peak {peak:.0} MB; {first}",
            feed.len() as f64 / 1_048_576.0
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    for (label, feed) in feeds {
        let mut worker = LocalWorker::start().await;
        worker.add_feed("bench", "aa", "").await;
        upload_growth(&worker, label, feed.clone()).await;
        if label.starts_with("25,000") {
            upload_growth(&worker, "the same 25,000 again (nothing to write)", feed).await;
        }
        if label.starts_with("36,000") {
            // A fresh isolate, so its memory is the export's alone.
            worker.restart().await;
            for shard in ["online", "gb"] {
                export_memory(&worker, shard).await;
            }
        }
        worker.stop().await;
    }
}
