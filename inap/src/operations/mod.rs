//! The INAP CS-1 operations: their codes, and the arguments and results of each, decoded from and
//! encoded to the parameter of a TCAP component by operation code.
//!
//! The reference is ETSI ETS 300 374-1 (Core INAP CS-1, 1994), with the members that ITU-T Q.1218
//! (10/95) adds decoded as well (marked *Q.1218 only* in the type docs). Wire code points are
//! newtypes ([`Opcode`], the ENUMERATED types of [`datatypes`]) so that an unknown value survives
//! a round trip.
//!
//! # Entry points
//! - [`Argument::decode`]`(opcode, parameter)` / [`Argument::encode`]: the argument of an Invoke.
//! - [`ResultValue::decode`] / [`ResultValue::encode`]: the result of a ReturnResult.
//! - [`crate::errors`]: the error codes and the parameters of a ReturnError.
//!
//! `parameter` is the complete encoded element (identifier, length and contents) the TCAP
//! component carries, or `None` when the component has no parameter.
//!
//! # Decoding policy
//! Real switches send more than the standard they claim and in their own order, so decoding is
//! tolerant where that is harmless and strict where a value would be misread:
//!
//! | input | result |
//! |---|---|
//! | SEQUENCE members in another order than the standard's | accepted: members are matched by tag, not position |
//! | a member with a tag the type does not define (a vendor extension, a member of a later version, any non-context-class element) | skipped, wherever it is |
//! | a member that occurs twice | error ([`DecodeErrorKind::Duplicate`]) |
//! | a mandatory member missing | error ([`DecodeErrorKind::Missing`]) |
//! | a primitive encoding where a constructed one is required, or the reverse (including an implicitly tagged CHOICE, which X.680 §31.2.7 makes EXPLICIT) | error ([`DecodeErrorKind::WrongForm`]) |
//! | an INTEGER outside the standard's range, a size outside the bounds, an invalid ISUP parameter | error |
//! | an ENUMERATED value the standard does not name | accepted and kept (see [`datatypes::EventTypeBcsm`]) |
//! | an alternative of a CHOICE the standard does not define | error ([`DecodeErrorKind::UnexpectedTag`]) |
//! | indefinite lengths, long-form lengths with leading zeros, over-long INTEGERs | accepted (by [`tcap::ber`]) |
//! | octets after the parameter's element | error |
//!
//! A DEFAULT member is an `Option`: `None` means absent (the default applies). A value equal to
//! the default is sent as given, so that what was decoded re-encodes to the same octets.
//!
//! Encoding writes the members in the standard's order with definite lengths in the minimal form.
//!
//! Every error says which member was at fault and where ([`DecodeError`]); [`ArgumentError`] adds
//! how the TCAP layer answers it ([`ArgumentError::problem`]).

pub(crate) mod codec;
pub mod datatypes;
pub mod scf_srf;
pub mod ssf_scf;

use std::fmt;

use tcap::ber::{Encoder, decode_one};

pub use codec::{DecodeError, DecodeErrorKind, Integer};
pub use scf_srf::{
    CancelArg, PlayAnnouncementArg, PromptAndCollectUserInformationArg, ReceivedInformation,
    ReceivedInformationArg, SpecializedResourceReportArg,
};
pub use ssf_scf::{
    ApplyChargingArg, ApplyChargingReportArg, AssistRequestInstructionsArg, CallGapArg,
    CallInformationReportArg, CallInformationRequestArg, ConnectArg, ConnectToResourceArg,
    EstablishTemporaryConnectionArg, EventReportBcsmArg, FurnishChargingInformationArg,
    InitialDpArg, ReleaseCallArg, RequestReportBcsmEventArg, ResetTimerArg,
};

use crate::isup::CallingPartysCategory;
use codec::Asn;
use datatypes::{
    GapCriteria, InformationToSend, LegId, MessageId, RequestedInformationValue, ResourceAddress,
};

/// An operation code: the local value of the TCAP Invoke's `opcode` (Q.1218 §2.1.2 and
/// ETS 300 374-1 §6.2 "operation codes"). Unknown values are kept.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(transparent))]
#[cfg_attr(test, derive(arbitrary::Arbitrary))]
pub struct Opcode(pub i64);

