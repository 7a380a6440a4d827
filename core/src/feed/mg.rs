//! Meeting Guide JSON: the feed format of AA intergroups (TSML, the Meeting
//! Guide app), an array of meeting objects.
//!
//! Real feeds bend the specification: `day` as a number, a string or an
//! array; `slug` as a number; `""` and `null` for absent values. This reader
//! accepts all of those and reports the rest row by row.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::issue::{cut, Field, ImportIssue, Rule, Severity};
use super::{check_options, looks_like_zone, FeedError, Import, ImportOptions};
use super::{MAX_FEED_BYTES, MAX_FEED_ROWS};
use crate::meeting::{
    is_dial_string, Contact, Coordinates, JoinUrl, JoinUrlError, LocalTime, Meeting, MeetingId,
    OnlineAccess, Provider, Schedule, Venue, Weekday,
};
use crate::meeting_type::{self, MeetingType};
use crate::text::plain_text;

const MAX_SLUG: usize = 100;
const MAX_NAME: usize = 200;
const MAX_LINE: usize = 300;
const MAX_NOTES: usize = 4000;
const MAX_TYPES: usize = 40;
const MAX_REGIONS: usize = 8;
const DEFAULT_MINUTES: u16 = 60;

/// Imports a Meeting Guide JSON feed.
///
/// # Errors
///
/// Returns a [`FeedError`] when the whole feed must be rejected: larger than
/// [`MAX_FEED_BYTES`], not a JSON array, more than [`MAX_FEED_ROWS`] rows, or
/// invalid `options` (source name, default zone or language). Problems in single rows are reported
/// in [`Import::issues`] instead.
///
/// ```
/// use lantern_core::feed::{mg, ImportOptions};
/// let options = ImportOptions {
///     source: "demo".into(),
///     default_zone: Some("Europe/London".into()),
///     ..ImportOptions::default()
/// };
/// let feed = br#"[{"name":"Step Study","slug":"step","day":1,"time":"19:00",
///                  "conference_url":"https://zoom.us/j/1"}]"#;
/// let import = mg::import(feed, &options).unwrap();
/// assert_eq!(import.meetings[0].id.as_str(), "demo:step");
/// assert!(mg::import(b"<html>", &options).is_err());
/// ```
pub fn import(bytes: &[u8], options: &ImportOptions) -> Result<Import, FeedError> {
    check_options(options)?;
    if bytes.len() > MAX_FEED_BYTES {
        return Err(FeedError::TooLarge { bytes: bytes.len() });
    }
    let rows: Vec<Value> = serde_json::from_slice(bytes).map_err(|e| FeedError::Unreadable {
        reason: e.to_string(),
    })?;
    if rows.len() > MAX_FEED_ROWS {
        return Err(FeedError::TooManyRows { rows: rows.len() });
    }
    let mut import = Import {
        rows: rows.len(),
        ..Import::default()
    };
    let mut seen = HashSet::new();
    for (index, value) in rows.iter().enumerate() {
        let mut row = RowReader {
            row: index + 1,
            slug: None,
            issues: &mut import.issues,
        };
        for meeting in row.read(value, options) {
            if seen.insert(meeting.id.clone()) {
                import.meetings.push(meeting);
            } else {
                let id = meeting.id.to_string();
                row.issue(Field::Slug, &id, Rule::DuplicateId, Severity::RowSkipped);
            }
        }
    }
    Ok(import)
}

/// Reads one row, recording its issues.
struct RowReader<'a> {
    row: usize,
    slug: Option<String>,
    issues: &'a mut Vec<ImportIssue>,
}

