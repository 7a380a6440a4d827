//! Brings the saved directory up to date with the worker, page by page.

use lantern_core::sync::shards_to_follow;
use lantern_core::{ShardSnapshot, ShardSummary, SyncPage};

use super::client::get_json;
use crate::db;
use crate::error::AppError;

/// Meetings per sync page.
const PAGE_SIZE: u32 = 500;

/// What a sync did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Meetings added or changed.
    pub upserts: usize,
    /// Meetings removed.
    pub deletes: usize,
}

/// Syncs `online` and the home shard. Each page is saved with its cursor in
/// one transaction, so an interrupted sync resumes where it stopped and the
/// saved directory is never half a page.
pub async fn sync_directory() -> Result<SyncReport, AppError> {
    let available: Vec<ShardSummary> = get_json("/v1/shards").await?;
    let database = db::directory::open().await?;
    let saved = db::directory::load_snapshots(&database).await?;
    let mut report = SyncReport::default();
    for shard in shards_to_follow(&available, None) {
        let mut snapshot = saved
            .iter()
            .find(|s| s.shard == shard)
            .cloned()
            .unwrap_or_else(|| ShardSnapshot::new(shard.clone()));
        let mut started_over = false;
        loop {
            let path = format!(
                "/v1/sync?shard={}&since={}&limit={PAGE_SIZE}",
                snapshot.shard, snapshot.cursor
            );
            let page: SyncPage = match get_json(&path).await {
                // 410: the directory was rebuilt since the saved cursor was
                // given. Start the shard over, once.
                Err(AppError::Server { status: 410, .. }) if !started_over => {
                    started_over = true;
                    snapshot = ShardSnapshot::new(shard.clone());
                    continue;
                }
                result => result?,
            };
            // A page that promises more but brings nothing would loop forever.
            let more = page.more && !(page.upserts.is_empty() && page.deletes.is_empty());
            report.upserts += page.upserts.len();
            report.deletes += page.deletes.len();
            // A page the snapshot refuses (stale, or of another build of
            // the directory) ends this shard's sync rather than asking again.
            if !snapshot.apply(page) {
                break;
            }
            db::directory::save_snapshot(&database, &snapshot).await?;
            if !more {
                break;
            }
        }
    }
    database.close();
    Ok(report)
}
