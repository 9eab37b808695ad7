//! The call flows of issue 6 (1–9) against a real `store::Store<MemEngine>`, through
//! `scp::service`. Every operation the service logic emits is encoded with the INAP codec and
//! decoded back (round trip), so nothing unencodable leaves the logic.

use std::sync::Arc;

use inap::isup::{
    CalledPartyNumber, CallingPartyNumber, CallingPartysCategory, Cause, CauseValue, Location,
    NatureOfAddress, Presentation, Screening,
};
use inap::operations::datatypes::{
    BcsmEvent, BusySpecificInfo, DisconnectSpecificInfo, DpSpecificCriteria,
    EventSpecificInformationBcsm, EventTypeBcsm, GapCriteria, InformationToSend, LegId, LegType,
    MessageId, MessageType, MiscCallInfo, MonitorMode, ResourceAddress, ServiceKey,
};
use inap::operations::{Argument, ConnectArg, EventReportBcsmArg, InitialDpArg};
use scp::service::{
    Call, CallContext, CallOutcome, DialogueAction, EndKind, GapOn, Reply, Service, ServiceConfig,
    Trigger,
};
use store::{
    AllocationRequest, AnnouncementId, BindingKind, BindingSpec, HolidayMatch, KeyRing, MemEngine,
    NumberRange, Outcome, Policy, RealNumber, ReleaseCause, Schedule, ScheduleAction, ScheduleRule,
    Store, StoreConfig, Strategy, Tenant, TenantId, Timestamp, VirtualNumber, Weekdays,
};

const DAY: u64 = 86_400;
/// 2025-03-04T01:00:00Z: a Tuesday, 10:00 in Seoul.
const T0: Timestamp = Timestamp(1_741_050_000_000);
const SHOP: TenantId = TenantId(1);
/// A tenant without an expired-number announcement.
const PLAIN: TenantId = TenantId(2);

const A: &str = "01011112222";
const B: &str = "01033334444";
const R: &str = "0212345678";
const R2: &str = "0311112222";
const F1: &str = "01055556666";
const F2: &str = "01077778888";
const STRANGER: &str = "01099990000";

fn keyring() -> KeyRing {
    KeyRing::new(1, &[0x11; 32], &[0x22; 32])
}

fn r(s: &str) -> RealNumber {
    RealNumber::parse(s).unwrap()
}

fn vn(s: &str) -> VirtualNumber {
    VirtualNumber::parse(s).unwrap()
}

fn new_store() -> Arc<Store<MemEngine>> {
    let s = Store::open(MemEngine::new(), keyring(), StoreConfig::default()).unwrap();
    for (id, ann) in [(SHOP, Some(AnnouncementId(77))), (PLAIN, None)] {
        s.put_tenant(
            "test",
            &Tenant {
                id,
                name: format!("t{}", id.0),
                policy: Policy {
                    expired_announcement: ann,
                    ..Policy::default()
                },
            },
            T0,
        )
        .unwrap();
    }
    s.add_range(
        "test",
        &NumberRange {
            tenant: SHOP,
            first: vn("05041234000"),
            last: vn("05041234099"),
        },
        T0,
    )
    .unwrap();
    s.add_range(
        "test",
        &NumberRange {
            tenant: PLAIN,
            first: vn("05045678000"),
            last: vn("05045678009"),
        },
        T0,
    )
    .unwrap();
    Arc::new(s)
}

fn bind(
    s: &Store<MemEngine>,
    tenant: TenantId,
    reference: &str,
    spec: BindingSpec,
) -> VirtualNumber {
    s.allocate(
        "test",
        &AllocationRequest {
            tenant,
            external_ref: reference.into(),
            strategy: Strategy::LeastRecentlyReleased,
            spec,
        },
        T0,
    )
    .unwrap()
    .id
    .number
}

fn one_way(dest: &str) -> BindingSpec {
    BindingSpec::new(BindingKind::OneWay {
        destinations: vec![r(dest)],
    })
}

fn service(s: &Arc<Store<MemEngine>>, config: ServiceConfig) -> Service<MemEngine> {
    Service::new(s.clone(), config).unwrap()
}

/// No arming: the answers that fit in a TC-END.
fn plain_config() -> ServiceConfig {
    ServiceConfig {
        arm_answer_disconnect: false,
        ..ServiceConfig::default()
    }
}

fn idp(called: &str, calling: Option<&str>) -> InitialDpArg {
    let mut a = InitialDpArg::new(ServiceKey::new(100).unwrap());
    a.called_party_number = Some(CalledPartyNumber::national(called).unwrap());
    a.calling_party_number = calling.map(|c| {
        CallingPartyNumber::new(
            NatureOfAddress::NATIONAL,
            inap::isup::NumberingPlan::ISDN,
            Presentation::ALLOWED,
            Screening::USER_PROVIDED_VERIFIED_PASSED,
            c,
        )
        .unwrap()
    });
    a.calling_partys_category = Some(CallingPartysCategory::ORDINARY);
    a.event_type_bcsm = Some(EventTypeBcsm::COLLECTED_INFO);
    a
}

fn ctx(call_id: u64) -> CallContext {
    CallContext {
        call_id,
        ssp: "pc=3".into(),
        trigger: None,
    }
}

/// Encodes every operation with the INAP codec and decodes it back.
fn roundtrip(reply: &Reply) {
    for op in &reply.operations {
        let bytes = op.encode();
        let back = Argument::decode(op.opcode(), bytes.as_deref())
            .unwrap_or_else(|e| panic!("{} does not decode: {e}", op.opcode()));
        assert_eq!(&back, op, "{} round trip", op.opcode());
        assert_eq!(
            back.encode(),
            bytes,
            "{} re-encodes identically",
            op.opcode()
        );
    }
}

fn start(
    svc: &Service<MemEngine>,
    arg: &InitialDpArg,
    id: u64,
    now: Timestamp,
) -> (Option<Call>, Reply) {
    let (call, reply) = svc.initial_dp(arg, &ctx(id), now);
    roundtrip(&reply);
    assert_eq!(
        call.is_some(),
        reply.dialogue == DialogueAction::Continue,
        "a call is kept exactly when the dialogue continues"
    );
    (call, reply)
}

fn step(call: &mut Call, op: Argument, now: Timestamp) -> Reply {
    let reply = call.on_operation(&op, now);
    roundtrip(&reply);
    reply
}

fn opcodes(reply: &Reply) -> Vec<&'static str> {
    reply
        .operations
        .iter()
        .map(|o| o.opcode().name().unwrap_or("?"))
        .collect()
}

fn connect_of(reply: &Reply) -> &ConnectArg {
    reply
        .operations
        .iter()
        .find_map(|o| match o {
            Argument::Connect(c) => Some(c),
            _ => None,
        })
        .expect("a Connect")
}

fn release_cause_of(reply: &Reply) -> u8 {
    reply
        .operations
        .iter()
        .find_map(|o| match o {
            Argument::ReleaseCall(c) => Some(c.value().0),
            _ => None,
        })
        .expect("a ReleaseCall")
}

