pub mod client;
pub mod directory;
