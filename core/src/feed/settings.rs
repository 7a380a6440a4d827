//! A feed as a directory admin configures it: where it is, its format, and
//! the defaults its rows need.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::address::{check_feed_url, FeedUrlError, FetchPolicy};
use super::{FeedError, Format, ImportOptions};
use crate::fellowship::Fellowship;
use crate::names::{LanguageCode, NameError, SourceName, ZoneName};
use crate::sync::{ShardId, ShardIdError};

/// The settings of one feed (`PUT /v1/admin/feeds/<source>`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedSettings {
    /// Where the scheduled import fetches the feed; empty for a feed that is
    /// only ever uploaded.
    #[serde(default)]
    pub url: String,
    /// The format's key (see [`Format::key`]).
    pub format: String,
    /// The fellowship's key (see [`Fellowship::key`]).
    pub fellowship: String,
    /// The shard of the feed's face-to-face meetings.
    pub shard: String,
    /// The IANA zone of rows that name none. Required: many real feeds name
    /// none, and a zone is never guessed.
    pub zone: String,
    /// The ISO 639-1 language of meetings whose types name none.
    #[serde(default)]
    pub language: String,
    /// The town or region the feed serves (`Raleigh, NC, USA`), the place
    /// of online meetings that name none.
    #[serde(default)]
    pub area: String,
    /// Whether the scheduled import fetches it.
    #[serde(default = "enabled_by_default")]
    pub enabled: bool,
}

fn enabled_by_default() -> bool {
    true
}

/// Settings checked and ready for an import.
#[derive(Clone, Debug)]
pub struct CheckedFeed {
    /// The feed's format.
    pub format: Format,
    /// The options to import it with.
    pub options: ImportOptions,
    /// The shard of its face-to-face meetings.
    pub shard: ShardId,
}