fn events_of(reply: &Reply) -> Vec<BcsmEvent> {
    reply
        .operations
        .iter()
        .find_map(|o| match o {
            Argument::RequestReportBcsmEvent(r) => Some(r.bcsm_events.clone()),
            _ => None,
        })
        .expect("a RequestReportBCSMEvent")
}

fn event(events: &[BcsmEvent], e: EventTypeBcsm, leg: u8) -> Option<&BcsmEvent> {
    events
        .iter()
        .find(|x| x.event_type_bcsm == e && x.leg_id == Some(LegId::SendingSideId(LegType(leg))))
}

fn announcement_ids(reply: &Reply) -> Vec<i64> {
    let pa = reply
        .operations
        .iter()
        .find_map(|o| match o {
            Argument::PlayAnnouncement(p) => Some(p),
            _ => None,
        })
        .expect("a PlayAnnouncement");
    assert_eq!(pa.request_announcement_complete, Some(true));
    assert_eq!(pa.disconnect_from_ip_forbidden, Some(true));
    let InformationToSend::InbandInfo(i) = &pa.information_to_send else {
        panic!("not inband information");
    };
    match &i.message_id {
        MessageId::ElementaryMessageId(id) => vec![id.get()],
        MessageId::ElementaryMessageIds(ids) => ids.0.iter().map(|i| i.get()).collect(),
        other => panic!("unexpected message id {other:?}"),
    }
}

fn erb(
    e: EventTypeBcsm,
    kind: MessageType,
    info: Option<EventSpecificInformationBcsm>,
) -> Argument {
    Argument::EventReportBcsm(EventReportBcsmArg {
        event_type_bcsm: e,
        bcsm_event_correlation_id: None,
        event_specific_information_bcsm: info,
        leg_id: Some(LegId::ReceivingSideId(LegType::LEG2)),
        misc_call_info: Some(MiscCallInfo {
            message_type: kind,
            dp_assignment: None,
        }),
        extensions: None,
    })
}

fn disconnect(cause: CauseValue) -> Argument {
    erb(
        EventTypeBcsm::O_DISCONNECT,
        MessageType::NOTIFICATION,
        Some(EventSpecificInformationBcsm::ODisconnectSpecificInfo(
            DisconnectSpecificInfo {
                release_cause: Some(Cause::new(Location::USER, cause).unwrap()),
                connect_time: None,
            },
        )),
    )
}

// ── Flow 1: one-way ──────────────────────────────────────────────────────────────────────────────

#[test]
fn flow1_one_way_connect_in_tc_end() {
    let s = new_store();
    let v = bind(&s, SHOP, "order-1", one_way(R));
    let svc = service(&s, plain_config());
    let (call, reply) = start(&svc, &idp(v.as_str(), Some(A)), 1, T0);
    assert!(call.is_none());
    assert_eq!(reply.dialogue, DialogueAction::End);
    assert_eq!(reply.outcome, CallOutcome::Connect);
    assert_eq!(opcodes(&reply), ["connect"]);
    let c = connect_of(&reply);
    assert_eq!(c.destination_routing_address.len(), 1);
    assert_eq!(c.destination_routing_address[0].digits(), R);
    assert_eq!(
        c.destination_routing_address[0].nature_of_address(),
        NatureOfAddress::NATIONAL
    );
    assert_eq!(
        c.original_called_party_id.as_ref().unwrap().digits(),
        v.as_str()
    );
    assert_eq!(
        c.calling_partys_category,
        Some(CallingPartysCategory::ORDINARY)
    );
    assert!(
        c.calling_party_number.is_none(),
        "one-way keeps the caller's number"
    );
    let rec = reply.record.expect("a call record");
    assert_eq!(rec.call_id, 1);
    assert_eq!(rec.number, v);
    assert_eq!(rec.tenant, SHOP);
    assert_eq!(rec.outcome, Outcome::Connected);
    assert_eq!(rec.destination, Some(r(R)));
    assert_eq!(rec.caller, Some(r(A)));
    assert_eq!(rec.external_ref.as_deref(), Some("order-1"));
    assert_eq!(rec.attempt_at, T0);
    assert_eq!(rec.answer_at, None);
    assert_eq!(rec.ssp, "pc=3");
}

#[test]
fn flow1_one_way_with_events_armed_continues() {
    let s = new_store();
    let v = bind(&s, SHOP, "order-1", one_way(R));
    let svc = service(&s, ServiceConfig::default());
    let (call, reply) = start(&svc, &idp(v.as_str(), Some(A)), 1, T0);
    assert!(call.is_some());
    assert_eq!(reply.dialogue, DialogueAction::Continue);
    assert_eq!(opcodes(&reply), ["requestReportBCSMEvent", "connect"]);
    let ev = events_of(&reply);
    let n = MonitorMode::NOTIFY_AND_CONTINUE;
    assert_eq!(
        event(&ev, EventTypeBcsm::O_ANSWER, 2).unwrap().monitor_mode,
        n
    );
    assert_eq!(
        event(&ev, EventTypeBcsm::O_DISCONNECT, 1)
            .unwrap()
            .monitor_mode,
        n
    );
    assert_eq!(
        event(&ev, EventTypeBcsm::O_DISCONNECT, 2)
            .unwrap()
            .monitor_mode,
        n
    );
    // Not forwarded: busy and no answer only notified, without a timer.
    let busy = event(&ev, EventTypeBcsm::O_CALLED_PARTY_BUSY, 2).unwrap();
    assert_eq!(busy.monitor_mode, n);
    let na = event(&ev, EventTypeBcsm::O_NO_ANSWER, 2).unwrap();
    assert_eq!(na.monitor_mode, n);
    assert_eq!(na.dp_specific_criteria, None);
    assert!(event(&ev, EventTypeBcsm::O_ABANDON, 1).is_none());
    assert_eq!(ev.len(), 5);
}

// ── Flow 2: two-way ──────────────────────────────────────────────────────────────────────────────

#[test]
fn flow2_two_way_both_directions_present_v() {
    let s = new_store();
    let v = bind(
        &s,
        SHOP,
        "pair",
        BindingSpec::new(BindingKind::TwoWay { a: r(A), b: r(B) }),
    );
    let svc = service(&s, plain_config());
    for (from, to) in [(A, B), (B, A)] {
        let (_, reply) = start(&svc, &idp(v.as_str(), Some(from)), 2, T0);
        assert_eq!(reply.outcome, CallOutcome::Connect);
        let c = connect_of(&reply);
        assert_eq!(c.destination_routing_address[0].digits(), to);
        let calling = c.calling_party_number.as_ref().expect("V presented");
        assert_eq!(calling.digits(), v.as_str());
        assert_eq!(calling.presentation(), Presentation::ALLOWED);
        assert_eq!(calling.screening(), Screening::NETWORK_PROVIDED);
        assert_eq!(
            c.original_called_party_id.as_ref().unwrap().digits(),
            v.as_str()
        );
    }
}

