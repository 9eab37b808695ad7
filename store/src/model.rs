//! The data model and its on-disk encoding.
//!
//! # On-disk format, version 1
//! Every value is `FORMAT_VERSION (1 byte) ‖ postcard body` (postcard 1.x wire
//! format: varints, length-prefixed strings and sequences, enum variants by
//! index). A change to any stored type bumps [`FORMAT_VERSION`]; a build reads
//! only the versions it knows and reports [`FormatError::Version`] otherwise,
//! so an old binary never misreads a new record. Enum variants and struct
//! fields are never reordered within a version. The key layout is in
//! [`crate::keys`].

use std::fmt;

use serde::{Deserialize, Serialize, de::DeserializeOwned};

use crate::crypto::{BlindIndex, Sealed};
use crate::error::FormatError;
use crate::number::{RealNumber, VirtualNumber};
use crate::schedule::Schedule;

/// The format version byte that starts every stored value.
pub const FORMAT_VERSION: u8 = 1;

/// Encodes a value as `FORMAT_VERSION ‖ postcard`.
pub fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    let mut out = vec![FORMAT_VERSION];
    // postcard serialises every type here without failing (no maps with
    // non-string keys, no unsized sequences); an error would be a bug.
    let body = postcard::to_extend(value, Vec::new()).expect("postcard encodes the model types");
    out.extend_from_slice(&body);
    out
}

/// Decodes a value written by [`encode`].
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, FormatError> {
    let (&version, body) = bytes.split_first().ok_or(FormatError::Empty)?;
    if version != FORMAT_VERSION {
        return Err(FormatError::Version(version));
    }
    postcard::from_bytes(body).map_err(|e| FormatError::Body(e.to_string()))
}

/// Milliseconds since 1970-01-01T00:00:00Z. Times are always arguments
/// (`now`); the store never reads the clock.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Timestamp(pub u64);

impl Timestamp {
    /// From whole seconds since the epoch.
    pub const fn from_secs(s: u64) -> Self {
        Self(s * 1000)
    }
    /// `self + secs` seconds (saturating).
    pub const fn plus_secs(self, secs: u64) -> Self {
        Self(self.0.saturating_add(secs.saturating_mul(1000)))
    }
    /// `self + days` days (saturating).
    pub const fn plus_days(self, days: u64) -> Self {
        self.plus_secs(days * 86_400)
    }
    /// `self - secs` seconds (saturating at the epoch).
    pub const fn minus_secs(self, secs: u64) -> Self {
        Self(self.0.saturating_sub(secs.saturating_mul(1000)))
    }
    /// The current wall-clock time. For binaries and tests: the crate's
    /// logic never calls it.
    pub fn wall_clock() -> Self {
        let d = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        Self(d.as_millis() as u64)
    }
}

/// A tenant (shop, delivery platform, marketplace). `0` is the operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TenantId(pub u32);

impl TenantId {
    /// The operator: owner of numbers not assigned to any tenant.
    pub const OPERATOR: Self = Self(0);
}

impl fmt::Display for TenantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// An announcement (recorded message) id on the SRF / IP.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AnnouncementId(pub u32);

/// An ITU-T Q.850 release cause value. Unknown values survive a round trip.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ReleaseCause(pub u8);

impl ReleaseCause {
    /// Q.850 cause 1.
    pub const UNALLOCATED_NUMBER: Self = Self(1);
    /// Q.850 cause 16.
    pub const NORMAL_CLEARING: Self = Self(16);
    /// Q.850 cause 17.
    pub const USER_BUSY: Self = Self(17);
    /// Q.850 cause 18.
    pub const NO_USER_RESPONDING: Self = Self(18);
    /// Q.850 cause 19.
    pub const NO_ANSWER: Self = Self(19);
    /// Q.850 cause 21.
    pub const CALL_REJECTED: Self = Self(21);
    /// Q.850 cause 22.
    pub const NUMBER_CHANGED: Self = Self(22);
    /// Q.850 cause 31.
    pub const NORMAL_UNSPECIFIED: Self = Self(31);

