//! Interop with Debian's usrsctp example programs (package `libusrsctp-examples`) over UDP
//! encapsulation (RFC 6951) on loopback, driven by a tiny blocking `std::net::UdpSocket` driver.
//!
//! - `echo_server [local_encaps_port] [remote_encaps_port]` listens on SCTP port 7 and echoes.
//! - `client remote_addr remote_port [local_port] [local_encaps_port] [remote_encaps_port]` sends
//!   each stdin line as a message (PPID 0, stream 0), prints what it receives, shuts down at EOF
//!   and exits on SHUTDOWN COMPLETE or COMMUNICATION LOST.
//!
//! Without /usr/lib/usrsctp these tests fail when `CI` is set and are skipped (with a message)
//! otherwise.

mod util;

use std::io::{Read, Write};
use std::net::{SocketAddr, UdpSocket};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use bytes::Bytes;
use sctp::{
    AssociationConfig, AssociationHandle, CloseReason, Endpoint, EndpointConfig, Event, Ppid,
};

const USRSCTP: &str = "/usr/lib/usrsctp";

/// The tests pick free UDP ports for usrsctp by binding and releasing them; run one at a time
/// so that no other test's ephemeral socket takes such a port in between.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

fn have_usrsctp() -> bool {
    if Path::new(USRSCTP).join("echo_server").exists() {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!("{USRSCTP} missing: install libusrsctp-examples (required when CI is set)");
    }
    eprintln!("skipping: {USRSCTP} missing (apt-get install libusrsctp-examples)");
    false
}

