//! The switch side of one IN call: a sans-I/O state machine per TCAP dialogue.
//!
//! A [`CallMachine`] plays what an SSP does with the instructions an SCP sends in one dialogue. It
//! opens the dialogue with a TC-BEGIN carrying the InitialDP, then reads every TC-CONTINUE, TC-END
//! and TC-ABORT the SCP sends, and answers as a switch would, following the [`CallModel`] it was
//! given for what happens to the call once it is routed:
//!
//! ```text
//!             start ──► TC-BEGIN(InitialDP)
//!                            │
//!             ┌──────── AWAITING ◄────────────────────────┐
//!  TC-END ◄───┤ (T-SSF: answer timeout)                     │ SpecializedResourceReport,
//!  (done)     │ TC-CONTINUE with Connect/Continue/Release   │ request-mode EventReportBCSM
//!             ▼                                             │
//!          IN CALL: call-model timers (answer, disconnect, busy, no answer, abandon)
//!             │  an armed event happens ─► EventReportBCSM (notify: TC-CONTINUE, or TC-END when
//!             │                            the call is over; request: TC-CONTINUE and wait)
//!             ▼
//!          DONE: an outcome or a failure; at most one closing message sent
//! ```
//!
//! Call order, as in quinn's `Connection`: [`CallMachine::start`], then any number of
//! [`handle_message`](CallMachine::handle_message) and [`handle_timeout`](CallMachine::handle_timeout)
//! (when [`poll_timeout`](CallMachine::poll_timeout) is due), each followed by draining
//! [`poll_transmit`](CallMachine::poll_transmit); [`is_done`](CallMachine::is_done) says when the
//! dialogue is over and [`record`](CallMachine::record) what happened. Time is an argument: the
//! machine reads no clock, does no I/O and draws no random numbers.
//!
//! Decisions where the standards leave a choice (ETS 300 374-1, Q.774):
//! - After the SCP's last instruction in a TC-CONTINUE (nothing armed, no announcement pending),
//!   the switch closes the dialogue with a basic TC-END without components.
//! - A final event (disconnect, busy, no answer, abandon) armed in notify mode is reported in the
//!   TC-END that closes the dialogue; in request (interrupted) mode in a TC-CONTINUE, and the
//!   switch waits for the SCP's instruction (then closes with TC-END if the SCP continues).
//! - The caller abandoning while the switch still waits for the SCP's first answer ends the
//!   transaction locally (Q.774: TR-U-ABORT in "initiation sent" sends nothing); later it is a
//!   TC-U-ABORT, unless an abandon event is armed, which is then reported.
//! - An operation the switch cannot act on (an SSF-to-SCF operation, an unknown or mistyped one)
//!   is the failure [`Failure::UnexpectedOperation`]; the switch aborts the dialogue (TC-U-ABORT).
//! - A TCAP Reject or ReturnError from the SCP is [`Failure::Reject`]; the switch aborts too.

use std::collections::VecDeque;
use std::fmt;
use std::time::{Duration, Instant};

use inap::isup::{Cause, CauseValue, Location};
use inap::operations::datatypes::{
    BusySpecificInfo, DisconnectSpecificInfo, EventSpecificInformationBcsm, EventTypeBcsm,
    GapCriteria, InformationToSend, LegId, LegType, MessageId, MessageType, MiscCallInfo,
    MonitorMode, NoSpecificInfo,
};
use inap::operations::{Argument, EventReportBcsmArg, Opcode};
use tcap::{Code, Component, ReturnResult, TransactionId};

use crate::build::{BuildError, IdpOptions, invoke};

/// What the called party (or the caller) does once the SCP has routed the call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "model")]
pub enum CallModel {
    /// The called party answers after `after` and they talk for `talk`; then the caller hangs up.
    Answer {
        /// Ringing time.
        after: Duration,
        /// Conversation time.
        talk: Duration,
    },
    /// The called party is busy.
    Busy,
    /// Nobody answers; the switch's no-answer timer runs out after `after`.
    NoAnswer {
        /// The no-answer time.
        after: Duration,
    },
    /// The caller hangs up `after` the call attempt started, whatever state it is in.
    Abandon {
        /// Time from the InitialDP to the abandon.
        after: Duration,
    },
}

