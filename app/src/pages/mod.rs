pub mod finder;
pub mod first_meeting;
pub mod help;
pub mod log;
pub mod meeting;
pub mod mine;
pub mod not_found;
pub mod settings;
