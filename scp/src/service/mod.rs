//! The service logic: what the SCP answers each call with (call flows 1–9 of issue 6), sans I/O.
//!
//! No sockets, no clock, no TCAP: [`Service::initial_dp`] takes a decoded InitialDP, the call's
//! [`CallContext`] and the time, reads the [`store`], and gives a [`Reply`] — the INAP operations
//! to send, whether the dialogue continues ([`DialogueAction`]), the [`CallRecord`] to write and a
//! [`CallOutcome`] for the metrics — plus a [`Call`] when the dialogue stays open. The wiring feeds
//! the switch's later operations to [`Call::on_operation`], its timer to [`Call::handle_timeout`]
//! and the end of the dialogue to [`Call::on_end`].
//!
//! # Call flows
//! | flow | InitialDP | answer |
//! |---|---|---|
//! | 1 one-way | called = V | Connect {DRA = R, originalCalledPartyID = V, callingPartysCategory kept} in TC-END, or RRBE + Connect in TC-CONTINUE when events are armed |
//! | 2 two-way | A or B calls V | Connect to the other party with callingPartyNumber = V; a third party gets the store's release (cause 21), after the configured `not_a_party` announcement if any |
//! | 3 originating | trigger from protected A | Connect {DRA = dialled number, callingPartyNumber = V}; an unprotected caller gets Continue (TC-END) |
//! | 4 unknown, expired, quarantined, suspended | | ReleaseCall with the store's cause (1, 22, 21), or CTR + PA, then ReleaseCall after the SRR |
//! | 5 schedules | | the store's schedule decides: a destination, an announcement then cause 16, or cause 21 |
//! | 6 ringback / notice | | CTR + PA (ringback, notice), then after the SRR: DFC + RRBE + Connect |
//! | 7 busy / no-answer forwarding | | RRBE {busy R, noAnswer R with timer, answer N, disconnect N}; on busy or no answer RRBE (disarm busy/noAnswer, arm answer/disconnect) + Connect to the forward number |
//! | 8 call records | | the record at the InitialDP (attempt, decision) and at the end (answer, end, cause); writing it extends the sliding TTL |
//! | 9 overload | | [`OverloadConfig::admits`]; refused: CallGap + ReleaseCall 42 in TC-END ([`Service::overload_reply`]) |
//!
//! # Decisions, with the clauses they rest on
//! References: ETSI ETS 300 374-1 (Core INAP CS-1) and ITU-T Q.1218 (10/95) §1.2 (sequential
//! execution of the operations of one message), §2.1 (abstract syntax), §3.1 (the SSF, SCF and
//! SRF state machines) and §3.3 (detailed operation procedures), with Q.1214 for the BCSM and its
//! detection points. The Q.1218 clause numbers are those of its table of contents; within §3.3
//! the procedure is named.
//!
//! - **Order of operations.** The SSF executes the components of one message in order
//!   (Q.1218 §1.2), so RequestReportBCSMEvent precedes the Connect it arms events for,
//!   DisconnectForwardConnection precedes the Connect after an announcement, and CallGap precedes
//!   the ReleaseCall of an overload answer (a ReleaseCall first would end the SSF's relationship
//!   before it read the gap).
//! - **Dialogue end.** Nothing armed and no announcement: the answer goes in TC-END (basic end).
//!   Something armed: TC-CONTINUE, and the switch ends the dialogue with its last report — an
//!   EDP-N report after which no EDP is left armed (Q.1218 §3.1, SSF FSM "Monitoring") — or we do,
//!   with our TC-END after the report that ends the call (disconnect, busy/no answer not forwarded,
//!   abandon). [`DialogueAction::End`] with no operations sends an empty TC-END only if the switch
//!   has not ended the dialogue already.
//! - **EDPs and monitor modes** (Q.1218 §3.3 RequestReportBCSMEvent; Q.1214: EDP-R
//!   suspends the call and waits for instructions, EDP-N reports and lets it continue):
//!   oCalledPartyBusy and oNoAnswer are armed *interrupted* only when the binding forwards on that
//!   condition (we must be able to send the Connect to the forward number); oNoAnswer then carries
//!   `dpSpecificCriteria applicationTimer` = `no_answer_secs`. oAnswer and oDisconnect are armed
//!   *notify and continue* (we only record them); busy and no answer are then armed notify and
//!   continue too when not forwarded, so the record says why the call failed. Busy, no answer and
//!   answer are on leg 2 (`sendingSideID 02`), disconnect on legs 1 and 2. An InitialDP from a
//!   T-BCSM DP (termAttemptAuthorized) arms the T-BCSM events instead (tCalledPartyBusy …).
//! - **Forwarding** (flow 7). On an EDP-R busy or no-answer report the SSF waits for instructions
//!   (Q.1218 §3.1, SSF FSM "Waiting for Instructions"); we answer in TC-CONTINUE with an RRBE that
//!   disarms busy and no answer (`monitorMode transparent`) and re-arms answer/disconnect for the
//!   new leg, then the Connect to the forward number (same originalCalledPartyID and presentation
//!   as the first Connect; no redirecting number, which would show the first destination). With
//!   answer/disconnect not armed, the forward Connect goes in TC-END. One forward per call.
//! - **Announcements** (flows 4, 6; Q.1218 §3.3 ConnectToResource, PlayAnnouncement,
//!   SpecializedResourceReport, DisconnectForwardConnection). CTR (`ipRoutingAddress` = the
//!   configured SRF, or `none` for the SSF's own) and PlayAnnouncement {inbandInfo
//!   elementaryMessageID(s), `requestAnnouncementComplete TRUE`, `disconnectFromIPForbidden
//!   TRUE`} in one TC-CONTINUE; the SRF's operations run over the same dialogue (the SSF relays
//!   them). On the SpecializedResourceReport: ReleaseCall in TC-END (which also frees the SRF),
//!   or DisconnectForwardConnection then RRBE + Connect. `disconnectFromIPForbidden TRUE` makes
//!   the SSF wait for our DFC, so the order of "SRF gone" and "Connect" never races. If no SRR
//!   comes within `announcement.timeout_secs`, we go on as if it had. Ringback and notice are
//!   played in one PlayAnnouncement (elementaryMessageIDs, in that order).
//! - **Notice to the callee.** CS-1 (ETS 300 374-1) connects the SRF to the calling party only;
//!   the called party does not exist before the Connect. The binding's notice announcement is
//!   therefore played to the caller, after the ringback. Whispering to the callee needs a
//!   network-specific routing prefix on the IP and is left to the network.
//! - **Maximum call duration.** CS-1 cannot give it to the switch (ApplyCharging's
//!   `aChBillingChargingCharacteristics` is operator specific in ETS 300 374-1), so the SCF
//!   enforces it: a binding with `max_call_secs` always arms answer and disconnect, and
//!   [`Call::handle_timeout`] sends ReleaseCall (cause `causes.max_duration`, 16) at answer +
//!   `max_call_secs`. The SSF accepts ReleaseCall while monitoring (Q.1218 §3.1 SSF FSM).
//! - **Reports we did not arm, or that ask for instructions in a state where we have none,** get
//!   Continue (the neutral instruction), notifications are ignored: a call is never left waiting
//!   for its Tssf to expire.
//! - **Release causes** (Q.850): the store's (1 unallocated, 22 number changed, 21 call rejected,
//!   16 after a schedule announcement); store failure 41 temporary failure; overload 42 switching
//!   equipment congestion; an InitialDP without a usable called number 28 invalid number format;
//!   location 2 (public network serving the local user). All configurable ([`CauseConfig`]).
//! - **Overload** (flow 9; Q.1218 §3.3 CallGap): CallGap {`gapOnService` with the InitialDP's
//!   service key, or `calledAddressValue` with its called number; `gapIndicators` from the
//!   configuration; `controlType sCPOverloaded`; `gapTreatment releaseCause` = the overload cause}
//!   then ReleaseCall, in TC-END. No store read and no call record for a refused call.
//! - **Numbers.** V and the caller are read from the InitialDP's called and calling party numbers
//!   in national form (`0…`: country code 82 becomes `0`, a national number without the trunk prefix gets it). The DRA is a national number; the
//!   presented V is a calling party number, national, presentation allowed, screening network
//!   provided (Q.763 §3.10). originalCalledPartyID is the InitialDP's called party number.
//! - **Sliding TTL.** [`store::Store::record_call`] extends the binding's sliding TTL when it
//!   records a call of that binding, so the service logic needs no separate "touch": writing the
//!   [`Reply::record`] is the extension.
//!
//! # Privacy
//! Real numbers appear only inside [`store::RealNumber`] and the INAP number types, whose `Debug`
//! and `Display` mask them; traces carry the call id and the outcome, never a number.

