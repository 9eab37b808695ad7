//! The per-association machine (RFC 4666 §4.3).

use core::time::Duration;
use std::collections::VecDeque;
use std::time::Instant;

use bytes::Bytes;

use crate::{
    AspAc, AspDn, AspIa, AspUp, Beat, CongestionLevel, DIAGNOSTIC_LEN, Data, DeregReq, DeregRsp,
    DeregistrationResult, DeregistrationStatus, Dupu, ErrorCode, ErrorMessage, MaskedPointCode,
    Message, MessageClass, MessageKind, Notify, RegReq, RegRsp, RegistrationResult,
    RegistrationStatus, RoutingKey, Scon, Ssnm, Status, TrafficModeType, UserCause,
};

use super::{
    AsState, AspState, Backoff, CommandError, Config, ConfigError, DestinationTable,
    DestinationUpdate, Event, RegistrationPolicy, RestartReason, Role, SendError, Stats, Transmit,
};

/// A request this side sent and waits an answer for (the ASP side of §4.3.4 and §4.4).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Procedure {
    /// ASPUP sent, waiting for ASPUP ACK.
    AspUp,
    /// ASPUP ACK received; waiting for the SGP's NTFY before ASPAC ([`Timers::ntfy_wait`]).
    ///
    /// [`Timers::ntfy_wait`]: super::Timers::ntfy_wait
    AwaitNotify,
    /// REG REQ sent; the Local-RK-Identifiers answered so far.
    Register { answered: Vec<u32> },
    /// ASPAC sent.
    AspAc,
    /// ASPIA sent.
    AspIa,
    /// ASPDN sent.
    AspDn,
    /// DEREG REQ sent for these Routing Contexts; those answered so far.
    Deregister {
        routing_contexts: Vec<u32>,
        answered: Vec<u32>,
    },
}

impl Procedure {
    fn kind(&self) -> MessageKind {
        match self {
            Procedure::AspUp => MessageKind::ASPUP,
            Procedure::AwaitNotify => MessageKind::NTFY,
            Procedure::Register { .. } => MessageKind::REG_REQ,
            Procedure::AspAc => MessageKind::ASPAC,
            Procedure::AspIa => MessageKind::ASPIA,
            Procedure::AspDn => MessageKind::ASPDN,
            Procedure::Deregister { .. } => MessageKind::DEREG_REQ,
        }
    }
}

/// A procedure in progress with its T(ack).
#[derive(Debug, Clone)]
struct Pending {
    procedure: Procedure,
    /// How many times the request was sent.
    attempts: u32,
    deadline: Instant,
}

/// Our own ASP state, as the peer sees it (roles that initiate).
#[derive(Debug, Clone)]
enum Local {
    Down {
        /// ASPUP outstanding.
        pending: Option<Pending>,
    },
    Inactive {
        pending: Option<Pending>,
    },
    Active {
        /// Routing Contexts activated (as ASPAC ACK gave them, else as requested).
        routing_contexts: Vec<u32>,
        traffic_mode: Option<TrafficModeType>,
        pending: Option<Pending>,
    },
}

impl Local {
    fn state(&self) -> AspState {
        match self {
            Local::Down { .. } => AspState::Down,
            Local::Inactive { .. } => AspState::Inactive,
            Local::Active { .. } => AspState::Active,
        }
    }

    fn pending(&self) -> Option<&Pending> {
        match self {
            Local::Down { pending }
            | Local::Inactive { pending }
            | Local::Active { pending, .. } => pending.as_ref(),
        }
    }

    fn pending_mut(&mut self) -> &mut Option<Pending> {
        match self {
            Local::Down { pending }
            | Local::Inactive { pending }
            | Local::Active { pending, .. } => pending,
        }
    }

    fn is_awaiting(&self, procedure: &Procedure) -> bool {
        self.pending().is_some_and(|p| p.procedure == *procedure)
    }
}

/// The peer ASP's state as we keep it (roles that respond, RFC 4666 §4.3.4 "internally, the
/// remote ASP is in …").
#[derive(Debug, Clone)]
enum Peer {
    Down,
    Inactive {
        asp_identifier: Option<u32>,
    },
    Active {
        asp_identifier: Option<u32>,
        routing_contexts: Vec<u32>,
        traffic_mode: Option<TrafficModeType>,
    },
}

impl Peer {
    fn state(&self) -> AspState {
        match self {
            Peer::Down => AspState::Down,
            Peer::Inactive { .. } => AspState::Inactive,
            Peer::Active { .. } => AspState::Active,
        }
    }

