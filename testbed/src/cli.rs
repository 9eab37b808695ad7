//! The `vns-ssp` command line.

use std::io::{Read, Write};
use std::process::ExitCode;

use bytes::Bytes;
use clap::{Args, Parser, Subcommand};
use tcap::TransactionId;

use std::net::SocketAddr;
use std::time::Duration;

use m3ua::transport::TransportKind;

use crate::build::{self, Addressing, ConnectOptions, IdpOptions};
use crate::config::{ConfigError, Role, SspConfig};
use crate::expect::Expectation;
use crate::load::{LoadConfig, Numbers, parse_mix};
use crate::model::{CallModel, CallSpec, Trigger};
use crate::pcap::{LinkType, PcapWriter};
use crate::responder::{Answers, Plan, Responder, ResponderConfig, ResponderRole};
use crate::scenario::Scenario;
use crate::ssp::Ssp;
use crate::trace::Trace;

/// vns-ssp: an SSP (switch) simulator and SIGTRAN trace tool for INAP networks.
#[derive(Debug, Parser)]
#[command(name = "vns-ssp", version, about, long_about = None, after_help = EXAMPLES)]
pub struct Cli {
    /// Threads of the network commands' runtime (1: everything on one thread, no cross-thread
    /// wake-ups; best when the generator and the SCP share few cores).
    #[arg(long, global = true, default_value_t = 2)]
    pub threads: usize,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The examples `vns-ssp --help` shows (a test runs each against a responder).
pub const EXAMPLES: &str = "\
Examples:
  vns-ssp respond --listen 127.0.0.1:2905 --answer connect:01098765432
  vns-ssp call --remote 127.0.0.1:2905 --called 050412345678 --expect connect:01098765432
  vns-ssp call --remote 127.0.0.1:2905 --called 050412345678 --model busy --expect connect --pcap call.pcap
  vns-ssp load --remote 127.0.0.1:2905 --rate 200 --duration 0.5 --called 050400000000-050400000999 --html load.html";

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Decode M3UA messages given as hex (from a switch trace) through M3UA, SCCP, TCAP and INAP.
    ///
    /// Spaces, newlines, colons and `0x` prefixes in the hex are ignored; several consecutive M3UA
    /// messages are decoded one after the other. Real phone numbers are masked unless --reveal.
    Decode(DecodeArgs),
    /// Encode a complete M3UA DATA message carrying an INAP operation and print its hex.
    #[command(subcommand)]
    Encode(EncodeCommand),
    /// Place one call against the SCP and print the ladder of messages, the outcome and the latency
    /// of each step; exit code 0 only when every --expect holds.
    Call(CallArgs),
    /// Run a scenario file (a sequence of calls with expectations); optional JUnit XML report.
    Run(RunArgs),
    /// Open-loop load at a target rate; live progress on stderr, report in text, JSON and HTML.
    Load(LoadArgs),
    /// A null SCP: answer every InitialDP with a fixed or scripted answer.
    Respond(RespondArgs),
}

