//! Management (MGMT) messages (RFC 4666 §3.8): ERR and NTFY.

use bytes::Bytes;

use crate::{ErrorCode, MaskedPointCode, Status};

parameter_list! {
    /// ERR (RFC 4666 §3.8.1): reports a received message the sender could not process.
    ///
    /// Build one from a [`DecodeError`](crate::DecodeError) with
    /// [`DecodeError::to_err_message`](crate::DecodeError::to_err_message).
    pub struct ErrorMessage {
        /// Error Code (mandatory).
        pub error_code: ErrorCode = mandatory(ERROR_CODE),
        /// Routing Context (conditional: with Invalid Routing Context, among others); empty = absent.
        pub routing_context: Vec<u32> = list(ROUTING_CONTEXT),
        /// Network Appearance (conditional: with Invalid Network Appearance).
        pub network_appearance: Option<u32> = optional(NETWORK_APPEARANCE),
        /// Affected Point Code (conditional: with Destination Status Unknown); empty = absent.
        pub affected_point_codes: Vec<MaskedPointCode> = list(AFFECTED_POINT_CODE),
        /// Diagnostic Information (conditional): typically the start of the offending message.
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::serde_hex::option_bytes"))]
        pub diagnostic_information: Option<Bytes> = optional(DIAGNOSTIC_INFORMATION),
    }
}

parameter_list! {
    /// NTFY (RFC 4666 §3.8.2): tells an ASP of AS state changes and other events.
    pub struct Notify {
        /// Status (mandatory).
        pub status: Status = mandatory(STATUS),
        /// ASP Identifier (conditional: of the ASP that caused the change, e.g. Alternate ASP Active).
        pub asp_identifier: Option<u32> = optional(ASP_IDENTIFIER),
        /// Routing Context (optional); empty = absent.
        pub routing_context: Vec<u32> = list(ROUTING_CONTEXT),
        /// INFO String (optional), as received (RFC 4666 suggests UTF-8 text).
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::serde_hex::option_bytes"))]
        pub info_string: Option<Bytes> = optional(INFO_STRING),
    }
}
