//! The one error type of the app. What a person reads comes from the
//! translation tables ([`AppError::message`]); the `Display` text and the
//! detail fields are for the browser's console.

use thiserror::Error;

use crate::i18n::Words;

/// Something the app could not do.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum AppError {
    /// The device's storage is full.
    #[error("storage full: {detail}")]
    StorageFull {
        /// What the browser said.
        detail: String,
    },
    /// The browser refused storage (private mode, blocked, or broken).
    #[error("storage refused: {detail}")]
    Storage {
        /// What the browser said.
        detail: String,
    },
    /// The directory service could not be reached.
    #[error("offline or unreachable")]
    Offline,
    /// The directory service answered with an error.
    #[error("server error {status}: {message}")]
    Server {
        /// HTTP status.
        status: u16,
        /// What the service said (meant for its operators).
        message: String,
        /// Seconds to wait, when the service said (429).
        retry_after: Option<u64>,
    },
    /// Another tab opened the database with a newer version of the app:
    /// this page must be reloaded to use it.
    #[error("the database is newer than this page: {detail}")]
    NewerVersion {
        /// What the browser said.
        detail: String,
    },
    /// The lock was removed in another tab: the log is kept plainly again.
    #[error("the lock was removed in another window")]
    LockRemoved,
    /// The log is locked: it needs the passphrase first.
    #[error("the log is locked")]
    Locked,
    /// The passphrase does not open the sealed log (or the data is damaged:
    /// AES-GCM cannot tell the two apart).
    #[error("wrong passphrase or damaged data")]
    WrongPassphrase,
    /// The browser's WebCrypto failed.
    #[error("encryption failed: {detail}")]
    Crypto {
        /// What the browser said.
        detail: String,
    },
    /// A record of the log on this device could not be read; nothing that
    /// copies or seals the whole log goes on, as the record would be lost.
    #[error("unreadable log record: {detail}")]
    UnreadableRecord {
        /// Why it could not be read.
        detail: String,
    },
    /// The directory service sent something this version cannot read.
    #[error("unreadable response: {detail}")]
    BadResponse {
        /// Why it could not be read.
        detail: String,
    },
}

impl AppError {
    /// A storage failure, told apart by whether the device is full.
    pub fn storage(detail: impl Into<String>) -> AppError {
        let detail = detail.into();
        if detail.contains("VersionError") {
            AppError::NewerVersion { detail }
        } else if detail.contains("QuotaExceeded") || detail.contains("quota") {
            AppError::StorageFull { detail }
        } else {
            AppError::Storage { detail }
        }
    }

    /// What happened and what to do, in the person's language.
    pub fn message(&self, words: &Words) -> String {
        match self {
            AppError::StorageFull { .. } => words.error_storage_full.to_owned(),
            AppError::Storage { .. } => words.error_storage.to_owned(),
            AppError::Offline => words.error_offline.to_owned(),
            AppError::Server { status: 404, .. } => words.error_not_found.to_owned(),
            AppError::Server { status, .. } => (words.error_server)(*status),
            AppError::BadResponse { .. } => words.error_bad_response.to_owned(),
            AppError::Locked => words.error_locked.to_owned(),
            AppError::LockRemoved => words.error_lock_removed.to_owned(),
            AppError::NewerVersion { .. } => words.error_newer_version.to_owned(),
            AppError::WrongPassphrase => words.wrong_passphrase.to_owned(),
            AppError::Crypto { .. } => words.error_crypto.to_owned(),
            AppError::UnreadableRecord { .. } => words.log_read_failed.to_owned(),
        }
    }
}

impl From<idb::Error> for AppError {
    fn from(error: idb::Error) -> AppError {
        AppError::storage(format!("{error:?}"))
    }
}
