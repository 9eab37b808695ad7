//! The `vns-ssp` command line.

use std::io::{Read, Write};
use std::process::ExitCode;

use bytes::Bytes;
use clap::{Args, Parser, Subcommand};
use tcap::TransactionId;

use crate::build::{self, Addressing, ConnectOptions, IdpOptions};
use crate::trace::Trace;

/// vns-ssp: an SSP (switch) simulator and SIGTRAN trace tool for INAP networks.
#[derive(Debug, Parser)]
#[command(name = "vns-ssp", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

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
