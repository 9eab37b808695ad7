//! Hand-made vectors for every message type with and without a dialogue portion, every component
//! type and every problem code, and their indefinite-length forms.
//!
//! The octets were written with a separate ten-line Python BER writer (definite and indefinite
//! forms), not with this crate's encoder; each is checked to decode to the message built with the
//! API and, for the definite forms, to re-encode to the same octets.

mod common;

use bytes::Bytes;
use common::CS1;
use hex_literal::hex;
use tcap::ber::Oid;
use tcap::{
    Aare, Aarq, Abort, AbortReason, Abrt, AbrtSource, AssociateSourceDiagnostic, Audt, Begin, Code,
    Component, Continue, DialoguePortion, DialogueServiceUser, End, GeneralProblem, Invoke,
    InvokeProblem, Message, OperationResult, PAbortCause, Parameter, Problem, Reject, ReturnError,
    ReturnErrorProblem, ReturnResult, ReturnResultProblem, TransactionId, Unidirectional,
};

fn otid() -> TransactionId {
    TransactionId::from_u32(0x0102_0304)
}

fn dtid() -> TransactionId {
    TransactionId::new(&[0x0a, 0x0b, 0x0c, 0x0d]).unwrap()
}

/// `a1 06 02 01 01 02 01 16`: Invoke id 1, op 22 (ReleaseCall), no parameter.
fn invoke() -> Component {
    Component::Invoke(Invoke::new(1, Code::Local(22), None))
}

fn param(bytes: &'static [u8]) -> Option<tcap::Parameter> {
    Some(Parameter::new(Bytes::from_static(bytes)).unwrap())
}

fn aarq() -> DialoguePortion {
    DialoguePortion::Aarq(Aarq::new(CS1))
}

fn aare() -> DialoguePortion {
    DialoguePortion::Aare(Aare::accepted(CS1))
}

/// Decodes `bytes` to `expected` and re-encodes it to `bytes`.
#[track_caller]
fn check(bytes: &[u8], expected: &Message) {
    let decoded = Message::decode(&Bytes::copy_from_slice(bytes)).unwrap();
    assert_eq!(&decoded, expected);
    assert_eq!(expected.to_vec(), bytes, "{expected}");
}

/// Decodes the indefinite-length `bytes` to `expected`.
#[track_caller]
fn check_indefinite(bytes: &[u8], expected: &Message) {
    let decoded = Message::decode(&Bytes::copy_from_slice(bytes)).unwrap();
    assert_eq!(&decoded, expected);
}

#[test]
fn unidirectional() {
    let plain = Message::Unidirectional(Unidirectional {
        dialogue_portion: None,
        components: vec![invoke()],
    });
    check(&hex!("61 0a 6c 08 a1 06 02 01 01 02 01 16"), &plain);
    check_indefinite(
        &hex!("61 80 6c 80 a1 06 02 01 01 02 01 16 00 00 00 00"),
        &plain,
    );
    let with_audt = Message::Unidirectional(Unidirectional {
        dialogue_portion: Some(DialoguePortion::Audt(Audt::new(CS1))),
        components: vec![invoke()],
    });
    check(
        &hex!(
            "61 2a"
            "6b 1e 28 1c 06 07 00 11 86 05 01 02 01" // EXTERNAL, unidialogue-as-id
            "a0 11 60 0f 80 02 07 80 a1 09 06 07 04 00 01 01 01 00 00" // AUDT
            "6c 08 a1 06 02 01 01 02 01 16"
        ),
        &with_audt,
    );
    check_indefinite(
        &hex!(
            "61 80 6b 80 28 80 06 07 00 11 86 05 01 02 01 a0 80 60 80 80 02 07 80 a1 80 06 07 04"
            "00 01 01 01 00 00 00 00 00 00 00 00 00 00 00 00 6c 80 a1 06 02 01 01 02 01 16 00 00"
            "00 00"
        ),
        &with_audt,
    );
    assert_eq!(
        with_audt.to_string(),
        "Unidirectional audt acn=0.4.0.1.1.1.0.0 [Invoke id=1 op=22]"
    );
}

