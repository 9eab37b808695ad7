//! The dialogue portion (ITU-T Q.773 §4.2.3, ASN.1 modules `DialoguePDUs`, `UnidialoguePDUs`): the
//! AARQ, AARE and ABRT APDUs of a structured dialogue and the AUDT of a unidirectional one, carried in
//! an EXTERNAL.
//!
//! ```text
//! DialoguePortion ::= [APPLICATION 11] EXPLICIT EXTERNAL
//!   -- direct-reference: dialogue-as-id 0.0.17.773.1.1.1 or unidialogue-as-id 0.0.17.773.1.2.1,
//!   -- encoding: single-ASN1-type [0] holding one APDU
//! AARQ-apdu ::= [APPLICATION 0] IMPLICIT SEQUENCE {
//!     protocol-version [0] IMPLICIT BIT STRING { version1 (0) } DEFAULT { version1 },
//!     application-context-name [1] OBJECT IDENTIFIER,
//!     user-information [30] IMPLICIT SEQUENCE OF EXTERNAL OPTIONAL }
//! AARE-apdu ::= [APPLICATION 1] IMPLICIT SEQUENCE {
//!     protocol-version …, application-context-name …,
//!     result [2] Associate-result,
//!     result-source-diagnostic [3] Associate-source-diagnostic,
//!     user-information … }
//! ABRT-apdu ::= [APPLICATION 4] IMPLICIT SEQUENCE {
//!     abort-source [0] IMPLICIT ABRT-source, user-information … }
//! AUDT-apdu ::= [APPLICATION 0] IMPLICIT SEQUENCE {   -- under unidialogue-as-id
//!     protocol-version …, application-context-name …, user-information … }
//! ```
//!
//! # Decisions
//! - Strict, as Q.773 is: the EXTERNAL must have the direct-reference and the single-ASN1-type
//!   encoding and nothing else; the APDUs are not extensible, so an unknown member, a member out of
//!   order or a repeated one makes the dialogue portion incorrect (Q.774: an abnormal dialogue).
//! - The protocol version is kept as sent (or absent, meaning the default `version1`), up to 4
//!   octets of bits; whether it includes version 1 is the receiver's question (see
//!   [`ProtocolVersion::has_version1`]).
//! - User information stays encoded: [`UserInformation`] holds the contents of the `[30]` (the
//!   EXTERNALs, each checked to be an EXTERNAL, not decoded).

use std::fmt;

use bytes::Bytes;

use crate::ber::{BerError, Decoder, Encoder, Oid, Tag, Tlv};
use crate::error::Detail;

/// `dialogue-as-id` (Q.773 §4.2.3): the abstract syntax of the structured-dialogue APDUs.
pub const DIALOGUE_AS_ID: Oid = Oid::from_arcs(&[0, 0, 17, 773, 1, 1, 1]);

/// `uniDialogue-as-id` (Q.773 §4.2.3): the abstract syntax of the unidirectional-dialogue APDU.
pub const UNIDIALOGUE_AS_ID: Oid = Oid::from_arcs(&[0, 0, 17, 773, 1, 2, 1]);

/// The dialogue portion of a message: one dialogue APDU.
///
/// Which APDU may appear in which message is checked when a message is decoded (Begin: AARQ;
/// Continue and End: AARE; Abort: ABRT or a rejecting AARE; Unidirectional: AUDT), not when one is
/// encoded, so a test peer can send a wrong one on purpose.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum DialoguePortion {
    /// `AARQ-apdu`: dialogue request, in a Begin.
    Aarq(Aarq),
    /// `AARE-apdu`: dialogue response, in the first Continue or an End (accepted), or in an Abort
    /// (rejected).
    Aare(Aare),
    /// `ABRT-apdu`: dialogue abort, in an Abort.
    Abrt(Abrt),
    /// `AUDT-apdu`: unidirectional dialogue, in a Unidirectional.
    Audt(Audt),
}

impl DialoguePortion {
    /// The abstract syntax the APDU belongs to: [`UNIDIALOGUE_AS_ID`] for an AUDT,
    /// [`DIALOGUE_AS_ID`] for the others.
    pub fn abstract_syntax(&self) -> Oid {
        match self {
            Self::Audt(_) => UNIDIALOGUE_AS_ID,
            _ => DIALOGUE_AS_ID,
        }
    }

