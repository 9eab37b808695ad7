//! Route decisions: what the SCP answers an InitialDP with.
//!
//! | number state | decision | reason |
//! |---|---|---|
//! | no record, free, reserved | Release, cause 1 unallocated number | `Unknown` |
//! | suspended | Release, cause 21 call rejected | `Suspended` |
//! | quarantined | Announce (tenant's expired announcement) then cause 22, or Release cause 22 number changed | `Quarantined` |
//! | bound, before valid-from | Release, cause 21 | `NotYetValid` |
//! | bound, past expiry (not yet swept) | as quarantined | `Expired` |
//! | bound two-way, caller neither party | Release, cause 21 | `NotAParty` |
//! | bound, schedule says announce | Announce then cause 16 normal clearing | `OutsideSchedule` |
//! | bound, schedule says reject | Release, cause 21 | `OutsideSchedule` |
//! | bound | Connect | — |
//!
//! Only the chosen destination (and the forward numbers) are decrypted.

use jiff::tz::TimeZone;

use crate::crypto::{KeyRing, Sealed};
use crate::error::StoreError;
use crate::model::{
    AnnouncementId, BindingId, NumberRecord, NumberState, ReleaseCause, StoredKind, TenantId,
    Timestamp,
};
use crate::number::{RealNumber, VirtualNumber};
use crate::schedule::ScheduleAction;

/// Why a call is not connected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Reason {
    /// The number is not allocated.
    Unknown,
    /// The binding has expired.
    Expired,
    /// The number is resting after its binding ended.
    Quarantined,
    /// The number is suspended.
    Suspended,
    /// The schedule does not connect now.
    OutsideSchedule,
    /// The binding is not valid yet.
    NotYetValid,
    /// Two-way binding: the caller is neither party.
    NotAParty,
}

/// A Connect answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Connect {
    /// Where to route (the INAP destinationRoutingAddress).
    pub destination: RealNumber,
    /// The calling number to present instead of the caller's (V for
    /// two-way and originating mask); `None` keeps the caller's.
    pub presentation: Option<VirtualNumber>,
    /// The binding.
    pub binding: BindingId,
    /// The tenant.
    pub tenant: TenantId,
    /// The binding's external reference, for the call record.
    pub external_ref: String,
    /// Per-call maximum duration (seconds).
    pub max_call_secs: Option<u32>,
    /// Announcement played to the caller before connecting.
    pub ringback: Option<AnnouncementId>,
    /// Announcement played to the callee.
    pub notice: Option<AnnouncementId>,
    /// Forward on busy.
    pub busy_forward: Option<RealNumber>,
    /// Forward on no answer.
    pub no_answer_forward: Option<RealNumber>,
}

/// The decision for one call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RouteDecision {
    /// Connect to a destination.
    Connect(Box<Connect>),
    /// Play an announcement, then release with `then`.
    Announce {
        /// The announcement.
        announcement: AnnouncementId,
        /// Release cause after it.
        then: ReleaseCause,
        /// Why.
        reason: Reason,
    },
    /// Release the call.
    Release {
        /// Q.850 cause.
        cause: ReleaseCause,
        /// Why.
        reason: Reason,
    },
    /// Originating trigger: the caller is not protected; let the call continue.
    Continue,
}

impl RouteDecision {
    /// The reason, when the call is not connected.
    pub fn reason(&self) -> Option<Reason> {
        match self {
            Self::Announce { reason, .. } | Self::Release { reason, .. } => Some(*reason),
            Self::Connect(_) | Self::Continue => None,
        }
    }
}

fn release(cause: ReleaseCause, reason: Reason) -> RouteDecision {
    RouteDecision::Release { cause, reason }
}

fn ended(announcement: Option<AnnouncementId>, reason: Reason) -> RouteDecision {
    match announcement {
        Some(announcement) => RouteDecision::Announce {
            announcement,
            then: ReleaseCause::NUMBER_CHANGED,
            reason,
        },
        None => release(ReleaseCause::NUMBER_CHANGED, reason),
    }
}

/// The associated data binding a sealed binding field to its place.
pub(crate) fn field_aad(v: &VirtualNumber, generation: u32, field: &str) -> Vec<u8> {
    format!("n/{v}/{generation}/{field}").into_bytes()
}

pub(crate) fn open_number(
    keys: &KeyRing,
    sealed: &Sealed,
    aad: &[u8],
) -> Result<RealNumber, StoreError> {
    let plain = keys.open(sealed, aad)?;
    let s = std::str::from_utf8(&plain).map_err(|_| crate::error::CryptoError::Decrypt)?;
    Ok(RealNumber::parse(s)?)
}

