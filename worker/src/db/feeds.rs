//! The feeds table: what the scheduled import fetches, and how it went.

use lantern_core::feed::FeedSettings;
use serde::{Deserialize, Serialize};
use worker::{D1Database, D1PreparedStatement};

use super::{int_bool, number, text};
use crate::error::ApiError;

/// A configured feed, as stored and as the admin routes show it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Feed {
    pub source: String,
    pub url: String,
    pub format: String,
    pub fellowship: String,
    pub shard: String,
    pub zone: String,
    pub language: String,
    pub area: String,
    #[serde(deserialize_with = "int_bool")]
    pub enabled: bool,
    pub last_status: String,
    pub last_run: Option<u64>,
    pub created_at: String,
}

impl Feed {
    /// The feed's settings, as saved.
    pub fn settings(&self) -> FeedSettings {
        FeedSettings {
            url: self.url.clone(),
            format: self.format.clone(),
            fellowship: self.fellowship.clone(),
            shard: self.shard.clone(),
            zone: self.zone.clone(),
            language: self.language.clone(),
            area: self.area.clone(),
            enabled: self.enabled,
        }
    }
}

const COLUMNS: &str = "source, url, format, fellowship, shard, zone, language, area, enabled, \
                       last_status, last_run, created_at";

/// Every feed, by source name.
pub async fn all(db: &D1Database) -> Result<Vec<Feed>, ApiError> {
    Ok(db
        .prepare(format!("SELECT {COLUMNS} FROM feeds ORDER BY source"))
        .all()
        .await?
        .results::<Feed>()?)
}

/// The enabled feed with an address whose last import began longest ago
/// (or that was never imported), if that was before `due_before` (an RFC
/// 3339 time).
pub async fn next_due(db: &D1Database, due_before: &str) -> Result<Option<Feed>, ApiError> {
    const LAST_BEGAN: &str =
        "COALESCE((SELECT started_at FROM import_runs WHERE id = feeds.last_run), '')";
    Ok(db
        .prepare(format!(
            "SELECT {COLUMNS} FROM feeds WHERE enabled = 1 AND url != '' AND {LAST_BEGAN} < ?1 \
             ORDER BY {LAST_BEGAN}, source LIMIT 1"
        ))
        .bind(&[text(due_before)])?
        .first::<Feed>(None)
        .await?)
}

/// One feed.
pub async fn get(db: &D1Database, source: &str) -> Result<Option<Feed>, ApiError> {
    Ok(db
        .prepare(format!("SELECT {COLUMNS} FROM feeds WHERE source = ?1"))
        .bind(&[text(source)])?
        .first::<Feed>(None)
        .await?)
}

/// Adds a feed, or changes its settings (its history stays).
pub async fn save(
    db: &D1Database,
    source: &str,
    settings: &FeedSettings,
    now: &str,
) -> Result<(), ApiError> {
    db.prepare(
        "INSERT INTO feeds (source, url, format, fellowship, shard, zone, language, enabled, created_at, area) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) \
         ON CONFLICT (source) DO UPDATE SET url = excluded.url, format = excluded.format, \
            fellowship = excluded.fellowship, shard = excluded.shard, zone = excluded.zone, \
            language = excluded.language, enabled = excluded.enabled, area = excluded.area",
    )
    .bind(&[
        text(source),
        text(&settings.url),
        text(&settings.format),
        text(&settings.fellowship),
        text(&settings.shard),
        text(&settings.zone),
        text(&settings.language),
        number(u64::from(settings.enabled)),
        text(now),
        text(&settings.area),
    ])?
    .run()
    .await?;
    Ok(())
}

/// Turns a feed's scheduled import on or off; false when there is no such feed.
pub async fn set_enabled(db: &D1Database, source: &str, enabled: bool) -> Result<bool, ApiError> {
    let result = db
        .prepare("UPDATE feeds SET enabled = ?2 WHERE source = ?1")
        .bind(&[text(source), number(u64::from(enabled))])?
        .run()
        .await?;
    let changed = result
        .meta()?
        .and_then(|meta| meta.changes)
        .unwrap_or_default();
    Ok(changed > 0)
}

/// Records a run's outcome on its feed; runs in the run's batch, after the
/// run's own row is written.
pub fn status_statement(
    db: &D1Database,
    source: &str,
    status: &str,
) -> Result<D1PreparedStatement, ApiError> {
    Ok(db
        .prepare(
            "UPDATE feeds SET last_status = ?2, \
                last_run = (SELECT MAX(id) FROM import_runs WHERE source = ?1) \
             WHERE source = ?1",
        )
        .bind(&[text(source), text(status)])?)
}
