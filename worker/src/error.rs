//! One error type for every route: a status, a stable code and a message
//! that says what to do.

use serde_json::json;
use worker::Response;

/// What went wrong while answering a request.
#[derive(Debug)]
pub enum ApiError {
    /// A query parameter is missing or invalid.
    BadParameter { name: &'static str, message: String },
    /// The request body is larger than the route accepts.
    BodyTooLarge { limit: usize },
    /// No credentials, or the wrong ones, for an admin route.
    Unauthorized,
    /// Admin routes are off because no token is configured.
    AdminDisabled,
    /// No route for this path.
    NotFound(String),
    /// The feed was rejected whole.
    FeedRejected(String),
    /// The runtime or the database failed.
    Internal(String),
}

impl ApiError {
    fn status_code_message(&self) -> (u16, &'static str, String) {
        match self {
            ApiError::BadParameter { name, message } => (
                400,
                "bad_parameter",
                format!("query parameter `{name}`: {message}"),
            ),
            ApiError::BodyTooLarge { limit } => (
                413,
                "body_too_large",
                format!("the request body is over {limit} bytes; send less"),
            ),
            ApiError::Unauthorized => (
                401,
                "unauthorized",
                "send the admin token as `Authorization: Bearer <token>`".to_owned(),
            ),
            ApiError::AdminDisabled => (
                503,
                "admin_disabled",
                "admin routes are off: set the ADMIN_TOKEN secret (wrangler secret put ADMIN_TOKEN)"
                    .to_owned(),
            ),
            ApiError::NotFound(path) => (
                404,
                "not_found",
                format!("no API route at `{path}`; see the README for the routes"),
            ),
            ApiError::FeedRejected(reason) => (422, "feed_rejected", reason.clone()),
            ApiError::Internal(detail) => (
                500,
                "internal",
                format!("the directory service failed ({detail}); try again in a minute"),
            ),
        }
    }

    /// The JSON error response: `{"error": {"code", "message"}}`.
    pub fn into_response(self) -> worker::Result<Response> {
        let (status, code, message) = self.status_code_message();
        Ok(
            Response::from_json(&json!({ "error": { "code": code, "message": message } }))?
                .with_status(status),
        )
    }
}

impl From<worker::Error> for ApiError {
    fn from(error: worker::Error) -> ApiError {
        ApiError::Internal(error.to_string())
    }
}
