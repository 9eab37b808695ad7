//! Packet decode and encode of a representative packet: SACK + DATA carrying a 100-octet M3UA
//! message (the shape of an M3UA DATA exchange).

use std::hint::black_box;

use bytes::Bytes;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sctp::{Chunk, CommonHeader, Data, Packet, Ppid, Sack};

fn sample() -> Packet {
    Packet {
        header: CommonHeader {
            source_port: 2905,
            destination_port: 2905,
            verification_tag: 0x1234_5678,
        },
        chunks: vec![
            Chunk::Sack(Sack {
                cum_tsn_ack: 41,
                a_rwnd: 262_144,
                gap_blocks: vec![],
                duplicate_tsns: vec![],
            }),
            Chunk::Data(Data {
                unordered: false,
                beginning: true,
                ending: true,
                immediate: false,
                tsn: 42,
                stream_id: 1,
                ssn: 7,
                ppid: Ppid::M3UA,
                data: Bytes::from(vec![0xab; 100]),
            }),
        ],
    }
}

fn codec(c: &mut Criterion) {
    let packet = sample();
    let wire = Bytes::from(packet.to_vec().unwrap());
    let mut g = c.benchmark_group("codec");
    g.throughput(Throughput::Elements(1));
    g.bench_function("decode_sack_data_100", |b| {
        b.iter(|| Packet::decode(black_box(wire.clone())).unwrap())
    });
    g.bench_function("parse_iter_sack_data_100", |b| {
        b.iter(|| {
            let (_, chunks) = CommonHeader::parse(black_box(&wire)).unwrap();
            chunks.filter(Result::is_ok).count()
        })
    });
    let mut buf = Vec::with_capacity(256);
    g.bench_function("encode_sack_data_100", |b| {
        b.iter(|| {
            buf.clear();
            black_box(&packet).encode(&mut buf).unwrap();
            buf.len()
        })
    });
    g.bench_function("crc32c_1200", |b| {
        let data = vec![0x5au8; 1200];
        b.iter(|| sctp::crc32c::crc32c(black_box(&data)))
    });
    g.finish();
}

criterion_group!(benches, codec);
criterion_main!(benches);
