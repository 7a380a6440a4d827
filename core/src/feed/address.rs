//! Which feed addresses the worker may fetch. A feed carries join links:
//! fetched over plain http, anyone on the path could swap them. And the
//! worker must not be pointed at addresses that are not the public web
//! (its own machine, a private network by IP, credentials in the URL).

use std::fmt;

use crate::web_address::{self, WebAddressError};

/// The most redirects a fetch follows, each checked like the first address.
pub const MAX_REDIRECTS: usize = 3;

/// Which addresses may be fetched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FetchPolicy {
    /// Only `https://` on a host name, on the default port: production.
    Public,
    /// As `Public`, and also `http://127.0.0.1` or `http://localhost` on any
    /// port: only for tests that serve feeds from this machine.
    AlsoLoopbackForTests,
    /// Nothing is fetched (the feed was uploaded): an `http:` or `https:`
    /// address of any host is taken as it is.
    NotFetched,
}

/// Why a feed address is not fetched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeedUrlError {
    /// Not `https://`.
    NotHttps,
    /// No host, spaces or other characters a request cannot carry.
    Malformed,
    /// A user name or password in the address.
    Credentials,
    /// An IP address instead of a host name.
    IpAddress,
    /// This machine (`localhost`).
    Localhost,
    /// A port other than the default.
    Port,
}

impl fmt::Display for FeedUrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FeedUrlError::NotHttps => "a feed is fetched over https only, so nobody on the way can change its join links; use the https:// address",
            FeedUrlError::Malformed => "this is not a well-formed web address",
            FeedUrlError::Credentials => "the address holds a user name or password; give the feed's public address",
            FeedUrlError::IpAddress => "the address is an IP number; give the feed's host name, such as example.org",
            FeedUrlError::Localhost => "the address is this machine (localhost); give the feed's public address",
            FeedUrlError::Port => "the address names a port; give the feed's address on the standard https port",
        })
    }
}

impl std::error::Error for FeedUrlError {}

/// Checks a feed address (or a redirect's target) under `policy`.
///
/// ```
/// use lantern_core::feed::address::{check_feed_url, FeedUrlError, FetchPolicy::Public};
/// assert_eq!(check_feed_url("https://aa-intergroup.org/wp-json/meetings", Public), Ok(()));
/// assert_eq!(check_feed_url("http://aa-intergroup.org/feed", Public), Err(FeedUrlError::NotHttps));
/// assert_eq!(check_feed_url("https://127.0.0.1:9999/", Public), Err(FeedUrlError::IpAddress));
/// ```
pub fn check_feed_url(url: &str, policy: FetchPolicy) -> Result<(), FeedUrlError> {
    let address = web_address::split(url).map_err(|error| match error {
        WebAddressError::NotWeb => FeedUrlError::NotHttps,
        WebAddressError::Credentials => FeedUrlError::Credentials,
        WebAddressError::Malformed => FeedUrlError::Malformed,
    })?;
    let host = address.host.to_ascii_lowercase();
    let loopback = host == "localhost" || host == "127.0.0.1";
    match policy {
        FetchPolicy::NotFetched => return Ok(()),
        FetchPolicy::AlsoLoopbackForTests if loopback => return Ok(()),
        _ => {}
    }
    if !address.https {
        return Err(FeedUrlError::NotHttps);
    }
    if host == "localhost" || host.ends_with(".localhost") {
        return Err(FeedUrlError::Localhost);
    }
    if host.starts_with('[') || is_ipv4_like(&host) {
        return Err(FeedUrlError::IpAddress);
    }
    let name_ok = host.split('.').all(|label| {
        !label.is_empty()
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    });
    if !name_ok || !host.contains('.') {
        return Err(FeedUrlError::Malformed);
    }
    match address.port {
        None | Some("443") => Ok(()),
        Some(_) => Err(FeedUrlError::Port),
    }
}

/// Whether a host is written as an IPv4 address in any of the forms a URL
/// parser accepts (`127.0.0.1`, `2130706433`, `0x7f.1`): all labels
/// numeric, decimal or hex.
fn is_ipv4_like(host: &str) -> bool {
    host.split('.').all(|label| {
        !label.is_empty()
            && (label.bytes().all(|b| b.is_ascii_digit())
                || label
                    .strip_prefix("0x")
                    .is_some_and(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit())))
    })
}

/// How long a feed's server may take to send the whole feed.
pub const FETCH_TIMEOUT_SECONDS: u64 = 30;

