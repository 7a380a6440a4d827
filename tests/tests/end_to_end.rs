//! The app in headless Chromium against the local worker: a seeded meeting
//! arrives through sync, and is still there after the worker goes away.

use std::time::Duration;

use fantoccini::Locator;
use lantern_tests::browser::Browser;
use lantern_tests::wait_for;
use lantern_tests::worker::LocalWorker;

/// A worker with the demo directory, and Chromium showing the app.
async fn demo_app() -> (LocalWorker, Browser) {
    let worker = LocalWorker::start().await;
    worker.seed_demo().await;
    let browser = Browser::start().await;
    browser
        .client
        .goto(&worker.url("/"))
        .await
        .expect("open the app");
    (worker, browser)
}

#[tokio::test]
async fn shows_synced_meetings_and_keeps_them_offline() {
    let (mut worker, browser) = demo_app().await;

    browser
        .wait_for_text("meeting-name", "Hybrid Recovery Circle")
        .await;
    browser
        .wait_for_text("demo-banner", "not real meetings")
        .await;
    browser.wait_for_text("sync-status", "Up to date").await;
    browser.screenshot("online").await;

    // The Join button is the meeting's https link, opened in a new tab.
    let join = browser
        .client
        .find(Locator::Css(
            "[data-testid='join-link'][href='https://example.org/demo/hybrid-circle']",
        ))
        .await
        .expect("a join link for the hybrid meeting");
    assert_eq!(
        join.attr("target").await.unwrap().as_deref(),
        Some("_blank")
    );
    assert_eq!(
        join.attr("rel").await.unwrap().as_deref(),
        Some("noopener noreferrer")
    );
    // An in-person-only meeting has no Join button.
    let newcomers = browser
        .wait_for_text("meeting-card", "Newcomers Step Meeting")
        .await;
    assert!(!newcomers.contains("Join"), "{newcomers}");
    assert!(newcomers.contains("Alcoholics Anonymous"), "{newcomers}");
    let dharma = browser
        .wait_for_text("meeting-card", "Recovery Dharma Online Sit")
        .await;
    assert!(
        dharma.contains("Recovery Dharma\n") || dharma.contains("Recovery Dharma "),
        "{dharma}"
    );

    // The service worker has saved the app shell.
    wait_for("the service worker to control the page", Duration::from_secs(30), || async {
        let controlled = browser
            .run_async("await navigator.serviceWorker.ready; return navigator.serviceWorker.controller !== null && await caches.has('lantern-shell-v1');")
            .await;
        (controlled == serde_json::json!(true)).then_some(())
    })
    .await;

    worker.stop().await;
    browser.client.refresh().await.expect("reload");

    browser
        .wait_for_text("meeting-name", "Hybrid Recovery Circle")
        .await;
    browser.wait_for_text("sync-status", "offline").await;
    browser.screenshot("offline").await;
    let names = browser.texts("meeting-name").await;
    assert_eq!(
        names.len(),
        15,
        "every saved meeting is still listed: {names:?}"
    );

    browser.close().await;
}

#[tokio::test]
async fn a_rebuilt_directory_replaces_what_the_phone_saved() {
    let (mut worker, browser) = demo_app().await;
    browser.wait_for_text("sync-status", "Up to date").await;
    assert_eq!(browser.texts("meeting-name").await.len(), 15);

    // The directory is rebuilt from scratch: every saved cursor is now past
    // the newest change, and the worker says so (410). The app starts over.
    worker.rebuild().await;
    let fresh = serde_json::json!([{
        "name": "Fresh Start Hybrid", "slug": "fresh", "day": 3, "time": "18:00",
        "location": "Demo Hall", "formatted_address": "1 Example Street, Anytown, GB",
        "conference_url": "https://example.org/demo/fresh"
    }]);
    worker
        .import("demo-rebuilt", "aa", serde_json::to_vec(&fresh).unwrap())
        .await;
    browser.client.refresh().await.expect("reload");
    browser
        .wait_for_text("meeting-name", "Fresh Start Hybrid")
        .await;
    browser.wait_for_text("sync-status", "Up to date").await;
    let names = browser.texts("meeting-name").await;
    assert_eq!(names, ["Fresh Start Hybrid"], "the old directory is gone");
    browser.close().await;
}
