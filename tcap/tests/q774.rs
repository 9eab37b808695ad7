//! Every Q.774 consequence, each from a malformed message made for it.
//!
//! Transaction portion: Q.774 Annex A Figure A.3 sheet 4 (P-Abort causes, "OTID derivable?",
//! "DTID assigned?"). Dialogue portion: Figure A.5 (abnormal dialogue, no common dialogue
//! portion). Components: Q.774's component sub-layer with the general problems Q.771 defines.

mod common;

use bytes::Bytes;
use common::CS1;
use hex_literal::hex;
use tcap::ber::{BerError, Tag};
use tcap::{
    Code, Component, ComponentType, Consequence, DecodeError, Detail, DialogueProblem,
    GeneralProblem, Invoke, Message, MessageType, PAbortCause, Problem, Reject, TransactionId,
};

const OTID: TransactionId = TransactionId::from_u32(0x0102_0304);

fn dtid() -> TransactionId {
    TransactionId::new(&[0x0a, 0x0b, 0x0c, 0x0d]).unwrap()
}

#[track_caller]
fn error(bytes: &[u8]) -> DecodeError {
    match Message::decode(&Bytes::copy_from_slice(bytes)) {
        Ok(m) => panic!("decoded: {m}"),
        Err(e) => e,
    }
}

/// Asserts a transaction-portion error and its P-Abort consequence.
#[track_caller]
fn p_abort(
    bytes: &[u8],
    message_type: Option<MessageType>,
    cause: PAbortCause,
    otid: Option<TransactionId>,
    dtid: Option<TransactionId>,
    offset: usize,
) -> DecodeError {
    let e = error(bytes);
    let DecodeError::TransactionPortion {
        message_type: mt,
        cause: c,
        otid: o,
        dtid: d,
        offset: at,
        ..
    } = &e
    else {
        panic!("not a transaction portion error: {e}");
    };
    assert_eq!(
        (*mt, *c, *o, *d, *at),
        (message_type, cause, otid, dtid, offset),
        "{e}"
    );
    assert_eq!(e.consequence(), Consequence::PAbort { cause, otid, dtid });
    assert_eq!(e.offset(), offset);
    // An Abort answers exactly when the otid could be read; it goes to that otid.
    match e.consequence().abort_message() {
        Some(Message::Abort(a)) => {
            assert_eq!(Some(a.dtid), otid);
            assert_eq!(a.reason, Some(tcap::AbortReason::PAbort(cause)));
        }
        Some(other) => panic!("not an Abort: {other}"),
        None => assert_eq!(otid, None),
    }
    assert_eq!(e.consequence().reject_component(), None);
    e
}

/// Asserts a dialogue-portion error and its consequence.
#[track_caller]
fn dialogue(
    bytes: &[u8],
    message_type: MessageType,
    problem: DialogueProblem,
    otid: Option<TransactionId>,
    dtid: Option<TransactionId>,
) -> DecodeError {
    let e = error(bytes);
    let DecodeError::DialoguePortion {
        message_type: mt,
        problem: p,
        otid: o,
        dtid: d,
        ..
    } = &e
    else {
        panic!("not a dialogue portion error: {e}");
    };
    assert_eq!(
        (*mt, *p, *o, *d),
        (message_type, problem, otid, dtid),
        "{e}"
    );
    assert_eq!(
        e.consequence(),
        Consequence::DialogueAbort {
            problem,
            otid,
            dtid
        }
    );
    e
}

/// Asserts a component error and its Reject consequence.
#[track_caller]
fn reject(
    bytes: &[u8],
    index: usize,
    component_type: Option<ComponentType>,
    invoke_id: Option<i8>,
    problem: GeneralProblem,
    offset: usize,
) -> DecodeError {
    let e = error(bytes);
    let DecodeError::Component {
        partial,
        index: i,
        component_type: ct,
        invoke_id: id,
        problem: p,
        offset: at,
        ..
    } = &e
    else {
        panic!("not a component error: {e}");
    };
    assert_eq!(
        (*i, *ct, *id, *p, *at),
        (index, component_type, invoke_id, problem, offset),
        "{e}"
    );
    assert_eq!(partial.components().len(), index);
    assert_eq!(
        e.consequence(),
        Consequence::Reject {
            otid: partial.otid(),
            dtid: partial.dtid(),
            invoke_id,
            problem: Problem::General(problem),
        }
    );
    assert_eq!(
        e.consequence().reject_component(),
        Some(Component::Reject(Reject {
            invoke_id,
            problem: Problem::General(problem),
        }))
    );
    assert_eq!(e.consequence().abort_message(), None);
    e
}

