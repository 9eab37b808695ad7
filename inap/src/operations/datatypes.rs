//! The common data types of CS-1: ETS 300 374-1 §6.3 module `Core-INAP-CS1-DataTypes`, with the
//! members and alternatives of ITU-T Q.1218 §2.1.3 module `IN-CS-1-Datatypes` that ETSI lacks
//! (marked *Q.1218 only*: decoded so that a message from a Q.1218 entity is understood; an ETSI
//! entity does not send them).
//!
//! # Bounds
//! Where the standard fixes a size (`CallingPartysCategory` 1, `RedirectionInformation` 2,
//! `DateAndTime` 6 …) it is checked. Where it leaves the bound to the network operator
//! (`minDigitsLength`, `maxFCIBillingChargingLength` … are "network specific" in both documents),
//! this crate accepts 0 to [`MAX_OPAQUE_LEN`] octets, except for `Digits` (1 to 16 octets: a Q.763
//! generic number or generic digits) and `Cause` (2 to 32, as in the CS-2 bound set). The lists
//! whose length is network specific accept up to 30 items (`numOfBCSMEvents`) or 16
//! (`numOfMessageIDs`).

use tcap::ber::{Encoder, Tag, Tlv};

use super::codec::{
    self, DecodeError, DecodeErrorKind, Implicit, Integer, Result, choice, enumerated,
    impl_asn_implicit, impl_isup, octets, sequence,
};
use crate::isup::{
    CalledPartyNumber, CallingPartyNumber, CallingPartysCategory, Cause, GenericNumber,
    LocationNumber, OriginalCalledPartyId, RedirectingPartyId, RedirectionInformation,
};

impl_isup!(
    CalledPartyNumber,
    CallingPartyNumber,
    CallingPartysCategory,
    Cause,
    GenericNumber,
    LocationNumber,
    OriginalCalledPartyId,
    RedirectingPartyId,
    RedirectionInformation,
);

/// The largest OCTET STRING or IA5String this crate accepts where the standard leaves the bound to
/// the network operator.
pub const MAX_OPAQUE_LEN: usize = 255;

// ── Integers ────────────────────────────────────────────────────────────────────────────────────

/// `Integer4 ::= INTEGER (0..2147483647)`.
pub type Integer4 = Integer<0, 2_147_483_647>;
/// `ServiceKey ::= Integer4`: selects the service logic in the SCF.
pub type ServiceKey = Integer4;
/// `TimerValue ::= Integer4` (seconds).
pub type TimerValue = Integer4;
/// `InvokeID ::= InvokeIdType`, `InvokeIdType ::= INTEGER (-128..127)`.
pub type InvokeId = Integer<-128, 127>;
/// `Duration ::= INTEGER (-2..86400)` (seconds; -1 infinite, -2 network specific).
pub type Duration = Integer<-2, 86_400>;
/// `Interval ::= INTEGER (-1..60000)` (milliseconds; -1 infinite).
pub type Interval = Integer<-1, 60_000>;
/// `NumberOfDigits ::= INTEGER (1..255)`.
pub type NumberOfDigits = Integer<1, 255>;
/// `ApplicationTimer ::= INTEGER (0..2047)` (seconds).
pub type ApplicationTimer = Integer<0, 2047>;
/// `CutAndPaste ::= INTEGER (0..22)`.
pub type CutAndPaste = Integer<0, 22>;
/// `INTEGER (1..127)`: digit counts and time-outs of [`CollectedDigits`], repetitions of
/// [`InbandInfo`].
pub type Integer1To127 = Integer<1, 127>;
/// `INTEGER (0..32767)`: duration and interval of [`InbandInfo`] (seconds).
pub type Integer0To32767 = Integer<0, 32_767>;
/// `INTEGER (0..255)`: `callAttemptElapsedTimeValue` (seconds).
pub type Integer0To255 = Integer<0, 255>;

// ── Enumerations ────────────────────────────────────────────────────────────────────────────────

enumerated! {
    /// `EventTypeBCSM`: a detection point of the basic call state model. ETSI names (Q.1218 spells
    /// 3 `analysedInformation` and 13 `tBusy`).
    pub struct EventTypeBcsm("EventTypeBCSM") {
        ORIG_ATTEMPT_AUTHORIZED = 1 => "origAttemptAuthorized",
        COLLECTED_INFO = 2 => "collectedInfo",
        ANALYZED_INFORMATION = 3 => "analyzedInformation",
        ROUTE_SELECT_FAILURE = 4 => "routeSelectFailure",
        O_CALLED_PARTY_BUSY = 5 => "oCalledPartyBusy",
        O_NO_ANSWER = 6 => "oNoAnswer",
        O_ANSWER = 7 => "oAnswer",
        O_MID_CALL = 8 => "oMidCall",
        O_DISCONNECT = 9 => "oDisconnect",
        O_ABANDON = 10 => "oAbandon",
        TERM_ATTEMPT_AUTHORIZED = 12 => "termAttemptAuthorized",
        T_CALLED_PARTY_BUSY = 13 => "tCalledPartyBusy",
        T_NO_ANSWER = 14 => "tNoAnswer",
        T_ANSWER = 15 => "tAnswer",
        T_MID_CALL = 16 => "tMidCall",
        T_DISCONNECT = 17 => "tDisconnect",
        T_ABANDON = 18 => "tAbandon",
    }
}

