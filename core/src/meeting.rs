//! The meeting model: what a listing is, once a feed row has been validated.
//!
//! A meeting stores a *schedule* (weekday, local start, duration, IANA zone),
//! never an instant: the time of the next occurrence depends on "now" and on
//! daylight-saving rules, and is computed when needed.

use crate::web_address::{self, WebAddressError};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::fellowship::{Approach, Fellowship};
use crate::meeting_type;

/// A meeting's stable identifier: `<source>:<upstream key>`, for example
/// `demo:sunday-serenity`. Unique within the directory.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MeetingId(String);

impl MeetingId {
    /// Joins a feed's source name and a row's key.
    pub fn new(source: &str, key: &str) -> MeetingId {
        MeetingId(format!("{source}:{key}"))
    }

    /// An identifier read back as it was stored (from the device's storage
    /// or a sync page), already joined.
    pub fn from_stored(id: String) -> MeetingId {
        MeetingId(id)
    }

    /// The identifier as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for MeetingId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A listed mutual-help meeting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    /// Stable identifier, `<source>:<upstream key>`.
    pub id: MeetingId,
    /// The meeting's name, plain text.
    pub name: String,
    /// The fellowship it belongs to (from the feed's configuration).
    #[serde(default)]
    pub fellowship: Fellowship,
    /// When it meets.
    pub schedule: Schedule,
    /// Where it meets face to face, if it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_person: Option<Venue>,
    /// How to join online or by phone, if one can.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online: Option<OnlineAccess>,
    /// Where a meeting with no room to go to is based: an online meeting's
    /// town, or the usual venue of one whose room is closed for now (`TC`).
    /// Readers of the Meeting Guide format need a place for every meeting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<Area>,
    /// Meeting Guide type codes (`O`, `C`, `W`, ...) and Lantern's own
    /// (`X-CAM`, ...), as the feed sent them, each once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<String>,
    /// Languages it is held in, as ISO 639-1 codes (`en`, `es`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
    /// Regions, most general first (`["Greater London", "Camden"]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    /// Public contacts of the group or service body: never a person's own.
    #[serde(default, skip_serializing_if = "Contact::is_empty")]
    pub contact: Contact,
    /// The group that holds the meeting, plain text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub group: String,
    /// Notes for attendees, plain text with line breaks.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// The feed the meeting came from (its configured source name).
    pub source: String,
    /// When the feed says the listing last changed, as the feed wrote it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub updated: String,
}

impl Meeting {
    /// Whether the meeting comes from demo data (a source named `demo` or
    /// `demo-…`), which the app must label as such.
    pub fn is_demo(&self) -> bool {
        self.source == "demo" || self.source.starts_with("demo-")
    }

    /// The approach to recovery, from the fellowship.
    pub fn approach(&self) -> Option<Approach> {
        self.fellowship.approach()
    }

    /// Whether the meeting has a type code.
    pub fn has_type(&self, code: &str) -> bool {
        self.types.iter().any(|t| t == code)
    }

    /// Secular: a secular fellowship, or a meeting marked secular (`A`).
    pub fn is_secular(&self) -> bool {
        self.approach() == Some(Approach::Secular) || self.has_type(meeting_type::SECULAR)
    }

    /// How one attends: in person, online, or both.
    pub fn attendance(&self) -> Attendance {
        match (self.in_person.is_some(), self.online.is_some()) {
            (true, true) => Attendance::Hybrid,
            (false, true) => Attendance::Online,
            _ => Attendance::InPerson,
        }
    }
}

/// How a meeting is attended, derived from its venue and online access.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Attendance {
    /// Face to face only.
    InPerson,
    /// By video or phone only.
    Online,
    /// Both face to face and online.
    Hybrid,
}

impl Attendance {
    /// Whether a meeting attended `meeting`'s way answers a search for this
    /// way: a hybrid meeting can be joined online and in person, so it
    /// answers all three.
    ///
    /// ```
    /// use lantern_core::Attendance::*;
    /// assert!(Online.includes(Hybrid));
    /// assert!(!Hybrid.includes(Online));
    /// ```
    pub fn includes(self, meeting: Attendance) -> bool {
        self == meeting || meeting == Attendance::Hybrid
    }
}

