//! BMLT semantic JSON (`GetSearchResults`): the format of NA service bodies'
//! meeting list servers.
//!
//! Every value arrives as a string. `weekday_tinyint` counts from 1 =
//! Sunday, times are `HH:MM:SS`, the length is a `duration_time`, and
//! `venue_type` says outright whether a meeting is in person (1), virtual (2)
//! or hybrid (3). Servers commonly send `time_zone: ""`: the feed's default
//! zone then applies.
//!
//! Format keys are each server's own: on a German server `S` is a step
//! meeting (*Schritte*), not Meeting Guide's Spanish. What a key means is
//! its format's `world_id` (`STEP`), which the server sends with the
//! meetings when asked (`&get_used_formats=1`: `{meetings, formats}`). Keys
//! are mapped through their world id only; a key whose world id has no
//! Meeting Guide type, and every key of a response without formats, is left
//! out and reported.

use std::cell::Cell;
use std::collections::HashMap;

use serde_json::{Map, Value};

use super::issue::{cut, Field, Rule};
use super::json_rows::{value_at, RowsAt};
use super::row::{json_text as text, validate_json_rows, RawRow, RowReport, VenueType, MAX_TYPES};
use super::{check_input, FeedError, Format, Import, ImportOptions, Severity};
use crate::meeting::Weekday;

/// Imports a BMLT `GetSearchResults` JSON response: an array of meetings, or
/// an object with a `meetings` array (when formats were asked for too).
///
/// # Errors
///
/// Returns a [`FeedError`] when the whole response must be rejected: larger
/// than [`MAX_FEED_BYTES`](super::MAX_FEED_BYTES), not JSON of either shape, more than
/// [`MAX_FEED_ROWS`](super::MAX_FEED_ROWS) meetings, or invalid `options`.
///
/// ```
/// use lantern_core::feed::{bmlt, ImportOptions};
/// let options = ImportOptions { source: "na".parse().unwrap(), default_zone: Some("America/New_York".parse().unwrap()), ..ImportOptions::default() };
/// let feed = br#"[{"id_bigint":"7","meeting_name":"Just for Today","weekday_tinyint":"2",
///                  "start_time":"19:00:00","duration_time":"01:30:00","venue_type":"2",
///                  "virtual_meeting_link":"https://zoom.us/j/1","time_zone":""}]"#;
/// let import = bmlt::import(feed, &options).unwrap();
/// assert_eq!(import.meetings[0].schedule.minutes, 90);
/// assert!(bmlt::import(b"{}", &options).is_err());
/// ```
pub fn import(bytes: &[u8], options: &ImportOptions) -> Result<Import, FeedError> {
    check_input(bytes, options)?;
    // The formats may follow the meetings, and are needed for every row:
    // they are found first, in a pass that keeps nothing else.
    let formats = value_at(bytes, Format::Bmlt, "formats")?.map(|f| world_ids(&f));
    // Without formats, every row's keys are left out for the same reason:
    // said once, at the first row that has any.
    let said_missing = Cell::new(false);
    validate_json_rows(
        bytes,
        Format::Bmlt,
        RowsAt::ArrayOrKey("meetings"),
        options,
        |value, report| parse_row(value, report, formats.as_ref(), &said_missing),
    )
}

/// The query that makes a BMLT server send its formats with the meetings.
const WITH_FORMATS: &str = "get_used_formats=1";

/// A BMLT search address, asking for the formats too (the worker fetches
/// this), unless it already does.
///
/// ```
/// use lantern_core::feed::bmlt::with_formats;
/// let url = "https://bmlt.example.org/main_server/client_interface/json/?switcher=GetSearchResults";
/// assert!(with_formats(url).ends_with("?switcher=GetSearchResults&get_used_formats=1"));
/// assert_eq!(with_formats(&with_formats(url)), with_formats(url));
/// assert_eq!(with_formats("https://x.example/?a=1#top"), "https://x.example/?a=1&get_used_formats=1#top");
/// assert!(with_formats("https://x.example/?xget_used_formats=1").ends_with("&get_used_formats=1"));
/// ```
pub fn with_formats(url: &str) -> String {
    // The parameter goes in the query, before any fragment.
    let (address, fragment) = url
        .split_once('#')
        .map_or((url, None), |(a, f)| (a, Some(f)));
    let query = address.split_once('?').map(|(_, query)| query);
    let asked = query.is_some_and(|q| q.split('&').any(|pair| pair == WITH_FORMATS));
    let mut out = match (asked, query) {
        (true, _) => address.to_owned(),
        (false, Some(_)) => format!("{address}&{WITH_FORMATS}"),
        (false, None) => format!("{address}?{WITH_FORMATS}"),
    };
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

/// Each format key the server uses, with its world id (`""` when it has
/// none).
fn world_ids(formats: &Value) -> HashMap<String, String> {
    formats
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .map(|f| {
            (
                text(f, "key_string").trim().to_owned(),
                text(f, "world_id").trim().to_owned(),
            )
        })
        .filter(|(key, _)| !key.is_empty())
        .collect()
}

/// The Meeting Guide types a BMLT world id (NA World Services' format list)
/// stands for. Literature studies are Literature; "speaker/discussion" is
/// both. Ids with no Meeting Guide type (closed holidays, concepts, no
/// children, questions and answers, restricted access, topic, varies,
/// smoke-free) map to none. Hybrid and virtual come from `venue_type`, and
/// the language from `lang_enum`.
fn world_id_types(world_id: &str) -> &'static [&'static str] {
    match world_id {
        "OPEN" => &["O"],
        "CLOSED" => &["C"],
        "BEG" => &["BE"],
        "BT" | "GP" | "IP" | "IW" | "JFT" | "LC" | "LIT" | "SPAD" => &["LIT"],
        "CAN" => &["CAN"],
        "CW" => &["CF"],
        "DISC" => &["D"],
        "GL" => &["LGBTQ"],
        "M" => &["M"],
        "W" => &["W"],
        "MED" => &["MED"],
        "SMOK" => &["SM"],
        "SPK" => &["SP"],
        "S-D" => &["SP", "D"],
        "STEP" | "SWG" => &["ST"],
        "TRAD" => &["TR"],
        "TC" => &["TC"],
        "WCHR" => &["X"],
        "Y" => &["Y"],
        _ => &[],
    }
}

