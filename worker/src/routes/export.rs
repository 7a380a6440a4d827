//! Each shard as a Meeting Guide JSON feed, so TSML UI, the Meeting Guide
//! app and other tools can read Lantern's directory.

use lantern_core::feed::export::meeting_guide_json;
use lantern_core::{Meeting, ShardId};
use worker::{Request, Response, Result, RouteContext};

use crate::db::meetings;
use crate::error::ApiError;
use crate::http::{from_cache_or, matches_etag, not_modified, public_cacheable, respond_with};

/// Feeds are read by other tools every few hours: caches may keep one for
/// five minutes.
const FEED_CACHE: &str = "public, max-age=300";

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
            let stored = meetings::listed_in_shard(&db, &shard).await?;
            let mut listed = Vec::with_capacity(stored.len());
            for json in stored {
                let meeting: Meeting = serde_json::from_str(&json)
                    .map_err(|e| ApiError::Internal(format!("stored meeting: {e}")))?;
                listed.push(meeting);
            }
            let mut response = Response::ok(meeting_guide_json(&listed))?;
            response
                .headers_mut()
                .set("content-type", "application/json; charset=utf-8")?;
            Ok(response)
        })
        .await?;
        Ok(public_cacheable(response, &etag, FEED_CACHE)?)
    }
    .await;
    respond_with(result)
}
