//! Each shard as a Meeting Guide JSON feed, so TSML UI, the Meeting Guide
//! app and other tools can read Lantern's directory.

use lantern_core::feed::export::MeetingGuideWriter;
use lantern_core::{Meeting, ShardId};
use worker::{Request, Response, Result, RouteContext};

use crate::db::meetings;
use crate::error::ApiError;
use crate::http::{
    from_cache_or, matches_etag, not_modified, public_cacheable, respond_with, with_wasm_memory,
};

/// Feeds are read by other tools every few hours: caches may keep one for
/// five minutes.
const FEED_CACHE: &str = "public, max-age=300";

/// How many meetings are read from D1 at a time.
const PAGE: u32 = 1_000;

/// `GET /v1/feeds/meeting-guide/<shard>.json`.
pub async fn meeting_guide(req: Request, ctx: RouteContext<()>) -> Result<Response> {
    let result = async {
        let file = ctx.param("file").cloned().unwrap_or_default();
        let name = file.strip_suffix(".json").ok_or_else(|| ApiError::NoSuch {
            what: "feed",
            name: file.clone(),
        })?;
        let shard = ShardId::parse(name).map_err(|e| ApiError::BadParameter {
            name: "shard",
            message: e.to_string(),
        })?;
        let db = ctx.env.d1("DB")?;
        let head = meetings::shard_head(&db, &shard, 0).await?;
        if head.head == 0 {
            return Err(ApiError::NoSuch {
                what: "shard",
                name: shard.to_string(),
            });
        }
        let etag = format!("\"mg-{:x}-{}\"", head.epoch, head.head);
        if matches_etag(&req, &etag) {
            return Ok(not_modified(&etag, FEED_CACHE)?);
        }
        let key = format!("meeting-guide/{shard}/{:x}-{}", head.epoch, head.head);
        let response = from_cache_or(&req, &ctx.env, &key, || async {
            // Page by page: only the feed being written and one page are
            // held, whatever the shard's size.
            let mut feed = MeetingGuideWriter::new();
            let mut after = String::new();
            loop {
                let page = meetings::listed_page(&db, &shard, &after, PAGE).await?;
                let last_page = page.len() < PAGE as usize;
                for stored in page {
                    let meeting: Meeting = serde_json::from_str(&stored.data)
                        .map_err(|e| ApiError::Internal(format!("stored meeting: {e}")))?;
                    feed.push(&meeting);
                    after = stored.id;
                }
                if last_page {
                    break;
                }
            }
            let mut response = Response::ok(feed.finish())?;
            response
                .headers_mut()
                .set("content-type", "application/json; charset=utf-8")?;
            Ok(response)
        })
        .await?;
        Ok(public_cacheable(response, &etag, FEED_CACHE)?)
    }
    .await;
    with_wasm_memory(respond_with(result))
}