/// Which setting of a feed is wrong, and how. Its message names the
/// setting and how to put it right.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SettingsError {
    /// `format` is not a format's key.
    Format(String),
    /// `url` is not an address that is fetched.
    Url(String, FeedUrlError),
    /// `fellowship` is not a fellowship's key.
    Fellowship(String),
    /// `shard` is not a shard's name.
    Shard(ShardIdError),
    /// `shard` is `online`, where face-to-face meetings cannot go.
    OnlineShard,
    /// `zone` is missing.
    NoZone,
    /// The feed's source name, `zone` or `language` is not of its form.
    Name(NameError),
    /// The import options they make are refused (a zone not in the
    /// time-zone database, an area that is not one line of text).
    Options(FeedError),
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SettingsError::Format(given) => write!(
                f,
                "`format` `{}` is not one of mg (Meeting Guide JSON), bmlt or csv",
                super::issue_cut(given)
            ),
            SettingsError::Url(given, reason) => write!(
                f,
                "`url` `{}`: {reason} (or leave it empty for a feed you upload)",
                super::issue_cut(given)
            ),
            SettingsError::Fellowship(given) => write!(
                f,
                "`fellowship` `{}` is not one of: {}",
                super::issue_cut(given),
                Fellowship::ALL.map(Fellowship::key).join(", ")
            ),
            SettingsError::Shard(error) => write!(f, "`shard`: {error}"),
            SettingsError::OnlineShard => f.write_str(
                "`shard` names the area of the feed's face-to-face meetings, such as gb or us-ca; \
                 online meetings are filed under online by themselves",
            ),
            SettingsError::NoZone => f.write_str(
                "`zone` is missing: give the IANA time zone of the feed's meetings, \
                 such as Europe/London, for rows that name none",
            ),
            SettingsError::Name(error) => write!(f, "{error}"),
            SettingsError::Options(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for SettingsError {}

impl FeedSettings {
    /// Checks the settings of feed `source`. `zone_exists` is the caller's
    /// time-zone database; `fetching` says which addresses may be fetched.
    ///
    /// # Errors
    ///
    /// A [`SettingsError`] naming the wrong setting.
    pub fn check(
        &self,
        source: &str,
        zone_exists: fn(&str) -> bool,
        fetching: FetchPolicy,
    ) -> Result<CheckedFeed, SettingsError> {
        let format = Format::from_key(&self.format)
            .ok_or_else(|| SettingsError::Format(self.format.clone()))?;
        if !self.url.is_empty() {
            check_feed_url(&self.url, fetching)
                .map_err(|e| SettingsError::Url(self.url.clone(), e))?;
        }
        let fellowship = Fellowship::from_key(&self.fellowship)
            .ok_or_else(|| SettingsError::Fellowship(self.fellowship.clone()))?;
        let shard = ShardId::parse(&self.shard).map_err(SettingsError::Shard)?;
        if shard.is_online() {
            // Online meetings go to the online shard by themselves; this
            // names where the face-to-face ones go, which cannot be there.
            return Err(SettingsError::OnlineShard);
        }
        if self.zone.is_empty() {
            return Err(SettingsError::NoZone);
        }
        let zone = ZoneName::parse(&self.zone).map_err(SettingsError::Name)?;
        let language = match self.language.as_str() {
            "" => None,
            code => Some(LanguageCode::parse(code).map_err(SettingsError::Name)?),
        };
        let options = ImportOptions {
            source: SourceName::parse(source).map_err(SettingsError::Name)?,
            default_zone: Some(zone),
            fellowship,
            default_language: language,
            area: Some(self.area.clone()).filter(|a| !a.is_empty()),
            zone_exists: Some(zone_exists),
        };
        options.check().map_err(SettingsError::Options)?;
        Ok(CheckedFeed {
            format,
            options,
            shard,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> FeedSettings {
        FeedSettings {
            url: "https://example.org/feed.json".to_owned(),
            format: "mg".to_owned(),
            fellowship: "aa".to_owned(),
            shard: "gb".to_owned(),
            zone: "Europe/London".to_owned(),
            language: "en".to_owned(),
            area: "Leeds, UK".to_owned(),
            enabled: true,
        }
    }

    fn known(zone: &str) -> bool {
        zone == "Europe/London"
    }

    #[test]
    fn good_settings_give_the_import_options() {
        let checked = good().check("club", known, FetchPolicy::Public).unwrap();
        assert_eq!(checked.format, Format::MeetingGuide);
        assert_eq!(checked.shard.as_str(), "gb");
        assert_eq!(checked.options.fellowship, Fellowship::Aa);
        assert_eq!(
            checked.options.default_zone.as_ref().map(ZoneName::as_str),
            Some("Europe/London")
        );
        let uploaded = FeedSettings {
            url: String::new(),
            language: String::new(),
            ..good()
        };
        assert_eq!(
            uploaded
                .check("club", known, FetchPolicy::Public)
                .unwrap()
                .options
                .default_language,
            None
        );
    }

    #[test]
    fn each_wrong_setting_is_named() {
        type Spoil = fn(&mut FeedSettings);
        let cases: [(Spoil, &str); 12] = [
            (|s| s.format = "xml".into(), "`format`"),
            (|s| s.url = "javascript:alert(1)".into(), "`url`"),
            (|s| s.url = "https://".into(), "`url`"),
            (|s| s.url = "https://exa mple.org/".into(), "`url`"),
            (
                |s| s.url = "http://127.0.0.1:9999/".into(),
                "over https only",
            ),
            (|s| s.fellowship = "smart".into(), "`fellowship`"),
            (|s| s.shard = "../etc".into(), "`shard`"),
            (|s| s.shard = "online".into(), "`shard` names the area"),
            (|s| s.zone = String::new(), "`zone`"),
            (|s| s.zone = "Mars/Olympus".into(), "zone"),
            (|s| s.language = "English".into(), "language"),
            (|s| s.area = "Leeds\nUK".into(), "area"),
        ];
        for (spoil, named) in cases {
            let mut settings = good();
            spoil(&mut settings);
            let error = settings
                .check("club", known, FetchPolicy::Public)
                .unwrap_err()
                .to_string();
            assert!(error.contains(named), "{named}: {error}");
        }
        let error = good()
            .check("Bad Name", known, FetchPolicy::Public)
            .unwrap_err();
        assert!(matches!(error, SettingsError::Name(_)), "{error:?}");
        assert!(error.to_string().contains("source name"), "{error}");
    }

    #[test]
    fn unknown_fields_are_refused() {
        let json = r#"{"format":"mg","fellowship":"aa","shard":"gb","zone":"UTC","surprise":1}"#;
        let error = serde_json::from_str::<FeedSettings>(json).unwrap_err();
        assert!(error.to_string().contains("surprise"), "{error}");
    }
}
