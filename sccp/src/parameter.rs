//! Parameter names (Q.713 §3, Table 2), the hop counter (§3.18) and the optional parameters of
//! the connectionless messages: segmentation (§3.17), importance (§3.19) and unknown ones.

use core::fmt;

use bytes::{BufMut, Bytes};

use crate::code_point::code_point;
use crate::error::{DecodeError, EncodeError, MessagePart};

code_point! {
    /// SCCP parameter name code (Q.713 §3, Table 2).
    pub struct ParameterName(u8);
    /// End of optional parameters (§3.1).
    END_OF_OPTIONAL_PARAMETERS = 0x00, "end of optional parameters";
    /// Destination local reference (§3.2).
    DESTINATION_LOCAL_REFERENCE = 0x01, "destination local reference";
    /// Source local reference (§3.3).
    SOURCE_LOCAL_REFERENCE = 0x02, "source local reference";
    /// Called party address (§3.4).
    CALLED_PARTY_ADDRESS = 0x03, "called party address";
    /// Calling party address (§3.5).
    CALLING_PARTY_ADDRESS = 0x04, "calling party address";
    /// Protocol class (§3.6).
    PROTOCOL_CLASS = 0x05, "protocol class";
    /// Segmenting/reassembling (§3.7).
    SEGMENTING_REASSEMBLING = 0x06, "segmenting/reassembling";
    /// Receive sequence number (§3.8).
    RECEIVE_SEQUENCE_NUMBER = 0x07, "receive sequence number";
    /// Sequencing/segmenting (§3.9).
    SEQUENCING_SEGMENTING = 0x08, "sequencing/segmenting";
    /// Credit (§3.10).
    CREDIT = 0x09, "credit";
    /// Release cause (§3.11).
    RELEASE_CAUSE = 0x0a, "release cause";
    /// Return cause (§3.12).
    RETURN_CAUSE = 0x0b, "return cause";
    /// Reset cause (§3.13).
    RESET_CAUSE = 0x0c, "reset cause";
    /// Error cause (§3.14).
    ERROR_CAUSE = 0x0d, "error cause";
    /// Refusal cause (§3.15).
    REFUSAL_CAUSE = 0x0e, "refusal cause";
    /// Data (§3.16).
    DATA = 0x0f, "data";
    /// Segmentation (§3.17).
    SEGMENTATION = 0x10, "segmentation";
    /// Hop counter (§3.18).
    HOP_COUNTER = 0x11, "hop counter";
    /// Importance (§3.19).
    IMPORTANCE = 0x12, "importance";
    /// Long data (§3.20).
    LONG_DATA = 0x13, "long data";
}

/// The hop counter of XUDT, XUDTS, LUDT and LUDTS (Q.713 §3.18): 1–15, decremented at each
/// global title translation; reaching 0 is a hop counter violation (Q.714 §2.3.2).
///
/// The decoder rejects 0 and values above 15 ([`DecodeError::InvalidHopCounter`]), so a
/// `HopCounter` always holds 1–15.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(transparent))]
pub struct HopCounter(u8);

impl HopCounter {
    /// 15, the largest value and the usual initial one.
    pub const MAX: Self = Self(15);

    /// A hop counter of `value`, which must be 1–15.
    pub const fn new(value: u8) -> Option<Self> {
        if value >= 1 && value <= 15 {
            Some(Self(value))
        } else {
            None
        }
    }

    /// The value, 1–15.
    pub const fn get(self) -> u8 {
        self.0
    }

    /// The counter after one more translation, or `None` when it would reach 0 (hop counter
    /// violation, Q.714 §2.3.2).
    pub const fn decrement(self) -> Option<Self> {
        Self::new(self.0 - 1)
    }
}

impl Default for HopCounter {
    fn default() -> Self {
        Self::MAX
    }
}

impl fmt::Debug for HopCounter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HopCounter({})", self.0)
    }
}

impl fmt::Display for HopCounter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The importance of a message (Q.713 §3.19): 0 (least) to 7 (most) in bits 1–3, bits 4–8 spare.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(transparent))]
pub struct Importance(u8);

impl Importance {
    /// The highest importance, 7.
    pub const MAX: Self = Self(7);

