//! The common message header (RFC 4666 §3.1) and stream framing.
//!
//! ```text
//!  0                   1                   2                   3
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |    Version    |   Reserved    | Message Class | Message Type  |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                        Message Length                         |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! ```

use core::fmt;

use crate::DecodeError;

/// The only protocol version RFC 4666 §3.1.1 defines ("Release 1.0").
pub const VERSION: u8 = 1;

/// Octets in the common header.
pub const HEADER_LEN: usize = 8;

/// The largest Message Length this crate accepts or produces: a 65 535-octet body plus the header.
///
/// RFC 4666 allows a 32-bit length, but no M3UA message needs more (MTP3 user data is at most
/// 272 octets, 4 kB on broadband links), and a bound keeps a peer from making us wait for, or
/// allocate, gigabytes.
pub const MAX_MESSAGE_LENGTH: usize = 65_535 + HEADER_LEN;

code_point! {
    /// Message Class (RFC 4666 §3.1.3).
    ///
    /// Classes 5–8 are reserved for other SIGTRAN adaptation layers and everything else is
    /// reserved; the decoder answers those with Unsupported Message Class.
    pub struct MessageClass(u8);
    /// Management (MGMT) messages.
    MGMT = 0 => "MGMT";
    /// Transfer messages.
    TRANSFER = 1 => "Transfer";
    /// SS7 Signalling Network Management (SSNM) messages.
    SSNM = 2 => "SSNM";
    /// ASP State Maintenance (ASPSM) messages.
    ASPSM = 3 => "ASPSM";
    /// ASP Traffic Maintenance (ASPTM) messages.
    ASPTM = 4 => "ASPTM";
    /// Routing Key Management (RKM) messages.
    RKM = 9 => "RKM";
}

/// Message Type (RFC 4666 §3.1.3), meaningful only together with its [`MessageClass`].
///
/// The constants are grouped by class; several share a value (DATA, DUNA, ASPUP … are all 1).
/// [`MessageKind`] pairs class and type and knows the names.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(transparent))]
pub struct MessageType(pub u8);

impl MessageType {
    /// MGMT: Error (ERR).
    pub const ERR: Self = Self(0);
    /// MGMT: Notify (NTFY).
    pub const NTFY: Self = Self(1);
    /// Transfer: Payload Data (DATA).
    pub const DATA: Self = Self(1);
    /// SSNM: Destination Unavailable (DUNA).
    pub const DUNA: Self = Self(1);
    /// SSNM: Destination Available (DAVA).
    pub const DAVA: Self = Self(2);
    /// SSNM: Destination State Audit (DAUD).
    pub const DAUD: Self = Self(3);
    /// SSNM: Signalling Congestion (SCON).
    pub const SCON: Self = Self(4);
    /// SSNM: Destination User Part Unavailable (DUPU).
    pub const DUPU: Self = Self(5);
    /// SSNM: Destination Restricted (DRST).
    pub const DRST: Self = Self(6);
    /// ASPSM: ASP Up (ASPUP).
    pub const ASPUP: Self = Self(1);
    /// ASPSM: ASP Down (ASPDN).
    pub const ASPDN: Self = Self(2);
    /// ASPSM: Heartbeat (BEAT).
    pub const BEAT: Self = Self(3);
    /// ASPSM: ASP Up Acknowledgement (ASPUP ACK).
    pub const ASPUP_ACK: Self = Self(4);
    /// ASPSM: ASP Down Acknowledgement (ASPDN ACK).
    pub const ASPDN_ACK: Self = Self(5);
    /// ASPSM: Heartbeat Acknowledgement (BEAT ACK).
    pub const BEAT_ACK: Self = Self(6);
    /// ASPTM: ASP Active (ASPAC).
    pub const ASPAC: Self = Self(1);
    /// ASPTM: ASP Inactive (ASPIA).
    pub const ASPIA: Self = Self(2);
    /// ASPTM: ASP Active Acknowledgement (ASPAC ACK).
    pub const ASPAC_ACK: Self = Self(3);
    /// ASPTM: ASP Inactive Acknowledgement (ASPIA ACK).
    pub const ASPIA_ACK: Self = Self(4);
    /// RKM: Registration Request (REG REQ).
    pub const REG_REQ: Self = Self(1);
    /// RKM: Registration Response (REG RSP).
    pub const REG_RSP: Self = Self(2);
    /// RKM: Deregistration Request (DEREG REQ).
    pub const DEREG_REQ: Self = Self(3);
    /// RKM: Deregistration Response (DEREG RSP).
    pub const DEREG_RSP: Self = Self(4);
}

impl fmt::Debug for MessageType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MessageType({})", self.0)
    }
}

impl fmt::Display for MessageType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl From<u8> for MessageType {
    fn from(value: u8) -> Self {
        Self(value)
    }
}

/// A message class and type together: which message a header announces.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct MessageKind {
    /// The Message Class octet.
    pub class: MessageClass,
    /// The Message Type octet.
    pub message_type: MessageType,
}

macro_rules! kinds {
    ($( $(#[$m:meta])* $konst:ident = ($class:ident, $ty:ident) => $label:literal; )*) => {
        impl MessageKind {
            $(
                $(#[$m])*
                pub const $konst: Self = Self::new(MessageClass::$class, MessageType::$ty);
            )*

            /// Every message RFC 4666 defines, in the order of §3.1.3.
            pub const ALL: &'static [MessageKind] = &[$(Self::$konst),*];

            /// The RFC's abbreviation (`"ASPUP ACK"`), or `None` for a class/type pair it does not
            /// define.
            pub const fn name(self) -> Option<&'static str> {
                $(
                    if self.class.0 == MessageClass::$class.0 && self.message_type.0 == MessageType::$ty.0 {
                        return Some($label);
                    }
                )*
                None
            }
        }
    };
}

kinds! {
    /// MGMT ERR.
    ERR = (MGMT, ERR) => "ERR";
    /// MGMT NTFY.
    NTFY = (MGMT, NTFY) => "NTFY";
    /// Transfer DATA.
    DATA = (TRANSFER, DATA) => "DATA";
    /// SSNM DUNA.
    DUNA = (SSNM, DUNA) => "DUNA";
    /// SSNM DAVA.
    DAVA = (SSNM, DAVA) => "DAVA";
    /// SSNM DAUD.
    DAUD = (SSNM, DAUD) => "DAUD";
    /// SSNM SCON.
    SCON = (SSNM, SCON) => "SCON";
    /// SSNM DUPU.
    DUPU = (SSNM, DUPU) => "DUPU";
    /// SSNM DRST.
    DRST = (SSNM, DRST) => "DRST";
    /// ASPSM ASPUP.
    ASPUP = (ASPSM, ASPUP) => "ASPUP";
    /// ASPSM ASPDN.
    ASPDN = (ASPSM, ASPDN) => "ASPDN";
    /// ASPSM BEAT.
    BEAT = (ASPSM, BEAT) => "BEAT";
    /// ASPSM ASPUP ACK.
    ASPUP_ACK = (ASPSM, ASPUP_ACK) => "ASPUP ACK";
    /// ASPSM ASPDN ACK.
    ASPDN_ACK = (ASPSM, ASPDN_ACK) => "ASPDN ACK";
    /// ASPSM BEAT ACK.
    BEAT_ACK = (ASPSM, BEAT_ACK) => "BEAT ACK";
    /// ASPTM ASPAC.
    ASPAC = (ASPTM, ASPAC) => "ASPAC";
    /// ASPTM ASPIA.
    ASPIA = (ASPTM, ASPIA) => "ASPIA";
    /// ASPTM ASPAC ACK.
    ASPAC_ACK = (ASPTM, ASPAC_ACK) => "ASPAC ACK";
    /// ASPTM ASPIA ACK.
    ASPIA_ACK = (ASPTM, ASPIA_ACK) => "ASPIA ACK";
    /// RKM REG REQ.
    REG_REQ = (RKM, REG_REQ) => "REG REQ";
    /// RKM REG RSP.
    REG_RSP = (RKM, REG_RSP) => "REG RSP";
    /// RKM DEREG REQ.
    DEREG_REQ = (RKM, DEREG_REQ) => "DEREG REQ";
    /// RKM DEREG RSP.
    DEREG_RSP = (RKM, DEREG_RSP) => "DEREG RSP";
}

impl MessageKind {
    /// Pairs a class and a type.
    pub const fn new(class: MessageClass, message_type: MessageType) -> Self {
        Self {
            class,
            message_type,
        }
    }

    /// The name, or `"unknown"`.
    pub(crate) const fn label(self) -> &'static str {
        match self.name() {
            Some(name) => name,
            None => "unknown",
        }
    }
}

impl fmt::Debug for MessageKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "MessageKind({name})"),
            None => write!(f, "MessageKind({}/{})", self.class.0, self.message_type.0),
        }
    }
}

impl fmt::Display for MessageKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => f.write_str(name),
            None => write!(f, "class {} type {}", self.class.0, self.message_type.0),
        }
    }
}

/// Frames a byte stream (M3UA over TCP, or a reassembly buffer): how long is the message whose
/// header starts `header`?
///
/// - `Ok(None)`: fewer than 8 octets so far; read more.
/// - `Ok(Some(n))`: the message is `n` octets long, header included; wait until `n` octets are
///   buffered, then hand exactly those to [`Message::decode`](crate::Message::decode).
/// - `Err(DecodeError::InvalidMessageLength)`: the Message Length field is below 8 or above
///   [`MAX_MESSAGE_LENGTH`]; the stream cannot be framed any further.
///
/// Only the length is checked here; version, class and type are the decoder's business, so the
/// caller can still skip the message and answer it with an ERR.
pub fn message_length(header: &[u8]) -> Result<Option<usize>, DecodeError> {
    let Some(&[_, _, _, _, a, b, c, d]) = header.get(..HEADER_LEN) else {
        return Ok(None);
    };
    let length = u32::from_be_bytes([a, b, c, d]);
    let n = length as usize;
    // RFC 4666 §3.1.5: the length includes the common header.
    if !(HEADER_LEN..=MAX_MESSAGE_LENGTH).contains(&n) {
        return Err(DecodeError::InvalidMessageLength { length });
    }
    Ok(Some(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_length_needs_eight_octets() {
        assert_eq!(message_length(&[1, 0, 1, 1, 0, 0, 0]), Ok(None));
        assert_eq!(message_length(&[1, 0, 1, 1, 0, 0, 0, 8]), Ok(Some(8)));
        assert_eq!(
            message_length(&[1, 0, 1, 1, 0, 0, 0, 0x98, 0xff]),
            Ok(Some(0x98))
        );
    }

    #[test]
    fn message_length_bounds() {
        assert_eq!(
            message_length(&[1, 0, 1, 1, 0, 0, 0, 7]),
            Err(DecodeError::InvalidMessageLength { length: 7 })
        );
        assert_eq!(message_length(&[1, 0, 1, 1, 0, 1, 0, 7]), Ok(Some(65_543)));
        assert_eq!(
            message_length(&[1, 0, 1, 1, 0, 1, 0, 8]),
            Err(DecodeError::InvalidMessageLength { length: 65_544 })
        );
        assert_eq!(
            message_length(&[1, 0, 1, 1, 0xff, 0xff, 0xff, 0xff]),
            Err(DecodeError::InvalidMessageLength { length: u32::MAX })
        );
    }

    #[test]
    fn kind_names() {
        assert_eq!(MessageKind::ASPUP_ACK.to_string(), "ASPUP ACK");
        assert_eq!(MessageKind::ALL.len(), 23);
        assert_eq!(
            MessageKind::new(MessageClass(5), MessageType(1)).name(),
            None
        );
        assert_eq!(
            MessageKind::new(MessageClass::MGMT, MessageType(2)).name(),
            None
        );
        assert_eq!(format!("{:?}", MessageClass::RKM), "MessageClass::RKM");
        assert_eq!(format!("{:?}", MessageClass(7)), "MessageClass(0x7)");
        assert_eq!(MessageClass(7).to_string(), "unknown(0x7)");
    }
}
