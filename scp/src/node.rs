//! The running SCP: the store, the M3UA associations, the dialogue workers and the HTTP endpoint,
//! wired together.
//!
//! ```text
//!  transport ─► Link (M3UA ASP/SGP/IPSP) ─► link task: SCCP routing (scrc) ──┐ by dtid / SLS
//!                     ▲                                                        ▼
//!                     └──────── LinkSender ◄── worker k: tcap::tsm::Shard + service::Call
//!                                                        │ route lookups, call records
//!                                                        ▼
//!                                                      store (RocksDB)
//! ```
//!
//! One worker task per TCAP shard owns its dialogue table outright (no lock): Begins are dealt
//! to the workers in turn, every later message of a dialogue goes to the worker its destination
//! transaction id names ([`tcap::tsm::shard_of`]). A
//! worker answers through the [`LinkSender`] of the association the message came on. Call
//! records go to a recorder thread that writes them in batches.
//!
//! Admission control: an InitialDP arriving when [`crate::service::OverloadConfig::admits`] says
//! no (dialogues in flight, or how long it waited in the worker's queue) is answered with CallGap
//! and ReleaseCall by [`Service::overload_reply`], without touching the store.
//!
//! Graceful shutdown ([`Running::shutdown`]): new InitialDPs are answered as overflow (CallGap
//! tells the switch to hold off), the dialogues in flight are given up to `drain` to finish, then
//! every association goes ASP-INACTIVE and ASP-DOWN and closes, and the store is flushed.

use std::collections::{BinaryHeap, HashMap};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::Context as _;
use bytes::Bytes;
use inap::operations::{Argument, Opcode};
use m3ua::asp::{self, AspState, Association, Event as AspEvent, Role};
use m3ua::transport::{self, Link, LinkSender, TransportConfig};
use store::{KeyRing, RocksConfig, RocksEngine, Store, StoreConfig, Timestamp};
use tcap::tsm::{self, DialogueId, Indication, Shard, Termination};
use tcap::{Code, Component, Invoke, InvokeProblem, Problem, Reject, ReturnResult};
use tokio::sync::{mpsc, watch};

use crate::config::{Config, M3uaRole};
use crate::http::{self, Readiness};
use crate::metrics::{AbortLabels, Metrics, ReasonLabel, RejectLabels, StateLabel};
use crate::privacy::MaskedHex;
use crate::scrc::{self, Routed, Router};
use crate::service::{Call, CallContext, DialogueAction, EndKind, Reply, Service};

/// The store engine of the running service.
pub type Engine = RocksEngine;

/// How many messages may wait for one worker.
const WORKER_QUEUE: usize = 16_384;

/// How often the recorder syncs the WAL while call records come.
const SYNC_EVERY: Duration = Duration::from_millis(100);

/// The wall clock as the store counts it.
fn wall_now() -> Timestamp {
    let ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0);
    Timestamp(ms)
}

/// Opens (or creates) the store under the configured data directory.
pub fn open_store(config: &Config) -> anyhow::Result<Arc<Store<Engine>>> {
    let dir = &config.store.data_dir;
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let keys = match &config.store.key_file {
        Some(path) => KeyRing::from_file(path)
            .map_err(|e| anyhow::anyhow!("key file {}: {e}", path.display()))?,
        None if std::env::var_os(KeyRing::ENV).is_some() => {
            KeyRing::from_env().map_err(|e| anyhow::anyhow!("{}: {e}", KeyRing::ENV))?
        }
        None => demo_keys(dir)?,
    };
    let rocks = RocksConfig {
        block_cache_bytes: config.store.block_cache_mib << 20,
        ..RocksConfig::default()
    };
    let engine = RocksEngine::open(&dir.join("db"), &rocks)
        .map_err(|e| anyhow::anyhow!("opening the store in {}: {e}", dir.display()))?;
    let store = Store::open(engine, keys, StoreConfig::default())
        .map_err(|e| anyhow::anyhow!("opening the store: {e}"))?;
    Ok(Arc::new(store))
}

/// The key ring of a demo installation: generated once into `<data_dir>/keys` (mode 0600).
fn demo_keys(dir: &std::path::Path) -> anyhow::Result<KeyRing> {
    let path = dir.join("keys");
    if path.exists() {
        return KeyRing::from_file(&path)
            .map_err(|e| anyhow::anyhow!("key file {}: {e}", path.display()));
    }
    let (ring, text) = KeyRing::generate(1).map_err(|e| anyhow::anyhow!("key generation: {e}"))?;
    write_private(&path, text.as_bytes())?;
    tracing::warn!(
        path = %path.display(),
        "no key file configured and {} unset: generated a key ring for this data directory \
         (fine for a demo; in production give [store] key_file and keep it apart from the data)",
        KeyRing::ENV
    );
    Ok(ring)
}

