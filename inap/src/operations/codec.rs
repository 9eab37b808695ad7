//! The machinery every INAP type is decoded and encoded with: the [`Asn`] trait, its two flavours
//! ([`Implicit`] types that take a tag in place of their own, [`Choice`] types whose tag is always
//! EXPLICIT), the `sequence!`/`enumerated!`/`octets!` macros that write the impls, and the typed
//! [`DecodeError`].
//!
//! X.680 §31.2.7: in an `IMPLICIT TAGS` module a tag in front of a CHOICE (or an open type) is
//! nevertheless EXPLICIT. So `bearerCapability [27] BearerCapability` is a constructed `[27]` that
//! wraps the `[0] bearerCap` alternative, while `calledPartyNumber [2] CalledPartyNumber` is a
//! primitive `[2]` whose contents are the OCTET STRING's.

use tcap::ber::{BerError, Class, Decoder, Encoder, Tag, Tlv};

use crate::isup::IsupError;

/// Why an INAP value could not be decoded: the member at fault (its name in the standard), the octet
/// offset of its element (from the first octet of the component parameter), and what was wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{member} at octet {offset}: {kind}")]
pub struct DecodeError {
    /// The ASN.1 name of the member (or of the type, for the outermost value) at fault.
    pub member: &'static str,
    /// Offset of the element at fault, counted from the first octet of the parameter.
    pub offset: usize,
    /// What was wrong.
    pub kind: DecodeErrorKind,
}

/// What was wrong with a member; see [`DecodeError`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The BER framing itself is broken (truncated, bad length, bad tag, nesting too deep …).
    #[error("{0}")]
    Ber(BerError),
    /// A mandatory member is absent.
    #[error("mandatory member missing")]
    Missing,
    /// A member occurs twice.
    #[error("member present twice")]
    Duplicate,
    /// A primitive encoding where a constructed one is required, or the reverse.
    #[error("wrong primitive/constructed form")]
    WrongForm,
    /// An element with a tag the type does not allow here (a CHOICE alternative that does not exist,
    /// an item of a SEQUENCE OF with the wrong tag, a parameter of the wrong type).
    #[error("unexpected tag {0}")]
    UnexpectedTag(Tag),
    /// An INTEGER outside the range the standard gives, or an invalid BOOLEAN/NULL/ENUMERATED.
    #[error("value out of range")]
    OutOfRange,
    /// An OCTET STRING, IA5String or SEQUENCE OF whose size is outside the standard's bounds.
    #[error("size {len} outside {min}..={max}")]
    Size {
        /// The size found (octets or items).
        len: usize,
        /// Smallest size allowed.
        min: usize,
        /// Largest size allowed.
        max: usize,
    },
    /// An IA5String with an octet above 0x7F.
    #[error("not an IA5String")]
    NotIa5,
    /// An ISUP-format OCTET STRING whose contents are invalid.
    #[error("{0}")]
    Isup(IsupError),
    /// The operation needs an argument (or result) and the component has no parameter.
    #[error("parameter absent")]
    ParameterMissing,
    /// The operation has no argument (or result) and the component carries a parameter.
    #[error("parameter present where the operation has none")]
    ParameterUnexpected,
}

pub(crate) type Result<T> = std::result::Result<T, DecodeError>;

impl DecodeError {
    pub(crate) fn new(member: &'static str, offset: usize, kind: DecodeErrorKind) -> Self {
        Self {
            member,
            offset,
            kind,
        }
    }

    /// Wraps an error of the BER layer, keeping its offset.
    pub(crate) fn ber(member: &'static str, e: BerError) -> Self {
        let offset = e.offset();
        let kind = match e {
            BerError::WrongForm { .. } => DecodeErrorKind::WrongForm,
            BerError::UnexpectedTag { found, .. } => DecodeErrorKind::UnexpectedTag(found),
            BerError::BadValue { .. } => DecodeErrorKind::OutOfRange,
            BerError::Missing { .. } => DecodeErrorKind::Missing,
            BerError::Duplicate { .. } => DecodeErrorKind::Duplicate,
            other => DecodeErrorKind::Ber(other),
        };
        Self::new(member, offset, kind)
    }
}

