use super::*;
use crate::feed::Severity::{FieldDropped, RowSkipped};
use crate::meeting::{Attendance, Provider};

fn options() -> ImportOptions {
    ImportOptions {
        source: "test".into(),
        default_zone: Some("America/Chicago".into()),
    }
}

fn import_rows(rows: &str) -> Import {
    import(rows.as_bytes(), &options()).expect("feed readable")
}

/// One issue as (field, rule, severity).
type Found = (Field, Rule, Severity);

/// The row's issues.
fn issues_of(row: &str) -> Vec<Found> {
    import_rows(&format!("[{row}]"))
        .issues
        .iter()
        .map(|i| (i.field, i.rule, i.severity))
        .collect()
}

const BASE: &str = r#""name":"N","slug":"s","day":1,"time":"19:00","address":"1 Main St""#;

#[test]
fn imports_the_specification_example() {
    // Read at run time: the target directory is shared between clones.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("run by cargo test");
    let path = format!("{manifest_dir}/../../shared/data/meeting-guide/example.json");
    let example = std::fs::read_to_string(path).expect("shared/data is beside the project");
    let import = import_rows(&format!("[{example}]"));
    assert_eq!(import.issues, vec![]);
    let meeting = &import.meetings[0];
    assert_eq!(meeting.id.as_str(), "test:sunday-serenity-14");
    assert_eq!(meeting.name, "Sunday Serenity");
    assert_eq!(meeting.schedule.day, Weekday::Sunday);
    assert_eq!(meeting.schedule.start.to_string(), "18:00");
    assert_eq!(meeting.schedule.minutes, 90);
    assert_eq!(meeting.schedule.zone, "America/Chicago");
    assert_eq!(meeting.attendance(), Attendance::InPerson);
    let venue = meeting.in_person.as_ref().unwrap();
    assert_eq!(venue.location, "Alano Club");
    assert_eq!(venue.address, "123 Main Street, Anytown, CA, 98765, US");
    assert_eq!(meeting.types, ["O", "T", "LGBTQ"]);
}

#[test]
fn reads_what_real_feeds_send() {
    let import = import_rows(
        r#"[
        {"name":"Numeric slug","slug":42,"day":"3","time":"7:30","end_time":"",
         "conference_url":"https://us02web.zoom.us/j/1","conference_url_notes":"Passcode: 1",
         "conference_phone":"+1 646 558 8656,,1#","timezone":"Europe/London","postal_code":null},
        {"name":"Twice weekly","slug":"tw","day":[1,3,1],"time":"12:00:00","end_time":"00:30",
         "formatted_address":"2 High St","types":["O","TC"],"conference_phone":"+44 20 7946 0000"},
        {"name":"Crosses midnight","slug":"late","day":6,"time":"23:30","end_time":"00:30",
         "formatted_address":"3 Low St","conference_url":"https://meet.google.com/x"}
    ]"#,
    );
    assert_eq!(import.issues, vec![]);
    let ids: Vec<&str> = import.meetings.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "test:42",
            "test:tw@monday",
            "test:tw@wednesday",
            "test:late"
        ]
    );

    let numeric = &import.meetings[0];
    assert_eq!(numeric.schedule.day, Weekday::Wednesday);
    assert_eq!(numeric.schedule.start.to_string(), "07:30");
    assert_eq!(
        numeric.schedule.minutes, 60,
        "empty end_time means the default hour"
    );
    assert_eq!(numeric.schedule.zone, "Europe/London");
    let online = numeric.online.as_ref().unwrap();
    assert_eq!(online.url.as_ref().unwrap().provider(), Provider::Zoom);
    assert_eq!(online.notes, "Passcode: 1");
    assert_eq!(numeric.attendance(), Attendance::Online);

    let twice = &import.meetings[1];
    assert_eq!(twice.schedule.minutes, 750);
    assert_eq!(
        twice.attendance(),
        Attendance::Online,
        "TC: the venue is temporarily closed"
    );
    assert_eq!(import.meetings[3].schedule.minutes, 60);
    assert_eq!(import.meetings[3].attendance(), Attendance::Hybrid);
}

