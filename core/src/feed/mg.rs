//! Meeting Guide JSON: the feed format of AA intergroups (TSML, the Meeting
//! Guide app), an array of meeting objects.
//!
//! Real feeds bend the specification: `day` as a number, a string or an
//! array; `slug` as a number; `""` and `null` for absent values. This reader
//! accepts all of those and reports the rest row by row.

use serde_json::{Map, Value};

use super::issue::{cut, Field, Rule, Severity};
use super::json_rows::RowsAt;
use super::row::{json_text as text, validate_json_rows, RawRow, RowReport, MAX_TYPES};
use super::{check_input, FeedError, Format, Import, ImportOptions};
use crate::meeting::Weekday;
use crate::text::plain_text;

/// Imports a Meeting Guide JSON feed.
///
/// # Errors
///
/// Returns a [`FeedError`] when the whole feed must be rejected: larger than
/// [`MAX_FEED_BYTES`](super::MAX_FEED_BYTES), not a JSON array, more than [`MAX_FEED_ROWS`](super::MAX_FEED_ROWS) rows, or
/// invalid `options` (source name, default zone or language). Problems in
/// single rows are reported in [`Import::issues`] instead.
///
/// ```
/// use lantern_core::feed::{mg, ImportOptions};
/// let options = ImportOptions {
///     source: "demo".parse().unwrap(),
///     default_zone: Some("Europe/London".parse().unwrap()),
///     ..ImportOptions::default()
/// };
/// let feed = br#"[{"name":"Step Study","slug":"step","day":1,"time":"19:00",
///                  "conference_url":"https://zoom.us/j/1"}]"#;
/// let import = mg::import(feed, &options).unwrap();
/// assert_eq!(import.meetings[0].id.as_str(), "demo:step");
/// assert!(mg::import(b"<html>", &options).is_err());
/// ```
pub fn import(bytes: &[u8], options: &ImportOptions) -> Result<Import, FeedError> {
    check_input(bytes, options)?;
    validate_json_rows(
        bytes,
        Format::MeetingGuide,
        RowsAt::Array,
        options,
        parse_row,
    )
}

/// The first stage: one JSON value to a raw row, resolving the unions real
/// feeds send. `None` when the row is skipped (the reason is reported).
fn parse_row(value: &Value, report: &mut RowReport<'_>) -> Option<RawRow> {
    let Some(row) = value.as_object() else {
        report.skip(Field::Row, &compact(value), Rule::NotAnObject);
        return None;
    };
    let slug = match row.get("slug") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(other) if !is_absent(other) => {
            report.skip(Field::Slug, &compact(other), Rule::WrongType);
            return None;
        }
        _ => String::new(),
    };
    if !slug.trim().is_empty() {
        report.set_slug(slug.trim());
    }
    // Name and slug are checked first, as the specification requires them.
    let name = text(row, "name");
    if slug.trim().is_empty() || plain_text(&name, 1, false).is_empty() {
        return Some(RawRow {
            slug,
            name,
            ..RawRow::default()
        });
    }
    let days = days(report, row.get("day"))?;
    let start = time_text(report, row, "time", Field::Time, Severity::RowSkipped)?;
    let end = time_text(
        report,
        row,
        "end_time",
        Field::EndTime,
        Severity::FieldDropped,
    )
    .unwrap_or_default();
    Some(RawRow {
        slug,
        name,
        days,
        start,
        end,
        minutes: None,
        zone: text(row, "timezone"),
        types: types(report, row.get("types")),
        conference_url: text(row, "conference_url"),
        conference_url_notes: text(row, "conference_url_notes"),
        conference_phone: text(row, "conference_phone"),
        conference_phone_notes: text(row, "conference_phone_notes"),
        location: text(row, "location"),
        address: address(row),
        coordinates: coordinates(report, row),
        venue_type: None,
        approximate: approximate(row),
        regions: regions(report, row),
        group: text(row, "group"),
        notes: [text(row, "notes"), text(row, "location_notes")]
            .into_iter()
            .filter(|n| !n.trim().is_empty())
            .collect::<Vec<_>>()
            .join("\n"),
        updated: text(row, "updated"),
        language: String::new(),
        website: Some(text(row, "url"))
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| text(row, "entity_url")),
        email: text(row, "entity_email"),
        phone: text(row, "entity_phone"),
    })
}

