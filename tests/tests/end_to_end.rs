//! The app in headless Chromium against the local worker: finding,
//! filtering, a meeting's page, saved meetings, areas, languages, and
//! working offline. The worker pages by four, so every sync takes several
//! pages.

use std::time::Duration;

use fantoccini::Locator;
use lantern_tests::browser::Browser;
use lantern_tests::wait_for;
use lantern_tests::worker::LocalWorker;

/// Meetings per sync page in these tests.
const PAGE: u32 = 4;

/// A worker with the demo directory, and Chromium showing `path`.
async fn demo_app(path: &str) -> (LocalWorker, Browser) {
    demo_app_in_zone(path, "UTC").await
}

/// [`demo_app`] with the browser's clock in `zone`.
async fn demo_app_in_zone(path: &str, zone: &str) -> (LocalWorker, Browser) {
    let worker = LocalWorker::start_paging_by(PAGE).await;
    worker.seed_demo().await;
    let browser = Browser::start_in_zone(zone).await;
    browser
        .client
        .goto(&worker.url(path))
        .await
        .expect("open the app");
    (worker, browser)
}

/// Types into the finder's search box, as a person does: deleting what
/// is there key by key, then typing.
async fn search(browser: &Browser, text: &str) {
    let input = browser.find("[data-testid='search']").await;
    let old = input.prop("value").await.ok().flatten().unwrap_or_default();
    let backspaces = "\u{0008}".repeat(old.chars().count());
    input
        .send_keys(&format!("{backspaces}{text}"))
        .await
        .expect("type");
}

#[tokio::test]
async fn finds_and_filters_with_the_search_in_the_address() {
    let (_worker, browser) = demo_app("/").await;
    browser.wait_for_text("sync-status", "Up to date").await;
    browser.wait_for_text("result-count", "15 meetings").await;
    browser
        .wait_for_text("demo-banner", "not real meetings")
        .await;
    browser.screenshot("finder").await;
    // Each row names its fellowship, read from the row's own badge (this
    // name does not say it).
    let badge = browser
        .run_async(
            "const row = [...document.querySelectorAll('[data-testid=meeting-row]')]
                .find(r => r.querySelector('[data-testid=meeting-name]').textContent === 'Lunchtime Phone Meeting');
            return row.querySelector('[data-testid=fellowship]').textContent;",
        )
        .await;
    assert_eq!(badge, "Alcoholics Anonymous");

    search(&browser, "dharma sit").await;
    browser
        .wait_for_texts("meeting-name", &["Recovery Dharma Online Sit"])
        .await;
    browser
        .wait_for_url("the search in the address", |u| {
            u.ends_with("/?q=dharma%20sit")
        })
        .await;
    // Accents and case fold: "RECOVERY DHÁRMA" finds it too.
    search(&browser, "RECOVERY DHÁRMA").await;
    browser
        .wait_for_texts("meeting-name", &["Recovery Dharma Online Sit"])
        .await;

    // Reload: the search is still there.
    browser.client.refresh().await.expect("reload");
    browser
        .wait_for_texts("meeting-name", &["Recovery Dharma Online Sit"])
        .await;
    let value = browser
        .find("[data-testid='search']")
        .await
        .prop("value")
        .await
        .unwrap();
    assert_eq!(value.as_deref(), Some("RECOVERY DHÁRMA"));

    // A filter from the sheet, with its count; Back takes it off again.
    search(&browser, "").await;
    browser.wait_for_text("result-count", "15 meetings").await;
    // Only a screenful of lines is drawn, each saying where it stands in
    // the whole list: 15 meetings and the section lines.
    let lines = browser
        .run_async(
            "return [...document.querySelectorAll('.windowed li')]
                .map(li => [li.getAttribute('aria-posinset'), li.getAttribute('aria-setsize')]);",
        )
        .await;
    let lines: Vec<(String, String)> = serde_json::from_value(lines).expect("positions");
    let total: usize = lines.first().map_or(0, |l| l.1.parse().unwrap_or(0));
    assert!((17..=18).contains(&total), "{lines:?}");
    for (n, (position, size)) in lines.iter().enumerate() {
        assert_eq!(
            (position.as_str(), size),
            (&*(n + 1).to_string(), &total.to_string())
        );
    }
    browser.click("[data-testid='filters']").await;
    let option = browser.wait_for_text("filter-sheet", "In person").await;
    assert!(option.contains("Fellowship"), "{option}");
    browser.screenshot("filters").await;
    browser
        .click_text("[data-testid='filter-sheet'] label", "In person")
        .await;
    browser.click("[data-testid='show-results']").await;
    browser
        .wait_for_url("the filter in the address", |u| u.contains("at=in-person"))
        .await;
    // Four face-to-face meetings, the hybrid one among them.
    browser.wait_for_text("result-count", "4 meetings").await;
    browser
        .wait_for_text("meeting-name", "Hybrid Recovery Circle")
        .await;
    browser.client.back().await.expect("back");
    browser.wait_for_text("result-count", "15 meetings").await;

    // Typed text is searched at once and reaches the address a frame
    // later; a link elsewhere then wins over what was typed.
    search(&browser, "lunchtime").await;
    browser
        .wait_for_url("the typed text in the address", |u| {
            u.ends_with("/?q=lunchtime")
        })
        .await;
    browser.wait_for_text("result-count", "5 meetings").await;
    browser.click("nav a[href='/']").await;
    browser
        .wait_for_url("the finder with nothing typed", |u| u.ends_with('/'))
        .await;
    browser.wait_for_text("result-count", "15 meetings").await;
    let typed = browser
        .find("[data-testid='search']")
        .await
        .prop("value")
        .await
        .unwrap();
    assert_eq!(typed.as_deref(), Some(""), "the box follows the address");

    // Nothing matches: the page says so and offers to clear the filters.
    browser
        .client
        .goto(&_worker.url("/?q=zzzz&d=monday"))
        .await
        .unwrap();
    browser.wait_for_text("no-match", "Clear them").await;
    browser.click("[data-testid='no-match'] button").await;
    browser
        .wait_for_url("filters cleared", |u| u.ends_with("/?q=zzzz"))
        .await;
    browser.close().await;
}

#[tokio::test]
async fn a_meeting_page_joins_and_dials_and_is_saved_across_a_reload() {
    // Opened cold, in New York: the deep link waits for the first sync.
    let (worker, browser) =
        demo_app_in_zone("/m/demo-aa%3Ahybrid-circle", "America/New_York").await;
    browser
        .wait_for_text("meeting-title", "Hybrid Recovery Circle")
        .await;
    browser.screenshot("meeting").await;

    let join = browser.find("[data-testid='join-link']").await;
    assert_eq!(
        join.attr("href").await.unwrap().as_deref(),
        Some("https://example.org/demo/hybrid-circle")
    );
    assert_eq!(
        join.attr("target").await.unwrap().as_deref(),
        Some("_blank")
    );
    assert_eq!(
        join.attr("rel").await.unwrap().as_deref(),
        Some("noopener noreferrer")
    );
    assert_eq!(join.text().await.unwrap(), "Join · example.org");
    // The passcode's `#` survives in the dial-in link.
    let dial = browser.find("[data-testid='dial-link']").await;
    assert_eq!(
        dial.attr("href").await.unwrap().as_deref(),
        Some("tel:+442079460018,,1234%23")
    );
    // Thursday 12:30 in London is 7:30 in the morning in New York.
    let yours = browser.wait_for_text("your-time", "7:30").await;
    assert!(
        yours.contains("Thursday") && yours.contains("AM"),
        "{yours}"
    );
    let theirs = browser.wait_for_text("their-time", "London").await;
    assert!(theirs.contains("Thursday 12:30"), "{theirs}");

    // The calendar file repeats weekly at 12:30 London time, with London's
    // clock changes spelled out.
    let calendar = browser.find("[data-testid='add-to-calendar']").await;
    let href = calendar.attr("href").await.unwrap().unwrap();
    let ics = browser
        .run_async(&format!(
            "return decodeURIComponent({:?}.split(',').slice(1).join(','));",
            href
        ))
        .await;
    let ics = ics.as_str().unwrap().replace("\r\n ", "");
    assert!(ics.contains("RRULE:FREQ=WEEKLY;BYDAY=TH"), "{ics}");
    assert!(
        ics.contains("T123000\r\n") && ics.contains("DTSTART;TZID=Europe/London:"),
        "{ics}"
    );
    assert!(
        ics.contains("BEGIN:DAYLIGHT") && ics.contains("TZOFFSETTO:+0100"),
        "{ics}"
    );

    // Reporting a problem: the report is received; past the hourly limit,
    // the app says calmly when to try again.
    browser.click("[data-testid='report-open']").await;
    browser.click_text("label", "The time is wrong").await;
    browser.click("[data-testid='report-send']").await;
    browser.wait_for_text("report-outcome", "Thank you").await;
    let sent = browser
        .run_async("for (let i = 0; i < 12; i++) { await fetch('/v1/reports', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ meeting_id: 'demo-aa:hybrid-circle', kind: 'other' }) }); } return true;")
        .await;
    assert_eq!(sent, serde_json::json!(true));
    browser.client.refresh().await.expect("reload");
    browser.click("[data-testid='report-open']").await;
    browser.click("[data-testid='report-send']").await;
    let limited = browser
        .wait_for_text("report-outcome", "try again in about")
        .await;
    assert!(limited.contains("min"), "{limited}");

    // Saved, and still saved after a reload.
    save_to_my_meetings(&browser).await;
    browser.client.goto(&worker.url("/mine")).await.unwrap();
    browser
        .wait_for_texts("meeting-name", &["Hybrid Recovery Circle"])
        .await;
    browser.client.refresh().await.expect("reload");
    browser
        .wait_for_texts("meeting-name", &["Hybrid Recovery Circle"])
        .await;

    // A meeting that is not in the directory says so.
    browser
        .client
        .goto(&worker.url("/m/nowhere%3Anothing"))
        .await
        .unwrap();
    browser
        .wait_for_text("meeting-missing", "isn't in the meetings saved")
        .await;
    // An online meeting shows where it is based, without directions.
    browser
        .client
        .goto(&worker.url("/m/demo-lifering%3Alifering-secular"))
        .await
        .unwrap();
    browser.wait_for_text("area", "Chicago, IL, USA").await;
    browser.wait_for_text("meeting-page", "Based in").await;
    let venue = browser
        .run_async("return document.querySelector(\"[data-testid='address']\") === null;")
        .await;
    assert_eq!(
        venue,
        serde_json::json!(true),
        "an approximate place is no venue"
    );
    browser.screenshot("meeting-online").await;
    browser.close().await;
}

