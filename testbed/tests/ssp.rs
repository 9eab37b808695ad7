//! The library API against the scripted responder over a real transport: every call model, every
//! answer plan and every failure class, each with a known answer.

mod common;

use std::time::Duration;

use common::{responder, ssp_config, tcp_responder, udp_port};
use m3ua::transport::TransportKind;
use testbed::{
    Answers, CallModel, CallSpec, Direction, Expectation, Failure, Outcome, Plan, Ssp, Trigger,
};

const VN: &str = "050412345678";
const CALLER: &str = "01012345678";

fn spec(model: CallModel) -> CallSpec {
    let mut s = CallSpec::new(VN, Some(CALLER));
    s.model = model;
    s
}

fn holds(report: &testbed::CallReport, e: &str) {
    let e = Expectation::parse(e).expect("expectation");
    if let Err(m) = report.check(&e) {
        panic!("{m}\n{}", report.ladder(true, true));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connect_in_one_go_reports_the_ladder_and_latency() {
    let r = tcp_responder("connect:01098765432").await;
    let ssp = Ssp::connect(ssp_config(&r)).await.expect("connect");
    let report = ssp.call(spec(CallModel::default())).await;
    holds(&report, "connect:01098765432");
    assert_eq!(report.messages.len(), 2, "TC-BEGIN and TC-END");
    assert_eq!(report.messages[0].direction, Direction::ToScp);
    assert_eq!(report.messages[1].direction, Direction::FromScp);
    assert!(report.messages[1].latency.is_some());
    assert!(report.record.first_answer.is_some());
    let ladder = report.ladder(false, false);
    assert!(
        ladder.contains("SSP ──► SCP") && ladder.contains("SSP ◄── SCP"),
        "{ladder}"
    );
    assert!(
        ladder.contains("InitialDP") && ladder.contains("Connect"),
        "{ladder}"
    );
    assert!(!ladder.contains("01098765432"), "masked: {ladder}");
    assert!(report.ladder(true, false).contains("01098765432"));
    // A wrong destination is told apart from another instruction.
    let m = report
        .check(&Expectation::parse("connect:01000000000").unwrap())
        .unwrap_err();
    assert_eq!(m.class, Failure::WrongDestination);
    let m = report
        .check(&Expectation::parse("release:1").unwrap())
        .unwrap_err();
    assert_eq!(m.class, Failure::UnexpectedOperation);
    // Several calls share the association, each in its own dialogue.
    let (a, b) = tokio::join!(
        ssp.call(spec(CallModel::default())),
        ssp.call(spec(CallModel::Busy))
    );
    holds(&a, "connect");
    holds(&b, "connect");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_simple_answer_gives_its_outcome_or_failure() {
    let cases = [
        ("release:17", "release:17"),
        ("continue", "continue"),
        ("end", "end"),
        ("abort", "abort"),
        ("reject", "reject"),
        ("silent", "timeout"),
        ("unexpected", "unexpected"),
    ];
    for (plan, expect) in cases {
        let r = tcp_responder(plan).await;
        let ssp = Ssp::connect(ssp_config(&r)).await.expect("connect");
        let report = ssp.call(spec(CallModel::default())).await;
        holds(&report, expect);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn armed_events_are_reported_as_the_call_model_makes_them() {
    let r = tcp_responder("arm:notify+connect:01098765432").await;
    let ssp = Ssp::connect(ssp_config(&r)).await.expect("connect");
    // Answer then disconnect, notify mode: oAnswer... tAnswer in a TC-CONTINUE, tDisconnect in the TC-END.
    let report = ssp
        .call(spec(CallModel::Answer {
            after: Duration::from_millis(5),
            talk: Duration::from_millis(5),
        }))
        .await;
    holds(&report, "connect:01098765432");
    assert_eq!(report.record.events_reported, ["tAnswer", "tDisconnect"]);
    assert_eq!(report.messages.len(), 4, "{}", report.ladder(true, false));
    let busy = ssp.call(spec(CallModel::Busy)).await;
    assert_eq!(busy.record.events_reported, ["tCalledPartyBusy"]);
    let no_answer = ssp
        .call(spec(CallModel::NoAnswer {
            after: Duration::from_millis(5),
        }))
        .await;
    assert_eq!(no_answer.record.events_reported, ["tNoAnswer"]);
    let mut originating = spec(CallModel::Busy);
    originating.trigger = Trigger::Originating;
    let o = ssp.call(originating).await;
    holds(&o, "event:oCalledPartyBusy");
    let abandon = ssp
        .call(spec(CallModel::Abandon {
            after: Duration::from_millis(30),
        }))
        .await;
    assert_eq!(abandon.record.events_reported, ["tAbandon"]);
    assert!(abandon.record.failure.is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_mode_waits_for_the_scp_after_each_report() {
    let r = tcp_responder("arm:request+connect:01098765432").await;
    let ssp = Ssp::connect(ssp_config(&r)).await.expect("connect");
    let report = ssp
        .call(spec(CallModel::Answer {
            after: Duration::ZERO,
            talk: Duration::from_millis(5),
        }))
        .await;
    holds(&report, "connect:01098765432");
    assert_eq!(report.record.events_reported, ["tAnswer", "tDisconnect"]);
    // BEGIN, CONTINUE(RRBE, Connect), CONTINUE(ERB answer), CONTINUE(Continue),
    // CONTINUE(ERB disconnect), END.
    assert_eq!(report.messages.len(), 6, "{}", report.ladder(true, false));
    assert_eq!(report.messages[5].direction, Direction::FromScp);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn announcement_activity_test_and_call_gap() {
    let r = tcp_responder("announce:42+release:31").await;
    let ssp = Ssp::connect(ssp_config(&r)).await.expect("connect");
    let report = ssp.call(spec(CallModel::default())).await;
    holds(&report, "announce:42");
    holds(&report, "release:31");
    assert!(
        report.record.operations.contains(&"connectToResource"),
        "{:?}",
        report.record.operations
    );

    let r = tcp_responder("activity-test+connect:01098765432").await;
    let ssp = Ssp::connect(ssp_config(&r)).await.expect("connect");
    let report = ssp.call(spec(CallModel::default())).await;
    holds(&report, "connect:01098765432");
    assert_eq!(report.record.activity_tests, 1);

    let r = tcp_responder("gap:60+release:31").await;
    let ssp = Ssp::connect(ssp_config(&r)).await.expect("connect");
    let first = ssp.call(spec(CallModel::default())).await;
    holds(&first, "release:31");
    assert_eq!(first.record.gaps.len(), 1);
    assert!(
        first
            .summary(false)
            .contains("call gap on 050-*****-5678 for 60 s every -1 ms"),
        "{}",
        first.summary(false)
    );
    // The gap holds the next call to the number; another number still goes through.
    let second = ssp.call(spec(CallModel::default())).await;
    assert_eq!(second.record.outcome, Some(Outcome::Gapped));
    assert!(second.messages.is_empty(), "nothing sent for a gapped call");
    let other = ssp.call(CallSpec::new("050499999999", None)).await;
    holds(&other, "release:31");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn abandon_before_the_answer_ends_the_call_locally() {
    let r = tcp_responder("silent").await;
    let ssp = Ssp::connect(ssp_config(&r)).await.expect("connect");
    let report = ssp
        .call(spec(CallModel::Abandon {
            after: Duration::from_millis(10),
        }))
        .await;
    holds(&report, "abandoned");
    assert_eq!(report.messages.len(), 1, "only the TC-BEGIN");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scripted_answers_per_number_over_userspace_sctp() {
    let mut answers = Answers::fixed(Plan::Connect("01098765432".into()));
    answers
        .numbers
        .insert("050400000001".into(), Plan::Release(1));
    let udp = udp_port(1);
    let r = responder(TransportKind::UserSctpUdp, answers, udp).await;
    let mut c = ssp_config(&r);
    c.transport = TransportKind::UserSctpUdp;
    c.udp_port = udp;
    let ssp = Ssp::connect(c).await.expect("connect over usctp-udp");
    holds(
        &ssp.call(CallSpec::new("050400000001", None)).await,
        "release:1",
    );
    holds(
        &ssp.call(CallSpec::new("050400000002", None)).await,
        "connect:01098765432",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_switch_listens_as_an_sgp_and_the_scp_connects() {
    // A port of this process's own: the switch must listen before it can say where.
    let port = 20_000 + (std::process::id() % 10_000) as u16;
    let local = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let mut c = testbed::SspConfig::new(local);
    c.role = testbed::Role::SgpListen;
    c.remote = None;
    c.local = Some(local);
    c.timers.answer_timeout = Duration::from_millis(500);
    let switch = tokio::spawn(Ssp::connect(c));
    let mut rc = testbed::ResponderConfig::new(
        std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
        Plan::Connect("01098765432".into()),
    );
    rc.role = testbed::ResponderRole::Asp;
    rc.remote = Some(local);
    let _scp = testbed::Responder::start(rc)
        .await
        .expect("the SCP connects");
    let ssp = switch.await.expect("task").expect("association active");
    holds(
        &ssp.call(spec(CallModel::default())).await,
        "connect:01098765432",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ipsp_peers() {
    let mut rc = testbed::ResponderConfig::new(
        std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
        Plan::Release(31),
    );
    rc.role = testbed::ResponderRole::IpspListen;
    let r = testbed::Responder::start(rc).await.expect("responder");
    let mut c = ssp_config(&r);
    c.role = testbed::Role::Ipsp;
    let ssp = Ssp::connect(c).await.expect("IPSP association active");
    holds(&ssp.call(spec(CallModel::default())).await, "release:31");
}
