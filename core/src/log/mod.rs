//! The private recovery log: daily check-ins, counters and their
//! milestones, and what is worked out from them. It lives on the person's
//! device only; core checks it the same way when it is saved and when a
//! backup is read, so nothing the app writes is refused on the way back.

pub mod backup;
pub mod check_in;
pub mod counter;
pub mod day;
pub mod people;
pub mod stats;
