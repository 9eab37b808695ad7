//! One SCTP association: the RFC 9260 state machine, data transfer, congestion control.
//!
//! ```text
//!                      -----          -------- (from any state)
//!                    /       \      /  rcv ABORT      [ABORT]
//!   rcv INIT        |         |    |   ----------  or ----------
//!   --------------- |         v    v   delete TCB     snd ABORT
//!   generate Cookie  \    +---------+                 delete TCB
//!   snd INIT ACK      ---|  CLOSED |
//!                        +---------+
//!                         /      \      [ASSOCIATE]
//!                        /        \     ---------------
//!                       |          |    create TCB
//!                       |          |    snd INIT
//!                       |          |    strt init timer
//!        rcv valid      |          |
//!      COOKIE ECHO      |          v
//!  (1) ---------------- |      +------------+
//!      create TCB       |      | COOKIE-WAIT| (2)
//!      snd COOKIE ACK   |      +------------+
//!                       |          |
//!                       |          |    rcv INIT ACK
//!                       |          |    -----------------
//!                       |          |    snd COOKIE ECHO
//!                       |          |    stop init timer
//!                       |          |    strt cookie timer
//!                       |          v
//!                       |      +--------------+
//!                       |      | COOKIE-ECHOED| (3)
//!                       |      +--------------+
//!                       |          |
//!                       |          |    rcv COOKIE ACK
//!                       |          |    -----------------
//!                       |          |    stop cookie timer
//!                       v          v
//!                     +---------------+
//!                     |  ESTABLISHED  |
//!                     +---------------+
//!                        |            |
//!               [SHUTDOWN]            |
//!               --------              |
//!           check outstanding         |
//!           DATA chunks               |
//!                        |            |
//!                        v            |
//!               +---------+           |
//!               |SHUTDOWN-|           | rcv SHUTDOWN/check
//!               |PENDING  |           | outstanding DATA
//!               +---------+           | chunks
//!                    |                |------------------
//!       No more outstanding           |
//!       ---------------------         |
//!       snd SHUTDOWN                  |
//!       strt shutdown timer           |
//!                    |                v
//!                    v        +----------+
//!               +---------+   |SHUTDOWN- | (5, 6)
//!               |SHUTDOWN-|   |RECEIVED  |
//!               |SENT     |   +----------+
//!               +---------+           |
//!            (4)     |                | No more outstanding
//!                    |                | -------------------
//!                    |                | snd SHUTDOWN ACK
//!                    |                | strt shutdown timer
//!  rcv SHUTDOWN ACK  |                |
//!  ----------------- |                v
//!  stop shutdown timer          +----------+
//!  snd SHUTDOWN COMPLETE        |SHUTDOWN- |
//!  delete TCB        |          |ACK-SENT  |
//!                    |          +----------+
//!                    |                | rcv SHUTDOWN COMPLETE
//!                    |                | ---------------------
//!                    |                | stop shutdown timer
//!                    |                | delete TCB
//!                    v                v
//!                     +---------------+
//!                     |    CLOSED     |
//!                     +---------------+
//! ```
//! (RFC 9260 §4, Figure 3.)

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};

use crate::cause::{CauseCode, ErrorCause};
use crate::chunk::{Chunk, ChunkIter, Data, GapAckBlock, Init, Ppid, Sack};
use crate::config::AssociationConfig;
use crate::cookie::{Cookie, MAX_PEER_ADDRESSES};
use crate::error::SendError;
use crate::packet::{CommonHeader, finish_packet};
use crate::param::InitParam;

/// The association states of RFC 9260 §4, each carrying only its own data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    /// CLOSED: no TCB (the association is over).
    Closed,
    /// COOKIE-WAIT: INIT sent, waiting for INIT ACK (T1-init running).
    CookieWait {
        /// Retransmissions of the INIT so far.
        retransmits: u32,
    },
    /// COOKIE-ECHOED: COOKIE ECHO sent, waiting for COOKIE ACK (T1-cookie running).
    CookieEchoed {
        /// The State Cookie being echoed.
        cookie: Bytes,
        /// Retransmissions of the COOKIE ECHO so far.
        retransmits: u32,
    },
    /// ESTABLISHED.
    Established,
    /// SHUTDOWN-PENDING: the user asked to shut down; outstanding data is still being sent.
    ShutdownPending,
    /// SHUTDOWN-SENT: SHUTDOWN sent (T2-shutdown and T5-shutdown-guard running).
    ShutdownSent,
    /// SHUTDOWN-RECEIVED: the peer sent SHUTDOWN; our outstanding data is still being sent.
    ShutdownReceived,
    /// SHUTDOWN-ACK-SENT: SHUTDOWN ACK sent (T2-shutdown running).
    ShutdownAckSent,
}

impl State {
    /// Whether a TCB with both tags exists (the handshake is over and the association not closed).
    fn is_up(&self) -> bool {
        !matches!(
            self,
            Self::Closed | Self::CookieWait { .. } | Self::CookieEchoed { .. }
        )
    }
}

/// Why an association ended.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CloseReason {
    /// Graceful SHUTDOWN completed (RFC 9260 §9.2).
    Shutdown,
    /// We aborted ([`Association::abort`]).
    LocalAbort,
    /// The peer sent ABORT (§9.1), with its causes.
    PeerAbort {
        /// The error causes in the ABORT.
        causes: Vec<ErrorCause>,
    },
    /// T1-init or T1-cookie expired Max.Init.Retransmits times (§5.1), or the stale-cookie retry
    /// budget ran out.
    InitTimeout,
    /// Association.Max.Retrans consecutive retransmissions or heartbeats went unanswered
    /// (§8.1, §8.2: path failure on our single path).
    PeerUnreachable,
    /// T5-shutdown-guard expired (§9.2); we sent ABORT.
    ShutdownGuardExpired,
    /// The peer broke the protocol; we sent ABORT with this Protocol Violation text.
    ProtocolViolation(&'static str),
    /// The peer's INIT ACK was unusable (e.g. no State Cookie); we sent ABORT.
    InvalidInitAck(&'static str),
}

impl core::fmt::Display for CloseReason {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Shutdown => f.write_str("graceful shutdown"),
            Self::LocalAbort => f.write_str("aborted locally"),
            Self::PeerAbort { causes } => {
                f.write_str("aborted by peer")?;
                causes.iter().try_for_each(|c| write!(f, " [{c}]"))
            }
            Self::InitTimeout => f.write_str("association setup timed out"),
            Self::PeerUnreachable => f.write_str("peer unreachable (Association.Max.Retrans)"),
            Self::ShutdownGuardExpired => f.write_str("T5-shutdown-guard expired"),
            Self::ProtocolViolation(s) => write!(f, "protocol violation: {s}"),
            Self::InvalidInitAck(s) => write!(f, "invalid INIT ACK: {s}"),
        }
    }
}

/// What an association tells its user.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// The association is ESTABLISHED (COMMUNICATION UP, RFC 9260 §11.2.1).
    Connected {
        /// Negotiated outbound streams (min of our OS and the peer's MIS).
        outbound_streams: u16,
        /// Negotiated inbound streams (min of our MIS and the peer's OS).
        inbound_streams: u16,
    },
    /// A complete user message (DATA ARRIVE).
    Data {
        /// Stream identifier.
        stream: u16,
        /// Payload Protocol Identifier.
        ppid: Ppid,
        /// Delivered unordered (U bit).
        unordered: bool,
        /// The message: a slice of the received datagram unless it was fragmented.
        data: Bytes,
    },
    /// The peer restarted (§5.2.4, RESTART notification): its new INIT replaced the TCB; data in
    /// flight was discarded and stream sequence numbers start again.
    Restarted {
        /// Negotiated outbound streams.
        outbound_streams: u16,
        /// Negotiated inbound streams.
        inbound_streams: u16,
    },
    /// The peer sent SHUTDOWN: no new data will come (SHUTDOWN COMPLETE is reported as
    /// [`Event::Closed`]).
    ShutdownReceived,
    /// The peer sent an ERROR chunk (COMMUNICATION ERROR, §11.2.4).
    PeerError {
        /// The error causes.
        causes: Vec<ErrorCause>,
    },
    /// The send buffer, which refused a message with [`SendError::BufferFull`], has room again.
    SendBufferAvailable,
    /// The association is over; no more events follow.
    Closed {
        /// Why.
        reason: CloseReason,
    },
}

/// Counters for one association (plain numbers, quinn `ConnectionStats` style).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Packets sent.
    pub packets_out: u64,
    /// Packets received and accepted (tag checked).
    pub packets_in: u64,
    /// Chunks sent.
    pub chunks_out: u64,
    /// Chunks received.
    pub chunks_in: u64,
    /// DATA chunks sent for the first time.
    pub data_chunks_out: u64,
    /// DATA chunks received (duplicates included).
    pub data_chunks_in: u64,
    /// Duplicate DATA chunks received.
    pub duplicate_tsns_in: u64,
    /// User message octets accepted by `send`.
    pub bytes_out: u64,
    /// User message octets delivered.
    pub bytes_in: u64,
    /// User messages delivered.
    pub messages_in: u64,
    /// DATA chunks retransmitted on T3-rtx expiry.
    pub retransmits: u64,
    /// DATA chunks fast-retransmitted (§7.2.4).
    pub fast_retransmits: u64,
    /// T3-rtx expiries.
    pub t3_expiries: u64,
    /// HEARTBEATs sent.
    pub heartbeats_out: u64,
    /// SACKs sent.
    pub sacks_out: u64,
    /// Smoothed RTT (§6.3.1), zero before the first measurement.
    pub srtt: Duration,
    /// Current RTO.
    pub rto: Duration,
    /// Congestion window (§7.2).
    pub cwnd: u32,
    /// Peer's receive window as last computed.
    pub peer_rwnd: u32,
}

