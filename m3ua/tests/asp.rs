//! The association layer (RFC 4666 §4) on a virtual clock: every arrow of the ASP state diagram
//! in both roles, IPSP exchanges, T(ack), BEAT, NTFY, ERR, SSNM, RKM, routing and back-off.

#[path = "asp_support/mod.rs"]
mod support;

use std::time::Duration;

use bytes::Bytes;
use m3ua::asp::{
    AsGroup, AsState, AspState, Association, Backoff, BackoffConfig, CommandError, Config,
    DestinationUpdate, Event, IpspExchange, RegistrationPolicy, RestartReason, Role, Route,
    SendError,
};
use m3ua::{
    AspAc, AspDn, AspIa, AspUp, Beat, CongestionLevel, Data, DeregReq, DeregRsp,
    DeregistrationResult, DeregistrationStatus, Dupu, ErrorCode, ErrorMessage, MaskedPointCode,
    Message, MessageClass, MessageKind, Mtp3UserIdentity, Notify, ProtocolData, RegReq, RegRsp,
    RegistrationResult, RegistrationStatus, RoutingKey, Scon, ServiceIndicator, Ssnm, Status,
    TrafficModeType, UnavailabilityCause, UserCause,
};
use support::{Pair, Solo, kinds, names};

const SEC: Duration = Duration::from_secs(1);

fn asp_config() -> Config {
    let mut c = Config::new(Role::Asp);
    c.routing_contexts = vec![2];
    c.traffic_mode = Some(TrafficModeType::OVERRIDE);
    c.asp_identifier = Some(7);
    c
}

fn sgp_config() -> Config {
    let mut c = Config::new(Role::Sgp);
    c.routing_contexts = vec![2];
    c.traffic_mode = Some(TrafficModeType::OVERRIDE);
    c
}

fn active_pair() -> Pair {
    let mut p = Pair::new(asp_config(), sgp_config());
    p.connect();
    assert_eq!(p.a.state(), AspState::Active, "{:#?}", p.transcript());
    assert_eq!(p.b.state(), AspState::Active);
    p.clear_log();
    p
}

fn changes(events: &[Event]) -> Vec<(AspState, AspState)> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::StateChanged { from, to } => Some((*from, *to)),
            _ => None,
        })
        .collect()
}

fn as_states(events: &[Event]) -> Vec<AsState> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::AsStateChanged { state, .. } => Some(*state),
            _ => None,
        })
        .collect()
}

fn error_codes(messages: &[Message]) -> Vec<ErrorCode> {
    messages
        .iter()
        .filter_map(|m| match m {
            Message::Err(e) => Some(e.error_code),
            _ => None,
        })
        .collect()
}

fn data(opc: u32, dpc: u32, sls: u8) -> Data {
    Data {
        protocol_data: ProtocolData {
            opc,
            dpc,
            si: 3,
            ni: 2,
            mp: 0,
            sls,
            user_data: Bytes::from_static(b"\x09\x81\x03"),
        },
        ..Data::default()
    }
}

fn ssnm(pcs: &[u32]) -> Ssnm {
    Ssnm {
        affected_point_codes: pcs.iter().map(|pc| MaskedPointCode::exact(*pc)).collect(),
        ..Ssnm::default()
    }
}

fn ntfy(status: Status) -> Message {
    Message::Ntfy(Notify {
        status,
        ..Notify::default()
    })
}

/// An ASP fed by hand: transport up (ASPUP sent).
fn solo_asp(config: Config) -> Solo {
    let mut s = Solo::new(config);
    assert_eq!(names(&s.up()), ["ASPUP aspid=7"]);
    s
}

/// An ASP fed by hand, ASP-INACTIVE with ASPAC outstanding (aspac_without_ntfy).
fn solo_asp_inactive() -> Solo {
    let mut c = asp_config();
    c.quirks.aspac_without_ntfy = true;
    let mut s = solo_asp(c);
    assert_eq!(
        names(&s.feed(Message::AspUpAck(AspUp::default()))),
        ["ASPAC tmt=Override rc=2"]
    );
    assert_eq!(s.assoc.state(), AspState::Inactive);
    s
}

fn solo_asp_active() -> Solo {
    let mut s = solo_asp_inactive();
    assert!(s.feed(Message::AspAcAck(AspAc::default())).is_empty());
    assert_eq!(s.assoc.state(), AspState::Active);
    s.events();
    s
}

fn solo_sgp(config: Config, state: AspState) -> Solo {
    let mut s = Solo::new(config);
    assert!(s.up().is_empty());
    if state >= AspState::Inactive {
        s.feed(Message::AspUp(AspUp::default()));
    }
    if state == AspState::Active {
        s.feed(Message::AspAc(AspAc::default()));
    }
    assert_eq!(s.assoc.state(), state);
    s.events();
    s
}

// ------------------------------------------------------------------ ASP ⇄ SGP, every arrow

#[test]
fn bring_up_follows_rfc_sequence_with_notify() {
    let mut p = Pair::new(asp_config(), sgp_config());
    p.connect();
    assert_eq!(
        p.transcript(),
        [
            "a: ASPUP aspid=7",
            "b: ASPUP ACK",
            "b: NTFY status=AS-INACTIVE rc=2",
            "a: ASPAC tmt=Override rc=2",
            "b: ASPAC ACK tmt=Override rc=2",
            "b: NTFY status=AS-ACTIVE rc=2",
        ]
    );
    let up = [
        (AspState::Down, AspState::Inactive),
        (AspState::Inactive, AspState::Active),
    ];
    assert_eq!(changes(&p.a_events), up);
    assert_eq!(changes(&p.b_events), up);
    assert_eq!(as_states(&p.a_events), [AsState::Inactive, AsState::Active]);
    assert_eq!(as_states(&p.b_events), [AsState::Inactive, AsState::Active]);
    assert_eq!(p.a.as_state(), AsState::Active);
    assert_eq!(p.b.peer_asp_identifier(), Some(7));
    assert_eq!(p.a.active_routing_contexts(), [2]);
    assert_eq!(p.b.active_routing_contexts(), [2]);
    assert_eq!(p.a.active_traffic_mode(), Some(TrafficModeType::OVERRIDE));
    // Every management message went on stream 0.
    assert!(p.log.iter().all(|(_, t, _)| t.stream == 0));
    assert_eq!(p.a.poll_timeout(), None, "nothing outstanding");
}

#[test]
fn active_to_inactive_by_aspia_then_recovery_timer() {
    let mut p = active_pair();
    p.a.deactivate(p.now).unwrap();
    p.drive();
    assert_eq!(
        p.transcript(),
        [
            "a: ASPIA rc=2",
            "b: ASPIA ACK rc=2",
            "b: NTFY status=AS-PENDING rc=2"
        ]
    );
    assert_eq!(
        changes(&p.a_events),
        [(AspState::Active, AspState::Inactive)]
    );
    assert_eq!(
        changes(&p.b_events),
        [(AspState::Active, AspState::Inactive)]
    );
    assert_eq!(p.b.as_state(), AsState::Pending);
    // T(r) expires: AS-INACTIVE (RFC 4666 §4.3.2).
    p.clear_log();
    p.advance(2 * SEC);
    assert_eq!(p.transcript(), ["b: NTFY status=AS-INACTIVE rc=2"]);
    assert_eq!(p.a.as_state(), AsState::Inactive);
    // And back: Inactive → Active.
    p.clear_log();
    p.a.activate(p.now).unwrap();
    p.drive();
    assert_eq!(p.a.state(), AspState::Active);
    assert_eq!(p.b.as_state(), AsState::Active);
}

#[test]
fn reactivation_within_recovery_timer_keeps_as() {
    let mut p = active_pair();
    p.a.deactivate(p.now).unwrap();
    p.drive();
    p.advance(SEC);
    p.a.activate(p.now).unwrap();
    p.drive();
    assert_eq!(as_states(&p.b_events), [AsState::Pending, AsState::Active]);
    p.advance(5 * SEC);
    assert_eq!(p.b.as_state(), AsState::Active);
}

#[test]
fn active_to_down_by_aspdn() {
    let mut p = active_pair();
    p.a.shutdown(p.now).unwrap();
    p.drive();
    assert_eq!(p.transcript(), ["a: ASPDN", "b: ASPDN ACK"]);
    assert_eq!(changes(&p.a_events), [(AspState::Active, AspState::Down)]);
    assert_eq!(changes(&p.b_events), [(AspState::Active, AspState::Down)]);
    // The SGP's AS waits T(r), then goes down (no NTFY: the ASP is down).
    p.advance(3 * SEC);
    assert_eq!(p.b.as_state(), AsState::Down);
    assert_eq!(as_states(&p.b_events), [AsState::Pending, AsState::Down]);
    // Closing the transport after a shutdown does not ask for a reconnect.
    p.a.handle_transport_down(p.now);
    assert!(p.a.poll_event().is_none());
}

#[test]
fn inactive_to_down_by_aspdn() {
    let mut c = asp_config();
    c.auto_activate = false;
    let mut p = Pair::new(c, sgp_config());
    p.connect();
    assert_eq!(p.a.state(), AspState::Inactive);
    assert_eq!(p.sent_by('a'), ["ASPUP aspid=7"]);
    p.clear_log();
    p.a.shutdown(p.now).unwrap();
    p.drive();
    assert_eq!(p.transcript(), ["a: ASPDN", "b: ASPDN ACK"]);
    assert_eq!(changes(&p.a_events), [(AspState::Inactive, AspState::Down)]);
    assert_eq!(changes(&p.b_events), [(AspState::Inactive, AspState::Down)]);
    assert_eq!(p.b.as_state(), AsState::Down);
    // Down → Inactive again on request.
    p.a.deactivate(p.now).unwrap();
    p.drive();
    assert_eq!(p.a.state(), AspState::Inactive);
}

