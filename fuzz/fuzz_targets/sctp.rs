//! SCTP packet codec: decode (checksum not checked, so the chunk decoders are reached), encode,
//! decode again.
//!
//! Invariants: decoding never panics; a decoded packet encodes unless a documented
//! `EncodeError` applies; the encoding passes the checksum and decodes to the same packet.
#![no_main]

use bytes::Bytes;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(first) = sctp::Packet::decode_unverified(Bytes::copy_from_slice(data)) else {
        return;
    };
    let Ok(encoded) = first.to_vec() else {
        return;
    };
    let second = sctp::Packet::decode(Bytes::from(encoded.clone()))
        .unwrap_or_else(|e| panic!("our own encoding does not decode: {e}\n{first:?}"));
    assert_eq!(second, first, "decode(encode(p)) != p");
    assert_eq!(second.to_vec().expect("re-encode"), encoded, "re-encode differs");
});
