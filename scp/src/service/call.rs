//! The state of one call after the InitialDP was answered with the dialogue kept open, and what
//! the service logic answers the switch with ([`Reply`]).

use std::sync::Arc;

use inap::isup::CauseValue;
use inap::operations::datatypes::{
    BcsmEvent, EventSpecificInformationBcsm, LegType, MessageType, MonitorMode,
};
use inap::operations::{Argument, ConnectArg, EventReportBcsmArg};
use store::{CallRecord, Outcome, RealNumber, ReleaseCause, Timestamp};

use super::ServiceConfig;
use super::ops::{self, Bcsm, Edp};

/// What the dialogue does after a [`Reply`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DialogueAction {
    /// Keep the dialogue open: send the operations in a TC-CONTINUE (send nothing when there are
    /// none) and pass the switch's next operations to the [`Call`].
    Continue,
    /// End the dialogue: send the operations in a basic TC-END. When there are none and the switch
    /// has already ended the dialogue, send nothing; when there are none and it has not, send an
    /// empty TC-END. Drop the [`Call`].
    End,
}

/// What happened, for the metrics: one label per [`Reply`], from a closed set (STYLE §6).
///
/// The outcome of the InitialDP's reply is the call's *decision*; the later replies report the
/// call's progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CallOutcome {
    // Decisions (the InitialDP's reply).
    /// Connect to the binding's destination (terminating trigger), possibly after an
    /// announcement.
    Connect,
    /// Originating trigger, protected caller: Connect presenting the virtual number.
    Masked,
    /// Originating trigger, unprotected caller: Continue.
    Continue,
    /// Released: the number is not allocated (cause 1).
    ReleaseUnknown,
    /// Released: the binding expired or the number is quarantined (cause 22).
    ReleaseExpired,
    /// Released: the number is suspended (cause 21).
    ReleaseSuspended,
    /// Released: not yet valid, not a party of a two-way binding, or the schedule says no.
    ReleaseRejected,
    /// Released: the store could not be read (cause 41 by default).
    StoreError,
    /// Released: the InitialDP has no usable called party number (cause 28 by default).
    BadRequest,
    /// Released: overload; CallGap sent.
    Overload,
    // Progress (later replies).
    /// The SpecializedResourceReport came: the announcement is complete.
    AnnouncementDone,
    /// No SpecializedResourceReport within the configured time: went on without it.
    AnnouncementTimeout,
    /// The called party answered.
    Answered,
    /// The call ended after answer (or after the Connect, unanswered).
    Disconnected,
    /// The called party was busy and the binding does not forward.
    Busy,
    /// The called party did not answer and the binding does not forward.
    NoAnswer,
    /// The calling party abandoned before answer.
    Abandoned,
    /// Busy: forwarded to the binding's busy-forward number.
    ForwardBusy,
    /// No answer: forwarded to the binding's no-answer-forward number.
    ForwardNoAnswer,
    /// Released at the binding's maximum call duration.
    MaxDuration,
    /// An operation or timer with nothing to do in the call's state.
    Ignored,
}

impl CallOutcome {
    /// The metric label.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Connect => "connect",
            Self::Masked => "masked",
            Self::Continue => "continue",
            Self::ReleaseUnknown => "release_unknown",
            Self::ReleaseExpired => "release_expired",
            Self::ReleaseSuspended => "release_suspended",
            Self::ReleaseRejected => "release_rejected",
            Self::StoreError => "store_error",
            Self::BadRequest => "bad_request",
            Self::Overload => "overload",
            Self::AnnouncementDone => "announcement_done",
            Self::AnnouncementTimeout => "announcement_timeout",
            Self::Answered => "answered",
            Self::Disconnected => "disconnected",
            Self::Busy => "busy",
            Self::NoAnswer => "no_answer",
            Self::Abandoned => "abandoned",
            Self::ForwardBusy => "forward_busy",
            Self::ForwardNoAnswer => "forward_no_answer",
            Self::MaxDuration => "max_duration",
            Self::Ignored => "ignored",
        }
    }

    /// Every outcome, for describing the metric's label values once.
    pub const ALL: [Self; 21] = [
        Self::Connect,
        Self::Masked,
        Self::Continue,
        Self::ReleaseUnknown,
        Self::ReleaseExpired,
        Self::ReleaseSuspended,
        Self::ReleaseRejected,
        Self::StoreError,
        Self::BadRequest,
        Self::Overload,
        Self::AnnouncementDone,
        Self::AnnouncementTimeout,
        Self::Answered,
        Self::Disconnected,
        Self::Busy,
        Self::NoAnswer,
        Self::Abandoned,
        Self::ForwardBusy,
        Self::ForwardNoAnswer,
        Self::MaxDuration,
        Self::Ignored,
    ];
}

