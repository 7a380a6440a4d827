//! The second stage of every importer: from a raw row (text fields as the
//! feed sent them, format quirks already resolved) to validated meetings.
//!
//! Each format's parser (`mg`, `bmlt`, `csv`) turns its rows into
//! [`RawRow`]s, reporting only what is particular to its format (a day
//! number out of range, a value of the wrong JSON type). The rules that hold
//! for every format live here once.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::json_rows::{each_row, RowsAt};
use super::Format;

use super::issue::{cut, Field, ImportIssue, Rule, Severity};
use super::{
    FeedError, Import, ImportOptions, MAX_FEED_MEETINGS, MAX_FEED_MEETING_BYTES, MAX_FEED_ROWS,
};
use crate::meeting::{
    is_dial_string, Area, Contact, Coordinates, JoinUrl, JoinUrlError, LocalTime, Meeting,
    MeetingId, OnlineAccess, Provider, Schedule, Venue, Weekday,
};
use crate::meeting_type::{self, MeetingType};
use crate::names::{LanguageCode, TypeCode, ZoneName};
use crate::text::plain_text;

const MAX_SLUG: usize = 100;
const MAX_NAME: usize = 200;
pub(crate) const MAX_LINE: usize = 300;
const MAX_NOTES: usize = 4000;
pub(crate) const MAX_TYPES: usize = 40;
const MAX_REGIONS: usize = 8;
const DEFAULT_MINUTES: u16 = 60;

/// One row as the feed sent it. Text fields are untrimmed feed text; empty
/// means absent.
#[derive(Clone, Debug, Default)]
pub(crate) struct RawRow {
    pub slug: String,
    pub name: String,
    /// The days it meets; the parser has resolved the format's encoding.
    pub days: Vec<Weekday>,
    /// `HH:MM` or `HH:MM:SS`.
    pub start: String,
    /// `HH:MM`, when the format gives an end time.
    pub end: String,
    /// Length in minutes, when the format gives a duration instead.
    pub minutes: Option<u16>,
    pub zone: String,
    pub types: Vec<String>,
    pub conference_url: String,
    pub conference_url_notes: String,
    pub conference_phone: String,
    pub conference_phone_notes: String,
    pub location: String,
    /// The address on one line, already assembled from the format's parts.
    pub address: String,
    pub coordinates: Option<(f64, f64)>,
    /// What the format says explicitly of attendance (`None`: derive it).
    pub venue_type: Option<VenueType>,
    /// Whether the address names only a town or region (Meeting Guide's
    /// `approximate: "yes"`): then it is no venue to go to.
    pub approximate: bool,
    pub regions: Vec<String>,
    pub group: String,
    pub notes: String,
    pub updated: String,
    /// The row's own language (ISO 639-1), used when no type names one.
    pub language: String,
    pub website: String,
    pub email: String,
    pub phone: String,
}

/// Attendance as a format states it (BMLT's `venue_type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum VenueType {
    InPerson,
    Virtual,
    Hybrid,
}

/// Collects the issues of one row.
pub(crate) struct RowReport<'a> {
    row: usize,
    slug: Option<String>,
    issues: &'a mut Vec<ImportIssue>,
}

impl<'a> RowReport<'a> {
    pub fn new(row: usize, issues: &'a mut Vec<ImportIssue>) -> RowReport<'a> {
        RowReport {
            row,
            slug: None,
            issues,
        }
    }

    /// Names the row's slug in the issues that follow.
    pub fn set_slug(&mut self, slug: &str) {
        self.slug = Some(slug.to_owned());
    }

    pub fn issue(&mut self, field: Field, value: &str, rule: Rule, severity: Severity) {
        self.issues.push(ImportIssue {
            row: self.row,
            slug: self.slug.clone(),
            field,
            value: cut(value),
            rule,
            severity,
        });
    }

    /// Reports why the row is skipped; returns no meetings.
    pub fn skip(&mut self, field: Field, value: &str, rule: Rule) -> Vec<Meeting> {
        self.issue(field, value, rule, Severity::RowSkipped);
        Vec::new()
    }
}

/// Runs rows through validation and drops repeated ids, keeping the first.
pub(crate) struct Validator<'o> {
    options: &'o ImportOptions,
    import: Import,
    seen: HashSet<MeetingId>,
    /// The kept meetings' size, encoded as JSON.
    bytes: usize,
}