#[test]
fn flow2_two_way_third_party_gets_the_policy() {
    let s = new_store();
    let v = bind(
        &s,
        SHOP,
        "pair",
        BindingSpec::new(BindingKind::TwoWay { a: r(A), b: r(B) }),
    );
    // Without an announcement: released, cause 21.
    let svc = service(&s, plain_config());
    let (call, reply) = start(&svc, &idp(v.as_str(), Some(STRANGER)), 3, T0);
    assert!(call.is_none());
    assert_eq!(opcodes(&reply), ["releaseCall"]);
    assert_eq!(release_cause_of(&reply), 21);
    assert_eq!(reply.outcome, CallOutcome::ReleaseRejected);
    let rec = reply.record.unwrap();
    assert_eq!(rec.outcome, Outcome::Rejected);
    assert_eq!(rec.tenant, SHOP);
    assert_eq!(rec.release_cause, Some(ReleaseCause::CALL_REJECTED));
    assert_eq!(rec.end_at, Some(T0));
    // No caller number at all: not a party either.
    let (_, reply) = start(&svc, &idp(v.as_str(), None), 4, T0);
    assert_eq!(release_cause_of(&reply), 21);

    // With the configured announcement: CTR + PA, then ReleaseCall 21 after the SRR.
    let mut config = plain_config();
    config.announcement.not_a_party = Some(4242);
    let svc = service(&s, config);
    let (call, reply) = start(&svc, &idp(v.as_str(), Some(STRANGER)), 5, T0);
    let mut call = call.unwrap();
    assert_eq!(opcodes(&reply), ["connectToResource", "playAnnouncement"]);
    assert_eq!(announcement_ids(&reply), [4242]);
    assert_eq!(reply.outcome, CallOutcome::ReleaseRejected);
    let done = step(
        &mut call,
        Argument::SpecializedResourceReport,
        T0.plus_secs(7),
    );
    assert_eq!(opcodes(&done), ["releaseCall"]);
    assert_eq!(release_cause_of(&done), 21);
    assert_eq!(done.dialogue, DialogueAction::End);
    assert_eq!(done.outcome, CallOutcome::AnnouncementDone);
    assert_eq!(done.record.unwrap().end_at, Some(T0.plus_secs(7)));
    assert!(call.is_ended());
}

// ── Flow 3: originating masking ─────────────────────────────────────────────────────────────────

fn originating_config() -> ServiceConfig {
    ServiceConfig {
        terminating_service_keys: vec![100],
        originating_service_keys: vec![200],
        arm_answer_disconnect: false,
        ..ServiceConfig::default()
    }
}

#[test]
fn flow3_originating_masks_a_protected_caller() {
    let s = new_store();
    let v = bind(
        &s,
        SHOP,
        "mask",
        BindingSpec::new(BindingKind::OriginatingMask { party: r(A) }),
    );
    let svc = service(&s, originating_config());
    let mut arg = idp(STRANGER, Some(A));
    arg.service_key = ServiceKey::new(200).unwrap();
    let (call, reply) = start(&svc, &arg, 6, T0);
    assert!(call.is_none());
    assert_eq!(reply.outcome, CallOutcome::Masked);
    assert_eq!(opcodes(&reply), ["connect"]);
    let c = connect_of(&reply);
    assert_eq!(
        c.destination_routing_address[0],
        arg.called_party_number.clone().unwrap(),
        "the number as dialled"
    );
    assert_eq!(
        c.calling_party_number.as_ref().unwrap().digits(),
        v.as_str()
    );
    assert!(c.original_called_party_id.is_none());
    let rec = reply.record.unwrap();
    assert_eq!(rec.number, v);
    assert_eq!(rec.caller, Some(r(A)));
    assert_eq!(rec.destination, Some(r(STRANGER)));

    // The trigger may also come from the wiring.
    let mut c = ctx(7);
    c.trigger = Some(Trigger::Originating);
    let (_, reply) = svc.initial_dp(&idp(STRANGER, Some(A)), &c, T0);
    assert_eq!(reply.outcome, CallOutcome::Masked);
}

#[test]
fn flow3_unprotected_caller_continues() {
    let s = new_store();
    bind(
        &s,
        SHOP,
        "mask",
        BindingSpec::new(BindingKind::OriginatingMask { party: r(A) }),
    );
    let svc = service(&s, originating_config());
    for calling in [Some(B), None] {
        let mut arg = idp(STRANGER, calling);
        arg.service_key = ServiceKey::new(200).unwrap();
        let (call, reply) = start(&svc, &arg, 8, T0);
        assert!(call.is_none());
        assert_eq!(opcodes(&reply), ["continue"]);
        assert_eq!(reply.dialogue, DialogueAction::End);
        assert_eq!(reply.outcome, CallOutcome::Continue);
        assert!(reply.record.is_none());
    }
}

// ── Flow 4: unknown, expired, quarantined, suspended ────────────────────────────────────────────

#[test]
fn flow4_unknown_number_released_cause_1() {
    let s = new_store();
    let svc = service(&s, plain_config());
    // In no pool: recorded under the operator.
    let (call, reply) = start(&svc, &idp("05049999999", Some(A)), 9, T0);
    assert!(call.is_none());
    assert_eq!(opcodes(&reply), ["releaseCall"]);
    assert_eq!(release_cause_of(&reply), 1);
    assert_eq!(reply.outcome, CallOutcome::ReleaseUnknown);
    let rec = reply.record.unwrap();
    assert_eq!(rec.tenant, TenantId::OPERATOR);
    assert_eq!(rec.outcome, Outcome::Unknown);
    // Free in SHOP's pool: recorded under SHOP.
    let (_, reply) = start(&svc, &idp("05041234050", Some(A)), 10, T0);
    assert_eq!(release_cause_of(&reply), 1);
    assert_eq!(reply.record.unwrap().tenant, SHOP);
    // Not a virtual number at all: released, no record possible.
    let (_, reply) = start(&svc, &idp("0212345678", Some(A)), 11, T0);
    assert_eq!(release_cause_of(&reply), 1);
    assert!(reply.record.is_none());
    // Records for numbers in no pool can be turned off.
    let svc = service(
        &s,
        ServiceConfig {
            record_unallocated: false,
            ..plain_config()
        },
    );
    let (_, reply) = start(&svc, &idp("05049999999", Some(A)), 12, T0);
    assert!(reply.record.is_none());
}

#[test]
fn flow4_unknown_number_announcement_then_release() {
    let s = new_store();
    let mut config = plain_config();
    config.announcement.unknown = Some(9001);
    config.announcement.srf_address = Some("0801234".into());
    let svc = service(&s, config);
    let (call, reply) = start(&svc, &idp("05049999999", Some(A)), 13, T0);
    let mut call = call.unwrap();
    assert_eq!(opcodes(&reply), ["connectToResource", "playAnnouncement"]);
    let Argument::ConnectToResource(ctr) = &reply.operations[0] else {
        panic!("not a ConnectToResource");
    };
    let ResourceAddress::IpRoutingAddress(ip) = &ctr.resource_address else {
        panic!("no ipRoutingAddress");
    };
    assert_eq!(ip.digits(), "0801234");
    assert_eq!(announcement_ids(&reply), [9001]);
    let done = step(
        &mut call,
        Argument::SpecializedResourceReport,
        T0.plus_secs(5),
    );
    assert_eq!(release_cause_of(&done), 1);
    assert_eq!(done.dialogue, DialogueAction::End);
}

