//! Several associations serving one AS: which one carries a DATA (RFC 4666 §4.3.4.3 traffic modes).

use crate::TrafficModeType;

use super::{AsState, AspState};

/// Where a DATA goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route<H> {
    /// No association is usable.
    Unavailable,
    /// Send on this one (override, loadshare).
    One(H),
    /// Send a copy on each (broadcast).
    All(Vec<H>),
}

#[derive(Debug, Clone)]
struct Member<H> {
    handle: H,
    state: AspState,
    /// When it became ASP-ACTIVE (a counter), for override.
    activated: u64,
}

/// The associations of one Application Server, with their ASP states, choosing the association
/// for each DATA by the AS's traffic mode:
///
/// - **Override**: the one active association (the most recently activated if the states
///   briefly overlap).
/// - **Loadshare**: by SLS. Member `sls % members` when it is active, else active member
///   `sls % active` — so when an association fails only the SLS values it carried move, and
///   message order per SLS holds on the others.
/// - **Broadcast**: every active association.
///
/// `H` is whatever names an association in the driver (an index, a task id). The group holds no
/// [`Association`](super::Association); the driver reports each
/// [`Event::StateChanged`](super::Event::StateChanged) with [`set_state`](Self::set_state).
///
/// On an SGP, [`set_state`](Self::set_state) in override mode returns the associations the new
/// active one displaced; the driver sends each "Alternate ASP Active" with
/// [`Association::notify_alternate_asp_active`](super::Association::notify_alternate_asp_active)
/// (RFC 4666 §4.3.4.3).
#[derive(Debug, Clone)]
pub struct AsGroup<H> {
    mode: TrafficModeType,
    members: Vec<Member<H>>,
    activations: u64,
}

impl<H: Copy + Eq> AsGroup<H> {
    /// An empty group with this traffic mode (an unknown mode behaves as loadshare).
    pub fn new(mode: TrafficModeType) -> Self {
        Self {
            mode,
            members: Vec::new(),
            activations: 0,
        }
    }

    /// The traffic mode.
    pub fn mode(&self) -> TrafficModeType {
        self.mode
    }

    /// Adds an association (ASP-DOWN). Adding one twice does nothing.
    pub fn insert(&mut self, handle: H) {
        if !self.members.iter().any(|m| m.handle == handle) {
            self.members.push(Member {
                handle,
                state: AspState::Down,
                activated: 0,
            });
        }
    }

    /// Removes an association; `false` if it was not there.
    pub fn remove(&mut self, handle: H) -> bool {
        let before = self.members.len();
        self.members.retain(|m| m.handle != handle);
        self.members.len() != before
    }

    /// Records an association's new state. In override mode, an association becoming active
    /// displaces the others: they are marked ASP-INACTIVE and returned. Unknown handles are
    /// ignored.
    pub fn set_state(&mut self, handle: H, state: AspState) -> Vec<H> {
        let Some(index) = self.members.iter().position(|m| m.handle == handle) else {
            return Vec::new();
        };
        let was_active = self.members[index].state == AspState::Active;
        self.members[index].state = state;
        let mut displaced = Vec::new();
        if state == AspState::Active && !was_active {
            self.activations += 1;
            self.members[index].activated = self.activations;
            // RFC 4666 §4.3.4.3: in override mode the previously active ASP is now inactive.
            if self.mode == TrafficModeType::OVERRIDE {
                for member in &mut self.members {
                    if member.handle != handle && member.state == AspState::Active {
                        member.state = AspState::Inactive;
                        displaced.push(member.handle);
                    }
                }
            }
        }
        displaced
    }

    /// An association's state, if it is a member.
    pub fn state(&self, handle: H) -> Option<AspState> {
        self.members
            .iter()
            .find(|m| m.handle == handle)
            .map(|m| m.state)
    }

    /// The active associations, in insertion order.
    pub fn active(&self) -> impl Iterator<Item = H> + '_ {
        self.members
            .iter()
            .filter(|m| m.state == AspState::Active)
            .map(|m| m.handle)
    }

    /// The AS state the members' states give (RFC 4666 §4.3.2, without T(r): AS-PENDING is the
    /// SGP's business, see [`Association::as_state`](super::Association::as_state)).
    pub fn as_state(&self) -> AsState {
        let best = self.members.iter().map(|m| m.state).max();
        match best {
            Some(AspState::Active) => AsState::Active,
            Some(AspState::Inactive) => AsState::Inactive,
            _ => AsState::Down,
        }
    }

    /// The association(s) for a DATA with this SLS.
    pub fn route(&self, sls: u8) -> Route<H> {
        self.route_where(sls, |_| true)
    }

    /// Like [`route`](Self::route), among the active associations for which `usable` holds
    /// (e.g. whose [`DestinationTable`](super::DestinationTable) has the DPC available).
    pub fn route_where(&self, sls: u8, usable: impl Fn(H) -> bool) -> Route<H> {
        let ok = |m: &Member<H>| m.state == AspState::Active && usable(m.handle);
        match self.mode {
            TrafficModeType::OVERRIDE => self
                .members
                .iter()
                .filter(|m| ok(m))
                .max_by_key(|m| m.activated)
                .map_or(Route::Unavailable, |m| Route::One(m.handle)),
            TrafficModeType::BROADCAST => {
                let all: Vec<H> = self
                    .members
                    .iter()
                    .filter(|m| ok(m))
                    .map(|m| m.handle)
                    .collect();
                if all.is_empty() {
                    Route::Unavailable
                } else {
                    Route::All(all)
                }
            }
            _ => {
                let sls = usize::from(sls);
                if let Some(m) = self.members.get(sls % self.members.len().max(1))
                    && ok(m)
                {
                    return Route::One(m.handle);
                }
                let active: Vec<&Member<H>> = self.members.iter().filter(|m| ok(m)).collect();
                match active.get(sls % active.len().max(1)) {
                    Some(m) => Route::One(m.handle),
                    None => Route::Unavailable,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn override_displaces() {
        let mut g = AsGroup::new(TrafficModeType::OVERRIDE);
        g.insert(1);
        g.insert(2);
        assert_eq!(g.route(0), Route::Unavailable);
        assert!(g.set_state(1, AspState::Active).is_empty());
        assert_eq!(g.set_state(2, AspState::Active), vec![1]);
        assert_eq!(g.route(7), Route::One(2));
        assert_eq!(g.state(1), Some(AspState::Inactive));
        assert_eq!(g.as_state(), AsState::Active);
    }
}
