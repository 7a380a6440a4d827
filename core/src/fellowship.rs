//! Fellowships and the approaches to recovery they follow.
//!
//! One model does not fit everyone: the finder shows every approach side by
//! side, so each meeting carries its fellowship and, through it, its approach.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The mutual-help organisation a meeting belongs to.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Fellowship {
    /// Alcoholics Anonymous.
    Aa,
    /// Narcotics Anonymous.
    Na,
    /// Cocaine Anonymous.
    Ca,
    /// SMART Recovery.
    SmartRecovery,
    /// Recovery Dharma.
    RecoveryDharma,
    /// LifeRing Secular Recovery.
    Lifering,
    /// Women for Sobriety.
    WomenForSobriety,
    /// Celebrate Recovery.
    CelebrateRecovery,
    /// Al-Anon and Alateen (family and friends).
    AlAnon,
    /// Nar-Anon (family and friends).
    NarAnon,
    /// SMART Recovery Family & Friends.
    SmartFamily,
    /// Any other fellowship.
    #[default]
    Other,
}

/// An approach to recovery, for filtering across fellowships.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Approach {
    /// The Twelve Steps.
    TwelveStep,
    /// Self-management based on cognitive-behavioural methods (SMART).
    SmartCbt,
    /// Buddhist-inspired.
    Buddhist,
    /// Secular, without a spiritual programme.
    Secular,
    /// Rooted in a religious faith.
    FaithBased,
    /// For family members and friends.
    Family,
}

impl Approach {
    /// Every approach.
    pub const ALL: [Approach; 6] = [
        Approach::TwelveStep,
        Approach::SmartCbt,
        Approach::Buddhist,
        Approach::Secular,
        Approach::FaithBased,
        Approach::Family,
    ];

    /// The stable key (`smart-cbt`), as in links and translations; the same
    /// as its serde name.
    pub fn key(self) -> &'static str {
        match self {
            Approach::TwelveStep => "twelve-step",
            Approach::SmartCbt => "smart-cbt",
            Approach::Buddhist => "buddhist",
            Approach::Secular => "secular",
            Approach::FaithBased => "faith-based",
            Approach::Family => "family",
        }
    }
}

impl Fellowship {
    /// Every fellowship.
    pub const ALL: [Fellowship; 12] = [
        Fellowship::Aa,
        Fellowship::Na,
        Fellowship::Ca,
        Fellowship::SmartRecovery,
        Fellowship::RecoveryDharma,
        Fellowship::Lifering,
        Fellowship::WomenForSobriety,
        Fellowship::CelebrateRecovery,
        Fellowship::AlAnon,
        Fellowship::NarAnon,
        Fellowship::SmartFamily,
        Fellowship::Other,
    ];

    /// The approach the fellowship follows; `None` for [`Fellowship::Other`].
    pub fn approach(self) -> Option<Approach> {
        use Fellowship::*;
        match self {
            Aa | Na | Ca => Some(Approach::TwelveStep),
            SmartRecovery => Some(Approach::SmartCbt),
            RecoveryDharma => Some(Approach::Buddhist),
            Lifering | WomenForSobriety => Some(Approach::Secular),
            CelebrateRecovery => Some(Approach::FaithBased),
            AlAnon | NarAnon | SmartFamily => Some(Approach::Family),
            Other => None,
        }
    }

    /// The stable key (`smart-recovery`), as in feeds' configuration and URLs.
    pub fn key(self) -> &'static str {
        use Fellowship::*;
        match self {
            Aa => "aa",
            Na => "na",
            Ca => "ca",
            SmartRecovery => "smart-recovery",
            RecoveryDharma => "recovery-dharma",
            Lifering => "lifering",
            WomenForSobriety => "women-for-sobriety",
            CelebrateRecovery => "celebrate-recovery",
            AlAnon => "al-anon",
            NarAnon => "nar-anon",
            SmartFamily => "smart-family",
            Other => "other",
        }
    }

    /// The fellowship for a key; `None` when unknown.
    ///
    /// ```
    /// use lantern_core::Fellowship;
    /// assert_eq!(Fellowship::from_key("smart-recovery"), Some(Fellowship::SmartRecovery));
    /// assert_eq!(Fellowship::from_key("SMART"), None);
    /// ```
    pub fn from_key(key: &str) -> Option<Fellowship> {
        Fellowship::ALL.into_iter().find(|f| f.key() == key)
    }
}

impl fmt::Display for Fellowship {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_match_serde() {
        for fellowship in Fellowship::ALL {
            assert_eq!(Fellowship::from_key(fellowship.key()), Some(fellowship));
            let json = serde_json::to_string(&fellowship).unwrap();
            assert_eq!(json, format!("\"{}\"", fellowship.key()));
        }
        assert_eq!(
            Fellowship::RecoveryDharma.approach(),
            Some(Approach::Buddhist)
        );
        assert_eq!(Fellowship::NarAnon.approach(), Some(Approach::Family));
        assert_eq!(Fellowship::Other.approach(), None);
        for approach in Approach::ALL {
            let json = serde_json::to_string(&approach).unwrap();
            assert_eq!(json, format!("\"{}\"", approach.key()));
        }
    }
}
