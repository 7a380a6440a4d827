//! "Which group might fit me?": the approaches to mutual help side by side,
//! and a few optional questions that lead to a suggestion, never a verdict.
//!
//! People leave a group whose model does not fit them; many try a few
//! before one feels right. So the guide lists every approach in one fixed
//! order (never ranked), and the answers only narrow which of them are
//! *suggested*, with the finder link that shows their meetings. The words
//! live in the app's translation tables, keyed by [`GuideEntry::key`] and
//! [`Tip::key`].

use crate::fellowship::{Approach, Fellowship};
use crate::meeting::Attendance;
use crate::search::query::Query;

/// One approach as the guide shows it. Women for Sobriety has an entry of
/// its own (people ask for it by name), though the finder files it with the
/// secular groups.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GuideEntry {
    /// AA, NA, CA and the other Twelve-Step fellowships.
    TwelveStep,
    /// SMART Recovery and other groups built on cognitive-behavioural tools.
    SmartCbt,
    /// Recovery Dharma and other Buddhist-inspired groups.
    Buddhist,
    /// LifeRing, SOS and other secular groups.
    Secular,
    /// Women for Sobriety.
    WomenForSobriety,
    /// Celebrate Recovery and other faith-based groups.
    FaithBased,
    /// Al-Anon, Nar-Anon, SMART Family & Friends: for the people close to
    /// someone who drinks or uses.
    Family,
}

/// How a group speaks of recovery.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Framing {
    /// A higher power, a spiritual practice or a faith is welcome.
    Spiritual,
    /// Without a spiritual programme.
    Secular,
}

impl GuideEntry {
    /// Every entry, in the order the guide shows them. The order is fixed
    /// and says nothing about which is better.
    pub const ALL: [GuideEntry; 7] = [
        GuideEntry::TwelveStep,
        GuideEntry::SmartCbt,
        GuideEntry::Buddhist,
        GuideEntry::Secular,
        GuideEntry::WomenForSobriety,
        GuideEntry::FaithBased,
        GuideEntry::Family,
    ];

    /// The stable key (`smart-cbt`), as in translations and test ids.
    pub fn key(self) -> &'static str {
        match self {
            GuideEntry::TwelveStep => "twelve-step",
            GuideEntry::SmartCbt => "smart-cbt",
            GuideEntry::Buddhist => "buddhist",
            GuideEntry::Secular => "secular",
            GuideEntry::WomenForSobriety => "women-for-sobriety",
            GuideEntry::FaithBased => "faith-based",
            GuideEntry::Family => "family",
        }
    }

    /// Whether the entry speaks in spiritual or secular terms; `None` for
    /// family groups, which come in both.
    pub fn framing(self) -> Option<Framing> {
        match self {
            GuideEntry::TwelveStep | GuideEntry::Buddhist | GuideEntry::FaithBased => {
                Some(Framing::Spiritual)
            }
            GuideEntry::SmartCbt | GuideEntry::Secular | GuideEntry::WomenForSobriety => {
                Some(Framing::Secular)
            }
            GuideEntry::Family => None,
        }
    }

    /// The finder's filter for this entry's meetings.
    pub fn query(self) -> Query {
        let mut query = Query::default();
        match self {
            GuideEntry::TwelveStep => query.approaches = vec![Approach::TwelveStep],
            GuideEntry::SmartCbt => query.approaches = vec![Approach::SmartCbt],
            GuideEntry::Buddhist => query.approaches = vec![Approach::Buddhist],
            // Women for Sobriety is secular in the finder; this entry is
            // the other secular groups.
            GuideEntry::Secular => {
                query.fellowships = Fellowship::ALL
                    .into_iter()
                    .filter(|f| {
                        f.approach() == Some(Approach::Secular)
                            && *f != Fellowship::WomenForSobriety
                    })
                    .collect();
            }
            GuideEntry::WomenForSobriety => query.fellowships = vec![Fellowship::WomenForSobriety],
            GuideEntry::FaithBased => query.approaches = vec![Approach::FaithBased],
            GuideEntry::Family => query.approaches = vec![Approach::Family],
        }
        query
    }
}

/// Who the meeting is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ForWhom {
    /// The person asking.
    Me,
    /// Someone they care about: family groups are for the person asking.
    SomeoneClose,
}

/// How the person would like to start.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FirstStep {
    /// Listen first.
    Listen,
    /// Talk.
    Talk,
}

/// The camera, for online meetings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Camera {
    /// Rather keep it off.
    Off,
    /// Happy to have it on.
    On,
}

