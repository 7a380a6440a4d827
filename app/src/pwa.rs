//! Installable-app glue: the service worker that keeps the app shell
//! available offline.

use wasm_bindgen::{JsCast, JsValue};

/// Registers `/sw.js` where the browser supports service workers (secure
/// contexts only). Failure is not an error for the person: the app still
/// works online, and the browser logs why.
pub fn register_service_worker() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator = window.navigator();
    let supported =
        js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false);
    if supported {
        let _registration = navigator.service_worker().register("/sw.js");
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
