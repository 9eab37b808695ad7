//! What SSNM says about SS7 destinations (RFC 4666 §4.5): the table routing consults.

use crate::{CongestionLevel, MaskedPointCode, Mtp3UserIdentity, UnavailabilityCause};

/// Point codes are at most 24 bits on the wire (RFC 4666 §3.4.1).
const POINT_CODE_BITS: u32 = 24;
/// MTP3 User Identities are 4 bits (0–15, RFC 4666 §3.4.5).
const USERS: usize = 16;

/// What is known of one destination (or masked range of destinations).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DestinationStatus {
    /// Reachable: DAVA (or nothing heard) → `true`, DUNA → `false` (RFC 4666 §4.5.1, §4.5.2).
    pub available: bool,
    /// DRST received (ANSI "restricted"; still available, RFC 4666 §3.4.6).
    pub restricted: bool,
    /// The congestion level SCON reported (RFC 4666 §4.5.4); level 0 when none.
    pub congestion: CongestionLevel,
    /// Which MTP3 users DUPU reported unavailable (bit n = MTP3-User Identity n).
    pub unavailable_users: u16,
    /// The cause DUPU gave for each user (meaningful where the bit is set).
    pub user_causes: [UnavailabilityCause; USERS],
}

impl Default for DestinationStatus {
    fn default() -> Self {
        Self::AVAILABLE
    }
}

impl DestinationStatus {
    /// Available, no congestion, every user part available: what an unlisted destination is.
    pub const AVAILABLE: Self = Self {
        available: true,
        restricted: false,
        congestion: CongestionLevel::NO_CONGESTION,
        unavailable_users: 0,
        user_causes: [UnavailabilityCause::UNKNOWN; USERS],
    };

    /// Unavailable (after DUNA).
    pub const UNAVAILABLE: Self = Self {
        available: false,
        ..Self::AVAILABLE
    };

    /// Whether DUPU reported `user` unavailable, and why.
    pub fn user_unavailable(&self, user: Mtp3UserIdentity) -> Option<UnavailabilityCause> {
        let bit = usize::from(user.0);
        if bit < USERS && self.unavailable_users & (1 << bit) != 0 {
            self.user_causes.get(bit).copied()
        } else {
            None
        }
    }
}

/// A change SSNM makes to a destination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DestinationUpdate {
    /// DUNA: unavailable; clears congestion and restriction.
    Unavailable,
    /// DAVA: available; clears congestion, restriction and user part unavailability (the
    /// destination came back; its user parts are presumed restarted).
    Available,
    /// DRST: restricted.
    Restricted,
    /// SCON: this congestion level (0 clears).
    Congestion(CongestionLevel),
    /// DUPU: this user part is unavailable for this cause.
    UserUnavailable(Mtp3UserIdentity, UnavailabilityCause),
}

impl DestinationUpdate {
    /// Whether the update sets the whole status (DUNA, DAVA) rather than one aspect of it.
    const fn is_absolute(self) -> bool {
        matches!(self, Self::Unavailable | Self::Available)
    }

    fn apply(self, status: &mut DestinationStatus) {
        match self {
            Self::Unavailable => *status = DestinationStatus::UNAVAILABLE,
            Self::Available => *status = DestinationStatus::AVAILABLE,
            Self::Restricted => status.restricted = true,
            Self::Congestion(level) => status.congestion = level,
            Self::UserUnavailable(user, cause) => {
                let bit = usize::from(user.0);
                if let Some(slot) = status.user_causes.get_mut(bit) {
                    *slot = cause;
                    status.unavailable_users |= 1 << bit;
                }
            }
        }
    }
}

/// Destination availability as SSNM reported it: point code (with mask) → status.
///
/// A masked entry covers every point code whose bits above the mask agree (RFC 4666 §3.4.1: the
/// mask is the number of wildcarded low-order bits). A lookup uses the most specific covering
/// entry; a destination no entry covers is available (an SGP reports what is *not* available).
/// DUNA or DAVA for a range replaces the more specific entries inside it; DRST, SCON and DUPU
/// for a range change them too.
///
/// The table holds at most `capacity` entries, so a peer cannot make it grow without bound;
/// updates that would need more are refused ([`apply`](Self::apply) returns `false`).
///
/// ```
/// use m3ua::MaskedPointCode;
/// use m3ua::asp::{DestinationTable, DestinationUpdate};
///
/// let mut table = DestinationTable::new(16);
/// table.apply(MaskedPointCode { mask: 8, point_code: 0x100 }, DestinationUpdate::Unavailable);
/// table.apply(MaskedPointCode::exact(0x105), DestinationUpdate::Available);
/// assert!(!table.is_available(0x1ff));
/// assert!(table.is_available(0x105));
/// assert!(table.is_available(0x200));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DestinationTable {
    entries: Vec<(MaskedPointCode, DestinationStatus)>,
    capacity: usize,
}

impl DestinationTable {
    /// An empty table holding at most `capacity` entries.
    pub fn new(capacity: usize) -> Self {
        Self {
            entries: Vec::new(),
            capacity,
        }
    }

    /// The most specific entry covering `point_code`, if any.
    pub fn lookup(&self, point_code: u32) -> Option<(MaskedPointCode, &DestinationStatus)> {
        self.entries
            .iter()
            .filter(|(key, _)| covers(*key, point_code))
            .min_by_key(|(key, _)| effective_mask(*key))
            .map(|(key, status)| (*key, status))
    }

    /// The status of `point_code` (available when no entry covers it).
    pub fn status(&self, point_code: u32) -> DestinationStatus {
        self.lookup(point_code)
            .map(|(_, s)| *s)
            .unwrap_or(DestinationStatus::AVAILABLE)
    }

