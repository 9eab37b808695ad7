//! The component portion (ITU-T Q.773, ASN.1 module `TCAPMessages`): Invoke, ReturnResult,
//! ReturnError and Reject, with opaque parameters.
//!
//! ```text
//! Component ::= CHOICE {
//!     invoke              [1] IMPLICIT Invoke,
//!     returnResultLast    [2] IMPLICIT ReturnResult,
//!     returnError         [3] IMPLICIT ReturnError,
//!     reject              [4] IMPLICIT Reject,
//!     returnResultNotLast [7] IMPLICIT ReturnResult }
//! Invoke ::= SEQUENCE { invokeID InvokeIdType, linkedID [0] IMPLICIT InvokeIdType OPTIONAL,
//!                       operationCode OPERATION, parameter ANY DEFINED BY operationCode OPTIONAL }
//! ReturnResult ::= SEQUENCE { invokeID InvokeIdType,
//!                             result SEQUENCE { operationCode OPERATION,
//!                                               parameter ANY DEFINED BY operationCode } OPTIONAL }
//! ReturnError ::= SEQUENCE { invokeID InvokeIdType, errorCode ERROR,
//!                            parameter ANY DEFINED BY errorCode OPTIONAL }
//! Reject ::= SEQUENCE { invokeID CHOICE { derivable InvokeIdType, not-derivable NULL },
//!                       problem CHOICE { generalProblem [0] IMPLICIT GeneralProblem,
//!                                        invokeProblem [1] IMPLICIT InvokeProblem,
//!                                        returnResultProblem [2] IMPLICIT ReturnResultProblem,
//!                                        returnErrorProblem [3] IMPLICIT ReturnErrorProblem } }
//! InvokeIdType ::= INTEGER (-128..127)
//! ```
//!
//! # Decisions
//! - The parameter of `result` is accepted when absent (some stacks send a bare operation code to
//!   acknowledge); it is written back only when present.
//! - A parameter is exactly one element; anything after it makes the component mistyped.
//! - General problems (defined in Q.771, raised by Q.774's component sub-layer): a component tag other than the five
//!   above is *unrecognizedComponent*; elements missing, extra, out of order or with the wrong tag,
//!   and values outside their type (an invoke id outside -128..127) are *mistypedComponent*; lengths,
//!   primitive/constructed forms and contents that break the encoding rules (X.690) are
//!   *badlyStructuredComponent*.

use std::fmt;

use bytes::Bytes;

use crate::ber::{self, BerError, Decoder, Encoder, Oid, Tag, Tlv};
use crate::error::Detail;

/// An invoke id, `InvokeIdType ::= INTEGER (-128..127)` (Q.773).
pub type InvokeId = i8;

/// An operation or error code: `OPERATION`/`ERROR ::= CHOICE { localValue INTEGER, globalValue
/// OBJECT IDENTIFIER }` (Q.773 Annex A).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Code {
    /// `localValue INTEGER` (INAP CS-1 uses these).
    Local(i64),
    /// `globalValue OBJECT IDENTIFIER`.
    Global(Oid),
}

impl Code {
    fn encode(&self, e: &mut Encoder<'_>) {
        match self {
            Self::Local(v) => e.integer(Tag::INTEGER, *v),
            Self::Global(oid) => e.oid(Tag::OBJECT_IDENTIFIER, oid),
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Local(v) => write!(f, "{v}"),
            Self::Global(oid) => write!(f, "{oid}"),
        }
    }
}

/// A component parameter kept opaque: the complete encoding (identifier, length, contents) of the one
/// element that is the parameter, as received (a zero-copy slice of the received message) or as
/// built by the INAP encoder.
///
/// Two parameters are equal when their octets are; the [`offset`](Self::offset) does not count.
#[derive(Clone)]
pub struct Parameter {
    encoded: Bytes,
    offset: usize,
}

impl Parameter {
    /// Wraps the encoding of exactly one BER element (its framing is checked, its contents are
    /// not).
    pub fn new(encoded: Bytes) -> Result<Self, BerError> {
        ber::decode_one(&encoded)?;
        Ok(Self { encoded, offset: 0 })
    }

