//! A day's check-in: mood, craving, whether the person used, the meetings
//! they went to, optional reflections and a note. Checked the same way when
//! saved and when read back from a backup, so a backup the app wrote is one
//! it can read.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::day::Day;
use crate::text::looks_like_markup;

/// The longest note, in characters: a long journal page, not a book.
pub const MAX_NOTE_CHARS: usize = 20_000;
/// The longest name of a meeting typed in by hand.
pub const MAX_MEETING_CHARS: usize = 200;
/// The most meetings one day may list.
pub const MAX_MEETINGS: usize = 20;

/// Mood from 1 (very low) to 5 (very good), shown as words and faces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Mood(u8);

/// Craving from 0 (none) to 10 (overwhelming).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Craving(u8);

/// A reflection from 1 (not at all) to 5 (very much).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Rating(u8);

macro_rules! scale {
    ($name:ident, $low:expr, $high:expr, $what:expr) => {
        impl $name {
            /// The lowest value.
            pub const LOWEST: u8 = $low;
            /// The highest value.
            pub const HIGHEST: u8 = $high;

            /// The value, when it is on the scale.
            pub fn new(value: u8) -> Option<$name> {
                ($low..=$high).contains(&value).then_some($name(value))
            }

            /// The number.
            pub fn get(self) -> u8 {
                self.0
            }
        }

        impl TryFrom<u8> for $name {
            type Error = String;

            fn try_from(value: u8) -> Result<$name, String> {
                $name::new(value).ok_or_else(|| {
                    format!("{} must be from {} to {}, not {value}", $what, $low, $high)
                })
            }
        }

        impl From<$name> for u8 {
            fn from(value: $name) -> u8 {
                value.0
            }
        }
    };
}

scale!(Mood, 1, 5, "mood");
scale!(Craving, 0, 10, "craving");
scale!(Rating, 1, 5, "a reflection");

/// Whether the person used that day, in their own neutral terms; they may
/// leave it unsaid.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Use {
    /// Not answered.
    #[default]
    Unsaid,
    /// Did not use.
    No,
    /// Used.
    Yes,
}

/// A meeting the person went to.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Attended {
    /// One from the directory, by id, with its name as it was (the listing
    /// may leave the directory; the log keeps what it was called).
    Listed {
        /// The meeting's id.
        id: String,
        /// Its name then.
        name: String,
    },
    /// One typed in by hand.
    Other {
        /// What the person called it.
        name: String,
    },
}

impl Attended {
    /// The name to show.
    pub fn name(&self) -> &str {
        match self {
            Attended::Listed { name, .. } | Attended::Other { name } => name,
        }
    }

    /// The directory's id of a listed meeting.
    pub fn id(&self) -> Option<&str> {
        match self {
            Attended::Listed { id, .. } => Some(id),
            Attended::Other { .. } => None,
        }
    }
}

/// Optional reflections from the CHIME-D personal-recovery framework:
/// connectedness, hope, identity, meaning, empowerment, and difficulties.
/// None is ever required.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Reflections {
    /// Feeling connected to other people.
    pub connectedness: Option<Rating>,
    /// Hope for the future.
    pub hope: Option<Rating>,
    /// A sense of who one is, beyond the substance.
    pub identity: Option<Rating>,
    /// Meaning and purpose.
    pub meaning: Option<Rating>,
    /// Being in charge of one's life.
    pub empowerment: Option<Rating>,
    /// How hard things were.
    pub difficulties: Option<Rating>,
}

/// One of the reflections.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reflection {
    /// Feeling connected to other people.
    Connectedness,
    /// Hope for the future.
    Hope,
    /// A sense of who one is.
    Identity,
    /// Meaning and purpose.
    Meaning,
    /// Being in charge of one's life.
    Empowerment,
    /// How hard things were.
    Difficulties,
}

impl Reflection {
    /// Every reflection, in the framework's order (C, H, I, M, E, D).
    pub const ALL: [Reflection; 6] = [
        Reflection::Connectedness,
        Reflection::Hope,
        Reflection::Identity,
        Reflection::Meaning,
        Reflection::Empowerment,
        Reflection::Difficulties,
    ];

