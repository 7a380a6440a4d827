//! Building and reading IndexedDB records, and finishing a transaction:
//! what every store module shares.

use idb::Transaction;
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
