//! Truncation and corruption sweeps over the vectors: every proper prefix is refused, and every
//! single-octet corruption decodes or fails without a panic; whatever decodes re-encodes to a
//! message that decodes to the same thing, and whatever fails yields a consequence.

mod common;

use bytes::Bytes;
use hex_literal::hex;
use tcap::Message;

/// The two vectors and a Continue holding every component type.
fn samples() -> Vec<Bytes> {
    vec![
        common::idp_begin(),
        common::connect_end(),
        Bytes::from_static(&hex!(
            "65 6a 48 04 01 02 03 04 49 04 0a 0b 0c 0d 6c 5c a1 0e 02 01 02 80 01 01 02 01 17 30"
            "03 80 01 05 a1 08 02 01 03 06 03 2a 03 04 a2 0b 02 01 04 30 06 02 01 2d 04 01 ff a2"
            "03 02 01 05 a3 08 02 01 06 02 01 07 05 00 a3 08 02 01 07 06 03 2a 03 05 a4 06 02 01"
            "08 81 01 01 a4 05 05 00 80 01 02 a7 0b 02 01 f7 30 06 02 01 2d 04 01 ff"
        )),
        // Abort with an AARE refusing the dialogue, in indefinite-length form.
        Bytes::from_static(&hex!(
            "67 80 49 04 0a 0b 0c 0d 6b 80 28 80 06 07 00 11 86 05 01 01 01 a0 80 61 80 80 02 07"
            "80 a1 80 06 07 04 00 01 01 01 00 00 00 00 a2 80 02 01 01 00 00 a3 80 a1 80 02 01 02"
            "00 00 00 00 00 00 00 00 00 00 00 00 00 00"
        )),
    ]
}

/// Exercises everything a caller does with a result.
fn exercise(data: &Bytes) -> bool {
    match Message::decode(data) {
        Ok(m) => {
            let again =
                Message::decode(&m.to_bytes()).expect("a decoded message re-encodes validly");
            assert_eq!(again, m);
            let _ = m.to_string();
            true
        }
        Err(e) => {
            assert!(e.offset() <= data.len(), "{e} beyond {} octets", data.len());
            let c = e.consequence();
            let _ = (c.abort_message(), c.reject_component(), e.to_string());
            if let Some(abort) = c.abort_message() {
                // The answer is itself a valid message.
                assert_eq!(Message::decode(&abort.to_bytes()).unwrap(), abort);
            }
            false
        }
    }
}

#[test]
fn every_truncation_is_refused() {
    for sample in samples() {
        assert!(exercise(&sample));
        for len in 0..sample.len() {
            let prefix = sample.slice(..len);
            assert!(
                !exercise(&prefix),
                "a {len}-octet prefix of {sample:02x?} decoded"
            );
        }
    }
}

#[test]
fn every_single_octet_corruption_is_survived() {
    for sample in samples() {
        let mut decoded = 0;
        for at in 0..sample.len() {
            for value in 0..=255u8 {
                let mut v = sample.to_vec();
                v[at] = value;
                decoded += usize::from(exercise(&Bytes::from(v)));
            }
        }
        // Not everything can fail: changing a parameter octet leaves a valid message.
        assert!(decoded > sample.len(), "only {decoded} corruptions decoded");
    }
}

#[test]
fn appended_octets_are_refused() {
    for sample in samples() {
        for extra in [&[0x00][..], &[0x00, 0x00], &[0xff; 5]] {
            let mut v = sample.to_vec();
            v.extend_from_slice(extra);
            assert!(!exercise(&Bytes::from(v)));
        }
    }
}

#[test]
fn hostile_nesting_is_bounded() {
    // Begin { otid, components { Invoke { id, op, parameter: 10 000 nested indefinite SEQUENCEs } } }
    let mut v = hex!("62 80 48 04 01 02 03 04 6c 80 a1 80 02 01 01 02 01 00").to_vec();
    for _ in 0..10_000 {
        v.extend_from_slice(&[0x30, 0x80]);
    }
    assert!(!exercise(&Bytes::from(v)));
}