/// The guide's optional questions. `None` is "no preference", and every
/// question may be left so.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Answers {
    /// For me, or for someone close to me.
    pub for_whom: Option<ForWhom>,
    /// A spiritual or a secular framing.
    pub framing: Option<Framing>,
    /// Online or face to face (hybrid meetings are both).
    pub attendance: Option<Attendance>,
    /// Talking, or listening first.
    pub first_step: Option<FirstStep>,
    /// Camera on or off.
    pub camera: Option<Camera>,
}

/// One of the guide's questions. Each has two answers besides "no
/// preference", numbered 0 and 1 in the order the translation tables
/// list them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Question {
    /// For me (0), or for someone close (1).
    ForWhom,
    /// Spiritual (0) or secular (1).
    Framing,
    /// Online (0) or face to face (1).
    Attendance,
    /// Listen (0) or talk (1) first.
    FirstStep,
    /// Camera off (0) or on (1).
    Camera,
}

impl Question {
    /// The questions in the order they are asked.
    pub const ALL: [Question; 5] = [
        Question::ForWhom,
        Question::Framing,
        Question::Attendance,
        Question::FirstStep,
        Question::Camera,
    ];

    /// The stable key (`first-step`), as in form names and test ids.
    pub fn key(self) -> &'static str {
        match self {
            Question::ForWhom => "for-whom",
            Question::Framing => "framing",
            Question::Attendance => "attendance",
            Question::FirstStep => "first-step",
            Question::Camera => "camera",
        }
    }
}

impl Answers {
    /// The answer to `question`: `None` for no preference, else 0 or 1.
    pub fn chosen(&self, question: Question) -> Option<usize> {
        let number = |first: bool| usize::from(!first);
        match question {
            Question::ForWhom => self.for_whom.map(|a| number(a == ForWhom::Me)),
            Question::Framing => self.framing.map(|a| number(a == Framing::Spiritual)),
            Question::Attendance => self.attendance.map(|a| number(a == Attendance::Online)),
            Question::FirstStep => self.first_step.map(|a| number(a == FirstStep::Listen)),
            Question::Camera => self.camera.map(|a| number(a == Camera::Off)),
        }
    }

    /// Answers `question`: `None` for no preference, 0 for its first
    /// answer, anything else for its second.
    pub fn choose(&mut self, question: Question, choice: Option<usize>) {
        fn pick<T>(choice: Option<usize>, first: T, second: T) -> Option<T> {
            choice.map(|c| if c == 0 { first } else { second })
        }
        match question {
            Question::ForWhom => self.for_whom = pick(choice, ForWhom::Me, ForWhom::SomeoneClose),
            Question::Framing => self.framing = pick(choice, Framing::Spiritual, Framing::Secular),
            Question::Attendance => {
                self.attendance = pick(choice, Attendance::Online, Attendance::InPerson)
            }
            Question::FirstStep => {
                self.first_step = pick(choice, FirstStep::Listen, FirstStep::Talk)
            }
            Question::Camera => self.camera = pick(choice, Camera::Off, Camera::On),
        }
    }
}

/// A practical point the suggestion adds for an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tip {
    /// Everyone may listen without speaking; passing is always fine.
    ListeningIsFine,
    /// In SMART and LifeRing meetings everyone is invited to check in
    /// briefly; saying "I'd like to listen today" is a check-in too.
    CheckInRound,
    /// Sharing is by turns; discussion meetings give most people a turn.
    SharingTurns,
    /// The camera is nearly always optional; a first name is enough.
    CameraOptional,
    /// A dial-in number joins with no camera at all.
    DialIn,
    /// Try the camera and microphone before the meeting.
    TechCheck,
    /// Face to face: arrive a little early; someone usually greets newcomers.
    ArriveEarly,
}

impl Tip {
    /// Every tip, in the order of the translation tables.
    pub const ALL: [Tip; 7] = [
        Tip::ListeningIsFine,
        Tip::CheckInRound,
        Tip::SharingTurns,
        Tip::CameraOptional,
        Tip::DialIn,
        Tip::TechCheck,
        Tip::ArriveEarly,
    ];

    /// The stable key, as in translations.
    pub fn key(self) -> &'static str {
        match self {
            Tip::ListeningIsFine => "listening-is-fine",
            Tip::CheckInRound => "check-in-round",
            Tip::SharingTurns => "sharing-turns",
            Tip::CameraOptional => "camera-optional",
            Tip::DialIn => "dial-in",
            Tip::TechCheck => "tech-check",
            Tip::ArriveEarly => "arrive-early",
        }
    }
}

