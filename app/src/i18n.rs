//! Words the app shows. English only for now; every visible string comes
//! from here so that translations can be added in one place.

use lantern_core::{Attendance, Fellowship, Weekday};

/// The name of a day of the week.
pub fn weekday(day: Weekday) -> &'static str {
    match day {
        Weekday::Sunday => "Sunday",
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
    }
}

/// A fellowship's name; `None` for "other", which is better left unsaid.
pub fn fellowship(fellowship: Fellowship) -> Option<&'static str> {
    Some(match fellowship {
        Fellowship::Aa => "Alcoholics Anonymous",
        Fellowship::Na => "Narcotics Anonymous",
        Fellowship::Ca => "Cocaine Anonymous",
        Fellowship::SmartRecovery => "SMART Recovery",
        Fellowship::RecoveryDharma => "Recovery Dharma",
        Fellowship::Lifering => "LifeRing",
        Fellowship::WomenForSobriety => "Women for Sobriety",
        Fellowship::CelebrateRecovery => "Celebrate Recovery",
        Fellowship::AlAnon => "Al-Anon",
        Fellowship::NarAnon => "Nar-Anon",
        Fellowship::SmartFamily => "SMART Family & Friends",
        Fellowship::Other => return None,
    })
}

/// How one attends.
pub fn attendance(attendance: Attendance) -> &'static str {
    match attendance {
        Attendance::InPerson => "In person",
        Attendance::Online => "Online",
        Attendance::Hybrid => "In person and online",
    }
}

/// Fixed phrases.
pub mod text {
    /// The app's name, neutral on purpose.
    pub const APP_NAME: &str = "Lantern";
    /// Under the name.
    pub const TAGLINE: &str = "Find a meeting that fits you.";
    /// Heading of the list.
    pub const MEETINGS: &str = "Meetings";
    /// The join button.
    pub const JOIN: &str = "Join";
    /// What a screen reader says for the join button of `meeting`.
    pub fn join_label(meeting: &str) -> String {
        format!("Join {meeting} (opens in a new tab)")
    }
    /// The phone link.
    pub const DIAL_IN: &str = "Call in";
    /// While loading from storage.
    pub const LOADING: &str = "Loading saved meetings…";
    /// While syncing.
    pub const CHECKING: &str = "Checking for updates…";
    /// After a sync.
    pub const UP_TO_DATE: &str = "Up to date.";
    /// Nothing saved yet.
    pub const EMPTY: &str = "No meetings are saved on this device yet. When you're online, Lantern downloads the directory so it also works offline.";
    /// Shown when demo meetings are listed.
    pub const DEMO_BANNER: &str = "Demo directory: these meetings are examples for trying Lantern. They are not real meetings.";
    /// The tag on a demo meeting.
    pub const DEMO_TAG: &str = "Demo";
    /// A retry button.
    pub const TRY_AGAIN: &str = "Try again";
    /// Heading of the error box.
    pub const SOMETHING_WRONG: &str = "Something went wrong";
}
