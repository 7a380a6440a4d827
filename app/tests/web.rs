//! Components in headless Chromium.

use jiff::tz::TimeZone;
use jiff::Timestamp;
use lantern_app::components::meeting_row::MeetingRow;
use lantern_app::error::AppError;
use lantern_app::i18n::{I18n, Locale};
use lantern_app::media_check::{MediaCheck, MediaRefusal};
use lantern_app::pages::guide::GuidePage;
use lantern_app::recovery_log::not_saved;
use lantern_core::feed::{mg, ImportOptions};
use lantern_core::meeting::tel_uri;
use lantern_core::schedule::upcoming::Upcoming;
use lantern_core::Meeting;
use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Meetings read through the real importer, so the fixtures are valid data.
fn meetings(feed: &str) -> Vec<Meeting> {
    let options = ImportOptions {
        source: "demo".parse().unwrap(),
        default_zone: Some("UTC".parse().unwrap()),
        ..ImportOptions::default()
    };
    mg::import(feed.as_bytes(), &options).unwrap().meetings
}

// 2026-11-23 is a Monday.
const FEED: &str = r#"[
  {"name":"Online Tools","slug":"online","day":1,"time":"19:00","conference_url":"https://us02web.zoom.us/j/1",
   "conference_phone":"+44 20 7946 0018,,1234#,*9"},
  {"name":"Hall Meeting","slug":"hall","day":1,"time":"18:30","location":"Hall","address":"1 Example St"},
  {"name":"<img src=x onerror=alert(1)>Both Ways","slug":"both","day":3,"time":"12:00",
   "address":"2 Sample Rd","conference_url":"https://example.org/j/2"}
]"#;

/// Mounts a view in a fresh wrapper and returns the wrapper.
fn mount(view: impl Fn() -> AnyView + 'static) -> web_sys::HtmlElement {
    let document = document();
    let wrapper: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&wrapper).unwrap();
    let handle = leptos::mount::mount_to(wrapper.clone(), view);
    handle.forget();
    wrapper
}

fn by_test_id(root: &web_sys::HtmlElement, id: &str) -> Vec<web_sys::Element> {
    let found = root
        .query_selector_all(&format!("[data-testid='{id}']"))
        .unwrap();
    (0..found.length())
        .filter_map(|i| found.item(i))
        .filter_map(|n| n.dyn_into().ok())
        .collect()
}

fn text(element: &web_sys::Element) -> String {
    element.text_content().unwrap_or_default()
}

fn at(instant: &str) -> Timestamp {
    instant.parse().unwrap()
}

/// A row for `meeting` seen from UTC at `now`.
fn row(meeting: Meeting, now: Timestamp) -> web_sys::HtmlElement {
    let seen = Upcoming::new(&meeting.schedule, &TimeZone::UTC, &TimeZone::UTC, now)
        .and_then(|u| u.at(now));
    mount(move || {
        I18n::provide();
        view! { <MeetingRow meeting=meeting.clone() seen now=Signal::stored(now) /> }.into_any()
    })
}

#[wasm_bindgen_test]
async fn a_row_offers_join_only_when_an_online_meeting_is_on_or_soon() {
    let list = meetings(FEED);
    // 18:50 on Monday: the online meeting starts in 10 minutes.
    let root = row(list[0].clone(), at("2026-11-23T18:50:00Z"));
    tick().await;
    let join = &by_test_id(&root, "join-link")[0];
    assert_eq!(
        join.get_attribute("href").as_deref(),
        Some("https://us02web.zoom.us/j/1")
    );
    assert_eq!(
        join.get_attribute("rel").as_deref(),
        Some("noopener noreferrer")
    );
    assert!(join
        .get_attribute("aria-label")
        .unwrap()
        .contains("Join on Zoom · us02web.zoom.us"));
    assert_eq!(text(&by_test_id(&root, "timing")[0]), "Starts in 10 min");
    assert_eq!(text(&by_test_id(&root, "attendance")[0]), "Online");

    // On Thursday it is days away: no Join in the list.
    let later = row(list[0].clone(), at("2026-11-26T12:00:00Z"));
    tick().await;
    assert!(by_test_id(&later, "join-link").is_empty());
    assert!(by_test_id(&later, "timing").is_empty());

    // An in-person meeting in progress has no Join.
    let hall = row(list[1].clone(), at("2026-11-23T18:40:00Z"));
    tick().await;
    assert!(by_test_id(&hall, "join-link").is_empty());
    assert!(text(&by_test_id(&hall, "timing")[0]).starts_with("In progress"));
}

#[wasm_bindgen_test]
async fn a_row_renders_a_hostile_name_as_text() {
    let list = meetings(FEED);
    let root = row(list[2].clone(), at("2026-11-25T11:30:00Z"));
    tick().await;
    assert_eq!(text(&by_test_id(&root, "meeting-name")[0]), "Both Ways");
    assert!(
        root.query_selector("img").unwrap().is_none(),
        "no markup from a feed"
    );
    // Markup that reaches a row by any road (the importer strips it, so
    // this meeting is built directly) is shown as text, never parsed.
    let mut hostile = list[2].clone();
    hostile.name = "<img src=x onerror=alert(1)>Hope <b>group</b>".to_owned();
    let root = row(hostile, at("2026-11-25T11:30:00Z"));
    tick().await;
    assert_eq!(
        text(&by_test_id(&root, "meeting-name")[0]),
        "<img src=x onerror=alert(1)>Hope <b>group</b>"
    );
    assert!(
        root.query_selector("img, b").unwrap().is_none(),
        "parsed as HTML"
    );
    // A hybrid meeting starting in 30 minutes: Join, labelled by its host.
    let join = &by_test_id(&root, "join-link")[0];
    assert!(join
        .get_attribute("aria-label")
        .unwrap()
        .contains("Join · example.org"));
}

