//! The shared conformance suite: every function here is generic over the
//! engine and is run against both `MemEngine` and `RocksEngine`.
#![allow(dead_code, unreachable_pub)]

use store::engine::{Batch, Engine, ReadView};
use store::model::NumberState;
use store::*;

pub const DAY: u64 = 86_400;

pub fn keyring() -> KeyRing {
    KeyRing::new(1, &[0x11; 32], &[0x22; 32])
}

pub fn v(s: &str) -> VirtualNumber {
    VirtualNumber::parse(s).unwrap()
}

pub fn r(s: &str) -> RealNumber {
    RealNumber::parse(s).unwrap()
}

/// 2025-03-04T01:00:00Z (a Tuesday, 10:00 KST).
pub const T0: Timestamp = Timestamp(1_741_050_000_000);

pub const SHOP: TenantId = TenantId(1);
pub const MARKET: TenantId = TenantId(2);

pub fn policy() -> Policy {
    Policy {
        default_ttl_secs: 7 * DAY,
        quarantine_secs: 30 * DAY,
        quiet_days: None,
        call_retention_months: 12,
        binding_grace_secs: 7 * DAY,
        expired_announcement: Some(AnnouncementId(77)),
    }
}

/// A store with two tenants: SHOP owns 0504-1234-0000..0099 (100 numbers),
/// MARKET owns 0504-5678-0000..0009 (10 numbers).
pub fn setup<E: Engine>(engine: E) -> Store<E> {
    let s = Store::open(engine, keyring(), StoreConfig::default()).unwrap();
    for (id, name) in [(SHOP, "shop"), (MARKET, "market")] {
        s.put_tenant(
            "admin",
            &Tenant {
                id,
                name: name.into(),
                policy: policy(),
            },
            T0,
        )
        .unwrap();
    }
    let added = s
        .add_range(
            "admin",
            &NumberRange {
                tenant: SHOP,
                first: v("05041234000"),
                last: v("05041234099"),
            },
            T0,
        )
        .unwrap();
    assert_eq!(added, 100);
    s.add_range(
        "admin",
        &NumberRange {
            tenant: MARKET,
            first: v("05045678000"),
            last: v("05045678009"),
        },
        T0,
    )
    .unwrap();
    s
}

pub fn one_way(dest: &str) -> BindingSpec {
    BindingSpec::new(BindingKind::OneWay {
        destinations: vec![r(dest)],
    })
}

pub fn req(
    tenant: TenantId,
    ext: &str,
    strategy: Strategy,
    spec: BindingSpec,
) -> AllocationRequest {
    AllocationRequest {
        tenant,
        external_ref: ext.into(),
        strategy,
        spec,
    }
}

pub fn lrr(tenant: TenantId, ext: &str, dest: &str) -> AllocationRequest {
    req(tenant, ext, Strategy::LeastRecentlyReleased, one_way(dest))
}

fn connect(d: RouteDecision) -> Connect {
    match d {
        RouteDecision::Connect(c) => *c,
        other => panic!("expected Connect, got {other:?}"),
    }
}

pub fn call(
    number: VirtualNumber,
    tenant: TenantId,
    id: u64,
    at: Timestamp,
    outcome: Outcome,
) -> CallRecord {
    CallRecord {
        call_id: id,
        number,
        tenant,
        binding: None,
        external_ref: None,
        caller: Some(r("01099998888")),
        destination: Some(r("01012345678")),
        attempt_at: at,
        answer_at: Some(at.plus_secs(5)),
        end_at: Some(at.plus_secs(65)),
        release_cause: Some(ReleaseCause::NORMAL_CLEARING),
        outcome,
        ssp: "pc=1234".into(),
    }
}

// ----- engine level ------------------------------------------------------------

/// The engine contract: point ops, atomic batches, ordered scans with bounds,
/// range deletes, last_in, snapshot isolation.
pub fn engine_conformance<E: Engine>(e: &E) {
    assert_eq!(e.get(b"a").unwrap(), None);
    let mut b = Batch::new();
    for k in [&b"a"[..], b"b", b"ba", b"bb", b"c", b"\xff\x01"] {
        b.put(k.to_vec(), [k, b"!"].concat());
    }
    e.write(&b, true).unwrap();
    assert_eq!(e.get(b"ba").unwrap().as_deref(), Some(&b"ba!"[..]));
    let scan = |from: &[u8], to: Option<&[u8]>| {
        let mut out = Vec::new();
        e.scan(from, to, &mut |k, _| {
            out.push(k.to_vec());
            true
        })
        .unwrap();
        out
    };
    assert_eq!(
        scan(b"b", Some(b"c")),
        vec![b"b".to_vec(), b"ba".to_vec(), b"bb".to_vec()]
    );
    assert_eq!(
        scan(b"bb", None),
        vec![b"bb".to_vec(), b"c".to_vec(), b"\xff\x01".to_vec()]
    );
    assert!(scan(b"c", Some(b"b")).is_empty());
    // Early stop.
    let mut n = 0;
    e.scan(b"", None, &mut |_, _| {
        n += 1;
        n < 2
    })
    .unwrap();
    assert_eq!(n, 2);
    assert_eq!(e.last_in(b"b", b"c").unwrap().unwrap().0, b"bb".to_vec());
    assert_eq!(e.last_in(b"b", b"bb").unwrap().unwrap().0, b"ba".to_vec());
    assert_eq!(e.last_in(b"d", b"e").unwrap(), None);
    assert_eq!(
        e.last_in(b"\xff", b"\xff\xff").unwrap().unwrap().0,
        b"\xff\x01".to_vec()
    );

    // Snapshot isolation.
    let snap = e.snapshot();
    let mut b = Batch::new();
    b.delete(b"a".to_vec());
    b.put(b"b".to_vec(), b"new".to_vec());
    b.delete_range(b"ba".to_vec(), b"c".to_vec());
    e.write(&b, false).unwrap();
    assert_eq!(snap.get(b"a").unwrap().as_deref(), Some(&b"a!"[..]));
    assert_eq!(snap.get(b"b").unwrap().as_deref(), Some(&b"b!"[..]));
    let mut seen = Vec::new();
    snap.scan(b"", None, &mut |k, _| {
        seen.push(k.to_vec());
        true
    })
    .unwrap();
    assert_eq!(seen.len(), 6);
    assert_eq!(snap.last_in(b"b", b"c").unwrap().unwrap().0, b"bb".to_vec());
    drop(snap);
    assert_eq!(e.get(b"a").unwrap(), None);
    assert_eq!(e.get(b"b").unwrap().as_deref(), Some(&b"new"[..]));
    assert_eq!(
        scan(b"", None),
        vec![b"b".to_vec(), b"c".to_vec(), b"\xff\x01".to_vec()]
    );
    // Empty or inverted range deletes are no-ops.
    let mut b = Batch::new();
    b.delete_range(b"z".to_vec(), b"a".to_vec());
    e.write(&b, true).unwrap();
    assert_eq!(scan(b"", None).len(), 3);
    e.sync().unwrap();
    e.flush().unwrap();
    e.compact_range(None, None).unwrap();
    assert_eq!(scan(b"", None).len(), 3);

    // A batch is atomic for concurrent readers.
    std::thread::scope(|s| {
        s.spawn(|| {
            for i in 0..300u32 {
                let mut b = Batch::new();
                b.put(b"x1".to_vec(), i.to_be_bytes().to_vec());
                b.put(b"x2".to_vec(), i.to_be_bytes().to_vec());
                e.write(&b, false).unwrap();
            }
        });
        s.spawn(|| {
            for _ in 0..300 {
                let snap = e.snapshot();
                assert_eq!(snap.get(b"x1").unwrap(), snap.get(b"x2").unwrap());
            }
        });
    });
}

