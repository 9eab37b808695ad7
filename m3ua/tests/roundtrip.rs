//! Property tests: for every message type, arbitrary valid messages (with unknown parameters
//! interleaved at arbitrary positions, also inside Routing Keys and results) survive
//! encode → decode unchanged, and decode → encode reproduces the octets.

use bytes::Bytes;
use m3ua::*;
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::{select, subsequence};

fn bytes(max: usize) -> impl Strategy<Value = Bytes> {
    vec(any::<u8>(), 0..=max).prop_map(Bytes::from)
}

fn text() -> impl Strategy<Value = Option<Bytes>> {
    option::of(bytes(40))
}

fn rc_list() -> impl Strategy<Value = Vec<u32>> {
    vec(any::<u32>(), 0..4)
}

fn point_code() -> impl Strategy<Value = MaskedPointCode> {
    (any::<u8>(), 0u32..=0x00ff_ffff)
        .prop_map(|(mask, point_code)| MaskedPointCode { mask, point_code })
}

fn traffic_mode_type() -> impl Strategy<Value = TrafficModeType> {
    (1u32..=3).prop_map(TrafficModeType)
}

fn status() -> impl Strategy<Value = Status> {
    select(vec![
        Status::AS_INACTIVE,
        Status::AS_ACTIVE,
        Status::AS_PENDING,
        Status::INSUFFICIENT_ASP_RESOURCES,
        Status::ALTERNATE_ASP_ACTIVE,
        Status::ASP_FAILURE,
    ])
}

fn unknown_tag() -> impl Strategy<Value = ParameterTag> {
    any::<u16>()
        .prop_map(ParameterTag)
        .prop_filter("tag unknown to RFC 4666", |t| !t.is_known())
}

/// Unknown parameters placed after `known` known ones (nested lists keep it simple).
fn trailing_unknowns(known: usize) -> impl Strategy<Value = Vec<UnknownParameter>> {
    vec((unknown_tag(), bytes(12)), 0..2).prop_map(move |list| {
        list.into_iter()
            .enumerate()
            .map(|(i, (tag, value))| UnknownParameter {
                tag,
                value,
                position: known + i,
            })
            .collect()
    })
}

fn protocol_data() -> impl Strategy<Value = ProtocolData> {
    (
        any::<u32>(),
        any::<u32>(),
        any::<u8>(),
        any::<u8>(),
        any::<u8>(),
        any::<u8>(),
        bytes(300),
    )
        .prop_map(|(opc, dpc, si, ni, mp, sls, user_data)| ProtocolData {
            opc,
            dpc,
            si,
            ni,
            mp,
            sls,
            user_data,
        })
}

fn routing_key() -> impl Strategy<Value = RoutingKey> {
    (
        any::<u32>(),
        option::of(any::<u32>()),
        option::of(traffic_mode_type()),
        vec(point_code(), 1..3),
        option::of(any::<u32>()),
        vec(any::<u8>().prop_map(ServiceIndicator), 0..5),
        vec(point_code(), 0..3),
    )
        .prop_flat_map(|(lrk, rc, tmt, dpcs, na, sis, opcs)| {
            let known = 1
                + usize::from(rc.is_some())
                + usize::from(tmt.is_some())
                + dpcs.len()
                + usize::from(na.is_some())
                + usize::from(!sis.is_empty())
                + usize::from(!opcs.is_empty());
            trailing_unknowns(known).prop_map(move |unknown| RoutingKey {
                local_rk_identifier: lrk,
                routing_context: rc,
                traffic_mode_type: tmt,
                destination_point_codes: dpcs.clone(),
                network_appearance: na,
                service_indicators: sis.clone(),
                originating_point_codes: opcs.clone(),
                unknown,
            })
        })
}

fn registration_result() -> impl Strategy<Value = RegistrationResult> {
    (
        any::<u32>(),
        any::<u32>(),
        any::<u32>(),
        trailing_unknowns(3),
    )
        .prop_map(|(lrk, status, rc, unknown)| RegistrationResult {
            local_rk_identifier: lrk,
            registration_status: RegistrationStatus(status),
            routing_context: rc,
            unknown,
        })
}

