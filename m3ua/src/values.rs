//! Parameter values of RFC 4666 §3.2 (common) and §3.3 (M3UA-specific): code points and small
//! structured values, with their wire formats and checks.
//!
//! # What is validated
//!
//! Values the protocol acts on are checked: Traffic Mode Type (1–3, else Unsupported Traffic Mode
//! Type), Status (a type/information pair §3.8.2 defines) and Congestion Level (0–3). Values that
//! only inform — Error Code, Registration Status, Deregistration Status, Unavailability Cause,
//! MTP3-User Identity, Service Indicator, Affected Point Code masks (§3.4.1 gives meaning to a
//! mask "equal (or greater than)" the point code size) — are kept whatever they are, so a newer
//! peer's values survive a round trip.

use core::fmt;

use bytes::BufMut;

use crate::DecodeError;
use crate::parameter::{FromParam, ParamValue, RawParam};

/// A plain 32-bit value: Routing Context (single), Network Appearance, ASP Identifier,
/// Correlation ID, Local-RK-Identifier.
impl FromParam for u32 {
    fn from_param(param: &RawParam) -> Result<Self, DecodeError> {
        param.fixed::<4>("4 octets").map(u32::from_be_bytes)
    }
}

impl ParamValue for u32 {
    fn value_len(&self) -> usize {
        4
    }
    fn put_value<B: BufMut>(&self, out: &mut B) {
        out.put_u32(*self);
    }
}

/// A Routing Context list (RFC 4666 §3.3.1 ff.: "n X 32-bit integer"), at least one entry.
impl FromParam for Vec<u32> {
    fn from_param(param: &RawParam) -> Result<Self, DecodeError> {
        let value = param.value.as_ref();
        if value.is_empty() || value.len() % 4 != 0 {
            return Err(param.bad_length("a non-empty multiple of 4 octets"));
        }
        // chunks_exact(4) yields 4-octet slices only.
        Ok(value
            .chunks_exact(4)
            .map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }
}

impl ParamValue for Vec<u32> {
    fn value_len(&self) -> usize {
        self.len() * 4
    }
    fn put_value<B: BufMut>(&self, out: &mut B) {
        for v in self {
            out.put_u32(*v);
        }
    }
}

/// Implements the 4-octet wire format for a `u32` code point.
macro_rules! u32_code_point_param {
    ($name:ident) => {
        impl FromParam for $name {
            fn from_param(param: &RawParam) -> Result<Self, DecodeError> {
                u32::from_param(param).map($name)
            }
        }

        impl ParamValue for $name {
            fn value_len(&self) -> usize {
                4
            }
            fn put_value<B: BufMut>(&self, out: &mut B) {
                out.put_u32(self.0);
            }
        }
    };
}

code_point! {
    /// Error Code of an ERR message (RFC 4666 §3.8.1). Values marked "Not Used in M3UA" there
    /// (0x02, 0x08, 0x0a–0x0c, 0x10, 0x17, 0x18) have no constant.
    pub struct ErrorCode(u32);
    /// Invalid Version.
    INVALID_VERSION = 0x01 => "Invalid Version";
    /// Unsupported Message Class.
    UNSUPPORTED_MESSAGE_CLASS = 0x03 => "Unsupported Message Class";
    /// Unsupported Message Type.
    UNSUPPORTED_MESSAGE_TYPE = 0x04 => "Unsupported Message Type";
    /// Unsupported Traffic Mode Type.
    UNSUPPORTED_TRAFFIC_MODE_TYPE = 0x05 => "Unsupported Traffic Mode Type";
    /// Unexpected Message.
    UNEXPECTED_MESSAGE = 0x06 => "Unexpected Message";
    /// Protocol Error.
    PROTOCOL_ERROR = 0x07 => "Protocol Error";
    /// Invalid Stream Identifier.
    INVALID_STREAM_IDENTIFIER = 0x09 => "Invalid Stream Identifier";
    /// Refused - Management Blocking.
    REFUSED_MANAGEMENT_BLOCKING = 0x0d => "Refused - Management Blocking";
    /// ASP Identifier Required.
    ASP_IDENTIFIER_REQUIRED = 0x0e => "ASP Identifier Required";
    /// Invalid ASP Identifier.
    INVALID_ASP_IDENTIFIER = 0x0f => "Invalid ASP Identifier";
    /// Invalid Parameter Value.
    INVALID_PARAMETER_VALUE = 0x11 => "Invalid Parameter Value";
    /// Parameter Field Error.
    PARAMETER_FIELD_ERROR = 0x12 => "Parameter Field Error";
    /// Unexpected Parameter.
    UNEXPECTED_PARAMETER = 0x13 => "Unexpected Parameter";
    /// Destination Status Unknown.
    DESTINATION_STATUS_UNKNOWN = 0x14 => "Destination Status Unknown";
    /// Invalid Network Appearance.
    INVALID_NETWORK_APPEARANCE = 0x15 => "Invalid Network Appearance";
    /// Missing Parameter.
    MISSING_PARAMETER = 0x16 => "Missing Parameter";
    /// Invalid Routing Context.
    INVALID_ROUTING_CONTEXT = 0x19 => "Invalid Routing Context";
    /// No Configured AS for ASP.
    NO_CONFIGURED_AS_FOR_ASP = 0x1a => "No Configured AS for ASP";
}
u32_code_point_param!(ErrorCode);

code_point! {
    /// Traffic Mode Type (RFC 4666 §3.7.1). The decoder accepts only the three defined values.
    pub struct TrafficModeType(u32);
    /// Override.
    OVERRIDE = 1 => "Override";
    /// Loadshare.
    LOADSHARE = 2 => "Loadshare";
    /// Broadcast.
    BROADCAST = 3 => "Broadcast";
}

impl FromParam for TrafficModeType {
    fn from_param(param: &RawParam) -> Result<Self, DecodeError> {
        let value = u32::from_param(param)?;
        let mode = TrafficModeType(value);
        // RFC 4666 §3.7.1 defines 1..=3; §3.8.1 "Unsupported Traffic Mode Type".
        if !mode.is_known() {
            return Err(DecodeError::UnsupportedTrafficModeType {
                offset: param.offset,
                value,
            });
        }
        Ok(mode)
    }
}

impl ParamValue for TrafficModeType {
    fn value_len(&self) -> usize {
        4
    }
    fn put_value<B: BufMut>(&self, out: &mut B) {
        out.put_u32(self.0);
    }
}

code_point! {
    /// Status Type of the NTFY Status parameter (RFC 4666 §3.8.2).
    pub struct StatusType(u16);
    /// AS-State_Change.
    AS_STATE_CHANGE = 1 => "AS-State_Change";
    /// Other.
    OTHER = 2 => "Other";
}

/// The NTFY Status parameter (RFC 4666 §3.8.2): Status Type and Status Information, 16 bits each.
///
/// The decoder accepts only the pairs the RFC defines (the constants below); anything else is an
/// Invalid Parameter Value.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Status {
    /// Status Type.
    pub status_type: StatusType,
    /// Status Information; its meaning depends on the type.
    pub status_information: u16,
}

