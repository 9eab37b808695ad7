//! The arguments of the SSF–SCF operations (ETS 300 374-1 §6.4, Q.1218 §2.1.4): call set-up and
//! control, BCSM event handling, charging, call information, traffic management, and the assist
//! procedure towards a specialised resource.
//!
//! The ASN.1 quoted on each type is the union of the two documents; members only Q.1218 has are
//! marked. A member whose type is a CHOICE is EXPLICITly tagged (X.680 §31.2.7).

use tcap::ber::{Encoder, Tag, Tlv};

use super::codec::{
    self, DecodeError, DecodeErrorKind, Implicit, Result, impl_asn_implicit, sequence,
};
use super::datatypes::*;
use crate::isup::{
    CalledPartyNumber, CallingPartyNumber, CallingPartysCategory, Cause, GenericNumber,
    LocationNumber, OriginalCalledPartyId, RedirectingPartyId, RedirectionInformation,
};

sequence! {
    /// InitialDP (opcode 0, SSF → SCF): a call met a trigger detection point and asks the SCF for
    /// instructions.
    ///
    /// ```text
    /// InitialDPArg ::= SEQUENCE {
    ///     serviceKey                   [0]  ServiceKey,
    ///     dialledDigits                [1]  CalledPartyNumber OPTIONAL,            -- Q.1218 only
    ///     calledPartyNumber            [2]  CalledPartyNumber OPTIONAL,
    ///     callingPartyNumber           [3]  CallingPartyNumber OPTIONAL,
    ///     callingPartyBusinessGroupID  [4]  CallingPartyBusinessGroupID OPTIONAL,  -- Q.1218 only
    ///     callingPartysCategory        [5]  CallingPartysCategory OPTIONAL,
    ///     callingPartySubaddress       [6]  CallingPartySubaddress OPTIONAL,       -- Q.1218 only
    ///     cGEncountered                [7]  CGEncountered OPTIONAL,
    ///     iPSSPCapabilities            [8]  IPSSPCapabilities OPTIONAL,
    ///     iPAvailable                  [9]  IPAvailable OPTIONAL,
    ///     locationNumber               [10] LocationNumber OPTIONAL,
    ///     miscCallInfo                 [11] MiscCallInfo OPTIONAL,                 -- Q.1218 only
    ///     originalCalledPartyID        [12] OriginalCalledPartyID OPTIONAL,
    ///     serviceProfileIdentifier     [13] ServiceProfileIdentifier OPTIONAL,     -- Q.1218 only
    ///     terminalType                 [14] TerminalType OPTIONAL,                 -- Q.1218 only
    ///     extensions                   [15] SEQUENCE SIZE(1..numOfExtensions) OF
    ///                                           ExtensionField OPTIONAL,
    ///     triggerType                  [16] TriggerType OPTIONAL,                  -- Q.1218 only
    ///     highLayerCompatibility       [23] HighLayerCompatibility OPTIONAL,
    ///     serviceInteractionIndicators [24] ServiceInteractionIndicators OPTIONAL,
    ///     additionalCallingPartyNumber [25] AdditionalCallingPartyNumber OPTIONAL,
    ///     forwardCallIndicators        [26] ForwardCallIndicators OPTIONAL,
    ///     bearerCapability             [27] BearerCapability OPTIONAL,
    ///     eventTypeBCSM                [28] EventTypeBCSM OPTIONAL,
    ///     redirectingPartyID           [29] RedirectingPartyID OPTIONAL,
    ///     redirectionInformation       [30] RedirectionInformation OPTIONAL,
    ///     ... }
    /// ```
    ///
    /// `serviceKey` is mandatory as in ETS 300 374-1 (Q.1218 makes it OPTIONAL, but an InitialDP
    /// without a service key cannot select a service). ETS 300 374-1 has the SCF accept and ignore
    /// the six Q.1218-only members; they are decoded here and kept.
    /// `AdditionalCallingPartyNumber ::= Digits` in the Q.763 generic number format.
    pub struct InitialDpArg("InitialDPArg") {
        [0] service_key("serviceKey"): req ServiceKey,
        /// *Q.1218 only.*
        [1] dialled_digits("dialledDigits"): opt CalledPartyNumber,
        [2] called_party_number("calledPartyNumber"): opt CalledPartyNumber,
        [3] calling_party_number("callingPartyNumber"): opt CallingPartyNumber,
        /// *Q.1218 only.*
        [4] calling_party_business_group_id("callingPartyBusinessGroupID"): opt CallingPartyBusinessGroupId,
        [5] calling_partys_category("callingPartysCategory"): opt CallingPartysCategory,
        /// *Q.1218 only.*
        [6] calling_party_subaddress("callingPartySubaddress"): opt CallingPartySubaddress,
        [7] cg_encountered("cGEncountered"): opt CgEncountered,
        [8] ip_ssp_capabilities("iPSSPCapabilities"): opt IpSspCapabilities,
        [9] ip_available("iPAvailable"): opt IpAvailable,
        [10] location_number("locationNumber"): opt LocationNumber,
        /// *Q.1218 only.*
        [11] misc_call_info("miscCallInfo"): opt MiscCallInfo,
        [12] original_called_party_id("originalCalledPartyID"): opt OriginalCalledPartyId,
        /// *Q.1218 only.*
        [13] service_profile_identifier("serviceProfileIdentifier"): opt ServiceProfileIdentifier,
        /// *Q.1218 only.*
        [14] terminal_type("terminalType"): opt TerminalType,
        [15] extensions("extensions"): opt Extensions,
        /// *Q.1218 only.*
        [16] trigger_type("triggerType"): opt TriggerType,
        [23] high_layer_compatibility("highLayerCompatibility"): opt HighLayerCompatibility,
        [24] service_interaction_indicators("serviceInteractionIndicators"): opt ServiceInteractionIndicators,
        [25] additional_calling_party_number("additionalCallingPartyNumber"): opt GenericNumber,
        [26] forward_call_indicators("forwardCallIndicators"): opt ForwardCallIndicators,
        [27] bearer_capability("bearerCapability"): opt BearerCapability,
        [28] event_type_bcsm("eventTypeBCSM"): opt EventTypeBcsm,
        [29] redirecting_party_id("redirectingPartyID"): opt RedirectingPartyId,
        [30] redirection_information("redirectionInformation"): opt RedirectionInformation,
    }
}