enumerated! {
    /// `MonitorMode`: how the SSF handles an armed event.
    pub struct MonitorMode("MonitorMode") {
        INTERRUPTED = 0 => "interrupted",
        NOTIFY_AND_CONTINUE = 1 => "notifyAndContinue",
        TRANSPARENT = 2 => "transparent",
    }
}

enumerated! {
    /// `CGEncountered`: the call gapping the call met.
    pub struct CgEncountered("CGEncountered") {
        NO_CG_ENCOUNTERED = 0 => "noCGencountered",
        MANUAL_CG_ENCOUNTERED = 1 => "manualCGencountered",
        SCP_OVERLOAD = 2 => "scpOverload",
    }
}

enumerated! {
    /// `TerminalType`. *Q.1218 only.*
    pub struct TerminalType("TerminalType") {
        UNKNOWN = 0 => "unknown",
        DIAL_PULSE = 1 => "dialPulse",
        DTMF = 2 => "dtmf",
        ISDN = 3 => "isdn",
        ISDN_NO_DTMF = 4 => "isdnNoDtmf",
        SPARE = 16 => "spare",
    }
}

enumerated! {
    /// `TriggerType`: the trigger that suspended the call. *Q.1218 only.*
    pub struct TriggerType("TriggerType") {
        FEATURE_ACTIVATION = 0 => "featureActivation",
        VERTICAL_SERVICE_CODE = 1 => "verticalServiceCode",
        CUSTOMIZED_ACCESS = 2 => "customizedAccess",
        CUSTOMIZED_INTERCOM = 3 => "customizedIntercom",
        EMERGENCY_SERVICE = 12 => "emergencyService",
        AFR = 13 => "aFR",
        SHARED_IO_TRUNK = 14 => "sharedIOTrunk",
        OFF_HOOK_DELAY = 17 => "offHookDelay",
        CHANNEL_SETUP_PRI = 18 => "channelSetupPRI",
        T_NO_ANSWER = 25 => "tNoAnswer",
        T_BUSY = 26 => "tBusy",
        O_CALLED_PARTY_BUSY = 27 => "oCalledPartyBusy",
        O_NO_ANSWER = 29 => "oNoAnswer",
        ORIGINATION_ATTEMPT_AUTHORIZED = 30 => "originationAttemptAuthorized",
        O_ANSWER = 31 => "oAnswer",
        O_DISCONNECT = 32 => "oDisconnect",
        TERM_ATTEMPT_AUTHORIZED = 33 => "termAttemptAuthorized",
        T_ANSWER = 34 => "tAnswer",
        T_DISCONNECT = 35 => "tDisconnect",
    }
}

enumerated! {
    /// `ControlType` of CallGap.
    pub struct ControlType("ControlType") {
        SCP_OVERLOADED = 0 => "sCPOverloaded",
        MANUALLY_INITIATED = 1 => "manuallyInitiated",
        DESTINATION_OVERLOAD = 2 => "destinationOverload",
    }
}

enumerated! {
    /// `ErrorTreatment` of [`CollectedDigits`]. Value 0 is `stdErrorAndInfo` in ETSI,
    /// `reportErrorToScf` in Q.1218.
    pub struct ErrorTreatment("ErrorTreatment") {
        STD_ERROR_AND_INFO = 0 => "stdErrorAndInfo",
        HELP = 1 => "help",
        REPEAT_PROMPT = 2 => "repeatPrompt",
    }
}

enumerated! {
    /// `RequestedInformationType` of the call information operations.
    pub struct RequestedInformationType("RequestedInformationType") {
        CALL_ATTEMPT_ELAPSED_TIME = 0 => "callAttemptElapsedTime",
        CALL_STOP_TIME = 1 => "callStopTime",
        CALL_CONNECTED_ELAPSED_TIME = 2 => "callConnectedElapsedTime",
        CALLED_ADDRESS = 3 => "calledAddress",
        RELEASE_CAUSE = 30 => "releaseCause",
    }
}

enumerated! {
    /// `TimerID`: the timer ResetTimer restarts.
    pub struct TimerId("TimerID") {
        TSSF = 0 => "tssf",
    }
}

enumerated! {
    /// `ForwardingCondition` of Connect. *Q.1218 only.*
    pub struct ForwardingCondition("ForwardingCondition") {
        BUSY = 0 => "busy",
        NO_ANSWER = 1 => "noanswer",
        ANY = 2 => "any",
    }
}

enumerated! {
    /// `messageType` of [`MiscCallInfo`].
    pub struct MessageType("messageType") {
        REQUEST = 0 => "request",
        NOTIFICATION = 1 => "notification",
    }
}

enumerated! {
    /// `dpAssignment` of [`MiscCallInfo`]. *Q.1218 only.*
    pub struct DpAssignment("dpAssignment") {
        INDIVIDUAL_LINE = 0 => "individualLine",
        GROUP_BASED = 1 => "groupBased",
        OFFICE_BASED = 2 => "officeBased",
    }
}

// ── Opaque OCTET STRINGs ────────────────────────────────────────────────────────────────────────

octets! {
    /// `Digits ::= OCTET STRING (SIZE (minDigitsLength..maxDigitsLength))`: a Q.763 generic digits
    /// (or generic number) parameter, kept opaque. Used for `CorrelationID` (which the SRF echoes
    /// back as the SCF sent it, so it is not re-encoded), `prefix`, `digitsResponse` and the
    /// `number` variable part.
    pub struct Digits("Digits", 1, 16);
}