#[test]
fn reports_each_broken_row_and_keeps_the_rest() {
    use Field::*;
    use Rule::*;
    let cases: Vec<(String, Vec<Found>)> = vec![
        (r#"7"#.into(), vec![(Row, NotAnObject, RowSkipped)]),
        (r#"{"name":"N","day":1}"#.into(), vec![(Slug, Required, RowSkipped)]),
        (r#"{"name":"N","slug":{"a":1}}"#.into(), vec![(Slug, WrongType, RowSkipped)]),
        (r#"{"name":"<b></b>","slug":"s"}"#.into(), vec![(Name, Required, RowSkipped)]),
        (format!(r#"{{{BASE},"day":9}}"#), vec![(Day, DayOutOfRange, RowSkipped)]),
        (format!(r#"{{{BASE},"day":[]}}"#), vec![(Day, Required, RowSkipped)]),
        (format!(r#"{{{BASE},"day":null}}"#), vec![(Day, Required, RowSkipped)]),
        (format!(r#"{{{BASE},"time":"25:00"}}"#), vec![(Time, NotATime, RowSkipped)]),
        (format!(r#"{{{BASE},"time":1900}}"#), vec![(Time, WrongType, RowSkipped)]),
        (format!(r#"{{{BASE},"end_time":"late"}}"#), vec![(EndTime, NotATime, FieldDropped)]),
        (format!(r#"{{{BASE},"timezone":"Mars/Olympus Mons"}}"#), vec![(Timezone, UnknownTimeZone, RowSkipped)]),
        (
            format!(r#"{{{BASE},"conference_url":"javascript:alert(1)"}}"#),
            vec![(ConferenceUrl, NotHttps, FieldDropped)],
        ),
        (
            format!(r#"{{{BASE},"conference_url":"https://"}}"#),
            vec![(ConferenceUrl, MalformedUrl, FieldDropped)],
        ),
        (
            format!(r#"{{{BASE},"conference_phone":"ask Bob"}}"#),
            vec![(ConferencePhone, NotDialable, FieldDropped)],
        ),
        (format!(r#"{{{BASE},"types":"O"}}"#), vec![(Types, WrongType, FieldDropped)]),
        (
            r#"{"name":"N","slug":"s","day":1,"time":"19:00","conference_url":"http://zoom.us/j/1"}"#.into(),
            vec![(ConferenceUrl, NotHttps, FieldDropped), (Row, NoWayToAttend, RowSkipped)],
        ),
    ];
    for (row, expected) in cases {
        assert_eq!(issues_of(&row), expected, "row {row}");
    }
}

#[test]
fn a_row_without_any_zone_is_reported_not_guessed() {
    let options = ImportOptions {
        source: "test".into(),
        default_zone: None,
    };
    let feed = format!("[{{{BASE}}}]");
    let import = import(feed.as_bytes(), &options).unwrap();
    assert!(import.meetings.is_empty());
    assert_eq!(import.issues[0].rule, Rule::NoTimeZone);
}

#[test]
fn duplicate_ids_keep_the_first_row() {
    let import = import_rows(&format!(r#"[{{{BASE}}}, {{{BASE},"name":"Second"}}]"#));
    assert_eq!(import.meetings.len(), 1);
    assert_eq!(import.meetings[0].name, "N");
    assert_eq!(import.issues[0].row, 2);
    assert_eq!(import.issues[0].rule, Rule::DuplicateId);
    assert_eq!(import.skipped_rows(), 1);
}

#[test]
fn hostile_text_becomes_plain_text() {
    let import = import_rows(&format!(
        r#"[{{{BASE},"name":"<script>alert(1)</script>Hope &amp; Help","notes":"<p>Line one</p><p>Line <b>two</b></p>"}}]"#
    ));
    let meeting = &import.meetings[0];
    assert_eq!(meeting.name, "Hope & Help");
    assert_eq!(meeting.notes, "Line one\nLine two");
    let huge = format!(r#"[{{{BASE},"name":"{}"}}]"#, "x".repeat(1_000_000));
    assert_eq!(import_rows(&huge).meetings[0].name.len(), 200);
}

#[test]
fn rejects_unreadable_feeds_whole() {
    let options = options();
    assert!(matches!(
        import(b"<html>", &options),
        Err(FeedError::Unreadable { .. })
    ));
    assert!(matches!(
        import(br#"{"name":"x"}"#, &options),
        Err(FeedError::Unreadable { .. })
    ));
    assert!(matches!(
        import(b"", &options),
        Err(FeedError::Unreadable { .. })
    ));
    let big = vec![b' '; MAX_FEED_BYTES + 1];
    assert_eq!(
        import(&big, &options),
        Err(FeedError::TooLarge {
            bytes: MAX_FEED_BYTES + 1
        })
    );
    let bad_source = ImportOptions {
        source: "Bad Name".into(),
        default_zone: None,
    };
    assert!(matches!(
        import(b"[]", &bad_source),
        Err(FeedError::BadOptions { .. })
    ));
}

#[test]
fn report_lines_read_well() {
    let import = import_rows(&format!(
        r#"[{{{BASE}}}, {{{BASE},"slug":"late","time":"25:00"}}, {{{BASE},"slug":"x","conference_url":"javascript:alert(\"hi\")\n"}}]"#
    ));
    let lines: Vec<String> = import.issues.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "row 2 (slug `late`), field `time`: `25:00` is not a 24-hour HH:MM time (row skipped)",
            "row 3 (slug `x`), field `conference_url`: `javascript:alert(\\\"hi\\\")` is not an https: link (field dropped)",
        ]
    );
    assert_eq!(
        FeedError::TooManyRows { rows: 200_000 }.to_string(),
        "the feed has 200000 rows, over the limit of 100000: split it into smaller feeds"
    );
}
