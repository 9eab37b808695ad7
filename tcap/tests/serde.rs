//! The `serde` feature: messages serialize to readable JSON, byte strings as hex, code points by
//! name.
#![cfg(feature = "serde")]

mod common;

use tcap::{Message, PAbortCause, TransactionId};

#[test]
fn initial_dp_begin_as_json() {
    let m = Message::decode(&common::idp_begin()).unwrap();
    let json = serde_json::to_value(&m).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "begin": {
                "otid": "01020304",
                "dialogue_portion": {
                    "aarq": {
                        "protocol_version": "1",
                        "application_context_name": "0.4.0.1.1.1.0.0",
                        "user_information": null
                    }
                },
                "components": [{
                    "invoke": {
                        "invoke_id": 1,
                        "linked_id": null,
                        "op_code": { "local": 0 },
                        "parameter": "301d800164820803105040214365878308831110103254760885010a9c0102"
                    }
                }]
            }
        })
    );
}

#[test]
fn code_points_by_name() {
    let m = Message::p_abort(
        TransactionId::new(&[0xab]).unwrap(),
        PAbortCause::UNRECOGNIZED_TRANSACTION_ID,
    );
    assert_eq!(
        serde_json::to_string(&m).unwrap(),
        r#"{"abort":{"dtid":"ab","reason":{"p_abort":"unrecognizedTransactionID"}}}"#
    );
    let unknown = Message::p_abort(TransactionId::new(&[0xab]).unwrap(), PAbortCause(42));
    assert_eq!(
        serde_json::to_string(&unknown).unwrap(),
        r#"{"abort":{"dtid":"ab","reason":{"p_abort":42}}}"#
    );
}

#[test]
fn dialogue_layer_indications_and_stats_as_json() {
    use std::time::Instant;
    use tcap::tsm::{Config, Shard};
    let mut s: Shard<u8> = Shard::new(Config::new(vec![common::CS1])).unwrap();
    s.handle_message(Instant::now(), 7, &common::idp_begin());
    let ind = s.poll_indication().unwrap();
    let json = serde_json::to_value(&ind).unwrap();
    assert_eq!(json["begin"]["dialogue"], "00000000");
    assert_eq!(json["begin"]["peer"], 7);
    assert_eq!(json["begin"]["application_context"], "0.4.0.1.1.1.0.0");
    assert_eq!(json["begin"]["components"][0]["invoke"]["invoke_id"], 1);
    let stats = serde_json::to_value(s.stats()).unwrap();
    assert_eq!(stats["begins_received"], 1);
    assert_eq!(stats["dialogues"], 1);
    assert_eq!(stats["p_aborts_sent"]["resource_limitation"], 0);
    assert_eq!(stats["rejects"]["general"], serde_json::json!([0, 0, 0]));
}