impl Status {
    /// AS-State_Change: AS-INACTIVE.
    pub const AS_INACTIVE: Self = Self::new(StatusType::AS_STATE_CHANGE, 2);
    /// AS-State_Change: AS-ACTIVE.
    pub const AS_ACTIVE: Self = Self::new(StatusType::AS_STATE_CHANGE, 3);
    /// AS-State_Change: AS-PENDING.
    pub const AS_PENDING: Self = Self::new(StatusType::AS_STATE_CHANGE, 4);
    /// Other: Insufficient ASP Resources Active in AS.
    pub const INSUFFICIENT_ASP_RESOURCES: Self = Self::new(StatusType::OTHER, 1);
    /// Other: Alternate ASP Active.
    pub const ALTERNATE_ASP_ACTIVE: Self = Self::new(StatusType::OTHER, 2);
    /// Other: ASP Failure.
    pub const ASP_FAILURE: Self = Self::new(StatusType::OTHER, 3);

    /// A status from its two fields.
    pub const fn new(status_type: StatusType, status_information: u16) -> Self {
        Self {
            status_type,
            status_information,
        }
    }

    /// The RFC's name for this pair, or `None` if it does not define it (type 1 information 1 is
    /// "Reserved").
    pub const fn name(self) -> Option<&'static str> {
        match (self.status_type.0, self.status_information) {
            (1, 2) => Some("AS-INACTIVE"),
            (1, 3) => Some("AS-ACTIVE"),
            (1, 4) => Some("AS-PENDING"),
            (2, 1) => Some("Insufficient ASP Resources Active in AS"),
            (2, 2) => Some("Alternate ASP Active"),
            (2, 3) => Some("ASP Failure"),
            _ => None,
        }
    }
}

