//! Model-based property test: the same random operations drive a store on
//! `MemEngine` (the model) and one on `RocksEngine`; every result, every
//! route decision and the final key set and unsealed values must agree.

mod common;

use common::*;
use proptest::prelude::*;
use proptest::strategy::Strategy;
use store::engine::Engine;
use store::*;

#[derive(Clone, Debug)]
enum Op {
    Alloc {
        tenant: bool,
        ext: u8,
        strategy: u8,
        number: u8,
        dest: u8,
    },
    Release(u8),
    Reserve(u8),
    Suspend(u8),
    Resume(u8),
    Call {
        number: u8,
        outcome: u8,
    },
    /// The last call again, updated, through the batched path.
    CallUpdate {
        outcome: u8,
    },
    Advance(u16),
    Sweep,
    Purge,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (any::<bool>(), 0..8u8, 0..3u8, 0..16u8, 0..20u8)
            .prop_map(|(tenant, ext, strategy, number, dest)| Op::Alloc { tenant, ext, strategy, number, dest }),
        2 => (0..16u8).prop_map(Op::Release),
        1 => (0..16u8).prop_map(Op::Reserve),
        1 => (0..16u8).prop_map(Op::Suspend),
        1 => (0..16u8).prop_map(Op::Resume),
        2 => (0..16u8, 0..7u8).prop_map(|(number, outcome)| Op::Call { number, outcome }),
        1 => (0..7u8).prop_map(|outcome| Op::CallUpdate { outcome }),
        2 => (0..800u16).prop_map(Op::Advance),
        1 => Just(Op::Sweep),
        1 => Just(Op::Purge),
    ]
}

/// Numbers 0..10 are SHOP's (0504-1234-0000..0009), 10..16 MARKET's.
fn number(i: u8) -> VirtualNumber {
    if i < 10 {
        v(&format!("0504123400{i}"))
    } else {
        v(&format!("0504567800{}", i - 10))
    }
}

fn small_setup<E: Engine>(e: E) -> Store<E> {
    let s = Store::open(
        e,
        keyring(),
        StoreConfig {
            cross_tenant_quarantine_secs: 20 * 3600,
        },
    )
    .unwrap();
    let mut p = policy();
    p.default_ttl_secs = 3 * 3600;
    p.quarantine_secs = 5 * 3600;
    p.binding_grace_secs = 2 * 3600;
    p.quiet_days = Some(1);
    for (id, name) in [(SHOP, "shop"), (MARKET, "market")] {
        s.put_tenant(
            "admin",
            &Tenant {
                id,
                name: name.into(),
                policy: p.clone(),
            },
            T0,
        )
        .unwrap();
    }
    s.add_range(
        "admin",
        &NumberRange {
            tenant: SHOP,
            first: number(0),
            last: number(9),
        },
        T0,
    )
    .unwrap();
    s.add_range(
        "admin",
        &NumberRange {
            tenant: MARKET,
            first: number(10),
            last: number(15),
        },
        T0,
    )
    .unwrap();
    s
}

const OUTCOMES: [Outcome; 7] = [
    Outcome::Connected,
    Outcome::Answered,
    Outcome::Busy,
    Outcome::NoAnswer,
    Outcome::Rejected,
    Outcome::Expired,
    Outcome::Unknown,
];