// ----- store level -------------------------------------------------------------

pub fn route_unknown_free_reserved<E: Engine>(e: E) {
    let s = setup(e);
    let unalloc = RouteDecision::Release {
        cause: ReleaseCause::UNALLOCATED_NUMBER,
        reason: Reason::Unknown,
    };
    assert_eq!(s.route("05049999999", "01011112222", T0).unwrap(), unalloc);
    assert_eq!(s.route("05041234000", "01011112222", T0).unwrap(), unalloc);
    assert_eq!(s.route("not a number", "01011112222", T0).unwrap(), unalloc);
    s.reserve("admin", &v("05041234001"), T0).unwrap();
    assert_eq!(s.route("05041234001", "01011112222", T0).unwrap(), unalloc);
    assert_eq!(
        s.number_status(&v("05041234001")).unwrap(),
        Some(NumberStatus::Reserved)
    );
}

pub fn one_way_connect_and_call_records<E: Engine>(e: E) {
    let s = setup(e);
    let mut spec = one_way("010-1234-5678");
    spec.max_call_secs = Some(600);
    spec.ringback = Some(AnnouncementId(5));
    spec.busy_forward = Some(r("01055556666"));
    spec.labels.region = Some("seoul".into());
    let a = s
        .allocate(
            "api",
            &req(SHOP, "order-1", Strategy::LeastRecentlyReleased, spec),
            T0,
        )
        .unwrap();
    assert!(a.created);
    assert_eq!(a.id.number, v("05041234000"), "never-used numbers in order");
    assert_eq!(a.expires_at, T0.plus_secs(7 * DAY));
    let c = connect(
        s.route("05041234000", "01099998888", T0.plus_secs(1))
            .unwrap(),
    );
    assert_eq!(c.destination.expose(), "01012345678");
    assert_eq!(c.presentation, None);
    assert_eq!(c.binding, a.id);
    assert_eq!(c.external_ref, "order-1");
    assert_eq!(c.max_call_secs, Some(600));
    assert_eq!(c.ringback, Some(AnnouncementId(5)));
    assert_eq!(
        c.busy_forward.as_ref().map(|x| x.expose()),
        Some("01055556666")
    );
    // Debug output never shows a clear real number.
    let dbg = format!("{c:?}");
    assert!(
        dbg.contains("010-****-5678") && !dbg.contains("12345678"),
        "{dbg}"
    );
    // The binding view.
    let view = s.binding(&a.id.number).unwrap().unwrap();
    assert_eq!(
        view.kind,
        BindingKind::OneWay {
            destinations: vec![r("01012345678")]
        }
    );
    assert_eq!(view.labels.region.as_deref(), Some("seoul"));
    assert_eq!(s.binding_by_ref(SHOP, "order-1").unwrap(), Some(a.id));

    // Call records: sealed at rest, in time order, counted per day.
    for (i, outcome) in [Outcome::Answered, Outcome::Busy, Outcome::Answered]
        .into_iter()
        .enumerate()
    {
        let mut rec = call(
            a.id.number,
            SHOP,
            100 - i as u64,
            T0.plus_secs(60 * i as u64),
            outcome,
        );
        rec.binding = Some(a.id);
        rec.external_ref = Some("order-1".into());
        s.record_call(&rec).unwrap();
    }
    let calls = s.calls(SHOP, T0, T0.plus_secs(DAY), 10).unwrap();
    assert_eq!(calls.len(), 3);
    assert_eq!(
        calls.iter().map(|c| c.call_id).collect::<Vec<_>>(),
        vec![100, 99, 98]
    );
    assert_eq!(calls[0].caller.as_ref().unwrap().expose(), "01099998888");
    assert_eq!(calls[0].binding, Some(a.id));
    assert_eq!(calls[1].outcome, Outcome::Busy);
    assert_eq!(
        s.calls(SHOP, T0.plus_secs(30), T0.plus_secs(DAY), 10)
            .unwrap()
            .len(),
        2
    );
    assert_eq!(s.calls(SHOP, T0, T0.plus_secs(DAY), 1).unwrap().len(), 1);
    assert!(
        s.calls(MARKET, T0, T0.plus_secs(DAY), 10)
            .unwrap()
            .is_empty()
    );
    let c = s.daily_counters(&a.id.number, T0).unwrap();
    assert_eq!(
        (c.attempts, c.answered, c.busy, c.connected, c.talk_secs),
        (3, 2, 1, 2, 120)
    );
    assert_eq!(
        s.daily_counters(&a.id.number, T0.plus_secs(DAY)).unwrap(),
        DailyCounters::default()
    );
}

pub fn two_way_and_originating<E: Engine>(e: E) {
    let s = setup(e);
    let spec = BindingSpec::new(BindingKind::TwoWay {
        a: r("01011111111"),
        b: r("01022222222"),
    });
    let a = s
        .allocate(
            "api",
            &req(SHOP, "pair", Strategy::LeastRecentlyReleased, spec),
            T0,
        )
        .unwrap();
    let vn = a.id.number;
    let c = connect(s.route(vn.as_str(), "01011111111", T0).unwrap());
    assert_eq!(
        (c.destination.expose(), c.presentation),
        ("01022222222", Some(vn))
    );
    // International form of the caller is normalised.
    let c = connect(s.route(vn.as_str(), "+82-10-2222-2222", T0).unwrap());
    assert_eq!(c.destination.expose(), "01011111111");
    assert_eq!(
        s.route(vn.as_str(), "01033333333", T0).unwrap(),
        RouteDecision::Release {
            cause: ReleaseCause::CALL_REJECTED,
            reason: Reason::NotAParty
        }
    );

    let spec = BindingSpec::new(BindingKind::OriginatingMask {
        party: r("01044444444"),
    });
    let m = s
        .allocate(
            "api",
            &req(SHOP, "courier-7", Strategy::LeastRecentlyReleased, spec),
            T0,
        )
        .unwrap();
    let c = connect(
        s.route_originating("01044444444", "0212345678", T0)
            .unwrap(),
    );
    assert_eq!(
        (c.destination.expose(), c.presentation, c.binding),
        ("0212345678", Some(m.id.number), m.id)
    );
    assert_eq!(
        s.route_originating("01055555555", "0212345678", T0)
            .unwrap(),
        RouteDecision::Continue
    );
    // Calls back to the mask number reach the protected party.
    let c = connect(s.route(m.id.number.as_str(), "0212345678", T0).unwrap());
    assert_eq!(c.destination.expose(), "01044444444");
    // Reverse lookup through the blind index.
    assert_eq!(s.protected_party(&r("01044444444")).unwrap(), vec![m.id]);
    assert_eq!(s.protected_party(&r("01022222222")).unwrap(), vec![a.id]);
    assert!(s.protected_party(&r("01099999999")).unwrap().is_empty());
    // The blind index never holds the clear number as a key.
    let mut leaked = false;
    s.engine()
        .scan(&[keys::BLIND], Some(&[keys::BLIND + 1]), &mut |k, _| {
            leaked |= k.windows(11).any(|w| w == b"01044444444");
            true
        })
        .unwrap();
    assert!(!leaked);
    // After release, no longer protected; originating calls continue.
    s.release("api", &m.id.number, T0.plus_secs(10)).unwrap();
    assert!(s.protected_party(&r("01044444444")).unwrap().is_empty());
    assert_eq!(
        s.route_originating("01044444444", "0212345678", T0.plus_secs(11))
            .unwrap(),
        RouteDecision::Continue
    );
}

