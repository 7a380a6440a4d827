//! The recovery log in context: one `Copy` handle through which every page
//! reads and writes the log, plain or sealed, and which holds the lock.
//!
//! Without a lock the log is kept record by record. With the lock on it is
//! one sealed record: each change reads it, decrypts it, changes it and
//! seals it again, and is redone when another tab wrote first. The key
//! lives in memory only, and is dropped on "Lock now", after the chosen
//! time without use, and when the page closes.

use lantern_core::log::backup::Backup;
use lantern_core::log::check_in::CheckIn;
use lantern_core::log::counter::Counter;
use lantern_core::log::day::Day;
use lantern_core::log::joined::Joined;
use lantern_core::log::people::Person;
use lantern_core::log::reminder::Reminder;
use lantern_core::log::sealed::Sealed;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::de::DeserializeOwned;

use crate::crypto::LogKey;
use crate::db;
use crate::db::log::{json, PlainLog};
use crate::db::schema::{CHECK_INS, COUNTERS, PEOPLE};
use crate::error::AppError;
use crate::i18n::Words;

/// How often a sealed write is redone when other tabs keep writing first.
const ATTEMPTS: usize = 5;
/// How often the auto-lock looks at the clock.
const AUTO_LOCK_CHECK_MS: u64 = 5_000;
/// The auto-lock offered when the lock is first turned on, in minutes.
pub const DEFAULT_AUTO_LOCK: u32 = 5;
/// The times without use after which the log locks itself, in minutes.
pub const AUTO_LOCK_CHOICES: [u32; 5] = [1, 5, 15, 60, 0];

/// Whether the log can be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockState {
    /// Still finding out.
    Opening,
    /// No lock: the log is kept as it is.
    Plain,
    /// Locked: the passphrase is needed.
    Locked,
    /// The lock is on and the log is open in this tab.
    Unlocked,
}

/// The handle.
#[derive(Clone, Copy)]
pub struct RecoveryLog {
    state: RwSignal<LockState>,
    key: StoredValue<Option<LogKey>, LocalStorage>,
    last_use: StoredValue<f64>,
    /// Minutes without use before locking; 0 for never.
    auto_lock: RwSignal<u32>,
    /// The daily reminder, and the day it was last put off.
    reminder: RwSignal<Option<Reminder>>,
    put_off: RwSignal<Option<Day>>,
    /// Counts changes written from this tab, for what depends on them.
    changes: RwSignal<u32>,
}