fn write_private(path: &std::path::Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    f.write_all(bytes)?;
    f.sync_all()?;
    Ok(())
}

/// The association configuration for our role.
fn association(config: &Config, index: usize, client: bool) -> anyhow::Result<Association> {
    let m = &config.m3ua;
    let role = match (m.role, client) {
        (M3uaRole::Sgp, _) => Role::Sgp,
        (M3uaRole::Asp, _) => Role::Asp,
        (M3uaRole::Ipsp, true) => Role::Ipsp(asp::IpspExchange::SingleInitiator),
        (M3uaRole::Ipsp, false) => Role::Ipsp(asp::IpspExchange::SingleResponder),
    };
    let mut c = asp::Config::new(role);
    c.routing_contexts = m.routing_contexts.clone();
    c.traffic_mode = m.traffic_mode;
    c.asp_identifier = m.asp_identifier;
    c.outbound_streams = m.streams.max(1);
    c.client = client;
    c.jitter_seed ^= (index as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ wall_now().0;
    if m.beat_ms > 0 {
        c.timers.beat = Some(Duration::from_millis(m.beat_ms));
    }
    Association::new(c).map_err(|e| anyhow::anyhow!("m3ua configuration: {e}"))
}

/// Where a dialogue's messages go: the association it came on and the SCCP answer addressing.
#[derive(Clone, Debug)]
struct Peer {
    link: LinkSender,
    reply: scrc::Reply,
}

/// A TCAP message for a worker.
struct Inbound {
    tcap: Bytes,
    peer: Peer,
    received: Instant,
}

/// State shared by every task.
struct Shared {
    config: Config,
    service: Service<Engine>,
    metrics: Metrics,
    readiness: Arc<Readiness>,
    /// Dialogues with a call in progress, over all workers.
    in_flight: AtomicUsize,
    /// Set when shutdown begins: new InitialDPs are answered as overflow.
    draining: AtomicBool,
    call_ids: AtomicU64,
    workers: Vec<mpsc::Sender<Inbound>>,
    recorder: std::sync::mpsc::SyncSender<store::CallRecord>,
}

/// A started SCP.
pub struct Running {
    /// Where the M3UA listeners listen.
    pub m3ua_addrs: Vec<SocketAddr>,
    /// Where `/metrics` is served.
    pub http_addr: Option<SocketAddr>,
    shared: Arc<Shared>,
    stop: watch::Sender<bool>,
    link_phase: watch::Sender<LinkPhase>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
    recorder: Option<std::thread::JoinHandle<()>>,
}

/// Where shutdown has taken the associations; every link task follows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LinkPhase {
    Serving,
    /// ASP-INACTIVE (ASPIA): the peer routes new traffic elsewhere.
    Inactive,
    /// ASP-DOWN (ASPDN), then the transport closes.
    Down,
}

impl Running {
    /// The metrics.
    pub fn metrics(&self) -> &Metrics {
        &self.shared.metrics
    }

    /// The store.
    pub fn store(&self) -> &Arc<Store<Engine>> {
        self.shared.service.store()
    }

