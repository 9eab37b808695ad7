//! Errors, one enum per concern (STYLE §4).

use crate::model::{NumberStatus, TenantId};
use crate::number::VirtualNumber;

/// A failure of the storage engine underneath the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EngineError {
    /// RocksDB reported an error (its message).
    #[error("rocksdb: {0}")]
    Rocks(String),
    /// An operating-system I/O error.
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
}

/// A failure to read or write a stored record's encoding.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FormatError {
    /// The value is empty: it lacks even the format-version byte.
    #[error("empty value")]
    Empty,
    /// The value was written in a format version this build does not read.
    #[error("unsupported record format version {0}")]
    Version(u8),
    /// The body does not decode.
    #[error("malformed record: {0}")]
    Body(String),
    /// A key does not have the layout of its kind.
    #[error("malformed key of kind {kind:#04x}")]
    Key {
        /// The key's kind prefix.
        kind: u8,
    },
}

/// A failure of encryption, decryption or key handling.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CryptoError {
    /// A sealed value names a key id the key ring does not hold.
    #[error("unknown key id {0}")]
    UnknownKeyId(u16),
    /// The authentication tag did not verify (wrong key, wrong context, tampering).
    #[error("decryption failed (tag mismatch)")]
    Decrypt,
    /// The operating system's random source failed.
    #[error("random source failed")]
    Random,
    /// A key file or environment value is malformed.
    #[error("bad key material: {0}")]
    BadKey(String),
    /// Reading a key file failed.
    #[error("reading key file: {0}")]
    Io(#[from] std::io::Error),
}

/// A digit string that is not a valid number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NumberError {
    /// Empty, or too short or too long for its kind.
    #[error("number has {0} digits")]
    Length(usize),
    /// A character that is not a digit (after removing separators).
    #[error("number contains a non-digit")]
    NonDigit,
    /// A virtual number must be in national format (leading 0).
    #[error("virtual number must start with 0")]
    NotNational,
}

/// Counts of a tenant's numbers by state, carried by [`StoreError::Exhausted`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PoolCounts {
    /// Free and allocatable now.
    pub free: u64,
    /// Free but still inside the cross-tenant minimum rest.
    pub resting_cross_tenant: u64,
    /// Reserved (never auto-allocated).
    pub reserved: u64,
    /// Bound to an active binding.
    pub bound: u64,
    /// In quarantine.
    pub quarantined: u64,
    /// Suspended.
    pub suspended: u64,
}

/// A failure of a store operation.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The engine failed.
    #[error(transparent)]
    Engine(#[from] EngineError),
    /// A stored record failed to decode: the data is corrupt or from a newer build.
    #[error(transparent)]
    Format(#[from] FormatError),
    /// Encryption or decryption failed.
    #[error(transparent)]
    Crypto(#[from] CryptoError),
    /// An argument is not a valid number.
    #[error(transparent)]
    Number(#[from] NumberError),
    /// No tenant with this id.
    #[error("unknown tenant {0}")]
    UnknownTenant(TenantId),
    /// The number is not in any pool range.
    #[error("number {0} is not in the pool")]
    NotInPool(VirtualNumber),
    /// The number belongs to another tenant.
    #[error("number {number} belongs to tenant {owner}")]
    WrongTenant {
        /// The number.
        number: VirtualNumber,
        /// Its owner.
        owner: TenantId,
    },
    /// The number is not in a state that allows the operation.
    #[error("number {number} is {status:?}")]
    Unavailable {
        /// The number.
        number: VirtualNumber,
        /// Its state.
        status: NumberStatus,
    },
    /// No number could be allocated for the tenant; the counts say why.
    #[error("tenant {tenant} has no allocatable number ({counts:?})")]
    Exhausted {
        /// The tenant.
        tenant: TenantId,
        /// The tenant's numbers by state.
        counts: PoolCounts,
    },
    /// A request is inconsistent (the message says how).
    #[error("invalid request: {0}")]
    Invalid(&'static str),
}
