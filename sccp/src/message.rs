//! The connectionless messages (Q.713 §4.10, §4.11, §4.18–§4.21) and their codec.
//!
//! Every connectionless message is: the message type, a mandatory fixed part (protocol class or
//! return cause, and for the X/L messages the hop counter), pointers to the mandatory variable
//! parts (called party address, calling party address, data), for the X/L messages a pointer to
//! the optional part (0 = none), then the parts (Q.713 §2.2–§2.5):
//!
//! ```text
//! UDT/UDTS   | type | class/cause |        | p1 | p2 | p3 |      | cdpa | cgpa | data |
//! XUDT/XUDTS | type | class/cause | hops   | p1 | p2 | p3 | popt | cdpa | cgpa | data | opt… 00 |
//! LUDT/LUDTS | type | class/cause | hops   | p1  p1' | … | popt popt' | cdpa | cgpa | ll ll' long data | opt… 00 |
//! ```
//!
//! A pointer gives the number of octets from itself to the length indicator of its part; the
//! two-octet pointers of LUDT/LUDTS are least significant octet first and count from their
//! second octet (Q.713 §2.4; as Wireshark reads them). The long data length indicator is two
//! octets, least significant first (Q.713 §3.20).

use core::fmt;

use bytes::{BufMut, Bytes, BytesMut};

use crate::address::SccpAddress;
use crate::error::{DecodeError, EncodeError, MessagePart};
use crate::message_type::MessageType;
use crate::parameter::{HopCounter, Importance, OptionalParameters, Segmentation};
use crate::protocol_class::ProtocolClass;
use crate::return_cause::ReturnCause;

/// A connectionless SCCP message.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(tag = "message_type", rename_all = "snake_case")
)]
pub enum Message {
    /// Unitdata (0x09).
    Udt(Udt),
    /// Unitdata service (0x0a).
    Udts(Udts),
    /// Extended unitdata (0x11).
    Xudt(Xudt),
    /// Extended unitdata service (0x12).
    Xudts(Xudts),
    /// Long unitdata (0x13).
    Ludt(Ludt),
    /// Long unitdata service (0x14).
    Ludts(Ludts),
}

/// Unitdata, UDT (Q.713 §4.10): protocol class, called and calling party addresses, data.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Udt {
    /// Protocol class (class 0 or 1, return option).
    pub protocol_class: ProtocolClass,
    /// Called party address.
    pub called_party: SccpAddress,
    /// Calling party address.
    pub calling_party: SccpAddress,
    /// User data (at most 255 octets).
    #[cfg_attr(
        feature = "serde",
        serde(serialize_with = "crate::serde_hex::serialize")
    )]
    pub data: Bytes,
}

/// Unitdata service, UDTS (Q.713 §4.11): a UDT returned with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Udts {
    /// Why the message is returned.
    pub return_cause: ReturnCause,
    /// Called party address (the returned message's calling party).
    pub called_party: SccpAddress,
    /// Calling party address (the returned message's called party).
    pub calling_party: SccpAddress,
    /// The returned user data.
    #[cfg_attr(
        feature = "serde",
        serde(serialize_with = "crate::serde_hex::serialize")
    )]
    pub data: Bytes,
}

/// Extended unitdata, XUDT (Q.713 §4.18): a UDT with a hop counter and optional parameters
/// (segmentation, importance).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Xudt {
    /// Protocol class (class 0 or 1, return option).
    pub protocol_class: ProtocolClass,
    /// Hop counter.
    pub hop_counter: HopCounter,
    /// Called party address.
    pub called_party: SccpAddress,
    /// Calling party address.
    pub calling_party: SccpAddress,
    /// User data (at most 255 octets, fewer with long addresses: the optional part pointer is one
    /// octet).
    #[cfg_attr(
        feature = "serde",
        serde(serialize_with = "crate::serde_hex::serialize")
    )]
    pub data: Bytes,
    /// Optional parameters.
    pub optional: OptionalParameters,
}

/// Extended unitdata service, XUDTS (Q.713 §4.19).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Xudts {
    /// Why the message is returned.
    pub return_cause: ReturnCause,
    /// Hop counter.
    pub hop_counter: HopCounter,
    /// Called party address.
    pub called_party: SccpAddress,
    /// Calling party address.
    pub calling_party: SccpAddress,
    /// The returned user data.
    #[cfg_attr(
        feature = "serde",
        serde(serialize_with = "crate::serde_hex::serialize")
    )]
    pub data: Bytes,
    /// Optional parameters.
    pub optional: OptionalParameters,
}

/// Long unitdata, LUDT (Q.713 §4.20): an XUDT with two-octet pointers and long data.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Ludt {
    /// Protocol class (class 0 or 1, return option).
    pub protocol_class: ProtocolClass,
    /// Hop counter.
    pub hop_counter: HopCounter,
    /// Called party address.
    pub called_party: SccpAddress,
    /// Calling party address.
    pub calling_party: SccpAddress,
    /// The long data parameter (two-octet length indicator).
    #[cfg_attr(
        feature = "serde",
        serde(serialize_with = "crate::serde_hex::serialize")
    )]
    pub data: Bytes,
    /// Optional parameters.
    pub optional: OptionalParameters,
}

