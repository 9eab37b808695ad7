//! `vns-ssp respond`: a null SCP that answers every InitialDP with a fixed, scripted answer.
//!
//! It serves two purposes: the scripted SCP of the tests (every command, call model and failure
//! class of `vns-ssp` exercised against a known answer), and the far end when measuring the
//! generator alone. An answer is a [`Plan`]:
//!
//! | plan | the responder sends |
//! |---|---|
//! | `connect:NUMBER` | TC-END with Connect |
//! | `release:CAUSE` | TC-END with ReleaseCall (Q.850 cause) |
//! | `continue` | TC-END with Continue |
//! | `end` | TC-END without components |
//! | `abort` | TC-U-ABORT |
//! | `reject` | TC-END with a Reject of the InitialDP (mistyped parameter) |
//! | `silent` | nothing (the switch times out) |
//! | `unexpected` | TC-END with an EventReportBCSM (an SSF-to-SCF operation) |
//! | `arm:notify+PLAN`, `arm:request+PLAN` | TC-CONTINUE with RequestReportBCSMEvent (answer, busy, no answer, disconnect, abandon; both legs) and PLAN's operation; on a request-mode report, TC-CONTINUE with Continue, or TC-END after a final event |
//! | `announce:ID+PLAN` | TC-CONTINUE with ConnectToResource and PlayAnnouncement ID; on the SpecializedResourceReport, TC-END with PLAN's operation |
//! | `activity-test+PLAN` | TC-CONTINUE with ActivityTest; on its ReturnResult, TC-END with PLAN's operation |
//! | `gap:SECONDS+PLAN` | TC-END with CallGap (the called number, SECONDS, all calls) and PLAN's operation |
//!
//! Answers per called number come from a TOML file: `default = "connect:01098765432"` and a
//! `[numbers]` table of `"050412345678" = "release:17"`.
//!
//! The answering path keeps its buffers between calls: the Connect or ReleaseCall parameter is
//! encoded once per plan, TCAP components are decoded into a reused list, and the encoded messages
//! are cut from per-association arenas.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::BytesMut;
use inap::isup::{CalledPartyNumber, Cause, CauseValue, GenericNumber, Location};
use inap::operations::datatypes::{
    BcsmEvent, ElementaryMessageIds, EventTypeBcsm, GapCriteria, GapIndicators, InbandInfo,
    InformationToSend, Integer4, MessageId, MonitorMode, ResourceAddress,
};
use inap::operations::{
    Argument, CallGapArg, ConnectArg, ConnectToResourceArg, EventReportBcsmArg, InitialDpArg,
    Opcode, PlayAnnouncementArg, RequestReportBcsmEventArg,
};
use m3ua::Data;
use m3ua::asp::{Event as AspEvent, IpspExchange, Role as AspRole};
use m3ua::transport::{self, Link, TransportKind};
use tcap::{Code, Component, Invoke, Parameter, Problem, Reject, TransactionId};
use tokio::task::JoinHandle;

use crate::config::{ConfigError, association, transport_config};

/// What the responder answers to an InitialDP. See the [module docs](self).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Plan {
    /// TC-END with Connect to this number.
    Connect(String),
    /// TC-END with ReleaseCall.
    Release(u8),
    /// TC-END with Continue.
    Continue,
    /// TC-END without components.
    End,
    /// TC-U-ABORT.
    Abort,
    /// TC-END with a Reject of the InitialDP.
    Reject,
    /// No answer.
    Silent,
    /// TC-END with an operation an SCP does not send (EventReportBCSM).
    Unexpected,
    /// Arm the call's events in this mode, then the inner plan, in a TC-CONTINUE.
    Arm(MonitorMode, Box<Plan>),
    /// Play this announcement; the inner plan after the SpecializedResourceReport.
    Announce(i64, Box<Plan>),
    /// ActivityTest; the inner plan after its result.
    ActivityTest(Box<Plan>),
    /// CallGap on the called number for this many seconds, with the inner plan.
    Gap(i64, Box<Plan>),
}

