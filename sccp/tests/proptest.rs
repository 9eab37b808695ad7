//! Property tests: every message type and every address form round-trips (encode → decode →
//! equal, and the decoded message re-encodes to identical bytes); segmentation then reassembly
//! in any order gives the data back or a typed error.

use std::time::{Duration, Instant};

use bytes::Bytes;
use proptest::collection::vec;
use proptest::prelude::*;
use sccp::{
    AddressInformation, Digits, EncodingScheme, GlobalTitle, GlobalTitleIndicator, HopCounter,
    Importance, LocalReference, Ludt, Ludts, Message, NatureOfAddress, NumberingPlan,
    OptionalParameter, OptionalParameters, ParameterName, PointCode, ProtocolClass, Reassembler,
    ReassemblyConfig, ReturnCause, RoutingIndicator, SccpAddress, Segmentation, SubsystemNumber,
    TranslationType, Udt, Udts, Xudt, Xudts, segment,
};

fn bytes(max: usize) -> impl Strategy<Value = Bytes> {
    vec(any::<u8>(), 0..=max).prop_map(Bytes::from)
}

fn digits(max: usize) -> impl Strategy<Value = Digits> {
    vec(0u8..16, 0..=max).prop_map(Digits::from_nibbles)
}

fn even_digits(max_pairs: usize) -> impl Strategy<Value = Digits> {
    vec(0u8..16, 0..=max_pairs).prop_flat_map(|first| {
        let n = first.len();
        vec(0u8..16, n..=n).prop_map(move |second| {
            Digits::from_nibbles(first.iter().zip(&second).flat_map(|(a, b)| [*a, *b]))
        })
    })
}

fn address_information() -> impl Strategy<Value = AddressInformation> {
    prop_oneof![
        digits(20).prop_map(AddressInformation::Bcd),
        (
            (0u8..16).prop_filter("not BCD", |es| *es != 1 && *es != 2),
            bytes(10)
        )
            .prop_map(|(es, octets)| AddressInformation::Other {
                encoding_scheme: EncodingScheme(es),
                octets,
            }),
    ]
}

/// Global titles of every indicator, 1–15.
fn global_title() -> impl Strategy<Value = GlobalTitle> {
    prop_oneof![
        (0u8..128, digits(20)).prop_map(|(nai, digits)| GlobalTitle::NaiOnly {
            nature_of_address: NatureOfAddress(nai),
            digits,
        }),
        (any::<u8>(), even_digits(10)).prop_map(|(tt, digits)| GlobalTitle::TtOnly {
            translation_type: TranslationType(tt),
            digits,
        }),
        (any::<u8>(), 0u8..16, address_information()).prop_map(|(tt, np, address)| {
            GlobalTitle::TtNpEs {
                translation_type: TranslationType(tt),
                numbering_plan: NumberingPlan(np),
                address,
            }
        }),
        (any::<u8>(), 0u8..16, 0u8..128, address_information()).prop_map(
            |(tt, np, nai, address)| GlobalTitle::TtNpEsNai {
                translation_type: TranslationType(tt),
                numbering_plan: NumberingPlan(np),
                nature_of_address: NatureOfAddress(nai),
                address,
            }
        ),
        (5u8..16, bytes(12)).prop_map(|(gti, octets)| GlobalTitle::Other {
            indicator: GlobalTitleIndicator(gti),
            octets,
        }),
    ]
}

fn address() -> impl Strategy<Value = SccpAddress> {
    (
        any::<bool>(),
        any::<bool>(),
        proptest::option::of(0u16..=0x3fff),
        proptest::option::of(any::<u8>()),
        proptest::option::of(global_title()),
    )
        .prop_map(
            |(national_use, on_ssn, pc, ssn, global_title)| SccpAddress {
                national_use,
                routing_indicator: if on_ssn {
                    RoutingIndicator::SubsystemNumber
                } else {
                    RoutingIndicator::GlobalTitle
                },
                point_code: pc.and_then(PointCode::new),
                ssn: ssn.map(SubsystemNumber),
                global_title,
            },
        )
}

