//! The demo data `vns-scp` makes on first start (`[store] demo = true`, the default), so a fresh
//! install answers a `vns-ssp call` at once.
//!
//! | virtual number | binding | real numbers |
//! |---|---|---|
//! | 050412345678 | one-way | → 01098765432 |
//! | 050412345677 | two-way pair | 01011112222 ↔ 01033334444 |
//! | 050412345676 | originating mask | protects 01055556666 |
//! | 050412345675 | one-way with busy / no-answer forward | → 01022223333, busy → 01044445555, no answer → 01066667777 |
//!
//! All in tenant 1 ("demo"), range 050412345670–050412345679, valid one year from first start.
//! Nothing is made when the store already has a tenant.

use store::{
    AllocationRequest, BindingKind, BindingSpec, Engine, NumberRange, Policy, RealNumber, Store,
    StoreError, Strategy, Tenant, TenantId, Timestamp, VirtualNumber,
};

/// The demo tenant.
pub const TENANT: TenantId = TenantId(1);

/// The demo's one-way number and its destination (the README's example call).
pub const ONE_WAY: (&str, &str) = ("050412345678", "01098765432");

const YEAR_SECS: u64 = 365 * 86_400;

fn v(s: &str) -> Result<VirtualNumber, StoreError> {
    Ok(VirtualNumber::parse(s)?)
}

fn r(s: &str) -> Result<RealNumber, StoreError> {
    Ok(RealNumber::parse(s)?)
}

/// Makes the demo tenant and bindings unless the store has tenants; `true` when it made them.
pub fn provision<E: Engine>(store: &Store<E>, now: Timestamp) -> Result<bool, StoreError> {
    if !store.tenants()?.is_empty() {
        return Ok(false);
    }
    store.put_tenant(
        "vns-scp demo",
        &Tenant {
            id: TENANT,
            name: "demo".into(),
            policy: Policy::default(),
        },
        now,
    )?;
    store.add_range(
        "vns-scp demo",
        &NumberRange {
            tenant: TENANT,
            first: v("050412345670")?,
            last: v("050412345679")?,
        },
        now,
    )?;
    let bindings = [
        (
            ONE_WAY.0,
            BindingSpec::new(BindingKind::OneWay {
                destinations: vec![r(ONE_WAY.1)?],
            }),
        ),
        (
            "050412345677",
            BindingSpec::new(BindingKind::TwoWay {
                a: r("01011112222")?,
                b: r("01033334444")?,
            }),
        ),
        (
            "050412345676",
            BindingSpec::new(BindingKind::OriginatingMask {
                party: r("01055556666")?,
            }),
        ),
        ("050412345675", {
            let mut spec = BindingSpec::new(BindingKind::OneWay {
                destinations: vec![r("01022223333")?],
            });
            spec.busy_forward = Some(r("01044445555")?);
            spec.no_answer_forward = Some(r("01066667777")?);
            spec
        }),
    ];
    for (number, mut spec) in bindings {
        spec.expires_at = Some(now.plus_secs(YEAR_SECS));
        store.allocate(
            "vns-scp demo",
            &AllocationRequest {
                tenant: TENANT,
                external_ref: format!("demo-{number}"),
                strategy: Strategy::Explicit(v(number)?),
                spec,
            },
            now,
        )?;
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use store::{KeyRing, MemEngine, RouteDecision, StoreConfig};

    #[test]
    fn demo_routes_and_is_made_once() {
        let keys = KeyRing::new(1, &[1; 32], &[2; 32]);
        let s = Store::open(MemEngine::new(), keys, StoreConfig::default()).unwrap();
        let now = Timestamp::from_secs(1_800_000_000);
        assert!(provision(&s, now).unwrap());
        assert!(!provision(&s, now).unwrap());
        match s.route(ONE_WAY.0, "01012345678", now).unwrap() {
            RouteDecision::Connect(c) => assert_eq!(c.destination.expose(), ONE_WAY.1),
            other => panic!("{other:?}"),
        }
        match s.route("050412345677", "01011112222", now).unwrap() {
            RouteDecision::Connect(c) => assert_eq!(c.destination.expose(), "01033334444"),
            other => panic!("{other:?}"),
        }
        match s
            .route_originating("01055556666", "01099998888", now)
            .unwrap()
        {
            RouteDecision::Connect(c) => {
                assert_eq!(c.presentation.unwrap().to_string(), "050412345676")
            }
            other => panic!("{other:?}"),
        }
    }
}
