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

use crate::db::reports;
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
        // Two round trips, whatever the tables hold: the checks, then the
        // counts and the report in one batch.
        let (checks, read_first) = reports::checks(&db, &report.meeting_id).await?;
        // Only reports about listed meetings are counted: asking about
        // unknown ids writes nothing.
        if !checks.listed {
            return Err(ApiError::NoSuch {
                what: "listed meeting",
                name: report.meeting_id,
            });
        }
        let key = hash_key(&ctx.env, checks.hash_key);
        let client = client_key(&key, &client_network(&address), hour);
        let network = client_key(
            &key,
            &format!("wide {}", client_wide_network(&address)),
            hour,
        );
        let all = format!("all {hour}");
        let received_hour = jiff::Timestamp::from_millisecond(hour_start(hour))
            .map(|t| t.to_string())
            .unwrap_or_default();
        let (stored, read_then) = reports::count_and_store(
            &db,
            &reports::Counted {
                meeting_id: &report.meeting_id,
                kind: report.kind.key(),
                details: &report.details,
                received_hour: &received_hour,
                hour: u64::try_from(hour).unwrap_or(0),
                limits: [
                    (&client, REPORTS_PER_HOUR),
                    (&network, REPORTS_PER_HOUR_PER_NETWORK),
                    (&all, REPORTS_PER_HOUR_IN_ALL),
                ],
            },
        )
        .await?;
        if stored.is_none() {
            return Err(ApiError::TooManyReports {
                retry_after_seconds: seconds_to_next_hour(millis),
            });
        }
        let mut response = Response::from_json(&Received {
            status: "received",
            message: "Thank you. A volunteer will check this listing.",
        })?
        .with_status(202);
        allow(&mut response, origin)?;
        // What the report cost in D1 reads, for the flood test.
        response
            .headers_mut()
            .set("x-lantern-rows-read", &(read_first + read_then).to_string())?;
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
fn hash_key(env: &Env, stored: String) -> String {
    let secret = env
        .secret("ADMIN_TOKEN")
        .map(|s| s.to_string())
        .unwrap_or_default();
    stored + &secret
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
