//! The device's storage and the app's own sync loop, in headless Chromium,
//! against a stand-in for the worker that can fail on any request.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, VecDeque};

use lantern_app::db::{favourites, schema, shards};
use lantern_app::error::AppError;
use lantern_app::sync::directory::{sync_directory, DirectorySource, PAGE_SIZE};
use lantern_core::synthetic::Synthetic;
use lantern_core::{Cursor, Meeting, MeetingId, ShardId, ShardSnapshot, ShardSummary, SyncPage};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn shard(name: &str) -> ShardId {
    ShardId::parse(name).unwrap()
}

/// A change in the stand-in's log.
#[derive(Clone)]
enum Change {
    Upsert(Box<Meeting>),
    Delete(MeetingId),
}

/// The worker, as far as sync goes: as in D1, one row per meeting and
/// shard, holding its latest change (a tombstone for a deletion) and the
/// sequence number of that change, in one epoch.
struct Server {
    epoch: Cell<u64>,
    log: RefCell<Vec<(ShardId, u64, Change)>>,
    next: Cell<u64>,
    calls: Cell<usize>,
    /// Fail the page request with this number (1 = first) as offline.
    fail_call: Cell<Option<usize>>,
    /// Answers given before the log is consulted.
    scripted: RefCell<VecDeque<Result<SyncPage, AppError>>>,
    /// Shards listed besides those in the log.
    extra: RefCell<Vec<ShardId>>,
}

impl Server {
    fn new() -> Server {
        Server {
            epoch: Cell::new(0x5eed),
            log: RefCell::new(Vec::new()),
            next: Cell::new(1),
            calls: Cell::new(0),
            fail_call: Cell::new(None),
            scripted: RefCell::new(VecDeque::new()),
            extra: RefCell::new(Vec::new()),
        }
    }

    fn push(&self, shard: &ShardId, change: Change) {
        let seq = self.next.get();
        self.next.set(seq + 1);
        let id = match &change {
            Change::Upsert(m) => m.id.clone(),
            Change::Delete(id) => id.clone(),
        };
        let mut log = self.log.borrow_mut();
        log.retain(|(s, _, c)| {
            let same = match c {
                Change::Upsert(m) => m.id == id,
                Change::Delete(d) => *d == id,
            };
            !(s == shard && same)
        });
        log.push((shard.clone(), seq, change));
    }

    fn upsert_many(&self, name: &str, meetings: Vec<Meeting>) {
        for meeting in meetings {
            self.push(&shard(name), Change::Upsert(Box::new(meeting)));
        }
    }

    /// A rebuilt directory: a new epoch, a new log.
    fn rebuild(&self) {
        self.epoch.set(self.epoch.get() + 1);
        self.log.borrow_mut().clear();
    }

    /// What the shard holds now.
    fn state(&self, name: &str) -> BTreeMap<MeetingId, Meeting> {
        let mut state = BTreeMap::new();
        for (s, _, change) in self.log.borrow().iter() {
            if s.as_str() != name {
                continue;
            }
            match change {
                Change::Upsert(m) => {
                    state.insert(m.id.clone(), (**m).clone());
                }
                Change::Delete(id) => {
                    state.remove(id);
                }
            }
        }
        state
    }

    fn shard_names(&self) -> Vec<ShardId> {
        let mut names: Vec<ShardId> = self
            .log
            .borrow()
            .iter()
            .map(|(s, _, _)| s.clone())
            .collect();
        names.extend(self.extra.borrow().iter().cloned());
        names.sort();
        names.dedup();
        names
    }
}

impl DirectorySource for Server {
    async fn shards(&self) -> Result<Vec<ShardSummary>, AppError> {
        Ok(self
            .shard_names()
            .into_iter()
            .map(|shard| ShardSummary {
                meetings: self.state(shard.as_str()).len() as u64,
                cursor: Cursor::in_epoch(self.epoch.get(), self.next.get() - 1).unwrap(),
                shard,
            })
            .collect())
    }