#[test]
fn begin() {
    let plain = Message::Begin(Begin {
        otid: otid(),
        dialogue_portion: None,
        components: vec![invoke()],
    });
    check(
        &hex!("62 10 48 04 01 02 03 04 6c 08 a1 06 02 01 01 02 01 16"),
        &plain,
    );
    check_indefinite(
        &hex!("62 80 48 04 01 02 03 04 6c 80 a1 06 02 01 01 02 01 16 00 00 00 00"),
        &plain,
    );
    let dialogue_only = Message::begin(otid(), Some(CS1), vec![]);
    check(
        &hex!(
            "62 26 48 04 01 02 03 04"
            "6b 1e 28 1c 06 07 00 11 86 05 01 01 01" // EXTERNAL, dialogue-as-id
            "a0 11 60 0f 80 02 07 80 a1 09 06 07 04 00 01 01 01 00 00" // AARQ
        ),
        &dialogue_only,
    );
    check_indefinite(
        &hex!(
            "62 80 48 04 01 02 03 04 6b 80 28 80 06 07 00 11 86 05 01 01 01 a0 80 60 80 80 02 07"
            "80 a1 80 06 07 04 00 01 01 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
        ),
        &dialogue_only,
    );
    let both = Message::begin(otid(), Some(CS1), vec![invoke()]);
    check(
        &hex!(
            "62 30 48 04 01 02 03 04 6b 1e 28 1c 06 07 00 11 86 05 01 01 01 a0 11 60 0f 80 02 07"
            "80 a1 09 06 07 04 00 01 01 01 00 00 6c 08 a1 06 02 01 01 02 01 16"
        ),
        &both,
    );
    check_indefinite(
        &hex!(
            "62 80 48 04 01 02 03 04 6b 80 28 80 06 07 00 11 86 05 01 01 01 a0 80 60 80 80 02 07"
            "80 a1 80 06 07 04 00 01 01 01 00 00 00 00 00 00 00 00 00 00 00 00 6c 80 a1 06 02 01"
            "01 02 01 16 00 00 00 00"
        ),
        &both,
    );
}

#[test]
fn indefinite_invoke_with_a_definite_parameter() {
    let expected = Message::begin(
        otid(),
        Some(CS1),
        vec![Component::Invoke(Invoke::new(
            1,
            Code::Local(0),
            param(&hex!("30 06 80 01 64 9c 01 02")),
        ))],
    );
    let definite = hex!(
        "62 38 48 04 01 02 03 04 6b 1e 28 1c 06 07 00 11 86 05 01 01 01 a0 11 60 0f 80 02 07 80"
        "a1 09 06 07 04 00 01 01 01 00 00 6c 10 a1 0e 02 01 01 02 01 00 30 06 80 01 64 9c 01 02"
    );
    check(&definite, &expected);
    let indefinite = hex!(
        "62 80 48 04 01 02 03 04 6b 80 28 80 06 07 00 11 86 05 01 01 01 a0 80 60 80 80 02 07 80"
        "a1 80 06 07 04 00 01 01 01 00 00 00 00 00 00 00 00 00 00 00 00 6c 80 a1 80 02 01 01 02"
        "01 00 30 06 80 01 64 9c 01 02 00 00 00 00 00 00"
    );
    let decoded = Message::decode(&Bytes::copy_from_slice(&indefinite)).unwrap();
    assert_eq!(decoded, expected);
    assert_eq!(decoded.dialogue(), Some(&aarq()));
    // The parameter's offset is where it sits in the indefinite form.
    assert_eq!(decoded.components()[0].parameter().unwrap().offset(), 60);
    assert_eq!(decoded.to_vec(), definite);
}

