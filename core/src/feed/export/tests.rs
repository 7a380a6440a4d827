use super::*;
use crate::feed::{mg, ImportOptions};
use crate::meeting_type::Origin;
use crate::synthetic::Synthetic;

fn shared(path: &str) -> serde_json::Value {
    let dir = std::env::var("CARGO_MANIFEST_DIR").expect("run by cargo test");
    let text = std::fs::read_to_string(format!("{dir}/tests/data/meeting-guide/{path}"))
        .expect("core/tests/data (copied from the Meeting Guide specification)");
    serde_json::from_str(&text).unwrap()
}

/// The feed schema, with the schemas it refers to loaded locally (no network).
///
/// The address patterns are taken out: they accept only United States
/// addresses in ASCII (`123 Main St, Anytown, CA 98765, US`), and Lantern
/// lists meetings everywhere. Every other rule of the schema applies.
fn feed_schema() -> (boon::Schemas, boon::SchemaIndex) {
    let mut compiler = boon::Compiler::new();
    let mut meeting = shared("meeting.schema.json");
    for field in ["address", "formatted_address"] {
        let removed = meeting["properties"][field]
            .as_object_mut()
            .unwrap()
            .remove("pattern");
        assert!(
            removed.is_some(),
            "the schema changed: {field} has no pattern any more"
        );
    }
    let meeting_type = shared("meeting-type.schema.json");
    let type_id = meeting_type["$id"].as_str().unwrap().to_owned();
    compiler.add_resource(&type_id, meeting_type).unwrap();
    compiler
        .add_resource("https://code4recovery.com/meeting.schema.json", meeting)
        .unwrap();
    compiler
        .add_resource(
            "https://code4recovery.com/feed.schema.json",
            shared("feed.schema.json"),
        )
        .unwrap();
    let mut schemas = boon::Schemas::new();
    let index = compiler
        .compile("https://code4recovery.com/feed.schema.json", &mut schemas)
        .unwrap();
    (schemas, index)
}

/// The type codes of the schema's list (older than types.json, which adds
/// ten language codes the schema does not know yet).
fn schema_type_codes() -> Vec<String> {
    let schema = shared("meeting-type.schema.json");
    schema["items"]["anyOf"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|branch| branch["enum"].as_array().unwrap().iter())
        .map(|code| code.as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn export_validates_against_the_feed_schema() {
    let (schemas, index) = feed_schema();
    let known = schema_type_codes();
    let mut meetings = Synthetic::new(1).meetings(3_000);
    for meeting in &mut meetings {
        meeting
            .types
            .retain(|t| known.contains(t) || t.starts_with("X-"));
        meeting.updated = "2026-11-22 10:00:00".into();
    }
    let json: serde_json::Value = serde_json::from_str(&meeting_guide_json(&meetings)).unwrap();
    if let Err(error) = schemas.validate(&json, index) {
        panic!("the export breaks the schema: {error:#}");
    }
    // And the check can fail: a row without a slug is refused.
    let broken = serde_json::json!([{"name": "No slug"}]);
    assert!(schemas.validate(&broken, index).is_err());
}

#[test]
fn import_export_import_round_trips() {
    let options = ImportOptions {
        source: crate::synthetic::SOURCE.parse().unwrap(),
        ..ImportOptions::default()
    };
    // A property over many generated directories: import(export(m)) == m.
    for seed in 0..8 {
        let mut original = Synthetic::new(seed).meetings(1_000);
        for meeting in &mut original {
            // What a feed cannot carry: the fellowship is the feed's own, and
            // Lantern's own type codes are not exported.
            meeting.fellowship = options.fellowship;
            meeting.types.retain(|t| {
                MeetingType::lookup(t).is_some_and(|k| k.origin() == Origin::MeetingGuide)
            });
        }
        let exported = meeting_guide_json(&original);
        let import = mg::import(exported.as_bytes(), &options).unwrap();
        let problems = import
            .issues
            .iter()
            .filter(|i| i.severity != crate::feed::Severity::Warning)
            .count();
        assert_eq!(problems, 0, "seed {seed}");
        assert_eq!(import.meetings.len(), original.len(), "seed {seed}");
        for (after, before) in import.meetings.iter().zip(&original) {
            assert_eq!(after, before, "seed {seed}");
        }
        // Exporting again gives the same bytes.
        assert_eq!(
            meeting_guide_json(&import.meetings),
            exported,
            "seed {seed}"
        );
    }
}

#[test]
fn long_slugs_of_meetings_on_several_days_read_back() {
    // Found by fuzzing: a 100-character slug on several days exported as
    // `<slug>@monday`, which was then too long to import.
    let options = ImportOptions {
        source: "t".parse().unwrap(),
        default_zone: Some("UTC".parse().unwrap()),
        ..ImportOptions::default()
    };
    let slug = "s".repeat(100);
    let feed = format!(
        r#"[{{"name":"N","slug":"{slug}","day":[1,3],"time":"12:00","conference_phone":"+15550147"}}]"#
    );
    let meetings = mg::import(feed.as_bytes(), &options).unwrap().meetings;
    assert_eq!(meetings.len(), 2);
    let again = mg::import(meeting_guide_json(&meetings).as_bytes(), &options).unwrap();
    assert_eq!(again.meetings, meetings);
}

#[test]
fn writes_the_end_time_past_midnight_and_only_meeting_guide_types() {
    let options = ImportOptions {
        source: "t".parse().unwrap(),
        default_zone: Some("UTC".parse().unwrap()),
        ..ImportOptions::default()
    };
    let feed = br#"[{"name":"Late","slug":"late","day":6,"time":"23:30","end_time":"00:30",
        "types":["O","X-CAM","NOPE"],"conference_url":"https://zoom.us/j/1","conference_url_notes":"Passcode 1",
        "updated":"yesterday"}]"#;
    let meetings = mg::import(feed, &options).unwrap().meetings;
    let row = MeetingGuideRow::from(&meetings[0]);
    assert_eq!(
        (row.time.as_str(), row.end_time.as_str()),
        ("23:30", "00:30")
    );
    assert_eq!(row.types, ["O"]);
    assert_eq!(row.conference_url_notes, "Passcode 1");
    assert_eq!(row.updated, "", "not in the specification's form");
}

