//! The dialogue layer (`tcap::tsm`): every transition of the Q.774 transaction state diagram in
//! both roles, every malformed-input rule, the timers on a virtual clock, capacity, routing by
//! transaction id, and two shards talking through encoded bytes.

mod common;

use std::time::{Duration, Instant};

use bytes::Bytes;
use common::CS1;
use proptest::prelude::*;
use tcap::ber::Oid;
use tcap::tsm::{
    Config, DialogueId, DialogueState, Indication, InvokeRequest, OperationClass, ProviderAbort,
    Shard, Termination, Transmit, UserAbort, peek_dtid, shard_of,
};
use tcap::{
    Aare, Aarq, Abrt, AbrtSource, AssociateResult, AssociateSourceDiagnostic, Begin, Code,
    Component, Continue, DialoguePortion, DialogueServiceProvider, DialogueServiceUser, End,
    GeneralProblem, Invoke, InvokeProblem, Message, OperationResult, PAbortCause, Parameter,
    Problem, ProtocolVersion, Reject, RequestError, ReturnError, ReturnErrorProblem, ReturnResult,
    ReturnResultProblem, TransactionId,
};

/// Peers are plain numbers here.
type Peer = u32;
const SSP: Peer = 7;
const SSP2: Peer = 8;
const SCP: Peer = 9;

/// Q.1218 CS-1 SSF→SCF (a second accepted context), and one nobody accepts.
const Q1218: Oid = Oid::from_arcs(&[0, 4, 0, 1, 1, 1, 0, 1]);
const UNKNOWN_ACN: Oid = Oid::from_arcs(&[0, 4, 0, 1, 1, 1, 0, 99]);
const IDLE: Duration = Duration::from_secs(30);

fn config() -> Config {
    Config {
        idle_timeout: IDLE,
        ..Config::new(vec![CS1, Q1218])
    }
}

fn shard() -> Shard<Peer> {
    Shard::new(config()).unwrap()
}

fn tid(v: u32) -> TransactionId {
    TransactionId::from_u32(v)
}

fn invoke(id: i8, op: i64) -> Component {
    Component::Invoke(Invoke::new(id, Code::Local(op), None))
}

fn rr(id: i8, last: bool) -> Component {
    let r = ReturnResult {
        invoke_id: id,
        result: Some(OperationResult {
            op_code: Code::Local(48),
            parameter: Some(Parameter::from_vec(vec![0x80, 0x01, 0x05]).unwrap()),
        }),
    };
    if last {
        Component::ReturnResultLast(r)
    } else {
        Component::ReturnResultNotLast(r)
    }
}

fn re(id: i8) -> Component {
    Component::ReturnError(ReturnError {
        invoke_id: id,
        error_code: Code::Local(7),
        parameter: None,
    })
}

fn request(op: i64, class: OperationClass, secs: u64) -> InvokeRequest {
    InvokeRequest {
        op_code: Code::Local(op),
        parameter: None,
        linked_id: None,
        class,
        timeout: Duration::from_secs(secs),
    }
}

fn transmits(s: &mut Shard<Peer>) -> Vec<Transmit<Peer>> {
    std::iter::from_fn(|| s.poll_transmit()).collect()
}

fn indications(s: &mut Shard<Peer>) -> Vec<Indication<Peer>> {
    std::iter::from_fn(|| s.poll_indication()).collect()
}

/// The single message sent, to `peer`.
#[track_caller]
fn sent_one(s: &mut Shard<Peer>, peer: Peer) -> Message {
    let mut t = transmits(s);
    assert_eq!(t.len(), 1, "{t:?}");
    let t = t.remove(0);
    assert_eq!(t.peer, peer);
    // Whatever the layer sends encodes and decodes back to itself.
    assert_eq!(Message::decode(&t.message.to_bytes()).unwrap(), t.message);
    t.message
}

#[track_caller]
fn nothing_sent(s: &mut Shard<Peer>) {
    let t = transmits(s);
    assert!(t.is_empty(), "{t:?}");
}

fn feed(s: &mut Shard<Peer>, now: Instant, peer: Peer, m: &Message) {
    s.handle_message(now, peer, &m.to_bytes());
}

fn feed_raw(s: &mut Shard<Peer>, now: Instant, peer: Peer, raw: &[u8]) {
    s.handle_message(now, peer, &Bytes::copy_from_slice(raw));
}

fn begin_from(otid: u32, acn: Option<Oid>, components: Vec<Component>) -> Message {
    Message::begin(tid(otid), acn, components)
}

/// Feeds a Begin (AARQ for CS-1) and returns the new dialogue.
fn responder_dialogue(s: &mut Shard<Peer>, now: Instant, components: Vec<Component>) -> DialogueId {
    feed(s, now, SSP, &begin_from(0x0102_0304, Some(CS1), components));
    match indications(s).remove(0) {
        Indication::Begin { dialogue, .. } => dialogue,
        other => panic!("{other:?}"),
    }
}

/// An initiated dialogue in state IS (AARQ for CS-1), and the Begin sent.
fn initiator_dialogue(s: &mut Shard<Peer>, now: Instant) -> (DialogueId, Begin) {
    let d = s.new_dialogue(now, SCP, Some(CS1)).unwrap();
    s.begin(now, d, vec![invoke(1, 0)]).unwrap();
    let Message::Begin(b) = sent_one(s, SCP) else {
        panic!()
    };
    (d, b)
}

/// Brings an initiated dialogue to active: the peer answers with Continue otid `peer_tid`.
fn active_initiator(s: &mut Shard<Peer>, now: Instant, peer_tid: u32) -> DialogueId {
    let (d, b) = initiator_dialogue(s, now);
    feed(
        s,
        now,
        SCP,
        &Message::continue_accepted(tid(peer_tid), b.otid, CS1, vec![]),
    );
    indications(s);
    assert_eq!(s.state(d), Some(DialogueState::Active));
    d
}

fn accepted(acn: Oid) -> Option<DialoguePortion> {
    Some(DialoguePortion::Aare(Aare::accepted(acn)))
}

fn refused(acn: Oid, diagnostic: AssociateSourceDiagnostic) -> Option<DialoguePortion> {
    Some(DialoguePortion::Aare(Aare::rejected(acn, diagnostic)))
}

fn user_diag(v: DialogueServiceUser) -> AssociateSourceDiagnostic {
    AssociateSourceDiagnostic::DialogueServiceUser(v)
}

fn abrt(source: AbrtSource) -> Option<DialoguePortion> {
    Some(DialoguePortion::Abrt(Abrt::new(source)))
}

// ---- responding side ----

#[test]
fn begin_idp_then_end_with_aare() {
    let mut s = shard();
    let now = Instant::now();
    s.handle_message(now, SSP, &common::idp_begin());
    let ind = indications(&mut s);
    let [
        Indication::Begin {
            dialogue,
            peer,
            application_context,
            components,
        },
    ] = ind.as_slice()
    else {
        panic!("{ind:?}")
    };
    assert_eq!((*peer, *application_context), (SSP, Some(CS1)));
    assert_eq!(components.len(), 1);
    assert_eq!(components[0].invoke_id(), Some(1));
    assert_eq!(s.state(*dialogue), Some(DialogueState::InitiationReceived));
    assert_eq!(s.peer(*dialogue), Some(&SSP));
    assert_eq!(s.application_context(*dialogue), Some(CS1));
    s.end(now, *dialogue, Termination::Basic, vec![invoke(1, 20)])
        .unwrap();
    // The first (and only) backward message carries the AARE accepted.
    assert_eq!(
        sent_one(&mut s, SSP),
        Message::end_accepted(tid(0x0102_0304), CS1, vec![invoke(1, 20)])
    );
    assert!(s.is_empty());
    assert_eq!(s.state(*dialogue), None);
    let st = s.stats();
    assert_eq!((st.begins_received, st.ends_sent, st.dialogues), (1, 1, 0));
    assert_eq!(st.dialogues_peak, 1);
}