/// Why a feed could not be fetched, in the same words from the worker and
/// from `lantern-feed`, so a volunteer's check reads like the worker's run.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FetchError {
    /// The feed has no address.
    NoAddress,
    /// The address, or a redirect's target, is not one that is fetched.
    Refused {
        /// The address refused.
        url: String,
        /// Whether it came from a redirect.
        redirected: bool,
        /// Why.
        reason: FeedUrlError,
    },
    /// More than [`MAX_REDIRECTS`] redirects.
    TooManyRedirects,
    /// A redirect without a `Location`.
    RedirectWithoutLocation {
        /// The address that redirected.
        url: String,
    },
    /// A redirect to something that is not an address.
    BadRedirect {
        /// The address that redirected.
        url: String,
        /// Where it said to go.
        location: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The request could not be made or answered.
    Unreachable {
        /// The address.
        url: String,
        /// What the network layer said.
        reason: String,
    },
    /// The server answered with an error status.
    Status {
        /// The address.
        url: String,
        /// The HTTP status.
        status: u16,
    },
    /// The feed is larger than [`MAX_FEED_BYTES`](super::MAX_FEED_BYTES)
    /// (its declared size, when the server said).
    TooLarge {
        /// The size the server declared.
        declared: Option<u64>,
    },
    /// The download stopped part way.
    BrokeOff {
        /// The address.
        url: String,
        /// What the network layer said.
        reason: String,
    },
    /// The whole feed did not arrive in time.
    TimedOut {
        /// The address.
        url: String,
        /// The time limit.
        seconds: u64,
    },
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let limit = super::MAX_FEED_BYTES;
        match self {
            FetchError::NoAddress => {
                f.write_str("the feed has no address to fetch; upload it instead")
            }
            FetchError::Refused {
                url,
                redirected: false,
                reason,
            } => write!(f, "the feed's address `{url}` is refused: {reason}"),
            FetchError::Refused { url, reason, .. } => write!(
                f,
                "the feed's address redirects to `{url}`, which is refused: {reason}"
            ),
            FetchError::TooManyRedirects => write!(
                f,
                "the feed's address redirects more than {MAX_REDIRECTS} times: give its final address"
            ),
            FetchError::RedirectWithoutLocation { url } => {
                write!(f, "{url} redirects without saying where")
            }
            FetchError::BadRedirect {
                url,
                location,
                reason,
            } => write!(
                f,
                "{url} redirects to `{location}`, which is not an address ({reason})"
            ),
            FetchError::Unreachable { url, reason } => {
                write!(f, "the feed could not be fetched from {url} ({reason})")
            }
            FetchError::Status { url, status } => write!(
                f,
                "the feed's server answered HTTP {status} for {url}: check the address"
            ),
            FetchError::TooLarge {
                declared: Some(bytes),
            } => write!(
                f,
                "the feed is {bytes} bytes, over the limit of {limit}: \
                 check that the address points at the meeting feed"
            ),
            FetchError::TooLarge { declared: None } => write!(
                f,
                "the feed is over the limit of {limit} bytes: \
                 check that the address points at the meeting feed"
            ),
            FetchError::BrokeOff { url, reason } => {
                write!(f, "the feed's download from {url} broke off ({reason})")
            }
            FetchError::TimedOut { url, seconds } => {
                write!(f, "the feed at {url} did not arrive within {seconds} seconds")
            }
        }
    }
}

impl std::error::Error for FetchError {}

/// Checks the address of a fetch's `redirects`-th hop (0: the feed's own
/// address) before it is fetched.
///
/// # Errors
///
/// [`FetchError::TooManyRedirects`] past [`MAX_REDIRECTS`], else
/// [`FetchError::Refused`] when [`check_feed_url`] refuses it.
pub fn check_hop(url: &str, redirects: usize, policy: FetchPolicy) -> Result<(), FetchError> {
    if redirects > MAX_REDIRECTS {
        return Err(FetchError::TooManyRedirects);
    }
    check_feed_url(url, policy).map_err(|reason| FetchError::Refused {
        url: url.to_owned(),
        redirected: redirects > 0,
        reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use FetchPolicy::{AlsoLoopbackForTests, NotFetched, Public};

    #[test]
    fn only_public_https_host_names_are_fetched() {
        for good in [
            "https://example.org/feed.json",
            "https://EXAMPLE.org/wp-admin/admin-ajax.php?action=meetings",
            "https://bmlt.example.org:443/main_server/client_interface/json/",
            "https://sub-domain.example.co.uk/x",
        ] {
            assert_eq!(check_feed_url(good, Public), Ok(()), "{good}");
        }
        let cases = [
            ("http://example.org/feed.json", FeedUrlError::NotHttps),
            ("ftp://example.org/feed.json", FeedUrlError::NotHttps),
            ("https://user:pw@example.org/", FeedUrlError::Credentials),
            (
                "https://example.org@evil.example/",
                FeedUrlError::Credentials,
            ),
            ("https://127.0.0.1/feed", FeedUrlError::IpAddress),
            ("https://10.0.0.8/feed", FeedUrlError::IpAddress),
            ("https://2130706433/feed", FeedUrlError::IpAddress),
            ("https://0x7f.1/feed", FeedUrlError::IpAddress),
            ("https://[::1]/feed", FeedUrlError::IpAddress),
            ("https://localhost/feed", FeedUrlError::Localhost),
            ("https://admin.localhost/feed", FeedUrlError::Localhost),
            ("https://example.org:8443/feed", FeedUrlError::Port),
            ("https://example.org:/feed", FeedUrlError::Malformed),
            ("https:///feed", FeedUrlError::Malformed),
            ("https://exa mple.org/", FeedUrlError::Malformed),
            ("https://example.org\\@evil/", FeedUrlError::Malformed),
            ("https://intranet/feed", FeedUrlError::Malformed),
            ("http://127.0.0.1:9999/", FeedUrlError::NotHttps),
        ];
        for (url, expected) in cases {
            assert_eq!(check_feed_url(url, Public), Err(expected), "{url}");
        }
    }

    #[test]
    fn tests_may_fetch_from_this_machine_and_nothing_else_more() {
        assert_eq!(
            check_feed_url("http://127.0.0.1:9999/club.json", AlsoLoopbackForTests),
            Ok(())
        );
        assert_eq!(
            check_feed_url("http://localhost:8080/x", AlsoLoopbackForTests),
            Ok(())
        );
        assert_eq!(
            check_feed_url("http://example.org/x", AlsoLoopbackForTests),
            Err(FeedUrlError::NotHttps)
        );
        assert_eq!(
            check_feed_url("http://10.0.0.8:80/x", AlsoLoopbackForTests),
            Err(FeedUrlError::NotHttps)
        );
        // An uploaded feed's address is kept, not fetched.
        assert_eq!(check_feed_url("http://10.0.0.8:80/x", NotFetched), Ok(()));
        assert_eq!(
            check_feed_url("javascript:x", NotFetched),
            Err(FeedUrlError::NotHttps)
        );
    }
}