    /// Its name in backups, ids and tests: `connectedness`.
    pub fn key(self) -> &'static str {
        match self {
            Reflection::Connectedness => "connectedness",
            Reflection::Hope => "hope",
            Reflection::Identity => "identity",
            Reflection::Meaning => "meaning",
            Reflection::Empowerment => "empowerment",
            Reflection::Difficulties => "difficulties",
        }
    }
}

impl Reflections {
    fn slot(&mut self, which: Reflection) -> &mut Option<Rating> {
        match which {
            Reflection::Connectedness => &mut self.connectedness,
            Reflection::Hope => &mut self.hope,
            Reflection::Identity => &mut self.identity,
            Reflection::Meaning => &mut self.meaning,
            Reflection::Empowerment => &mut self.empowerment,
            Reflection::Difficulties => &mut self.difficulties,
        }
    }

    /// One reflection's rating, if given.
    pub fn get(mut self, which: Reflection) -> Option<Rating> {
        *self.slot(which)
    }

    /// Gives (or, with `None`, clears) one reflection's rating.
    pub fn set(&mut self, which: Reflection, rating: Option<Rating>) {
        *self.slot(which) = rating;
    }
}

/// One day's check-in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckIn {
    /// The day it is about.
    pub day: Day,
    /// How the day felt.
    pub mood: Mood,
    /// How strong cravings were.
    pub craving: Craving,
    /// Whether the person used.
    #[serde(default)]
    pub used: Use,
    /// Meetings attended.
    #[serde(default)]
    pub meetings: Vec<Attended>,
    /// Optional reflections.
    #[serde(default)]
    pub reflections: Reflections,
    /// A note, plain text.
    #[serde(default)]
    pub note: String,
}

/// Why a check-in cannot be kept as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CheckInError {
    /// The note is over [`MAX_NOTE_CHARS`].
    NoteTooLong {
        /// Its length in characters.
        chars: usize,
    },
    /// More than [`MAX_MEETINGS`] meetings.
    TooManyMeetings {
        /// How many were listed.
        count: usize,
    },
    /// A meeting without a name, or with one over [`MAX_MEETING_CHARS`].
    BadMeetingName,
    /// Text that would be web page code (`<b>`, `</p>`, `<!--`): the log
    /// keeps plain text only.
    Markup {
        /// Which field.
        field: &'static str,
    },
    /// Invisible control characters, which no keyboard types.
    ControlCharacters {
        /// Which field.
        field: &'static str,
    },
}

impl fmt::Display for CheckInError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CheckInError::NoteTooLong { chars } => write!(
                f,
                "the note is {chars} characters long; keep it to {MAX_NOTE_CHARS}"
            ),
            CheckInError::TooManyMeetings { count } => write!(
                f,
                "{count} meetings are listed for one day; keep it to {MAX_MEETINGS}"
            ),
            CheckInError::BadMeetingName => write!(
                f,
                "a meeting needs a name of 1 to {MAX_MEETING_CHARS} characters"
            ),
            CheckInError::Markup { field } => write!(
                f,
                "the {field} holds text that looks like web page code (such as <b>); \
                 the log keeps plain text only"
            ),
            CheckInError::ControlCharacters { field } => {
                write!(f, "the {field} holds invisible control characters")
            }
        }
    }
}

impl std::error::Error for CheckInError {}

impl CheckIn {
    /// A check-in with only the two answers every check-in has.
    pub fn new(day: Day, mood: Mood, craving: Craving) -> CheckIn {
        CheckIn {
            day,
            mood,
            craving,
            used: Use::Unsaid,
            meetings: Vec::new(),
            reflections: Reflections::default(),
            note: String::new(),
        }
    }

    /// Checks what the types cannot: lengths and plain text.
    ///
    /// # Errors
    ///
    /// The first problem found, in words for the person.
    pub fn check(&self) -> Result<(), CheckInError> {
        let chars = self.note.chars().count();
        if chars > MAX_NOTE_CHARS {
            return Err(CheckInError::NoteTooLong { chars });
        }
        plain(&self.note, "note")?;
        if self.meetings.len() > MAX_MEETINGS {
            return Err(CheckInError::TooManyMeetings {
                count: self.meetings.len(),
            });
        }
        for meeting in &self.meetings {
            let name = meeting.name();
            let length = name.chars().count();
            if name.trim().is_empty() || length > MAX_MEETING_CHARS {
                return Err(CheckInError::BadMeetingName);
            }
            plain(name, "meeting name")?;
            if let Attended::Listed { id, .. } = meeting {
                if id.is_empty() || id.len() > 200 {
                    return Err(CheckInError::BadMeetingName);
                }
                plain(id, "meeting id")?;
            }
        }
        Ok(())
    }