macro_rules! opcodes {
    ($( $(#[$m:meta])* $konst:ident = $value:literal => $name:literal, )*) => {
        impl Opcode {
            $(
                $(#[$m])*
                #[doc = concat!("`", $name, "` (", stringify!($value), ").")]
                pub const $konst: Self = Self($value);
            )*

            /// The standard's name of the operation, if the code is a CS-1 one.
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $( $value => Some($name), )*
                    _ => None,
                }
            }
        }
    };
}

opcodes! {
    /// SCF activation.
    INITIAL_DP = 0 => "initialDP",
    /// Basic BCP DP (Q.1218 only).
    ORIGINATION_ATTEMPT_AUTHORIZED = 1 => "originationAttemptAuthorized",
    /// Basic BCP DP (Q.1218 only).
    COLLECTED_INFORMATION = 2 => "collectedInformation",
    /// Basic BCP DP (Q.1218 only).
    ANALYSED_INFORMATION = 3 => "analysedInformation",
    /// Basic BCP DP (Q.1218 only).
    ROUTE_SELECT_FAILURE = 4 => "routeSelectFailure",
    /// Basic BCP DP (Q.1218 only).
    O_CALLED_PARTY_BUSY = 5 => "oCalledPartyBusy",
    /// Basic BCP DP (Q.1218 only).
    O_NO_ANSWER = 6 => "oNoAnswer",
    /// Basic BCP DP (Q.1218 only).
    O_ANSWER = 7 => "oAnswer",
    /// Basic BCP DP (Q.1218 only).
    O_DISCONNECT = 8 => "oDisconnect",
    /// Basic BCP DP (Q.1218 only).
    TERM_ATTEMPT_AUTHORIZED = 9 => "termAttemptAuthorized",
    /// Basic BCP DP (Q.1218 only).
    T_BUSY = 10 => "tBusy",
    /// Basic BCP DP (Q.1218 only).
    T_NO_ANSWER = 11 => "tNoAnswer",
    /// Basic BCP DP (Q.1218 only).
    T_ANSWER = 12 => "tAnswer",
    /// Basic BCP DP (Q.1218 only).
    T_DISCONNECT = 13 => "tDisconnect",
    /// Advanced BCP DP (Q.1218 only).
    O_MID_CALL = 14 => "oMidCall",
    /// Advanced BCP DP (Q.1218 only).
    T_MID_CALL = 15 => "tMidCall",
    /// SCF/SRF activation of assist.
    ASSIST_REQUEST_INSTRUCTIONS = 16 => "assistRequestInstructions",
    /// Assist connection establishment.
    ESTABLISH_TEMPORARY_CONNECTION = 17 => "establishTemporaryConnection",
    /// Generic disconnect resource.
    DISCONNECT_FORWARD_CONNECTION = 18 => "disconnectForwardConnection",
    /// Non-assisted connection establishment.
    CONNECT_TO_RESOURCE = 19 => "connectToResource",
    /// Connect.
    CONNECT = 20 => "connect",
    /// Call handling (Q.1218 only).
    HOLD_CALL_IN_NETWORK = 21 => "holdCallInNetwork",
    /// Call handling.
    RELEASE_CALL = 22 => "releaseCall",
    /// BCSM event handling.
    REQUEST_REPORT_BCSM_EVENT = 23 => "requestReportBCSMEvent",
    /// BCSM event handling.
    EVENT_REPORT_BCSM = 24 => "eventReportBCSM",
    /// Charging event handling.
    REQUEST_NOTIFICATION_CHARGING_EVENT = 25 => "requestNotificationChargingEvent",
    /// Charging event handling.
    EVENT_NOTIFICATION_CHARGING = 26 => "eventNotificationCharging",
    /// SSF call processing.
    COLLECT_INFORMATION = 27 => "collectInformation",
    /// SSF call processing (Q.1218 only).
    ANALYSE_INFORMATION = 28 => "analyseInformation",
    /// SSF call processing (Q.1218 only).
    SELECT_ROUTE = 29 => "selectRoute",
    /// SSF call processing (Q.1218 only).
    SELECT_FACILITY = 30 => "selectFacility",
    /// SSF call processing.
    CONTINUE = 31 => "continue",
    /// SCF call initiation.
    INITIATE_CALL_ATTEMPT = 32 => "initiateCallAttempt",
    /// Timer.
    RESET_TIMER = 33 => "resetTimer",
    /// Billing.
    FURNISH_CHARGING_INFORMATION = 34 => "furnishChargingInformation",
    /// Charging.
    APPLY_CHARGING = 35 => "applyCharging",
    /// Charging.
    APPLY_CHARGING_REPORT = 36 => "applyChargingReport",
    /// Status reporting (Q.1218 only).
    REQUEST_CURRENT_STATUS_REPORT = 37 => "requestCurrentStatusReport",
    /// Status reporting (Q.1218 only).
    REQUEST_EVERY_STATUS_CHANGE_REPORT = 38 => "requestEveryStatusChangeReport",
    /// Status reporting (Q.1218 only).
    REQUEST_FIRST_STATUS_MATCH_REPORT = 39 => "requestFirstStatusMatchReport",
    /// Status reporting (Q.1218 only).
    STATUS_REPORT = 40 => "statusReport",
    /// Traffic management.
    CALL_GAP = 41 => "callGap",
    /// Service management.
    ACTIVATE_SERVICE_FILTERING = 42 => "activateServiceFiltering",
    /// Service management.
    SERVICE_FILTERING_RESPONSE = 43 => "serviceFilteringResponse",
    /// Call report.
    CALL_INFORMATION_REPORT = 44 => "callInformationReport",
    /// Call report.
    CALL_INFORMATION_REQUEST = 45 => "callInformationRequest",
    /// Signalling control.
    SEND_CHARGING_INFORMATION = 46 => "sendChargingInformation",
    /// Specialized resource control.
    PLAY_ANNOUNCEMENT = 47 => "playAnnouncement",
    /// Specialized resource control.
    PROMPT_AND_COLLECT_USER_INFORMATION = 48 => "promptAndCollectUserInformation",
    /// Specialized resource control.
    SPECIALIZED_RESOURCE_REPORT = 49 => "specializedResourceReport",
    /// Cancel.
    CANCEL = 53 => "cancel",
    /// Cancel (Q.1218 only).
    CANCEL_STATUS_REPORT_REQUEST = 54 => "cancelStatusReportRequest",
    /// Activity test.
    ACTIVITY_TEST = 55 => "activityTest",
}

impl fmt::Debug for Opcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => write!(f, "{n}({})", self.0),
            None => write!(f, "Opcode({})", self.0),
        }
    }
}

