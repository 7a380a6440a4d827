//! The one error type of the app. Each message says what happened and what
//! the person can do about it.

use thiserror::Error;

/// Something the app could not do.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum AppError {
    /// The browser's storage refused (private mode, full disk, blocked).
    #[error("Meetings could not be saved on this device ({0}). If private browsing is on, switch it off; if the device is full, free some space; then try again.")]
    Storage(String),
    /// The directory service could not be reached.
    #[error("You seem to be offline, or the meeting directory can't be reached right now. Meetings saved on this device are shown; Lantern will update when the connection is back.")]
    Offline,
    /// The directory service answered with an error.
    #[error("The meeting directory had a problem ({message}). Meetings saved on this device are shown; try again later.")]
    Server {
        /// HTTP status.
        status: u16,
        /// What the service said.
        message: String,
    },
    /// The directory service sent something this version cannot read.
    #[error("The meeting directory sent an update this version of Lantern can't read ({0}). Reload the page to get the newest version.")]
    BadResponse(String),
}

impl From<idb::Error> for AppError {
    fn from(error: idb::Error) -> AppError {
        AppError::Storage(error.to_string())
    }
}