impl<'o> Validator<'o> {
    pub fn new(options: &'o ImportOptions) -> Validator<'o> {
        Validator {
            options,
            import: Import::default(),
            seen: HashSet::new(),
            bytes: 0,
        }
    }

    /// Parses and validates the next row with `parse`, which returns `None`
    /// when it has already reported why the row is skipped.
    ///
    /// # Errors
    ///
    /// When this row passes [`MAX_FEED_ROWS`], or its meetings pass
    /// [`MAX_FEED_MEETINGS`]: the feed is refused whole, and the caller
    /// stops reading it.
    pub fn row(
        &mut self,
        parse: impl FnOnce(&mut RowReport<'_>) -> Option<RawRow>,
    ) -> Result<(), FeedError> {
        self.import.rows += 1;
        if self.import.rows > MAX_FEED_ROWS {
            return Err(FeedError::TooManyRows {
                limit: MAX_FEED_ROWS,
            });
        }
        let mut report = RowReport::new(self.import.rows, &mut self.import.issues);
        let Some(raw) = parse(&mut report) else {
            return Ok(());
        };
        for meeting in raw.validate(&mut report, self.options) {
            if self.seen.insert(meeting.id.clone()) {
                self.bytes += encoded_len(&meeting);
                self.import.meetings.push(meeting);
            } else {
                let id = meeting.id.to_string();
                report.issue(Field::Slug, &id, Rule::DuplicateId, Severity::RowSkipped);
            }
        }
        if self.import.meetings.len() > MAX_FEED_MEETINGS {
            return Err(FeedError::TooManyMeetings {
                limit: MAX_FEED_MEETINGS,
            });
        }
        if self.bytes > MAX_FEED_MEETING_BYTES {
            return Err(FeedError::TooMuchText {
                limit: MAX_FEED_MEETING_BYTES,
            });
        }
        Ok(())
    }

    pub fn finish(self) -> Import {
        self.import
    }
}

/// Validates the rows of a JSON feed (Meeting Guide, BMLT) as they are
/// read, one at a time; the whole feed is rejected when it cannot be read
/// or passes a cap.
pub(crate) fn validate_json_rows(
    bytes: &[u8],
    format: Format,
    at: RowsAt,
    options: &ImportOptions,
    parse: impl Fn(&Value, &mut RowReport<'_>) -> Option<RawRow>,
) -> Result<Import, FeedError> {
    let mut validator = Validator::new(options);
    each_row(bytes, format, at, |value| {
        validator.row(|report| parse(&value, report))
    })?;
    Ok(validator.finish())
}

/// The length of a meeting encoded as JSON, counted without building it.
fn encoded_len(meeting: &Meeting) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0 += bytes.len();
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    // A Meeting is plain data: encoding it cannot fail.
    let _ = serde_json::to_writer(&mut count, meeting);
    count.0
}

/// A JSON field's text; numbers are accepted as their text.
pub(crate) fn json_text(row: &Map<String, Value>, key: &str) -> String {
    match row.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

impl RawRow {
    /// Validates the row: one meeting per day, or none with the reason.
    pub fn validate(self, report: &mut RowReport<'_>, options: &ImportOptions) -> Vec<Meeting> {
        let slug = self.slug.trim().to_owned();
        if slug.is_empty() {
            return report.skip(Field::Slug, "", Rule::Required);
        }
        report.set_slug(&slug);
        // Lantern's own exports add `@<day>` to the slugs of meetings held on
        // several days; the limit is on the feed's part, so they read back.
        let base = Weekday::ALL
            .iter()
            .find_map(|d| slug.strip_suffix(&format!("@{}", d.key())))
            .unwrap_or(&slug);
        if base.chars().count() > MAX_SLUG {
            return report.skip(Field::Slug, &slug, Rule::TooLong);
        }
        let name = plain_text(&self.name, MAX_NAME, false);
        if name.is_empty() {
            return report.skip(Field::Name, "", Rule::Required);
        }
        if self.days.is_empty() {
            return report.skip(Field::Day, "", Rule::Required);
        }
        let Some(start) = time(report, &self.start, Field::Time, true) else {
            return Vec::new();
        };
        let minutes = match (time(report, &self.end, Field::EndTime, false), self.minutes) {
            (Some(end), _) => {
                let span = (i32::from(end.minutes_since_midnight())
                    - i32::from(start.minutes_since_midnight()))
                .rem_euclid(24 * 60);
                // An end equal to the start means "unknown", not 24 hours.
                u16::try_from(span)
                    .ok()
                    .filter(|m| *m > 0)
                    .unwrap_or(DEFAULT_MINUTES)
            }
            (None, Some(minutes)) if (1..=24 * 60).contains(&minutes) => minutes,
            _ => DEFAULT_MINUTES,
        };
        let Some(zone) = zone(report, &self.zone, options) else {
            return Vec::new();
        };
        let types = types(report, &self.types);
        let (allow_in_person, allow_online) = match self.venue_type {
            Some(VenueType::InPerson) => (true, false),
            Some(VenueType::Virtual) => (false, true),
            Some(VenueType::Hybrid) => (true, true),
            None => (
                !types.iter().any(|t| t == meeting_type::TEMPORARILY_CLOSED),
                true,
            ),
        };
        let online = if allow_online {
            self.online(report)
        } else {
            None
        };
        let in_person = if allow_in_person && !self.approximate {
            self.venue(report)
        } else {
            None
        };
        if online.is_none() && in_person.is_none() {
            return report.skip(Field::Row, "", Rule::NoWayToAttend);
        }
        let regions = regions(&self.regions);
        let area = if in_person.is_some() {
            None
        } else {
            self.area(&regions, options)
        };
        let base = Meeting {
            id: MeetingId::new(options.source.as_str(), &slug),
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
            area,
            languages: languages(&types, &self.language, options),
            types,
            regions,
            contact: self.contact(report),
            group: plain_text(&self.group, MAX_LINE, false),
            notes: plain_text(&self.notes, MAX_NOTES, true),
            source: options.source.to_string(),
            updated: plain_text(&self.updated, 40, false),
        };
        let several = self.days.len() > 1;
        self.days
            .into_iter()
            .map(|day| {
                let mut meeting = base.clone();
                meeting.schedule.day = day;
                if several {
                    // '@' keeps derived ids apart from plain slugs; a clash is
                    // still caught as a duplicate id.
                    meeting.id =
                        MeetingId::new(options.source.as_str(), &format!("{slug}@{}", day.key()));
                }
                meeting
            })
            .collect()
    }

    fn online(&self, report: &mut RowReport<'_>) -> Option<OnlineAccess> {
        let raw_url = self.conference_url.trim();
        let url = if raw_url.is_empty() {
            None
        } else {
            match JoinUrl::parse(raw_url) {
                Ok(url) => {
                    if url.provider() == Provider::Other {
                        let host = url.host();
                        report.issue(
                            Field::ConferenceUrl,
                            &host,
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
                    report.issue(Field::ConferenceUrl, raw_url, rule, Severity::FieldDropped);
                    None
                }
            }
        };
        let phone = checked(
            report,
            &self.conference_phone,
            is_dial_string,
            Field::ConferencePhone,
            Rule::NotDialable,
        );
        if url.is_none() && phone.is_empty() {
            return None;
        }
        let notes = [&self.conference_url_notes, &self.conference_phone_notes]
            .into_iter()
            .map(|n| plain_text(n, MAX_LINE, true))
            .filter(|n| !n.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        Some(OnlineAccess { url, phone, notes })
    }

    /// The venue, if the row gives an address.
    fn venue(&self, report: &mut RowReport<'_>) -> Option<Venue> {
        let address = plain_text(&self.address, MAX_LINE, false);
        if address.is_empty() {
            return None;
        }
        let coordinates = self.coordinates.and_then(|(lat, lon)| {
            let point = Coordinates::from_degrees(lat, lon);
            if point.is_none() {
                let value = format!("{lat}, {lon}");
                report.issue(
                    Field::Latitude,
                    &value,
                    Rule::OutOfRange,
                    Severity::FieldDropped,
                );
            }
            point
        });
        Some(Venue {
            location: plain_text(&self.location, MAX_LINE, false),
            address,
            coordinates,
        })
    }

    /// Where a meeting with no venue is based: the address the row gives,
    /// else its regions, else the feed's area.
    fn area(&self, regions: &[String], options: &ImportOptions) -> Option<Area> {
        let address = plain_text(&self.address, MAX_LINE, false);
        if !address.is_empty() {
            // A virtual meeting's address is its service body's, not a room.
            let approximate = self.approximate || self.venue_type == Some(VenueType::Virtual);
            return Some(Area {
                address,
                approximate,
            });
        }
        Area::from_regions(regions).or_else(|| {
            options.area.as_ref().map(|address| Area {
                address: address.clone(),
                approximate: true,
            })
        })
    }

    /// Public contacts: a web page, the service body's address and phone.
    fn contact(&self, report: &mut RowReport<'_>) -> Contact {
        let website = checked(
            report,
            &self.website,
            is_web_link,
            Field::Url,
            Rule::NotAWebLink,
        );
        let email = checked(
            report,
            &self.email,
            is_email,
            Field::EntityEmail,
            Rule::NotAnEmail,
        );
        let phone = checked(
            report,
            &self.phone,
            is_dial_string,
            Field::EntityPhone,
            Rule::NotDialable,
        );
        Contact {
            website,
            email,
            phone,
        }
    }
}

/// The trimmed value when it is empty or `valid`; otherwise nothing, with
/// the field reported as dropped.
fn checked(
    report: &mut RowReport<'_>,
    value: &str,
    valid: fn(&str) -> bool,
    field: Field,
    rule: Rule,
) -> String {
    let value = value.trim();
    if value.is_empty() || valid(value) {
        value.to_owned()
    } else {
        report.issue(field, value, rule, Severity::FieldDropped);
        String::new()
    }
}

fn time(report: &mut RowReport<'_>, text: &str, field: Field, required: bool) -> Option<LocalTime> {
    let severity = if required {
        Severity::RowSkipped
    } else {
        Severity::FieldDropped
    };
    let text = text.trim();
    if text.is_empty() {
        if required {
            report.issue(field, "", Rule::Required, severity);
        }
        return None;
    }
    let time = LocalTime::parse(text);
    if time.is_none() {
        report.issue(field, text, Rule::NotATime, severity);
    }
    time
}

fn zone(report: &mut RowReport<'_>, own: &str, options: &ImportOptions) -> Option<String> {
    let zone = match (own.trim(), &options.default_zone) {
        ("", Some(default)) => default.to_string(),
        ("", None) => {
            report.skip(Field::Timezone, "", Rule::NoTimeZone);
            return None;
        }
        (own, _) => own.to_owned(),
    };
    let exists = options.zone_exists.is_none_or(|exists| exists(&zone));
    if ZoneName::parse(&zone).is_ok() && exists {
        Some(zone)
    } else {
        report.skip(Field::Timezone, &zone, Rule::UnknownTimeZone);
        None
    }
}

/// Known and unknown codes are kept, each once; TSML's `ONL` ("online") is
/// dropped because the conference fields already say it.
fn types(report: &mut RowReport<'_>, raw: &[String]) -> Vec<String> {
    let mut types: Vec<String> = Vec::new();
    for code in raw.iter().take(MAX_TYPES).map(|c| c.trim()) {
        if code == "ONL" {
            continue;
        }
        if TypeCode::parse(code).is_err() {
            report.issue(Field::Types, code, Rule::WrongType, Severity::FieldDropped);
            continue;
        }
        if MeetingType::lookup(code).is_none() {
            report.issue(Field::Types, code, Rule::UnknownType, Severity::Warning);
        }
        if !types.iter().any(|t| t == code) {
            types.push(code.to_owned());
        }
    }
    types
}

/// The regions, outermost first, each once: servers often send the same
/// city as two levels (`["Berlin", "Berlin"]`).
fn regions(raw: &[String]) -> Vec<String> {
    let mut kept: Vec<String> = Vec::new();
    for region in raw.iter().map(|r| plain_text(r, MAX_LINE, false)) {
        let repeated = kept
            .last()
            .is_some_and(|last| last.to_lowercase() == region.to_lowercase());
        if !region.is_empty() && !repeated && kept.len() < MAX_REGIONS {
            kept.push(region);
        }
    }
    kept
}

/// Languages from the language type codes, else the row's, else the feed's.
fn languages(types: &[String], own: &str, options: &ImportOptions) -> Vec<String> {
    let mut languages: Vec<String> = Vec::new();
    for iso in types
        .iter()
        .filter_map(|t| meeting_type::spoken_language(t))
    {
        if !languages.iter().any(|l| l == iso) {
            languages.push(iso.to_owned());
        }
    }
    let own = own.trim();
    if languages.is_empty() && LanguageCode::parse(own).is_ok() {
        languages.push(own.to_owned());
    }
    if languages.is_empty() {
        languages.extend(options.default_language.as_ref().map(ToString::to_string));
    }
    languages
}

/// An absolute `https:` or `http:` address with a host, read as every
/// web address is ([`crate::web_address`]).
fn is_web_link(text: &str) -> bool {
    crate::web_address::split(text).is_ok()
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
