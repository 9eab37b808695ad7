//! TCAP messages (ITU-T Q.773, ASN.1 module `TCAPMessages`) and their decoding in the order of
//! Q.774.
//!
//! ```text
//! TCMessage ::= CHOICE {
//!     unidirectional [APPLICATION 1] IMPLICIT Unidirectional,
//!     begin          [APPLICATION 2] IMPLICIT Begin,
//!     end            [APPLICATION 4] IMPLICIT End,
//!     continue       [APPLICATION 5] IMPLICIT Continue,
//!     abort          [APPLICATION 7] IMPLICIT Abort }
//! Unidirectional ::= SEQUENCE { dialoguePortion DialoguePortion OPTIONAL,
//!                               components ComponentPortion }
//! Begin    ::= SEQUENCE { otid OrigTransactionID, dialoguePortion … OPTIONAL, components … OPTIONAL }
//! End      ::= SEQUENCE { dtid DestTransactionID, dialoguePortion … OPTIONAL, components … OPTIONAL }
//! Continue ::= SEQUENCE { otid OrigTransactionID, dtid DestTransactionID,
//!                         dialoguePortion … OPTIONAL, components … OPTIONAL }
//! Abort    ::= SEQUENCE { dtid DestTransactionID,
//!                         reason CHOICE { p-abortCause P-AbortCause,
//!                                         u-abortCause DialoguePortion } OPTIONAL }
//! ComponentPortion ::= [APPLICATION 12] IMPLICIT SEQUENCE SIZE (1..MAX) OF Component
//! ```
//!
//! # Decisions
//! - The elements of a message must come in the order above (they are SEQUENCEs): an element out of
//!   order, repeated, unknown, or a transaction id the message type does not carry (a dtid in a
//!   Begin, an otid in an End) is an incorrect transaction portion; a missing mandatory one too.
//! - Framing errors anywhere in the message outside the components (lengths, forms, trailing octets
//!   after the message), a transaction id that is not 1 to 4 octets, or a P-Abort cause that is no
//!   INTEGER make the transaction portion badly formatted.
//! - The dialogue APDU must be the one the message type carries (Q.774 Annex A, Figure A.5): an
//!   AARQ in a Begin, an AARE in a Continue or an End, an ABRT or a refusing AARE
//!   (reject-permanent) in an Abort, an AUDT in a Unidirectional; anything else, and an AARE or AUDT
//!   without protocol version 1, is an abnormal dialogue. Whether a Continue may carry a dialogue
//!   portion at all (only the first one does) depends on the dialogue state, so the dialogue layer
//!   checks it.
//! - An empty component portion (`6c 00`, which SIZE (1..MAX) forbids) is accepted as no component;
//!   it is written back as absent.
//! - A message with no components encodes without a component portion; a Unidirectional needs at
//!   least one component to decode again.

use std::fmt;

use bytes::Bytes;

use crate::ber::{self, BerError, Decoder, Encoder, Oid, Tag, Tlv};
use crate::component::{
    Component, ComponentFault, ComponentType, GeneralProblem, salvage_invoke_id,
};
use crate::dialogue::{Aare, Aarq, AssociateResult, DialoguePortion, ProtocolVersion};
use crate::error::{DecodeError, Detail, DialogueProblem};
use crate::transaction::{MessageType, PAbortCause, TransactionId};

const OTID: Tag = Tag::application(8);
const DTID: Tag = Tag::application(9);
const P_ABORT_CAUSE: Tag = Tag::application(10);
const DIALOGUE_PORTION: Tag = Tag::application(11);
const COMPONENT_PORTION: Tag = Tag::application(12);

/// A TCAP message, variants in the standard's order.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Message {
    /// Unidirectional `[APPLICATION 1]`.
    Unidirectional(Unidirectional),
    /// Begin `[APPLICATION 2]`.
    Begin(Begin),
    /// End `[APPLICATION 4]`.
    End(End),
    /// Continue `[APPLICATION 5]`.
    Continue(Continue),
    /// Abort `[APPLICATION 7]`.
    Abort(Abort),
}

