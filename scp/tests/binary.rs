//! The `vns-scp` binary as an operator runs it: started with flags over the embedded defaults,
//! answering a call, logging JSON without a real number in it, and stopping cleanly on SIGTERM.

use std::io::Read;
use std::net::{SocketAddr, TcpListener};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use testbed::{CallSpec, Expectation, Ssp, SspConfig};

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

#[test]
fn check_flag_validates_a_configuration() {
    let bin = env!("CARGO_BIN_EXE_vns-scp");
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[node]\npoint_kode = 3\n").unwrap();
    let out = Command::new(bin)
        .args(["--check", "--config"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("point_kode"));
    let good = concat!(env!("CARGO_MANIFEST_DIR"), "/config/default.toml");
    let out = Command::new(bin)
        .args(["--check", "--config", good])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
}

#[test]
fn serves_a_call_logs_no_real_number_and_stops_on_sigterm() {
    let bin = env!("CARGO_BIN_EXE_vns-scp");
    let dir = tempfile::tempdir().unwrap();
    let m3ua = SocketAddr::from(([127, 0, 0, 1], free_port()));
    let http = SocketAddr::from(([127, 0, 0, 1], free_port()));
    let mut child = Command::new(bin)
        .arg("--data-dir")
        .arg(dir.path().join("data"))
        .args(["--transport", "tcp", "--log-format", "json"])
        .arg("--listen")
        .arg(m3ua.to_string())
        .arg("--http")
        .arg(http.to_string())
        .env("RUST_LOG", "debug")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("vns-scp runs");
    let started = Instant::now();
    while std::net::TcpStream::connect(http).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "vns-scp did not start"
        );
        assert!(child.try_wait().unwrap().is_none(), "vns-scp exited early");
        std::thread::sleep(Duration::from_millis(50));
    }

    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let ssp = Ssp::connect(SspConfig::new(m3ua)).await.expect("switch");
        let report = ssp
            .call(CallSpec::new("050412345678", Some("01012345678")))
            .await;
        let e = Expectation::parse("connect:01098765432").unwrap();
        report
            .check(&e)
            .unwrap_or_else(|m| panic!("{m}\n{}", report.ladder(true, true)));
    });

    // SIGTERM: a graceful stop, exit code 0.
    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "vns-scp did not stop");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    let mut log = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut log)
        .unwrap();
    for line in log.lines() {
        serde_json::from_str::<serde_json::Value>(line)
            .unwrap_or_else(|e| panic!("not a JSON log line ({e}): {line}"));
    }
    assert!(log.contains("stopped"), "{log}");
    for real in ["01098765432", "01012345678", "1098765432", "1012345678"] {
        assert!(
            !log.contains(real),
            "a real number in the log: {real}\n{log}"
        );
    }
}