    /// The Q.850 name, when known.
    pub fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            1 => "unallocated number",
            16 => "normal call clearing",
            17 => "user busy",
            18 => "no user responding",
            19 => "no answer from user",
            21 => "call rejected",
            22 => "number changed",
            31 => "normal, unspecified",
            _ => return None,
        })
    }
}

impl fmt::Debug for ReleaseCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => write!(f, "ReleaseCause({} {n})", self.0),
            None => write!(f, "ReleaseCause({})", self.0),
        }
    }
}

impl fmt::Display for ReleaseCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// A tenant's policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    /// Binding lifetime when a request gives no expiry (seconds).
    pub default_ttl_secs: u64,
    /// Rest before a released number is reused within the tenant (seconds).
    /// Reuse by another tenant also waits the store's cross-tenant minimum.
    pub quarantine_secs: u64,
    /// Traffic-aware rest: a quarantined number that still receives calls
    /// stays out of the pool until it has been quiet for this many days.
    pub quiet_days: Option<u32>,
    /// Call-record retention in calendar months, Asia/Seoul (통신비밀보호법: 12).
    pub call_retention_months: u32,
    /// How long an ended binding's real numbers are kept (disputes, late
    /// call records) before they are destroyed (seconds).
    pub binding_grace_secs: u64,
    /// Announcement for calls to an expired or quarantined number.
    pub expired_announcement: Option<AnnouncementId>,
}

impl Default for Policy {
    /// 30-day bindings, 30-day quarantine, no traffic-aware rest, 12-month
    /// call-record retention, 7-day grace, no announcement.
    fn default() -> Self {
        Self {
            default_ttl_secs: 30 * 86_400,
            quarantine_secs: 30 * 86_400,
            quiet_days: None,
            call_retention_months: 12,
            binding_grace_secs: 7 * 86_400,
            expired_announcement: None,
        }
    }
}

/// A tenant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tenant {
    /// Its id.
    pub id: TenantId,
    /// Display name.
    pub name: String,
    /// Its policy.
    pub policy: Policy,
}

/// A range of virtual numbers assigned to a tenant, `first..=last`, of one length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NumberRange {
    /// The owning tenant.
    pub tenant: TenantId,
    /// First number.
    pub first: VirtualNumber,
    /// Last number (same digit count as `first`).
    pub last: VirtualNumber,
}

impl NumberRange {
    /// How many numbers it holds (0 when malformed).
    pub fn len(&self) -> u64 {
        let (a, la) = self.first.to_int();
        let (b, lb) = self.last.to_int();
        if la != lb || b < a { 0 } else { b - a + 1 }
    }
    /// Whether it is empty or malformed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Whether `v` is inside.
    pub fn contains(&self, v: &VirtualNumber) -> bool {
        let (a, la) = self.first.to_int();
        let (b, _) = self.last.to_int();
        let (n, ln) = v.to_int();
        ln == la && (a..=b).contains(&n)
    }
}

/// A number's state, without its data (for errors and views).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NumberStatus {
    /// Allocatable.
    Free,
    /// Never auto-allocated; only explicit allocation.
    Reserved,
    /// Has an active binding.
    Bound,
    /// Resting after a binding ended.
    Quarantined,
    /// Out of service.
    Suspended,
}

/// The record of one virtual number: its state, and when bound, the whole
/// binding — everything `route` needs, in one point lookup.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NumberRecord {
    /// The tenant whose pool holds the number.
    pub owner: TenantId,
    /// The state.
    pub state: NumberState,
    /// Incremented by every allocation; the binding id's second half.
    pub generation: u32,
    /// When the last binding ended (0: never bound).
    pub released_at: Timestamp,
    /// The tenant of the last binding.
    pub last_tenant: Option<TenantId>,
    /// The last call to the number while it was quarantined.
    pub last_call_at: Timestamp,
    /// Announcement for calls while quarantined (from the tenant policy).
    pub expired_announcement: Option<AnnouncementId>,
}

