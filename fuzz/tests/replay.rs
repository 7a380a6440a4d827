//! Replays every saved input of every fuzz target natively, on stable Rust,
//! in a few seconds: `scripts/test` runs it, so the targets' checks keep
//! compiling and keep holding for the inputs that once found bugs.

use std::path::Path;

use lantern_core::feed::{bmlt, csv, mg};
use lantern_fuzz::{backup_round_trip, import_then_round_trip};

/// Calls `check` with every file in `fuzz/corpus/<target>`; gives how many.
fn replay(target: &str, check: impl Fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(target);
    let mut replayed = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("a corpus entry").path();
        let bytes = std::fs::read(&path).expect("a corpus file");
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&bytes)));
        assert!(outcome.is_ok(), "{target} fails on {}", path.display());
        replayed += 1;
    }
    replayed
}

#[test]
fn every_saved_input_passes_its_target() {
    let counts = [
        (
            "mg_import",
            replay("mg_import", |b| import_then_round_trip(mg::import, b)),
        ),
        (
            "bmlt_import",
            replay("bmlt_import", |b| import_then_round_trip(bmlt::import, b)),
        ),
        (
            "csv_import",
            replay("csv_import", |b| import_then_round_trip(csv::import, b)),
        ),
        ("backup_import", replay("backup_import", backup_round_trip)),
    ];
    for (target, count) in counts {
        assert!(count > 0, "{target} has no saved inputs");
        println!("{target}: {count} saved inputs replayed");
    }
}
