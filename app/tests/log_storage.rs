//! The recovery log's storage in headless Chromium: upgrades from older
//! databases, tabs on other versions, the lock seen from a second tab, and
//! the auto-lock.

use lantern_app::db::{check_ins, counters, log, people, schema};
use lantern_app::error::AppError;
use lantern_app::recovery_log::{LockState, RecoveryLog};
use lantern_core::log::check_in::{CheckIn, Craving, Mood};
use lantern_core::log::counter::Counter;
use lantern_core::log::day::Day;
use lantern_core::log::people::Person;
use leptos::prelude::Owner;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn day(text: &str) -> Day {
    Day::parse(text).unwrap()
}

fn check_in(text: &str, mood: u8) -> CheckIn {
    CheckIn {
        note: format!("note of {text}"),
        ..CheckIn::new(
            day(text),
            Mood::new(mood).unwrap(),
            Craving::new(3).unwrap(),
        )
    }
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let window = web_sys::window().unwrap();
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// A reactive owner and Leptos's task executor, as the app's start makes.
fn reactive() -> Owner {
    let body = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .body()
        .unwrap();
    std::mem::forget(leptos::mount::mount_to(body, || ()));
    let owner = Owner::new();
    owner.set();
    owner
}

#[wasm_bindgen_test]
async fn a_version_1_database_gains_the_log_and_it_works() {
    schema::delete().await.unwrap();
    schema::open_version(1).await.unwrap().close();
    let database = schema::open().await.unwrap();
    check_ins::put(&database, &check_in("2026-12-01", 4))
        .await
        .unwrap();
    counters::put(
        &database,
        &Counter::new("c1", "alcohol-free", day("2026-11-01")),
    )
    .await
    .unwrap();
    people::put(
        &database,
        &Person {
            id: "p1".into(),
            name: "Sam".into(),
            phone: "+1 555 0100".into(),
        },
    )
    .await
    .unwrap();
    let (saved, unreadable) = check_ins::all(&database).await.unwrap();
    assert_eq!((saved, unreadable), (vec![check_in("2026-12-01", 4)], 0));
    assert_eq!(counters::all(&database).await.unwrap().len(), 1);
    assert_eq!(people::all(&database).await.unwrap()[0].name, "Sam");
    assert!(log::sealed(&database).await.unwrap().is_none());
    database.close();
}

#[wasm_bindgen_test]
async fn a_version_6_log_is_kept_when_the_lock_arrives() {
    schema::delete().await.unwrap();
    // Written as version 6 wrote it: `{day, json}`.
    let old = schema::open_version(6).await.unwrap();
    let record = js_sys::Object::new();
    let saved = check_in("2026-11-30", 2);
    js_sys::Reflect::set(&record, &"day".into(), &"2026-11-30".into()).unwrap();
    let json = serde_json::to_string(&saved).unwrap();
    js_sys::Reflect::set(&record, &"json".into(), &JsValue::from_str(&json)).unwrap();
    let transaction = old
        .transaction(&[schema::CHECK_INS], idb::TransactionMode::ReadWrite)
        .unwrap();
    transaction
        .object_store(schema::CHECK_INS)
        .unwrap()
        .put(&record, None)
        .unwrap()
        .await
        .unwrap();
    transaction.commit().unwrap().await.unwrap();
    old.close();

    let database = schema::open().await.unwrap();
    assert_eq!(check_ins::all(&database).await.unwrap().0, vec![saved]);
    assert!(log::sealed(&database).await.unwrap().is_none());
    database.close();
}

#[wasm_bindgen_test]
async fn a_newer_tab_is_not_held_up_and_this_one_is_told_to_reload() {
    schema::delete().await.unwrap();
    // This tab holds a connection open while a newer version upgrades.
    let held = schema::open().await.unwrap();
    // Without the handler the upgrade waits for ever: give it 10 seconds.
    let upgraded = std::rc::Rc::new(std::cell::Cell::new(false));
    let done = upgraded.clone();
    wasm_bindgen_futures::spawn_local(async move {
        schema::open_version(schema::VERSION + 1)
            .await
            .unwrap()
            .close();
        done.set(true);
    });
    for _ in 0..100 {
        if upgraded.get() {
            break;
        }
        sleep(100).await;
    }
    assert!(
        upgraded.get(),
        "the upgrade waited on this tab's connection"
    );
    drop(held);
    match schema::open().await {
        Err(AppError::NewerVersion { .. }) => {}
        other => panic!("expected NewerVersion, got {other:?}"),
    }
    schema::delete().await.unwrap();
}

#[wasm_bindgen_test]
async fn a_tab_that_missed_the_lock_writes_no_plaintext() {
    let _owner = reactive();
    schema::delete().await.unwrap();
    let this_tab = RecoveryLog::provide();
    this_tab.find_out().await;
    let other_tab = RecoveryLog::provide();
    other_tab.find_out().await;
    assert_eq!(other_tab.state(), LockState::Plain);

    this_tab
        .save_check_in(check_in("2026-12-01", 4))
        .await
        .unwrap();
    this_tab
        .lock("river stone lamp 7", day("2026-12-03"))
        .await
        .unwrap();
    assert_eq!(this_tab.state(), LockState::Unlocked);

    // The other tab still thinks the log is plain: its save is refused,
    // and it now knows the log is locked.
    let refused = other_tab.save_check_in(check_in("2026-12-02", 1)).await;
    assert_eq!(refused, Err(AppError::Locked));
    assert_eq!(other_tab.state(), LockState::Locked);
    let database = schema::open().await.unwrap();
    let plain = log::plain(&database).await;
    assert_eq!(plain, Err(AppError::Locked));
    database.close();

    // Unlocked there too, both tabs' saves are kept.
    other_tab.unlock("river stone lamp 7").await.unwrap();
    other_tab
        .save_check_in(check_in("2026-12-02", 1))
        .await
        .unwrap();
    this_tab
        .save_check_in(check_in("2026-12-03", 5))
        .await
        .unwrap();
    let (all, _) = other_tab.check_ins().await.unwrap();
    let days: Vec<String> = all.iter().map(|c| c.day.to_string()).collect();
    assert_eq!(days, ["2026-12-01", "2026-12-02", "2026-12-03"]);
    // A wrong passphrase opens nothing.
    other_tab.lock_now();
    assert_eq!(
        other_tab.unlock("river stone lamp 8").await,
        Err(AppError::WrongPassphrase)
    );
    assert_eq!(other_tab.state(), LockState::Locked);
    schema::delete().await.unwrap();
}

#[wasm_bindgen_test]
async fn the_log_locks_itself_after_the_chosen_time_without_use() {
    let _owner = reactive();
    schema::delete().await.unwrap();
    let log = RecoveryLog::provide();
    log.find_out().await;
    log.lock("river stone lamp 7", day("2026-12-03"))
        .await
        .unwrap();
    let now = js_sys::Date::now();
    let minute = 60_000.0;
    assert_eq!(log.auto_lock(), 5, "five minutes unless chosen");
    log.lock_if_idle_at(now + 4.0 * minute);
    assert_eq!(log.state(), LockState::Unlocked);
    log.lock_if_idle_at(now + 6.0 * minute);
    assert_eq!(log.state(), LockState::Locked);

    // "Only when I lock it": never by itself. The choice is kept.
    log.unlock("river stone lamp 7").await.unwrap();
    log.set_auto_lock(0).await.unwrap();
    log.lock_if_idle_at(now + 600.0 * minute);
    assert_eq!(log.state(), LockState::Unlocked);
    let again = RecoveryLog::provide();
    again.find_out().await;
    assert_eq!(again.auto_lock(), 0);
    assert_eq!(again.state(), LockState::Locked, "a new page starts locked");
    schema::delete().await.unwrap();
}