impl std::fmt::Display for CallOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What to send the switch, what to do with the dialogue, and the call record to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    /// The operations, in order; each becomes one Invoke (class 4 or 2: no result is awaited).
    /// Q.1218 §1.2: the SSF executes the operations of one message in the order they come.
    pub operations: Vec<Argument>,
    /// Whether the dialogue continues.
    pub dialogue: DialogueAction,
    /// The call record to write, whole (upserted by `call_id`): written at the InitialDP (the
    /// attempt and the decision) and again when the call ends (answer time, end time, cause).
    /// [`store::Store::record_call`] also extends the binding's sliding TTL, so a connected call
    /// keeps its binding alive without a separate request.
    pub record: Option<CallRecord>,
    /// What happened, for the metrics.
    pub outcome: CallOutcome,
}

impl Reply {
    pub(crate) fn end(operations: Vec<Argument>, outcome: CallOutcome) -> Self {
        Self {
            operations,
            dialogue: DialogueAction::End,
            record: None,
            outcome,
        }
    }

    pub(crate) fn proceed(operations: Vec<Argument>, outcome: CallOutcome) -> Self {
        Self {
            operations,
            dialogue: DialogueAction::Continue,
            record: None,
            outcome,
        }
    }

    pub(crate) fn with_record(mut self, record: Option<CallRecord>) -> Self {
        self.record = record;
        self
    }

    fn ignored() -> Self {
        Self::proceed(Vec::new(), CallOutcome::Ignored)
    }
}

/// How a dialogue ended, other than by the service logic's own TC-END.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EndKind {
    /// The switch ended it (TC-END, or a prearranged end after its last report).
    Ended,
    /// TC-U-ABORT or TC-P-ABORT.
    Aborted,
    /// The SCP's dialogue timer ran out.
    TimedOut,
}

/// A forward: the Connect to the forward number, and the number for the record (boxed: rarely
/// present, and it keeps the call state small).
pub(crate) type Forward = Box<(ConnectArg, RealNumber)>;

/// The Connect to send and the forwarding of a connected call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Route {
    /// The Connect (destination, originalCalledPartyID, callingPartyNumber, category).
    pub(crate) connect: ConnectArg,
    /// Forward on busy: the Connect to the forward number.
    pub(crate) busy: Option<Forward>,
    /// Forward on no answer.
    pub(crate) no_answer: Option<Forward>,
    /// The binding's maximum call duration (seconds).
    pub(crate) max_call_secs: Option<u32>,
}

impl Route {
    /// Whether answer and disconnect are armed: for the records, or to enforce a maximum call
    /// duration (which needs the answer time and an open dialogue).
    fn arms_answer(&self, config: &ServiceConfig) -> bool {
        config.arm_answer_disconnect || self.max_call_secs.is_some()
    }

    /// The events to arm with the first Connect (ETS 300 374-1 / Q.1218 RequestReportBCSMEvent):
    /// busy and no answer *interrupted* when the binding forwards (the SSF waits for our Connect
    /// to the forward number), else notify-and-continue when answer/disconnect are armed (so the
    /// record says why the call failed); answer and disconnect notify-and-continue; abandon
    /// notify-and-continue if configured. Busy, no answer and answer are reported for the called
    /// party's leg (leg 2); disconnect for either leg.
    pub(crate) fn events(&self, bcsm: Bcsm, config: &ServiceConfig) -> Vec<BcsmEvent> {
        let answer = self.arms_answer(config);
        let mut out = Vec::with_capacity(6);
        let mode = |forward: bool| {
            if forward {
                Some(MonitorMode::INTERRUPTED)
            } else if answer {
                Some(MonitorMode::NOTIFY_AND_CONTINUE)
            } else {
                None
            }
        };
        if let Some(m) = mode(self.busy.is_some()) {
            out.push(ops::bcsm_event(bcsm, Edp::Busy, m, LegType::LEG2, None));
        }
        if let Some(m) = mode(self.no_answer.is_some()) {
            // The no-answer timer only where we forward; otherwise the switch's own applies.
            let timer = self.no_answer.is_some().then_some(config.no_answer_secs);
            out.push(ops::bcsm_event(
                bcsm,
                Edp::NoAnswer,
                m,
                LegType::LEG2,
                timer,
            ));
        }
        if answer {
            out.extend(answer_disconnect(bcsm, config));
        }
        out
    }
}

