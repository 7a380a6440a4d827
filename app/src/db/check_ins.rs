//! The log's check-ins, one record per day: `{day, json}`, the check-in as
//! core writes it. Each save is one transaction.

use idb::Database;
use lantern_core::log::check_in::CheckIn;

use super::record::{all_json, put_json};
use super::schema::CHECK_INS;
use crate::error::AppError;

/// Every check-in the device holds, by day, and how many records could not
/// be read (kept as they are, never deleted).
pub async fn all(database: &Database) -> Result<(Vec<CheckIn>, usize), AppError> {
    let (mut check_ins, unreadable) = all_json::<CheckIn>(database, CHECK_INS).await?;
    check_ins.sort_by_key(|c| c.day);
    Ok((check_ins, unreadable))
}

/// Saves a day's check-in, replacing that day's earlier one.
pub async fn put(database: &Database, check_in: &CheckIn) -> Result<(), AppError> {
    put_json(
        database,
        CHECK_INS,
        ("day", &check_in.day.to_string()),
        check_in,
    )
    .await
}
