//! The recovery log's stores. Without a lock, each check-in, counter and
//! person is its own `{key, json}` record. With the lock on, those stores
//! are empty and the whole log is one sealed record in `sealed_log`
//! (`{key: "log", n, text}`, `text` being core's sealed envelope); the
//! automatic backups are sealed too (`{at, sealed}`).
//!
//! Every plain read and write checks, in its own transaction, that the log
//! is not sealed, so a tab that has not yet heard of a lock set in another
//! never writes plaintext beside it. Sealed writes carry the generation
//! they read (`n`) and are refused when another tab wrote first.

use idb::{Database, Transaction, TransactionMode};
use lantern_core::log::sealed::Sealed;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

use super::record::{commit, field, record, text};
use super::schema::{CHECK_INS, COUNTERS, LOG_BACKUPS, PEOPLE, SEALED_LOG};
use crate::error::AppError;

/// How many automatic backups are kept; the oldest go first.
const KEPT_BACKUPS: usize = 5;

/// The stores that hold the log itself, with their key fields.
pub const LOG_STORES: [(&str, &str); 3] = [(CHECK_INS, "day"), (COUNTERS, "id"), (PEOPLE, "id")];

/// The sealed log's key in its store.
const SEALED_KEY: &str = "log";

async fn refuse_if_sealed(transaction: &Transaction) -> Result<(), AppError> {
    let sealed = transaction.object_store(SEALED_LOG)?.count(None)?.await?;
    if sealed > 0 {
        Err(AppError::Locked)
    } else {
        Ok(())
    }
}

/// Every record of the plain log store `store`, read as `T`, and how many
/// could not be read (left as they are, never deleted).
pub async fn read_plain<T: DeserializeOwned>(
    database: &Database,
    store: &str,
) -> Result<(Vec<T>, usize), AppError> {
    let transaction = database.transaction(&[store, SEALED_LOG], TransactionMode::ReadOnly)?;
    refuse_if_sealed(&transaction).await?;
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

/// Saves `value` in the plain log store `store` under `key` (or, with
/// `None`, deletes the record with that key), in one transaction.
pub async fn write_plain<T: Serialize>(
    database: &Database,
    store: &str,
    (key_field, key): (&str, &str),
    value: Option<&T>,
) -> Result<(), AppError> {
    let json = value.map(json).transpose()?;
    let transaction = database.transaction(&[store, SEALED_LOG], TransactionMode::ReadWrite)?;
    refuse_if_sealed(&transaction).await?;
    let object_store = transaction.object_store(store)?;
    match json {
        Some(json) => {
            let saved = record(&[
                (key_field, JsValue::from_str(key)),
                ("json", JsValue::from_str(&json)),
            ])?;
            object_store.put(&saved, None)?.await?;
        }
        None => {
            object_store.delete(JsValue::from_str(key))?.await?;
        }
    }
    commit(transaction).await
}

/// The plain log as stored: each store's `json` texts, and the automatic
/// backups as `(at, json)`. Locking compares it again before it clears
/// anything, so nothing written meanwhile is lost.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PlainLog {
    /// The texts of [`LOG_STORES`], in that order.
    pub texts: [Vec<String>; 3],
    /// The automatic backups.
    pub kept: Vec<(f64, String)>,
}

async fn plain_in(transaction: &Transaction) -> Result<PlainLog, AppError> {
    let mut log = PlainLog::default();
    for (texts, (store, _key)) in log.texts.iter_mut().zip(LOG_STORES) {
        let records = transaction
            .object_store(store)?
            .get_all(None, None)?
            .await?;
        *texts = records.iter().filter_map(|r| text(r, "json")).collect();
    }
    let kept = transaction
        .object_store(LOG_BACKUPS)?
        .get_all(None, None)?
        .await?;
    log.kept = kept
        .iter()
        .filter_map(|r| Some((field(r, "at")?.as_f64()?, text(r, "json")?)))
        .collect();
    Ok(log)
}

const ALL_STORES: [&str; 5] = [CHECK_INS, COUNTERS, PEOPLE, LOG_BACKUPS, SEALED_LOG];