/// A Unidirectional message: components outside any transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Unidirectional {
    /// `dialoguePortion`: an AUDT.
    pub dialogue_portion: Option<DialoguePortion>,
    /// `components`: at least one.
    pub components: Vec<Component>,
}

/// A Begin message: opens a transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Begin {
    /// `otid`: the sender's transaction id.
    pub otid: TransactionId,
    /// `dialoguePortion`: an AARQ.
    pub dialogue_portion: Option<DialoguePortion>,
    /// `components` (empty: no component portion).
    pub components: Vec<Component>,
}

/// An End message: closes a transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct End {
    /// `dtid`: the receiver's transaction id.
    pub dtid: TransactionId,
    /// `dialoguePortion`: an AARE when the End answers a Begin.
    pub dialogue_portion: Option<DialoguePortion>,
    /// `components` (empty: no component portion).
    pub components: Vec<Component>,
}

/// A Continue message.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Continue {
    /// `otid`: the sender's transaction id.
    pub otid: TransactionId,
    /// `dtid`: the receiver's transaction id.
    pub dtid: TransactionId,
    /// `dialoguePortion`: an AARE in the first Continue answering a Begin.
    pub dialogue_portion: Option<DialoguePortion>,
    /// `components` (empty: no component portion).
    pub components: Vec<Component>,
}

/// An Abort message.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Abort {
    /// `dtid`: the receiver's transaction id.
    pub dtid: TransactionId,
    /// `reason` (absent: a TC-U-ABORT without dialogue information).
    pub reason: Option<AbortReason>,
}

/// The `reason` of an Abort.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum AbortReason {
    /// `p-abortCause [APPLICATION 10]`: the transaction sub-layer aborted.
    PAbort(PAbortCause),
    /// `u-abortCause DialoguePortion`: an ABRT, or an AARE refusing the dialogue.
    Dialogue(DialoguePortion),
}

impl Message {
    /// A Begin with an AARQ for `acn` (when given) and `components`.
    pub fn begin(otid: TransactionId, acn: Option<Oid>, components: Vec<Component>) -> Self {
        Self::Begin(Begin {
            otid,
            dialogue_portion: acn.map(|acn| DialoguePortion::Aarq(Aarq::new(acn))),
            components,
        })
    }

    /// The answer an SCP gives to a Begin in one go: an End to `dtid` accepting the dialogue for
    /// `acn` (AARE accepted, dialogue-service-user null) with `components`.
    pub fn end_accepted(dtid: TransactionId, acn: Oid, components: Vec<Component>) -> Self {
        Self::End(End {
            dtid,
            dialogue_portion: Some(DialoguePortion::Aare(Aare::accepted(acn))),
            components,
        })
    }

    /// The first Continue answering a Begin: accepts the dialogue for `acn`.
    pub fn continue_accepted(
        otid: TransactionId,
        dtid: TransactionId,
        acn: Oid,
        components: Vec<Component>,
    ) -> Self {
        Self::Continue(Continue {
            otid,
            dtid,
            dialogue_portion: Some(DialoguePortion::Aare(Aare::accepted(acn))),
            components,
        })
    }

    /// An Abort to `dtid` with a P-Abort cause.
    pub fn p_abort(dtid: TransactionId, cause: PAbortCause) -> Self {
        Self::Abort(Abort {
            dtid,
            reason: Some(AbortReason::PAbort(cause)),
        })
    }

    /// A user Abort to `dtid`, with an ABRT or a rejecting AARE when given.
    pub fn u_abort(dtid: TransactionId, dialogue_portion: Option<DialoguePortion>) -> Self {
        Self::Abort(Abort {
            dtid,
            reason: dialogue_portion.map(AbortReason::Dialogue),
        })
    }

