//! The log's backup file: everything in one JSON document the person keeps
//! (and a CSV of check-ins for spreadsheets). Reading one checks the whole
//! file before anything is stored, so a corrupt, cut-short, foreign or
//! hostile file is refused whole, with words that say why.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::check_in::{CheckIn, CheckInError, Reflection, Use};
use super::counter::{Counter, CounterError};
use super::day::Day;
use super::header::{self, HeaderError};
use super::people::{Person, PersonError, MAX_PEOPLE};

/// What the file says it is.
pub const FORMAT: &str = "lantern-log";
/// The version this build writes and reads.
pub const VERSION: u32 = 1;
/// The largest file read: years of daily notes fit many times over.
pub const MAX_BYTES: usize = 25 * 1024 * 1024;
/// The most check-ins read: one a day for over a century.
pub const MAX_CHECK_INS: usize = 40_000;
/// The most counters read.
pub const MAX_COUNTERS: usize = 100;

/// Everything in the log.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Backup {
    /// Always [`FORMAT`].
    pub format: String,
    /// The version it was written in.
    pub version: u32,
    /// The day it was written.
    pub exported: Option<Day>,
    /// Check-ins, one per day.
    #[serde(default)]
    pub check_ins: Vec<CheckIn>,
    /// Counters.
    #[serde(default)]
    pub counters: Vec<Counter>,
    /// My people.
    #[serde(default)]
    pub people: Vec<Person>,
}

/// What a backup holds, to show before it replaces anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Summary {
    /// How many check-ins.
    pub check_ins: usize,
    /// How many counters.
    pub counters: usize,
    /// How many people.
    pub people: usize,
    /// The first and last day with a check-in.
    pub days: Option<(Day, Day)>,
}

/// Why a file cannot be read as a backup. Nothing was stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BackupError {
    /// Over [`MAX_BYTES`].
    TooLarge {
        /// Its size in bytes.
        bytes: usize,
    },
    /// Not a Lantern log backup (another app's file, or not JSON at all).
    Foreign,
    /// The file ends early: cut short while saving or sending.
    CutShort,
    /// Written by a version this one does not know.
    UnknownVersion {
        /// The version it says.
        version: u64,
    },
    /// JSON, but not in the backup's shape.
    Malformed {
        /// What did not fit.
        detail: String,
    },
    /// Too many check-ins, counters or people.
    TooMany {
        /// Which.
        what: &'static str,
    },
    /// Two check-ins for one day, or two counters or people with one id.
    Duplicate {
        /// Which.
        what: &'static str,
        /// The day or id.
        key: String,
    },
    /// A check-in that would not be saved.
    CheckIn {
        /// Its day.
        day: Day,
        /// What is wrong.
        error: CheckInError,
    },
    /// A counter that would not be saved.
    Counter {
        /// Its name, cut short.
        name: String,
        /// What is wrong.
        error: CounterError,
    },
    /// A person who would not be saved.
    Person {
        /// What is wrong.
        error: PersonError,
    },
}

impl fmt::Display for BackupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BackupError::TooLarge { bytes } => write!(
                f,
                "this file is {} MB, more than any log backup; choose the file Lantern exported",
                bytes / (1024 * 1024)
            ),
            BackupError::Foreign => f.write_str(
                "this is not a Lantern log backup; choose the file Lantern exported (lantern-log-….json)",
            ),
            BackupError::CutShort => f.write_str(
                "this backup ends early, as if it was cut short while being saved or sent; try another copy",
            ),
            BackupError::UnknownVersion { version } => write!(
                f,
                "this backup was written by another version of Lantern (version {version}); update the app, then try again"
            ),
            BackupError::Malformed { detail } => {
                write!(f, "this backup is damaged ({detail}); try another copy")
            }
            BackupError::TooMany { what } => {
                write!(f, "this backup holds more {what} than a log can")
            }
            BackupError::Duplicate { what, key } => {
                write!(f, "this backup holds two {what} for {key}; try another copy")
            }
            BackupError::CheckIn { day, error } => write!(f, "the check-in of {day}: {error}"),
            BackupError::Counter { name, error } => write!(f, "the counter “{name}”: {error}"),
            BackupError::Person { error } => write!(f, "one of your people: {error}"),
        }
    }
}

impl std::error::Error for BackupError {}

impl Backup {
    /// Saves a day's check-in, replacing that day's earlier one.
    pub fn put_check_in(&mut self, check_in: CheckIn) {
        self.check_ins.retain(|c| c.day != check_in.day);
        self.check_ins.push(check_in);
    }

    /// Saves a counter, replacing the one with its id.
    pub fn put_counter(&mut self, counter: Counter) {
        self.counters.retain(|c| c.id != counter.id);
        self.counters.push(counter);
    }

    /// Saves a person, replacing the one with their id.
    pub fn put_person(&mut self, person: Person) {
        self.people.retain(|p| p.id != person.id);
        self.people.push(person);
    }

    /// Forgets a person.
    pub fn remove_person(&mut self, id: &str) {
        self.people.retain(|p| p.id != id);
    }

    /// Puts everything in the order the app shows it: check-ins by day,
    /// counters oldest start first, people in the order added.
    pub fn sort(&mut self) {
        self.check_ins.sort_by_key(|c| c.day);
        sort_counters(&mut self.counters);
        sort_people(&mut self.people);
    }

