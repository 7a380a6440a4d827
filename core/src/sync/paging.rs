//! How the worker answers `GET /v1/sync` cheaply, whatever cursor it is sent.
//!
//! Reading a page costs a row read per change, so every distinct request
//! that misses the cache costs up to a page of reads. To keep the number of
//! distinct requests small, the page size is rounded up to one of
//! [`PAGE_SIZES`], and a cursor is answered exactly only when it is one the
//! server hands out to clients that follow it: a head the shard once had, or
//! a window boundary. Any other is answered from the start of the
//! [`width`]-wide window of sequence numbers it falls in, so a scan of every
//! cursor costs one read per window. Such a cursor gets a few changes it
//! already has again, which is harmless: a page holds each meeting's current
//! state, and applying it twice changes nothing.
//!
//! A page that is cut short ends at a window boundary too, so a client that
//! follows the cursors it is given never gets a change twice. And a client
//! that is up to date costs no read at all.
//!
//! A client that starts from nothing is sent no deletions made before it
//! started (see [`Cursor::with_snapshot_head`]).

use super::Cursor;

/// The largest page a client may get.
pub const LARGEST_PAGE: u32 = 2000;

/// The page sizes a client may get; a request is rounded up to one of them.
pub const PAGE_SIZES: [u32; 3] = [SMALLEST_PAGE, 500, LARGEST_PAGE];

/// The smallest of [`PAGE_SIZES`].
pub const SMALLEST_PAGE: u32 = 100;

/// The widest window of sequence numbers a cursor is rounded down in.
pub const WINDOW: u64 = 100;

/// What to read for one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PagePlan {
    /// The client is up to date: an empty page with this cursor, no reads.
    UpToDate(Cursor),
    /// Read the changes after a window's start.
    Read(PageRead),
}

/// The changes to read for one page, and how to cut them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageRead {
    /// Read changes with a sequence number above this (a window boundary).
    pub after: u64,
    /// While the client is downloading from nothing: read listed meetings
    /// only, up to and including this sequence number (a deletion at or
    /// below it is of a meeting the client never had). 0: read every change.
    pub listed_until: u64,
    /// Read at most this many changes, and one more to tell whether the page
    /// is cut short.
    pub limit: u32,
    /// The window width the cursor was rounded in.
    pub width: u64,
    /// The cursor the client sent.
    since: Cursor,
    /// The shard's head.
    head: u64,
}

/// A page's extent, once its changes are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageCut {
    /// How many of the changes read (in sequence order) the page holds.
    pub keep: usize,
    /// Where the next page starts.
    pub cursor: Cursor,
    /// Whether more changes follow.
    pub more: bool,
}

/// The window width for a page size: [`WINDOW`], or the page size when it
/// is smaller, so that a full page always spans more than one window.
pub fn width(limit: u32) -> u64 {
    WINDOW.min(u64::from(limit.max(1)))
}

/// The page size for what a client asked: rounded up to one of
/// [`PAGE_SIZES`], then capped by the server's largest page.
///
/// ```
/// use lantern_core::sync::paging::page_size;
/// assert_eq!(page_size(3, 2000), 4);
/// assert_eq!(page_size(99, 2000), 100);
/// assert_eq!(page_size(101, 2000), 500);
/// assert_eq!(page_size(5000, 2000), 2000);
/// assert_eq!(page_size(500, 7), 7);
/// ```
pub fn page_size(asked: u32, cap: u32) -> u32 {
    // Below the smallest size, a power of two: such pages cost little to
    // read, and tests page through small directories with them.
    let rounded = if asked < SMALLEST_PAGE {
        asked.max(1).next_power_of_two().min(SMALLEST_PAGE)
    } else {
        PAGE_SIZES
            .into_iter()
            .find(|size| *size >= asked)
            .unwrap_or(LARGEST_PAGE)
    };
    rounded.min(cap).max(1)
}

