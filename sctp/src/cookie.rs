//! The State Cookie (RFC 9260 §5.1.3): everything needed to build the TCB when the COOKIE ECHO
//! comes back, signed with HMAC-SHA256 so that the endpoint keeps no state for an INIT.
//!
//! Layout (all big-endian): version (1), created (u64 ms since the endpoint's epoch), life (u32
//! ms), local tag, peer tag, local initial TSN, peer initial TSN, peer a_rwnd, outbound streams
//! (u16), inbound streams (u16), local port, peer port, local tie-tag, peer tie-tag, address
//! count (u8) and per address a family octet (4 or 6) and the address; then the 32-octet MAC over
//! all of the above.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use bytes::{Buf, BufMut, Bytes};
use hmac::{Hmac, Mac};
use sha2::Sha256;

const VERSION: u8 = 1;
const MAC_LEN: usize = 32;
/// At most this many peer addresses are kept (a multi-homed peer's INIT may list more).
pub(crate) const MAX_PEER_ADDRESSES: usize = 8;

/// The TCB parts carried in the cookie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cookie {
    pub(crate) created_ms: u64,
    pub(crate) life_ms: u32,
    pub(crate) local_tag: u32,
    pub(crate) peer_tag: u32,
    pub(crate) local_initial_tsn: u32,
    pub(crate) peer_initial_tsn: u32,
    pub(crate) peer_rwnd: u32,
    pub(crate) outbound_streams: u16,
    pub(crate) inbound_streams: u16,
    pub(crate) local_port: u16,
    pub(crate) peer_port: u16,
    pub(crate) local_tie_tag: u32,
    pub(crate) peer_tie_tag: u32,
    pub(crate) peer_addresses: Vec<IpAddr>,
}

/// Why a cookie was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CookieError {
    /// Malformed or the MAC does not match: discard silently (§5.1.5 step 1).
    Invalid,
    /// Older than its life span (§5.1.5 step 3): answer with a Stale Cookie error, sent with
    /// the peer's tag from the cookie.
    Stale { staleness_us: u32, peer_tag: u32 },
}

type HmacSha256 = Hmac<Sha256>;

impl Cookie {
    pub(crate) fn sign(&self, secret: &[u8; 32]) -> Bytes {
        let mut buf = Vec::with_capacity(56 + 17 * self.peer_addresses.len() + MAC_LEN);
        buf.put_u8(VERSION);
        buf.put_u64(self.created_ms);
        buf.put_u32(self.life_ms);
        buf.put_u32(self.local_tag);
        buf.put_u32(self.peer_tag);
        buf.put_u32(self.local_initial_tsn);
        buf.put_u32(self.peer_initial_tsn);
        buf.put_u32(self.peer_rwnd);
        buf.put_u16(self.outbound_streams);
        buf.put_u16(self.inbound_streams);
        buf.put_u16(self.local_port);
        buf.put_u16(self.peer_port);
        buf.put_u32(self.local_tie_tag);
        buf.put_u32(self.peer_tie_tag);
        let addrs = &self.peer_addresses[..self.peer_addresses.len().min(MAX_PEER_ADDRESSES)];
        buf.put_u8(addrs.len() as u8);
        for a in addrs {
            match a {
                IpAddr::V4(v4) => {
                    buf.put_u8(4);
                    buf.put_slice(&v4.octets());
                }
                IpAddr::V6(v6) => {
                    buf.put_u8(6);
                    buf.put_slice(&v6.octets());
                }
            }
        }
        let mac = mac(secret, &buf);
        buf.extend_from_slice(&mac);
        buf.into()
    }

