//! Lantern's core: the meeting directory's domain model, feed import and the
//! sync protocol between the worker and the app, and the private recovery
//! log's model.
//!
//! Pure Rust with no I/O: no files, network, clock or system time zone. It
//! compiles natively (tests, the worker's logic) and to wasm32 (the app), and
//! everything that varies (now, time zones, keys) is passed in.
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

pub mod calendar;
pub mod digest;
pub mod feed;
pub mod fellowship;
pub mod guide;
pub mod help;
pub mod log;
pub mod meeting;
pub mod meeting_type;
pub mod names;
pub mod report;
pub mod schedule;
pub mod search;
pub mod source_update;
pub mod sync;
pub mod synthetic;
pub mod text;
mod web_address;

pub use feed::{FeedError, Import, ImportIssue, ImportOptions};
pub use fellowship::{Approach, Fellowship};
pub use meeting::{
    Area, Attendance, JoinUrl, LocalTime, Meeting, MeetingId, OnlineAccess, Provider, Schedule,
    Venue, Weekday,
};
pub use sync::{Cursor, ShardId, ShardSnapshot, ShardSummary, SyncPage};