/// Where the switch sits and how it reaches the SCP (flags override `--config`).
#[derive(Debug, Args)]
pub struct NetArgs {
    /// A TOML file with these settings (keys: role, transport, remote, local, udp-port, point-code,
    /// gt, ssn, routing-context, scp-point-code, scp-gt, network-indicator, answer-timeout-ms,
    /// announcement-ms).
    #[arg(long)]
    pub config: Option<std::path::PathBuf>,
    /// asp (connect to an STP/SGP), ipsp (connect to an IPSP peer), sgp-listen (let the SCP connect).
    #[arg(long, value_parser = Role::parse)]
    pub role: Option<Role>,
    /// auto, sctp, usctp-udp, usctp-raw, tcp.
    #[arg(long)]
    pub transport: Option<TransportKind>,
    /// The SCP/STP address to connect to.
    #[arg(long)]
    pub remote: Option<SocketAddr>,
    /// The local address (listened on with sgp-listen).
    #[arg(long)]
    pub local: Option<SocketAddr>,
    /// UDP port of SCTP over UDP (RFC 6951), both ends.
    #[arg(long)]
    pub udp_port: Option<u16>,
    /// Our point code.
    #[arg(long)]
    pub pc: Option<u32>,
    /// Our global title.
    #[arg(long)]
    pub gt: Option<String>,
    /// Subsystem number.
    #[arg(long)]
    pub ssn: Option<u8>,
    /// Routing context.
    #[arg(long)]
    pub rc: Option<u32>,
    /// The SCP's point code.
    #[arg(long)]
    pub scp_pc: Option<u32>,
    /// The SCP's global title.
    #[arg(long)]
    pub scp_gt: Option<String>,
    /// How long to wait for each SCP answer (T-SSF), ms.
    #[arg(long)]
    pub answer_timeout_ms: Option<u64>,
    /// How long an announcement plays before the SpecializedResourceReport, ms.
    #[arg(long)]
    pub announcement_ms: Option<u64>,
    /// Write every M3UA DATA sent and received to this pcap file.
    #[arg(long)]
    pub pcap: Option<std::path::PathBuf>,
    /// The pcap link type: 248 (SCTP) or 228 (IPv4).
    #[arg(long, default_value = "248", value_parser = LinkType::parse)]
    pub pcap_linktype: LinkType,
}

impl NetArgs {
    /// The configuration these flags (and the file) make.
    pub fn config(&self) -> Result<SspConfig, String> {
        self.config_with(None)
    }

    /// The configuration from `base` (TOML, e.g. a scenario's `[ssp]` table), then the `--config`
    /// file, then the flags.
    pub fn config_with(&self, base: Option<&str>) -> Result<SspConfig, String> {
        let mut c = SspConfig::new(SocketAddr::from(([127, 0, 0, 1], 2905)));
        c.remote = None;
        if let Some(text) = base {
            apply_file(&mut c, text)?;
        }
        if let Some(path) = &self.config {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            apply_file(&mut c, &text)?;
        }
        if let Some(r) = self.role {
            c.role = r;
        }
        if let Some(t) = self.transport {
            c.transport = t;
        }
        c.remote = self.remote.or(c.remote);
        c.local = self.local.or(c.local);
        c.udp_port = self.udp_port.unwrap_or(c.udp_port);
        c.point_code = self.pc.unwrap_or(c.point_code);
        c.ssn = self.ssn.unwrap_or(c.ssn);
        c.routing_context = self.rc.or(c.routing_context);
        c.scp_point_code = self.scp_pc.unwrap_or(c.scp_point_code);
        if let Some(g) = &self.gt {
            c.gt = g.clone();
        }
        if let Some(g) = &self.scp_gt {
            c.scp_gt = g.clone();
        }
        if let Some(ms) = self.answer_timeout_ms {
            c.timers.answer_timeout = Duration::from_millis(ms);
        }
        if let Some(ms) = self.announcement_ms {
            c.timers.announcement = Duration::from_millis(ms);
        }
        c.validate().map_err(|e| e.to_string())?;
        Ok(c)
    }

    fn pcap(&self) -> Result<Option<PcapWriter>, String> {
        self.pcap
            .as_ref()
            .map(|p| {
                PcapWriter::create(p, self.pcap_linktype)
                    .map_err(|e| format!("{}: {e}", p.display()))
            })
            .transpose()
    }
}

/// Applies a config file's keys without validating (the flags may still complete it).
fn apply_file(c: &mut SspConfig, text: &str) -> Result<(), String> {
    match c.apply_toml(text) {
        Ok(()) => Ok(()),
        // Missing addresses are for the flags to give; anything else is an error in the file.
        Err(ConfigError::Invalid(m)) if m.contains("needs a") => Ok(()),
        Err(e) => Err(e.to_string()),
    }
}

