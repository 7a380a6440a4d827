pub mod error_view;
pub mod filter_sheet;
pub mod join;
pub mod meeting_actions;
pub mod meeting_row;
pub mod nav;
pub mod sync_status;
pub mod windowed_list;
