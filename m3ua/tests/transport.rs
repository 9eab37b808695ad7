//! The transports carry whole M3UA messages both ways: TCP here on any host, kernel SCTP where the
//! kernel has it (inside the interop guest, `scripts/interop.sh`, with `VNS_REQUIRE_KERNEL_SCTP=1`
//! so that a missing SCTP fails instead of skipping).
#![cfg(feature = "transport")]

mod transport_support;

use std::net::SocketAddr;
use std::time::Duration;

use bytes::Bytes;
use m3ua::transport::{
    self, CloseReason, Connection, Event, TransportConfig, TransportKind, kernel_sctp_available,
};
use m3ua::{AspUp, Data, Message, ProtocolData};
use tokio::io::AsyncWriteExt;
use tokio::time::timeout;

fn config(kind: TransportKind) -> TransportConfig {
    TransportConfig {
        kind,
        local: vec![SocketAddr::from(([127, 0, 0, 1], 0))],
        // UDP encapsulation: a port of this test run's own (listener and client agree on it).
        udp_encapsulation_port: 20_000 + (std::process::id() % 20_000) as u16,
        ..TransportConfig::default()
    }
}

fn data(sls: u8, payload: &[u8]) -> Bytes {
    Message::Data(Data {
        routing_context: Some(2),
        protocol_data: ProtocolData {
            opc: 3,
            dpc: 2,
            si: 3,
            ni: 2,
            mp: 0,
            sls,
            user_data: Bytes::copy_from_slice(payload),
        },
        ..Data::default()
    })
    .to_bytes()
    .unwrap()
}

async fn next(conn: &mut Connection) -> Event {
    timeout(Duration::from_secs(10), conn.recv())
        .await
        .expect("an event within 10 s")
        .expect("an event")
}

async fn message(conn: &mut Connection) -> (u16, Message) {
    match next(conn).await {
        Event::Message { stream, message } => {
            let mut m = message.clone();
            (
                stream,
                Message::decode(&mut m).expect("a whole M3UA message"),
            )
        }
        other => panic!("expected a message, got {other:?}"),
    }
}

/// Bring-up, management and DATA both ways, a burst, large messages, then a graceful close.
async fn exchange(kind: TransportKind) {
    let mut listener = transport::listen(&config(kind)).await.expect("listen");
    let addr = listener.local_addrs()[0];
    let client = tokio::spawn(async move { transport::connect(&config(kind), &[addr]).await });
    let mut server = listener.accept().await.expect("accept");
    let mut client = client.await.unwrap().expect("connect");
    assert_eq!(client.info.kind, kind);
    assert_eq!(client.info.peer[0].ip(), addr.ip());
    if kind == TransportKind::KernelSctp {
        assert!(client.info.outbound_streams >= 2, "{:?}", client.info);
    }

    let aspup = Message::AspUp(AspUp {
        asp_identifier: Some(7),
        ..AspUp::default()
    });
    client.send(0, aspup.to_bytes().unwrap()).await.unwrap();
    assert_eq!(message(&mut server).await, (0, aspup.clone()));
    let ack = Message::AspUpAck(AspUp::default());
    server.send(0, ack.to_bytes().unwrap()).await.unwrap();
    assert_eq!(message(&mut client).await.1, ack);

    // A burst on several streams arrives whole and in order per stream.
    let streams = if kind == TransportKind::Tcp { 1 } else { 4 };
    for i in 0..200u8 {
        let stream = if streams == 1 {
            0
        } else {
            1 + u16::from(i) % 3
        };
        client.send(stream, data(i, &[i; 40])).await.unwrap();
    }
    for i in 0..200u8 {
        let (stream, m) = message(&mut server).await;
        let Message::Data(d) = m else {
            panic!("not DATA")
        };
        assert_eq!(d.protocol_data.sls, i);
        assert_eq!(&d.protocol_data.user_data[..], &[i; 40]);
        if streams > 1 {
            assert_eq!(stream, 1 + u16::from(i) % 3);
        }
    }
    // Messages longer than one receive buffer (sctp-rs reads 4096 octets at a time).
    let big = data(9, &[0x5a; 10_000]);
    server
        .send(1.min(server.info.outbound_streams - 1), big.clone())
        .await
        .unwrap();
    match next(&mut client).await {
        Event::Message { message, .. } => assert_eq!(message, big),
        other => panic!("expected the big message, got {other:?}"),
    }

    // Dropping the client's sender closes it; the server sees the peer go.
    drop(client);
    assert!(matches!(next(&mut server).await, Event::Closed(_)));
    assert_eq!(server.recv().await, None);
}