#[test]
fn end() {
    let plain = Message::End(End {
        dtid: dtid(),
        dialogue_portion: None,
        components: vec![invoke()],
    });
    check(
        &hex!("64 10 49 04 0a 0b 0c 0d 6c 08 a1 06 02 01 01 02 01 16"),
        &plain,
    );
    check_indefinite(
        &hex!("64 80 49 04 0a 0b 0c 0d 6c 80 a1 06 02 01 01 02 01 16 00 00 00 00"),
        &plain,
    );
    let with_aare = Message::End(End {
        dtid: dtid(),
        dialogue_portion: Some(aare()),
        components: vec![],
    });
    check(
        &hex!(
            "64 32 49 04 0a 0b 0c 0d 6b 2a 28 28 06 07 00 11 86 05 01 01 01"
            "a0 1d 61 1b 80 02 07 80 a1 09 06 07 04 00 01 01 01 00 00" // AARE, ACN
            "a2 03 02 01 00 a3 05 a1 03 02 01 00" // accepted, dialogue-service-user null
        ),
        &with_aare,
    );
    check_indefinite(
        &hex!(
            "64 80 49 04 0a 0b 0c 0d 6b 80 28 80 06 07 00 11 86 05 01 01 01 a0 80 61 80 80 02 07"
            "80 a1 80 06 07 04 00 01 01 01 00 00 00 00 a2 80 02 01 00 00 00 a3 80 a1 80 02 01 00"
            "00 00 00 00 00 00 00 00 00 00 00 00 00 00"
        ),
        &with_aare,
    );
    // A prearranged End: only the dtid.
    let bare = Message::End(End {
        dtid: dtid(),
        dialogue_portion: None,
        components: vec![],
    });
    check(&hex!("64 06 49 04 0a 0b 0c 0d"), &bare);
    check_indefinite(&hex!("64 80 49 04 0a 0b 0c 0d 00 00"), &bare);
    assert_eq!(bare.to_string(), "End dtid=0a0b0c0d");
}

#[test]
fn continue_() {
    let plain = Message::Continue(Continue {
        otid: otid(),
        dtid: dtid(),
        dialogue_portion: None,
        components: vec![invoke()],
    });
    check(
        &hex!("65 16 48 04 01 02 03 04 49 04 0a 0b 0c 0d 6c 08 a1 06 02 01 01 02 01 16"),
        &plain,
    );
    check_indefinite(
        &hex!(
            "65 80 48 04 01 02 03 04 49 04 0a 0b 0c 0d 6c 80 a1 06 02 01 01 02 01 16 00 00 00 00"
        ),
        &plain,
    );
    let with_aare = Message::continue_accepted(otid(), dtid(), CS1, vec![invoke()]);
    check(
        &hex!(
            "65 42 48 04 01 02 03 04 49 04 0a 0b 0c 0d 6b 2a 28 28 06 07 00 11 86 05 01 01 01 a0"
            "1d 61 1b 80 02 07 80 a1 09 06 07 04 00 01 01 01 00 00 a2 03 02 01 00 a3 05 a1 03 02"
            "01 00 6c 08 a1 06 02 01 01 02 01 16"
        ),
        &with_aare,
    );
    check_indefinite(
        &hex!(
            "65 80 48 04 01 02 03 04 49 04 0a 0b 0c 0d 6b 80 28 80 06 07 00 11 86 05 01 01 01 a0"
            "80 61 80 80 02 07 80 a1 80 06 07 04 00 01 01 01 00 00 00 00 a2 80 02 01 00 00 00 a3"
            "80 a1 80 02 01 00 00 00 00 00 00 00 00 00 00 00 00 00 6c 80 a1 06 02 01 01 02 01 16"
            "00 00 00 00"
        ),
        &with_aare,
    );
    assert_eq!(
        with_aare.to_string(),
        "Continue otid=01020304 dtid=0a0b0c0d aare acn=0.4.0.1.1.1.0.0 accepted user:null \
         [Invoke id=1 op=22]"
    );
}

