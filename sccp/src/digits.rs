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
///
/// Up to [`Digits::INLINE`] digits (every E.164 and E.214 global title) are held inline, without a
/// heap allocation: decoding an address and swapping it into an answer allocate nothing.
#[derive(Clone, Default)]
pub struct Digits(Text);

/// ASCII text from [`ALPHABET`], inline when short.
#[derive(Clone)]
enum Text {
    Inline { len: u8, buf: [u8; Digits::INLINE] },
    Heap(Box<str>),
}

impl Default for Text {
    fn default() -> Self {
        Self::Inline {
            len: 0,
            buf: [0; Digits::INLINE],
        }
    }
}

impl Text {
    /// From ASCII characters of [`ALPHABET`].
    fn from_ascii(chars: impl ExactSizeIterator<Item = u8>) -> Self {
        let n = chars.len();
        if n <= Digits::INLINE {
            let mut buf = [0; Digits::INLINE];
            for (slot, c) in buf.iter_mut().zip(chars) {
                *slot = c;
            }
            Self::Inline { len: n as u8, buf }
        } else {
            Self::Heap(chars.map(char::from).collect::<String>().into_boxed_str())
        }
    }

    /// The characters as octets, without the UTF-8 check of [`Self::as_str`].
    fn ascii(&self) -> &[u8] {
        match self {
            Self::Inline { len, buf } => buf.get(..usize::from(*len)).unwrap_or(&[]),
            Self::Heap(s) => s.as_bytes(),
        }
    }

    fn as_str(&self) -> &str {
        match self {
            // Only ALPHABET characters (ASCII) are ever stored, so this never fails.
            Self::Inline { len, buf } => {
                std::str::from_utf8(buf.get(..usize::from(*len)).unwrap_or(&[])).unwrap_or("")
            }
            Self::Heap(s) => s,
        }
    }
}

impl PartialEq for Digits {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Digits {}

impl std::hash::Hash for Digits {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl PartialOrd for Digits {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Digits {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Digits {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl Digits {
    /// The number of digits held without a heap allocation.
    pub const INLINE: usize = 30;

    /// Digits from text of `0`–`9`, `A`–`F` (or `a`–`f`).
    pub fn new(text: &str) -> Result<Self, DigitsError> {
        for (position, character) in text.chars().enumerate() {
            if !character.is_ascii_hexdigit() {
                return Err(DigitsError::InvalidCharacter {
                    position,
                    character,
                });
            }
        }
        // Only ASCII hex digits remain, one octet each.
        Ok(Self(Text::from_ascii(
            text.bytes().map(|b| b.to_ascii_uppercase()),
        )))
    }

    /// Digits from nibble values; only the low four bits of each value are used.
    pub fn from_nibbles(nibbles: impl IntoIterator<Item = u8>) -> Self {
        let chars: Vec<u8> = nibbles
            .into_iter()
            .map(|n| ALPHABET[usize::from(n & 0x0f)])
            .collect();
        Self(Text::from_ascii(chars.into_iter()))
    }

    /// The digits as text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The number of digits (nibbles).
    pub fn len(&self) -> usize {
        self.0.ascii().len()
    }

    /// No digits at all.
    pub fn is_empty(&self) -> bool {
        self.0.ascii().is_empty()
    }

    /// An odd number of digits (the BCD coding then ends with a filler nibble).
    pub fn is_odd(&self) -> bool {
        self.len() % 2 == 1
    }

    /// The nibble values, in order.
    pub fn nibbles(&self) -> impl Iterator<Item = u8> + '_ {
        self.0.ascii().iter().copied().map(nibble_of)
    }

    /// Decodes BCD octets, first digit in the low nibble (Q.713 §3.4.2.3.1). When `odd`, the high
    /// nibble of the last octet is filler and dropped. The caller ensures `odd` implies at least
    /// one octet.
    pub(crate) fn from_bcd(octets: &[u8], odd: bool) -> Self {
        let count = (octets.len() * 2).saturating_sub(usize::from(odd));
        if count <= Self::INLINE {
            // The fast path of every real global title: two characters per octet, straight into
            // the inline buffer (the filler's character, if any, lies past `len` and is unused).
            let mut buf = [0u8; Self::INLINE];
            for (pair, octet) in buf.chunks_exact_mut(2).zip(octets) {
                pair[0] = ALPHABET[usize::from(octet & 0x0f)];
                pair[1] = ALPHABET[usize::from(octet >> 4)];
            }
            return Self(Text::Inline {
                len: count as u8,
                buf,
            });
        }
        let chars = octets
            .iter()
            .flat_map(|o| {
                [
                    ALPHABET[usize::from(o & 0x0f)],
                    ALPHABET[usize::from(o >> 4)],
                ]
            })
            .take(count)
            .collect::<Vec<u8>>();
        Self(Text::from_ascii(chars.into_iter()))
    }

    /// The number of octets the BCD coding takes.
    pub(crate) fn bcd_len(&self) -> usize {
        self.len().div_ceil(2)
    }

    /// Writes the BCD coding, with a `0000` filler after an odd number of digits.
    pub(crate) fn write_bcd(&self, out: &mut impl BufMut) {
        let bytes = self.0.ascii();
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
        self.as_str()
    }
}

impl PartialEq<str> for Digits {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Digits {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl fmt::Debug for Digits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Digits({:?})", self.as_str())
    }
}

impl fmt::Display for Digits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_digits_past_the_inline_capacity() {
        for n in [
            0,
            1,
            Digits::INLINE - 1,
            Digits::INLINE,
            Digits::INLINE + 1,
            61,
        ] {
            let text: String = (0..n).map(|i| char::from(ALPHABET[i % 16])).collect();
            let d = Digits::new(&text).unwrap();
            assert_eq!(d.as_str(), text);
            let mut bcd = Vec::new();
            d.write_bcd(&mut bcd);
            assert_eq!(Digits::from_bcd(&bcd, n % 2 == 1), d);
            assert_eq!(Digits::from_nibbles(d.nibbles()), d);
        }
    }

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
