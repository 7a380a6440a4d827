//! What the worker sends: a page of changes, and the list of shards.

use serde::{Deserialize, Serialize};

use super::{Cursor, ShardId};
use crate::meeting::{Meeting, MeetingId};

/// One page of changes to a shard: `GET /v1/sync?shard=&since=&limit=`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncPage {
    /// Where the next page starts; store it once the page is applied.
    pub cursor: Cursor,
    /// Whether more changes follow this page.
    pub more: bool,
    /// Meetings added or changed since the requested cursor.
    pub upserts: Vec<Meeting>,
    /// Ids of meetings removed since the requested cursor.
    pub deletes: Vec<MeetingId>,
}

/// A shard as listed by `GET /v1/shards`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardSummary {
    /// The shard.
    pub shard: ShardId,
    /// How many meetings it lists now.
    pub meetings: u64,
    /// The newest cursor: a client at this cursor is up to date.
    pub cursor: Cursor,
}
