//! Cursors: a client's place in a shard's change sequence.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A position in a shard's change sequence, in one build of the directory.
/// Opaque to the client, which stores it and sends it back; `0` asks for a
/// full snapshot.
///
/// The epoch names the database the sequence belongs to (a random number
/// made when the database is created), so a cursor from a directory that has
/// since been rebuilt is recognised and the client is told to start over,
/// even when the new sequence has passed the old cursor's number.
///
/// A client that starts from nothing carries the shard's head at that moment
/// in its cursors until it passes it: deletions up to there are of meetings
/// it never had, so they are not sent (a fresh phone does not download every
/// deletion ever made).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Cursor {
    epoch: u64,
    sequence: u64,
    snapshot_head: u64,
}

impl Cursor {
    /// The largest sequence number: JavaScript numbers (D1, the browser)
    /// hold integers exactly only up to 2^53.
    pub const MAX: u64 = (1 << 53) - 1;

    /// The start of every shard: a full snapshot.
    pub const START: Cursor = Cursor {
        epoch: 0,
        sequence: 0,
        snapshot_head: 0,
    };

    /// A cursor at a sequence number with no epoch (as sent before epochs
    /// existed); `None` above [`Cursor::MAX`].
    pub fn from_sequence(sequence: u64) -> Option<Cursor> {
        Cursor::in_epoch(0, sequence)
    }

    /// A cursor at a sequence number of the database `epoch`; `None` above
    /// [`Cursor::MAX`].
    pub fn in_epoch(epoch: u64, sequence: u64) -> Option<Cursor> {
        (sequence <= Cursor::MAX).then_some(Cursor {
            epoch,
            sequence,
            snapshot_head: 0,
        })
    }

    /// This cursor of a client that started from nothing when the shard's
    /// head was `head`: deletions at or below it are not sent. Once the
    /// cursor reaches `head` there is nothing left to skip, and the mark is
    /// dropped.
    ///
    /// ```
    /// use lantern_core::Cursor;
    /// let at = Cursor::in_epoch(0x9f2c, 17).unwrap();
    /// assert_eq!(at.with_snapshot_head(500).to_string(), "9f2c.17.500");
    /// assert_eq!(at.with_snapshot_head(17).to_string(), "9f2c.17");
    /// ```
    #[must_use]
    pub fn with_snapshot_head(self, head: u64) -> Cursor {
        Cursor {
            snapshot_head: if head > self.sequence && head <= Cursor::MAX {
                head
            } else {
                0
            },
            ..self
        }
    }

    /// The head of the shard when the client started from nothing, while the
    /// cursor is below it; 0 otherwise.
    pub fn snapshot_head(self) -> u64 {
        self.snapshot_head
    }

    /// Reads a cursor as the client sends it back: `<epoch in hex>.<sequence>`,
    /// with `.<snapshot head>` while a first download is under way, or a bare
    /// sequence number. An empty value is the start.
    ///
    /// ```
    /// use lantern_core::Cursor;
    /// let cursor = Cursor::parse("9f2c.17").unwrap();
    /// assert_eq!((cursor.epoch(), cursor.sequence()), (0x9f2c, 17));
    /// assert_eq!(cursor.to_string(), "9f2c.17");
    /// assert_eq!(Cursor::parse("17").map(|c| c.sequence()), Some(17));
    /// assert_eq!(Cursor::parse(""), Some(Cursor::START));
    /// assert_eq!(Cursor::parse("-1"), None);
    /// assert_eq!(Cursor::parse("9f2c.17.500").map(|c| c.snapshot_head()), Some(500));
    /// assert_eq!(Cursor::parse("9f2c.17.x"), None);
    /// ```
    pub fn parse(text: &str) -> Option<Cursor> {
        if text.is_empty() {
            return Some(Cursor::START);
        }
        let parts: Vec<&str> = text.split('.').collect();
        match parts[..] {
            [sequence] => Cursor::from_sequence(number(sequence)?),
            [epoch, sequence] => Cursor::in_epoch(hex_epoch(epoch)?, number(sequence)?),
            [epoch, sequence, head] => Some(
                Cursor::in_epoch(hex_epoch(epoch)?, number(sequence)?)?
                    .with_snapshot_head(number(head)?),
            ),
            _ => None,
        }
    }

    /// The sequence number behind the cursor.
    pub fn sequence(self) -> u64 {
        self.sequence
    }

    /// The database the cursor belongs to (0 for none).
    pub fn epoch(self) -> u64 {
        self.epoch
    }

    /// Is this the start of a shard (a full snapshot)?
    pub fn is_start(self) -> bool {
        self.sequence == 0
    }

    /// Whether a page ending at `next` may be applied after this cursor.
    ///
    /// Within one build of the directory, a page behind the cursor is stale
    /// (a late answer). A page of another build only ever answers a fresh
    /// start: for any other cursor the server answers 410 and the client
    /// starts over.
    ///
    /// ```
    /// use lantern_core::Cursor;
    /// let at = |e, s| Cursor::in_epoch(e, s).unwrap();
    /// assert!(at(1, 5).accepts(at(1, 9)));
    /// assert!(!at(1, 5).accepts(at(1, 4)));
    /// assert!(!at(1, 5).accepts(at(2, 9)));
    /// assert!(Cursor::START.accepts(at(2, 9)));
    /// ```
    pub fn accepts(self, next: Cursor) -> bool {
        if next.epoch == self.epoch {
            next.sequence >= self.sequence
        } else {
            self.is_start()
        }
    }
}

/// An epoch as sent: 1 to 16 hex digits.
fn hex_epoch(text: &str) -> Option<u64> {
    let digits = (1..=16).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_hexdigit());
    digits.then(|| u64::from_str_radix(text, 16).ok()).flatten()
}

/// A sequence number as sent: 1 to 16 ASCII digits.
fn number(text: &str) -> Option<u64> {
    let digits = !text.is_empty() && text.len() <= 16 && text.bytes().all(|b| b.is_ascii_digit());
    digits.then(|| text.parse().ok()).flatten()
}

impl fmt::Display for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.epoch, self.snapshot_head) {
            (0, _) => write!(f, "{}", self.sequence),
            (epoch, 0) => write!(f, "{epoch:x}.{}", self.sequence),
            (epoch, head) => write!(f, "{epoch:x}.{}.{head}", self.sequence),
        }
    }
}

impl Serialize for Cursor {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Cursor {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Cursor::parse(&text).ok_or_else(|| serde::de::Error::custom("not a sync cursor"))
    }
}
