//! Random input sequences never panic the association machine, every message it sends encodes
//! and decodes back unchanged, its reported state stays consistent, and a pair that went through
//! random losses, restarts and commands still comes up once the network behaves.

#[path = "asp_support/mod.rs"]
mod support;

use std::time::Duration;

use bytes::Bytes;
use m3ua::asp::{AspState, Config, Event, IpspExchange, RegistrationPolicy, Role, Transmit};
use m3ua::{
    AspAc, AspDn, AspIa, AspUp, Beat, CongestionLevel, Data, DeregReq, DeregRsp,
    DeregistrationResult, DeregistrationStatus, Dupu, ErrorCode, ErrorMessage, MaskedPointCode,
    Message, MessageClass, MessageKind, Notify, ProtocolData, RegReq, RegRsp, RegistrationResult,
    RegistrationStatus, RoutingKey, Scon, Ssnm, Status, TrafficModeType,
};
use proptest::prelude::*;
use support::{Pair, Solo};

const STATUSES: [Status; 6] = [
    Status::AS_INACTIVE,
    Status::AS_ACTIVE,
    Status::AS_PENDING,
    Status::INSUFFICIENT_ASP_RESOURCES,
    Status::ALTERNATE_ASP_ACTIVE,
    Status::ASP_FAILURE,
];

fn role() -> impl Strategy<Value = Role> {
    prop_oneof![
        Just(Role::Asp),
        Just(Role::Sgp),
        Just(Role::Ipsp(IpspExchange::SingleInitiator)),
        Just(Role::Ipsp(IpspExchange::SingleResponder)),
        Just(Role::Ipsp(IpspExchange::Double)),
    ]
}

fn rcs() -> impl Strategy<Value = Vec<u32>> {
    prop::collection::vec(prop::sample::select(vec![2u32, 3, 9, 100]), 0..3)
}

fn tmt() -> impl Strategy<Value = Option<TrafficModeType>> {
    prop::option::of((1u32..=3).prop_map(TrafficModeType))
}

fn apcs() -> impl Strategy<Value = Vec<MaskedPointCode>> {
    prop::collection::vec(
        (0u8..30, 0u32..0x100_0000).prop_map(|(mask, point_code)| MaskedPointCode {
            mask: if mask > 24 { 0 } else { mask / 4 },
            point_code: point_code % 16,
        }),
        1..4,
    )
}

