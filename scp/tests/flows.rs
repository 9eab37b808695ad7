//! The SCP end to end: `vns-scp` started in process over TCP with its demo data, and `vns-ssp`
//! (the testbed library) playing the switch, placing calls and checking what the SCP answered.

use std::net::SocketAddr;
use std::time::Duration;

use scp::config::Config;
use testbed::{CallModel, CallSpec, Expectation, Ssp, SspConfig, Trigger};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

struct Scp {
    running: scp::node::Running,
    _dir: tempfile::TempDir,
}

async fn start_scp() -> Scp {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = Config::default();
    config.store.data_dir = dir.path().join("data");
    config.m3ua.transport = "tcp".parse().expect("tcp");
    config.m3ua.listen = vec![SocketAddr::from(([127, 0, 0, 1], 0))];
    config.http.listen = Some(SocketAddr::from(([127, 0, 0, 1], 0)));
    config.tcap.shards = 2;
    // Originating trigger: collectedInfo (2) and analysedInformation (3), as the testbed sends.
    config.service.originating_events = vec![2, 3];
    let running = scp::node::start(config).await.expect("vns-scp starts");
    Scp { running, _dir: dir }
}

async fn switch(scp: &Scp) -> Ssp {
    let mut c = SspConfig::new(scp.running.m3ua_addrs[0]);
    c.timers.answer_timeout = Duration::from_secs(5);
    c.timers.announcement = Duration::from_millis(50);
    Ssp::connect(c).await.expect("the switch connects")
}

fn call(called: &str, calling: &str) -> CallSpec {
    CallSpec::new(called, Some(calling))
}

async fn expect(ssp: &Ssp, spec: CallSpec, expectation: &str) -> testbed::CallReport {
    let e = Expectation::parse(expectation).expect("expectation");
    let report = ssp.call(spec).await;
    if let Err(m) = report.check(&e) {
        panic!("{m}\n{}", report.ladder(true, true));
    }
    report
}

async fn http_get(addr: SocketAddr, path: &str) -> (u16, String) {
    let mut s = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let req = format!("GET {path} HTTP/1.1\r\nHost: vns\r\nConnection: close\r\n\r\n");
    s.write_all(req.as_bytes()).await.expect("write");
    let mut out = String::new();
    s.read_to_string(&mut out).await.expect("read");
    let status = out
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = out.split("\r\n\r\n").nth(1).unwrap_or("").to_owned();
    (status, body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_calls_flow_through_every_layer() {
    let scp = start_scp().await;
    let ssp = switch(&scp).await;

    // Flow 1: one-way, answered and released at once.
    let r = expect(
        &ssp,
        call("050412345678", "01012345678"),
        "connect:01098765432",
    )
    .await;
    assert!(
        r.record.operations.contains(&"connect"),
        "{:?}",
        r.record.operations
    );

    // Flow 2: two-way, each party reaches the other; a third party is refused (cause 21).
    expect(
        &ssp,
        call("050412345677", "01011112222"),
        "connect:01033334444",
    )
    .await;
    expect(
        &ssp,
        call("050412345677", "01033334444"),
        "connect:01011112222",
    )
    .await;
    expect(&ssp, call("050412345677", "01099990000"), "release:21").await;

    // Flow 3: originating masking: the protected caller's call is connected to the dialled
    // number; an unprotected caller's continues.
    let mut orig = call("01077778888", "01055556666");
    orig.trigger = Trigger::Originating;
    expect(&ssp, orig, "connect:01077778888").await;
    let mut orig = call("01077778888", "01012121212");
    orig.trigger = Trigger::Originating;
    expect(&ssp, orig, "continue").await;

    // Flow 4: an unallocated number is released with cause 1.
    expect(&ssp, call("050412345670", "01012345678"), "release:1").await;

    // Flow 7: busy forwarding.
    let mut busy = call("050412345675", "01012345678");
    busy.model = CallModel::Busy;
    let r = expect(&ssp, busy, "connect:01044445555").await;
    assert!(
        r.record
            .events_reported
            .iter()
            .any(|e| e.contains("Busy") || e.contains("busy")),
        "{:?}",
        r.record.events_reported
    );

    // Metrics: outcomes counted, associations up, latency observed.
    let http = scp.running.http_addr.expect("http");
    let (status, body) = http_get(http, "/metrics").await;
    assert_eq!(status, 200);
    assert!(
        body.contains("vns_dialogues_total{outcome=\"connect\"}"),
        "{body}"
    );
    assert!(body.contains("vns_dialogues_total{outcome=\"release_unknown\"} 1"));
    assert!(
        body.contains("vns_m3ua_associations{state=\"active\"} 1"),
        "{body}"
    );
    assert!(
        !body.contains("01098765432"),
        "a real number in the metrics"
    );
    let (status, _) = http_get(http, "/readyz").await;
    assert_eq!(status, 200);
    let (status, body) = http_get(http, "/healthz").await;
    assert_eq!((status, body.as_str()), (200, "ok\n"));

    drop(ssp);
    scp.running.shutdown(Duration::from_secs(1)).await;
}
