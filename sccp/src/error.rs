//! Errors, one enum per concern. Each carries its wire consequence where it has one
//! ([`DecodeError::return_cause`], [`ReassemblyError::return_cause`]).

use core::fmt;

use crate::global_title::EncodingScheme;
use crate::message_type::MessageType;
use crate::parameter::{LocalReference, ParameterName};
use crate::return_cause::ReturnCause;

/// A part of a connectionless message reached through a pointer (Q.713 §2.4, §2.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum MessagePart {
    /// The called party address (Q.713 §3.4).
    CalledPartyAddress,
    /// The calling party address (Q.713 §3.5).
    CallingPartyAddress,
    /// The data parameter (Q.713 §3.16).
    Data,
    /// The long data parameter of LUDT/LUDTS (Q.713 §3.20).
    LongData,
    /// The optional part (Q.713 §2.5).
    OptionalPart,
}

impl fmt::Display for MessagePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::CalledPartyAddress => "called party address",
            Self::CallingPartyAddress => "calling party address",
            Self::Data => "data",
            Self::LongData => "long data",
            Self::OptionalPart => "optional part",
        })
    }
}

/// Why a message could not be decoded. Every variant names the octet offset, counted from the
/// message type octet (offset 0).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The message ends before a field that must be there.
    #[error("message truncated: {needed} more octet(s) needed at octet {offset}")]
    Truncated {
        /// Where the missing field starts.
        offset: usize,
        /// How many octets are missing.
        needed: usize,
    },
    /// A connection-oriented message (Q.713 §4.1–§4.17); this crate handles connectionless only.
    #[error("unsupported message type {message_type} at octet {offset}")]
    UnsupportedMessageType {
        /// Always 0.
        offset: usize,
        /// The type code received.
        message_type: MessageType,
    },
    /// A message type code Q.713 does not assign.
    #[error("unknown message type {message_type} at octet {offset}")]
    UnknownMessageType {
        /// Always 0.
        offset: usize,
        /// The type code received.
        message_type: MessageType,
    },
    /// A pointer to a mandatory variable part is 0 (Q.713 §2.4).
    #[error("pointer at octet {offset} to the mandatory {part} is 0")]
    ZeroPointer {
        /// Offset of the pointer.
        offset: usize,
        /// The part it should designate.
        part: MessagePart,
    },
    /// A pointer designates an octet at or past the end of the message.
    #[error(
        "pointer at octet {offset} to the {part} designates octet {target}, past the end of the {len}-octet message"
    )]
    PointerPastEnd {
        /// Offset of the pointer.
        offset: usize,
        /// The part it designates.
        part: MessagePart,
        /// The octet it designates.
        target: usize,
        /// The message length.
        len: usize,
    },
    /// A part overlaps another part, or the fixed part and pointers.
    #[error("the {part} at octet {offset} overlaps another part of the message")]
    Overlap {
        /// Where the overlapping part starts (its length indicator).
        offset: usize,
        /// The overlapping part.
        part: MessagePart,
    },
    /// A length indicator runs past the end of the message.
    #[error(
        "length {length} of the {part} at octet {offset} runs past the end of the message ({available} octet(s) left)"
    )]
    LengthPastEnd {
        /// Offset of the length indicator.
        offset: usize,
        /// The part whose length it is.
        part: MessagePart,
        /// The length indicated.
        length: usize,
        /// The octets left after the length indicator.
        available: usize,
    },
    /// An optional parameter has a length its definition does not allow (segmentation: 4,
    /// importance: 1; Q.713 §3.17, §3.19).
    #[error("{parameter} at octet {offset} has length {length}, {expected} expected")]
    InvalidLength {
        /// Offset of the parameter name.
        offset: usize,
        /// The parameter.
        parameter: ParameterName,
        /// The length received.
        length: usize,
        /// The length its definition requires.
        expected: usize,
    },
    /// The protocol class of a connectionless message is not 0 or 1 (Q.713 §3.6, §4.10).
    #[error("protocol class {value:#04x} at octet {offset} is not class 0 or 1")]
    InvalidProtocolClass {
        /// Offset of the protocol class octet.
        offset: usize,
        /// The octet received.
        value: u8,
    },
    /// The hop counter is outside 1–15 (Q.713 §3.18).
    #[error("hop counter {value} at octet {offset} is outside 1..=15")]
    InvalidHopCounter {
        /// Offset of the hop counter octet.
        offset: usize,
        /// The value received.
        value: u8,
    },
    /// A called or calling party address is malformed (Q.713 §3.4).
    #[error("{part} at octet {offset}: {reason}")]
    InvalidAddress {
        /// Offset of the faulty octet (or of where a missing one should be).
        offset: usize,
        /// Which address.
        part: MessagePart,
        /// What is wrong.
        reason: AddressError,
    },
    /// A known optional parameter appears twice.
    #[error("{parameter} repeated at octet {offset}")]
    DuplicateParameter {
        /// Offset of the second occurrence.
        offset: usize,
        /// The parameter.
        parameter: ParameterName,
    },
    /// The optional part runs to the end of the message without its end of optional parameters
    /// octet (Q.713 §2.6).
    #[error("optional part at octet {offset} has no end of optional parameters octet")]
    MissingEndOfOptionalParameters {
        /// Where the optional part starts.
        offset: usize,
    },
}

