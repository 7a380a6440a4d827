use super::*;
use crate::log::check_in::{Attended, Craving, Mood, Rating};

fn day(text: &str) -> Day {
    Day::parse(text).unwrap()
}

fn today() -> Day {
    day("2026-12-03")
}

fn check_in(on: &str, mood: u8) -> CheckIn {
    CheckIn::new(day(on), Mood::new(mood).unwrap(), Craving::new(3).unwrap())
}

fn sample() -> Backup {
    let mut first = check_in("2026-12-02", 4);
    first.used = Use::No;
    first.meetings = vec![Attended::Other {
        name: "Coffee, then \"Hope\" group".into(),
    }];
    first.reflections.hope = Rating::new(5);
    first.note = "=SUM(A1) is not a formula here\nSecond line, with a comma.".into();
    let mut counter = Counter::new("c1", "alcohol-free", day("2025-06-01"));
    counter.restart(day("2025-09-01")).unwrap();
    Backup::new(
        vec![check_in("2026-12-03", 2), first],
        vec![counter],
        vec![Person {
            id: "p1".into(),
            name: "Sam".into(),
            phone: "+1 555 0100".into(),
        }],
        today(),
    )
}

#[test]
fn what_it_writes_it_reads_back_whole() {
    let backup = sample();
    let read = Backup::read(backup.to_json().as_bytes(), today()).unwrap();
    let mut sorted = backup.clone();
    sorted.check_ins.sort_by_key(|c| c.day);
    assert_eq!(read, sorted);
    assert_eq!(
        read.summary(),
        Summary {
            check_ins: 2,
            counters: 1,
            people: 1,
            days: Some((day("2026-12-02"), day("2026-12-03"))),
        }
    );
}

#[test]
fn refuses_files_that_are_not_backups() {
    for foreign in [
        &b"not json"[..],
        b"[1, 2]",
        b"{}",
        br#"{"format": "other-app", "version": 1}"#,
        b"\xff\xfe",
    ] {
        assert_eq!(
            Backup::read(foreign, today()),
            Err(BackupError::Foreign),
            "{foreign:?}"
        );
    }
    let newer = br#"{"format": "lantern-log", "version": 2, "check_ins": []}"#;
    assert_eq!(
        Backup::read(newer, today()),
        Err(BackupError::UnknownVersion { version: 2 })
    );
    let huge = vec![b' '; MAX_BYTES + 1];
    assert!(matches!(
        Backup::read(&huge, today()),
        Err(BackupError::TooLarge { .. })
    ));
}

#[test]
fn a_file_cut_anywhere_is_refused() {
    let json = sample().to_json();
    let bytes = json.as_bytes();
    for end in 1..bytes.len() {
        let result = Backup::read(&bytes[..end], today());
        assert!(result.is_err(), "cut at {end} was read");
    }
    let cut = Backup::read(&bytes[..bytes.len() / 2], today());
    assert_eq!(cut, Err(BackupError::CutShort));
}

#[test]
fn refuses_hostile_contents_with_the_reason() {
    let with = |edit: &dyn Fn(&mut Backup)| {
        let mut backup = sample();
        edit(&mut backup);
        Backup::read(backup.to_json().as_bytes(), today())
    };
    let long_note = with(&|b| b.check_ins[0].note = "x".repeat(20_001));
    assert!(matches!(
        long_note,
        Err(BackupError::CheckIn {
            error: CheckInError::NoteTooLong { .. },
            ..
        })
    ));
    let markup = with(&|b| b.check_ins[0].note = "<img src=x onerror=alert(1)>".into());
    assert!(matches!(
        markup,
        Err(BackupError::CheckIn {
            error: CheckInError::Markup { .. },
            ..
        })
    ));
    let twice = with(&|b| b.check_ins[1].day = b.check_ins[0].day);
    assert!(matches!(
        twice,
        Err(BackupError::Duplicate {
            what: "check-ins",
            ..
        })
    ));
    let future = with(&|b| b.counters[0].since = day("2027-01-01"));
    assert!(matches!(
        future,
        Err(BackupError::Counter {
            error: CounterError::StartsInTheFuture,
            ..
        })
    ));
    let same_person = with(&|b| {
        let sam = b.people[0].clone();
        b.people.push(sam);
    });
    assert!(matches!(
        same_person,
        Err(BackupError::Duplicate { what: "people", .. })
    ));

    // A day in year 99999 and a field no backup has.
    let json = sample().to_json().replace("2026-12-02", "99999-12-02");
    let far = Backup::read(json.as_bytes(), today()).unwrap_err();
    assert!(far.to_string().contains("between 1900 and 2100"), "{far}");
    let json = sample()
        .to_json()
        .replacen("\"people\"", "\"script\": 1, \"people\"", 1);
    assert!(matches!(
        Backup::read(json.as_bytes(), today()),
        Err(BackupError::Malformed { .. })
    ));
}

#[test]
fn check_ins_as_csv_for_a_spreadsheet() {
    let mut backup = sample();
    backup.check_ins.sort_by_key(|c| c.day);
    let csv = check_ins_csv(&backup.check_ins);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("day,mood,craving,used,meetings,connectedness,hope,identity,meaning,empowerment,difficulties,note")
    );
    assert_eq!(
        lines.next(),
        Some("2026-12-02,4,3,no,\"Coffee, then \"\"Hope\"\" group\",,5,,,,,\"'=SUM(A1) is not a formula here")
    );
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        &rows[0][11],
        "'=SUM(A1) is not a formula here\nSecond line, with a comma."
    );
    assert_eq!(&rows[1][0], "2026-12-03");
}

#[test]
fn puts_replace_by_key_and_sort_orders_as_shown() {
    let mut backup = sample();
    backup.put_check_in(check_in("2026-11-01", 1));
    backup.put_check_in(check_in("2026-10-01", 4));
    backup.put_check_in(check_in("2026-11-01", 2));
    let mut older = Counter::new("c0", "no gambling", day("2024-01-01"));
    older.name = "no betting".into();
    backup.put_counter(Counter::new("c0", "no gambling", day("2024-01-01")));
    backup.put_counter(older);
    let mut second = backup.people[0].clone();
    second.id = "p10".into();
    backup.put_person(second.clone());
    backup.put_person(second);
    backup.sort();
    let days: Vec<String> = backup.check_ins.iter().map(|c| c.day.to_string()).collect();
    assert!(days.windows(2).all(|w| w[0] < w[1]), "{days:?}");
    assert_eq!(days.iter().filter(|d| *d == "2026-11-01").count(), 1);
    assert_eq!(
        backup
            .check_ins
            .iter()
            .find(|c| c.day == day("2026-11-01"))
            .map(|c| c.mood.get()),
        Some(2)
    );
    let counters: Vec<(&str, &str)> = backup
        .counters
        .iter()
        .map(|c| (c.id.as_str(), c.name.as_str()))
        .collect();
    assert_eq!(counters, [("c0", "no betting"), ("c1", "alcohol-free")]);
    let people: Vec<&str> = backup.people.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(people.len(), 2);
    assert_eq!(people[1], "p10", "a longer id is newer");
    backup.remove_person("p10");
    assert_eq!(backup.people.len(), 1);
}
