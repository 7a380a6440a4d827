//! Any bytes as a log backup, plain or sealed (encrypted): never a panic,
//! and whatever is read is written back and read again unchanged.
#![no_main]

use lantern_core::log::backup::Backup;
use lantern_core::log::day::Day;
use lantern_core::log::sealed::Sealed;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
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
        assert_eq!(again.as_ref(), Ok(&sealed), "a sealed log read back differs");
    }
});
