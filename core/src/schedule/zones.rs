//! The time zones a computation may use, supplied by the caller.
//!
//! Core never reads the system's zone or a bundled database: the worker and
//! the command-line tool fill [`Zones`] from jiff's bundled database, the app
//! from the TZif data of just the zones its shards use.

use std::collections::HashMap;

use jiff::tz::TimeZone;

/// Time zones by IANA name.
#[derive(Clone, Debug, Default)]
pub struct Zones {
    by_name: HashMap<String, TimeZone>,
}

impl Zones {
    /// No zones yet.
    pub fn new() -> Zones {
        Zones::default()
    }

    /// Adds a zone under its IANA name.
    pub fn insert(&mut self, name: &str, zone: TimeZone) {
        self.by_name.insert(name.to_owned(), zone);
    }

    /// Adds a zone from TZif data (the contents of a zoneinfo file).
    ///
    /// # Errors
    ///
    /// When the data is not valid TZif.
    pub fn insert_tzif(&mut self, name: &str, data: &[u8]) -> Result<(), jiff::Error> {
        let zone = TimeZone::tzif(name, data)?;
        self.insert(name, zone);
        Ok(())
    }

    /// The zone with this name, if it was supplied. `UTC` is always known.
    pub fn get(&self, name: &str) -> Option<&TimeZone> {
        static UTC: TimeZone = TimeZone::UTC;
        match self.by_name.get(name) {
            Some(zone) => Some(zone),
            None if name == "UTC" => Some(&UTC),
            None => None,
        }
    }

    /// How many zones are known (besides `UTC`).
    pub fn len(&self) -> usize {
        self.by_name.len()
    }

    /// Whether no zone was supplied.
    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }
}
