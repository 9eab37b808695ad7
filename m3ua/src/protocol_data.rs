//! The Protocol Data parameter of DATA (RFC 4666 §3.3.1): the MTP3 routing label and service
//! information octet, spelled out, followed by the MTP3-User's message.
//!
//! ```text
//!  0                   1                   2                   3
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                     Originating Point Code                    |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                     Destination Point Code                    |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |       SI      |       NI      |      MP       |      SLS      |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! \                                                               \
//! /                     User Protocol Data                        /
//! \                                                               \
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! ```

use bytes::{BufMut, Bytes};

use crate::DecodeError;
use crate::ServiceIndicator;
use crate::parameter::{FromParam, ParamValue, RawParam};

/// Octets of Protocol Data before the user data.
pub const PROTOCOL_DATA_HEADER_LEN: usize = 12;

/// The Protocol Data parameter (RFC 4666 §3.3.1).
///
/// All four octet fields are kept as received: RFC 4666 gives SI, NI, MP and SLS a whole octet
/// each although MTP3 uses 4, 2, 2 (ITU) and 4–8 bits of them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ProtocolData {
    /// Originating Point Code (32 bits, right-aligned).
    pub opc: u32,
    /// Destination Point Code (32 bits, right-aligned).
    pub dpc: u32,
    /// Service Indicator (3 = SCCP).
    pub si: u8,
    /// Network Indicator.
    pub ni: u8,
    /// Message Priority.
    pub mp: u8,
    /// Signalling Link Selection.
    pub sls: u8,
    /// The MTP3-User message (e.g. an SCCP UDT): a zero-copy slice of the received buffer.
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::serde_hex::bytes"))]
    pub user_data: Bytes,
}

impl ProtocolData {
    /// The SI octet as a code point.
    pub const fn service_indicator(&self) -> ServiceIndicator {
        ServiceIndicator(self.si)
    }

    /// The protocol data of the answer to this message, carrying `user_data`: OPC and DPC
    /// swapped, SI, NI, MP and SLS kept (the same SLS keeps a dialogue on one link).
    pub fn answer(&self, user_data: Bytes) -> Self {
        Self {
            opc: self.dpc,
            dpc: self.opc,
            si: self.si,
            ni: self.ni,
            mp: self.mp,
            sls: self.sls,
            user_data,
        }
    }
}

impl FromParam for ProtocolData {
    fn from_param(param: &RawParam) -> Result<Self, DecodeError> {
        // RFC 4666 §3.3.1: OPC, DPC, SI, NI, MP, SLS are always present.
        let Some(&[o0, o1, o2, o3, d0, d1, d2, d3, si, ni, mp, sls]) =
            param.value.get(..PROTOCOL_DATA_HEADER_LEN)
        else {
            return Err(param.bad_length("at least 12 octets"));
        };
        Ok(ProtocolData {
            opc: u32::from_be_bytes([o0, o1, o2, o3]),
            dpc: u32::from_be_bytes([d0, d1, d2, d3]),
            si,
            ni,
            mp,
            sls,
            user_data: param.value.slice(PROTOCOL_DATA_HEADER_LEN..),
        })
    }
}

impl ParamValue for ProtocolData {
    fn value_len(&self) -> usize {
        PROTOCOL_DATA_HEADER_LEN + self.user_data.len()
    }
    fn put_value<B: BufMut>(&self, out: &mut B) {
        out.put_u32(self.opc);
        out.put_u32(self.dpc);
        out.put_slice(&[self.si, self.ni, self.mp, self.sls]);
        out.put_slice(&self.user_data);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_answer_reverses_the_routing_label_only() {
        let pd = ProtocolData {
            opc: 3,
            dpc: 2,
            si: 3,
            ni: 2,
            mp: 1,
            sls: 9,
            user_data: Bytes::from_static(b"in"),
        };
        let back = pd.answer(Bytes::from_static(b"out"));
        assert_eq!((back.opc, back.dpc), (2, 3));
        assert_eq!((back.si, back.ni, back.mp, back.sls), (3, 2, 1, 9));
        assert_eq!(&back.user_data[..], b"out");
    }
}
