//! Byte payloads as lowercase hex strings in the `serde` output.

use bytes::Bytes;

/// `serialize_with` helper: `Bytes` as a lowercase hex string.
pub(crate) fn serialize<S: serde::Serializer>(
    bytes: &Bytes,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for b in bytes.iter() {
        text.push(char::from(HEX[usize::from(b >> 4)]));
        text.push(char::from(HEX[usize::from(b & 0x0f)]));
    }
    serializer.serialize_str(&text)
}
