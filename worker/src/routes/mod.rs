pub mod admin;
pub mod fallback;
pub mod health;
pub mod sync;
