//! Wireshark's tshark reads what this crate encodes: every message type with and without a
//! dialogue portion and every component type, wrapped by hand in SCCP UDT and M3UA DATA (the
//! vector's prefix with the lengths patched), in one pcap. No frame may be malformed or carry an
//! expert warning, and the TCAP and INAP fields must read back as encoded.
//!
//! SSN 241 with or without the CS-1 application context makes tshark dissect the components as
//! INAP, so every component carries a valid INAP CS-1 argument for its operation code (InitialDP,
//! Connect, EventReportBCSM, Continue; PromptAndCollectUserInformation's result; the errors
//! missingParameter and systemFailure). tshark's INAP dissector does not know ReturnResult-NotLast
//! (it shows an empty INAP tree, not an error); that component is checked through the TCAP
//! component count.

mod common;

use bytes::Bytes;
use common::CS1;
use hex_literal::hex;
use tcap::ber::Oid;
use tcap::{
    Aare, Abrt, AbrtSource, AssociateSourceDiagnostic, Audt, Code, Component, DialoguePortion,
    DialogueServiceUser, End, GeneralProblem, Invoke, InvokeProblem, Message, OperationResult,
    PAbortCause, Parameter, Problem, Reject, ReturnError, ReturnResult, TransactionId,
    Unidirectional,
};

const IDP_ARG: [u8; 31] = hex!(
    "30 1d 80 01 64 82 08 03 10 50 40 21 43 65 87 83 08 83 11 10 10 32 54 76 08"
    "85 01 0a 9c 01 02"
);
const CONNECT_ARG: [u8; 24] =
    hex!("30 16 a0 0a 04 08 83 10 10 90 78 56 34 02 86 08 03 10 50 40 21 43 65 87");
/// EventReportBCSMArg { eventTypeBCSM oAnswer (7) }.
const ERB_ARG: [u8; 5] = hex!("30 03 80 01 07");
/// ReceivedInformationArg digitsResponse '1234'H (result of PromptAndCollectUserInformation, 48).
const PAC_RESULT: [u8; 4] = hex!("80 02 12 34");
/// UnavailableNetworkResource unavailableResources (0), systemFailure's parameter.
const SYSTEM_FAILURE_PARAM: [u8; 3] = hex!("0a 01 00");

fn p(bytes: &[u8]) -> Option<Parameter> {
    Some(Parameter::from_vec(bytes.to_vec()).unwrap())
}

fn tid(v: u32) -> TransactionId {
    TransactionId::from_u32(v)
}

fn invoke(id: i8, op: i64, arg: &[u8]) -> Component {
    Component::Invoke(Invoke::new(
        id,
        Code::Local(op),
        if arg.is_empty() { None } else { p(arg) },
    ))
}

/// Every component type, each with an argument INAP CS-1 defines for its code.
fn all_components() -> Vec<Component> {
    vec![
        invoke(2, 31, &[]),
        Component::Invoke(Invoke {
            invoke_id: 3,
            linked_id: Some(2),
            op_code: Code::Local(24),
            parameter: p(&ERB_ARG),
        }),
        Component::ReturnResultLast(ReturnResult {
            invoke_id: 4,
            result: Some(OperationResult {
                op_code: Code::Local(48),
                parameter: p(&PAC_RESULT),
            }),
        }),
        Component::ReturnResultLast(ReturnResult {
            invoke_id: 5,
            result: None,
        }),
        Component::ReturnError(ReturnError {
            invoke_id: 6,
            error_code: Code::Local(7),
            parameter: None,
        }),
        Component::ReturnError(ReturnError {
            invoke_id: 7,
            error_code: Code::Local(11),
            parameter: p(&SYSTEM_FAILURE_PARAM),
        }),
        Component::Reject(Reject {
            invoke_id: Some(8),
            problem: Problem::Invoke(InvokeProblem::UNRECOGNIZED_OPERATION),
        }),
        Component::Reject(Reject {
            invoke_id: None,
            problem: Problem::General(GeneralProblem::BADLY_STRUCTURED_COMPONENT),
        }),
        Component::ReturnResultNotLast(ReturnResult {
            invoke_id: 9,
            result: Some(OperationResult {
                op_code: Code::Local(48),
                parameter: p(&PAC_RESULT),
            }),
        }),
    ]
}

