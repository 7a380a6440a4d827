pub mod admin;
pub mod health;
pub mod sync;

use worker::{Request, Response, Result, RouteContext};

use crate::error::ApiError;

/// Any `/v1/` path without a route.
pub async fn not_found(req: Request, _ctx: RouteContext<()>) -> Result<Response> {
    ApiError::NotFound(req.path()).into_response()
}

/// Answers with the value as JSON, or with the error's JSON.
pub fn respond<T: serde::Serialize>(result: std::result::Result<T, ApiError>) -> Result<Response> {
    match result {
        Ok(value) => Response::from_json(&value),
        Err(error) => error.into_response(),
    }
}

/// A query parameter's value, if given.
pub fn query_param(url: &worker::Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}