    /// A backup of everything, written on `today`.
    pub fn new(
        check_ins: Vec<CheckIn>,
        counters: Vec<Counter>,
        people: Vec<Person>,
        today: Day,
    ) -> Backup {
        Backup {
            format: FORMAT.to_owned(),
            version: VERSION,
            exported: Some(today),
            check_ins,
            counters,
            people,
        }
    }

    /// The file's text: compact JSON (a pretty printer would add to the
    /// app's download a second copy of every type's writer).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads and checks a whole file as of `today`. Check-ins come back
    /// sorted by day.
    ///
    /// # Errors
    ///
    /// The first reason the file cannot be taken; then nothing may be stored.
    pub fn read(bytes: &[u8], today: Day) -> Result<Backup, BackupError> {
        header::check(bytes, MAX_BYTES, FORMAT, VERSION).map_err(|e| match e {
            HeaderError::TooLarge(bytes) => BackupError::TooLarge { bytes },
            HeaderError::Foreign => BackupError::Foreign,
            HeaderError::CutShort => BackupError::CutShort,
            HeaderError::UnknownVersion(version) => BackupError::UnknownVersion { version },
        })?;
        let mut backup: Backup =
            serde_json::from_slice(bytes).map_err(|e| BackupError::Malformed {
                detail: e.to_string(),
            })?;
        backup.check(today)?;
        backup.check_ins.sort_by_key(|c| c.day);
        Ok(backup)
    }

    fn check(&self, today: Day) -> Result<(), BackupError> {
        if self.check_ins.len() > MAX_CHECK_INS {
            return Err(BackupError::TooMany { what: "check-ins" });
        }
        if self.counters.len() > MAX_COUNTERS {
            return Err(BackupError::TooMany { what: "counters" });
        }
        if self.people.len() > MAX_PEOPLE {
            return Err(BackupError::TooMany { what: "people" });
        }
        let mut days = BTreeSet::new();
        for check_in in &self.check_ins {
            check_in.check().map_err(|error| BackupError::CheckIn {
                day: check_in.day,
                error,
            })?;
            if !days.insert(check_in.day) {
                return Err(BackupError::Duplicate {
                    what: "check-ins",
                    key: check_in.day.to_string(),
                });
            }
        }
        let mut ids = BTreeSet::new();
        for counter in &self.counters {
            counter.check(today).map_err(|error| BackupError::Counter {
                name: counter.name.chars().take(60).collect(),
                error,
            })?;
            if !ids.insert(counter.id.as_str()) {
                return Err(BackupError::Duplicate {
                    what: "counters",
                    key: counter.id.clone(),
                });
            }
        }
        let mut ids = BTreeSet::new();
        for person in &self.people {
            person
                .check()
                .map_err(|error| BackupError::Person { error })?;
            if !ids.insert(person.id.as_str()) {
                return Err(BackupError::Duplicate {
                    what: "people",
                    key: person.id.clone(),
                });
            }
        }
        Ok(())
    }

    /// What it holds, for the preview before importing.
    pub fn summary(&self) -> Summary {
        let first = self.check_ins.iter().map(|c| c.day).min();
        let last = self.check_ins.iter().map(|c| c.day).max();
        Summary {
            check_ins: self.check_ins.len(),
            counters: self.counters.len(),
            people: self.people.len(),
            days: first.zip(last),
        }
    }
}

/// Counters in the order shown: oldest start first.
pub fn sort_counters(counters: &mut [Counter]) {
    counters.sort_by(|a, b| a.since.cmp(&b.since).then(a.id.cmp(&b.id)));
}

/// People in the order shown: the order added (ids grow with time, so a
/// shorter id is older).
pub fn sort_people(people: &mut [Person]) {
    people.sort_by(|a, b| a.id.len().cmp(&b.id.len()).then(a.id.cmp(&b.id)));
}

/// The check-ins as CSV for a spreadsheet (RFC 4180): one row per day,
/// with a header. Cells that a spreadsheet would run as a formula are
/// quoted with `'`. Written here rather than with the `csv` crate, which
/// the app would otherwise carry for this alone.
pub fn check_ins_csv(check_ins: &[CheckIn]) -> String {
    let header = ["day", "mood", "craving", "used", "meetings"]
        .into_iter()
        .chain(Reflection::ALL.map(Reflection::key))
        .chain(["note"]);
    let mut rows: Vec<Vec<String>> = vec![header.map(str::to_owned).collect()];
    for c in check_ins {
        let meetings: Vec<&str> = c.meetings.iter().map(|m| m.name()).collect();
        let mut row = vec![
            c.day.to_string(),
            c.mood.get().to_string(),
            c.craving.get().to_string(),
            match c.used {
                Use::Unsaid => String::new(),
                Use::No => "no".to_owned(),
                Use::Yes => "yes".to_owned(),
            },
            cell(&meetings.join("; ")),
        ];
        row.extend(Reflection::ALL.map(|which| {
            c.reflections
                .get(which)
                .map(|r| r.get().to_string())
                .unwrap_or_default()
        }));
        row.push(cell(&c.note));
        rows.push(row);
    }
    let mut out = String::new();
    for row in rows {
        for (n, field) in row.iter().enumerate() {
            if n > 0 {
                out.push(',');
            }
            if field.contains([',', '"', '\n', '\r']) {
                out.push('"');
                out.push_str(&field.replace('"', "\"\""));
                out.push('"');
            } else {
                out.push_str(field);
            }
        }
        out.push('\n');
    }
    out
}

/// Text a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, tab,
/// carriage return) gets a leading `'`.
fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests;
