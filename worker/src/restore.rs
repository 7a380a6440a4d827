//! Noticing a restored database.
//!
//! Phones sync by cursor: an epoch (random, made with the database) and a
//! sequence number. A D1 restore (Time Travel, or an export put back) brings
//! back an older sequence under the same epoch, and new imports would hand
//! out the same numbers again, so phones whose cursor is already past them
//! would never receive those changes. So the highest sequence number handed
//! out is also kept in Workers KV (binding `SEQUENCE_MARK`), which a restore
//! of D1 leaves alone. Before an import writes, the database is compared with
//! the mark: if it holds less than the mark in the same epoch, it was
//! restored, and a new epoch begins. Every phone then downloads its shards
//! again, once, and nothing is missed.

use serde::{Deserialize, Serialize};
use worker::kv::KvStore;
use worker::{console_error, D1Database, Env};

use crate::db::setting;
use crate::error::ApiError;

/// The KV binding that keeps the mark.
const BINDING: &str = "SEQUENCE_MARK";

/// The mark's key.
const KEY: &str = "sequence-mark";

/// The highest sequence number handed out in an epoch, and the epochs
/// before it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Mark {
    epoch: String,
    seq: u64,
    /// Epochs this directory has left behind: a database found in one of
    /// them was put back to before that change.
    #[serde(default)]
    retired: Vec<String>,
}

/// The most retired epochs kept (a restore is rare; the mark stays small).
const MAX_RETIRED: usize = 64;

/// The store of the mark, when the worker has one bound. Without it,
/// restores go unnoticed, which is said in the log on every import.
pub fn store(env: &Env) -> Option<KvStore> {
    match env.kv(BINDING) {
        Ok(store) => Some(store),
        Err(_) => {
            console_error!(
                "no KV namespace is bound as {BINDING}: a restored database would go unnoticed \
                 (README: Restoring the database)"
            );
            None
        }
    }
}

/// The database's epoch and highest sequence number.
async fn present(db: &D1Database) -> Result<Mark, ApiError> {
    #[derive(Deserialize)]
    struct Row {
        seq: u64,
    }
    let epoch = setting(db, "epoch").await?;
    let seq = db
        .prepare("SELECT COALESCE(MAX(seq), 0) AS seq FROM meetings")
        .first::<Row>(None)
        .await?
        .map_or(0, |row| row.seq);
    Ok(Mark {
        epoch,
        seq,
        retired: Vec::new(),
    })
}

/// The mark as kept, if any (an unreadable one counts as none).
async fn kept(store: &KvStore) -> Option<Mark> {
    store.get(KEY).json::<Mark>().await.ok().flatten()
}

/// Compares the database with the mark and begins a new epoch if it was
/// restored; gives whether it was.
pub async fn check(db: &D1Database, store: &KvStore) -> Result<bool, ApiError> {
    // The mark first: an import that writes meanwhile can only raise the
    // database past it, never make it look restored.
    let Some(mark) = kept(store).await else {
        return Ok(false);
    };
    let now = present(db).await?;
    let behind = now.epoch == mark.epoch && now.seq < mark.seq;
    // A database in an epoch the directory left is one put back to before
    // that change; an epoch never seen is a new database (phones' cursors
    // name another epoch, so they start over anyway).
    let old_epoch = mark.retired.contains(&now.epoch);
    if !behind && !old_epoch {
        return Ok(false);
    }
    console_error!(
        "the database holds sequence {} of epoch {}, behind the mark (sequence {} of epoch {}): \
         it was restored, so a new epoch begins and phones download their shards again",
        now.seq,
        now.epoch,
        mark.seq,
        mark.epoch
    );
    db.prepare("UPDATE settings SET value = lower(hex(randomblob(8))) WHERE name = 'epoch'")
        .run()
        .await?;
    note(db, store).await?;
    Ok(true)
}

/// Keeps the database's present epoch and highest sequence number as the
/// mark (after an import wrote).
pub async fn note(db: &D1Database, store: &KvStore) -> Result<(), ApiError> {
    let mut now = present(db).await?;
    let kept = kept(store).await.unwrap_or_default();
    if kept.epoch == now.epoch && kept.seq == now.seq {
        return Ok(());
    }
    now.retired = kept.retired;
    if !kept.epoch.is_empty() && kept.epoch != now.epoch && !now.retired.contains(&kept.epoch) {
        now.retired.push(kept.epoch);
    }
    let excess = now.retired.len().saturating_sub(MAX_RETIRED);
    now.retired.drain(..excess);
    let json = serde_json::to_string(&now)
        .map_err(|e| ApiError::Internal(format!("encoding the sequence mark: {e}")))?;
    store
        .put(KEY, json)
        .map_err(|e| ApiError::Internal(format!("the sequence mark: {e}")))?
        .execute()
        .await
        .map_err(|e| ApiError::Internal(format!("keeping the sequence mark: {e}")))
}