#[wasm_bindgen_test]
fn dial_in_links_keep_their_codes_in_the_browser() {
    // A passcode's `#` would otherwise start a URL fragment and be lost;
    // core's tests check the text, this that the browser reads it so.
    let parsed = web_sys::Url::new(&tel_uri("+1 555,,99#")).unwrap();
    assert_eq!(parsed.hash(), "", "nothing is taken for a fragment");
}

#[wasm_bindgen_test]
fn reads_language_tags() {
    assert_eq!(Locale::from_tag("es-MX"), Some(Locale::Es));
    assert_eq!(Locale::from_tag("EN_gb"), Some(Locale::En));
    assert_eq!(Locale::from_tag("fr"), None);
    assert_eq!(Locale::from_tag(""), None);
}

#[wasm_bindgen_test]
fn a_full_device_says_the_check_in_is_still_in_the_form() {
    let words = Locale::En.words();
    // How browsers name the error when the quota is reached.
    let full = AppError::storage("QuotaExceededError: the quota has been exceeded");
    let said = not_saved(words, &full);
    assert!(
        said.contains("storage is full") && said.contains("still here"),
        "{said}"
    );
    let refused = AppError::storage("InvalidStateError");
    assert!(not_saved(words, &refused).contains("did not let Lantern save the check-in"));
    let spanish = not_saved(Locale::Es.words(), &full);
    assert!(spanish.contains("sigue aquí"), "{spanish}");
}

/// Ticks a radio button as a person does: a click, which fires `change`.
fn choose(root: &web_sys::HtmlElement, css: &str) {
    let input: web_sys::HtmlElement = root.query_selector(css).unwrap().unwrap().unchecked_into();
    input.click();
}

#[wasm_bindgen_test]
async fn the_guides_answers_change_the_suggestion_and_its_link() {
    let root = mount(|| {
        I18n::provide();
        view! { <GuidePage /> }.into_any()
    });
    let summary = || text(&by_test_id(&root, "guide-summary")[0]);
    let show = || {
        by_test_id(&root, "guide-show")[0]
            .get_attribute("href")
            .unwrap()
    };
    assert!(summary().starts_with("Any of the groups"), "{}", summary());
    assert_eq!(show(), "/");

    choose(&root, "[data-testid='question-framing'] input[value='0']");
    choose(
        &root,
        "[data-testid='question-attendance'] input[value='1']",
    );
    tick().await;
    assert_eq!(
        summary(),
        "Worth a look: Twelve-Step groups, Buddhist-inspired groups, Faith-based groups."
    );
    assert_eq!(
        show(),
        "/?a=twelve-step%2Cbuddhist%2Cfaith-based&at=in-person"
    );
    // Face to face: a tip about arriving, none about cameras.
    let suggestion = text(&by_test_id(&root, "guide-suggestion")[0]);
    assert!(suggestion.contains("5 to 15 minutes early"), "{suggestion}");
    assert!(!suggestion.contains("camera"), "{suggestion}");

    // "No preference" again undoes the answer.
    choose(&root, "[data-testid='question-framing'] input[value='any']");
    tick().await;
    assert_eq!(show(), "/?at=in-person");
    // Without a directory, the button does not pretend to count.
    assert_eq!(
        text(&by_test_id(&root, "guide-show")[0]),
        "Show these meetings"
    );
}

#[wasm_bindgen_test]
async fn the_media_check_runs_on_the_fake_devices_and_stops_them() {
    let mut check = MediaCheck::start()
        .await
        .expect("the fake camera and microphone");
    assert!(check.has_camera() && check.has_microphone());
    let level = check.level();
    assert!((0.0..=1.0).contains(&level), "{level}");
    let tracks = check.stream().get_tracks();
    assert_eq!(tracks.length(), 2);
    drop(check);
    // Leaving the page (dropping the check) turns both off.
    for track in tracks.iter() {
        let track: web_sys::MediaStreamTrack = track.unchecked_into();
        assert_eq!(track.ready_state(), web_sys::MediaStreamTrackState::Ended);
    }
}

#[wasm_bindgen_test]
fn every_refusal_says_what_to_do() {
    let words = Locale::En.words();
    assert_eq!(
        MediaRefusal::from_name("NotAllowedError"),
        MediaRefusal::Denied
    );
    assert_eq!(
        MediaRefusal::from_name("NotFoundError"),
        MediaRefusal::NoDevice
    );
    assert_eq!(
        MediaRefusal::from_name("NotReadableError"),
        MediaRefusal::InUse
    );
    assert_eq!(
        MediaRefusal::from_name("SecurityError"),
        MediaRefusal::Unsupported
    );
    let odd = MediaRefusal::from_name("<b>StrangeError</b>");
    assert!(odd.message(words).contains("(<b>StrangeError</b>)"));
    for refusal in [
        MediaRefusal::Denied,
        MediaRefusal::NoDevice,
        MediaRefusal::InUse,
        MediaRefusal::Unsupported,
    ] {
        let message = refusal.message(words);
        assert!(message.ends_with('.') && message.len() > 60, "{message}");
    }
}