/// The plain log, or [`AppError::Locked`] when it is sealed.
pub async fn plain(database: &Database) -> Result<PlainLog, AppError> {
    let transaction = database.transaction(&ALL_STORES, TransactionMode::ReadOnly)?;
    refuse_if_sealed(&transaction).await?;
    plain_in(&transaction).await
}

/// Replaces the plain log with `rows` (`(store, key, json)`), keeping
/// `previous` (the log as it was, as a backup file's text) among the
/// automatic backups. One transaction: everything changes or nothing does.
pub async fn replace_plain(
    database: &Database,
    rows: &[(&str, String, String)],
    previous: &str,
) -> Result<(), AppError> {
    let transaction = database.transaction(&ALL_STORES, TransactionMode::ReadWrite)?;
    refuse_if_sealed(&transaction).await?;
    keep_copy(&transaction, ("json", previous)).await?;
    write_rows(&transaction, rows).await?;
    commit(transaction).await
}

async fn write_rows(
    transaction: &Transaction,
    rows: &[(&str, String, String)],
) -> Result<(), AppError> {
    for (store, _key) in LOG_STORES {
        transaction.object_store(store)?.clear()?.await?;
    }
    for (store, key, json) in rows {
        let key_field = LOG_STORES
            .iter()
            .find(|(s, _)| s == store)
            .map_or("id", |(_, k)| k);
        let saved = record(&[
            (key_field, JsValue::from_str(key)),
            ("json", JsValue::from_str(json)),
        ])?;
        transaction.object_store(store)?.put(&saved, None)?.await?;
    }
    Ok(())
}

/// Adds an automatic backup (`{at, <field>: text}`) and forgets the oldest
/// beyond [`KEPT_BACKUPS`].
async fn keep_copy(
    transaction: &Transaction,
    (field_name, copy): (&str, &str),
) -> Result<(), AppError> {
    let kept = transaction.object_store(LOG_BACKUPS)?;
    let saved = record(&[
        ("at", JsValue::from_f64(js_sys::Date::now())),
        (field_name, JsValue::from_str(copy)),
    ])?;
    kept.put(&saved, None)?.await?;
    let keys = kept.get_all_keys(None, None)?.await?;
    let excess = keys.len().saturating_sub(KEPT_BACKUPS);
    for key in keys.into_iter().take(excess) {
        kept.delete(key)?.await?;
    }
    Ok(())
}

/// The sealed log and its generation, if the lock is on.
pub async fn sealed(database: &Database) -> Result<Option<(f64, Sealed)>, AppError> {
    let transaction = database.transaction(&[SEALED_LOG], TransactionMode::ReadOnly)?;
    let found = transaction
        .object_store(SEALED_LOG)?
        .get(JsValue::from_str(SEALED_KEY))?
        .await?;
    let Some(found) = found else {
        return Ok(None);
    };
    let n = field(&found, "n").and_then(|n| n.as_f64()).unwrap_or(0.0);
    let envelope = text(&found, "text").unwrap_or_default();
    let sealed = Sealed::read(envelope.as_bytes()).map_err(|e| AppError::UnreadableRecord {
        detail: format!("the sealed log: {e}"),
    })?;
    Ok(Some((n, sealed)))
}

fn sealed_record(n: f64, sealed: &Sealed) -> Result<JsValue, AppError> {
    record(&[
        ("key", JsValue::from_str(SEALED_KEY)),
        ("n", JsValue::from_f64(n)),
        ("text", JsValue::from_str(&sealed.to_json())),
    ])
    .map(JsValue::from)
}

async fn generation(transaction: &Transaction) -> Result<Option<f64>, AppError> {
    let found = transaction
        .object_store(SEALED_LOG)?
        .get(JsValue::from_str(SEALED_KEY))?
        .await?;
    Ok(found.map(|f| field(&f, "n").and_then(|n| n.as_f64()).unwrap_or(0.0)))
}