fn protocol_class() -> impl Strategy<Value = ProtocolClass> {
    // Class 0/1 with any message handling (spare values included).
    (0u8..2, 0u8..16).prop_map(|(class, handling)| ProtocolClass(class | (handling << 4)))
}

fn hop_counter() -> impl Strategy<Value = HopCounter> {
    (1u8..=15).prop_map(|h| HopCounter::new(h).unwrap())
}

fn segmentation() -> impl Strategy<Value = Segmentation> {
    (any::<bool>(), any::<bool>(), 0u8..16, any::<[u8; 3]>()).prop_map(
        |(first, class1, remaining_segments, r)| Segmentation {
            first,
            class1,
            remaining_segments,
            local_reference: LocalReference(r),
        },
    )
}

/// Optional parts in any order: at most one segmentation and one importance, any number of
/// unknown parameters.
fn optional() -> impl Strategy<Value = OptionalParameters> {
    (
        proptest::option::of(segmentation()),
        proptest::option::of(0u8..8),
        vec(
            (
                any::<u8>().prop_filter("not a typed name", |n| !matches!(n, 0x00 | 0x10 | 0x12)),
                bytes(6),
            ),
            0..3,
        ),
    )
        .prop_flat_map(|(seg, imp, others)| {
            let mut params: Vec<OptionalParameter> = Vec::new();
            params.extend(seg.map(OptionalParameter::Segmentation));
            params.extend(
                imp.and_then(Importance::new)
                    .map(OptionalParameter::Importance),
            );
            params.extend(
                others
                    .into_iter()
                    .map(|(name, value)| OptionalParameter::Other {
                        name: ParameterName(name),
                        value,
                    }),
            );
            Just(params).prop_shuffle()
        })
        .prop_map(OptionalParameters)
}