#[test]
fn transport_down_from_active_and_inactive() {
    for start in [AspState::Active, AspState::Inactive] {
        let mut c = asp_config();
        c.auto_activate = start == AspState::Active;
        let mut p = Pair::new(c, sgp_config());
        p.connect();
        assert_eq!(p.a.state(), start);
        p.clear_log();
        p.disconnect();
        assert_eq!(changes(&p.a_events), [(start, AspState::Down)]);
        assert_eq!(changes(&p.b_events), [(start, AspState::Down)]);
        // The client asks to reconnect, the server does not.
        assert!(p.a_events.iter().any(|e| matches!(
            e,
            Event::TransportRestartRequested {
                reason: RestartReason::TransportDown,
                ..
            }
        )));
        assert!(!p.b_events.iter().any(|e| matches!(
            e,
            Event::TransportRestartRequested { .. } | Event::CloseTransport { .. }
        )));
        assert!(p.a.transport_is_down_and_idle());
        // Reconnecting brings it back.
        p.connect();
        assert_eq!(p.a.state(), start);
    }
}

trait Idle {
    fn transport_is_down_and_idle(&self) -> bool;
}

impl Idle for Association {
    fn transport_is_down_and_idle(&self) -> bool {
        !self.is_transport_up() && self.poll_timeout().is_none() && self.state() == AspState::Down
    }
}

#[test]
fn alternate_asp_active_moves_asp_to_inactive() {
    // Two ASPs of one override AS, each with its own SGP association, grouped at the SGP.
    let mut p1 = active_pair();
    let mut p2 = Pair::new(
        Config {
            asp_identifier: Some(8),
            auto_activate: false,
            ..asp_config()
        },
        sgp_config(),
    );
    p2.connect();
    let mut group = AsGroup::new(TrafficModeType::OVERRIDE);
    group.insert(1);
    group.insert(2);
    assert!(group.set_state(1, AspState::Active).is_empty());
    p2.a.activate(p2.now).unwrap();
    p2.drive();
    let displaced = group.set_state(2, p2.b.state());
    assert_eq!(displaced, [1]);
    p1.b.notify_alternate_asp_active(p2.b.peer_asp_identifier())
        .unwrap();
    p1.drive();
    assert_eq!(
        p1.transcript(),
        ["b: NTFY status=Alternate ASP Active aspid=8 rc=2"]
    );
    assert_eq!(
        changes(&p1.a_events),
        [(AspState::Active, AspState::Inactive)]
    );
    assert_eq!(
        changes(&p1.b_events),
        [(AspState::Active, AspState::Inactive)]
    );
    assert!(
        matches!(&p1.a_events[0], Event::Notified(n) if n.status == Status::ALTERNATE_ASP_ACTIVE)
    );
    // The ASP stays inactive: no ASPAC fight, even after timers run.
    p1.advance(10 * SEC);
    assert_eq!(p1.a.state(), AspState::Inactive);
    assert_eq!(p1.sent_by('a'), Vec::<String>::new());
    assert_eq!(group.route(3), Route::One(2));
    // Only an active peer can be displaced.
    assert_eq!(
        p1.b.notify_alternate_asp_active(None),
        Err(CommandError::WrongState {
            state: AspState::Inactive
        })
    );
}

#[test]
fn sgp_aspup_in_each_state() {
    // Down → Inactive, with NTFY of the current AS state.
    let mut s = solo_sgp(sgp_config(), AspState::Down);
    let out = s.feed(Message::AspUp(AspUp {
        asp_identifier: Some(9),
        ..AspUp::default()
    }));
    assert_eq!(names(&out), ["ASPUP ACK", "NTFY status=AS-INACTIVE rc=2"]);
    assert_eq!(s.assoc.peer_asp_identifier(), Some(9));
    // Inactive: ACK, nothing else (RFC 4666 §4.3.4.1).
    let out = s.feed(Message::AspUp(AspUp::default()));
    assert_eq!(names(&out), ["ASPUP ACK"]);
    assert_eq!(s.assoc.state(), AspState::Inactive);
    // Active: ACK, ERR Unexpected Message, back to Inactive, AS pending.
    s.feed(Message::AspAc(AspAc::default()));
    s.events();
    let out = s.feed(Message::AspUp(AspUp::default()));
    assert_eq!(
        names(&out),
        [
            "ASPUP ACK",
            "ERR code=Unexpected Message diag=8B",
            "NTFY status=AS-PENDING rc=2"
        ]
    );
    assert_eq!(s.assoc.state(), AspState::Inactive);
    assert_eq!(
        changes(&s.events()),
        [(AspState::Active, AspState::Inactive)]
    );
    // ASPDN from Inactive: ACK, Down; ASPDN in Down: still ACK.
    assert_eq!(
        names(&s.feed(Message::AspDn(AspDn::default()))),
        ["ASPDN ACK"]
    );
    assert_eq!(s.assoc.state(), AspState::Down);
    assert_eq!(
        names(&s.feed(Message::AspDn(AspDn::default()))),
        ["ASPDN ACK"]
    );
    // While AS-PENDING, a returning ASP is told AS-PENDING.
    let out = s.feed(Message::AspUp(AspUp::default()));
    assert_eq!(names(&out), ["ASPUP ACK", "NTFY status=AS-PENDING rc=2"]);
}

#[test]
fn sgp_aspia_in_each_state() {
    let mut s = solo_sgp(sgp_config(), AspState::Down);
    assert_eq!(
        error_codes(&s.feed(Message::AspIa(AspIa::default()))),
        [ErrorCode::UNEXPECTED_MESSAGE]
    );
    let mut s = solo_sgp(sgp_config(), AspState::Inactive);
    assert_eq!(
        names(&s.feed(Message::AspIa(AspIa::default()))),
        ["ASPIA ACK"]
    );
    assert_eq!(s.assoc.state(), AspState::Inactive);
    let mut s = solo_sgp(sgp_config(), AspState::Active);
    assert_eq!(
        names(&s.feed(Message::AspIa(AspIa::default()))),
        ["ASPIA ACK", "NTFY status=AS-PENDING rc=2"]
    );
    assert_eq!(s.assoc.state(), AspState::Inactive);
}

#[test]
fn sgp_aspac_checks() {
    // From Down: Unexpected Message.
    let mut s = solo_sgp(sgp_config(), AspState::Down);
    assert_eq!(
        error_codes(&s.feed(Message::AspAc(AspAc::default()))),
        [ErrorCode::UNEXPECTED_MESSAGE]
    );
    // Wrong Routing Context.
    let mut s = solo_sgp(sgp_config(), AspState::Inactive);
    let out = s.feed(Message::AspAc(AspAc {
        routing_context: vec![2, 9],
        ..AspAc::default()
    }));
    assert_eq!(
        names(&out),
        ["ERR code=Invalid Routing Context rc=9 diag=20B"]
    );
    // Wrong traffic mode.
    let out = s.feed(Message::AspAc(AspAc {
        traffic_mode_type: Some(TrafficModeType::LOADSHARE),
        ..AspAc::default()
    }));
    assert_eq!(
        error_codes(&out),
        [ErrorCode::UNSUPPORTED_TRAFFIC_MODE_TYPE]
    );
    assert_eq!(s.assoc.state(), AspState::Inactive);
    // No AS configured, no Routing Context named.
    let mut bare = sgp_config();
    bare.routing_contexts.clear();
    let mut s = solo_sgp(bare, AspState::Inactive);
    assert_eq!(
        error_codes(&s.feed(Message::AspAc(AspAc::default()))),
        [ErrorCode::NO_CONFIGURED_AS_FOR_ASP]
    );
    assert_eq!(
        error_codes(&s.feed(Message::AspAc(AspAc {
            routing_context: vec![2],
            ..AspAc::default()
        }))),
        [ErrorCode::INVALID_ROUTING_CONTEXT]
    );
    // Accepted: the ACK echoes, the peer's Routing Contexts accumulate.
    let mut c = sgp_config();
    c.routing_contexts = vec![2, 3];
    let mut s = solo_sgp(c, AspState::Inactive);
    let out = s.feed(Message::AspAc(AspAc {
        traffic_mode_type: Some(TrafficModeType::OVERRIDE),
        routing_context: vec![3],
        ..AspAc::default()
    }));
    assert_eq!(
        names(&out),
        [
            "ASPAC ACK tmt=Override rc=3",
            "NTFY status=AS-ACTIVE rc=2,3"
        ]
    );
    s.feed(Message::AspAc(AspAc {
        routing_context: vec![2],
        ..AspAc::default()
    }));
    assert_eq!(s.assoc.active_routing_contexts(), [3, 2]);
}

