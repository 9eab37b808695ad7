//! A small, zero-copy BER reader and writer (ITU-T X.690 §8), shared by TCAP and INAP.
//!
//! # Why not a derive-based ASN.1 library
//! The style guide asks for rasn-derived types. rasn 0.30's BER decoder was measured to reject an
//! extensible SEQUENCE that carries an unknown member, even after the last known one
//! (`UnexpectedExtraData` / `Incomplete`). Real switches put vendor extensions and later-version members
//! into InitialDP, and Q.774 wants a precise Reject problem or P-Abort cause for each malformation, so the
//! TCAP and INAP types are written by hand over this module: every SEQUENCE decoder matches members by
//! tag, skips the unknown ones and says which member was wrong.
//!
//! # What is accepted (decode)
//! - Tags in low and high tag-number form (X.690 §8.1.2), numbers up to `u32::MAX`.
//! - Definite lengths in short and long form, with redundant leading zero octets in the long form;
//!   indefinite lengths on constructed encodings (§8.1.3.6), nested to [`MAX_DEPTH`] levels.
//! - INTEGER and ENUMERATED contents with redundant leading `00`/`FF` octets (over-long encodings that
//!   DER forbids but switches send) as long as the value fits in 64 bits.
//! - BOOLEAN: any non-zero octet is TRUE (§8.2.2).
//!
//! # What is refused, with a typed [`BerError`]
//! - A length that runs past the enclosing value, the reserved length octet `FF`, a long form of more
//!   than 4 length octets, an indefinite length on a primitive encoding.
//! - A constructed encoding where a primitive one is required (constructed OCTET STRING segments are
//!   legal BER but are not used on SS7 networks; refusing them keeps decoding copy-free).
//!
//! # What is written (encode)
//! Definite lengths in the minimal form, minimal INTEGER contents: the DER-like subset every peer reads.

use std::fmt;

/// How deep constructed values may nest before decoding gives up (protects the stack and the CPU from
/// hostile indefinite-length nesting).
pub const MAX_DEPTH: usize = 32;

/// The class of a tag (X.690 §8.1.2.2, Table 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Class {
    /// Universal.
    Universal = 0,
    /// Application.
    Application = 1,
    /// Context-specific.
    Context = 2,
    /// Private.
    Private = 3,
}

/// A tag: class and number. Whether the encoding is primitive or constructed is a property of the
/// encoding ([`Tlv::constructed`]), not of the tag, so `[0] IMPLICIT OCTET STRING` and `[0] SEQUENCE`
/// compare by class and number alone.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tag {
    /// The class.
    pub class: Class,
    /// The tag number.
    pub number: u32,
}

impl Tag {
    /// UNIVERSAL 1.
    pub const BOOLEAN: Self = Self::universal(1);
    /// UNIVERSAL 2.
    pub const INTEGER: Self = Self::universal(2);
    /// UNIVERSAL 3.
    pub const BIT_STRING: Self = Self::universal(3);
    /// UNIVERSAL 4.
    pub const OCTET_STRING: Self = Self::universal(4);
    /// UNIVERSAL 5.
    pub const NULL: Self = Self::universal(5);
    /// UNIVERSAL 6.
    pub const OBJECT_IDENTIFIER: Self = Self::universal(6);
    /// UNIVERSAL 7.
    pub const OBJECT_DESCRIPTOR: Self = Self::universal(7);
    /// UNIVERSAL 8 (always constructed).
    pub const EXTERNAL: Self = Self::universal(8);
    /// UNIVERSAL 10.
    pub const ENUMERATED: Self = Self::universal(10);
    /// UNIVERSAL 16 (always constructed).
    pub const SEQUENCE: Self = Self::universal(16);
    /// UNIVERSAL 17 (always constructed).
    pub const SET: Self = Self::universal(17);
    /// UNIVERSAL 22.
    pub const IA5_STRING: Self = Self::universal(22);

    /// A tag of the given class and number.
    pub const fn new(class: Class, number: u32) -> Self {
        Self { class, number }
    }

    /// `[UNIVERSAL n]`.
    pub const fn universal(number: u32) -> Self {
        Self::new(Class::Universal, number)
    }

    /// `[APPLICATION n]`.
    pub const fn application(number: u32) -> Self {
        Self::new(Class::Application, number)
    }

    /// `[n]` (context-specific).
    pub const fn context(number: u32) -> Self {
        Self::new(Class::Context, number)
    }

    /// `[PRIVATE n]`.
    pub const fn private(number: u32) -> Self {
        Self::new(Class::Private, number)
    }
}

impl fmt::Debug for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.class {
            Class::Universal => write!(f, "[UNIVERSAL {}]", self.number),
            Class::Application => write!(f, "[APPLICATION {}]", self.number),
            Class::Context => write!(f, "[{}]", self.number),
            Class::Private => write!(f, "[PRIVATE {}]", self.number),
        }
    }
}