/// Rows shaped like a real intergroup's feed: spaced phone numbers, empty
/// notes and contacts, a room closed for now, online meetings placed by an
/// approximate address, by their regions, or by nothing but the feed.
const REAL_SHAPED: &[u8] = br#"[
 {"name":"Downtown Big Book","slug":"downtown-big-book","day":1,"time":"19:00","end_time":"20:00",
  "timezone":"America/New_York","types":["O","B","D"],"location":"First Baptist Church",
  "formatted_address":"99 N Salisbury St, Raleigh, NC 27603, USA","latitude":35.7804,"longitude":-78.6391,
  "regions":["Raleigh","Downtown"],"notes":"","group":"","url":"","entity_email":"","entity_phone":"",
  "updated":"2024-05-01 10:11:12"},
 {"name":"Morning Zoom","slug":"morning-zoom","day":[1,3,5],"time":"07:00","end_time":"08:00",
  "timezone":"America/New_York","types":["O","ONL"],"formatted_address":"Raleigh, NC, USA","approximate":"yes",
  "conference_url":"https://us02web.zoom.us/j/81234567890","conference_url_notes":"Passcode: 1234",
  "conference_phone":"+1 646 558 8656,,81234567890#","notes":"","entity_phone":"(919) 783-6144"},
 {"name":"Closed Room","slug":"closed-room","day":0,"time":"18:00","timezone":"America/New_York",
  "types":["C","TC","ONL"],"location":"Alano Club","formatted_address":"2 Main St, Cary, NC 27511, USA",
  "conference_url":"https://meet.google.com/abc-defg-hij","notes":"Back in the building in spring."},
 {"name":"Regions Only","slug":"regions-only","day":2,"time":"12:00","timezone":"America/New_York",
  "regions":["North Carolina","Durham"],"conference_phone":"+1 919 555 0100","conference_phone_notes":"PIN 55"},
 {"name":"Nowhere Named","slug":"nowhere","day":4,"time":"21:00","timezone":"America/New_York",
  "regions":["Online"],"conference_url":"https://zoom.us/j/5550100"},
 {"name":"Hybrid Hall","slug":"hybrid-hall","day":6,"time":"10:00","timezone":"America/New_York",
  "types":["O","ONL"],"formatted_address":"5 Oak Ave, Apex, NC 27502, USA","conference_url":"https://zoom.us/j/42",
  "url":"https://aa.example.org/meetings/hybrid-hall","entity_email":"info@aa.example.org"}
]"#;