#[test]
fn sgp_management_blocking_and_asp_identifier() {
    let mut s = solo_sgp(sgp_config(), AspState::Down);
    s.assoc.set_blocked(true);
    assert_eq!(
        error_codes(&s.feed(Message::AspUp(AspUp::default()))),
        [ErrorCode::REFUSED_MANAGEMENT_BLOCKING]
    );
    assert_eq!(s.assoc.state(), AspState::Down);
    s.assoc.set_blocked(false);
    s.feed(Message::AspUp(AspUp::default()));
    s.assoc.set_blocked(true);
    assert_eq!(
        error_codes(&s.feed(Message::AspAc(AspAc::default()))),
        [ErrorCode::REFUSED_MANAGEMENT_BLOCKING]
    );

    let mut c = sgp_config();
    c.server.require_asp_identifier = true;
    c.server.expected_asp_identifier = Some(7);
    let mut s = solo_sgp(c, AspState::Down);
    assert_eq!(
        error_codes(&s.feed(Message::AspUp(AspUp::default()))),
        [ErrorCode::ASP_IDENTIFIER_REQUIRED]
    );
    assert_eq!(
        error_codes(&s.feed(Message::AspUp(AspUp {
            asp_identifier: Some(8),
            ..AspUp::default()
        }))),
        [ErrorCode::INVALID_ASP_IDENTIFIER]
    );
    assert_eq!(
        kinds(&s.feed(Message::AspUp(AspUp {
            asp_identifier: Some(7),
            ..AspUp::default()
        })))[0],
        MessageKind::ASPUP_ACK
    );
    // And a pair whose ASP sends its identifier comes up.
    let mut c = sgp_config();
    c.server.require_asp_identifier = true;
    let mut p = Pair::new(asp_config(), c);
    p.connect();
    assert_eq!(p.a.state(), AspState::Active);
}

#[test]
fn user_commands_by_role() {
    let mut s = solo_sgp(sgp_config(), AspState::Active);
    let now = s.now;
    assert_eq!(s.assoc.activate(now), Err(CommandError::NotInitiator));
    assert_eq!(s.assoc.deactivate(now), Err(CommandError::NotInitiator));
    assert_eq!(s.assoc.shutdown(now), Err(CommandError::NotInitiator));
    assert_eq!(s.assoc.deregister(now), Err(CommandError::NotInitiator));
    let mut a = solo_asp_active();
    assert_eq!(
        a.assoc.notify(Status::ASP_FAILURE),
        Err(CommandError::NotResponder)
    );
    assert_eq!(
        a.assoc.notify_alternate_asp_active(None),
        Err(CommandError::NotResponder)
    );
    assert_eq!(
        a.assoc.deregister(now),
        Err(CommandError::WrongState {
            state: AspState::Active
        })
    );
    // An SGP can tell its ASP other things.
    s.assoc.notify(Status::INSUFFICIENT_ASP_RESOURCES).unwrap();
    assert_eq!(
        names(&s.sent()),
        ["NTFY status=Insufficient ASP Resources Active in AS rc=2"]
    );
}

// ------------------------------------------------------------------ unsolicited ACKs

#[test]
fn unsolicited_aspia_ack_returns_to_active() {
    let mut s = solo_asp_active();
    // RFC 4666 §4.3.4.4: consider itself inactive, then return to the previous state.
    let out = s.feed(Message::AspIaAck(AspIa::default()));
    assert_eq!(names(&out), ["ASPAC tmt=Override rc=2"]);
    assert_eq!(
        changes(&s.events()),
        [(AspState::Active, AspState::Inactive)]
    );
    s.feed(Message::AspAcAck(AspAc::default()));
    assert_eq!(s.assoc.state(), AspState::Active);
}

#[test]
fn unsolicited_aspdn_ack_returns_to_active() {
    let mut s = solo_asp_active();
    // RFC 4666 §4.3.4.2.
    let out = s.feed(Message::AspDnAck(AspDn::default()));
    assert_eq!(names(&out), ["ASPUP aspid=7"]);
    assert_eq!(changes(&s.events()), [(AspState::Active, AspState::Down)]);
    s.feed(Message::AspUpAck(AspUp::default()));
    s.feed(Message::AspAcAck(AspAc::default()));
    assert_eq!(s.assoc.state(), AspState::Active);
}

#[test]
fn duplicate_acks_are_ignored() {
    let mut s = solo_asp_active();
    assert!(s.feed(Message::AspUpAck(AspUp::default())).is_empty());
    assert!(s.feed(Message::AspAcAck(AspAc::default())).is_empty());
    s.assoc.deactivate(s.now).unwrap();
    s.sent();
    s.feed(Message::AspIaAck(AspIa::default()));
    assert!(s.feed(Message::AspIaAck(AspIa::default())).is_empty());
    assert_eq!(s.assoc.stats().duplicate_acks, 3);
    assert_eq!(s.assoc.stats().errors_sent.total(), 0);
}

// ------------------------------------------------------------------ T(ack)

#[test]
fn aspup_is_retransmitted_until_acknowledged() {
    let mut p = Pair::new(asp_config(), sgp_config());
    let mut dropped = 0;
    p.filter = Some(Box::new(move |from, t| {
        if from == 'a' && t.message.kind() == MessageKind::ASPUP && dropped < 2 {
            dropped += 1;
            return false;
        }
        true
    }));
    p.connect();
    assert_eq!(p.a.state(), AspState::Down);
    p.advance(2 * SEC);
    assert_eq!(p.a.state(), AspState::Down);
    p.advance(2 * SEC);
    assert_eq!(p.a.state(), AspState::Active, "{:#?}", p.transcript());
    assert_eq!(p.a.stats().retransmissions, 2);
    let aspups = p
        .log
        .iter()
        .filter(|(_, t, _)| t.message.kind() == MessageKind::ASPUP)
        .count();
    assert_eq!(aspups, 3);
}

#[test]
fn aspac_retransmission_and_crossing_ack() {
    let mut c = asp_config();
    c.quirks.aspac_without_ntfy = true;
    let mut s = solo_asp(c);
    s.feed(Message::AspUpAck(AspUp::default()));
    assert_eq!(s.advance(SEC), Vec::<Message>::new());
    assert_eq!(names(&s.advance(SEC)), ["ASPAC tmt=Override rc=2"]);
    // The first ACK arrives, then the one for the retransmission.
    s.feed(Message::AspAcAck(AspAc::default()));
    s.feed(Message::AspAcAck(AspAc::default()));
    assert_eq!(s.assoc.state(), AspState::Active);
    assert_eq!(s.assoc.stats().duplicate_acks, 1);
    assert_eq!(s.assoc.stats().retransmissions, 1);
    assert!(s.advance(10 * SEC).is_empty());
}

#[test]
fn aspia_and_aspdn_are_retransmitted() {
    let mut s = solo_asp_active();
    s.assoc.deactivate(s.now).unwrap();
    assert_eq!(names(&s.sent()), ["ASPIA rc=2"]);
    assert_eq!(names(&s.advance(2 * SEC)), ["ASPIA rc=2"]);
    s.feed(Message::AspIaAck(AspIa::default()));
    s.assoc.shutdown(s.now).unwrap();
    assert_eq!(names(&s.sent()), ["ASPDN"]);
    assert_eq!(names(&s.advance(2 * SEC)), ["ASPDN"]);
    s.feed(Message::AspDnAck(AspDn::default()));
    assert_eq!(s.assoc.state(), AspState::Down);
    assert!(s.advance(10 * SEC).is_empty());
}

#[test]
fn ack_attempts_exhausted_requests_restart() {
    let mut c = asp_config();
    c.timers.max_ack_attempts = Some(3);
    let mut s = solo_asp(c);
    assert_eq!(kinds(&s.advance(2 * SEC)), [MessageKind::ASPUP]);
    assert_eq!(kinds(&s.advance(2 * SEC)), [MessageKind::ASPUP]);
    assert!(s.advance(2 * SEC).is_empty());
    let events = s.events();
    assert!(
        matches!(
            events.as_slice(),
            [Event::TransportRestartRequested {
                reason: RestartReason::AckTimeout(MessageKind::ASPUP),
                after
            }] if *after <= Duration::from_millis(100)
        ),
        "{events:?}"
    );
    // Condemned: input is ignored until the driver reconnects.
    assert!(s.feed(Message::AspUpAck(AspUp::default())).is_empty());
    assert_eq!(s.assoc.stats().ignored_while_down, 1);
    assert_eq!(s.assoc.poll_timeout(), None);
    s.assoc.handle_transport_down(s.now);
    assert!(s.events().is_empty(), "restart already requested");
    assert_eq!(names(&s.up()), ["ASPUP aspid=7"]);
}

// ------------------------------------------------------------------ NTFY wait and quirks

#[test]
fn asp_waits_for_notify_before_aspac() {
    // An SGP that sends no NTFY: the ASP sends ASPAC after ntfy_wait.
    let mut silent = sgp_config();
    silent.server.send_notify = false;
    let mut p = Pair::new(asp_config(), silent.clone());
    p.connect();
    assert_eq!(p.a.state(), AspState::Inactive);
    assert_eq!(p.sent_by('a'), ["ASPUP aspid=7"]);
    p.advance(Duration::from_millis(499));
    assert_eq!(p.a.state(), AspState::Inactive);
    p.advance(Duration::from_millis(1));
    assert_eq!(p.a.state(), AspState::Active);
    // With the quirk, no wait.
    let mut c = asp_config();
    c.quirks.aspac_without_ntfy = true;
    let mut p = Pair::new(c, silent);
    p.connect();
    assert_eq!(p.a.state(), AspState::Active);
    assert_eq!(p.a.as_state(), AsState::Down, "no NTFY, AS state unknown");
}

