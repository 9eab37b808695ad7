//! Userspace SCTP (the `sctp` crate's sans-I/O endpoint) over UDP encapsulation (RFC 6951) or
//! raw IPv4 (protocol 132), for hosts whose kernel has no SCTP.
//!
//! One task per socket owns the [`sctp::Endpoint`] and the socket: it feeds received packets to
//! the endpoint, sends what the endpoint transmits, fires its timers, and routes each
//! association's events to its [`Connection`]. A [`Connection`]'s outgoing queue is forwarded to
//! that task by a small task of its own.
//!
//! UDP: a listener binds the configured encapsulation port (9899 by default) and a client an
//! ephemeral one; replies go to the port the peer's packets came from (RFC 6951 §5.4).
//!
//! Raw IPv4: the socket must stay open, or the host kernel answers the peer's packets with ICMP
//! protocol-unreachable. Every raw socket on a host sees every SCTP packet, including those of
//! other endpoints and, on loopback, its own: packets whose destination port is not one of this
//! endpoint's are dropped here before the endpoint sees them (it would otherwise answer them as
//! out of the blue, RFC 9260 §8.4, and abort someone else's association).

use std::collections::{HashMap, HashSet, VecDeque};
use std::io::Read;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

use bytes::Bytes;
use sctp::{AssociationConfig, AssociationHandle, Endpoint, EndpointConfig, Ppid};
use socket2::{Domain, Protocol, SockAddr, Socket, Type};
use tokio::io::Interest;
use tokio::io::unix::AsyncFd;
use tokio::net::UdpSocket;
use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;

use super::{
    BATCH, CloseReason, Connection, ConnectionInfo, Event, Outgoing, PPID_M3UA, TransportConfig,
    TransportError, TransportKind, now, sleep_until, sys,
};

/// The packet socket under an endpoint.
enum Carrier {
    Udp(UdpSocket),
    Raw(AsyncFd<Socket>),
}

impl Carrier {
    fn kind(&self) -> TransportKind {
        match self {
            Self::Udp(_) => TransportKind::UserSctpUdp,
            Self::Raw(_) => TransportKind::UserSctpRawIp,
        }
    }

    /// The next SCTP packet and where it came from (raw: the IP source, port 0).
    async fn recv(&self, buf: &mut Vec<u8>) -> std::io::Result<(SocketAddr, Bytes)> {
        match self {
            Self::Udp(s) => {
                buf.resize(65_536, 0);
                let (n, from) = s.recv_from(buf).await?;
                Ok((from, Bytes::copy_from_slice(&buf[..n])))
            }
            Self::Raw(afd) => loop {
                let mut guard = afd.readable().await?;
                buf.resize(65_536, 0);
                match guard.try_io(|inner| inner.get_ref().read(buf)) {
                    Ok(Ok(n)) => {
                        // A raw IPv4 socket delivers the IP header too (IHL words).
                        let packet = &buf[..n];
                        let ihl = usize::from(packet.first().map_or(0, |b| b & 0x0f)) * 4;
                        if packet.len() < ihl + 12 || ihl < 20 {
                            continue;
                        }
                        let src = Ipv4Addr::new(packet[12], packet[13], packet[14], packet[15]);
                        return Ok((
                            SocketAddr::new(IpAddr::V4(src), 0),
                            Bytes::copy_from_slice(&packet[ihl..]),
                        ));
                    }
                    Ok(Err(e)) => return Err(e),
                    Err(_would_block) => continue,
                }
            },
        }
    }

    async fn send(&self, to: SocketAddr, packet: &[u8]) -> std::io::Result<()> {
        match self {
            Self::Udp(s) => s.send_to(packet, to).await.map(|_| ()),
            Self::Raw(afd) => {
                let to = SockAddr::from(SocketAddr::new(to.ip(), 0));
                loop {
                    let mut guard = afd.writable().await?;
                    match guard.try_io(|inner| inner.get_ref().send_to(packet, &to)) {
                        Ok(r) => return r.map(|_| ()),
                        Err(_would_block) => continue,
                    }
                }
            }
        }
    }
}

fn udp_socket(addr: SocketAddr) -> Result<Carrier, TransportError> {
    let s = std::net::UdpSocket::bind(addr).map_err(TransportError::io("UDP bind"))?;
    s.set_nonblocking(true)
        .map_err(TransportError::io("UDP non-blocking"))?;
    Ok(Carrier::Udp(
        UdpSocket::from_std(s).map_err(TransportError::io("UDP register"))?,
    ))
}

