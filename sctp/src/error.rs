//! Errors, one enum per concern.

use crate::chunk::ChunkType;
use crate::param::ParamType;

/// Why a packet, chunk, parameter or error cause could not be decoded.
///
/// The wire consequence of every variant is the same: the packet is silently discarded
/// (RFC 9260 §6.8 for a bad checksum, §3.2 for malformed chunks), except that a malformed INIT is
/// answered by the [`Endpoint`](crate::Endpoint) with nothing at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The datagram is shorter than the 12-octet common header (RFC 9260 §3.1).
    #[error("packet of {0} octets is shorter than the 12-octet SCTP common header")]
    ShortPacket(usize),
    /// The CRC32c does not match (RFC 9260 §6.8: discard silently).
    #[error("checksum mismatch: packet carries {received:#010x}, computed {computed:#010x}")]
    BadChecksum {
        /// The value in the Checksum field (as a little-endian u32).
        received: u32,
        /// The CRC32c computed over the packet.
        computed: u32,
    },
    /// Fewer octets remain than a chunk header, parameter header or fixed field needs.
    #[error("{what} truncated: need {needed} octets, {remaining} remain")]
    Truncated {
        /// What was being read.
        what: &'static str,
        /// Octets needed.
        needed: usize,
        /// Octets available.
        remaining: usize,
    },
    /// A chunk's Length is below 4 or runs past the end of the packet (RFC 9260 §3.2).
    #[error("{chunk_type} chunk length {length} is invalid")]
    BadChunkLength {
        /// The chunk's type.
        chunk_type: ChunkType,
        /// The Chunk Length field.
        length: u16,
    },
    /// A parameter's Length is below 4, runs past its chunk, or does not fit its type.
    #[error("parameter {param_type} length {length} is invalid")]
    BadParameterLength {
        /// The parameter's type.
        param_type: ParamType,
        /// The Parameter Length field.
        length: u16,
    },
    /// A chunk's value does not have the layout its type requires.
    #[error("{chunk_type} chunk malformed: {reason}")]
    Malformed {
        /// The chunk's type.
        chunk_type: ChunkType,
        /// What is wrong.
        reason: &'static str,
    },
}

/// Why a packet could not be encoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// A chunk, parameter or error cause is longer than its 16-bit Length field can say.
    #[error("{what} of {length} octets does not fit a 16-bit length field")]
    TooLong {
        /// What was too long.
        what: &'static str,
        /// Its length.
        length: usize,
    },
}

/// Why [`Association::send`](crate::Association::send) refused a message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SendError {
    /// The stream number is not below the negotiated outbound stream count (RFC 9260 §6.5).
    #[error("stream {stream} is not below the {outbound_streams} negotiated outbound streams")]
    InvalidStream {
        /// The stream asked for.
        stream: u16,
        /// The negotiated count.
        outbound_streams: u16,
    },
    /// A DATA chunk must carry at least one octet (RFC 9260 §3.3.1, §6.2 "No User Data").
    #[error("an SCTP user message must not be empty")]
    Empty,
    /// The message exceeds [`AssociationConfig::max_message_size`](crate::AssociationConfig).
    #[error("message of {size} octets exceeds the {max}-octet limit")]
    TooLarge {
        /// The message size.
        size: usize,
        /// The configured limit.
        max: usize,
    },
    /// The send buffer is full; wait for [`Event::SendQueueDrained`](crate::Event) or retry.
    #[error("send buffer full")]
    BufferFull,
    /// The association is not established yet (COOKIE-WAIT/COOKIE-ECHOED): RFC 9260 allows
    /// queueing here, VNS's M3UA waits for [`Event::Connected`](crate::Event) instead.
    #[error("association not established yet")]
    NotEstablished,
    /// SHUTDOWN has begun, or the association is closed (RFC 9260 §9.2: no new data).
    #[error("association is shutting down or closed")]
    Closed,
    /// No association has this handle.
    #[error("no such association")]
    UnknownAssociation,
}

/// Why a configuration was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A value is out of its allowed range.
    #[error("{field}: {reason}")]
    Invalid {
        /// The configuration field.
        field: &'static str,
        /// What is wrong.
        reason: &'static str,
    },
}

/// Why [`Endpoint::connect`](crate::Endpoint::connect) failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConnectError {
    /// The association configuration is invalid.
    #[error("invalid configuration: {0}")]
    Config(#[from] ConfigError),
    /// An association with the same ports and peer address exists (RFC 9260 §5.1: one
    /// association per pair of transport addresses).
    #[error("an association with this peer and these ports exists")]
    AlreadyAssociated,
}
