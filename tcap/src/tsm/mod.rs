//! The TC dialogue layer (ITU-T Q.774 §3 and Annex A): transactions, dialogues and a light component
//! sub-layer, sans I/O.
//!
//! The module is named after Q.774's *transaction state machine* (TSM), whose four states it
//! implements; around it sit the dialogue handling of Q.774 Annex A (Figure A.5: application
//! context negotiation, AARQ/AARE/ABRT) and the parts of the component sub-layer an SCP needs
//! (invoke ids, invoke timers, Reject of unexpected results).
//!
//! A [`Shard`] owns a table of dialogues. A service runs N shards, one per worker task, each with
//! its own [`Config::shard`] index: the index is part of every transaction id the shard allocates,
//! so an incoming Continue, End or Abort is routed by its dtid ([`peek_dtid`], [`shard_of`]) without
//! a lock or a shared table, and a Begin may go to any shard.
//!
//! # Call order
//! Like quinn's `Connection`: feed input with [`Shard::handle_message`] (each received TCAP message
//! and the peer it came from) and [`Shard::handle_timeout`] (when [`Shard::poll_timeout`]'s instant
//! has passed); issue TC-user requests ([`Shard::new_dialogue`], [`Shard::begin`],
//! [`Shard::continue_dialogue`], [`Shard::end`], [`Shard::u_abort`], [`Shard::invoke`],
//! [`Shard::reset_timer`], [`Shard::cancel`]); after any of these, drain [`Shard::poll_transmit`]
//! (messages to send) and [`Shard::poll_indication`] (TC primitives for the user), then ask
//! [`Shard::poll_timeout`] when to call again. Time is always an argument; nothing reads a clock.
//!
//! # Transaction states (Q.774 transaction sub-layer, Annex A)
//! ```text
//!                     (1)
//!       +------+ ------------------> +-----+
//!       |      | <------------------ | IS  |
//!       |      |         (3)         +-----+
//!       | idle |                        |
//!       |      |                        | (2)
//!       |      |         (6)            v
//!       |      | <---------------- +--------+ ---+
//!       +------+                   | active |    | (5)
//!         |  ^                     +--------+ <--+
//!     (7) |  | (8)                      ^
//!         v  |                          | (4)
//!       +------+                        |
//!       |  IR  | -----------------------+
//!       +------+
//! ```
//! 1. TC-BEGIN request: send Begin (with an AARQ in AC mode).
//! 2. Continue received: the peer's transaction id and address are fixed (in AC mode it must
//!    carry an AARE accepted) → TC-CONTINUE indication.
//! 3. End received (an AARE accepted in AC mode) → TC-END; Abort received → TC-U-ABORT or
//!    TC-P-ABORT; TC-END prearranged or TC-U-ABORT request, idle timer: released locally, nothing
//!    sent (the peer's id is unknown); a wrong dialogue portion → TC-P-ABORT (and an ABRT to a
//!    Continue's otid).
//! 4. TC-CONTINUE request: send Continue (with an AARE accepted in AC mode).
//! 5. Continue received → TC-CONTINUE; TC-CONTINUE request → send Continue; no dialogue portion.
//! 6. End received → TC-END; Abort received → TC-U-ABORT or TC-P-ABORT; TC-END basic → send End;
//!    TC-END prearranged → nothing sent; TC-U-ABORT → send Abort (ABRT in AC mode); idle timer →
//!    send P-Abort resourceLimitation, TC-P-ABORT; a malformed message → TC-P-ABORT (and the
//!    P-Abort or ABRT to its otid, if it had one).
//! 7. Begin received, its context accepted, room in the table → TC-BEGIN indication (otherwise an
//!    Abort answers it and no dialogue exists).
//! 8. TC-END basic → send End (with an AARE accepted in AC mode); TC-END prearranged → nothing
//!    sent; TC-U-ABORT → send Abort (an AARE refusing the dialogue or an ABRT in AC mode, no reason
//!    otherwise); idle timer → send P-Abort resourceLimitation, TC-P-ABORT.
//!
//! [`Shard::new_dialogue`] makes a table entry in the idle state (the TC-user has a dialogue id
//! and may queue invokes before TC-BEGIN); every other idle dialogue has no entry.
//!
//! # Decisions
//! - **Transaction ids**: always 4 octets, `tid = n × shards + shard`, with `n` from a per-shard
//!   counter that starts at [`Config::first_tid`] (the caller's seed, e.g. taken from the clock at
//!   start-up so a restart does not reuse the previous run's ids) and skips ids in use. An id comes
//!   back only after the shard has used every other one (2³² / shards of them).
//! - **Who may address a dialogue**: only a dialogue whose id the peer has been sent (states IS
//!   and active) matches a received dtid; a message for a dialogue in IR (its id not disclosed yet)
//!   is treated as one for an unknown transaction.
//! - **Unknown dtid** (Q.774 Annex A, Figure A.3: "DTID assigned?"): a Continue is answered with a P-Abort
//!   unrecognizedTransactionID to its otid; an End or an Abort is discarded (an Abort is never
//!   answered with an Abort).
//! - **Application context** (Q.774 Figure A.5; the TC-user's decision, taken here from
//!   [`Config::application_contexts`]): an AARQ naming a context in the set is accepted; any other
//!   is refused with an Abort carrying an AARE reject-permanent, dialogue-service-user
//!   application-context-name-not-supported, naming the configured context closest to the proposed
//!   one (the longest common arc prefix, ties to the first configured) as the one we support. An
//!   empty set refuses every AARQ. A Begin without a dialogue portion is always accepted, as a
//!   dialogue without AC mode: its answers carry no dialogue portion (Q.774: a dialogue portion
//!   only answers one), and the TC-user is told [`Config::default_context`] as its context (`None`:
//!   a version-less, AC-less dialogue).
//! - **AARE**: the first backward message of an AC-mode dialogue (Continue or End from IR) carries
//!   an AARE accepted; later messages carry no dialogue portion. On the initiating side the first
//!   backward message must carry an AARE accepted exactly when the Begin had an AARQ, and a later
//!   one no dialogue portion; otherwise the dialogue is abnormal (Q.774 Figure A.5): TC-P-ABORT to
//!   the user and, if the message was a Continue, an Abort with an ABRT from the
//!   dialogue-service-provider to its otid.
//! - **Malformed messages** follow [`DecodeError::consequence`]: P-Abort to the otid when it could
//!   be read, TC-P-ABORT to the user when the dtid names one of our dialogues, nothing when no id
//!   is readable; a faulty component is rejected (TC-L-REJECT to the user and a Reject component
//!   queued for the next message of the dialogue) after the components before it are delivered;
//!   a faulty Reject component, and any faulty component of an End or a Unidirectional, is only
//!   reported (there is nothing to send the Reject in, and a Reject is never rejected).
//! - **Component checks** (Q.774 §3.2, the component sub-layer's ISM): a ReturnResult or ReturnError whose invoke id names no
//!   operation in progress is rejected unrecognizedInvokeID; one the operation's class does not
//!   allow (a result for class 2 or 4, an error for class 3 or 4) returnResultUnexpected /
//!   returnErrorUnexpected; an Invoke linked to no operation in progress unrecognizedLinkedID. The
//!   rejected component is removed from what the user gets. Received Rejects and ReturnErrors are
//!   handed to the user (a Reject also ends the operation it names). Incoming invoke ids are not
//!   tracked (no duplicateInvokeID check), and the ISM's "wait for reject" state after a final
//!   result is not kept: the operation ends at once.
//! - **TC-L-REJECT order**: the message's indication comes first, then one
//!   [`Indication::LocalReject`] per rejected component, in order. The queued Rejects leave with
//!   the user's next [`continue_dialogue`](Shard::continue_dialogue) or [`end`](Shard::end),
//!   before the components given there; a user who has nothing to say should send a Continue.
//! - **Invoke timers**: every operation the user invokes through [`Shard::invoke`] gets a timer,
//!   whatever its class, started when the Invoke is queued (it leaves with the dialogue's next
//!   message); on expiry the operation ends and the user gets TC-L-CANCEL
//!   ([`Indication::Cancel`]). Components the user puts directly into a request are sent as they
//!   are, untracked. When a dialogue ends, its operations end silently (Q.774: the ISMs are
//!   terminated with the dialogue).
//! - **Idle timer** (not a Q.774 timer; the guard every implementation keeps so a lost message
//!   does not leak a dialogue): every message sent or received restarts it; on expiry the dialogue
//!   is released locally, the user gets TC-P-ABORT ([`ProviderAbort::IdleTimeout`]) and, when the
//!   peer knows the transaction (IR: its otid; active), an Abort with P-Abort cause
//!   **resourceLimitation** goes to the peer. A P-Abort, not a U-Abort: the TC-user did not ask
//!   for the release, the provider ended the transaction to free its resources, which is what that
//!   cause tells the peer's user (TC-P-ABORT); an ABRT from the dialogue-service-provider would
//!   claim a protocol error instead. In IS nothing is sent (the peer's id is unknown).
//! - **Capacity**: a Begin arriving when the table holds [`Config::max_dialogues`] is answered
//!   with a P-Abort resourceLimitation (Q.774 Figure A.3, "resources available?") and
//!   counted; [`Shard::new_dialogue`] fails with [`RequestError::ResourceLimitation`].
//! - **Timers** sit in one binary heap (O(log n)) with lazy deletion: an entry whose dialogue or
//!   operation is gone is dropped when it reaches the top; a dialogue keeps one idle entry, moved
//!   to its new deadline when it surfaces. [`Shard::poll_timeout`] drops dead entries at the top
//!   first, but may still return an instant at which nothing happens.
//! - **Allocation**: a Begin in and an End out allocate nothing once the shard is warm: the
//!   component lists of received messages come from a pool that [`Shard::recycle`] refills
//!   (give back the list of every [`Transmit`] once encoded, and of every indication once read),
//!   the queues and the table keep their capacity, and transaction ids, AARQ/AARE and
//!   [`DialogueId`]s are inline values.

