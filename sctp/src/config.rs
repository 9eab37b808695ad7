//! Protocol parameters (RFC 9260 §16) as validated configuration.

use std::time::Duration;

use crate::error::ConfigError;

/// Per-association parameters. Defaults are RFC 9260 §16's, except where noted.
///
/// Carriers usually shorten the RTO bounds (e.g. initial 200 ms, min 100 ms, max 1 s) so that a
/// failed path is noticed in seconds; set them here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssociationConfig {
    /// Outbound streams we ask for (OS in INIT; RFC 9260 §5.1.1). Default 16.
    pub outbound_streams: u16,
    /// Inbound streams we accept (MIS in INIT). Default 16.
    pub max_inbound_streams: u16,
    /// RTO.Initial (§6.3.1, §16). Default 1 s.
    pub rto_initial: Duration,
    /// RTO.Min. Default 1 s.
    pub rto_min: Duration,
    /// RTO.Max. Default 60 s.
    pub rto_max: Duration,
    /// Max.Init.Retransmits for T1-init and T1-cookie (§5.1, §16). Default 8.
    pub max_init_retransmits: u32,
    /// Association.Max.Retrans (§8.1, §16): consecutive unanswered retransmissions (T3-rtx,
    /// T2-shutdown) and heartbeats before the peer is declared unreachable. With one path this is
    /// also the path failure threshold. Default 10.
    pub max_retransmits: u32,
    /// HB.interval (§8.3): `None` disables heartbeats. Default 30 s.
    pub heartbeat_interval: Option<Duration>,
    /// Largest SCTP packet we send (common header and chunks; the driver adds UDP/IP headers).
    /// Messages are fragmented to fit (§6.9). Default 1200, safe for UDP encapsulation.
    pub max_packet_size: usize,
    /// Receive buffer in octets: the a_rwnd we advertise (§6.2) and the bound on everything held
    /// for reassembly, ordering and undelivered events. Default 256 KiB.
    pub receive_window: u32,
    /// Send buffer in octets: queued plus unacknowledged user data. Default 1 MiB.
    pub send_buffer: usize,
    /// Largest user message accepted by `send` and reassembled on receive. Default 64 KiB.
    pub max_message_size: usize,
    /// Delayed SACK timeout (§6.2, at most 500 ms). Default 200 ms.
    ///
    /// Keep it below the peer's RTO.Min: a peer with RTO.Min 100 ms retransmits a lone DATA
    /// chunk whose SACK we delay 200 ms (and our own RTO.Min should exceed the peer's delay, or
    /// a lone message is retransmitted spuriously). SACKs ride on outgoing DATA anyway, so
    /// request/response traffic such as M3UA rarely waits for this timer.
    pub sack_delay: Duration,
    /// T5-shutdown-guard (§9.2). `None` means 5 × RTO.Max, as suggested.
    pub shutdown_guard: Option<Duration>,
}

impl Default for AssociationConfig {
    fn default() -> Self {
        Self {
            outbound_streams: 16,
            max_inbound_streams: 16,
            rto_initial: Duration::from_secs(1),
            rto_min: Duration::from_secs(1),
            rto_max: Duration::from_secs(60),
            max_init_retransmits: 8,
            max_retransmits: 10,
            heartbeat_interval: Some(Duration::from_secs(30)),
            max_packet_size: 1200,
            receive_window: 256 * 1024,
            send_buffer: 1024 * 1024,
            max_message_size: 64 * 1024,
            sack_delay: Duration::from_millis(200),
            shutdown_guard: None,
        }
    }
}

impl AssociationConfig {
    /// Checks the ranges RFC 9260 and this implementation need.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let bad = |field, reason| Err(ConfigError::Invalid { field, reason });
        if self.outbound_streams == 0 {
            return bad("outbound_streams", "must be at least 1 (§3.3.2)");
        }
        if self.max_inbound_streams == 0 {
            return bad("max_inbound_streams", "must be at least 1 (§3.3.2)");
        }
        if self.rto_min.is_zero() || self.rto_min > self.rto_max {
            return bad("rto_min", "must be positive and not above rto_max");
        }
        if self.rto_initial < self.rto_min || self.rto_initial > self.rto_max {
            return bad("rto_initial", "must lie between rto_min and rto_max");
        }
        if !(256..=65_535).contains(&self.max_packet_size) {
            return bad("max_packet_size", "must lie between 256 and 65535");
        }
        if self.receive_window < 1500 {
            return bad("receive_window", "must be at least 1500 (§6.2)");
        }
        if self.max_message_size == 0 || self.max_message_size > self.receive_window as usize {
            return bad(
                "max_message_size",
                "must be positive and fit the receive window",
            );
        }
        if self.send_buffer < self.max_message_size {
            return bad("send_buffer", "must hold at least one maximum-size message");
        }
        if self.sack_delay > Duration::from_millis(500) {
            return bad("sack_delay", "must not exceed 500 ms (§6.2)");
        }
        if self.heartbeat_interval.is_some_and(|d| d.is_zero()) {
            return bad("heartbeat_interval", "must be positive");
        }
        Ok(())
    }

    /// The largest DATA payload that fits one packet.
    pub(crate) fn max_fragment(&self) -> usize {
        self.max_packet_size - crate::packet::COMMON_HEADER_LEN - crate::chunk::DATA_HEADER_LEN
    }
}

/// Endpoint parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointConfig {
    /// The key that signs State Cookies (HMAC-SHA256, RFC 9260 §5.1.3). Draw it from a CSPRNG at
    /// start-up; rotating it invalidates cookies in flight, nothing else.
    pub cookie_secret: [u8; 32],
    /// Valid.Cookie.Life (§5.1.3, §16). Default 60 s.
    pub valid_cookie_life: Duration,
    /// Local SCTP ports on which peer INITs are accepted; empty for a client-only endpoint.
    pub listen_ports: Vec<u16>,
    /// Parameters of associations accepted from peers.
    pub association: AssociationConfig,
}

impl EndpointConfig {
    /// Defaults with the given cookie secret and no listening port.
    pub fn new(cookie_secret: [u8; 32]) -> Self {
        Self {
            cookie_secret,
            valid_cookie_life: Duration::from_secs(60),
            listen_ports: Vec::new(),
            association: AssociationConfig::default(),
        }
    }

    /// Checks the configuration.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.valid_cookie_life.is_zero() {
            return Err(ConfigError::Invalid {
                field: "valid_cookie_life",
                reason: "must be positive",
            });
        }
        self.association.validate()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_validate() {
        EndpointConfig::new([0; 32]).validate().unwrap();
        assert_eq!(AssociationConfig::default().max_fragment(), 1172);
    }

    #[test]
    fn rejects_bad_values() {
        let cases: Vec<fn(&mut AssociationConfig)> = vec![
            |c| c.outbound_streams = 0,
            |c| c.max_inbound_streams = 0,
            |c| c.rto_min = Duration::ZERO,
            |c| c.rto_initial = Duration::from_millis(10),
            |c| c.max_packet_size = 100,
            |c| c.receive_window = 100,
            |c| c.max_message_size = 0,
            |c| c.send_buffer = 10,
            |c| c.sack_delay = Duration::from_secs(1),
            |c| c.heartbeat_interval = Some(Duration::ZERO),
        ];
        for f in cases {
            let mut c = AssociationConfig::default();
            f(&mut c);
            assert!(c.validate().is_err(), "{c:?}");
        }
        let mut e = EndpointConfig::new([0; 32]);
        e.valid_cookie_life = Duration::ZERO;
        assert!(e.validate().is_err());
    }
}