pub fn idempotency_explicit_reserved<E: Engine>(e: E) {
    let s = setup(e);
    let a = s
        .allocate("api", &lrr(SHOP, "o1", "01012345678"), T0)
        .unwrap();
    let again = s
        .allocate("api", &lrr(SHOP, "o1", "01099999999"), T0)
        .unwrap();
    assert_eq!((again.id, again.created), (a.id, false));
    // Same reference, other tenant: another binding.
    let other = s
        .allocate("api", &lrr(MARKET, "o1", "01012345678"), T0)
        .unwrap();
    assert!(other.created);
    assert_ne!(other.id.number, a.id.number);
    // Reserved numbers: never auto-allocated, explicit only.
    s.reserve("admin", &v("05041234001"), T0).unwrap();
    let b = s
        .allocate("api", &lrr(SHOP, "o2", "01012345678"), T0)
        .unwrap();
    assert_eq!(b.id.number, v("05041234002"));
    let x = s
        .allocate(
            "api",
            &req(
                SHOP,
                "vip",
                Strategy::Explicit(v("05041234001")),
                one_way("01012345678"),
            ),
            T0,
        )
        .unwrap();
    assert_eq!(x.id.number, v("05041234001"));
    // Explicit on a bound number, another tenant's, or outside the pool.
    let err = s
        .allocate(
            "api",
            &req(
                SHOP,
                "o3",
                Strategy::Explicit(v("05041234000")),
                one_way("01012345678"),
            ),
            T0,
        )
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Unavailable {
                status: NumberStatus::Bound,
                ..
            }
        ),
        "{err:?}"
    );
    let err = s
        .allocate(
            "api",
            &req(
                SHOP,
                "o3",
                Strategy::Explicit(v("05045678005")),
                one_way("01012345678"),
            ),
            T0,
        )
        .unwrap_err();
    assert!(
        matches!(err, StoreError::WrongTenant { owner: MARKET, .. }),
        "{err:?}"
    );
    let err = s
        .allocate(
            "api",
            &req(
                SHOP,
                "o3",
                Strategy::Explicit(v("05040000000")),
                one_way("01012345678"),
            ),
            T0,
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::NotInPool(_)), "{err:?}");
    assert!(matches!(
        s.allocate("api", &lrr(TenantId(99), "o", "01012345678"), T0),
        Err(StoreError::UnknownTenant(TenantId(99)))
    ));
    assert!(matches!(
        s.allocate("api", &lrr(SHOP, "", "01012345678"), T0),
        Err(StoreError::Invalid(_))
    ));
    let empty = BindingSpec::new(BindingKind::OneWay {
        destinations: vec![],
    });
    assert!(matches!(
        s.allocate(
            "api",
            &req(SHOP, "e", Strategy::LeastRecentlyReleased, empty),
            T0
        ),
        Err(StoreError::Invalid(_))
    ));
}

pub fn vanity_allocation<E: Engine>(e: E) {
    let s = setup(e);
    let vanity = |ext: &str, real: &str| {
        s.allocate("api", &req(SHOP, ext, Strategy::Vanity, one_way(real)), T0)
            .unwrap()
            .id
            .number
    };
    // The pool is 0504-123-4000..4099 (11 digits): no last-four match for
    // 0042; the last three 042 → 0504-123-4042.
    assert_eq!(vanity("a", "01055550042"), v("05041234042"));
    // 042 is taken and 42 has no other candidate:
    // Falls back to least recently released.
    assert_eq!(vanity("b", "01066660042"), v("05041234000"));
    // Last four 7017 is not in the pool; last three 017 → 0017.
    assert_eq!(vanity("c", "01012347017"), v("05041234017"));
    // Last two 55 → 0055.
    assert_eq!(vanity("d", "01012349955"), v("05041234055"));
}

pub fn exhaustion_is_typed<E: Engine>(e: E) {
    let s = setup(e);
    for i in 0..10 {
        s.allocate("api", &lrr(MARKET, &format!("m{i}"), "01012345678"), T0)
            .unwrap();
    }
    s.release("api", &v("05045678003"), T0).unwrap();
    s.suspend("admin", &v("05045678004"), T0).unwrap();
    match s.allocate("api", &lrr(MARKET, "m-more", "01012345678"), T0) {
        Err(StoreError::Exhausted { tenant, counts }) => {
            assert_eq!(tenant, MARKET);
            assert_eq!(
                counts,
                PoolCounts {
                    free: 0,
                    resting_cross_tenant: 0,
                    reserved: 0,
                    bound: 8,
                    quarantined: 1,
                    suspended: 1
                }
            );
        }
        other => panic!("{other:?}"),
    }
}

