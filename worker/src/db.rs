//! Every SQL statement the worker runs, with bound parameters only.

use lantern_core::{Cursor, ShardId, ShardSummary};
use serde::{Deserialize, Serialize};
use worker::wasm_bindgen::JsValue;
use worker::D1Database;

use crate::error::ApiError;

/// One change in a shard's sequence: a meeting's JSON, or a tombstone.
#[derive(Deserialize)]
pub struct ChangeRow {
    pub id: String,
    pub seq: u64,
    pub data: Option<String>,
}

/// A meeting as stored in one shard.
#[derive(Serialize)]
pub struct StoredMeeting {
    pub shard: String,
    pub id: String,
    pub data: String,
}

/// How many distinct meetings are listed.
pub async fn count_meetings(db: &D1Database) -> Result<u64, ApiError> {
    #[derive(Deserialize)]
    struct Count {
        n: u64,
    }
    let count = db
        .prepare("SELECT COUNT(DISTINCT id) AS n FROM meetings WHERE data IS NOT NULL")
        .first::<Count>(None)
        .await?;
    Ok(count.map_or(0, |c| c.n))
}

/// Every shard with its meeting count and newest sequence number.
pub async fn shard_summaries(db: &D1Database) -> Result<Vec<ShardSummary>, ApiError> {
    #[derive(Deserialize)]
    struct Row {
        shard: String,
        meetings: u64,
        seq: u64,
    }
    let rows = db
        .prepare(
            "SELECT shard, COUNT(data) AS meetings, MAX(seq) AS seq \
             FROM meetings GROUP BY shard ORDER BY shard",
        )
        .all()
        .await?
        .results::<Row>()?;
    rows.into_iter()
        .map(|row| {
            Ok(ShardSummary {
                shard: ShardId::parse(&row.shard).map_err(|e| ApiError::Internal(e.to_string()))?,
                meetings: row.meetings,
                cursor: Cursor::from_sequence(row.seq)
                    .ok_or_else(|| ApiError::Internal("sequence above 2^53".to_owned()))?,
            })
        })
        .collect()
}

/// Up to `limit` changes to a shard after `since`, oldest first.
pub async fn changes_since(
    db: &D1Database,
    shard: &ShardId,
    since: Cursor,
    limit: u32,
) -> Result<Vec<ChangeRow>, ApiError> {
    // Cursors are at most 2^53 - 1, so they travel exactly as JavaScript numbers.
    let rows = db
        .prepare(
            "SELECT id, seq, data FROM meetings \
             WHERE shard = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
        )
        .bind(&[
            JsValue::from_str(shard.as_str()),
            JsValue::from_f64(since.sequence() as f64),
            JsValue::from_f64(f64::from(limit)),
        ])?
        .all()
        .await?
        .results::<ChangeRow>()?;
    Ok(rows)
}

/// Replaces every meeting of one source, in one transaction: new and changed
/// meetings get new sequence numbers, unchanged ones keep theirs, and those
/// no longer in `meetings` become tombstones.
///
/// Each new sequence number is the table's maximum before the statement
/// plus a distinct offset (the row's position, or its rowid), so numbers
/// never repeat; gaps are harmless to cursors.
pub async fn replace_source(
    db: &D1Database,
    source: &str,
    meetings: &[StoredMeeting],
) -> Result<(), ApiError> {
    let rows = serde_json::to_string(meetings)
        .map_err(|e| ApiError::Internal(format!("encoding meetings: {e}")))?;
    let source = JsValue::from_str(source);
    let rows = JsValue::from_str(&rows);
    let upsert = db
        .prepare(
            "INSERT INTO meetings (shard, id, source, seq, data) \
             SELECT json_extract(j.value, '$.shard'), json_extract(j.value, '$.id'), ?1, \
                    (SELECT COALESCE(MAX(seq), 0) FROM meetings) + j.key + 1, \
                    json_extract(j.value, '$.data') \
             FROM json_each(?2) AS j WHERE 1 \
             ON CONFLICT (shard, id) DO UPDATE SET \
                source = excluded.source, seq = excluded.seq, data = excluded.data \
             WHERE meetings.data IS NOT excluded.data",
        )
        .bind(&[source.clone(), rows.clone()])?;
    let tombstones = db
        .prepare(
            // The NOT IN subquery is built once (not once per row, as a
            // correlated NOT EXISTS would be), so large sources stay fast.
            "UPDATE meetings SET data = NULL, \
                seq = (SELECT MAX(seq) FROM meetings) + rowid \
             WHERE source = ?1 AND data IS NOT NULL AND (shard, id) NOT IN ( \
                SELECT json_extract(j.value, '$.shard'), json_extract(j.value, '$.id') \
                FROM json_each(?2) AS j)",
        )
        .bind(&[source, rows])?;
    db.batch(vec![upsert, tombstones]).await?;
    Ok(())
}