#[test]
fn abort() {
    let p_abort = Message::p_abort(dtid(), PAbortCause::BADLY_FORMATTED_TRANSACTION_PORTION);
    check(&hex!("67 09 49 04 0a 0b 0c 0d 4a 01 02"), &p_abort);
    check_indefinite(&hex!("67 80 49 04 0a 0b 0c 0d 4a 01 02 00 00"), &p_abort);
    assert_eq!(
        p_abort.to_string(),
        "Abort dtid=0a0b0c0d p-abort=badlyFormattedTransactionPortion"
    );

    let abrt = Message::u_abort(
        dtid(),
        Some(DialoguePortion::Abrt(Abrt::new(
            AbrtSource::DIALOGUE_SERVICE_USER,
        ))),
    );
    check(
        &hex!(
            "67 1a 49 04 0a 0b 0c 0d 6b 12 28 10 06 07 00 11 86 05 01 01 01"
            "a0 05 64 03 80 01 00" // ABRT, abort-source dialogue-service-user
        ),
        &abrt,
    );
    check_indefinite(
        &hex!(
            "67 80 49 04 0a 0b 0c 0d 6b 80 28 80 06 07 00 11 86 05 01 01 01 a0 80 64 80 80 01 00"
            "00 00 00 00 00 00 00 00 00 00"
        ),
        &abrt,
    );
    assert_eq!(
        abrt.to_string(),
        "Abort dtid=0a0b0c0d abrt source=dialogue-service-user"
    );

    let refused = Message::Abort(Abort {
        dtid: dtid(),
        reason: Some(AbortReason::Dialogue(DialoguePortion::Aare(
            Aare::rejected(
                CS1,
                AssociateSourceDiagnostic::DialogueServiceUser(
                    DialogueServiceUser::APPLICATION_CONTEXT_NAME_NOT_SUPPORTED,
                ),
            ),
        ))),
    });
    check(
        &hex!(
            "67 32 49 04 0a 0b 0c 0d 6b 2a 28 28 06 07 00 11 86 05 01 01 01 a0 1d 61 1b 80 02 07"
            "80 a1 09 06 07 04 00 01 01 01 00 00"
            "a2 03 02 01 01 a3 05 a1 03 02 01 02" // reject-permanent, ACN not supported
        ),
        &refused,
    );
    check_indefinite(
        &hex!(
            "67 80 49 04 0a 0b 0c 0d 6b 80 28 80 06 07 00 11 86 05 01 01 01 a0 80 61 80 80 02 07"
            "80 a1 80 06 07 04 00 01 01 01 00 00 00 00 a2 80 02 01 01 00 00 a3 80 a1 80 02 01 02"
            "00 00 00 00 00 00 00 00 00 00 00 00 00 00"
        ),
        &refused,
    );

    let bare = Message::u_abort(dtid(), None);
    check(&hex!("67 06 49 04 0a 0b 0c 0d"), &bare);
    check_indefinite(&hex!("67 80 49 04 0a 0b 0c 0d 00 00"), &bare);
}

#[test]
fn every_component_type() {
    let expected = Message::Continue(Continue {
        otid: otid(),
        dtid: dtid(),
        dialogue_portion: None,
        components: vec![
            Component::Invoke(Invoke {
                invoke_id: 2,
                linked_id: Some(1),
                op_code: Code::Local(23),
                parameter: param(&hex!("30 03 80 01 05")),
            }),
            Component::Invoke(Invoke::new(
                3,
                Code::Global(Oid::from_arcs(&[1, 2, 3, 4])),
                None,
            )),
            Component::ReturnResultLast(ReturnResult {
                invoke_id: 4,
                result: Some(OperationResult {
                    op_code: Code::Local(45),
                    parameter: param(&hex!("04 01 ff")),
                }),
            }),
            Component::ReturnResultLast(ReturnResult {
                invoke_id: 5,
                result: None,
            }),
            Component::ReturnError(ReturnError {
                invoke_id: 6,
                error_code: Code::Local(7),
                parameter: param(&hex!("05 00")),
            }),
            Component::ReturnError(ReturnError {
                invoke_id: 7,
                error_code: Code::Global(Oid::from_arcs(&[1, 2, 3, 5])),
                parameter: None,
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
                invoke_id: -9,
                result: Some(OperationResult {
                    op_code: Code::Local(45),
                    parameter: param(&hex!("04 01 ff")),
                }),
            }),
        ],
    });
    check(
        &hex!(
            "65 6a 48 04 01 02 03 04 49 04 0a 0b 0c 0d 6c 5c"
            "a1 0e 02 01 02 80 01 01 02 01 17 30 03 80 01 05" // Invoke, linked, parameter
            "a1 08 02 01 03 06 03 2a 03 04" // Invoke, global opcode 1.2.3.4
            "a2 0b 02 01 04 30 06 02 01 2d 04 01 ff" // ReturnResultLast with result
            "a2 03 02 01 05" // ReturnResultLast without result
            "a3 08 02 01 06 02 01 07 05 00" // ReturnError local 7, parameter NULL
            "a3 08 02 01 07 06 03 2a 03 05" // ReturnError global 1.2.3.5
            "a4 06 02 01 08 81 01 01" // Reject id 8 invoke:unrecognizedOperation
            "a4 05 05 00 80 01 02" // Reject id NULL general:badlyStructuredComponent
            "a7 0b 02 01 f7 30 06 02 01 2d 04 01 ff" // ReturnResultNotLast id -9
        ),
        &expected,
    );
    assert_eq!(
        expected.to_string(),
        "Continue otid=01020304 dtid=0a0b0c0d [Invoke id=2 linked=1 op=23 param=5B, \
         Invoke id=3 op=1.2.3.4, ReturnResultLast id=4 op=45 param=3B, ReturnResultLast id=5, \
         ReturnError id=6 err=7 param=2B, ReturnError id=7 err=1.2.3.5, \
         Reject id=8 invoke:unrecognizedOperation, Reject id=null general:badlyStructuredComponent, \
         ReturnResultNotLast id=-9 op=45 param=3B]"
    );
    let types: Vec<_> = expected
        .components()
        .iter()
        .map(|c| c.component_type().name())
        .collect();
    assert_eq!(
        types,
        [
            "Invoke",
            "Invoke",
            "ReturnResultLast",
            "ReturnResultLast",
            "ReturnError",
            "ReturnError",
            "Reject",
            "Reject",
            "ReturnResultNotLast"
        ]
    );
}

