//! The directory in context: one small `Copy` handle that owns the saved
//! meetings, their search index and time zones, and the sync with the
//! worker. Every page reads it; nothing decodes the directory twice.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use jiff::tz::{Offset, TimeZone};
use jiff::Timestamp;
use lantern_core::schedule::zones::Zones;
use lantern_core::search::index::{Query, SearchIndex};
use lantern_core::search::recent::RecentSearches;
use lantern_core::sync::merged_meetings;
use lantern_core::{Meeting, MeetingId, ShardId, ShardSummary};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::db;
use crate::db::favourites::Favourite;
use crate::error::AppError;
use crate::sync::directory::{sync_directory, SyncReport, Worker};

/// How often "now" moves on, for "starts in 12 min".
const TICK_MS: u64 = 20_000;

/// The index's times hold for a week; it is rebuilt when half a day old so
/// that a daylight-saving change is picked up early.
const REBUILD_AFTER_SECONDS: i64 = 12 * 60 * 60;

/// The saved directory, loaded and indexed.
pub struct Loaded {
    /// Every saved meeting once, in order of id.
    pub meetings: Vec<Meeting>,
    /// The search index over `meetings`; result numbers are positions in it.
    pub index: SearchIndex,
    /// The zones the app has (the meetings' and the viewer's).
    pub zones: Zones,
    /// The viewer's zone and its IANA name.
    pub viewer: TimeZone,
    /// The viewer's zone's name, as the browser gives it.
    pub viewer_name: String,
    /// Which load this is: result numbers of one load mean nothing in
    /// another, so lists key their rows by it too.
    pub generation: u64,
    /// The last searches over `index`, which make typing and deleting
    /// cheap.
    recent: Mutex<RecentSearches>,
}

impl Loaded {
    /// The meetings that match `query` at `now`, in its order.
    pub fn search(&self, query: &Query, now: Timestamp) -> Arc<Vec<u32>> {
        match self.recent.lock() {
            Ok(mut recent) => recent.search(&self.index, query, now),
            Err(_) => {
                let mut found = Vec::new();
                self.index.search(query, now, &mut found);
                Arc::new(found)
            }
        }
    }

    /// A meeting by id, with its position.
    pub fn find(&self, id: &str) -> Option<(u32, &Meeting)> {
        let position = self
            .meetings
            .binary_search_by(|m| m.id.as_str().cmp(id))
            .ok()?;
        Some((u32::try_from(position).ok()?, self.meetings.get(position)?))
    }

    /// The meeting at a result position.
    pub fn meeting(&self, number: u32) -> Option<&Meeting> {
        self.meetings.get(usize::try_from(number).ok()?)
    }

    /// Whether any saved meeting is demo data.
    pub fn has_demo(&self) -> bool {
        self.meetings.iter().any(Meeting::is_demo)
    }
}

/// Where loading the saved directory stands.
#[derive(Clone)]
pub enum LoadState {
    /// Reading the device's storage.
    Loading,
    /// Loaded.
    Ready(Arc<Loaded>),
    /// Storage could not be read.
    Failed(AppError),
}

/// The directory handle, in context.
#[derive(Clone, Copy)]
pub struct Directory {
    state: RwSignal<LoadState, LocalStorage>,
    clock: RwSignal<Timestamp>,
    home: RwSignal<Option<ShardId>>,
    home_vanished: RwSignal<Option<ShardId>>,
    available: RwSignal<Vec<ShardSummary>>,
    favourites: RwSignal<Vec<Favourite>>,
    sync: Action<(), Result<SyncReport, AppError>>,
    /// Set when a sync is asked for while one runs.
    again: StoredValue<bool>,
}

/// The directory handle from context.
pub fn use_directory() -> Directory {
    expect_context::<Directory>()
}

/// The current instant, from the browser's clock.
pub fn now() -> Timestamp {
    Timestamp::from_millisecond(js_sys::Date::now() as i64).unwrap_or(Timestamp::UNIX_EPOCH)
}