    async fn page(&self, shard: &ShardId, since: Cursor, limit: u32) -> Result<SyncPage, AppError> {
        let call = self.calls.get() + 1;
        self.calls.set(call);
        if self.fail_call.get() == Some(call) {
            return Err(AppError::Offline);
        }
        if let Some(answer) = self.scripted.borrow_mut().pop_front() {
            return answer;
        }
        let epoch = self.epoch.get();
        if !since.is_start() && since.epoch() != epoch {
            return Err(AppError::Server {
                status: 410,
                message: "start over".into(),
                retry_after: None,
            });
        }
        let log = self.log.borrow();
        let after: Vec<&(ShardId, u64, Change)> = log
            .iter()
            .filter(|(s, seq, _)| s == shard && *seq > since.sequence())
            .collect();
        let page: Vec<_> = after.iter().take(limit as usize).collect();
        let last = page.last().map_or(since.sequence(), |(_, seq, _)| *seq);
        let mut upserts = Vec::new();
        let mut deletes = Vec::new();
        for (_, _, change) in page.iter().map(|e| **e) {
            match change {
                Change::Upsert(m) => upserts.push((**m).clone()),
                Change::Delete(id) => deletes.push(id.clone()),
            }
        }
        Ok(SyncPage {
            cursor: Cursor::in_epoch(epoch, last).unwrap(),
            more: after.len() > page.len(),
            upserts,
            deletes,
        })
    }
}

/// Compares two shards' meetings, naming the first difference (a whole
/// map in a failure message is unreadable).
fn assert_same(
    got: &BTreeMap<MeetingId, Meeting>,
    want: &BTreeMap<MeetingId, Meeting>,
    context: &str,
) {
    let missing: Vec<&MeetingId> = want
        .keys()
        .filter(|k| !got.contains_key(*k))
        .take(3)
        .collect();
    let extra: Vec<&MeetingId> = got
        .keys()
        .filter(|k| !want.contains_key(*k))
        .take(3)
        .collect();
    let changed: Vec<&MeetingId> = want
        .iter()
        .filter(|(k, m)| got.get(*k).is_some_and(|g| g != *m))
        .map(|(k, _)| k)
        .take(3)
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty() && changed.is_empty(),
        "{context}: {} saved, {} on the server; missing {missing:?}, extra {extra:?}, changed {changed:?}",
        got.len(),
        want.len()
    );
}

async fn fresh_database() -> idb::Database {
    schema::delete().await.unwrap();
    schema::open().await.unwrap()
}

async fn saved(database: &idb::Database) -> BTreeMap<ShardId, ShardSnapshot> {
    shards::load_all(database)
        .await
        .unwrap()
        .into_iter()
        .map(|s| (s.shard.clone(), s))
        .collect()
}

/// A server with an `online` shard of 1,200 meetings (three pages) that
/// then changed a few and deleted two.
fn busy_server() -> Server {
    let server = Server::new();
    let meetings = Synthetic::new(21).meetings(1_200);
    server.upsert_many("online", meetings.clone());
    let mut renamed = meetings[5].clone();
    renamed.name = "Renamed on the server".into();
    server.push(&shard("online"), Change::Upsert(Box::new(renamed)));
    server.push(&shard("online"), Change::Delete(meetings[7].id.clone()));
    server.push(&shard("online"), Change::Delete(meetings[1_100].id.clone()));
    server
}

#[wasm_bindgen_test]
async fn a_sync_interrupted_after_any_page_resumes_and_ends_equal_to_the_server() {
    let pages = 1_203_usize.div_ceil(PAGE_SIZE as usize);
    assert_eq!(pages, 3, "the test needs several pages");
    for failing in 1..=pages {
        let database = fresh_database().await;
        let server = busy_server();
        server.fail_call.set(Some(failing));
        let first = sync_directory(&server, &database, None).await;
        assert_eq!(first, Err(AppError::Offline), "call {failing} fails");
        // What was applied before the failure is kept, whole pages only.
        let partial = saved(&database).await;
        let kept = partial
            .get(&shard("online"))
            .map_or(0, |s| s.meetings.len());
        assert_eq!(
            kept,
            (failing - 1) * PAGE_SIZE as usize,
            "after failing call {failing}"
        );

        let report = sync_directory(&server, &database, None).await.unwrap();
        assert!(report.upserts > 0);
        let online = &saved(&database).await[&shard("online")];
        assert_same(
            &online.meetings,
            &server.state("online"),
            &format!("failing call {failing}"),
        );
        assert_eq!(online.meetings.len(), 1_198);
        database.close();
    }
}

