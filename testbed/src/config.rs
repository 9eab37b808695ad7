//! Where the switch (or the responder) sits in the network: flags, or a TOML file (`--config`).
//!
//! ```toml
//! role = "asp"                 # asp | ipsp | sgp-listen
//! transport = "tcp"            # auto | sctp | usctp-udp | usctp-raw | tcp
//! remote = "127.0.0.1:2905"    # the STP/SGP/SCP to connect to (asp, ipsp)
//! local = "0.0.0.0:2905"       # where to listen (sgp-listen), or the address to bind
//! point-code = 3
//! gt = "821099990000"
//! ssn = 241
//! routing-context = 2
//! scp-point-code = 2
//! scp-gt = "8250412345678"
//! answer-timeout-ms = 2000
//! announcement-ms = 2000
//! ```
//!
//! Unknown keys are refused (`deny_unknown_fields`), so a misspelt key is an error, not a default.

use std::net::SocketAddr;
use std::time::Duration;

use m3ua::TrafficModeType;
use m3ua::asp::AspState;
use m3ua::asp::{Association, Config, IpspExchange, Role as AspRole};
use m3ua::transport::{self, Link, TransportConfig, TransportKind};

use crate::build::{Addressing, IdpOptions};
use crate::model::Timers;
use crate::switch::SwitchConfig;

pub use crate::error::ConfigError;

/// How the switch meets the SCP's side.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Role {
    /// An ASP connecting to an STP or SGP (RFC 4666 §1.2).
    #[default]
    Asp,
    /// An IPSP connecting to a peer IPSP (single exchange, this side initiates, §4.3.4.1.2).
    Ipsp,
    /// Listens as an SGP and lets the SCP (an ASP) connect.
    SgpListen,
}

impl Role {
    /// Parses `asp`, `ipsp`, `sgp-listen`.
    pub fn parse(text: &str) -> Result<Self, String> {
        match text {
            "asp" => Ok(Self::Asp),
            "ipsp" => Ok(Self::Ipsp),
            "sgp-listen" => Ok(Self::SgpListen),
            _ => Err(format!("unknown role {text:?} (asp, ipsp or sgp-listen)")),
        }
    }
}

/// The switch's place in the network and its timers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SspConfig {
    /// How the association is made.
    pub role: Role,
    /// The transport.
    pub transport: TransportKind,
    /// The peer to connect to (roles asp, ipsp).
    pub remote: Option<SocketAddr>,
    /// The local address: bound when connecting, listened on for sgp-listen.
    pub local: Option<SocketAddr>,
    /// The UDP port of SCTP over UDP (RFC 6951), local and remote.
    pub udp_port: u16,
    /// Our point code (OPC of what we send).
    pub point_code: u32,
    /// Our global title (SCCP calling party).
    pub gt: String,
    /// The subsystem number, both sides (241 INAP).
    pub ssn: u8,
    /// The routing context (ASPAC and DATA), if any.
    pub routing_context: Option<u32>,
    /// The SCP's point code (DPC).
    pub scp_point_code: u32,
    /// The SCP's global title (SCCP called party).
    pub scp_gt: String,
    /// Network indicator (0 international, 2 national).
    pub network_indicator: u8,
    /// Answer timeout and announcement duration.
    pub timers: Timers,
}

impl SspConfig {
    /// The reference network (point code 3 → 2, GT 821099990000 → 8250412345678, SSN 241,
    /// routing context 2) as an ASP over TCP to `remote`.
    pub fn new(remote: SocketAddr) -> Self {
        let a = Addressing::ssp_to_scp();
        Self {
            role: Role::Asp,
            transport: TransportKind::Tcp,
            remote: Some(remote),
            local: None,
            udp_port: m3ua::transport::UDP_ENCAPSULATION_PORT,
            point_code: a.opc,
            gt: a.calling_gt,
            ssn: a.ssn,
            routing_context: a.routing_context,
            scp_point_code: a.dpc,
            scp_gt: a.called_gt,
            network_indicator: a.ni,
            timers: Timers::default(),
        }
    }

