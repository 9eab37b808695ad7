//! `serialize_with` helpers: byte payloads as lowercase hex strings.

use bytes::Bytes;
use serde::Serializer;

/// Serializes bytes as a lowercase hex string.
pub(crate) fn bytes<S: Serializer>(value: &Bytes, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(&Hex(value))
}

struct Hex<'a>(&'a [u8]);

impl core::fmt::Display for Hex<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}