impl DecodeError {
    /// The octet offset this error refers to.
    pub fn offset(&self) -> usize {
        match *self {
            Self::Truncated { offset, .. }
            | Self::UnsupportedMessageType { offset, .. }
            | Self::UnknownMessageType { offset, .. }
            | Self::ZeroPointer { offset, .. }
            | Self::PointerPastEnd { offset, .. }
            | Self::Overlap { offset, .. }
            | Self::LengthPastEnd { offset, .. }
            | Self::InvalidLength { offset, .. }
            | Self::InvalidProtocolClass { offset, .. }
            | Self::InvalidHopCounter { offset, .. }
            | Self::InvalidAddress { offset, .. }
            | Self::DuplicateParameter { offset, .. }
            | Self::MissingEndOfOptionalParameters { offset } => offset,
        }
    }

    /// The return cause an SCCP would put in a UDTS/XUDTS/LUDTS for this error, should it
    /// return the message (Q.713 §3.12).
    ///
    /// Q.714 does not prescribe a cause for syntax errors; this crate's choice:
    /// - the message's structure is broken (truncation, pointers, lengths, overlaps, missing end
    ///   of optional parameters): [`ReturnCause::ERROR_IN_MESSAGE_TRANSPORT`] — what arrived is
    ///   not what a correct sender transmitted;
    /// - a field holds a value not allowed here (message type, protocol class, a malformed
    ///   address, a repeated parameter): [`ReturnCause::UNQUALIFIED`];
    /// - a hop counter outside 1–15: [`ReturnCause::HOP_COUNTER_VIOLATION`];
    /// - a segmentation parameter of the wrong length: [`ReturnCause::SEGMENTATION_FAILURE`].
    pub fn return_cause(&self) -> ReturnCause {
        match self {
            Self::Truncated { .. }
            | Self::ZeroPointer { .. }
            | Self::PointerPastEnd { .. }
            | Self::Overlap { .. }
            | Self::LengthPastEnd { .. }
            | Self::MissingEndOfOptionalParameters { .. } => {
                ReturnCause::ERROR_IN_MESSAGE_TRANSPORT
            }
            Self::InvalidLength { parameter, .. } if *parameter == ParameterName::SEGMENTATION => {
                ReturnCause::SEGMENTATION_FAILURE
            }
            Self::InvalidHopCounter { .. } => ReturnCause::HOP_COUNTER_VIOLATION,
            Self::UnsupportedMessageType { .. }
            | Self::UnknownMessageType { .. }
            | Self::InvalidLength { .. }
            | Self::InvalidProtocolClass { .. }
            | Self::InvalidAddress { .. }
            | Self::DuplicateParameter { .. } => ReturnCause::UNQUALIFIED,
        }
    }
}

/// What is wrong with a called or calling party address (Q.713 §3.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AddressError {
    /// Length 0: not even the address indicator.
    #[error("empty address (no address indicator)")]
    Empty,
    /// The point code indicator is set but fewer than two octets follow (Q.713 §3.4.2.1).
    #[error("point code indicated but missing")]
    MissingPointCode,
    /// The SSN indicator is set but the address ends (Q.713 §3.4.2.2).
    #[error("subsystem number indicated but missing")]
    MissingSubsystemNumber,
    /// The address ends inside the global title's fixed octets (TT, NP/ES, NAI; Q.713 §3.4.2.3).
    #[error("global title header truncated")]
    TruncatedGlobalTitle,
    /// The odd/even indicator or the encoding scheme says "odd" but there is no address signal.
    #[error("odd number of address signals indicated but there are none")]
    OddWithoutDigits,
    /// Octets follow the last element of an address that has no global title.
    #[error("octets after the end of an address without global title")]
    TrailingOctets,
}

