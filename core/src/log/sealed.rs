//! A sealed log: the log's backup text encrypted with a key derived from
//! the person's passphrase. The same envelope holds the log at rest while
//! the lock is on, and an encrypted copy the person saves.
//!
//! Core only reads and writes the envelope and checks the passphrase's
//! length; the app derives the key and encrypts with the browser's
//! WebCrypto (AES-GCM, PBKDF2-SHA-256). No hash of the passphrase is kept
//! anywhere: a wrong one is found out because the data will not decrypt.

use std::fmt;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};

use super::header::{self, HeaderError};

/// What the file says it is.
pub const FORMAT: &str = "lantern-sealed";
/// The version this build writes and reads.
pub const VERSION: u32 = 1;
/// The cipher, named for anyone reading the file.
pub const CIPHER: &str = "AES-GCM-256";
/// The key derivation, named for anyone reading the file.
pub const KDF: &str = "PBKDF2-SHA-256";
/// Iterations this build uses (OWASP's 2023 advice for PBKDF2-SHA-256).
pub const ITERATIONS: u32 = 600_000;
/// The most iterations read: a hostile file cannot make the phone work for
/// minutes before failing.
pub const MAX_ITERATIONS: u32 = 5_000_000;
/// Bytes of salt.
pub const SALT_BYTES: usize = 16;
/// Bytes of the AES-GCM nonce.
pub const IV_BYTES: usize = 12;
/// The largest sealed file read: the largest backup, in base64, and room.
pub const MAX_BYTES: usize = super::backup::MAX_BYTES / 3 * 4 + 4096;
/// The shortest passphrase taken, in characters.
pub const MIN_PASSPHRASE_CHARS: usize = 8;
/// The longest passphrase taken, in characters.
pub const MAX_PASSPHRASE_CHARS: usize = 1_000;

/// An encrypted log and what is needed to decrypt it, given the passphrase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sealed {
    /// PBKDF2 iterations the key was derived with.
    pub iterations: u32,
    /// PBKDF2 salt, random for each passphrase.
    pub salt: [u8; SALT_BYTES],
    /// AES-GCM nonce, random for each sealing.
    pub iv: [u8; IV_BYTES],
    /// The ciphertext with its authentication tag.
    pub data: Vec<u8>,
}

/// The envelope as written.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope {
    format: String,
    version: u32,
    cipher: String,
    kdf: String,
    iterations: u32,
    salt: String,
    iv: String,
    data: String,
}

/// Why bytes cannot be read as a sealed log. Nothing was stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SealedError {
    /// Over [`MAX_BYTES`].
    TooLarge {
        /// Its size in bytes.
        bytes: usize,
    },
    /// Not a sealed Lantern log.
    Foreign,
    /// The file ends early.
    CutShort,
    /// Written by a version this one does not know.
    UnknownVersion {
        /// The version it says.
        version: u64,
    },
    /// A sealed log, but damaged or made with settings this build refuses.
    Malformed {
        /// What did not fit.
        detail: String,
    },
}

impl fmt::Display for SealedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SealedError::TooLarge { bytes } => write!(
                f,
                "this file is {} MB, more than any encrypted log; choose the file Lantern saved",
                bytes / (1024 * 1024)
            ),
            SealedError::Foreign => f.write_str("this is not an encrypted Lantern log"),
            SealedError::CutShort => f.write_str(
                "this encrypted log ends early, as if it was cut short while being saved or sent; try another copy",
            ),
            SealedError::UnknownVersion { version } => write!(
                f,
                "this encrypted log was written by another version of Lantern (version {version}); update the app, then try again"
            ),
            SealedError::Malformed { detail } => {
                write!(f, "this encrypted log is damaged ({detail}); try another copy")
            }
        }
    }
}

impl std::error::Error for SealedError {}