#[tokio::test]
async fn hostile_listings_render_as_inert_text() {
    let worker = LocalWorker::start_paging_by(PAGE).await;
    let hostile = serde_json::json!([{
        "name": "<img src=x onerror=alert(1)>Trap \u{202e}Meeting", "slug": "trap", "day": 2, "time": "18:00",
        "conference_url": "javascript:alert(1)", "conference_phone": "+1 555 0100",
        "notes": "<script>alert(2)</script>Bring <b>nothing</b>",
        "url": "http://example.org/not-secure"
    }]);
    worker
        .import("demo-hostile", "aa", serde_json::to_vec(&hostile).unwrap())
        .await;
    let browser = Browser::start().await;
    browser
        .client
        .goto(&worker.url("/m/demo-hostile%3Atrap"))
        .await
        .unwrap();
    let title = browser.wait_for_text("meeting-title", "Trap").await;
    assert!(
        !title.contains('<'),
        "markup was stripped by the import: {title}"
    );
    assert!(
        browser
            .client
            .find(Locator::Css("[data-testid='join-link']"))
            .await
            .is_err(),
        "a javascript: link never becomes a link"
    );
    let page = browser.find("[data-testid='meeting-page']").await;
    assert!(
        page.find(Locator::Css("img, script, b")).await.is_err(),
        "no markup from a feed is rendered"
    );
    // A website that is not https is shown, not linked.
    browser
        .wait_for_text("meeting-page", "http://example.org/not-secure")
        .await;
    assert!(
        page.find(Locator::Css("a[href^='http:']")).await.is_err(),
        "no http: link"
    );
    let alerted = browser.run_async("return typeof window.__alerted;").await;
    assert_eq!(alerted, serde_json::json!("undefined"));
    browser.close().await;
}

#[tokio::test]
async fn choosing_an_area_brings_its_meetings_and_removes_the_old_ones() {
    let worker = LocalWorker::start_paging_by(PAGE).await;
    worker.seed_demo().await;
    let paris = serde_json::json!([{
        "name": "Paris Face to Face", "slug": "paris", "day": 3, "time": "19:00",
        "location": "Salle", "formatted_address": "1 Rue Exemple, Paris, FR"
    }]);
    worker
        .import_in(
            "demo-paris",
            "na",
            "fr",
            serde_json::to_vec(&paris).unwrap(),
        )
        .await;
    let browser = Browser::start().await;
    browser.client.goto(&worker.url("/")).await.unwrap();
    // Two areas and none chosen: online meetings only, and a prompt.
    browser
        .wait_for_text("area-prompt", "Choose your area")
        .await;
    browser.wait_for_text("sync-status", "Up to date").await;
    browser.wait_for_text("result-count", "12 meetings").await;

    browser.client.goto(&worker.url("/settings")).await.unwrap();
    let area = browser.find("[data-testid='home-area']").await;
    browser.wait_for_text("home-area", "France").await;
    browser.screenshot("settings").await;
    area.select_by_value("gb").await.expect("choose gb");
    browser.client.goto(&worker.url("/")).await.unwrap();
    browser.wait_for_text("result-count", "15 meetings").await;
    browser
        .wait_for_text("meeting-name", "Newcomers Step Meeting")
        .await;

    choose_area(&browser, &worker, "fr").await;
    browser.client.goto(&worker.url("/")).await.unwrap();
    browser.wait_for_text("result-count", "13 meetings").await;
    browser
        .wait_for_text("meeting-name", "Paris Face to Face")
        .await;
    let names = browser.texts("meeting-name").await;
    assert!(
        !names.iter().any(|n| n == "Newcomers Step Meeting"),
        "the old area left the device: {names:?}"
    );
    let saved = browser
        .run_async("const db = await new Promise((ok, no) => { const r = indexedDB.open('lantern'); r.onsuccess = () => ok(r.result); r.onerror = no; }); const keys = await new Promise(ok => { const r = db.transaction('shards').objectStore('shards').getAllKeys(); r.onsuccess = () => ok(r.result); }); db.close(); return keys;")
        .await;
    assert_eq!(saved, serde_json::json!(["fr", "online"]));
    browser.close().await;
}

/// Chooses `area` as the home area in Settings, once it is offered.
async fn choose_area(browser: &Browser, worker: &LocalWorker, area: &str) {
    browser.client.goto(&worker.url("/settings")).await.unwrap();
    browser
        .find(&format!("[data-testid='home-area'] option[value='{area}']"))
        .await;
    browser
        .find("[data-testid='home-area']")
        .await
        .select_by_value(area)
        .await
        .expect("choose the area");
}

