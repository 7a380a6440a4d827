//! Components and storage in headless Chromium.

use lantern_app::components::meeting_card::MeetingCard;
use lantern_app::db::directory;
use lantern_app::pages::directory::MeetingList;
use lantern_core::feed::{mg, ImportOptions};
use lantern_core::sync::ShardId;
use lantern_core::{Cursor, Meeting, ShardSnapshot, SyncPage};
use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Meetings read through the real importer, so the fixtures are valid data.
fn meetings(feed: &str) -> Vec<Meeting> {
    let options = ImportOptions {
        source: "demo".into(),
        default_zone: Some("Europe/London".into()),
        ..ImportOptions::default()
    };
    mg::import(feed.as_bytes(), &options).unwrap().meetings
}

const FEED: &str = r#"[
  {"name":"Online Tools","slug":"online","day":1,"time":"19:00","conference_url":"https://example.org/j/1",
   "conference_phone":"+44 20 7946 0018,,1#"},
  {"name":"Hall Meeting","slug":"hall","day":2,"time":"18:30","location":"Hall","address":"1 Example St"},
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

#[wasm_bindgen_test]
async fn meeting_card_offers_join_only_for_online_meetings() {
    let list = meetings(FEED);
    let online = list[0].clone();
    let in_person = list[1].clone();

    let root = mount(move || view! { <MeetingCard meeting=online.clone() /> }.into_any());
    tick().await;
    let join = &by_test_id(&root, "join-link")[0];
    assert_eq!(
        join.get_attribute("href").as_deref(),
        Some("https://example.org/j/1")
    );
    assert_eq!(
        join.get_attribute("rel").as_deref(),
        Some("noopener noreferrer")
    );
    let dial = &by_test_id(&root, "dial-link")[0];
    assert_eq!(
        dial.get_attribute("href").as_deref(),
        Some("tel:+442079460018,,1#")
    );
    assert_eq!(
        text(&by_test_id(&root, "meeting-when")[0]),
        "Monday 19:00 · Europe/London"
    );
    assert_eq!(text(&by_test_id(&root, "attendance")[0]), "Online");

    let root = mount(move || view! { <MeetingCard meeting=in_person.clone() /> }.into_any());
    tick().await;
    assert!(by_test_id(&root, "join-link").is_empty());
    assert!(text(&by_test_id(&root, "venue")[0]).contains("1 Example St"));
    assert_eq!(text(&by_test_id(&root, "attendance")[0]), "In person");
}

#[wasm_bindgen_test]
async fn meeting_list_labels_demo_data_and_renders_text_as_text() {
    let list = meetings(FEED);
    let root = mount(move || view! { <MeetingList meetings=list.clone() /> }.into_any());
    tick().await;
    assert_eq!(by_test_id(&root, "meeting-card").len(), 3);
    assert!(text(&by_test_id(&root, "demo-banner")[0]).contains("not real meetings"));
    let names: Vec<String> = by_test_id(&root, "meeting-name").iter().map(text).collect();
    assert_eq!(names, ["Online Tools", "Hall Meeting", "Both Ways"]);
    assert!(
        root.query_selector("img").unwrap().is_none(),
        "no markup from a feed is rendered"
    );

    let empty = mount(|| view! { <MeetingList meetings=Vec::new() /> }.into_any());
    tick().await;
    assert!(text(&by_test_id(&empty, "empty")[0]).contains("No meetings are saved"));
}

#[wasm_bindgen_test]
async fn saved_shards_survive_reopening_the_database() {
    let database = directory::open().await.unwrap();
    directory::clear(&database).await.unwrap();
    let mut snapshot = ShardSnapshot::new(ShardId::online());
    snapshot.apply(SyncPage {
        cursor: Cursor::from_sequence(7).unwrap(),
        more: false,
        upserts: meetings(FEED),
        deletes: vec![],
    });
    directory::save_snapshot(&database, &snapshot)
        .await
        .unwrap();
    database.close();

    let reopened = directory::open().await.unwrap();
    let saved = directory::load_snapshots(&reopened).await.unwrap();
    assert_eq!(saved, vec![snapshot]);
    let merged = directory::load_meetings().await.unwrap();
    assert_eq!(merged.len(), 3);
    directory::clear(&reopened).await.unwrap();
    assert!(directory::load_meetings().await.unwrap().is_empty());
}
