//! Encryption at rest and the blind index.
//!
//! - Real numbers are sealed with AES-256-GCM (NIST SP 800-38D). A sealed
//!   value carries the id of the key that sealed it, so keys can rotate: add a
//!   new key, make it current, run [`crate::Store::reencrypt`], then drop the
//!   old key from the key file.
//! - Nonces are 96 bits from the operating system's random source (SP 800-38D
//!   §8.2.2, RBG-based construction). Under one key that allows 2³² seals;
//!   rotate keys well before that (a re-encrypt reseals everything).
//! - Every seal binds associated data naming where the value lives (the
//!   number record and field, or the call id), so a ciphertext moved to
//!   another record does not open.
//! - The blind index is HMAC-SHA256 under its own key, truncated to 128 bits:
//!   the reverse lookup key for a real number, never the clear number.
//!
//! Key material comes from a key file or an environment variable holding the
//! same text ([`KeyRing::parse`]).

use std::fmt;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::error::CryptoError;

/// Size of a blind index entry.
pub const BLIND_LEN: usize = 16;
/// A blind index value: HMAC-SHA256(blind key, national digits)\[..16\].
pub type BlindIndex = [u8; BLIND_LEN];

/// A sealed (encrypted) value as stored: key id, nonce, ciphertext ‖ tag.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Sealed {
    /// The id of the key that sealed it.
    pub key_id: u16,
    /// The 96-bit GCM nonce.
    pub nonce: [u8; 12],
    /// Ciphertext followed by the 128-bit tag.
    pub ciphertext: Vec<u8>,
}

impl fmt::Debug for Sealed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Sealed(key {}, {} bytes)",
            self.key_id,
            self.ciphertext.len()
        )
    }
}

/// The store's keys: AES-256-GCM keys by id (one current) and the blind-index
/// HMAC key. `Debug` never prints key material.
#[derive(Clone)]
pub struct KeyRing {
    aes: Vec<(u16, Aes256Gcm)>,
    current: u16,
    blind: Hmac<Sha256>,
}

impl fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ids: Vec<u16> = self.aes.iter().map(|(id, _)| *id).collect();
        write!(f, "KeyRing(current {}, ids {:?})", self.current, ids)
    }
}

impl KeyRing {
    /// Environment variable read by [`KeyRing::from_env`].
    pub const ENV: &'static str = "VNS_STORE_KEYS";

    /// A key ring with one AES key (current) and the blind-index key.
    pub fn new(key_id: u16, aes_key: &[u8; 32], blind_key: &[u8; 32]) -> Self {
        Self {
            aes: vec![(key_id, Aes256Gcm::new(aes_key.into()))],
            current: key_id,
            blind: <Hmac<Sha256> as KeyInit>::new_from_slice(blind_key)
                .expect("HMAC takes keys of any length"),
        }
    }

    /// Adds a key (or replaces the key with the same id).
    pub fn add_key(&mut self, key_id: u16, aes_key: &[u8; 32]) {
        self.aes.retain(|(id, _)| *id != key_id);
        self.aes.push((key_id, Aes256Gcm::new(aes_key.into())));
    }

    /// Makes `key_id` the key new seals use.
    pub fn set_current(&mut self, key_id: u16) -> Result<(), CryptoError> {
        if !self.aes.iter().any(|(id, _)| *id == key_id) {
            return Err(CryptoError::UnknownKeyId(key_id));
        }
        self.current = key_id;
        Ok(())
    }

    /// The id new seals use.
    pub fn current(&self) -> u16 {
        self.current
    }

    /// Parses key text: one directive per line (or per `;`), `#` comments:
    ///
    /// ```text
    /// aes 1 <64 hex digits>     # an AES-256-GCM key and its id (0–65535)
    /// aes 2 <64 hex digits>
    /// current 2                 # the key new seals use (default: the last aes line)
    /// blind <64 hex digits>     # the HMAC-SHA256 blind-index key (required)
    /// ```
    pub fn parse(text: &str) -> Result<Self, CryptoError> {
        let bad = |m: &str| CryptoError::BadKey(m.to_owned());
        let hex32 = |s: &str| -> Result<[u8; 32], CryptoError> {
            let v = hex::decode(s).map_err(|_| bad("key is not hex"))?;
            v.try_into().map_err(|_| bad("key is not 32 bytes"))
        };
        let mut aes: Vec<(u16, [u8; 32])> = Vec::new();
        let mut current = None;
        let mut blind = None;
        for line in text.split([';', '\n']) {
            let line = line.split('#').next().unwrap_or("").trim();
            let words: Vec<&str> = line.split_whitespace().collect();
            match words.as_slice() {
                [] => {}
                ["aes", id, key] => {
                    let id = id.parse().map_err(|_| bad("bad key id"))?;
                    aes.push((id, hex32(key)?));
                }
                ["current", id] => current = Some(id.parse().map_err(|_| bad("bad key id"))?),
                ["blind", key] => blind = Some(hex32(key)?),
                _ => return Err(bad("unknown directive")),
            }
        }
        let blind = blind.ok_or_else(|| bad("no blind key"))?;
        let (first_id, first_key) = *aes.last().ok_or_else(|| bad("no aes key"))?;
        let mut ring = Self::new(first_id, &first_key, &blind);
        for (id, key) in &aes {
            ring.add_key(*id, key);
        }
        ring.set_current(current.unwrap_or(first_id))?;
        Ok(ring)
    }

    /// Reads [`KeyRing::parse`] text from a file.
    pub fn from_file(path: &std::path::Path) -> Result<Self, CryptoError> {
        Self::parse(&std::fs::read_to_string(path)?)
    }