    /// The message type.
    pub fn message_type(&self) -> MessageType {
        match self {
            Self::Unidirectional(_) => MessageType::Unidirectional,
            Self::Begin(_) => MessageType::Begin,
            Self::End(_) => MessageType::End,
            Self::Continue(_) => MessageType::Continue,
            Self::Abort(_) => MessageType::Abort,
        }
    }

    /// The originating transaction id (Begin, Continue).
    pub fn otid(&self) -> Option<TransactionId> {
        match self {
            Self::Begin(m) => Some(m.otid),
            Self::Continue(m) => Some(m.otid),
            _ => None,
        }
    }

    /// The destination transaction id (End, Continue, Abort).
    pub fn dtid(&self) -> Option<TransactionId> {
        match self {
            Self::End(m) => Some(m.dtid),
            Self::Continue(m) => Some(m.dtid),
            Self::Abort(m) => Some(m.dtid),
            _ => None,
        }
    }

    /// The dialogue portion (for an Abort, its `u-abortCause`).
    pub fn dialogue(&self) -> Option<&DialoguePortion> {
        match self {
            Self::Unidirectional(m) => m.dialogue_portion.as_ref(),
            Self::Begin(m) => m.dialogue_portion.as_ref(),
            Self::End(m) => m.dialogue_portion.as_ref(),
            Self::Continue(m) => m.dialogue_portion.as_ref(),
            Self::Abort(m) => match &m.reason {
                Some(AbortReason::Dialogue(d)) => Some(d),
                _ => None,
            },
        }
    }

    /// The components (none for an Abort).
    pub fn components(&self) -> &[Component] {
        match self {
            Self::Unidirectional(m) => &m.components,
            Self::Begin(m) => &m.components,
            Self::End(m) => &m.components,
            Self::Continue(m) => &m.components,
            Self::Abort(_) => &[],
        }
    }

    /// Takes the components out.
    pub fn into_components(self) -> Vec<Component> {
        match self {
            Self::Unidirectional(m) => m.components,
            Self::Begin(m) => m.components,
            Self::End(m) => m.components,
            Self::Continue(m) => m.components,
            Self::Abort(_) => Vec::new(),
        }
    }

    /// Appends the encoding (definite lengths, elements in Q.773 order) to `out`.
    pub fn encode(&self, out: &mut Vec<u8>) {
        let mut e = Encoder::new(out);
        e.constructed(self.message_type().tag(), |e| {
            if let Some(otid) = self.otid() {
                e.octets(OTID, otid.as_bytes());
            }
            if let Some(dtid) = self.dtid() {
                e.octets(DTID, dtid.as_bytes());
            }
            match self {
                Self::Abort(Abort {
                    reason: Some(AbortReason::PAbort(cause)),
                    ..
                }) => e.integer(P_ABORT_CAUSE, cause.0),
                _ => {
                    if let Some(d) = self.dialogue() {
                        d.encode(e);
                    }
                }
            }
            let components = self.components();
            if !components.is_empty() {
                e.constructed(COMPONENT_PORTION, |e| {
                    for c in components {
                        c.encode(e);
                    }
                });
            }
        });
    }

    /// The encoding as a vector.
    pub fn to_vec(&self) -> Vec<u8> {
        // Room for the transaction and dialogue portions and each component's header, so the
        // encoder does not reallocate on the answer path.
        let params: usize = self
            .components()
            .iter()
            .map(|c| 16 + c.parameter().map_or(0, |p| p.len()))
            .sum();
        let mut v = Vec::with_capacity(96 + params);
        self.encode(&mut v);
        v
    }

    /// The encoding as shared bytes.
    pub fn to_bytes(&self) -> Bytes {
        Bytes::from(self.to_vec())
    }

    /// Decodes one TCAP message that fills `data` (the SCCP user data). Parameters and user
    /// information are zero-copy slices of `data`.
    ///
    /// Checks run in the order Q.774 processes a message: the transaction portion (message type,
    /// framing, transaction ids), then the dialogue portion, then each component; the first failure
    /// is returned with its consequence (see [`DecodeError`]).
    pub fn decode(data: &Bytes) -> Result<Self, DecodeError> {
        Self::decode_reusing(data, Vec::new())
    }

