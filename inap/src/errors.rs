//! The INAP CS-1 errors (ETS 300 374-1 §6.5, Q.1218 §2.1.2 "error codes" and the ERROR macros of
//! `IN-CS-1-Operations`): their codes, and the parameter of each, decoded from and encoded to the
//! parameter of a TCAP ReturnError by error code.
//!
//! ```text
//! canceled                    0   -- no parameter
//! cancelFailed                1   PARAMETER SEQUENCE {
//!                                     problem   [0] ENUMERATED { unknownOperation(0), tooLate(1),
//!                                                                operationNotCancellable(2) },
//!                                     operation [1] InvokeID }
//! eTCFailed                   3
//! improperCallerResponse      4
//! missingCustomerRecord       6
//! missingParameter            7
//! parameterOutOfRange         8
//! requestedInfoError         10   PARAMETER ENUMERATED { unknownRequestedInfo(1),
//!                                                        requestedInfoNotAvailable(2) }
//! systemFailure              11   PARAMETER UnavailableNetworkResource
//! taskRefused                12   PARAMETER ENUMERATED { generic(0), unobtainable(1), congestion(2) }
//! unavailableResource        13
//! unexpectedComponentSequence 14
//! unexpectedDataValue        15
//! unexpectedParameter        16
//! unknownLegID               17
//! unknownResource            18
//! ```
//!
//! Decoding follows the policy of [`crate::operations`].

use std::fmt;

use crate::operations::codec::{enumerated, sequence};
use crate::operations::datatypes::InvokeId;
use crate::operations::{DecodeError, decode_parameter, encode_parameter, expect_no_parameter};

/// An error code: the local value of the TCAP ReturnError's `errorCode`. Unknown values are kept.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(transparent))]
#[cfg_attr(test, derive(arbitrary::Arbitrary))]
pub struct ErrorCode(pub i64);

macro_rules! error_codes {
    ($( $konst:ident = $value:literal => $name:literal, )*) => {
        impl ErrorCode {
            $(
                #[doc = concat!("`", $name, "` (", stringify!($value), ").")]
                pub const $konst: Self = Self($value);
            )*

            /// The standard's name of the error, if the code is a CS-1 one.
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $( $value => Some($name), )*
                    _ => None,
                }
            }
        }
    };
}

error_codes! {
    CANCELED = 0 => "canceled",
    CANCEL_FAILED = 1 => "cancelFailed",
    ETC_FAILED = 3 => "eTCFailed",
    IMPROPER_CALLER_RESPONSE = 4 => "improperCallerResponse",
    MISSING_CUSTOMER_RECORD = 6 => "missingCustomerRecord",
    MISSING_PARAMETER = 7 => "missingParameter",
    PARAMETER_OUT_OF_RANGE = 8 => "parameterOutOfRange",
    REQUESTED_INFO_ERROR = 10 => "requestedInfoError",
    SYSTEM_FAILURE = 11 => "systemFailure",
    TASK_REFUSED = 12 => "taskRefused",
    UNAVAILABLE_RESOURCE = 13 => "unavailableResource",
    UNEXPECTED_COMPONENT_SEQUENCE = 14 => "unexpectedComponentSequence",
    UNEXPECTED_DATA_VALUE = 15 => "unexpectedDataValue",
    UNEXPECTED_PARAMETER = 16 => "unexpectedParameter",
    UNKNOWN_LEG_ID = 17 => "unknownLegID",
    UNKNOWN_RESOURCE = 18 => "unknownResource",
}

impl fmt::Debug for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => write!(f, "{n}({})", self.0),
            None => write!(f, "ErrorCode({})", self.0),
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => f.write_str(n),
            None => write!(f, "error code {}", self.0),
        }
    }
}

enumerated! {
    /// `problem` of the cancelFailed parameter.
    pub struct CancelProblem("problem") {
        UNKNOWN_OPERATION = 0 => "unknownOperation",
        TOO_LATE = 1 => "tooLate",
        OPERATION_NOT_CANCELLABLE = 2 => "operationNotCancellable",
    }
}

sequence! {
    /// The parameter of cancelFailed:
    /// `SEQUENCE { problem [0] ENUMERATED {...}, operation [1] InvokeID }`.
    pub struct CancelFailedParameter("cancelFailed") {
        [0] problem("problem"): req CancelProblem,
        /// The invoke id of the operation that could not be cancelled.
        [1] operation("operation"): req InvokeId,
    }
}

enumerated! {
    /// The parameter of requestedInfoError.
    pub struct RequestedInfoErrorParameter("requestedInfoError") {
        UNKNOWN_REQUESTED_INFO = 1 => "unknownRequestedInfo",
        REQUESTED_INFO_NOT_AVAILABLE = 2 => "requestedInfoNotAvailable",
    }
}