    /// Importance `value`, which must be 0–7.
    pub const fn new(value: u8) -> Option<Self> {
        if value <= 7 { Some(Self(value)) } else { None }
    }

    /// The value, 0–7.
    pub const fn get(self) -> u8 {
        self.0
    }
}

impl fmt::Debug for Importance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Importance({})", self.0)
    }
}

impl fmt::Display for Importance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The three-octet segmentation local reference (Q.713 §3.17), kept as the octets received.
///
/// [`LocalReference::from_u32`]/[`LocalReference::to_u32`] read the octets least significant
/// first, as Wireshark shows `sccp.segmentation.slr`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct LocalReference(pub [u8; 3]);

impl LocalReference {
    /// The reference whose octets, least significant first, are the low 24 bits of `value`;
    /// `None` when `value` exceeds 24 bits.
    pub const fn from_u32(value: u32) -> Option<Self> {
        if value > 0x00ff_ffff {
            return None;
        }
        let b = value.to_le_bytes();
        Some(Self([b[0], b[1], b[2]]))
    }

    /// The octets as a number, least significant first.
    pub const fn to_u32(self) -> u32 {
        u32::from_le_bytes([self.0[0], self.0[1], self.0[2], 0])
    }
}

impl fmt::Debug for LocalReference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LocalReference({:#08x})", self.to_u32())
    }
}

impl fmt::Display for LocalReference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:#08x}", self.to_u32())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for LocalReference {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u32(self.to_u32())
    }
}

/// The segmentation parameter (Q.713 §3.17): four octets.
///
/// ```text
///  8   7   6   5   4   3   2   1
/// +---+---+-------+---------------+
/// | F | C | spare |  remaining    |   F: first segment, C: class 1 requested
/// +---+---+-------+---------------+
/// |  segmentation local reference |   3 octets
/// +-------------------------------+
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Segmentation {
    /// Bit 8 (F): this is the first segment.
    pub first: bool,
    /// Bit 7 (C): the user asked for class 1 (in-sequence delivery) for the whole message;
    /// `false` means class 0.
    pub class1: bool,
    /// Bits 1–4: the number of segments still to come after this one, 0–15.
    pub remaining_segments: u8,
    /// The segmentation local reference.
    pub local_reference: LocalReference,
}

impl Segmentation {
    const LEN: usize = 4;

    fn decode(octets: &[u8; 4]) -> Self {
        let [flags, r0, r1, r2] = *octets;
        // Q.713 §3.17; bits 5-6 are spare and ignored (§2.8).
        Self {
            first: flags & 0x80 != 0,
            class1: flags & 0x40 != 0,
            remaining_segments: flags & 0x0f,
            local_reference: LocalReference([r0, r1, r2]),
        }
    }

    fn validate(&self) -> Result<(), EncodeError> {
        if self.remaining_segments > 15 {
            return Err(EncodeError::FieldOutOfRange {
                field: "remaining segments",
                value: u32::from(self.remaining_segments),
            });
        }
        Ok(())
    }

    fn write(&self, out: &mut impl BufMut) {
        let mut flags = self.remaining_segments & 0x0f;
        if self.first {
            flags |= 0x80;
        }
        if self.class1 {
            flags |= 0x40;
        }
        out.put_u8(flags);
        out.put_slice(&self.local_reference.0);
    }
}

impl fmt::Display for Segmentation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "seg={{{}rem={} class={} ref={}}}",
            if self.first { "first " } else { "" },
            self.remaining_segments,
            u8::from(self.class1),
            self.local_reference
        )
    }
}

/// One parameter of the optional part (Q.713 §2.5).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
pub enum OptionalParameter {
    /// Segmentation (§3.17).
    Segmentation(Segmentation),
    /// Importance (§3.19).
    Importance(Importance),
    /// Any other parameter, kept as received for a byte-exact round trip.
    Other {
        /// Its name.
        name: ParameterName,
        /// Its value (without name and length).
        #[cfg_attr(
            feature = "serde",
            serde(serialize_with = "crate::serde_hex::serialize")
        )]
        value: Bytes,
    },
}