impl fmt::Display for Opcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => f.write_str(n),
            None => write!(f, "opcode {}", self.0),
        }
    }
}

/// How the TCAP layer answers an Invoke whose argument cannot be used (Q.773 `InvokeProblem`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InvokeProblem {
    /// `unrecognizedOperation`: the operation code is not one this crate decodes.
    UnrecognizedOperation,
    /// `mistypedParameter`: the argument is malformed, missing or unexpected.
    MistypedParameter,
}

impl From<InvokeProblem> for tcap::InvokeProblem {
    /// The Q.773 code point the Reject carries.
    fn from(p: InvokeProblem) -> Self {
        match p {
            InvokeProblem::UnrecognizedOperation => tcap::InvokeProblem::UNRECOGNIZED_OPERATION,
            InvokeProblem::MistypedParameter => tcap::InvokeProblem::MISTYPED_PARAMETER,
        }
    }
}

/// How the TCAP layer answers a ReturnResult whose result cannot be used (Q.773
/// `ReturnResultProblem`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReturnResultProblem {
    /// `returnResultUnexpected`: the operation has no result.
    ReturnResultUnexpected,
    /// `mistypedParameter`: the result is malformed, missing or unexpected.
    MistypedParameter,
}

/// Why the argument of an Invoke could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ArgumentError {
    /// The operation code is not one of those [`Argument`] decodes.
    #[error("unrecognized operation {0}")]
    UnrecognizedOperation(Opcode),
    /// The argument is malformed, absent where required, or present where the operation has none.
    #[error("{operation}: {error}")]
    Mistyped {
        /// The operation.
        operation: Opcode,
        /// What was wrong and where.
        error: DecodeError,
    },
}

impl ArgumentError {
    /// The Reject problem the TCAP layer sends back (Q.773 §3.2.2.4).
    pub fn problem(&self) -> InvokeProblem {
        match self {
            Self::UnrecognizedOperation(_) => InvokeProblem::UnrecognizedOperation,
            Self::Mistyped { .. } => InvokeProblem::MistypedParameter,
        }
    }

    /// The offset of the element at fault, from the first octet of the parameter.
    pub fn offset(&self) -> Option<usize> {
        match self {
            Self::UnrecognizedOperation(_) => None,
            Self::Mistyped { error, .. } => Some(error.offset),
        }
    }

    /// The ASN.1 name of the member at fault.
    pub fn member(&self) -> Option<&'static str> {
        match self {
            Self::UnrecognizedOperation(_) => None,
            Self::Mistyped { error, .. } => Some(error.member),
        }
    }
}

/// Why the result of a ReturnResult could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ResultError {
    /// The operation has no result (or is not one this crate decodes).
    #[error("{0} has no result")]
    Unexpected(Opcode),
    /// The result is malformed, absent where required, or present where the operation has none.
    #[error("{operation} result: {error}")]
    Mistyped {
        /// The operation.
        operation: Opcode,
        /// What was wrong and where.
        error: DecodeError,
    },
}

impl ResultError {
    /// The Reject problem the TCAP layer sends back (Q.773 §3.2.2.4).
    pub fn problem(&self) -> ReturnResultProblem {
        match self {
            Self::Unexpected(_) => ReturnResultProblem::ReturnResultUnexpected,
            Self::Mistyped { .. } => ReturnResultProblem::MistypedParameter,
        }
    }

    /// The offset of the element at fault, from the first octet of the parameter.
    pub fn offset(&self) -> Option<usize> {
        match self {
            Self::Unexpected(_) => None,
            Self::Mistyped { error, .. } => Some(error.offset),
        }
    }