impl Directory {
    /// Creates the handle, puts it in context, loads what the device holds
    /// and starts a sync. Syncs again when the connection comes back.
    pub fn provide() -> Directory {
        let state = RwSignal::new_local(LoadState::Loading);
        let home = RwSignal::new(None);
        let home_vanished = RwSignal::new(None);
        let available = RwSignal::new(Vec::new());
        let again = StoredValue::new(false);
        let sync = Action::new_local(move |_: &()| async move {
            // One sync at a time: a request that comes while one runs is
            // answered by running once more when it ends (two at once could
            // compact a shard under the other's feet).
            loop {
                again.set_value(false);
                let current = match state.get_untracked() {
                    LoadState::Ready(loaded) => Some(loaded),
                    _ => None,
                };
                // A first visit shows the meetings as their pages arrive,
                // not only when the whole directory is in.
                let running = std::rc::Rc::new(std::cell::Cell::new(true));
                if current.as_ref().is_some_and(|l| l.meetings.is_empty()) {
                    spawn_local(show_while_syncing(state, running.clone()));
                }
                let result = run_sync(home.get_untracked(), current).await;
                running.set(false);
                match &result {
                    Ok((report, loaded)) => {
                        if let Some(loaded) = loaded {
                            state.set(LoadState::Ready(loaded.clone()));
                        }
                        // Set only when it changed: Settings redraws its list.
                        if available.with_untracked(|a| a != &report.available) {
                            available.set(report.available.clone());
                        }
                        home_vanished.set(report.home_vanished.clone());
                    }
                    Err(error) => leptos::logging::warn!("sync: {error}"),
                }
                if !again.get_value() {
                    return result.map(|(report, _)| report);
                }
            }
        });
        let directory = Directory {
            state,
            clock: RwSignal::new(now()),
            home,
            home_vanished,
            available,
            favourites: RwSignal::new(Vec::new()),
            sync,
            again,
        };
        provide_context(directory);
        spawn_local(async move {
            match directory.start().await {
                Ok(loaded) => state.set(LoadState::Ready(loaded)),
                Err(error) => state.set(LoadState::Failed(error)),
            }
            directory.sync();
        });
        let _online = window_event_listener(leptos::ev::online, move |_| {
            directory.sync();
        });
        // Pushes time outward: the clock moves, and the index is rebuilt
        // when its week has aged.
        let _tick = set_interval_with_handle(
            move || {
                let now = now();
                directory.clock.set(now);
                directory.rebuild_if_old(now);
            },
            std::time::Duration::from_millis(TICK_MS),
        );
        directory
    }

    async fn start(self) -> Result<Arc<Loaded>, AppError> {
        let database = db::schema::open().await?;
        db::shards::migrate_from_v1(&database).await?;
        self.home.set(db::settings::home_area(&database).await?);
        self.favourites.set(db::favourites::list(&database).await?);
        let loaded = load(&database, now()).await;
        database.close();
        loaded.map(Arc::new)
    }

    fn rebuild_if_old(self, now: Timestamp) {
        let old = self.state.with_untracked(|state| match state {
            LoadState::Ready(loaded) => {
                now.as_second() - loaded.index.built_at().as_second() > REBUILD_AFTER_SECONDS
            }
            _ => false,
        });
        if old {
            let state = self.state;
            spawn_local(async move {
                if let Ok(database) = db::schema::open().await {
                    if let Ok(loaded) = load(&database, now).await {
                        state.set(LoadState::Ready(Arc::new(loaded)));
                    }
                    database.close();
                }
            });
        }
    }

    /// Where loading stands (tracked).
    pub fn state(self) -> LoadState {
        self.state.get()
    }

    /// The loaded directory, if loaded (tracked).
    pub fn loaded(self) -> Option<Arc<Loaded>> {
        match self.state.get() {
            LoadState::Ready(loaded) => Some(loaded),
            _ => None,
        }
    }