impl OptionalParameter {
    /// The parameter name.
    pub fn name(&self) -> ParameterName {
        match self {
            Self::Segmentation(_) => ParameterName::SEGMENTATION,
            Self::Importance(_) => ParameterName::IMPORTANCE,
            Self::Other { name, .. } => *name,
        }
    }

    fn value_len(&self) -> usize {
        match self {
            Self::Segmentation(_) => Segmentation::LEN,
            Self::Importance(_) => 1,
            Self::Other { value, .. } => value.len(),
        }
    }
}

/// The optional part of an XUDT, XUDTS, LUDT or LUDTS, in the order received (so that unknown
/// parameters and unusual orders round-trip). Empty means no optional part (pointer 0).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(transparent))]
pub struct OptionalParameters(pub Vec<OptionalParameter>);

impl OptionalParameters {
    /// No optional parameters.
    pub const fn new() -> Self {
        Self(Vec::new())
    }

    /// No optional parameters at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The parameters in order.
    pub fn iter(&self) -> impl Iterator<Item = &OptionalParameter> {
        self.0.iter()
    }

    /// The segmentation parameter, if present.
    pub fn segmentation(&self) -> Option<Segmentation> {
        self.0.iter().find_map(|p| match p {
            OptionalParameter::Segmentation(s) => Some(*s),
            _ => None,
        })
    }

    /// The importance parameter, if present.
    pub fn importance(&self) -> Option<Importance> {
        self.0.iter().find_map(|p| match p {
            OptionalParameter::Importance(i) => Some(*i),
            _ => None,
        })
    }

    /// Sets (replacing in place) or removes the segmentation parameter; a new one goes first,
    /// where Q.713 §4.18 lists it.
    pub fn set_segmentation(&mut self, segmentation: Option<Segmentation>) {
        let at = self
            .0
            .iter()
            .position(|p| matches!(p, OptionalParameter::Segmentation(_)));
        match (at, segmentation) {
            (Some(i), Some(s)) => self.0[i] = OptionalParameter::Segmentation(s),
            (Some(i), None) => {
                self.0.remove(i);
            }
            (None, Some(s)) => self.0.insert(0, OptionalParameter::Segmentation(s)),
            (None, None) => {}
        }
    }

    /// Sets (replacing in place) or removes the importance parameter; a new one goes after the
    /// segmentation parameter, where Q.713 §4.18 lists it.
    pub fn set_importance(&mut self, importance: Option<Importance>) {
        let at = self
            .0
            .iter()
            .position(|p| matches!(p, OptionalParameter::Importance(_)));
        match (at, importance) {
            (Some(i), Some(v)) => self.0[i] = OptionalParameter::Importance(v),
            (Some(i), None) => {
                self.0.remove(i);
            }
            (None, Some(v)) => {
                let after = self
                    .0
                    .iter()
                    .position(|p| matches!(p, OptionalParameter::Segmentation(_)))
                    .map_or(0, |i| i + 1);
                self.0.insert(after, OptionalParameter::Importance(v));
            }
            (None, None) => {}
        }
    }

    /// Decodes the optional part starting at `start` (the first parameter name) up to and
    /// including the end of optional parameters octet (Q.713 §2.5, §2.6). Returns the
    /// parameters and the offset just past the end octet.
    pub(crate) fn decode(buf: &Bytes, start: usize) -> Result<(Self, usize), DecodeError> {
        let mut params = Vec::new();
        let mut pos = start;
        loop {
            let Some(&name) = buf.get(pos) else {
                // Q.713 §2.6: an optional part ends with the end of optional parameters octet.
                return Err(DecodeError::MissingEndOfOptionalParameters { offset: start });
            };
            let name = ParameterName(name);
            if name == ParameterName::END_OF_OPTIONAL_PARAMETERS {
                return Ok((Self(params), pos + 1));
            }
            let length_at = pos + 1;
            let Some(&length) = buf.get(length_at) else {
                return Err(DecodeError::Truncated {
                    offset: length_at,
                    needed: 1,
                });
            };
            let length = usize::from(length);
            let value_at = length_at + 1;
            let available = buf.len().saturating_sub(value_at);
            if length > available {
                return Err(DecodeError::LengthPastEnd {
                    offset: length_at,
                    part: MessagePart::OptionalPart,
                    length,
                    available,
                });
            }
            let value = &buf[value_at..value_at + length];
            let param = match name {
                ParameterName::SEGMENTATION => {
                    // Q.713 §3.17: four octets.
                    let Ok(octets) = <&[u8; 4]>::try_from(value) else {
                        return Err(DecodeError::InvalidLength {
                            offset: pos,
                            parameter: name,
                            length,
                            expected: Segmentation::LEN,
                        });
                    };
                    OptionalParameter::Segmentation(Segmentation::decode(octets))
                }
                ParameterName::IMPORTANCE => {
                    // Q.713 §3.19: one octet, bits 4-8 spare.
                    let [octet] = value else {
                        return Err(DecodeError::InvalidLength {
                            offset: pos,
                            parameter: name,
                            length,
                            expected: 1,
                        });
                    };
                    OptionalParameter::Importance(Importance(octet & 0x07))
                }
                _ => OptionalParameter::Other {
                    name,
                    value: buf.slice(value_at..value_at + length),
                },
            };
            let typed = !matches!(param, OptionalParameter::Other { .. });
            if typed && params.iter().any(|p: &OptionalParameter| p.name() == name) {
                return Err(DecodeError::DuplicateParameter {
                    offset: pos,
                    parameter: name,
                });
            }
            params.push(param);
            pos = value_at + length;
        }
    }

