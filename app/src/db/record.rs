//! Building and reading IndexedDB records, and finishing a transaction:
//! what every store module shares.

use idb::{Database, Transaction, TransactionMode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

use crate::error::AppError;

/// A record with these fields.
pub fn record(fields: &[(&str, JsValue)]) -> Result<js_sys::Object, AppError> {
    let object = js_sys::Object::new();
    for (key, value) in fields {
        js_sys::Reflect::set(&object, &JsValue::from_str(key), value)
            .map_err(|_| AppError::storage("building a record"))?;
    }
    Ok(object)
}

/// A field of a record, if present.
pub fn field(record: &JsValue, key: &str) -> Option<JsValue> {
    js_sys::Reflect::get(record, &JsValue::from_str(key))
        .ok()
        .filter(|value| !value.is_undefined() && !value.is_null())
}

/// A text field of a record.
pub fn text(record: &JsValue, key: &str) -> Option<String> {
    field(record, key)?.as_string()
}

/// A byte field of a record (stored as a `Uint8Array`), copied into wasm.
pub fn bytes(record: &JsValue, key: &str) -> Option<Vec<u8>> {
    let value = field(record, key)?;
    value
        .is_instance_of::<js_sys::Uint8Array>()
        .then(|| js_sys::Uint8Array::new(&value).to_vec())
}

/// Bytes as a value to store.
pub fn byte_value(bytes: &[u8]) -> JsValue {
    js_sys::Uint8Array::from(bytes).into()
}

/// Commits a transaction and waits until it is done: a write counts only
/// once it is on the device.
pub async fn commit(transaction: Transaction) -> Result<(), AppError> {
    let result = transaction.commit()?.await?;
    if result.is_committed() {
        Ok(())
    } else {
        Err(AppError::storage("the save was cancelled"))
    }
}

/// Every record of `store` kept as `{<key>, json}`, read as `T`, and how
/// many could not be read (left as they are, never deleted).
pub async fn all_json<T: DeserializeOwned>(
    database: &Database,
    store: &str,
) -> Result<(Vec<T>, usize), AppError> {
    let transaction = database.transaction(&[store], TransactionMode::ReadOnly)?;
    let records = transaction
        .object_store(store)?
        .get_all(None, None)?
        .await?;
    let mut unreadable = 0;
    let values = records
        .iter()
        .filter_map(|record| {
            let value = text(record, "json").and_then(|json| serde_json::from_str(&json).ok());
            if value.is_none() {
                unreadable += 1;
            }
            value
        })
        .collect();
    Ok((values, unreadable))
}

/// Saves `value` in `store` as `{<key_field>: key, json}`, replacing the
/// record with that key, in one transaction.
pub async fn put_json<T: Serialize>(
    database: &Database,
    store: &str,
    (key_field, key): (&str, &str),
    value: &T,
) -> Result<(), AppError> {
    let json = serde_json::to_string(value).map_err(|e| AppError::storage(e.to_string()))?;
    let transaction = database.transaction(&[store], TransactionMode::ReadWrite)?;
    let saved = record(&[
        (key_field, JsValue::from_str(key)),
        ("json", JsValue::from_str(&json)),
    ])?;
    transaction.object_store(store)?.put(&saved, None)?.await?;
    commit(transaction).await
}
