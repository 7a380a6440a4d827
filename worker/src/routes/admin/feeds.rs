//! `GET /v1/admin/feeds`, `PUT /v1/admin/feeds/<source>`,
//! `POST /v1/admin/feeds/<source>/enable|disable|upload`.

use lantern_core::feed::{FeedSettings, MAX_FEED_BYTES};
use worker::{D1Database, Request, Response, Result, RouteContext};

use super::{authorize, source_param};
use crate::db::feeds::{self, Feed};
use crate::error::ApiError;
use crate::http::{flag_param, now, read_body, read_json, respond, with_wasm_memory, ApiResult};
use crate::import::{self, Input, Trigger};
use crate::restore;

/// The largest feed settings body, in bytes.
const MAX_SETTINGS_BYTES: usize = 8 * 1024;

/// `GET /v1/admin/feeds`: every feed with its last status.
pub async fn list(req: Request, ctx: RouteContext<()>) -> Result<Response> {
    let result = async {
        let db = authorize(&req, &ctx.env)?;
        feeds::all(&db).await
    }
    .await;
    respond(result)
}

/// `PUT /v1/admin/feeds/<source>` with the feed's settings: adds the feed or
/// changes it. Settings are checked here, so a mistake shows at once rather
/// than at the next scheduled import.
pub async fn save(mut req: Request, ctx: RouteContext<()>) -> Result<Response> {
    let result = async {
        let db = authorize(&req, &ctx.env)?;
        let source = source_param(&ctx);
        let settings: FeedSettings = read_json(&mut req, MAX_SETTINGS_BYTES).await?;
        settings
            .check(
                &source,
                import::zone_exists,
                import::fetching(&ctx.env).policy,
            )
            .map_err(|e| ApiError::BadBody(e.to_string()))?;
        feeds::save(&db, &source, &settings, &now().0).await?;
        existing(&db, &source).await
    }
    .await;
    respond(result)
}

/// `POST /v1/admin/feeds/<source>/enable`.
pub async fn enable(req: Request, ctx: RouteContext<()>) -> Result<Response> {
    set_enabled(req, ctx, true).await
}

/// `POST /v1/admin/feeds/<source>/disable`: the scheduled import skips it;
/// its meetings stay listed.
pub async fn disable(req: Request, ctx: RouteContext<()>) -> Result<Response> {
    set_enabled(req, ctx, false).await
}

async fn set_enabled(req: Request, ctx: RouteContext<()>, enabled: bool) -> Result<Response> {
    let result = async {
        let db = authorize(&req, &ctx.env)?;
        let source = source_param(&ctx);
        if !feeds::set_enabled(&db, &source, enabled).await? {
            return Err(no_such_feed(source));
        }
        existing(&db, &source).await
    }
    .await;
    respond(result)
}

/// `POST /v1/admin/feeds/<source>/upload[?accept_loss=true]` with the feed's
/// contents: imports them now under the feed's settings and answers with
/// the run and its report.
pub async fn upload(mut req: Request, ctx: RouteContext<()>) -> Result<Response> {
    let result = async {
        let db = authorize(&req, &ctx.env)?;
        let feed = existing(&db, &source_param(&ctx)).await?;
        let accept_loss = flag_param(&req.url()?, "accept_loss");
        let body = read_body(&mut req, MAX_FEED_BYTES).await?;
        import::run(
            &db,
            restore::store(&ctx.env).as_ref(),
            &feed,
            Trigger::Upload,
            Input::Uploaded(body),
            accept_loss,
        )
        .await
    }
    .await;
    with_wasm_memory(respond(result))
}

/// A feed that must exist.
pub async fn existing(db: &D1Database, source: &str) -> ApiResult<Feed> {
    feeds::get(db, source)
        .await?
        .ok_or_else(|| no_such_feed(source.to_owned()))
}

fn no_such_feed(source: String) -> ApiError {
    ApiError::NoSuch {
        what: "feed",
        name: source,
    }
}