/// The handle from context.
pub fn use_recovery_log() -> RecoveryLog {
    expect_context::<RecoveryLog>()
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

impl RecoveryLog {
    /// Puts the handle in context and finds out whether the log is locked.
    pub fn provide() -> RecoveryLog {
        let log = RecoveryLog {
            state: RwSignal::new(LockState::Opening),
            key: StoredValue::new_local(None),
            last_use: StoredValue::new(now_ms()),
            auto_lock: RwSignal::new(DEFAULT_AUTO_LOCK),
            reminder: RwSignal::new(None),
            put_off: RwSignal::new(None),
            changes: RwSignal::new(0),
        };
        provide_context(log);
        spawn_local(log.find_out());
        let used = move || log.last_use.set_value(now_ms());
        let _pointer = window_event_listener(leptos::ev::pointerdown, move |_| used());
        let _keys = window_event_listener(leptos::ev::keydown, move |_| used());
        let _visible =
            window_event_listener(leptos::ev::visibilitychange, move |_| log.lock_if_idle());
        let _tick = set_interval_with_handle(
            move || log.lock_if_idle(),
            std::time::Duration::from_millis(AUTO_LOCK_CHECK_MS),
        );
        log
    }

    /// Finds out whether the log is locked, and the auto-lock chosen.
    pub async fn find_out(self) {
        let found = db::schema::using(async |database| {
            let sealed = db::log::sealed(database).await?.is_some();
            let minutes = db::settings::auto_lock(database).await?;
            let reminder = db::settings::reminder(database).await?;
            let put_off = db::settings::reminder_put_off(database).await?;
            Ok((sealed, minutes, reminder, put_off))
        })
        .await;
        match found {
            Ok((sealed, minutes, reminder, put_off)) => {
                self.reminder.set(reminder);
                self.put_off.set(put_off);
                self.auto_lock.set(minutes.unwrap_or(DEFAULT_AUTO_LOCK));
                let state = if sealed {
                    LockState::Locked
                } else {
                    LockState::Plain
                };
                self.state.set(state);
            }
            // The log's pages say what went wrong when they read.
            Err(_) => self.state.set(LockState::Plain),
        }
    }

    /// Whether the log can be read (tracked).
    pub fn state(self) -> LockState {
        self.state.get()
    }

    /// Minutes without use before the log locks itself; 0 for never
    /// (tracked).
    pub fn auto_lock(self) -> u32 {
        self.auto_lock.get()
    }

    /// Chooses the auto-lock and keeps the choice.
    pub async fn set_auto_lock(self, minutes: u32) -> Result<(), AppError> {
        db::schema::using(async |database| db::settings::set_auto_lock(database, minutes).await)
            .await?;
        self.auto_lock.set(minutes);
        self.last_use.set_value(now_ms());
        Ok(())
    }

    /// The daily reminder, if set (tracked).
    pub fn reminder(self) -> Option<Reminder> {
        self.reminder.get()
    }

    /// The day the reminder was last put off (tracked).
    pub fn put_off(self) -> Option<Day> {
        self.put_off.get()
    }

    /// Changes written from this tab so far (tracked): read it to be run
    /// again after each.
    pub fn changes(self) -> u32 {
        self.changes.get()
    }

    /// The meetings joined from the app today and yesterday.
    pub async fn joined(self) -> Vec<Joined> {
        db::schema::using(async |database| db::settings::joined(database).await)
            .await
            .unwrap_or_default()
    }

    /// Keeps that the person tapped Join on a meeting today, so the day's
    /// check-in can ask whether they went. Best effort: a failure costs
    /// only that offer.
    pub fn record_join(self, id: String, name: String) {
        let today = crate::pages::log::today();
        spawn_local(async move {
            let join = Joined {
                day: today,
                id,
                name,
            };
            let _ = db::schema::using(async |database| {
                db::settings::record_join(database, join, today).await
            })
            .await;
        });
    }

    /// Sets or turns off the daily reminder, and keeps the choice.
    pub async fn set_reminder(self, at: Option<Reminder>) -> Result<(), AppError> {
        db::schema::using(async |database| db::settings::set_reminder(database, at).await).await?;
        self.reminder.set(at);
        Ok(())
    }

    /// "Not today": the reminder says nothing more on `day`.
    pub async fn put_off_reminder(self, day: Day) -> Result<(), AppError> {
        // Put off in this tab at once, even if the device cannot keep it.
        self.put_off.set(Some(day));
        db::schema::using(async |database| db::settings::put_off_reminder(database, day).await)
            .await
    }

    fn lock_if_idle(self) {
        self.lock_if_idle_at(now_ms());
    }

    /// Locks the log if, at `now` (milliseconds since 1970), it has gone
    /// unused for longer than the auto-lock allows.
    pub fn lock_if_idle_at(self, now: f64) {
        let minutes = self.auto_lock.get_untracked();
        let idle = now - self.last_use.get_value();
        if minutes > 0 && idle > f64::from(minutes) * 60_000.0 {
            self.lock_now();
        }
    }

    /// Locks the log in this tab: the key is forgotten.
    pub fn lock_now(self) {
        if self.state.get_untracked() == LockState::Unlocked {
            self.key.set_value(None);
            self.state.set(LockState::Locked);
        }
    }

    /// What a failed read or write means for the lock: another tab may
    /// have locked the log.
    fn noticed<T>(self, result: Result<T, AppError>) -> Result<T, AppError> {
        match result {
            Err(AppError::Locked) => {
                self.key.set_value(None);
                self.state.set(LockState::Locked);
            }
            // Removed in another tab: the log is plain again here too.
            Err(AppError::LockRemoved) => {
                self.key.set_value(None);
                self.state.set(LockState::Plain);
            }
            _ => {}
        }
        result
    }

    fn key(self) -> Result<Option<LogKey>, AppError> {
        match self.state.get_untracked() {
            LockState::Unlocked => self.key.get_value().map(Some).ok_or(AppError::Locked),
            LockState::Locked => Err(AppError::Locked),
            LockState::Opening | LockState::Plain => Ok(None),
        }
    }

    /// The sealed log opened with `key`, and its generation.
    async fn open_sealed(key: &LogKey) -> Result<(f64, Sealed, Backup), AppError> {
        let (n, sealed) = db::schema::using(async |database| db::log::sealed(database).await)
            .await?
            .ok_or(AppError::LockRemoved)?;
        let plain = key.open(&sealed).await?;
        // Not `Backup::read`: this is the app's own writing, and a counter
        // that starts "after today" on a clock set back must not lock the
        // person out of their log.
        let backup = serde_json::from_slice(&plain)
            .map_err(|e| AppError::storage(format!("the sealed log: {e}")))?;
        Ok((n, sealed, backup))
    }

    /// Reads the log with `key`, changes it and seals it again; redone when
    /// another tab wrote meanwhile. With `keep`, what it replaces is kept
    /// among the automatic backups.
    async fn change_sealed(
        key: &LogKey,
        keep: bool,
        change: impl Fn(&mut Backup),
    ) -> Result<(), AppError> {
        for _ in 0..ATTEMPTS {
            let (n, previous, mut backup) = RecoveryLog::open_sealed(key).await?;
            change(&mut backup);
            let sealed = key.seal(backup.to_json().as_bytes()).await?;
            let kept = keep.then_some(&previous);
            if db::schema::using(async |database| {
                db::log::write_sealed(database, n, &sealed, kept).await
            })
            .await?
            {
                return Ok(());
            }
        }
        Err(AppError::storage("another window kept changing the log"))
    }

    async fn read<T>(
        self,
        plain: impl AsyncFnOnce(&idb::Database) -> Result<T, AppError>,
        sealed: impl FnOnce(Backup) -> T,
    ) -> Result<T, AppError> {
        let result = match self.key()? {
            None => db::schema::using(plain).await,
            Some(key) => RecoveryLog::open_sealed(&key)
                .await
                .map(|(_, _, b)| sealed(b)),
        };
        self.noticed(result)
    }

    async fn write(
        self,
        plain: impl AsyncFnOnce(&idb::Database) -> Result<(), AppError>,
        sealed: impl Fn(&mut Backup),
    ) -> Result<(), AppError> {
        let result = match self.key()? {
            None => db::schema::using(plain).await,
            Some(key) => RecoveryLog::change_sealed(&key, false, sealed).await,
        };
        if result.is_ok() {
            self.changes.update(|n| *n += 1);
        }
        self.noticed(result)
    }

    /// Every check-in by day, and how many records could not be read.
    pub async fn check_ins(self) -> Result<(Vec<CheckIn>, usize), AppError> {
        self.read(
            async |database| db::check_ins::all(database).await,
            |mut backup| {
                backup.sort();
                (backup.check_ins, 0)
            },
        )
        .await
    }

    /// Saves a day's check-in, replacing that day's earlier one.
    pub async fn save_check_in(self, check_in: CheckIn) -> Result<(), AppError> {
        self.write(
            async |database| db::check_ins::put(database, &check_in).await,
            |backup| backup.put_check_in(check_in.clone()),
        )
        .await
    }

    /// Every counter, oldest start first.
    pub async fn counters(self) -> Result<Vec<Counter>, AppError> {
        self.read(
            async |database| db::counters::all(database).await,
            |mut backup| {
                backup.sort();
                backup.counters
            },
        )
        .await
    }

    /// Saves a counter, replacing the one with its id.
    pub async fn save_counter(self, counter: Counter) -> Result<(), AppError> {
        self.write(
            async |database| db::counters::put(database, &counter).await,
            |backup| backup.put_counter(counter.clone()),
        )
        .await
    }

    /// Everyone saved, in the order added.
    pub async fn people(self) -> Result<Vec<Person>, AppError> {
        self.read(
            async |database| db::people::all(database).await,
            |mut backup| {
                backup.sort();
                backup.people
            },
        )
        .await
    }

    /// Saves a person, replacing the one with their id.
    pub async fn save_person(self, person: Person) -> Result<(), AppError> {
        self.write(
            async |database| db::people::put(database, &person).await,
            |backup| backup.put_person(person.clone()),
        )
        .await
    }

    /// Forgets a person.
    pub async fn remove_person(self, id: String) -> Result<(), AppError> {
        self.write(
            async |database| db::people::remove(database, &id).await,
            |backup| backup.remove_person(&id),
        )
        .await
    }

    /// Everything in the log, as a backup written on `today`.
    pub async fn everything(self, today: Day) -> Result<Backup, AppError> {
        let mut backup = self
            .read(
                async |database| backup_of(&db::log::plain(database).await?, today),
                |backup| backup,
            )
            .await?;
        backup.sort();
        Ok(Backup::new(
            backup.check_ins,
            backup.counters,
            backup.people,
            today,
        ))
    }

    /// Replaces the whole log with `backup`, keeping what it replaces among
    /// the automatic backups.
    pub async fn replace(self, backup: Backup, today: Day) -> Result<(), AppError> {
        let result = match self.key()? {
            None => {
                db::schema::using(async |database| {
                    let previous = backup_of(&db::log::plain(database).await?, today)?.to_json();
                    db::log::replace_plain(database, &rows(&backup)?, &previous).await
                })
                .await
            }
            Some(key) => {
                RecoveryLog::change_sealed(&key, true, |log| {
                    *log = Backup::new(
                        backup.check_ins.clone(),
                        backup.counters.clone(),
                        backup.people.clone(),
                        today,
                    );
                })
                .await
            }
        };
        if result.is_ok() {
            self.changes.update(|n| *n += 1);
        }
        self.noticed(result)
    }

    /// Turns the lock on with `passphrase`: the log, and the automatic
    /// backups, are sealed in one step, and stay open in this tab.
    pub async fn lock(self, passphrase: &str, today: Day) -> Result<(), AppError> {
        let key = LogKey::new(passphrase).await?;
        for _ in 0..ATTEMPTS {
            let seen = self.noticed(
                db::schema::using(async |database| db::log::plain(database).await).await,
            )?;
            let backup = backup_of(&seen, today)?;
            let sealed = key.seal(backup.to_json().as_bytes()).await?;
            let mut kept = Vec::with_capacity(seen.kept.len());
            for (at, copy) in &seen.kept {
                kept.push((*at, key.seal(copy.as_bytes()).await?));
            }
            let locked = db::schema::using(async |database| {
                db::log::lock(database, &seen, &sealed, &kept).await
            })
            .await;
            if self.noticed(locked)? {
                self.key.set_value(Some(key));
                self.last_use.set_value(now_ms());
                self.state.set(LockState::Unlocked);
                return Ok(());
            }
        }
        Err(AppError::storage("another window kept changing the log"))
    }

    /// Opens the locked log with `passphrase`.
    pub async fn unlock(self, passphrase: &str) -> Result<(), AppError> {
        let found = db::schema::using(async |database| db::log::sealed(database).await).await?;
        let Some((_, sealed)) = found else {
            // Removed in another tab meanwhile: nothing to open.
            self.key.set_value(None);
            self.state.set(LockState::Plain);
            return Ok(());
        };
        let key = LogKey::for_sealed(passphrase, &sealed).await?;
        key.open(&sealed).await?;
        self.key.set_value(Some(key));
        self.last_use.set_value(now_ms());
        self.state.set(LockState::Unlocked);
        Ok(())
    }

    /// Turns the lock off: the log is kept as it is again.
    pub async fn remove_lock(self) -> Result<(), AppError> {
        let key = self.key()?.ok_or(AppError::Locked)?;
        for _ in 0..ATTEMPTS {
            let (n, _, backup) = RecoveryLog::open_sealed(&key).await?;
            let sealed_copies =
                db::schema::using(async |database| db::log::sealed_backups(database).await).await?;
            let mut kept = Vec::with_capacity(sealed_copies.len());
            for (at, copy) in &sealed_copies {
                let plain = key.open(copy).await?;
                kept.push((*at, String::from_utf8_lossy(&plain).into_owned()));
            }
            let rows = rows(&backup)?;
            if db::schema::using(async |database| db::log::unlock(database, n, &rows, &kept).await)
                .await?
            {
                self.key.set_value(None);
                self.state.set(LockState::Plain);
                return Ok(());
            }
        }
        Err(AppError::storage("another window kept changing the log"))
    }
}

/// The plain log's records as a backup. A record that cannot be read stops
/// the copy: it would be lost.
fn backup_of(log: &PlainLog, today: Day) -> Result<Backup, AppError> {
    let [check_ins, counters, people] = &log.texts;
    Ok(Backup::new(
        parse(check_ins)?,
        parse(counters)?,
        parse(people)?,
        today,
    ))
}

fn parse<T: DeserializeOwned>(texts: &[String]) -> Result<Vec<T>, AppError> {
    texts
        .iter()
        .map(|t| {
            serde_json::from_str(t).map_err(|e| AppError::UnreadableRecord {
                detail: e.to_string(),
            })
        })
        .collect()
}

/// A backup as the plain stores' rows: `(store, key, json)`.
fn rows(backup: &Backup) -> Result<Vec<(&'static str, String, String)>, AppError> {
    let mut rows = Vec::new();
    for check_in in &backup.check_ins {
        rows.push((CHECK_INS, check_in.day.to_string(), json(check_in)?));
    }
    for counter in &backup.counters {
        rows.push((COUNTERS, counter.id.clone(), json(counter)?));
    }
    for person in &backup.people {
        rows.push((PEOPLE, person.id.clone(), json(person)?));
    }
    Ok(rows)
}

/// Why saving a check-in failed, in the person's words: what they wrote is
/// still in the form.
pub fn not_saved(words: &Words, error: &AppError) -> String {
    match error {
        AppError::StorageFull { .. } => words.log_storage_full.to_owned(),
        AppError::Storage { .. } => words.log_storage.to_owned(),
        other => other.message(words),
    }
}

/// Why the log could not be read, in the person's words (not the
/// directory's "could not save meetings").
pub fn not_read(words: &Words, error: &AppError) -> String {
    match error {
        AppError::Storage { .. } | AppError::StorageFull { .. } => words.log_read_failed.to_owned(),
        other => other.message(words),
    }
}

/// Why a change to the log (a counter, a person, a copy brought back) was
/// not saved, in the person's words.
pub fn not_changed(words: &Words, error: &AppError) -> String {
    match error {
        AppError::StorageFull { .. } => words.log_change_full.to_owned(),
        AppError::Storage { .. } => words.log_change_refused.to_owned(),
        other => other.message(words),
    }
}