/// What a call is (shared by `call` and `load`).
#[derive(Debug, Args)]
pub struct CallOptions {
    /// Service key.
    #[arg(long, default_value_t = 100)]
    pub service_key: u32,
    /// Calling party's category (10 ordinary subscriber, 13 test call, 15 payphone).
    #[arg(long, default_value_t = 10)]
    pub category: u8,
    /// Print real numbers in clear (they are personal data).
    #[arg(long)]
    pub reveal: bool,
}

/// Options of `call`.
#[derive(Debug, Args)]
pub struct CallArgs {
    /// Called party number (`+` for international).
    #[arg(long)]
    pub called: String,
    /// Calling party number.
    #[arg(long)]
    pub calling: Option<String>,
    /// terminating (on the called number) or originating (for a protected caller).
    #[arg(long, default_value = "terminating", value_parser = Trigger::parse)]
    pub trigger: Trigger,
    /// What the switch plays if the SCP arms events: `answer:RING_S:TALK_S`, `busy`,
    /// `no-answer:S`, `abandon:S` (times in seconds, optional, default 0).
    #[arg(long, default_value = "answer", value_parser = CallModel::parse)]
    pub model: CallModel,
    /// An expectation (repeatable): connect:N, release:C, continue, end, announce:ID, event:NAME,
    /// abandoned, gapped, abort, timeout, reject, unexpected, wrong-destination.
    #[arg(long, value_parser = Expectation::parse)]
    pub expect: Vec<Expectation>,
    /// Every layer of every message, not one line each.
    #[arg(long)]
    pub verbose: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// The call's options.
    #[command(flatten)]
    pub call: CallOptions,
    /// The network.
    #[command(flatten)]
    pub net: NetArgs,
}

/// Options of `run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// The scenario file.
    pub file: std::path::PathBuf,
    /// Write a JUnit XML report here.
    #[arg(long)]
    pub junit: Option<std::path::PathBuf>,
    /// Print every case's ladder, not only the failed ones'.
    #[arg(long)]
    pub verbose: bool,
    /// Print real numbers in clear.
    #[arg(long)]
    pub reveal: bool,
    /// The network (overrides the scenario's `ssp` table).
    #[command(flatten)]
    pub net: NetArgs,
}

/// Options of `load`.
#[derive(Debug, Args)]
pub struct LoadArgs {
    /// Target rate, calls per second.
    #[arg(long)]
    pub rate: f64,
    /// Seconds to reach the rate (linear).
    #[arg(long, default_value_t = 0.0)]
    pub ramp_up: f64,
    /// Seconds of sending.
    #[arg(long, default_value_t = 10.0)]
    pub duration: f64,
    /// Most dialogues in flight.
    #[arg(long, default_value_t = 100_000)]
    pub max_in_flight: usize,
    /// Associations (one worker each).
    #[arg(long, default_value_t = 1)]
    pub associations: usize,
    /// Called numbers: one, or a range FIRST-LAST.
    #[arg(long, conflicts_with = "called_file")]
    pub called: Option<String>,
    /// Called numbers from a file, one per line.
    #[arg(long)]
    pub called_file: Option<std::path::PathBuf>,
    /// Calling numbers: one, or a range FIRST-LAST.
    #[arg(long)]
    pub calling: Option<String>,
    /// Weighted call models, e.g. `answer:1:30=8,busy=1,abandon:2=1`.
    #[arg(long, default_value = "answer")]
    pub models: String,
    /// Weighted triggers, e.g. `terminating=9,originating=1`.
    #[arg(long, default_value = "terminating")]
    pub triggers: String,
    /// An expectation every call must meet (repeatable); a call that misses counts as a failure.
    #[arg(long, value_parser = Expectation::parse)]
    pub expect: Vec<Expectation>,
    /// Seconds to wait for the calls in flight after the last one is sent.
    #[arg(long, default_value_t = 5.0)]
    pub drain: f64,
    /// Write the report as JSON here.
    #[arg(long)]
    pub json: Option<std::path::PathBuf>,
    /// Write the report as a self-contained HTML page here.
    #[arg(long)]
    pub html: Option<std::path::PathBuf>,
    /// No progress lines on stderr.
    #[arg(long)]
    pub quiet: bool,
    /// The call's options.
    #[command(flatten)]
    pub call: CallOptions,
    /// The network.
    #[command(flatten)]
    pub net: NetArgs,
}