    /// Like [`new`](Self::new), from a vector.
    pub fn from_vec(encoded: Vec<u8>) -> Result<Self, BerError> {
        Self::new(Bytes::from(encoded))
    }

    pub(crate) fn from_tlv(tlv: &Tlv<'_>, src: &Bytes) -> Self {
        Self {
            // `tlv.raw` was read from `src`, so it lies inside it.
            encoded: src.slice_ref(tlv.raw),
            offset: tlv.offset,
        }
    }

    /// The encoding: identifier, length and contents.
    pub fn as_bytes(&self) -> &[u8] {
        &self.encoded
    }

    /// The encoding as shared bytes.
    pub fn bytes(&self) -> &Bytes {
        &self.encoded
    }

    /// Gives the encoding back.
    pub fn into_bytes(self) -> Bytes {
        self.encoded
    }

    /// The octet offset of the parameter in the TCAP message it was decoded from (0 for one built
    /// locally), so that a decoder of the parameter can report offsets in the whole message.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The parameter element, its offsets counted as in [`offset`](Self::offset). Never fails for
    /// a `Parameter` (its framing was checked when it was made).
    pub fn tlv(&self) -> Result<Tlv<'_>, BerError> {
        let mut d = Decoder::with_origin(&self.encoded, self.offset);
        d.element("parameter")
    }

    /// The parameter's tag.
    pub fn tag(&self) -> Option<Tag> {
        self.tlv().ok().map(|t| t.tag)
    }

    /// The encoded length in octets.
    pub fn len(&self) -> usize {
        self.encoded.len()
    }

    /// Always false: a parameter is a whole element.
    pub fn is_empty(&self) -> bool {
        self.encoded.is_empty()
    }
}

impl PartialEq for Parameter {
    fn eq(&self, other: &Self) -> bool {
        self.encoded == other.encoded
    }
}

impl Eq for Parameter {}

impl fmt::Debug for Parameter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Parameter(")?;
        for b in self.as_bytes() {
            write!(f, "{b:02x}")?;
        }
        f.write_str(")")
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Parameter {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::serde_hex::serialize(self.as_bytes(), s)
    }
}

/// `Invoke`: asks the peer to perform an operation.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Invoke {
    /// `invokeID`.
    pub invoke_id: InvokeId,
    /// `linkedID [0]`: the invoke id of the operation this one is linked to.
    pub linked_id: Option<InvokeId>,
    /// `operationCode`.
    pub op_code: Code,
    /// `parameter`: the argument, opaque here.
    pub parameter: Option<Parameter>,
}

impl Invoke {
    /// An Invoke without a linked id.
    pub fn new(invoke_id: InvokeId, op_code: Code, parameter: Option<Parameter>) -> Self {
        Self {
            invoke_id,
            linked_id: None,
            op_code,
            parameter,
        }
    }
}

/// `ReturnResult`: the contents of ReturnResult-Last and ReturnResult-NotLast.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ReturnResult {
    /// `invokeID` of the operation answered.
    pub invoke_id: InvokeId,
    /// `result`: absent when the operation returns no result.
    pub result: Option<OperationResult>,
}

/// The `result SEQUENCE { operationCode, parameter }` of a ReturnResult.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct OperationResult {
    /// `operationCode` of the operation answered.
    pub op_code: Code,
    /// `parameter`: the result, opaque here (see the module docs on its absence).
    pub parameter: Option<Parameter>,
}

/// `ReturnError`: the operation failed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ReturnError {
    /// `invokeID` of the operation answered.
    pub invoke_id: InvokeId,
    /// `errorCode`.
    pub error_code: Code,
    /// `parameter`: the error's parameter, opaque here.
    pub parameter: Option<Parameter>,
}

/// `Reject`: a component could not be accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Reject {
    /// `invokeID`: the rejected component's invoke id, `None` when it could not be derived (sent as
    /// NULL, `not-derivable`).
    pub invoke_id: Option<InvokeId>,
    /// `problem`.
    pub problem: Problem,
}

/// The `problem` of a Reject (Q.773).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Problem {
    /// `generalProblem [0]`.
    General(GeneralProblem),
    /// `invokeProblem [1]`.
    Invoke(InvokeProblem),
    /// `returnResultProblem [2]`.
    ReturnResult(ReturnResultProblem),
    /// `returnErrorProblem [3]`.
    ReturnError(ReturnErrorProblem),
}