    /// The loaded directory, if loaded (not tracked: for code that runs
    /// once, such as a row being drawn).
    pub fn loaded_untracked(self) -> Option<Arc<Loaded>> {
        self.state.with_untracked(|state| match state {
            LoadState::Ready(loaded) => Some(loaded.clone()),
            _ => None,
        })
    }

    /// Now, moving on every 20 seconds (tracked).
    pub fn now(self) -> Timestamp {
        self.clock.get()
    }

    /// Starts a sync (the retry button, pull to refresh).
    pub fn sync(self) {
        if self.sync.pending().get_untracked() {
            self.again.set_value(true);
            return;
        }
        self.sync.dispatch(());
    }

    /// Whether a sync is running (tracked).
    pub fn syncing(self) -> bool {
        self.sync.pending().get()
    }

    /// How the last sync ended, if one has (tracked).
    pub fn last_sync(self) -> Option<Result<SyncReport, AppError>> {
        self.sync.value().get()
    }

    /// The home area (tracked).
    pub fn home(self) -> Option<ShardId> {
        self.home.get()
    }

    /// The home area, for code that runs once.
    pub fn home_untracked(self) -> Option<ShardId> {
        self.home.get_untracked()
    }

    /// The home area that vanished from the directory at the last sync.
    pub fn home_vanished(self) -> Option<ShardId> {
        self.home_vanished.get()
    }

    /// The shards the directory listed at the last sync (tracked).
    pub fn available(self) -> Vec<ShardSummary> {
        self.available.get()
    }

    /// Chooses the home area, saves the choice and syncs: the old area's
    /// meetings leave the device, the new one's arrive.
    pub async fn choose_home(self, area: Option<ShardId>) -> Result<(), AppError> {
        let database = db::schema::open().await?;
        let saved = db::settings::set_home_area(&database, area.as_ref()).await;
        database.close();
        saved?;
        self.home.set(area);
        self.home_vanished.set(None);
        self.sync();
        Ok(())
    }

    /// The saved meetings (tracked).
    pub fn favourites(self) -> Vec<Favourite> {
        self.favourites.get()
    }

    /// Whether a meeting is saved (tracked).
    pub fn is_favourite(self, id: &MeetingId) -> bool {
        self.favourites
            .with(|list| list.iter().any(|f| &f.id == id))
    }

    /// Saves or forgets a meeting.
    pub async fn set_favourite(self, meeting: &Meeting, saved: bool) -> Result<(), AppError> {
        let database = db::schema::open().await?;
        let result = if saved {
            let favourite = Favourite {
                id: meeting.id.clone(),
                name: meeting.name.clone(),
            };
            db::favourites::add(&database, &favourite).await
        } else {
            db::favourites::remove(&database, &meeting.id).await
        };
        self.reread_favourites(database, result).await
    }

    /// Forgets a saved meeting.
    pub async fn forget_favourite(self, id: &MeetingId) -> Result<(), AppError> {
        let database = db::schema::open().await?;
        let result = db::favourites::remove(&database, id).await;
        self.reread_favourites(database, result).await
    }

    /// After a change to the saved meetings: reads them again and closes.
    async fn reread_favourites(
        self,
        database: idb::Database,
        change: Result<(), AppError>,
    ) -> Result<(), AppError> {
        let list = db::favourites::list(&database).await;
        database.close();
        change?;
        self.favourites.set(list?);
        Ok(())
    }
}

