//! Decode and encode errors, each decode error carrying the ERR code RFC 4666 §3.8.1 prescribes.

use bytes::Bytes;

use crate::{ErrorCode, ErrorMessage, MessageClass, MessageType, ParameterTag};

/// How many leading octets of an offending message [`DecodeError::diagnostic`] returns.
///
/// RFC 4666 §3.8.1 says the Diagnostic Information SHOULD contain the offending message; this
/// crate bounds it to 40 octets (the header and the first parameters), as osmocom's M3UA does,
/// so an ERR stays small whatever the peer sent.
pub const DIAGNOSTIC_LEN: usize = 40;

/// Why a byte string is not a valid M3UA message. Offsets count octets from the first octet of
/// the message's common header.
///
/// # Which Error Code for which fault
///
/// RFC 4666 §3.8.1 lists the codes but leaves the mapping of many framing faults open. This crate
/// decides, for the faults a codec can see:
///
/// | fault | variant | Error Code |
/// |---|---|---|
/// | version ≠ 1 | [`InvalidVersion`](DecodeError::InvalidVersion) | Invalid Version (0x01) |
/// | class not defined for M3UA (5–8 are other adaptation layers) | [`UnsupportedMessageClass`](DecodeError::UnsupportedMessageClass) | Unsupported Message Class (0x03) |
/// | type not defined in a known class | [`UnsupportedMessageType`](DecodeError::UnsupportedMessageType) | Unsupported Message Type (0x04) |
/// | Traffic Mode Type not 1–3 | [`UnsupportedTrafficModeType`](DecodeError::UnsupportedTrafficModeType) | Unsupported Traffic Mode Type (0x05) |
/// | any inconsistent length: message shorter than its Message Length, Message Length < 8 or > [`MAX_MESSAGE_LENGTH`](crate::MAX_MESSAGE_LENGTH), octets after the message, a parameter header cut short, a Parameter Length < 4, a parameter (with its padding) running past the message end, a fixed-size value of the wrong size, an empty list | `Truncated`, `InvalidMessageLength`, `TrailingOctets`, `TruncatedParameter`, `ParameterLengthTooShort`, `ParameterOverrun`, `InvalidParameterLength` | Parameter Field Error (0x12) |
/// | a value outside the range the RFC defines (Status, Congestion Level) | [`InvalidParameterValue`](DecodeError::InvalidParameterValue) | Invalid Parameter Value (0x11) |
/// | a known parameter the message does not carry, or a single parameter repeated | [`UnexpectedParameter`](DecodeError::UnexpectedParameter), [`DuplicateParameter`](DecodeError::DuplicateParameter) | Unexpected Parameter (0x13) |
/// | a mandatory parameter absent | [`MissingParameter`](DecodeError::MissingParameter) | Missing Parameter (0x16) |
///
/// The other codes depend on state or configuration and belong to the layer above: Unexpected
/// Message (0x06), Protocol Error (0x07), Invalid Stream Identifier (0x09, the codec never sees the
/// SCTP stream), Refused – Management Blocking (0x0d), ASP Identifier Required (0x0e), Invalid ASP
/// Identifier (0x0f), Destination Status Unknown (0x14), Invalid Network Appearance (0x15), Invalid
/// Routing Context (0x19) and No Configured AS for ASP (0x1a). [`ErrorCode`] names them all.
///
/// A parameter whose tag this crate does not know is not an error: it is kept as an
/// [`UnknownParameter`](crate::UnknownParameter) and re-encoded in place.
///
/// Never answer an ERR with an ERR (RFC 4666 §3.8.1): check the offending message's class first.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// Fewer octets than the header (8) or than the Message Length announces.
    #[error("message truncated: {needed} octets needed, {available} available")]
    Truncated {
        /// Octets the message needs.
        needed: usize,
        /// Octets there were.
        available: usize,
    },
    /// The Version octet (offset 0) is not 1 (RFC 4666 §3.1.1).
    #[error("invalid version {version} at offset 0 (only version 1 is defined)")]
    InvalidVersion {
        /// The version received.
        version: u8,
    },
    /// The Message Length (offset 4) is below 8 or above [`MAX_MESSAGE_LENGTH`](crate::MAX_MESSAGE_LENGTH).
    #[error("message length {length} at offset 4 is outside 8..=65543")]
    InvalidMessageLength {
        /// The Message Length received.
        length: u32,
    },
    /// The Message Class (offset 2) is not one M3UA defines (RFC 4666 §3.1.3).
    #[error("unsupported message class {class} at offset 2")]
    UnsupportedMessageClass {
        /// The class received.
        class: MessageClass,
    },
    /// The Message Type (offset 3) is not defined in its class (RFC 4666 §3.1.3).
    #[error("unsupported message type {message_type} in class {class} at offset 3")]
    UnsupportedMessageType {
        /// The class received.
        class: MessageClass,
        /// The type received.
        message_type: MessageType,
    },
    /// Octets follow the message in a buffer that should hold exactly one message
    /// ([`Message::from_bytes`](crate::Message::from_bytes), e.g. one SCTP DATA chunk).
    #[error("{extra} octets after the {length}-octet message")]
    TrailingOctets {
        /// The Message Length.
        length: usize,
        /// Octets after it.
        extra: usize,
    },
    /// Fewer than 4 octets left where a parameter header should start (RFC 4666 §3.2).
    #[error("parameter header at offset {offset} cut short: {remaining} octets left")]
    TruncatedParameter {
        /// Where the parameter header should start.
        offset: usize,
        /// Octets left in the message (or enclosing parameter).
        remaining: usize,
    },
    /// A Parameter Length below 4, the size of the tag and length fields (RFC 4666 §3.2).
    #[error("parameter {tag} at offset {offset}: length {length} is less than 4")]
    ParameterLengthTooShort {
        /// Where the parameter starts.
        offset: usize,
        /// Its tag.
        tag: ParameterTag,
        /// Its Parameter Length.
        length: u16,
    },
    /// A parameter, with its padding to a multiple of 4 octets, runs past the end of the message
    /// (or of the enclosing parameter) (RFC 4666 §3.2, §3.1.5).
    #[error(
        "parameter {tag} at offset {offset}: length {length} (padded) runs past the end, \
         {available} octets left"
    )]
    ParameterOverrun {
        /// Where the parameter starts.
        offset: usize,
        /// Its tag.
        tag: ParameterTag,
        /// Its Parameter Length.
        length: u16,
        /// Octets from the parameter's start to the end of the message (or enclosing parameter).
        available: usize,
    },
    /// A parameter value of a size its format does not allow (e.g. an ASP Identifier that is not
    /// 4 octets, an empty Routing Context list, Protocol Data shorter than 12 octets).
    #[error("parameter {tag} at offset {offset}: {length}-octet value, expected {expected}")]
    InvalidParameterLength {
        /// Where the parameter starts.
        offset: usize,
        /// Its tag.
        tag: ParameterTag,
        /// The size of its value (Parameter Length − 4).
        length: usize,
        /// What the format requires.
        expected: &'static str,
    },
    /// A value outside the range RFC 4666 defines.
    #[error("parameter {tag} at offset {offset}: {reason}")]
    InvalidParameterValue {
        /// Where the parameter starts.
        offset: usize,
        /// Its tag.
        tag: ParameterTag,
        /// What is wrong.
        reason: &'static str,
    },
    /// A Traffic Mode Type other than Override (1), Loadshare (2) or Broadcast (3)
    /// (RFC 4666 §3.8.1 "Unsupported Traffic Mode Type").
    #[error("unsupported traffic mode type {value} in parameter at offset {offset}")]
    UnsupportedTrafficModeType {
        /// Where the Traffic Mode Type parameter starts.
        offset: usize,
        /// The value received.
        value: u32,
    },
    /// A parameter RFC 4666 defines, but not for this message (or Routing Key, Registration Result,
    /// Deregistration Result).
    #[error("parameter {tag} at offset {offset} is not allowed in {context}")]
    UnexpectedParameter {
        /// Where the parameter starts.
        offset: usize,
        /// Its tag.
        tag: ParameterTag,
        /// The message or parameter it appeared in.
        context: &'static str,
    },
    /// A parameter that may appear once appears again.
    #[error("parameter {tag} at offset {offset} repeated in {context}")]
    DuplicateParameter {
        /// Where the second occurrence starts.
        offset: usize,
        /// Its tag.
        tag: ParameterTag,
        /// The message or parameter it appeared in.
        context: &'static str,
    },
    /// A mandatory parameter is absent.
    #[error("mandatory parameter {tag} missing from {context}")]
    MissingParameter {
        /// The missing parameter.
        tag: ParameterTag,
        /// The message or parameter it is missing from.
        context: &'static str,
    },
}