impl RowReader<'_> {
    fn issue(&mut self, field: Field, value: &str, rule: Rule, severity: Severity) {
        self.issues.push(ImportIssue {
            row: self.row,
            slug: self.slug.clone(),
            field,
            value: cut(value),
            rule,
            severity,
        });
    }

    fn skip(&mut self, field: Field, value: &str, rule: Rule) -> Vec<Meeting> {
        self.issue(field, value, rule, Severity::RowSkipped);
        Vec::new()
    }

    /// One row may give several meetings (`day` as an array).
    fn read(&mut self, value: &Value, options: &ImportOptions) -> Vec<Meeting> {
        let Some(row) = value.as_object() else {
            return self.skip(Field::Row, &compact(value), Rule::NotAnObject);
        };
        let slug = match row.get("slug") {
            Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_owned(),
            Some(Value::Number(n)) => n.to_string(),
            Some(other) if !is_absent(other) => {
                return self.skip(Field::Slug, &compact(other), Rule::WrongType)
            }
            _ => return self.skip(Field::Slug, "", Rule::Required),
        };
        self.slug = Some(slug.clone());
        if slug.chars().count() > MAX_SLUG {
            return self.skip(Field::Slug, &slug, Rule::TooLong);
        }

        let name = text_field(row, "name", MAX_NAME, false);
        if name.is_empty() {
            return self.skip(Field::Name, "", Rule::Required);
        }
        let Some(days) = self.days(row.get("day")) else {
            return Vec::new();
        };
        let Some(start) = self.time(row, "time", Field::Time, true) else {
            return Vec::new();
        };
        let end = self.time(row, "end_time", Field::EndTime, false);
        let minutes = match end {
            Some(end) => {
                let span = (i32::from(end.minutes_since_midnight())
                    - i32::from(start.minutes_since_midnight()))
                .rem_euclid(24 * 60);
                // An end equal to the start means "unknown", not 24 hours.
                u16::try_from(span)
                    .ok()
                    .filter(|m| *m > 0)
                    .unwrap_or(DEFAULT_MINUTES)
            }
            None => DEFAULT_MINUTES,
        };
        let Some(zone) = self.zone(row, options) else {
            return Vec::new();
        };

        let types = self.types(row);
        let online = self.online(row);
        let in_person = self
            .venue(row)
            .filter(|_| !types.iter().any(|t| t == meeting_type::TEMPORARILY_CLOSED));
        if online.is_none() && in_person.is_none() {
            return self.skip(Field::Row, "", Rule::NoWayToAttend);
        }

        let languages = languages(&types, options);
        let base = Meeting {
            id: MeetingId::new(&options.source, &slug),
            name,
            fellowship: options.fellowship,
            schedule: Schedule {
                day: Weekday::Sunday,
                start,
                minutes,
                zone,
            },
            in_person,
            online,
            types,
            languages,
            regions: self.regions(row),
            contact: self.contact(row),
            group: text_field(row, "group", MAX_LINE, false),
            notes: text_field(row, "notes", MAX_NOTES, true),
            source: options.source.clone(),
            updated: text_field(row, "updated", 40, false),
        };
        let several = days.len() > 1;
        days.into_iter()
            .map(|day| {
                let mut meeting = base.clone();
                meeting.schedule.day = day;
                if several {
                    // '@' keeps derived ids apart from plain slugs; a clash is
                    // still caught as a duplicate id.
                    meeting.id = MeetingId::new(&options.source, &format!("{slug}@{}", day.key()));
                }
                meeting
            })
            .collect()
    }

    fn days(&mut self, value: Option<&Value>) -> Option<Vec<Weekday>> {
        let values: Vec<&Value> = match value {
            Some(Value::Array(items)) => items.iter().collect(),
            Some(v) if !is_absent(v) => vec![v],
            _ => {
                self.skip(Field::Day, "", Rule::Required);
                return None;
            }
        };
        let mut days = Vec::new();
        for v in values {
            let number = match v {
                Value::Number(n) => n.as_i64(),
                Value::String(s) => s.trim().parse::<i64>().ok(),
                _ => None,
            };
            match number.and_then(Weekday::from_sunday_zero) {
                Some(day) if !days.contains(&day) => days.push(day),
                Some(_) => {}
                None => {
                    self.skip(Field::Day, &compact(v), Rule::DayOutOfRange);
                    return None;
                }
            }
        }
        if days.is_empty() {
            self.skip(Field::Day, "[]", Rule::Required);
            return None;
        }
        Some(days)
    }

    fn time(
        &mut self,
        row: &Map<String, Value>,
        key: &str,
        field: Field,
        required: bool,
    ) -> Option<LocalTime> {
        let severity = if required {
            Severity::RowSkipped
        } else {
            Severity::FieldDropped
        };
        match row.get(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => {
                let time = LocalTime::parse(s);
                if time.is_none() {
                    self.issue(field, s, Rule::NotATime, severity);
                }
                time
            }
            Some(v) if !is_absent(v) => {
                self.issue(field, &compact(v), Rule::WrongType, severity);
                None
            }
            _ => {
                if required {
                    self.issue(field, "", Rule::Required, severity);
                }
                None
            }
        }
    }

    fn zone(&mut self, row: &Map<String, Value>, options: &ImportOptions) -> Option<String> {
        let own = string_field(row, "timezone");
        let zone = match (own.as_str(), &options.default_zone) {
            ("", Some(default)) => default.clone(),
            ("", None) => {
                self.skip(Field::Timezone, "", Rule::NoTimeZone);
                return None;
            }
            (own, _) => own.to_owned(),
        };
        if looks_like_zone(&zone) {
            Some(zone)
        } else {
            self.skip(Field::Timezone, &zone, Rule::UnknownTimeZone);
            None
        }
    }

    fn types(&mut self, row: &Map<String, Value>) -> Vec<String> {
        let mut types = Vec::new();
        match row.get("types") {
            Some(Value::Array(items)) => {
                for item in items.iter().take(MAX_TYPES) {
                    let code = item.as_str().map(str::trim).unwrap_or("");
                    let valid = !code.is_empty()
                        && code.len() <= 12
                        && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
                    // TSML's "ONL" says "online", which the conference fields already say.
                    if code == "ONL" {
                        continue;
                    }
                    if valid {
                        if MeetingType::lookup(code).is_none() {
                            self.issue(Field::Types, code, Rule::UnknownType, Severity::Warning);
                        }
                        if !types.iter().any(|t| t == code) {
                            types.push(code.to_owned());
                        }
                    } else {
                        self.issue(
                            Field::Types,
                            &compact(item),
                            Rule::WrongType,
                            Severity::FieldDropped,
                        );
                    }
                }
            }
            Some(v) if !is_absent(v) => {
                self.issue(
                    Field::Types,
                    &compact(v),
                    Rule::WrongType,
                    Severity::FieldDropped,
                );
            }
            _ => {}
        }
        types
    }

    fn online(&mut self, row: &Map<String, Value>) -> Option<OnlineAccess> {
        let raw_url = string_field(row, "conference_url");
        let url = if raw_url.is_empty() {
            None
        } else {
            match JoinUrl::parse(&raw_url) {
                Ok(url) => {
                    if url.provider() == Provider::Other {
                        self.issue(
                            Field::ConferenceUrl,
                            &url.host(),
                            Rule::UnknownProvider,
                            Severity::Warning,
                        );
                    }
                    Some(url)
                }
                Err(error) => {
                    let rule = match error {
                        JoinUrlError::NotHttps => Rule::NotHttps,
                        JoinUrlError::Malformed => Rule::MalformedUrl,
                    };
                    self.issue(Field::ConferenceUrl, &raw_url, rule, Severity::FieldDropped);
                    None
                }
            }
        };
        let raw_phone = string_field(row, "conference_phone");
        let phone = if raw_phone.is_empty() || is_dial_string(&raw_phone) {
            raw_phone
        } else {
            self.issue(
                Field::ConferencePhone,
                &raw_phone,
                Rule::NotDialable,
                Severity::FieldDropped,
            );
            String::new()
        };
        if url.is_none() && phone.is_empty() {
            return None;
        }
        let notes = [
            text_field(row, "conference_url_notes", MAX_LINE, false),
            text_field(row, "conference_phone_notes", MAX_LINE, false),
        ]
        .into_iter()
        .filter(|n| !n.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
        Some(OnlineAccess { url, phone, notes })
    }

    /// The venue, if the row gives a street address.
    fn venue(&mut self, row: &Map<String, Value>) -> Option<Venue> {
        let formatted = text_field(row, "formatted_address", MAX_LINE, false);
        let street = text_field(row, "address", MAX_LINE, false);
        if formatted.is_empty() && street.is_empty() {
            return None;
        }
        let address = if formatted.is_empty() {
            ["address", "city", "state", "postal_code", "country"]
                .iter()
                .map(|key| text_field(row, key, MAX_LINE, false))
                .filter(|part| !part.is_empty())
                .collect::<Vec<_>>()
                .join(", ")
        } else {
            formatted
        };
        Some(Venue {
            location: text_field(row, "location", MAX_LINE, false),
            address,
            coordinates: self.coordinates(row),
        })
    }

    fn coordinates(&mut self, row: &Map<String, Value>) -> Option<Coordinates> {
        let number = |key: &str| match row.get(key) {
            Some(Value::Number(n)) => n.as_f64(),
            Some(Value::String(s)) => s.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
            _ => None,
        };
        let given = |key: &str| row.get(key).is_some_and(|v| !is_absent(v));
        match (number("latitude"), number("longitude")) {
            (Some(lat), Some(lon)) => {
                let point = Coordinates::from_degrees(lat, lon);
                if point.is_none() {
                    let value = format!("{lat}, {lon}");
                    self.issue(
                        Field::Latitude,
                        &value,
                        Rule::OutOfRange,
                        Severity::FieldDropped,
                    );
                }
                point
            }
            (lat, lon) => {
                for (key, field, parsed) in [
                    ("latitude", Field::Latitude, lat),
                    ("longitude", Field::Longitude, lon),
                ] {
                    if given(key) && parsed.is_none() {
                        let value = row.get(key).map(compact).unwrap_or_default();
                        self.issue(field, &value, Rule::WrongType, Severity::FieldDropped);
                    }
                }
                None
            }
        }
    }

    /// `regions` (most general first), else `region` and `sub_region`.
    fn regions(&mut self, row: &Map<String, Value>) -> Vec<String> {
        let mut regions: Vec<String> = match row.get("regions") {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(Value::as_str)
                .map(|r| plain_text(r, MAX_LINE, false))
                .collect(),
            Some(v) if !is_absent(v) => {
                self.issue(
                    Field::Regions,
                    &compact(v),
                    Rule::WrongType,
                    Severity::FieldDropped,
                );
                Vec::new()
            }
            _ => ["region", "sub_region"]
                .iter()
                .map(|key| text_field(row, key, MAX_LINE, false))
                .collect(),
        };
        regions.retain(|r| !r.is_empty());
        regions.truncate(MAX_REGIONS);
        regions
    }

    /// Public contacts: the meeting's web page, the service body's address and phone.
    fn contact(&mut self, row: &Map<String, Value>) -> Contact {
        let mut website = string_field(row, "url");
        if website.is_empty() {
            website = string_field(row, "entity_url");
        }
        if !website.is_empty() && !is_web_link(&website) {
            self.issue(
                Field::Url,
                &website,
                Rule::NotAWebLink,
                Severity::FieldDropped,
            );
            website.clear();
        }
        let mut email = string_field(row, "entity_email");
        if !email.is_empty() && !is_email(&email) {
            self.issue(
                Field::EntityEmail,
                &email,
                Rule::NotAnEmail,
                Severity::FieldDropped,
            );
            email.clear();
        }
        let mut phone = string_field(row, "entity_phone");
        if !phone.is_empty() && !is_dial_string(&phone) {
            self.issue(
                Field::EntityPhone,
                &phone,
                Rule::NotDialable,
                Severity::FieldDropped,
            );
            phone.clear();
        }
        Contact {
            website,
            email,
            phone,
        }
    }
}