pub fn expiry_quarantine_and_reuse<E: Engine>(e: E) {
    let s = setup(e);
    let a = s
        .allocate("api", &lrr(MARKET, "x", "01012345678"), T0)
        .unwrap();
    let vn = a.id.number;
    let exp = a.expires_at;
    assert!(matches!(
        s.route(vn.as_str(), "01099998888", exp.minus_secs(1))
            .unwrap(),
        RouteDecision::Connect(_)
    ));
    // Expired but not yet swept: the tenant's announcement.
    let expired = RouteDecision::Announce {
        announcement: AnnouncementId(77),
        then: ReleaseCause::NUMBER_CHANGED,
        reason: Reason::Expired,
    };
    assert_eq!(s.route(vn.as_str(), "01099998888", exp).unwrap(), expired);
    assert_eq!(s.sweep(exp.minus_secs(1)).unwrap(), SweepReport::default());
    let rep = s.sweep(exp).unwrap();
    assert_eq!(rep.expired, 1);
    assert_eq!(
        s.number_status(&vn).unwrap(),
        Some(NumberStatus::Quarantined)
    );
    assert_eq!(s.binding(&vn).unwrap(), None);
    assert_eq!(s.binding_by_ref(MARKET, "x").unwrap(), None);
    assert!(matches!(
        s.route(vn.as_str(), "01099998888", exp.plus_secs(5))
            .unwrap(),
        RouteDecision::Announce {
            reason: Reason::Quarantined,
            ..
        }
    ));
    // Quarantined numbers are not allocated: the next free one is.
    let b = s
        .allocate("api", &lrr(MARKET, "y", "01012345678"), exp)
        .unwrap();
    assert_ne!(b.id.number, vn);
    // The same reference may be allocated again after its binding ended.
    let again = s
        .allocate("api", &lrr(MARKET, "x", "01012345678"), exp)
        .unwrap();
    assert!(again.created);
    // 30 days of policy quarantine.
    let rested = exp.plus_secs(30 * DAY);
    assert_eq!(s.sweep(rested.minus_secs(1)).unwrap().freed, 0);
    let rep = s.sweep(rested).unwrap();
    assert_eq!(rep.freed, 1);
    assert_eq!(s.number_status(&vn).unwrap(), Some(NumberStatus::Free));
    // Longest rest first: never-used numbers come before the released one.
    let mut got = Vec::new();
    for i in 0..8 {
        got.push(
            s.allocate("api", &lrr(MARKET, &format!("z{i}"), "01012345678"), rested)
                .unwrap()
                .id
                .number,
        );
    }
    assert_eq!(got.last(), Some(&vn), "{got:?}");
    assert_eq!(s.binding(&vn).unwrap().unwrap().id.generation, 2);
    // Audit: allocation, expiry, freeing.
    let log = s.audit_log(T0, rested.plus_secs(1)).unwrap();
    assert!(log.iter().any(|e| e.number == Some(vn)
        && matches!(e.action, AuditAction::Expired { generation: 1 })
        && e.actor == "sweeper"));
    assert!(
        log.iter()
            .any(|e| e.number == Some(vn) && e.action == AuditAction::Freed)
    );
    assert!(log.windows(2).all(|w| w[0].at <= w[1].at));
}

pub fn cross_tenant_minimum<E: Engine>(e: E) {
    let s = setup(e);
    // MARKET uses and releases every number.
    for i in 0..10 {
        s.allocate("api", &lrr(MARKET, &format!("m{i}"), "01012345678"), T0)
            .unwrap();
    }
    for i in 0..10 {
        s.release("api", &v(&format!("0504567800{i}")), T0).unwrap();
    }
    s.sweep(T0.plus_secs(30 * DAY)).unwrap();
    // The range moves to SHOP: MARKET's 30-day quarantine is over, but the
    // cross-tenant minimum (90 days) is not.
    let range = NumberRange {
        tenant: SHOP,
        first: v("05045678000"),
        last: v("05045678009"),
    };
    assert_eq!(
        s.assign_range("admin", &range, T0.plus_secs(31 * DAY))
            .unwrap(),
        AssignReport { moved: 10, busy: 0 }
    );
    let t = T0.plus_secs(31 * DAY);
    let err = s
        .allocate(
            "api",
            &req(
                SHOP,
                "s",
                Strategy::Explicit(v("05045678000")),
                one_way("01012345678"),
            ),
            t,
        )
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Unavailable {
                status: NumberStatus::Quarantined,
                ..
            }
        ),
        "{err:?}"
    );
    // LRR skips them (the SHOP range is used instead).
    let got = s
        .allocate("api", &lrr(SHOP, "s1", "01012345678"), t)
        .unwrap();
    assert_eq!(got.id.number, v("05041234000"));
    let t = T0.plus_secs(90 * DAY);
    let got = s
        .allocate(
            "api",
            &req(
                SHOP,
                "s2",
                Strategy::Explicit(v("05045678000")),
                one_way("01012345678"),
            ),
            t,
        )
        .unwrap();
    assert!(got.created);
    assert_eq!(s.ranges(SHOP).unwrap().len(), 2);
    assert!(s.ranges(MARKET).unwrap().is_empty());
    let c = s.pool_counts(SHOP, T0.plus_secs(31 * DAY)).unwrap();
    assert_eq!((c.bound, c.resting_cross_tenant), (2, 9));
}

pub fn traffic_aware_rest<E: Engine>(e: E) {
    let s = setup(e);
    let mut p = policy();
    p.quiet_days = Some(10);
    s.put_tenant(
        "admin",
        &Tenant {
            id: MARKET,
            name: "market".into(),
            policy: p,
        },
        T0,
    )
    .unwrap();
    let a = s
        .allocate("api", &lrr(MARKET, "x", "01012345678"), T0)
        .unwrap();
    s.release("api", &a.id.number, T0).unwrap();
    // Someone still calls the old number on day 25.
    let called = T0.plus_secs(25 * DAY);
    s.record_call(&call(a.id.number, MARKET, 1, called, Outcome::Expired))
        .unwrap();
    let rep = s.sweep(T0.plus_secs(30 * DAY)).unwrap();
    assert_eq!((rep.freed, rep.prolonged), (0, 1));
    assert_eq!(
        s.number_status(&a.id.number).unwrap(),
        Some(NumberStatus::Quarantined)
    );
    assert_eq!(
        s.sweep(called.plus_secs(10 * DAY).minus_secs(1))
            .unwrap()
            .freed,
        0
    );
    assert_eq!(s.sweep(called.plus_secs(10 * DAY)).unwrap().freed, 1);
}

pub fn sliding_ttl<E: Engine>(e: E) {
    let s = setup(e);
    let mut spec = one_way("01012345678");
    spec.sliding_ttl_secs = Some(DAY);
    spec.expires_at = Some(T0.plus_secs(10 * DAY));
    let a = s
        .allocate(
            "api",
            &req(SHOP, "t", Strategy::LeastRecentlyReleased, spec),
            T0,
        )
        .unwrap();
    assert_eq!(a.expires_at, T0.plus_secs(DAY));
    // A call at 20 h pushes the idle expiry to 44 h.
    let mut c = call(
        a.id.number,
        SHOP,
        1,
        T0.plus_secs(20 * 3600),
        Outcome::Answered,
    );
    c.binding = Some(a.id);
    s.record_call(&c).unwrap();
    assert_eq!(s.sweep(T0.plus_secs(DAY)).unwrap().expired, 0);
    assert!(matches!(
        s.route(a.id.number.as_str(), "01099998888", T0.plus_secs(43 * 3600))
            .unwrap(),
        RouteDecision::Connect(_)
    ));
    assert_eq!(
        s.binding(&a.id.number).unwrap().unwrap().effective_expiry,
        T0.plus_secs(44 * 3600)
    );
    assert_eq!(s.sweep(T0.plus_secs(44 * 3600)).unwrap().expired, 1);
}

