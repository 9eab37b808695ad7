//! The switch: every call of one association, routed by transaction id to its [`CallMachine`].
//!
//! Like quinn's `Endpoint`, a [`Switch`] owns no socket and reads no clock: it is fed the M3UA DATA
//! the SCP sends ([`Switch::handle_data`]) and the time, and gives back the DATA to send
//! ([`Switch::poll_transmit`]), when to wake it ([`Switch::poll_timeout`]) and the calls that
//! ended ([`Switch::poll_finished`]). It allocates the TCAP transaction ids (a counter, so each
//! dialogue's otid is unique on the association), keeps the CallGap orders the SCP sent and
//! holds back the calls they gap.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use m3ua::Data;
use sccp::{Digits, GlobalTitle, SccpAddress, SubsystemNumber};
use tcap::tsm::TidMap;
use tcap::{Component, TransactionId};

use crate::build::{Addressing, BuildError, IdpOptions};
use crate::model::{CallMachine, CallRecord, CallSpec, GapOrder, Outcome, Timers};

/// How the switch addresses its messages and how it behaves.
#[derive(Clone, Debug)]
pub struct SwitchConfig {
    /// Routing label and SCCP addresses of messages to the SCP (called = the SCP).
    pub addressing: Addressing,
    /// The InitialDP's fixed parts (application context; the rest comes from each call).
    pub idp: IdpOptions,
    /// Answer timeout and announcement duration.
    pub timers: Timers,
    /// Keep every message of each call for its report (single calls and scenarios; not load).
    pub record: bool,
    /// The first transaction id allocated (give each association its own range).
    pub first_otid: u32,
}

impl Default for SwitchConfig {
    fn default() -> Self {
        Self {
            addressing: Addressing::ssp_to_scp(),
            idp: IdpOptions::new("0", None),
            timers: Timers::default(),
            record: false,
            first_otid: 1,
        }
    }
}

/// Which way a message went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Switch → SCP.
    ToScp,
    /// SCP → switch.
    FromScp,
}

/// One message of a call, as sent or received.
#[derive(Clone, Debug)]
pub struct TracedMessage {
    /// Which way.
    pub direction: Direction,
    /// When.
    pub at: Instant,
    /// The DATA.
    pub data: Data,
}

/// A call that ended.
#[derive(Clone, Debug)]
pub struct Finished {
    /// The caller's token given to [`Switch::start_call`].
    pub token: u64,
    /// When the call started.
    pub started: Instant,
    /// When it ended.
    pub ended: Instant,
    /// What happened.
    pub record: CallRecord,
    /// Its messages, when recording.
    pub trace: Vec<TracedMessage>,
}

/// Counters of things that belong to no call.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct SwitchStats {
    /// Messages for a transaction id no call has (late answers after a timeout, strays).
    pub stray: u64,
    /// Messages that did not decode as SCCP or TCAP.
    pub undecodable: u64,
    /// Calls held back by a CallGap.
    pub gapped: u64,
    /// CallGap orders received.
    pub gap_orders: u64,
}

struct Entry {
    machine: CallMachine,
    token: u64,
    started: Instant,
    trace: Vec<TracedMessage>,
}

#[derive(Clone, Debug)]
struct ActiveGap {
    order: GapOrder,
    until: Option<Instant>,
    interval: Option<Duration>,
    last: Option<Instant>,
}

/// The switch side of every dialogue on one association. See the [module docs](self).
pub struct Switch {
    config: SwitchConfig,
    called: SccpAddress,
    calling: SccpAddress,
    calls: TidMap<Entry>,
    deadlines: Deadlines,
    next_otid: u32,
    transmit: VecDeque<Data>,
    finished: VecDeque<Finished>,
    gaps: Vec<ActiveGap>,
    stats: SwitchStats,
    components: Vec<Component>,
    /// The SCCP UDT up to its data length octet: the same for every message (Q.713 §4.10: the
    /// pointers and both addresses do not depend on the data).
    udt_prefix: Vec<u8>,
    tcap_buf: Vec<u8>,
    arena: BytesMut,
}

impl std::fmt::Debug for Switch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Switch")
            .field("calls", &self.calls.len())
            .field("stats", &self.stats)
            .finish_non_exhaustive()
    }
}

fn address(digits: &str, ssn: u8) -> Result<SccpAddress, BuildError> {
    let d = Digits::new(digits)
        .map_err(|e| BuildError::Invalid(format!("global title {digits:?}: {e}")))?;
    Ok(SccpAddress::from_global_title(GlobalTitle::e164(d)).with_ssn(SubsystemNumber(ssn)))
}