impl DecodeError {
    /// The Error Code an ERR answering this fault carries (RFC 4666 §3.8.1; see the
    /// [type documentation](DecodeError) for the mapping and why).
    pub const fn error_code(&self) -> ErrorCode {
        match self {
            Self::InvalidVersion { .. } => ErrorCode::INVALID_VERSION,
            Self::UnsupportedMessageClass { .. } => ErrorCode::UNSUPPORTED_MESSAGE_CLASS,
            Self::UnsupportedMessageType { .. } => ErrorCode::UNSUPPORTED_MESSAGE_TYPE,
            Self::UnsupportedTrafficModeType { .. } => ErrorCode::UNSUPPORTED_TRAFFIC_MODE_TYPE,
            Self::Truncated { .. }
            | Self::InvalidMessageLength { .. }
            | Self::TrailingOctets { .. }
            | Self::TruncatedParameter { .. }
            | Self::ParameterLengthTooShort { .. }
            | Self::ParameterOverrun { .. }
            | Self::InvalidParameterLength { .. } => ErrorCode::PARAMETER_FIELD_ERROR,
            Self::InvalidParameterValue { .. } => ErrorCode::INVALID_PARAMETER_VALUE,
            Self::UnexpectedParameter { .. } | Self::DuplicateParameter { .. } => {
                ErrorCode::UNEXPECTED_PARAMETER
            }
            Self::MissingParameter { .. } => ErrorCode::MISSING_PARAMETER,
        }
    }

