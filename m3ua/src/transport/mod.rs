//! Transports that carry M3UA messages: kernel SCTP, userspace SCTP, TCP.
//!
//! Every transport gives the same thing: a [`Connection`] that sends and receives whole M3UA
//! messages, each on an SCTP stream, with SCTP payload protocol identifier 3 ([`PPID_M3UA`]).
//! Management messages go on stream 0 and DATA is spread over the other streams by SLS
//! (RFC 4666 §1.4.7); that choice belongs to the association layer ([`crate::asp`]), the transport
//! only carries the stream number.
//!
//! | [`TransportKind`] | what it is | needs |
//! |---|---|---|
//! | `sctp` ([`TransportKind::KernelSctp`]) | the kernel's SCTP through the `sctp-rs` crate: one-to-one associations, multi-homing, NODELAY, stream counts, INIT retries, RTO bounds | a kernel with SCTP (`modprobe sctp`) |
//! | `usctp-udp` ([`TransportKind::UserSctpUdp`]) | the project's own userspace SCTP (crate `sctp`) in UDP datagrams, RFC 6951, port 9899 | nothing (unprivileged) |
//! | `usctp-raw` ([`TransportKind::UserSctpRawIp`]) | the same SCTP as raw IPv4 protocol 132: interoperates with kernel-SCTP peers | CAP_NET_RAW |
//! | `tcp` ([`TransportKind::Tcp`]) | M3UA over TCP, framed by the M3UA message length, as Osmocom (1.9+) and jSS7 allow; one stream | nothing |
//! | `auto` ([`TransportKind::Auto`]) | kernel SCTP where the kernel has it ([`kernel_sctp_available`]), otherwise userspace SCTP over UDP | — |
//!
//! Each connection runs two tasks on the current tokio runtime: a reader that turns what the
//! socket delivers into [`Event`]s, and a writer that drains the [`Sender`]'s queue, several
//! messages per wake-up. Dropping every [`Sender`] closes the connection gracefully (SCTP
//! SHUTDOWN, TCP FIN); the [`Receiver`] then reports [`Event::Closed`].
//!
//! Framing: a TCP byte stream is cut at M3UA message lengths ([`crate::message_length`]). The
//! kernel SCTP path uses the same framing per stream, because `sctp-rs` hands over at most 4096
//! octets per receive and does not report where a message ends; a message is never passed up in
//! pieces. A length the framing cannot accept closes the connection
//! ([`CloseReason::Framing`]): there is no way to find the next message boundary.

mod framing;
#[cfg(target_os = "linux")]
mod kernel;
mod link;
#[cfg(target_os = "linux")]
mod sys;
mod tcp;
mod user;

pub use link::{Link, LinkSender, LinkSet, Status};

use std::fmt;
use std::net::SocketAddr;
use std::str::FromStr;
use std::time::Duration;

use bytes::Bytes;
use tokio::sync::mpsc;

use crate::DecodeError;

/// SCTP payload protocol identifier of M3UA (RFC 4666 §1.4.7, IANA).
pub const PPID_M3UA: u32 = 3;
/// The registered M3UA port (RFC 4666 §1.4.8), for SCTP and TCP.
pub const M3UA_PORT: u16 = 2905;
/// The registered SCTP-over-UDP encapsulation port (RFC 6951 §5.1).
pub const UDP_ENCAPSULATION_PORT: u16 = 9899;

/// How many messages may wait in a connection's send or receive queue before the sender waits.
const QUEUE: usize = 4096;
/// How many queued messages a writer takes per wake-up.
const BATCH: usize = 256;

/// Which transport carries the M3UA messages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TransportKind {
    /// Kernel SCTP where the kernel has it, otherwise userspace SCTP over UDP encapsulation.
    #[default]
    Auto,
    /// The kernel's SCTP (`sctp`).
    KernelSctp,
    /// Userspace SCTP over UDP encapsulation, RFC 6951 (`usctp-udp`).
    UserSctpUdp,
    /// Userspace SCTP over raw IPv4, protocol 132 (`usctp-raw`; needs CAP_NET_RAW).
    UserSctpRawIp,
    /// M3UA over TCP, framed by the M3UA message length (`tcp`).
    Tcp,
}