/// Kills the child process on drop.
struct Proc(Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_udp_port() -> u16 {
    UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn config() -> AssociationConfig {
    AssociationConfig {
        rto_initial: Duration::from_millis(200),
        rto_min: Duration::from_millis(100),
        rto_max: Duration::from_secs(1),
        ..AssociationConfig::default()
    }
}

/// A blocking driver: one UDP socket, one endpoint.
struct Driver {
    sock: UdpSocket,
    ep: Endpoint,
    events: Vec<(AssociationHandle, Event)>,
    buf: Vec<u8>,
    /// Probability of dropping each datagram, in either direction (seeded).
    loss: f64,
    rng: util::Rng,
    dropped: u64,
}

impl Driver {
    fn new(listen: &[u16]) -> Self {
        let sock = UdpSocket::bind("127.0.0.1:0").unwrap();
        let mut cfg = EndpointConfig::new([0x5a; 32]);
        cfg.listen_ports = listen.to_vec();
        cfg.association = config();
        let mut rng = util::Rng(0x1234_5678_9abc_def1 ^ u64::from(std::process::id()));
        let ep = Endpoint::new(cfg, move |d: &mut [u8]| rng.fill(d)).unwrap();
        Self {
            sock,
            ep,
            events: Vec::new(),
            buf: Vec::new(),
            loss: 0.0,
            rng: util::Rng(0x5eed),
            dropped: 0,
        }
    }

    fn lose(&mut self) -> bool {
        let lost = self.rng.chance(self.loss);
        self.dropped += u64::from(lost);
        lost
    }

    fn port(&self) -> u16 {
        self.sock.local_addr().unwrap().port()
    }

    fn flush(&mut self) {
        let now = Instant::now();
        while let Some(to) = self.ep.poll_transmit_into(now, &mut self.buf) {
            if !self.lose() {
                self.sock.send_to(&self.buf, to).unwrap();
            }
        }
        while let Some(ev) = self.ep.poll_event() {
            self.events.push(ev);
        }
    }

    /// Runs the endpoint until `done` or `limit`.
    fn run_until(&mut self, limit: Duration, mut done: impl FnMut(&mut Self) -> bool) -> bool {
        let end = Instant::now() + limit;
        let mut rx = vec![0u8; 65_536];
        loop {
            self.flush();
            if done(self) {
                return true;
            }
            let now = Instant::now();
            if now >= end {
                return false;
            }
            let wake = self.ep.poll_timeout().unwrap_or(end).min(end);
            let wait = wake
                .saturating_duration_since(now)
                .max(Duration::from_millis(1));
            self.sock
                .set_read_timeout(Some(wait.min(Duration::from_millis(50))))
                .unwrap();
            match self.sock.recv_from(&mut rx) {
                Ok(_) if self.lose() => {}
                Ok((n, from)) => {
                    capture(&rx[..n]);
                    self.ep
                        .handle(Instant::now(), from, Bytes::copy_from_slice(&rx[..n]));
                }
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(e) => panic!("recv: {e}"),
            }
            self.ep.handle_timeout(Instant::now());
        }
    }

    fn connected(&self) -> Option<AssociationHandle> {
        self.events
            .iter()
            .find_map(|(h, e)| matches!(e, Event::Connected { .. }).then_some(*h))
    }

    fn data(&self) -> Vec<(u16, Ppid, Bytes)> {
        self.events
            .iter()
            .filter_map(|(_, e)| match e {
                Event::Data {
                    stream, ppid, data, ..
                } => Some((*stream, *ppid, data.clone())),
                _ => None,
            })
            .collect()
    }

    fn closed(&self) -> Option<CloseReason> {
        self.events.iter().find_map(|(_, e)| match e {
            Event::Closed { reason } => Some(reason.clone()),
            _ => None,
        })
    }
}

/// With `SCTP_CAPTURE=<file>` set, appends every datagram received from usrsctp as a hex line
/// (how `tests/data/usrsctp_packets.hex` was made).
fn capture(datagram: &[u8]) {
    if let Some(path) = std::env::var_os("SCTP_CAPTURE") {
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .unwrap();
        writeln!(f, "{}", hex::encode(datagram)).unwrap();
    }
}

fn spawn_echo_server(driver_port: u16) -> (Proc, u16) {
    let encaps = free_udp_port();
    let child = Command::new(Path::new(USRSCTP).join("echo_server"))
        .arg(encaps.to_string())
        .arg(driver_port.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn echo_server");
    let child = Proc(child);
    wait_bound(encaps);
    (child, encaps)
}

/// Waits (at most 10 s) until usrsctp has bound its UDP encapsulation port: our own bind of
/// the port then fails.
fn wait_bound(port: u16) {
    let start = Instant::now();
    while UdpSocket::bind(("127.0.0.1", port)).is_ok() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "usrsctp did not bind UDP {port}"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Connects to usrsctp's echo_server on SCTP port 7. The echo_server binds its UDP port a moment
/// before it listens on SCTP port 7, and an INIT in that gap is answered with ABORT (RFC 9260
/// §8.4, out of the blue); on a loaded machine the gap is long enough to hit, so an ABORT before
/// the association is up is retried (at most 5 times), anything else fails.
fn connect_to_usrsctp(
    d: &mut Driver,
    remote: SocketAddr,
    local_port: u16,
    cfg: AssociationConfig,
    limit: Duration,
) -> AssociationHandle {
    for _attempt in 0..5 {
        d.events.clear();
        let h =
            d.ep.connect(Instant::now(), remote, local_port, 7, cfg.clone())
                .unwrap();
        assert!(
            d.run_until(limit, |d| d.connected().is_some() || d.closed().is_some()),
            "{:?}",
            d.events
        );
        match d.closed() {
            None => return h,
            Some(CloseReason::PeerAbort { .. }) if d.connected().is_none() => {
                std::thread::sleep(Duration::from_millis(200));
            }
            Some(other) => panic!("association closed while connecting: {other:?}"),
        }
    }
    panic!("usrsctp aborted five connection attempts");
}

#[test]
fn our_client_to_usrsctp_echo_server() {
    if !have_usrsctp() {
        return;
    }
    let _serial = serial();
    let mut d = Driver::new(&[]);
    let (_server, encaps) = spawn_echo_server(d.port());
    let remote: SocketAddr = format!("127.0.0.1:{encaps}").parse().unwrap();
    let h = connect_to_usrsctp(&mut d, remote, 5000, config(), Duration::from_secs(10));
    // Messages of several sizes, on several streams, PPID 3 (M3UA); one needs fragmentation.
    let mut sent = Vec::new();
    for i in 0..40u16 {
        let len = [1usize, 20, 200, 1000, 3000][usize::from(i) % 5];
        let body: Vec<u8> = (0..len).map(|k| (k as u16 ^ i) as u8).collect();
        let stream = i % 4;
        d.ep.send(h, stream, Ppid::M3UA, Bytes::from(body.clone()), false)
            .unwrap();
        sent.push((stream, Ppid::M3UA, Bytes::from(body)));
    }
    assert!(
        d.run_until(Duration::from_secs(10), |d| d.data().len() == sent.len()),
        "echoed {} of {}",
        d.data().len(),
        sent.len()
    );
    let mut got = d.data();
    let key = |x: &(u16, Ppid, Bytes)| (x.0, x.2.clone());
    let mut want = sent.clone();
    // Order holds per stream; compare per stream.
    got.sort_by_key(|x| x.0);
    want.sort_by_key(|x| x.0);
    assert_eq!(
        got.iter().map(key).collect::<Vec<_>>(),
        want.iter().map(key).collect::<Vec<_>>()
    );
    assert!(got.iter().all(|x| x.1 == Ppid::M3UA));
    // Graceful shutdown from our side.
    d.ep.shutdown(Instant::now(), h);
    assert!(d.run_until(Duration::from_secs(10), |d| d.closed().is_some()));
    assert_eq!(d.closed(), Some(CloseReason::Shutdown));
}

#[test]
fn our_client_to_usrsctp_echo_server_with_loss() {
    if !have_usrsctp() {
        return;
    }
    let _serial = serial();
    let mut d = Driver::new(&[]);
    d.loss = 0.1;
    let (_server, encaps) = spawn_echo_server(d.port());
    let remote: SocketAddr = format!("127.0.0.1:{encaps}").parse().unwrap();
    let cfg = AssociationConfig {
        max_init_retransmits: 20,
        ..config()
    };
    let h = connect_to_usrsctp(&mut d, remote, 5001, cfg, Duration::from_secs(20));
    let n = 200;
    for i in 0..n {
        let body = format!("message {i:04} ").repeat(1 + i % 30);
        d.ep.send(h, (i % 2) as u16, Ppid::M3UA, Bytes::from(body), false)
            .unwrap();
    }
    assert!(
        d.run_until(Duration::from_secs(60), |d| d.data().len() == n),
        "echoed {} of {n}",
        d.data().len()
    );
    for stream in 0..2u16 {
        let got: Vec<Bytes> = d
            .data()
            .into_iter()
            .filter(|x| x.0 == stream)
            .map(|x| x.2)
            .collect();
        let want: Vec<Bytes> = (0..n)
            .filter(|i| (i % 2) as u16 == stream)
            .map(|i| Bytes::from(format!("message {i:04} ").repeat(1 + i % 30)))
            .collect();
        assert_eq!(got, want, "stream {stream}");
    }
    let stats = d.ep.association(h).unwrap().stats();
    assert!(d.dropped > 0);
    assert!(stats.retransmits + stats.fast_retransmits > 0, "{stats:?}");
    d.loss = 0.0;
    d.ep.shutdown(Instant::now(), h);
    assert!(d.run_until(Duration::from_secs(10), |d| d.closed().is_some()));
    assert_eq!(d.closed(), Some(CloseReason::Shutdown));
}

fn spawn_client(driver_port: u16, sctp_port: u16) -> (Proc, u16) {
    let encaps = free_udp_port();
    let child = Command::new(Path::new(USRSCTP).join("client"))
        .args([
            "127.0.0.1".to_string(),
            sctp_port.to_string(),
            "6000".to_string(),
            encaps.to_string(),
            driver_port.to_string(),
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn client");
    let child = Proc(child);
    wait_bound(encaps);
    (child, encaps)
}

#[test]
fn usrsctp_client_to_our_server_shutdown_by_client() {
    if !have_usrsctp() {
        return;
    }
    let _serial = serial();
    let mut d = Driver::new(&[2905]);
    let (mut client, _) = spawn_client(d.port(), 2905);
    assert!(
        d.run_until(Duration::from_secs(10), |d| d.connected().is_some()),
        "{:?}",
        d.events
    );
    let h = d.connected().unwrap();
    let mut stdin = client.0.stdin.take().unwrap();
    let lines = ["hello vns\n", "second line\n", "third\n"];
    for l in lines {
        stdin.write_all(l.as_bytes()).unwrap();
    }
    stdin.flush().unwrap();
    assert!(d.run_until(Duration::from_secs(10), |d| d.data().len() == lines.len()));
    let got: Vec<Bytes> = d.data().into_iter().map(|x| x.2).collect();
    assert_eq!(
        got,
        lines
            .iter()
            .map(|l| Bytes::from_static(l.as_bytes()))
            .collect::<Vec<_>>()
    );
    // Answer each line (the client prints what it receives).
    for l in lines {
        d.ep.send(h, 0, Ppid(0), Bytes::from(format!("echo {l}")), false)
            .unwrap();
    }
    d.run_until(Duration::from_millis(500), |_| false);
    // EOF on stdin: the client shuts down.
    drop(stdin);
    assert!(
        d.run_until(Duration::from_secs(10), |d| d.closed().is_some()),
        "{:?}",
        d.events
    );
    assert_eq!(d.closed(), Some(CloseReason::Shutdown));
    assert!(
        d.events
            .iter()
            .any(|(_, e)| matches!(e, Event::ShutdownReceived))
    );
    let mut out = String::new();
    client
        .0
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    for l in lines {
        assert!(out.contains(&format!("echo {l}")), "client printed: {out}");
    }
    assert!(out.contains("SCTP_COMM_UP"), "{out}");
    assert!(out.contains("SCTP_SHUTDOWN_COMP"), "{out}");
}

#[test]
fn usrsctp_client_to_our_server_shutdown_by_server() {
    if !have_usrsctp() {
        return;
    }
    let _serial = serial();
    let mut d = Driver::new(&[2906]);
    let (mut client, _) = spawn_client(d.port(), 2906);
    assert!(
        d.run_until(Duration::from_secs(10), |d| d.connected().is_some()),
        "{:?}",
        d.events
    );
    let h = d.connected().unwrap();
    d.ep.send(h, 0, Ppid::M3UA, Bytes::from_static(b"from vns\n"), false)
        .unwrap();
    d.run_until(Duration::from_millis(300), |_| false);
    d.ep.shutdown(Instant::now(), h);
    assert!(
        d.run_until(Duration::from_secs(10), |d| d.closed().is_some()),
        "{:?}",
        d.events
    );
    assert_eq!(d.closed(), Some(CloseReason::Shutdown));
    // The client's main loop sits in fgets(): EOF lets it notice the closed association.
    drop(client.0.stdin.take());
    let start = Instant::now();
    let status = loop {
        if let Some(s) = client.0.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > Duration::from_secs(10) {
            let _ = client.0.kill();
            let mut out = String::new();
            client
                .0
                .stdout
                .take()
                .unwrap()
                .read_to_string(&mut out)
                .unwrap();
            panic!("client did not exit: {out}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success());
    let mut out = String::new();
    client
        .0
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    assert!(out.contains("from vns"), "{out}");
    assert!(out.contains("SCTP_SHUTDOWN_COMP"), "{out}");
}
