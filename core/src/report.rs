//! Reports from the public about a listing: "the link is broken", "the time
//! is wrong". Anyone may send one; it carries no personal data.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::text::plain_text;

/// The largest report body accepted, in bytes.
pub const MAX_REPORT_BYTES: usize = 4096;

/// The most characters of free text a report may carry.
pub const MAX_DETAILS_CHARS: usize = 500;

/// How many reports one client may send per hour.
pub const REPORTS_PER_HOUR: u32 = 10;

/// How many reports one wider network (an IPv6 /48, an IPv4 /24) may send
/// per hour: a party holding many addresses cannot flood by moving.
pub const REPORTS_PER_HOUR_PER_NETWORK: u32 = 40;

/// How many reports the whole directory takes per hour; past it, everyone
/// is asked to try again next hour. Far above what volunteers receive.
pub const REPORTS_PER_HOUR_IN_ALL: u32 = 500;

/// Milliseconds in an hour.
const HOUR_MS: i64 = 3_600_000;

/// The hour since 1970 that a moment (milliseconds since 1970) falls in.
/// Reports are counted per client per hour, and stored with their hour only.
pub fn hour_of(millis: i64) -> i64 {
    millis.div_euclid(HOUR_MS)
}

/// When an hour starts, in milliseconds since 1970.
pub fn hour_start(hour: i64) -> i64 {
    hour.saturating_mul(HOUR_MS)
}

/// Whole seconds from a moment to the next hour, at least 1: how long a
/// client that has sent too many reports waits.
pub fn seconds_to_next_hour(millis: i64) -> u64 {
    let next = hour_start(hour_of(millis) + 1);
    u64::try_from((next - millis).div_euclid(1000))
        .unwrap_or(0)
        .max(1)
}

/// What is wrong with a listing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    /// The join link or dial-in does not work.
    BrokenLink,
    /// The day or time is wrong.
    WrongTime,
    /// The meeting no longer meets.
    Closed,
    /// Something else; see the details.
    Other,
}

impl ReportKind {
    /// Every kind, in the order a form offers them.
    pub const ALL: [ReportKind; 4] = [
        ReportKind::BrokenLink,
        ReportKind::WrongTime,
        ReportKind::Closed,
        ReportKind::Other,
    ];

    /// The key stored and sent (`broken_link`, ...).
    pub fn key(self) -> &'static str {
        match self {
            ReportKind::BrokenLink => "broken_link",
            ReportKind::WrongTime => "wrong_time",
            ReportKind::Closed => "closed",
            ReportKind::Other => "other",
        }
    }

    /// The kind with this key.
    ///
    /// ```
    /// use lantern_core::report::ReportKind;
    /// assert_eq!(ReportKind::from_key("closed"), Some(ReportKind::Closed));
    /// assert_eq!(ReportKind::from_key("spam"), None);
    /// ```
    pub fn from_key(key: &str) -> Option<ReportKind> {
        ReportKind::ALL.into_iter().find(|kind| kind.key() == key)
    }
}

/// A report as sent to `POST /v1/reports`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewReport {
    /// The listing's meeting id.
    pub meeting_id: String,
    /// What is wrong.
    pub kind: ReportKind,
    /// Optional plain text, at most [`MAX_DETAILS_CHARS`] characters.
    #[serde(default)]
    pub details: String,
}

/// Why a report was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReportError {
    /// The body is not a report.
    Unreadable(String),
    /// The meeting id is empty or too long to be one.
    BadMeetingId,
    /// The details are too long.
    DetailsTooLong {
        /// How many characters were sent.
        chars: usize,
    },
}

impl fmt::Display for ReportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReportError::Unreadable(reason) => write!(
                f,
                "the report could not be read ({reason}): send JSON such as \
                 {{\"meeting_id\": \"...\", \"kind\": \"broken_link\", \"details\": \"...\"}} \
                 with kind broken_link, wrong_time, closed or other"
            ),
            ReportError::BadMeetingId => {
                f.write_str("`meeting_id` must be the id of a listed meeting")
            }
            ReportError::DetailsTooLong { chars } => write!(
                f,
                "the details are {chars} characters long; shorten them to {MAX_DETAILS_CHARS}"
            ),
        }
    }
}

impl std::error::Error for ReportError {}

impl NewReport {
    /// Reads and checks a report. The details come back as plain text (any
    /// markup stripped), so they can never be shown as HTML.
    ///
    /// # Errors
    ///
    /// When the body is not a report, the meeting id cannot be one, or the
    /// details are over [`MAX_DETAILS_CHARS`].
    pub fn parse(body: &[u8]) -> Result<NewReport, ReportError> {
        let mut report: NewReport =
            serde_json::from_slice(body).map_err(|e| ReportError::Unreadable(e.to_string()))?;
        // Ids are `<source>:<key>`, both short.
        let id_ok = !report.meeting_id.is_empty()
            && report.meeting_id.len() <= 200
            && report.meeting_id.contains(':');
        if !id_ok {
            return Err(ReportError::BadMeetingId);
        }
        let chars = report.details.chars().count();
        if chars > MAX_DETAILS_CHARS {
            return Err(ReportError::DetailsTooLong { chars });
        }
        report.details = plain_text(&report.details, MAX_DETAILS_CHARS, true);
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_report_and_strips_markup() {
        let report = NewReport::parse(
            br#"{"meeting_id":"aa-x:tue","kind":"wrong_time","details":"Now <b>8pm</b><script>x</script>"}"#,
        )
        .unwrap();
        assert_eq!(report.kind, ReportKind::WrongTime);
        assert_eq!(report.meeting_id, "aa-x:tue");
        assert!(!report.details.contains('<'), "{}", report.details);
        assert!(report.details.contains("8pm"));
    }

    #[test]
    fn hours_and_waits() {
        assert_eq!(hour_of(0), 0);
        assert_eq!(hour_of(3_599_999), 0);
        assert_eq!(hour_of(3_600_000), 1);
        assert_eq!(hour_start(2), 7_200_000);
        assert_eq!(seconds_to_next_hour(0), 3600);
        assert_eq!(seconds_to_next_hour(3_599_999), 1);
        assert_eq!(seconds_to_next_hour(3_000_000), 600);
    }

    #[test]
    fn details_are_optional() {
        let report = NewReport::parse(br#"{"meeting_id":"a:b","kind":"closed"}"#).unwrap();
        assert_eq!(report.details, "");
    }

    #[test]
    fn refuses_what_is_not_a_report() {
        for body in [
            &b"not json"[..],
            br#"{"meeting_id":"a:b","kind":"spam"}"#,
            br#"{"meeting_id":"a:b","kind":"closed","email":"x@y.z"}"#,
            br#"{"kind":"closed"}"#,
        ] {
            assert!(
                matches!(NewReport::parse(body), Err(ReportError::Unreadable(_))),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
        assert_eq!(
            NewReport::parse(br#"{"meeting_id":"","kind":"closed"}"#),
            Err(ReportError::BadMeetingId)
        );
    }

    #[test]
    fn refuses_long_details_instead_of_cutting_them() {
        let body = format!(
            r#"{{"meeting_id":"a:b","kind":"other","details":"{}"}}"#,
            "é".repeat(501)
        );
        assert_eq!(
            NewReport::parse(body.as_bytes()),
            Err(ReportError::DetailsTooLong { chars: 501 })
        );
    }
}