impl InitialDpArg {
    /// An InitialDP carrying only the service key.
    pub fn new(service_key: ServiceKey) -> Self {
        Self {
            service_key,
            dialled_digits: None,
            called_party_number: None,
            calling_party_number: None,
            calling_party_business_group_id: None,
            calling_partys_category: None,
            calling_party_subaddress: None,
            cg_encountered: None,
            ip_ssp_capabilities: None,
            ip_available: None,
            location_number: None,
            misc_call_info: None,
            original_called_party_id: None,
            service_profile_identifier: None,
            terminal_type: None,
            extensions: None,
            trigger_type: None,
            high_layer_compatibility: None,
            service_interaction_indicators: None,
            additional_calling_party_number: None,
            forward_call_indicators: None,
            bearer_capability: None,
            event_type_bcsm: None,
            redirecting_party_id: None,
            redirection_information: None,
        }
    }
}

sequence! {
    /// AssistRequestInstructions (opcode 16, SSF/SRF → SCF): the assisting SSF or the intelligent
    /// peripheral asks for instructions after EstablishTemporaryConnection.
    ///
    /// ```text
    /// AssistRequestInstructionsArg ::= SEQUENCE {
    ///     correlationID     [0] CorrelationID,
    ///     iPAvailable       [1] IPAvailable OPTIONAL,
    ///     iPSSPCapabilities [2] IPSSPCapabilities OPTIONAL,
    ///     extensions        [3] SEQUENCE SIZE(1..numOfExtensions) OF ExtensionField OPTIONAL,
    ///     ... }
    /// ```
    ///
    /// The correlation identifier is kept opaque: it is compared with the one the SCF sent.
    pub struct AssistRequestInstructionsArg("AssistRequestInstructionsArg") {
        [0] correlation_id("correlationID"): req CorrelationId,
        [1] ip_available("iPAvailable"): opt IpAvailable,
        [2] ip_ssp_capabilities("iPSSPCapabilities"): opt IpSspCapabilities,
        [3] extensions("extensions"): opt Extensions,
    }
}

