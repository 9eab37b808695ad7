//! Truncation and corruption sweep over the independent vectors' INAP parameters and their
//! answers: every prefix must be refused, and no single-octet change may panic. What still decodes
//! after a change must re-encode to octets that decode to the same value.

use inap::errors::{ErrorCode, ErrorValue};
use inap::operations::{Argument, Opcode, ResultValue};

fn vector(text: &str) -> Vec<u8> {
    hex::decode(text.trim()).expect("vector is hex")
}

/// (opcode, parameter) pairs: the two vectors' parameters and a few hand-made ones.
fn parameters() -> Vec<(Opcode, Vec<u8>)> {
    let idp = vector(include_str!("data/idp_begin_m3ua.hex"));
    let connect = vector(include_str!("data/connect_end_m3ua.hex"));
    vec![
        // InitialDP: the last 31 octets of the Begin.
        (Opcode::INITIAL_DP, idp[idp.len() - 31..].to_vec()),
        // Connect: the 24 octets before the three M3UA padding octets of the End.
        (
            Opcode::CONNECT,
            connect[connect.len() - 27..connect.len() - 3].to_vec(),
        ),
        (Opcode::RELEASE_CALL, hex::decode("04028090").unwrap()),
        (
            Opcode::REQUEST_REPORT_BCSM_EVENT,
            hex::decode("3017a0153006800107810101300b800106810100be0381011e").unwrap(),
        ),
        (
            Opcode::EVENT_REPORT_BCSM,
            hex::decode("3014800109a20aa708800280908102 0bb8a303810101".replace(' ', "")).unwrap(),
        ),
    ]
}

#[test]
fn every_prefix_is_refused() {
    for (op, p) in parameters() {
        Argument::decode(op, Some(&p)).unwrap_or_else(|e| panic!("{op}: {e}"));
        for n in 0..p.len() {
            assert!(
                Argument::decode(op, Some(&p[..n])).is_err(),
                "{op}: a {n}-octet prefix decoded"
            );
        }
    }
}

#[test]
fn no_single_octet_change_panics() {
    for (op, p) in parameters() {
        for i in 0..p.len() {
            for v in 0..=255u8 {
                let mut c = p.clone();
                c[i] = v;
                if let Ok(arg) = Argument::decode(op, Some(&c)) {
                    let again = arg.encode();
                    assert_eq!(Argument::decode(op, again.as_deref()), Ok(arg));
                }
                // The same octets read as a result or an error parameter must not panic either.
                let _ = ResultValue::decode(Opcode::PROMPT_AND_COLLECT_USER_INFORMATION, Some(&c));
                let _ = ErrorValue::decode(ErrorCode::CANCEL_FAILED, Some(&c));
            }
        }
    }
}

#[test]
fn every_opcode_on_every_vector_is_safe() {
    for (_, p) in parameters() {
        for op in -2..=60 {
            let op = Opcode(op);
            if let Ok(arg) = Argument::decode(op, Some(&p)) {
                assert_eq!(arg.opcode(), op);
            }
            let _ = Argument::decode(op, None);
        }
    }
}
