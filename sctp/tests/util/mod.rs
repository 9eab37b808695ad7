//! A deterministic pair simulator (quinn `tests/util.rs` style): two endpoints wired in memory
//! on a virtual clock, with seeded loss, duplication, reordering and targeted drops.
#![allow(dead_code, unreachable_pub)]

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use bytes::Bytes;
use sctp::{AssociationConfig, AssociationHandle, Chunk, Endpoint, EndpointConfig, Event, Packet};

/// A small deterministic PRNG (xorshift64*).
#[derive(Clone)]
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn chance(&mut self, p: f64) -> bool {
        p > 0.0 && (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    pub fn fill(&mut self, dest: &mut [u8]) {
        for b in dest {
            *b = self.next_u64() as u8;
        }
    }
}

pub fn endpoint(seed: u64, listen: &[u16], assoc: AssociationConfig) -> Endpoint {
    let mut config = EndpointConfig::new([seed as u8; 32]);
    config.listen_ports = listen.to_vec();
    config.association = assoc;
    let mut rng = Rng(seed | 1);
    Endpoint::new(config, move |d: &mut [u8]| rng.fill(d)).unwrap()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    ClientToServer,
    ServerToClient,
}

pub struct Side {
    pub ep: Endpoint,
    pub addr: SocketAddr,
    pub events: Vec<(AssociationHandle, Event)>,
}

struct InFlight {
    at: Instant,
    seq: u64,
    dir: Dir,
    from: SocketAddr,
    payload: Vec<u8>,
}

/// A filter deciding whether to drop a packet: (direction, decoded packet, index of the packet
/// in that direction) → drop?
pub type DropFilter = Box<dyn FnMut(Dir, &Packet, u64) -> bool>;

pub struct Pair {
    pub now: Instant,
    pub start: Instant,
    pub client: Side,
    pub server: Side,
    pub rng: Rng,
    pub loss: f64,
    pub duplicate: f64,
    pub reorder: f64,
    pub delay: Duration,
    pub filter: Option<DropFilter>,
    /// Every packet put on the wire, decoded (direction, packet).
    pub log: Vec<(Dir, Packet)>,
    sent_count: [u64; 2],
    net: Vec<InFlight>,
    seq: u64,
}

pub const CLIENT_ADDR: &str = "10.0.0.1:9899";
pub const SERVER_ADDR: &str = "10.0.0.2:9899";
pub const CLIENT_PORT: u16 = 2905;
pub const SERVER_PORT: u16 = 2905;

pub fn carrier_config() -> AssociationConfig {
    AssociationConfig {
        rto_initial: Duration::from_millis(200),
        rto_min: Duration::from_millis(100),
        rto_max: Duration::from_secs(1),
        ..AssociationConfig::default()
    }
}

impl Pair {
    pub fn new(seed: u64, client_cfg: AssociationConfig, server_cfg: AssociationConfig) -> Self {
        let now = Instant::now();
        Self {
            now,
            start: now,
            client: Side {
                ep: endpoint(seed.wrapping_mul(3), &[], client_cfg),
                addr: CLIENT_ADDR.parse().unwrap(),
                events: Vec::new(),
            },
            server: Side {
                ep: endpoint(seed.wrapping_mul(7), &[SERVER_PORT], server_cfg),
                addr: SERVER_ADDR.parse().unwrap(),
                events: Vec::new(),
            },
            rng: Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1),
            loss: 0.0,
            duplicate: 0.0,
            reorder: 0.0,
            delay: Duration::from_millis(10),
            filter: None,
            log: Vec::new(),
            sent_count: [0; 2],
            net: Vec::new(),
            seq: 0,
        }
    }

    pub fn default_pair(seed: u64) -> Self {
        Self::new(seed, carrier_config(), carrier_config())
    }

    pub fn connect(&mut self) -> AssociationHandle {
        let server = self.server.addr;
        self.client
            .ep
            .connect(self.now, server, CLIENT_PORT, SERVER_PORT, carrier_config())
            .unwrap()
    }

    pub fn connect_with(&mut self, cfg: AssociationConfig) -> AssociationHandle {
        let server = self.server.addr;
        self.client
            .ep
            .connect(self.now, server, CLIENT_PORT, SERVER_PORT, cfg)
            .unwrap()
    }

    /// Connects and runs until both sides report Connected; returns (client, server) handles.
    pub fn established(&mut self) -> (AssociationHandle, AssociationHandle) {
        let c = self.connect();
        assert!(self.run_until(Duration::from_secs(10), |p| {
            p.server
                .events
                .iter()
                .any(|(_, e)| matches!(e, Event::Connected { .. }))
                && p.client
                    .events
                    .iter()
                    .any(|(_, e)| matches!(e, Event::Connected { .. }))
        }));
        let s = self
            .server
            .events
            .iter()
            .find(|(_, e)| matches!(e, Event::Connected { .. }))
            .map(|(h, _)| *h)
            .unwrap();
        (c, s)
    }

    fn side(&mut self, dir: Dir) -> (&mut Side, SocketAddr) {
        match dir {
            Dir::ClientToServer => (&mut self.server, self.client.addr),
            Dir::ServerToClient => (&mut self.client, self.server.addr),
        }
    }

    /// One round: transmit everything, deliver what is due, collect events. Returns whether
    /// anything happened.
    pub fn step(&mut self) -> bool {
        let mut progress = false;
        for dir in [Dir::ClientToServer, Dir::ServerToClient] {
            loop {
                let now = self.now;
                let side = match dir {
                    Dir::ClientToServer => &mut self.client,
                    Dir::ServerToClient => &mut self.server,
                };
                let Some(t) = side.ep.poll_transmit(now) else {
                    break;
                };
                progress = true;
                let from = side.addr;
                self.put_on_wire(dir, from, t.payload);
            }
        }
        let now = self.now;
        let mut due: Vec<InFlight> = Vec::new();
        let mut i = 0;
        while i < self.net.len() {
            if self.net[i].at <= now {
                due.push(self.net.swap_remove(i));
            } else {
                i += 1;
            }
        }
        due.sort_by_key(|p| (p.at, p.seq));
        for p in due {
            progress = true;
            let (side, _) = self.side(p.dir);
            side.ep.handle(now, p.from, Bytes::from(p.payload));
        }
        for side in [&mut self.client, &mut self.server] {
            while let Some(ev) = side.ep.poll_event() {
                progress = true;
                side.events.push(ev);
            }
        }
        progress
    }

    fn put_on_wire(&mut self, dir: Dir, from: SocketAddr, payload: Vec<u8>) {
        let packet = Packet::decode(Bytes::from(payload.clone())).expect("we send valid packets");
        let idx = self.sent_count[dir as usize];
        self.sent_count[dir as usize] += 1;
        self.log.push((dir, packet.clone()));
        if let Some(f) = &mut self.filter
            && f(dir, &packet, idx)
        {
            return;
        }
        if self.rng.chance(self.loss) {
            return;
        }
        let copies = if self.rng.chance(self.duplicate) {
            2
        } else {
            1
        };
        for _ in 0..copies {
            let extra = if self.rng.chance(self.reorder) {
                Duration::from_millis(self.rng.next_u64() % 30)
            } else {
                Duration::ZERO
            };
            self.seq += 1;
            self.net.push(InFlight {
                at: self.now + self.delay + extra,
                seq: self.seq,
                dir,
                from,
                payload: payload.clone(),
            });
        }
    }

    /// Injects a raw datagram as if it came from `from` towards the server.
    pub fn inject_to_server(&mut self, from: SocketAddr, payload: Vec<u8>) {
        self.server.ep.handle(self.now, from, Bytes::from(payload));
    }

    /// Advances the clock to the next delivery or timer.
    pub fn advance(&mut self) -> bool {
        let next_net = self.net.iter().map(|p| p.at).min();
        let next_timer = [self.client.ep.poll_timeout(), self.server.ep.poll_timeout()]
            .into_iter()
            .flatten()
            .min();
        let Some(next) = [next_net, next_timer].into_iter().flatten().min() else {
            return false;
        };
        if next > self.now {
            self.now = next;
        }
        let now = self.now;
        self.client.ep.handle_timeout(now);
        self.server.ep.handle_timeout(now);
        true
    }

    /// Runs until `done` holds or `limit` of virtual time passes. Returns whether `done` held.
    pub fn run_until(&mut self, limit: Duration, mut done: impl FnMut(&Self) -> bool) -> bool {
        let end = self.now + limit;
        loop {
            while self.step() {
                if done(self) {
                    return true;
                }
            }
            if done(self) {
                return true;
            }
            if !self.advance() || self.now > end {
                return done(self);
            }
        }
    }

    /// Runs for `d` of virtual time.
    pub fn run_for(&mut self, d: Duration) {
        let end = self.now + d;
        loop {
            while self.step() {}
            let next_net = self.net.iter().map(|p| p.at).min();
            let next_timer = [self.client.ep.poll_timeout(), self.server.ep.poll_timeout()]
                .into_iter()
                .flatten()
                .min();
            match [next_net, next_timer].into_iter().flatten().min() {
                Some(t) if t <= end => {
                    self.now = self.now.max(t);
                    let now = self.now;
                    self.client.ep.handle_timeout(now);
                    self.server.ep.handle_timeout(now);
                }
                _ => {
                    self.now = end;
                    return;
                }
            }
        }
    }

    pub fn data_events(events: &[(AssociationHandle, Event)]) -> Vec<(u16, u32, bool, Bytes)> {
        events
            .iter()
            .filter_map(|(_, e)| match e {
                Event::Data {
                    stream,
                    ppid,
                    unordered,
                    data,
                } => Some((*stream, ppid.0, *unordered, data.clone())),
                _ => None,
            })
            .collect()
    }

    pub fn closed(events: &[(AssociationHandle, Event)]) -> Option<sctp::CloseReason> {
        events.iter().find_map(|(_, e)| match e {
            Event::Closed { reason } => Some(reason.clone()),
            _ => None,
        })
    }

    pub fn count_chunks(&self, dir: Dir, f: impl Fn(&Chunk) -> bool) -> usize {
        self.log
            .iter()
            .filter(|(d, _)| *d == dir)
            .flat_map(|(_, p)| p.chunks.iter())
            .filter(|c| f(c))
            .count()
    }
}