/// Appends the operations that arm `route`'s events and connect: RequestReportBCSMEvent before
/// the Connect, so the EDPs are armed for the call the Connect sets up (Q.1218 §1.2, operations
/// executed in order). Returns whether anything was armed (the dialogue must stay open).
pub(crate) fn connect_ops(
    route: &Route,
    bcsm: Bcsm,
    config: &ServiceConfig,
    ops: &mut Vec<Argument>,
) -> bool {
    let events = route.events(bcsm, config);
    let armed = !events.is_empty();
    ops.extend(ops::request_report(events));
    ops.push(Argument::Connect(route.connect.clone()));
    armed
}

/// oAnswer (leg 2) and oDisconnect (legs 1 and 2), notify and continue; oAbandon (leg 1) if
/// configured.
fn answer_disconnect(bcsm: Bcsm, config: &ServiceConfig) -> Vec<BcsmEvent> {
    let n = MonitorMode::NOTIFY_AND_CONTINUE;
    let mut out = vec![
        ops::bcsm_event(bcsm, Edp::Answer, n, LegType::LEG2, None),
        ops::bcsm_event(bcsm, Edp::Disconnect, n, LegType::LEG1, None),
        ops::bcsm_event(bcsm, Edp::Disconnect, n, LegType::LEG2, None),
    ];
    if config.arm_abandon {
        out.push(ops::bcsm_event(bcsm, Edp::Abandon, n, LegType::LEG1, None));
    }
    out
}

/// What follows an announcement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum AfterAnnouncement {
    /// ReleaseCall with this cause.
    Release(ReleaseCause),
    /// DisconnectForwardConnection, then route the call.
    Connect(Box<Route>),
}

/// A call state (rustls-style: each variant carries only what is valid in it).
#[derive(Clone, Debug, PartialEq, Eq)]
enum State {
    /// ConnectToResource + PlayAnnouncement sent; waiting for the SpecializedResourceReport.
    Announcing {
        /// Until when we wait for it.
        deadline: Timestamp,
        then: AfterAnnouncement,
    },
    /// Connect sent with EDPs armed; waiting for answer, busy or no answer.
    Routing {
        /// Forwarding still possible (none after a forward).
        busy: Option<Forward>,
        no_answer: Option<Forward>,
        max_call_secs: Option<u32>,
        arms_answer: bool,
    },
    /// Answered; waiting for the disconnect.
    Answered {
        /// When to release the call (maximum call duration).
        deadline: Option<Timestamp>,
    },
    /// The dialogue is over (or about to be).
    Ended,
}

/// One call whose dialogue stays open after the InitialDP: it armed events or plays an
/// announcement.
///
/// ```text
///               InitialDP
///                   │ (TC-CONTINUE)
///        ┌──────────┴─────────────┐
///        ▼ CTR + PA               ▼ RRBE + Connect
///   ┌──────────┐  SRR: DFC +  ┌─────────┐ ERB busy/noAnswer (R): RRBE + Connect(forward)
///   │Announcing│─────────────▶│ Routing │◀───────┐
///   └──────────┘ RRBE+Connect └─────────┘────────┘
///        │ SRR: ReleaseCall        │ ERB answer (N)
///        │ (TC-END)                ▼
///        │                   ┌──────────┐  max duration: ReleaseCall (TC-END)
///        │                   │ Answered │──────────────────────────────┐
///        │                   └──────────┘                              │
///        │                         │ ERB disconnect (N): TC-END        │
///        ▼                         ▼                                   ▼
///   ┌─────────────────────────────────────────────────────────────────────┐
///   │ Ended (also: busy/noAnswer/abandon N reports, on_end)               │
///   └─────────────────────────────────────────────────────────────────────┘
/// ```
///
/// Call order for the wiring: [`Call::on_operation`] for every operation the switch sends in the
/// dialogue (in order); [`Call::poll_timeout`] after each reply to (re)arm one timer and
/// [`Call::handle_timeout`] when it fires; [`Call::on_end`] when the dialogue ends other than by
/// a [`DialogueAction::End`] of ours. Drop the call after a reply that ends the dialogue.
#[derive(Clone, Debug)]
pub struct Call {
    config: Arc<ServiceConfig>,
    bcsm: Bcsm,
    record: Option<CallRecord>,
    state: State,
}

