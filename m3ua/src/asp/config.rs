//! Configuration of an association: role, routing contexts, timers, options and interop quirks.

use core::time::Duration;

use crate::{RoutingKey, TrafficModeType};

use super::{BackoffConfig, ConfigError};

/// Which end of the M3UA relationship the machine plays (RFC 4666 §1.2, §4.3). One machine
/// serves every role; the role decides which side of each exchange it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Application Server Process, the client of an SGP (or an STP such as osmo-stp): sends
    /// ASPUP, REG REQ, ASPAC, ASPIA, ASPDN and waits for their acknowledgements; receives NTFY
    /// and SSNM.
    Asp,
    /// Signalling Gateway Process: answers ASPUP, ASPAC, ASPIA, ASPDN, REG REQ, DEREG REQ and
    /// DAUD; sends NTFY and SSNM; tracks the peer ASP's state and its AS's state.
    Sgp,
    /// IP Server Process talking to another IPSP (RFC 4666 §4.3.4.1.2, §4.3.4.3.1, §5.4).
    Ipsp(IpspExchange),
}

/// How two IPSPs bring an association up (RFC 4666 §4.3.4.1.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IpspExchange {
    /// Single exchange, this side sends ASPUP and ASPAC (as an ASP would); the peer only
    /// acknowledges. Each side's view of the other follows the ACKs.
    SingleInitiator,
    /// Single exchange, this side only acknowledges (as an SGP would), without NTFY.
    SingleResponder,
    /// Double exchange: both sides send ASPUP and ASPAC and acknowledge the other's ("This
    /// option follows the ASP state transition diagram. It requires four messages for
    /// completion."). The association is ASP-ACTIVE when both directions are.
    Double,
}

impl Role {
    /// Whether this role sends ASPUP/ASPAC/ASPIA/ASPDN and REG REQ (the ASP side of each exchange).
    pub const fn initiates(self) -> bool {
        matches!(
            self,
            Role::Asp | Role::Ipsp(IpspExchange::SingleInitiator | IpspExchange::Double)
        )
    }

    /// Whether this role answers ASPUP/ASPAC/ASPIA/ASPDN and REG REQ (the SGP side of each exchange).
    pub const fn responds(self) -> bool {
        matches!(
            self,
            Role::Sgp | Role::Ipsp(IpspExchange::SingleResponder | IpspExchange::Double)
        )
    }
}

/// Timers (RFC 4666 §4.3.4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timers {
    /// T(ack): how long to wait for ASPUP ACK, ASPAC ACK, ASPIA ACK, ASPDN ACK, REG RSP and
    /// DEREG RSP before sending the request again (RFC 4666 §4.3.4.1: "provisionable, with a
    /// default of 2 seconds"; the same value serves as T(rkm), §4.4.1).
    pub ack: Duration,
    /// How many times a request is sent in all before the association gives up and asks for a
    /// transport restart ([`RestartReason::AckTimeout`](super::RestartReason::AckTimeout)).
    /// `None`: forever (the RFC's "until it receives an ASP Up Ack message").
    pub max_ack_attempts: Option<u32>,
    /// T(beat): send a BEAT this often (RFC 4666 §4.3.4.6). `None`: no BEATs (SCTP has its own
    /// heartbeat; BEAT is "recommended … when M3UA runs over a transport … other than SCTP").
    pub beat: Option<Duration>,
    /// How long after a BEAT without BEAT ACK (or any other message) the peer is declared dead.
    /// `None`: 2 × T(beat), the RFC's figure.
    pub beat_timeout: Option<Duration>,
    /// T(r), the AS recovery timer of an SGP (RFC 4666 §4.3.2 AS-PENDING). Our default: 2 s.
    pub recovery: Duration,
    /// (ASP role) how long to wait after ASPUP ACK for the SGP's NTFY before sending ASPAC
    /// anyway; see [`Quirks::aspac_without_ntfy`].
    pub ntfy_wait: Duration,
}

impl Default for Timers {
    fn default() -> Self {
        Self {
            ack: Duration::from_secs(2),
            max_ack_attempts: None,
            beat: None,
            beat_timeout: None,
            recovery: Duration::from_secs(2),
            ntfy_wait: Duration::from_millis(500),
        }
    }
}

impl Timers {
    /// The effective BEAT timeout, if BEATs are on.
    pub fn effective_beat_timeout(&self) -> Option<Duration> {
        self.beat
            .map(|beat| self.beat_timeout.unwrap_or(beat.saturating_mul(2)))
    }
}

