//! Kernel SCTP through `sctp-rs`: one-to-one associations with multi-homing.
//!
//! Sockets are made with `socket2` so the options `sctp-rs` lacks (NODELAY, RTO bounds, INIT
//! limits, `sctp_bindx`, `sctp_connectx`; see [`super::sys`]) can be set before the association
//! starts; the connected socket is then handed to `sctp-rs`, which receives with the stream id
//! (`SCTP_RCVINFO`) and sends with stream and PPID (`SCTP_SNDINFO`).
//!
//! Peer address changes: the socket subscribes to `SCTP_PEER_ADDR_CHANGE`, which `sctp-rs` 0.3
//! passes on without decoding it; on each such notification the state of every peer address is
//! read with `SCTP_GET_PEER_ADDR_INFO` and each change becomes an [`Event::PeerAddress`]. The
//! kernel itself fails over between a multi-homed peer's addresses.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::os::fd::{AsRawFd, IntoRawFd};
use std::sync::Arc;

use bytes::Bytes;

use sctp_rs::{
    AssocChangeState, ConnectedSocket, Event as SctpEvent, Notification, NotificationOrData,
    SendData, SendInfo, SubscribeEventAssocId,
};
use socket2::{Domain, Protocol, Socket, Type};
use tokio::io::Interest;
use tokio::io::unix::AsyncFd;
use tokio::sync::mpsc;

use super::framing::Framer;
use super::{
    BATCH, CloseReason, Connection, ConnectionInfo, Event, Outgoing, PPID_M3UA, TransportConfig,
    TransportError, TransportKind, sys,
};

pub(super) fn available() -> bool {
    Socket::new(
        Domain::IPV4,
        Type::STREAM,
        Some(Protocol::from(libc::IPPROTO_SCTP)),
    )
    .is_ok()
}

/// A socket with the configuration's options, bound to its local addresses.
fn socket(config: &TransportConfig, v6: bool) -> Result<Socket, TransportError> {
    let domain = if v6 { Domain::IPV6 } else { Domain::IPV4 };
    let s = Socket::new(
        domain,
        Type::STREAM,
        Some(Protocol::from(libc::IPPROTO_SCTP)),
    )
    .map_err(TransportError::io("SCTP socket"))?;
    s.set_nonblocking(true)
        .map_err(TransportError::io("SCTP non-blocking"))?;
    let o = &config.sctp;
    let fd = s.as_raw_fd();
    sys::set_init(
        fd,
        o.outbound_streams,
        o.max_inbound_streams,
        o.init_max_attempts,
        o.init_max_timeout,
    )
    .map_err(TransportError::io("SCTP_INITMSG"))?;
    sys::set_rto(fd, o.rto_initial, o.rto_min, o.rto_max)
        .map_err(TransportError::io("SCTP_RTOINFO"))?;
    sys::set_nodelay(fd, o.nodelay).map_err(TransportError::io("SCTP_NODELAY"))?;
    if let Some((first, more)) = config.local.split_first() {
        s.set_reuse_address(true)
            .map_err(TransportError::io("SO_REUSEADDR"))?;
        s.bind(&(*first).into())
            .map_err(TransportError::io("SCTP bind"))?;
        if !more.is_empty() {
            // The extra addresses take the port the first one got.
            let port = s
                .local_addr()
                .ok()
                .and_then(|a| a.as_socket())
                .map_or(first.port(), |a| a.port());
            let more: Vec<SocketAddr> =
                more.iter().map(|a| SocketAddr::new(a.ip(), port)).collect();
            sys::bindx_add(fd, &more).map_err(TransportError::io("sctp_bindx"))?;
        }
    }
    Ok(s)
}

pub(super) async fn connect(
    config: &TransportConfig,
    peers: &[SocketAddr],
) -> Result<Connection, TransportError> {
    let v6 = peers.first().is_some_and(SocketAddr::is_ipv6);
    let s = socket(config, v6)?;
    let started = match peers {
        [one] => s.connect(&(*one).into()),
        many => sys::connectx(s.as_raw_fd(), many),
    };
    match started {
        Ok(()) => {}
        Err(e) if e.raw_os_error() == Some(libc::EINPROGRESS) => {}
        Err(e) => {
            return Err(TransportError::Io {
                what: "SCTP connect",
                source: e,
            });
        }
    }
    // The socket becomes writable when the association is up (or has failed after the INIT
    // retransmissions).
    let afd = sys::register(s, Interest::WRITABLE).map_err(TransportError::io("SCTP register"))?;
    afd.writable()
        .await
        .map_err(TransportError::io("SCTP connect"))?
        .retain_ready();
    let s = afd.into_inner();
    if let Some(e) = s.take_error().map_err(TransportError::io("SO_ERROR"))? {
        return Err(TransportError::Io {
            what: "SCTP connect",
            source: e,
        });
    }
    start(s)
}

