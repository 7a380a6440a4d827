//! Quick exit: "Exit" in the header, or Escape pressed twice, hides the app
//! at once and replaces it with a neutral page, leaving no trail in this
//! tab's back button.
//!
//! The browser's Navigation API lists this tab's entries of the app's
//! origin around the current one. Leaving goes back to the first of them
//! and replaces it with the neutral page, so Back leads to whatever came
//! before Lantern. A flag in session storage finishes the job when that
//! first entry belongs to an earlier load of the page (after a reload):
//! the app, started there, leaves before drawing anything. Browsers
//! without the Navigation API replace only the current entry.

use js_sys::Reflect;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// Where quick exit goes: an everyday page that says nothing about
/// recovery.
pub const NEUTRAL_PAGE: &str = "https://www.google.com/search?q=weather";

/// The session storage key that says "leaving": read at start-up.
const LEAVING: &str = "lantern-leaving";

/// Two presses of Escape within this many milliseconds leave.
const ESCAPE_TWICE_MS: f64 = 1_000.0;

/// If going back has not ended the page by then, leave from where it is.
const FALLBACK_MS: u64 = 600;

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// Whether the page was opened in the middle of leaving (after going back
/// to an entry of an earlier load). Then it replaces itself with the
/// neutral page and the app should draw nothing.
pub fn finish_leaving() -> bool {
    let Some(storage) = session_storage() else {
        return false;
    };
    if storage.get_item(LEAVING).ok().flatten().is_none() {
        return false;
    }
    let _ = storage.remove_item(LEAVING);
    replace_with_neutral();
    true
}

fn replace_with_neutral() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().replace(NEUTRAL_PAGE);
    }
}

/// Leaves now.
pub fn leave() {
    let Some(window) = web_sys::window() else {
        return;
    };
    // Nothing of the app stays on screen while the history moves.
    // Through the style object: the CSP blocks `style` attributes.
    if let Some(root) = window
        .document()
        .and_then(|d| d.document_element())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = root.style().set_property("display", "none");
    }
    if let Some(document) = window.document() {
        document.set_title("");
    }
    if let Some(first) = first_entry_behind(&window) {
        if let Some(storage) = session_storage() {
            let _ = storage.set_item(LEAVING, "1");
        }
        // Back at the first entry (same page): replace it. An entry of an
        // earlier load starts the app again, which sees the flag.
        let _popstate = window_event_listener(leptos::ev::popstate, move |_| finish_leaving_now());
        let traversed = navigation(&window).and_then(|navigation| {
            let traverse = Reflect::get(&navigation, &"traverseTo".into()).ok()?;
            let traverse: js_sys::Function = traverse.dyn_into().ok()?;
            traverse.call1(&navigation, &first).ok()
        });
        if traversed.is_some() {
            set_timeout(
                finish_leaving_now,
                std::time::Duration::from_millis(FALLBACK_MS),
            );
            return;
        }
    }
    replace_with_neutral();
}

fn finish_leaving_now() {
    if let Some(storage) = session_storage() {
        let _ = storage.remove_item(LEAVING);
    }
    replace_with_neutral();
}

fn navigation(window: &web_sys::Window) -> Option<JsValue> {
    Reflect::get(window, &"navigation".into())
        .ok()
        .filter(|n| !n.is_undefined() && !n.is_null())
}

fn call(target: &JsValue, method: &str) -> Option<JsValue> {
    let function: js_sys::Function = Reflect::get(target, &method.into()).ok()?.dyn_into().ok()?;
    function.call0(target).ok()
}

/// The key of the first of this tab's entries on the app's origin, when it
/// is behind the current one.
fn first_entry_behind(window: &web_sys::Window) -> Option<JsValue> {
    let navigation = navigation(window)?;
    let entries: js_sys::Array = call(&navigation, "entries")?.dyn_into().ok()?;
    let current = Reflect::get(&navigation, &"currentEntry".into()).ok()?;
    let index = |entry: &JsValue| Reflect::get(entry, &"index".into()).ok()?.as_f64();
    let first = entries.get(0);
    (index(&first)? < index(&current)?).then(|| Reflect::get(&first, &"key".into()).ok())?
}

/// Listens for Escape pressed twice, anywhere in the app.
pub fn listen_for_escape_twice() {
    let last = StoredValue::new(f64::NEG_INFINITY);
    let _keys = window_event_listener(leptos::ev::keydown, move |event| {
        if event.key() != "Escape" {
            return;
        }
        let now = js_sys::Date::now();
        if now - last.get_value() < ESCAPE_TWICE_MS {
            leave();
        } else {
            last.set_value(now);
        }
    });
}