/// Identifies an association inside its [`Endpoint`](crate::Endpoint).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AssociationHandle(pub u64);

/// A datagram to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transmit {
    /// Where to: the peer's IP and, with UDP encapsulation, its UDP port (RFC 6951 §5.4: the
    /// port its packets came from). For raw IP the port is meaningless.
    pub remote: SocketAddr,
    /// A complete SCTP packet: common header, chunks, CRC32c.
    pub payload: Vec<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Timer {
    /// T1-init or T1-cookie (§5.1).
    T1 = 0,
    /// T2-shutdown (§9.2).
    T2 = 1,
    /// T3-rtx (§6.3.2).
    T3 = 2,
    /// T5-shutdown-guard (§9.2).
    T5 = 3,
    /// Heartbeat (§8.3).
    Heartbeat = 4,
    /// Delayed SACK (§6.2).
    Sack = 5,
}

const TIMERS: [Timer; 6] = [
    Timer::T1,
    Timer::T2,
    Timer::T3,
    Timer::T5,
    Timer::Heartbeat,
    Timer::Sack,
];

/// A DATA chunk sent and not yet cumulatively acknowledged.
#[derive(Debug)]
struct Outstanding {
    data: Data,
    sent_at: Instant,
    transmits: u32,
    /// Acknowledged by a gap block (may be reneged).
    gap_acked: bool,
    /// Counted in flight_size.
    in_flight: bool,
    /// Marked for retransmission.
    retransmit: bool,
    /// Miss indications (§7.2.4).
    misses: u8,
    /// Already fast-retransmitted once.
    fast_retransmitted: bool,
}

/// Per inbound stream: the next expected SSN and messages waiting for it (§6.6).
#[derive(Debug, Default)]
struct InboundStream {
    next_ssn: u16,
    waiting: BTreeMap<u16, (Ppid, Bytes)>,
}

/// Serial number arithmetic on 32-bit TSNs (RFC 9260 §1.6, RFC 1982).
fn tsn_lt(a: u32, b: u32) -> bool {
    (a.wrapping_sub(b) as i32) < 0
}

fn tsn_le(a: u32, b: u32) -> bool {
    a == b || tsn_lt(a, b)
}

/// At most this many gap ack blocks and duplicate TSNs go in one SACK.
const MAX_GAP_BLOCKS: usize = 64;
const MAX_DUP_TSNS: usize = 16;
/// Fast retransmit after this many miss indications (§7.2.4).
const FAST_RTX_THRESHOLD: u8 = 3;

/// One SCTP association. Normally owned and driven by an [`Endpoint`](crate::Endpoint), which
/// routes packets to it; the user calls [`send`](Self::send), [`shutdown`](Self::shutdown) and
/// [`abort`](Self::abort) through [`Endpoint::association_mut`](crate::Endpoint::association_mut)
/// or the endpoint's shortcuts.
///
/// Call order, as for quinn's `Connection`: after any input (a packet, a timeout, a user
/// command) drain [`poll_transmit`](Self::poll_transmit) and [`poll_event`](Self::poll_event),
/// then arm a timer for [`poll_timeout`](Self::poll_timeout) and call
/// [`handle_timeout`](Self::handle_timeout) when it fires.
#[derive(Debug)]
pub struct Association {
    config: AssociationConfig,
    state: State,
    remote: SocketAddr,
    peer_addresses: Vec<IpAddr>,
    local_port: u16,
    peer_port: u16,
    local_tag: u32,
    peer_tag: u32,
    outbound_streams: u16,
    inbound_streams: u16,

    // Send side.
    next_tsn: u32,
    /// The peer's last Cumulative TSN Ack.
    cum_ack: u32,
    /// Messages not yet sent, fragmented, without TSNs.
    pending: VecDeque<Data>,
    sent: VecDeque<Outstanding>,
    next_ssn: Vec<u16>,
    send_buffered: usize,
    send_blocked: bool,
    flight_size: usize,
    cwnd: usize,
    ssthresh: usize,
    partial_bytes_acked: usize,
    peer_rwnd: usize,
    fast_recovery_exit: Option<u32>,
    /// Bypass cwnd for one packet of fast retransmissions (§7.2.4 step 3).
    fast_rtx_pending: bool,
    retransmit_marked: usize,

    // RTO (§6.3.1).
    srtt: Option<Duration>,
    rttvar: Duration,
    rto: Duration,
    error_count: u32,

    // Receive side. TSNs unwrapped to 64 bits.
    rcv_cum: u64,
    rcv_above: BTreeSet<u64>,
    dup_tsns: Vec<u32>,
    fragments: BTreeMap<u64, Data>,
    inbound: Vec<InboundStream>,
    recv_buffered: usize,
    sack_now: bool,
    packets_unacked: u32,
    last_a_rwnd: u32,

    // Control.
    /// Our INIT, kept for T1-init retransmission.
    init: Option<Init>,
    /// Control chunks for the next packet (tag = peer's tag; INIT goes alone with tag 0).
    control: VecDeque<Chunk>,
    /// Single-chunk packets with their own tag (T-bit replies, §8.5.1 E).
    oob: VecDeque<(u32, Chunk)>,
    timers: [Option<Instant>; 6],
    hb_outstanding: Option<(u64, Instant)>,
    hb_nonce: u64,
    last_data_sent: Instant,
    cookie_echo_sent_at: Option<(Instant, bool)>,
    events: VecDeque<Event>,
    stats: Stats,
    /// The peer address list changed: the endpoint re-indexes it.
    pub(crate) addresses_dirty: bool,
}

/// What the endpoint must do with an INIT arriving for an existing association
/// (RFC 9260 §5.2.1, §5.2.2, §9.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum InitAnswer {
    /// Answer with an INIT ACK carrying this initiate tag and initial TSN (`None`: draw new
    /// ones) and these tie-tags.
    InitAck {
        tag: Option<(u32, u32)>,
        local_tie_tag: u32,
        peer_tie_tag: u32,
    },
    /// Discard the INIT (SHUTDOWN-ACK-SENT retransmits its SHUTDOWN ACK instead).
    Discard,
    /// The association is closed: treat the INIT as new.
    New,
}

/// How the association took a COOKIE ECHO (§5.2.4 table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CookieOutcome {
    /// Accepted (restart, collision or duplicate); process the rest of the packet.
    Accepted,
    /// Silently discarded.
    Discarded,
}

