//! The meetings table: shards, their change sequences, and imports' writes.

use std::collections::BTreeSet;

use lantern_core::source_update::{RowKey, RowWrite, StoredRow};
use lantern_core::sync::paging::PageRead;
use lantern_core::{Cursor, ShardId, ShardSummary};
use serde::Deserialize;
use worker::{D1Database, D1PreparedStatement};

use super::{number, rows_read, text};
use crate::error::ApiError;

/// D1 refuses strings over 2 MB, so an import's rows are sent in chunks of
/// about this many bytes of JSON, all in one transaction.
const CHUNK_BYTES: usize = 1 << 20;

/// One change in a shard's sequence: a meeting's JSON, or a tombstone.
#[derive(Deserialize)]
pub struct ChangeRow {
    pub id: String,
    pub seq: u64,
    pub data: Option<String>,
}

/// How many distinct meetings are listed (kept by every import).
pub async fn count(db: &D1Database) -> Result<u64, ApiError> {
    let listed = super::setting(db, "listed_meetings").await?;
    listed
        .parse()
        .map_err(|_| ApiError::Internal(format!("listed_meetings is `{listed}`")))
}

/// Every shard with its meeting count and newest sequence number (kept by
/// every import).
pub async fn shard_summaries(db: &D1Database) -> Result<Vec<ShardSummary>, ApiError> {
    #[derive(Deserialize)]
    struct Row {
        shard: String,
        meetings: u64,
        seq: u64,
        epoch: Option<String>,
    }
    let rows = db
        .prepare(
            "SELECT shard, meetings, head AS seq, \
                    (SELECT value FROM settings WHERE name = 'epoch') AS epoch \
             FROM shards ORDER BY shard",
        )
        .all()
        .await?
        .results::<Row>()?;
    rows.into_iter()
        .map(|row| {
            Ok(ShardSummary {
                shard: ShardId::parse(&row.shard).map_err(|e| ApiError::Internal(e.to_string()))?,
                meetings: row.meetings,
                cursor: cursor(parse_epoch(row.epoch)?, row.seq)?,
            })
        })
        .collect()
}

/// A shard's version: the database's epoch (random, made when the database
/// is created) and the shard's newest sequence number (0 when it has none).
/// Every change to a shard raises its head, so the pair names its state.
pub struct ShardHead {
    pub epoch: u64,
    pub head: u64,
    /// Deletions at or below this sequence number were pruned.
    pub pruned_through: u64,
    /// Whether the cursor asked about is a head the shard once had.
    pub known: bool,
}

/// The version of one shard, from the totals imports keep (a few rows read),
/// and whether `since` is one of its past heads.
pub async fn shard_head(
    db: &D1Database,
    shard: &ShardId,
    since: u64,
) -> Result<ShardHead, ApiError> {
    #[derive(Deserialize)]
    struct Row {
        epoch: Option<String>,
        head: u64,
        pruned_through: Option<String>,
        known: u64,
    }
    let row = db
        .prepare(
            "SELECT (SELECT value FROM settings WHERE name = 'epoch') AS epoch, \
                    COALESCE((SELECT head FROM shards WHERE shard = ?1), 0) AS head, \
                    (SELECT value FROM settings WHERE name = 'pruned_through') AS pruned_through, \
                    EXISTS (SELECT 1 FROM shard_heads WHERE shard = ?1 AND head = ?2) AS known",
        )
        .bind(&[text(shard.as_str()), number(since)])?
        .first::<Row>(None)
        .await?
        .ok_or_else(|| ApiError::Internal("no shard head".to_owned()))?;
    Ok(ShardHead {
        epoch: parse_epoch(row.epoch)?,
        head: row.head,
        pruned_through: row
            .pruned_through
            .and_then(|text| text.parse().ok())
            .unwrap_or(0),
        known: row.known != 0,
    })
}

/// The changes a sync page reads (see `lantern_core::sync::paging`), oldest
/// first, with the number of rows D1 read to find them.
pub async fn changes_for(
    db: &D1Database,
    shard: &ShardId,
    read: &PageRead,
) -> Result<(Vec<ChangeRow>, usize), ApiError> {
    let limit = number(u64::from(read.limit) + 1);
    let statement = if read.listed_until > 0 {
        // Served from the index of listed meetings: deletions are not even
        // read.
        db.prepare(
            "SELECT id, seq, data FROM meetings \
             WHERE shard = ?1 AND seq > ?2 AND seq <= ?3 AND data IS NOT NULL \
             ORDER BY seq LIMIT ?4",
        )
        .bind(&[
            text(shard.as_str()),
            number(read.after),
            number(read.listed_until),
            limit,
        ])?
    } else {
        db.prepare(
            "SELECT id, seq, data FROM meetings \
             WHERE shard = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
        )
        .bind(&[text(shard.as_str()), number(read.after), limit])?
    };
    let result = statement.all().await?;
    Ok((result.results::<ChangeRow>()?, rows_read(&result)))
}

/// A listed meeting as stored.
#[derive(Deserialize)]
pub struct StoredMeeting {
    pub id: String,
    /// The meeting's JSON.
    pub data: String,
}