    /// The application context name, for the APDUs that carry one.
    pub fn application_context_name(&self) -> Option<Oid> {
        match self {
            Self::Aarq(a) => Some(a.application_context_name),
            Self::Aare(a) => Some(a.application_context_name),
            Self::Abrt(_) => None,
            Self::Audt(a) => Some(a.application_context_name),
        }
    }

    /// The protocol version as sent (`None`: absent, i.e. the default `version1`); ABRT has none.
    pub fn protocol_version(&self) -> Option<ProtocolVersion> {
        match self {
            Self::Aarq(a) => a.protocol_version,
            Self::Aare(a) => a.protocol_version,
            Self::Abrt(_) => None,
            Self::Audt(a) => a.protocol_version,
        }
    }

    /// The user information, if any.
    pub fn user_information(&self) -> Option<&UserInformation> {
        match self {
            Self::Aarq(a) => a.user_information.as_ref(),
            Self::Aare(a) => a.user_information.as_ref(),
            Self::Abrt(a) => a.user_information.as_ref(),
            Self::Audt(a) => a.user_information.as_ref(),
        }
    }

    /// The APDU's name in the standard.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Aarq(_) => "AARQ",
            Self::Aare(_) => "AARE",
            Self::Abrt(_) => "ABRT",
            Self::Audt(_) => "AUDT",
        }
    }

    /// Writes the whole dialogue portion, `[APPLICATION 11]` included.
    pub fn encode(&self, e: &mut Encoder<'_>) {
        e.constructed(Tag::application(11), |e| {
            e.constructed(Tag::EXTERNAL, |e| {
                e.oid(Tag::OBJECT_IDENTIFIER, &self.abstract_syntax());
                e.constructed(Tag::context(0), |e| self.encode_apdu(e));
            });
        });
    }

    fn encode_apdu(&self, e: &mut Encoder<'_>) {
        match self {
            Self::Aarq(a) => e.constructed(Tag::application(0), |e| {
                encode_version(e, a.protocol_version);
                encode_acn(e, &a.application_context_name);
                encode_user_information(e, a.user_information.as_ref());
            }),
            Self::Aare(a) => e.constructed(Tag::application(1), |e| {
                encode_version(e, a.protocol_version);
                encode_acn(e, &a.application_context_name);
                e.constructed(Tag::context(2), |e| e.integer(Tag::INTEGER, a.result.0));
                e.constructed(Tag::context(3), |e| {
                    let (tag, v) = match a.result_source_diagnostic {
                        AssociateSourceDiagnostic::DialogueServiceUser(v) => (1, v.0),
                        AssociateSourceDiagnostic::DialogueServiceProvider(v) => (2, v.0),
                    };
                    e.constructed(Tag::context(tag), |e| e.integer(Tag::INTEGER, v));
                });
                encode_user_information(e, a.user_information.as_ref());
            }),
            Self::Abrt(a) => e.constructed(Tag::application(4), |e| {
                e.integer(Tag::context(0), a.abort_source.0);
                encode_user_information(e, a.user_information.as_ref());
            }),
            Self::Audt(a) => e.constructed(Tag::application(0), |e| {
                encode_version(e, a.protocol_version);
                encode_acn(e, &a.application_context_name);
                encode_user_information(e, a.user_information.as_ref());
            }),
        }
    }

    /// Decodes the dialogue portion element `tlv` (`[APPLICATION 11]`, read from `src`) syntactically;
    /// whether the APDU fits the message is the caller's question.
    pub(crate) fn decode(tlv: &Tlv<'_>, src: &Bytes) -> Result<Self, DialogueFault> {
        let ext = tlv.inner()?.expect(Tag::EXTERNAL)?;
        let mut d = ext.decoder()?;
        // X.690 §8.18 / Q.773 §4.2.3: direct-reference, then the single-ASN1-type encoding.
        let reference = d.expect(Tag::OBJECT_IDENTIFIER, "direct-reference")?;
        let syntax = reference.oid()?;
        let encoding = d.expect(Tag::context(0), "single-ASN1-type")?;
        d.finish()?;
        let apdu = encoding.inner()?;
        let tag = apdu.tag;
        if syntax == DIALOGUE_AS_ID {
            if tag == Tag::application(0) {
                let (protocol_version, application_context_name, user_information) =
                    decode_request(&apdu, src)?;
                Ok(Self::Aarq(Aarq {
                    protocol_version,
                    application_context_name,
                    user_information,
                }))
            } else if tag == Tag::application(1) {
                decode_aare(&apdu, src).map(Self::Aare)
            } else if tag == Tag::application(4) {
                decode_abrt(&apdu, src).map(Self::Abrt)
            } else {
                Err(DialogueFault::rule(
                    apdu.offset,
                    "the APDU is not an AARQ, AARE or ABRT",
                ))
            }
        } else if syntax == UNIDIALOGUE_AS_ID {
            if tag == Tag::application(0) {
                let (protocol_version, application_context_name, user_information) =
                    decode_request(&apdu, src)?;
                Ok(Self::Audt(Audt {
                    protocol_version,
                    application_context_name,
                    user_information,
                }))
            } else {
                Err(DialogueFault::rule(apdu.offset, "the APDU is not an AUDT"))
            }
        } else {
            Err(DialogueFault::rule(
                reference.offset,
                "direct-reference is neither dialogue-as-id nor unidialogue-as-id",
            ))
        }
    }
}