/// Any message, with parameters drawn from small sets so that states and checks get hit.
fn message() -> impl Strategy<Value = Message> {
    let key = (
        0u32..3,
        0u32..5,
        prop::option::of(prop::sample::select(vec![2u32, 100])),
    )
        .prop_map(|(lrk, dpc, routing_context)| RoutingKey {
            local_rk_identifier: lrk,
            routing_context,
            destination_point_codes: vec![MaskedPointCode::exact(dpc)],
            ..RoutingKey::default()
        });
    prop_oneof![
        (0u32..0x1c, rcs()).prop_map(|(code, routing_context)| Message::Err(ErrorMessage {
            error_code: ErrorCode(code),
            routing_context,
            ..ErrorMessage::default()
        })),
        (prop::sample::select(STATUSES.to_vec()), rcs()).prop_map(|(status, routing_context)| {
            Message::Ntfy(Notify {
                status,
                routing_context,
                ..Notify::default()
            })
        }),
        (
            prop::option::of(prop::sample::select(vec![2u32, 9])),
            any::<u8>(),
            0u32..6
        )
            .prop_map(|(routing_context, sls, dpc)| Message::Data(Data {
                routing_context,
                protocol_data: ProtocolData {
                    opc: 1,
                    dpc,
                    si: 3,
                    sls,
                    user_data: Bytes::from_static(b"x"),
                    ..ProtocolData::default()
                },
                ..Data::default()
            })),
        (0usize..4, rcs(), apcs()).prop_map(|(which, routing_context, affected_point_codes)| {
            let s = Ssnm {
                routing_context,
                affected_point_codes,
                ..Ssnm::default()
            };
            match which {
                0 => Message::Duna(s),
                1 => Message::Dava(s),
                2 => Message::Daud(s),
                _ => Message::Drst(s),
            }
        }),
        (apcs(), 0u8..4).prop_map(|(affected_point_codes, level)| Message::Scon(Scon {
            affected_point_codes,
            congestion_level: Some(CongestionLevel(level)),
            ..Scon::default()
        })),
        (0u32..8).prop_map(|pc| Message::Dupu(Dupu {
            affected_point_code: MaskedPointCode::exact(pc),
            ..Dupu::default()
        })),
        prop::option::of(0u32..3).prop_map(|asp_identifier| Message::AspUp(AspUp {
            asp_identifier,
            ..AspUp::default()
        })),
        Just(Message::AspUpAck(AspUp::default())),
        Just(Message::AspDn(AspDn::default())),
        Just(Message::AspDnAck(AspDn::default())),
        prop::option::of(prop::collection::vec(any::<u8>(), 0..10)).prop_map(|d| Message::Beat(
            Beat {
                heartbeat_data: d.map(Bytes::from),
                ..Beat::default()
            }
        )),
        prop::option::of(prop::collection::vec(any::<u8>(), 8..=8)).prop_map(|d| {
            Message::BeatAck(Beat {
                heartbeat_data: d.map(Bytes::from),
                ..Beat::default()
            })
        }),
        (tmt(), rcs()).prop_map(
            |(traffic_mode_type, routing_context)| Message::AspAc(AspAc {
                traffic_mode_type,
                routing_context,
                ..AspAc::default()
            })
        ),
        (tmt(), rcs()).prop_map(
            |(traffic_mode_type, routing_context)| Message::AspAcAck(AspAc {
                traffic_mode_type,
                routing_context,
                ..AspAc::default()
            })
        ),
        rcs().prop_map(|routing_context| Message::AspIa(AspIa {
            routing_context,
            ..AspIa::default()
        })),
        Just(Message::AspIaAck(AspIa::default())),
        prop::collection::vec(key, 1..3).prop_map(|routing_keys| Message::RegReq(RegReq {
            routing_keys,
            ..RegReq::default()
        })),
        (0u32..3, 0u32..13, 0u32..200).prop_map(|(lrk, status, rc)| Message::RegRsp(RegRsp {
            registration_results: vec![RegistrationResult {
                local_rk_identifier: lrk,
                registration_status: RegistrationStatus(status),
                routing_context: rc,
                ..RegistrationResult::default()
            }],
            ..RegRsp::default()
        })),
        rcs()
            .prop_filter("non-empty", |r| !r.is_empty())
            .prop_map(|routing_context| {
                Message::DeregReq(DeregReq {
                    routing_context,
                    ..DeregReq::default()
                })
            }),
        (prop::sample::select(vec![100u32, 2]), 0u32..6).prop_map(|(rc, status)| {
            Message::DeregRsp(DeregRsp {
                deregistration_results: vec![DeregistrationResult {
                    routing_context: rc,
                    deregistration_status: DeregistrationStatus(status),
                    ..DeregistrationResult::default()
                }],
                ..DeregRsp::default()
            })
        }),
    ]
}

#[derive(Debug, Clone)]
enum Op {
    Up,
    Down,
    Advance(u64),
    Feed(u16, Message),
    /// A message's encoding with one octet changed and maybe truncated.
    Garble(Message, usize, u8, usize),
    Activate,
    Deactivate,
    Shutdown,
    Deregister,
    SendData(u8, u32),
    SendDuna(u32),
    Notify(usize),
    Alternate,
    Block(bool),
    Streams(u16),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        1 => Just(Op::Up),
        1 => Just(Op::Down),
        3 => (0u64..4000).prop_map(Op::Advance),
        10 => (0u16..3, message()).prop_map(|(s, m)| Op::Feed(s, m)),
        2 => (message(), any::<usize>(), any::<u8>(), any::<usize>())
            .prop_map(|(m, i, b, t)| Op::Garble(m, i, b, t)),
        1 => Just(Op::Activate),
        1 => Just(Op::Deactivate),
        1 => Just(Op::Shutdown),
        1 => Just(Op::Deregister),
        2 => (any::<u8>(), 0u32..6).prop_map(|(sls, dpc)| Op::SendData(sls, dpc)),
        1 => (0u32..6).prop_map(Op::SendDuna),
        1 => (0usize..6).prop_map(Op::Notify),
        1 => Just(Op::Alternate),
        1 => any::<bool>().prop_map(Op::Block),
        1 => (0u16..4).prop_map(Op::Streams),
    ]
}

