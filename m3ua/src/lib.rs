//! M3UA (RFC 4666) codec for VNS: every message and parameter, byte-exact.
//!
//! This crate turns bytes into [`Message`]s and back. It holds no state, does no I/O, reads no
//! clock: the ASP state machine and the SCTP/TCP transports live elsewhere and use it.
//!
//! ```
//! use bytes::Bytes;
//! use m3ua::Message;
//!
//! // A DATA message (RC 2, OPC 3 → DPC 2, SI 3 = SCCP) carrying four octets of user data.
//! let mut wire = Bytes::from_static(&[
//!     1, 0, 1, 1, 0, 0, 0, 36, // version 1, class Transfer, type DATA, length 36
//!     0x00, 0x06, 0, 8, 0, 0, 0, 2, // Routing Context 2
//!     0x02, 0x10, 0, 20, 0, 0, 0, 3, 0, 0, 0, 2, 3, 2, 0, 5, 0xde, 0xad, 0xbe, 0xef, // Protocol Data
//! ]);
//! let original = wire.clone();
//! let msg = Message::decode(&mut wire).unwrap();
//! assert_eq!(msg.to_string(), "DATA rc=2 opc=3 dpc=2 si=3 ni=2 mp=0 sls=5 len=4");
//! let Message::Data(data) = &msg else { unreachable!() };
//! assert_eq!(&data.protocol_data.user_data[..], &[0xde, 0xad, 0xbe, 0xef]);
//! assert_eq!(msg.to_bytes().unwrap(), original);
//! ```
//!
//! # Layout
//!
//! - [`header`]: the common header (§3.1), [`MessageClass`], [`MessageType`], [`MessageKind`],
//!   and [`message_length`] for framing a byte stream.
//! - [`parameter`]: the parameter format (§3.2), [`ParameterTag`], [`UnknownParameter`].
//! - [`values`]: parameter values (§3.2, §3.3): [`ErrorCode`], [`TrafficModeType`], [`Status`], …
//! - [`ProtocolData`] (§3.3.1), and [`RoutingKey`], [`RegistrationResult`],
//!   [`DeregistrationResult`] (§3.6).
//! - One module per message class: [`mgmt`], [`transfer`], [`ssnm`], [`aspsm`], [`asptm`], [`rkm`].
//! - [`Message`] ties them together; [`DecodeError`] says what went wrong, where, and which ERR
//!   code answers it.
//!
//! # Round trips
//!
//! Decoding then encoding gives back the same octets, for every message whose known parameters
//! come in the order of the RFC's figures (unknown parameters are kept in place wherever they
//! are), except for octets RFC 4666 tells the receiver to ignore: the header's Reserved octet,
//! reserved bits inside parameters, and padding, which are re-encoded as zeros.
//!
//! # Features
//!
//! - `serde`: derives `serde::Serialize` on every message and parameter type, byte payloads as
//!   lowercase hex strings.
#![warn(missing_docs)]

#[macro_use]
mod code_point;
#[macro_use]
pub mod parameter;

pub mod asp;
pub mod aspsm;
pub mod asptm;
mod error;
pub mod header;
mod message;
pub mod mgmt;
mod protocol_data;
pub mod rkm;
mod routing_key;
#[cfg(feature = "serde")]
mod serde_hex;
pub mod ssnm;
pub mod transfer;
#[cfg(feature = "transport")]
pub mod transport;
pub mod values;

pub use aspsm::{AspDn, AspUp, Beat};
pub use asptm::{AspAc, AspIa};
pub use error::{DIAGNOSTIC_LEN, DecodeError, EncodeError};
pub use header::{
    HEADER_LEN, MAX_MESSAGE_LENGTH, MessageClass, MessageKind, MessageType, VERSION, message_length,
};
pub use message::Message;
pub use mgmt::{ErrorMessage, Notify};
pub use parameter::{MAX_PARAMETER_VALUE_LEN, ParameterTag, UnknownParameter};
pub use protocol_data::{PROTOCOL_DATA_HEADER_LEN, ProtocolData};
pub use rkm::{DeregReq, DeregRsp, RegReq, RegRsp};
pub use routing_key::{DeregistrationResult, RegistrationResult, RoutingKey};
pub use ssnm::{Dupu, Scon, Ssnm};
pub use transfer::Data;
pub use values::{
    ConcernedDestination, CongestionLevel, DeregistrationStatus, ErrorCode, MaskedPointCode,
    Mtp3UserIdentity, RegistrationStatus, ServiceIndicator, Status, StatusType, TrafficModeType,
    UnavailabilityCause, UserCause,
};