impl fmt::Debug for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "Status({name})"),
            None => write!(
                f,
                "Status({}, {})",
                self.status_type.0, self.status_information
            ),
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => f.write_str(name),
            None => write!(
                f,
                "unknown({}/{})",
                self.status_type.0, self.status_information
            ),
        }
    }
}

impl FromParam for Status {
    fn from_param(param: &RawParam) -> Result<Self, DecodeError> {
        let [a, b, c, d] = param.fixed::<4>("4 octets")?;
        let status = Status::new(
            StatusType(u16::from_be_bytes([a, b])),
            u16::from_be_bytes([c, d]),
        );
        // RFC 4666 §3.8.2: the defined Status Type / Status Information pairs.
        if status.name().is_none() {
            return Err(param.bad_value("status type/information not defined by RFC 4666 §3.8.2"));
        }
        Ok(status)
    }
}

impl ParamValue for Status {
    fn value_len(&self) -> usize {
        4
    }
    fn put_value<B: BufMut>(&self, out: &mut B) {
        out.put_u16(self.status_type.0);
        out.put_u16(self.status_information);
    }
}

/// A point code with a mask octet: an entry of Affected Point Code (RFC 4666 §3.4.1), Destination
/// Point Code or Originating Point Code List (§3.6.1).
///
/// ```text
/// |     Mask      |             Point Code (24 bits)              |
/// ```
///
/// The mask is the number of low-order point code bits that are wildcarded. Only the low 24 bits
/// of `point_code` are encoded.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct MaskedPointCode {
    /// Mask: how many low-order bits are wildcarded (0 = exactly this point code).
    pub mask: u8,
    /// The point code, right-aligned (14-bit ITU, 16-bit, 24-bit ANSI).
    pub point_code: u32,
}

impl MaskedPointCode {
    /// A point code with mask 0.
    pub const fn exact(point_code: u32) -> Self {
        Self {
            mask: 0,
            point_code,
        }
    }

    fn from_octets([mask, a, b, c]: [u8; 4]) -> Self {
        Self {
            mask,
            point_code: u32::from_be_bytes([0, a, b, c]),
        }
    }

    fn put<B: BufMut>(&self, out: &mut B) {
        out.put_u32(u32::from(self.mask) << 24 | (self.point_code & 0x00ff_ffff));
    }
}

impl fmt::Display for MaskedPointCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mask == 0 {
            write!(f, "{}", self.point_code)
        } else {
            write!(f, "{}/{}", self.point_code, self.mask)
        }
    }
}

/// A single entry (Destination Point Code, DUPU's Affected Point Code): exactly 4 octets.
impl FromParam for MaskedPointCode {
    fn from_param(param: &RawParam) -> Result<Self, DecodeError> {
        param
            .fixed::<4>("4 octets (mask and one point code)")
            .map(MaskedPointCode::from_octets)
    }
}

impl ParamValue for MaskedPointCode {
    fn value_len(&self) -> usize {
        4
    }
    fn put_value<B: BufMut>(&self, out: &mut B) {
        self.put(out);
    }
}

/// A list (Affected Point Code, Originating Point Code List): a non-empty multiple of 4 octets.
impl FromParam for Vec<MaskedPointCode> {
    fn from_param(param: &RawParam) -> Result<Self, DecodeError> {
        let value = param.value.as_ref();
        if value.is_empty() || value.len() % 4 != 0 {
            return Err(param.bad_length("a non-empty multiple of 4 octets"));
        }
        // chunks_exact(4) yields 4-octet slices only.
        Ok(value
            .chunks_exact(4)
            .map(|c| MaskedPointCode::from_octets([c[0], c[1], c[2], c[3]]))
            .collect())
    }
}

impl ParamValue for Vec<MaskedPointCode> {
    fn value_len(&self) -> usize {
        self.len() * 4
    }
    fn put_value<B: BufMut>(&self, out: &mut B) {
        for pc in self {
            pc.put(out);
        }
    }
}

code_point! {
    /// Unavailability Cause of the User/Cause parameter (RFC 4666 §3.4.5).
    pub struct UnavailabilityCause(u16);
    /// Unknown.
    UNKNOWN = 0 => "Unknown";
    /// Unequipped Remote User.
    UNEQUIPPED_REMOTE_USER = 1 => "Unequipped Remote User";
    /// Inaccessible Remote User.
    INACCESSIBLE_REMOTE_USER = 2 => "Inaccessible Remote User";
}

