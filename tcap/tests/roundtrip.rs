//! Property tests: every message type, with arbitrary transaction ids, dialogue APDUs, components,
//! codes, problem values and opaque parameters, decodes back to itself, and the decoded message
//! re-encodes to the same octets.

use bytes::Bytes;
use proptest::collection::vec;
use proptest::prelude::*;
use tcap::ber::{Class, Encoder, Oid, Tag};
use tcap::{
    Aare, Aarq, Abort, AbortReason, Abrt, AbrtSource, AssociateResult, AssociateSourceDiagnostic,
    Audt, Begin, Code, Component, Continue, DialoguePortion, DialogueServiceProvider,
    DialogueServiceUser, End, GeneralProblem, Invoke, InvokeProblem, Message, OperationResult,
    PAbortCause, Parameter, Problem, ProtocolVersion, Reject, ReturnError, ReturnErrorProblem,
    ReturnResult, ReturnResultProblem, TransactionId, Unidirectional, UserInformation,
};

fn tid() -> impl Strategy<Value = TransactionId> {
    vec(any::<u8>(), 1..=4).prop_map(|v| TransactionId::new(&v).unwrap())
}

fn oid() -> impl Strategy<Value = Oid> {
    (0u32..=2, 0u32..40, vec(any::<u32>(), 0..6)).prop_map(|(a, b, rest)| {
        let mut arcs = vec![a, b];
        arcs.extend(rest);
        Oid::from_arcs(&arcs)
    })
}

fn code() -> impl Strategy<Value = Code> {
    prop_oneof![
        any::<i64>().prop_map(Code::Local),
        oid().prop_map(Code::Global)
    ]
}

/// One element with a random tag: primitive, or constructed with primitive members.
fn parameter() -> impl Strategy<Value = Parameter> {
    let class = prop_oneof![
        Just(Class::Universal),
        Just(Class::Application),
        Just(Class::Context),
        Just(Class::Private)
    ];
    (
        class,
        1u32..300,
        any::<bool>(),
        vec(vec(any::<u8>(), 0..20), 0..4),
    )
        .prop_map(|(class, number, constructed, parts)| {
            let tag = Tag::new(class, number);
            let mut v = Vec::new();
            let mut e = Encoder::new(&mut v);
            if constructed {
                e.constructed(tag, |e| {
                    for (i, p) in parts.iter().enumerate() {
                        e.octets(Tag::context(i as u32), p);
                    }
                });
            } else {
                e.octets(tag, &parts.concat());
            }
            Parameter::from_vec(v).unwrap()
        })
}

fn user_information() -> impl Strategy<Value = Option<UserInformation>> {
    proptest::option::of(
        vec((oid(), vec(any::<u8>(), 0..10)), 0..3).prop_map(|externals| {
            let mut v = Vec::new();
            let mut e = Encoder::new(&mut v);
            for (reference, data) in &externals {
                e.constructed(Tag::EXTERNAL, |e| {
                    e.oid(Tag::OBJECT_IDENTIFIER, reference);
                    e.constructed(Tag::context(0), |e| e.octets(Tag::OCTET_STRING, data));
                });
            }
            UserInformation::new(Bytes::from(v)).unwrap()
        }),
    )
}

/// Absent (the default), version 1, or any bit string that includes version 1.
fn protocol_version() -> impl Strategy<Value = Option<ProtocolVersion>> {
    prop_oneof![
        Just(None),
        Just(Some(ProtocolVersion::VERSION1)),
        (0u8..8, vec(any::<u8>(), 1..=4)).prop_map(|(unused, mut octets)| {
            octets[0] |= 0x80;
            Some(ProtocolVersion::from_bit_string(unused, &octets).unwrap())
        }),
    ]
}

fn aarq() -> impl Strategy<Value = DialoguePortion> {
    (protocol_version(), oid(), user_information()).prop_map(|(pv, acn, ui)| {
        DialoguePortion::Aarq(Aarq {
            protocol_version: pv,
            application_context_name: acn,
            user_information: ui,
        })
    })
}

fn aare() -> impl Strategy<Value = DialoguePortion> {
    let diagnostic = prop_oneof![
        any::<i64>()
            .prop_map(|v| AssociateSourceDiagnostic::DialogueServiceUser(DialogueServiceUser(v))),
        any::<i64>().prop_map(|v| AssociateSourceDiagnostic::DialogueServiceProvider(
            DialogueServiceProvider(v)
        )),
    ];
    (
        protocol_version(),
        oid(),
        any::<i64>(),
        diagnostic,
        user_information(),
    )
        .prop_map(|(pv, acn, result, diagnostic, ui)| {
            DialoguePortion::Aare(Aare {
                protocol_version: pv,
                application_context_name: acn,
                result: AssociateResult(result),
                result_source_diagnostic: diagnostic,
                user_information: ui,
            })
        })
}

