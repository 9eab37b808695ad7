//! Group commit: many writers share one WAL sync.
//!
//! A writer applies its batch with `sync = false` (RocksDB appends it to the
//! WAL file and the memtable: it is visible to every later read, but only in
//! the operating system's page cache), takes a *ticket* and then waits in
//! [`GroupCommit::wait`] until a sync covering its ticket has completed. The
//! first waiter that finds no sync in progress becomes the *leader*: it
//! reads the highest ticket issued so far, syncs the WAL once
//! ([`Engine::sync`]), publishes that ticket as durable and wakes the
//! followers. Writers that arrive during the leader's sync wait for the next
//! round, which a follower leads; so each fsync acknowledges every writer
//! that queued behind the previous one (leader/follower group commit, as in
//! RocksDB's own write group and PostgreSQL's `commit_delay`).
//!
//! Why a ticket covers its write: a writer takes its ticket only after its
//! `write` returned, and a leader reads the highest ticket before it starts
//! the sync; the WAL is one sequential file, so a sync that starts after a
//! write returned makes that write (and every earlier one) durable.
//!
//! The same argument lets a reader acknowledge state it *observed* (for
//! example an idempotent allocation returning another caller's binding):
//! a ticket taken after the read covers the write that produced it.
//!
//! Early lock release: a writer releases its number lock before it waits, so
//! the next allocation validates against the group's pending, not yet
//! durable allocations — no number is ever bound twice — without queueing
//! behind an fsync. A pending change can be seen by readers (a route lookup)
//! before it is acknowledged; if the machine loses power first, it vanishes
//! together with everything written after it, and nobody was told it
//! existed. If a sync fails, every writer of that round gets the error (and
//! RocksDB stops accepting writes until reopened).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};

use crate::engine::Engine;
use crate::error::{EngineError, StoreError};

/// A sync's outcome as the followers see it.
#[derive(Debug, Default)]
struct State {
    /// Every ticket `<=` this is durable.
    synced: u64,
    /// A leader is syncing.
    leading: bool,
    /// The last failed round: tickets `<=` `.0` and `> synced` failed.
    failed: Option<(u64, String)>,
}

/// The group-commit coordinator of a store (module docs).
#[derive(Debug, Default)]
pub(crate) struct GroupCommit {
    issued: AtomicU64,
    syncs: AtomicU64,
    state: Mutex<State>,
    done: Condvar,
}

impl GroupCommit {
    /// A ticket for every write that returned (or state that was read)
    /// before this call.
    pub(crate) fn ticket(&self) -> u64 {
        self.issued.fetch_add(1, Ordering::SeqCst) + 1
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // The state is plain counters updated in single assignments: a
        // panic elsewhere cannot leave it half-written.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Returns once `ticket` is durable (leading a sync if none is running).
    pub(crate) fn wait<E: Engine>(&self, engine: &E, ticket: u64) -> Result<(), StoreError> {
        let mut st = self.lock();
        loop {
            if st.synced >= ticket {
                return Ok(());
            }
            if let Some((upto, msg)) = &st.failed
                && *upto >= ticket
            {
                return Err(EngineError::Rocks(format!("WAL sync failed: {msg}")).into());
            }
            if !st.leading {
                st.leading = true;
                drop(st);
                let target = self.issued.load(Ordering::SeqCst);
                let res = engine.sync();
                self.syncs.fetch_add(1, Ordering::Relaxed);
                st = self.lock();
                st.leading = false;
                match res {
                    Ok(()) => st.synced = st.synced.max(target),
                    Err(e) => st.failed = Some((target, e.to_string())),
                }
                self.done.notify_all();
                continue;
            }
            st = self.done.wait(st).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// WAL syncs led so far.
    pub(crate) fn syncs(&self) -> u64 {
        self.syncs.load(Ordering::Relaxed)
    }

    /// Makes everything written so far durable: a ticket, then [`Self::wait`].
    pub(crate) fn sync_all<E: Engine>(&self, engine: &E) -> Result<(), StoreError> {
        let t = self.ticket();
        self.wait(engine, t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Batch, MemEngine};

    #[test]
    fn tickets_are_acknowledged_in_groups() {
        let e = MemEngine::new();
        let g = GroupCommit::default();
        let tickets: Vec<u64> = (0..5).map(|_| g.ticket()).collect();
        assert_eq!(tickets, vec![1, 2, 3, 4, 5]);
        // The first wait leads one sync that covers every issued ticket.
        g.wait(&e, 3).unwrap();
        assert_eq!(g.lock().synced, 5);
        g.wait(&e, 5).unwrap();
        assert_eq!(g.lock().synced, 5);
        assert_eq!(g.syncs(), 1, "one sync acknowledged all five");
    }

    #[test]
    fn many_threads_all_acknowledged() {
        let e = MemEngine::new();
        let g = GroupCommit::default();
        std::thread::scope(|sc| {
            for t in 0..8u8 {
                let (e, g) = (&e, &g);
                sc.spawn(move || {
                    for i in 0..200u8 {
                        let mut b = Batch::new();
                        b.put(vec![t, i], vec![]);
                        e.write(&b, false).unwrap();
                        let k = g.ticket();
                        g.wait(e, k).unwrap();
                        assert!(g.lock().synced >= k);
                    }
                });
            }
        });
        assert_eq!(g.lock().synced, 1600);
        assert!(!g.lock().leading);
    }
}