impl Plan {
    /// Parses a plan (see the [module docs](self)).
    pub fn parse(text: &str) -> Result<Self, String> {
        let (head, rest) = match text.split_once('+') {
            Some((h, r)) => (h, Some(r)),
            None => (text, None),
        };
        let (kind, value) = match head.split_once(':') {
            Some((k, v)) => (k, Some(v)),
            None => (head, None),
        };
        let bad = || format!("bad answer {text:?}");
        let inner = || -> Result<Box<Plan>, String> {
            rest.map(Plan::parse)
                .transpose()?
                .map(Box::new)
                .ok_or_else(|| format!("{head:?} needs a following +PLAN, e.g. {head}+connect:N"))
        };
        let plan = match (kind, value) {
            ("connect", Some(n)) if !n.is_empty() => {
                CalledPartyNumber::parse(n).map_err(|e| format!("{text:?}: {e}"))?;
                Self::Connect(n.to_owned())
            }
            ("release", None) => Self::Release(31),
            ("release", Some(c)) => Self::Release(c.parse().map_err(|_| bad())?),
            ("continue", None) => Self::Continue,
            ("end", None) => Self::End,
            ("abort", None) => Self::Abort,
            ("reject", None) => Self::Reject,
            ("silent", None) => Self::Silent,
            ("unexpected", None) => Self::Unexpected,
            ("arm", Some("notify")) => Self::Arm(MonitorMode::NOTIFY_AND_CONTINUE, inner()?),
            ("arm", Some("request")) => Self::Arm(MonitorMode::INTERRUPTED, inner()?),
            ("announce", v) => {
                Self::Announce(v.map_or(Ok(1), |v| v.parse().map_err(|_| bad()))?, inner()?)
            }
            ("activity-test", None) => Self::ActivityTest(inner()?),
            ("gap", Some(s)) => Self::Gap(s.parse().map_err(|_| bad())?, inner()?),
            _ => {
                return Err(format!(
                    "unknown answer {text:?} (connect:N, release[:C], continue, end, abort, reject, \
                 silent, unexpected, arm:notify|request+…, announce:ID+…, activity-test+…, gap:S+…)"
                ));
            }
        };
        if rest.is_some()
            && !matches!(
                plan,
                Self::Arm(..) | Self::Announce(..) | Self::ActivityTest(..) | Self::Gap(..)
            )
        {
            return Err(format!("{head:?} takes no following +PLAN"));
        }
        Ok(plan)
    }
}

/// The answers: a default and one per called number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answers {
    /// For numbers not listed.
    pub default: Plan,
    /// Per called number (digits as dialled, `+` for international).
    pub numbers: HashMap<String, Plan>,
}

impl Answers {
    /// Every InitialDP gets `default`.
    pub fn fixed(default: Plan) -> Self {
        Self {
            default,
            numbers: HashMap::new(),
        }
    }

    /// Reads `default = "…"` and a `[numbers]` table from TOML (unknown keys refused).
    pub fn from_toml(text: &str) -> Result<Self, ConfigError> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct File {
            default: Option<String>,
            #[serde(default)]
            numbers: HashMap<String, String>,
        }
        let f: File = toml::from_str(text).map_err(|e| ConfigError::Toml(e.to_string()))?;
        let default = match f.default {
            Some(d) => Plan::parse(&d).map_err(ConfigError::Invalid)?,
            None => Plan::End,
        };
        let numbers = f
            .numbers
            .into_iter()
            .map(|(n, p)| Ok((n, Plan::parse(&p).map_err(ConfigError::Invalid)?)))
            .collect::<Result<_, ConfigError>>()?;
        Ok(Self { default, numbers })
    }
}

/// How the responder meets the switch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ResponderRole {
    /// Listens as an SGP; the switch connects as an ASP.
    #[default]
    SgpListen,
    /// Listens as an IPSP (single exchange, this side answers); the switch connects as an IPSP.
    IpspListen,
    /// Connects as an ASP (to an STP, or to a switch in role sgp-listen).
    Asp,
}

impl ResponderRole {
    /// Parses `sgp-listen`, `ipsp-listen`, `asp`.
    pub fn parse(text: &str) -> Result<Self, String> {
        match text {
            "sgp-listen" => Ok(Self::SgpListen),
            "ipsp-listen" => Ok(Self::IpspListen),
            "asp" => Ok(Self::Asp),
            _ => Err(format!(
                "unknown responder role {text:?} (sgp-listen, ipsp-listen or asp)"
            )),
        }
    }
}