impl Problem {
    fn tag(&self) -> Tag {
        Tag::context(match self {
            Self::General(_) => 0,
            Self::Invoke(_) => 1,
            Self::ReturnResult(_) => 2,
            Self::ReturnError(_) => 3,
        })
    }

    fn value(&self) -> i64 {
        match *self {
            Self::General(p) => p.0,
            Self::Invoke(p) => p.0,
            Self::ReturnResult(p) => p.0,
            Self::ReturnError(p) => p.0,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::General(p) => write!(f, "general:{p}"),
            Self::Invoke(p) => write!(f, "invoke:{p}"),
            Self::ReturnResult(p) => write!(f, "returnResult:{p}"),
            Self::ReturnError(p) => write!(f, "returnError:{p}"),
        }
    }
}

code_point! {
    /// `GeneralProblem ::= INTEGER` (Q.773).
    GeneralProblem {
        /// The component type is not one Q.773 defines.
        UNRECOGNIZED_COMPONENT = 0 => "unrecognizedComponent",
        /// The component's elements are not the ones of its type.
        MISTYPED_COMPONENT = 1 => "mistypedComponent",
        /// The component does not follow the encoding rules.
        BADLY_STRUCTURED_COMPONENT = 2 => "badlyStructuredComponent",
    }
}

code_point! {
    /// `InvokeProblem ::= INTEGER` (Q.773).
    InvokeProblem {
        /// The invoke id is already in use.
        DUPLICATE_INVOKE_ID = 0 => "duplicateInvokeID",
        /// The operation code is not known.
        UNRECOGNIZED_OPERATION = 1 => "unrecognizedOperation",
        /// The argument is not of the operation's type.
        MISTYPED_PARAMETER = 2 => "mistypedParameter",
        /// The receiver cannot perform the operation now.
        RESOURCE_LIMITATION = 3 => "resourceLimitation",
        /// The receiver is releasing the dialogue.
        INITIATING_RELEASE = 4 => "initiatingRelease",
        /// The linked id names no operation in progress.
        UNRECOGNIZED_LINKED_ID = 5 => "unrecognizedLinkedID",
        /// The linked operation is not a response the linking one expects.
        LINKED_RESPONSE_UNEXPECTED = 6 => "linkedResponseUnexpected",
        /// The operation may not be linked to that one.
        UNEXPECTED_LINKED_OPERATION = 7 => "unexpectedLinkedOperation",
    }
}

code_point! {
    /// `ReturnResultProblem ::= INTEGER` (Q.773).
    ReturnResultProblem {
        /// The invoke id names no operation in progress.
        UNRECOGNIZED_INVOKE_ID = 0 => "unrecognizedInvokeID",
        /// The operation does not return a result.
        RETURN_RESULT_UNEXPECTED = 1 => "returnResultUnexpected",
        /// The result is not of the operation's type.
        MISTYPED_PARAMETER = 2 => "mistypedParameter",
    }
}

code_point! {
    /// `ReturnErrorProblem ::= INTEGER` (Q.773).
    ReturnErrorProblem {
        /// The invoke id names no operation in progress.
        UNRECOGNIZED_INVOKE_ID = 0 => "unrecognizedInvokeID",
        /// The operation does not report errors.
        RETURN_ERROR_UNEXPECTED = 1 => "returnErrorUnexpected",
        /// The error code is not known.
        UNRECOGNIZED_ERROR = 2 => "unrecognizedError",
        /// The error is not one the operation reports.
        UNEXPECTED_ERROR = 3 => "unexpectedError",
        /// The error's parameter is not of the error's type.
        MISTYPED_PARAMETER = 4 => "mistypedParameter",
    }
}

/// The component types (Q.773 `Component`), in the standard's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum ComponentType {
    /// `[1]`.
    Invoke,
    /// `[2]`.
    ReturnResultLast,
    /// `[3]`.
    ReturnError,
    /// `[4]`.
    Reject,
    /// `[7]`.
    ReturnResultNotLast,
}