/// `day`: a number 0–6, a string of one or of an English day name
/// (`"Sunday"`, as many feeds in the wild send it), or an array of them.
fn days(report: &mut RowReport<'_>, value: Option<&Value>) -> Option<Vec<Weekday>> {
    let values: Vec<&Value> = match value {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(v) if !is_absent(v) => vec![v],
        _ => {
            report.skip(Field::Day, "", Rule::Required);
            return None;
        }
    };
    let mut days = Vec::new();
    for v in values {
        let day = match v {
            Value::Number(n) => n.as_i64().and_then(Weekday::from_sunday_zero),
            Value::String(s) => Weekday::parse(s),
            _ => None,
        };
        match day {
            Some(day) if !days.contains(&day) => days.push(day),
            Some(_) => {}
            None => {
                report.skip(Field::Day, &compact(v), Rule::DayOutOfRange);
                return None;
            }
        }
    }
    if days.is_empty() {
        report.skip(Field::Day, "[]", Rule::Required);
        return None;
    }
    Some(days)
}

/// A time field's text; a value that is not a string is reported with
/// `severity` and gives `None`.
fn time_text(
    report: &mut RowReport<'_>,
    row: &Map<String, Value>,
    key: &str,
    field: Field,
    severity: Severity,
) -> Option<String> {
    match row.get(key) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(v) if !is_absent(v) => {
            report.issue(field, &compact(v), Rule::WrongType, severity);
            None
        }
        _ => Some(String::new()),
    }
}

fn types(report: &mut RowReport<'_>, value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items
            .iter()
            .take(MAX_TYPES)
            .map(|item| match item {
                Value::String(s) => s.clone(),
                // Reported by the shared rules as a code of the wrong form.
                other => compact(other),
            })
            .collect(),
        Some(v) if !is_absent(v) => {
            report.issue(
                Field::Types,
                &compact(v),
                Rule::WrongType,
                Severity::FieldDropped,
            );
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// `approximate`: `"yes"` (or `true`) when the address is only a town or
/// region.
fn approximate(row: &Map<String, Value>) -> bool {
    match row.get("approximate") {
        Some(Value::String(s)) => s.trim().eq_ignore_ascii_case("yes"),
        Some(Value::Bool(b)) => *b,
        _ => false,
    }
}

/// `formatted_address`, else the split address fields joined.
fn address(row: &Map<String, Value>) -> String {
    let formatted = text(row, "formatted_address");
    if !formatted.trim().is_empty() {
        return formatted;
    }
    if text(row, "address").trim().is_empty() {
        return String::new();
    }
    ["address", "city", "state", "postal_code", "country"]
        .iter()
        .map(|key| text(row, key).trim().to_owned())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

fn coordinates(report: &mut RowReport<'_>, row: &Map<String, Value>) -> Option<(f64, f64)> {
    let number = |key: &str| match row.get(key) {
        Some(Value::Number(n)) => n.as_f64(),
        Some(Value::String(s)) => s.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
        _ => None,
    };
    match (number("latitude"), number("longitude")) {
        (Some(lat), Some(lon)) => Some((lat, lon)),
        (lat, lon) => {
            for (key, field, parsed) in [
                ("latitude", Field::Latitude, lat),
                ("longitude", Field::Longitude, lon),
            ] {
                let given = row.get(key).filter(|v| !is_absent(v));
                if let (Some(value), None) = (given, parsed) {
                    report.issue(
                        field,
                        &compact(value),
                        Rule::WrongType,
                        Severity::FieldDropped,
                    );
                }
            }
            None
        }
    }
}

/// `regions` (most general first), else `region` and `sub_region`.
fn regions(report: &mut RowReport<'_>, row: &Map<String, Value>) -> Vec<String> {
    match row.get("regions") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        Some(v) if !is_absent(v) => {
            report.issue(
                Field::Regions,
                &compact(v),
                Rule::WrongType,
                Severity::FieldDropped,
            );
            Vec::new()
        }
        _ => vec![text(row, "region"), text(row, "sub_region")],
    }
}

/// A JSON value that means "not given": null, "" or only white space.
fn is_absent(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// A JSON value printed for a report, short.
fn compact(value: &Value) -> String {
    cut(&value.to_string())
}

#[cfg(test)]
mod tests;
