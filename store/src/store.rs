//! The store: the API the SCP (route, call records) and the provisioning API
//! (tenants, pools, bindings) use.
//!
//! # Concurrency
//! - Reads (`route`, `route_originating`, views) take no store lock: one
//!   engine point read (plus a short prefix scan for the reverse lookup).
//! - Every change to a number — allocation, release, suspension, the
//!   sweeper, a call record's counter and TTL update — happens under that
//!   number's stripe of 4096 striped mutexes, as read-check-write: the record
//!   is re-read inside the critical section and the new state written in one
//!   atomic batch. So no number is ever bound twice.
//! - Allocation also holds the stripe of (tenant, external reference), taken
//!   first, so two concurrent requests with the same reference make one
//!   binding. Lock order: reference stripe, then number stripe; only a
//!   call-record batch takes several number stripes, in ascending order,
//!   and it takes no other lock.
//! - Maintenance (adding or assigning ranges, sweep, purge, re-encrypt) runs
//!   one at a time under a maintenance mutex.
//!
//! # Durability
//! Every acknowledged change is in a synced WAL: allocations and synced call
//! records go through group commit (`crate::commit`: written unsynced, the
//! lock released, then one WAL sync shared by every concurrent caller);
//! other single operations write with `sync = true`; bulk operations
//! (`allocate_many`, `sweep`, `purge`, range operations) write their pieces
//! unsynced and sync once before they return. The exception by design is
//! [`Store::record_calls`], the SCP's batched call-record path: its batches
//! reach the WAL (the page cache) at once and become durable with the next
//! sync (its docs give the loss window).
//!
//! # Audit
//! Every provisioning change and every automatic change (expiry, freeing,
//! destruction, re-encryption) appends an [`AuditEntry`] in the same atomic
//! batch as the change itself.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use jiff::tz::TimeZone;

use crate::commit::GroupCommit;
use crate::crypto::{KeyRing, Sealed};
use crate::engine::{Batch, Engine};
use crate::error::{FormatError, PoolCounts, StoreError};
use crate::keys;
use crate::model::{
    AuditAction, AuditEntry, BindingId, BindingKind, BindingSpec, BindingView, CallRecord,
    DailyCounters, DataClass, EndReason, EndedBinding, FreeEntry, Labels, NumberRange,
    NumberRecord, NumberState, NumberStatus, Policy, StoredBinding, StoredCall, StoredKind, Tenant,
    TenantId, Timestamp, decode, encode,
};
use crate::number::{RealNumber, VirtualNumber};
use crate::route::{self, RouteDecision, field_aad, open_number};
use crate::schedule::{DEFAULT_TZ, day_number, months_before};

const STRIPES: usize = 4096;
/// How many free-queue entries an allocation reads in its first page: the
/// hint makes the head of the queue the first live entry, so one usually
/// suffices; a few spare ones cover concurrent allocators taking the head.
const FREE_PAGE_FIRST: usize = 4;
/// How many free-queue entries an allocation reads per later page.
const FREE_PAGE: usize = 64;
/// Bulk operations write this many changes per unsynced batch.
const BULK_CHUNK: usize = 1000;
/// Vanity allocation: matching suffix lengths tried, longest first.
const VANITY_SUFFIXES: [usize; 3] = [4, 3, 2];
/// Internal: a least-recently-released candidate whose stripe was locked.
const LOCKED: &str = "number locked by another writer";
/// Vanity allocation: at most this many candidates per range and suffix.
const VANITY_MAX_CANDIDATES: u64 = 1000;

/// Store-wide settings.
#[derive(Clone, Debug)]
pub struct StoreConfig {
    /// Minimum rest before a number is reused by another tenant (seconds);
    /// the 050 market practises 90 days.
    pub cross_tenant_quarantine_secs: u64,
}

impl Default for StoreConfig {
    fn default() -> Self {
        Self {
            cross_tenant_quarantine_secs: 90 * 86_400,
        }
    }
}

/// How to choose the number for a new binding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strategy {
    /// The free number that has rested longest (never-used numbers first).
    LeastRecentlyReleased,
    /// A free number ending in the same last 4 digits as the primary real
    /// number, else 3, else 2; else least-recently-released.
    Vanity,
    /// This number (it may be reserved; it must be free or reserved).
    Explicit(VirtualNumber),
}

/// An allocation request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AllocationRequest {
    /// The tenant.
    pub tenant: TenantId,
    /// The tenant's reference; allocation is idempotent per (tenant, reference).
    pub external_ref: String,
    /// How to choose the number.
    pub strategy: Strategy,
    /// The binding.
    pub spec: BindingSpec,
}

/// The result of an allocation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Allocation {
    /// The binding (its number is `id.number`).
    pub id: BindingId,
    /// `false` when an active binding with the same (tenant, reference)
    /// already existed and is returned instead of a new one.
    pub created: bool,
    /// When the binding expires.
    pub expires_at: Timestamp,
}

/// What a sweep did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SweepReport {
    /// Bindings that expired (numbers moved to quarantine).
    pub expired: u64,
    /// Numbers that rested and became free.
    pub freed: u64,
    /// Quarantines prolonged because the number still received calls.
    pub prolonged: u64,
}

/// What a purge destroyed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PurgeReport {
    /// Ended bindings whose real numbers were destroyed.
    pub binding_numbers: u64,
    /// Call records destroyed.
    pub call_records: u64,
}

/// What a range assignment did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AssignReport {
    /// Numbers moved to the new tenant.
    pub moved: u64,
    /// Numbers left with the old tenant because they are bound.
    pub busy: u64,
}

/// The number store over an [`Engine`].
pub struct Store<E: Engine> {
    engine: E,
    keys: KeyRing,
    config: StoreConfig,
    seoul: TimeZone,
    stripes: Box<[Mutex<()>]>,
    ref_stripes: Box<[Mutex<()>]>,
    maintenance: Mutex<()>,
    audit_seq: AtomicU64,
    free_hints: Mutex<HashMap<u32, FreeHint>>,
    commit: GroupCommit,
}

/// Where a tenant's free-queue scan may start: no free entry of the tenant
/// is below `key`. Allocation deletes entries at the head of the queue, and
/// an LSM engine keeps their tombstones until compaction, so scanning from
/// the prefix each time would step over ever more tombstones; the hint skips
/// them. Whoever inserts a free entry lowers the hint *after* its write and
/// bumps `epoch`; an allocation advances the hint only if `epoch` did not
/// change since it read it, so an insertion racing a scan is never skipped.
#[derive(Debug, Default)]
struct FreeHint {
    key: Option<Vec<u8>>,
    epoch: u64,
}

impl<E: Engine> std::fmt::Debug for Store<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("keys", &self.keys)
            .finish_non_exhaustive()
    }
}

fn fnv(parts: &[&[u8]]) -> usize {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for &b in *p {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h as usize
}

/// The stripe of a virtual number's lock.
fn stripe_of(v: &VirtualNumber) -> usize {
    fnv(&[v.as_str().as_bytes()]) % STRIPES
}

/// A call's effect on its number's record: extends the sliding TTL of the
/// call's binding (from the attempt time; the expiry queue entry moves in
/// `b`) or notes a call to a quarantined number. Returns whether `nrec`
/// changed.
fn note_call(nrec: &mut NumberRecord, v: &VirtualNumber, rec: &CallRecord, b: &mut Batch) -> bool {
    match &mut nrec.state {
        NumberState::Bound(binding)
            if Some(binding.generation) == rec.binding.map(|x| x.generation) =>
        {
            let (Some(ttl), Some(idle)) = (binding.sliding_ttl_secs, binding.idle_expires_at)
            else {
                return false;
            };
            let new_idle = rec.attempt_at.plus_secs(ttl);
            if new_idle <= idle {
                return false;
            }
            let old = binding.effective_expiry();
            binding.idle_expires_at = Some(new_idle);
            let new = binding.effective_expiry();
            if new != old {
                b.delete(keys::timed(keys::EXPIRY, old.0, v));
                b.put(keys::timed(keys::EXPIRY, new.0, v), Vec::new());
            }
            true
        }
        NumberState::Quarantined { .. } if rec.attempt_at > nrec.last_call_at => {
            nrec.last_call_at = rec.attempt_at;
            true
        }
        _ => false,
    }
}

fn lock(m: &Mutex<()>) -> MutexGuard<'_, ()> {
    // The guarded data is `()`: a panic elsewhere cannot leave it inconsistent.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn seal_number(
    keys: &KeyRing,
    r: &RealNumber,
    v: &VirtualNumber,
    generation: u32,
    field: &str,
) -> Result<Sealed, StoreError> {
    Ok(keys.seal(r.expose().as_bytes(), &field_aad(v, generation, field))?)
}

