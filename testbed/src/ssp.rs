//! The switch on the network: [`Ssp::connect`] brings an M3UA association up and
//! [`Ssp::call`] places one call through it and reports everything that happened.
//!
//! ```no_run
//! # async fn example() -> Result<(), testbed::ConfigError> {
//! use testbed::{CallSpec, Expectation, Ssp, SspConfig};
//! let ssp = Ssp::connect(SspConfig::new("127.0.0.1:2905".parse().unwrap())).await?;
//! let report = ssp.call(CallSpec::new("050412345678", Some("01012345678"))).await;
//! assert!(report.check(&Expectation::parse("connect:01098765432").unwrap()).is_ok());
//! print!("{}", report.ladder(false, false));
//! # Ok(()) }
//! ```
//!
//! A task owns the association and a [`Switch`]; calls placed at the same time share them, each
//! in its own TCAP dialogue.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use m3ua::asp::Event as AspEvent;
use m3ua::transport::Link;
use tokio::sync::{mpsc, oneshot};

use crate::config::{ConfigError, SspConfig};
use crate::expect::{Expectation, Mismatch};
use crate::model::{CallRecord, CallSpec};
use crate::pcap::PcapWriter;
use crate::switch::{Direction, Finished, Switch};
use crate::trace::Trace;

/// A connected switch. Dropping it closes the association.
#[derive(Debug)]
pub struct Ssp {
    commands: mpsc::UnboundedSender<(CallSpec, oneshot::Sender<CallReport>)>,
}

/// One message of a call in its report.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ReportMessage {
    /// Which way.
    pub direction: Direction,
    /// Time since the call started.
    pub at: Duration,
    /// For the SCP's messages: time since the switch's previous message (the step's latency).
    pub latency: Option<Duration>,
    /// The complete M3UA message.
    #[serde(skip)]
    pub bytes: Bytes,
}

/// Everything about one call.
#[derive(Clone, Debug, serde::Serialize)]
pub struct CallReport {
    /// What was asked for.
    #[serde(skip)]
    pub spec: CallSpec,
    /// What happened.
    pub record: CallRecord,
    /// Every message both ways.
    pub messages: Vec<ReportMessage>,
    /// From the TC-BEGIN to the end of the dialogue.
    pub duration: Duration,
    /// Why the call could not be placed at all, if so.
    pub error: Option<String>,
}

impl CallReport {
    fn failed_to_start(spec: CallSpec, error: String) -> Self {
        Self {
            spec,
            record: CallRecord::default(),
            messages: Vec::new(),
            duration: Duration::ZERO,
            error: Some(error),
        }
    }

    fn from_finished(spec: CallSpec, f: Finished) -> Self {
        let mut last_sent: Option<Instant> = None;
        let messages = f
            .trace
            .into_iter()
            .map(|t| {
                let latency = match t.direction {
                    Direction::ToScp => {
                        last_sent = Some(t.at);
                        None
                    }
                    Direction::FromScp => last_sent.map(|s| t.at.saturating_duration_since(s)),
                };
                ReportMessage {
                    direction: t.direction,
                    at: t.at.saturating_duration_since(f.started),
                    latency,
                    bytes: m3ua::Message::Data(t.data).to_bytes().unwrap_or_default(),
                }
            })
            .collect();
        Self {
            spec,
            record: f.record,
            messages,
            duration: f.ended.saturating_duration_since(f.started),
            error: None,
        }
    }

    /// Whether `expectation` holds for this call.
    pub fn check(&self, expectation: &Expectation) -> Result<(), Mismatch> {
        if let Some(e) = &self.error {
            return Err(Mismatch {
                expected: expectation.clone(),
                got: format!("no call ({e})"),
                class: crate::model::Failure::Abort,
            });
        }
        expectation.check(&self.record)
    }

    /// One line per message (`verbose`: the full decoded tree of each), then the outcome and latencies;
    /// numbers masked unless `reveal`.
    pub fn ladder(&self, reveal: bool, verbose: bool) -> String {
        let mut out = String::new();
        for m in &self.messages {
            let arrow = match m.direction {
                Direction::ToScp => "SSP ──► SCP",
                Direction::FromScp => "SSP ◄── SCP",
            };
            let latency = m
                .latency
                .map(|l| format!(" (+{:.3} ms)", l.as_secs_f64() * 1e3))
                .unwrap_or_default();
            let trace = Trace::decode(m.bytes.clone());
            let _ = writeln!(
                out,
                "{:>9.3} ms  {arrow}{latency}  {}",
                m.at.as_secs_f64() * 1e3,
                trace.one_line(reveal)
            );
            if verbose {
                // Every layer decoded, every field: the full tree as indented JSON.
                let tree = serde_json::to_string_pretty(&trace.to_json(reveal)).unwrap_or_default();
                for line in tree.lines() {
                    let _ = writeln!(out, "               {line}");
                }
            }
        }
        let _ = writeln!(out, "{}", self.summary(reveal));
        out
    }

