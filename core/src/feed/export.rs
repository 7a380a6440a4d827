//! Export to Meeting Guide JSON, so that tools which read that format (TSML
//! UI, the Meeting Guide app) can read Lantern's directory.
//!
//! Only codes of the Meeting Guide type list are exported: Lantern's own
//! (`X-CAM`, ...) and unknown codes would mean nothing to those tools. Phone
//! numbers lose their spacing, as the specification's dial strings have none,
//! and a wait (`;`) is written as a pause (`,`), which it has.
//! Addresses are written as `formatted_address` whatever their country: the
//! specification's pattern for that field accepts only United States
//! addresses written in ASCII, which would leave most of the world out.
//!
//! Every meeting gets a `formatted_address`, because TSML UI, the most used
//! reader, drops meetings without one, online ones included. A meeting
//! without a venue gets its [`Area`](crate::meeting::Area), or as a last
//! resort the city its time zone is named after, with `approximate: "yes"`
//! where the place is only a town or region.

use serde::Serialize;

use crate::meeting::Meeting;
use crate::meeting_type::{MeetingType, Origin};

/// One meeting in Meeting Guide form. Empty fields are left out.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MeetingGuideRow {
    /// The meeting's name.
    pub name: String,
    /// Unique within the feed: the meeting id without its source.
    pub slug: String,
    /// 0 (Sunday) to 6 (Saturday).
    pub day: u8,
    /// Local start, `HH:MM`.
    pub time: String,
    /// Local end, `HH:MM` (past midnight when the meeting crosses it).
    pub end_time: String,
    /// IANA time zone.
    pub timezone: String,
    /// Meeting Guide type codes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<String>,
    /// The venue's name.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub location: String,
    /// The venue's address on one line.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub formatted_address: String,
    /// `yes` when `formatted_address` is only a town or region, as for an
    /// online meeting; `no` for a venue's address.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub approximate: &'static str,
    /// Latitude in degrees.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    /// Longitude in degrees.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
    /// Regions, most general first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    /// The join link.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub conference_url: String,
    /// Notes for joining by link.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub conference_url_notes: String,
    /// The dial-in.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub conference_phone: String,
    /// Notes for joining by phone.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub conference_phone_notes: String,
    /// The group.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub group: String,
    /// Notes for attendees.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// `YYYY-MM-DD HH:MM:SS`, when the source gave it in that form.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub updated: String,
    /// The meeting's web page.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub url: String,
    /// The service body's public e-mail address.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub entity_email: String,
    /// The service body's public phone number.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub entity_phone: String,
}

impl From<&Meeting> for MeetingGuideRow {
    fn from(meeting: &Meeting) -> MeetingGuideRow {
        let id = meeting.id.as_str();
        let slug = id.split_once(':').map_or(id, |(_, key)| key).to_owned();
        let start = meeting.schedule.start.minutes_since_midnight();
        let end = (start + meeting.schedule.minutes) % (24 * 60);
        let online = meeting.online.as_ref();
        let url = online
            .and_then(|o| o.url.as_ref())
            .map(|u| u.as_str().to_owned())
            .unwrap_or_default();
        // The specification's dial string: digits, `+` and `,*#` only. A
        // wait (`;`) becomes a pause (`,`), the nearest the specification
        // has: dropped, it would join a number to the codes after it.
        let phone: String = online
            .map(|o| {
                o.phone
                    .chars()
                    .map(|c| if c == ';' { ',' } else { c })
                    .filter(|c| c.is_ascii_digit() || "+,*#".contains(*c))
                    .collect()
            })
            .unwrap_or_default();
        // Lantern keeps one set of joining notes; they go with the link when
        // there is one.
        let notes = online.map(|o| o.notes.clone()).unwrap_or_default();
        let (url_notes, phone_notes) = if url.is_empty() {
            (String::new(), notes)
        } else {
            (notes, String::new())
        };
        let venue = meeting.in_person.as_ref();
        let point = venue.and_then(|v| v.coordinates);
        let (formatted_address, approximate) = place(meeting);
        MeetingGuideRow {
            name: meeting.name.clone(),
            slug,
            day: meeting.schedule.day.sunday_zero(),
            time: meeting.schedule.start.to_string(),
            end_time: format!("{:02}:{:02}", end / 60, end % 60),
            timezone: meeting.schedule.zone.clone(),
            types: meeting
                .types
                .iter()
                .filter(|t| {
                    MeetingType::lookup(t).is_some_and(|k| k.origin() == Origin::MeetingGuide)
                })
                .cloned()
                .collect(),
            location: venue.map(|v| v.location.clone()).unwrap_or_default(),
            formatted_address,
            approximate,
            latitude: point.map(|p| p.latitude()),
            longitude: point.map(|p| p.longitude()),
            regions: meeting.regions.clone(),
            conference_url: url,
            conference_url_notes: url_notes,
            conference_phone: phone,
            conference_phone_notes: phone_notes,
            group: meeting.group.clone(),
            notes: meeting.notes.clone(),
            updated: Some(meeting.updated.clone())
                .filter(|u| is_feed_timestamp(u))
                .unwrap_or_default(),
            url: meeting.contact.website.clone(),
            entity_email: meeting.contact.email.clone(),
            entity_phone: meeting.contact.phone.clone(),
        }
    }
}

