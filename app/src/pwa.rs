//! Installable-app glue: the service worker that keeps the app shell
//! available offline.

use wasm_bindgen::JsValue;

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
