//! My people, one record each: `{id, json}`. Each change is one transaction.

use idb::{Database, TransactionMode};
use lantern_core::log::people::Person;
use wasm_bindgen::JsValue;

use super::record::{all_json, commit, put_json};
use super::schema::PEOPLE;
use crate::error::AppError;

/// Everyone, in the order added (ids grow with time).
pub async fn all(database: &Database) -> Result<Vec<Person>, AppError> {
    let (mut people, _unreadable) = all_json::<Person>(database, PEOPLE).await?;
    people.sort_by(|a, b| a.id.len().cmp(&b.id.len()).then(a.id.cmp(&b.id)));
    Ok(people)
}

/// Saves a person, replacing the one with their id.
pub async fn put(database: &Database, person: &Person) -> Result<(), AppError> {
    put_json(database, PEOPLE, ("id", &person.id), person).await
}

/// Forgets a person.
pub async fn remove(database: &Database, id: &str) -> Result<(), AppError> {
    let transaction = database.transaction(&[PEOPLE], TransactionMode::ReadWrite)?;
    transaction
        .object_store(PEOPLE)?
        .delete(JsValue::from_str(id))?
        .await?;
    commit(transaction).await
}
