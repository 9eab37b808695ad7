//! Every example configuration in `scp/config/` loads, and `default.toml` says what the embedded
//! defaults are.

use std::path::Path;

use scp::config::{Config, M3uaRole};

fn examples() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("config");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("scp/config exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_example_loads() {
    let files = examples();
    assert!(files.len() >= 3, "{files:?}");
    for f in files {
        Config::load(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
    }
}

#[test]
fn default_toml_is_the_embedded_default() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("config");
    let file = Config::load(&dir.join("default.toml")).expect("default.toml");
    let embedded = Config::default();
    assert_eq!(file.node.point_code, embedded.node.point_code);
    assert_eq!(file.node.global_title, embedded.node.global_title);
    assert_eq!(file.node.ssn, embedded.node.ssn);
    assert_eq!(file.m3ua.listen, embedded.m3ua.listen);
    assert_eq!(file.m3ua.role, embedded.m3ua.role);
    assert_eq!(file.m3ua.transport, embedded.m3ua.transport);
    assert_eq!(file.m3ua.routing_contexts, embedded.m3ua.routing_contexts);
    assert_eq!(
        file.tcap.application_contexts,
        embedded.tcap.application_contexts
    );
    assert_eq!(file.tcap.default_context, embedded.tcap.default_context);
    assert_eq!(file.tcap.idle_timeout_ms, embedded.tcap.idle_timeout_ms);
    assert_eq!(file.store.data_dir, embedded.store.data_dir);
    assert_eq!(file.store.demo, embedded.store.demo);
    assert_eq!(file.http.listen, embedded.http.listen);
}

#[test]
fn the_stp_example_is_an_asp() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("config");
    let c = Config::load(&dir.join("asp-behind-stp.toml")).expect("loads");
    assert_eq!(c.m3ua.role, M3uaRole::Asp);
    assert!(!c.store.demo);
}