#[test]
fn flow4_expired_binding_plays_the_tenant_announcement_then_cause_22() {
    let s = new_store();
    let v = bind(
        &s,
        SHOP,
        "short",
        BindingSpec {
            expires_at: Some(T0.plus_days(1)),
            ..one_way(R)
        },
    );
    let svc = service(&s, plain_config());
    let later = T0.plus_days(2);
    let (call, reply) = start(&svc, &idp(v.as_str(), Some(A)), 14, later);
    let mut call = call.expect("announcement keeps the dialogue");
    assert_eq!(opcodes(&reply), ["connectToResource", "playAnnouncement"]);
    let Argument::ConnectToResource(ctr) = &reply.operations[0] else {
        panic!("not a ConnectToResource");
    };
    assert_eq!(ctr.resource_address, ResourceAddress::None(()));
    assert_eq!(announcement_ids(&reply), [77]);
    assert_eq!(reply.outcome, CallOutcome::ReleaseExpired);
    let rec = reply.record.unwrap();
    assert_eq!(rec.outcome, Outcome::Expired);
    assert_eq!(rec.end_at, None);
    // Anything but the SRR is ignored meanwhile.
    let ignored = step(&mut call, Argument::ActivityTest, later.plus_secs(1));
    assert_eq!(ignored.outcome, CallOutcome::Ignored);
    assert!(ignored.operations.is_empty());
    let done = step(
        &mut call,
        Argument::SpecializedResourceReport,
        later.plus_secs(9),
    );
    assert_eq!(opcodes(&done), ["releaseCall"]);
    assert_eq!(release_cause_of(&done), 22);
    let rec = done.record.unwrap();
    assert_eq!(rec.end_at, Some(later.plus_secs(9)));
    assert_eq!(rec.release_cause, Some(ReleaseCause::NUMBER_CHANGED));
    // The call is over: the dialogue's end gives no second record.
    assert!(call.on_end(EndKind::Ended, later.plus_secs(10)).is_none());
}

#[test]
fn flow4_quarantined_number_without_announcement_cause_22() {
    let s = new_store();
    let v = bind(&s, PLAIN, "gone", one_way(R));
    s.release("test", &v, T0.plus_secs(60)).unwrap();
    let svc = service(&s, plain_config());
    let (call, reply) = start(&svc, &idp(v.as_str(), Some(A)), 15, T0.plus_secs(120));
    assert!(call.is_none());
    assert_eq!(opcodes(&reply), ["releaseCall"]);
    assert_eq!(release_cause_of(&reply), 22);
    assert_eq!(reply.outcome, CallOutcome::ReleaseExpired);
    let rec = reply.record.unwrap();
    assert_eq!(rec.tenant, PLAIN, "the last binding's tenant");
    assert_eq!(rec.outcome, Outcome::Expired);
}

#[test]
fn flow4_suspended_number_cause_21() {
    let s = new_store();
    let v = bind(&s, SHOP, "paused", one_way(R));
    s.suspend("test", &v, T0).unwrap();
    let svc = service(&s, plain_config());
    let (_, reply) = start(&svc, &idp(v.as_str(), Some(A)), 16, T0.plus_secs(1));
    assert_eq!(release_cause_of(&reply), 21);
    assert_eq!(reply.outcome, CallOutcome::ReleaseSuspended);
    let rec = reply.record.unwrap();
    assert_eq!(rec.tenant, SHOP);
    assert_eq!(rec.external_ref.as_deref(), Some("paused"));
}

#[test]
fn flow4_announcement_without_srr_goes_on_at_the_timeout() {
    let s = new_store();
    let mut config = plain_config();
    config.announcement.unknown = Some(1);
    config.announcement.timeout_secs = Some(30);
    let svc = service(&s, config);
    let (call, _) = start(&svc, &idp("05049999999", Some(A)), 17, T0);
    let mut call = call.unwrap();
    assert_eq!(call.poll_timeout(), Some(T0.plus_secs(30)));
    let early = call.handle_timeout(T0.plus_secs(29));
    assert_eq!(early.outcome, CallOutcome::Ignored);
    assert!(early.operations.is_empty());
    let late = call.handle_timeout(T0.plus_secs(30));
    roundtrip(&late);
    assert_eq!(late.outcome, CallOutcome::AnnouncementTimeout);
    assert_eq!(release_cause_of(&late), 1);
    assert_eq!(late.dialogue, DialogueAction::End);
    assert_eq!(call.poll_timeout(), None);
}

// ── Flow 5: schedules ───────────────────────────────────────────────────────────────────────────

#[test]
fn flow5_schedule_chooses_destination_or_announcement() {
    let s = new_store();
    let holiday = jiff::civil::date(2025, 3, 5);
    let schedule = Schedule {
        tz: None,
        rules: vec![
            ScheduleRule {
                days: Weekdays::ALL,
                from_minute: 0,
                to_minute: 0,
                holidays: HolidayMatch::Only,
                action: ScheduleAction::Reject,
            },
            ScheduleRule {
                days: Weekdays::WEEKDAYS,
                from_minute: 9 * 60,
                to_minute: 18 * 60,
                holidays: HolidayMatch::Except,
                action: ScheduleAction::Destination(0),
            },
            ScheduleRule {
                days: Weekdays::WEEKEND,
                from_minute: 9 * 60,
                to_minute: 18 * 60,
                holidays: HolidayMatch::Any,
                action: ScheduleAction::Destination(1),
            },
        ],
        default: ScheduleAction::Announce(AnnouncementId(55)),
        holidays: vec![holiday],
    };
    let v = bind(
        &s,
        SHOP,
        "hours",
        BindingSpec {
            schedule: Some(schedule),
            expires_at: Some(T0.plus_days(30)),
            ..BindingSpec::new(BindingKind::OneWay {
                destinations: vec![r(R), r(R2)],
            })
        },
    );
    let svc = service(&s, plain_config());
    let call_at = |now: Timestamp| start(&svc, &idp(v.as_str(), Some(A)), 18, now);
    // Tuesday 10:00: the first destination.
    let (_, reply) = call_at(T0);
    assert_eq!(
        connect_of(&reply).destination_routing_address[0].digits(),
        R
    );
    // Saturday 10:00: the second.
    let (_, reply) = call_at(T0.plus_days(4));
    assert_eq!(
        connect_of(&reply).destination_routing_address[0].digits(),
        R2
    );
    assert_eq!(reply.record.unwrap().destination, Some(r(R2)));
    // Tuesday 20:00: the announcement, then cause 16.
    let (call, reply) = call_at(T0.plus_secs(10 * 3600));
    assert_eq!(announcement_ids(&reply), [55]);
    assert_eq!(reply.outcome, CallOutcome::ReleaseRejected);
    let done = step(
        &mut call.unwrap(),
        Argument::SpecializedResourceReport,
        T0.plus_secs(10 * 3600 + 8),
    );
    assert_eq!(release_cause_of(&done), 16);
    // The holiday (Wednesday): rejected, cause 21.
    let (call, reply) = call_at(T0.plus_days(1));
    assert!(call.is_none());
    assert_eq!(release_cause_of(&reply), 21);
    assert_eq!(reply.outcome, CallOutcome::ReleaseRejected);
}

