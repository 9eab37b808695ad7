//! A deterministic pair: the switch ([`Switch`]) and the null SCP ([`Answerer`]) wired in memory on
//! a virtual clock (quinn's `tests/util.rs` `Pair`). No socket, no sleep: time moves only when the
//! test moves it, so the call models' timers are checked to the microsecond.

use std::sync::Arc;
use std::time::{Duration, Instant};

use testbed::model::Timers;
use testbed::responder::{Answerer, ResponderStats};
use testbed::switch::Finished;
use testbed::{
    Answers, CallModel, CallSpec, Direction, Failure, Outcome, Plan, Switch, SwitchConfig,
};

struct Pair {
    now: Instant,
    switch: Switch,
    scp: Answerer,
    stats: ResponderStats,
    /// (time, direction, TCAP message type) of every message.
    log: Vec<(Duration, Direction)>,
    t0: Instant,
}

impl Pair {
    fn new(plan: &str) -> Self {
        let config = SwitchConfig {
            timers: Timers {
                answer_timeout: Duration::from_secs(2),
                announcement: Duration::from_secs(3),
            },
            ..SwitchConfig::default()
        };
        let now = Instant::now();
        Self {
            now,
            t0: now,
            switch: Switch::new(config).expect("switch"),
            scp: Answerer::new(Arc::new(Answers::fixed(Plan::parse(plan).expect("plan")))),
            stats: ResponderStats::default(),
            log: Vec::new(),
        }
    }

    /// Delivers every message both ways until both sides are quiet (in zero time).
    fn settle(&mut self) {
        let mut back = Vec::new();
        loop {
            let mut moved = false;
            while let Some(d) = self.switch.poll_transmit() {
                moved = true;
                self.log.push((self.now - self.t0, Direction::ToScp));
                self.scp.handle(d, &mut back, &self.stats);
            }
            for d in back.drain(..) {
                moved = true;
                self.log.push((self.now - self.t0, Direction::FromScp));
                self.switch.handle_data(self.now, d);
            }
            if !moved {
                return;
            }
        }
    }

    /// Runs the call to its end, jumping the clock from timer to timer.
    fn call(&mut self, spec: &CallSpec) -> Finished {
        self.switch
            .start_call(self.now, 7, spec)
            .expect("call starts");
        loop {
            self.settle();
            if let Some(f) = self.switch.poll_finished() {
                return f;
            }
            let t = self
                .switch
                .poll_timeout()
                .expect("a call in progress has a timer");
            assert!(t >= self.now, "timers never go back");
            self.now = t;
            self.switch.handle_timeout(self.now);
        }
    }
}

fn spec(model: CallModel) -> CallSpec {
    let mut s = CallSpec::new("050412345678", Some("01012345678"));
    s.model = model;
    s
}

const S: fn(u64) -> Duration = Duration::from_secs;

#[test]
fn the_call_model_times_every_report() {
    let mut p = Pair::new("arm:notify+connect:01098765432");
    let f = p.call(&spec(CallModel::Answer {
        after: S(4),
        talk: S(60),
    }));
    assert_eq!(
        f.record.outcome,
        Some(Outcome::Connect {
            destination: "01098765432".into()
        })
    );
    assert_eq!(f.record.events_reported, ["tAnswer", "tDisconnect"]);
    // BEGIN at 0, CONTINUE back at 0, tAnswer at 4 s, tDisconnect (in the END) at 64 s.
    assert_eq!(
        p.log,
        [
            (S(0), Direction::ToScp),
            (S(0), Direction::FromScp),
            (S(4), Direction::ToScp),
            (S(64), Direction::ToScp)
        ]
    );
    assert_eq!(f.ended - f.started, S(64));
    assert_eq!(p.switch.in_flight(), 0);
}

#[test]
fn announcement_report_comes_after_its_duration() {
    let mut p = Pair::new("announce:9+connect:01098765432");
    let f = p.call(&spec(CallModel::default()));
    assert_eq!(f.record.announcements, [9]);
    assert!(matches!(f.record.outcome, Some(Outcome::Connect { .. })));
    assert_eq!(
        p.log,
        [
            (S(0), Direction::ToScp),
            (S(0), Direction::FromScp),
            (S(3), Direction::ToScp),
            (S(3), Direction::FromScp)
        ]
    );
}

#[test]
fn silence_times_out_at_the_answer_timeout_exactly() {
    let mut p = Pair::new("silent");
    let f = p.call(&spec(CallModel::default()));
    assert_eq!(f.record.failure, Some(Failure::Timeout));
    assert_eq!(f.ended - f.started, S(2));
    assert_eq!(
        p.log,
        [(S(0), Direction::ToScp)],
        "nothing sent on a local end"
    );
}

