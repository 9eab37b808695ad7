//! SS7 Signalling Network Management (SSNM) messages (RFC 4666 §3.4): DUNA, DAVA, DAUD, SCON,
//! DUPU, DRST.

use bytes::Bytes;

use crate::{ConcernedDestination, CongestionLevel, MaskedPointCode, UserCause};

parameter_list! {
    /// DUNA, DAVA, DAUD and DRST (RFC 4666 §3.4.1, §3.4.2, §3.4.3, §3.4.6), which carry the same
    /// parameters: destinations become unavailable, available, are audited, or are restricted.
    pub struct Ssnm {
        /// Network Appearance (optional).
        pub network_appearance: Option<u32> = optional(NETWORK_APPEARANCE),
        /// Routing Context (conditional); empty = absent.
        pub routing_context: Vec<u32> = list(ROUTING_CONTEXT),
        /// Affected Point Code (mandatory, at least one).
        pub affected_point_codes: Vec<MaskedPointCode> = mandatory_list(AFFECTED_POINT_CODE),
        /// INFO String (optional).
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::serde_hex::option_bytes"))]
        pub info_string: Option<Bytes> = optional(INFO_STRING),
    }
}

parameter_list! {
    /// SCON (RFC 4666 §3.4.4): an SS7 destination is congested.
    pub struct Scon {
        /// Network Appearance (optional).
        pub network_appearance: Option<u32> = optional(NETWORK_APPEARANCE),
        /// Routing Context (conditional); empty = absent.
        pub routing_context: Vec<u32> = list(ROUTING_CONTEXT),
        /// Affected Point Code (mandatory, at least one).
        pub affected_point_codes: Vec<MaskedPointCode> = mandatory_list(AFFECTED_POINT_CODE),
        /// Concerned Destination (optional).
        pub concerned_destination: Option<ConcernedDestination> = optional(CONCERNED_DESTINATION),
        /// Congestion Indications (optional): the congestion level.
        pub congestion_level: Option<CongestionLevel> = optional(CONGESTION_INDICATIONS),
        /// INFO String (optional).
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::serde_hex::option_bytes"))]
        pub info_string: Option<Bytes> = optional(INFO_STRING),
    }
}

parameter_list! {
    /// DUPU (RFC 4666 §3.4.5): a user part at a destination is unavailable.
    pub struct Dupu {
        /// Network Appearance (optional).
        pub network_appearance: Option<u32> = optional(NETWORK_APPEARANCE),
        /// Routing Context (conditional); empty = absent.
        pub routing_context: Vec<u32> = list(ROUTING_CONTEXT),
        /// Affected Point Code (mandatory): exactly one entry (Length = 8); RFC 4666 shows the
        /// mask as 0 but the decoder keeps whatever mask it receives.
        pub affected_point_code: MaskedPointCode = mandatory(AFFECTED_POINT_CODE),
        /// User/Cause (mandatory).
        pub user_cause: UserCause = mandatory(USER_CAUSE),
        /// INFO String (optional).
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::serde_hex::option_bytes"))]
        pub info_string: Option<Bytes> = optional(INFO_STRING),
    }
}