    /// The ASN.1 name of the member at fault.
    pub fn member(&self) -> Option<&'static str> {
        match self {
            Self::Unexpected(_) => None,
            Self::Mistyped { error, .. } => Some(error.member),
        }
    }
}

/// Decodes a parameter that must be present and hold exactly one `T`.
pub(crate) fn decode_parameter<T: Asn>(
    parameter: Option<&[u8]>,
    name: &'static str,
) -> Result<T, DecodeError> {
    let p =
        parameter.ok_or_else(|| DecodeError::new(name, 0, DecodeErrorKind::ParameterMissing))?;
    let tlv = decode_one(p).map_err(|e| DecodeError::ber(name, e))?;
    T::decode(&tlv, name)
}

/// Checks that an operation without argument (or result) got no parameter.
pub(crate) fn expect_no_parameter(
    parameter: Option<&[u8]>,
    name: &'static str,
) -> Result<(), DecodeError> {
    match parameter {
        None => Ok(()),
        Some(_) => Err(DecodeError::new(
            name,
            0,
            DecodeErrorKind::ParameterUnexpected,
        )),
    }
}

/// Encodes a value as a complete parameter element.
pub(crate) fn encode_parameter<T: Asn>(value: &T, out: &mut Vec<u8>) {
    value.encode(&mut Encoder::new(out));
}

/// The argument of an INAP CS-1 Invoke, one variant per operation, in opcode order.
///
/// The variants without data are the operations without argument in CS-1; SpecializedResourceReport
/// carries `NULL`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
#[cfg_attr(test, derive(arbitrary::Arbitrary))]
#[allow(clippy::large_enum_variant)] // short-lived values; boxing would cost an allocation per IDP
#[non_exhaustive]
pub enum Argument {
    /// initialDP (0).
    InitialDp(InitialDpArg),
    /// assistRequestInstructions (16).
    AssistRequestInstructions(AssistRequestInstructionsArg),
    /// establishTemporaryConnection (17).
    EstablishTemporaryConnection(EstablishTemporaryConnectionArg),
    /// disconnectForwardConnection (18): no argument in CS-1.
    DisconnectForwardConnection,
    /// connectToResource (19).
    ConnectToResource(ConnectToResourceArg),
    /// connect (20).
    Connect(ConnectArg),
    /// releaseCall (22).
    ReleaseCall(ReleaseCallArg),
    /// requestReportBCSMEvent (23).
    RequestReportBcsmEvent(RequestReportBcsmEventArg),
    /// eventReportBCSM (24).
    EventReportBcsm(EventReportBcsmArg),
    /// continue (31): no argument in CS-1.
    Continue,
    /// resetTimer (33).
    ResetTimer(ResetTimerArg),
    /// furnishChargingInformation (34).
    FurnishChargingInformation(FurnishChargingInformationArg),
    /// applyCharging (35).
    ApplyCharging(ApplyChargingArg),
    /// applyChargingReport (36).
    ApplyChargingReport(ApplyChargingReportArg),
    /// callGap (41).
    CallGap(CallGapArg),
    /// callInformationReport (44).
    CallInformationReport(CallInformationReportArg),
    /// callInformationRequest (45).
    CallInformationRequest(CallInformationRequestArg),
    /// playAnnouncement (47).
    PlayAnnouncement(PlayAnnouncementArg),
    /// promptAndCollectUserInformation (48).
    PromptAndCollectUserInformation(PromptAndCollectUserInformationArg),
    /// specializedResourceReport (49): `SpecializedResourceReportArg ::= NULL`.
    SpecializedResourceReport,
    /// cancel (53).
    Cancel(CancelArg),
    /// activityTest (55): no argument.
    ActivityTest,
}

