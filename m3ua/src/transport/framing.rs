//! Cutting a byte stream into M3UA messages by their Message Length (RFC 4666 §3.1.5).

use bytes::{Bytes, BytesMut};

use crate::{DecodeError, message_length};

/// Collects octets and hands out whole M3UA messages.
#[derive(Debug, Default)]
pub(super) struct Framer {
    buf: BytesMut,
}

impl Framer {
    /// The buffer to read into (TCP reads straight into it).
    pub(super) fn buffer(&mut self) -> &mut BytesMut {
        &mut self.buf
    }

    /// Appends received octets.
    pub(super) fn push(&mut self, data: &[u8]) {
        self.buf.extend_from_slice(data);
    }

    /// Whether part of a message is waiting for the rest.
    pub(super) fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// The next whole message, `None` until one is complete, or the error that makes the stream
    /// impossible to follow.
    pub(super) fn next_message(&mut self) -> Result<Option<Bytes>, DecodeError> {
        match message_length(&self.buf)? {
            Some(len) if self.buf.len() >= len => Ok(Some(self.buf.split_to(len).freeze())),
            _ => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(len: u8) -> Vec<u8> {
        let mut m = vec![1, 0, 3, 1, 0, 0, 0, len];
        m.resize(usize::from(len), 0xaa);
        m
    }

    #[test]
    fn cuts_at_message_lengths_across_arbitrary_chunks() {
        let stream: Vec<u8> = [msg(8), msg(16), msg(12)].concat();
        for chunk in 1..stream.len() {
            let mut f = Framer::default();
            let mut got = Vec::new();
            for piece in stream.chunks(chunk) {
                f.push(piece);
                while let Some(m) = f.next_message().unwrap() {
                    got.push(m.len());
                }
            }
            assert_eq!(got, [8, 16, 12], "chunk size {chunk}");
            assert!(f.is_empty());
        }
    }

    #[test]
    fn an_impossible_length_is_an_error() {
        let mut f = Framer::default();
        f.push(&[1, 0, 3, 1, 0, 0, 0, 4]);
        assert!(matches!(
            f.next_message(),
            Err(DecodeError::InvalidMessageLength { length: 4 })
        ));
    }
}