/// Why a message could not be encoded. An encode that fails writes nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// A part is longer than its length indicator can say (255, or 65 535 for long data).
    #[error("the {part} is {length} octets, more than the {max} its length indicator allows")]
    PartTooLong {
        /// The part.
        part: MessagePart,
        /// Its encoded length.
        length: usize,
        /// The most its length indicator can say.
        max: usize,
    },
    /// An optional parameter value is longer than 255 octets.
    #[error("{parameter} value is {length} octets, more than 255")]
    ParameterTooLong {
        /// The parameter.
        parameter: ParameterName,
        /// Its length.
        length: usize,
    },
    /// The parts before this one are too long for its pointer (255, or 65 535 in LUDT/LUDTS).
    #[error("pointer to the {part} would be {value}, more than {max}")]
    PointerOverflow {
        /// The part the pointer designates.
        part: MessagePart,
        /// The pointer value needed.
        value: usize,
        /// The largest pointer value.
        max: usize,
    },
    /// The protocol class is not class 0 or 1.
    #[error("protocol class {0:#04x} is not class 0 or 1")]
    InvalidProtocolClass(u8),
    /// A value does not fit its field (e.g. a nature of address above 127, a numbering plan
    /// above 15, remaining segments above 15).
    #[error("{field} {value} does not fit its field")]
    FieldOutOfRange {
        /// The field's name.
        field: &'static str,
        /// The value given.
        value: u32,
    },
    /// [`crate::GlobalTitle::Other`] with an indicator 0–4, which has its own variant.
    #[error("global title indicator {0} must use its own variant, not Other")]
    InvalidGlobalTitleIndicator(u8),
    /// Raw address information with a BCD encoding scheme: give the digits instead, so the
    /// odd/even scheme matches them.
    #[error("raw address information cannot use encoding scheme {0}")]
    InvalidEncodingScheme(EncodingScheme),
    /// A GTI 0010 global title with an odd number of digits: that format has no odd/even
    /// indicator, so the filler would read back as a digit.
    #[error("a translation-type-only global title needs an even number of digits")]
    OddDigitsWithoutIndicator,
    /// [`crate::OptionalParameter::Other`] with a name this crate decodes into a typed variant
    /// (end of optional parameters, segmentation, importance).
    #[error("{0} cannot be sent as an unknown optional parameter")]
    ReservedParameterName(ParameterName),
    /// A typed optional parameter appears twice.
    #[error("{0} appears more than once in the optional part")]
    DuplicateParameter(ParameterName),
    /// The output buffer cannot take the message.
    #[error("output buffer has room for {available} octets, {needed} needed")]
    BufferTooSmall {
        /// The encoded length.
        needed: usize,
        /// `BufMut::remaining_mut()` of the buffer.
        available: usize,
    },
}

/// Text that is not a valid [`crate::Digits`] string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DigitsError {
    /// A character other than `0`–`9`, `A`–`F`, `a`–`f`.
    #[error("invalid address signal {character:?} at position {position}")]
    InvalidCharacter {
        /// Character index in the text.
        position: usize,
        /// The character.
        character: char,
    },
}

/// Why user data could not be split into XUDT segments ([`crate::segment`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SegmentationError {
    /// There is no data to send.
    #[error("no data to segment")]
    EmptyData,
    /// The maximum segment length is outside 1–255 (the XUDT data length indicator).
    #[error("maximum segment length {0} is outside 1..=255")]
    InvalidSegmentLength(usize),
    /// More than 16 segments would be needed (the remaining-segments field has 4 bits).
    #[error(
        "{len} octets need {segments} segments of at most {max_segment_len} octets; 16 is the limit"
    )]
    TooManySegments {
        /// Data length.
        len: usize,
        /// Segments needed.
        segments: usize,
        /// The maximum segment length given.
        max_segment_len: usize,
    },
    /// A segment would not encode (addresses too long for the pointers, …).
    #[error("segment cannot be encoded: {0}")]
    Encode(#[from] EncodeError),
}