/// Where the responder is and what it answers.
#[derive(Clone, Debug)]
pub struct ResponderConfig {
    /// How it meets the switch.
    pub role: ResponderRole,
    /// The transport.
    pub transport: TransportKind,
    /// Where to listen (port 0: any free port; see [`Responder::addr`]).
    pub local: SocketAddr,
    /// Where to connect (role asp).
    pub remote: Option<SocketAddr>,
    /// The UDP port of SCTP over UDP.
    pub udp_port: u16,
    /// Routing context served.
    pub routing_context: Option<u32>,
    /// Associations to open (role asp).
    pub associations: usize,
    /// The answers.
    pub answers: Answers,
}

impl ResponderConfig {
    /// A responder listening as an SGP over TCP on `local`, answering every InitialDP with `plan`.
    pub fn new(local: SocketAddr, plan: Plan) -> Self {
        Self {
            role: ResponderRole::SgpListen,
            transport: TransportKind::Tcp,
            local,
            remote: None,
            udp_port: transport::UDP_ENCAPSULATION_PORT,
            routing_context: Some(2),
            associations: 1,
            answers: Answers::fixed(plan),
        }
    }
}

/// Counters of a responder.
#[derive(Debug, Default)]
pub struct ResponderStats {
    /// InitialDPs received.
    pub initial_dps: AtomicU64,
    /// Messages sent.
    pub sent: AtomicU64,
    /// Other messages of the switch within a dialogue (reports, results, ends).
    pub dialogue_messages: AtomicU64,
    /// Messages that did not decode or belonged to no dialogue.
    pub stray: AtomicU64,
    /// Associations served.
    pub associations: AtomicU64,
}

/// A running responder; dropping it stops it.
#[derive(Debug)]
pub struct Responder {
    addrs: Vec<SocketAddr>,
    stats: Arc<ResponderStats>,
    task: JoinHandle<()>,
}

impl Drop for Responder {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Responder {
    /// Starts listening (or connecting) and answering.
    pub async fn start(config: ResponderConfig) -> Result<Self, ConfigError> {
        let stats = Arc::new(ResponderStats::default());
        let answers = Arc::new(config.answers.clone());
        let tc = transport_config(config.transport, Some(config.local), config.udp_port);
        match config.role {
            ResponderRole::SgpListen | ResponderRole::IpspListen => {
                let mut listener = transport::listen(&tc).await?;
                let addrs = listener.local_addrs();
                let role = if config.role == ResponderRole::SgpListen {
                    AspRole::Sgp
                } else {
                    AspRole::Ipsp(IpspExchange::SingleResponder)
                };
                let (st, rc) = (stats.clone(), config.routing_context);
                let task = tokio::spawn(async move {
                    let mut n = 0;
                    let mut serving = Vec::new();
                    while let Ok(conn) = listener.accept().await {
                        let Ok(assoc) = association(role, rc, n, 1) else {
                            return;
                        };
                        n += 1;
                        st.associations.fetch_add(1, Ordering::Relaxed);
                        let link = Link::accepted(conn, assoc);
                        serving.push(AbortOnDrop(tokio::spawn(serve(
                            link,
                            answers.clone(),
                            st.clone(),
                        ))));
                    }
                });
                Ok(Self { addrs, stats, task })
            }
            ResponderRole::Asp => {
                let remote = config.remote.ok_or_else(|| {
                    ConfigError::Invalid("role asp needs a remote address".into())
                })?;
                let n = config.associations.max(1);
                let mut links = Vec::new();
                for i in 0..n {
                    let assoc = association(AspRole::Asp, config.routing_context, i, n)?;
                    links.push(Link::connect(tc.clone(), vec![remote], assoc));
                }
                stats.associations.fetch_add(n as u64, Ordering::Relaxed);
                let st = stats.clone();
                let task = tokio::spawn(async move {
                    let tasks: Vec<_> = links
                        .into_iter()
                        .map(|l| AbortOnDrop(tokio::spawn(serve(l, answers.clone(), st.clone()))))
                        .collect();
                    for t in tasks {
                        let _ = (&mut { t }.0).await;
                    }
                });
                Ok(Self {
                    addrs: vec![config.local],
                    stats,
                    task,
                })
            }
        }
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addrs[0]
    }

