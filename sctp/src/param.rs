//! INIT and INIT ACK parameters (RFC 9260 §3.3.2.1, §3.3.3.1) and the TLV layout they share
//! with error causes (§3.2.1).

use std::net::{Ipv4Addr, Ipv6Addr};

use bytes::{Buf, BufMut, Bytes};

use crate::chunk::ChunkType;
use crate::error::{DecodeError, EncodeError};

code_point! {
    /// A Parameter Type (RFC 9260 §3.2.1; IANA "Chunk Parameter Types").
    pub struct ParamType(u16);
    /// Heartbeat Info (§3.3.5).
    HEARTBEAT_INFO = 1 => "Heartbeat Info";
    /// IPv4 Address (§3.3.2.1.1).
    IPV4_ADDRESS = 5 => "IPv4 Address";
    /// IPv6 Address (§3.3.2.1.2).
    IPV6_ADDRESS = 6 => "IPv6 Address";
    /// State Cookie (§3.3.3.1).
    STATE_COOKIE = 7 => "State Cookie";
    /// Unrecognized Parameter (§3.3.3.1).
    UNRECOGNIZED_PARAMETER = 8 => "Unrecognized Parameter";
    /// Cookie Preservative (§3.3.2.1.3).
    COOKIE_PRESERVATIVE = 9 => "Cookie Preservative";
    /// Host Name Address (§3.3.2.1.4, deprecated).
    HOST_NAME_ADDRESS = 11 => "Host Name Address";
    /// Supported Address Types (§3.3.2.1.5).
    SUPPORTED_ADDRESS_TYPES = 12 => "Supported Address Types";
    /// ECN Capable (§3.3.2.1, reserved for ECN).
    ECN_CAPABLE = 0x8000 => "ECN Capable";
    /// Random (RFC 4895 AUTH).
    RANDOM = 0x8002 => "Random";
    /// Chunk List (RFC 4895 AUTH).
    CHUNK_LIST = 0x8003 => "Chunk List";
    /// Requested HMAC Algorithm (RFC 4895 AUTH).
    HMAC_ALGORITHM = 0x8004 => "Requested HMAC Algorithm";
    /// Padding (RFC 4820).
    PADDING = 0x8005 => "Padding";
    /// Supported Extensions (RFC 5061).
    SUPPORTED_EXTENSIONS = 0x8008 => "Supported Extensions";
    /// Forward-TSN-Supported (RFC 3758 PR-SCTP).
    FORWARD_TSN_SUPPORTED = 0xC000 => "Forward-TSN-Supported";
    /// Adaptation Layer Indication (RFC 5061).
    ADAPTATION_LAYER_INDICATION = 0xC006 => "Adaptation Layer Indication";
}

/// What a receiver does with a parameter type it does not recognize: the upper two bits of the
/// type (RFC 9260 §3.2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum UnrecognizedAction {
    /// `00`: stop processing, report nothing.
    Stop,
    /// `01`: stop processing and report.
    StopAndReport,
    /// `10`: skip it and continue, report nothing.
    Skip,
    /// `11`: skip it, continue, and report.
    SkipAndReport,
}

impl UnrecognizedAction {
    /// The action coded in the two most significant bits of `bits`.
    pub const fn from_upper_bits(bits: u8) -> Self {
        match bits >> 6 {
            0 => Self::Stop,
            1 => Self::StopAndReport,
            2 => Self::Skip,
            _ => Self::SkipAndReport,
        }
    }

    /// Whether processing goes on after this item.
    pub const fn continues(self) -> bool {
        matches!(self, Self::Skip | Self::SkipAndReport)
    }

    /// Whether the item is reported to the sender.
    pub const fn reports(self) -> bool {
        matches!(self, Self::StopAndReport | Self::SkipAndReport)
    }
}

impl ParamType {
    /// What to do with this type if it is not recognized (RFC 9260 §3.2.1).
    pub const fn unrecognized_action(self) -> UnrecognizedAction {
        UnrecognizedAction::from_upper_bits((self.0 >> 8) as u8)
    }
}

