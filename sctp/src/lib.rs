//! A sans-I/O SCTP association (RFC 9260) for hosts whose kernel has no SCTP.
//!
//! VNS must speak SCTP to carrier switches from machines and containers whose kernel has no SCTP
//! module. This crate is the protocol: packets in, packets out, no sockets, no clock, no
//! randomness of its own. A driver (VNS's `m3ua` transport module) carries the packets either in
//! UDP datagrams (RFC 6951, port 9899) or as raw IPv4 protocol 132.
//!
//! # Layout
//!
//! - [`packet`]: the common header and CRC32c ([`crc32c`]), [`Packet::decode`] (the fuzz entry).
//! - [`chunk`]: every RFC 9260 chunk ([`Chunk`]), [`ChunkType`], [`Ppid`].
//! - [`param`]: INIT/INIT ACK parameters ([`InitParam`], [`ParamType`]).
//! - [`cause`]: error causes ([`ErrorCause`], [`CauseCode`]).
#![warn(missing_docs)]

#[macro_use]
mod code_point;

pub mod association;
pub mod cause;
pub mod chunk;
mod config;
mod cookie;
pub mod crc32c;
mod endpoint;
mod error;
pub mod packet;
pub mod param;
#[cfg(feature = "serde")]
mod serde_hex;

pub use association::{Association, AssociationHandle, CloseReason, Event, State, Stats, Transmit};
pub use cause::{CauseCode, ErrorCause};
pub use chunk::{Chunk, ChunkIter, ChunkType, Data, GapAckBlock, Init, Ppid, Sack};
pub use config::{AssociationConfig, EndpointConfig};
pub use endpoint::{Endpoint, EndpointStats, RandomSource};
pub use error::{ConfigError, ConnectError, DecodeError, EncodeError, SendError};
pub use packet::{CommonHeader, Packet};
pub use param::{InitParam, ParamType, UnrecognizedAction};
