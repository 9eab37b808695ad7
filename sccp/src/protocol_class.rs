//! The protocol class parameter (Q.713 §3.6).

use core::fmt;

/// The protocol class octet (Q.713 §3.6): bits 1–4 the class, bits 5–8 the message handling of
/// the connectionless classes (`0000` no special options, `1000` return message on error, the
/// rest spare).
///
/// The whole octet is kept, so spare message-handling values round-trip. The decoder accepts
/// only class 0 or 1 in the connectionless messages ([`crate::DecodeError::InvalidProtocolClass`]),
/// and the encoder refuses anything else.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(transparent))]
pub struct ProtocolClass(pub u8);

impl ProtocolClass {
    /// Class 0 (basic connectionless), no special options.
    pub const CLASS_0: Self = Self(0x00);
    /// Class 1 (sequenced connectionless), no special options.
    pub const CLASS_1: Self = Self(0x01);
    /// Class 0, return message on error.
    pub const CLASS_0_RETURN_ON_ERROR: Self = Self(0x80);
    /// Class 1, return message on error.
    pub const CLASS_1_RETURN_ON_ERROR: Self = Self(0x81);

    const RETURN_ON_ERROR: u8 = 0x80;

    /// A connectionless class: `class` must be 0 or 1.
    pub const fn new(class: u8, return_on_error: bool) -> Option<Self> {
        if class > 1 {
            return None;
        }
        Some(Self(
            class
                | if return_on_error {
                    Self::RETURN_ON_ERROR
                } else {
                    0
                },
        ))
    }

    /// The protocol class, bits 1–4 (0–3).
    pub const fn class(self) -> u8 {
        self.0 & 0x0f
    }

    /// The message handling field, bits 5–8 (`0b1000` = return message on error).
    pub const fn message_handling(self) -> u8 {
        self.0 >> 4
    }

    /// Whether the sender asked for the message to be returned on error (Q.713 §3.6 `1000`).
    pub const fn return_on_error(self) -> bool {
        self.message_handling() == Self::RETURN_ON_ERROR >> 4
    }

    /// Class 0 or 1, the classes a connectionless message may carry.
    pub const fn is_connectionless(self) -> bool {
        self.class() <= 1
    }

    /// The same class with the return option set or cleared (other handling bits are cleared).
    pub const fn with_return_on_error(self, return_on_error: bool) -> Self {
        Self(
            self.class()
                | if return_on_error {
                    Self::RETURN_ON_ERROR
                } else {
                    0
                },
        )
    }
}

impl fmt::Debug for ProtocolClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ProtocolClass({:#04x}: {self})", self.0)
    }
}

/// `class=1 roe` style, as in the message summaries; spare handling shows as `handling=n`.
impl fmt::Display for ProtocolClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "class={}", self.class())?;
        match self.message_handling() {
            0 => Ok(()),
            8 => f.write_str(" roe"),
            other => write!(f, " handling={other}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields() {
        let pc = ProtocolClass(0x81);
        assert_eq!(pc.class(), 1);
        assert!(pc.return_on_error());
        assert_eq!(pc, ProtocolClass::CLASS_1_RETURN_ON_ERROR);
        assert_eq!(ProtocolClass::new(0, true), Some(ProtocolClass(0x80)));
        assert_eq!(ProtocolClass::new(2, false), None);
        assert!(!ProtocolClass(0x90).return_on_error());
        assert_eq!(ProtocolClass(0x91).to_string(), "class=1 handling=9");
        assert_eq!(ProtocolClass(0x81).to_string(), "class=1 roe");
        assert_eq!(
            ProtocolClass(0x91).with_return_on_error(false),
            ProtocolClass(1)
        );
        assert!(!ProtocolClass(0x02).is_connectionless());
    }
}
