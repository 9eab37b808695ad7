//! Codec benchmarks: InitialDP decode and Connect encode, the two halves of the SCP's hot path.
//!
//! The InitialDP is the parameter of the independent vector `tests/data/idp_begin_m3ua.hex`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use inap::isup::{CalledPartyNumber, OriginalCalledPartyId};
use inap::operations::{Argument, ConnectArg, Opcode};

fn idp_parameter() -> Vec<u8> {
    let m3ua = hex::decode(include_str!("../tests/data/idp_begin_m3ua.hex").trim())
        .expect("the vector is hex");
    m3ua[m3ua.len() - 31..].to_vec()
}

fn codec(c: &mut Criterion) {
    let idp = idp_parameter();
    c.bench_function("initial_dp_decode", |b| {
        b.iter(|| Argument::decode(Opcode::INITIAL_DP, Some(black_box(&idp))))
    });

    let mut connect = ConnectArg::new(CalledPartyNumber::national("01098765432").expect("digits"));
    connect.original_called_party_id =
        Some(OriginalCalledPartyId::national("050412345678").expect("digits"));
    let connect = Argument::Connect(connect);
    let mut out = Vec::with_capacity(64);
    c.bench_function("connect_encode", |b| {
        b.iter(|| {
            out.clear();
            black_box(&connect).encode_to(&mut out);
            black_box(out.len())
        })
    });
}

criterion_group!(benches, codec);
criterion_main!(benches);