impl fmt::Display for DialoguePortion {
    /// One line, e.g. `aarq acn=0.4.0.1.1.1.0.0` or `abrt source=dialogue-service-user`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Aarq(a) => write!(f, "aarq acn={}", a.application_context_name)?,
            Self::Aare(a) => write!(
                f,
                "aare acn={} {} {}",
                a.application_context_name, a.result, a.result_source_diagnostic
            )?,
            Self::Abrt(a) => write!(f, "abrt source={}", a.abort_source)?,
            Self::Audt(a) => write!(f, "audt acn={}", a.application_context_name)?,
        }
        if let Some(pv) = self.protocol_version()
            && pv != ProtocolVersion::VERSION1
        {
            write!(f, " pv={pv}")?;
        }
        if let Some(ui) = self.user_information() {
            write!(f, " ui={}B", ui.as_bytes().len())?;
        }
        Ok(())
    }
}

/// `AARQ-apdu`: the dialogue request of a Begin.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Aarq {
    /// `protocol-version [0]` as sent; `None` means absent (the default, version 1).
    pub protocol_version: Option<ProtocolVersion>,
    /// `application-context-name [1]`.
    pub application_context_name: Oid,
    /// `user-information [30]`.
    pub user_information: Option<UserInformation>,
}

impl Aarq {
    /// An AARQ for `acn` stating protocol version 1 explicitly (as most stacks do).
    pub fn new(acn: Oid) -> Self {
        Self {
            protocol_version: Some(ProtocolVersion::VERSION1),
            application_context_name: acn,
            user_information: None,
        }
    }
}

/// `AARE-apdu`: the dialogue response.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Aare {
    /// `protocol-version [0]` as sent; `None` means absent (the default, version 1).
    pub protocol_version: Option<ProtocolVersion>,
    /// `application-context-name [1]`.
    pub application_context_name: Oid,
    /// `result [2]`.
    pub result: AssociateResult,
    /// `result-source-diagnostic [3]`.
    pub result_source_diagnostic: AssociateSourceDiagnostic,
    /// `user-information [30]`.
    pub user_information: Option<UserInformation>,
}

impl Aare {
    /// The dialogue is accepted: result accepted, diagnostic dialogue-service-user null (Q.774 Annex A,
    /// Figure A.5: TC-CONTINUE/TC-END answering a TC-BEGIN), protocol version 1 stated explicitly.
    pub fn accepted(acn: Oid) -> Self {
        Self {
            protocol_version: Some(ProtocolVersion::VERSION1),
            application_context_name: acn,
            result: AssociateResult::ACCEPTED,
            result_source_diagnostic: AssociateSourceDiagnostic::DialogueServiceUser(
                DialogueServiceUser::NULL,
            ),
            user_information: None,
        }
    }

    /// The dialogue is refused (reject-permanent) with `diagnostic`, e.g.
    /// `DialogueServiceUser(APPLICATION_CONTEXT_NAME_NOT_SUPPORTED)` for a TC-U-ABORT with reason
    /// "application context not supported", sent in an Abort.
    pub fn rejected(acn: Oid, diagnostic: AssociateSourceDiagnostic) -> Self {
        Self {
            protocol_version: Some(ProtocolVersion::VERSION1),
            application_context_name: acn,
            result: AssociateResult::REJECT_PERMANENT,
            result_source_diagnostic: diagnostic,
            user_information: None,
        }
    }
}

