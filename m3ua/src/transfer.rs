//! Transfer messages (RFC 4666 §3.3): DATA.

use crate::ProtocolData;

parameter_list! {
    /// DATA (RFC 4666 §3.3.1): one MTP3-User message with its routing label.
    pub struct Data {
        /// Network Appearance (optional).
        pub network_appearance: Option<u32> = optional(NETWORK_APPEARANCE),
        /// Routing Context (conditional: when the AS is configured with one). DATA carries exactly
        /// one value (Length = 8); a longer list is a Parameter Field Error.
        pub routing_context: Option<u32> = optional(ROUTING_CONTEXT),
        /// Protocol Data (mandatory).
        pub protocol_data: ProtocolData = mandatory(PROTOCOL_DATA),
        /// Correlation ID (optional).
        pub correlation_id: Option<u32> = optional(CORRELATION_ID),
    }
}
