pub mod error_view;
pub mod meeting_card;
pub mod sync_status;
