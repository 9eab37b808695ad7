//! Decode errors and their Q.774 consequences.

use std::fmt;

use crate::ber::{BerError, Oid, Tag};
use crate::component::{Component, ComponentType, GeneralProblem, InvokeId, Problem, Reject};
use crate::dialogue::{
    Aare, Abrt, AbrtSource, AssociateSourceDiagnostic, DialoguePortion, DialogueServiceProvider,
};
use crate::message::{Abort, AbortReason, Message};
use crate::transaction::{MessageType, PAbortCause, TransactionId};

/// What exactly was wrong, under the Q.774 classification a [`DecodeError`] gives.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Detail {
    /// The BER reader refused the octets (framing, form or contents).
    Ber(BerError),
    /// A rule of Q.773 was broken; the text names it.
    Rule(&'static str),
    /// An element carries a tag the standard does not define there.
    UnknownTag(Tag),
}

impl fmt::Display for Detail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Ber(e) => write!(f, "{e}"),
            Self::Rule(r) => f.write_str(r),
            Self::UnknownTag(t) => write!(f, "unknown tag {t}"),
        }
    }
}

/// Why a dialogue portion is not acceptable, with the answer Q.774 gives to each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialogueProblem {
    /// The dialogue portion is incorrect: broken syntax, an unknown abstract syntax, an APDU the
    /// message may not carry, or an AARE/AUDT without protocol version 1. Q.774 Annex A (Figure
    /// A.5): the components are discarded, the local TC-user gets TC-P-ABORT "abnormal dialogue",
    /// and an ABRT with abort-source dialogue-service-provider goes to the peer when it can be
    /// addressed.
    AbnormalDialogue,
    /// A Begin's AARQ does not include protocol version 1. Q.774 Annex A (Figure A.5 sheet 3): the
    /// components are discarded and an Abort carrying an AARE (reject-permanent,
    /// dialogue-service-provider no-common-dialogue-portion) answers the Begin.
    NoCommonDialoguePortion {
        /// The application context name of the AARQ, which the AARE repeats.
        application_context_name: Oid,
    },
}

impl fmt::Display for DialogueProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::AbnormalDialogue => f.write_str("abnormal dialogue"),
            Self::NoCommonDialoguePortion { .. } => f.write_str("no common dialogue portion"),
        }
    }
}

/// Why a TCAP message could not be decoded, classified as Q.774 processes a received message:
/// transaction portion first, then dialogue portion, then each component. Every variant carries
/// the absolute octet offset of the fault (from the first octet of the TCAP message) and what
/// [`consequence`](Self::consequence) the receiver draws.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The transaction portion is unusable: the message type is unknown, the message or one of its
    /// elements is badly formatted, or the elements are not the ones of the message type.
    #[error("{}: {cause} at octet {offset}: {detail}", type_name(*.message_type))]
    TransactionPortion {
        /// The message type, if the tag names one.
        message_type: Option<MessageType>,
        /// The P-Abort cause Q.774 assigns.
        cause: PAbortCause,
        /// The originating transaction id, if one could be read (and the message type carries one).
        otid: Option<TransactionId>,
        /// The destination transaction id, if one could be read (and the message type carries one).
        dtid: Option<TransactionId>,
        /// Offset of the fault.
        offset: usize,
        /// What was wrong.
        detail: Detail,
    },
    /// The transaction portion is fine but the dialogue portion is not.
    #[error("{message_type}: {problem} at octet {offset}: {detail}")]
    DialoguePortion {
        /// The message type.
        message_type: MessageType,
        /// What Q.774 makes of it.
        problem: DialogueProblem,
        /// The originating transaction id (Begin, Continue).
        otid: Option<TransactionId>,
        /// The destination transaction id (End, Continue, Abort).
        dtid: Option<TransactionId>,
        /// Offset of the fault.
        offset: usize,
        /// What was wrong.
        detail: Detail,
    },
    /// The transaction and dialogue portions are fine, and so are the components before `index`
    /// (they are in `partial`), but component `index` is not. Q.774 stops at it: the components
    /// after it are not delivered.
    #[error(
        "{}: component {index} {}: {problem} at octet {offset}: {detail}",
        .partial.message_type(), component_name(*.component_type)
    )]
    Component {
        /// The message as decoded so far: every portion, and the components before `index`.
        partial: Box<Message>,
        /// The position of the faulty component in the component portion (from 0).
        index: usize,
        /// Its type, when its tag names one.
        component_type: Option<ComponentType>,
        /// Its invoke id, when it could be derived (otherwise the Reject carries NULL).
        invoke_id: Option<InvokeId>,
        /// The general problem to reject it with.
        problem: GeneralProblem,
        /// Offset of the fault.
        offset: usize,
        /// What was wrong.
        detail: Detail,
    },
}

