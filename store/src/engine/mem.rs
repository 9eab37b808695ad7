//! The in-memory engine: the reference implementation for the conformance
//! suite and the model test, and a fast engine for unit tests.
//!
//! A `BTreeMap` behind an `Arc` under a `RwLock`: readers take the lock
//! shared (a point read, or a scan whose visitor only collects), so they
//! never wait for each other, only briefly for a writer; a snapshot is an
//! `Arc` clone (O(1)), and a writer copies the map only while a snapshot is
//! alive (copy on write).
//! Production reads go to RocksDB, whose reads take no lock at all.

use std::collections::BTreeMap;
use std::ops::Bound;
use std::sync::{Arc, RwLock};

use super::{Batch, Engine, KeyValue, Op, ReadView};
use crate::error::EngineError;

type Map = BTreeMap<Vec<u8>, Vec<u8>>;

/// The in-memory engine.
#[derive(Debug, Default)]
pub struct MemEngine {
    map: RwLock<Arc<Map>>,
}

impl MemEngine {
    /// An empty engine.
    pub fn new() -> Self {
        Self::default()
    }

    fn current(&self) -> Arc<Map> {
        // A poisoned lock means a writer panicked mid-batch; the map is
        // still a valid map (batches are applied to a private copy when
        // shared, in place otherwise), so keep serving it.
        self.map.read().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// A snapshot of a [`MemEngine`].
#[derive(Debug)]
pub struct MemSnapshot(Arc<Map>);

fn range<'a>(from: &'a [u8], to: Option<&'a [u8]>) -> (Bound<&'a [u8]>, Bound<&'a [u8]>) {
    (
        Bound::Included(from),
        to.map_or(Bound::Unbounded, Bound::Excluded),
    )
}

fn scan_map(
    map: &Map,
    from: &[u8],
    to: Option<&[u8]>,
    visit: &mut dyn FnMut(&[u8], &[u8]) -> bool,
) {
    if to.is_some_and(|t| t <= from) {
        return;
    }
    for (k, v) in map.range::<[u8], _>(range(from, to)) {
        if !visit(k, v) {
            break;
        }
    }
}

fn last_in_map(map: &Map, from: &[u8], to: &[u8]) -> Option<KeyValue> {
    if to <= from {
        return None;
    }
    map.range::<[u8], _>(range(from, Some(to)))
        .next_back()
        .map(|(k, v)| (k.clone(), v.clone()))
}

impl ReadView for MemSnapshot {
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, EngineError> {
        Ok(self.0.get(key).cloned())
    }
    fn scan(
        &self,
        from: &[u8],
        to: Option<&[u8]>,
        visit: &mut dyn FnMut(&[u8], &[u8]) -> bool,
    ) -> Result<(), EngineError> {
        scan_map(&self.0, from, to, visit);
        Ok(())
    }
    fn last_in(&self, from: &[u8], to: &[u8]) -> Result<Option<KeyValue>, EngineError> {
        Ok(last_in_map(&self.0, from, to))
    }
}

impl ReadView for MemEngine {
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, EngineError> {
        let guard = self.map.read().unwrap_or_else(|e| e.into_inner());
        Ok(guard.get(key).cloned())
    }
    fn scan(
        &self,
        from: &[u8],
        to: Option<&[u8]>,
        visit: &mut dyn FnMut(&[u8], &[u8]) -> bool,
    ) -> Result<(), EngineError> {
        // Under the shared lock, not on an `Arc` clone: a writer meeting a
        // clone would copy the whole map. Visitors are short (they collect).
        let guard = self.map.read().unwrap_or_else(|e| e.into_inner());
        scan_map(&guard, from, to, visit);
        Ok(())
    }
    fn last_in(&self, from: &[u8], to: &[u8]) -> Result<Option<KeyValue>, EngineError> {
        let guard = self.map.read().unwrap_or_else(|e| e.into_inner());
        Ok(last_in_map(&guard, from, to))
    }
}

impl Engine for MemEngine {
    type Snapshot<'a> = MemSnapshot;

    fn snapshot(&self) -> MemSnapshot {
        MemSnapshot(self.current())
    }

    fn write(&self, batch: &Batch, _sync: bool) -> Result<(), EngineError> {
        let mut guard = self.map.write().unwrap_or_else(|e| e.into_inner());
        // Atomicity against a panic mid-batch: apply to a copy when the map
        // is shared (snapshots), and in place otherwise — no operation below
        // panics, so in place is atomic too.
        let map = Arc::make_mut(&mut guard);
        for op in batch.ops() {
            match op {
                Op::Put(k, v) => {
                    map.insert(k.clone(), v.clone());
                }
                Op::Delete(k) => {
                    map.remove(k);
                }
                Op::DeleteRange(from, to) => {
                    if from < to {
                        let doomed: Vec<Vec<u8>> = map
                            .range::<[u8], _>(range(from, Some(to)))
                            .map(|(k, _)| k.clone())
                            .collect();
                        for k in doomed {
                            map.remove(&k);
                        }
                    }
                }
            }
        }
        Ok(())
    }

    fn sync(&self) -> Result<(), EngineError> {
        Ok(())
    }

    fn flush(&self) -> Result<(), EngineError> {
        Ok(())
    }

    fn compact_range(&self, _from: Option<&[u8]>, _to: Option<&[u8]>) -> Result<(), EngineError> {
        Ok(())
    }

    fn disk_bytes(&self) -> Result<u64, EngineError> {
        Ok(0)
    }
}
