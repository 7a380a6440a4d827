//! The whole recovery log at once: read for a backup, replaced by one, in
//! one transaction, keeping what it replaces as an automatic backup.

use idb::{Database, TransactionMode};
use lantern_core::log::backup::Backup;
use wasm_bindgen::JsValue;

use super::record::{commit, record};
use super::schema::{CHECK_INS, COUNTERS, LOG_BACKUPS, PEOPLE};
use crate::error::AppError;

/// How many automatic backups are kept; the oldest go first.
const KEPT_BACKUPS: usize = 5;

/// Everything the log holds, as a backup written on `today`.
pub async fn everything(
    database: &Database,
    today: lantern_core::log::day::Day,
) -> Result<Backup, AppError> {
    let (check_ins, _unreadable) = super::check_ins::all(database).await?;
    let counters = super::counters::all(database).await?;
    let people = super::people::all(database).await?;
    Ok(Backup::new(check_ins, counters, people, today))
}

/// Replaces the whole log with `backup`, and keeps `previous` (the log as
/// it was, as a backup file's text) among the automatic backups. All in one
/// transaction: either everything changes or nothing does.
pub async fn replace(database: &Database, backup: &Backup, previous: &str) -> Result<(), AppError> {
    let mut rows = Vec::new();
    for check_in in &backup.check_ins {
        rows.push((CHECK_INS, "day", check_in.day.to_string(), json(check_in)?));
    }
    for counter in &backup.counters {
        rows.push((COUNTERS, "id", counter.id.clone(), json(counter)?));
    }
    for person in &backup.people {
        rows.push((PEOPLE, "id", person.id.clone(), json(person)?));
    }
    let transaction = database.transaction(
        &[CHECK_INS, COUNTERS, PEOPLE, LOG_BACKUPS],
        TransactionMode::ReadWrite,
    )?;
    let kept = transaction.object_store(LOG_BACKUPS)?;
    let copy = record(&[
        ("at", JsValue::from_f64(js_sys::Date::now())),
        ("json", JsValue::from_str(previous)),
    ])?;
    kept.put(&copy, None)?.await?;
    let keys = kept.get_all_keys(None, None)?.await?;
    let excess = keys.len().saturating_sub(KEPT_BACKUPS);
    for key in keys.into_iter().take(excess) {
        kept.delete(key)?.await?;
    }
    for store in [CHECK_INS, COUNTERS, PEOPLE] {
        transaction.object_store(store)?.clear()?.await?;
    }
    for (store, key, value, json) in rows {
        let saved = record(&[
            (key, JsValue::from_str(&value)),
            ("json", JsValue::from_str(&json)),
        ])?;
        transaction.object_store(store)?.put(&saved, None)?.await?;
    }
    commit(transaction).await
}

fn json(value: &impl serde::Serialize) -> Result<String, AppError> {
    serde_json::to_string(value).map_err(|e| AppError::storage(e.to_string()))
}
