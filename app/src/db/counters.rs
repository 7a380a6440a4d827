//! The log's counters, one record each: `{id, json}`, the counter as core
//! writes it, history included. Each save is one transaction.

use idb::Database;
use lantern_core::log::backup::sort_counters;
use lantern_core::log::counter::Counter;

use super::log::{read_plain, write_plain};
use super::schema::COUNTERS;
use crate::error::AppError;

/// Every counter, oldest start first.
pub async fn all(database: &Database) -> Result<Vec<Counter>, AppError> {
    let (mut counters, _unreadable) = read_plain::<Counter>(database, COUNTERS).await?;
    sort_counters(&mut counters);
    Ok(counters)
}

/// Saves a counter, replacing the one with its id.
pub async fn put(database: &Database, counter: &Counter) -> Result<(), AppError> {
    write_plain(database, COUNTERS, ("id", &counter.id), Some(counter)).await
}
