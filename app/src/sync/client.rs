//! The one way the app talks to the worker: a request with a deadline.
//! Requests carry nothing about the person: a path and query, and for a
//! report the report itself.

use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
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
    let (response, deadline) =
        send(|signal| Request::get(path).abort_signal(signal.as_ref()).send()).await?;
    let decoded = response.json::<T>().await;
    read_body(decoded, deadline.as_ref())
}

/// Fetches `path` from the worker as bytes.
pub async fn get_bytes(path: &str) -> Result<Vec<u8>, AppError> {
    let (response, deadline) =
        send(|signal| Request::get(path).abort_signal(signal.as_ref()).send()).await?;
    let bytes = response.binary().await;
    read_body(bytes, deadline.as_ref())
}

/// Posts `body` as JSON to the worker; the answer's body is not needed.
pub async fn post_json<T: Serialize>(path: &str, body: &T) -> Result<(), AppError> {
    let json = serde_json::to_string(body).map_err(|e| AppError::BadResponse {
        detail: e.to_string(),
    })?;
    let (_response, _deadline) = send(|signal| async move {
        Request::post(path)
            .abort_signal(signal.as_ref())
            .header("content-type", "application/json")
            .body(json)?
            .send()
            .await
    })
    .await?;
    Ok(())
}

/// Sends a request under a deadline and turns failures into [`AppError`]s.
/// The deadline is handed back to stay armed while the body is read.
async fn send<F, Fut>(send: F) -> Result<(Response, Option<Deadline>), AppError>
where
    F: FnOnce(Option<web_sys::AbortSignal>) -> Fut,
    Fut: std::future::IntoFuture<Output = Result<Response, gloo_net::Error>>,
{
    let deadline = Deadline::start();
    let signal = deadline.as_ref().map(|d| d.controller.signal());
    let response = send(signal).await.map_err(|_| AppError::Offline)?;
    if response.ok() {
        return Ok((response, deadline));
    }
    let status = response.status();
    // A proxy or captive portal answering for an unreachable worker.
    if matches!(status, 502..=504) {
        return Err(AppError::Offline);
    }
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|s| s.trim().parse().ok());
    let message = match response.json::<ErrorBody>().await {
        Ok(body) => body.error.message,
        Err(_) => format!("status {status}"),
    };
    Err(AppError::Server {
        status,
        message,
        retry_after,
    })
}

fn read_body<T>(
    result: Result<T, gloo_net::Error>,
    deadline: Option<&Deadline>,
) -> Result<T, AppError> {
    result.map_err(|e| {
        // Cut off by the deadline while reading: offline, not a bad reply.
        if deadline.is_some_and(Deadline::expired) {
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
    controller: web_sys::AbortController,
    handle: i32,
    _on_deadline: Closure<dyn FnMut()>,
}

impl Deadline {
    fn start() -> Option<Deadline> {
        let controller = web_sys::AbortController::new().ok()?;
        let aborter = controller.clone();
        let on_deadline = Closure::<dyn FnMut()>::new(move || aborter.abort());
        let handle = web_sys::window()?
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                on_deadline.as_ref().unchecked_ref(),
                DEADLINE_MS,
            )
            .ok()?;
        Some(Deadline {
            controller,
            handle,
            _on_deadline: on_deadline,
        })
    }

    fn expired(&self) -> bool {
        self.controller.signal().aborted()
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            window.clear_timeout_with_handle(self.handle);
        }
    }
}