    /// Reads a TOML file's text over these values (keys not given keep theirs).
    pub fn apply_toml(&mut self, text: &str) -> Result<(), ConfigError> {
        let f: SspFile = toml::from_str(text).map_err(|e| ConfigError::Toml(e.to_string()))?;
        if let Some(r) = f.role {
            self.role = Role::parse(&r).map_err(ConfigError::Invalid)?;
        }
        if let Some(t) = f.transport {
            self.transport = t.parse().map_err(ConfigError::Transport)?;
        }
        let addr = |s: String| {
            s.parse::<SocketAddr>()
                .map_err(|e| ConfigError::Invalid(format!("address {s:?}: {e}")))
        };
        if let Some(r) = f.remote {
            self.remote = Some(addr(r)?);
        }
        if let Some(l) = f.local {
            self.local = Some(addr(l)?);
        }
        macro_rules! set {
            ($($k:ident),*) => { $( if let Some(v) = f.$k { self.$k = v; } )* };
        }
        set!(
            udp_port,
            point_code,
            gt,
            ssn,
            scp_point_code,
            scp_gt,
            network_indicator
        );
        if let Some(rc) = f.routing_context {
            self.routing_context = Some(rc);
        }
        if let Some(ms) = f.answer_timeout_ms {
            self.timers.answer_timeout = Duration::from_millis(ms);
        }
        if let Some(ms) = f.announcement_ms {
            self.timers.announcement = Duration::from_millis(ms);
        }
        self.validate()
    }

    /// Checks the values.
    pub fn validate(&self) -> Result<(), ConfigError> {
        // Q.704 §2.2.2: an ITU point code is 14 bits.
        for (what, pc) in [
            ("point-code", self.point_code),
            ("scp-point-code", self.scp_point_code),
        ] {
            if pc > 0x3fff {
                return Err(ConfigError::Invalid(format!(
                    "{what} {pc} is more than 14 bits"
                )));
            }
        }
        if self.network_indicator > 3 {
            return Err(ConfigError::Invalid("network-indicator is 0 to 3".into()));
        }
        for (what, gt) in [("gt", &self.gt), ("scp-gt", &self.scp_gt)] {
            sccp::Digits::new(gt)
                .map_err(|e| ConfigError::Invalid(format!("{what} {gt:?}: {e}")))?;
        }
        if self.role != Role::SgpListen && self.remote.is_none() {
            return Err(ConfigError::Invalid(
                "roles asp and ipsp need a remote address".into(),
            ));
        }
        if self.role == Role::SgpListen && self.local.is_none() {
            return Err(ConfigError::Invalid(
                "role sgp-listen needs a local address".into(),
            ));
        }
        Ok(())
    }

    /// The addressing of the switch's messages.
    pub fn addressing(&self) -> Addressing {
        Addressing {
            routing_context: self.routing_context,
            opc: self.point_code,
            dpc: self.scp_point_code,
            ni: self.network_indicator,
            sls: 0,
            called_gt: self.scp_gt.clone(),
            calling_gt: self.gt.clone(),
            ssn: self.ssn,
        }
    }

    /// The switch engine's configuration for association number `index`.
    pub fn switch_config(&self, index: usize, record: bool) -> SwitchConfig {
        SwitchConfig {
            addressing: self.addressing(),
            idp: IdpOptions::new("0", None),
            timers: self.timers,
            record,
            // Each association numbers its dialogues in its own range of 2^24.
            first_otid: ((index as u32 & 0xff) << 24) | 1,
        }
    }

    /// The transport configuration.
    pub fn transport_config(&self) -> TransportConfig {
        transport_config(self.transport, self.local, self.udp_port)
    }

