//! Feed import: from the bytes a service body publishes to validated
//! [`Meeting`]s plus a per-row report.
//!
//! A feed that cannot be read at all is rejected whole with a [`FeedError`]
//! (the worker then keeps the feed's previous meetings). A row that breaks a
//! rule is skipped, or has the offending field dropped, with an
//! [`ImportIssue`] saying which row, which field, what value and which rule;
//! the rest of the feed still applies.

pub mod address;
pub mod bmlt;
pub mod csv;
pub mod export;
mod format;
mod issue;
mod json_rows;
pub mod mg;
mod row;
mod settings;

pub use format::Format;
pub(crate) use issue::cut as issue_cut;
pub use issue::{Field, ImportIssue, Rule, Severity};
pub use settings::{CheckedFeed, FeedSettings, SettingsError};

use std::fmt;

use crate::fellowship::Fellowship;
use crate::meeting::Meeting;
use crate::names::{LanguageCode, SourceName, ZoneName};

// The caps below keep an import of any feed that passes them within the
// worker's memory (an isolate has 128 MB; docs/budgets.md): the largest real
// feeds hold about 8,400 meetings in about 3 MB, and 25,000 meetings (8 MB)
// must import.

/// The largest feed accepted, in bytes.
pub const MAX_FEED_BYTES: usize = 12 * 1024 * 1024;

/// The most rows one feed may hold.
pub const MAX_FEED_ROWS: usize = 40_000;

/// The most meetings one feed may give, counted after rows held on several
/// days are split into one meeting per day.
pub const MAX_FEED_MEETINGS: usize = 40_000;

/// The most bytes a feed's meetings may come to, encoded as JSON, once rows
/// held on several days are split: splitting copies a row's text for each
/// day, so a feed under [`MAX_FEED_BYTES`] could otherwise fill memory.
pub const MAX_FEED_MEETING_BYTES: usize = 16 * 1024 * 1024;

/// How to import one feed.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// The feed's source name, the first half of every meeting id
    /// (`demo` gives `demo:<slug>`).
    pub source: SourceName,
    /// The IANA time zone for rows that name none. Without it such rows are
    /// reported and skipped: a zone is never guessed.
    pub default_zone: Option<ZoneName>,
    /// The fellowship of every meeting in the feed.
    pub fellowship: Fellowship,
    /// The ISO 639-1 language of meetings whose types name none.
    pub default_language: Option<LanguageCode>,
    /// The town or region the feed serves (`Raleigh, NC, USA`): the place of
    /// its online meetings that name none, for readers of the Meeting Guide
    /// format that need a place for every meeting.
    pub area: Option<String>,
    /// Whether a time-zone name is in the caller's time-zone database. Core
    /// has no database of its own; without this, names are checked for form
    /// only (`Area/Location`).
    pub zone_exists: Option<fn(&str) -> bool>,
}

/// The result of importing a feed that could be read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Import {
    /// Meetings that passed validation, in feed order.
    pub meetings: Vec<Meeting>,
    /// Problems found, in feed order.
    pub issues: Vec<ImportIssue>,
    /// How many rows the feed held.
    pub rows: usize,
}

impl Import {
    /// How many rows were skipped whole.
    pub fn skipped_rows(&self) -> usize {
        let mut rows: Vec<usize> = self
            .issues
            .iter()
            .filter(|i| i.severity == Severity::RowSkipped)
            .map(|i| i.row)
            .collect();
        rows.dedup();
        rows.len()
    }
}

