use super::*;
use crate::feed::Severity::{FieldDropped, RowSkipped, Warning};
use crate::feed::MAX_FEED_BYTES;
use crate::fellowship::Fellowship;
use crate::meeting::{Attendance, Provider};

fn options() -> ImportOptions {
    ImportOptions {
        source: "test".parse().unwrap(),
        default_zone: Some("America/Chicago".parse().unwrap()),
        fellowship: Fellowship::Aa,
        default_language: Some("en".parse().unwrap()),
        zone_exists: Some(|name| jiff::tz::db().get(name).is_ok()),
        area: None,
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
    let path = format!("{manifest_dir}/tests/data/meeting-guide/example.json");
    let example = std::fs::read_to_string(path)
        .expect("core/tests/data (copied from the Meeting Guide specification)");
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
    assert_eq!(meeting.fellowship, Fellowship::Aa);
    assert_eq!(meeting.languages, ["en"], "the feed's default language");
    assert_eq!(
        meeting.contact.website,
        "https://district123.org/meetings/sunday-serenity"
    );
    assert_eq!(meeting.contact.email, "info@district123.org");
    assert_eq!(meeting.notes, "Ring buzzer. Meeting is on the 2nd floor.");
    assert_eq!(meeting.contact.phone, "+1-123-456-7890");
}

#[test]
fn reads_days_sent_as_english_names() {
    // As a real intergroup feed sends them (it imported 0 of 357 before).
    let import = import_rows(
        r#"[
        {"name":"Names","slug":"names","day":"Sunday","time":"19:00","formatted_address":"1 Main St"},
        {"name":"Short and mixed","slug":"mixed","day":["monday","WED",5],"time":"12:00","formatted_address":"2 Main St"},
        {"name":"Nonsense","slug":"nonsense","day":"Funday","time":"12:00","formatted_address":"3 Main St"}
    ]"#,
    );
    let days: Vec<Weekday> = import.meetings.iter().map(|m| m.schedule.day).collect();
    assert_eq!(
        days,
        [
            Weekday::Sunday,
            Weekday::Monday,
            Weekday::Wednesday,
            Weekday::Friday
        ]
    );
    assert_eq!(import.issues.len(), 1, "{:?}", import.issues);
    let issue = &import.issues[0];
    assert_eq!(issue.rule, Rule::DayOutOfRange);
    // Escaped once, for display: the JSON string with its quotes.
    assert_eq!(issue.value, r#""Funday""#);
    assert!(
        issue.to_string().contains(r#"`"Funday"` is not a day"#),
        "{issue}"
    );
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
        (format!(r#"{{{BASE},"slug":"{}"}}"#, "s".repeat(101)), vec![(Slug, TooLong, RowSkipped)]),
        (r#"{"name":"<b></b>","slug":"s"}"#.into(), vec![(Name, Required, RowSkipped)]),
        (format!(r#"{{{BASE},"day":9}}"#), vec![(Day, DayOutOfRange, RowSkipped)]),
        (format!(r#"{{{BASE},"day":[]}}"#), vec![(Day, Required, RowSkipped)]),
        (format!(r#"{{{BASE},"day":null}}"#), vec![(Day, Required, RowSkipped)]),
        (format!(r#"{{{BASE},"time":"25:00"}}"#), vec![(Time, NotATime, RowSkipped)]),
        (format!(r#"{{{BASE},"time":1900}}"#), vec![(Time, WrongType, RowSkipped)]),
        (format!(r#"{{{BASE},"end_time":"late"}}"#), vec![(EndTime, NotATime, FieldDropped)]),
        (format!(r#"{{{BASE},"timezone":"Mars/Olympus Mons"}}"#), vec![(Timezone, UnknownTimeZone, RowSkipped)]),
        (format!(r#"{{{BASE},"timezone":"Mars/Olympus"}}"#), vec![(Timezone, UnknownTimeZone, RowSkipped)]),
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
        default_zone: None,
        ..options()
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
    // A 10 MB name is cut to the 200-character limit.
    let huge = format!(r#"[{{{BASE},"name":"{}"}}]"#, "x".repeat(10_000_000));
    assert_eq!(import_rows(&huge).meetings[0].name.len(), 200);
}

#[test]
fn rejects_a_100_mb_feed_before_reading_it() {
    let feed = vec![b' '; 100 * 1024 * 1024];
    let error = import(&feed, &options()).unwrap_err();
    assert_eq!(error, FeedError::TooLarge { bytes: feed.len() });
    assert!(error
        .to_string()
        .starts_with("the feed is 104857600 bytes, over the limit"));
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
    // A bad source name, zone or language cannot even be put in the
    // options; a zone of the right form that the caller's database lacks
    // is refused when the feed is read.
    assert!("Bad Name".parse::<crate::names::SourceName>().is_err());
    assert!("Somewhere".parse::<crate::names::ZoneName>().is_err());
    assert!("English".parse::<crate::names::LanguageCode>().is_err());
    let unknown_zone = ImportOptions {
        default_zone: Some("Mars/Olympus".parse().unwrap()),
        ..options.clone()
    };
    assert!(matches!(
        import(b"[]", &unknown_zone),
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
            "row 3 (slug `x`), field `conference_url`: `javascript:alert(\"hi\")` is not an https: link (field dropped)",
        ]
    );
    assert_eq!(
        FeedError::TooManyRows { limit: 100_000 }.to_string(),
        "the feed has more than 100000 rows: split it into smaller feeds"
    );
}

#[test]
fn reads_languages_regions_coordinates_and_contacts() {
    let import = import_rows(&format!(
        r#"[{{{BASE},"types":["S","O","X-CAM","ONL","NOPE"],"regions":["Texas","Austin","<b>North</b>"],
             "latitude":"30.27","longitude":-97.74}},
            {{{BASE},"slug":"t","region":"Kent","sub_region":"Dover","latitude":0,"longitude":0}}]"#
    ));
    let lines: Vec<String> = import.issues.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "row 1 (slug `s`), field `types`: `NOPE` is not a Meeting Guide type code; check the spelling (kept)",
            "row 2 (slug `t`), field `latitude`: `0, 0` is out of range (field dropped)",
        ]
    );
    let [first, second] = import.meetings.as_slice() else {
        panic!("two meetings")
    };
    assert_eq!(
        first.languages,
        ["es"],
        "the language type wins over the default"
    );
    assert_eq!(
        first.types,
        ["S", "O", "X-CAM", "NOPE"],
        "unknown types are kept"
    );
    assert_eq!(first.regions, ["Texas", "Austin", "North"]);
    let point = first.in_person.as_ref().unwrap().coordinates.unwrap();
    assert_eq!((point.lat_e6, point.lon_e6), (30_270_000, -97_740_000));
    assert_eq!(second.regions, ["Kent", "Dover"]);
    assert_eq!(second.in_person.as_ref().unwrap().coordinates, None);
}

#[test]
fn drops_bad_contacts_and_warns_of_unknown_video_services() {
    use Field::*;
    use Rule::*;
    let cases: Vec<(String, Vec<Found>)> = vec![
        (
            format!(r#"{{{BASE},"url":"javascript:alert(1)"}}"#),
            vec![(Url, NotAWebLink, FieldDropped)],
        ),
        (
            format!(r#"{{{BASE},"url":"ftp://x.org"}}"#),
            vec![(Url, NotAWebLink, FieldDropped)],
        ),
        (
            format!(r#"{{{BASE},"entity_email":"not an email"}}"#),
            vec![(EntityEmail, NotAnEmail, FieldDropped)],
        ),
        (
            format!(r#"{{{BASE},"entity_email":"a@b"}}"#),
            vec![(EntityEmail, NotAnEmail, FieldDropped)],
        ),
        (
            format!(r#"{{{BASE},"entity_phone":"call us"}}"#),
            vec![(EntityPhone, NotDialable, FieldDropped)],
        ),
        (
            format!(r#"{{{BASE},"latitude":"north"}}"#),
            vec![(Latitude, WrongType, FieldDropped)],
        ),
        (
            format!(r#"{{{BASE},"latitude":95,"longitude":10}}"#),
            vec![(Latitude, OutOfRange, FieldDropped)],
        ),
        (
            format!(r#"{{{BASE},"regions":"Kent"}}"#),
            vec![(Regions, WrongType, FieldDropped)],
        ),
        (
            format!(r#"{{{BASE},"conference_url":"https://video.example.org/room"}}"#),
            vec![(ConferenceUrl, UnknownProvider, Warning)],
        ),
        (
            format!(r#"{{{BASE},"url":"http://example.org/m","entity_email":"x@example.org"}}"#),
            vec![],
        ),
    ];
    for (row, expected) in cases {
        assert_eq!(issues_of(&row), expected, "row {row}");
    }
}

#[test]
fn reading_stops_at_the_row_cap_without_reading_the_rest() {
    use crate::feed::MAX_FEED_ROWS;
    // Rows past the cap are never read: the broken end would otherwise
    // make the feed unreadable.
    let mut feed = "[".to_owned() + &"0,".repeat(MAX_FEED_ROWS + 1);
    feed.push_str("this is not JSON");
    let error = import(feed.as_bytes(), &options()).unwrap_err();
    assert_eq!(
        error,
        FeedError::TooManyRows {
            limit: MAX_FEED_ROWS
        }
    );
    // At the cap, the feed is read (and every row reported).
    let feed = format!("[{}0]", "0,".repeat(MAX_FEED_ROWS - 1));
    assert_eq!(import_rows(&feed).rows, MAX_FEED_ROWS);
}

#[test]
fn rows_held_on_several_days_count_once_a_day_against_the_caps() {
    use crate::feed::{MAX_FEED_MEETINGS, MAX_FEED_MEETING_BYTES};
    let week = |n: usize, notes: &str| {
        let rows: Vec<String> = (0..n)
            .map(|i| {
                format!(
                    r#"{{"name":"N","slug":"s{i}","day":[0,1,2,3,4,5,6],"time":"19:00","conference_url":"https://zoom.us/j/1","notes":"{notes}"}}"#
                )
            })
            .collect();
        format!("[{}]", rows.join(","))
    };
    // Few rows, well under the row cap, but seven meetings each.
    let rows = MAX_FEED_MEETINGS / 7 + 1;
    let error = import(week(rows, "").as_bytes(), &options()).unwrap_err();
    assert_eq!(
        error,
        FeedError::TooManyMeetings {
            limit: MAX_FEED_MEETINGS
        }
    );
    assert!(error.to_string().contains("once for each day"), "{error}");
    // Long notes copied to each day pass the text cap long before that.
    let notes = "Bring a friend. ".repeat(250);
    let rows = MAX_FEED_MEETING_BYTES / (7 * notes.len()) + 1;
    let feed = week(rows, &notes);
    assert!(feed.len() < MAX_FEED_BYTES / 2, "the feed itself is small");
    let error = import(feed.as_bytes(), &options()).unwrap_err();
    assert_eq!(
        error,
        FeedError::TooMuchText {
            limit: MAX_FEED_MEETING_BYTES
        }
    );
    assert!(error.to_string().contains("more than 16 MB"), "{error}");
    // The same rows on one day each are taken.
    let one_day = week(rows / 2, &notes).replace("[0,1,2,3,4,5,6]", "1");
    assert_eq!(import_rows(&one_day).meetings.len(), rows / 2);
}
