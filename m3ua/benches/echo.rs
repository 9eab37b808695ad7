//! The transports' echo ceiling: M3UA DATA messages sent through a transport on loopback and
//! echoed back by the other side, with up to 64 in flight per association; one association,
//! and four in parallel. What the SCP can ever do over a transport is bounded by this.
//!
//! `cargo bench -p m3ua --features transport --bench echo` (raw IPv4 needs root; kernel SCTP
//! runs only where the kernel has it).

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use bytes::Bytes;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use m3ua::transport::{self, Connection, Event, TransportConfig, TransportKind};
use m3ua::{Data, Message, ProtocolData};

const WINDOW: u64 = 64;

fn config(kind: TransportKind, udp: u16) -> TransportConfig {
    TransportConfig {
        kind,
        local: vec![SocketAddr::from(([127, 0, 0, 1], 0))],
        udp_encapsulation_port: udp,
        ..TransportConfig::default()
    }
}

/// A 112-octet DATA message, the size of the reference InitialDP.
fn message() -> Bytes {
    Message::Data(Data {
        routing_context: Some(2),
        protocol_data: ProtocolData {
            opc: 3,
            dpc: 2,
            si: 3,
            ni: 2,
            mp: 0,
            sls: 5,
            user_data: Bytes::from(vec![0x5a; 84]),
        },
        ..Data::default()
    })
    .to_bytes()
    .expect("DATA encodes")
}

/// `n` client connections, each with a server side that echoes everything back.
async fn pairs(kind: TransportKind, n: usize, udp: u16) -> Vec<Connection> {
    let mut listener = transport::listen(&config(kind, udp)).await.expect("listen");
    let addr = listener.local_addrs()[0];
    let mut clients = Vec::new();
    for _ in 0..n {
        let connecting = tokio::spawn({
            let c = config(kind, udp);
            async move { transport::connect(&c, &[addr]).await }
        });
        let server = listener.accept().await.expect("accept");
        tokio::spawn(async move {
            let (tx, mut rx) = server.split();
            while let Some(Event::Message { stream, message }) = rx.recv().await {
                if tx.send(stream, message).await.is_err() {
                    break;
                }
            }
        });
        clients.push(connecting.await.expect("task").expect("connect"));
    }
    // Keep the listener's endpoint alive as long as the connections.
    std::mem::forget(listener);
    clients
}

/// Sends `count` messages with at most WINDOW in flight and waits for every echo.
async fn echo(conn: &mut Connection, count: u64, msg: &Bytes) {
    let (mut sent, mut received) = (0u64, 0u64);
    while received < count {
        while sent < count && sent - received < WINDOW {
            conn.send(1 + (sent % 8) as u16, msg.clone())
                .await
                .expect("send");
            sent += 1;
        }
        match conn.recv().await {
            Some(Event::Message { .. }) => received += 1,
            other => panic!("unexpected {other:?}"),
        }
    }
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let msg = message();
    let raw_ok = socket2::Socket::new(
        socket2::Domain::IPV4,
        socket2::Type::RAW,
        Some(socket2::Protocol::from(132)),
    )
    .is_ok();
    let mut kinds = vec![TransportKind::Tcp, TransportKind::UserSctpUdp];
    if raw_ok {
        kinds.push(TransportKind::UserSctpRawIp);
    }
    if transport::kernel_sctp_available() {
        kinds.push(TransportKind::KernelSctp);
    }
    let mut g = c.benchmark_group("echo");
    g.throughput(Throughput::Elements(1));
    g.measurement_time(Duration::from_secs(5));
    for (i, kind) in kinds.into_iter().enumerate() {
        for n in [1usize, 4] {
            let udp = 30_000 + (std::process::id() % 10_000) as u16 + (i * 10 + n) as u16;
            let mut conns = rt.block_on(pairs(kind, n, udp));
            g.bench_function(format!("{kind}/{n}"), |b| {
                b.iter_custom(|iters| {
                    let per = iters.div_ceil(n as u64);
                    rt.block_on(async {
                        let start = Instant::now();
                        let tasks: Vec<_> = conns
                            .drain(..)
                            .map(|mut conn| {
                                let msg = msg.clone();
                                tokio::spawn(async move {
                                    echo(&mut conn, per, &msg).await;
                                    conn
                                })
                            })
                            .collect();
                        for t in tasks {
                            conns.push(t.await.expect("echo task"));
                        }
                        start.elapsed()
                    })
                })
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