impl CallModel {
    /// Parses `answer[:AFTER[:TALK]]`, `busy`, `no-answer[:AFTER]`, `abandon[:AFTER]`; times in
    /// seconds, decimals allowed (`answer:0.5:2`). Defaults: answer after 0 s, talk 0 s;
    /// no answer after 0 s; abandon after 0 s.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut parts = text.split(':');
        let kind = parts.next().unwrap_or_default();
        let mut secs = |what: &str| -> Result<Duration, String> {
            match parts.next() {
                None => Ok(Duration::ZERO),
                Some(s) => s
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite() && *v >= 0.0 && *v < 1e6)
                    .map(Duration::from_secs_f64)
                    .ok_or_else(|| format!("{what} in {text:?}: seconds expected")),
            }
        };
        let model = match kind {
            "answer" => {
                let after = secs("ringing time")?;
                let talk = secs("talk time")?;
                Self::Answer { after, talk }
            }
            "busy" => Self::Busy,
            "no-answer" => Self::NoAnswer {
                after: secs("no-answer time")?,
            },
            "abandon" => Self::Abandon {
                after: secs("abandon time")?,
            },
            _ => {
                return Err(format!(
                    "unknown call model {text:?} (answer[:S[:S]], busy, no-answer[:S], abandon[:S])"
                ));
            }
        };
        if parts.next().is_some() {
            return Err(format!("too many values in call model {text:?}"));
        }
        Ok(model)
    }
}

impl Default for CallModel {
    fn default() -> Self {
        Self::Answer {
            after: Duration::ZERO,
            talk: Duration::ZERO,
        }
    }
}

impl fmt::Display for CallModel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Answer { after, talk } => {
                write!(f, "answer:{}:{}", after.as_secs_f64(), talk.as_secs_f64())
            }
            Self::Busy => f.write_str("busy"),
            Self::NoAnswer { after } => write!(f, "no-answer:{}", after.as_secs_f64()),
            Self::Abandon { after } => write!(f, "abandon:{}", after.as_secs_f64()),
        }
    }
}

/// Which detection point triggered the InitialDP.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// Terminating: a call to the called number (the virtual number); DP termAttemptAuthorized (12).
    #[default]
    Terminating,
    /// Originating: a call from a protected caller; DP collectedInfo (2).
    Originating,
}

impl Trigger {
    /// The event type BCSM the InitialDP carries.
    pub fn event(self) -> EventTypeBcsm {
        match self {
            Self::Terminating => EventTypeBcsm::TERM_ATTEMPT_AUTHORIZED,
            Self::Originating => EventTypeBcsm::COLLECTED_INFO,
        }
    }

    /// Parses `terminating` / `originating` (or `t` / `o`).
    pub fn parse(text: &str) -> Result<Self, String> {
        match text {
            "terminating" | "t" => Ok(Self::Terminating),
            "originating" | "o" => Ok(Self::Originating),
            _ => Err(format!(
                "unknown trigger {text:?} (terminating or originating)"
            )),
        }
    }
}

/// One call to place.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct CallSpec {
    /// Called party number (`+` for international).
    pub called: String,
    /// Calling party number, if sent.
    pub calling: Option<String>,
    /// Service key.
    pub service_key: u32,
    /// The trigger.
    pub trigger: Trigger,
    /// Calling party's category (Q.763 §3.11; 10 ordinary subscriber).
    pub category: u8,
    /// What happens to the call once routed.
    pub model: CallModel,
}

impl CallSpec {
    /// A terminating call to `called` from `calling`, service key 100, ordinary subscriber, answered
    /// at once and released at once.
    pub fn new(called: &str, calling: Option<&str>) -> Self {
        Self {
            called: called.into(),
            calling: calling.map(Into::into),
            service_key: 100,
            trigger: Trigger::Terminating,
            category: 10,
            model: CallModel::default(),
        }
    }
}

/// The routing instruction the SCP gave (the outcome of a call that did not fail).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Outcome {
    /// Connect to this number (the first of the destination routing address).
    Connect {
        /// The destination's digits (`+` prefixed when international).
        destination: String,
    },
    /// ReleaseCall with this Q.850 cause value.
    Release {
        /// The cause value.
        cause: u8,
    },
    /// Continue: the switch routes on the dialled number.
    Continue,
    /// The SCP ended the dialogue without any instruction (the switch continues by default).
    End,
    /// The caller hung up before the SCP's first instruction.
    Abandoned,
    /// The call was not offered to the SCP: a CallGap the SCP ordered holds the number.
    Gapped,
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.render(f, false)
    }
}

impl Outcome {
    /// The outcome as text, the destination masked unless `reveal`.
    pub fn text(&self, reveal: bool) -> String {
        struct R<'a>(&'a Outcome, bool);
        impl fmt::Display for R<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.render(f, self.1)
            }
        }
        R(self, reveal).to_string()
    }

    fn render(&self, f: &mut fmt::Formatter<'_>, reveal: bool) -> fmt::Result {
        match self {
            Self::Connect { destination } if reveal => write!(f, "connect:{destination}"),
            Self::Connect { destination } => write!(f, "connect:{}", mask_number(destination)),
            Self::Release { cause } => write!(f, "release:{cause}"),
            Self::Continue => f.write_str("continue"),
            Self::End => f.write_str("end"),
            Self::Abandoned => f.write_str("abandoned"),
            Self::Gapped => f.write_str("gapped"),
        }
    }

    /// The outcome's kind, as counted in load reports: `connect`, `release`, `continue`, …
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Connect { .. } => "connect",
            Self::Release { .. } => "release",
            Self::Continue => "continue",
            Self::End => "end",
            Self::Abandoned => "abandoned",
            Self::Gapped => "gapped",
        }
    }
}