/// Why BER decoding failed. Every variant carries the absolute octet offset (from the start of the
/// buffer handed to [`Decoder::new`]) of the element at fault.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BerError {
    /// The data ends inside an identifier, a length or a value.
    #[error("truncated at octet {offset}")]
    Truncated {
        /// Offset of the element that does not fit.
        offset: usize,
    },
    /// A high-form tag number that does not fit in 32 bits.
    #[error("tag number too large at octet {offset}")]
    BadTag {
        /// Offset of the identifier.
        offset: usize,
    },
    /// The reserved length octet, or a long form of more than 4 octets.
    #[error("invalid length encoding at octet {offset}")]
    BadLength {
        /// Offset of the length octets.
        offset: usize,
    },
    /// A primitive encoding with the indefinite length form (X.690 §8.1.3.2 a).
    #[error("indefinite length on a primitive value at octet {offset}")]
    IndefinitePrimitive {
        /// Offset of the element.
        offset: usize,
    },
    /// An indefinite-length value with no end-of-contents octets.
    #[error("indefinite length without end-of-contents at octet {offset}")]
    Unterminated {
        /// Offset of the element.
        offset: usize,
    },
    /// Constructed values nested deeper than [`MAX_DEPTH`].
    #[error("nesting deeper than {MAX_DEPTH} levels at octet {offset}")]
    TooDeep {
        /// Offset of the element.
        offset: usize,
    },
    /// An element with another tag than the one the type requires here.
    #[error("unexpected tag {found} at octet {offset}, expected {expected}")]
    UnexpectedTag {
        /// Offset of the element.
        offset: usize,
        /// The tag found.
        found: Tag,
        /// The tag required.
        expected: Tag,
    },
    /// A mandatory element is absent.
    #[error("missing {what} in the value at octet {offset}")]
    Missing {
        /// Offset of the enclosing value.
        offset: usize,
        /// The element's name in the standard.
        what: &'static str,
    },
    /// An element that occurs twice where the type allows it once.
    #[error("duplicate {what} at octet {offset}")]
    Duplicate {
        /// Offset of the second occurrence.
        offset: usize,
        /// The element's name in the standard.
        what: &'static str,
    },
    /// A constructed encoding where the type needs a primitive one, or the reverse.
    #[error("wrong primitive/constructed form at octet {offset}")]
    WrongForm {
        /// Offset of the element.
        offset: usize,
    },
    /// Contents that are not a valid value of the type (a value out of range, a bad OID, an empty
    /// INTEGER, a non-empty NULL …).
    #[error("invalid {what} at octet {offset}")]
    BadValue {
        /// Offset of the element.
        offset: usize,
        /// What was wrong, in the standard's words.
        what: &'static str,
    },
    /// Octets left over after the last element of a value that must end there.
    #[error("unexpected data after the value at octet {offset}")]
    TrailingData {
        /// Offset of the first extra octet.
        offset: usize,
    },
}

impl BerError {
    /// The absolute octet offset of the element at fault.
    pub fn offset(&self) -> usize {
        match *self {
            Self::Truncated { offset }
            | Self::BadTag { offset }
            | Self::BadLength { offset }
            | Self::IndefinitePrimitive { offset }
            | Self::Unterminated { offset }
            | Self::TooDeep { offset }
            | Self::UnexpectedTag { offset, .. }
            | Self::Missing { offset, .. }
            | Self::Duplicate { offset, .. }
            | Self::WrongForm { offset }
            | Self::BadValue { offset, .. }
            | Self::TrailingData { offset } => offset,
        }
    }

    /// True when the error is in the framing (tags and lengths) rather than in a value: the structure
    /// itself cannot be trusted.
    pub fn is_structural(&self) -> bool {
        matches!(
            self,
            Self::Truncated { .. }
                | Self::BadTag { .. }
                | Self::BadLength { .. }
                | Self::IndefinitePrimitive { .. }
                | Self::Unterminated { .. }
                | Self::TooDeep { .. }
        )
    }
}

/// One decoded tag-length-value element, borrowing from the input.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Tlv<'a> {
    /// The tag.
    pub tag: Tag,
    /// Whether the encoding is constructed.
    pub constructed: bool,
    /// The contents octets (without the end-of-contents octets of an indefinite length).
    pub content: &'a [u8],
    /// The whole element as received: identifier, length, contents and end-of-contents.
    pub raw: &'a [u8],
    /// Absolute offset of the identifier octet.
    pub offset: usize,
    /// Absolute offset of the first contents octet.
    pub content_offset: usize,
    /// Whether the length was in the indefinite form.
    pub indefinite: bool,
}

impl fmt::Debug for Tlv<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}{} len={} @{}",
            self.tag,
            if self.constructed { " C" } else { "" },
            self.content.len(),
            self.offset
        )
    }
}

impl<'a> Tlv<'a> {
    /// Error unless the tag is `tag`.
    pub fn expect(self, tag: Tag) -> Result<Self, BerError> {
        if self.tag == tag {
            Ok(self)
        } else {
            Err(BerError::UnexpectedTag {
                offset: self.offset,
                found: self.tag,
                expected: tag,
            })
        }
    }

