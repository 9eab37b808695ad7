//! What the end-to-end tests share: a `vns-scp` started in process.
#![allow(dead_code, unreachable_pub)]

use std::net::SocketAddr;

use scp::config::Config;

/// A running SCP and the temporary directory that holds its store.
pub struct Scp {
    pub running: scp::node::Running,
    pub dir: tempfile::TempDir,
}

/// `vns-scp` with its demo data in a fresh temporary directory, M3UA over TCP on a free loopback
/// port, no HTTP endpoint; `adjust` changes the configuration before it starts.
pub async fn start(adjust: impl FnOnce(&mut Config)) -> Scp {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = Config::default();
    config.store.data_dir = dir.path().join("data");
    config.m3ua.transport = "tcp".parse().expect("tcp");
    config.m3ua.listen = vec![SocketAddr::from(([127, 0, 0, 1], 0))];
    config.http.listen = None;
    adjust(&mut config);
    let running = scp::node::start(config).await.expect("vns-scp starts");
    Scp { running, dir }
}