fn raw_socket(local: Option<IpAddr>) -> Result<Carrier, TransportError> {
    let s = Socket::new(
        Domain::IPV4,
        Type::RAW,
        Some(Protocol::from(libc::IPPROTO_SCTP)),
    )
    .map_err(TransportError::io(
        "raw IPv4 socket for SCTP (needs CAP_NET_RAW)",
    ))?;
    s.set_nonblocking(true)
        .map_err(TransportError::io("raw non-blocking"))?;
    if let Some(ip @ IpAddr::V4(_)) = local
        && !ip.is_unspecified()
    {
        s.bind(&SocketAddr::new(ip, 0).into())
            .map_err(TransportError::io("raw bind"))?;
    }
    Ok(Carrier::Raw(
        sys::register(s, Interest::READABLE | Interest::WRITABLE)
            .map_err(TransportError::io("raw register"))?,
    ))
}

fn random(buf: &mut [u8]) {
    // The OS generator; if it fails there is no safe fallback for cookie secrets and tags.
    getrandom::fill(buf).expect("the operating system's random generator works");
}

fn association_config(config: &TransportConfig) -> AssociationConfig {
    let o = &config.sctp;
    AssociationConfig {
        outbound_streams: o.outbound_streams,
        max_inbound_streams: o.max_inbound_streams,
        rto_initial: o.rto_initial,
        rto_min: o.rto_min,
        rto_max: o.rto_max,
        max_init_retransmits: u32::from(o.init_max_attempts),
        ..AssociationConfig::default()
    }
}

fn endpoint(
    config: &TransportConfig,
    listen_port: Option<u16>,
) -> Result<Endpoint, TransportError> {
    let mut secret = [0u8; 32];
    random(&mut secret);
    let mut ep = EndpointConfig::new(secret);
    ep.association = association_config(config);
    ep.listen_ports = listen_port.into_iter().collect();
    Endpoint::new(ep, random).map_err(|_| TransportError::Unavailable {
        kind: config.kind,
        why: "the SCTP options are out of range",
    })
}

fn ephemeral_port() -> u16 {
    let mut b = [0u8; 2];
    random(&mut b);
    49_152 + u16::from_be_bytes(b) % 16_384
}

/// Where a connect's outcome goes.
type ConnectReply = oneshot::Sender<Result<Connection, TransportError>>;

/// What the endpoint task is asked to do.
enum Command {
    Send(AssociationHandle, Vec<Outgoing>),
    Close(AssociationHandle),
}

/// One association's link to its [`Connection`].
struct Route {
    events: mpsc::Sender<Event>,
    /// Messages the association's send buffer refused, sent on `SendBufferAvailable`.
    backlog: VecDeque<Outgoing>,
}

struct Task {
    endpoint: Endpoint,
    carrier: Arc<Carrier>,
    kind: TransportKind,
    /// Destination ports that are ours (raw IP filter).
    ports: HashSet<u16>,
    routes: HashMap<AssociationHandle, Route>,
    pending: HashMap<AssociationHandle, ConnectReply>,
    accepted: Option<mpsc::Sender<Connection>>,
    commands_tx: mpsc::WeakSender<Command>,
    commands: mpsc::Receiver<Command>,
    commands_closed: bool,
    local: SocketAddr,
}

impl Task {
    async fn run(mut self) {
        let mut buf = Vec::new();
        // A handle of its own, so receiving can borrow it while the other arms borrow `self`.
        let carrier = Arc::clone(&self.carrier);
        loop {
            self.flush().await;
            if self.routes.is_empty() && self.pending.is_empty() && self.accepted.is_none() {
                return; // nothing left to serve
            }
            let timer = self.endpoint.poll_timeout().map(Instant::from_std);
            tokio::select! {
                r = carrier.recv(&mut buf) => match r {
                    Ok((from, packet)) => {
                        if self.is_ours(&packet) {
                            self.endpoint.handle(now(), from, packet);
                        }
                    }
                    Err(e) => {
                        self.fail(CloseReason::Io(e.to_string())).await;
                        return;
                    }
                },
                cmd = self.commands.recv(), if !self.commands_closed => match cmd {
                    Some(Command::Send(handle, batch)) => self.send(handle, batch),
                    Some(Command::Close(handle)) => self.endpoint.shutdown(now(), handle),
                    None => self.commands_closed = true,
                },
                _ = sleep_until(timer) => self.endpoint.handle_timeout(now()),
            }
        }
    }

    fn is_ours(&self, packet: &[u8]) -> bool {
        match self.kind {
            // Only packets for our UDP port reach the socket.
            TransportKind::UserSctpUdp => true,
            _ => packet
                .get(2..4)
                .is_some_and(|p| self.ports.contains(&u16::from_be_bytes([p[0], p[1]]))),
        }
    }