impl Sealed {
    /// The envelope's text: JSON with the bytes in base64.
    pub fn to_json(&self) -> String {
        let envelope = Envelope {
            format: FORMAT.to_owned(),
            version: VERSION,
            cipher: CIPHER.to_owned(),
            kdf: KDF.to_owned(),
            iterations: self.iterations,
            salt: STANDARD.encode(self.salt),
            iv: STANDARD.encode(self.iv),
            data: STANDARD.encode(&self.data),
        };
        serde_json::to_string(&envelope).unwrap_or_default()
    }

    /// Whether `bytes` say they are a sealed log (so the app asks for a
    /// passphrase rather than reading them as a plain backup).
    pub fn is_sealed(bytes: &[u8]) -> bool {
        header::says(bytes, MAX_BYTES, FORMAT)
    }

    /// Reads and checks a whole envelope.
    ///
    /// # Errors
    ///
    /// The first reason the bytes cannot be a sealed log.
    pub fn read(bytes: &[u8]) -> Result<Sealed, SealedError> {
        header::check(bytes, MAX_BYTES, FORMAT, VERSION).map_err(|e| match e {
            HeaderError::TooLarge(bytes) => SealedError::TooLarge { bytes },
            HeaderError::Foreign => SealedError::Foreign,
            HeaderError::CutShort => SealedError::CutShort,
            HeaderError::UnknownVersion(version) => SealedError::UnknownVersion { version },
        })?;
        let envelope: Envelope = serde_json::from_slice(bytes).map_err(malformed)?;
        if envelope.cipher != CIPHER || envelope.kdf != KDF {
            return Err(malformed(format!(
                "it names {} with {}, not {CIPHER} with {KDF}",
                envelope.cipher, envelope.kdf
            )));
        }
        if !(ITERATIONS..=MAX_ITERATIONS).contains(&envelope.iterations) {
            return Err(malformed(format!(
                "{} key iterations, outside {ITERATIONS} to {MAX_ITERATIONS}",
                envelope.iterations
            )));
        }
        Ok(Sealed {
            iterations: envelope.iterations,
            salt: decode_exact(&envelope.salt, "salt")?,
            iv: decode_exact(&envelope.iv, "iv")?,
            data: STANDARD
                .decode(&envelope.data)
                .map_err(|e| malformed(format!("data: {e}")))?,
        })
    }
}

fn decode_exact<const N: usize>(text: &str, what: &str) -> Result<[u8; N], SealedError> {
    let bytes = STANDARD
        .decode(text)
        .map_err(|e| malformed(format!("{what}: {e}")))?;
    bytes
        .try_into()
        .map_err(|_| malformed(format!("{what} is not {N} bytes")))
}

fn malformed(detail: impl fmt::Display) -> SealedError {
    SealedError::Malformed {
        detail: detail.to_string(),
    }
}

/// Why a passphrase is not taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PassphraseError {
    /// Fewer than [`MIN_PASSPHRASE_CHARS`] characters.
    TooShort,
    /// More than [`MAX_PASSPHRASE_CHARS`] characters.
    TooLong,
    /// The two entries differ.
    Different,
}

impl fmt::Display for PassphraseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PassphraseError::TooShort => write!(
                f,
                "a passphrase needs at least {MIN_PASSPHRASE_CHARS} characters; a few words you will remember work well"
            ),
            PassphraseError::TooLong => {
                write!(f, "a passphrase can have at most {MAX_PASSPHRASE_CHARS} characters")
            }
            PassphraseError::Different => {
                f.write_str("the two passphrases differ; type the same one twice")
            }
        }
    }
}

impl std::error::Error for PassphraseError {}

