//! Reports about a listing ("the link is broken"), sent to the worker. A
//! report holds the meeting's id, the kind and the person's optional text:
//! nothing about who sent it.

use lantern_core::report::{NewReport, ReportKind, MAX_DETAILS_CHARS};
use lantern_core::MeetingId;

use super::client::post_json;
use crate::error::AppError;

/// Sends a report; the text is trimmed and cut to what the worker takes.
pub async fn send(meeting: &MeetingId, kind: ReportKind, details: &str) -> Result<(), AppError> {
    let report = NewReport {
        meeting_id: meeting.as_str().to_owned(),
        kind,
        details: details.trim().chars().take(MAX_DETAILS_CHARS).collect(),
    };
    post_json("/v1/reports", &report).await
}