impl Call {
    pub(crate) fn announcing(
        config: Arc<ServiceConfig>,
        bcsm: Bcsm,
        record: Option<CallRecord>,
        now: Timestamp,
        then: AfterAnnouncement,
    ) -> Self {
        let deadline = now.plus_secs(config.announcement.timeout_secs().into());
        Self {
            config,
            bcsm,
            record,
            state: State::Announcing { deadline, then },
        }
    }

    pub(crate) fn routing(
        config: Arc<ServiceConfig>,
        bcsm: Bcsm,
        record: Option<CallRecord>,
        route: Route,
    ) -> Self {
        let arms_answer = route.arms_answer(&config);
        Self {
            bcsm,
            record,
            state: State::Routing {
                busy: route.busy,
                no_answer: route.no_answer,
                max_call_secs: route.max_call_secs,
                arms_answer,
            },
            config,
        }
    }

    /// The call id (from the [`CallContext`](super::CallContext)), when the call has a record.
    pub fn call_id(&self) -> Option<u64> {
        self.record.as_ref().map(|r| r.call_id)
    }

    /// Whether the call is over (a reply ended the dialogue).
    pub fn is_ended(&self) -> bool {
        self.state == State::Ended
    }

    /// An operation the switch sent in the dialogue: EventReportBCSM, SpecializedResourceReport;
    /// anything else is ignored (the TCAP layer has already rejected what INAP does not know).
    pub fn on_operation(&mut self, op: &Argument, now: Timestamp) -> Reply {
        let reply = match op {
            Argument::SpecializedResourceReport => self.announcement_complete(now, false),
            Argument::EventReportBcsm(e) => self.event(e, now),
            _ => Reply::ignored(),
        };
        tracing::debug!(
            call_id = self.call_id(),
            operation = %op.opcode(),
            outcome = reply.outcome.as_str(),
            "call operation"
        );
        reply
    }

    /// When [`Call::handle_timeout`] wants to be called: the end of the wait for the
    /// SpecializedResourceReport, or the binding's maximum call duration after answer.
    pub fn poll_timeout(&self) -> Option<Timestamp> {
        match &self.state {
            State::Announcing { deadline, .. } => Some(*deadline),
            State::Answered { deadline } => *deadline,
            State::Routing { .. } | State::Ended => None,
        }
    }

    /// The timer of [`Call::poll_timeout`] fired at `now` (an early call does nothing).
    ///
    /// - Announcing: go on as if the announcement had completed (an SRF that never reports must
    ///   not keep the caller waiting; the disconnect from the SRF is explicit).
    /// - Answered: the maximum call duration is reached; ReleaseCall in TC-END. CS-1 has no
    ///   standard way to hand the limit to the switch (ETS 300 374-1 leaves
    ///   `AChBillingChargingCharacteristics` to the operator), so the SCF enforces it over the
    ///   dialogue that oDisconnect keeps open; the SSF accepts ReleaseCall while monitoring.
    pub fn handle_timeout(&mut self, now: Timestamp) -> Reply {
        match self.poll_timeout() {
            Some(t) if t <= now => {}
            _ => return Reply::ignored(),
        }
        match &self.state {
            State::Announcing { .. } => self.announcement_complete(now, true),
            State::Answered { .. } => {
                let cause = ReleaseCause(self.config.causes.max_duration);
                self.state = State::Ended;
                let record = self.finish(now, Some(cause), None);
                Reply::end(
                    vec![ops::release_call_or_default(
                        cause,
                        self.config.causes.location,
                    )],
                    CallOutcome::MaxDuration,
                )
                .with_record(record)
            }
            State::Routing { .. } | State::Ended => Reply::ignored(),
        }
    }

    /// The dialogue ended without a reply of ours ending it (the switch ended or aborted it, or
    /// it timed out). Returns the final call record, unless one was already given.
    pub fn on_end(&mut self, how: EndKind, now: Timestamp) -> Option<CallRecord> {
        tracing::debug!(call_id = self.call_id(), ?how, "call dialogue ended");
        // The dialogue's end is the call's end unless only forwarding was armed: then the switch
        // ends the dialogue once the call is answered (nothing left armed) and the call goes on,
        // so the end time is unknown.
        let end_known = match &self.state {
            State::Ended => return None,
            State::Routing { arms_answer, .. } => *arms_answer,
            State::Announcing { .. } | State::Answered { .. } => true,
        };
        self.state = State::Ended;
        let mut record = self.finish(now, None, None);
        if !end_known && let Some(r) = record.as_mut() {
            r.end_at = None;
        }
        record
    }

