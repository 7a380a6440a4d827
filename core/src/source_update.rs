//! What an import changes in the stored directory.
//!
//! The worker keeps one row per meeting per shard. When a feed is imported
//! again, [`SourceUpdate::plan`] compares the rows stored for its source with
//! the meetings it now holds: only new and changed rows are written (and so
//! get new sequence numbers), rows that left the feed become tombstones, and
//! a feed that would lose more than half its meetings at once is held for
//! review instead of applied ([`SourceUpdate::needs_review`]).

use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet};

use crate::digest::content_hash;
use crate::meeting::Meeting;
use crate::sync::{shards_for, ShardId};

/// A live (not deleted) row stored for a source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredRow {
    /// The shard the row is in.
    pub shard: String,
    /// The meeting's id.
    pub id: String,
    /// [`content_hash`] of the stored JSON.
    pub hash: String,
}

/// A row to write: a new or changed meeting in one shard.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RowWrite {
    /// The shard.
    pub shard: String,
    /// The meeting's id.
    pub id: String,
    /// [`content_hash`] of `data`.
    pub hash: String,
    /// The meeting as JSON.
    pub data: String,
}

/// A row to turn into a tombstone.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct RowKey {
    /// The shard.
    pub shard: String,
    /// The meeting's id.
    pub id: String,
}

/// The changes one import makes to its source's rows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceUpdate {
    /// New and changed rows, in feed order.
    pub writes: Vec<RowWrite>,
    /// Rows no longer in the feed (or no longer in that shard).
    pub tombstones: Vec<RowKey>,
    /// Rows that stay as they are.
    pub unchanged: usize,
    /// Distinct meetings stored before.
    pub meetings_before: usize,
    /// Distinct meetings in the feed now.
    pub meetings_after: usize,
    /// Meetings stored before that the feed no longer holds.
    pub meetings_lost: usize,
}

impl SourceUpdate {
    /// Compares the rows stored for a source with the meetings its feed now
    /// holds. `local` is the feed's geographic shard (see [`shards_for`]). A
    /// meeting id given twice keeps its first occurrence.
    ///
    /// Given the meetings by value, each is dropped once encoded, so the
    /// feed's meetings and their encodings are not all held at once.
    pub fn plan<M: Borrow<Meeting>>(
        stored: Vec<StoredRow>,
        meetings: impl IntoIterator<Item = M>,
        local: &ShardId,
    ) -> SourceUpdate {
        let mut before: BTreeMap<(String, String), String> = BTreeMap::new();
        let mut ids_before = BTreeSet::new();
        for row in stored {
            ids_before.insert(row.id.clone());
            before.insert((row.shard, row.id), row.hash);
        }
        let mut update = SourceUpdate {
            meetings_before: ids_before.len(),
            ..SourceUpdate::default()
        };
        let mut seen_rows = BTreeSet::new();
        let mut ids_after = BTreeSet::new();
        for meeting in meetings {
            let meeting = meeting.borrow();
            let id = meeting.id.to_string();
            if !ids_after.insert(id.clone()) {
                continue;
            }
            // A Meeting is plain data: encoding it cannot fail.
            let data = serde_json::to_string(meeting).unwrap_or_default();
            let hash = content_hash(&data);
            for shard in shards_for(meeting, local) {
                let key = (shard.to_string(), id.clone());
                if before.get(&key) == Some(&hash) {
                    update.unchanged += 1;
                } else {
                    update.writes.push(RowWrite {
                        shard: key.0.clone(),
                        id: id.clone(),
                        hash: hash.clone(),
                        data: data.clone(),
                    });
                }
                seen_rows.insert(key);
            }
        }
        update.meetings_after = ids_after.len();
        update.meetings_lost = ids_before.difference(&ids_after).count();
        update.tombstones = before
            .into_keys()
            .filter(|key| !seen_rows.contains(key))
            .map(|(shard, id)| RowKey { shard, id })
            .collect();
        update
    }

    /// Does the feed lose more than half its stored meetings at once? Such a
    /// feed is usually broken upstream (an emptied export, a wrong filter),
    /// so it is held for a person to look at rather than applied.
    pub fn needs_review(&self) -> bool {
        self.meetings_lost * 2 > self.meetings_before
    }

    /// Does the import change nothing?
    pub fn is_empty(&self) -> bool {
        self.writes.is_empty() && self.tombstones.is_empty()
    }

    /// What to do with this update. With `accept_loss` a person has looked
    /// at a feed that loses more than half its meetings, and it is applied.
    pub fn outcome(&self, accept_loss: bool) -> Outcome {
        if self.needs_review() && !accept_loss {
            Outcome::Held
        } else if self.is_empty() {
            Outcome::Unchanged
        } else {
            Outcome::Applied
        }
    }

    /// One sentence for the import's report saying what `outcome` did.
    pub fn describe(&self, outcome: Outcome) -> String {
        match outcome {
            Outcome::Held => format!(
                "held for review: the feed would remove {} of its {} meetings at once, \
                 so nothing changed. Check the feed; if the meetings really ended, \
                 import it again with accept_loss=true",
                self.meetings_lost, self.meetings_before
            ),
            Outcome::Unchanged => {
                format!(
                    "no changes: {} as before",
                    count(self.meetings_after, "meeting")
                )
            }
            Outcome::Applied => format!(
                "{} listed: {} new or changed, {} removed",
                count(self.meetings_after, "meeting"),
                count(self.writes.len(), "row"),
                count(self.tombstones.len(), "row")
            ),
        }
    }
}

