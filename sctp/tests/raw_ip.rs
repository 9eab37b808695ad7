//! Interop over raw IPv4, protocol 132 (no UDP encapsulation), against usrsctp's `echo_server`
//! started with encapsulation port 0 (usrsctp then uses raw sockets itself). Needs root
//! (CAP_NET_RAW) and /usr/lib/usrsctp; without them the test fails when `CI` is set and is
//! skipped with a message otherwise.
//!
//! On loopback every raw protocol-132 socket sees every SCTP packet, its own included, so the
//! driver keeps only packets addressed to its own SCTP port (a real driver does the same).

mod util;

use std::io::Read;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use bytes::Bytes;
use sctp::{AssociationConfig, CloseReason, CommonHeader, Endpoint, EndpointConfig, Event, Ppid};
use socket2::{Domain, Protocol, Socket, Type};

const ECHO_SERVER: &str = "/usr/lib/usrsctp/echo_server";
const LOCAL_PORT: u16 = 5007;

struct Proc(Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn raw_socket() -> Option<Socket> {
    match Socket::new(Domain::IPV4, Type::RAW, Some(Protocol::from(132))) {
        Ok(s) => Some(s),
        Err(e) => {
            if std::env::var_os("CI").is_some() {
                panic!("raw IPv4 protocol 132 socket: {e} (CI needs root)");
            }
            eprintln!("skipping: cannot open a raw protocol-132 socket: {e}");
            None
        }
    }
}

#[test]
fn our_client_to_usrsctp_echo_server_over_raw_ipv4() {
    if !Path::new(ECHO_SERVER).exists() {
        if std::env::var_os("CI").is_some() {
            panic!("{ECHO_SERVER} missing: install libusrsctp-examples");
        }
        eprintln!("skipping: {ECHO_SERVER} missing");
        return;
    }
    let Some(sock) = raw_socket() else { return };
    // Encapsulation port 0: usrsctp speaks SCTP over raw IP.
    let _server = Proc(
        Command::new(ECHO_SERVER)
            .arg("0")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn echo_server"),
    );
    let mut cfg = EndpointConfig::new([0x33; 32]);
    cfg.association = AssociationConfig {
        rto_initial: Duration::from_millis(200),
        rto_min: Duration::from_millis(100),
        rto_max: Duration::from_secs(1),
        ..AssociationConfig::default()
    };
    let mut rng = util::Rng(0xfeed_f00d_1234_5679);
    let mut ep = Endpoint::new(cfg.clone(), move |d: &mut [u8]| rng.fill(d)).unwrap();
    let remote = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0);
    let h = ep
        .connect(
            Instant::now(),
            remote,
            LOCAL_PORT,
            7,
            cfg.association.clone(),
        )
        .unwrap();
    let mut events = Vec::new();
    let mut sent = false;
    let mut buf = Vec::new();
    let mut rx = vec![0u8; 65_536];
    let end = Instant::now() + Duration::from_secs(15);
    let mut closed = None;
    while Instant::now() < end && closed.is_none() {
        let now = Instant::now();
        while let Some(to) = ep.poll_transmit_into(now, &mut buf) {
            sock.send_to(&buf, &to.into()).unwrap();
        }
        while let Some((_, ev)) = ep.poll_event() {
            match &ev {
                Event::Connected { .. } if !sent => {
                    for i in 0..10u8 {
                        let body = vec![i; 100 + 300 * usize::from(i)];
                        ep.send(h, 0, Ppid::M3UA, Bytes::from(body), false).unwrap();
                    }
                    sent = true;
                }
                Event::Closed { reason } => closed = Some(reason.clone()),
                _ => {}
            }
            events.push(ev);
        }
        let echoed = events
            .iter()
            .filter(|e| matches!(e, Event::Data { .. }))
            .count();
        if echoed == 10
            && ep
                .association(h)
                .is_some_and(|a| a.state() == &sctp::State::Established)
        {
            ep.shutdown(Instant::now(), h);
        }
        let wait = ep
            .poll_timeout()
            .map_or(Duration::from_millis(50), |t| {
                t.saturating_duration_since(Instant::now())
            })
            .clamp(Duration::from_millis(1), Duration::from_millis(50));
        sock.set_read_timeout(Some(wait)).unwrap();
        // A raw IPv4 socket hands over the IP header too: the source address is in it.
        if let Ok(n) = (&sock).read(&mut rx)
            && n >= 20
        {
            let ihl = usize::from(rx[0] & 0x0f) * 4;
            let src = Ipv4Addr::new(rx[12], rx[13], rx[14], rx[15]);
            let Some(packet) = rx.get(ihl..n) else {
                continue;
            };
            let packet = Bytes::copy_from_slice(packet);
            if let Ok((hdr, _)) = CommonHeader::parse_unverified(&packet)
                && hdr.destination_port == LOCAL_PORT
            {
                ep.handle(Instant::now(), SocketAddr::new(IpAddr::V4(src), 0), packet);
            }
        }
        ep.handle_timeout(Instant::now());
    }
    let data: Vec<Bytes> = events
        .iter()
        .filter_map(|e| match e {
            Event::Data { data, ppid, .. } => {
                assert_eq!(*ppid, Ppid::M3UA);
                Some(data.clone())
            }
            _ => None,
        })
        .collect();
    assert_eq!(data.len(), 10, "{events:?}");
    for (i, d) in data.iter().enumerate() {
        assert_eq!(d.len(), 100 + 300 * i);
        assert!(d.iter().all(|&b| usize::from(b) == i));
    }
    assert_eq!(closed, Some(CloseReason::Shutdown), "{events:?}");
}