#[test]
fn real_shaped_rows_round_trip_with_a_place_for_every_meeting() {
    let options = ImportOptions {
        source: "triangle".parse().unwrap(),
        area: Some("Wake County, NC, USA".into()),
        ..ImportOptions::default()
    };
    let first = mg::import(REAL_SHAPED, &options).unwrap();
    assert_eq!(first.skipped_rows(), 0, "{:?}", first.issues);
    assert_eq!(first.meetings.len(), 8);
    let exported = meeting_guide_json(&first.meetings);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&exported).unwrap();
    let place = |slug: &str| {
        let row = rows.iter().find(|r| r["slug"] == slug).unwrap();
        (
            row["formatted_address"].as_str().unwrap_or("").to_owned(),
            row["approximate"].as_str().unwrap_or("").to_owned(),
        )
    };
    // What TSML UI needs to list each meeting: a place, and whether it is
    // only a town.
    let expected = [
        (
            "downtown-big-book",
            "99 N Salisbury St, Raleigh, NC 27603, USA",
            "no",
        ),
        ("morning-zoom@monday", "Raleigh, NC, USA", "yes"),
        ("closed-room", "2 Main St, Cary, NC 27511, USA", "no"),
        ("regions-only", "Durham, North Carolina", "yes"),
        ("nowhere", "Wake County, NC, USA", "yes"),
        ("hybrid-hall", "5 Oak Ave, Apex, NC 27502, USA", "no"),
    ];
    for (slug, address, approximate) in expected {
        assert_eq!(
            place(slug),
            (address.to_owned(), approximate.to_owned()),
            "{slug}"
        );
    }
    assert!(rows.iter().all(|r| r["formatted_address"].is_string()));
    // The approximate place is no venue: the meeting stays online only.
    let zoom = &first.meetings[1];
    assert_eq!(zoom.attendance(), crate::Attendance::Online);
    assert_eq!(first.meetings[4].attendance(), crate::Attendance::Online);

    let again = mg::import(exported.as_bytes(), &options).unwrap();
    assert_eq!(again.meetings.len(), first.meetings.len());
    assert_eq!(again.skipped_rows(), 0, "{:?}", again.issues);
    for (after, before) in again.meetings.iter().zip(&first.meetings) {
        // The dial string is written without its spacing, as the
        // specification requires; it dials the same number.
        let dialled = |m: &Meeting| m.online.as_ref().map(|o| crate::meeting::tel_uri(&o.phone));
        assert_eq!(dialled(after), dialled(before), "{}", before.id);
        let mut after = after.clone();
        if let (Some(a), Some(b)) = (after.online.as_mut(), before.online.as_ref()) {
            a.phone.clone_from(&b.phone);
        }
        assert_eq!(&after, before);
    }
    // A second trip changes nothing at all.
    assert_eq!(meeting_guide_json(&again.meetings), exported);
}

#[test]
fn a_meeting_with_no_place_gets_its_zone_city() {
    let options = ImportOptions {
        source: "t".parse().unwrap(),
        default_zone: Some("America/Argentina/Buenos_Aires".parse().unwrap()),
        ..ImportOptions::default()
    };
    let feed = br#"[{"name":"N","slug":"n","day":1,"time":"19:00","conference_url":"https://zoom.us/j/1"}]"#;
    let meetings = mg::import(feed, &options).unwrap().meetings;
    assert_eq!(meetings[0].area, None);
    let row = MeetingGuideRow::from(&meetings[0]);
    assert_eq!(
        (row.formatted_address.as_str(), row.approximate),
        ("Buenos Aires", "yes")
    );
    assert_eq!(zone_city("Etc/GMT+5"), None);
    assert_eq!(zone_city("UTC"), None);
    assert_eq!(zone_city("US/Pacific"), None);
    // Zones are checked for form only where no database is at hand: a
    // city is written as a reader trims it, so it reads back the same.
    assert_eq!(
        zone_city("America/Los/_Angeles").as_deref(),
        Some("Angeles")
    );
    assert_eq!(zone_city("America/__"), None);
}

#[test]
fn a_wait_in_a_dial_string_is_written_as_a_pause_not_dropped() {
    let options = ImportOptions {
        source: "x".parse().unwrap(),
        default_zone: Some("Europe/London".parse().unwrap()),
        ..ImportOptions::default()
    };
    let feed = br#"[{"name":"N","slug":"n","day":1,"time":"19:00",
        "conference_phone":"+44 20 7946 0014; 1234#"}]"#;
    let meetings = mg::import(feed, &options).unwrap().meetings;
    let exported = meeting_guide_json(&meetings);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&exported).unwrap();
    // Dropped, the wait would join the number to its code: another number.
    assert_eq!(rows[0]["conference_phone"], "+442079460014,1234#");
    let again = mg::import(exported.as_bytes(), &options).unwrap();
    assert!(again.issues.is_empty(), "{:?}", again.issues);
    assert_eq!(again.meetings.len(), 1);
}
