//! The transaction portion (ITU-T Q.773): message types, transaction ids, P-Abort causes.

use std::fmt;

use crate::ber::{Tag, Tlv};

/// The five ITU message types (Q.773 `TCMessage`: the tag of the whole message), in the
/// standard's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum MessageType {
    /// Unidirectional, `[APPLICATION 1]`.
    Unidirectional,
    /// Begin, `[APPLICATION 2]`.
    Begin,
    /// End, `[APPLICATION 4]`.
    End,
    /// Continue, `[APPLICATION 5]`.
    Continue,
    /// Abort, `[APPLICATION 7]`.
    Abort,
}

impl MessageType {
    /// The message's tag.
    pub const fn tag(self) -> Tag {
        Tag::application(match self {
            Self::Unidirectional => 1,
            Self::Begin => 2,
            Self::End => 4,
            Self::Continue => 5,
            Self::Abort => 7,
        })
    }

    /// The message type a tag stands for, if it is one Q.773 defines.
    pub fn from_tag(tag: Tag) -> Option<Self> {
        [
            Self::Unidirectional,
            Self::Begin,
            Self::End,
            Self::Continue,
            Self::Abort,
        ]
        .into_iter()
        .find(|m| m.tag() == tag)
    }

    /// Whether a message of this type carries an originating transaction id (Q.773).
    pub const fn has_otid(self) -> bool {
        matches!(self, Self::Begin | Self::Continue)
    }

    /// Whether a message of this type carries a destination transaction id (Q.773).
    pub const fn has_dtid(self) -> bool {
        matches!(self, Self::End | Self::Continue | Self::Abort)
    }

    /// The standard's name.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Unidirectional => "Unidirectional",
            Self::Begin => "Begin",
            Self::End => "End",
            Self::Continue => "Continue",
            Self::Abort => "Abort",
        }
    }
}

impl fmt::Display for MessageType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A transaction id, `OrigTransactionID ::= [APPLICATION 8] IMPLICIT OCTET STRING (SIZE (1..4))` and
/// `DestTransactionID ::= [APPLICATION 9] …` (Q.773): one to four octets, kept inline.
///
/// Q.774 gives the octets no arithmetic meaning; [`from_u32`](Self::from_u32) and
/// [`to_u32`](Self::to_u32) read them as a big-endian number for convenience.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TransactionId {
    len: u8,
    bytes: [u8; TransactionId::MAX_LEN],
}

impl TransactionId {
    /// The longest transaction id (Q.773: SIZE (1..4)).
    pub const MAX_LEN: usize = 4;

    /// From its octets; `None` unless there are 1 to 4 of them.
    pub const fn new(octets: &[u8]) -> Option<Self> {
        if octets.is_empty() || octets.len() > Self::MAX_LEN {
            return None;
        }
        let mut bytes = [0u8; Self::MAX_LEN];
        let mut i = 0;
        while i < octets.len() {
            bytes[i] = octets[i];
            i += 1;
        }
        Some(Self {
            len: octets.len() as u8,
            bytes,
        })
    }

    /// Four octets holding `v` big-endian.
    pub const fn from_u32(v: u32) -> Self {
        Self {
            len: 4,
            bytes: v.to_be_bytes(),
        }
    }

    /// The octets read as a big-endian number (ids shorter than 4 octets give smaller numbers, so
    /// `01` and `0001` both read 1: compare ids, not numbers, to match transactions).
    pub fn to_u32(&self) -> u32 {
        self.as_bytes()
            .iter()
            .fold(0u32, |acc, &b| (acc << 8) | u32::from(b))
    }

    /// The octets.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }

    /// Reads a transaction id element; `None` unless it is primitive with 1 to 4 octets.
    pub(crate) fn from_tlv(tlv: &Tlv<'_>) -> Option<Self> {
        tlv.octets().ok().and_then(Self::new)
    }
}

impl fmt::Display for TransactionId {
    /// Lowercase hex, e.g. `01020304`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.as_bytes() {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for TransactionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TransactionId({self})")
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for TransactionId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::serde_hex::serialize(self.as_bytes(), s)
    }
}

code_point! {
    /// `P-AbortCause ::= [APPLICATION 10] IMPLICIT INTEGER` (Q.773): why the
    /// transaction sub-layer aborted a transaction.
    PAbortCause {
        /// The message type is not one Q.773 defines.
        UNRECOGNIZED_MESSAGE_TYPE = 0 => "unrecognizedMessageType",
        /// The destination transaction id is not assigned.
        UNRECOGNIZED_TRANSACTION_ID = 1 => "unrecognizedTransactionID",
        /// The transaction portion does not follow the encoding rules (lengths, sizes, forms).
        BADLY_FORMATTED_TRANSACTION_PORTION = 2 => "badlyFormattedTransactionPortion",
        /// The transaction portion's elements are not the ones of the message type (a missing or
        /// extra transaction id, an unknown or misplaced element).
        INCORRECT_TRANSACTION_PORTION = 3 => "incorrectTransactionPortion",
        /// The receiver lacks the resources to take the transaction.
        RESOURCE_LIMITATION = 4 => "resourceLimitation",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transaction_ids() {
        let id = TransactionId::from_u32(0x0102_0304);
        assert_eq!(id.as_bytes(), &[1, 2, 3, 4]);
        assert_eq!(id.to_u32(), 0x0102_0304);
        assert_eq!(id.to_string(), "01020304");
        assert_eq!(format!("{id:?}"), "TransactionId(01020304)");
        let short = TransactionId::new(&[0xab]).unwrap();
        assert_eq!(short.to_u32(), 0xab);
        assert_eq!(short.as_bytes(), &[0xab]);
        assert!(TransactionId::new(&[]).is_none());
        assert!(TransactionId::new(&[1, 2, 3, 4, 5]).is_none());
        // Same number, different ids.
        assert_ne!(TransactionId::new(&[0, 1]), TransactionId::new(&[1]));
    }

    #[test]
    fn message_types_round_trip_their_tags() {
        for t in [
            MessageType::Unidirectional,
            MessageType::Begin,
            MessageType::End,
            MessageType::Continue,
            MessageType::Abort,
        ] {
            assert_eq!(MessageType::from_tag(t.tag()), Some(t));
        }
        assert_eq!(MessageType::from_tag(Tag::application(3)), None);
        assert_eq!(MessageType::from_tag(Tag::context(2)), None);
    }

    #[test]
    fn p_abort_cause_names() {
        assert_eq!(
            PAbortCause::BADLY_FORMATTED_TRANSACTION_PORTION.to_string(),
            "badlyFormattedTransactionPortion"
        );
        assert_eq!(PAbortCause(9).to_string(), "9");
        assert_eq!(
            format!("{:?}", PAbortCause::RESOURCE_LIMITATION),
            "PAbortCause(resourceLimitation)"
        );
    }
}