sequence! {
    /// EstablishTemporaryConnection (opcode 17, SCF → SSF): connect the call to an assisting SSF
    /// or an intelligent peripheral.
    ///
    /// ```text
    /// EstablishTemporaryConnectionArg ::= SEQUENCE {
    ///     assistingSSPIPRoutingAddress [0]  AssistingSSPIPRoutingAddress,   -- Digits
    ///     correlationID                [1]  CorrelationID OPTIONAL,
    ///     legID                        [2]  LegID OPTIONAL,                 -- Q.1218 only
    ///     scfID                        [3]  ScfID OPTIONAL,
    ///     extensions                   [4]  SEQUENCE SIZE(1..numOfExtensions) OF
    ///                                           ExtensionField OPTIONAL,
    ///     carrier                      [5]  Carrier OPTIONAL,               -- Q.1218 only
    ///     serviceInteractionIndicators [30] ServiceInteractionIndicators OPTIONAL,
    ///     ... }
    /// ```
    ///
    /// The assisting address uses the Q.763 generic number format (Q.1218 note on `Digits`).
    pub struct EstablishTemporaryConnectionArg("EstablishTemporaryConnectionArg") {
        [0] assisting_ssp_ip_routing_address("assistingSSPIPRoutingAddress"): req GenericNumber,
        [1] correlation_id("correlationID"): opt CorrelationId,
        /// *Q.1218 only.*
        [2] leg_id("legID"): opt LegId,
        [3] scf_id("scfID"): opt ScfId,
        [4] extensions("extensions"): opt Extensions,
        /// *Q.1218 only.*
        [5] carrier("carrier"): opt Carrier,
        [30] service_interaction_indicators("serviceInteractionIndicators"): opt ServiceInteractionIndicators,
    }
}

/// ConnectToResource (opcode 19, SCF → SSF): connect the call to a specialised resource.
///
/// ```text
/// ConnectToResourceArg ::= SEQUENCE {
///     resourceAddress CHOICE {
///         ipRoutingAddress [0] IPRoutingAddress,
///         legID            [1] LegID,               -- Q.1218 only
///         both             [2] SEQUENCE { ipRoutingAddress [0] IPRoutingAddress,
///                                         legID            [1] LegID },   -- Q.1218 only
///         none             [3] NULL },
///     extensions                   [4]  SEQUENCE SIZE(1..numOfExtensions) OF
///                                           ExtensionField OPTIONAL,
///     serviceInteractionIndicators [30] ServiceInteractionIndicators OPTIONAL,
///     ... }
/// ```
///
/// The CHOICE is untagged, so the tag of the chosen alternative appears directly in the SEQUENCE;
/// two alternatives are a duplicate.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(test, derive(arbitrary::Arbitrary))]
pub struct ConnectToResourceArg {
    /// `resourceAddress`.
    pub resource_address: ResourceAddress,
    /// `extensions [4]`.
    pub extensions: Option<Extensions>,
    /// `serviceInteractionIndicators [30]`.
    pub service_interaction_indicators: Option<ServiceInteractionIndicators>,
}

impl Implicit for ConnectToResourceArg {
    const TAG: Tag = Tag::SEQUENCE;

    fn from_element(outer: &Tlv<'_>, _member: &'static str) -> Result<Self> {
        const NAME: &str = "ConnectToResourceArg";
        let mut d = codec::constructed(outer, NAME)?;
        let (mut address, mut extensions, mut sii) = (None, None, None);
        while let Some(m) = codec::next(&mut d, NAME)? {
            if !codec::is_context(&m) {
                continue;
            }
            match m.tag.number {
                0..=3 => codec::put(&mut address, m, "resourceAddress")?,
                4 => codec::put(&mut extensions, m, "extensions")?,
                30 => codec::put(&mut sii, m, "serviceInteractionIndicators")?,
                _ => {}
            }
        }
        let address = address.ok_or_else(|| {
            DecodeError::new("resourceAddress", outer.offset, DecodeErrorKind::Missing)
        })?;
        Ok(Self {
            resource_address: <ResourceAddress as codec::Choice>::from_alternative(
                &address,
                "resourceAddress",
            )?,
            extensions: codec::optional(extensions, "extensions")?,
            service_interaction_indicators: codec::optional(sii, "serviceInteractionIndicators")?,
        })
    }

    fn to_element(&self, tag: Tag, enc: &mut Encoder<'_>) {
        enc.constructed(tag, |e| {
            codec::Asn::encode(&self.resource_address, e);
            if let Some(x) = &self.extensions {
                codec::Asn::encode_tagged(x, Tag::context(4), e);
            }
            if let Some(x) = &self.service_interaction_indicators {
                codec::Asn::encode_tagged(x, Tag::context(30), e);
            }
        });
    }
}

