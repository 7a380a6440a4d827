pub mod client;
pub mod directory;
pub mod reports;
pub mod zones;
