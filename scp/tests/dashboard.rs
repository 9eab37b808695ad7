//! The Grafana dashboard in `docs/grafana/` queries only metrics `vns-scp` exports.

use std::collections::BTreeSet;
use std::path::Path;

#[test]
fn every_dashboard_query_names_an_exported_metric() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/grafana/vns-scp.json");
    let text = std::fs::read_to_string(&path).expect("dashboard");
    let dash: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let m = scp::metrics::Metrics::new();
    // The families whose labels are open (cause names, tenants) have no series until used.
    m.tcap_aborts
        .get_or_create(&scp::metrics::AbortLabels {
            direction: "in",
            cause: "user",
        })
        .inc();
    m.tcap_rejects
        .get_or_create(&scp::metrics::RejectLabels {
            direction: "out",
            problem: "mistypedParameter",
        })
        .inc();
    m.sccp_returned
        .get_or_create(&scp::metrics::CauseLabel {
            cause: "unequipped user".into(),
        })
        .inc();
    m.pool_numbers
        .get_or_create(&scp::metrics::PoolLabels {
            tenant: 1,
            state: "free",
        })
        .set(10);
    let exposition = m.encode();
    // Series names the exposition can produce (histograms add _bucket/_sum/_count).
    let mut exported = BTreeSet::new();
    for line in exposition.lines() {
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            let mut it = rest.split_whitespace();
            let (name, kind) = (it.next().unwrap(), it.next().unwrap());
            match kind {
                "counter" => {
                    exported.insert(format!("{name}_total"));
                }
                "histogram" => {
                    for s in ["_bucket", "_sum", "_count"] {
                        exported.insert(format!("{name}{s}"));
                    }
                }
                _ => {
                    exported.insert(name.to_owned());
                }
            }
        }
    }
    let mut queried = BTreeSet::new();
    for panel in dash["panels"].as_array().expect("panels") {
        for target in panel["targets"].as_array().expect("targets") {
            let expr = target["expr"].as_str().expect("expr");
            let mut rest = expr;
            while let Some(i) = rest.find("vns_") {
                let name: String = rest[i..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                rest = &rest[i + name.len()..];
                queried.insert(name);
            }
        }
    }
    assert!(queried.len() >= 10, "{queried:?}");
    let missing: Vec<_> = queried.difference(&exported).collect();
    assert!(
        missing.is_empty(),
        "dashboard queries unknown metrics {missing:?}; exported: {exported:?}"
    );
}