#[test]
fn responder_continue_then_active_then_peer_ends() {
    let mut s = shard();
    let now = Instant::now();
    let d = responder_dialogue(&mut s, now, vec![invoke(1, 0)]);
    s.continue_dialogue(now, d, vec![invoke(1, 23)]).unwrap();
    // IR → active: the first Continue has the AARE accepted and our tid as otid.
    assert_eq!(
        sent_one(&mut s, SSP),
        Message::continue_accepted(
            d.transaction_id(),
            tid(0x0102_0304),
            CS1,
            vec![invoke(1, 23)]
        )
    );
    assert_eq!(s.state(d), Some(DialogueState::Active));
    // Later Continues have no dialogue portion.
    s.continue_dialogue(now, d, vec![invoke(2, 31)]).unwrap();
    assert_eq!(
        sent_one(&mut s, SSP),
        Message::Continue(Continue {
            otid: d.transaction_id(),
            dtid: tid(0x0102_0304),
            dialogue_portion: None,
            components: vec![invoke(2, 31)],
        })
    );
    // Continue received in active: stays active.
    let c = Message::Continue(Continue {
        otid: tid(0x0102_0304),
        dtid: d.transaction_id(),
        dialogue_portion: None,
        components: vec![invoke(5, 24)],
    });
    feed(&mut s, now, SSP, &c);
    assert_eq!(
        indications(&mut s),
        [Indication::Continue {
            dialogue: d,
            peer: SSP,
            application_context: Some(CS1),
            components: vec![invoke(5, 24)],
        }]
    );
    // End received in active: idle.
    let e = Message::End(End {
        dtid: d.transaction_id(),
        dialogue_portion: None,
        components: vec![],
    });
    feed(&mut s, now, SSP, &e);
    assert_eq!(
        indications(&mut s),
        [Indication::End {
            dialogue: d,
            peer: SSP,
            application_context: Some(CS1),
            components: vec![],
        }]
    );
    assert!(s.is_empty());
    nothing_sent(&mut s);
}

#[test]
fn responder_active_end_basic_has_no_aare_and_peer_abort_ends() {
    let mut s = shard();
    let now = Instant::now();
    let d = responder_dialogue(&mut s, now, vec![]);
    s.continue_dialogue(now, d, vec![]).unwrap();
    transmits(&mut s);
    s.end(now, d, Termination::Basic, vec![invoke(3, 20)])
        .unwrap();
    assert_eq!(
        sent_one(&mut s, SSP),
        Message::End(End {
            dtid: tid(0x0102_0304),
            dialogue_portion: None,
            components: vec![invoke(3, 20)],
        })
    );
    // An Abort from the peer ends an active dialogue.
    let d = responder_dialogue(&mut s, now, vec![]);
    s.continue_dialogue(now, d, vec![]).unwrap();
    transmits(&mut s);
    feed(
        &mut s,
        now,
        SSP,
        &Message::u_abort(d.transaction_id(), abrt(AbrtSource::DIALOGUE_SERVICE_USER)),
    );
    assert_eq!(
        indications(&mut s),
        [Indication::UAbort {
            dialogue: d,
            reason: abrt(AbrtSource::DIALOGUE_SERVICE_USER)
        }]
    );
    assert!(s.is_empty());
    nothing_sent(&mut s);
    assert_eq!(s.stats().u_aborts_received, 1);
}

#[test]
fn prearranged_end_sends_nothing() {
    let mut s = shard();
    let now = Instant::now();
    // From IR.
    let d = responder_dialogue(&mut s, now, vec![]);
    s.end(now, d, Termination::Prearranged, vec![invoke(1, 20)])
        .unwrap();
    nothing_sent(&mut s);
    assert!(s.is_empty());
    // From active.
    let d = responder_dialogue(&mut s, now, vec![]);
    s.continue_dialogue(now, d, vec![]).unwrap();
    transmits(&mut s);
    s.end(now, d, Termination::Prearranged, vec![]).unwrap();
    nothing_sent(&mut s);
    // From IS.
    let (d, _) = initiator_dialogue(&mut s, now);
    s.end(now, d, Termination::Prearranged, vec![]).unwrap();
    nothing_sent(&mut s);
    assert!(s.is_empty());
    assert_eq!(
        s.end(now, d, Termination::Prearranged, vec![]),
        Err(RequestError::UnknownDialogue(d.transaction_id()))
    );
}

#[test]
fn u_abort_in_each_state() {
    let now = Instant::now();
    let mut s = shard();
    let peer_tid = tid(0x0102_0304);
    // IR, AC mode: the refusals are AAREs, a user-specific abort an ABRT.
    let d = responder_dialogue(&mut s, now, vec![]);
    s.u_abort(now, d, UserAbort::ApplicationContextNotSupported)
        .unwrap();
    assert_eq!(
        sent_one(&mut s, SSP),
        Message::u_abort(
            peer_tid,
            refused(
                CS1,
                user_diag(DialogueServiceUser::APPLICATION_CONTEXT_NAME_NOT_SUPPORTED)
            )
        )
    );
    let d = responder_dialogue(&mut s, now, vec![]);
    s.u_abort(now, d, UserAbort::DialogueRefused).unwrap();
    assert_eq!(
        sent_one(&mut s, SSP),
        Message::u_abort(
            peer_tid,
            refused(CS1, user_diag(DialogueServiceUser::NO_REASON_GIVEN))
        )
    );
    let d = responder_dialogue(&mut s, now, vec![]);
    s.u_abort(now, d, UserAbort::UserSpecific(None)).unwrap();
    assert_eq!(
        sent_one(&mut s, SSP),
        Message::u_abort(peer_tid, abrt(AbrtSource::DIALOGUE_SERVICE_USER))
    );
    // Active, AC mode: an ABRT whatever the reason.
    let d = responder_dialogue(&mut s, now, vec![]);
    s.continue_dialogue(now, d, vec![]).unwrap();
    transmits(&mut s);
    s.u_abort(now, d, UserAbort::DialogueRefused).unwrap();
    assert_eq!(
        sent_one(&mut s, SSP),
        Message::u_abort(peer_tid, abrt(AbrtSource::DIALOGUE_SERVICE_USER))
    );
    // No AC mode: an Abort without a reason.
    feed(&mut s, now, SSP, &begin_from(0x0102_0304, None, vec![]));
    let Indication::Begin { dialogue: d, .. } = indications(&mut s).remove(0) else {
        panic!()
    };
    s.u_abort(now, d, UserAbort::ApplicationContextNotSupported)
        .unwrap();
    assert_eq!(sent_one(&mut s, SSP), Message::u_abort(peer_tid, None));
    // IS and idle: local only.
    let (d, _) = initiator_dialogue(&mut s, now);
    s.u_abort(now, d, UserAbort::UserSpecific(None)).unwrap();
    nothing_sent(&mut s);
    let d = s.new_dialogue(now, SCP, None).unwrap();
    s.u_abort(now, d, UserAbort::UserSpecific(None)).unwrap();
    nothing_sent(&mut s);
    assert!(s.is_empty());
    assert_eq!(s.stats().u_aborts_sent, 5);
}

#[test]
fn begin_without_dialogue_portion_uses_the_default_context_and_answers_without_one() {
    let now = Instant::now();
    for default in [None, Some(Q1218)] {
        let mut s = Shard::new(Config {
            default_context: default,
            ..config()
        })
        .unwrap();
        feed(
            &mut s,
            now,
            SSP,
            &begin_from(0x55, None, vec![invoke(1, 0)]),
        );
        let Indication::Begin {
            dialogue,
            application_context,
            ..
        } = indications(&mut s).remove(0)
        else {
            panic!()
        };
        assert_eq!(application_context, default);
        s.continue_dialogue(now, dialogue, vec![]).unwrap();
        // No AARE: the Begin had no dialogue portion.
        assert_eq!(
            sent_one(&mut s, SSP),
            Message::Continue(Continue {
                otid: dialogue.transaction_id(),
                dtid: tid(0x55),
                dialogue_portion: None,
                components: vec![],
            })
        );
        s.end(now, dialogue, Termination::Basic, vec![]).unwrap();
        assert_eq!(sent_one(&mut s, SSP).dialogue(), None);
    }
}