impl ComponentType {
    /// The component's tag.
    pub const fn tag(self) -> Tag {
        Tag::context(match self {
            Self::Invoke => 1,
            Self::ReturnResultLast => 2,
            Self::ReturnError => 3,
            Self::Reject => 4,
            Self::ReturnResultNotLast => 7,
        })
    }

    /// The component type a tag stands for, if any.
    pub fn from_tag(tag: Tag) -> Option<Self> {
        [
            Self::Invoke,
            Self::ReturnResultLast,
            Self::ReturnError,
            Self::Reject,
            Self::ReturnResultNotLast,
        ]
        .into_iter()
        .find(|c| c.tag() == tag)
    }

    /// The standard's name.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Invoke => "Invoke",
            Self::ReturnResultLast => "ReturnResultLast",
            Self::ReturnError => "ReturnError",
            Self::Reject => "Reject",
            Self::ReturnResultNotLast => "ReturnResultNotLast",
        }
    }
}

impl fmt::Display for ComponentType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One component (Q.773 `Component`), variants in the standard's order.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Component {
    /// `invoke [1]`.
    Invoke(Invoke),
    /// `returnResultLast [2]`.
    ReturnResultLast(ReturnResult),
    /// `returnError [3]`.
    ReturnError(ReturnError),
    /// `reject [4]`.
    Reject(Reject),
    /// `returnResultNotLast [7]`.
    ReturnResultNotLast(ReturnResult),
}

impl Component {
    /// The component's type.
    pub fn component_type(&self) -> ComponentType {
        match self {
            Self::Invoke(_) => ComponentType::Invoke,
            Self::ReturnResultLast(_) => ComponentType::ReturnResultLast,
            Self::ReturnError(_) => ComponentType::ReturnError,
            Self::Reject(_) => ComponentType::Reject,
            Self::ReturnResultNotLast(_) => ComponentType::ReturnResultNotLast,
        }
    }

    /// The invoke id (`None` only for a Reject whose invoke id was not derivable).
    pub fn invoke_id(&self) -> Option<InvokeId> {
        match self {
            Self::Invoke(c) => Some(c.invoke_id),
            Self::ReturnResultLast(c) | Self::ReturnResultNotLast(c) => Some(c.invoke_id),
            Self::ReturnError(c) => Some(c.invoke_id),
            Self::Reject(c) => c.invoke_id,
        }
    }

    /// The parameter, if the component carries one.
    pub fn parameter(&self) -> Option<&Parameter> {
        match self {
            Self::Invoke(c) => c.parameter.as_ref(),
            Self::ReturnResultLast(c) | Self::ReturnResultNotLast(c) => {
                c.result.as_ref().and_then(|r| r.parameter.as_ref())
            }
            Self::ReturnError(c) => c.parameter.as_ref(),
            Self::Reject(_) => None,
        }
    }

    /// Writes the component (definite lengths; the parameter as it is).
    pub fn encode(&self, e: &mut Encoder<'_>) {
        e.constructed(self.component_type().tag(), |e| match self {
            Self::Invoke(c) => {
                e.integer(Tag::INTEGER, c.invoke_id.into());
                if let Some(linked) = c.linked_id {
                    e.integer(Tag::context(0), linked.into());
                }
                c.op_code.encode(e);
                if let Some(p) = &c.parameter {
                    e.raw(p.as_bytes());
                }
            }
            Self::ReturnResultLast(c) | Self::ReturnResultNotLast(c) => {
                e.integer(Tag::INTEGER, c.invoke_id.into());
                if let Some(r) = &c.result {
                    e.constructed(Tag::SEQUENCE, |e| {
                        r.op_code.encode(e);
                        if let Some(p) = &r.parameter {
                            e.raw(p.as_bytes());
                        }
                    });
                }
            }
            Self::ReturnError(c) => {
                e.integer(Tag::INTEGER, c.invoke_id.into());
                c.error_code.encode(e);
                if let Some(p) = &c.parameter {
                    e.raw(p.as_bytes());
                }
            }
            Self::Reject(c) => {
                match c.invoke_id {
                    Some(id) => e.integer(Tag::INTEGER, id.into()),
                    None => e.null(Tag::NULL),
                }
                e.integer(c.problem.tag(), c.problem.value());
            }
        });
    }