mod stats;

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::time::{Duration, Instant};

use bytes::Bytes;

pub use stats::{PAbortCounts, RejectCounts, Stats};

use crate::ber::{self, Decoder, Oid, Tag};
use crate::component::{
    Code, Component, ComponentType, Invoke, InvokeId, InvokeProblem, Parameter, Problem, Reject,
    ReturnErrorProblem, ReturnResultProblem,
};
use crate::dialogue::{
    Aare, Aarq, Abrt, AbrtSource, AssociateResult, AssociateSourceDiagnostic, DialoguePortion,
    DialogueServiceProvider, DialogueServiceUser, UserInformation,
};
use crate::error::{ConfigError, Consequence, DecodeError, DialogueProblem, RequestError};
use crate::message::{Abort, AbortReason, Begin, Continue, End, Message, Unidirectional};
use crate::transaction::{MessageType, PAbortCause, TransactionId};

/// `DestTransactionID ::= [APPLICATION 9]` (Q.773).
const DTID: Tag = Tag::application(9);

/// The destination transaction id of a Continue, End or Abort, read from the first elements of the
/// message without decoding the rest; `None` for a Begin or a Unidirectional (route those to any
/// shard) and for anything unreadable. Bounded work, never panics.
pub fn peek_dtid(data: &[u8]) -> Option<TransactionId> {
    let h = ber::header(data, 0).ok()?;
    let mt = MessageType::from_tag(h.tag)?;
    if !h.constructed || !mt.has_dtid() {
        return None;
    }
    let end = match h.content_len {
        Some(l) => h.len.saturating_add(l).min(data.len()),
        None => data.len(),
    };
    let mut d = Decoder::new(data.get(h.len..end)?);
    // Q.773: the dtid is the first element of an End or an Abort, the second of a Continue.
    for _ in 0..2 {
        let t = d.next().ok()??;
        if t.tag == DTID {
            return TransactionId::from_tlv(&t);
        }
    }
    None
}

/// The shard (`0..shards`) that owns the transaction id `tid`, for routing a received message by
/// its dtid. An id this service never allocated (not 4 octets, or stale) still maps to some shard,
/// which answers it as unknown. `shards == 0` gives 0.
pub fn shard_of(tid: TransactionId, shards: u32) -> u32 {
    tid.to_u32().checked_rem(shards).unwrap_or(0)
}

/// A dialogue, named by the local transaction id the shard allocated for it (Q.771's dialogue id
/// is local; ours is the otid we send, so it also tells which shard owns the dialogue).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DialogueId(u32);

impl DialogueId {
    /// The dialogue with local transaction id `tid`, if it has the 4 octets this layer allocates.
    pub fn from_transaction_id(tid: TransactionId) -> Option<Self> {
        (tid.as_bytes().len() == TransactionId::MAX_LEN).then(|| Self(tid.to_u32()))
    }

    /// The local transaction id.
    pub fn transaction_id(self) -> TransactionId {
        TransactionId::from_u32(self.0)
    }

    /// The shard that owns the dialogue ([`shard_of`]).
    pub fn shard(self, shards: u32) -> u32 {
        shard_of(self.transaction_id(), shards)
    }
}

impl fmt::Display for DialogueId {
    /// The transaction id in hex, e.g. `0000a3c1`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:08x}", self.0)
    }
}

impl fmt::Debug for DialogueId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DialogueId({self})")
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for DialogueId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The configuration of one shard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// This shard's index, `0..shards`.
    pub shard: u32,
    /// How many shards the service runs (the same value for all of them).
    pub shards: u32,
    /// The most dialogues this shard holds at once.
    pub max_dialogues: usize,
    /// How long a dialogue may go without a message before it is released (see the module docs).
    pub idle_timeout: Duration,
    /// The application contexts an AARQ may propose (the CS-1 family, Q.1218, Ericsson CS1+, … as
    /// the service is configured); in order of preference.
    pub application_contexts: Vec<Oid>,
    /// The context a Begin without a dialogue portion is taken to use (told to the TC-user, never
    /// sent); `None`: such a dialogue has no context.
    pub default_context: Option<Oid>,
    /// Where the transaction id counter starts (the caller's seed; see the module docs).
    pub first_tid: u32,
}

impl Config {
    /// One shard of one, accepting `application_contexts`, 100 000 dialogues, a 60 s idle timer,
    /// no default context, ids from 0.
    pub fn new(application_contexts: Vec<Oid>) -> Self {
        Self {
            shard: 0,
            shards: 1,
            max_dialogues: 100_000,
            idle_timeout: Duration::from_secs(60),
            application_contexts,
            default_context: None,
            first_tid: 0,
        }
    }
}

/// The public view of a dialogue's state (the Q.774 transaction states).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum DialogueState {
    /// Allocated by [`Shard::new_dialogue`], nothing sent yet.
    Idle,
    /// A Begin was received and not answered yet.
    InitiationReceived,
    /// A Begin was sent and not answered yet.
    InitiationSent,
    /// Both transaction ids are known.
    Active,
}

impl DialogueState {
    /// The state's name in Q.774.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Idle => "idle",
            Self::InitiationReceived => "initiation received",
            Self::InitiationSent => "initiation sent",
            Self::Active => "active",
        }
    }
}

/// How a TC-END request ends the dialogue (Q.771).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Termination {
    /// Send an End.
    Basic,
    /// Release locally, send nothing (both sides know when the dialogue is over).
    Prearranged,
}

