//! CSV in the Meeting Guide "table format": the spreadsheet that service
//! bodies keep and that the 12 Step Meeting List plugin imports, with
//! plain-language headers (`Day`, `Time`, `Name`, `Address`, ...).
//!
//! Headers are matched ignoring case and surrounding space, and columns may
//! come in any order. Days may be names (`Monday`) or numbers (0 = Sunday),
//! several separated by commas; times may be 24-hour (`19:00`) or 12-hour
//! (`7:00 PM`); types may be codes (`O`) or English names (`Open`); `Regions`
//! holds a path separated by `>` (`Texas > Austin`). Without a `Slug` column
//! each row's key is made from its name, day, time and location, so it stays
//! the same from one import to the next while those do not change.

use super::issue::{Field, Rule};
use super::row::{RawRow, RowReport, Validator};
use super::{check_input, FeedError, Format, Import, ImportOptions};
use crate::meeting::Weekday;
use crate::meeting_type::MeetingType;

/// Imports a Meeting Guide table-format CSV file (UTF-8, comma-separated,
/// one header row).
///
/// # Errors
///
/// Returns a [`FeedError`] when the whole file must be rejected: larger than
/// [`MAX_FEED_BYTES`](super::MAX_FEED_BYTES), more than [`MAX_FEED_ROWS`](super::MAX_FEED_ROWS) rows, no header row, no
/// `Name`, `Day` or `Time` column, or invalid `options`. A row that cannot
/// be read (wrong number of fields, invalid UTF-8) is reported and skipped.
///
/// ```
/// use lantern_core::feed::{csv, ImportOptions};
/// let options = ImportOptions { source: "sheet".parse().unwrap(), default_zone: Some("Europe/London".parse().unwrap()), ..ImportOptions::default() };
/// let file = "Name,Day,Time,Address\nStep Study,Monday,7:00 PM,1 High St\n";
/// let import = csv::import(file.as_bytes(), &options).unwrap();
/// assert_eq!(import.meetings[0].schedule.start.to_string(), "19:00");
/// assert!(csv::import(b"Title,When\nx,y\n", &options).is_err());
/// ```
pub fn import(bytes: &[u8], options: &ImportOptions) -> Result<Import, FeedError> {
    check_input(bytes, options)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = ::csv::ReaderBuilder::new()
        .flexible(false)
        .trim(::csv::Trim::All)
        .from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|e| FeedError::Unreadable {
            format: Format::Csv,
            reason: e.to_string(),
        })?
        .clone();
    let columns = Columns::find(&headers)?;
    // Record by record, so only one row is held besides what is kept.
    let mut validator = Validator::new(options);
    for record in reader.records() {
        validator.row(|report| match record {
            Ok(record) => parse_row(&columns, &record, report),
            Err(error) => {
                report.skip(Field::Row, &error.to_string(), Rule::Unreadable);
                None
            }
        })?;
    }
    Ok(validator.finish())
}

/// Where each known column is.
struct Columns {
    by_name: Vec<(String, usize)>,
}

impl Columns {
    fn find(headers: &::csv::StringRecord) -> Result<Columns, FeedError> {
        let by_name: Vec<(String, usize)> = headers
            .iter()
            .enumerate()
            .map(|(i, h)| (h.trim().to_ascii_lowercase(), i))
            .collect();
        let columns = Columns { by_name };
        let missing: Vec<&str> = ["name", "day", "time"]
            .into_iter()
            .filter(|h| columns.index(h).is_none())
            .collect();
        if missing.is_empty() {
            Ok(columns)
        } else {
            Err(FeedError::Unreadable {
                format: Format::Csv,
                reason: format!(
                    "no {} column in the header row; the first row must name the columns (Name, Day, Time, Address, ...)",
                    missing.join(", ")
                ),
            })
        }
    }

    fn index(&self, header: &str) -> Option<usize> {
        self.by_name
            .iter()
            .find(|(h, _)| h == header)
            .map(|(_, i)| *i)
    }

    /// The value of the first of `headers` that the file has.
    fn get<'r>(&self, record: &'r ::csv::StringRecord, headers: &[&str]) -> &'r str {
        headers
            .iter()
            .find_map(|h| self.index(h).and_then(|i| record.get(i)))
            .unwrap_or("")
    }
}

