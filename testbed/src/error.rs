//! The errors of the library, one enum per concern.

use std::time::Duration;

use inap::isup::IsupError;

/// Why a message could not be built from the given values.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// A phone number is not valid for its ISUP parameter.
    #[error("{what}: {source}")]
    Number {
        /// Which option.
        what: &'static str,
        /// Why.
        source: IsupError,
    },
    /// A value out of range.
    #[error("{0}")]
    Invalid(String),
}

/// Why a configuration or a connection could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The TOML did not parse or had an unknown key.
    #[error("config: {0}")]
    Toml(String),
    /// A value is not valid.
    #[error("config: {0}")]
    Invalid(String),
    /// The transport could not be set up.
    #[error("transport: {0}")]
    Transport(#[from] m3ua::transport::TransportError),
    /// The association did not become ASP-ACTIVE in time.
    #[error("the M3UA association did not become active within {0:?}")]
    NotActive(Duration),
}
