//! An ASP and an SGP of ours, each a [`Link`] over a real transport, reach ASP-ACTIVE, carry DATA
//! both ways on several streams, and recover when the transport is cut.
#![cfg(feature = "transport")]

mod transport_support;

use std::net::SocketAddr;
use std::time::Duration;

use bytes::Bytes;
use m3ua::asp::{AspState, Association, Config, Event, Role, Timers};
use m3ua::transport::{self, Link, TransportConfig, TransportKind};
use m3ua::{Data, ProtocolData, TrafficModeType};
use tokio::time::timeout;

const WAIT: Duration = Duration::from_secs(10);

fn transport(kind: TransportKind) -> TransportConfig {
    TransportConfig {
        kind,
        local: vec![SocketAddr::from(([127, 0, 0, 1], 0))],
        // UDP encapsulation: a port of this test run's own, apart from the transport tests'.
        udp_encapsulation_port: 40_000 + (std::process::id() % 20_000) as u16,
        ..TransportConfig::default()
    }
}

fn asp() -> Association {
    let mut c = Config::new(Role::Asp);
    c.routing_contexts = vec![2];
    c.traffic_mode = Some(TrafficModeType::OVERRIDE);
    c.asp_identifier = Some(1);
    c.outbound_streams = 4;
    c.timers = Timers {
        ack: Duration::from_millis(500),
        ..Timers::default()
    };
    Association::new(c).expect("valid ASP config")
}

fn sgp() -> Association {
    let mut c = Config::new(Role::Sgp);
    c.routing_contexts = vec![2];
    c.outbound_streams = 4;
    Association::new(c).expect("valid SGP config")
}

fn data(opc: u32, dpc: u32, sls: u8) -> Data {
    Data {
        routing_context: Some(2),
        protocol_data: ProtocolData {
            opc,
            dpc,
            si: 3,
            ni: 2,
            mp: 0,
            sls,
            user_data: Bytes::from(vec![sls; 20]),
        },
        ..Data::default()
    }
}

async fn next_data(link: &mut Link) -> Data {
    loop {
        match timeout(WAIT, link.next_event())
            .await
            .expect("an event in time")
        {
            Some(Event::Data(d)) => return d,
            Some(_) => continue,
            None => panic!("the link ended"),
        }
    }
}