/// The reason of a TC-U-ABORT request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UserAbort {
    /// A user-specific abort: an ABRT with abort-source dialogue-service-user and this user
    /// information (AC mode), or an Abort without a reason (no AC mode).
    UserSpecific(Option<UserInformation>),
    /// Refuse the dialogue, in IR with AC mode: an AARE reject-permanent, dialogue-service-user
    /// application-context-name-not-supported. Elsewhere sent as [`UserAbort::UserSpecific`].
    ApplicationContextNotSupported,
    /// Refuse the dialogue, in IR with AC mode: an AARE reject-permanent, dialogue-service-user
    /// no-reason-given. Elsewhere sent as [`UserAbort::UserSpecific`].
    DialogueRefused,
}

/// An operation class (Q.771): which outcomes the invoker expects to hear of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OperationClass {
    /// Class 1: success and failure are reported.
    Class1,
    /// Class 2: only failure is reported.
    Class2,
    /// Class 3: only success is reported.
    Class3,
    /// Class 4: neither is reported.
    Class4,
}

impl OperationClass {
    /// Whether a ReturnResult may answer the operation.
    pub const fn reports_success(self) -> bool {
        matches!(self, Self::Class1 | Self::Class3)
    }

    /// Whether a ReturnError may answer the operation.
    pub const fn reports_failure(self) -> bool {
        matches!(self, Self::Class1 | Self::Class2)
    }
}

/// A TC-INVOKE request: the invoke id is allocated by the shard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvokeRequest {
    /// The operation.
    pub op_code: Code,
    /// Its argument, encoded.
    pub parameter: Option<Parameter>,
    /// The invoke id of the peer's operation this one is linked to.
    pub linked_id: Option<InvokeId>,
    /// The operation's class.
    pub class: OperationClass,
    /// How long the operation may stay without a final answer (TC-L-CANCEL after that).
    pub timeout: Duration,
}

/// Why the provider ended a dialogue (TC-P-ABORT, Q.771).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum ProviderAbort {
    /// The transaction sub-layer aborted: an Abort with this P-Abort cause was received, or a
    /// malformed message for the dialogue was (and the cause went back to the peer when it could).
    Transaction(PAbortCause),
    /// The dialogue portion was wrong (Q.774 Figure A.5), here or at the peer (an ABRT from the
    /// dialogue-service-provider).
    AbnormalDialogue,
    /// The peer found no protocol version in common (an AARE with dialogue-service-provider
    /// no-common-dialogue-portion).
    NoCommonDialoguePortion,
    /// The idle timer expired (see the module docs).
    IdleTimeout,
}

impl fmt::Display for ProviderAbort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Transaction(c) => write!(f, "{c}"),
            Self::AbnormalDialogue => f.write_str("abnormalDialogue"),
            Self::NoCommonDialoguePortion => f.write_str("noCommonDialoguePortion"),
            Self::IdleTimeout => f.write_str("idleTimeout"),
        }
    }
}

/// A TC primitive for the TC-user (Q.771 indications).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Indication<A> {
    /// TC-BEGIN: a peer opened a dialogue (state IR). Answer with
    /// [`continue_dialogue`](Shard::continue_dialogue), [`end`](Shard::end) or
    /// [`u_abort`](Shard::u_abort).
    Begin {
        /// The new dialogue.
        dialogue: DialogueId,
        /// Where it came from.
        peer: A,
        /// The accepted application context (the AARQ's, or [`Config::default_context`]).
        application_context: Option<Oid>,
        /// The components (give the list back with [`Shard::recycle`] or reuse it in the answer).
        components: Vec<Component>,
    },
    /// TC-CONTINUE.
    Continue {
        /// The dialogue.
        dialogue: DialogueId,
        /// Where it came from (the first Continue may change the peer's address: later messages go
        /// there).
        peer: A,
        /// The dialogue's application context (from the AARE on the first Continue).
        application_context: Option<Oid>,
        /// The components.
        components: Vec<Component>,
    },
    /// TC-END: the dialogue is over.
    End {
        /// The dialogue.
        dialogue: DialogueId,
        /// Where it came from.
        peer: A,
        /// The dialogue's application context.
        application_context: Option<Oid>,
        /// The components.
        components: Vec<Component>,
    },
    /// TC-U-ABORT: the peer's TC-user aborted or refused the dialogue; it is over.
    UAbort {
        /// The dialogue.
        dialogue: DialogueId,
        /// The ABRT or refusing AARE the peer sent (`None`: an Abort without a reason).
        reason: Option<DialoguePortion>,
    },
    /// TC-P-ABORT: the provider ended the dialogue.
    PAbort {
        /// The dialogue.
        dialogue: DialogueId,
        /// Why.
        cause: ProviderAbort,
    },
    /// TC-L-REJECT: a received component was rejected here; the Reject is queued for the next
    /// message of the dialogue when there is one.
    LocalReject {
        /// The dialogue.
        dialogue: DialogueId,
        /// The rejected component's invoke id, when derivable.
        invoke_id: Option<InvokeId>,
        /// The problem.
        problem: Problem,
    },
    /// TC-L-CANCEL: an operation's timer expired without a final answer.
    Cancel {
        /// The dialogue.
        dialogue: DialogueId,
        /// The operation's invoke id.
        invoke_id: InvokeId,
    },
    /// TC-UNI: a Unidirectional message.
    Unidirectional {
        /// Where it came from.
        peer: A,
        /// The AUDT's application context, if any.
        application_context: Option<Oid>,
        /// The components (a faulty one and those after it are dropped and counted).
        components: Vec<Component>,
    },
}

/// A message to send.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Transmit<A> {
    /// Where to (the SCCP calling address of the message answered, or the dialogue's peer).
    pub peer: A,
    /// The message; encode it with [`Message::encode`] into a reused buffer, then hand its
    /// component list back with [`Shard::recycle`].
    pub message: Message,
}

/// One shard of the TC dialogue layer: a table of dialogues with their timers, and the queues of
/// messages to send and indications to deliver. `A` is the caller's peer address (e.g. SCCP
/// calling address and M3UA routing), given back on every [`Transmit`]. See the module docs.
#[derive(Debug)]
pub struct Shard<A> {
    config: Config,
    /// How many transaction ids this shard owns: `n` in `tid = n × shards + shard` is below it.
    tid_space: u64,
    next_tid: u64,
    table: TidMap<Dialogue<A>>,
    timers: BinaryHeap<Reverse<Timer>>,
    transmits: VecDeque<Transmit<A>>,
    indications: VecDeque<Indication<A>>,
    spare_components: Vec<Vec<Component>>,
    spare_operations: Vec<Vec<Operation>>,
    serial: u64,
    timer_seq: u64,
    stats: Stats,
}

#[derive(Debug)]
struct Dialogue<A> {
    /// Distinguishes this dialogue from an earlier one with the same id, for stale timers.
    serial: u64,
    peer: A,
    state: State,
    /// Whether the dialogue uses a dialogue portion (AARQ sent or received).
    ac_mode: bool,
    application_context: Option<Oid>,
    idle_deadline: Instant,
    /// Components waiting for the next message: invokes and Rejects.
    queued: Vec<Component>,
    /// Operations this side invoked that have not ended (Q.774 ISMs in "operation sent").
    operations: Vec<Operation>,
    next_invoke_id: InvokeId,
}

/// Q.774 TSM states, each with the data valid in it (idle dialogues without an entry have none).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Idle,
    InitiationReceived { peer_tid: TransactionId },
    InitiationSent,
    Active { peer_tid: TransactionId },
}

impl State {
    fn public(self) -> DialogueState {
        match self {
            Self::Idle => DialogueState::Idle,
            Self::InitiationReceived { .. } => DialogueState::InitiationReceived,
            Self::InitiationSent => DialogueState::InitiationSent,
            Self::Active { .. } => DialogueState::Active,
        }
    }

