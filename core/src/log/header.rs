//! The first check of a file the log reads (a backup, a sealed log): its
//! size, then the `format` and `version` it says, read on their own so that
//! a foreign file, a file cut short and another version are told apart from
//! a damaged one.

use serde::Deserialize;

#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    version: Option<u64>,
}

/// Why a file is not one of ours, of this version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum HeaderError {
    /// Over the size allowed; its size.
    TooLarge(usize),
    /// Not JSON, or another format.
    Foreign,
    /// JSON that ends early.
    CutShort,
    /// Our format, another version.
    UnknownVersion(u64),
}

/// Checks that `bytes` are at most `max` long and say they are `format`,
/// version `version`.
pub(crate) fn check(
    bytes: &[u8],
    max: usize,
    format: &str,
    version: u32,
) -> Result<(), HeaderError> {
    if bytes.len() > max {
        return Err(HeaderError::TooLarge(bytes.len()));
    }
    let header: Header = serde_json::from_slice(bytes).map_err(|e| {
        if e.is_eof() {
            HeaderError::CutShort
        } else {
            HeaderError::Foreign
        }
    })?;
    if header.format.as_deref() != Some(format) {
        return Err(HeaderError::Foreign);
    }
    match header.version {
        Some(v) if v == u64::from(version) => Ok(()),
        Some(other) => Err(HeaderError::UnknownVersion(other)),
        None => Err(HeaderError::Foreign),
    }
}

/// Whether `bytes` say they are `format`, of any version.
pub(crate) fn says(bytes: &[u8], max: usize, format: &str) -> bool {
    bytes.len() <= max
        && serde_json::from_slice::<Header>(bytes)
            .is_ok_and(|header| header.format.as_deref() == Some(format))
}
