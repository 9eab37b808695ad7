//! `vns-ssp load`: open-loop INAP load at a target rate.
//!
//! Open loop: call `k` has an intended send time fixed in advance by the rate and the ramp-up
//! (the schedule below), whatever the SCP does. A worker sends every call whose time has come, so
//! a stalled SCP (or a full dialogue cap) delays calls but cannot slow the schedule down; each
//! call's latency is measured from its *intended* time to the SCP's first answer, so the delay
//! shows in the figures instead of hiding behind a slow generator (coordinated omission). Latencies
//! go into an HDR histogram (microseconds, 3 significant digits).
//!
//! ```text
//! calls by time t (rate r, ramp-up R):  N(t) = r·t²/2R  for t < R,   r·(t − R/2) after
//! so call k is due at                   t(k) = √(2kR/r) for k < rR/2, k/r + R/2 after
//! ```
//!
//! Every call ends in exactly one bucket: an outcome (`connect`, `release`, …, `gapped`) or a
//! failure class (timeout, abort, reject, unexpected operation, wrong destination, the last two
//! also when an `--expect` does not hold); calls still open when the run stops are counted as
//! `unfinished` and as timeouts. Nothing is dropped.
//!
//! Several associations, one worker task each, each with its own [`Switch`] and its share of the
//! calls (call `k` goes to worker `k mod W`), so the generator uses every core.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use hdrhistogram::Histogram;
use m3ua::asp::Event as AspEvent;
use m3ua::transport::Link;

use crate::config::{ConfigError, SspConfig};
use crate::expect::Expectation;
use crate::model::{CallModel, CallSpec, Failure, Trigger};
use crate::pcap::{LinkType, PcapWriter};
use crate::switch::{Direction, Finished, Switch};

/// Where the called (or calling) numbers come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Numbers {
    /// These numbers, in turn.
    List(Vec<String>),
    /// `count` numbers from `first`, each `width` digits (leading zeros kept), after `prefix`.
    Range {
        /// `+` or nothing.
        prefix: String,
        /// The first number.
        first: u64,
        /// How many.
        count: u64,
        /// Digits per number.
        width: usize,
    },
}

impl Numbers {
    /// Parses `FIRST-LAST` (a range, same number of digits) or a single number.
    pub fn parse(text: &str) -> Result<Self, String> {
        let (prefix, body) = match text.strip_prefix('+') {
            Some(b) => ("+", b),
            None => ("", text),
        };
        let digits =
            |s: &str| !s.is_empty() && s.len() <= 18 && s.bytes().all(|b| b.is_ascii_digit());
        match body.split_once('-') {
            Some((a, b)) => {
                let b = b.trim_start_matches('+');
                if !digits(a) || !digits(b) || a.len() != b.len() {
                    return Err(format!(
                        "range {text:?}: FIRST-LAST with the same number of digits"
                    ));
                }
                let (first, last): (u64, u64) = (
                    a.parse().map_err(|_| format!("range {text:?}"))?,
                    b.parse().map_err(|_| format!("range {text:?}"))?,
                );
                if last < first {
                    return Err(format!("range {text:?}: LAST is below FIRST"));
                }
                Ok(Self::Range {
                    prefix: prefix.into(),
                    first,
                    count: last - first + 1,
                    width: a.len(),
                })
            }
            None if digits(body) => Ok(Self::List(vec![text.to_owned()])),
            None => Err(format!("number {text:?}: digits, or FIRST-LAST")),
        }
    }

    /// One number per line (blank lines and `#` comments skipped).
    pub fn from_lines(text: &str) -> Result<Self, String> {
        let list: Vec<String> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_owned)
            .collect();
        if list.is_empty() {
            return Err("the numbers file has no number".into());
        }
        Ok(Self::List(list))
    }

    /// How many numbers.
    pub fn len(&self) -> u64 {
        match self {
            Self::List(l) => l.len() as u64,
            Self::Range { count, .. } => *count,
        }
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `i`-th number (cycling).
    pub fn nth(&self, i: u64) -> String {
        match self {
            Self::List(l) => l
                .get((i % l.len().max(1) as u64) as usize)
                .cloned()
                .unwrap_or_default(),
            Self::Range {
                prefix,
                first,
                count,
                width,
            } => format!("{prefix}{:0width$}", first + i % (*count).max(1)),
        }
    }
}

