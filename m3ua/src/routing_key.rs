//! Parameters made of sub-parameters (RFC 4666 §3.6): Routing Key, Registration Result and
//! Deregistration Result. Each sub-parameter has the §3.2 format and padding; unknown
//! sub-parameters are kept like unknown message parameters.

use core::fmt;

use crate::{
    DeregistrationStatus, MaskedPointCode, RegistrationStatus, ServiceIndicator, TrafficModeType,
};

parameter_list! {
    /// The Routing Key parameter of REG REQ (RFC 4666 §3.6.1).
    ///
    /// ```text
    /// | Local-RK-Identifier                           (mandatory)     |
    /// | Routing Context                               (optional)      |
    /// | Traffic Mode Type                             (optional)      |
    /// | Destination Point Code                        (mandatory, may repeat) |
    /// | Network Appearance                            (optional)      |
    /// | Service Indicators                            (optional)      |
    /// | Originating Point Code List                   (optional)      |
    /// ```
    ///
    /// "For an alias point code configuration, the DPC parameter would be repeated for each point
    /// code" (§3.6.1), so [`destination_point_codes`](Self::destination_point_codes) is a list of
    /// Destination Point Code parameters; the other sub-parameters may appear once.
    pub struct RoutingKey {
        /// Local-RK-Identifier: the ASP's handle for this request, echoed in the result.
        pub local_rk_identifier: u32 = mandatory(LOCAL_ROUTING_KEY_IDENTIFIER),
        /// Routing Context, when modifying an existing key.
        pub routing_context: Option<u32> = optional(ROUTING_CONTEXT),
        /// Traffic Mode Type.
        pub traffic_mode_type: Option<TrafficModeType> = optional(TRAFFIC_MODE_TYPE),
        /// Destination Point Codes, one parameter each; at least one.
        pub destination_point_codes: Vec<MaskedPointCode> = mandatory_repeated(DESTINATION_POINT_CODE),
        /// Network Appearance.
        pub network_appearance: Option<u32> = optional(NETWORK_APPEARANCE),
        /// Service Indicators (empty = parameter absent = any SI).
        pub service_indicators: Vec<ServiceIndicator> = list(SERVICE_INDICATORS),
        /// Originating Point Code List (empty = parameter absent = any OPC).
        pub originating_point_codes: Vec<MaskedPointCode> = list(ORIGINATING_POINT_CODE_LIST),
    }
}
nested_parameter!(RoutingKey, "Routing Key");

parameter_list! {
    /// The Registration Result parameter of REG RSP (RFC 4666 §3.6.2).
    pub struct RegistrationResult {
        /// The Local-RK-Identifier of the Routing Key this answers.
        pub local_rk_identifier: u32 = mandatory(LOCAL_ROUTING_KEY_IDENTIFIER),
        /// Registration Status.
        pub registration_status: RegistrationStatus = mandatory(REGISTRATION_STATUS),
        /// The Routing Context assigned (0 when registration failed).
        pub routing_context: u32 = mandatory(ROUTING_CONTEXT),
    }
}
nested_parameter!(RegistrationResult, "Registration Result");

parameter_list! {
    /// The Deregistration Result parameter of DEREG RSP (RFC 4666 §3.6.4).
    pub struct DeregistrationResult {
        /// The Routing Context deregistered.
        pub routing_context: u32 = mandatory(ROUTING_CONTEXT),
        /// Deregistration Status.
        pub deregistration_status: DeregistrationStatus = mandatory(DEREGISTRATION_STATUS),
    }
}
nested_parameter!(DeregistrationResult, "Deregistration Result");

/// Writes `items` separated by commas.
pub(crate) fn comma_list<T: fmt::Display>(f: &mut fmt::Formatter<'_>, items: &[T]) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(",")?;
        }
        write!(f, "{item}")?;
    }
    Ok(())
}

impl fmt::Display for RoutingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "lrk={}", self.local_rk_identifier)?;
        if let Some(rc) = self.routing_context {
            write!(f, " rc={rc}")?;
        }
        if let Some(tmt) = self.traffic_mode_type {
            write!(f, " tmt={tmt}")?;
        }
        f.write_str(" dpc=")?;
        comma_list(f, &self.destination_point_codes)?;
        if let Some(na) = self.network_appearance {
            write!(f, " na={na}")?;
        }
        if !self.service_indicators.is_empty() {
            let sis: Vec<u8> = self.service_indicators.iter().map(|si| si.0).collect();
            f.write_str(" si=")?;
            comma_list(f, &sis)?;
        }
        if !self.originating_point_codes.is_empty() {
            f.write_str(" opc=")?;
            comma_list(f, &self.originating_point_codes)?;
        }
        Ok(())
    }
}

impl fmt::Display for RegistrationResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "lrk={} status={} rc={}",
            self.local_rk_identifier, self.registration_status, self.routing_context
        )
    }
}

impl fmt::Display for DeregistrationResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "rc={} status={}",
            self.routing_context, self.deregistration_status
        )
    }
}