#[tokio::test]
async fn tcp_carries_m3ua_both_ways() {
    exchange(TransportKind::Tcp).await;
}

#[tokio::test]
async fn kernel_sctp_carries_m3ua_both_ways_on_several_streams() {
    if !transport_support::kernel_sctp() {
        return;
    }
    exchange(TransportKind::KernelSctp).await;
}

#[tokio::test]
async fn userspace_sctp_over_udp_carries_m3ua_both_ways_on_several_streams() {
    exchange(TransportKind::UserSctpUdp).await;
}

#[tokio::test]
async fn userspace_sctp_over_raw_ip_carries_m3ua_both_ways_on_several_streams() {
    if transport_support::raw_ip() {
        exchange(TransportKind::UserSctpRawIp).await;
    }
}

#[tokio::test]
async fn tcp_with_an_impossible_length_closes_with_a_framing_error() {
    let mut listener = transport::listen(&config(TransportKind::Tcp))
        .await
        .unwrap();
    let addr = listener.local_addrs()[0];
    let mut raw = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut server = listener.accept().await.unwrap();
    // Length 4 is below the common header's 8 octets: the stream cannot be framed any further.
    raw.write_all(&[1, 0, 3, 1, 0, 0, 0, 4]).await.unwrap();
    match next(&mut server).await {
        Event::Closed(CloseReason::Framing(e)) => {
            assert_eq!(e, m3ua::DecodeError::InvalidMessageLength { length: 4 })
        }
        other => panic!("expected a framing close, got {other:?}"),
    }
}

#[tokio::test]
async fn tcp_reassembles_messages_split_across_segments() {
    let mut listener = transport::listen(&config(TransportKind::Tcp))
        .await
        .unwrap();
    let addr = listener.local_addrs()[0];
    let mut raw = tokio::net::TcpStream::connect(addr).await.unwrap();
    raw.set_nodelay(true).unwrap();
    let mut server = listener.accept().await.unwrap();
    let wire: Vec<u8> = (0..3u8).flat_map(|i| data(i, &[i; 30]).to_vec()).collect();
    for piece in wire.chunks(7) {
        raw.write_all(piece).await.unwrap();
        raw.flush().await.unwrap();
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    for i in 0..3u8 {
        let (_, Message::Data(d)) = message(&mut server).await else {
            panic!("not DATA")
        };
        assert_eq!(d.protocol_data.sls, i);
    }
}

#[test]
fn transport_names_round_trip_and_auto_resolves() {
    for kind in [
        TransportKind::Auto,
        TransportKind::KernelSctp,
        TransportKind::UserSctpUdp,
        TransportKind::UserSctpRawIp,
        TransportKind::Tcp,
    ] {
        assert_eq!(kind.name().parse::<TransportKind>().unwrap(), kind);
    }
    assert!("sigtran".parse::<TransportKind>().is_err());
    let resolved = TransportKind::Auto.resolve();
    assert_eq!(
        resolved,
        if kernel_sctp_available() {
            TransportKind::KernelSctp
        } else {
            TransportKind::UserSctpUdp
        }
    );
}

/// Multi-homing: a listener on two local addresses, a client that knows both; the association
/// lists both peer addresses.
#[tokio::test]
async fn kernel_sctp_multihoming_lists_every_peer_address() {
    if !transport_support::kernel_sctp() {
        return;
    }
    let mut cfg = config(TransportKind::KernelSctp);
    cfg.local = vec![
        SocketAddr::from(([127, 0, 0, 1], 0)),
        SocketAddr::from(([127, 0, 0, 2], 0)),
    ];
    let mut listener = transport::listen(&cfg)
        .await
        .expect("listen on two addresses");
    let port = listener.local_addrs()[0].port();
    let peers = [
        SocketAddr::from(([127, 0, 0, 1], port)),
        SocketAddr::from(([127, 0, 0, 2], port)),
    ];
    let client = tokio::spawn(async move {
        transport::connect(&config(TransportKind::KernelSctp), &peers).await
    });
    let server = listener.accept().await.expect("accept");
    let client = client.await.unwrap().expect("connectx");
    assert_eq!(client.info.peer.len(), 2, "{:?}", client.info);
    assert_eq!(
        client.info.peer_reachable,
        [true, true],
        "{:?}",
        client.info
    );
    assert!(server.info.local.len() >= 2, "{:?}", server.info);
}