/// `ABRT-apdu`: the dialogue abort of an Abort.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Abrt {
    /// `abort-source [0]`.
    pub abort_source: AbrtSource,
    /// `user-information [30]`.
    pub user_information: Option<UserInformation>,
}

impl Abrt {
    /// An ABRT from `source` without user information.
    pub fn new(source: AbrtSource) -> Self {
        Self {
            abort_source: source,
            user_information: None,
        }
    }
}

/// `AUDT-apdu`: the dialogue portion of a Unidirectional.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Audt {
    /// `protocol-version [0]` as sent; `None` means absent (the default, version 1).
    pub protocol_version: Option<ProtocolVersion>,
    /// `application-context-name [1]`.
    pub application_context_name: Oid,
    /// `user-information [30]`.
    pub user_information: Option<UserInformation>,
}

impl Audt {
    /// An AUDT for `acn` stating protocol version 1 explicitly.
    pub fn new(acn: Oid) -> Self {
        Self {
            protocol_version: Some(ProtocolVersion::VERSION1),
            application_context_name: acn,
            user_information: None,
        }
    }
}

/// `Associate-source-diagnostic ::= CHOICE { dialogue-service-user [1] INTEGER {…},
/// dialogue-service-provider [2] INTEGER {…} }`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum AssociateSourceDiagnostic {
    /// `dialogue-service-user [1]`.
    DialogueServiceUser(DialogueServiceUser),
    /// `dialogue-service-provider [2]`.
    DialogueServiceProvider(DialogueServiceProvider),
}

impl fmt::Display for AssociateSourceDiagnostic {
    /// `user:null`, `provider:no-common-dialogue-portion`, …
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::DialogueServiceUser(v) => write!(f, "user:{v}"),
            Self::DialogueServiceProvider(v) => write!(f, "provider:{v}"),
        }
    }
}

code_point! {
    /// `Associate-result ::= INTEGER { accepted (0), reject-permanent (1) }`.
    AssociateResult {
        /// The dialogue is accepted.
        ACCEPTED = 0 => "accepted",
        /// The dialogue is refused.
        REJECT_PERMANENT = 1 => "reject-permanent",
    }
}

code_point! {
    /// The `dialogue-service-user [1] INTEGER` diagnostic.
    DialogueServiceUser {
        /// No diagnostic (with `accepted`).
        NULL = 0 => "null",
        /// Refused without a reason.
        NO_REASON_GIVEN = 1 => "no-reason-given",
        /// The application context is not supported.
        APPLICATION_CONTEXT_NAME_NOT_SUPPORTED = 2 => "application-context-name-not-supported",
    }
}

code_point! {
    /// The `dialogue-service-provider [2] INTEGER` diagnostic.
    DialogueServiceProvider {
        /// No diagnostic.
        NULL = 0 => "null",
        /// Refused without a reason.
        NO_REASON_GIVEN = 1 => "no-reason-given",
        /// No protocol version in common (Q.774: an AARQ without version 1).
        NO_COMMON_DIALOGUE_PORTION = 2 => "no-common-dialogue-portion",
    }
}

code_point! {
    /// `ABRT-source ::= INTEGER { dialogue-service-user (0), dialogue-service-provider (1) }`.
    AbrtSource {
        /// The TC-user aborted (TC-U-ABORT).
        DIALOGUE_SERVICE_USER = 0 => "dialogue-service-user",
        /// TC aborted (an abnormal dialogue, Q.774).
        DIALOGUE_SERVICE_PROVIDER = 1 => "dialogue-service-provider",
    }
}

/// `protocol-version [0] IMPLICIT BIT STRING { version1 (0) }` as sent: the count of unused bits in
/// the last octet and up to 4 octets of bits, inline.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ProtocolVersion {
    unused_bits: u8,
    len: u8,
    octets: [u8; ProtocolVersion::MAX_OCTETS],
}

impl ProtocolVersion {
    /// The most octets of bits kept.
    pub const MAX_OCTETS: usize = 4;

