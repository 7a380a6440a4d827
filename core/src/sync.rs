//! The sync protocol between the worker and the app.
//!
//! The directory is split into shards: `online` holds every meeting one can
//! join online; geographic shards (`gb`, `us-ca`) hold face-to-face meetings.
//! A phone follows `online` plus its home shard. For each shard the worker
//! keeps a monotonic change sequence; the client asks for changes since its
//! [`Cursor`] and gets [`SyncPage`]s until `more` is false.

pub mod compact;
mod cursor;
mod follow;
mod page;
pub mod paging;
mod shard;
mod snapshot;

pub use cursor::Cursor;
pub use follow::{home_vanished, merged_meetings, shards_to_follow};
pub use page::{ShardSummary, SyncPage};
pub use shard::{shards_for, ShardId, ShardIdError};
pub use snapshot::ShardSnapshot;

#[cfg(test)]
mod tests;
