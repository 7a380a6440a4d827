//! One error type for every route: a status, a stable code and a message
//! that says what to do.

use serde_json::json;
use worker::Response;

/// What went wrong while answering a request.
#[derive(Debug)]
pub enum ApiError {
    /// A query parameter is missing or invalid.
    BadParameter { name: &'static str, message: String },
    /// The request body is unreadable or breaks a rule.
    BadBody(String),
    /// The request body is larger than the route accepts.
    BodyTooLarge { limit: usize },
    /// No credentials, or the wrong ones, for an admin route.
    Unauthorized,
    /// Admin routes are off because no token is configured.
    AdminDisabled,
    /// A write from a web page that is not the app.
    OriginNotAllowed,
    /// No route for this path.
    NotFound(String),
    /// The route exists; the thing it names does not.
    NoSuch { what: &'static str, name: String },
    /// The request conflicts with the current state (a disabled feed).
    Conflict(String),
    /// The client's cursor belongs to an earlier build of the directory (or
    /// is past the shard's newest change), so the client must start over.
    StartOver,
    /// Too many reports from one client this hour.
    TooManyReports { retry_after_seconds: u64 },
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
            ApiError::BadBody(message) => (400, "bad_body", message.clone()),
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
            ApiError::OriginNotAllowed => (
                403,
                "origin_not_allowed",
                "this route accepts writes only from the Lantern app's own pages".to_owned(),
            ),
            ApiError::NotFound(path) => (
                404,
                "not_found",
                format!("no API route at `{path}`; see the README for the routes"),
            ),
            ApiError::NoSuch { what, name } => (
                404,
                "not_found",
                format!("there is no {what} `{}`; check the name", cut(name)),
            ),
            ApiError::Conflict(message) => (409, "conflict", message.clone()),
            ApiError::StartOver => (
                410,
                "start_over",
                "this cursor cannot be continued (the directory was rebuilt, or the \
                 deletions since it were pruned after 30 days): \
                 forget this shard's meetings and sync again from since=0"
                    .to_owned(),
            ),
            ApiError::TooManyReports {
                retry_after_seconds,
            } => (
                429,
                "too_many_reports",
                format!(
                    "thank you, we have your reports; send more in {} minutes",
                    retry_after_seconds.div_ceil(60)
                ),
            ),
            // The detail (database text, table names) goes to the worker's
            // log, not to whoever asked.
            ApiError::Internal(_) => (
                500,
                "internal",
                "the directory service failed; try again in a minute".to_owned(),
            ),
        }
    }

    /// The JSON error response: `{"error": {"code", "message"}}`.
    pub fn into_response(self) -> worker::Result<Response> {
        if let ApiError::Internal(detail) = &self {
            worker::console_error!("internal error: {detail}");
        }
        let (status, code, message) = self.status_code_message();
        let mut response =
            Response::from_json(&json!({ "error": { "code": code, "message": message } }))?
                .with_status(status);
        if let ApiError::TooManyReports {
            retry_after_seconds,
        } = self
        {
            response
                .headers_mut()
                .set("retry-after", &retry_after_seconds.to_string())?;
        }
        Ok(response)
    }
}

/// For admins' eyes (an import run's message): the message a client
/// would get, and for an internal error its detail.
impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::Internal(detail) => f.write_str(detail),
            other => f.write_str(&other.status_code_message().2),
        }
    }
}

impl From<worker::Error> for ApiError {
    fn from(error: worker::Error) -> ApiError {
        ApiError::Internal(error.to_string())
    }
}

/// At most 80 characters of a name echoed back in a message.
fn cut(name: &str) -> String {
    name.chars().take(80).collect()
}