#[test]
fn unsupported_application_context_is_refused_with_the_closest_supported_one() {
    let now = Instant::now();
    let mut s = shard();
    feed(
        &mut s,
        now,
        SSP,
        &begin_from(0x0a, Some(UNKNOWN_ACN), vec![invoke(1, 0)]),
    );
    assert!(indications(&mut s).is_empty());
    assert!(s.is_empty());
    // 0.4.0.1.1.1.0.99 shares 7 arcs with both CS1 and Q1218: the first configured wins.
    assert_eq!(
        sent_one(&mut s, SSP),
        Message::u_abort(
            tid(0x0a),
            refused(
                CS1,
                user_diag(DialogueServiceUser::APPLICATION_CONTEXT_NAME_NOT_SUPPORTED)
            )
        )
    );
    // The longest common prefix decides.
    let mut s = Shard::new(Config::new(vec![
        Oid::from_arcs(&[1, 2, 3]),
        Oid::from_arcs(&[0, 4, 0, 1, 1, 1, 0, 7]),
    ]))
    .unwrap();
    feed(&mut s, now, SSP, &begin_from(0x0b, Some(CS1), vec![]));
    let m = sent_one(&mut s, SSP);
    assert_eq!(
        m.dialogue().unwrap().application_context_name(),
        Some(Oid::from_arcs(&[0, 4, 0, 1, 1, 1, 0, 7]))
    );
    // An empty set refuses every AARQ (naming the proposed context back).
    let mut s: Shard<Peer> = Shard::new(Config::new(vec![])).unwrap();
    feed(&mut s, now, SSP, &begin_from(0x0c, Some(CS1), vec![]));
    assert_eq!(
        sent_one(&mut s, SSP),
        Message::u_abort(
            tid(0x0c),
            refused(
                CS1,
                user_diag(DialogueServiceUser::APPLICATION_CONTEXT_NAME_NOT_SUPPORTED)
            )
        )
    );
    assert_eq!(s.stats().application_context_refusals, 1);
}

#[test]
fn second_configured_context_is_accepted() {
    let mut s = shard();
    let now = Instant::now();
    feed(&mut s, now, SSP, &begin_from(1, Some(Q1218), vec![]));
    let Indication::Begin {
        dialogue,
        application_context,
        ..
    } = indications(&mut s).remove(0)
    else {
        panic!()
    };
    assert_eq!(application_context, Some(Q1218));
    s.end(now, dialogue, Termination::Basic, vec![]).unwrap();
    assert_eq!(sent_one(&mut s, SSP).dialogue(), accepted(Q1218).as_ref());
}

#[test]
fn aarq_without_version1_gets_no_common_dialogue_portion() {
    let mut s = shard();
    let now = Instant::now();
    let m = Message::Begin(Begin {
        otid: tid(0x33),
        dialogue_portion: Some(DialoguePortion::Aarq(Aarq {
            protocol_version: ProtocolVersion::from_bit_string(6, &[0x40]),
            ..Aarq::new(CS1)
        })),
        components: vec![invoke(1, 0)],
    });
    feed(&mut s, now, SSP, &m);
    assert_eq!(
        sent_one(&mut s, SSP),
        Message::u_abort(
            tid(0x33),
            refused(
                CS1,
                AssociateSourceDiagnostic::DialogueServiceProvider(
                    DialogueServiceProvider::NO_COMMON_DIALOGUE_PORTION
                )
            )
        )
    );
    assert!(s.is_empty());
    assert!(indications(&mut s).is_empty());
    assert_eq!(s.stats().no_common_dialogue_portion, 1);
}

#[test]
fn requests_in_the_wrong_state_are_refused() {
    let mut s = shard();
    let now = Instant::now();
    let d = s.new_dialogue(now, SCP, Some(CS1)).unwrap();
    assert_eq!(s.state(d), Some(DialogueState::Idle));
    let invalid = |request, state| RequestError::InvalidState { request, state };
    assert_eq!(
        s.continue_dialogue(now, d, vec![]),
        Err(invalid("TC-CONTINUE", "idle"))
    );
    assert_eq!(
        s.end(now, d, Termination::Basic, vec![]),
        Err(invalid("TC-END", "idle"))
    );
    s.begin(now, d, vec![]).unwrap();
    transmits(&mut s);
    assert_eq!(
        s.begin(now, d, vec![]),
        Err(invalid("TC-BEGIN", "initiation sent"))
    );
    assert_eq!(
        s.continue_dialogue(now, d, vec![]),
        Err(invalid("TC-CONTINUE", "initiation sent"))
    );
    assert_eq!(
        s.end(now, d, Termination::Basic, vec![]),
        Err(invalid("TC-END", "initiation sent"))
    );
    let r = responder_dialogue(&mut s, now, vec![]);
    assert_eq!(
        s.begin(now, r, vec![]),
        Err(invalid("TC-BEGIN", "initiation received"))
    );
    nothing_sent(&mut s);
    let gone = DialogueId::from_transaction_id(tid(0xdead_beef)).unwrap();
    assert_eq!(
        s.continue_dialogue(now, gone, vec![]),
        Err(RequestError::UnknownDialogue(tid(0xdead_beef)))
    );
    assert_eq!(
        DialogueId::from_transaction_id(TransactionId::new(&[1]).unwrap()),
        None
    );
}

// ---- initiating side ----

#[test]
fn initiator_begin_continue_fixes_peer_tid_and_address() {
    let mut s = shard();
    let now = Instant::now();
    let d = s.new_dialogue(now, SCP, Some(CS1)).unwrap();
    let id = s
        .invoke(now, d, request(0, OperationClass::Class2, 10))
        .unwrap();
    assert_eq!(id, 1);
    s.begin(now, d, vec![]).unwrap();
    assert_eq!(
        sent_one(&mut s, SCP),
        Message::begin(d.transaction_id(), Some(CS1), vec![invoke(1, 0)])
    );
    assert_eq!(s.state(d), Some(DialogueState::InitiationSent));
    // The answer comes from another address with the responder's tid.
    let answer =
        Message::continue_accepted(tid(0xaaaa), d.transaction_id(), CS1, vec![invoke(1, 23)]);
    feed(&mut s, now, SSP2, &answer);
    assert_eq!(
        indications(&mut s),
        [Indication::Continue {
            dialogue: d,
            peer: SSP2,
            application_context: Some(CS1),
            components: vec![invoke(1, 23)],
        }]
    );
    assert_eq!(s.state(d), Some(DialogueState::Active));
    assert_eq!(s.peer(d), Some(&SSP2));
    s.continue_dialogue(now, d, vec![]).unwrap();
    assert_eq!(
        sent_one(&mut s, SSP2),
        Message::Continue(Continue {
            otid: d.transaction_id(),
            dtid: tid(0xaaaa),
            dialogue_portion: None,
            components: vec![],
        })
    );
    s.end(now, d, Termination::Basic, vec![]).unwrap();
    assert_eq!(sent_one(&mut s, SSP2).dtid(), Some(tid(0xaaaa)));
}

#[test]
fn initiator_end_answer_with_aare() {
    let mut s = shard();
    let now = Instant::now();
    let (d, b) = initiator_dialogue(&mut s, now);
    feed(
        &mut s,
        now,
        SCP,
        &Message::end_accepted(b.otid, Q1218, vec![invoke(1, 20)]),
    );
    assert_eq!(
        indications(&mut s),
        [Indication::End {
            dialogue: d,
            peer: SCP,
            // The AARE's context.
            application_context: Some(Q1218),
            components: vec![invoke(1, 20)],
        }]
    );
    assert!(s.is_empty());
    nothing_sent(&mut s);
}

#[test]
fn initiator_abort_answers() {
    let now = Instant::now();
    let refusal = refused(
        CS1,
        user_diag(DialogueServiceUser::APPLICATION_CONTEXT_NAME_NOT_SUPPORTED),
    );
    let cases: Vec<(Option<tcap::AbortReason>, Indication<Peer>)> = {
        let d = DialogueId::from_transaction_id(tid(0)).unwrap();
        vec![
            (
                Some(tcap::AbortReason::Dialogue(refusal.clone().unwrap())),
                Indication::UAbort {
                    dialogue: d,
                    reason: refusal.clone(),
                },
            ),
            (
                Some(tcap::AbortReason::PAbort(PAbortCause::RESOURCE_LIMITATION)),
                Indication::PAbort {
                    dialogue: d,
                    cause: ProviderAbort::Transaction(PAbortCause::RESOURCE_LIMITATION),
                },
            ),
            (
                Some(tcap::AbortReason::Dialogue(
                    abrt(AbrtSource::DIALOGUE_SERVICE_PROVIDER).unwrap(),
                )),
                Indication::PAbort {
                    dialogue: d,
                    cause: ProviderAbort::AbnormalDialogue,
                },
            ),
            (
                Some(tcap::AbortReason::Dialogue(
                    refused(
                        CS1,
                        AssociateSourceDiagnostic::DialogueServiceProvider(
                            DialogueServiceProvider::NO_COMMON_DIALOGUE_PORTION,
                        ),
                    )
                    .unwrap(),
                )),
                Indication::PAbort {
                    dialogue: d,
                    cause: ProviderAbort::NoCommonDialoguePortion,
                },
            ),
            (
                None,
                Indication::UAbort {
                    dialogue: d,
                    reason: None,
                },
            ),
        ]
    };
    for (reason, want) in cases {
        // Dialogue ids start at 0 in a fresh shard.
        let mut s = shard();
        let (d, b) = initiator_dialogue(&mut s, now);
        assert_eq!(d.transaction_id(), tid(0));
        feed(
            &mut s,
            now,
            SCP,
            &Message::Abort(tcap::Abort {
                dtid: b.otid,
                reason,
            }),
        );
        assert_eq!(indications(&mut s), [want]);
        assert!(s.is_empty());
        nothing_sent(&mut s);
    }
}