/// What the answers suggest: the entries worth a look (in the guide's own
/// order), the finder's filter that shows their meetings, and tips.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    /// The entries that fit the answers; all of them when nothing narrows.
    pub entries: Vec<GuideEntry>,
    /// The finder's filter for those entries' meetings, as attended.
    pub query: Query,
    /// Practical points for the answers given.
    pub tips: Vec<Tip>,
}

/// The suggestion for a set of answers.
///
/// ```
/// use lantern_core::guide::{suggest, Answers, Framing, GuideEntry};
/// use lantern_core::{Approach, Attendance};
/// let suggestion = suggest(&Answers {
///     framing: Some(Framing::Secular),
///     attendance: Some(Attendance::Online),
///     ..Answers::default()
/// });
/// assert_eq!(
///     suggestion.entries,
///     [GuideEntry::SmartCbt, GuideEntry::Secular, GuideEntry::WomenForSobriety]
/// );
/// assert_eq!(suggestion.query.approaches, [Approach::SmartCbt, Approach::Secular]);
/// assert_eq!(suggestion.query.attendance, [Attendance::Online]);
/// ```
pub fn suggest(answers: &Answers) -> Suggestion {
    let entries: Vec<GuideEntry> = GuideEntry::ALL
        .into_iter()
        .filter(|entry| match answers.for_whom {
            Some(ForWhom::SomeoneClose) => *entry == GuideEntry::Family,
            Some(ForWhom::Me) => *entry != GuideEntry::Family,
            // Family groups come in both framings, so a framing alone
            // (without "for someone close") does not point to them.
            None => *entry != GuideEntry::Family || answers.framing.is_none(),
        })
        .filter(|entry| match (answers.framing, entry.framing()) {
            (Some(wanted), Some(framing)) => wanted == framing,
            _ => true,
        })
        .collect();
    let mut query = Query::default();
    if answers.for_whom == Some(ForWhom::SomeoneClose) {
        // Family groups come in both framings: Al-Anon and Nar-Anon follow
        // the Twelve Steps; SMART Family & Friends does not.
        match answers.framing {
            Some(Framing::Spiritual) => {
                query.fellowships = vec![Fellowship::AlAnon, Fellowship::NarAnon];
            }
            Some(Framing::Secular) => query.fellowships = vec![Fellowship::SmartFamily],
            None => query.approaches = vec![Approach::Family],
        }
    } else if entries.len() < GuideEntry::ALL.len() {
        for entry in &entries {
            let approach = entry_approach(*entry);
            if !query.approaches.contains(&approach) {
                query.approaches.push(approach);
            }
        }
    }
    query.attendance = answers.attendance.into_iter().collect();
    Suggestion {
        tips: tips(answers, &entries),
        entries,
        query,
    }
}

/// The approach an entry's meetings are filed under.
fn entry_approach(entry: GuideEntry) -> Approach {
    match entry {
        GuideEntry::TwelveStep => Approach::TwelveStep,
        GuideEntry::SmartCbt => Approach::SmartCbt,
        GuideEntry::Buddhist => Approach::Buddhist,
        GuideEntry::Secular | GuideEntry::WomenForSobriety => Approach::Secular,
        GuideEntry::FaithBased => Approach::FaithBased,
        GuideEntry::Family => Approach::Family,
    }
}