/// Options of `respond`.
#[derive(Debug, Args)]
pub struct RespondArgs {
    /// sgp-listen (the switch connects as an ASP), ipsp-listen, or asp (connect to --remote).
    #[arg(long, default_value = "sgp-listen", value_parser = ResponderRole::parse)]
    pub role: ResponderRole,
    /// auto, sctp, usctp-udp, usctp-raw, tcp.
    #[arg(long, default_value = "tcp")]
    pub transport: TransportKind,
    /// Where to listen.
    #[arg(long, default_value = "0.0.0.0:2905")]
    pub listen: SocketAddr,
    /// Where to connect (role asp).
    #[arg(long)]
    pub remote: Option<SocketAddr>,
    /// UDP port of SCTP over UDP.
    #[arg(long, default_value_t = m3ua::transport::UDP_ENCAPSULATION_PORT)]
    pub udp_port: u16,
    /// Routing context.
    #[arg(long, default_value_t = 2)]
    pub rc: u32,
    /// Associations (role asp).
    #[arg(long, default_value_t = 1)]
    pub associations: usize,
    /// The answer to every InitialDP: connect:N, release:C, continue, end, abort, reject, silent,
    /// unexpected, arm:notify|request+…, announce:ID+…, activity-test+…, gap:S+….
    #[arg(long, default_value = "connect:01098765432", value_parser = Plan::parse)]
    pub answer: Plan,
    /// A TOML file of answers: `default = "…"` and a `[numbers]` table (overrides --answer).
    #[arg(long)]
    pub script: Option<std::path::PathBuf>,
    /// Stop after this many seconds (default: run until interrupted).
    #[arg(long = "for", value_name = "SECONDS")]
    pub for_secs: Option<f64>,
}

/// Options of `decode`.
#[derive(Debug, Args)]
pub struct DecodeArgs {
    /// Print JSON (one object per message) instead of one line per layer.
    #[arg(long)]
    pub json: bool,
    /// Show real phone numbers in clear (they are personal data: mind where the output goes).
    #[arg(long)]
    pub reveal: bool,
    /// The hex, or `-` to read it from standard input.
    #[arg(required = true, num_args = 1..)]
    pub hex: Vec<String>,
}

/// What `encode` builds.
#[derive(Debug, Subcommand)]
pub enum EncodeCommand {
    /// An InitialDP in a TCAP Begin, as a switch sends it (SSP → SCP).
    Idp(IdpArgs),
    /// A Connect in a TCAP End (or Continue), as the SCP answers (SCP → SSP).
    Connect(ConnectArgs),
}

/// Options of `encode idp`.
#[derive(Debug, Args)]
pub struct IdpArgs {
    /// Called party number (the dialled virtual number); `+` for international.
    #[arg(long)]
    pub called: String,
    /// Calling party number; `+` for international.
    #[arg(long)]
    pub calling: Option<String>,
    /// Service key.
    #[arg(long, default_value_t = 100)]
    pub service_key: u32,
    /// Calling party's category (Q.763 §3.11: 10 ordinary subscriber, 13 test call, 15 payphone).
    #[arg(long, default_value_t = 10)]
    pub category: u8,
    /// Event type BCSM (2 collectedInfo, 3 analysedInformation, 12 termAttemptAuthorized).
    #[arg(long, default_value_t = 2)]
    pub event: u8,
    /// TCAP originating transaction id, hex (1–4 octets).
    #[arg(long, default_value = "01020304", value_parser = parse_tid)]
    pub otid: TransactionId,
    /// Invoke id.
    #[arg(long, default_value_t = 1)]
    pub invoke_id: i8,
    /// Leave out the dialogue portion (no AARQ / application context).
    #[arg(long)]
    pub no_dialogue: bool,
    /// Routing label and SCCP addresses.
    #[command(flatten)]
    pub addressing: AddressingArgs,
}