impl<E: Engine> Store<E> {
    /// Opens a store on `engine`, checking (or, when new, writing) the
    /// on-disk format version.
    pub fn open(engine: E, keys: KeyRing, config: StoreConfig) -> Result<Self, StoreError> {
        match engine.get(keys::META_FORMAT)? {
            Some(v) if v.as_slice() != [crate::model::FORMAT_VERSION] => {
                return Err(FormatError::Version(v.first().copied().unwrap_or(0)).into());
            }
            Some(_) => {}
            None => {
                let mut b = Batch::new();
                b.put(
                    keys::META_FORMAT.to_vec(),
                    vec![crate::model::FORMAT_VERSION],
                );
                engine.write(&b, true)?;
            }
        }
        // Audit keys are (at, seq); `at` comes from callers and need not
        // grow, so seq alone must never repeat: its high bits are an epoch
        // counted up (durably) at every open.
        let epoch = match engine.get(keys::META_EPOCH)? {
            Some(v) => {
                let bytes: [u8; 8] = v
                    .try_into()
                    .map_err(|_| FormatError::Key { kind: keys::META })?;
                u64::from_be_bytes(bytes) + 1
            }
            None => 0,
        };
        let mut b = Batch::new();
        b.put(keys::META_EPOCH.to_vec(), epoch.to_be_bytes().to_vec());
        engine.write(&b, true)?;
        let seq = epoch << 40;
        let seoul =
            TimeZone::get(DEFAULT_TZ).map_err(|_| StoreError::Invalid("no Asia/Seoul zone"))?;
        Ok(Self {
            engine,
            keys,
            config,
            seoul,
            stripes: (0..STRIPES).map(|_| Mutex::new(())).collect(),
            ref_stripes: (0..STRIPES).map(|_| Mutex::new(())).collect(),
            maintenance: Mutex::new(()),
            audit_seq: AtomicU64::new(seq),
            free_hints: Mutex::new(HashMap::new()),
            commit: GroupCommit::default(),
        })
    }

    /// The engine (benches, tests, tools).
    pub fn engine(&self) -> &E {
        &self.engine
    }

    /// Closes the store, returning its engine (reopen with other keys, tests).
    pub fn into_engine(self) -> E {
        self.engine
    }

    /// The key ring.
    pub fn keys(&self) -> &KeyRing {
        &self.keys
    }

