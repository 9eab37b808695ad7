//! Phone numbers: the operator's virtual numbers and customers' real numbers.
//!
//! Both are kept as national-format ASCII digit strings. Input may be in
//! international form for Korea (`82…` or `+82…`), which becomes `0…`;
//! separators (`-`, space, `.`, `(`, `)`) are dropped.

use std::fmt;

use crate::error::NumberError;

/// The longest virtual number: 050x numbers have 11 or 12 digits.
pub const VIRTUAL_MAX_DIGITS: usize = 12;
/// The shortest virtual number.
pub const VIRTUAL_MIN_DIGITS: usize = 11;

/// Normalises a digit string: separators out, Korean international prefix to
/// national (`82 10 …` → `010 …`).
fn normalise(s: &str) -> Result<String, NumberError> {
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.chars().enumerate() {
        match c {
            '0'..='9' => out.push(c),
            '+' if i == 0 => {}
            '-' | ' ' | '.' | '(' | ')' => {}
            _ => return Err(NumberError::NonDigit),
        }
    }
    if let Some(rest) = out.strip_prefix("82") {
        // ITU-T E.164 country code 82; a national number always starts with 0.
        out = format!("0{rest}");
    }
    Ok(out)
}

/// A virtual number owned by the operator (e.g. `0504-1234-5678`), in national
/// format: 11 or 12 digits starting with `0`. `Copy`, no allocation.
///
/// A virtual number is not personal data, so it prints in full.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VirtualNumber {
    len: u8,
    digits: [u8; VIRTUAL_MAX_DIGITS],
}

impl VirtualNumber {
    /// Parses and normalises a virtual number.
    pub fn parse(s: &str) -> Result<Self, NumberError> {
        // Fast path: already national digits, as keys and the SCP give them.
        let bytes = s.as_bytes();
        let owned;
        let digits = if bytes.iter().all(u8::is_ascii_digit) && bytes.first() == Some(&b'0') {
            bytes
        } else {
            owned = normalise(s)?;
            owned.as_bytes()
        };
        if !(VIRTUAL_MIN_DIGITS..=VIRTUAL_MAX_DIGITS).contains(&digits.len()) {
            return Err(NumberError::Length(digits.len()));
        }
        if digits.first() != Some(&b'0') {
            return Err(NumberError::NotNational);
        }
        let mut out = [0u8; VIRTUAL_MAX_DIGITS];
        out[..digits.len()].copy_from_slice(digits);
        Ok(Self {
            len: digits.len() as u8,
            digits: out,
        })
    }

    /// The digits.
    pub fn as_str(&self) -> &str {
        // The digits are ASCII by construction.
        std::str::from_utf8(&self.digits[..usize::from(self.len)]).unwrap_or_default()
    }

    /// The number as an integer (leading zero dropped) and its digit count.
    pub fn to_int(&self) -> (u64, usize) {
        let n = self
            .as_str()
            .bytes()
            .fold(0u64, |acc, b| acc * 10 + u64::from(b - b'0'));
        (n, usize::from(self.len))
    }

    /// The number with `len` digits whose value is `n` (zero-padded on the left).
    pub fn from_int(n: u64, len: usize) -> Result<Self, NumberError> {
        let s = format!("{n:0len$}");
        if s.len() != len {
            return Err(NumberError::Length(s.len()));
        }
        Self::parse(&s)
    }
}

impl fmt::Debug for VirtualNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "VirtualNumber({})", self.as_str())
    }
}

impl fmt::Display for VirtualNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for VirtualNumber {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for VirtualNumber {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// A real subscriber number: personal data under 개인정보보호법.
///
/// It never reaches the disk in clear (the store seals it with AES-256-GCM),
/// and its `Debug` and `Display` print it masked: `010-****-5678` (the first
/// three digits, stars, the last four). Use [`RealNumber::expose`] where the
/// clear digits are needed (the Connect operation).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct RealNumber(String);

impl RealNumber {
    /// Parses and normalises a real number (4–20 digits after normalising).
    pub fn parse(s: &str) -> Result<Self, NumberError> {
        let d = normalise(s)?;
        if !(4..=20).contains(&d.len()) {
            return Err(NumberError::Length(d.len()));
        }
        Ok(Self(d))
    }

    /// The clear digits. Every call site is a place where personal data leaves
    /// the store; keep them few.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The last `n` digits.
    pub fn suffix(&self, n: usize) -> &str {
        &self.0[self.0.len().saturating_sub(n)..]
    }

    /// The masked form, `010-****-5678`.
    pub fn masked(&self) -> String {
        let d = &self.0;
        if d.len() <= 7 {
            return format!("***-{}", self.suffix(2));
        }
        format!("{}-****-{}", &d[..3], self.suffix(4))
    }
}

impl Drop for RealNumber {
    fn drop(&mut self) {
        // Best effort: overwrite the clear digits before the memory is freed.
        // SAFETY-free: writing ASCII '0' keeps the String valid UTF-8.
        let len = self.0.len();
        self.0.clear();
        self.0.extend(std::iter::repeat_n('0', len));
        std::hint::black_box(&self.0);
    }
}

impl fmt::Debug for RealNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RealNumber({})", self.masked())
    }
}

impl fmt::Display for RealNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_numbers_print_masked() {
        let r = RealNumber::parse("010-1234-5678").unwrap();
        assert_eq!(r.to_string(), "010-****-5678");
        assert_eq!(format!("{r:?}"), "RealNumber(010-****-5678)");
        assert!(!format!("{r:?}").contains("1234"));
        assert_eq!(r.expose(), "01012345678");
        assert_eq!(
            RealNumber::parse("+82 10 1234 5678").unwrap().expose(),
            "01012345678"
        );
        assert_eq!(RealNumber::parse("1234567").unwrap().to_string(), "***-67");
    }

    #[test]
    fn virtual_numbers_parse() {
        let v = VirtualNumber::parse("0504-1234-5678").unwrap();
        assert_eq!(v.as_str(), "050412345678");
        assert_eq!(VirtualNumber::parse("+82-504-1234-5678").unwrap(), v);
        assert_eq!(
            VirtualNumber::parse("82504123456"),
            Err(NumberError::Length(10))
        );
        assert_eq!(VirtualNumber::parse("0504"), Err(NumberError::Length(4)));
        assert_eq!(
            VirtualNumber::parse("0504x2345678"),
            Err(NumberError::NonDigit)
        );
        assert_eq!(v.to_int(), (5041234567 * 10 + 8, 12));
        assert_eq!(VirtualNumber::from_int(50_412_345_678, 12).unwrap(), v);
    }
}
