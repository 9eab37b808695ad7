//! Error causes carried by ABORT and ERROR chunks (RFC 9260 §3.3.10).

use bytes::{BufMut, Bytes};

use crate::error::{DecodeError, EncodeError};
use crate::param::{TlvIter, put_padding, put_tlv_header};

code_point! {
    /// A Cause Code (RFC 9260 §3.3.10).
    pub struct CauseCode(u16);
    /// Invalid Stream Identifier (§3.3.10.1).
    INVALID_STREAM_IDENTIFIER = 1 => "Invalid Stream Identifier";
    /// Missing Mandatory Parameter (§3.3.10.2).
    MISSING_MANDATORY_PARAMETER = 2 => "Missing Mandatory Parameter";
    /// Stale Cookie Error (§3.3.10.3).
    STALE_COOKIE = 3 => "Stale Cookie Error";
    /// Out of Resource (§3.3.10.4).
    OUT_OF_RESOURCE = 4 => "Out of Resource";
    /// Unresolvable Address (§3.3.10.5).
    UNRESOLVABLE_ADDRESS = 5 => "Unresolvable Address";
    /// Unrecognized Chunk Type (§3.3.10.6).
    UNRECOGNIZED_CHUNK_TYPE = 6 => "Unrecognized Chunk Type";
    /// Invalid Mandatory Parameter (§3.3.10.7).
    INVALID_MANDATORY_PARAMETER = 7 => "Invalid Mandatory Parameter";
    /// Unrecognized Parameters (§3.3.10.8).
    UNRECOGNIZED_PARAMETERS = 8 => "Unrecognized Parameters";
    /// No User Data (§3.3.10.9).
    NO_USER_DATA = 9 => "No User Data";
    /// Cookie Received While Shutting Down (§3.3.10.10).
    COOKIE_RECEIVED_WHILE_SHUTTING_DOWN = 10 => "Cookie Received While Shutting Down";
    /// Restart of an Association with New Addresses (§3.3.10.11).
    RESTART_WITH_NEW_ADDRESSES = 11 => "Restart of an Association with New Addresses";
    /// User-Initiated Abort (§3.3.10.12).
    USER_INITIATED_ABORT = 12 => "User-Initiated Abort";
    /// Protocol Violation (§3.3.10.13).
    PROTOCOL_VIOLATION = 13 => "Protocol Violation";
}

/// One error cause: its code and its cause-specific information, kept as octets so that any
/// cause (known or not) survives a round trip. Constructors and accessors give the typed view of
/// the §3.3.10 causes.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ErrorCause {
    /// The Cause Code.
    pub code: CauseCode,
    /// The cause-specific information, without padding.
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::serde_hex::bytes"))]
    pub info: Bytes,
}

impl ErrorCause {
    /// A cause with no information (Out of Resource, Invalid Mandatory Parameter, Cookie Received
    /// While Shutting Down, …).
    pub const fn bare(code: CauseCode) -> Self {
        Self {
            code,
            info: Bytes::new(),
        }
    }

    /// Invalid Stream Identifier (§3.3.10.1): the stream, then 16 reserved bits.
    pub fn invalid_stream(stream: u16) -> Self {
        let mut v = Vec::with_capacity(4);
        v.put_u16(stream);
        v.put_u16(0);
        Self {
            code: CauseCode::INVALID_STREAM_IDENTIFIER,
            info: v.into(),
        }
    }

    /// Missing Mandatory Parameter (§3.3.10.2): a count, then the missing parameter types.
    pub fn missing_mandatory(params: &[u16]) -> Self {
        let mut v = Vec::with_capacity(4 + 2 * params.len());
        v.put_u32(params.len() as u32);
        params.iter().for_each(|p| v.put_u16(*p));
        Self {
            code: CauseCode::MISSING_MANDATORY_PARAMETER,
            info: v.into(),
        }
    }

    /// Stale Cookie Error (§3.3.10.3): how late the cookie was, in microseconds.
    pub fn stale_cookie(staleness_us: u32) -> Self {
        Self {
            code: CauseCode::STALE_COOKIE,
            info: Bytes::copy_from_slice(&staleness_us.to_be_bytes()),
        }
    }

    /// Unrecognized Chunk Type (§3.3.10.6): the whole unrecognized chunk (header and value).
    pub fn unrecognized_chunk(chunk: Bytes) -> Self {
        Self {
            code: CauseCode::UNRECOGNIZED_CHUNK_TYPE,
            info: chunk,
        }
    }