code_point! {
    /// MTP3-User Identity of the User/Cause parameter (RFC 4666 §3.4.5). 0–2, 6–8, 11 and 15
    /// are reserved.
    pub struct Mtp3UserIdentity(u16);
    /// SCCP.
    SCCP = 3 => "SCCP";
    /// TUP.
    TUP = 4 => "TUP";
    /// ISUP.
    ISUP = 5 => "ISUP";
    /// Broadband ISUP.
    BROADBAND_ISUP = 9 => "Broadband ISUP";
    /// Satellite ISUP.
    SATELLITE_ISUP = 10 => "Satellite ISUP";
    /// AAL type 2 Signalling.
    AAL2_SIGNALLING = 12 => "AAL type 2 Signalling";
    /// Bearer Independent Call Control (BICC).
    BICC = 13 => "BICC";
    /// Gateway Control Protocol.
    GATEWAY_CONTROL_PROTOCOL = 14 => "Gateway Control Protocol";
}

/// The User/Cause parameter of DUPU (RFC 4666 §3.4.5).
///
/// ```text
/// |     Unavailability Cause      |      MTP3-User Identity       |
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct UserCause {
    /// Why the user part is unavailable.
    pub cause: UnavailabilityCause,
    /// Which user part.
    pub user: Mtp3UserIdentity,
}

impl FromParam for UserCause {
    fn from_param(param: &RawParam) -> Result<Self, DecodeError> {
        let [a, b, c, d] = param.fixed::<4>("4 octets")?;
        Ok(UserCause {
            cause: UnavailabilityCause(u16::from_be_bytes([a, b])),
            user: Mtp3UserIdentity(u16::from_be_bytes([c, d])),
        })
    }
}

impl ParamValue for UserCause {
    fn value_len(&self) -> usize {
        4
    }
    fn put_value<B: BufMut>(&self, out: &mut B) {
        out.put_u16(self.cause.0);
        out.put_u16(self.user.0);
    }
}

code_point! {
    /// Congestion Level of the Congestion Indications parameter of SCON (RFC 4666 §3.4.4), after
    /// 24 reserved bits. The decoder accepts 0–3 only.
    pub struct CongestionLevel(u8);
    /// No Congestion or Undefined.
    NO_CONGESTION = 0 => "No Congestion or Undefined";
    /// Congestion Level 1.
    LEVEL_1 = 1 => "Congestion Level 1";
    /// Congestion Level 2.
    LEVEL_2 = 2 => "Congestion Level 2";
    /// Congestion Level 3.
    LEVEL_3 = 3 => "Congestion Level 3";
}

impl FromParam for CongestionLevel {
    fn from_param(param: &RawParam) -> Result<Self, DecodeError> {
        // RFC 4666 §3.4.4: 24 reserved bits (ignored), then the level.
        let [_, _, _, level] = param.fixed::<4>("4 octets")?;
        let level = CongestionLevel(level);
        if !level.is_known() {
            return Err(param.bad_value("congestion level above 3 (RFC 4666 §3.4.4)"));
        }
        Ok(level)
    }
}

impl ParamValue for CongestionLevel {
    fn value_len(&self) -> usize {
        4
    }
    fn put_value<B: BufMut>(&self, out: &mut B) {
        out.put_u32(u32::from(self.0));
    }
}

/// The Concerned Destination parameter of SCON (RFC 4666 §3.4.4): 8 reserved bits (ignored,
/// sent as zero), then the 24-bit point code of the originator of the congested message.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ConcernedDestination {
    /// Concerned DPC (low 24 bits encoded).
    pub point_code: u32,
}

impl FromParam for ConcernedDestination {
    fn from_param(param: &RawParam) -> Result<Self, DecodeError> {
        let [_, a, b, c] = param.fixed::<4>("4 octets")?;
        Ok(ConcernedDestination {
            point_code: u32::from_be_bytes([0, a, b, c]),
        })
    }
}

impl ParamValue for ConcernedDestination {
    fn value_len(&self) -> usize {
        4
    }
    fn put_value<B: BufMut>(&self, out: &mut B) {
        out.put_u32(self.point_code & 0x00ff_ffff);
    }
}