fn deregistration_result() -> impl Strategy<Value = DeregistrationResult> {
    (any::<u32>(), any::<u32>(), trailing_unknowns(2)).prop_map(|(rc, status, unknown)| {
        DeregistrationResult {
            routing_context: rc,
            deregistration_status: DeregistrationStatus(status),
            unknown,
        }
    })
}

fn ssnm() -> impl Strategy<Value = Ssnm> {
    (
        option::of(any::<u32>()),
        rc_list(),
        vec(point_code(), 1..4),
        text(),
    )
        .prop_map(
            |(network_appearance, routing_context, affected_point_codes, info_string)| Ssnm {
                network_appearance,
                routing_context,
                affected_point_codes,
                info_string,
                unknown: vec![],
            },
        )
}

fn asp_up() -> impl Strategy<Value = AspUp> {
    (option::of(any::<u32>()), text()).prop_map(|(asp_identifier, info_string)| AspUp {
        asp_identifier,
        info_string,
        unknown: vec![],
    })
}

fn asp_dn() -> impl Strategy<Value = AspDn> {
    text().prop_map(|info_string| AspDn {
        info_string,
        unknown: vec![],
    })
}

fn beat() -> impl Strategy<Value = Beat> {
    option::of(bytes(64)).prop_map(|heartbeat_data| Beat {
        heartbeat_data,
        unknown: vec![],
    })
}

fn asp_ac() -> impl Strategy<Value = AspAc> {
    (option::of(traffic_mode_type()), rc_list(), text()).prop_map(
        |(traffic_mode_type, routing_context, info_string)| AspAc {
            traffic_mode_type,
            routing_context,
            info_string,
            unknown: vec![],
        },
    )
}

fn asp_ia() -> impl Strategy<Value = AspIa> {
    (rc_list(), text()).prop_map(|(routing_context, info_string)| AspIa {
        routing_context,
        info_string,
        unknown: vec![],
    })
}

fn err() -> impl Strategy<Value = Message> {
    (
        any::<u32>(),
        rc_list(),
        option::of(any::<u32>()),
        vec(point_code(), 0..3),
        option::of(bytes(40)),
    )
        .prop_map(
            |(
                code,
                routing_context,
                network_appearance,
                affected_point_codes,
                diagnostic_information,
            )| {
                Message::Err(ErrorMessage {
                    error_code: ErrorCode(code),
                    routing_context,
                    network_appearance,
                    affected_point_codes,
                    diagnostic_information,
                    unknown: vec![],
                })
            },
        )
}

fn ntfy() -> impl Strategy<Value = Message> {
    (status(), option::of(any::<u32>()), rc_list(), text()).prop_map(
        |(status, asp_identifier, routing_context, info_string)| {
            Message::Ntfy(Notify {
                status,
                asp_identifier,
                routing_context,
                info_string,
                unknown: vec![],
            })
        },
    )
}

fn data() -> impl Strategy<Value = Message> {
    (
        option::of(any::<u32>()),
        option::of(any::<u32>()),
        protocol_data(),
        option::of(any::<u32>()),
    )
        .prop_map(
            |(network_appearance, routing_context, protocol_data, correlation_id)| {
                Message::Data(Data {
                    network_appearance,
                    routing_context,
                    protocol_data,
                    correlation_id,
                    unknown: vec![],
                })
            },
        )
}

fn scon() -> impl Strategy<Value = Message> {
    (
        option::of(any::<u32>()),
        rc_list(),
        vec(point_code(), 1..4),
        option::of((0u32..=0x00ff_ffff).prop_map(|point_code| ConcernedDestination { point_code })),
        option::of((0u8..=3).prop_map(CongestionLevel)),
        text(),
    )
        .prop_map(
            |(
                network_appearance,
                routing_context,
                affected_point_codes,
                concerned_destination,
                congestion_level,
                info_string,
            )| {
                Message::Scon(Scon {
                    network_appearance,
                    routing_context,
                    affected_point_codes,
                    concerned_destination,
                    congestion_level,
                    info_string,
                    unknown: vec![],
                })
            },
        )
}

