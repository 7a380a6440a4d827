//! The meeting directory on this device, one shard at a time.
//!
//! A shard is kept as a compact snapshot (core's `sync::compact`) plus the
//! sync pages applied since, each page written with the shard's new cursor
//! in one transaction: a page is on the device whole or not at all, and
//! writing it costs what the page holds, not what the shard holds. When a
//! sync ends with many pages kept, the shard is compacted: its snapshot is
//! rewritten and its pages dropped, in one transaction.
//!
//! Start-up reads every snapshot and page with two `getAll` calls and
//! decodes them in wasm.

use idb::{Database, KeyRange, TransactionMode};
use lantern_core::sync::compact::{decode_page, decode_snapshot, encode_page, encode_snapshot};
use lantern_core::{Cursor, ShardId, ShardSnapshot, SyncPage};
use wasm_bindgen::JsValue;

use super::record::{byte_value, bytes, commit, record, text};
use super::schema::{PAGES, SHARDS, SNAPSHOTS, V1_SHARDS};
use crate::error::AppError;

/// A followed shard and how far it is synced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShardCursor {
    /// The shard.
    pub shard: ShardId,
    /// The cursor of the last page applied.
    pub cursor: Cursor,
}

/// Every shard on the device with its cursor.
pub async fn cursors(database: &Database) -> Result<Vec<ShardCursor>, AppError> {
    let transaction = database.transaction(&[SHARDS], TransactionMode::ReadOnly)?;
    let records = transaction
        .object_store(SHARDS)?
        .get_all(None, None)?
        .await?;
    Ok(records
        .iter()
        .filter_map(|record| {
            Some(ShardCursor {
                shard: ShardId::parse(&text(record, "shard")?).ok()?,
                cursor: Cursor::parse(&text(record, "cursor")?)?,
            })
        })
        .collect())
}

/// Every shard's meetings as saved: the snapshot with its later pages
/// applied. A shard whose records cannot be read (damaged, or written by
/// another version) is removed, so that the next sync downloads it again.
pub async fn load_all(database: &Database) -> Result<Vec<ShardSnapshot>, AppError> {
    let transaction =
        database.transaction(&[SHARDS, SNAPSHOTS, PAGES], TransactionMode::ReadOnly)?;
    let cursors = transaction
        .object_store(SHARDS)?
        .get_all(None, None)?
        .await?;
    let snapshots = transaction
        .object_store(SNAPSHOTS)?
        .get_all(None, None)?
        .await?;
    let pages = transaction
        .object_store(PAGES)?
        .get_all(None, None)?
        .await?;
    let mut loaded: Vec<ShardSnapshot> = Vec::with_capacity(cursors.len());
    let mut damaged: Vec<ShardId> = Vec::new();
    for record in &cursors {
        let Some(shard) = text(record, "shard").and_then(|s| ShardId::parse(&s).ok()) else {
            continue;
        };
        let snapshot = snapshots
            .iter()
            .find(|r| text(r, "shard").as_deref() == Some(shard.as_str()));
        let decoded = match snapshot.and_then(|r| bytes(r, "blob")) {
            Some(blob) => decode_snapshot(&blob).ok(),
            None => Some(ShardSnapshot::new(shard.clone())),
        };
        let Some(mut decoded) = decoded.filter(|s| s.shard == shard) else {
            damaged.push(shard);
            continue;
        };
        // Pages come sorted by key: shard, then sequence.
        let mut intact = true;
        for page in pages
            .iter()
            .filter(|r| text(r, "shard").as_deref() == Some(shard.as_str()))
        {
            match bytes(page, "blob").and_then(|blob| decode_page(&blob).ok()) {
                Some(page) => {
                    decoded.apply(page);
                }
                None => intact = false,
            }
        }
        if intact {
            // A page that changed nothing moved only the cursor record.
            if let Some(cursor) = text(record, "cursor").and_then(|c| Cursor::parse(&c)) {
                decoded.cursor = cursor;
            }
            loaded.push(decoded);
        } else {
            damaged.push(shard);
        }
    }
    drop(transaction);
    for shard in damaged {
        remove(database, &shard).await?;
    }
    Ok(loaded)
}

/// One shard as saved, for compacting it.
pub async fn load(database: &Database, shard: &ShardId) -> Result<Option<ShardSnapshot>, AppError> {
    Ok(load_all(database)
        .await?
        .into_iter()
        .find(|s| &s.shard == shard))
}

/// How a page is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Write {
    /// Added to what the shard holds.
    Add,
    /// Replacing everything the shard held: the first page after the
    /// directory told the app to start over.
    Replace,
}