/// An INIT or INIT ACK parameter. Unknown types are kept as [`InitParam::Unknown`], so a round
/// trip keeps them; what to do with them is the [`Endpoint`](crate::Endpoint)'s business
/// (RFC 9260 §3.2.1).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
pub enum InitParam {
    /// IPv4 Address (§3.3.2.1.1).
    Ipv4Address(Ipv4Addr),
    /// IPv6 Address (§3.3.2.1.2).
    Ipv6Address(Ipv6Addr),
    /// State Cookie (§3.3.3.1), INIT ACK only.
    StateCookie(
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::serde_hex::bytes"))] Bytes,
    ),
    /// Unrecognized Parameter (§3.3.3.1), INIT ACK only: the whole unrecognized TLV.
    UnrecognizedParameter(
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::serde_hex::bytes"))] Bytes,
    ),
    /// Cookie Preservative (§3.3.2.1.3): suggested cookie life span increment, milliseconds.
    CookiePreservative(u32),
    /// Host Name Address (§3.3.2.1.4): deprecated, the receiver aborts.
    HostNameAddress(
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::serde_hex::bytes"))] Bytes,
    ),
    /// Supported Address Types (§3.3.2.1.5): a list of parameter types (5, 6, 11).
    SupportedAddressTypes(Vec<u16>),
    /// ECN Capable (0x8000), empty.
    EcnCapable,
    /// Forward-TSN-Supported (0xC000, RFC 3758), empty.
    ForwardTsnSupported,
    /// Supported Extensions (0x8008, RFC 5061): a list of chunk types.
    SupportedExtensions(
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::serde_hex::bytes"))] Bytes,
    ),
    /// Random (0x8002, RFC 4895), kept opaque: VNS does not do AUTH.
    Random(#[cfg_attr(feature = "serde", serde(serialize_with = "crate::serde_hex::bytes"))] Bytes),
    /// Chunk List (0x8003, RFC 4895), kept opaque.
    ChunkList(
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::serde_hex::bytes"))] Bytes,
    ),
    /// Requested HMAC Algorithm (0x8004, RFC 4895), kept opaque.
    HmacAlgorithm(
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::serde_hex::bytes"))] Bytes,
    ),
    /// Any other type, kept as it came.
    Unknown {
        /// The Parameter Type.
        param_type: ParamType,
        /// The value, without padding.
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::serde_hex::bytes"))]
        value: Bytes,
    },
}

impl InitParam {
    /// The parameter's type.
    pub fn param_type(&self) -> ParamType {
        match self {
            Self::Ipv4Address(_) => ParamType::IPV4_ADDRESS,
            Self::Ipv6Address(_) => ParamType::IPV6_ADDRESS,
            Self::StateCookie(_) => ParamType::STATE_COOKIE,
            Self::UnrecognizedParameter(_) => ParamType::UNRECOGNIZED_PARAMETER,
            Self::CookiePreservative(_) => ParamType::COOKIE_PRESERVATIVE,
            Self::HostNameAddress(_) => ParamType::HOST_NAME_ADDRESS,
            Self::SupportedAddressTypes(_) => ParamType::SUPPORTED_ADDRESS_TYPES,
            Self::EcnCapable => ParamType::ECN_CAPABLE,
            Self::ForwardTsnSupported => ParamType::FORWARD_TSN_SUPPORTED,
            Self::SupportedExtensions(_) => ParamType::SUPPORTED_EXTENSIONS,
            Self::Random(_) => ParamType::RANDOM,
            Self::ChunkList(_) => ParamType::CHUNK_LIST,
            Self::HmacAlgorithm(_) => ParamType::HMAC_ALGORITHM,
            Self::Unknown { param_type, .. } => *param_type,
        }
    }

    /// Decodes one parameter from its type and value (the value without padding).
    pub fn from_tlv(param_type: ParamType, value: Bytes) -> Result<Self, DecodeError> {
        let bad = || DecodeError::BadParameterLength {
            param_type,
            length: (value.len() + 4).min(usize::from(u16::MAX)) as u16,
        };
        Ok(match param_type {
            ParamType::IPV4_ADDRESS => {
                let octets: [u8; 4] = value.as_ref().try_into().map_err(|_| bad())?;
                Self::Ipv4Address(Ipv4Addr::from(octets))
            }
            ParamType::IPV6_ADDRESS => {
                let octets: [u8; 16] = value.as_ref().try_into().map_err(|_| bad())?;
                Self::Ipv6Address(Ipv6Addr::from(octets))
            }
            ParamType::STATE_COOKIE => Self::StateCookie(value),
            ParamType::UNRECOGNIZED_PARAMETER => Self::UnrecognizedParameter(value),
            ParamType::COOKIE_PRESERVATIVE => {
                let octets: [u8; 4] = value.as_ref().try_into().map_err(|_| bad())?;
                Self::CookiePreservative(u32::from_be_bytes(octets))
            }
            ParamType::HOST_NAME_ADDRESS => Self::HostNameAddress(value),
            ParamType::SUPPORTED_ADDRESS_TYPES => {
                if !value.len().is_multiple_of(2) {
                    return Err(bad());
                }
                Self::SupportedAddressTypes(
                    value
                        .chunks_exact(2)
                        .map(|c| u16::from_be_bytes([c[0], c[1]]))
                        .collect(),
                )
            }
            ParamType::ECN_CAPABLE if value.is_empty() => Self::EcnCapable,
            ParamType::FORWARD_TSN_SUPPORTED if value.is_empty() => Self::ForwardTsnSupported,
            ParamType::ECN_CAPABLE | ParamType::FORWARD_TSN_SUPPORTED => return Err(bad()),
            ParamType::SUPPORTED_EXTENSIONS => Self::SupportedExtensions(value),
            ParamType::RANDOM => Self::Random(value),
            ParamType::CHUNK_LIST => Self::ChunkList(value),
            ParamType::HMAC_ALGORITHM => Self::HmacAlgorithm(value),
            _ => Self::Unknown { param_type, value },
        })
    }