/// Checks a new passphrase and its repetition. Spaces count: a passphrase
/// is used exactly as typed.
///
/// # Errors
///
/// Why it is not taken.
pub fn check_new_passphrase(passphrase: &str, again: &str) -> Result<(), PassphraseError> {
    let chars = passphrase.chars().count();
    if chars < MIN_PASSPHRASE_CHARS {
        return Err(PassphraseError::TooShort);
    }
    if chars > MAX_PASSPHRASE_CHARS {
        return Err(PassphraseError::TooLong);
    }
    if passphrase != again {
        return Err(PassphraseError::Different);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealed() -> Sealed {
        Sealed {
            iterations: ITERATIONS,
            salt: [7; SALT_BYTES],
            iv: [9; IV_BYTES],
            data: b"ciphertext and tag".to_vec(),
        }
    }

    #[test]
    fn an_envelope_reads_back_as_written() {
        let text = sealed().to_json();
        assert!(Sealed::is_sealed(text.as_bytes()));
        assert_eq!(Sealed::read(text.as_bytes()), Ok(sealed()));
    }

    #[test]
    fn a_plain_backup_is_not_sealed() {
        let backup = crate::log::backup::Backup::default().to_json();
        assert!(!Sealed::is_sealed(backup.as_bytes()));
        assert_eq!(
            Sealed::read(b"{\"format\":\"lantern-log\",\"version\":1}"),
            Err(SealedError::Foreign)
        );
        assert_eq!(Sealed::read(b"\x00\x01binary"), Err(SealedError::Foreign));
    }

    #[test]
    fn a_cut_envelope_says_so() {
        let text = sealed().to_json();
        let cut = &text.as_bytes()[..text.len() / 2];
        assert_eq!(Sealed::read(cut), Err(SealedError::CutShort));
    }

    #[test]
    fn another_version_is_named() {
        let text = sealed().to_json().replace("\"version\":1", "\"version\":7");
        assert_eq!(
            Sealed::read(text.as_bytes()),
            Err(SealedError::UnknownVersion { version: 7 })
        );
    }

    #[test]
    fn weak_or_hostile_settings_are_refused() {
        for (from, to) in [
            ("\"iterations\":600000", "\"iterations\":1000"),
            ("\"iterations\":600000", "\"iterations\":4000000000"),
            ("AES-GCM-256", "NONE"),
            ("PBKDF2-SHA-256", "MD5"),
        ] {
            let text = sealed().to_json().replace(from, to);
            assert_ne!(text, sealed().to_json(), "{from} is in the envelope");
            assert!(
                matches!(
                    Sealed::read(text.as_bytes()),
                    Err(SealedError::Malformed { .. })
                ),
                "{to} was taken"
            );
        }
    }

    #[test]
    fn salt_and_iv_must_have_their_lengths() {
        let short_iv = STANDARD.encode([9; IV_BYTES - 1]);
        let text = sealed()
            .to_json()
            .replace(&STANDARD.encode([9; IV_BYTES]), &short_iv);
        assert!(matches!(
            Sealed::read(text.as_bytes()),
            Err(SealedError::Malformed { .. })
        ));
        let text = sealed().to_json().replace("\"data\":\"", "\"data\":\"*");
        assert!(matches!(
            Sealed::read(text.as_bytes()),
            Err(SealedError::Malformed { .. })
        ));
    }

    #[test]
    fn a_huge_file_is_refused_before_parsing() {
        let huge = vec![b' '; MAX_BYTES + 1];
        assert_eq!(
            Sealed::read(&huge),
            Err(SealedError::TooLarge {
                bytes: MAX_BYTES + 1
            })
        );
        assert!(!Sealed::is_sealed(&huge));
    }

    #[test]
    fn passphrases_are_checked_by_characters() {
        assert_eq!(
            check_new_passphrase("short", "short"),
            Err(PassphraseError::TooShort)
        );
        // Eight characters, more bytes: taken.
        assert_eq!(check_new_passphrase("ñññññññ1", "ñññññññ1"), Ok(()));
        assert_eq!(
            check_new_passphrase("ñññññññ", "ñññññññ"),
            Err(PassphraseError::TooShort)
        );
        assert_eq!(
            check_new_passphrase("river stone lamp", "river stone lamp "),
            Err(PassphraseError::Different)
        );
        let long = "a".repeat(MAX_PASSPHRASE_CHARS + 1);
        assert_eq!(
            check_new_passphrase(&long, &long),
            Err(PassphraseError::TooLong)
        );
    }
}
