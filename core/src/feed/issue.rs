//! One problem found in one row of a feed.

use std::fmt;

/// A problem in one row: where, which field, what value, which rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportIssue {
    /// 1-based row number in the feed.
    pub row: usize,
    /// The row's slug, when it has one.
    pub slug: Option<String>,
    /// The field at fault.
    pub field: Field,
    /// The offending value, cut to 80 characters and escaped.
    pub value: String,
    /// The rule the value breaks.
    pub rule: Rule,
    /// What happened to the row.
    pub severity: Severity,
}

/// A feed field, named as in the Meeting Guide specification.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Field {
    /// The row as a whole.
    Row,
    /// `name`.
    Name,
    /// `slug`.
    Slug,
    /// `day`.
    Day,
    /// `time`.
    Time,
    /// `end_time`.
    EndTime,
    /// `timezone`.
    Timezone,
    /// `conference_url`.
    ConferenceUrl,
    /// `conference_phone`.
    ConferencePhone,
    /// `types`.
    Types,
    /// `latitude`.
    Latitude,
    /// `longitude`.
    Longitude,
    /// `regions`, `region` or `sub_region`.
    Regions,
    /// `url` or `entity_url`.
    Url,
    /// `entity_email`.
    EntityEmail,
    /// `entity_phone`.
    EntityPhone,
}

impl Field {
    /// The field's name in the feed.
    pub fn name(self) -> &'static str {
        match self {
            Field::Row => "(row)",
            Field::Name => "name",
            Field::Slug => "slug",
            Field::Day => "day",
            Field::Time => "time",
            Field::EndTime => "end_time",
            Field::Timezone => "timezone",
            Field::ConferenceUrl => "conference_url",
            Field::ConferencePhone => "conference_phone",
            Field::Types => "types",
            Field::Latitude => "latitude",
            Field::Longitude => "longitude",
            Field::Regions => "regions",
            Field::Url => "url",
            Field::EntityEmail => "entity_email",
            Field::EntityPhone => "entity_phone",
        }
    }
}

/// A rule a row broke.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rule {
    /// The row is not a JSON object.
    NotAnObject,
    /// A required field is missing or empty.
    Required,
    /// The value has the wrong JSON type.
    WrongType,
    /// `day` is not 0–6.
    DayOutOfRange,
    /// A time is not a 24-hour `HH:MM`.
    NotATime,
    /// No time zone on the row and none configured for the feed.
    NoTimeZone,
    /// The time zone is not an IANA name.
    UnknownTimeZone,
    /// A join link is not `https:`.
    NotHttps,
    /// A join link is not a well-formed URL.
    MalformedUrl,
    /// A phone number has characters one cannot dial.
    NotDialable,
    /// Neither an address nor a join link nor a phone number.
    NoWayToAttend,
    /// Another row already has this id.
    DuplicateId,
    /// A number outside its range (coordinates), or the (0, 0) placeholder.
    OutOfRange,
    /// A type code neither Meeting Guide nor Lantern defines (kept).
    UnknownType,
    /// BMLT format keys whose world id has no Meeting Guide type (left out).
    FormatNotMapped,
    /// BMLT format keys sent without the server's formats, so their meaning
    /// is unknown (left out).
    FormatsMissing,
    /// A join link to a video service Lantern does not recognise (kept).
    UnknownProvider,
    /// A web address that is not `https:` or `http:`.
    NotAWebLink,
    /// An e-mail address without a local part and a domain.
    NotAnEmail,
    /// Longer than the field allows.
    TooLong,
    /// The row could not be read (a CSV row with the wrong number of fields).
    Unreadable,
}

/// What happened to the row because of an issue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Severity {
    /// The row was not imported.
    RowSkipped,
    /// The field was dropped; the rest of the row was imported.
    FieldDropped,
    /// Imported as sent; worth a look.
    Warning,
}

impl Rule {
    /// The rule's stable key, for machine-readable reports (`not_a_time`):
    /// part of `lantern-feed --json`'s contract, unchanged by renames in
    /// the code.
    pub fn key(self) -> &'static str {
        match self {
            Rule::NotAnObject => "not_an_object",
            Rule::Required => "required",
            Rule::WrongType => "wrong_type",
            Rule::DayOutOfRange => "day_out_of_range",
            Rule::NotATime => "not_a_time",
            Rule::NoTimeZone => "no_time_zone",
            Rule::UnknownTimeZone => "unknown_time_zone",
            Rule::NotHttps => "not_https",
            Rule::MalformedUrl => "malformed_url",
            Rule::NotDialable => "not_dialable",
            Rule::NoWayToAttend => "no_way_to_attend",
            Rule::DuplicateId => "duplicate_id",
            Rule::OutOfRange => "out_of_range",
            Rule::UnknownType => "unknown_type",
            Rule::FormatNotMapped => "format_not_mapped",
            Rule::FormatsMissing => "formats_missing",
            Rule::UnknownProvider => "unknown_provider",
            Rule::NotAWebLink => "not_a_web_link",
            Rule::NotAnEmail => "not_an_email",
            Rule::TooLong => "too_long",
            Rule::Unreadable => "unreadable",
        }
    }
}