impl NumberRecord {
    /// A never-used free number of `owner`.
    pub fn fresh(owner: TenantId) -> Self {
        Self {
            owner,
            state: NumberState::Free,
            generation: 0,
            released_at: Timestamp(0),
            last_tenant: None,
            last_call_at: Timestamp(0),
            expired_announcement: None,
        }
    }

    /// The state without data.
    pub fn status(&self) -> NumberStatus {
        match self.state {
            NumberState::Free => NumberStatus::Free,
            NumberState::Reserved => NumberStatus::Reserved,
            NumberState::Bound(_) => NumberStatus::Bound,
            NumberState::Quarantined { .. } => NumberStatus::Quarantined,
            NumberState::Suspended { .. } => NumberStatus::Suspended,
        }
    }
}

/// A number's state with its data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NumberState {
    /// Allocatable; listed in the tenant's free queue.
    Free,
    /// Never auto-allocated.
    Reserved,
    /// Bound to this binding.
    Bound(Box<StoredBinding>),
    /// Resting until the time (the sweeper frees it then).
    Quarantined {
        /// End of the rest.
        until: Timestamp,
    },
    /// Out of service; a suspended binding is kept and resumes with the number.
    Suspended {
        /// The binding active when suspended.
        binding: Option<Box<StoredBinding>>,
    },
}

/// A binding's identity: the number and the allocation generation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BindingId {
    /// The virtual number.
    pub number: VirtualNumber,
    /// The number's allocation count when it was made.
    pub generation: u32,
}

impl fmt::Display for BindingId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.number, self.generation)
    }
}

/// Labels for role scoping (which operators of the tenant may see it).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Labels {
    /// Region.
    pub region: Option<String>,
    /// Branch.
    pub branch: Option<String>,
}

/// A binding's routing kind, as stored (real numbers sealed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoredKind {
    /// Anyone calling V reaches a destination (index 0 unless the schedule picks another).
    OneWay {
        /// Sealed destinations.
        destinations: Vec<Sealed>,
    },
    /// A ↔ B through V; each sees V as the caller.
    TwoWay {
        /// Party A.
        a: Sealed,
        /// Blind index of A.
        a_blind: BlindIndex,
        /// Party B.
        b: Sealed,
        /// Blind index of B.
        b_blind: BlindIndex,
    },
    /// The protected party's outgoing calls present V; calls to V reach the party.
    OriginatingMask {
        /// The protected party.
        party: Sealed,
        /// Its blind index.
        party_blind: BlindIndex,
    },
}

/// A binding as stored inside its number's record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredBinding {
    /// Generation (binding id with the number).
    pub generation: u32,
    /// The tenant.
    pub tenant: TenantId,
    /// The tenant's reference (order id), echoed in call records.
    pub external_ref: String,
    /// Routing kind.
    pub kind: StoredKind,
    /// Not routed before.
    pub valid_from: Timestamp,
    /// Absolute expiry.
    pub expires_at: Timestamp,
    /// Sliding TTL: the binding also ends this long after its last call (or creation).
    pub sliding_ttl_secs: Option<u64>,
    /// When the sliding TTL runs out (last call + TTL).
    pub idle_expires_at: Option<Timestamp>,
    /// Per-call maximum duration.
    pub max_call_secs: Option<u32>,
    /// Schedule choosing a destination or an announcement.
    pub schedule: Option<Schedule>,
    /// Played to the caller before connecting.
    pub ringback: Option<AnnouncementId>,
    /// Played to the callee (e.g. "this is a 안심번호 call").
    pub notice: Option<AnnouncementId>,
    /// Forward on busy.
    pub busy_forward: Option<Sealed>,
    /// Forward on no answer.
    pub no_answer_forward: Option<Sealed>,
    /// Role-scoping labels.
    pub labels: Labels,
    /// When it was made.
    pub created_at: Timestamp,
}