fn message() -> impl Strategy<Value = Message> {
    prop_oneof![
        (protocol_class(), address(), address(), bytes(100)).prop_map(|(pc, cd, cg, data)| {
            Message::Udt(Udt {
                protocol_class: pc,
                called_party: cd,
                calling_party: cg,
                data,
            })
        }),
        (any::<u8>(), address(), address(), bytes(100)).prop_map(|(rc, cd, cg, data)| {
            Message::Udts(Udts {
                return_cause: ReturnCause(rc),
                called_party: cd,
                calling_party: cg,
                data,
            })
        }),
        (
            protocol_class(),
            hop_counter(),
            address(),
            address(),
            bytes(80),
            optional()
        )
            .prop_map(|(pc, hops, cd, cg, data, optional)| {
                Message::Xudt(Xudt {
                    protocol_class: pc,
                    hop_counter: hops,
                    called_party: cd,
                    calling_party: cg,
                    data,
                    optional,
                })
            }),
        (
            any::<u8>(),
            hop_counter(),
            address(),
            address(),
            bytes(80),
            optional()
        )
            .prop_map(|(rc, hops, cd, cg, data, optional)| {
                Message::Xudts(Xudts {
                    return_cause: ReturnCause(rc),
                    hop_counter: hops,
                    called_party: cd,
                    calling_party: cg,
                    data,
                    optional,
                })
            }),
        (
            protocol_class(),
            hop_counter(),
            address(),
            address(),
            bytes(2000),
            optional()
        )
            .prop_map(|(pc, hops, cd, cg, data, optional)| {
                Message::Ludt(Ludt {
                    protocol_class: pc,
                    hop_counter: hops,
                    called_party: cd,
                    calling_party: cg,
                    data,
                    optional,
                })
            }),
        (
            any::<u8>(),
            hop_counter(),
            address(),
            address(),
            bytes(2000),
            optional()
        )
            .prop_map(|(rc, hops, cd, cg, data, optional)| {
                Message::Ludts(Ludts {
                    return_cause: ReturnCause(rc),
                    hop_counter: hops,
                    called_party: cd,
                    calling_party: cg,
                    data,
                    optional,
                })
            }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn every_message_round_trips(message in message()) {
        let wire = message.to_bytes().unwrap();
        prop_assert_eq!(wire.len(), message.encoded_len().unwrap());
        let back = Message::decode(&wire).unwrap();
        prop_assert_eq!(&back, &message);
        prop_assert_eq!(back.to_bytes().unwrap(), wire);
        // Display never panics and names the type.
        prop_assert!(back.to_string().starts_with(back.message_type().name().unwrap()));
    }

    #[test]
    fn every_address_round_trips(called in address(), calling in address()) {
        let udt = Udt::new(called, calling, Bytes::from_static(b"d"));
        let wire = udt.to_bytes().unwrap();
        let back = Message::decode(&wire).unwrap();
        prop_assert_eq!(back, Message::Udt(udt));
    }

    #[test]
    fn decoding_anything_never_panics(
        message_type in prop::sample::select(vec![0x09u8, 0x0a, 0x11, 0x12, 0x13, 0x14, 0x01, 0x20]),
        rest in vec(any::<u8>(), 0..300),
    ) {
        let mut data = vec![message_type];
        data.extend(rest);
        let data = Bytes::from(data);
        if let Ok(message) = Message::decode(&data) {
            // Whatever decodes re-encodes, and that decodes to the same message.
            let wire = message.to_bytes().unwrap();
            prop_assert_eq!(Message::decode(&wire).unwrap(), message);
        }
    }

    /// Segment any payload, feed the segments in any order (with repeats): any completed
    /// message is exactly the payload, in-order delivery always completes, and everything else is
    /// a typed error.
    #[test]
    fn segment_then_reassemble(
        (payload, max_segment_len) in (1usize..=3000).prop_flat_map(|len| {
            (bytes_exact(len), len.div_ceil(16).max(1)..=200)
        }),
        order in vec(0usize..16, 0..24),
        shuffle in any::<bool>(),
        seed in any::<u32>(),
    ) {
        let template = Xudt::new(
            SccpAddress::from_ssn(SubsystemNumber::INAP),
            SccpAddress::from_point_code_ssn(PointCode::new(7).unwrap(), SubsystemNumber::INAP),
            Bytes::new(),
        )
        .with_protocol_class(ProtocolClass::CLASS_1);
        let reference = LocalReference::from_u32(seed & 0x00ff_ffff).unwrap();
        let segments = segment(&payload, max_segment_len, reference, &template).unwrap();
        prop_assert!(segments.len() <= 16);
        // Over the wire and back, as a receiver would see them.
        let segments: Vec<Xudt> = segments
            .iter()
            .map(|s| match Message::decode(&s.to_bytes().unwrap()).unwrap() {
                Message::Xudt(x) => x,
                other => panic!("{other}"),
            })
            .collect();
        let now = Instant::now();

        // In order: complete.
        let mut r = Reassembler::new(ReassemblyConfig::default());
        let mut done = None;
        for (i, s) in segments.iter().enumerate() {
            let out = r.handle_segment(now, s).unwrap();
            prop_assert_eq!(out.is_some(), i + 1 == segments.len());
            done = done.or(out);
        }
        prop_assert_eq!(done.as_ref(), Some(&payload));
        prop_assert_eq!(r.partials(), 0);
        prop_assert_eq!(r.buffered_bytes(), 0);

        // Any other order (possibly with repeats and omissions).
        let indices: Vec<usize> = if shuffle {
            order.iter().map(|i| i % segments.len()).collect()
        } else {
            (0..segments.len()).rev().collect()
        };
        let mut r = Reassembler::new(ReassemblyConfig::default());
        for i in indices {
            match r.handle_segment(now + Duration::from_millis(1), &segments[i]) {
                Ok(Some(data)) => prop_assert_eq!(&data, &payload),
                Ok(None) => {}
                Err(e) => prop_assert!(e.is_sequence_error(), "{e}"),
            }
            prop_assert!(r.buffered_bytes() <= payload.len());
        }
    }
}

fn bytes_exact(len: usize) -> impl Strategy<Value = Bytes> {
    vec(any::<u8>(), len..=len).prop_map(Bytes::from)
}