/// When a meeting meets, in its own time zone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    /// Day of the week, in the meeting's zone.
    pub day: Weekday,
    /// Local start time, in the meeting's zone.
    pub start: LocalTime,
    /// Length in minutes (1 to 1,440).
    pub minutes: u16,
    /// IANA time-zone name, such as `America/Chicago`.
    pub zone: String,
}

/// A day of the week.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    /// Sunday (Meeting Guide day 0).
    Sunday,
    /// Monday (1).
    Monday,
    /// Tuesday (2).
    Tuesday,
    /// Wednesday (3).
    Wednesday,
    /// Thursday (4).
    Thursday,
    /// Friday (5).
    Friday,
    /// Saturday (6).
    Saturday,
}

impl Weekday {
    /// All seven days, Sunday first as in Meeting Guide feeds.
    pub const ALL: [Weekday; 7] = [
        Weekday::Sunday,
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
    ];

    /// The day for a Meeting Guide day number, 0 (Sunday) to 6 (Saturday).
    pub fn from_sunday_zero(number: i64) -> Option<Weekday> {
        usize::try_from(number)
            .ok()
            .and_then(|n| Weekday::ALL.get(n).copied())
    }

    /// A day as feeds write it: a number 0 (Sunday) to 6 (Saturday), an
    /// English name (`Sunday`) or its first three letters (`sun`), in any
    /// case, with spaces around ignored.
    ///
    /// ```
    /// use lantern_core::Weekday;
    /// assert_eq!(Weekday::parse("Sunday"), Some(Weekday::Sunday));
    /// assert_eq!(Weekday::parse(" thu "), Some(Weekday::Thursday));
    /// assert_eq!(Weekday::parse("3"), Some(Weekday::Wednesday));
    /// assert_eq!(Weekday::parse("7"), None);
    /// assert_eq!(Weekday::parse("Funday"), None);
    /// ```
    pub fn parse(text: &str) -> Option<Weekday> {
        let text = text.trim();
        if let Ok(number) = text.parse::<i64>() {
            return Weekday::from_sunday_zero(number);
        }
        let lower = text.to_ascii_lowercase();
        Weekday::ALL
            .into_iter()
            .find(|d| d.key() == lower || (lower.len() == 3 && d.key().starts_with(&lower)))
    }

    /// The Meeting Guide day number, 0 (Sunday) to 6 (Saturday).
    pub fn sunday_zero(self) -> u8 {
        self as u8
    }

    /// A stable lower-case key (`sunday`), used in ids and translations.
    pub fn key(self) -> &'static str {
        match self {
            Weekday::Sunday => "sunday",
            Weekday::Monday => "monday",
            Weekday::Tuesday => "tuesday",
            Weekday::Wednesday => "wednesday",
            Weekday::Thursday => "thursday",
            Weekday::Friday => "friday",
            Weekday::Saturday => "saturday",
        }
    }
}

/// A wall-clock time of day, minute precision, serialised as `HH:MM`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocalTime {
    hour: u8,
    minute: u8,
}

impl LocalTime {
    /// A time from hour (0–23) and minute (0–59); `None` when out of range.
    pub fn new(hour: u8, minute: u8) -> Option<LocalTime> {
        (hour < 24 && minute < 60).then_some(LocalTime { hour, minute })
    }

    /// Parses `HH:MM` or `HH:MM:SS` (seconds are ignored), as feeds send it.
    /// A single-digit hour (`7:30`) is accepted.
    ///
    /// ```
    /// use lantern_core::LocalTime;
    /// assert_eq!(LocalTime::parse("07:30").map(|t| t.to_string()), Some("07:30".into()));
    /// assert_eq!(LocalTime::parse("25:00"), None);
    /// ```
    pub fn parse(text: &str) -> Option<LocalTime> {
        let mut parts = text.trim().split(':');
        let hour = parse_two_digits(parts.next()?, 1)?;
        let minute = parse_two_digits(parts.next()?, 2)?;
        match parts.next() {
            None => {}
            Some(seconds) => {
                parse_two_digits(seconds, 2).filter(|s| *s < 60)?;
            }
        }
        if parts.next().is_some() {
            return None;
        }
        LocalTime::new(hour, minute)
    }

    /// Hour of the day, 0–23.
    pub fn hour(self) -> u8 {
        self.hour
    }

