//! Any bytes through the mg importer: never a panic; whatever it accepts
//! exports to Meeting Guide JSON that imports again to the same meetings.
#![no_main]

use lantern_core::feed::{export, mg, ImportOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let options = ImportOptions {
        source: "fuzz".into(),
        default_zone: Some("Europe/London".into()),
        ..ImportOptions::default()
    };
    let Ok(import) = mg::import(bytes, &options) else {
        return;
    };
    for issue in &import.issues {
        let _ = issue.to_string();
    }
    let exported = export::meeting_guide_json(&import.meetings);
    let again = mg::import(exported.as_bytes(), &options).expect("an export is a readable feed");
    assert_eq!(again.meetings.len(), import.meetings.len(), "{exported}");
});
