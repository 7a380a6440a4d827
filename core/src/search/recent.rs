//! The last few searches and their results, kept so that a keystroke that
//! adds a letter looks only at the meetings that still might match, and
//! one that deletes it finds its answer already made.

use std::collections::VecDeque;
use std::sync::Arc;

use jiff::Timestamp;

use super::index::SearchIndex;
use super::query::Query;

/// How many searches are kept: enough for a word typed and deleted.
const KEPT: usize = 16;

/// Looking again at earlier results pays only when they are a small part
/// of the directory: beyond a quarter, one pass over all the text is as
/// fast (measured in Chromium over 50,000 meetings; BENCHMARKS.md).
const NARROW_SHARE: usize = 4;

/// Recent searches over one index. Make a new one when the index changes:
/// result numbers of one index mean nothing in another.
#[derive(Default)]
pub struct RecentSearches {
    recent: VecDeque<Recent>,
}

struct Recent {
    query: Query,
    now: Timestamp,
    results: Arc<Vec<u32>>,
}

impl RecentSearches {
    /// No searches yet.
    pub fn new() -> RecentSearches {
        RecentSearches::default()
    }

    /// The meetings that match `query` at `now`, in its order: the same
    /// answer as [`SearchIndex::search`], from a recent search when one
    /// helps.
    pub fn search(&mut self, index: &SearchIndex, query: &Query, now: Timestamp) -> Arc<Vec<u32>> {
        if let Some(at) = self
            .recent
            .iter()
            .position(|r| r.now == now && r.query == *query)
        {
            if let Some(hit) = self.recent.remove(at) {
                let results = Arc::clone(&hit.results);
                self.recent.push_front(hit);
                return results;
            }
        }
        let wider = self
            .recent
            .iter()
            .filter(|r| r.now == now && query.narrows(&r.query))
            .min_by_key(|r| r.results.len())
            .filter(|r| r.results.len().saturating_mul(NARROW_SHARE) <= index.len());
        let mut found = Vec::new();
        match wider {
            Some(wider) => index.search_within(&wider.results, query, &mut found),
            None => index.search(query, now, &mut found),
        }
        let results = Arc::new(found);
        self.recent.push_front(Recent {
            query: query.clone(),
            now,
            results: Arc::clone(&results),
        });
        self.recent.truncate(KEPT);
        results
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meeting::Attendance;
    use crate::schedule::zones::Zones;
    use crate::search::query::{Sort, When};
    use crate::synthetic::Synthetic;

    fn index(count: usize, now: Timestamp) -> SearchIndex {
        let meetings = Synthetic::new(7).meetings(count);
        let mut zones = Zones::new();
        for meeting in &meetings {
            let name = &meeting.schedule.zone;
            if zones.get(name).is_none() {
                zones.insert(name, jiff::tz::db().get(name).unwrap());
            }
        }
        let viewer = jiff::tz::db().get("America/Chicago").unwrap();
        SearchIndex::build(&meetings, &zones, &viewer, now)
    }

    /// Typing and deleting, under several filters and orders: every answer
    /// equals a fresh search.
    #[test]
    fn answers_as_a_fresh_search_would() {
        let now: Timestamp = "2026-11-23T18:10:00Z".parse().unwrap();
        let index = index(4_000, now);
        let mut recent = RecentSearches::new();
        let typed = "hope step women";
        let mut narrowed = 0;
        for base in [
            Query::default(),
            Query {
                attendance: vec![Attendance::Online],
                sort: Sort::Name,
                ..Query::default()
            },
            Query {
                when: Some(When::Soon),
                ..Query::default()
            },
        ] {
            let lengths = (0..=typed.len()).chain((0..typed.len()).rev());
            for n in lengths {
                let query = Query {
                    text: typed[..n].to_owned(),
                    ..base.clone()
                };
                let before = recent.recent.len();
                let wider_exists = recent.recent.iter().any(|r| {
                    query.narrows(&r.query)
                        && r.query != query
                        && r.results.len() * 4 <= index.len()
                });
                let mut fresh = Vec::new();
                index.search(&query, now, &mut fresh);
                let answer = recent.search(&index, &query, now);
                assert_eq!(*answer, fresh, "{query:?}");
                if wider_exists && recent.recent.len() > before {
                    narrowed += 1;
                }
            }
        }
        assert!(narrowed > 10, "narrowing was tried {narrowed} times");
    }

    /// A different moment is a different search: times move.
    #[test]
    fn does_not_answer_for_another_moment() {
        let now: Timestamp = "2026-11-23T18:10:00Z".parse().unwrap();
        let later: Timestamp = "2026-11-23T19:10:00Z".parse().unwrap();
        let index = index(2_000, now);
        let mut recent = RecentSearches::new();
        let query = Query {
            when: Some(When::Now),
            ..Query::default()
        };
        let first = recent.search(&index, &query, now);
        let mut fresh = Vec::new();
        index.search(&query, later, &mut fresh);
        assert_ne!(
            *first, fresh,
            "the test needs the hour to change the answer"
        );
        assert_eq!(*recent.search(&index, &query, later), fresh);
    }
}