/// Saves the meeting whose page is open to my meetings.
/// Taps Join on a meeting's page (its link opens in a new tab, which the
/// test leaves alone), as a person does before going to the meeting.
async fn join_from_its_page(browser: &Browser) {
    let here = browser.client.window().await.expect("this tab");
    // Before a person's first online meeting, the tech check is offered
    // first; "Join now" goes on.
    let first = offer_state(browser).await == "not-offered";
    browser.click("[data-testid='join-link']").await;
    if first {
        browser.wait_for_text("first-join-offer", "Join now").await;
        browser.click("[data-testid='first-join-now']").await;
    }
    // The app keeps the join in its own time: wait until the device has it.
    wait_for("the join kept", Duration::from_secs(10), || async {
        database_text(browser)
            .await
            .contains(r#""key":"joined""#)
            .then_some(())
    })
    .await;
    browser
        .client
        .switch_to_window(here)
        .await
        .expect("back to the app");
}

async fn save_to_my_meetings(browser: &Browser) {
    browser.click("[data-testid='favourite']").await;
    browser
        .wait_for_text("favourite", "Remove from my meetings")
        .await;
}

/// An online meeting in UTC that starts `minutes` from now, as a Meeting
/// Guide row.
fn online_meeting_starting_in(name: &str, slug: &str, minutes: u64) -> serde_json::Value {
    let at = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("a clock after 1970")
        .as_secs()
        + minutes * 60;
    let days = at / 86_400;
    let minute_of_day = (at % 86_400) / 60;
    serde_json::json!({
        "name": name, "slug": slug,
        // 1970-01-01 was a Thursday; Meeting Guide counts from Sunday.
        "day": (days + 4) % 7,
        "time": format!("{:02}:{:02}", minute_of_day / 60, minute_of_day % 60),
        "timezone": "UTC",
        "conference_url": format!("https://example.org/demo/{slug}"),
    })
}

#[tokio::test]
async fn my_meetings_warn_before_a_start_and_say_what_left_the_directory() {
    let worker = LocalWorker::start_paging_by(PAGE).await;
    let online = |meetings: serde_json::Value| serde_json::to_vec(&meetings).unwrap();
    let soon = online_meeting_starting_in("Starting Soon Online", "starting-soon", 10);
    let leaving = online_meeting_starting_in("Going Away Online", "going-away", 600);
    worker
        .import(
            "demo-soon",
            "aa",
            online(serde_json::json!([soon, leaving])),
        )
        .await;
    let paris = serde_json::json!([{
        "name": "Paris Face to Face", "slug": "paris", "day": 3, "time": "19:00",
        "location": "Salle", "formatted_address": "1 Rue Exemple, Paris, FR"
    }]);
    worker
        .import_in("demo-paris", "na", "fr", online(paris))
        .await;
    let browser = Browser::start().await;
    choose_area(&browser, &worker, "fr").await;
    for id in ["demo-soon%3Astarting-soon", "demo-soon%3Agoing-away"] {
        browser
            .client
            .goto(&worker.url(&format!("/m/{id}")))
            .await
            .unwrap();
        save_to_my_meetings(&browser).await;
    }

    // While the app is open, a saved meeting about to start says so.
    browser.client.goto(&worker.url("/mine")).await.unwrap();
    browser
        .wait_for_text("starts-soon-banner", "Starting Soon Online starts in")
        .await;

    // One saved meeting leaves the directory, and so does the whole area.
    worker
        .import("demo-soon", "aa", online(serde_json::json!([soon])))
        .await;
    worker.upload("demo-paris", b"[]".to_vec(), true).await;
    browser.client.goto(&worker.url("/")).await.unwrap();
    browser
        .wait_for_text("area-gone", "no longer in the directory")
        .await;
    browser.wait_for_text("sync-status", "Up to date").await;
    let names = browser.texts("meeting-name").await;
    assert!(
        !names.iter().any(|n| n == "Paris Face to Face"),
        "the vanished area's meetings left the device: {names:?}"
    );
    browser.client.goto(&worker.url("/mine")).await.unwrap();
    browser
        .wait_for_text("favourite-gone", "Going Away Online")
        .await;
    browser
        .wait_for_text("starts-soon-banner", "Starting Soon Online")
        .await;
    browser.screenshot("mine-gone").await;
    browser.close().await;
}

/// Waits until the log's history lists these days, newest first, each
/// line containing its text.
async fn history_reads(browser: &Browser, expected: [&str; 2]) {
    wait_for(
        "the days in the history",
        Duration::from_secs(30),
        || async {
            let days = browser.try_texts("history-day").await?;
            let right = days.len() == expected.len()
                && days
                    .iter()
                    .zip(expected)
                    .all(|(day, text)| day.contains(text));
            right.then_some(())
        },
    )
    .await;
}

/// The value of a form field.
async fn value_of(browser: &Browser, css: &str) -> String {
    browser
        .find(css)
        .await
        .prop("value")
        .await
        .ok()
        .flatten()
        .unwrap_or_default()
}

#[tokio::test]
async fn a_check_in_stays_on_the_device_and_a_past_day_can_be_edited() {
    let (worker, browser) = demo_app("/log").await;
    browser
        .wait_for_text("history-empty", "No check-ins yet")
        .await;
    browser.click("[data-testid='mood'][value='4']").await;
    browser
        .run_async(
            "const range = document.querySelector('[data-testid=craving]');
            range.value = '6'; range.dispatchEvent(new Event('input', { bubbles: true })); return true;",
        )
        .await;
    browser.wait_for_text("craving-value", "6").await;
    browser
        .find("[data-testid='note']")
        .await
        .send_keys("Slept well <3")
        .await
        .expect("type a note");
    browser.click("[data-testid='save-check-in']").await;
    browser
        .wait_for_text("check-in-status", "Saved on this device")
        .await;
    browser.wait_for_text("streak", "1 day in a row").await;

    // Still there after a reload.
    browser.client.refresh().await.expect("reload");
    browser.wait_for_text("streak", "1 day in a row").await;
    assert_eq!(
        value_of(&browser, "[data-testid='note']").await,
        "Slept well <3"
    );
    assert_eq!(value_of(&browser, "[data-testid='craving']").await, "6");
    let checked = browser
        .run_async("return document.querySelector('[data-testid=mood]:checked').value;")
        .await;
    assert_eq!(checked, "4");

    // Yesterday, filled in afterwards, then changed.
    let yesterday = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
        .yesterday()
        .expect("a yesterday");
    let path = format!("/log?day={yesterday}");
    browser.client.goto(&worker.url(&path)).await.unwrap();
    browser.click("[data-testid='mood'][value='2']").await;
    browser.click("[data-testid='save-check-in']").await;
    browser.wait_for_text("streak", "2 days in a row").await;
    browser.client.goto(&worker.url(&path)).await.unwrap();
    browser.click("[data-testid='mood'][value='3']").await;
    browser.click("[data-testid='save-check-in']").await;
    browser
        .wait_for_text("check-in-status", "Saved on this device")
        .await;
    // Newest first: today, then yesterday as changed.
    history_reads(
        &browser,
        ["Good · cravings 6 of 10", "Okay · cravings 0 of 10"],
    )
    .await;
    browser.screenshot("log").await;

    // A note that would be web page code is refused, and nothing changes.
    browser.client.goto(&worker.url("/log")).await.unwrap();
    browser.wait_for_text("streak", "2 days in a row").await;
    browser
        .find("[data-testid='note']")
        .await
        .send_keys(" <script>")
        .await
        .expect("type");
    browser.click("[data-testid='save-check-in']").await;
    browser
        .wait_for_text("check-in-status", "looks like web page code")
        .await;
    browser.client.refresh().await.expect("reload");
    browser.wait_for_text("streak", "2 days in a row").await;
    assert_eq!(
        value_of(&browser, "[data-testid='note']").await,
        "Slept well <3"
    );
    browser.close().await;
}

#[tokio::test]
async fn the_history_has_a_calendar_meetings_each_week_and_reflections() {
    let (worker, browser) = demo_app("/m/demo-aa%3Ahybrid-circle").await;
    join_from_its_page(&browser).await;
    browser.client.goto(&worker.url("/log")).await.unwrap();
    browser
        .wait_for_text("history-empty", "No check-ins yet")
        .await;
    browser.click("[data-testid='mood'][value='4']").await;
    browser.click("[data-testid='went']").await;
    type_into(&browser, &[("[data-testid='meeting-other']", "Park group")]).await;
    browser.click(".reflections summary").await;
    for (which, value) in [("hope", "4"), ("connectedness", "5")] {
        browser
            .find(&format!("[data-testid='reflection-{which}']"))
            .await
            .select_by_value(value)
            .await
            .expect("a rating");
    }
    browser.click("[data-testid='save-check-in']").await;
    browser.wait_for_text("streak", "1 day in a row").await;
    browser
        .wait_for_text(
            "meetings-chart-text",
            "2 meetings in the last 12 weeks; at most 2 in one week; 2 meetings this week.",
        )
        .await;
    browser.click(".reflection-charts summary").await;
    browser
        .wait_for_text(
            "reflection-hope-text",
            "Hopeful about the future: 1 day rated in the last 30 days, from “Quite a lot” to “Quite a lot”.",
        )
        .await;
    browser
        .wait_for_text("reflection-connectedness-text", "“Very much”")
        .await;
    // Reflections not given draw no chart.
    let charts = browser
        .run_async("return document.querySelectorAll('[data-testid^=reflection-][data-testid$=-text]').length;")
        .await;
    assert_eq!(charts, 2);

    // The calendar: today is marked with its mood; the month before has
    // no check-in, and any of its days opens to be filled in.
    let today = jiff::Zoned::now().date();
    let month = browser
        .find("[data-testid='calendar-title']")
        .await
        .text()
        .await
        .unwrap();
    assert!(month.contains(&today.year().to_string()), "{month}");
    let label = browser
        .run_async("return document.querySelector('[data-testid=calendar-day][aria-current=date]').getAttribute('aria-label');")
        .await;
    assert!(
        label.as_str().unwrap_or("").ends_with("checked in, Good"),
        "{label}"
    );
    browser
        .run_async(
            "document.querySelector('[data-testid=calendar]').scrollIntoView(); return true;",
        )
        .await;
    browser.screenshot("log-calendar").await;
    browser
        .run_async(
            "document.querySelector('[data-testid=meetings-chart]').scrollIntoView(); return true;",
        )
        .await;
    browser.screenshot("log-meetings-chart").await;
    browser.click("[data-testid='calendar-previous']").await;
    wait_for("the month before", Duration::from_secs(10), || async {
        let shown = browser
            .find("[data-testid='calendar-title']")
            .await
            .text()
            .await
            .ok()?;
        (shown != month).then_some(())
    })
    .await;
    let logged = browser
        .run_async("return document.querySelectorAll('[data-testid=calendar-day].logged').length;")
        .await;
    assert_eq!(logged, 0);
    browser.click("[data-testid='calendar-day']").await;
    wait_for("an earlier day's form", Duration::from_secs(10), || async {
        let url = browser.client.current_url().await.ok()?.to_string();
        url.contains("?day=").then_some(())
    })
    .await;
    let url = browser.client.current_url().await.unwrap().to_string();
    let first = today.first_of_month().yesterday().unwrap().first_of_month();
    assert!(url.ends_with(&format!("?day={first}")), "{url}");

    // The reflections come back with the day.
    browser.client.goto(&worker.url("/log")).await.unwrap();
    browser.wait_for_text("streak", "1 day in a row").await;
    assert_eq!(
        value_of(&browser, "[data-testid='reflection-hope']").await,
        "4"
    );
    assert_eq!(
        value_of(&browser, "[data-testid='reflection-meaning']").await,
        ""
    );
    let violations = browser.accessibility_violations().await;
    assert!(violations.is_empty(), "{violations:#?}");
    browser.close().await;
}

/// Sets a form field the way a person's choice does, and tells the page.
async fn choose_value(browser: &Browser, css: &str, value: &str) {
    let script = format!(
        "const field = document.querySelector({css:?}); field.value = {value:?};
        field.dispatchEvent(new Event('change', {{ bubbles: true }})); return true;"
    );
    browser.find(css).await;
    browser.run_async(&script).await;
}

#[tokio::test]
async fn the_reminder_offers_a_check_in_until_there_is_one() {
    let (worker, browser) = demo_app("/log").await;
    browser
        .wait_for_text("history-empty", "No check-ins yet")
        .await;
    browser.click("[data-testid='reminder-on']").await;
    assert_eq!(
        value_of(&browser, "[data-testid='reminder-time']").await,
        "20:00"
    );
    // A time already past today: the prompt is due.
    choose_value(&browser, "[data-testid='reminder-time']", "00:00").await;
    browser.client.goto(&worker.url("/")).await.unwrap();
    browser
        .wait_for_text("reminder", "No check-in yet today")
        .await;
    browser.screenshot("reminder").await;
    browser.click("[data-testid='reminder-check-in']").await;
    browser.click("[data-testid='mood'][value='3']").await;
    browser.click("[data-testid='save-check-in']").await;
    browser.wait_for_text("streak", "1 day in a row").await;
    browser.click("nav a[href='/']").await;
    browser.find("[data-testid='sync-status']").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let shown = browser
        .run_async("return document.querySelectorAll('[data-testid=reminder]').length;")
        .await;
    assert_eq!(shown, 0, "checked in: no reminder");

    // Another day without a check-in: "Not today" puts it off, across a
    // reload; a time still to come shows nothing.
    let yesterday = jiff::Zoned::now().date().yesterday().unwrap();
    browser
        .client
        .goto(&worker.url(&format!("/log?day={yesterday}")))
        .await
        .unwrap();
    browser.click("[data-testid='delete-everything']").await;
    browser.click("[data-testid='delete-yes']").await;
    browser
        .wait_for_text("history-empty", "No check-ins yet")
        .await;
    browser.click("[data-testid='reminder-on']").await;
    choose_value(&browser, "[data-testid='reminder-time']", "00:00").await;
    browser.click("nav a[href='/mine']").await;
    browser
        .wait_for_text("reminder", "No check-in yet today")
        .await;
    browser.click("[data-testid='reminder-not-today']").await;
    // Reloaded once the device has kept it (the tap hides it at once).
    wait_for("the put-off kept", Duration::from_secs(10), || async {
        database_text(&browser)
            .await
            .contains("reminder_put_off")
            .then_some(())
    })
    .await;
    browser.client.refresh().await.expect("reload");
    browser.find("h1").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let shown = browser
        .run_async("return document.querySelectorAll('[data-testid=reminder]').length;")
        .await;
    assert_eq!(shown, 0, "put off for today");
    drop(worker);
    browser.close().await;
}

#[tokio::test]
async fn a_counter_counts_days_and_keeps_its_history_when_started_again() {
    let (worker, browser) = demo_app("/log").await;
    browser
        .wait_for_text("counters-empty", "keeps count of days")
        .await;
    let since = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
        .checked_sub(jiff::Span::new().days(10))
        .expect("ten days ago");
    browser
        .find("[data-testid='counter-name']")
        .await
        .send_keys("alcohol-free")
        .await
        .expect("name it");
    browser
        .run_async(&format!(
            "const input = document.querySelector('[data-testid=counter-since]');
            input.value = '{since}'; input.dispatchEvent(new Event('input', {{ bubbles: true }})); return true;"
        ))
        .await;
    browser.click("[data-testid='counter-add']").await;
    browser.wait_for_text("counter-days", "10 days").await;
    browser
        .wait_for_text("milestone", "Milestone reached: 7 days")
        .await;

    browser.click("[data-testid='restart']").await;
    browser.click("[data-testid='restart-yes']").await;
    browser.wait_for_text("counter-days", "0 days").await;
    browser
        .wait_for_text("counter-history", "Earlier: 10 days")
        .await;

    browser.client.goto(&worker.url("/log")).await.unwrap();
    browser.wait_for_text("counter-days", "0 days").await;
    browser
        .wait_for_text("counter-history", "Earlier: 10 days")
        .await;
    browser
        .run_async("document.querySelector('.counters').scrollIntoView(); return true;")
        .await;
    browser.screenshot("counters").await;
    browser.close().await;
}

#[tokio::test]
async fn a_hard_day_offers_my_people_and_meetings_starting_soon() {
    let (worker, browser) = demo_app("/log").await;
    browser
        .wait_for_text("people-empty", "people you trust")
        .await;
    let type_into = |css: &'static str, text: &'static str| {
        let browser = &browser;
        async move {
            browser.find(css).await.send_keys(text).await.expect("type");
        }
    };
    type_into("[data-testid='person-name']", "Sam").await;
    type_into("[data-testid='person-phone']", "+1 555 0100").await;
    browser.click("[data-testid='person-add']").await;
    browser.wait_for_text("person", "Call Sam").await;

    // A good day offers nothing.
    browser.click("[data-testid='mood'][value='4']").await;
    browser.click("[data-testid='save-check-in']").await;
    browser
        .wait_for_text("check-in-status", "Saved on this device")
        .await;
    assert_eq!(browser.try_texts("hard-day").await, Some(vec![]));

    // A very low one does, side by side.
    browser.click("[data-testid='mood'][value='1']").await;
    browser.click("[data-testid='save-check-in']").await;
    let offer = browser.wait_for_text("hard-day", "Call Sam").await;
    assert!(offer.contains("See meetings starting soon"), "{offer}");
    assert!(offer.contains("Need help now"), "{offer}");
    let call = browser
        .find("[data-testid='hard-day'] [data-testid='call']")
        .await
        .attr("href")
        .await
        .unwrap();
    assert_eq!(call.as_deref(), Some("tel:+15550100"));
    browser.screenshot("hard-day").await;
    browser.click("[data-testid='soon-meetings']").await;
    browser
        .wait_for_url("meetings starting soon", |u| u.ends_with("/?w=soon"))
        .await;

    // Still there after a reload, and removable.
    browser.client.goto(&worker.url("/log")).await.unwrap();
    browser.wait_for_text("person", "Sam").await;
    browser
        .click_text("[data-testid='person'] button", "Remove Sam")
        .await;
    browser
        .wait_for_text("people-empty", "people you trust")
        .await;
    browser.close().await;
}

/// Saves a copy of the log as a person does, and returns the file's text
/// (caught as the page hands it to the browser).
async fn save_a_copy(browser: &Browser) -> String {
    save_a_copy_with(browser, "[data-testid='backup-save']").await
}

/// Runs `act` and returns the text of the file it hands the browser.
async fn save_a_copy_with(browser: &Browser, button: &str) -> String {
    browser
        .run_async(
            "window.__copy = null; const make = URL.createObjectURL;
            URL.createObjectURL = blob => { window.__copy = blob; return make.call(URL, blob); };
            return true;",
        )
        .await;
    browser.click(button).await;
    wait_for("the copy", Duration::from_secs(30), || async {
        browser
            .run_async("return window.__copy ? await window.__copy.text() : null;")
            .await
            .as_str()
            .map(str::to_owned)
    })
    .await
}

#[tokio::test]
async fn a_copy_of_the_log_comes_back_whole_and_a_broken_one_changes_nothing() {
    let (worker, browser) = demo_app("/log").await;
    browser.click("[data-testid='mood'][value='4']").await;
    browser
        .find("[data-testid='note']")
        .await
        .send_keys("Line one, \"quoted\"\nline two <3")
        .await
        .expect("type");
    browser.click("[data-testid='save-check-in']").await;
    browser.wait_for_text("streak", "1 day in a row").await;
    for (css, text) in [
        ("[data-testid='counter-name']", "alcohol-free"),
        ("[data-testid='person-name']", "Sam"),
        ("[data-testid='person-phone']", "+1 555 0100"),
    ] {
        browser.find(css).await.send_keys(text).await.expect("type");
    }
    browser.click("[data-testid='counter-add']").await;
    browser.click("[data-testid='person-add']").await;
    browser.wait_for_text("counter", "alcohol-free").await;
    browser.wait_for_text("person", "Sam").await;

    let copy = save_a_copy(&browser).await;
    assert!(copy.contains("\"format\":\"lantern-log\""), "{copy}");
    let dir = std::env::temp_dir().join(format!("lantern-copy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("lantern-log.json");
    let broken = dir.join("lantern-log-cut.json");
    std::fs::write(&good, &copy).unwrap();
    std::fs::write(&broken, &copy[..copy.len() / 2]).unwrap();

    // A copy cut in half is refused, and the log is as it was.
    browser
        .find("[data-testid='backup-file']")
        .await
        .send_keys(broken.to_str().unwrap())
        .await
        .expect("choose the broken copy");
    browser.wait_for_text("backup-status", "ends early").await;
    browser.client.refresh().await.expect("reload");
    browser.wait_for_text("streak", "1 day in a row").await;

    // Delete everything, then bring the copy back: the same log.
    browser.click("[data-testid='delete-everything']").await;
    browser.click("[data-testid='delete-yes']").await;
    browser
        .wait_for_text("history-empty", "No check-ins yet")
        .await;
    browser.wait_for_text("counters-empty", "keeps count").await;
    browser
        .wait_for_text("people-empty", "people you trust")
        .await;
    browser
        .find("[data-testid='backup-file']")
        .await
        .send_keys(good.to_str().unwrap())
        .await
        .expect("choose the copy");
    browser
        .wait_for_text("backup-preview", "1 check-in, 1 counter and 1 person")
        .await;
    browser.click("[data-testid='backup-replace']").await;
    browser.wait_for_text("streak", "1 day in a row").await;
    browser.wait_for_text("person", "Sam").await;
    assert_eq!(
        save_a_copy(&browser).await,
        copy,
        "the same log, byte for byte"
    );
    let _ = std::fs::remove_dir_all(&dir);
    drop(worker);
    browser.close().await;
}

/// Waits until the tab has left the app's origin.
async fn left_the_app(browser: &Browser, origin: &str) -> String {
    wait_for("quick exit", Duration::from_secs(30), || async {
        let url = browser.client.current_url().await.ok()?.to_string();
        (!url.starts_with(origin)).then_some(url)
    })
    .await
}

#[tokio::test]
async fn quick_exit_leaves_no_trail_in_the_back_button() {
    let (worker, browser) = demo_app("/").await;
    let origin = worker.url("");
    for (how, keys) in [
        ("the Exit button", None),
        ("Escape twice", Some("\u{E00C}")),
    ] {
        // Three pages of the app in this tab's history, one of them reloaded.
        browser.client.goto(&worker.url("/")).await.unwrap();
        browser.find("[data-testid='sync-status']").await;
        browser.click("nav a[href='/log']").await;
        browser.find("[data-testid='check-in']").await;
        browser.client.refresh().await.expect("reload");
        browser.find("[data-testid='check-in']").await;
        browser.click("nav a[href='/settings']").await;
        browser.find("h1").await;
        match keys {
            None => browser.click("[data-testid='quick-exit']").await,
            Some(escape) => {
                let body = browser.find("body").await;
                body.send_keys(escape).await.expect("Escape");
                body.send_keys(escape).await.expect("Escape again");
            }
        }
        let url = left_the_app(&browser, &origin).await;
        assert!(url.contains("google.com/search?q=weather"), "{how}: {url}");
        // Back leads to what came before the app, not into it.
        browser.client.back().await.expect("back");
        tokio::time::sleep(Duration::from_millis(500)).await;
        let url = browser.client.current_url().await.expect("url").to_string();
        assert!(!url.starts_with(&origin), "{how}: back returned to {url}");
    }
    browser.close().await;
}

/// Everything the app's database holds, store by store, as one text
/// (bytes as Latin-1), to look for what must not be there.
async fn database_text(browser: &Browser) -> String {
    let text = browser
        .run_async(
            "const db = await new Promise((ok, no) => {
                const r = indexedDB.open('lantern'); r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });
            const out = {};
            for (const name of db.objectStoreNames) {
                out[name] = await new Promise((ok, no) => {
                    const r = db.transaction(name).objectStore(name).getAll();
                    r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });
            }
            db.close();
            return JSON.stringify(out, (k, v) => v instanceof Uint8Array
                ? Array.from(v, b => String.fromCharCode(b)).join('') : v);",
        )
        .await;
    text.as_str().expect("the database as text").to_owned()
}

async fn type_into(browser: &Browser, fields: &[(&str, &str)]) {
    for (css, text) in fields {
        let field = browser.find(css).await;
        field.clear().await.expect("clear");
        field.send_keys(text).await.expect("type");
    }
}

/// Types `passphrase` twice into the form `form` (its passphrase and the
/// same again), as a new lock or an encrypted copy asks.
async fn type_passphrase_twice(browser: &Browser, form: &str, passphrase: &str) {
    let field = |name: &str| format!("[data-testid='{form}'] [data-testid='{name}']");
    type_into(
        browser,
        &[
            (&field("passphrase"), passphrase),
            (&field("passphrase-again"), passphrase),
        ],
    )
    .await;
}

/// Types a passphrase into the locked log's form and taps Unlock.
async fn unlock_with(browser: &Browser, passphrase: &str) {
    type_into(
        browser,
        &[("[data-testid='unlock-passphrase']", passphrase)],
    )
    .await;
    browser.click("[data-testid='unlock-button']").await;
}

#[tokio::test]
async fn a_locked_log_keeps_no_plaintext_and_opens_whole_with_its_passphrase() {
    let (worker, browser) = demo_app("/log").await;
    let secrets = ["Lock-note-4412", "Lock-Counter", "Lock-Sam", "555 0142"];
    browser.click("[data-testid='mood'][value='4']").await;
    type_into(
        &browser,
        &[
            ("[data-testid='note']", "Lock-note-4412"),
            ("[data-testid='counter-name']", "Lock-Counter"),
            ("[data-testid='person-name']", "Lock-Sam"),
            ("[data-testid='person-phone']", "+1 555 0142"),
        ],
    )
    .await;
    browser.click("[data-testid='save-check-in']").await;
    browser.click("[data-testid='counter-add']").await;
    browser.click("[data-testid='person-add']").await;
    browser.wait_for_text("counter", "Lock-Counter").await;
    browser.wait_for_text("person", "Lock-Sam").await;
    browser.wait_for_text("streak", "1 day in a row").await;
    let plain_copy = save_a_copy(&browser).await;
    let stored = database_text(&browser).await;
    assert!(
        stored.contains("Lock-note-4412"),
        "the watch sees plaintext when there is some"
    );

    browser
        .run_async(
            "document.querySelector('[data-testid=lock-form]').scrollIntoView(); return true;",
        )
        .await;
    browser.screenshot("log-lock-form").await;
    // A short passphrase is refused; a good one locks the log.
    type_passphrase_twice(&browser, "lock-form", "short").await;
    browser.click("[data-testid='lock-turn-on']").await;
    browser
        .wait_for_text("lock-status", "at least 8 characters")
        .await;
    let passphrase = "river stone lamp 7";
    type_passphrase_twice(&browser, "lock-form", passphrase).await;
    browser.click("[data-testid='lock-turn-on']").await;
    browser
        .wait_for_text("lock-on", "locked with a passphrase")
        .await;
    let stored = database_text(&browser).await;
    for secret in secrets {
        assert!(
            !stored.contains(secret),
            "{secret} is stored in plaintext: {stored}"
        );
    }
    assert!(stored.contains("lantern-sealed"), "no sealed log: {stored}");
    assert!(!stored.contains(passphrase), "the passphrase is stored");

    // Reloaded, the log is locked; a wrong passphrase does not open it.
    browser.client.refresh().await.expect("reload");
    browser.wait_for_text("unlock", "Passphrase").await;
    browser.screenshot("log-locked").await;
    let page = browser.find("main").await.text().await.expect("page text");
    assert!(!page.contains("Lock-note-4412"), "{page}");
    unlock_with(&browser, "river stone lamp 8").await;
    browser
        .wait_for_text("unlock-status", "does not open")
        .await;
    unlock_with(&browser, passphrase).await;
    browser.wait_for_text("streak", "1 day in a row").await;
    assert_eq!(
        save_a_copy(&browser).await,
        plain_copy,
        "everything is back"
    );

    // A check-in saved while locked is sealed too.
    browser.click("[data-testid='mood'][value='2']").await;
    browser.click("[data-testid='save-check-in']").await;
    browser.wait_for_text("history-day", "Low").await;
    let stored = database_text(&browser).await;
    assert!(!stored.contains("Lock-note-4412"), "{stored}");

    // An encrypted copy holds no plaintext either.
    browser.click("[data-testid='backup-encrypted']").await;
    let copy_passphrase = "harbour light 42";
    type_passphrase_twice(&browser, "encrypted-form", copy_passphrase).await;
    let sealed_copy = save_a_copy_with(&browser, "[data-testid='encrypted-save']").await;
    assert!(
        sealed_copy.contains("\"format\":\"lantern-sealed\""),
        "{sealed_copy}"
    );
    for secret in secrets {
        assert!(
            !sealed_copy.contains(secret),
            "{secret} in the encrypted copy"
        );
    }
    let before = save_a_copy(&browser).await;

    // Lock now, then remove the lock: the log is kept plainly again.
    browser.click("[data-testid='lock-now']").await;
    browser.wait_for_text("unlock", "Passphrase").await;
    unlock_with(&browser, passphrase).await;
    browser.click("[data-testid='lock-remove']").await;
    browser.click("[data-testid='lock-remove-yes']").await;
    browser.find("[data-testid='lock-form']").await;
    let stored = database_text(&browser).await;
    assert!(
        stored.contains("Lock-note-4412") && !stored.contains("lantern-sealed"),
        "{stored}"
    );
    assert_eq!(save_a_copy(&browser).await, before);

    // The encrypted copy comes back with its passphrase, and only with it.
    browser.click("[data-testid='delete-everything']").await;
    browser.click("[data-testid='delete-yes']").await;
    browser
        .wait_for_text("history-empty", "No check-ins yet")
        .await;
    let dir = std::env::temp_dir().join(format!("lantern-sealed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("lantern-log-encrypted.json");
    std::fs::write(&file, &sealed_copy).unwrap();
    browser
        .find("[data-testid='backup-file']")
        .await
        .send_keys(file.to_str().unwrap())
        .await
        .expect("choose the encrypted copy");
    type_into(&browser, &[("[data-testid='copy-passphrase']", passphrase)]).await;
    browser.click("[data-testid='copy-open']").await;
    browser
        .wait_for_text("backup-status", "does not open")
        .await;
    type_into(
        &browser,
        &[("[data-testid='copy-passphrase']", copy_passphrase)],
    )
    .await;
    browser.click("[data-testid='copy-open']").await;
    browser
        .wait_for_text("backup-preview", "1 check-in, 1 counter and 1 person")
        .await;
    browser.click("[data-testid='backup-replace']").await;
    browser.wait_for_text("person", "Lock-Sam").await;
    assert_eq!(save_a_copy(&browser).await, before);
    let _ = std::fs::remove_dir_all(&dir);
    drop(worker);
    browser.close().await;
}

/// Records every request the page makes from now on: what `fetch`,
/// `XMLHttpRequest` and `sendBeacon` send (address and body), and every
/// resource the browser loads (address).
const WATCH_REQUESTS: &str = "window.__requests = [];
    const note = (url, body) => window.__requests.push([String(url), body == null ? '' : String(body)]);
    const fetch0 = window.fetch;
    window.fetch = (input, init) => { note(input && input.url ? input.url : input, init && init.body); return fetch0(input, init); };
    const open0 = XMLHttpRequest.prototype.open, send0 = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.open = function (method, url, ...rest) { this.__url = url; return open0.call(this, method, url, ...rest); };
    XMLHttpRequest.prototype.send = function (body) { note(this.__url, body); return send0.call(this, body); };
    const beacon0 = navigator.sendBeacon.bind(navigator);
    navigator.sendBeacon = (url, body) => { note(url, body); return beacon0(url, body); };
    new PerformanceObserver(list => { for (const e of list.getEntries()) note(e.name, null); })
        .observe({ type: 'resource', buffered: false });
    return true;";

#[tokio::test]
async fn using_the_log_sends_nothing_of_it_anywhere() {
    let (worker, browser) = demo_app("/log").await;
    browser
        .wait_for_text("history-empty", "No check-ins yet")
        .await;
    browser.run_async(WATCH_REQUESTS).await;
    let secrets = [
        "Quiet-note-7731",
        "Secret-Counter",
        "Sam-Private",
        "555 0199",
    ];
    browser.click("[data-testid='mood'][value='2']").await;
    for (css, text) in [
        ("[data-testid='note']", "Quiet-note-7731"),
        ("[data-testid='counter-name']", "Secret-Counter"),
        ("[data-testid='person-name']", "Sam-Private"),
        ("[data-testid='person-phone']", "+1 555 0199"),
    ] {
        browser.find(css).await.send_keys(text).await.expect("type");
    }
    browser.click("[data-testid='save-check-in']").await;
    browser.click("[data-testid='counter-add']").await;
    browser.click("[data-testid='person-add']").await;
    browser.wait_for_text("hard-day", "Call Sam-Private").await;
    browser.wait_for_text("counter", "Secret-Counter").await;
    save_a_copy(&browser).await;
    // The browser's answer about keeping the log is shown, whichever it is.
    let kept = browser.wait_for_text("storage-note", "This browser").await;
    assert!(kept.contains("log"), "{kept}");
    // Finding meetings meanwhile still talks to the directory, and only it.
    browser.client.goto(&worker.url("/")).await.unwrap();
    browser.run_async(WATCH_REQUESTS).await;
    browser.wait_for_text("sync-status", "Up to date").await;
    browser.client.goto(&worker.url("/log")).await.unwrap();
    browser.run_async(WATCH_REQUESTS).await;
    browser.wait_for_text("streak", "1 day in a row").await;
    browser.click("[data-testid='save-check-in']").await;
    browser
        .wait_for_text("check-in-status", "Saved on this device")
        .await;
    tokio::time::sleep(Duration::from_millis(500)).await;

    let requests = browser.run_async("return window.__requests;").await;
    let requests: Vec<(String, String)> = serde_json::from_value(requests).expect("requests");
    // The watch sees the app's own requests (the directory's sync).
    assert!(
        requests.iter().any(|(url, _)| url.contains("/v1/shards")),
        "the watch saw no request at all: {requests:?}"
    );
    let origin = worker.url("");
    for (url, body) in &requests {
        let ours = url.starts_with(&origin) || url.starts_with("blob:") || url.starts_with('/');
        assert!(ours, "a request to another origin: {url}");
        for secret in secrets {
            assert!(
                !url.contains(secret) && !body.contains(secret),
                "a request carries log data ({secret}): {url} {body}"
            );
        }
    }
    browser.close().await;
}

#[tokio::test]
async fn a_scripted_check_in_takes_four_taps() {
    // A saved meeting that does not meet today, and one joined from its
    // page: the check-in asks about the joined one first.
    let not_today = if jiff::Zoned::now().date().weekday() == jiff::civil::Weekday::Saturday {
        ("newcomers-step", "Newcomers Step Meeting")
    } else {
        ("saturday-big-book", "Saturday Morning Big Book Study")
    };
    let (worker, browser) = demo_app(&format!("/m/demo-aa%3A{}", not_today.0)).await;
    save_to_my_meetings(&browser).await;
    browser
        .client
        .goto(&worker.url("/m/demo-aa%3Ahybrid-circle"))
        .await
        .unwrap();
    join_from_its_page(&browser).await;
    browser.client.goto(&worker.url("/log")).await.unwrap();
    browser
        .wait_for_text("history-empty", "No check-ins yet")
        .await;
    let begin = std::time::Instant::now();
    let mut taps = 0;
    for css in [
        "[data-testid='mood'][value='3']",
        // The middle of the slider: 5 of 10.
        "[data-testid='craving']",
        "[data-testid='went']",
        "[data-testid='save-check-in']",
    ] {
        browser.click(css).await;
        taps += 1;
    }
    browser
        .wait_for_text("check-in-status", "Saved on this device")
        .await;
    let took = begin.elapsed();
    println!(
        "a scripted check-in (mood, cravings, one meeting, save): {taps} taps, {:.1} s over WebDriver",
        took.as_secs_f64()
    );
    browser
        .wait_for_text("history-day", "Okay · cravings 5 of 10")
        .await;
    // The joined meeting was the one ticked; the saved one waits, folded,
    // under "Other saved meetings".
    let ticked = browser
        .run_async("return document.querySelector(\"[data-testid='went']\").checked;")
        .await;
    assert_eq!(
        ticked,
        serde_json::json!(true),
        "the first meeting offered is ticked"
    );
    let offered = browser.try_texts("went-name").await.unwrap_or_default();
    assert_eq!(
        offered.first().map(String::as_str),
        Some("Hybrid Recovery Circle"),
        "{offered:?}"
    );
    let folded = browser
        .run_async("return document.querySelector('.other-saved').textContent;")
        .await;
    assert!(
        folded.as_str().unwrap_or("").contains(not_today.1),
        "{folded}"
    );
    browser.close().await;
}

#[tokio::test]
async fn two_tabs_writing_the_log_lose_nothing() {
    let (worker, browser) = demo_app("/log").await;
    browser
        .wait_for_text("history-empty", "No check-ins yet")
        .await;
    let first = browser.client.window().await.expect("this tab");
    let yesterday = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
        .yesterday()
        .expect("a yesterday");
    let second = browser.client.new_window(true).await.expect("a second tab");
    browser
        .client
        .switch_to_window(second.handle)
        .await
        .expect("to it");
    browser
        .client
        .goto(&worker.url(&format!("/log?day={yesterday}")))
        .await
        .unwrap();
    browser
        .wait_for_text("history-empty", "No check-ins yet")
        .await;

    // Each tab saves its day, one after the other and then again.
    for round in 0..2 {
        browser
            .client
            .switch_to_window(first.clone())
            .await
            .expect("first tab");
        browser.click("[data-testid='mood'][value='4']").await;
        browser.click("[data-testid='save-check-in']").await;
        browser
            .wait_for_text("check-in-status", "Saved on this device")
            .await;
        let handle = browser
            .client
            .windows()
            .await
            .expect("tabs")
            .into_iter()
            .find(|w| *w != first);
        browser
            .client
            .switch_to_window(handle.expect("second tab"))
            .await
            .expect("second tab");
        browser.click("[data-testid='mood'][value='2']").await;
        browser.click("[data-testid='save-check-in']").await;
        browser
            .wait_for_text("check-in-status", "Saved on this device")
            .await;
        let _ = round;
    }
    browser
        .client
        .switch_to_window(first)
        .await
        .expect("first tab");
    browser.client.refresh().await.expect("reload");
    history_reads(
        &browser,
        ["Good · cravings 0 of 10", "Low · cravings 0 of 10"],
    )
    .await;
    browser.wait_for_text("streak", "2 days in a row").await;
    // The mood chart says in words what it draws.
    browser
        .wait_for_text(
            "mood-chart-text",
            "2 check-ins in the last 30 days. Mood from Low to Good",
        )
        .await;
    let dots = browser
        .run_async("return document.querySelectorAll('[data-testid=mood-chart] circle').length;")
        .await;
    assert_eq!(dots, 2);
    browser
        .wait_for_text("craving-chart-text", "Cravings from 0 to 0 of 10")
        .await;
    // With a history, charts and all, the log still passes axe.
    let violations = browser.accessibility_violations().await;
    assert!(violations.is_empty(), "{violations:#?}");
    browser
        .run_async(
            "document.querySelector('[data-testid=mood-chart]').scrollIntoView(); return true;",
        )
        .await;
    browser.screenshot("mood-chart").await;
    browser.close().await;
}

#[tokio::test]
async fn speaks_spanish_when_asked_and_remembers_it() {
    let (worker, browser) = demo_app("/settings").await;
    browser
        .find("[data-testid='language']")
        .await
        .select_by_value("es")
        .await
        .expect("choose Spanish");
    browser.client.goto(&worker.url("/")).await.unwrap();
    browser.wait_for_text("result-count", "15 reuniones").await;
    browser.client.refresh().await.expect("reload");
    browser.wait_for_text("result-count", "15 reuniones").await;
    let lang = browser
        .run_async("return document.documentElement.lang;")
        .await;
    assert_eq!(lang, serde_json::json!("es"));
    browser.screenshot("finder-es").await;
    browser.close().await;
}

/// Where the help page's lines lead: their `tel:` and `sms:` links.
async fn help_links(browser: &Browser) -> Vec<String> {
    let links = browser
        .run_async("return [...document.querySelectorAll('[data-testid=help-line] a')].map(a => a.getAttribute('href'));")
        .await;
    serde_json::from_value(links).expect("links")
}

#[tokio::test]
async fn need_help_now_is_one_tap_away_for_the_persons_country_and_offline() {
    let (mut worker, browser) = demo_app_in_zone("/log", "Europe/London").await;
    browser.find("[data-testid='check-in']").await;
    browser.click("[data-testid='help-now']").await;
    browser.wait_for_text("emergency", "call 999 now").await;
    browser.wait_for_text("help-line", "Samaritans").await;
    let links = help_links(&browser).await;
    assert!(links.contains(&"tel:116123".to_owned()), "{links:?}");
    browser.screenshot("help").await;

    // Another country the file has: its own lines, with text where they take it.
    browser
        .find("[data-testid='help-country']")
        .await
        .select_by_value("US")
        .await
        .expect("the United States");
    browser.wait_for_text("emergency", "call 911 now").await;
    let links = help_links(&browser).await;
    assert!(links.contains(&"sms:988".to_owned()), "{links:?}");
    // A country it has no lines for: the emergency advice alone.
    browser
        .find("[data-testid='help-country']")
        .await
        .select_by_value("")
        .await
        .expect("another country");
    browser
        .wait_for_text("emergency", "call your local emergency number now")
        .await;
    let lines = browser
        .run_async("return document.querySelectorAll('[data-testid=help-line]').length;")
        .await;
    assert_eq!(lines, 0);

    // Offline, from a reload of another page: still one tap away.
    offline_ready(&browser).await;
    worker.stop().await;
    browser
        .client
        .goto(&worker.url("/settings"))
        .await
        .expect("offline page");
    browser.click("[data-testid='help-now']").await;
    browser.wait_for_text("emergency", "call 999 now").await;
    browser.close().await;
}

/// Waits until the service worker controls the page with a whole build
/// saved, and gives the names of the saved builds.
async fn offline_ready(browser: &Browser) -> serde_json::Value {
    wait_for("the service worker to control the page", Duration::from_secs(30), || async {
        let saved = browser
            .run_async(
                "await navigator.serviceWorker.ready;
                const saved = (await caches.keys()).filter(k => k.startsWith('lantern-'));
                return navigator.serviceWorker.controller !== null && saved.length > 0 ? saved : null;",
            )
            .await;
        (!saved.is_null()).then_some(saved)
    })
    .await
}

#[tokio::test]
async fn keeps_working_offline_after_one_sync() {
    let (mut worker, browser) = demo_app("/").await;
    browser.wait_for_text("sync-status", "Up to date").await;
    browser.wait_for_text("result-count", "15 meetings").await;

    // The service worker has saved the app shell.
    offline_ready(&browser).await;

    worker.stop().await;
    browser.client.refresh().await.expect("reload");
    browser.wait_for_text("sync-status", "offline").await;
    browser.wait_for_text("result-count", "15 meetings").await;
    browser.screenshot("offline").await;
    search(&browser, "women").await;
    browser
        .wait_for_texts("meeting-name", &["Women's Online Support Meeting"])
        .await;
    // Every page opens offline, each from its own address.
    for (path, ready) in [
        ("/m/demo-aa%3Ahybrid-circle", "meeting-title"),
        ("/log", "history-empty"),
        ("/guide", "guide"),
        ("/help", "emergency"),
        ("/first-meeting", "first-meeting"),
        ("/tech-check", "media-start"),
    ] {
        browser.client.goto(&worker.url(path)).await.unwrap();
        browser.find(&format!("[data-testid='{ready}']")).await;
    }
    browser.close().await;
}

#[tokio::test]
async fn opening_a_file_does_not_replace_the_app() {
    let (mut worker, browser) = demo_app("/").await;
    browser.wait_for_text("result-count", "15 meetings").await;
    offline_ready(&browser).await;
    // The icon and the service worker's own script, opened as pages: the
    // browser shows the files, and the saved app stays the app.
    for (path, kind) in [
        ("/icon.svg", "image/svg+xml"),
        ("/sw.js", "text/javascript"),
    ] {
        browser.client.goto(&worker.url(path)).await.unwrap();
        let shown = browser.run_async("return document.contentType;").await;
        assert_eq!(shown, kind, "{path}");
    }
    worker.stop().await;
    browser.client.goto(&worker.url("/")).await.unwrap();
    browser.wait_for_text("result-count", "15 meetings").await;
    browser.close().await;
}

/// Waits until the page is the test's second build (its `test-build`
/// meta).
async fn wait_for_test_build(browser: &Browser, what: &str) {
    wait_for(what, Duration::from_secs(30), || async {
        let build = browser
            .run_async("return document.querySelector('meta[name=test-build]')?.content ?? null;")
            .await;
        (build == "2").then_some(())
    })
    .await;
}

#[tokio::test]
async fn a_new_version_is_offered_and_taken_on_reload() {
    let mut worker = LocalWorker::start_with_own_assets().await;
    worker.seed_demo().await;
    let browser = Browser::start().await;
    browser.client.goto(&worker.url("/")).await.unwrap();
    browser.wait_for_text("result-count", "15 meetings").await;
    let first = offline_ready(&browser).await;
    assert_eq!(first.as_array().map(Vec::len), Some(1), "{first}");
    // A second tab of the app, on another page.
    let first_tab = browser.client.window().await.unwrap();
    let second_tab = browser.client.new_window(true).await.unwrap().handle;
    browser
        .client
        .switch_to_window(second_tab.clone())
        .await
        .unwrap();
    browser.client.goto(&worker.url("/settings")).await.unwrap();
    browser.find("[data-testid='home-area']").await;
    browser
        .client
        .switch_to_window(first_tab.clone())
        .await
        .unwrap();

    // A deploy: a changed page, so a new file list and version.
    let dist = worker.assets().expect("its own copy").to_owned();
    let edit = |file: &str, from: &str, to: &str| {
        let path = dist.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} has {from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    edit(
        "index.html",
        "<title>",
        "<meta name=\"test-build\" content=\"2\" /><title>",
    );
    edit("sw.js", "const VERSION = \"", "const VERSION = \"next-");
    worker.restart().await;
    browser
        .run_async("await (await navigator.serviceWorker.getRegistration()).update(); return true;")
        .await;
    browser
        .wait_for_text("update-ready", "A new version is ready")
        .await;
    browser.screenshot("update-ready").await;
    // Until the person reloads, the running version keeps its files and
    // works.
    let saved = browser
        .run_async("return (await caches.keys()).filter(k => k.startsWith('lantern-')).sort();")
        .await;
    assert_eq!(saved.as_array().map(Vec::len), Some(2), "{saved}");
    search(&browser, "women").await;
    browser
        .wait_for_texts("meeting-name", &["Women's Online Support Meeting"])
        .await;

    browser.click("[data-testid='update-reload']").await;
    wait_for_test_build(&browser, "the new version's page").await;
    let now = offline_ready(&browser).await;
    let name = now[0].as_str().unwrap_or_default().to_owned();
    assert!(name.starts_with("lantern-next-"), "{now}");
    assert_eq!(
        now.as_array().map(Vec::len),
        Some(1),
        "the old version's files are gone: {now}"
    );
    // The same address, in the new version.
    browser
        .wait_for_texts("meeting-name", &["Women's Online Support Meeting"])
        .await;
    // The other tab was handed to the new version too: it says so, and
    // its Reload loads the new version.
    browser.client.switch_to_window(second_tab).await.unwrap();
    browser
        .wait_for_text("update-ready", "A new version is ready")
        .await;
    browser.click("[data-testid='update-reload']").await;
    wait_for_test_build(&browser, "the new version in the other tab").await;
    browser.find("[data-testid='home-area']").await;
    browser.client.switch_to_window(first_tab).await.unwrap();
    assert!(browser
        .try_texts("update-ready")
        .await
        .unwrap_or_default()
        .is_empty());
    browser.close().await;
}

#[tokio::test]
async fn the_csp_blocks_an_injected_inline_script() {
    let (_worker, browser) = demo_app("/").await;
    browser.wait_for_text("result-count", "15 meetings").await;
    let outcome = browser
        .run_async(
            "window.__ran = false;
            const blocked = new Promise(done => document.addEventListener(
                'securitypolicyviolation', e => done(e.effectiveDirective), { once: true }));
            const script = document.createElement('script');
            script.textContent = 'window.__ran = true;';
            document.head.append(script);
            const waited = new Promise(done => setTimeout(() => done('not blocked'), 3000));
            return [await Promise.race([blocked, waited]), window.__ran];",
        )
        .await;
    assert_eq!(outcome, serde_json::json!(["script-src-elem", false]));
    browser.close().await;
}

#[tokio::test]
async fn a_rebuilt_directory_replaces_what_the_phone_saved() {
    let (mut worker, browser) = demo_app("/").await;
    browser.wait_for_text("sync-status", "Up to date").await;
    browser.wait_for_text("result-count", "15 meetings").await;

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
        .wait_for_texts("meeting-name", &["Fresh Start Hybrid"])
        .await;
    browser.wait_for_text("sync-status", "Up to date").await;
    browser.close().await;
}

#[tokio::test]
async fn a_meetings_page_leads_to_what_to_expect_at_a_first_meeting() {
    let (worker, browser) = demo_app("/m/demo-aa%3Anewcomers-step").await;
    // A meeting that welcomes newcomers says so in its link.
    browser
        .wait_for_text("first-meeting-link", "Newcomers welcome")
        .await;
    browser.screenshot("meeting-with-first-meeting-link").await;
    browser.click("[data-testid='first-meeting-link'] a").await;
    browser
        .wait_for_url("the first meeting's page", |url| {
            url.ends_with("/first-meeting")
        })
        .await;
    let sections = browser.texts("first-section").await;
    assert_eq!(sections.len(), 5, "{sections:?}");
    for said in [
        "5 to 15 minutes early",
        "first names",
        "camera",
        "Mute yourself",
        "You can just listen",
        "Open meetings",
        "Closed meetings",
    ] {
        assert!(
            sections.iter().any(|s| s.contains(said)),
            "{said}: {sections:?}"
        );
    }
    browser.screenshot("first-meeting").await;
    // Every other meeting offers it too.
    browser
        .client
        .goto(&worker.url("/m/demo-aa%3Ahybrid-circle"))
        .await
        .unwrap();
    browser
        .wait_for_text("first-meeting-link", "First time? What to expect")
        .await;
    browser.close().await;
}

/// The fellowship badges of the finder's rows, sorted and each once.
async fn fellowships_listed(browser: &Browser) -> Vec<String> {
    let mut names = browser.texts("fellowship").await;
    names.sort();
    names.dedup();
    names
}

#[tokio::test]
async fn the_guides_answers_lead_to_the_matching_meetings() {
    let (_worker, browser) = demo_app("/").await;
    browser.wait_for_text("result-count", "15 meetings").await;
    browser.click("[data-testid='guide-link']").await;
    browser
        .wait_for_text("guide-summary", "Any of the groups below could fit")
        .await;
    // Every approach is there, in the guide's fixed order.
    let entries = browser
        .run_async(
            "return [...document.querySelectorAll('.guide-entry h3')].map(h => h.textContent);",
        )
        .await;
    assert_eq!(
        entries,
        serde_json::json!([
            "Twelve-Step groups",
            "SMART Recovery",
            "Buddhist-inspired groups",
            "Secular groups",
            "Women for Sobriety",
            "Faith-based groups",
            "Family and friends groups"
        ])
    );
    browser.screenshot("guide").await;

    // Secular, online, and rather listen first.
    browser
        .click("[data-testid='question-framing'] input[value='1']")
        .await;
    browser
        .click("[data-testid='question-attendance'] input[value='0']")
        .await;
    browser
        .click("[data-testid='question-first-step'] input[value='0']")
        .await;
    browser
        .wait_for_text(
            "guide-summary",
            "Worth a look: SMART Recovery, Secular groups, Women for Sobriety.",
        )
        .await;
    let suggestion = browser
        .wait_for_text("guide-suggestion", "invited to check in briefly")
        .await;
    assert!(suggestion.contains("Show the 4 meetings"), "{suggestion}");
    browser
        .run_async("document.querySelector('[data-testid=guide-suggestion]').scrollIntoView(); return true;")
        .await;
    browser.screenshot("guide-suggestion").await;
    browser
        .run_async("document.querySelector('[data-testid=guide-smart-cbt]').scrollIntoView(); return true;")
        .await;
    browser.screenshot("guide-entry").await;
    browser.click("[data-testid='guide-show']").await;
    browser
        .wait_for_url("the finder, filtered", |url| {
            url.ends_with("/?a=smart-cbt%2Csecular&at=online")
        })
        .await;
    browser.wait_for_text("result-count", "4 meetings").await;
    assert_eq!(
        fellowships_listed(&browser).await,
        ["LifeRing", "SMART Recovery", "Women for Sobriety"]
    );

    // Back to the guide: for someone close, family groups only.
    browser.client.back().await.unwrap();
    browser
        .click("[data-testid='question-for-whom'] input[value='1']")
        .await;
    browser
        .wait_for_text("guide-summary", "Worth a look: Family and friends groups.")
        .await;
    browser.click("[data-testid='guide-show']").await;
    browser
        .wait_for_url("family groups", |url| url.ends_with("/?a=family"))
        .await;
    browser.wait_for_text("result-count", "1 meeting").await;
    assert_eq!(fellowships_listed(&browser).await, ["Al-Anon"]);

    // Each approach links to its own meetings too.
    browser.client.back().await.unwrap();
    browser.click("[data-testid='guide-buddhist'] > a").await;
    browser
        .wait_for_texts("meeting-name", &["Recovery Dharma Online Sit"])
        .await;
    browser.close().await;
}

/// Whether the offer before a first online meeting is open.
async fn offered_before_joining(browser: &Browser) -> bool {
    browser
        .run_async(
            "return document.querySelector('[data-testid=first-join-offer]')?.open === true;",
        )
        .await
        == serde_json::json!(true)
}

/// How many tabs the browser has open.
async fn tab_count(browser: &Browser) -> usize {
    browser.client.windows().await.expect("the tabs").len()
}

/// Whether the offer before a first online meeting was made, once the app
/// has read it from the device.
async fn offer_state(browser: &Browser) -> String {
    wait_for("the offer's setting", Duration::from_secs(10), || async {
        let state = browser
            .run_async(
                "return document.querySelector('[data-testid=first-join-offer]')?.dataset.state ?? null;",
            )
            .await;
        state
            .as_str()
            .filter(|s| *s != "reading")
            .map(str::to_owned)
    })
    .await
}

/// Chromium's switches for a fake camera and microphone, allowed without
/// asking.
const FAKE_MEDIA: [&str; 3] = [
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    "--autoplay-policy=no-user-gesture-required",
];

/// Keeps every stream the page gets, and counts what could send media
/// or anything else: peer connections, recorders, sockets, beacons and
/// requests other than the directory's own sync.
const WATCH_MEDIA: &str = "
    window.__streams = [];
    window.__sending = [];
    const get = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (c) => {
        const stream = await get(c);
        window.__streams.push(stream);
        return stream;
    };
    for (const name of ['RTCPeerConnection', 'MediaRecorder', 'WebSocket']) {
        const Real = window[name];
        window[name] = function (...args) { window.__sending.push(name); return new Real(...args); };
    }
    const beacon = navigator.sendBeacon.bind(navigator);
    navigator.sendBeacon = (...args) => { window.__sending.push('beacon'); return beacon(...args); };
    const realFetch = window.fetch.bind(window);
    window.fetch = (input, init) => {
        if (init && init.body) window.__sending.push('fetch with a body');
        return realFetch(input, init);
    };
    const send = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.send = function (body) {
        window.__sending.push('xhr');
        return send.call(this, body);
    };
    window.__requests = performance.getEntriesByType('resource').length;
    return true;";

/// What the page sent since [`WATCH_MEDIA`]: anything that could carry
/// data, besides the directory's own sync (files such as the icon are
/// only fetched).
async fn media_sent(browser: &Browser) -> serde_json::Value {
    browser
        .run_async(
            "const later = performance.getEntriesByType('resource').slice(window.__requests)
                .filter(e => ['fetch', 'xmlhttprequest', 'beacon'].includes(e.initiatorType))
                .map(e => e.name).filter(n => !n.includes('/v1/'));
            return window.__sending.concat(later);",
        )
        .await
}

#[tokio::test]
async fn the_tech_check_shows_the_camera_and_microphone_and_sends_nothing() {
    let worker = LocalWorker::start_paging_by(PAGE).await;
    worker.seed_demo().await;
    let browser = Browser::start_with("UTC", &FAKE_MEDIA).await;
    browser
        .client
        .goto(&worker.url("/m/demo-aa%3Ahybrid-circle"))
        .await
        .unwrap();
    // Always on an online meeting's page.
    browser.click("[data-testid='tech-check-link']").await;
    browser
        .wait_for_url("the tech check", |url| {
            url.ends_with("/tech-check?m=demo-aa%3Ahybrid-circle")
        })
        .await;
    // The meeting's link, to open before the meeting, and its dial-in.
    let link = browser
        .wait_for_text("link-check", "Open the link to test it")
        .await;
    assert!(link.contains("You should see example.org open"), "{link}");
    assert!(link.contains("join by phone"), "{link}");
    let open = browser.find("[data-testid='link-check-open']").await;
    assert_eq!(
        open.attr("href").await.unwrap().as_deref(),
        Some("https://example.org/demo/hybrid-circle")
    );
    browser.screenshot("tech-check").await;

    // Nothing is asked for until the tap.
    browser.run_async(WATCH_MEDIA).await;
    assert_eq!(
        browser.run_async("return window.__streams.length;").await,
        serde_json::json!(0)
    );
    browser.click("[data-testid='media-start']").await;
    browser
        .wait_for_text("media-status", "Your camera and microphone work")
        .await;
    // Focus follows the tap: from Start to Stop, and back.
    let focused = async || {
        browser
            .run_async("return document.activeElement?.dataset.testid ?? null;")
            .await
    };
    assert_eq!(focused().await, "media-stop");
    // The preview shows the fake camera, and the meter hears the fake
    // microphone's beep.
    wait_for("the preview to play", Duration::from_secs(15), || async {
        let width = browser
            .run_async("return document.querySelector('[data-testid=preview]')?.videoWidth ?? 0;")
            .await;
        (width.as_u64().unwrap_or(0) > 0).then_some(())
    })
    .await;
    wait_for("the meter to move", Duration::from_secs(15), || async {
        let level = browser
            .run_async("return document.querySelector('[data-testid=mic-level]').value;")
            .await;
        (level.as_f64().unwrap_or(0.0) > 0.01).then_some(())
    })
    .await;
    browser.screenshot("tech-check-running").await;
    assert_eq!(media_sent(&browser).await, serde_json::json!([]));

    // Stop turns both off.
    browser.click("[data-testid='media-stop']").await;
    browser.wait_for_text("media-status", "are off").await;
    assert_eq!(focused().await, "media-start");
    let live = browser
        .run_async(
            "return window.__streams.flatMap(s => s.getTracks()).filter(t => t.readyState !== 'ended').length;",
        )
        .await;
    assert_eq!(live, serde_json::json!(0), "every track ended");
    assert_eq!(media_sent(&browser).await, serde_json::json!([]));
    browser.close().await;

    // Refused: said plainly, with what to do.
    let refusing = Browser::start_with(
        "UTC",
        &[
            "--use-fake-device-for-media-stream",
            "--deny-permission-prompts",
        ],
    )
    .await;
    refusing
        .client
        .goto(&worker.url("/tech-check"))
        .await
        .unwrap();
    refusing.click("[data-testid='media-start']").await;
    refusing
        .wait_for_text("media-status", "was not allowed to use the camera")
        .await;
    refusing.screenshot("tech-check-refused").await;
    // A meeting the device does not have: said so, not left blank.
    refusing
        .client
        .goto(&worker.url("/tech-check?m=nowhere%3Anothing"))
        .await
        .unwrap();
    refusing
        .wait_for_text("link-check-missing", "isn't in the meetings saved")
        .await;
    refusing.close().await;
}

#[tokio::test]
async fn the_tech_check_is_offered_once_before_a_first_online_meeting() {
    let (worker, browser) = demo_app("/m/demo-aa%3Ahybrid-circle").await;
    browser
        .wait_for_text("meeting-title", "Hybrid Recovery Circle")
        .await;
    assert_eq!(offer_state(&browser).await, "not-offered");
    let here = browser.client.window().await.unwrap();
    browser.click("[data-testid='join-link']").await;
    browser
        .wait_for_text("first-join-offer", "Joining online for the first time?")
        .await;
    assert!(offered_before_joining(&browser).await);
    assert_eq!(tab_count(&browser).await, 1, "the join waits for the offer");
    browser.screenshot("first-join-offer").await;
    browser.click("[data-testid='first-join-now']").await;
    wait_for("the meeting's tab", Duration::from_secs(10), || async {
        (tab_count(&browser).await == 2).then_some(())
    })
    .await;
    browser.client.switch_to_window(here.clone()).await.unwrap();
    assert!(!offered_before_joining(&browser).await);

    // Offered once: after a reload too, Join opens the meeting at once.
    browser.client.refresh().await.unwrap();
    browser
        .wait_for_text("meeting-title", "Hybrid Recovery Circle")
        .await;
    assert_eq!(offer_state(&browser).await, "offered");
    browser.click("[data-testid='join-link']").await;
    wait_for("a second tab", Duration::from_secs(10), || async {
        (tab_count(&browser).await == 3).then_some(())
    })
    .await;
    browser.client.switch_to_window(here).await.unwrap();
    assert!(!offered_before_joining(&browser).await);

    // In another browser, the offer leads to the tech check for that
    // meeting.
    browser.close().await;
    let other = Browser::start().await;
    other
        .client
        .goto(&worker.url("/m/demo-aa%3Ahybrid-circle"))
        .await
        .unwrap();
    other
        .wait_for_text("meeting-title", "Hybrid Recovery Circle")
        .await;
    assert_eq!(offer_state(&other).await, "not-offered");
    other.click("[data-testid='join-link']").await;
    other.click("[data-testid='first-join-check']").await;
    other
        .wait_for_url("the tech check", |url| {
            url.ends_with("/tech-check?m=demo-aa%3Ahybrid-circle")
        })
        .await;
    other.find("[data-testid='media-start']").await;
    other.close().await;
}

/// The page's title, manifest and icon, as the browser reads them.
async fn app_identity(browser: &Browser) -> serde_json::Value {
    browser
        .run_async(
            "const manifest = document.querySelector('link[rel=manifest]').getAttribute('href');
            const icon = document.querySelector('link[rel=icon]').getAttribute('href');
            const read = await (await fetch(manifest)).json();
            const drawn = await fetch(read.icons[0].src);
            return [document.title, document.querySelector('[data-testid=app-name]').textContent,
                manifest, icon, read.name, read.short_name, read.id, read.icons[0].src, drawn.status];",
        )
        .await
}

#[tokio::test]
async fn a_neutral_name_and_icon_can_be_chosen() {
    let (_worker, browser) = demo_app("/settings").await;
    browser.find("[data-testid='neutral-name']").await;
    assert_eq!(
        app_identity(&browser).await,
        serde_json::json!([
            "Lantern",
            "Lantern",
            "/manifest.webmanifest",
            "/icon.svg",
            "Lantern",
            "Lantern",
            "/",
            "/icon.svg",
            200
        ])
    );
    browser.click("[data-testid='neutral-name']").await;
    let neutral = serde_json::json!([
        "Daily",
        "Daily",
        "/manifest-neutral.webmanifest",
        "/icon-neutral.svg",
        "Daily",
        "Daily",
        "/",
        "/icon-neutral.svg",
        200
    ]);
    wait_for("the neutral name", Duration::from_secs(10), || async {
        (app_identity(&browser).await == neutral).then_some(())
    })
    .await;
    browser.screenshot("settings-neutral-name").await;
    // Kept on the device: after a reload, on another page, still neutral.
    browser
        .client
        .goto(&browser.url().await.replace("/settings", "/log"))
        .await
        .unwrap();
    browser.find("[data-testid='history-empty']").await;
    wait_for(
        "the neutral name after a reload",
        Duration::from_secs(10),
        || async { (app_identity(&browser).await == neutral).then_some(()) },
    )
    .await;
    // And back.
    browser
        .client
        .goto(&browser.url().await.replace("/log", "/settings"))
        .await
        .unwrap();
    browser.click("[data-testid='neutral-name']").await;
    wait_for("Lantern's name again", Duration::from_secs(10), || async {
        (app_identity(&browser).await[0] == "Lantern").then_some(())
    })
    .await;
    browser.close().await;
}

#[tokio::test]
async fn the_app_is_installable_with_its_manifest() {
    let (_worker, browser) = demo_app("/").await;
    browser.wait_for_text("result-count", "15 meetings").await;
    offline_ready(&browser).await;
    let errors = wait_for(
        "the installability check",
        Duration::from_secs(30),
        || async {
            let found = browser
                .devtools("Page.getInstallabilityErrors", serde_json::json!({}))
                .await;
            let errors = found["installabilityErrors"].as_array().cloned()?;
            Some(errors)
        },
    )
    .await;
    assert_eq!(errors, Vec::<serde_json::Value>::new(), "installable");
    // The manifest as the browser reads it: icons of every kind, and the
    // two shortcuts, each drawn.
    let manifest = browser
        .run_async(
            "const href = document.querySelector('link[rel=manifest]').href;
            const manifest = await (await fetch(href)).json();
            const icons = [];
            for (const icon of manifest.icons) {
                const answer = await fetch(icon.src);
                icons.push([icon.sizes, icon.type, icon.purpose, answer.status]);
            }
            return { icons, shortcuts: manifest.shortcuts.map(s => [s.name, s.url]),
                display: manifest.display, start: manifest.start_url, scope: manifest.scope,
                colours: [manifest.theme_color, manifest.background_color] };",
        )
        .await;
    assert_eq!(
        manifest,
        serde_json::json!({
            "icons": [
                ["any", "image/svg+xml", "any", 200],
                ["192x192", "image/png", "any", 200],
                ["512x512", "image/png", "any", 200],
                ["512x512", "image/png", "maskable", 200]
            ],
            "shortcuts": [["Check in", "/log"], ["Meetings now", "/?w=soon"]],
            "display": "standalone", "start": "/", "scope": "/",
            "colours": ["#1f3a4d", "#f7f5f0"]
        })
    );
    browser.close().await;
}

#[tokio::test]
async fn a_first_visit_shows_meetings_before_the_whole_directory_is_in() {
    // Two meetings a page, and a slow network (1.5 s a round trip): the
    // online shard takes several seconds to arrive.
    let worker = LocalWorker::start_paging_by(2).await;
    worker.seed_demo().await;
    let browser = Browser::start().await;
    browser
        .devtools("Network.enable", serde_json::json!({}))
        .await;
    browser
        .devtools(
            "Network.emulateNetworkConditions",
            serde_json::json!({ "offline": false, "latency": 1500.0,
                "downloadThroughput": -1.0, "uploadThroughput": -1.0 }),
        )
        .await;
    browser.client.goto(&worker.url("/")).await.unwrap();
    let shown = wait_for("the first meetings", Duration::from_secs(60), || async {
        let seen = browser
            .run_async(
                "return document.querySelector('[data-testid=meeting-row]')
                    ? document.querySelector('[data-testid=sync-status]')?.textContent ?? '' : null;",
            )
            .await;
        seen.as_str().map(str::to_owned)
    })
    .await;
    assert!(
        !shown.contains("Up to date"),
        "shown while the sync runs: {shown:?}"
    );
    browser
        .wait_for_text_within("sync-status", "Up to date", Duration::from_secs(120))
        .await;
    browser.wait_for_text("result-count", "meetings").await;
    browser.close().await;
}

#[tokio::test]
async fn every_page_passes_an_accessibility_check() {
    let worker = LocalWorker::start_paging_by(PAGE).await;
    worker.seed_demo().await;
    let browser = Browser::start().await;
    // Every page also keeps to the Content-Security-Policy: a violation
    // (a style attribute, an inline script) is recorded from the start of
    // each document.
    browser
        .devtools(
            "Page.addScriptToEvaluateOnNewDocument",
            serde_json::json!({ "source": "window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(`${e.effectiveDirective} at ${e.sourceFile}:${e.lineNumber}`));" }),
        )
        .await;
    browser.client.goto(&worker.url("/")).await.unwrap();
    browser.wait_for_text("sync-status", "Up to date").await;
    browser.wait_for_text("result-count", "15 meetings").await;
    let mut found = Vec::new();
    let mut check = |page: &str, violations: Vec<String>| {
        found.extend(violations.into_iter().map(|v| format!("{page}: {v}")));
    };
    let csp = async || {
        let seen = browser
            .run_async("return window.__csp ?? ['not watched'];")
            .await;
        serde_json::from_value::<Vec<String>>(seen)
            .unwrap_or_default()
            .into_iter()
            .map(|v| format!("CSP: {v}"))
            .collect::<Vec<_>>()
    };
    // Scrolled, the list draws other rows and sizes its spacers.
    browser
        .run_async(
            "window.scrollTo(0, 400); await new Promise(r => setTimeout(r, 200)); return true;",
        )
        .await;
    check("finder", csp().await);
    check("finder", browser.accessibility_violations().await);
    browser.click("[data-testid='filters']").await;
    browser.wait_for_text("filter-sheet", "Fellowship").await;
    check("filter sheet", browser.accessibility_violations().await);
    for (page, path, ready) in [
        ("meeting", "/m/demo-aa%3Ahybrid-circle", "meeting-title"),
        ("my meetings", "/mine", "mine-empty"),
        ("settings", "/settings", "home-area"),
        ("log", "/log", "history-empty"),
        ("help now", "/help", "emergency"),
        ("first meeting", "/first-meeting", "first-meeting"),
        ("guide", "/guide", "guide"),
        (
            "tech check",
            "/tech-check?m=demo-aa%3Ahybrid-circle",
            "link-check",
        ),
        ("missing meeting", "/m/nowhere%3Anothing", "meeting-missing"),
        ("unknown page", "/nowhere", "not-found"),
    ] {
        browser.client.goto(&worker.url(path)).await.unwrap();
        browser.find(&format!("[data-testid='{ready}']")).await;
        check(page, browser.accessibility_violations().await);
        check(page, csp().await);
    }
    browser.close().await;

    // Dark mode, and text at twice the size.
    let dark = Browser::start_with("UTC", &["--force-dark-mode"]).await;
    dark.client
        .goto(&worker.url("/m/demo-aa%3Ahybrid-circle"))
        .await
        .unwrap();
    dark.find("[data-testid='meeting-title']").await;
    let is_dark = dark
        .run_async("return matchMedia('(prefers-color-scheme: dark)').matches;")
        .await;
    assert_eq!(
        is_dark,
        serde_json::json!(true),
        "the browser is in dark mode"
    );
    check("meeting, dark", dark.accessibility_violations().await);
    dark.client.goto(&worker.url("/")).await.unwrap();
    dark.wait_for_text("result-count", "15 meetings").await;
    dark.run_async("document.documentElement.style.fontSize = '200%'; return true;")
        .await;
    dark.screenshot("finder-dark-200").await;
    check(
        "finder, dark, 200% text",
        dark.accessibility_violations().await,
    );
    dark.close().await;
    assert!(
        found.is_empty(),
        "accessibility violations:\n{}",
        found.join("\n")
    );
}