/// The messages of the pcap, one per frame.
fn messages() -> Vec<Message> {
    let refused = Aare::rejected(
        CS1,
        AssociateSourceDiagnostic::DialogueServiceUser(
            DialogueServiceUser::APPLICATION_CONTEXT_NAME_NOT_SUPPORTED,
        ),
    );
    vec![
        // 1: the vector's Begin, decoded and re-encoded.
        Message::decode(&common::idp_begin()).unwrap(),
        // 2: Begin without a dialogue portion.
        Message::begin(tid(0x1111_1111), None, vec![invoke(1, 0, &IDP_ARG)]),
        // 3: Continue with an AARE, and every component type.
        Message::continue_accepted(tid(0x2222_2222), tid(0x1111_1111), CS1, all_components()),
        // 4: Continue without a dialogue portion.
        Message::Continue(tcap::Continue {
            otid: tid(0x2222_2222),
            dtid: tid(0x1111_1111),
            dialogue_portion: None,
            components: vec![invoke(10, 24, &ERB_ARG)],
        }),
        // 5: End with an AARE (the SCP's answer).
        Message::end_accepted(tid(0x0102_0304), CS1, vec![invoke(1, 20, &CONNECT_ARG)]),
        // 6: End without a dialogue portion.
        Message::End(End {
            dtid: tid(0x0102_0304),
            dialogue_portion: None,
            components: vec![invoke(11, 31, &[])],
        }),
        // 7: Abort with a P-Abort cause.
        Message::p_abort(tid(0x0a0b_0c0d), PAbortCause::INCORRECT_TRANSACTION_PORTION),
        // 8: Abort with an ABRT.
        Message::u_abort(
            tid(0x0a0b_0c0d),
            Some(DialoguePortion::Abrt(Abrt::new(
                AbrtSource::DIALOGUE_SERVICE_USER,
            ))),
        ),
        // 9: Abort with an AARE refusing the dialogue.
        Message::u_abort(tid(0x0a0b_0c0d), Some(DialoguePortion::Aare(refused))),
        // 10: Abort without a reason.
        Message::u_abort(tid(0x0a0b_0c0d), None),
        // 11: Unidirectional with an AUDT.
        Message::Unidirectional(Unidirectional {
            dialogue_portion: Some(DialoguePortion::Audt(Audt::new(CS1))),
            components: vec![invoke(12, 31, &[])],
        }),
        // 12: Unidirectional without a dialogue portion.
        Message::Unidirectional(Unidirectional {
            dialogue_portion: None,
            components: vec![invoke(13, 24, &ERB_ARG)],
        }),
        // 13 (sent to SSN 252, which tshark is told to read as TCAP, under an application context
        // no dissector claims, so the components stay opaque): an AARQ with user information (one
        // tshark can dissect: an unknown abstract syntax draws an expert warning), global
        // operation and error codes.
        Message::Begin(tcap::Begin {
            otid: tid(0x3333_3333),
            dialogue_portion: Some(DialoguePortion::Aarq(tcap::Aarq {
                user_information: Some(
                    tcap::UserInformation::new(Bytes::from_static(&hex!(
                        // EXTERNAL { map-DialogueAS 0.4.0.0.1.1.1.1, [0] map-open {} }
                        "28 0d 06 07 04 00 00 01 01 01 01 a0 02 a0 00"
                    )))
                    .unwrap(),
                ),
                ..tcap::Aarq::new(OTHER_ACN)
            })),
            components: vec![
                Component::Invoke(Invoke::new(
                    1,
                    Code::Global(Oid::from_arcs(&[1, 2, 3, 4])),
                    p(&hex!("30 03 80 01 05")),
                )),
                Component::ReturnError(ReturnError {
                    invoke_id: 1,
                    error_code: Code::Global(Oid::from_arcs(&[1, 2, 3, 5])),
                    parameter: None,
                }),
            ],
        }),
    ]
}