/// What an import does with its [`SourceUpdate`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Write the changes.
    Applied,
    /// Nothing to write.
    Unchanged,
    /// Write nothing: the feed lost too much at once (see
    /// [`SourceUpdate::needs_review`]).
    Held,
}

/// "1 meeting", "2 meetings".
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthetic::Synthetic;

    fn stored_from(update: &SourceUpdate) -> Vec<StoredRow> {
        update
            .writes
            .iter()
            .map(|w| StoredRow {
                shard: w.shard.clone(),
                id: w.id.clone(),
                hash: w.hash.clone(),
            })
            .collect()
    }

    fn local() -> ShardId {
        ShardId::parse("gb").unwrap()
    }

    #[test]
    fn first_import_writes_every_row_of_every_shard() {
        let meetings = Synthetic::new(7).meetings(40);
        let rows: usize = meetings.iter().map(|m| shards_for(m, &local()).len()).sum();
        let update = SourceUpdate::plan(Vec::new(), &meetings, &local());
        assert_eq!(update.writes.len(), rows);
        assert!(update.tombstones.is_empty());
        assert_eq!(update.meetings_before, 0);
        assert_eq!(update.meetings_after, 40);
        assert!(!update.needs_review());
    }

    #[test]
    fn the_same_feed_again_changes_nothing() {
        let meetings = Synthetic::new(7).meetings(40);
        let first = SourceUpdate::plan(Vec::new(), &meetings, &local());
        let again = SourceUpdate::plan(stored_from(&first), &meetings, &local());
        assert!(again.is_empty(), "{again:?}");
        assert_eq!(again.unchanged, first.writes.len());
    }

    #[test]
    fn only_changed_meetings_are_written_and_removed_ones_become_tombstones() {
        let mut meetings = Synthetic::new(7).meetings(40);
        let first = SourceUpdate::plan(Vec::new(), &meetings, &local());
        meetings[3].name = "Renamed".to_owned();
        let removed = meetings.remove(10);
        let update = SourceUpdate::plan(stored_from(&first), &meetings, &local());
        let written: BTreeSet<_> = update.writes.iter().map(|w| w.id.as_str()).collect();
        assert_eq!(written, BTreeSet::from([meetings[3].id.as_str()]));
        let buried: BTreeSet<_> = update.tombstones.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(buried, BTreeSet::from([removed.id.as_str()]));
        assert_eq!(update.meetings_lost, 1);
        assert!(!update.needs_review());
    }

    #[test]
    fn a_meeting_that_stops_meeting_in_person_leaves_the_local_shard() {
        let meetings: Vec<_> = Synthetic::new(3)
            .meetings(200)
            .into_iter()
            .filter(|m| m.in_person.is_some() && m.online.is_some())
            .take(1)
            .collect();
        assert_eq!(meetings.len(), 1, "the generator makes hybrid meetings");
        let first = SourceUpdate::plan(Vec::new(), &meetings, &local());
        let mut online_only = meetings.clone();
        online_only[0].in_person = None;
        let update = SourceUpdate::plan(stored_from(&first), &online_only, &local());
        assert_eq!(
            update.tombstones,
            vec![RowKey {
                shard: "gb".to_owned(),
                id: meetings[0].id.to_string()
            }]
        );
        assert_eq!(update.writes.len(), 1);
        assert_eq!(update.writes[0].shard, "online");
        assert_eq!(update.meetings_lost, 0);
    }

    #[test]
    fn losing_more_than_half_needs_review() {
        let meetings = Synthetic::new(7).meetings(10);
        let stored = stored_from(&SourceUpdate::plan(Vec::new(), &meetings, &local()));
        let half = SourceUpdate::plan(stored.clone(), &meetings[..5], &local());
        assert!(!half.needs_review(), "exactly half is allowed");
        let fewer = SourceUpdate::plan(stored.clone(), &meetings[..4], &local());
        assert!(fewer.needs_review());
        let none = SourceUpdate::plan(stored, Vec::<Meeting>::new(), &local());
        assert!(none.needs_review());
        assert_eq!(none.meetings_lost, 10);
    }

    #[test]
    fn outcomes_and_their_sentences() {
        let meetings = Synthetic::new(7).meetings(10);
        let first = SourceUpdate::plan(Vec::new(), &meetings, &local());
        assert_eq!(first.outcome(false), Outcome::Applied);
        assert!(first
            .describe(Outcome::Applied)
            .starts_with("10 meetings listed: "));
        let stored = stored_from(&first);
        let same = SourceUpdate::plan(stored.clone(), &meetings, &local());
        assert_eq!(same.outcome(false), Outcome::Unchanged);
        assert_eq!(
            same.describe(Outcome::Unchanged),
            "no changes: 10 meetings as before"
        );
        let lost = SourceUpdate::plan(stored, &meetings[..1], &local());
        assert_eq!(lost.outcome(false), Outcome::Held);
        assert_eq!(lost.outcome(true), Outcome::Applied);
        assert!(lost
            .describe(Outcome::Held)
            .contains("remove 9 of its 10 meetings"));
        assert!(lost
            .describe(Outcome::Applied)
            .starts_with("1 meeting listed"));
    }

    #[test]
    fn a_repeated_id_keeps_its_first_occurrence() {
        let meetings = Synthetic::new(7).meetings(2);
        let mut twice = vec![meetings[0].clone(), meetings[0].clone()];
        twice[1].name = "Second copy".to_owned();
        let update = SourceUpdate::plan(Vec::new(), &twice, &local());
        assert!(update
            .writes
            .iter()
            .all(|w| !w.data.contains("Second copy")));
        assert_eq!(update.meetings_after, 1);
    }
}