/// Masks a number as `010-****-5678`, keeping a leading `+`.
pub fn mask_number(number: &str) -> String {
    match number.strip_prefix('+') {
        Some(rest) => format!("+{}", inap::isup::mask(rest)),
        None => inap::isup::mask(number),
    }
}

/// Why a call failed: the failure classes of the load report, each counted, never dropped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Failure {
    /// The SCP did not answer within the answer timeout (T-SSF).
    Timeout,
    /// The SCP (or the network) aborted the dialogue: TC-P-ABORT, TC-U-ABORT, or an SCCP UDTS.
    Abort,
    /// The SCP rejected a component (TCAP Reject) or returned an error (ReturnError).
    Reject,
    /// The SCP sent an operation the switch could not act on here, or another instruction than
    /// the one expected.
    UnexpectedOperation,
    /// The SCP connected the call to another number than the one expected.
    WrongDestination,
}

impl Failure {
    /// Every class, in report order.
    pub const ALL: [Failure; 5] = [
        Self::Timeout,
        Self::Abort,
        Self::Reject,
        Self::UnexpectedOperation,
        Self::WrongDestination,
    ];

    /// The class's name: `timeout`, `abort`, `reject`, `unexpected_operation`, `wrong_destination`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Timeout => "timeout",
            Self::Abort => "abort",
            Self::Reject => "reject",
            Self::UnexpectedOperation => "unexpected_operation",
            Self::WrongDestination => "wrong_destination",
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A CallGap order the SCP sent (ETS 300 374-1 CallGap).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct GapOrder {
    /// Digits a called number must start with to be gapped (empty: the service key decides).
    pub prefix: String,
    /// The service key gapped, when the criteria name one.
    pub service_key: Option<u32>,
    /// `Duration` in seconds (-1 infinite, -2 network specific, 0 remove the gap).
    pub duration: i64,
    /// `gapInterval` in milliseconds (-1 all calls rejected, 0 remove the gap).
    pub interval: i64,
}

/// What a call's dialogue produced.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct CallRecord {
    /// The routing instruction, if the call did not fail.
    pub outcome: Option<Outcome>,
    /// The failure class, if it failed.
    pub failure: Option<Failure>,
    /// Why it failed, in words.
    pub detail: Option<String>,
    /// Announcements played (elementary message or tone ids), in order.
    pub announcements: Vec<i64>,
    /// Events reported with EventReportBCSM, by ETSI name, in order.
    pub events_reported: Vec<String>,
    /// The operations the SCP invoked, by name (`opcode N` when unknown), in order.
    pub operations: Vec<&'static str>,
    /// ActivityTests answered.
    pub activity_tests: u32,
    /// CallGap orders received.
    pub gaps: Vec<GapOrder>,
    /// Time from the TC-BEGIN to the SCP's first message.
    pub first_answer: Option<Duration>,
}

/// Timers of the switch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timers {
    /// How long the switch waits for each SCP answer (T-SSF).
    pub answer_timeout: Duration,
    /// How long a PlayAnnouncement plays before the SpecializedResourceReport.
    pub announcement: Duration,
}

impl Default for Timers {
    fn default() -> Self {
        Self {
            answer_timeout: Duration::from_secs(2),
            announcement: Duration::from_secs(2),
        }
    }
}

/// What happens in the call, as the call model makes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Happening {
    Answer,
    Disconnect,
    Busy,
    NoAnswer,
    Abandon,
}

impl Happening {
    /// Whether the call is over after it.
    fn is_final(self) -> bool {
        !matches!(self, Self::Answer)
    }

