use super::*;
use crate::meeting::{LocalTime, OnlineAccess, Schedule, Venue, Weekday};
use crate::meeting::{Meeting, MeetingId};

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