// ── Flow 6: ringback and notice ─────────────────────────────────────────────────────────────────

#[test]
fn flow6_ringback_and_notice_before_connecting() {
    let s = new_store();
    let v = bind(
        &s,
        SHOP,
        "ring",
        BindingSpec {
            ringback: Some(AnnouncementId(5)),
            notice: Some(AnnouncementId(6)),
            ..one_way(R)
        },
    );
    for (config, ops_after, dialogue) in [
        (
            plain_config(),
            vec!["disconnectForwardConnection", "connect"],
            DialogueAction::End,
        ),
        (
            ServiceConfig::default(),
            vec![
                "disconnectForwardConnection",
                "requestReportBCSMEvent",
                "connect",
            ],
            DialogueAction::Continue,
        ),
    ] {
        let svc = service(&s, config);
        let (call, reply) = start(&svc, &idp(v.as_str(), Some(A)), 19, T0);
        let mut call = call.unwrap();
        assert_eq!(opcodes(&reply), ["connectToResource", "playAnnouncement"]);
        assert_eq!(announcement_ids(&reply), [5, 6]);
        assert_eq!(reply.dialogue, DialogueAction::Continue);
        assert_eq!(reply.outcome, CallOutcome::Connect);
        assert_eq!(reply.record.unwrap().outcome, Outcome::Connected);
        let done = step(
            &mut call,
            Argument::SpecializedResourceReport,
            T0.plus_secs(4),
        );
        assert_eq!(opcodes(&done), ops_after);
        assert_eq!(done.dialogue, dialogue);
        assert_eq!(done.outcome, CallOutcome::AnnouncementDone);
        assert_eq!(connect_of(&done).destination_routing_address[0].digits(), R);
        assert_eq!(call.is_ended(), dialogue == DialogueAction::End);
    }
}

// ── Flow 7: busy / no-answer forwarding ─────────────────────────────────────────────────────────

fn forwarding(s: &Store<MemEngine>) -> VirtualNumber {
    bind(
        s,
        SHOP,
        "fwd",
        BindingSpec {
            busy_forward: Some(r(F1)),
            no_answer_forward: Some(r(F2)),
            ..one_way(R)
        },
    )
}

#[test]
fn flow7_busy_and_no_answer_armed_interrupted_with_timer() {
    let s = new_store();
    let v = forwarding(&s);
    let config = ServiceConfig {
        no_answer_secs: 25,
        ..ServiceConfig::default()
    };
    let svc = service(&s, config);
    let (_, reply) = start(&svc, &idp(v.as_str(), Some(A)), 20, T0);
    let ev = events_of(&reply);
    let busy = event(&ev, EventTypeBcsm::O_CALLED_PARTY_BUSY, 2).unwrap();
    assert_eq!(busy.monitor_mode, MonitorMode::INTERRUPTED);
    let na = event(&ev, EventTypeBcsm::O_NO_ANSWER, 2).unwrap();
    assert_eq!(na.monitor_mode, MonitorMode::INTERRUPTED);
    assert!(matches!(
        na.dp_specific_criteria,
        Some(DpSpecificCriteria::ApplicationTimer(t)) if t.get() == 25
    ));
    assert_eq!(
        event(&ev, EventTypeBcsm::O_ANSWER, 2).unwrap().monitor_mode,
        MonitorMode::NOTIFY_AND_CONTINUE
    );
    // Forwarding is armed even without answer/disconnect, which then are not.
    let svc = service(&s, plain_config());
    let (_, reply) = start(&svc, &idp(v.as_str(), Some(A)), 21, T0);
    let ev = events_of(&reply);
    assert_eq!(ev.len(), 2);
    assert!(event(&ev, EventTypeBcsm::O_ANSWER, 2).is_none());
}

#[test]
fn flow7_forward_on_busy_then_answer_and_disconnect() {
    let s = new_store();
    let v = forwarding(&s);
    let svc = service(&s, ServiceConfig::default());
    let (call, _) = start(&svc, &idp(v.as_str(), Some(A)), 22, T0);
    let mut call = call.unwrap();
    let busy = erb(
        EventTypeBcsm::O_CALLED_PARTY_BUSY,
        MessageType::REQUEST,
        Some(EventSpecificInformationBcsm::OCalledPartyBusySpecificInfo(
            BusySpecificInfo {
                busy_cause: Some(Cause::new(Location::USER, CauseValue::USER_BUSY).unwrap()),
            },
        )),
    );
    let fwd = step(&mut call, busy, T0.plus_secs(3));
    assert_eq!(fwd.outcome, CallOutcome::ForwardBusy);
    assert_eq!(fwd.dialogue, DialogueAction::Continue);
    assert_eq!(opcodes(&fwd), ["requestReportBCSMEvent", "connect"]);
    let c = connect_of(&fwd);
    assert_eq!(c.destination_routing_address[0].digits(), F1);
    assert_eq!(
        c.original_called_party_id.as_ref().unwrap().digits(),
        v.as_str()
    );
    let ev = events_of(&fwd);
    let t = MonitorMode::TRANSPARENT;
    assert_eq!(
        event(&ev, EventTypeBcsm::O_CALLED_PARTY_BUSY, 2)
            .unwrap()
            .monitor_mode,
        t
    );
    assert_eq!(
        event(&ev, EventTypeBcsm::O_NO_ANSWER, 2)
            .unwrap()
            .monitor_mode,
        t
    );
    assert_eq!(
        event(&ev, EventTypeBcsm::O_ANSWER, 2).unwrap().monitor_mode,
        MonitorMode::NOTIFY_AND_CONTINUE
    );
    assert!(event(&ev, EventTypeBcsm::O_DISCONNECT, 1).is_some());
    assert!(fwd.record.is_none());

    // A second busy is not forwarded again.
    let mut again = call.clone();
    let busy2 = step(
        &mut again,
        erb(
            EventTypeBcsm::O_CALLED_PARTY_BUSY,
            MessageType::REQUEST,
            None,
        ),
        T0.plus_secs(4),
    );
    assert_eq!(busy2.outcome, CallOutcome::Busy);
    assert_eq!(opcodes(&busy2), ["continue"]);
    assert_eq!(busy2.dialogue, DialogueAction::End);
    let rec = busy2.record.unwrap();
    assert_eq!(rec.outcome, Outcome::Busy);
    assert_eq!(rec.release_cause, Some(ReleaseCause::USER_BUSY));

    let answered = step(
        &mut call,
        erb(EventTypeBcsm::O_ANSWER, MessageType::NOTIFICATION, None),
        T0.plus_secs(10),
    );
    assert_eq!(answered.outcome, CallOutcome::Answered);
    assert!(answered.operations.is_empty());
    assert_eq!(answered.dialogue, DialogueAction::Continue);
    let end = step(
        &mut call,
        disconnect(CauseValue::NORMAL_CLEARING),
        T0.plus_secs(70),
    );
    assert_eq!(end.outcome, CallOutcome::Disconnected);
    assert_eq!(end.dialogue, DialogueAction::End);
    assert!(end.operations.is_empty());
    let rec = end.record.unwrap();
    assert_eq!(rec.destination, Some(r(F1)));
    assert_eq!(rec.outcome, Outcome::Answered);
    assert_eq!(rec.answer_at, Some(T0.plus_secs(10)));
    assert_eq!(rec.end_at, Some(T0.plus_secs(70)));
    assert_eq!(rec.release_cause, Some(ReleaseCause::NORMAL_CLEARING));
    assert!(call.is_ended());
}

