//! The whole stack as the trace tool runs it: one M3UA message through M3UA, SCCP, TCAP and
//! INAP, then rendered as text and JSON (masked and revealed).
//!
//! Invariants: nothing panics; a reported `LayerError` offset, counted from the first octet of
//! the M3UA message, lies within the input: ≤ its length, not < — a truncation error names
//! the octet where the missing field would start (`sccp::DecodeError::Truncated`: "Where the
//! missing field starts"), which is just past the last octet when the layer's data ends the
//! input. Found by this target with `< len`, e.g. the 28-octet M3UA DATA
//! `010001010000001c0210001400000003000000020302000509810305` (a UDT cut after its pointers)
//! reports "SCCP error at octet 28".
#![no_main]

use bytes::Bytes;
use libfuzzer_sys::fuzz_target;
use testbed::trace::Trace;

fuzz_target!(|data: &[u8]| {
    let trace = Trace::decode(Bytes::copy_from_slice(data));
    if let Some(error) = &trace.error
        && let Some(offset) = error.offset
    {
        assert!(
            offset <= data.len(),
            "{} error offset {offset} is past the end of the {}-octet input: {error}",
            error.layer,
            data.len()
        );
    }
    for reveal in [false, true] {
        let _ = trace.to_text(reveal);
        let _ = trace.to_json(reveal).to_string();
    }
});
