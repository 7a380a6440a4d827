//! Weekly schedules, time zones and occurrences.

pub mod occurrence;
pub mod upcoming;
pub mod zones;
