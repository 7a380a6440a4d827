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
        source: crate::synthetic::SOURCE.into(),
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
        source: "t".into(),
        default_zone: Some("UTC".into()),
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
        source: "t".into(),
        default_zone: Some("UTC".into()),
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