/// Replaces the sealed log of generation `read` with `sealed`, and keeps
/// `previous` (sealed) among the automatic backups when given. `false`
/// when another tab wrote since `read`: read again and redo the change.
pub async fn write_sealed(
    database: &Database,
    read: f64,
    sealed: &Sealed,
    previous: Option<&Sealed>,
) -> Result<bool, AppError> {
    let transaction =
        database.transaction(&[SEALED_LOG, LOG_BACKUPS], TransactionMode::ReadWrite)?;
    match generation(&transaction).await? {
        None => return Err(AppError::LockRemoved),
        Some(n) if n != read => return Ok(false),
        Some(_) => {}
    }
    if let Some(previous) = previous {
        keep_copy(&transaction, ("sealed", &previous.to_json())).await?;
    }
    transaction
        .object_store(SEALED_LOG)?
        .put(&sealed_record(read + 1.0, sealed)?, None)?
        .await?;
    commit(transaction).await.map(|()| true)
}

/// Turns the lock on: the plain log, unchanged since it read as `seen`,
/// is replaced by `sealed`, and the automatic backups by `kept` (sealed,
/// with their times). `false` when something was written meanwhile.
pub async fn lock(
    database: &Database,
    seen: &PlainLog,
    sealed: &Sealed,
    kept: &[(f64, Sealed)],
) -> Result<bool, AppError> {
    let transaction = database.transaction(&ALL_STORES, TransactionMode::ReadWrite)?;
    refuse_if_sealed(&transaction).await?;
    if plain_in(&transaction).await? != *seen {
        return Ok(false);
    }
    write_rows(&transaction, &[]).await?;
    replace_backups(
        &transaction,
        "sealed",
        kept.iter().map(|(at, copy)| (*at, copy.to_json())),
    )
    .await?;
    transaction
        .object_store(SEALED_LOG)?
        .put(&sealed_record(1.0, sealed)?, None)?
        .await?;
    commit(transaction).await.map(|()| true)
}

/// The sealed automatic backups, with their times.
pub async fn sealed_backups(database: &Database) -> Result<Vec<(f64, Sealed)>, AppError> {
    let transaction = database.transaction(&[LOG_BACKUPS], TransactionMode::ReadOnly)?;
    let kept = transaction
        .object_store(LOG_BACKUPS)?
        .get_all(None, None)?
        .await?;
    Ok(kept
        .iter()
        .filter_map(|r| {
            let at = field(r, "at")?.as_f64()?;
            let sealed = Sealed::read(text(r, "sealed")?.as_bytes()).ok()?;
            Some((at, sealed))
        })
        .collect())
}

/// Turns the lock off: the sealed log of generation `read` is replaced by
/// `rows` (`(store, key, json)`) and the automatic backups by `kept`
/// (plain, with their times). `false` when another tab wrote meanwhile.
pub async fn unlock(
    database: &Database,
    read: f64,
    rows: &[(&str, String, String)],
    kept: &[(f64, String)],
) -> Result<bool, AppError> {
    let transaction = database.transaction(&ALL_STORES, TransactionMode::ReadWrite)?;
    if generation(&transaction).await? != Some(read) {
        return Ok(false);
    }
    write_rows(&transaction, rows).await?;
    replace_backups(&transaction, "json", kept.iter().cloned()).await?;
    transaction
        .object_store(SEALED_LOG)?
        .delete(JsValue::from_str(SEALED_KEY))?
        .await?;
    commit(transaction).await.map(|()| true)
}

/// Replaces every automatic backup with `kept` (time, text), each text in
/// the record's `field`: `json` for plain copies, `sealed` for sealed ones.
async fn replace_backups(
    transaction: &Transaction,
    field: &str,
    kept: impl IntoIterator<Item = (f64, String)>,
) -> Result<(), AppError> {
    let backups = transaction.object_store(LOG_BACKUPS)?;
    backups.clear()?.await?;
    for (at, copy) in kept {
        let saved = record(&[
            ("at", JsValue::from_f64(at)),
            (field, JsValue::from_str(&copy)),
        ])?;
        backups.put(&saved, None)?.await?;
    }
    Ok(())
}

/// A value as the JSON text a record holds.
pub fn json(value: &impl Serialize) -> Result<String, AppError> {
    serde_json::to_string(value).map_err(|e| AppError::storage(e.to_string()))
}
