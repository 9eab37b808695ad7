//! The variable-length parameter format (RFC 4666 §3.2), parameter tags, unknown parameters, and
//! the machinery that reads and writes parameter lists.
//!
//! ```text
//!  0                   1                   2                   3
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |          Parameter Tag        |       Parameter Length        |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! \                                                               \
//! /                       Parameter Value                         /
//! \                                                               \
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! ```
//!
//! The Parameter Length counts tag, length and value but not the padding that follows the value
//! up to a multiple of 4 octets; the Message Length counts the padding (RFC 4666 §3.2, §3.1.5).
//!
//! # Decisions
//!
//! - **Padding is mandatory**, including after the last parameter: a parameter whose padding
//!   runs past the end of the message is a Parameter Field Error, as RFC 4666 §3.1.5 says the
//!   Message Length MUST include it. Padding octets are not checked (the receiver ignores them)
//!   and are re-encoded as zeros.
//! - **Order**: the decoder accepts known parameters in any order; the encoder writes them in the
//!   order of the RFC's message figures. Unknown parameters keep their position (the index in the
//!   received parameter sequence) and are written back there, so a message whose known parameters
//!   follow the RFC order — every implementation we know sends them so — re-encodes byte for byte.
//! - **Reserved fields** (the header's Reserved octet, reserved bits in Congestion Indications and
//!   Concerned Destination) are ignored on receipt and sent as zero, as RFC 4666 asks.

use bytes::{BufMut, Bytes};

use crate::{DecodeError, EncodeError};

code_point! {
    /// Parameter Tag (RFC 4666 §3.2 common parameters, §3.3 M3UA-specific parameters).
    pub struct ParameterTag(u16);
    /// INFO String (§3.8.2 and others): free text, informational.
    INFO_STRING = 0x0004 => "INFO String";
    /// Routing Context: one or more 32-bit values.
    ROUTING_CONTEXT = 0x0006 => "Routing Context";
    /// Diagnostic Information (ERR).
    DIAGNOSTIC_INFORMATION = 0x0007 => "Diagnostic Information";
    /// Heartbeat Data (BEAT, BEAT ACK).
    HEARTBEAT_DATA = 0x0009 => "Heartbeat Data";
    /// Traffic Mode Type.
    TRAFFIC_MODE_TYPE = 0x000b => "Traffic Mode Type";
    /// Error Code (ERR).
    ERROR_CODE = 0x000c => "Error Code";
    /// Status (NTFY).
    STATUS = 0x000d => "Status";
    /// ASP Identifier.
    ASP_IDENTIFIER = 0x0011 => "ASP Identifier";
    /// Affected Point Code: one or more mask + point code.
    AFFECTED_POINT_CODE = 0x0012 => "Affected Point Code";
    /// Correlation ID (DATA).
    CORRELATION_ID = 0x0013 => "Correlation ID";
    /// Network Appearance.
    NETWORK_APPEARANCE = 0x0200 => "Network Appearance";
    /// User/Cause (DUPU).
    USER_CAUSE = 0x0204 => "User/Cause";
    /// Congestion Indications (SCON).
    CONGESTION_INDICATIONS = 0x0205 => "Congestion Indications";
    /// Concerned Destination (SCON).
    CONCERNED_DESTINATION = 0x0206 => "Concerned Destination";
    /// Routing Key (REG REQ), a list of sub-parameters.
    ROUTING_KEY = 0x0207 => "Routing Key";
    /// Registration Result (REG RSP), a list of sub-parameters.
    REGISTRATION_RESULT = 0x0208 => "Registration Result";
    /// Deregistration Result (DEREG RSP), a list of sub-parameters.
    DEREGISTRATION_RESULT = 0x0209 => "Deregistration Result";
    /// Local-RK-Identifier (in Routing Key and Registration Result).
    LOCAL_ROUTING_KEY_IDENTIFIER = 0x020a => "Local-RK-Identifier";
    /// Destination Point Code (in Routing Key).
    DESTINATION_POINT_CODE = 0x020b => "Destination Point Code";
    /// Service Indicators (in Routing Key).
    SERVICE_INDICATORS = 0x020c => "Service Indicators";
    /// Originating Point Code List (in Routing Key).
    ORIGINATING_POINT_CODE_LIST = 0x020e => "Originating Point Code List";
    /// Protocol Data (DATA).
    PROTOCOL_DATA = 0x0210 => "Protocol Data";
    /// Registration Status (in Registration Result).
    REGISTRATION_STATUS = 0x0212 => "Registration Status";
    /// Deregistration Status (in Deregistration Result).
    DEREGISTRATION_STATUS = 0x0213 => "Deregistration Status";
}

/// The largest parameter value a 16-bit Parameter Length can describe.
pub const MAX_PARAMETER_VALUE_LEN: usize = u16::MAX as usize - 4;

/// A parameter whose tag this crate does not know, kept so a round trip loses nothing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct UnknownParameter {
    /// Its tag.
    pub tag: ParameterTag,
    /// Its value, without padding (a zero-copy slice of the received message).
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::serde_hex::bytes"))]
    pub value: Bytes,
    /// Where it stood: the number of parameters before it in its message (or enclosing Routing
    /// Key, Registration Result, Deregistration Result). The encoder writes it at that index,
    /// or after the known parameters if the index is beyond them. Unknown parameters are written
    /// in the order of the `Vec`.
    pub position: usize,
}

/// Rounds up to a multiple of 4 (RFC 4666 §3.2 padding).
pub(crate) const fn padded(len: usize) -> usize {
    len.saturating_add(3) & !3
}

/// One parameter as found on the wire.
#[derive(Debug, Clone)]
pub(crate) struct RawParam {
    pub(crate) tag: ParameterTag,
    /// The value without padding.
    pub(crate) value: Bytes,
    /// Offset of the tag from the start of the message.
    pub(crate) offset: usize,
}

impl RawParam {
    pub(crate) fn into_unknown(self, position: usize) -> UnknownParameter {
        UnknownParameter {
            tag: self.tag,
            value: self.value,
            position,
        }
    }

    /// An [`DecodeError::InvalidParameterLength`] for this parameter.
    pub(crate) fn bad_length(&self, expected: &'static str) -> DecodeError {
        DecodeError::InvalidParameterLength {
            offset: self.offset,
            tag: self.tag,
            length: self.value.len(),
            expected,
        }
    }

    /// An [`DecodeError::InvalidParameterValue`] for this parameter.
    pub(crate) fn bad_value(&self, reason: &'static str) -> DecodeError {
        DecodeError::InvalidParameterValue {
            offset: self.offset,
            tag: self.tag,
            reason,
        }
    }

    /// The value as exactly `N` octets.
    pub(crate) fn fixed<const N: usize>(
        &self,
        expected: &'static str,
    ) -> Result<[u8; N], DecodeError> {
        <[u8; N]>::try_from(self.value.as_ref()).map_err(|_| self.bad_length(expected))
    }
}

/// Iterates over the parameters in `buf`, checking every length against what is left.
///
/// After the first error it yields nothing more.
pub(crate) struct ParamReader {
    buf: Bytes,
    pos: usize,
    /// Offset of `buf[0]` inside the message, for error offsets.
    base: usize,
}

impl ParamReader {
    pub(crate) fn new(buf: Bytes, base: usize) -> Self {
        Self { buf, pos: 0, base }
    }

    fn fail(&mut self, error: DecodeError) -> Option<Result<RawParam, DecodeError>> {
        self.pos = self.buf.len();
        Some(Err(error))
    }
}

impl Iterator for ParamReader {
    type Item = Result<RawParam, DecodeError>;

    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.buf.get(self.pos..)?;
        if rest.is_empty() {
            return None;
        }
        let offset = self.base + self.pos;
        let available = rest.len();
        // RFC 4666 §3.2: Tag (16 bits) and Length (16 bits).
        let Some(&[t0, t1, l0, l1]) = rest.get(..4) else {
            return self.fail(DecodeError::TruncatedParameter {
                offset,
                remaining: available,
            });
        };
        let tag = ParameterTag(u16::from_be_bytes([t0, t1]));
        let length = u16::from_be_bytes([l0, l1]);
        // RFC 4666 §3.2: the Parameter Length includes the 4-octet tag and length fields.
        if length < 4 {
            return self.fail(DecodeError::ParameterLengthTooShort {
                offset,
                tag,
                length,
            });
        }
        // RFC 4666 §3.2, §3.1.5: padding to 4 octets is part of the message.
        let total = padded(usize::from(length));
        if total > available {
            return self.fail(DecodeError::ParameterOverrun {
                offset,
                tag,
                length,
                available,
            });
        }
        let value = self.buf.slice(self.pos + 4..self.pos + usize::from(length));
        self.pos += total;
        Some(Ok(RawParam { tag, value, offset }))
    }
}

/// A parameter value that can be read from a [`RawParam`].
pub(crate) trait FromParam: Sized {
    fn from_param(param: &RawParam) -> Result<Self, DecodeError>;
}

/// A parameter value that can be written.
pub(crate) trait ParamValue {
    /// Octets of the value, without padding.
    fn value_len(&self) -> usize;
    /// Writes exactly [`value_len`](Self::value_len) octets.
    fn put_value<B: BufMut>(&self, out: &mut B);
}

/// Where an encoder sends parameters: a length counter or a writer.
pub(crate) trait Sink {
    fn param<V: ParamValue + ?Sized>(&mut self, tag: ParameterTag, value: &V);
}

/// Counts the encoded size of parameters and notes the first one too long to encode.
#[derive(Default)]
pub(crate) struct LenSink {
    pub(crate) len: usize,
    pub(crate) error: Option<EncodeError>,
}

impl Sink for LenSink {
    fn param<V: ParamValue + ?Sized>(&mut self, tag: ParameterTag, value: &V) {
        let length = value.value_len();
        if length > MAX_PARAMETER_VALUE_LEN && self.error.is_none() {
            self.error = Some(EncodeError::ParameterTooLong { tag, length });
        }
        self.len = self.len.saturating_add(4).saturating_add(padded(length));
    }
}

/// Writes parameters, with their padding. Callers have checked the lengths with [`LenSink`].
pub(crate) struct WriteSink<'a, B> {
    pub(crate) out: &'a mut B,
}

impl<B: BufMut> Sink for WriteSink<'_, B> {
    fn param<V: ParamValue + ?Sized>(&mut self, tag: ParameterTag, value: &V) {
        let length = value.value_len();
        self.out.put_u16(tag.0);
        // Checked by LenSink before anything is written; saturate rather than wrap regardless.
        self.out
            .put_u16(u16::try_from(length + 4).unwrap_or(u16::MAX));
        value.put_value(self.out);
        self.out.put_bytes(0, padded(length) - length);
    }
}

/// Interleaves unknown parameters with the known ones at their recorded positions.
pub(crate) struct Interleave<'a, S> {
    sink: &'a mut S,
    unknown: &'a [UnknownParameter],
    next: usize,
    emitted: usize,
}

impl<'a, S: Sink> Interleave<'a, S> {
    pub(crate) fn new(sink: &'a mut S, unknown: &'a [UnknownParameter]) -> Self {
        Self {
            sink,
            unknown,
            next: 0,
            emitted: 0,
        }
    }

    fn flush(&mut self, all: bool) {
        while let Some(u) = self.unknown.get(self.next) {
            if !all && u.position > self.emitted {
                break;
            }
            self.sink.param(u.tag, &u.value);
            self.next += 1;
            self.emitted += 1;
        }
    }

    pub(crate) fn known<V: ParamValue + ?Sized>(&mut self, tag: ParameterTag, value: &V) {
        self.flush(false);
        self.sink.param(tag, value);
        self.emitted += 1;
    }

    pub(crate) fn finish(mut self) {
        self.flush(true);
    }
}

/// A list of parameters: a message body, or the value of a Routing Key, Registration Result or
/// Deregistration Result.
pub(crate) trait ParameterList: Sized {
    /// Reads the list; `context` names it in errors.
    fn decode_parameters(reader: ParamReader, context: &'static str) -> Result<Self, DecodeError>;
    /// Sends every parameter, known ones in RFC order with unknown ones at their positions.
    fn visit<S: Sink>(&self, sink: &mut S);

    /// The encoded size of the list and the first encoding error.
    fn measure(&self) -> LenSink {
        let mut sink = LenSink::default();
        self.visit(&mut sink);
        sink
    }
}

impl ParamValue for Bytes {
    fn value_len(&self) -> usize {
        self.len()
    }
    fn put_value<B: BufMut>(&self, out: &mut B) {
        out.put_slice(self);
    }
}

impl FromParam for Bytes {
    fn from_param(param: &RawParam) -> Result<Self, DecodeError> {
        Ok(param.value.clone())
    }
}

/// Defines a struct whose fields are the parameters of a list, and its [`ParameterList`] impl.
///
/// Each field is `pub name: Type = kind(TAG),` in the RFC's order, where kind is
/// - `mandatory`: exactly once (`Type`);
/// - `optional`: at most once (`Option<T>`);
/// - `list` / `mandatory_list`: one parameter holding a non-empty list (`Vec<T>`, empty = absent);
/// - `repeated` / `mandatory_repeated`: the parameter may occur several times (`Vec<T>`).
macro_rules! parameter_list {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(
                $(#[$fmeta:meta])*
                pub $field:ident : $ty:ty = $kind:ident($tag:ident),
            )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Default)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize))]
        pub struct $name {
            $(
                $(#[$fmeta])*
                pub $field: $ty,
            )*
            /// Parameters with tags this crate does not know, kept with their positions and
            /// re-encoded in place.
            pub unknown: Vec<$crate::UnknownParameter>,
        }

        impl $crate::parameter::ParameterList for $name {
            fn decode_parameters(
                reader: $crate::parameter::ParamReader,
                context: &'static str,
            ) -> Result<Self, $crate::DecodeError> {
                $( let mut $field = parameter_list!(@init $kind $ty); )*
                let mut unknown = Vec::new();
                for (position, param) in reader.enumerate() {
                    let param = param?;
                    match param.tag {
                        $(
                            $crate::ParameterTag::$tag => {
                                parameter_list!(@accept $kind $field param context)
                            }
                        )*
                        tag if tag.is_known() => {
                            return Err($crate::DecodeError::UnexpectedParameter {
                                offset: param.offset,
                                tag,
                                context,
                            });
                        }
                        _ => unknown.push(param.into_unknown(position)),
                    }
                }
                Ok(Self {
                    $( $field: parameter_list!(@finish $kind $field $tag context), )*
                    unknown,
                })
            }

            fn visit<S: $crate::parameter::Sink>(&self, sink: &mut S) {
                let mut sink = $crate::parameter::Interleave::new(sink, &self.unknown);
                $( parameter_list!(@visit $kind sink $tag (&self.$field)); )*
                sink.finish();
            }
        }
    };

    (@init mandatory $ty:ty) => { Option::<$ty>::None };
    (@init optional $ty:ty) => { <$ty>::None };
    (@init list $ty:ty) => { Option::<$ty>::None };
    (@init mandatory_list $ty:ty) => { Option::<$ty>::None };
    (@init repeated $ty:ty) => { <$ty>::new() };
    (@init mandatory_repeated $ty:ty) => { <$ty>::new() };

    (@accept repeated $field:ident $param:ident $ctx:ident) => {
        $field.push($crate::parameter::FromParam::from_param(&$param)?)
    };
    (@accept mandatory_repeated $field:ident $param:ident $ctx:ident) => {
        $field.push($crate::parameter::FromParam::from_param(&$param)?)
    };
    (@accept $kind:ident $field:ident $param:ident $ctx:ident) => {{
        if $field.is_some() {
            return Err($crate::DecodeError::DuplicateParameter {
                offset: $param.offset,
                tag: $param.tag,
                context: $ctx,
            });
        }
        $field = Some($crate::parameter::FromParam::from_param(&$param)?);
    }};

    (@finish mandatory $field:ident $tag:ident $ctx:ident) => {
        $field.ok_or($crate::DecodeError::MissingParameter {
            tag: $crate::ParameterTag::$tag,
            context: $ctx,
        })?
    };
    (@finish optional $field:ident $tag:ident $ctx:ident) => { $field };
    (@finish list $field:ident $tag:ident $ctx:ident) => { $field.unwrap_or_default() };
    (@finish mandatory_list $field:ident $tag:ident $ctx:ident) => {
        parameter_list!(@finish mandatory $field $tag $ctx)
    };
    (@finish repeated $field:ident $tag:ident $ctx:ident) => { $field };
    (@finish mandatory_repeated $field:ident $tag:ident $ctx:ident) => {{
        if $field.is_empty() {
            return Err($crate::DecodeError::MissingParameter {
                tag: $crate::ParameterTag::$tag,
                context: $ctx,
            });
        }
        $field
    }};

    (@visit mandatory $sink:ident $tag:ident $value:expr) => {
        $sink.known($crate::ParameterTag::$tag, $value)
    };
    (@visit optional $sink:ident $tag:ident $value:expr) => {
        if let Some(value) = $value {
            $sink.known($crate::ParameterTag::$tag, value);
        }
    };
    (@visit list $sink:ident $tag:ident $value:expr) => {
        if !$value.is_empty() {
            $sink.known($crate::ParameterTag::$tag, $value);
        }
    };
    (@visit mandatory_list $sink:ident $tag:ident $value:expr) => {
        parameter_list!(@visit list $sink $tag $value)
    };
    (@visit repeated $sink:ident $tag:ident $value:expr) => {
        for value in $value {
            $sink.known($crate::ParameterTag::$tag, value);
        }
    };
    (@visit mandatory_repeated $sink:ident $tag:ident $value:expr) => {
        parameter_list!(@visit repeated $sink $tag $value)
    };
}

/// Makes a [`ParameterList`] struct usable as the value of a parameter (Routing Key and the
/// results), decoded with `$context` in its errors.
macro_rules! nested_parameter {
    ($name:ident, $context:literal) => {
        impl $crate::parameter::FromParam for $name {
            fn from_param(
                param: &$crate::parameter::RawParam,
            ) -> Result<Self, $crate::DecodeError> {
                <$name as $crate::parameter::ParameterList>::decode_parameters(
                    $crate::parameter::ParamReader::new(param.value.clone(), param.offset + 4),
                    $context,
                )
            }
        }

        impl $crate::parameter::ParamValue for $name {
            fn value_len(&self) -> usize {
                $crate::parameter::ParameterList::measure(self).len
            }
            fn put_value<B: bytes::BufMut>(&self, out: &mut B) {
                $crate::parameter::ParameterList::visit(
                    self,
                    &mut $crate::parameter::WriteSink { out },
                );
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    type Read = Result<(u16, Vec<u8>, usize), DecodeError>;

    fn read_all(bytes: &'static [u8]) -> Vec<Read> {
        ParamReader::new(Bytes::from_static(bytes), 8)
            .map(|r| r.map(|p| (p.tag.0, p.value.to_vec(), p.offset)))
            .collect()
    }

    #[test]
    fn reads_padded_parameters() {
        let got = read_all(&[0, 4, 0, 5, b'x', 0, 0, 0, 0, 6, 0, 8, 0, 0, 0, 1]);
        assert_eq!(
            got,
            vec![Ok((4, b"x".to_vec(), 8)), Ok((6, vec![0, 0, 0, 1], 16))]
        );
    }

    #[test]
    fn header_cut_short() {
        let got = read_all(&[0, 6, 0, 8, 0, 0, 0, 1, 0, 4]);
        assert_eq!(got.len(), 2);
        assert_eq!(
            got[1],
            Err(DecodeError::TruncatedParameter {
                offset: 16,
                remaining: 2
            })
        );
    }

    #[test]
    fn length_below_four() {
        let got = read_all(&[0, 6, 0, 3, 0, 0, 0, 1]);
        assert_eq!(
            got,
            vec![Err(DecodeError::ParameterLengthTooShort {
                offset: 8,
                tag: ParameterTag::ROUTING_CONTEXT,
                length: 3
            })]
        );
    }

    #[test]
    fn overrun_and_missing_padding() {
        let got = read_all(&[0, 6, 0, 12, 0, 0, 0, 1]);
        assert_eq!(
            got,
            vec![Err(DecodeError::ParameterOverrun {
                offset: 8,
                tag: ParameterTag::ROUTING_CONTEXT,
                length: 12,
                available: 8
            })]
        );
        // The value fits but its padding does not.
        let got = read_all(&[0, 4, 0, 5, b'x']);
        assert!(matches!(
            got[0],
            Err(DecodeError::ParameterOverrun {
                length: 5,
                available: 5,
                ..
            })
        ));
    }

    #[test]
    fn interleave_places_unknowns() {
        struct Tags(Vec<u16>);
        impl Sink for Tags {
            fn param<V: ParamValue + ?Sized>(&mut self, tag: ParameterTag, _: &V) {
                self.0.push(tag.0);
            }
        }
        let unknown = |tag, position| UnknownParameter {
            tag: ParameterTag(tag),
            value: Bytes::new(),
            position,
        };
        let list = [unknown(0x100, 0), unknown(0x101, 2), unknown(0x102, 9)];
        let mut tags = Tags(Vec::new());
        let mut sink = Interleave::new(&mut tags, &list);
        sink.known(ParameterTag(1), &Bytes::new());
        sink.known(ParameterTag(2), &Bytes::new());
        sink.known(ParameterTag(3), &Bytes::new());
        sink.finish();
        assert_eq!(tags.0, vec![0x100, 1, 0x101, 2, 3, 0x102]);
    }

    #[test]
    fn padding() {
        assert_eq!([0, 1, 2, 3, 4, 5].map(padded), [0, 4, 4, 4, 4, 8]);
    }
}
