//! "Need help now": crisis lines and helplines by country, compiled in
//! from `core/data/crisis-lines.json` (each line with the organisation and
//! website it came from), and a guess of the person's country from their
//! time zone and language tag, which they can always change.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

const BUNDLED: &str = include_str!("../data/crisis-lines.json");

/// A line to call or text.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Line {
    /// Its name, as its organisation writes it.
    pub name: String,
    /// The number to call.
    pub phone: String,
    /// The number to text, where it takes messages.
    #[serde(default)]
    pub sms: Option<String>,
    /// When it answers ("24/7", "weekdays").
    pub hours: String,
    /// Who or what it is for, in English.
    #[serde(rename = "for")]
    pub purpose: String,
    /// The organisation's website, where the number was checked.
    pub source: String,
}

/// One country's lines.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Country {
    /// The number to call when a life is in danger now.
    pub emergency: String,
    /// Crisis lines and helplines.
    pub lines: Vec<Line>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[allow(dead_code)]
    note: String,
    countries: BTreeMap<String, Country>,
}

/// Every country the bundled file has, by ISO 3166-1 alpha-2 code.
pub fn countries() -> &'static BTreeMap<String, Country> {
    static COUNTRIES: OnceLock<BTreeMap<String, Country>> = OnceLock::new();
    COUNTRIES.get_or_init(|| {
        // Checked by this module's tests; an unreadable file would show
        // the emergency advice alone, never a wrong number.
        serde_json::from_str::<File>(BUNDLED)
            .map(|file| file.countries)
            .unwrap_or_default()
    })
}

/// One country's lines, by code (`GB`).
pub fn country(code: &str) -> Option<&'static Country> {
    countries().get(code)
}

/// Time zones that lie in one of the bundled countries, and which. A zone
/// shared by several countries is left out: the language tag, or the
/// person, decides.
const ZONES: &[(&str, &str)] = &[
    ("Australia/", "AU"),
    ("Europe/Brussels", "BE"),
    ("America/Toronto", "CA"),
    ("America/Vancouver", "CA"),
    ("America/Edmonton", "CA"),
    ("America/Winnipeg", "CA"),
    ("America/Halifax", "CA"),
    ("America/St_Johns", "CA"),
    ("America/Regina", "CA"),
    ("America/Moncton", "CA"),
    ("America/Whitehorse", "CA"),
    ("Europe/Dublin", "IE"),
    ("Europe/Oslo", "NO"),
    ("Pacific/Auckland", "NZ"),
    ("Pacific/Chatham", "NZ"),
    ("Europe/London", "GB"),
    ("America/New_York", "US"),
    ("America/Chicago", "US"),
    ("America/Denver", "US"),
    ("America/Phoenix", "US"),
    ("America/Los_Angeles", "US"),
    ("America/Anchorage", "US"),
    ("America/Detroit", "US"),
    ("America/Boise", "US"),
    ("America/Indiana/", "US"),
    ("America/Kentucky/", "US"),
    ("Pacific/Honolulu", "US"),
];

/// The person's country as well as it can be guessed: from the time zone
/// (`Europe/London`) where it lies in one bundled country, else from the
/// language tag's region (`en-GB`). `None` when neither says.
///
/// ```
/// use lantern_core::help::guess_country;
/// assert_eq!(guess_country("Europe/London", Some("en-US")).as_deref(), Some("GB"));
/// assert_eq!(guess_country("Europe/Madrid", Some("en-IE")).as_deref(), Some("IE"));
/// assert_eq!(guess_country("Europe/Madrid", Some("es")), None);
/// ```
pub fn guess_country(zone: &str, language_tag: Option<&str>) -> Option<String> {
    let by_zone = ZONES
        .iter()
        .find(|(prefix, _)| {
            if prefix.ends_with('/') {
                zone.starts_with(prefix)
            } else {
                zone == *prefix
            }
        })
        .map(|(_, code)| (*code).to_owned());
    by_zone.or_else(|| {
        let region = language_tag?
            .split(['-', '_'])
            .skip(1)
            .find(|part| part.len() == 2 && part.bytes().all(|b| b.is_ascii_alphabetic()))?
            .to_ascii_uppercase();
        countries().contains_key(&region).then_some(region)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_file_reads_and_every_line_has_a_named_source() {
        let countries = countries();
        assert!(countries.len() >= 8, "{}", countries.len());
        for (code, country) in countries {
            assert!(
                code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()),
                "{code}"
            );
            assert!(!country.emergency.is_empty(), "{code}");
            for line in &country.lines {
                assert!(
                    line.source.starts_with("https://"),
                    "{code} {}: {}",
                    line.name,
                    line.source
                );
                assert!(
                    line.phone.bytes().any(|b| b.is_ascii_digit()),
                    "{code} {}",
                    line.name
                );
                assert!(!line.name.is_empty() && !line.purpose.is_empty(), "{code}");
            }
        }
    }

    #[test]
    fn every_zone_guessed_is_a_bundled_country() {
        for (zone, code) in ZONES {
            assert!(country(code).is_some(), "{zone} → {code}");
        }
        assert_eq!(
            guess_country("Australia/Sydney", None).as_deref(),
            Some("AU")
        );
        assert_eq!(
            guess_country("America/Indiana/Indianapolis", None).as_deref(),
            Some("US")
        );
        assert_eq!(guess_country("America/Mexico_City", Some("es-MX")), None);
        assert_eq!(guess_country("UTC", Some("en_gb")).as_deref(), Some("GB"));
        assert_eq!(guess_country("UTC", Some("zh-Hant-TW")), None);
    }
}