fn dupu() -> impl Strategy<Value = Message> {
    (
        option::of(any::<u32>()),
        rc_list(),
        point_code(),
        any::<u16>(),
        any::<u16>(),
        text(),
    )
        .prop_map(
            |(
                network_appearance,
                routing_context,
                affected_point_code,
                cause,
                user,
                info_string,
            )| {
                Message::Dupu(Dupu {
                    network_appearance,
                    routing_context,
                    affected_point_code,
                    user_cause: UserCause {
                        cause: UnavailabilityCause(cause),
                        user: Mtp3UserIdentity(user),
                    },
                    info_string,
                    unknown: vec![],
                })
            },
        )
}

fn reg_req() -> impl Strategy<Value = Message> {
    vec(routing_key(), 1..3).prop_map(|routing_keys| {
        Message::RegReq(RegReq {
            routing_keys,
            unknown: vec![],
        })
    })
}

fn reg_rsp() -> impl Strategy<Value = Message> {
    vec(registration_result(), 1..3).prop_map(|registration_results| {
        Message::RegRsp(RegRsp {
            registration_results,
            unknown: vec![],
        })
    })
}

fn dereg_req() -> impl Strategy<Value = Message> {
    vec(any::<u32>(), 1..4).prop_map(|routing_context| {
        Message::DeregReq(DeregReq {
            routing_context,
            unknown: vec![],
        })
    })
}

fn dereg_rsp() -> impl Strategy<Value = Message> {
    vec(deregistration_result(), 1..3).prop_map(|deregistration_results| {
        Message::DeregRsp(DeregRsp {
            deregistration_results,
            unknown: vec![],
        })
    })
}

/// How many parameters the encoding of `msg` holds (walks the TLVs).
fn parameter_count(msg: &Message) -> usize {
    let wire = msg.to_bytes().expect("encodable");
    let mut pos = 8;
    let mut count = 0;
    while pos < wire.len() {
        let length = usize::from(u16::from_be_bytes([wire[pos + 2], wire[pos + 3]]));
        pos += (length + 3) & !3;
        count += 1;
    }
    count
}

/// Adds 0–3 unknown parameters at arbitrary positions among the known ones.
fn with_unknowns(base: impl Strategy<Value = Message>) -> impl Strategy<Value = Message> {
    (base, vec((unknown_tag(), bytes(20)), 0..4))
        .prop_flat_map(|(msg, unknown)| {
            let slots = parameter_count(&msg) + unknown.len();
            let positions = subsequence((0..slots).collect::<Vec<_>>(), unknown.len());
            (Just(msg), Just(unknown), positions)
        })
        .prop_map(|(mut msg, unknown, positions)| {
            *msg.unknown_parameters_mut() = unknown
                .into_iter()
                .zip(positions)
                .map(|((tag, value), position)| UnknownParameter {
                    tag,
                    value,
                    position,
                })
                .collect();
            msg
        })
}

fn check(msg: &Message, kind: MessageKind) -> Result<(), TestCaseError> {
    prop_assert_eq!(msg.kind(), kind);
    let wire = msg.to_bytes().expect("encodable");
    prop_assert_eq!(wire.len(), msg.encoded_len());
    prop_assert_eq!(wire.len() % 4, 0);
    prop_assert_eq!(message_length(&wire), Ok(Some(wire.len())));
    let decoded = Message::from_bytes(wire.clone());
    prop_assert_eq!(decoded.as_ref(), Ok(msg));
    prop_assert_eq!(
        decoded.expect("decoded").to_bytes().expect("encodable"),
        wire.clone()
    );
    prop_assert!(
        msg.to_string()
            .starts_with(kind.name().expect("defined kind"))
    );
    // Any strict prefix is refused.
    for cut in [0, 7, 8, wire.len() / 2, wire.len() - 1]
        .into_iter()
        .filter(|&cut| cut < wire.len())
    {
        prop_assert!(Message::from_bytes(wire.slice(..cut)).is_err());
    }
    Ok(())
}

macro_rules! roundtrip {
    ($($name:ident: $kind:ident => $strategy:expr;)*) => {
        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]
            $(
                #[test]
                fn $name(msg in with_unknowns($strategy)) {
                    check(&msg, MessageKind::$kind)?;
                }
            )*
        }
    };
}

