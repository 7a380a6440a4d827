//! The one reading of a web address that every check builds on: join links
//! ([`JoinUrl`](crate::meeting::JoinUrl)), feed addresses
//! ([`check_feed_url`](crate::feed::address::check_feed_url)) and the
//! web pages of contacts. Each adds its own rules (https only, public
//! hosts) on top of the same parts, so a trick that fools one cannot slip
//! past another.

/// The longest web address accepted anywhere.
pub(crate) const MAX_LEN: usize = 2048;

/// An absolute `http:` or `https:` address, split into the parts the
/// checks look at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct WebAddress<'a> {
    /// Whether the scheme is `https` (any case).
    pub https: bool,
    /// The host as written (an IPv6 literal keeps its brackets).
    pub host: &'a str,
    /// The port, when one is written: digits only.
    pub port: Option<&'a str>,
    /// Everything after the scheme's `:`.
    pub after_scheme: &'a str,
}

/// Why text is not a web address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WebAddressError {
    /// Not `http:` or `https:` (`javascript:`, `data:`, no scheme at all).
    NotWeb,
    /// A user name or password before the host.
    Credentials,
    /// No host, a port that is not a number, white space, control
    /// characters or a backslash (which browsers read as `/`, so
    /// `https://evil.example\.zoom.us` would go to evil.example), or longer
    /// than [`MAX_LEN`].
    Malformed,
}

/// Splits `text` (already trimmed) into a [`WebAddress`].
pub(crate) fn split(text: &str) -> Result<WebAddress<'_>, WebAddressError> {
    if text.len() > MAX_LEN
        || text
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
    {
        return Err(WebAddressError::Malformed);
    }
    let (scheme, after_scheme) = text.split_once(':').ok_or(WebAddressError::NotWeb)?;
    let https = scheme.eq_ignore_ascii_case("https");
    if !https && !scheme.eq_ignore_ascii_case("http") {
        return Err(WebAddressError::NotWeb);
    }
    let rest = after_scheme
        .strip_prefix("//")
        .ok_or(WebAddressError::Malformed)?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return Err(WebAddressError::Credentials);
    }
    let (host, port) = split_port(authority).ok_or(WebAddressError::Malformed)?;
    if host.is_empty() {
        return Err(WebAddressError::Malformed);
    }
    Ok(WebAddress {
        https,
        host,
        port,
        after_scheme,
    })
}

/// `host` and the port after `:`, if any; an IPv6 literal keeps its
/// brackets. `None` when the port is empty or not a number.
fn split_port(authority: &str) -> Option<(&str, Option<&str>)> {
    let (host, port) = if authority.starts_with('[') {
        let end = authority.find(']')? + 1;
        let (host, after) = authority.split_at(end);
        (host, after.strip_prefix(':'))
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    match port {
        Some(p) if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) => None,
        _ => Some((host, port)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use WebAddressError::*;

    #[test]
    fn splits_what_every_check_reads() {
        let address = split("HTTPS://Zoom.us:443/j/1?pwd=x#top").unwrap();
        assert_eq!(
            (address.https, address.host, address.port),
            (true, "Zoom.us", Some("443"))
        );
        assert_eq!(address.after_scheme, "//Zoom.us:443/j/1?pwd=x#top");
        let v6 = split("http://[::1]:8080/").unwrap();
        assert_eq!((v6.https, v6.host, v6.port), (false, "[::1]", Some("8080")));
    }

    #[test]
    fn refuses_what_would_mislead_a_reader() {
        for (text, error) in [
            ("javascript:alert(1)", NotWeb),
            ("zoom.us/j/1", NotWeb),
            ("https:zoom.us", Malformed),
            ("https://", Malformed),
            ("https://:443/", Malformed),
            ("https://zoom.us:/j", Malformed),
            ("https://zoom.us:44a/j", Malformed),
            ("https://evil.example\\.zoom.us/j", Malformed),
            ("https://zoom.us/j/1 2", Malformed),
            ("https://zoom.us/\u{0}", Malformed),
            ("https://me:pw@zoom.us/j", Credentials),
        ] {
            assert_eq!(split(text), Err(error), "{text}");
        }
        let long = format!("https://zoom.us/{}", "x".repeat(MAX_LEN));
        assert_eq!(split(&long), Err(Malformed));
    }
}