    /// The final record: end time, cause and outcome set; taken, so it is given once.
    fn finish(
        &mut self,
        now: Timestamp,
        cause: Option<ReleaseCause>,
        outcome: Option<Outcome>,
    ) -> Option<CallRecord> {
        let mut r = self.record.take()?;
        r.end_at = Some(now);
        if cause.is_some() {
            r.release_cause = cause;
        }
        if let Some(o) = outcome {
            r.outcome = o;
        }
        Some(r)
    }

    fn announcement_complete(&mut self, now: Timestamp, timed_out: bool) -> Reply {
        let outcome = if timed_out {
            CallOutcome::AnnouncementTimeout
        } else {
            CallOutcome::AnnouncementDone
        };
        if !matches!(self.state, State::Announcing { .. }) {
            return Reply::ignored();
        }
        let State::Announcing { then, .. } = std::mem::replace(&mut self.state, State::Ended)
        else {
            return Reply::ignored();
        };
        match then {
            AfterAnnouncement::Release(cause) => {
                // ReleaseCall also releases the SRF connection (ETS 300 374-1 ReleaseCall
                // procedure: all parties and resources of the call).
                let record = self.finish(now, Some(cause), None);
                Reply::end(
                    vec![ops::release_call_or_default(
                        cause,
                        self.config.causes.location,
                    )],
                    outcome,
                )
                .with_record(record)
            }
            AfterAnnouncement::Connect(route) => {
                // The PlayAnnouncement said disconnectFromIPForbidden TRUE, so the SSF waits for
                // the end of user interaction: DisconnectForwardConnection first, then arm and
                // connect (Q.1218 §1.2: executed in order).
                let mut ops = vec![Argument::DisconnectForwardConnection];
                if connect_ops(&route, self.bcsm, &self.config, &mut ops) {
                    let record = self.record.take();
                    *self = Self::routing(self.config.clone(), self.bcsm, record, *route);
                    Reply::proceed(ops, outcome)
                } else {
                    // Nothing armed: the record written at the InitialDP stays final.
                    Reply::end(ops, outcome)
                }
            }
        }
    }

    fn event(&mut self, e: &EventReportBcsmArg, now: Timestamp) -> Reply {
        let Some(edp) = Edp::of(e.event_type_bcsm) else {
            return self.unarmed(e);
        };
        // A report asks for instructions if we armed it interrupted, or if the switch says so
        // explicitly (miscCallInfo messageType request); an absent miscCallInfo is the DEFAULT
        // {messageType request}, but a switch that reports our notify-and-continue EDPs without
        // it does not wait, so our arming decides then.
        let explicit_request = e
            .misc_call_info
            .as_ref()
            .is_some_and(|m| m.message_type == MessageType::REQUEST);
        match (edp, &self.state) {
            (Edp::Busy | Edp::NoAnswer, State::Routing { .. }) => {
                self.busy_or_no_answer(edp, e, explicit_request, now)
            }
            (
                Edp::Answer,
                State::Routing {
                    max_call_secs,
                    arms_answer: true,
                    ..
                },
            ) => {
                // Answer makes busy and no answer impossible (Q.1214, the BCSM: the EDPs of the
                // other outcomes are disarmed); disconnect stays armed.
                let deadline = max_call_secs.map(|s| now.plus_secs(s.into()));
                if let Some(r) = self.record.as_mut() {
                    r.answer_at = Some(now);
                    r.outcome = Outcome::Answered;
                }
                self.state = State::Answered { deadline };
                let ops = if explicit_request {
                    vec![Argument::Continue]
                } else {
                    Vec::new()
                };
                Reply::proceed(ops, CallOutcome::Answered)
            }
            (Edp::Disconnect, State::Routing { .. } | State::Answered { .. }) => {
                let cause = match &e.event_specific_information_bcsm {
                    Some(
                        EventSpecificInformationBcsm::ODisconnectSpecificInfo(d)
                        | EventSpecificInformationBcsm::TDisconnectSpecificInfo(d),
                    ) => d.release_cause.as_ref().map(|c| ReleaseCause(c.value().0)),
                    _ => None,
                };
                self.state = State::Ended;
                let record = self.finish(now, cause, None);
                // A disconnect we armed interrupted would need an instruction; ours are
                // notify-and-continue, but answer one that asks with Continue (let it clear).
                let ops = if explicit_request {
                    vec![Argument::Continue]
                } else {
                    Vec::new()
                };
                Reply::end(ops, CallOutcome::Disconnected).with_record(record)
            }
            (Edp::Abandon, State::Routing { .. }) => {
                self.state = State::Ended;
                let record = self.finish(now, None, None);
                let ops = if explicit_request {
                    vec![Argument::Continue]
                } else {
                    Vec::new()
                };
                Reply::end(ops, CallOutcome::Abandoned).with_record(record)
            }
            _ => self.unarmed(e),
        }
    }

