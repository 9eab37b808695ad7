//! Routing Key Management (RKM) messages (RFC 4666 §3.6): REG REQ, REG RSP, DEREG REQ,
//! DEREG RSP.
//!
//! A malformed Routing Key fails the whole REG REQ here; an SGP that prefers answering such a key
//! with a REG RSP carrying "Error - Invalid Routing Key" can do so from the
//! [`DecodeError`](crate::DecodeError).

use crate::{DeregistrationResult, RegistrationResult, RoutingKey};

parameter_list! {
    /// REG REQ (RFC 4666 §3.6.1).
    pub struct RegReq {
        /// Routing Key parameters (mandatory, one or more).
        pub routing_keys: Vec<RoutingKey> = mandatory_repeated(ROUTING_KEY),
    }
}

parameter_list! {
    /// REG RSP (RFC 4666 §3.6.2).
    pub struct RegRsp {
        /// Registration Result parameters (mandatory, one or more).
        pub registration_results: Vec<RegistrationResult> = mandatory_repeated(REGISTRATION_RESULT),
    }
}

parameter_list! {
    /// DEREG REQ (RFC 4666 §3.6.3).
    pub struct DeregReq {
        /// Routing Context (mandatory): the keys to deregister, at least one.
        pub routing_context: Vec<u32> = mandatory_list(ROUTING_CONTEXT),
    }
}

parameter_list! {
    /// DEREG RSP (RFC 4666 §3.6.4).
    pub struct DeregRsp {
        /// Deregistration Result parameters (mandatory, one or more).
        pub deregistration_results: Vec<DeregistrationResult> = mandatory_repeated(DEREGISTRATION_RESULT),
    }
}