/// `CorrelationID ::= Digits`.
pub type CorrelationId = Digits;

octets! {
    /// `CallingPartyBusinessGroupID ::= OCTET STRING` (network operator specific).
    pub struct CallingPartyBusinessGroupId("CallingPartyBusinessGroupID", 0, MAX_OPAQUE_LEN);
}

octets! {
    /// `CallingPartySubaddress ::= OCTET STRING` (Q.931 coding).
    pub struct CallingPartySubaddress("CallingPartySubaddress", 0, MAX_OPAQUE_LEN);
}

octets! {
    /// `IPSSPCapabilities ::= OCTET STRING` (network operator specific).
    pub struct IpSspCapabilities("IPSSPCapabilities", 0, MAX_OPAQUE_LEN);
}

octets! {
    /// `IPAvailable ::= OCTET STRING` (network operator specific).
    pub struct IpAvailable("IPAvailable", 0, MAX_OPAQUE_LEN);
}

octets! {
    /// `ServiceProfileIdentifier ::= OCTET STRING` (Q.932 coding). *Q.1218 only.*
    pub struct ServiceProfileIdentifier("ServiceProfileIdentifier", 0, MAX_OPAQUE_LEN);
}

octets! {
    /// `ServiceInteractionIndicators ::= OCTET STRING` (network specific).
    pub struct ServiceInteractionIndicators("ServiceInteractionIndicators", 0, MAX_OPAQUE_LEN);
}

octets! {
    /// `ForwardCallIndicators ::= OCTET STRING (SIZE (2))` (Q.763 coding).
    pub struct ForwardCallIndicators("ForwardCallIndicators", 2, 2);
}

octets! {
    /// `HighLayerCompatibility ::= OCTET STRING (SIZE (highLayerCompatibilityLength))`, 2 octets of
    /// Q.931 coding.
    pub struct HighLayerCompatibility("HighLayerCompatibility", 2, 2);
}

octets! {
    /// `AlertingPattern ::= OCTET STRING (SIZE (3))` (Q.931 signal coding).
    pub struct AlertingPattern("AlertingPattern", 3, 3);
}

octets! {
    /// `ScfID ::= OCTET STRING` (network operator specific).
    pub struct ScfId("ScfID", 0, MAX_OPAQUE_LEN);
}

octets! {
    /// `Carrier ::= OCTET STRING`. *Q.1218 only.*
    pub struct Carrier("Carrier", 0, MAX_OPAQUE_LEN);
}

octets! {
    /// `ISDNAccessRelatedInformation ::= OCTET STRING` (Q.763 access transport). *Q.1218 only.*
    pub struct IsdnAccessRelatedInformation("ISDNAccessRelatedInformation", 0, MAX_OPAQUE_LEN);
}

octets! {
    /// `TravellingClassMark ::= LocationNumber` with spare nature of address and numbering plan,
    /// kept opaque. *Q.1218 only.*
    pub struct TravellingClassMark("TravellingClassMark", 0, MAX_OPAQUE_LEN);
}

octets! {
    /// `FCIBillingChargingCharacteristics ::= OCTET STRING` (network operator specific).
    pub struct FciBillingChargingCharacteristics("FCIBillingChargingCharacteristics", 0, MAX_OPAQUE_LEN);
}

octets! {
    /// `AChBillingChargingCharacteristics ::= OCTET STRING` (network operator specific).
    pub struct AChBillingChargingCharacteristics("AChBillingChargingCharacteristics", 0, MAX_OPAQUE_LEN);
}

octets! {
    /// `CallResult ::= OCTET STRING` (network operator specific).
    pub struct CallResult("CallResult", 0, MAX_OPAQUE_LEN);
}

octets! {
    /// `DateAndTime ::= OCTET STRING (SIZE (6))`: YYMMDDHHMMSS in BCD.
    pub struct DateAndTime("DateAndTime", 6, 6);
}

octets! {
    /// One route of a `RouteList`: `OCTET STRING (SIZE (minRouteListLength..maxRouteListLength))`.
    pub struct Route("RouteList", 0, MAX_OPAQUE_LEN);
}

octets! {
    /// `attributes [1] OCTET STRING` of a text [`MessageId`].
    pub struct Attributes("attributes", 0, MAX_OPAQUE_LEN);
}

octets! {
    /// `OCTET STRING (SIZE (1..2))`: the `endOfReplyDigit`, `cancelDigit` and `startDigit` of
    /// [`CollectedDigits`], one BCD digit in the low nibble of each octet.
    pub struct ControlDigits("controlDigit", 1, 2);
}

octets! {
    /// `bearerCap [0] OCTET STRING (SIZE (2..maxBearerCapabilityLength))` (Q.931 or Q.763 user
    /// service information coding; 11 octets at most).
    pub struct BearerCap("bearerCap", 2, 11);
}

octets! {
    /// `tmr [1] OCTET STRING (SIZE (1))`: Q.763 transmission medium requirement.
    pub struct Tmr("tmr", 1, 1);
}

octets! {
    /// `time [2] OCTET STRING (SIZE (2))`: HHMM in BCD.
    pub struct VariableTime("time", 2, 2);
}

octets! {
    /// `date [3] OCTET STRING (SIZE (3))`: YYMMDD in BCD.
    pub struct VariableDate("date", 3, 3);
}

