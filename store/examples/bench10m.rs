//! The 10-million-binding benchmark (docs/PERFORMANCE.md figures).
//!
//! Builds a RocksDB store with `VNS_BENCH_N` one-way bindings (default
//! 10,000,000) under `VNS_BENCH_DB` (default `/var/tmp/vns-bench-10m`) once,
//! and reuses it on later runs. Then measures, printing one line per figure:
//! - load time (first run only; later runs print the stored figure),
//! - route lookup latency p50/p99/p99.9 over individual timed lookups
//!   (random bound numbers, one thread), and lookups/s on 2 threads,
//! - allocation throughput (synced by group commit, `VNS_BENCH_ALLOC_THREADS`
//!   callers, default 32; and bulk `allocate_many`),
//! - call-record throughput: `record_call` (synced, group commit, 32
//!   threads) and the SCP's batched `record_calls` (2 threads, batches of
//!   256, half new calls and half updates, a sync every 100 ms),
//! - bytes on disk and resident memory per binding.
//!
//! Run: `cargo run -p store --profile bench --example bench10m`
//! (`VNS_BENCH_N=100000 VNS_BENCH_DB=/tmp/vns-small` for a quick try).

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use store::engine::{Batch, Engine, ReadView};
use store::*;

const RANGE: u64 = 100_000;
const LOADED: &[u8] = b"\x01bench-loaded";
const RUNS: &[u8] = b"\x01bench-runs";
/// 2025-03-04T01:00:00Z.
const T: Timestamp = Timestamp(1_741_050_000_000);
const BOUND: TenantId = TenantId(1);
const ALLOC: TenantId = TenantId(2);
const ALLOC_POOL: u64 = 400_000;

fn number(i: u64) -> VirtualNumber {
    VirtualNumber::parse(&format!("0504{i:08}")).expect("12 digits")
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

fn rss_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

fn load(s: &Store<RocksEngine>, n: u64) {
    let far = Policy {
        default_ttl_secs: 100 * 365 * 86_400,
        ..Policy::default()
    };
    s.put_tenant(
        "bench",
        &Tenant {
            id: BOUND,
            name: "bound".into(),
            policy: far,
        },
        T,
    )
    .unwrap();
    let quick = Policy {
        default_ttl_secs: 1,
        quarantine_secs: 0,
        ..Policy::default()
    };
    s.put_tenant(
        "bench",
        &Tenant {
            id: ALLOC,
            name: "alloc".into(),
            policy: quick,
        },
        T,
    )
    .unwrap();
    let started = Instant::now();
    let ranges = n.div_ceil(RANGE);
    std::thread::scope(|sc| {
        for t in 0..2u64 {
            sc.spawn(move || {
                for r in (t..ranges).step_by(2) {
                    let first = r * RANGE;
                    let last = ((r + 1) * RANGE).min(n) - 1;
                    let range = NumberRange {
                        tenant: BOUND,
                        first: number(first),
                        last: number(last),
                    };
                    s.add_range("bench", &range, T).unwrap();
                    let reqs: Vec<AllocationRequest> = (first..=last)
                        .map(|i| AllocationRequest {
                            tenant: BOUND,
                            external_ref: format!("ord-{i}"),
                            strategy: Strategy::Explicit(number(i)),
                            spec: BindingSpec::new(BindingKind::OneWay {
                                destinations: vec![
                                    RealNumber::parse(&format!("010{:08}", i * 7 % 100_000_000))
                                        .unwrap(),
                                ],
                            }),
                        })
                        .collect();
                    for chunk in reqs.chunks(10_000) {
                        for res in s.allocate_many("bench", chunk, T).unwrap() {
                            res.unwrap();
                        }
                    }
                    if r % 10 == 0 {
                        eprintln!(
                            "loaded range {r}/{ranges} at {:.0} s",
                            started.elapsed().as_secs_f64()
                        );
                    }
                }
            });
        }
    });
    // The allocation pool (tenant 2), 0505xxxxxxxx.
    for r in 0..ALLOC_POOL / RANGE {
        let first = VirtualNumber::parse(&format!("0505{:08}", r * RANGE)).unwrap();
        let last = VirtualNumber::parse(&format!("0505{:08}", (r + 1) * RANGE - 1)).unwrap();
        s.add_range(
            "bench",
            &NumberRange {
                tenant: ALLOC,
                first,
                last,
            },
            T,
        )
        .unwrap();
    }
    let secs = started.elapsed().as_secs_f64();
    let mut b = Batch::new();
    b.put(LOADED.to_vec(), format!("{n} {secs:.1}").into_bytes());
    s.engine().write(&b, true).unwrap();
    println!(
        "load: {n} bindings in {secs:.1} s ({:.0} bindings/s)",
        n as f64 / secs
    );
}

/// The 1/5/15-minute load averages (the machine is shared).
fn loadavg() -> String {
    let l = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let parts: Vec<&str> = l.split_whitespace().take(3).collect();
    format!("[load {}]", parts.join(" "))
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i] as f64 / 1000.0
}