/// Plans the answer to `since` for a shard whose newest change is `head`,
/// in the database `epoch`, with pages of `limit` changes. `known` says
/// whether `since` is a head the shard once had.
pub fn plan(since: Cursor, epoch: u64, head: u64, limit: u32, known: bool) -> PagePlan {
    let since = if since.is_start() {
        Cursor::in_epoch(epoch, 0)
            .unwrap_or(Cursor::START)
            .with_snapshot_head(head)
    } else {
        since.with_snapshot_head(since.snapshot_head().min(head))
    };
    if since.sequence() >= head {
        return PagePlan::UpToDate(since);
    }
    let width = width(limit);
    let after = if known {
        since.sequence()
    } else {
        since.sequence() / width * width
    };
    // The head itself while nothing has changed, as for every client that
    // starts now; any other is rounded down, which only sends a few more
    // deletions, so that clients cannot make up many distinct ones.
    let listed_until = match since.snapshot_head() {
        exact if exact == head => exact,
        other => other / width * width,
    };
    PagePlan::Read(PageRead {
        after,
        listed_until: if listed_until > since.sequence() {
            listed_until
        } else {
            0
        },
        limit,
        width,
        since: since.with_snapshot_head(listed_until),
        head,
    })
}

impl PageRead {
    /// Cuts the page from the sequence numbers read, in order: at most
    /// `limit + 1` of them, above `after`, and no higher than
    /// `listed_until` when that is set.
    pub fn cut(&self, read: &[u64]) -> PageCut {
        let limit = self.limit as usize;
        let since = self.since;
        if let Some(&first_left_out) = read.get(limit) {
            // Cut at the last window boundary below the first change left
            // out. More than a window's worth of changes were read, so the
            // boundary is past the window the cursor fell in: progress.
            let boundary = (first_left_out - 1) / self.width * self.width;
            let keep = read.iter().take_while(|seq| **seq <= boundary).count();
            let cursor = Cursor::in_epoch(since.epoch(), boundary.max(since.sequence()))
                .unwrap_or(since)
                .with_snapshot_head(since.snapshot_head());
            return PageCut {
                keep,
                cursor,
                more: true,
            };
        }
        if self.listed_until > 0 {
            // Every listed meeting up to the snapshot head is sent; changes
            // after it, deletions included, come next.
            return PageCut {
                keep: read.len(),
                cursor: Cursor::in_epoch(since.epoch(), self.listed_until).unwrap_or(since),
                more: self.listed_until < self.head,
            };
        }
        // The end of the shard: its head, which the next request names
        // exactly.
        let last = read.last().copied().unwrap_or(0).max(self.head);
        PageCut {
            keep: read.len(),
            cursor: Cursor::in_epoch(since.epoch(), last).unwrap_or(since),
            more: false,
        }
    }