    /// Its counters.
    pub fn stats(&self) -> &ResponderStats {
        &self.stats
    }
}

struct AbortOnDrop(JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

async fn serve(mut link: Link, answers: Arc<Answers>, stats: Arc<ResponderStats>) {
    let mut core = Answerer::new(answers);
    let mut out = Vec::with_capacity(4);
    while let Some(ev) = link.next_event().await {
        if let AspEvent::Data(d) = ev {
            core.handle(d, &mut out, &stats);
            for d in out.drain(..) {
                stats.sent.fetch_add(1, Ordering::Relaxed);
                link.send_data_nowait(d);
            }
        }
    }
}

/// A dialogue the responder keeps open.
#[derive(Debug)]
struct Open {
    peer: TransactionId,
    called: String,
    stage: Stage,
}

#[derive(Debug)]
enum Stage {
    /// Events armed in this mode; the plan's operation already sent.
    Armed(MonitorMode),
    /// Waiting for the SpecializedResourceReport, then the plan.
    Announcing(Plan),
    /// Waiting for the ActivityTest result, then the plan.
    Testing(Plan),
}

/// The responder's sans-I/O answering logic for one association: DATA in, DATA out, no clock
/// (the responder has no timer). The tests wire it to a [`crate::Switch`] in memory.
pub struct Answerer {
    answers: Arc<Answers>,
    /// Encoded parameters of the fixed operations, by plan text.
    cache: HashMap<Plan, Option<Parameter>>,
    /// The component list, taken back after each answer.
    spare: Vec<Component>,
    open: HashMap<u32, Open>,
    next_tid: u32,
    components: Vec<Component>,
    tcap_buf: Vec<u8>,
    arena: BytesMut,
    sccp: BytesMut,
}

impl std::fmt::Debug for Answerer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Answerer")
            .field("open", &self.open.len())
            .finish_non_exhaustive()
    }
}

impl Answerer {
    /// An answerer with these answers.
    pub fn new(answers: Arc<Answers>) -> Self {
        Self {
            answers,
            cache: HashMap::new(),
            spare: Vec::with_capacity(4),
            open: HashMap::new(),
            next_tid: 1,
            components: Vec::new(),
            tcap_buf: Vec::with_capacity(256),
            arena: BytesMut::with_capacity(64 * 1024),
            sccp: BytesMut::with_capacity(64 * 1024),
        }
    }

    /// Answers one DATA of the switch, appending what to send back to `out`.
    pub fn handle(&mut self, data: Data, out: &mut Vec<Data>, stats: &ResponderStats) {
        let Ok(sccp::Message::Udt(udt)) = sccp::Message::decode(&data.protocol_data.user_data)
        else {
            stats.stray.fetch_add(1, Ordering::Relaxed);
            return;
        };
        let spare = std::mem::take(&mut self.components);
        let msg = match tcap::Message::decode_reusing(&udt.data, spare) {
            Ok(m) => m,
            Err(_) => {
                stats.stray.fetch_add(1, Ordering::Relaxed);
                return;
            }
        };
        let answer = match &msg {
            tcap::Message::Begin(b) => {
                stats.initial_dps.fetch_add(1, Ordering::Relaxed);
                self.begin(b)
            }
            tcap::Message::Continue(c) => {
                stats.dialogue_messages.fetch_add(1, Ordering::Relaxed);
                self.within(c.dtid, &c.components, false)
            }
            tcap::Message::End(e) => {
                stats.dialogue_messages.fetch_add(1, Ordering::Relaxed);
                self.within(e.dtid, &e.components, true)
            }
            tcap::Message::Abort(a) => {
                stats.dialogue_messages.fetch_add(1, Ordering::Relaxed);
                if a.dtid.as_bytes().len() == 4 {
                    self.open.remove(&a.dtid.to_u32());
                }
                None
            }
            tcap::Message::Unidirectional(_) => None,
        };
        self.components = msg.into_components();
        if let Some(reply) = answer {
            self.tcap_buf.clear();
            reply.encode(&mut self.tcap_buf);
            // The component list goes back for the next answer.
            self.spare = reply.into_components();
            self.arena.extend_from_slice(&self.tcap_buf);
            let tcap_bytes = self.arena.split().freeze();
            if self.arena.capacity() < 1024 {
                self.arena.reserve(64 * 1024);
            }
            if sccp::Message::Udt(udt.reply(tcap_bytes))
                .encode(&mut self.sccp)
                .is_err()
            {
                return;
            }
            let user_data = self.sccp.split().freeze();
            if self.sccp.capacity() < 1024 {
                self.sccp.reserve(64 * 1024);
            }
            out.push(Data {
                network_appearance: None,
                routing_context: data.routing_context,
                protocol_data: data.protocol_data.answer(user_data),
                correlation_id: None,
                unknown: Vec::new(),
            });
        }
    }