enumerated! {
    /// `UnavailableNetworkResource`, the parameter of systemFailure.
    pub struct UnavailableNetworkResource("UnavailableNetworkResource") {
        UNAVAILABLE_RESOURCES = 0 => "unavailableResources",
        COMPONENT_FAILURE = 1 => "componentFailure",
        BASIC_CALL_PROCESSING_EXCEPTION = 2 => "basicCallProcessingException",
        RESOURCE_STATUS_FAILURE = 3 => "resourceStatusFailure",
        END_USER_FAILURE = 4 => "endUserFailure",
    }
}

enumerated! {
    /// The parameter of taskRefused.
    pub struct TaskRefusedParameter("taskRefused") {
        GENERIC = 0 => "generic",
        UNOBTAINABLE = 1 => "unobtainable",
        CONGESTION = 2 => "congestion",
    }
}

/// An INAP CS-1 error with its parameter, one variant per error code in code order.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
#[cfg_attr(test, derive(arbitrary::Arbitrary))]
#[non_exhaustive]
pub enum ErrorValue {
    /// canceled (0).
    Canceled,
    /// cancelFailed (1).
    CancelFailed(CancelFailedParameter),
    /// eTCFailed (3).
    EtcFailed,
    /// improperCallerResponse (4).
    ImproperCallerResponse,
    /// missingCustomerRecord (6).
    MissingCustomerRecord,
    /// missingParameter (7).
    MissingParameter,
    /// parameterOutOfRange (8).
    ParameterOutOfRange,
    /// requestedInfoError (10).
    RequestedInfoError(RequestedInfoErrorParameter),
    /// systemFailure (11).
    SystemFailure(UnavailableNetworkResource),
    /// taskRefused (12).
    TaskRefused(TaskRefusedParameter),
    /// unavailableResource (13).
    UnavailableResource,
    /// unexpectedComponentSequence (14).
    UnexpectedComponentSequence,
    /// unexpectedDataValue (15).
    UnexpectedDataValue,
    /// unexpectedParameter (16).
    UnexpectedParameter,
    /// unknownLegID (17).
    UnknownLegId,
    /// unknownResource (18).
    UnknownResource,
}

/// How the TCAP layer answers a ReturnError it cannot use (Q.773 `ReturnErrorProblem`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReturnErrorProblem {
    /// `unrecognizedError`: the error code is not a CS-1 one.
    UnrecognizedError,
    /// `mistypedParameter`: the parameter is malformed, missing or unexpected.
    MistypedParameter,
}

/// Why the parameter of a ReturnError could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorParameterError {
    /// The error code is not a CS-1 one.
    #[error("unrecognized error {0}")]
    UnrecognizedError(ErrorCode),
    /// The parameter is malformed, absent where required, or present where the error has none.
    #[error("{code}: {error}")]
    Mistyped {
        /// The error code.
        code: ErrorCode,
        /// What was wrong and where.
        error: DecodeError,
    },
}

impl ErrorParameterError {
    /// The Reject problem the TCAP layer sends back (Q.773 §3.2.2.4).
    pub fn problem(&self) -> ReturnErrorProblem {
        match self {
            Self::UnrecognizedError(_) => ReturnErrorProblem::UnrecognizedError,
            Self::Mistyped { .. } => ReturnErrorProblem::MistypedParameter,
        }
    }
}