    /// The encoded length of the optional part: 0 when empty, else the parameters plus the end
    /// of optional parameters octet. Validates every parameter.
    pub(crate) fn encoded_len(&self) -> Result<usize, EncodeError> {
        if self.0.is_empty() {
            return Ok(0);
        }
        let mut len = 1;
        for (i, param) in self.0.iter().enumerate() {
            match param {
                OptionalParameter::Segmentation(s) => s.validate()?,
                OptionalParameter::Importance(_) => {}
                OptionalParameter::Other { name, value } => {
                    if matches!(
                        *name,
                        ParameterName::END_OF_OPTIONAL_PARAMETERS
                            | ParameterName::SEGMENTATION
                            | ParameterName::IMPORTANCE
                    ) {
                        return Err(EncodeError::ReservedParameterName(*name));
                    }
                    if value.len() > usize::from(u8::MAX) {
                        return Err(EncodeError::ParameterTooLong {
                            parameter: *name,
                            length: value.len(),
                        });
                    }
                }
            }
            let typed = !matches!(param, OptionalParameter::Other { .. });
            if typed && self.0[..i].iter().any(|p| p.name() == param.name()) {
                return Err(EncodeError::DuplicateParameter(param.name()));
            }
            len += 2 + param.value_len();
        }
        Ok(len)
    }

    /// Writes the optional part; [`Self::encoded_len`] has validated it.
    pub(crate) fn write(&self, out: &mut impl BufMut) {
        if self.0.is_empty() {
            return;
        }
        for param in &self.0 {
            out.put_u8(param.name().0);
            // Validated by `encoded_len`: every value is at most 255 octets.
            out.put_u8(u8::try_from(param.value_len()).unwrap_or(u8::MAX));
            match param {
                OptionalParameter::Segmentation(s) => s.write(out),
                OptionalParameter::Importance(i) => out.put_u8(i.0),
                OptionalParameter::Other { value, .. } => out.put_slice(value),
            }
        }
        out.put_u8(ParameterName::END_OF_OPTIONAL_PARAMETERS.0);
    }
}

impl From<Vec<OptionalParameter>> for OptionalParameters {
    fn from(params: Vec<OptionalParameter>) -> Self {
        Self(params)
    }
}