    /// Stops gracefully: new InitialDPs answered as overflow, dialogues in flight given up to
    /// `drain`, then ASP-INACTIVE, ASP-DOWN, transports closed, store flushed.
    pub async fn shutdown(mut self, drain: Duration) {
        self.shared.draining.store(true, Ordering::SeqCst);
        self.shared.readiness.serving.store(false, Ordering::SeqCst);
        let deadline = tokio::time::Instant::now() + drain;
        while self.shared.in_flight.load(Ordering::SeqCst) > 0
            && tokio::time::Instant::now() < deadline
        {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let left = self.shared.in_flight.load(Ordering::SeqCst);
        if left > 0 {
            tracing::warn!(
                dialogues = left,
                "shutdown: dialogues still open after the drain time"
            );
        }
        let _ = self.link_phase.send(LinkPhase::Inactive);
        tokio::time::sleep(Duration::from_millis(200)).await;
        let _ = self.link_phase.send(LinkPhase::Down);
        tokio::time::sleep(Duration::from_millis(300)).await;
        let _ = self.stop.send(true);
        for t in self.tasks.drain(..) {
            let _ = tokio::time::timeout(Duration::from_secs(2), t).await;
        }
        // The recorder ends when every sender is gone; the workers hold clones through Shared.
        let store = self.shared.service.store().clone();
        drop(self.shared);
        if let Some(r) = self.recorder.take() {
            let _ = tokio::task::spawn_blocking(move || r.join()).await;
        }
        if let Err(e) = store::engine::Engine::flush(store.engine()) {
            tracing::warn!(error = %e, "store flush at shutdown failed");
        }
        tracing::info!("stopped");
    }
}

/// Starts the SCP: store, demo data, workers, associations, HTTP.
pub async fn start(config: Config) -> anyhow::Result<Running> {
    config.validate()?;
    let store = open_store(&config)?;
    if config.store.demo && crate::demo::provision(&store, wall_now())? {
        tracing::info!(
            "demo data made: tenant 1 with numbers 050412345675..78 (see docs); try \
             `vns-ssp call --called {}`",
            crate::demo::ONE_WAY.0
        );
    }
    let service = Service::new(store.clone(), config.service.clone())
        .map_err(|e| anyhow::anyhow!("[service]: {e}"))?;
    let metrics = Metrics::new();
    let readiness = Arc::new(Readiness::default());
    let (stop, stop_rx) = watch::channel(false);

    let shards = match config.tcap.shards {
        0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
        n => n,
    };
    let (recorder_tx, recorder) = spawn_recorder(store.clone(), metrics.clone());
    let mut worker_rx = Vec::new();
    let mut worker_tx = Vec::new();
    for _ in 0..shards {
        let (tx, rx) = mpsc::channel(WORKER_QUEUE);
        worker_tx.push(tx);
        worker_rx.push(rx);
    }
    let shared = Arc::new(Shared {
        config: config.clone(),
        service,
        metrics: metrics.clone(),
        readiness: readiness.clone(),
        in_flight: AtomicUsize::new(0),
        draining: AtomicBool::new(false),
        call_ids: AtomicU64::new(wall_now().0 << 16),
        workers: worker_tx,
        recorder: recorder_tx,
    });
    let mut tasks = Vec::new();
    let first_tid = (wall_now().0 / 1000) as u32;
    for (index, rx) in worker_rx.into_iter().enumerate() {
        let mut tc = tsm::Config::new(config.tcap.application_contexts.clone());
        tc.shard = index as u32;
        tc.shards = shards as u32;
        tc.max_dialogues = (config.tcap.max_dialogues / shards).max(1);
        tc.idle_timeout = config.tcap.idle_timeout();
        tc.default_context = config.tcap.default_context;
        tc.first_tid = first_tid;
        let shard = Shard::new(tc).map_err(|e| anyhow::anyhow!("[tcap]: {e}"))?;
        let worker = Worker::new(shared.clone(), shard);
        tasks.push(tokio::spawn(worker.run(rx, stop_rx.clone())));
    }

    let (link_phase, link_phase_rx) = watch::channel(LinkPhase::Serving);
    let transport_config = |local: Vec<SocketAddr>| TransportConfig {
        kind: config.m3ua.transport,
        local,
        sctp: transport::SctpOptions {
            outbound_streams: config.m3ua.streams.max(1),
            ..transport::SctpOptions::default()
        },
        ..TransportConfig::default()
    };
    let mut m3ua_addrs = Vec::new();
    if !config.m3ua.listen.is_empty() && config.m3ua.role != M3uaRole::Asp {
        let mut listener = transport::listen(&transport_config(config.m3ua.listen.clone()))
            .await
            .with_context(|| format!("listening on {:?}", config.m3ua.listen))?;
        m3ua_addrs = listener.local_addrs();
        tracing::info!(
            transport = listener.kind().name(),
            addrs = ?m3ua_addrs,
            role = ?config.m3ua.role,
            "M3UA listening"
        );
        let shared = shared.clone();
        let link_phase_rx = link_phase_rx.clone();
        let mut stop_rx = stop_rx.clone();
        tasks.push(tokio::spawn(async move {
            let mut index = 0usize;
            loop {
                tokio::select! {
                    _ = stop_rx.changed() => return,
                    accepted = listener.accept() => match accepted {
                        Ok(conn) => {
                            index += 1;
                            let Ok(assoc) = association(&shared.config, index, false) else {
                                continue;
                            };
                            tracing::info!(peer = ?conn.info.peer, "association accepted");
                            let link = Link::accepted(conn, assoc);
                            spawn_link(&shared, link, stop_rx.clone(), link_phase_rx.clone());
                        }
                        Err(e) => {
                            tracing::warn!(error = %e, "accept failed");
                            tokio::time::sleep(Duration::from_millis(100)).await;
                        }
                    }
                }
            }
        }));
    }
    if config.m3ua.role != M3uaRole::Sgp {
        for (i, peer) in config.m3ua.connect.iter().enumerate() {
            let local = config.m3ua.local.into_iter().collect();
            let link = Link::connect(
                transport_config(local),
                vec![*peer],
                association(&config, 1000 + i, true)?,
            );
            tracing::info!(%peer, role = ?config.m3ua.role, "M3UA connecting");
            spawn_link(&shared, link, stop_rx.clone(), link_phase_rx.clone());
        }
    }

    let http_addr = match config.http.listen {
        Some(addr) => {
            let mut stop_rx = stop_rx.clone();
            let app = http::router(metrics.clone(), readiness.clone());
            let bound = http::serve(addr, app, async move {
                let _ = stop_rx.changed().await;
            })
            .await
            .with_context(|| format!("HTTP on {addr}"))?;
            tracing::info!(addr = %bound, "metrics on http://{bound}/metrics");
            Some(bound)
        }
        None => None,
    };
    tasks.push(tokio::spawn(gauges(shared.clone(), stop_rx.clone())));
    readiness.serving.store(true, Ordering::SeqCst);
    Ok(Running {
        m3ua_addrs,
        http_addr,
        shared,
        stop,
        link_phase,
        tasks,
        recorder: Some(recorder),
    })
}

/// Refreshes the store gauges every few seconds, and sweeps expired bindings.
async fn gauges(shared: Arc<Shared>, mut stop: watch::Receiver<bool>) {
    let mut last_sweep = Instant::now();
    let sweep_every = Duration::from_secs(shared.config.store.sweep_interval_secs.max(1));
    loop {
        let s = shared.clone();
        let sweep = last_sweep.elapsed() >= sweep_every;
        if sweep {
            last_sweep = Instant::now();
        }
        let _ = tokio::task::spawn_blocking(move || {
            let store = s.service.store();
            let now = wall_now();
            if sweep && let Err(e) = store.sweep(now) {
                tracing::warn!(error = %e, "sweep failed");
                s.metrics
                    .store_errors
                    .get_or_create(&crate::metrics::OpLabel { op: "sweep" })
                    .inc();
            }
            let Ok(tenants) = store.tenants() else { return };
            let mut bound = 0i64;
            for t in tenants {
                if let Ok(c) = store.pool_counts(t.id, now) {
                    bound += c.bound as i64;
                    for (state, n) in [
                        ("free", c.free),
                        ("bound", c.bound),
                        ("quarantined", c.quarantined),
                        ("reserved", c.reserved),
                        ("suspended", c.suspended),
                    ] {
                        s.metrics
                            .pool_numbers
                            .get_or_create(&crate::metrics::PoolLabels {
                                tenant: t.id.0,
                                state,
                            })
                            .set(n as i64);
                    }
                }
            }
            s.metrics.bindings_active.set(bound);
        })
        .await;
        tokio::select! {
            _ = stop.changed() => return,
            _ = tokio::time::sleep(Duration::from_secs(5)) => {}
        }
    }
}

/// The recorder thread: call records written in batches with [`Store::record_calls`] (one WAL
/// write per batch, not synced), and the WAL synced every 100 ms while records come: a power cut
/// loses at most the last 100 ms of call records, never a binding (see `store::Store::record_calls`).
fn spawn_recorder(
    store: Arc<Store<Engine>>,
    metrics: Metrics,
) -> (
    std::sync::mpsc::SyncSender<store::CallRecord>,
    std::thread::JoinHandle<()>,
) {
    let (tx, rx) = std::sync::mpsc::sync_channel::<store::CallRecord>(65_536);
    let handle = std::thread::Builder::new()
        .name("vns-recorder".into())
        .spawn(move || {
            let fail = |op: &'static str, e: &dyn std::fmt::Display| {
                tracing::warn!(op, error = %e, "call records not written");
                metrics
                    .store_errors
                    .get_or_create(&crate::metrics::OpLabel { op })
                    .inc();
            };
            let mut batch = Vec::with_capacity(1024);
            let mut last_sync = Instant::now();
            let mut unsynced = false;
            loop {
                match rx.recv_timeout(SYNC_EVERY) {
                    Ok(first) => {
                        batch.push(first);
                        while batch.len() < 1024 {
                            match rx.try_recv() {
                                Ok(r) => batch.push(r),
                                Err(_) => break,
                            }
                        }
                        if let Err(e) = store.record_calls(&batch) {
                            fail("record_calls", &e);
                        }
                        batch.clear();
                        unsynced = true;
                    }
                    Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
                    Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
                }
                if unsynced && last_sync.elapsed() >= SYNC_EVERY {
                    if let Err(e) = store.sync() {
                        fail("sync", &e);
                    }
                    unsynced = false;
                    last_sync = Instant::now();
                }
            }
            if unsynced && let Err(e) = store.sync() {
                fail("sync", &e);
            }
        })
        .expect("spawning the recorder thread");
    (tx, handle)
}