#[test]
fn request_mode_busy_report_waits_for_the_scps_end() {
    // After the request-mode tBusy report the SCP answers END: the call ends there.
    let mut p = Pair::new("arm:request+connect:01098765432");
    let f = p.call(&spec(CallModel::Busy));
    assert_eq!(f.record.events_reported, ["tCalledPartyBusy"]);
    assert_eq!(f.record.failure, None);
    assert_eq!(p.log.len(), 4);
    assert_eq!(p.log[3].1, Direction::FromScp);
}

#[test]
fn abandon_after_routing_is_reported_when_armed() {
    // tAbandon is armed (notify): the abandon 5 s in is reported in the TC-END.
    let mut p = Pair::new("arm:notify+connect:01098765432");
    let f = p.call(&spec(CallModel::Abandon { after: S(5) }));
    assert_eq!(f.record.events_reported, ["tAbandon"]);
    assert_eq!(p.log.last(), Some(&(S(5), Direction::ToScp)));
    assert_eq!(f.record.failure, None);
}

#[test]
fn call_gap_holds_the_number_for_its_duration() {
    let mut p = Pair::new("gap:10+release:31");
    let first = p.call(&spec(CallModel::default()));
    assert_eq!(first.record.outcome, Some(Outcome::Release { cause: 31 }));
    assert_eq!(first.record.gaps[0].prefix, "050412345678");
    assert_eq!(first.record.gaps[0].duration, 10);
    p.now += S(9);
    let held = p.call(&spec(CallModel::default()));
    assert_eq!(held.record.outcome, Some(Outcome::Gapped));
    assert_eq!(p.switch.stats().gapped, 1);
    p.now += S(2);
    let after = p.call(&spec(CallModel::default()));
    assert_eq!(after.record.outcome, Some(Outcome::Release { cause: 31 }));
    assert_eq!(p.switch.stats().gap_orders, 2);
}

#[test]
fn every_failure_class_from_the_scp() {
    for (plan, failure) in [
        ("abort", Failure::Abort),
        ("reject", Failure::Reject),
        ("unexpected", Failure::UnexpectedOperation),
    ] {
        let mut p = Pair::new(plan);
        let f = p.call(&spec(CallModel::default()));
        assert_eq!(f.record.failure, Some(failure), "{plan}");
        assert!(f.record.detail.is_some());
    }
}

#[test]
fn late_answers_are_counted_as_strays() {
    let mut p = Pair::new("connect:01098765432");
    p.switch
        .start_call(p.now, 1, &spec(CallModel::default()))
        .unwrap();
    let begin = p.switch.poll_transmit().expect("BEGIN");
    // The SCP answers only after the switch gave up.
    p.now += S(3);
    p.switch.handle_timeout(p.now);
    let f = p.switch.poll_finished().expect("timed out");
    assert_eq!(f.record.failure, Some(Failure::Timeout));
    let mut back = Vec::new();
    p.scp.handle(begin, &mut back, &p.stats);
    p.switch.handle_data(p.now, back.pop().expect("END"));
    assert_eq!(p.switch.stats().stray, 1);
    assert!(p.switch.poll_finished().is_none());
}

#[test]
fn no_answer_of_any_shape_panics_the_switch() {
    // Every truncation and every single-octet corruption of the SCP's answers (a TC-CONTINUE
    // with RRBE and Connect, and a TC-END with Connect) is either used, refused or counted.
    for plan in ["arm:notify+connect:01098765432", "connect:01098765432"] {
        let mut p = Pair::new(plan);
        p.switch
            .start_call(p.now, 1, &spec(CallModel::Busy))
            .unwrap();
        let begin = p.switch.poll_transmit().unwrap();
        let mut back = Vec::new();
        p.scp.handle(begin, &mut back, &p.stats);
        let answer = back.pop().unwrap();
        let sccp = answer.protocol_data.user_data.clone();
        let mut variants = Vec::new();
        for len in 0..sccp.len() {
            variants.push(sccp.slice(..len));
        }
        for i in 0..sccp.len() {
            for flip in [0x01u8, 0x80, 0xff] {
                let mut v = sccp.to_vec();
                v[i] ^= flip;
                variants.push(bytes::Bytes::from(v));
            }
        }
        for v in variants {
            // A fresh call each time, so each variant meets an open dialogue.
            let mut q = Pair::new(plan);
            q.switch
                .start_call(q.now, 1, &spec(CallModel::Busy))
                .unwrap();
            let _ = q.switch.poll_transmit();
            let mut d = answer.clone();
            d.protocol_data.user_data = v;
            q.switch.handle_data(q.now, d);
            // The SCP says nothing more: whatever state the answer left, the timers end the call.
            let mut finished = None;
            for _ in 0..10 {
                while q.switch.poll_transmit().is_some() {}
                finished = q.switch.poll_finished();
                if finished.is_some() {
                    break;
                }
                q.now = q.switch.poll_timeout().expect("an open call has a timer");
                q.switch.handle_timeout(q.now);
            }
            let f = finished.expect("the call ends one way or another");
            assert!(f.record.outcome.is_some() || f.record.failure.is_some());
        }
    }
}