/// What an SGP (or an IPSP responder) does with REG REQ (RFC 4666 §4.4.1).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum RegistrationPolicy {
    /// Answer every Routing Key with "Error - Permission Denied".
    #[default]
    Refuse,
    /// Register keys and assign Routing Contexts from `first_routing_context` upward.
    Accept {
        /// The first Routing Context handed out.
        first_routing_context: u32,
        /// DPCs a key may name; empty: any ("Error - Invalid DPC" otherwise).
        allowed_dpcs: Vec<u32>,
        /// At most this many registrations ("Error - Insufficient Resources" beyond).
        max_registrations: usize,
    },
}

/// Options of the responding side (SGP, IPSP responder).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerOptions {
    /// Send NTFY on AS state changes (RFC 4666 §4.3.4.5). Default: on for [`Role::Sgp`], off
    /// for IPSPs.
    pub send_notify: bool,
    /// Refuse an ASPUP without ASP Identifier with "ASP Identifier Required" (RFC 4666 §3.8.1).
    pub require_asp_identifier: bool,
    /// Refuse an ASPUP whose ASP Identifier differs with "Invalid ASP Identifier".
    pub expected_asp_identifier: Option<u32>,
    /// What to do with REG REQ.
    pub registration: RegistrationPolicy,
}

impl Default for ServerOptions {
    fn default() -> Self {
        Self {
            send_notify: true,
            require_asp_identifier: false,
            expected_asp_identifier: None,
            registration: RegistrationPolicy::Refuse,
        }
    }
}

/// Per-peer interop switches. Each one relaxes the RFC for a peer that needs it; all are off by
/// default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Quirks {
    /// (ASP role) send ASPAC right after ASPUP ACK. By default the ASP waits up to
    /// [`Timers::ntfy_wait`] for the SGP's NTFY (RFC 4666 §4.3.4.5 says the ASPUP receptor
    /// SHOULD send one after ASPUP ACK), so the SGP has placed the ASP in its AS before the ASPAC
    /// comes; SGPs that never send NTFY before ASPAC (the RFC makes it a SHOULD; several
    /// commercial STPs skip it) cost that wait on every start without this flag.
    pub aspac_without_ntfy: bool,
    /// (ASP role) treat ASPAC ACK as AS-ACTIVE and report it, for SGPs that never send
    /// NTFY(AS-ACTIVE) — libosmo-sigtran's `no_notify` quirk.
    pub as_active_on_aspac_ack: bool,
    /// (ASP/IPSP roles) answer DAUD from our destination table instead of ignoring it. RFC 4666
    /// has DAUD flow ASP → SGP only, but some equipment audits its ASPs — libosmo-sigtran's
    /// `daud_in_asp` quirk.
    pub accept_daud_in_asp: bool,
    /// (ASP/IPSP roles) apply SSNM received in ASP-INACTIVE instead of ignoring it, for SGPs
    /// that announce destinations before (or without) activating the ASP — libosmo-sigtran's
    /// `snm_inactive` quirk; osmo-stp itself interleaves NTFY and DAVA with the ACKs.
    pub accept_ssnm_inactive: bool,
    /// Accept DATA on stream 0, which RFC 4666 §1.4.7 forbids ("DATA messages MUST NOT be sent
    /// on stream 0"), from peers that open several streams and still send DATA on 0. (A transport
    /// with a single inbound stream, such as M3UA over TCP, needs no quirk: see
    /// [`Association::set_inbound_streams`](super::Association::set_inbound_streams).)
    pub accept_data_on_stream_0: bool,
}

