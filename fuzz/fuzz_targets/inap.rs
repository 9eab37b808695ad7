//! INAP CS-1 codec: operation arguments, results, error parameters and the ISUP-format
//! parameters — decode, encode, decode again.
//!
//! Input: the first two octets are a big-endian `i16` used as the operation code (for
//! `Argument` and `ResultValue`) and as the error code (for `ErrorValue`): 0..=60 are the CS-1
//! range, everything else is unknown (negative codes included). The rest is the component
//! parameter, passed as `Some(rest)` (and also as `None` when it is empty, the "no parameter"
//! case). The rest is also decoded as the contents of every ISUP-format parameter type.
//!
//! Invariants (spare bits and fillers are re-encoded as zero, so the input itself is not the
//! reference; inap `isup` docs):
//! - nothing panics; an operation error's offset lies within the parameter (≤ its length), an
//!   ISUP error's offset names an octet of the parameter (< its length);
//! - a decoded value's opcode/code is the one it was decoded with;
//! - its encoding decodes to an equal value, which re-encodes to identical octets.
#![no_main]

use inap::errors::{ErrorCode, ErrorValue};
use inap::isup::{
    CalledPartyNumber, CallingPartyNumber, CallingPartysCategory, Cause, GenericNumber, IsupError,
    IsupParameter, LocationNumber, OriginalCalledPartyId, RedirectingPartyId,
    RedirectionInformation,
};
use inap::operations::{Argument, Opcode, ResultValue};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&[hi, lo], rest)) = data.split_first_chunk::<2>() else {
        return;
    };
    let code = i64::from(i16::from_be_bytes([hi, lo]));

    operations(code, Some(rest));
    if rest.is_empty() {
        operations(code, None);
    }

    isup::<CalledPartyNumber>(rest);
    isup::<CallingPartyNumber>(rest);
    isup::<CallingPartysCategory>(rest);
    isup::<Cause>(rest);
    isup::<GenericNumber>(rest);
    isup::<LocationNumber>(rest);
    isup::<OriginalCalledPartyId>(rest);
    isup::<RedirectingPartyId>(rest);
    isup::<RedirectionInformation>(rest);
});

fn operations(code: i64, param: Option<&[u8]>) {
    let len = param.map_or(0, <[u8]>::len);
    let opcode = Opcode(code);

    match Argument::decode(opcode, param) {
        Ok(first) => {
            assert_eq!(first.opcode(), opcode, "Argument opcode");
            let _ = first.to_string();
            let encoded = first.encode();
            let second = Argument::decode(opcode, encoded.as_deref()).unwrap_or_else(|e| {
                panic!("Argument: re-decode of our own encoding failed: {e}\n{first:?}")
            });
            assert_eq!(second, first, "Argument: decode(encode(a)) != a");
            assert_eq!(second.encode(), encoded, "Argument: re-encode differs");
        }
        Err(e) => {
            check_offset("Argument", e.offset(), len, &e);
            let _ = (e.problem(), e.member());
        }
    }

    match ResultValue::decode(opcode, param) {
        Ok(first) => {
            assert_eq!(first.opcode(), opcode, "ResultValue opcode");
            let _ = first.to_string();
            let encoded = first.encode();
            let second = ResultValue::decode(opcode, encoded.as_deref()).unwrap_or_else(|e| {
                panic!("ResultValue: re-decode of our own encoding failed: {e}\n{first:?}")
            });
            assert_eq!(second, first, "ResultValue: decode(encode(r)) != r");
            assert_eq!(second.encode(), encoded, "ResultValue: re-encode differs");
        }
        Err(e) => {
            check_offset("ResultValue", e.offset(), len, &e);
            let _ = (e.problem(), e.member());
        }
    }

    let error_code = ErrorCode(code);
    match ErrorValue::decode(error_code, param) {
        Ok(first) => {
            assert_eq!(first.code(), error_code, "ErrorValue code");
            let _ = first.to_string();
            let encoded = first.encode();
            let second = ErrorValue::decode(error_code, encoded.as_deref()).unwrap_or_else(|e| {
                panic!("ErrorValue: re-decode of our own encoding failed: {e}\n{first:?}")
            });
            assert_eq!(second, first, "ErrorValue: decode(encode(e)) != e");
            assert_eq!(second.encode(), encoded, "ErrorValue: re-encode differs");
        }
        Err(e) => {
            let offset = match &e {
                inap::errors::ErrorParameterError::Mistyped { error, .. } => Some(error.offset),
                _ => None,
            };
            check_offset("ErrorValue", offset, len, &e);
            let _ = e.problem();
        }
    }
}

fn check_offset(what: &str, offset: Option<usize>, len: usize, e: &dyn std::fmt::Display) {
    let _ = e.to_string();
    if let Some(offset) = offset {
        assert!(
            offset <= len,
            "{what}: error offset {offset} past the {len}-octet parameter: {e}"
        );
    }
}

fn isup<T: IsupParameter + PartialEq + std::fmt::Debug>(octets: &[u8]) {
    let first = match T::decode(octets) {
        Ok(v) => v,
        Err(e) => {
            let _ = e.to_string();
            if let IsupError::InvalidField { offset, .. }
            | IsupError::InvalidAddressSignal { offset, .. } = e
            {
                assert!(
                    offset < octets.len(),
                    "{}: error offset {offset} not inside the {}-octet parameter: {e}",
                    std::any::type_name::<T>(),
                    octets.len()
                );
            }
            return;
        }
    };
    let name = std::any::type_name::<T>();
    let _ = format!("{first:?}");
    let encoded = first.to_vec();
    let second = T::decode(&encoded)
        .unwrap_or_else(|e| panic!("{name}: re-decode of our own encoding failed: {e}\n{first:?}"));
    assert_eq!(second, first, "{name}: decode(encode(p)) != p");
    assert_eq!(second.to_vec(), encoded, "{name}: re-encode differs");
}
