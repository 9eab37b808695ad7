//! Two associations in memory: 100-octet messages through send → poll_transmit → handle →
//! poll_event (and the SACKs back). Reports messages per second.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use bytes::Bytes;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sctp::{AssociationConfig, AssociationHandle, Endpoint, EndpointConfig, Event, Ppid};

struct Pair {
    now: Instant,
    a: Endpoint,
    b: Endpoint,
    a_addr: SocketAddr,
    b_addr: SocketAddr,
    ha: AssociationHandle,
    buf: Vec<u8>,
}

fn endpoint(seed: u64, listen: &[u16]) -> Endpoint {
    let mut cfg = EndpointConfig::new([seed as u8; 32]);
    cfg.listen_ports = listen.to_vec();
    cfg.association = AssociationConfig {
        heartbeat_interval: None,
        ..AssociationConfig::default()
    };
    let mut x = seed | 1;
    Endpoint::new(cfg, move |d: &mut [u8]| {
        for o in d {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            *o = x as u8;
        }
    })
    .unwrap()
}

impl Pair {
    fn new() -> Self {
        let now = Instant::now();
        let mut a = endpoint(1, &[]);
        let b = endpoint(2, &[2905]);
        let a_addr: SocketAddr = "10.0.0.1:9899".parse().unwrap();
        let b_addr: SocketAddr = "10.0.0.2:9899".parse().unwrap();
        let cfg = AssociationConfig {
            heartbeat_interval: None,
            ..AssociationConfig::default()
        };
        let ha = a.connect(now, b_addr, 2905, 2905, cfg).unwrap();
        let mut p = Self {
            now,
            a,
            b,
            a_addr,
            b_addr,
            ha,
            buf: Vec::with_capacity(1500),
        };
        let (mut a_up, mut b_up) = (false, false);
        while !(a_up && b_up) {
            p.pump(
                &mut |e| a_up |= matches!(e, Event::Connected { .. }),
                &mut |e| b_up |= matches!(e, Event::Connected { .. }),
            );
        }
        p
    }

    /// Moves every pending packet both ways once; calls the event sinks.
    fn pump(&mut self, on_a: &mut dyn FnMut(Event), on_b: &mut dyn FnMut(Event)) -> bool {
        let mut moved = false;
        while self.a.poll_transmit_into(self.now, &mut self.buf).is_some() {
            self.b
                .handle(self.now, self.a_addr, Bytes::copy_from_slice(&self.buf));
            moved = true;
        }
        while let Some((_, e)) = self.b.poll_event() {
            on_b(e);
        }
        while self.b.poll_transmit_into(self.now, &mut self.buf).is_some() {
            self.a
                .handle(self.now, self.b_addr, Bytes::copy_from_slice(&self.buf));
            moved = true;
        }
        while let Some((_, e)) = self.a.poll_event() {
            on_a(e);
        }
        if !moved {
            // Let the delayed SACK fire.
            self.now += Duration::from_millis(1);
            if self.a.poll_timeout().is_some_and(|t| t <= self.now) {
                self.a.handle_timeout(self.now);
            }
            if self.b.poll_timeout().is_some_and(|t| t <= self.now) {
                self.b.handle_timeout(self.now);
            }
        }
        moved
    }

    /// Sends `n` 100-octet messages A → B and runs until B delivered them all.
    fn burst(&mut self, n: usize, msg: &Bytes) {
        let mut delivered = 0;
        let mut sent = 0;
        while delivered < n {
            while sent < n {
                match self
                    .a
                    .send(self.ha, (sent % 16) as u16, Ppid::M3UA, msg.clone(), false)
                {
                    Ok(()) => sent += 1,
                    Err(_) => break,
                }
            }
            self.pump(&mut |_| {}, &mut |e| {
                delivered += matches!(e, Event::Data { .. }) as usize
            });
        }
    }
}

fn assoc(c: &mut Criterion) {
    let mut g = c.benchmark_group("assoc");
    let msg = Bytes::from(vec![0x42u8; 100]);
    let n = 1000;
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function("one_way_100B_x1000", |b| {
        let mut p = Pair::new();
        b.iter(|| p.burst(n, &msg));
    });
    g.bench_function("echo_100B_x1000", |b| {
        // M3UA-like echo: every message B receives is sent back.
        let mut p = Pair::new();
        let hb = p.b.handles().next().unwrap();
        b.iter(|| {
            let mut back = 0;
            let mut sent = 0;
            let mut to_echo: Vec<(u16, Bytes)> = Vec::new();
            while back < n {
                while sent < n
                    && p.a
                        .send(p.ha, (sent % 16) as u16, Ppid::M3UA, msg.clone(), false)
                        .is_ok()
                {
                    sent += 1;
                }
                for (s, d) in to_echo.drain(..) {
                    p.b.send(hb, s, Ppid::M3UA, d, false).unwrap();
                }
                let mut echo = Vec::new();
                p.pump(
                    &mut |e| back += matches!(e, Event::Data { .. }) as usize,
                    &mut |e| {
                        if let Event::Data { stream, data, .. } = e {
                            echo.push((stream, data));
                        }
                    },
                );
                to_echo = echo;
            }
        });
    });
    g.finish();
}

criterion_group!(benches, assoc);
criterion_main!(benches);
