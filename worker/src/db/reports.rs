//! The reports table, and the hourly count that limits them.

use serde::{Deserialize, Serialize};
use worker::D1Database;

use super::{number, text};
use crate::error::ApiError;

/// A report as the admin routes list it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Report {
    pub id: u64,
    pub meeting_id: String,
    /// The meeting's name now, if it is still listed.
    pub meeting_name: Option<String>,
    pub kind: String,
    pub details: String,
    pub received_hour: String,
    pub resolved_at: Option<String>,
    pub resolution: String,
}

/// Stores a report and returns its id.
pub async fn insert(
    db: &D1Database,
    meeting_id: &str,
    kind: &str,
    details: &str,
    received_hour: &str,
) -> Result<u64, ApiError> {
    #[derive(Deserialize)]
    struct Row {
        id: u64,
    }
    db.prepare(
        "INSERT INTO reports (meeting_id, kind, details, received_hour) \
         VALUES (?1, ?2, ?3, ?4) RETURNING id",
    )
    .bind(&[
        text(meeting_id),
        text(kind),
        text(details),
        text(received_hour),
    ])?
    .first::<Row>(None)
    .await?
    .map(|row| row.id)
    .ok_or_else(|| ApiError::Internal("the report was not stored".to_owned()))
}

/// Counts one more report under `key` in `hour` (a client, a wider
/// network, everyone) and returns the count so far. It reads and writes one
/// row, whatever the table holds.
pub async fn count(db: &D1Database, key: &str, hour: u64) -> Result<u64, ApiError> {
    #[derive(Deserialize)]
    struct Row {
        count: u64,
    }
    db.prepare(
        "INSERT INTO report_limits (client, hour, count) VALUES (?1, ?2, 1) \
         ON CONFLICT (client) DO UPDATE SET count = count + 1 RETURNING count",
    )
    .bind(&[text(key), number(hour)])?
    .first::<Row>(None)
    .await?
    .map(|row| row.count)
    .ok_or_else(|| ApiError::Internal("a report count was not stored".to_owned()))
}

/// Deletes the counts of hours before `hour` (the cron does, so that no
/// report pays for it).
pub async fn forget_counts_before(db: &D1Database, hour: u64) -> Result<(), ApiError> {
    db.prepare("DELETE FROM report_limits WHERE hour < ?1")
        .bind(&[number(hour)])?
        .run()
        .await?;
    Ok(())
}

/// Which reports to list.
#[derive(Clone, Copy)]
pub enum Which {
    Open,
    Resolved,
    All,
}

/// Reports, newest first (at most 500).
pub async fn list(db: &D1Database, which: Which) -> Result<Vec<Report>, ApiError> {
    let filter = match which {
        Which::Open => "WHERE r.resolved_at IS NULL",
        Which::Resolved => "WHERE r.resolved_at IS NOT NULL",
        Which::All => "",
    };
    Ok(db
        .prepare(format!(
            "SELECT r.id, r.meeting_id, r.kind, r.details, r.received_hour, r.resolved_at, \
                    r.resolution, \
                    (SELECT json_extract(m.data, '$.name') FROM meetings m \
                     WHERE m.id = r.meeting_id AND m.data IS NOT NULL LIMIT 1) AS meeting_name \
             FROM reports r {filter} ORDER BY r.id DESC LIMIT 500"
        ))
        .all()
        .await?
        .results::<Report>()?)
}

/// Marks a report resolved (again, if it already was); false when there is
/// no such report.
pub async fn resolve(
    db: &D1Database,
    id: u64,
    resolution: &str,
    now: &str,
) -> Result<bool, ApiError> {
    let result = db
        .prepare("UPDATE reports SET resolved_at = ?2, resolution = ?3 WHERE id = ?1")
        .bind(&[number(id), text(now), text(resolution)])?
        .run()
        .await?;
    Ok(result
        .meta()?
        .and_then(|meta| meta.changes)
        .unwrap_or_default()
        > 0)
}