    /// A hard day: low mood, strong cravings, or the person used. The app
    /// then offers a call to one of their people, meetings starting soon,
    /// and help now.
    pub fn is_hard_day(&self) -> bool {
        self.mood.get() <= 2 || self.craving.get() >= 7 || self.used == Use::Yes
    }
}

/// Plain text: no markup, and no control characters but line breaks and tabs.
fn plain(text: &str, field: &'static str) -> Result<(), CheckInError> {
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(CheckInError::ControlCharacters { field });
    }
    if looks_like_markup(text) {
        return Err(CheckInError::Markup { field });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> Day {
        Day::parse("2026-12-03").unwrap()
    }

    fn check_in() -> CheckIn {
        CheckIn::new(day(), Mood::new(3).unwrap(), Craving::new(2).unwrap())
    }

    #[test]
    fn scales_hold_only_their_values() {
        assert!(Mood::new(0).is_none() && Mood::new(6).is_none());
        assert!(Craving::new(0).is_some() && Craving::new(11).is_none());
        assert!(Rating::new(5).is_some() && Rating::new(0).is_none());
        let error =
            serde_json::from_str::<CheckIn>(r#"{"day": "2026-12-03", "mood": 9, "craving": 1}"#)
                .unwrap_err()
                .to_string();
        assert!(error.contains("mood must be from 1 to 5, not 9"), "{error}");
    }

    #[test]
    fn round_trips_through_json_with_every_field() {
        let mut full = check_in();
        full.used = Use::No;
        full.meetings = vec![
            Attended::Listed {
                id: "demo-aa:hope".into(),
                name: "Tuesday Night Hope".into(),
            },
            Attended::Other {
                name: "Coffee with my sponsor".into(),
            },
        ];
        full.reflections.hope = Rating::new(4);
        full.note = "A good day <3\nSlept well.".into();
        assert_eq!(full.check(), Ok(()));
        let json = serde_json::to_string(&full).unwrap();
        assert_eq!(serde_json::from_str::<CheckIn>(&json).unwrap(), full);
        // The smallest check-in is the day and two numbers.
        let small: CheckIn =
            serde_json::from_str(r#"{"day": "2026-12-03", "mood": 3, "craving": 2}"#).unwrap();
        assert_eq!(small, check_in());
    }

    #[test]
    fn keeps_plain_text_only() {
        let mut markup = check_in();
        markup.note = "fine <script>alert(1)</script>".into();
        assert_eq!(markup.check(), Err(CheckInError::Markup { field: "note" }));
        let mut control = check_in();
        control.note = "a\u{0}b".into();
        assert!(matches!(
            control.check(),
            Err(CheckInError::ControlCharacters { .. })
        ));
        let mut long = check_in();
        long.note = "x".repeat(MAX_NOTE_CHARS + 1);
        assert_eq!(
            long.check(),
            Err(CheckInError::NoteTooLong {
                chars: MAX_NOTE_CHARS + 1
            })
        );
        let mut unnamed = check_in();
        unnamed.meetings = vec![Attended::Other { name: "  ".into() }];
        assert_eq!(unnamed.check(), Err(CheckInError::BadMeetingName));
        let unknown = serde_json::from_str::<CheckIn>(
            r#"{"day": "2026-12-03", "mood": 3, "craving": 2, "script": "x"}"#,
        );
        assert!(unknown.is_err());
    }

    #[test]
    fn a_hard_day_is_low_mood_strong_craving_or_use() {
        assert!(!check_in().is_hard_day());
        let low = CheckIn {
            mood: Mood::new(2).unwrap(),
            ..check_in()
        };
        let craving = CheckIn {
            craving: Craving::new(7).unwrap(),
            ..check_in()
        };
        let used = CheckIn {
            used: Use::Yes,
            ..check_in()
        };
        assert!(low.is_hard_day() && craving.is_hard_day() && used.is_hard_day());
        let steady = CheckIn {
            craving: Craving::new(6).unwrap(),
            used: Use::No,
            ..check_in()
        };
        assert!(!steady.is_hard_day());
    }
}