#[wasm_bindgen_test]
async fn a_refused_page_changes_nothing() {
    let database = fresh_database().await;
    let server = busy_server();
    sync_directory(&server, &database, None).await.unwrap();
    let before = saved(&database).await;
    // A late answer from before the saved cursor.
    server.scripted.borrow_mut().push_back(Ok(SyncPage {
        cursor: Cursor::in_epoch(server.epoch.get(), 3).unwrap(),
        more: true,
        upserts: Synthetic::new(99).meetings(3),
        deletes: vec![],
    }));
    sync_directory(&server, &database, None).await.unwrap();
    assert_eq!(saved(&database).await, before);
    database.close();
}

#[wasm_bindgen_test]
async fn a_page_that_says_more_but_is_empty_ends_the_sync() {
    let database = fresh_database().await;
    let server = Server::new();
    server.upsert_many("online", Synthetic::new(3).meetings(10));
    server.scripted.borrow_mut().push_back(Ok(SyncPage {
        cursor: Cursor::in_epoch(server.epoch.get(), 0).unwrap(),
        more: true,
        upserts: vec![],
        deletes: vec![],
    }));
    sync_directory(&server, &database, None).await.unwrap();
    assert_eq!(server.calls.get(), 1, "no endless asking");
    // The next sync picks up the meetings.
    sync_directory(&server, &database, None).await.unwrap();
    assert_eq!(saved(&database).await[&shard("online")].meetings.len(), 10);
    database.close();
}

#[wasm_bindgen_test]
async fn a_rebuilt_directory_is_started_over_once() {
    let database = fresh_database().await;
    let server = busy_server();
    sync_directory(&server, &database, None).await.unwrap();

    server.rebuild();
    server.upsert_many("online", Synthetic::new(77).meetings(4));
    sync_directory(&server, &database, None).await.unwrap();
    assert_same(
        &saved(&database).await[&shard("online")].meetings,
        &server.state("online"),
        "synced again",
    );

    // Rebuilt again, and the fresh start is refused too: the sync stops
    // with the error instead of starting over forever, and keeps what it has.
    let before = saved(&database).await;
    server.rebuild();
    server.upsert_many("online", Synthetic::new(78).meetings(2));
    let gone = AppError::Server {
        status: 410,
        message: "start over".into(),
        retry_after: None,
    };
    server.scripted.borrow_mut().push_back(Err(gone.clone()));
    server.scripted.borrow_mut().push_back(Err(gone.clone()));
    let calls = server.calls.get();
    assert_eq!(sync_directory(&server, &database, None).await, Err(gone));
    assert_eq!(server.calls.get(), calls + 2);
    assert_eq!(saved(&database).await, before);
    database.close();
}

#[wasm_bindgen_test]
async fn shards_no_longer_followed_or_listed_leave_the_device() {
    let database = fresh_database().await;
    let server = Server::new();
    server.upsert_many("online", Synthetic::new(1).meetings(5));
    server.upsert_many("gb", Synthetic::new(2).meetings(6));
    server.upsert_many("fr", Synthetic::new(3).meetings(7));
    sync_directory(&server, &database, Some(&shard("gb")))
        .await
        .unwrap();
    let names: Vec<String> = saved(&database)
        .await
        .keys()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(names, ["gb", "online"]);

    let report = sync_directory(&server, &database, Some(&shard("fr")))
        .await
        .unwrap();
    assert_eq!(report.removed, [shard("gb")]);
    let names: Vec<String> = saved(&database)
        .await
        .keys()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(names, ["fr", "online"]);

    // Every meeting of the home area is removed: the directory still lists
    // it, empty, and the device learns the removals and says it is gone.
    let french: Vec<MeetingId> = server.state("fr").into_keys().collect();
    for id in &french {
        server.push(&shard("fr"), Change::Delete(id.clone()));
    }
    let report = sync_directory(&server, &database, Some(&shard("fr")))
        .await
        .unwrap();
    assert_eq!(report.home_vanished, Some(shard("fr")));
    assert_eq!(report.deletes, french.len());
    assert!(saved(&database).await[&shard("fr")].meetings.is_empty());

    // The home area vanishes from the directory.
    server
        .log
        .borrow_mut()
        .retain(|(s, _, _)| s.as_str() != "fr");
    let report = sync_directory(&server, &database, Some(&shard("fr")))
        .await
        .unwrap();
    assert_eq!(report.home_vanished, Some(shard("fr")));
    assert_eq!(report.removed, [shard("fr")]);
    let names: Vec<String> = saved(&database)
        .await
        .keys()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(names, ["online"]);
    database.close();
}