    /// [`Message::decode`] that puts the components into `components` (cleared first) instead of
    /// a new `Vec`: a caller that hands the list back after each message (take it out of the
    /// decoded message) decodes without allocating.
    pub fn decode_reusing(
        data: &Bytes,
        mut components: Vec<Component>,
    ) -> Result<Self, DecodeError> {
        components.clear();
        let raw: &[u8] = data;
        // Q.773: the message type is the tag of the whole message.
        let tag = match Decoder::new(raw).peek() {
            Ok(Some((tag, _))) => tag,
            Ok(None) => {
                return Err(transaction_error(
                    None,
                    PAbortCause::BADLY_FORMATTED_TRANSACTION_PORTION,
                    (None, None),
                    0,
                    Detail::Rule("empty message"),
                ));
            }
            Err(e) => {
                return Err(transaction_error(
                    None,
                    PAbortCause::BADLY_FORMATTED_TRANSACTION_PORTION,
                    (None, None),
                    e.offset(),
                    Detail::Ber(e),
                ));
            }
        };
        let Some(mt) = MessageType::from_tag(tag) else {
            // Q.774 Figure A.3 sheet 4: unknown message type; abort towards the otid if derivable.
            return Err(transaction_error(
                None,
                PAbortCause::UNRECOGNIZED_MESSAGE_TYPE,
                salvage_ids(raw),
                0,
                Detail::UnknownTag(tag),
            ));
        };
        let fail = |cause: PAbortCause, offset: usize, detail: Detail| {
            let (otid, dtid) = salvage_ids(raw);
            transaction_error(
                Some(mt),
                cause,
                (
                    otid.filter(|_| mt.has_otid()),
                    dtid.filter(|_| mt.has_dtid()),
                ),
                offset,
                detail,
            )
        };
        let badly = |e: BerError| {
            fail(
                PAbortCause::BADLY_FORMATTED_TRANSACTION_PORTION,
                e.offset(),
                Detail::Ber(e),
            )
        };
        let incorrect = |offset: usize, detail: Detail| {
            fail(PAbortCause::INCORRECT_TRANSACTION_PORTION, offset, detail)
        };

        // The message must be one constructed element filling the data: a wrong length indication
        // is a badly formatted transaction portion.
        let mut top = Decoder::new(raw);
        let msg = top.element("message").map_err(badly)?;
        top.finish().map_err(badly)?;
        let mut d = msg.decoder().map_err(badly)?;

        // The transaction portion: the elements of the message type, in order.
        let mut rank = 0u8;
        let (mut otid, mut dtid) = (None, None);
        let mut p_abort_cause = None;
        let mut dialogue_tlv: Option<Tlv<'_>> = None;
        let mut components_tlv: Option<Tlv<'_>> = None;
        while let Some(t) = d.next().map_err(badly)? {
            let this = if t.tag == OTID && mt.has_otid() {
                1
            } else if t.tag == DTID && mt.has_dtid() {
                2
            } else if t.tag == DIALOGUE_PORTION
                || (t.tag == P_ABORT_CAUSE && mt == MessageType::Abort)
            {
                // An Abort's reason is one or the other.
                3
            } else if t.tag == COMPONENT_PORTION && mt != MessageType::Abort {
                4
            } else if t.tag == OTID || t.tag == DTID {
                return Err(incorrect(
                    t.offset,
                    Detail::Rule("a transaction id this message type does not carry"),
                ));
            } else {
                return Err(incorrect(t.offset, Detail::UnknownTag(t.tag)));
            };
            if this <= rank {
                return Err(incorrect(
                    t.offset,
                    Detail::Rule("an element repeated or out of order"),
                ));
            }
            rank = this;
            if t.tag == OTID || t.tag == DTID {
                // Q.773: OCTET STRING (SIZE (1..4)).
                let id = TransactionId::from_tlv(&t).ok_or_else(|| {
                    fail(
                        PAbortCause::BADLY_FORMATTED_TRANSACTION_PORTION,
                        t.offset,
                        Detail::Rule("a transaction id that is not 1 to 4 octets"),
                    )
                })?;
                if t.tag == OTID {
                    otid = Some(id);
                } else {
                    dtid = Some(id);
                }
            } else if t.tag == P_ABORT_CAUSE {
                p_abort_cause = Some(PAbortCause(t.integer().map_err(badly)?));
            } else if t.tag == DIALOGUE_PORTION {
                dialogue_tlv = Some(t);
            } else {
                components_tlv = Some(t);
            }
        }
        let missing = |what: &'static str| incorrect(msg.offset, Detail::Rule(what));
        let mut message = match mt {
            MessageType::Unidirectional => {
                if components_tlv.is_none() {
                    return Err(missing("a Unidirectional without components"));
                }
                Self::Unidirectional(Unidirectional {
                    dialogue_portion: None,
                    components: std::mem::take(&mut components),
                })
            }
            MessageType::Begin => Self::Begin(Begin {
                otid: otid.ok_or_else(|| missing("a Begin without otid"))?,
                dialogue_portion: None,
                components: std::mem::take(&mut components),
            }),
            MessageType::End => Self::End(End {
                dtid: dtid.ok_or_else(|| missing("an End without dtid"))?,
                dialogue_portion: None,
                components: std::mem::take(&mut components),
            }),
            MessageType::Continue => Self::Continue(Continue {
                otid: otid.ok_or_else(|| missing("a Continue without otid"))?,
                dtid: dtid.ok_or_else(|| missing("a Continue without dtid"))?,
                dialogue_portion: None,
                components: std::mem::take(&mut components),
            }),
            MessageType::Abort => Self::Abort(Abort {
                dtid: dtid.ok_or_else(|| missing("an Abort without dtid"))?,
                reason: p_abort_cause.map(AbortReason::PAbort),
            }),
        };
        let components_decoder = match components_tlv {
            Some(t) => Some(t.decoder().map_err(badly)?),
            None => None,
        };

        // The dialogue portion (Q.774 Figure A.5).
        if let Some(t) = dialogue_tlv {
            let dialogue = decode_dialogue(mt, &t, data).map_err(|(problem, offset, detail)| {
                DecodeError::DialoguePortion {
                    message_type: mt,
                    problem,
                    otid,
                    dtid,
                    offset,
                    detail,
                }
            })?;
            message.set_dialogue(dialogue);
        }

        // The components (Q.774 component sub-layer): stop at the first faulty one, keeping the others.
        if let Some(mut cd) = components_decoder {
            let mut index = 0;
            loop {
                let at = cd.offset();
                let rest = cd.remaining();
                let fault = match cd.next() {
                    Ok(None) => break,
                    Ok(Some(t)) => match Component::decode(&t, data) {
                        Ok(c) => {
                            message.push_component(c);
                            index += 1;
                            continue;
                        }
                        Err(fault) => fault,
                    },
                    // The component's own framing is broken: badly structured.
                    Err(e) => ComponentFault {
                        problem: GeneralProblem::BADLY_STRUCTURED_COMPONENT,
                        invoke_id: salvage_invoke_id(rest, at),
                        component_type: ber::header(rest, at)
                            .ok()
                            .and_then(|h| ComponentType::from_tag(h.tag)),
                        offset: e.offset(),
                        detail: Detail::Ber(e),
                    },
                };
                return Err(DecodeError::Component {
                    partial: Box::new(message),
                    index,
                    component_type: fault.component_type,
                    invoke_id: fault.invoke_id,
                    problem: fault.problem,
                    offset: fault.offset,
                    detail: fault.detail,
                });
            }
        }
        Ok(message)
    }