/// Everything an [`Association`](super::Association) needs to know.
///
/// Start from [`Config::new`] and change fields; [`Association::new`](super::Association::new)
/// validates.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The role.
    pub role: Role,
    /// Routing Contexts served (ASP: sent in ASPAC; SGP: the configured AS(es)); empty: none.
    pub routing_contexts: Vec<u32>,
    /// Network Appearance put in DATA and SSNM, and checked on received DATA.
    pub network_appearance: Option<u32>,
    /// Traffic mode of the AS: sent in ASPAC and REG REQ (ASP), enforced on ASPAC (SGP).
    /// `None`: not sent, anything accepted.
    pub traffic_mode: Option<TrafficModeType>,
    /// Our ASP Identifier (sent in ASPUP; in ASPUP ACK by responders).
    pub asp_identifier: Option<u32>,
    /// (ASP side) Routing Keys to register with REG REQ after ASPUP ACK (RFC 4666 §4.4.1);
    /// the Routing Contexts the SGP assigns are added to ASPAC. osmo-stp gives a client that
    /// matches no configured ASP an AS only this way.
    pub routing_keys: Vec<RoutingKey>,
    /// The state to reach once the transport is up: ASP-ACTIVE (`true`) or ASP-INACTIVE.
    pub auto_activate: bool,
    /// Whether this side (re)connects the transport ([`Event::TransportRestartRequested`]) or
    /// only accepts connections ([`Event::CloseTransport`]). Default: ASP and IPSP initiators
    /// connect.
    ///
    /// [`Event::TransportRestartRequested`]: super::Event::TransportRestartRequested
    /// [`Event::CloseTransport`]: super::Event::CloseTransport
    pub client: bool,
    /// Outbound SCTP streams (set the negotiated value with
    /// [`Association::set_outbound_streams`](super::Association::set_outbound_streams)).
    pub outbound_streams: u16,
    /// Answer ASPSM (other than BEAT/BEAT ACK), MGMT (other than NTFY) and RKM messages that
    /// arrive on a stream other than 0 with ERR "Invalid Stream Identifier". RFC 4666 §1.4.7 says
    /// they SHOULD be sent on stream 0, so by default they are accepted on any stream.
    pub strict_streams: bool,
    /// Timers.
    pub timers: Timers,
    /// Responder options.
    pub server: ServerOptions,
    /// Interop quirks.
    pub quirks: Quirks,
    /// At most this many entries in the destination table (SSNM beyond is counted, not stored).
    pub max_destinations: usize,
    /// Reconnect delays for the client side.
    pub reconnect: BackoffConfig,
    /// Seed of the deterministic generator that jitters reconnect delays; give each
    /// association a different (random) seed.
    pub jitter_seed: u64,
}

impl Config {
    /// Defaults for `role`.
    pub fn new(role: Role) -> Self {
        Self {
            role,
            routing_contexts: Vec::new(),
            network_appearance: None,
            traffic_mode: None,
            asp_identifier: None,
            routing_keys: Vec::new(),
            auto_activate: true,
            client: role.initiates(),
            outbound_streams: 2,
            strict_streams: false,
            timers: Timers::default(),
            server: ServerOptions {
                send_notify: matches!(role, Role::Sgp),
                ..ServerOptions::default()
            },
            quirks: Quirks::default(),
            max_destinations: 4096,
            reconnect: BackoffConfig::default(),
            jitter_seed: 0x9e37_79b9_7f4a_7c15,
        }
    }

    /// Checks the configuration.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if let Some(mode) = self.traffic_mode
            && !mode.is_known()
        {
            return Err(ConfigError::UnknownTrafficMode(mode));
        }
        for (i, rc) in self.routing_contexts.iter().enumerate() {
            if self.routing_contexts[..i].contains(rc) {
                return Err(ConfigError::DuplicateRoutingContext(*rc));
            }
        }
        for (i, key) in self.routing_keys.iter().enumerate() {
            let lrk = key.local_rk_identifier;
            if self.routing_keys[..i]
                .iter()
                .any(|k| k.local_rk_identifier == lrk)
            {
                return Err(ConfigError::DuplicateLocalRkIdentifier(lrk));
            }
            if key.destination_point_codes.is_empty() {
                return Err(ConfigError::RoutingKeyWithoutDpc(lrk));
            }
        }
        if self.outbound_streams == 0 {
            return Err(ConfigError::ZeroOutboundStreams);
        }
        if self.timers.ack.is_zero() {
            return Err(ConfigError::ZeroTimer("ack"));
        }
        if self.timers.max_ack_attempts == Some(0) {
            return Err(ConfigError::ZeroTimer("max_ack_attempts"));
        }
        if let Some(beat) = self.timers.beat {
            if beat.is_zero() {
                return Err(ConfigError::ZeroTimer("beat"));
            }
            if self.timers.effective_beat_timeout() < Some(beat) {
                return Err(ConfigError::BeatTimeoutTooShort);
            }
        }
        if self.max_destinations == 0 {
            return Err(ConfigError::ZeroTimer("max_destinations"));
        }
        self.reconnect.validate()
    }
}