    /// The value length without padding.
    pub fn value_len(&self) -> usize {
        match self {
            Self::Ipv4Address(_) | Self::CookiePreservative(_) => 4,
            Self::Ipv6Address(_) => 16,
            Self::StateCookie(b)
            | Self::UnrecognizedParameter(b)
            | Self::HostNameAddress(b)
            | Self::SupportedExtensions(b)
            | Self::Random(b)
            | Self::ChunkList(b)
            | Self::HmacAlgorithm(b)
            | Self::Unknown { value: b, .. } => b.len(),
            Self::SupportedAddressTypes(t) => 2 * t.len(),
            Self::EcnCapable | Self::ForwardTsnSupported => 0,
        }
    }

    /// Writes the TLV with its padding.
    pub fn encode(&self, buf: &mut impl BufMut) -> Result<(), EncodeError> {
        put_tlv_header(buf, self.param_type().0, self.value_len(), "parameter")?;
        match self {
            Self::Ipv4Address(a) => buf.put_slice(&a.octets()),
            Self::Ipv6Address(a) => buf.put_slice(&a.octets()),
            Self::CookiePreservative(v) => buf.put_u32(*v),
            Self::StateCookie(b)
            | Self::UnrecognizedParameter(b)
            | Self::HostNameAddress(b)
            | Self::SupportedExtensions(b)
            | Self::Random(b)
            | Self::ChunkList(b)
            | Self::HmacAlgorithm(b)
            | Self::Unknown { value: b, .. } => buf.put_slice(b),
            Self::SupportedAddressTypes(t) => t.iter().for_each(|v| buf.put_u16(*v)),
            Self::EcnCapable | Self::ForwardTsnSupported => {}
        }
        put_padding(buf, self.value_len());
        Ok(())
    }
}

/// Rounds `n` up to a multiple of four (RFC 9260 §3.2: chunks and parameters are padded to
/// 4-octet boundaries).
pub(crate) const fn pad4(n: usize) -> usize {
    (n + 3) & !3
}

/// Writes the zero padding after a value of `len` octets.
pub(crate) fn put_padding(buf: &mut impl BufMut, len: usize) {
    buf.put_bytes(0, pad4(len) - len);
}

/// Writes a TLV header (type, length = 4 + value_len).
pub(crate) fn put_tlv_header(
    buf: &mut impl BufMut,
    ty: u16,
    value_len: usize,
    what: &'static str,
) -> Result<(), EncodeError> {
    let length = u16::try_from(value_len + 4).map_err(|_| EncodeError::TooLong {
        what,
        length: value_len + 4,
    })?;
    buf.put_u16(ty);
    buf.put_u16(length);
    Ok(())
}

/// Length of a list of TLVs whose values have the given lengths, as counted in a chunk's
/// Length field: each padded except the last (RFC 9260 §3.2 "does include padding of any
/// variable-length parameter except the last parameter in the chunk").
pub(crate) fn tlv_list_len(value_lens: impl Iterator<Item = usize>) -> usize {
    let mut total = 0;
    let mut last_pad = 0;
    for len in value_lens {
        total += pad4(4 + len);
        last_pad = pad4(4 + len) - (4 + len);
    }
    total - last_pad
}

/// An iterator over the TLVs (type, value) of a parameter or error-cause list. The last TLV may
/// lack its padding (RFC 9260 §3.2). Each item is a `Bytes` slice of the input, no copy.
#[derive(Debug, Clone)]
pub struct TlvIter {
    rest: Bytes,
}

impl TlvIter {
    /// Iterates over the TLVs in `rest`.
    pub fn new(rest: Bytes) -> Self {
        Self { rest }
    }

    /// The undecoded remainder.
    pub fn remainder(&self) -> &Bytes {
        &self.rest
    }
}

impl Iterator for TlvIter {
    type Item = Result<(u16, Bytes, Bytes), DecodeError>;

