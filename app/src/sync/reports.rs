//! Reports about a listing ("the link is broken"), sent to the worker. A
//! report holds the meeting's id, the kind and the person's optional text:
//! nothing about who sent it.

use lantern_core::MeetingId;
use serde::Serialize;

use super::client::post_json;
use crate::error::AppError;

/// What is wrong with a listing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    /// The join link does not work.
    BrokenLink,
    /// The time is wrong.
    WrongTime,
    /// The meeting has closed.
    Closed,
    /// Something else.
    Other,
}

impl ReportKind {
    /// Every kind, in the order offered.
    pub const ALL: [ReportKind; 4] = [
        ReportKind::BrokenLink,
        ReportKind::WrongTime,
        ReportKind::Closed,
        ReportKind::Other,
    ];
}

#[derive(Serialize)]
struct Report<'a> {
    meeting_id: &'a str,
    kind: ReportKind,
    details: &'a str,
}

/// The longest text the worker takes, in characters.
pub const MAX_DETAILS: usize = 500;

/// Sends a report.
pub async fn send(meeting: &MeetingId, kind: ReportKind, details: &str) -> Result<(), AppError> {
    let details: String = details.trim().chars().take(MAX_DETAILS).collect();
    post_json(
        "/v1/reports",
        &Report {
            meeting_id: meeting.as_str(),
            kind,
            details: &details,
        },
    )
    .await
}