    fn lock_number(&self, v: &VirtualNumber) -> MutexGuard<'_, ()> {
        lock(&self.stripes[stripe_of(v)])
    }

    fn lock_ref(&self, tenant: TenantId, r: &str) -> MutexGuard<'_, ()> {
        lock(&self.ref_stripes[fnv(&[&tenant.0.to_be_bytes(), r.as_bytes()]) % STRIPES])
    }

    fn hints(&self) -> MutexGuard<'_, HashMap<u32, FreeHint>> {
        // A poisoned map of hints is still a map of valid hints.
        self.free_hints.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn free_hint(&self, tenant: TenantId) -> (Option<Vec<u8>>, u64) {
        let hints = self.hints();
        hints
            .get(&tenant.0)
            .map_or((None, 0), |h| (h.key.clone(), h.epoch))
    }

    /// After a free entry was written: make sure scans see it.
    fn free_inserted(&self, tenant: TenantId, key: &[u8]) {
        let mut hints = self.hints();
        let h = hints.entry(tenant.0).or_default();
        h.epoch += 1;
        if h.key.as_deref().is_some_and(|k| k > key) {
            h.key = Some(key.to_vec());
        }
    }

    fn advance_hint(&self, tenant: TenantId, read_epoch: u64, key: Vec<u8>) {
        let mut hints = self.hints();
        let h = hints.entry(tenant.0).or_default();
        if h.epoch == read_epoch {
            h.key = Some(key);
        }
    }

    fn audit(
        &self,
        batch: &mut Batch,
        at: Timestamp,
        actor: &str,
        tenant: Option<TenantId>,
        number: Option<VirtualNumber>,
        action: AuditAction,
    ) {
        let seq = self.audit_seq.fetch_add(1, Ordering::Relaxed);
        let entry = AuditEntry {
            at,
            actor: actor.to_owned(),
            tenant,
            number,
            action,
        };
        batch.put(keys::audit(at.0, seq), encode(&entry));
    }

    /// The stored record of a number.
    pub fn number_record(&self, v: &VirtualNumber) -> Result<Option<NumberRecord>, StoreError> {
        match self.engine.get(&keys::number(v))? {
            Some(bytes) => Ok(Some(decode(&bytes)?)),
            None => Ok(None),
        }
    }

    /// A number's state.
    pub fn number_status(&self, v: &VirtualNumber) -> Result<Option<NumberStatus>, StoreError> {
        Ok(self.number_record(v)?.map(|r| r.status()))
    }

    // ----- tenants and pools -------------------------------------------------

    /// Creates or updates a tenant.
    pub fn put_tenant(
        &self,
        actor: &str,
        tenant: &Tenant,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let mut b = Batch::new();
        b.put(keys::tenant(tenant.id.0), encode(tenant));
        self.audit(
            &mut b,
            now,
            actor,
            Some(tenant.id),
            None,
            AuditAction::TenantPut,
        );
        self.engine.write(&b, true)?;
        Ok(())
    }

    /// A tenant.
    pub fn tenant(&self, id: TenantId) -> Result<Option<Tenant>, StoreError> {
        match self.engine.get(&keys::tenant(id.0))? {
            Some(bytes) => Ok(Some(decode(&bytes)?)),
            None => Ok(None),
        }
    }

    fn policy(&self, id: TenantId) -> Result<Policy, StoreError> {
        Ok(self.tenant(id)?.map(|t| t.policy).unwrap_or_default())
    }

    /// Every tenant.
    pub fn tenants(&self) -> Result<Vec<Tenant>, StoreError> {
        let mut out = Vec::new();
        let mut err = None;
        self.engine
            .scan(&[keys::TENANT], Some(&[keys::TENANT + 1]), &mut |_, v| {
                match decode(v) {
                    Ok(t) => out.push(t),
                    Err(e) => err = Some(e),
                }
                err.is_none()
            })?;
        match err {
            Some(e) => Err(e.into()),
            None => Ok(out),
        }
    }

    /// A tenant's pool ranges.
    pub fn ranges(&self, tenant: TenantId) -> Result<Vec<NumberRange>, StoreError> {
        let prefix = keys::range_prefix(tenant.0);
        let end = keys::prefix_end(&prefix);
        let mut out = Vec::new();
        let mut err = None;
        self.engine.scan(&prefix, end.as_deref(), &mut |_, v| {
            match decode(v) {
                Ok(r) => out.push(r),
                Err(e) => err = Some(e),
            }
            err.is_none()
        })?;
        match err {
            Some(e) => Err(e.into()),
            None => Ok(out),
        }
    }

    fn range_numbers(range: &NumberRange) -> impl Iterator<Item = VirtualNumber> + '_ {
        let (a, len) = range.first.to_int();
        (0..range.len()).filter_map(move |i| VirtualNumber::from_int(a + i, len).ok())
    }

    /// Adds a pool range owned by `range.tenant`: every number in it that
    /// has no record yet becomes free (never used). Numbers that already
    /// exist (another range) are left alone. Returns how many were created.
    pub fn add_range(
        &self,
        actor: &str,
        range: &NumberRange,
        now: Timestamp,
    ) -> Result<u64, StoreError> {
        if range.is_empty() {
            return Err(StoreError::Invalid(
                "range is empty or its ends differ in length",
            ));
        }
        if range.tenant != TenantId::OPERATOR && self.tenant(range.tenant)?.is_none() {
            return Err(StoreError::UnknownTenant(range.tenant));
        }
        let _m = lock(&self.maintenance);
        let mut added = 0;
        let mut b = Batch::new();
        for v in Self::range_numbers(range) {
            let _g = self.lock_number(&v);
            if self.engine.get(&keys::number(&v))?.is_some() {
                continue;
            }
            let rec = NumberRecord::fresh(range.tenant);
            let mut one = Batch::new();
            one.put(keys::number(&v), encode(&rec));
            one.put(
                keys::free(range.tenant.0, 0, &v),
                encode(&FreeEntry { last_tenant: None }),
            );
            // Written per number under its stripe, so an allocation never
            // sees a half-created number.
            self.engine.write(&one, false)?;
            self.free_inserted(range.tenant, &keys::free(range.tenant.0, 0, &v));
            added += 1;
        }
        b.put(keys::range(range.tenant.0, &range.first), encode(range));
        self.audit(
            &mut b,
            now,
            actor,
            Some(range.tenant),
            Some(range.first),
            AuditAction::RangeAdded {
                last: range.last,
                added,
            },
        );
        self.engine.write(&b, true)?;
        Ok(added)
    }

    /// Moves an existing range (same first and last) to another tenant.
    /// Bound and suspended numbers stay with the old tenant (counted as
    /// busy); free ones move to the new tenant's free queue and can be taken
    /// by it only after the cross-tenant minimum rest since their release.
    pub fn assign_range(
        &self,
        actor: &str,
        range: &NumberRange,
        now: Timestamp,
    ) -> Result<AssignReport, StoreError> {
        if self.tenant(range.tenant)?.is_none() && range.tenant != TenantId::OPERATOR {
            return Err(StoreError::UnknownTenant(range.tenant));
        }
        let _m = lock(&self.maintenance);
        let mut old = None;
        self.engine
            .scan(&[keys::RANGE], Some(&[keys::RANGE + 1]), &mut |k, v| {
                if let Ok(r) = decode::<NumberRange>(v)
                    && r.first == range.first
                    && r.last == range.last
                {
                    old = Some((k.to_vec(), r));
                }
                old.is_none()
            })?;
        let Some((old_key, old_range)) = old else {
            return Err(StoreError::NotInPool(range.first));
        };
        let mut report = AssignReport::default();
        for v in Self::range_numbers(range) {
            let _g = self.lock_number(&v);
            let Some(mut rec) = self.number_record(&v)? else {
                continue;
            };
            if rec.owner != old_range.tenant {
                continue;
            }
            let mut one = Batch::new();
            let mut inserted = None;
            match rec.state {
                NumberState::Bound(_) | NumberState::Suspended { .. } => {
                    report.busy += 1;
                    continue;
                }
                NumberState::Free => {
                    inserted = Some(keys::free(range.tenant.0, rec.released_at.0, &v));
                    one.delete(keys::free(rec.owner.0, rec.released_at.0, &v));
                    one.put(
                        keys::free(range.tenant.0, rec.released_at.0, &v),
                        encode(&FreeEntry {
                            last_tenant: rec.last_tenant,
                        }),
                    );
                }
                NumberState::Reserved | NumberState::Quarantined { .. } => {}
            }
            rec.owner = range.tenant;
            one.put(keys::number(&v), encode(&rec));
            self.engine.write(&one, false)?;
            if let Some(k) = inserted {
                self.free_inserted(range.tenant, &k);
            }
            report.moved += 1;
        }
        let mut b = Batch::new();
        b.delete(old_key);
        b.put(keys::range(range.tenant.0, &range.first), encode(range));
        self.audit(
            &mut b,
            now,
            actor,
            Some(range.tenant),
            Some(range.first),
            AuditAction::RangeAdded {
                last: range.last,
                added: report.moved,
            },
        );
        self.engine.write(&b, true)?;
        Ok(report)
    }

    fn change_state(
        &self,
        actor: &str,
        v: &VirtualNumber,
        now: Timestamp,
        action: AuditAction,
        f: impl FnOnce(&mut NumberRecord, &mut Batch) -> Result<bool, StoreError>,
    ) -> Result<(), StoreError> {
        let _g = self.lock_number(v);
        let mut rec = self.number_record(v)?.ok_or(StoreError::NotInPool(*v))?;
        let mut b = Batch::new();
        let freed = f(&mut rec, &mut b)?;
        b.put(keys::number(v), encode(&rec));
        self.audit(&mut b, now, actor, Some(rec.owner), Some(*v), action);
        self.engine.write(&b, true)?;
        if freed {
            self.free_inserted(rec.owner, &keys::free(rec.owner.0, rec.released_at.0, v));
        }
        Ok(())
    }

    /// Reserves a free number: it is never auto-allocated, only explicitly.
    pub fn reserve(
        &self,
        actor: &str,
        v: &VirtualNumber,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        self.change_state(actor, v, now, AuditAction::Reserved, |rec, b| {
            if rec.state != NumberState::Free {
                return Err(StoreError::Unavailable {
                    number: *v,
                    status: rec.status(),
                });
            }
            b.delete(keys::free(rec.owner.0, rec.released_at.0, v));
            rec.state = NumberState::Reserved;
            Ok(false)
        })
    }

    /// Returns a reserved number to the free pool.
    pub fn unreserve(
        &self,
        actor: &str,
        v: &VirtualNumber,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        self.change_state(actor, v, now, AuditAction::Unreserved, |rec, b| {
            if rec.state != NumberState::Reserved {
                return Err(StoreError::Unavailable {
                    number: *v,
                    status: rec.status(),
                });
            }
            b.put(
                keys::free(rec.owner.0, rec.released_at.0, v),
                encode(&FreeEntry {
                    last_tenant: rec.last_tenant,
                }),
            );
            rec.state = NumberState::Free;
            Ok(true)
        })
    }

    /// Suspends a number: calls are rejected; an active binding is kept
    /// (and still expires) and resumes with the number.
    pub fn suspend(
        &self,
        actor: &str,
        v: &VirtualNumber,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        self.change_state(actor, v, now, AuditAction::Suspended, |rec, b| {
            let binding = match std::mem::replace(&mut rec.state, NumberState::Reserved) {
                NumberState::Free => {
                    b.delete(keys::free(rec.owner.0, rec.released_at.0, v));
                    None
                }
                NumberState::Reserved => None,
                NumberState::Quarantined { until } => {
                    b.delete(keys::timed(keys::QUARANTINE, until.0, v));
                    None
                }
                NumberState::Bound(binding) => Some(binding),
                s @ NumberState::Suspended { .. } => {
                    rec.state = s;
                    return Err(StoreError::Unavailable {
                        number: *v,
                        status: NumberStatus::Suspended,
                    });
                }
            };
            rec.state = NumberState::Suspended { binding };
            Ok(false)
        })
    }

    /// Resumes a suspended number: its binding if it still has one; else
    /// quarantine if its last binding ended less than the quarantine ago;
    /// else free.
    pub fn resume(&self, actor: &str, v: &VirtualNumber, now: Timestamp) -> Result<(), StoreError> {
        self.change_state(actor, v, now, AuditAction::Resumed, |rec, b| {
            let NumberState::Suspended { binding } =
                std::mem::replace(&mut rec.state, NumberState::Free)
            else {
                let status = rec.status();
                return Err(StoreError::Unavailable { number: *v, status });
            };
            match binding {
                Some(binding) => {
                    rec.state = NumberState::Bound(binding);
                    Ok(false)
                }
                None => {
                    // A binding that ended before or during the suspension
                    // still owes the rest of its quarantine.
                    let policy = self.policy(rec.last_tenant.unwrap_or(rec.owner))?;
                    let until = rec.released_at.plus_secs(policy.quarantine_secs);
                    if rec.released_at.0 > 0 && until > now {
                        rec.state = NumberState::Quarantined { until };
                        b.put(keys::timed(keys::QUARANTINE, until.0, v), Vec::new());
                        return Ok(false);
                    }
                    b.put(
                        keys::free(rec.owner.0, rec.released_at.0, v),
                        encode(&FreeEntry {
                            last_tenant: rec.last_tenant,
                        }),
                    );
                    Ok(true)
                }
            }
        })
    }

    // ----- allocation ----------------------------------------------------------

    /// Allocates a number and binds it, atomically and durably. Idempotent
    /// per (tenant, external reference): while that reference has an active
    /// binding, the same binding is returned (`created: false`) whatever the
    /// rest of the request says. Exhaustion is [`StoreError::Exhausted`].
    ///
    /// Group commit: the allocation is applied unsynced under its number's
    /// lock, the lock released, and the call returns once a WAL sync shared
    /// with every concurrent caller covers it (`crate::commit`: leader and
    /// followers). So concurrent callers validate against each other's
    /// pending allocations and share one fsync per round; an `Ok` is always
    /// in a synced WAL.
    pub fn allocate(
        &self,
        actor: &str,
        req: &AllocationRequest,
        now: Timestamp,
    ) -> Result<Allocation, StoreError> {
        let a = self.allocate_inner(actor, req, now)?;
        // Taken after the write (or, for `created: false`, after reading
        // another caller's binding): the sync it waits for covers it.
        let ticket = self.commit.ticket();
        self.commit.wait(&self.engine, ticket)?;
        Ok(a)
    }

    /// Allocates many bindings for one caller (bulk load, migration, a
    /// tenant's batch request): each allocation is atomic and validated
    /// exactly as [`Store::allocate`] (one result per request, in order);
    /// they are written unsynced and one group-commit sync, shared with
    /// concurrent callers, makes them all durable before this returns.
    pub fn allocate_many(
        &self,
        actor: &str,
        reqs: &[AllocationRequest],
        now: Timestamp,
    ) -> Result<Vec<Result<Allocation, StoreError>>, StoreError> {
        let out = reqs
            .iter()
            .map(|r| self.allocate_inner(actor, r, now))
            .collect();
        self.commit.sync_all(&self.engine)?;
        Ok(out)
    }

    /// Makes every write so far durable (a WAL sync shared with concurrent
    /// group-commit waiters). The SCP calls it periodically when it appends
    /// call records with [`Store::record_calls`].
    pub fn sync(&self) -> Result<(), StoreError> {
        self.commit.sync_all(&self.engine)
    }

    /// How many group-commit WAL syncs this store has made (statistics:
    /// acknowledged writes per fsync).
    pub fn group_syncs(&self) -> u64 {
        self.commit.syncs()
    }

    /// Allocates unsynced; the caller waits for the group commit.
    fn allocate_inner(
        &self,
        actor: &str,
        req: &AllocationRequest,
        now: Timestamp,
    ) -> Result<Allocation, StoreError> {
        validate_spec(&req.spec)?;
        if req.external_ref.is_empty() {
            return Err(StoreError::Invalid("empty external reference"));
        }
        let tenant = self
            .tenant(req.tenant)?
            .ok_or(StoreError::UnknownTenant(req.tenant))?;
        let _r = self.lock_ref(req.tenant, &req.external_ref);
        let idem_key = keys::idempotency(req.tenant.0, &req.external_ref);
        if let Some(bytes) = self.engine.get(&idem_key)? {
            let (v, _) = keys::read_number(&bytes).ok_or(FormatError::Key {
                kind: keys::IDEMPOTENCY,
            })?;
            if let Some(rec) = self.number_record(&v)?
                && let NumberState::Bound(b) | NumberState::Suspended { binding: Some(b) } =
                    &rec.state
                && b.tenant == req.tenant
                && b.external_ref == req.external_ref
            {
                return Ok(Allocation {
                    id: BindingId {
                        number: v,
                        generation: b.generation,
                    },
                    created: false,
                    expires_at: b.effective_expiry(),
                });
            }
        }
        let ctx = BindCtx {
            actor,
            tenant: &tenant,
            req,
            now,
        };
        match req.strategy {
            Strategy::Explicit(v) => self.try_bind(&ctx, &v, true, true)?,
            Strategy::Vanity => {
                if let Some(a) = self.allocate_vanity(&ctx)? {
                    return Ok(a);
                }
                self.allocate_lrr(&ctx)
            }
            Strategy::LeastRecentlyReleased => self.allocate_lrr(&ctx),
        }
    }

    fn allocate_lrr(&self, ctx: &BindCtx<'_>) -> Result<Allocation, StoreError> {
        let tenant = ctx.tenant.id;
        let prefix = keys::free_prefix(tenant.0);
        let end = keys::prefix_end(&prefix);
        let (hint, epoch) = self.free_hint(tenant);
        let mut from_hint = hint.is_some();
        let mut from = hint.unwrap_or_else(|| prefix.clone());
        // The first entry passed over that is still free (cross-tenant rest).
        let mut first_kept: Option<Vec<u8>> = None;
        let mut pages = 0usize;
        loop {
            let want = if pages == 0 {
                FREE_PAGE_FIRST
            } else {
                FREE_PAGE
            };
            pages += 1;
            let mut page: Vec<(Vec<u8>, Vec<u8>)> = Vec::with_capacity(want);
            self.engine.scan(&from, end.as_deref(), &mut |k, v| {
                page.push((k.to_vec(), v.to_vec()));
                page.len() < want
            })?;
            let Some((last, _)) = page.last() else {
                if from_hint {
                    // Belt and braces: before declaring exhaustion, look at
                    // the whole queue once.
                    from_hint = false;
                    from = prefix.clone();
                    first_kept = None;
                    continue;
                }
                break;
            };
            from = last.clone();
            from.push(0);
            for (k, v) in &page {
                let (released_at, number) =
                    keys::parse_free(k).ok_or(FormatError::Key { kind: keys::FREE })?;
                let entry: FreeEntry = decode(v)?;
                if !self.cross_tenant_rested(
                    entry.last_tenant,
                    tenant,
                    Timestamp(released_at),
                    ctx.now,
                ) {
                    first_kept.get_or_insert_with(|| k.clone());
                    continue;
                }
                match self.try_bind(ctx, &number, false, false)? {
                    Ok(a) => {
                        self.advance_hint(tenant, epoch, first_kept.unwrap_or_else(|| k.clone()));
                        return Ok(a);
                    }
                    // Still free: resting, or being looked at by another writer.
                    Err(StoreError::Unavailable {
                        status: NumberStatus::Quarantined,
                        ..
                    })
                    | Err(StoreError::Invalid(LOCKED)) => {
                        first_kept.get_or_insert_with(|| k.clone());
                    }
                    // Taken by a concurrent allocation: its entry is gone.
                    Err(_) => {}
                }
            }
        }
        Err(StoreError::Exhausted {
            tenant,
            counts: self.pool_counts(tenant, ctx.now)?,
        })
    }

    fn allocate_vanity(&self, ctx: &BindCtx<'_>) -> Result<Option<Allocation>, StoreError> {
        let Some(primary) = ctx.req.spec.kind.primary() else {
            return Ok(None);
        };
        let ranges = self.ranges(ctx.tenant.id)?;
        for k in VANITY_SUFFIXES {
            let Ok(suffix) = primary.suffix(k).parse::<u64>() else {
                continue;
            };
            if primary.suffix(k).len() < k {
                continue;
            }
            let m = 10u64.pow(k as u32);
            for range in &ranges {
                let (a, len) = range.first.to_int();
                let (b, _) = range.last.to_int();
                let mut n = a - a % m + suffix;
                if n < a {
                    n += m;
                }
                let mut tried = 0;
                while n <= b && tried < VANITY_MAX_CANDIDATES {
                    tried += 1;
                    let Ok(v) = VirtualNumber::from_int(n, len) else {
                        break;
                    };
                    n += m;
                    if let Ok(alloc) = self.try_bind(ctx, &v, false, true)? {
                        return Ok(Some(alloc));
                    }
                }
            }
        }
        Ok(None)
    }

    fn cross_tenant_rested(
        &self,
        last: Option<TenantId>,
        tenant: TenantId,
        released_at: Timestamp,
        now: Timestamp,
    ) -> bool {
        match last {
            Some(t) if t != tenant => {
                now >= released_at.plus_secs(self.config.cross_tenant_quarantine_secs)
            }
            _ => true,
        }
    }

    /// Binds `v` if it is free (or reserved, when `explicit`). The outer
    /// `Result` is a hard failure; the inner `Err` says why `v` was not
    /// available (the caller may try another number).
    ///
    /// With `wait = false` a number whose stripe is locked is passed over
    /// ([`LOCKED`]): concurrent least-recently-released allocations then
    /// spread over the queue head instead of queueing behind one another's
    /// WAL sync, so their syncs share one group commit.
    fn try_bind(
        &self,
        ctx: &BindCtx<'_>,
        v: &VirtualNumber,
        explicit: bool,
        wait: bool,
    ) -> Result<Result<Allocation, StoreError>, StoreError> {
        let tenant = ctx.tenant.id;
        let now = ctx.now;
        let stripe = &self.stripes[stripe_of(v)];
        let _g = if wait {
            lock(stripe)
        } else {
            match stripe.try_lock() {
                Ok(g) => g,
                Err(std::sync::TryLockError::Poisoned(e)) => e.into_inner(),
                Err(std::sync::TryLockError::WouldBlock) => {
                    return Ok(Err(StoreError::Invalid(LOCKED)));
                }
            }
        };
        let Some(mut rec) = self.number_record(v)? else {
            return Ok(Err(StoreError::NotInPool(*v)));
        };
        if rec.owner != tenant {
            return Ok(Err(StoreError::WrongTenant {
                number: *v,
                owner: rec.owner,
            }));
        }
        let was_free = match rec.state {
            NumberState::Free => true,
            NumberState::Reserved if explicit => false,
            _ => {
                return Ok(Err(StoreError::Unavailable {
                    number: *v,
                    status: rec.status(),
                }));
            }
        };
        if !self.cross_tenant_rested(rec.last_tenant, tenant, rec.released_at, now) {
            return Ok(Err(StoreError::Unavailable {
                number: *v,
                status: NumberStatus::Quarantined,
            }));
        }
        rec.generation = rec.generation.wrapping_add(1);
        let binding = self.make_binding(v, rec.generation, ctx)?;
        let mut b = Batch::new();
        if was_free {
            b.delete(keys::free(rec.owner.0, rec.released_at.0, v));
        }
        let expiry = binding.effective_expiry();
        b.put(keys::timed(keys::EXPIRY, expiry.0, v), Vec::new());
        for blind in blinds(&binding.kind) {
            b.put(
                keys::blind(blind, v),
                binding.generation.to_be_bytes().to_vec(),
            );
        }
        for k in label_keys(tenant, &binding.labels, v) {
            b.put(k, binding.generation.to_be_bytes().to_vec());
        }
        let mut idem = Vec::new();
        keys::push_number(&mut idem, v);
        b.put(keys::idempotency(tenant.0, &ctx.req.external_ref), idem);
        let id = BindingId {
            number: *v,
            generation: binding.generation,
        };
        rec.expired_announcement = ctx.tenant.policy.expired_announcement;
        rec.state = NumberState::Bound(Box::new(binding));
        b.put(keys::number(v), encode(&rec));
        self.audit(
            &mut b,
            now,
            ctx.actor,
            Some(tenant),
            Some(*v),
            AuditAction::Allocated {
                generation: id.generation,
                external_ref: ctx.req.external_ref.clone(),
            },
        );
        // Unsynced: `allocate`/`allocate_many` wait for the group commit
        // after the number's lock is released.
        self.engine.write(&b, false)?;
        Ok(Ok(Allocation {
            id,
            created: true,
            expires_at: expiry,
        }))
    }

    fn make_binding(
        &self,
        v: &VirtualNumber,
        g: u32,
        ctx: &BindCtx<'_>,
    ) -> Result<StoredBinding, StoreError> {
        let spec = &ctx.req.spec;
        let keys = &self.keys;
        let kind = match &spec.kind {
            BindingKind::OneWay { destinations } => StoredKind::OneWay {
                destinations: destinations
                    .iter()
                    .enumerate()
                    .map(|(i, d)| seal_number(keys, d, v, g, &format!("d{i}")))
                    .collect::<Result<_, _>>()?,
            },
            BindingKind::TwoWay { a, b } => StoredKind::TwoWay {
                a: seal_number(keys, a, v, g, "a")?,
                a_blind: keys.blind(a.expose()),
                b: seal_number(keys, b, v, g, "b")?,
                b_blind: keys.blind(b.expose()),
            },
            BindingKind::OriginatingMask { party } => StoredKind::OriginatingMask {
                party: seal_number(keys, party, v, g, "p")?,
                party_blind: keys.blind(party.expose()),
            },
        };
        let now = ctx.now;
        let valid_from = spec.valid_from.unwrap_or(now);
        let expires_at = spec
            .expires_at
            .unwrap_or_else(|| now.plus_secs(ctx.tenant.policy.default_ttl_secs));
        Ok(StoredBinding {
            generation: g,
            tenant: ctx.tenant.id,
            external_ref: ctx.req.external_ref.clone(),
            kind,
            valid_from,
            expires_at,
            sliding_ttl_secs: spec.sliding_ttl_secs,
            idle_expires_at: spec
                .sliding_ttl_secs
                .map(|t| valid_from.max(now).plus_secs(t)),
            max_call_secs: spec.max_call_secs,
            schedule: spec.schedule.clone(),
            ringback: spec.ringback,
            notice: spec.notice,
            busy_forward: spec
                .busy_forward
                .as_ref()
                .map(|r| seal_number(keys, r, v, g, "busy"))
                .transpose()?,
            no_answer_forward: spec
                .no_answer_forward
                .as_ref()
                .map(|r| seal_number(keys, r, v, g, "noans"))
                .transpose()?,
            labels: spec.labels.clone(),
            created_at: now,
        })
    }

    /// Counts a tenant's numbers by state (exhaustion reports, statistics).
    /// Reads every number of the tenant's ranges.
    pub fn pool_counts(&self, tenant: TenantId, now: Timestamp) -> Result<PoolCounts, StoreError> {
        let mut c = PoolCounts::default();
        for range in self.ranges(tenant)? {
            for v in Self::range_numbers(&range) {
                let Some(rec) = self.number_record(&v)? else {
                    continue;
                };
                if rec.owner != tenant {
                    continue;
                }
                match rec.state {
                    NumberState::Free => {
                        if self.cross_tenant_rested(rec.last_tenant, tenant, rec.released_at, now) {
                            c.free += 1;
                        } else {
                            c.resting_cross_tenant += 1;
                        }
                    }
                    NumberState::Reserved => c.reserved += 1,
                    NumberState::Bound(_) => c.bound += 1,
                    NumberState::Quarantined { .. } => c.quarantined += 1,
                    NumberState::Suspended { .. } => c.suspended += 1,
                }
            }
        }
        Ok(c)
    }

    /// Ends the binding on `v` now (provisioning release): the number goes
    /// to quarantine. Returns the ended binding's id.
    pub fn release(
        &self,
        actor: &str,
        v: &VirtualNumber,
        now: Timestamp,
    ) -> Result<BindingId, StoreError> {
        let _g = self.lock_number(v);
        let mut rec = self.number_record(v)?.ok_or(StoreError::NotInPool(*v))?;
        let mut b = Batch::new();
        let id = self.end_binding(&mut rec, v, now, EndReason::Released, actor, &mut b)?;
        self.engine.write(&b, true)?;
        Ok(id)
    }

    /// Moves `rec`'s binding out (to the ended-bindings queue) and the
    /// number to quarantine (or keeps it suspended); fills `b`.
    fn end_binding(
        &self,
        rec: &mut NumberRecord,
        v: &VirtualNumber,
        now: Timestamp,
        reason: EndReason,
        actor: &str,
        b: &mut Batch,
    ) -> Result<BindingId, StoreError> {
        let (binding, suspended) = match std::mem::replace(&mut rec.state, NumberState::Free) {
            NumberState::Bound(binding) => (binding, false),
            NumberState::Suspended {
                binding: Some(binding),
            } => (binding, true),
            other => {
                rec.state = other;
                return Err(StoreError::Unavailable {
                    number: *v,
                    status: rec.status(),
                });
            }
        };
        let policy = self.policy(binding.tenant)?;
        let until = now.plus_secs(policy.quarantine_secs);
        rec.state = if suspended {
            NumberState::Suspended { binding: None }
        } else {
            b.put(keys::timed(keys::QUARANTINE, until.0, v), Vec::new());
            NumberState::Quarantined { until }
        };
        rec.released_at = now;
        rec.last_tenant = Some(binding.tenant);
        rec.last_call_at = Timestamp(0);
        rec.expired_announcement = policy.expired_announcement;
        b.put(keys::number(v), encode(rec));
        b.delete(keys::timed(keys::EXPIRY, binding.effective_expiry().0, v));
        for blind in blinds(&binding.kind) {
            b.delete(keys::blind(blind, v));
        }
        for k in label_keys(binding.tenant, &binding.labels, v) {
            b.delete(k);
        }
        b.delete(keys::idempotency(binding.tenant.0, &binding.external_ref));
        let id = BindingId {
            number: *v,
            generation: binding.generation,
        };
        let action = match reason {
            EndReason::Released => AuditAction::Released {
                generation: id.generation,
            },
            EndReason::Expired => AuditAction::Expired {
                generation: id.generation,
            },
        };
        self.audit(b, now, actor, Some(binding.tenant), Some(*v), action);
        let erase_at = now.plus_secs(policy.binding_grace_secs);
        b.put(
            keys::ended(erase_at.0, v, id.generation),
            encode(&EndedBinding {
                number: *v,
                ended_at: now,
                reason,
                binding: *binding,
            }),
        );
        Ok(id)
    }

    /// The active (or suspended) binding on `v`, with clear numbers.
    pub fn binding(&self, v: &VirtualNumber) -> Result<Option<BindingView>, StoreError> {
        let Some(rec) = self.number_record(v)? else {
            return Ok(None);
        };
        let (b, suspended) = match &rec.state {
            NumberState::Bound(b) => (b, false),
            NumberState::Suspended { binding: Some(b) } => (b, true),
            _ => return Ok(None),
        };
        let g = b.generation;
        let keys = &self.keys;
        let kind = match &b.kind {
            StoredKind::OneWay { destinations } => BindingKind::OneWay {
                destinations: destinations
                    .iter()
                    .enumerate()
                    .map(|(i, d)| open_number(keys, d, &field_aad(v, g, &format!("d{i}"))))
                    .collect::<Result<_, _>>()?,
            },
            StoredKind::TwoWay { a, b: other, .. } => BindingKind::TwoWay {
                a: open_number(keys, a, &field_aad(v, g, "a"))?,
                b: open_number(keys, other, &field_aad(v, g, "b"))?,
            },
            StoredKind::OriginatingMask { party, .. } => BindingKind::OriginatingMask {
                party: open_number(keys, party, &field_aad(v, g, "p"))?,
            },
        };
        Ok(Some(BindingView {
            id: BindingId {
                number: *v,
                generation: g,
            },
            tenant: b.tenant,
            external_ref: b.external_ref.clone(),
            kind,
            valid_from: b.valid_from,
            expires_at: b.expires_at,
            effective_expiry: b.effective_expiry(),
            labels: b.labels.clone(),
            suspended,
        }))
    }

    /// The number bound to (tenant, external reference), if active.
    pub fn binding_by_ref(
        &self,
        tenant: TenantId,
        external_ref: &str,
    ) -> Result<Option<BindingId>, StoreError> {
        let Some(bytes) = self
            .engine
            .get(&keys::idempotency(tenant.0, external_ref))?
        else {
            return Ok(None);
        };
        let (v, _) = keys::read_number(&bytes).ok_or(FormatError::Key {
            kind: keys::IDEMPOTENCY,
        })?;
        Ok(self.number_record(&v)?.and_then(|r| match r.state {
            NumberState::Bound(b) if b.external_ref == external_ref && b.tenant == tenant => {
                Some(BindingId {
                    number: v,
                    generation: b.generation,
                })
            }
            _ => None,
        }))
    }

    /// The active (or suspended) bindings of `tenant` whose labels match
    /// `filter` — role scoping in the provisioning API ("the bindings of
    /// region Seoul, branch Gangnam"). Every label set in `filter` must be
    /// equal; at least one must be set ([`StoreError::Invalid`] otherwise).
    ///
    /// Paging: results come in key order of the virtual number (11-digit
    /// numbers before 12-digit ones, then by digits), starting after
    /// `after`, at most `limit`; pass the last number of a page as `after`
    /// for the next. Served by the label index (key kind
    /// [`keys::LABEL`], kept in the same atomic batch as every bind and
    /// end of a binding), scanning the branch entries when a branch is
    /// given (the more selective label), else the region entries.
    pub fn bindings_by_labels(
        &self,
        tenant: TenantId,
        filter: &Labels,
        after: Option<&VirtualNumber>,
        limit: usize,
    ) -> Result<Vec<BindingId>, StoreError> {
        let (name, value) = match (&filter.branch, &filter.region) {
            (Some(b), _) => (keys::LABEL_BRANCH, b),
            (None, Some(r)) => (keys::LABEL_REGION, r),
            (None, None) => return Err(StoreError::Invalid("label filter is empty")),
        };
        let Some(prefix) = keys::label_prefix(tenant.0, name, value) else {
            return Ok(Vec::new()); // No stored label is that long.
        };
        let end = keys::prefix_end(&prefix);
        let mut from = prefix.clone();
        if let Some(a) = after {
            keys::push_number(&mut from, a);
            from.push(0); // The least key after `after`'s own entry.
        }
        let mut out = Vec::new();
        while out.len() < limit {
            let want = limit - out.len();
            let mut page = Vec::with_capacity(want.min(1024));
            let mut bad = false;
            self.engine.scan(&from, end.as_deref(), &mut |k, _| {
                match k.get(prefix.len()..).and_then(keys::read_number) {
                    Some((v, _)) => page.push((k.to_vec(), v)),
                    None => bad = true,
                }
                !bad && page.len() < want
            })?;
            if bad {
                return Err(FormatError::Key { kind: keys::LABEL }.into());
            }
            let Some((last, _)) = page.last() else { break };
            from = last.clone();
            from.push(0);
            let full = page.len() == want;
            for (_, v) in page {
                // The index is exact; the record is the truth all the same.
                if let Some(rec) = self.number_record(&v)?
                    && let NumberState::Bound(b) | NumberState::Suspended { binding: Some(b) } =
                        &rec.state
                    && b.tenant == tenant
                    && filter
                        .region
                        .as_ref()
                        .is_none_or(|r| b.labels.region.as_ref() == Some(r))
                    && filter
                        .branch
                        .as_ref()
                        .is_none_or(|x| b.labels.branch.as_ref() == Some(x))
                {
                    out.push(BindingId {
                        number: v,
                        generation: b.generation,
                    });
                }
            }
            if !full {
                break;
            }
        }
        Ok(out)
    }

    // ----- routing -------------------------------------------------------------

    /// The decision for a call to `called` (a virtual number) from
    /// `calling`, at `now`: one point read of the number's record, no lock.
    pub fn route(
        &self,
        called: &str,
        calling: &str,
        now: Timestamp,
    ) -> Result<RouteDecision, StoreError> {
        let Ok(v) = VirtualNumber::parse(called) else {
            return Ok(RouteDecision::Release {
                cause: crate::model::ReleaseCause::UNALLOCATED_NUMBER,
                reason: route::Reason::Unknown,
            });
        };
        let rec = match self.engine.get(&keys::number(&v))? {
            Some(bytes) => Some(decode::<NumberRecord>(&bytes)?),
            None => None,
        };
        route::decide(rec.as_ref(), &v, calling, now, &self.keys, &self.seoul)
    }

    /// The decision for an originating trigger: if `calling` is the
    /// protected party of an active originating-mask binding, connect to
    /// `called` presenting the virtual number; otherwise `Continue`.
    ///
    /// Tie-break when the caller protects several active originating-mask
    /// bindings (a courier working for two shops): the most recently
    /// created binding wins (`created_at`), then the latest `valid_from`,
    /// then the lowest virtual number — so the mask the caller was given
    /// last is the one the called party sees, and the choice never depends
    /// on index order. Bindings not yet valid or already expired at `now`
    /// take no part.
    pub fn route_originating(
        &self,
        calling: &str,
        called: &str,
        now: Timestamp,
    ) -> Result<RouteDecision, StoreError> {
        let Ok(caller) = RealNumber::parse(calling) else {
            return Ok(RouteDecision::Continue);
        };
        let blind = self.keys.blind(caller.expose());
        let mut best: Option<(VirtualNumber, Box<StoredBinding>)> = None;
        for (v, rec) in self.protected_records(&blind)? {
            let NumberState::Bound(b) = rec.state else {
                continue;
            };
            let StoredKind::OriginatingMask { party_blind, .. } = &b.kind else {
                continue;
            };
            if *party_blind != blind || now < b.valid_from || now >= b.effective_expiry() {
                continue;
            }
            let wins = best.as_ref().is_none_or(|(bv, bb)| {
                (b.created_at, b.valid_from, std::cmp::Reverse(v))
                    > (bb.created_at, bb.valid_from, std::cmp::Reverse(*bv))
            });
            if wins {
                best = Some((v, b));
            }
        }
        let Some((v, b)) = best else {
            return Ok(RouteDecision::Continue);
        };
        let destination = RealNumber::parse(called)?;
        Ok(RouteDecision::Connect(Box::new(route::Connect {
            destination,
            presentation: Some(v),
            binding: BindingId {
                number: v,
                generation: b.generation,
            },
            tenant: b.tenant,
            external_ref: b.external_ref,
            max_call_secs: b.max_call_secs,
            ringback: None,
            notice: b.notice,
            busy_forward: None,
            no_answer_forward: None,
        })))
    }

    fn protected_records(
        &self,
        blind: &[u8; 16],
    ) -> Result<Vec<(VirtualNumber, NumberRecord)>, StoreError> {
        let prefix = keys::blind_prefix(blind);
        let end = keys::prefix_end(&prefix);
        let mut numbers = Vec::new();
        self.engine.scan(&prefix, end.as_deref(), &mut |k, _| {
            if let Some((v, _)) = k.get(prefix.len()..).and_then(keys::read_number) {
                numbers.push(v);
            }
            true
        })?;
        let mut out = Vec::new();
        for v in numbers {
            if let Some(rec) = self.number_record(&v)? {
                out.push((v, rec));
            }
        }
        Ok(out)
    }

    /// Reverse lookup through the blind index: the active bindings in
    /// which `real` is a protected party (two-way or originating mask).
    pub fn protected_party(&self, real: &RealNumber) -> Result<Vec<BindingId>, StoreError> {
        let blind = self.keys.blind(real.expose());
        let mut out = Vec::new();
        for (v, rec) in self.protected_records(&blind)? {
            if let NumberState::Bound(b) = &rec.state
                && blinds(&b.kind).any(|x| *x == blind)
            {
                out.push(BindingId {
                    number: v,
                    generation: b.generation,
                });
            }
        }
        Ok(out)
    }

    // ----- call records ----------------------------------------------------------

    /// Records a call durably: [`Store::record_calls`] with this one record,
    /// then a group-commit WAL sync shared with concurrent callers.
    pub fn record_call(&self, rec: &CallRecord) -> Result<(), StoreError> {
        self.record_calls(std::slice::from_ref(rec))?;
        self.sync()
    }

    /// Records calls — the SCP's hot path — in one atomic write to the WAL,
    /// *without* a sync.
    ///
    /// Each record is an **upsert by call id**: its key is (tenant,
    /// attempt time, call id), so the SCP writes the attempt and decision
    /// first and later the whole updated [`CallRecord`] (answer and end
    /// times, release cause, outcome) with the same three values; the later
    /// write replaces the earlier. The same call may appear several times
    /// in one batch (the last wins).
    ///
    /// In the same batch: the number's daily counters (Asia/Seoul day of
    /// the attempt) are kept exact under the upsert — the earlier version's
    /// contribution is taken out and the new one's put in, so a call counts
    /// once as an attempt, once under its latest outcome, and its talk time
    /// once (the counters always equal a recount of the stored records);
    /// a sliding TTL of the record's binding is extended from the attempt
    /// time (so no separate "touch" is needed: recording the call is the
    /// touch); a call to a quarantined number is noted (traffic-aware rest).
    ///
    /// Loss window: a returned batch is in the WAL file in the page cache,
    /// so a process crash (panic, SIGKILL) loses nothing; a power loss or
    /// kernel crash loses the batches written since the last sync — the
    /// next [`Store::record_call`], allocation or other synced write, or the
    /// SCP's periodic [`Store::sync`] (e.g. every 100 ms: at 50,000 calls/s
    /// at most ~5,000 records). That is acceptable because a call record
    /// acknowledges nothing to anyone — the call itself was already routed
    /// — and the loss is all-or-nothing per batch (records and their
    /// counters together), in order; the binding and number state that
    /// routing depends on is always written synced.
    ///
    /// Locking: the number stripes of every record in the batch are taken
    /// in ascending stripe order (the only place that holds more than one;
    /// every other writer holds at most one, so this cannot deadlock).
    pub fn record_calls(&self, recs: &[CallRecord]) -> Result<(), StoreError> {
        use std::collections::hash_map::Entry;
        if recs.is_empty() {
            return Ok(());
        }
        let mut stripes: Vec<usize> = recs.iter().map(|r| stripe_of(&r.number)).collect();
        stripes.sort_unstable();
        stripes.dedup();
        let _guards: Vec<MutexGuard<'_, ()>> =
            stripes.iter().map(|&i| lock(&self.stripes[i])).collect();
        let mut b = Batch::new();
        let mut calls: HashMap<Vec<u8>, StoredCall> = HashMap::with_capacity(recs.len());
        let mut counters: HashMap<Vec<u8>, DailyCounters> = HashMap::with_capacity(recs.len());
        let mut numbers: HashMap<VirtualNumber, Option<(NumberRecord, bool)>> =
            HashMap::with_capacity(recs.len());
        for rec in recs {
            let key = keys::call(rec.tenant.0, rec.attempt_at.0, rec.call_id);
            let previous = match calls.get(&key) {
                Some(c) => Some(c.clone()),
                None => match self.engine.get(&key)? {
                    Some(bytes) => Some(decode::<StoredCall>(&bytes)?),
                    None => None,
                },
            };
            let stored = self.seal_call(&key, rec)?;
            let day = day_number(rec.attempt_at, &self.seoul);
            if let Some(p) = &previous {
                self.counter_entry(&mut counters, keys::counter(&p.number, day))?
                    .remove(p.outcome, p.answer_at, p.end_at);
            }
            self.counter_entry(&mut counters, keys::counter(&rec.number, day))?
                .add(rec.outcome, rec.answer_at, rec.end_at);
            let v = rec.number;
            let slot = match numbers.entry(v) {
                Entry::Occupied(e) => e.into_mut(),
                Entry::Vacant(e) => {
                    let current = self.number_record(&v)?.map(|r| (r, false));
                    e.insert(current)
                }
            };
            if let Some((nrec, changed)) = slot {
                *changed |= note_call(nrec, &v, rec, &mut b);
            }
            calls.insert(key, stored);
        }
        for (k, c) in calls {
            b.put(k, encode(&c));
        }
        for (k, c) in counters {
            b.put(k, encode(&c));
        }
        for (v, slot) in numbers {
            if let Some((nrec, true)) = slot {
                b.put(keys::number(&v), encode(&nrec));
            }
        }
        self.engine.write(&b, false)?;
        Ok(())
    }

    /// The batch's pending counters under `key`, read from the engine once.
    fn counter_entry<'m>(
        &self,
        pending: &'m mut HashMap<Vec<u8>, DailyCounters>,
        key: Vec<u8>,
    ) -> Result<&'m mut DailyCounters, StoreError> {
        use std::collections::hash_map::Entry;
        Ok(match pending.entry(key) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => {
                let current = match self.engine.get(e.key())? {
                    Some(bytes) => decode(&bytes)?,
                    None => DailyCounters::default(),
                };
                e.insert(current)
            }
        })
    }

    fn seal_call(&self, key: &[u8], rec: &CallRecord) -> Result<StoredCall, StoreError> {
        let seal = |r: &Option<RealNumber>, field: &[u8]| -> Result<Option<Sealed>, StoreError> {
            let Some(r) = r else { return Ok(None) };
            let mut aad = key.to_vec();
            aad.extend_from_slice(field);
            Ok(Some(self.keys.seal(r.expose().as_bytes(), &aad)?))
        };
        Ok(StoredCall {
            call_id: rec.call_id,
            number: rec.number,
            binding_generation: rec.binding.map(|b| b.generation),
            external_ref: rec.external_ref.clone(),
            caller: seal(&rec.caller, b"/caller")?,
            destination: seal(&rec.destination, b"/dest")?,
            answer_at: rec.answer_at,
            end_at: rec.end_at,
            release_cause: rec.release_cause,
            outcome: rec.outcome,
            ssp: rec.ssp.clone(),
        })
    }

    /// A tenant's call records with `from <= attempt_at < to`, in time
    /// order, at most `limit`, with clear numbers (masked by `Debug`).
    pub fn calls(
        &self,
        tenant: TenantId,
        from: Timestamp,
        to: Timestamp,
        limit: usize,
    ) -> Result<Vec<CallRecord>, StoreError> {
        let mut raw = Vec::new();
        self.engine.scan(
            &keys::call_from(tenant.0, from.0),
            Some(&keys::call_from(tenant.0, to.0)),
            &mut |k, v| {
                raw.push((k.to_vec(), v.to_vec()));
                raw.len() < limit
            },
        )?;
        let mut out = Vec::with_capacity(raw.len());
        for (k, v) in raw {
            let s: StoredCall = decode(&v)?;
            let at = k
                .get(5..13)
                .and_then(|b| b.try_into().ok())
                .map(u64::from_be_bytes)
                .ok_or(FormatError::Key { kind: keys::CALL })?;
            let open =
                |sealed: &Option<Sealed>, field: &[u8]| -> Result<Option<RealNumber>, StoreError> {
                    let Some(sealed) = sealed else {
                        return Ok(None);
                    };
                    let mut aad = k.clone();
                    aad.extend_from_slice(field);
                    let plain = self.keys.open(sealed, &aad)?;
                    let text =
                        String::from_utf8(plain).map_err(|_| crate::error::CryptoError::Decrypt)?;
                    Ok(Some(RealNumber::parse(&text)?))
                };
            out.push(CallRecord {
                call_id: s.call_id,
                number: s.number,
                tenant,
                binding: s.binding_generation.map(|g| BindingId {
                    number: s.number,
                    generation: g,
                }),
                external_ref: s.external_ref.clone(),
                caller: open(&s.caller, b"/caller")?,
                destination: open(&s.destination, b"/dest")?,
                attempt_at: Timestamp(at),
                answer_at: s.answer_at,
                end_at: s.end_at,
                release_cause: s.release_cause,
                outcome: s.outcome,
                ssp: s.ssp,
            });
        }
        Ok(out)
    }

    /// The daily counters of `v` for the Asia/Seoul day containing `at`.
    pub fn daily_counters(
        &self,
        v: &VirtualNumber,
        at: Timestamp,
    ) -> Result<DailyCounters, StoreError> {
        match self
            .engine
            .get(&keys::counter(v, day_number(at, &self.seoul)))?
        {
            Some(bytes) => Ok(decode(&bytes)?),
            None => Ok(DailyCounters::default()),
        }
    }

    /// Audit entries with `from <= at < to`, in order.
    pub fn audit_log(&self, from: Timestamp, to: Timestamp) -> Result<Vec<AuditEntry>, StoreError> {
        let mut out = Vec::new();
        let mut err = None;
        self.engine.scan(
            &keys::audit(from.0, 0),
            Some(&keys::audit(to.0, 0)),
            &mut |_, v| {
                match decode(v) {
                    Ok(e) => out.push(e),
                    Err(e) => err = Some(e),
                }
                err.is_none()
            },
        )?;
        match err {
            Some(e) => Err(e.into()),
            None => Ok(out),
        }
    }

    // ----- sweeper, retention, keys ------------------------------------------------

    fn due(&self, prefix: u8, now: Timestamp) -> Result<Vec<(u64, VirtualNumber)>, StoreError> {
        let mut out = Vec::new();
        let mut bad = false;
        self.engine.scan(
            &[prefix],
            Some(&keys::timed_upto(prefix, now.0)),
            &mut |k, _| {
                match keys::parse_timed(k) {
                    Some(x) => out.push(x),
                    None => bad = true,
                }
                !bad
            },
        )?;
        if bad {
            return Err(FormatError::Key { kind: prefix }.into());
        }
        Ok(out)
    }

    /// Ends expired bindings (numbers to quarantine) and frees rested
    /// numbers, as of `now`. With traffic-aware rest (policy `quiet_days`),
    /// a number still called during quarantine stays out until quiet that long.
    pub fn sweep(&self, now: Timestamp) -> Result<SweepReport, StoreError> {
        const ACTOR: &str = "sweeper";
        let _m = lock(&self.maintenance);
        let mut report = SweepReport::default();
        for (at, v) in self.due(keys::EXPIRY, now)? {
            let _g = self.lock_number(&v);
            let mut b = Batch::new();
            let mut rec = self.number_record(&v)?;
            let current = rec.as_ref().and_then(|r| match &r.state {
                NumberState::Bound(x) | NumberState::Suspended { binding: Some(x) } => {
                    Some(x.effective_expiry())
                }
                _ => None,
            });
            match (current, rec.as_mut()) {
                (Some(exp), Some(r)) if exp.0 == at && exp <= now => {
                    self.end_binding(r, &v, now, EndReason::Expired, ACTOR, &mut b)?;
                    report.expired += 1;
                }
                (Some(exp), _) if exp.0 == at => continue,
                _ => b.delete(keys::timed(keys::EXPIRY, at, &v)),
            }
            self.engine.write(&b, false)?;
        }
        for (at, v) in self.due(keys::QUARANTINE, now)? {
            let _g = self.lock_number(&v);
            let mut b = Batch::new();
            let mut inserted = None;
            b.delete(keys::timed(keys::QUARANTINE, at, &v));
            if let Some(mut rec) = self.number_record(&v)?
                && let NumberState::Quarantined { until } = rec.state
                && until.0 == at
            {
                let quiet = self
                    .policy(rec.last_tenant.unwrap_or(rec.owner))?
                    .quiet_days;
                let quiet_until = quiet.map(|d| rec.last_call_at.plus_days(u64::from(d)));
                match quiet_until {
                    Some(q) if rec.last_call_at.0 > 0 && q > now => {
                        rec.state = NumberState::Quarantined { until: q };
                        b.put(keys::timed(keys::QUARANTINE, q.0, &v), Vec::new());
                        report.prolonged += 1;
                    }
                    _ => {
                        rec.state = NumberState::Free;
                        inserted =
                            Some((rec.owner, keys::free(rec.owner.0, rec.released_at.0, &v)));
                        b.put(
                            keys::free(rec.owner.0, rec.released_at.0, &v),
                            encode(&FreeEntry {
                                last_tenant: rec.last_tenant,
                            }),
                        );
                        self.audit(
                            &mut b,
                            now,
                            ACTOR,
                            Some(rec.owner),
                            Some(v),
                            AuditAction::Freed,
                        );
                        report.freed += 1;
                    }
                }
                b.put(keys::number(&v), encode(&rec));
            }
            self.engine.write(&b, false)?;
            if let Some((tenant, k)) = inserted {
                self.free_inserted(tenant, &k);
            }
        }
        let mut b = Batch::new();
        b.put(keys::META_SWEEP.to_vec(), now.0.to_be_bytes().to_vec());
        self.engine.write(&b, true)?;
        Ok(report)
    }

    /// Destroys personal data whose retention has ended, as of `now`: the
    /// real numbers of bindings that ended more than their tenant's grace
    /// period ago, and call records older than their tenant's retention
    /// (calendar months, Asia/Seoul). Each destruction is audited. The
    /// bytes leave the data files only with [`Store::compact_erased`].
    pub fn purge(&self, now: Timestamp) -> Result<PurgeReport, StoreError> {
        const ACTOR: &str = "purge";
        let _m = lock(&self.maintenance);
        let mut report = PurgeReport::default();
        let mut doomed = Vec::new();
        self.engine.scan(
            &[keys::ENDED],
            Some(&keys::timed_upto(keys::ENDED, now.0)),
            &mut |k, _| {
                doomed.push(k.to_vec());
                true
            },
        )?;
        for chunk in doomed.chunks(BULK_CHUNK) {
            let mut b = Batch::new();
            for k in chunk {
                b.delete(k.clone());
            }
            self.engine.write(&b, false)?;
        }
        report.binding_numbers = doomed.len() as u64;
        let mut b = Batch::new();
        if !doomed.is_empty() {
            self.audit(
                &mut b,
                now,
                ACTOR,
                None,
                None,
                AuditAction::Destroyed {
                    class: DataClass::BindingNumbers,
                    count: report.binding_numbers,
                    before: now,
                },
            );
        }
        let mut tenants: Vec<(TenantId, Policy)> = self
            .tenants()?
            .into_iter()
            .map(|t| (t.id, t.policy))
            .collect();
        if !tenants.iter().any(|(id, _)| *id == TenantId::OPERATOR) {
            tenants.push((TenantId::OPERATOR, Policy::default()));
        }
        for (id, policy) in tenants {
            let cutoff = months_before(now, policy.call_retention_months, &self.seoul);
            let from = keys::call_prefix(id.0);
            // A record exactly `months` old is due: attempt_at <= cutoff.
            let to = keys::call_from(id.0, cutoff.0.saturating_add(1));
            let mut count = 0u64;
            self.engine.scan(&from, Some(&to), &mut |_, _| {
                count += 1;
                true
            })?;
            if count > 0 {
                b.delete_range(from, to);
                self.audit(
                    &mut b,
                    now,
                    ACTOR,
                    Some(id),
                    None,
                    AuditAction::Destroyed {
                        class: DataClass::CallRecords,
                        count,
                        before: cutoff,
                    },
                );
                report.call_records += count;
            }
        }
        self.engine.write(&b, true)?;
        Ok(report)
    }

    /// Makes destroyed and overwritten values leave the data files: flushes
    /// the memtables (the WAL files that held them are then deleted) and
    /// compacts every level of the number, ended-binding and call-record
    /// key ranges. Run after [`Store::purge`] and after [`Store::reencrypt`].
    pub fn compact_erased(&self) -> Result<(), StoreError> {
        let _m = lock(&self.maintenance);
        self.engine.flush()?;
        self.engine.compact_range(None, None)?;
        self.engine.flush()?;
        Ok(())
    }

    /// Re-seals every sealed value (bindings, ended bindings, call records)
    /// not under the current key. Returns how many records were rewritten.
    pub fn reencrypt(&self, actor: &str, now: Timestamp) -> Result<u64, StoreError> {
        let _m = lock(&self.maintenance);
        let current = self.keys.current();
        let mut count = 0u64;
        // Number records.
        let mut stale = Vec::new();
        self.engine
            .scan(&[keys::NUMBER], Some(&[keys::NUMBER + 1]), &mut |k, v| {
                if let Ok(rec) = decode::<NumberRecord>(v)
                    && let NumberState::Bound(b) | NumberState::Suspended { binding: Some(b) } =
                        &rec.state
                    && sealed_fields(b).any(|(s, _)| s.key_id != current)
                {
                    stale.push(k.to_vec());
                }
                true
            })?;
        for k in stale {
            let Some((v, _)) = k.get(1..).and_then(keys::read_number) else {
                continue;
            };
            let _g = self.lock_number(&v);
            let Some(mut rec) = self.number_record(&v)? else {
                continue;
            };
            if let NumberState::Bound(b) | NumberState::Suspended { binding: Some(b) } =
                &mut rec.state
            {
                self.reseal_binding(&v, b)?;
                let mut batch = Batch::new();
                batch.put(k, encode(&rec));
                self.engine.write(&batch, false)?;
                count += 1;
            }
        }
        // Ended bindings (only purge deletes them; it holds the maintenance lock too).
        let mut ended = Vec::new();
        self.engine
            .scan(&[keys::ENDED], Some(&[keys::ENDED + 1]), &mut |k, v| {
                ended.push((k.to_vec(), v.to_vec()));
                true
            })?;
        for (k, v) in ended {
            let mut e: EndedBinding = decode(&v)?;
            if sealed_fields(&e.binding).all(|(s, _)| s.key_id == current) {
                continue;
            }
            let number = e.number;
            self.reseal_binding(&number, &mut e.binding)?;
            let mut batch = Batch::new();
            batch.put(k, encode(&e));
            self.engine.write(&batch, false)?;
            count += 1;
        }
        // Call records (append-only: nothing else rewrites them).
        let mut calls = Vec::new();
        self.engine
            .scan(&[keys::CALL], Some(&[keys::CALL + 1]), &mut |k, v| {
                if let Ok(c) = decode::<StoredCall>(v)
                    && [&c.caller, &c.destination]
                        .iter()
                        .any(|s| s.as_ref().is_some_and(|s| s.key_id != current))
                {
                    calls.push((k.to_vec(), c));
                }
                true
            })?;
        for (k, mut c) in calls {
            for (field, slot) in [
                (&b"/caller"[..], &mut c.caller),
                (&b"/dest"[..], &mut c.destination),
            ] {
                if let Some(s) = slot {
                    let mut aad = k.clone();
                    aad.extend_from_slice(field);
                    let plain = self.keys.open(s, &aad)?;
                    *s = self.keys.seal(&plain, &aad)?;
                }
            }
            let mut batch = Batch::new();
            batch.put(k, encode(&c));
            self.engine.write(&batch, false)?;
            count += 1;
        }
        let mut b = Batch::new();
        self.audit(
            &mut b,
            now,
            actor,
            None,
            None,
            AuditAction::Reencrypted {
                count,
                key_id: current,
            },
        );
        self.engine.write(&b, true)?;
        Ok(count)
    }

    fn reseal_binding(&self, v: &VirtualNumber, b: &mut StoredBinding) -> Result<(), StoreError> {
        let g = b.generation;
        let keys = &self.keys;
        let reseal = |s: &mut Sealed, field: &str| -> Result<(), StoreError> {
            let aad = field_aad(v, g, field);
            let plain = keys.open(s, &aad)?;
            *s = keys.seal(&plain, &aad)?;
            Ok(())
        };
        match &mut b.kind {
            StoredKind::OneWay { destinations } => {
                for (i, d) in destinations.iter_mut().enumerate() {
                    reseal(d, &format!("d{i}"))?;
                }
            }
            StoredKind::TwoWay { a, b: other, .. } => {
                reseal(a, "a")?;
                reseal(other, "b")?;
            }
            StoredKind::OriginatingMask { party, .. } => reseal(party, "p")?,
        }
        if let Some(s) = &mut b.busy_forward {
            reseal(s, "busy")?;
        }
        if let Some(s) = &mut b.no_answer_forward {
            reseal(s, "noans")?;
        }
        Ok(())
    }
}