#[test]
fn every_problem_code() {
    let cases: Vec<(u8, i64, Problem, &str)> = vec![
        (
            0x80,
            0,
            Problem::General(GeneralProblem::UNRECOGNIZED_COMPONENT),
            "unrecognizedComponent",
        ),
        (
            0x80,
            1,
            Problem::General(GeneralProblem::MISTYPED_COMPONENT),
            "mistypedComponent",
        ),
        (
            0x80,
            2,
            Problem::General(GeneralProblem::BADLY_STRUCTURED_COMPONENT),
            "badlyStructuredComponent",
        ),
        (
            0x81,
            0,
            Problem::Invoke(InvokeProblem::DUPLICATE_INVOKE_ID),
            "duplicateInvokeID",
        ),
        (
            0x81,
            1,
            Problem::Invoke(InvokeProblem::UNRECOGNIZED_OPERATION),
            "unrecognizedOperation",
        ),
        (
            0x81,
            2,
            Problem::Invoke(InvokeProblem::MISTYPED_PARAMETER),
            "mistypedParameter",
        ),
        (
            0x81,
            3,
            Problem::Invoke(InvokeProblem::RESOURCE_LIMITATION),
            "resourceLimitation",
        ),
        (
            0x81,
            4,
            Problem::Invoke(InvokeProblem::INITIATING_RELEASE),
            "initiatingRelease",
        ),
        (
            0x81,
            5,
            Problem::Invoke(InvokeProblem::UNRECOGNIZED_LINKED_ID),
            "unrecognizedLinkedID",
        ),
        (
            0x81,
            6,
            Problem::Invoke(InvokeProblem::LINKED_RESPONSE_UNEXPECTED),
            "linkedResponseUnexpected",
        ),
        (
            0x81,
            7,
            Problem::Invoke(InvokeProblem::UNEXPECTED_LINKED_OPERATION),
            "unexpectedLinkedOperation",
        ),
        (
            0x82,
            0,
            Problem::ReturnResult(ReturnResultProblem::UNRECOGNIZED_INVOKE_ID),
            "unrecognizedInvokeID",
        ),
        (
            0x82,
            1,
            Problem::ReturnResult(ReturnResultProblem::RETURN_RESULT_UNEXPECTED),
            "returnResultUnexpected",
        ),
        (
            0x82,
            2,
            Problem::ReturnResult(ReturnResultProblem::MISTYPED_PARAMETER),
            "mistypedParameter",
        ),
        (
            0x83,
            0,
            Problem::ReturnError(ReturnErrorProblem::UNRECOGNIZED_INVOKE_ID),
            "unrecognizedInvokeID",
        ),
        (
            0x83,
            1,
            Problem::ReturnError(ReturnErrorProblem::RETURN_ERROR_UNEXPECTED),
            "returnErrorUnexpected",
        ),
        (
            0x83,
            2,
            Problem::ReturnError(ReturnErrorProblem::UNRECOGNIZED_ERROR),
            "unrecognizedError",
        ),
        (
            0x83,
            3,
            Problem::ReturnError(ReturnErrorProblem::UNEXPECTED_ERROR),
            "unexpectedError",
        ),
        (
            0x83,
            4,
            Problem::ReturnError(ReturnErrorProblem::MISTYPED_PARAMETER),
            "mistypedParameter",
        ),
        // Values the standard does not define survive.
        (0x80, 9, Problem::General(GeneralProblem(9)), "9"),
        (0x81, 100, Problem::Invoke(InvokeProblem(100)), "100"),
        (0x82, 3, Problem::ReturnResult(ReturnResultProblem(3)), "3"),
        (0x83, 5, Problem::ReturnError(ReturnErrorProblem(5)), "5"),
    ];
    for (tag, value, problem, name) in cases {
        // End dtid 0a0b0c0d { Reject id 5 problem }
        let bytes = [
            0x64,
            0x10,
            0x49,
            0x04,
            0x0a,
            0x0b,
            0x0c,
            0x0d,
            0x6c,
            0x08,
            0xa4,
            0x06,
            0x02,
            0x01,
            0x05,
            tag,
            0x01,
            value as u8,
        ];
        let expected = Message::End(End {
            dtid: dtid(),
            dialogue_portion: None,
            components: vec![Component::Reject(Reject {
                invoke_id: Some(5),
                problem,
            })],
        });
        check(&bytes, &expected);
        assert!(
            problem.to_string().ends_with(&format!(":{name}")),
            "{problem} is not named {name}"
        );
    }
}