    /// Whether `point_code` is reachable (no DUNA in force).
    pub fn is_available(&self, point_code: u32) -> bool {
        self.status(point_code).available
    }

    /// Whether `point_code` is reachable and `user` there is not reported unavailable.
    pub fn is_user_available(&self, point_code: u32, user: Mtp3UserIdentity) -> bool {
        let status = self.status(point_code);
        status.available && status.user_unavailable(user).is_none()
    }

    /// The congestion level in force for `point_code`.
    pub fn congestion(&self, point_code: u32) -> CongestionLevel {
        self.status(point_code).congestion
    }

    /// Applies an SSNM update to `point_code` (and, if masked, everything it covers). Returns
    /// `false` when the table is full and the update could not be stored.
    pub fn apply(&mut self, point_code: MaskedPointCode, update: DestinationUpdate) -> bool {
        let point_code = normalize(point_code);
        let base = self.status(point_code.point_code);
        if update.is_absolute() {
            self.entries.retain(|(key, _)| !within(*key, point_code));
        } else {
            for (key, status) in &mut self.entries {
                if within(*key, point_code) {
                    update.apply(status);
                }
            }
            if self.entries.iter().any(|(key, _)| *key == point_code) {
                return true;
            }
        }
        if self.entries.len() >= self.capacity {
            return false;
        }
        let mut status = base;
        update.apply(&mut status);
        self.entries.push((point_code, status));
        true
    }

    /// What the table says about `point_code` for a DAUD answer: the entries inside the audited
    /// range, or else the entry covering it (reported for the audited range itself). Empty when
    /// nothing is known.
    pub fn audit(&self, point_code: MaskedPointCode) -> Vec<(MaskedPointCode, DestinationStatus)> {
        let point_code = normalize(point_code);
        let inside: Vec<_> = self
            .entries
            .iter()
            .filter(|(key, _)| within(*key, point_code))
            .copied()
            .collect();
        if !inside.is_empty() {
            return inside;
        }
        self.lookup(point_code.point_code)
            .map(|(_, status)| vec![(point_code, *status)])
            .unwrap_or_default()
    }

    /// Every entry, in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (MaskedPointCode, &DestinationStatus)> {
        self.entries.iter().map(|(key, status)| (*key, status))
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the table has no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Forgets everything (the association went down: what its SGP said no longer holds).
    pub fn clear(&mut self) {
        self.entries.clear();
    }
}

fn effective_mask(key: MaskedPointCode) -> u32 {
    u32::from(key.mask).min(POINT_CODE_BITS)
}

fn normalize(key: MaskedPointCode) -> MaskedPointCode {
    let mask = effective_mask(key);
    // mask ≤ 24, so the shifts are in range.
    let wildcard = (1u32 << mask) - 1;
    MaskedPointCode {
        mask: mask as u8,
        point_code: key.point_code & 0x00ff_ffff & !wildcard,
    }
}

/// Whether `key`'s range contains `point_code`.
fn covers(key: MaskedPointCode, point_code: u32) -> bool {
    let mask = effective_mask(key);
    (key.point_code & 0x00ff_ffff) >> mask == (point_code & 0x00ff_ffff) >> mask
}

/// Whether `inner`'s range lies inside `outer`'s.
fn within(inner: MaskedPointCode, outer: MaskedPointCode) -> bool {
    effective_mask(inner) <= effective_mask(outer) && covers(outer, inner.point_code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_specific_wins_and_ranges_replace() {
        let mut t = DestinationTable::new(8);
        assert!(t.apply(MaskedPointCode::exact(5), DestinationUpdate::Unavailable));
        assert!(!t.is_available(5));
        assert!(t.apply(
            MaskedPointCode {
                mask: 4,
                point_code: 0
            },
            DestinationUpdate::Available
        ));
        assert!(t.is_available(5));
        assert_eq!(t.len(), 1);
        assert!(t.apply(
            MaskedPointCode::exact(3),
            DestinationUpdate::Congestion(CongestionLevel::LEVEL_2)
        ));
        assert_eq!(t.congestion(3), CongestionLevel::LEVEL_2);
        assert_eq!(t.congestion(4), CongestionLevel::NO_CONGESTION);
        let user = Mtp3UserIdentity::SCCP;
        t.apply(
            MaskedPointCode::exact(3),
            DestinationUpdate::UserUnavailable(user, UnavailabilityCause::UNEQUIPPED_REMOTE_USER),
        );
        assert!(t.is_available(3));
        assert!(!t.is_user_available(3, user));
        assert!(t.is_user_available(3, Mtp3UserIdentity::ISUP));
    }

    #[test]
    fn capacity_is_enforced() {
        let mut t = DestinationTable::new(2);
        assert!(t.apply(MaskedPointCode::exact(1), DestinationUpdate::Unavailable));
        assert!(t.apply(MaskedPointCode::exact(2), DestinationUpdate::Unavailable));
        assert!(!t.apply(MaskedPointCode::exact(3), DestinationUpdate::Unavailable));
        assert!(t.is_available(3));
        // Updating an existing entry still works when full.
        assert!(t.apply(MaskedPointCode::exact(2), DestinationUpdate::Restricted));
        // A wide mask is clamped to the 24 point code bits.
        assert!(t.apply(
            MaskedPointCode {
                mask: 200,
                point_code: 77
            },
            DestinationUpdate::Unavailable
        ));
        assert_eq!(t.len(), 1);
        assert!(!t.is_available(0xff_ffff));
    }
}