    /// The events reporting it: the trigger's own leg first (terminating: the t-events), then the
    /// other's.
    fn events(self, trigger: Trigger) -> [EventTypeBcsm; 2] {
        let [o, t] = match self {
            Self::Answer => [EventTypeBcsm::O_ANSWER, EventTypeBcsm::T_ANSWER],
            Self::Disconnect => [EventTypeBcsm::O_DISCONNECT, EventTypeBcsm::T_DISCONNECT],
            Self::Busy => [
                EventTypeBcsm::O_CALLED_PARTY_BUSY,
                EventTypeBcsm::T_CALLED_PARTY_BUSY,
            ],
            Self::NoAnswer => [EventTypeBcsm::O_NO_ANSWER, EventTypeBcsm::T_NO_ANSWER],
            Self::Abandon => [EventTypeBcsm::O_ABANDON, EventTypeBcsm::T_ABANDON],
        };
        match trigger {
            Trigger::Originating => [o, t],
            Trigger::Terminating => [t, o],
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Timer {
    /// Waiting for the SCP (T-SSF).
    Response,
    /// The call model's next happening.
    Call(Happening),
    /// The announcement has played.
    Announcement,
}

/// The machine's timers: at most one of each kind, four at once at most (answer timeout,
/// abandon, another call-model event, announcement); kept inline, no allocation per call.
#[derive(Debug, Default)]
struct TimerSlots([Option<(Instant, Timer)>; 5]);

impl TimerSlots {
    fn set(&mut self, timer: Timer, at: Instant) {
        self.cancel(timer);
        if let Some(slot) = self.0.iter_mut().find(|s| s.is_none()) {
            *slot = Some((at, timer));
        }
    }

    fn cancel(&mut self, timer: Timer) {
        for slot in &mut self.0 {
            if slot.is_some_and(|(_, t)| t == timer) {
                *slot = None;
            }
        }
    }

    fn retain_only(&mut self, timer: Timer) {
        for slot in &mut self.0 {
            if slot.is_some_and(|(_, t)| t != timer) {
                *slot = None;
            }
        }
    }

    fn has(&self, timer: Timer) -> bool {
        self.0.iter().flatten().any(|(_, t)| *t == timer)
    }

    fn clear(&mut self) {
        self.0 = [None; 5];
    }

    fn earliest(&self) -> Option<Instant> {
        self.0.iter().flatten().map(|(at, _)| *at).min()
    }

    /// Removes and returns the earliest timer due at `now`.
    fn take_due(&mut self, now: Instant) -> Option<Timer> {
        let slot = self
            .0
            .iter_mut()
            .filter(|s| s.is_some_and(|(at, _)| at <= now))
            .min_by_key(|s| s.map(|(at, _)| at))?;
        slot.take().map(|(_, t)| t)
    }
}

/// The messages waiting to be sent: nearly always one, kept inline.
#[derive(Debug, Default)]
struct Outbox {
    first: Option<tcap::Message>,
    rest: VecDeque<tcap::Message>,
}

impl Outbox {
    fn push(&mut self, m: tcap::Message) {
        if self.first.is_none() && self.rest.is_empty() {
            self.first = Some(m);
        } else {
            self.rest.push_back(m);
        }
    }

    fn pop(&mut self) -> Option<tcap::Message> {
        self.first.take().or_else(|| self.rest.pop_front())
    }
}

/// Where the dialogue is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// TC-BEGIN sent; nothing received (Q.774 "initiation sent").
    InitiationSent,
    /// The SCP answered with TC-CONTINUE: the dialogue is open (Q.774 "active").
    Active {
        /// The SCP's transaction id.
        peer: TransactionId,
    },
    /// Over.
    Done,
}

/// The switch side of one dialogue. See the [module docs](self) for the call order.
#[derive(Debug)]
pub struct CallMachine {
    otid: TransactionId,
    model: CallModel,
    trigger: Trigger,
    timers: Timers,
    state: State,
    started: Instant,
    armed: Vec<(EventTypeBcsm, MonitorMode)>,
    /// (deadline, timer); a handful at most.
    deadlines: TimerSlots,
    /// The call-model timers have been started (the SCP routed the call).
    routed: bool,
    /// The call is over (a final happening, or ReleaseCall).
    call_over: bool,
    transmit: Outbox,
    /// Components waiting for the next message to the SCP.
    pending: Vec<Component>,
    next_invoke: i8,
    record: CallRecord,
}

impl CallMachine {
    /// Opens the dialogue for `spec` with transaction id `otid`: queues the TC-BEGIN with the
    /// InitialDP built from `idp` (its called/calling/service key/category/event are taken from
    /// `spec`; its addressing is not used here).
    pub fn start(
        now: Instant,
        otid: TransactionId,
        spec: &CallSpec,
        idp: &IdpOptions,
        timers: Timers,
    ) -> Result<Self, BuildError> {
        let arg = crate::build::initial_dp_arg(
            &spec.called,
            spec.calling.as_deref(),
            spec.service_key,
            spec.category,
            spec.trigger.event().0,
        )?;
        let begin = tcap::Message::begin(
            otid,
            idp.application_context,
            vec![invoke(1, &Argument::InitialDp(arg))],
        );
        let mut m = Self {
            otid,
            model: spec.model,
            trigger: spec.trigger,
            timers,
            state: State::InitiationSent,
            started: now,
            armed: Vec::new(),
            deadlines: TimerSlots::default(),
            routed: false,
            call_over: false,
            transmit: Outbox::default(),
            pending: Vec::new(),
            next_invoke: 1,
            record: CallRecord::default(),
        };
        m.transmit.push(begin);
        m.set(Timer::Response, now + timers.answer_timeout);
        if let CallModel::Abandon { after } = spec.model {
            m.set(Timer::Call(Happening::Abandon), now + after);
        }
        Ok(m)
    }

    /// Our transaction id.
    pub fn otid(&self) -> TransactionId {
        self.otid
    }

    /// Whether the dialogue is over.
    pub fn is_done(&self) -> bool {
        self.state == State::Done
    }

    /// What happened so far.
    pub fn record(&self) -> &CallRecord {
        &self.record
    }

    /// Takes the record (at the end).
    pub fn into_record(self) -> CallRecord {
        self.record
    }

    /// The next TCAP message to send to the SCP.
    pub fn poll_transmit(&mut self) -> Option<tcap::Message> {
        self.transmit.pop()
    }

    /// When [`handle_timeout`](Self::handle_timeout) is next due.
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.deadlines.earliest()
    }

    fn set(&mut self, timer: Timer, at: Instant) {
        self.deadlines.set(timer, at);
    }

    fn cancel(&mut self, timer: Timer) {
        self.deadlines.cancel(timer);
    }

    /// Fires the timers due at `now`.
    pub fn handle_timeout(&mut self, now: Instant) {
        while self.state != State::Done {
            let Some(timer) = self.deadlines.take_due(now) else {
                return;
            };
            match timer {
                Timer::Response => {
                    self.fail(
                        Failure::Timeout,
                        format!(
                            "no answer from the SCP within {} ms",
                            self.timers.answer_timeout.as_millis()
                        ),
                    );
                }
                Timer::Announcement => {
                    // ETS 300 374-1 SpecializedResourceReport: the announcement completed.
                    let id = self.invoke_id();
                    self.pending
                        .push(invoke(id, &Argument::SpecializedResourceReport));
                    self.await_instruction(now);
                }
                Timer::Call(h) => self.happen(now, h),
            }
        }
    }

    /// Handles a TCAP message the SCP sent in this dialogue (its dtid is our otid).
    pub fn handle_message(&mut self, now: Instant, message: &tcap::Message) {
        if self.state == State::Done {
            return;
        }
        if self.record.first_answer.is_none() {
            self.record.first_answer = Some(now.saturating_duration_since(self.started));
        }
        self.cancel(Timer::Response);
        match message {
            tcap::Message::Abort(a) => {
                let why = match &a.reason {
                    Some(tcap::AbortReason::PAbort(c)) => format!("TC-P-ABORT {c:?}"),
                    Some(tcap::AbortReason::Dialogue(_)) => "TC-U-ABORT with dialogue".into(),
                    None => "TC-U-ABORT".into(),
                };
                self.record.failure = Some(Failure::Abort);
                self.record.detail = Some(why);
                self.finish();
            }
            tcap::Message::End(e) => {
                self.components(now, &e.components, true);
                if self.state != State::Done {
                    if self.record.outcome.is_none() && self.record.failure.is_none() {
                        self.record.outcome = Some(Outcome::End);
                    }
                    self.finish();
                }
            }
            tcap::Message::Continue(c) => {
                if self.state == State::InitiationSent {
                    self.state = State::Active { peer: c.otid };
                }
                self.components(now, &c.components, false);
                if self.state != State::Done {
                    self.after_continue(now);
                }
            }
            tcap::Message::Begin(_) | tcap::Message::Unidirectional(_) => {
                self.fail(
                    Failure::UnexpectedOperation,
                    "a TC-BEGIN or TC-UNI inside the dialogue".into(),
                );
            }
        }
    }

    /// The SCP's transport reported this dialogue's message returned (SCCP UDTS).
    pub fn handle_returned(&mut self, cause: String) {
        if self.state != State::Done {
            self.record.failure = Some(Failure::Abort);
            self.record.detail = Some(format!("SCCP returned the message: {cause}"));
            self.finish();
        }
    }

    fn invoke_id(&mut self) -> i8 {
        self.next_invoke = self.next_invoke.wrapping_add(1);
        if self.next_invoke <= 1 {
            self.next_invoke = 2;
        }
        self.next_invoke
    }

    fn components(&mut self, now: Instant, components: &[Component], end: bool) {
        for c in components {
            if self.state == State::Done {
                return;
            }
            match c {
                Component::Invoke(inv) => {
                    let Code::Local(op) = inv.op_code else {
                        self.fail(
                            Failure::UnexpectedOperation,
                            "an operation with a global code".into(),
                        );
                        return;
                    };
                    let op = Opcode(op);
                    self.record
                        .operations
                        .push(op.name().unwrap_or("unknown operation"));
                    match Argument::decode(op, inv.parameter.as_ref().map(|p| p.as_bytes())) {
                        Ok(arg) => self.operation(now, inv.invoke_id, arg, end),
                        Err(e) => self.fail(Failure::UnexpectedOperation, format!("{op}: {e}")),
                    }
                }
                Component::ReturnResultLast(_) | Component::ReturnResultNotLast(_) => {}
                Component::ReturnError(e) => {
                    self.fail(
                        Failure::Reject,
                        format!("ReturnError {:?} to invoke {}", e.error_code, e.invoke_id),
                    );
                }
                Component::Reject(r) => {
                    self.fail(
                        Failure::Reject,
                        format!("Reject {:?} of invoke {:?}", r.problem, r.invoke_id),
                    );
                }
            }
        }
    }

    fn operation(&mut self, now: Instant, invoke_id: i8, arg: Argument, end: bool) {
        match arg {
            Argument::Connect(c) => {
                let destination = c
                    .destination_routing_address
                    .first()
                    .map(|n| {
                        if n.nature_of_address() == inap::isup::NatureOfAddress::INTERNATIONAL {
                            format!("+{}", n.digits())
                        } else {
                            n.digits().to_owned()
                        }
                    })
                    .unwrap_or_default();
                self.record.outcome = Some(Outcome::Connect { destination });
            }
            Argument::ReleaseCall(cause) => {
                self.record.outcome = Some(Outcome::Release {
                    cause: cause.value().0,
                });
                self.call_over = true;
                self.deadlines.retain_only(Timer::Response);
            }
            // A Continue after a request-mode report resumes the call; it does not replace the
            // routing instruction already given.
            Argument::Continue => {
                if self.record.outcome.is_none() {
                    self.record.outcome = Some(Outcome::Continue);
                }
            }
            Argument::RequestReportBcsmEvent(r) => {
                for e in r.bcsm_events {
                    self.armed.retain(|(t, _)| *t != e.event_type_bcsm);
                    if e.monitor_mode != MonitorMode::TRANSPARENT {
                        self.armed.push((e.event_type_bcsm, e.monitor_mode));
                    }
                }
            }
            Argument::ConnectToResource(_) | Argument::DisconnectForwardConnection => {}
            Argument::PlayAnnouncement(pa) => {
                let id = match &pa.information_to_send {
                    InformationToSend::InbandInfo(i) => match &i.message_id {
                        MessageId::ElementaryMessageId(id) => id.get(),
                        MessageId::ElementaryMessageIds(ids) => {
                            ids.0.first().map_or(0, |i| i.get())
                        }
                        MessageId::VariableMessage(v) => v.elementary_message_id.get(),
                        MessageId::Text(_) => 0,
                    },
                    InformationToSend::Tone(t) => t.tone_id.get(),
                    InformationToSend::DisplayInformation(_) => 0,
                };
                self.record.announcements.push(id);
                if pa.request_announcement_complete != Some(false) && !end {
                    self.set(Timer::Announcement, now + self.timers.announcement);
                }
            }
            Argument::Cancel(_) => self.cancel(Timer::Announcement),
            Argument::ActivityTest => {
                // ETS 300 374-1 ActivityTest: a ReturnResult without parameter.
                self.record.activity_tests += 1;
                self.pending.push(Component::ReturnResultLast(ReturnResult {
                    invoke_id,
                    result: None,
                }));
            }
            Argument::CallGap(g) => {
                let (prefix, service_key) = match &g.gap_criteria {
                    GapCriteria::CalledAddressValue(n) => (n.digits().to_owned(), None),
                    GapCriteria::GapOnService(s) => {
                        (String::new(), u32::try_from(s.service_key.get()).ok())
                    }
                    GapCriteria::CalledAddressAndService(s) => (
                        s.called_address_value.digits().to_owned(),
                        u32::try_from(s.service_key.get()).ok(),
                    ),
                    GapCriteria::CallingAddressAndService(s) => {
                        (String::new(), u32::try_from(s.service_key.get()).ok())
                    }
                };
                self.record.gaps.push(GapOrder {
                    prefix,
                    service_key,
                    duration: g.gap_indicators.duration.get(),
                    interval: g.gap_indicators.gap_interval.get(),
                });
            }
            Argument::FurnishChargingInformation(_)
            | Argument::ApplyCharging(_)
            | Argument::ResetTimer(_)
            | Argument::CallInformationRequest(_) => {}
            other => self.fail(
                Failure::UnexpectedOperation,
                format!(
                    "{} is not an operation an SCP sends to a switch",
                    other.opcode()
                ),
            ),
        }
    }

    /// After the components of a TC-CONTINUE: what the switch does next.
    fn after_continue(&mut self, now: Instant) {
        if self.call_over {
            self.close();
            return;
        }
        if self.deadlines.has(Timer::Announcement) {
            self.flush_continue();
            return;
        }
        let routed = matches!(
            self.record.outcome,
            Some(Outcome::Connect { .. } | Outcome::Continue)
        );
        if routed && !self.routed {
            self.routed = true;
            if self.armed.is_empty() {
                // The SCP's last instruction: nothing armed, so the switch has nothing to report.
                self.close();
                return;
            }
            match self.model {
                CallModel::Answer { after, .. } => {
                    self.set(Timer::Call(Happening::Answer), now + after)
                }
                CallModel::Busy => self.set(Timer::Call(Happening::Busy), now),
                CallModel::NoAnswer { after } => {
                    self.set(Timer::Call(Happening::NoAnswer), now + after)
                }
                CallModel::Abandon { .. } => {}
            }
            self.flush_continue();
        } else if routed {
            // An instruction after a request-mode report: the call goes on.
            self.flush_continue();
        } else {
            // No routing instruction yet (ActivityTest, RRBE alone, …): keep waiting.
            self.flush_continue();
            self.set(Timer::Response, now + self.timers.answer_timeout);
        }
    }

    /// Sends the pending components (if any) in a TC-CONTINUE.
    fn flush_continue(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        if let State::Active { peer } = self.state {
            let components = std::mem::take(&mut self.pending);
            self.transmit.push(tcap::Message::Continue(tcap::Continue {
                otid: self.otid,
                dtid: peer,
                dialogue_portion: None,
                components,
            }));
        } else {
            self.pending.clear();
        }
    }

    fn await_instruction(&mut self, now: Instant) {
        self.flush_continue();
        self.set(Timer::Response, now + self.timers.answer_timeout);
    }

    fn happen(&mut self, now: Instant, h: Happening) {
        if self.call_over {
            return;
        }
        if h == Happening::Abandon && self.state == State::InitiationSent {
            // Q.774: TR-U-ABORT in "initiation sent" ends the transaction locally.
            self.record.outcome = Some(Outcome::Abandoned);
            self.finish();
            return;
        }
        if h == Happening::Abandon && !self.routed && self.record.outcome.is_none() {
            self.record.outcome = Some(Outcome::Abandoned);
        }
        let armed = h
            .events(self.trigger)
            .into_iter()
            .find_map(|e| self.armed.iter().find(|(t, _)| *t == e).copied());
        if h.is_final() {
            self.call_over = true;
            self.deadlines.clear();
        }
        match armed {
            Some((event, mode)) => {
                let id = self.invoke_id();
                let request = mode == MonitorMode::INTERRUPTED;
                self.record.events_reported.push(
                    event
                        .name()
                        .map_or_else(|| event.0.to_string(), str::to_owned),
                );
                let arg = EventReportBcsmArg {
                    event_type_bcsm: event,
                    bcsm_event_correlation_id: None,
                    event_specific_information_bcsm: specific_info(h, event),
                    leg_id: Some(LegId::ReceivingSideId(LegType::LEG2)),
                    misc_call_info: Some(MiscCallInfo {
                        message_type: if request {
                            MessageType::REQUEST
                        } else {
                            MessageType::NOTIFICATION
                        },
                        dp_assignment: None,
                    }),
                    extensions: None,
                };
                self.pending
                    .push(invoke(id, &Argument::EventReportBcsm(arg)));
                if request {
                    // Interrupted: the switch waits for the SCP's instruction.
                    self.await_instruction(now);
                } else if h.is_final() {
                    self.close();
                } else {
                    self.flush_continue();
                }
            }
            None if h.is_final() => {
                if h == Happening::Abandon {
                    self.abort_dialogue();
                } else {
                    self.close();
                }
            }
            None => {}
        }
        if h == Happening::Answer
            && !self.call_over
            && let CallModel::Answer { talk, .. } = self.model
        {
            self.set(Timer::Call(Happening::Disconnect), now + talk);
        }
    }

    /// Ends the dialogue with a TC-END carrying the pending components.
    fn close(&mut self) {
        if let State::Active { .. } = self.state {
            let components = std::mem::take(&mut self.pending);
            let dtid = match self.state {
                State::Active { peer } => peer,
                _ => return,
            };
            self.transmit.push(tcap::Message::End(tcap::End {
                dtid,
                dialogue_portion: None,
                components,
            }));
        }
        self.finish();
    }

    fn abort_dialogue(&mut self) {
        if let State::Active { peer } = self.state {
            self.transmit.push(tcap::Message::u_abort(peer, None));
        }
        self.finish();
    }

    fn fail(&mut self, failure: Failure, detail: String) {
        if self.record.failure.is_none() {
            self.record.failure = Some(failure);
            self.record.detail = Some(detail);
        }
        self.abort_dialogue();
    }

    fn finish(&mut self) {
        self.state = State::Done;
        self.deadlines.clear();
        self.pending.clear();
    }
}

fn specific_info(h: Happening, event: EventTypeBcsm) -> Option<EventSpecificInformationBcsm> {
    let originating = event.0 < EventTypeBcsm::TERM_ATTEMPT_AUTHORIZED.0;
    let cause = |v: CauseValue| Cause::new(Location::PUBLIC_LOCAL, v).ok();
    Some(match (h, originating) {
        (Happening::Answer, true) => {
            EventSpecificInformationBcsm::OAnswerSpecificInfo(NoSpecificInfo {})
        }
        (Happening::Answer, false) => {
            EventSpecificInformationBcsm::TAnswerSpecificInfo(NoSpecificInfo {})
        }
        (Happening::NoAnswer, true) => {
            EventSpecificInformationBcsm::ONoAnswerSpecificInfo(NoSpecificInfo {})
        }
        (Happening::NoAnswer, false) => {
            EventSpecificInformationBcsm::TNoAnswerSpecificInfo(NoSpecificInfo {})
        }
        (Happening::Busy, true) => {
            EventSpecificInformationBcsm::OCalledPartyBusySpecificInfo(BusySpecificInfo {
                busy_cause: cause(CauseValue::USER_BUSY),
            })
        }
        (Happening::Busy, false) => {
            EventSpecificInformationBcsm::TCalledPartyBusySpecificInfo(BusySpecificInfo {
                busy_cause: cause(CauseValue::USER_BUSY),
            })
        }
        (Happening::Disconnect, true) => {
            EventSpecificInformationBcsm::ODisconnectSpecificInfo(DisconnectSpecificInfo {
                release_cause: cause(CauseValue::NORMAL_CLEARING),
                connect_time: None,
            })
        }
        (Happening::Disconnect, false) => {
            EventSpecificInformationBcsm::TDisconnectSpecificInfo(DisconnectSpecificInfo {
                release_cause: cause(CauseValue::NORMAL_CLEARING),
                connect_time: None,
            })
        }
        // oAbandon and tAbandon carry no specific information in CS-1.
        (Happening::Abandon, _) => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn call_models_parse_with_defaults_and_refuse_nonsense() {
        assert_eq!(CallModel::parse("answer"), Ok(CallModel::default()));
        assert_eq!(
            CallModel::parse("answer:1.5:30"),
            Ok(CallModel::Answer {
                after: Duration::from_millis(1500),
                talk: Duration::from_secs(30)
            })
        );
        assert_eq!(CallModel::parse("busy"), Ok(CallModel::Busy));
        assert_eq!(
            CallModel::parse("no-answer:20"),
            Ok(CallModel::NoAnswer {
                after: Duration::from_secs(20)
            })
        );
        assert_eq!(
            CallModel::parse("abandon:0.5"),
            Ok(CallModel::Abandon {
                after: Duration::from_millis(500)
            })
        );
        for bad in [
            "busy:1",
            "answer:-1",
            "answer:x",
            "answer:1:2:3",
            "ring",
            "abandon:inf",
        ] {
            assert!(CallModel::parse(bad).is_err(), "{bad}");
        }
        let m = CallModel::parse("answer:2:30").unwrap();
        assert_eq!(CallModel::parse(&m.to_string()), Ok(m));
    }

    #[test]
    fn triggers_and_their_detection_points() {
        assert_eq!(
            Trigger::parse("terminating").unwrap().event(),
            EventTypeBcsm::TERM_ATTEMPT_AUTHORIZED
        );
        assert_eq!(
            Trigger::parse("o").unwrap().event(),
            EventTypeBcsm::COLLECTED_INFO
        );
        assert!(Trigger::parse("sideways").is_err());
    }

    #[test]
    fn numbers_are_masked_keeping_the_plus() {
        assert_eq!(mask_number("01098765432"), "010-****-5432");
        assert_eq!(mask_number("+821098765432"), "+821-*****-5432");
        let o = Outcome::Connect {
            destination: "01098765432".into(),
        };
        assert_eq!(o.to_string(), "connect:010-****-5432");
        assert_eq!(o.text(true), "connect:01098765432");
    }

    #[test]
    fn the_begin_carries_the_initial_dp_with_the_trigger() {
        let mut spec = CallSpec::new("050412345678", Some("01012345678"));
        spec.trigger = Trigger::Originating;
        let now = Instant::now();
        let mut m = CallMachine::start(
            now,
            TransactionId::from_u32(9),
            &spec,
            &IdpOptions::new("0", None),
            Timers::default(),
        )
        .unwrap();
        let tcap::Message::Begin(b) = m.poll_transmit().unwrap() else {
            panic!("a BEGIN")
        };
        assert_eq!(b.otid, TransactionId::from_u32(9));
        let Component::Invoke(inv) = &b.components[0] else {
            panic!("an invoke")
        };
        let Ok(Argument::InitialDp(idp)) = Argument::decode(
            Opcode::INITIAL_DP,
            inv.parameter.as_ref().map(|p| p.as_bytes()),
        ) else {
            panic!("an InitialDP")
        };
        assert_eq!(idp.event_type_bcsm, Some(EventTypeBcsm::COLLECTED_INFO));
        assert_eq!(
            idp.called_party_number.map(|n| n.digits().to_owned()),
            Some("050412345678".into())
        );
        assert_eq!(m.poll_timeout(), Some(now + Duration::from_secs(2)));
        assert!(m.poll_transmit().is_none());
        assert!(!m.is_done());
    }
}
