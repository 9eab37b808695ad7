//! Global title address signals (Q.713 §3.4.2.3.1).

use core::fmt;
use core::str::FromStr;

use bytes::BufMut;

use crate::error::DigitsError;

/// The characters used for the sixteen BCD nibble values, index = nibble.
const ALPHABET: &[u8; 16] = b"0123456789ABCDEF";

/// Address signals of a global title: one character per BCD nibble.
///
/// Q.713 §3.4.2.3.1 codes digits 0–9 as `0000`–`1001`, `1011` as code 11, `1100` as code 12,
/// `1111` as ST and leaves `1010`, `1101`, `1110` spare. This type maps every nibble to a
/// character, so any nibble round-trips:
///
/// | nibble | 0–9 | `1010` | `1011` (code 11) | `1100` (code 12) | `1101` | `1110` | `1111` (ST) |
/// |---|---|---|---|---|---|---|---|
/// | char | `0`–`9` | `A` | `B` | `C` | `D` | `E` | `F` |
///
/// Parsing accepts `a`–`f` as well and stores them upper case. The filler of an odd number of
/// digits is not a digit: it is dropped on decoding and written as `0000`. (Wireshark 4.0 shows
/// the same nibbles as `11`, `12`, `ST` and `(spare)` in `sccp.called.digits`; only `0`–`9`
/// read the same in both.)
#[derive(Clone, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(transparent))]
pub struct Digits(String);

impl Digits {
    /// Digits from text of `0`–`9`, `A`–`F` (or `a`–`f`).
    pub fn new(text: &str) -> Result<Self, DigitsError> {
        let mut digits = String::with_capacity(text.len());
        for (position, character) in text.chars().enumerate() {
            match character {
                '0'..='9' | 'A'..='F' => digits.push(character),
                'a'..='f' => digits.push(character.to_ascii_uppercase()),
                _ => {
                    return Err(DigitsError::InvalidCharacter {
                        position,
                        character,
                    });
                }
            }
        }
        Ok(Self(digits))
    }

    /// Digits from nibble values; only the low four bits of each value are used.
    pub fn from_nibbles(nibbles: impl IntoIterator<Item = u8>) -> Self {
        Self(
            nibbles
                .into_iter()
                .map(|n| char::from(ALPHABET[usize::from(n & 0x0f)]))
                .collect(),
        )
    }

    /// The digits as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number of digits (nibbles).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// No digits at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// An odd number of digits (the BCD coding then ends with a filler nibble).
    pub fn is_odd(&self) -> bool {
        self.0.len() % 2 == 1
    }

    /// The nibble values, in order.
    pub fn nibbles(&self) -> impl Iterator<Item = u8> + '_ {
        self.0.bytes().map(nibble_of)
    }

    /// Decodes BCD octets, first digit in the low nibble (Q.713 §3.4.2.3.1). When `odd`, the high
    /// nibble of the last octet is filler and dropped. The caller ensures `odd` implies at least
    /// one octet.
    pub(crate) fn from_bcd(octets: &[u8], odd: bool) -> Self {
        let mut digits = String::with_capacity(octets.len() * 2);
        for octet in octets {
            digits.push(char::from(ALPHABET[usize::from(octet & 0x0f)]));
            digits.push(char::from(ALPHABET[usize::from(octet >> 4)]));
        }
        if odd {
            digits.pop();
        }
        Self(digits)
    }

    /// The number of octets the BCD coding takes.
    pub(crate) fn bcd_len(&self) -> usize {
        self.0.len().div_ceil(2)
    }

    /// Writes the BCD coding, with a `0000` filler after an odd number of digits.
    pub(crate) fn write_bcd(&self, out: &mut impl BufMut) {
        let bytes = self.0.as_bytes();
        for pair in bytes.chunks(2) {
            let low = pair.first().copied().map_or(0, nibble_of);
            let high = pair.get(1).copied().map_or(0, nibble_of);
            out.put_u8(low | (high << 4));
        }
    }
}

/// The nibble of one of [`ALPHABET`]'s characters (the only ones a `Digits` holds).
fn nibble_of(character: u8) -> u8 {
    match character {
        b'0'..=b'9' => character - b'0',
        b'A'..=b'F' => character - b'A' + 10,
        // Not reachable: `Digits` only ever holds ALPHABET characters.
        _ => 0,
    }
}

impl FromStr for Digits {
    type Err = DigitsError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

impl TryFrom<&str> for Digits {
    type Error = DigitsError;

    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Self::new(s)
    }
}

impl AsRef<str> for Digits {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for Digits {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Digits {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl fmt::Debug for Digits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Digits({:?})", self.0)
    }
}

impl fmt::Display for Digits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bcd_round_trip_odd_and_even() {
        let d = Digits::new("8250412345678").unwrap();
        let mut out = Vec::new();
        d.write_bcd(&mut out);
        assert_eq!(out, [0x28, 0x05, 0x14, 0x32, 0x54, 0x76, 0x08]);
        assert_eq!(Digits::from_bcd(&out, true), d);

        let d = Digits::new("821099990000").unwrap();
        let mut out = Vec::new();
        d.write_bcd(&mut out);
        assert_eq!(out, [0x28, 0x01, 0x99, 0x99, 0x00, 0x00]);
        assert_eq!(Digits::from_bcd(&out, false), d);
    }

    #[test]
    fn every_nibble_round_trips() {
        let all: Vec<u8> = (0..=255).collect();
        let d = Digits::from_bcd(&all, false);
        assert_eq!(d.len(), 512);
        let mut out = Vec::new();
        d.write_bcd(&mut out);
        assert_eq!(out, all);
        assert_eq!(Digits::from_nibbles([0xb, 0xc, 0xf]).as_str(), "BCF");
        assert_eq!(
            Digits::new("12*"),
            Err(DigitsError::InvalidCharacter {
                position: 2,
                character: '*'
            })
        );
        assert_eq!(Digits::new("ab").unwrap(), "AB");
        assert_eq!(
            Digits::new("1F").unwrap().nibbles().collect::<Vec<_>>(),
            [1, 15]
        );
    }
}