/// Options of `encode connect`.
#[derive(Debug, Args)]
pub struct ConnectArgs {
    /// Destination routing address: the number to connect to.
    #[arg(long)]
    pub dra: String,
    /// Original called party id (the virtual number).
    #[arg(long)]
    pub original_called: Option<String>,
    /// Calling party number to present to the callee.
    #[arg(long)]
    pub calling: Option<String>,
    /// TCAP destination transaction id, hex: the switch's otid.
    #[arg(long, default_value = "01020304", value_parser = parse_tid)]
    pub dtid: TransactionId,
    /// Answer in a TC-CONTINUE with this originating transaction id (hex) instead of a TC-END.
    #[arg(long, value_parser = parse_tid)]
    pub continue_otid: Option<TransactionId>,
    /// Invoke id.
    #[arg(long, default_value_t = 1)]
    pub invoke_id: i8,
    /// Leave out the dialogue portion (no AARE).
    #[arg(long)]
    pub no_dialogue: bool,
    /// Routing label and SCCP addresses.
    #[command(flatten)]
    pub addressing: AddressingArgs,
}

/// M3UA routing label and SCCP addresses; unset values take the direction's defaults.
#[derive(Debug, Args)]
pub struct AddressingArgs {
    /// M3UA routing context.
    #[arg(long)]
    pub rc: Option<u32>,
    /// Leave out the routing context parameter.
    #[arg(long, conflicts_with = "rc")]
    pub no_rc: bool,
    /// Originating point code (14-bit ITU, as an integer).
    #[arg(long)]
    pub opc: Option<u32>,
    /// Destination point code.
    #[arg(long)]
    pub dpc: Option<u32>,
    /// Network indicator (0 international, 2 national).
    #[arg(long)]
    pub ni: Option<u8>,
    /// Signalling link selection.
    #[arg(long)]
    pub sls: Option<u8>,
    /// SCCP called party global title digits.
    #[arg(long)]
    pub called_gt: Option<String>,
    /// SCCP calling party global title digits.
    #[arg(long)]
    pub calling_gt: Option<String>,
    /// SCCP subsystem number (241 INAP, 106 …).
    #[arg(long)]
    pub ssn: Option<u8>,
}

impl AddressingArgs {
    fn apply(&self, mut a: Addressing) -> Addressing {
        if self.no_rc {
            a.routing_context = None;
        } else if let Some(rc) = self.rc {
            a.routing_context = Some(rc);
        }
        a.opc = self.opc.unwrap_or(a.opc);
        a.dpc = self.dpc.unwrap_or(a.dpc);
        a.ni = self.ni.unwrap_or(a.ni);
        a.sls = self.sls.unwrap_or(a.sls);
        a.ssn = self.ssn.unwrap_or(a.ssn);
        if let Some(gt) = &self.called_gt {
            a.called_gt = gt.clone();
        }
        if let Some(gt) = &self.calling_gt {
            a.calling_gt = gt.clone();
        }
        a
    }
}

fn parse_tid(s: &str) -> Result<TransactionId, String> {
    let octets = parse_hex(s)?;
    TransactionId::new(&octets)
        .ok_or_else(|| "a transaction id is 1 to 4 octets of hex, e.g. 01020304".into())
}