    /// Minute of the hour, 0–59.
    pub fn minute(self) -> u8 {
        self.minute
    }

    /// Minutes since midnight, 0–1,439.
    pub fn minutes_since_midnight(self) -> u16 {
        u16::from(self.hour) * 60 + u16::from(self.minute)
    }
}

fn parse_two_digits(text: &str, min_len: usize) -> Option<u8> {
    if text.len() < min_len || text.len() > 2 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

impl fmt::Display for LocalTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

impl Serialize for LocalTime {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for LocalTime {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        LocalTime::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("`{text}` is not an HH:MM time")))
    }
}

/// Where a meeting meets face to face.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Venue {
    /// The place's name ("Alano Club").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub location: String,
    /// The full address on one line.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub address: String,
    /// Where it is on the map, when the feed says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coordinates: Option<Coordinates>,
}

/// Where a meeting without a venue is based.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Area {
    /// The place on one line: an address, or only a town or region when
    /// `approximate`.
    pub address: String,
    /// Whether `address` names only a town or region, as the Meeting Guide
    /// format's `approximate: "yes"` says of an online meeting's place.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub approximate: bool,
}

impl Area {
    /// An approximate area from a meeting's regions (most general first),
    /// written most specific first as an address reads:
    /// `["North Carolina", "Raleigh"]` gives `Raleigh, North Carolina`.
    /// Regions that name no place (`Online`, `Zoom`) are left out.
    ///
    /// ```
    /// use lantern_core::meeting::Area;
    /// let regions = ["North Carolina".to_owned(), "Raleigh".to_owned(), "Online".to_owned()];
    /// assert_eq!(Area::from_regions(&regions).unwrap().address, "Raleigh, North Carolina");
    /// assert_eq!(Area::from_regions(&["Zoom meetings".to_owned()]), None);
    /// ```
    pub fn from_regions(regions: &[String]) -> Option<Area> {
        let places: Vec<&str> = regions
            .iter()
            .rev()
            .map(|r| r.trim())
            .filter(|r| !r.is_empty() && !names_no_place(r))
            .collect();
        (!places.is_empty()).then(|| Area {
            address: places.join(", "),
            approximate: true,
        })
    }
}

/// Whether a region is a way of meeting rather than a place, as feeds file
/// their online meetings under `Online` or `Virtual Meetings`.
fn names_no_place(region: &str) -> bool {
    let lower = region.to_lowercase();
    ["online", "virtual", "zoom", "phone", "internet", "web"]
        .iter()
        .any(|word| {
            lower
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == *word)
        })
}

/// A point on the map, in millionths of a degree (about 11 cm), so that it
/// compares exactly and stays small.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Coordinates {
    /// Latitude × 1,000,000, −90° to 90°.
    pub lat_e6: i32,
    /// Longitude × 1,000,000, −180° to 180°.
    pub lon_e6: i32,
}

impl Coordinates {
    /// A point from degrees; `None` when out of range or not a number.
    /// (0, 0), a common placeholder for "unknown", is refused too.
    ///
    /// ```
    /// use lantern_core::meeting::Coordinates;
    /// assert!(Coordinates::from_degrees(51.5, -0.12).is_some());
    /// assert!(Coordinates::from_degrees(91.0, 0.0).is_none());
    /// ```
    pub fn from_degrees(latitude: f64, longitude: f64) -> Option<Coordinates> {
        let in_range = (-90.0..=90.0).contains(&latitude) && (-180.0..=180.0).contains(&longitude);
        if !in_range || (latitude == 0.0 && longitude == 0.0) {
            return None;
        }
        // In range, so the rounded values fit in i32.
        Some(Coordinates {
            lat_e6: (latitude * 1e6).round() as i32,
            lon_e6: (longitude * 1e6).round() as i32,
        })
    }

    /// Latitude in degrees.
    pub fn latitude(self) -> f64 {
        f64::from(self.lat_e6) / 1e6
    }

    /// Longitude in degrees.
    pub fn longitude(self) -> f64 {
        f64::from(self.lon_e6) / 1e6
    }
}

/// Public contacts of a group or service body.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// A web page about the meeting or group (`https:` or `http:`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub website: String,
    /// A public e-mail address of the group or service body.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub email: String,
    /// A public phone number of the group or service body.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub phone: String,
}

