//! Any bytes as a log backup: never a panic, and whatever is read is
//! written back and read again unchanged.
#![no_main]

use lantern_core::log::backup::Backup;
use lantern_core::log::day::Day;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Some(today) = Day::new(2026, 12, 3) else {
        return;
    };
    if let Ok(backup) = Backup::read(bytes, today) {
        let again = Backup::read(backup.to_json().as_bytes(), today);
        assert_eq!(again.as_ref(), Ok(&backup), "a backup read back differs");
    }
});