// ---- Transaction portion -------------------------------------------------------------------

#[test]
fn unrecognized_message_type() {
    // [APPLICATION 3] is no ITU message type; its otid is derivable, so the Abort goes there.
    let e = p_abort(
        &hex!("63 06 48 04 01 02 03 04"),
        None,
        PAbortCause::UNRECOGNIZED_MESSAGE_TYPE,
        Some(OTID),
        None,
        0,
    );
    assert_eq!(e.detail(), &Detail::UnknownTag(Tag::application(3)));
    assert_eq!(
        e.consequence().abort_message().unwrap().to_vec(),
        hex!("67 09 49 04 01 02 03 04 4a 01 00")
    );
    assert_eq!(
        e.to_string(),
        "unrecognized message: unrecognizedMessageType at octet 0: unknown tag [APPLICATION 3]"
    );
    // Both ids readable: the dtid lets the layer end its transaction too.
    p_abort(
        &hex!("66 0c 48 04 01 02 03 04 49 04 0a 0b 0c 0d"),
        None,
        PAbortCause::UNRECOGNIZED_MESSAGE_TYPE,
        Some(OTID),
        Some(dtid()),
        0,
    );
    // An ANSI Query (PRIVATE tags): no ITU transaction id can be read, nothing is answered.
    p_abort(
        &hex!("e2 07 c7 04 01 02 03 04"),
        None,
        PAbortCause::UNRECOGNIZED_MESSAGE_TYPE,
        None,
        None,
        0,
    );
}

#[test]
fn badly_formatted_transaction_portion() {
    let bf = PAbortCause::BADLY_FORMATTED_TRANSACTION_PORTION;
    let begin = Some(MessageType::Begin);
    // The Begin's length runs past the data; the otid before the cut is still derivable.
    let e = p_abort(
        &hex!("62 30 48 04 01 02 03 04 6c 08 a1 06 02 01 01 02 01 16"),
        begin,
        bf,
        Some(OTID),
        None,
        0,
    );
    assert_eq!(e.detail(), &Detail::Ber(BerError::Truncated { offset: 0 }));
    assert_eq!(
        e.consequence().abort_message().unwrap().to_vec(),
        hex!("67 09 49 04 01 02 03 04 4a 01 02")
    );
    // An otid of five octets: not derivable, nothing to answer.
    p_abort(
        &hex!("62 07 48 05 01 02 03 04 05"),
        begin,
        bf,
        None,
        None,
        2,
    );
    // An element inside the message runs past it.
    p_abort(
        &hex!("62 0a 48 04 01 02 03 04 6c 09 a1 06"),
        begin,
        bf,
        Some(OTID),
        None,
        8,
    );
    // Octets after the message: the length indication is wrong.
    p_abort(
        &hex!("64 06 49 04 0a 0b 0c 0d 00"),
        Some(MessageType::End),
        bf,
        None,
        Some(dtid()),
        8,
    );
    // A primitive message.
    p_abort(&hex!("42 04 01 02 03 04"), begin, bf, None, None, 0);
    // A primitive component portion.
    p_abort(
        &hex!("62 08 48 04 01 02 03 04 4c 00"),
        begin,
        bf,
        Some(OTID),
        None,
        8,
    );
    // A P-Abort cause that is not an INTEGER (empty): the Abort is not answered, its dtid ends the
    // local transaction.
    p_abort(
        &hex!("67 08 49 04 0a 0b 0c 0d 4a 00"),
        Some(MessageType::Abort),
        bf,
        None,
        Some(dtid()),
        8,
    );
    // Nothing at all.
    p_abort(&[], None, bf, None, None, 0);
    // An identifier cut short.
    p_abort(&hex!("7f"), None, bf, None, None, 0);
}

