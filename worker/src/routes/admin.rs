//! Admin routes, behind the `ADMIN_TOKEN` secret.

use lantern_core::feed::{mg, ImportOptions, MAX_FEED_BYTES};
use lantern_core::sync::shards_for;
use lantern_core::Fellowship;
use serde::Serialize;
use worker::{Env, Request, Response, Result, RouteContext};

use crate::db::{self, StoredMeeting};
use crate::error::ApiError;
use crate::request::{query_param, respond, shard_param};

#[derive(Serialize)]
struct ImportReport {
    rows: usize,
    imported: usize,
    skipped_rows: usize,
    issues: Vec<String>,
}

/// `POST /v1/admin/import?source=<name>&fellowship=<key>&shard=<local shard>&zone=<IANA zone>&language=<ISO 639-1>`
/// with a Meeting Guide JSON feed as the body: replaces that source's
/// meetings. Online meetings go to the `online` shard, face-to-face ones to
/// `shard`; meetings no longer in the feed become tombstones.
pub async fn import(mut req: Request, ctx: RouteContext<()>) -> Result<Response> {
    let result = async {
        authorize(&req, &ctx.env)?;
        let url = req.url()?;
        let local = shard_param(&url)?;
        let fellowship = match query_param(&url, "fellowship") {
            None => Fellowship::Other,
            Some(key) => Fellowship::from_key(&key).ok_or_else(|| ApiError::BadParameter {
                name: "fellowship",
                message: format!(
                    "`{key}` is not a fellowship; use one of: {}",
                    Fellowship::ALL.map(Fellowship::key).join(", ")
                ),
            })?,
        };
        let options = ImportOptions {
            source: query_param(&url, "source").unwrap_or_default(),
            default_zone: query_param(&url, "zone").filter(|z| !z.is_empty()),
            fellowship,
            default_language: query_param(&url, "language").filter(|l| !l.is_empty()),
            // Zone names are checked for form only here: the worker carries
            // no time-zone database yet (the scheduled import will).
            zone_exists: None,
        };
        let declared = req
            .headers()
            .get("content-length")?
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(0);
        if declared > MAX_FEED_BYTES {
            return Err(ApiError::BodyTooLarge {
                limit: MAX_FEED_BYTES,
            });
        }
        let body = req.bytes().await?;
        // A chunked body declares no length: check what arrived.
        if body.len() > MAX_FEED_BYTES {
            return Err(ApiError::BodyTooLarge {
                limit: MAX_FEED_BYTES,
            });
        }
        let import =
            mg::import(&body, &options).map_err(|e| ApiError::FeedRejected(e.to_string()))?;
        let mut stored = Vec::with_capacity(import.meetings.len());
        for meeting in &import.meetings {
            let data = serde_json::to_string(meeting)
                .map_err(|e| ApiError::Internal(format!("encoding a meeting: {e}")))?;
            for shard in shards_for(meeting, &local) {
                stored.push(StoredMeeting {
                    shard: shard.to_string(),
                    id: meeting.id.to_string(),
                    data: data.clone(),
                });
            }
        }
        let db = ctx.env.d1("DB")?;
        db::replace_source(&db, &options.source, &stored).await?;
        Ok(ImportReport {
            rows: import.rows,
            imported: import.meetings.len(),
            skipped_rows: import.skipped_rows(),
            issues: import.issues.iter().map(ToString::to_string).collect(),
        })
    }
    .await;
    respond(result)
}

/// Checks the bearer token against the `ADMIN_TOKEN` secret.
fn authorize(req: &Request, env: &Env) -> std::result::Result<(), ApiError> {
    let expected = env
        .secret("ADMIN_TOKEN")
        .map(|s| s.to_string())
        .ok()
        .filter(|s| !s.is_empty())
        .ok_or(ApiError::AdminDisabled)?;
    let header = req.headers().get("authorization")?.unwrap_or_default();
    let given = header.strip_prefix("Bearer ").unwrap_or("");
    if constant_time_eq(given.as_bytes(), expected.as_bytes()) {
        Ok(())
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
