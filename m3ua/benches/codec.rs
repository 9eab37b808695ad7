//! Decode and encode of the IDP vector's DATA message (M3UA DATA › SCCP UDT › TCAP › INAP).

use std::hint::black_box;

use bytes::{Bytes, BytesMut};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use m3ua::Message;

fn idp_vector() -> Bytes {
    Bytes::from(
        hex::decode(include_str!("../tests/data/idp_begin_m3ua.hex").trim()).expect("hex vector"),
    )
}

fn codec(c: &mut Criterion) {
    let wire = idp_vector();
    let msg = Message::from_bytes(wire.clone()).expect("the vector decodes");
    let mut group = c.benchmark_group("m3ua");
    group.throughput(Throughput::Bytes(wire.len() as u64));
    group.bench_function("decode_data", |b| {
        b.iter(|| {
            let mut buf = black_box(&wire).clone();
            Message::decode(&mut buf).expect("decodes")
        })
    });
    let mut out = BytesMut::with_capacity(4096);
    group.bench_function("encode_data", |b| {
        b.iter(|| {
            out.clear();
            black_box(&msg).encode(&mut out).expect("encodes");
            black_box(out.len())
        })
    });
    group.bench_function("encoded_len_data", |b| {
        b.iter(|| black_box(&msg).encoded_len())
    });
    group.finish();
}

criterion_group!(benches, codec);
criterion_main!(benches);
