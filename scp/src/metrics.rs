//! The Prometheus metrics of `vns-scp` (exposition at `/metrics`).
//!
//! Every label value comes from a closed set named in code (an enum's name, a standard's code
//! point name, a tenant id): never a phone number, never anything a peer can make up.
//!
//! | metric | type | labels |
//! |---|---|---|
//! | `vns_dialogues_total` | counter | `outcome` |
//! | `vns_dialogues_in_flight` | gauge | |
//! | `vns_idp_answer_seconds` | histogram | |
//! | `vns_store_lookup_seconds` | histogram | |
//! | `vns_m3ua_associations` | gauge | `state` (down, inactive, active) |
//! | `vns_m3ua_messages_total` | counter | `direction` (in, out) |
//! | `vns_tcap_aborts_total` | counter | `direction`, `cause` |
//! | `vns_tcap_rejects_total` | counter | `direction`, `problem` |
//! | `vns_decode_errors_total` | counter | `layer` (m3ua, sccp, tcap, inap) |
//! | `vns_sccp_discarded_total` | counter | `reason` |
//! | `vns_sccp_returned_total` | counter | `cause` |
//! | `vns_overload_total` | counter | `reason` (in_flight, queue_delay, table_full) |
//! | `vns_call_gaps_sent_total` | counter | |
//! | `vns_bindings_active` | gauge | |
//! | `vns_pool_numbers` | gauge | `tenant`, `state` (free, bound, quarantined, reserved, suspended) |
//! | `vns_store_errors_total` | counter | `op` |

use std::sync::Arc;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// One label named `outcome`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct OutcomeLabel {
    /// The value.
    pub outcome: &'static str,
}

/// One label named `state`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct StateLabel {
    /// The value.
    pub state: &'static str,
}

/// One label named `direction`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct DirectionLabel {
    /// `in` or `out`.
    pub direction: &'static str,
}

/// TCAP abort labels.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct AbortLabels {
    /// `in` (the peer aborted) or `out` (we did).
    pub direction: &'static str,
    /// The P-Abort cause name, `user` for a U-Abort, `idle_timeout`, …
    pub cause: &'static str,
}

/// TCAP reject labels.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RejectLabels {
    /// `in` or `out`.
    pub direction: &'static str,
    /// The Q.773 problem name.
    pub problem: &'static str,
}

/// One label named `layer`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct LayerLabel {
    /// m3ua, sccp, tcap or inap.
    pub layer: &'static str,
}

/// One label named `reason`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ReasonLabel {
    /// The value.
    pub reason: &'static str,
}

/// One label named `cause`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct CauseLabel {
    /// The value.
    pub cause: String,
}

/// Pool labels.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct PoolLabels {
    /// Tenant id.
    pub tenant: u32,
    /// Number state.
    pub state: &'static str,
}

/// One label named `op`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct OpLabel {
    /// The store operation.
    pub op: &'static str,
}

