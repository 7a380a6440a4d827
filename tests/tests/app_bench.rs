//! The app in headless Chromium with 50,000 meetings in the directory: the
//! first full sync, start-up from the device, and keystroke to updated list.
//! A benchmark that prints numbers (ignored in the normal run):
//! `scripts/bench-app`.

use std::time::{Duration, Instant};

use lantern_core::feed::export::meeting_guide_json;
use lantern_core::synthetic::Synthetic;
use lantern_tests::browser::Browser;
use lantern_tests::worker::LocalWorker;

const MEETINGS: usize = 50_000;

/// Milliseconds from navigation until a meeting row is in the page.
const FIRST_ROW: &str = "const seen = () => document.querySelector('[data-testid=meeting-row]');
    if (!seen()) { await new Promise(ok => new MutationObserver((_, o) => { if (seen()) { o.disconnect(); ok(); } })
        .observe(document.body, { childList: true, subtree: true })); }
    return performance.now();";

/// Records, for each `input` event on the search box, the time from the
/// event to the frame after the next paint.
const WATCH_KEYSTROKES: &str = "window.__paints = []; window.__work = [];
    document.addEventListener('input', e => { const t = e.timeStamp;
        const channel = new MessageChannel();
        channel.port1.onmessage = () => window.__work.push(performance.now() - t);
        channel.port2.postMessage(0);
        requestAnimationFrame(() => setTimeout(() => window.__paints.push(performance.now() - t), 0)); }, true);
    window.__slow = [];
    new PerformanceObserver(list => { for (const e of list.getEntries()) window.__slow.push([e.name, e.duration]); })
        .observe({ type: 'event', durationThreshold: 16, buffered: false });
    return true;";

/// What the keystroke benchmark types, and then deletes, letter by letter.
const TYPED: [&str; 3] = ["hope step", "women online", "big book"];

fn percentile(sorted: &[f64], q: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * q).round() as usize]
}

/// "58 measured: median …, p95 …, max …" of sorted times.
fn summary(sorted: &[f64]) -> String {
    format!(
        "{} measured: median {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        sorted.len(),
        percentile(sorted, 0.5),
        percentile(sorted, 0.95),
        percentile(sorted, 1.0)
    )
}

/// Types each of [`TYPED`] into `input` and deletes it, key by key;
/// returns the number of keys.
async fn type_and_delete(input: &fantoccini::elements::Element) -> usize {
    let mut keys = 0;
    for typed in TYPED {
        for ch in typed.chars() {
            input.send_keys(&ch.to_string()).await.unwrap();
            keys += 1;
        }
        for _ in 0..typed.len() {
            input.send_keys("\u{0008}").await.unwrap();
            keys += 1;
        }
    }
    keys
}

