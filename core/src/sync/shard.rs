//! Shards: what the directory is split into, and which a meeting is in.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::meeting::Meeting;

/// A shard's name: `online`, or a lower-case geographic key such as `gb` or
/// `us-ca` (letters, digits and `-`, at most 32 characters).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ShardId(String);

/// Why a shard name was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShardIdError {
    name: String,
}

impl fmt::Display for ShardIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a shard name: use `online` or a region key of lower-case letters, digits and '-'",
            crate::feed::issue_cut(&self.name)
        )
    }
}

impl std::error::Error for ShardIdError {}

impl ShardId {
    /// The shard of every meeting that can be joined online.
    pub const ONLINE: &'static str = "online";

    /// The `online` shard.
    pub fn online() -> ShardId {
        ShardId(ShardId::ONLINE.to_owned())
    }

    /// Validates a shard name.
    ///
    /// # Errors
    ///
    /// When the name is empty, longer than 32 characters or has characters
    /// other than lower-case ASCII letters, digits and `-`.
    pub fn parse(name: &str) -> Result<ShardId, ShardIdError> {
        if crate::names::is_key(name) && !name.starts_with('-') {
            Ok(ShardId(name.to_owned()))
        } else {
            Err(ShardIdError {
                name: name.to_owned(),
            })
        }
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Is this the `online` shard?
    pub fn is_online(&self) -> bool {
        self.0 == ShardId::ONLINE
    }
}

impl TryFrom<String> for ShardId {
    type Error = ShardIdError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        ShardId::parse(&value)
    }
}

impl From<ShardId> for String {
    fn from(value: ShardId) -> String {
        value.0
    }
}

impl fmt::Display for ShardId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The shards a meeting belongs to: `online` if it can be joined online, and
/// `local` (the feed's geographic shard) if it meets face to face. A hybrid
/// meeting is in both.
pub fn shards_for(meeting: &Meeting, local: &ShardId) -> Vec<ShardId> {
    let mut shards = Vec::with_capacity(2);
    if meeting.online.is_some() {
        shards.push(ShardId::online());
    }
    if meeting.in_person.is_some() && !local.is_online() {
        shards.push(local.clone());
    }
    shards
}
