//! What every importer's fuzz target checks.

use lantern_core::feed::{export, mg, FeedError, Import, ImportOptions};

/// Any bytes through `import`: never a panic; whatever it accepts exports
/// to Meeting Guide JSON that imports again to as many meetings.
pub fn import_then_round_trip(import: fn(&[u8], &ImportOptions) -> Result<Import, FeedError>, bytes: &[u8]) {
    let options = ImportOptions {
        source: "fuzz".into(),
        default_zone: Some("Europe/London".into()),
        ..ImportOptions::default()
    };
    let Ok(import) = import(bytes, &options) else {
        return;
    };
    for issue in &import.issues {
        let _ = issue.to_string();
    }
    let exported = export::meeting_guide_json(&import.meetings);
    let again = mg::import(exported.as_bytes(), &options).expect("an export is a readable feed");
    assert_eq!(again.meetings.len(), import.meetings.len(), "{exported}");
}