    fn set_dialogue(&mut self, dialogue: DialoguePortion) {
        match self {
            Self::Unidirectional(m) => m.dialogue_portion = Some(dialogue),
            Self::Begin(m) => m.dialogue_portion = Some(dialogue),
            Self::End(m) => m.dialogue_portion = Some(dialogue),
            Self::Continue(m) => m.dialogue_portion = Some(dialogue),
            Self::Abort(m) => m.reason = Some(AbortReason::Dialogue(dialogue)),
        }
    }

    fn push_component(&mut self, c: Component) {
        match self {
            Self::Unidirectional(m) => m.components.push(c),
            Self::Begin(m) => m.components.push(c),
            Self::End(m) => m.components.push(c),
            Self::Continue(m) => m.components.push(c),
            // The transaction portion check lets no component portion into an Abort.
            Self::Abort(_) => {}
        }
    }
}

impl fmt::Display for Message {
    /// One line, e.g. `Begin otid=01020304 aarq acn=0.4.0.1.1.1.0.0 [Invoke id=1 op=0 param=31B]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message_type())?;
        if let Some(otid) = self.otid() {
            write!(f, " otid={otid}")?;
        }
        if let Some(dtid) = self.dtid() {
            write!(f, " dtid={dtid}")?;
        }
        if let Self::Abort(Abort {
            reason: Some(AbortReason::PAbort(cause)),
            ..
        }) = self
        {
            write!(f, " p-abort={cause}")?;
        }
        if let Some(d) = self.dialogue() {
            write!(f, " {d}")?;
        }
        let components = self.components();
        if !components.is_empty() {
            f.write_str(" [")?;
            for (i, c) in components.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{c}")?;
            }
            f.write_str("]")?;
        }
        Ok(())
    }
}