/// A weighted choice.
pub type Mix<T> = Vec<(u32, T)>;

/// Parses `a=3,b=1` (weight after `=`, 1 when left out) with `parse` for each item.
pub fn parse_mix<T>(
    text: &str,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<Mix<T>, String> {
    let mut mix = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (item, weight) = match part.rsplit_once('=') {
            Some((i, w)) => (
                i,
                w.parse::<u32>()
                    .map_err(|_| format!("weight of {part:?} is not a whole number"))?,
            ),
            None => (part, 1),
        };
        mix.push((weight, parse(item)?));
    }
    if mix.iter().map(|(w, _)| u64::from(*w)).sum::<u64>() == 0 {
        return Err(format!("{text:?}: nothing to choose from"));
    }
    Ok(mix)
}

fn pick<T: Copy>(mix: &Mix<T>, r: u64) -> T {
    let total: u64 = mix.iter().map(|(w, _)| u64::from(*w)).sum();
    let mut x = r % total.max(1);
    for (w, t) in mix {
        if x < u64::from(*w) {
            return *t;
        }
        x -= u64::from(*w);
    }
    mix[0].1
}

/// A load run.
#[derive(Clone, Debug)]
pub struct LoadConfig {
    /// The switch's place in the network.
    pub ssp: SspConfig,
    /// Target rate, calls per second.
    pub rate: f64,
    /// Time to reach the rate (linear ramp).
    pub ramp_up: Duration,
    /// How long calls are started.
    pub duration: Duration,
    /// Most dialogues in flight (all associations together).
    pub max_in_flight: usize,
    /// Associations (one worker each).
    pub associations: usize,
    /// Called numbers.
    pub called: Numbers,
    /// Calling numbers.
    pub calling: Option<Numbers>,
    /// Service key.
    pub service_key: u32,
    /// Calling party's category.
    pub category: u8,
    /// Call models, weighted.
    pub models: Mix<CallModel>,
    /// Triggers, weighted.
    pub triggers: Mix<Trigger>,
    /// Expectations every call must meet.
    pub expect: Vec<Expectation>,
    /// Print progress on stderr once a second.
    pub progress: bool,
    /// Capture every DATA here.
    pub pcap: Option<(PathBuf, LinkType)>,
    /// After the last call is started, how long to wait for the calls in flight.
    pub drain: Duration,
    /// Seed of the mix choices.
    pub seed: u64,
}

impl LoadConfig {
    /// `rate` calls/s for `duration` to the numbers `called`, everything else by default.
    pub fn new(ssp: SspConfig, rate: f64, duration: Duration, called: Numbers) -> Self {
        Self {
            ssp,
            rate,
            ramp_up: Duration::ZERO,
            duration,
            max_in_flight: 100_000,
            associations: 1,
            called,
            calling: None,
            service_key: 100,
            category: 10,
            models: vec![(1, CallModel::default())],
            triggers: vec![(1, Trigger::Terminating)],
            expect: Vec::new(),
            progress: false,
            pcap: None,
            drain: Duration::from_secs(5),
            seed: 0x5eed,
        }
    }

    /// When call `k` is due, from the start.
    fn due(&self, k: u64) -> Duration {
        let r = self.rate.max(1e-9);
        let ramp = self.ramp_up.as_secs_f64();
        let k = k as f64;
        let t = if k < r * ramp / 2.0 {
            (2.0 * k * ramp / r).sqrt()
        } else {
            k / r + ramp / 2.0
        };
        Duration::from_secs_f64(t.min(1e9))
    }
}

/// Latency figures in milliseconds.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Latency {
    /// Calls measured.
    pub count: u64,
    /// Smallest.
    pub min: f64,
    /// Mean.
    pub mean: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
    /// 99th percentile.
    pub p99: f64,
    /// 99.9th percentile.
    pub p999: f64,
    /// Largest.
    pub max: f64,
}