impl TransportKind {
    /// The configuration name: `auto`, `sctp`, `usctp-udp`, `usctp-raw`, `tcp`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::KernelSctp => "sctp",
            Self::UserSctpUdp => "usctp-udp",
            Self::UserSctpRawIp => "usctp-raw",
            Self::Tcp => "tcp",
        }
    }

    /// `Auto` made concrete for this host: kernel SCTP if a socket can be made, otherwise userspace
    /// SCTP over UDP. Other kinds are returned unchanged.
    pub fn resolve(self) -> Self {
        match self {
            Self::Auto if kernel_sctp_available() => Self::KernelSctp,
            Self::Auto => Self::UserSctpUdp,
            other => other,
        }
    }
}

impl fmt::Display for TransportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for TransportKind {
    type Err = TransportError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "auto" => Self::Auto,
            "sctp" => Self::KernelSctp,
            "usctp-udp" => Self::UserSctpUdp,
            "usctp-raw" => Self::UserSctpRawIp,
            "tcp" => Self::Tcp,
            _ => return Err(TransportError::UnknownKind(s.to_owned())),
        })
    }
}

/// Whether this host's kernel can make an SCTP socket.
pub fn kernel_sctp_available() -> bool {
    #[cfg(target_os = "linux")]
    {
        kernel::available()
    }
    #[cfg(not(target_os = "linux"))]
    {
        false
    }
}

/// SCTP association parameters (kernel and userspace SCTP alike).
///
/// The defaults suit a signalling link inside one operator's network: a lost packet is
/// retransmitted after 200 ms rather than the RFC's 1 s, and an unreachable peer is declared
/// after about 10 s.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SctpOptions {
    /// Outbound streams asked for in INIT (stream 0 for management, the rest for DATA).
    pub outbound_streams: u16,
    /// Most inbound streams accepted.
    pub max_inbound_streams: u16,
    /// INIT retransmissions before giving up (`Max.Init.Retransmits`).
    pub init_max_attempts: u16,
    /// Upper bound of the INIT retransmission timer.
    pub init_max_timeout: Duration,
    /// `RTO.Initial`.
    pub rto_initial: Duration,
    /// `RTO.Min`.
    pub rto_min: Duration,
    /// `RTO.Max`.
    pub rto_max: Duration,
    /// Send each message at once rather than waiting to bundle (`SCTP_NODELAY`).
    pub nodelay: bool,
}

impl Default for SctpOptions {
    fn default() -> Self {
        Self {
            outbound_streams: 17,
            max_inbound_streams: 17,
            init_max_attempts: 8,
            init_max_timeout: Duration::from_secs(2),
            rto_initial: Duration::from_millis(200),
            rto_min: Duration::from_millis(100),
            rto_max: Duration::from_secs(2),
            nodelay: true,
        }
    }
}

/// Where and how to connect or listen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransportConfig {
    /// The transport.
    pub kind: TransportKind,
    /// Local addresses: the first is bound, the others are added for SCTP multi-homing. Port 0
    /// lets the system choose (a client); a listener gives its port. Empty: any address, any port.
    pub local: Vec<SocketAddr>,
    /// SCTP parameters (ignored by TCP).
    pub sctp: SctpOptions,
    /// The UDP port for SCTP over UDP (RFC 6951), local and remote.
    pub udp_encapsulation_port: u16,
}

impl Default for TransportConfig {
    fn default() -> Self {
        Self {
            kind: TransportKind::Auto,
            local: Vec::new(),
            sctp: SctpOptions::default(),
            udp_encapsulation_port: UDP_ENCAPSULATION_PORT,
        }
    }
}

/// Why a transport could not be set up.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TransportError {
    /// A transport name that is not one of `auto`, `sctp`, `usctp-udp`, `usctp-raw`, `tcp`.
    #[error("unknown transport {0:?} (expected auto, sctp, usctp-udp, usctp-raw or tcp)")]
    UnknownKind(String),
    /// The transport exists but this build or host cannot provide it.
    #[error("transport {kind} is not available here: {why}")]
    Unavailable {
        /// The transport asked for.
        kind: TransportKind,
        /// Why not.
        why: &'static str,
    },
    /// No peer address was given to connect to.
    #[error("no peer address to connect to")]
    NoPeer,
    /// The operating system refused.
    #[error("{what}: {source}")]
    Io {
        /// What was being done.
        what: &'static str,
        /// The system's error.
        source: std::io::Error,
    },
}