impl ErrorValue {
    /// The error code.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Canceled => ErrorCode::CANCELED,
            Self::CancelFailed(_) => ErrorCode::CANCEL_FAILED,
            Self::EtcFailed => ErrorCode::ETC_FAILED,
            Self::ImproperCallerResponse => ErrorCode::IMPROPER_CALLER_RESPONSE,
            Self::MissingCustomerRecord => ErrorCode::MISSING_CUSTOMER_RECORD,
            Self::MissingParameter => ErrorCode::MISSING_PARAMETER,
            Self::ParameterOutOfRange => ErrorCode::PARAMETER_OUT_OF_RANGE,
            Self::RequestedInfoError(_) => ErrorCode::REQUESTED_INFO_ERROR,
            Self::SystemFailure(_) => ErrorCode::SYSTEM_FAILURE,
            Self::TaskRefused(_) => ErrorCode::TASK_REFUSED,
            Self::UnavailableResource => ErrorCode::UNAVAILABLE_RESOURCE,
            Self::UnexpectedComponentSequence => ErrorCode::UNEXPECTED_COMPONENT_SEQUENCE,
            Self::UnexpectedDataValue => ErrorCode::UNEXPECTED_DATA_VALUE,
            Self::UnexpectedParameter => ErrorCode::UNEXPECTED_PARAMETER,
            Self::UnknownLegId => ErrorCode::UNKNOWN_LEG_ID,
            Self::UnknownResource => ErrorCode::UNKNOWN_RESOURCE,
        }
    }

    /// Decodes the error `code` and its `parameter` (the complete encoded element of the
    /// ReturnError's parameter, or `None`).
    pub fn decode(code: ErrorCode, parameter: Option<&[u8]>) -> Result<Self, ErrorParameterError> {
        let p = parameter;
        let name = code.name().unwrap_or("error");
        let none = |v: Self| expect_no_parameter(p, name).map(|()| v);
        let result = match code {
            ErrorCode::CANCELED => none(Self::Canceled),
            ErrorCode::CANCEL_FAILED => decode_parameter(p, "cancelFailed").map(Self::CancelFailed),
            ErrorCode::ETC_FAILED => none(Self::EtcFailed),
            ErrorCode::IMPROPER_CALLER_RESPONSE => none(Self::ImproperCallerResponse),
            ErrorCode::MISSING_CUSTOMER_RECORD => none(Self::MissingCustomerRecord),
            ErrorCode::MISSING_PARAMETER => none(Self::MissingParameter),
            ErrorCode::PARAMETER_OUT_OF_RANGE => none(Self::ParameterOutOfRange),
            ErrorCode::REQUESTED_INFO_ERROR => {
                decode_parameter(p, "requestedInfoError").map(Self::RequestedInfoError)
            }
            ErrorCode::SYSTEM_FAILURE => {
                decode_parameter(p, "UnavailableNetworkResource").map(Self::SystemFailure)
            }
            ErrorCode::TASK_REFUSED => decode_parameter(p, "taskRefused").map(Self::TaskRefused),
            ErrorCode::UNAVAILABLE_RESOURCE => none(Self::UnavailableResource),
            ErrorCode::UNEXPECTED_COMPONENT_SEQUENCE => none(Self::UnexpectedComponentSequence),
            ErrorCode::UNEXPECTED_DATA_VALUE => none(Self::UnexpectedDataValue),
            ErrorCode::UNEXPECTED_PARAMETER => none(Self::UnexpectedParameter),
            ErrorCode::UNKNOWN_LEG_ID => none(Self::UnknownLegId),
            ErrorCode::UNKNOWN_RESOURCE => none(Self::UnknownResource),
            _ => return Err(ErrorParameterError::UnrecognizedError(code)),
        };
        result.map_err(|error| ErrorParameterError::Mistyped { code, error })
    }

    /// The complete encoded parameter element, or `None` for an error without parameter.
    pub fn encode(&self) -> Option<Vec<u8>> {
        let mut out = Vec::with_capacity(8);
        match self {
            Self::CancelFailed(p) => encode_parameter(p, &mut out),
            Self::RequestedInfoError(p) => encode_parameter(p, &mut out),
            Self::SystemFailure(p) => encode_parameter(p, &mut out),
            Self::TaskRefused(p) => encode_parameter(p, &mut out),
            _ => return None,
        }
        Some(out)
    }
}