impl Argument {
    /// The operation code.
    pub fn opcode(&self) -> Opcode {
        match self {
            Self::InitialDp(_) => Opcode::INITIAL_DP,
            Self::AssistRequestInstructions(_) => Opcode::ASSIST_REQUEST_INSTRUCTIONS,
            Self::EstablishTemporaryConnection(_) => Opcode::ESTABLISH_TEMPORARY_CONNECTION,
            Self::DisconnectForwardConnection => Opcode::DISCONNECT_FORWARD_CONNECTION,
            Self::ConnectToResource(_) => Opcode::CONNECT_TO_RESOURCE,
            Self::Connect(_) => Opcode::CONNECT,
            Self::ReleaseCall(_) => Opcode::RELEASE_CALL,
            Self::RequestReportBcsmEvent(_) => Opcode::REQUEST_REPORT_BCSM_EVENT,
            Self::EventReportBcsm(_) => Opcode::EVENT_REPORT_BCSM,
            Self::Continue => Opcode::CONTINUE,
            Self::ResetTimer(_) => Opcode::RESET_TIMER,
            Self::FurnishChargingInformation(_) => Opcode::FURNISH_CHARGING_INFORMATION,
            Self::ApplyCharging(_) => Opcode::APPLY_CHARGING,
            Self::ApplyChargingReport(_) => Opcode::APPLY_CHARGING_REPORT,
            Self::CallGap(_) => Opcode::CALL_GAP,
            Self::CallInformationReport(_) => Opcode::CALL_INFORMATION_REPORT,
            Self::CallInformationRequest(_) => Opcode::CALL_INFORMATION_REQUEST,
            Self::PlayAnnouncement(_) => Opcode::PLAY_ANNOUNCEMENT,
            Self::PromptAndCollectUserInformation(_) => Opcode::PROMPT_AND_COLLECT_USER_INFORMATION,
            Self::SpecializedResourceReport => Opcode::SPECIALIZED_RESOURCE_REPORT,
            Self::Cancel(_) => Opcode::CANCEL,
            Self::ActivityTest => Opcode::ACTIVITY_TEST,
        }
    }

    /// Decodes the argument of an Invoke of operation `opcode`. `parameter` is the complete
    /// encoded element of the component's parameter (or `None` if it has none); nothing may follow
    /// the element.
    pub fn decode(opcode: Opcode, parameter: Option<&[u8]>) -> Result<Self, ArgumentError> {
        Self::decode_inner(opcode, parameter).map_err(|e| match e {
            None => ArgumentError::UnrecognizedOperation(opcode),
            Some(error) => ArgumentError::Mistyped {
                operation: opcode,
                error,
            },
        })
    }

    fn decode_inner(opcode: Opcode, p: Option<&[u8]>) -> Result<Self, Option<DecodeError>> {
        Ok(match opcode {
            Opcode::INITIAL_DP => Self::InitialDp(decode_parameter(p, "InitialDPArg")?),
            Opcode::ASSIST_REQUEST_INSTRUCTIONS => Self::AssistRequestInstructions(
                decode_parameter(p, "AssistRequestInstructionsArg")?,
            ),
            Opcode::ESTABLISH_TEMPORARY_CONNECTION => Self::EstablishTemporaryConnection(
                decode_parameter(p, "EstablishTemporaryConnectionArg")?,
            ),
            Opcode::DISCONNECT_FORWARD_CONNECTION => {
                expect_no_parameter(p, "DisconnectForwardConnection")?;
                Self::DisconnectForwardConnection
            }
            Opcode::CONNECT_TO_RESOURCE => {
                Self::ConnectToResource(decode_parameter(p, "ConnectToResourceArg")?)
            }
            Opcode::CONNECT => Self::Connect(decode_parameter(p, "ConnectArg")?),
            Opcode::RELEASE_CALL => Self::ReleaseCall(decode_parameter(p, "ReleaseCallArg")?),
            Opcode::REQUEST_REPORT_BCSM_EVENT => {
                Self::RequestReportBcsmEvent(decode_parameter(p, "RequestReportBCSMEventArg")?)
            }
            Opcode::EVENT_REPORT_BCSM => {
                Self::EventReportBcsm(decode_parameter(p, "EventReportBCSMArg")?)
            }
            Opcode::CONTINUE => {
                expect_no_parameter(p, "Continue")?;
                Self::Continue
            }
            Opcode::RESET_TIMER => Self::ResetTimer(decode_parameter(p, "ResetTimerArg")?),
            Opcode::FURNISH_CHARGING_INFORMATION => Self::FurnishChargingInformation(
                decode_parameter(p, "FurnishChargingInformationArg")?,
            ),
            Opcode::APPLY_CHARGING => Self::ApplyCharging(decode_parameter(p, "ApplyChargingArg")?),
            Opcode::APPLY_CHARGING_REPORT => {
                Self::ApplyChargingReport(decode_parameter(p, "ApplyChargingReportArg")?)
            }
            Opcode::CALL_GAP => Self::CallGap(decode_parameter(p, "CallGapArg")?),
            Opcode::CALL_INFORMATION_REPORT => {
                Self::CallInformationReport(decode_parameter(p, "CallInformationReportArg")?)
            }
            Opcode::CALL_INFORMATION_REQUEST => {
                Self::CallInformationRequest(decode_parameter(p, "CallInformationRequestArg")?)
            }
            Opcode::PLAY_ANNOUNCEMENT => {
                Self::PlayAnnouncement(decode_parameter(p, "PlayAnnouncementArg")?)
            }
            Opcode::PROMPT_AND_COLLECT_USER_INFORMATION => Self::PromptAndCollectUserInformation(
                decode_parameter(p, "PromptAndCollectUserInformationArg")?,
            ),
            Opcode::SPECIALIZED_RESOURCE_REPORT => {
                decode_parameter::<()>(p, "SpecializedResourceReportArg")?;
                Self::SpecializedResourceReport
            }
            Opcode::CANCEL => Self::Cancel(decode_parameter(p, "CancelArg")?),
            Opcode::ACTIVITY_TEST => {
                expect_no_parameter(p, "ActivityTest")?;
                Self::ActivityTest
            }
            _ => return Err(None),
        })
    }