octets! {
    /// `price [4] OCTET STRING (SIZE (4))`: DDDDDD.DD in BCD.
    pub struct VariablePrice("price", 4, 4);
}

/// An `IA5String` (`DisplayInformation`, `messageContent`, `iA5Response`): 7-bit characters, at
/// most [`MAX_OPAQUE_LEN`] of them.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(transparent))]
pub struct Ia5String(String);

impl Ia5String {
    /// The string, if every character is 7-bit and it is at most [`MAX_OPAQUE_LEN`] long.
    pub fn new(s: impl Into<String>) -> Option<Self> {
        let s = s.into();
        (s.is_ascii() && s.len() <= MAX_OPAQUE_LEN).then_some(Self(s))
    }

    /// The characters.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Ia5String {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Implicit for Ia5String {
    const TAG: Tag = Tag::IA5_STRING;

    fn from_element(tlv: &Tlv<'_>, member: &'static str) -> Result<Self> {
        let c = codec::primitive(tlv, member)?;
        codec::check_size(c.len(), 0, MAX_OPAQUE_LEN, member, tlv.offset)?;
        if !c.is_ascii() {
            return Err(DecodeError::new(
                member,
                tlv.offset,
                DecodeErrorKind::NotIa5,
            ));
        }
        // Every octet is ASCII, so this cannot fail; no panic path either way.
        let s = String::from_utf8(c.to_vec())
            .map_err(|_| DecodeError::new(member, tlv.offset, DecodeErrorKind::NotIa5))?;
        Ok(Self(s))
    }

    fn to_element(&self, tag: Tag, enc: &mut Encoder<'_>) {
        enc.octets(tag, self.0.as_bytes());
    }
}

impl_asn_implicit!(Ia5String);

#[cfg(test)]
impl<'a> arbitrary::Arbitrary<'a> for Ia5String {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        let n = u.int_in_range(0..=24)?;
        let s = (0..n)
            .map(|_| u.int_in_range(0x20u8..=0x7e).map(char::from))
            .collect::<arbitrary::Result<String>>()?;
        Ok(Self(s))
    }
}

/// `LegType ::= OCTET STRING (SIZE (1))`: `01` is leg 1 (the calling party), `02` leg 2.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(transparent))]
#[cfg_attr(test, derive(arbitrary::Arbitrary))]
pub struct LegType(pub u8);

impl LegType {
    /// `leg1 LegType ::= '01'H`.
    pub const LEG1: Self = Self(1);
    /// `leg2 LegType ::= '02'H`.
    pub const LEG2: Self = Self(2);
}

impl Implicit for LegType {
    const TAG: Tag = Tag::OCTET_STRING;

    fn from_element(tlv: &Tlv<'_>, member: &'static str) -> Result<Self> {
        match codec::primitive(tlv, member)? {
            [b] => Ok(Self(*b)),
            c => Err(DecodeError::new(
                member,
                tlv.offset,
                DecodeErrorKind::Size {
                    len: c.len(),
                    min: 1,
                    max: 1,
                },
            )),
        }
    }

    fn to_element(&self, tag: Tag, enc: &mut Encoder<'_>) {
        enc.octets(tag, &[self.0]);
    }
}

impl_asn_implicit!(LegType);

/// `extensions [n] SEQUENCE SIZE (1..numOfExtensions) OF ExtensionField`, kept raw: the contents
/// octets of the `[n]` element (the encoded ExtensionFields), re-encoded as received. Their meaning
/// is network operator specific; the SCF ignores them (criticality is not acted upon).
#[derive(Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Extensions(
    #[cfg_attr(
        feature = "serde",
        serde(serialize_with = "crate::operations::codec::hex_bytes")
    )]
    pub Vec<u8>,
);

impl std::fmt::Debug for Extensions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Extensions(")?;
        for b in &self.0 {
            write!(f, "{b:02x}")?;
        }
        f.write_str(")")
    }
}

impl Implicit for Extensions {
    const TAG: Tag = Tag::SEQUENCE;

    fn from_element(tlv: &Tlv<'_>, member: &'static str) -> Result<Self> {
        // Checks the form; the framing inside was already validated by the BER reader.
        codec::constructed(tlv, member)?;
        Ok(Self(tlv.content.to_vec()))
    }

    fn to_element(&self, tag: Tag, enc: &mut Encoder<'_>) {
        enc.constructed(tag, |e| e.raw(&self.0));
    }
}

impl_asn_implicit!(Extensions);

#[cfg(test)]
impl<'a> arbitrary::Arbitrary<'a> for Extensions {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        // One ExtensionField { type INTEGER, value [1] EXPLICIT OCTET STRING }.
        let ty: u8 = u.int_in_range(0..=127)?;
        let n = u.int_in_range(0..=8)?;
        let value: Vec<u8> = (0..n)
            .map(|_| u.arbitrary::<u8>())
            .collect::<arbitrary::Result<_>>()?;
        let mut field = vec![0x02, 0x01, ty, 0xa1, (n + 2) as u8, 0x04, n as u8];
        field.extend_from_slice(&value);
        let mut out = vec![0x30, field.len() as u8];
        out.extend_from_slice(&field);
        Ok(Self(out))
    }
}

// ── Constructed types ───────────────────────────────────────────────────────────────────────────