/// A row's `formats` as Meeting Guide types, through the server's world
/// ids; what is left out is reported (once for the whole response when it
/// came without formats: `said_missing`).
fn types(
    report: &mut RowReport<'_>,
    keys: &str,
    formats: Option<&HashMap<String, String>>,
    said_missing: &Cell<bool>,
) -> Vec<String> {
    let mut types: Vec<String> = Vec::new();
    let mut left_out: Vec<&str> = Vec::new();
    for key in keys.split(',').map(str::trim).filter(|k| !k.is_empty()) {
        let world_id = formats.and_then(|f| f.get(key)).map(String::as_str);
        if matches!(world_id, Some("VM" | "HYBR" | "LANG")) {
            // Said by `venue_type` and `lang_enum`: nothing is lost.
            continue;
        }
        let mapped = world_id.map_or(&[][..], world_id_types);
        if mapped.is_empty() {
            left_out.push(key);
        }
        for code in mapped {
            if !types.iter().any(|t| t == code) && types.len() < MAX_TYPES {
                types.push((*code).to_owned());
            }
        }
    }
    if !left_out.is_empty() {
        if formats.is_some() {
            let keys = left_out.join(", ");
            report.issue(
                Field::Types,
                &keys,
                Rule::FormatNotMapped,
                Severity::Warning,
            );
        } else if !said_missing.replace(true) {
            let keys = left_out.join(", ");
            report.issue(Field::Types, &keys, Rule::FormatsMissing, Severity::Warning);
        }
    }
    types
}

fn parse_row(
    value: &Value,
    report: &mut RowReport<'_>,
    formats: Option<&HashMap<String, String>>,
    said_missing: &Cell<bool>,
) -> Option<RawRow> {
    let Some(row) = value.as_object() else {
        report.skip(Field::Row, &cut(&value.to_string()), Rule::NotAnObject);
        return None;
    };
    let slug = text(row, "id_bigint");
    if !slug.trim().is_empty() {
        report.set_slug(slug.trim());
    }
    let weekday = text(row, "weekday_tinyint");
    let day = match weekday.trim() {
        "" => None,
        number => match number
            .parse::<i64>()
            .ok()
            .and_then(|n| Weekday::from_sunday_zero(n - 1))
        {
            Some(day) => Some(day),
            None => {
                report.skip(Field::Day, number, Rule::DayOutOfRange);
                return None;
            }
        },
    };
    let venue_type = match text(row, "venue_type").trim() {
        "1" => Some(VenueType::InPerson),
        "2" => Some(VenueType::Virtual),
        "3" => Some(VenueType::Hybrid),
        // Older servers have no venue type: derive it from the fields.
        _ => None,
    };
    let notes = [text(row, "location_info"), text(row, "comments")]
        .into_iter()
        .filter(|n| !n.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    Some(RawRow {
        slug,
        name: text(row, "meeting_name"),
        days: day.into_iter().collect(),
        start: text(row, "start_time"),
        end: String::new(),
        minutes: duration_minutes(&text(row, "duration_time")),
        zone: text(row, "time_zone"),
        types: types(report, &text(row, "formats"), formats, said_missing),
        conference_url: text(row, "virtual_meeting_link"),
        conference_url_notes: text(row, "virtual_meeting_additional_info"),
        conference_phone: text(row, "phone_meeting_number"),
        conference_phone_notes: String::new(),
        location: text(row, "location_text"),
        address: joined(
            row,
            &[
                "location_street",
                "location_municipality",
                "location_province",
                "location_postal_code_1",
                "location_nation",
            ],
        ),
        coordinates: coordinates(row),
        venue_type,
        approximate: false,
        regions: [
            "location_province",
            "location_sub_province",
            "location_municipality",
            "location_neighborhood",
        ]
        .iter()
        .map(|key| text(row, key))
        .collect(),
        group: String::new(),
        notes,
        updated: String::new(),
        language: text(row, "lang_enum"),
        website: String::new(),
        email: String::new(),
        phone: String::new(),
    })
}

/// `HH:MM:SS` (or `HH:MM`) as minutes; `None` when unreadable or zero.
fn duration_minutes(text: &str) -> Option<u16> {
    let mut parts = text.trim().split(':').map(|p| p.parse::<u16>().ok());
    let hours = parts.next()??;
    let minutes = parts.next()??;
    let total = hours.checked_mul(60)?.checked_add(minutes)?;
    (minutes < 60 && total > 0).then_some(total)
}

/// Latitude and longitude, which BMLT sends as strings ("0" when unknown).
fn coordinates(row: &Map<String, Value>) -> Option<(f64, f64)> {
    let number = |key: &str| {
        text(row, key)
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
    };
    let point = (number("latitude")?, number("longitude")?);
    // BMLT's "unknown" is 0,0: not worth a report.
    (point != (0.0, 0.0)).then_some(point)
}

/// The non-empty values of `keys`, joined with ", ".
fn joined(row: &Map<String, Value>, keys: &[&str]) -> String {
    keys.iter()
        .map(|key| text(row, key).trim().to_owned())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests;
