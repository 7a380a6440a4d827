//! Opening the recovery log with three years of daily check-ins, with no
//! lock and with the lock on, in headless Chromium: a benchmark that
//! prints numbers, not a test (ignored in the normal run). Run it in a
//! release build:
//!
//! ```sh
//! cargo test --release -p lantern-app --target wasm32-unknown-unknown \
//!     --test log_bench -- --include-ignored --nocapture
//! ```
//!
//! "Opening" is what `/log` does before it can draw: read the check-ins,
//! the counters and the people. With the lock on it first derives the key
//! from the passphrase and checks it opens the log (the unlock), then
//! reads the same three through the sealed log.

use lantern_app::db::schema;
use lantern_app::recovery_log::{LockState, RecoveryLog};
use lantern_core::log::backup::Backup;
use lantern_core::log::check_in::{Attended, CheckIn, Craving, Mood, Use};
use lantern_core::log::counter::Counter;
use lantern_core::log::day::Day;
use lantern_core::log::people::Person;
use leptos::prelude::Owner;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const RUNS: usize = 7;

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

fn median(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// Three years of daily check-ins, each with a short note and a meeting,
/// two counters and three people.
fn three_years(today: Day) -> Backup {
    let start = today.add_days(-(3 * 365)).expect("three years back");
    let check_ins: Vec<CheckIn> = (0..=3 * 365)
        .map(|n| {
            let day = start.add_days(n).expect("a day");
            let mood = Mood::new(1 + (n % 5) as u8).expect("a mood");
            let craving = Craving::new((n % 11) as u8).expect("a craving");
            CheckIn {
                used: if n % 97 == 0 { Use::Yes } else { Use::No },
                meetings: vec![Attended::Other {
                    name: format!("Tuesday Night Hope {}", n % 7),
                }],
                note: format!(
                    "Day {n}. Walked to the meeting, talked with my sponsor after. \
                     Slept badly but the morning was calmer than I expected."
                ),
                ..CheckIn::new(day, mood, craving)
            }
        })
        .collect();
    let counters = vec![
        Counter::new("c1", "alcohol-free", start),
        Counter::new("c2", "no gambling", start.add_days(200).expect("a day")),
    ];
    let people = (1..=3)
        .map(|n| Person {
            id: format!("p{n}"),
            name: format!("Person {n}"),
            phone: format!("+1 555 010{n}"),
        })
        .collect();
    Backup::new(check_ins, counters, people, today)
}

async fn open_the_log(log: RecoveryLog) -> usize {
    let (check_ins, _) = log.check_ins().await.expect("check-ins");
    log.counters().await.expect("counters");
    log.people().await.expect("people");
    check_ins.len()
}

#[wasm_bindgen_test]
#[ignore]
async fn opening_three_years_of_check_ins_with_and_without_the_lock() {
    // Mounting starts Leptos's task executor, as the app's start does.
    let body = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .body()
        .unwrap();
    std::mem::forget(leptos::mount::mount_to(body, || ()));
    let owner = Owner::new();
    owner.set();
    schema::delete().await.unwrap();
    let log = RecoveryLog::provide();
    log.find_out().await;
    assert_eq!(log.state(), LockState::Plain);
    let today = lantern_app::pages::log::today();
    let backup = three_years(today);
    let bytes = backup.to_json().len();
    log.replace(backup, today).await.expect("saved");

    let mut plain = Vec::new();
    for _ in 0..RUNS {
        let started = now_ms();
        let n = open_the_log(log).await;
        plain.push(now_ms() - started);
        assert_eq!(n, 3 * 365 + 1);
    }

    let passphrase = "river stone lamp 7";
    let started = now_ms();
    log.lock(passphrase, today).await.expect("locked");
    let locking = now_ms() - started;

    let mut unlock = Vec::new();
    let mut read = Vec::new();
    for _ in 0..RUNS {
        log.lock_now();
        assert_eq!(log.state(), LockState::Locked);
        let started = now_ms();
        log.unlock(passphrase).await.expect("unlocked");
        let unlocked = now_ms();
        let n = open_the_log(log).await;
        unlock.push(unlocked - started);
        read.push(now_ms() - unlocked);
        assert_eq!(n, 3 * 365 + 1);
    }
    let mut save = Vec::new();
    for _ in 0..RUNS {
        let check_in = CheckIn::new(today, Mood::new(3).unwrap(), Craving::new(2).unwrap());
        let started = now_ms();
        log.save_check_in(check_in).await.expect("saved");
        save.push(now_ms() - started);
    }
    let (unlock, read) = (median(unlock), median(read));
    console_log!(
        "{}",
        format!(
            "the log: {} check-ins, {bytes} bytes as a backup; median of {RUNS} runs\n\
             open, no lock: {:.1} ms\n\
             open, locked: {:.1} ms = unlock (PBKDF2 600,000 + decrypt) {unlock:.1} ms + read {read:.1} ms\n\
             save a check-in while locked: {:.1} ms\n\
             turning the lock on: {locking:.1} ms",
            3 * 365 + 1,
            median(plain),
            unlock + read,
            median(save),
        )
    );
    schema::delete().await.unwrap();
}