impl StoredBinding {
    /// The effective expiry: the absolute expiry or the sliding TTL, whichever is first.
    pub fn effective_expiry(&self) -> Timestamp {
        match self.idle_expires_at {
            Some(idle) => idle.min(self.expires_at),
            None => self.expires_at,
        }
    }
}

/// A binding's routing kind with clear numbers (requests and views).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BindingKind {
    /// Anyone calling V reaches `destinations[0]` (or the one the schedule picks).
    OneWay {
        /// Destinations.
        destinations: Vec<RealNumber>,
    },
    /// A ↔ B through V.
    TwoWay {
        /// Party A.
        a: RealNumber,
        /// Party B.
        b: RealNumber,
    },
    /// `party`'s outgoing calls present V.
    OriginatingMask {
        /// The protected party.
        party: RealNumber,
    },
}

impl BindingKind {
    /// The number vanity allocation matches: the first destination or party A.
    pub fn primary(&self) -> Option<&RealNumber> {
        match self {
            Self::OneWay { destinations } => destinations.first(),
            Self::TwoWay { a, .. } => Some(a),
            Self::OriginatingMask { party } => Some(party),
        }
    }
}

/// What a binding should be (allocation request body).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BindingSpec {
    /// Routing kind with clear numbers.
    pub kind: BindingKind,
    /// Not routed before (default: now).
    pub valid_from: Option<Timestamp>,
    /// Absolute expiry (default: now + the tenant's default TTL).
    pub expires_at: Option<Timestamp>,
    /// Sliding TTL in seconds.
    pub sliding_ttl_secs: Option<u64>,
    /// Per-call maximum duration.
    pub max_call_secs: Option<u32>,
    /// Schedule.
    pub schedule: Option<Schedule>,
    /// Ringback announcement.
    pub ringback: Option<AnnouncementId>,
    /// Callee notice announcement.
    pub notice: Option<AnnouncementId>,
    /// Forward on busy.
    pub busy_forward: Option<RealNumber>,
    /// Forward on no answer.
    pub no_answer_forward: Option<RealNumber>,
    /// Labels.
    pub labels: Labels,
}

impl BindingSpec {
    /// A spec of the kind with every option at its default.
    pub fn new(kind: BindingKind) -> Self {
        Self {
            kind,
            valid_from: None,
            expires_at: None,
            sliding_ttl_secs: None,
            max_call_secs: None,
            schedule: None,
            ringback: None,
            notice: None,
            busy_forward: None,
            no_answer_forward: None,
            labels: Labels::default(),
        }
    }
}

/// A binding read back with clear numbers (masked by `Debug`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BindingView {
    /// Its id.
    pub id: BindingId,
    /// The tenant.
    pub tenant: TenantId,
    /// External reference.
    pub external_ref: String,
    /// Routing kind.
    pub kind: BindingKind,
    /// Valid from.
    pub valid_from: Timestamp,
    /// Absolute expiry.
    pub expires_at: Timestamp,
    /// The earlier of the absolute expiry and the sliding TTL.
    pub effective_expiry: Timestamp,
    /// Labels.
    pub labels: Labels,
    /// Whether the number is suspended.
    pub suspended: bool,
}

/// The value of a free-queue entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FreeEntry {
    /// The tenant of the number's last binding (cross-tenant rest check).
    pub last_tenant: Option<TenantId>,
}

/// Why a binding ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EndReason {
    /// Released by provisioning.
    Released,
    /// Expired (found by the sweeper).
    Expired,
}

/// An ended binding, kept with its sealed numbers for the grace period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndedBinding {
    /// The number.
    pub number: VirtualNumber,
    /// When it ended.
    pub ended_at: Timestamp,
    /// Why.
    pub reason: EndReason,
    /// The binding.
    pub binding: StoredBinding,
}