    fn begin(&mut self, b: &tcap::Begin) -> Option<tcap::Message> {
        let Some(Component::Invoke(inv)) = b.components.first() else {
            return None;
        };
        if inv.op_code != Code::Local(Opcode::INITIAL_DP.0) {
            return None;
        }
        let needs_number = !self.answers.numbers.is_empty()
            || !matches!(
                self.answers.default,
                Plan::Connect(_)
                    | Plan::Release(_)
                    | Plan::Continue
                    | Plan::End
                    | Plan::Abort
                    | Plan::Silent
                    | Plan::Reject
                    | Plan::Unexpected
            );
        let called = if needs_number {
            match Argument::decode(
                Opcode::INITIAL_DP,
                inv.parameter.as_ref().map(|p| p.as_bytes()),
            ) {
                Ok(Argument::InitialDp(idp)) => called_of(&idp),
                _ => String::new(),
            }
        } else {
            String::new()
        };
        let answers = self.answers.clone();
        let plan = answers.numbers.get(&called).unwrap_or(&answers.default);
        let acn = b
            .dialogue_portion
            .as_ref()
            .and_then(|d| d.application_context_name());
        let invoke_id = inv.invoke_id;
        let peer = b.otid;
        let mut components = std::mem::take(&mut self.spare);
        components.clear();
        let (close, stage) = match plan {
            Plan::Silent => return None,
            Plan::Abort => return Some(tcap::Message::u_abort(peer, None)),
            Plan::Reject => {
                components.push(Component::Reject(Reject {
                    invoke_id: Some(invoke_id),
                    problem: Problem::Invoke(tcap::InvokeProblem::MISTYPED_PARAMETER),
                }));
                (true, None)
            }
            Plan::Arm(mode, inner) => {
                components.push(self.arm(1, *mode));
                self.operation(2, inner, &called, &mut components);
                (false, Some(Stage::Armed(*mode)))
            }
            Plan::Announce(id, inner) => {
                components.push(build_invoke(
                    1,
                    Argument::ConnectToResource(ConnectToResourceArg {
                        resource_address: ResourceAddress::None(()),
                        extensions: None,
                        service_interaction_indicators: None,
                    }),
                ));
                components.push(build_invoke(2, announcement(*id)));
                (false, Some(Stage::Announcing((**inner).clone())))
            }
            Plan::ActivityTest(inner) => {
                components.push(build_invoke(1, Argument::ActivityTest));
                (false, Some(Stage::Testing((**inner).clone())))
            }
            Plan::Gap(secs, inner) => {
                if let Ok(n) = GenericNumber::new(
                    inap::isup::NumberQualifier::ADDITIONAL_CALLED,
                    inap::isup::NatureOfAddress::NATIONAL,
                    inap::isup::NumberingPlan::ISDN,
                    inap::isup::Presentation::ALLOWED,
                    inap::isup::Screening::NETWORK_PROVIDED,
                    called.trim_start_matches('+'),
                ) && let (Some(duration), Some(interval)) = (
                    inap::operations::datatypes::Duration::new(*secs),
                    inap::operations::datatypes::Interval::new(-1),
                ) {
                    components.push(build_invoke(
                        1,
                        Argument::CallGap(CallGapArg {
                            gap_criteria: GapCriteria::CalledAddressValue(n),
                            gap_indicators: GapIndicators {
                                duration,
                                gap_interval: interval,
                            },
                            control_type: None,
                            gap_treatment: None,
                            extensions: None,
                        }),
                    ));
                }
                self.operation(invoke_id.wrapping_add(1), inner, &called, &mut components);
                (true, None)
            }
            p => {
                self.operation(invoke_id, p, &called, &mut components);
                (true, None)
            }
        };
        Some(if close {
            match acn {
                Some(acn) => tcap::Message::end_accepted(peer, acn, components),
                None => tcap::Message::End(tcap::End {
                    dtid: peer,
                    dialogue_portion: None,
                    components,
                }),
            }
        } else {
            let tid = self.next_tid;
            self.next_tid = self.next_tid.wrapping_add(1).max(1);
            if let Some(stage) = stage {
                self.open.insert(
                    tid,
                    Open {
                        peer,
                        called,
                        stage,
                    },
                );
            }
            let otid = TransactionId::from_u32(tid);
            match acn {
                Some(acn) => tcap::Message::continue_accepted(otid, peer, acn, components),
                None => tcap::Message::Continue(tcap::Continue {
                    otid,
                    dtid: peer,
                    dialogue_portion: None,
                    components,
                }),
            }
        })
    }