/// Languages from the language type codes, else the feed's default.
fn languages(types: &[String], options: &ImportOptions) -> Vec<String> {
    let mut languages: Vec<String> = types
        .iter()
        .filter_map(|t| meeting_type::spoken_language(t))
        .map(str::to_owned)
        .collect();
    languages.dedup();
    if languages.is_empty() {
        languages.extend(options.default_language.clone());
    }
    languages
}

/// An absolute `https:` or `http:` address with a host and no white space.
fn is_web_link(text: &str) -> bool {
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"));
    rest.is_some_and(|r| {
        !r.is_empty()
            && !r.starts_with('/')
            && text.len() <= JoinUrl::MAX_LEN
            && !text.chars().any(|c| c.is_whitespace() || c.is_control())
    })
}

/// `local@domain.tld`, short, without white space or markup characters.
fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let bad = |part: &str| {
        part.is_empty()
            || part
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "<>\"',;@".contains(c))
    };
    !bad(local)
        && !bad(domain)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && text.len() <= 254
}

/// A JSON value that means "not given": null, "" or only white space.
fn is_absent(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// A string field, trimmed; numbers are accepted as their text.
fn string_field(row: &Map<String, Value>, key: &str) -> String {
    match row.get(key) {
        Some(Value::String(s)) => s.trim().to_owned(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// A free-text field as plain text.
fn text_field(row: &Map<String, Value>, key: &str, max: usize, keep_lines: bool) -> String {
    plain_text(&string_field(row, key), max, keep_lines)
}

/// A JSON value printed for a report, short.
fn compact(value: &Value) -> String {
    let text = value.to_string();
    cut(&text)
}

#[cfg(test)]
mod tests;
