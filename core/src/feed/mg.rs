//! Meeting Guide JSON: the feed format of AA intergroups (TSML, the Meeting
//! Guide app), an array of meeting objects.
//!
//! Real feeds bend the specification: `day` as a number, a string or an
//! array; `slug` as a number; `""` and `null` for absent values. This reader
//! accepts all of those and reports the rest row by row.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::issue::{cut, Field, ImportIssue, Rule, Severity};
use super::{check_source, looks_like_zone, FeedError, Import, ImportOptions};
use super::{MAX_FEED_BYTES, MAX_FEED_ROWS};
use crate::meeting::{
    is_dial_string, JoinUrl, JoinUrlError, LocalTime, Meeting, MeetingId, OnlineAccess, Schedule,
    Venue, Weekday,
};
use crate::text::plain_text;

const MAX_NAME: usize = 200;
const MAX_LINE: usize = 300;
const MAX_NOTES: usize = 4000;
const MAX_TYPES: usize = 40;
const DEFAULT_MINUTES: u16 = 60;

/// Imports a Meeting Guide JSON feed.
///
/// # Errors
///
/// Returns a [`FeedError`] when the whole feed must be rejected: larger than
/// [`MAX_FEED_BYTES`], not a JSON array, more than [`MAX_FEED_ROWS`] rows, or
/// an invalid source name in `options`. Problems in single rows are reported
/// in [`Import::issues`] instead.
///
/// ```
/// use lantern_core::feed::{mg, ImportOptions};
/// let options = ImportOptions { source: "demo".into(), default_zone: Some("Europe/London".into()) };
/// let feed = br#"[{"name":"Step Study","slug":"step","day":1,"time":"19:00",
///                  "conference_url":"https://zoom.us/j/1"}]"#;
/// let import = mg::import(feed, &options).unwrap();
/// assert_eq!(import.meetings[0].id.as_str(), "demo:step");
/// assert!(mg::import(b"<html>", &options).is_err());
/// ```
pub fn import(bytes: &[u8], options: &ImportOptions) -> Result<Import, FeedError> {
    check_source(&options.source)?;
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
        let in_person = venue(row).filter(|_| !types.iter().any(|t| t == "TC"));
        if online.is_none() && in_person.is_none() {
            return self.skip(Field::Row, "", Rule::NoWayToAttend);
        }

        let base = Meeting {
            id: MeetingId::new(&options.source, &slug),
            name,
            schedule: Schedule {
                day: Weekday::Sunday,
                start,
                minutes,
                zone,
            },
            in_person,
            online,
            types,
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
                    if valid {
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
                Ok(url) => Some(url),
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
}

/// The venue, if the row gives a place to go.
fn venue(row: &Map<String, Value>) -> Option<Venue> {
    let mut address = text_field(row, "formatted_address", MAX_LINE, false);
    if address.is_empty() {
        let parts: Vec<String> = ["address", "city", "state", "postal_code", "country"]
            .iter()
            .map(|key| text_field(row, key, MAX_LINE, false))
            .filter(|part| !part.is_empty())
            .collect();
        address = parts.join(", ");
    }
    let location = text_field(row, "location", MAX_LINE, false);
    let has_street = !text_field(row, "address", MAX_LINE, false).is_empty()
        || !text_field(row, "formatted_address", MAX_LINE, false).is_empty();
    has_street.then_some(Venue { location, address })
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
