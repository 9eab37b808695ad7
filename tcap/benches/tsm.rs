//! The dialogue layer's hot path on one shard: the Begin carrying the InitialDP (the vector in
//! `tests/data/`) comes in, the TC-user answers with an End carrying a Connect, the End is encoded
//! into a reused buffer and its component list goes back to the shard — as the SCP's worker does.
use std::hint::black_box;
use std::time::{Duration, Instant};

use bytes::Bytes;
use criterion::{Criterion, criterion_group, criterion_main};
use tcap::ber::Oid;
use tcap::tsm::{Config, Indication, Shard, Termination};
use tcap::{Code, Component, Invoke, Parameter};

const CS1: Oid = Oid::from_arcs(&[0, 4, 0, 1, 1, 1, 0, 0]);

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

fn tsm(c: &mut Criterion) {
    let data = idp_begin();
    let connect = Parameter::from_vec(vec![
        0x30, 0x16, 0xa0, 0x0a, 0x04, 0x08, 0x83, 0x10, 0x10, 0x90, 0x78, 0x56, 0x34, 0x02, 0x86,
        0x08, 0x03, 0x10, 0x50, 0x40, 0x21, 0x43, 0x65, 0x87,
    ])
    .expect("one element");
    let mut shard: Shard<u32> = Shard::new(Config {
        idle_timeout: Duration::from_secs(60),
        ..Config::new(vec![CS1])
    })
    .expect("a valid config");
    let now = Instant::now();
    let mut out = Vec::with_capacity(256);
    c.bench_function("tsm/begin_idp_to_end_connect", |b| {
        b.iter(|| {
            shard.handle_message(now, 7, black_box(&data));
            let Some(Indication::Begin {
                dialogue,
                mut components,
                ..
            }) = shard.poll_indication()
            else {
                panic!("the Begin is accepted")
            };
            components.clear();
            components.push(Component::Invoke(Invoke::new(
                1,
                Code::Local(20),
                Some(connect.clone()),
            )));
            shard
                .end(now, dialogue, Termination::Basic, components)
                .expect("the dialogue is in IR");
            let t = shard.poll_transmit().expect("the End");
            out.clear();
            t.message.encode(&mut out);
            shard.recycle(t.message.into_components());
            black_box(shard.poll_timeout());
            out.len()
        })
    });
}

criterion_group!(benches, tsm);
criterion_main!(benches);