    /// The TCAP Invoke (local operation code) carrying this argument. `None` only if the
    /// encoding were not one BER element, which would be a bug of this crate's encoder.
    pub fn to_invoke(&self, invoke_id: tcap::InvokeId) -> Option<tcap::Invoke> {
        let parameter = match self.encode() {
            Some(bytes) => Some(tcap::Parameter::from_vec(bytes).ok()?),
            None => None,
        };
        Some(tcap::Invoke::new(
            invoke_id,
            tcap::Code::Local(self.opcode().0),
            parameter,
        ))
    }

    /// The complete encoded parameter element, or `None` for an operation without argument.
    pub fn encode(&self) -> Option<Vec<u8>> {
        let mut out = Vec::with_capacity(64);
        self.encode_to(&mut out).then_some(out)
    }

    /// Appends the encoded parameter element to `out`; false (and nothing appended) for an
    /// operation without argument.
    pub fn encode_to(&self, out: &mut Vec<u8>) -> bool {
        match self {
            Self::InitialDp(a) => encode_parameter(a, out),
            Self::AssistRequestInstructions(a) => encode_parameter(a, out),
            Self::EstablishTemporaryConnection(a) => encode_parameter(a, out),
            Self::ConnectToResource(a) => encode_parameter(a, out),
            Self::Connect(a) => encode_parameter(a, out),
            Self::ReleaseCall(a) => encode_parameter(a, out),
            Self::RequestReportBcsmEvent(a) => encode_parameter(a, out),
            Self::EventReportBcsm(a) => encode_parameter(a, out),
            Self::ResetTimer(a) => encode_parameter(a, out),
            Self::FurnishChargingInformation(a) => encode_parameter(a, out),
            Self::ApplyCharging(a) => encode_parameter(a, out),
            Self::ApplyChargingReport(a) => encode_parameter(a, out),
            Self::CallGap(a) => encode_parameter(a, out),
            Self::CallInformationReport(a) => encode_parameter(a, out),
            Self::CallInformationRequest(a) => encode_parameter(a, out),
            Self::PlayAnnouncement(a) => encode_parameter(a, out),
            Self::PromptAndCollectUserInformation(a) => encode_parameter(a, out),
            Self::SpecializedResourceReport => encode_parameter(&(), out),
            Self::Cancel(a) => encode_parameter(a, out),
            Self::DisconnectForwardConnection | Self::Continue | Self::ActivityTest => {
                return false;
            }
        }
        true
    }
}

/// The result of an INAP CS-1 ReturnResult: the operations of CS-1 that return one.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
#[cfg_attr(test, derive(arbitrary::Arbitrary))]
#[non_exhaustive]
pub enum ResultValue {
    /// promptAndCollectUserInformation (48): `ReceivedInformationArg`.
    PromptAndCollectUserInformation(ReceivedInformation),
    /// activityTest (55): a ReturnResult without parameter.
    ActivityTest,
}

impl ResultValue {
    /// The operation code.
    pub fn opcode(&self) -> Opcode {
        match self {
            Self::PromptAndCollectUserInformation(_) => Opcode::PROMPT_AND_COLLECT_USER_INFORMATION,
            Self::ActivityTest => Opcode::ACTIVITY_TEST,
        }
    }

    /// Decodes the result of operation `opcode` (the operation of the Invoke the ReturnResult
    /// answers); `parameter` as for [`Argument::decode`].
    pub fn decode(opcode: Opcode, parameter: Option<&[u8]>) -> Result<Self, ResultError> {
        let mistyped = |error| ResultError::Mistyped {
            operation: opcode,
            error,
        };
        match opcode {
            Opcode::PROMPT_AND_COLLECT_USER_INFORMATION => {
                decode_parameter(parameter, "ReceivedInformationArg")
                    .map(Self::PromptAndCollectUserInformation)
                    .map_err(mistyped)
            }
            Opcode::ACTIVITY_TEST => expect_no_parameter(parameter, "ActivityTest")
                .map(|()| Self::ActivityTest)
                .map_err(mistyped),
            _ => Err(ResultError::Unexpected(opcode)),
        }
    }

    /// The complete encoded parameter element, or `None` for a result without parameter.
    pub fn encode(&self) -> Option<Vec<u8>> {
        match self {
            Self::PromptAndCollectUserInformation(r) => {
                let mut out = Vec::with_capacity(16);
                encode_parameter(r, &mut out);
                Some(out)
            }
            Self::ActivityTest => None,
        }
    }
}