/// Up to `limit` listed meetings of a shard, ordered by id, after the one
/// with id `after` (`""`: from the first). Read page by page, a shard of any
/// size stays within D1's result size and the isolate's memory.
pub async fn listed_page(
    db: &D1Database,
    shard: &ShardId,
    after: &str,
    limit: u32,
) -> Result<Vec<StoredMeeting>, ApiError> {
    Ok(db
        .prepare(
            "SELECT id, data FROM meetings WHERE shard = ?1 AND id > ?2 AND data IS NOT NULL \
             ORDER BY id LIMIT ?3",
        )
        .bind(&[text(shard.as_str()), text(after), number(u64::from(limit))])?
        .all()
        .await?
        .results::<StoredMeeting>()?)
}

/// The live rows stored for a source, with their fingerprints.
pub async fn live_rows_of_source(
    db: &D1Database,
    source: &str,
) -> Result<Vec<StoredRow>, ApiError> {
    #[derive(Deserialize)]
    struct Row {
        shard: String,
        id: String,
        hash: String,
    }
    let rows = db
        .prepare(
            "SELECT shard, id, COALESCE(hash, '') AS hash FROM meetings \
             WHERE source = ?1 AND data IS NOT NULL",
        )
        .bind(&[text(source)])?
        .all()
        .await?
        .results::<Row>()?;
    Ok(rows
        .into_iter()
        .map(|row| StoredRow {
            shard: row.shard,
            id: row.id,
            hash: row.hash,
        })
        .collect())
}

/// The shards an import's writes and tombstones touch.
pub fn touched_shards(writes: &[RowWrite], tombstones: &[RowKey]) -> BTreeSet<String> {
    writes
        .iter()
        .map(|w| w.shard.clone())
        .chain(tombstones.iter().map(|t| t.shard.clone()))
        .collect()
}

/// How much row JSON one staging batch sends at most.
const STAGE_BATCH_BYTES: usize = 4 << 20;

/// Stages run `run`'s new and changed rows in `import_staging`, a few
/// megabytes per batch, so neither the isolate nor one request ever holds
/// them all; [`write_statements`] then moves them in one statement. The
/// writes are taken by value and each is dropped once in its chunk.
pub async fn stage(db: &D1Database, run: u64, writes: Vec<RowWrite>) -> Result<(), ApiError> {
    let mut chunks = Chunks::default();
    let mut pending = Vec::new();
    let mut pending_bytes = 0;
    let mut staged = 0u64;
    let mut writes = writes.into_iter();
    loop {
        let next = writes.next();
        let done = next.is_none();
        let chunk = match next {
            Some(write) => chunks.push(&write)?,
            None => chunks.finish(),
        };
        if let Some((rows, chunk)) = chunk {
            pending_bytes += chunk.len();
            pending.push(
                db.prepare(
                    "INSERT INTO import_staging (run, pos, shard, id, data, hash) \
                     SELECT ?1, ?2 + j.key, json_extract(j.value, '$.shard'), \
                            json_extract(j.value, '$.id'), json_extract(j.value, '$.data'), \
                            json_extract(j.value, '$.hash') \
                     FROM json_each(?3) AS j",
                )
                .bind(&[number(run), number(staged), text(&chunk)])?,
            );
            staged += rows;
        }
        if (done && !pending.is_empty()) || pending_bytes >= STAGE_BATCH_BYTES {
            db.batch(std::mem::take(&mut pending)).await?;
            pending_bytes = 0;
        }
        if done {
            return Ok(());
        }
    }
}

/// Deletes the staged rows of runs that are not under way (the run that
/// staged them failed, or its isolate stopped).
pub async fn forget_stale_staging(db: &D1Database) -> Result<(), ApiError> {
    db.prepare(
        "DELETE FROM import_staging \
         WHERE run NOT IN (SELECT id FROM import_runs WHERE status = 'started')",
    )
    .run()
    .await?;
    Ok(())
}

/// Deletes run `run`'s staged rows (it did not apply them).
pub async fn forget_staging_of(db: &D1Database, run: u64) -> Result<(), ApiError> {
    db.prepare("DELETE FROM import_staging WHERE run = ?1")
        .bind(&[number(run)])?
        .run()
        .await?;
    Ok(())
}