impl_asn_implicit!(ConnectToResourceArg);

sequence! {
    /// Connect (opcode 20, SCF → SSF): route the call to a destination.
    ///
    /// ```text
    /// ConnectArg ::= SEQUENCE {
    ///     destinationRoutingAddress    [0]  DestinationRoutingAddress,
    ///     alertingPattern              [1]  AlertingPattern OPTIONAL,
    ///     correlationID                [2]  CorrelationID OPTIONAL,
    ///     cutAndPaste                  [3]  CutAndPaste OPTIONAL,
    ///     forwardingCondition          [4]  ForwardingCondition OPTIONAL,           -- Q.1218 only
    ///     iSDNAccessRelatedInformation [5]  ISDNAccessRelatedInformation OPTIONAL,  -- Q.1218 only
    ///     originalCalledPartyID        [6]  OriginalCalledPartyID OPTIONAL,
    ///     routeList                    [7]  RouteList OPTIONAL,
    ///     scfID                        [8]  ScfID OPTIONAL,
    ///     travellingClassMark          [9]  TravellingClassMark OPTIONAL,           -- Q.1218 only
    ///     extensions                   [10] SEQUENCE SIZE(1..numOfExtensions) OF
    ///                                           ExtensionField OPTIONAL,
    ///     carrier                      [11] Carrier OPTIONAL,                       -- Q.1218 only
    ///     serviceInteractionIndicators [26] ServiceInteractionIndicators OPTIONAL,
    ///     callingPartyNumber           [27] CallingPartyNumber OPTIONAL,
    ///     callingPartysCategory        [28] CallingPartysCategory OPTIONAL,
    ///     redirectingPartyID           [29] RedirectingPartyID OPTIONAL,
    ///     redirectionInformation       [30] RedirectionInformation OPTIONAL,
    ///     ... }
    ///
    /// DestinationRoutingAddress ::= SEQUENCE SIZE (1..3) OF CalledPartyNumber
    /// RouteList ::= SEQUENCE SIZE (1..3) OF OCTET STRING
    /// ```
    pub struct ConnectArg("ConnectArg") {
        [0] destination_routing_address("destinationRoutingAddress"): list{1, MAX_DESTINATION_ROUTING_ADDRESSES} CalledPartyNumber,
        [1] alerting_pattern("alertingPattern"): opt AlertingPattern,
        [2] correlation_id("correlationID"): opt CorrelationId,
        [3] cut_and_paste("cutAndPaste"): opt CutAndPaste,
        /// *Q.1218 only.*
        [4] forwarding_condition("forwardingCondition"): opt ForwardingCondition,
        /// *Q.1218 only.*
        [5] isdn_access_related_information("iSDNAccessRelatedInformation"): opt IsdnAccessRelatedInformation,
        [6] original_called_party_id("originalCalledPartyID"): opt OriginalCalledPartyId,
        [7] route_list("routeList"): opt_list{1, MAX_ROUTES} Route,
        [8] scf_id("scfID"): opt ScfId,
        /// *Q.1218 only.*
        [9] travelling_class_mark("travellingClassMark"): opt TravellingClassMark,
        [10] extensions("extensions"): opt Extensions,
        /// *Q.1218 only.*
        [11] carrier("carrier"): opt Carrier,
        [26] service_interaction_indicators("serviceInteractionIndicators"): opt ServiceInteractionIndicators,
        [27] calling_party_number("callingPartyNumber"): opt CallingPartyNumber,
        [28] calling_partys_category("callingPartysCategory"): opt CallingPartysCategory,
        [29] redirecting_party_id("redirectingPartyID"): opt RedirectingPartyId,
        [30] redirection_information("redirectionInformation"): opt RedirectionInformation,
    }
}

impl ConnectArg {
    /// A Connect to `destination` with every optional member absent.
    pub fn new(destination: CalledPartyNumber) -> Self {
        Self::with_destinations(vec![destination])
    }