choice! {
    /// ```text
    /// LegID ::= CHOICE {
    ///     sendingSideID   [0] LegType,   -- in operations from the SCF to the SSF
    ///     receivingSideID [1] LegType }  -- in operations from the SSF to the SCF
    /// ```
    pub enum LegId("LegID") {
        [0] SendingSideId("sendingSideID"): LegType,
        [1] ReceivingSideId("receivingSideID"): LegType,
    }
}

choice! {
    /// ```text
    /// DpSpecificCriteria ::= CHOICE {
    ///     numberOfDigits   [0] NumberOfDigits,
    ///     applicationTimer [1] ApplicationTimer }
    /// ```
    pub enum DpSpecificCriteria("DpSpecificCriteria") {
        [0] NumberOfDigits("numberOfDigits"): NumberOfDigits,
        [1] ApplicationTimer("applicationTimer"): ApplicationTimer,
    }
}

sequence! {
    /// ```text
    /// BCSMEvent ::= SEQUENCE {
    ///     eventTypeBCSM      [0]  EventTypeBCSM,
    ///     monitorMode        [1]  MonitorMode,
    ///     legID              [2]  LegID OPTIONAL,
    ///     dpSpecificCriteria [30] DpSpecificCriteria OPTIONAL }
    /// ```
    pub struct BcsmEvent("BCSMEvent") {
        [0] event_type_bcsm("eventTypeBCSM"): req EventTypeBcsm,
        [1] monitor_mode("monitorMode"): req MonitorMode,
        [2] leg_id("legID"): opt LegId,
        [30] dp_specific_criteria("dpSpecificCriteria"): opt DpSpecificCriteria,
    }
}

sequence! {
    /// ```text
    /// MiscCallInfo ::= SEQUENCE {
    ///     messageType  [0] ENUMERATED { request(0), notification(1) },
    ///     dpAssignment [1] ENUMERATED { individualLine(0), groupBased(1),
    ///                                   officeBased(2) } OPTIONAL }   -- Q.1218 only
    /// ```
    pub struct MiscCallInfo("MiscCallInfo") {
        [0] message_type("messageType"): req MessageType,
        /// *Q.1218 only.*
        [1] dp_assignment("dpAssignment"): opt DpAssignment,
    }
}

choice! {
    /// ```text
    /// BearerCapability ::= CHOICE {
    ///     bearerCap [0] OCTET STRING (SIZE (2..maxBearerCapabilityLength)),
    ///     tmr       [1] OCTET STRING (SIZE (1)) }   -- Q.1218 only
    /// ```
    pub enum BearerCapability("BearerCapability") {
        [0] BearerCap("bearerCap"): BearerCap,
        /// *Q.1218 only.*
        [1] Tmr("tmr"): Tmr,
    }
}

sequence! {
    /// `collectedInfoSpecificInfo` and `analyzedInfoSpecificInfo` of
    /// [`EventSpecificInformationBcsm`]: `SEQUENCE { calledPartynumber [0] CalledPartyNumber, ... }`.
    pub struct CalledPartySpecificInfo("calledPartySpecificInfo") {
        [0] called_party_number("calledPartynumber"): req CalledPartyNumber,
    }
}

sequence! {
    /// `routeSelectFailureSpecificInfo`: `SEQUENCE { failureCause [0] Cause OPTIONAL, ... }`.
    pub struct RouteSelectFailureSpecificInfo("routeSelectFailureSpecificInfo") {
        [0] failure_cause("failureCause"): opt Cause,
    }
}

sequence! {
    /// `oCalledPartyBusySpecificInfo` and `tCalledPartyBusySpecificInfo` (`tBusySpecificInfo` in
    /// Q.1218): `SEQUENCE { busyCause [0] Cause OPTIONAL, ... }`.
    pub struct BusySpecificInfo("busySpecificInfo") {
        [0] busy_cause("busyCause"): opt Cause,
    }
}

sequence! {
    /// The alternatives with no specific information (`oNoAnswer`, `oAnswer`, `tNoAnswer`,
    /// `tAnswer`): `SEQUENCE { ... }`.
    pub struct NoSpecificInfo("noSpecificInfo") {}
}

sequence! {
    /// `oMidCallSpecificInfo` and `tMidCallSpecificInfo`: empty in ETSI, `SEQUENCE { connectTime
    /// [0] Integer4 OPTIONAL, ... }` in Q.1218.
    pub struct MidCallSpecificInfo("midCallSpecificInfo") {
        /// *Q.1218 only.*
        [0] connect_time("connectTime"): opt Integer4,
    }
}

sequence! {
    /// `oDisconnectSpecificInfo` and `tDisconnectSpecificInfo`: `SEQUENCE { releaseCause [0] Cause
    /// OPTIONAL, connectTime [1] Integer4 OPTIONAL (Q.1218 only), ... }`.
    pub struct DisconnectSpecificInfo("disconnectSpecificInfo") {
        [0] release_cause("releaseCause"): opt Cause,
        /// *Q.1218 only.* Unit: 100 ms.
        [1] connect_time("connectTime"): opt Integer4,
    }
}

