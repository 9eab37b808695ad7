//! Shared test material: one fully populated message of every kind.

#![allow(dead_code)]

use bytes::Bytes;
use m3ua::*;

/// The IDP vector (tests/data/README.md): M3UA DATA carrying SCCP UDT › TCAP › INAP.
pub(crate) fn idp_vector() -> Bytes {
    Bytes::from(hex::decode(include_str!("../data/idp_begin_m3ua.hex").trim()).expect("hex vector"))
}

/// The Connect vector (tests/data/README.md).
pub(crate) fn connect_vector() -> Bytes {
    Bytes::from(
        hex::decode(include_str!("../data/connect_end_m3ua.hex").trim()).expect("hex vector"),
    )
}

fn info(text: &'static str) -> Option<Bytes> {
    Some(Bytes::from_static(text.as_bytes()))
}

/// One message of every kind in `MessageKind::ALL` order, every optional parameter present.
/// DATA carries the IDP vector's SCCP payload, so tshark dissects the inner layers cleanly.
pub(crate) fn representatives() -> Vec<Message> {
    let Message::Data(idp) = Message::from_bytes(idp_vector()).expect("IDP vector decodes") else {
        panic!("IDP vector is not DATA")
    };
    let apcs = vec![
        MaskedPointCode::exact(0x1234),
        MaskedPointCode {
            mask: 3,
            point_code: 0x100,
        },
    ];
    let ssnm = Ssnm {
        network_appearance: Some(1),
        routing_context: vec![2, 3],
        affected_point_codes: apcs.clone(),
        info_string: info("ssnm"),
        unknown: vec![],
    };
    let routing_key = RoutingKey {
        local_rk_identifier: 1,
        routing_context: Some(100),
        traffic_mode_type: Some(TrafficModeType::LOADSHARE),
        destination_point_codes: vec![MaskedPointCode::exact(2), MaskedPointCode::exact(4)],
        network_appearance: Some(1),
        service_indicators: vec![ServiceIndicator::SCCP, ServiceIndicator::ISUP],
        originating_point_codes: vec![MaskedPointCode::exact(3)],
        unknown: vec![],
    };
    vec![
        Message::Err(ErrorMessage {
            error_code: ErrorCode::INVALID_ROUTING_CONTEXT,
            routing_context: vec![7],
            network_appearance: Some(1),
            affected_point_codes: apcs.clone(),
            diagnostic_information: Some(Bytes::from_static(&[1, 0, 3, 1, 0, 0, 0, 8])),
            unknown: vec![],
        }),
        Message::Ntfy(Notify {
            status: Status::ALTERNATE_ASP_ACTIVE,
            asp_identifier: Some(9),
            routing_context: vec![2],
            info_string: info("alternate"),
            unknown: vec![],
        }),
        Message::Data(Data {
            network_appearance: Some(1),
            correlation_id: Some(0xabcd),
            ..idp
        }),
        Message::Duna(ssnm.clone()),
        Message::Dava(ssnm.clone()),
        Message::Daud(ssnm.clone()),
        Message::Scon(Scon {
            network_appearance: Some(1),
            routing_context: vec![2],
            affected_point_codes: apcs.clone(),
            concerned_destination: Some(ConcernedDestination { point_code: 0x457 }),
            congestion_level: Some(CongestionLevel::LEVEL_2),
            info_string: info("scon"),
            unknown: vec![],
        }),
        Message::Dupu(Dupu {
            network_appearance: Some(1),
            routing_context: vec![2],
            affected_point_code: MaskedPointCode::exact(0x1234),
            user_cause: UserCause {
                cause: UnavailabilityCause::UNEQUIPPED_REMOTE_USER,
                user: Mtp3UserIdentity::SCCP,
            },
            info_string: info("dupu"),
            unknown: vec![],
        }),
        Message::Drst(ssnm),
        Message::AspUp(AspUp {
            asp_identifier: Some(1),
            info_string: info("up"),
            unknown: vec![],
        }),
        Message::AspDn(AspDn {
            info_string: info("down"),
            unknown: vec![],
        }),
        Message::Beat(Beat {
            heartbeat_data: Some(Bytes::from_static(b"beat-123")),
            unknown: vec![],
        }),
        Message::AspUpAck(AspUp {
            asp_identifier: Some(1),
            info_string: info("up ack"),
            unknown: vec![],
        }),
        Message::AspDnAck(AspDn {
            info_string: info("down ack"),
            unknown: vec![],
        }),
        Message::BeatAck(Beat {
            heartbeat_data: Some(Bytes::from_static(b"beat-123")),
            unknown: vec![],
        }),
        Message::AspAc(AspAc {
            traffic_mode_type: Some(TrafficModeType::OVERRIDE),
            routing_context: vec![2],
            info_string: info("active"),
            unknown: vec![],
        }),
        Message::AspIa(AspIa {
            routing_context: vec![2],
            info_string: info("inactive"),
            unknown: vec![],
        }),
        Message::AspAcAck(AspAc {
            traffic_mode_type: Some(TrafficModeType::BROADCAST),
            routing_context: vec![2],
            info_string: info("active ack"),
            unknown: vec![],
        }),
        Message::AspIaAck(AspIa {
            routing_context: vec![2],
            info_string: info("inactive ack"),
            unknown: vec![],
        }),
        Message::RegReq(RegReq {
            routing_keys: vec![routing_key.clone(), routing_key],
            unknown: vec![],
        }),
        Message::RegRsp(RegRsp {
            registration_results: vec![
                RegistrationResult {
                    local_rk_identifier: 1,
                    registration_status: RegistrationStatus::SUCCESSFULLY_REGISTERED,
                    routing_context: 100,
                    unknown: vec![],
                },
                RegistrationResult {
                    local_rk_identifier: 2,
                    registration_status: RegistrationStatus::INVALID_DPC,
                    routing_context: 0,
                    unknown: vec![],
                },
            ],
            unknown: vec![],
        }),
        Message::DeregReq(DeregReq {
            routing_context: vec![100, 101],
            unknown: vec![],
        }),
        Message::DeregRsp(DeregRsp {
            deregistration_results: vec![DeregistrationResult {
                routing_context: 100,
                deregistration_status: DeregistrationStatus::SUCCESSFULLY_DEREGISTERED,
                unknown: vec![],
            }],
            unknown: vec![],
        }),
    ]
}
