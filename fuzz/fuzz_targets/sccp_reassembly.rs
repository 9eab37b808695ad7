//! The SCCP XUDT reassembler (Q.714 §4.1.1.3) as a state machine under random operations.
//!
//! The input is a [`ReassemblyConfig`] (small limits, so they are reached) and a sequence of
//! operations on a virtual clock: feed an XUDT decoded from fuzzer octets, feed a built segment
//! (one of four calling addresses, one of four local references, any F/C bits, remaining
//! 0–15, 0–255 data octets), feed an unsegmented XUDT, advance the clock, call
//! `handle_timeout`.
//!
//! Invariants, checked after every operation:
//! - nothing panics;
//! - `buffered_bytes() ≤ max_buffered_bytes` and `partials() ≤ max_partials`;
//! - no partials ⇒ no bytes buffered and no timer (`poll_timeout()` is `None`);
//! - after `handle_timeout(now)` the timer, if any, is later than `now`;
//! - the statistics never go down;
//! - what is delivered is right: an unsegmented XUDT or a single first segment gives its own
//!   data; a last segment gives the data of the segments accepted for its key since the first
//!   segment, in order, followed by its own (checked against a shadow model).
#![no_main]

use std::collections::HashMap;
use std::time::{Duration, Instant};

use arbitrary::Arbitrary;
use bytes::Bytes;
use libfuzzer_sys::fuzz_target;
use sccp::{
    LocalReference, Reassembler, ReassemblyConfig, ReassemblyStats, SccpAddress, SegmentKey,
    Segmentation, SubsystemNumber, Xudt,
};

#[derive(Arbitrary, Debug)]
struct Input {
    t_reass_ms: u16,
    max_partials: u8,
    max_buffered_bytes: u16,
    ops: Vec<Op>,
}

#[derive(Arbitrary, Debug)]
enum Op {
    /// Decode these octets as an SCCP message; an XUDT goes to `handle_segment`.
    Decode(Vec<u8>),
    /// A built XUDT segment.
    Segment {
        calling: u8,
        reference: u8,
        first: bool,
        class1: bool,
        remaining: u8,
        len: u8,
    },
    /// A built XUDT without segmentation parameter.
    Unsegmented { calling: u8, len: u8 },
    /// Advance the virtual clock by this many milliseconds.
    Advance(u16),
    /// The T(reass) timer fired.
    Timeout,
}

const CALLING: [&str; 4] = ["821099990000", "821099990001", "8250412345678", "1"];

fn address(i: u8) -> SccpAddress {
    let digits = CALLING[usize::from(i) % CALLING.len()];
    // The digits are constants of decimal signals, which `Digits` accepts.
    SccpAddress::e164(digits, SubsystemNumber::INAP).expect("constant address")
}

fn stats_not_below(now: ReassemblyStats, before: ReassemblyStats) {
    assert!(
        now.reassembled >= before.reassembled,
        "reassembled went down"
    );
    assert!(
        now.unsegmented >= before.unsegmented,
        "unsegmented went down"
    );
    assert!(now.timed_out >= before.timed_out, "timed_out went down");
    assert!(
        now.dropped_out_of_sequence >= before.dropped_out_of_sequence,
        "dropped_out_of_sequence went down"
    );
    assert!(
        now.rejected_over_limit >= before.rejected_over_limit,
        "rejected_over_limit went down"
    );
}

