//! tshark reads the answers the dialogue layer (`tcap::tsm`) makes on its own — P-Aborts, AARE
//! refusals, ABRTs from the provider, Rejects — as Q.773 encodes them: every frame clean, and the
//! cause and diagnostic fields as intended. Each message is taken from a shard's `poll_transmit`
//! after the input that provokes it, and wrapped in the vector's M3UA DATA and SCCP UDT (SSN 241,
//! so the components are dissected as INAP).

mod common;

use std::time::{Duration, Instant};

use bytes::Bytes;
use common::CS1;
use tcap::ber::Oid;
use tcap::tsm::{Config, Indication, Shard, Termination, UserAbort};
use tcap::{
    Aarq, Begin, Code, Component, Continue, DialoguePortion, Invoke, Message, OperationResult,
    ProtocolVersion, ReturnResult, TransactionId,
};

type Peer = u8;

fn tid(v: u32) -> TransactionId {
    TransactionId::from_u32(v)
}

fn shard(max_dialogues: usize) -> Shard<Peer> {
    Shard::new(Config {
        max_dialogues,
        idle_timeout: Duration::from_secs(30),
        ..Config::new(vec![CS1])
    })
    .unwrap()
}

fn feed(s: &mut Shard<Peer>, now: Instant, raw: &[u8]) {
    s.handle_message(now, 1, &Bytes::copy_from_slice(raw));
}

/// The one message the shard has to send.
#[track_caller]
fn sent(s: &mut Shard<Peer>) -> Message {
    let t = s.poll_transmit().expect("a message to send");
    assert!(s.poll_transmit().is_none());
    t.message
}

/// INAP CS-1 operation 31 (Continue), which takes no argument.
fn continue_op(id: i8) -> Component {
    Component::Invoke(Invoke::new(id, Code::Local(31), None))
}