    /// A Connect to the numbers in `destinations` (1 to 3 in CS-1, the first tried first) with
    /// every optional member absent; a caller that keeps the list between calls spares an
    /// allocation per Connect.
    pub fn with_destinations(destinations: Vec<CalledPartyNumber>) -> Self {
        Self {
            destination_routing_address: destinations,
            alerting_pattern: None,
            correlation_id: None,
            cut_and_paste: None,
            forwarding_condition: None,
            isdn_access_related_information: None,
            original_called_party_id: None,
            route_list: None,
            scf_id: None,
            travelling_class_mark: None,
            extensions: None,
            carrier: None,
            service_interaction_indicators: None,
            calling_party_number: None,
            calling_partys_category: None,
            redirecting_party_id: None,
            redirection_information: None,
        }
    }
}

/// ReleaseCall (opcode 22, SCF → SSF): `ReleaseCallArg ::= Cause`, a bare OCTET STRING (`04`)
/// holding the Q.850 cause in the Q.763 format ("a default value of decimal 31 (normal
/// unspecified) should be coded appropriately").
pub type ReleaseCallArg = Cause;

sequence! {
    /// RequestReportBCSMEvent (opcode 23, SCF → SSF): arm detection points.
    ///
    /// ```text
    /// RequestReportBCSMEventArg ::= SEQUENCE {
    ///     bcsmEvents             [0] SEQUENCE SIZE (1..numOfBCSMEvents) OF BCSMEvent,
    ///     bcsmEventCorrelationID [1] CorrelationID OPTIONAL,   -- Q.1218 only
    ///     extensions             [2] SEQUENCE SIZE(1..numOfExtensions) OF ExtensionField OPTIONAL,
    ///     ... }
    /// ```
    pub struct RequestReportBcsmEventArg("RequestReportBCSMEventArg") {
        [0] bcsm_events("bcsmEvents"): list{1, MAX_BCSM_EVENTS} BcsmEvent,
        /// *Q.1218 only.*
        [1] bcsm_event_correlation_id("bcsmEventCorrelationID"): opt CorrelationId,
        [2] extensions("extensions"): opt Extensions,
    }
}

sequence! {
    /// EventReportBCSM (opcode 24, SSF → SCF): an armed event happened.
    ///
    /// ```text
    /// EventReportBCSMArg ::= SEQUENCE {
    ///     eventTypeBCSM                [0] EventTypeBCSM,
    ///     bcsmEventCorrelationID       [1] CorrelationID OPTIONAL,   -- Q.1218 only
    ///     eventSpecificInformationBCSM [2] EventSpecificInformationBCSM OPTIONAL,
    ///     legID                        [3] LegID OPTIONAL,
    ///     miscCallInfo                 [4] MiscCallInfo DEFAULT {messageType request},
    ///     extensions                   [5] SEQUENCE SIZE(1..numOfExtensions) OF
    ///                                          ExtensionField OPTIONAL,
    ///     ... }
    /// ```
    ///
    /// `miscCallInfo` is DEFAULT: `None` means absent (`{messageType request}` applies).
    pub struct EventReportBcsmArg("EventReportBCSMArg") {
        [0] event_type_bcsm("eventTypeBCSM"): req EventTypeBcsm,
        /// *Q.1218 only.*
        [1] bcsm_event_correlation_id("bcsmEventCorrelationID"): opt CorrelationId,
        [2] event_specific_information_bcsm("eventSpecificInformationBCSM"): opt EventSpecificInformationBcsm,
        [3] leg_id("legID"): opt LegId,
        /// DEFAULT `{messageType request}`.
        [4] misc_call_info("miscCallInfo"): opt MiscCallInfo,
        [5] extensions("extensions"): opt Extensions,
    }
}

sequence! {
    /// ResetTimer (opcode 33, SCF → SSF): restart the SSF's timer.
    ///
    /// ```text
    /// ResetTimerArg ::= SEQUENCE {
    ///     timerID    [0] TimerID DEFAULT tssf,
    ///     timervalue [1] TimerValue,
    ///     extensions [2] SEQUENCE SIZE(1..numOfExtensions) OF ExtensionField OPTIONAL,
    ///     ... }
    /// ```
    pub struct ResetTimerArg("ResetTimerArg") {
        /// DEFAULT tssf.
        [0] timer_id("timerID"): opt TimerId,
        [1] timer_value("timervalue"): req TimerValue,
        [2] extensions("extensions"): opt Extensions,
    }
}

/// FurnishChargingInformation (opcode 34, SCF → SSF):
/// `FurnishChargingInformationArg ::= FCIBillingChargingCharacteristics`, a bare OCTET STRING.
pub type FurnishChargingInformationArg = FciBillingChargingCharacteristics;

