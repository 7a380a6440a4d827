//! What the fuzz targets check, shared with the native replay of their
//! saved inputs (`tests/replay.rs`, run by `scripts/test`).

use lantern_core::feed::{export, mg, FeedError, Import, ImportOptions};
use lantern_core::log::backup::Backup;
use lantern_core::log::day::Day;
use lantern_core::log::sealed::Sealed;

/// An importer, as the fuzz targets call it.
pub type Importer = fn(&[u8], &ImportOptions) -> Result<Import, FeedError>;

/// Any bytes through `import`: never a panic; whatever it accepts exports to
/// Meeting Guide JSON that imports again to the same meetings.
///
/// The first trip may normalise what the export documents it writes
/// differently (dial strings without spacing, type codes outside Meeting
/// Guide's list, `updated` outside the specification's form), so a meeting's
/// identity, name, schedule, join link, notes and group must come back
/// equal, and from then on nothing changes at all: a second trip gives the
/// same bytes and the same meetings.
pub fn import_then_round_trip(import: Importer, bytes: &[u8]) {
    let options = ImportOptions {
        source: "fuzz".parse().unwrap(),
        default_zone: Some("Europe/London".parse().unwrap()),
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
    for (first, back) in import.meetings.iter().zip(&again.meetings) {
        let kept = |m: &lantern_core::Meeting| {
            (
                m.id.clone(),
                m.name.clone(),
                m.schedule.clone(),
                m.online.as_ref().map(|o| (o.url.clone(), o.notes.clone())),
                m.notes.clone(),
                m.group.clone(),
                m.fellowship,
            )
        };
        assert_eq!(kept(back), kept(first), "{exported}");
    }
    let twice = export::meeting_guide_json(&again.meetings);
    assert_eq!(twice, exported, "a second round trip changed the feed");
    let thrice = mg::import(twice.as_bytes(), &options).expect("an export is a readable feed");
    assert_eq!(thrice.meetings, again.meetings, "{exported}");
}

/// Any bytes as a log backup, plain or sealed (encrypted): never a panic,
/// and whatever is read is written back and read again unchanged.
pub fn backup_round_trip(bytes: &[u8]) {
    let Some(today) = Day::new(2026, 12, 3) else {
        return;
    };
    if let Ok(backup) = Backup::read(bytes, today) {
        let again = Backup::read(backup.to_json().as_bytes(), today);
        assert_eq!(again.as_ref(), Ok(&backup), "a backup read back differs");
    }
    let said_sealed = Sealed::is_sealed(bytes);
    if let Ok(sealed) = Sealed::read(bytes) {
        assert!(said_sealed, "read as sealed but not said to be");
        let again = Sealed::read(sealed.to_json().as_bytes());
        assert_eq!(
            again.as_ref(),
            Ok(&sealed),
            "a sealed log read back differs"
        );
    }
}