    fn asp_identifier(&self) -> Option<u32> {
        match self {
            Peer::Down => None,
            Peer::Inactive { asp_identifier } | Peer::Active { asp_identifier, .. } => {
                *asp_identifier
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Transport {
    Down,
    Up,
    /// We asked the driver to drop it (BEAT or T(ack) exhausted); input is ignored.
    Broken,
}

#[derive(Debug, Clone, Default)]
struct BeatTimers {
    /// When to send the next BEAT.
    next: Option<Instant>,
    /// When the peer is declared dead unless it says something.
    deadline: Option<Instant>,
    /// Sequence number of the next BEAT (its Heartbeat Data, 8 octets big-endian).
    sequence: u64,
}

/// Where the Diagnostic Information of an ERR comes from.
enum Diag {
    Raw(Bytes),
    Message(Message),
}

impl Diag {
    /// The offending message's first [`DIAGNOSTIC_LEN`] octets (RFC 4666 §3.8.1).
    fn bytes(&self) -> Option<Bytes> {
        match self {
            Diag::Raw(raw) => Some(raw.slice(..raw.len().min(DIAGNOSTIC_LEN))),
            Diag::Message(msg) => msg
                .to_bytes()
                .ok()
                .map(|b| b.slice(..b.len().min(DIAGNOSTIC_LEN))),
        }
    }
}

/// One M3UA association: the ASP state machine of RFC 4666 §4.3, sans I/O.
///
/// ```text
///                                   +--------------+
///                                   |              |
///             +---------------------|  ASP-ACTIVE  |
///             |   Other ASP  +------|              |
///             |   in AS      |      +--------------+
///             |   overrides  |            ^     |
///             |   (NTFY)     |     ASPAC/ |     | ASPIA/
///             |              | [ASPAC-ACK]|     | [ASPIA-ACK]
///             |              v            |     v
///             |             +------------------------+
///             |             |      ASP-INACTIVE      |
///             |             +------------------------+
///             |                           ^     |
///  ASPDN/     |                    ASPUP/ |     | ASPDN/
///  [ASPDN-ACK]/                [ASPUP-ACK]|     | [ASPDN-ACK]/
///  SCTP CDI/  |                           |     | SCTP CDI/
///  SCTP RI    |                           |     v SCTP RI
///             |             +------------------------+
///             +------------>|        ASP-DOWN        |
///                           +------------------------+
/// ```
///
/// (RFC 4666 §4.3.1, Figure 3. "SCTP CDI/RI" are the transport's communication-down and restart
/// indications: [`handle_transport_down`](Self::handle_transport_down).)
///
/// The [`Role`] decides which side of each arrow the machine takes. An initiating role (ASP,
/// IPSP single-exchange initiator) sends the requests and moves on the acknowledgements; a
/// responding role (SGP, IPSP single-exchange responder) moves the *peer's* state on the
/// requests and answers them; an IPSP in double exchange does both, and [`state`](Self::state)
/// is the lower of the two directions.
///
/// # Call order
///
/// Like quinn's `Connection`: feed input with the `handle_*` methods and the user commands,
/// then drain every output — [`poll_transmit`](Self::poll_transmit) until `None`,
/// [`poll_event`](Self::poll_event) until `None` — and sleep until
/// [`poll_timeout`](Self::poll_timeout), when you call [`handle_timeout`](Self::handle_timeout).
/// Time is always an argument; the machine reads no clock and draws no random numbers.
///
/// ```
/// use std::time::Instant;
/// use m3ua::asp::{Association, AspState, Config, Role};
/// use m3ua::Message;
///
/// let now = Instant::now();
/// let mut config = Config::new(Role::Asp);
/// config.routing_contexts = vec![2];
/// config.quirks.aspac_without_ntfy = true;
/// let mut asp = Association::new(config).unwrap();
/// asp.handle_transport_up(now);
/// let t = asp.poll_transmit().unwrap();
/// assert_eq!((t.stream, t.message.to_string().as_str()), (0, "ASPUP"));
/// asp.handle_message(now, 0, Message::AspUpAck(Default::default()));
/// assert_eq!(asp.poll_transmit().unwrap().message.to_string(), "ASPAC rc=2");
/// asp.handle_message(now, 0, Message::AspAcAck(Default::default()));
/// assert_eq!(asp.state(), AspState::Active);
/// ```
///
/// # Decisions where RFC 4666 leaves a choice
///
/// - **Streams** (§1.4.7): everything but DATA is sent on stream 0; DATA on
///   [`data_stream`](Self::data_stream). DATA received on stream 0 is answered with ERR
///   "Invalid Stream Identifier" (a MUST NOT) unless the transport has a single inbound stream
///   ([`set_inbound_streams`](Self::set_inbound_streams): M3UA over TCP, a one-stream peer) or
///   [`Quirks::accept_data_on_stream_0`]; other classes are accepted on any stream unless
///   [`Config::strict_streams`].
/// - **Unexpected messages** (§3.8.1, §4.3.4): a request the role never receives (e.g. ASPUP at
///   an ASP, ASPUP ACK at an SGP) and a request or answer in a state that cannot take it (ASPAC,
///   ASPIA, REG REQ, DAUD from an ASP-DOWN peer; an ACK nothing was sent for; NTFY or SSNM
///   before ASPUP ACK) get ERR "Unexpected Message". Duplicate ACKs in the state they lead to
///   (after a retransmission crossed the first ACK) are counted and ignored. DATA received by an
///   ASP in ASP-INACTIVE is discarded silently, the RFC's own example; an SGP answers DATA from
///   a non-active ASP with ERR.
/// - **Unsolicited ACKs** (§4.3.4.2, §4.3.4.4): ASPDN ACK or ASPIA ACK we did not ask for moves
///   us down or inactive, then the machine works its way back to the target state.
/// - **Alternate ASP Active** (§4.3.4.3): our ASP becomes ASP-INACTIVE and stays there (target
///   ASP-INACTIVE) until [`activate`](Self::activate) — re-activating would fight the other ASP.
/// - **BEAT** (§4.3.4.6): any well-formed message proves the peer alive; a BEAT ACK whose data
///   is not one of our BEATs does not. The association is declared dead when nothing arrives
///   within the BEAT timeout of the first unanswered BEAT.
/// - **Registration** (§4.4): REG REQ goes after ASPUP ACK, before ASPAC; ASPAC then lists the
///   configured and the assigned Routing Contexts. Registrations are forgotten at ASP-DOWN and
///   made again. An SGP answers a REG REQ retransmission (same key) with the Routing Context it
///   already assigned, so retransmission is harmless.
/// - **SSNM** (§4.5): kept in a [`DestinationTable`], cleared when the transport goes down.
///   An SGP answers DAUD from its table: DAVA/DRST/DUNA lists, one SCON per congested and one
///   DUPU per unavailable user part, ERR "Destination Status Unknown" for what it does not know.
/// - **AS state on the SGP side** is this association's alone: AS-ACTIVE with the peer active,
///   AS-PENDING for T(r) after it leaves ASP-ACTIVE, then AS-INACTIVE or AS-DOWN. An AS of
///   several ASPs is [`AsGroup`](super::AsGroup)'s business.
///
/// [`Quirks::accept_data_on_stream_0`]: super::Quirks::accept_data_on_stream_0
/// [`Config::strict_streams`]: super::Config::strict_streams
#[derive(Debug)]
pub struct Association {
    config: Config,
    transport: Transport,
    outbound_streams: u16,
    /// Streams the peer may send on; with one, DATA can only come on stream 0.
    inbound_streams: u16,
    /// The state the initiating side works towards.
    target: AspState,
    local: Local,
    peer: Peer,
    /// The last [`state`](Self::state) reported in an event.
    reported: AspState,
    as_state: AsState,
    /// T(r) (responding side).
    recovery: Option<Instant>,
    /// (Initiating side) Local-RK-Identifier → Routing Context assigned by REG RSP.
    registered: Vec<(u32, u32)>,
    registration_attempted: bool,
    /// (Responding side) keys the peer registered, with the Routing Context assigned.
    peer_registrations: Vec<(RoutingKey, u32)>,
    blocked: bool,
    beat: BeatTimers,
    destinations: DestinationTable,
    backoff: Backoff,
    jitter_state: u64,
    transmits: VecDeque<Transmit>,
    events: VecDeque<Event>,
    stats: Stats,
}

impl Association {
    /// A machine in ASP-DOWN with the transport down.
    pub fn new(config: Config) -> Result<Self, ConfigError> {
        config.validate()?;
        let target = if config.auto_activate {
            AspState::Active
        } else {
            AspState::Inactive
        };
        Ok(Self {
            transport: Transport::Down,
            outbound_streams: config.outbound_streams,
            inbound_streams: u16::MAX,
            target,
            local: Local::Down { pending: None },
            peer: Peer::Down,
            reported: AspState::Down,
            as_state: AsState::Down,
            recovery: None,
            registered: Vec::new(),
            registration_attempted: false,
            peer_registrations: Vec::new(),
            blocked: false,
            beat: BeatTimers::default(),
            destinations: DestinationTable::new(config.max_destinations),
            backoff: Backoff::new(config.reconnect),
            jitter_state: if config.jitter_seed == 0 {
                0x9e37_79b9_7f4a_7c15
            } else {
                config.jitter_seed
            },
            transmits: VecDeque::new(),
            events: VecDeque::new(),
            stats: Stats::default(),
            config,
        })
    }

    // ---------------------------------------------------------------- observers

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The association's ASP state: our own (initiating roles), the peer's (responding roles),
    /// or the lower of both (IPSP double exchange).
    pub fn state(&self) -> AspState {
        let role = self.config.role;
        match (role.initiates(), role.responds()) {
            (true, true) => self.local.state().min(self.peer.state()),
            (false, true) => self.peer.state(),
            _ => self.local.state(),
        }
    }

    /// Our own ASP state as the peer acknowledged it (initiating roles; ASP-DOWN otherwise).
    pub fn local_state(&self) -> AspState {
        self.local.state()
    }

    /// The peer ASP's state as we keep it (responding roles; ASP-DOWN otherwise).
    pub fn peer_state(&self) -> AspState {
        self.peer.state()
    }

    /// The AS state: from the last NTFY (initiating roles) or computed (responding roles).
    pub fn as_state(&self) -> AsState {
        self.as_state
    }

    /// The ASP Identifier the peer gave in ASPUP (responding roles).
    pub fn peer_asp_identifier(&self) -> Option<u32> {
        self.peer.asp_identifier()
    }

    /// The Routing Contexts in force while ASP-ACTIVE (empty otherwise, or when none were named).
    pub fn active_routing_contexts(&self) -> &[u32] {
        if self.config.role.initiates()
            && let Local::Active {
                routing_contexts, ..
            } = &self.local
        {
            return routing_contexts;
        }
        if let Peer::Active {
            routing_contexts, ..
        } = &self.peer
        {
            return routing_contexts;
        }
        &[]
    }

    /// The traffic mode acknowledged in ASPAC ACK (initiating) or requested in ASPAC (responding).
    pub fn active_traffic_mode(&self) -> Option<TrafficModeType> {
        match (&self.local, &self.peer) {
            (Local::Active { traffic_mode, .. }, _) | (_, Peer::Active { traffic_mode, .. }) => {
                *traffic_mode
            }
            _ => None,
        }
    }

    /// Routing Contexts obtained by registration (initiating side) or assigned to the peer
    /// (responding side).
    pub fn registered_routing_contexts(&self) -> Vec<u32> {
        self.registered
            .iter()
            .map(|(_, rc)| *rc)
            .chain(self.peer_registrations.iter().map(|(_, rc)| *rc))
            .collect()
    }

    /// What SSNM said about destinations.
    pub fn destinations(&self) -> &DestinationTable {
        &self.destinations
    }

    /// The destination table, to fill on an SGP (what DAUD answers come from).
    pub fn destinations_mut(&mut self) -> &mut DestinationTable {
        &mut self.destinations
    }

    /// Counters.
    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// Whether the transport is up (and not condemned).
    pub fn is_transport_up(&self) -> bool {
        self.transport == Transport::Up
    }

    /// Sets the number of outbound streams the transport negotiated.
    pub fn set_outbound_streams(&mut self, streams: u16) {
        self.outbound_streams = streams.max(1);
    }

    /// Sets the number of inbound streams the transport negotiated (unknown: many). With a single
    /// one (M3UA over TCP, a one-stream peer) DATA on stream 0 is accepted: there is no other.
    pub fn set_inbound_streams(&mut self, streams: u16) {
        self.inbound_streams = streams.max(1);
    }

    /// The stream for a DATA with this SLS: `1 + sls % (outbound_streams − 1)`, so one SLS stays
    /// on one stream and in order (RFC 4666 §1.4.7: "MTP3-User traffic may be assigned to
    /// individual streams based on … the SLS value"; "DATA messages MUST NOT be sent on stream
    /// 0"). With a single outbound stream (M3UA over TCP, a one-stream peer) there is no other
    /// choice than 0.
    pub fn data_stream(&self, sls: u8) -> u16 {
        if self.outbound_streams <= 1 {
            0
        } else {
            1 + u16::from(sls) % (self.outbound_streams - 1)
        }
    }

    // ---------------------------------------------------------------- outputs

    /// The next message to send.
    pub fn poll_transmit(&mut self) -> Option<Transmit> {
        self.transmits.pop_front()
    }

    /// The next event.
    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    /// When to call [`handle_timeout`](Self::handle_timeout) next.
    pub fn poll_timeout(&self) -> Option<Instant> {
        let mut next = self.recovery;
        if self.transport == Transport::Up {
            for t in [
                self.local.pending().map(|p| p.deadline),
                self.beat.next,
                self.beat.deadline,
            ]
            .into_iter()
            .flatten()
            {
                next = Some(next.map_or(t, |n: Instant| n.min(t)));
            }
        }
        next
    }

    // ---------------------------------------------------------------- transport input

    /// The transport (SCTP association, TCP connection) is up: an initiating role sends ASPUP.
    pub fn handle_transport_up(&mut self, now: Instant) {
        if self.transport == Transport::Up {
            return;
        }
        self.transport = Transport::Up;
        self.stats.transport_ups += 1;
        self.backoff.connected(now);
        self.beat.next = self.config.timers.beat.map(|beat| now + beat);
        self.beat.deadline = None;
        self.drive_local(now);
        self.sync_state();
    }

    /// The transport went down (SCTP CDI, RI; TCP close): ASP-DOWN (RFC 4666 §4.3.1). A client
    /// gets [`Event::TransportRestartRequested`] unless it was shut down on purpose.
    pub fn handle_transport_down(&mut self, now: Instant) {
        let was = self.transport;
        if was == Transport::Down {
            return;
        }
        self.transport = Transport::Down;
        self.stats.transport_downs += 1;
        self.reset_to_down(now);
        self.sync_state();
        if was == Transport::Up {
            self.backoff.disconnected(now);
            if self.config.client && self.target != AspState::Down {
                let after = self.next_backoff();
                self.events.push_back(Event::TransportRestartRequested {
                    reason: RestartReason::TransportDown,
                    after,
                });
            }
        }
        self.sync_state();
    }

    /// A message arrived on `stream` as octets (one SCTP DATA chunk's payload, or one frame of
    /// a TCP stream). Octets that do not decode are answered with ERR carrying the
    /// [`DecodeError::error_code`](crate::DecodeError::error_code) — unless they claim to be an
    /// ERR themselves (RFC 4666 §3.8.1) — and counted.
    pub fn handle_bytes(&mut self, now: Instant, stream: u16, bytes: Bytes) {
        if self.transport != Transport::Up {
            self.stats.ignored_while_down += 1;
            return;
        }
        match Message::from_bytes(bytes.clone()) {
            Ok(message) => self.handle(now, stream, message, Diag::Raw(bytes)),
            Err(error) => {
                self.stats.decode_errors += 1;
                let claims_err = bytes.get(2..4) == Some(&[0, 0][..]);
                if !claims_err {
                    self.send_mgmt(Message::Err(error.to_err_message(&bytes)));
                }
                self.events.push_back(Event::DecodeFailed(error));
            }
        }
    }

    /// A decoded message arrived on `stream`.
    pub fn handle_message(&mut self, now: Instant, stream: u16, message: Message) {
        if self.transport != Transport::Up {
            self.stats.ignored_while_down += 1;
            return;
        }
        let diag = Diag::Message(message.clone());
        self.handle(now, stream, message, diag);
    }

    /// Timers: T(ack) retransmission, NTFY wait, BEAT, BEAT timeout, T(r).
    pub fn handle_timeout(&mut self, now: Instant) {
        if let Some(recovery) = self.recovery
            && recovery <= now
        {
            self.recovery_expired();
        }
        if self.transport == Transport::Up {
            if let Some(deadline) = self.beat.deadline
                && deadline <= now
            {
                // RFC 4666 §4.3.4.6: no BEAT ACK (or other message) within the timeout.
                self.stats.beats_missed += 1;
                self.fail(now, RestartReason::HeartbeatTimeout);
                return;
            }
            self.pending_timeout(now);
        }
        if self.transport == Transport::Up
            && let Some(next) = self.beat.next
            && next <= now
        {
            self.send_beat(now);
        }
        self.sync_state();
    }

    // ---------------------------------------------------------------- user commands

    /// Work towards ASP-ACTIVE: ASPUP if down, then (REG REQ and) ASPAC (initiating roles).
    pub fn activate(&mut self, now: Instant) -> Result<(), CommandError> {
        self.set_target(now, AspState::Active)
    }

    /// Work towards ASP-INACTIVE: ASPIA if active, ASPUP if down.
    pub fn deactivate(&mut self, now: Instant) -> Result<(), CommandError> {
        self.set_target(now, AspState::Inactive)
    }

    /// Work towards ASP-DOWN: ASPDN (RFC 4666 §4.3.4.2). The transport stays up; close it once
    /// [`Event::StateChanged`] reports ASP-DOWN.
    pub fn shutdown(&mut self, now: Instant) -> Result<(), CommandError> {
        self.set_target(now, AspState::Down)
    }

    /// Deregisters every registered Routing Key with DEREG REQ (RFC 4666 §4.4.2); the ASP must be
    /// ASP-INACTIVE with nothing outstanding.
    pub fn deregister(&mut self, now: Instant) -> Result<(), CommandError> {
        if !self.config.role.initiates() {
            return Err(CommandError::NotInitiator);
        }
        if !matches!(self.local, Local::Inactive { pending: None }) {
            return Err(CommandError::WrongState {
                state: self.local.state(),
            });
        }
        if self.registered.is_empty() {
            return Err(CommandError::NothingRegistered);
        }
        let routing_contexts = self.registered.iter().map(|(_, rc)| *rc).collect();
        self.start(
            now,
            Procedure::Deregister {
                routing_contexts,
                answered: Vec::new(),
            },
        );
        Ok(())
    }

    /// Sends a DATA message. Fills in the Routing Context when there is one obvious choice (one
    /// active Routing Context, or the registered Routing Key whose DPC is the OPC) and the
    /// configured Network Appearance, and picks the stream by SLS.
    pub fn send_data(&mut self, mut data: Data) -> Result<(), SendError> {
        let state = self.state();
        if state != AspState::Active || self.transport != Transport::Up {
            return Err(SendError::NotActive { state });
        }
        let dpc = data.protocol_data.dpc;
        if !self.destinations.is_available(dpc) {
            return Err(SendError::DestinationUnavailable { point_code: dpc });
        }
        if data.routing_context.is_none() {
            data.routing_context = self.routing_context_for(data.protocol_data.opc);
        }
        if data.network_appearance.is_none() {
            data.network_appearance = self.config.network_appearance;
        }
        let stream = self.data_stream(data.protocol_data.sls);
        self.queue(stream, Message::Data(data));
        Ok(())
    }

    /// Sends an SSNM message (stream 0). On a responding role it also updates our own table,
    /// which DAUD answers come from; an ASP may use it to send DAUD or SCON.
    pub fn send_ssnm(&mut self, message: Message) -> Result<(), SendError> {
        if message.class() != MessageClass::SSNM {
            return Err(SendError::NotSsnm {
                kind: message.kind(),
            });
        }
        let state = self.state();
        if state == AspState::Down || self.transport != Transport::Up {
            return Err(SendError::NotActive { state });
        }
        if self.config.role.responds() {
            self.apply_ssnm(&message, false);
        }
        self.send_mgmt(message);
        Ok(())
    }

    /// (Responding roles) sends a NTFY with `status` and our Routing Contexts, e.g.
    /// "Insufficient ASP Resources Active in AS" or "ASP Failure" (RFC 4666 §4.3.4.5).
    pub fn notify(&mut self, status: Status) -> Result<(), CommandError> {
        if !self.config.role.responds() {
            return Err(CommandError::NotResponder);
        }
        if matches!(self.peer, Peer::Down) || self.transport != Transport::Up {
            return Err(CommandError::WrongState {
                state: self.peer.state(),
            });
        }
        self.send_notify(status, None);
        Ok(())
    }

    /// (Responding roles, override mode) another ASP took over the AS: tell this peer with NTFY
    /// "Alternate ASP Active" and mark it ASP-INACTIVE (RFC 4666 §4.3.4.3). The AS stays
    /// AS-ACTIVE.
    pub fn notify_alternate_asp_active(
        &mut self,
        asp_identifier: Option<u32>,
    ) -> Result<(), CommandError> {
        if !self.config.role.responds() {
            return Err(CommandError::NotResponder);
        }
        if !matches!(self.peer, Peer::Active { .. }) || self.transport != Transport::Up {
            return Err(CommandError::WrongState {
                state: self.peer.state(),
            });
        }
        self.send_notify(Status::ALTERNATE_ASP_ACTIVE, asp_identifier);
        self.peer = Peer::Inactive {
            asp_identifier: self.peer.asp_identifier(),
        };
        self.sync_state();
        Ok(())
    }

    /// (Responding roles) management blocking: ASPUP and ASPAC are refused with ERR "Refused -
    /// Management Blocking" while set (RFC 4666 §4.3.4.1, §3.8.1).
    pub fn set_blocked(&mut self, blocked: bool) {
        self.blocked = blocked;
    }

    // ---------------------------------------------------------------- dispatch

    fn handle(&mut self, now: Instant, stream: u16, message: Message, diag: Diag) {
        self.stats.received.count(message.class());
        // RFC 4666 §4.3.4.6: any message but an unmatched BEAT ACK shows the peer is alive.
        if !matches!(message, Message::BeatAck(_)) {
            self.beat.deadline = None;
        }
        // RFC 4666 §1.4.7: "DATA messages MUST NOT be sent on stream 0"; ASPSM, MGMT and RKM
        // (but BEAT, BEAT ACK, NTFY) "SHOULD be sent on stream 0".
        let kind = message.kind();
        let wrong_stream = match message.class() {
            MessageClass::TRANSFER => {
                stream == 0
                    && self.inbound_streams > 1
                    && !self.config.quirks.accept_data_on_stream_0
            }
            MessageClass::MGMT | MessageClass::ASPSM | MessageClass::RKM => {
                self.config.strict_streams
                    && stream != 0
                    && !matches!(
                        kind,
                        MessageKind::BEAT | MessageKind::BEAT_ACK | MessageKind::NTFY
                    )
            }
            _ => false,
        };
        if wrong_stream && kind != MessageKind::ERR {
            self.send_error(
                ErrorCode::INVALID_STREAM_IDENTIFIER,
                Vec::new(),
                diag.bytes(),
            );
            return;
        }
        let initiates = self.config.role.initiates();
        let responds = self.config.role.responds();
        match message {
            Message::Err(err) => {
                self.stats.errors_received.count(err.error_code);
                self.events.push_back(Event::ErrorReceived(err));
            }
            Message::Beat(beat) => self.send_mgmt(Message::BeatAck(beat)),
            Message::BeatAck(beat) => self.on_beat_ack(&beat),
            Message::Ntfy(n) if initiates => self.on_ntfy(now, n, &diag),
            Message::Data(data) => self.on_data(data, &diag),
            ssnm @ (Message::Duna(_)
            | Message::Dava(_)
            | Message::Daud(_)
            | Message::Scon(_)
            | Message::Dupu(_)
            | Message::Drst(_)) => self.on_ssnm(ssnm, &diag),
            Message::AspUp(m) if responds => self.on_aspup(now, m, &diag),
            Message::AspDn(_) if responds => self.on_aspdn(now),
            Message::AspAc(m) if responds => self.on_aspac(now, m, &diag),
            Message::AspIa(m) if responds => self.on_aspia(now, m, &diag),
            Message::RegReq(m) if responds => self.on_reg_req(m, &diag),
            Message::DeregReq(m) if responds => self.on_dereg_req(m, &diag),
            Message::AspUpAck(_) if initiates => self.on_aspup_ack(now, &diag),
            Message::AspAcAck(m) if initiates => self.on_aspac_ack(now, m, &diag),
            Message::AspIaAck(_) if initiates => self.on_aspia_ack(now, &diag),
            Message::AspDnAck(_) if initiates => self.on_aspdn_ack(now),
            Message::RegRsp(m) if initiates => self.on_reg_rsp(now, m, &diag),
            Message::DeregRsp(m) if initiates => self.on_dereg_rsp(now, m, &diag),
            // A request this role never receives, or an answer to one it never sends.
            _ => self.unexpected(&diag),
        }
        self.sync_state();
    }

    // ---------------------------------------------------------------- initiating side

    /// Sends the next request towards the target state, if nothing is outstanding.
    fn drive_local(&mut self, now: Instant) {
        if !self.config.role.initiates()
            || self.transport != Transport::Up
            || self.local.pending().is_some()
        {
            return;
        }
        let next = match (&self.local, self.target) {
            (Local::Down { .. }, AspState::Down) => None,
            (Local::Down { .. }, _) => Some(Procedure::AspUp),
            (Local::Inactive { .. }, AspState::Down) | (Local::Active { .. }, AspState::Down) => {
                Some(Procedure::AspDn)
            }
            (Local::Inactive { .. }, _) if self.registration_due() => Some(Procedure::Register {
                answered: Vec::new(),
            }),
            (Local::Inactive { .. }, AspState::Active) => Some(Procedure::AspAc),
            (Local::Active { .. }, AspState::Inactive) => Some(Procedure::AspIa),
            (Local::Inactive { .. }, AspState::Inactive)
            | (Local::Active { .. }, AspState::Active) => None,
        };
        if let Some(procedure) = next {
            self.start(now, procedure);
        }
    }

    fn registration_due(&self) -> bool {
        !self.config.routing_keys.is_empty() && !self.registration_attempted
    }

    fn start(&mut self, now: Instant, procedure: Procedure) {
        if matches!(procedure, Procedure::Register { .. }) {
            self.registration_attempted = true;
        }
        self.send_request(&procedure);
        *self.local.pending_mut() = Some(Pending {
            procedure,
            attempts: 1,
            deadline: now + self.config.timers.ack,
        });
    }

    fn set_target(&mut self, now: Instant, target: AspState) -> Result<(), CommandError> {
        if !self.config.role.initiates() {
            return Err(CommandError::NotInitiator);
        }
        self.target = target;
        if target != AspState::Active && self.local.is_awaiting(&Procedure::AwaitNotify) {
            *self.local.pending_mut() = None;
        }
        self.drive_local(now);
        self.sync_state();
        Ok(())
    }

    /// The Routing Contexts to put in ASPAC: configured, then registered.
    fn requested_routing_contexts(&self) -> Vec<u32> {
        let mut rcs = self.config.routing_contexts.clone();
        for (_, rc) in &self.registered {
            if !rcs.contains(rc) {
                rcs.push(*rc);
            }
        }
        rcs
    }

    fn send_request(&mut self, procedure: &Procedure) {
        let message = match procedure {
            Procedure::AspUp => Message::AspUp(AspUp {
                asp_identifier: self.config.asp_identifier,
                ..AspUp::default()
            }),
            Procedure::AwaitNotify => return,
            Procedure::Register { answered } => {
                let routing_keys = self
                    .config
                    .routing_keys
                    .iter()
                    .filter(|k| !answered.contains(&k.local_rk_identifier))
                    .map(|k| {
                        let mut key = k.clone();
                        key.traffic_mode_type = key.traffic_mode_type.or(self.config.traffic_mode);
                        key.network_appearance =
                            key.network_appearance.or(self.config.network_appearance);
                        key
                    })
                    .collect();
                Message::RegReq(RegReq {
                    routing_keys,
                    ..RegReq::default()
                })
            }
            Procedure::AspAc => Message::AspAc(AspAc {
                traffic_mode_type: self.config.traffic_mode,
                routing_context: self.requested_routing_contexts(),
                ..AspAc::default()
            }),
            Procedure::AspIa => Message::AspIa(AspIa {
                routing_context: self.active_routing_contexts().to_vec(),
                ..AspIa::default()
            }),
            Procedure::AspDn => Message::AspDn(AspDn::default()),
            Procedure::Deregister {
                routing_contexts,
                answered,
            } => Message::DeregReq(DeregReq {
                routing_context: routing_contexts
                    .iter()
                    .filter(|rc| !answered.contains(rc))
                    .copied()
                    .collect(),
                ..DeregReq::default()
            }),
        };
        self.send_mgmt(message);
    }

    fn pending_timeout(&mut self, now: Instant) {
        let ack = self.config.timers.ack;
        let max = self.config.timers.max_ack_attempts;
        let Some(pending) = self.local.pending_mut() else {
            return;
        };
        if pending.deadline > now {
            return;
        }
        if pending.procedure == Procedure::AwaitNotify {
            // No NTFY came: send ASPAC anyway.
            *self.local.pending_mut() = None;
            self.drive_local(now);
            return;
        }
        if max.is_some_and(|max| pending.attempts >= max) {
            let kind = pending.procedure.kind();
            self.fail(now, RestartReason::AckTimeout(kind));
            return;
        }
        // RFC 4666 §4.3.4.1 ff.: "the ASP MAY restart T(ack) and resend".
        pending.attempts += 1;
        pending.deadline = now + ack;
        let procedure = pending.procedure.clone();
        self.stats.retransmissions += 1;
        self.send_request(&procedure);
    }

    fn on_aspup_ack(&mut self, now: Instant, diag: &Diag) {
        match &self.local {
            Local::Down { pending: Some(p) } if p.procedure == Procedure::AspUp => {
                // RFC 4666 §4.3.4.1: ASP-DOWN → ASP-INACTIVE.
                let wait_for_notify = self.config.role == Role::Asp
                    && !self.config.quirks.aspac_without_ntfy
                    && self.target == AspState::Active
                    && !self.registration_due();
                let pending = wait_for_notify.then(|| Pending {
                    procedure: Procedure::AwaitNotify,
                    attempts: 0,
                    deadline: now + self.config.timers.ntfy_wait,
                });
                self.local = Local::Inactive { pending };
                self.drive_local(now);
            }
            Local::Down { .. } => self.unexpected(diag),
            Local::Inactive { .. } | Local::Active { .. } => self.stats.duplicate_acks += 1,
        }
    }

    fn on_aspac_ack(&mut self, now: Instant, m: AspAc, diag: &Diag) {
        match &self.local {
            Local::Inactive { pending: Some(p) } if p.procedure == Procedure::AspAc => {
                // RFC 4666 §4.3.4.3: ASP-INACTIVE → ASP-ACTIVE.
                let routing_contexts = if m.routing_context.is_empty() {
                    self.requested_routing_contexts()
                } else {
                    m.routing_context
                };
                self.local = Local::Active {
                    routing_contexts: routing_contexts.clone(),
                    traffic_mode: m.traffic_mode_type.or(self.config.traffic_mode),
                    pending: None,
                };
                if self.config.quirks.as_active_on_aspac_ack {
                    self.as_state = AsState::Active;
                    self.events.push_back(Event::AsStateChanged {
                        state: AsState::Active,
                        routing_context: routing_contexts,
                    });
                }
                self.drive_local(now);
            }
            Local::Active { .. } => self.stats.duplicate_acks += 1,
            _ => self.unexpected(diag),
        }
    }

    fn on_aspia_ack(&mut self, now: Instant, diag: &Diag) {
        match &mut self.local {
            Local::Active { pending, .. } => {
                // RFC 4666 §4.3.4.4: ASP-ACTIVE → ASP-INACTIVE, asked for or not ("If the ASP
                // receives an ASP Inactive Ack without having sent an ASP Inactive message, the
                // ASP should now consider itself as in the ASP-INACTIVE state"); an ASPDN in
                // flight stays in flight.
                let keep = pending.take().filter(|p| p.procedure == Procedure::AspDn);
                self.local = Local::Inactive { pending: keep };
                self.drive_local(now);
            }
            Local::Inactive { .. } => self.stats.duplicate_acks += 1,
            Local::Down { .. } => self.unexpected(diag),
        }
    }

    fn on_aspdn_ack(&mut self, now: Instant) {
        match &self.local {
            Local::Inactive { .. } | Local::Active { .. } => {
                // RFC 4666 §4.3.4.2: → ASP-DOWN, asked for or not; unsolicited, the ASP "should
                // then initiate procedures to return itself to its previous state" — the target
                // is unchanged, so drive_local sends ASPUP again.
                self.local_down();
                self.drive_local(now);
            }
            Local::Down { .. } => self.stats.duplicate_acks += 1,
        }
    }

    fn local_down(&mut self) {
        self.local = Local::Down { pending: None };
        self.registered.clear();
        self.registration_attempted = false;
    }

    fn on_ntfy(&mut self, now: Instant, n: Notify, diag: &Diag) {
        if matches!(self.local, Local::Down { .. }) {
            return self.unexpected(diag);
        }
        let state = match n.status {
            Status::AS_INACTIVE => Some(AsState::Inactive),
            Status::AS_ACTIVE => Some(AsState::Active),
            Status::AS_PENDING => Some(AsState::Pending),
            _ => None,
        };
        match state {
            Some(state) => {
                self.as_state = state;
                self.events.push_back(Event::AsStateChanged {
                    state,
                    routing_context: n.routing_context,
                });
            }
            None => {
                if n.status == Status::ALTERNATE_ASP_ACTIVE
                    && let Local::Active { pending, .. } = &mut self.local
                {
                    // RFC 4666 §4.3.4.3: "The ASP receiving this Notify MUST consider itself
                    // now in the ASP-INACTIVE state".
                    let keep = pending.take().filter(|p| p.procedure == Procedure::AspDn);
                    self.local = Local::Inactive { pending: keep };
                    if self.target == AspState::Active {
                        self.target = AspState::Inactive;
                    }
                }
                self.events.push_back(Event::Notified(n));
            }
        }
        if self.local.is_awaiting(&Procedure::AwaitNotify) {
            *self.local.pending_mut() = None;
            self.drive_local(now);
        }
    }

    fn on_reg_rsp(&mut self, now: Instant, m: RegRsp, diag: &Diag) {
        let Some(Pending {
            procedure: Procedure::Register { answered },
            ..
        }) = self.local.pending_mut()
        else {
            return self.unexpected(diag);
        };
        for result in m.registration_results {
            let lrk = result.local_rk_identifier;
            if answered.contains(&lrk)
                || !self
                    .config
                    .routing_keys
                    .iter()
                    .any(|k| k.local_rk_identifier == lrk)
            {
                continue;
            }
            answered.push(lrk);
            if result.registration_status == RegistrationStatus::SUCCESSFULLY_REGISTERED {
                self.registered.retain(|(l, _)| *l != lrk);
                self.registered.push((lrk, result.routing_context));
            }
            self.events.push_back(Event::Registration(result));
        }
        if answered.len() >= self.config.routing_keys.len() {
            *self.local.pending_mut() = None;
            self.drive_local(now);
        }
    }

    fn on_dereg_rsp(&mut self, now: Instant, m: DeregRsp, diag: &Diag) {
        let Some(Pending {
            procedure:
                Procedure::Deregister {
                    routing_contexts,
                    answered,
                },
            ..
        }) = self.local.pending_mut()
        else {
            return self.unexpected(diag);
        };
        for result in m.deregistration_results {
            let rc = result.routing_context;
            if answered.contains(&rc) || !routing_contexts.contains(&rc) {
                continue;
            }
            answered.push(rc);
            if result.deregistration_status == DeregistrationStatus::SUCCESSFULLY_DEREGISTERED {
                self.registered.retain(|(_, r)| *r != rc);
            }
            self.events.push_back(Event::Deregistration(result));
        }
        if answered.len() >= routing_contexts.len() {
            *self.local.pending_mut() = None;
            self.drive_local(now);
        }
    }

    // ---------------------------------------------------------------- responding side

    fn on_aspup(&mut self, now: Instant, m: AspUp, diag: &Diag) {
        // RFC 4666 §4.3.4.1: management lockout → "Refused - Management Blocking".
        if self.blocked {
            return self.send_error(
                ErrorCode::REFUSED_MANAGEMENT_BLOCKING,
                Vec::new(),
                diag.bytes(),
            );
        }
        // RFC 4666 §3.8.1: ASP Identifier Required / Invalid ASP Identifier.
        if self.config.server.require_asp_identifier && m.asp_identifier.is_none() {
            return self.send_error(ErrorCode::ASP_IDENTIFIER_REQUIRED, Vec::new(), diag.bytes());
        }
        if let (Some(expected), Some(got)) =
            (self.config.server.expected_asp_identifier, m.asp_identifier)
            && expected != got
        {
            return self.send_error(ErrorCode::INVALID_ASP_IDENTIFIER, Vec::new(), diag.bytes());
        }
        // "The SGP MUST send an ASP Up Ack message in response to a received ASP Up message even
        // if the ASP is already marked as ASP-INACTIVE at the SGP."
        self.send_mgmt(Message::AspUpAck(AspUp {
            asp_identifier: self.config.asp_identifier,
            ..AspUp::default()
        }));
        let inactive = Peer::Inactive {
            asp_identifier: m.asp_identifier,
        };
        match self.peer {
            Peer::Down => {
                let pending = self.as_state == AsState::Pending;
                self.peer_to(now, inactive);
                // RFC 4666 §4.3.4.5: after ASPUP ACK, a NTFY with the current AS state.
                if pending && self.config.server.send_notify {
                    self.send_notify(Status::AS_PENDING, None);
                }
            }
            Peer::Inactive { .. } => self.peer = inactive,
            Peer::Active { .. } => {
                // "an ASP Up Ack message is returned, as well as an Error message ("Unexpected
                // Message"). In addition, the remote ASP state is changed to ASP-INACTIVE …, and
                // all registered Routing Keys are considered deregistered."
                self.unexpected(diag);
                self.peer_registrations.clear();
                self.peer_to(now, inactive);
            }
        }
    }

    fn on_aspdn(&mut self, now: Instant) {
        // RFC 4666 §4.3.4.2: ASPDN ACK "even if the ASP is already marked as ASP-DOWN".
        self.send_mgmt(Message::AspDnAck(AspDn::default()));
        self.peer_to(now, Peer::Down);
    }

    fn on_aspac(&mut self, now: Instant, m: AspAc, diag: &Diag) {
        // RFC 4666 §4.3.4.3: ASPAC from an ASP-DOWN ASP → "Unexpected Message".
        if matches!(self.peer, Peer::Down) {
            return self.unexpected(diag);
        }
        if self.blocked {
            return self.send_error(
                ErrorCode::REFUSED_MANAGEMENT_BLOCKING,
                Vec::new(),
                diag.bytes(),
            );
        }
        // RFC 4666 §4.3.4.3: a traffic mode the AS does not have → "Unsupported Traffic Mode
        // Type".
        if let (Some(asked), Some(own)) = (m.traffic_mode_type, self.config.traffic_mode)
            && asked != own
        {
            return self.send_error(
                ErrorCode::UNSUPPORTED_TRAFFIC_MODE_TYPE,
                Vec::new(),
                diag.bytes(),
            );
        }
        if let Err(invalid) = self.check_routing_contexts(&m.routing_context) {
            return self.send_error(ErrorCode::INVALID_ROUTING_CONTEXT, invalid, diag.bytes());
        }
        let served = self.served_routing_contexts();
        if m.routing_context.is_empty() && served.is_empty() && self.config.role == Role::Sgp {
            // RFC 4666 §3.8.1: "No Configured AS for ASP".
            return self.send_error(
                ErrorCode::NO_CONFIGURED_AS_FOR_ASP,
                Vec::new(),
                diag.bytes(),
            );
        }
        self.send_mgmt(Message::AspAcAck(AspAc {
            traffic_mode_type: m.traffic_mode_type,
            routing_context: m.routing_context.clone(),
            ..AspAc::default()
        }));
        let mut routing_contexts = match &self.peer {
            Peer::Active {
                routing_contexts, ..
            } => routing_contexts.clone(),
            _ => Vec::new(),
        };
        let asked = if m.routing_context.is_empty() {
            served
        } else {
            m.routing_context
        };
        for rc in asked {
            if !routing_contexts.contains(&rc) {
                routing_contexts.push(rc);
            }
        }
        let active = Peer::Active {
            asp_identifier: self.peer.asp_identifier(),
            routing_contexts,
            traffic_mode: m.traffic_mode_type.or(self.config.traffic_mode),
        };
        self.peer_to(now, active);
    }

    fn on_aspia(&mut self, now: Instant, m: AspIa, diag: &Diag) {
        if matches!(self.peer, Peer::Down) {
            return self.unexpected(diag);
        }
        if let Err(invalid) = self.check_routing_contexts(&m.routing_context) {
            return self.send_error(ErrorCode::INVALID_ROUTING_CONTEXT, invalid, diag.bytes());
        }
        // RFC 4666 §4.3.4.4: ASPIA ACK, even if already ASP-INACTIVE.
        self.send_mgmt(Message::AspIaAck(AspIa {
            routing_context: m.routing_context,
            ..AspIa::default()
        }));
        if let Peer::Active { asp_identifier, .. } = self.peer {
            self.peer_to(now, Peer::Inactive { asp_identifier });
        }
    }

    fn on_reg_req(&mut self, m: RegReq, diag: &Diag) {
        // RFC 4666 §4.3.4.1: "The ASP MUST wait for the ASP Up Ack message before sending any
        // other M3UA messages (e.g., ASP Active or REG REQ)".
        if matches!(self.peer, Peer::Down) {
            return self.unexpected(diag);
        }
        let mut results = Vec::with_capacity(m.routing_keys.len());
        for key in m.routing_keys {
            let result = self.register_key(&key);
            results.push(result.clone());
            self.events.push_back(Event::PeerRegistration {
                routing_key: key,
                result,
            });
        }
        self.send_mgmt(Message::RegRsp(RegRsp {
            registration_results: results,
            ..RegRsp::default()
        }));
    }

    /// RFC 4666 §4.4.1 at the SGP.
    fn register_key(&mut self, key: &RoutingKey) -> RegistrationResult {
        let result = |status, routing_context| RegistrationResult {
            local_rk_identifier: key.local_rk_identifier,
            registration_status: status,
            routing_context,
            ..RegistrationResult::default()
        };
        let RegistrationPolicy::Accept {
            first_routing_context,
            allowed_dpcs,
            max_registrations,
        } = &self.config.server.registration
        else {
            return result(RegistrationStatus::PERMISSION_DENIED, 0);
        };
        if let (Some(asked), Some(own)) = (key.traffic_mode_type, self.config.traffic_mode)
            && asked != own
        {
            return result(RegistrationStatus::UNSUPPORTED_TRAFFIC_HANDLING_MODE, 0);
        }
        if !allowed_dpcs.is_empty()
            && key
                .destination_point_codes
                .iter()
                .any(|dpc| !allowed_dpcs.contains(&dpc.point_code))
        {
            return result(RegistrationStatus::INVALID_DPC, 0);
        }
        if let (Some(asked), Some(own)) = (key.network_appearance, self.config.network_appearance)
            && asked != own
        {
            return result(RegistrationStatus::INVALID_NETWORK_APPEARANCE, 0);
        }
        if let Some(rc) = key.routing_context {
            // A key naming a Routing Context modifies that registration.
            return match self.peer_registrations.iter_mut().find(|(_, r)| *r == rc) {
                Some(entry) => {
                    entry.0 = key.clone();
                    result(RegistrationStatus::SUCCESSFULLY_REGISTERED, rc)
                }
                None => result(RegistrationStatus::ROUTING_KEY_NOT_PROVISIONED, 0),
            };
        }
        // The same key again (a REG REQ retransmission): the same Routing Context.
        if let Some((_, rc)) = self
            .peer_registrations
            .iter()
            .find(|(k, _)| same_key(k, key))
        {
            return result(RegistrationStatus::SUCCESSFULLY_REGISTERED, *rc);
        }
        if self.peer_registrations.len() >= *max_registrations {
            return result(RegistrationStatus::INSUFFICIENT_RESOURCES, 0);
        }
        let mut rc = *first_routing_context;
        while self.config.routing_contexts.contains(&rc)
            || self.peer_registrations.iter().any(|(_, r)| *r == rc)
        {
            rc = rc.wrapping_add(1);
        }
        self.peer_registrations.push((key.clone(), rc));
        result(RegistrationStatus::SUCCESSFULLY_REGISTERED, rc)
    }

    fn on_dereg_req(&mut self, m: DeregReq, diag: &Diag) {
        if matches!(self.peer, Peer::Down) {
            return self.unexpected(diag);
        }
        let active = self.active_routing_contexts().to_vec();
        let mut results = Vec::with_capacity(m.routing_context.len());
        for rc in m.routing_context {
            // RFC 4666 §4.4.2.
            let status = if active.contains(&rc) {
                DeregistrationStatus::ASP_CURRENTLY_ACTIVE
            } else if self.peer_registrations.iter().any(|(_, r)| *r == rc) {
                self.peer_registrations.retain(|(_, r)| *r != rc);
                DeregistrationStatus::SUCCESSFULLY_DEREGISTERED
            } else if self.config.routing_contexts.contains(&rc) {
                DeregistrationStatus::PERMISSION_DENIED
            } else {
                DeregistrationStatus::NOT_REGISTERED
            };
            results.push(DeregistrationResult {
                routing_context: rc,
                deregistration_status: status,
                ..DeregistrationResult::default()
            });
        }
        self.send_mgmt(Message::DeregRsp(DeregRsp {
            deregistration_results: results,
            ..DeregRsp::default()
        }));
    }

    /// Moves the peer's state and the AS state with it (RFC 4666 §4.3.2).
    fn peer_to(&mut self, now: Instant, peer: Peer) {
        let from = self.peer.state();
        self.peer = peer;
        let to = self.peer.state();
        match (from, to) {
            (_, AspState::Active) => {
                self.recovery = None;
                self.set_as_state(AsState::Active);
            }
            (AspState::Active, _) => {
                // The last active ASP left: AS-PENDING while T(r) runs.
                self.recovery = Some(now + self.config.timers.recovery);
                self.set_as_state(AsState::Pending);
            }
            (AspState::Down, AspState::Inactive) if self.as_state != AsState::Pending => {
                self.set_as_state(AsState::Inactive)
            }
            (AspState::Inactive, AspState::Down) if self.as_state != AsState::Pending => {
                self.set_as_state(AsState::Down)
            }
            _ => {}
        }
    }

    fn recovery_expired(&mut self) {
        self.recovery = None;
        let state = match self.peer.state() {
            AspState::Active => AsState::Active,
            AspState::Inactive => AsState::Inactive,
            AspState::Down => AsState::Down,
        };
        self.set_as_state(state);
    }

    /// Records the AS state, reports it, and notifies a peer that is up (RFC 4666 §4.3.4.5).
    fn set_as_state(&mut self, state: AsState) {
        if self.as_state == state {
            return;
        }
        self.as_state = state;
        self.events.push_back(Event::AsStateChanged {
            state,
            routing_context: self.served_routing_contexts(),
        });
        let status = match state {
            AsState::Inactive => Status::AS_INACTIVE,
            AsState::Active => Status::AS_ACTIVE,
            AsState::Pending => Status::AS_PENDING,
            AsState::Down => return,
        };
        if self.config.server.send_notify
            && !matches!(self.peer, Peer::Down)
            && self.transport == Transport::Up
        {
            self.send_notify(status, None);
        }
    }

    fn send_notify(&mut self, status: Status, asp_identifier: Option<u32>) {
        self.send_mgmt(Message::Ntfy(Notify {
            status,
            asp_identifier,
            routing_context: self.served_routing_contexts(),
            ..Notify::default()
        }));
    }

    /// Routing Contexts the responding side serves: configured and registered.
    fn served_routing_contexts(&self) -> Vec<u32> {
        let mut rcs = self.config.routing_contexts.clone();
        for (_, rc) in &self.peer_registrations {
            if !rcs.contains(rc) {
                rcs.push(*rc);
            }
        }
        rcs
    }

    /// Every Routing Context this association knows (configured, registered either way).
    fn known_routing_contexts(&self) -> Vec<u32> {
        let mut rcs = self.served_routing_contexts();
        for (_, rc) in &self.registered {
            if !rcs.contains(rc) {
                rcs.push(*rc);
            }
        }
        rcs
    }

    /// `Err(unknown ones)` if some of `rcs` are not ours. Nothing known: anything goes (an
    /// IPSP or an ASP configured without Routing Context).
    fn check_routing_contexts(&self, rcs: &[u32]) -> Result<(), Vec<u32>> {
        let known = self.known_routing_contexts();
        if known.is_empty() {
            return if self.config.role == Role::Sgp && !rcs.is_empty() {
                Err(rcs.to_vec())
            } else {
                Ok(())
            };
        }
        let invalid: Vec<u32> = rcs
            .iter()
            .filter(|rc| !known.contains(rc))
            .copied()
            .collect();
        if invalid.is_empty() {
            Ok(())
        } else {
            Err(invalid)
        }
    }

    /// [`check_routing_contexts`](Self::check_routing_contexts) for one value, without
    /// allocating (the DATA path).
    fn routing_context_known(&self, rc: u32) -> bool {
        if self.config.routing_contexts.is_empty()
            && self.registered.is_empty()
            && self.peer_registrations.is_empty()
        {
            return self.config.role != Role::Sgp;
        }
        self.config.routing_contexts.contains(&rc)
            || self.registered.iter().any(|(_, r)| *r == rc)
            || self.peer_registrations.iter().any(|(_, r)| *r == rc)
    }

    fn routing_context_for(&self, opc: u32) -> Option<u32> {
        let active = self.active_routing_contexts();
        if let [rc] = active {
            return Some(*rc);
        }
        // The registered key whose DPC is our point code names the AS we send for.
        self.config
            .routing_keys
            .iter()
            .filter(|k| {
                k.destination_point_codes
                    .iter()
                    .any(|d| d.point_code == opc)
            })
            .find_map(|k| {
                self.registered
                    .iter()
                    .find(|(lrk, _)| *lrk == k.local_rk_identifier)
                    .map(|(_, rc)| *rc)
            })
            .or_else(|| match self.known_routing_contexts().as_slice() {
                [rc] => Some(*rc),
                _ => None,
            })
    }

    // ---------------------------------------------------------------- both sides

    fn on_beat_ack(&mut self, beat: &Beat) {
        let ours = beat
            .heartbeat_data
            .as_deref()
            .and_then(|d| <[u8; 8]>::try_from(d).ok())
            .map(u64::from_be_bytes)
            .is_some_and(|seq| seq < self.beat.sequence);
        if ours {
            self.stats.beat_acks_received += 1;
            self.beat.deadline = None;
        } else {
            self.stats.beat_ack_mismatches += 1;
        }
    }

    fn send_beat(&mut self, now: Instant) {
        let Some(interval) = self.config.timers.beat else {
            return;
        };
        let data = Bytes::copy_from_slice(&self.beat.sequence.to_be_bytes());
        self.beat.sequence += 1;
        self.stats.beats_sent += 1;
        self.send_mgmt(Message::Beat(Beat {
            heartbeat_data: Some(data),
            ..Beat::default()
        }));
        if self.beat.deadline.is_none() {
            let timeout = self
                .config
                .timers
                .effective_beat_timeout()
                .unwrap_or(interval);
            self.beat.deadline = Some(now + timeout);
        }
        self.beat.next = Some(now + interval);
    }

    fn on_data(&mut self, data: Data, diag: &Diag) {
        let state = self.state();
        if state != AspState::Active {
            // RFC 4666 §3.8.1: "silent discard is used by an ASP if it received a DATA message
            // from an SGP while it was in the ASP-INACTIVE state".
            if state == AspState::Inactive && !self.config.role.responds() {
                self.stats.data_discarded += 1;
                self.stats.unexpected_messages += 1;
            } else {
                self.unexpected(diag);
            }
            return;
        }
        if let (Some(own), Some(got)) = (self.config.network_appearance, data.network_appearance)
            && own != got
        {
            let error = ErrorMessage {
                error_code: ErrorCode::INVALID_NETWORK_APPEARANCE,
                network_appearance: Some(got),
                diagnostic_information: diag.bytes(),
                ..ErrorMessage::default()
            };
            return self.send_mgmt(Message::Err(error));
        }
        if let Some(rc) = data.routing_context
            && !self.routing_context_known(rc)
        {
            return self.send_error(ErrorCode::INVALID_ROUTING_CONTEXT, vec![rc], diag.bytes());
        }
        self.events.push_back(Event::Data(data));
    }

    fn on_ssnm(&mut self, message: Message, diag: &Diag) {
        if self.config.role == Role::Sgp {
            // RFC 4666 §4.5.3: the ASP audits with DAUD; other SSNM flow SGP → ASP.
            match &message {
                Message::Daud(daud) if !matches!(self.peer, Peer::Down) => self.answer_daud(daud),
                _ => self.unexpected(diag),
            }
            return;
        }
        match self.state() {
            AspState::Down => return self.unexpected(diag),
            AspState::Inactive if !self.config.quirks.accept_ssnm_inactive => {
                self.stats.ssnm_ignored += 1;
                return;
            }
            _ => {}
        }
        let rcs = match &message {
            Message::Duna(m) | Message::Dava(m) | Message::Daud(m) | Message::Drst(m) => {
                &m.routing_context
            }
            Message::Scon(m) => &m.routing_context,
            Message::Dupu(m) => &m.routing_context,
            _ => return,
        };
        if let Err(invalid) = self.check_routing_contexts(rcs) {
            return self.send_error(ErrorCode::INVALID_ROUTING_CONTEXT, invalid, diag.bytes());
        }
        if let Message::Daud(daud) = &message {
            if self.config.quirks.accept_daud_in_asp {
                self.answer_daud(daud);
            } else {
                self.stats.ssnm_ignored += 1;
            }
            return;
        }
        self.apply_ssnm(&message, true);
    }

    /// Applies DUNA, DAVA, DRST, SCON, DUPU to the table.
    fn apply_ssnm(&mut self, message: &Message, report: bool) {
        let updates: Vec<(MaskedPointCode, DestinationUpdate)> = match message {
            Message::Duna(m) => with_update(m, DestinationUpdate::Unavailable),
            Message::Dava(m) => with_update(m, DestinationUpdate::Available),
            Message::Drst(m) => with_update(m, DestinationUpdate::Restricted),
            Message::Scon(m) => {
                // SCON without Congestion Indications: congested, level unknown (ITU
                // international networks have no levels) → level 1.
                let level = m.congestion_level.unwrap_or(CongestionLevel::LEVEL_1);
                m.affected_point_codes
                    .iter()
                    .map(|pc| (*pc, DestinationUpdate::Congestion(level)))
                    .collect()
            }
            Message::Dupu(m) => vec![(
                m.affected_point_code,
                DestinationUpdate::UserUnavailable(m.user_cause.user, m.user_cause.cause),
            )],
            _ => Vec::new(),
        };
        for (point_code, update) in updates {
            if !self.destinations.apply(point_code, update) {
                self.stats.ssnm_ignored += 1;
                continue;
            }
            if report {
                let status = self.destinations.status(point_code.point_code);
                self.events
                    .push_back(Event::DestinationStatus { point_code, status });
            }
        }
    }

    /// Answers DAUD from the table (RFC 4666 §4.5.3).
    fn answer_daud(&mut self, daud: &Ssnm) {
        let limit = self.config.max_destinations;
        let mut available = Vec::new();
        let mut restricted = Vec::new();
        let mut unavailable = Vec::new();
        let mut unknown = Vec::new();
        let mut scon = Vec::new();
        let mut dupu = Vec::new();
        let mut answered = 0usize;
        for apc in &daud.affected_point_codes {
            let audit = self.destinations.audit(*apc);
            if audit.is_empty() {
                if self.config.role == Role::Sgp {
                    unknown.push(*apc);
                } else {
                    available.push(*apc);
                }
            }
            for (pc, status) in audit {
                answered += 1;
                if answered > limit {
                    break;
                }
                if !status.available {
                    unavailable.push(pc);
                    continue;
                }
                if status.restricted {
                    restricted.push(pc);
                } else {
                    available.push(pc);
                }
                if status.congestion != CongestionLevel::NO_CONGESTION {
                    scon.push((pc, status.congestion));
                }
                for user in 0..16u16 {
                    let user = crate::Mtp3UserIdentity(user);
                    if let Some(cause) = status.user_unavailable(user) {
                        dupu.push((pc, UserCause { cause, user }));
                    }
                }
            }
        }
        let ssnm = |apcs: Vec<MaskedPointCode>| Ssnm {
            network_appearance: self.config.network_appearance,
            routing_context: daud.routing_context.clone(),
            affected_point_codes: apcs,
            ..Ssnm::default()
        };
        let mut out = Vec::new();
        if !available.is_empty() {
            out.push(Message::Dava(ssnm(available)));
        }
        if !restricted.is_empty() {
            out.push(Message::Drst(ssnm(restricted)));
        }
        if !unavailable.is_empty() {
            out.push(Message::Duna(ssnm(unavailable)));
        }
        for (pc, level) in scon {
            out.push(Message::Scon(Scon {
                network_appearance: self.config.network_appearance,
                routing_context: daud.routing_context.clone(),
                affected_point_codes: vec![pc],
                congestion_level: Some(level),
                ..Scon::default()
            }));
        }
        for (pc, user_cause) in dupu {
            out.push(Message::Dupu(Dupu {
                network_appearance: self.config.network_appearance,
                routing_context: daud.routing_context.clone(),
                affected_point_code: pc,
                user_cause,
                ..Dupu::default()
            }));
        }
        if !unknown.is_empty() {
            // RFC 4666 §3.8.1: "Destination Status Unknown".
            out.push(Message::Err(ErrorMessage {
                error_code: ErrorCode::DESTINATION_STATUS_UNKNOWN,
                routing_context: daud.routing_context.clone(),
                affected_point_codes: unknown,
                ..ErrorMessage::default()
            }));
        }
        for message in out {
            self.send_mgmt(message);
        }
    }

    // ---------------------------------------------------------------- plumbing

    fn queue(&mut self, stream: u16, message: Message) {
        self.stats.sent.count(message.class());
        if let Message::Err(err) = &message {
            self.stats.errors_sent.count(err.error_code);
        }
        self.transmits.push_back(Transmit { stream, message });
    }

    fn send_mgmt(&mut self, message: Message) {
        self.queue(0, message);
    }

    fn send_error(
        &mut self,
        error_code: ErrorCode,
        routing_context: Vec<u32>,
        diagnostic_information: Option<Bytes>,
    ) {
        self.send_mgmt(Message::Err(ErrorMessage {
            error_code,
            routing_context,
            diagnostic_information,
            ..ErrorMessage::default()
        }));
    }

    /// ERR "Unexpected Message" (RFC 4666 §3.8.1).
    fn unexpected(&mut self, diag: &Diag) {
        self.stats.unexpected_messages += 1;
        self.send_error(ErrorCode::UNEXPECTED_MESSAGE, Vec::new(), diag.bytes());
    }

    /// Reports a change of [`state`](Self::state).
    fn sync_state(&mut self) {
        let state = self.state();
        if state != self.reported {
            self.events.push_back(Event::StateChanged {
                from: self.reported,
                to: state,
            });
            self.reported = state;
        }
        self.stats.state = state;
    }

    /// Everything back to ASP-DOWN after the transport went (or is condemned).
    fn reset_to_down(&mut self, now: Instant) {
        self.local_down();
        self.peer_to(now, Peer::Down);
        self.peer_registrations.clear();
        self.beat.next = None;
        self.beat.deadline = None;
        self.destinations.clear();
    }

    /// The peer is declared unreachable: ASP-DOWN, and ask the driver to drop the transport.
    fn fail(&mut self, now: Instant, reason: RestartReason) {
        self.transport = Transport::Broken;
        self.reset_to_down(now);
        self.sync_state();
        self.backoff.disconnected(now);
        let event = if self.config.client {
            Event::TransportRestartRequested {
                reason,
                after: self.next_backoff(),
            }
        } else {
            Event::CloseTransport { reason }
        };
        self.events.push_back(event);
    }

    fn next_backoff(&mut self) -> Duration {
        // xorshift64: deterministic jitter from the configured seed.
        let mut x = self.jitter_state;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.jitter_state = x;
        self.backoff.next_delay((x >> 32) as u32)
    }
}

/// One update per Affected Point Code.
fn with_update(m: &Ssnm, update: DestinationUpdate) -> Vec<(MaskedPointCode, DestinationUpdate)> {
    m.affected_point_codes
        .iter()
        .map(|pc| (*pc, update))
        .collect()
}

/// Whether two Routing Keys describe the same traffic (Local-RK-Identifier and Routing Context
/// aside).
fn same_key(a: &RoutingKey, b: &RoutingKey) -> bool {
    a.destination_point_codes == b.destination_point_codes
        && a.service_indicators == b.service_indicators
        && a.originating_point_codes == b.originating_point_codes
        && a.network_appearance == b.network_appearance
        && a.traffic_mode_type == b.traffic_mode_type
}