    /// `{ version1 }`: bit 0 set, encoded `07 80`.
    pub const VERSION1: Self = Self {
        unused_bits: 7,
        len: 1,
        octets: [0x80, 0, 0, 0],
    };

    /// From the BIT STRING's unused-bit count and octets; `None` if that is not a valid BIT STRING
    /// (X.690 §8.6.2) or has more than [`Self::MAX_OCTETS`] octets.
    pub fn from_bit_string(unused_bits: u8, octets: &[u8]) -> Option<Self> {
        if unused_bits > 7 || (octets.is_empty() && unused_bits != 0) {
            return None;
        }
        if octets.len() > Self::MAX_OCTETS {
            return None;
        }
        let mut buf = [0u8; Self::MAX_OCTETS];
        buf[..octets.len()].copy_from_slice(octets);
        Some(Self {
            unused_bits,
            len: octets.len() as u8,
            octets: buf,
        })
    }

    /// The number of unused bits in the last octet.
    pub fn unused_bits(&self) -> u8 {
        self.unused_bits
    }

    /// The octets of bits.
    pub fn octets(&self) -> &[u8] {
        &self.octets[..usize::from(self.len)]
    }

    /// Whether bit 0, `version1`, is set: the only version Q.773 defines, so the one a receiver needs.
    pub fn has_version1(&self) -> bool {
        self.octets().first().is_some_and(|b| b & 0x80 != 0)
    }

    fn from_tlv(t: &Tlv<'_>) -> Result<Self, DialogueFault> {
        let (unused, octets) = t.bit_string()?;
        Self::from_bit_string(unused, octets).ok_or(DialogueFault::rule(
            t.offset,
            "protocol-version longer than 4 octets",
        ))
    }
}

impl fmt::Display for ProtocolVersion {
    /// The bits, most significant first, e.g. `1` for version 1.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // from_bit_string keeps unused_bits at 0 for no octets and below 8 otherwise.
        let bits = (self.octets().len() * 8).saturating_sub(usize::from(self.unused_bits));
        for i in 0..bits {
            let set = self.octets()[i / 8] & (0x80 >> (i % 8)) != 0;
            f.write_str(if set { "1" } else { "0" })?;
        }
        if bits == 0 {
            f.write_str("''B")?;
        }
        Ok(())
    }
}

impl fmt::Debug for ProtocolVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ProtocolVersion({self})")
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for ProtocolVersion {
    /// As the bits, e.g. `"1"` for version 1.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// `user-information [30] IMPLICIT SEQUENCE OF EXTERNAL`, kept encoded: the contents of the `[30]`,
/// i.e. the EXTERNALs one after the other.
#[derive(Clone, PartialEq, Eq)]
pub struct UserInformation(Bytes);

impl UserInformation {
    /// From the encoded EXTERNALs, each checked to be one constructed EXTERNAL element.
    pub fn new(externals: Bytes) -> Result<Self, BerError> {
        check_externals(&externals, 0)?;
        Ok(Self(externals))
    }

    /// The encoded EXTERNALs.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The encoded EXTERNALs as shared bytes.
    pub fn bytes(&self) -> &Bytes {
        &self.0
    }

    /// Each EXTERNAL's encoding.
    pub fn externals(&self) -> impl Iterator<Item = &[u8]> + '_ {
        let mut d = Decoder::new(&self.0);
        std::iter::from_fn(move || d.next().ok().flatten().map(|t| t.raw))
    }
}

impl fmt::Debug for UserInformation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("UserInformation(")?;
        for b in self.as_bytes() {
            write!(f, "{b:02x}")?;
        }
        f.write_str(")")
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for UserInformation {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::serde_hex::serialize(self.as_bytes(), s)
    }
}

/// Why a dialogue portion is not acceptable (always an abnormal dialogue, Q.774 Annex A Figure A.5).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DialogueFault {
    pub(crate) offset: usize,
    pub(crate) detail: Detail,
}

impl DialogueFault {
    fn rule(offset: usize, rule: &'static str) -> Self {
        Self {
            offset,
            detail: Detail::Rule(rule),
        }
    }
}

impl From<BerError> for DialogueFault {
    fn from(e: BerError) -> Self {
        Self {
            offset: e.offset(),
            detail: Detail::Ber(e),
        }
    }
}

