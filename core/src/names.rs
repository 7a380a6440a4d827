//! Names that travel through the system as text, checked once where they
//! enter: a feed's source name, a time zone's name, a language's code, a
//! meeting type's code.
//! Each is a string of a known form, so code that holds one need not check
//! it again.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why a name was refused: what it is, what was given and what it must be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameError {
    what: NameKind,
    given: String,
}

/// Which kind of name was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NameKind {
    Source,
    Zone,
    Language,
    Type,
}

impl NameError {
    fn new(what: NameKind, given: &str) -> NameError {
        NameError {
            what,
            given: crate::feed::issue_cut(given),
        }
    }
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let given = &self.given;
        match self.what {
            NameKind::Source => write!(
                f,
                "source name `{given}` must be 1 to 32 lower-case letters, digits or '-'"
            ),
            NameKind::Zone => write!(
                f,
                "zone `{given}` is not an IANA time zone such as Europe/London"
            ),
            NameKind::Language => write!(
                f,
                "language `{given}` is not an ISO 639-1 code such as en or es"
            ),
            NameKind::Type => write!(
                f,
                "type `{given}` is not a meeting type code such as O, W or X-CAM"
            ),
        }
    }
}

impl std::error::Error for NameError {}

/// Defines a checked name: `parse`, `as_str`, `Display`, and serde through
/// `String` (so a bad name in JSON is refused while it is read).
macro_rules! checked_name {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// The name as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = NameError;
            fn try_from(text: String) -> Result<$name, NameError> {
                $name::parse(&text)
            }
        }

        impl From<$name> for String {
            fn from(name: $name) -> String {
                name.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = NameError;
            fn from_str(text: &str) -> Result<$name, NameError> {
                $name::parse(text)
            }
        }
    };
}

checked_name!(
    /// A feed's source name, the first half of its meetings' ids (`demo` in
    /// `demo:step`): 1 to 32 lower-case ASCII letters, digits or `-`.
    SourceName
);

checked_name!(
    /// An IANA time zone's name (`Europe/London`, `UTC`), checked for form.
    /// Whether the zone exists is a question for a time-zone database, which
    /// core does not carry: the caller asks its own.
    ZoneName
);

checked_name!(
    /// A language's ISO 639 code (`en`, `es`; three letters for languages
    /// without a two-letter code).
    LanguageCode
);

checked_name!(
    /// A meeting type's code (`O`, `LGBTQ`, Lantern's `X-CAM`), checked for
    /// form: whether Meeting Guide or Lantern defines it is
    /// [`MeetingType::lookup`](crate::meeting_type::MeetingType::lookup)'s
    /// question.
    TypeCode
);

/// Whether `text` is a key: 1 to 32 lower-case ASCII letters, digits or
/// `-` (source names and shard names).
pub(crate) fn is_key(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 32
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

impl TypeCode {
    /// Checks a type code's form: 1 to 12 ASCII letters, digits or `-`.
    ///
    /// ```
    /// use lantern_core::names::TypeCode;
    /// assert!(TypeCode::parse("X-CAM").is_ok());
    /// assert!(TypeCode::parse("<script>").is_err());
    /// ```
    ///
    /// # Errors
    ///
    /// A [`NameError`] saying what a type code must be.
    pub fn parse(text: &str) -> Result<TypeCode, NameError> {
        let ok = !text.is_empty()
            && text.len() <= 12
            && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if ok {
            Ok(TypeCode(text.to_owned()))
        } else {
            Err(NameError::new(NameKind::Type, text))
        }
    }
}

impl SourceName {
    /// Checks a source name.
    ///
    /// ```
    /// use lantern_core::names::SourceName;
    /// assert_eq!(SourceName::parse("aa-intergroup").unwrap().as_str(), "aa-intergroup");
    /// assert!(SourceName::parse("Bad Name").is_err());
    /// ```
    ///
    /// # Errors
    ///
    /// A [`NameError`] saying what a source name must be.
    pub fn parse(text: &str) -> Result<SourceName, NameError> {
        if is_key(text) {
            Ok(SourceName(text.to_owned()))
        } else {
            Err(NameError::new(NameKind::Source, text))
        }
    }
}

/// `feed`: the name of a feed that was given none (`lantern-feed`'s).
impl Default for SourceName {
    fn default() -> SourceName {
        SourceName("feed".to_owned())
    }
}

impl ZoneName {
    /// Checks that a zone name has the form of an IANA name
    /// (`Area/Location`, or `UTC`).
    ///
    /// ```
    /// use lantern_core::names::ZoneName;
    /// assert!(ZoneName::parse("America/Argentina/Buenos_Aires").is_ok());
    /// assert!(ZoneName::parse("UTC").is_ok());
    /// assert!(ZoneName::parse("Eastern").is_err());
    /// assert!(ZoneName::parse("../etc/passwd").is_err());
    /// ```
    ///
    /// # Errors
    ///
    /// A [`NameError`] saying what a zone name must be.
    pub fn parse(text: &str) -> Result<ZoneName, NameError> {
        let charset_ok = text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/_-+".contains(&b));
        let ok = charset_ok
            && text.len() <= 64
            && (text == "UTC"
                || (text.contains('/') && !text.starts_with('/') && !text.ends_with('/')));
        if ok {
            Ok(ZoneName(text.to_owned()))
        } else {
            Err(NameError::new(NameKind::Zone, text))
        }
    }
}

impl LanguageCode {
    /// Checks a language code: two or three lower-case ASCII letters.
    ///
    /// ```
    /// use lantern_core::names::LanguageCode;
    /// assert!(LanguageCode::parse("es").is_ok());
    /// assert!(LanguageCode::parse("English").is_err());
    /// ```
    ///
    /// # Errors
    ///
    /// A [`NameError`] saying what a language code must be.
    pub fn parse(text: &str) -> Result<LanguageCode, NameError> {
        let ok = (2..=3).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_lowercase());
        if ok {
            Ok(LanguageCode(text.to_owned()))
        } else {
            Err(NameError::new(NameKind::Language, text))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked_when_read_from_json_too() {
        let zone: ZoneName = serde_json::from_str("\"Europe/London\"").unwrap();
        assert_eq!(zone.as_str(), "Europe/London");
        let error = serde_json::from_str::<ZoneName>("\"Mars Olympus\"").unwrap_err();
        assert!(
            error.to_string().contains("not an IANA time zone"),
            "{error}"
        );
        assert!(serde_json::from_str::<SourceName>("\"A\"").is_err());
        assert!(serde_json::from_str::<LanguageCode>("\"e\"").is_err());
        assert_eq!(
            serde_json::to_string(&LanguageCode::parse("en").unwrap()).unwrap(),
            "\"en\""
        );
    }

    #[test]
    fn refusals_say_what_the_name_must_be_and_cut_what_was_given() {
        let long = "x".repeat(500);
        let error = SourceName::parse(&long).unwrap_err().to_string();
        assert!(error.starts_with("source name `xxx"), "{error}");
        assert!(error.len() < 200, "the given text is cut: {error}");
        assert!(SourceName::parse(&"a".repeat(33)).is_err());
        assert!(SourceName::parse(&"a".repeat(32)).is_ok());
        assert!(ZoneName::parse(&format!("A/{}", "b".repeat(63))).is_err());
        assert!(LanguageCode::parse("spa").is_ok());
        assert!(LanguageCode::parse("EN").is_err());
    }
}
