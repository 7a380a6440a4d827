//! A client's copy of a shard, kept up to date page by page.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Cursor, ShardId, SyncPage};
use crate::meeting::{Meeting, MeetingId};

/// A client's copy of one shard: its meetings and how far it has synced.
///
/// Pages are applied whole: a page either is in the snapshot with its cursor,
/// or is not, so an interrupted sync resumes from the stored cursor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardSnapshot {
    /// Which shard this is.
    pub shard: ShardId,
    /// The cursor of the last page applied.
    pub cursor: Cursor,
    /// The shard's meetings, by id.
    pub meetings: BTreeMap<MeetingId, Meeting>,
}

impl ShardSnapshot {
    /// An empty copy of a shard, to be filled from the start.
    pub fn new(shard: ShardId) -> ShardSnapshot {
        ShardSnapshot {
            shard,
            cursor: Cursor::START,
            meetings: BTreeMap::new(),
        }
    }

    /// Applies one page: deletes, then upserts, then the new cursor.
    ///
    /// A page whose cursor is behind the snapshot's (a stale response that
    /// arrived late) is ignored, and `false` is returned.
    pub fn apply(&mut self, page: SyncPage) -> bool {
        if !self.cursor.accepts(page.cursor) {
            return false;
        }
        for id in &page.deletes {
            self.meetings.remove(id);
        }
        for meeting in page.upserts {
            self.meetings.insert(meeting.id.clone(), meeting);
        }
        self.cursor = page.cursor;
        true
    }
}