/// A call's outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Outcome {
    /// Connected (routed to a destination), no answer information.
    Connected,
    /// Answered.
    Answered,
    /// Destination busy.
    Busy,
    /// No answer.
    NoAnswer,
    /// Rejected (schedule, not a party, suspended, not yet valid).
    Rejected,
    /// The number's binding had expired or it was quarantined.
    Expired,
    /// Unknown or unallocated number.
    Unknown,
}

/// A call record with clear numbers (sealed at rest; masked by `Debug`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallRecord {
    /// Call id (unique per tenant and attempt time; the SCP assigns it).
    pub call_id: u64,
    /// The virtual number.
    pub number: VirtualNumber,
    /// The tenant.
    pub tenant: TenantId,
    /// The binding.
    pub binding: Option<BindingId>,
    /// The binding's external reference.
    pub external_ref: Option<String>,
    /// Calling party.
    pub caller: Option<RealNumber>,
    /// Destination.
    pub destination: Option<RealNumber>,
    /// Attempt time.
    pub attempt_at: Timestamp,
    /// Answer time.
    pub answer_at: Option<Timestamp>,
    /// End time.
    pub end_at: Option<Timestamp>,
    /// Release cause.
    pub release_cause: Option<ReleaseCause>,
    /// Outcome.
    pub outcome: Outcome,
    /// The SSP that asked (e.g. its point code or global title).
    pub ssp: String,
}

/// A call record as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredCall {
    /// Call id.
    pub call_id: u64,
    /// Virtual number.
    pub number: VirtualNumber,
    /// Binding generation.
    pub binding_generation: Option<u32>,
    /// External reference.
    pub external_ref: Option<String>,
    /// Sealed calling party.
    pub caller: Option<Sealed>,
    /// Sealed destination.
    pub destination: Option<Sealed>,
    /// Answer time.
    pub answer_at: Option<Timestamp>,
    /// End time.
    pub end_at: Option<Timestamp>,
    /// Release cause.
    pub release_cause: Option<ReleaseCause>,
    /// Outcome.
    pub outcome: Outcome,
    /// SSP identity.
    pub ssp: String,
}

/// Per-number daily counters (statistics; no personal data).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DailyCounters {
    /// Every call.
    pub attempts: u64,
    /// Connected.
    pub connected: u64,
    /// Answered.
    pub answered: u64,
    /// Busy.
    pub busy: u64,
    /// No answer.
    pub no_answer: u64,
    /// Rejected.
    pub rejected: u64,
    /// Expired or quarantined number.
    pub expired: u64,
    /// Unknown number.
    pub unknown: u64,
    /// Answered seconds.
    pub talk_secs: u64,
}

impl DailyCounters {
    /// Counts one call.
    pub fn count(&mut self, rec: &CallRecord) {
        self.add(rec.outcome, rec.answer_at, rec.end_at);
    }

    /// Counts a call with this outcome and these times: one attempt, one
    /// under its outcome (an answered call is also connected), and its talk
    /// time when answered and ended.
    pub fn add(
        &mut self,
        outcome: Outcome,
        answer_at: Option<Timestamp>,
        end_at: Option<Timestamp>,
    ) {
        self.apply(outcome, answer_at, end_at, |c, n| *c = c.saturating_add(n));
    }

    /// Takes back what [`DailyCounters::add`] counted for the same values
    /// (the earlier version of an updated call record).
    pub fn remove(
        &mut self,
        outcome: Outcome,
        answer_at: Option<Timestamp>,
        end_at: Option<Timestamp>,
    ) {
        self.apply(outcome, answer_at, end_at, |c, n| *c = c.saturating_sub(n));
    }