/// Long unitdata service, LUDTS (Q.713 §4.21).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Ludts {
    /// Why the message is returned.
    pub return_cause: ReturnCause,
    /// Hop counter.
    pub hop_counter: HopCounter,
    /// Called party address.
    pub called_party: SccpAddress,
    /// Calling party address.
    pub calling_party: SccpAddress,
    /// The returned long data.
    #[cfg_attr(
        feature = "serde",
        serde(serialize_with = "crate::serde_hex::serialize")
    )]
    pub data: Bytes,
    /// Optional parameters.
    pub optional: OptionalParameters,
}

impl Message {
    /// Decodes one SCCP message. User data, raw global titles and unknown optional parameters
    /// are slices of `data` (no copy).
    pub fn decode(data: &Bytes) -> Result<Self, DecodeError> {
        let message_type = MessageType(octet(data, 0)?);
        Ok(match message_type {
            MessageType::UDT => {
                let d = decode_body(data, Layout::Unitdata)?;
                Self::Udt(Udt {
                    protocol_class: protocol_class(d.fixed[0])?,
                    called_party: d.called,
                    calling_party: d.calling,
                    data: d.data,
                })
            }
            MessageType::UDTS => {
                let d = decode_body(data, Layout::Unitdata)?;
                Self::Udts(Udts {
                    return_cause: ReturnCause(d.fixed[0]),
                    called_party: d.called,
                    calling_party: d.calling,
                    data: d.data,
                })
            }
            MessageType::XUDT => {
                let d = decode_body(data, Layout::Extended)?;
                Self::Xudt(Xudt {
                    protocol_class: protocol_class(d.fixed[0])?,
                    hop_counter: hop_counter(d.fixed[1])?,
                    called_party: d.called,
                    calling_party: d.calling,
                    data: d.data,
                    optional: d.optional,
                })
            }
            MessageType::XUDTS => {
                let d = decode_body(data, Layout::Extended)?;
                Self::Xudts(Xudts {
                    return_cause: ReturnCause(d.fixed[0]),
                    hop_counter: hop_counter(d.fixed[1])?,
                    called_party: d.called,
                    calling_party: d.calling,
                    data: d.data,
                    optional: d.optional,
                })
            }
            MessageType::LUDT => {
                let d = decode_body(data, Layout::Long)?;
                Self::Ludt(Ludt {
                    protocol_class: protocol_class(d.fixed[0])?,
                    hop_counter: hop_counter(d.fixed[1])?,
                    called_party: d.called,
                    calling_party: d.calling,
                    data: d.data,
                    optional: d.optional,
                })
            }
            MessageType::LUDTS => {
                let d = decode_body(data, Layout::Long)?;
                Self::Ludts(Ludts {
                    return_cause: ReturnCause(d.fixed[0]),
                    hop_counter: hop_counter(d.fixed[1])?,
                    called_party: d.called,
                    calling_party: d.calling,
                    data: d.data,
                    optional: d.optional,
                })
            }
            other if other.is_connection_oriented() => {
                return Err(DecodeError::UnsupportedMessageType {
                    offset: 0,
                    message_type: other,
                });
            }
            other => {
                return Err(DecodeError::UnknownMessageType {
                    offset: 0,
                    message_type: other,
                });
            }
        })
    }

    /// Encodes the message into `out`. Nothing is written when this fails.
    pub fn encode(&self, out: &mut impl BufMut) -> Result<(), EncodeError> {
        encode_into(&self.body()?, out)
    }

    /// The encoded message.
    pub fn to_bytes(&self) -> Result<Bytes, EncodeError> {
        to_bytes(&self.body()?)
    }

    /// The length [`Self::encode`] writes.
    pub fn encoded_len(&self) -> Result<usize, EncodeError> {
        Ok(self.body()?.plan()?.total)
    }

    /// The message type code.
    pub fn message_type(&self) -> MessageType {
        match self {
            Self::Udt(_) => MessageType::UDT,
            Self::Udts(_) => MessageType::UDTS,
            Self::Xudt(_) => MessageType::XUDT,
            Self::Xudts(_) => MessageType::XUDTS,
            Self::Ludt(_) => MessageType::LUDT,
            Self::Ludts(_) => MessageType::LUDTS,
        }
    }

    /// The called party address.
    pub fn called_party(&self) -> &SccpAddress {
        match self {
            Self::Udt(m) => &m.called_party,
            Self::Udts(m) => &m.called_party,
            Self::Xudt(m) => &m.called_party,
            Self::Xudts(m) => &m.called_party,
            Self::Ludt(m) => &m.called_party,
            Self::Ludts(m) => &m.called_party,
        }
    }

    /// The calling party address.
    pub fn calling_party(&self) -> &SccpAddress {
        match self {
            Self::Udt(m) => &m.calling_party,
            Self::Udts(m) => &m.calling_party,
            Self::Xudt(m) => &m.calling_party,
            Self::Xudts(m) => &m.calling_party,
            Self::Ludt(m) => &m.calling_party,
            Self::Ludts(m) => &m.calling_party,
        }
    }