impl Latency {
    fn of(h: &Histogram<u64>) -> Self {
        if h.is_empty() {
            return Self::default();
        }
        let ms = |us: u64| us as f64 / 1e3;
        Self {
            count: h.len(),
            min: ms(h.min()),
            mean: h.mean() / 1e3,
            p50: ms(h.value_at_quantile(0.5)),
            p90: ms(h.value_at_quantile(0.9)),
            p99: ms(h.value_at_quantile(0.99)),
            p999: ms(h.value_at_quantile(0.999)),
            max: ms(h.max()),
        }
    }
}

/// One second of the run.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Second {
    /// Seconds since the start (end of the interval).
    pub t: f64,
    /// Calls started in it.
    pub started: u64,
    /// Calls ended in it.
    pub ended: u64,
    /// Calls failed in it.
    pub failed: u64,
    /// Median latency of the answers in it (ms).
    pub p50: f64,
    /// 99th percentile (ms).
    pub p99: f64,
    /// Largest (ms).
    pub max: f64,
}

/// What a load run measured.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct LoadReport {
    /// The rate asked for (calls/s).
    pub target_rate: f64,
    /// Seconds from the first intended call to the end of the run.
    pub elapsed: f64,
    /// Associations used.
    pub associations: usize,
    /// Calls started (InitialDP sent, or gapped).
    pub started: u64,
    /// Calls ended (every outcome and failure).
    pub ended: u64,
    /// Calls ended per second over the sending period.
    pub achieved_rate: f64,
    /// Outcomes of the calls that did not fail, by kind.
    pub outcomes: BTreeMap<String, u64>,
    /// Failures by class (every class listed, zeros included).
    pub failures: BTreeMap<String, u64>,
    /// Calls still open when the run stopped (also counted as timeouts).
    pub unfinished: u64,
    /// Calls sent 1 ms or more after their intended time (generator or dialogue cap behind).
    pub late_starts: u64,
    /// CallGap orders received.
    pub gap_orders: u64,
    /// Messages for no dialogue (late answers after a timeout, strays).
    pub stray: u64,
    /// Latency from each call's intended send time to the SCP's first answer.
    pub latency: Latency,
    /// Latency histogram: (upper bound in ms, calls), logarithmic buckets.
    pub histogram: Vec<(f64, u64)>,
    /// Second by second.
    pub timeline: Vec<Second>,
    /// The machine's load average at the end (`/proc/loadavg`), when readable.
    pub load_average: Option<String>,
}

#[derive(Default)]
struct Counters {
    started: u64,
    ended: u64,
    failed: u64,
    late: u64,
    outcomes: BTreeMap<&'static str, u64>,
    failures: BTreeMap<Failure, u64>,
}

impl Counters {
    fn add(&mut self, o: &Counters) {
        self.started += o.started;
        self.ended += o.ended;
        self.failed += o.failed;
        self.late += o.late;
        for (k, v) in &o.outcomes {
            *self.outcomes.entry(k).or_default() += v;
        }
        for (k, v) in &o.failures {
            *self.failures.entry(*k).or_default() += v;
        }
    }
}

fn histogram() -> Histogram<u64> {
    // 1 µs to 1 h, 3 significant digits; the bounds are valid constants.
    Histogram::new_with_bounds(1, 3_600_000_000, 3).expect("valid histogram bounds")
}

struct Shared {
    interval: Histogram<u64>,
    counters: Counters,
    interval_counters: Counters,
    in_flight: Vec<usize>,
    gap_orders: Vec<u64>,
    stray: Vec<u64>,
}