#[test]
fn as_active_on_aspac_ack_quirk() {
    let mut c = asp_config();
    c.quirks.aspac_without_ntfy = true;
    c.quirks.as_active_on_aspac_ack = true;
    let mut silent = sgp_config();
    silent.server.send_notify = false;
    let mut p = Pair::new(c, silent);
    p.connect();
    assert_eq!(p.a.as_state(), AsState::Active);
    assert_eq!(as_states(&p.a_events), [AsState::Active]);
}

#[test]
fn osmo_stp_interleaving() {
    // What osmo-stp 1.6 sends a client: NTFY and DAVA interleaved with the ACKs.
    let mut c = asp_config();
    c.routing_contexts = vec![2];
    let mut s = solo_asp(c);
    assert!(s.feed(Message::AspUpAck(AspUp::default())).is_empty());
    let out = s.feed(Message::Ntfy(Notify {
        status: Status::AS_INACTIVE,
        routing_context: vec![2],
        ..Notify::default()
    }));
    assert_eq!(names(&out), ["ASPAC tmt=Override rc=2"]);
    // A DAVA before the ASPAC ACK is ignored (ASP-INACTIVE) …
    assert!(s.feed(Message::Dava(ssnm(&[3]))).is_empty());
    assert_eq!(s.assoc.stats().ssnm_ignored, 1);
    s.feed(Message::AspAcAck(AspAc {
        traffic_mode_type: Some(TrafficModeType::OVERRIDE),
        routing_context: vec![2],
        ..AspAc::default()
    }));
    s.feed(ntfy(Status::AS_ACTIVE));
    // … after it, applied.
    assert!(s.feed(Message::Duna(ssnm(&[3]))).is_empty());
    assert!(!s.assoc.destinations().is_available(3));
    assert_eq!(s.assoc.stats().errors_sent.total(), 0);
    assert_eq!(s.assoc.state(), AspState::Active);
    // With accept_ssnm_inactive, the early DAVA/DUNA counts.
    let mut c = asp_config();
    c.quirks.accept_ssnm_inactive = true;
    let mut s = solo_asp(c);
    s.feed(Message::AspUpAck(AspUp::default()));
    s.feed(Message::Duna(ssnm(&[3])));
    assert!(!s.assoc.destinations().is_available(3));
}

// ------------------------------------------------------------------ unexpected messages

/// Every request the ASP role never receives, and answers in states that cannot take them.
#[test]
fn asp_role_unexpected_messages_in_each_state() {
    let never = || {
        vec![
            Message::AspUp(AspUp::default()),
            Message::AspDn(AspDn::default()),
            Message::AspAc(AspAc::default()),
            Message::AspIa(AspIa::default()),
            Message::RegReq(RegReq {
                routing_keys: vec![key(1, 2)],
                ..RegReq::default()
            }),
            Message::DeregReq(DeregReq {
                routing_context: vec![2],
                ..DeregReq::default()
            }),
            Message::RegRsp(RegRsp {
                registration_results: vec![RegistrationResult::default()],
                ..RegRsp::default()
            }),
            Message::DeregRsp(DeregRsp {
                deregistration_results: vec![DeregistrationResult::default()],
                ..DeregRsp::default()
            }),
        ]
    };
    let in_down = vec![
        Message::AspAcAck(AspAc::default()),
        Message::AspIaAck(AspIa::default()),
        ntfy(Status::AS_ACTIVE),
        Message::Data(data(2, 3, 0)),
        Message::Duna(ssnm(&[3])),
    ];
    let states: [(AspState, fn() -> Solo); 3] = [
        (AspState::Down, || solo_asp(asp_config())),
        (AspState::Inactive, solo_asp_inactive),
        (AspState::Active, solo_asp_active),
    ];
    for (state, make) in states {
        let mut cases = never();
        if state == AspState::Down {
            cases.extend(in_down.clone());
        }
        for message in cases {
            let mut s = make();
            s.events();
            let label = message.to_string();
            let wire = message.to_bytes().unwrap();
            let out = s.feed(message);
            assert_eq!(
                error_codes(&out),
                [ErrorCode::UNEXPECTED_MESSAGE],
                "{label} in {state}"
            );
            assert_eq!(s.assoc.state(), state, "{label} in {state}");
            assert_eq!(s.assoc.stats().unexpected_messages, 1);
            // The diagnostic is the offending message (its first 40 octets).
            let Message::Err(err) = &out[0] else {
                unreachable!()
            };
            assert_eq!(
                err.diagnostic_information.as_deref(),
                Some(&wire[..wire.len().min(40)])
            );
        }
    }
    // An ASPUP ACK nothing asked for (after ASPDN completed, target down).
    let mut s = solo_asp_active();
    s.assoc.shutdown(s.now).unwrap();
    s.feed(Message::AspDnAck(AspDn::default()));
    assert_eq!(
        error_codes(&s.feed(Message::AspUpAck(AspUp::default()))),
        [ErrorCode::UNEXPECTED_MESSAGE]
    );
}

#[test]
fn sgp_role_unexpected_messages_in_each_state() {
    let never = || {
        vec![
            Message::AspUpAck(AspUp::default()),
            Message::AspDnAck(AspDn::default()),
            Message::AspAcAck(AspAc::default()),
            Message::AspIaAck(AspIa::default()),
            ntfy(Status::AS_ACTIVE),
            Message::RegRsp(RegRsp {
                registration_results: vec![RegistrationResult::default()],
                ..RegRsp::default()
            }),
            Message::DeregRsp(DeregRsp {
                deregistration_results: vec![DeregistrationResult::default()],
                ..DeregRsp::default()
            }),
            Message::Duna(ssnm(&[3])),
            Message::Dava(ssnm(&[3])),
            Message::Drst(ssnm(&[3])),
            Message::Scon(Scon {
                affected_point_codes: vec![MaskedPointCode::exact(3)],
                ..Scon::default()
            }),
            Message::Dupu(Dupu::default()),
        ]
    };
    let in_down = vec![
        Message::AspAc(AspAc::default()),
        Message::AspIa(AspIa::default()),
        Message::RegReq(RegReq {
            routing_keys: vec![key(1, 2)],
            ..RegReq::default()
        }),
        Message::DeregReq(DeregReq {
            routing_context: vec![2],
            ..DeregReq::default()
        }),
        Message::Daud(ssnm(&[3])),
    ];
    for state in [AspState::Down, AspState::Inactive, AspState::Active] {
        let mut cases = never();
        if state == AspState::Down {
            cases.extend(in_down.clone());
        }
        if state != AspState::Active {
            cases.push(Message::Data(data(2, 3, 0)));
        }
        for message in cases {
            let mut s = solo_sgp(sgp_config(), state);
            let label = message.to_string();
            let out = s.feed(message);
            assert_eq!(
                error_codes(&out),
                [ErrorCode::UNEXPECTED_MESSAGE],
                "{label} in {state}"
            );
            assert_eq!(s.assoc.state(), state, "{label} in {state}");
        }
    }
}

#[test]
fn asp_discards_data_while_inactive() {
    // RFC 4666 §3.8.1: silent discard at the ASP.
    let mut s = solo_asp_inactive();
    assert!(s.feed(Message::Data(data(2, 3, 0))).is_empty());
    assert_eq!(s.assoc.stats().data_discarded, 1);
    assert!(!s.events().iter().any(|e| matches!(e, Event::Data(_))));
}

// ------------------------------------------------------------------ ERR

#[test]
fn decode_errors_are_answered_with_their_code() {
    let cases: [(&[u8], ErrorCode); 8] = [
        (&[2, 0, 3, 1, 0, 0, 0, 8], ErrorCode::INVALID_VERSION),
        (
            &[1, 0, 5, 1, 0, 0, 0, 8],
            ErrorCode::UNSUPPORTED_MESSAGE_CLASS,
        ),
        (
            &[1, 0, 3, 9, 0, 0, 0, 8],
            ErrorCode::UNSUPPORTED_MESSAGE_TYPE,
        ),
        (
            &[1, 0, 4, 1, 0, 0, 0, 16, 0, 0x0b, 0, 8, 0, 0, 0, 7],
            ErrorCode::UNSUPPORTED_TRAFFIC_MODE_TYPE,
        ),
        (
            &[1, 0, 3, 1, 0, 0, 0, 16, 0, 0x11, 0, 8],
            ErrorCode::PARAMETER_FIELD_ERROR,
        ),
        (
            &[1, 0, 0, 1, 0, 0, 0, 16, 0, 0x0d, 0, 8, 0, 1, 0, 1],
            ErrorCode::INVALID_PARAMETER_VALUE,
        ),
        (
            &[1, 0, 3, 1, 0, 0, 0, 16, 0, 0x0d, 0, 8, 0, 1, 0, 3],
            ErrorCode::UNEXPECTED_PARAMETER,
        ),
        (&[1, 0, 0, 1, 0, 0, 0, 8], ErrorCode::MISSING_PARAMETER),
    ];
    for (role_config, state) in [
        (sgp_config(), AspState::Inactive),
        (asp_config(), AspState::Down),
    ] {
        for (bytes, code) in cases {
            let mut s = Solo::new(role_config.clone());
            s.up();
            if role_config.role == Role::Sgp {
                s.feed(Message::AspUp(AspUp::default()));
                s.sent();
            }
            let out = s.feed_bytes(bytes);
            let [Message::Err(err)] = out.as_slice() else {
                panic!("{code}: {out:?}")
            };
            assert_eq!(err.error_code, code);
            assert_eq!(err.diagnostic_information.as_deref(), Some(bytes));
            assert_eq!(s.assoc.stats().decode_errors, 1);
            assert_eq!(s.assoc.stats().errors_sent.get(code), 1);
            assert!(
                matches!(s.events().last(), Some(Event::DecodeFailed(e)) if e.error_code() == code)
            );
            assert_eq!(s.assoc.state(), state);
        }
    }
}