/// ` seg={…} imp=n opt=0xNN/len` for each parameter (empty when there are none).
impl fmt::Display for OptionalParameters {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for param in &self.0 {
            match param {
                OptionalParameter::Segmentation(s) => write!(f, " {s}")?,
                OptionalParameter::Importance(i) => write!(f, " imp={i}")?,
                OptionalParameter::Other { name, value } => {
                    write!(f, " opt={:#04x}/{}", name.0, value.len())?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(remaining: u8) -> Segmentation {
        Segmentation {
            first: true,
            class1: true,
            remaining_segments: remaining,
            local_reference: LocalReference([1, 2, 3]),
        }
    }

    #[test]
    fn optional_part_round_trip_and_errors() {
        let buf = Bytes::from_static(&[
            0xff, // something before
            0x12, 0x01, 0xfd, // importance, spare bits set → 5
            0x10, 0x04, 0xc2, 0x01, 0x02, 0x03, // segmentation first, C, rem 2
            0x42, 0x02, 0xaa, 0xbb, // unknown 0x42
            0x00, // end
            0x99, // after
        ]);
        let (params, end) = OptionalParameters::decode(&buf, 1).unwrap();
        assert_eq!(end, 15);
        assert_eq!(params.importance(), Importance::new(5));
        assert_eq!(params.segmentation(), Some(seg(2)));
        assert_eq!(params.0.len(), 3);
        let mut out = Vec::new();
        assert_eq!(params.encoded_len().unwrap(), 14);
        params.write(&mut out);
        // The spare bits of importance are sent as 0.
        assert_eq!(out[..3], [0x12, 0x01, 0x05]);
        assert_eq!(out[3..], buf[4..15]);

        let no_end = Bytes::from_static(&[0x12, 0x01, 0x05]);
        assert_eq!(
            OptionalParameters::decode(&no_end, 0),
            Err(DecodeError::MissingEndOfOptionalParameters { offset: 0 })
        );
        let short = Bytes::from_static(&[0x10, 0x03, 1, 2, 3, 0]);
        assert!(matches!(
            OptionalParameters::decode(&short, 0),
            Err(DecodeError::InvalidLength { offset: 0, .. })
        ));
        let dup = Bytes::from_static(&[0x12, 0x01, 0x05, 0x12, 0x01, 0x05, 0]);
        assert!(matches!(
            OptionalParameters::decode(&dup, 0),
            Err(DecodeError::DuplicateParameter { offset: 3, .. })
        ));
        let past = Bytes::from_static(&[0x42, 0x05, 1]);
        assert!(matches!(
            OptionalParameters::decode(&past, 0),
            Err(DecodeError::LengthPastEnd {
                offset: 1,
                length: 5,
                available: 1,
                ..
            })
        ));
        let no_len = Bytes::from_static(&[0x42]);
        assert!(matches!(
            OptionalParameters::decode(&no_len, 0),
            Err(DecodeError::Truncated { offset: 1, .. })
        ));
    }

    #[test]
    fn set_and_validate() {
        let mut p = OptionalParameters::new();
        assert_eq!(p.encoded_len(), Ok(0));
        p.set_importance(Importance::new(3));
        p.set_segmentation(Some(seg(1)));
        assert!(matches!(p.0[0], OptionalParameter::Segmentation(_)));
        p.set_importance(Importance::new(4));
        assert_eq!(p.0.len(), 2);
        assert_eq!(
            p.to_string(),
            " seg={first rem=1 class=1 ref=0x030201} imp=4"
        );
        p.set_segmentation(None);
        assert_eq!(p.0.len(), 1);
        p.0.push(OptionalParameter::Importance(Importance(1)));
        assert_eq!(
            p.encoded_len(),
            Err(EncodeError::DuplicateParameter(ParameterName::IMPORTANCE))
        );
        let p = OptionalParameters(vec![OptionalParameter::Other {
            name: ParameterName::SEGMENTATION,
            value: Bytes::new(),
        }]);
        assert!(matches!(
            p.encoded_len(),
            Err(EncodeError::ReservedParameterName(_))
        ));
        let p = OptionalParameters(vec![OptionalParameter::Segmentation(seg(16))]);
        assert!(matches!(
            p.encoded_len(),
            Err(EncodeError::FieldOutOfRange { .. })
        ));
    }

    #[test]
    fn hop_counter_and_importance_ranges() {
        assert_eq!(HopCounter::new(0), None);
        assert_eq!(HopCounter::new(16), None);
        assert_eq!(HopCounter::new(1).unwrap().decrement(), None);
        assert_eq!(HopCounter::MAX.decrement().map(HopCounter::get), Some(14));
        assert_eq!(Importance::new(8), None);
        assert_eq!(LocalReference::from_u32(0x0100_0000), None);
        assert_eq!(
            LocalReference::from_u32(0x030201),
            Some(LocalReference([1, 2, 3]))
        );
    }
}
