//! The sync protocol between the worker and the app.
//!
//! The directory is split into shards: `online` holds every meeting one can
//! join online; geographic shards (`gb`, `us-ca`) hold face-to-face meetings.
//! A phone follows `online` plus its home shard. For each shard the worker
//! keeps a monotonic change sequence; the client asks for changes since its
//! [`Cursor`] and gets [`SyncPage`]s until `more` is false.

pub mod compact;
pub mod paging;

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::meeting::{Meeting, MeetingId};

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
        let ok = !name.is_empty()
            && name.len() <= 32
            && !name.starts_with('-')
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if ok {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meeting::{LocalTime, OnlineAccess, Schedule, Venue, Weekday};

    fn meeting(id: &str, name: &str, online: bool, in_person: bool) -> Meeting {
        Meeting {
            id: MeetingId::new("t", id),
            name: name.into(),
            fellowship: Default::default(),
            schedule: Schedule {
                day: Weekday::Friday,
                start: LocalTime::new(18, 0).unwrap(),
                minutes: 60,
                zone: "UTC".into(),
            },
            in_person: in_person.then(Venue::default),
            area: None,
            online: online.then(|| OnlineAccess {
                url: None,
                phone: "+1 555 0100".into(),
                notes: String::new(),
            }),
            types: vec![],
            languages: vec![],
            regions: vec![],
            contact: Default::default(),
            group: String::new(),
            notes: String::new(),
            source: "t".into(),
            updated: String::new(),
        }
    }

    fn page(cursor: u64, upserts: Vec<Meeting>, deletes: &[&str]) -> SyncPage {
        SyncPage {
            cursor: Cursor::from_sequence(cursor).unwrap(),
            more: false,
            upserts,
            deletes: deletes.iter().map(|d| MeetingId::new("t", d)).collect(),
        }
    }

    #[test]
    fn applies_pages_in_order() {
        let mut snapshot = ShardSnapshot::new(ShardId::online());
        assert!(snapshot.apply(page(
            2,
            vec![
                meeting("a", "A", true, false),
                meeting("b", "B", true, false)
            ],
            &[]
        )));
        assert!(snapshot.apply(page(
            4,
            vec![meeting("a", "A2", true, false)],
            &["b", "never-seen"]
        )));
        let names: Vec<&str> = snapshot
            .meetings
            .values()
            .map(|m| m.name.as_str())
            .collect();
        assert_eq!(names, ["A2"]);
        assert_eq!(snapshot.cursor.sequence(), 4);
        // A late, stale page changes nothing.
        assert!(!snapshot.apply(page(3, vec![meeting("c", "C", true, false)], &["a"])));
        assert_eq!(snapshot.meetings.len(), 1);
    }

    #[test]
    fn pages_of_another_build_only_answer_a_fresh_start() {
        let in_build = |epoch: u64, sequence: u64, upserts: Vec<Meeting>| SyncPage {
            cursor: Cursor::in_epoch(epoch, sequence).unwrap(),
            ..page(0, upserts, &[])
        };
        // An empty shard's cursor names its build with sequence 0: a page of
        // a newer build (whatever its epoch's number) is a start.
        let mut snapshot = ShardSnapshot::new(ShardId::online());
        assert!(snapshot.apply(in_build(0xff, 0, vec![])));
        assert!(snapshot.apply(in_build(0x01, 3, vec![meeting("a", "A", true, false)])));
        assert_eq!(snapshot.cursor, Cursor::in_epoch(0x01, 3).unwrap());
        // Once it holds meetings of one build, another build's page is refused:
        // the server answers such a cursor with 410 and the client starts over.
        assert!(!snapshot.apply(in_build(0x02, 9, vec![meeting("b", "B", true, false)])));
        assert_eq!(snapshot.meetings.len(), 1);
    }

    #[test]
    fn merges_shards_each_meeting_once_in_id_order() {
        let mut online = ShardSnapshot::new(ShardId::online());
        let mut local = ShardSnapshot::new(ShardId::parse("gb").unwrap());
        online.apply(page(
            1,
            vec![
                meeting("c", "Hybrid", true, true),
                meeting("a", "Online", true, false),
            ],
            &[],
        ));
        local.apply(page(
            1,
            vec![
                meeting("c", "Hybrid", true, true),
                meeting("b", "Local", false, true),
            ],
            &[],
        ));
        let ids: Vec<String> = merged_meetings(vec![online, local])
            .iter()
            .map(|m| m.id.to_string())
            .collect();
        assert_eq!(ids, ["t:a", "t:b", "t:c"]);
    }

    #[test]
    fn assigns_shards_by_attendance() {
        let local = ShardId::parse("gb").unwrap();
        let names = |m: &Meeting| -> Vec<String> {
            shards_for(m, &local)
                .into_iter()
                .map(String::from)
                .collect()
        };
        assert_eq!(names(&meeting("o", "O", true, false)), ["online"]);
        assert_eq!(names(&meeting("p", "P", false, true)), ["gb"]);
        assert_eq!(names(&meeting("h", "H", true, true)), ["online", "gb"]);
    }

    #[test]
    fn validates_shard_names_and_cursors() {
        for good in ["online", "gb", "us-ca", "x1"] {
            assert!(ShardId::parse(good).is_ok(), "{good}");
        }
        for bad in ["", "GB", "us/ca", "-x", "a b", &"x".repeat(33)] {
            assert!(ShardId::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            ShardId::parse("Bad Shard").unwrap_err().to_string(),
            "`Bad Shard` is not a shard name: use `online` or a region key of lower-case letters, digits and '-'"
        );
        assert_eq!(
            Cursor::parse("9007199254740991").map(Cursor::sequence),
            Some(Cursor::MAX)
        );
        for bad in [
            "9007199254740992",
            "1e3",
            " 1",
            "abc",
            "99999999999999999",
            "ab.",
            ".5",
            "xyz.5",
            "12345678901234567.5",
            "ab.c",
            "ab.5.6.7",
            "ab.5.x",
            "ab.5.",
        ] {
            assert_eq!(Cursor::parse(bad), None, "{bad}");
        }
        let cursor = Cursor::in_epoch(u64::MAX, Cursor::MAX).unwrap();
        assert_eq!(Cursor::parse(&cursor.to_string()), Some(cursor));
        assert_eq!(cursor.to_string(), "ffffffffffffffff.9007199254740991");
        let json = serde_json::to_string(&page(7, vec![], &["x"])).unwrap();
        assert_eq!(
            json,
            r#"{"cursor":"7","more":false,"upserts":[],"deletes":["t:x"]}"#
        );
    }
}

/// The shards a client follows: `online`, and its home shard. Without a
/// chosen home, a directory with exactly one geographic shard (a single
/// service body's instance) makes that one the home.
pub fn shards_to_follow(available: &[ShardSummary], home: Option<&ShardId>) -> Vec<ShardId> {
    let mut follow: Vec<ShardId> = available
        .iter()
        .filter(|s| s.shard.is_online())
        .map(|s| s.shard.clone())
        .collect();
    let local: Vec<&ShardId> = available
        .iter()
        .map(|s| &s.shard)
        .filter(|s| !s.is_online())
        .collect();
    let listing: Vec<&ShardId> = available
        .iter()
        .filter(|s| !s.shard.is_online() && s.meetings > 0)
        .map(|s| &s.shard)
        .collect();
    match (home, listing.as_slice()) {
        // Followed even when emptied, so that its removals reach the device.
        (Some(home), _) if local.contains(&home) => follow.push(home.clone()),
        (None, [only]) => follow.push((*only).clone()),
        _ => {}
    }
    follow
}

/// The home area, when the directory no longer offers it: not listed, or
/// listed with no meetings (a directory keeps an emptied shard so that
/// clients learn of the removals).
pub fn home_vanished(available: &[ShardSummary], home: Option<&ShardId>) -> Option<ShardId> {
    let home = home?;
    let offered = available.iter().any(|s| &s.shard == home && s.meetings > 0);
    (!offered).then(|| home.clone())
}

/// Every meeting in the snapshots once (a hybrid meeting is in two shards),
/// in order of id, so that a meeting is found by binary search. Takes the
/// snapshots so that no meeting is copied: start-up reads tens of thousands
/// of them. (The finder orders results itself; sorting here would only cost.)
pub fn merged_meetings(snapshots: Vec<ShardSnapshot>) -> Vec<Meeting> {
    let mut snapshots = snapshots.into_iter();
    // The first shard is moved in whole; later ones add what it lacks.
    let mut by_id = snapshots.next().map(|s| s.meetings).unwrap_or_default();
    for snapshot in snapshots {
        for (id, meeting) in snapshot.meetings {
            by_id.entry(id).or_insert(meeting);
        }
    }
    by_id.into_values().collect()
}

#[cfg(test)]
mod follow_tests {
    use super::*;

    fn summary(name: &str) -> ShardSummary {
        ShardSummary {
            shard: ShardId::parse(name).unwrap(),
            meetings: 1,
            cursor: Cursor::START,
        }
    }

    #[test]
    fn follows_online_and_one_home() {
        let names = |available: &[&str], home: Option<&str>| -> Vec<String> {
            let available: Vec<ShardSummary> = available.iter().map(|n| summary(n)).collect();
            let home = home.map(|h| ShardId::parse(h).unwrap());
            shards_to_follow(&available, home.as_ref())
                .into_iter()
                .map(String::from)
                .collect()
        };
        assert_eq!(names(&["gb", "online"], None), ["online", "gb"]);
        assert_eq!(names(&["gb", "online", "us"], None), ["online"]);
        assert_eq!(names(&["gb", "online", "us"], Some("us")), ["online", "us"]);
        assert_eq!(names(&["online"], Some("fr")), ["online"]);
        assert_eq!(names(&[], None), Vec::<String>::new());
    }

    #[test]
    fn an_emptied_home_has_vanished_but_is_followed_for_its_removals() {
        let fr = ShardId::parse("fr").unwrap();
        let mut available = vec![summary("fr"), summary("gb"), summary("online")];
        assert_eq!(home_vanished(&available, Some(&fr)), None);
        assert_eq!(home_vanished(&available, None), None);
        available[0].meetings = 0;
        assert_eq!(home_vanished(&available, Some(&fr)), Some(fr.clone()));
        assert_eq!(
            shards_to_follow(&available, Some(&fr)),
            [ShardId::online(), fr.clone()]
        );
        available.remove(0);
        assert_eq!(home_vanished(&available, Some(&fr)), Some(fr.clone()));
        // An emptied area is not followed without being chosen.
        let emptied = vec![
            summary("online"),
            ShardSummary {
                meetings: 0,
                ..summary("gb")
            },
        ];
        assert_eq!(shards_to_follow(&emptied, None), [ShardId::online()]);
    }
}
