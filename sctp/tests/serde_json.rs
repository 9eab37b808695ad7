//! The `serde` feature: packets serialize to JSON with byte payloads as lowercase hex.
#![cfg(feature = "serde")]

use bytes::Bytes;
use sctp::{Chunk, CommonHeader, Data, ErrorCause, Packet, Ppid};

#[test]
fn packet_to_json() {
    let p = Packet {
        header: CommonHeader {
            source_port: 2905,
            destination_port: 2906,
            verification_tag: 7,
        },
        chunks: vec![
            Chunk::Data(Data {
                unordered: false,
                beginning: true,
                ending: true,
                immediate: false,
                tsn: 1,
                stream_id: 2,
                ssn: 3,
                ppid: Ppid::M3UA,
                data: Bytes::from_static(&[0xde, 0xad]),
            }),
            Chunk::Abort {
                t_bit: true,
                causes: vec![ErrorCause::stale_cookie(16)],
            },
        ],
    };
    let json = serde_json::to_value(&p).unwrap();
    assert_eq!(json["header"]["source_port"], 2905);
    assert_eq!(json["chunks"][0]["data"]["data"], "dead");
    assert_eq!(json["chunks"][0]["data"]["ppid"], 3);
    assert_eq!(json["chunks"][1]["abort"]["t_bit"], true);
    assert_eq!(json["chunks"][1]["abort"]["causes"][0]["code"], 3);
    assert_eq!(json["chunks"][1]["abort"]["causes"][0]["info"], "00000010");
}