fn encode_version(e: &mut Encoder<'_>, pv: Option<ProtocolVersion>) {
    if let Some(pv) = pv {
        e.bit_string(Tag::context(0), pv.unused_bits, pv.octets());
    }
}

fn encode_acn(e: &mut Encoder<'_>, acn: &Oid) {
    e.constructed(Tag::context(1), |e| e.oid(Tag::OBJECT_IDENTIFIER, acn));
}

fn encode_user_information(e: &mut Encoder<'_>, ui: Option<&UserInformation>) {
    if let Some(ui) = ui {
        e.constructed(Tag::context(30), |e| e.raw(ui.as_bytes()));
    }
}

fn check_externals(data: &[u8], origin: usize) -> Result<(), BerError> {
    let mut d = Decoder::with_origin(data, origin);
    while let Some(x) = d.next()? {
        x.expect(Tag::EXTERNAL)?;
        if !x.constructed {
            return Err(BerError::WrongForm { offset: x.offset });
        }
    }
    Ok(())
}

type Request = (Option<ProtocolVersion>, Oid, Option<UserInformation>);

/// The members AARQ and AUDT share.
fn decode_request(apdu: &Tlv<'_>, src: &Bytes) -> Result<Request, DialogueFault> {
    let mut d = apdu.decoder()?;
    let pv = decode_version(&mut d)?;
    let acn = decode_acn(&mut d)?;
    let ui = decode_user_information(&mut d, src)?;
    d.finish()?;
    Ok((pv, acn, ui))
}

fn decode_aare(apdu: &Tlv<'_>, src: &Bytes) -> Result<Aare, DialogueFault> {
    let mut d = apdu.decoder()?;
    let protocol_version = decode_version(&mut d)?;
    let application_context_name = decode_acn(&mut d)?;
    let result = d.expect(Tag::context(2), "result")?.inner()?;
    let result = AssociateResult(result.expect(Tag::INTEGER)?.integer()?);
    let diag = d
        .expect(Tag::context(3), "result-source-diagnostic")?
        .inner()?;
    let value = diag.inner()?.expect(Tag::INTEGER)?.integer()?;
    let result_source_diagnostic = if diag.tag == Tag::context(1) {
        AssociateSourceDiagnostic::DialogueServiceUser(DialogueServiceUser(value))
    } else if diag.tag == Tag::context(2) {
        AssociateSourceDiagnostic::DialogueServiceProvider(DialogueServiceProvider(value))
    } else {
        return Err(DialogueFault::rule(
            diag.offset,
            "result-source-diagnostic is neither [1] nor [2]",
        ));
    };
    let user_information = decode_user_information(&mut d, src)?;
    d.finish()?;
    Ok(Aare {
        protocol_version,
        application_context_name,
        result,
        result_source_diagnostic,
        user_information,
    })
}

fn decode_abrt(apdu: &Tlv<'_>, src: &Bytes) -> Result<Abrt, DialogueFault> {
    let mut d = apdu.decoder()?;
    let abort_source = AbrtSource(d.expect(Tag::context(0), "abort-source")?.integer()?);
    let user_information = decode_user_information(&mut d, src)?;
    d.finish()?;
    Ok(Abrt {
        abort_source,
        user_information,
    })
}

fn decode_version(d: &mut Decoder<'_>) -> Result<Option<ProtocolVersion>, DialogueFault> {
    match d.optional(Tag::context(0))? {
        Some(t) => ProtocolVersion::from_tlv(&t).map(Some),
        None => Ok(None),
    }
}

fn decode_acn(d: &mut Decoder<'_>) -> Result<Oid, DialogueFault> {
    let t = d.expect(Tag::context(1), "application-context-name")?;
    Ok(t.inner()?.expect(Tag::OBJECT_IDENTIFIER)?.oid()?)
}