/// One message of each kind the layer makes itself, with what tshark must read in it: p-abortCause,
/// result, dialogue-service-user, dialogue-service-provider, abort-source.
fn frames() -> Vec<(Message, [&'static str; 5])> {
    let now = Instant::now();
    let mut out = Vec::new();

    // 1. Continue for an unknown transaction: P-Abort unrecognizedTransactionID (1).
    let mut s = shard(10);
    let c = Message::Continue(Continue {
        otid: tid(0x1111_0001),
        dtid: tid(0x0bad_0bad),
        dialogue_portion: None,
        components: vec![continue_op(1)],
    });
    feed(&mut s, now, &c.to_vec());
    out.push((sent(&mut s), ["1", "", "", "", ""]));

    // 2. Begin when the table is full: P-Abort resourceLimitation (4).
    let mut full = shard(1);
    full.new_dialogue(now, 2, None).unwrap();
    feed(
        &mut full,
        now,
        &Message::begin(tid(0x1111_0002), Some(CS1), vec![]).to_vec(),
    );
    out.push((sent(&mut full), ["4", "", "", "", ""]));

    // 3. Begin with an unsupported context: AARE reject-permanent (1), user diagnostic
    //    application-context-name-not-supported (2).
    let other = Oid::from_arcs(&[0, 4, 0, 1, 1, 1, 0, 99]);
    feed(
        &mut s,
        now,
        &Message::begin(tid(0x1111_0003), Some(other), vec![]).to_vec(),
    );
    out.push((sent(&mut s), ["", "1", "2", "", ""]));

    // 4. Begin without protocol version 1: AARE reject-permanent, provider diagnostic
    //    no-common-dialogue-portion (2).
    let m = Message::Begin(Begin {
        otid: tid(0x1111_0004),
        dialogue_portion: Some(DialoguePortion::Aarq(Aarq {
            protocol_version: ProtocolVersion::from_bit_string(6, &[0x40]),
            ..Aarq::new(CS1)
        })),
        components: vec![],
    });
    feed(&mut s, now, &m.to_vec());
    out.push((sent(&mut s), ["", "1", "", "2", ""]));

    // 5. Begin with a broken dialogue portion: ABRT, abort-source dialogue-service-provider (1).
    feed(
        &mut s,
        now,
        &[
            0x62, 0x0a, 0x48, 0x04, 0x11, 0x11, 0x00, 0x05, 0x6b, 0x02, 0x28, 0x00,
        ],
    );
    out.push((sent(&mut s), ["", "", "", "", "1"]));

    // 6. Begin with an unknown transaction-portion element: P-Abort incorrectTransactionPortion (3).
    feed(
        &mut s,
        now,
        &[0x62, 0x08, 0x48, 0x04, 0x11, 0x11, 0x00, 0x06, 0x99, 0x00],
    );
    out.push((sent(&mut s), ["3", "", "", "", ""]));

    // 7. A Begin whose second component is unrecognized: the answer (End, AARE accepted) carries
    //    the Reject (general problem unrecognizedComponent) before the user's Continue operation.
    let mut raw = vec![0x62, 0x00, 0x48, 0x04, 0x11, 0x11, 0x00, 0x07];
    let aarq = Message::begin(tid(1), Some(CS1), vec![]).to_vec();
    raw.extend_from_slice(&aarq[8..]);
    raw.extend_from_slice(&[
        0x6c, 0x0d, 0xa1, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x1f, 0xa9, 0x03, 0x02, 0x01, 0x05,
    ]);
    raw[1] = u8::try_from(raw.len() - 2).unwrap();
    feed(&mut s, now, &raw);
    let Some(Indication::Begin { dialogue, .. }) = s.poll_indication() else {
        panic!("the Begin is accepted")
    };
    assert!(matches!(
        s.poll_indication(),
        Some(Indication::LocalReject {
            invoke_id: Some(5),
            ..
        })
    ));
    s.end(now, dialogue, Termination::Basic, vec![continue_op(2)])
        .unwrap();
    out.push((sent(&mut s), ["", "0", "0", "", ""]));

    // 8. A first Continue (AARE accepted) answering a Begin whose ReturnResult names no
    //    operation: Reject returnResult unrecognizedInvokeID.
    let rr = Component::ReturnResultLast(ReturnResult {
        invoke_id: 9,
        result: Some(OperationResult {
            op_code: Code::Local(48),
            parameter: Some(tcap::Parameter::from_vec(vec![0x80, 0x02, 0x12, 0x34]).unwrap()),
        }),
    });
    feed(
        &mut s,
        now,
        &Message::begin(tid(0x1111_0008), Some(CS1), vec![rr]).to_vec(),
    );
    let Some(Indication::Begin { dialogue, .. }) = s.poll_indication() else {
        panic!("the Begin is accepted")
    };
    assert!(matches!(
        s.poll_indication(),
        Some(Indication::LocalReject {
            invoke_id: Some(9),
            ..
        })
    ));
    s.continue_dialogue(now, dialogue, vec![]).unwrap();
    out.push((sent(&mut s), ["", "0", "0", "", ""]));

    // 9. The user aborts that dialogue: ABRT, abort-source dialogue-service-user (0).
    s.u_abort(now, dialogue, UserAbort::UserSpecific(None))
        .unwrap();
    out.push((sent(&mut s), ["", "", "", "", "0"]));

    // 10. The idle timer of an answered dialogue: P-Abort resourceLimitation.
    feed(
        &mut s,
        now,
        &Message::begin(tid(0x1111_000a), None, vec![continue_op(1)]).to_vec(),
    );
    let Some(Indication::Begin { dialogue, .. }) = s.poll_indication() else {
        panic!("the Begin is accepted")
    };
    s.continue_dialogue(now, dialogue, vec![]).unwrap();
    s.poll_transmit().unwrap();
    s.handle_timeout(now + Duration::from_secs(30));
    out.push((sent(&mut s), ["4", "", "", "", ""]));
    out
}

#[test]
fn tshark_reads_the_answers_of_the_dialogue_layer() {
    let frames = frames();
    let Some(tshark) = oracle::tshark() else {
        return;
    };
    let m3ua: Vec<Vec<u8>> = frames
        .iter()
        .map(|(m, _)| common::m3ua_data_to(&m.to_vec(), None))
        .collect();
    let dir = std::env::temp_dir().join(format!("tcap-tsm-tshark-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pcap = dir.join("tsm.pcap");
    oracle::write_pcap(&pcap, &m3ua).unwrap();
    tshark.check_clean(&pcap, &[]);
    let rows = tshark.fields(
        &pcap,
        &[
            "tcap.p_abortCause",
            "tcap.result",
            "tcap.dialogue_service_user",
            "tcap.dialogue_service_provider",
            "tcap.abort_source",
            "tcap.dtid",
        ],
        &[],
    );
    assert_eq!(rows.len(), frames.len());
    for (i, ((m, want), row)) in frames.iter().zip(&rows).enumerate() {
        assert_eq!(&row[..5], want.as_slice(), "frame {}: {m}", i + 1);
        // Every answer goes to the otid of what it answers.
        assert_eq!(
            row[5],
            m.dtid().unwrap().to_string(),
            "frame {}: {m}",
            i + 1
        );
    }
    // The Rejects: frame 7 general problem unrecognizedComponent (0) with invoke id 5, then the
    // Continue operation; frame 8 returnResult problem unrecognizedInvokeID (0) for invoke id 9.
    let rows = tshark.fields(
        &pcap,
        &["inap.present", "inap.general", "inap.returnResult"],
        &[],
    );
    assert_eq!(rows[6], ["5,2", "0", ""]);
    assert_eq!(rows[7], ["9", "", "0"]);
    let _ = std::fs::remove_dir_all(&dir);
}