mod call;
mod config;
mod error;
mod ops;

use std::sync::Arc;

use inap::isup::{CalledPartyNumber, Cause, CauseValue, Location};
use inap::operations::{Argument, ConnectArg, InitialDpArg};
use store::{
    AnnouncementId, CallRecord, Engine, Outcome, RealNumber, Reason, ReleaseCause, RouteDecision,
    Store, TenantId, Timestamp, VirtualNumber,
};

pub use call::{Call, CallOutcome, DialogueAction, EndKind, Reply};
pub use config::{AnnouncementConfig, CauseConfig, GapOn, OverloadConfig, ServiceConfig, Trigger};
pub use error::ConfigError;

use call::{AfterAnnouncement, Route};
use ops::Bcsm;

/// What the wiring knows about a call besides its InitialDP.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallContext {
    /// The call id (unique per SCP instance and time; the record's key with the tenant and the
    /// attempt time).
    pub call_id: u64,
    /// The switch that asked (its point code or global title), for the call record.
    pub ssp: String,
    /// The trigger, when the wiring knows it (e.g. from the SCCP called address or the
    /// application context); `None`: classified by [`ServiceConfig::classify`].
    pub trigger: Option<Trigger>,
}

/// The service logic: the store and the configuration. Cheap to share (`Arc`s inside); every
/// method takes `&self`, so one `Service` serves every dialogue of every association.
pub struct Service<E: Engine> {
    store: Arc<Store<E>>,
    config: Arc<ServiceConfig>,
    srf: Option<CalledPartyNumber>,
}

