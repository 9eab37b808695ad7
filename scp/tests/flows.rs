//! The SCP end to end: `vns-scp` started in process over TCP with its demo data, and `vns-ssp`
//! (the testbed library) playing the switch, placing calls and checking what the SCP answered.

mod common;

use std::net::SocketAddr;
use std::time::Duration;

use common::Scp;
use testbed::{CallModel, CallSpec, Expectation, Ssp, SspConfig, Trigger};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn start_scp() -> Scp {
    common::start(|config| {
        config.http.listen = Some(SocketAddr::from(([127, 0, 0, 1], 0)));
        config.tcap.shards = 2;
        // Originating trigger: collectedInfo (2) and analysedInformation (3), as the testbed
        // sends.
        config.service.originating_events = vec![2, 3];
    })
    .await
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

fn bind(scp: &Scp, number: &str, spec: store::BindingSpec) {
    let now = store::Timestamp(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as u64,
    );
    scp.running
        .store()
        .allocate(
            "test",
            &store::AllocationRequest {
                tenant: scp::demo::TENANT,
                external_ref: format!("order-{number}"),
                strategy: store::Strategy::Explicit(store::VirtualNumber::parse(number).unwrap()),
                spec,
            },
            now,
        )
        .expect("binding made");
}

fn one_way(dests: &[&str]) -> store::BindingSpec {
    store::BindingSpec::new(store::BindingKind::OneWay {
        destinations: dests
            .iter()
            .map(|d| store::RealNumber::parse(d).unwrap())
            .collect(),
    })
}

fn all_day(action: store::ScheduleAction, default: store::ScheduleAction) -> store::Schedule {
    store::Schedule {
        tz: None,
        rules: vec![store::ScheduleRule {
            days: store::Weekdays::ALL,
            from_minute: 0,
            to_minute: 24 * 60,
            holidays: store::HolidayMatch::Any,
            action,
        }],
        default,
        holidays: Vec::new(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schedules_announcements_and_call_records() {
    let scp = start_scp().await;
    let ssp = switch(&scp).await;

    // Flow 5: a schedule that picks the second destination all day; one that announces.
    let mut spec = one_way(&["01020000001", "01020000002"]);
    spec.schedule = Some(all_day(
        store::ScheduleAction::Destination(1),
        store::ScheduleAction::Reject,
    ));
    bind(&scp, "050412345674", spec);
    expect(
        &ssp,
        call("050412345674", "01012345678"),
        "connect:01020000002",
    )
    .await;
    let mut spec = one_way(&["01020000003"]);
    spec.schedule = Some(all_day(
        store::ScheduleAction::Announce(store::AnnouncementId(7)),
        store::ScheduleAction::Destination(0),
    ));
    bind(&scp, "050412345673", spec);
    let r = expect(&ssp, call("050412345673", "01012345678"), "announce:7").await;
    // After the SpecializedResourceReport: released with 16 (normal clearing).
    assert!(
        r.check(&Expectation::parse("release:16").unwrap()).is_ok(),
        "{}",
        r.ladder(true, false)
    );

    // Flow 6: a ringback announcement before the Connect.
    let mut spec = one_way(&["01020000004"]);
    spec.ringback = Some(store::AnnouncementId(11));
    bind(&scp, "050412345672", spec);
    let r = expect(&ssp, call("050412345672", "01012345678"), "announce:11").await;
    assert!(
        r.check(&Expectation::parse("connect:01020000004").unwrap())
            .is_ok(),
        "{}",
        r.ladder(true, false)
    );

    // Flow 8: an answered call of 0.2 s leaves a record with answer and end times.
    let mut answered = call("050412345678", "01012345678");
    answered.model = CallModel::Answer {
        after: Duration::from_millis(50),
        talk: Duration::from_millis(200),
    };
    expect(&ssp, answered, "connect:01098765432").await;
    let store = scp.running.store().clone();
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    let record = loop {
        let calls = store
            .calls(
                scp::demo::TENANT,
                store::Timestamp(0),
                store::Timestamp(u64::MAX),
                1000,
            )
            .expect("calls");
        if let Some(rec) = calls.into_iter().find(|c| {
            c.number.to_string() == "050412345678" && c.answer_at.is_some() && c.end_at.is_some()
        }) {
            break rec;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no answered call record"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let talk = record.end_at.unwrap().0 - record.answer_at.unwrap().0;
    assert!((150..5_000).contains(&talk), "talk time {talk} ms");
    assert_eq!(record.external_ref.as_deref(), Some("demo-050412345678"));

    drop(ssp);
    scp.running.shutdown(Duration::from_secs(1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn overload_is_answered_with_callgap_and_release() {
    let scp = common::start(|config| {
        config.tcap.shards = 1;
        // One call in flight at most: a second one while the first talks is overflow.
        config.service.overload.max_in_flight = 1;
        config.service.overload.gap_duration_secs = 1;
    })
    .await;
    let ssp = switch(&scp).await;
    let mut long = call("050412345678", "01012345678");
    long.model = CallModel::Answer {
        after: Duration::ZERO,
        talk: Duration::from_millis(800),
    };
    let first = ssp.call(long);
    let second = async {
        tokio::time::sleep(Duration::from_millis(200)).await;
        ssp.call(call("050412345677", "01011112222")).await
    };
    let (first, second) = tokio::join!(first, second);
    first
        .check(&Expectation::parse("connect:01098765432").unwrap())
        .unwrap_or_else(|m| panic!("{m}"));
    second
        .check(&Expectation::parse("release:42").unwrap())
        .unwrap_or_else(|m| panic!("{m}\n{}", second.ladder(true, true)));
    assert_eq!(second.record.gaps.len(), 1, "{:?}", second.record);
    let overloads = scp
        .running
        .metrics()
        .overload
        .get_or_create(&scp::metrics::ReasonLabel {
            reason: "in_flight",
        })
        .get();
    assert_eq!(overloads, 1);
    drop(ssp);
    scp.running.shutdown(Duration::from_secs(1)).await;
}