/// Runs a link's events: SCCP routing, hand-off to the workers, association state.
fn spawn_link(
    shared: &Arc<Shared>,
    mut link: Link,
    mut stop: watch::Receiver<bool>,
    mut phase: watch::Receiver<LinkPhase>,
) {
    let shared = shared.clone();
    tokio::spawn(async move {
        let sender = link.sender();
        // The per-message counter, looked up once.
        let messages_in = shared
            .metrics
            .m3ua_messages
            .get_or_create(&crate::metrics::DirectionLabel { direction: "in" })
            .clone();
        let mut router = Router::new(&shared.config.node);
        let mut state = AspState::Down;
        let metrics = shared.metrics.clone();
        let set_state = |from: AspState, to: AspState| {
            let name = |s: AspState| match s {
                AspState::Down => "down",
                AspState::Inactive => "inactive",
                AspState::Active => "active",
            };
            metrics
                .associations
                .get_or_create(&StateLabel { state: name(from) })
                .dec();
            metrics
                .associations
                .get_or_create(&StateLabel { state: name(to) })
                .inc();
            if to == AspState::Active {
                shared
                    .readiness
                    .active_associations
                    .fetch_add(1, Ordering::SeqCst);
            } else if from == AspState::Active {
                shared
                    .readiness
                    .active_associations
                    .fetch_sub(1, Ordering::SeqCst);
            }
        };
        metrics
            .associations
            .get_or_create(&StateLabel { state: "down" })
            .inc();
        let mut round_robin = 0usize;
        loop {
            let event = tokio::select! {
                _ = stop.changed() => break,
                Ok(()) = phase.changed() => {
                    match *phase.borrow_and_update() {
                        LinkPhase::Inactive => link.deactivate(),
                        LinkPhase::Down => link.shutdown(),
                        LinkPhase::Serving => {}
                    }
                    continue;
                }
                e = link.next_event() => e,
            };
            let Some(event) = event else { break };
            match event {
                AspEvent::Data(data) => {
                    let received = Instant::now();
                    messages_in.inc();
                    match router.route(&data, received) {
                        Routed::Local { tcap, reply } => {
                            let n = shared.workers.len();
                            let index = match tsm::peek_dtid(&tcap) {
                                Some(dtid) => tsm::shard_of(dtid, n as u32) as usize,
                                None => {
                                    round_robin = round_robin.wrapping_add(1);
                                    round_robin % n
                                }
                            };
                            let inbound = Inbound {
                                tcap,
                                peer: Peer {
                                    link: sender.clone(),
                                    reply,
                                },
                                received,
                            };
                            if shared.workers[index].try_send(inbound).is_err() {
                                shared
                                    .metrics
                                    .overload
                                    .get_or_create(&ReasonLabel {
                                        reason: "queue_full",
                                    })
                                    .inc();
                            }
                        }
                        Routed::Return { data, cause } => {
                            shared
                                .metrics
                                .sccp_returned
                                .get_or_create(&crate::metrics::CauseLabel {
                                    cause: cause.to_string(),
                                })
                                .inc();
                            sender.send_data_nowait(data);
                        }
                        Routed::Pending => {}
                        Routed::Discard(reason) => {
                            shared
                                .metrics
                                .sccp_discarded
                                .get_or_create(&ReasonLabel {
                                    reason: reason.name(),
                                })
                                .inc();
                            if reason == scrc::Discard::Malformed {
                                shared.metrics.decode_error("sccp");
                            }
                            tracing::debug!(
                                reason = reason.name(),
                                opc = data.protocol_data.opc,
                                raw = %MaskedHex(&data.protocol_data.user_data),
                                "SCCP message dropped"
                            );
                        }
                    }
                }
                AspEvent::StateChanged { from, to } => {
                    tracing::info!(%from, %to, "association state");
                    set_state(from, to);
                    state = to;
                }
                AspEvent::DecodeFailed(e) => {
                    shared.metrics.decode_error("m3ua");
                    tracing::debug!(error = %e, "M3UA message not decodable (ERR sent)");
                }
                AspEvent::ErrorReceived(e) => {
                    tracing::warn!(error = ?e, "M3UA ERR received");
                }
                other => tracing::debug!(event = ?other, "association event"),
            }
        }
        if state != AspState::Down {
            set_state(state, AspState::Down);
        }
        metrics
            .associations
            .get_or_create(&StateLabel { state: "down" })
            .dec();
    });
}