impl Switch {
    /// A switch with no call yet.
    pub fn new(config: SwitchConfig) -> Result<Self, BuildError> {
        let a = &config.addressing;
        let called = address(&a.called_gt, a.ssn)?;
        let calling = address(&a.calling_gt, a.ssn)?;
        // Encode a UDT with one octet of data and keep what precedes its length octet.
        let probe = sccp::Message::Udt(
            sccp::Udt::new(called.clone(), calling.clone(), Bytes::from_static(&[0x5a]))
                .with_protocol_class(sccp::ProtocolClass::CLASS_1_RETURN_ON_ERROR),
        )
        .to_bytes()
        .map_err(|e| BuildError::Invalid(format!("SCCP: {e}")))?;
        let udt_prefix = match probe.len().checked_sub(2) {
            Some(n) if probe[n..] == [1, 0x5a] => probe[..n].to_vec(),
            _ => return Err(BuildError::Invalid("SCCP UDT layout".into())),
        };
        Ok(Self {
            udt_prefix,
            tcap_buf: Vec::with_capacity(256),
            arena: BytesMut::with_capacity(ARENA),
            called,
            calling,
            calls: TidMap::default(),
            deadlines: Deadlines::default(),
            next_otid: config.first_otid.max(1),
            transmit: VecDeque::new(),
            finished: VecDeque::new(),
            gaps: Vec::new(),
            stats: SwitchStats::default(),
            components: Vec::new(),
            config,
        })
    }

    /// Calls in progress.
    pub fn in_flight(&self) -> usize {
        self.calls.len()
    }

    /// The counters.
    pub fn stats(&self) -> &SwitchStats {
        &self.stats
    }

    /// Whether a CallGap holds calls to `called` with `service_key` at `now` (and, if not, notes
    /// the call as let through for the gap interval).
    fn gapped(&mut self, now: Instant, called: &str, service_key: u32) -> bool {
        self.gaps.retain(|g| g.until.is_none_or(|u| now < u));
        for g in &mut self.gaps {
            let digits = called.trim_start_matches('+');
            let matches = if g.order.prefix.is_empty() {
                g.order.service_key == Some(service_key)
            } else {
                digits.starts_with(&g.order.prefix)
                    && g.order.service_key.is_none_or(|k| k == service_key)
            };
            if !matches {
                continue;
            }
            match g.interval {
                // gapInterval -1: every call is refused while the gap lasts.
                None => return true,
                Some(i) => {
                    if g.last.is_some_and(|l| now.saturating_duration_since(l) < i) {
                        return true;
                    }
                    g.last = Some(now);
                }
            }
        }
        false
    }

    fn apply_gap(&mut self, now: Instant, order: &GapOrder) {
        self.stats.gap_orders += 1;
        self.gaps
            .retain(|g| g.order.prefix != order.prefix || g.order.service_key != order.service_key);
        // ETS 300 374-1 CallGap: duration 0 or gapInterval 0 removes the gap; duration -1 is
        // infinite, -2 network specific (taken as 60 s here); gapInterval -1 refuses all calls.
        if order.duration == 0 || order.interval == 0 {
            return;
        }
        let until = match order.duration {
            -1 => None,
            -2 => Some(now + Duration::from_secs(60)),
            s => Some(now + Duration::from_secs(s.max(0) as u64)),
        };
        let interval = u64::try_from(order.interval)
            .ok()
            .map(Duration::from_millis);
        self.gaps.push(ActiveGap {
            order: order.clone(),
            until,
            interval,
            last: None,
        });
    }

    /// Starts a call; `token` comes back with it in [`Finished`]. A gapped call finishes at once
    /// with [`Outcome::Gapped`] and sends nothing.
    pub fn start_call(
        &mut self,
        now: Instant,
        token: u64,
        spec: &CallSpec,
    ) -> Result<(), BuildError> {
        if self.gapped(now, &spec.called, spec.service_key) {
            self.stats.gapped += 1;
            self.finished.push_back(Finished {
                token,
                started: now,
                ended: now,
                record: CallRecord {
                    outcome: Some(Outcome::Gapped),
                    ..CallRecord::default()
                },
                trace: Vec::new(),
            });
            return Ok(());
        }
        let mut key = self.next_otid;
        while self.calls.contains_key(&key) {
            key = key.wrapping_add(1).max(1);
        }
        self.next_otid = key.wrapping_add(1).max(1);
        let machine = CallMachine::start(
            now,
            TransactionId::from_u32(key),
            spec,
            &self.config.idp,
            self.config.timers,
        )?;
        self.calls.insert(
            key,
            Entry {
                machine,
                token,
                started: now,
                trace: Vec::new(),
            },
        );
        self.drain(now, key);
        Ok(())
    }

