//! ASP State Maintenance (ASPSM) messages (RFC 4666 §3.5): ASPUP, ASPDN, BEAT and their
//! acknowledgements.

use bytes::Bytes;

parameter_list! {
    /// ASPUP and ASPUP ACK (RFC 4666 §3.5.1, §3.5.2).
    pub struct AspUp {
        /// ASP Identifier (optional).
        pub asp_identifier: Option<u32> = optional(ASP_IDENTIFIER),
        /// INFO String (optional).
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::serde_hex::option_bytes"))]
        pub info_string: Option<Bytes> = optional(INFO_STRING),
    }
}

parameter_list! {
    /// ASPDN and ASPDN ACK (RFC 4666 §3.5.3, §3.5.4).
    pub struct AspDn {
        /// INFO String (optional).
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::serde_hex::option_bytes"))]
        pub info_string: Option<Bytes> = optional(INFO_STRING),
    }
}

parameter_list! {
    /// BEAT and BEAT ACK (RFC 4666 §3.5.5, §3.5.6). BEAT ACK echoes BEAT's Heartbeat Data.
    pub struct Beat {
        /// Heartbeat Data (optional), opaque to the receiver.
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::serde_hex::option_bytes"))]
        pub heartbeat_data: Option<Bytes> = optional(HEARTBEAT_DATA),
    }
}
