//! Fetching a live feed under the worker's rules: https to a public host
//! only, each of at most three redirects checked like the address, at most
//! `MAX_FEED_BYTES`, within 30 seconds. The messages are core's, the same
//! words the worker's import runs use.

use std::io::Read;
use std::time::{Duration, Instant};

use lantern_core::feed::address::{check_hop, FetchError, FetchPolicy, FETCH_TIMEOUT_SECONDS};
use lantern_core::feed::MAX_FEED_BYTES;
use reqwest::blocking::Client;
use reqwest::header::{ACCEPT, CONTENT_LENGTH, LOCATION};

/// Set to `1` by the tests, which serve feeds from 127.0.0.1 over plain
/// http; nothing else should set it.
pub const LOOPBACK_FOR_TESTS: &str = "LANTERN_FEED_ALLOW_LOOPBACK";

/// Whether the input names a web address rather than a file.
pub fn is_address(input: &str) -> bool {
    let lower = input.get(..8).unwrap_or(input).to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// The address rule: public https, unless the tests' switch is set.
pub fn policy() -> FetchPolicy {
    if std::env::var(LOOPBACK_FOR_TESTS).is_ok_and(|v| v == "1") {
        FetchPolicy::AlsoLoopbackForTests
    } else {
        FetchPolicy::Public
    }
}

/// Fetches the feed at `url`.
///
/// # Errors
///
/// A [`FetchError`] saying what went wrong and what to check.
pub fn fetch(url: &str, policy: FetchPolicy) -> Result<Vec<u8>, FetchError> {
    let timeout = Duration::from_secs(FETCH_TIMEOUT_SECONDS);
    let started = Instant::now();
    let timed_out = |url: &str| FetchError::TimedOut {
        url: url.to_owned(),
        seconds: FETCH_TIMEOUT_SECONDS,
    };
    let client = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(timeout)
        .user_agent("Lantern feed check (lantern-feed)")
        .build()
        .map_err(|e| FetchError::Unreachable {
            url: url.to_owned(),
            reason: e.to_string(),
        })?;
    let mut url = url.to_owned();
    let mut redirects = 0;
    let response = loop {
        check_hop(&url, redirects, policy)?;
        let left = timeout.saturating_sub(started.elapsed());
        let response = client
            .get(&url)
            .header(ACCEPT, "application/json, text/csv;q=0.9, */*;q=0.5")
            .timeout(left)
            .send()
            .map_err(|e| {
                if e.is_timeout() {
                    timed_out(&url)
                } else {
                    FetchError::Unreachable {
                        url: url.clone(),
                        reason: e.without_url().to_string(),
                    }
                }
            })?;
        if !response.status().is_redirection() {
            break response;
        }
        redirects += 1;
        let location = response
            .headers()
            .get(LOCATION)
            .and_then(|l| l.to_str().ok())
            .ok_or_else(|| FetchError::RedirectWithoutLocation { url: url.clone() })?
            .to_owned();
        url = reqwest::Url::parse(&url)
            .and_then(|base| base.join(&location))
            .map_err(|e| FetchError::BadRedirect {
                url: url.clone(),
                location: location.clone(),
                reason: e.to_string(),
            })?
            .to_string();
    };
    let status = response.status().as_u16();
    if !(200..300).contains(&status) {
        return Err(FetchError::Status { url, status });
    }
    let declared = response
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|n| n.to_str().ok()?.parse::<u64>().ok());
    let limit = u64::try_from(MAX_FEED_BYTES).unwrap_or(u64::MAX);
    if declared.is_some_and(|bytes| bytes > limit) {
        return Err(FetchError::TooLarge { declared });
    }
    let mut bytes = Vec::new();
    response
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            if started.elapsed() >= timeout {
                timed_out(&url)
            } else {
                FetchError::BrokeOff {
                    url: url.clone(),
                    reason: e.to_string(),
                }
            }
        })?;
    if bytes.len() > MAX_FEED_BYTES {
        return Err(FetchError::TooLarge { declared: None });
    }
    Ok(bytes)
}