/// Runs the load and returns the report.
pub async fn run(config: LoadConfig) -> Result<LoadReport, ConfigError> {
    if !(config.rate > 0.0 && config.rate.is_finite()) {
        return Err(ConfigError::Invalid("the rate must be above 0".into()));
    }
    let w = config.associations.max(1);
    let links = config.ssp.open_links(w).await?;
    let pcap = match &config.pcap {
        Some((path, link)) => Some(Arc::new(Mutex::new(
            PcapWriter::create(path, *link)
                .map_err(|e| ConfigError::Invalid(format!("pcap {}: {e}", path.display())))?,
        ))),
        None => None,
    };
    let shared = Arc::new(Mutex::new(Shared {
        interval: histogram(),
        counters: Counters::default(),
        interval_counters: Counters::default(),
        in_flight: vec![0; w],
        gap_orders: vec![0; w],
        stray: vec![0; w],
    }));
    let config = Arc::new(config);
    let start = Instant::now() + Duration::from_millis(20);
    let mut workers = Vec::with_capacity(w);
    for (i, link) in links.into_iter().enumerate() {
        let switch = Switch::new(config.ssp.switch_config(i, false))
            .map_err(|e| ConfigError::Invalid(e.to_string()))?;
        workers.push(tokio::spawn(worker(
            i,
            w,
            link,
            switch,
            config.clone(),
            shared.clone(),
            start,
            pcap.clone(),
        )));
    }
    let mut total = histogram();
    let mut timeline = Vec::new();
    let mut tick = tokio::time::interval_at(
        (start + Duration::from_secs(1)).into(),
        Duration::from_secs(1),
    );
    let all_done = async {
        let mut unfinished = 0;
        let mut panicked = false;
        for wk in workers {
            match wk.await {
                Ok(n) => unfinished += n,
                Err(_) => panicked = true,
            }
        }
        (unfinished, panicked)
    };
    tokio::pin!(all_done);
    let (unfinished, panicked) = loop {
        tokio::select! {
            u = &mut all_done => break u,
            _ = tick.tick() => {
                let second = take_second(&shared, &mut total, start);
                if config.progress {
                    let s = shared.lock().map(|s| {
                        let c = &s.counters;
                        let mut outcomes: Vec<String> =
                            c.outcomes.iter().map(|(k, v)| format!("{k} {v}")).collect();
                        outcomes.extend(c.failures.iter().map(|(k, v)| format!("{k} {v}")));
                        format!(
                            "[{:>5.0}s] started {} ended {} ({}/s) in flight {} | {} | p50 {:.3} ms p99 {:.3} ms",
                            second.t, c.started, c.ended, second.ended,
                            s.in_flight.iter().sum::<usize>(), outcomes.join(", "), second.p50, second.p99
                        )
                    }).unwrap_or_default();
                    eprintln!("{s}");
                }
                timeline.push(second);
            }
        }
    };
    if panicked {
        // Its calls would be missing from the counts: no report rather than a wrong one.
        return Err(ConfigError::Invalid("a load worker failed".into()));
    }
    let last = take_second(&shared, &mut total, start);
    if last.started + last.ended > 0 {
        timeline.push(last);
    }
    if let Some(p) = &pcap
        && let Ok(mut p) = p.lock()
    {
        let _ = p.flush();
    }
    let elapsed = start.elapsed().as_secs_f64();
    let s = shared
        .lock()
        .map_err(|_| ConfigError::Invalid("a worker panicked".into()))?;
    let c = &s.counters;
    let mut failures: BTreeMap<String, u64> = Failure::ALL
        .iter()
        .map(|f| (f.name().to_owned(), 0))
        .collect();
    for (f, n) in &c.failures {
        *failures.entry(f.name().to_owned()).or_default() += n;
    }

    Ok(LoadReport {
        target_rate: config.rate,
        elapsed,
        associations: w,
        started: c.started,
        ended: c.ended,
        // Over the whole run, drain included: a generator or SCP that falls behind shows here.
        achieved_rate: c.ended as f64 / elapsed.max(1e-3),
        outcomes: c
            .outcomes
            .iter()
            .map(|(k, v)| ((*k).to_owned(), *v))
            .collect(),
        failures,
        unfinished,
        late_starts: c.late,
        gap_orders: s.gap_orders.iter().sum(),
        stray: s.stray.iter().sum(),
        latency: Latency::of(&total),
        histogram: buckets(&total),
        timeline,
        load_average: std::fs::read_to_string("/proc/loadavg")
            .ok()
            .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" ")),
    })
}