#[test]
fn incorrect_transaction_portion() {
    let inc = PAbortCause::INCORRECT_TRANSACTION_PORTION;
    // A Begin with a dtid.
    let e = p_abort(
        &hex!("62 0c 48 04 01 02 03 04 49 04 0a 0b 0c 0d"),
        Some(MessageType::Begin),
        inc,
        Some(OTID),
        None,
        8,
    );
    assert_eq!(
        e.consequence().abort_message().unwrap().to_vec(),
        hex!("67 09 49 04 01 02 03 04 4a 01 03")
    );
    assert_eq!(
        e.to_string(),
        "Begin: incorrectTransactionPortion at octet 8: a transaction id this message type does \
         not carry"
    );
    // A Begin without otid: nobody to answer.
    p_abort(
        &hex!("62 0a 6c 08 a1 06 02 01 01 02 01 16"),
        Some(MessageType::Begin),
        inc,
        None,
        None,
        0,
    );
    // A Continue without dtid: answered to its otid.
    p_abort(
        &hex!("65 10 48 04 01 02 03 04 6c 08 a1 06 02 01 01 02 01 16"),
        Some(MessageType::Continue),
        inc,
        Some(OTID),
        None,
        0,
    );
    // A Continue with dtid before otid: answered, and the local transaction ended.
    p_abort(
        &hex!("65 0c 49 04 0a 0b 0c 0d 48 04 01 02 03 04"),
        Some(MessageType::Continue),
        inc,
        Some(OTID),
        Some(dtid()),
        8,
    );
    // An End with an otid: never answered (the otid is not the End's to give).
    p_abort(
        &hex!("64 0c 49 04 0a 0b 0c 0d 48 04 01 02 03 04"),
        Some(MessageType::End),
        inc,
        None,
        Some(dtid()),
        8,
    );
    // An unknown element in a Begin.
    let e = p_abort(
        &hex!("62 09 48 04 01 02 03 04 4d 01 00"),
        Some(MessageType::Begin),
        inc,
        Some(OTID),
        None,
        8,
    );
    assert_eq!(e.detail(), &Detail::UnknownTag(Tag::application(13)));
    // The components before the dialogue portion.
    p_abort(
        &hex!(
            "62 30 48 04 01 02 03 04 6c 08 a1 06 02 01 01 02 01 16 6b 1e 28 1c 06 07 00 11 86 05"
            "01 01 01 a0 11 60 0f 80 02 07 80 a1 09 06 07 04 00 01 01 01 00 00"
        ),
        Some(MessageType::Begin),
        inc,
        Some(OTID),
        None,
        18,
    );
    // Two otids.
    p_abort(
        &hex!("62 0c 48 04 01 02 03 04 48 04 05 06 07 08"),
        Some(MessageType::Begin),
        inc,
        Some(OTID),
        None,
        8,
    );
    // A Unidirectional without components, and one with a transaction id.
    p_abort(
        &hex!("61 00"),
        Some(MessageType::Unidirectional),
        inc,
        None,
        None,
        0,
    );
    p_abort(
        &hex!("61 10 48 04 01 02 03 04 6c 08 a1 06 02 01 01 02 01 16"),
        Some(MessageType::Unidirectional),
        inc,
        None,
        None,
        2,
    );
    // An Abort with both a P-Abort cause and a dialogue portion, and one with components.
    p_abort(
        &hex!(
            "67 1d 49 04 0a 0b 0c 0d 4a 01 02 6b 12 28 10 06 07 00 11 86 05 01 01 01 a0 05 64 03"
            "80 01 00"
        ),
        Some(MessageType::Abort),
        inc,
        None,
        Some(dtid()),
        11,
    );
    p_abort(
        &hex!("67 10 49 04 0a 0b 0c 0d 6c 08 a1 06 02 01 01 02 01 16"),
        Some(MessageType::Abort),
        inc,
        None,
        Some(dtid()),
        8,
    );
}

// ---- Dialogue portion ----------------------------------------------------------------------

/// Begin otid 01020304 with the given dialogue portion octets (after `6b len`).
fn begin_with_dialogue(dialogue: &[u8]) -> Vec<u8> {
    let mut dp = vec![0x6b, dialogue.len() as u8];
    dp.extend_from_slice(dialogue);
    let mut m = vec![0x62, (6 + dp.len()) as u8, 0x48, 0x04, 1, 2, 3, 4];
    m.extend_from_slice(&dp);
    m
}

