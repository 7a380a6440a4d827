//! Fingerprints: of stored meetings, to spot changes, and of client
//! addresses, to count reports without keeping the address.

use std::net::IpAddr;

use sha2::{Digest, Sha256};

/// A short fingerprint of some text (128 bits of SHA-256, as hex): of a
/// stored meeting's JSON, so an import can tell changed meetings without
/// reading them back, and of tokens, to compare them in constant time.
pub fn content_hash(data: &str) -> String {
    let digest = Sha256::digest(data.as_bytes());
    hex(digest.get(..16).unwrap_or(&digest))
}

/// The key under which one client's reports are counted in one hour: a
/// SHA-256 of a secret key, the address and the hour. Without the key the
/// address cannot be recovered by trying every address, and the same client
/// gets an unrelated key each hour.
pub fn client_key(secret: &str, address: &str, hour: i64) -> String {
    let mut hasher = Sha256::new();
    // Each part is length-prefixed so no two inputs run together the same way.
    for part in [secret, address, &hour.to_string()] {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    hex(&hasher.finalize())
}

/// The part of a client's address that identifies one subscriber: the
/// whole IPv4 address, or the /64 network of an IPv6 address (one home or
/// phone gets a whole /64 and may use any address in it). Anything else is
/// kept as it is.
pub fn client_network(address: &str) -> String {
    match ip(address) {
        Some(IpAddr::V6(v6)) => {
            let [a, b, c, d, ..] = v6.segments();
            format!("{a:x}:{b:x}:{c:x}:{d:x}::/64")
        }
        Some(IpAddr::V4(v4)) => v4.to_string(),
        None => address.to_owned(),
    }
}

/// The wider network a client's address belongs to, which one party may
/// hold many subscribers' worth of: the /48 of an IPv6 address (65,536
/// /64s), the /24 of an IPv4 one. Reports are limited per wider network
/// too, so that one party cannot flood by moving between addresses.
///
/// ```
/// use lantern_core::digest::client_wide_network;
/// assert_eq!(client_wide_network("2001:db8:1:2:3::1"), "2001:db8:1::/48");
/// assert_eq!(client_wide_network("203.0.113.57"), "203.0.113.0/24");
/// ```
pub fn client_wide_network(address: &str) -> String {
    match ip(address) {
        Some(IpAddr::V6(v6)) => {
            let [a, b, c, ..] = v6.segments();
            format!("{a:x}:{b:x}:{c:x}::/48")
        }
        Some(IpAddr::V4(v4)) => {
            let [a, b, c, _] = v4.octets();
            format!("{a}.{b}.{c}.0/24")
        }
        None => address.to_owned(),
    }
}

/// An address as sent, with IPv4 addresses written in IPv6 form
/// (`::ffff:203.0.113.7`) as the IPv4 address they are.
fn ip(address: &str) -> Option<IpAddr> {
    match address.trim().parse::<IpAddr>().ok()? {
        IpAddr::V6(v6) => Some(v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4)),
        v4 => Some(v4),
    }
}

/// Lower-case hex of some bytes.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        // Writing to a String cannot fail.
        let _ = write!(text, "{byte:02x}");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_hash_is_the_start_of_sha256() {
        assert_eq!(content_hash("abc"), "ba7816bf8f01cfea414140de5dae2223");
        assert_eq!(hex(&[0, 15, 255]), "000fff");
    }

    #[test]
    fn client_keys_differ_by_secret_address_and_hour() {
        let key = client_key("secret", "192.0.2.1", 100);
        assert_eq!(key.len(), 64);
        assert_eq!(key, client_key("secret", "192.0.2.1", 100));
        assert_ne!(key, client_key("other", "192.0.2.1", 100));
        assert_ne!(key, client_key("secret", "192.0.2.2", 100));
        assert_ne!(key, client_key("secret", "192.0.2.1", 101));
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_64_bit_network() {
        assert_eq!(
            client_network("2001:db8:1:2:aaaa::1"),
            client_network("2001:db8:1:2:bbbb::9")
        );
        assert_ne!(
            client_network("2001:db8:1:2::1"),
            client_network("2001:db8:1:3::1")
        );
        assert_eq!(client_network("192.0.2.7"), "192.0.2.7");
        assert_eq!(client_network("::ffff:192.0.2.7"), "192.0.2.7");
        assert_ne!(
            client_network("::ffff:192.0.2.7"),
            client_network("::ffff:192.0.2.8")
        );
        assert_eq!(client_network("unknown"), "unknown");
    }
}
