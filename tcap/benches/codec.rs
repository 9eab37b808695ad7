//! Decode and encode of the Begin carrying the InitialDP (the vector in `tests/data/`).
use std::hint::black_box;

use bytes::Bytes;
use criterion::{Criterion, criterion_group, criterion_main};
use tcap::Message;

/// The TCAP message of `tests/data/idp_begin_m3ua.hex`: the SCCP UDT starts at octet 32 of the
/// M3UA message and its third pointer, at UDT octet 4, points at the data length octet.
fn idp_begin() -> Bytes {
    let hex = include_str!("../tests/data/idp_begin_m3ua.hex").trim();
    let m3ua: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
        .collect();
    let at = 32 + 4 + usize::from(m3ua[36]);
    let len = usize::from(m3ua[at]);
    Bytes::copy_from_slice(&m3ua[at + 1..at + 1 + len])
}

fn codec(c: &mut Criterion) {
    let data = idp_begin();
    let message = Message::decode(&data).expect("the vector decodes");
    c.bench_function("tcap/decode_begin_idp", |b| {
        b.iter(|| Message::decode(black_box(&data)))
    });
    let mut out = Vec::with_capacity(128);
    c.bench_function("tcap/encode_begin_idp", |b| {
        b.iter(|| {
            out.clear();
            black_box(&message).encode(&mut out);
            out.len()
        })
    });
}

criterion_group!(benches, codec);
criterion_main!(benches);