/// Saves one sync page and the shard's new cursor in one transaction. A
/// page that changes nothing only moves the cursor.
pub async fn apply_page(
    database: &Database,
    shard: &ShardId,
    page: &SyncPage,
    write: Write,
) -> Result<(), AppError> {
    let transaction =
        database.transaction(&[SHARDS, SNAPSHOTS, PAGES], TransactionMode::ReadWrite)?;
    if write == Write::Replace {
        transaction
            .object_store(SNAPSHOTS)?
            .delete(JsValue::from_str(shard.as_str()))?
            .await?;
        transaction
            .object_store(PAGES)?
            .delete(pages_of(shard)?)?
            .await?;
    }
    if !(page.upserts.is_empty() && page.deletes.is_empty()) {
        let blob = encode_page(page);
        let page_record = record(&[
            ("shard", JsValue::from_str(shard.as_str())),
            ("n", JsValue::from_f64(page.cursor.sequence() as f64)),
            ("blob", byte_value(&blob)),
        ])?;
        transaction
            .object_store(PAGES)?
            .put(&page_record, None)?
            .await?;
    }
    put_cursor(&transaction, shard, page.cursor).await?;
    commit(transaction).await
}

/// How many pages a shard holds beyond its snapshot, and whether it has a
/// snapshot at all.
pub async fn journal(database: &Database, shard: &ShardId) -> Result<(u32, bool), AppError> {
    let transaction = database.transaction(&[SNAPSHOTS, PAGES], TransactionMode::ReadOnly)?;
    let pages = transaction
        .object_store(PAGES)?
        .count(Some(pages_of(shard)?.into()))?
        .await?;
    let snapshot = transaction
        .object_store(SNAPSHOTS)?
        .count(Some(JsValue::from_str(shard.as_str()).into()))?
        .await?;
    Ok((pages, snapshot > 0))
}

/// Rewrites a shard as one snapshot and drops its pages, in one transaction.
pub async fn compact(database: &Database, snapshot: &ShardSnapshot) -> Result<(), AppError> {
    let transaction =
        database.transaction(&[SHARDS, SNAPSHOTS, PAGES], TransactionMode::ReadWrite)?;
    put_snapshot(&transaction, snapshot).await?;
    transaction
        .object_store(PAGES)?
        .delete(pages_of(&snapshot.shard)?)?
        .await?;
    commit(transaction).await
}

/// Removes a shard and everything saved of it.
pub async fn remove(database: &Database, shard: &ShardId) -> Result<(), AppError> {
    let transaction =
        database.transaction(&[SHARDS, SNAPSHOTS, PAGES], TransactionMode::ReadWrite)?;
    let key = JsValue::from_str(shard.as_str());
    transaction
        .object_store(SHARDS)?
        .delete(key.clone())?
        .await?;
    transaction.object_store(SNAPSHOTS)?.delete(key)?.await?;
    transaction
        .object_store(PAGES)?
        .delete(pages_of(shard)?)?
        .await?;
    commit(transaction).await
}

/// Brings a version 1 database's shards (one JSON record each) into this
/// version's form, in one transaction, and empties the old store. Does
/// nothing when there is nothing to convert. A record that cannot be read is
/// dropped: the shard is downloaded again.
pub async fn migrate_from_v1(database: &Database) -> Result<(), AppError> {
    if !database.store_names().iter().any(|n| n == V1_SHARDS) {
        return Ok(());
    }
    let transaction =
        database.transaction(&[V1_SHARDS, SHARDS, SNAPSHOTS], TransactionMode::ReadWrite)?;
    let old = transaction.object_store(V1_SHARDS)?;
    let records = old.get_all(None, None)?.await?;
    if records.is_empty() {
        return Ok(());
    }
    for json in records.iter().filter_map(|r| text(r, "json")) {
        let Ok(snapshot) = serde_json::from_str::<ShardSnapshot>(&json) else {
            continue;
        };
        put_snapshot(&transaction, &snapshot).await?;
    }
    old.clear()?.await?;
    commit(transaction).await
}

/// Writes a shard's snapshot and its cursor, within `transaction`.
async fn put_snapshot(
    transaction: &idb::Transaction,
    snapshot: &ShardSnapshot,
) -> Result<(), AppError> {
    let snapshot_record = record(&[
        ("shard", JsValue::from_str(snapshot.shard.as_str())),
        ("blob", byte_value(&encode_snapshot(snapshot))),
    ])?;
    transaction
        .object_store(SNAPSHOTS)?
        .put(&snapshot_record, None)?
        .await?;
    put_cursor(transaction, &snapshot.shard, snapshot.cursor).await
}

async fn put_cursor(
    transaction: &idb::Transaction,
    shard: &ShardId,
    cursor: Cursor,
) -> Result<(), AppError> {
    let cursor_record = record(&[
        ("shard", JsValue::from_str(shard.as_str())),
        ("cursor", JsValue::from_str(&cursor.to_string())),
    ])?;
    transaction
        .object_store(SHARDS)?
        .put(&cursor_record, None)?
        .await?;
    Ok(())
}

/// Every page key of a shard: `[shard, any sequence]`.
fn pages_of(shard: &ShardId) -> Result<KeyRange, AppError> {
    let key = |n: f64| -> JsValue {
        js_sys::Array::of2(&JsValue::from_str(shard.as_str()), &JsValue::from_f64(n)).into()
    };
    Ok(KeyRange::bound(&key(-1.0), &key(f64::MAX), None, None)?)
}