    /// A message of the switch in an open dialogue.
    fn within(
        &mut self,
        dtid: TransactionId,
        components: &[Component],
        end: bool,
    ) -> Option<tcap::Message> {
        if dtid.as_bytes().len() != 4 {
            return None;
        }
        let key = dtid.to_u32();
        let open = if end {
            self.open.remove(&key)?
        } else {
            let o = self.open.get(&key)?;
            Open {
                peer: o.peer,
                called: o.called.clone(),
                stage: match &o.stage {
                    Stage::Armed(m) => Stage::Armed(*m),
                    Stage::Announcing(p) => Stage::Announcing(p.clone()),
                    Stage::Testing(p) => Stage::Testing(p.clone()),
                },
            }
        };
        if end {
            return None;
        }
        let mut reply = Vec::new();
        let mut close = false;
        for c in components {
            match (c, &open.stage) {
                (Component::Invoke(inv), Stage::Armed(_))
                    if inv.op_code == Code::Local(Opcode::EVENT_REPORT_BCSM.0) =>
                {
                    let arg = Argument::decode(
                        Opcode::EVENT_REPORT_BCSM,
                        inv.parameter.as_ref().map(|p| p.as_bytes()),
                    );
                    let Ok(Argument::EventReportBcsm(erb)) = arg else {
                        continue;
                    };
                    let request = erb.misc_call_info.is_none_or(|m| {
                        m.message_type == inap::operations::datatypes::MessageType::REQUEST
                    });
                    if !request {
                        continue;
                    }
                    if is_final(erb.event_type_bcsm) {
                        close = true;
                    } else {
                        reply.push(build_invoke(1, Argument::Continue));
                    }
                }
                (Component::Invoke(inv), Stage::Announcing(plan))
                    if inv.op_code == Code::Local(Opcode::SPECIALIZED_RESOURCE_REPORT.0) =>
                {
                    self.operation(3, plan, &open.called, &mut reply);
                    close = true;
                }
                (Component::ReturnResultLast(_), Stage::Testing(plan)) => {
                    self.operation(2, plan, &open.called, &mut reply);
                    close = true;
                }
                _ => {}
            }
        }
        if close {
            self.open.remove(&key);
            return Some(tcap::Message::End(tcap::End {
                dtid: open.peer,
                dialogue_portion: None,
                components: reply,
            }));
        }
        if reply.is_empty() {
            return None;
        }
        Some(tcap::Message::Continue(tcap::Continue {
            otid: dtid,
            dtid: open.peer,
            dialogue_portion: None,
            components: reply,
        }))
    }

    /// The RequestReportBCSMEvent arming the call's events in `mode`.
    fn arm(&mut self, invoke_id: i8, mode: MonitorMode) -> Component {
        let events = [
            EventTypeBcsm::O_CALLED_PARTY_BUSY,
            EventTypeBcsm::O_NO_ANSWER,
            EventTypeBcsm::O_ANSWER,
            EventTypeBcsm::O_DISCONNECT,
            EventTypeBcsm::O_ABANDON,
            EventTypeBcsm::T_CALLED_PARTY_BUSY,
            EventTypeBcsm::T_NO_ANSWER,
            EventTypeBcsm::T_ANSWER,
            EventTypeBcsm::T_DISCONNECT,
            EventTypeBcsm::T_ABANDON,
        ];
        build_invoke(
            invoke_id,
            Argument::RequestReportBcsmEvent(RequestReportBcsmEventArg {
                bcsm_events: events
                    .into_iter()
                    .map(|e| BcsmEvent {
                        event_type_bcsm: e,
                        monitor_mode: mode,
                        leg_id: None,
                        dp_specific_criteria: None,
                    })
                    .collect(),
                bcsm_event_correlation_id: None,
                extensions: None,
            }),
        )
    }

