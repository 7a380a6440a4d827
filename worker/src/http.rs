//! What every handler shares: reading queries and bodies, answering JSON,
//! and the headers on every API response.

use futures_util::StreamExt;
use lantern_core::ShardId;
use serde::Serialize;
use worker::{ByteStream, Cache, Env, Headers, Request, Response, Result, WorkerVersionMetadata};

use crate::error::ApiError;

/// A handler's outcome before it becomes a response.
pub type ApiResult<T> = std::result::Result<T, ApiError>;

/// Answers with the value as JSON, or with the error's JSON.
pub fn respond<T: Serialize>(result: ApiResult<T>) -> Result<Response> {
    match result {
        Ok(value) => Response::from_json(&value),
        Err(error) => error.into_response(),
    }
}

/// Adds `x-lantern-wasm-memory` to an import's answer: the bytes of the
/// worker's WebAssembly memory, which only grows, so the most its Rust code
/// has held at once since the isolate started (`scripts/bench-memory`).
pub fn with_wasm_memory(response: Result<Response>) -> Result<Response> {
    let mut response = response?;
    let bytes = core::arch::wasm32::memory_size(0) * 65_536;
    response
        .headers_mut()
        .set("x-lantern-wasm-memory", &bytes.to_string())?;
    Ok(response)
}

/// Answers with a response built by the handler, or with the error's JSON.
pub fn respond_with(result: ApiResult<Response>) -> Result<Response> {
    result.or_else(ApiError::into_response)
}

/// A query parameter's value, if given.
pub fn query_param(url: &worker::Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

/// The `shard` query parameter, validated.
pub fn shard_param(url: &worker::Url) -> ApiResult<ShardId> {
    let name = query_param(url, "shard").unwrap_or_default();
    ShardId::parse(&name).map_err(|e| ApiError::BadParameter {
        name: "shard",
        message: e.to_string(),
    })
}

/// The `limit` query parameter: `default` when absent, else a whole number
/// from 1 to `max`.
pub fn limit_param(url: &worker::Url, default: u32, max: u32) -> ApiResult<u32> {
    match query_param(url, "limit") {
        None => Ok(default),
        Some(text) => text
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| ApiError::BadParameter {
                name: "limit",
                message: format!("use a whole number from 1 to {max}"),
            }),
    }
}

/// A yes/no query parameter: `true` or `1` is yes, anything else no.
pub fn flag_param(url: &worker::Url, name: &str) -> bool {
    matches!(query_param(url, name).as_deref(), Some("true" | "1"))
}

/// Reads the body, refusing more than `limit` bytes: first by the declared
/// length, then while it arrives (a chunked body declares none), so an
/// endless body is cut off rather than held in memory.
pub async fn read_body(req: &mut Request, limit: usize) -> ApiResult<Vec<u8>> {
    let declared = req
        .headers()
        .get("content-length")?
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(0);
    if declared > limit {
        return Err(ApiError::BodyTooLarge { limit });
    }
    // A request without a body reads as empty.
    let Ok(stream) = req.stream() else {
        return Ok(Vec::new());
    };
    read_limited(stream, limit, declared)
        .await?
        .ok_or(ApiError::BodyTooLarge { limit })
}

/// Reads a stream to its end, or gives `None` as soon as it passes `limit`
/// bytes.
///
/// `expected` is the length the sender declared: room for it is made at
/// once, since growing a large buffer step by step holds both its old and
/// new copies at each step.
pub async fn read_limited(
    mut stream: ByteStream,
    limit: usize,
    expected: usize,
) -> Result<Option<Vec<u8>>> {
    let mut body = Vec::with_capacity(expected.min(limit));
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        if body.len() + chunk.len() > limit {
            return Ok(None);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Some(body))
}

/// Reads a small JSON body into `T`, with a message naming what is wrong.
pub async fn read_json<T: serde::de::DeserializeOwned>(
    req: &mut Request,
    limit: usize,
) -> ApiResult<T> {
    let body = read_body(req, limit).await?;
    serde_json::from_slice(&body)
        .map_err(|e| ApiError::BadBody(format!("the body is not the JSON this route takes ({e})")))
}

/// The current time from the runtime, as an RFC 3339 timestamp and as
/// milliseconds since 1970.
pub fn now() -> (String, i64) {
    let millis = worker::Date::now().as_millis() as i64;
    (timestamp(millis), millis)
}

/// Milliseconds since 1970 as the RFC 3339 text the tables store, to the
/// second (so stored times compare as text).
pub fn timestamp(millis: i64) -> String {
    jiff::Timestamp::from_millisecond(millis)
        .map(|t| t.round(jiff::Unit::Second).unwrap_or(t).to_string())
        .unwrap_or_default()
}

