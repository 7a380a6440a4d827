//! The sync protocol: `GET /v1/shards` and `GET /v1/sync`.

use lantern_core::sync::paging::{page_size, plan, PagePlan};
use lantern_core::Cursor;
use serde::Serialize;
use serde_json::value::RawValue;
use worker::{Request, Response, Result, RouteContext};

use crate::db::meetings;
use crate::error::ApiError;
use crate::http::{
    from_cache_or, limit_param, matches_etag, not_modified, public_cacheable, query_param, respond,
    respond_with, shard_param,
};

/// Changes per page when the client names no limit.
const DEFAULT_LIMIT: u32 = 500;
/// The most changes one page may hold.
const MAX_LIMIT: u32 = 2000;
/// How pages may be cached. Browsers revalidate every time (a 304 is a few
/// headers), so pull-to-refresh always sees the newest state; shared caches
/// may reuse a page for 30 s. A reused page is an older but whole state of
/// the shard and the next page carries on from its cursor, so a client
/// still ends with the newest state.
const PAGE_CACHE: &str = "public, max-age=0, s-maxage=30";

/// `GET /v1/shards`: every shard with its meeting count and newest cursor.
pub async fn shards(_req: Request, ctx: RouteContext<()>) -> Result<Response> {
    let result = async {
        let db = ctx.env.d1("DB").map_err(ApiError::from)?;
        meetings::shard_summaries(&db).await
    }
    .await;
    respond(result)
}

/// A sync page as sent: meetings are passed through as the JSON that the
/// import stored, so the worker does not parse them again per request.
#[derive(Serialize)]
struct PageBody {
    cursor: Cursor,
    more: bool,
    upserts: Vec<Box<RawValue>>,
    deletes: Vec<String>,
}

/// `GET /v1/sync?shard=online&since=<cursor>&limit=<n>`: the changes to one
/// shard after a cursor, oldest first. Answers 304 to a matching
/// `If-None-Match`, and 410 to a cursor from a rebuilt directory, telling the
/// client to start over.
pub async fn page(req: Request, ctx: RouteContext<()>) -> Result<Response> {
    let result = async {
        let url = req.url()?;
        let shard = shard_param(&url)?;
        let since = query_param(&url, "since").unwrap_or_default();
        let since = Cursor::parse(&since).ok_or_else(|| ApiError::BadParameter {
            name: "since",
            message: "send back the `cursor` of the last page, or 0 to start over".to_owned(),
        })?;
        // `SYNC_PAGE_MAX` caps pages below what clients ask for: the
        // end-to-end tests set it so that a small directory still takes
        // several pages. Unset, the cap is MAX_LIMIT.
        let cap = ctx
            .env
            .var("SYNC_PAGE_MAX")
            .ok()
            .and_then(|v| v.to_string().parse::<u32>().ok())
            .filter(|cap| *cap > 0)
            .unwrap_or(MAX_LIMIT);
        let limit = page_size(limit_param(&url, DEFAULT_LIMIT, MAX_LIMIT)?, cap);
        let db = ctx.env.d1("DB")?;
        // The shard's head names its whole state, so a page's tag needs no
        // rows read: a client that has the page gets a 304 cheaply.
        let head = meetings::shard_head(&db, &shard, since.sequence()).await?;
        // A cursor from another build of the directory, or past this
        // shard's newest change, cannot be continued: the client starts over.
        if !since.is_start() && (since.epoch() != head.epoch || since.sequence() > head.head) {
            return Err(ApiError::StartOver);
        }
        // Nor can one from before deletions that were pruned, unless it is
        // a first download that needs none of them. Only deletions up to
        // this shard's head concern it: a client of a shard that has not
        // changed since is up to date.
        let pruned = head.pruned_through.min(head.head);
        let needs_pruned = since.sequence().max(since.snapshot_head()) < pruned;
        if !since.is_start() && needs_pruned {
            return Err(ApiError::StartOver);
        }
        let read = match plan(since, head.epoch, head.head, limit, head.known) {
            PagePlan::UpToDate(cursor) => {
                let etag = format!("\"{:x}-{}-at-{cursor}\"", head.epoch, head.head);
                if matches_etag(&req, &etag) {
                    return Ok(not_modified(&etag, PAGE_CACHE)?);
                }
                let page = Response::from_json(&PageBody {
                    cursor,
                    more: false,
                    upserts: Vec::new(),
                    deletes: Vec::new(),
                })?;
                return Ok(public_cacheable(page, &etag, PAGE_CACHE)?);
            }
            PagePlan::Read(read) => read,
        };
        // Every cursor in one window gets the same answer, so the tag and
        // the cache key name the window, not the cursor.
        let version = format!("{:x}-{}-{}", head.epoch, head.head, read.key());
        let etag = format!("\"{version}\"");
        if matches_etag(&req, &etag) {
            return Ok(not_modified(&etag, PAGE_CACHE)?);
        }
        let key = format!("sync/{shard}/{version}");
        let page = from_cache_or(&req, &ctx.env, &key, || async {
            let (rows, rows_read) = meetings::changes_for(&db, &shard, &read).await?;
            let seqs: Vec<u64> = rows.iter().map(|row| row.seq).collect();
            let cut = read.cut(&seqs);
            let mut body = PageBody {
                cursor: cut.cursor,
                more: cut.more,
                upserts: Vec::new(),
                deletes: Vec::new(),
            };
            for row in rows.into_iter().take(cut.keep) {
                match row.data {
                    Some(json) => body.upserts.push(
                        RawValue::from_string(json)
                            .map_err(|e| ApiError::Internal(format!("stored meeting: {e}")))?,
                    ),
                    None => body.deletes.push(row.id),
                }
            }
            let mut response = Response::from_json(&body)?;
            // What the page cost, for the benchmark that scans cursors.
            response
                .headers_mut()
                .set("x-lantern-rows-read", &rows_read.to_string())?;
            Ok(response)
        })
        .await?;
        Ok(public_cacheable(page, &etag, PAGE_CACHE)?)
    }
    .await;
    respond_with(result)
}
