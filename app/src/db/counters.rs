//! The log's counters, one record each: `{id, json}`, the counter as core
//! writes it, history included. Each save is one transaction.

use idb::Database;
use lantern_core::log::counter::Counter;

use super::record::{all_json, put_json};
use super::schema::COUNTERS;
use crate::error::AppError;

/// Every counter, oldest start first.
pub async fn all(database: &Database) -> Result<Vec<Counter>, AppError> {
    let (mut counters, _unreadable) = all_json::<Counter>(database, COUNTERS).await?;
    counters.sort_by(|a, b| a.since.cmp(&b.since).then(a.id.cmp(&b.id)));
    Ok(counters)
}

/// Saves a counter, replacing the one with its id.
pub async fn put(database: &Database, counter: &Counter) -> Result<(), AppError> {
    put_json(database, COUNTERS, ("id", &counter.id), counter).await
}