fn take_second(shared: &Mutex<Shared>, total: &mut Histogram<u64>, start: Instant) -> Second {
    let Ok(mut s) = shared.lock() else {
        return Second::default();
    };
    let h = std::mem::replace(&mut s.interval, histogram());
    let ic = std::mem::take(&mut s.interval_counters);
    drop(s);
    let _ = total.add(&h);
    let l = Latency::of(&h);
    Second {
        t: start.elapsed().as_secs_f64(),
        started: ic.started,
        ended: ic.ended,
        failed: ic.failed,
        p50: l.p50,
        p99: l.p99,
        max: l.max,
    }
}

/// Logarithmic buckets: 10 per decade from 10 µs.
fn buckets(h: &Histogram<u64>) -> Vec<(f64, u64)> {
    if h.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut lower = 0u64;
    let mut upper = 10f64;
    let max = h.max() as f64;
    while lower as f64 <= max {
        let up = upper.round() as u64;
        let n = h.count_between(lower, up.saturating_sub(1).max(lower));
        out.push((up as f64 / 1e3, n));
        lower = up;
        upper *= 10f64.powf(0.1);
    }
    out
}

fn xorshift(mut x: u64) -> u64 {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    x
}

#[allow(clippy::too_many_arguments)]
async fn worker(
    index: usize,
    workers: usize,
    mut link: Link,
    mut switch: Switch,
    config: Arc<LoadConfig>,
    shared: Arc<Mutex<Shared>>,
    start: Instant,
    pcap: Option<Arc<Mutex<PcapWriter>>>,
) -> u64 {
    let cap = (config.max_in_flight / workers).max(1);
    let mut k = index as u64;
    let mut local = Counters::default();
    let mut hist = histogram();
    let mut flush_at = Instant::now() + Duration::from_millis(100);
    let mut next_due = start + config.due(k);
    let end = start + config.duration;
    let hard_stop = end + config.drain;
    let mut rng = (config.seed ^ (index as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15)).max(1);
    let mut sent_all = next_due >= end;
    let sleep = tokio::time::sleep_until(start.into());
    tokio::pin!(sleep);
    let mut spec = CallSpec::new("0", None);
    spec.service_key = config.service_key;
    spec.category = config.category;
    loop {
        let now = Instant::now();
        // Start every call whose time has come (open loop), within the dialogue cap.
        while !sent_all && next_due <= now && switch.in_flight() < cap {
            spec.called = config.called.nth(k);
            spec.calling = config.calling.as_ref().map(|c| c.nth(k));
            rng = xorshift(rng);
            spec.model = pick(&config.models, rng);
            rng = xorshift(rng);
            spec.trigger = pick(&config.triggers, rng >> 7);
            if now.saturating_duration_since(next_due) >= Duration::from_millis(1) {
                local.late += 1;
            }
            local.started += 1;
            if switch.start_call(now, k, &spec).is_err() {
                local.ended += 1;
                local.failed += 1;
                *local
                    .failures
                    .entry(Failure::UnexpectedOperation)
                    .or_default() += 1;
            }
            k += workers as u64;
            next_due = start + config.due(k);
            sent_all = next_due >= end;
        }
        while let Some(d) = switch.poll_transmit() {
            if let Some(p) = &pcap
                && let Ok(mut p) = p.lock()
            {
                let _ = p.write_data(Direction::ToScp, SystemTime::now(), &d);
            }
            link.send_data_nowait(d);
        }
        while let Some(f) = switch.poll_finished() {
            account(&config, start, &f, &mut local, &mut hist);
        }
        if now >= flush_at || (sent_all && switch.in_flight() == 0) || now >= hard_stop {
            flush_at = now + Duration::from_millis(100);
            if let Ok(mut s) = shared.lock() {
                let _ = s.interval.add(&hist);
                s.counters.add(&local);
                s.interval_counters.add(&local);
                s.in_flight[index] = switch.in_flight();
                s.gap_orders[index] = switch.stats().gap_orders;
                s.stray[index] = switch.stats().stray;
            }
            hist.reset();
            local = Counters::default();
        }
        if sent_all && switch.in_flight() == 0 {
            return 0;
        }
        if now >= hard_stop {
            let open = switch.in_flight() as u64;
            if let Ok(mut s) = shared.lock() {
                s.counters.ended += open;
                s.counters.failed += open;
                *s.counters.failures.entry(Failure::Timeout).or_default() += open;
                s.in_flight[index] = 0;
            }
            return open;
        }
        let mut wake = flush_at.min(hard_stop);
        if !sent_all && switch.in_flight() < cap {
            wake = wake.min(next_due);
        }
        if let Some(t) = switch.poll_timeout() {
            wake = wake.min(t);
        }
        if sleep.deadline() != wake.into() {
            sleep.as_mut().reset(wake.into());
        }
        let first = tokio::select! {
            biased;
            ev = link.next_event() => Some(ev),
            _ = &mut sleep => None,
        };
        if let Some(mut ev) = first {
            // Take whatever else is already queued before looking at the clock again.
            let now = Instant::now();
            loop {
                match ev {
                    Some(AspEvent::Data(d)) => {
                        if let Some(p) = &pcap
                            && let Ok(mut p) = p.lock()
                        {
                            let _ = p.write_data(Direction::FromScp, SystemTime::now(), &d);
                        }
                        switch.handle_data(now, d);
                    }
                    Some(_) => {}
                    None => {
                        // The association is gone: what is in flight times out in the switch.
                        (&mut sleep).await;
                        break;
                    }
                }
                match ready_now(link.next_event()) {
                    Some(next) => ev = next,
                    None => break,
                }
            }
        }
        switch.handle_timeout(Instant::now());
    }
}

