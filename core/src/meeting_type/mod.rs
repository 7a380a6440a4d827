//! Meeting type codes: every code of the Meeting Guide specification with its
//! name in nine languages, plus Lantern's own codes for what people in the
//! research behind Lantern said decides whether a meeting fits them.
//!
//! Validity never depends on the viewer's language: a code is known or not,
//! and an unknown code is kept and reported as a warning.

mod table;

/// The languages the type names come in, in table order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Language {
    /// English.
    En,
    /// Spanish.
    Es,
    /// French.
    Fr,
    /// Japanese.
    Ja,
    /// Dutch.
    Nl,
    /// Portuguese.
    Pt,
    /// Slovak.
    Sk,
    /// Swedish.
    Sv,
    /// Thai.
    Th,
}

impl Language {
    /// All nine, in table order.
    pub const ALL: [Language; 9] = [
        Language::En,
        Language::Es,
        Language::Fr,
        Language::Ja,
        Language::Nl,
        Language::Pt,
        Language::Sk,
        Language::Sv,
        Language::Th,
    ];

    /// The ISO 639-1 code (`en`).
    pub fn code(self) -> &'static str {
        ["en", "es", "fr", "ja", "nl", "pt", "sk", "sv", "th"]
            .get(self as usize)
            .copied()
            .unwrap_or("en")
    }

    /// The language for an ISO 639-1 code or a BCP 47 tag (`pt-BR` gives
    /// Portuguese); `None` for the others.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        Language::ALL.into_iter().find(|l| l.code() == primary)
    }
}

/// Lantern's own code: cameras are optional.
pub const CAMERA_OPTIONAL: &str = "X-CAM";
/// Lantern's own code: the chat is used during the meeting.
pub const CHAT: &str = "X-CHAT";
/// Lantern's own code: a small group, usually 15 people or fewer.
pub const SMALL_GROUP: &str = "X-SMALL";
/// Meeting Guide's code for meetings that welcome newcomers.
pub const NEWCOMER: &str = "BE";
/// Meeting Guide's code for a venue that is temporarily closed.
pub const TEMPORARILY_CLOSED: &str = "TC";
/// Meeting Guide's code for a secular (agnostic) meeting.
pub const SECULAR: &str = "A";

const LANTERN: &[(&str, [&str; 9])] = &[
    (
        CAMERA_OPTIONAL,
        [
            "Camera optional",
            "Cámara opcional",
            "Caméra facultative",
            "カメラは任意",
            "Camera optioneel",
            "Câmera opcional",
            "Kamera je voliteľná",
            "Kamera valfri",
            "ไม่บังคับเปิดกล้อง",
        ],
    ),
    (
        CHAT,
        [
            "Chat used",
            "Se usa el chat",
            "Chat utilisé",
            "チャットあり",
            "Chat wordt gebruikt",
            "Usa o chat",
            "Používa sa chat",
            "Chatten används",
            "มีการใช้แชท",
        ],
    ),
    (
        SMALL_GROUP,
        [
            "Small group (15 or fewer)",
            "Grupo pequeño (15 o menos)",
            "Petit groupe (15 ou moins)",
            "少人数（15人以下）",
            "Kleine groep (15 of minder)",
            "Grupo pequeno (15 ou menos)",
            "Malá skupina (15 alebo menej)",
            "Liten grupp (15 eller färre)",
            "กลุ่มเล็ก (ไม่เกิน 15 คน)",
        ],
    ),
];

/// Where a known code comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Origin {
    /// Reserved by the Meeting Guide specification.
    MeetingGuide,
    /// One of Lantern's own codes (`X-…`).
    Lantern,
}

/// A known meeting type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MeetingType {
    code: &'static str,
    names: &'static [&'static str; 9],
    origin: Origin,
}

impl MeetingType {
    /// Looks a code up (exact, case-sensitive, as the specification defines it).
    ///
    /// ```
    /// use lantern_core::meeting_type::{Language, MeetingType};
    /// assert_eq!(MeetingType::lookup("W").map(|t| t.name(Language::Es)), Some("Mujeres"));
    /// assert!(MeetingType::lookup("NOPE").is_none());
    /// ```
    pub fn lookup(code: &str) -> Option<MeetingType> {
        let found = |table: &'static [(&'static str, [&'static str; 9])], origin| {
            table
                .binary_search_by(|(c, _)| (*c).cmp(code))
                .ok()
                .and_then(|i| table.get(i))
                .map(|(code, names)| MeetingType {
                    code,
                    names,
                    origin,
                })
        };
        found(table::MEETING_GUIDE, Origin::MeetingGuide)
            .or_else(|| found(LANTERN, Origin::Lantern))
    }