    /// Opens `n` associations and waits until each is ASP-ACTIVE.
    pub async fn open_links(&self, n: usize) -> Result<Vec<Link>, ConfigError> {
        self.validate()?;
        let n = n.max(1);
        let mut links = Vec::with_capacity(n);
        match self.role {
            Role::Asp | Role::Ipsp => {
                let remote = self
                    .remote
                    .ok_or(ConfigError::Invalid("no remote".into()))?;
                for i in 0..n {
                    let role = if self.role == Role::Asp {
                        AspRole::Asp
                    } else {
                        AspRole::Ipsp(IpspExchange::SingleInitiator)
                    };
                    let assoc = association(role, self.routing_context, i, n)?;
                    links.push(Link::connect(self.transport_config(), vec![remote], assoc));
                }
            }
            Role::SgpListen => {
                let mut listener = transport::listen(&self.transport_config()).await?;
                for i in 0..n {
                    let conn = listener.accept().await?;
                    let assoc = association(AspRole::Sgp, self.routing_context, i, n)?;
                    links.push(Link::accepted(conn, assoc));
                }
                // The listener's endpoint (userspace SCTP) lives as long as the connections.
                std::mem::forget(listener);
            }
        }
        for link in &mut links {
            if !link.wait_for(AspState::Active, ACTIVE_WAIT).await {
                return Err(ConfigError::NotActive(ACTIVE_WAIT));
            }
        }
        Ok(links)
    }
}

/// How long a command waits for its association to become active.
pub const ACTIVE_WAIT: Duration = Duration::from_secs(10);

/// A transport configuration for `kind`, bound to `local` (any address otherwise).
pub fn transport_config(
    kind: TransportKind,
    local: Option<SocketAddr>,
    udp_port: u16,
) -> TransportConfig {
    TransportConfig {
        kind,
        local: vec![local.unwrap_or_else(|| SocketAddr::from(([0, 0, 0, 0], 0)))],
        udp_encapsulation_port: udp_port,
        ..TransportConfig::default()
    }
}

/// An association of `role` serving `routing_context`, member `index` of `n`.
pub fn association(
    role: AspRole,
    routing_context: Option<u32>,
    index: usize,
    n: usize,
) -> Result<Association, ConfigError> {
    let mut c = Config::new(role);
    c.routing_contexts = routing_context.into_iter().collect();
    if role.initiates() {
        c.asp_identifier = Some(index as u32 + 1);
        c.traffic_mode = Some(if n > 1 {
            TrafficModeType::LOADSHARE
        } else {
            TrafficModeType::OVERRIDE
        });
        // Do not wait for a NTFY some SGPs never send before ASPAC.
        c.quirks.aspac_without_ntfy = true;
    }
    c.outbound_streams = 17;
    c.jitter_seed ^= index as u64;
    Association::new(c).map_err(|e| ConfigError::Invalid(format!("association: {e}")))
}

/// The keys of a configuration file.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct SspFile {
    role: Option<String>,
    transport: Option<String>,
    remote: Option<String>,
    local: Option<String>,
    udp_port: Option<u16>,
    point_code: Option<u32>,
    gt: Option<String>,
    ssn: Option<u8>,
    routing_context: Option<u32>,
    scp_point_code: Option<u32>,
    scp_gt: Option<String>,
    network_indicator: Option<u8>,
    answer_timeout_ms: Option<u64>,
    announcement_ms: Option<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_overrides_the_defaults_and_refuses_unknown_keys() {
        let mut c = SspConfig::new("127.0.0.1:2905".parse().unwrap());
        c.apply_toml(
            "role = \"ipsp\"\ntransport = \"usctp-udp\"\npoint-code = 77\nrouting-context = 9\n\
             answer-timeout-ms = 300\n",
        )
        .unwrap();
        assert_eq!(c.role, Role::Ipsp);
        assert_eq!(c.transport, TransportKind::UserSctpUdp);
        assert_eq!(c.point_code, 77);
        assert_eq!(c.routing_context, Some(9));
        assert_eq!(c.timers.answer_timeout, Duration::from_millis(300));
        assert!(matches!(
            c.apply_toml("pointcode = 1"),
            Err(ConfigError::Toml(_))
        ));
        assert!(matches!(
            c.apply_toml("point-code = 20000"),
            Err(ConfigError::Invalid(_))
        ));
    }
}