    /// The user data (data or long data).
    pub fn data(&self) -> &Bytes {
        match self {
            Self::Udt(m) => &m.data,
            Self::Udts(m) => &m.data,
            Self::Xudt(m) => &m.data,
            Self::Xudts(m) => &m.data,
            Self::Ludt(m) => &m.data,
            Self::Ludts(m) => &m.data,
        }
    }

    /// The protocol class, for UDT, XUDT, LUDT.
    pub fn protocol_class(&self) -> Option<ProtocolClass> {
        match self {
            Self::Udt(m) => Some(m.protocol_class),
            Self::Xudt(m) => Some(m.protocol_class),
            Self::Ludt(m) => Some(m.protocol_class),
            Self::Udts(_) | Self::Xudts(_) | Self::Ludts(_) => None,
        }
    }

    /// The return cause, for UDTS, XUDTS, LUDTS.
    pub fn return_cause(&self) -> Option<ReturnCause> {
        match self {
            Self::Udts(m) => Some(m.return_cause),
            Self::Xudts(m) => Some(m.return_cause),
            Self::Ludts(m) => Some(m.return_cause),
            Self::Udt(_) | Self::Xudt(_) | Self::Ludt(_) => None,
        }
    }

    /// The hop counter, for the X and L messages.
    pub fn hop_counter(&self) -> Option<HopCounter> {
        match self {
            Self::Xudt(m) => Some(m.hop_counter),
            Self::Xudts(m) => Some(m.hop_counter),
            Self::Ludt(m) => Some(m.hop_counter),
            Self::Ludts(m) => Some(m.hop_counter),
            Self::Udt(_) | Self::Udts(_) => None,
        }
    }

    /// The optional parameters, for the X and L messages.
    pub fn optional(&self) -> Option<&OptionalParameters> {
        match self {
            Self::Xudt(m) => Some(&m.optional),
            Self::Xudts(m) => Some(&m.optional),
            Self::Ludt(m) => Some(&m.optional),
            Self::Ludts(m) => Some(&m.optional),
            Self::Udt(_) | Self::Udts(_) => None,
        }
    }

    /// The segmentation parameter, if any.
    pub fn segmentation(&self) -> Option<Segmentation> {
        self.optional().and_then(OptionalParameters::segmentation)
    }

    /// The service message an SCCP sends back when it cannot deliver this message with
    /// `cause` (Q.714 §4.2): UDT → UDTS, XUDT → XUDTS, LUDT → LUDTS, addressed to the calling
    /// party. `None` when the message did not ask for it (return option clear) or is itself a
    /// service message, which is never returned.
    pub fn error_return(&self, cause: ReturnCause) -> Option<Self> {
        match self {
            Self::Udt(m) if m.protocol_class.return_on_error() => {
                Some(Self::Udts(m.to_udts(cause)))
            }
            Self::Xudt(m) if m.protocol_class.return_on_error() => {
                Some(Self::Xudts(m.to_xudts(cause)))
            }
            Self::Ludt(m) if m.protocol_class.return_on_error() => {
                Some(Self::Ludts(m.to_ludts(cause)))
            }
            _ => None,
        }
    }

    fn body(&self) -> Result<Body<'_>, EncodeError> {
        match self {
            Self::Udt(m) => m.body(),
            Self::Udts(m) => m.body(),
            Self::Xudt(m) => m.body(),
            Self::Xudts(m) => m.body(),
            Self::Ludt(m) => m.body(),
            Self::Ludts(m) => m.body(),
        }
    }
}

impl Udt {
    /// A class 0 UDT without return option.
    pub fn new(called_party: SccpAddress, calling_party: SccpAddress, data: Bytes) -> Self {
        Self {
            protocol_class: ProtocolClass::CLASS_0,
            called_party,
            calling_party,
            data,
        }
    }

    /// The same UDT with another protocol class.
    pub fn with_protocol_class(mut self, protocol_class: ProtocolClass) -> Self {
        self.protocol_class = protocol_class;
        self
    }

    /// The answer to this UDT: `data` sent back with called and calling swapped, in the same
    /// protocol class (so a class 1 dialogue stays in sequence).
    pub fn reply(&self, data: Bytes) -> Self {
        Self {
            protocol_class: self.protocol_class,
            called_party: self.calling_party.clone(),
            calling_party: self.called_party.clone(),
            data,
        }
    }

    /// This UDT returned as a UDTS with `cause` (Q.714 §4.2): to the calling party, from the
    /// called party address, with the original data.
    pub fn to_udts(&self, cause: ReturnCause) -> Udts {
        Udts {
            return_cause: cause,
            called_party: self.calling_party.clone(),
            calling_party: self.called_party.clone(),
            data: self.data.clone(),
        }
    }

    fn body(&self) -> Result<Body<'_>, EncodeError> {
        Ok(Body {
            message_type: MessageType::UDT,
            layout: Layout::Unitdata,
            fixed: [check_class(self.protocol_class)?, 0],
            called: &self.called_party,
            calling: &self.calling_party,
            data: &self.data,
            optional: None,
        })
    }
}

