//! The log's check-ins, one record per day: `{day, json}`, the check-in as
//! core writes it. Each save is one transaction.

use idb::Database;
use lantern_core::log::check_in::CheckIn;

use super::log::{read_plain, write_plain};
use super::schema::CHECK_INS;
use crate::error::AppError;

/// Every check-in the device holds, by day, and how many records could not
/// be read (kept as they are, never deleted).
pub async fn all(database: &Database) -> Result<(Vec<CheckIn>, usize), AppError> {
    let (mut check_ins, unreadable) = read_plain::<CheckIn>(database, CHECK_INS).await?;
    check_ins.sort_by_key(|c| c.day);
    Ok((check_ins, unreadable))
}

/// Saves a day's check-in, replacing that day's earlier one.
pub async fn put(database: &Database, check_in: &CheckIn) -> Result<(), AppError> {
    let day = check_in.day.to_string();
    write_plain(database, CHECK_INS, ("day", &day), Some(check_in)).await
}
