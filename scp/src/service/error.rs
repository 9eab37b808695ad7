//! Errors of the service logic (STYLE §4: one enum per concern).

/// Why a [`ServiceConfig`](super::ServiceConfig) is not usable.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A service key is listed as both a terminating and an originating trigger.
    #[error("service key {0} is both a terminating and an originating trigger")]
    AmbiguousServiceKey(u32),
    /// A service key is larger than `ServiceKey ::= Integer4` allows.
    #[error("service key {0} is out of range (0..=2147483647)")]
    ServiceKeyRange(u32),
    /// A value outside the range the standard gives it.
    #[error("{field} = {value} is out of range ({range})")]
    Range {
        /// The configuration field.
        field: &'static str,
        /// The value given.
        value: i64,
        /// The allowed range, as text.
        range: &'static str,
    },
    /// The SRF routing address is not a valid called party number.
    #[error("announcement.srf_address is not a valid number: {0}")]
    SrfAddress(inap::isup::IsupError),
}
