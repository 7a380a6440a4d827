//! The one way the app talks to the worker: a JSON GET with a deadline.
//! Requests carry nothing about the person: a path and query only.

use gloo_net::http::Request;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::error::AppError;

/// How long one request may take before it counts as offline: on a bad
/// connection a quick, calm "offline" beats an endless spinner.
const DEADLINE_MS: i32 = 15_000;

#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Deserialize)]
struct ErrorDetail {
    message: String,
}

/// Fetches `path` from the worker and decodes its JSON.
pub async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, AppError> {
    let controller = web_sys::AbortController::new().ok();
    let _deadline = controller.as_ref().and_then(abort_after_deadline);
    let response = Request::get(path)
        .abort_signal(controller.as_ref().map(|c| c.signal()).as_ref())
        .send()
        .await
        .map_err(|_| AppError::Offline)?;
    if !response.ok() {
        let status = response.status();
        let message = match response.json::<ErrorBody>().await {
            Ok(body) => body.error.message,
            Err(_) => format!("status {status}"),
        };
        // A proxy or captive portal answering for an unreachable worker.
        if matches!(status, 502..=504) {
            return Err(AppError::Offline);
        }
        return Err(AppError::Server { status, message });
    }
    response
        .json::<T>()
        .await
        .map_err(|e| AppError::BadResponse(e.to_string()))
}

/// Aborts the request when the deadline passes. Returns the timer's
/// closure, which must live as long as the request.
fn abort_after_deadline(controller: &web_sys::AbortController) -> Option<Closure<dyn FnMut()>> {
    let controller = controller.clone();
    let on_deadline = Closure::<dyn FnMut()>::new(move || controller.abort());
    web_sys::window()?
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            on_deadline.as_ref().unchecked_ref(),
            DEADLINE_MS,
        )
        .ok()?;
    Some(on_deadline)
}
