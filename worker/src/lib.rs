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
mod http;
mod import;
mod restore;
mod routes;

use routes::admin;
use worker::{
    console_error, event, Context, Env, Request, Response, Result, Router, ScheduleContext,
    ScheduledEvent,
};

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    let response = Router::new()
        .get_async("/v1/health", routes::health::get)
        .get_async("/v1/shards", routes::sync::shards)
        .get_async("/v1/sync", routes::sync::page)
        .get_async("/v1/tz", routes::zones::bundle)
        .get_async(
            "/v1/feeds/meeting-guide/:file",
            routes::export::meeting_guide,
        )
        .post_async("/v1/reports", routes::reports::create)
        .options_async("/v1/reports", routes::reports::preflight)
        .get_async("/v1/admin/feeds", admin::feeds::list)
        .put_async("/v1/admin/feeds/:source", admin::feeds::save)
        .post_async("/v1/admin/feeds/:source/enable", admin::feeds::enable)
        .post_async("/v1/admin/feeds/:source/disable", admin::feeds::disable)
        .post_async("/v1/admin/feeds/:source/upload", admin::feeds::upload)
        .post_async("/v1/admin/import", admin::imports::trigger)
        .get_async("/v1/admin/runs", admin::imports::list)
        .get_async("/v1/admin/runs/:id", admin::imports::get)
        .get_async("/v1/admin/reports", admin::reports::list)
        .post_async("/v1/admin/reports/:id/resolve", admin::reports::resolve)
        .or_else_any_method_async("/v1/*path", routes::fallback::not_found)
        .run(req, env)
        .await?;
    http::finish(response)
}

/// The cron schedule in wrangler.toml: housekeeping, then the one feed most
/// overdue for import (see `import::run_next_due`).
#[event(scheduled)]
async fn scheduled(_event: ScheduledEvent, env: Env, _ctx: ScheduleContext) {
    let outcome = async {
        let db = env.d1("DB")?;
        let (_, millis) = http::now();
        let hour = u64::try_from(lantern_core::report::hour_of(millis)).unwrap_or(0);
        if let Err(error) = db::reports::forget_counts_before(&db, hour).await {
            console_error!("old report counts were not deleted: {error:?}");
        }
        // The tests shorten the horizon to see deletions pruned.
        let horizon = env
            .var("DELETIONS_KEPT_DAYS")
            .ok()
            .and_then(|days| days.to_string().parse().ok())
            .unwrap_or(db::sequence::HORIZON_DAYS);
        if let Err(error) = db::sequence::prune_old_deletions(&db, millis, horizon).await {
            console_error!("old deletions were not pruned: {error:?}");
        }
        import::run_next_due(&db, &env, millis).await
    }
    .await;
    if let Err(error) = outcome {
        console_error!("scheduled import failed: {error:?}");
    }
}