/// A type that can be decoded from and encoded to BER, alone or as a tagged member.
pub(crate) trait Asn: Sized {
    /// Decodes an untagged use of the type (an item of a SEQUENCE OF, a whole parameter): the
    /// element must carry the type's own tag.
    fn decode(tlv: &Tlv<'_>, member: &'static str) -> Result<Self>;
    /// Decodes a member `[n] Type` whose tag has already been matched.
    fn decode_tagged(tlv: &Tlv<'_>, member: &'static str) -> Result<Self>;
    /// Encodes an untagged use of the type.
    fn encode(&self, enc: &mut Encoder<'_>);
    /// Encodes a member `[n] Type`.
    fn encode_tagged(&self, tag: Tag, enc: &mut Encoder<'_>);
}

/// A type whose tag is replaced by the member's tag (IMPLICIT): everything but CHOICE.
pub(crate) trait Implicit: Sized {
    /// The type's own (universal) tag.
    const TAG: Tag;
    /// Decodes the value from an element whose tag is the type's own or the member's.
    fn from_element(tlv: &Tlv<'_>, member: &'static str) -> Result<Self>;
    /// Encodes the value under `tag`.
    fn to_element(&self, tag: Tag, enc: &mut Encoder<'_>);
}

/// A CHOICE: tagged members carrying it are EXPLICIT (X.680 §31.2.7).
pub(crate) trait Choice: Sized {
    /// Decodes the chosen alternative from its own element.
    fn from_alternative(tlv: &Tlv<'_>, member: &'static str) -> Result<Self>;
    /// Encodes the chosen alternative with its own tag.
    fn to_alternative(&self, enc: &mut Encoder<'_>);
}

/// Writes `impl Asn` for [`Implicit`] types.
macro_rules! impl_asn_implicit {
    ($($t:ty),* $(,)?) => {$(
        impl $crate::operations::codec::Asn for $t {
            fn decode(
                tlv: &tcap::ber::Tlv<'_>,
                member: &'static str,
            ) -> $crate::operations::codec::Result<Self> {
                $crate::operations::codec::expect_tag(
                    tlv,
                    <Self as $crate::operations::codec::Implicit>::TAG,
                    member,
                )?;
                <Self as $crate::operations::codec::Implicit>::from_element(tlv, member)
            }
            fn decode_tagged(
                tlv: &tcap::ber::Tlv<'_>,
                member: &'static str,
            ) -> $crate::operations::codec::Result<Self> {
                <Self as $crate::operations::codec::Implicit>::from_element(tlv, member)
            }
            fn encode(&self, enc: &mut tcap::ber::Encoder<'_>) {
                <Self as $crate::operations::codec::Implicit>::to_element(
                    self,
                    <Self as $crate::operations::codec::Implicit>::TAG,
                    enc,
                )
            }
            fn encode_tagged(&self, tag: tcap::ber::Tag, enc: &mut tcap::ber::Encoder<'_>) {
                <Self as $crate::operations::codec::Implicit>::to_element(self, tag, enc)
            }
        }
    )*};
}
pub(crate) use impl_asn_implicit;

/// Writes `impl Asn` for [`Choice`] types.
macro_rules! impl_asn_choice {
    ($($t:ty),* $(,)?) => {$(
        impl $crate::operations::codec::Asn for $t {
            fn decode(
                tlv: &tcap::ber::Tlv<'_>,
                member: &'static str,
            ) -> $crate::operations::codec::Result<Self> {
                <Self as $crate::operations::codec::Choice>::from_alternative(tlv, member)
            }
            fn decode_tagged(
                tlv: &tcap::ber::Tlv<'_>,
                member: &'static str,
            ) -> $crate::operations::codec::Result<Self> {
                let inner = $crate::operations::codec::explicit_inner(tlv, member)?;
                <Self as $crate::operations::codec::Choice>::from_alternative(&inner, member)
            }
            fn encode(&self, enc: &mut tcap::ber::Encoder<'_>) {
                <Self as $crate::operations::codec::Choice>::to_alternative(self, enc)
            }
            fn encode_tagged(&self, tag: tcap::ber::Tag, enc: &mut tcap::ber::Encoder<'_>) {
                enc.constructed(tag, |e| {
                    <Self as $crate::operations::codec::Choice>::to_alternative(self, e)
                })
            }
        }
    )*};
}
pub(crate) use impl_asn_choice;

/// Error unless `tlv` carries `tag`.
pub(crate) fn expect_tag(tlv: &Tlv<'_>, tag: Tag, member: &'static str) -> Result<()> {
    if tlv.tag == tag {
        Ok(())
    } else {
        Err(DecodeError::new(
            member,
            tlv.offset,
            DecodeErrorKind::UnexpectedTag(tlv.tag),
        ))
    }
}

/// The single element inside an EXPLICIT tag.
pub(crate) fn explicit_inner<'a>(tlv: &Tlv<'a>, member: &'static str) -> Result<Tlv<'a>> {
    tlv.inner().map_err(|e| DecodeError::ber(member, e))
}

/// The contents of a primitive element.
pub(crate) fn primitive<'a>(tlv: &Tlv<'a>, member: &'static str) -> Result<&'a [u8]> {
    tlv.primitive().map_err(|e| DecodeError::ber(member, e))
}

/// A decoder over the members of a constructed element.
pub(crate) fn constructed<'a>(tlv: &Tlv<'a>, member: &'static str) -> Result<Decoder<'a>> {
    tlv.decoder().map_err(|e| DecodeError::ber(member, e))
}

/// The next element of a constructed value.
pub(crate) fn next<'a>(d: &mut Decoder<'a>, member: &'static str) -> Result<Option<Tlv<'a>>> {
    d.next().map_err(|e| DecodeError::ber(member, e))
}

/// Error when a SEQUENCE member already came: a second occurrence is a duplicate.
#[inline]
pub(crate) fn vacant<T>(slot: &Option<T>, tlv: &Tlv<'_>, member: &'static str) -> Result<()> {
    if slot.is_some() {
        return Err(DecodeError::new(
            member,
            tlv.offset,
            DecodeErrorKind::Duplicate,
        ));
    }
    Ok(())
}

/// The value of a mandatory member, or the error naming it as missing from `outer`.
#[inline]
pub(crate) fn present<T>(slot: Option<T>, member: &'static str, outer: &Tlv<'_>) -> Result<T> {
    slot.ok_or_else(|| DecodeError::new(member, outer.offset, DecodeErrorKind::Missing))
}

/// Stores a member's element in its slot, for hand-written decoders that decode after the
/// whole SEQUENCE is read; a second occurrence is an error.
pub(crate) fn put<'a>(
    slot: &mut Option<Tlv<'a>>,
    tlv: Tlv<'a>,
    member: &'static str,
) -> Result<()> {
    vacant(slot, &tlv, member)?;
    *slot = Some(tlv);
    Ok(())
}

/// Decodes an optional member from its slot.
pub(crate) fn optional<T: Asn>(slot: Option<Tlv<'_>>, member: &'static str) -> Result<Option<T>> {
    slot.map(|tlv| T::decode_tagged(&tlv, member)).transpose()
}

/// Decodes the items of a SEQUENCE OF (whatever its outer tag), each carrying the item type's tag.
pub(crate) fn decode_list<T: Asn>(
    tlv: &Tlv<'_>,
    member: &'static str,
    min: usize,
    max: usize,
) -> Result<Vec<T>> {
    let mut d = constructed(tlv, member)?;
    let mut items = Vec::new();
    while let Some(item) = next(&mut d, member)? {
        if items.len() == max {
            return Err(DecodeError::new(
                member,
                tlv.offset,
                DecodeErrorKind::Size {
                    len: max + 1,
                    min,
                    max,
                },
            ));
        }
        items.push(T::decode(&item, member)?);
    }
    if items.len() < min {
        return Err(DecodeError::new(
            member,
            tlv.offset,
            DecodeErrorKind::Size {
                len: items.len(),
                min,
                max,
            },
        ));
    }
    Ok(items)
}

/// Encodes a SEQUENCE OF under `tag`.
pub(crate) fn encode_list<T: Asn>(items: &[T], tag: Tag, enc: &mut Encoder<'_>) {
    enc.constructed(tag, |e| {
        for item in items {
            item.encode(e);
        }
    });
}

/// Checks an octet count against the standard's bounds.
pub(crate) fn check_size(
    len: usize,
    min: usize,
    max: usize,
    member: &'static str,
    offset: usize,
) -> Result<()> {
    if (min..=max).contains(&len) {
        Ok(())
    } else {
        Err(DecodeError::new(
            member,
            offset,
            DecodeErrorKind::Size { len, min, max },
        ))
    }
}

/// Skips members that are not context-specific: vendors put PRIVATE-class extensions in arguments.
pub(crate) fn is_context(tlv: &Tlv<'_>) -> bool {
    tlv.tag.class == Class::Context
}

/// An INTEGER constrained to `LO..=HI` (the standard's subtype constraint). Decoding refuses a value
/// outside the range; [`Integer::new`] refuses to build one.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(transparent))]
pub struct Integer<const LO: i64, const HI: i64>(i64);

impl<const LO: i64, const HI: i64> Integer<LO, HI> {
    /// Smallest value allowed.
    pub const MIN: Self = Self(LO);
    /// Largest value allowed.
    pub const MAX: Self = Self(HI);

    /// The value, if it lies in `LO..=HI`.
    pub const fn new(value: i64) -> Option<Self> {
        if value >= LO && value <= HI {
            Some(Self(value))
        } else {
            None
        }
    }

    /// The value.
    pub const fn get(self) -> i64 {
        self.0
    }
}

impl<const LO: i64, const HI: i64> std::fmt::Debug for Integer<LO, HI> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl<const LO: i64, const HI: i64> std::fmt::Display for Integer<LO, HI> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl<const LO: i64, const HI: i64> From<Integer<LO, HI>> for i64 {
    fn from(v: Integer<LO, HI>) -> i64 {
        v.0
    }
}

impl<const LO: i64, const HI: i64> Asn for Integer<LO, HI> {
    fn decode(tlv: &Tlv<'_>, member: &'static str) -> Result<Self> {
        expect_tag(tlv, Tag::INTEGER, member)?;
        Self::decode_tagged(tlv, member)
    }

    fn decode_tagged(tlv: &Tlv<'_>, member: &'static str) -> Result<Self> {
        let v = tlv.integer().map_err(|e| DecodeError::ber(member, e))?;
        Self::new(v)
            .ok_or_else(|| DecodeError::new(member, tlv.offset, DecodeErrorKind::OutOfRange))
    }

    fn encode(&self, enc: &mut Encoder<'_>) {
        enc.integer(Tag::INTEGER, self.0);
    }

    fn encode_tagged(&self, tag: Tag, enc: &mut Encoder<'_>) {
        enc.integer(tag, self.0);
    }
}

impl Implicit for bool {
    const TAG: Tag = Tag::BOOLEAN;

    fn from_element(tlv: &Tlv<'_>, member: &'static str) -> Result<Self> {
        tlv.boolean().map_err(|e| DecodeError::ber(member, e))
    }

    fn to_element(&self, tag: Tag, enc: &mut Encoder<'_>) {
        enc.boolean(tag, *self);
    }
}

impl Implicit for () {
    const TAG: Tag = Tag::NULL;

    fn from_element(tlv: &Tlv<'_>, member: &'static str) -> Result<Self> {
        tlv.null().map_err(|e| DecodeError::ber(member, e))
    }

    fn to_element(&self, tag: Tag, enc: &mut Encoder<'_>) {
        enc.null(tag);
    }
}

impl_asn_implicit!(bool, ());

/// Writes the field type of a `sequence!` member.
macro_rules! member_type {
    (req $ty:ty) => { $ty };
    (opt $ty:ty) => { Option<$ty> };
    (list $ty:ty) => { Vec<$ty> };
    (opt_list $ty:ty) => { Option<Vec<$ty>> };
}
pub(crate) use member_type;

/// Decodes one `sequence!` member from its element, as the member's value (a list for the list
/// kinds).
macro_rules! member_decode {
    (req, $ty:ty, $tlv:expr, $name:literal) => {
        <$ty as $crate::operations::codec::Asn>::decode_tagged($tlv, $name)
    };
    (opt, $ty:ty, $tlv:expr, $name:literal) => {
        <$ty as $crate::operations::codec::Asn>::decode_tagged($tlv, $name)
    };
    (list($lo:literal, $hi:expr), $ty:ty, $tlv:expr, $name:literal) => {
        $crate::operations::codec::decode_list::<$ty>($tlv, $name, $lo, $hi)
    };
    (opt_list($lo:literal, $hi:expr), $ty:ty, $tlv:expr, $name:literal) => {
        $crate::operations::codec::decode_list::<$ty>($tlv, $name, $lo, $hi)
    };
}
pub(crate) use member_decode;

/// The value type a `sequence!` member decodes to before the presence check.
macro_rules! member_slot {
    (req $ty:ty) => { $ty };
    (opt $ty:ty) => { $ty };
    (list $ty:ty) => { Vec<$ty> };
    (opt_list $ty:ty) => { Vec<$ty> };
}
pub(crate) use member_slot;

/// Turns a member's slot into the field: a mandatory member that never came is an error.
macro_rules! member_finish {
    (req, $slot:ident, $name:literal, $outer:ident) => {
        $crate::operations::codec::present($slot, $name, $outer)?
    };
    (opt, $slot:ident, $name:literal, $outer:ident) => {
        $slot
    };
    (list, $slot:ident, $name:literal, $outer:ident) => {
        $crate::operations::codec::present($slot, $name, $outer)?
    };
    (opt_list, $slot:ident, $name:literal, $outer:ident) => {
        $slot
    };
}
pub(crate) use member_finish;

/// Encodes one `sequence!` member.
macro_rules! member_encode {
    (req, $value:expr, $tag:expr, $enc:ident) => {
        $crate::operations::codec::Asn::encode_tagged($value, $tag, $enc)
    };
    (opt, $value:expr, $tag:expr, $enc:ident) => {
        if let Some(v) = $value {
            $crate::operations::codec::Asn::encode_tagged(v, $tag, $enc)
        }
    };
    (list, $value:expr, $tag:expr, $enc:ident) => {
        $crate::operations::codec::encode_list($value, $tag, $enc)
    };
    (opt_list, $value:expr, $tag:expr, $enc:ident) => {
        if let Some(v) = $value {
            $crate::operations::codec::encode_list(v, $tag, $enc)
        }
    };
}
pub(crate) use member_encode;

/// Declares a SEQUENCE whose members all carry context tags, with its decoder and encoder.
///
/// Decoding follows the policy of the [operations](crate::operations) module: members are matched
/// by tag in any order, unknown tags are skipped, a duplicate or a missing mandatory member is an
/// error. Encoding writes the members in declaration order, which is the standard's.
///
/// A member is written `[tag] field ("asnName"): kind Type` where kind is `req`, `opt`,
/// `list(min, max)` or `opt_list(min, max)` (a `[tag] SEQUENCE SIZE (min..max) OF Type`).
macro_rules! sequence {
    (
        $(#[$meta:meta])*
        pub struct $name:ident ($asn:literal) {
            $(
                $(#[$fmeta:meta])*
                [$tag:literal] $field:ident ($member:literal) : $kind:ident $({$lo:literal, $hi:expr})? $ty:ty
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize))]
        #[cfg_attr(test, derive(arbitrary::Arbitrary))]
        pub struct $name {
            $(
                $(#[$fmeta])*
                #[doc = concat!("\n\n`", $member, " [", stringify!($tag), "]`")]
                $(#[cfg_attr(test, arbitrary(with = $crate::operations::codec::arb_with!($kind, $lo, $hi)))])?
                pub $field: $crate::operations::codec::member_type!($kind $ty),
            )*
        }

        impl $crate::operations::codec::Implicit for $name {
            const TAG: tcap::ber::Tag = tcap::ber::Tag::SEQUENCE;

            #[allow(unused_variables, unused_mut)]
            fn from_element(
                outer: &tcap::ber::Tlv<'_>,
                member: &'static str,
            ) -> $crate::operations::codec::Result<Self> {
                let mut d = $crate::operations::codec::constructed(outer, $asn)?;
                $(
                    let mut $field: Option<$crate::operations::codec::member_slot!($kind $ty)> =
                        None;
                )*
                // Each member is decoded as it comes (no second pass over stored elements).
                while let Some(m) = $crate::operations::codec::next(&mut d, $asn)? {
                    if !$crate::operations::codec::is_context(&m) {
                        continue;
                    }
                    match m.tag.number {
                        $(
                            $tag => {
                                $crate::operations::codec::vacant(&$field, &m, $member)?;
                                $field = Some($crate::operations::codec::member_decode!(
                                    $kind $(($lo, $hi))?, $ty, &m, $member
                                )?);
                            }
                        )*
                        // Unknown members (later versions, vendor extensions) are skipped.
                        _ => {}
                    }
                }
                Ok(Self {
                    $(
                        $field: $crate::operations::codec::member_finish!(
                            $kind, $field, $member, outer
                        ),
                    )*
                })
            }

            #[allow(unused_variables)]
            fn to_element(&self, tag: tcap::ber::Tag, enc: &mut tcap::ber::Encoder<'_>) {
                enc.constructed(tag, |e| {
                    $(
                        $crate::operations::codec::member_encode!(
                            $kind, &self.$field, tcap::ber::Tag::context($tag), e
                        );
                    )*
                });
            }
        }

        $crate::operations::codec::impl_asn_implicit!($name);
    };
}
pub(crate) use sequence;

/// Declares an ENUMERATED as a newtype with one constant per named value, so an unknown value
/// survives a round trip. Decoding refuses only a value that does not fit in a `u8`.
macro_rules! enumerated {
    (
        $(#[$meta:meta])*
        pub struct $name:ident ($asn:literal) {
            $( $(#[$cmeta:meta])* $konst:ident = $value:literal => $text:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize), serde(transparent))]
        #[cfg_attr(test, derive(arbitrary::Arbitrary))]
        pub struct $name(pub u8);

        impl $name {
            $(
                $(#[$cmeta])*
                #[doc = concat!("`", $text, "(", stringify!($value), ")`")]
                pub const $konst: Self = Self($value);
            )*

            /// The standard's name of the value, if it has one.
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $( $value => Some($text), )*
                    _ => None,
                }
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self.name() {
                    Some(n) => write!(f, "{}({})", n, self.0),
                    None => write!(f, "{}({})", $asn, self.0),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self.name() {
                    Some(n) => f.write_str(n),
                    None => write!(f, "{}", self.0),
                }
            }
        }

        impl $crate::operations::codec::Implicit for $name {
            const TAG: tcap::ber::Tag = tcap::ber::Tag::ENUMERATED;

            fn from_element(
                tlv: &tcap::ber::Tlv<'_>,
                member: &'static str,
            ) -> $crate::operations::codec::Result<Self> {
                tlv.u8(member)
                    .map(Self)
                    .map_err(|e| $crate::operations::codec::DecodeError::ber(member, e))
            }

            fn to_element(&self, tag: tcap::ber::Tag, enc: &mut tcap::ber::Encoder<'_>) {
                enc.integer(tag, i64::from(self.0));
            }
        }

        $crate::operations::codec::impl_asn_implicit!($name);
    };
}
pub(crate) use enumerated;

/// Declares an OCTET STRING the crate keeps opaque, as a newtype over its octets with the size
/// bounds checked on decode. Printed as hex.
macro_rules! octets {
    (
        $(#[$meta:meta])*
        pub struct $name:ident ($asn:literal, $min:expr, $max:expr);
    ) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Hash)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize))]
        pub struct $name(
            #[cfg_attr(feature = "serde", serde(serialize_with = "crate::operations::codec::hex_bytes"))]
            pub Vec<u8>,
        );

        impl $name {
            /// Smallest size the standard (or this crate, where the standard leaves it to the
            /// network operator) allows.
            pub const MIN_LEN: usize = $min;
            /// Largest size allowed.
            pub const MAX_LEN: usize = $max;

            /// The octets.
            pub fn as_bytes(&self) -> &[u8] {
                &self.0
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}(", stringify!($name))?;
                for b in &self.0 {
                    write!(f, "{b:02x}")?;
                }
                f.write_str(")")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                for b in &self.0 {
                    write!(f, "{b:02x}")?;
                }
                Ok(())
            }
        }

        impl $crate::operations::codec::Implicit for $name {
            const TAG: tcap::ber::Tag = tcap::ber::Tag::OCTET_STRING;

            fn from_element(
                tlv: &tcap::ber::Tlv<'_>,
                member: &'static str,
            ) -> $crate::operations::codec::Result<Self> {
                let c = $crate::operations::codec::primitive(tlv, member)?;
                $crate::operations::codec::check_size(c.len(), $min, $max, member, tlv.offset)?;
                Ok(Self(c.to_vec()))
            }

            fn to_element(&self, tag: tcap::ber::Tag, enc: &mut tcap::ber::Encoder<'_>) {
                enc.octets(tag, &self.0);
            }
        }

        $crate::operations::codec::impl_asn_implicit!($name);

        #[cfg(test)]
        impl<'a> arbitrary::Arbitrary<'a> for $name {
            fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
                let max: usize = $max;
                let len = u.int_in_range($min..=max.min(64))?;
                (0..len).map(|_| u.arbitrary::<u8>()).collect::<arbitrary::Result<_>>().map(Self)
            }
        }
    };
}
pub(crate) use octets;

/// Serializes octets as a lowercase hex string.
#[cfg(feature = "serde")]
pub(crate) fn hex_bytes<S: serde::Serializer>(
    bytes: &[u8],
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push_str(&format!("{b:02x}"));
    }
    s.serialize_str(&out)
}

/// A list of `LO..=HI` arbitrary items (for the `sequence!` list members in tests).
#[cfg(test)]
pub(crate) fn arbitrary_list<'a, T: arbitrary::Arbitrary<'a>, const LO: usize, const HI: usize>(
    u: &mut arbitrary::Unstructured<'a>,
) -> arbitrary::Result<Vec<T>> {
    let n = u.int_in_range(LO..=HI.min(8))?;
    (0..n).map(|_| T::arbitrary(u)).collect()
}

/// A list of `LO..=HI` arbitrary items, or none.
#[cfg(test)]
pub(crate) fn arbitrary_opt_list<
    'a,
    T: arbitrary::Arbitrary<'a>,
    const LO: usize,
    const HI: usize,
>(
    u: &mut arbitrary::Unstructured<'a>,
) -> arbitrary::Result<Option<Vec<T>>> {
    if u.arbitrary()? {
        arbitrary_list::<T, LO, HI>(u).map(Some)
    } else {
        Ok(None)
    }
}

/// The `arbitrary(with = ..)` function of a `sequence!` list member.
#[cfg(test)]
macro_rules! arb_with {
    (list, $lo:literal, $hi:expr) => {
        $crate::operations::codec::arbitrary_list::<_, $lo, { $hi }>
    };
    (opt_list, $lo:literal, $hi:expr) => {
        $crate::operations::codec::arbitrary_opt_list::<_, $lo, { $hi }>
    };
}
#[cfg(test)]
pub(crate) use arb_with;

#[cfg(test)]
impl<'a, const LO: i64, const HI: i64> arbitrary::Arbitrary<'a> for Integer<LO, HI> {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(Self(u.int_in_range(LO..=HI)?))
    }
}

/// Declares a CHOICE whose alternatives all carry context tags. A tagged member carrying it is
/// EXPLICIT ([`Choice`]); an alternative the standard does not define is an error (a CHOICE has
/// no extension marker in CS-1).
macro_rules! choice {
    (
        $(#[$meta:meta])*
        pub enum $name:ident ($asn:literal) {
            $(
                $(#[$vmeta:meta])*
                [$tag:literal] $variant:ident ($member:literal) : $ty:ty
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize))]
        #[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
        #[cfg_attr(test, derive(arbitrary::Arbitrary))]
        pub enum $name {
            $(
                $(#[$vmeta])*
                #[doc = concat!("\n\n`", $member, " [", stringify!($tag), "]`")]
                $variant($ty),
            )*
        }

        impl $crate::operations::codec::Choice for $name {
            fn from_alternative(
                tlv: &tcap::ber::Tlv<'_>,
                member: &'static str,
            ) -> $crate::operations::codec::Result<Self> {
                if $crate::operations::codec::is_context(tlv) {
                    match tlv.tag.number {
                        $(
                            $tag => {
                                return Ok(Self::$variant(
                                    <$ty as $crate::operations::codec::Asn>::decode_tagged(
                                        tlv, $member,
                                    )?,
                                ))
                            }
                        )*
                        _ => {}
                    }
                }
                Err($crate::operations::codec::DecodeError::new(
                    member,
                    tlv.offset,
                    $crate::operations::codec::DecodeErrorKind::UnexpectedTag(tlv.tag),
                ))
            }

            fn to_alternative(&self, enc: &mut tcap::ber::Encoder<'_>) {
                match self {
                    $(
                        Self::$variant(v) => $crate::operations::codec::Asn::encode_tagged(
                            v,
                            tcap::ber::Tag::context($tag),
                            enc,
                        ),
                    )*
                }
            }
        }

        $crate::operations::codec::impl_asn_choice!($name);
    };
}
pub(crate) use choice;

/// Writes `impl Asn` for the ISUP-format parameters of [`crate::isup`]: an OCTET STRING whose
/// contents the [`IsupParameter`](crate::isup::IsupParameter) decodes.
macro_rules! impl_isup {
    ($($t:ty),* $(,)?) => {$(
        impl $crate::operations::codec::Implicit for $t {
            const TAG: tcap::ber::Tag = tcap::ber::Tag::OCTET_STRING;

            fn from_element(
                tlv: &tcap::ber::Tlv<'_>,
                member: &'static str,
            ) -> $crate::operations::codec::Result<Self> {
                let c = $crate::operations::codec::primitive(tlv, member)?;
                <$t as $crate::isup::IsupParameter>::decode(c).map_err(|e| {
                    $crate::operations::codec::DecodeError::new(
                        member,
                        tlv.offset,
                        $crate::operations::codec::DecodeErrorKind::Isup(e),
                    )
                })
            }

            fn to_element(&self, tag: tcap::ber::Tag, enc: &mut tcap::ber::Encoder<'_>) {
                enc.primitive_with(tag, |out| {
                    <$t as $crate::isup::IsupParameter>::encode(self, out)
                });
            }
        }

        $crate::operations::codec::impl_asn_implicit!($t);
    )*};
}
pub(crate) use impl_isup;
