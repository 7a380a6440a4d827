//! My people: the few the person trusts to call on a hard day, kept on the
//! device only.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::meeting::is_dial_string;
use crate::text::looks_like_markup;

/// The longest name, in characters.
pub const MAX_NAME_CHARS: usize = 60;
/// The most people kept.
pub const MAX_PEOPLE: usize = 50;

/// One trusted person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// A short key the app gives them.
    pub id: String,
    /// Their name, as the person writes it.
    pub name: String,
    /// A number to call or text.
    pub phone: String,
}

/// Why a person cannot be kept as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PersonError {
    /// No name, one over [`MAX_NAME_CHARS`], or not plain text.
    BadName,
    /// Not a number one can call.
    BadPhone,
    /// The id is empty, long, or not letters, digits and `-`.
    BadId,
}

impl fmt::Display for PersonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PersonError::BadName => "a name of 1 to 60 characters of plain text is needed",
            PersonError::BadPhone => {
                "the phone number needs at least three digits, and only digits, spaces, + - ( ) . , * # ;"
            }
            PersonError::BadId => "a person's id must be 1 to 40 letters, digits or dashes",
        })
    }
}

impl std::error::Error for PersonError {}

impl Person {
    /// Checks the name, number and id.
    ///
    /// # Errors
    ///
    /// The first problem found.
    pub fn check(&self) -> Result<(), PersonError> {
        let chars = self.name.chars().count();
        if self.name.trim().is_empty()
            || chars > MAX_NAME_CHARS
            || self.name.chars().any(char::is_control)
            || looks_like_markup(&self.name)
        {
            return Err(PersonError::BadName);
        }
        if !is_dial_string(self.phone.trim()) {
            return Err(PersonError::BadPhone);
        }
        if !super::is_key(&self.id) {
            return Err(PersonError::BadId);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_a_name_and_a_number_to_call() {
        let sam = Person {
            id: "p1".into(),
            name: "Sam (sponsor)".into(),
            phone: "+44 7700 900123".into(),
        };
        assert_eq!(sam.check(), Ok(()));
        let no_number = Person {
            phone: "call me".into(),
            ..sam.clone()
        };
        assert_eq!(no_number.check(), Err(PersonError::BadPhone));
        let markup = Person {
            name: "<img src=x>".into(),
            ..sam.clone()
        };
        assert_eq!(markup.check(), Err(PersonError::BadName));
        let empty = Person {
            name: String::new(),
            ..sam
        };
        assert_eq!(empty.check(), Err(PersonError::BadName));
    }
}