#[test]
fn flow7_forward_on_no_answer_without_arming_ends_with_the_connect() {
    let s = new_store();
    let v = forwarding(&s);
    let svc = service(&s, plain_config());
    let (call, _) = start(&svc, &idp(v.as_str(), Some(A)), 23, T0);
    let mut call = call.unwrap();
    let fwd = step(
        &mut call,
        erb(EventTypeBcsm::O_NO_ANSWER, MessageType::REQUEST, None),
        T0.plus_secs(25),
    );
    assert_eq!(fwd.outcome, CallOutcome::ForwardNoAnswer);
    assert_eq!(opcodes(&fwd), ["connect"]);
    assert_eq!(fwd.dialogue, DialogueAction::End);
    assert_eq!(connect_of(&fwd).destination_routing_address[0].digits(), F2);
    let rec = fwd.record.unwrap();
    assert_eq!(rec.destination, Some(r(F2)));
    assert_eq!(rec.outcome, Outcome::Connected);
    assert!(call.is_ended());
}

#[test]
fn flow7_forwarding_only_dialogue_end_leaves_the_end_time_open() {
    let s = new_store();
    let v = forwarding(&s);
    let svc = service(&s, plain_config());
    let (call, _) = start(&svc, &idp(v.as_str(), Some(A)), 37, T0);
    let mut call = call.unwrap();
    // Answered (not armed): the switch ends the dialogue, the call goes on.
    let rec = call.on_end(EndKind::Ended, T0.plus_secs(9)).unwrap();
    assert_eq!(rec.end_at, None);
    assert_eq!(rec.outcome, Outcome::Connected);
}

#[test]
fn flow7_terminating_bcsm_arms_t_events() {
    let s = new_store();
    let v = forwarding(&s);
    let svc = service(&s, ServiceConfig::default());
    let mut arg = idp(v.as_str(), Some(A));
    arg.event_type_bcsm = Some(EventTypeBcsm::TERM_ATTEMPT_AUTHORIZED);
    let (call, reply) = start(&svc, &arg, 24, T0);
    let ev = events_of(&reply);
    for e in [
        EventTypeBcsm::T_CALLED_PARTY_BUSY,
        EventTypeBcsm::T_NO_ANSWER,
        EventTypeBcsm::T_ANSWER,
    ] {
        assert!(event(&ev, e, 2).is_some(), "{e:?} armed");
    }
    assert!(event(&ev, EventTypeBcsm::T_DISCONNECT, 1).is_some());
    assert!(ev.iter().all(|e| e.event_type_bcsm.0 >= 12));
    let mut call = call.unwrap();
    let fwd = step(
        &mut call,
        erb(
            EventTypeBcsm::T_CALLED_PARTY_BUSY,
            MessageType::REQUEST,
            None,
        ),
        T0.plus_secs(2),
    );
    assert_eq!(fwd.outcome, CallOutcome::ForwardBusy);
    assert!(events_of(&fwd).iter().all(|e| e.event_type_bcsm.0 >= 12));
}

#[test]
fn flow7_busy_not_forwarded_is_recorded() {
    let s = new_store();
    let v = bind(&s, SHOP, "nofwd", one_way(R));
    let svc = service(&s, ServiceConfig::default());
    let (call, _) = start(&svc, &idp(v.as_str(), Some(A)), 25, T0);
    let mut call = call.unwrap();
    let r1 = step(
        &mut call,
        erb(EventTypeBcsm::O_NO_ANSWER, MessageType::NOTIFICATION, None),
        T0.plus_secs(30),
    );
    assert_eq!(r1.outcome, CallOutcome::NoAnswer);
    assert!(r1.operations.is_empty());
    assert_eq!(r1.dialogue, DialogueAction::End);
    let rec = r1.record.unwrap();
    assert_eq!(rec.outcome, Outcome::NoAnswer);
    assert_eq!(rec.release_cause, Some(ReleaseCause::NO_ANSWER));
}

// ── Flow 8: call records and sliding TTLs ───────────────────────────────────────────────────────

#[test]
fn flow8_records_with_arming_and_sliding_ttl_extension() {
    let s = new_store();
    let v = bind(
        &s,
        SHOP,
        "ttl",
        BindingSpec {
            sliding_ttl_secs: Some(DAY),
            expires_at: Some(T0.plus_days(30)),
            ..one_way(R)
        },
    );
    assert_eq!(
        s.binding(&v).unwrap().unwrap().effective_expiry,
        T0.plus_days(1)
    );
    let svc = service(&s, ServiceConfig::default());
    let at = T0.plus_secs(12 * 3600);
    let (call, reply) = start(&svc, &idp(v.as_str(), Some(A)), 26, at);
    let first = reply.record.expect("the attempt is recorded at once");
    assert_eq!(first.outcome, Outcome::Connected);
    s.record_call(&first).unwrap();
    // Writing the record extends the sliding TTL: last call + 1 day.
    assert_eq!(
        s.binding(&v).unwrap().unwrap().effective_expiry,
        at.plus_secs(DAY)
    );
    let mut call = call.unwrap();
    step(
        &mut call,
        erb(EventTypeBcsm::O_ANSWER, MessageType::NOTIFICATION, None),
        at.plus_secs(5),
    );
    let end = step(
        &mut call,
        disconnect(CauseValue::NORMAL_CLEARING),
        at.plus_secs(95),
    );
    let last = end.record.unwrap();
    assert_eq!(last.call_id, first.call_id);
    assert_eq!(last.attempt_at, first.attempt_at);
    assert_eq!(last.answer_at, Some(at.plus_secs(5)));
    assert_eq!(last.end_at, Some(at.plus_secs(95)));
    assert_eq!(last.outcome, Outcome::Answered);
    s.record_call(&last).unwrap();
    let calls = s.calls(SHOP, T0, T0.plus_days(1), 10).unwrap();
    assert!(calls.iter().any(|c| c.answer_at == Some(at.plus_secs(5))));
}