#[test]
fn a_broken_err_is_not_answered() {
    // RFC 4666 §3.8.1: never answer an ERR with an ERR.
    let mut s = solo_asp_active();
    assert!(s.feed_bytes(&[1, 0, 0, 0, 0, 0, 0, 8]).is_empty());
    assert_eq!(s.assoc.stats().decode_errors, 1);
    assert!(s.feed_bytes(&[1, 0, 0, 0, 0, 0, 0]).is_empty());
}

#[test]
fn received_err_is_reported_and_counted() {
    let mut s = solo_asp_active();
    let err = ErrorMessage {
        error_code: ErrorCode::INVALID_ROUTING_CONTEXT,
        routing_context: vec![9],
        ..ErrorMessage::default()
    };
    assert!(s.feed(Message::Err(err.clone())).is_empty());
    assert_eq!(s.events(), [Event::ErrorReceived(err)]);
    let stats = s.assoc.stats();
    assert_eq!(
        stats
            .errors_received
            .get(ErrorCode::INVALID_ROUTING_CONTEXT),
        1
    );
    assert_eq!(
        stats.errors_received.iter().collect::<Vec<_>>(),
        [(ErrorCode::INVALID_ROUTING_CONTEXT, 1)]
    );
    assert_eq!(s.assoc.state(), AspState::Active);
}

#[test]
fn streams_of_rfc4666_1_4_7() {
    // DATA on stream 0 is refused.
    let mut s = solo_asp_active();
    let out = s.feed_on(0, Message::Data(data(2, 3, 0)));
    assert_eq!(error_codes(&out), [ErrorCode::INVALID_STREAM_IDENTIFIER]);
    assert!(s.events().is_empty());
    // Management on another stream is accepted (a SHOULD) …
    let out = s.feed_on(3, Message::Beat(Beat::default()));
    assert_eq!(kinds(&out), [MessageKind::BEAT_ACK]);
    assert!(s.feed_on(1, ntfy(Status::AS_ACTIVE)).is_empty());
    assert!(s.feed_on(2, Message::AspUpAck(AspUp::default())).is_empty());
    // … unless strict.
    let mut c = asp_config();
    c.strict_streams = true;
    c.quirks.aspac_without_ntfy = true;
    let mut s = solo_asp(c);
    let out = s.feed_on(1, Message::AspUpAck(AspUp::default()));
    assert_eq!(error_codes(&out), [ErrorCode::INVALID_STREAM_IDENTIFIER]);
    assert_eq!(s.assoc.state(), AspState::Down);
    assert_eq!(
        kinds(&s.feed_on(1, Message::Beat(Beat::default()))),
        [MessageKind::BEAT_ACK]
    );
    // A single-stream transport (M3UA over TCP): stream 0 is the only one DATA can use.
    let mut s = solo_asp_active();
    s.assoc.set_inbound_streams(1);
    assert!(s.feed_on(0, Message::Data(data(2, 3, 0))).is_empty());
    assert!(matches!(s.events().as_slice(), [Event::Data(_)]));
    // The quirk for peers that open several streams but send DATA on stream 0.
    let mut c = asp_config();
    c.quirks.aspac_without_ntfy = true;
    c.quirks.accept_data_on_stream_0 = true;
    let mut s = solo_asp(c);
    s.feed(Message::AspUpAck(AspUp::default()));
    s.feed(Message::AspAcAck(AspAc::default()));
    s.events();
    assert!(s.feed_on(0, Message::Data(data(2, 3, 0))).is_empty());
    assert!(matches!(s.events().as_slice(), [Event::Data(_)]));
}

// ------------------------------------------------------------------ DATA

#[test]
fn data_flows_both_ways_on_sls_streams() {
    let mut p = active_pair();
    p.a.set_outbound_streams(5);
    for sls in 0..8u8 {
        p.a.send_data(data(1, 2, sls)).unwrap();
    }
    let transmits: Vec<_> = std::iter::from_fn(|| p.a.poll_transmit()).collect();
    let mut streams = Vec::new();
    for t in transmits {
        let Message::Data(d) = &t.message else {
            unreachable!()
        };
        assert_eq!(t.stream, p.a.data_stream(d.protocol_data.sls));
        p.b.handle_bytes(p.now, t.stream, t.message.to_bytes().unwrap());
        streams.push(t.stream);
    }
    assert_eq!(streams, [1, 2, 3, 4, 1, 2, 3, 4]);
    let received: Vec<Data> = std::iter::from_fn(|| p.b.poll_event())
        .filter_map(|e| match e {
            Event::Data(d) => Some(d),
            _ => None,
        })
        .collect();
    assert_eq!(received.len(), 8);
    assert!(received.iter().all(|d| d.routing_context == Some(2)));
    assert_eq!(received[5].protocol_data.sls, 5);
    // The SGP answers on its side.
    p.b.send_data(data(2, 1, 9)).unwrap();
    p.drive();
    assert!(
        p.a_events
            .iter()
            .any(|e| matches!(e, Event::Data(d) if d.protocol_data.sls == 9))
    );
    // One outbound stream: DATA has nowhere but stream 0.
    p.a.set_outbound_streams(1);
    assert_eq!(p.a.data_stream(7), 0);
    p.a.set_outbound_streams(0);
    assert_eq!(p.a.data_stream(7), 0);
}

#[test]
fn data_send_needs_active_and_available() {
    let mut s = solo_asp_inactive();
    assert_eq!(
        s.assoc.send_data(data(1, 2, 0)),
        Err(SendError::NotActive {
            state: AspState::Inactive
        })
    );
    let mut s = solo_asp_active();
    s.feed(Message::Duna(ssnm(&[2])));
    assert_eq!(
        s.assoc.send_data(data(1, 2, 0)),
        Err(SendError::DestinationUnavailable { point_code: 2 })
    );
    s.assoc.send_data(data(1, 3, 0)).unwrap();
    assert_eq!(
        names(&s.sent()),
        ["DATA rc=2 opc=1 dpc=3 si=3 ni=2 mp=0 sls=0 len=3"]
    );
}

#[test]
fn data_with_wrong_routing_context_or_network_appearance() {
    let mut c = asp_config();
    c.network_appearance = Some(8);
    c.quirks.aspac_without_ntfy = true;
    let mut s = solo_asp(c);
    s.feed(Message::AspUpAck(AspUp::default()));
    s.feed(Message::AspAcAck(AspAc::default()));
    s.events();
    let out = s.feed(Message::Data(Data {
        routing_context: Some(9),
        ..data(2, 1, 0)
    }));
    assert_eq!(
        names(&out)[0],
        "ERR code=Invalid Routing Context rc=9 diag=36B"
    );
    let out = s.feed(Message::Data(Data {
        network_appearance: Some(9),
        ..data(2, 1, 0)
    }));
    assert_eq!(
        names(&out)[0],
        "ERR code=Invalid Network Appearance na=9 diag=36B"
    );
    assert!(s.events().is_empty());
    // The right ones pass; outgoing DATA gets our NA.
    assert!(
        s.feed(Message::Data(Data {
            routing_context: Some(2),
            network_appearance: Some(8),
            ..data(2, 1, 0)
        }))
        .is_empty()
    );
    assert_eq!(s.events().len(), 1);
    s.assoc.send_data(data(1, 2, 0)).unwrap();
    assert_eq!(
        names(&s.sent()),
        ["DATA na=8 rc=2 opc=1 dpc=2 si=3 ni=2 mp=0 sls=0 len=3"]
    );
}

// ------------------------------------------------------------------ BEAT

fn beating(config: Config) -> Config {
    let mut c = config;
    c.timers.beat = Some(SEC);
    c
}

#[test]
fn beat_is_sent_and_acknowledged() {
    let mut p = Pair::new(beating(asp_config()), sgp_config());
    p.connect();
    p.clear_log();
    p.advance(3 * SEC);
    assert_eq!(
        p.transcript(),
        [
            "a: BEAT data=8B",
            "b: BEAT ACK data=8B",
            "a: BEAT data=8B",
            "b: BEAT ACK data=8B",
            "a: BEAT data=8B",
            "b: BEAT ACK data=8B",
        ]
    );
    assert_eq!(p.a.stats().beats_sent, 3);
    assert_eq!(p.a.stats().beat_acks_received, 3);
    assert_eq!(p.a.state(), AspState::Active);
}