fn config() -> impl Strategy<Value = Config> {
    (
        role(),
        rcs(),
        tmt(),
        prop::option::of(0u32..3),
        any::<[bool; 8]>(),
        prop::option::of(1u32..4),
    )
        .prop_map(
            |(role, routing_contexts, traffic_mode, asp_id, flags, max)| {
                let mut c = Config::new(role);
                let mut rcs = routing_contexts;
                rcs.dedup();
                rcs.sort_unstable();
                rcs.dedup();
                c.routing_contexts = rcs;
                c.traffic_mode = traffic_mode;
                c.asp_identifier = asp_id;
                c.quirks.aspac_without_ntfy = flags[0];
                c.quirks.accept_daud_in_asp = flags[1];
                c.quirks.accept_ssnm_inactive = flags[2];
                c.quirks.accept_data_on_stream_0 = flags[3];
                c.strict_streams = flags[4];
                if flags[5] {
                    c.timers.beat = Some(Duration::from_secs(1));
                }
                if flags[6] {
                    c.routing_keys = vec![RoutingKey {
                        local_rk_identifier: 1,
                        destination_point_codes: vec![MaskedPointCode::exact(2)],
                        ..RoutingKey::default()
                    }];
                    c.server.registration = RegistrationPolicy::Accept {
                        first_routing_context: 100,
                        allowed_dpcs: Vec::new(),
                        max_registrations: 2,
                    };
                }
                c.quirks.as_active_on_aspac_ack = flags[7];
                c.timers.max_ack_attempts = max;
                c
            },
        )
}

