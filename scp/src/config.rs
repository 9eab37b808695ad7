//! The `vns-scp` configuration: one TOML file, every table optional, unknown keys rejected.
//!
//! [`Config::default`] is the embedded demo configuration (`config/default.toml` documents the
//! same values): an SGP listening on 127.0.0.1:2905 over the `auto` transport, point code 2,
//! global title 8250412345678 on SSN 241, a RocksDB under `./vns-data`, demo bindings made on
//! first start, metrics on 127.0.0.1:9464.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use m3ua::TrafficModeType;
use m3ua::transport::TransportKind;
use serde::{Deserialize, Deserializer};
use tcap::ber::Oid;

/// Why a configuration could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The TOML is malformed or has an unknown key or a value of the wrong type.
    #[error("{path}: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// The TOML parser's message (with line and column).
        message: String,
    },
    /// A value is out of range or inconsistent with another.
    #[error("{0}")]
    Invalid(String),
}

/// The whole configuration.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Who we are on the SS7 network.
    pub node: NodeConfig,
    /// The M3UA associations.
    pub m3ua: M3uaConfig,
    /// The TCAP dialogue layer.
    pub tcap: TcapConfig,
    /// The number store.
    pub store: StoreSection,
    /// The service logic (call flows, announcements, causes, admission control).
    pub service: crate::service::ServiceConfig,
    /// The HTTP endpoint (metrics, health).
    pub http: HttpConfig,
    /// Logging.
    pub log: LogConfig,
}

impl Config {
    /// Reads and checks a configuration file.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        Self::parse(&text).map_err(|e| match e {
            ConfigError::Parse { message, .. } => ConfigError::Parse {
                path: path.to_owned(),
                message,
            },
            other => other,
        })
    }

    /// Parses and checks a configuration.
    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        let config: Self = toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: PathBuf::from("<config>"),
            message: e.to_string(),
        })?;
        config.validate()?;
        Ok(config)
    }

    /// Checks values that TOML types alone cannot.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |m: String| Err(ConfigError::Invalid(m));
        if self.node.point_code > 0x3fff {
            return invalid(format!(
                "node.point_code {} does not fit 14 bits (ITU)",
                self.node.point_code
            ));
        }
        if self.node.network_indicator > 3 {
            return invalid("node.network_indicator must be 0–3".into());
        }
        if sccp::Digits::from_str(&self.node.global_title).is_err() {
            return invalid(format!(
                "node.global_title {:?} is not a digit string",
                self.node.global_title
            ));
        }
        if self.m3ua.listen.is_empty() && self.m3ua.connect.is_empty() {
            return invalid("m3ua: give `listen` or `connect` addresses (or both)".into());
        }
        if self.m3ua.role == M3uaRole::Asp && self.m3ua.connect.is_empty() {
            return invalid("m3ua.role = \"asp\" needs `connect` (the SGP or STP)".into());
        }
        if self.m3ua.role == M3uaRole::Sgp && self.m3ua.listen.is_empty() {
            return invalid("m3ua.role = \"sgp\" needs `listen`".into());
        }
        if self.tcap.idle_timeout_ms == 0 {
            return invalid("tcap.idle_timeout_ms must be > 0".into());
        }
        if self.tcap.max_dialogues == 0 {
            return invalid("tcap.max_dialogues must be > 0".into());
        }
        if self.tcap.application_contexts.is_empty() {
            return invalid("tcap.application_contexts must list at least one context".into());
        }
        self.service
            .validate()
            .map_err(|e| ConfigError::Invalid(format!("[service]: {e}")))?;
        Ok(())
    }
}

/// Our SS7 identity.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NodeConfig {
    /// Our signalling point code (ITU, 14 bits).
    pub point_code: u32,
    /// Network indicator put in DATA (0 international, 2 national).
    pub network_indicator: u8,
    /// Our global title (E.164 digits), put in the calling party address of what we send when
    /// the switch addressed us by global title.
    pub global_title: String,
    /// Our subsystem number (241 = INAP).
    pub ssn: u8,
    /// Global-title prefixes we serve: a UDT routed on GT whose called digits start with none
    /// of them is returned (UDTS "no translation for an address of such nature"). Empty: every
    /// GT is ours (an STP in front did the translation).
    pub accept_gt_prefixes: Vec<String>,
}

impl Default for NodeConfig {
    fn default() -> Self {
        Self {
            point_code: 2,
            network_indicator: 2,
            global_title: "8250412345678".into(),
            ssn: 241,
            accept_gt_prefixes: Vec::new(),
        }
    }
}

/// The M3UA role of our side of each association.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum M3uaRole {
    /// We are the SGP: switches (ASPs) connect to us.
    Sgp,
    /// We are an ASP of an STP/SGP: we connect.
    Asp,
    /// IPSP: point to point with the switch, either side connecting.
    Ipsp,
}