pub fn schedule_and_validity<E: Engine>(e: E) {
    let s = setup(e);
    let mut spec = BindingSpec::new(BindingKind::OneWay {
        destinations: vec![r("01011110000"), r("01022220000")],
    });
    spec.schedule = Some(Schedule {
        tz: None,
        rules: vec![
            ScheduleRule {
                days: Weekdays::WEEKDAYS,
                from_minute: 9 * 60,
                to_minute: 18 * 60,
                holidays: HolidayMatch::Any,
                action: ScheduleAction::Destination(0),
            },
            ScheduleRule {
                days: Weekdays::WEEKDAYS,
                from_minute: 18 * 60,
                to_minute: 22 * 60,
                holidays: HolidayMatch::Any,
                action: ScheduleAction::Destination(1),
            },
        ],
        default: ScheduleAction::Announce(AnnouncementId(3)),
        holidays: vec![],
    });
    spec.valid_from = Some(T0.plus_secs(3600));
    let a = s
        .allocate(
            "api",
            &req(SHOP, "sched", Strategy::LeastRecentlyReleased, spec),
            T0,
        )
        .unwrap();
    let n = a.id.number.as_str();
    // T0 is 10:00 KST Tuesday, but the binding starts at 11:00.
    assert_eq!(
        s.route(n, "01099998888", T0).unwrap(),
        RouteDecision::Release {
            cause: ReleaseCause::CALL_REJECTED,
            reason: Reason::NotYetValid
        }
    );
    let at = |h: u64| T0.plus_secs(h * 3600);
    assert_eq!(
        connect(s.route(n, "01099998888", at(2)).unwrap())
            .destination
            .expose(),
        "01011110000"
    );
    assert_eq!(
        connect(s.route(n, "01099998888", at(9)).unwrap())
            .destination
            .expose(),
        "01022220000"
    );
    assert_eq!(
        s.route(n, "01099998888", at(13)).unwrap(),
        RouteDecision::Announce {
            announcement: AnnouncementId(3),
            then: ReleaseCause::NORMAL_CLEARING,
            reason: Reason::OutsideSchedule
        }
    );
}

pub fn suspend_and_resume<E: Engine>(e: E) {
    let s = setup(e);
    let a = s
        .allocate("api", &lrr(SHOP, "s", "01012345678"), T0)
        .unwrap();
    let n = a.id.number;
    s.suspend("admin", &n, T0).unwrap();
    assert_eq!(
        s.route(n.as_str(), "01099998888", T0).unwrap(),
        RouteDecision::Release {
            cause: ReleaseCause::CALL_REJECTED,
            reason: Reason::Suspended
        }
    );
    assert!(s.binding(&n).unwrap().unwrap().suspended);
    assert!(matches!(
        s.suspend("admin", &n, T0),
        Err(StoreError::Unavailable { .. })
    ));
    // Idempotency still finds the suspended binding.
    assert!(
        !s.allocate("api", &lrr(SHOP, "s", "01012345678"), T0)
            .unwrap()
            .created
    );
    s.resume("admin", &n, T0).unwrap();
    assert!(matches!(
        s.route(n.as_str(), "01099998888", T0).unwrap(),
        RouteDecision::Connect(_)
    ));
    // A suspended free number is taken out of the free queue, and put back.
    let f = v("05041234050");
    s.suspend("admin", &f, T0).unwrap();
    for i in 0..99 {
        let got = s.allocate("api", &lrr(SHOP, &format!("f{i}"), "01012345678"), T0);
        if let Ok(a) = got {
            assert_ne!(a.id.number, f);
        }
    }
    s.resume("admin", &f, T0).unwrap();
    assert_eq!(
        s.allocate("api", &lrr(SHOP, "last", "01012345678"), T0)
            .unwrap()
            .id
            .number,
        f
    );
}

pub fn purge_retention<E: Engine>(e: E) {
    let s = setup(e);
    let a = s
        .allocate("api", &lrr(SHOP, "p", "01012345678"), T0)
        .unwrap();
    s.record_call(&call(a.id.number, SHOP, 1, T0, Outcome::Answered))
        .unwrap();
    s.record_call(&call(
        a.id.number,
        SHOP,
        2,
        T0.plus_secs(40 * DAY),
        Outcome::Answered,
    ))
    .unwrap();
    s.release("api", &a.id.number, T0.plus_secs(DAY)).unwrap();
    // Grace is 7 days after the end.
    assert_eq!(
        s.purge(T0.plus_secs(8 * DAY).minus_secs(1)).unwrap(),
        PurgeReport::default()
    );
    assert_eq!(
        s.purge(T0.plus_secs(8 * DAY)).unwrap(),
        PurgeReport {
            binding_numbers: 1,
            call_records: 0
        }
    );
    // 12 calendar months (2025-03-04 → 2026-03-04 KST).
    let year = Timestamp(1_772_586_000_000); // 2026-03-04T01:00:00Z
    assert_eq!(s.purge(year.minus_secs(1)).unwrap().call_records, 0);
    assert_eq!(s.purge(year).unwrap().call_records, 1);
    let left = s
        .calls(SHOP, Timestamp(0), Timestamp(u64::MAX), 10)
        .unwrap();
    assert_eq!(left.iter().map(|c| c.call_id).collect::<Vec<_>>(), vec![2]);
    let log = s.audit_log(T0, year.plus_secs(1)).unwrap();
    let destroyed: Vec<_> = log
        .iter()
        .filter(|e| matches!(e.action, AuditAction::Destroyed { .. }))
        .collect();
    assert_eq!(destroyed.len(), 2);
    assert!(matches!(
        destroyed[0].action,
        AuditAction::Destroyed {
            class: DataClass::BindingNumbers,
            count: 1,
            ..
        }
    ));
    assert!(matches!(
        destroyed[1].action,
        AuditAction::Destroyed {
            class: DataClass::CallRecords,
            count: 1,
            ..
        }
    ));
    s.compact_erased().unwrap();
}

pub fn reencrypt_rotation<E: Engine>(e: E) {
    let s = setup(e);
    let a = s
        .allocate("api", &lrr(SHOP, "k", "01012345678"), T0)
        .unwrap();
    let two = BindingSpec::new(BindingKind::TwoWay {
        a: r("01011111111"),
        b: r("01022222222"),
    });
    let b = s
        .allocate(
            "api",
            &req(SHOP, "k2", Strategy::LeastRecentlyReleased, two),
            T0,
        )
        .unwrap();
    s.record_call(&call(a.id.number, SHOP, 1, T0, Outcome::Answered))
        .unwrap();
    let c = s
        .allocate("api", &lrr(SHOP, "k3", "01033333333"), T0)
        .unwrap();
    s.release("api", &c.id.number, T0).unwrap();
    let engine = s.into_engine();
    // Rotate: key 2 is current, key 1 still known.
    let mut ring = keyring();
    ring.add_key(2, &[0x33; 32]);
    ring.set_current(2).unwrap();
    let s = Store::open(engine, ring, StoreConfig::default()).unwrap();
    assert_eq!(s.reencrypt("admin", T0).unwrap(), 4);
    assert_eq!(s.reencrypt("admin", T0).unwrap(), 0);
    let engine = s.into_engine();
    // Key 1 retired: everything still opens.
    let only2 = KeyRing::new(2, &[0x33; 32], &[0x22; 32]);
    let s = Store::open(engine, only2, StoreConfig::default()).unwrap();
    assert_eq!(
        connect(s.route(a.id.number.as_str(), "01099998888", T0).unwrap())
            .destination
            .expose(),
        "01012345678"
    );
    assert_eq!(
        connect(s.route(b.id.number.as_str(), "01011111111", T0).unwrap())
            .destination
            .expose(),
        "01022222222"
    );
    assert_eq!(
        s.calls(SHOP, T0, T0.plus_secs(1), 10).unwrap()[0]
            .caller
            .as_ref()
            .unwrap()
            .expose(),
        "01099998888"
    );
    let log = s.audit_log(T0, T0.plus_secs(1)).unwrap();
    assert!(log.iter().any(|e| e.action
        == AuditAction::Reencrypted {
            count: 4,
            key_id: 2
        }));
}

