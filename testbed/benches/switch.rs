//! The generator's own cost per dialogue, no transport: a [`Switch`] places a call, the null
//! SCP ([`Answerer`]) answers with a Connect in a TC-END, the switch reads it and ends the call.
//! Its inverse is the most dialogues per second one core can generate.
//!
//! `cargo bench -p testbed --bench switch`

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use testbed::responder::{Answerer, ResponderStats};
use testbed::{Answers, CallSpec, Plan, Switch, SwitchConfig};

fn bench(c: &mut Criterion) {
    let mut switch = Switch::new(SwitchConfig::default()).expect("switch");
    let mut scp = Answerer::new(Arc::new(Answers::fixed(Plan::Connect(
        "01098765432".into(),
    ))));
    let stats = ResponderStats::default();
    let spec = CallSpec::new("050412345678", Some("01012345678"));
    let mut back = Vec::with_capacity(4);
    // A virtual clock 10 µs per call (100,000 calls/s), so the stale answer timeouts come due and
    // leave the timer queue as they do in a load run.
    let mut now = Instant::now();
    let mut g = c.benchmark_group("switch");
    g.throughput(Throughput::Elements(1));
    g.bench_function("dialogue_idp_connect", |b| {
        b.iter(|| {
            now += Duration::from_micros(10);
            switch.handle_timeout(now);
            switch.start_call(now, 1, &spec).expect("starts");
            let begin = switch.poll_transmit().expect("BEGIN");
            scp.handle(begin, &mut back, &stats);
            switch.handle_data(now, back.pop().expect("END"));
            black_box(switch.poll_finished().expect("ended"));
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