/// A listening one-to-one SCTP socket.
#[derive(Debug)]
pub(super) struct Listener {
    afd: AsyncFd<Socket>,
}

impl Listener {
    pub(super) fn bind(config: &TransportConfig) -> Result<Self, TransportError> {
        let mut config = config.clone();
        if config.local.is_empty() {
            config.local = vec![SocketAddr::from(([0, 0, 0, 0], super::M3UA_PORT))];
        }
        let v6 = config.local.first().is_some_and(SocketAddr::is_ipv6);
        let s = socket(&config, v6)?;
        s.listen(128).map_err(TransportError::io("SCTP listen"))?;
        let afd =
            sys::register(s, Interest::READABLE).map_err(TransportError::io("SCTP register"))?;
        Ok(Self { afd })
    }

    pub(super) async fn accept(&mut self) -> Result<Connection, TransportError> {
        loop {
            let mut guard = self
                .afd
                .readable()
                .await
                .map_err(TransportError::io("SCTP accept"))?;
            match guard.try_io(|inner| inner.get_ref().accept()) {
                Ok(Ok((s, _))) => {
                    s.set_nonblocking(true)
                        .map_err(TransportError::io("SCTP non-blocking"))?;
                    return start(s);
                }
                Ok(Err(e)) => {
                    return Err(TransportError::Io {
                        what: "SCTP accept",
                        source: e,
                    });
                }
                Err(_would_block) => continue,
            }
        }
    }

    pub(super) fn local_addrs(&self) -> Vec<SocketAddr> {
        self.afd
            .get_ref()
            .local_addr()
            .ok()
            .and_then(|a| a.as_socket())
            .into_iter()
            .collect()
    }
}

fn start(s: Socket) -> Result<Connection, TransportError> {
    // sctp-rs owns the descriptor from here; the number stays valid as long as `sock` lives and
    // is used for the options sctp-rs does not offer.
    let fd = s.into_raw_fd();
    let sock = ConnectedSocket::from_rawfd(fd).map_err(TransportError::io("SCTP register"))?;
    sock.sctp_subscribe_events(
        &[
            SctpEvent::Association,
            SctpEvent::Shutdown,
            SctpEvent::Address,
        ],
        SubscribeEventAssocId::All,
    )
    .map_err(TransportError::io("SCTP_EVENT"))?;
    sock.sctp_request_rcvinfo(true)
        .map_err(TransportError::io("SCTP_RECVRCVINFO"))?;
    let status = sock
        .sctp_get_status(0)
        .map_err(TransportError::io("SCTP_STATUS"))?;
    let peer = sock.sctp_getpaddrs(0).unwrap_or_default();
    let reachable: Vec<bool> = peer
        .iter()
        .map(|&a| sys::peer_address_reachable(fd, a).unwrap_or(true))
        .collect();
    let info = ConnectionInfo {
        kind: TransportKind::KernelSctp,
        local: sock.sctp_getladdrs(0).unwrap_or_default(),
        peer_reachable: reachable.clone(),
        peer,
        outbound_streams: status.outstreams,
        inbound_streams: status.instreams,
    };
    let paths = Paths {
        fd,
        addresses: info.peer.clone(),
        reachable,
    };
    let sock = Arc::new(sock);
    let (conn, out_rx, in_tx) = Connection::channels(info);
    tokio::spawn(reader(Arc::clone(&sock), in_tx, paths));
    tokio::spawn(writer(sock, out_rx));
    Ok(conn)
}

/// The peer's addresses and whether each was reachable when last looked at.
struct Paths {
    fd: std::os::fd::RawFd,
    addresses: Vec<SocketAddr>,
    reachable: Vec<bool>,
}

