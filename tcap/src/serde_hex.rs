//! Byte strings as lowercase hex in serde output.

use std::fmt;

/// Serializes `bytes` as a lowercase hex string (for `#[serde(serialize_with = …)]`).
pub(crate) fn serialize<T, S>(bytes: &T, s: S) -> Result<S::Ok, S::Error>
where
    T: AsRef<[u8]> + ?Sized,
    S: serde::Serializer,
{
    s.collect_str(&Hex(bytes.as_ref()))
}

struct Hex<'a>(&'a [u8]);

impl fmt::Display for Hex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}