impl TransportError {
    pub(crate) fn io(what: &'static str) -> impl FnOnce(std::io::Error) -> Self {
        move |source| Self::Io { what, source }
    }
}

/// What the other side of a connection is, once it is up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectionInfo {
    /// The transport that carries it (never `Auto`).
    pub kind: TransportKind,
    /// Our addresses.
    pub local: Vec<SocketAddr>,
    /// The peer's addresses (several for a multi-homed SCTP peer).
    pub peer: Vec<SocketAddr>,
    /// Whether each of `peer` was reachable when the connection came up (kernel SCTP reports
    /// later changes as [`Event::PeerAddress`]; the other transports have one path).
    pub peer_reachable: Vec<bool>,
    /// Streams we may send on (1 for TCP).
    pub outbound_streams: u16,
    /// Streams the peer may send on (1 for TCP).
    pub inbound_streams: u16,
}

/// Something a connection reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// A whole M3UA message, as received (decode it with [`crate::Message::decode`]).
    Message {
        /// The SCTP stream it came on (0 for TCP).
        stream: u16,
        /// The message, common header included.
        message: Bytes,
    },
    /// The SCTP peer restarted the association (RFC 9260 §5.2.4): everything the M3UA layer
    /// knew about the peer is void, the association is up again.
    Restarted,
    /// One of the peer's addresses became reachable or unreachable (SCTP multi-homing).
    PeerAddress {
        /// The address.
        address: SocketAddr,
        /// Whether it is reachable now.
        reachable: bool,
    },
    /// The connection is gone; nothing more will come.
    Closed(CloseReason),
}

/// Why a connection closed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CloseReason {
    /// Every [`Sender`] was dropped: we closed it.
    Local,
    /// The peer shut the association down or closed the TCP connection.
    PeerShutdown,
    /// The peer aborted, or became unreachable (retransmissions exhausted).
    CommunicationLost,
    /// A message length the framing could not accept; the stream cannot be followed any further.
    Framing(DecodeError),
    /// The operating system reported an error.
    Io(String),
}

impl fmt::Display for CloseReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Local => f.write_str("closed locally"),
            Self::PeerShutdown => f.write_str("peer shut down"),
            Self::CommunicationLost => f.write_str("communication lost"),
            Self::Framing(e) => write!(f, "framing error: {e}"),
            Self::Io(e) => write!(f, "I/O error: {e}"),
        }
    }
}

/// One message to send: the stream and the encoded M3UA message.
type Outgoing = (u16, Bytes);

/// The sending half of a [`Connection`]; cheap to clone, one per task that sends.
#[derive(Clone, Debug)]
pub struct Sender {
    tx: mpsc::Sender<Outgoing>,
}

/// The connection is closed: the message was not sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the connection is closed")]
pub struct Closed;

impl Sender {
    /// Queues `message` (a complete encoded M3UA message) for `stream`; waits while the queue is
    /// full.
    pub async fn send(&self, stream: u16, message: Bytes) -> Result<(), Closed> {
        self.tx.send((stream, message)).await.map_err(|_| Closed)
    }

    /// Queues `message` without waiting; `Err` when the queue is full or the connection closed.
    pub fn try_send(&self, stream: u16, message: Bytes) -> Result<(), Closed> {
        self.tx.try_send((stream, message)).map_err(|_| Closed)
    }
}

/// The receiving half of a [`Connection`].
#[derive(Debug)]
pub struct Receiver {
    rx: mpsc::Receiver<Event>,
    closed: bool,
}

impl Receiver {
    /// The next event; after [`Event::Closed`], `None` forever.
    pub async fn recv(&mut self) -> Option<Event> {
        if self.closed {
            return None;
        }
        let event = self
            .rx
            .recv()
            .await
            .unwrap_or(Event::Closed(CloseReason::Local));
        self.closed = matches!(event, Event::Closed(_));
        Some(event)
    }
}

/// An association (or TCP connection) that is up, carrying M3UA messages.
#[derive(Debug)]
pub struct Connection {
    /// Sends messages.
    pub sender: Sender,
    /// Receives messages and events.
    pub receiver: Receiver,
    /// What it is connected to.
    pub info: ConnectionInfo,
}

impl Connection {
    /// The two halves, for a sending task and a receiving task.
    pub fn split(self) -> (Sender, Receiver) {
        (self.sender, self.receiver)
    }

