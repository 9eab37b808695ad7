//! Two endpoints in memory on a virtual clock: setup, data, loss, shutdown, abort, restart.

mod util;

use std::net::SocketAddr;
use std::time::Duration;

use bytes::Bytes;
use sctp::{
    AssociationConfig, CauseCode, Chunk, CloseReason, CommonHeader, Event, Init, InitParam, Packet,
    ParamType, Ppid, State,
};
use util::{Dir, Pair, carrier_config};

fn msg(stream: u16, i: usize, len: usize) -> Bytes {
    let mut v = format!("s{stream}m{i}:").into_bytes();
    while v.len() < len {
        v.push((v.len() * 31 + i) as u8);
    }
    v.truncate(len.max(1));
    Bytes::from(v)
}

/// Sends `per_stream` messages on each of `streams` streams from `from` and checks that the
/// other side gets each exactly once, in order per stream.
fn exchange(p: &mut Pair, client_to_server: bool, streams: u16, per_stream: usize, len: usize) {
    let mut expected: Vec<Vec<Bytes>> = vec![Vec::new(); usize::from(streams)];
    let mut queue: Vec<(u16, Bytes)> = Vec::new();
    for i in 0..per_stream {
        for st in 0..streams {
            let m = msg(st, i, len);
            expected[usize::from(st)].push(m.clone());
            queue.push((st, m));
        }
    }
    let handle = if client_to_server {
        p.client.ep.handles().next().unwrap()
    } else {
        p.server.ep.handles().next().unwrap()
    };
    let before = if client_to_server {
        Pair::data_events(&p.server.events).len()
    } else {
        Pair::data_events(&p.client.events).len()
    };
    let total = queue.len();
    let mut queue = queue.into_iter().peekable();
    let deadline = p.now + Duration::from_secs(600);
    loop {
        while let Some((st, m)) = queue.peek().cloned() {
            let ep = if client_to_server {
                &mut p.client.ep
            } else {
                &mut p.server.ep
            };
            match ep.send(handle, st, Ppid::M3UA, m, false) {
                Ok(()) => {
                    queue.next();
                }
                Err(sctp::SendError::BufferFull) => break,
                Err(e) => panic!("send: {e}"),
            }
        }
        let got = if client_to_server {
            Pair::data_events(&p.server.events).len()
        } else {
            Pair::data_events(&p.client.events).len()
        };
        if got - before == total {
            break;
        }
        assert!(
            p.now < deadline,
            "only {} of {total} delivered",
            got - before
        );
        if !p.step() {
            p.advance();
        }
    }
    let events = if client_to_server {
        &p.server.events
    } else {
        &p.client.events
    };
    let data = Pair::data_events(events);
    let mut per: Vec<Vec<Bytes>> = vec![Vec::new(); usize::from(streams)];
    for (st, ppid, unordered, d) in &data[before..] {
        assert_eq!(*ppid, 3);
        assert!(!unordered);
        per[usize::from(*st)].push(d.clone());
    }
    assert_eq!(per, expected);
}

#[test]
fn association_setup_negotiates_streams() {
    let server_cfg = AssociationConfig {
        outbound_streams: 10,
        max_inbound_streams: 5,
        ..carrier_config()
    };
    let mut p = Pair::new(1, carrier_config(), server_cfg);
    let (c, s) = p.established();
    let client_up = p.client.events.iter().find_map(|(h, e)| match e {
        Event::Connected {
            outbound_streams,
            inbound_streams,
        } if *h == c => Some((*outbound_streams, *inbound_streams)),
        _ => None,
    });
    assert_eq!(client_up, Some((5, 10)));
    let server_up = p.server.events.iter().find_map(|(h, e)| match e {
        Event::Connected {
            outbound_streams,
            inbound_streams,
        } if *h == s => Some((*outbound_streams, *inbound_streams)),
        _ => None,
    });
    assert_eq!(server_up, Some((10, 5)));
    assert_eq!(
        p.client.ep.association(c).unwrap().state(),
        &State::Established
    );
    assert_eq!(
        p.server.ep.association(s).unwrap().state(),
        &State::Established
    );
    // Four-way handshake: INIT, INIT ACK, COOKIE ECHO, COOKIE ACK.
    assert_eq!(
        p.count_chunks(Dir::ClientToServer, |c| matches!(c, Chunk::Init(_))),
        1
    );
    assert_eq!(
        p.count_chunks(Dir::ServerToClient, |c| matches!(c, Chunk::InitAck(_))),
        1
    );
    assert_eq!(
        p.count_chunks(Dir::ClientToServer, |c| matches!(
            c,
            Chunk::CookieEcho { .. }
        )),
        1
    );
    assert_eq!(
        p.count_chunks(Dir::ServerToClient, |c| matches!(c, Chunk::CookieAck)),
        1
    );
    // The INIT went with tag 0, everything else with the peer's tag.
    let (ctag, stag) = p.client.ep.association(c).unwrap().tags();
    assert_eq!(p.server.ep.association(s).unwrap().tags(), (stag, ctag));
    for (dir, pkt) in &p.log {
        let expect = match (dir, &pkt.chunks[0]) {
            (_, Chunk::Init(_)) => 0,
            (Dir::ClientToServer, _) => stag,
            (Dir::ServerToClient, _) => ctag,
        };
        assert_eq!(pkt.header.verification_tag, expect, "{pkt:?}");
    }
}

#[test]
fn data_both_ways_on_many_streams_in_order() {
    let mut p = Pair::default_pair(2);
    p.established();
    exchange(&mut p, true, 16, 40, 100);
    exchange(&mut p, false, 16, 40, 100);
    let c = p.client.ep.handles().next().unwrap();
    let stats = p.client.ep.association(c).unwrap().stats();
    assert_eq!(stats.retransmits, 0);
    assert!(stats.srtt > Duration::ZERO);
}