    fn peer_tid(self) -> Option<TransactionId> {
        match self {
            Self::InitiationReceived { peer_tid } | Self::Active { peer_tid } => Some(peer_tid),
            Self::Idle | Self::InitiationSent => None,
        }
    }
}

#[derive(Clone, Copy, Debug)]
struct Operation {
    invoke_id: InvokeId,
    class: OperationClass,
    deadline: Instant,
    /// The timer entry that is current for this operation.
    seq: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Timer {
    at: Instant,
    tid: u32,
    serial: u64,
    kind: TimerKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum TimerKind {
    Idle,
    Invoke { invoke_id: InvokeId, seq: u64 },
}

/// A faulty component found by the decoder (Q.774 component sub-layer).
struct ComponentFault {
    component_type: Option<ComponentType>,
    invoke_id: Option<InvokeId>,
    problem: Problem,
}

/// A map keyed by our own transaction ids (as `u32`), hashed with [`TidHasher`].
pub type TidMap<V> = HashMap<u32, V, BuildHasherDefault<TidHasher>>;

/// Hashes our sequential transaction ids: a multiplicative hash with the high half folded in, so
/// the low bits the table indexes with vary. Not for keys a peer chooses (no protection against
/// collisions made on purpose): our ids are a counter nobody outside picks.
#[derive(Default)]
pub struct TidHasher(u64);

impl Hasher for TidHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u32(u32::from(b) ^ (self.0 as u32).rotate_left(8));
        }
    }

    fn write_u32(&mut self, v: u32) {
        let x = u64::from(v).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.0 = x ^ (x >> 29);
    }
}

/// How many component lists the pool keeps.
const SPARE_LISTS: usize = 256;

