//! ASP Traffic Maintenance (ASPTM) messages (RFC 4666 §3.7): ASPAC, ASPIA and their
//! acknowledgements.

use bytes::Bytes;

use crate::TrafficModeType;

parameter_list! {
    /// ASPAC and ASPAC ACK (RFC 4666 §3.7.1, §3.7.2).
    pub struct AspAc {
        /// Traffic Mode Type (optional).
        pub traffic_mode_type: Option<TrafficModeType> = optional(TRAFFIC_MODE_TYPE),
        /// Routing Context (optional): the ASes concerned; empty = absent.
        pub routing_context: Vec<u32> = list(ROUTING_CONTEXT),
        /// INFO String (optional).
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::serde_hex::option_bytes"))]
        pub info_string: Option<Bytes> = optional(INFO_STRING),
    }
}

parameter_list! {
    /// ASPIA and ASPIA ACK (RFC 4666 §3.7.3, §3.7.4).
    pub struct AspIa {
        /// Routing Context (optional): the ASes concerned; empty = absent.
        pub routing_context: Vec<u32> = list(ROUTING_CONTEXT),
        /// INFO String (optional).
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::serde_hex::option_bytes"))]
        pub info_string: Option<Bytes> = optional(INFO_STRING),
    }
}