fn apply<E: Engine>(
    s: &Store<E>,
    op: &Op,
    now: &mut Timestamp,
    last_call: &mut Option<CallRecord>,
) -> String {
    let t = *now;
    match op {
        Op::Alloc {
            tenant,
            ext,
            strategy,
            number: n,
            dest,
        } => {
            let tenant = if *tenant { SHOP } else { MARKET };
            let strategy = match strategy {
                0 => store::Strategy::LeastRecentlyReleased,
                1 => store::Strategy::Vanity,
                _ => store::Strategy::Explicit(number(*n)),
            };
            let mut spec = if dest % 3 == 0 {
                BindingSpec::new(BindingKind::TwoWay {
                    a: r(&format!("010111100{dest:02}")),
                    b: r("01022220000"),
                })
            } else {
                one_way(&format!("0101234{:04}", u32::from(*dest) * 7))
            };
            spec.labels.region = (dest % 2 == 0).then(|| format!("r{}", dest % 4));
            spec.labels.branch = (dest % 5 < 2).then(|| format!("b{}", dest % 5));
            format!(
                "{:?}",
                s.allocate("p", &req(tenant, &format!("e{ext}"), strategy, spec), t)
            )
        }
        Op::Release(n) => format!("{:?}", s.release("p", &number(*n), t)),
        Op::Reserve(n) => format!("{:?}", s.reserve("p", &number(*n), t)),
        Op::Suspend(n) => format!("{:?}", s.suspend("p", &number(*n), t)),
        Op::Resume(n) => format!("{:?}", s.resume("p", &number(*n), t)),
        Op::Call { number: n, outcome } => {
            let call_id = last_call.as_ref().map_or(1, |c| c.call_id + 1);
            let binding = s.binding(&number(*n)).unwrap().map(|b| b.id);
            let mut c = call(
                number(*n),
                if *n < 10 { SHOP } else { MARKET },
                call_id,
                t,
                OUTCOMES[usize::from(*outcome)],
            );
            c.binding = binding;
            *last_call = Some(c.clone());
            format!("{:?}", s.record_call(&c))
        }
        Op::CallUpdate { outcome } => {
            let Some(c) = last_call else {
                return String::new();
            };
            c.outcome = OUTCOMES[usize::from(*outcome)];
            c.end_at = c.end_at.map(|e| e.plus_secs(30));
            format!("{:?}", s.record_calls(std::slice::from_ref(c)))
        }
        Op::Advance(minutes) => {
            *now = now.plus_secs(u64::from(*minutes) * 60);
            String::new()
        }
        Op::Sweep => format!("{:?}", s.sweep(t)),
        Op::Purge => format!("{:?}", s.purge(t)),
    }
}

/// Everything comparable between the two stores: keys, and values that hold
/// no sealed data (sealed values differ by their random nonces).
fn dump<E: Engine>(s: &Store<E>) -> Vec<(Vec<u8>, Option<Vec<u8>>)> {
    let mut out = Vec::new();
    s.engine()
        .scan(&[], None, &mut |k, v| {
            let sealed = matches!(k[0], keys::NUMBER | keys::CALL | keys::ENDED);
            out.push((k.to_vec(), (!sealed).then(|| v.to_vec())));
            true
        })
        .unwrap();
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn rocks_engine_matches_mem_engine(ops in proptest::collection::vec(op(), 1..60)) {
        let dir = tempfile::tempdir().unwrap();
        let rocks = small_setup(RocksEngine::open(dir.path(), &RocksConfig { block_cache_bytes: 4 << 20, ..RocksConfig::default() }).unwrap());
        let mem = small_setup(MemEngine::new());
        let (mut now_r, mut now_m) = (T0, T0);
        let (mut id_r, mut id_m) = (None, None);
        for (i, op) in ops.iter().enumerate() {
            let a = apply(&rocks, op, &mut now_r, &mut id_r);
            let b = apply(&mem, op, &mut now_m, &mut id_m);
            prop_assert_eq!(&a, &b, "op {} {:?}", i, op);
            for n in 0..16 {
                let vn = number(n);
                prop_assert_eq!(
                    rocks.route(vn.as_str(), "01011110000", now_r).unwrap(),
                    mem.route(vn.as_str(), "01011110000", now_m).unwrap()
                );
                prop_assert_eq!(rocks.binding(&vn).unwrap(), mem.binding(&vn).unwrap());
            }
        }
        prop_assert_eq!(dump(&rocks), dump(&mem));
        for (region, branch) in [(Some("r0"), None), (Some("r2"), Some("b0")), (None, Some("b1"))] {
            let f = Labels { region: region.map(Into::into), branch: branch.map(Into::into) };
            for t in [SHOP, MARKET] {
                prop_assert_eq!(
                    rocks.bindings_by_labels(t, &f, None, 100).unwrap(),
                    mem.bindings_by_labels(t, &f, None, 100).unwrap()
                );
            }
        }
        counters_match_calls(&rocks, &[SHOP, MARKET]);
        counters_match_calls(&mem, &[SHOP, MARKET]);
        record_state_is_consistent(&rocks);
        record_state_is_consistent(&mem);
    }
}
