//! With the `serde` feature, arguments serialize to JSON with readable names and byte payloads as
//! lowercase hex.
#![cfg(feature = "serde")]

use inap::operations::{Argument, Opcode};

#[test]
fn initial_dp_as_json() {
    let m3ua = hex::decode(include_str!("data/idp_begin_m3ua.hex").trim()).unwrap();
    let mut p = m3ua[m3ua.len() - 31..].to_vec();
    // Add a forwardCallIndicators [26] member to see an opaque OCTET STRING.
    p.extend([0x9a, 0x02, 0x60, 0x01]);
    p[1] += 4;
    let arg = Argument::decode(Opcode::INITIAL_DP, Some(&p)).unwrap();
    let json = serde_json::to_value(&arg).unwrap();
    let idp = &json["initial_dp"];
    assert_eq!(idp["service_key"], 100);
    assert_eq!(idp["event_type_bcsm"], 2);
    assert_eq!(idp["forward_call_indicators"], "6001");
    assert_eq!(idp["dialled_digits"], serde_json::Value::Null);
    assert!(idp["called_party_number"].is_object(), "{idp}");
}
