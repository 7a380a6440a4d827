//! Time zones kept on the device: the TZif data of the zones the saved
//! meetings and the viewer use, fetched once from the worker.

use idb::{Database, TransactionMode};
use lantern_core::schedule::zones::Zones;
use wasm_bindgen::JsValue;

use super::record::{byte_value, bytes, commit, record, text};
use super::schema::ZONES;
use crate::error::AppError;

/// Every saved zone. A zone whose data does not read as TZif is left out
/// (and fetched again when needed).
pub async fn load(database: &Database) -> Result<Zones, AppError> {
    let transaction = database.transaction(&[ZONES], TransactionMode::ReadOnly)?;
    let records = transaction
        .object_store(ZONES)?
        .get_all(None, None)?
        .await?;
    let mut zones = Zones::new();
    for record in &records {
        if let (Some(name), Some(tzif)) = (text(record, "name"), bytes(record, "tzif")) {
            let _unreadable = zones.insert_tzif(&name, &tzif);
        }
    }
    Ok(zones)
}

/// Saves zones from one bundle, in one transaction.
pub async fn save(
    database: &Database,
    version: &str,
    zones: &[(String, Vec<u8>)],
) -> Result<(), AppError> {
    let transaction = database.transaction(&[ZONES], TransactionMode::ReadWrite)?;
    let store = transaction.object_store(ZONES)?;
    for (name, tzif) in zones {
        let zone_record = record(&[
            ("name", JsValue::from_str(name)),
            ("version", JsValue::from_str(version)),
            ("tzif", byte_value(tzif)),
        ])?;
        store.put(&zone_record, None)?.await?;
    }
    commit(transaction).await
}