/// Parses hex as found in traces: whitespace, `:` separators and `0x` prefixes are ignored.
pub fn parse_hex(text: &str) -> Result<Vec<u8>, String> {
    let mut nibbles = Vec::with_capacity(text.len());
    let cleaned = text.replace("0x", "").replace("0X", "");
    for (i, c) in cleaned.chars().enumerate() {
        if c.is_whitespace() || c == ':' || c == '-' {
            continue;
        }
        match c.to_digit(16) {
            Some(d) => nibbles.push(d as u8),
            None => return Err(format!("not hex: {c:?} at character {i}")),
        }
    }
    if nibbles.len() % 2 != 0 {
        return Err(format!("odd number of hex digits ({})", nibbles.len()));
    }
    Ok(nibbles.chunks(2).map(|p| (p[0] << 4) | p[1]).collect())
}

/// Splits a buffer into M3UA messages by their length fields; the rest (if any) is returned as the
/// last element so that its decoding reports the problem.
pub fn split_messages(bytes: Bytes) -> Vec<Bytes> {
    let mut out = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        match m3ua::message_length(&rest) {
            Ok(Some(len)) if len <= rest.len() => {
                out.push(rest.split_to(len));
            }
            _ => {
                out.push(rest);
                break;
            }
        }
    }
    out
}

/// Runs `vns-ssp` with the process's arguments.
pub fn main() -> ExitCode {
    run(
        Cli::parse(),
        &mut std::io::stdin().lock(),
        &mut std::io::stdout().lock(),
    )
}

/// Runs a parsed command line with the given input and output; returns the exit code (0 success,
/// 1 a message did not decode or could not be built, 2 bad input).
pub fn run(cli: Cli, input: &mut dyn Read, out: &mut dyn Write) -> ExitCode {
    match cli.command {
        Command::Decode(args) => decode(&args, input, out),
        Command::Call(args) => network(cli.threads, || call(args, out)),
        Command::Run(args) => network(cli.threads, || scenario(args, out)),
        Command::Load(args) => network(cli.threads, || load(args, out)),
        Command::Respond(args) => network(cli.threads, || respond(args, out)),
        Command::Encode(cmd) => {
            let built = match &cmd {
                EncodeCommand::Idp(a) => {
                    let mut o = IdpOptions::new(&a.called, a.calling.as_deref());
                    o.service_key = a.service_key;
                    o.category = a.category;
                    o.event = a.event;
                    o.otid = a.otid;
                    o.invoke_id = a.invoke_id;
                    if a.no_dialogue {
                        o.application_context = None;
                    }
                    o.addressing = a.addressing.apply(o.addressing);
                    build::initial_dp(&o)
                }
                EncodeCommand::Connect(a) => {
                    let mut o = ConnectOptions::new(&a.dra);
                    o.original_called = a.original_called.clone();
                    o.calling = a.calling.clone();
                    o.dtid = a.dtid;
                    o.continue_otid = a.continue_otid;
                    o.invoke_id = a.invoke_id;
                    if a.no_dialogue {
                        o.application_context = None;
                    }
                    o.addressing = a.addressing.apply(o.addressing);
                    build::connect(&o)
                }
            };
            match built {
                Ok(bytes) => {
                    let _ = writeln!(out, "{}", hex::encode(&bytes));
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("vns-ssp: {e}");
                    ExitCode::from(1)
                }
            }
        }
    }
}