#[test]
fn flow8_dialogue_end_gives_the_final_record_once() {
    let s = new_store();
    let v = bind(&s, SHOP, "abort", one_way(R));
    let svc = service(&s, ServiceConfig::default());
    let (call, _) = start(&svc, &idp(v.as_str(), Some(A)), 27, T0);
    let mut call = call.unwrap();
    let rec = call.on_end(EndKind::Aborted, T0.plus_secs(40)).unwrap();
    assert_eq!(rec.end_at, Some(T0.plus_secs(40)));
    assert_eq!(rec.outcome, Outcome::Connected);
    assert!(call.on_end(EndKind::TimedOut, T0.plus_secs(41)).is_none());
    assert!(call.is_ended());
    // After the end, reports change nothing.
    let late = step(
        &mut call,
        disconnect(CauseValue::NORMAL_CLEARING),
        T0.plus_secs(42),
    );
    assert!(late.record.is_none());
    assert!(late.operations.is_empty());
}

#[test]
fn flow8_maximum_call_duration_is_enforced_by_the_scf() {
    let s = new_store();
    let v = bind(
        &s,
        SHOP,
        "short-calls",
        BindingSpec {
            max_call_secs: Some(60),
            ..one_way(R)
        },
    );
    // Answer and disconnect are armed for the limit even when records do not ask for them.
    let svc = service(&s, plain_config());
    let (call, reply) = start(&svc, &idp(v.as_str(), Some(A)), 28, T0);
    let mut call = call.expect("the dialogue stays open");
    assert!(event(&events_of(&reply), EventTypeBcsm::O_DISCONNECT, 1).is_some());
    assert_eq!(call.poll_timeout(), None);
    step(
        &mut call,
        erb(EventTypeBcsm::O_ANSWER, MessageType::NOTIFICATION, None),
        T0.plus_secs(10),
    );
    assert_eq!(call.poll_timeout(), Some(T0.plus_secs(70)));
    assert_eq!(
        call.handle_timeout(T0.plus_secs(69)).outcome,
        CallOutcome::Ignored
    );
    let cut = call.handle_timeout(T0.plus_secs(70));
    roundtrip(&cut);
    assert_eq!(cut.outcome, CallOutcome::MaxDuration);
    assert_eq!(opcodes(&cut), ["releaseCall"]);
    assert_eq!(release_cause_of(&cut), 16);
    assert_eq!(cut.dialogue, DialogueAction::End);
    let rec = cut.record.unwrap();
    assert_eq!(rec.outcome, Outcome::Answered);
    assert_eq!(rec.end_at, Some(T0.plus_secs(70)));
}

// ── Flow 9: operations, overload ────────────────────────────────────────────────────────────────

#[test]
fn flow9_unarmed_request_gets_continue_and_other_operations_are_ignored() {
    let s = new_store();
    let v = bind(&s, SHOP, "misc", one_way(R));
    let svc = service(&s, ServiceConfig::default());
    let (call, _) = start(&svc, &idp(v.as_str(), Some(A)), 29, T0);
    let mut call = call.unwrap();
    let r1 = step(
        &mut call,
        erb(
            EventTypeBcsm::ROUTE_SELECT_FAILURE,
            MessageType::REQUEST,
            None,
        ),
        T0,
    );
    assert_eq!(opcodes(&r1), ["continue"]);
    assert_eq!(r1.dialogue, DialogueAction::Continue);
    let r2 = step(
        &mut call,
        erb(
            EventTypeBcsm::ROUTE_SELECT_FAILURE,
            MessageType::NOTIFICATION,
            None,
        ),
        T0,
    );
    assert!(r2.operations.is_empty());
    assert_eq!(r2.outcome, CallOutcome::Ignored);
    let r3 = step(&mut call, Argument::ActivityTest, T0);
    assert_eq!(r3.outcome, CallOutcome::Ignored);
    assert!(!call.is_ended());
}

#[test]
fn flow9_overload_reply_gaps_and_releases() {
    let s = new_store();
    let svc = service(&s, ServiceConfig::default());
    let arg = idp("05041234001", Some(A));
    let reply = svc.overload_reply(&arg, &ctx(30));
    roundtrip(&reply);
    assert_eq!(opcodes(&reply), ["callGap", "releaseCall"]);
    assert_eq!(reply.dialogue, DialogueAction::End);
    assert_eq!(reply.outcome, CallOutcome::Overload);
    assert!(reply.record.is_none());
    assert_eq!(release_cause_of(&reply), 42);
    let Argument::CallGap(gap) = &reply.operations[0] else {
        panic!("not a CallGap");
    };
    let GapCriteria::GapOnService(g) = &gap.gap_criteria else {
        panic!("not gapOnService");
    };
    assert_eq!(g.service_key.get(), 100);
    assert_eq!(gap.gap_indicators.duration.get(), 10);
    assert_eq!(gap.gap_indicators.gap_interval.get(), 100);
    assert_eq!(
        gap.control_type,
        Some(inap::operations::datatypes::ControlType::SCP_OVERLOADED)
    );
    assert!(matches!(
        &gap.gap_treatment,
        Some(inap::operations::datatypes::GapTreatment::ReleaseCause(c)) if c.value().0 == 42
    ));

    let mut config = ServiceConfig::default();
    config.overload.gap_on = GapOn::CalledNumber;
    config.overload.gap_interval_ms = -1;
    let svc = service(&s, config);
    let reply = svc.overload_reply(&arg, &ctx(31));
    roundtrip(&reply);
    let Argument::CallGap(gap) = &reply.operations[0] else {
        panic!("not a CallGap");
    };
    let GapCriteria::CalledAddressValue(n) = &gap.gap_criteria else {
        panic!("not calledAddressValue");
    };
    assert_eq!(n.digits(), "05041234001");
    assert_eq!(gap.gap_indicators.gap_interval.get(), -1);

    // Admission control.
    let o = &svc.config().overload;
    assert!(o.admits(0, 0));
    assert!(!o.admits(o.max_in_flight as usize, 0));
    assert!(!o.admits(0, u64::from(o.max_queue_delay_ms) + 1));
}

// ── Failures ─────────────────────────────────────────────────────────────────────────────────────

#[test]
fn store_error_releases_with_temporary_failure() {
    let s = new_store();
    let v = bind(&s, SHOP, "sealed", one_way(R));
    // Reopen the same data with another key: the binding's numbers no longer open.
    let engine = Arc::try_unwrap(s).unwrap().into_engine();
    let other = KeyRing::new(2, &[0x33; 32], &[0x22; 32]);
    let s = Arc::new(Store::open(engine, other, StoreConfig::default()).unwrap());
    let svc = service(&s, ServiceConfig::default());
    let (call, reply) = start(&svc, &idp(v.as_str(), Some(A)), 32, T0);
    assert!(call.is_none());
    assert_eq!(opcodes(&reply), ["releaseCall"]);
    assert_eq!(release_cause_of(&reply), 41);
    assert_eq!(reply.outcome, CallOutcome::StoreError);
    assert!(reply.record.is_none());
}

