//! The RocksDB engine.
//!
//! Decisions:
//! - One column family (`default`); the one-byte kind prefix of every key
//!   ([`crate::keys`]) separates the kinds. Point lookups use a whole-key
//!   bloom filter (10 bits/key), a hash index in each data block, and an LRU
//!   block cache holding index and filter blocks (the top level and L0
//!   pinned).
//! - Durability: `write(batch, sync = true)` uses `WriteOptions::sync`, so it
//!   returns only once the WAL is fsynced; concurrent writers are grouped by
//!   RocksDB's write group into one fsync. [`Engine::sync`] is
//!   `FlushWAL(sync = true)`: it fsyncs every write that returned before it
//!   (the store's own group commit builds on it, `crate::commit`).
//! - Erasure: WAL recycling is off (`recycle_log_file_num = 0`) and WAL
//!   archival is off (TTL 0, size limit 0), so a WAL is deleted once its
//!   memtable is flushed. [`Engine::flush`] flushes the WAL and memtables and
//!   then waits (bounded) until no WAL older than the current one remains;
//!   [`Engine::compact_range`] forces bottommost-level compaction so deleted
//!   values leave every SST file.
//! - Reads take no lock (RocksDB's reads are lock-free against writes).

use std::path::{Path, PathBuf};

use rocksdb::{
    BlockBasedOptions, BottommostLevelCompaction, Cache, CompactOptions, DB, DBCompressionType,
    DataBlockIndexType, Options, ReadOptions, WriteBatch, WriteOptions,
};

use super::{Batch, Engine, KeyValue, Op, ReadView};
use crate::error::EngineError;

/// Tuning of a [`RocksEngine`].
#[derive(Clone, Debug)]
pub struct RocksConfig {
    /// Block cache size in bytes.
    pub block_cache_bytes: usize,
    /// Memtable (write buffer) size in bytes.
    pub write_buffer_bytes: usize,
    /// Background flush/compaction threads.
    pub background_jobs: i32,
}

impl Default for RocksConfig {
    /// 256 MiB block cache, 64 MiB memtables, 2 background jobs.
    fn default() -> Self {
        Self {
            block_cache_bytes: 256 << 20,
            write_buffer_bytes: 64 << 20,
            background_jobs: 2,
        }
    }
}

/// The RocksDB engine.
pub struct RocksEngine {
    db: DB,
    path: PathBuf,
}

impl std::fmt::Debug for RocksEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RocksEngine({})", self.path.display())
    }
}

fn rocks(e: rocksdb::Error) -> EngineError {
    EngineError::Rocks(e.into_string())
}

impl RocksEngine {
    /// Opens (creating if missing) the database in `path`.
    pub fn open(path: &Path, config: &RocksConfig) -> Result<Self, EngineError> {
        let mut table = BlockBasedOptions::default();
        table.set_bloom_filter(10.0, false);
        table.set_whole_key_filtering(true);
        let cache = Cache::new_lru_cache(config.block_cache_bytes);
        table.set_block_cache(&cache);
        table.set_cache_index_and_filter_blocks(true);
        table.set_pin_l0_filter_and_index_blocks_in_cache(true);
        table.set_pin_top_level_index_and_filter(true);
        // Point lookups (the route path): a hash index inside each data
        // block finds the key without a binary search over its restart
        // points (RocksDB's `OptimizeForPointLookup` does the same).
        table.set_data_block_index_type(DataBlockIndexType::BinaryAndHash);
        table.set_data_block_hash_ratio(0.75);
        table.set_format_version(5);

        let mut opts = Options::default();
        opts.create_if_missing(true);
        opts.set_block_based_table_factory(&table);
        opts.set_compression_type(DBCompressionType::Lz4);
        opts.set_write_buffer_size(config.write_buffer_bytes);
        opts.set_max_background_jobs(config.background_jobs);
        opts.set_level_compaction_dynamic_level_bytes(true);
        opts.set_memtable_whole_key_filtering(true);
        opts.set_memtable_prefix_bloom_ratio(0.02);
        // Erasure: never reuse or archive WAL files (module docs).
        opts.set_recycle_log_file_num(0);
        opts.set_wal_ttl_seconds(0);
        opts.set_wal_size_limit_mb(0);
        opts.set_keep_log_file_num(4);
        let db = DB::open(&opts, path).map_err(rocks)?;
        Ok(Self {
            db,
            path: path.to_owned(),
        })
    }

    /// The database directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A RocksDB property (e.g. `rocksdb.estimate-num-keys`).
    pub fn property(&self, name: &str) -> Option<String> {
        self.db.property_value(name).ok().flatten()
    }

    fn wal_files(&self) -> Result<Vec<PathBuf>, EngineError> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(&self.path)? {
            let p = entry?.path();
            if p.extension().is_some_and(|e| e == "log") {
                out.push(p);
            }
        }
        out.sort();
        Ok(out)
    }
}

fn scan_iter<D: rocksdb::DBAccess>(
    mut it: rocksdb::DBRawIteratorWithThreadMode<'_, D>,
    from: &[u8],
    visit: &mut dyn FnMut(&[u8], &[u8]) -> bool,
) -> Result<(), EngineError> {
    it.seek(from);
    while let (Some(k), Some(v)) = (it.key(), it.value()) {
        if !visit(k, v) {
            return Ok(());
        }
        it.next();
    }
    it.status().map_err(rocks)
}

