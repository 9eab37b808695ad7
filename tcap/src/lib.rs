//! TCAP (ITU-T Q.771–Q.775) codec for VNS.
#![warn(missing_docs)]

pub mod ber;