    /// Reads [`KeyRing::parse`] text from the environment variable [`KeyRing::ENV`].
    pub fn from_env() -> Result<Self, CryptoError> {
        let text = std::env::var(Self::ENV)
            .map_err(|_| CryptoError::BadKey(format!("{} unset", Self::ENV)))?;
        Self::parse(&text)
    }

    /// A fresh random key ring (tests, first installation). The text form is
    /// returned too so that it can be written to a key file.
    pub fn generate(key_id: u16) -> Result<(Self, String), CryptoError> {
        let mut k = [0u8; 32];
        let mut b = [0u8; 32];
        getrandom::fill(&mut k).map_err(|_| CryptoError::Random)?;
        getrandom::fill(&mut b).map_err(|_| CryptoError::Random)?;
        let text = format!(
            "aes {key_id} {}\nblind {}\n",
            hex::encode(k),
            hex::encode(b)
        );
        Ok((Self::new(key_id, &k, &b), text))
    }

    fn cipher(&self, key_id: u16) -> Result<&Aes256Gcm, CryptoError> {
        self.aes
            .iter()
            .find(|(id, _)| *id == key_id)
            .map(|(_, c)| c)
            .ok_or(CryptoError::UnknownKeyId(key_id))
    }

    /// Seals `plain` under the current key, binding `aad`.
    pub fn seal(&self, plain: &[u8], aad: &[u8]) -> Result<Sealed, CryptoError> {
        let mut nonce = [0u8; 12];
        getrandom::fill(&mut nonce).map_err(|_| CryptoError::Random)?;
        let ciphertext = self
            .cipher(self.current)?
            .encrypt(&Nonce::from(nonce), Payload { msg: plain, aad })
            .map_err(|_| CryptoError::Decrypt)?;
        Ok(Sealed {
            key_id: self.current,
            nonce,
            ciphertext,
        })
    }

    /// Opens a sealed value; fails unless `aad` is the one it was sealed with.
    pub fn open(&self, sealed: &Sealed, aad: &[u8]) -> Result<Vec<u8>, CryptoError> {
        self.cipher(sealed.key_id)?
            .decrypt(
                &Nonce::from(sealed.nonce),
                Payload {
                    msg: &sealed.ciphertext,
                    aad,
                },
            )
            .map_err(|_| CryptoError::Decrypt)
    }

    /// The blind index of a number's national digits.
    pub fn blind(&self, digits: &str) -> BlindIndex {
        let mut mac = self.blind.clone();
        mac.update(digits.as_bytes());
        let full = mac.finalize().into_bytes();
        let mut out = [0u8; BLIND_LEN];
        out.copy_from_slice(&full[..BLIND_LEN]);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring() -> KeyRing {
        KeyRing::new(1, &[7; 32], &[9; 32])
    }

    #[test]
    fn seal_open_round_trip_and_context_binding() {
        let r = ring();
        let s = r.seal(b"01012345678", b"ctx").unwrap();
        assert_eq!(s.key_id, 1);
        assert_eq!(s.ciphertext.len(), 11 + 16);
        assert!(!s.ciphertext.windows(11).any(|w| w == b"01012345678"));
        assert_eq!(r.open(&s, b"ctx").unwrap(), b"01012345678");
        assert!(matches!(r.open(&s, b"other"), Err(CryptoError::Decrypt)));
        let mut t = s.clone();
        t.ciphertext[0] ^= 1;
        assert!(matches!(r.open(&t, b"ctx"), Err(CryptoError::Decrypt)));
        t.key_id = 5;
        assert!(matches!(
            r.open(&t, b"ctx"),
            Err(CryptoError::UnknownKeyId(5))
        ));
        // Fresh nonce per seal.
        assert_ne!(
            r.seal(b"x", b"").unwrap().nonce,
            r.seal(b"x", b"").unwrap().nonce
        );
    }

    #[test]
    fn rotation_keeps_old_values_readable() {
        let mut r = ring();
        let old = r.seal(b"a", b"").unwrap();
        r.add_key(2, &[3; 32]);
        r.set_current(2).unwrap();
        assert_eq!(r.seal(b"a", b"").unwrap().key_id, 2);
        assert_eq!(r.open(&old, b"").unwrap(), b"a");
        assert!(r.set_current(9).is_err());
    }

    #[test]
    fn blind_index_is_keyed() {
        let a = ring();
        let b = KeyRing::new(1, &[7; 32], &[8; 32]);
        assert_eq!(a.blind("01012345678"), a.blind("01012345678"));
        assert_ne!(a.blind("01012345678"), a.blind("01012345679"));
        assert_ne!(a.blind("01012345678"), b.blind("01012345678"));
    }

    #[test]
    fn parse_key_text() {
        let text = format!(
            "# keys\naes 1 {}\naes 2 {} ; current 1\nblind {}\n",
            "11".repeat(32),
            "22".repeat(32),
            "33".repeat(32)
        );
        let r = KeyRing::parse(&text).unwrap();
        assert_eq!(r.current(), 1);
        assert!(!format!("{r:?}").contains("1111"));
        assert!(KeyRing::parse("aes 1 00").is_err());
        assert!(KeyRing::parse(&format!("aes 1 {}", "11".repeat(32))).is_err());
        assert!(KeyRing::parse("bogus").is_err());
        let (g, text) = KeyRing::generate(4).unwrap();
        let again = KeyRing::parse(&text).unwrap();
        let s = g.seal(b"z", b"").unwrap();
        assert_eq!(again.open(&s, b"").unwrap(), b"z");
    }
}
