//! Known-answer tests: the project's independently made vectors, and one hand-made vector per
//! message type written from the figures of RFC 4666 §3, each decoded to its fields and
//! re-encoded byte for byte.

use bytes::Bytes;
use hex_literal::hex;
use m3ua::*;

/// Decodes `wire` (exactly one message), checks it re-encodes to the same octets, returns it.
fn roundtrip(wire: &[u8]) -> Message {
    let msg = Message::from_bytes(Bytes::copy_from_slice(wire)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(msg.to_bytes().unwrap(), wire, "re-encoding {msg}");
    assert_eq!(msg.encoded_len(), wire.len());
    msg
}

fn vector(text: &str) -> Bytes {
    Bytes::from(hex::decode(text.trim()).expect("hex vector"))
}

// ---------------------------------------------------------------------------------------------
// The oracle vectors (tests/data/README.md says where they come from).

#[test]
fn idp_begin_vector() {
    let wire = vector(include_str!("data/idp_begin_m3ua.hex"));
    let mut buf = wire.clone();
    let msg = Message::decode(&mut buf).unwrap();
    assert!(buf.is_empty(), "decode consumes exactly one message");
    let Message::Data(data) = &msg else {
        panic!("not DATA: {msg}")
    };
    assert_eq!(data.routing_context, Some(2));
    assert_eq!(data.network_appearance, None);
    assert_eq!(data.correlation_id, None);
    let pd = &data.protocol_data;
    assert_eq!(
        (pd.opc, pd.dpc, pd.si, pd.ni, pd.mp, pd.sls),
        (3, 2, 3, 2, 0, 5)
    );
    assert_eq!(pd.service_indicator(), ServiceIndicator::SCCP);
    // Header 8 + Routing Context 8 + Protocol Data header 4 + routing label 12 = 32.
    assert_eq!(pd.user_data.len(), 112);
    assert_eq!(pd.user_data[0], 0x09, "SCCP UDT");
    assert_eq!(
        pd.user_data.as_ptr(),
        wire[32..].as_ptr(),
        "user data is a slice, not a copy"
    );
    assert!(data.unknown.is_empty());
    assert_eq!(
        msg.to_string(),
        "DATA rc=2 opc=3 dpc=2 si=3 ni=2 mp=0 sls=5 len=112"
    );
    assert_eq!(msg.to_bytes().unwrap(), wire);
    assert_eq!(message_length(&wire), Ok(Some(wire.len())));
}

#[test]
fn connect_end_vector() {
    let wire = vector(include_str!("data/connect_end_m3ua.hex"));
    let msg = roundtrip(&wire);
    let Message::Data(data) = &msg else {
        panic!("not DATA: {msg}")
    };
    assert_eq!(data.routing_context, Some(3));
    let pd = &data.protocol_data;
    assert_eq!(
        (pd.opc, pd.dpc, pd.si, pd.ni, pd.mp, pd.sls),
        (2, 3, 3, 2, 0, 5)
    );
    // Protocol Data length 133: 117 octets of user data and 3 octets of padding.
    assert_eq!(pd.user_data.len(), 117);
    assert_eq!(pd.user_data[0], 0x09, "SCCP UDT");
    assert_eq!(
        msg.to_string(),
        "DATA rc=3 opc=2 dpc=3 si=3 ni=2 mp=0 sls=5 len=117"
    );
}

#[test]
fn two_vectors_back_to_back_in_one_stream() {
    let idp = vector(include_str!("data/idp_begin_m3ua.hex"));
    let connect = vector(include_str!("data/connect_end_m3ua.hex"));
    let mut stream = Bytes::from([idp.as_ref(), connect.as_ref()].concat());
    assert_eq!(message_length(&stream), Ok(Some(idp.len())));
    let first = Message::decode(&mut stream).unwrap();
    assert_eq!(stream.len(), connect.len());
    let second = Message::decode(&mut stream).unwrap();
    assert!(stream.is_empty());
    assert_eq!(first.to_bytes().unwrap(), idp);
    assert_eq!(second.to_bytes().unwrap(), connect);
}

// ---------------------------------------------------------------------------------------------
// MGMT (RFC 4666 §3.8)

#[test]
fn err() {
    let wire = hex!(
        "01 00 00 00 00000038" // version 1, reserved, class MGMT, type ERR, length 56
        "000c 0008 00000019"   // Error Code: Invalid Routing Context
        "0006 0008 00000064"   // Routing Context: 100
        "0200 0008 00000001"   // Network Appearance: 1
        "0012 000c 00001234 03000100" // Affected Point Code: 0x1234, 0x100 mask 3
        "0007 0009 0102030405 000000" // Diagnostic Information: 5 octets + 3 padding
    );
    let msg = roundtrip(&wire);
    assert_eq!(
        msg,
        Message::Err(ErrorMessage {
            error_code: ErrorCode::INVALID_ROUTING_CONTEXT,
            routing_context: vec![100],
            network_appearance: Some(1),
            affected_point_codes: vec![
                MaskedPointCode::exact(0x1234),
                MaskedPointCode {
                    mask: 3,
                    point_code: 0x100
                }
            ],
            diagnostic_information: Some(Bytes::from_static(&[1, 2, 3, 4, 5])),
            unknown: vec![],
        })
    );
    assert_eq!(
        msg.to_string(),
        "ERR code=Invalid Routing Context rc=100 na=1 apc=4660,256/3 diag=5B"
    );
}

#[test]
fn ntfy() {
    let wire = hex!(
        "01 00 00 01 00000030" // MGMT NTFY, length 48
        "000d 0008 0001 0003"  // Status: type AS-State_Change, info AS-ACTIVE
        "0011 0008 00000007"   // ASP Identifier: 7
        "0006 000c 00000001 00000002" // Routing Context: 1, 2
        "0004 0009 68656c6c6f 000000" // INFO String: "hello" + 3 padding
    );
    let msg = roundtrip(&wire);
    assert_eq!(
        msg,
        Message::Ntfy(Notify {
            status: Status::AS_ACTIVE,
            asp_identifier: Some(7),
            routing_context: vec![1, 2],
            info_string: Some(Bytes::from_static(b"hello")),
            unknown: vec![],
        })
    );
    assert_eq!(
        msg.to_string(),
        "NTFY status=AS-ACTIVE aspid=7 rc=1,2 info=\"hello\""
    );
}

// ---------------------------------------------------------------------------------------------
// Transfer (RFC 4666 §3.3)

#[test]
fn data() {
    let wire = hex!(
        "01 00 01 01 00000034" // Transfer DATA, length 52
        "0200 0008 00000005"   // Network Appearance: 5
        "0006 0008 00000002"   // Routing Context: 2
        "0210 0013"            // Protocol Data, length 19 (4 + 12 + 3)
        "00000003 00000002"    //   OPC 3, DPC 2
        "05 02 01 0a"          //   SI 5 (ISUP), NI 2, MP 1, SLS 10
        "616263 00"            //   user data "abc" + 1 padding
        "0013 0008 0000abcd"   // Correlation ID: 0xabcd
    );
    let msg = roundtrip(&wire);
    assert_eq!(
        msg,
        Message::Data(Data {
            network_appearance: Some(5),
            routing_context: Some(2),
            protocol_data: ProtocolData {
                opc: 3,
                dpc: 2,
                si: 5,
                ni: 2,
                mp: 1,
                sls: 10,
                user_data: Bytes::from_static(b"abc"),
            },
            correlation_id: Some(0xabcd),
            unknown: vec![],
        })
    );
    assert_eq!(
        msg.to_string(),
        "DATA na=5 rc=2 opc=3 dpc=2 si=5 ni=2 mp=1 sls=10 len=3 corr=43981"
    );
}

// ---------------------------------------------------------------------------------------------
// SSNM (RFC 4666 §3.4)

#[test]
fn duna() {
    let wire = hex!(
        "01 00 02 01 00000018" // SSNM DUNA, length 24
        "0006 0008 00000001"   // Routing Context: 1
        "0012 0008 00000102"   // Affected Point Code: mask 0, PC 0x102
    );
    let msg = roundtrip(&wire);
    assert_eq!(
        msg,
        Message::Duna(Ssnm {
            routing_context: vec![1],
            affected_point_codes: vec![MaskedPointCode::exact(0x102)],
            ..Ssnm::default()
        })
    );
    assert_eq!(msg.to_string(), "DUNA rc=1 apc=258");
}

#[test]
fn dava() {
    let wire = hex!(
        "01 00 02 02 0000001c" // SSNM DAVA, length 28
        "0200 0008 00000001"   // Network Appearance: 1
        "0012 000c 00000102 08001200" // Affected Point Code: 0x102; 0x1200 mask 8
    );
    let msg = roundtrip(&wire);
    assert_eq!(
        msg,
        Message::Dava(Ssnm {
            network_appearance: Some(1),
            affected_point_codes: vec![
                MaskedPointCode::exact(0x102),
                MaskedPointCode {
                    mask: 8,
                    point_code: 0x1200
                }
            ],
            ..Ssnm::default()
        })
    );
    assert_eq!(msg.to_string(), "DAVA na=1 apc=258,4608/8");
}

#[test]
fn daud() {
    let wire = hex!(
        "01 00 02 03 00000018" // SSNM DAUD, length 24
        "0012 0008 00003039"   // Affected Point Code: 12345
        "0004 0008 61756474"   // INFO String: "audt"
    );
    let msg = roundtrip(&wire);
    assert_eq!(
        msg,
        Message::Daud(Ssnm {
            affected_point_codes: vec![MaskedPointCode::exact(12345)],
            info_string: Some(Bytes::from_static(b"audt")),
            ..Ssnm::default()
        })
    );
    assert_eq!(msg.to_string(), "DAUD apc=12345 info=\"audt\"");
}

#[test]
fn scon() {
    let wire = hex!(
        "01 00 02 04 00000028" // SSNM SCON, length 40
        "0006 0008 00000001"   // Routing Context: 1
        "0012 0008 00000102"   // Affected Point Code: 0x102
        "0206 0008 00000457"   // Concerned Destination: reserved 0, PC 0x457
        "0205 0008 00000002"   // Congestion Indications: reserved 0, level 2
    );
    let msg = roundtrip(&wire);
    assert_eq!(
        msg,
        Message::Scon(Scon {
            routing_context: vec![1],
            affected_point_codes: vec![MaskedPointCode::exact(0x102)],
            concerned_destination: Some(ConcernedDestination { point_code: 0x457 }),
            congestion_level: Some(CongestionLevel::LEVEL_2),
            ..Scon::default()
        })
    );
    assert_eq!(msg.to_string(), "SCON rc=1 apc=258 concerned=1111 level=2");
}

#[test]
fn dupu() {
    let wire = hex!(
        "01 00 02 05 00000020" // SSNM DUPU, length 32
        "0006 0008 00000001"   // Routing Context: 1
        "0012 0008 00000102"   // Affected Point Code: mask 0, PC 0x102
        "0204 0008 0002 0005"  // User/Cause: Inaccessible Remote User, ISUP
    );
    let msg = roundtrip(&wire);
    assert_eq!(
        msg,
        Message::Dupu(Dupu {
            routing_context: vec![1],
            affected_point_code: MaskedPointCode::exact(0x102),
            user_cause: UserCause {
                cause: UnavailabilityCause::INACCESSIBLE_REMOTE_USER,
                user: Mtp3UserIdentity::ISUP
            },
            ..Dupu::default()
        })
    );
    assert_eq!(
        msg.to_string(),
        "DUPU rc=1 apc=258 cause=Inaccessible Remote User user=ISUP"
    );
}

#[test]
fn drst() {
    let wire = hex!(
        "01 00 02 06 00000010" // SSNM DRST, length 16
        "0012 0008 00000102"   // Affected Point Code: 0x102
    );
    let msg = roundtrip(&wire);
    assert_eq!(
        msg,
        Message::Drst(Ssnm {
            affected_point_codes: vec![MaskedPointCode::exact(0x102)],
            ..Ssnm::default()
        })
    );
    assert_eq!(msg.to_string(), "DRST apc=258");
}

// ---------------------------------------------------------------------------------------------
// ASPSM (RFC 4666 §3.5)

#[test]
fn aspup() {
    let wire = hex!(
        "01 00 03 01 00000018" // ASPSM ASPUP, length 24
        "0011 0008 00000001"   // ASP Identifier: 1
        "0004 0008 61737031"   // INFO String: "asp1"
    );
    let msg = roundtrip(&wire);
    assert_eq!(
        msg,
        Message::AspUp(AspUp {
            asp_identifier: Some(1),
            info_string: Some(Bytes::from_static(b"asp1")),
            unknown: vec![]
        })
    );
    assert_eq!(msg.to_string(), "ASPUP aspid=1 info=\"asp1\"");
}

#[test]
fn aspdn() {
    let wire = hex!("01 00 03 02 00000008"); // ASPSM ASPDN, length 8, no parameters
    let msg = roundtrip(&wire);
    assert_eq!(msg, Message::AspDn(AspDn::default()));
    assert_eq!(msg.to_string(), "ASPDN");
}

#[test]
fn beat() {
    let wire = hex!(
        "01 00 03 03 00000014"   // ASPSM BEAT, length 20
        "0009 000a 010203040506 0000" // Heartbeat Data: 6 octets + 2 padding
    );
    let msg = roundtrip(&wire);
    assert_eq!(
        msg,
        Message::Beat(Beat {
            heartbeat_data: Some(Bytes::from_static(&[1, 2, 3, 4, 5, 6])),
            unknown: vec![]
        })
    );
    assert_eq!(msg.to_string(), "BEAT data=6B");
}

#[test]
fn aspup_ack() {
    let wire = hex!(
        "01 00 03 04 00000010" // ASPSM ASPUP ACK, length 16
        "0011 0008 00000001"   // ASP Identifier: 1
    );
    let msg = roundtrip(&wire);
    assert_eq!(
        msg,
        Message::AspUpAck(AspUp {
            asp_identifier: Some(1),
            ..AspUp::default()
        })
    );
    assert_eq!(msg.to_string(), "ASPUP ACK aspid=1");
}

#[test]
fn aspdn_ack() {
    let wire = hex!(
        "01 00 03 05 00000010" // ASPSM ASPDN ACK, length 16
        "0004 0007 627965 00"  // INFO String: "bye" + 1 padding
    );
    let msg = roundtrip(&wire);
    assert_eq!(
        msg,
        Message::AspDnAck(AspDn {
            info_string: Some(Bytes::from_static(b"bye")),
            unknown: vec![]
        })
    );
    assert_eq!(msg.to_string(), "ASPDN ACK info=\"bye\"");
}

#[test]
fn beat_ack() {
    let wire = hex!(
        "01 00 03 06 00000014"   // ASPSM BEAT ACK, length 20
        "0009 000a 010203040506 0000" // Heartbeat Data echoed: 6 octets + 2 padding
    );
    let msg = roundtrip(&wire);
    assert_eq!(
        msg,
        Message::BeatAck(Beat {
            heartbeat_data: Some(Bytes::from_static(&[1, 2, 3, 4, 5, 6])),
            unknown: vec![]
        })
    );
    assert_eq!(msg.to_string(), "BEAT ACK data=6B");
}

// ---------------------------------------------------------------------------------------------
// ASPTM (RFC 4666 §3.7)

#[test]
fn aspac() {
    let wire = hex!(
        "01 00 04 01 0000001c" // ASPTM ASPAC, length 28
        "000b 0008 00000002"   // Traffic Mode Type: Loadshare
        "0006 000c 00000001 00000002" // Routing Context: 1, 2
    );
    let msg = roundtrip(&wire);
    assert_eq!(
        msg,
        Message::AspAc(AspAc {
            traffic_mode_type: Some(TrafficModeType::LOADSHARE),
            routing_context: vec![1, 2],
            ..AspAc::default()
        })
    );
    assert_eq!(msg.to_string(), "ASPAC tmt=Loadshare rc=1,2");
}

#[test]
fn aspia() {
    let wire = hex!(
        "01 00 04 02 00000010" // ASPTM ASPIA, length 16
        "0006 0008 00000001"   // Routing Context: 1
    );
    let msg = roundtrip(&wire);
    assert_eq!(
        msg,
        Message::AspIa(AspIa {
            routing_context: vec![1],
            ..AspIa::default()
        })
    );
    assert_eq!(msg.to_string(), "ASPIA rc=1");
}

#[test]
fn aspac_ack() {
    let wire = hex!(
        "01 00 04 03 00000018" // ASPTM ASPAC ACK, length 24
        "000b 0008 00000001"   // Traffic Mode Type: Override
        "0006 0008 00000001"   // Routing Context: 1
    );
    let msg = roundtrip(&wire);
    assert_eq!(
        msg,
        Message::AspAcAck(AspAc {
            traffic_mode_type: Some(TrafficModeType::OVERRIDE),
            routing_context: vec![1],
            ..AspAc::default()
        })
    );
    assert_eq!(msg.to_string(), "ASPAC ACK tmt=Override rc=1");
}

#[test]
fn aspia_ack() {
    let wire = hex!("01 00 04 04 00000008"); // ASPTM ASPIA ACK, length 8, no parameters
    let msg = roundtrip(&wire);
    assert_eq!(msg, Message::AspIaAck(AspIa::default()));
    assert_eq!(msg.to_string(), "ASPIA ACK");
}

// ---------------------------------------------------------------------------------------------
// RKM (RFC 4666 §3.6)

#[test]
fn reg_req() {
    let wire = hex!(
        "01 00 09 01 00000038" // RKM REG REQ, length 56
        "0207 0030"            // Routing Key, length 48
        "020a 0008 00000001"   //   Local-RK-Identifier: 1
        "000b 0008 00000002"   //   Traffic Mode Type: Loadshare
        "020b 0008 00000017"   //   Destination Point Code: mask 0, PC 23
        "020c 0006 0305 0000"  //   Service Indicators: SCCP, ISUP + 2 padding
        "020e 000c 00000001 00000002" // Originating Point Code List: 1, 2
    );
    let msg = roundtrip(&wire);
    assert_eq!(
        msg,
        Message::RegReq(RegReq {
            routing_keys: vec![RoutingKey {
                local_rk_identifier: 1,
                traffic_mode_type: Some(TrafficModeType::LOADSHARE),
                destination_point_codes: vec![MaskedPointCode::exact(23)],
                service_indicators: vec![ServiceIndicator::SCCP, ServiceIndicator::ISUP],
                originating_point_codes: vec![MaskedPointCode::exact(1), MaskedPointCode::exact(2)],
                ..RoutingKey::default()
            }],
            unknown: vec![],
        })
    );
    assert_eq!(
        msg.to_string(),
        "REG REQ [lrk=1 tmt=Loadshare dpc=23 si=3,5 opc=1,2]"
    );
}

#[test]
fn reg_req_two_keys_alias_dpcs() {
    let wire = hex!(
        "01 00 09 01 00000040" // RKM REG REQ, length 64
        "0207 0024"            // Routing Key, length 36
        "020a 0008 00000001"   //   Local-RK-Identifier: 1
        "0006 0008 00000064"   //   Routing Context: 100
        "020b 0008 00000017"   //   Destination Point Code: 23
        "020b 0008 00000018"   //   Destination Point Code: 24 (alias, RFC 4666 §3.6.1)
        "0207 0014"            // Routing Key, length 20
        "020a 0008 00000002"   //   Local-RK-Identifier: 2
        "020b 0008 00000019"   //   Destination Point Code: 25
    );
    let msg = roundtrip(&wire);
    let Message::RegReq(req) = &msg else {
        panic!("{msg}")
    };
    assert_eq!(req.routing_keys.len(), 2);
    assert_eq!(
        req.routing_keys[0].destination_point_codes,
        vec![MaskedPointCode::exact(23), MaskedPointCode::exact(24)]
    );
    assert_eq!(req.routing_keys[0].routing_context, Some(100));
    assert_eq!(
        msg.to_string(),
        "REG REQ [lrk=1 rc=100 dpc=23,24] [lrk=2 dpc=25]"
    );
}

#[test]
fn reg_rsp() {
    let wire = hex!(
        "01 00 09 02 00000024" // RKM REG RSP, length 36
        "0208 001c"            // Registration Result, length 28
        "020a 0008 00000001"   //   Local-RK-Identifier: 1
        "0212 0008 00000000"   //   Registration Status: Successfully Registered
        "0006 0008 00000064"   //   Routing Context: 100
    );
    let msg = roundtrip(&wire);
    assert_eq!(
        msg,
        Message::RegRsp(RegRsp {
            registration_results: vec![RegistrationResult {
                local_rk_identifier: 1,
                registration_status: RegistrationStatus::SUCCESSFULLY_REGISTERED,
                routing_context: 100,
                unknown: vec![],
            }],
            unknown: vec![],
        })
    );
    assert_eq!(
        msg.to_string(),
        "REG RSP [lrk=1 status=Successfully Registered rc=100]"
    );
}

#[test]
fn dereg_req() {
    let wire = hex!(
        "01 00 09 03 00000014" // RKM DEREG REQ, length 20
        "0006 000c 00000064 00000065" // Routing Context: 100, 101
    );
    let msg = roundtrip(&wire);
    assert_eq!(
        msg,
        Message::DeregReq(DeregReq {
            routing_context: vec![100, 101],
            unknown: vec![]
        })
    );
    assert_eq!(msg.to_string(), "DEREG REQ rc=100,101");
}

#[test]
fn dereg_rsp() {
    let wire = hex!(
        "01 00 09 04 0000001c" // RKM DEREG RSP, length 28
        "0209 0014"            // Deregistration Result, length 20
        "0006 0008 00000064"   //   Routing Context: 100
        "0213 0008 00000004"   //   Deregistration Status: Error - Not Registered
    );
    let msg = roundtrip(&wire);
    assert_eq!(
        msg,
        Message::DeregRsp(DeregRsp {
            deregistration_results: vec![DeregistrationResult {
                routing_context: 100,
                deregistration_status: DeregistrationStatus::NOT_REGISTERED,
                unknown: vec![],
            }],
            unknown: vec![],
        })
    );
    assert_eq!(
        msg.to_string(),
        "DEREG RSP [rc=100 status=Error - Not Registered]"
    );
}

// ---------------------------------------------------------------------------------------------
// Unknown parameters, tolerated fields.

#[test]
fn unknown_parameters_are_kept_in_place() {
    let wire = hex!(
        "01 00 03 01 00000024" // ASPSM ASPUP, length 36
        "7f00 0005 aa 000000"  // unknown tag 0x7f00, 1 octet + 3 padding
        "0011 0008 00000001"   // ASP Identifier: 1
        "8001 0004"            // unknown tag 0x8001, empty
        "0004 0008 61737031"   // INFO String: "asp1"
    );
    let msg = roundtrip(&wire);
    assert_eq!(
        msg.unknown_parameters(),
        &[
            UnknownParameter {
                tag: ParameterTag(0x7f00),
                value: Bytes::from_static(&[0xaa]),
                position: 0
            },
            UnknownParameter {
                tag: ParameterTag(0x8001),
                value: Bytes::new(),
                position: 2
            },
        ]
    );
    assert_eq!(msg.to_string(), "ASPUP aspid=1 info=\"asp1\" unknown=2");
}

#[test]
fn unknown_sub_parameters_are_kept_in_place() {
    let wire = hex!(
        "01 00 09 01 00000028" // RKM REG REQ, length 40
        "0207 0020"            // Routing Key, length 32
        "020a 0008 00000001"   //   Local-RK-Identifier: 1
        "020d 0008 01020304"   //   0x020d (RFC 3332's Circuit Range, not in RFC 4666): unknown
        "020b 0008 00000017"   //   Destination Point Code: 23
        "ffff 0004"            //   unknown tag 0xffff, empty
    );
    let msg = roundtrip(&wire);
    let Message::RegReq(req) = &msg else {
        panic!("{msg}")
    };
    let key = &req.routing_keys[0];
    assert_eq!(key.unknown.len(), 2);
    assert_eq!(key.unknown[0].position, 1);
    assert_eq!(key.unknown[1].position, 3);
    assert!(msg.unknown_parameters().is_empty());
}

#[test]
fn known_parameters_out_of_order_are_accepted_and_canonicalised() {
    let wire = hex!(
        "01 00 04 01 00000018" // ASPTM ASPAC, length 24
        "0006 0008 00000001"   // Routing Context: 1
        "000b 0008 00000001"   // Traffic Mode Type: Override (RFC order puts it first)
    );
    let msg = Message::from_bytes(Bytes::copy_from_slice(&wire)).unwrap();
    assert_eq!(
        msg.to_bytes().unwrap(),
        &hex!("01 00 04 01 00000018 000b 0008 00000001 0006 0008 00000001")[..]
    );
}

#[test]
fn ignored_octets_are_reencoded_as_zero() {
    let wire = hex!(
        "01 ff 02 04 00000020" // SSNM SCON, reserved octet 0xff, length 32
        "0012 0008 00000102"   // Affected Point Code: 0x102
        "0206 0008 ff000457"   // Concerned Destination: reserved 0xff, PC 0x457
        "0004 0005 78 ffffff"  // INFO String "x", padding 0xffffff
    );
    let msg = Message::from_bytes(Bytes::copy_from_slice(&wire)).unwrap();
    assert_eq!(msg.to_string(), "SCON apc=258 concerned=1111 info=\"x\"");
    assert_eq!(
        msg.to_bytes().unwrap(),
        &hex!("01 00 02 04 00000020 0012 0008 00000102 0206 0008 00000457 0004 0005 78 000000")[..]
    );
}

#[test]
fn builds_err_from_decode_error() {
    let bad = hex!("02 00 03 01 00000008"); // version 2
    let error = Message::from_bytes(Bytes::copy_from_slice(&bad)).unwrap_err();
    let err = Message::Err(error.to_err_message(&bad));
    assert_eq!(
        err.to_bytes().unwrap(),
        &hex!(
            "01 00 00 00 0000001c" // MGMT ERR, length 28
            "000c 0008 00000001"   // Error Code: Invalid Version
            "0007 000c 0200030100000008" // Diagnostic Information: the offending message
        )[..]
    );
}

#[cfg(feature = "serde")]
#[test]
fn serializes_to_json() {
    let wire = vector(include_str!("data/connect_end_m3ua.hex"));
    let msg = Message::from_bytes(wire.clone()).unwrap();
    let json = serde_json::to_value(&msg).unwrap();
    assert_eq!(json["message"], "DATA");
    assert_eq!(json["routing_context"], 3);
    assert_eq!(json["protocol_data"]["opc"], 2);
    assert_eq!(
        json["protocol_data"]["user_data"],
        hex::encode(&wire[32..32 + 117])
    );
    let ntfy = Message::Ntfy(Notify {
        status: Status::AS_PENDING,
        ..Notify::default()
    });
    let json = serde_json::to_value(&ntfy).unwrap();
    assert_eq!(json["message"], "NTFY");
    assert_eq!(json["status"]["status_type"], 1);
    assert_eq!(json["status"]["status_information"], 4);
}