choice! {
    /// `EventSpecificInformationBCSM`: what the SSF reports with an event (thirteen SEQUENCEs on
    /// tags 0 to 12).
    pub enum EventSpecificInformationBcsm("EventSpecificInformationBCSM") {
        [0] CollectedInfoSpecificInfo("collectedInfoSpecificInfo"): CalledPartySpecificInfo,
        [1] AnalyzedInfoSpecificInfo("analyzedInfoSpecificInfo"): CalledPartySpecificInfo,
        [2] RouteSelectFailureSpecificInfo("routeSelectFailureSpecificInfo"): RouteSelectFailureSpecificInfo,
        [3] OCalledPartyBusySpecificInfo("oCalledPartyBusySpecificInfo"): BusySpecificInfo,
        [4] ONoAnswerSpecificInfo("oNoAnswerSpecificInfo"): NoSpecificInfo,
        [5] OAnswerSpecificInfo("oAnswerSpecificInfo"): NoSpecificInfo,
        [6] OMidCallSpecificInfo("oMidCallSpecificInfo"): MidCallSpecificInfo,
        [7] ODisconnectSpecificInfo("oDisconnectSpecificInfo"): DisconnectSpecificInfo,
        [8] TCalledPartyBusySpecificInfo("tCalledPartyBusySpecificInfo"): BusySpecificInfo,
        [9] TNoAnswerSpecificInfo("tNoAnswerSpecificInfo"): NoSpecificInfo,
        [10] TAnswerSpecificInfo("tAnswerSpecificInfo"): NoSpecificInfo,
        [11] TMidCallSpecificInfo("tMidCallSpecificInfo"): MidCallSpecificInfo,
        [12] TDisconnectSpecificInfo("tDisconnectSpecificInfo"): DisconnectSpecificInfo,
    }
}

choice! {
    /// ```text
    /// VariablePart ::= CHOICE {
    ///     integer [0] Integer4,
    ///     number  [1] Digits,                    -- generic digits
    ///     time    [2] OCTET STRING (SIZE (2)),
    ///     date    [3] OCTET STRING (SIZE (3)),
    ///     price   [4] OCTET STRING (SIZE (4)) }
    /// ```
    pub enum VariablePart("VariablePart") {
        [0] Integer("integer"): Integer4,
        [1] Number("number"): Digits,
        [2] Time("time"): VariableTime,
        [3] Date("date"): VariableDate,
        [4] Price("price"): VariablePrice,
    }
}

sequence! {
    /// The `text` alternative of [`MessageId`]:
    /// `SEQUENCE { messageContent [0] IA5String, attributes [1] OCTET STRING OPTIONAL }`.
    pub struct MessageText("text") {
        [0] message_content("messageContent"): req Ia5String,
        [1] attributes("attributes"): opt Attributes,
    }
}

sequence! {
    /// The `variableMessage` alternative of [`MessageId`]: `SEQUENCE { elementaryMessageID [0]
    /// Integer4, variableParts [1] SEQUENCE SIZE (1..5) OF VariablePart }`.
    pub struct VariableMessage("variableMessage") {
        [0] elementary_message_id("elementaryMessageID"): req Integer4,
        [1] variable_parts("variableParts"): list{1, 5} VariablePart,
    }
}

/// `elementaryMessageIDs [29] SEQUENCE SIZE (1..numOfMessageIDs) OF Integer4` (at most 16 here).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(transparent))]
pub struct ElementaryMessageIds(pub Vec<Integer4>);

impl ElementaryMessageIds {
    /// Most message identifiers accepted (`numOfMessageIDs` is network specific).
    pub const MAX: usize = 16;
}

impl Implicit for ElementaryMessageIds {
    const TAG: Tag = Tag::SEQUENCE;

    fn from_element(tlv: &Tlv<'_>, member: &'static str) -> Result<Self> {
        codec::decode_list(tlv, member, 1, Self::MAX).map(Self)
    }

    fn to_element(&self, tag: Tag, enc: &mut Encoder<'_>) {
        codec::encode_list(&self.0, tag, enc);
    }
}

impl_asn_implicit!(ElementaryMessageIds);

#[cfg(test)]
impl<'a> arbitrary::Arbitrary<'a> for ElementaryMessageIds {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        codec::arbitrary_list::<_, 1, 16>(u).map(Self)
    }
}

choice! {
    /// ```text
    /// MessageID ::= CHOICE {
    ///     elementaryMessageID  [0]  Integer4,
    ///     text                 [1]  SEQUENCE { messageContent [0] IA5String,
    ///                                          attributes     [1] OCTET STRING OPTIONAL },
    ///     elementaryMessageIDs [29] SEQUENCE SIZE (1..numOfMessageIDs) OF Integer4,
    ///     variableMessage      [30] SEQUENCE { elementaryMessageID [0] Integer4,
    ///                                          variableParts [1] SEQUENCE SIZE (1..5)
    ///                                                            OF VariablePart } }
    /// ```
    pub enum MessageId("MessageID") {
        [0] ElementaryMessageId("elementaryMessageID"): Integer4,
        [1] Text("text"): MessageText,
        [29] ElementaryMessageIds("elementaryMessageIDs"): ElementaryMessageIds,
        [30] VariableMessage("variableMessage"): VariableMessage,
    }
}

sequence! {
    /// ```text
    /// InbandInfo ::= SEQUENCE {
    ///     messageID           [0] MessageID,
    ///     numberOfRepetitions [1] INTEGER (1..127) OPTIONAL,
    ///     duration            [2] INTEGER (0..32767) OPTIONAL,   -- seconds, 0 infinite
    ///     interval            [3] INTEGER (0..32767) OPTIONAL }  -- seconds
    /// ```
    pub struct InbandInfo("InbandInfo") {
        [0] message_id("messageID"): req MessageId,
        [1] number_of_repetitions("numberOfRepetitions"): opt Integer1To127,
        [2] duration("duration"): opt Integer0To32767,
        [3] interval("interval"): opt Integer0To32767,
    }
}