fn tips(answers: &Answers, entries: &[GuideEntry]) -> Vec<Tip> {
    let mut tips = Vec::new();
    let online = answers.attendance != Some(Attendance::InPerson);
    match answers.first_step {
        Some(FirstStep::Listen) => {
            tips.push(Tip::ListeningIsFine);
            if entries
                .iter()
                .any(|e| matches!(e, GuideEntry::SmartCbt | GuideEntry::Secular))
            {
                tips.push(Tip::CheckInRound);
            }
        }
        Some(FirstStep::Talk) => tips.push(Tip::SharingTurns),
        None => {}
    }
    match answers.camera {
        Some(Camera::Off) if online => tips.extend([Tip::CameraOptional, Tip::DialIn]),
        Some(Camera::On) if online => tips.push(Tip::TechCheck),
        _ => {}
    }
    if matches!(
        answers.attendance,
        Some(Attendance::InPerson | Attendance::Hybrid)
    ) {
        tips.push(Tip::ArriveEarly);
    }
    tips
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_answers_suggest_everything_and_filter_nothing() {
        let suggestion = suggest(&Answers::default());
        assert_eq!(suggestion.entries, GuideEntry::ALL);
        assert_eq!(suggestion.query, Query::default());
        assert!(suggestion.tips.is_empty());
    }

    #[test]
    fn a_spiritual_framing_for_me_suggests_the_spiritual_approaches() {
        let suggestion = suggest(&Answers {
            for_whom: Some(ForWhom::Me),
            framing: Some(Framing::Spiritual),
            attendance: Some(Attendance::InPerson),
            ..Answers::default()
        });
        assert_eq!(
            suggestion.entries,
            [
                GuideEntry::TwelveStep,
                GuideEntry::Buddhist,
                GuideEntry::FaithBased
            ]
        );
        assert_eq!(
            suggestion.query.approaches,
            [
                Approach::TwelveStep,
                Approach::Buddhist,
                Approach::FaithBased
            ]
        );
        assert_eq!(suggestion.query.attendance, [Attendance::InPerson]);
        assert_eq!(suggestion.tips, [Tip::ArriveEarly]);
    }

    #[test]
    fn for_me_leaves_out_family_groups_only() {
        let suggestion = suggest(&Answers {
            for_whom: Some(ForWhom::Me),
            ..Answers::default()
        });
        assert_eq!(suggestion.entries.len(), GuideEntry::ALL.len() - 1);
        assert!(!suggestion.entries.contains(&GuideEntry::Family));
        assert!(!suggestion.query.approaches.contains(&Approach::Family));
        assert_eq!(suggestion.query.approaches.len(), 5);
    }

    #[test]
    fn someone_close_is_pointed_to_family_groups_of_the_chosen_framing() {
        let family = |framing| {
            suggest(&Answers {
                for_whom: Some(ForWhom::SomeoneClose),
                framing,
                ..Answers::default()
            })
        };
        for framing in [None, Some(Framing::Spiritual), Some(Framing::Secular)] {
            assert_eq!(family(framing).entries, [GuideEntry::Family]);
        }
        assert_eq!(family(None).query.approaches, [Approach::Family]);
        assert_eq!(
            family(Some(Framing::Spiritual)).query.fellowships,
            [Fellowship::AlAnon, Fellowship::NarAnon]
        );
        assert_eq!(
            family(Some(Framing::Secular)).query.fellowships,
            [Fellowship::SmartFamily]
        );
    }

    #[test]
    fn the_query_travels_in_a_finder_link() {
        let suggestion = suggest(&Answers {
            framing: Some(Framing::Secular),
            attendance: Some(Attendance::Online),
            ..Answers::default()
        });
        let pairs = suggestion.query.to_pairs();
        let read = Query::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(read, suggestion.query);
        assert_eq!(
            pairs,
            [
                ("a", "smart-cbt,secular".to_owned()),
                ("at", "online".to_owned())
            ]
        );
    }

    #[test]
    fn listening_first_is_told_it_is_fine_and_about_check_in_rounds() {
        let tips = |framing| {
            suggest(&Answers {
                framing,
                first_step: Some(FirstStep::Listen),
                ..Answers::default()
            })
            .tips
        };
        assert_eq!(
            tips(Some(Framing::Secular)),
            [Tip::ListeningIsFine, Tip::CheckInRound]
        );
        // No SMART or LifeRing among the spiritual approaches.
        assert_eq!(tips(Some(Framing::Spiritual)), [Tip::ListeningIsFine]);
    }

    #[test]
    fn camera_tips_are_for_online_meetings_only() {
        let tips = |attendance, camera| {
            suggest(&Answers {
                attendance,
                camera: Some(camera),
                ..Answers::default()
            })
            .tips
        };
        assert_eq!(
            tips(Some(Attendance::Online), Camera::Off),
            [Tip::CameraOptional, Tip::DialIn]
        );
        assert_eq!(tips(None, Camera::On), [Tip::TechCheck]);
        assert_eq!(
            tips(Some(Attendance::InPerson), Camera::Off),
            [Tip::ArriveEarly]
        );
    }

    #[test]
    fn every_answer_reads_back_as_chosen() {
        for question in Question::ALL {
            for choice in [None, Some(0), Some(1)] {
                let mut answers = Answers::default();
                answers.choose(question, choice);
                assert_eq!(answers.chosen(question), choice, "{question:?}");
                // Only that question is answered.
                let others = Question::ALL.iter().filter(|q| **q != question);
                for other in others {
                    assert_eq!(answers.chosen(*other), None, "{question:?} left {other:?}");
                }
            }
        }
    }

    #[test]
    fn each_entry_has_a_filter_and_a_distinct_key() {
        let mut keys: Vec<&str> = GuideEntry::ALL.iter().map(|e| e.key()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), GuideEntry::ALL.len());
        for entry in GuideEntry::ALL {
            assert_ne!(entry.query(), Query::default(), "{entry:?}");
        }
        assert_eq!(
            GuideEntry::Secular.query().fellowships,
            [Fellowship::Lifering]
        );
    }
}