/// Syncs, fetches the zones the device lacks, and loads the directory
/// again when anything changed (`None` when `current` still holds).
async fn run_sync(
    home: Option<ShardId>,
    current: Option<Arc<Loaded>>,
) -> Result<(SyncReport, Option<Arc<Loaded>>), AppError> {
    let database = db::schema::open().await?;
    let result = async {
        let report = sync_directory(&Worker, &database, home.as_ref()).await?;
        let mut reloaded = None;
        let loaded = match current {
            Some(current) if !report.changed() => current,
            _ => {
                let loaded = Arc::new(load(&database, now()).await?);
                reloaded = Some(loaded.clone());
                loaded
            }
        };
        // A zone that cannot be fetched now leaves its meetings in their
        // own zone's time: the sync itself still counts, and what it
        // brought is shown.
        let missing = missing_zones(&loaded);
        if !missing.is_empty() {
            match crate::sync::zones::fetch_missing(&database, &missing).await {
                Ok(0) => {}
                Ok(_) => reloaded = Some(Arc::new(load(&database, now()).await?)),
                Err(error) => leptos::logging::warn!("time zones: {error}"),
            }
        }
        Ok((report, reloaded))
    }
    .await;
    database.close();
    result
}

/// How often a first sync shows what has arrived so far.
const SHOW_EVERY_MS: i32 = 1_500;

/// While a first sync runs, shows the meetings saved so far, once there
/// are some (then the sync's end shows the rest). Each look reads and
/// indexes what is saved, so it is done every [`SHOW_EVERY_MS`], not per
/// page.
async fn show_while_syncing(
    state: RwSignal<LoadState, LocalStorage>,
    running: std::rc::Rc<std::cell::Cell<bool>>,
) {
    loop {
        pause(SHOW_EVERY_MS).await;
        if !running.get() {
            return;
        }
        let Ok(database) = db::schema::open().await else {
            return;
        };
        let loaded = load(&database, now()).await;
        database.close();
        if let Ok(loaded) = loaded {
            if !loaded.meetings.is_empty() && running.get() {
                state.set(LoadState::Ready(Arc::new(loaded)));
                return;
            }
        }
    }
}

/// Waits `ms` milliseconds.
async fn pause(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Reads the saved directory and indexes it for the viewer.
pub async fn load(database: &idb::Database, now: Timestamp) -> Result<Loaded, AppError> {
    let snapshots = db::shards::load_all(database).await?;
    let zones = db::zones::load(database).await?;
    let meetings = merged_meetings(snapshots);
    let viewer_name = viewer_zone_name();
    let viewer = zones
        .get(&viewer_name)
        .cloned()
        .unwrap_or_else(|| browser_offset_zone(now));
    let index = SearchIndex::build(&meetings, &zones, &viewer, now);
    static LOADS: AtomicU64 = AtomicU64::new(0);
    Ok(Loaded {
        meetings,
        index,
        zones,
        viewer,
        viewer_name,
        generation: LOADS.fetch_add(1, Ordering::Relaxed),
        recent: Mutex::new(RecentSearches::new()),
    })
}

/// The zones the loaded directory needs and lacks, sorted.
fn missing_zones(loaded: &Loaded) -> Vec<String> {
    let mut missing: Vec<String> = loaded
        .meetings
        .iter()
        .map(|m| m.schedule.zone.as_str())
        .chain([loaded.viewer_name.as_str()])
        .filter(|name| !name.is_empty() && loaded.zones.get(name).is_none())
        .map(str::to_owned)
        .collect();
    missing.sort_unstable();
    missing.dedup();
    missing
}

/// The viewer's IANA zone, as the browser reports it.
pub fn viewer_zone_name() -> String {
    let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
    js_sys::Reflect::get(&format.resolved_options(), &"timeZone".into())
        .ok()
        .and_then(|zone| zone.as_string())
        .unwrap_or_else(|| "UTC".to_owned())
}

/// Until the viewer's zone is on the device (offline on a first visit),
/// the browser's current offset stands in for it.
fn browser_offset_zone(now: Timestamp) -> TimeZone {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(now.as_millisecond() as f64));
    // getTimezoneOffset is minutes *behind* UTC: 300 in New York in winter.
    let seconds = -(date.get_timezone_offset() as i32) * 60;
    Offset::from_seconds(seconds)
        .map(TimeZone::fixed)
        .unwrap_or(TimeZone::UTC)
}
