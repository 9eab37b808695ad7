//! Privacy at rest on the RocksDB engine: real numbers never reach the data
//! directory in clear, and after purge + compaction even their ciphertext is
//! gone from every file (SSTs, WAL, manifest, logs).

mod common;

use common::*;
use store::engine::ReadView;
use store::model::{NumberRecord, NumberState, StoredCall, StoredKind, decode};
use store::*;

fn grep_dir(dir: &std::path::Path, needle: &[u8]) -> Vec<String> {
    let mut hits = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_file() {
            let bytes = std::fs::read(&p).unwrap();
            if bytes.windows(needle.len()).any(|w| w == needle) {
                hits.push(p.file_name().unwrap().to_string_lossy().into_owned());
            }
        }
    }
    hits
}

#[test]
fn purge_and_compaction_remove_numbers_from_data_files() {
    const REAL: &str = "01087654321";
    const CALLER: &str = "01076543210";
    let dir = tempfile::tempdir().unwrap();
    let engine = RocksEngine::open(dir.path(), &RocksConfig::default()).unwrap();
    let s = setup(engine);
    let a = s
        .allocate("api", &lrr(SHOP, "secret-order", REAL), T0)
        .unwrap();
    let mut c = call(a.id.number, SHOP, 7, T0, Outcome::Answered);
    c.caller = Some(r(CALLER));
    c.destination = Some(r(REAL));
    s.record_call(&c).unwrap();

    // The ciphertexts as stored.
    let rec: NumberRecord = decode(
        &s.engine()
            .get(&keys::number(&a.id.number))
            .unwrap()
            .unwrap(),
    )
    .unwrap();
    let NumberState::Bound(b) = rec.state else {
        panic!()
    };
    let StoredKind::OneWay { destinations } = &b.kind else {
        panic!()
    };
    let binding_ct = destinations[0].ciphertext.clone();
    let mut call_cts = Vec::new();
    s.engine()
        .scan(&[keys::CALL], Some(&[keys::CALL + 1]), &mut |_, v| {
            let sc: StoredCall = decode(v).unwrap();
            call_cts.push(sc.caller.unwrap().ciphertext);
            call_cts.push(sc.destination.unwrap().ciphertext);
            true
        })
        .unwrap();

    // Sanity: the grep finds the ciphertext while it is live (WAL or SST),
    // and the clear numbers are nowhere, even now.
    assert!(
        !grep_dir(dir.path(), &binding_ct).is_empty(),
        "grep must see live ciphertext"
    );
    s.engine().flush().unwrap();
    assert!(!grep_dir(dir.path(), &binding_ct).is_empty());
    for clear in [REAL, CALLER] {
        assert_eq!(
            grep_dir(dir.path(), clear.as_bytes()),
            Vec::<String>::new(),
            "clear {clear}"
        );
    }

    // End the binding, let grace and retention pass, purge, compact.
    s.release("api", &a.id.number, T0.plus_secs(DAY)).unwrap();
    let later = Timestamp(1_772_586_000_000 + 10 * DAY * 1000); // 2026-03-14
    let report = s.purge(later).unwrap();
    assert_eq!(
        report,
        PurgeReport {
            binding_numbers: 1,
            call_records: 1
        }
    );
    s.compact_erased().unwrap();

    for needle in std::iter::once(&binding_ct).chain(call_cts.iter()) {
        assert_eq!(
            grep_dir(dir.path(), needle),
            Vec::<String>::new(),
            "ciphertext survived"
        );
    }
    for clear in [REAL, CALLER] {
        assert_eq!(grep_dir(dir.path(), clear.as_bytes()), Vec::<String>::new());
    }
    // The store still works and remembers the destruction.
    let log = s.audit_log(T0, later.plus_secs(1)).unwrap();
    assert_eq!(
        log.iter()
            .filter(|e| matches!(e.action, AuditAction::Destroyed { .. }))
            .count(),
        2
    );
    assert_eq!(
        s.number_status(&a.id.number).unwrap(),
        Some(NumberStatus::Quarantined)
    );
}