    /// Decodes one component element of a component portion (framing already checked); `src` is
    /// the buffer `tlv` was read from.
    pub(crate) fn decode(tlv: &Tlv<'_>, src: &Bytes) -> Result<Self, ComponentFault> {
        // Q.771: a tag that is no component type is an unrecognized component.
        let Some(ty) = ComponentType::from_tag(tlv.tag) else {
            return Err(ComponentFault {
                problem: GeneralProblem::UNRECOGNIZED_COMPONENT,
                invoke_id: salvage_invoke_id(tlv.raw, tlv.offset),
                component_type: None,
                offset: tlv.offset,
                detail: Detail::UnknownTag(tlv.tag),
            });
        };
        let mut cx = Cx {
            ty,
            invoke_id: None,
        };
        // X.690 §8.9.1: a SEQUENCE is constructed.
        let mut d = tlv.decoder().map_err(|e| cx.ber(e))?;
        let first = d.element("invokeID").map_err(|e| cx.ber(e))?;
        if ty == ComponentType::Reject && first.tag == Tag::NULL {
            // Q.773 Reject: invoke id not derivable (NULL).
            first.null().map_err(|e| cx.ber(e))?;
        } else {
            cx.invoke_id = Some(cx.invoke_id(&first, Tag::INTEGER)?);
        }
        let component = match ty {
            ComponentType::Invoke => {
                let linked_id = match d.optional(Tag::context(0)).map_err(|e| cx.ber(e))? {
                    Some(t) => Some(cx.invoke_id(&t, Tag::context(0))?),
                    None => None,
                };
                let op = d.element("operationCode").map_err(|e| cx.ber(e))?;
                let op_code = cx.code(&op)?;
                let parameter = d.next().map_err(|e| cx.ber(e))?;
                Self::Invoke(Invoke {
                    invoke_id: cx.id(),
                    linked_id,
                    op_code,
                    parameter: parameter.map(|p| Parameter::from_tlv(&p, src)),
                })
            }
            ComponentType::ReturnResultLast | ComponentType::ReturnResultNotLast => {
                let result = match d.next().map_err(|e| cx.ber(e))? {
                    None => None,
                    Some(seq) => {
                        let seq = seq.expect(Tag::SEQUENCE).map_err(|e| cx.ber(e))?;
                        let mut r = seq.decoder().map_err(|e| cx.ber(e))?;
                        let op = r.element("operationCode").map_err(|e| cx.ber(e))?;
                        let op_code = cx.code(&op)?;
                        let parameter = r.next().map_err(|e| cx.ber(e))?;
                        r.finish().map_err(|e| cx.ber(e))?;
                        Some(OperationResult {
                            op_code,
                            parameter: parameter.map(|p| Parameter::from_tlv(&p, src)),
                        })
                    }
                };
                let rr = ReturnResult {
                    invoke_id: cx.id(),
                    result,
                };
                if ty == ComponentType::ReturnResultLast {
                    Self::ReturnResultLast(rr)
                } else {
                    Self::ReturnResultNotLast(rr)
                }
            }
            ComponentType::ReturnError => {
                let code = d.element("errorCode").map_err(|e| cx.ber(e))?;
                let error_code = cx.code(&code)?;
                let parameter = d.next().map_err(|e| cx.ber(e))?;
                Self::ReturnError(ReturnError {
                    invoke_id: cx.id(),
                    error_code,
                    parameter: parameter.map(|p| Parameter::from_tlv(&p, src)),
                })
            }
            ComponentType::Reject => {
                let p = d.element("problem").map_err(|e| cx.ber(e))?;
                let kind: fn(i64) -> Problem = match p.tag {
                    t if t == Tag::context(0) => |v| Problem::General(GeneralProblem(v)),
                    t if t == Tag::context(1) => |v| Problem::Invoke(InvokeProblem(v)),
                    t if t == Tag::context(2) => |v| Problem::ReturnResult(ReturnResultProblem(v)),
                    t if t == Tag::context(3) => |v| Problem::ReturnError(ReturnErrorProblem(v)),
                    _ => return Err(cx.mistyped(p.offset, "problem is not one of [0] to [3]")),
                };
                let problem = kind(p.integer().map_err(|e| cx.ber(e))?);
                Self::Reject(Reject {
                    invoke_id: cx.invoke_id,
                    problem,
                })
            }
        };
        d.finish().map_err(|e| cx.ber(e))?;
        Ok(component)
    }
}

