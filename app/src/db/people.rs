//! My people, one record each: `{id, json}`. Each change is one transaction.

use idb::Database;
use lantern_core::log::backup::sort_people;
use lantern_core::log::people::Person;

use super::log::{read_plain, write_plain};
use super::schema::PEOPLE;
use crate::error::AppError;

/// Everyone, in the order added (ids grow with time).
pub async fn all(database: &Database) -> Result<Vec<Person>, AppError> {
    let (mut people, _unreadable) = read_plain::<Person>(database, PEOPLE).await?;
    sort_people(&mut people);
    Ok(people)
}

/// Saves a person, replacing the one with their id.
pub async fn put(database: &Database, person: &Person) -> Result<(), AppError> {
    write_plain(database, PEOPLE, ("id", &person.id), Some(person)).await
}

/// Forgets a person.
pub async fn remove(database: &Database, id: &str) -> Result<(), AppError> {
    write_plain::<Person>(database, PEOPLE, ("id", id), None).await
}