    fn busy_or_no_answer(
        &mut self,
        edp: Edp,
        e: &EventReportBcsmArg,
        explicit_request: bool,
        now: Timestamp,
    ) -> Reply {
        let State::Routing {
            busy,
            no_answer,
            max_call_secs,
            ..
        } = &mut self.state
        else {
            return Reply::ignored();
        };
        let forward = match edp {
            Edp::Busy => busy.take(),
            _ => no_answer.take(),
        };
        let max_call_secs = *max_call_secs;
        if let Some((connect, number)) = forward.map(|f| *f) {
            // Forward: a new Connect while the SSF waits for instructions at the EDP-R. Busy and
            // no answer are disarmed (monitorMode transparent) so the forwarded leg is not
            // forwarded again; answer and disconnect are armed again for the new leg.
            let bcsm = self.bcsm;
            let t = MonitorMode::TRANSPARENT;
            let mut events = vec![
                ops::bcsm_event(bcsm, Edp::Busy, t, LegType::LEG2, None),
                ops::bcsm_event(bcsm, Edp::NoAnswer, t, LegType::LEG2, None),
            ];
            let arms_answer = self.config.arm_answer_disconnect || max_call_secs.is_some();
            if arms_answer {
                events.extend(answer_disconnect(bcsm, &self.config));
            }
            if let Some(r) = self.record.as_mut() {
                r.destination = Some(number);
            }
            let outcome = match edp {
                Edp::Busy => CallOutcome::ForwardBusy,
                _ => CallOutcome::ForwardNoAnswer,
            };
            if arms_answer {
                let mut ops = Vec::with_capacity(2);
                ops.extend(ops::request_report(events));
                ops.push(Argument::Connect(connect));
                self.state = State::Routing {
                    busy: None,
                    no_answer: None,
                    max_call_secs,
                    arms_answer,
                };
                Reply::proceed(ops, outcome)
            } else {
                // Nothing to monitor on the forwarded leg: the Connect in TC-END disarms the
                // rest. The record (not ended: the forwarded leg is being set up) is final.
                self.state = State::Ended;
                let record = self.record.take();
                Reply::end(vec![Argument::Connect(connect)], outcome).with_record(record)
            }
        } else {
            let (outcome, record_outcome, default_cause, info_cause) = match edp {
                Edp::Busy => (
                    CallOutcome::Busy,
                    Outcome::Busy,
                    CauseValue::USER_BUSY,
                    match &e.event_specific_information_bcsm {
                        Some(
                            EventSpecificInformationBcsm::OCalledPartyBusySpecificInfo(b)
                            | EventSpecificInformationBcsm::TCalledPartyBusySpecificInfo(b),
                        ) => b.busy_cause.as_ref().map(|c| c.value()),
                        _ => None,
                    },
                ),
                _ => (
                    CallOutcome::NoAnswer,
                    Outcome::NoAnswer,
                    CauseValue::NO_ANSWER,
                    None,
                ),
            };
            let cause = ReleaseCause(info_cause.unwrap_or(default_cause).0);
            self.state = State::Ended;
            let record = self.finish(now, Some(cause), Some(record_outcome));
            // Reported but not forwarded: the call attempt is over. An SSF that waits for
            // instructions gets Continue (it then gives the caller its busy / no-answer
            // treatment); the dialogue ends with it.
            let ops = if explicit_request {
                vec![Argument::Continue]
            } else {
                Vec::new()
            };
            Reply::end(ops, outcome).with_record(record)
        }
    }

    /// A report we did not arm (or not in this state): one that asks for instructions gets
    /// Continue, so the call is not left waiting; a notification is ignored.
    fn unarmed(&self, e: &EventReportBcsmArg) -> Reply {
        let request = e
            .misc_call_info
            .as_ref()
            .is_none_or(|m| m.message_type == MessageType::REQUEST);
        if request && self.state != State::Ended {
            Reply::proceed(vec![Argument::Continue], CallOutcome::Ignored)
        } else {
            Reply::ignored()
        }
    }
}
