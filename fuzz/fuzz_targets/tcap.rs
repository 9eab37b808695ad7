//! TCAP codec: decode, encode, decode again; on error, the Q.774 consequence and its answer.
//!
//! Invariants (tcap `lib.rs`: decoding accepts indefinite and non-minimal lengths and over-long
//! INTEGERs, encoding writes minimal definite lengths, opaque values are written back as
//! received — so the input itself is not the reference):
//! - decoding never panics;
//! - on error, `offset()` lies within the input (≤ its length) and `consequence()`,
//!   `abort_message()`, `reject_component()` and `partial()` do not panic; an Abort built from
//!   the consequence encodes to a message that decodes back to itself;
//! - a decoded message's encoding decodes to a value equal to the first decode and re-encodes to
//!   identical octets.
#![no_main]

use bytes::Bytes;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = Bytes::copy_from_slice(data);
    let first = match tcap::Message::decode(&input) {
        Ok(m) => m,
        Err(e) => {
            assert!(
                e.offset() <= data.len(),
                "error offset {} past the {}-octet input: {e}",
                e.offset(),
                data.len()
            );
            let _ = e.to_string();
            if let Some(partial) = e.partial() {
                let _ = partial.to_bytes();
            }
            let consequence = e.consequence();
            let _ = consequence.reject_component();
            if let Some(abort) = consequence.abort_message() {
                let wire = abort.to_bytes();
                let back = tcap::Message::decode(&wire)
                    .unwrap_or_else(|e| panic!("our Abort does not decode: {e}\n{abort:?}"));
                assert_eq!(back, abort, "our Abort does not round-trip");
            }
            return;
        }
    };
    let _ = first.to_string();

    let encoded = first.to_bytes();
    let second = tcap::Message::decode(&encoded)
        .unwrap_or_else(|e| panic!("re-decode of our own encoding failed: {e}\n{first:?}"));
    assert_eq!(second, first, "decode(encode(m)) != m");
    let reencoded = second.to_bytes();
    assert_eq!(reencoded, encoded, "re-encode differs");
});