    /// Looks a type up by its code, or by its English name ignoring case
    /// and surrounding space (`"open"` gives `O`), as spreadsheets name them.
    ///
    /// ```
    /// use lantern_core::meeting_type::MeetingType;
    /// assert_eq!(MeetingType::lookup_code_or_name(" Wheelchair Access ").map(|t| t.code()), Some("X"));
    /// assert_eq!(MeetingType::lookup_code_or_name("LGBTQ").map(|t| t.code()), Some("LGBTQ"));
    /// ```
    pub fn lookup_code_or_name(text: &str) -> Option<MeetingType> {
        let text = text.trim();
        MeetingType::lookup(text).or_else(|| {
            MeetingType::all().find(|t| t.name(Language::En).eq_ignore_ascii_case(text))
        })
    }

    /// Every known type: Meeting Guide's, then Lantern's.
    pub fn all() -> impl Iterator<Item = MeetingType> {
        let mg = table::MEETING_GUIDE
            .iter()
            .map(|(code, names)| MeetingType {
                code,
                names,
                origin: Origin::MeetingGuide,
            });
        let own = LANTERN.iter().map(|(code, names)| MeetingType {
            code,
            names,
            origin: Origin::Lantern,
        });
        mg.chain(own)
    }

    /// The code.
    pub fn code(self) -> &'static str {
        self.code
    }

    /// The name in a language.
    pub fn name(self, language: Language) -> &'static str {
        self.names
            .get(language as usize)
            .copied()
            .unwrap_or(self.code)
    }

    /// Where the code comes from.
    pub fn origin(self) -> Origin {
        self.origin
    }

    /// The ISO 639-1 code of the language the meeting is held in, when this
    /// type names one (`S` gives `es`).
    pub fn spoken_language(self) -> Option<&'static str> {
        spoken_language(self.code)
    }
}

/// Meeting Guide's language types and their ISO 639-1 codes.
const SPOKEN: &[(&str, &str)] = &[
    ("AF", "af"),
    ("AM", "am"),
    ("AR", "ar"),
    ("BG", "bg"),
    ("DA", "da"),
    ("DE", "de"),
    ("EL", "el"),
    ("EN", "en"),
    ("FA", "fa"),
    ("FI", "fi"),
    ("FR", "fr"),
    ("HE", "he"),
    ("HI", "hi"),
    ("HR", "hr"),
    ("HU", "hu"),
    ("IS", "is"),
    ("ITA", "it"),
    ("JA", "ja"),
    ("KA", "ka"),
    ("KOR", "ko"),
    ("LT", "lt"),
    ("ML", "ml"),
    ("MT", "mt"),
    ("NE", "ne"),
    ("NL", "nl"),
    ("NO", "no"),
    ("POL", "pl"),
    ("POR", "pt"),
    ("PUN", "pa"),
    ("RUS", "ru"),
    ("S", "es"),
    ("SK", "sk"),
    ("SL", "sl"),
    ("SV", "sv"),
    ("TH", "th"),
    ("TL", "tl"),
    ("TUR", "tr"),
    ("UK", "uk"),
];

/// The ISO 639-1 code for a Meeting Guide language type.
pub fn spoken_language(code: &str) -> Option<&'static str> {
    SPOKEN
        .binary_search_by(|(c, _)| (*c).cmp(code))
        .ok()
        .and_then(|i| SPOKEN.get(i))
        .map(|(_, iso)| *iso)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_found_with_nine_names() {
        let all: Vec<MeetingType> = MeetingType::all().collect();
        assert_eq!(all.len(), 87 + 3);
        for t in &all {
            assert_eq!(MeetingType::lookup(t.code()), Some(*t));
            for language in Language::ALL {
                assert!(!t.name(language).is_empty(), "{} in {language:?}", t.code());
            }
        }
        let own: Vec<&str> = all
            .iter()
            .filter(|t| t.origin() == Origin::Lantern)
            .map(|t| t.code())
            .collect();
        assert_eq!(own, [CAMERA_OPTIONAL, CHAT, SMALL_GROUP]);
    }

    #[test]
    fn tables_are_sorted_for_binary_search() {
        for table in [table::MEETING_GUIDE, LANTERN] {
            assert!(table.windows(2).all(|w| w[0].0 < w[1].0));
        }
        assert!(SPOKEN.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn language_types_are_known_types() {
        for (code, _) in SPOKEN {
            assert!(MeetingType::lookup(code).is_some(), "{code}");
        }
        let cases = [
            ("S", Some("es")),
            ("EN", Some("en")),
            ("ITA", Some("it")),
            ("O", None),
            ("ASL", None),
        ];
        for (code, iso) in cases {
            assert_eq!(spoken_language(code), iso, "{code}");
        }
        assert_eq!(Language::from_tag("pt-BR"), Some(Language::Pt));
        assert_eq!(Language::from_tag("de"), None);
        assert_eq!(
            MeetingType::lookup(NEWCOMER).map(|t| t.name(Language::En)),
            Some("Newcomer")
        );
    }
}