#[test]
fn initiator_first_answer_must_match_the_ac_mode() {
    let now = Instant::now();
    // AC mode, Continue without an AARE: abnormal dialogue, ABRT from the provider to its otid.
    let mut s = shard();
    let (d, b) = initiator_dialogue(&mut s, now);
    feed(
        &mut s,
        now,
        SCP,
        &Message::Continue(Continue {
            otid: tid(0x77),
            dtid: b.otid,
            dialogue_portion: None,
            components: vec![],
        }),
    );
    assert_eq!(
        indications(&mut s),
        [Indication::PAbort {
            dialogue: d,
            cause: ProviderAbort::AbnormalDialogue
        }]
    );
    assert_eq!(
        sent_one(&mut s, SCP),
        Message::u_abort(tid(0x77), abrt(AbrtSource::DIALOGUE_SERVICE_PROVIDER))
    );
    assert!(s.is_empty());
    // AC mode, an AARE that is not "accepted" in a Continue.
    let (_, b) = initiator_dialogue(&mut s, now);
    let mut aare = Aare::accepted(CS1);
    aare.result = AssociateResult::REJECT_PERMANENT;
    feed(
        &mut s,
        now,
        SCP,
        &Message::Continue(Continue {
            otid: tid(0x77),
            dtid: b.otid,
            dialogue_portion: Some(DialoguePortion::Aare(aare)),
            components: vec![],
        }),
    );
    assert!(matches!(
        indications(&mut s).as_slice(),
        [Indication::PAbort {
            cause: ProviderAbort::AbnormalDialogue,
            ..
        }]
    ));
    assert_eq!(sent_one(&mut s, SCP).dtid(), Some(tid(0x77)));
    // No AC mode, End with an AARE: abnormal, nothing to answer.
    let d = s.new_dialogue(now, SCP, None).unwrap();
    s.begin(now, d, vec![]).unwrap();
    assert_eq!(sent_one(&mut s, SCP).dialogue(), None);
    feed(
        &mut s,
        now,
        SCP,
        &Message::end_accepted(d.transaction_id(), CS1, vec![]),
    );
    assert_eq!(
        indications(&mut s),
        [Indication::PAbort {
            dialogue: d,
            cause: ProviderAbort::AbnormalDialogue
        }]
    );
    nothing_sent(&mut s);
    // Active: a dialogue portion in a later Continue is abnormal too.
    let d = active_initiator(&mut s, now, 0x99);
    feed(
        &mut s,
        now,
        SCP,
        &Message::continue_accepted(tid(0x99), d.transaction_id(), CS1, vec![]),
    );
    assert!(matches!(
        indications(&mut s).as_slice(),
        [Indication::PAbort {
            cause: ProviderAbort::AbnormalDialogue,
            ..
        }]
    ));
    assert_eq!(
        sent_one(&mut s, SCP),
        Message::u_abort(tid(0x99), abrt(AbrtSource::DIALOGUE_SERVICE_PROVIDER))
    );
    // …and in an End.
    let d = active_initiator(&mut s, now, 0x98);
    feed(
        &mut s,
        now,
        SCP,
        &Message::end_accepted(d.transaction_id(), CS1, vec![]),
    );
    assert!(matches!(
        indications(&mut s).as_slice(),
        [Indication::PAbort {
            cause: ProviderAbort::AbnormalDialogue,
            ..
        }]
    ));
    nothing_sent(&mut s);
    assert!(s.is_empty());
    assert_eq!(s.stats().abnormal_dialogues, 5);
}

// ---- malformed input and unknown transactions (Q.774 Figure A.3, A.5) ----

#[test]
fn unknown_dtid_continue_is_aborted_end_and_abort_are_discarded() {
    let mut s = shard();
    let now = Instant::now();
    let stranger = tid(0x1234_5678);
    feed(
        &mut s,
        now,
        SSP,
        &Message::Continue(Continue {
            otid: tid(0x42),
            dtid: stranger,
            dialogue_portion: None,
            components: vec![invoke(1, 24)],
        }),
    );
    assert_eq!(
        sent_one(&mut s, SSP),
        Message::p_abort(tid(0x42), PAbortCause::UNRECOGNIZED_TRANSACTION_ID)
    );
    feed(
        &mut s,
        now,
        SSP,
        &Message::End(End {
            dtid: stranger,
            dialogue_portion: None,
            components: vec![],
        }),
    );
    feed(
        &mut s,
        now,
        SSP,
        &Message::p_abort(stranger, PAbortCause::RESOURCE_LIMITATION),
    );
    nothing_sent(&mut s);
    assert!(indications(&mut s).is_empty());
    // A stale id (the dialogue ended) is as unknown, and so is the id of a dialogue in IR, which
    // the peer has not been told.
    let d = responder_dialogue(&mut s, now, vec![]);
    feed(
        &mut s,
        now,
        SSP,
        &Message::Continue(Continue {
            otid: tid(0x43),
            dtid: d.transaction_id(),
            dialogue_portion: None,
            components: vec![],
        }),
    );
    assert_eq!(
        sent_one(&mut s, SSP),
        Message::p_abort(tid(0x43), PAbortCause::UNRECOGNIZED_TRANSACTION_ID)
    );
    assert_eq!(s.state(d), Some(DialogueState::InitiationReceived));
    s.end(now, d, Termination::Prearranged, vec![]).unwrap();
    feed(
        &mut s,
        now,
        SSP,
        &Message::Continue(Continue {
            otid: tid(0x44),
            dtid: d.transaction_id(),
            dialogue_portion: None,
            components: vec![],
        }),
    );
    assert_eq!(
        sent_one(&mut s, SSP),
        Message::p_abort(tid(0x44), PAbortCause::UNRECOGNIZED_TRANSACTION_ID)
    );
    let st = s.stats();
    assert_eq!(st.unknown_transaction_ids, 5);
    assert_eq!(st.p_aborts_sent.unrecognized_transaction_id, 3);
    assert_eq!(st.discarded, 2);
}

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    assert!(content.len() < 0x80);
    let mut v = vec![tag, content.len() as u8];
    v.extend_from_slice(content);
    v
}

fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

#[test]
fn bad_transaction_portion_is_p_aborted_to_the_otid() {
    let mut s = shard();
    let now = Instant::now();
    // A Begin with an unknown element after its otid: incorrectTransactionPortion.
    feed_raw(
        &mut s,
        now,
        SSP,
        &tlv(0x62, &cat(&[&tlv(0x48, &[0, 0, 0, 7]), &[0x99, 0]])),
    );
    assert_eq!(
        sent_one(&mut s, SSP),
        Message::p_abort(tid(7), PAbortCause::INCORRECT_TRANSACTION_PORTION)
    );
    // An unknown message type with a readable otid: unrecognizedMessageType.
    feed_raw(&mut s, now, SSP, &tlv(0x63, &tlv(0x48, &[0, 0, 0, 8])));
    assert_eq!(
        sent_one(&mut s, SSP),
        Message::p_abort(tid(8), PAbortCause::UNRECOGNIZED_MESSAGE_TYPE)
    );
    // A transaction id of 5 octets: badlyFormatted, and no otid to answer.
    feed_raw(&mut s, now, SSP, &tlv(0x62, &tlv(0x48, &[1, 2, 3, 4, 5])));
    // Garbage and an empty message: nothing readable, discarded.
    feed_raw(&mut s, now, SSP, &[0xff, 0xff, 0x00]);
    feed_raw(&mut s, now, SSP, &[]);
    nothing_sent(&mut s);
    assert!(s.is_empty());
    assert!(indications(&mut s).is_empty());
    let st = s.stats();
    assert_eq!(st.p_aborts_sent.incorrect_transaction_portion, 1);
    assert_eq!(st.p_aborts_sent.unrecognized_message_type, 1);
    assert_eq!(st.discarded, 3);
    assert_eq!((st.malformed, st.begins_received), (5, 2));
}