fn main() {
    let dir = PathBuf::from(
        std::env::var("VNS_BENCH_DB").unwrap_or_else(|_| "/var/tmp/vns-bench-10m".into()),
    );
    let n: u64 = std::env::var("VNS_BENCH_N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000_000);
    let cache_mb: usize = std::env::var("VNS_BENCH_CACHE_MB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1024);
    let config = RocksConfig {
        block_cache_bytes: cache_mb << 20,
        write_buffer_bytes: 128 << 20,
        background_jobs: 2,
    };
    let engine = RocksEngine::open(&dir, &config).unwrap();
    let keys = KeyRing::new(1, &[0x42; 32], &[0x43; 32]);
    let s = Store::open(engine, keys, StoreConfig::default()).unwrap();
    match s.engine().get(LOADED).unwrap() {
        Some(v) => println!(
            "load: reused {} (n, seconds when built)",
            String::from_utf8_lossy(&v)
        ),
        None => load(&s, n),
    }
    let run = s
        .engine()
        .get(RUNS)
        .unwrap()
        .map_or(0, |v| u64::from_be_bytes(v.try_into().unwrap()));
    let mut b = Batch::new();
    b.put(RUNS.to_vec(), (run + 1).to_be_bytes().to_vec());
    s.engine().write(&b, true).unwrap();
    // Each run is a day later: the previous run's tenant-2 bindings expire
    // and rest (policy: TTL 1 s, no quarantine) and return to the pool.
    let now = T.plus_days(run + 1);
    let swept = s.sweep(now).unwrap();
    println!("sweep before run {run}: {swept:?}");

    println!("{}", loadavg());
    // Route latency, one thread.
    let mut rng = Rng(0x1234_5678_9abc_def1 ^ run);
    let names: Vec<String> = (0..1_100_000)
        .map(|_| number(rng.next() % n).to_string())
        .collect();
    for name in &names[..100_000] {
        std::hint::black_box(s.route(name, "01099998888", now).unwrap());
    }
    let mut lat = Vec::with_capacity(1_000_000);
    let mut connects = 0;
    for name in &names[100_000..] {
        let t0 = Instant::now();
        let d = s.route(name, "01099998888", now).unwrap();
        lat.push(t0.elapsed().as_nanos() as u64);
        connects += usize::from(matches!(d, RouteDecision::Connect(_)));
    }
    assert_eq!(connects, lat.len(), "every sampled number is bound");
    lat.sort_unstable();
    let mean = lat.iter().sum::<u64>() as f64 / lat.len() as f64 / 1000.0;
    println!(
        "route (1 thread, {} lookups): mean {mean:.2} us, p50 {:.2} us, p99 {:.2} us, p99.9 {:.2} us, max {:.0} us",
        lat.len(),
        percentile(&lat, 0.50),
        percentile(&lat, 0.99),
        percentile(&lat, 0.999),
        percentile(&lat, 1.0)
    );
    let t0 = Instant::now();
    std::thread::scope(|sc| {
        for t in 0..2 {
            let (s, names) = (&s, &names);
            sc.spawn(move || {
                for name in names[100_000..].iter().skip(t).step_by(2) {
                    std::hint::black_box(s.route(name, "01099998888", now).unwrap());
                }
            });
        }
    });
    println!(
        "route (2 threads): {:.0} lookups/s",
        1_000_000.0 / t0.elapsed().as_secs_f64()
    );

    println!("{}", loadavg());
    // Allocation, synced (group commit), VNS_BENCH_ALLOC_THREADS callers, 5 s.
    let threads: u64 = std::env::var("VNS_BENCH_ALLOC_THREADS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(32);
    let stop = AtomicBool::new(false);
    let count = AtomicU64::new(0);
    let syncs0 = s.group_syncs();
    let t0 = Instant::now();
    std::thread::scope(|sc| {
        for t in 0..threads {
            let (s, stop, count) = (&s, &stop, &count);
            sc.spawn(move || {
                let mut i = 0;
                while !stop.load(Ordering::Relaxed) {
                    let req = AllocationRequest {
                        tenant: ALLOC,
                        external_ref: format!("run{run}-t{t}-{i}"),
                        strategy: Strategy::LeastRecentlyReleased,
                        spec: BindingSpec::new(BindingKind::OneWay {
                            destinations: vec![RealNumber::parse("01012345678").unwrap()],
                        }),
                    };
                    s.allocate("bench", &req, now).unwrap();
                    count.fetch_add(1, Ordering::Relaxed);
                    i += 1;
                }
            });
        }
        std::thread::sleep(Duration::from_secs(5));
        stop.store(true, Ordering::Relaxed);
    });
    let done = count.load(Ordering::Relaxed);
    let syncs = s.group_syncs() - syncs0;
    println!(
        "allocate (synced, group commit, {threads} threads): {done} in {:.1} s = {:.0} allocations/s ({syncs} WAL syncs, {:.1} allocations per sync)",
        t0.elapsed().as_secs_f64(),
        done as f64 / t0.elapsed().as_secs_f64(),
        done as f64 / syncs.max(1) as f64,
    );
    let reqs: Vec<AllocationRequest> = (0..20_000)
        .map(|i| AllocationRequest {
            tenant: ALLOC,
            external_ref: format!("run{run}-bulk-{i}"),
            strategy: Strategy::LeastRecentlyReleased,
            spec: BindingSpec::new(BindingKind::OneWay {
                destinations: vec![RealNumber::parse("01012345678").unwrap()],
            }),
        })
        .collect();
    let t0 = Instant::now();
    let res = s.allocate_many("bench", &reqs, now).unwrap();
    assert!(res.iter().all(Result::is_ok));
    println!(
        "allocate_many (1 thread, one sync): {:.0} allocations/s",
        20_000.0 / t0.elapsed().as_secs_f64()
    );

    println!("{}", loadavg());
    let call_rec = |t: u64, i: u64, k: u64| CallRecord {
        call_id: (run << 48) | (t << 40) | i,
        number: number(k),
        tenant: BOUND,
        binding: Some(BindingId {
            number: number(k),
            generation: 1,
        }),
        external_ref: Some(format!("ord-{k}")),
        caller: Some(RealNumber::parse("01099998888").unwrap()),
        destination: Some(RealNumber::parse("01012345678").unwrap()),
        attempt_at: now.plus_secs(i),
        answer_at: Some(now.plus_secs(i + 3)),
        end_at: Some(now.plus_secs(i + 60)),
        release_cause: Some(ReleaseCause::NORMAL_CLEARING),
        outcome: Outcome::Answered,
        ssp: "pc=1234".into(),
    };

    // Call records, synced each (group commit), 32 threads, 5 s.
    let stop = AtomicBool::new(false);
    let count = AtomicU64::new(0);
    let t0 = Instant::now();
    std::thread::scope(|sc| {
        for t in 0..32u64 {
            let (s, stop, count, call_rec) = (&s, &stop, &count, &call_rec);
            sc.spawn(move || {
                let mut rng = Rng(0xabcdef ^ (t + 1) ^ (run << 32));
                let mut i = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    s.record_call(&call_rec(t, i, rng.next() % n)).unwrap();
                    count.fetch_add(1, Ordering::Relaxed);
                    i += 1;
                }
            });
        }
        std::thread::sleep(Duration::from_secs(5));
        stop.store(true, Ordering::Relaxed);
    });
    let done = count.load(Ordering::Relaxed);
    println!(
        "record_call (synced, group commit, 32 threads): {done} in {:.1} s = {:.0} appends/s",
        t0.elapsed().as_secs_f64(),
        done as f64 / t0.elapsed().as_secs_f64()
    );

    println!("{}", loadavg());
    // Call records, the SCP's path: batches of 256 from 2 writer threads
    // (first the attempt, later the answered/ended update of each call), a
    // WAL sync every 100 ms, 5 s.
    let stop = AtomicBool::new(false);
    let count = AtomicU64::new(0);
    let t0 = Instant::now();
    std::thread::scope(|sc| {
        for t in 100..102u64 {
            let (s, stop, count, call_rec) = (&s, &stop, &count, &call_rec);
            sc.spawn(move || {
                let mut rng = Rng(0xfedcba ^ (t + 1) ^ (run << 32));
                let mut i = 0u64;
                let mut last_sync = Instant::now();
                let mut pending: Vec<CallRecord> = Vec::new();
                while !stop.load(Ordering::Relaxed) {
                    let mut batch: Vec<CallRecord> = std::mem::take(&mut pending);
                    while batch.len() < 256 {
                        let mut c = call_rec(t, i, rng.next() % n);
                        c.outcome = Outcome::Connected;
                        c.answer_at = None;
                        c.end_at = None;
                        batch.push(c.clone());
                        // The update comes in a later batch.
                        c.outcome = Outcome::Answered;
                        c.answer_at = Some(now.plus_secs(i + 3));
                        c.end_at = Some(now.plus_secs(i + 60));
                        pending.push(c);
                        i += 1;
                    }
                    s.record_calls(&batch).unwrap();
                    count.fetch_add(batch.len() as u64, Ordering::Relaxed);
                    if last_sync.elapsed() >= Duration::from_millis(100) {
                        s.sync().unwrap();
                        last_sync = Instant::now();
                    }
                }
            });
        }
        std::thread::sleep(Duration::from_secs(5));
        stop.store(true, Ordering::Relaxed);
    });
    let done = count.load(Ordering::Relaxed);
    println!(
        "record_calls (batches of 256, half new calls and half updates, 2 threads, sync every 100 ms): {done} in {:.1} s = {:.0} writes/s",
        t0.elapsed().as_secs_f64(),
        done as f64 / t0.elapsed().as_secs_f64()
    );

    println!("{}", loadavg());
    // Size.
    let disk = s.engine().disk_bytes().unwrap();
    let prop = |name: &str| s.engine().property(name).unwrap_or_default();
    println!(
        "disk: {:.2} GiB in the directory = {:.0} bytes/binding (live SST {} bytes, estimated live data {} bytes)",
        disk as f64 / (1u64 << 30) as f64,
        disk as f64 / n as f64,
        prop("rocksdb.total-sst-files-size"),
        prop("rocksdb.estimate-live-data-size"),
    );
    let rss = rss_bytes();
    println!(
        "ram: RSS {:.0} MiB = {:.0} bytes/binding (block cache usage {} bytes of {} configured; table readers {} bytes)",
        rss as f64 / (1u64 << 20) as f64,
        rss as f64 / n as f64,
        prop("rocksdb.block-cache-usage"),
        config.block_cache_bytes,
        prop("rocksdb.estimate-table-readers-mem"),
    );
}