fn parse_row(
    columns: &Columns,
    record: &::csv::StringRecord,
    report: &mut RowReport<'_>,
) -> Option<RawRow> {
    let get = |headers: &[&str]| columns.get(record, headers).to_owned();
    let name = get(&["name"]);
    let day_text = get(&["day"]);
    let time_text = get(&["time"]);
    let location = get(&["location"]);
    let mut slug = get(&["slug"]);
    if slug.is_empty() && !name.is_empty() {
        slug = derived_slug(&[&name, &day_text, &time_text, &location]);
    }
    if !slug.is_empty() {
        report.set_slug(&slug);
    }
    let mut days = Vec::new();
    for part in day_text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match Weekday::parse(part) {
            Some(day) if !days.contains(&day) => days.push(day),
            Some(_) => {}
            None => {
                report.skip(Field::Day, part, Rule::DayOutOfRange);
                return None;
            }
        }
    }
    let mut regions: Vec<String> = get(&["regions"])
        .split('>')
        .map(|r| r.trim().to_owned())
        .collect();
    if regions.iter().all(String::is_empty) {
        regions = vec![get(&["region"]), get(&["sub region", "sub_region"])];
    }
    let street = get(&["address"]);
    let address = match get(&["formatted address", "formatted_address"]) {
        formatted if !formatted.is_empty() => formatted,
        _ if street.is_empty() => String::new(),
        _ => ["address", "city", "state", "postal code", "country"]
            .iter()
            .map(|h| get(&[h]))
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(", "),
    };
    let notes = [get(&["notes"]), get(&["location notes"])]
        .into_iter()
        .filter(|n| !n.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    Some(RawRow {
        slug,
        name,
        days,
        start: clock(&time_text),
        end: clock(&get(&["end time", "end_time"])),
        minutes: None,
        zone: get(&["timezone", "time zone"]),
        types: get(&["types"])
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| {
                MeetingType::lookup_code_or_name(t)
                    .map_or_else(|| t.to_owned(), |k| k.code().to_owned())
            })
            .collect(),
        conference_url: get(&["conference url", "conference_url"]),
        conference_url_notes: get(&["conference url notes", "conference_url_notes"]),
        conference_phone: get(&["conference phone", "conference_phone"]),
        conference_phone_notes: get(&["conference phone notes", "conference_phone_notes"]),
        location,
        address,
        coordinates: coordinates(&get(&["latitude"]), &get(&["longitude"])),
        venue_type: None,
        approximate: get(&["approximate"]).eq_ignore_ascii_case("yes"),
        regions,
        group: get(&["group"]),
        notes,
        updated: get(&["updated"]),
        language: String::new(),
        website: get(&["website", "url"]),
        email: get(&["email", "entity email"]),
        phone: get(&["phone", "entity phone"]),
    })
}

/// `7:00 PM`, `7 pm`, `12:30am` as `HH:MM`; other text is passed on as it is
/// (the shared rules report what is not a time).
fn clock(text: &str) -> String {
    let lower = text.trim().to_ascii_lowercase();
    let (body, pm) = if let Some(body) = lower.strip_suffix("pm") {
        (body.trim(), true)
    } else if let Some(body) = lower.strip_suffix("am") {
        (body.trim(), false)
    } else {
        return text.trim().to_owned();
    };
    let (hour, minute) = body.split_once(':').unwrap_or((body, "00"));
    // `7:05 pm` or `7 pm`, not `7:5 pm`.
    let two_digit_minutes = minute.len() == 2;
    match (hour.parse::<u8>(), minute.parse::<u8>()) {
        (Ok(hour @ 1..=12), Ok(minute)) if minute < 60 && two_digit_minutes => {
            let hour = match (hour, pm) {
                (12, false) => 0,
                (12, true) => 12,
                (h, true) => h + 12,
                (h, false) => h,
            };
            format!("{hour:02}:{minute:02}")
        }
        _ => text.trim().to_owned(),
    }
}

fn coordinates(latitude: &str, longitude: &str) -> Option<(f64, f64)> {
    let lat = latitude.parse::<f64>().ok().filter(|f| f.is_finite())?;
    let lon = longitude.parse::<f64>().ok().filter(|f| f.is_finite())?;
    Some((lat, lon))
}

/// A stable key from a row's identifying text: lower-case letters and digits
/// joined by '-', at most 100 characters.
fn derived_slug(parts: &[&str]) -> String {
    let mut slug = String::new();
    for ch in parts.join(" ").chars() {
        if ch.is_alphanumeric() {
            slug.extend(ch.to_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    slug.chars().take(100).collect()
}

#[cfg(test)]
mod tests;
