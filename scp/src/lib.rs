//! `vns-scp`: the VNS virtual-number SCP.
//!
//! A carrier's switch (the SSP) sends an INAP InitialDP over SIGTRAN (SCTP → M3UA → SCCP → TCAP →
//! INAP) for a call to a virtual number; the SCP looks the number up in the [`store`] and answers
//! with what the number's owner set up — Connect, ReleaseCall or an announcement — and records the
//! call.
#![warn(missing_docs)]

pub mod cli;
pub mod config;
pub mod demo;
pub mod http;
pub mod metrics;
pub mod node;
pub mod privacy;
pub mod scrc;
pub mod service;