code_point! {
    /// MTP3 Service Indicator (ITU-T Q.704 §14.2.1), as carried in Protocol Data and the Routing
    /// Key's Service Indicators.
    pub struct ServiceIndicator(u8);
    /// Signalling network management messages.
    SNM = 0 => "SNM";
    /// Signalling network testing and maintenance messages.
    SNTM = 1 => "SNTM";
    /// Signalling network testing and maintenance special messages (ANSI).
    SNTM_SPECIAL = 2 => "SNTM special";
    /// SCCP.
    SCCP = 3 => "SCCP";
    /// Telephone User Part.
    TUP = 4 => "TUP";
    /// ISDN User Part.
    ISUP = 5 => "ISUP";
    /// Data User Part, call and circuit related messages.
    DUP_CALL = 6 => "DUP call";
    /// Data User Part, facility registration and cancellation messages.
    DUP_FACILITY = 7 => "DUP facility";
    /// MTP Testing User Part.
    MTP_TESTING = 8 => "MTP Testing User Part";
    /// Broadband ISUP.
    BROADBAND_ISUP = 9 => "Broadband ISUP";
    /// Satellite ISUP.
    SATELLITE_ISUP = 10 => "Satellite ISUP";
    /// AAL type 2 Signalling.
    AAL2_SIGNALLING = 12 => "AAL type 2 Signalling";
    /// Bearer Independent Call Control.
    BICC = 13 => "BICC";
    /// Gateway Control Protocol.
    GATEWAY_CONTROL_PROTOCOL = 14 => "Gateway Control Protocol";
}

/// Service Indicators (RFC 4666 §3.6.1): one octet per SI, at least one.
impl FromParam for Vec<ServiceIndicator> {
    fn from_param(param: &RawParam) -> Result<Self, DecodeError> {
        if param.value.is_empty() {
            return Err(param.bad_length("at least one octet"));
        }
        Ok(param.value.iter().copied().map(ServiceIndicator).collect())
    }
}

impl ParamValue for Vec<ServiceIndicator> {
    fn value_len(&self) -> usize {
        self.len()
    }
    fn put_value<B: BufMut>(&self, out: &mut B) {
        for si in self {
            out.put_u8(si.0);
        }
    }
}

code_point! {
    /// Registration Status in a Registration Result (RFC 4666 §3.6.2).
    pub struct RegistrationStatus(u32);
    /// Successfully Registered.
    SUCCESSFULLY_REGISTERED = 0 => "Successfully Registered";
    /// Error - Unknown.
    UNKNOWN = 1 => "Error - Unknown";
    /// Error - Invalid DPC.
    INVALID_DPC = 2 => "Error - Invalid DPC";
    /// Error - Invalid Network Appearance.
    INVALID_NETWORK_APPEARANCE = 3 => "Error - Invalid Network Appearance";
    /// Error - Invalid Routing Key.
    INVALID_ROUTING_KEY = 4 => "Error - Invalid Routing Key";
    /// Error - Permission Denied.
    PERMISSION_DENIED = 5 => "Error - Permission Denied";
    /// Error - Cannot Support Unique Routing.
    CANNOT_SUPPORT_UNIQUE_ROUTING = 6 => "Error - Cannot Support Unique Routing";
    /// Error - Routing Key not Currently Provisioned.
    ROUTING_KEY_NOT_PROVISIONED = 7 => "Error - Routing Key not Currently Provisioned";
    /// Error - Insufficient Resources.
    INSUFFICIENT_RESOURCES = 8 => "Error - Insufficient Resources";
    /// Error - Unsupported RK parameter Field.
    UNSUPPORTED_RK_PARAMETER_FIELD = 9 => "Error - Unsupported RK parameter Field";
    /// Error - Unsupported/Invalid Traffic Handling Mode.
    UNSUPPORTED_TRAFFIC_HANDLING_MODE = 10 => "Error - Unsupported/Invalid Traffic Handling Mode";
    /// Error - Routing Key Change Refused.
    ROUTING_KEY_CHANGE_REFUSED = 11 => "Error - Routing Key Change Refused";
    /// Error - Routing Key Already Registered.
    ROUTING_KEY_ALREADY_REGISTERED = 12 => "Error - Routing Key Already Registered";
}
u32_code_point_param!(RegistrationStatus);

