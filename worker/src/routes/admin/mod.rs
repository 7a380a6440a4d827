//! Admin routes, behind the `ADMIN_TOKEN` secret: feeds, imports and their
//! runs, and reports from the public.

pub mod feeds;
pub mod imports;
pub mod reports;

use lantern_core::digest::content_hash;
use worker::{D1Database, Env, Request};

use crate::error::ApiError;
use crate::http::ApiResult;

/// Checks the bearer token against the `ADMIN_TOKEN` secret and opens the
/// database.
pub fn authorize(req: &Request, env: &Env) -> ApiResult<D1Database> {
    let expected = env
        .secret("ADMIN_TOKEN")
        .map(|s| s.to_string())
        .ok()
        .filter(|s| !s.is_empty())
        .ok_or(ApiError::AdminDisabled)?;
    let header = req.headers().get("authorization")?.unwrap_or_default();
    let given = header.strip_prefix("Bearer ").unwrap_or("");
    // Fingerprints have one length, so not even the token's length shows
    // in the time taken.
    let (given, expected) = (content_hash(given), content_hash(&expected));
    if constant_time_eq(given.as_bytes(), expected.as_bytes()) {
        Ok(env.d1("DB")?)
    } else {
        Err(ApiError::Unauthorized)
    }
}

/// Compares without an early exit, so the time taken does not reveal how
/// much of a guessed token was right.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A path segment naming a source (feed).
fn source_param(ctx: &worker::RouteContext<()>) -> String {
    ctx.param("source").cloned().unwrap_or_default()
}

/// A path segment naming a numbered item (a run, a report).
fn id_param(ctx: &worker::RouteContext<()>, what: &'static str) -> ApiResult<u64> {
    let text = ctx.param("id").cloned().unwrap_or_default();
    text.parse()
        .map_err(|_| ApiError::NoSuch { what, name: text })
}