pub fn format_version_checked<E: Engine>(e: E) {
    let mut b = Batch::new();
    b.put(keys::META_FORMAT.to_vec(), vec![9]);
    e.write(&b, true).unwrap();
    assert!(matches!(
        Store::open(e, keyring(), StoreConfig::default()),
        Err(StoreError::Format(FormatError::Version(9)))
    ));
}

pub fn record_state_is_consistent<E: Engine>(s: &Store<E>) {
    // Invariant check over the whole store: every free number has exactly its
    // free-queue entry; every bound one its expiry entry; every quarantined one its
    // quarantine entry.
    let e = s.engine();
    let mut numbers = Vec::new();
    e.scan(&[keys::NUMBER], Some(&[keys::NUMBER + 1]), &mut |k, val| {
        numbers.push((
            keys::read_number(&k[1..]).unwrap().0,
            model::decode::<model::NumberRecord>(val).unwrap(),
        ));
        true
    })
    .unwrap();
    let count = |p: u8| {
        let mut n = 0;
        e.scan(&[p], Some(&[p + 1]), &mut |_, _| {
            n += 1;
            true
        })
        .unwrap();
        n
    };
    let mut free = 0;
    let mut bound = 0;
    let mut quarantined = 0;
    let mut labels = 0;
    for (vn, rec) in &numbers {
        match &rec.state {
            NumberState::Free => {
                free += 1;
                assert!(
                    e.get(&keys::free(rec.owner.0, rec.released_at.0, vn))
                        .unwrap()
                        .is_some(),
                    "{vn}"
                );
            }
            NumberState::Bound(b) | NumberState::Suspended { binding: Some(b) } => {
                bound += 1;
                for (name, value) in [
                    (keys::LABEL_REGION, &b.labels.region),
                    (keys::LABEL_BRANCH, &b.labels.branch),
                ] {
                    if let Some(value) = value {
                        labels += 1;
                        let k = keys::label(b.tenant.0, name, value, vn).unwrap();
                        assert_eq!(
                            e.get(&k).unwrap(),
                            Some(b.generation.to_be_bytes().to_vec()),
                            "label index of {vn}"
                        );
                    }
                }
                assert!(
                    e.get(&keys::timed(keys::EXPIRY, b.effective_expiry().0, vn))
                        .unwrap()
                        .is_some(),
                    "{vn}"
                );
            }
            NumberState::Quarantined { until } => {
                quarantined += 1;
                assert!(
                    e.get(&keys::timed(keys::QUARANTINE, until.0, vn))
                        .unwrap()
                        .is_some(),
                    "{vn}"
                );
            }
            _ => {}
        }
    }
    assert_eq!(count(keys::FREE), free);
    assert_eq!(count(keys::EXPIRY), bound);
    assert_eq!(count(keys::QUARANTINE), quarantined);
    assert_eq!(
        count(keys::LABEL),
        labels,
        "label index has no stale entries"
    );
}