#[test]
fn beat_loss_requests_restart() {
    let mut p = Pair::new(beating(asp_config()), sgp_config());
    p.connect();
    p.filter = Some(Box::new(|from, _| from == 'a'));
    p.clear_log();
    // BEAT at 1 s (deadline 3 s), 2 s; nothing back; dead at 3 s.
    p.advance(Duration::from_millis(2999));
    assert_eq!(p.a.state(), AspState::Active);
    p.advance(Duration::from_millis(1));
    assert_eq!(p.a.state(), AspState::Down);
    assert_eq!(p.a.stats().beats_missed, 1);
    assert!(
        matches!(
            p.a_events.as_slice(),
            [
                Event::StateChanged {
                    from: AspState::Active,
                    to: AspState::Down
                },
                Event::TransportRestartRequested {
                    reason: RestartReason::HeartbeatTimeout,
                    ..
                }
            ]
        ),
        "{:?}",
        p.a_events
    );
    assert_eq!(p.sent_by('a'), ["BEAT data=8B", "BEAT data=8B"]);
    // A server side closes instead.
    let mut s = Solo::new(beating(sgp_config()));
    s.up();
    s.advance(3 * SEC);
    assert!(matches!(
        s.events().as_slice(),
        [Event::CloseTransport {
            reason: RestartReason::HeartbeatTimeout
        }]
    ));
}

#[test]
fn any_message_keeps_the_peer_alive() {
    // RFC 4666 §4.3.4.6: "no Heartbeat Ack message (or any other M3UA message)".
    let mut s = solo_asp_active();
    let mut c = asp_config();
    c.timers.beat = Some(SEC);
    c.quirks.aspac_without_ntfy = true;
    s.assoc = Association::new(c).unwrap();
    s.up();
    s.feed(Message::AspUpAck(AspUp::default()));
    s.feed(Message::AspAcAck(AspAc::default()));
    s.events();
    for _ in 0..5 {
        s.advance(Duration::from_millis(1500));
        s.feed(ntfy(Status::AS_ACTIVE));
    }
    assert_eq!(s.assoc.state(), AspState::Active);
    // A BEAT ACK that is not ours proves nothing.
    s.advance(Duration::from_millis(500));
    s.feed(Message::BeatAck(Beat {
        heartbeat_data: Some(Bytes::from_static(b"nope")),
        ..Beat::default()
    }));
    assert_eq!(s.assoc.stats().beat_ack_mismatches, 1);
    s.advance(3 * SEC);
    assert_eq!(s.assoc.state(), AspState::Down);
}

#[test]
fn peer_beat_is_echoed_in_every_state() {
    let beat = Beat {
        heartbeat_data: Some(Bytes::from_static(b"hello")),
        ..Beat::default()
    };
    let makers: [fn() -> Solo; 3] = [
        || solo_asp(asp_config()),
        solo_asp_inactive,
        solo_asp_active,
    ];
    for make in makers {
        let mut s = make();
        assert_eq!(
            s.feed(Message::Beat(beat.clone())),
            [Message::BeatAck(beat.clone())]
        );
    }
    let mut s = solo_sgp(sgp_config(), AspState::Down);
    assert_eq!(
        s.feed(Message::Beat(beat.clone())),
        [Message::BeatAck(beat)]
    );
}

// ------------------------------------------------------------------ NTFY

#[test]
fn notify_variants_become_events() {
    let mut s = solo_asp_active();
    for (status, state) in [
        (Status::AS_PENDING, AsState::Pending),
        (Status::AS_INACTIVE, AsState::Inactive),
        (Status::AS_ACTIVE, AsState::Active),
    ] {
        assert!(
            s.feed(Message::Ntfy(Notify {
                status,
                routing_context: vec![2],
                ..Notify::default()
            }))
            .is_empty()
        );
        assert_eq!(
            s.events(),
            [Event::AsStateChanged {
                state,
                routing_context: vec![2]
            }]
        );
        assert_eq!(s.assoc.as_state(), state);
    }
    for status in [Status::INSUFFICIENT_ASP_RESOURCES, Status::ASP_FAILURE] {
        let n = Notify {
            status,
            asp_identifier: Some(3),
            ..Notify::default()
        };
        assert!(s.feed(Message::Ntfy(n.clone())).is_empty());
        assert_eq!(s.events(), [Event::Notified(n)]);
        assert_eq!(s.assoc.state(), AspState::Active);
    }
    // Alternate ASP Active while inactive changes nothing but is reported.
    let mut s = solo_asp_inactive();
    s.events();
    s.feed(ntfy(Status::ALTERNATE_ASP_ACTIVE));
    assert!(matches!(s.events().as_slice(), [Event::Notified(_)]));
    assert_eq!(s.assoc.state(), AspState::Inactive);
}

// ------------------------------------------------------------------ SSNM

#[test]
fn ssnm_updates_destination_table() {
    let mut p = active_pair();
    let dupu = Dupu {
        affected_point_code: MaskedPointCode::exact(4),
        user_cause: UserCause {
            cause: UnavailabilityCause::UNEQUIPPED_REMOTE_USER,
            user: Mtp3UserIdentity::SCCP,
        },
        ..Dupu::default()
    };
    for m in [
        Message::Duna(ssnm(&[3])),
        Message::Scon(Scon {
            affected_point_codes: vec![MaskedPointCode::exact(5)],
            congestion_level: Some(CongestionLevel::LEVEL_2),
            ..Scon::default()
        }),
        Message::Dupu(dupu),
        Message::Drst(ssnm(&[6])),
        Message::Duna(Ssnm {
            affected_point_codes: vec![MaskedPointCode {
                mask: 4,
                point_code: 0x100,
            }],
            ..Ssnm::default()
        }),
    ] {
        p.b.send_ssnm(m).unwrap();
    }
    p.drive();
    let t = p.a.destinations();
    assert!(!t.is_available(3));
    assert!(t.is_available(5));
    assert_eq!(t.congestion(5), CongestionLevel::LEVEL_2);
    assert!(t.is_available(4));
    assert!(!t.is_user_available(4, Mtp3UserIdentity::SCCP));
    assert!(t.is_user_available(4, Mtp3UserIdentity::ISUP));
    assert!(t.status(6).restricted);
    assert!(!t.is_available(0x10f));
    assert!(t.is_available(0x110));
    let reported = p
        .a_events
        .iter()
        .filter(|e| matches!(e, Event::DestinationStatus { .. }))
        .count();
    assert_eq!(reported, 5);
    // DAVA brings them back.
    p.b.send_ssnm(Message::Dava(ssnm(&[3, 4]))).unwrap();
    p.b.send_ssnm(Message::Dava(Ssnm {
        affected_point_codes: vec![MaskedPointCode {
            mask: 4,
            point_code: 0x10a,
        }],
        ..Ssnm::default()
    }))
    .unwrap();
    p.drive();
    let t = p.a.destinations();
    assert!(t.is_available(3));
    assert!(t.is_user_available(4, Mtp3UserIdentity::SCCP));
    assert!(t.is_available(0x10f));
    // The SGP refuses to send non-SSNM through send_ssnm.
    assert_eq!(
        p.b.send_ssnm(ntfy(Status::AS_ACTIVE)),
        Err(SendError::NotSsnm {
            kind: MessageKind::NTFY
        })
    );
    // Going down forgets it all.
    p.b.send_ssnm(Message::Duna(ssnm(&[3]))).unwrap();
    p.drive();
    p.disconnect();
    assert!(p.a.destinations().is_empty());
}

#[test]
fn ssnm_with_foreign_routing_context_is_refused() {
    let mut s = solo_asp_active();
    let out = s.feed(Message::Duna(Ssnm {
        routing_context: vec![9],
        ..ssnm(&[3])
    }));
    assert_eq!(error_codes(&out), [ErrorCode::INVALID_ROUTING_CONTEXT]);
    assert!(s.assoc.destinations().is_available(3));
}

#[test]
fn ssnm_table_is_bounded() {
    let mut c = asp_config();
    c.max_destinations = 4;
    c.quirks.aspac_without_ntfy = true;
    let mut s = solo_asp(c);
    s.feed(Message::AspUpAck(AspUp::default()));
    s.feed(Message::AspAcAck(AspAc::default()));
    let many: Vec<u32> = (10..20).collect();
    s.feed(Message::Duna(ssnm(&many)));
    assert_eq!(s.assoc.destinations().len(), 4);
    assert_eq!(s.assoc.stats().ssnm_ignored, 6);
}

#[test]
fn daud_is_answered_by_the_sgp_from_its_table() {
    let mut p = active_pair();
    let t = p.b.destinations_mut();
    t.apply(MaskedPointCode::exact(2), DestinationUpdate::Available);
    t.apply(MaskedPointCode::exact(3), DestinationUpdate::Unavailable);
    t.apply(
        MaskedPointCode::exact(5),
        DestinationUpdate::Congestion(CongestionLevel::LEVEL_1),
    );
    p.a.send_ssnm(Message::Daud(ssnm(&[2, 3, 4, 5]))).unwrap();
    p.drive();
    assert_eq!(
        p.transcript(),
        [
            "a: DAUD apc=2,3,4,5",
            "b: DAVA apc=2,5",
            "b: DUNA apc=3",
            "b: SCON apc=5 level=1",
            "b: ERR code=Destination Status Unknown apc=4",
        ]
    );
    assert!(!p.a.destinations().is_available(3));
    assert_eq!(p.a.destinations().congestion(5), CongestionLevel::LEVEL_1);
    assert!(p.a_events.iter().any(|e| matches!(
        e,
        Event::ErrorReceived(err) if err.error_code == ErrorCode::DESTINATION_STATUS_UNKNOWN
    )));
}