    /// Appends the operation of a terminal plan (Connect, ReleaseCall, Continue, EventReportBCSM).
    fn operation(&mut self, invoke_id: i8, plan: &Plan, called: &str, out: &mut Vec<Component>) {
        let op = match plan {
            Plan::Connect(_) => Opcode::CONNECT,
            Plan::Release(_) => Opcode::RELEASE_CALL,
            Plan::Continue => Opcode::CONTINUE,
            Plan::Unexpected => Opcode::EVENT_REPORT_BCSM,
            Plan::Reject => {
                out.push(Component::Reject(Reject {
                    invoke_id: Some(1),
                    problem: Problem::Invoke(tcap::InvokeProblem::MISTYPED_PARAMETER),
                }));
                return;
            }
            Plan::Arm(_, inner)
            | Plan::Announce(_, inner)
            | Plan::ActivityTest(inner)
            | Plan::Gap(_, inner) => return self.operation(invoke_id, inner, called, out),
            Plan::End | Plan::Abort | Plan::Silent => return,
        };
        let _ = called;
        // Looked up without allocating; a plan is encoded once.
        if !self.cache.contains_key(plan) {
            let parameter = {
                let arg = match plan {
                    Plan::Connect(n) => CalledPartyNumber::parse(n)
                        .ok()
                        .map(|n| Argument::Connect(ConnectArg::new(n))),
                    Plan::Release(c) => Cause::new(Location::PUBLIC_LOCAL, CauseValue(*c))
                        .ok()
                        .map(Argument::ReleaseCall),
                    Plan::Continue => Some(Argument::Continue),
                    _ => Some(Argument::EventReportBcsm(EventReportBcsmArg {
                        event_type_bcsm: EventTypeBcsm::O_ANSWER,
                        bcsm_event_correlation_id: None,
                        event_specific_information_bcsm: None,
                        leg_id: None,
                        misc_call_info: None,
                        extensions: None,
                    })),
                };
                arg.and_then(|a| a.encode())
                    .and_then(|b| Parameter::from_vec(b).ok())
            };
            self.cache.insert(plan.clone(), parameter);
        }
        let parameter = self.cache.get(plan).cloned().flatten();
        out.push(Component::Invoke(Invoke::new(
            invoke_id,
            Code::Local(op.0),
            parameter,
        )));
    }
}

fn is_final(e: EventTypeBcsm) -> bool {
    !matches!(e, EventTypeBcsm::O_ANSWER | EventTypeBcsm::T_ANSWER)
}

fn called_of(idp: &InitialDpArg) -> String {
    idp.called_party_number
        .as_ref()
        .map(|n| {
            if n.nature_of_address() == inap::isup::NatureOfAddress::INTERNATIONAL {
                format!("+{}", n.digits())
            } else {
                n.digits().to_owned()
            }
        })
        .unwrap_or_default()
}

fn build_invoke(invoke_id: i8, arg: Argument) -> Component {
    crate::build::invoke(invoke_id, &arg)
}

fn announcement(id: i64) -> Argument {
    let id = Integer4::new(id).unwrap_or(Integer4::MIN);
    let _ = ElementaryMessageIds(Vec::new());
    Argument::PlayAnnouncement(PlayAnnouncementArg {
        information_to_send: InformationToSend::InbandInfo(InbandInfo {
            message_id: MessageId::ElementaryMessageId(id),
            number_of_repetitions: None,
            duration: None,
            interval: None,
        }),
        disconnect_from_ip_forbidden: None,
        request_announcement_complete: Some(true),
        extensions: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_parse_and_refuse_nonsense() {
        assert_eq!(
            Plan::parse("connect:01098765432"),
            Ok(Plan::Connect("01098765432".into()))
        );
        assert_eq!(Plan::parse("release:17"), Ok(Plan::Release(17)));
        assert_eq!(
            Plan::parse("arm:request+connect:0101"),
            Ok(Plan::Arm(
                MonitorMode::INTERRUPTED,
                Box::new(Plan::Connect("0101".into()))
            ))
        );
        assert_eq!(
            Plan::parse("announce:7+release:31"),
            Ok(Plan::Announce(7, Box::new(Plan::Release(31))))
        );
        assert!(Plan::parse("announce:7").is_err());
        assert!(Plan::parse("connect:").is_err());
        assert!(Plan::parse("release+connect:1").is_err());
        assert!(Plan::parse("teleport").is_err());
    }

    #[test]
    fn answers_load_from_toml() {
        let a = Answers::from_toml(
            "default = \"connect:01098765432\"\n[numbers]\n\"050400000001\" = \"release:17\"\n",
        )
        .unwrap();
        assert_eq!(a.default, Plan::Connect("01098765432".into()));
        assert_eq!(a.numbers["050400000001"], Plan::Release(17));
        assert!(Answers::from_toml("defaults = \"end\"").is_err());
    }
}