    /// A decoder over the elements inside a constructed value.
    pub fn decoder(&self) -> Result<Decoder<'a>, BerError> {
        if !self.constructed {
            return Err(BerError::WrongForm {
                offset: self.offset,
            });
        }
        Ok(Decoder::with_origin(self.content, self.content_offset))
    }

    /// The single element inside a constructed value (an explicit tag, or a CHOICE wrapped in a tag).
    pub fn inner(&self) -> Result<Tlv<'a>, BerError> {
        let mut d = self.decoder()?;
        let inner = d.next()?.ok_or(BerError::Missing {
            offset: self.offset,
            what: "explicitly tagged value",
        })?;
        d.finish()?;
        Ok(inner)
    }

    /// The contents of a primitive value.
    pub fn primitive(&self) -> Result<&'a [u8], BerError> {
        if self.constructed {
            return Err(BerError::WrongForm {
                offset: self.offset,
            });
        }
        Ok(self.content)
    }

    /// An OCTET STRING (or an implicitly tagged one).
    pub fn octets(&self) -> Result<&'a [u8], BerError> {
        self.primitive()
    }

    /// A NULL.
    pub fn null(&self) -> Result<(), BerError> {
        if self.primitive()?.is_empty() {
            Ok(())
        } else {
            Err(self.bad("NULL"))
        }
    }

    /// A BOOLEAN (X.690 §8.2: one octet, any non-zero value is TRUE).
    pub fn boolean(&self) -> Result<bool, BerError> {
        match self.primitive()? {
            [b] => Ok(*b != 0),
            _ => Err(self.bad("BOOLEAN")),
        }
    }

    /// An INTEGER or ENUMERATED as `i64`, tolerant of redundant leading octets.
    pub fn integer(&self) -> Result<i64, BerError> {
        let c = self.primitive()?;
        let Some(&first) = c.first() else {
            return Err(self.bad("INTEGER (empty)"));
        };
        let negative = first & 0x80 != 0;
        // Strip redundant sign octets (X.690 §8.3.2 forbids them; switches send them anyway).
        let mut s = c;
        while s.len() > 1 {
            let pad = if negative { 0xff } else { 0x00 };
            if s[0] == pad && (s[1] & 0x80 != 0) == negative {
                s = &s[1..];
            } else {
                break;
            }
        }
        if s.len() > 8 {
            return Err(self.bad("INTEGER (out of range)"));
        }
        let mut v: i64 = if negative { -1 } else { 0 };
        for &b in s {
            v = (v << 8) | i64::from(b);
        }
        Ok(v)
    }

    /// An INTEGER that must lie in `lo..=hi`.
    pub fn integer_in(&self, lo: i64, hi: i64, what: &'static str) -> Result<i64, BerError> {
        let v = self.integer()?;
        if (lo..=hi).contains(&v) {
            Ok(v)
        } else {
            Err(self.bad(what))
        }
    }

    /// An INTEGER that must fit in a `u32`.
    pub fn u32(&self, what: &'static str) -> Result<u32, BerError> {
        Ok(self.integer_in(0, i64::from(u32::MAX), what)? as u32)
    }

    /// An INTEGER that must fit in a `u8`.
    pub fn u8(&self, what: &'static str) -> Result<u8, BerError> {
        Ok(self.integer_in(0, 255, what)? as u8)
    }

    /// An OBJECT IDENTIFIER.
    pub fn oid(&self) -> Result<Oid, BerError> {
        Oid::from_content(self.primitive()?).ok_or(self.bad("OBJECT IDENTIFIER"))
    }

    /// A BIT STRING: the number of unused bits in the last octet, and the octets.
    pub fn bit_string(&self) -> Result<(u8, &'a [u8]), BerError> {
        match self.primitive()? {
            [] => Err(self.bad("BIT STRING (empty)")),
            [unused, rest @ ..] if *unused < 8 && !(rest.is_empty() && *unused != 0) => {
                Ok((*unused, rest))
            }
            _ => Err(self.bad("BIT STRING")),
        }
    }

    /// A `BadValue` error for this element.
    pub fn bad(&self, what: &'static str) -> BerError {
        BerError::BadValue {
            offset: self.offset,
            what,
        }
    }
}

/// Reads consecutive elements from a buffer.
#[derive(Clone, Debug)]
pub struct Decoder<'a> {
    data: &'a [u8],
    pos: usize,
    origin: usize,
}

impl<'a> Decoder<'a> {
    /// A decoder over `data`; offsets in errors count from its first octet.
    pub fn new(data: &'a [u8]) -> Self {
        Self::with_origin(data, 0)
    }

    /// A decoder over `data`, whose first octet is at absolute offset `origin`.
    pub fn with_origin(data: &'a [u8], origin: usize) -> Self {
        Self {
            data,
            pos: 0,
            origin,
        }
    }

    /// True when every element has been read.
    pub fn is_empty(&self) -> bool {
        self.pos >= self.data.len()
    }

    /// The absolute offset of the next octet.
    pub fn offset(&self) -> usize {
        self.origin + self.pos
    }

