//! The app's IndexedDB database: its version and every upgrade step.
//!
//! Each version's step creates what that version added, so a database of
//! any earlier version is brought forward one step at a time. Data that
//! must be converted (not just given a new store) is converted after
//! opening, by the store that owns it (see `shards::migrate_from_v1`).

use idb::{Database, DatabaseEvent, Factory, KeyPath, ObjectStoreParams};
use wasm_bindgen::{JsCast, JsValue};

use crate::error::AppError;

/// The database's name. Neutral on purpose: it is visible in the browser's
/// developer tools and storage settings.
pub const DATABASE: &str = "lantern";

/// The version this build writes.
pub const VERSION: u32 = 7;

/// Version 1: each shard's meetings and cursor as one JSON record.
pub const V1_SHARDS: &str = "directory_shards";
/// Each followed shard's cursor: `{shard, cursor}`.
pub const SHARDS: &str = "shards";
/// Each shard's compact snapshot: `{shard, blob}`.
pub const SNAPSHOTS: &str = "snapshots";
/// Sync pages applied since the snapshot: `{shard, n, blob}`, keyed by
/// shard and sequence.
pub const PAGES: &str = "pages";
/// Time zones' TZif data: `{name, version, tzif}`.
pub const ZONES: &str = "zones";
/// The person's settings: `{key, value}`.
pub const SETTINGS: &str = "settings";
/// Saved meetings: `{id, name, added}`.
pub const FAVOURITES: &str = "favourites";
/// Version 3, the recovery log: one check-in per day, `{day, json}` (the
/// check-in as core writes it).
pub const CHECK_INS: &str = "check_ins";
/// Version 4: the log's counters, `{id, json}`.
pub const COUNTERS: &str = "counters";
/// Version 5: my people, `{id, json}`.
pub const PEOPLE: &str = "people";
/// Version 6: what a brought-back copy replaced, `{at, json}` (the newest
/// five).
pub const LOG_BACKUPS: &str = "log_backups";
/// Version 7: the whole log, encrypted, while the lock is on:
/// `{key: "log", n, text}` (see `db::log`).
pub const SEALED_LOG: &str = "sealed_log";

/// Opens the database, creating or upgrading it first.
pub async fn open() -> Result<Database, AppError> {
    open_version(VERSION).await
}

/// Opens the database, does `work` with it, and closes it again whatever
/// happened.
pub async fn using<T>(
    work: impl AsyncFnOnce(&Database) -> Result<T, AppError>,
) -> Result<T, AppError> {
    let database = open().await?;
    let result = work(&database).await;
    database.close();
    result
}

/// Opens the database at `version` (tests open older versions to check
/// the upgrades).
pub async fn open_version(version: u32) -> Result<Database, AppError> {
    let factory = Factory::new()?;
    let mut request = factory.open(DATABASE, Some(version))?;
    request.on_upgrade_needed(move |event| {
        let Ok(database) = event.database() else {
            return;
        };
        let old = event.old_version().unwrap_or(0);
        if old < 1 && version >= 1 {
            create(&database, V1_SHARDS, KeyPath::new_single("shard"));
        }
        if old < 2 && version >= 2 {
            create(&database, SHARDS, KeyPath::new_single("shard"));
            create(&database, SNAPSHOTS, KeyPath::new_single("shard"));
            create(&database, PAGES, KeyPath::new_array(["shard", "n"]));
            create(&database, ZONES, KeyPath::new_single("name"));
            create(&database, SETTINGS, KeyPath::new_single("key"));
            create(&database, FAVOURITES, KeyPath::new_single("id"));
        }
        if old < 3 && version >= 3 {
            create(&database, CHECK_INS, KeyPath::new_single("day"));
        }
        if old < 4 && version >= 4 {
            create(&database, COUNTERS, KeyPath::new_single("id"));
        }
        if old < 5 && version >= 5 {
            create(&database, PEOPLE, KeyPath::new_single("id"));
        }
        if old < 6 && version >= 6 {
            create(&database, LOG_BACKUPS, KeyPath::new_single("at"));
        }
        if old < 7 && version >= 7 {
            create(&database, SEALED_LOG, KeyPath::new_single("key"));
        }
    });
    let mut database = request.await?;
    // A newer version of the app opening in another tab must not wait on
    // this connection: it closes, and this tab's next open says to reload
    // (`AppError::NewerVersion`).
    database.on_version_change(|event| {
        let target = event
            .target()
            .map(JsValue::from)
            .unwrap_or(JsValue::UNDEFINED);
        let close = js_sys::Reflect::get(&target, &"close".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        if let Some(close) = close {
            let _ = close.call0(&target);
        }
    });
    Ok(database)
}

fn create(database: &Database, name: &str, key_path: KeyPath) {
    if database.store_names().iter().any(|n| n == name) {
        return;
    }
    let mut params = ObjectStoreParams::new();
    params.key_path(Some(key_path));
    // Creating a store with a new name cannot fail during an upgrade; if
    // the browser refuses anyway, opening fails and says so.
    let _store = database.create_object_store(name, params);
}

/// Deletes the whole database (tests, and "delete everything").
pub async fn delete() -> Result<(), AppError> {
    let factory = Factory::new()?;
    factory.delete(DATABASE)?.await?;
    Ok(())
}
