//! The feed formats Lantern reads, by name.

use std::fmt;

use super::{bmlt, csv, mg, FeedError, Import, ImportOptions};

/// A feed format that Lantern imports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Meeting Guide JSON (the 12-step meeting guide spec, TSML).
    MeetingGuide,
    /// BMLT semantic JSON (`GetSearchResults`).
    Bmlt,
    /// Meeting Guide's table format as CSV.
    Csv,
}

impl Format {
    /// Every format, in the order they are listed to people.
    pub const ALL: [Format; 3] = [Format::MeetingGuide, Format::Bmlt, Format::Csv];

    /// The short key used in configuration and on the command line.
    pub fn key(self) -> &'static str {
        match self {
            Format::MeetingGuide => "mg",
            Format::Bmlt => "bmlt",
            Format::Csv => "csv",
        }
    }

    /// The format with this key (`mg`, `bmlt` or `csv`).
    pub fn from_key(key: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.key() == key)
    }

    /// The format's name for people.
    pub fn name(self) -> &'static str {
        match self {
            Format::MeetingGuide => "Meeting Guide JSON",
            Format::Bmlt => "BMLT JSON",
            Format::Csv => "CSV (Meeting Guide table format)",
        }
    }

    /// Guesses from the contents: JSON with BMLT's `id_bigint` is BMLT,
    /// other JSON is Meeting Guide, anything else is CSV.
    pub fn guess(bytes: &[u8]) -> Format {
        let start = bytes.iter().find(|b| !b.is_ascii_whitespace());
        if !matches!(start, Some(b'[') | Some(b'{')) {
            return Format::Csv;
        }
        let head = bytes.get(..bytes.len().min(4096)).unwrap_or(bytes);
        if memchr::memmem::find(head, b"\"id_bigint\"").is_some() {
            Format::Bmlt
        } else {
            Format::MeetingGuide
        }
    }

    /// Imports a feed in this format.
    ///
    /// # Errors
    ///
    /// When the feed is rejected whole (see [`FeedError`]).
    pub fn import(self, bytes: &[u8], options: &ImportOptions) -> Result<Import, FeedError> {
        match self {
            Format::MeetingGuide => mg::import(bytes, options),
            Format::Bmlt => bmlt::import(bytes, options),
            Format::Csv => csv::import(bytes, options),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for format in Format::ALL {
            assert_eq!(Format::from_key(format.key()), Some(format));
        }
        assert_eq!(Format::from_key("xml"), None);
    }

    #[test]
    fn guesses_from_contents() {
        assert_eq!(Format::guess(b"  [{\"name\":\"a\"}]"), Format::MeetingGuide);
        assert_eq!(Format::guess(b"[{\"id_bigint\":\"1\"}]"), Format::Bmlt);
        assert_eq!(Format::guess(b"Name,Day,Time\n"), Format::Csv);
        assert_eq!(Format::guess(b""), Format::Csv);
    }
}
