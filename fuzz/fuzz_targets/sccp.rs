//! SCCP connectionless codec: decode, encode, decode again.
//!
//! Invariants (sccp `lib.rs`: spare bits and BCD fillers are sent as zero, unreferenced octets
//! are ignored, the encoder writes the canonical layout — so the input itself is not the
//! reference):
//! - decoding never panics; an error's `offset()` lies within the input (≤ its length: a
//!   truncation points just past the end) and `return_cause()` does not panic;
//! - a decoded message encodes, except for `EncodeError::PointerOverflow`, which the crate
//!   documents ("a pointer past 255"): parts the input placed out of order can need a larger
//!   pointer in the canonical layout;
//! - `encoded_len()` agrees with the encoding; the encoding decodes to a value equal to the
//!   first decode and re-encodes to identical octets.
#![no_main]

use bytes::Bytes;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = Bytes::copy_from_slice(data);
    let first = match sccp::Message::decode(&input) {
        Ok(m) => m,
        Err(e) => {
            assert!(
                e.offset() <= data.len(),
                "error offset {} past the {}-octet input: {e}",
                e.offset(),
                data.len()
            );
            let _ = e.return_cause();
            let _ = e.to_string();
            return;
        }
    };
    let _ = first.to_string();
    let _ = first.segmentation();

    let encoded = match first.to_bytes() {
        Ok(b) => b,
        Err(sccp::EncodeError::PointerOverflow { .. }) => return,
        Err(e) => panic!("decoded message does not encode: {e}\n{first:?}"),
    };
    assert_eq!(
        first.encoded_len(),
        Ok(encoded.len()),
        "encoded_len disagrees"
    );

    let second = sccp::Message::decode(&encoded)
        .unwrap_or_else(|e| panic!("re-decode of our own encoding failed: {e}\n{first:?}"));
    assert_eq!(second, first, "decode(encode(m)) != m");
    let reencoded = second.to_bytes().expect("second encode");
    assert_eq!(reencoded, encoded, "re-encode differs");
});