    /// See [`Sender::send`].
    pub async fn send(&self, stream: u16, message: Bytes) -> Result<(), Closed> {
        self.sender.send(stream, message).await
    }

    /// See [`Receiver::recv`].
    pub async fn recv(&mut self) -> Option<Event> {
        self.receiver.recv().await
    }

    fn channels(info: ConnectionInfo) -> (Self, mpsc::Receiver<Outgoing>, mpsc::Sender<Event>) {
        let (out_tx, out_rx) = mpsc::channel(QUEUE);
        let (in_tx, in_rx) = mpsc::channel(QUEUE);
        let conn = Self {
            sender: Sender { tx: out_tx },
            receiver: Receiver {
                rx: in_rx,
                closed: false,
            },
            info,
        };
        (conn, out_rx, in_tx)
    }
}

/// The time the sans-I/O machines are given: tokio's clock, so a paused test runtime drives
/// them too.
fn now() -> std::time::Instant {
    tokio::time::Instant::now().into_std()
}

/// Sleeps until `deadline`, or forever without one: a state machine's `poll_timeout` in a
/// `select!`.
async fn sleep_until(deadline: Option<tokio::time::Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d).await,
        None => std::future::pending().await,
    }
}

/// Connects to `peers` (one address, or several addresses of one multi-homed SCTP peer) and
/// returns once the association or TCP connection is up.
pub async fn connect(
    config: &TransportConfig,
    peers: &[SocketAddr],
) -> Result<Connection, TransportError> {
    if peers.is_empty() {
        return Err(TransportError::NoPeer);
    }
    match config.kind.resolve() {
        TransportKind::Tcp => tcp::connect(config, peers).await,
        #[cfg(target_os = "linux")]
        TransportKind::KernelSctp => kernel::connect(config, peers).await,
        kind @ (TransportKind::UserSctpUdp | TransportKind::UserSctpRawIp) => {
            user::connect(config, peers, kind).await
        }
        kind => Err(TransportError::Unavailable {
            kind,
            why: "not built into this version",
        }),
    }
}

/// Listens for peers that connect to us (an SGP, or an IPSP that waits).
pub async fn listen(config: &TransportConfig) -> Result<Listener, TransportError> {
    let inner = match config.kind.resolve() {
        TransportKind::Tcp => ListenerInner::Tcp(tcp::Listener::bind(config).await?),
        #[cfg(target_os = "linux")]
        TransportKind::KernelSctp => ListenerInner::Kernel(kernel::Listener::bind(config)?),
        kind @ (TransportKind::UserSctpUdp | TransportKind::UserSctpRawIp) => {
            ListenerInner::User(user::Listener::bind(config, kind)?, kind)
        }
        kind => {
            return Err(TransportError::Unavailable {
                kind,
                why: "not built into this version",
            });
        }
    };
    Ok(Listener { inner })
}

/// Accepts connections from peers.
#[derive(Debug)]
pub struct Listener {
    inner: ListenerInner,
}

#[derive(Debug)]
enum ListenerInner {
    Tcp(tcp::Listener),
    #[cfg(target_os = "linux")]
    Kernel(kernel::Listener),
    User(user::Listener, TransportKind),
}

impl Listener {
    /// The next peer's connection, once it is up.
    pub async fn accept(&mut self) -> Result<Connection, TransportError> {
        match &mut self.inner {
            ListenerInner::Tcp(l) => l.accept().await,
            #[cfg(target_os = "linux")]
            ListenerInner::Kernel(l) => l.accept().await,
            ListenerInner::User(l, _) => l.accept().await,
        }
    }

    /// The addresses it listens on (with the port the system chose for port 0).
    pub fn local_addrs(&self) -> Vec<SocketAddr> {
        match &self.inner {
            ListenerInner::Tcp(l) => l.local_addrs(),
            #[cfg(target_os = "linux")]
            ListenerInner::Kernel(l) => l.local_addrs(),
            ListenerInner::User(l, _) => l.local_addrs(),
        }
    }

    /// The transport it accepts on (never `Auto`).
    pub fn kind(&self) -> TransportKind {
        match &self.inner {
            ListenerInner::Tcp(_) => TransportKind::Tcp,
            #[cfg(target_os = "linux")]
            ListenerInner::Kernel(_) => TransportKind::KernelSctp,
            ListenerInner::User(_, kind) => *kind,
        }
    }
}