/// Checks one batch of output; returns whether an ERR was sent.
fn check_transmits(transmits: &[Transmit], streams: u16) -> bool {
    let mut err = false;
    for t in transmits {
        // Everything we send encodes and decodes back to itself.
        let wire = t
            .message
            .to_bytes()
            .expect("we only send encodable messages");
        assert_eq!(Message::from_bytes(wire).as_ref(), Ok(&t.message));
        if t.message.class() == MessageClass::TRANSFER && streams > 1 {
            assert_ne!(t.stream, 0, "DATA on stream 0");
            assert!(t.stream < streams);
        } else {
            assert_eq!(t.stream, 0, "{} not on stream 0", t.message);
        }
        err |= t.message.kind() == MessageKind::ERR;
    }
    err
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_inputs_keep_the_machine_consistent(
        config in config(),
        ops in prop::collection::vec(op(), 1..60),
    ) {
        let role = config.role;
        let mut s = Solo::new(config);
        let mut streams = s.assoc.config().outbound_streams;
        let mut reported = AspState::Down;
        let mut up = false;
        for op in ops {
            let mut input_is_err = false;
            let now = s.now;
            match op {
                Op::Up => { s.assoc.handle_transport_up(now); up = true; }
                Op::Down => { s.assoc.handle_transport_down(now); up = false; }
                Op::Advance(ms) => { s.advance(Duration::from_millis(ms)); }
                Op::Feed(stream, m) => {
                    input_is_err = m.kind() == MessageKind::ERR;
                    if stream == 2 {
                        s.assoc.handle_message(now, stream, m);
                    } else {
                        s.assoc.handle_bytes(now, stream, m.to_bytes().unwrap());
                    }
                }
                Op::Garble(m, i, b, t) => {
                    let mut wire = m.to_bytes().unwrap().to_vec();
                    let i = i % wire.len();
                    wire[i] = b;
                    wire.truncate(t % (wire.len() + 1));
                    input_is_err = wire.get(2..4) == Some(&[0, 0][..]);
                    s.assoc.handle_bytes(now, 0, Bytes::from(wire));
                }
                Op::Activate => { let _ = s.assoc.activate(now); }
                Op::Deactivate => { let _ = s.assoc.deactivate(now); }
                Op::Shutdown => { let _ = s.assoc.shutdown(now); }
                Op::Deregister => { let _ = s.assoc.deregister(now); }
                Op::SendData(sls, dpc) => {
                    let d = Data {
                        protocol_data: ProtocolData { opc: 1, dpc, sls, ..ProtocolData::default() },
                        ..Data::default()
                    };
                    let sent = s.assoc.send_data(d).is_ok();
                    prop_assert!(!sent || s.assoc.state() == AspState::Active);
                }
                Op::SendDuna(pc) => {
                    let _ = s.assoc.send_ssnm(Message::Duna(Ssnm {
                        affected_point_codes: vec![MaskedPointCode::exact(pc)],
                        ..Ssnm::default()
                    }));
                }
                Op::Notify(i) => { let _ = s.assoc.notify(STATUSES[i]); }
                Op::Alternate => { let _ = s.assoc.notify_alternate_asp_active(Some(1)); }
                Op::Block(b) => s.assoc.set_blocked(b),
                Op::Streams(n) => { s.assoc.set_outbound_streams(n); streams = n.max(1); }
            }
            let transmits = s.transmits();
            let sent_err = check_transmits(&transmits, streams);
            // RFC 4666 §3.8.1: an ERR is never answered with an ERR.
            prop_assert!(!(input_is_err && sent_err));
            if !up {
                prop_assert!(transmits.is_empty());
            }
            for e in s.events() {
                if let Event::StateChanged { from, to } = e {
                    prop_assert_eq!(from, reported);
                    prop_assert_ne!(from, to);
                    reported = to;
                }
            }
            let state = s.assoc.state();
            prop_assert_eq!(state, reported);
            prop_assert_eq!(s.assoc.stats().state, state);
            if !s.assoc.is_transport_up() {
                prop_assert_eq!(state, AspState::Down);
            }
            if !role.responds() {
                prop_assert_eq!(s.assoc.peer_state(), AspState::Down);
            }
            if !role.initiates() {
                prop_assert_eq!(s.assoc.local_state(), AspState::Down);
            }
            if let Some(t) = s.assoc.poll_timeout() {
                // Deadlines are never more than the longest timer away.
                prop_assert!(t <= s.now + Duration::from_secs(3));
            }
        }
    }

    #[test]
    fn pair_recovers_from_chaos(
        pairing in 0usize..3,
        ops in prop::collection::vec((0u8..6, 0u64..3000, any::<u8>()), 1..40),
    ) {
        let (a, b) = match pairing {
            0 => (Config::new(Role::Asp), Config::new(Role::Sgp)),
            1 => (
                Config::new(Role::Ipsp(IpspExchange::SingleInitiator)),
                Config::new(Role::Ipsp(IpspExchange::SingleResponder)),
            ),
            _ => (
                Config::new(Role::Ipsp(IpspExchange::Double)),
                Config::new(Role::Ipsp(IpspExchange::Double)),
            ),
        };
        let mut a = a;
        let mut b = b;
        a.routing_contexts = vec![2];
        b.routing_contexts = vec![2];
        a.timers.beat = Some(Duration::from_secs(1));
        a.timers.max_ack_attempts = Some(4);
        let mut p = Pair::new(a, b);
        p.connect();
        for (what, ms, loss) in ops {
            // Drop each message with probability loss/256.
            let mut n = u32::from(loss);
            p.filter = Some(Box::new(move |_, _| {
                n = n.wrapping_mul(1_103_515_245).wrapping_add(12_345) % 256;
                n >= u32::from(loss)
            }));
            let now = p.now;
            match what {
                0 => p.advance(Duration::from_millis(ms)),
                1 => p.disconnect(),
                2 => p.connect(),
                3 => { let _ = p.a.deactivate(now); p.drive(); }
                4 => { let _ = p.a.activate(now); p.drive(); }
                _ => { let _ = p.a.shutdown(now); p.drive(); }
            }
        }
        // The network heals; the driver reconnects and asks for service.
        p.filter = None;
        p.disconnect();
        p.connect();
        let now = p.now;
        p.a.activate(now).unwrap();
        p.drive();
        p.advance(Duration::from_secs(10));
        prop_assert_eq!(p.a.state(), AspState::Active, "{:#?}", p.transcript());
        prop_assert_eq!(p.b.state(), AspState::Active);
    }
}