#[test]
fn no_common_dialogue_portion() {
    // An AARQ whose protocol version lacks version1 ('0'B: 07 00).
    let bytes = begin_with_dialogue(&hex!(
        "28 1c 06 07 00 11 86 05 01 01 01 a0 11 60 0f 80 02 07 00 a1 09 06 07 04 00 01 01 01 00 00"
    ));
    let e = dialogue(
        &bytes,
        MessageType::Begin,
        DialogueProblem::NoCommonDialoguePortion {
            application_context_name: CS1,
        },
        Some(OTID),
        None,
    );
    // The offset is the dialogue portion's.
    assert_eq!(e.offset(), 8);
    // The answer: an Abort with an AARE, reject-permanent, dialogue-service-provider
    // no-common-dialogue-portion, repeating the ACN.
    let abort = e.consequence().abort_message().unwrap();
    assert_eq!(
        abort.to_vec(),
        hex!(
            "67 32 49 04 01 02 03 04 6b 2a 28 28 06 07 00 11 86 05 01 01 01 a0 1d 61 1b 80 02 07"
            "80 a1 09 06 07 04 00 01 01 01 00 00 a2 03 02 01 01 a3 05 a2 03 02 01 02"
        )
    );
    assert_eq!(
        abort.to_string(),
        "Abort dtid=01020304 aare acn=0.4.0.1.1.1.0.0 reject-permanent \
         provider:no-common-dialogue-portion"
    );
    assert_eq!(
        e.to_string(),
        "Begin: no common dialogue portion at octet 8: the AARQ does not offer protocol version 1"
    );
}

#[test]
fn abnormal_dialogue() {
    let abnormal = DialogueProblem::AbnormalDialogue;
    // An unknown abstract syntax (0.0.17.773.1.1.2).
    let e = dialogue(
        &begin_with_dialogue(&hex!(
            "28 1c 06 07 00 11 86 05 01 01 02 a0 11 60 0f 80 02 07 80 a1 09 06 07 04 00 01 01 01"
            "00 00"
        )),
        MessageType::Begin,
        abnormal,
        Some(OTID),
        None,
    );
    // The offset is the direct-reference's.
    assert_eq!(e.offset(), 12);
    // The answer: an Abort with an ABRT from the dialogue-service-provider.
    assert_eq!(
        e.consequence().abort_message().unwrap().to_vec(),
        hex!("67 1a 49 04 01 02 03 04 6b 12 28 10 06 07 00 11 86 05 01 01 01 a0 05 64 03 80 01 01")
    );
    // An AARE in a Begin.
    dialogue(
        &begin_with_dialogue(&hex!(
            "28 28 06 07 00 11 86 05 01 01 01 a0 1d 61 1b 80 02 07 80 a1 09 06 07 04 00 01 01 01"
            "00 00 a2 03 02 01 00 a3 05 a1 03 02 01 00"
        )),
        MessageType::Begin,
        abnormal,
        Some(OTID),
        None,
    );
    // An AARQ without its application-context-name.
    dialogue(
        &begin_with_dialogue(&hex!(
            "28 11 06 07 00 11 86 05 01 01 01 a0 06 60 04 80 02 07 80"
        )),
        MessageType::Begin,
        abnormal,
        Some(OTID),
        None,
    );
    // An EXTERNAL whose inner length runs past the dialogue portion.
    dialogue(
        &begin_with_dialogue(&hex!("28 1c 06 07 00 11 86 05 01 01 01")),
        MessageType::Begin,
        abnormal,
        Some(OTID),
        None,
    );
    // A Continue whose AARE lacks its result: TC-P-ABORT locally, ABRT to the peer.
    let e = dialogue(
        &hex!(
            "65 33 48 04 01 02 03 04 49 04 0a 0b 0c 0d 6b 25 28 23 06 07 00 11 86 05 01 01 01 a0"
            "18 61 16 80 02 07 80 a1 09 06 07 04 00 01 01 01 00 00 a3 05 a1 03 02 01 00"
        ),
        MessageType::Continue,
        abnormal,
        Some(OTID),
        Some(dtid()),
    );
    assert_eq!(
        e.consequence().abort_message().unwrap().to_string(),
        "Abort dtid=01020304 abrt source=dialogue-service-provider"
    );
    // A Continue whose AARE lacks version 1.
    dialogue(
        &hex!(
            "65 38 48 04 01 02 03 04 49 04 0a 0b 0c 0d 6b 2a 28 28 06 07 00 11 86 05 01 01 01 a0"
            "1d 61 1b 80 02 06 40 a1 09 06 07 04 00 01 01 01 00 00 a2 03 02 01 00 a3 05 a1 03 02"
            "01 00"
        ),
        MessageType::Continue,
        abnormal,
        Some(OTID),
        Some(dtid()),
    );
    // An End carrying an AARQ: ended locally, nothing sent.
    let e = dialogue(
        &hex!(
            "64 26 49 04 0a 0b 0c 0d 6b 1e 28 1c 06 07 00 11 86 05 01 01 01 a0 11 60 0f 80 02 07"
            "80 a1 09 06 07 04 00 01 01 01 00 00"
        ),
        MessageType::End,
        abnormal,
        None,
        Some(dtid()),
    );
    assert_eq!(e.consequence().abort_message(), None);
    // An Abort carrying an AARQ.
    dialogue(
        &hex!(
            "67 26 49 04 0a 0b 0c 0d 6b 1e 28 1c 06 07 00 11 86 05 01 01 01 a0 11 60 0f 80 02 07"
            "80 a1 09 06 07 04 00 01 01 01 00 00"
        ),
        MessageType::Abort,
        abnormal,
        None,
        Some(dtid()),
    );
    // An Abort whose AARE accepts the dialogue.
    dialogue(
        &hex!(
            "67 32 49 04 0a 0b 0c 0d 6b 2a 28 28 06 07 00 11 86 05 01 01 01 a0 1d 61 1b 80 02 07"
            "80 a1 09 06 07 04 00 01 01 01 00 00 a2 03 02 01 00 a3 05 a1 03 02 01 00"
        ),
        MessageType::Abort,
        abnormal,
        None,
        Some(dtid()),
    );
    // A Unidirectional with a structured-dialogue AARQ instead of an AUDT: discarded.
    let e = dialogue(
        &hex!(
            "61 2a 6b 1e 28 1c 06 07 00 11 86 05 01 01 01 a0 11 60 0f 80 02 07 80 a1 09 06 07 04"
            "00 01 01 01 00 00 6c 08 a1 06 02 01 01 02 01 16"
        ),
        MessageType::Unidirectional,
        abnormal,
        None,
        None,
    );
    assert_eq!(e.consequence().abort_message(), None);
}

