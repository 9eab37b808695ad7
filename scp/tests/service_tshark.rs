//! Wireshark as an oracle for what the service logic sends: the replies of the call flows, each
//! wrapped as the SCP sends it (INAP invokes in a TCAP End or Continue, SCCP UDT, M3UA DATA), must
//! dissect without a malformed or warning item, with the operation codes in the order the logic
//! gave them. Skipped (with a note) when tshark is missing and `CI` is unset.

use std::sync::Arc;

use inap::isup::{CalledPartyNumber, CallingPartyNumber, CallingPartysCategory};
use inap::operations::datatypes::{EventTypeBcsm, MessageType, MiscCallInfo, ServiceKey};
use inap::operations::{Argument, EventReportBcsmArg, InitialDpArg};
use scp::service::{DialogueAction, Reply, Service, ServiceConfig};
use store::{
    AllocationRequest, AnnouncementId, BindingKind, BindingSpec, KeyRing, MemEngine, NumberRange,
    Policy, RealNumber, Store, StoreConfig, Strategy, Tenant, TenantId, Timestamp, VirtualNumber,
};
use tcap::TransactionId;
use testbed::build::{Addressing, invoke};

const T0: Timestamp = Timestamp(1_741_050_000_000);
const SHOP: TenantId = TenantId(1);

fn setup() -> (Arc<Store<MemEngine>>, Vec<VirtualNumber>) {
    let s = Store::open(
        MemEngine::new(),
        KeyRing::new(1, &[1; 32], &[2; 32]),
        StoreConfig::default(),
    )
    .unwrap();
    s.put_tenant(
        "test",
        &Tenant {
            id: SHOP,
            name: "shop".into(),
            policy: Policy {
                expired_announcement: Some(AnnouncementId(77)),
                ..Policy::default()
            },
        },
        T0,
    )
    .unwrap();
    s.add_range(
        "test",
        &NumberRange {
            tenant: SHOP,
            first: VirtualNumber::parse("05041234000").unwrap(),
            last: VirtualNumber::parse("05041234009").unwrap(),
        },
        T0,
    )
    .unwrap();
    let r = |d: &str| RealNumber::parse(d).unwrap();
    let specs = [
        BindingSpec {
            busy_forward: Some(r("01055556666")),
            ..BindingSpec::new(BindingKind::TwoWay {
                a: r("01011112222"),
                b: r("01033334444"),
            })
        },
        BindingSpec {
            ringback: Some(AnnouncementId(5)),
            notice: Some(AnnouncementId(6)),
            ..BindingSpec::new(BindingKind::OneWay {
                destinations: vec![r("0212345678")],
            })
        },
    ];
    let numbers = specs
        .into_iter()
        .enumerate()
        .map(|(i, spec)| {
            s.allocate(
                "test",
                &AllocationRequest {
                    tenant: SHOP,
                    external_ref: format!("ref{i}"),
                    strategy: Strategy::LeastRecentlyReleased,
                    spec,
                },
                T0,
            )
            .unwrap()
            .id
            .number
        })
        .collect();
    (Arc::new(s), numbers)
}

fn idp(called: &str, calling: &str) -> InitialDpArg {
    let mut a = InitialDpArg::new(ServiceKey::new(100).unwrap());
    a.called_party_number = Some(CalledPartyNumber::national(called).unwrap());
    a.calling_party_number = Some(CallingPartyNumber::national(calling).unwrap());
    a.calling_partys_category = Some(CallingPartysCategory::ORDINARY);
    a.event_type_bcsm = Some(EventTypeBcsm::COLLECTED_INFO);
    a
}

fn erb(e: EventTypeBcsm, kind: MessageType) -> Argument {
    Argument::EventReportBcsm(EventReportBcsmArg {
        event_type_bcsm: e,
        bcsm_event_correlation_id: None,
        event_specific_information_bcsm: None,
        leg_id: None,
        misc_call_info: Some(MiscCallInfo {
            message_type: kind,
            dp_assignment: None,
        }),
        extensions: None,
    })
}

/// Every reply with operations that the flows produce.
fn replies() -> Vec<Reply> {
    let (s, numbers) = setup();
    let ctx = |id| scp::service::CallContext {
        call_id: id,
        ssp: "pc=3".into(),
        trigger: None,
    };
    let mut config = ServiceConfig::default();
    config.announcement.srf_address = Some("0801234".into());
    config.announcement.unknown = Some(9001);
    let svc = Service::new(s, config).unwrap();
    let mut out = Vec::new();
    // Two-way with busy forwarding: RRBE + Connect presenting V; then the forward.
    let (call, reply) = svc.initial_dp(&idp(numbers[0].as_str(), "01011112222"), &ctx(1), T0);
    out.push(reply);
    let mut call = call.unwrap();
    out.push(call.on_operation(
        &erb(EventTypeBcsm::O_CALLED_PARTY_BUSY, MessageType::REQUEST),
        T0,
    ));
    // Ringback and notice: CTR + PA, then DFC + RRBE + Connect.
    let (call, reply) = svc.initial_dp(&idp(numbers[1].as_str(), "01099990000"), &ctx(2), T0);
    out.push(reply);
    out.push(
        call.unwrap()
            .on_operation(&Argument::SpecializedResourceReport, T0),
    );
    // Unknown number: announcement, then ReleaseCall.
    let (call, reply) = svc.initial_dp(&idp("05049999999", "01099990000"), &ctx(3), T0);
    out.push(reply);
    out.push(
        call.unwrap()
            .on_operation(&Argument::SpecializedResourceReport, T0),
    );
    // A third party on the two-way number: ReleaseCall 21.
    let (_, reply) = svc.initial_dp(&idp(numbers[0].as_str(), "01099990000"), &ctx(4), T0);
    out.push(reply);
    // Overload: CallGap + ReleaseCall.
    out.push(svc.overload_reply(&idp(numbers[1].as_str(), "01099990000"), &ctx(5)));
    out.retain(|r| !r.operations.is_empty());
    out
}

#[test]
fn tshark_dissects_every_reply_cleanly() {
    let Some(tshark) = oracle::tshark() else {
        return;
    };
    let replies = replies();
    assert!(replies.len() >= 7);
    let addressing = Addressing::scp_to_ssp();
    let acn = inap::ac::CS1_SSP_TO_SCP;
    let messages: Vec<Vec<u8>> = replies
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let components = r
                .operations
                .iter()
                .enumerate()
                .map(|(k, op)| invoke(k as i8 + 1, op))
                .collect();
            let dtid = TransactionId::from_u32(0x0102_0300 + i as u32);
            let msg = match r.dialogue {
                DialogueAction::End => tcap::Message::end_accepted(dtid, acn, components),
                DialogueAction::Continue => tcap::Message::continue_accepted(
                    TransactionId::from_u32(0x0a0b_0c00 + i as u32),
                    dtid,
                    acn,
                    components,
                ),
            };
            addressing.wrap(msg.to_bytes()).unwrap().to_vec()
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let pcap = dir.path().join("service.pcap");
    oracle::write_pcap(&pcap, &messages).unwrap();
    let ssn = ["-o", "inap.ssn:106,241,146"];
    tshark.check_clean(&pcap, &ssn);
    let rows = tshark.fields(&pcap, &["inap.code.local"], &ssn);
    assert_eq!(rows.len(), replies.len());
    for (row, reply) in rows.iter().zip(&replies) {
        let want: Vec<String> = reply
            .operations
            .iter()
            .map(|o| o.opcode().0.to_string())
            .collect();
        assert_eq!(
            row[0],
            want.join(","),
            "operation codes as tshark reads them"
        );
    }
}