async fn pair(kind: TransportKind) {
    let mut listener = transport::listen(&transport(kind)).await.expect("listen");
    let addr = listener.local_addrs()[0];
    let mut client = Link::connect(transport(kind), vec![addr], asp());
    let mut server = Link::accepted(listener.accept().await.expect("accept"), sgp());
    assert!(
        client.wait_for(AspState::Active, WAIT).await,
        "ASP reaches ASP-ACTIVE"
    );
    assert!(
        server.wait_for(AspState::Active, WAIT).await,
        "the SGP sees it active"
    );

    // A sender handle, used from another task, reaches the peer; the server answers through
    // its own handle, sent without waiting.
    let sender = client.sender();
    tokio::spawn(async move { sender.send_data(data(3, 2, 99)).await })
        .await
        .expect("task")
        .expect("DATA through the handle");
    assert_eq!(next_data(&mut server).await.protocol_data.sls, 99);
    assert!(server.sender().send_data_nowait(data(2, 3, 98)));
    assert_eq!(next_data(&mut client).await.protocol_data.sls, 98);

    for sls in 0..16u8 {
        client
            .send_data(data(3, 2, sls))
            .await
            .expect("ASP sends DATA");
        let d = next_data(&mut server).await;
        assert_eq!(d.protocol_data.sls, sls);
        server
            .send_data(data(2, 3, sls))
            .await
            .expect("SGP sends DATA");
        assert_eq!(next_data(&mut client).await.protocol_data.sls, sls);
    }
    let stats = client.stats().await.expect("stats");
    assert!(stats.sent.transfer >= 16, "{stats:?}");

    // The server side goes away: the ASP reconnects by itself once a listener is back; a
    // handle of the ended link says so.
    let stale = server.sender();
    drop(server);
    tokio::time::timeout(WAIT, async {
        while !stale.is_closed() {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await
    .expect("the handle sees the link end");
    assert!(!stale.send_data_nowait(data(2, 3, 1)));
    assert!(
        client.wait_for(AspState::Down, WAIT).await,
        "ASP-DOWN after the cut"
    );
    let mut server = Link::accepted(listener.accept().await.expect("re-accept"), sgp());
    assert!(
        client.wait_for(AspState::Active, WAIT).await,
        "active again"
    );
    assert!(client.status().connects >= 2);
    client
        .send_data(data(3, 2, 7))
        .await
        .expect("DATA after recovery");
    assert_eq!(next_data(&mut server).await.protocol_data.sls, 7);
}

#[tokio::test]
async fn asp_and_sgp_over_tcp() {
    pair(TransportKind::Tcp).await;
}

#[tokio::test]
async fn asp_and_sgp_over_kernel_sctp() {
    if !transport_support::kernel_sctp() {
        return;
    }
    pair(TransportKind::KernelSctp).await;
}

#[tokio::test]
async fn asp_and_sgp_over_userspace_sctp_udp() {
    pair(TransportKind::UserSctpUdp).await;
}

#[tokio::test]
async fn asp_and_sgp_over_userspace_sctp_raw_ip() {
    if !transport_support::raw_ip() {
        return;
    }
    pair(TransportKind::UserSctpRawIp).await;
}

/// A peer that acknowledges ASPUP and ASPAC and then goes silent (the transport stays up): the
/// ASP's BEATs go unanswered, it declares the peer dead and connects again.
#[tokio::test]
async fn beat_loss_restarts_the_transport() {
    use m3ua::{AspAc, AspUp, Message};
    let mut listener = transport::listen(&transport(TransportKind::Tcp))
        .await
        .unwrap();
    let addr = listener.local_addrs()[0];
    let mut config = Config::new(Role::Asp);
    config.routing_contexts = vec![2];
    config.quirks.aspac_without_ntfy = true;
    config.timers = Timers {
        beat: Some(Duration::from_millis(100)),
        ..Timers::default()
    };
    let client = Link::connect(
        transport(TransportKind::Tcp),
        vec![addr],
        Association::new(config).unwrap(),
    );
    // A mute SGP: answers the bring-up, then reads and ignores everything, BEAT included.
    let mut mute = listener.accept().await.unwrap();
    let mut beats = 0;
    let (sender, receiver) = (mute.sender.clone(), &mut mute.receiver);
    let serve = async {
        while let Some(transport::Event::Message { mut message, .. }) = receiver.recv().await {
            match Message::decode(&mut message).unwrap() {
                Message::AspUp(_) => sender
                    .send(0, Message::AspUpAck(AspUp::default()).to_bytes().unwrap())
                    .await
                    .unwrap(),
                Message::AspAc(ac) => sender
                    .send(0, Message::AspAcAck(AspAc { ..ac }).to_bytes().unwrap())
                    .await
                    .unwrap(),
                Message::Beat(_) => beats += 1,
                _ => {}
            }
        }
    };
    let _ = timeout(Duration::from_secs(3), serve).await;
    assert!(beats >= 1, "the ASP sent BEATs");
    // The ASP gave up on the mute peer and is back, on a new connection.
    let _second = listener.accept().await.expect("the ASP reconnects");
    assert!(
        client.wait_until(|s| s.connects >= 2, WAIT).await,
        "a second transport came up: {:?}",
        client.status()
    );
}

/// Two associations of one AS in loadshare: DATA is spread by SLS over both; when one goes down
/// everything moves to the other.
#[tokio::test]
async fn link_set_loadshares_by_sls_and_fails_over() {
    use m3ua::transport::LinkSet;
    let kind = TransportKind::Tcp;
    let mut listeners = Vec::new();
    for _ in 0..2 {
        listeners.push(transport::listen(&transport(kind)).await.unwrap());
    }
    let members = listeners
        .iter()
        .map(|l| (transport(kind), vec![l.local_addrs()[0]], asp()))
        .collect();
    let mut set = LinkSet::connect(TrafficModeType::LOADSHARE, members);
    let mut servers = Vec::new();
    for l in &mut listeners {
        servers.push(Link::accepted(l.accept().await.unwrap(), sgp()));
    }
    for link in set.links() {
        assert!(link.wait_until(|s| s.state == AspState::Active, WAIT).await);
    }
    let mut by_link = [0u32; 2];
    for sls in 0..32u8 {
        let i = set.send_data(data(3, 2, sls)).await.expect("routed");
        by_link[i] += 1;
        assert_eq!(next_data(&mut servers[i]).await.protocol_data.sls, sls);
    }
    assert_eq!(by_link, [16, 16], "loadshare by SLS");

    // The second association fails: every SLS now goes to the first.
    servers.pop();
    assert!(
        set.links()[1]
            .wait_until(|s| s.state != AspState::Active, WAIT)
            .await
    );
    for sls in 0..32u8 {
        assert_eq!(set.send_data(data(3, 2, sls)).await.expect("rerouted"), 0);
        assert_eq!(next_data(&mut servers[0]).await.protocol_data.sls, sls);
    }
}

/// Bad input over a real transport: the SGP answers with ERR carrying the RFC 4666 §3.8.1 code
/// and keeps serving.
#[tokio::test]
async fn bad_input_is_answered_with_err_and_the_link_keeps_serving() {
    use m3ua::{AspUp, ErrorCode, Message};
    let mut listener = transport::listen(&transport(TransportKind::Tcp))
        .await
        .unwrap();
    let addr = listener.local_addrs()[0];
    let mut peer = transport::connect(&transport(TransportKind::Tcp), &[addr])
        .await
        .unwrap();
    let _server = Link::accepted(listener.accept().await.unwrap(), sgp());
    let expect_err = async |peer: &mut transport::Connection| loop {
        match timeout(WAIT, peer.recv()).await.expect("an answer") {
            Some(transport::Event::Message { mut message, .. }) => {
                if let Message::Err(e) = Message::decode(&mut message).unwrap() {
                    return e.error_code;
                }
            }
            other => panic!("expected ERR, got {other:?}"),
        }
    };
    // Version 2 (RFC 4666 §3.1.1: only 1 is defined).
    peer.send(0, Bytes::from_static(&[2, 0, 3, 1, 0, 0, 0, 8]))
        .await
        .unwrap();
    assert_eq!(expect_err(&mut peer).await, ErrorCode::INVALID_VERSION);
    // An unknown message class.
    peer.send(0, Bytes::from_static(&[1, 0, 99, 1, 0, 0, 0, 8]))
        .await
        .unwrap();
    assert_eq!(
        expect_err(&mut peer).await,
        ErrorCode::UNSUPPORTED_MESSAGE_CLASS
    );
    // Still serving: ASPUP is acknowledged.
    let aspup = Message::AspUp(AspUp::default()).to_bytes().unwrap();
    peer.send(0, aspup).await.unwrap();
    loop {
        match timeout(WAIT, peer.recv()).await.expect("ASPUP ACK") {
            Some(transport::Event::Message { mut message, .. }) => {
                if matches!(Message::decode(&mut message).unwrap(), Message::AspUpAck(_)) {
                    break;
                }
            }
            other => panic!("expected ASPUP ACK, got {other:?}"),
        }
    }
}

/// SSNM over a real transport: the SGP's DUNA makes the ASP refuse DATA for that point code,
/// its DAVA makes it route again.
#[tokio::test]
async fn duna_and_dava_from_the_sgp_steer_the_asp_routing() {
    use m3ua::asp::SendError;
    use m3ua::{MaskedPointCode, Message, Ssnm};
    let mut listener = transport::listen(&transport(TransportKind::Tcp))
        .await
        .unwrap();
    let addr = listener.local_addrs()[0];
    let mut client = Link::connect(transport(TransportKind::Tcp), vec![addr], asp());
    let mut server = Link::accepted(listener.accept().await.unwrap(), sgp());
    assert!(client.wait_for(AspState::Active, WAIT).await);
    assert!(server.wait_for(AspState::Active, WAIT).await);
    let ssnm = || Ssnm {
        routing_context: vec![2],
        affected_point_codes: vec![MaskedPointCode {
            mask: 0,
            point_code: 2,
        }],
        ..Ssnm::default()
    };
    let status = async |link: &mut Link| loop {
        match timeout(WAIT, link.next_event()).await.expect("an event") {
            Some(Event::DestinationStatus { point_code, .. }) => return point_code,
            Some(_) => continue,
            None => panic!("the link ended"),
        }
    };
    server
        .send_ssnm(Message::Duna(ssnm()))
        .await
        .expect("DUNA sent");
    assert_eq!(status(&mut client).await.point_code, 2);
    assert_eq!(
        client.send_data(data(3, 2, 1)).await,
        Err(SendError::DestinationUnavailable { point_code: 2 })
    );
    server
        .send_ssnm(Message::Dava(ssnm()))
        .await
        .expect("DAVA sent");
    assert_eq!(status(&mut client).await.point_code, 2);
    client.send_data(data(3, 2, 1)).await.expect("routed again");
    assert_eq!(next_data(&mut server).await.protocol_data.sls, 1);
}
