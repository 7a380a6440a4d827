//! The import_runs table: every import and its report.

use lantern_core::source_update::Outcome;
use serde::{Deserialize, Serialize};
use worker::{D1Database, D1PreparedStatement};

use super::{number, text};
use crate::error::ApiError;

/// The most report lines kept per run; the rest are counted.
const MAX_ISSUES: usize = 500;

/// An import run as the admin routes list it.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Run {
    pub id: u64,
    pub source: String,
    pub trigger: String,
    pub started_at: String,
    pub status: RunStatus,
    pub message: String,
    pub rows: u64,
    pub imported: u64,
    pub skipped_rows: u64,
    pub written: u64,
    pub tombstones: u64,
    pub meetings_before: u64,
    pub meetings_after: u64,
    /// The per-row report; only when one run is asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issues: Option<Vec<String>>,
    /// The report as stored (JSON), when read from the database.
    #[serde(default, skip_serializing)]
    pub report: Option<String>,
}

const COLUMNS: &str = "id, source, trigger, started_at, status, message, rows, imported, \
                       skipped_rows, written, tombstones, meetings_before, meetings_after";

/// How an import run stands, or how it ended: stored, shown by the admin
/// routes, and copied to its feed's `last_status`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    /// Begun and not yet finished.
    #[default]
    Started,
    /// The feed's changes were written.
    Applied,
    /// The feed held nothing new.
    Unchanged,
    /// The feed would have lost too many meetings at once: nothing was
    /// written until an admin looks.
    Held,
    /// The feed could not be used: nothing was written.
    Failed,
    /// The isolate stopped before the run finished: nothing was written.
    Interrupted,
}

impl RunStatus {
    /// The status as stored (`applied`, ...).
    pub fn key(self) -> &'static str {
        match self {
            RunStatus::Started => "started",
            RunStatus::Applied => "applied",
            RunStatus::Unchanged => "unchanged",
            RunStatus::Held => "held",
            RunStatus::Failed => "failed",
            RunStatus::Interrupted => "interrupted",
        }
    }
}

impl From<Outcome> for RunStatus {
    fn from(outcome: Outcome) -> RunStatus {
        match outcome {
            Outcome::Applied => RunStatus::Applied,
            Outcome::Unchanged => RunStatus::Unchanged,
            Outcome::Held => RunStatus::Held,
        }
    }
}

/// The statement that records a run as begun (status started) and
/// returns the `id` the database gives it.
pub fn start_statement(db: &D1Database, run: &Run) -> Result<D1PreparedStatement, ApiError> {
    Ok(db
        .prepare(
            "INSERT INTO import_runs (source, trigger, started_at, status, message) \
             VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
        )
        .bind(&[
            text(&run.source),
            text(&run.trigger),
            text(&run.started_at),
            text(RunStatus::Started.key()),
            text("the import has begun"),
        ])?)
}

/// The statement that records how run `run.id` ended, with its report.
pub fn finish_statement(db: &D1Database, run: &Run) -> Result<D1PreparedStatement, ApiError> {
    let mut issues = run.issues.clone().unwrap_or_default();
    if issues.len() > MAX_ISSUES {
        let more = issues.len() - MAX_ISSUES;
        issues.truncate(MAX_ISSUES);
        issues.push(format!("… and {more} more problems"));
    }
    let issues = serde_json::to_string(&issues)
        .map_err(|e| ApiError::Internal(format!("encoding the report: {e}")))?;
    Ok(db
        .prepare(
            "UPDATE import_runs SET status = ?2, message = ?3, rows = ?4, imported = ?5, \
                skipped_rows = ?6, written = ?7, tombstones = ?8, meetings_before = ?9, \
                meetings_after = ?10, issues = ?11 \
             WHERE id = ?1 AND status = 'started'",
        )
        .bind(&[
            number(run.id),
            text(run.status.key()),
            text(&run.message),
            number(run.rows),
            number(run.imported),
            number(run.skipped_rows),
            number(run.written),
            number(run.tombstones),
            number(run.meetings_before),
            number(run.meetings_after),
            text(&issues),
        ])?)
}

/// Marks every run still started that began before `before` (an RFC 3339
/// time) as interrupted, and its feed's status with it; gives how
/// many runs that was.
pub async fn interrupt_stale(db: &D1Database, before: &str) -> Result<usize, ApiError> {
    let results = db
        .batch(vec![
            db.prepare(
                "UPDATE import_runs SET status = ?2, message = ?3 \
                 WHERE status = ?1 AND started_at < ?4",
            )
            .bind(&[
                text(RunStatus::Started.key()),
                text(RunStatus::Interrupted.key()),
                text(
                    "the import stopped before it finished, most likely out of memory or \
                     time, so nothing changed: check the feed with lantern-feed validate, \
                     and split it if it is very large",
                ),
                text(before),
            ])?,
            db.prepare(
                "UPDATE feeds SET last_status = ?1 WHERE last_status = ?2 \
                 AND last_run IN (SELECT id FROM import_runs WHERE status = ?1)",
            )
            .bind(&[
                text(RunStatus::Interrupted.key()),
                text(RunStatus::Started.key()),
            ])?,
        ])
        .await?;
    let changed = results
        .first()
        .and_then(|result| result.meta().ok().flatten())
        .and_then(|meta| meta.changes)
        .unwrap_or_default();
    Ok(changed)
}

/// The newest runs, of one source or of all.
pub async fn list(db: &D1Database, source: Option<&str>, limit: u32) -> Result<Vec<Run>, ApiError> {
    let statement = match source {
        Some(source) => db
            .prepare(format!(
                "SELECT {COLUMNS} FROM import_runs WHERE source = ?1 ORDER BY id DESC LIMIT ?2"
            ))
            .bind(&[text(source), number(u64::from(limit))])?,
        None => db
            .prepare(format!(
                "SELECT {COLUMNS} FROM import_runs ORDER BY id DESC LIMIT ?1"
            ))
            .bind(&[number(u64::from(limit))])?,
    };
    Ok(statement.all().await?.results::<Run>()?)
}

/// One run with its report.
pub async fn get(db: &D1Database, id: u64) -> Result<Option<Run>, ApiError> {
    let run = db
        .prepare(format!(
            "SELECT {COLUMNS}, issues AS report FROM import_runs WHERE id = ?1"
        ))
        .bind(&[number(id)])?
        .first::<Run>(None)
        .await?;
    Ok(run.map(|mut run| {
        let report = run.report.take().unwrap_or_default();
        run.issues = Some(serde_json::from_str(&report).unwrap_or_default());
        run
    }))
}