#[test]
fn daud_at_an_asp_is_ignored_unless_quirk() {
    let mut s = solo_asp_active();
    assert!(s.feed(Message::Daud(ssnm(&[3]))).is_empty());
    assert_eq!(s.assoc.stats().ssnm_ignored, 1);
    let mut c = asp_config();
    c.quirks.accept_daud_in_asp = true;
    c.quirks.aspac_without_ntfy = true;
    let mut s = solo_asp(c);
    s.feed(Message::AspUpAck(AspUp::default()));
    s.feed(Message::AspAcAck(AspAc::default()));
    s.feed(Message::Duna(ssnm(&[3])));
    assert_eq!(
        names(&s.feed(Message::Daud(ssnm(&[3, 4])))),
        ["DAVA apc=4", "DUNA apc=3"]
    );
}

// ------------------------------------------------------------------ RKM

fn key(lrk: u32, dpc: u32) -> RoutingKey {
    RoutingKey {
        local_rk_identifier: lrk,
        destination_point_codes: vec![MaskedPointCode::exact(dpc)],
        service_indicators: vec![ServiceIndicator::SCCP],
        ..RoutingKey::default()
    }
}

fn registering_asp() -> Config {
    let mut c = asp_config();
    c.routing_contexts.clear();
    c.routing_keys = vec![key(1, 2)];
    c
}

fn registering_sgp(allowed_dpcs: Vec<u32>) -> Config {
    let mut c = sgp_config();
    c.routing_contexts.clear();
    c.server.registration = RegistrationPolicy::Accept {
        first_routing_context: 100,
        allowed_dpcs,
        max_registrations: 8,
    };
    c
}

#[test]
fn registration_then_activation() {
    let mut p = Pair::new(registering_asp(), registering_sgp(vec![2]));
    p.connect();
    assert_eq!(
        p.transcript(),
        [
            "a: ASPUP aspid=7",
            "b: ASPUP ACK",
            "b: NTFY status=AS-INACTIVE",
            "a: REG REQ [lrk=1 tmt=Override dpc=2 si=3]",
            "b: REG RSP [lrk=1 status=Successfully Registered rc=100]",
            "a: ASPAC tmt=Override rc=100",
            "b: ASPAC ACK tmt=Override rc=100",
            "b: NTFY status=AS-ACTIVE rc=100",
        ]
    );
    assert_eq!(p.a.registered_routing_contexts(), [100]);
    assert_eq!(p.b.registered_routing_contexts(), [100]);
    assert!(p.a_events.iter().any(|e| matches!(
        e,
        Event::Registration(r) if r.routing_context == 100
    )));
    assert!(
        p.b_events
            .iter()
            .any(|e| matches!(e, Event::PeerRegistration { .. }))
    );
    // DATA carries the assigned Routing Context (the key's DPC is our OPC).
    p.a.send_data(data(2, 5, 0)).unwrap();
    p.drive();
    assert!(p.b_events.iter().any(|e| matches!(
        e,
        Event::Data(d) if d.routing_context == Some(100)
    )));
    // Deregistration needs ASP-INACTIVE.
    p.clear_log();
    p.a.deactivate(p.now).unwrap();
    p.drive();
    p.a.deregister(p.now).unwrap();
    p.drive();
    assert_eq!(
        p.transcript()[3..],
        [
            "a: DEREG REQ rc=100",
            "b: DEREG RSP [rc=100 status=Successfully Deregistered]"
        ]
    );
    assert!(p.a.registered_routing_contexts().is_empty());
    assert!(p.b.registered_routing_contexts().is_empty());
    assert_eq!(p.a.deregister(p.now), Err(CommandError::NothingRegistered));
}

#[test]
fn registration_failures_are_reported() {
    // Refused: the ASP reports it and the SGP will not activate an ASP without AS.
    let mut p = Pair::new(registering_asp(), Config::new(Role::Sgp));
    p.connect();
    let results: Vec<RegistrationStatus> = p
        .a_events
        .iter()
        .filter_map(|e| match e {
            Event::Registration(r) => Some(r.registration_status),
            _ => None,
        })
        .collect();
    assert_eq!(results, [RegistrationStatus::PERMISSION_DENIED]);
    assert!(p.a_events.iter().any(|e| matches!(
        e,
        Event::ErrorReceived(err) if err.error_code == ErrorCode::NO_CONFIGURED_AS_FOR_ASP
    )));
    assert_eq!(p.a.state(), AspState::Inactive);
    // DPC not allowed.
    let mut p = Pair::new(registering_asp(), registering_sgp(vec![5]));
    p.connect();
    assert!(p.a_events.iter().any(|e| matches!(
        e,
        Event::Registration(r) if r.registration_status == RegistrationStatus::INVALID_DPC
    )));
    // Traffic mode the AS does not have.
    let mut c = registering_asp();
    c.traffic_mode = Some(TrafficModeType::LOADSHARE);
    let mut p = Pair::new(c, registering_sgp(vec![]));
    p.connect();
    assert!(p.a_events.iter().any(|e| matches!(
        e,
        Event::Registration(r)
            if r.registration_status == RegistrationStatus::UNSUPPORTED_TRAFFIC_HANDLING_MODE
    )));
}

#[test]
fn reg_req_retransmission_gets_the_same_context() {
    let mut p = Pair::new(registering_asp(), registering_sgp(vec![]));
    let mut dropped = false;
    p.filter = Some(Box::new(move |from, t| {
        if from == 'b' && t.message.kind() == MessageKind::REG_RSP && !dropped {
            dropped = true;
            return false;
        }
        true
    }));
    p.connect();
    assert_eq!(p.a.state(), AspState::Inactive);
    p.advance(2 * SEC);
    assert_eq!(p.a.state(), AspState::Active);
    assert_eq!(p.b.registered_routing_contexts(), [100]);
    assert_eq!(p.a.active_routing_contexts(), [100]);
}

#[test]
fn sgp_registration_policy_details() {
    let mut c = registering_sgp(vec![]);
    c.routing_contexts = vec![100];
    if let RegistrationPolicy::Accept {
        max_registrations, ..
    } = &mut c.server.registration
    {
        *max_registrations = 1;
    }
    let mut s = solo_sgp(c, AspState::Inactive);
    let req = |keys| {
        Message::RegReq(RegReq {
            routing_keys: keys,
            ..RegReq::default()
        })
    };
    let results = |out: Vec<Message>| match out.as_slice() {
        [Message::RegRsp(r)] => r
            .registration_results
            .iter()
            .map(|r| (r.registration_status, r.routing_context))
            .collect::<Vec<_>>(),
        other => panic!("{other:?}"),
    };
    // 100 is configured: the first dynamic RC is 101; the second key exceeds the limit.
    assert_eq!(
        results(s.feed(req(vec![key(1, 2), key(2, 3)]))),
        [
            (RegistrationStatus::SUCCESSFULLY_REGISTERED, 101),
            (RegistrationStatus::INSUFFICIENT_RESOURCES, 0)
        ]
    );
    // Modifying by Routing Context; unknown Routing Context.
    let mut modify = key(3, 4);
    modify.routing_context = Some(101);
    let mut unknown = key(4, 4);
    unknown.routing_context = Some(555);
    assert_eq!(
        results(s.feed(req(vec![modify, unknown]))),
        [
            (RegistrationStatus::SUCCESSFULLY_REGISTERED, 101),
            (RegistrationStatus::ROUTING_KEY_NOT_PROVISIONED, 0)
        ]
    );
    // DEREG while active for it, configured, unknown.
    s.feed(Message::AspAc(AspAc {
        routing_context: vec![101],
        ..AspAc::default()
    }));
    let out = s.feed(Message::DeregReq(DeregReq {
        routing_context: vec![101, 100, 7],
        ..DeregReq::default()
    }));
    let [Message::DeregRsp(rsp)] = out.as_slice() else {
        panic!("{out:?}")
    };
    let statuses: Vec<DeregistrationStatus> = rsp
        .deregistration_results
        .iter()
        .map(|r| r.deregistration_status)
        .collect();
    assert_eq!(
        statuses,
        [
            DeregistrationStatus::ASP_CURRENTLY_ACTIVE,
            DeregistrationStatus::PERMISSION_DENIED,
            DeregistrationStatus::NOT_REGISTERED
        ]
    );
}

// ------------------------------------------------------------------ IPSP

fn ipsp(exchange: IpspExchange) -> Config {
    let mut c = Config::new(Role::Ipsp(exchange));
    c.asp_identifier = Some(7);
    c
}

#[test]
fn ipsp_single_exchange() {
    let mut p = Pair::new(
        ipsp(IpspExchange::SingleInitiator),
        ipsp(IpspExchange::SingleResponder),
    );
    p.connect();
    assert_eq!(
        p.transcript(),
        [
            "a: ASPUP aspid=7",
            "b: ASPUP ACK aspid=7",
            "a: ASPAC",
            "b: ASPAC ACK"
        ]
    );
    assert_eq!(p.a.state(), AspState::Active);
    assert_eq!(p.b.state(), AspState::Active);
    p.b.send_data(data(1, 2, 3)).unwrap();
    p.a.send_data(data(2, 1, 3)).unwrap();
    p.drive();
    assert!(p.a_events.iter().any(|e| matches!(e, Event::Data(_))));
    assert!(p.b_events.iter().any(|e| matches!(e, Event::Data(_))));
    // Deactivation and down follow the same arrows.
    p.a.deactivate(p.now).unwrap();
    p.drive();
    assert_eq!(p.b.state(), AspState::Inactive);
    p.a.shutdown(p.now).unwrap();
    p.drive();
    assert_eq!(p.b.state(), AspState::Down);
    assert_eq!(p.a.state(), AspState::Down);
}