impl Contact {
    /// Whether no contact is known.
    pub fn is_empty(&self) -> bool {
        self.website.is_empty() && self.email.is_empty() && self.phone.is_empty()
    }
}

/// How to join a meeting online or by phone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnlineAccess {
    /// The video meeting's link (always `https:`). Read leniently: a stored
    /// link that the checks of a newer version refuse is left out, rather
    /// than failing the whole page or feed it travels in.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "join_url_or_none"
    )]
    pub url: Option<JoinUrl>,
    /// Phone dial-in: digits, `+`, and `,*#` for one-tap dialling.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub phone: String,
    /// Passcode or other joining notes, plain text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

/// A validated join link: an absolute `https:` URL with a host, no
/// credentials and no white space.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct JoinUrl(String);

/// Why a join link was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JoinUrlError {
    /// Not `https:` (for example `http:`, `javascript:` or `data:`).
    NotHttps,
    /// No host after `https://`, credentials in the URL, white space or
    /// control characters, or longer than 2,048 characters.
    Malformed,
}

impl JoinUrl {
    /// The longest link accepted.
    pub const MAX_LEN: usize = web_address::MAX_LEN;

    /// Validates a join link.
    ///
    /// ```
    /// use lantern_core::meeting::{JoinUrl, JoinUrlError};
    /// assert!(JoinUrl::parse("https://zoom.us/j/123").is_ok());
    /// assert_eq!(JoinUrl::parse("javascript:alert(1)"), Err(JoinUrlError::NotHttps));
    /// ```
    pub fn parse(text: &str) -> Result<JoinUrl, JoinUrlError> {
        let address = web_address::split(text.trim()).map_err(|error| match error {
            WebAddressError::NotWeb => JoinUrlError::NotHttps,
            WebAddressError::Credentials | WebAddressError::Malformed => JoinUrlError::Malformed,
        })?;
        if !address.https {
            return Err(JoinUrlError::NotHttps);
        }
        Ok(JoinUrl(format!("https:{}", address.after_scheme)))
    }

    /// The link as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The host, lower-cased, without a port.
    pub fn host(&self) -> String {
        web_address::split(&self.0)
            .map(|address| address.host.to_ascii_lowercase())
            .unwrap_or_default()
    }

    /// The video service, guessed from the host.
    pub fn provider(&self) -> Provider {
        Provider::from_host(&self.host())
    }
}

impl<'de> Deserialize<'de> for JoinUrl {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        JoinUrl::parse(&text)
            .map_err(|_| serde::de::Error::custom("a join link must be an https: URL"))
    }
}

/// A join link as stored, or `None` when it is absent or no longer passes
/// [`JoinUrl::parse`].
fn join_url_or_none<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<JoinUrl>, D::Error> {
    let text = Option::<std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
    Ok(text.and_then(|text| JoinUrl::parse(&text).ok()))
}

/// The video service a join link belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Provider {
    /// Zoom (`zoom.us` and its subdomains).
    Zoom,
    /// Google Meet.
    GoogleMeet,
    /// Microsoft Teams.
    Teams,
    /// Jitsi Meet.
    Jitsi,
    /// Anything else: still a valid link.
    Other,
}

impl Provider {
    /// Guesses the provider from a lower-case host name.
    pub fn from_host(host: &str) -> Provider {
        let is = |domain: &str| host == domain || host.ends_with(&format!(".{domain}"));
        if is("zoom.us") || is("zoomgov.com") {
            Provider::Zoom
        } else if host == "meet.google.com" {
            Provider::GoogleMeet
        } else if is("teams.microsoft.com") || is("teams.live.com") {
            Provider::Teams
        } else if is("meet.jit.si") || is("8x8.vc") {
            // By registrable domain only: `jitsi.evil.example` is not Jitsi.
            Provider::Jitsi
        } else {
            Provider::Other
        }
    }
}

