//! `POST /v1/reports`: anyone may flag a listing. Only the listing, the kind
//! of problem, optional short text and the hour are kept; the sender's
//! address is only ever used, hashed with a secret key, to count reports per
//! hour.

use lantern_core::digest::{client_key, client_network, client_wide_network};
use lantern_core::report::{
    hour_of, hour_start, seconds_to_next_hour, NewReport, MAX_REPORT_BYTES, REPORTS_PER_HOUR,
    REPORTS_PER_HOUR_IN_ALL, REPORTS_PER_HOUR_PER_NETWORK,
};
use serde::Serialize;
use worker::{Env, Request, Response, Result, RouteContext};

use crate::db::{self, reports};
use crate::error::ApiError;
use crate::http::{now, read_body, respond_with, ApiResult};

#[derive(Serialize)]
struct Received {
    status: &'static str,
    message: &'static str,
}

/// `POST /v1/reports` with `{"meeting_id", "kind", "details"}`.
pub async fn create(mut req: Request, ctx: RouteContext<()>) -> Result<Response> {
    let result = async {
        let origin = allowed_origin(&req, &ctx.env)?;
        let body = read_body(&mut req, MAX_REPORT_BYTES).await?;
        let report = NewReport::parse(&body).map_err(|e| ApiError::BadBody(e.to_string()))?;
        let db = ctx.env.d1("DB")?;
        let (_, millis) = now();
        let hour = hour_of(millis);
        let address = req
            .headers()
            .get("cf-connecting-ip")?
            .unwrap_or_else(|| "unknown".to_owned());
        // Only reports about listed meetings are counted: asking about
        // unknown ids writes nothing.
        if db::meetings::listed_name(&db, &report.meeting_id)
            .await?
            .is_none()
        {
            return Err(ApiError::NoSuch {
                what: "listed meeting",
                name: report.meeting_id,
            });
        }
        let key = hash_key(&ctx.env, &db).await?;
        let keys = [
            client_key(&key, &client_network(&address), hour),
            client_key(
                &key,
                &format!("wide {}", client_wide_network(&address)),
                hour,
            ),
            format!("all {hour}"),
        ];
        // Narrowest first, and a wider count only while the narrower is
        // within its limit: one client over its limit cannot use up its
        // network's reports, nor everyone's.
        let limits = [
            REPORTS_PER_HOUR,
            REPORTS_PER_HOUR_PER_NETWORK,
            REPORTS_PER_HOUR_IN_ALL,
        ];
        for (key, limit) in keys.iter().zip(limits) {
            let count = reports::count(&db, key, u64::try_from(hour).unwrap_or(0)).await?;
            if count > u64::from(limit) {
                return Err(ApiError::TooManyReports {
                    retry_after_seconds: seconds_to_next_hour(millis),
                });
            }
        }
        let received_hour = jiff::Timestamp::from_millisecond(hour_start(hour))
            .map(|t| t.to_string())
            .unwrap_or_default();
        reports::insert(
            &db,
            &report.meeting_id,
            report.kind.key(),
            &report.details,
            &received_hour,
        )
        .await?;
        let mut response = Response::from_json(&Received {
            status: "received",
            message: "Thank you. A volunteer will check this listing.",
        })?
        .with_status(202);
        allow(&mut response, origin)?;
        Ok(response)
    }
    .await;
    respond_with(result)
}

/// `OPTIONS /v1/reports`: the CORS preflight, granted only to the app.
pub async fn preflight(req: Request, ctx: RouteContext<()>) -> Result<Response> {
    let result = async {
        let origin = allowed_origin(&req, &ctx.env)?;
        let mut response = Response::empty()?.with_status(204);
        let headers = response.headers_mut();
        headers.set("access-control-allow-methods", "POST")?;
        headers.set("access-control-allow-headers", "content-type")?;
        headers.set("access-control-max-age", "86400")?;
        allow(&mut response, origin)?;
        Ok(response)
    }
    .await;
    respond_with(result)
}

/// The key of the client hash: the random key the migration stored, joined
/// with the `ADMIN_TOKEN` secret when there is one, so that the database
/// alone (or its history) is not enough to test guessed addresses.
async fn hash_key(env: &Env, db: &worker::D1Database) -> ApiResult<String> {
    let stored = db::setting(db, "client_hash_key").await?;
    let secret = env
        .secret("ADMIN_TOKEN")
        .map(|s| s.to_string())
        .unwrap_or_default();
    Ok(format!("{stored}{secret}"))
}

/// The request's `Origin` when it is the app's, `None` when the request
/// names none (not sent by a web page); an error for any other site.
/// The app's origin is `APP_ORIGIN` if set, else the worker's own.
fn allowed_origin(req: &Request, env: &Env) -> ApiResult<Option<String>> {
    let Some(origin) = req.headers().get("origin")? else {
        return Ok(None);
    };
    let app = match env.var("APP_ORIGIN") {
        Ok(value) if !value.to_string().is_empty() => value.to_string(),
        _ => req.url()?.origin().ascii_serialization(),
    };
    if origin == app {
        Ok(Some(origin))
    } else {
        Err(ApiError::OriginNotAllowed)
    }
}

fn allow(response: &mut Response, origin: Option<String>) -> Result<()> {
    if let Some(origin) = origin {
        response
            .headers_mut()
            .set("access-control-allow-origin", &origin)?;
        response.headers_mut().append("vary", "Origin")?;
    }
    Ok(())
}