impl Udts {
    /// A UDTS.
    pub fn new(
        return_cause: ReturnCause,
        called_party: SccpAddress,
        calling_party: SccpAddress,
        data: Bytes,
    ) -> Self {
        Self {
            return_cause,
            called_party,
            calling_party,
            data,
        }
    }

    fn body(&self) -> Result<Body<'_>, EncodeError> {
        Ok(Body {
            message_type: MessageType::UDTS,
            layout: Layout::Unitdata,
            fixed: [self.return_cause.0, 0],
            called: &self.called_party,
            calling: &self.calling_party,
            data: &self.data,
            optional: None,
        })
    }
}

impl Xudt {
    /// A class 0 XUDT without return option, hop counter 15, no optional parameters.
    pub fn new(called_party: SccpAddress, calling_party: SccpAddress, data: Bytes) -> Self {
        Self {
            protocol_class: ProtocolClass::CLASS_0,
            hop_counter: HopCounter::MAX,
            called_party,
            calling_party,
            data,
            optional: OptionalParameters::new(),
        }
    }

    /// The same XUDT with another protocol class.
    pub fn with_protocol_class(mut self, protocol_class: ProtocolClass) -> Self {
        self.protocol_class = protocol_class;
        self
    }

    /// The same XUDT with another hop counter.
    pub fn with_hop_counter(mut self, hop_counter: HopCounter) -> Self {
        self.hop_counter = hop_counter;
        self
    }

    /// The same XUDT with a segmentation parameter.
    pub fn with_segmentation(mut self, segmentation: Segmentation) -> Self {
        self.optional.set_segmentation(Some(segmentation));
        self
    }

    /// The same XUDT with an importance parameter.
    pub fn with_importance(mut self, importance: Importance) -> Self {
        self.optional.set_importance(Some(importance));
        self
    }

    /// The segmentation parameter, if any.
    pub fn segmentation(&self) -> Option<Segmentation> {
        self.optional.segmentation()
    }

    /// The importance parameter, if any.
    pub fn importance(&self) -> Option<Importance> {
        self.optional.importance()
    }

    /// The answer to this XUDT: `data` with called and calling swapped, same protocol class,
    /// hop counter 15, the importance kept, no segmentation.
    pub fn reply(&self, data: Bytes) -> Self {
        let mut optional = OptionalParameters::new();
        optional.set_importance(self.importance());
        Self {
            protocol_class: self.protocol_class,
            hop_counter: HopCounter::MAX,
            called_party: self.calling_party.clone(),
            calling_party: self.called_party.clone(),
            data,
            optional,
        }
    }

    /// This XUDT returned as an XUDTS with `cause` (Q.714 §4.2): to the calling party, hop
    /// counter 15, the original data and optional parameters (so a segment's segmentation
    /// parameter goes back with it).
    pub fn to_xudts(&self, cause: ReturnCause) -> Xudts {
        Xudts {
            return_cause: cause,
            hop_counter: HopCounter::MAX,
            called_party: self.calling_party.clone(),
            calling_party: self.called_party.clone(),
            data: self.data.clone(),
            optional: self.optional.clone(),
        }
    }

    fn body(&self) -> Result<Body<'_>, EncodeError> {
        Ok(Body {
            message_type: MessageType::XUDT,
            layout: Layout::Extended,
            fixed: [check_class(self.protocol_class)?, self.hop_counter.get()],
            called: &self.called_party,
            calling: &self.calling_party,
            data: &self.data,
            optional: Some(&self.optional),
        })
    }
}

impl Xudts {
    /// An XUDTS with hop counter 15 and no optional parameters.
    pub fn new(
        return_cause: ReturnCause,
        called_party: SccpAddress,
        calling_party: SccpAddress,
        data: Bytes,
    ) -> Self {
        Self {
            return_cause,
            hop_counter: HopCounter::MAX,
            called_party,
            calling_party,
            data,
            optional: OptionalParameters::new(),
        }
    }

    fn body(&self) -> Result<Body<'_>, EncodeError> {
        Ok(Body {
            message_type: MessageType::XUDTS,
            layout: Layout::Extended,
            fixed: [self.return_cause.0, self.hop_counter.get()],
            called: &self.called_party,
            calling: &self.calling_party,
            data: &self.data,
            optional: Some(&self.optional),
        })
    }
}

impl Ludt {
    /// A class 0 LUDT without return option, hop counter 15, no optional parameters.
    pub fn new(called_party: SccpAddress, calling_party: SccpAddress, data: Bytes) -> Self {
        Self {
            protocol_class: ProtocolClass::CLASS_0,
            hop_counter: HopCounter::MAX,
            called_party,
            calling_party,
            data,
            optional: OptionalParameters::new(),
        }
    }

    /// The same LUDT with another protocol class.
    pub fn with_protocol_class(mut self, protocol_class: ProtocolClass) -> Self {
        self.protocol_class = protocol_class;
        self
    }

    /// The same LUDT with another hop counter.
    pub fn with_hop_counter(mut self, hop_counter: HopCounter) -> Self {
        self.hop_counter = hop_counter;
        self
    }

