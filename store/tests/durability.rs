//! Durability: a child process allocates bindings and records calls on the
//! RocksDB engine, printing each one after the store acknowledged it; the
//! parent kills it with SIGKILL at random (seeded) moments, reopens the
//! store, and checks that every acknowledged write is there. 30 rounds.
//!
//! Each call is written twice: the attempt with `record_call` (synced), then
//! the answered update with the unsynced batch path `record_calls`; after
//! the kill the update must be there too (a process crash loses nothing
//! `record_calls` returned) and the daily counters must equal a recount of
//! the records (records and counters are one atomic batch).
//!
//! SIGKILL loses the process, not the kernel's page cache, so this proves
//! that acknowledged writes are in the WAL and recovered on reopen; that
//! the WAL is fsynced before the acknowledgement is the group commit's
//! `Engine::sync` (RocksDB `SyncWAL`) before `allocate`/`record_call`
//! return, which RocksDB's own power-loss tests cover.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use store::*;

const CHILD_ENV: &str = "VNS_STORE_DURABILITY_CHILD";
const ROUNDS: u64 = 30;

fn open(dir: &str) -> Store<RocksEngine> {
    let engine = RocksEngine::open(
        std::path::Path::new(dir),
        &RocksConfig {
            block_cache_bytes: 8 << 20,
            ..RocksConfig::default()
        },
    )
    .unwrap();
    Store::open(engine, keyring(), StoreConfig::default()).unwrap()
}

/// The child: allocate and record calls until killed.
fn child(dir: &str, round: u64) {
    let s = open(dir);
    let out = std::io::stdout();
    for i in 0u64.. {
        let ext = format!("r{round}-{i}");
        let a = s
            .allocate("child", &lrr(SHOP, &ext, "01012345678"), T0)
            .unwrap();
        let at = T0.plus_secs(round * 1000 + i);
        let mut attempt = call(a.id.number, SHOP, i, at, Outcome::Connected);
        attempt.answer_at = None;
        attempt.end_at = None;
        s.record_call(&attempt).unwrap();
        s.record_calls(&[call(a.id.number, SHOP, i, at, Outcome::Answered)])
            .unwrap();
        // Acknowledged: both writes returned.
        use std::io::Write;
        let mut lock = out.lock();
        writeln!(lock, "ACK {ext} {} {}", a.id.number, at.0).unwrap();
        lock.flush().unwrap();
    }
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

#[test]
fn acknowledged_writes_survive_sigkill() {
    if let Ok(dir) = std::env::var(CHILD_ENV) {
        let round = std::env::var("VNS_STORE_DURABILITY_ROUND")
            .unwrap()
            .parse()
            .unwrap();
        child(&dir, round);
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_str().unwrap().to_owned();
    {
        let s = open(&dir);
        s.put_tenant(
            "admin",
            &Tenant {
                id: SHOP,
                name: "shop".into(),
                policy: policy(),
            },
            T0,
        )
        .unwrap();
        s.add_range(
            "admin",
            &NumberRange {
                tenant: SHOP,
                first: v("05041230000"),
                last: v("05041239999"),
            },
            T0,
        )
        .unwrap();
    }
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let mut all_acked = 0;
    let started = Instant::now();
    for round in 0..ROUNDS {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "acknowledged_writes_survive_sigkill",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, &dir)
            .env("VNS_STORE_DURABILITY_ROUND", round.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter(|l| l.starts_with("ACK "))
                .collect::<Vec<String>>()
        });
        // Kill at a random moment: 30–330 ms after start (opening the DB
        // takes part of it, so some rounds die before or during recovery).
        std::thread::sleep(Duration::from_millis(30 + rng.next() % 300));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        let acked = reader.join().unwrap();
        all_acked += acked.len();

        let s = open(&dir);
        for line in &acked {
            let parts: Vec<&str> = line.split(' ').collect();
            let (ext, number, at) = (parts[1], v(parts[2]), parts[3].parse::<u64>().unwrap());
            let got = s.binding_by_ref(SHOP, ext).unwrap();
            assert_eq!(
                got.map(|b| b.number),
                Some(number),
                "round {round}: acknowledged {ext} lost"
            );
            let calls = s.calls(SHOP, Timestamp(at), Timestamp(at + 1), 10).unwrap();
            assert_eq!(calls.len(), 1, "round {round}: call of {ext} lost");
            assert_eq!(
                calls[0].outcome,
                Outcome::Answered,
                "round {round}: update of {ext} lost"
            );
        }
        record_state_is_consistent(&s);
        counters_match_calls(&s, &[SHOP]);
    }
    eprintln!("{ROUNDS} rounds: {all_acked} acknowledged allocations and calls, all recovered");
    assert!(
        all_acked > ROUNDS as usize,
        "children acknowledged too little ({all_acked}) to test anything"
    );
    assert!(started.elapsed() < Duration::from_secs(120));
}
