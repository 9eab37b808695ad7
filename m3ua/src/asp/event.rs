//! What an [`Association`](super::Association) reports to its driver: states, transmits, events.

use core::fmt;
use core::time::Duration;

use crate::{
    Data, DecodeError, DeregistrationResult, ErrorMessage, MaskedPointCode, Message, MessageKind,
    Notify, RegistrationResult, RoutingKey,
};

use super::DestinationStatus;

/// The state of an ASP (RFC 4666 §4.3.1), ordered `Down < Inactive < Active`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum AspState {
    /// ASP-DOWN: the peer is unavailable or the transport is down.
    #[default]
    Down,
    /// ASP-INACTIVE: up, but not handling traffic.
    Inactive,
    /// ASP-ACTIVE: handling traffic.
    Active,
}

impl fmt::Display for AspState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AspState::Down => "ASP-DOWN",
            AspState::Inactive => "ASP-INACTIVE",
            AspState::Active => "ASP-ACTIVE",
        })
    }
}

/// The state of an Application Server (RFC 4666 §4.3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum AsState {
    /// AS-DOWN: no ASP of the AS is up.
    #[default]
    Down,
    /// AS-INACTIVE: ASPs are up, none active.
    Inactive,
    /// AS-ACTIVE: at least the required number of ASPs are active.
    Active,
    /// AS-PENDING: the last active ASP went inactive or down; T(r) runs.
    Pending,
}

impl fmt::Display for AsState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AsState::Down => "AS-DOWN",
            AsState::Inactive => "AS-INACTIVE",
            AsState::Active => "AS-ACTIVE",
            AsState::Pending => "AS-PENDING",
        })
    }
}

/// A message to send on one SCTP stream.
///
/// Management messages (MGMT, ASPSM, ASPTM, RKM, SSNM) go on stream 0 and DATA on streams
/// `1..outbound_streams` chosen by SLS (RFC 4666 §1.4.7; see
/// [`Association::data_stream`](super::Association::data_stream)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transmit {
    /// SCTP stream identifier.
    pub stream: u16,
    /// The message; encode it with [`Message::encode`] or [`Message::to_bytes`].
    pub message: Message,
}

/// Why the association asks its driver to drop (and, as a client, re-establish) the transport.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RestartReason {
    /// The transport went down ([`Association::handle_transport_down`](super::Association::handle_transport_down)).
    TransportDown,
    /// No BEAT ACK, nor any other message, within the BEAT timeout (RFC 4666 §4.3.4.6).
    HeartbeatTimeout,
    /// The peer did not answer this message within T(ack) after the configured number of
    /// attempts (RFC 4666 §4.3.4.1: "retransmission … MAY be put under control of Layer
    /// Management").
    AckTimeout(MessageKind),
}

/// Something the driver or the layer above should know about.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Event {
    /// The association's ASP state changed (see [`Association::state`](super::Association::state)).
    StateChanged {
        /// Previous state.
        from: AspState,
        /// New state.
        to: AspState,
    },
    /// The AS state changed: told by the peer's NTFY (ASP side), or computed (SGP side).
    AsStateChanged {
        /// The new AS state.
        state: AsState,
        /// The Routing Contexts of the AS, as the NTFY carried them (may be empty).
        routing_context: Vec<u32>,
    },
    /// A NTFY of Status Type "Other" (RFC 4666 §3.8.2): Insufficient ASP Resources Active in AS,
    /// Alternate ASP Active, ASP Failure.
    Notified(Notify),
    /// A DATA message for the MTP3 user.
    Data(Data),
    /// SSNM changed what is known of a destination (RFC 4666 §4.5).
    DestinationStatus {
        /// The affected point code, with its mask.
        point_code: MaskedPointCode,
        /// Its status now.
        status: DestinationStatus,
    },
    /// The peer sent an ERR (RFC 4666 §3.8.1).
    ErrorReceived(ErrorMessage),
    /// A received message could not be decoded; an ERR was sent unless it claimed to be an ERR.
    DecodeFailed(DecodeError),
    /// A Registration Result the SGP returned for one of our Routing Keys (RFC 4666 §4.4.1).
    Registration(RegistrationResult),
    /// A Deregistration Result the SGP returned (RFC 4666 §4.4.2).
    Deregistration(DeregistrationResult),
    /// (SGP side) the peer registered a Routing Key, or failed to.
    PeerRegistration {
        /// The Routing Key the peer sent.
        routing_key: RoutingKey,
        /// What we answered.
        result: RegistrationResult,
    },
    /// (Client side) drop the transport and connect again after `after`. The association is
    /// ASP-DOWN and ignores input until [`handle_transport_up`](super::Association::handle_transport_up).
    TransportRestartRequested {
        /// Why.
        reason: RestartReason,
        /// How long to wait before reconnecting ([`Backoff`](super::Backoff)).
        after: Duration,
    },
    /// (Server side) close the transport; the peer reconnects. The association is ASP-DOWN.
    CloseTransport {
        /// Why.
        reason: RestartReason,
    },
}