#[test]
fn m3ua_ppid_is_carried_on_the_wire() {
    let mut p = Pair::default_pair(3);
    let (c, _) = p.established();
    p.client
        .ep
        .send(c, 1, Ppid::M3UA, Bytes::from_static(b"m3ua"), false)
        .unwrap();
    p.run_until(Duration::from_secs(1), |p| {
        !Pair::data_events(&p.server.events).is_empty()
    });
    let data_chunk = p
        .log
        .iter()
        .flat_map(|(_, pk)| pk.chunks.iter())
        .find_map(|c| match c {
            Chunk::Data(d) => Some(d.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(data_chunk.ppid, Ppid(3));
    assert_eq!(data_chunk.stream_id, 1);
    assert!(data_chunk.beginning && data_chunk.ending && !data_chunk.unordered);
}

#[test]
fn large_messages_are_fragmented_and_reassembled() {
    let mut p = Pair::default_pair(4);
    let (c, _) = p.established();
    let sizes = [1172usize, 1173, 5000, 60_000, 65_536];
    for (i, &n) in sizes.iter().enumerate() {
        p.client
            .ep
            .send(c, 2, Ppid(99), msg(2, i, n), false)
            .unwrap();
    }
    assert!(p.run_until(Duration::from_secs(30), |p| {
        Pair::data_events(&p.server.events).len() == sizes.len()
    }));
    let got = Pair::data_events(&p.server.events);
    for (i, &n) in sizes.iter().enumerate() {
        assert_eq!(got[i].3, msg(2, i, n), "message {i}");
        assert_eq!(got[i].1, 99);
    }
    // Every packet fits the configured size, and fragments carry B/E correctly.
    for (_, pk) in &p.log {
        assert!(pk.to_vec().unwrap().len() <= 1200);
    }
    let frags = p.count_chunks(Dir::ClientToServer, |c| matches!(c, Chunk::Data(_)));
    assert!(frags > 100, "{frags}");
    let too_big = p
        .client
        .ep
        .send(c, 2, Ppid(1), Bytes::from(vec![0; 65_537]), false);
    assert!(matches!(too_big, Err(sctp::SendError::TooLarge { .. })));
}

#[test]
fn unordered_messages_are_delivered() {
    let mut p = Pair::default_pair(5);
    let (c, _) = p.established();
    for i in 0..20 {
        p.client
            .ep
            .send(c, 0, Ppid::M3UA, msg(0, i, 50), true)
            .unwrap();
    }
    assert!(p.run_until(
        Duration::from_secs(5),
        |p| Pair::data_events(&p.server.events).len() == 20
    ));
    let got = Pair::data_events(&p.server.events);
    assert!(got.iter().all(|(_, _, u, _)| *u));
    let mut bodies: Vec<Bytes> = got.into_iter().map(|g| g.3).collect();
    bodies.sort();
    let mut want: Vec<Bytes> = (0..20).map(|i| msg(0, i, 50)).collect();
    want.sort();
    assert_eq!(bodies, want);
    assert!(
        p.log
            .iter()
            .flat_map(|(_, pk)| pk.chunks.iter())
            .any(|c| matches!(c, Chunk::Data(d) if d.unordered))
    );
}

#[test]
fn send_errors() {
    let mut p = Pair::default_pair(6);
    let c = p.connect();
    assert_eq!(
        p.client
            .ep
            .send(c, 0, Ppid::M3UA, Bytes::from_static(b"x"), false),
        Err(sctp::SendError::NotEstablished)
    );
    p.run_until(Duration::from_secs(5), |p| !p.server.events.is_empty());
    p.run_for(Duration::from_millis(100));
    assert_eq!(
        p.client
            .ep
            .send(c, 16, Ppid::M3UA, Bytes::from_static(b"x"), false),
        Err(sctp::SendError::InvalidStream {
            stream: 16,
            outbound_streams: 16
        })
    );
    assert_eq!(
        p.client.ep.send(c, 0, Ppid::M3UA, Bytes::new(), false),
        Err(sctp::SendError::Empty)
    );
    assert_eq!(
        p.client.ep.send(
            sctp::AssociationHandle(999),
            0,
            Ppid::M3UA,
            Bytes::from_static(b"x"),
            false
        ),
        Err(sctp::SendError::UnknownAssociation)
    );
}

#[test]
fn random_loss_everything_delivered_once_in_order() {
    for seed in [11u64, 12, 13] {
        let mut p = Pair::default_pair(seed);
        p.established();
        p.loss = 0.1;
        exchange(&mut p, true, 4, 150, 200);
        exchange(&mut p, false, 4, 150, 200);
        let c = p.client.ep.handles().next().unwrap();
        let s = p.client.ep.association(c).unwrap().stats();
        assert!(s.retransmits + s.fast_retransmits > 0, "seed {seed}: {s:?}");
    }
}

#[test]
fn targeted_loss_triggers_fast_retransmit() {
    let mut p = Pair::default_pair(21);
    let (c, _) = p.established();
    // Drop the first transmission of the 3rd DATA chunk the client sends.
    let mut seen = 0u32;
    let mut dropped = None;
    p.filter = Some(Box::new(move |dir, pk, _| {
        if dir != Dir::ClientToServer {
            return false;
        }
        for ch in &pk.chunks {
            if let Chunk::Data(d) = ch {
                seen += 1;
                if seen == 3 && dropped.is_none() {
                    dropped = Some(d.tsn);
                    return true;
                }
            }
        }
        false
    }));
    for i in 0..30 {
        p.client
            .ep
            .send(c, 0, Ppid::M3UA, msg(0, i, 1000), false)
            .unwrap();
    }
    assert!(p.run_until(
        Duration::from_secs(10),
        |p| Pair::data_events(&p.server.events).len() == 30
    ));
    let got: Vec<Bytes> = Pair::data_events(&p.server.events)
        .into_iter()
        .map(|g| g.3)
        .collect();
    assert_eq!(got, (0..30).map(|i| msg(0, i, 1000)).collect::<Vec<_>>());
    let stats = p.client.ep.association(c).unwrap().stats();
    assert_eq!(stats.fast_retransmits, 1, "{stats:?}");
    assert_eq!(stats.t3_expiries, 0, "{stats:?}");
    // The receiver reported the gap with gap ack blocks.
    assert!(
        p.log
            .iter()
            .flat_map(|(_, pk)| pk.chunks.iter())
            .any(|c| matches!(c, Chunk::Sack(s) if !s.gap_blocks.is_empty()))
    );
}

#[test]
fn lost_tail_is_recovered_by_t3() {
    let mut p = Pair::default_pair(22);
    let (c, _) = p.established();
    let mut n = 0;
    p.filter = Some(Box::new(move |dir, pk, _| {
        if dir == Dir::ClientToServer && pk.chunks.iter().any(|c| matches!(c, Chunk::Data(_))) {
            n += 1;
            return n == 1;
        }
        false
    }));
    p.client
        .ep
        .send(c, 0, Ppid::M3UA, msg(0, 0, 10), false)
        .unwrap();
    assert!(p.run_until(
        Duration::from_secs(5),
        |p| Pair::data_events(&p.server.events).len() == 1
    ));
    let stats = p.client.ep.association(c).unwrap().stats();
    assert_eq!(stats.t3_expiries, 1);
    assert_eq!(stats.retransmits, 1);
}

#[test]
fn reordering_and_duplication() {
    let mut p = Pair::default_pair(31);
    p.established();
    p.reorder = 0.3;
    p.duplicate = 0.2;
    exchange(&mut p, true, 3, 100, 300);
    exchange(&mut p, false, 3, 100, 300);
    let s = p.server.ep.handles().next().unwrap();
    assert!(
        p.server
            .ep
            .association(s)
            .unwrap()
            .stats()
            .duplicate_tsns_in
            > 0
    );
    assert!(
        p.log
            .iter()
            .flat_map(|(_, pk)| pk.chunks.iter())
            .any(|c| matches!(c, Chunk::Sack(s) if !s.duplicate_tsns.is_empty()))
    );
}

#[test]
fn heartbeat_on_idle_path() {
    let cfg = AssociationConfig {
        heartbeat_interval: Some(Duration::from_secs(1)),
        ..carrier_config()
    };
    let mut p = Pair::new(41, cfg.clone(), cfg.clone());
    let c = p.connect_with(cfg);
    p.run_until(Duration::from_secs(2), |p| !p.server.events.is_empty());
    p.run_for(Duration::from_secs(10));
    let a = p.client.ep.association(c).unwrap();
    assert_eq!(a.state(), &State::Established);
    let hb = a.stats().heartbeats_out;
    assert!((5..=10).contains(&hb), "{hb}");
    let acks = p.count_chunks(Dir::ServerToClient, |c| {
        matches!(c, Chunk::HeartbeatAck { .. })
    });
    assert!(acks >= 5);
    assert!(
        a.stats().srtt >= Duration::from_millis(19),
        "{:?}",
        a.stats()
    );
}

#[test]
fn path_failure_closes_after_max_retransmits() {
    let mut p = Pair::default_pair(51);
    let (c, s) = p.established();
    p.loss = 1.0;
    p.client
        .ep
        .send(c, 0, Ppid::M3UA, msg(0, 0, 10), false)
        .unwrap();
    assert!(p.run_until(Duration::from_secs(60), |p| {
        Pair::closed(&p.client.events).is_some()
    }));
    assert_eq!(
        Pair::closed(&p.client.events),
        Some(CloseReason::PeerUnreachable)
    );
    let stats_rtx = p.count_chunks(Dir::ClientToServer, |c| matches!(c, Chunk::Data(_)));
    // One transmission plus Association.Max.Retrans (10) retransmissions.
    assert_eq!(stats_rtx, 11);
    // The idle server notices through its heartbeats.
    let _ = s;
    assert!(p.run_until(Duration::from_secs(600), |p| {
        Pair::closed(&p.server.events).is_some()
    }));
    assert_eq!(
        Pair::closed(&p.server.events),
        Some(CloseReason::PeerUnreachable)
    );
    assert!(
        p.client.ep.association(c).is_none(),
        "closed association forgotten"
    );
}

#[test]
fn init_is_retransmitted_then_given_up() {
    let mut p = Pair::default_pair(61);
    p.loss = 1.0;
    let cfg = AssociationConfig {
        max_init_retransmits: 4,
        ..carrier_config()
    };
    p.connect_with(cfg);
    assert!(p.run_until(Duration::from_secs(60), |p| {
        Pair::closed(&p.client.events).is_some()
    }));
    assert_eq!(
        Pair::closed(&p.client.events),
        Some(CloseReason::InitTimeout)
    );
    assert_eq!(
        p.count_chunks(Dir::ClientToServer, |c| matches!(c, Chunk::Init(_))),
        5
    );
    // Backoff: 200, 400, 800, 1000 (RTO.Max), 1000 ms between attempts.
    let elapsed = p.now - p.start;
    assert!(
        elapsed >= Duration::from_millis(3400) && elapsed < Duration::from_millis(3500),
        "{elapsed:?}"
    );
}

#[test]
fn init_lost_once_then_connects() {
    let mut p = Pair::default_pair(62);
    let mut first = true;
    p.filter = Some(Box::new(move |dir, pk, _| {
        if dir == Dir::ClientToServer && matches!(pk.chunks[0], Chunk::Init(_)) && first {
            first = false;
            return true;
        }
        false
    }));
    p.established();
    assert_eq!(
        p.count_chunks(Dir::ClientToServer, |c| matches!(c, Chunk::Init(_))),
        2
    );
}

#[test]
fn stale_cookie_is_reported_and_setup_retried() {
    let mut p = Pair::default_pair(71);
    // The server's cookies live 1 s; the first COOKIE ECHO takes 1.5 s to arrive.
    let mut server_cfg = p.server.ep.config().clone();
    server_cfg.valid_cookie_life = Duration::from_secs(1);
    let mut rng = util::Rng(5);
    p.server.ep = sctp::Endpoint::new(server_cfg, move |d: &mut [u8]| rng.fill(d)).unwrap();
    let mut delayed = false;
    let hold: std::rc::Rc<std::cell::RefCell<Option<Packet>>> = Default::default();
    let hold2 = hold.clone();
    p.filter = Some(Box::new(move |dir, pk, _| {
        if dir == Dir::ClientToServer
            && matches!(pk.chunks[0], Chunk::CookieEcho { .. })
            && !delayed
        {
            delayed = true;
            *hold2.borrow_mut() = Some(pk.clone());
            return true;
        }
        false
    }));
    let cfg = AssociationConfig {
        rto_initial: Duration::from_secs(3),
        rto_max: Duration::from_secs(5),
        ..carrier_config()
    };
    p.connect_with(cfg);
    p.run_for(Duration::from_millis(1500));
    let echo = hold.borrow_mut().take().expect("COOKIE ECHO held back");
    let client_addr: SocketAddr = util::CLIENT_ADDR.parse().unwrap();
    p.inject_to_server(client_addr, echo.to_vec().unwrap());
    assert_eq!(p.server.ep.stats().stale_cookies, 1);
    assert!(p.run_until(Duration::from_secs(20), |p| {
        p.client
            .events
            .iter()
            .any(|(_, e)| matches!(e, Event::Connected { .. }))
    }));
    assert!(p.client.events.iter().any(|(_, e)| matches!(e, Event::PeerError { causes } if causes[0].code == CauseCode::STALE_COOKIE)));
    // The second INIT carried a Cookie Preservative.
    let inits: Vec<&Init> = p
        .log
        .iter()
        .flat_map(|(_, pk)| pk.chunks.iter())
        .filter_map(|c| match c {
            Chunk::Init(i) => Some(i),
            _ => None,
        })
        .collect();
    assert_eq!(inits.len(), 2);
    assert!(
        inits[1]
            .params
            .iter()
            .any(|p| matches!(p, InitParam::CookiePreservative(ms) if *ms >= 900))
    );
}

fn shutdown_test(seed: u64, from_client: bool) {
    let mut p = Pair::default_pair(seed);
    let (c, s) = p.established();
    // Data in flight while the shutdown starts: it must all arrive first.
    for i in 0..50 {
        p.client
            .ep
            .send(c, 0, Ppid::M3UA, msg(0, i, 500), false)
            .unwrap();
        p.server
            .ep
            .send(s, 0, Ppid::M3UA, msg(0, i, 500), false)
            .unwrap();
    }
    let now = p.now;
    if from_client {
        p.client.ep.shutdown(now, c);
        assert_eq!(
            p.client.ep.send(c, 0, Ppid::M3UA, msg(0, 99, 5), false),
            Err(sctp::SendError::Closed)
        );
    } else {
        p.server.ep.shutdown(now, s);
    }
    assert!(p.run_until(Duration::from_secs(20), |p| {
        Pair::closed(&p.client.events).is_some() && Pair::closed(&p.server.events).is_some()
    }));
    assert_eq!(Pair::closed(&p.client.events), Some(CloseReason::Shutdown));
    assert_eq!(Pair::closed(&p.server.events), Some(CloseReason::Shutdown));
    assert_eq!(Pair::data_events(&p.server.events).len(), 50);
    assert_eq!(Pair::data_events(&p.client.events).len(), 50);
    let (shut_dir, ack_dir) = if from_client {
        (Dir::ClientToServer, Dir::ServerToClient)
    } else {
        (Dir::ServerToClient, Dir::ClientToServer)
    };
    assert!(p.count_chunks(shut_dir, |c| matches!(c, Chunk::Shutdown { .. })) >= 1);
    assert_eq!(
        p.count_chunks(ack_dir, |c| matches!(c, Chunk::ShutdownAck)),
        1
    );
    assert_eq!(
        p.count_chunks(shut_dir, |c| matches!(
            c,
            Chunk::ShutdownComplete { t_bit: false }
        )),
        1
    );
    let receiving = if from_client {
        &p.server.events
    } else {
        &p.client.events
    };
    assert!(
        receiving
            .iter()
            .any(|(_, e)| matches!(e, Event::ShutdownReceived))
    );
    // Both forget the association.
    assert!(p.client.ep.handles().next().is_none());
    assert!(p.server.ep.handles().next().is_none());
}

#[test]
fn graceful_shutdown_from_client() {
    shutdown_test(81, true);
}

#[test]
fn graceful_shutdown_from_server() {
    shutdown_test(82, false);
}

#[test]
fn shutdown_survives_loss() {
    let mut p = Pair::default_pair(83);
    let (c, _) = p.established();
    p.loss = 0.3;
    let now = p.now;
    p.client.ep.shutdown(now, c);
    assert!(p.run_until(Duration::from_secs(60), |p| {
        Pair::closed(&p.client.events).is_some() && Pair::closed(&p.server.events).is_some()
    }));
    assert_eq!(Pair::closed(&p.client.events), Some(CloseReason::Shutdown));
}

#[test]
fn abort_with_reason() {
    let mut p = Pair::default_pair(91);
    let (c, _) = p.established();
    p.client
        .ep
        .abort(c, Some(Bytes::from_static(b"maintenance")));
    assert!(p.run_until(Duration::from_secs(2), |p| {
        Pair::closed(&p.server.events).is_some()
    }));
    assert_eq!(
        Pair::closed(&p.client.events),
        Some(CloseReason::LocalAbort)
    );
    match Pair::closed(&p.server.events) {
        Some(CloseReason::PeerAbort { causes }) => {
            assert_eq!(causes[0].code, CauseCode::USER_INITIATED_ABORT);
            assert_eq!(&causes[0].info[..], b"maintenance");
        }
        other => panic!("{other:?}"),
    }
    // The ABORT carried the peer's tag without the T bit.
    let abort = p
        .log
        .iter()
        .find(|(_, pk)| matches!(pk.chunks[0], Chunk::Abort { .. }))
        .unwrap();
    assert!(matches!(
        abort.1.chunks[0],
        Chunk::Abort { t_bit: false, .. }
    ));
}

#[test]
fn peer_restart_is_detected() {
    let mut p = Pair::default_pair(101);
    let (_, s) = p.established();
    let (old_server_tag, old_client_tag) = p.server.ep.association(s).unwrap().tags();
    // The client "reboots": a fresh endpoint at the same address connects again.
    p.client.ep = util::endpoint(999, &[], carrier_config());
    p.client.events.clear();
    let c2 = p.connect();
    assert!(p.run_until(Duration::from_secs(10), |p| {
        p.client
            .events
            .iter()
            .any(|(_, e)| matches!(e, Event::Connected { .. }))
    }));
    assert!(
        p.server
            .events
            .iter()
            .any(|(h, e)| *h == s && matches!(e, Event::Restarted { .. }))
    );
    // Same association handle on the server, new tags on both sides.
    let (new_server_tag, new_client_tag) = p.server.ep.association(s).unwrap().tags();
    assert_ne!(new_server_tag, old_server_tag);
    assert_ne!(new_client_tag, old_client_tag);
    assert_eq!(
        p.client.ep.association(c2).unwrap().tags(),
        (new_client_tag, new_server_tag)
    );
    // The INIT ACK for the restart was answered statelessly; data flows again.
    p.client
        .ep
        .send(c2, 0, Ppid::M3UA, Bytes::from_static(b"after"), false)
        .unwrap();
    p.server
        .ep
        .send(s, 0, Ppid::M3UA, Bytes::from_static(b"back"), false)
        .unwrap();
    assert!(p.run_until(Duration::from_secs(5), |p| {
        !Pair::data_events(&p.server.events).is_empty()
            && !Pair::data_events(&p.client.events).is_empty()
    }));
}

#[test]
fn peer_restart_of_server_aborts_client_data() {
    // The server reboots without an INIT: the client's next DATA is out of the blue, the
    // server answers ABORT with the T bit, the client closes.
    let mut p = Pair::default_pair(102);
    let (c, _) = p.established();
    p.server.ep = util::endpoint(555, &[util::SERVER_PORT], carrier_config());
    p.client
        .ep
        .send(c, 0, Ppid::M3UA, Bytes::from_static(b"x"), false)
        .unwrap();
    assert!(p.run_until(Duration::from_secs(5), |p| {
        Pair::closed(&p.client.events).is_some()
    }));
    assert!(matches!(
        Pair::closed(&p.client.events),
        Some(CloseReason::PeerAbort { .. })
    ));
    assert!(p.log.iter().any(|(d, pk)| *d == Dir::ServerToClient
        && matches!(pk.chunks[0], Chunk::Abort { t_bit: true, .. })));
}

#[test]
fn init_collision_gives_one_association_each() {
    let mut p = Pair::default_pair(111);
    // Both sides listen and connect at the same time.
    let mut cfg = p.client.ep.config().clone();
    cfg.listen_ports = vec![util::CLIENT_PORT];
    let mut rng = util::Rng(77);
    p.client.ep = sctp::Endpoint::new(cfg, move |d: &mut [u8]| rng.fill(d)).unwrap();
    let client_addr = p.client.addr;
    let now = p.now;
    let c = p.connect();
    let s = p
        .server
        .ep
        .connect(
            now,
            client_addr,
            util::SERVER_PORT,
            util::CLIENT_PORT,
            carrier_config(),
        )
        .unwrap();
    assert!(p.run_until(Duration::from_secs(10), |p| {
        p.client
            .events
            .iter()
            .any(|(_, e)| matches!(e, Event::Connected { .. }))
            && p.server
                .events
                .iter()
                .any(|(_, e)| matches!(e, Event::Connected { .. }))
    }));
    p.run_for(Duration::from_secs(2));
    assert_eq!(p.client.ep.handles().count(), 1);
    assert_eq!(p.server.ep.handles().count(), 1);
    let ct = p.client.ep.association(c).unwrap().tags();
    let st = p.server.ep.association(s).unwrap().tags();
    assert_eq!(ct, (st.1, st.0));
    let connected = |ev: &[(sctp::AssociationHandle, Event)]| {
        ev.iter()
            .filter(|(_, e)| matches!(e, Event::Connected { .. }))
            .count()
    };
    assert_eq!(connected(&p.client.events), 1);
    assert_eq!(connected(&p.server.events), 1);
    p.client
        .ep
        .send(c, 0, Ppid::M3UA, Bytes::from_static(b"ok"), false)
        .unwrap();
    assert!(p.run_until(Duration::from_secs(2), |p| {
        !Pair::data_events(&p.server.events).is_empty()
    }));
}

// ---- Hand-made packets ----

fn packet(src: u16, dst: u16, tag: u32, chunks: Vec<Chunk>) -> Vec<u8> {
    Packet {
        header: CommonHeader {
            source_port: src,
            destination_port: dst,
            verification_tag: tag,
        },
        chunks,
    }
    .to_vec()
    .unwrap()
}

fn server_replies(p: &mut Pair) -> Vec<Packet> {
    let now = p.now;
    let mut out = Vec::new();
    while let Some(t) = p.server.ep.poll_transmit(now) {
        out.push(Packet::decode(Bytes::from(t.payload)).unwrap());
    }
    out
}

fn multihomed_init(tag: u32) -> Init {
    Init {
        initiate_tag: tag,
        a_rwnd: 100_000,
        outbound_streams: 8,
        inbound_streams: 8,
        initial_tsn: 1000,
        params: vec![
            InitParam::Ipv4Address("10.0.0.3".parse().unwrap()),
            InitParam::Ipv4Address("192.0.2.7".parse().unwrap()),
            InitParam::Ipv6Address("2001:db8::3".parse().unwrap()),
            InitParam::SupportedAddressTypes(vec![5, 6]),
            InitParam::ForwardTsnSupported,
            InitParam::EcnCapable,
            InitParam::Random(Bytes::from_static(&[1; 32])),
            InitParam::Unknown {
                param_type: ParamType(0xC006),
                value: Bytes::from_static(&[0, 0, 0, 1]),
            },
        ],
    }
}

#[test]
fn multihomed_init_is_accepted_and_addresses_recorded() {
    let mut p = Pair::default_pair(121);
    let peer: SocketAddr = "10.0.0.3:9899".parse().unwrap();
    p.inject_to_server(
        peer,
        packet(
            3000,
            util::SERVER_PORT,
            0,
            vec![Chunk::Init(multihomed_init(0xabcd))],
        ),
    );
    let replies = server_replies(&mut p);
    assert_eq!(replies.len(), 1);
    assert_eq!(replies[0].header.verification_tag, 0xabcd);
    assert_eq!(replies[0].header.destination_port, 3000);
    let Chunk::InitAck(ack) = &replies[0].chunks[0] else {
        panic!("{replies:?}")
    };
    // The 0xC006 parameter (upper bits 11) is reported; the known ones are not.
    let unrec: Vec<&InitParam> = ack
        .params
        .iter()
        .filter(|p| matches!(p, InitParam::UnrecognizedParameter(_)))
        .collect();
    assert_eq!(
        unrec,
        vec![&InitParam::UnrecognizedParameter(Bytes::from_static(&[
            0xc0, 0x06, 0, 8, 0, 0, 0, 1
        ]))]
    );
    let cookie = ack.state_cookie().unwrap().clone();
    // The endpoint kept no state for the INIT.
    assert_eq!(p.server.ep.handles().count(), 0);
    p.inject_to_server(
        peer,
        packet(
            3000,
            util::SERVER_PORT,
            ack.initiate_tag,
            vec![
                Chunk::CookieEcho { cookie },
                Chunk::Data(sctp::Data {
                    unordered: false,
                    beginning: true,
                    ending: true,
                    immediate: false,
                    tsn: 1000,
                    stream_id: 0,
                    ssn: 0,
                    ppid: Ppid::M3UA,
                    data: Bytes::from_static(b"hi"),
                }),
            ],
        ),
    );
    let replies = server_replies(&mut p);
    assert!(matches!(replies[0].chunks[0], Chunk::CookieAck));
    let h = p.server.ep.handles().next().unwrap();
    let a = p.server.ep.association(h).unwrap();
    // 10.0.0.3 (source, also listed), 192.0.2.7, 2001:db8::3.
    assert_eq!(a.peer_addresses().len(), 3);
    assert_eq!(a.remote(), peer);
    assert_eq!(a.streams(), (8, 8));
    // A packet from a secondary address of the peer reaches the same association.
    let secondary: SocketAddr = "192.0.2.7:9899".parse().unwrap();
    p.inject_to_server(
        secondary,
        packet(
            3000,
            util::SERVER_PORT,
            ack.initiate_tag,
            vec![Chunk::Data(sctp::Data {
                unordered: false,
                beginning: true,
                ending: true,
                immediate: true,
                tsn: 1001,
                stream_id: 0,
                ssn: 1,
                ppid: Ppid::M3UA,
                data: Bytes::from_static(b"again"),
            })],
        ),
    );
    while let Some(ev) = p.server.ep.poll_event() {
        p.server.events.push(ev);
    }
    let data = Pair::data_events(&p.server.events);
    assert_eq!(data.len(), 2);
    // Replies still go to the primary address.
    let now = p.now;
    let t = p.server.ep.poll_transmit(now).unwrap();
    assert_eq!(t.remote, peer);
    let sack = Packet::decode(Bytes::from(t.payload)).unwrap();
    assert!(matches!(&sack.chunks[0], Chunk::Sack(s) if s.cum_tsn_ack == 1001));
}

#[test]
fn bad_inits_are_answered_or_dropped() {
    let mut p = Pair::default_pair(122);
    let peer: SocketAddr = "10.0.0.3:9899".parse().unwrap();
    // Tag 0 in the INIT: silently discarded.
    p.inject_to_server(
        peer,
        packet(
            1,
            util::SERVER_PORT,
            0,
            vec![Chunk::Init(multihomed_init(0))],
        ),
    );
    assert!(server_replies(&mut p).is_empty());
    // A non-zero verification tag on an INIT packet: discarded.
    p.inject_to_server(
        peer,
        packet(
            1,
            util::SERVER_PORT,
            5,
            vec![Chunk::Init(multihomed_init(9))],
        ),
    );
    assert!(server_replies(&mut p).is_empty());
    // Zero streams: ABORT with Invalid Mandatory Parameter, tag = initiate tag.
    let mut init = multihomed_init(9);
    init.inbound_streams = 0;
    p.inject_to_server(
        peer,
        packet(1, util::SERVER_PORT, 0, vec![Chunk::Init(init)]),
    );
    let r = server_replies(&mut p);
    assert_eq!(r[0].header.verification_tag, 9);
    assert!(
        matches!(&r[0].chunks[0], Chunk::Abort { t_bit: false, causes } if causes[0].code == CauseCode::INVALID_MANDATORY_PARAMETER)
    );
    // Nobody listens on that port: ABORT.
    p.inject_to_server(
        peer,
        packet(1, 4444, 0, vec![Chunk::Init(multihomed_init(9))]),
    );
    let r = server_replies(&mut p);
    assert!(matches!(&r[0].chunks[0], Chunk::Abort { t_bit: false, .. }));
    // A forged cookie: silently discarded.
    p.inject_to_server(
        peer,
        packet(
            1,
            util::SERVER_PORT,
            7,
            vec![Chunk::CookieEcho {
                cookie: Bytes::from(vec![1; 100]),
            }],
        ),
    );
    assert!(server_replies(&mut p).is_empty());
    assert_eq!(p.server.ep.stats().invalid_cookies, 1);
}

#[test]
fn out_of_the_blue_packets() {
    let mut p = Pair::default_pair(131);
    let peer: SocketAddr = "10.0.0.9:9899".parse().unwrap();
    let data = Chunk::Data(sctp::Data {
        unordered: false,
        beginning: true,
        ending: true,
        immediate: false,
        tsn: 1,
        stream_id: 0,
        ssn: 0,
        ppid: Ppid::M3UA,
        data: Bytes::from_static(b"x"),
    });
    // DATA → ABORT with the T bit and the packet's tag (§8.4 rule 8).
    p.inject_to_server(
        peer,
        packet(7, util::SERVER_PORT, 0x1234, vec![data.clone()]),
    );
    let r = server_replies(&mut p);
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].header.verification_tag, 0x1234);
    assert_eq!(
        (r[0].header.source_port, r[0].header.destination_port),
        (util::SERVER_PORT, 7)
    );
    assert!(matches!(r[0].chunks[0], Chunk::Abort { t_bit: true, .. }));
    // SHUTDOWN ACK → SHUTDOWN COMPLETE with the T bit (rule 5).
    p.inject_to_server(
        peer,
        packet(7, util::SERVER_PORT, 0x55, vec![Chunk::ShutdownAck]),
    );
    let r = server_replies(&mut p);
    assert_eq!(r[0].header.verification_tag, 0x55);
    assert!(matches!(
        r[0].chunks[0],
        Chunk::ShutdownComplete { t_bit: true }
    ));
    // ABORT, SHUTDOWN COMPLETE, COOKIE ACK, ERROR, DATA+ABORT: no reply (rules 2, 6, 7).
    for chunks in [
        vec![Chunk::Abort {
            t_bit: false,
            causes: vec![],
        }],
        vec![Chunk::ShutdownComplete { t_bit: false }],
        vec![Chunk::CookieAck],
        vec![Chunk::Error {
            causes: vec![sctp::ErrorCause::stale_cookie(1)],
        }],
        vec![
            data.clone(),
            Chunk::Abort {
                t_bit: false,
                causes: vec![],
            },
        ],
    ] {
        p.inject_to_server(peer, packet(7, util::SERVER_PORT, 0x66, chunks));
        assert!(server_replies(&mut p).is_empty());
    }
    // A corrupted checksum: nothing at all.
    let mut bad = packet(7, util::SERVER_PORT, 0x77, vec![data]);
    bad[12] ^= 0xff;
    p.inject_to_server(peer, bad);
    assert!(server_replies(&mut p).is_empty());
    assert_eq!(p.server.ep.stats().malformed, 1);
}

#[test]
fn wrong_verification_tag_is_ignored() {
    let mut p = Pair::default_pair(132);
    let (_, s) = p.established();
    let (local_tag, peer_tag) = p.server.ep.association(s).unwrap().tags();
    let client: SocketAddr = util::CLIENT_ADDR.parse().unwrap();
    // ABORT with a wrong tag, and one with the peer's tag but no T bit: both ignored (§8.5.1 B).
    p.inject_to_server(
        client,
        packet(
            util::CLIENT_PORT,
            util::SERVER_PORT,
            local_tag ^ 1,
            vec![Chunk::Abort {
                t_bit: false,
                causes: vec![],
            }],
        ),
    );
    p.inject_to_server(
        client,
        packet(
            util::CLIENT_PORT,
            util::SERVER_PORT,
            peer_tag,
            vec![Chunk::Abort {
                t_bit: false,
                causes: vec![],
            }],
        ),
    );
    p.run_for(Duration::from_millis(100));
    assert_eq!(
        p.server.ep.association(s).unwrap().state(),
        &State::Established
    );
    // The peer's tag with the T bit: accepted.
    p.inject_to_server(
        client,
        packet(
            util::CLIENT_PORT,
            util::SERVER_PORT,
            peer_tag,
            vec![Chunk::Abort {
                t_bit: true,
                causes: vec![],
            }],
        ),
    );
    p.run_for(Duration::from_millis(10));
    assert!(matches!(
        Pair::closed(&p.server.events),
        Some(CloseReason::PeerAbort { .. })
    ));
}

#[test]
fn unrecognized_chunks_follow_the_upper_bits() {
    let mut p = Pair::default_pair(133);
    let (_, s) = p.established();
    let (local_tag, _) = p.server.ep.association(s).unwrap().tags();
    let client: SocketAddr = util::CLIENT_ADDR.parse().unwrap();
    let data = |tsn_off: u32, ssn: u16| {
        Chunk::Data(sctp::Data {
            unordered: true,
            beginning: true,
            ending: true,
            immediate: true,
            tsn: tsn_off,
            stream_id: 0,
            ssn,
            ppid: Ppid::M3UA,
            data: Bytes::from_static(b"d"),
        })
    };
    // The injected DATA pretends to come from the client, which never sent it: keep the
    // server's SACKs away from the real client (it would rightly abort).
    p.filter = Some(Box::new(|dir, _, _| dir == Dir::ServerToClient));
    // Find the client's next TSN from the log (the client sent nothing yet: its initial TSN).
    let init = p
        .log
        .iter()
        .find_map(|(_, pk)| match &pk.chunks[0] {
            Chunk::Init(i) => Some(i.initial_tsn),
            _ => None,
        })
        .unwrap();
    // 0xC1 (skip and report), then DATA: DATA processed, ERROR Unrecognized Chunk Type sent.
    let unknown = |t: u8| Chunk::Unknown {
        chunk_type: sctp::ChunkType(t),
        flags: 0,
        value: Bytes::from_static(&[1, 2]),
    };
    p.inject_to_server(
        client,
        packet(
            util::CLIENT_PORT,
            util::SERVER_PORT,
            local_tag,
            vec![unknown(0xC1), data(init, 0)],
        ),
    );
    p.run_for(Duration::from_millis(100));
    assert_eq!(Pair::data_events(&p.server.events).len(), 1);
    let reported = p.log.iter().filter(|(d, _)| *d == Dir::ServerToClient).flat_map(|(_, pk)| pk.chunks.iter()).any(|c| matches!(c, Chunk::Error { causes } if causes[0].code == CauseCode::UNRECOGNIZED_CHUNK_TYPE && causes[0].info[..] == [0xC1, 0, 0, 6, 1, 2]));
    assert!(reported);
    // 0x3F (stop, no report), then DATA: the DATA is not processed.
    p.inject_to_server(
        client,
        packet(
            util::CLIENT_PORT,
            util::SERVER_PORT,
            local_tag,
            vec![unknown(0x3F), data(init.wrapping_add(1), 0)],
        ),
    );
    p.run_for(Duration::from_millis(100));
    assert_eq!(Pair::data_events(&p.server.events).len(), 1);
    // 0x80 (skip silently), then DATA: processed.
    p.inject_to_server(
        client,
        packet(
            util::CLIENT_PORT,
            util::SERVER_PORT,
            local_tag,
            vec![unknown(0x80), data(init.wrapping_add(1), 0)],
        ),
    );
    p.run_for(Duration::from_millis(100));
    assert_eq!(Pair::data_events(&p.server.events).len(), 2);
}

#[test]
fn invalid_stream_is_reported() {
    let mut p = Pair::default_pair(134);
    let (_, s) = p.established();
    let (local_tag, _) = p.server.ep.association(s).unwrap().tags();
    let client: SocketAddr = util::CLIENT_ADDR.parse().unwrap();
    let init = p
        .log
        .iter()
        .find_map(|(_, pk)| match &pk.chunks[0] {
            Chunk::Init(i) => Some(i.initial_tsn),
            _ => None,
        })
        .unwrap();
    p.inject_to_server(
        client,
        packet(
            util::CLIENT_PORT,
            util::SERVER_PORT,
            local_tag,
            vec![Chunk::Data(sctp::Data {
                unordered: false,
                beginning: true,
                ending: true,
                immediate: false,
                tsn: init,
                stream_id: 200,
                ssn: 0,
                ppid: Ppid::M3UA,
                data: Bytes::from_static(b"d"),
            })],
        ),
    );
    p.run_for(Duration::from_millis(500));
    let err = p
        .log
        .iter()
        .filter(|(d, _)| *d == Dir::ServerToClient)
        .flat_map(|(_, pk)| pk.chunks.iter())
        .find_map(|c| match c {
            Chunk::Error { causes } => Some(causes[0].clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(err.stream(), Some(200));
    assert!(
        p.client
            .events
            .iter()
            .any(|(_, e)| matches!(e, Event::PeerError { .. }))
    );
    // The TSN was still acknowledged.
    assert!(
        p.log
            .iter()
            .filter(|(d, _)| *d == Dir::ServerToClient)
            .flat_map(|(_, pk)| pk.chunks.iter())
            .any(|c| matches!(c, Chunk::Sack(s) if s.cum_tsn_ack == init))
    );
}

#[test]
fn init_ack_from_an_unannounced_peer_address_is_accepted() {
    // A multi-homed server answers the INIT from another of its addresses.
    let mut p = Pair::default_pair(141);
    let c = p.connect();
    let now = p.now;
    let init = p.client.ep.poll_transmit(now).unwrap();
    p.server
        .ep
        .handle(now, p.client.addr, Bytes::from(init.payload));
    let ack = p.server.ep.poll_transmit(now).unwrap();
    let other: SocketAddr = "10.0.0.22:9899".parse().unwrap();
    p.client.ep.handle(now, other, Bytes::from(ack.payload));
    let echo =
        Packet::decode(Bytes::from(p.client.ep.poll_transmit(now).unwrap().payload)).unwrap();
    assert!(matches!(echo.chunks[0], Chunk::CookieEcho { .. }));
    assert_eq!(
        p.client
            .ep
            .association(c)
            .map(|a| a.state().clone())
            .unwrap(),
        State::CookieEchoed {
            cookie: match &echo.chunks[0] {
                Chunk::CookieEcho { cookie } => cookie.clone(),
                _ => unreachable!(),
            },
            retransmits: 0,
        }
    );
}

#[test]
fn connect_to_a_port_nobody_listens_on_is_aborted() {
    let mut p = Pair::default_pair(142);
    let server = p.server.addr;
    let now = p.now;
    p.client
        .ep
        .connect(now, server, util::CLIENT_PORT, 4444, carrier_config())
        .unwrap();
    assert!(p.run_until(Duration::from_secs(2), |p| {
        Pair::closed(&p.client.events).is_some()
    }));
    assert_eq!(
        Pair::closed(&p.client.events),
        Some(CloseReason::PeerAbort { causes: vec![] })
    );
    // The ABORT carried the client's own tag (the INIT's Initiate Tag) without the T bit.
    let (d, abort) = p
        .log
        .iter()
        .find(|(_, pk)| matches!(pk.chunks[0], Chunk::Abort { .. }))
        .unwrap();
    assert_eq!(*d, Dir::ServerToClient);
    assert!(matches!(abort.chunks[0], Chunk::Abort { t_bit: false, .. }));
    let init_tag = p
        .log
        .iter()
        .find_map(|(_, pk)| match &pk.chunks[0] {
            Chunk::Init(i) => Some(i.initiate_tag),
            _ => None,
        })
        .unwrap();
    assert_eq!(abort.header.verification_tag, init_tag);
}

#[test]
fn shutdown_guard_aborts_when_the_peer_never_answers() {
    let mut p = Pair::default_pair(143);
    let (c, _) = p.established();
    p.loss = 1.0;
    let now = p.now;
    p.client.ep.shutdown(now, c);
    assert!(p.run_until(Duration::from_secs(30), |p| {
        Pair::closed(&p.client.events).is_some()
    }));
    // T5 = 5 × RTO.Max = 5 s, before T2 exhausts Association.Max.Retrans.
    assert_eq!(
        Pair::closed(&p.client.events),
        Some(CloseReason::ShutdownGuardExpired)
    );
    let shutdowns = p.count_chunks(Dir::ClientToServer, |c| matches!(c, Chunk::Shutdown { .. }));
    assert!((5..=10).contains(&shutdowns), "{shutdowns}");
    assert_eq!(
        p.count_chunks(Dir::ClientToServer, |c| matches!(c, Chunk::Abort { .. })),
        1
    );
}

#[test]
fn receive_window_limits_the_sender_until_the_user_reads() {
    let small = AssociationConfig {
        receive_window: 8 * 1024,
        max_message_size: 4096,
        ..carrier_config()
    };
    let mut p = Pair::new(144, carrier_config(), small);
    let (c, s) = p.established();
    // The server's user does not read its events for a while.
    for i in 0..40 {
        p.client
            .ep
            .send(c, 0, Ppid::M3UA, msg(0, i, 1000), false)
            .unwrap();
    }
    // Drive packets without draining the server's events.
    for _ in 0..200 {
        let now = p.now;
        while let Some(t) = p.client.ep.poll_transmit(now) {
            p.server
                .ep
                .handle(now, p.client.addr, Bytes::from(t.payload));
        }
        while let Some(t) = p.server.ep.poll_transmit(now) {
            p.client
                .ep
                .handle(now, p.server.addr, Bytes::from(t.payload));
        }
        p.now += Duration::from_millis(20);
        let now = p.now;
        p.client.ep.handle_timeout(now);
        p.server.ep.handle_timeout(now);
    }
    let a = p.client.ep.association(c).unwrap();
    // At most the window (8 KiB) went through; the rest waits.
    let delivered_bytes = p.server.ep.association(s).unwrap().stats().bytes_in;
    assert!(delivered_bytes <= 8 * 1024, "{delivered_bytes}");
    assert!(a.buffered_amount() >= 30 * 1000, "{}", a.buffered_amount());
    // 4 s of zero window did not kill the association (probes answered with rwnd 0).
    assert_eq!(a.state(), &State::Established);
    // Now the user reads: the window opens and everything arrives.
    assert!(p.run_until(
        Duration::from_secs(30),
        |p| Pair::data_events(&p.server.events).len() == 40
    ));
    let got: Vec<Bytes> = Pair::data_events(&p.server.events)
        .into_iter()
        .map(|d| d.3)
        .collect();
    assert_eq!(got, (0..40).map(|i| msg(0, i, 1000)).collect::<Vec<_>>());
}

#[test]
fn delayed_sack_waits_for_a_second_packet_or_the_timer() {
    // RTO.Min 1 s (the RFC default): with a carrier's 100 ms RTO.Min the sender's T3 would fire
    // before a peer's 200 ms delayed SACK (see the crate docs).
    let mut p = Pair::new(
        145,
        AssociationConfig::default(),
        AssociationConfig::default(),
    );
    let c = p.connect_with(AssociationConfig::default());
    assert!(p.run_until(Duration::from_secs(5), |p| !p.server.events.is_empty()));
    p.run_for(Duration::from_millis(300));
    let start_log = p.log.len();
    let t0 = p.now;
    p.client
        .ep
        .send(c, 0, Ppid::M3UA, Bytes::from_static(b"one"), false)
        .unwrap();
    p.run_until(Duration::from_secs(1), |p| {
        p.log[start_log..]
            .iter()
            .any(|(d, pk)| *d == Dir::ServerToClient && matches!(pk.chunks[0], Chunk::Sack(_)))
    });
    // One packet: the SACK waits for the 200 ms timer (plus 10 ms each way).
    let waited = p.now - t0;
    assert!(
        waited >= Duration::from_millis(210) && waited <= Duration::from_millis(230),
        "{waited:?}"
    );
    // Two packets back to back: SACK at once.
    let start_log = p.log.len();
    let t0 = p.now;
    p.client
        .ep
        .send(c, 0, Ppid::M3UA, Bytes::from(vec![1; 1100]), false)
        .unwrap();
    p.client
        .ep
        .send(c, 0, Ppid::M3UA, Bytes::from(vec![2; 1100]), false)
        .unwrap();
    p.run_until(Duration::from_secs(1), |p| {
        p.log[start_log..]
            .iter()
            .any(|(d, pk)| *d == Dir::ServerToClient && matches!(pk.chunks[0], Chunk::Sack(_)))
    });
    assert_eq!(p.now - t0, Duration::from_millis(10));
}

#[test]
fn congestion_window_slow_start_and_timeout() {
    let mut p = Pair::default_pair(146);
    let (c, _) = p.established();
    let initial = p.client.ep.association(c).unwrap().stats().cwnd;
    assert_eq!(initial, 4380, "min(4*MTU, max(2*MTU, 4380)) for MTU 1200");
    for i in 0..200 {
        p.client
            .ep
            .send(c, 0, Ppid::M3UA, msg(0, i, 1000), false)
            .unwrap();
    }
    assert!(p.run_until(
        Duration::from_secs(30),
        |p| Pair::data_events(&p.server.events).len() == 200
    ));
    let grown = p.client.ep.association(c).unwrap().stats().cwnd;
    assert!(grown > initial * 4, "{grown}");
    // A lost tail forces T3: cwnd falls to one MTU.
    p.loss = 1.0;
    p.client
        .ep
        .send(c, 0, Ppid::M3UA, msg(0, 999, 10), false)
        .unwrap();
    p.run_until(Duration::from_secs(2), |p| {
        p.client
            .ep
            .association(p.client.ep.handles().next().unwrap())
            .unwrap()
            .stats()
            .t3_expiries
            == 1
    });
    let s = p.client.ep.association(c).unwrap().stats();
    assert_eq!(s.t3_expiries, 1);
    assert_eq!(s.cwnd, 1200);
    assert!(s.rto >= Duration::from_millis(200));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

    /// Any seed, loss, duplication and reordering: every message arrives exactly once, in order
    /// per stream, both ways, and the association then shuts down cleanly.
    #[test]
    fn random_network_delivers_exactly_once_in_order(
        seed in 1u64..u64::MAX,
        loss in 0.0f64..0.15,
        duplicate in 0.0f64..0.2,
        reorder in 0.0f64..0.3,
        sizes in proptest::collection::vec(1usize..4000, 1..40),
    ) {
        let mut p = Pair::default_pair(seed);
        let (c, s) = p.established();
        p.loss = loss;
        p.duplicate = duplicate;
        p.reorder = reorder;
        for (i, &n) in sizes.iter().enumerate() {
            let st = (i % 3) as u16;
            p.client.ep.send(c, st, Ppid::M3UA, msg(st, i, n), i % 5 == 4).unwrap();
            p.server.ep.send(s, st, Ppid::M3UA, msg(st, i, n), false).unwrap();
        }
        let total = sizes.len();
        let delivered = p.run_until(Duration::from_secs(300), |p| {
            Pair::data_events(&p.server.events).len() == total
                && Pair::data_events(&p.client.events).len() == total
        });
        proptest::prop_assert!(delivered);
        for (events, allow_unordered) in [(&p.server.events, true), (&p.client.events, false)] {
            let got = Pair::data_events(events);
            for st in 0..3u16 {
                let ordered: Vec<Bytes> = got.iter().filter(|g| g.0 == st && !g.2).map(|g| g.3.clone()).collect();
                let want: Vec<Bytes> = sizes.iter().enumerate()
                    .filter(|(i, _)| (i % 3) as u16 == st && !(allow_unordered && i % 5 == 4))
                    .map(|(i, &n)| msg(st, i, n)).collect();
                proptest::prop_assert_eq!(ordered, want);
            }
            let mut unordered: Vec<Bytes> = got.iter().filter(|g| g.2).map(|g| g.3.clone()).collect();
            let mut want_u: Vec<Bytes> = if allow_unordered {
                sizes.iter().enumerate().filter(|(i, _)| i % 5 == 4).map(|(i, &n)| msg((i % 3) as u16, i, n)).collect()
            } else { Vec::new() };
            unordered.sort();
            want_u.sort();
            proptest::prop_assert_eq!(unordered, want_u);
        }
        p.loss = 0.0;
        let now = p.now;
        p.client.ep.shutdown(now, c);
        let closed = p.run_until(Duration::from_secs(60), |p| {
            Pair::closed(&p.client.events).is_some() && Pair::closed(&p.server.events).is_some()
        });
        proptest::prop_assert!(closed);
        proptest::prop_assert_eq!(Pair::closed(&p.client.events), Some(CloseReason::Shutdown));
    }
}