fn abrt() -> impl Strategy<Value = DialoguePortion> {
    (any::<i64>(), user_information()).prop_map(|(source, ui)| {
        DialoguePortion::Abrt(Abrt {
            abort_source: AbrtSource(source),
            user_information: ui,
        })
    })
}

fn audt() -> impl Strategy<Value = DialoguePortion> {
    (protocol_version(), oid(), user_information()).prop_map(|(pv, acn, ui)| {
        DialoguePortion::Audt(Audt {
            protocol_version: pv,
            application_context_name: acn,
            user_information: ui,
        })
    })
}

fn problem() -> impl Strategy<Value = Problem> {
    prop_oneof![
        any::<i64>().prop_map(|v| Problem::General(GeneralProblem(v))),
        any::<i64>().prop_map(|v| Problem::Invoke(InvokeProblem(v))),
        any::<i64>().prop_map(|v| Problem::ReturnResult(ReturnResultProblem(v))),
        any::<i64>().prop_map(|v| Problem::ReturnError(ReturnErrorProblem(v))),
    ]
}

fn return_result() -> impl Strategy<Value = ReturnResult> {
    (
        any::<i8>(),
        proptest::option::of((code(), proptest::option::of(parameter()))),
    )
        .prop_map(|(invoke_id, result)| ReturnResult {
            invoke_id,
            result: result.map(|(op_code, parameter)| OperationResult { op_code, parameter }),
        })
}

fn component() -> impl Strategy<Value = Component> {
    prop_oneof![
        (
            any::<i8>(),
            proptest::option::of(any::<i8>()),
            code(),
            proptest::option::of(parameter())
        )
            .prop_map(|(invoke_id, linked_id, op_code, parameter)| {
                Component::Invoke(Invoke {
                    invoke_id,
                    linked_id,
                    op_code,
                    parameter,
                })
            }),
        return_result().prop_map(Component::ReturnResultLast),
        (any::<i8>(), code(), proptest::option::of(parameter())).prop_map(
            |(invoke_id, error_code, parameter)| {
                Component::ReturnError(ReturnError {
                    invoke_id,
                    error_code,
                    parameter,
                })
            }
        ),
        (proptest::option::of(any::<i8>()), problem())
            .prop_map(|(invoke_id, problem)| { Component::Reject(Reject { invoke_id, problem }) }),
        return_result().prop_map(Component::ReturnResultNotLast),
    ]
}

fn components() -> impl Strategy<Value = Vec<Component>> {
    vec(component(), 0..5)
}

/// Encodes, decodes, compares, and re-encodes the decoded message.
fn round_trip(m: &Message) -> Result<(), TestCaseError> {
    let bytes = m.to_bytes();
    let decoded = Message::decode(&bytes).map_err(|e| TestCaseError::fail(format!("{e}")))?;
    prop_assert_eq!(&decoded, m);
    prop_assert_eq!(decoded.to_bytes(), bytes);
    // The summary line never fails either.
    prop_assert!(!decoded.to_string().is_empty());
    Ok(())
}

proptest! {
    #[test]
    fn unidirectional(
        dialogue in proptest::option::of(audt()),
        components in vec(component(), 1..5),
    ) {
        round_trip(&Message::Unidirectional(Unidirectional {
            dialogue_portion: dialogue,
            components,
        }))?;
    }

    #[test]
    fn begin(otid in tid(), dialogue in proptest::option::of(aarq()), components in components()) {
        round_trip(&Message::Begin(Begin { otid, dialogue_portion: dialogue, components }))?;
    }

    #[test]
    fn end(dtid in tid(), dialogue in proptest::option::of(aare()), components in components()) {
        round_trip(&Message::End(End { dtid, dialogue_portion: dialogue, components }))?;
    }

    #[test]
    fn continue_(
        otid in tid(),
        dtid in tid(),
        dialogue in proptest::option::of(aare()),
        components in components(),
    ) {
        round_trip(&Message::Continue(Continue {
            otid,
            dtid,
            dialogue_portion: dialogue,
            components,
        }))?;
    }

    #[test]
    fn abort(
        dtid in tid(),
        reason in proptest::option::of(prop_oneof![
            any::<i64>().prop_map(|c| AbortReason::PAbort(PAbortCause(c))),
            abrt().prop_map(AbortReason::Dialogue),
            // An Abort's AARE refuses the dialogue (Q.774 Figure A.5 sheet 8).
            aare().prop_map(|d| match d {
                DialoguePortion::Aare(a) => AbortReason::Dialogue(DialoguePortion::Aare(Aare {
                    result: AssociateResult::REJECT_PERMANENT,
                    ..a
                })),
                other => AbortReason::Dialogue(other),
            }),
        ]),
    ) {
        round_trip(&Message::Abort(Abort { dtid, reason }))?;
    }
}