/// The future's output if it is ready at once (polled once, with a waker that does nothing: a
/// later `.await` registers the real one).
fn ready_now<F: std::future::Future>(f: F) -> Option<F::Output> {
    let mut f = std::pin::pin!(f);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match f.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(v) => Some(v),
        std::task::Poll::Pending => None,
    }
}

fn account(
    config: &LoadConfig,
    start: Instant,
    f: &Finished,
    c: &mut Counters,
    h: &mut Histogram<u64>,
) {
    c.ended += 1;
    let failure = f.record.failure.or_else(|| {
        config
            .expect
            .iter()
            .find_map(|e| e.check(&f.record).err())
            .map(|m| m.class)
    });
    match failure {
        Some(fl) => {
            c.failed += 1;
            *c.failures.entry(fl).or_default() += 1;
        }
        None => {
            let kind = f.record.outcome.as_ref().map_or("none", |o| o.kind());
            *c.outcomes.entry(kind).or_default() += 1;
        }
    }
    if let Some(first) = f.record.first_answer {
        let intended = start + config.due(f.token);
        let answered = f.started + first;
        let us = answered.saturating_duration_since(intended).as_micros() as u64;
        h.saturating_record(us.max(1));
    }
}

impl LoadReport {
    /// The report as text.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "target {:.0} calls/s over {} association(s); ran {:.1} s",
            self.target_rate, self.associations, self.elapsed
        );
        let _ = writeln!(
            s,
            "started {}  ended {}  achieved {:.0} calls/s  late starts {}  unfinished {}",
            self.started, self.ended, self.achieved_rate, self.late_starts, self.unfinished
        );
        let outcomes: Vec<String> = self
            .outcomes
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        let _ = writeln!(s, "outcomes: {}", outcomes.join(", "));
        let failures: Vec<String> = self
            .failures
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        let _ = writeln!(s, "failures: {}", failures.join(", "));
        if self.gap_orders > 0 || self.stray > 0 {
            let _ = writeln!(
                s,
                "call gap orders {}  stray messages {}",
                self.gap_orders, self.stray
            );
        }
        let l = &self.latency;
        let _ = writeln!(
            s,
            "latency from intended send time (ms, {} answers): min {:.3} p50 {:.3} p90 {:.3} p99 {:.3} p99.9 {:.3} max {:.3} mean {:.3}",
            l.count, l.min, l.p50, l.p90, l.p99, l.p999, l.max, l.mean
        );
        if let Some(la) = &self.load_average {
            let _ = writeln!(s, "load average {la}");
        }
        s
    }

    /// The report as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }

    /// A self-contained HTML page: the figures, latency over time and the latency histogram as
    /// inline SVG (no script, no external resource).
    pub fn to_html(&self) -> String {
        let mut h = String::new();
        h.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>vns-ssp load report</title>\n<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}th{background:#f4f4f4}svg{background:#fafafa;border:1px solid #ddd}</style></head><body>\n");
        h.push_str("<h1>vns-ssp load report</h1>\n<pre>");
        h.push_str(&escape(&self.to_text()));
        h.push_str("</pre>\n<h2>Latency over time (ms, from intended send time)</h2>\n");
        h.push_str(&self.time_chart());
        h.push_str("\n<h2>Latency histogram</h2>\n");
        h.push_str(&self.histogram_chart());
        h.push_str("\n<h2>Second by second</h2>\n<table><tr><th>t (s)</th><th>started</th><th>ended</th><th>failed</th><th>p50 ms</th><th>p99 ms</th><th>max ms</th></tr>\n");
        for s in &self.timeline {
            let _ = writeln!(
                h,
                "<tr><td>{:.1}</td><td>{}</td><td>{}</td><td>{}</td><td>{:.3}</td><td>{:.3}</td><td>{:.3}</td></tr>",
                s.t, s.started, s.ended, s.failed, s.p50, s.p99, s.max
            );
        }
        h.push_str("</table>\n</body></html>\n");
        h
    }

    fn time_chart(&self) -> String {
        let (w, ht, pad) = (800.0, 300.0, 40.0);
        let tmax = self.timeline.iter().map(|s| s.t).fold(1.0, f64::max);
        let ymax = self
            .timeline
            .iter()
            .map(|s| s.max.max(s.p99))
            .fold(0.001, f64::max);
        let line = |f: &dyn Fn(&Second) -> f64| {
            self.timeline
                .iter()
                .map(|s| {
                    format!(
                        "{:.1},{:.1}",
                        pad + s.t / tmax * (w - 2.0 * pad),
                        ht - pad - f(s) / ymax * (ht - 2.0 * pad)
                    )
                })
                .collect::<Vec<_>>()
                .join(" ")
        };
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{ht}\" role=\"img\" aria-label=\"latency over time\">\
             <line x1=\"{pad}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\" stroke=\"#888\"/><line x1=\"{pad}\" y1=\"{pad}\" x2=\"{pad}\" y2=\"{b}\" stroke=\"#888\"/>\
             <text x=\"{pad}\" y=\"{ty}\" font-size=\"12\">{ymax:.3} ms</text><text x=\"{r}\" y=\"{tb}\" font-size=\"12\" text-anchor=\"end\">{tmax:.0} s</text>\
             <polyline fill=\"none\" stroke=\"#d33\" stroke-width=\"1\" points=\"{max}\"/>\
             <polyline fill=\"none\" stroke=\"#e90\" stroke-width=\"2\" points=\"{p99}\"/>\
             <polyline fill=\"none\" stroke=\"#27c\" stroke-width=\"2\" points=\"{p50}\"/>\
             <text x=\"{lx}\" y=\"{ly}\" font-size=\"12\" fill=\"#27c\">p50</text><text x=\"{lx}\" y=\"{ly2}\" font-size=\"12\" fill=\"#e90\">p99</text><text x=\"{lx}\" y=\"{ly3}\" font-size=\"12\" fill=\"#d33\">max</text></svg>",
            b = ht - pad,
            r = w - pad,
            ty = pad - 8.0,
            tb = ht - pad + 16.0,
            max = line(&|s| s.max),
            p99 = line(&|s| s.p99),
            p50 = line(&|s| s.p50),
            lx = w - pad - 40.0,
            ly = pad + 10.0,
            ly2 = pad + 24.0,
            ly3 = pad + 38.0,
        )
    }

    fn histogram_chart(&self) -> String {
        let (w, ht, pad) = (800.0, 300.0, 40.0);
        let n = self.histogram.len().max(1) as f64;
        let cmax = self
            .histogram
            .iter()
            .map(|(_, c)| *c)
            .max()
            .unwrap_or(1)
            .max(1) as f64;
        let bw = (w - 2.0 * pad) / n;
        let mut s = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{ht}\" role=\"img\" aria-label=\"latency histogram\">"
        );
        for (i, (up, c)) in self.histogram.iter().enumerate() {
            let bh = *c as f64 / cmax * (ht - 2.0 * pad);
            let _ = write!(
                s,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{bh:.1}\" fill=\"#27c\"><title>≤ {up:.3} ms: {c}</title></rect>",
                pad + i as f64 * bw,
                ht - pad - bh,
                (bw - 1.0).max(1.0)
            );
            if i % 10 == 0 {
                let _ = write!(
                    s,
                    "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\">{up:.2}</text>",
                    pad + i as f64 * bw,
                    ht - pad + 14.0
                );
            }
        }
        let _ = write!(
            s,
            "<text x=\"{pad}\" y=\"{:.1}\" font-size=\"12\">calls (max {cmax}) by latency, ms (log scale)</text></svg>",
            pad - 8.0
        );
        s
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_and_lists() {
        let r = Numbers::parse("0504100000-0504100009").unwrap();
        assert_eq!(r.len(), 10);
        assert_eq!(r.nth(0), "0504100000");
        assert_eq!(r.nth(13), "0504100003");
        assert_eq!(Numbers::parse("+8210-8219").unwrap().nth(1), "+8211");
        assert!(Numbers::parse("05-1").is_err());
        assert!(Numbers::parse("0504-0503").is_err());
        let l = Numbers::from_lines("# numbers\n0101\n\n0102\n").unwrap();
        assert_eq!(l, Numbers::List(vec!["0101".into(), "0102".into()]));
        assert!(Numbers::from_lines("# none\n").is_err());
    }

    #[test]
    fn mixes_pick_by_weight() {
        let m = parse_mix("busy=1,answer:1:2=3", CallModel::parse).unwrap();
        assert_eq!(m.len(), 2);
        let picks: Vec<CallModel> = (0..4).map(|r| pick(&m, r)).collect();
        assert_eq!(picks.iter().filter(|p| **p == CallModel::Busy).count(), 1);
        assert!(parse_mix("busy=0", CallModel::parse).is_err());
        assert!(parse_mix("busy=x", CallModel::parse).is_err());
    }

    #[test]
    fn the_schedule_ramps_then_holds_the_rate() {
        let mut c = LoadConfig::new(
            SspConfig::new("127.0.0.1:1".parse().unwrap()),
            1000.0,
            Duration::from_secs(10),
            Numbers::parse("1").unwrap(),
        );
        assert_eq!(c.due(1000), Duration::from_secs(1));
        c.ramp_up = Duration::from_secs(2);
        // 1000 calls in the 2 s ramp (half the rate on average), then 1000/s.
        assert!((c.due(1000).as_secs_f64() - 2.0).abs() < 1e-9);
        assert!((c.due(2000).as_secs_f64() - 3.0).abs() < 1e-9);
        assert!(c.due(250) > Duration::from_millis(999));
    }

    #[test]
    fn html_is_self_contained() {
        let r = LoadReport {
            timeline: vec![Second {
                t: 1.0,
                p50: 0.2,
                p99: 0.5,
                max: 1.0,
                ..Second::default()
            }],
            histogram: vec![(0.01, 3), (0.02, 5)],
            ..LoadReport::default()
        };
        let html = r.to_html();
        assert!(html.contains("<svg") && html.contains("polyline") && html.contains("<rect"));
        assert!(!html.contains("http://") || !html.contains("src="));
        assert!(!html.contains("<script"));
    }
}