    /// Checks the MAC, then the life span against `now_ms` (§5.1.5).
    pub(crate) fn verify(secret: &[u8; 32], raw: &[u8], now_ms: u64) -> Result<Self, CookieError> {
        if raw.len() < MAC_LEN + 1 {
            return Err(CookieError::Invalid);
        }
        let (body, tag) = raw.split_at(raw.len() - MAC_LEN);
        let mut m =
            <HmacSha256 as Mac>::new_from_slice(secret).map_err(|_| CookieError::Invalid)?;
        m.update(body);
        // Constant-time comparison (hmac's verify_slice).
        m.verify_slice(tag).map_err(|_| CookieError::Invalid)?;
        let cookie = Self::parse(body).ok_or(CookieError::Invalid)?;
        let expires = cookie.created_ms.saturating_add(u64::from(cookie.life_ms));
        if now_ms > expires {
            let staleness_us = (now_ms - expires)
                .saturating_mul(1000)
                .min(u64::from(u32::MAX));
            return Err(CookieError::Stale {
                staleness_us: staleness_us as u32,
                peer_tag: cookie.peer_tag,
            });
        }
        Ok(cookie)
    }

    fn parse(mut b: &[u8]) -> Option<Self> {
        if b.remaining() < 54 || b.get_u8() != VERSION {
            return None;
        }
        let mut c = Self {
            created_ms: b.get_u64(),
            life_ms: b.get_u32(),
            local_tag: b.get_u32(),
            peer_tag: b.get_u32(),
            local_initial_tsn: b.get_u32(),
            peer_initial_tsn: b.get_u32(),
            peer_rwnd: b.get_u32(),
            outbound_streams: b.get_u16(),
            inbound_streams: b.get_u16(),
            local_port: b.get_u16(),
            peer_port: b.get_u16(),
            local_tie_tag: b.get_u32(),
            peer_tie_tag: b.get_u32(),
            peer_addresses: Vec::new(),
        };
        let n = usize::from(b.get_u8()).min(MAX_PEER_ADDRESSES);
        for _ in 0..n {
            if !b.has_remaining() {
                return None;
            }
            match b.get_u8() {
                4 if b.remaining() >= 4 => {
                    let mut o = [0; 4];
                    b.copy_to_slice(&mut o);
                    c.peer_addresses.push(IpAddr::V4(Ipv4Addr::from(o)));
                }
                6 if b.remaining() >= 16 => {
                    let mut o = [0; 16];
                    b.copy_to_slice(&mut o);
                    c.peer_addresses.push(IpAddr::V6(Ipv6Addr::from(o)));
                }
                _ => return None,
            }
        }
        Some(c)
    }
}

fn mac(secret: &[u8; 32], body: &[u8]) -> [u8; MAC_LEN] {
    // HMAC accepts keys of any length: new_from_slice cannot fail here.
    let mut m = <HmacSha256 as Mac>::new_from_slice(secret).unwrap_or_else(|_| unreachable!());
    m.update(body);
    m.finalize().into_bytes().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Cookie {
        Cookie {
            created_ms: 1000,
            life_ms: 60_000,
            local_tag: 1,
            peer_tag: 2,
            local_initial_tsn: 3,
            peer_initial_tsn: 4,
            peer_rwnd: 5,
            outbound_streams: 6,
            inbound_streams: 7,
            local_port: 8,
            peer_port: 9,
            local_tie_tag: 10,
            peer_tie_tag: 11,
            peer_addresses: vec!["10.0.0.1".parse().unwrap(), "::1".parse().unwrap()],
        }
    }

    #[test]
    fn sign_verify() {
        let secret = [7; 32];
        let raw = sample().sign(&secret);
        assert_eq!(Cookie::verify(&secret, &raw, 2000).unwrap(), sample());
        assert_eq!(
            Cookie::verify(&[8; 32], &raw, 2000),
            Err(CookieError::Invalid)
        );
        assert_eq!(
            Cookie::verify(&secret, &raw, 61_002),
            Err(CookieError::Stale {
                staleness_us: 2000,
                peer_tag: 2
            })
        );
        for i in 0..raw.len() {
            let mut bad = raw.to_vec();
            bad[i] ^= 0x10;
            assert_eq!(
                Cookie::verify(&secret, &bad, 2000),
                Err(CookieError::Invalid),
                "octet {i}"
            );
        }
        for len in 0..raw.len() {
            assert!(Cookie::verify(&secret, &raw[..len], 2000).is_err());
        }
    }
}
