//! Shared by the integration tests: a scripted responder in process and the CLI entry point.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use m3ua::transport::TransportKind;
use testbed::cli::{Cli, run};
use testbed::{Answers, Plan, Responder, ResponderConfig, SspConfig};

/// A UDP encapsulation port of this test process's own (`n` apart per test).
pub(crate) fn udp_port(n: u16) -> u16 {
    30_000 + (std::process::id() % 10_000) as u16 * 3 + n
}

/// A responder on 127.0.0.1 (any port) with these answers.
pub(crate) async fn responder(kind: TransportKind, answers: Answers, udp: u16) -> Responder {
    let mut c = ResponderConfig::new(SocketAddr::from(([127, 0, 0, 1], 0)), Plan::End);
    c.transport = kind;
    c.udp_port = udp;
    c.answers = answers;
    Responder::start(c).await.expect("responder starts")
}

/// A responder over TCP answering every InitialDP with `plan`.
pub(crate) async fn tcp_responder(plan: &str) -> Responder {
    responder(
        TransportKind::Tcp,
        Answers::fixed(Plan::parse(plan).expect("plan")),
        0,
    )
    .await
}

/// The switch's configuration towards `responder` over TCP, with short timers.
pub(crate) fn ssp_config(responder: &Responder) -> SspConfig {
    let mut c = SspConfig::new(responder.addr());
    c.local = Some(SocketAddr::from(([127, 0, 0, 1], 0)));
    c.timers.answer_timeout = Duration::from_millis(300);
    c.timers.announcement = Duration::from_millis(20);
    c
}

/// Runs `vns-ssp ARGS` through the CLI entry point on a thread of its own (it starts its own
/// runtime), returning the exit code and what it printed.
pub(crate) fn vns_ssp(args: &[String]) -> (ExitCode, String) {
    let args = args.to_vec();
    std::thread::spawn(move || {
        let cli = Cli::try_parse_from(std::iter::once("vns-ssp".to_owned()).chain(args.clone()))
            .unwrap_or_else(|e| panic!("{args:?} parse: {e}"));
        let mut out = Vec::new();
        let code = run(cli, &mut &b""[..], &mut out);
        (code, String::from_utf8(out).expect("UTF-8 output"))
    })
    .join()
    .expect("the command does not panic")
}

/// Splits a command line on spaces (no quoting needed in the tests).
pub(crate) fn args(line: &str) -> Vec<String> {
    line.split_whitespace().map(str::to_owned).collect()
}

/// A multi-threaded runtime for a test's responder.
pub(crate) fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}