impl Association {
    /// A client association in COOKIE-WAIT with its INIT queued (§5.1 step A).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn connect(
        now: Instant,
        config: AssociationConfig,
        remote: SocketAddr,
        local_port: u16,
        peer_port: u16,
        local_tag: u32,
        initial_tsn: u32,
        nonce_seed: u64,
    ) -> Self {
        let mut a = Self::new(
            now,
            config,
            remote,
            local_port,
            peer_port,
            local_tag,
            initial_tsn,
        );
        a.hb_nonce = nonce_seed;
        a.state = State::CookieWait { retransmits: 0 };
        let init = Init {
            initiate_tag: local_tag,
            a_rwnd: a.config.receive_window,
            outbound_streams: a.config.outbound_streams,
            inbound_streams: a.config.max_inbound_streams,
            initial_tsn,
            params: Vec::new(),
        };
        a.control.push_back(Chunk::Init(init.clone()));
        a.init = Some(init);
        a.set_timer(Timer::T1, now + a.rto);
        a
    }

    /// A server association built from a valid COOKIE ECHO: ESTABLISHED, COOKIE ACK queued
    /// (§5.1 step D).
    pub(crate) fn accept(
        now: Instant,
        config: AssociationConfig,
        remote: SocketAddr,
        cookie: &Cookie,
        nonce_seed: u64,
    ) -> Self {
        let mut a = Self::new(
            now,
            config,
            remote,
            cookie.local_port,
            cookie.peer_port,
            cookie.local_tag,
            cookie.local_initial_tsn,
        );
        a.hb_nonce = nonce_seed;
        a.install_cookie(now, cookie);
        a.state = State::Established;
        a.control.push_back(Chunk::CookieAck);
        a.events.push_back(Event::Connected {
            outbound_streams: a.outbound_streams,
            inbound_streams: a.inbound_streams,
        });
        a
    }

    fn new(
        now: Instant,
        config: AssociationConfig,
        remote: SocketAddr,
        local_port: u16,
        peer_port: u16,
        local_tag: u32,
        initial_tsn: u32,
    ) -> Self {
        let mtu = config.max_packet_size;
        let rto = config.rto_initial;
        Self {
            state: State::Closed,
            remote,
            peer_addresses: vec![remote.ip()],
            local_port,
            peer_port,
            local_tag,
            peer_tag: 0,
            outbound_streams: config.outbound_streams,
            inbound_streams: config.max_inbound_streams,
            next_tsn: initial_tsn,
            cum_ack: initial_tsn.wrapping_sub(1),
            pending: VecDeque::new(),
            sent: VecDeque::new(),
            next_ssn: Vec::new(),
            send_buffered: 0,
            send_blocked: false,
            flight_size: 0,
            // §7.2.1: initial cwnd = min(4*MTU, max(2*MTU, 4380)).
            cwnd: (4 * mtu).min((2 * mtu).max(4380)),
            ssthresh: usize::MAX,
            partial_bytes_acked: 0,
            peer_rwnd: 0,
            fast_recovery_exit: None,
            fast_rtx_pending: false,
            retransmit_marked: 0,
            srtt: None,
            rttvar: Duration::ZERO,
            rto,
            error_count: 0,
            rcv_cum: 0,
            rcv_above: BTreeSet::new(),
            dup_tsns: Vec::new(),
            fragments: BTreeMap::new(),
            inbound: Vec::new(),
            recv_buffered: 0,
            sack_now: false,
            packets_unacked: 0,
            last_a_rwnd: config.receive_window,
            init: None,
            control: VecDeque::new(),
            oob: VecDeque::new(),
            timers: [None; 6],
            hb_outstanding: None,
            hb_nonce: 0,
            last_data_sent: now,
            cookie_echo_sent_at: None,
            events: VecDeque::new(),
            stats: Stats::default(),
            addresses_dirty: false,
            config,
        }
    }

    /// Sets up the TCB from the peer's INIT parameters carried in a cookie.
    fn install_cookie(&mut self, now: Instant, c: &Cookie) {
        self.local_tag = c.local_tag;
        self.peer_tag = c.peer_tag;
        self.next_tsn = c.local_initial_tsn;
        self.cum_ack = c.local_initial_tsn.wrapping_sub(1);
        if !c.peer_addresses.is_empty() {
            self.peer_addresses = c.peer_addresses.clone();
            if !self.peer_addresses.contains(&self.remote.ip()) {
                self.peer_addresses.insert(0, self.remote.ip());
            }
        }
        self.install_peer(
            c.peer_initial_tsn,
            c.peer_rwnd,
            c.outbound_streams,
            c.inbound_streams,
        );
        self.addresses_dirty = true;
        self.arm_heartbeat(now);
    }

    /// Records the peer's initial TSN, window and the negotiated stream counts (§5.1.1).
    fn install_peer(&mut self, peer_initial_tsn: u32, peer_rwnd: u32, os: u16, is: u16) {
        // Unwrapped TSNs start far above zero so that serial arithmetic never underflows.
        self.rcv_cum = (1u64 << 33) + u64::from(peer_initial_tsn.wrapping_sub(1));
        self.rcv_above.clear();
        self.fragments.clear();
        self.peer_rwnd = peer_rwnd as usize;
        self.outbound_streams = os;
        self.inbound_streams = is;
        self.next_ssn = vec![0; usize::from(os)];
        self.inbound = (0..is).map(|_| InboundStream::default()).collect();
        self.recv_buffered = 0;
    }

    // ---- Accessors ----

    /// The current state.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// Whether the association is ESTABLISHED (or shutting down with data still flowing).
    pub fn is_established(&self) -> bool {
        self.state.is_up()
    }

    /// Whether the association is CLOSED.
    pub fn is_closed(&self) -> bool {
        self.state == State::Closed
    }

    /// The peer's primary address (where packets go).
    pub fn remote(&self) -> SocketAddr {
        self.remote
    }

    /// Every address the peer listed in its INIT/INIT ACK (plus the one packets came from).
    /// Recorded only: VNS sends to [`remote`](Self::remote).
    pub fn peer_addresses(&self) -> &[IpAddr] {
        &self.peer_addresses
    }

    /// Local and peer SCTP ports.
    pub fn ports(&self) -> (u16, u16) {
        (self.local_port, self.peer_port)
    }

    /// Our verification tag (what the peer puts in its packets) and the peer's.
    pub fn tags(&self) -> (u32, u32) {
        (self.local_tag, self.peer_tag)
    }

    /// Negotiated (outbound, inbound) stream counts.
    pub fn streams(&self) -> (u16, u16) {
        (self.outbound_streams, self.inbound_streams)
    }

    /// Counters.
    pub fn stats(&self) -> Stats {
        Stats {
            srtt: self.srtt.unwrap_or_default(),
            rto: self.rto,
            cwnd: self.cwnd.min(u32::MAX as usize) as u32,
            peer_rwnd: self.peer_rwnd.min(u32::MAX as usize) as u32,
            ..self.stats
        }
    }

    /// User data queued or in flight (octets).
    pub fn buffered_amount(&self) -> usize {
        self.send_buffered
    }

    /// The configuration.
    pub fn config(&self) -> &AssociationConfig {
        &self.config
    }

    // ---- User commands ----

    /// Queues a user message (RFC 9260 §10.1 SEND). Any PPID is carried as given (M3UA: 3).
    /// Messages longer than one packet are fragmented (§6.9).
    pub fn send(
        &mut self,
        stream: u16,
        ppid: Ppid,
        data: Bytes,
        unordered: bool,
    ) -> Result<(), SendError> {
        match self.state {
            State::Established => {}
            State::CookieWait { .. } | State::CookieEchoed { .. } => {
                return Err(SendError::NotEstablished);
            }
            _ => return Err(SendError::Closed),
        }
        if stream >= self.outbound_streams {
            return Err(SendError::InvalidStream {
                stream,
                outbound_streams: self.outbound_streams,
            });
        }
        if data.is_empty() {
            return Err(SendError::Empty);
        }
        if data.len() > self.config.max_message_size {
            return Err(SendError::TooLarge {
                size: data.len(),
                max: self.config.max_message_size,
            });
        }
        if self.send_buffered + data.len() > self.config.send_buffer {
            self.send_blocked = true;
            return Err(SendError::BufferFull);
        }
        let ssn = if unordered {
            0
        } else {
            let slot = &mut self.next_ssn[usize::from(stream)];
            let ssn = *slot;
            *slot = slot.wrapping_add(1);
            ssn
        };
        self.send_buffered += data.len();
        self.stats.bytes_out += data.len() as u64;
        let max = self.config.max_fragment();
        let total = data.len();
        let mut offset = 0;
        while offset < total {
            let end = (offset + max).min(total);
            self.pending.push_back(Data {
                unordered,
                beginning: offset == 0,
                ending: end == total,
                immediate: false,
                tsn: 0,
                stream_id: stream,
                ssn,
                ppid,
                data: data.slice(offset..end),
            });
            offset = end;
        }
        Ok(())
    }

    /// Starts a graceful shutdown (§9.2 SHUTDOWN primitive): queued data is still delivered.
    /// Before the handshake completes this aborts instead.
    pub fn shutdown(&mut self, now: Instant) {
        match self.state {
            State::Established => {
                self.state = State::ShutdownPending;
                self.check_shutdown_progress(now);
            }
            State::CookieWait { .. } => self.close(CloseReason::LocalAbort),
            State::CookieEchoed { .. } => self.abort(None),
            _ => {}
        }
    }

    /// Aborts the association (§9.1 ABORT primitive), optionally with a User-Initiated Abort
    /// reason.
    pub fn abort(&mut self, reason: Option<Bytes>) {
        if self.state == State::Closed {
            return;
        }
        if !matches!(self.state, State::CookieWait { .. }) {
            let causes = reason
                .map(ErrorCause::user_initiated_abort)
                .into_iter()
                .collect();
            self.control.clear();
            self.control.push_back(Chunk::Abort {
                t_bit: false,
                causes,
            });
        }
        self.close(CloseReason::LocalAbort);
    }

    // ---- Polling ----

    /// The next event for the user.
    pub fn poll_event(&mut self) -> Option<Event> {
        let ev = self.events.pop_front()?;
        if let Event::Data { data, .. } = &ev {
            self.recv_buffered = self.recv_buffered.saturating_sub(data.len());
            // §6.2: tell the peer when a nearly closed window opens again.
            let half = self.config.receive_window / 2;
            if self.last_a_rwnd < half && self.a_rwnd() >= half && self.state.is_up() {
                self.sack_now = true;
            }
        }
        Some(ev)
    }

    /// When [`handle_timeout`](Self::handle_timeout) must next be called.
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.timers.iter().flatten().min().copied()
    }

    /// The next packet to send, if any.
    pub fn poll_transmit(&mut self, now: Instant) -> Option<Transmit> {
        let mut payload = Vec::with_capacity(self.config.max_packet_size);
        let remote = self.poll_transmit_into(now, &mut payload)?;
        Some(Transmit { remote, payload })
    }

    /// Like [`poll_transmit`](Self::poll_transmit) but writes the packet into `buf` (cleared
    /// first), so a driver can reuse one buffer. Returns the destination.
    pub fn poll_transmit_into(&mut self, now: Instant, buf: &mut Vec<u8>) -> Option<SocketAddr> {
        buf.clear();
        if let Some((tag, chunk)) = self.oob.pop_front() {
            self.begin_packet(buf, tag);
            chunk.encode(buf).ok()?;
            return self.finish_packet(buf, 1);
        }
        // INIT goes alone with tag 0 (§8.5.1 A, §6.10).
        if let Some(Chunk::Init(_)) = self.control.front() {
            let chunk = self.control.pop_front()?;
            self.begin_packet(buf, 0);
            chunk.encode(buf).ok()?;
            return self.finish_packet(buf, 1);
        }
        let mtu = self.config.max_packet_size;
        self.begin_packet(buf, self.peer_tag);
        let mut chunks = 0;
        // §6.10: control chunks first.
        while let Some(c) = self.control.front() {
            if matches!(c, Chunk::Init(_)) || (chunks > 0 && buf.len() + c.encoded_len() > mtu) {
                break;
            }
            if let Some(c) = self.control.pop_front() {
                if let Chunk::CookieEcho { .. } = c {
                    let first = self.cookie_echo_sent_at.is_none();
                    self.cookie_echo_sent_at = Some((now, first));
                }
                if c.encode(buf).is_err() {
                    continue;
                }
                chunks += 1;
            }
        }
        if self.state == State::Closed {
            return if chunks > 0 {
                self.finish_packet(buf, chunks)
            } else {
                None
            };
        }
        let can_send_data = matches!(
            self.state,
            State::Established | State::ShutdownPending | State::ShutdownReceived
        );
        let data_waiting = can_send_data
            && (self.retransmit_marked > 0 || (!self.pending.is_empty() && self.cwnd_allows()));
        // SACK: when due now, or piggybacked on DATA when one is pending (§6.2).
        if self.state.is_up()
            && (self.sack_now || (data_waiting && self.timers[Timer::Sack as usize].is_some()))
        {
            let sack = self.build_sack();
            if chunks == 0 || buf.len() + sack.encoded_len() <= mtu {
                if sack.encode(buf).is_ok() {
                    chunks += 1;
                    self.stats.sacks_out += 1;
                }
                self.sack_now = false;
                self.packets_unacked = 0;
                self.timers[Timer::Sack as usize] = None;
            }
        }
        if can_send_data {
            chunks += self.write_data(now, buf);
        }
        if chunks == 0 {
            return None;
        }
        self.finish_packet(buf, chunks)
    }

    fn begin_packet(&self, buf: &mut Vec<u8>, tag: u32) {
        CommonHeader {
            source_port: self.local_port,
            destination_port: self.peer_port,
            verification_tag: tag,
        }
        .encode(buf);
    }

    fn finish_packet(&mut self, buf: &mut [u8], chunks: usize) -> Option<SocketAddr> {
        finish_packet(buf);
        self.stats.packets_out += 1;
        self.stats.chunks_out += chunks as u64;
        Some(self.remote)
    }

    fn cwnd_allows(&self) -> bool {
        // §7.2.1 / §6.1 B: may send while flight_size < cwnd. Rule A: a zero window allows one
        // probe when nothing is in flight.
        self.flight_size < self.cwnd && (self.peer_rwnd > 0 || self.flight_size == 0)
    }

    /// Appends retransmissions, then new DATA, as room, cwnd and the peer's window allow.
    fn write_data(&mut self, now: Instant, buf: &mut Vec<u8>) -> usize {
        let mtu = self.config.max_packet_size;
        let mut written = 0;
        // Retransmissions first (§6.3.3 E3, §7.2.4).
        if self.retransmit_marked > 0 {
            let bypass = std::mem::take(&mut self.fast_rtx_pending);
            let mut i = 0;
            while i < self.sent.len() && self.retransmit_marked > 0 {
                let o = &self.sent[i];
                if o.retransmit {
                    let len = crate::chunk::DATA_HEADER_LEN + o.data.data.len();
                    let size = crate::param::pad4(len);
                    if buf.len() + size > mtu || (!bypass && self.flight_size >= self.cwnd) {
                        break;
                    }
                    let o = &mut self.sent[i];
                    if Chunk::Data(o.data.clone()).encode(buf).is_err() {
                        break;
                    }
                    o.retransmit = false;
                    o.transmits += 1;
                    o.sent_at = now;
                    o.in_flight = true;
                    o.misses = 0;
                    self.flight_size += o.data.data.len();
                    self.peer_rwnd = self.peer_rwnd.saturating_sub(o.data.data.len());
                    self.retransmit_marked -= 1;
                    written += 1;
                }
                i += 1;
            }
            if self.retransmit_marked > 0 && written == 0 && i < self.sent.len() {
                // Nothing fit: wait for cwnd.
            }
        }
        if self.retransmit_marked == 0 {
            while let Some(d) = self.pending.front() {
                let size = crate::param::pad4(crate::chunk::DATA_HEADER_LEN + d.data.len());
                if buf.len() + size > mtu || !self.cwnd_allows() {
                    break;
                }
                let Some(mut d) = self.pending.pop_front() else {
                    break;
                };
                d.tsn = self.next_tsn;
                self.next_tsn = self.next_tsn.wrapping_add(1);
                if Chunk::Data(d.clone()).encode(buf).is_err() {
                    break;
                }
                let len = d.data.len();
                self.flight_size += len;
                self.peer_rwnd = self.peer_rwnd.saturating_sub(len);
                self.sent.push_back(Outstanding {
                    data: d,
                    sent_at: now,
                    transmits: 1,
                    gap_acked: false,
                    in_flight: true,
                    retransmit: false,
                    misses: 0,
                    fast_retransmitted: false,
                });
                self.stats.data_chunks_out += 1;
                written += 1;
            }
        }
        if written > 0 {
            self.last_data_sent = now;
            // §6.3.2 R1: start T3-rtx if it is not running.
            if self.timers[Timer::T3 as usize].is_none() {
                self.set_timer(Timer::T3, now + self.rto);
            }
        }
        written
    }

    fn build_sack(&mut self) -> Chunk {
        let cum = self.rcv_cum;
        let mut gap_blocks = Vec::new();
        let mut run: Option<(u64, u64)> = None;
        for &t in &self.rcv_above {
            match run {
                Some((s, e)) if t == e + 1 => run = Some((s, t)),
                Some((s, e)) => {
                    gap_blocks.push((s, e));
                    run = Some((t, t));
                }
                None => run = Some((t, t)),
            }
            if gap_blocks.len() >= MAX_GAP_BLOCKS {
                run = None;
                break;
            }
        }
        gap_blocks.extend(run);
        let gap_blocks = gap_blocks
            .into_iter()
            .filter_map(|(s, e)| {
                Some(GapAckBlock {
                    start: u16::try_from(s - cum).ok()?,
                    end: u16::try_from(e - cum).ok()?,
                })
            })
            .collect();
        let a_rwnd = self.a_rwnd();
        self.last_a_rwnd = a_rwnd;
        Chunk::Sack(Sack {
            cum_tsn_ack: cum as u32,
            a_rwnd,
            gap_blocks,
            duplicate_tsns: std::mem::take(&mut self.dup_tsns),
        })
    }

    fn a_rwnd(&self) -> u32 {
        (self.config.receive_window as usize).saturating_sub(self.recv_buffered) as u32
    }

    // ---- Timers ----

    fn set_timer(&mut self, t: Timer, at: Instant) {
        self.timers[t as usize] = Some(at);
    }

    fn stop_timer(&mut self, t: Timer) {
        self.timers[t as usize] = None;
    }

    fn arm_heartbeat(&mut self, now: Instant) {
        if let Some(interval) = self.config.heartbeat_interval {
            // §8.3: HB.interval + RTO (no jitter: the crate draws no random numbers here).
            self.set_timer(Timer::Heartbeat, now + interval + self.rto);
        }
    }

    fn backoff_rto(&mut self) {
        // §6.3.3 E2: RTO = RTO * 2, at most RTO.Max.
        self.rto = (self.rto * 2).min(self.config.rto_max);
    }

    /// Runs the timers that expired at or before `now`.
    pub fn handle_timeout(&mut self, now: Instant) {
        for t in TIMERS {
            if self.timers[t as usize].is_some_and(|at| at <= now) {
                self.timers[t as usize] = None;
                self.on_timer(now, t);
            }
        }
    }

    fn on_timer(&mut self, now: Instant, t: Timer) {
        match t {
            Timer::T1 => self.on_t1(now),
            Timer::T2 => self.on_t2(now),
            Timer::T3 => self.on_t3(now),
            Timer::T5 => {
                // §9.2: T5-shutdown-guard expiry: ABORT.
                if matches!(self.state, State::ShutdownSent | State::ShutdownAckSent) {
                    self.control.clear();
                    self.control.push_back(Chunk::Abort {
                        t_bit: false,
                        causes: Vec::new(),
                    });
                    self.close(CloseReason::ShutdownGuardExpired);
                }
            }
            Timer::Heartbeat => self.on_heartbeat_timer(now),
            Timer::Sack => {
                if self.state.is_up() {
                    self.sack_now = true;
                }
            }
        }
    }

    fn on_t1(&mut self, now: Instant) {
        // §5.1 (T1-init / T1-cookie): retransmit with backoff, give up after
        // Max.Init.Retransmits.
        match &mut self.state {
            State::CookieWait { retransmits } => {
                *retransmits += 1;
                if *retransmits > self.config.max_init_retransmits {
                    self.close(CloseReason::InitTimeout);
                    return;
                }
                if let Some(init) = &self.init {
                    self.control.retain(|c| !matches!(c, Chunk::Init(_)));
                    self.control.push_front(Chunk::Init(init.clone()));
                }
            }
            State::CookieEchoed {
                retransmits,
                cookie,
            } => {
                *retransmits += 1;
                if *retransmits > self.config.max_init_retransmits {
                    self.close(CloseReason::InitTimeout);
                    return;
                }
                let cookie = cookie.clone();
                self.control
                    .retain(|c| !matches!(c, Chunk::CookieEcho { .. }));
                self.control.push_front(Chunk::CookieEcho { cookie });
                // Karn: no RTT sample from a retransmitted COOKIE ECHO.
                self.cookie_echo_sent_at = Some((now, false));
            }
            _ => return,
        }
        self.backoff_rto();
        self.set_timer(Timer::T1, now + self.rto);
    }

    fn on_t2(&mut self, now: Instant) {
        // §9.2: T2-shutdown expiry: resend SHUTDOWN or SHUTDOWN ACK; count as an error.
        let chunk = match self.state {
            State::ShutdownSent => Chunk::Shutdown {
                cum_tsn_ack: self.rcv_cum as u32,
            },
            State::ShutdownAckSent => Chunk::ShutdownAck,
            _ => return,
        };
        if self.count_error() {
            return;
        }
        self.backoff_rto();
        self.control.push_back(chunk);
        self.set_timer(Timer::T2, now + self.rto);
    }

    /// Counts one unanswered retransmission or heartbeat; closes when Association.Max.Retrans is
    /// exceeded (§8.1). Returns whether it closed.
    fn count_error(&mut self) -> bool {
        self.error_count += 1;
        if self.error_count > self.config.max_retransmits {
            self.close(CloseReason::PeerUnreachable);
            return true;
        }
        false
    }

    fn on_t3(&mut self, now: Instant) {
        if !self.state.is_up() || self.sent.is_empty() {
            return;
        }
        self.stats.t3_expiries += 1;
        if self.count_error() {
            return;
        }
        let mtu = self.config.max_packet_size;
        // §7.2.3: ssthresh = max(cwnd/2, 4*MTU), cwnd = 1*MTU.
        self.ssthresh = (self.cwnd / 2).max(4 * mtu);
        self.cwnd = mtu;
        self.partial_bytes_acked = 0;
        self.fast_recovery_exit = None;
        // §6.3.3 E2.
        self.backoff_rto();
        // E3: everything outstanding and not gap-acked is marked for retransmission and leaves
        // the flight.
        for o in self.sent.iter_mut() {
            if !o.gap_acked && !o.retransmit {
                o.retransmit = true;
                self.retransmit_marked += 1;
                self.stats.retransmits += 1;
            }
            if o.in_flight {
                o.in_flight = false;
                self.flight_size -= o.data.data.len();
            }
        }
        // E4 / R1: restart T3 for the retransmission.
        self.set_timer(Timer::T3, now + self.rto);
    }

    fn on_heartbeat_timer(&mut self, now: Instant) {
        let Some(interval) = self.config.heartbeat_interval else {
            return;
        };
        if !self.state.is_up() {
            return;
        }
        if self.hb_outstanding.take().is_some() {
            // §8.3: an unanswered HEARTBEAT counts as an error and backs the RTO off.
            if self.count_error() {
                return;
            }
            self.backoff_rto();
        } else if self.last_data_sent + interval > now || !self.sent.is_empty() {
            // Not idle: DATA went out recently or is outstanding (T3 watches it).
            let from = if self.sent.is_empty() {
                self.last_data_sent
            } else {
                now
            };
            self.set_timer(Timer::Heartbeat, from + interval + self.rto);
            return;
        }
        self.hb_nonce = self
            .hb_nonce
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let nonce = self.hb_nonce;
        let mut info = BytesMut::with_capacity(8);
        info.extend_from_slice(&nonce.to_be_bytes());
        self.control.push_back(Chunk::Heartbeat {
            info: info.freeze(),
        });
        self.hb_outstanding = Some((nonce, now));
        self.stats.heartbeats_out += 1;
        self.set_timer(Timer::Heartbeat, now + interval + self.rto);
    }

    // ---- Closing ----

    fn close(&mut self, reason: CloseReason) {
        if self.state == State::Closed {
            return;
        }
        self.state = State::Closed;
        self.timers = [None; 6];
        self.pending.clear();
        self.sent.clear();
        self.flight_size = 0;
        self.retransmit_marked = 0;
        self.send_buffered = 0;
        self.oob.clear();
        self.control.retain(|c| {
            matches!(
                c,
                Chunk::Abort { .. } | Chunk::ShutdownComplete { .. } | Chunk::ShutdownAck
            )
        });
        self.events.push_back(Event::Closed { reason });
    }

    /// Whether the association is closed and has nothing left to send or report: the endpoint
    /// may forget it.
    pub fn is_drained(&self) -> bool {
        self.state == State::Closed
            && self.control.is_empty()
            && self.oob.is_empty()
            && self.events.is_empty()
    }

    fn abort_violation(&mut self, reason: &'static str) {
        self.control.clear();
        self.control.push_back(Chunk::Abort {
            t_bit: false,
            causes: vec![ErrorCause::protocol_violation(Bytes::from_static(
                reason.as_bytes(),
            ))],
        });
        self.close(CloseReason::ProtocolViolation(reason));
    }

    // ---- Receiving ----

    /// What to answer to a new INIT for this association (RFC 9260 §5.2.1, §5.2.2, §9.2).
    pub(crate) fn init_answer(&mut self) -> InitAnswer {
        match self.state {
            State::Closed => InitAnswer::New,
            // §5.2.1: same initiate tag and TSN as our own INIT; tie-tags zero in COOKIE-WAIT
            // (no peer tag yet), the current tags in COOKIE-ECHOED.
            State::CookieWait { .. } => InitAnswer::InitAck {
                tag: Some((self.local_tag, self.next_tsn)),
                local_tie_tag: 0,
                peer_tie_tag: 0,
            },
            State::CookieEchoed { .. } => InitAnswer::InitAck {
                tag: Some((self.local_tag, self.next_tsn)),
                local_tie_tag: self.local_tag,
                peer_tie_tag: self.peer_tag,
            },
            // §9.2: in SHUTDOWN-ACK-SENT discard the INIT and resend SHUTDOWN ACK.
            State::ShutdownAckSent => {
                self.control.push_back(Chunk::ShutdownAck);
                InitAnswer::Discard
            }
            // §5.2.2: new tag, tie-tags = the current tags.
            _ => InitAnswer::InitAck {
                tag: None,
                local_tie_tag: self.local_tag,
                peer_tie_tag: self.peer_tag,
            },
        }
    }

    /// Takes a verified COOKIE ECHO for this association (§5.2.4 table, §5.2.1 COOKIE-WAIT).
    pub(crate) fn handle_cookie_echo(&mut self, now: Instant, c: &Cookie) -> CookieOutcome {
        let local = c.local_tag == self.local_tag;
        let peer = c.peer_tag == self.peer_tag;
        let ties = c.local_tie_tag == self.local_tag && c.peer_tie_tag == self.peer_tag;
        if !local && !peer && ties && self.state.is_up() {
            // (A) Peer restart.
            if self.state == State::ShutdownAckSent {
                // §5.2.4 A: resend SHUTDOWN ACK and report Cookie Received While Shutting Down.
                self.control.push_back(Chunk::ShutdownAck);
                self.control.push_back(Chunk::Error {
                    causes: vec![ErrorCause::bare(
                        CauseCode::COOKIE_RECEIVED_WHILE_SHUTTING_DOWN,
                    )],
                });
                return CookieOutcome::Discarded;
            }
            self.reset_for_restart(now, c);
            self.control.push_back(Chunk::CookieAck);
            self.events.push_back(Event::Restarted {
                outbound_streams: self.outbound_streams,
                inbound_streams: self.inbound_streams,
            });
            return CookieOutcome::Accepted;
        }
        if local && !peer {
            // (B) Setup collision: take the peer's tag and go to ESTABLISHED.
            self.peer_tag = c.peer_tag;
            if matches!(
                self.state,
                State::CookieWait { .. } | State::CookieEchoed { .. }
            ) {
                self.install_cookie(now, c);
                self.become_established(now);
            }
            self.control.push_back(Chunk::CookieAck);
            return CookieOutcome::Accepted;
        }
        if !local && peer && c.local_tie_tag == 0 && c.peer_tie_tag == 0 {
            // (C) A late cookie: discard.
            return CookieOutcome::Discarded;
        }
        if local && peer {
            // (D) Both tags match: a retransmitted COOKIE ECHO or the collision's last step.
            if matches!(
                self.state,
                State::CookieWait { .. } | State::CookieEchoed { .. }
            ) {
                self.install_cookie(now, c);
                self.become_established(now);
            }
            if self.state != State::Closed {
                self.control.push_back(Chunk::CookieAck);
            }
            return CookieOutcome::Accepted;
        }
        CookieOutcome::Discarded
    }

    fn reset_for_restart(&mut self, now: Instant, c: &Cookie) {
        let remote = self.remote;
        let mut fresh = Self::new(
            now,
            self.config.clone(),
            remote,
            self.local_port,
            self.peer_port,
            c.local_tag,
            c.local_initial_tsn,
        );
        fresh.hb_nonce = self.hb_nonce;
        fresh.stats = self.stats;
        fresh.events = std::mem::take(&mut self.events);
        fresh.install_cookie(now, c);
        fresh.state = State::Established;
        *self = fresh;
    }

    fn become_established(&mut self, now: Instant) {
        self.state = State::Established;
        self.stop_timer(Timer::T1);
        self.control
            .retain(|c| !matches!(c, Chunk::Init(_) | Chunk::CookieEcho { .. }));
        self.init = None;
        self.error_count = 0;
        self.arm_heartbeat(now);
        self.events.push_back(Event::Connected {
            outbound_streams: self.outbound_streams,
            inbound_streams: self.inbound_streams,
        });
    }

    /// Takes the chunks of a packet routed to this association (not INIT, and any leading
    /// COOKIE ECHO already handled). Checks the verification tag (§8.5, §8.5.1).
    pub(crate) fn handle_chunks(
        &mut self,
        now: Instant,
        remote: SocketAddr,
        tag: u32,
        mut chunks: ChunkIter,
    ) {
        let first = chunks.peek_type();
        let tag_ok = tag == self.local_tag;
        // §8.5.1 B, C: ABORT and SHUTDOWN COMPLETE with the T bit carry the peer's tag.
        let reflected_ok = tag == self.peer_tag && self.peer_tag != 0;
        if !tag_ok && !reflected_ok {
            return;
        }
        if !tag_ok {
            // Only a T-bit ABORT or SHUTDOWN COMPLETE is acceptable with the reflected tag.
            match chunks.next() {
                Some(Ok((
                    Chunk::Abort {
                        t_bit: true,
                        causes,
                    },
                    _,
                ))) => {
                    self.stats.packets_in += 1;
                    self.close(CloseReason::PeerAbort { causes });
                }
                Some(Ok((Chunk::ShutdownComplete { t_bit: true }, _)))
                    if self.state == State::ShutdownAckSent =>
                {
                    self.stats.packets_in += 1;
                    self.close(CloseReason::Shutdown);
                }
                _ => {}
            }
            return;
        }
        let _ = first;
        self.stats.packets_in += 1;
        // RFC 6951 §5.4: follow the peer's UDP source port on its primary address.
        if remote.ip() == self.remote.ip() && remote.port() != self.remote.port() {
            self.remote = remote;
        }
        let mut had_data = false;
        let mut unrecognized: Vec<ErrorCause> = Vec::new();
        for item in chunks.by_ref() {
            let Ok((chunk, raw)) = item else { break };
            self.stats.chunks_in += 1;
            match chunk {
                Chunk::Data(d) => {
                    had_data = true;
                    if !self.on_data(d) {
                        return;
                    }
                }
                Chunk::Sack(s) => self.on_sack(now, &s),
                Chunk::InitAck(init) => self.on_init_ack(now, init),
                Chunk::CookieAck => {
                    if let State::CookieEchoed { .. } = self.state {
                        if let Some((at, true)) = self.cookie_echo_sent_at {
                            self.rtt_sample(now.saturating_duration_since(at));
                        }
                        self.become_established(now);
                    }
                }
                Chunk::Heartbeat { info } => {
                    // §8.3: echo the info unchanged.
                    if self.state.is_up() || matches!(self.state, State::CookieEchoed { .. }) {
                        self.control.push_back(Chunk::HeartbeatAck { info });
                    }
                }
                Chunk::HeartbeatAck { info } => self.on_heartbeat_ack(now, &info),
                Chunk::Abort {
                    t_bit: false,
                    causes,
                } => {
                    self.close(CloseReason::PeerAbort { causes });
                    return;
                }
                Chunk::Abort { t_bit: true, .. } => return,
                Chunk::Shutdown { cum_tsn_ack } => self.on_shutdown(now, cum_tsn_ack),
                Chunk::ShutdownAck => self.on_shutdown_ack(tag),
                Chunk::ShutdownComplete { .. } => {
                    if self.state == State::ShutdownAckSent {
                        self.close(CloseReason::Shutdown);
                        return;
                    }
                }
                Chunk::Error { causes } => self.on_error(now, causes),
                Chunk::CookieEcho { .. } | Chunk::Init(_) => {
                    // Handled by the endpoint; a COOKIE ECHO not first in the packet is ignored.
                }
                Chunk::Unknown { chunk_type, .. } => {
                    // §3.2: the upper two bits decide.
                    let action = chunk_type.unrecognized_action();
                    if action.reports() {
                        unrecognized.push(ErrorCause::unrecognized_chunk(raw));
                    }
                    if !action.continues() {
                        break;
                    }
                }
            }
            if self.state == State::Closed {
                return;
            }
        }
        if !unrecognized.is_empty() && self.state.is_up() {
            self.control.push_back(Chunk::Error {
                causes: unrecognized,
            });
        }
        if had_data {
            self.after_data_packet(now);
        }
    }

    fn on_init_ack(&mut self, now: Instant, init: Init) {
        let State::CookieWait { .. } = self.state else {
            // §5.2.3: INIT ACK in any other state is discarded.
            return;
        };
        // §5.1.2 / §3.3.3: mandatory fields.
        if init.initiate_tag == 0 {
            self.control.clear();
            self.close(CloseReason::InvalidInitAck("Initiate Tag 0"));
            return;
        }
        if init.outbound_streams == 0 || init.inbound_streams == 0 {
            self.peer_tag = init.initiate_tag;
            self.control.clear();
            self.control.push_back(Chunk::Abort {
                t_bit: false,
                causes: vec![ErrorCause::bare(CauseCode::INVALID_MANDATORY_PARAMETER)],
            });
            self.close(CloseReason::InvalidInitAck("zero streams"));
            return;
        }
        let Some(cookie) = init.state_cookie().cloned() else {
            self.peer_tag = init.initiate_tag;
            self.control.clear();
            self.control.push_back(Chunk::Abort {
                t_bit: false,
                causes: vec![ErrorCause::missing_mandatory(&[
                    crate::ParamType::STATE_COOKIE.0,
                ])],
            });
            self.close(CloseReason::InvalidInitAck("no State Cookie"));
            return;
        };
        self.peer_tag = init.initiate_tag;
        let (addresses, unrecognized) = scan_params(&init.params, self.remote.ip());
        self.peer_addresses = addresses;
        let os = self.config.outbound_streams.min(init.inbound_streams);
        let is = self.config.max_inbound_streams.min(init.outbound_streams);
        self.install_peer(init.initial_tsn, init.a_rwnd, os, is);
        self.control.retain(|c| !matches!(c, Chunk::Init(_)));
        // §5.1 C: COOKIE ECHO first; unrecognized parameters reported in a bundled ERROR.
        self.control.push_front(Chunk::CookieEcho {
            cookie: cookie.clone(),
        });
        if !unrecognized.is_empty() {
            self.control.push_back(Chunk::Error {
                causes: vec![ErrorCause::unrecognized_parameters(
                    unrecognized.concat().into(),
                )],
            });
        }
        self.addresses_dirty = true;
        self.cookie_echo_sent_at = None;
        self.state = State::CookieEchoed {
            cookie,
            retransmits: 0,
        };
        // T1-cookie starts with the current RTO; the INIT retransmissions count separately.
        self.rto = self.config.rto_initial;
        self.set_timer(Timer::T1, now + self.rto);
    }

    fn on_heartbeat_ack(&mut self, now: Instant, info: &[u8]) {
        let Some((nonce, sent)) = self.hb_outstanding else {
            return;
        };
        if info.len() == 8 && info == nonce.to_be_bytes() {
            // §8.3: clear the error counter and measure the RTT.
            self.hb_outstanding = None;
            self.error_count = 0;
            self.rtt_sample(now.saturating_duration_since(sent));
        }
    }

    fn on_error(&mut self, now: Instant, causes: Vec<ErrorCause>) {
        if let State::CookieEchoed { retransmits, .. } = self.state
            && let Some(us) = causes.iter().find_map(ErrorCause::staleness_us)
        {
            // §5.2.6: Stale Cookie: start again with a Cookie Preservative of twice the
            // staleness (in ms), or give up when out of retries.
            if retransmits >= self.config.max_init_retransmits {
                self.close(CloseReason::InitTimeout);
                return;
            }
            if let Some(init) = &mut self.init {
                let preserve = (us / 1000).saturating_mul(2).max(1);
                init.params
                    .retain(|p| !matches!(p, InitParam::CookiePreservative(_)));
                init.params.push(InitParam::CookiePreservative(preserve));
                self.control
                    .retain(|c| !matches!(c, Chunk::CookieEcho { .. }));
                self.control.push_front(Chunk::Init(init.clone()));
                self.peer_tag = 0;
                self.state = State::CookieWait {
                    retransmits: retransmits + 1,
                };
                self.set_timer(Timer::T1, now + self.rto);
            }
            self.events.push_back(Event::PeerError { causes });
            return;
        }
        self.events.push_back(Event::PeerError { causes });
    }

    fn on_shutdown(&mut self, now: Instant, cum_tsn_ack: u32) {
        match self.state {
            State::Established | State::ShutdownPending | State::ShutdownReceived => {
                // §9.2: the SHUTDOWN's Cumulative TSN Ack acknowledges like a SACK's.
                self.on_cum_ack(now, cum_tsn_ack);
                if self.state == State::Closed {
                    return;
                }
                if self.state != State::ShutdownReceived {
                    self.state = State::ShutdownReceived;
                    self.events.push_back(Event::ShutdownReceived);
                }
                self.check_shutdown_progress(now);
            }
            State::ShutdownSent => {
                // §9.2: simultaneous shutdown: answer SHUTDOWN ACK, go to SHUTDOWN-ACK-SENT.
                self.control.push_back(Chunk::ShutdownAck);
                self.state = State::ShutdownAckSent;
                self.set_timer(Timer::T2, now + self.rto);
            }
            // The peer did not get our SHUTDOWN ACK: answer again now (T2 keeps running).
            State::ShutdownAckSent
                if !self.control.iter().any(|c| matches!(c, Chunk::ShutdownAck)) =>
            {
                self.control.push_back(Chunk::ShutdownAck);
            }
            _ => {}
        }
    }

    fn on_shutdown_ack(&mut self, tag: u32) {
        match self.state {
            State::ShutdownSent | State::ShutdownAckSent => {
                // §9.2: answer SHUTDOWN COMPLETE and close.
                self.control.clear();
                self.control
                    .push_back(Chunk::ShutdownComplete { t_bit: false });
                self.close(CloseReason::Shutdown);
            }
            State::CookieWait { .. } | State::CookieEchoed { .. } => {
                // §8.5.1 E: treat as out of the blue: SHUTDOWN COMPLETE with the T bit.
                self.oob
                    .push_back((tag, Chunk::ShutdownComplete { t_bit: true }));
            }
            _ => {}
        }
    }

    /// Sends SHUTDOWN or SHUTDOWN ACK once nothing is outstanding (§9.2).
    fn check_shutdown_progress(&mut self, now: Instant) {
        if !self.pending.is_empty() || !self.sent.is_empty() {
            return;
        }
        match self.state {
            State::ShutdownPending => {
                self.control.push_back(Chunk::Shutdown {
                    cum_tsn_ack: self.rcv_cum as u32,
                });
                self.state = State::ShutdownSent;
                self.set_timer(Timer::T2, now + self.rto);
                let guard = self
                    .config
                    .shutdown_guard
                    .unwrap_or(self.config.rto_max * 5);
                self.set_timer(Timer::T5, now + guard);
                self.stop_timer(Timer::T3);
            }
            State::ShutdownReceived => {
                self.control.push_back(Chunk::ShutdownAck);
                self.state = State::ShutdownAckSent;
                self.set_timer(Timer::T2, now + self.rto);
                self.stop_timer(Timer::T3);
            }
            _ => {}
        }
    }

    // ---- DATA receive (§6.2) ----

    /// Takes one DATA chunk. Returns false if the association closed.
    fn on_data(&mut self, d: Data) -> bool {
        if !self.state.is_up() {
            return true;
        }
        self.stats.data_chunks_in += 1;
        if d.data.is_empty() {
            // §6.2: a DATA chunk without user data: ABORT with No User Data.
            self.control.clear();
            self.control.push_back(Chunk::Abort {
                t_bit: false,
                causes: vec![ErrorCause::no_user_data(d.tsn)],
            });
            self.close(CloseReason::ProtocolViolation(
                "DATA chunk without user data",
            ));
            return false;
        }
        let diff = d.tsn.wrapping_sub(self.rcv_cum as u32) as i32;
        let ext = (self.rcv_cum as i64 + i64::from(diff)) as u64;
        if ext <= self.rcv_cum || self.rcv_above.contains(&ext) {
            // Duplicate (§6.2): report it, SACK at once.
            self.stats.duplicate_tsns_in += 1;
            if self.dup_tsns.len() < MAX_DUP_TSNS {
                self.dup_tsns.push(d.tsn);
            }
            self.sack_now = true;
            return true;
        }
        // Bound the receive state: gap offsets must fit 16 bits, buffers the window (§6.2: a
        // receiver may drop DATA it has no room for, except the next in sequence).
        if ext - self.rcv_cum > 65_535 {
            return true;
        }
        let len = d.data.len();
        if self.recv_buffered + len > self.config.receive_window as usize {
            // §6.2: no room: drop a DATA chunk beyond the highest TSN received (a zero-window
            // probe) and SACK at once with the current window. A chunk that fills the gap at
            // the cumulative ack point is still taken, so that the buffered out-of-order data
            // can drain.
            let fills_front_gap = ext == self.rcv_cum + 1 && !self.rcv_above.is_empty();
            if !fills_front_gap {
                self.sack_now = true;
                return true;
            }
        }
        if ext == self.rcv_cum + 1 {
            self.rcv_cum = ext;
            while self.rcv_above.first() == Some(&(self.rcv_cum + 1)) {
                self.rcv_above.pop_first();
                self.rcv_cum += 1;
                // A gap just closed: SACK at once.
                self.sack_now = true;
            }
        } else {
            self.rcv_above.insert(ext);
            // §6.7: out of order: SACK at once.
            self.sack_now = true;
        }
        if d.immediate {
            self.sack_now = true;
        }
        if usize::from(d.stream_id) >= self.inbound.len() {
            // §6.5: acknowledge the TSN, drop the data, report Invalid Stream Identifier.
            self.control.push_back(Chunk::Error {
                causes: vec![ErrorCause::invalid_stream(d.stream_id)],
            });
            return true;
        }
        self.recv_buffered += len;
        if d.beginning && d.ending {
            self.deliver(d.stream_id, d.ssn, d.unordered, d.ppid, d.data);
        } else {
            self.fragments.insert(ext, d);
            self.try_reassemble(ext);
        }
        true
    }

    /// Puts together the message the fragment at `ext` belongs to, if all its fragments are
    /// here (§6.9: fragments carry consecutive TSNs).
    fn try_reassemble(&mut self, ext: u64) {
        let Some(d) = self.fragments.get(&ext) else {
            return;
        };
        let (stream, unordered) = (d.stream_id, d.unordered);
        let mut first = ext;
        loop {
            let Some(f) = self.fragments.get(&first) else {
                return;
            };
            if f.stream_id != stream || f.unordered != unordered {
                return;
            }
            if f.beginning {
                break;
            }
            first -= 1;
        }
        let mut last = ext;
        loop {
            let Some(f) = self.fragments.get(&last) else {
                return;
            };
            if f.stream_id != stream || f.unordered != unordered {
                return;
            }
            if f.ending {
                break;
            }
            last += 1;
        }
        let total: usize = (first..=last)
            .filter_map(|t| self.fragments.get(&t))
            .map(|f| f.data.len())
            .sum();
        if total > self.config.max_message_size {
            // Too large to deliver: drop the fragments (their TSNs stay acknowledged).
            for t in first..=last {
                if let Some(f) = self.fragments.remove(&t) {
                    self.recv_buffered = self.recv_buffered.saturating_sub(f.data.len());
                }
            }
            self.control.push_back(Chunk::Error {
                causes: vec![ErrorCause::protocol_violation(Bytes::from_static(
                    b"message exceeds the maximum size",
                ))],
            });
            return;
        }
        let mut msg = BytesMut::with_capacity(total);
        let mut head = None;
        for t in first..=last {
            if let Some(f) = self.fragments.remove(&t) {
                msg.extend_from_slice(&f.data);
                head.get_or_insert((f.ssn, f.ppid));
            }
        }
        if let Some((ssn, ppid)) = head {
            self.deliver(stream, ssn, unordered, ppid, msg.freeze());
        }
    }

    /// Hands a complete message to the user: unordered at once, ordered in SSN order (§6.6).
    fn deliver(&mut self, stream: u16, ssn: u16, unordered: bool, ppid: Ppid, data: Bytes) {
        if unordered {
            self.push_data_event(stream, ppid, true, data);
            return;
        }
        let Some(s) = self.inbound.get_mut(usize::from(stream)) else {
            return;
        };
        if ssn != s.next_ssn {
            // Early (or a stale duplicate, which the TSN check already filtered).
            if ssn.wrapping_sub(s.next_ssn) < 0x8000 {
                s.waiting.insert(ssn, (ppid, data));
            } else {
                self.recv_buffered = self.recv_buffered.saturating_sub(data.len());
            }
            return;
        }
        s.next_ssn = s.next_ssn.wrapping_add(1);
        self.push_data_event(stream, ppid, false, data);
        loop {
            let Some(s) = self.inbound.get_mut(usize::from(stream)) else {
                return;
            };
            let next = s.next_ssn;
            let Some((ppid, data)) = s.waiting.remove(&next) else {
                return;
            };
            s.next_ssn = next.wrapping_add(1);
            self.push_data_event(stream, ppid, false, data);
        }
    }

    fn push_data_event(&mut self, stream: u16, ppid: Ppid, unordered: bool, data: Bytes) {
        self.stats.messages_in += 1;
        self.stats.bytes_in += data.len() as u64;
        self.events.push_back(Event::Data {
            stream,
            ppid,
            unordered,
            data,
        });
    }

    /// SACK policy after a packet with DATA (§6.2): at least every second packet, otherwise
    /// within the delayed-ack time; at once on gaps and duplicates.
    fn after_data_packet(&mut self, now: Instant) {
        if self.state == State::ShutdownSent {
            // §9.2: in SHUTDOWN-SENT answer each DATA packet with SHUTDOWN (and restart T2).
            self.sack_now = true;
            self.control.push_back(Chunk::Shutdown {
                cum_tsn_ack: self.rcv_cum as u32,
            });
            self.set_timer(Timer::T2, now + self.rto);
            return;
        }
        self.packets_unacked += 1;
        if !self.rcv_above.is_empty() || self.packets_unacked >= 2 {
            self.sack_now = true;
        }
        if !self.sack_now && self.timers[Timer::Sack as usize].is_none() {
            self.set_timer(Timer::Sack, now + self.config.sack_delay);
        }
    }

    // ---- SACK processing (§6.2.1) and congestion control (§7.2) ----

    fn on_cum_ack(&mut self, now: Instant, cum: u32) {
        let sack = Sack {
            cum_tsn_ack: cum,
            a_rwnd: (self.peer_rwnd + self.flight_size).min(u32::MAX as usize) as u32,
            gap_blocks: Vec::new(),
            duplicate_tsns: Vec::new(),
        };
        if tsn_lt(self.cum_ack, cum) {
            self.on_sack(now, &sack);
        }
    }

    fn rtt_sample(&mut self, r: Duration) {
        // §6.3.1 C2/C3, alpha = 1/8, beta = 1/4; clock granularity 1 ms.
        let g = Duration::from_millis(1);
        match self.srtt {
            None => {
                self.srtt = Some(r);
                self.rttvar = r / 2;
            }
            Some(srtt) => {
                let delta = srtt.abs_diff(r);
                self.rttvar = self.rttvar * 3 / 4 + delta / 4;
                self.srtt = Some(srtt * 7 / 8 + r / 8);
            }
        }
        let srtt = self.srtt.unwrap_or(r);
        self.rto =
            (srtt + (self.rttvar * 4).max(g)).clamp(self.config.rto_min, self.config.rto_max);
    }

    fn on_sack(&mut self, now: Instant, sack: &Sack) {
        if !self.state.is_up() {
            return;
        }
        let cum = sack.cum_tsn_ack;
        // §6.2.1 D i: a SACK older than the last one is ignored.
        if tsn_lt(cum, self.cum_ack) {
            return;
        }
        let highest_sent = self.next_tsn.wrapping_sub(1);
        if tsn_lt(highest_sent, cum) {
            // A SACK for a TSN never sent: protocol violation (§6.2.1 last paragraph).
            self.abort_violation("SACK acknowledges a TSN not yet sent");
            return;
        }
        let flight_before = self.flight_size;
        let mut bytes_acked = 0usize;
        let mut rtt: Option<Duration> = None;
        let mut htna: Option<u32> = None;
        let cum_advanced = tsn_lt(self.cum_ack, cum);
        // Cumulatively acknowledged chunks leave the queue.
        while let Some(front) = self.sent.front() {
            if !tsn_le(front.data.tsn, cum) {
                break;
            }
            let Some(o) = self.sent.pop_front() else {
                break;
            };
            let len = o.data.data.len();
            if !o.gap_acked {
                bytes_acked += len;
                htna = Some(o.data.tsn);
                if o.transmits == 1 {
                    // Karn (§6.3.1 C5): only chunks sent once give RTT samples.
                    rtt = Some(now.saturating_duration_since(o.sent_at));
                }
            }
            if o.in_flight {
                self.flight_size -= len;
            }
            if o.retransmit {
                self.retransmit_marked -= 1;
            }
            self.send_buffered = self.send_buffered.saturating_sub(len);
        }
        self.cum_ack = cum;
        // Gap ack blocks (and reneging: a chunk acked before but not now is unacked again).
        if !sack.gap_blocks.is_empty() || self.sent.iter().any(|o| o.gap_acked) {
            for o in self.sent.iter_mut() {
                let offset = o.data.tsn.wrapping_sub(cum);
                let acked = offset <= 0xffff
                    && sack
                        .gap_blocks
                        .iter()
                        .any(|g| u32::from(g.start) <= offset && offset <= u32::from(g.end));
                if acked && !o.gap_acked {
                    o.gap_acked = true;
                    let len = o.data.data.len();
                    bytes_acked += len;
                    if o.in_flight {
                        o.in_flight = false;
                        self.flight_size -= len;
                    }
                    if o.retransmit {
                        o.retransmit = false;
                        self.retransmit_marked -= 1;
                    }
                    if htna.is_none_or(|h| tsn_lt(h, o.data.tsn)) {
                        htna = Some(o.data.tsn);
                    }
                    if o.transmits == 1 {
                        rtt = Some(now.saturating_duration_since(o.sent_at));
                    }
                } else if !acked && o.gap_acked {
                    o.gap_acked = false;
                }
            }
        }
        if let Some(r) = rtt {
            self.rtt_sample(r);
        }
        // §7.2.4: miss indications for TSNs below the highest newly acknowledged (HTNA).
        let mut fast_rtx = false;
        if let Some(htna) = htna.filter(|_| !sack.gap_blocks.is_empty()) {
            for o in self.sent.iter_mut() {
                if !tsn_lt(o.data.tsn, htna) {
                    break;
                }
                if o.gap_acked || o.retransmit || o.fast_retransmitted {
                    continue;
                }
                o.misses = o.misses.saturating_add(1);
                if o.misses >= FAST_RTX_THRESHOLD {
                    o.retransmit = true;
                    o.fast_retransmitted = true;
                    self.retransmit_marked += 1;
                    self.stats.fast_retransmits += 1;
                    if o.in_flight {
                        o.in_flight = false;
                        self.flight_size -= o.data.data.len();
                    }
                    fast_rtx = true;
                }
            }
        }
        let mtu = self.config.max_packet_size;
        if fast_rtx && self.fast_recovery_exit.is_none() {
            // §7.2.4 step 2: enter Fast Recovery.
            self.ssthresh = (self.cwnd / 2).max(4 * mtu);
            self.cwnd = self.ssthresh;
            self.partial_bytes_acked = 0;
            self.fast_recovery_exit = Some(highest_sent);
            self.fast_rtx_pending = true;
        } else if fast_rtx {
            self.fast_rtx_pending = true;
        }
        if let Some(exit) = self.fast_recovery_exit
            && tsn_le(exit, cum)
        {
            self.fast_recovery_exit = None;
        }
        // §7.2.1 / §7.2.2: grow cwnd when the cumulative ack advances and cwnd was in use.
        if cum_advanced && self.fast_recovery_exit.is_none() && flight_before + mtu >= self.cwnd {
            if self.cwnd <= self.ssthresh {
                self.cwnd += bytes_acked.min(mtu);
            } else {
                self.partial_bytes_acked += bytes_acked;
                if self.partial_bytes_acked >= self.cwnd {
                    self.partial_bytes_acked -= self.cwnd;
                    self.cwnd += mtu;
                }
            }
        }
        // §6.2.1: peer window = a_rwnd minus what is still in flight.
        self.peer_rwnd = (sack.a_rwnd as usize).saturating_sub(self.flight_size);
        if bytes_acked > 0 || sack.a_rwnd == 0 {
            // §8.1: an acknowledgement resets the error counter. So does a SACK closing the
            // window: the peer is alive and dropping our zero-window probes (§6.2), which must
            // not count towards Association.Max.Retrans.
            self.error_count = 0;
        }
        // §6.3.2 R2/R3.
        if self.sent.is_empty() {
            self.stop_timer(Timer::T3);
        } else if cum_advanced {
            self.set_timer(Timer::T3, now + self.rto);
        }
        if self.send_blocked && self.send_buffered <= self.config.send_buffer / 2 {
            self.send_blocked = false;
            self.events.push_back(Event::SendBufferAvailable);
        }
        self.check_shutdown_progress(now);
    }
}

