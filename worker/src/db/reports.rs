//! The reports table, and the hourly count that limits them.

use serde::{Deserialize, Serialize};
use worker::wasm_bindgen::JsValue;
use worker::D1Database;

use super::{number, rows_read, text};
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

/// What a report is checked against before it is counted: whether its
/// meeting is listed, and the stored key of the client hash. One query.
pub struct Checks {
    pub listed: bool,
    pub hash_key: String,
}

/// Reads the [`Checks`] for a report about `meeting_id`.
pub async fn checks(db: &D1Database, meeting_id: &str) -> Result<(Checks, usize), ApiError> {
    #[derive(Deserialize)]
    struct Row {
        listed: u64,
        hash_key: Option<String>,
    }
    let result = db
        .prepare(
            "SELECT EXISTS (SELECT 1 FROM meetings WHERE id = ?1 AND data IS NOT NULL) AS listed, \
                    (SELECT value FROM settings WHERE name = 'client_hash_key') AS hash_key",
        )
        .bind(&[text(meeting_id)])?
        .all()
        .await?;
    let read = rows_read(&result);
    let row = result
        .results::<Row>()?
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::Internal("the report checks read nothing".to_owned()))?;
    let hash_key = row.hash_key.ok_or_else(|| {
        ApiError::Internal(
            "setting `client_hash_key` is missing; apply the migrations (wrangler d1 migrations apply)"
                .to_owned(),
        )
    })?;
    Ok((
        Checks {
            listed: row.listed != 0,
            hash_key,
        },
        read,
    ))
}

/// A report to store, and the counts it is limited by.
pub struct Counted<'a> {
    pub meeting_id: &'a str,
    pub kind: &'a str,
    pub details: &'a str,
    pub received_hour: &'a str,
    /// The hour's number, kept with each count so the cron can forget it.
    pub hour: u64,
    /// The counts' keys, narrowest first (a client, its wider network,
    /// everyone), with each one's limit per hour.
    pub limits: [(&'a str, u32); 3],
}

/// Counts the report and stores it, in one batch (one transaction): each
/// count goes up only while every narrower one is within its limit, so one
/// client over its limit cannot use up its network's reports, nor
/// everyone's; the report is stored only if all three are within theirs.
/// Gives the report's id (`None`: a limit was passed) and the rows read,
/// which do not grow with the tables.
pub async fn count_and_store(
    db: &D1Database,
    report: &Counted<'_>,
) -> Result<(Option<u64>, usize), ApiError> {
    #[derive(Deserialize)]
    struct Id {
        id: u64,
    }
    let [(client, client_limit), (network, network_limit), (all, all_limit)] = report.limits;
    let within = |key_at: &str, limit_at: &str| {
        format!("(SELECT count FROM report_limits WHERE client = {key_at}) <= {limit_at}")
    };
    let bump = |key_at: &str, condition: &str| {
        format!(
            "INSERT INTO report_limits (client, hour, count) SELECT {key_at}, ?4, 1 WHERE {condition} \
             ON CONFLICT (client) DO UPDATE SET count = count + 1"
        )
    };
    let first_within = within("?1", "?5");
    let both_within = format!("{first_within} AND {}", within("?2", "?6"));
    let all_within = format!("{both_within} AND {}", within("?3", "?7"));
    let counts = [
        text(client),
        text(network),
        text(all),
        number(report.hour),
        number(u64::from(client_limit)),
        number(u64::from(network_limit)),
        number(u64::from(all_limit)),
    ];
    let results = db
        .batch(vec![
            // D1 takes as many values as the highest parameter a
            // statement names.
            db.prepare(bump("?1", "true")).bind(&counts[..4])?,
            db.prepare(bump("?2", &first_within)).bind(&counts[..5])?,
            db.prepare(bump("?3", &both_within)).bind(&counts[..6])?,
            db.prepare(format!(
                "INSERT INTO reports (meeting_id, kind, details, received_hour) \
                 SELECT ?8, ?9, ?10, ?11 WHERE {all_within} RETURNING id"
            ))
            .bind(
                &[
                    &counts[..],
                    &[
                        text(report.meeting_id),
                        text(report.kind),
                        text(report.details),
                        text(report.received_hour),
                    ],
                ]
                .concat(),
            )?,
        ])
        .await?;
    let read = results.iter().map(rows_read).sum();
    let id = results
        .last()
        .and_then(|result| result.results::<Id>().ok())
        .and_then(|ids| ids.into_iter().next())
        .map(|row| row.id);
    Ok((id, read))
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

/// Which reports to list, and which page of them.
pub struct Listing {
    pub which: Which,
    /// Only reports of this kind (`closed`, `wrong_time`…).
    pub kind: Option<String>,
    /// Only reports about this meeting.
    pub meeting_id: Option<String>,
    /// Only reports older than this one: the next page after a page whose
    /// last report this is.
    pub before: Option<u64>,
    pub limit: u32,
}

/// Reports, newest first, a page at a time.
pub async fn list(db: &D1Database, listing: &Listing) -> Result<Vec<Report>, ApiError> {
    let which = match listing.which {
        Which::Open => "r.resolved_at IS NULL",
        Which::Resolved => "r.resolved_at IS NOT NULL",
        Which::All => "true",
    };
    // Absent filters are bound as NULL and match everything.
    Ok(db
        .prepare(format!(
            "SELECT r.id, r.meeting_id, r.kind, r.details, r.received_hour, r.resolved_at, \
                    r.resolution, \
                    (SELECT json_extract(m.data, '$.name') FROM meetings m \
                     WHERE m.id = r.meeting_id AND m.data IS NOT NULL LIMIT 1) AS meeting_name \
             FROM reports r \
             WHERE {which} AND (?1 IS NULL OR r.kind = ?1) AND (?2 IS NULL OR r.meeting_id = ?2) \
                AND (?3 IS NULL OR r.id < ?3) \
             ORDER BY r.id DESC LIMIT ?4"
        ))
        .bind(&[
            listing.kind.as_deref().map_or(JsValue::NULL, text),
            listing.meeting_id.as_deref().map_or(JsValue::NULL, text),
            listing.before.map_or(JsValue::NULL, number),
            number(u64::from(listing.limit)),
        ])?
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