fn last_iter<D: rocksdb::DBAccess>(
    mut it: rocksdb::DBRawIteratorWithThreadMode<'_, D>,
    from: &[u8],
    to: &[u8],
) -> Result<Option<KeyValue>, EngineError> {
    it.seek_for_prev(to);
    // seek_for_prev lands on the last key <= to; `to` is exclusive.
    if it.key() == Some(to) {
        it.prev();
    }
    let found = match (it.key(), it.value()) {
        (Some(k), Some(v)) if k >= from && k < to => Some((k.to_vec(), v.to_vec())),
        _ => None,
    };
    it.status().map_err(rocks)?;
    Ok(found)
}

fn bounded(to: Option<&[u8]>) -> ReadOptions {
    let mut ro = ReadOptions::default();
    if let Some(to) = to {
        ro.set_iterate_upper_bound(to.to_vec());
    }
    ro
}

impl ReadView for RocksEngine {
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, EngineError> {
        Ok(self.db.get_pinned(key).map_err(rocks)?.map(|s| s.to_vec()))
    }
    fn scan(
        &self,
        from: &[u8],
        to: Option<&[u8]>,
        visit: &mut dyn FnMut(&[u8], &[u8]) -> bool,
    ) -> Result<(), EngineError> {
        if to.is_some_and(|t| t <= from) {
            return Ok(());
        }
        scan_iter(self.db.raw_iterator_opt(bounded(to)), from, visit)
    }
    fn last_in(&self, from: &[u8], to: &[u8]) -> Result<Option<KeyValue>, EngineError> {
        if to <= from {
            return Ok(None);
        }
        last_iter(self.db.raw_iterator_opt(ReadOptions::default()), from, to)
    }
}

/// A snapshot of a [`RocksEngine`].
pub struct RocksSnapshot<'a>(rocksdb::Snapshot<'a>);

impl std::fmt::Debug for RocksSnapshot<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RocksSnapshot")
    }
}

impl ReadView for RocksSnapshot<'_> {
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, EngineError> {
        Ok(self.0.get_pinned(key).map_err(rocks)?.map(|s| s.to_vec()))
    }
    fn scan(
        &self,
        from: &[u8],
        to: Option<&[u8]>,
        visit: &mut dyn FnMut(&[u8], &[u8]) -> bool,
    ) -> Result<(), EngineError> {
        if to.is_some_and(|t| t <= from) {
            return Ok(());
        }
        scan_iter(self.0.raw_iterator_opt(bounded(to)), from, visit)
    }
    fn last_in(&self, from: &[u8], to: &[u8]) -> Result<Option<KeyValue>, EngineError> {
        if to <= from {
            return Ok(None);
        }
        last_iter(self.0.raw_iterator_opt(ReadOptions::default()), from, to)
    }
}

impl Engine for RocksEngine {
    type Snapshot<'a> = RocksSnapshot<'a>;

    fn snapshot(&self) -> RocksSnapshot<'_> {
        RocksSnapshot(self.db.snapshot())
    }

    fn write(&self, batch: &Batch, sync: bool) -> Result<(), EngineError> {
        let mut wb = WriteBatch::default();
        for op in batch.ops() {
            match op {
                Op::Put(k, v) => wb.put(k, v),
                Op::Delete(k) => wb.delete(k),
                Op::DeleteRange(from, to) => {
                    if from < to {
                        wb.delete_range(from, to);
                    }
                }
            }
        }
        let mut wo = WriteOptions::default();
        wo.set_sync(sync);
        self.db.write_opt(wb, &wo).map_err(rocks)
    }

    fn sync(&self) -> Result<(), EngineError> {
        self.db.flush_wal(true).map_err(rocks)
    }

    fn flush(&self) -> Result<(), EngineError> {
        self.db.flush_wal(true).map_err(rocks)?;
        let before = self.wal_files()?;
        self.db.flush().map_err(rocks)?;
        // Obsolete WAL files are deleted by the flush job right after it
        // installs its result; wait (bounded) until every WAL that existed
        // before the flush, except a still-live newest one, is gone.
        let live_newest = self.wal_files()?.last().cloned();
        for _ in 0..500 {
            let now = self.wal_files()?;
            if before
                .iter()
                .all(|old| !now.contains(old) || Some(old) == live_newest.as_ref())
            {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        Ok(())
    }

    fn compact_range(&self, from: Option<&[u8]>, to: Option<&[u8]>) -> Result<(), EngineError> {
        let mut co = CompactOptions::default();
        co.set_bottommost_level_compaction(BottommostLevelCompaction::Force);
        co.set_exclusive_manual_compaction(true);
        self.db.compact_range_opt(from, to, &co);
        Ok(())
    }

    fn disk_bytes(&self) -> Result<u64, EngineError> {
        let mut total = 0;
        for entry in std::fs::read_dir(&self.path)? {
            let meta = entry?.metadata()?;
            if meta.is_file() {
                total += meta.len();
            }
        }
        Ok(total)
    }
}