    /// The octets not read yet.
    pub fn remaining(&self) -> &'a [u8] {
        self.data.get(self.pos..).unwrap_or(&[])
    }

    /// The next element, or `None` at the end.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Result<Option<Tlv<'a>>, BerError> {
        if self.is_empty() {
            return Ok(None);
        }
        let (tlv, len) = parse_tlv(self.remaining(), self.offset())?;
        self.pos += len;
        Ok(Some(tlv))
    }

    /// The next element, which must exist.
    pub fn element(&mut self, what: &'static str) -> Result<Tlv<'a>, BerError> {
        let offset = self.offset();
        self.next()?.ok_or(BerError::Missing { offset, what })
    }

    /// The next element, which must exist and carry `tag`.
    pub fn expect(&mut self, tag: Tag, what: &'static str) -> Result<Tlv<'a>, BerError> {
        self.element(what)?.expect(tag)
    }

    /// The tag and form of the next element without consuming it.
    pub fn peek(&self) -> Result<Option<(Tag, bool)>, BerError> {
        if self.is_empty() {
            return Ok(None);
        }
        let (tag, constructed, _) = parse_identifier(self.remaining(), self.offset())?;
        Ok(Some((tag, constructed)))
    }

    /// The next element if it carries `tag`.
    pub fn optional(&mut self, tag: Tag) -> Result<Option<Tlv<'a>>, BerError> {
        match self.peek()? {
            Some((t, _)) if t == tag => self.next(),
            _ => Ok(None),
        }
    }

    /// Error if anything is left.
    pub fn finish(&self) -> Result<(), BerError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(BerError::TrailingData {
                offset: self.offset(),
            })
        }
    }
}

/// Decodes exactly one element that must fill `data`.
pub fn decode_one(data: &[u8]) -> Result<Tlv<'_>, BerError> {
    let mut d = Decoder::new(data);
    let tlv = d.element("value")?;
    d.finish()?;
    Ok(tlv)
}

/// The identifier and length octets of an element (X.690 §8.1.2, §8.1.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    /// The tag.
    pub tag: Tag,
    /// Whether the encoding is constructed.
    pub constructed: bool,
    /// How many octets the identifier and length octets take.
    pub len: usize,
    /// The length of the contents, or `None` for the indefinite form.
    pub content_len: Option<usize>,
}

/// Reads the identifier and length octets at the start of `data` without requiring the contents to be
/// present. Meant for salvaging what can still be read of a truncated or corrupt value (a TCAP
/// transaction id to address an Abort to, an invoke id for a Reject); `origin` is the absolute offset
/// of `data[0]`, used in errors.
pub fn header(data: &[u8], origin: usize) -> Result<Header, BerError> {
    let (tag, constructed, id_len) = parse_identifier(data, origin)?;
    let truncated = BerError::Truncated { offset: origin };
    let &l0 = data.get(id_len).ok_or(truncated.clone())?;
    let mut len = id_len + 1;
    let content_len = match l0 {
        0x00..=0x7f => Some(usize::from(l0)),
        0x80 if constructed => None,
        0x80 => return Err(BerError::IndefinitePrimitive { offset: origin }),
        0xff => return Err(BerError::BadLength { offset: origin }),
        _ => {
            let n = usize::from(l0 & 0x7f);
            let octets = data.get(len..len + n).ok_or(truncated)?;
            if octets.iter().skip_while(|&&b| b == 0).count() > 4 {
                return Err(BerError::BadLength { offset: origin });
            }
            len += n;
            Some(
                octets
                    .iter()
                    .fold(0usize, |acc, &b| (acc << 8) | usize::from(b)),
            )
        }
    };
    Ok(Header {
        tag,
        constructed,
        len,
        content_len,
    })
}

fn parse_identifier(data: &[u8], origin: usize) -> Result<(Tag, bool, usize), BerError> {
    let truncated = BerError::Truncated { offset: origin };
    let &first = data.first().ok_or(truncated.clone())?;
    let class = match first >> 6 {
        0 => Class::Universal,
        1 => Class::Application,
        2 => Class::Context,
        _ => Class::Private,
    };
    let constructed = first & 0x20 != 0;
    let low = u32::from(first & 0x1f);
    if low != 0x1f {
        return Ok((Tag::new(class, low), constructed, 1));
    }
    // X.690 §8.1.2.4: high tag number, base 128, bit 8 set on all but the last octet.
    let mut number: u32 = 0;
    let mut i = 1;
    loop {
        let &b = data.get(i).ok_or(truncated.clone())?;
        if number > (u32::MAX >> 7) {
            return Err(BerError::BadTag { offset: origin });
        }
        number = (number << 7) | u32::from(b & 0x7f);
        i += 1;
        if b & 0x80 == 0 {
            break;
        }
    }
    Ok((Tag::new(class, number), constructed, i))
}