/// Why a segment was not accepted by the [`crate::Reassembler`]. After any of these the partial
/// message for that key (if there was one) is gone; an SCCP returns the message with
/// [`ReassemblyError::return_cause`] if the first segment asked for it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReassemblyError {
    /// A segment other than the first arrived with no reassembly in progress for its key
    /// (the first segment was lost, timed out or came later).
    #[error(
        "segment of local reference {local_reference} (remaining {remaining}) without a first segment"
    )]
    MissingFirstSegment {
        /// The segmentation local reference.
        local_reference: LocalReference,
        /// Its remaining-segments value.
        remaining: u8,
    },
    /// A first segment arrived while a reassembly for the same key was in progress; both are
    /// dropped.
    #[error("first segment of local reference {local_reference} while a reassembly is in progress")]
    UnexpectedFirstSegment {
        /// The segmentation local reference.
        local_reference: LocalReference,
    },
    /// A segment already received arrived again (its remaining count is not below the last one).
    #[error(
        "duplicate segment of local reference {local_reference}: remaining {remaining}, expected {expected}"
    )]
    DuplicateSegment {
        /// The segmentation local reference.
        local_reference: LocalReference,
        /// Its remaining-segments value.
        remaining: u8,
        /// The remaining-segments value expected next.
        expected: u8,
    },
    /// A segment is missing: the remaining count skipped past the one expected (out of order or
    /// lost).
    #[error(
        "segment missing for local reference {local_reference}: remaining {remaining}, expected {expected}"
    )]
    MissingSegment {
        /// The segmentation local reference.
        local_reference: LocalReference,
        /// Its remaining-segments value.
        remaining: u8,
        /// The remaining-segments value expected next.
        expected: u8,
    },
    /// A later segment's class bit differs from the first segment's.
    #[error("segment of local reference {local_reference} changes the class of the message")]
    InconsistentClass {
        /// The segmentation local reference.
        local_reference: LocalReference,
    },
    /// As many reassemblies as the configuration allows are already in progress.
    #[error("{limit} reassemblies already in progress")]
    TooManyPartials {
        /// The configured limit.
        limit: usize,
    },
    /// Buffering this segment would exceed the configured bound on buffered octets.
    #[error("buffering the segment would exceed the {limit}-octet reassembly buffer")]
    BufferFull {
        /// The configured limit.
        limit: usize,
    },
}

impl ReassemblyError {
    /// The return cause for the (first segment's) message: always
    /// [`ReturnCause::SEGMENTATION_FAILURE`] (Q.714 §4.1.1.3 — reassembly failed, whether
    /// because of the sequence or of the receiver's resources).
    pub fn return_cause(&self) -> ReturnCause {
        ReturnCause::SEGMENTATION_FAILURE
    }

    /// A sequence error (as opposed to a resource bound).
    pub fn is_sequence_error(&self) -> bool {
        !matches!(self, Self::TooManyPartials { .. } | Self::BufferFull { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn causes() {
        let e = DecodeError::Truncated {
            offset: 3,
            needed: 1,
        };
        assert_eq!(e.return_cause(), ReturnCause::ERROR_IN_MESSAGE_TRANSPORT);
        assert_eq!(e.offset(), 3);
        let e = DecodeError::InvalidHopCounter {
            offset: 2,
            value: 0,
        };
        assert_eq!(e.return_cause(), ReturnCause::HOP_COUNTER_VIOLATION);
        let e = DecodeError::InvalidLength {
            offset: 9,
            parameter: ParameterName::SEGMENTATION,
            length: 3,
            expected: 4,
        };
        assert_eq!(e.return_cause(), ReturnCause::SEGMENTATION_FAILURE);
        let e = DecodeError::InvalidLength {
            offset: 9,
            parameter: ParameterName::IMPORTANCE,
            length: 3,
            expected: 1,
        };
        assert_eq!(e.return_cause(), ReturnCause::UNQUALIFIED);
        assert_eq!(
            DecodeError::UnsupportedMessageType {
                offset: 0,
                message_type: MessageType::CR
            }
            .to_string(),
            "unsupported message type CR (1) at octet 0"
        );
        let r = ReassemblyError::BufferFull { limit: 1 };
        assert_eq!(r.return_cause(), ReturnCause::SEGMENTATION_FAILURE);
        assert!(!r.is_sequence_error());
    }
}
