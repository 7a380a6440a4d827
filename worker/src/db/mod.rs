//! Every SQL statement the worker runs, with bound parameters only.

pub mod feeds;
pub mod meetings;
pub mod reports;
pub mod runs;
pub mod sequence;

use serde::Deserialize;
use worker::wasm_bindgen::JsValue;
use worker::D1Database;

use crate::error::ApiError;

/// A text parameter.
pub fn text(value: &str) -> JsValue {
    JsValue::from_str(value)
}

/// A whole-number parameter. Every number the worker stores is far below
/// 2^53, so it travels exactly as a JavaScript number.
pub fn number(value: u64) -> JsValue {
    JsValue::from_f64(value as f64)
}

/// A value the worker made for itself once, in the `settings` table (by the
/// migrations).
pub async fn setting(db: &D1Database, name: &str) -> Result<String, ApiError> {
    #[derive(Deserialize)]
    struct Row {
        value: String,
    }
    db.prepare("SELECT value FROM settings WHERE name = ?1")
        .bind(&[text(name)])?
        .first::<Row>(None)
        .await?
        .map(|row| row.value)
        .ok_or_else(|| {
            ApiError::Internal(format!(
                "setting `{name}` is missing; apply the migrations (wrangler d1 migrations apply)"
            ))
        })
}

/// The rows a statement read, as D1 reports them (0 when it does not say).
pub fn rows_read(result: &worker::D1Result) -> usize {
    result
        .meta()
        .ok()
        .flatten()
        .and_then(|meta| meta.rows_read)
        .unwrap_or(0)
}

/// Reads D1's 0/1 integers as booleans.
pub fn int_bool<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    f64::deserialize(deserializer).map(|n| n != 0.0)
}