/// Many threads allocate from a pool smaller than the demand: no number is
/// bound twice, every number is used, the rest get `Exhausted`; threads
/// racing on the same references get the same binding.
pub fn allocation_hammer<E: Engine>(e: E, threads: usize, per_thread: usize) {
    let s = setup(e);
    let results: Vec<Vec<(String, Result<Allocation, String>)>> = std::thread::scope(|sc| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let s = &s;
                sc.spawn(move || {
                    (0..per_thread)
                        .map(|i| {
                            // Half the references are shared between thread pairs.
                            let ext = if i % 2 == 0 {
                                format!("shared-{}-{i}", t / 2)
                            } else {
                                format!("own-{t}-{i}")
                            };
                            let strategy = if i % 3 == 0 {
                                Strategy::Vanity
                            } else {
                                Strategy::LeastRecentlyReleased
                            };
                            let dest = format!("0101234{:04}", (t * 31 + i) % 100);
                            let got = s.allocate(
                                "hammer",
                                &req(SHOP, &ext, strategy, one_way(&dest)),
                                T0,
                            );
                            (ext, got.map_err(|e| format!("{e:?}")))
                        })
                        .collect()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut by_ref = std::collections::HashMap::new();
    let mut numbers = std::collections::HashMap::new();
    let mut exhausted = 0;
    for (ext, got) in results.into_iter().flatten() {
        match got {
            Ok(a) => {
                if let Some(prev) = by_ref.insert(ext.clone(), a.id) {
                    assert_eq!(prev, a.id, "one reference, two bindings: {ext}");
                }
                if let Some(prev_ref) = numbers.insert(a.id.number, ext.clone()) {
                    assert_eq!(prev_ref, ext, "number {} bound twice", a.id.number);
                }
            }
            Err(e) => {
                assert!(e.starts_with("Exhausted"), "{e}");
                exhausted += 1;
            }
        }
    }
    assert_eq!(numbers.len(), 100, "every number of the pool used once");
    assert!(exhausted > 0);
    for (vn, ext) in &numbers {
        assert_eq!(s.binding(vn).unwrap().unwrap().external_ref, *ext);
    }
    record_state_is_consistent(&s);
}

pub fn suspended_binding_expiry_keeps_rest<E: Engine>(e: E) {
    let s = setup(e);
    let a = s
        .allocate("api", &lrr(SHOP, "s", "01012345678"), T0)
        .unwrap();
    let n = a.id.number;
    s.suspend("admin", &n, T0).unwrap();
    // The binding expires while suspended: the number stays suspended.
    assert_eq!(s.sweep(a.expires_at).unwrap().expired, 1);
    assert_eq!(s.number_status(&n).unwrap(), Some(NumberStatus::Suspended));
    assert_eq!(s.binding(&n).unwrap(), None);
    // Resumed within the quarantine: it rests the remainder.
    s.resume("admin", &n, a.expires_at.plus_secs(DAY)).unwrap();
    assert_eq!(
        s.number_status(&n).unwrap(),
        Some(NumberStatus::Quarantined)
    );
    assert_eq!(s.sweep(a.expires_at.plus_secs(30 * DAY)).unwrap().freed, 1);
    assert_eq!(s.number_status(&n).unwrap(), Some(NumberStatus::Free));
    record_state_is_consistent(&s);
    // Audit sequence numbers survive a reopen without overwriting entries.
    let before = s.audit_log(T0, Timestamp(u64::MAX)).unwrap().len();
    let e = s.into_engine();
    let s = Store::open(e, keyring(), StoreConfig::default()).unwrap();
    s.reserve("admin", &v("05041234090"), T0).unwrap();
    assert_eq!(
        s.audit_log(T0, Timestamp(u64::MAX)).unwrap().len(),
        before + 1
    );
}

/// Group commit: threads calling `allocate` and threads calling
/// `allocate_many` race for one pool smaller than the demand; every number
/// is bound once, the batch callers get one result per request, and the
/// store is consistent afterwards.
pub fn group_commit_hammer<E: Engine>(e: E) {
    let s = setup(e);
    let results: Vec<Vec<(String, Result<Allocation, String>)>> = std::thread::scope(|sc| {
        let handles: Vec<_> = (0..12usize)
            .map(|t| {
                let s = &s;
                sc.spawn(move || {
                    let reqs: Vec<AllocationRequest> = (0..12usize)
                        .map(|i| {
                            // References shared by thread pairs (one single,
                            // one batch caller) must give one binding.
                            let ext = if i % 3 == 0 {
                                format!("shared-{}-{i}", t / 2)
                            } else {
                                format!("own-{t}-{i}")
                            };
                            lrr(SHOP, &ext, &format!("0101234{:04}", t * 12 + i))
                        })
                        .collect();
                    if t % 2 == 0 {
                        reqs.iter()
                            .map(|r| {
                                let got = s.allocate("group", r, T0);
                                (r.external_ref.clone(), got.map_err(|e| format!("{e:?}")))
                            })
                            .collect()
                    } else {
                        let mut out = Vec::new();
                        for chunk in reqs.chunks(5) {
                            let got = s.allocate_many("group", chunk, T0).unwrap();
                            assert_eq!(got.len(), chunk.len());
                            for (r, g) in chunk.iter().zip(got) {
                                out.push((r.external_ref.clone(), g.map_err(|e| format!("{e:?}"))));
                            }
                        }
                        out
                    }
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut by_ref = std::collections::HashMap::new();
    let mut numbers = std::collections::HashMap::new();
    let mut exhausted = 0;
    for (ext, got) in results.into_iter().flatten() {
        match got {
            Ok(a) => {
                if let Some(prev) = by_ref.insert(ext.clone(), a.id) {
                    assert_eq!(prev, a.id, "one reference, two bindings: {ext}");
                }
                if let Some(prev_ref) = numbers.insert(a.id.number, ext.clone()) {
                    assert_eq!(prev_ref, ext, "number {} bound twice", a.id.number);
                }
            }
            Err(e) => {
                assert!(e.starts_with("Exhausted"), "{e}");
                exhausted += 1;
            }
        }
    }
    // 12 threads x 12 requests, 24 references shared: 120 distinct, 100 numbers.
    assert_eq!(numbers.len(), 100, "every number of the pool used once");
    assert!(exhausted >= 20, "{exhausted}");
    for (vn, ext) in &numbers {
        assert_eq!(s.binding(vn).unwrap().unwrap().external_ref, *ext);
    }
    record_state_is_consistent(&s);
}

/// Seoul calendar day of a timestamp (Asia/Seoul has no DST: UTC+9).
fn seoul_day(t: Timestamp) -> u64 {
    (t.0 / 1000 + 9 * 3600) / DAY
}

/// The daily counters equal a recount of the stored call records (valid
/// while no call record was purged).
pub fn counters_match_calls<E: Engine>(s: &Store<E>, tenants: &[TenantId]) {
    let mut expected: std::collections::HashMap<(VirtualNumber, u64), (DailyCounters, Timestamp)> =
        std::collections::HashMap::new();
    for &t in tenants {
        for c in s
            .calls(t, Timestamp(0), Timestamp(u64::MAX), usize::MAX)
            .unwrap()
        {
            let e = expected
                .entry((c.number, seoul_day(c.attempt_at)))
                .or_insert((DailyCounters::default(), c.attempt_at));
            e.0.count(&c);
        }
    }
    for ((vn, _), (want, at)) in &expected {
        assert_eq!(s.daily_counters(vn, *at).unwrap(), *want, "{vn}");
    }
    let mut stored = 0;
    s.engine()
        .scan(&[keys::COUNTER], Some(&[keys::COUNTER + 1]), &mut |_, v| {
            stored +=
                usize::from(model::decode::<DailyCounters>(v).unwrap() != DailyCounters::default());
            true
        })
        .unwrap();
    assert_eq!(stored, expected.len(), "no counters without records");
}

/// Call records are upserts by call id; the counters count each call once
/// under its latest outcome; the batched path extends a sliding TTL and
/// keeps several versions of one call in one batch straight.
pub fn call_record_upsert<E: Engine>(e: E) {
    let s = setup(e);
    let mut spec = one_way("01012345678");
    spec.sliding_ttl_secs = Some(DAY);
    spec.expires_at = Some(T0.plus_secs(10 * DAY));
    let a = s
        .allocate(
            "api",
            &req(SHOP, "o", Strategy::LeastRecentlyReleased, spec),
            T0,
        )
        .unwrap();
    let n = a.id.number;
    // The SCP writes the attempt and decision first …
    let mut first = call(n, SHOP, 7, T0.plus_secs(600), Outcome::Connected);
    first.binding = Some(a.id);
    first.answer_at = None;
    first.end_at = None;
    first.release_cause = None;
    s.record_call(&first).unwrap();
    let c = s.daily_counters(&n, T0).unwrap();
    assert_eq!(
        (c.attempts, c.connected, c.answered, c.talk_secs),
        (1, 1, 0, 0)
    );
    // … then the answer and the disconnect: the same record, updated.
    let mut answered = first.clone();
    answered.outcome = Outcome::Answered;
    answered.answer_at = Some(T0.plus_secs(610));
    s.record_calls(std::slice::from_ref(&answered)).unwrap();
    let mut ended = answered.clone();
    ended.end_at = Some(T0.plus_secs(700));
    ended.release_cause = Some(ReleaseCause::NORMAL_CLEARING);
    s.record_calls(std::slice::from_ref(&ended)).unwrap();
    s.sync().unwrap();
    let calls = s.calls(SHOP, T0, T0.plus_secs(DAY), 10).unwrap();
    assert_eq!(calls, vec![ended.clone()], "one record per call id");
    let c = s.daily_counters(&n, T0).unwrap();
    assert_eq!(
        (c.attempts, c.connected, c.answered, c.talk_secs),
        (1, 1, 1, 90),
        "counted once, answered once"
    );
    // The same update again changes nothing.
    s.record_call(&ended).unwrap();
    assert_eq!(s.daily_counters(&n, T0).unwrap(), c);

    // One batch: a new call in two versions, another number, a busy call.
    let other = s
        .allocate("api", &lrr(SHOP, "p", "01087654321"), T0)
        .unwrap()
        .id;
    // 10 h after T0 is 20:00 in Seoul: the same counter day.
    let mut x = call(n, SHOP, 8, T0.plus_secs(10 * 3600), Outcome::Connected);
    x.binding = Some(a.id);
    let mut x2 = x.clone();
    x2.outcome = Outcome::NoAnswer;
    let mut y = call(other.number, SHOP, 9, T0.plus_secs(30), Outcome::Busy);
    y.binding = Some(other);
    s.record_calls(&[x, y.clone(), x2.clone()]).unwrap();
    let c = s.daily_counters(&n, T0).unwrap();
    assert_eq!((c.attempts, c.connected, c.no_answer), (2, 1, 1));
    assert_eq!(s.daily_counters(&other.number, T0).unwrap().busy, 1);
    assert_eq!(s.calls(SHOP, T0, T0.plus_secs(DAY), 10).unwrap().len(), 3);
    // The call at 10 h extended the sliding TTL (recording is the touch).
    assert_eq!(
        s.binding(&n).unwrap().unwrap().effective_expiry,
        T0.plus_secs(34 * 3600)
    );
    assert_eq!(s.sweep(T0.plus_secs(DAY)).unwrap().expired, 0);
    counters_match_calls(&s, &[SHOP, MARKET]);
    record_state_is_consistent(&s);
    assert!(s.record_calls(&[]).is_ok());
}

fn labelled(region: Option<&str>, branch: Option<&str>) -> BindingSpec {
    let mut spec = one_way("01012345678");
    spec.labels = Labels {
        region: region.map(Into::into),
        branch: branch.map(Into::into),
    };
    spec
}

fn filter(region: Option<&str>, branch: Option<&str>) -> Labels {
    Labels {
        region: region.map(Into::into),
        branch: branch.map(Into::into),
    }
}

/// Bindings by label: region, branch, both; paging; exact under release,
/// expiry and suspension; per tenant.
pub fn labels_query<E: Engine>(e: E) {
    let s = setup(e);
    let mut ids = Vec::new();
    for (i, (region, branch)) in [
        (Some("seoul"), Some("gangnam")),
        (Some("seoul"), Some("mapo")),
        (Some("busan"), Some("gangnam")),
        (Some("seoul"), None),
        (None, Some("gangnam")),
        (None, None),
    ]
    .into_iter()
    .enumerate()
    {
        let a = s
            .allocate(
                "api",
                &req(
                    SHOP,
                    &format!("l{i}"),
                    Strategy::LeastRecentlyReleased,
                    labelled(region, branch),
                ),
                T0,
            )
            .unwrap();
        ids.push(a.id);
    }
    // Another tenant's Seoul binding is never listed for SHOP.
    let m = s
        .allocate(
            "api",
            &req(
                MARKET,
                "m",
                Strategy::LeastRecentlyReleased,
                labelled(Some("seoul"), None),
            ),
            T0,
        )
        .unwrap();
    let q = |region, branch, after: Option<&VirtualNumber>, limit| {
        s.bindings_by_labels(SHOP, &filter(region, branch), after, limit)
            .unwrap()
    };
    assert_eq!(
        q(Some("seoul"), None, None, 10),
        vec![ids[0], ids[1], ids[3]]
    );
    assert_eq!(
        q(None, Some("gangnam"), None, 10),
        vec![ids[0], ids[2], ids[4]]
    );
    assert_eq!(q(Some("seoul"), Some("gangnam"), None, 10), vec![ids[0]]);
    assert_eq!(q(Some("daegu"), None, None, 10), vec![]);
    assert_eq!(
        s.bindings_by_labels(MARKET, &filter(Some("seoul"), None), None, 10)
            .unwrap(),
        vec![m.id]
    );
    // Paging.
    let page1 = q(Some("seoul"), None, None, 2);
    assert_eq!(page1, vec![ids[0], ids[1]]);
    assert_eq!(
        q(Some("seoul"), None, Some(&page1[1].number), 2),
        vec![ids[3]]
    );
    assert_eq!(q(Some("seoul"), None, None, 0), vec![]);
    // Errors.
    assert!(matches!(
        s.bindings_by_labels(SHOP, &Labels::default(), None, 10),
        Err(StoreError::Invalid(_))
    ));
    let long = "x".repeat(256);
    assert!(matches!(
        s.allocate(
            "api",
            &req(
                SHOP,
                "long",
                Strategy::LeastRecentlyReleased,
                labelled(Some(&long), None)
            ),
            T0
        ),
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(q(Some(&long), None, None, 10), vec![]);
    // Suspended bindings stay listed; released and expired ones leave.
    s.suspend("admin", &ids[0].number, T0).unwrap();
    assert_eq!(
        q(Some("seoul"), None, None, 10),
        vec![ids[0], ids[1], ids[3]]
    );
    s.release("api", &ids[1].number, T0.plus_secs(1)).unwrap();
    assert_eq!(q(Some("seoul"), None, None, 10), vec![ids[0], ids[3]]);
    record_state_is_consistent(&s);
    // Expired: ids 0 (suspended), 2, 3, 4, 5 and MARKET's.
    assert_eq!(s.sweep(T0.plus_secs(8 * DAY)).unwrap().expired, 6);
    assert_eq!(q(Some("seoul"), None, None, 10), vec![]);
    assert_eq!(q(None, Some("gangnam"), None, 10), vec![]);
    record_state_is_consistent(&s);
    // A number re-bound later carries only its new labels.
    let again = s.allocate(
        "api",
        &req(
            SHOP,
            "again",
            Strategy::Explicit(ids[3].number),
            labelled(Some("busan"), None),
        ),
        T0.plus_secs(8 * DAY),
    );
    // Still in quarantine: refused; the index stays empty for it.
    assert!(again.is_err());
    assert_eq!(q(Some("busan"), None, None, 10), vec![]);
}

/// `route_originating` when one caller protects several mask bindings: the
/// most recently created active one wins.
pub fn originating_tie_break<E: Engine>(e: E) {
    let s = setup(e);
    let mask = |party: &str| BindingSpec::new(BindingKind::OriginatingMask { party: r(party) });
    let older = s
        .allocate(
            "api",
            &req(
                SHOP,
                "shop-a",
                Strategy::LeastRecentlyReleased,
                mask("01044444444"),
            ),
            T0,
        )
        .unwrap();
    let newer = s
        .allocate(
            "api",
            &req(
                MARKET,
                "market-b",
                Strategy::LeastRecentlyReleased,
                mask("01044444444"),
            ),
            T0.plus_secs(60),
        )
        .unwrap();
    // Created later still, but valid only from tomorrow.
    let mut future = mask("01044444444");
    future.valid_from = Some(T0.plus_secs(DAY));
    let later = s
        .allocate(
            "api",
            &req(SHOP, "shop-c", Strategy::LeastRecentlyReleased, future),
            T0.plus_secs(120),
        )
        .unwrap();
    let chosen = |at: Timestamp| match s
        .route_originating("010-4444-4444", "0212345678", at)
        .unwrap()
    {
        RouteDecision::Connect(c) => c.binding,
        other => panic!("expected Connect, got {other:?}"),
    };
    assert_eq!(
        chosen(T0.plus_secs(200)),
        newer.id,
        "the newest valid binding"
    );
    assert_eq!(
        chosen(T0.plus_secs(DAY)),
        later.id,
        "once valid, the newest"
    );
    s.release("api", &later.id.number, T0.plus_secs(DAY))
        .unwrap();
    s.release("api", &newer.id.number, T0.plus_secs(DAY))
        .unwrap();
    assert_eq!(chosen(T0.plus_secs(DAY + 1)), older.id);
    assert_eq!(
        s.protected_party(&r("01044444444")).unwrap(),
        vec![older.id]
    );
}