    /// Unrecognized Parameters (§3.3.10.8): the unrecognized TLVs, each padded.
    pub fn unrecognized_parameters(tlvs: Bytes) -> Self {
        Self {
            code: CauseCode::UNRECOGNIZED_PARAMETERS,
            info: tlvs,
        }
    }

    /// No User Data (§3.3.10.9): the TSN of the empty DATA chunk.
    pub fn no_user_data(tsn: u32) -> Self {
        Self {
            code: CauseCode::NO_USER_DATA,
            info: Bytes::copy_from_slice(&tsn.to_be_bytes()),
        }
    }

    /// User-Initiated Abort (§3.3.10.12): the upper layer's reason.
    pub fn user_initiated_abort(reason: Bytes) -> Self {
        Self {
            code: CauseCode::USER_INITIATED_ABORT,
            info: reason,
        }
    }

    /// Protocol Violation (§3.3.10.13): additional information (free text).
    pub fn protocol_violation(info: impl Into<Bytes>) -> Self {
        Self {
            code: CauseCode::PROTOCOL_VIOLATION,
            info: info.into(),
        }
    }

    /// The staleness in microseconds, for a well-formed Stale Cookie Error.
    pub fn staleness_us(&self) -> Option<u32> {
        (self.code == CauseCode::STALE_COOKIE)
            .then(|| self.info.as_ref().try_into().ok().map(u32::from_be_bytes))
            .flatten()
    }

    /// The stream, for a well-formed Invalid Stream Identifier.
    pub fn stream(&self) -> Option<u16> {
        (self.code == CauseCode::INVALID_STREAM_IDENTIFIER && self.info.len() == 4)
            .then(|| u16::from_be_bytes([self.info[0], self.info[1]]))
    }

    /// The TSN, for a well-formed No User Data.
    pub fn tsn(&self) -> Option<u32> {
        (self.code == CauseCode::NO_USER_DATA)
            .then(|| self.info.as_ref().try_into().ok().map(u32::from_be_bytes))
            .flatten()
    }

    /// Writes the cause TLV with its padding.
    pub fn encode(&self, buf: &mut impl BufMut) -> Result<(), EncodeError> {
        put_tlv_header(buf, self.code.0, self.info.len(), "error cause")?;
        buf.put_slice(&self.info);
        put_padding(buf, self.info.len());
        Ok(())
    }
}

impl core::fmt::Display for ErrorCause {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}", self.code)?;
        if let Some(us) = self.staleness_us() {
            write!(f, " ({us} us)")?;
        } else if (self.code == CauseCode::PROTOCOL_VIOLATION
            || self.code == CauseCode::USER_INITIATED_ABORT)
            && let Ok(text) = core::str::from_utf8(&self.info)
            && !text.is_empty()
        {
            write!(f, ": {text}")?;
        }
        Ok(())
    }
}

/// Decodes a list of error causes (the value of an ABORT or ERROR chunk).
pub(crate) fn decode_causes(value: Bytes) -> Result<Vec<ErrorCause>, DecodeError> {
    TlvIter::new(value)
        .map(|tlv| {
            tlv.map(|(code, info, _)| ErrorCause {
                code: CauseCode(code),
                info,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_views() {
        assert_eq!(ErrorCause::stale_cookie(1234).staleness_us(), Some(1234));
        assert_eq!(ErrorCause::invalid_stream(7).stream(), Some(7));
        assert_eq!(ErrorCause::no_user_data(99).tsn(), Some(99));
        assert_eq!(
            ErrorCause::bare(CauseCode::OUT_OF_RESOURCE).staleness_us(),
            None
        );
        assert_eq!(
            ErrorCause::protocol_violation("x").to_string(),
            "Protocol Violation: x"
        );
        assert_eq!(CauseCode(99).to_string(), "unknown(0x63)");
    }

    #[test]
    fn encode_decode() {
        let causes = vec![
            ErrorCause::invalid_stream(3),
            ErrorCause::missing_mandatory(&[7]),
            ErrorCause::protocol_violation("abc"),
        ];
        let mut buf = Vec::new();
        causes.iter().for_each(|c| c.encode(&mut buf).unwrap());
        assert_eq!(&buf[..8], &[0, 1, 0, 8, 0, 3, 0, 0]);
        assert_eq!(&buf[8..18], &[0, 2, 0, 10, 0, 0, 0, 1, 0, 7]);
        assert_eq!(decode_causes(Bytes::from(buf)).unwrap(), causes);
    }
}