/// Parses one element at the start of `data`; returns it and the number of octets it occupies.
fn parse_tlv(data: &[u8], origin: usize) -> Result<(Tlv<'_>, usize), BerError> {
    let (tag, constructed, id_len) = parse_identifier(data, origin)?;
    let truncated = BerError::Truncated { offset: origin };
    let &l0 = data.get(id_len).ok_or(truncated.clone())?;
    let mut hdr = id_len + 1;
    let length = match l0 {
        0x00..=0x7f => Some(usize::from(l0)),
        0x80 => None,
        0xff => return Err(BerError::BadLength { offset: origin }),
        _ => {
            let n = usize::from(l0 & 0x7f);
            let octets = data.get(hdr..hdr + n).ok_or(truncated.clone())?;
            // Leading zero octets are tolerated; more than 4 significant octets are not.
            let significant = octets.iter().skip_while(|&&b| b == 0).count();
            if significant > 4 {
                return Err(BerError::BadLength { offset: origin });
            }
            hdr += n;
            Some(
                octets
                    .iter()
                    .fold(0usize, |acc, &b| (acc << 8) | usize::from(b)),
            )
        }
    };
    match length {
        Some(len) => {
            let end = hdr.checked_add(len).ok_or(truncated.clone())?;
            let content = data.get(hdr..end).ok_or(truncated)?;
            Ok((
                Tlv {
                    tag,
                    constructed,
                    content,
                    raw: &data[..end],
                    offset: origin,
                    content_offset: origin + hdr,
                    indefinite: false,
                },
                end,
            ))
        }
        None => {
            if !constructed {
                return Err(BerError::IndefinitePrimitive { offset: origin });
            }
            let body = &data[hdr..];
            let content_len = indefinite_content_len(body, origin + hdr, origin)?;
            let end = hdr + content_len + 2;
            Ok((
                Tlv {
                    tag,
                    constructed,
                    content: &body[..content_len],
                    raw: &data[..end],
                    offset: origin,
                    content_offset: origin + hdr,
                    indefinite: true,
                },
                end,
            ))
        }
    }
}

/// The length of the contents of an indefinite-length value starting at `body` (excluding the
/// end-of-contents octets that close it). Iterative, bounded by [`MAX_DEPTH`].
fn indefinite_content_len(body: &[u8], origin: usize, outer: usize) -> Result<usize, BerError> {
    let mut pos = 0usize;
    let mut depth = 1usize;
    loop {
        let rest = body.get(pos..).unwrap_or(&[]);
        if rest.is_empty() {
            return Err(BerError::Unterminated { offset: outer });
        }
        if rest.len() >= 2 && rest[0] == 0 && rest[1] == 0 {
            depth -= 1;
            if depth == 0 {
                return Ok(pos);
            }
            pos += 2;
            continue;
        }
        let at = origin + pos;
        let (_, constructed, id_len) = parse_identifier(rest, at)?;
        let &l0 = rest.get(id_len).ok_or(BerError::Truncated { offset: at })?;
        if l0 == 0x80 {
            if !constructed {
                return Err(BerError::IndefinitePrimitive { offset: at });
            }
            depth += 1;
            if depth > MAX_DEPTH {
                return Err(BerError::TooDeep { offset: at });
            }
            pos += id_len + 1;
        } else {
            let (_, len) = parse_tlv(rest, at)?;
            pos += len;
        }
    }
}

/// An OBJECT IDENTIFIER kept in its encoded form (X.690 §8.19), inline and `Copy`.
///
/// Up to 32 contents octets: every application-context and dialogue OID of SS7 is under 12.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Oid {
    len: u8,
    bytes: [u8; Oid::MAX_LEN],
}

impl Oid {
    /// Longest encoding kept.
    pub const MAX_LEN: usize = 32;

    /// From the contents octets of an encoded OBJECT IDENTIFIER; `None` if they are not one.
    pub const fn from_content(content: &[u8]) -> Option<Self> {
        if content.is_empty() || content.len() > Self::MAX_LEN {
            return None;
        }
        // The last octet of each arc has bit 8 clear; the first octet of an arc is not 0x80.
        if content[content.len() - 1] & 0x80 != 0 {
            return None;
        }
        let mut bytes = [0u8; Self::MAX_LEN];
        let mut i = 0;
        let mut arc_start = true;
        while i < content.len() {
            if arc_start && content[i] == 0x80 {
                return None;
            }
            arc_start = content[i] & 0x80 == 0;
            bytes[i] = content[i];
            i += 1;
        }
        Some(Self {
            len: content.len() as u8,
            bytes,
        })
    }

    /// From its arcs, e.g. `&[0, 4, 0, 1, 1, 1, 0, 0]`. Panics (at compile time when used in a
    /// `const`) if there are fewer than two arcs or the encoding exceeds [`Self::MAX_LEN`].
    pub const fn from_arcs(arcs: &[u32]) -> Self {
        assert!(
            arcs.len() >= 2 && arcs[0] <= 2,
            "an OID has at least two arcs"
        );
        let mut bytes = [0u8; Self::MAX_LEN];
        let mut len = 0usize;
        let mut i = 1;
        while i < arcs.len() {
            let v: u64 = if i == 1 {
                arcs[0] as u64 * 40 + arcs[1] as u64
            } else {
                arcs[i] as u64
            };
            let mut groups = 1;
            while groups < 10 && (v >> (7 * groups)) != 0 {
                groups += 1;
            }
            let mut g = groups;
            while g > 0 {
                g -= 1;
                let mut b = ((v >> (7 * g)) & 0x7f) as u8;
                if g > 0 {
                    b |= 0x80;
                }
                assert!(len < Self::MAX_LEN, "OID too long");
                bytes[len] = b;
                len += 1;
            }
            i += 1;
        }
        Self {
            len: len as u8,
            bytes,
        }
    }