fn decode(args: &DecodeArgs, input: &mut dyn Read, out: &mut dyn Write) -> ExitCode {
    let mut text = String::new();
    for h in &args.hex {
        if h == "-" {
            if let Err(e) = input.read_to_string(&mut text) {
                eprintln!("vns-ssp: reading standard input: {e}");
                return ExitCode::from(2);
            }
        } else {
            text.push_str(h);
        }
        text.push(' ');
    }
    let bytes = match parse_hex(&text) {
        Ok(b) if !b.is_empty() => b,
        Ok(_) => {
            eprintln!("vns-ssp: no hex given");
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("vns-ssp: {e}");
            return ExitCode::from(2);
        }
    };
    let mut failed = false;
    for (i, msg) in split_messages(Bytes::from(bytes)).into_iter().enumerate() {
        let trace = Trace::decode(msg);
        failed |= trace.error.is_some();
        let written = if args.json {
            writeln!(out, "{}", trace.to_json(args.reveal))
        } else {
            let sep = if i > 0 { "\n" } else { "" };
            write!(out, "{sep}{}", trace.to_text(args.reveal))
        };
        if written.is_err() {
            return ExitCode::from(2);
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Runs a network command on a runtime of its own; an `Err` is a usage or connection problem
/// (exit code 2).
fn network<F>(threads: usize, f: impl FnOnce() -> F) -> ExitCode
where
    F: std::future::Future<Output = Result<ExitCode, String>>,
{
    let built = if threads <= 1 {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
    } else {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads)
            .enable_all()
            .build()
    };
    let rt = match built {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("vns-ssp: cannot start the runtime: {e}");
            return ExitCode::from(2);
        }
    };
    let code = rt.block_on(f()).unwrap_or_else(|e| {
        eprintln!("vns-ssp: {e}");
        ExitCode::from(2)
    });
    // Links and endpoint tasks end with the runtime.
    rt.shutdown_timeout(Duration::from_millis(200));
    code
}

async fn call(args: CallArgs, out: &mut dyn Write) -> Result<ExitCode, String> {
    let config = args.net.config()?;
    let pcap = args.net.pcap()?;
    let ssp = Ssp::connect_with_pcap(config, pcap)
        .await
        .map_err(|e| e.to_string())?;
    let mut spec = CallSpec::new(&args.called, args.calling.as_deref());
    spec.service_key = args.call.service_key;
    spec.category = args.call.category;
    spec.trigger = args.trigger;
    spec.model = args.model;
    let report = ssp.call(spec).await;
    drop(ssp);
    let reveal = args.call.reveal;
    let mismatches: Vec<_> = args
        .expect
        .iter()
        .filter_map(|e| report.check(e).err())
        .collect();
    let written = if args.json {
        let mut v = serde_json::to_value(&report).unwrap_or_default();
        v["ladder"] = serde_json::Value::String(report.ladder(reveal, false));
        v["expectations_failed"] =
            serde_json::Value::from(mismatches.iter().map(|m| m.to_string()).collect::<Vec<_>>());
        if !reveal {
            let mask = |o: &mut serde_json::Value| {
                *o = serde_json::Value::String(crate::model::mask_number(o.as_str().unwrap_or("")));
            };
            if let Some(o) = v.pointer_mut("/record/outcome/destination") {
                mask(o);
            }
            if let Some(gaps) = v.pointer_mut("/record/gaps").and_then(|g| g.as_array_mut()) {
                for g in gaps {
                    if let Some(p) = g.get_mut("prefix") {
                        mask(p);
                    }
                }
            }
        }
        writeln!(out, "{v}")
    } else {
        let mut text = report.ladder(reveal, args.verbose);
        for e in &args.expect {
            match report.check(e) {
                Ok(()) => text.push_str(&format!("expect {}: ok\n", e.text(reveal))),
                Err(m) => text.push_str(&format!("expect {}: FAILED, {m}\n", e.text(reveal))),
            }
        }
        write!(out, "{text}")
    };
    written.map_err(|e| e.to_string())?;
    let ok = report.error.is_none()
        && mismatches.is_empty()
        && (!args.expect.is_empty() || report.record.failure.is_none());
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

async fn scenario(args: RunArgs, out: &mut dyn Write) -> Result<ExitCode, String> {
    let text =
        std::fs::read_to_string(&args.file).map_err(|e| format!("{}: {e}", args.file.display()))?;
    let scenario = Scenario::parse(&text).map_err(|e| e.to_string())?;
    // The scenario's [ssp] table first, then --config and the flags over it.
    let config = args.net.config_with(scenario.ssp.as_deref())?;
    let pcap = args.net.pcap()?;
    let ssp = Ssp::connect_with_pcap(config, pcap)
        .await
        .map_err(|e| e.to_string())?;
    let report = scenario.run(&ssp).await;
    drop(ssp);
    write!(out, "{}", report.to_text(args.reveal, args.verbose)).map_err(|e| e.to_string())?;
    if let Some(path) = &args.junit {
        let suite = args
            .file
            .file_stem()
            .map_or_else(|| "vns-ssp".into(), |s| s.to_string_lossy().into_owned());
        std::fs::write(path, report.to_junit(&suite))
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(if report.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

async fn load(args: LoadArgs, out: &mut dyn Write) -> Result<ExitCode, String> {
    let ssp = args.net.config()?;
    let called = match (&args.called, &args.called_file) {
        (Some(c), None) => Numbers::parse(c)?,
        (None, Some(path)) => Numbers::from_lines(
            &std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?,
        )?,
        _ => return Err("give --called or --called-file".into()),
    };
    let secs = |what: &str, v: f64| {
        if (0.0..1e7).contains(&v) {
            Ok(Duration::from_secs_f64(v))
        } else {
            Err(format!("{what}: seconds expected"))
        }
    };
    let mut c = LoadConfig::new(ssp, args.rate, secs("--duration", args.duration)?, called);
    c.ramp_up = secs("--ramp-up", args.ramp_up)?;
    c.drain = secs("--drain", args.drain)?;
    c.max_in_flight = args.max_in_flight.max(1);
    c.associations = args.associations.max(1);
    c.calling = args.calling.as_deref().map(Numbers::parse).transpose()?;
    c.service_key = args.call.service_key;
    c.category = args.call.category;
    c.models = parse_mix(&args.models, CallModel::parse)?;
    c.triggers = parse_mix(&args.triggers, Trigger::parse)?;
    c.expect = args.expect.clone();
    c.progress = !args.quiet;
    c.pcap = args.net.pcap.clone().map(|p| (p, args.net.pcap_linktype));
    let report = crate::load::run(c).await.map_err(|e| e.to_string())?;
    write!(out, "{}", report.to_text()).map_err(|e| e.to_string())?;
    if let Some(path) = &args.json {
        std::fs::write(path, report.to_json().to_string())
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    if let Some(path) = &args.html {
        std::fs::write(path, report.to_html()).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let failed: u64 = report.failures.values().sum();
    Ok(if failed == 0 && report.ended == report.started {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

async fn respond(args: RespondArgs, out: &mut dyn Write) -> Result<ExitCode, String> {
    let answers = match &args.script {
        Some(path) => Answers::from_toml(
            &std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?,
        )
        .map_err(|e| e.to_string())?,
        None => Answers::fixed(args.answer.clone()),
    };
    let mut config = ResponderConfig::new(args.listen, args.answer.clone());
    config.role = args.role;
    config.transport = args.transport;
    config.remote = args.remote;
    config.udp_port = args.udp_port;
    config.routing_context = Some(args.rc);
    config.associations = args.associations;
    config.answers = answers;
    let responder = Responder::start(config).await.map_err(|e| e.to_string())?;
    writeln!(
        out,
        "responding on {} ({})",
        responder.addr(),
        args.transport
    )
    .map_err(|e| e.to_string())?;
    let _ = out.flush();
    match args.for_secs {
        Some(s) if s.is_finite() && s >= 0.0 => {
            tokio::time::sleep(Duration::from_secs_f64(s.min(1e7))).await;
        }
        _ => {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
    let st = responder.stats();
    use std::sync::atomic::Ordering::Relaxed;
    writeln!(
        out,
        "associations {}  initialDPs {}  other dialogue messages {}  sent {}  stray {}",
        st.associations.load(Relaxed),
        st.initial_dps.load(Relaxed),
        st.dialogue_messages.load(Relaxed),
        st.sent.load(Relaxed),
        st.stray.load(Relaxed)
    )
    .map_err(|e| e.to_string())?;
    Ok(ExitCode::SUCCESS)
}
