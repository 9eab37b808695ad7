//! ISUP-format parameters carried by INAP (ITU-T Q.763 §3, Q.850), as typed values.

use thiserror::Error;

/// Why an ISUP-format parameter could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum IsupError {
    /// The parameter is shorter than its fixed part.
    #[error("{parameter}: too short ({len} octets)")]
    TooShort {
        /// The parameter's name in Q.763.
        parameter: &'static str,
        /// Its length.
        len: usize,
    },
    /// A field holds a value the standard does not allow.
    #[error("{parameter}: invalid {field} at octet {offset}")]
    InvalidField {
        /// The parameter's name in Q.763.
        parameter: &'static str,
        /// The field's name in Q.763.
        field: &'static str,
        /// Offset of the octet inside the parameter.
        offset: usize,
    },
}

/// An ISUP-format parameter: decoded from and encoded to the contents of the INAP OCTET STRING that
/// carries it.
pub trait IsupParameter: Sized {
    /// Decodes the parameter from its octets (the contents of the OCTET STRING, without tag and length).
    fn decode(octets: &[u8]) -> Result<Self, IsupError>;
    /// Appends the parameter's octets to `out`.
    fn encode(&self, out: &mut Vec<u8>);
}