#[test]
fn initial_dp_without_called_number_is_a_bad_request() {
    let s = new_store();
    let svc = service(&s, ServiceConfig::default());
    let mut arg = idp("05041234001", Some(A));
    arg.called_party_number = None;
    let (call, reply) = start(&svc, &arg, 33, T0);
    assert!(call.is_none());
    assert_eq!(release_cause_of(&reply), 28);
    assert_eq!(reply.outcome, CallOutcome::BadRequest);
}

#[test]
fn international_and_prefixless_called_numbers_are_understood() {
    let s = new_store();
    let v = bind(&s, SHOP, "intl", one_way(R));
    let svc = service(&s, plain_config());
    for called in [
        CalledPartyNumber::international(&format!("82{}", &v.as_str()[1..])).unwrap(),
        CalledPartyNumber::national(&v.as_str()[1..]).unwrap(),
    ] {
        let mut arg = idp(v.as_str(), Some(A));
        arg.called_party_number = Some(called);
        let (_, reply) = start(&svc, &arg, 34, T0);
        assert_eq!(reply.outcome, CallOutcome::Connect);
    }
    // Without the trunk prefix on what we send.
    let svc = service(
        &s,
        ServiceConfig {
            national_trunk_prefix: false,
            ..plain_config()
        },
    );
    let (_, reply) = start(&svc, &idp(v.as_str(), Some(A)), 35, T0);
    assert_eq!(
        connect_of(&reply).destination_routing_address[0].digits(),
        &R[1..]
    );
}

#[test]
fn no_real_number_in_debug_output() {
    let s = new_store();
    let v = bind(
        &s,
        SHOP,
        "private",
        BindingSpec {
            busy_forward: Some(r(F1)),
            ..BindingSpec::new(BindingKind::TwoWay { a: r(A), b: r(B) })
        },
    );
    let svc = service(&s, ServiceConfig::default());
    let (call, reply) = start(&svc, &idp(v.as_str(), Some(A)), 36, T0);
    let text = format!("{call:?} {reply:?} {svc:?}");
    for n in [A, B, F1] {
        assert!(!text.contains(n), "{n} leaks into Debug output");
        assert!(!text.contains(&n[3..]), "the middle of {n} leaks");
    }
}

#[test]
fn service_config_from_toml() {
    #[derive(serde::Deserialize)]
    struct File {
        service: ServiceConfig,
    }
    let f: File = toml::from_str(
        r#"
        [service]
        terminating_service_keys = [100]
        originating_service_keys = [200]
        no_answer_secs = 30

        [service.announcement]
        srf_address = "0801234"
        unknown = 9001
        timeout_secs = 60

        [service.causes]
        overload = 34

        [service.overload]
        gap_on = "called_number"
        gap_duration_secs = -1
        "#,
    )
    .unwrap();
    let c = f.service;
    c.validate().unwrap();
    assert_eq!(c.no_answer_secs, 30);
    assert_eq!(c.announcement.unknown, Some(9001));
    assert_eq!(c.causes.overload, 34);
    assert_eq!(c.causes.store_error, 41, "defaults fill the rest");
    assert_eq!(c.overload.gap_on, GapOn::CalledNumber);
    assert!(c.arm_answer_disconnect);
    // An empty table is the default configuration.
    let f: File = toml::from_str("[service]\n").unwrap();
    assert_eq!(f.service, ServiceConfig::default());
    // Unknown keys are refused.
    assert!(toml::from_str::<File>("[service]\nno_answer = 3\n").is_err());
    assert!(toml::from_str::<File>("[service.overload]\ngap = 3\n").is_err());
    // Validation runs in Service::new.
    let bad = ServiceConfig {
        no_answer_secs: 9999,
        ..ServiceConfig::default()
    };
    assert!(Service::new(new_store(), bad).is_err());
}

/// Every report in every state: no panic, every operation encodes, a reply that ends the
/// dialogue leaves the call ended, and a report asking for instructions is never left without
/// one while the dialogue continues.
#[test]
fn any_operation_in_any_state_is_answered_consistently() {
    let s = new_store();
    let fwd = forwarding(&s);
    let ring = bind(
        &s,
        SHOP,
        "ring2",
        BindingSpec {
            ringback: Some(AnnouncementId(5)),
            max_call_secs: Some(30),
            ..one_way(R)
        },
    );
    let svc = service(&s, ServiceConfig::default());
    let mut starts: Vec<Call> = Vec::new();
    for v in [fwd, ring] {
        let (call, _) = start(&svc, &idp(v.as_str(), Some(A)), 40, T0);
        let call = call.unwrap();
        starts.push(call.clone());
        // Also the answered state.
        let mut answered = call;
        answered.on_operation(&Argument::SpecializedResourceReport, T0);
        answered.on_operation(
            &erb(EventTypeBcsm::O_ANSWER, MessageType::NOTIFICATION, None),
            T0,
        );
        starts.push(answered);
    }
    let mut ops = vec![
        Argument::SpecializedResourceReport,
        Argument::ActivityTest,
        Argument::Continue,
    ];
    for e in 0..=20u8 {
        for kind in [
            Some(MessageType::REQUEST),
            Some(MessageType::NOTIFICATION),
            None,
        ] {
            let Argument::EventReportBcsm(mut arg) =
                erb(EventTypeBcsm(e), MessageType::REQUEST, None)
            else {
                unreachable!()
            };
            arg.misc_call_info = kind.map(|message_type| MiscCallInfo {
                message_type,
                dp_assignment: None,
            });
            ops.push(Argument::EventReportBcsm(arg));
        }
    }
    for base in &starts {
        for first in &ops {
            for second in &ops {
                let mut call = base.clone();
                for op in [first, second] {
                    let was_ended = call.is_ended();
                    let reply = step(&mut call, op.clone(), T0.plus_secs(1));
                    if reply.dialogue == DialogueAction::End {
                        assert!(call.is_ended(), "{op:?} ended the dialogue");
                    }
                    if was_ended {
                        assert!(reply.operations.is_empty(), "nothing sent after the end");
                        assert!(reply.record.is_none());
                    }
                    let asks = matches!(
                        op,
                        Argument::EventReportBcsm(e)
                            if e.misc_call_info.as_ref().is_some_and(|m| m.message_type == MessageType::REQUEST)
                    );
                    if asks && !was_ended && reply.dialogue == DialogueAction::Continue {
                        assert!(
                            !reply.operations.is_empty(),
                            "{op:?} asked for instructions and got none"
                        );
                    }
                }
                let t = call.poll_timeout();
                if let Some(t) = t {
                    let reply = call.handle_timeout(t);
                    roundtrip(&reply);
                }
            }
        }
    }
}