// ── One-line summaries for trace tools ──────────────────────────────────────────────────────────

/// A one-line summary: the operation's name and its salient members. Numbers are printed through
/// the ISUP types' `Display`, which masks the middle digits; no clear number is ever printed.
impl fmt::Display for Argument {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InitialDp(a) => {
                write!(f, "InitialDP sk={}", a.service_key)?;
                if let Some(n) = &a.called_party_number {
                    write!(f, " called={n}")?;
                }
                if let Some(n) = &a.dialled_digits {
                    write!(f, " dialled={n}")?;
                }
                if let Some(n) = &a.calling_party_number {
                    write!(f, " calling={n}")?;
                }
                if let Some(c) = &a.calling_partys_category {
                    write!(f, " cat={}", category(*c))?;
                }
                if let Some(n) = &a.original_called_party_id {
                    write!(f, " ocpi={n}")?;
                }
                if let Some(n) = &a.redirecting_party_id {
                    write!(f, " redirecting={n}")?;
                }
                if let Some(n) = &a.location_number {
                    write!(f, " location={n}")?;
                }
                if let Some(e) = &a.event_type_bcsm {
                    write!(f, " event={e}")?;
                }
                Ok(())
            }
            Self::AssistRequestInstructions(_) => f.write_str("AssistRequestInstructions"),
            Self::EstablishTemporaryConnection(a) => write!(
                f,
                "EstablishTemporaryConnection address={}",
                a.assisting_ssp_ip_routing_address
            ),
            Self::DisconnectForwardConnection => f.write_str("DisconnectForwardConnection"),
            Self::ConnectToResource(a) => {
                f.write_str("ConnectToResource ")?;
                match &a.resource_address {
                    ResourceAddress::IpRoutingAddress(n) => write!(f, "ip={n}"),
                    ResourceAddress::LegId(l) => write!(f, "leg={}", leg(l)),
                    ResourceAddress::Both(b) => {
                        write!(f, "ip={} leg={}", b.ip_routing_address, leg(&b.leg_id))
                    }
                    ResourceAddress::None(()) => f.write_str("none"),
                }
            }
            Self::Connect(a) => {
                f.write_str("Connect dra=[")?;
                for (i, n) in a.destination_routing_address.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{n}")?;
                }
                f.write_str("]")?;
                if let Some(n) = &a.original_called_party_id {
                    write!(f, " ocpi={n}")?;
                }
                if let Some(n) = &a.calling_party_number {
                    write!(f, " calling={n}")?;
                }
                if let Some(c) = &a.calling_partys_category {
                    write!(f, " cat={}", category(*c))?;
                }
                if let Some(n) = &a.redirecting_party_id {
                    write!(f, " redirecting={n}")?;
                }
                Ok(())
            }
            Self::ReleaseCall(c) => write!(f, "ReleaseCall cause={}", c.value().0),
            Self::RequestReportBcsmEvent(a) => {
                f.write_str("RequestReportBCSMEvent events=[")?;
                for (i, e) in a.bcsm_events.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{}/{}", e.event_type_bcsm, e.monitor_mode)?;
                    if let Some(l) = &e.leg_id {
                        write!(f, "/leg{}", leg(l))?;
                    }
                }
                f.write_str("]")
            }
            Self::EventReportBcsm(a) => {
                write!(f, "EventReportBCSM event={}", a.event_type_bcsm)?;
                if let Some(l) = &a.leg_id {
                    write!(f, " leg={}", leg(l))?;
                }
                if let Some(m) = &a.misc_call_info {
                    write!(f, " {}", m.message_type)?;
                }
                Ok(())
            }
            Self::Continue => f.write_str("Continue"),
            Self::ResetTimer(a) => {
                write!(f, "ResetTimer value={}", a.timer_value)?;
                if let Some(t) = &a.timer_id {
                    write!(f, " timer={t}")?;
                }
                Ok(())
            }
            Self::FurnishChargingInformation(a) => {
                write!(f, "FurnishChargingInformation len={}", a.0.len())
            }
            Self::ApplyCharging(a) => {
                write!(
                    f,
                    "ApplyCharging len={}",
                    a.ach_billing_charging_characteristics.0.len()
                )?;
                if let Some(l) = &a.party_to_charge {
                    write!(f, " party={}", leg(l))?;
                }
                Ok(())
            }
            Self::ApplyChargingReport(a) => write!(f, "ApplyChargingReport len={}", a.0.len()),
            Self::CallGap(a) => {
                f.write_str("CallGap ")?;
                match &a.gap_criteria {
                    GapCriteria::CalledAddressValue(n) => write!(f, "called={n}")?,
                    GapCriteria::GapOnService(g) => write!(f, "sk={}", g.service_key)?,
                    GapCriteria::CalledAddressAndService(c) => {
                        write!(f, "called={} sk={}", c.called_address_value, c.service_key)?
                    }
                    GapCriteria::CallingAddressAndService(c) => write!(
                        f,
                        "calling={} sk={}",
                        c.calling_address_value, c.service_key
                    )?,
                }
                write!(
                    f,
                    " duration={} interval={}",
                    a.gap_indicators.duration, a.gap_indicators.gap_interval
                )
            }
            Self::CallInformationReport(a) => {
                f.write_str("CallInformationReport [")?;
                for (i, r) in a.requested_information_list.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{}=", r.requested_information_type)?;
                    match &r.requested_information_value {
                        RequestedInformationValue::CallAttemptElapsedTimeValue(v) => {
                            write!(f, "{v}")?
                        }
                        RequestedInformationValue::CallStopTimeValue(v) => write!(f, "{v}")?,
                        RequestedInformationValue::CallConnectedElapsedTimeValue(v) => {
                            write!(f, "{v}")?
                        }
                        RequestedInformationValue::CalledAddressValue(n) => write!(f, "{n}")?,
                        RequestedInformationValue::ReleaseCauseValue(c) => {
                            write!(f, "{}", c.value().0)?
                        }
                    }
                }
                f.write_str("]")
            }
            Self::CallInformationRequest(a) => {
                f.write_str("CallInformationRequest [")?;
                for (i, t) in a.requested_information_type_list.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{t}")?;
                }
                f.write_str("]")
            }
            Self::PlayAnnouncement(a) => {
                f.write_str("PlayAnnouncement ")?;
                information(f, &a.information_to_send)
            }
            Self::PromptAndCollectUserInformation(a) => {
                f.write_str("PromptAndCollectUserInformation")?;
                if let datatypes::CollectedInfo::CollectedDigits(d) = &a.collected_info {
                    write!(
                        f,
                        " digits={}..{}",
                        d.minimum_nb_of_digits.map_or(1, |v| v.get()),
                        d.maximum_nb_of_digits
                    )?;
                }
                if let Some(i) = &a.information_to_send {
                    f.write_str(" ")?;
                    information(f, i)?;
                }
                Ok(())
            }
            Self::SpecializedResourceReport => f.write_str("SpecializedResourceReport"),
            Self::Cancel(CancelArg::InvokeId(id)) => write!(f, "Cancel invokeID={id}"),
            Self::Cancel(CancelArg::AllRequests(())) => f.write_str("Cancel allRequests"),
            Self::ActivityTest => f.write_str("ActivityTest"),
        }
    }
}

