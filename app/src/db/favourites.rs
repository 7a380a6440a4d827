//! Saved meetings ("my meetings"), kept on the device. Each keeps the
//! meeting's name, so a saved meeting that leaves the directory can still
//! be named when the app says it is gone.

use idb::{Database, TransactionMode};
use lantern_core::MeetingId;
use wasm_bindgen::JsValue;

use super::record::{commit, record, text};
use super::schema::FAVOURITES;
use crate::error::AppError;

/// A saved meeting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Favourite {
    /// The meeting's id.
    pub id: MeetingId,
    /// Its name when it was saved.
    pub name: String,
}

/// Every saved meeting, in the order saved.
pub async fn list(database: &Database) -> Result<Vec<Favourite>, AppError> {
    let transaction = database.transaction(&[FAVOURITES], TransactionMode::ReadOnly)?;
    let records = transaction
        .object_store(FAVOURITES)?
        .get_all(None, None)?
        .await?;
    let mut favourites: Vec<(f64, Favourite)> = records
        .iter()
        .filter_map(|record| {
            let added = super::record::field(record, "added")?
                .as_f64()
                .unwrap_or(0.0);
            Some((
                added,
                Favourite {
                    id: MeetingId::from_stored(text(record, "id")?),
                    name: text(record, "name").unwrap_or_default(),
                },
            ))
        })
        .collect();
    favourites.sort_by(|a, b| a.0.total_cmp(&b.0));
    Ok(favourites.into_iter().map(|(_, f)| f).collect())
}

/// Saves a meeting.
pub async fn add(database: &Database, favourite: &Favourite) -> Result<(), AppError> {
    let transaction = database.transaction(&[FAVOURITES], TransactionMode::ReadWrite)?;
    let saved = record(&[
        ("id", JsValue::from_str(favourite.id.as_str())),
        ("name", JsValue::from_str(&favourite.name)),
        ("added", JsValue::from_f64(js_sys::Date::now())),
    ])?;
    transaction
        .object_store(FAVOURITES)?
        .put(&saved, None)?
        .await?;
    commit(transaction).await
}

/// Forgets a saved meeting.
pub async fn remove(database: &Database, id: &MeetingId) -> Result<(), AppError> {
    let transaction = database.transaction(&[FAVOURITES], TransactionMode::ReadWrite)?;
    transaction
        .object_store(FAVOURITES)?
        .delete(JsValue::from_str(id.as_str()))?
        .await?;
    commit(transaction).await
}
