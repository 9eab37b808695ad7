//! Decode and encode of the IDP vector's SCCP UDT (tests/data/idp_begin_m3ua.hex).

use bytes::{Bytes, BytesMut};
use criterion::{Criterion, criterion_group, criterion_main};
use sccp::Message;

/// The SCCP UDT inside the vector's M3UA DATA: 32 octets of M3UA headers, then as many octets
/// as the Protocol Data parameter length says beyond its 16 octets of header and routing label.
fn udt() -> Bytes {
    let text = include_str!("../tests/data/idp_begin_m3ua.hex");
    let line = text
        .lines()
        .find(|l| !l.starts_with('#'))
        .expect("a hex line");
    let m3ua = hex::decode(line.trim()).expect("valid hex");
    let pd_len = usize::from(u16::from_be_bytes([m3ua[18], m3ua[19]]));
    Bytes::copy_from_slice(&m3ua[32..16 + pd_len])
}

fn codec(c: &mut Criterion) {
    let wire = udt();
    let message = Message::decode(&wire).expect("the vector decodes");
    c.bench_function("udt_decode", |b| {
        b.iter(|| Message::decode(std::hint::black_box(&wire)))
    });
    c.bench_function("udt_encode", |b| {
        let mut out = BytesMut::with_capacity(256);
        b.iter(|| {
            out.clear();
            std::hint::black_box(&message)
                .encode(&mut out)
                .expect("encodes");
        })
    });
}

criterion_group!(benches, codec);
criterion_main!(benches);
