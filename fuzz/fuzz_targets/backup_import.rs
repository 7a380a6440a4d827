//! Any bytes as a log backup (see `backup_round_trip`).
#![no_main]

use lantern_fuzz::backup_round_trip;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| backup_round_trip(bytes));
