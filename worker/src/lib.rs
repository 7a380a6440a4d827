//! Lantern's directory worker: imports meeting feeds into D1 and serves the
//! sync protocol (DESIGN.md). The app's static files are served beside it as
//! Workers static assets; only `/v1/*` reaches this code.

mod db;
mod error;
mod routes;

use worker::{event, Context, Env, Request, Response, Result, Router};

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    Router::new()
        .get_async("/v1/health", routes::health::get)
        .get_async("/v1/shards", routes::sync::shards)
        .get_async("/v1/sync", routes::sync::page)
        .post_async("/v1/admin/import", routes::admin::import)
        .or_else_any_method_async("/v1/*path", routes::not_found)
        .run(req, env)
        .await
}
