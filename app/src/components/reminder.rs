//! The daily reminder: chosen on `/log`, and shown as a gentle prompt on
//! the other pages once its time has come and the day has no check-in.
//! Where the app is installed and the person allowed notifications, the
//! same prompt comes as a local notification while the app runs; there is
//! no push server, so nothing arrives while it is closed.

use js_sys::Reflect;
use lantern_core::log::day::Day;
use lantern_core::log::reminder::Reminder;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_location;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::i18n::use_words;
use crate::pages::log::today;
use crate::recovery_log::{not_changed, use_recovery_log, LockState};

/// How often the prompt looks at the clock.
const CHECK_MS: u64 = 30_000;
/// The time offered when the reminder is first turned on.
const DEFAULT_AT: (u8, u8) = (20, 0);

/// Minutes after midnight by the device's clock.
fn minutes_now() -> u16 {
    let now = js_sys::Date::new_0();
    u16::try_from(now.get_hours() * 60 + now.get_minutes()).unwrap_or(0)
}

fn global(name: &str) -> Option<JsValue> {
    Reflect::get(&js_sys::global(), &name.into())
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

/// The browser's answer about notifications: "granted", "denied" or
/// "default"; `None` where there are none.
fn notification_permission() -> Option<String> {
    Reflect::get(&global("Notification")?, &"permission".into())
        .ok()?
        .as_string()
}

async fn ask_for_notifications() -> Option<String> {
    let notification = global("Notification")?;
    let request: js_sys::Function = Reflect::get(&notification, &"requestPermission".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let promise: js_sys::Promise = request.call0(&notification).ok()?.dyn_into().ok()?;
    JsFuture::from(promise).await.ok()?.as_string()
}

/// Shows a notification through the service worker (the only way an
/// installed app on Android may). Words are neutral on purpose: a
/// notification can be read over a shoulder.
async fn notify(title: &str, body: &str) -> Option<()> {
    let navigator = web_sys::window()?.navigator();
    let workers = Reflect::get(&navigator, &"serviceWorker".into()).ok()?;
    let ready: js_sys::Promise = Reflect::get(&workers, &"ready".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let registration = JsFuture::from(ready).await.ok()?;
    let show: js_sys::Function = Reflect::get(&registration, &"showNotification".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let options = js_sys::Object::new();
    Reflect::set(&options, &"body".into(), &body.into()).ok()?;
    Reflect::set(&options, &"tag".into(), &"lantern-reminder".into()).ok()?;
    let promise: js_sys::Promise = show
        .call2(&registration, &title.into(), &options)
        .ok()?
        .dyn_into()
        .ok()?;
    JsFuture::from(promise).await.ok().map(|_| ())
}

/// The prompt, on every page but the log itself.
#[component]
pub fn ReminderPrompt() -> impl IntoView {
    let words = use_words();
    let log = use_recovery_log();
    let location = use_location();
    let tick = RwSignal::new(0_u32);
    let _tick = set_interval_with_handle(
        move || tick.update(|n| *n += 1),
        std::time::Duration::from_millis(CHECK_MS),
    );
    // When due: whether the log is locked (then the app cannot tell
    // whether today has a check-in, and says so).
    let due = LocalResource::new(move || {
        tick.track();
        let _ = log.changes();
        let (reminder, put_off, state) = (log.reminder(), log.put_off(), log.state());
        async move {
            let reminder = reminder?;
            let today = today();
            let now = minutes_now();
            // The cheap checks first: most of the day it is not time yet.
            if state == LockState::Opening || !reminder.is_due(today, now, None, put_off) {
                return None;
            }
            if state == LockState::Locked {
                return Some(true);
            }
            let last = log.check_ins().await.ok()?.0.last().map(|c| c.day);
            reminder.is_due(today, now, last, put_off).then_some(false)
        }
    });
    // One notification a day at most, and only where it was allowed. It
    // is titled with the app's name as shown (the neutral one if chosen).
    let notified = StoredValue::new(None::<Day>);
    let discretion = crate::discretion::use_discretion();
    Effect::new(move |_| {
        let Some(Some(_)) = due.get() else {
            return;
        };
        let today = today();
        if notified.get_value() == Some(today)
            || !crate::pwa::installed()
            || notification_permission().as_deref() != Some("granted")
        {
            return;
        }
        notified.set_value(Some(today));
        let title = discretion.app_name(words);
        spawn_local(async move {
            let _shown = notify(title, words.reminder_notification_body).await;
        });
    });
    let put_off = move |_| {
        spawn_local(async move {
            let _ = log.put_off_reminder(today()).await;
        });
    };
    move || {
        let locked = due.get().flatten()?;
        if location.pathname.get() == "/log" {
            return None;
        }
        Some(view! {
            <aside class="reminder" role="status" data-testid="reminder">
                <p>{if locked { words.reminder_prompt_locked } else { words.reminder_prompt }}</p>
                <p class="actions">
                    <a class="button primary" href="/log" data-testid="reminder-check-in">{words.reminder_check_in}</a>
                    " "
                    <button type="button" class="quiet" data-testid="reminder-not-today" on:click=put_off>{words.reminder_not_today}</button>
                </p>
            </aside>
        })
    }
}

/// Choosing the reminder, on `/log`.
#[component]
pub fn ReminderSettings() -> impl IntoView {
    let words = use_words();
    let log = use_recovery_log();
    let status = RwSignal::new(None::<String>);
    let permission = RwSignal::new(notification_permission());
    let save = move |at: Option<Reminder>| {
        spawn_local(async move {
            match log.set_reminder(at).await {
                Ok(()) => status.set(None),
                Err(error) => status.set(Some(not_changed(words, &error))),
            }
        });
    };
    let toggle = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        save(
            on.then(|| Reminder::new(DEFAULT_AT.0, DEFAULT_AT.1))
                .flatten(),
        );
    };
    let choose = move |ev: leptos::ev::Event| {
        if let Some(at) = Reminder::parse(&event_target_value(&ev)) {
            save(Some(at));
        }
    };
    let ask = move |_| {
        spawn_local(async move {
            permission.set(
                ask_for_notifications()
                    .await
                    .or_else(notification_permission),
            );
        });
    };
    let notifications = move || {
        // Offered where it can work: installed, with notifications.
        if log.reminder().is_none() || !crate::pwa::installed() {
            return None;
        }
        Some(match permission.get()?.as_str() {
            "granted" => view! { <p class="quiet">{words.reminder_notify_on}</p> }.into_any(),
            "denied" => view! { <p class="quiet">{words.reminder_notify_blocked}</p> }.into_any(),
            _ => view! {
                <p><button type="button" class="quiet" on:click=ask>{words.reminder_notify}</button></p>
            }
            .into_any(),
        })
    };
    view! {
        <section class="reminder-settings check-in" aria-labelledby="reminder-title">
            <h2 id="reminder-title">{words.reminder_title}</h2>
            <p class="quiet">{words.reminder_help}</p>
            <label class="choice">
                <input type="checkbox" data-testid="reminder-on"
                    prop:checked=move || log.reminder().is_some() on:change=toggle />
                <span>{words.reminder_on}</span>
            </label>
            <Show when=move || log.reminder().is_some()>
                <label class="field">
                    <span>{words.reminder_time}</span>
                    <input type="time" data-testid="reminder-time"
                        prop:value=move || log.reminder().map(|r| r.to_string()).unwrap_or_default()
                        on:change=choose />
                </label>
            </Show>
            {notifications}
            <p class="status" role="status">{move || status.get()}</p>
        </section>
    }
}