/// The meeting's `formatted_address` and `approximate`: its venue, else its
/// area, else its time zone's city.
fn place(meeting: &Meeting) -> (String, &'static str) {
    let flag = |approximate: bool| if approximate { "yes" } else { "no" };
    if let Some(venue) = meeting.in_person.as_ref().filter(|v| !v.address.is_empty()) {
        return (venue.address.clone(), flag(false));
    }
    if let Some(area) = &meeting.area {
        return (area.address.clone(), flag(area.approximate));
    }
    match zone_city(&meeting.schedule.zone) {
        Some(city) => (city, flag(true)),
        None => (String::new(), ""),
    }
}

/// The city a time zone is named after (`America/Argentina/Buenos_Aires`
/// gives `Buenos Aires`); `None` for zones named after no place (`UTC`,
/// `Etc/GMT+5`).
fn zone_city(zone: &str) -> Option<String> {
    let (area, _) = zone.split_once('/')?;
    let city = zone.rsplit('/').next()?;
    let named = !matches!(area, "Etc" | "SystemV" | "US" | "Canada")
        && city
            .chars()
            .all(|c| c.is_alphabetic() || c == '_' || c == '-');
    // Written as a reader trims it (`_Angeles` is `Angeles`), so that the
    // feed reads back to the same text.
    let city = city
        .split('_')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    (named && !city.is_empty()).then_some(city)
}

/// The meetings as a Meeting Guide feed: a JSON array.
///
/// ```
/// use lantern_core::feed::{export, mg, ImportOptions};
/// let options = ImportOptions { source: "x".parse().unwrap(), default_zone: Some("UTC".parse().unwrap()), ..ImportOptions::default() };
/// let feed = br#"[{"name":"N","slug":"n","day":1,"time":"19:00","conference_url":"https://zoom.us/j/1"}]"#;
/// let meetings = mg::import(feed, &options).unwrap().meetings;
/// assert!(export::meeting_guide_json(&meetings).starts_with(r#"[{"name":"N","slug":"n","day":1"#));
/// ```
pub fn meeting_guide_json(meetings: &[Meeting]) -> String {
    let mut feed = MeetingGuideWriter::new();
    for meeting in meetings {
        feed.push(meeting);
    }
    feed.finish()
}

/// Writes a Meeting Guide feed a meeting at a time, so that a large
/// directory is never held as one list of meetings (the worker reads a
/// shard page by page into it).
///
/// ```
/// use lantern_core::feed::{export, mg, ImportOptions};
/// let options = ImportOptions { source: "x".parse().unwrap(), default_zone: Some("UTC".parse().unwrap()), ..ImportOptions::default() };
/// let feed = br#"[{"name":"N","slug":"n","day":[1,2],"time":"19:00","conference_url":"https://zoom.us/j/1"}]"#;
/// let meetings = mg::import(feed, &options).unwrap().meetings;
/// let mut writer = export::MeetingGuideWriter::new();
/// for meeting in &meetings {
///     writer.push(meeting);
/// }
/// assert_eq!(writer.finish(), export::meeting_guide_json(&meetings));
/// assert_eq!(export::MeetingGuideWriter::new().finish(), "[]");
/// ```
#[derive(Clone, Debug)]
pub struct MeetingGuideWriter {
    json: Vec<u8>,
}

impl MeetingGuideWriter {
    /// An empty feed.
    pub fn new() -> MeetingGuideWriter {
        MeetingGuideWriter { json: vec![b'['] }
    }

    /// Adds a meeting.
    pub fn push(&mut self, meeting: &Meeting) {
        if self.json.len() > 1 {
            self.json.push(b',');
        }
        // Serialising plain strings and numbers into memory cannot fail.
        let _ = serde_json::to_writer(&mut self.json, &MeetingGuideRow::from(meeting));
    }

    /// The feed's JSON.
    pub fn finish(mut self) -> String {
        self.json.push(b']');
        // serde_json writes UTF-8 only.
        String::from_utf8(self.json).unwrap_or_else(|_| "[]".to_owned())
    }
}

impl Default for MeetingGuideWriter {
    fn default() -> MeetingGuideWriter {
        MeetingGuideWriter::new()
    }
}

/// `YYYY-MM-DD HH:MM:SS`, the only form the specification allows.
fn is_feed_timestamp(text: &str) -> bool {
    let shape = "dddd-dd-dd dd:dd:dd";
    text.len() == shape.len()
        && text.bytes().zip(shape.bytes()).all(|(c, s)| match s {
            b'd' => c.is_ascii_digit(),
            other => c == other,
        })
}

#[cfg(test)]
mod tests;