struct BindCtx<'a> {
    actor: &'a str,
    tenant: &'a Tenant,
    req: &'a AllocationRequest,
    now: Timestamp,
}

fn validate_spec(spec: &BindingSpec) -> Result<(), StoreError> {
    if let BindingKind::OneWay { destinations } = &spec.kind
        && (destinations.is_empty() || destinations.len() > 16)
    {
        return Err(StoreError::Invalid(
            "a one-way binding needs 1 to 16 destinations",
        ));
    }
    if let (Some(from), Some(to)) = (spec.valid_from, spec.expires_at)
        && to <= from
    {
        return Err(StoreError::Invalid("expiry is not after valid-from"));
    }
    // The label index stores a value's length in one byte (keys::label).
    if [&spec.labels.region, &spec.labels.branch]
        .into_iter()
        .flatten()
        .any(|l| l.is_empty() || l.len() > 255)
    {
        return Err(StoreError::Invalid("a label must be 1 to 255 bytes"));
    }
    Ok(())
}

/// The label-index keys of a binding of `tenant` on `v` (validated labels:
/// 1 to 255 bytes, so every key exists).
fn label_keys(tenant: TenantId, labels: &Labels, v: &VirtualNumber) -> Vec<Vec<u8>> {
    [
        (keys::LABEL_REGION, &labels.region),
        (keys::LABEL_BRANCH, &labels.branch),
    ]
    .into_iter()
    .filter_map(|(name, value)| keys::label(tenant.0, name, value.as_deref()?, v))
    .collect()
}