/// Splits an INIT/INIT ACK's parameters into the peer's addresses (the packet's source first,
/// then the listed ones, RFC 9260 §5.1.2) and the unrecognized parameters to report (§3.2.1:
/// upper bits 01 and 11; processing stops at 00 and 01).
pub(crate) fn scan_params(params: &[InitParam], source: IpAddr) -> (Vec<IpAddr>, Vec<Bytes>) {
    let mut addresses = vec![source];
    let mut report = Vec::new();
    for p in params {
        match p {
            InitParam::Ipv4Address(a) => push_address(&mut addresses, IpAddr::V4(*a)),
            InitParam::Ipv6Address(a) => push_address(&mut addresses, IpAddr::V6(*a)),
            InitParam::Unknown { param_type, .. } => {
                let action = param_type.unrecognized_action();
                if action.reports() {
                    // The whole parameter, padded (§3.3.3.1).
                    let mut tlv = Vec::with_capacity(4 + p.value_len() + 3);
                    if p.encode(&mut tlv).is_ok() {
                        report.push(Bytes::from(tlv));
                    }
                }
                if !action.continues() {
                    break;
                }
            }
            _ => {}
        }
    }
    (addresses, report)
}

fn push_address(addresses: &mut Vec<IpAddr>, a: IpAddr) {
    if !addresses.contains(&a) && addresses.len() < MAX_PEER_ADDRESSES {
        addresses.push(a);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_arithmetic() {
        assert!(tsn_lt(1, 2));
        assert!(tsn_lt(u32::MAX, 0));
        assert!(!tsn_lt(0, u32::MAX));
        assert!(tsn_le(5, 5));
    }

    #[test]
    fn scan_params_reports_and_stops() {
        let params = vec![
            InitParam::Ipv4Address("10.0.0.2".parse().unwrap()),
            InitParam::Unknown {
                param_type: crate::ParamType(0xC123),
                value: Bytes::new(),
            },
            InitParam::Unknown {
                param_type: crate::ParamType(0x8123),
                value: Bytes::new(),
            },
            InitParam::Ipv6Address("2001:db8::1".parse().unwrap()),
            InitParam::Unknown {
                param_type: crate::ParamType(0x4001),
                value: Bytes::new(),
            },
            InitParam::Ipv4Address("10.0.0.9".parse().unwrap()),
        ];
        let (addrs, report) = scan_params(&params, "10.0.0.1".parse().unwrap());
        assert_eq!(addrs.len(), 3, "{addrs:?}");
        assert_eq!(
            report,
            vec![
                Bytes::from_static(&[0xC1, 0x23, 0, 4]),
                Bytes::from_static(&[0x40, 0x01, 0, 4])
            ]
        );
    }
}
