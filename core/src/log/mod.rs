//! The private recovery log: daily check-ins, counters and their
//! milestones, and what is worked out from them. It lives on the person's
//! device only; core checks it the same way when it is saved and when a
//! backup is read, so nothing the app writes is refused on the way back.

pub mod backup;
pub mod check_in;
pub mod counter;
pub mod day;
mod header;
pub mod joined;
pub mod month;
pub mod people;
pub mod reminder;
pub mod sealed;
pub mod stats;

/// Whether `id` can be a key the app gives a counter or a person: 1 to 40
/// letters, digits or dashes.
fn is_key(id: &str) -> bool {
    !id.is_empty() && id.len() <= 40 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}
