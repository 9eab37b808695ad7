//! The endpoint: demultiplexes packets to associations, answers INITs statelessly, handles out
//! of the blue packets (RFC 9260 §5.1, §8.4, §8.5).

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use bytes::Bytes;

use crate::association::{
    Association, AssociationHandle, CookieOutcome, Event, InitAnswer, Transmit, scan_params,
};
use crate::cause::{CauseCode, ErrorCause};
use crate::chunk::{Chunk, ChunkIter, ChunkType, Init, Ppid};
use crate::config::{AssociationConfig, EndpointConfig};
use crate::cookie::{Cookie, CookieError};
use crate::error::{ConfigError, ConnectError, SendError};
use crate::packet::{CommonHeader, finish_packet};
use crate::param::InitParam;

/// A source of random octets for verification tags, initial TSNs and heartbeat nonces
/// (RFC 9260 §5.3.1 wants tags that are hard to guess: give a CSPRNG in production). Any
/// `FnMut(&mut [u8])` is one.
pub trait RandomSource {
    /// Fills `dest` with random octets.
    fn fill(&mut self, dest: &mut [u8]);
}

impl<F: FnMut(&mut [u8])> RandomSource for F {
    fn fill(&mut self, dest: &mut [u8]) {
        self(dest)
    }
}

/// Endpoint-level counters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EndpointStats {
    /// Datagrams given to [`Endpoint::handle`].
    pub datagrams_in: u64,
    /// Dropped: too short, bad checksum, or malformed first chunk.
    pub malformed: u64,
    /// INIT ACKs sent.
    pub init_acks_out: u64,
    /// COOKIE ECHOs rejected for a bad MAC, tag or port.
    pub invalid_cookies: u64,
    /// Stale Cookie errors sent.
    pub stale_cookies: u64,
    /// Out-of-the-blue packets (§8.4).
    pub ootb: u64,
    /// Stateless replies sent (INIT ACK, ABORT, SHUTDOWN COMPLETE, ERROR).
    pub stateless_out: u64,
    /// Associations created (accepted or connected).
    pub associations: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct PeerKey {
    local_port: u16,
    peer_port: u16,
    peer_ip: IpAddr,
}

/// A sans-I/O SCTP endpoint: owns its associations, routes received packets to them by
/// (local port, peer port, peer address) and verification tag, and answers INIT without keeping
/// state (§5.1.3 State Cookie).
///
/// One endpoint sits behind one socket of the driver (a UDP socket for RFC 6951 encapsulation,
/// or a raw IPv4 socket for protocol 132). Call order:
///
/// 1. Feed every received datagram to [`handle`](Self::handle) (for raw IP: the SCTP packet
///    after the IP header; `remote` is the source IP with port 0).
/// 2. Drain [`poll_transmit`](Self::poll_transmit) (send each payload to its `remote`) and
///    [`poll_event`](Self::poll_event).
/// 3. Sleep until [`poll_timeout`](Self::poll_timeout) or the next datagram; on the timeout call
///    [`handle_timeout`](Self::handle_timeout), then go to 2.
///
/// User commands ([`connect`](Self::connect), [`send`](Self::send),
/// [`shutdown`](Self::shutdown), [`abort`](Self::abort)) are also followed by step 2.
///
/// With raw IP every protocol-132 socket on the host sees every SCTP packet (its own outgoing
/// ones too, on loopback): the driver should pass on only packets whose destination port is one
/// of its own (listening ports and the local ports it connected from), or the endpoint answers
/// other stacks' packets as out of the blue (§8.4) with ABORTs.
pub struct Endpoint {
    config: EndpointConfig,
    rng: Box<dyn RandomSource + Send>,
    associations: BTreeMap<u64, Association>,
    by_peer: HashMap<PeerKey, u64>,
    next_id: u64,
    /// Round-robin cursor for poll_transmit fairness.
    cursor: u64,
    stateless: VecDeque<Transmit>,
    epoch: Option<Instant>,
    stats: EndpointStats,
}

impl core::fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Endpoint")
            .field("associations", &self.associations.len())
            .field("stats", &self.stats)
            .finish_non_exhaustive()
    }
}

impl Endpoint {
    /// A new endpoint. `rng` supplies verification tags, initial TSNs and heartbeat nonces.
    pub fn new(
        config: EndpointConfig,
        rng: impl RandomSource + Send + 'static,
    ) -> Result<Self, ConfigError> {
        config.validate()?;
        Ok(Self {
            config,
            rng: Box::new(rng),
            associations: BTreeMap::new(),
            by_peer: HashMap::new(),
            next_id: 1,
            cursor: 0,
            stateless: VecDeque::new(),
            epoch: None,
            stats: EndpointStats::default(),
        })
    }