#[tokio::test]
#[ignore = "a benchmark: run with --ignored --nocapture (scripts/bench-app)"]
async fn the_app_with_50000_meetings() {
    let worker = LocalWorker::start().await;
    let meetings = Synthetic::new(2026).meetings(MEETINGS);
    for (n, chunk) in meetings.chunks(10_000).enumerate() {
        let run = worker
            .import(
                &format!("demo-bench-{n}"),
                "aa",
                meeting_guide_json(chunk).into_bytes(),
            )
            .await;
        assert_eq!(run["status"], "applied", "{run}");
    }
    let browser = Browser::start().await;

    // First visit: everything downloads, page by page (500 a page).
    let begin = Instant::now();
    browser.client.goto(&worker.url("/")).await.unwrap();
    let status = browser
        .wait_for_text_within("sync-status", "Up to date", Duration::from_secs(300))
        .await;
    let synced = begin.elapsed();
    let count = browser.wait_for_text("result-count", "meetings").await;
    println!(
        "first full sync of {MEETINGS} meetings ({count}): {:.1} s to \"{status}\"",
        synced.as_secs_f64()
    );

    // Start-up from the device, five times.
    let mut startups = Vec::new();
    for _ in 0..5 {
        browser.client.refresh().await.unwrap();
        let at = browser
            .run_async(FIRST_ROW)
            .await
            .as_f64()
            .unwrap_or(f64::NAN);
        startups.push(at);
        browser.wait_for_text("sync-status", "Up to date").await;
    }
    println!("start-up to the first row, from navigation: {startups:.0?} ms");

    // Keystrokes: type and delete three searches.
    browser.run_async(WATCH_KEYSTROKES).await;
    let input = browser.find("[data-testid='search']").await;
    let keys = type_and_delete(&input).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let paints = browser.run_async("return window.__paints;").await;
    let mut paints: Vec<f64> = serde_json::from_value(paints).unwrap_or_default();
    paints.sort_by(f64::total_cmp);
    let work = browser.run_async("return window.__work;").await;
    let mut work: Vec<f64> = serde_json::from_value(work).unwrap_or_default();
    work.sort_by(f64::total_cmp);
    println!(
        "keystroke to the app's work done (before layout and paint): median {:.1} ms, p95 {:.1} ms",
        percentile(&work, 0.5),
        percentile(&work, 0.95)
    );
    let slow = browser.run_async("return window.__slow;").await;
    println!(
        "keystroke to next paint over {keys} keystrokes ({}) (budget p95 16 ms)",
        summary(&paints)
    );
    println!("events the browser timed at 16 ms or more (Event Timing): {slow}");
    let value = input.prop("value").await.unwrap().unwrap_or_default();
    assert_eq!(value, "", "every keystroke arrived");

    // The same keystrokes in a bare text box that nothing listens to: the
    // floor of this measure on this machine.
    browser
        .run_async(
            "const bare = document.createElement('input');
            bare.id = 'bare'; bare.setAttribute('aria-label', 'bare');
            document.body.prepend(bare);
            window.__paints = []; window.__work = []; return true;",
        )
        .await;
    let bare = browser.find("#bare").await;
    bare.click().await.unwrap();
    type_and_delete(&bare).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let floor = browser.run_async("return window.__paints;").await;
    let mut floor: Vec<f64> = serde_json::from_value(floor).unwrap_or_default();
    floor.sort_by(f64::total_cmp);
    println!(
        "the same keystrokes in a bare text box ({})",
        summary(&floor)
    );
    browser.close().await;

    // A cold first visit (a new profile: nothing cached, no service
    // worker) over Chromium's "Fast 3G": 562.5 ms round trips, 1.44 Mbit/s
    // down, 675 kbit/s up (DevTools' preset).
    let cold = Browser::start().await;
    cold.devtools("Network.enable", serde_json::json!({})).await;
    cold.devtools(
        "Network.emulateNetworkConditions",
        serde_json::json!({
            "offline": false,
            "latency": 562.5,
            "downloadThroughput": 1_474_560.0 / 8.0,
            "uploadThroughput": 691_200.0 / 8.0
        }),
    )
    .await;
    // Marks when the search box and the first row appear, from the start
    // of the document (polled below: on Fast 3G this takes a while).
    cold.devtools(
        "Page.addScriptToEvaluateOnNewDocument",
        serde_json::json!({ "source": "new MutationObserver((_, o) => {
            if (!window.__ready_at && document.querySelector('[data-testid=search]')) window.__ready_at = performance.now();
            if (!window.__row_at && document.querySelector('[data-testid=meeting-row]')) { window.__row_at = performance.now(); o.disconnect(); }
        }).observe(document, { childList: true, subtree: true });" }),
    )
    .await;
    let begin = Instant::now();
    cold.client.goto(&worker.url("/")).await.unwrap();
    let (interactive, first_row) = lantern_tests::wait_for(
        "the first row on Fast 3G",
        Duration::from_secs(600),
        || async {
            let at = cold
                .run_async("return window.__row_at ? [window.__ready_at, window.__row_at] : null;")
                .await;
            Some((at[0].as_f64()?, at[1].as_f64()?))
        },
    )
    .await;
    let transfer = cold
        .run_async(
            "return performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation'))
                .filter(e => !e.name.includes('/v1/'))
                .map(e => [e.name.split('/').pop() || '/', e.transferSize, e.encodedBodySize, e.decodedBodySize]);",
        )
        .await;
    println!(
        "cold first visit on Fast 3G: the app answers typing (search box drawn) at {interactive:.0} ms, the first meeting row at {first_row:.0} ms from navigation",
    );
    println!("  files [name, transferred, encoded, decoded bytes]: {transfer}");
    let status = cold
        .wait_for_text_within("sync-status", "Up to date", Duration::from_secs(600))
        .await;
    println!(
        "  the whole online shard synced (\"{status}\") {:.1} s after navigation",
        begin.elapsed().as_secs_f64()
    );
    cold.close().await;
}