/// Is this a dial string one can tap to call: a number (digits, a leading
/// `+`, spaces, dashes, dots and brackets, at least three digits), then,
/// after the first pause (`,` or `;`), the codes it dials, which may also
/// hold `*` and `#`? Those two only after a pause: before it they make
/// service codes (`*21*…#` forwards the phone's calls).
///
/// ```
/// use lantern_core::meeting::is_dial_string;
/// assert!(is_dial_string("+1 646 558 8656,,1234567890#,,,,*111111#"));
/// assert!(!is_dial_string("*21*+15551234567#"));
/// assert!(!is_dial_string("+1 555 0100#"));
/// ```
pub fn is_dial_string(text: &str) -> bool {
    let (number, codes) = number_and_codes(text);
    let number = number.trim();
    let digits_and_marks = number.strip_prefix('+').unwrap_or(number);
    text.len() <= 64
        && digits_and_marks
            .chars()
            .all(|c| c.is_ascii_digit() || "-. ()".contains(c))
        && codes
            .chars()
            .all(|c| c.is_ascii_digit() || ",;*# ".contains(c))
        && number.chars().filter(char::is_ascii_digit).count() >= 3
}

/// A `tel:` URI for a dial string, for one-tap dialling. It keeps digits,
/// `+`, and the pause and tone characters `,`, `;`, `*` and `#`, and
/// percent-encodes `#` and `*`, so that a passcode's `#` is not taken for
/// the start of a URL fragment and lost.
///
/// ```
/// use lantern_core::meeting::tel_uri;
/// assert_eq!(tel_uri("+44 20 7946 0018,,1234#,*9"), "tel:+442079460018,,1234%23,%2A9");
/// assert_eq!(tel_uri("(555) 010-0100"), "tel:5550100100");
/// ```
pub fn tel_uri(dial: &str) -> String {
    let mut uri = String::from("tel:");
    for ch in dial.chars() {
        match ch {
            '0'..='9' | '+' | ',' | ';' => uri.push(ch),
            '#' => uri.push_str("%23"),
            '*' => uri.push_str("%2A"),
            _ => {}
        }
    }
    uri
}

/// A dial string's number, and the codes dialled after its first pause
/// (`,` or `;`), which start with that pause.
fn number_and_codes(text: &str) -> (&str, &str) {
    match text.find([',', ';']) {
        Some(at) => text.split_at(at),
        None => (text, ""),
    }
}