fn blinds(kind: &StoredKind) -> impl Iterator<Item = &[u8; 16]> {
    let v: Vec<&[u8; 16]> = match kind {
        StoredKind::OneWay { .. } => Vec::new(),
        StoredKind::TwoWay {
            a_blind, b_blind, ..
        } => {
            if a_blind == b_blind {
                vec![a_blind]
            } else {
                vec![a_blind, b_blind]
            }
        }
        StoredKind::OriginatingMask { party_blind, .. } => vec![party_blind],
    };
    v.into_iter()
}

/// Every sealed field of a binding, with its field name.
fn sealed_fields(b: &StoredBinding) -> impl Iterator<Item = (&Sealed, String)> {
    let mut v: Vec<(&Sealed, String)> = match &b.kind {
        StoredKind::OneWay { destinations } => destinations
            .iter()
            .enumerate()
            .map(|(i, d)| (d, format!("d{i}")))
            .collect(),
        StoredKind::TwoWay { a, b, .. } => vec![(a, "a".into()), (b, "b".into())],
        StoredKind::OriginatingMask { party, .. } => vec![(party, "p".into())],
    };
    if let Some(s) = &b.busy_forward {
        v.push((s, "busy".into()));
    }
    if let Some(s) = &b.no_answer_forward {
        v.push((s, "noans".into()));
    }
    v.into_iter()
}
