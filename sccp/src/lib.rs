//! Connectionless SCCP for VNS: a byte-exact codec for the ITU-T Q.713 connectionless messages and
//! a sans-I/O XUDT segmentation/reassembly machine (Q.714 §4.1.1.2/§4.1.1.3).
//!
//! # Messages
//!
//! [`Message`] covers the six connectionless messages of Q.713 §4: [`Udt`] (0x09), [`Udts`] (0x0a),
//! [`Xudt`] (0x11), [`Xudts`] (0x12), [`Ludt`] (0x13) and [`Ludts`] (0x14). Connection-oriented
//! message types decode to [`DecodeError::UnsupportedMessageType`], unassigned ones to
//! [`DecodeError::UnknownMessageType`].
//!
//! ```
//! use bytes::Bytes;
//! use sccp::{Message, ProtocolClass, SccpAddress, SubsystemNumber, Udt};
//!
//! let called = SccpAddress::e164("8250412345678", SubsystemNumber::INAP).unwrap();
//! let calling = SccpAddress::e164("821099990000", SubsystemNumber::INAP).unwrap();
//! let udt = Udt::new(called, calling, Bytes::from_static(b"\x62\x00"))
//!     .with_protocol_class(ProtocolClass::CLASS_1_RETURN_ON_ERROR);
//! let wire = udt.to_bytes().unwrap();
//!
//! let Message::Udt(back) = Message::decode(&wire).unwrap() else { panic!() };
//! assert_eq!(back, udt);
//! assert_eq!(
//!     back.to_string(),
//!     "UDT class=1 roe cdpa={ri=gt gti=4 tt=0 np=1 nai=4 ssn=241 gt=8250412345678} \
//!      cgpa={ri=gt gti=4 tt=0 np=1 nai=4 ssn=241 gt=821099990000} len=2"
//! );
//! // The answer path: swap called and calling.
//! let answer = back.reply(Bytes::from_static(b"\x64\x00"));
//! assert_eq!(answer.called_party, udt.calling_party);
//! ```
//!
//! Decoding never panics and never allocates from a length field: every pointer and length is
//! checked against the buffer ([`DecodeError`] carries the octet offset and
//! [`DecodeError::return_cause`] the cause an SCCP would return). User data, unknown optional
//! parameters and raw global titles are zero-copy [`bytes::Bytes`] slices of the input.
//!
//! Encoding always writes the canonical layout (parts in the order called, calling, data,
//! optional, right after the pointers), so a decoded canonical message re-encodes byte for byte.
//! [`Udt::encode`] and friends are fallible ([`EncodeError`]) because some values cannot be
//! represented (data longer than a length indicator, a pointer past 255, a BCD-coded raw global
//! title, …); an encode that fails writes nothing.
//!
//! # Segmentation and reassembly
//!
//! [`segment`] splits user data over [`Xudt`] segments; [`Reassembler`] puts them back together,
//! keyed by calling party address and segmentation local reference, with T(reass) driven by the
//! caller's clock (`handle_segment(now, …)`, `handle_timeout(now)`, `poll_timeout()`).
//!
//! # Choices where Q.713 leaves room
//!
//! - Spare bits (point code bits 15–16, importance bits 4–8, segmentation bits 5–6, the GTI 4
//!   nature-of-address bit 8) are ignored on receipt and sent as zero (Q.713 §2.8).
//! - The filler nibble of an odd number of BCD digits is ignored on receipt and sent as 0000.
//! - BCD nibbles map to the characters `0`–`9`, `A`–`F` ([`Digits`]), so any nibble round-trips.
//! - Global title indicators 5–15 are kept as raw octets ([`GlobalTitle::Other`]), not rejected.
//! - LUDT/LUDTS two-octet pointers and the long data length are least significant octet first;
//!   a two-octet pointer counts from its second octet (as Wireshark reads them).
//! - Octets no pointer refers to (gaps between parts, trailing octets) are ignored.
#![warn(missing_docs)]

mod address;
mod code_point;
mod digits;
mod error;
mod global_title;
mod message;
mod message_type;
mod parameter;
mod protocol_class;
mod return_cause;
mod segmentation;
#[cfg(feature = "serde")]
mod serde_hex;

pub use address::{AddressIndicator, PointCode, RoutingIndicator, SccpAddress, SubsystemNumber};
pub use digits::Digits;
pub use error::{
    AddressError, DecodeError, DigitsError, EncodeError, MessagePart, ReassemblyError,
    SegmentationError,
};
pub use global_title::{
    AddressInformation, EncodingScheme, GlobalTitle, GlobalTitleIndicator, NatureOfAddress,
    NumberingPlan, TranslationType,
};
pub use message::{Ludt, Ludts, Message, Udt, Udts, Xudt, Xudts};
pub use message_type::MessageType;
pub use parameter::{
    HopCounter, Importance, LocalReference, OptionalParameter, OptionalParameters, ParameterName,
    Segmentation,
};
pub use protocol_class::ProtocolClass;
pub use return_cause::ReturnCause;
pub use segmentation::{
    MAX_SEGMENTS, Reassembler, ReassemblyConfig, ReassemblyStats, SegmentKey, segment,
};
