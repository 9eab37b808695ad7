//! `vns-ssp`: the VNS switch (SSP) simulator, INAP load generator and SIGTRAN trace tool.
//!
//! The binary is a thin shell over this library, so tests drive the same code:
//! - [`trace`]: decode one M3UA message through M3UA, SCCP, TCAP and INAP, and print it (text or
//!   JSON), real numbers masked unless revealed;
//! - [`build`]: encode the messages a switch and an SCP exchange (InitialDP, Connect) as complete
//!   M3UA DATA messages;
//! - [`cli`]: the command line.
#![warn(missing_docs)]

pub mod build;
pub mod cli;
pub mod trace;
