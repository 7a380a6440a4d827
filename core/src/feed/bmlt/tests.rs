use super::*;
use crate::feed::{Rule, Severity};
use crate::fellowship::Fellowship;
use crate::meeting::{Attendance, Provider};

fn options() -> ImportOptions {
    ImportOptions {
        source: "na-region".parse().unwrap(),
        default_zone: Some("America/New_York".parse().unwrap()),
        fellowship: Fellowship::Na,
        default_language: None,
        zone_exists: Some(|name| jiff::tz::db().get(name).is_ok()),
        area: None,
    }
}

/// A realistic row as BMLT servers send it: every value a string, empty
/// time zone, format keys of the server's own.
const ROW: &str = r#"{"id_bigint":"1234","worldid_mixed":"G00012345","service_body_bigint":"12",
  "weekday_tinyint":"1","start_time":"19:30:00","duration_time":"01:30:00","time_zone":"",
  "formats":"O,BT,VM,W","lang_enum":"en","longitude":"-73.9857","latitude":"40.7484",
  "meeting_name":"Just for Today","location_text":"Community Center",
  "location_info":"Room 2, side door","location_street":"350 5th Ave",
  "location_municipality":"New York","location_province":"NY","location_postal_code_1":"10118",
  "location_nation":"US","location_sub_province":"New York County","location_neighborhood":"",
  "comments":"Wheelchair accessible.","virtual_meeting_link":"","phone_meeting_number":"",
  "venue_type":"1","published":"1"}"#;

/// The server's formats, as `&get_used_formats=1` sends them: `BT` (Basic
/// Text) is its own key for a literature study.
const FORMATS: &str = r#"[{"key_string":"O","name_string":"Open","world_id":"OPEN","id":"17"},
  {"key_string":"BT","name_string":"Basic Text","world_id":"BT","id":"3"},
  {"key_string":"VM","name_string":"Virtual Meeting","world_id":"VM","id":"54"},
  {"key_string":"W","name_string":"Women","world_id":"W","id":"32"}]"#;

fn row_with(changes: &str) -> Value {
    let mut row: serde_json::Map<String, Value> = serde_json::from_str(ROW).unwrap();
    let changes: serde_json::Map<String, Value> = serde_json::from_str(changes).unwrap();
    row.extend(changes);
    Value::Object(row)
}

/// The row changed by `changes`, with the server's formats.
fn with(changes: &str) -> String {
    format!(
        r#"{{"meetings":[{}],"formats":{FORMATS}}}"#,
        row_with(changes)
    )
}

fn import_one(feed: &str) -> Import {
    import(feed.as_bytes(), &options()).expect("readable")
}

#[test]
fn reads_a_realistic_row() {
    let import = import_one(&with("{}"));
    assert_eq!(import.issues, vec![]);
    let meeting = &import.meetings[0];
    assert_eq!(meeting.id.as_str(), "na-region:1234");
    assert_eq!(meeting.fellowship, Fellowship::Na);
    assert_eq!(meeting.schedule.day, Weekday::Sunday, "1 is Sunday in BMLT");
    assert_eq!(meeting.schedule.start.to_string(), "19:30");
    assert_eq!(meeting.schedule.minutes, 90);
    assert_eq!(
        meeting.schedule.zone, "America/New_York",
        "empty time_zone: the feed's default"
    );
    assert_eq!(
        meeting.types,
        ["O", "LIT", "W"],
        "by world id: BT is a literature study; VM is the venue type's"
    );
    assert_eq!(meeting.languages, ["en"]);
    assert_eq!(meeting.attendance(), Attendance::InPerson);
    let venue = meeting.in_person.as_ref().unwrap();
    assert_eq!(venue.location, "Community Center");
    assert_eq!(venue.address, "350 5th Ave, New York, NY, 10118, US");
    assert_eq!(venue.coordinates.unwrap().lat_e6, 40_748_400);
    assert_eq!(meeting.notes, "Room 2, side door\nWheelchair accessible.");
    assert_eq!(meeting.regions, ["NY", "New York County", "New York"]);
}