    /// Handles a DATA the SCP sent.
    pub fn handle_data(&mut self, now: Instant, data: Data) {
        let sccp = match sccp::Message::decode(&data.protocol_data.user_data) {
            Ok(m) => m,
            Err(_) => {
                self.stats.undecodable += 1;
                return;
            }
        };
        let returned = sccp.return_cause();
        let tcap_bytes = sccp.data().clone();
        let spare = std::mem::take(&mut self.components);
        let msg = match tcap::Message::decode_reusing(&tcap_bytes, spare) {
            Ok(m) => m,
            Err(_) => {
                self.stats.undecodable += 1;
                return;
            }
        };
        // A returned message is one of ours: its otid is our transaction id.
        let tid = if returned.is_some() {
            msg.otid()
        } else {
            msg.dtid()
        };
        let key = tid.filter(|t| t.as_bytes().len() == 4).map(|t| t.to_u32());
        match key.and_then(|k| self.calls.get_mut(&k).map(|e| (k, e))) {
            Some((k, entry)) => {
                if self.config.record {
                    entry.trace.push(TracedMessage {
                        direction: Direction::FromScp,
                        at: now,
                        data,
                    });
                }
                match returned {
                    Some(cause) => entry.machine.handle_returned(format!("{cause:?}")),
                    None => entry.machine.handle_message(now, &msg),
                }
                self.drain(now, k);
            }
            None => self.stats.stray += 1,
        }
        self.components = msg.into_components();
    }

    /// When [`handle_timeout`](Self::handle_timeout) is next due.
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.deadlines.peek().map(|(t, _)| t)
    }

    /// Fires every timer due at `now`.
    pub fn handle_timeout(&mut self, now: Instant) {
        while let Some((t, key)) = self.deadlines.peek() {
            if t > now {
                break;
            }
            self.deadlines.pop();
            let Some(entry) = self.calls.get_mut(&key) else {
                continue;
            };
            // Entries are pushed after every change; a stale one finds nothing due.
            if entry.machine.poll_timeout().is_some_and(|d| d <= now) {
                entry.machine.handle_timeout(now);
                self.drain(now, key);
            }
        }
    }

    /// The next DATA to send to the SCP.
    pub fn poll_transmit(&mut self) -> Option<Data> {
        self.transmit.pop_front()
    }

    /// The next call that ended.
    pub fn poll_finished(&mut self) -> Option<Finished> {
        self.finished.pop_front()
    }

    fn drain(&mut self, now: Instant, key: u32) {
        let Some(entry) = self.calls.get_mut(&key) else {
            return;
        };
        while let Some(msg) = entry.machine.poll_transmit() {
            let sls = (key & 0x0f) as u8;
            self.tcap_buf.clear();
            msg.encode(&mut self.tcap_buf);
            let sccp = match u8::try_from(self.tcap_buf.len()) {
                // Short enough for the one-octet length of a UDT's data (Q.713 §4.10): the
                // template, the length, the TCAP message, cut from the arena.
                Ok(len) if usize::from(len) + self.udt_prefix.len() < 250 => {
                    if self.arena.capacity() < 512 {
                        self.arena.reserve(ARENA);
                    }
                    self.arena.extend_from_slice(&self.udt_prefix);
                    self.arena.extend_from_slice(&[len]);
                    self.arena.extend_from_slice(&self.tcap_buf);
                    Ok(self.arena.split().freeze())
                }
                _ => udt(
                    &self.called,
                    &self.calling,
                    Bytes::copy_from_slice(&self.tcap_buf),
                ),
            };
            match sccp.map(|user_data| data(&self.config.addressing, sls, user_data)) {
                Ok(data) => {
                    if self.config.record {
                        entry.trace.push(TracedMessage {
                            direction: Direction::ToScp,
                            at: now,
                            data: data.clone(),
                        });
                    }
                    self.transmit.push_back(data);
                }
                Err(_) => self.stats.undecodable += 1,
            }
        }
        if entry.machine.is_done() {
            let Some(entry) = self.calls.remove(&key) else {
                return;
            };
            let record = entry.machine.into_record();
            for g in &record.gaps {
                self.apply_gap(now, g);
            }
            self.finished.push_back(Finished {
                token: entry.token,
                started: entry.started,
                ended: now,
                record,
                trace: entry.trace,
            });
        } else if let Some(t) = entry.machine.poll_timeout() {
            self.deadlines.push(t, key);
        }
    }
}

