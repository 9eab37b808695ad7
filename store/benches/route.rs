//! Criterion benches of the hot path and the write paths on a 100k-binding
//! store (RocksDB in a temporary directory, and the in-memory engine).
//! The 10-million-binding figures come from `examples/bench10m.rs`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use store::engine::Engine;
use store::*;

const N: u64 = 100_000;
const T: Timestamp = Timestamp(1_741_050_000_000);

fn number(i: u64) -> VirtualNumber {
    VirtualNumber::parse(&format!("0504{i:08}")).unwrap()
}

fn build<E: Engine>(e: E) -> Store<E> {
    let s = Store::open(
        e,
        KeyRing::new(1, &[1; 32], &[2; 32]),
        StoreConfig::default(),
    )
    .unwrap();
    let p = Policy {
        default_ttl_secs: 365 * 86_400,
        ..Policy::default()
    };
    s.put_tenant(
        "bench",
        &Tenant {
            id: TenantId(1),
            name: "b".into(),
            policy: p,
        },
        T,
    )
    .unwrap();
    s.add_range(
        "bench",
        &NumberRange {
            tenant: TenantId(1),
            first: number(0),
            last: number(N + 50_000 - 1),
        },
        T,
    )
    .unwrap();
    let reqs: Vec<AllocationRequest> = (0..N)
        .map(|i| AllocationRequest {
            tenant: TenantId(1),
            external_ref: format!("ord-{i}"),
            strategy: Strategy::Explicit(number(i)),
            spec: BindingSpec::new(BindingKind::OneWay {
                destinations: vec![RealNumber::parse(&format!("010{:08}", i)).unwrap()],
            }),
        })
        .collect();
    for r in s.allocate_many("bench", &reqs, T).unwrap() {
        r.unwrap();
    }
    s
}

fn bench_store<E: Engine>(c: &mut Criterion, name: &str, s: &Store<E>) {
    let names: Vec<String> = (0..1024u64)
        .map(|i| number(i * 97 % N).to_string())
        .collect();
    let mut i = 0;
    c.bench_function(&format!("{name}/route_connect"), |b| {
        b.iter(|| {
            i = (i + 1) % names.len();
            black_box(s.route(&names[i], "01099998888", T).unwrap())
        })
    });
    c.bench_function(&format!("{name}/route_unknown"), |b| {
        b.iter(|| black_box(s.route("050499999999", "01099998888", T).unwrap()))
    });
    let mut k = 0u64;
    c.bench_function(&format!("{name}/allocate"), |b| {
        b.iter(|| {
            k += 1;
            let req = AllocationRequest {
                tenant: TenantId(1),
                external_ref: format!("{name}-x{k}"),
                strategy: Strategy::LeastRecentlyReleased,
                spec: BindingSpec::new(BindingKind::OneWay {
                    destinations: vec![RealNumber::parse("01012345678").unwrap()],
                }),
            };
            // One request per iteration through allocate_many (one sync each).
            black_box(
                s.allocate_many("bench", std::slice::from_ref(&req), T)
                    .unwrap(),
            )
        })
    });
}

fn benches(c: &mut Criterion) {
    let mem = build(MemEngine::new());
    bench_store(c, "mem", &mem);
    let dir = tempfile::tempdir().unwrap();
    let rocks = build(RocksEngine::open(dir.path(), &RocksConfig::default()).unwrap());
    bench_store(c, "rocks", &rocks);
}

criterion_group! {
    name = route;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(2));
    targets = benches
}
criterion_main!(route);
