//! Real usrsctp packets (tests/data/usrsctp_packets.hex, see its header for provenance):
//! decode, byte-exact re-encode, and truncation / single-octet corruption sweeps.

use bytes::Bytes;
use sctp::{Chunk, ChunkType, DecodeError, InitParam, Packet, ParamType, Ppid};

fn vectors() -> Vec<(String, Vec<u8>)> {
    let text = include_str!("data/usrsctp_packets.hex");
    let mut out = Vec::new();
    let mut what = String::new();
    for line in text.lines() {
        if let Some(c) = line.strip_prefix("# ") {
            what = c.to_string();
        } else if !line.trim().is_empty() {
            out.push((what.clone(), hex::decode(line.trim()).unwrap()));
        }
    }
    assert_eq!(out.len(), 17);
    out
}

fn types(p: &Packet) -> Vec<ChunkType> {
    p.chunks.iter().map(Chunk::chunk_type).collect()
}

#[test]
fn decode_and_reencode_exactly() {
    for (what, wire) in vectors() {
        let p = Packet::decode(Bytes::from(wire.clone())).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(p.to_vec().unwrap(), wire, "{what}");
    }
}

#[test]
fn usrsctp_init_and_init_ack_fields() {
    let v = vectors();
    let init_ack = Packet::decode(Bytes::from(v[0].1.clone())).unwrap();
    assert_eq!(
        (
            init_ack.header.source_port,
            init_ack.header.destination_port
        ),
        (7, 5000)
    );
    let Chunk::InitAck(ack) = &init_ack.chunks[0] else {
        panic!()
    };
    assert_ne!(ack.initiate_tag, 0);
    assert!(ack.state_cookie().is_some());
    let kinds: Vec<ParamType> = ack.params.iter().map(InitParam::param_type).collect();
    // usrsctp advertises PR-SCTP, AUTH and its extensions; we recognise and ignore them.
    for t in [
        ParamType::FORWARD_TSN_SUPPORTED,
        ParamType::SUPPORTED_EXTENSIONS,
        ParamType::RANDOM,
        ParamType::HMAC_ALGORITHM,
        ParamType::CHUNK_LIST,
    ] {
        assert!(kinds.contains(&t), "{t} missing from {kinds:?}");
    }
    let init = Packet::decode(Bytes::from(v[8].1.clone())).unwrap();
    assert_eq!(init.header.verification_tag, 0);
    assert_eq!(types(&init), vec![ChunkType::INIT]);
    let Chunk::Init(i) = &init.chunks[0] else {
        panic!()
    };
    assert!(i.outbound_streams > 0 && i.inbound_streams > 0);
}

#[test]
fn usrsctp_data_and_sack_fields() {
    let v = vectors();
    let echo = Packet::decode(Bytes::from(v[3].1.clone())).unwrap();
    let Chunk::Data(d) = &echo.chunks[0] else {
        panic!()
    };
    assert_eq!(d.ppid, Ppid::M3UA);
    assert!(d.beginning && d.ending);
    let bundle = Packet::decode(Bytes::from(v[4].1.clone())).unwrap();
    assert_eq!(
        types(&bundle),
        vec![ChunkType::SACK, ChunkType::DATA, ChunkType::DATA]
    );
    let hello = Packet::decode(Bytes::from(v[10].1.clone())).unwrap();
    let Chunk::Data(d) = &hello.chunks[0] else {
        panic!()
    };
    assert_eq!(&d.data[..], b"hello vns\n");
    assert_eq!(d.ppid, Ppid(0));
    // The captured echoes of 3000-octet messages are fragmented: first, middle and last
    // fragments all occur.
    let flags: Vec<(bool, bool)> = v
        .iter()
        .flat_map(|(_, w)| Packet::decode(Bytes::from(w.clone())).unwrap().chunks)
        .filter_map(|c| match c {
            Chunk::Data(d) => Some((d.beginning, d.ending)),
            _ => None,
        })
        .collect();
    for f in [(true, false), (false, false), (false, true), (true, true)] {
        assert!(flags.contains(&f), "{f:?} not in {flags:?}");
    }
    let shutdown = Packet::decode(Bytes::from(v[12].1.clone())).unwrap();
    assert!(matches!(shutdown.chunks[0], Chunk::Shutdown { .. }));
    let complete = Packet::decode(Bytes::from(v[13].1.clone())).unwrap();
    assert_eq!(
        complete.chunks,
        vec![Chunk::ShutdownComplete { t_bit: false }]
    );
}

#[test]
fn every_truncation_is_an_error() {
    for (what, wire) in vectors() {
        for len in 0..wire.len() {
            let r = Packet::decode(Bytes::copy_from_slice(&wire[..len]));
            assert!(r.is_err(), "{what}: prefix {len} decoded");
            // Without the checksum the chunk layer must still refuse or cope, never panic.
            let _ = Packet::decode_unverified(Bytes::copy_from_slice(&wire[..len]));
        }
    }
}

#[test]
fn every_single_octet_corruption_fails_the_checksum() {
    for (what, wire) in vectors() {
        for i in 0..wire.len() {
            for flip in [0x01u8, 0x80, 0xff] {
                let mut bad = wire.clone();
                bad[i] ^= flip;
                match Packet::decode(Bytes::from(bad.clone())) {
                    Err(DecodeError::BadChecksum { .. }) => {}
                    other => panic!("{what}: octet {i} ^ {flip:#x}: {other:?}"),
                }
                // The chunk decoder on corrupted input: typed error or value, no panic.
                let _ = Packet::decode_unverified(Bytes::from(bad));
            }
        }
    }
}
