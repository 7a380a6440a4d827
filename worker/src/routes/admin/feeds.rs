//! `GET /v1/admin/feeds`, `PUT /v1/admin/feeds/<source>`,
//! `POST /v1/admin/feeds/<source>/enable|disable|upload`.

use lantern_core::feed::{Format, MAX_FEED_BYTES};
use lantern_core::ShardId;
use worker::{D1Database, Request, Response, Result, RouteContext};

use super::{authorize, source_param};
use crate::db::feeds::{self, Feed, FeedSettings};
use crate::error::ApiError;
use crate::http::{flag_param, now, read_body, read_json, respond, ApiResult};
use crate::import::{self, Input, Trigger};

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
        check(&source, &settings).map_err(ApiError::BadBody)?;
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
            &feed,
            Trigger::Upload,
            Input::Uploaded(body),
            accept_loss,
        )
        .await
    }
    .await;
    respond(result)
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

/// Checks a feed's settings, saying which one is wrong and how.
fn check(source: &str, settings: &FeedSettings) -> std::result::Result<(), String> {
    if Format::from_key(&settings.format).is_none() {
        return Err(format!(
            "`format` `{}` is not one of mg (Meeting Guide JSON), bmlt or csv",
            settings.format
        ));
    }
    if !settings.url.is_empty() {
        let ok = worker::Url::parse(&settings.url)
            .is_ok_and(|url| matches!(url.scheme(), "https" | "http") && url.has_host());
        if !ok {
            return Err(format!(
                "`url` `{}` is not a web address of the feed; use https://…, or leave it \
                 empty for a feed you upload",
                settings.url
            ));
        }
    }
    ShardId::parse(&settings.shard).map_err(|e| format!("`shard`: {e}"))?;
    // DESIGN.md: every feed names the zone of rows that name none, since
    // many real feeds name none and a zone is never guessed.
    if settings.zone.is_empty() {
        return Err(
            "`zone` is missing: give the IANA time zone of the feed's meetings, such \
                    as Europe/London, for rows that name none"
                .to_owned(),
        );
    }
    import::import_options(
        source,
        &settings.fellowship,
        &settings.zone,
        &settings.language,
    )?;
    Ok(())
}