/// Adds the headers every API response carries, unless the handler chose
/// its own: no caching (routes that can be cached say so), no sniffing,
/// nothing to frame or embed, no referrer. JSON is marked for compression.
pub fn finish(mut response: Response) -> Result<Response> {
    let headers = response.headers_mut();
    set_default(headers, "cache-control", "no-store")?;
    headers.set("x-content-type-options", "nosniff")?;
    headers.set(
        "content-security-policy",
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
    )?;
    headers.set("x-frame-options", "DENY")?;
    headers.set("referrer-policy", "no-referrer")?;
    headers.set(
        "strict-transport-security",
        "max-age=31536000; includeSubDomains",
    )?;
    // JSON compresses about five to one, time-zone bundles about two.
    // Naming an encoding makes the runtime compress the body, and it then
    // re-encodes for what each client accepts (brotli, gzip, or none for
    // `identity`).
    let compressible = headers.get("content-type")?.is_some_and(|t| {
        t.starts_with("application/json") || t.starts_with("application/octet-stream")
    });
    if compressible && response.status_code() == 200 {
        response.headers_mut().set("content-encoding", "gzip")?;
    }
    Ok(response)
}

fn set_default(headers: &mut Headers, name: &str, value: &str) -> Result<()> {
    if !headers.has(name)? {
        headers.set(name, value)?;
    }
    Ok(())
}

/// Answers cacheable public data: anyone may read it from any site (the
/// directory is public, and tools such as TSML UI read the feeds from the
/// browser), caches follow `cache_control`, and `etag` lets a client
/// revalidate for a 304.
pub fn public_cacheable(
    mut response: Response,
    etag: &str,
    cache_control: &str,
) -> Result<Response> {
    let headers = response.headers_mut();
    headers.set("etag", etag)?;
    headers.set("cache-control", cache_control)?;
    headers.set("access-control-allow-origin", "*")?;
    Ok(response)
}

/// Answers from the runtime's cache when a response is stored under `key`,
/// else builds the response and stores a copy. Keys name the exact state
/// they answer for (the shard's epoch and head), so an entry is never stale
/// and needs no purging: it is simply no longer asked for. A page that many
/// phones fetch (the first page of a shard, the empty page of an
/// up-to-date phone) then costs one indexed lookup instead of a scan.
///
/// Cloudflare keeps cache entries per data centre, and only on a custom
/// domain (on `*.workers.dev` storing is a no-op); either way the answer is
/// the same, only slower. `X-Lantern-Cache: hit` or `miss` says which.
///
/// Keys also name the deployed version of the worker (the
/// `CF_VERSION_METADATA` binding), so a deploy that changes what a page looks
/// like never serves the old form.
pub async fn from_cache_or<F, Fut>(
    req: &Request,
    env: &Env,
    key: &str,
    build: F,
) -> ApiResult<Response>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = ApiResult<Response>>,
{
    let version = env
        .get_binding::<WorkerVersionMetadata>("CF_VERSION_METADATA")
        .map(|metadata| metadata.id())
        .unwrap_or_else(|_| env!("CARGO_PKG_VERSION").to_owned());
    let key = format!(
        "{}/v1/cache/{version}/{key}",
        req.url()?.origin().ascii_serialization()
    );
    let cache = Cache::default();
    if let Ok(Some(hit)) = cache.get(key.as_str(), false).await {
        // The cached body is passed on as it is read, never held whole
        // (a shard's feed can be megabytes).
        let mut response = Response::from_body(hit.body().clone())?;
        response
            .headers_mut()
            .set("content-type", "application/json; charset=utf-8")?;
        response.headers_mut().set("x-lantern-cache", "hit")?;
        return Ok(response);
    }
    let mut response = build().await?;
    response.headers_mut().set("x-lantern-cache", "miss")?;
    if response.status_code() == 200 {
        let mut copy = response.cloned()?;
        copy.headers_mut()
            .set("cache-control", "public, max-age=86400")?;
        // Storing only saves later work: a failure costs nothing else.
        if let Err(error) = cache.put(key.as_str(), copy).await {
            worker::console_warn!("cache put failed: {error}");
        }
    }
    Ok(response)
}

/// Does the request's `If-None-Match` name this entity tag?
pub fn matches_etag(req: &Request, etag: &str) -> bool {
    let Ok(Some(given)) = req.headers().get("if-none-match") else {
        return false;
    };
    given.split(',').map(str::trim).any(|tag| {
        let tag = tag.strip_prefix("W/").unwrap_or(tag);
        tag == etag || tag == "*"
    })
}

/// The 304 answer to a matching `If-None-Match`.
pub fn not_modified(etag: &str, cache_control: &str) -> Result<Response> {
    public_cacheable(Response::empty()?.with_status(304), etag, cache_control)
}
