//! Upkeep of the change sequence: deletions older than the horizon are
//! pruned, so that the table and the pages of clients that are far behind
//! stop growing with every meeting ever removed.

use worker::D1Database;

use super::number;
use crate::error::ApiError;

/// How long deletions are kept. A phone that has not synced for longer
/// starts over, which costs it one download of its shards.
pub const HORIZON_DAYS: u64 = 30;

const DAY_MILLIS: i64 = 86_400_000;

/// Marks today's highest sequence number, and prunes the deletions made
/// before the newest mark at least `kept_days` old ([`HORIZON_DAYS`] unless
/// the tests say otherwise). Never prunes the
/// highest row, which new sequence numbers start from.
pub async fn prune_old_deletions(
    db: &D1Database,
    now_millis: i64,
    kept_days: u64,
) -> Result<(), ApiError> {
    let today = u64::try_from(now_millis / DAY_MILLIS).unwrap_or(0);
    let horizon = today.saturating_sub(kept_days);
    db.batch(vec![
        db.prepare(
            "INSERT INTO sequence_marks (day, seq) \
             SELECT ?1, COALESCE(MAX(seq), 0) FROM meetings WHERE true \
             ON CONFLICT (day) DO UPDATE SET seq = excluded.seq",
        )
        .bind(&[number(today)])?,
        db.prepare(
            "UPDATE settings SET value = CAST(MAX(CAST(value AS INTEGER), \
                (SELECT COALESCE(MAX(seq), 0) FROM sequence_marks WHERE day <= ?1)) AS TEXT) \
             WHERE name = 'pruned_through'",
        )
        .bind(&[number(horizon)])?,
        db.prepare(
            "DELETE FROM meetings WHERE data IS NULL \
             AND seq <= (SELECT CAST(value AS INTEGER) FROM settings WHERE name = 'pruned_through') \
             AND seq < (SELECT MAX(seq) FROM meetings)",
        ),
        // Cursors at or below it are told to start over.
        db.prepare(
            "DELETE FROM shard_heads WHERE head < \
                (SELECT CAST(value AS INTEGER) FROM settings WHERE name = 'pruned_through')",
        ),
        // The newest mark past the horizon is the one that counts.
        db.prepare(
            "DELETE FROM sequence_marks \
             WHERE day < (SELECT MAX(day) FROM sequence_marks WHERE day <= ?1)",
        )
        .bind(&[number(horizon)])?,
    ])
    .await?;
    Ok(())
}