    /// The octet offset inside the message where the fault is, when there is one place.
    pub const fn offset(&self) -> Option<usize> {
        match self {
            Self::InvalidVersion { .. } => Some(0),
            Self::UnsupportedMessageClass { .. } => Some(2),
            Self::UnsupportedMessageType { .. } => Some(3),
            Self::InvalidMessageLength { .. } => Some(4),
            Self::Truncated { available, .. } => Some(*available),
            Self::TrailingOctets { length, .. } => Some(*length),
            Self::TruncatedParameter { offset, .. }
            | Self::ParameterLengthTooShort { offset, .. }
            | Self::ParameterOverrun { offset, .. }
            | Self::InvalidParameterLength { offset, .. }
            | Self::InvalidParameterValue { offset, .. }
            | Self::UnsupportedTrafficModeType { offset, .. }
            | Self::UnexpectedParameter { offset, .. }
            | Self::DuplicateParameter { offset, .. } => Some(*offset),
            Self::MissingParameter { .. } => None,
        }
    }

    /// The value for the Diagnostic Information parameter of an ERR answering `msg`, the
    /// offending message as received: its first [`DIAGNOSTIC_LEN`] octets (RFC 4666 §3.8.1).
    pub fn diagnostic(&self, msg: &[u8]) -> Bytes {
        Bytes::copy_from_slice(msg.get(..DIAGNOSTIC_LEN).unwrap_or(msg))
    }

    /// An ERR answering `msg`: this fault's Error Code and [`diagnostic`](Self::diagnostic).
    ///
    /// The layer above adds Routing Context, Network Appearance or Affected Point Code where the
    /// code calls for them, and must not send it if `msg` was itself an ERR.
    pub fn to_err_message(&self, msg: &[u8]) -> ErrorMessage {
        ErrorMessage {
            error_code: self.error_code(),
            diagnostic_information: Some(self.diagnostic(msg)),
            ..ErrorMessage::default()
        }
    }
}

/// Why a message cannot be encoded. Encoding checks everything before writing, so on error
/// nothing has been written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// A parameter value too long for the 16-bit Parameter Length (RFC 4666 §3.2): at most
    /// 65 531 octets.
    #[error("parameter {tag}: {length}-octet value does not fit a 16-bit parameter length")]
    ParameterTooLong {
        /// The parameter.
        tag: ParameterTag,
        /// Its value's size.
        length: usize,
    },
    /// The whole message would be longer than [`MAX_MESSAGE_LENGTH`](crate::MAX_MESSAGE_LENGTH).
    #[error("message of {length} octets exceeds the 65543-octet limit")]
    MessageTooLong {
        /// The size it would have.
        length: usize,
    },
    /// The output buffer cannot take the message.
    #[error("output buffer has room for {available} octets, the message needs {needed}")]
    BufferTooSmall {
        /// Octets the message needs.
        needed: usize,
        /// Room left in the buffer.
        available: usize,
    },
}