fuzz_target!(|input: Input| {
    let config = ReassemblyConfig {
        t_reass: Duration::from_millis(u64::from(input.t_reass_ms)),
        max_partials: usize::from(input.max_partials % 16),
        max_buffered_bytes: usize::from(input.max_buffered_bytes),
    };
    let mut reassembler = Reassembler::new(config);
    let called = SccpAddress::e164("8250412345678", SubsystemNumber::INAP).expect("constant");
    let start = Instant::now();
    let mut now = start;
    // The data accepted so far for each key whose first segment was accepted (may hold keys the
    // reassembler has since timed out: the next non-first segment for them is refused, which
    // clears the entry here, and a new first segment overwrites it).
    let mut shadow: HashMap<SegmentKey, Vec<u8>> = HashMap::new();
    let mut stats = reassembler.stats();

    for (n, op) in input.ops.into_iter().enumerate() {
        let xudt = match op {
            Op::Decode(octets) => match sccp::Message::decode(&Bytes::from(octets)) {
                Ok(sccp::Message::Xudt(x)) => Some(x),
                _ => None,
            },
            Op::Segment {
                calling,
                reference,
                first,
                class1,
                remaining,
                len,
            } => {
                let data: Bytes = (0..len).map(|i| (n as u8).wrapping_add(i)).collect();
                let local_reference = LocalReference([reference % 4, 0, 0]);
                Some(
                    Xudt::new(called.clone(), address(calling), data).with_segmentation(
                        Segmentation {
                            first,
                            class1,
                            remaining_segments: remaining % 16,
                            local_reference,
                        },
                    ),
                )
            }
            Op::Unsegmented { calling, len } => {
                let data: Bytes = (0..len).map(|i| (n as u8).wrapping_add(i)).collect();
                Some(Xudt::new(called.clone(), address(calling), data))
            }
            Op::Advance(ms) => {
                now += Duration::from_millis(u64::from(ms));
                None
            }
            Op::Timeout => {
                reassembler.handle_timeout(now);
                if let Some(at) = reassembler.poll_timeout() {
                    assert!(
                        at > now,
                        "timer at {at:?} not after handle_timeout({now:?})"
                    );
                }
                None
            }
        };

        if let Some(xudt) = xudt {
            let result = reassembler.handle_segment(now, &xudt);
            match (xudt.segmentation(), result) {
                (None, Ok(Some(data))) => assert_eq!(data, xudt.data, "unsegmented XUDT"),
                (None, other) => panic!("unsegmented XUDT gave {other:?}"),
                (Some(s), result) => {
                    let key = SegmentKey {
                        calling_party: xudt.calling_party.clone(),
                        local_reference: s.local_reference,
                    };
                    match result {
                        Ok(Some(data)) => {
                            let mut expected = if s.first {
                                Vec::new()
                            } else {
                                shadow.remove(&key).unwrap_or_else(|| {
                                    panic!("delivered a message whose first segment was not accepted: {s:?}")
                                })
                            };
                            shadow.remove(&key);
                            assert_eq!(
                                s.remaining_segments, 0,
                                "delivered before the last segment"
                            );
                            expected.extend_from_slice(&xudt.data);
                            assert_eq!(&data[..], &expected[..], "reassembled data");
                        }
                        Ok(None) => {
                            assert!(s.remaining_segments > 0, "last segment not delivered");
                            if s.first {
                                shadow.insert(key, xudt.data.to_vec());
                            } else {
                                shadow
                                    .get_mut(&key)
                                    .unwrap_or_else(|| {
                                        panic!("segment accepted without first segment: {s:?}")
                                    })
                                    .extend_from_slice(&xudt.data);
                            }
                        }
                        Err(e) => {
                            let _ = (e.to_string(), e.return_cause());
                            shadow.remove(&key);
                        }
                    }
                }
            }
        }

        assert!(
            reassembler.buffered_bytes() <= config.max_buffered_bytes,
            "{} octets buffered, limit {}",
            reassembler.buffered_bytes(),
            config.max_buffered_bytes
        );
        assert!(
            reassembler.partials() <= config.max_partials,
            "{} partials, limit {}",
            reassembler.partials(),
            config.max_partials
        );
        if reassembler.partials() == 0 {
            assert_eq!(
                reassembler.buffered_bytes(),
                0,
                "octets buffered without partials"
            );
            assert_eq!(reassembler.poll_timeout(), None, "timer without partials");
        }
        let new_stats = reassembler.stats();
        stats_not_below(new_stats, stats);
        stats = new_stats;
    }
});