#[test]
fn follows_the_venue_type() {
    let link = r#""virtual_meeting_link":"https://us02web.zoom.us/j/555","phone_meeting_number":"+1 646 558 8656,,555#""#;
    let cases = [
        (
            format!(r#"{{"venue_type":"2",{link}}}"#),
            Attendance::Online,
        ),
        (
            format!(r#"{{"venue_type":"3",{link}}}"#),
            Attendance::Hybrid,
        ),
        (
            format!(r#"{{"venue_type":"1",{link}}}"#),
            Attendance::InPerson,
        ),
        (format!(r#"{{"venue_type":"",{link}}}"#), Attendance::Hybrid),
    ];
    for (changes, expected) in cases {
        let import = import_one(&with(&changes));
        assert_eq!(import.meetings[0].attendance(), expected, "{changes}");
    }
    let online = import_one(&with(&format!(r#"{{"venue_type":"2",{link}}}"#)));
    let access = online.meetings[0].online.as_ref().unwrap();
    assert_eq!(access.url.as_ref().unwrap().provider(), Provider::Zoom);
    assert_eq!(access.phone, "+1 646 558 8656,,555#");
    // A virtual meeting with no link or phone cannot be attended.
    let nothing = import_one(&with(r#"{"venue_type":"2"}"#));
    assert_eq!(nothing.issues[0].rule, Rule::NoWayToAttend);
}

#[test]
fn reports_broken_rows() {
    use Field::*;
    let cases = [
        (
            r#"{"weekday_tinyint":"8"}"#,
            (Day, Rule::DayOutOfRange, Severity::RowSkipped),
        ),
        (
            r#"{"weekday_tinyint":"0"}"#,
            (Day, Rule::DayOutOfRange, Severity::RowSkipped),
        ),
        (
            r#"{"weekday_tinyint":""}"#,
            (Day, Rule::Required, Severity::RowSkipped),
        ),
        (
            r#"{"start_time":"25:00:00"}"#,
            (Time, Rule::NotATime, Severity::RowSkipped),
        ),
        (
            r#"{"id_bigint":""}"#,
            (Slug, Rule::Required, Severity::RowSkipped),
        ),
        (
            r#"{"meeting_name":""}"#,
            (Name, Rule::Required, Severity::RowSkipped),
        ),
        (
            r#"{"time_zone":"Eastern"}"#,
            (Timezone, Rule::UnknownTimeZone, Severity::RowSkipped),
        ),
        (
            r#"{"venue_type":"3","virtual_meeting_link":"javascript:alert(1)"}"#,
            (ConferenceUrl, Rule::NotHttps, Severity::FieldDropped),
        ),
    ];
    for (changes, expected) in cases {
        let import = import_one(&with(changes));
        let found: Vec<_> = import
            .issues
            .iter()
            .map(|i| (i.field, i.rule, i.severity))
            .collect();
        assert_eq!(found.first(), Some(&expected), "{changes}");
    }
}

#[test]
fn keys_mean_what_their_server_says() {
    // A Berlin server: S is Schritte (a step meeting), T Themenmeeting (a
    // topic meeting), B Beginners. Spelled like Meeting Guide's Spanish,
    // transgender and Big Book, they are none of those.
    let formats = r#"[{"key_string":"S","world_id":"STEP"},{"key_string":"T","world_id":"TOP"},
        {"key_string":"B","world_id":"BEG"},{"key_string":"SL","world_id":"LANG"}]"#;
    let row = row_with(
        r#"{"formats":"S,T,B,SL","lang_enum":"de","location_municipality":"Berlin",
            "location_province":"Berlin","location_sub_province":"","location_nation":"DE"}"#,
    );
    let import = import_one(&format!(r#"{{"meetings":[{row}],"formats":{formats}}}"#));
    // The rows are read as they come, yet formats sent before or after
    // them are known for every row.
    let formats_first = import_one(&format!(r#"{{"formats":{formats},"meetings":[{row}]}}"#));
    assert_eq!(formats_first, import);
    let meeting = &import.meetings[0];
    assert_eq!(meeting.types, ["ST", "BE"]);
    assert_eq!(meeting.languages, ["de"], "SL names no language here");
    assert_eq!(meeting.regions, ["Berlin"], "one city, sent as two levels");
    let issue = &import.issues[0];
    assert_eq!(
        (issue.rule, issue.value.as_str(), issue.severity),
        (Rule::FormatNotMapped, "T", Severity::Warning)
    );

    // Without the server's formats no key is taken for its spelling.
    let bare = import_one(&format!("[{}]", row_with("{}")));
    assert!(bare.meetings[0].types.is_empty());
    assert_eq!(
        (bare.issues[0].rule, bare.issues[0].value.as_str()),
        (Rule::FormatsMissing, "O, BT, VM, W")
    );
    // Said once for the whole response, not on every row.
    let second = row_with(r#"{"id_bigint":"8"}"#);
    let two = import_one(&format!("[{},{second}]", row_with("{}")));
    assert_eq!(two.meetings.len(), 2);
    let missing = two
        .issues
        .iter()
        .filter(|i| i.rule == Rule::FormatsMissing)
        .count();
    assert_eq!(missing, 1, "{:?}", two.issues);
    assert!(two.issues[0].to_string().contains("every other"));
}

#[test]
fn accepts_both_response_shapes_and_rejects_others() {
    let bare = format!("[{}]", row_with("{}"));
    assert_eq!(import_one(&bare).meetings.len(), 1);
    assert_eq!(import_one(&with("{}")).meetings.len(), 1);
    // The message names the format it was read as, and what to check.
    let said = import(b"<html>", &options()).unwrap_err().to_string();
    assert!(
        said.contains("as BMLT JSON") && said.contains("GetSearchResults"),
        "{said}"
    );
    assert!(!said.contains("Meeting Guide"), "{said}");
    for bad in [&b"{}"[..], b"\"x\"", b"<html>", b""] {
        assert!(matches!(
            import(bad, &options()),
            Err(FeedError::Unreadable { .. })
        ));
    }
}

#[test]
fn reads_durations() {
    let cases = [
        ("01:30:00", Some(90)),
        ("00:45", Some(45)),
        ("24:00:00", Some(1440)),
        ("00:00:00", None),
        ("1:75:00", None),
        ("x", None),
        ("", None),
    ];
    for (text, expected) in cases {
        assert_eq!(duration_minutes(text), expected, "{text}");
    }
}
