//! The VNS number store: tenants, pools, bindings, call records.