    /// The contents octets.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }

    /// The arcs.
    pub fn arcs(&self) -> impl Iterator<Item = u64> + '_ {
        let mut first = true;
        let mut pending: Option<u64> = None;
        let mut acc: u64 = 0;
        let mut iter = self.as_bytes().iter();
        std::iter::from_fn(move || {
            if let Some(p) = pending.take() {
                return Some(p);
            }
            for &b in iter.by_ref() {
                acc = (acc << 7) | u64::from(b & 0x7f);
                if b & 0x80 == 0 {
                    let v = acc;
                    acc = 0;
                    if first {
                        first = false;
                        let (a, b) = if v < 40 {
                            (0, v)
                        } else if v < 80 {
                            (1, v - 40)
                        } else {
                            (2, v - 80)
                        };
                        pending = Some(b);
                        return Some(a);
                    }
                    return Some(v);
                }
            }
            None
        })
    }
}

impl fmt::Display for Oid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, arc) in self.arcs().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            write!(f, "{arc}")?;
        }
        Ok(())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Oid {
    /// As the dotted arcs, e.g. `"0.4.0.1.1.1.0.0"`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl fmt::Debug for Oid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Oid({self})")
    }
}

/// Writes BER into a `Vec<u8>` with definite, minimal lengths.
#[derive(Debug)]
pub struct Encoder<'v> {
    buf: &'v mut Vec<u8>,
}

impl<'v> Encoder<'v> {
    /// An encoder appending to `buf`.
    pub fn new(buf: &'v mut Vec<u8>) -> Self {
        Self { buf }
    }

    /// The octets written so far (including whatever `buf` held before).
    pub fn as_bytes(&self) -> &[u8] {
        self.buf
    }

    #[inline]
    fn identifier(&mut self, tag: Tag, constructed: bool) {
        let lead = ((tag.class as u8) << 6) | if constructed { 0x20 } else { 0 };
        if tag.number < 0x1f {
            self.buf.push(lead | tag.number as u8);
        } else {
            self.high_tag(lead, tag.number);
        }
    }

    #[cold]
    fn high_tag(&mut self, lead: u8, n: u32) {
        self.buf.push(lead | 0x1f);
        let mut groups = 1;
        while groups < 5 && (n >> (7 * groups)) != 0 {
            groups += 1;
        }
        for g in (0..groups).rev() {
            let b = ((n >> (7 * g)) & 0x7f) as u8;
            self.buf.push(if g > 0 { b | 0x80 } else { b });
        }
    }

    #[inline]
    fn length(&mut self, len: usize) {
        if len < 0x80 {
            self.buf.push(len as u8);
        } else {
            self.long_length(len);
        }
    }

    #[cold]
    fn long_length(&mut self, len: usize) {
        let n = (usize::BITS - len.leading_zeros()).div_ceil(8) as usize;
        self.buf.push(0x80 | n as u8);
        for i in (0..n).rev() {
            self.buf.push((len >> (8 * i)) as u8);
        }
    }

    /// A primitive element with the given contents.
    #[inline]
    pub fn primitive(&mut self, tag: Tag, content: &[u8]) {
        self.identifier(tag, false);
        self.length(content.len());
        self.buf.extend_from_slice(content);
    }

    /// An OCTET STRING (or implicitly tagged one).
    pub fn octets(&mut self, tag: Tag, content: &[u8]) {
        self.primitive(tag, content);
    }

    /// A NULL.
    pub fn null(&mut self, tag: Tag) {
        self.primitive(tag, &[]);
    }

    /// A BOOLEAN (TRUE as `FF`).
    pub fn boolean(&mut self, tag: Tag, v: bool) {
        self.primitive(tag, &[if v { 0xff } else { 0x00 }]);
    }

    /// An INTEGER or ENUMERATED, in the minimal two's-complement form.
    pub fn integer(&mut self, tag: Tag, v: i64) {
        // Minimal two's complement (X.690 §8.3.2): drop leading octets that only repeat the sign.
        let redundant = if v < 0 {
            v.leading_ones()
        } else {
            v.leading_zeros()
        };
        let len = (72 - redundant as usize) / 8; // 1..=8 octets, keeping one sign bit
        let bytes = v.to_be_bytes();
        self.primitive(tag, &bytes[8 - len.clamp(1, 8)..]);
    }

    /// An OBJECT IDENTIFIER.
    pub fn oid(&mut self, tag: Tag, oid: &Oid) {
        self.primitive(tag, oid.as_bytes());
    }

    /// A BIT STRING.
    pub fn bit_string(&mut self, tag: Tag, unused_bits: u8, octets: &[u8]) {
        self.identifier(tag, false);
        self.length(octets.len() + 1);
        self.buf.push(unused_bits);
        self.buf.extend_from_slice(octets);
    }

