//! Brings the saved directory up to date with the worker, page by page.

use idb::Database;
use lantern_core::sync::{home_vanished, shards_to_follow};
use lantern_core::{Cursor, ShardId, ShardSummary, SyncPage};

use super::client::get_json;
use crate::db::shards::{self, Write};
use crate::error::AppError;

/// Meetings per sync page.
pub const PAGE_SIZE: u32 = 500;

/// A shard is compacted (rewritten as one snapshot) when a sync leaves it
/// with this many pages beyond its snapshot, or with pages and no snapshot.
const COMPACT_AFTER_PAGES: u32 = 8;

/// Where the directory comes from: the worker, or a stand-in in tests.
// The app runs on the browser's one thread: its futures need not be `Send`.
#[allow(async_fn_in_trait)]
pub trait DirectorySource {
    /// `GET /v1/shards`.
    async fn shards(&self) -> Result<Vec<ShardSummary>, AppError>;
    /// `GET /v1/sync`: the changes to `shard` after `since`.
    async fn page(&self, shard: &ShardId, since: Cursor, limit: u32) -> Result<SyncPage, AppError>;
}

/// The worker this app was served by.
pub struct Worker;

impl DirectorySource for Worker {
    async fn shards(&self) -> Result<Vec<ShardSummary>, AppError> {
        get_json("/v1/shards").await
    }

    async fn page(&self, shard: &ShardId, since: Cursor, limit: u32) -> Result<SyncPage, AppError> {
        get_json(&format!(
            "/v1/sync?shard={shard}&since={since}&limit={limit}"
        ))
        .await
    }
}

/// What a sync did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Meetings added or changed.
    pub upserts: usize,
    /// Meetings removed.
    pub deletes: usize,
    /// Shards removed from the device because they are no longer followed.
    pub removed: Vec<ShardId>,
    /// The home area, when the directory no longer has it.
    pub home_vanished: Option<ShardId>,
    /// Every shard the directory lists, with its size (for choosing an area).
    pub available: Vec<ShardSummary>,
}

impl SyncReport {
    /// Whether the saved directory changed.
    pub fn changed(&self) -> bool {
        self.upserts > 0 || self.deletes > 0 || !self.removed.is_empty()
    }
}

/// Syncs `online` and the home area, and removes from the device every
/// shard no longer followed. Each page is saved with its cursor in one
/// transaction, so an interrupted sync resumes where it stopped and the
/// saved directory is never half a page.
pub async fn sync_directory(
    source: &impl DirectorySource,
    database: &Database,
    home: Option<&ShardId>,
) -> Result<SyncReport, AppError> {
    let available = source.shards().await?;
    // An empty list (a directory being rebuilt or deployed) is no reason to
    // wipe what the device holds: nothing is synced or removed.
    if available.is_empty() {
        return Ok(SyncReport::default());
    }
    let follow = shards_to_follow(&available, home);
    let mut report = SyncReport {
        home_vanished: home_vanished(&available, home),
        ..SyncReport::default()
    };
    let saved = shards::cursors(database).await?;
    for stale in saved.iter().filter(|s| !follow.contains(&s.shard)) {
        shards::remove(database, &stale.shard).await?;
        report.removed.push(stale.shard.clone());
    }
    for shard in &follow {
        let cursor = saved
            .iter()
            .find(|s| &s.shard == shard)
            .map_or(Cursor::START, |s| s.cursor);
        sync_shard(source, database, shard, cursor, &mut report).await?;
    }
    report.available = available;
    Ok(report)
}

async fn sync_shard(
    source: &impl DirectorySource,
    database: &Database,
    shard: &ShardId,
    mut cursor: Cursor,
    report: &mut SyncReport,
) -> Result<(), AppError> {
    let mut write = Write::Add;
    let mut started_over = false;
    loop {
        let page = match source.page(shard, cursor, PAGE_SIZE).await {
            // 410: the directory was rebuilt since the saved cursor was
            // given. Start the shard over, once; what it held is replaced
            // by the first new page, in that page's transaction.
            Err(AppError::Server { status: 410, .. }) if !started_over => {
                started_over = true;
                cursor = Cursor::START;
                write = Write::Replace;
                continue;
            }
            result => result?,
        };
        // A page the cursor refuses (stale, or of another build of the
        // directory) ends this shard's sync rather than asking again.
        if !cursor.accepts(page.cursor) {
            break;
        }
        // A page that promises more but brings nothing would loop forever.
        let more = page.more && !(page.upserts.is_empty() && page.deletes.is_empty());
        shards::apply_page(database, shard, &page, write).await?;
        write = Write::Add;
        cursor = page.cursor;
        report.upserts += page.upserts.len();
        report.deletes += page.deletes.len();
        if !more {
            break;
        }
    }
    let (pages, has_snapshot) = shards::journal(database, shard).await?;
    if pages >= COMPACT_AFTER_PAGES || (pages > 0 && !has_snapshot) {
        if let Some(snapshot) = shards::load(database, shard).await? {
            shards::compact(database, &snapshot).await?;
        }
    }
    Ok(())
}
