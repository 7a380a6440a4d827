//! The one error type of the app. Each message says what happened and what
//! the person can do about it.

use thiserror::Error;

/// Something the app could not do. The messages are for the person using
/// the app: technical detail is kept in fields they do not show.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum AppError {
    /// The device's storage is full.
    #[error("This device's storage is full, so new meetings could not be saved. Free some space, then try again. Meetings already saved are still shown.")]
    StorageFull {
        /// What the browser said.
        detail: String,
    },
    /// The browser refused storage (private mode, blocked, or broken).
    #[error("This browser is not letting Lantern save meetings on the device. If private browsing is on, switch it off, then try again.")]
    Storage {
        /// What the browser said.
        detail: String,
    },
    /// The directory service could not be reached.
    #[error("You seem to be offline, or the meeting directory can't be reached right now. Meetings saved on this device are shown; Lantern will update when the connection is back.")]
    Offline,
    /// The directory service answered with an error.
    #[error("The meeting directory had a problem (error {status}). Meetings saved on this device are shown; try again later.")]
    Server {
        /// HTTP status.
        status: u16,
        /// What the service said (meant for its operators).
        message: String,
    },
    /// The directory service sent something this version cannot read.
    #[error("The meeting directory sent an update this version of Lantern can't read. Reload the page to get the newest version.")]
    BadResponse {
        /// Why it could not be read.
        detail: String,
    },
}

impl AppError {
    /// A storage failure, told apart by whether the device is full.
    pub fn storage(detail: impl Into<String>) -> AppError {
        let detail = detail.into();
        if detail.contains("QuotaExceeded") || detail.contains("quota") {
            AppError::StorageFull { detail }
        } else {
            AppError::Storage { detail }
        }
    }
}

impl From<idb::Error> for AppError {
    fn from(error: idb::Error) -> AppError {
        AppError::storage(format!("{error:?}"))
    }
}