impl<E: Engine> Clone for Service<E> {
    fn clone(&self) -> Self {
        Self {
            store: self.store.clone(),
            config: self.config.clone(),
            srf: self.srf.clone(),
        }
    }
}

impl<E: Engine> std::fmt::Debug for Service<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Service")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl<E: Engine> Service<E> {
    /// The service over `store` with a validated `config`.
    pub fn new(store: Arc<Store<E>>, config: ServiceConfig) -> Result<Self, ConfigError> {
        config.validate()?;
        let srf = config
            .announcement
            .srf_address
            .as_deref()
            .map(CalledPartyNumber::parse)
            .transpose()
            .map_err(ConfigError::SrfAddress)?;
        Ok(Self {
            store,
            config: Arc::new(config),
            srf,
        })
    }

    /// The configuration.
    pub fn config(&self) -> &ServiceConfig {
        &self.config
    }

    /// The store.
    pub fn store(&self) -> &Arc<Store<E>> {
        &self.store
    }

    /// An InitialDP arrived (the first component of a TC-BEGIN). Returns the call to keep when
    /// the reply continues the dialogue (`None` exactly when it ends it), and the reply.
    pub fn initial_dp(
        &self,
        idp: &InitialDpArg,
        ctx: &CallContext,
        now: Timestamp,
    ) -> (Option<Call>, Reply) {
        let trigger = ctx.trigger.unwrap_or_else(|| {
            self.config
                .classify(idp.service_key.get(), idp.event_type_bcsm)
        });
        let (call, reply) = match trigger {
            Trigger::Terminating => self.terminating(idp, ctx, now),
            Trigger::Originating => self.originating(idp, ctx, now),
        };
        tracing::debug!(
            call_id = ctx.call_id,
            ?trigger,
            outcome = reply.outcome.as_str(),
            "initial_dp"
        );
        (call, reply)
    }

    /// The answer to an InitialDP refused by admission control ([`OverloadConfig::admits`]):
    /// CallGap then ReleaseCall (cause `causes.overload`, 42 switching equipment congestion) in
    /// TC-END. Reads nothing and writes no record.
    pub fn overload_reply(&self, idp: &InitialDpArg, ctx: &CallContext) -> Reply {
        let c = &self.config;
        let cause = ReleaseCause(c.causes.overload);
        let criteria = match c.overload.gap_on {
            GapOn::CalledNumber => idp
                .called_party_number
                .as_ref()
                .and_then(ops::gap_on_called),
            GapOn::Service => None,
        }
        .unwrap_or_else(|| ops::gap_on_service(idp.service_key));
        let treatment = Cause::new(Location(c.causes.location), CauseValue(cause.0)).ok();
        let gap = ops::call_gap(
            criteria,
            c.overload.gap_duration_secs,
            c.overload.gap_interval_ms,
            treatment,
        );
        tracing::debug!(call_id = ctx.call_id, "overload");
        Reply::end(
            vec![gap, ops::release_call_or_default(cause, c.causes.location)],
            CallOutcome::Overload,
        )
    }

    fn release(&self, cause: ReleaseCause, outcome: CallOutcome) -> Reply {
        Reply::end(
            vec![ops::release_call_or_default(
                cause,
                self.config.causes.location,
            )],
            outcome,
        )
    }

    fn store_error(&self, ctx: &CallContext, e: &store::StoreError) -> (Option<Call>, Reply) {
        tracing::warn!(call_id = ctx.call_id, error = %e, "store error; call released");
        (
            None,
            self.release(
                ReleaseCause(self.config.causes.store_error),
                CallOutcome::StoreError,
            ),
        )
    }

    fn bad_request(&self) -> (Option<Call>, Reply) {
        (
            None,
            self.release(
                ReleaseCause(self.config.causes.bad_request),
                CallOutcome::BadRequest,
            ),
        )
    }

    fn terminating(
        &self,
        idp: &InitialDpArg,
        ctx: &CallContext,
        now: Timestamp,
    ) -> (Option<Call>, Reply) {
        let Some(called) = idp.called_party_number.as_ref() else {
            return self.bad_request();
        };
        let v_digits = ops::national_digits(called.nature_of_address(), called.digits());
        let caller = caller(idp);
        let calling = caller.as_ref().map_or("", RealNumber::expose);
        let decision = match self.store.route(&v_digits, calling, now) {
            Ok(d) => d,
            Err(e) => return self.store_error(ctx, &e),
        };
        let v = VirtualNumber::parse(&v_digits).ok();
        let bcsm = Bcsm::of(idp.event_type_bcsm);
        match decision {
            RouteDecision::Connect(c) => {
                let Some(v) = v else {
                    // The store connects only numbers it parsed; unreachable in practice.
                    return self.bad_request();
                };
                let store::Connect {
                    destination,
                    presentation,
                    binding,
                    tenant,
                    external_ref,
                    max_call_secs,
                    ringback,
                    notice,
                    busy_forward,
                    no_answer_forward,
                } = *c;
                let p = presentation.as_ref();
                let Some(connect) = self.connect_arg(destination.expose(), Some(called), p, idp)
                else {
                    return self.bad_request();
                };
                let busy = busy_forward.and_then(|n| self.forward(n, called, p, idp));
                let no_answer = no_answer_forward.and_then(|n| self.forward(n, called, p, idp));
                let record = CallRecord {
                    call_id: ctx.call_id,
                    number: v,
                    tenant,
                    binding: Some(binding),
                    external_ref: Some(external_ref),
                    caller,
                    destination: Some(destination),
                    attempt_at: now,
                    answer_at: None,
                    end_at: None,
                    release_cause: None,
                    outcome: Outcome::Connected,
                    ssp: ctx.ssp.clone(),
                };
                let route = Route {
                    connect,
                    busy,
                    no_answer,
                    max_call_secs,
                };
                let announcements: Vec<AnnouncementId> =
                    ringback.into_iter().chain(notice).collect();
                self.proceed(
                    bcsm,
                    record,
                    route,
                    &announcements,
                    now,
                    CallOutcome::Connect,
                )
            }
            RouteDecision::Announce {
                announcement,
                then,
                reason,
            } => self.refuse(v, caller, ctx, now, bcsm, Some(announcement), then, reason),
            RouteDecision::Release { cause, reason } => {
                let announcement = self.config.announcement.for_reason(reason);
                self.refuse(v, caller, ctx, now, bcsm, announcement, cause, reason)
            }
            RouteDecision::Continue => (
                None,
                Reply::end(vec![Argument::Continue], CallOutcome::Continue),
            ),
        }
    }

    fn originating(
        &self,
        idp: &InitialDpArg,
        ctx: &CallContext,
        now: Timestamp,
    ) -> (Option<Call>, Reply) {
        // The destination is the called party number, or the dialled digits (Q.1218 only).
        let Some(called) = idp
            .called_party_number
            .as_ref()
            .or(idp.dialled_digits.as_ref())
        else {
            return self.bad_request();
        };
        let Some(caller) = caller(idp) else {
            // No caller number: no one to protect.
            return (
                None,
                Reply::end(vec![Argument::Continue], CallOutcome::Continue),
            );
        };
        let dialled = ops::national_digits(called.nature_of_address(), called.digits());
        let decision = match self.store.route_originating(caller.expose(), &dialled, now) {
            Ok(d) => d,
            Err(e) => return self.store_error(ctx, &e),
        };
        match decision {
            RouteDecision::Connect(c) => {
                // Connect to the number as dialled (its NAI kept), presenting V; no
                // originalCalledPartyID: the call is not redirected.
                let mut connect = ConnectArg::new(called.clone());
                connect.calling_party_number = match c.presentation.as_ref() {
                    Some(v) => match ops::presented(v, self.config.national_trunk_prefix) {
                        Ok(n) => Some(n),
                        Err(_) => return self.bad_request(),
                    },
                    None => None,
                };
                connect.calling_partys_category = idp.calling_partys_category;
                let record = CallRecord {
                    call_id: ctx.call_id,
                    number: c.binding.number,
                    tenant: c.tenant,
                    binding: Some(c.binding),
                    external_ref: Some(c.external_ref.clone()),
                    caller: Some(caller),
                    destination: Some(c.destination.clone()),
                    attempt_at: now,
                    answer_at: None,
                    end_at: None,
                    release_cause: None,
                    outcome: Outcome::Connected,
                    ssp: ctx.ssp.clone(),
                };
                let route = Route {
                    connect,
                    busy: None,
                    no_answer: None,
                    max_call_secs: c.max_call_secs,
                };
                let announcements: Vec<AnnouncementId> =
                    c.ringback.into_iter().chain(c.notice).collect();
                self.proceed(
                    Bcsm::of(idp.event_type_bcsm),
                    record,
                    route,
                    &announcements,
                    now,
                    CallOutcome::Masked,
                )
            }
            RouteDecision::Continue => (
                None,
                Reply::end(vec![Argument::Continue], CallOutcome::Continue),
            ),
            RouteDecision::Release { cause, reason }
            | RouteDecision::Announce {
                then: cause,
                reason,
                ..
            } => (None, self.release(cause, release_outcome(reason))),
        }
    }

    /// Connects (after the announcements, if any).
    fn proceed(
        &self,
        bcsm: Bcsm,
        record: CallRecord,
        route: Route,
        announcements: &[AnnouncementId],
        now: Timestamp,
        outcome: CallOutcome,
    ) -> (Option<Call>, Reply) {
        if let Some(pa) =
            ops::play_announcement(announcements, self.config.announcement.repetitions)
        {
            let ops = vec![ops::connect_to_resource(self.srf.as_ref()), pa];
            let call = Call::announcing(
                self.config.clone(),
                bcsm,
                Some(record.clone()),
                now,
                AfterAnnouncement::Connect(Box::new(route)),
            );
            return (
                Some(call),
                Reply::proceed(ops, outcome).with_record(Some(record)),
            );
        }
        let mut ops = Vec::with_capacity(2);
        if call::connect_ops(&route, bcsm, &self.config, &mut ops) {
            let call = Call::routing(self.config.clone(), bcsm, Some(record.clone()), route);
            (
                Some(call),
                Reply::proceed(ops, outcome).with_record(Some(record)),
            )
        } else {
            (None, Reply::end(ops, outcome).with_record(Some(record)))
        }
    }

    /// Releases the call, after the announcement if there is one.
    #[allow(clippy::too_many_arguments)]
    fn refuse(
        &self,
        v: Option<VirtualNumber>,
        caller: Option<RealNumber>,
        ctx: &CallContext,
        now: Timestamp,
        bcsm: Bcsm,
        announcement: Option<AnnouncementId>,
        cause: ReleaseCause,
        reason: Reason,
    ) -> (Option<Call>, Reply) {
        let outcome = release_outcome(reason);
        let record = v.and_then(|v| self.refused_record(v, caller, ctx, now, cause, reason));
        let pa = announcement
            .and_then(|a| ops::play_announcement(&[a], self.config.announcement.repetitions));
        match pa {
            Some(pa) => {
                let ops = vec![ops::connect_to_resource(self.srf.as_ref()), pa];
                let call = Call::announcing(
                    self.config.clone(),
                    bcsm,
                    record.clone(),
                    now,
                    AfterAnnouncement::Release(cause),
                );
                (Some(call), Reply::proceed(ops, outcome).with_record(record))
            }
            None => {
                let record = record.map(|mut r| {
                    r.end_at = Some(now);
                    r
                });
                (None, self.release(cause, outcome).with_record(record))
            }
        }
    }

    /// The record of a refused call: under the tenant that holds the number (the binding's, the
    /// last binding's while quarantined, else the pool owner's; the operator for a number in no
    /// pool). A quarantined number's records feed the traffic-aware rest.
    fn refused_record(
        &self,
        v: VirtualNumber,
        caller: Option<RealNumber>,
        ctx: &CallContext,
        now: Timestamp,
        cause: ReleaseCause,
        reason: Reason,
    ) -> Option<CallRecord> {
        use store::model::NumberState;
        // One more point read on the refusal path only; a failure degrades the record's tenant.
        let rec = self.store.number_record(&v).ok().flatten();
        if rec.is_none() && !self.config.record_unallocated {
            return None;
        }
        let (tenant, binding, external_ref) = match rec.as_ref().map(|r| (&r.state, r)) {
            Some((NumberState::Bound(b) | NumberState::Suspended { binding: Some(b) }, _)) => (
                b.tenant,
                Some(store::BindingId {
                    number: v,
                    generation: b.generation,
                }),
                Some(b.external_ref.clone()),
            ),
            Some((_, r)) => (r.last_tenant.unwrap_or(r.owner), None, None),
            None => (TenantId::OPERATOR, None, None),
        };
        Some(CallRecord {
            call_id: ctx.call_id,
            number: v,
            tenant,
            binding,
            external_ref,
            caller,
            destination: None,
            attempt_at: now,
            answer_at: None,
            end_at: None,
            release_cause: Some(cause),
            outcome: record_outcome(reason),
            ssp: ctx.ssp.clone(),
        })
    }

    /// A Connect to `dest` (store form), with originalCalledPartyID = the called number, the
    /// presented V and the caller's category.
    fn connect_arg(
        &self,
        dest: &str,
        called: Option<&CalledPartyNumber>,
        presentation: Option<&VirtualNumber>,
        idp: &InitialDpArg,
    ) -> Option<ConnectArg> {
        let trunk = self.config.national_trunk_prefix;
        let mut a = ConnectArg::new(ops::destination(dest, trunk).ok()?);
        a.original_called_party_id =
            called.and_then(|c| inap::isup::OriginalCalledPartyId::from_called(c).ok());
        a.calling_party_number = match presentation {
            Some(v) => Some(ops::presented(v, trunk).ok()?),
            None => None,
        };
        a.calling_partys_category = idp.calling_partys_category;
        Some(a)
    }

    fn forward(
        &self,
        number: RealNumber,
        called: &CalledPartyNumber,
        presentation: Option<&VirtualNumber>,
        idp: &InitialDpArg,
    ) -> Option<call::Forward> {
        let a = self.connect_arg(number.expose(), Some(called), presentation, idp)?;
        Some(Box::new((a, number)))
    }
}

/// The caller in store form, from the InitialDP's calling party number.
fn caller(idp: &InitialDpArg) -> Option<RealNumber> {
    let n = idp.calling_party_number.as_ref()?;
    RealNumber::parse(&ops::national_digits(n.nature_of_address(), n.digits())).ok()
}

fn release_outcome(reason: Reason) -> CallOutcome {
    match reason {
        Reason::Unknown => CallOutcome::ReleaseUnknown,
        Reason::Expired | Reason::Quarantined => CallOutcome::ReleaseExpired,
        Reason::Suspended => CallOutcome::ReleaseSuspended,
        _ => CallOutcome::ReleaseRejected,
    }
}

fn record_outcome(reason: Reason) -> Outcome {
    match reason {
        Reason::Unknown => Outcome::Unknown,
        Reason::Expired | Reason::Quarantined => Outcome::Expired,
        _ => Outcome::Rejected,
    }
}
