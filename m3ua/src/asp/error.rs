//! Errors of the association layer: configuration, user commands, sending.

use crate::{MessageKind, TrafficModeType};

use super::AspState;

/// A [`Config`](super::Config) or [`BackoffConfig`](super::BackoffConfig) that cannot work.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A traffic mode RFC 4666 §3.7.1 does not define.
    #[error("traffic mode {0} is not defined by RFC 4666")]
    UnknownTrafficMode(TrafficModeType),
    /// A Routing Context listed twice.
    #[error("routing context {0} listed twice")]
    DuplicateRoutingContext(u32),
    /// Two Routing Keys with the same Local-RK-Identifier.
    #[error("local routing key identifier {0} used twice")]
    DuplicateLocalRkIdentifier(u32),
    /// A Routing Key without Destination Point Code (mandatory, RFC 4666 §3.6.1).
    #[error("routing key {0} has no destination point code")]
    RoutingKeyWithoutDpc(u32),
    /// Zero outbound streams.
    #[error("an association has at least one outbound stream")]
    ZeroOutboundStreams,
    /// A timer or bound that must not be zero.
    #[error("{0} must not be zero")]
    ZeroTimer(&'static str),
    /// A BEAT timeout shorter than the BEAT interval.
    #[error("the BEAT timeout is shorter than the BEAT interval")]
    BeatTimeoutTooShort,
    /// Inconsistent reconnect back-off.
    #[error("invalid back-off: {0}")]
    InvalidBackoff(&'static str),
}

/// A user command the association cannot carry out now.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CommandError {
    /// The role does not send this request (e.g. ASPAC from an SGP).
    #[error("this role does not initiate ASP procedures")]
    NotInitiator,
    /// The role does not answer ASPs (e.g. NTFY from an ASP).
    #[error("this role does not serve ASPs")]
    NotResponder,
    /// Not possible in the current state.
    #[error("not possible in state {state}")]
    WrongState {
        /// The state.
        state: AspState,
    },
    /// Nothing to deregister.
    #[error("no registered routing key")]
    NothingRegistered,
}

/// A message the association refuses to send.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SendError {
    /// DATA needs ASP-ACTIVE (RFC 4666 §4.3.4.3: "The ASP MUST wait for the ASP Active Ack
    /// message before it starts sending traffic").
    #[error("association is {state}, not ASP-ACTIVE")]
    NotActive {
        /// The state.
        state: AspState,
    },
    /// The destination is unavailable (DUNA, RFC 4666 §4.5.1).
    #[error("destination {point_code} is unavailable")]
    DestinationUnavailable {
        /// The DPC.
        point_code: u32,
    },
    /// [`send_ssnm`](super::Association::send_ssnm) was given something else.
    #[error("{kind} is not an SSNM message")]
    NotSsnm {
        /// What it was.
        kind: MessageKind,
    },
}