/// The calls' timers. Most are pushed in time order (every call's answer timeout is "now + the
/// same delay"): those go to a queue, O(1) each; the others to a heap. Entries are never removed
/// early: a stale one finds nothing due when it comes up.
#[derive(Default)]
struct Deadlines {
    in_order: VecDeque<(Instant, u32)>,
    heap: BinaryHeap<Reverse<(Instant, u32)>>,
}

impl Deadlines {
    fn push(&mut self, t: Instant, key: u32) {
        if self.in_order.back().is_none_or(|(last, _)| *last <= t) {
            self.in_order.push_back((t, key));
        } else {
            self.heap.push(Reverse((t, key)));
        }
    }

    fn peek(&self) -> Option<(Instant, u32)> {
        match (self.in_order.front(), self.heap.peek()) {
            (Some(&a), Some(&Reverse(b))) => Some(if a.0 <= b.0 { a } else { b }),
            (Some(&a), None) => Some(a),
            (None, Some(&Reverse(b))) => Some(b),
            (None, None) => None,
        }
    }

    fn pop(&mut self) {
        match (self.in_order.front(), self.heap.peek()) {
            (Some(a), Some(Reverse(b))) if b.0 < a.0 => {
                self.heap.pop();
            }
            (Some(_), _) => {
                self.in_order.pop_front();
            }
            (None, _) => {
                self.heap.pop();
            }
        }
    }
}

/// Arena size for the encoded messages (each cut off as a `Bytes`).
const ARENA: usize = 64 * 1024;

/// A TCAP message in an SCCP UDT (class 1, return on error), by the SCCP encoder.
fn udt(called: &SccpAddress, calling: &SccpAddress, tcap: Bytes) -> Result<Bytes, BuildError> {
    let udt = sccp::Udt::new(called.clone(), calling.clone(), tcap)
        .with_protocol_class(sccp::ProtocolClass::CLASS_1_RETURN_ON_ERROR);
    sccp::Message::Udt(udt)
        .to_bytes()
        .map_err(|e| BuildError::Invalid(format!("SCCP: {e}")))
}

/// An M3UA DATA carrying `user_data` (SCCP, SI 3) on the switch's routing label.
fn data(a: &Addressing, sls: u8, user_data: Bytes) -> Data {
    Data {
        network_appearance: None,
        routing_context: a.routing_context,
        protocol_data: m3ua::ProtocolData {
            opc: a.opc,
            dpc: a.dpc,
            si: 3,
            ni: a.ni,
            mp: 0,
            sls,
            user_data,
        },
        correlation_id: None,
        unknown: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CallSpec;

    #[test]
    fn deadlines_come_out_in_time_order_whatever_the_order_in() {
        let t0 = Instant::now();
        let mut d = Deadlines::default();
        for (ms, key) in [(10, 1), (20, 2), (5, 3), (30, 4), (15, 5), (30, 6), (1, 7)] {
            d.push(t0 + std::time::Duration::from_millis(ms), key);
        }
        let mut out = Vec::new();
        while let Some((t, key)) = d.peek() {
            d.pop();
            out.push(((t - t0).as_millis(), key));
        }
        assert_eq!(
            out,
            [(1, 7), (5, 3), (10, 1), (15, 5), (20, 2), (30, 4), (30, 6)]
        );
    }

    #[test]
    fn the_udt_template_encodes_as_the_sccp_encoder_does() {
        let mut s = Switch::new(SwitchConfig::default()).unwrap();
        let spec = CallSpec::new("050412345678", Some("01012345678"));
        s.start_call(Instant::now(), 1, &spec).unwrap();
        let d = s.poll_transmit().unwrap();
        let sccp::Message::Udt(u) = sccp::Message::decode(&d.protocol_data.user_data).unwrap()
        else {
            panic!("a UDT")
        };
        let again = udt(&s.called, &s.calling, u.data.clone()).unwrap();
        assert_eq!(d.protocol_data.user_data, again);
        // The reference InitialDP's SCCP header (same addresses) byte for byte.
        let reference =
            hex::decode(include_str!("../tests/data/idp_begin_m3ua.hex").trim()).unwrap();
        let mut buf = Bytes::from(reference);
        let Ok(m3ua::Message::Data(r)) = m3ua::Message::decode(&mut buf) else {
            panic!("reference DATA")
        };
        let n = s.udt_prefix.len();
        assert_eq!(r.protocol_data.user_data[..n], s.udt_prefix[..]);
    }
}