impl fmt::Display for Component {
    /// One line, e.g. `Invoke id=1 op=0 param=31B`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.component_type())?;
        match self {
            Self::Invoke(c) => {
                write!(f, " id={}", c.invoke_id)?;
                if let Some(l) = c.linked_id {
                    write!(f, " linked={l}")?;
                }
                write!(f, " op={}", c.op_code)?;
            }
            Self::ReturnResultLast(c) | Self::ReturnResultNotLast(c) => {
                write!(f, " id={}", c.invoke_id)?;
                if let Some(r) = &c.result {
                    write!(f, " op={}", r.op_code)?;
                }
            }
            Self::ReturnError(c) => write!(f, " id={} err={}", c.invoke_id, c.error_code)?,
            Self::Reject(c) => match c.invoke_id {
                Some(id) => write!(f, " id={id} {}", c.problem)?,
                None => write!(f, " id=null {}", c.problem)?,
            },
        }
        if let Some(p) = self.parameter() {
            write!(f, " param={}B", p.len())?;
        }
        Ok(())
    }
}

/// Why one component could not be decoded: the Reject Q.774 asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ComponentFault {
    pub(crate) problem: GeneralProblem,
    pub(crate) invoke_id: Option<InvokeId>,
    pub(crate) component_type: Option<ComponentType>,
    pub(crate) offset: usize,
    pub(crate) detail: Detail,
}

/// Decoding context of one component: its type and, once read, its invoke id.
struct Cx {
    ty: ComponentType,
    invoke_id: Option<InvokeId>,
}

impl Cx {
    /// A BER error inside the component: wrong or missing elements make it mistyped, broken
    /// encodings badly structured (Q.771's definitions).
    fn ber(&self, e: BerError) -> ComponentFault {
        let problem = match e {
            BerError::UnexpectedTag { .. }
            | BerError::Missing { .. }
            | BerError::Duplicate { .. }
            | BerError::TrailingData { .. } => GeneralProblem::MISTYPED_COMPONENT,
            _ => GeneralProblem::BADLY_STRUCTURED_COMPONENT,
        };
        ComponentFault {
            problem,
            invoke_id: self.invoke_id,
            component_type: Some(self.ty),
            offset: e.offset(),
            detail: Detail::Ber(e),
        }
    }

    fn mistyped(&self, offset: usize, rule: &'static str) -> ComponentFault {
        ComponentFault {
            problem: GeneralProblem::MISTYPED_COMPONENT,
            invoke_id: self.invoke_id,
            component_type: Some(self.ty),
            offset,
            detail: Detail::Rule(rule),
        }
    }

    fn id(&self) -> InvokeId {
        self.invoke_id.unwrap_or_default()
    }

    /// `InvokeIdType ::= INTEGER (-128..127)` with the tag `tag` (`[0]` for a linkedID).
    fn invoke_id(&self, t: &Tlv<'_>, tag: Tag) -> Result<InvokeId, ComponentFault> {
        t.expect(tag).map_err(|e| self.ber(e))?;
        let v = t.integer().map_err(|e| self.ber(e))?;
        InvokeId::try_from(v).map_err(|_| self.mistyped(t.offset, "invoke id outside -128..127"))
    }

    /// `OPERATION`/`ERROR`: a local INTEGER or a global OBJECT IDENTIFIER.
    fn code(&self, t: &Tlv<'_>) -> Result<Code, ComponentFault> {
        if t.tag == Tag::INTEGER {
            t.integer().map(Code::Local).map_err(|e| self.ber(e))
        } else if t.tag == Tag::OBJECT_IDENTIFIER {
            t.oid().map(Code::Global).map_err(|e| self.ber(e))
        } else {
            Err(self.mistyped(
                t.offset,
                "code is neither a local INTEGER nor a global OBJECT IDENTIFIER",
            ))
        }
    }
}