/// A call in progress in a worker.
struct Entry {
    call: Call,
    /// Next invoke id for the operations we send in this dialogue.
    next_invoke: i8,
}

/// One TCAP shard and the calls of its dialogues.
struct Worker {
    shared: Arc<Shared>,
    shard: Shard<Peer>,
    calls: HashMap<DialogueId, Entry>,
    /// Service timers (announcement timeout, maximum duration): (due, dialogue), lazily deleted.
    timers: BinaryHeap<std::cmp::Reverse<(Timestamp, DialogueId)>>,
    /// The per-message counter, looked up once.
    messages_out: prometheus_client::metrics::counter::Counter,
}

impl Worker {
    fn new(shared: Arc<Shared>, shard: Shard<Peer>) -> Self {
        let messages_out = shared
            .metrics
            .m3ua_messages
            .get_or_create(&crate::metrics::DirectionLabel { direction: "out" })
            .clone();
        Self {
            messages_out,
            shared,
            shard,
            calls: HashMap::new(),
            timers: BinaryHeap::new(),
        }
    }

    async fn run(mut self, mut rx: mpsc::Receiver<Inbound>, mut stop: watch::Receiver<bool>) {
        loop {
            let deadline = self.next_deadline();
            tokio::select! {
                _ = stop.changed() => return,
                m = rx.recv() => {
                    let Some(m) = m else { return };
                    self.handle(m);
                    // Take what else is queued before looking at timers again.
                    for _ in 0..256 {
                        match rx.try_recv() {
                            Ok(m) => self.handle(m),
                            Err(_) => break,
                        }
                    }
                }
                _ = sleep_until(deadline) => {
                    self.handle_timeouts();
                }
            }
        }
    }

