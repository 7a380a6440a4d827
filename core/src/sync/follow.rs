//! Which shards a client follows, and its directory from them.

use super::{ShardId, ShardSnapshot, ShardSummary};
use crate::meeting::Meeting;

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
mod tests {
    use super::*;
    use crate::sync::Cursor;

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