    /// The configuration.
    pub fn config(&self) -> &EndpointConfig {
        &self.config
    }

    /// Endpoint counters.
    pub fn stats(&self) -> EndpointStats {
        self.stats
    }

    /// Starts an association to `remote` (the peer's IP and, with UDP encapsulation, its UDP
    /// port; RFC 6951 §5.1 suggests 9899) from SCTP port `local_port` to SCTP port `peer_port`
    /// (§5.1 A: INIT sent, COOKIE-WAIT). [`Event::Connected`] follows when it is up.
    pub fn connect(
        &mut self,
        now: Instant,
        remote: SocketAddr,
        local_port: u16,
        peer_port: u16,
        config: AssociationConfig,
    ) -> Result<AssociationHandle, ConnectError> {
        config.validate()?;
        self.epoch.get_or_insert(now);
        let key = PeerKey {
            local_port,
            peer_port,
            peer_ip: remote.ip(),
        };
        if let Some(id) = self.by_peer.get(&key)
            && self.associations.get(id).is_some_and(|a| !a.is_closed())
        {
            return Err(ConnectError::AlreadyAssociated);
        }
        let tag = self.random_tag();
        let tsn = self.random_u32();
        let seed = self.random_u64();
        let assoc =
            Association::connect(now, config, remote, local_port, peer_port, tag, tsn, seed);
        Ok(self.insert(assoc))
    }

    /// The association behind `handle`, while it exists.
    pub fn association(&self, handle: AssociationHandle) -> Option<&Association> {
        self.associations.get(&handle.0)
    }

    /// The association behind `handle`, mutably (for [`Association::send`] and friends).
    pub fn association_mut(&mut self, handle: AssociationHandle) -> Option<&mut Association> {
        self.associations.get_mut(&handle.0)
    }

