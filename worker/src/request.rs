//! Small pieces every handler uses: reading the query, answering JSON.

use lantern_core::ShardId;
use worker::{Response, Result};

use crate::error::ApiError;

/// Answers with the value as JSON, or with the error's JSON.
pub fn respond<T: serde::Serialize>(result: std::result::Result<T, ApiError>) -> Result<Response> {
    match result {
        Ok(value) => Response::from_json(&value),
        Err(error) => error.into_response(),
    }
}

/// A query parameter's value, if given.
pub fn query_param(url: &worker::Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

/// The `shard` query parameter, validated.
pub fn shard_param(url: &worker::Url) -> std::result::Result<ShardId, ApiError> {
    let name = query_param(url, "shard").unwrap_or_default();
    ShardId::parse(&name).map_err(|e| ApiError::BadParameter {
        name: "shard",
        message: e.to_string(),
    })
}