    /// Yields (type, value, the whole TLV without padding).
    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        if self.rest.len() < 4 {
            let remaining = self.rest.len();
            self.rest.clear();
            return Some(Err(DecodeError::Truncated {
                what: "parameter header",
                needed: 4,
                remaining,
            }));
        }
        let ty = u16::from_be_bytes([self.rest[0], self.rest[1]]);
        let length = u16::from_be_bytes([self.rest[2], self.rest[3]]);
        let len = usize::from(length);
        if len < 4 || len > self.rest.len() {
            self.rest.clear();
            return Some(Err(DecodeError::BadParameterLength {
                param_type: ParamType(ty),
                length,
            }));
        }
        let whole = self.rest.slice(..len);
        let value = whole.slice(4..);
        self.rest.advance(pad4(len).min(self.rest.len()));
        Some(Ok((ty, value, whole)))
    }
}

/// Decodes a list of INIT parameters.
pub(crate) fn decode_params(rest: Bytes) -> Result<Vec<InitParam>, DecodeError> {
    TlvIter::new(rest)
        .map(|tlv| tlv.and_then(|(ty, value, _)| InitParam::from_tlv(ParamType(ty), value)))
        .collect()
}

/// The supported-extension chunk types of a [`InitParam::SupportedExtensions`] value.
pub fn supported_extensions(value: &[u8]) -> impl Iterator<Item = ChunkType> + '_ {
    value.iter().map(|&t| ChunkType(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upper_bits() {
        assert_eq!(
            ParamType(0x0005).unrecognized_action(),
            UnrecognizedAction::Stop
        );
        assert_eq!(
            ParamType(0x4001).unrecognized_action(),
            UnrecognizedAction::StopAndReport
        );
        assert_eq!(
            ParamType::ECN_CAPABLE.unrecognized_action(),
            UnrecognizedAction::Skip
        );
        assert_eq!(
            ParamType::FORWARD_TSN_SUPPORTED.unrecognized_action(),
            UnrecognizedAction::SkipAndReport
        );
    }

    #[test]
    fn address_params() {
        let mut buf = Vec::new();
        InitParam::Ipv4Address(Ipv4Addr::new(10, 0, 0, 1))
            .encode(&mut buf)
            .unwrap();
        InitParam::Ipv6Address(Ipv6Addr::LOCALHOST)
            .encode(&mut buf)
            .unwrap();
        InitParam::SupportedAddressTypes(vec![5])
            .encode(&mut buf)
            .unwrap();
        assert_eq!(&buf[..8], &[0, 5, 0, 8, 10, 0, 0, 1]);
        assert_eq!(&buf[8..12], &[0, 6, 0, 20]);
        // One address type: length 6, padded to 8.
        assert_eq!(&buf[28..], &[0, 12, 0, 6, 0, 5, 0, 0]);
        let params = decode_params(Bytes::from(buf)).unwrap();
        assert_eq!(params.len(), 3);
        assert_eq!(params[2], InitParam::SupportedAddressTypes(vec![5]));
    }

    #[test]
    fn bad_lengths() {
        // IPv4 with 3 octets of value.
        let err = decode_params(Bytes::from_static(&[0, 5, 0, 7, 1, 2, 3, 0])).unwrap_err();
        assert!(matches!(err, DecodeError::BadParameterLength { .. }));
        // Length below 4.
        assert!(decode_params(Bytes::from_static(&[0, 5, 0, 3])).is_err());
        // Length past the end.
        assert!(decode_params(Bytes::from_static(&[0, 7, 0, 9, 1, 2])).is_err());
        // Truncated header.
        assert!(decode_params(Bytes::from_static(&[0, 7])).is_err());
        // ECN Capable with a value.
        assert!(decode_params(Bytes::from_static(&[0x80, 0, 0, 5, 1, 0, 0, 0])).is_err());
        // Odd Supported Address Types.
        assert!(decode_params(Bytes::from_static(&[0, 12, 0, 5, 1, 0, 0, 0])).is_err());
    }

    #[test]
    fn last_padding_may_be_missing() {
        let params = decode_params(Bytes::from_static(&[0, 7, 0, 5, 0xaa])).unwrap();
        assert_eq!(
            params,
            vec![InitParam::StateCookie(Bytes::from_static(&[0xaa]))]
        );
    }

    #[test]
    fn list_len() {
        assert_eq!(tlv_list_len([1usize, 1].into_iter()), 8 + 5);
        assert_eq!(tlv_list_len(std::iter::empty()), 0);
    }
}
