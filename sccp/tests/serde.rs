//! The `serde` feature: messages serialize to readable JSON with hex payloads.
#![cfg(feature = "serde")]

mod common;

use sccp::Message;

#[test]
fn idp_as_json() {
    let message = Message::decode(&common::idp_udt()).unwrap();
    let json = serde_json::to_value(&message).unwrap();
    assert_eq!(json["message_type"], "udt");
    assert_eq!(json["protocol_class"], 0x81);
    let called = &json["called_party"];
    assert_eq!(called["routing_indicator"], "global_title");
    assert_eq!(called["ssn"], 241);
    assert_eq!(called["point_code"], serde_json::Value::Null);
    let gt = &called["global_title"]["tt_np_es_nai"];
    assert_eq!(gt["translation_type"], 0);
    assert_eq!(gt["numbering_plan"], 1);
    assert_eq!(gt["nature_of_address"], 4);
    assert_eq!(gt["address"]["bcd"], "8250412345678");
    let data = json["data"].as_str().unwrap();
    assert!(data.starts_with("624f48"), "{data}");
    assert_eq!(data.len(), 2 * 81);
}