    /// The answer to this LUDT: `data` with called and calling swapped, same protocol class,
    /// hop counter 15, the importance kept.
    pub fn reply(&self, data: Bytes) -> Self {
        let mut optional = OptionalParameters::new();
        optional.set_importance(self.optional.importance());
        Self {
            protocol_class: self.protocol_class,
            hop_counter: HopCounter::MAX,
            called_party: self.calling_party.clone(),
            calling_party: self.called_party.clone(),
            data,
            optional,
        }
    }

    /// This LUDT returned as an LUDTS with `cause` (Q.714 §4.2).
    pub fn to_ludts(&self, cause: ReturnCause) -> Ludts {
        Ludts {
            return_cause: cause,
            hop_counter: HopCounter::MAX,
            called_party: self.calling_party.clone(),
            calling_party: self.called_party.clone(),
            data: self.data.clone(),
            optional: self.optional.clone(),
        }
    }

    fn body(&self) -> Result<Body<'_>, EncodeError> {
        Ok(Body {
            message_type: MessageType::LUDT,
            layout: Layout::Long,
            fixed: [check_class(self.protocol_class)?, self.hop_counter.get()],
            called: &self.called_party,
            calling: &self.calling_party,
            data: &self.data,
            optional: Some(&self.optional),
        })
    }
}

impl Ludts {
    /// An LUDTS with hop counter 15 and no optional parameters.
    pub fn new(
        return_cause: ReturnCause,
        called_party: SccpAddress,
        calling_party: SccpAddress,
        data: Bytes,
    ) -> Self {
        Self {
            return_cause,
            hop_counter: HopCounter::MAX,
            called_party,
            calling_party,
            data,
            optional: OptionalParameters::new(),
        }
    }

    fn body(&self) -> Result<Body<'_>, EncodeError> {
        Ok(Body {
            message_type: MessageType::LUDTS,
            layout: Layout::Long,
            fixed: [self.return_cause.0, self.hop_counter.get()],
            called: &self.called_party,
            calling: &self.calling_party,
            data: &self.data,
            optional: Some(&self.optional),
        })
    }
}

/// `encode`, `to_bytes`, `encoded_len` and `From<…> for Message` for each message struct.
macro_rules! impl_codec {
    ($($ty:ident),*) => {$(
        impl $ty {
            /// Encodes the message into `out` (canonical layout). Nothing is written when this
            /// fails.
            pub fn encode(&self, out: &mut impl BufMut) -> Result<(), EncodeError> {
                encode_into(&self.body()?, out)
            }

            /// The encoded message.
            pub fn to_bytes(&self) -> Result<Bytes, EncodeError> {
                to_bytes(&self.body()?)
            }

            /// The length [`Self::encode`] writes.
            pub fn encoded_len(&self) -> Result<usize, EncodeError> {
                Ok(self.body()?.plan()?.total)
            }
        }

        impl From<$ty> for Message {
            fn from(message: $ty) -> Self {
                Self::$ty(message)
            }
        }
    )*};
}

impl_codec!(Udt, Udts, Xudt, Xudts, Ludt, Ludts);

// ---------------------------------------------------------------------------------------------
// Display: one-line summaries.

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Udt(m) => m.fmt(f),
            Self::Udts(m) => m.fmt(f),
            Self::Xudt(m) => m.fmt(f),
            Self::Xudts(m) => m.fmt(f),
            Self::Ludt(m) => m.fmt(f),
            Self::Ludts(m) => m.fmt(f),
        }
    }
}

/// `cause=3 (subsystem failure)`, or `cause=200` when unnamed.
struct Cause(ReturnCause);

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.name() {
            Some(name) => write!(f, "cause={} ({name})", self.0.0),
            None => write!(f, "cause={}", self.0.0),
        }
    }
}

/// `UDT class=1 roe cdpa={…} cgpa={…} len=109`
impl fmt::Display for Udt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "UDT {} cdpa={{{}}} cgpa={{{}}} len={}",
            self.protocol_class,
            self.called_party,
            self.calling_party,
            self.data.len()
        )
    }
}

/// `UDTS cause=1 (no translation for this specific address) cdpa={…} cgpa={…} len=109`
impl fmt::Display for Udts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "UDTS {} cdpa={{{}}} cgpa={{{}}} len={}",
            Cause(self.return_cause),
            self.called_party,
            self.calling_party,
            self.data.len()
        )
    }
}

/// `XUDT class=1 hops=15 cdpa={…} cgpa={…} len=200 seg={first rem=1 class=1 ref=0x000001} imp=3`
impl fmt::Display for Xudt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "XUDT {} hops={} cdpa={{{}}} cgpa={{{}}} len={}{}",
            self.protocol_class,
            self.hop_counter,
            self.called_party,
            self.calling_party,
            self.data.len(),
            self.optional
        )
    }
}

/// `XUDTS cause=14 (segmentation failure) hops=15 cdpa={…} cgpa={…} len=200 …`
impl fmt::Display for Xudts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "XUDTS {} hops={} cdpa={{{}}} cgpa={{{}}} len={}{}",
            Cause(self.return_cause),
            self.hop_counter,
            self.called_party,
            self.calling_party,
            self.data.len(),
            self.optional
        )
    }
}

