//! The conformance suite run against both engines.

mod common;

use store::{MemEngine, RocksConfig, RocksEngine};

fn rocks() -> (tempfile::TempDir, RocksEngine) {
    let dir = tempfile::tempdir().unwrap();
    let e = RocksEngine::open(
        dir.path(),
        &RocksConfig {
            block_cache_bytes: 8 << 20,
            ..RocksConfig::default()
        },
    )
    .unwrap();
    (dir, e)
}

macro_rules! both {
    ($($name:ident),* $(,)?) => {
        mod mem {
            $( #[test] fn $name() { super::common::$name(store::MemEngine::new()); } )*
        }
        mod rocksdb {
            $( #[test] fn $name() { let (_dir, e) = super::rocks(); super::common::$name(e); } )*
        }
    };
}

both!(
    route_unknown_free_reserved,
    one_way_connect_and_call_records,
    two_way_and_originating,
    idempotency_explicit_reserved,
    vanity_allocation,
    exhaustion_is_typed,
    expiry_quarantine_and_reuse,
    cross_tenant_minimum,
    traffic_aware_rest,
    sliding_ttl,
    schedule_and_validity,
    suspend_and_resume,
    purge_retention,
    reencrypt_rotation,
    format_version_checked,
    suspended_binding_expiry_keeps_rest,
    group_commit_hammer,
    call_record_upsert,
    labels_query,
    originating_tie_break,
);

#[test]
fn engine_conformance_mem() {
    common::engine_conformance(&MemEngine::new());
}

#[test]
fn engine_conformance_rocks() {
    let (_dir, e) = rocks();
    common::engine_conformance(&e);
}

#[test]
fn allocation_hammer_mem() {
    common::allocation_hammer(MemEngine::new(), 16, 20);
}

#[test]
fn allocation_hammer_rocks() {
    let (_dir, e) = rocks();
    common::allocation_hammer(e, 16, 20);
}
