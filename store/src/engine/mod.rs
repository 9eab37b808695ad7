//! The storage engine trait and its two implementations.
//!
//! [`Engine`] is the narrow interface the store needs (TiKV's
//! `engine_traits` idea): point reads, ordered range scans, atomic batch
//! writes with a sync flag, consistent snapshots, flush and compaction.
//! [`RocksEngine`] is the production engine; [`MemEngine`] is the reference
//! and test engine. Both pass one conformance suite (`tests/conformance.rs`),
//! and a model-based property test drives both with the same random
//! operations and compares them (`tests/model.rs`).

mod mem;
mod rocks;

pub use mem::MemEngine;
pub use rocks::{RocksConfig, RocksEngine};

use crate::error::EngineError;

/// A key and its value.
pub type KeyValue = (Vec<u8>, Vec<u8>);

/// One write in a [`Batch`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    /// Set `key` to `value`.
    Put(Vec<u8>, Vec<u8>),
    /// Remove `key`.
    Delete(Vec<u8>),
    /// Remove every key in `from..to`.
    DeleteRange(Vec<u8>, Vec<u8>),
}

/// Writes applied atomically, in order: all or none are visible, and a
/// reader never sees part of a batch.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Batch {
    ops: Vec<Op>,
}

impl Batch {
    /// An empty batch.
    pub fn new() -> Self {
        Self::default()
    }
    /// Adds a put.
    pub fn put(&mut self, key: Vec<u8>, value: Vec<u8>) {
        self.ops.push(Op::Put(key, value));
    }
    /// Adds a delete.
    pub fn delete(&mut self, key: Vec<u8>) {
        self.ops.push(Op::Delete(key));
    }
    /// Adds a range delete of `from..to`.
    pub fn delete_range(&mut self, from: Vec<u8>, to: Vec<u8>) {
        self.ops.push(Op::DeleteRange(from, to));
    }
    /// The operations.
    pub fn ops(&self) -> &[Op] {
        &self.ops
    }
    /// Number of operations.
    pub fn len(&self) -> usize {
        self.ops.len()
    }
    /// Whether it holds no operation.
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }
}

/// Reads: from the live engine or from a snapshot.
pub trait ReadView {
    /// The value of `key`.
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, EngineError>;

    /// Visits the keys in `from..to` (`to = None`: to the end) in ascending
    /// order until `visit` returns `false`.
    fn scan(
        &self,
        from: &[u8],
        to: Option<&[u8]>,
        visit: &mut dyn FnMut(&[u8], &[u8]) -> bool,
    ) -> Result<(), EngineError>;

    /// The greatest key in `from..to` with its value.
    fn last_in(&self, from: &[u8], to: &[u8]) -> Result<Option<KeyValue>, EngineError>;
}

/// A storage engine.
///
/// Concurrency contract: every method takes `&self` and may be called from
/// many threads; reads do not block on writes; a [`Batch`] is atomic;
/// `write(batch, sync = true)` returns only once the batch is durable (for
/// RocksDB: in a synced WAL; concurrent writers share one fsync, RocksDB's
/// write group). `sync = false` writes become durable with the next synced
/// write or flush.
pub trait Engine: ReadView + Send + Sync + 'static {
    /// A consistent point-in-time view.
    type Snapshot<'a>: ReadView
    where
        Self: 'a;

    /// Takes a snapshot.
    fn snapshot(&self) -> Self::Snapshot<'_>;

    /// Applies a batch atomically.
    fn write(&self, batch: &Batch, sync: bool) -> Result<(), EngineError>;

    /// Makes every write so far durable (fsyncs the WAL).
    fn sync(&self) -> Result<(), EngineError>;

    /// Persists memtables to data files; afterwards no WAL still needed for
    /// recovery holds older writes.
    fn flush(&self) -> Result<(), EngineError>;

    /// Rewrites the data files of `from..to` (`None`: unbounded), dropping
    /// deleted and overwritten values from every level.
    fn compact_range(&self, from: Option<&[u8]>, to: Option<&[u8]>) -> Result<(), EngineError>;

    /// Bytes of data files on disk (0 for an in-memory engine).
    fn disk_bytes(&self) -> Result<u64, EngineError>;
}
