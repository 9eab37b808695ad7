//! The VNS number store: tenants, number pools, bindings, routing
//! decisions, call records, the audit log, and the privacy rules around the
//! real phone numbers it holds.
//!
//! Layers, bottom up:
//! - [`engine`]: the [`Engine`] trait with [`RocksEngine`] (production) and
//!   [`MemEngine`] (reference/tests); only this crate depends on RocksDB.
//! - [`keys`]: the one-byte-prefixed, big-endian key layout.
//! - [`model`]: the records and their versioned on-disk encoding.
//! - [`crypto`]: AES-256-GCM sealing with key ids, the HMAC blind index.
//! - [`schedule`]: weekday/time/holiday rules in a time zone.
//! - [`route`]: the [`RouteDecision`] for a call.
//! - [`Store`]: the API for the SCP and the provisioning API.
//!
//! Times are always arguments (`now`); the crate's logic never reads the clock.
//! Randomness is used in one place only: AES-GCM nonces ([`crypto`]).

#![warn(missing_docs)]

mod commit;
pub mod crypto;
pub mod engine;
mod error;
pub mod keys;
pub mod model;
pub mod number;
pub mod route;
pub mod schedule;
mod store;

pub use crypto::{KeyRing, Sealed};
pub use engine::{Batch, Engine, MemEngine, ReadView, RocksConfig, RocksEngine};
pub use error::{CryptoError, EngineError, FormatError, NumberError, PoolCounts, StoreError};
pub use model::{
    AnnouncementId, AuditAction, AuditEntry, BindingId, BindingKind, BindingSpec, BindingView,
    CallRecord, DailyCounters, DataClass, Labels, NumberRange, NumberStatus, Outcome, Policy,
    ReleaseCause, Tenant, TenantId, Timestamp,
};
pub use number::{RealNumber, VirtualNumber};
pub use route::{Connect, Reason, RouteDecision};
pub use schedule::{HolidayMatch, Schedule, ScheduleAction, ScheduleRule, Weekdays};
pub use store::{
    Allocation, AllocationRequest, AssignReport, PurgeReport, Store, StoreConfig, Strategy,
    SweepReport,
};
