//! Any bytes through the mg importer (see `import_then_round_trip`).
#![no_main]

use lantern_core::feed::mg;
use lantern_fuzz::import_then_round_trip;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| import_then_round_trip(mg::import, bytes));