    fn next_deadline(&mut self) -> Option<Instant> {
        let tsm = self.shard.poll_timeout();
        let service = self.timers.peek().map(|std::cmp::Reverse((due, _))| {
            let now = wall_now();
            Instant::now() + Duration::from_millis(due.0.saturating_sub(now.0))
        });
        match (tsm, service) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn handle_timeouts(&mut self) {
        let now = Instant::now();
        self.shard.handle_timeout(now);
        let wall = wall_now();
        while let Some(std::cmp::Reverse((due, dialogue))) = self.timers.peek().copied() {
            if due > wall {
                break;
            }
            self.timers.pop();
            let Some(entry) = self.calls.get_mut(&dialogue) else {
                continue;
            };
            match entry.call.poll_timeout() {
                Some(t) if t <= wall => {
                    let reply = entry.call.handle_timeout(wall);
                    self.apply(dialogue, reply, now);
                }
                Some(t) => self.timers.push(std::cmp::Reverse((t, dialogue))),
                None => {}
            }
        }
        self.drain();
    }

    fn handle(&mut self, m: Inbound) {
        let now = Instant::now();
        let queued = now.saturating_duration_since(m.received);
        self.shard.handle_message(now, m.peer, &m.tcap);
        self.drain_indications(now, queued, &m.tcap);
        self.drain();
    }

    fn drain_indications(&mut self, now: Instant, queued: Duration, raw: &Bytes) {
        while let Some(ind) = self.shard.poll_indication() {
            match ind {
                Indication::Begin {
                    dialogue,
                    peer,
                    components,
                    ..
                } => {
                    self.begin(dialogue, &peer, &components, now, queued);
                    self.shard.recycle(components);
                }
                Indication::Continue {
                    dialogue,
                    components,
                    ..
                } => {
                    self.operations(dialogue, &components, now, false);
                    self.shard.recycle(components);
                }
                Indication::End {
                    dialogue,
                    components,
                    ..
                } => {
                    self.operations(dialogue, &components, now, true);
                    self.shard.recycle(components);
                    self.finish(dialogue, EndKind::Ended);
                }
                Indication::UAbort { dialogue, .. } => {
                    self.count_abort("in", "user");
                    self.finish(dialogue, EndKind::Aborted);
                }
                Indication::PAbort { dialogue, cause } => {
                    let name = match cause {
                        tsm::ProviderAbort::IdleTimeout => "idle_timeout",
                        tsm::ProviderAbort::AbnormalDialogue => "abnormal_dialogue",
                        tsm::ProviderAbort::NoCommonDialoguePortion => "no_common_dialogue_portion",
                        tsm::ProviderAbort::Transaction(c) => c.name().unwrap_or("other"),
                    };
                    self.count_abort("in", name);
                    let how = if matches!(cause, tsm::ProviderAbort::IdleTimeout) {
                        EndKind::TimedOut
                    } else {
                        EndKind::Aborted
                    };
                    self.finish(dialogue, how);
                }
                Indication::LocalReject { problem, .. } => {
                    self.count_reject("out", problem);
                    self.shared.metrics.decode_error("tcap");
                    tracing::debug!(?problem, raw = %MaskedHex(raw), "component rejected");
                }
                Indication::Cancel { .. } => {}
                Indication::Unidirectional { components, .. } => {
                    self.shard.recycle(components);
                }
            }
        }
    }

    fn count_abort(&self, direction: &'static str, cause: &'static str) {
        self.shared
            .metrics
            .tcap_aborts
            .get_or_create(&AbortLabels { direction, cause })
            .inc();
    }

    fn count_reject(&self, direction: &'static str, problem: Problem) {
        let problem = problem_name(problem);
        self.shared
            .metrics
            .tcap_rejects
            .get_or_create(&RejectLabels { direction, problem })
            .inc();
    }

    /// A TC-BEGIN: the InitialDP (or an ActivityTest).
    fn begin(
        &mut self,
        dialogue: DialogueId,
        peer: &Peer,
        components: &[Component],
        now: Instant,
        queued: Duration,
    ) {
        let mut answer: Vec<Component> = Vec::new();
        let mut idp = None;
        for c in components {
            match c {
                Component::Invoke(inv) => match self.argument(inv, &mut answer) {
                    Some(Argument::InitialDp(arg)) if idp.is_none() => idp = Some(arg),
                    Some(_) => {
                        answer.push(reject(inv.invoke_id, InvokeProblem::UNRECOGNIZED_OPERATION))
                    }
                    None => {}
                },
                Component::Reject(r) => self.count_reject("in", r.problem),
                _ => {}
            }
        }
        let Some(idp) = idp else {
            // No InitialDP: answer what was asked (ActivityTest results, Rejects) and end.
            let _ = self.shard.end(now, dialogue, Termination::Basic, answer);
            self.shared.metrics.outcome(if components.is_empty() {
                "empty_begin"
            } else {
                "no_initial_dp"
            });
            return;
        };
        let call_id = self.shared.call_ids.fetch_add(1, Ordering::Relaxed);
        let ctx = CallContext {
            call_id,
            ssp: format!("pc:{}", peer.reply.dpc),
            trigger: None,
        };
        let in_flight = self.shared.in_flight.load(Ordering::Relaxed);
        let overload = &self.shared.service.config().overload;
        let admitted = !self.shared.draining.load(Ordering::Relaxed)
            && overload.admits(in_flight, queued.as_millis() as u64);
        let wall = wall_now();
        let (call, reply) = if admitted {
            let t = Instant::now();
            let r = self.shared.service.initial_dp(&idp, &ctx, wall);
            self.shared
                .metrics
                .store_lookup
                .observe(t.elapsed().as_secs_f64());
            r
        } else {
            let reason = if self.shared.draining.load(Ordering::Relaxed) {
                "shutting_down"
            } else if in_flight >= overload.max_in_flight as usize {
                "in_flight"
            } else {
                "queue_delay"
            };
            self.shared
                .metrics
                .overload
                .get_or_create(&ReasonLabel { reason })
                .inc();
            self.shared.metrics.call_gaps.inc();
            (None, self.shared.service.overload_reply(&idp, &ctx))
        };
        self.shared.metrics.outcome(reply.outcome.as_str());
        let continues = reply.dialogue == DialogueAction::Continue;
        let next_invoke = self.send_reply(dialogue, reply, answer, 1, now);
        self.shared
            .metrics
            .idp_answer
            .observe(now.elapsed().as_secs_f64() + queued.as_secs_f64());
        // The service gives a call exactly when the dialogue continues.
        if let Some(call) = call.filter(|_| continues) {
            if let Some(t) = call.poll_timeout() {
                self.timers.push(std::cmp::Reverse((t, dialogue)));
            }
            self.calls.insert(dialogue, Entry { call, next_invoke });
            self.shared.in_flight.fetch_add(1, Ordering::Relaxed);
            self.shared.metrics.in_flight.inc();
        }
    }

    /// An Invoke's argument, or `None` when the Invoke is answered here: an ActivityTest gets its
    /// result and an argument that does not decode a Reject (counted), both into `answer`.
    fn argument(&self, inv: &Invoke, answer: &mut Vec<Component>) -> Option<Argument> {
        match decode_invoke(inv) {
            Ok(Argument::ActivityTest) => {
                answer.push(activity_result(inv.invoke_id));
                None
            }
            Ok(arg) => Some(arg),
            Err(problem) => {
                self.shared.metrics.decode_error("inap");
                self.count_reject("out", Problem::Invoke(problem));
                answer.push(reject(inv.invoke_id, problem));
                None
            }
        }
    }

    /// Operations the switch sent later in a dialogue.
    fn operations(
        &mut self,
        dialogue: DialogueId,
        components: &[Component],
        now: Instant,
        ended: bool,
    ) {
        let wall = wall_now();
        let mut extra = Vec::new();
        for c in components {
            let Component::Invoke(inv) = c else {
                if let Component::Reject(r) = c {
                    self.count_reject("in", r.problem);
                }
                continue;
            };
            let Some(arg) = self.argument(inv, &mut extra) else {
                continue;
            };
            let Some(entry) = self.calls.get_mut(&dialogue) else {
                continue;
            };
            let reply = entry.call.on_operation(&arg, wall);
            if reply.outcome != crate::service::CallOutcome::Ignored {
                self.shared.metrics.outcome(reply.outcome.as_str());
            }
            if ended {
                // Nothing can be sent in an ended dialogue; keep the record.
                if let Some(rec) = reply.record {
                    self.record(rec);
                }
                continue;
            }
            let pending = std::mem::take(&mut extra);
            self.apply_with(dialogue, reply, pending, now);
        }
        if !extra.is_empty() && !ended {
            let _ = self.shard.continue_dialogue(now, dialogue, extra);
        }
    }

    /// Applies a later reply of a call.
    fn apply(&mut self, dialogue: DialogueId, reply: Reply, now: Instant) {
        self.apply_with(dialogue, reply, Vec::new(), now);
    }

    fn apply_with(
        &mut self,
        dialogue: DialogueId,
        reply: Reply,
        first: Vec<Component>,
        now: Instant,
    ) {
        let Some(entry) = self.calls.get_mut(&dialogue) else {
            return;
        };
        let next = entry.next_invoke;
        let ends = reply.dialogue == DialogueAction::End;
        let next = self.send_reply(dialogue, reply, first, next, now);
        if ends {
            if self.calls.remove(&dialogue).is_some() {
                self.shared.in_flight.fetch_sub(1, Ordering::Relaxed);
                self.shared.metrics.in_flight.dec();
            }
        } else if let Some(entry) = self.calls.get_mut(&dialogue) {
            entry.next_invoke = next;
            if let Some(t) = entry.call.poll_timeout() {
                self.timers.push(std::cmp::Reverse((t, dialogue)));
            }
        }
    }

    /// Sends a reply's operations (after `first`) in a Continue or an End; the next invoke id.
    fn send_reply(
        &mut self,
        dialogue: DialogueId,
        reply: Reply,
        mut components: Vec<Component>,
        mut invoke_id: i8,
        now: Instant,
    ) -> i8 {
        for op in &reply.operations {
            match op.to_invoke(invoke_id) {
                Some(inv) => components.push(Component::Invoke(inv)),
                None => {
                    tracing::error!(op = ?op.opcode(), "operation not encodable; not sent");
                    continue;
                }
            }
            invoke_id = invoke_id.wrapping_add(1);
            if invoke_id < 0 {
                invoke_id = 1;
            }
        }
        if let Some(rec) = reply.record {
            self.record(rec);
        }
        let r = match reply.dialogue {
            DialogueAction::End => self
                .shard
                .end(now, dialogue, Termination::Basic, components),
            DialogueAction::Continue if components.is_empty() => Ok(()),
            DialogueAction::Continue => self.shard.continue_dialogue(now, dialogue, components),
        };
        if let Err(e) = r {
            tracing::debug!(%dialogue, error = %e, "dialogue gone before the answer");
        }
        invoke_id
    }

    /// The dialogue ended without our TC-END.
    fn finish(&mut self, dialogue: DialogueId, how: EndKind) {
        if let Some(mut entry) = self.calls.remove(&dialogue) {
            self.shared.in_flight.fetch_sub(1, Ordering::Relaxed);
            self.shared.metrics.in_flight.dec();
            if let Some(rec) = entry.call.on_end(how, wall_now()) {
                self.record(rec);
            }
        }
    }

    fn record(&self, rec: store::CallRecord) {
        if self.shared.recorder.try_send(rec).is_err() {
            self.shared
                .metrics
                .store_errors
                .get_or_create(&crate::metrics::OpLabel {
                    op: "record_queue_full",
                })
                .inc();
        }
    }

    /// Sends what the shard has to send.
    fn drain(&mut self) {
        while let Some(t) = self.shard.poll_transmit() {
            if let tcap::Message::Abort(_) = &t.message {
                self.count_abort("out", "sent");
            }
            match t.peer.reply.wrap(t.message.to_bytes()) {
                Ok(data) => {
                    if t.peer.link.send_data_nowait(data) {
                        self.messages_out.inc();
                    }
                }
                Err(e) => tracing::warn!(error = %e, "answer not encodable in SCCP"),
            }
            self.shard.recycle(t.message.into_components());
        }
    }
}

async fn sleep_until(deadline: Option<Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(tokio::time::Instant::from_std(d)).await,
        None => std::future::pending().await,
    }
}

fn decode_invoke(inv: &Invoke) -> Result<Argument, InvokeProblem> {
    let Code::Local(code) = inv.op_code else {
        return Err(InvokeProblem::UNRECOGNIZED_OPERATION);
    };
    Argument::decode(Opcode(code), inv.parameter.as_ref().map(|p| p.as_bytes()))
        .map_err(|e| e.problem().into())
}

fn activity_result(invoke_id: i8) -> Component {
    Component::ReturnResultLast(ReturnResult {
        invoke_id,
        result: None,
    })
}

fn reject(invoke_id: i8, problem: InvokeProblem) -> Component {
    Component::Reject(Reject {
        invoke_id: Some(invoke_id),
        problem: Problem::Invoke(problem),
    })
}

fn problem_name(problem: Problem) -> &'static str {
    match problem {
        Problem::General(p) => p.name(),
        Problem::Invoke(p) => p.name(),
        Problem::ReturnResult(p) => p.name(),
        Problem::ReturnError(p) => p.name(),
    }
    .unwrap_or("other")
}
