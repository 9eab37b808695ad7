//! INAP CS-1 (ETSI ETS 300 374-1, with the ITU-T Q.1218 members) for VNS.
//!
//! - [`isup`]: the ISUP-format parameters INAP carries as OCTET STRINGs (Q.763 numbers, Q.850 cause),
//!   as typed, validated values.
//! - [`ac`]: the application-context names of CS-1 and their recognised aliases.
//! - [`operations`]: the operation codes, and the arguments and results of each operation, decoded
//!   from and encoded to the TCAP component parameter by operation code.
//! - [`errors`]: the INAP error codes and their parameters.
#![warn(missing_docs)]

pub mod ac;
pub mod errors;
pub mod isup;
pub mod operations;