impl Severity {
    /// The severity's stable key (`row_skipped`, `field_dropped`,
    /// `warning`), for machine-readable reports.
    pub fn key(self) -> &'static str {
        match self {
            Severity::RowSkipped => "row_skipped",
            Severity::FieldDropped => "field_dropped",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for ImportIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "row {}", self.row)?;
        if let Some(slug) = &self.slug {
            write!(f, " (slug `{}`)", cut(slug))?;
        }
        write!(f, ", field `{}`: ", self.field.name())?;
        let value = &self.value;
        match self.rule {
            Rule::NotAnObject => write!(f, "the row is not a JSON object"),
            Rule::Required => write!(f, "is required but missing or empty"),
            Rule::WrongType => write!(f, "`{value}` has the wrong type"),
            Rule::DayOutOfRange => {
                write!(
                    f,
                    "`{value}` is not a day: 0 (Sunday) to 6 (Saturday), or a day's English name"
                )
            }
            Rule::NotATime => write!(f, "`{value}` is not a 24-hour HH:MM time"),
            Rule::NoTimeZone => write!(
                f,
                "no time zone on the row and none configured for the feed; \
                 add `timezone` or set the feed's default zone"
            ),
            Rule::UnknownTimeZone => {
                write!(
                    f,
                    "`{value}` is not an IANA time zone such as America/Chicago"
                )
            }
            Rule::NotHttps => write!(f, "`{value}` is not an https: link"),
            Rule::MalformedUrl => write!(f, "`{value}` is not a well-formed link"),
            Rule::NotDialable => write!(f, "`{value}` is not a phone number one can dial"),
            Rule::NoWayToAttend => {
                write!(f, "the meeting has no address, join link or phone number")
            }
            Rule::DuplicateId => write!(f, "`{value}` is the id of an earlier row"),
            Rule::OutOfRange => write!(f, "`{value}` is out of range"),
            Rule::UnknownType => write!(
                f,
                "`{value}` is not a Meeting Guide type code; check the spelling"
            ),
            Rule::FormatNotMapped => write!(
                f,
                "`{value}`: this server's formats with no world id that matches a Meeting Guide type; left out"
            ),
            Rule::FormatsMissing => write!(
                f,
                "`{value}`: the feed came without its server's formats, so what these keys mean is unknown; \
                 left out, on this row and every other (ask the server with &get_used_formats=1)"
            ),
            Rule::UnknownProvider => write!(
                f,
                "`{value}` is not a video service Lantern knows (Zoom, Google Meet, Teams, Jitsi)"
            ),
            Rule::NotAWebLink => write!(f, "`{value}` is not an https: or http: address"),
            Rule::NotAnEmail => write!(f, "`{value}` is not an e-mail address"),
            Rule::TooLong => write!(f, "`{value}` is too long"),
            Rule::Unreadable => write!(f, "the row could not be read ({value})"),
        }?;
        match self.severity {
            Severity::RowSkipped => write!(f, " (row skipped)"),
            Severity::FieldDropped => write!(f, " (field dropped)"),
            Severity::Warning => write!(f, " (kept)"),
        }
    }
}

/// Cuts a value to 80 characters and escapes control characters (only
/// those: a value is escaped once, for display), so that a report line
/// stays one readable line whatever the feed sent.
pub(crate) fn cut(value: &str) -> String {
    const MAX: usize = 80;
    let mut out = String::new();
    for c in value.chars().take(MAX) {
        // Invisible characters too: an override would turn the report line
        // around.
        if c.is_control() || crate::text::is_invisible(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    if value.chars().nth(MAX).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_keys_are_stable_snake_case_and_distinct() {
        use Rule::*;
        let rules = [
            NotAnObject,
            Required,
            WrongType,
            DayOutOfRange,
            NotATime,
            NoTimeZone,
            UnknownTimeZone,
            NotHttps,
            MalformedUrl,
            NotDialable,
            NoWayToAttend,
            DuplicateId,
            OutOfRange,
            UnknownType,
            FormatNotMapped,
            FormatsMissing,
            UnknownProvider,
            NotAWebLink,
            NotAnEmail,
            TooLong,
            Unreadable,
        ];
        let mut keys: Vec<&str> = rules.iter().map(|r| r.key()).collect();
        assert!(keys
            .iter()
            .all(|k| k.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')));
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), rules.len(), "each rule its own key");
        // Keys scripts already read stay as they are.
        assert_eq!(NotATime.key(), "not_a_time");
        assert_eq!(Severity::FieldDropped.key(), "field_dropped");
    }
}