    fn send(&mut self, handle: AssociationHandle, batch: Vec<Outgoing>) {
        let Some(route) = self.routes.get_mut(&handle) else {
            return;
        };
        route.backlog.extend(batch);
        while let Some((stream, message)) = route.backlog.pop_front() {
            match self
                .endpoint
                .send(handle, stream, Ppid(PPID_M3UA), message.clone(), false)
            {
                Ok(()) => {}
                Err(sctp::SendError::BufferFull) => {
                    route.backlog.push_front((stream, message));
                    break;
                }
                Err(_) => {} // closed or not established: the Closed event tells the user
            }
        }
    }

    async fn flush(&mut self) {
        let mut out = Vec::new();
        while let Some(to) = self.endpoint.poll_transmit_into(now(), &mut out) {
            let _ = self.carrier.send(to, &out).await;
            out.clear();
        }
        while let Some((handle, event)) = self.endpoint.poll_event() {
            self.event(handle, event).await;
        }
    }

    async fn event(&mut self, handle: AssociationHandle, event: sctp::Event) {
        let ev = match event {
            sctp::Event::Connected {
                outbound_streams,
                inbound_streams,
            } => {
                let peer = self
                    .endpoint
                    .association(handle)
                    .map(|a| vec![a.remote()])
                    .unwrap_or_default();
                let info = ConnectionInfo {
                    kind: self.kind,
                    local: vec![self.local],
                    peer_reachable: vec![true; peer.len()],
                    peer,
                    outbound_streams,
                    inbound_streams,
                };
                let conn = self.connection(handle, info);
                if let Some(reply) = self.pending.remove(&handle) {
                    let _ = reply.send(Ok(conn));
                } else if let Some(accepted) = &self.accepted {
                    let _ = accepted.send(conn).await;
                }
                return;
            }
            sctp::Event::Data { stream, data, .. } => Event::Message {
                stream,
                message: data,
            },
            sctp::Event::Restarted { .. } => Event::Restarted,
            sctp::Event::SendBufferAvailable => {
                let batch = Vec::new();
                self.send(handle, batch);
                return;
            }
            sctp::Event::Closed { reason } => {
                if let Some(reply) = self.pending.remove(&handle) {
                    let _ = reply.send(Err(TransportError::Io {
                        what: "SCTP association",
                        source: std::io::Error::other(reason.to_string()),
                    }));
                }
                let Some(route) = self.routes.remove(&handle) else {
                    return;
                };
                let reason = match reason {
                    sctp::CloseReason::Shutdown => CloseReason::PeerShutdown,
                    sctp::CloseReason::LocalAbort => CloseReason::Local,
                    _ => CloseReason::CommunicationLost,
                };
                let _ = route.events.send(Event::Closed(reason)).await;
                return;
            }
            _ => return,
        };
        if let Some(route) = self.routes.get(&handle) {
            let _ = route.events.send(ev).await;
        }
    }

    /// A [`Connection`] for an association that just came up, with its forwarding task.
    fn connection(&mut self, handle: AssociationHandle, info: ConnectionInfo) -> Connection {
        let (conn, mut out_rx, in_tx) = Connection::channels(info);
        self.routes.insert(
            handle,
            Route {
                events: in_tx,
                backlog: VecDeque::new(),
            },
        );
        if let Some(commands) = self.commands_tx.upgrade() {
            tokio::spawn(async move {
                let mut batch = Vec::with_capacity(BATCH);
                while out_rx.recv_many(&mut batch, BATCH).await > 0 {
                    let send = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                    if commands.send(Command::Send(handle, send)).await.is_err() {
                        return;
                    }
                }
                // Every sender is gone: SCTP SHUTDOWN.
                let _ = commands.send(Command::Close(handle)).await;
            });
        }
        conn
    }

    async fn fail(&mut self, reason: CloseReason) {
        for (_, route) in self.routes.drain() {
            let _ = route.events.send(Event::Closed(reason.clone())).await;
        }
    }
}

/// An association to start as soon as the endpoint task runs: peer (UDP address, or IP with
/// port 0), local SCTP port, peer SCTP port, and where the outcome goes.
type Connect = (SocketAddr, u16, u16, ConnectReply);