    /// Already-encoded octets, copied as they are (an open type such as a TCAP component's parameter).
    pub fn raw(&mut self, encoded: &[u8]) {
        self.buf.extend_from_slice(encoded);
    }

    /// A constructed element whose contents `f` writes.
    pub fn constructed(&mut self, tag: Tag, f: impl FnOnce(&mut Encoder<'_>)) {
        self.identifier(tag, true);
        self.buf.push(0);
        let start = self.buf.len();
        f(&mut Encoder::new(self.buf));
        self.patch_length(start);
    }

    /// A primitive element whose contents `f` appends to the buffer in place (no scratch buffer):
    /// for values that encode themselves, such as ISUP-format parameters.
    pub fn primitive_with(&mut self, tag: Tag, f: impl FnOnce(&mut Vec<u8>)) {
        self.identifier(tag, false);
        self.buf.push(0);
        let start = self.buf.len();
        f(self.buf);
        self.patch_length(start);
    }

    /// Writes the length of the contents that start at `start`, over the one-octet placeholder
    /// just before it, growing the length octets when the contents need the long form.
    #[inline]
    fn patch_length(&mut self, start: usize) {
        let len = self.buf.len() - start;
        if len < 0x80 {
            self.buf[start - 1] = len as u8;
        } else {
            self.long_patch(start, len);
        }
    }

    #[cold]
    fn long_patch(&mut self, start: usize, len: usize) {
        let n = (usize::BITS - len.leading_zeros()).div_ceil(8) as usize;
        let mut hdr = [0u8; 9];
        hdr[0] = 0x80 | n as u8;
        for i in 0..n {
            hdr[1 + i] = (len >> (8 * (n - 1 - i))) as u8;
        }
        self.buf.splice(start - 1..start, hdr[..=n].iter().copied());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(f: impl FnOnce(&mut Encoder<'_>)) -> Vec<u8> {
        let mut v = Vec::new();
        f(&mut Encoder::new(&mut v));
        v
    }

    #[test]
    fn integers_minimal_and_tolerant() {
        for (v, bytes) in [
            (0i64, &[0x02, 0x01, 0x00][..]),
            (127, &[0x02, 0x01, 0x7f]),
            (128, &[0x02, 0x02, 0x00, 0x80]),
            (-1, &[0x02, 0x01, 0xff]),
            (-129, &[0x02, 0x02, 0xff, 0x7f]),
            (
                i64::MAX,
                &[0x02, 0x08, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
            ),
        ] {
            assert_eq!(enc(|e| e.integer(Tag::INTEGER, v)), bytes, "{v}");
            assert_eq!(decode_one(bytes).unwrap().integer().unwrap(), v);
        }
        // Over-long forms from sloppy switches.
        assert_eq!(
            decode_one(&[0x02, 0x03, 0, 0, 100]).unwrap().integer(),
            Ok(100)
        );
        assert_eq!(
            decode_one(&[0x02, 0x02, 0xff, 0xff]).unwrap().integer(),
            Ok(-1)
        );
        assert!(decode_one(&[0x02, 0x00]).unwrap().integer().is_err());
        assert!(
            decode_one(&[0x02, 9, 1, 0, 0, 0, 0, 0, 0, 0, 0])
                .unwrap()
                .integer()
                .is_err()
        );
    }

    #[test]
    fn lengths_long_form_and_errors() {
        let long = vec![0xaa; 300];
        let bytes = enc(|e| e.octets(Tag::OCTET_STRING, &long));
        assert_eq!(&bytes[..4], &[0x04, 0x82, 0x01, 0x2c]);
        assert_eq!(decode_one(&bytes).unwrap().octets().unwrap(), &long[..]);
        // Redundant leading zero in the long form is tolerated.
        assert_eq!(
            decode_one(&[0x04, 0x82, 0x00, 0x01, 0x55]).unwrap().content,
            &[0x55]
        );
        assert_eq!(
            decode_one(&[0x04, 0xff]),
            Err(BerError::BadLength { offset: 0 })
        );
        assert_eq!(
            decode_one(&[0x04, 0x03, 1, 2]),
            Err(BerError::Truncated { offset: 0 })
        );
        assert_eq!(
            decode_one(&[0x04, 0x85, 1, 0, 0, 0, 0]),
            Err(BerError::BadLength { offset: 0 })
        );
    }

    #[test]
    fn constructed_long_content_is_patched() {
        let bytes = enc(|e| {
            e.constructed(Tag::SEQUENCE, |e| {
                for i in 0..100 {
                    e.integer(Tag::context(1), i);
                }
            })
        });
        assert_eq!(&bytes[..4], &[0x30, 0x82, 0x01, 0x2c]);
        let tlv = decode_one(&bytes).unwrap();
        let mut d = tlv.decoder().unwrap();
        let mut n = 0;
        while let Some(t) = d.next().unwrap() {
            assert_eq!(t.integer().unwrap(), n);
            n += 1;
        }
        assert_eq!(n, 100);
    }

    #[test]
    fn primitive_with_writes_in_place_in_both_length_forms() {
        let short = enc(|e| e.primitive_with(Tag::context(2), |v| v.extend_from_slice(&[1, 2, 3])));
        assert_eq!(short, [0x82, 0x03, 1, 2, 3]);
        let long = enc(|e| e.primitive_with(Tag::context(2), |v| v.extend_from_slice(&[7; 200])));
        assert_eq!(&long[..3], &[0x82, 0x81, 200]);
        assert_eq!(decode_one(&long).unwrap().octets().unwrap(), &[7; 200][..]);
    }

    #[test]
    fn high_tag_numbers() {
        let bytes = enc(|e| e.null(Tag::context(40)));
        assert_eq!(bytes, [0x9f, 0x28, 0x00]);
        let bytes = enc(|e| e.null(Tag::private(300)));
        assert_eq!(bytes, [0xdf, 0x82, 0x2c, 0x00]);
        assert_eq!(decode_one(&bytes).unwrap().tag, Tag::private(300));
        assert_eq!(
            decode_one(&[0x9f, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x00]),
            Err(BerError::BadTag { offset: 0 })
        );
    }

    #[test]
    fn indefinite_lengths() {
        // SEQUENCE (indef) { [0] (indef) { INTEGER 5 } , NULL }
        let bytes = [
            0x30, 0x80, 0xa0, 0x80, 0x02, 0x01, 0x05, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00,
        ];
        let tlv = decode_one(&bytes).unwrap();
        assert!(tlv.indefinite);
        assert_eq!(tlv.raw.len(), bytes.len());
        let mut d = tlv.decoder().unwrap();
        let inner = d.next().unwrap().unwrap();
        assert_eq!(inner.tag, Tag::context(0));
        assert_eq!(inner.inner().unwrap().integer(), Ok(5));
        d.next().unwrap().unwrap().null().unwrap();
        assert!(d.is_empty());
        // Missing end-of-contents.
        assert_eq!(
            decode_one(&bytes[..bytes.len() - 2]),
            Err(BerError::Unterminated { offset: 0 })
        );
        // Indefinite primitive.
        assert_eq!(
            decode_one(&[0x04, 0x80, 0x00, 0x00]),
            Err(BerError::IndefinitePrimitive { offset: 0 })
        );
        // Hostile nesting.
        let mut deep = Vec::new();
        for _ in 0..100 {
            deep.extend_from_slice(&[0x30, 0x80]);
        }
        assert!(matches!(decode_one(&deep), Err(BerError::TooDeep { .. })));
    }

    #[test]
    fn oids() {
        const ACN: Oid = Oid::from_arcs(&[0, 4, 0, 1, 1, 1, 0, 0]);
        assert_eq!(ACN.as_bytes(), &[0x04, 0x00, 0x01, 0x01, 0x01, 0x00, 0x00]);
        let dialogue = Oid::from_arcs(&[0, 0, 17, 773, 1, 1, 1]);
        assert_eq!(
            dialogue.as_bytes(),
            &[0x00, 0x11, 0x86, 0x05, 0x01, 0x01, 0x01]
        );
        assert_eq!(dialogue.to_string(), "0.0.17.773.1.1.1");
        assert_eq!(Oid::from_content(dialogue.as_bytes()), Some(dialogue));
        assert_eq!(Oid::from_arcs(&[2, 999, 3]).to_string(), "2.999.3");
        assert!(Oid::from_content(&[0x86]).is_none());
        assert!(Oid::from_content(&[0x01, 0x80, 0x01]).is_none());
    }

    #[test]
    fn offsets_are_absolute() {
        // SEQUENCE { INTEGER 1, [5] truncated }
        let bytes = [0x30, 0x05, 0x02, 0x01, 0x01, 0x85, 0x05];
        let tlv = decode_one(&bytes).unwrap();
        let mut d = tlv.decoder().unwrap();
        d.next().unwrap();
        assert_eq!(d.next(), Err(BerError::Truncated { offset: 5 }));
    }

    #[test]
    fn header_without_contents() {
        // A SEQUENCE announcing 300 octets of which none are present.
        assert_eq!(
            header(&[0x30, 0x82, 0x01, 0x2c], 7),
            Ok(Header {
                tag: Tag::SEQUENCE,
                constructed: true,
                len: 4,
                content_len: Some(300),
            })
        );
        assert_eq!(header(&[0x62, 0x80], 0).unwrap().content_len, None);
        assert_eq!(
            header(&[0x04, 0x80], 3),
            Err(BerError::IndefinitePrimitive { offset: 3 })
        );
        assert_eq!(header(&[0x04], 3), Err(BerError::Truncated { offset: 3 }));
        assert_eq!(
            header(&[0x04, 0x85, 1, 0, 0, 0, 0], 0),
            Err(BerError::BadLength { offset: 0 })
        );
    }

    #[test]
    fn no_panic_on_any_short_input() {
        let mut buf = [0u8; 3];
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                buf[0] = a;
                buf[1] = b;
                for c in [0u8, 0x80, 0xff] {
                    buf[2] = c;
                    for n in 0..=3 {
                        let _ = decode_one(&buf[..n]);
                    }
                }
            }
        }
    }
}