sequence! {
    /// ```text
    /// Tone ::= SEQUENCE {
    ///     toneID   [0] Integer4,
    ///     duration [1] Integer4 OPTIONAL }   -- seconds, 0 infinite
    /// ```
    pub struct Tone("Tone") {
        [0] tone_id("toneID"): req Integer4,
        [1] duration("duration"): opt Integer4,
    }
}

choice! {
    /// ```text
    /// InformationToSend ::= CHOICE {
    ///     inbandInfo         [0] InbandInfo,
    ///     tone               [1] Tone,
    ///     displayInformation [2] DisplayInformation }   -- IA5String
    /// ```
    pub enum InformationToSend("InformationToSend") {
        [0] InbandInfo("inbandInfo"): InbandInfo,
        [1] Tone("tone"): Tone,
        [2] DisplayInformation("displayInformation"): Ia5String,
    }
}

sequence! {
    /// ```text
    /// CollectedDigits ::= SEQUENCE {
    ///     minimumNbOfDigits   [0]  INTEGER (1..127) DEFAULT 1,
    ///     maximumNbOfDigits   [1]  INTEGER (1..127),
    ///     endOfReplyDigit     [2]  OCTET STRING (SIZE (1..2)) OPTIONAL,
    ///     cancelDigit         [3]  OCTET STRING (SIZE (1..2)) OPTIONAL,
    ///     startDigit          [4]  OCTET STRING (SIZE (1..2)) OPTIONAL,
    ///     firstDigitTimeOut   [5]  INTEGER (1..127) OPTIONAL,
    ///     interDigitTimeOut   [6]  INTEGER (1..127) OPTIONAL,
    ///     errorTreatment      [7]  ErrorTreatment DEFAULT stdErrorAndInfo,
    ///     interruptableAnnInd [8]  BOOLEAN DEFAULT TRUE,
    ///     voiceInformation    [9]  BOOLEAN DEFAULT FALSE,
    ///     voiceBack           [10] BOOLEAN DEFAULT FALSE }
    /// ```
    ///
    /// A DEFAULT member is an `Option`: `None` means absent (the default applies) and is not sent;
    /// a value equal to the default is sent as given, so a decoded value re-encodes exactly.
    pub struct CollectedDigits("CollectedDigits") {
        /// DEFAULT 1.
        [0] minimum_nb_of_digits("minimumNbOfDigits"): opt Integer1To127,
        [1] maximum_nb_of_digits("maximumNbOfDigits"): req Integer1To127,
        [2] end_of_reply_digit("endOfReplyDigit"): opt ControlDigits,
        [3] cancel_digit("cancelDigit"): opt ControlDigits,
        [4] start_digit("startDigit"): opt ControlDigits,
        [5] first_digit_time_out("firstDigitTimeOut"): opt Integer1To127,
        [6] inter_digit_time_out("interDigitTimeOut"): opt Integer1To127,
        /// DEFAULT stdErrorAndInfo.
        [7] error_treatment("errorTreatment"): opt ErrorTreatment,
        /// DEFAULT TRUE.
        [8] interruptable_ann_ind("interruptableAnnInd"): opt bool,
        /// DEFAULT FALSE.
        [9] voice_information("voiceInformation"): opt bool,
        /// DEFAULT FALSE.
        [10] voice_back("voiceBack"): opt bool,
    }
}

choice! {
    /// ```text
    /// CollectedInfo ::= CHOICE {
    ///     collectedDigits [0] CollectedDigits,
    ///     iA5Information  [1] BOOLEAN }   -- Q.1218 only
    /// ```
    pub enum CollectedInfo("CollectedInfo") {
        [0] CollectedDigits("collectedDigits"): CollectedDigits,
        /// *Q.1218 only.*
        [1] Ia5Information("iA5Information"): bool,
    }
}

choice! {
    /// ```text
    /// RequestedInformationValue ::= CHOICE {
    ///     callAttemptElapsedTimeValue   [0]  INTEGER (0..255),   -- seconds
    ///     callStopTimeValue             [1]  DateAndTime,
    ///     callConnectedElapsedTimeValue [2]  Integer4,           -- 100 ms
    ///     calledAddressValue            [3]  Digits,             -- Q.763 generic number
    ///     releaseCauseValue             [30] Cause }
    /// ```
    pub enum RequestedInformationValue("RequestedInformationValue") {
        [0] CallAttemptElapsedTimeValue("callAttemptElapsedTimeValue"): Integer0To255,
        [1] CallStopTimeValue("callStopTimeValue"): DateAndTime,
        [2] CallConnectedElapsedTimeValue("callConnectedElapsedTimeValue"): Integer4,
        [3] CalledAddressValue("calledAddressValue"): GenericNumber,
        [30] ReleaseCauseValue("releaseCauseValue"): Cause,
    }
}

sequence! {
    /// ```text
    /// RequestedInformation ::= SEQUENCE {
    ///     requestedInformationType  [0] RequestedInformationType,
    ///     requestedInformationValue [1] RequestedInformationValue }
    /// ```
    pub struct RequestedInformation("RequestedInformation") {
        [0] requested_information_type("requestedInformationType"): req RequestedInformationType,
        [1] requested_information_value("requestedInformationValue"): req RequestedInformationValue,
    }
}