impl Paths {
    /// The addresses whose reachability changed since the last look.
    fn changes(&mut self) -> Vec<Event> {
        let mut out = Vec::new();
        for (addr, was) in self.addresses.iter().zip(self.reachable.iter_mut()) {
            if let Ok(now) = sys::peer_address_reachable(self.fd, *addr)
                && now != *was
            {
                *was = now;
                out.push(Event::PeerAddress {
                    address: *addr,
                    reachable: now,
                });
            }
        }
        out
    }
}

async fn reader(sock: Arc<ConnectedSocket>, events: mpsc::Sender<Event>, mut paths: Paths) {
    // Messages longer than one receive arrive in pieces; keep them per stream until whole.
    let mut partial: HashMap<u16, Framer> = HashMap::new();
    let reason = loop {
        let event = match sock.sctp_recv().await {
            Ok(NotificationOrData::Data(data)) => {
                let stream = data.rcv_info.map_or(0, |i| i.sid);
                match deliver(&mut partial, stream, data.payload, &events).await {
                    Ok(true) => continue,
                    Ok(false) => return,
                    Err(reason) => break reason,
                }
            }
            Ok(NotificationOrData::Notification(Notification::AssociationChange(change))) => {
                match change.state {
                    AssocChangeState::Restart => {
                        partial.clear();
                        Event::Restarted
                    }
                    AssocChangeState::CommUp => continue,
                    AssocChangeState::ShutdownComplete => break CloseReason::PeerShutdown,
                    _ => break CloseReason::CommunicationLost,
                }
            }
            Ok(NotificationOrData::Notification(Notification::Shutdown(_))) => {
                break CloseReason::PeerShutdown;
            }
            // SCTP_PEER_ADDR_CHANGE (and the notifications sctp-rs does not decode).
            Ok(NotificationOrData::Notification(_)) => {
                for change in paths.changes() {
                    if events.send(change).await.is_err() {
                        return;
                    }
                }
                continue;
            }
            // A closed one-to-one socket reads end-of-file as an empty message or ENOTCONN.
            Err(e) if e.raw_os_error() == Some(libc::ENOTCONN) => break CloseReason::PeerShutdown,
            Err(e) => break CloseReason::Io(e.to_string()),
        };
        if events.send(event).await.is_err() {
            return;
        }
    };
    let _ = events.send(Event::Closed(reason)).await;
}

/// Passes on the whole messages in `payload`; `Ok(false)` when nobody listens any more.
async fn deliver(
    partial: &mut HashMap<u16, Framer>,
    stream: u16,
    payload: Vec<u8>,
    events: &mpsc::Sender<Event>,
) -> Result<bool, CloseReason> {
    if payload.is_empty() {
        return Err(CloseReason::PeerShutdown);
    }
    // The usual case: one whole message, nothing pending on the stream — handed on as received.
    if !partial.contains_key(&stream) && crate::message_length(&payload) == Ok(Some(payload.len()))
    {
        let message = Bytes::from(payload);
        return Ok(events
            .send(Event::Message { stream, message })
            .await
            .is_ok());
    }
    let framer = partial.entry(stream).or_default();
    framer.push(&payload);
    while let Some(message) = framer.next_message().map_err(CloseReason::Framing)? {
        if events
            .send(Event::Message { stream, message })
            .await
            .is_err()
        {
            return Ok(false);
        }
    }
    if framer.is_empty() {
        partial.remove(&stream);
    }
    Ok(true)
}

async fn writer(sock: Arc<ConnectedSocket>, mut queue: mpsc::Receiver<Outgoing>) {
    let mut batch = Vec::with_capacity(BATCH);
    while queue.recv_many(&mut batch, BATCH).await > 0 {
        for (stream, message) in batch.drain(..) {
            let data = SendData {
                payload: Vec::from(message),
                snd_info: Some(SendInfo {
                    sid: stream,
                    // The PPID goes on the wire as given: network byte order (RFC 6458 §5.3.4).
                    ppid: PPID_M3UA.to_be(),
                    ..SendInfo::default()
                }),
            };
            if sock.sctp_send(data).await.is_err() {
                return; // the reader reports why
            }
        }
    }
    // Every sender is gone: SCTP SHUTDOWN.
    let _ = sock.shutdown(std::net::Shutdown::Write);
}