// ---- Components ----------------------------------------------------------------------------

/// Begin otid 01020304 (no dialogue) with the given component portion contents.
fn begin_with_components(components: &[u8]) -> Vec<u8> {
    let mut m = vec![
        0x62,
        (8 + components.len()) as u8,
        0x48,
        0x04,
        1,
        2,
        3,
        4,
        0x6c,
        components.len() as u8,
    ];
    m.extend_from_slice(components);
    m
}

#[test]
fn unrecognized_component() {
    // A good Invoke, then a component of type [5] whose invoke id 7 is still derivable.
    let e = reject(
        &begin_with_components(&hex!("a1 06 02 01 01 02 01 16 a5 03 02 01 07")),
        1,
        None,
        Some(7),
        GeneralProblem::UNRECOGNIZED_COMPONENT,
        18,
    );
    // The good Invoke is kept, with the transaction and dialogue.
    let partial = e.partial().unwrap();
    assert_eq!(partial.otid(), Some(OTID));
    assert_eq!(
        partial.components(),
        [Component::Invoke(Invoke::new(1, Code::Local(22), None))]
    );
    assert_eq!(
        e.consequence(),
        Consequence::Reject {
            otid: Some(OTID),
            dtid: None,
            invoke_id: Some(7),
            problem: Problem::General(GeneralProblem::UNRECOGNIZED_COMPONENT),
        }
    );
    let mut reject_octets = Vec::new();
    e.consequence()
        .reject_component()
        .unwrap()
        .encode(&mut tcap::ber::Encoder::new(&mut reject_octets));
    assert_eq!(reject_octets, hex!("a4 06 02 01 07 80 01 00"));
    assert_eq!(
        e.to_string(),
        "Begin: component 1 (unrecognized): unrecognizedComponent at octet 18: unknown tag [5]"
    );
}