/// Starts the task that owns `endpoint` and `carrier`; the returned sender keeps it alive.
fn spawn(
    endpoint: Endpoint,
    carrier: Carrier,
    ports: HashSet<u16>,
    local: SocketAddr,
    accepted: Option<mpsc::Sender<Connection>>,
    connect: Option<Connect>,
) -> mpsc::Sender<Command> {
    let (tx, rx) = mpsc::channel(super::QUEUE);
    let task = Task {
        endpoint,
        kind: carrier.kind(),
        carrier: Arc::new(carrier),
        ports,
        routes: HashMap::new(),
        pending: HashMap::new(),
        accepted,
        commands_tx: tx.downgrade(),
        commands: rx,
        commands_closed: false,
        local,
    };
    tokio::spawn(task.run_with_connect(connect));
    tx
}

impl Task {
    async fn run_with_connect(mut self, connect: Option<Connect>) {
        if let Some((remote, local_port, peer_port, reply)) = connect {
            let config = self.endpoint.config().association.clone();
            match self
                .endpoint
                .connect(now(), remote, local_port, peer_port, config)
            {
                Ok(handle) => {
                    self.pending.insert(handle, reply);
                }
                Err(e) => {
                    let _ = reply.send(Err(TransportError::Io {
                        what: "SCTP connect",
                        source: std::io::Error::other(e.to_string()),
                    }));
                    return;
                }
            }
        }
        self.run().await;
    }
}

pub(super) async fn connect(
    config: &TransportConfig,
    peers: &[SocketAddr],
    kind: TransportKind,
) -> Result<Connection, TransportError> {
    let peer = *peers.first().ok_or(TransportError::NoPeer)?;
    let local = config.local.first().copied();
    let local_port = local
        .map(|a| a.port())
        .filter(|&p| p != 0)
        .unwrap_or_else(ephemeral_port);
    let local_ip = local.map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |a| a.ip());
    let (carrier, remote) = match kind {
        TransportKind::UserSctpUdp => (
            udp_socket(SocketAddr::new(local_ip, 0))?,
            SocketAddr::new(peer.ip(), config.udp_encapsulation_port),
        ),
        _ => {
            if !peer.is_ipv4() {
                return Err(TransportError::Unavailable {
                    kind,
                    why: "raw SCTP is IPv4 only",
                });
            }
            (raw_socket(Some(local_ip))?, SocketAddr::new(peer.ip(), 0))
        }
    };
    let local_addr = SocketAddr::new(local_ip, local_port);
    let endpoint = endpoint(config, None)?;
    let (reply_tx, reply_rx) = oneshot::channel();
    // The connection's forwarder holds the task's command channel once it is up; this sender is
    // dropped when the outcome is known.
    let _commands = spawn(
        endpoint,
        carrier,
        HashSet::from([local_port]),
        local_addr,
        None,
        Some((remote, local_port, peer.port(), reply_tx)),
    );
    reply_rx.await.unwrap_or(Err(TransportError::Io {
        what: "SCTP connect",
        source: std::io::Error::other("the endpoint task ended"),
    }))
}

/// Accepts associations on one SCTP port.
#[derive(Debug)]
pub(super) struct Listener {
    accepted: mpsc::Receiver<Connection>,
    local: SocketAddr,
    _commands: mpsc::Sender<Command>,
}

impl std::fmt::Debug for Command {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Send(h, b) => write!(f, "Send({h:?}, {} messages)", b.len()),
            Self::Close(h) => write!(f, "Close({h:?})"),
        }
    }
}

impl Listener {
    pub(super) fn bind(
        config: &TransportConfig,
        kind: TransportKind,
    ) -> Result<Self, TransportError> {
        let local = config
            .local
            .first()
            .copied()
            .unwrap_or_else(|| SocketAddr::from(([0, 0, 0, 0], super::M3UA_PORT)));
        let port = if local.port() == 0 {
            ephemeral_port()
        } else {
            local.port()
        };
        let carrier = match kind {
            TransportKind::UserSctpUdp => {
                udp_socket(SocketAddr::new(local.ip(), config.udp_encapsulation_port))?
            }
            _ => raw_socket(Some(local.ip()))?,
        };
        let endpoint = endpoint(config, Some(port))?;
        let (acc_tx, acc_rx) = mpsc::channel(64);
        let addr = SocketAddr::new(local.ip(), port);
        let commands = spawn(
            endpoint,
            carrier,
            HashSet::from([port]),
            addr,
            Some(acc_tx),
            None,
        );
        Ok(Self {
            accepted: acc_rx,
            local: addr,
            _commands: commands,
        })
    }

    pub(super) async fn accept(&mut self) -> Result<Connection, TransportError> {
        self.accepted.recv().await.ok_or(TransportError::Io {
            what: "SCTP accept",
            source: std::io::Error::other("the endpoint task ended"),
        })
    }

    pub(super) fn local_addrs(&self) -> Vec<SocketAddr> {
        vec![self.local]
    }
}
