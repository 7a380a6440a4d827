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
    let _deadline = controller.as_ref().and_then(Deadline::start);
    let aborted = || controller.as_ref().is_some_and(|c| c.signal().aborted());
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
    response.json::<T>().await.map_err(|e| {
        // Cut off by the deadline while reading: offline, not a bad reply.
        if aborted() {
            AppError::Offline
        } else {
            AppError::BadResponse {
                detail: e.to_string(),
            }
        }
    })
}

/// Aborts a request when [`DEADLINE_MS`] passes; dropping it (when the
/// request is done) cancels the timer, so the callback never runs late.
struct Deadline {
    handle: i32,
    _on_deadline: Closure<dyn FnMut()>,
}

impl Deadline {
    fn start(controller: &web_sys::AbortController) -> Option<Deadline> {
        let controller = controller.clone();
        let on_deadline = Closure::<dyn FnMut()>::new(move || controller.abort());
        let handle = web_sys::window()?
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                on_deadline.as_ref().unchecked_ref(),
                DEADLINE_MS,
            )
            .ok()?;
        Some(Deadline {
            handle,
            _on_deadline: on_deadline,
        })
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            window.clear_timeout_with_handle(self.handle);
        }
    }
}
