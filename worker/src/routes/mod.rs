pub mod admin;
pub mod export;
pub mod fallback;
pub mod health;
pub mod reports;
pub mod sync;
pub mod zones;
