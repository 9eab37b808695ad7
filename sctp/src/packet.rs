//! SCTP packets: the common header (RFC 9260 §3.1) and the chunks after it.

use bytes::{BufMut, Bytes};

use crate::chunk::{Chunk, ChunkIter};
use crate::crc32c::{checksum_bytes, packet_checksum};
use crate::error::{DecodeError, EncodeError};

/// The length of the common header.
pub const COMMON_HEADER_LEN: usize = 12;

/// The SCTP common header (RFC 9260 §3.1), without the checksum (computed on encode, verified on
/// decode).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CommonHeader {
    /// Source Port Number.
    pub source_port: u16,
    /// Destination Port Number.
    pub destination_port: u16,
    /// Verification Tag.
    pub verification_tag: u32,
}

impl CommonHeader {
    /// Reads the header and checks the CRC32c of the whole datagram (RFC 9260 §6.8), returning
    /// the header and an iterator over the chunks (zero-copy slices of `datagram`).
    ///
    /// This is the entry point for received packets and a good fuzz target: it never panics and
    /// allocates nothing.
    pub fn parse(datagram: &Bytes) -> Result<(Self, ChunkIter), DecodeError> {
        let (header, _) = Self::parse_unverified(datagram)?;
        let received = u32::from_le_bytes([datagram[8], datagram[9], datagram[10], datagram[11]]);
        let computed = packet_checksum(datagram);
        if received != computed {
            // RFC 9260 §6.8: an invalid checksum means silent discard.
            return Err(DecodeError::BadChecksum { received, computed });
        }
        Ok((header, ChunkIter::new(datagram.slice(COMMON_HEADER_LEN..))))
    }

    /// Like [`parse`](Self::parse) but without checking the checksum (for captures whose
    /// checksum was offloaded, and for tests).
    pub fn parse_unverified(datagram: &Bytes) -> Result<(Self, ChunkIter), DecodeError> {
        let Some(h) = datagram.get(..COMMON_HEADER_LEN) else {
            return Err(DecodeError::ShortPacket(datagram.len()));
        };
        let header = Self {
            source_port: u16::from_be_bytes([h[0], h[1]]),
            destination_port: u16::from_be_bytes([h[2], h[3]]),
            verification_tag: u32::from_be_bytes([h[4], h[5], h[6], h[7]]),
        };
        Ok((header, ChunkIter::new(datagram.slice(COMMON_HEADER_LEN..))))
    }

    /// Writes the header with a zero checksum; [`finish_packet`] fills it in.
    pub fn encode(&self, buf: &mut impl BufMut) {
        buf.put_u16(self.source_port);
        buf.put_u16(self.destination_port);
        buf.put_u32(self.verification_tag);
        buf.put_u32(0);
    }
}

/// Computes the CRC32c of a complete packet whose Checksum field is zero and stores it
/// (RFC 9260 §6.8). Does nothing to a buffer shorter than the common header.
pub fn finish_packet(packet: &mut [u8]) {
    if packet.len() >= COMMON_HEADER_LEN {
        let crc = packet_checksum(packet);
        packet[8..12].copy_from_slice(&checksum_bytes(crc));
    }
}

/// A decoded packet: the common header and all its chunks.
///
/// [`Packet::decode`] is the function to fuzz: any input gives `Ok` or a typed `Err`, never a
/// panic, and allocation is bounded by the input length.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Packet {
    /// The common header.
    pub header: CommonHeader,
    /// The chunks, in wire order.
    pub chunks: Vec<Chunk>,
}

impl Packet {
    /// Decodes a packet, checking its CRC32c (RFC 9260 §6.8).
    pub fn decode(datagram: Bytes) -> Result<Self, DecodeError> {
        let (header, chunks) = CommonHeader::parse(&datagram)?;
        Self::collect(header, chunks)
    }

    /// Decodes a packet without checking its checksum.
    pub fn decode_unverified(datagram: Bytes) -> Result<Self, DecodeError> {
        let (header, chunks) = CommonHeader::parse_unverified(&datagram)?;
        Self::collect(header, chunks)
    }

    fn collect(header: CommonHeader, chunks: ChunkIter) -> Result<Self, DecodeError> {
        let chunks = chunks
            .map(|c| c.map(|(chunk, _)| chunk))
            .collect::<Result<_, _>>()?;
        Ok(Self { header, chunks })
    }

    /// Appends the encoded packet, checksum included, to `buf`.
    pub fn encode(&self, buf: &mut Vec<u8>) -> Result<(), EncodeError> {
        let start = buf.len();
        buf.reserve(COMMON_HEADER_LEN + self.chunks.iter().map(Chunk::encoded_len).sum::<usize>());
        self.header.encode(buf);
        for c in &self.chunks {
            if let Err(e) = c.encode(buf) {
                buf.truncate(start);
                return Err(e);
            }
        }
        finish_packet(&mut buf[start..]);
        Ok(())
    }

    /// The encoded packet as a new buffer.
    pub fn to_vec(&self) -> Result<Vec<u8>, EncodeError> {
        let mut buf = Vec::new();
        self.encode(&mut buf)?;
        Ok(buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_decode_and_checksum() {
        let p = Packet {
            header: CommonHeader {
                source_port: 2905,
                destination_port: 2906,
                verification_tag: 7,
            },
            chunks: vec![Chunk::CookieAck, Chunk::Shutdown { cum_tsn_ack: 1 }],
        };
        let wire = p.to_vec().unwrap();
        assert_eq!(wire.len(), 12 + 4 + 8);
        assert_eq!(Packet::decode(Bytes::from(wire.clone())).unwrap(), p);
        let mut bad = wire.clone();
        bad[15] ^= 1;
        assert!(matches!(
            Packet::decode(Bytes::from(bad)),
            Err(DecodeError::BadChecksum { .. })
        ));
        let mut bad = wire;
        bad[9] ^= 0x80;
        assert!(matches!(
            Packet::decode(Bytes::from(bad)),
            Err(DecodeError::BadChecksum { .. })
        ));
    }

    #[test]
    fn short_packet() {
        assert_eq!(
            Packet::decode(Bytes::from_static(&[0; 11])),
            Err(DecodeError::ShortPacket(11))
        );
    }
}