roundtrip! {
    err_roundtrip: ERR => err();
    ntfy_roundtrip: NTFY => ntfy();
    data_roundtrip: DATA => data();
    duna_roundtrip: DUNA => ssnm().prop_map(Message::Duna);
    dava_roundtrip: DAVA => ssnm().prop_map(Message::Dava);
    daud_roundtrip: DAUD => ssnm().prop_map(Message::Daud);
    scon_roundtrip: SCON => scon();
    dupu_roundtrip: DUPU => dupu();
    drst_roundtrip: DRST => ssnm().prop_map(Message::Drst);
    aspup_roundtrip: ASPUP => asp_up().prop_map(Message::AspUp);
    aspdn_roundtrip: ASPDN => asp_dn().prop_map(Message::AspDn);
    beat_roundtrip: BEAT => beat().prop_map(Message::Beat);
    aspup_ack_roundtrip: ASPUP_ACK => asp_up().prop_map(Message::AspUpAck);
    aspdn_ack_roundtrip: ASPDN_ACK => asp_dn().prop_map(Message::AspDnAck);
    beat_ack_roundtrip: BEAT_ACK => beat().prop_map(Message::BeatAck);
    aspac_roundtrip: ASPAC => asp_ac().prop_map(Message::AspAc);
    aspia_roundtrip: ASPIA => asp_ia().prop_map(Message::AspIa);
    aspac_ack_roundtrip: ASPAC_ACK => asp_ac().prop_map(Message::AspAcAck);
    aspia_ack_roundtrip: ASPIA_ACK => asp_ia().prop_map(Message::AspIaAck);
    reg_req_roundtrip: REG_REQ => reg_req();
    reg_rsp_roundtrip: REG_RSP => reg_rsp();
    dereg_req_roundtrip: DEREG_REQ => dereg_req();
    dereg_rsp_roundtrip: DEREG_RSP => dereg_rsp();
}

proptest! {
    /// Arbitrary octets after a valid header never panic the decoder, and whatever decodes is a
    /// fixed point of encode ∘ decode.
    #[test]
    fn arbitrary_bodies_never_panic(class in prop_oneof![0u8..=4, Just(9u8)], message_type in 0u8..8, body in vec(any::<u8>(), 0..200)) {
        let mut wire = vec![1, 0, class, message_type];
        wire.extend_from_slice(&((body.len() + 8) as u32).to_be_bytes());
        wire.extend_from_slice(&body);
        if let Ok(msg) = Message::from_bytes(Bytes::from(wire)) {
            let again = msg.to_bytes().expect("encodable");
            prop_assert_eq!(Message::from_bytes(again), Ok(msg));
        }
    }

    /// Well-formed TLVs with random tags and values: exercises the per-message parameter rules.
    #[test]
    fn arbitrary_parameter_lists_never_panic(
        kind in select(MessageKind::ALL.to_vec()),
        params in vec((select(vec![0x0004u16, 0x0006, 0x0007, 0x0009, 0x000b, 0x000c, 0x000d, 0x0011, 0x0012, 0x0013, 0x0200, 0x0204, 0x0205, 0x0206, 0x0207, 0x0208, 0x0209, 0x020a, 0x020b, 0x020c, 0x020e, 0x0210, 0x0212, 0x0213, 0x7777]), vec(any::<u8>(), 0..24)), 0..6),
    ) {
        let mut body = Vec::new();
        for (tag, value) in &params {
            body.extend_from_slice(&tag.to_be_bytes());
            body.extend_from_slice(&((value.len() + 4) as u16).to_be_bytes());
            body.extend_from_slice(value);
            body.resize((body.len() + 3) & !3, 0);
        }
        let mut wire = vec![1, 0, kind.class.0, kind.message_type.0];
        wire.extend_from_slice(&((body.len() + 8) as u32).to_be_bytes());
        wire.extend_from_slice(&body);
        match Message::from_bytes(Bytes::from(wire)) {
            Ok(msg) => {
                prop_assert_eq!(msg.kind(), kind);
                let again = msg.to_bytes().expect("encodable");
                prop_assert_eq!(Message::from_bytes(again), Ok(msg));
            }
            Err(error) => prop_assert!(error.error_code().is_known()),
        }
    }
}