/// `LUDT class=0 hops=15 cdpa={…} cgpa={…} len=3000 …`
impl fmt::Display for Ludt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "LUDT {} hops={} cdpa={{{}}} cgpa={{{}}} len={}{}",
            self.protocol_class,
            self.hop_counter,
            self.called_party,
            self.calling_party,
            self.data.len(),
            self.optional
        )
    }
}

/// `LUDTS cause=… hops=15 cdpa={…} cgpa={…} len=3000 …`
impl fmt::Display for Ludts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "LUDTS {} hops={} cdpa={{{}}} cgpa={{{}}} len={}{}",
            Cause(self.return_cause),
            self.hop_counter,
            self.called_party,
            self.calling_party,
            self.data.len(),
            self.optional
        )
    }
}

// ---------------------------------------------------------------------------------------------
// The codec shared by the six messages.

/// The three message layouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// UDT, UDTS: one fixed octet, three one-octet pointers.
    Unitdata,
    /// XUDT, XUDTS: two fixed octets, four one-octet pointers.
    Extended,
    /// LUDT, LUDTS: two fixed octets, four two-octet pointers, long data.
    Long,
}

impl Layout {
    /// Octets of the mandatory fixed part after the message type (Q.713 §2.3).
    const fn fixed_len(self) -> usize {
        match self {
            Self::Unitdata => 1,
            Self::Extended | Self::Long => 2,
        }
    }

    const fn pointer_len(self) -> usize {
        match self {
            Self::Long => 2,
            Self::Unitdata | Self::Extended => 1,
        }
    }

    const fn pointer_count(self) -> usize {
        match self {
            Self::Unitdata => 3,
            Self::Extended | Self::Long => 4,
        }
    }

    const fn pointers_at(self) -> usize {
        1 + self.fixed_len()
    }

    /// The octets before the first variable part: type, fixed part, pointers.
    const fn header_len(self) -> usize {
        self.pointers_at() + self.pointer_count() * self.pointer_len()
    }

    const fn has_optional(self) -> bool {
        self.pointer_count() == 4
    }

    const fn data_part(self) -> MessagePart {
        match self {
            Self::Long => MessagePart::LongData,
            Self::Unitdata | Self::Extended => MessagePart::Data,
        }
    }

    /// Both the largest pointer value and the largest data length.
    const fn max_value(self) -> usize {
        match self {
            Self::Long => u16::MAX as usize,
            Self::Unitdata | Self::Extended => u8::MAX as usize,
        }
    }
}

/// The fields of a decoded message, before the per-type checks.
struct Decoded {
    fixed: [u8; 2],
    called: SccpAddress,
    calling: SccpAddress,
    data: Bytes,
    optional: OptionalParameters,
}

fn octet(buf: &Bytes, at: usize) -> Result<u8, DecodeError> {
    buf.get(at).copied().ok_or(DecodeError::Truncated {
        offset: at,
        needed: 1,
    })
}

/// A one- or two-octet value (pointer, long data length), least significant octet first.
fn value(buf: &Bytes, at: usize, len: usize) -> Result<usize, DecodeError> {
    if len == 2 {
        let lo = octet(buf, at)?;
        let hi = octet(buf, at + 1)?;
        Ok(usize::from(u16::from_le_bytes([lo, hi])))
    } else {
        Ok(usize::from(octet(buf, at)?))
    }
}

/// The octet a pointer designates, `None` for a zero pointer. Q.713 §2.4: the pointer value is
/// the number of octets from the pointer (its second octet for two-octet pointers) to the
/// part.
fn pointer_target(
    buf: &Bytes,
    layout: Layout,
    pointer_at: usize,
    part: MessagePart,
) -> Result<Option<usize>, DecodeError> {
    let pl = layout.pointer_len();
    let pointer = value(buf, pointer_at, pl)?;
    if pointer == 0 {
        return Ok(None);
    }
    let target = pointer_at + (pl - 1) + pointer;
    if target >= buf.len() {
        return Err(DecodeError::PointerPastEnd {
            offset: pointer_at,
            part,
            target,
            len: buf.len(),
        });
    }
    Ok(Some(target))
}