#[test]
fn bad_transaction_portion_for_a_live_dialogue_ends_it() {
    let mut s = shard();
    let now = Instant::now();
    let d = active_initiator(&mut s, now, 0x99);
    let ours = d.transaction_id();
    // Continue with our dtid and an unknown element: TC-P-ABORT here, P-Abort to the peer.
    feed_raw(
        &mut s,
        now,
        SCP,
        &tlv(
            0x65,
            &cat(&[
                &tlv(0x48, &[0, 0, 0, 0x99]),
                &tlv(0x49, ours.as_bytes()),
                &[0x99, 0],
            ]),
        ),
    );
    assert_eq!(
        indications(&mut s),
        [Indication::PAbort {
            dialogue: d,
            cause: ProviderAbort::Transaction(PAbortCause::INCORRECT_TRANSACTION_PORTION)
        }]
    );
    assert_eq!(
        sent_one(&mut s, SCP),
        Message::p_abort(tid(0x99), PAbortCause::INCORRECT_TRANSACTION_PORTION)
    );
    assert!(s.is_empty());
    // A malformed Abort for a live dialogue: ends it, never answered.
    let d = active_initiator(&mut s, now, 0x98);
    feed_raw(
        &mut s,
        now,
        SCP,
        &tlv(
            0x67,
            &cat(&[&tlv(0x49, d.transaction_id().as_bytes()), &[0x99, 0]]),
        ),
    );
    assert_eq!(
        indications(&mut s),
        [Indication::PAbort {
            dialogue: d,
            cause: ProviderAbort::Transaction(PAbortCause::INCORRECT_TRANSACTION_PORTION)
        }]
    );
    nothing_sent(&mut s);
    assert!(s.is_empty());
}

/// A dialogue portion whose EXTERNAL is empty.
const BAD_DIALOGUE: [u8; 4] = [0x6b, 0x02, 0x28, 0x00];

#[test]
fn bad_dialogue_portion_is_an_abnormal_dialogue() {
    let mut s = shard();
    let now = Instant::now();
    // In a Begin: an ABRT from the provider to its otid, no dialogue.
    feed_raw(
        &mut s,
        now,
        SSP,
        &tlv(0x62, &cat(&[&tlv(0x48, &[0, 0, 0, 5]), &BAD_DIALOGUE])),
    );
    assert_eq!(
        sent_one(&mut s, SSP),
        Message::u_abort(tid(5), abrt(AbrtSource::DIALOGUE_SERVICE_PROVIDER))
    );
    assert!(s.is_empty());
    // In a Continue for an initiated dialogue: TC-P-ABORT, and the ABRT.
    let (d, b) = initiator_dialogue(&mut s, now);
    feed_raw(
        &mut s,
        now,
        SCP,
        &tlv(
            0x65,
            &cat(&[
                &tlv(0x48, &[0, 0, 0, 6]),
                &tlv(0x49, b.otid.as_bytes()),
                &BAD_DIALOGUE,
            ]),
        ),
    );
    assert_eq!(
        indications(&mut s),
        [Indication::PAbort {
            dialogue: d,
            cause: ProviderAbort::AbnormalDialogue
        }]
    );
    assert_eq!(
        sent_one(&mut s, SCP),
        Message::u_abort(tid(6), abrt(AbrtSource::DIALOGUE_SERVICE_PROVIDER))
    );
    // In a Continue for an unknown dtid: the transaction sub-layer answers first.
    feed_raw(
        &mut s,
        now,
        SCP,
        &tlv(
            0x65,
            &cat(&[
                &tlv(0x48, &[0, 0, 0, 6]),
                &tlv(0x49, &[9, 9, 9, 9]),
                &BAD_DIALOGUE,
            ]),
        ),
    );
    assert_eq!(
        sent_one(&mut s, SCP),
        Message::p_abort(tid(6), PAbortCause::UNRECOGNIZED_TRANSACTION_ID)
    );
    // In an End for an initiated dialogue: ends it, nothing to answer.
    let (d, b) = initiator_dialogue(&mut s, now);
    feed_raw(
        &mut s,
        now,
        SCP,
        &tlv(0x64, &cat(&[&tlv(0x49, b.otid.as_bytes()), &BAD_DIALOGUE])),
    );
    assert_eq!(
        indications(&mut s),
        [Indication::PAbort {
            dialogue: d,
            cause: ProviderAbort::AbnormalDialogue
        }]
    );
    nothing_sent(&mut s);
    assert!(s.is_empty());
}

/// Invoke id 1, InitialDP without an argument.
const GOOD_INVOKE: [u8; 8] = [0xa1, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x00];
/// A component with tag [9]: unrecognizedComponent, invoke id 5 derivable.
const UNKNOWN_COMPONENT: [u8; 5] = [0xa9, 0x03, 0x02, 0x01, 0x05];
/// A Reject without its problem: mistypedComponent.
const BAD_REJECT: [u8; 5] = [0xa4, 0x03, 0x02, 0x01, 0x05];

fn components(parts: &[&[u8]]) -> Vec<u8> {
    tlv(0x6c, &cat(parts))
}

#[test]
fn bad_component_in_a_begin_is_rejected_in_the_answer() {
    let mut s = shard();
    let now = Instant::now();
    let raw = tlv(
        0x62,
        &cat(&[
            &tlv(0x48, &[0, 0, 0, 1]),
            &components(&[&GOOD_INVOKE, &UNKNOWN_COMPONENT]),
        ]),
    );
    feed_raw(&mut s, now, SSP, &raw);
    let ind = indications(&mut s);
    let problem = Problem::General(GeneralProblem::UNRECOGNIZED_COMPONENT);
    let [
        Indication::Begin {
            dialogue,
            components,
            application_context: None,
            ..
        },
        Indication::LocalReject {
            dialogue: d2,
            invoke_id: Some(5),
            problem: p,
        },
    ] = ind.as_slice()
    else {
        panic!("{ind:?}")
    };
    assert_eq!(d2, dialogue);
    assert_eq!(*p, problem);
    // The components before the faulty one are delivered.
    assert_eq!(components, &[invoke(1, 0)]);
    // The Reject leaves with the answer, before the user's components.
    s.end(now, *dialogue, Termination::Basic, vec![invoke(1, 20)])
        .unwrap();
    assert_eq!(
        sent_one(&mut s, SSP).components(),
        [
            Component::Reject(Reject {
                invoke_id: Some(5),
                problem
            }),
            invoke(1, 20)
        ]
    );
    assert_eq!(s.stats().rejects.of(problem), 1);
}

#[test]
fn bad_component_in_an_end_or_a_bad_reject_is_only_reported() {
    let mut s = shard();
    let now = Instant::now();
    // End: nothing to send the Reject in.
    let (d, b) = initiator_dialogue(&mut s, now);
    let raw = tlv(
        0x64,
        &cat(&[
            &tlv(0x49, b.otid.as_bytes()),
            &aare_element(),
            &components(&[&UNKNOWN_COMPONENT]),
        ]),
    );
    feed_raw(&mut s, now, SCP, &raw);
    let ind = indications(&mut s);
    assert!(
        matches!(
            ind.as_slice(),
            [Indication::End { dialogue, .. }, Indication::LocalReject { invoke_id: Some(5), .. }]
                if *dialogue == d
        ),
        "{ind:?}"
    );
    nothing_sent(&mut s);
    // A faulty Reject in a Continue: reported, not rejected.
    let d = active_initiator(&mut s, now, 0x99);
    let raw = tlv(
        0x65,
        &cat(&[
            &tlv(0x48, &[0, 0, 0, 0x99]),
            &tlv(0x49, d.transaction_id().as_bytes()),
            &components(&[&BAD_REJECT]),
        ]),
    );
    feed_raw(&mut s, now, SCP, &raw);
    let ind = indications(&mut s);
    assert!(
        matches!(
            ind.as_slice(),
            [
                Indication::Continue { .. },
                Indication::LocalReject {
                    problem: Problem::General(GeneralProblem::MISTYPED_COMPONENT),
                    ..
                }
            ]
        ),
        "{ind:?}"
    );
    s.continue_dialogue(now, d, vec![]).unwrap();
    assert!(sent_one(&mut s, SCP).components().is_empty());
}

/// The dialogue portion element (`6b …`) with an AARE accepted for CS-1, cut out of an End that
/// carries it (after `64 len 49 04 xx xx xx xx`).
fn aare_element() -> Vec<u8> {
    let m = Message::end_accepted(tid(1), CS1, vec![]);
    m.to_vec()[8..].to_vec()
}

