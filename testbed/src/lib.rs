//! `vns-ssp`: the VNS switch (SSP) simulator, INAP load generator and SIGTRAN trace tool.
//!
//! It plays the switch side of IN calls against any SCP and tells precisely what the SCP did and
//! how fast. The binary is a thin shell over this library, so tests (and the SCP's own integration
//! tests) drive the same code:
//! - [`model`]: the switch side of one call, a sans-I/O state machine per TCAP dialogue
//!   ([`CallMachine`]), following a [`CallModel`] (answer, busy, no answer, abandon);
//! - [`switch`]: every call of one association, routed by transaction id ([`Switch`]), CallGap;
//! - [`ssp`]: the switch on the network: [`Ssp::connect`], [`Ssp::call`] → [`CallReport`];
//! - [`expect`]: the expectation language (`connect:01098765432`, `release:1`, …);
//! - [`load`]: the open-loop load generator ([`load::run`] → [`LoadReport`]);
//! - [`scenario`]: scenario files (`vns-ssp run`) and their JUnit report;
//! - [`responder`]: a null SCP with scripted answers ([`Responder`]);
//! - [`pcap`]: `--pcap` captures Wireshark opens;
//! - [`config`]: where the switch sits (flags, TOML);
//! - [`trace`], [`build`]: decode and encode single messages; [`cli`]: the command line.
//!
//! # Decisions
//! - The switch's dialogue handling is written here as a small per-call machine rather than on a
//!   general TCAP transaction layer: the switch only opens dialogues, so it allocates the otid of
//!   each Begin (a counter per association), matches answers by dtid and keeps the SCP's otid from
//!   its first Continue. Everything timed (answer timeout, ringing, talk, announcements, CallGap)
//!   takes the time as an argument, so the tests run on a virtual clock.
//! - Latency is the time from a call's intended send time (open-loop schedule) to the SCP's first
//!   answer; for single calls, each step's latency is the time from the switch's previous message.
//! - Failures are classified by what the SCP did (timeout, abort, reject, unexpected operation,
//!   wrong destination); an expectation that does not hold adds its own class (see [`expect`]).
//! - `--pcap` captures the DATA messages as the association layer hands them over; ASP
//!   management (ASPUP, ASPAC, BEAT …) stays inside `m3ua` and is not captured.
#![warn(missing_docs)]

pub mod build;
pub mod cli;
pub mod config;
pub mod error;
pub mod expect;
pub mod load;
pub mod model;
pub mod pcap;
pub mod responder;
pub mod scenario;
pub mod ssp;
pub mod switch;
pub mod trace;

pub use config::{ConfigError, Role, SspConfig};
pub use expect::{Expectation, Mismatch};
pub use load::{LoadConfig, LoadReport};
pub use model::{CallMachine, CallModel, CallRecord, CallSpec, Failure, Outcome, Trigger};
pub use responder::{Answers, Plan, Responder, ResponderConfig, ResponderRole};
pub use ssp::{CallReport, Ssp};
pub use switch::{Direction, Switch, SwitchConfig};