#[wasm_bindgen_test]
async fn a_version_1_database_is_brought_forward_intact() {
    schema::delete().await.unwrap();
    // Written as version 1 wrote it: one JSON record per shard.
    let old = schema::open_version(1).await.unwrap();
    let mut snapshot = ShardSnapshot::new(ShardId::online());
    snapshot.apply(SyncPage {
        cursor: Cursor::in_epoch(0xab, 42).unwrap(),
        more: false,
        upserts: Synthetic::new(8).meetings(300),
        deletes: vec![],
    });
    let record = js_sys::Object::new();
    js_sys::Reflect::set(&record, &"shard".into(), &"online".into()).unwrap();
    let json = serde_json::to_string(&snapshot).unwrap();
    js_sys::Reflect::set(&record, &"json".into(), &JsValue::from_str(&json)).unwrap();
    let transaction = old
        .transaction(&[schema::V1_SHARDS], idb::TransactionMode::ReadWrite)
        .unwrap();
    transaction
        .object_store(schema::V1_SHARDS)
        .unwrap()
        .put(&record, None)
        .unwrap()
        .await
        .unwrap();
    transaction.commit().unwrap().await.unwrap();
    old.close();

    let database = schema::open().await.unwrap();
    shards::migrate_from_v1(&database).await.unwrap();
    let loaded = saved(&database).await;
    assert_eq!(loaded[&ShardId::online()], snapshot);
    // Converted once: doing it again changes nothing.
    shards::migrate_from_v1(&database).await.unwrap();
    assert_eq!(saved(&database).await[&ShardId::online()], snapshot);
    database.close();
}

#[wasm_bindgen_test]
async fn a_damaged_shard_is_dropped_so_it_can_be_synced_again() {
    let database = fresh_database().await;
    let server = busy_server();
    sync_directory(&server, &database, None).await.unwrap();
    let transaction = database
        .transaction(&[schema::SNAPSHOTS], idb::TransactionMode::ReadWrite)
        .unwrap();
    let record = js_sys::Object::new();
    js_sys::Reflect::set(&record, &"shard".into(), &"online".into()).unwrap();
    js_sys::Reflect::set(
        &record,
        &"blob".into(),
        &js_sys::Uint8Array::from(&b"LNTS\x01garbage"[..]).into(),
    )
    .unwrap();
    transaction
        .object_store(schema::SNAPSHOTS)
        .unwrap()
        .put(&record, None)
        .unwrap()
        .await
        .unwrap();
    transaction.commit().unwrap().await.unwrap();

    assert!(saved(&database).await.is_empty());
    assert!(
        shards::cursors(&database).await.unwrap().is_empty(),
        "synced from the start next time"
    );
    sync_directory(&server, &database, None).await.unwrap();
    assert_same(
        &saved(&database).await[&shard("online")].meetings,
        &server.state("online"),
        "synced again",
    );
    database.close();
}

#[wasm_bindgen_test]
async fn favourites_keep_their_names_and_order() {
    let database = fresh_database().await;
    let meetings = Synthetic::new(4).meetings(3);
    for meeting in meetings.iter().rev() {
        favourites::add(
            &database,
            &favourites::Favourite {
                id: meeting.id.clone(),
                name: meeting.name.clone(),
            },
        )
        .await
        .unwrap();
    }
    favourites::remove(&database, &meetings[1].id)
        .await
        .unwrap();
    let names: Vec<String> = favourites::list(&database)
        .await
        .unwrap()
        .into_iter()
        .map(|f| f.name)
        .collect();
    assert_eq!(names, [meetings[2].name.clone(), meetings[0].name.clone()]);
    database.close();
}

#[wasm_bindgen_test]
async fn an_empty_shard_list_removes_nothing() {
    let database = fresh_database().await;
    let server = busy_server();
    sync_directory(&server, &database, None).await.unwrap();
    let before = saved(&database).await;
    // The directory answers with no shards at all, as while it is rebuilt.
    server.log.borrow_mut().clear();
    let report = sync_directory(&server, &database, None).await.unwrap();
    assert!(report.removed.is_empty());
    assert_eq!(
        saved(&database).await,
        before,
        "what the device holds stays"
    );
    database.close();
}