fn decode_body(buf: &Bytes, layout: Layout) -> Result<Decoded, DecodeError> {
    let header = layout.header_len();
    if buf.len() < header {
        return Err(DecodeError::Truncated {
            offset: buf.len(),
            needed: header - buf.len(),
        });
    }
    let mut fixed = [0u8; 2];
    for (i, slot) in fixed.iter_mut().take(layout.fixed_len()).enumerate() {
        *slot = octet(buf, 1 + i)?;
    }

    // Q.713 §2.4: the mandatory variable parts, each a length indicator and a value.
    let mandatory = [
        MessagePart::CalledPartyAddress,
        MessagePart::CallingPartyAddress,
        layout.data_part(),
    ];
    // (start of the length indicator, end of the value, part)
    let mut regions = [(0usize, 0usize, MessagePart::OptionalPart); 4];
    let mut values = [(0usize, 0usize); 3];
    for (i, part) in mandatory.into_iter().enumerate() {
        let pointer_at = layout.pointers_at() + i * layout.pointer_len();
        let Some(target) = pointer_target(buf, layout, pointer_at, part)? else {
            return Err(DecodeError::ZeroPointer {
                offset: pointer_at,
                part,
            });
        };
        // Q.713 §3.20: the long data length indicator is two octets; the others one.
        let length_len = if part == MessagePart::LongData { 2 } else { 1 };
        let length = value(buf, target, length_len)?;
        let start = target + length_len;
        let available = buf.len().saturating_sub(start);
        if length > available {
            return Err(DecodeError::LengthPastEnd {
                offset: target,
                part,
                length,
                available,
            });
        }
        regions[i] = (target, start + length, part);
        values[i] = (start, start + length);
    }

    // Q.713 §2.5: the optional part, pointer 0 when there is none.
    let mut region_count = 3;
    let mut optional = OptionalParameters::new();
    if layout.has_optional() {
        let pointer_at = layout.pointers_at() + 3 * layout.pointer_len();
        if let Some(target) = pointer_target(buf, layout, pointer_at, MessagePart::OptionalPart)? {
            let (params, end) = OptionalParameters::decode(buf, target)?;
            regions[3] = (target, end, MessagePart::OptionalPart);
            region_count = 4;
            optional = params;
        }
    }

    // The parts may come in any order, but must not overlap each other or the header.
    let regions = &mut regions[..region_count];
    regions.sort_unstable_by_key(|r| r.0);
    let mut previous_end = header;
    for &(start, end, part) in regions.iter() {
        if start < previous_end {
            return Err(DecodeError::Overlap {
                offset: start,
                part,
            });
        }
        previous_end = end;
    }

    let address = |i: usize, part: MessagePart| {
        let (start, end) = values[i];
        SccpAddress::decode(&buf.slice(start..end), start).map_err(|(offset, reason)| {
            DecodeError::InvalidAddress {
                offset,
                part,
                reason,
            }
        })
    };
    let called = address(0, MessagePart::CalledPartyAddress)?;
    let calling = address(1, MessagePart::CallingPartyAddress)?;
    let (start, end) = values[2];
    Ok(Decoded {
        fixed,
        called,
        calling,
        data: buf.slice(start..end),
        optional,
    })
}

/// Q.713 §3.6, §4.10: a connectionless message carries class 0 or 1.
fn protocol_class(octet: u8) -> Result<ProtocolClass, DecodeError> {
    let class = ProtocolClass(octet);
    if !class.is_connectionless() {
        return Err(DecodeError::InvalidProtocolClass {
            offset: 1,
            value: octet,
        });
    }
    Ok(class)
}

/// Q.713 §3.18: 1–15.
fn hop_counter(octet: u8) -> Result<HopCounter, DecodeError> {
    HopCounter::new(octet).ok_or(DecodeError::InvalidHopCounter {
        offset: 2,
        value: octet,
    })
}

fn check_class(class: ProtocolClass) -> Result<u8, EncodeError> {
    if !class.is_connectionless() {
        return Err(EncodeError::InvalidProtocolClass(class.0));
    }
    Ok(class.0)
}

/// What one message encodes.
struct Body<'a> {
    message_type: MessageType,
    layout: Layout,
    fixed: [u8; 2],
    called: &'a SccpAddress,
    calling: &'a SccpAddress,
    data: &'a Bytes,
    optional: Option<&'a OptionalParameters>,
}

/// The validated lengths and pointer values of a [`Body`].
struct Plan {
    called_len: usize,
    calling_len: usize,
    pointers: [usize; 4],
    total: usize,
}

impl Body<'_> {
    /// Validates everything and computes the layout: parts in order right after the pointers.
    fn plan(&self) -> Result<Plan, EncodeError> {
        let layout = self.layout;
        let address_len = |address: &SccpAddress, part| {
            let len = address.encoded_len()?;
            if len > usize::from(u8::MAX) {
                return Err(EncodeError::PartTooLong {
                    part,
                    length: len,
                    max: usize::from(u8::MAX),
                });
            }
            Ok(len)
        };
        let called_len = address_len(self.called, MessagePart::CalledPartyAddress)?;
        let calling_len = address_len(self.calling, MessagePart::CallingPartyAddress)?;
        if self.data.len() > layout.max_value() {
            return Err(EncodeError::PartTooLong {
                part: layout.data_part(),
                length: self.data.len(),
                max: layout.max_value(),
            });
        }
        let optional_len = match self.optional {
            Some(optional) => optional.encoded_len()?,
            None => 0,
        };
        let data_length_len = if layout == Layout::Long { 2 } else { 1 };
        let called_at = layout.header_len();
        let calling_at = called_at + 1 + called_len;
        let data_at = calling_at + 1 + calling_len;
        let optional_at = data_at + data_length_len + self.data.len();
        let total = optional_at + optional_len;
        let targets = [
            (called_at, MessagePart::CalledPartyAddress),
            (calling_at, MessagePart::CallingPartyAddress),
            (data_at, layout.data_part()),
            (optional_at, MessagePart::OptionalPart),
        ];
        let mut pointers = [0usize; 4];
        for (i, &(at, part)) in targets.iter().enumerate().take(layout.pointer_count()) {
            if part == MessagePart::OptionalPart && optional_len == 0 {
                continue; // Q.713 §2.5: pointer 0, no optional part.
            }
            let pointer_at = layout.pointers_at() + i * layout.pointer_len();
            let pointer = at - pointer_at - (layout.pointer_len() - 1);
            if pointer > layout.max_value() {
                return Err(EncodeError::PointerOverflow {
                    part,
                    value: pointer,
                    max: layout.max_value(),
                });
            }
            pointers[i] = pointer;
        }
        Ok(Plan {
            called_len,
            calling_len,
            pointers,
            total,
        })
    }

    /// Writes the message as planned (every length and pointer has been range-checked).
    fn write(&self, plan: &Plan, out: &mut impl BufMut) {
        let layout = self.layout;
        let put = |out: &mut dyn BufMut, value: usize, len: usize| {
            if len == 2 {
                out.put_u16_le(value as u16);
            } else {
                out.put_u8(value as u8);
            }
        };
        out.put_u8(self.message_type.0);
        out.put_slice(&self.fixed[..layout.fixed_len()]);
        for &pointer in plan.pointers.iter().take(layout.pointer_count()) {
            put(out, pointer, layout.pointer_len());
        }
        out.put_u8(plan.called_len as u8);
        self.called.write(out);
        out.put_u8(plan.calling_len as u8);
        self.calling.write(out);
        put(
            out,
            self.data.len(),
            if layout == Layout::Long { 2 } else { 1 },
        );
        out.put_slice(self.data);
        if let Some(optional) = self.optional {
            optional.write(out);
        }
    }
}

