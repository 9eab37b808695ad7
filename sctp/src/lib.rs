//! A sans-I/O SCTP association (RFC 9260) for hosts whose kernel has no SCTP.
//!
//! VNS must speak SCTP to carrier switches from machines and containers whose kernel has no SCTP
//! module. This crate is the protocol: packets in, packets out, no sockets, no clock, no
//! randomness of its own. A driver (VNS's `m3ua` transport module) carries the packets either in
//! UDP datagrams (RFC 6951 encapsulation, port 9899) or as raw IPv4 protocol 132; it has been
//! run against usrsctp both ways (see `tests/usrsctp.rs` and `tests/raw_ip.rs`).
//!
//! ```
//! use std::time::Instant;
//! use bytes::Bytes;
//! use sctp::{AssociationConfig, Endpoint, EndpointConfig, Event, Ppid};
//!
//! // Randomness is injected: use a CSPRNG in production (tags must be hard to guess).
//! let rng = |seed: u8| move |d: &mut [u8]| d.iter_mut().enumerate().for_each(|(i, o)| *o = seed ^ i as u8 ^ 0x5a);
//! let mut server_cfg = EndpointConfig::new([7; 32]);
//! server_cfg.listen_ports = vec![2905];
//! let mut server = Endpoint::new(server_cfg, rng(1)).unwrap();
//! let mut client = Endpoint::new(EndpointConfig::new([8; 32]), rng(2)).unwrap();
//! let (c_addr, s_addr) = ("10.0.0.1:9899".parse().unwrap(), "10.0.0.2:9899".parse().unwrap());
//!
//! let now = Instant::now();
//! let h = client.connect(now, s_addr, 2905, 2905, AssociationConfig::default()).unwrap();
//! let mut got = None;
//! for _ in 0..10 {
//!     // A driver would send each Transmit's payload in a UDP datagram to `remote`.
//!     while let Some(t) = client.poll_transmit(now) {
//!         server.handle(now, c_addr, Bytes::from(t.payload));
//!     }
//!     while let Some(t) = server.poll_transmit(now) {
//!         client.handle(now, s_addr, Bytes::from(t.payload));
//!     }
//!     while let Some((_, ev)) = client.poll_event() {
//!         if let Event::Connected { .. } = ev {
//!             client.send(h, 0, Ppid::M3UA, Bytes::from_static(b"M3UA message"), false).unwrap();
//!         }
//!     }
//!     while let Some((_, ev)) = server.poll_event() {
//!         if let Event::Data { ppid, data, .. } = ev {
//!             got = Some((ppid, data));
//!         }
//!     }
//! }
//! assert_eq!(got, Some((Ppid::M3UA, Bytes::from_static(b"M3UA message"))));
//! ```
//!
//! # Layout
//!
//! - [`Endpoint`]: owns associations, routes packets by (local port, peer port, peer address)
//!   and verification tag, answers INIT statelessly with an HMAC-SHA256-signed State Cookie,
//!   handles out-of-the-blue packets (§8.4). Its doc gives the driver's call order.
//! - [`Association`] ([`association`]): the §4 state machine ([`State`]), data transfer,
//!   SACK, RTO, retransmission, congestion control, heartbeat, shutdown, abort, restart.
//! - [`packet`]: the common header and CRC32c ([`crc32c`]); [`Packet::decode`] is the function
//!   to fuzz (any input: `Ok` or a typed [`DecodeError`], never a panic, allocation bounded by
//!   the input length). [`CommonHeader::parse`] is the zero-allocation form the endpoint uses.
//! - [`chunk`]: every RFC 9260 chunk ([`Chunk`]), [`ChunkType`], [`Ppid`].
//! - [`param`]: INIT/INIT ACK parameters ([`InitParam`], [`ParamType`]).
//! - [`cause`]: error causes ([`ErrorCause`], [`CauseCode`]).
//!
//! # Decisions where RFC 9260 leaves a choice
//!
//! - Single-homed: a multi-homed peer's addresses (INIT/INIT ACK address parameters) are
//!   recorded and packets from any of them are routed to the association, but everything is
//!   sent to the address the INIT or INIT ACK came from. Address parameters never cause a drop.
//! - UDP encapsulation (RFC 6951 §5.4): the association follows the peer's UDP source port as
//!   seen on packets from its primary address.
//! - No PR-SCTP, AUTH, ASCONF, ECN, I-DATA or stream reconfiguration: none is advertised, and
//!   their parameters in a peer's INIT are recognised and ignored (Forward-TSN-Supported and
//!   Adaptation Layer Indication: the latter is reported as unrecognized).
//! - `send` is refused before ESTABLISHED ([`SendError::NotEstablished`]) rather than queued.
//! - Heartbeats have no jitter (the association draws no random numbers after creation); an
//!   unanswered heartbeat doubles the RTO and counts towards Association.Max.Retrans.
//! - Path.Max.Retrans is not separate: with one path, path failure is association failure
//!   ([`CloseReason::PeerUnreachable`] after Association.Max.Retrans).
//! - cwnd grows when the flight was within one MTU of cwnd (RFC 9260's "fully utilized");
//!   Max.Burst is not applied beyond cwnd.
//! - On restart (§5.2.4 case A) queued and in-flight data is dropped and SSNs start over;
//!   [`Event::Restarted`] tells the user.
//! - The cookie carries at most 8 peer addresses; a Cookie Preservative extends its life by at
//!   most one hour.
//! - Receive side: DATA beyond 65535 TSNs ahead of the cumulative ack, or not fitting the
//!   receive window (except the next expected TSN), is dropped unacknowledged (§6.2 allows it).
//!
//! # Features
//!
//! - `serde`: derives `serde::Serialize` on packets, chunks, parameters and error causes, byte
//!   payloads as lowercase hex strings.
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
