//! Decode and encode of the Begin from the InitialDP vector.
use criterion::{Criterion, criterion_group, criterion_main};

fn codec(c: &mut Criterion) {
    let data = [0x30u8, 0x03, 0x02, 0x01, 0x05];
    c.bench_function("ber/decode_one", |b| {
        b.iter(|| tcap::ber::decode_one(std::hint::black_box(&data)).is_ok())
    });
}

criterion_group!(benches, codec);
criterion_main!(benches);
