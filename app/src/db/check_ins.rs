//! The log's check-ins, one record per day: `{day, json}`, the check-in as
//! core writes it. Each save is one transaction.

use idb::{Database, TransactionMode};
use lantern_core::log::check_in::CheckIn;
use wasm_bindgen::JsValue;

use super::record::{commit, record, text};
use super::schema::CHECK_INS;
use crate::error::AppError;

/// Every check-in the device holds, by day, and how many records could not
/// be read (kept as they are, never deleted).
pub async fn all(database: &Database) -> Result<(Vec<CheckIn>, usize), AppError> {
    let transaction = database.transaction(&[CHECK_INS], TransactionMode::ReadOnly)?;
    let records = transaction
        .object_store(CHECK_INS)?
        .get_all(None, None)?
        .await?;
    let mut unreadable = 0;
    let mut check_ins: Vec<CheckIn> = records
        .iter()
        .filter_map(|record| {
            let read = text(record, "json").and_then(|json| serde_json::from_str(&json).ok());
            if read.is_none() {
                unreadable += 1;
            }
            read
        })
        .collect();
    check_ins.sort_by_key(|c: &CheckIn| c.day);
    Ok((check_ins, unreadable))
}

/// Saves a day's check-in, replacing that day's earlier one.
pub async fn put(database: &Database, check_in: &CheckIn) -> Result<(), AppError> {
    let json = serde_json::to_string(check_in).map_err(|e| AppError::storage(e.to_string()))?;
    let transaction = database.transaction(&[CHECK_INS], TransactionMode::ReadWrite)?;
    let saved = record(&[
        ("day", JsValue::from_str(&check_in.day.to_string())),
        ("json", JsValue::from_str(&json)),
    ])?;
    transaction
        .object_store(CHECK_INS)?
        .put(&saved, None)?
        .await?;
    commit(transaction).await
}
