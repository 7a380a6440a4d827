//! Fetches the time zones the device lacks, in one request, and keeps them.

use idb::Database;
use lantern_core::sync::compact::decode_zones;

use super::client::get_bytes;
use crate::db;
use crate::error::AppError;

/// Zones per request, so that the address stays short.
const PER_REQUEST: usize = 100;

/// Fetches and saves the zones named in `missing` (IANA names). Names the
/// worker does not know are simply not returned.
pub async fn fetch_missing(database: &Database, missing: &[String]) -> Result<usize, AppError> {
    let mut saved = 0;
    for names in missing.chunks(PER_REQUEST) {
        let list: Vec<String> = names
            .iter()
            .map(|name| String::from(js_sys::encode_uri_component(name)))
            .collect();
        let blob = get_bytes(&format!("/v1/tz?zones={}", list.join(","))).await?;
        let bundle = decode_zones(&blob).map_err(|e| AppError::BadResponse {
            detail: e.to_string(),
        })?;
        db::zones::save(database, &bundle.version, &bundle.zones).await?;
        saved += bundle.zones.len();
    }
    Ok(saved)
}