fn encode_into(body: &Body<'_>, out: &mut impl BufMut) -> Result<(), EncodeError> {
    let plan = body.plan()?;
    if out.remaining_mut() < plan.total {
        return Err(EncodeError::BufferTooSmall {
            needed: plan.total,
            available: out.remaining_mut(),
        });
    }
    body.write(&plan, out);
    Ok(())
}

fn to_bytes(body: &Body<'_>) -> Result<Bytes, EncodeError> {
    let plan = body.plan()?;
    let mut out = BytesMut::with_capacity(plan.total);
    body.write(&plan, &mut out);
    Ok(out.freeze())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::address::SubsystemNumber;

    fn udt() -> Udt {
        Udt::new(
            SccpAddress::e164("8250412345678", SubsystemNumber::INAP).unwrap(),
            SccpAddress::e164("821099990000", SubsystemNumber::INAP).unwrap(),
            Bytes::from_static(&[1, 2, 3]),
        )
        .with_protocol_class(ProtocolClass::CLASS_1_RETURN_ON_ERROR)
    }

    #[test]
    fn udt_layout() {
        let wire = udt().to_bytes().unwrap();
        assert_eq!(wire[..5], [0x09, 0x81, 0x03, 0x0f, 0x1a]);
        assert_eq!(wire.len(), udt().encoded_len().unwrap());
        let back = Message::decode(&wire).unwrap();
        assert_eq!(back, Message::Udt(udt()));
    }

    #[test]
    fn encode_refuses_without_writing() {
        let mut big = udt();
        big.data = Bytes::from(vec![0; 256]);
        let mut out = Vec::new();
        assert!(matches!(
            big.encode(&mut out),
            Err(EncodeError::PartTooLong {
                part: MessagePart::Data,
                ..
            })
        ));
        assert!(out.is_empty());
        let mut class2 = udt();
        class2.protocol_class = ProtocolClass(2);
        assert_eq!(class2.to_bytes(), Err(EncodeError::InvalidProtocolClass(2)));
        let mut small = [0u8; 10];
        let mut slice = &mut small[..];
        assert!(matches!(
            udt().encode(&mut slice),
            Err(EncodeError::BufferTooSmall { available: 10, .. })
        ));
    }

    #[test]
    fn xudt_optional_pointer_overflow() {
        // 255 octets of data leave no room for a one-octet pointer to the optional part.
        let x = Xudt::new(
            udt().called_party,
            udt().calling_party,
            Bytes::from(vec![0; 255]),
        )
        .with_importance(Importance::MAX);
        assert!(matches!(
            x.to_bytes(),
            Err(EncodeError::PointerOverflow {
                part: MessagePart::OptionalPart,
                ..
            })
        ));
        // Without optional part it fits.
        let mut x = x;
        x.optional = OptionalParameters::new();
        assert!(x.to_bytes().is_ok());
    }

    #[test]
    fn error_return() {
        let m = Message::Udt(udt());
        let Some(Message::Udts(udts)) = m.error_return(ReturnCause::SUBSYSTEM_FAILURE) else {
            panic!("a UDT with return option is returned");
        };
        assert_eq!(udts.called_party, udt().calling_party);
        assert_eq!(udts.data, udt().data);
        let m = Message::Udt(udt().with_protocol_class(ProtocolClass::CLASS_1));
        assert_eq!(m.error_return(ReturnCause::UNQUALIFIED), None);
        let m = Message::Udts(udts);
        assert_eq!(m.error_return(ReturnCause::UNQUALIFIED), None);
    }
}
