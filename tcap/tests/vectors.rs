//! The independently made vectors (`tests/data/`) decode to the fields they document and re-encode
//! to the same octets; the builders for the SCP's answer produce the same octets too.

mod common;

use bytes::Bytes;
use common::CS1;
use hex_literal::hex;
use tcap::{
    Aare, Aarq, Code, Component, DialoguePortion, Invoke, Message, Parameter, ProtocolVersion,
    TransactionId,
};

/// The InitialDPArg of the vector: SEQUENCE { serviceKey [0] 100, calledPartyNumber [2]
/// 050412345678, callingPartyNumber [3] 01012345678, callingPartysCategory [5] 10,
/// eventTypeBCSM [28] collectedInfo }.
const IDP_ARG: [u8; 31] = hex!(
    "30 1d 80 01 64 82 08 03 10 50 40 21 43 65 87 83 08 83 11 10 10 32 54 76 08"
    "85 01 0a 9c 01 02"
);

/// The ConnectArg of the vector: SEQUENCE { destinationRoutingAddress [0] { 01098765432 },
/// originalCalledPartyID [6] 050412345678 }.
const CONNECT_ARG: [u8; 24] =
    hex!("30 16 a0 0a 04 08 83 10 10 90 78 56 34 02 86 08 03 10 50 40 21 43 65 87");

#[test]
fn initial_dp_begin() {
    let tcap = common::idp_begin();
    assert_eq!(tcap.len(), 81);
    let m = Message::decode(&tcap).unwrap();
    let Message::Begin(begin) = &m else {
        panic!("not a Begin: {m:?}");
    };
    assert_eq!(begin.otid, TransactionId::from_u32(0x0102_0304));
    assert_eq!(
        begin.dialogue_portion,
        Some(DialoguePortion::Aarq(Aarq {
            protocol_version: Some(ProtocolVersion::VERSION1),
            application_context_name: CS1,
            user_information: None,
        }))
    );
    assert_eq!(m.dialogue().unwrap().application_context_name(), Some(CS1));
    let [Component::Invoke(invoke)] = begin.components.as_slice() else {
        panic!("not one Invoke: {:?}", begin.components);
    };
    assert_eq!(invoke.invoke_id, 1);
    assert_eq!(invoke.linked_id, None);
    assert_eq!(invoke.op_code, Code::Local(0));
    let param = invoke.parameter.as_ref().unwrap();
    assert_eq!(param.as_bytes(), IDP_ARG);
    // The parameter is the last 31 octets of the message, and a slice of it, not a copy.
    assert_eq!(param.offset(), 81 - 31);
    assert_eq!(param.as_bytes().as_ptr(), tcap[50..].as_ptr());
    assert_eq!(param.tlv().unwrap().offset, 50);
    assert_eq!(
        m.to_string(),
        "Begin otid=01020304 aarq acn=0.4.0.1.1.1.0.0 [Invoke id=1 op=0 param=31B]"
    );
    // Exact re-encode.
    assert_eq!(m.to_vec(), tcap);
    // The builder gives the same octets.
    let built = Message::begin(
        TransactionId::from_u32(0x0102_0304),
        Some(CS1),
        vec![Component::Invoke(Invoke::new(
            1,
            Code::Local(0),
            Some(Parameter::new(Bytes::from_static(&IDP_ARG)).unwrap()),
        ))],
    );
    assert_eq!(built, m);
    assert_eq!(built.to_bytes(), tcap);
}

#[test]
fn connect_end() {
    let tcap = common::connect_end();
    assert_eq!(tcap.len(), 86);
    let m = Message::decode(&tcap).unwrap();
    let Message::End(end) = &m else {
        panic!("not an End: {m:?}");
    };
    assert_eq!(end.dtid, TransactionId::from_u32(0x0102_0304));
    let Some(DialoguePortion::Aare(aare)) = &end.dialogue_portion else {
        panic!("no AARE: {:?}", end.dialogue_portion);
    };
    assert_eq!(aare, &Aare::accepted(CS1));
    assert_eq!(aare.result, tcap::AssociateResult::ACCEPTED);
    assert_eq!(
        aare.result_source_diagnostic,
        tcap::AssociateSourceDiagnostic::DialogueServiceUser(tcap::DialogueServiceUser::NULL)
    );
    let [Component::Invoke(invoke)] = end.components.as_slice() else {
        panic!("not one Invoke: {:?}", end.components);
    };
    assert_eq!((invoke.invoke_id, invoke.op_code), (1, Code::Local(20)));
    assert_eq!(invoke.parameter.as_ref().unwrap().as_bytes(), CONNECT_ARG);
    assert_eq!(
        m.to_string(),
        "End dtid=01020304 aare acn=0.4.0.1.1.1.0.0 accepted user:null [Invoke id=1 op=20 param=24B]"
    );
    assert_eq!(m.to_vec(), tcap);
    // The SCP's answer builder gives the same octets (the vector states the protocol version, as the
    // builder does, and orders the AARE members as Q.773 lists them).
    let built = Message::end_accepted(
        TransactionId::from_u32(0x0102_0304),
        CS1,
        vec![Component::Invoke(Invoke::new(
            1,
            Code::Local(20),
            Some(Parameter::from_vec(CONNECT_ARG.to_vec()).unwrap()),
        ))],
    );
    assert_eq!(built.to_bytes(), tcap);
}

#[test]
fn slicing_matches_the_readme() {
    // The data length octet sits right before the TCAP message, which ends the UDT.
    let m3ua = common::m3ua(common::IDP_BEGIN_M3UA);
    let at = common::data_length_at(&m3ua);
    assert_eq!(m3ua[at], 81);
    assert_eq!(m3ua[at + 1], 0x62);
    assert_eq!(at + 1 + 81, m3ua.len());
}
