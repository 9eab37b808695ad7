//! Wireshark's tshark, which nobody here wrote, dissects every message two associations exchange
//! in a full session (bring-up with registration, NTFY, DATA, SSNM and DAUD answers, BEAT, ERR,
//! deactivation, deregistration, shutdown): no malformed packet, no expert warning, and the
//! message classes and types we meant.
//!
//! Skipped when tshark is missing, unless `CI` is set (then it fails; see `oracle`).

#[path = "asp_support/mod.rs"]
mod support;

use std::time::Duration;

use bytes::Bytes;
use m3ua::asp::{Config, DestinationUpdate, RegistrationPolicy, Role};
use m3ua::{
    Data, MaskedPointCode, Message, MessageKind, ProtocolData, RoutingKey, ServiceIndicator, Ssnm,
    TrafficModeType,
};
use support::Pair;

/// The IDP vector's DATA (tests/data/README.md), so the inner layers dissect cleanly too.
fn idp() -> Data {
    let wire = hex::decode(include_str!("data/idp_begin_m3ua.hex").trim()).expect("hex vector");
    match Message::from_bytes(Bytes::from(wire)) {
        Ok(Message::Data(data)) => data,
        other => panic!("{other:?}"),
    }
}

fn session() -> Vec<Message> {
    let mut asp = Config::new(Role::Asp);
    asp.asp_identifier = Some(7);
    asp.traffic_mode = Some(TrafficModeType::OVERRIDE);
    asp.timers.beat = Some(Duration::from_secs(1));
    asp.routing_keys = vec![RoutingKey {
        local_rk_identifier: 1,
        destination_point_codes: vec![MaskedPointCode::exact(2)],
        service_indicators: vec![ServiceIndicator::SCCP],
        ..RoutingKey::default()
    }];
    let mut sgp = Config::new(Role::Sgp);
    sgp.traffic_mode = Some(TrafficModeType::OVERRIDE);
    sgp.server.registration = RegistrationPolicy::Accept {
        first_routing_context: 2,
        allowed_dpcs: Vec::new(),
        max_registrations: 4,
    };
    let mut p = Pair::new(asp, sgp);
    p.connect();
    p.advance(Duration::from_secs(1));
    let data = Data {
        routing_context: None,
        protocol_data: ProtocolData {
            opc: 2,
            dpc: 5,
            ..idp().protocol_data
        },
        ..idp()
    };
    p.a.send_data(data).unwrap();
    p.b.destinations_mut()
        .apply(MaskedPointCode::exact(3), DestinationUpdate::Unavailable);
    p.b.send_ssnm(Message::Dava(Ssnm {
        affected_point_codes: vec![MaskedPointCode::exact(4)],
        ..Ssnm::default()
    }))
    .unwrap();
    p.drive();
    p.a.send_ssnm(Message::Daud(Ssnm {
        affected_point_codes: vec![MaskedPointCode::exact(3), MaskedPointCode::exact(9)],
        ..Ssnm::default()
    }))
    .unwrap();
    p.drive();
    // DATA on stream 0 draws an ERR (Invalid Stream Identifier).
    let stray = Message::Data(idp());
    p.b.handle_bytes(p.now, 0, stray.to_bytes().unwrap());
    p.drive();
    let now = p.now;
    p.a.deactivate(now).unwrap();
    p.drive();
    p.a.deregister(now).unwrap();
    p.drive();
    p.a.shutdown(now).unwrap();
    p.drive();
    let mut messages: Vec<Message> = p.log.iter().map(|(_, t, _)| t.message.clone()).collect();
    messages.push(stray);
    messages
}

#[test]
fn a_whole_session_dissects_cleanly() {
    let messages = session();
    let kinds: Vec<MessageKind> = messages.iter().map(Message::kind).collect();
    for expected in [
        MessageKind::ASPUP,
        MessageKind::ASPUP_ACK,
        MessageKind::NTFY,
        MessageKind::REG_REQ,
        MessageKind::REG_RSP,
        MessageKind::ASPAC,
        MessageKind::ASPAC_ACK,
        MessageKind::BEAT,
        MessageKind::BEAT_ACK,
        MessageKind::DATA,
        MessageKind::DAVA,
        MessageKind::DAUD,
        MessageKind::DUNA,
        MessageKind::ERR,
        MessageKind::ASPIA,
        MessageKind::ASPIA_ACK,
        MessageKind::DEREG_REQ,
        MessageKind::DEREG_RSP,
        MessageKind::ASPDN,
        MessageKind::ASPDN_ACK,
    ] {
        assert!(
            kinds.contains(&expected),
            "{expected} missing from {kinds:?}"
        );
    }
    let Some(tshark) = oracle::tshark() else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("m3ua-asp-tshark-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let pcap = dir.join("session.pcap");
    let wire: Vec<Vec<u8>> = messages
        .iter()
        .map(|m| m.to_bytes().expect("encodable").to_vec())
        .collect();
    oracle::write_pcap(&pcap, &wire).expect("pcap written");
    tshark.check_clean(&pcap, &[]);
    let rows = tshark.fields(&pcap, &["m3ua.message_class", "m3ua.message_type"], &[]);
    let dissected: Vec<(u8, u8)> = rows
        .iter()
        .map(|r| (r[0].parse().expect("class"), r[1].parse().expect("type")))
        .collect();
    let ours: Vec<(u8, u8)> = kinds
        .iter()
        .map(|k| (k.class.0, k.message_type.0))
        .collect();
    assert_eq!(dissected, ours);
}
