//! The association layer on the hot path: an ASP-ACTIVE association receiving the IDP vector's
//! DATA (decode, checks, event) and sending one (checks, stream choice, queue, encode).

use std::hint::black_box;
use std::time::Instant;

use bytes::{Bytes, BytesMut};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use m3ua::asp::{AspState, Association, Config, Event, Role};
use m3ua::{AspAc, AspUp, Message};

fn idp_vector() -> Bytes {
    Bytes::from(
        hex::decode(include_str!("../tests/data/idp_begin_m3ua.hex").trim()).expect("hex vector"),
    )
}

fn active_asp(now: Instant) -> Association {
    let mut config = Config::new(Role::Asp);
    config.quirks.aspac_without_ntfy = true;
    config.outbound_streams = 17;
    let mut asp = Association::new(config).expect("valid config");
    asp.handle_transport_up(now);
    asp.handle_message(now, 0, Message::AspUpAck(AspUp::default()));
    asp.handle_message(now, 0, Message::AspAcAck(AspAc::default()));
    while asp.poll_transmit().is_some() {}
    while asp.poll_event().is_some() {}
    assert_eq!(asp.state(), AspState::Active);
    asp
}

fn association(c: &mut Criterion) {
    let wire = idp_vector();
    let Ok(Message::Data(data)) = Message::from_bytes(wire.clone()) else {
        panic!("the vector is DATA")
    };
    let now = Instant::now();
    let mut asp = active_asp(now);
    let mut group = c.benchmark_group("m3ua_asp");
    group.throughput(Throughput::Elements(1));
    group.bench_function("receive_data", |b| {
        b.iter(|| {
            asp.handle_bytes(now, 1, black_box(&wire).clone());
            match asp.poll_event() {
                Some(Event::Data(d)) => black_box(d),
                other => panic!("{other:?}"),
            }
        })
    });
    let mut out = BytesMut::with_capacity(4096);
    group.bench_function("send_data", |b| {
        b.iter(|| {
            asp.send_data(black_box(&data).clone()).expect("active");
            let t = asp.poll_transmit().expect("queued");
            out.clear();
            t.message.encode(&mut out).expect("encodes");
            black_box((t.stream, out.len()))
        })
    });
    group.finish();
}

criterion_group!(benches, association);
criterion_main!(benches);