#[test]
fn mistyped_component() {
    let m = GeneralProblem::MISTYPED_COMPONENT;
    let invoke = Some(ComponentType::Invoke);
    // An Invoke without an operation code (the offset is where it should be).
    reject(
        &begin_with_components(&hex!("a1 03 02 01 01")),
        0,
        invoke,
        Some(1),
        m,
        15,
    );
    // An invoke id outside -128..127: not derivable.
    reject(
        &begin_with_components(&hex!("a1 07 02 02 00 c8 02 01 16")),
        0,
        invoke,
        None,
        m,
        12,
    );
    // An element after the parameter.
    reject(
        &begin_with_components(&hex!("a1 0a 02 01 01 02 01 16 05 00 05 00")),
        0,
        invoke,
        Some(1),
        m,
        20,
    );
    // An operation code that is a BOOLEAN.
    reject(
        &begin_with_components(&hex!("a1 06 02 01 01 01 01 ff")),
        0,
        invoke,
        Some(1),
        m,
        15,
    );
    // The invoke id missing (the component starts with the linked id).
    reject(
        &begin_with_components(&hex!("a1 06 80 01 01 02 01 16")),
        0,
        invoke,
        None,
        m,
        12,
    );
    // A ReturnResult whose result is not a SEQUENCE.
    reject(
        &begin_with_components(&hex!("a2 08 02 01 01 31 03 02 01 16")),
        0,
        Some(ComponentType::ReturnResultLast),
        Some(1),
        m,
        15,
    );
    // A ReturnError without an error code.
    reject(
        &begin_with_components(&hex!("a3 03 02 01 01")),
        0,
        Some(ComponentType::ReturnError),
        Some(1),
        m,
        15,
    );
    // A Reject with a problem tagged [5].
    reject(
        &begin_with_components(&hex!("a4 06 02 01 01 85 01 00")),
        0,
        Some(ComponentType::Reject),
        Some(1),
        m,
        15,
    );
}

#[test]
fn badly_structured_component() {
    let b = GeneralProblem::BADLY_STRUCTURED_COMPONENT;
    // A component whose length runs past the component portion: its invoke id is still read.
    let e = reject(
        &begin_with_components(&hex!("a1 09 02 01 01 02 01 16 05 00")),
        0,
        Some(ComponentType::Invoke),
        Some(1),
        b,
        10,
    );
    assert!(matches!(
        e.detail(),
        Detail::Ber(BerError::Truncated { .. })
    ));
    // A primitive Invoke.
    reject(
        &begin_with_components(&hex!("81 03 02 01 01")),
        0,
        Some(ComponentType::Invoke),
        None,
        b,
        10,
    );
    // An empty INTEGER as invoke id.
    reject(
        &begin_with_components(&hex!("a1 05 02 00 02 01 16")),
        0,
        Some(ComponentType::Invoke),
        None,
        b,
        12,
    );
    // A Reject's NULL invoke id with contents.
    reject(
        &begin_with_components(&hex!("a4 06 05 01 00 80 01 00")),
        0,
        Some(ComponentType::Reject),
        None,
        b,
        12,
    );
    // An operation code OID that is not valid (last octet with bit 8 set).
    reject(
        &begin_with_components(&hex!("a1 06 02 01 01 06 01 81")),
        0,
        Some(ComponentType::Invoke),
        Some(1),
        b,
        15,
    );
    // Indefinite-length component never closed.
    reject(
        &begin_with_components(&hex!("a1 80 02 01 01 02 01 16")),
        0,
        Some(ComponentType::Invoke),
        Some(1),
        b,
        10,
    );
}

#[test]
fn rejects_without_a_dialogue_to_carry_them() {
    // In an End (no otid) the Reject can only be local.
    let e = reject(
        &hex!("64 0d 49 04 0a 0b 0c 0d 6c 05 a5 03 02 01 07"),
        0,
        None,
        Some(7),
        GeneralProblem::UNRECOGNIZED_COMPONENT,
        10,
    );
    assert_eq!(
        e.consequence(),
        Consequence::Reject {
            otid: None,
            dtid: Some(dtid()),
            invoke_id: Some(7),
            problem: Problem::General(GeneralProblem::UNRECOGNIZED_COMPONENT),
        }
    );
    // In a Unidirectional there is no transaction at all.
    let e = reject(
        &hex!("61 07 6c 05 a1 03 02 01 01"),
        0,
        Some(ComponentType::Invoke),
        Some(1),
        GeneralProblem::MISTYPED_COMPONENT,
        9,
    );
    assert!(matches!(
        e.consequence(),
        Consequence::Reject {
            otid: None,
            dtid: None,
            ..
        }
    ));
}