/// An application context no tshark dissector knows.
const OTHER_ACN: Oid = Oid::from_arcs(&[1, 3, 6, 1, 4, 1, 99999, 1]);

/// The SSN of the last frame, read as TCAP with `-d sccp.ssn==252,tcap`.
const OPAQUE_SSN: u8 = 252;

/// Wraps a TCAP message in the vector's M3UA DATA and SCCP UDT ([`common::m3ua_data_to`]).
fn m3ua_data(tcap: &[u8]) -> Vec<u8> {
    common::m3ua_data_to(tcap, None)
}

#[test]
fn wrapping_reproduces_the_vector() {
    // The hand wrapping, applied to the vector's own TCAP message, gives back the vector.
    let vector = common::m3ua(common::IDP_BEGIN_M3UA);
    assert_eq!(m3ua_data(&common::idp_begin()), vector);
    let connect = common::m3ua(common::CONNECT_END_M3UA);
    let tcap = common::connect_end();
    let at = common::data_length_at(&connect);
    // Same wrapping rule on the Connect vector's own prefix.
    let mut m = connect[..at].to_vec();
    m.push(tcap.len() as u8);
    m.extend_from_slice(&tcap);
    while !m.len().is_multiple_of(4) {
        m.push(0);
    }
    assert_eq!(m, connect);
}