#[test]
fn long_form_lengths_and_tolerated_encodings() {
    // A 300-octet parameter needs two-octet long-form lengths all the way up.
    let mut big = vec![0x04, 0x82, 0x01, 0x2c];
    big.extend(std::iter::repeat_n(0x5a, 300));
    let m = Message::begin(
        otid(),
        Some(CS1),
        vec![Component::Invoke(Invoke::new(
            1,
            Code::Local(0),
            Some(Parameter::from_vec(big.clone()).unwrap()),
        ))],
    );
    let bytes = m.to_bytes();
    assert_eq!(&bytes[..2], &[0x62, 0x82]);
    assert_eq!(Message::decode(&bytes).unwrap(), m);

    // Redundant long-form length (81 08) and an over-long invoke id (02 02 00 01) decode to the
    // same message as the minimal forms; the encoder writes the minimal forms.
    let sloppy = hex!("62 12 48 04 01 02 03 04 6c 81 09 a1 07 02 02 00 01 02 01 16");
    let decoded = Message::decode(&Bytes::copy_from_slice(&sloppy)).unwrap();
    assert_eq!(
        decoded,
        Message::Begin(Begin {
            otid: otid(),
            dialogue_portion: None,
            components: vec![invoke()],
        })
    );
    assert_eq!(
        decoded.to_vec(),
        hex!("62 10 48 04 01 02 03 04 6c 08 a1 06 02 01 01 02 01 16")
    );

    // An empty component portion is taken as none.
    let empty = hex!("62 08 48 04 01 02 03 04 6c 00");
    assert!(
        Message::decode(&Bytes::copy_from_slice(&empty))
            .unwrap()
            .components()
            .is_empty()
    );

    // One- to four-octet transaction ids.
    for len in 1..=4 {
        let id = TransactionId::new(&[0x42; 4][..len]).unwrap();
        let m = Message::p_abort(id, PAbortCause::RESOURCE_LIMITATION);
        assert_eq!(Message::decode(&m.to_bytes()).unwrap().dtid(), Some(id));
    }
}

#[test]
fn user_information_is_kept_encoded() {
    // AARQ with user-information [30] holding one EXTERNAL { 1.2.3, [0] { INTEGER 5 } }.
    let bytes = hex!(
        "62 37 48 04 01 02 03 04 6b 2f 28 2d 06 07 00 11 86 05 01 01 01 a0 22 60 20 80 02 07 80"
        "a1 09 06 07 04 00 01 01 01 00 00 be 0f 28 0d 06 02 2a 03 a0 07 30 05 02 03 01 00 01"
    );
    let m = Message::decode(&Bytes::copy_from_slice(&bytes)).unwrap();
    let ui = m.dialogue().unwrap().user_information().unwrap();
    assert_eq!(
        ui.as_bytes(),
        hex!("28 0d 06 02 2a 03 a0 07 30 05 02 03 01 00 01")
    );
    assert_eq!(ui.externals().count(), 1);
    assert_eq!(m.to_vec(), bytes);
    assert_eq!(
        m.to_string(),
        "Begin otid=01020304 aarq acn=0.4.0.1.1.1.0.0 ui=15B"
    );
}