type Ids = (Option<TransactionId>, Option<TransactionId>);

fn transaction_error(
    message_type: Option<MessageType>,
    cause: PAbortCause,
    (otid, dtid): Ids,
    offset: usize,
    detail: Detail,
) -> DecodeError {
    DecodeError::TransactionPortion {
        message_type,
        cause,
        otid,
        dtid,
        offset,
        detail,
    }
}

/// The first well-formed otid and dtid among the elements of a message that may be truncated or
/// corrupt further on (Q.774 Figure A.3 sheet 4: "OTID derivable?", "DTID assigned?").
fn salvage_ids(raw: &[u8]) -> Ids {
    let Ok(h) = ber::header(raw, 0) else {
        return (None, None);
    };
    if !h.constructed {
        return (None, None);
    }
    let end = match h.content_len {
        Some(l) => h.len.saturating_add(l).min(raw.len()),
        None => raw.len(),
    };
    let Some(content) = raw.get(h.len..end) else {
        return (None, None);
    };
    let (mut otid, mut dtid) = (None, None);
    let mut d = Decoder::with_origin(content, h.len);
    while let Ok(Some(t)) = d.next() {
        if t.tag == OTID && otid.is_none() {
            otid = TransactionId::from_tlv(&t);
        } else if t.tag == DTID && dtid.is_none() {
            dtid = TransactionId::from_tlv(&t);
        }
    }
    (otid, dtid)
}