sequence! {
    /// ```text
    /// GapOnService ::= SEQUENCE {
    ///     serviceKey [0] ServiceKey,
    ///     dpCriteria [1] EventTypeBCSM OPTIONAL }
    /// ```
    pub struct GapOnService("GapOnService") {
        [0] service_key("serviceKey"): req ServiceKey,
        [1] dp_criteria("dpCriteria"): opt EventTypeBcsm,
    }
}

sequence! {
    /// `calledAddressAndService [29] SEQUENCE { calledAddressValue [0] Digits, serviceKey [1]
    /// ServiceKey }` of [`GapCriteria`].
    pub struct CalledAddressAndService("calledAddressAndService") {
        [0] called_address_value("calledAddressValue"): req GenericNumber,
        [1] service_key("serviceKey"): req ServiceKey,
    }
}

sequence! {
    /// `callingAddressAndService [30] SEQUENCE { callingAddressValue [0] Digits, serviceKey [1]
    /// ServiceKey, locationNumber [2] LocationNumber OPTIONAL }` of [`GapCriteria`].
    pub struct CallingAddressAndService("callingAddressAndService") {
        [0] calling_address_value("callingAddressValue"): req GenericNumber,
        [1] service_key("serviceKey"): req ServiceKey,
        [2] location_number("locationNumber"): opt LocationNumber,
    }
}

choice! {
    /// ```text
    /// GapCriteria ::= CHOICE {
    ///     calledAddressValue       [0]  Digits,
    ///     gapOnService             [2]  GapOnService,
    ///     calledAddressAndService  [29] SEQUENCE { ... },
    ///     callingAddressAndService [30] SEQUENCE { ... } }
    /// ```
    ///
    /// Q.1218 says the called and calling address values use the Q.763 generic number format;
    /// they may be incomplete (a prefix of the numbers to gap).
    pub enum GapCriteria("GapCriteria") {
        [0] CalledAddressValue("calledAddressValue"): GenericNumber,
        [2] GapOnService("gapOnService"): GapOnService,
        [29] CalledAddressAndService("calledAddressAndService"): CalledAddressAndService,
        [30] CallingAddressAndService("callingAddressAndService"): CallingAddressAndService,
    }
}

sequence! {
    /// ```text
    /// GapIndicators ::= SEQUENCE {
    ///     duration    [0] Duration,
    ///     gapInterval [1] Interval }
    /// ```
    pub struct GapIndicators("GapIndicators") {
        [0] duration("duration"): req Duration,
        [1] gap_interval("gapInterval"): req Interval,
    }
}

sequence! {
    /// The `both` alternative of [`GapTreatment`]:
    /// `SEQUENCE { informationToSend [0] InformationToSend, releaseCause [1] Cause }`.
    pub struct GapTreatmentBoth("both") {
        [0] information_to_send("informationToSend"): req InformationToSend,
        [1] release_cause("releaseCause"): req Cause,
    }
}

choice! {
    /// ```text
    /// GapTreatment ::= CHOICE {
    ///     informationToSend [0] InformationToSend,
    ///     releaseCause      [1] Cause,
    ///     both              [2] SEQUENCE { informationToSend [0] InformationToSend,
    ///                                      releaseCause      [1] Cause } }
    /// ```
    pub enum GapTreatment("GapTreatment") {
        [0] InformationToSend("informationToSend"): InformationToSend,
        [1] ReleaseCause("releaseCause"): Cause,
        [2] Both("both"): GapTreatmentBoth,
    }
}

sequence! {
    /// The `both` alternative of [`ResourceAddress`]:
    /// `SEQUENCE { ipRoutingAddress [0] IPRoutingAddress, legID [1] LegID }`. *Q.1218 only.*
    pub struct ResourceAddressBoth("both") {
        [0] ip_routing_address("ipRoutingAddress"): req CalledPartyNumber,
        [1] leg_id("legID"): req LegId,
    }
}

choice! {
    /// The untagged `resourceAddress` CHOICE of ConnectToResourceArg:
    ///
    /// ```text
    /// resourceAddress CHOICE {
    ///     ipRoutingAddress [0] IPRoutingAddress,   -- IPRoutingAddress ::= CalledPartyNumber
    ///     legID            [1] LegID,              -- Q.1218 only
    ///     both             [2] SEQUENCE { ... },   -- Q.1218 only
    ///     none             [3] NULL }
    /// ```
    pub enum ResourceAddress("resourceAddress") {
        [0] IpRoutingAddress("ipRoutingAddress"): CalledPartyNumber,
        /// *Q.1218 only.*
        [1] LegId("legID"): LegId,
        /// *Q.1218 only.*
        [2] Both("both"): ResourceAddressBoth,
        [3] None("none"): (),
    }
}

/// `DestinationRoutingAddress ::= SEQUENCE SIZE (1..3) OF CalledPartyNumber` (ETSI allows one).
pub const MAX_DESTINATION_ROUTING_ADDRESSES: usize = 3;
/// `RouteList ::= SEQUENCE SIZE (1..3) OF OCTET STRING`.
pub const MAX_ROUTES: usize = 3;
/// `numOfBCSMEvents` (network specific): the most BCSM events one request may arm here.
pub const MAX_BCSM_EVENTS: usize = 30;
/// `numOfInfoItems`: the most items in a requested information (type) list.
pub const MAX_INFO_ITEMS: usize = 5;