code_point! {
    /// Deregistration Status in a Deregistration Result (RFC 4666 §3.6.4).
    pub struct DeregistrationStatus(u32);
    /// Successfully Deregistered.
    SUCCESSFULLY_DEREGISTERED = 0 => "Successfully Deregistered";
    /// Error - Unknown.
    UNKNOWN = 1 => "Error - Unknown";
    /// Error - Invalid Routing Context.
    INVALID_ROUTING_CONTEXT = 2 => "Error - Invalid Routing Context";
    /// Error - Permission Denied.
    PERMISSION_DENIED = 3 => "Error - Permission Denied";
    /// Error - Not Registered.
    NOT_REGISTERED = 4 => "Error - Not Registered";
    /// Error - ASP Currently Active for Routing Context.
    ASP_CURRENTLY_ACTIVE = 5 => "Error - ASP Currently Active for Routing Context";
}
u32_code_point_param!(DeregistrationStatus);

#[cfg(test)]
mod tests {
    use bytes::Bytes;

    use super::*;
    use crate::ParameterTag;

    fn raw(tag: ParameterTag, value: &'static [u8]) -> RawParam {
        RawParam {
            tag,
            value: Bytes::from_static(value),
            offset: 8,
        }
    }

    #[test]
    fn traffic_mode_type_range() {
        let p = raw(ParameterTag::TRAFFIC_MODE_TYPE, &[0, 0, 0, 2]);
        assert_eq!(
            TrafficModeType::from_param(&p),
            Ok(TrafficModeType::LOADSHARE)
        );
        for bad in [[0, 0, 0, 0], [0, 0, 0, 4], [1, 0, 0, 1]] {
            let p = RawParam {
                value: Bytes::copy_from_slice(&bad),
                ..p.clone()
            };
            assert!(matches!(
                TrafficModeType::from_param(&p),
                Err(DecodeError::UnsupportedTrafficModeType { offset: 8, .. })
            ));
        }
    }

    #[test]
    fn status_pairs() {
        let p = raw(ParameterTag::STATUS, &[0, 1, 0, 3]);
        assert_eq!(Status::from_param(&p), Ok(Status::AS_ACTIVE));
        let p = raw(ParameterTag::STATUS, &[0, 1, 0, 1]);
        assert!(matches!(
            Status::from_param(&p),
            Err(DecodeError::InvalidParameterValue { .. })
        ));
        let p = raw(ParameterTag::STATUS, &[0, 3, 0, 1]);
        assert!(matches!(
            Status::from_param(&p),
            Err(DecodeError::InvalidParameterValue { .. })
        ));
        assert_eq!(Status::ASP_FAILURE.to_string(), "ASP Failure");
    }

    #[test]
    fn lists_must_be_whole_and_non_empty() {
        for bad in [&[][..], &[0, 0, 0, 1, 0][..]] {
            let p = RawParam {
                value: Bytes::copy_from_slice(bad),
                ..raw(ParameterTag::ROUTING_CONTEXT, &[])
            };
            assert!(matches!(
                <Vec<u32>>::from_param(&p),
                Err(DecodeError::InvalidParameterLength { .. })
            ));
            assert!(matches!(
                <Vec<MaskedPointCode>>::from_param(&p),
                Err(DecodeError::InvalidParameterLength { .. })
            ));
        }
        let p = raw(ParameterTag::SERVICE_INDICATORS, &[]);
        assert!(<Vec<ServiceIndicator>>::from_param(&p).is_err());
    }

    #[test]
    fn masked_point_code_octets() {
        let p = raw(
            ParameterTag::AFFECTED_POINT_CODE,
            &[3, 0x00, 0x12, 0x34, 0, 0, 0, 7],
        );
        assert_eq!(
            <Vec<MaskedPointCode>>::from_param(&p),
            Ok(vec![
                MaskedPointCode {
                    mask: 3,
                    point_code: 0x1234
                },
                MaskedPointCode::exact(7)
            ])
        );
        let mut out = Vec::new();
        MaskedPointCode {
            mask: 3,
            point_code: 0xff12_3456,
        }
        .put_value(&mut out);
        assert_eq!(out, [3, 0x12, 0x34, 0x56]);
    }

    #[test]
    fn congestion_level_ignores_reserved() {
        let p = raw(ParameterTag::CONGESTION_INDICATIONS, &[0xff, 0xff, 0xff, 2]);
        assert_eq!(
            CongestionLevel::from_param(&p),
            Ok(CongestionLevel::LEVEL_2)
        );
        let p = raw(ParameterTag::CONGESTION_INDICATIONS, &[0, 0, 0, 4]);
        assert!(CongestionLevel::from_param(&p).is_err());
    }
}
