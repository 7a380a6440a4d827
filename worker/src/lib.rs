//! Lantern's directory worker: imports meeting feeds into D1 and serves the
//! sync protocol (DESIGN.md). The app's static files are served beside it as
//! Workers static assets; only `/v1/*` reaches this code.
// A panic takes down the instance and every request queued on it.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod db;
mod error;
mod request;
mod routes;

use worker::{event, Context, Env, Request, Response, Result, Router};

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    Router::new()
        .get_async("/v1/health", routes::health::get)
        .get_async("/v1/shards", routes::sync::shards)
        .get_async("/v1/sync", routes::sync::page)
        .post_async("/v1/admin/import", routes::admin::import)
        .or_else_any_method_async("/v1/*path", routes::fallback::not_found)
        .run(req, env)
        .await
}
