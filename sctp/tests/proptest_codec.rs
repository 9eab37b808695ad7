//! Round-trip property tests for every chunk type and for whole packets:
//! encode → decode gives the same value, and decode → encode gives the same octets.

use std::net::{Ipv4Addr, Ipv6Addr};

use bytes::Bytes;
use proptest::prelude::*;
use sctp::{
    CauseCode, Chunk, ChunkType, CommonHeader, Data, ErrorCause, GapAckBlock, Init, InitParam,
    Packet, ParamType, Ppid, Sack,
};

fn bytes(max: usize) -> impl Strategy<Value = Bytes> {
    proptest::collection::vec(any::<u8>(), 0..max).prop_map(Bytes::from)
}

fn nonempty_bytes(max: usize) -> impl Strategy<Value = Bytes> {
    proptest::collection::vec(any::<u8>(), 1..max).prop_map(Bytes::from)
}

fn init_param() -> impl Strategy<Value = InitParam> {
    prop_oneof![
        any::<[u8; 4]>().prop_map(|a| InitParam::Ipv4Address(Ipv4Addr::from(a))),
        any::<[u8; 16]>().prop_map(|a| InitParam::Ipv6Address(Ipv6Addr::from(a))),
        bytes(64).prop_map(InitParam::StateCookie),
        bytes(16).prop_map(InitParam::UnrecognizedParameter),
        any::<u32>().prop_map(InitParam::CookiePreservative),
        bytes(16).prop_map(InitParam::HostNameAddress),
        proptest::collection::vec(any::<u16>(), 0..4).prop_map(InitParam::SupportedAddressTypes),
        Just(InitParam::EcnCapable),
        Just(InitParam::ForwardTsnSupported),
        bytes(8).prop_map(InitParam::SupportedExtensions),
        bytes(36).prop_map(InitParam::Random),
        bytes(8).prop_map(InitParam::ChunkList),
        bytes(8).prop_map(InitParam::HmacAlgorithm),
        (any::<u16>(), bytes(12)).prop_filter_map("known type", |(t, value)| {
            let param_type = ParamType(t);
            (!param_type.is_known() && t != 1).then_some(InitParam::Unknown { param_type, value })
        }),
    ]
}

fn cause() -> impl Strategy<Value = ErrorCause> {
    (any::<u16>(), bytes(24)).prop_map(|(c, info)| ErrorCause {
        code: CauseCode(c),
        info,
    })
}

fn init() -> impl Strategy<Value = Init> {
    (
        any::<u32>(),
        any::<u32>(),
        any::<u16>(),
        any::<u16>(),
        any::<u32>(),
        proptest::collection::vec(init_param(), 0..6),
    )
        .prop_map(
            |(initiate_tag, a_rwnd, os, mis, initial_tsn, params)| Init {
                initiate_tag,
                a_rwnd,
                outbound_streams: os,
                inbound_streams: mis,
                initial_tsn,
                params,
            },
        )
}

fn chunk() -> impl Strategy<Value = Chunk> {
    prop_oneof![
        (
            any::<[bool; 4]>(),
            any::<u32>(),
            any::<u16>(),
            any::<u16>(),
            any::<u32>(),
            bytes(100)
        )
            .prop_map(|(f, tsn, stream_id, ssn, ppid, data)| Chunk::Data(Data {
                unordered: f[0],
                beginning: f[1],
                ending: f[2],
                immediate: f[3],
                tsn,
                stream_id,
                ssn,
                ppid: Ppid(ppid),
                data,
            })),
        init().prop_map(Chunk::Init),
        init().prop_map(Chunk::InitAck),
        (
            any::<u32>(),
            any::<u32>(),
            proptest::collection::vec(any::<(u16, u16)>(), 0..8),
            proptest::collection::vec(any::<u32>(), 0..8)
        )
            .prop_map(
                |(cum_tsn_ack, a_rwnd, gaps, duplicate_tsns)| Chunk::Sack(Sack {
                    cum_tsn_ack,
                    a_rwnd,
                    gap_blocks: gaps
                        .into_iter()
                        .map(|(start, end)| GapAckBlock { start, end })
                        .collect(),
                    duplicate_tsns,
                })
            ),
        bytes(40).prop_map(|info| Chunk::Heartbeat { info }),
        bytes(40).prop_map(|info| Chunk::HeartbeatAck { info }),
        (any::<bool>(), proptest::collection::vec(cause(), 0..4))
            .prop_map(|(t_bit, causes)| Chunk::Abort { t_bit, causes }),
        any::<u32>().prop_map(|cum_tsn_ack| Chunk::Shutdown { cum_tsn_ack }),
        Just(Chunk::ShutdownAck),
        proptest::collection::vec(cause(), 0..4).prop_map(|causes| Chunk::Error { causes }),
        nonempty_bytes(80).prop_map(|cookie| Chunk::CookieEcho { cookie }),
        Just(Chunk::CookieAck),
        any::<bool>().prop_map(|t_bit| Chunk::ShutdownComplete { t_bit }),
        (any::<u8>(), any::<u8>(), bytes(20)).prop_filter_map("known type", |(t, flags, value)| {
            let chunk_type = ChunkType(t);
            (t > 14).then_some(Chunk::Unknown {
                chunk_type,
                flags,
                value,
            })
        }),
    ]
}

proptest! {
    #[test]
    fn chunk_roundtrip(c in chunk()) {
        let mut wire = Vec::new();
        c.encode(&mut wire).unwrap();
        prop_assert_eq!(wire.len(), c.encoded_len());
        prop_assert_eq!(wire.len() % 4, 0);
        let mut it = sctp::ChunkIter::new(Bytes::from(wire.clone()));
        let (back, raw) = it.next().unwrap().unwrap();
        prop_assert!(it.next().is_none());
        prop_assert_eq!(&back, &c);
        prop_assert_eq!(&raw[..], &wire[..4 + c.value_len()]);
        let mut again = Vec::new();
        back.encode(&mut again).unwrap();
        prop_assert_eq!(again, wire);
    }

    #[test]
    fn packet_roundtrip(
        src in any::<u16>(), dst in any::<u16>(), tag in any::<u32>(),
        chunks in proptest::collection::vec(chunk(), 0..5),
    ) {
        let p = Packet {
            header: CommonHeader { source_port: src, destination_port: dst, verification_tag: tag },
            chunks,
        };
        let wire = p.to_vec().unwrap();
        let back = Packet::decode(Bytes::from(wire.clone())).unwrap();
        prop_assert_eq!(&back, &p);
        prop_assert_eq!(back.to_vec().unwrap(), wire);
    }

    #[test]
    fn decode_never_panics(data in proptest::collection::vec(any::<u8>(), 0..300)) {
        let _ = Packet::decode(Bytes::from(data.clone()));
        let _ = Packet::decode_unverified(Bytes::from(data));
    }
}
