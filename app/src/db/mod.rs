pub mod check_ins;
pub mod favourites;
pub mod record;
pub mod schema;
pub mod settings;
pub mod shards;
pub mod zones;