/// A one-line summary, e.g. `taskRefused congestion`.
impl fmt::Display for ErrorValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code())?;
        match self {
            Self::CancelFailed(p) => write!(f, " {} invokeID={}", p.problem, p.operation),
            Self::RequestedInfoError(p) => write!(f, " {p}"),
            Self::SystemFailure(p) => write!(f, " {p}"),
            Self::TaskRefused(p) => write!(f, " {p}"),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hex_literal::hex;

    #[test]
    fn codes_and_names() {
        let all = [
            (ErrorCode::CANCELED, 0, "canceled"),
            (ErrorCode::CANCEL_FAILED, 1, "cancelFailed"),
            (ErrorCode::ETC_FAILED, 3, "eTCFailed"),
            (
                ErrorCode::IMPROPER_CALLER_RESPONSE,
                4,
                "improperCallerResponse",
            ),
            (
                ErrorCode::MISSING_CUSTOMER_RECORD,
                6,
                "missingCustomerRecord",
            ),
            (ErrorCode::MISSING_PARAMETER, 7, "missingParameter"),
            (ErrorCode::PARAMETER_OUT_OF_RANGE, 8, "parameterOutOfRange"),
            (ErrorCode::REQUESTED_INFO_ERROR, 10, "requestedInfoError"),
            (ErrorCode::SYSTEM_FAILURE, 11, "systemFailure"),
            (ErrorCode::TASK_REFUSED, 12, "taskRefused"),
            (ErrorCode::UNAVAILABLE_RESOURCE, 13, "unavailableResource"),
            (
                ErrorCode::UNEXPECTED_COMPONENT_SEQUENCE,
                14,
                "unexpectedComponentSequence",
            ),
            (ErrorCode::UNEXPECTED_DATA_VALUE, 15, "unexpectedDataValue"),
            (ErrorCode::UNEXPECTED_PARAMETER, 16, "unexpectedParameter"),
            (ErrorCode::UNKNOWN_LEG_ID, 17, "unknownLegID"),
            (ErrorCode::UNKNOWN_RESOURCE, 18, "unknownResource"),
        ];
        for (code, value, name) in all {
            assert_eq!(code.0, value);
            assert_eq!(code.name(), Some(name));
            assert_eq!(code.to_string(), name);
        }
        assert_eq!(ErrorCode(2).name(), None);
        assert_eq!(format!("{:?}", ErrorCode(99)), "ErrorCode(99)");
    }

    #[test]
    fn hand_vectors() {
        // cancelFailed { problem tooLate, operation 5 }
        let v = ErrorValue::decode(ErrorCode::CANCEL_FAILED, Some(&hex!("3006 800101 810105")))
            .unwrap();
        assert_eq!(
            v,
            ErrorValue::CancelFailed(CancelFailedParameter {
                problem: CancelProblem::TOO_LATE,
                operation: InvokeId::new(5).unwrap(),
            })
        );
        assert_eq!(v.encode().unwrap(), hex!("3006 800101 810105"));
        assert_eq!(v.to_string(), "cancelFailed tooLate invokeID=5");

        for (code, bytes, value) in [
            (
                ErrorCode::REQUESTED_INFO_ERROR,
                hex!("0a0102"),
                ErrorValue::RequestedInfoError(
                    RequestedInfoErrorParameter::REQUESTED_INFO_NOT_AVAILABLE,
                ),
            ),
            (
                ErrorCode::SYSTEM_FAILURE,
                hex!("0a0101"),
                ErrorValue::SystemFailure(UnavailableNetworkResource::COMPONENT_FAILURE),
            ),
            (
                ErrorCode::TASK_REFUSED,
                hex!("0a0102"),
                ErrorValue::TaskRefused(TaskRefusedParameter::CONGESTION),
            ),
        ] {
            assert_eq!(ErrorValue::decode(code, Some(&bytes)), Ok(value.clone()));
            assert_eq!(value.encode().unwrap(), bytes);
            assert_eq!(value.code(), code);
        }
        assert_eq!(
            ErrorValue::decode(ErrorCode::UNKNOWN_LEG_ID, None),
            Ok(ErrorValue::UnknownLegId)
        );
        assert_eq!(ErrorValue::UnknownLegId.encode(), None);
    }

    #[test]
    fn error_paths() {
        // Unknown code.
        let e = ErrorValue::decode(ErrorCode(2), None).unwrap_err();
        assert_eq!(e.problem(), ReturnErrorProblem::UnrecognizedError);
        // Parameter where there is none.
        let e = ErrorValue::decode(ErrorCode::CANCELED, Some(&hex!("0500"))).unwrap_err();
        assert_eq!(e.problem(), ReturnErrorProblem::MistypedParameter);
        // Missing parameter.
        let e = ErrorValue::decode(ErrorCode::TASK_REFUSED, None).unwrap_err();
        assert_eq!(e.problem(), ReturnErrorProblem::MistypedParameter);
        // Wrong type (INTEGER for ENUMERATED).
        assert!(ErrorValue::decode(ErrorCode::TASK_REFUSED, Some(&hex!("020102"))).is_err());
        // Missing member, invoke id out of range.
        assert!(ErrorValue::decode(ErrorCode::CANCEL_FAILED, Some(&hex!("3003 800101"))).is_err());
        assert!(
            ErrorValue::decode(
                ErrorCode::CANCEL_FAILED,
                Some(&hex!("3007 800101 81020100"))
            )
            .is_err()
        );
        // Unknown enumerated values survive.
        let v = ErrorValue::decode(ErrorCode::TASK_REFUSED, Some(&hex!("0a0109"))).unwrap();
        assert_eq!(v, ErrorValue::TaskRefused(TaskRefusedParameter(9)));
        assert_eq!(v.encode().unwrap(), hex!("0a0109"));
    }

    proptest::proptest! {
        #[test]
        fn round_trip(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..64)) {
            let mut u = arbitrary::Unstructured::new(&bytes);
            if let Ok(v) = <ErrorValue as arbitrary::Arbitrary>::arbitrary(&mut u) {
                let p = v.encode();
                let back = ErrorValue::decode(v.code(), p.as_deref()).unwrap();
                proptest::prop_assert_eq!(&back, &v);
                proptest::prop_assert_eq!(back.encode(), p);
            }
        }
    }
}
