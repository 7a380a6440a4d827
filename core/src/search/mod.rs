//! Finding meetings: an index built once over the directory, then queried
//! on every keystroke.

pub mod fold;
pub mod index;
pub mod query;
pub mod recent;