    /// Handles of the associations the endpoint holds.
    pub fn handles(&self) -> impl Iterator<Item = AssociationHandle> + '_ {
        self.associations.keys().map(|&id| AssociationHandle(id))
    }

    /// Sends a user message on an association ([`Association::send`]).
    pub fn send(
        &mut self,
        handle: AssociationHandle,
        stream: u16,
        ppid: Ppid,
        data: Bytes,
        unordered: bool,
    ) -> Result<(), SendError> {
        self.associations
            .get_mut(&handle.0)
            .ok_or(SendError::UnknownAssociation)?
            .send(stream, ppid, data, unordered)
    }

    /// Starts a graceful shutdown ([`Association::shutdown`]).
    pub fn shutdown(&mut self, now: Instant, handle: AssociationHandle) {
        if let Some(a) = self.associations.get_mut(&handle.0) {
            a.shutdown(now);
        }
    }

    /// Aborts an association ([`Association::abort`]).
    pub fn abort(&mut self, handle: AssociationHandle, reason: Option<Bytes>) {
        if let Some(a) = self.associations.get_mut(&handle.0) {
            a.abort(reason);
        }
    }

    /// Takes one received datagram: an SCTP packet from `remote`.
    pub fn handle(&mut self, now: Instant, remote: SocketAddr, datagram: Bytes) {
        let epoch = *self.epoch.get_or_insert(now);
        self.stats.datagrams_in += 1;
        let Ok((header, chunks)) = CommonHeader::parse(&datagram) else {
            // RFC 9260 §6.8: bad checksum or runt: discard silently.
            self.stats.malformed += 1;
            return;
        };
        let key = PeerKey {
            local_port: header.destination_port,
            peer_port: header.source_port,
            peer_ip: remote.ip(),
        };
        let id = self.by_peer.get(&key).copied();
        match chunks.peek_type() {
            None => {}
            Some(ChunkType::INIT) => self.handle_init(now, epoch, remote, header, chunks, id),
            Some(ChunkType::COOKIE_ECHO) => {
                self.handle_cookie_echo(now, epoch, remote, header, chunks, id)
            }
            Some(_) => {
                // A multi-homed peer may answer from an address it has not told us yet (an INIT
                // ACK from another interface): fall back to matching ports and our tag.
                let id = id.or_else(|| self.find_by_tag(&header));
                match id.and_then(|id| self.associations.get_mut(&id).map(|a| (id, a))) {
                    Some((id, a)) => {
                        a.handle_chunks(now, remote, header.verification_tag, chunks);
                        self.reindex(id);
                    }
                    None => self.handle_ootb(remote, header, chunks),
                }
            }
        }
    }

    /// Runs every association's expired timers.
    pub fn handle_timeout(&mut self, now: Instant) {
        for a in self.associations.values_mut() {
            if a.poll_timeout().is_some_and(|t| t <= now) {
                a.handle_timeout(now);
            }
        }
    }

    /// The earliest timer of any association.
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.associations
            .values()
            .filter_map(Association::poll_timeout)
            .min()
    }

    /// The next event of any association.
    pub fn poll_event(&mut self) -> Option<(AssociationHandle, Event)> {
        let mut found = None;
        for (&id, a) in self.associations.iter_mut() {
            if let Some(ev) = a.poll_event() {
                found = Some((id, ev));
                break;
            }
        }
        let (id, ev) = found?;
        self.reap(id);
        Some((AssociationHandle(id), ev))
    }

    /// The next packet to send: stateless replies first, then the associations in turn.
    pub fn poll_transmit(&mut self, now: Instant) -> Option<Transmit> {
        if let Some(t) = self.stateless.pop_front() {
            return Some(t);
        }
        let mut payload = Vec::new();
        let remote = self.poll_transmit_into(now, &mut payload)?;
        Some(Transmit { remote, payload })
    }

    /// Like [`poll_transmit`](Self::poll_transmit), writing into a reused buffer (cleared
    /// first). Returns the destination.
    pub fn poll_transmit_into(&mut self, now: Instant, buf: &mut Vec<u8>) -> Option<SocketAddr> {
        buf.clear();
        if let Some(t) = self.stateless.pop_front() {
            buf.extend_from_slice(&t.payload);
            return Some(t.remote);
        }
        // Round robin from the association after the last one served; no allocation.
        let mut key = self.cursor;
        for _ in 0..self.associations.len() {
            let next = self
                .associations
                .range(key + 1..)
                .next()
                .or_else(|| self.associations.iter().next())
                .map(|(&k, _)| k)?;
            key = next;
            let a = self.associations.get_mut(&key)?;
            if let Some(remote) = a.poll_transmit_into(now, buf) {
                self.cursor = key;
                return Some(remote);
            }
            self.reap(key);
        }
        None
    }

    // ---- Internals ----

    fn random_u32(&mut self) -> u32 {
        let mut b = [0; 4];
        self.rng.fill(&mut b);
        u32::from_be_bytes(b)
    }

    fn random_u64(&mut self) -> u64 {
        let mut b = [0; 8];
        self.rng.fill(&mut b);
        u64::from_be_bytes(b)
    }

    /// A verification tag: random and never 0 (§5.3.1).
    fn random_tag(&mut self) -> u32 {
        loop {
            let t = self.random_u32();
            if t != 0 {
                return t;
            }
        }
    }

    fn insert(&mut self, assoc: Association) -> AssociationHandle {
        let id = self.next_id;
        self.next_id += 1;
        self.stats.associations += 1;
        self.associations.insert(id, assoc);
        self.reindex_always(id);
        AssociationHandle(id)
    }

    fn reindex(&mut self, id: u64) {
        if self
            .associations
            .get(&id)
            .is_some_and(|a| a.addresses_dirty)
        {
            self.reindex_always(id);
        }
    }

    /// Routes every peer address of the association to it (a multi-homed peer may send from
    /// any of them).
    fn reindex_always(&mut self, id: u64) {
        let Some(a) = self.associations.get_mut(&id) else {
            return;
        };
        a.addresses_dirty = false;
        let (local_port, peer_port) = a.ports();
        for &peer_ip in a.peer_addresses() {
            self.by_peer.insert(
                PeerKey {
                    local_port,
                    peer_port,
                    peer_ip,
                },
                id,
            );
        }
    }

    /// The association whose ports and local verification tag match the packet (tag 0 never
    /// matches). Linear, and only used when the address lookup failed.
    fn find_by_tag(&self, header: &CommonHeader) -> Option<u64> {
        if header.verification_tag == 0 {
            return None;
        }
        self.associations.iter().find_map(|(&id, a)| {
            (a.ports() == (header.destination_port, header.source_port)
                && a.tags().0 == header.verification_tag
                && !a.is_closed())
            .then_some(id)
        })
    }

    /// Forgets an association that is closed and has nothing left to say.
    fn reap(&mut self, id: u64) {
        if !self
            .associations
            .get(&id)
            .is_some_and(Association::is_drained)
        {
            return;
        }
        self.associations.remove(&id);
        self.by_peer.retain(|_, v| *v != id);
    }

    fn queue_stateless(&mut self, remote: SocketAddr, header: CommonHeader, chunk: Chunk) {
        let mut payload = Vec::with_capacity(12 + chunk.encoded_len());
        header.encode(&mut payload);
        if chunk.encode(&mut payload).is_err() {
            return;
        }
        finish_packet(&mut payload);
        self.stats.stateless_out += 1;
        self.stateless.push_back(Transmit { remote, payload });
    }

    fn reply_header(header: &CommonHeader, verification_tag: u32) -> CommonHeader {
        CommonHeader {
            source_port: header.destination_port,
            destination_port: header.source_port,
            verification_tag,
        }
    }

    fn handle_init(
        &mut self,
        now: Instant,
        epoch: Instant,
        remote: SocketAddr,
        header: CommonHeader,
        mut chunks: ChunkIter,
        id: Option<u64>,
    ) {
        // §8.5.1 A: a packet with INIT carries tag 0; INIT is alone in its packet (§6.10:
        // further chunks are ignored).
        if header.verification_tag != 0 {
            return;
        }
        let Some(Ok((Chunk::Init(init), _))) = chunks.next() else {
            self.stats.malformed += 1;
            return;
        };
        // §3.3.2: an Initiate Tag of 0 means silent discard.
        if init.initiate_tag == 0 {
            return;
        }
        let abort = |causes| Chunk::Abort {
            t_bit: false,
            causes,
        };
        let reply = Self::reply_header(&header, init.initiate_tag);
        // §3.3.2: zero inbound or outbound streams: ABORT (tag = the INIT's Initiate Tag, §8.4).
        if init.outbound_streams == 0 || init.inbound_streams == 0 {
            let cause = ErrorCause::bare(CauseCode::INVALID_MANDATORY_PARAMETER);
            self.queue_stateless(remote, reply, abort(vec![cause]));
            return;
        }
        // §5.1.2: a Host Name Address cannot be resolved here: ABORT with Unresolvable Address.
        if let Some(InitParam::HostNameAddress(name)) = init
            .params
            .iter()
            .find(|p| matches!(p, InitParam::HostNameAddress(_)))
        {
            let mut tlv = Vec::new();
            if InitParam::HostNameAddress(name.clone())
                .encode(&mut tlv)
                .is_ok()
            {
                let cause = ErrorCause {
                    code: CauseCode::UNRESOLVABLE_ADDRESS,
                    info: tlv.into(),
                };
                self.queue_stateless(remote, reply, abort(vec![cause]));
            }
            return;
        }
        let existing = id.and_then(|id| self.associations.get_mut(&id));
        let (answer, config) = match existing {
            Some(a) => (a.init_answer(), a.config().clone()),
            None => (InitAnswer::New, self.config.association.clone()),
        };
        let (tag, ties) = match answer {
            InitAnswer::Discard => return,
            InitAnswer::New => {
                if !self.config.listen_ports.contains(&header.destination_port) {
                    // §8.4 rule 3: nobody listens: ABORT with the INIT's tag, T bit clear.
                    self.stats.ootb += 1;
                    self.queue_stateless(remote, reply, abort(Vec::new()));
                    return;
                }
                (None, (0, 0))
            }
            InitAnswer::InitAck {
                tag,
                local_tie_tag,
                peer_tie_tag,
            } => (tag, (local_tie_tag, peer_tie_tag)),
        };
        let (local_tag, local_tsn) = match tag {
            Some(t) => t,
            None => (self.random_tag(), self.random_u32()),
        };
        let (addresses, unrecognized) = scan_params(&init.params, remote.ip());
        // §5.1.3: the cookie's life, extended by a Cookie Preservative (bounded to an hour).
        let preserve = init
            .params
            .iter()
            .find_map(|p| match p {
                InitParam::CookiePreservative(ms) => Some(Duration::from_millis(u64::from(*ms))),
                _ => None,
            })
            .unwrap_or_default()
            .min(Duration::from_secs(3600));
        let life = self.config.valid_cookie_life + preserve;
        let cookie = Cookie {
            created_ms: now.saturating_duration_since(epoch).as_millis() as u64,
            life_ms: life.as_millis().min(u128::from(u32::MAX)) as u32,
            local_tag,
            peer_tag: init.initiate_tag,
            local_initial_tsn: local_tsn,
            peer_initial_tsn: init.initial_tsn,
            peer_rwnd: init.a_rwnd,
            outbound_streams: config.outbound_streams.min(init.inbound_streams),
            inbound_streams: config.max_inbound_streams.min(init.outbound_streams),
            local_port: header.destination_port,
            peer_port: header.source_port,
            local_tie_tag: ties.0,
            peer_tie_tag: ties.1,
            peer_addresses: addresses,
        };
        let mut params = vec![InitParam::StateCookie(
            cookie.sign(&self.config.cookie_secret),
        )];
        // §3.3.3.1: each unrecognized parameter reported in its own Unrecognized Parameter.
        params.extend(
            unrecognized
                .into_iter()
                .map(InitParam::UnrecognizedParameter),
        );
        let init_ack = Init {
            initiate_tag: local_tag,
            a_rwnd: config.receive_window,
            outbound_streams: config.outbound_streams,
            inbound_streams: config.max_inbound_streams,
            initial_tsn: local_tsn,
            params,
        };
        self.stats.init_acks_out += 1;
        self.queue_stateless(remote, reply, Chunk::InitAck(init_ack));
    }

    fn handle_cookie_echo(
        &mut self,
        now: Instant,
        epoch: Instant,
        remote: SocketAddr,
        header: CommonHeader,
        mut chunks: ChunkIter,
        id: Option<u64>,
    ) {
        let Some(Ok((Chunk::CookieEcho { cookie }, _))) = chunks.next() else {
            self.stats.malformed += 1;
            return;
        };
        let now_ms = now.saturating_duration_since(epoch).as_millis() as u64;
        let c = match Cookie::verify(&self.config.cookie_secret, &cookie, now_ms) {
            Ok(c) => c,
            Err(CookieError::Invalid) => {
                // §5.1.5 step 1: a cookie that fails its MAC is discarded silently.
                self.stats.invalid_cookies += 1;
                return;
            }
            Err(CookieError::Stale {
                staleness_us,
                peer_tag,
            }) => {
                // §5.1.5 step 3: ERROR with Stale Cookie, tag = the peer's.
                self.stats.stale_cookies += 1;
                let reply = Self::reply_header(&header, peer_tag);
                let error = Chunk::Error {
                    causes: vec![ErrorCause::stale_cookie(staleness_us)],
                };
                self.queue_stateless(remote, reply, error);
                return;
            }
        };
        // §8.5.1 D: the packet's tag must be the one the cookie was made for; ports likewise.
        if header.verification_tag != c.local_tag
            || header.destination_port != c.local_port
            || header.source_port != c.peer_port
        {
            self.stats.invalid_cookies += 1;
            return;
        }
        let existing = id.filter(|id| self.associations.get(id).is_some_and(|a| !a.is_closed()));
        let id = match existing {
            Some(id) => {
                let Some(a) = self.associations.get_mut(&id) else {
                    return;
                };
                if a.handle_cookie_echo(now, &c) == CookieOutcome::Discarded {
                    return;
                }
                id
            }
            None => {
                if !self.config.listen_ports.contains(&c.local_port) {
                    return;
                }
                if let Some(old) = id {
                    self.associations.remove(&old);
                    self.by_peer.retain(|_, v| *v != old);
                }
                let seed = self.random_u64();
                let assoc =
                    Association::accept(now, self.config.association.clone(), remote, &c, seed);
                self.insert(assoc).0
            }
        };
        if let Some(a) = self.associations.get_mut(&id) {
            if !chunks.is_empty() {
                a.handle_chunks(now, remote, header.verification_tag, chunks);
            }
            self.reindex(id);
        }
    }

    /// Out of the blue packets (§8.4).
    fn handle_ootb(&mut self, remote: SocketAddr, header: CommonHeader, chunks: ChunkIter) {
        self.stats.ootb += 1;
        let mut reply = None;
        for item in chunks {
            let Ok((chunk, _)) = item else { return };
            match chunk {
                // Rule 2: an ABORT is never answered. Rule 6: nor a SHUTDOWN COMPLETE.
                // Rule 7: COOKIE ACK and ERROR may be ignored.
                Chunk::Abort { .. }
                | Chunk::ShutdownComplete { .. }
                | Chunk::CookieAck
                | Chunk::Error { .. } => return,
                // Rule 5: SHUTDOWN ACK → SHUTDOWN COMPLETE with the T bit.
                Chunk::ShutdownAck => {
                    reply.get_or_insert(Chunk::ShutdownComplete { t_bit: true });
                }
                // Rule 8: anything else → ABORT with the T bit.
                _ => {
                    reply.get_or_insert(Chunk::Abort {
                        t_bit: true,
                        causes: Vec::new(),
                    });
                }
            }
        }
        if let Some(chunk) = reply {
            // The T bit says: this tag is the one the packet carried.
            let reply_header = Self::reply_header(&header, header.verification_tag);
            self.queue_stateless(remote, reply_header, chunk);
        }
    }
}
