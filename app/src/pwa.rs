//! Installable-app glue: the service worker that keeps the app offline,
//! and the notice that a new version is ready.
//!
//! A new build is a new service worker (its file list and version are
//! written at build time). It installs beside the running one and waits:
//! the page keeps the files it started with until the person taps
//! "Reload", which tells the new worker to take over and reloads once it
//! has.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState};

use crate::i18n::use_words;

/// How often a long-open app asks whether a new version was deployed.
const CHECK_EVERY: std::time::Duration = std::time::Duration::from_secs(60 * 60);

/// Coming back to the app asks again, at most this often.
const RECHECK_AFTER_MS: f64 = 5.0 * 60.0 * 1000.0;

/// The new-version handle, in context.
#[derive(Clone, Copy)]
pub struct AppUpdate {
    ready: RwSignal<bool>,
    registration: StoredValue<Option<ServiceWorkerRegistration>, LocalStorage>,
    /// When the browser was last asked for a new version.
    checked_at: StoredValue<f64>,
}

fn container() -> Option<ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker"))
        .unwrap_or(false)
        .then(|| navigator.service_worker())
}

impl AppUpdate {
    /// Registers `/sw.js` where the browser supports service workers
    /// (secure pages only), puts the handle in context and watches for a
    /// new version. Failure is not an error for the person: the app still
    /// works online, and the browser logs why.
    pub fn provide() -> AppUpdate {
        let update = AppUpdate {
            ready: RwSignal::new(false),
            registration: StoredValue::new_local(None),
            checked_at: StoredValue::new(js_sys::Date::now()),
        };
        provide_context(update);
        let Some(container) = container() else {
            return update;
        };
        // Another tab's Reload can hand this page to the new version; this
        // page then says a new version is ready, and its Reload reloads.
        // (On a first install nothing controlled the page: no notice.)
        if container.controller().is_some() {
            let taken_over = Closure::<dyn FnMut()>::new(move || update.ready.set(true));
            container.set_oncontrollerchange(Some(taken_over.as_ref().unchecked_ref()));
            taken_over.forget();
        }
        spawn_local(async move {
            let Ok(registration) = JsFuture::from(container.register("/sw.js")).await else {
                return;
            };
            let registration: ServiceWorkerRegistration = registration.unchecked_into();
            update.registration.set_value(Some(registration.clone()));
            update.watch(&registration);
        });
        let _check = set_interval_with_handle(move || update.check(), CHECK_EVERY);
        let _visible = window_event_listener(leptos::ev::visibilitychange, move |_| {
            let due = js_sys::Date::now() - update.checked_at.get_value() > RECHECK_AFTER_MS;
            if !document().hidden() && due {
                update.check();
            }
        });
        update
    }

    /// Whether a new version is installed and waiting.
    pub fn ready(self) -> bool {
        self.ready.get()
    }

    /// Asks the browser to look for a new service worker now.
    fn check(self) {
        self.checked_at.set_value(js_sys::Date::now());
        self.registration.with_value(|registration| {
            if let Some(registration) = registration {
                // Offline, the check fails; it is tried again later.
                if let Ok(checking) = registration.update() {
                    spawn_local(async move {
                        let _ = JsFuture::from(checking).await;
                    });
                }
            }
        });
    }

    /// Says a new version is ready when one is waiting, or when one that
    /// is installing finishes, while an older version runs this page (the
    /// first install needs no notice).
    fn watch(self, registration: &ServiceWorkerRegistration) {
        let controlled = move || container().and_then(|c| c.controller()).is_some();
        if registration.waiting().is_some() && controlled() {
            self.ready.set(true);
        }
        // Says so when an installing version has installed.
        let follow = move |installing: web_sys::ServiceWorker| {
            let worker = installing.clone();
            let on_state = Closure::<dyn FnMut()>::new(move || {
                if worker.state() == ServiceWorkerState::Installed && controlled() {
                    self.ready.set(true);
                }
            });
            installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
            on_state.forget();
        };
        // One may already be installing (the browser checked while the app
        // loaded, before this listener existed).
        if let Some(installing) = registration.installing() {
            follow(installing);
        }
        let watched = registration.clone();
        let on_found = Closure::<dyn FnMut()>::new(move || {
            if let Some(installing) = watched.installing() {
                follow(installing);
            }
        });
        registration.set_onupdatefound(Some(on_found.as_ref().unchecked_ref()));
        // The registration lives as long as the page.
        on_found.forget();
    }

    /// Hands over to the waiting version, and reloads once it has taken
    /// over.
    pub fn apply(self) {
        let Some(container) = container() else {
            return;
        };
        let reload = Closure::<dyn FnMut()>::new(|| {
            if let Some(window) = web_sys::window() {
                let _ = window.location().reload();
            }
        });
        container.set_oncontrollerchange(Some(reload.as_ref().unchecked_ref()));
        reload.forget();
        let waiting = self
            .registration
            .with_value(|registration| registration.as_ref().and_then(|r| r.waiting()));
        match waiting {
            Some(waiting) => {
                let _ = waiting.post_message(&JsValue::from_str("skip-waiting"));
            }
            // Already handed over (from another tab): the new version is
            // in place, so reloading is all that is left.
            None => {
                if let Some(window) = web_sys::window() {
                    let _ = window.location().reload();
                }
            }
        }
    }
}

/// "A new version is ready", with its Reload button, while one waits.
#[component]
pub fn UpdateNotice() -> impl IntoView {
    let words = use_words();
    let update = use_context::<AppUpdate>();
    move || {
        let update = update.filter(|u| u.ready())?;
        Some(view! {
            <div class="notice update" role="status" data-testid="update-ready">
                <p>{words.update_ready}</p>
                <button type="button" class="primary" data-testid="update-reload"
                    on:click=move |_| update.apply()>{words.update_reload}</button>
            </div>
        })
    }
}

/// Whether the app runs installed (from the home screen), not in a tab.
pub fn installed() -> bool {
    let standalone = (|| {
        let window = web_sys::window()?;
        let match_media: js_sys::Function = js_sys::Reflect::get(&window, &"matchMedia".into())
            .ok()?
            .dyn_into()
            .ok()?;
        let query = match_media
            .call1(&window, &"(display-mode: standalone)".into())
            .ok()?;
        js_sys::Reflect::get(&query, &"matches".into())
            .ok()?
            .as_bool()
    })();
    // Safari on iOS says so on its own property.
    let ios = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &"standalone".into()).ok())
        .and_then(|v| v.as_bool());
    standalone.unwrap_or(false) || ios.unwrap_or(false)
}