fn decode_user_information(
    d: &mut Decoder<'_>,
    src: &Bytes,
) -> Result<Option<UserInformation>, DialogueFault> {
    let Some(t) = d.optional(Tag::context(30))? else {
        return Ok(None);
    };
    if !t.constructed {
        return Err(BerError::WrongForm { offset: t.offset }.into());
    }
    check_externals(t.content, t.content_offset)?;
    let bytes = if t.content.is_empty() {
        Bytes::new()
    } else {
        // `t.content` was read from `src`, so it lies inside it.
        src.slice_ref(t.content)
    };
    Ok(Some(UserInformation(bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ber;
    use hex_literal::hex;

    const CS1: Oid = Oid::from_arcs(&[0, 4, 0, 1, 1, 1, 0, 0]);

    fn decode(bytes: &[u8]) -> Result<DialoguePortion, DialogueFault> {
        let src = Bytes::copy_from_slice(bytes);
        let tlv = ber::decode_one(&src).unwrap();
        DialoguePortion::decode(&tlv, &src)
    }

    fn encode(d: &DialoguePortion) -> Vec<u8> {
        let mut v = Vec::new();
        d.encode(&mut Encoder::new(&mut v));
        v
    }

    #[test]
    fn aarq_of_the_idp_vector() {
        let bytes = hex!(
            "6b 1e 28 1c 06 07 00 11 86 05 01 01 01 a0 11 60 0f 80 02 07 80"
            "a1 09 06 07 04 00 01 01 01 00 00"
        );
        let d = decode(&bytes).unwrap();
        assert_eq!(d, DialoguePortion::Aarq(Aarq::new(CS1)));
        assert_eq!(encode(&d), bytes);
        assert_eq!(d.to_string(), "aarq acn=0.4.0.1.1.1.0.0");
    }

    #[test]
    fn aare_abrt_audt_round_trip() {
        let ui = UserInformation::new(Bytes::from_static(&hex!(
            "28 0a 06 03 2a 03 04 a0 03 02 01 05"
        )))
        .unwrap();
        for d in [
            DialoguePortion::Aare(Aare::accepted(CS1)),
            DialoguePortion::Aare(Aare {
                protocol_version: None,
                user_information: Some(ui.clone()),
                ..Aare::rejected(
                    CS1,
                    AssociateSourceDiagnostic::DialogueServiceProvider(
                        DialogueServiceProvider::NO_COMMON_DIALOGUE_PORTION,
                    ),
                )
            }),
            DialoguePortion::Abrt(Abrt::new(AbrtSource::DIALOGUE_SERVICE_PROVIDER)),
            DialoguePortion::Abrt(Abrt {
                abort_source: AbrtSource(7),
                user_information: Some(ui.clone()),
            }),
            DialoguePortion::Audt(Audt::new(CS1)),
        ] {
            let bytes = encode(&d);
            assert_eq!(decode(&bytes).unwrap(), d, "{bytes:02x?}");
        }
        assert_eq!(ui.externals().count(), 1);
        assert_eq!(
            DialoguePortion::Abrt(Abrt::new(AbrtSource::DIALOGUE_SERVICE_USER)).to_string(),
            "abrt source=dialogue-service-user"
        );
    }

    #[test]
    fn protocol_versions() {
        assert!(ProtocolVersion::VERSION1.has_version1());
        assert_eq!(ProtocolVersion::VERSION1.to_string(), "1");
        let v2 = ProtocolVersion::from_bit_string(6, &[0x40]).unwrap();
        assert!(!v2.has_version1());
        assert_eq!(v2.to_string(), "01");
        assert!(ProtocolVersion::from_bit_string(8, &[0]).is_none());
        assert!(ProtocolVersion::from_bit_string(1, &[]).is_none());
        assert!(ProtocolVersion::from_bit_string(0, &[0; 5]).is_none());
    }

    #[test]
    fn incorrect_dialogue_portions() {
        // Unknown abstract syntax 1.2.3.
        assert!(decode(&hex!("6b 0a 28 08 06 02 2a 03 a0 02 60 00")).is_err());
        // AARQ without an application-context-name.
        assert!(decode(&hex!("6b 0f 28 0d 06 07 00 11 86 05 01 01 01 a0 02 60 00")).is_err());
        // An AARE under the unidialogue abstract syntax.
        assert!(decode(&hex!("6b 0f 28 0d 06 07 00 11 86 05 01 02 01 a0 02 61 00")).is_err());
        // User information that is not a SEQUENCE OF EXTERNAL.
        let f = decode(&hex!(
            "6b 19 28 17 06 07 00 11 86 05 01 01 01 a0 0c 64 0a 80 01 00 be 05 04 03 01 02 03"
        ))
        .unwrap_err();
        assert_eq!(f.offset, 22);
    }
}