/// The invoke id of a component that could not be decoded, if its first element can still be read
/// as one (the Reject carries it when it is derivable, NULL otherwise). `data` starts at the
/// component's identifier, at absolute offset `origin`; it may be truncated.
pub(crate) fn salvage_invoke_id(data: &[u8], origin: usize) -> Option<InvokeId> {
    let h = ber::header(data, origin).ok()?;
    if !h.constructed {
        return None;
    }
    let end = match h.content_len {
        Some(l) => h.len.saturating_add(l).min(data.len()),
        None => data.len(),
    };
    let content = data.get(h.len..end)?;
    let first = Decoder::with_origin(content, origin + h.len)
        .next()
        .ok()??;
    if first.tag != Tag::INTEGER {
        return None;
    }
    InvokeId::try_from(first.integer().ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use hex_literal::hex;

    fn decode(bytes: &[u8]) -> Result<Component, ComponentFault> {
        let src = Bytes::copy_from_slice(bytes);
        let tlv = ber::decode_one(&src).unwrap();
        Component::decode(&tlv, &src)
    }

    fn encode(c: &Component) -> Vec<u8> {
        let mut v = Vec::new();
        c.encode(&mut Encoder::new(&mut v));
        v
    }

    #[test]
    fn invoke_round_trip() {
        let bytes = hex!("a1 0b 02 01 05 80 01 02 02 01 16 30 00");
        let c = decode(&bytes).unwrap();
        assert_eq!(
            c,
            Component::Invoke(Invoke {
                invoke_id: 5,
                linked_id: Some(2),
                op_code: Code::Local(22),
                parameter: Some(Parameter::from_vec(vec![0x30, 0x00]).unwrap()),
            })
        );
        assert_eq!(encode(&c), bytes);
        assert_eq!(c.to_string(), "Invoke id=5 linked=2 op=22 param=2B");
        assert_eq!(c.parameter().unwrap().offset(), 11);
    }

    #[test]
    fn reject_with_null_invoke_id() {
        let bytes = hex!("a4 05 05 00 80 01 02");
        let c = decode(&bytes).unwrap();
        assert_eq!(
            c,
            Component::Reject(Reject {
                invoke_id: None,
                problem: Problem::General(GeneralProblem::BADLY_STRUCTURED_COMPONENT),
            })
        );
        assert_eq!(encode(&c), bytes);
        assert_eq!(
            c.to_string(),
            "Reject id=null general:badlyStructuredComponent"
        );
    }

    #[test]
    fn faults_are_classified() {
        // Unknown component type [5]: its invoke id is still derived.
        let f = decode(&hex!("a5 03 02 01 07")).unwrap_err();
        assert_eq!(f.problem, GeneralProblem::UNRECOGNIZED_COMPONENT);
        assert_eq!(f.invoke_id, Some(7));
        // Invoke without an operation code.
        let f = decode(&hex!("a1 03 02 01 07")).unwrap_err();
        assert_eq!(f.problem, GeneralProblem::MISTYPED_COMPONENT);
        assert_eq!(f.invoke_id, Some(7));
        // Invoke id 200 is outside InvokeIdType.
        let f = decode(&hex!("a1 07 02 02 00 c8 02 01 00")).unwrap_err();
        assert_eq!(f.problem, GeneralProblem::MISTYPED_COMPONENT);
        assert_eq!(f.invoke_id, None);
        // An empty INTEGER breaks X.690 §8.3.1.
        let f = decode(&hex!("a1 05 02 00 02 01 00")).unwrap_err();
        assert_eq!(f.problem, GeneralProblem::BADLY_STRUCTURED_COMPONENT);
        // A primitive Invoke.
        let f = decode(&hex!("81 03 02 01 07")).unwrap_err();
        assert_eq!(f.problem, GeneralProblem::BADLY_STRUCTURED_COMPONENT);
        assert_eq!(f.offset, 0);
    }

    #[test]
    fn salvaged_invoke_ids() {
        assert_eq!(salvage_invoke_id(&hex!("a1 30 02 01 09"), 0), Some(9));
        assert_eq!(salvage_invoke_id(&hex!("a1 30 02 02 01 00"), 0), None);
        assert_eq!(salvage_invoke_id(&hex!("a1 30 05 00"), 0), None);
        assert_eq!(salvage_invoke_id(&hex!("81 01 09"), 0), None);
        assert_eq!(salvage_invoke_id(&hex!("a1"), 0), None);
    }
}