fn type_name(t: Option<MessageType>) -> &'static str {
    t.map_or("unrecognized message", MessageType::name)
}

fn component_name(t: Option<ComponentType>) -> &'static str {
    t.map_or("(unrecognized)", ComponentType::name)
}

impl DecodeError {
    /// The absolute octet offset of the fault, from the start of the TCAP message.
    pub fn offset(&self) -> usize {
        match self {
            Self::TransactionPortion { offset, .. }
            | Self::DialoguePortion { offset, .. }
            | Self::Component { offset, .. } => *offset,
        }
    }

    /// The message type, when the message's tag names one.
    pub fn message_type(&self) -> Option<MessageType> {
        match self {
            Self::TransactionPortion { message_type, .. } => *message_type,
            Self::DialoguePortion { message_type, .. } => Some(*message_type),
            Self::Component { partial, .. } => Some(partial.message_type()),
        }
    }

    /// What was wrong.
    pub fn detail(&self) -> &Detail {
        match self {
            Self::TransactionPortion { detail, .. }
            | Self::DialoguePortion { detail, .. }
            | Self::Component { detail, .. } => detail,
        }
    }

    /// The message decoded up to a faulty component.
    pub fn partial(&self) -> Option<&Message> {
        match self {
            Self::Component { partial, .. } => Some(partial),
            _ => None,
        }
    }

    /// What Q.774 has the receiver do about this message.
    pub fn consequence(&self) -> Consequence {
        match self {
            Self::TransactionPortion {
                cause, otid, dtid, ..
            } => Consequence::PAbort {
                cause: *cause,
                otid: *otid,
                dtid: *dtid,
            },
            Self::DialoguePortion {
                problem,
                otid,
                dtid,
                ..
            } => Consequence::DialogueAbort {
                problem: *problem,
                otid: *otid,
                dtid: *dtid,
            },
            Self::Component {
                partial,
                invoke_id,
                problem,
                ..
            } => Consequence::Reject {
                otid: partial.otid(),
                dtid: partial.dtid(),
                invoke_id: *invoke_id,
                problem: Problem::General(*problem),
            },
        }
    }
}

/// What Q.774 has the receiver of a malformed message do. The transaction ids are the ones read
/// from the received message: its `otid` is where an answer goes (the answer's dtid), its `dtid`
/// names the receiver's own transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Consequence {
    /// Q.774 Annex A, Figure A.3 sheet 4 (transaction sub-layer): discard the message; if `dtid`
    /// names an assigned transaction, end it locally (TR-P-ABORT, i.e. TC-P-ABORT to the TC-user);
    /// if `otid` is known, send the peer an Abort with P-Abort `cause` addressed to it
    /// ([`abort_message`](Self::abort_message)). A Unidirectional, an End or an Abort has no otid,
    /// so it is never answered.
    PAbort {
        /// The P-Abort cause.
        cause: PAbortCause,
        /// The received originating transaction id.
        otid: Option<TransactionId>,
        /// The received destination transaction id.
        dtid: Option<TransactionId>,
    },
    /// Q.774 Annex A, Figure A.5 (dialogue handling): discard the components; if `dtid` names an
    /// assigned transaction, end it with TC-P-ABORT to the TC-user ("abnormal dialogue" or
    /// "no common dialogue portion"); if `otid` is known (a Begin or a Continue), send the Abort
    /// [`abort_message`](Self::abort_message) builds.
    DialogueAbort {
        /// What was wrong with the dialogue portion.
        problem: DialogueProblem,
        /// The received originating transaction id.
        otid: Option<TransactionId>,
        /// The received destination transaction id.
        dtid: Option<TransactionId>,
    },
    /// Q.774, component sub-layer: the transaction and dialogue are fine; deliver the
    /// components decoded before the faulty one, tell the TC-user (TC-L-REJECT) and queue the
    /// Reject [`reject_component`](Self::reject_component) builds, to be sent with the next
    /// message of the dialogue. A Unidirectional or an End leaves no dialogue to send it in: the
    /// rejection is then local only. The consequence does not look at the faulty component's type;
    /// a layer that does not want to reject a Reject checks
    /// [`DecodeError::Component`]'s `component_type`.
    Reject {
        /// The received originating transaction id.
        otid: Option<TransactionId>,
        /// The received destination transaction id.
        dtid: Option<TransactionId>,
        /// The faulty component's invoke id, if it could be derived.
        invoke_id: Option<InvokeId>,
        /// The problem.
        problem: Problem,
    },
}