    /// The part of a cache key that names this read's answer.
    pub fn key(&self) -> String {
        format!("{}-{}-{}", self.after, self.listed_until, self.limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// A shard as the worker keeps it: sequence number to (id, listed).
    type Table = BTreeMap<u64, (u32, bool)>;

    fn read(table: &Table, plan: &PageRead) -> Vec<u64> {
        table
            .range(plan.after + 1..)
            .filter(|(seq, (_, listed))| {
                plan.listed_until == 0 || (*listed && **seq <= plan.listed_until)
            })
            .map(|(seq, _)| *seq)
            .take(plan.limit as usize + 1)
            .collect()
    }

    /// Follows pages from `since` to the end, as a client does; returns the
    /// ids it holds, how many deletions it was sent, and how many pages.
    fn follow(
        table: &Table,
        start: &BTreeMap<u32, bool>,
        since: Cursor,
        limit: u32,
        heads: &[u64],
    ) -> (BTreeMap<u32, bool>, usize, usize) {
        let head = *table.keys().last().unwrap();
        let mut held = start.clone();
        let (mut cursor, mut deletions, mut pages) = (since, 0, 0);
        loop {
            pages += 1;
            assert!(pages < 10_000, "no progress from {cursor}");
            let known = heads.contains(&cursor.sequence());
            let read_plan = match plan(cursor, 7, head, limit, known) {
                PagePlan::UpToDate(_) => return (held, deletions, pages),
                PagePlan::Read(read_plan) => read_plan,
            };
            let seqs = read(table, &read_plan);
            let cut = read_plan.cut(&seqs);
            assert!(cut.keep <= limit as usize);
            for seq in &seqs[..cut.keep] {
                let (id, listed) = table[seq];
                if listed {
                    held.insert(id, true);
                } else {
                    deletions += 1;
                    held.remove(&id);
                }
            }
            assert!(cut.cursor.sequence() >= cursor.sequence());
            cursor = cut.cursor;
            if !cut.more {
                return (held, deletions, pages);
            }
        }
    }

    /// A table where ids 0..n were written, then some deleted, some
    /// rewritten; sequence numbers have gaps, as other shards share them.
    fn table(n: u32, seed: u64) -> Table {
        let mut state = seed;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            state >> 33
        };
        let mut rows: BTreeMap<u32, (u64, bool)> = BTreeMap::new();
        let mut seq = 0;
        for id in 0..n {
            seq += 1 + next() % 3;
            rows.insert(id, (seq, true));
        }
        for _ in 0..n {
            let id = (next() % u64::from(n)) as u32;
            seq += 1 + next() % 3;
            rows.insert(id, (seq, next() % 3 != 0));
        }
        rows.into_iter()
            .map(|(id, (seq, listed))| (seq, (id, listed)))
            .collect()
    }

    fn listed(table: &Table) -> BTreeMap<u32, bool> {
        table
            .values()
            .filter(|(_, listed)| *listed)
            .map(|(id, _)| (*id, true))
            .collect()
    }

    #[test]
    fn every_cursor_leads_to_the_servers_state() {
        for seed in 0..8 {
            let table = table(700, seed);
            let head = *table.keys().last().unwrap();
            for limit in [1, 7, 100, 500] {
                // From nothing: every listed meeting, and no deletion at all.
                let (held, deletions, _) =
                    follow(&table, &BTreeMap::new(), Cursor::START, limit, &[]);
                assert_eq!(held, listed(&table), "seed {seed}, limit {limit}");
                assert_eq!(deletions, 0, "seed {seed}, limit {limit}");
                // From any point, holding what the server held then plus
                // meetings since deleted: the same state.
                for since in (1..head).step_by(37) {
                    let mut start: BTreeMap<u32, bool> = table
                        .range(..=since)
                        .filter(|(_, (_, l))| *l)
                        .map(|(_, (id, _))| (*id, true))
                        .collect();
                    for (_, (id, l)) in table.range(since + 1..) {
                        if !l {
                            start.insert(*id, true);
                        }
                    }
                    let cursor = Cursor::in_epoch(7, since).unwrap();
                    let (held, _, _) = follow(&table, &start, cursor, limit, &[]);
                    assert_eq!(held, listed(&table), "seed {seed} since {since}");
                    // A known head is answered exactly.
                    let (held, _, _) = follow(&table, &start, cursor, limit, &[since]);
                    assert_eq!(held, listed(&table), "seed {seed} since {since}");
                }
            }
        }
    }

    #[test]
    fn a_client_that_is_up_to_date_costs_no_read() {
        let at = Cursor::in_epoch(7, 900).unwrap();
        assert_eq!(plan(at, 7, 900, 500, true), PagePlan::UpToDate(at));
        assert!(matches!(
            plan(Cursor::START, 7, 0, 500, false),
            PagePlan::UpToDate(_)
        ));
    }

    #[test]
    fn cursors_in_one_window_share_one_answer() {
        let keys: std::collections::BTreeSet<String> = (1..=10_000)
            .map(
                |since| match plan(Cursor::in_epoch(7, since).unwrap(), 7, 20_000, 2000, false) {
                    PagePlan::Read(read) => read.key(),
                    PagePlan::UpToDate(_) => unreachable!(),
                },
            )
            .collect();
        assert_eq!(keys.len(), 101, "one answer per window of {WINDOW}");
        // A head the shard had is answered exactly: nothing is sent twice.
        let exact = plan(Cursor::in_epoch(7, 1234).unwrap(), 7, 20_000, 2000, true);
        assert!(matches!(exact, PagePlan::Read(read) if read.after == 1234));
    }
}