/// A one-line summary. Collected digits are not printed (they may be a PIN or a number).
impl fmt::Display for ResultValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::PromptAndCollectUserInformation(ReceivedInformation::DigitsResponse(d)) => {
                write!(
                    f,
                    "PromptAndCollectUserInformation result digits({} octets)",
                    d.0.len()
                )
            }
            Self::PromptAndCollectUserInformation(ReceivedInformation::Ia5Response(s)) => {
                write!(
                    f,
                    "PromptAndCollectUserInformation result text({} chars)",
                    s.as_str().len()
                )
            }
            Self::ActivityTest => f.write_str("ActivityTest result"),
        }
    }
}

/// A short name of the calling party's category (Q.763 §3.11) for the summary line.
fn category(c: CallingPartysCategory) -> std::borrow::Cow<'static, str> {
    match c.0 {
        0 => "unknown".into(),
        1..=5 | 9 => "operator".into(),
        10 => "ordinary".into(),
        11 => "priority".into(),
        12 => "data".into(),
        13 => "test".into(),
        15 => "payphone".into(),
        v => v.to_string().into(),
    }
}

fn leg(l: &LegId) -> String {
    match l {
        LegId::SendingSideId(t) => format!("s{}", t.0),
        LegId::ReceivingSideId(t) => format!("r{}", t.0),
    }
}

fn information(f: &mut fmt::Formatter<'_>, i: &InformationToSend) -> fmt::Result {
    match i {
        InformationToSend::InbandInfo(b) => match &b.message_id {
            MessageId::ElementaryMessageId(id) => write!(f, "message={id}"),
            MessageId::Text(_) => f.write_str("message=text"),
            MessageId::ElementaryMessageIds(ids) => {
                f.write_str("messages=[")?;
                for (i, id) in ids.0.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{id}")?;
                }
                f.write_str("]")
            }
            MessageId::VariableMessage(v) => {
                write!(
                    f,
                    "message={}+{}",
                    v.elementary_message_id,
                    v.variable_parts.len()
                )
            }
        },
        InformationToSend::Tone(t) => write!(f, "tone={}", t.tone_id),
        InformationToSend::DisplayInformation(_) => f.write_str("display"),
    }
}

#[cfg(test)]
mod tests;
