//! The meeting directory on this device: one IndexedDB record per shard,
//! holding the shard's meetings and its sync cursor together, so a sync page
//! is applied in one transaction or not at all.
//!
//! A record is `{shard, json}`: the snapshot as one JSON string, read and
//! decoded in one go at start-up instead of one object per meeting.

use idb::{Database, DatabaseEvent, Factory, KeyPath, ObjectStoreParams, TransactionMode};
use lantern_core::sync::merged_meetings;
use lantern_core::{Meeting, ShardSnapshot};
use wasm_bindgen::JsValue;

use crate::error::AppError;

const DATABASE: &str = "lantern";
const VERSION: u32 = 1;
const SHARDS: &str = "directory_shards";

/// Opens (and on first use creates) the app's database.
pub async fn open() -> Result<Database, AppError> {
    let factory = Factory::new()?;
    let mut request = factory.open(DATABASE, Some(VERSION))?;
    request.on_upgrade_needed(|event| {
        let Ok(database) = event.database() else {
            return;
        };
        if !database.store_names().iter().any(|n| n == SHARDS) {
            let mut params = ObjectStoreParams::new();
            params.key_path(Some(KeyPath::new_single("shard")));
            // Creating a store cannot fail for a new name in an upgrade.
            let _store = database.create_object_store(SHARDS, params);
        }
    });
    Ok(request.await?)
}

/// Every saved shard. A record that cannot be read (written by a future
/// version, or damaged) is left out: the directory can always be synced again.
pub async fn load_snapshots(database: &Database) -> Result<Vec<ShardSnapshot>, AppError> {
    let transaction = database.transaction(&[SHARDS], TransactionMode::ReadOnly)?;
    let store = transaction.object_store(SHARDS)?;
    let records = store.get_all(None, None)?.await?;
    Ok(records
        .iter()
        .filter_map(|record| {
            let json = js_sys::Reflect::get(record, &JsValue::from_str("json")).ok()?;
            serde_json::from_str::<ShardSnapshot>(&json.as_string()?).ok()
        })
        .collect())
}

/// The saved meetings, each once, in weekly order.
pub async fn load_meetings() -> Result<Vec<Meeting>, AppError> {
    let database = open().await?;
    let snapshots = load_snapshots(&database).await;
    database.close();
    Ok(merged_meetings(snapshots?))
}

/// Saves one shard: its meetings and cursor in a single transaction.
pub async fn save_snapshot(database: &Database, snapshot: &ShardSnapshot) -> Result<(), AppError> {
    let json =
        serde_json::to_string(snapshot).map_err(|e| AppError::storage(format!("encoding: {e}")))?;
    let record = js_sys::Object::new();
    let set = |key: &str, value: &str| {
        js_sys::Reflect::set(&record, &JsValue::from_str(key), &JsValue::from_str(value))
    };
    set("shard", snapshot.shard.as_str())
        .and_then(|_| set("json", &json))
        .map_err(|_| AppError::storage("building the record"))?;
    let transaction = database.transaction(&[SHARDS], TransactionMode::ReadWrite)?;
    let store = transaction.object_store(SHARDS)?;
    store.put(&record, None)?.await?;
    let result = transaction.commit()?.await?;
    if result.is_committed() {
        Ok(())
    } else {
        Err(AppError::storage("the save was cancelled"))
    }
}

/// Removes every saved shard (used by tests and "delete everything").
pub async fn clear(database: &Database) -> Result<(), AppError> {
    let transaction = database.transaction(&[SHARDS], TransactionMode::ReadWrite)?;
    transaction.object_store(SHARDS)?.clear()?.await?;
    transaction.commit()?.await?;
    Ok(())
}