#[test]
fn ipsp_double_exchange() {
    let mut p = Pair::new(ipsp(IpspExchange::Double), ipsp(IpspExchange::Double));
    p.connect();
    let t = p.transcript();
    for (side, other) in [('a', 'b'), ('b', 'a')] {
        for (request, answer) in [
            ("ASPUP aspid=7", "ASPUP ACK aspid=7"),
            ("ASPAC", "ASPAC ACK"),
        ] {
            assert!(t.contains(&format!("{side}: {request}")), "{t:#?}");
            assert!(t.contains(&format!("{other}: {answer}")), "{t:#?}");
        }
    }
    assert_eq!(t.len(), 8, "four messages each way: {t:#?}");
    for assoc in [&p.a, &p.b] {
        assert_eq!(assoc.state(), AspState::Active);
        assert_eq!(assoc.local_state(), AspState::Active);
        assert_eq!(assoc.peer_state(), AspState::Active);
    }
    // One direction inactive: the association is not active on either side.
    p.clear_log();
    p.a.deactivate(p.now).unwrap();
    p.drive();
    assert_eq!(p.a.state(), AspState::Inactive);
    assert_eq!(p.b.state(), AspState::Inactive);
    assert_eq!(p.b.local_state(), AspState::Active);
    assert_eq!(
        changes(&p.b_events),
        [(AspState::Active, AspState::Inactive)]
    );
    assert!(p.a.send_data(data(1, 2, 0)).is_err());
    p.a.activate(p.now).unwrap();
    p.drive();
    assert_eq!(p.b.state(), AspState::Active);
}

// ------------------------------------------------------------------ routing and back-off

#[test]
fn loadshare_by_sls_and_failover() {
    let mut pairs: Vec<Pair> = (0..3)
        .map(|_| {
            let mut a = asp_config();
            a.traffic_mode = Some(TrafficModeType::LOADSHARE);
            let mut b = sgp_config();
            b.traffic_mode = Some(TrafficModeType::LOADSHARE);
            let mut p = Pair::new(a, b);
            p.connect();
            p
        })
        .collect();
    let mut group = AsGroup::new(TrafficModeType::LOADSHARE);
    for (i, p) in pairs.iter().enumerate() {
        group.insert(i);
        assert!(group.set_state(i, p.a.state()).is_empty());
    }
    let route = |group: &AsGroup<usize>| -> Vec<usize> {
        (0..12u8)
            .map(|sls| match group.route(sls) {
                Route::One(h) => h,
                other => panic!("{other:?}"),
            })
            .collect()
    };
    assert_eq!(route(&group), [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2]);
    // Send by the route: each SGP sees its share.
    for sls in 0..12u8 {
        let Route::One(h) = group.route(sls) else {
            unreachable!()
        };
        pairs[h].a.send_data(data(1, 2, sls)).unwrap();
        pairs[h].drive();
    }
    for p in &pairs {
        let n = p
            .b_events
            .iter()
            .filter(|e| matches!(e, Event::Data(_)))
            .count();
        assert_eq!(n, 4);
    }
    // Association 1 fails: only its SLS values move; 0 and 2 keep theirs.
    pairs[1].disconnect();
    group.set_state(1, pairs[1].a.state());
    let after = route(&group);
    assert_eq!(after, [0, 2, 2, 0, 0, 2, 0, 2, 2, 0, 0, 2]);
    for (sls, (before, now)) in [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2]
        .iter()
        .zip(&after)
        .enumerate()
    {
        if *before != 1 {
            assert_eq!(before, now, "sls {sls} moved");
        }
    }
    // All down: nowhere to go. Broadcast: all active.
    for i in [0, 2] {
        group.set_state(i, AspState::Down);
    }
    assert_eq!(group.route(0), Route::Unavailable);
    assert_eq!(group.as_state(), AsState::Down);
    let mut b = AsGroup::new(TrafficModeType::BROADCAST);
    for i in 0..3 {
        b.insert(i);
        b.set_state(i, AspState::Active);
    }
    b.set_state(1, AspState::Inactive);
    assert_eq!(b.route(5), Route::All(vec![0, 2]));
    assert_eq!(b.active().collect::<Vec<_>>(), [0, 2]);
    // Filtering by destination availability.
    pairs[0].b.send_ssnm(Message::Duna(ssnm(&[9]))).unwrap();
    pairs[0].drive();
    let mut g = AsGroup::new(TrafficModeType::LOADSHARE);
    g.insert(0);
    g.insert(2);
    g.set_state(0, AspState::Active);
    g.set_state(2, AspState::Active);
    let usable = |h: usize| pairs[h].a.destinations().is_available(9);
    assert_eq!(g.route_where(0, usable), Route::One(2));
    assert!(g.remove(2));
    assert!(!g.remove(2));
    assert_eq!(g.route_where(0, usable), Route::Unavailable);
}

#[test]
fn reconnect_backoff_grows_and_caps() {
    let mut c = asp_config();
    c.reconnect.jitter_percent = 0;
    let mut s = Solo::new(c);
    let mut delays = Vec::new();
    for _ in 0..12 {
        s.up();
        s.advance(Duration::from_millis(10));
        s.assoc.handle_transport_down(s.now);
        for e in s.events() {
            if let Event::TransportRestartRequested { after, .. } = e {
                delays.push(after.as_millis());
            }
        }
    }
    assert_eq!(
        delays,
        [
            100, 200, 400, 800, 1600, 3200, 6400, 12_800, 25_600, 30_000, 30_000, 30_000
        ]
    );
    // A connection that stays up long enough resets the sequence.
    s.up();
    s.advance(10 * SEC);
    s.assoc.handle_transport_down(s.now);
    assert!(matches!(
        s.events().last(),
        Some(Event::TransportRestartRequested { after, .. }) if after.as_millis() == 100
    ));
    // Jitter takes off at most 20 %, deterministically from the seed.
    let jittered = |seed| {
        let mut c = asp_config();
        c.jitter_seed = seed;
        let mut s = Solo::new(c);
        (0..6)
            .map(|_| {
                s.up();
                s.assoc.handle_transport_down(s.now);
                match s.events().pop() {
                    Some(Event::TransportRestartRequested { after, .. }) => after,
                    other => panic!("{other:?}"),
                }
            })
            .collect::<Vec<_>>()
    };
    let a = jittered(1);
    assert_eq!(a, jittered(1));
    assert_ne!(a, jittered(2));
    let mut plain = Backoff::new(BackoffConfig::default());
    for d in a {
        let base = plain.next_delay(0);
        assert!(d <= base && d >= base * 4 / 5, "{d:?} vs {base:?}");
    }
}

// ------------------------------------------------------------------ stats and config

#[test]
fn stats_count_by_class() {
    let mut p = active_pair();
    p.a.send_data(data(1, 2, 0)).unwrap();
    p.b.send_ssnm(Message::Duna(ssnm(&[3]))).unwrap();
    p.drive();
    let a = p.a.stats();
    assert_eq!(a.state, AspState::Active);
    assert_eq!(a.sent.aspsm, 1);
    assert_eq!(a.sent.asptm, 1);
    assert_eq!(a.sent.transfer, 1);
    assert_eq!(a.received.aspsm, 1);
    assert_eq!(a.received.asptm, 1);
    assert_eq!(a.received.mgmt, 2);
    assert_eq!(a.received.ssnm, 1);
    assert_eq!(a.received.get(MessageClass::SSNM), 1);
    assert_eq!(a.sent.total(), 3);
    assert_eq!(a.transport_ups, 1);
    let b = p.b.stats();
    assert_eq!(b.sent.mgmt, 2);
    assert_eq!(b.received.transfer, 1);
    assert_eq!(b.errors_sent.total(), 0);
}

#[test]
fn config_is_validated() {
    use m3ua::asp::ConfigError;
    let check = |f: fn(&mut Config)| {
        let mut c = asp_config();
        f(&mut c);
        Association::new(c).err()
    };
    assert_eq!(
        check(|c| c.traffic_mode = Some(TrafficModeType(9))),
        Some(ConfigError::UnknownTrafficMode(TrafficModeType(9)))
    );
    assert_eq!(
        check(|c| c.routing_contexts = vec![2, 2]),
        Some(ConfigError::DuplicateRoutingContext(2))
    );
    assert_eq!(
        check(|c| c.routing_keys = vec![key(1, 2), key(1, 3)]),
        Some(ConfigError::DuplicateLocalRkIdentifier(1))
    );
    assert_eq!(
        check(|c| c.routing_keys = vec![RoutingKey::default()]),
        Some(ConfigError::RoutingKeyWithoutDpc(0))
    );
    assert_eq!(
        check(|c| c.outbound_streams = 0),
        Some(ConfigError::ZeroOutboundStreams)
    );
    assert_eq!(
        check(|c| c.timers.ack = Duration::ZERO),
        Some(ConfigError::ZeroTimer("ack"))
    );
    assert_eq!(
        check(|c| {
            c.timers.beat = Some(SEC);
            c.timers.beat_timeout = Some(Duration::from_millis(10));
        }),
        Some(ConfigError::BeatTimeoutTooShort)
    );
    assert!(matches!(
        check(|c| c.reconnect.factor = 0),
        Some(ConfigError::InvalidBackoff(_))
    ));
    assert_eq!(check(|_| {}), None);
}