    /// The outcome line: `outcome: connect:010-****-5432  first answer 0.412 ms  dialogue 0.9 ms`.
    pub fn summary(&self, reveal: bool) -> String {
        let r = &self.record;
        let mut s = String::from("outcome: ");
        if let Some(e) = &self.error {
            let _ = write!(s, "not placed ({e})");
            return s;
        }
        match (&r.failure, &r.outcome) {
            (Some(f), _) => {
                let _ = write!(s, "FAILED {f}");
                if let Some(d) = &r.detail {
                    let _ = write!(s, " ({d})");
                }
            }
            (None, Some(o)) => s.push_str(&o.text(reveal)),
            (None, None) => s.push_str("none"),
        }
        for a in &r.announcements {
            let _ = write!(s, "  announcement {a}");
        }
        for g in &r.gaps {
            let what = if g.prefix.is_empty() {
                format!("service key {}", g.service_key.unwrap_or_default())
            } else if reveal {
                g.prefix.clone()
            } else {
                crate::model::mask_number(&g.prefix)
            };
            let _ = write!(
                s,
                "  call gap on {what} for {} s every {} ms",
                g.duration, g.interval
            );
        }
        if r.activity_tests > 0 {
            let _ = write!(s, "  activity tests answered {}", r.activity_tests);
        }
        if !r.events_reported.is_empty() {
            let _ = write!(s, "  events {}", r.events_reported.join(","));
        }
        if let Some(fa) = r.first_answer {
            let _ = write!(s, "  first answer {:.3} ms", fa.as_secs_f64() * 1e3);
        }
        let _ = write!(s, "  dialogue {:.3} ms", self.duration.as_secs_f64() * 1e3);
        s
    }
}

impl Ssp {
    /// Brings the association up (waiting until it is ASP-ACTIVE) and starts the switch.
    pub async fn connect(config: SspConfig) -> Result<Self, ConfigError> {
        Self::connect_with_pcap(config, None).await
    }

    /// [`Ssp::connect`], writing every DATA to `pcap`.
    pub async fn connect_with_pcap(
        config: SspConfig,
        pcap: Option<PcapWriter>,
    ) -> Result<Self, ConfigError> {
        let mut links = config.open_links(1).await?;
        let link = links
            .pop()
            .ok_or(ConfigError::NotActive(crate::config::ACTIVE_WAIT))?;
        let switch = Switch::new(config.switch_config(0, true))
            .map_err(|e| ConfigError::Invalid(e.to_string()))?;
        let (tx, rx) = mpsc::unbounded_channel();
        tokio::spawn(drive(link, switch, rx, pcap));
        Ok(Self { commands: tx })
    }

    /// Places one call and waits for its end.
    pub async fn call(&self, spec: CallSpec) -> CallReport {
        let (tx, rx) = oneshot::channel();
        if self.commands.send((spec.clone(), tx)).is_err() {
            return CallReport::failed_to_start(spec, "the association has ended".into());
        }
        rx.await.unwrap_or_else(|_| {
            CallReport::failed_to_start(spec, "the association has ended".into())
        })
    }
}

async fn sleep_until(t: Option<Instant>) {
    match t {
        Some(t) => tokio::time::sleep_until(t.into()).await,
        None => std::future::pending().await,
    }
}

async fn drive(
    mut link: Link,
    mut switch: Switch,
    mut commands: mpsc::UnboundedReceiver<(CallSpec, oneshot::Sender<CallReport>)>,
    mut pcap: Option<PcapWriter>,
) {
    let mut pending: HashMap<u64, (CallSpec, oneshot::Sender<CallReport>)> = HashMap::new();
    let mut token = 0u64;
    loop {
        while let Some(d) = switch.poll_transmit() {
            if let Some(p) = &mut pcap {
                let _ = p.write_data(Direction::ToScp, SystemTime::now(), &d);
            }
            link.send_data_nowait(d);
        }
        while let Some(f) = switch.poll_finished() {
            if let Some(p) = &mut pcap {
                let _ = p.flush();
            }
            if let Some((spec, tx)) = pending.remove(&f.token) {
                let _ = tx.send(CallReport::from_finished(spec, f));
            }
        }
        let timer = switch.poll_timeout();
        tokio::select! {
            cmd = commands.recv() => match cmd {
                None => break,
                Some((spec, tx)) => {
                    token += 1;
                    match switch.start_call(Instant::now(), token, &spec) {
                        Ok(()) => { pending.insert(token, (spec, tx)); }
                        Err(e) => { let _ = tx.send(CallReport::failed_to_start(spec, e.to_string())); }
                    }
                }
            },
            ev = link.next_event() => match ev {
                Some(AspEvent::Data(d)) => {
                    if let Some(p) = &mut pcap {
                        let _ = p.write_data(Direction::FromScp, SystemTime::now(), &d);
                    }
                    switch.handle_data(Instant::now(), d);
                }
                Some(_) => {}
                None => break,
            },
            _ = sleep_until(timer) => switch.handle_timeout(Instant::now()),
        }
    }
    if let Some(p) = &mut pcap {
        let _ = p.flush();
    }
    link.shutdown();
}