/// The statements that move run `run`'s staged rows into `meetings`, turn
/// the rows that left into tombstones and bring the touched shards' totals
/// up to date, to run in the batch that records the run (one transaction).
///
/// Each written or buried row gets a new sequence number: the table's
/// maximum before the statement plus a distinct offset (its place in the
/// feed, or its rowid), so numbers never repeat; gaps do not matter.
pub fn write_statements(
    db: &D1Database,
    source: &str,
    run: u64,
    tombstones: &[RowKey],
    touched: &BTreeSet<String>,
) -> Result<Vec<D1PreparedStatement>, ApiError> {
    let mut statements = vec![
        db.prepare(
            "INSERT INTO meetings (shard, id, source, seq, data, hash) \
             SELECT s.shard, s.id, ?1, (SELECT COALESCE(MAX(seq), 0) FROM meetings) + s.pos + 1, \
                    s.data, s.hash \
             FROM import_staging AS s WHERE s.run = ?2 \
                AND EXISTS (SELECT 1 FROM import_runs WHERE id = ?2 AND status = 'started') \
             ORDER BY s.pos \
             ON CONFLICT (shard, id) DO UPDATE SET \
                source = excluded.source, seq = excluded.seq, \
                data = excluded.data, hash = excluded.hash",
        )
        .bind(&[text(source), number(run)])?,
        db.prepare("DELETE FROM import_staging WHERE run = ?1")
            .bind(&[number(run)])?,
    ];
    let mut chunks = Chunks::default();
    let mut bury = |chunk: String| -> Result<(), ApiError> {
        statements.push(
            db.prepare(
                "UPDATE meetings SET data = NULL, hash = NULL, \
                    seq = (SELECT MAX(seq) FROM meetings) + rowid \
                 WHERE source = ?1 AND (shard, id) IN ( \
                    SELECT json_extract(j.value, '$.shard'), json_extract(j.value, '$.id') \
                    FROM json_each(?2) AS j) \
                 AND EXISTS (SELECT 1 FROM import_runs WHERE id = ?3 AND status = 'started')",
            )
            .bind(&[text(source), text(&chunk), number(run)])?,
        );
        Ok(())
    };
    for tombstone in tombstones {
        if let Some((_, chunk)) = chunks.push(tombstone)? {
            bury(chunk)?;
        }
    }
    if let Some((_, chunk)) = chunks.finish() {
        bury(chunk)?;
    }
    if !touched.is_empty() {
        statements.extend(totals_statements(db, touched)?);
    }
    Ok(statements)
}

/// The statements that bring the totals of the shards an import touched
/// (and the count of listed meetings) up to date, after its writes.
fn totals_statements(
    db: &D1Database,
    touched: &BTreeSet<String>,
) -> Result<Vec<D1PreparedStatement>, ApiError> {
    let touched = serde_json::to_string(touched)
        .map_err(|e| ApiError::Internal(format!("encoding shards: {e}")))?;
    Ok(vec![
        db.prepare(
            "INSERT INTO shards (shard, meetings, head) \
             SELECT shard, COUNT(data), MAX(seq) FROM meetings \
             WHERE shard IN (SELECT value FROM json_each(?1)) GROUP BY shard \
             ON CONFLICT (shard) DO UPDATE SET \
                meetings = excluded.meetings, head = MAX(shards.head, excluded.head)",
        )
        .bind(&[text(&touched)])?,
        db.prepare(
            "INSERT OR IGNORE INTO shard_heads (shard, head) \
             SELECT shard, head FROM shards WHERE shard IN (SELECT value FROM json_each(?1))",
        )
        .bind(&[text(&touched)])?,
        db.prepare(
            "INSERT INTO settings (name, value) \
             SELECT 'listed_meetings', COUNT(DISTINCT id) FROM meetings WHERE data IS NOT NULL \
             ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        ),
    ])
}

/// Gathers items into JSON arrays of about [`CHUNK_BYTES`] each (an item
/// larger than that travels alone), handing each array on when it is full.
#[derive(Default)]
struct Chunks {
    chunk: String,
    rows: u64,
}

impl Chunks {
    /// Adds an item; gives the chunk it completed, with its row count.
    fn push<T: serde::Serialize>(&mut self, item: &T) -> Result<Option<(u64, String)>, ApiError> {
        let json = serde_json::to_string(item)
            .map_err(|e| ApiError::Internal(format!("encoding a row: {e}")))?;
        let full = self.rows > 0 && self.chunk.len() + json.len() + 2 > CHUNK_BYTES;
        let done = if full { self.finish() } else { None };
        self.chunk.push(if self.rows == 0 { '[' } else { ',' });
        self.chunk.push_str(&json);
        self.rows += 1;
        Ok(done)
    }

    /// The last chunk, if any items are left.
    fn finish(&mut self) -> Option<(u64, String)> {
        if self.rows == 0 {
            return None;
        }
        let mut chunk = std::mem::take(&mut self.chunk);
        chunk.push(']');
        Some((std::mem::take(&mut self.rows), chunk))
    }
}

/// A sequence number of the database `epoch` as a cursor.
pub fn cursor(epoch: u64, seq: u64) -> Result<Cursor, ApiError> {
    Cursor::in_epoch(epoch, seq).ok_or_else(|| ApiError::Internal("sequence above 2^53".to_owned()))
}

/// The `epoch` setting (16 hex digits, made by the migrations).
fn parse_epoch(stored: Option<String>) -> Result<u64, ApiError> {
    stored
        .and_then(|text| u64::from_str_radix(&text, 16).ok())
        .filter(|epoch| *epoch != 0)
        .ok_or_else(|| {
            ApiError::Internal(
                "the database has no epoch; apply the migrations (wrangler d1 migrations apply)"
                    .to_owned(),
            )
        })
}