/// Decodes a dialogue portion and checks it fits the message (Q.774 Figure A.5: "dialogue portion
/// correct?", "is version 1 supported?").
fn decode_dialogue(
    mt: MessageType,
    t: &Tlv<'_>,
    src: &Bytes,
) -> Result<DialoguePortion, (DialogueProblem, usize, Detail)> {
    let abnormal = DialogueProblem::AbnormalDialogue;
    let dialogue = DialoguePortion::decode(t, src).map_err(|f| (abnormal, f.offset, f.detail))?;
    let v1 = |pv: Option<ProtocolVersion>| pv.is_none_or(|v| v.has_version1());
    let wrong_version = (abnormal, t.offset, Detail::Rule("no protocol version 1"));
    match (mt, &dialogue) {
        (MessageType::Begin, DialoguePortion::Aarq(a)) => {
            if !v1(a.protocol_version) {
                return Err((
                    DialogueProblem::NoCommonDialoguePortion {
                        application_context_name: a.application_context_name,
                    },
                    t.offset,
                    Detail::Rule("the AARQ does not offer protocol version 1"),
                ));
            }
        }
        (MessageType::Continue | MessageType::End, DialoguePortion::Aare(a)) => {
            if !v1(a.protocol_version) {
                return Err(wrong_version);
            }
        }
        (MessageType::Abort, DialoguePortion::Aare(a)) => {
            if !v1(a.protocol_version) {
                return Err(wrong_version);
            }
            // Figure A.5 sheet 8: "Is PDU type = ABRT or AARE (rejected)?"
            if a.result != AssociateResult::REJECT_PERMANENT {
                return Err((
                    abnormal,
                    t.offset,
                    Detail::Rule("an AARE in an Abort that does not refuse the dialogue"),
                ));
            }
        }
        (MessageType::Unidirectional, DialoguePortion::Audt(a)) => {
            if !v1(a.protocol_version) {
                return Err(wrong_version);
            }
        }
        (MessageType::Abort, DialoguePortion::Abrt(_)) => {}
        _ => {
            return Err((
                abnormal,
                t.offset,
                Detail::Rule("an APDU this message type does not carry"),
            ));
        }
    }
    Ok(dialogue)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::component::{Code, Invoke};
    use hex_literal::hex;

    const CS1: Oid = Oid::from_arcs(&[0, 4, 0, 1, 1, 1, 0, 0]);

    #[test]
    fn decode_reusing_fills_the_given_list() {
        let m = Message::end_accepted(
            TransactionId::from_u32(7),
            CS1,
            vec![Component::Invoke(Invoke::new(1, Code::Local(22), None))],
        );
        let bytes = m.to_bytes();
        let mut spare = Vec::with_capacity(4);
        spare.push(Component::Invoke(Invoke::new(9, Code::Local(1), None)));
        let ptr = spare.as_ptr();
        let decoded = Message::decode_reusing(&bytes, spare).unwrap();
        assert_eq!(decoded, m, "the old content is cleared");
        let Message::End(end) = decoded else {
            unreachable!()
        };
        assert_eq!(end.components.as_ptr(), ptr, "the same allocation");
    }

    #[test]
    fn end_accepted_round_trip_and_display() {
        let m = Message::end_accepted(
            TransactionId::from_u32(0x0102_0304),
            CS1,
            vec![Component::Invoke(Invoke::new(1, Code::Local(22), None))],
        );
        let bytes = m.to_bytes();
        assert_eq!(Message::decode(&bytes).unwrap(), m);
        assert_eq!(
            m.to_string(),
            "End dtid=01020304 aare acn=0.4.0.1.1.1.0.0 accepted user:null [Invoke id=1 op=22]"
        );
    }

    #[test]
    fn salvage_reads_ids_before_a_fault() {
        // Continue whose length runs past the data, dtid readable, then a broken element.
        let raw = hex!("65 40 48 01 aa 49 02 bb cc 6c 30");
        assert_eq!(
            salvage_ids(&raw),
            (
                TransactionId::new(&[0xaa]),
                TransactionId::new(&[0xbb, 0xcc])
            )
        );
        assert_eq!(salvage_ids(&hex!("48 01 aa")), (None, None));
        assert_eq!(salvage_ids(&[]), (None, None));
    }

    #[test]
    fn p_abort_display() {
        let m = Message::p_abort(
            TransactionId::from_u32(7),
            PAbortCause::UNRECOGNIZED_TRANSACTION_ID,
        );
        assert_eq!(
            m.to_string(),
            "Abort dtid=00000007 p-abort=unrecognizedTransactionID"
        );
        assert_eq!(m.to_vec(), hex!("67 09 49 04 00 00 00 07 4a 01 01"));
    }
}