impl<A: Clone> Shard<A> {
    /// A shard with an empty table.
    pub fn new(config: Config) -> Result<Self, ConfigError> {
        if config.shards == 0 || config.shard >= config.shards {
            return Err(ConfigError::Shard {
                shard: config.shard,
                shards: config.shards,
            });
        }
        let tid_space = (1u64 << 32) / u64::from(config.shards);
        if config.max_dialogues == 0 || config.max_dialogues as u64 > tid_space {
            return Err(ConfigError::MaxDialogues {
                max: config.max_dialogues,
                limit: tid_space,
            });
        }
        let initial = config.max_dialogues.min(1024);
        Ok(Self {
            next_tid: u64::from(config.first_tid) % tid_space,
            tid_space,
            table: HashMap::with_capacity_and_hasher(initial, Default::default()),
            timers: BinaryHeap::with_capacity(initial * 2),
            transmits: VecDeque::with_capacity(64),
            indications: VecDeque::with_capacity(64),
            spare_components: Vec::with_capacity(SPARE_LISTS),
            spare_operations: Vec::new(),
            serial: 0,
            timer_seq: 0,
            stats: Stats::default(),
            config,
        })
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The counters, with the table size now.
    pub fn stats(&self) -> Stats {
        Stats {
            dialogues: self.table.len(),
            ..self.stats.clone()
        }
    }

    /// How many dialogues the table holds.
    pub fn len(&self) -> usize {
        self.table.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    /// A dialogue's state, `None` if it has no entry.
    pub fn state(&self, dialogue: DialogueId) -> Option<DialogueState> {
        self.table.get(&dialogue.0).map(|d| d.state.public())
    }

    /// The peer a dialogue's messages go to.
    pub fn peer(&self, dialogue: DialogueId) -> Option<&A> {
        self.table.get(&dialogue.0).map(|d| &d.peer)
    }

    /// A dialogue's application context.
    pub fn application_context(&self, dialogue: DialogueId) -> Option<Oid> {
        self.table
            .get(&dialogue.0)
            .and_then(|d| d.application_context)
    }

    /// The next message to send.
    pub fn poll_transmit(&mut self) -> Option<Transmit<A>> {
        self.transmits.pop_front()
    }

    /// The next indication for the TC-user.
    pub fn poll_indication(&mut self) -> Option<Indication<A>> {
        self.indications.pop_front()
    }

    /// Gives a component list back to the pool that decoding draws from (its contents are
    /// dropped, its capacity kept).
    pub fn recycle(&mut self, mut components: Vec<Component>) {
        if self.spare_components.len() < SPARE_LISTS && components.capacity() > 0 {
            components.clear();
            self.spare_components.push(components);
        }
    }

    /// When [`handle_timeout`](Self::handle_timeout) should be called next, `None` when no timer is
    /// running.
    pub fn poll_timeout(&mut self) -> Option<Instant> {
        while let Some(&Reverse(t)) = self.timers.peek() {
            match self.timer_target(&t) {
                TimerTarget::Dead => {
                    self.timers.pop();
                }
                TimerTarget::Moved(at) => {
                    self.timers.pop();
                    self.timers.push(Reverse(Timer { at, ..t }));
                }
                TimerTarget::Due => return Some(t.at),
            }
        }
        None
    }

    /// Runs the timers due at `now`: idle dialogues are released (see the module docs), expired
    /// operations cancelled (TC-L-CANCEL).
    pub fn handle_timeout(&mut self, now: Instant) {
        while let Some(&Reverse(t)) = self.timers.peek() {
            if t.at > now {
                break;
            }
            self.timers.pop();
            match self.timer_target(&t) {
                TimerTarget::Dead => {}
                TimerTarget::Moved(at) => self.timers.push(Reverse(Timer { at, ..t })),
                TimerTarget::Due => match t.kind {
                    TimerKind::Idle => self.idle_expired(t.tid),
                    TimerKind::Invoke { invoke_id, .. } => self.invoke_expired(t.tid, invoke_id),
                },
            }
        }
    }

    fn timer_target(&self, t: &Timer) -> TimerTarget {
        let Some(d) = self.table.get(&t.tid).filter(|d| d.serial == t.serial) else {
            return TimerTarget::Dead;
        };
        match t.kind {
            TimerKind::Idle if d.idle_deadline > t.at => TimerTarget::Moved(d.idle_deadline),
            TimerKind::Idle => TimerTarget::Due,
            TimerKind::Invoke { invoke_id, seq } => {
                match d.operations.iter().find(|o| o.invoke_id == invoke_id) {
                    Some(o) if o.seq == seq => TimerTarget::Due,
                    _ => TimerTarget::Dead,
                }
            }
        }
    }

    fn idle_expired(&mut self, tid: u32) {
        let Some(d) = self.table.remove(&tid) else {
            return;
        };
        self.stats.idle_timeouts += 1;
        if let Some(peer_tid) = d.state.peer_tid() {
            self.send_p_abort(d.peer.clone(), peer_tid, PAbortCause::RESOURCE_LIMITATION);
        }
        self.indications.push_back(Indication::PAbort {
            dialogue: DialogueId(tid),
            cause: ProviderAbort::IdleTimeout,
        });
        self.release(d);
    }

    fn invoke_expired(&mut self, tid: u32, invoke_id: InvokeId) {
        let Some(d) = self.table.get_mut(&tid) else {
            return;
        };
        d.operations.retain(|o| o.invoke_id != invoke_id);
        self.stats.invoke_timeouts += 1;
        self.indications.push_back(Indication::Cancel {
            dialogue: DialogueId(tid),
            invoke_id,
        });
    }

    // ---- TC-user requests ----

    /// Allocates a dialogue towards `peer` (state idle, nothing sent): queue operations with
    /// [`invoke`](Self::invoke), then send the Begin with [`begin`](Self::begin). With
    /// `application_context`, the Begin carries an AARQ for it (AC mode).
    pub fn new_dialogue(
        &mut self,
        now: Instant,
        peer: A,
        application_context: Option<Oid>,
    ) -> Result<DialogueId, RequestError> {
        if self.table.len() >= self.config.max_dialogues {
            return Err(RequestError::ResourceLimitation);
        }
        Ok(self.insert(
            now,
            peer,
            State::Idle,
            application_context.is_some(),
            application_context,
        ))
    }

    /// TC-BEGIN: sends the Begin with the queued components, then `components` (state IS).
    pub fn begin(
        &mut self,
        now: Instant,
        dialogue: DialogueId,
        components: Vec<Component>,
    ) -> Result<(), RequestError> {
        let idle = self.config.idle_timeout;
        let d = self.dialogue_mut(dialogue)?;
        if d.state != State::Idle {
            return Err(invalid("TC-BEGIN", d.state));
        }
        let components = take_queued(&mut d.queued, components);
        let message = Message::Begin(Begin {
            otid: dialogue.transaction_id(),
            dialogue_portion: d
                .application_context
                .filter(|_| d.ac_mode)
                .map(|acn| DialoguePortion::Aarq(Aarq::new(acn))),
            components,
        });
        d.state = State::InitiationSent;
        d.idle_deadline = later(now, idle);
        let peer = d.peer.clone();
        self.stats.begins_sent += 1;
        self.transmits.push_back(Transmit { peer, message });
        Ok(())
    }

    /// TC-CONTINUE: sends a Continue with the queued components, then `components`. From IR it is
    /// the first answer: with an AARE accepted in AC mode, and the dialogue becomes active.
    pub fn continue_dialogue(
        &mut self,
        now: Instant,
        dialogue: DialogueId,
        components: Vec<Component>,
    ) -> Result<(), RequestError> {
        let idle = self.config.idle_timeout;
        let d = self.dialogue_mut(dialogue)?;
        let (peer_tid, dialogue_portion) = match d.state {
            State::InitiationReceived { peer_tid } => (peer_tid, d.accepting_aare()),
            State::Active { peer_tid } => (peer_tid, None),
            State::Idle | State::InitiationSent => return Err(invalid("TC-CONTINUE", d.state)),
        };
        let message = Message::Continue(Continue {
            otid: dialogue.transaction_id(),
            dtid: peer_tid,
            dialogue_portion,
            components: take_queued(&mut d.queued, components),
        });
        d.state = State::Active { peer_tid };
        d.idle_deadline = later(now, idle);
        let peer = d.peer.clone();
        self.stats.continues_sent += 1;
        self.transmits.push_back(Transmit { peer, message });
        Ok(())
    }

    /// TC-END: ends the dialogue. Basic (from IR or active): sends an End with the queued
    /// components, then `components` (from IR in AC mode with an AARE accepted). Prearranged (any
    /// state): releases it locally and sends nothing (the components are dropped).
    pub fn end(
        &mut self,
        _now: Instant,
        dialogue: DialogueId,
        termination: Termination,
        components: Vec<Component>,
    ) -> Result<(), RequestError> {
        let d = self.dialogue_mut(dialogue)?;
        let transmit = match (termination, d.state) {
            (Termination::Prearranged, _) => None,
            (Termination::Basic, State::InitiationReceived { peer_tid }) => {
                Some((peer_tid, d.accepting_aare()))
            }
            (Termination::Basic, State::Active { peer_tid }) => Some((peer_tid, None)),
            (Termination::Basic, State::Idle | State::InitiationSent) => {
                return Err(invalid("TC-END", d.state));
            }
        };
        let mut d = self
            .table
            .remove(&dialogue.0)
            .ok_or(RequestError::UnknownDialogue(dialogue.transaction_id()))?;
        if let Some((dtid, dialogue_portion)) = transmit {
            let message = Message::End(End {
                dtid,
                dialogue_portion,
                components: take_queued(&mut d.queued, components),
            });
            self.stats.ends_sent += 1;
            self.transmits.push_back(Transmit {
                peer: d.peer.clone(),
                message,
            });
        } else {
            self.recycle(components);
        }
        self.release(d);
        Ok(())
    }

    /// TC-U-ABORT: ends the dialogue. From IR or active an Abort goes to the peer: in AC mode an
    /// AARE refusing the dialogue (IR, the refusing reasons) or an ABRT from the
    /// dialogue-service-user; without AC mode, no reason. From idle or IS the dialogue is released
    /// locally (the peer's transaction id is not known).
    pub fn u_abort(
        &mut self,
        _now: Instant,
        dialogue: DialogueId,
        reason: UserAbort,
    ) -> Result<(), RequestError> {
        let d = self
            .table
            .remove(&dialogue.0)
            .ok_or(RequestError::UnknownDialogue(dialogue.transaction_id()))?;
        if let Some(peer_tid) = d.state.peer_tid() {
            let refusal = |diagnostic| {
                Some(DialoguePortion::Aare(Aare::rejected(
                    d.application_context.unwrap_or(Oid::from_arcs(&[0, 0])),
                    AssociateSourceDiagnostic::DialogueServiceUser(diagnostic),
                )))
            };
            let in_ir = matches!(d.state, State::InitiationReceived { .. });
            // Q.774 Figure A.5: an AARE refuses a dialogue not yet accepted, an ABRT
            // aborts one; without AC mode the Abort has no dialogue portion.
            let portion = match (d.ac_mode, in_ir, reason) {
                (false, _, _) => None,
                (true, true, UserAbort::ApplicationContextNotSupported) => {
                    refusal(DialogueServiceUser::APPLICATION_CONTEXT_NAME_NOT_SUPPORTED)
                }
                (true, true, UserAbort::DialogueRefused) => {
                    refusal(DialogueServiceUser::NO_REASON_GIVEN)
                }
                (true, _, UserAbort::UserSpecific(user_information)) => {
                    Some(DialoguePortion::Abrt(Abrt {
                        abort_source: AbrtSource::DIALOGUE_SERVICE_USER,
                        user_information,
                    }))
                }
                (true, false, _) => Some(DialoguePortion::Abrt(Abrt::new(
                    AbrtSource::DIALOGUE_SERVICE_USER,
                ))),
            };
            self.stats.u_aborts_sent += 1;
            self.transmits.push_back(Transmit {
                peer: d.peer.clone(),
                message: Message::u_abort(peer_tid, portion),
            });
        }
        self.release(d);
        Ok(())
    }

    /// TC-INVOKE: allocates an invoke id, queues the Invoke for the next message of the dialogue
    /// and starts the operation's timer.
    pub fn invoke(
        &mut self,
        now: Instant,
        dialogue: DialogueId,
        request: InvokeRequest,
    ) -> Result<InvokeId, RequestError> {
        self.timer_seq += 1;
        let seq = self.timer_seq;
        let spare = &mut self.spare_operations;
        let d = self
            .table
            .get_mut(&dialogue.0)
            .ok_or(RequestError::UnknownDialogue(dialogue.transaction_id()))?;
        let invoke_id = d.allocate_invoke_id()?;
        if d.operations.capacity() == 0
            && let Some(v) = spare.pop()
        {
            d.operations = v;
        }
        let deadline = later(now, request.timeout);
        d.operations.push(Operation {
            invoke_id,
            class: request.class,
            deadline,
            seq,
        });
        d.queued.push(Component::Invoke(Invoke {
            invoke_id,
            linked_id: request.linked_id,
            op_code: request.op_code,
            parameter: request.parameter,
        }));
        let serial = d.serial;
        self.timers.push(Reverse(Timer {
            at: deadline,
            tid: dialogue.0,
            serial,
            kind: TimerKind::Invoke { invoke_id, seq },
        }));
        Ok(invoke_id)
    }

    /// Restarts an operation's timer with its full `timeout` from `now` (TC-TIMER-RESET).
    pub fn reset_timer(
        &mut self,
        now: Instant,
        dialogue: DialogueId,
        invoke_id: InvokeId,
        timeout: Duration,
    ) -> Result<(), RequestError> {
        self.timer_seq += 1;
        let seq = self.timer_seq;
        let d = self.dialogue_mut(dialogue)?;
        let serial = d.serial;
        let o = d
            .operations
            .iter_mut()
            .find(|o| o.invoke_id == invoke_id)
            .ok_or(RequestError::UnknownInvokeId(invoke_id))?;
        o.deadline = later(now, timeout);
        o.seq = seq;
        let at = o.deadline;
        self.timers.push(Reverse(Timer {
            at,
            tid: dialogue.0,
            serial,
            kind: TimerKind::Invoke { invoke_id, seq },
        }));
        Ok(())
    }

    /// TC-U-CANCEL: ends an operation locally; its Invoke is dropped if it has not been sent yet.
    pub fn cancel(
        &mut self,
        dialogue: DialogueId,
        invoke_id: InvokeId,
    ) -> Result<(), RequestError> {
        let d = self.dialogue_mut(dialogue)?;
        let before = d.operations.len();
        d.operations.retain(|o| o.invoke_id != invoke_id);
        if d.operations.len() == before {
            return Err(RequestError::UnknownInvokeId(invoke_id));
        }
        d.queued
            .retain(|c| !matches!(c, Component::Invoke(i) if i.invoke_id == invoke_id));
        Ok(())
    }

    // ---- received messages ----

    /// Handles one received TCAP message (the SCCP user data) from `peer`.
    pub fn handle_message(&mut self, now: Instant, peer: A, data: &Bytes) {
        let spare = self.spare_components.pop().unwrap_or_default();
        match Message::decode_reusing(data, spare) {
            Ok(m) => self.on_message(now, peer, m, None),
            Err(DecodeError::Component {
                partial,
                component_type,
                invoke_id,
                problem,
                ..
            }) => {
                let fault = ComponentFault {
                    component_type,
                    invoke_id,
                    problem: Problem::General(problem),
                };
                self.on_message(now, peer, *partial, Some(fault));
            }
            Err(e) => self.on_malformed(peer, &e),
        }
    }

    /// A message whose transaction or dialogue portion is wrong (Q.774 Figure A.3 sheet 4,
    /// Figure A.5).
    fn on_malformed(&mut self, peer: A, e: &DecodeError) {
        let consequence = e.consequence();
        let mt = e.message_type();
        self.stats.malformed += 1;
        match mt {
            Some(MessageType::Unidirectional) => self.stats.unidirectionals_received += 1,
            Some(MessageType::Begin) => self.stats.begins_received += 1,
            Some(MessageType::Continue) => self.stats.continues_received += 1,
            Some(MessageType::End) => self.stats.ends_received += 1,
            Some(MessageType::Abort) | None => {}
        }
        match consequence {
            Consequence::PAbort { cause, otid, dtid } => {
                // "DTID assigned?": the transaction ends with TR-P-ABORT (TC-P-ABORT to the user).
                if let Some(tid) = dtid.and_then(|t| self.addressable(t)) {
                    self.terminate(tid, ProviderAbort::Transaction(cause));
                }
                // "OTID derivable?": the peer gets the cause.
                match otid {
                    Some(otid) => self.send_p_abort(peer, otid, cause),
                    None => self.stats.discarded += 1,
                }
            }
            Consequence::DialogueAbort {
                problem,
                otid,
                dtid,
            } => {
                match problem {
                    DialogueProblem::AbnormalDialogue => self.stats.abnormal_dialogues += 1,
                    DialogueProblem::NoCommonDialoguePortion { .. } => {
                        self.stats.no_common_dialogue_portion += 1;
                    }
                }
                if mt != Some(MessageType::Begin) {
                    // The transaction sub-layer looks at the dtid before the dialogue portion.
                    let Some(tid) = dtid.and_then(|t| self.addressable(t)) else {
                        self.unknown_transaction(peer, mt, otid);
                        return;
                    };
                    let cause = match problem {
                        DialogueProblem::AbnormalDialogue => ProviderAbort::AbnormalDialogue,
                        DialogueProblem::NoCommonDialoguePortion { .. } => {
                            ProviderAbort::NoCommonDialoguePortion
                        }
                    };
                    self.terminate(tid, cause);
                }
                // A Begin or a Continue is answered (ABRT from the provider, or the AARE
                // no-common-dialogue-portion); an End or an Abort has no otid.
                match consequence.abort_message() {
                    Some(m) => self.transmit(peer, m),
                    None => self.stats.discarded += 1,
                }
            }
            Consequence::Reject { .. } => self.stats.discarded += 1,
        }
    }

    fn on_message(&mut self, now: Instant, peer: A, m: Message, fault: Option<ComponentFault>) {
        match m {
            Message::Unidirectional(u) => self.on_unidirectional(peer, u, fault),
            Message::Begin(b) => self.on_begin(now, peer, b, fault),
            Message::Continue(c) => self.on_continue(now, peer, c, fault),
            Message::End(e) => self.on_end(peer, e, fault),
            Message::Abort(a) => self.on_abort(a),
        }
    }

    fn on_unidirectional(&mut self, peer: A, u: Unidirectional, fault: Option<ComponentFault>) {
        self.stats.unidirectionals_received += 1;
        if let Some(f) = fault {
            self.stats.rejects.add(f.problem);
        }
        self.indications.push_back(Indication::Unidirectional {
            peer,
            application_context: u
                .dialogue_portion
                .and_then(|d| d.application_context_name()),
            components: u.components,
        });
    }

    fn on_begin(&mut self, now: Instant, peer: A, b: Begin, fault: Option<ComponentFault>) {
        self.stats.begins_received += 1;
        // Q.774 Figure A.3: "resources available?"
        if self.table.len() >= self.config.max_dialogues {
            self.stats.capacity_refusals += 1;
            self.send_p_abort(peer, b.otid, PAbortCause::RESOURCE_LIMITATION);
            self.recycle(b.components);
            return;
        }
        // Q.774 Figure A.5: the application context (the TC-user's decision, configured).
        let (ac_mode, application_context) = match &b.dialogue_portion {
            None => (false, self.config.default_context),
            Some(DialoguePortion::Aarq(aarq)) => {
                let acn = aarq.application_context_name;
                if !self.config.application_contexts.contains(&acn) {
                    self.stats.application_context_refusals += 1;
                    let aare = Aare::rejected(
                        self.closest_context(&acn),
                        AssociateSourceDiagnostic::DialogueServiceUser(
                            DialogueServiceUser::APPLICATION_CONTEXT_NAME_NOT_SUPPORTED,
                        ),
                    );
                    self.stats.u_aborts_sent += 1;
                    self.transmit(
                        peer,
                        Message::u_abort(b.otid, Some(DialoguePortion::Aare(aare))),
                    );
                    self.recycle(b.components);
                    return;
                }
                (true, Some(acn))
            }
            // The decoder lets only an AARQ into a Begin.
            Some(_) => {
                self.stats.abnormal_dialogues += 1;
                self.transmit(peer, provider_abrt(b.otid));
                self.recycle(b.components);
                return;
            }
        };
        let state = State::InitiationReceived { peer_tid: b.otid };
        let id = self.insert(now, peer.clone(), state, ac_mode, application_context);
        let mut components = b.components;
        let mark = self.indications.len();
        self.check_components(id, &mut components, fault, true);
        self.indications.insert(
            mark,
            Indication::Begin {
                dialogue: id,
                peer,
                application_context,
                components,
            },
        );
    }

    fn on_continue(&mut self, now: Instant, peer: A, c: Continue, fault: Option<ComponentFault>) {
        self.stats.continues_received += 1;
        let Some(tid) = self.addressable(c.dtid) else {
            self.unknown_transaction(peer, Some(MessageType::Continue), Some(c.otid));
            self.recycle(c.components);
            return;
        };
        let idle = self.config.idle_timeout;
        let Some(d) = self.table.get_mut(&tid) else {
            return;
        };
        match d.state {
            State::InitiationSent => match d.first_answer(c.dialogue_portion.as_ref()) {
                Ok(()) => {
                    // Q.774 transaction sub-layer: the first Continue fixes the peer's transaction id, and its
                    // calling address is where the rest of the dialogue goes.
                    d.state = State::Active { peer_tid: c.otid };
                    d.peer = peer.clone();
                }
                Err(()) => {
                    self.abnormal(tid, peer, Some(c.otid));
                    self.recycle(c.components);
                    return;
                }
            },
            State::Active { .. } => {
                // Q.774 Figure A.5: only the first backward message carries a dialogue portion.
                if c.dialogue_portion.is_some() {
                    self.abnormal(tid, peer, Some(c.otid));
                    self.recycle(c.components);
                    return;
                }
            }
            State::Idle | State::InitiationReceived { .. } => return,
        }
        d.idle_deadline = later(now, idle);
        let application_context = d.application_context;
        let mut components = c.components;
        let dialogue = DialogueId(tid);
        let mark = self.indications.len();
        self.check_components(dialogue, &mut components, fault, true);
        self.indications.insert(
            mark,
            Indication::Continue {
                dialogue,
                peer,
                application_context,
                components,
            },
        );
    }

    fn on_end(&mut self, peer: A, e: End, fault: Option<ComponentFault>) {
        self.stats.ends_received += 1;
        let Some(tid) = self.addressable(e.dtid) else {
            self.unknown_transaction(peer, Some(MessageType::End), None);
            self.recycle(e.components);
            return;
        };
        let Some(d) = self.table.get_mut(&tid) else {
            return;
        };
        let dialogue_ok = match d.state {
            State::InitiationSent => d.first_answer(e.dialogue_portion.as_ref()).is_ok(),
            _ => e.dialogue_portion.is_none(),
        };
        if !dialogue_ok {
            // No otid to answer: the dialogue ends here only.
            self.abnormal(tid, peer, None);
            self.recycle(e.components);
            return;
        }
        let application_context = d.application_context;
        let mut components = e.components;
        let dialogue = DialogueId(tid);
        let mark = self.indications.len();
        self.check_components(dialogue, &mut components, fault, false);
        self.indications.insert(
            mark,
            Indication::End {
                dialogue,
                peer,
                application_context,
                components,
            },
        );
        if let Some(d) = self.table.remove(&tid) {
            self.release(d);
        }
    }

    fn on_abort(&mut self, a: Abort) {
        let Some(tid) = self.addressable(a.dtid) else {
            // Q.774 Figure A.3: an Abort is never answered.
            self.stats.unknown_transaction_ids += 1;
            self.stats.discarded += 1;
            return;
        };
        self.stats.aborts_received += 1;
        let Some(d) = self.table.remove(&tid) else {
            return;
        };
        let dialogue = DialogueId(tid);
        let indication = match a.reason {
            Some(AbortReason::PAbort(cause)) => {
                self.stats.p_aborts_received.add(cause);
                Indication::PAbort {
                    dialogue,
                    cause: ProviderAbort::Transaction(cause),
                }
            }
            // Q.774 Figure A.5 sheet 8: an ABRT from the provider is a TC-P-ABORT.
            Some(AbortReason::Dialogue(DialoguePortion::Abrt(Abrt {
                abort_source: AbrtSource::DIALOGUE_SERVICE_PROVIDER,
                ..
            }))) => Indication::PAbort {
                dialogue,
                cause: ProviderAbort::AbnormalDialogue,
            },
            Some(AbortReason::Dialogue(DialoguePortion::Aare(Aare {
                result_source_diagnostic:
                    AssociateSourceDiagnostic::DialogueServiceProvider(
                        DialogueServiceProvider::NO_COMMON_DIALOGUE_PORTION,
                    ),
                ..
            }))) => Indication::PAbort {
                dialogue,
                cause: ProviderAbort::NoCommonDialoguePortion,
            },
            Some(AbortReason::Dialogue(portion)) => {
                self.stats.u_aborts_received += 1;
                Indication::UAbort {
                    dialogue,
                    reason: Some(portion),
                }
            }
            None => {
                self.stats.u_aborts_received += 1;
                Indication::UAbort {
                    dialogue,
                    reason: None,
                }
            }
        };
        self.indications.push_back(indication);
        self.release(d);
    }

    /// The component sub-layer's checks on received components (see the module docs), then the
    /// decoder's fault. Rejected components leave `components`; each gets a TC-L-REJECT and, when
    /// `answerable`, a Reject queued in the dialogue.
    fn check_components(
        &mut self,
        dialogue: DialogueId,
        components: &mut Vec<Component>,
        fault: Option<ComponentFault>,
        answerable: bool,
    ) {
        let Some(d) = self.table.get_mut(&dialogue.0) else {
            return;
        };
        let mut i = 0;
        while let Some(c) = components.get(i) {
            let problem = match c {
                // Q.774 §3.2 (ISM): a linked id must name an operation in progress.
                Component::Invoke(inv) => inv
                    .linked_id
                    .filter(|l| !d.operations.iter().any(|o| o.invoke_id == *l))
                    .map(|_| Problem::Invoke(InvokeProblem::UNRECOGNIZED_LINKED_ID)),
                Component::ReturnResultLast(r) | Component::ReturnResultNotLast(r) => {
                    let last = matches!(c, Component::ReturnResultLast(_));
                    match d.operations.iter().position(|o| o.invoke_id == r.invoke_id) {
                        None => Some(Problem::ReturnResult(
                            ReturnResultProblem::UNRECOGNIZED_INVOKE_ID,
                        )),
                        Some(at) if !d.operations[at].class.reports_success() => {
                            d.operations.swap_remove(at);
                            Some(Problem::ReturnResult(
                                ReturnResultProblem::RETURN_RESULT_UNEXPECTED,
                            ))
                        }
                        Some(at) => {
                            if last {
                                d.operations.swap_remove(at);
                            }
                            None
                        }
                    }
                }
                Component::ReturnError(r) => {
                    match d.operations.iter().position(|o| o.invoke_id == r.invoke_id) {
                        None => Some(Problem::ReturnError(
                            ReturnErrorProblem::UNRECOGNIZED_INVOKE_ID,
                        )),
                        Some(at) => {
                            let class = d.operations.swap_remove(at).class;
                            (!class.reports_failure()).then_some(Problem::ReturnError(
                                ReturnErrorProblem::RETURN_ERROR_UNEXPECTED,
                            ))
                        }
                    }
                }
                // A Reject ends the operation it names and goes to the user; never rejected.
                Component::Reject(r) => {
                    if let Some(id) = r.invoke_id {
                        d.operations.retain(|o| o.invoke_id != id);
                    }
                    None
                }
            };
            match problem {
                None => i += 1,
                Some(problem) => {
                    let invoke_id = c.invoke_id();
                    components.remove(i);
                    if answerable {
                        d.queued
                            .push(Component::Reject(Reject { invoke_id, problem }));
                    }
                    self.stats.rejects.add(problem);
                    self.indications.push_back(Indication::LocalReject {
                        dialogue,
                        invoke_id,
                        problem,
                    });
                }
            }
        }
        if let Some(f) = fault {
            // A faulty Reject is reported, not rejected.
            if answerable && f.component_type != Some(ComponentType::Reject) {
                d.queued.push(Component::Reject(Reject {
                    invoke_id: f.invoke_id,
                    problem: f.problem,
                }));
            }
            self.stats.rejects.add(f.problem);
            self.indications.push_back(Indication::LocalReject {
                dialogue,
                invoke_id: f.invoke_id,
                problem: f.problem,
            });
        }
    }

    // ---- helpers ----

    fn insert(
        &mut self,
        now: Instant,
        peer: A,
        state: State,
        ac_mode: bool,
        application_context: Option<Oid>,
    ) -> DialogueId {
        let tid = self.allocate_tid();
        self.serial += 1;
        let idle_deadline = later(now, self.config.idle_timeout);
        let queued = self.spare_components.pop().unwrap_or_default();
        self.table.insert(
            tid,
            Dialogue {
                serial: self.serial,
                peer,
                state,
                ac_mode,
                application_context,
                idle_deadline,
                queued,
                operations: Vec::new(),
                next_invoke_id: 1,
            },
        );
        self.stats.dialogues_peak = self.stats.dialogues_peak.max(self.table.len());
        self.timers.push(Reverse(Timer {
            at: idle_deadline,
            tid,
            serial: self.serial,
            kind: TimerKind::Idle,
        }));
        DialogueId(tid)
    }

    /// The next transaction id not in use. The table holds fewer than `tid_space` dialogues
    /// (checked by the callers against `max_dialogues`, at most `tid_space`), so one is free.
    fn allocate_tid(&mut self) -> u32 {
        loop {
            let n = self.next_tid;
            self.next_tid = (n + 1) % self.tid_space;
            let tid = n * u64::from(self.config.shards) + u64::from(self.config.shard);
            // n < 2^32 / shards and shard < shards, so tid < 2^32.
            let tid = tid as u32;
            if !self.table.contains_key(&tid) {
                return tid;
            }
        }
    }

    /// The dialogue a received dtid names, if the peer can know it (IS or active).
    fn addressable(&self, dtid: TransactionId) -> Option<u32> {
        let id = DialogueId::from_transaction_id(dtid)?;
        let d = self.table.get(&id.0)?;
        matches!(d.state, State::InitiationSent | State::Active { .. }).then_some(id.0)
    }

    fn dialogue_mut(&mut self, dialogue: DialogueId) -> Result<&mut Dialogue<A>, RequestError> {
        self.table
            .get_mut(&dialogue.0)
            .ok_or(RequestError::UnknownDialogue(dialogue.transaction_id()))
    }

    /// A message for a transaction we do not have (Q.774 Figure A.3): a Continue is
    /// answered with a P-Abort unrecognizedTransactionID, anything else is discarded.
    fn unknown_transaction(
        &mut self,
        peer: A,
        mt: Option<MessageType>,
        otid: Option<TransactionId>,
    ) {
        self.stats.unknown_transaction_ids += 1;
        match (mt, otid) {
            (Some(MessageType::Continue), Some(otid)) => {
                self.send_p_abort(peer, otid, PAbortCause::UNRECOGNIZED_TRANSACTION_ID);
            }
            _ => self.stats.discarded += 1,
        }
    }

    /// An abnormal dialogue on a live one: TC-P-ABORT to the user and, when the message had an
    /// otid, an ABRT from the dialogue-service-provider to it.
    fn abnormal(&mut self, tid: u32, peer: A, otid: Option<TransactionId>) {
        self.stats.abnormal_dialogues += 1;
        self.terminate(tid, ProviderAbort::AbnormalDialogue);
        if let Some(otid) = otid {
            self.transmit(peer, provider_abrt(otid));
        }
    }

    fn terminate(&mut self, tid: u32, cause: ProviderAbort) {
        if let Some(d) = self.table.remove(&tid) {
            self.indications.push_back(Indication::PAbort {
                dialogue: DialogueId(tid),
                cause,
            });
            self.release(d);
        }
    }

    /// Keeps a finished dialogue's lists for reuse.
    fn release(&mut self, d: Dialogue<A>) {
        self.recycle(d.queued);
        let mut ops = d.operations;
        if ops.capacity() > 0 && self.spare_operations.len() < SPARE_LISTS {
            ops.clear();
            self.spare_operations.push(ops);
        }
    }

    fn send_p_abort(&mut self, peer: A, dtid: TransactionId, cause: PAbortCause) {
        self.transmit(peer, Message::p_abort(dtid, cause));
    }

    /// Queues a message that is not a TC-user request (an answer of the provider), counting it.
    fn transmit(&mut self, peer: A, message: Message) {
        if let Message::Abort(Abort {
            reason: Some(AbortReason::PAbort(cause)),
            ..
        }) = &message
        {
            self.stats.p_aborts_sent.add(*cause);
        }
        self.transmits.push_back(Transmit { peer, message });
    }

    /// The configured context closest to `proposed`: the longest common arc prefix, ties to the
    /// first configured; `proposed` itself when none is configured.
    fn closest_context(&self, proposed: &Oid) -> Oid {
        let common = |o: &Oid| {
            o.arcs()
                .zip(proposed.arcs())
                .take_while(|(a, b)| a == b)
                .count()
        };
        let mut best: Option<(usize, Oid)> = None;
        for o in &self.config.application_contexts {
            let n = common(o);
            if best.is_none_or(|(m, _)| n > m) {
                best = Some((n, *o));
            }
        }
        best.map_or(*proposed, |(_, o)| o)
    }
}

enum TimerTarget {
    Dead,
    Moved(Instant),
    Due,
}

impl<A> Dialogue<A> {
    /// The AARE of the first answer from IR, in AC mode.
    fn accepting_aare(&self) -> Option<DialoguePortion> {
        if !self.ac_mode {
            return None;
        }
        let acn = self.application_context?;
        Some(DialoguePortion::Aare(Aare::accepted(acn)))
    }

    /// Checks the dialogue portion of the first backward message in IS (Q.774 Figure A.5):
    /// an AARE accepted in AC mode, nothing otherwise. Takes the AARE's context.
    fn first_answer(&mut self, portion: Option<&DialoguePortion>) -> Result<(), ()> {
        match (self.ac_mode, portion) {
            (false, None) => Ok(()),
            (true, Some(DialoguePortion::Aare(a))) if a.result == AssociateResult::ACCEPTED => {
                self.application_context = Some(a.application_context_name);
                Ok(())
            }
            _ => Err(()),
        }
    }

    /// An invoke id no operation in progress uses, cycling from 1.
    fn allocate_invoke_id(&mut self) -> Result<InvokeId, RequestError> {
        for _ in 0..=u8::MAX {
            let id = self.next_invoke_id;
            self.next_invoke_id = id.wrapping_add(1);
            if !self.operations.iter().any(|o| o.invoke_id == id) {
                return Ok(id);
            }
        }
        Err(RequestError::NoFreeInvokeId)
    }
}

fn invalid(request: &'static str, state: State) -> RequestError {
    RequestError::InvalidState {
        request,
        state: state.public().name(),
    }
}

/// The queued components first, then the request's, in one list (no allocation when one of them
/// is empty).
fn take_queued(queued: &mut Vec<Component>, mut components: Vec<Component>) -> Vec<Component> {
    if queued.is_empty() {
        return components;
    }
    if components.is_empty() {
        std::mem::swap(queued, &mut components);
        return components;
    }
    components.splice(0..0, queued.drain(..));
    components
}

/// The longest timer: longer durations are cut to it (an `Instant` cannot hold any sum).
const MAX_TIMER: Duration = Duration::from_secs(365 * 24 * 3600);

/// `now + d`, with `d` at most [`MAX_TIMER`] and without the panic of an overflowing `Instant`.
fn later(now: Instant, d: Duration) -> Instant {
    now.checked_add(d.min(MAX_TIMER)).unwrap_or(now)
}

/// An Abort with an ABRT from the dialogue-service-provider (abnormal dialogue).
fn provider_abrt(dtid: TransactionId) -> Message {
    Message::u_abort(
        dtid,
        Some(DialoguePortion::Abrt(Abrt::new(
            AbrtSource::DIALOGUE_SERVICE_PROVIDER,
        ))),
    )
}

#[cfg(test)]
mod tests;