    fn apply(
        &mut self,
        outcome: Outcome,
        answer_at: Option<Timestamp>,
        end_at: Option<Timestamp>,
        f: impl Fn(&mut u64, u64),
    ) {
        f(&mut self.attempts, 1);
        match outcome {
            Outcome::Connected => f(&mut self.connected, 1),
            Outcome::Answered => {
                f(&mut self.connected, 1);
                f(&mut self.answered, 1);
            }
            Outcome::Busy => f(&mut self.busy, 1),
            Outcome::NoAnswer => f(&mut self.no_answer, 1),
            Outcome::Rejected => f(&mut self.rejected, 1),
            Outcome::Expired => f(&mut self.expired, 1),
            Outcome::Unknown => f(&mut self.unknown, 1),
        }
        if let (Outcome::Answered, Some(a), Some(e)) = (outcome, answer_at, end_at) {
            f(&mut self.talk_secs, e.0.saturating_sub(a.0) / 1000);
        }
    }
}

/// A data class with its own retention.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DataClass {
    /// The real numbers of an ended binding.
    BindingNumbers,
    /// Call records.
    CallRecords,
}

/// What an audit entry records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuditAction {
    /// A tenant was created or its policy changed.
    TenantPut,
    /// A pool range was added (count of new numbers).
    RangeAdded {
        /// Last number.
        last: VirtualNumber,
        /// Numbers created.
        added: u64,
    },
    /// A number was reserved.
    Reserved,
    /// A reserved number was made free.
    Unreserved,
    /// A number was suspended.
    Suspended,
    /// A suspended number was resumed.
    Resumed,
    /// A binding was made.
    Allocated {
        /// Generation.
        generation: u32,
        /// External reference.
        external_ref: String,
    },
    /// A binding was released by provisioning.
    Released {
        /// Generation.
        generation: u32,
    },
    /// The sweeper ended an expired binding.
    Expired {
        /// Generation.
        generation: u32,
    },
    /// The sweeper returned a rested number to the free pool.
    Freed,
    /// Personal data was destroyed at the end of its retention.
    Destroyed {
        /// Which class.
        class: DataClass,
        /// How many records.
        count: u64,
        /// Records at or before this time (call records: attempt time;
        /// binding numbers: erase-at time).
        before: Timestamp,
    },
    /// Sealed values were re-encrypted under the current key.
    Reencrypted {
        /// How many records.
        count: u64,
        /// The new key id.
        key_id: u16,
    },
}

/// An audit log entry (append-only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// When.
    pub at: Timestamp,
    /// Who (a provisioning user, `sweeper`, `purge`).
    pub actor: String,
    /// The tenant concerned.
    pub tenant: Option<TenantId>,
    /// The number concerned.
    pub number: Option<VirtualNumber>,
    /// What.
    pub action: AuditAction,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_is_versioned() {
        let t = Tenant {
            id: TenantId(3),
            name: "shop".into(),
            policy: Policy::default(),
        };
        let bytes = encode(&t);
        assert_eq!(bytes[0], FORMAT_VERSION);
        assert_eq!(decode::<Tenant>(&bytes).unwrap(), t);
        let mut other = bytes.clone();
        other[0] = 2;
        assert!(matches!(
            decode::<Tenant>(&other),
            Err(FormatError::Version(2))
        ));
        assert!(matches!(decode::<Tenant>(&[]), Err(FormatError::Empty)));
        for cut in 1..bytes.len() {
            assert!(decode::<Tenant>(&bytes[..cut]).is_err(), "cut {cut}");
        }
    }

    #[test]
    fn release_cause_names() {
        assert_eq!(
            format!("{:?}", ReleaseCause::NUMBER_CHANGED),
            "ReleaseCause(22 number changed)"
        );
        assert_eq!(format!("{}", ReleaseCause(99)), "ReleaseCause(99)");
    }

    #[test]
    fn ranges() {
        let r = NumberRange {
            tenant: TenantId(1),
            first: VirtualNumber::parse("05041234000").unwrap(),
            last: VirtualNumber::parse("05041234999").unwrap(),
        };
        assert_eq!(r.len(), 1000);
        assert!(r.contains(&VirtualNumber::parse("05041234500").unwrap()));
        assert!(!r.contains(&VirtualNumber::parse("05041235000").unwrap()));
        assert!(!r.contains(&VirtualNumber::parse("050412340000").unwrap()));
    }
}