impl Consequence {
    /// The Abort to send to the peer, if Q.774 sends one: for a P-Abort, an Abort with the cause; for
    /// an abnormal dialogue, an Abort carrying an ABRT from the dialogue-service-provider; for no
    /// common dialogue portion, an Abort carrying an AARE (reject-permanent, dialogue-service-provider
    /// no-common-dialogue-portion). `None` when the received message has no otid to address it to,
    /// and for a Reject.
    pub fn abort_message(&self) -> Option<Message> {
        let (otid, reason) = match self {
            Self::PAbort { cause, otid, .. } => (otid, AbortReason::PAbort(*cause)),
            Self::DialogueAbort { problem, otid, .. } => (
                otid,
                AbortReason::Dialogue(match problem {
                    DialogueProblem::AbnormalDialogue => {
                        DialoguePortion::Abrt(Abrt::new(AbrtSource::DIALOGUE_SERVICE_PROVIDER))
                    }
                    DialogueProblem::NoCommonDialoguePortion {
                        application_context_name,
                    } => DialoguePortion::Aare(Aare::rejected(
                        *application_context_name,
                        AssociateSourceDiagnostic::DialogueServiceProvider(
                            DialogueServiceProvider::NO_COMMON_DIALOGUE_PORTION,
                        ),
                    )),
                }),
            ),
            Self::Reject { .. } => return None,
        };
        let dtid = (*otid)?;
        Some(Message::Abort(Abort {
            dtid,
            reason: Some(reason),
        }))
    }

    /// The Reject component to queue, for a [`Consequence::Reject`].
    pub fn reject_component(&self) -> Option<Component> {
        match self {
            Self::Reject {
                invoke_id, problem, ..
            } => Some(Component::Reject(Reject {
                invoke_id: *invoke_id,
                problem: *problem,
            })),
            _ => None,
        }
    }
}

/// Why the dialogue layer ([`crate::tsm::Shard`]) refused a TC-user request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RequestError {
    /// No dialogue has this id (it ended, or never existed in this shard).
    #[error("no dialogue {0}")]
    UnknownDialogue(TransactionId),
    /// The request is not allowed in the dialogue's state (Q.774 Annex A: e.g. a
    /// TC-CONTINUE before the peer's transaction id is known).
    #[error("{request} not allowed in state {state}")]
    InvalidState {
        /// The request.
        request: &'static str,
        /// The dialogue's state.
        state: &'static str,
    },
    /// The shard holds its configured maximum of dialogues.
    #[error("dialogue table full")]
    ResourceLimitation,
    /// All 256 invoke ids of the dialogue are taken by operations in progress.
    #[error("no free invoke id")]
    NoFreeInvokeId,
    /// No operation in progress has this invoke id.
    #[error("no operation in progress with invoke id {0}")]
    UnknownInvokeId(InvokeId),
}

/// Why a [`crate::tsm::Config`] was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// `shards` is 0, or `shard` is not below it.
    #[error("shard {shard} of {shards}")]
    Shard {
        /// The shard index.
        shard: u32,
        /// The number of shards.
        shards: u32,
    },
    /// `max_dialogues` is 0 or larger than the transaction ids one shard owns.
    #[error("max_dialogues {max} outside 1..={limit}")]
    MaxDialogues {
        /// The configured maximum.
        max: usize,
        /// The largest allowed value.
        limit: u64,
    },
}