/// Why a whole feed was rejected. Its previous meetings should be kept.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FeedError {
    /// The feed is larger than [`MAX_FEED_BYTES`].
    TooLarge {
        /// The feed's size in bytes.
        bytes: usize,
    },
    /// The feed has more rows than `limit` ([`MAX_FEED_ROWS`]); reading
    /// stopped there.
    TooManyRows {
        /// The most rows a feed may hold.
        limit: usize,
    },
    /// The feed gives more meetings than `limit` ([`MAX_FEED_MEETINGS`])
    /// once rows held on several days are split; reading stopped there.
    TooManyMeetings {
        /// The most meetings a feed may give.
        limit: usize,
    },
    /// The feed's meetings come to more than `limit` bytes
    /// ([`MAX_FEED_MEETING_BYTES`]) once rows held on several days are
    /// split; reading stopped there.
    TooMuchText {
        /// The most bytes a feed's meetings may come to.
        limit: usize,
    },
    /// The document is not readable in the expected format.
    Unreadable {
        /// The format it was read as.
        format: Format,
        /// What the parser said, with line and column.
        reason: String,
    },
    /// The import options are unusable (for example an invalid source name).
    BadOptions {
        /// What is wrong.
        reason: String,
    },
}

impl fmt::Display for FeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FeedError::TooLarge { bytes } => write!(
                f,
                "the feed is {bytes} bytes, over the limit of {MAX_FEED_BYTES}: \
                 check that the address points at the meeting feed"
            ),
            FeedError::TooManyRows { limit } => write!(
                f,
                "the feed has more than {limit} rows: split it into smaller feeds"
            ),
            FeedError::TooManyMeetings { limit } => write!(
                f,
                "the feed gives more than {limit} meetings (a row held on several days \
                 counts once for each day): split it into smaller feeds"
            ),
            FeedError::TooMuchText { limit } => write!(
                f,
                "the feed's meetings come to more than {} MB of text (a row held on \
                 several days counts once for each day): split it into smaller feeds, \
                 or shorten its longest notes",
                limit / (1024 * 1024)
            ),
            FeedError::Unreadable { format, reason } => write!(
                f,
                "the feed could not be read as {} ({reason}): check that it is {}",
                format.name(),
                match format {
                    Format::MeetingGuide => "a Meeting Guide JSON array of meetings",
                    Format::Bmlt => "a BMLT GetSearchResults response (JSON)",
                    Format::Csv => "a CSV table with a header row",
                }
            ),
            FeedError::BadOptions { reason } => write!(f, "import options: {reason}"),
        }
    }
}

impl std::error::Error for FeedError {}

/// Checks what every importer checks first: the options, and the size.
pub(crate) fn check_input(bytes: &[u8], options: &ImportOptions) -> Result<(), FeedError> {
    check_options(options)?;
    if bytes.len() > MAX_FEED_BYTES {
        return Err(FeedError::TooLarge { bytes: bytes.len() });
    }
    Ok(())
}

impl ImportOptions {
    /// Checks the options before any feed is read, so a feed's configuration
    /// can be refused when it is saved rather than at its first import.
    ///
    /// # Errors
    ///
    /// [`FeedError::BadOptions`] saying which option is wrong.
    pub fn check(&self) -> Result<(), FeedError> {
        check_options(self)
    }
}

/// Checks what the options' types cannot: that the default zone is in the
/// caller's time-zone database, and that the area is one line of plain text.
fn check_options(options: &ImportOptions) -> Result<(), FeedError> {
    let exists = options.zone_exists.unwrap_or(|_| true);
    if let Some(zone) = options
        .default_zone
        .as_ref()
        .filter(|z| !exists(z.as_str()))
    {
        return Err(FeedError::BadOptions {
            reason: format!(
                "default zone `{}` is not an IANA time zone such as Europe/London",
                issue::cut(zone.as_str())
            ),
        });
    }
    if let Some(area) = options.area.as_deref() {
        let plain = crate::text::plain_text(area, row::MAX_LINE, false);
        if plain != area || plain.is_empty() {
            return Err(FeedError::BadOptions {
                reason: format!(
                    "area `{}` must be a town or region on one line of plain text, \
                     such as Raleigh, NC, USA",
                    issue::cut(area)
                ),
            });
        }
    }
    Ok(())
}
