//! M3UA codec: decode, encode, decode again.
//!
//! Invariants (m3ua `lib.rs` "Round trips": reserved octets, reserved bits and padding are
//! re-encoded as zeros, so the input itself is not the reference):
//! - decoding never panics;
//! - a decoded message encodes (`to_bytes` is `Ok`: a decoded message is at most
//!   `MAX_MESSAGE_LENGTH` octets, so none of the documented `EncodeError`s applies), and the
//!   encoding is `encoded_len()` octets long;
//! - the encoding decodes, as exactly one message, to a value equal to the first decode, and
//!   re-encodes to identical octets: `encode(decode(x)) == encode(decode(encode(decode(x))))`.
#![no_main]

use bytes::Bytes;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut buf = Bytes::copy_from_slice(data);
    let Ok(first) = m3ua::Message::decode(&mut buf) else {
        return;
    };
    // `decode` consumes exactly one message.
    assert!(buf.len() < data.len(), "decode consumed nothing");
    let _ = first.to_string();

    let encoded = first
        .to_bytes()
        .unwrap_or_else(|e| panic!("decoded message does not encode: {e}\n{first:?}"));
    assert_eq!(encoded.len(), first.encoded_len(), "encoded_len disagrees");
    assert_eq!(
        m3ua::message_length(&encoded),
        Ok(Some(encoded.len())),
        "message_length"
    );

    let mut again = encoded.clone();
    let second = m3ua::Message::decode(&mut again)
        .unwrap_or_else(|e| panic!("re-decode of our own encoding failed: {e}\n{first:?}"));
    assert!(again.is_empty(), "re-decode left {} octets", again.len());
    assert_eq!(second, first, "decode(encode(m)) != m");
    let reencoded = second.to_bytes().expect("second encode");
    assert_eq!(reencoded, encoded, "re-encode differs");
});