/// The M3UA associations.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct M3uaConfig {
    /// Transport: auto (kernel SCTP when the kernel has it, else SCTP over UDP), sctp,
    /// usctp-udp, usctp-raw or tcp.
    #[serde(deserialize_with = "transport_kind")]
    pub transport: TransportKind,
    /// Our role.
    pub role: M3uaRole,
    /// Addresses to listen on (SGP and IPSP).
    pub listen: Vec<SocketAddr>,
    /// Peers to connect to (ASP and IPSP), one association each, load-shared.
    pub connect: Vec<SocketAddr>,
    /// Local address to connect from (port 0: any).
    pub local: Option<SocketAddr>,
    /// Routing contexts of our AS (sent in ASPAC / expected in DATA). Empty: none.
    pub routing_contexts: Vec<u32>,
    /// Traffic mode of our AS: override, loadshare or broadcast, sent in ASPAC (ASP role) and
    /// required of the peer's ASPAC (SGP role); `any` (the default): none sent, any accepted.
    #[serde(deserialize_with = "traffic_mode")]
    pub traffic_mode: Option<TrafficModeType>,
    /// ASP identifier sent in ASPUP.
    pub asp_identifier: Option<u32>,
    /// M3UA BEAT interval (ms); 0: none (SCTP has its own heartbeat; set it over TCP).
    pub beat_ms: u64,
    /// SCTP outbound streams asked for.
    pub streams: u16,
}

impl Default for M3uaConfig {
    fn default() -> Self {
        Self {
            transport: TransportKind::Auto,
            role: M3uaRole::Sgp,
            listen: vec![SocketAddr::from(([127, 0, 0, 1], 2905))],
            connect: Vec::new(),
            local: None,
            routing_contexts: vec![2],
            traffic_mode: None,
            asp_identifier: None,
            beat_ms: 0,
            streams: 17,
        }
    }
}

/// The TCAP dialogue layer.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TcapConfig {
    /// Dialogue shards (worker tasks); 0: one per CPU.
    pub shards: usize,
    /// A dialogue with no message either way for this long is aborted (ms).
    pub idle_timeout_ms: u64,
    /// Operation timer for the invokes we send (ms).
    pub invoke_timeout_ms: u64,
    /// Most dialogues open at once, over all shards.
    pub max_dialogues: usize,
    /// Application contexts accepted in an AARQ (dotted OIDs). Default: [`default_contexts`].
    #[serde(deserialize_with = "oids")]
    pub application_contexts: Vec<Oid>,
    /// The context assumed for a Begin without a dialogue portion (many CS-1 switches send
    /// none). `None`: such a Begin is refused.
    #[serde(deserialize_with = "opt_oid")]
    pub default_context: Option<Oid>,
}

impl TcapConfig {
    /// The idle timeout.
    pub fn idle_timeout(&self) -> Duration {
        Duration::from_millis(self.idle_timeout_ms)
    }
}

/// The contexts accepted by default: the SSP-to-SCP contexts of the three families
/// [`inap::ac`] knows (ETSI CS-1, ITU-T Q.1218, Ericsson CS1+ revisions A and B), the ETSI one
/// first (the default for Begins without a dialogue portion).
pub fn default_contexts() -> Vec<Oid> {
    vec![
        inap::ac::CS1_SSP_TO_SCP,
        inap::ac::CS1_ASSIST_HANDOFF_SSP_TO_SCP,
        inap::ac::Q1218_GENERIC_SSF_TO_SCF,
        inap::ac::Q1218_DP_SPECIFIC_SSF_TO_SCF,
        inap::ac::ERICSSON_CS1PLUS_SSP_TO_SCP,
        inap::ac::ERICSSON_CS1PLUS_SSP_TO_SCP_REV_B,
    ]
}

impl Default for TcapConfig {
    fn default() -> Self {
        let contexts = default_contexts();
        Self {
            shards: 0,
            idle_timeout_ms: 30_000,
            invoke_timeout_ms: 10_000,
            max_dialogues: 200_000,
            default_context: contexts.first().cloned(),
            application_contexts: contexts,
        }
    }
}

/// The number store.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StoreSection {
    /// The data directory (RocksDB and, for the demo, the generated key file).
    pub data_dir: PathBuf,
    /// The key file (see `store::KeyRing::from_file`). None: the `VNS_STORE_KEYS` environment
    /// variable, else a key generated into `<data_dir>/keys` on first start (demo only).
    pub key_file: Option<PathBuf>,
    /// Make a demo tenant with a few bindings when the store is empty.
    pub demo: bool,
    /// RocksDB block cache (MiB).
    pub block_cache_mib: usize,
    /// Run the expiry/quarantine sweeper this often (s).
    pub sweep_interval_secs: u64,
}

impl Default for StoreSection {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("vns-data"),
            key_file: None,
            demo: true,
            block_cache_mib: 256,
            sweep_interval_secs: 60,
        }
    }
}