#[test]
fn tshark_reads_what_we_encode() {
    let Some(tshark) = oracle::tshark() else {
        return;
    };
    let messages = messages();
    let last = messages.len() - 1;
    let frames: Vec<Vec<u8>> = messages
        .iter()
        .enumerate()
        .map(|(i, m)| common::m3ua_data_to(&m.to_vec(), (i == last).then_some(OPAQUE_SSN)))
        .collect();
    let decode_as = format!("sccp.ssn=={OPAQUE_SSN},tcap");
    let opts = ["-d", decode_as.as_str()];
    // Every message decodes back to itself before tshark looks at it.
    for m in &messages {
        assert_eq!(&Message::decode(&Bytes::from(m.to_vec())).unwrap(), m);
    }
    let dir = std::env::temp_dir().join(format!("tcap-tshark-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pcap = dir.join("tcap.pcap");
    oracle::write_pcap(&pcap, &frames).unwrap();
    tshark.check_clean(&pcap, &opts);

    let rows = tshark.fields(
        &pcap,
        &[
            "frame.protocols",
            "tcap.otid",
            "tcap.dtid",
            "tcap.oid",
            "tcap.application_context_name",
            "tcap.components",
            "inap.present",
            "inap.code.local",
        ],
        &opts,
    );
    // tshark prints the octets of a transaction id as plain hex, as TransactionId's Display does.
    let hex = |id: u32| tid(id).to_string();
    let cs1 = CS1.to_string();
    let dialogue_as_id = Oid::from_arcs(&[0, 0, 17, 773, 1, 1, 1]).to_string();
    let uni_as_id = Oid::from_arcs(&[0, 0, 17, 773, 1, 2, 1]).to_string();
    #[rustfmt::skip]
    let expected: Vec<[String; 7]> = vec![
        // otid, dtid, oid, acn, component count, invoke ids, codes
        [hex(0x0102_0304), "".into(), dialogue_as_id.clone(), cs1.clone(), "1".into(), "1".into(), "0".into()],
        [hex(0x1111_1111), "".into(), "".into(), "".into(), "1".into(), "1".into(), "0".into()],
        [hex(0x2222_2222), hex(0x1111_1111), dialogue_as_id.clone(), cs1.clone(), "9".into(),
            "2,3,2,4,5,6,7,8".into(), "31,24,48,7,11".into()],
        [hex(0x2222_2222), hex(0x1111_1111), "".into(), "".into(), "1".into(), "10".into(), "24".into()],
        [String::new(), hex(0x0102_0304), dialogue_as_id.clone(), cs1.clone(), "1".into(), "1".into(), "20".into()],
        [String::new(), hex(0x0102_0304), "".into(), "".into(), "1".into(), "11".into(), "31".into()],
        [String::new(), hex(0x0a0b_0c0d), "".into(), "".into(), "".into(), "".into(), "".into()],
        [String::new(), hex(0x0a0b_0c0d), dialogue_as_id.clone(), "".into(), "".into(), "".into(), "".into()],
        [String::new(), hex(0x0a0b_0c0d), dialogue_as_id.clone(), cs1.clone(), "".into(), "".into(), "".into()],
        [String::new(), hex(0x0a0b_0c0d), "".into(), "".into(), "".into(), "".into(), "".into()],
        [String::new(), "".into(), uni_as_id.clone(), cs1.clone(), "1".into(), "12".into(), "31".into()],
        [String::new(), "".into(), "".into(), "".into(), "1".into(), "13".into(), "24".into()],
        [hex(0x3333_3333), "".into(), dialogue_as_id.clone(), OTHER_ACN.to_string(), "2".into(), "".into(), "".into()],
    ];
    assert_eq!(rows.len(), expected.len(), "{rows:?}");
    for (i, (row, want)) in rows.iter().zip(&expected).enumerate() {
        let frame = i + 1;
        assert!(
            row[0].contains("sccp:tcap"),
            "frame {frame} ({}): {:?}",
            messages[i],
            row
        );
        assert_eq!(&row[1..], want.as_slice(), "frame {frame}: {}", messages[i]);
    }

    // The dialogue APDUs: which frames carry which (tshark shows the AUDT as a dialogueRequest
    // under the unidialogue abstract syntax).
    let frames_with = |filter: &str| -> Vec<String> {
        tshark
            .fields(&pcap, &["frame.number"], &["-Y", filter, opts[0], opts[1]])
            .into_iter()
            .map(|r| r[0].clone())
            .collect()
    };
    assert_eq!(
        frames_with("tcap.dialogueRequest_element"),
        ["1", "11", "13"]
    );
    assert_eq!(
        frames_with("tcap.dialogueResponse_element"),
        ["3", "5", "9"]
    );
    assert_eq!(frames_with("tcap.dialogueAbort_element"), ["8"]);
    assert_eq!(
        frames_with("tcap.AARQ.protocol.version.version1 == 1"),
        ["1", "11", "13"]
    );
    assert_eq!(
        frames_with("tcap.AARE.protocol.version.version1 == 1"),
        ["3", "5", "9"]
    );
    let rows = tshark.fields(
        &pcap,
        &[
            "tcap.result",
            "tcap.dialogue_service_user",
            "tcap.abort_source",
            "tcap.p_abortCause",
        ],
        &opts,
    );
    let row = |frame: usize| {
        rows[frame - 1]
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
    };
    // AARE accepted, dialogue-service-user null.
    assert_eq!(row(3), ["0", "0", "", ""]);
    assert_eq!(row(5), ["0", "0", "", ""]);
    // P-Abort incorrectTransactionPortion; ABRT from the user; AARE reject-permanent with
    // application-context-name-not-supported.
    assert_eq!(row(7), ["", "", "", "3"]);
    assert_eq!(row(8), ["", "", "0", ""]);
    assert_eq!(row(9), ["1", "2", "", ""]);

    // The INAP arguments read back.
    let rows = tshark.fields(
        &pcap,
        &[
            "inap.serviceKey",
            "inap.eventTypeBCSM",
            "isup.called",
            "inap.invoke",
            "inap.general",
            "inap.absent_element",
        ],
        &opts,
    );
    assert_eq!(rows[0][0], "100");
    assert_eq!(rows[1][0], "100");
    assert_eq!(rows[2][1], "7");
    assert_eq!(rows[2][3], "1", "invoke problem unrecognizedOperation");
    assert_eq!(rows[2][4], "2", "general problem badlyStructured");
    assert_eq!(
        rows[4][2], "01098765432",
        "Connect's destinationRoutingAddress"
    );
    // Kept on failure, for a look with tshark -V.
    let _ = std::fs::remove_dir_all(&dir);
}