#[test]
fn results_and_errors_are_checked_against_the_operations_in_progress() {
    let mut s = shard();
    let now = Instant::now();
    let d = s.new_dialogue(now, SCP, Some(CS1)).unwrap();
    let c1 = s
        .invoke(now, d, request(48, OperationClass::Class1, 10))
        .unwrap();
    let c2 = s
        .invoke(now, d, request(31, OperationClass::Class2, 10))
        .unwrap();
    let c3 = s
        .invoke(now, d, request(47, OperationClass::Class3, 10))
        .unwrap();
    let c4 = s
        .invoke(now, d, request(20, OperationClass::Class4, 10))
        .unwrap();
    assert_eq!((c1, c2, c3, c4), (1, 2, 3, 4));
    s.begin(now, d, vec![]).unwrap();
    assert_eq!(sent_one(&mut s, SCP).components().len(), 4);
    let answer = Message::continue_accepted(
        tid(0x50),
        d.transaction_id(),
        CS1,
        vec![
            rr(c1, false), // class 1: fine, still in progress
            rr(c1, true),  // class 1: fine, ends it
            rr(c1, true),  // ended: unrecognizedInvokeID
            re(c2),        // class 2: fine
            rr(c4, true),  // class 4: returnResultUnexpected
            re(c3),        // class 3: returnErrorUnexpected
            re(9),         // unknown: unrecognizedInvokeID
            Component::Invoke(Invoke {
                invoke_id: 1,
                linked_id: Some(9), // no such operation: unrecognizedLinkedID
                op_code: Code::Local(24),
                parameter: None,
            }),
            Component::Reject(Reject {
                invoke_id: Some(77), // unknown, but a Reject is never rejected
                problem: Problem::Invoke(InvokeProblem::UNRECOGNIZED_OPERATION),
            }),
        ],
    );
    feed(&mut s, now, SSP, &answer);
    let ind = indications(&mut s);
    let Indication::Continue { components, .. } = &ind[0] else {
        panic!("{ind:?}")
    };
    assert_eq!(components.len(), 4, "{components:?}");
    let rejected: Vec<(Option<i8>, Problem)> = ind[1..]
        .iter()
        .map(|i| match i {
            Indication::LocalReject {
                invoke_id, problem, ..
            } => (*invoke_id, *problem),
            other => panic!("{other:?}"),
        })
        .collect();
    let want = [
        (
            Some(c1),
            Problem::ReturnResult(ReturnResultProblem::UNRECOGNIZED_INVOKE_ID),
        ),
        (
            Some(c4),
            Problem::ReturnResult(ReturnResultProblem::RETURN_RESULT_UNEXPECTED),
        ),
        (
            Some(c3),
            Problem::ReturnError(ReturnErrorProblem::RETURN_ERROR_UNEXPECTED),
        ),
        (
            Some(9),
            Problem::ReturnError(ReturnErrorProblem::UNRECOGNIZED_INVOKE_ID),
        ),
        (
            Some(1),
            Problem::Invoke(InvokeProblem::UNRECOGNIZED_LINKED_ID),
        ),
    ];
    assert_eq!(rejected, want);
    // The Rejects go out with the next message; every operation has ended, so no timer fires.
    s.continue_dialogue(now, d, vec![]).unwrap();
    let sent = sent_one(&mut s, SSP);
    let sent: Vec<_> = sent
        .components()
        .iter()
        .map(|c| match c {
            Component::Reject(r) => (r.invoke_id, r.problem),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(sent, want);
    s.handle_timeout(now + Duration::from_secs(60));
    let ind = indications(&mut s);
    assert!(
        matches!(
            ind.as_slice(),
            [Indication::PAbort {
                cause: ProviderAbort::IdleTimeout,
                ..
            }]
        ),
        "{ind:?}"
    );
    assert_eq!(s.stats().rejects.total(), 5);
    assert_eq!(s.stats().invoke_timeouts, 0);
}

#[test]
fn linked_invoke_and_received_reject_use_the_operations_in_progress() {
    let mut s = shard();
    let now = Instant::now();
    let d = s.new_dialogue(now, SCP, None).unwrap();
    let pa = s
        .invoke(now, d, request(47, OperationClass::Class1, 10))
        .unwrap();
    let other = s
        .invoke(now, d, request(48, OperationClass::Class1, 10))
        .unwrap();
    s.begin(now, d, vec![]).unwrap();
    transmits(&mut s);
    let c = Message::Continue(Continue {
        otid: tid(0x60),
        dtid: d.transaction_id(),
        dialogue_portion: None,
        components: vec![
            Component::Invoke(Invoke {
                invoke_id: 1,
                linked_id: Some(pa),
                op_code: Code::Local(49),
                parameter: None,
            }),
            Component::Reject(Reject {
                invoke_id: Some(other),
                problem: Problem::Invoke(InvokeProblem::MISTYPED_PARAMETER),
            }),
        ],
    });
    feed(&mut s, now, SCP, &c);
    let ind = indications(&mut s);
    assert!(
        matches!(ind.as_slice(), [Indication::Continue { components, .. }] if components.len() == 2),
        "{ind:?}"
    );
    // The Reject ended `other`: its result is now unexpected; `pa` is still running.
    feed(
        &mut s,
        now,
        SCP,
        &Message::Continue(Continue {
            otid: tid(0x60),
            dtid: d.transaction_id(),
            dialogue_portion: None,
            components: vec![rr(other, true), rr(pa, true)],
        }),
    );
    let ind = indications(&mut s);
    assert!(
        matches!(
            ind.as_slice(),
            [
                Indication::Continue { components, .. },
                Indication::LocalReject { invoke_id: Some(i), .. },
            ] if components == &[rr(pa, true)] && *i == other
        ),
        "{ind:?}"
    );
}

// ---- timers ----

#[test]
fn idle_timer_releases_with_a_p_abort_resource_limitation() {
    let mut s = shard();
    let t0 = Instant::now();
    let d = responder_dialogue(&mut s, t0, vec![]);
    assert_eq!(s.poll_timeout(), Some(t0 + IDLE));
    s.handle_timeout(t0 + IDLE - Duration::from_millis(1));
    assert_eq!(s.state(d), Some(DialogueState::InitiationReceived));
    s.handle_timeout(t0 + IDLE);
    assert_eq!(
        indications(&mut s),
        [Indication::PAbort {
            dialogue: d,
            cause: ProviderAbort::IdleTimeout
        }]
    );
    assert_eq!(
        sent_one(&mut s, SSP),
        Message::p_abort(tid(0x0102_0304), PAbortCause::RESOURCE_LIMITATION)
    );
    assert!(s.is_empty());
    assert_eq!(s.poll_timeout(), None);
    let st = s.stats();
    assert_eq!(
        (st.idle_timeouts, st.p_aborts_sent.resource_limitation),
        (1, 1)
    );
}

#[test]
fn every_message_restarts_the_idle_timer() {
    let mut s = shard();
    let t0 = Instant::now();
    let d = active_initiator(&mut s, t0, 0x99);
    let half = IDLE / 2;
    // A Continue received at t0 + IDLE/2 and one sent at t0 + IDLE.
    feed(
        &mut s,
        t0 + half,
        SCP,
        &Message::Continue(Continue {
            otid: tid(0x99),
            dtid: d.transaction_id(),
            dialogue_portion: None,
            components: vec![],
        }),
    );
    indications(&mut s);
    s.handle_timeout(t0 + IDLE);
    assert_eq!(s.state(d), Some(DialogueState::Active));
    s.continue_dialogue(t0 + IDLE, d, vec![]).unwrap();
    transmits(&mut s);
    // The stale entry moves to the new deadline.
    assert_eq!(s.poll_timeout(), Some(t0 + IDLE + IDLE));
    s.handle_timeout(t0 + IDLE + IDLE);
    assert!(s.is_empty());
    assert_eq!(sent_one(&mut s, SCP).dtid(), Some(tid(0x99)));
}

#[test]
fn idle_timer_in_initiation_sent_sends_nothing() {
    let mut s = shard();
    let t0 = Instant::now();
    let (d, _) = initiator_dialogue(&mut s, t0);
    s.handle_timeout(t0 + IDLE);
    assert_eq!(
        indications(&mut s),
        [Indication::PAbort {
            dialogue: d,
            cause: ProviderAbort::IdleTimeout
        }]
    );
    nothing_sent(&mut s);
    // An idle-state dialogue is reclaimed the same way.
    let d = s.new_dialogue(t0, SCP, None).unwrap();
    s.handle_timeout(t0 + IDLE + IDLE);
    assert_eq!(s.state(d), None);
    nothing_sent(&mut s);
}

#[test]
fn invoke_timer_cancels_the_operation() {
    let mut s = shard();
    let t0 = Instant::now();
    let d = active_initiator(&mut s, t0, 0x99);
    let id = s
        .invoke(t0, d, request(47, OperationClass::Class1, 5))
        .unwrap();
    s.continue_dialogue(t0, d, vec![]).unwrap();
    transmits(&mut s);
    assert_eq!(s.poll_timeout(), Some(t0 + Duration::from_secs(5)));
    // TC-TIMER-RESET at t0 + 4 s: expires at t0 + 9 s, not at t0 + 5 s.
    s.reset_timer(t0 + Duration::from_secs(4), d, id, Duration::from_secs(5))
        .unwrap();
    s.handle_timeout(t0 + Duration::from_secs(5));
    assert!(indications(&mut s).is_empty());
    assert_eq!(s.poll_timeout(), Some(t0 + Duration::from_secs(9)));
    s.handle_timeout(t0 + Duration::from_secs(9));
    assert_eq!(
        indications(&mut s),
        [Indication::Cancel {
            dialogue: d,
            invoke_id: id
        }]
    );
    assert_eq!(s.state(d), Some(DialogueState::Active));
    assert_eq!(
        s.reset_timer(t0, d, id, Duration::from_secs(1)),
        Err(RequestError::UnknownInvokeId(id))
    );
    // A late result for the cancelled operation is rejected.
    feed(
        &mut s,
        t0 + Duration::from_secs(10),
        SCP,
        &Message::Continue(Continue {
            otid: tid(0x99),
            dtid: d.transaction_id(),
            dialogue_portion: None,
            components: vec![rr(id, true)],
        }),
    );
    assert!(matches!(
        indications(&mut s).as_slice(),
        [
            Indication::Continue { .. },
            Indication::LocalReject {
                problem: Problem::ReturnResult(ReturnResultProblem::UNRECOGNIZED_INVOKE_ID),
                ..
            }
        ]
    ));
    assert_eq!(s.stats().invoke_timeouts, 1);
}

#[test]
fn cancel_drops_an_unsent_invoke_and_its_timer() {
    let mut s = shard();
    let t0 = Instant::now();
    let d = s.new_dialogue(t0, SCP, Some(CS1)).unwrap();
    let a = s
        .invoke(t0, d, request(47, OperationClass::Class1, 5))
        .unwrap();
    let b = s
        .invoke(t0, d, request(48, OperationClass::Class1, 5))
        .unwrap();
    s.cancel(d, a).unwrap();
    assert_eq!(s.cancel(d, a), Err(RequestError::UnknownInvokeId(a)));
    s.begin(t0, d, vec![]).unwrap();
    let m = sent_one(&mut s, SCP);
    assert_eq!(m.components().len(), 1);
    assert_eq!(m.components()[0].invoke_id(), Some(b));
    s.handle_timeout(t0 + Duration::from_secs(5));
    assert_eq!(
        indications(&mut s),
        [Indication::Cancel {
            dialogue: d,
            invoke_id: b
        }]
    );
}

#[test]
fn invoke_ids_cycle_and_run_out() {
    let mut s = shard();
    let t0 = Instant::now();
    let d = s.new_dialogue(t0, SCP, None).unwrap();
    let mut ids = Vec::new();
    for _ in 0..256 {
        ids.push(
            s.invoke(t0, d, request(1, OperationClass::Class4, 5))
                .unwrap(),
        );
    }
    assert_eq!(ids[0], 1);
    assert_eq!(ids[126], 127);
    assert_eq!(ids[127], -128);
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 256);
    assert_eq!(
        s.invoke(t0, d, request(1, OperationClass::Class4, 5)),
        Err(RequestError::NoFreeInvokeId)
    );
    s.cancel(d, 7).unwrap();
    assert_eq!(
        s.invoke(t0, d, request(1, OperationClass::Class4, 5)),
        Ok(7)
    );
}

// ---- capacity ----

#[test]
fn full_table_refuses_begins_with_resource_limitation() {
    let mut s = Shard::new(Config {
        max_dialogues: 2,
        ..config()
    })
    .unwrap();
    let now = Instant::now();
    responder_dialogue(&mut s, now, vec![]);
    let d = s.new_dialogue(now, SCP, None).unwrap();
    assert_eq!(s.len(), 2);
    feed(
        &mut s,
        now,
        SSP,
        &begin_from(0x0e, Some(CS1), vec![invoke(1, 0)]),
    );
    assert_eq!(
        sent_one(&mut s, SSP),
        Message::p_abort(tid(0x0e), PAbortCause::RESOURCE_LIMITATION)
    );
    assert!(indications(&mut s).is_empty());
    assert_eq!(
        s.new_dialogue(now, SCP, None),
        Err(RequestError::ResourceLimitation)
    );
    // Room again once one ends.
    s.u_abort(now, d, UserAbort::UserSpecific(None)).unwrap();
    responder_dialogue(&mut s, now, vec![]);
    let st = s.stats();
    assert_eq!(
        (st.capacity_refusals, st.p_aborts_sent.resource_limitation),
        (1, 1)
    );
    assert_eq!((st.dialogues, st.dialogues_peak), (2, 2));
}

#[test]
fn bad_configs_are_refused() {
    let bad = |c: Config| Shard::<Peer>::new(c).unwrap_err();
    assert_eq!(
        bad(Config {
            shards: 0,
            ..config()
        }),
        tcap::ConfigError::Shard {
            shard: 0,
            shards: 0
        }
    );
    assert_eq!(
        bad(Config {
            shard: 4,
            shards: 4,
            ..config()
        }),
        tcap::ConfigError::Shard {
            shard: 4,
            shards: 4
        }
    );
    assert!(matches!(
        bad(Config {
            max_dialogues: 0,
            ..config()
        }),
        tcap::ConfigError::MaxDialogues { .. }
    ));
}

// ---- transaction ids and routing ----

#[test]
fn transaction_ids_carry_the_shard_and_are_not_reused_soon() {
    let now = Instant::now();
    for shard in 0..3 {
        let mut s: Shard<Peer> = Shard::new(Config {
            shard,
            shards: 3,
            first_tid: 1000,
            ..config()
        })
        .unwrap();
        let mut seen = std::collections::HashSet::new();
        for _ in 0..50 {
            let d = s.new_dialogue(now, SCP, None).unwrap();
            assert_eq!(d.shard(3), shard);
            assert_eq!(shard_of(d.transaction_id(), 3), shard);
            assert_eq!(d.transaction_id().as_bytes().len(), 4);
            assert!(seen.insert(d), "{d} reused");
            // Released at once: the next dialogue still gets a fresh id.
            s.end(now, d, Termination::Prearranged, vec![]).unwrap();
        }
        // The seed sets where the counter starts.
        assert!(seen.contains(&DialogueId::from_transaction_id(tid(1000 * 3 + shard)).unwrap()));
    }
    // The counter wraps around, skipping ids still in use.
    let mut s: Shard<Peer> = Shard::new(Config {
        first_tid: u32::MAX,
        ..config()
    })
    .unwrap();
    let last = s.new_dialogue(now, SCP, None).unwrap();
    assert_eq!(last.transaction_id(), tid(u32::MAX));
    let first = s.new_dialogue(now, SCP, None).unwrap();
    assert_eq!(first.transaction_id(), tid(0));
    assert_eq!(shard_of(tid(5), 0), 0);
}

#[test]
fn peek_dtid_reads_continue_end_and_abort() {
    let ours = tid(0x0a0b_0c0d);
    let with = [
        Message::Continue(Continue {
            otid: tid(1),
            dtid: ours,
            dialogue_portion: None,
            components: vec![invoke(1, 24)],
        }),
        Message::end_accepted(ours, CS1, vec![invoke(1, 20)]),
        Message::p_abort(ours, PAbortCause::RESOURCE_LIMITATION),
        Message::u_abort(ours, abrt(AbrtSource::DIALOGUE_SERVICE_USER)),
    ];
    for m in &with {
        assert_eq!(peek_dtid(&m.to_vec()), Some(ours), "{m}");
    }
    assert_eq!(peek_dtid(&begin_from(5, Some(CS1), vec![]).to_vec()), None);
    assert_eq!(peek_dtid(&common::idp_begin()), None);
    for garbage in [
        &[][..],
        &[0x65],
        &[0x65, 0x80],
        &[0x65, 0x03, 0x49, 0x05, 1],
        &[0x48, 0x01, 0x01],
    ] {
        assert_eq!(peek_dtid(garbage), None, "{garbage:02x?}");
    }
    // The dtid of a truncated Continue is still read (for routing; the shard then answers it).
    let v = with[0].to_vec();
    assert_eq!(peek_dtid(&v[..14]), Some(ours));
}

proptest! {
    #[test]
    fn peek_dtid_never_panics(data in proptest::collection::vec(any::<u8>(), 0..64)) {
        let peeked = peek_dtid(&data);
        // When the whole message decodes, peek agrees with it.
        if let Ok(m) = Message::decode(&Bytes::from(data)) {
            prop_assert_eq!(peeked, m.dtid());
        }
    }

    #[test]
    fn peek_dtid_agrees_with_decode(otid in any::<u32>(), dtid in any::<u32>(), kind in 0u8..3) {
        let m = match kind {
            0 => Message::Continue(Continue {
                otid: tid(otid),
                dtid: tid(dtid),
                dialogue_portion: None,
                components: vec![],
            }),
            1 => Message::end_accepted(tid(dtid), CS1, vec![]),
            _ => Message::p_abort(tid(dtid), PAbortCause::INCORRECT_TRANSACTION_PORTION),
        };
        prop_assert_eq!(peek_dtid(&m.to_vec()), Some(tid(dtid)));
    }

    #[test]
    fn shard_never_panics_on_any_input(data in proptest::collection::vec(any::<u8>(), 0..96)) {
        let mut s = shard();
        let now = Instant::now();
        let d = active_initiator(&mut s, now, 0x99);
        // The random bytes, then the same with our dtid spliced in where a Continue has it.
        s.handle_message(now, SCP, &Bytes::from(data.clone()));
        let mut targeted = data;
        if targeted.len() >= 12 {
            targeted[0] = 0x65;
            targeted[2..8].copy_from_slice(&[0x48, 0x04, 0, 0, 0, 0x99]);
            targeted[8..10].copy_from_slice(&[0x49, 0x04]);
            targeted[10..12].copy_from_slice(&d.transaction_id().as_bytes()[..2]);
        }
        s.handle_message(now, SCP, &Bytes::from(targeted));
        s.handle_timeout(now + IDLE);
        prop_assert!(s.is_empty());
    }
}

// ---- two shards through encoded bytes ----

#[test]
fn initiator_and_responder_shards_talk_through_bytes() {
    const SHARDS: u32 = 2;
    let t0 = Instant::now();
    let mut ssp: Shard<Peer> = Shard::new(Config {
        shard: 1,
        shards: SHARDS,
        ..config()
    })
    .unwrap();
    let mut scp: Shard<Peer> = Shard::new(Config {
        shard: 0,
        shards: SHARDS,
        ..config()
    })
    .unwrap();
    // Carries every pending message from one shard to the other as bytes, checking the routing.
    fn carry(
        from: &mut Shard<Peer>,
        to: &mut Shard<Peer>,
        to_index: u32,
        from_addr: Peer,
        now: Instant,
    ) -> usize {
        let mut n = 0;
        let mut buf = Vec::with_capacity(256);
        while let Some(t) = from.poll_transmit() {
            buf.clear();
            t.message.encode(&mut buf);
            let bytes = Bytes::copy_from_slice(&buf);
            if let Some(dtid) = peek_dtid(&bytes) {
                assert_eq!(shard_of(dtid, SHARDS), to_index);
            }
            to.handle_message(now, from_addr, &bytes);
            from.recycle(t.message.into_components());
            n += 1;
        }
        n
    }
    // SSP: InitialDP in a Begin, class 2 (failure only).
    let d = ssp.new_dialogue(t0, SCP, Some(CS1)).unwrap();
    let idp = ssp
        .invoke(t0, d, request(0, OperationClass::Class2, 10))
        .unwrap();
    ssp.begin(t0, d, vec![]).unwrap();
    assert_eq!(carry(&mut ssp, &mut scp, 0, SSP, t0), 1);
    let Some(Indication::Begin {
        dialogue: sd,
        peer,
        application_context: Some(CS1),
        components,
    }) = scp.poll_indication()
    else {
        panic!()
    };
    assert_eq!(peer, SSP);
    assert_eq!(components, [invoke(idp, 0)]);
    // SCP: RequestReportBCSMEvent (class 2) and a PromptAndCollect (class 1) in a Continue.
    let rrb = scp
        .invoke(t0, sd, request(23, OperationClass::Class2, 10))
        .unwrap();
    let pac = scp
        .invoke(t0, sd, request(48, OperationClass::Class1, 10))
        .unwrap();
    scp.continue_dialogue(t0, sd, components).unwrap();
    assert_eq!(carry(&mut scp, &mut ssp, 1, SCP, t0), 1);
    let Some(Indication::Continue {
        dialogue,
        application_context: Some(CS1),
        components,
        ..
    }) = ssp.poll_indication()
    else {
        panic!()
    };
    assert_eq!(dialogue, d);
    assert_eq!(components.len(), 3, "the echoed IDP, RRB and PAC");
    assert_eq!(ssp.state(d), Some(DialogueState::Active));
    assert_eq!(scp.state(sd), Some(DialogueState::Active));
    // SSP: the PromptAndCollect's result.
    let t1 = t0 + Duration::from_secs(1);
    ssp.continue_dialogue(t1, d, vec![rr(pac, true)]).unwrap();
    carry(&mut ssp, &mut scp, 0, SSP, t1);
    let Some(Indication::Continue { components, .. }) = scp.poll_indication() else {
        panic!()
    };
    assert_eq!(components, [rr(pac, true)]);
    assert_eq!(
        scp.poll_indication(),
        None,
        "no Reject: the result was expected"
    );
    // SCP: Connect, End.
    scp.end(t1, sd, Termination::Basic, vec![invoke(3, 20)])
        .unwrap();
    carry(&mut scp, &mut ssp, 1, SCP, t1);
    let Some(Indication::End { components, .. }) = ssp.poll_indication() else {
        panic!()
    };
    assert_eq!(components, [invoke(3, 20)]);
    assert!(ssp.is_empty() && scp.is_empty());
    // The class 2 operations never fire after the dialogue ended.
    ssp.handle_timeout(t0 + Duration::from_secs(100));
    scp.handle_timeout(t0 + Duration::from_secs(100));
    assert_eq!(ssp.poll_indication(), None);
    assert_eq!(scp.poll_indication(), None);
    assert_eq!(rrb, 1);
    let (a, b) = (ssp.stats(), scp.stats());
    assert_eq!(
        (
            a.begins_sent,
            a.continues_received,
            a.continues_sent,
            a.ends_received
        ),
        (1, 1, 1, 1)
    );
    assert_eq!(
        (
            b.begins_received,
            b.continues_sent,
            b.continues_received,
            b.ends_sent
        ),
        (1, 1, 1, 1)
    );
    assert_eq!(a.rejects.total() + b.rejects.total(), 0);
}

#[test]
fn every_prefix_and_corruption_of_the_vectors_is_survived() {
    // The InitialDP Begin and an answer addressed to a live dialogue: each cut short at every
    // length and each with every single octet replaced by three values, into one shard that keeps
    // a dialogue in each state. No panic, and the shard stays consistent.
    let now = Instant::now();
    let mut s = shard();
    let active = active_initiator(&mut s, now, 0x99);
    let (sent_begin, _) = initiator_dialogue(&mut s, now);
    let continue_active = Message::Continue(Continue {
        otid: tid(0x99),
        dtid: active.transaction_id(),
        dialogue_portion: None,
        components: vec![invoke(1, 24), rr(1, true)],
    })
    .to_vec();
    let end_is =
        Message::end_accepted(sent_begin.transaction_id(), CS1, vec![invoke(1, 20)]).to_vec();
    for v in [common::idp_begin().to_vec(), continue_active, end_is] {
        let mut inputs = Vec::new();
        for n in 0..v.len() {
            inputs.push(v[..n].to_vec());
        }
        for i in 0..v.len() {
            for b in [0x00, 0x80, 0xff] {
                let mut c = v.clone();
                c[i] = b;
                inputs.push(c);
            }
        }
        for input in inputs {
            s.handle_message(now, SSP, &Bytes::from(input));
            while let Some(t) = s.poll_transmit() {
                // Whatever is sent encodes and decodes back.
                assert_eq!(Message::decode(&t.message.to_bytes()).unwrap(), t.message);
            }
            while s.poll_indication().is_some() {}
        }
    }
    assert!(s.len() <= s.stats().dialogues_peak);
    s.handle_timeout(now + IDLE);
    assert!(s.is_empty());
}