/// The HTTP endpoint.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HttpConfig {
    /// Where `/metrics`, `/healthz` and `/readyz` are served; None: nowhere.
    pub listen: Option<SocketAddr>,
}

impl Default for HttpConfig {
    fn default() -> Self {
        Self {
            listen: Some(SocketAddr::from(([127, 0, 0, 1], 9464))),
        }
    }
}

/// Log format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// Logging.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LogConfig {
    /// Format.
    pub format: LogFormat,
    /// Filter, in `RUST_LOG` syntax (e.g. `info`, `scp=debug,m3ua=info`).
    pub level: String,
}

impl Default for LogConfig {
    fn default() -> Self {
        Self {
            format: LogFormat::Text,
            level: "info".into(),
        }
    }
}

fn transport_kind<'de, D: Deserializer<'de>>(d: D) -> Result<TransportKind, D::Error> {
    let s = String::deserialize(d)?;
    s.parse().map_err(serde::de::Error::custom)
}

fn traffic_mode<'de, D: Deserializer<'de>>(d: D) -> Result<Option<TrafficModeType>, D::Error> {
    match String::deserialize(d)?.as_str() {
        "any" => Ok(None),
        "override" => Ok(Some(TrafficModeType::OVERRIDE)),
        "loadshare" => Ok(Some(TrafficModeType::LOADSHARE)),
        "broadcast" => Ok(Some(TrafficModeType::BROADCAST)),
        other => Err(serde::de::Error::custom(format!(
            "unknown traffic mode {other:?} (any, override, loadshare, broadcast)"
        ))),
    }
}

/// Parses a dotted OID such as `0.4.0.1.1.1.0.0`.
pub fn parse_oid(s: &str) -> Result<Oid, String> {
    let arcs = s
        .split('.')
        .map(|a| a.parse::<u32>().map_err(|_| format!("bad OID {s:?}")))
        .collect::<Result<Vec<_>, _>>()?;
    if arcs.len() < 2 || arcs[0] > 2 || (arcs[0] < 2 && arcs[1] > 39) {
        return Err(format!("bad OID {s:?}"));
    }
    // Encoded length (X.690 §8.19): the first two arcs share one subidentifier; each takes one
    // octet per 7 bits.
    let octets = |v: u64| (64 - v.leading_zeros()).div_ceil(7).max(1) as usize;
    let first = u64::from(arcs[0]) * 40 + u64::from(arcs[1]);
    let len = octets(first) + arcs[2..].iter().map(|&a| octets(a.into())).sum::<usize>();
    if len > Oid::MAX_LEN {
        return Err(format!("OID {s:?} is longer than {} octets", Oid::MAX_LEN));
    }
    Ok(Oid::from_arcs(&arcs))
}

fn oids<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Oid>, D::Error> {
    Vec::<String>::deserialize(d)?
        .iter()
        .map(|s| parse_oid(s).map_err(serde::de::Error::custom))
        .collect()
}

fn opt_oid<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Oid>, D::Error> {
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(s) if s.is_empty() || s == "none" => Ok(None),
        Some(s) => parse_oid(&s).map(Some).map_err(serde::de::Error::custom),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_is_the_embedded_default() {
        let c = Config::parse("").unwrap();
        assert_eq!(c.node.point_code, 2);
        assert_eq!(c.m3ua.role, M3uaRole::Sgp);
        assert_eq!(c.tcap.application_contexts.len(), 6);
    }

    #[test]
    fn unknown_keys_are_rejected_with_their_place() {
        let e = Config::parse("[node]\npoint_kode = 3\n").unwrap_err();
        assert!(e.to_string().contains("point_kode"), "{e}");
        let e = Config::parse("[nodes]\n").unwrap_err();
        assert!(e.to_string().contains("nodes"), "{e}");
    }

    #[test]
    fn values_are_checked() {
        for bad in [
            "[node]\npoint_code = 20000\n",
            "[node]\nglobal_title = \"82x\"\n",
            "[m3ua]\nrole = \"asp\"\n",
            "[m3ua]\ntransport = \"carrier-pigeon\"\n",
            "[m3ua]\ntraffic_mode = \"roundrobin\"\n",
            "[tcap]\napplication_contexts = [\"0.4.x\"]\n",
            "[tcap]\napplication_contexts = []\n",
            "[service.overload]\nmax_in_flight = 0\n",
        ] {
            assert!(Config::parse(bad).is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn oids_parse_both_ways() {
        let oid = parse_oid("0.4.0.1.1.1.0.0").unwrap();
        assert_eq!(oid, Oid::from_arcs(&[0, 4, 0, 1, 1, 1, 0, 0]));
        assert!(parse_oid("3.1").is_err());
        assert!(parse_oid("0").is_err());
        assert!(parse_oid(&["4294967295"; 12].join(".")).is_err());
        let long = format!("1.2.{}", ["4294967295"; 6].join("."));
        assert_eq!(parse_oid(&long).unwrap().to_string(), long);
    }
}
