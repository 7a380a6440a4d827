//! The person's settings, kept on the device: the home area, the
//! language, the log's auto-lock and reminder, and the meetings joined today
//! and yesterday (offered in the check-in). Nothing here is ever sent.

use idb::{Database, TransactionMode};
use lantern_core::log::day::Day;
use lantern_core::log::joined::{self, Joined};
use lantern_core::log::reminder::Reminder;
use lantern_core::ShardId;
use wasm_bindgen::JsValue;

use super::record::{commit, record, text};
use super::schema::SETTINGS;
use crate::error::AppError;

const HOME_AREA: &str = "home_area";
const LANGUAGE: &str = "language";
const AUTO_LOCK: &str = "auto_lock";
const REMINDER: &str = "reminder";
const REMINDER_PUT_OFF: &str = "reminder_put_off";
const JOINED: &str = "joined";

async fn get(database: &Database, key: &str) -> Result<Option<String>, AppError> {
    let transaction = database.transaction(&[SETTINGS], TransactionMode::ReadOnly)?;
    let value = transaction
        .object_store(SETTINGS)?
        .get(JsValue::from_str(key))?
        .await?;
    Ok(value.and_then(|v| text(&v, "value")))
}

async fn set(database: &Database, key: &str, value: Option<&str>) -> Result<(), AppError> {
    let transaction = database.transaction(&[SETTINGS], TransactionMode::ReadWrite)?;
    let store = transaction.object_store(SETTINGS)?;
    match value {
        Some(value) => {
            let setting = record(&[
                ("key", JsValue::from_str(key)),
                ("value", JsValue::from_str(value)),
            ])?;
            store.put(&setting, None)?.await?;
        }
        None => {
            store.delete(JsValue::from_str(key))?.await?;
        }
    }
    commit(transaction).await
}

/// The chosen home area, if any.
pub async fn home_area(database: &Database) -> Result<Option<ShardId>, AppError> {
    Ok(get(database, HOME_AREA)
        .await?
        .and_then(|name| ShardId::parse(&name).ok()))
}

/// Chooses (or, with `None`, clears) the home area.
pub async fn set_home_area(database: &Database, area: Option<&ShardId>) -> Result<(), AppError> {
    set(database, HOME_AREA, area.map(ShardId::as_str)).await
}

/// The chosen language's tag, if one was chosen.
pub async fn language(database: &Database) -> Result<Option<String>, AppError> {
    get(database, LANGUAGE).await
}

/// Chooses the language.
pub async fn set_language(database: &Database, tag: &str) -> Result<(), AppError> {
    set(database, LANGUAGE, Some(tag)).await
}

/// Minutes without use before the locked log locks itself again (0 for
/// never), if chosen.
pub async fn auto_lock(database: &Database) -> Result<Option<u32>, AppError> {
    Ok(get(database, AUTO_LOCK).await?.and_then(|m| m.parse().ok()))
}

/// Chooses the auto-lock.
pub async fn set_auto_lock(database: &Database, minutes: u32) -> Result<(), AppError> {
    set(database, AUTO_LOCK, Some(&minutes.to_string())).await
}

/// The daily reminder's time, if one is set.
pub async fn reminder(database: &Database) -> Result<Option<Reminder>, AppError> {
    Ok(get(database, REMINDER)
        .await?
        .and_then(|t| Reminder::parse(&t)))
}

/// Sets (or, with `None`, turns off) the daily reminder.
pub async fn set_reminder(database: &Database, at: Option<Reminder>) -> Result<(), AppError> {
    set(database, REMINDER, at.map(|r| r.to_string()).as_deref()).await
}

/// The day the person last said "not today" to the reminder.
pub async fn reminder_put_off(database: &Database) -> Result<Option<Day>, AppError> {
    Ok(get(database, REMINDER_PUT_OFF)
        .await?
        .and_then(|d| Day::parse(&d)))
}

/// Puts the reminder off for `day`.
pub async fn put_off_reminder(database: &Database, day: Day) -> Result<(), AppError> {
    set(database, REMINDER_PUT_OFF, Some(&day.to_string())).await
}

/// A setting that is on or off: on when its key is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flag {
    /// The tech check was offered before a first online meeting (or the
    /// person opened it themselves), so it is not offered again.
    FirstJoinOffered,
    /// The plain name and icon are chosen instead of Lantern's.
    NeutralName,
}

impl Flag {
    fn key(self) -> &'static str {
        match self {
            Flag::FirstJoinOffered => "first_join_offered",
            Flag::NeutralName => "neutral_name",
        }
    }
}

/// Whether a flag is on.
pub async fn flag(database: &Database, flag: Flag) -> Result<bool, AppError> {
    Ok(get(database, flag.key()).await?.is_some())
}

/// Turns a flag on or off.
pub async fn set_flag(database: &Database, flag: Flag, on: bool) -> Result<(), AppError> {
    set(database, flag.key(), on.then_some("yes")).await
}

/// The meetings joined from the app today and yesterday. An unreadable
/// list reads as empty: it only ever offers a tick.
pub async fn joined(database: &Database) -> Result<Vec<Joined>, AppError> {
    Ok(get(database, JOINED)
        .await?
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default())
}

/// Keeps that a meeting was joined, forgetting joins before yesterday.
pub async fn record_join(database: &Database, join: Joined, today: Day) -> Result<(), AppError> {
    let mut kept = joined(database).await?;
    joined::record(&mut kept, join, today);
    let json = super::log::json(&kept)?;
    set(database, JOINED, Some(&json)).await
}