sequence! {
    /// ApplyCharging (opcode 35, SCF → SSF): charging instructions.
    ///
    /// ```text
    /// ApplyChargingArg ::= SEQUENCE {
    ///     aChBillingChargingCharacteristics [0] AChBillingChargingCharacteristics,
    ///     sendCalculationToSCPIndication    [1] BOOLEAN DEFAULT FALSE,   -- ETS 300 374-1 only
    ///     partyToCharge                     [2] LegID OPTIONAL,
    ///     extensions                        [3] SEQUENCE SIZE(1..numOfExtensions) OF
    ///                                               ExtensionField OPTIONAL,
    ///     ... }
    /// ```
    pub struct ApplyChargingArg("ApplyChargingArg") {
        [0] ach_billing_charging_characteristics("aChBillingChargingCharacteristics"): req AChBillingChargingCharacteristics,
        /// *ETS 300 374-1 only.* DEFAULT FALSE.
        [1] send_calculation_to_scp_indication("sendCalculationToSCPIndication"): opt bool,
        [2] party_to_charge("partyToCharge"): opt LegId,
        [3] extensions("extensions"): opt Extensions,
    }
}

/// ApplyChargingReport (opcode 36, SSF → SCF): `ApplyChargingReportArg ::= CallResult`, a bare
/// OCTET STRING.
pub type ApplyChargingReportArg = CallResult;

sequence! {
    /// CallGap (opcode 41, SCF → SSF): gap calls to a destination or service.
    ///
    /// ```text
    /// CallGapArg ::= SEQUENCE {
    ///     gapCriteria   [0] GapCriteria,
    ///     gapIndicators [1] GapIndicators,
    ///     controlType   [2] ControlType OPTIONAL,
    ///     gapTreatment  [3] GapTreatment OPTIONAL,
    ///     extensions    [4] SEQUENCE SIZE(1..numOfExtensions) OF ExtensionField OPTIONAL,
    ///     ... }
    /// ```
    pub struct CallGapArg("CallGapArg") {
        [0] gap_criteria("gapCriteria"): req GapCriteria,
        [1] gap_indicators("gapIndicators"): req GapIndicators,
        [2] control_type("controlType"): opt ControlType,
        [3] gap_treatment("gapTreatment"): opt GapTreatment,
        [4] extensions("extensions"): opt Extensions,
    }
}

sequence! {
    /// CallInformationReport (opcode 44, SSF → SCF): the call information asked for.
    ///
    /// ```text
    /// CallInformationReportArg ::= SEQUENCE {
    ///     requestedInformationList [0] RequestedInformationList,
    ///     correlationID            [1] CorrelationID OPTIONAL,   -- Q.1218 only
    ///     extensions               [2] SEQUENCE SIZE(1..numOfExtensions) OF
    ///                                      ExtensionField OPTIONAL,
    ///     ... }
    ///
    /// RequestedInformationList ::= SEQUENCE SIZE (1..numOfInfoItems) OF RequestedInformation
    /// ```
    pub struct CallInformationReportArg("CallInformationReportArg") {
        [0] requested_information_list("requestedInformationList"): list{1, MAX_INFO_ITEMS} RequestedInformation,
        /// *Q.1218 only.*
        [1] correlation_id("correlationID"): opt CorrelationId,
        [2] extensions("extensions"): opt Extensions,
    }
}

sequence! {
    /// CallInformationRequest (opcode 45, SCF → SSF): ask for call information at the end of
    /// the call.
    ///
    /// ```text
    /// CallInformationRequestArg ::= SEQUENCE {
    ///     requestedInformationTypeList [0] RequestedInformationTypeList,
    ///     correlationID                [1] CorrelationID OPTIONAL,   -- Q.1218 only
    ///     extensions                   [2] SEQUENCE SIZE(1..numOfExtensions) OF
    ///                                          ExtensionField OPTIONAL,
    ///     ... }
    ///
    /// RequestedInformationTypeList ::= SEQUENCE SIZE (1..numOfInfoItems) OF RequestedInformationType
    /// ```
    pub struct CallInformationRequestArg("CallInformationRequestArg") {
        [0] requested_information_type_list("requestedInformationTypeList"): list{1, MAX_INFO_ITEMS} RequestedInformationType,
        /// *Q.1218 only.*
        [1] correlation_id("correlationID"): opt CorrelationId,
        [2] extensions("extensions"): opt Extensions,
    }
}
