//! M3UA over TCP: one byte stream, framed by the M3UA message length; every message on stream 0.

use std::net::SocketAddr;

use bytes::BytesMut;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::mpsc;

use super::framing::Framer;
use super::{
    BATCH, CloseReason, Connection, ConnectionInfo, Event, Outgoing, TransportConfig,
    TransportError, TransportKind,
};

pub(super) async fn connect(
    config: &TransportConfig,
    peers: &[SocketAddr],
) -> Result<Connection, TransportError> {
    let mut last = None;
    // TCP has no multi-homing: try the peer's addresses in turn.
    for &peer in peers {
        let socket = if peer.is_ipv4() {
            TcpSocket::new_v4()
        } else {
            TcpSocket::new_v6()
        }
        .map_err(TransportError::io("TCP socket"))?;
        if let Some(local) = config.local.first() {
            socket
                .bind(*local)
                .map_err(TransportError::io("TCP bind"))?;
        }
        match socket.connect(peer).await {
            Ok(stream) => return start(stream),
            Err(e) => last = Some(e),
        }
    }
    Err(TransportError::Io {
        what: "TCP connect",
        source: last.unwrap_or_else(|| std::io::Error::other("no address")),
    })
}

/// Listens on the first configured local address (any address, port 2905 when none is given).
#[derive(Debug)]
pub(super) struct Listener {
    listener: TcpListener,
}

impl Listener {
    pub(super) async fn bind(config: &TransportConfig) -> Result<Self, TransportError> {
        let local = config
            .local
            .first()
            .copied()
            .unwrap_or_else(|| SocketAddr::from(([0, 0, 0, 0], super::M3UA_PORT)));
        let listener = TcpListener::bind(local)
            .await
            .map_err(TransportError::io("TCP listen"))?;
        Ok(Self { listener })
    }

    pub(super) async fn accept(&mut self) -> Result<Connection, TransportError> {
        let (stream, _) = self
            .listener
            .accept()
            .await
            .map_err(TransportError::io("TCP accept"))?;
        start(stream)
    }

    pub(super) fn local_addrs(&self) -> Vec<SocketAddr> {
        self.listener.local_addr().into_iter().collect()
    }
}

fn start(stream: TcpStream) -> Result<Connection, TransportError> {
    stream
        .set_nodelay(true)
        .map_err(TransportError::io("TCP_NODELAY"))?;
    let info = ConnectionInfo {
        kind: TransportKind::Tcp,
        local: stream.local_addr().into_iter().collect(),
        peer: stream.peer_addr().into_iter().collect(),
        peer_reachable: vec![true],
        outbound_streams: 1,
        inbound_streams: 1,
    };
    let (read, write) = stream.into_split();
    let (conn, out_rx, in_tx) = Connection::channels(info);
    tokio::spawn(reader(read, in_tx));
    tokio::spawn(writer(write, out_rx));
    Ok(conn)
}

async fn reader(mut read: OwnedReadHalf, events: mpsc::Sender<Event>) {
    let mut framer = Framer::default();
    let reason = loop {
        match framer.next_message() {
            Ok(Some(message)) => {
                if events
                    .send(Event::Message { stream: 0, message })
                    .await
                    .is_err()
                {
                    return; // nobody listens any more
                }
                continue;
            }
            Ok(None) => {}
            Err(e) => break CloseReason::Framing(e),
        }
        let buf = framer.buffer();
        buf.reserve(16 * 1024);
        match read.read_buf(buf).await {
            Ok(0) => break CloseReason::PeerShutdown,
            Ok(_) => {}
            Err(e) => break CloseReason::Io(e.to_string()),
        }
    };
    let _ = events.send(Event::Closed(reason)).await;
}

async fn writer(mut write: OwnedWriteHalf, mut queue: mpsc::Receiver<Outgoing>) {
    let mut batch = Vec::with_capacity(BATCH);
    let mut buf = BytesMut::with_capacity(64 * 1024);
    while queue.recv_many(&mut batch, BATCH).await > 0 {
        buf.clear();
        for (_, message) in batch.drain(..) {
            buf.extend_from_slice(&message);
        }
        if write.write_all(&buf).await.is_err() {
            return; // the reader reports why
        }
    }
    // Every sender is gone: close our direction; the peer's FIN ends the reader.
    let _ = write.shutdown().await;
}