/// Decides a terminating call to `v` whose record is `rec`.
pub(crate) fn decide(
    rec: Option<&NumberRecord>,
    v: &VirtualNumber,
    calling: &str,
    now: Timestamp,
    keys: &KeyRing,
    seoul: &TimeZone,
) -> Result<RouteDecision, StoreError> {
    let Some(rec) = rec else {
        return Ok(release(ReleaseCause::UNALLOCATED_NUMBER, Reason::Unknown));
    };
    let b = match &rec.state {
        NumberState::Free | NumberState::Reserved => {
            return Ok(release(ReleaseCause::UNALLOCATED_NUMBER, Reason::Unknown));
        }
        NumberState::Suspended { .. } => {
            return Ok(release(ReleaseCause::CALL_REJECTED, Reason::Suspended));
        }
        NumberState::Quarantined { .. } => {
            return Ok(ended(rec.expired_announcement, Reason::Quarantined));
        }
        NumberState::Bound(b) => b,
    };
    if now < b.valid_from {
        return Ok(release(ReleaseCause::CALL_REJECTED, Reason::NotYetValid));
    }
    if now >= b.effective_expiry() {
        return Ok(ended(rec.expired_announcement, Reason::Expired));
    }
    let g = b.generation;
    // Two-way: find the caller's side first; a stranger is rejected whatever the schedule.
    let (sealed, field, presentation): (&Sealed, String, Option<VirtualNumber>) = match &b.kind {
        StoredKind::TwoWay {
            a,
            a_blind,
            b: other,
            b_blind,
        } => {
            let blind = RealNumber::parse(calling).map(|r| keys.blind(r.expose()));
            match blind {
                Ok(x) if x == *a_blind => (other, "b".into(), Some(*v)),
                Ok(x) if x == *b_blind => (a, "a".into(), Some(*v)),
                _ => return Ok(release(ReleaseCause::CALL_REJECTED, Reason::NotAParty)),
            }
        }
        StoredKind::OneWay { destinations } => {
            let index = match b.schedule.as_ref().map(|s| s.evaluate(now, seoul)) {
                None => 0,
                Some(ScheduleAction::Destination(i)) => usize::from(i),
                Some(ScheduleAction::Announce(id)) => {
                    return Ok(RouteDecision::Announce {
                        announcement: id,
                        then: ReleaseCause::NORMAL_CLEARING,
                        reason: Reason::OutsideSchedule,
                    });
                }
                Some(ScheduleAction::Reject) => {
                    return Ok(release(
                        ReleaseCause::CALL_REJECTED,
                        Reason::OutsideSchedule,
                    ));
                }
            };
            // An index past the list falls back to the first destination.
            let index = if index < destinations.len() { index } else { 0 };
            let Some(d) = destinations.get(index) else {
                return Ok(release(ReleaseCause::UNALLOCATED_NUMBER, Reason::Unknown));
            };
            (d, format!("d{index}"), None)
        }
        StoredKind::OriginatingMask { party, .. } => (party, "p".into(), None),
    };
    if !matches!(b.kind, StoredKind::OneWay { .. }) {
        match b.schedule.as_ref().map(|s| s.evaluate(now, seoul)) {
            None | Some(ScheduleAction::Destination(_)) => {}
            Some(ScheduleAction::Announce(id)) => {
                return Ok(RouteDecision::Announce {
                    announcement: id,
                    then: ReleaseCause::NORMAL_CLEARING,
                    reason: Reason::OutsideSchedule,
                });
            }
            Some(ScheduleAction::Reject) => {
                return Ok(release(
                    ReleaseCause::CALL_REJECTED,
                    Reason::OutsideSchedule,
                ));
            }
        }
    }
    let destination = open_number(keys, sealed, &field_aad(v, g, &field))?;
    let busy_forward = match &b.busy_forward {
        Some(s) => Some(open_number(keys, s, &field_aad(v, g, "busy"))?),
        None => None,
    };
    let no_answer_forward = match &b.no_answer_forward {
        Some(s) => Some(open_number(keys, s, &field_aad(v, g, "noans"))?),
        None => None,
    };
    Ok(RouteDecision::Connect(Box::new(Connect {
        destination,
        presentation,
        binding: BindingId {
            number: *v,
            generation: g,
        },
        tenant: b.tenant,
        external_ref: b.external_ref.clone(),
        max_call_secs: b.max_call_secs,
        ringback: b.ringback,
        notice: b.notice,
        busy_forward,
        no_answer_forward,
    })))
}