/// An `sms:` URI for a phone number: the digits before any pause (codes
/// dialled after one are not part of the number), and a leading `+`.
///
/// ```
/// use lantern_core::meeting::sms_uri;
/// assert_eq!(sms_uri("+44 (0)7700 900-123"), "sms:+4407700900123");
/// assert_eq!(sms_uri("555 0100,,12#"), "sms:5550100");
/// ```
pub fn sms_uri(phone: &str) -> String {
    let (number, _codes) = number_and_codes(phone);
    let plus = number.trim_start().starts_with('+');
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    format!("sms:{}{digits}", if plus { "+" } else { "" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_times() {
        let cases = [
            ("00:00", Some("00:00")),
            ("7:05", Some("07:05")),
            ("19:30:00", Some("19:30")),
            (" 23:59 ", Some("23:59")),
            ("24:00", None),
            ("25:00", None),
            ("12:60", None),
            ("12", None),
            ("12:5", None),
            ("12:30:61", None),
            ("-1:30", None),
            ("ab:cd", None),
            ("12:30:00:00", None),
            ("", None),
        ];
        for (input, expected) in cases {
            assert_eq!(
                LocalTime::parse(input).map(|t| t.to_string()).as_deref(),
                expected,
                "{input:?}"
            );
        }
    }

    #[test]
    fn validates_join_links() {
        use JoinUrlError::*;
        let cases = [
            ("https://zoom.us/j/123?pwd=x", Ok(Provider::Zoom)),
            ("HTTPS://us02web.zoom.us/j/1", Ok(Provider::Zoom)),
            (
                "https://meet.google.com/abc-defg-hij",
                Ok(Provider::GoogleMeet),
            ),
            ("https://teams.microsoft.com/l/meetup", Ok(Provider::Teams)),
            ("https://meet.jit.si/Room", Ok(Provider::Jitsi)),
            ("https://8x8.vc/company/Room", Ok(Provider::Jitsi)),
            ("https://jitsi.evil.example/Room", Ok(Provider::Other)),
            ("https://meet.jit.si.evil.example/Room", Ok(Provider::Other)),
            ("https://zoom.us.evil.example/j/1", Ok(Provider::Other)),
            ("https://example.org:8443/room", Ok(Provider::Other)),
            ("https://notzoom.us/j/1", Ok(Provider::Other)),
            ("http://zoom.us/j/1", Err(NotHttps)),
            ("javascript:alert(1)", Err(NotHttps)),
            ("data:text/html,<b>x</b>", Err(NotHttps)),
            ("zoom.us/j/1", Err(NotHttps)),
            ("https://", Err(Malformed)),
            ("https:zoom.us", Err(Malformed)),
            ("https://user:pw@zoom.us/j/1", Err(Malformed)),
            ("https://zoom.us/j/1 2", Err(Malformed)),
            ("https://evil.example\\.zoom.us/j/1", Err(Malformed)),
        ];
        for (input, expected) in cases {
            assert_eq!(
                JoinUrl::parse(input).map(|u| u.provider()),
                expected,
                "{input:?}"
            );
        }
        let long = format!("https://x.org/{}", "a".repeat(JoinUrl::MAX_LEN));
        assert_eq!(JoinUrl::parse(&long), Err(Malformed));
    }

    #[test]
    fn a_stored_link_a_newer_version_refuses_is_left_out_not_fatal() {
        // Stored by an earlier version, whose checks took an empty port.
        let stored = r#"{"url":"https://zoom.us:/j/1","phone":"+1 646 558 8656"}"#;
        let online: OnlineAccess = serde_json::from_str(stored).unwrap();
        assert_eq!(online.url, None);
        assert_eq!(online.phone, "+1 646 558 8656");
        let good: OnlineAccess = serde_json::from_str(r#"{"url":"https://zoom.us/j/1"}"#).unwrap();
        assert_eq!(good.url.map(|u| u.host()), Some("zoom.us".to_owned()));
        let none: OnlineAccess = serde_json::from_str(r#"{"url":null,"notes":"x"}"#).unwrap();
        assert_eq!(none.url, None);
    }

    #[test]
    fn recognises_dial_strings() {
        assert!(is_dial_string("+1 646 558 8656,,123456#"));
        assert!(is_dial_string("(020) 7946-0000"));
        assert!(!is_dial_string("call Bob"));
        assert!(!is_dial_string("+1"));
        assert!(!is_dial_string("tel:+15555555555"));
        // Codes after a pause keep their stars and hashes, whole.
        assert!(is_dial_string("+16465588656,,1234567890#,,,,*111111#"));
        assert!(is_dial_string("+44 20 7946 0000;1234#"));
        // Before a pause they would be service codes: refused.
        for code in [
            "*21*+15551234567#",
            "#31#5551234",
            "555*0100",
            "+1 555 0100#",
            "1+555 0100",
        ] {
            assert!(!is_dial_string(code), "{code}");
        }
    }

    #[test]
    fn meeting_round_trips_through_json() {
        let meeting = Meeting {
            id: MeetingId::new("demo", "x"),
            name: "Name".into(),
            fellowship: Fellowship::SmartRecovery,
            schedule: Schedule {
                day: Weekday::Monday,
                start: LocalTime::new(19, 0).unwrap(),
                minutes: 60,
                zone: "Europe/London".into(),
            },
            in_person: None,
            area: Some(Area {
                address: "Leeds".into(),
                approximate: true,
            }),
            online: Some(OnlineAccess {
                url: Some(JoinUrl::parse("https://zoom.us/j/1").unwrap()),
                phone: String::new(),
                notes: String::new(),
            }),
            types: vec!["O".into()],
            languages: vec!["en".into()],
            regions: vec![],
            contact: Contact::default(),
            group: String::new(),
            notes: String::new(),
            source: "demo".into(),
            updated: String::new(),
        };
        let json = serde_json::to_string(&meeting).unwrap();
        assert_eq!(serde_json::from_str::<Meeting>(&json).unwrap(), meeting);
        assert_eq!(meeting.attendance(), Attendance::Online);
        // A link smuggled into stored data is refused on the way back in:
        // left out, so the rest of the meeting (and its page) still reads.
        let hostile = json.replace("https://zoom.us/j/1", "javascript:alert(1)");
        let back = serde_json::from_str::<Meeting>(&hostile).unwrap();
        assert_eq!(back.online.and_then(|o| o.url), None);
    }
}