/// Handles to every metric; clones share the same series.
#[derive(Clone, Debug)]
pub struct Metrics {
    registry: Arc<Registry>,
    /// Dialogues by outcome.
    pub dialogues: Family<OutcomeLabel, Counter>,
    /// Dialogues open now.
    pub in_flight: Gauge,
    /// InitialDP received → first answer sent.
    pub idp_answer: Histogram,
    /// Store route lookups.
    pub store_lookup: Histogram,
    /// M3UA associations by ASP state.
    pub associations: Family<StateLabel, Gauge>,
    /// M3UA DATA messages.
    pub m3ua_messages: Family<DirectionLabel, Counter>,
    /// TCAP aborts.
    pub tcap_aborts: Family<AbortLabels, Counter>,
    /// TCAP rejects.
    pub tcap_rejects: Family<RejectLabels, Counter>,
    /// Decode errors by layer.
    pub decode_errors: Family<LayerLabel, Counter>,
    /// SCCP messages dropped.
    pub sccp_discarded: Family<ReasonLabel, Counter>,
    /// SCCP messages returned (UDTS) by cause.
    pub sccp_returned: Family<CauseLabel, Counter>,
    /// Calls answered as overflow.
    pub overload: Family<ReasonLabel, Counter>,
    /// CallGap operations sent.
    pub call_gaps: Counter,
    /// Active bindings.
    pub bindings_active: Gauge,
    /// Numbers per tenant and state.
    pub pool_numbers: Family<PoolLabels, Gauge>,
    /// Store errors.
    pub store_errors: Family<OpLabel, Counter>,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// A registry with every metric registered.
    pub fn new() -> Self {
        let mut r = Registry::with_prefix("vns");
        let dialogues = Family::default();
        r.register("dialogues", "TCAP dialogues by outcome", dialogues.clone());
        let in_flight = Gauge::default();
        r.register(
            "dialogues_in_flight",
            "Dialogues open now",
            in_flight.clone(),
        );
        // 20 µs … ~5 s.
        let idp_answer = Histogram::new(exponential_buckets(20e-6, 2.0, 19));
        r.register(
            "idp_answer_seconds",
            "InitialDP received to first answer sent",
            idp_answer.clone(),
        );
        let store_lookup = Histogram::new(exponential_buckets(1e-6, 2.0, 20));
        r.register(
            "store_lookup_seconds",
            "Store route lookup time",
            store_lookup.clone(),
        );
        let associations: Family<StateLabel, Gauge> = Family::default();
        r.register(
            "m3ua_associations",
            "M3UA associations by ASP state",
            associations.clone(),
        );
        let m3ua_messages = Family::default();
        r.register(
            "m3ua_messages",
            "M3UA DATA messages by direction",
            m3ua_messages.clone(),
        );
        let tcap_aborts = Family::default();
        r.register("tcap_aborts", "TCAP aborts by cause", tcap_aborts.clone());
        let tcap_rejects = Family::default();
        r.register(
            "tcap_rejects",
            "TCAP Reject components by problem",
            tcap_rejects.clone(),
        );
        let decode_errors = Family::default();
        r.register(
            "decode_errors",
            "Received messages that failed to decode, by layer",
            decode_errors.clone(),
        );
        let sccp_discarded = Family::default();
        r.register(
            "sccp_discarded",
            "SCCP messages dropped, by reason",
            sccp_discarded.clone(),
        );
        let sccp_returned = Family::default();
        r.register(
            "sccp_returned",
            "SCCP messages returned to their sender, by return cause",
            sccp_returned.clone(),
        );
        let overload = Family::default();
        r.register(
            "overload",
            "Calls answered as overflow, by reason",
            overload.clone(),
        );
        let call_gaps = Counter::default();
        r.register(
            "call_gaps_sent",
            "CallGap operations sent",
            call_gaps.clone(),
        );
        let bindings_active = Gauge::default();
        r.register(
            "bindings_active",
            "Active bindings",
            bindings_active.clone(),
        );
        let pool_numbers = Family::default();
        r.register(
            "pool_numbers",
            "Virtual numbers per tenant and state",
            pool_numbers.clone(),
        );
        let store_errors = Family::default();
        r.register(
            "store_errors",
            "Store operations that failed",
            store_errors.clone(),
        );
        // Every value of the closed label sets starts at 0, so a rate() over a fresh process has
        // a series to work on and an absent outcome reads 0, not "no data".
        for state in ["down", "inactive", "active"] {
            associations.get_or_create(&StateLabel { state }).set(0);
        }
        for outcome in crate::service::CallOutcome::ALL {
            let _ = dialogues.get_or_create(&OutcomeLabel {
                outcome: outcome.as_str(),
            });
        }
        for outcome in ["empty_begin", "no_initial_dp"] {
            let _ = dialogues.get_or_create(&OutcomeLabel { outcome });
        }
        for layer in ["m3ua", "sccp", "tcap", "inap"] {
            let _ = decode_errors.get_or_create(&LayerLabel { layer });
        }
        for direction in ["in", "out"] {
            let _ = m3ua_messages.get_or_create(&DirectionLabel { direction });
        }
        for reason in ["in_flight", "queue_delay", "queue_full", "shutting_down"] {
            let _ = overload.get_or_create(&ReasonLabel { reason });
        }
        for reason in crate::scrc::Discard::NAMES {
            let _ = sccp_discarded.get_or_create(&ReasonLabel { reason });
        }
        for op in ["record_calls", "sync", "sweep", "record_queue_full"] {
            let _ = store_errors.get_or_create(&OpLabel { op });
        }
        Self {
            registry: Arc::new(r),
            dialogues,
            in_flight,
            idp_answer,
            store_lookup,
            associations,
            m3ua_messages,
            tcap_aborts,
            tcap_rejects,
            decode_errors,
            sccp_discarded,
            sccp_returned,
            overload,
            call_gaps,
            bindings_active,
            pool_numbers,
            store_errors,
        }
    }

    /// The text exposition (OpenMetrics).
    pub fn encode(&self) -> String {
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }

    /// Counts a dialogue outcome.
    pub fn outcome(&self, outcome: &'static str) {
        self.dialogues
            .get_or_create(&OutcomeLabel { outcome })
            .inc();
    }

    /// Counts a decode error.
    pub fn decode_error(&self, layer: &'static str) {
        self.decode_errors
            .get_or_create(&LayerLabel { layer })
            .inc();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exposition_has_every_family_and_counts() {
        let m = Metrics::new();
        m.outcome("connect");
        m.outcome("connect");
        m.decode_error("tcap");
        m.idp_answer.observe(0.000_3);
        let text = m.encode();
        assert!(
            text.contains("vns_dialogues_total{outcome=\"connect\"} 2"),
            "{text}"
        );
        assert!(text.contains("vns_decode_errors_total{layer=\"tcap\"} 1"));
        assert!(text.contains("vns_idp_answer_seconds_count 1"));
        assert!(text.contains("vns_m3ua_associations{state=\"active\"} 0"));
        assert!(text.ends_with("# EOF\n"));
    }
}
