//! Test support for the association layer: a virtual clock, a single machine fed by hand
//! (`Solo`), and two machines wired in memory (`Pair`, after quinn's `tests/util.rs`).
//! Included by `asp.rs`, `asp_proptest.rs` and `asp_tshark.rs` with `#[path]`; a directory
//! module, so cargo does not build it as a test target of its own.

#![allow(dead_code)]

use std::time::{Duration, Instant};

use bytes::Bytes;
use m3ua::asp::{Association, Config, Event, Transmit};
use m3ua::{Message, MessageKind};

/// One machine, fed by hand, on a virtual clock.
pub(crate) struct Solo {
    pub(crate) assoc: Association,
    pub(crate) start: Instant,
    pub(crate) now: Instant,
}

impl Solo {
    pub(crate) fn new(config: Config) -> Self {
        let start = Instant::now();
        Self {
            assoc: Association::new(config).expect("valid config"),
            start,
            now: start,
        }
    }

    /// Transport up; returns what it sent.
    pub(crate) fn up(&mut self) -> Vec<Message> {
        self.assoc.handle_transport_up(self.now);
        self.sent()
    }

    /// Feeds a message on stream 0 (or `stream` for DATA); returns what it sent.
    pub(crate) fn feed(&mut self, message: Message) -> Vec<Message> {
        let stream = if message.kind() == MessageKind::DATA {
            1
        } else {
            0
        };
        self.feed_on(stream, message)
    }

    /// Feeds a message, encoded, on `stream`.
    pub(crate) fn feed_on(&mut self, stream: u16, message: Message) -> Vec<Message> {
        let bytes = message.to_bytes().expect("encodable");
        self.assoc.handle_bytes(self.now, stream, bytes);
        self.sent()
    }

    /// Feeds raw octets on stream 0.
    pub(crate) fn feed_bytes(&mut self, bytes: &[u8]) -> Vec<Message> {
        self.assoc
            .handle_bytes(self.now, 0, Bytes::copy_from_slice(bytes));
        self.sent()
    }

    /// Everything queued for transmission.
    pub(crate) fn transmits(&mut self) -> Vec<Transmit> {
        std::iter::from_fn(|| self.assoc.poll_transmit()).collect()
    }

    /// The messages queued for transmission.
    pub(crate) fn sent(&mut self) -> Vec<Message> {
        self.transmits().into_iter().map(|t| t.message).collect()
    }

    pub(crate) fn events(&mut self) -> Vec<Event> {
        std::iter::from_fn(|| self.assoc.poll_event()).collect()
    }

    /// Moves the clock by `d`, firing every timer on the way; returns what was sent.
    pub(crate) fn advance(&mut self, d: Duration) -> Vec<Message> {
        let until = self.now + d;
        while let Some(t) = self.assoc.poll_timeout() {
            if t > until {
                break;
            }
            self.now = self.now.max(t);
            self.assoc.handle_timeout(self.now);
        }
        self.now = until;
        self.sent()
    }
}

/// Message names, for readable assertions.
pub(crate) fn names(messages: &[Message]) -> Vec<String> {
    messages.iter().map(|m| m.to_string()).collect()
}

pub(crate) fn kinds(messages: &[Message]) -> Vec<MessageKind> {
    messages.iter().map(Message::kind).collect()
}

/// A filter deciding whether a transmit from side 'a' or 'b' is delivered.
pub(crate) type Filter = Box<dyn FnMut(char, &Transmit) -> bool>;

/// Two machines wired back to back; transmits are encoded and decoded on the way.
pub(crate) struct Pair {
    pub(crate) a: Association,
    pub(crate) b: Association,
    pub(crate) start: Instant,
    pub(crate) now: Instant,
    /// Every transmit delivered or dropped: (from, transmit, delivered).
    pub(crate) log: Vec<(char, Transmit, bool)>,
    pub(crate) a_events: Vec<Event>,
    pub(crate) b_events: Vec<Event>,
    pub(crate) filter: Option<Filter>,
}

impl Pair {
    pub(crate) fn new(a: Config, b: Config) -> Self {
        let start = Instant::now();
        Self {
            a: Association::new(a).expect("valid config a"),
            b: Association::new(b).expect("valid config b"),
            start,
            now: start,
            log: Vec::new(),
            a_events: Vec::new(),
            b_events: Vec::new(),
            filter: None,
        }
    }

    /// Both transports up (b, the server, first), then run to quiescence.
    pub(crate) fn connect(&mut self) {
        self.b.handle_transport_up(self.now);
        self.a.handle_transport_up(self.now);
        self.drive();
    }

    /// Both transports down.
    pub(crate) fn disconnect(&mut self) {
        self.a.handle_transport_down(self.now);
        self.b.handle_transport_down(self.now);
        self.drive();
    }

    /// Moves messages both ways until neither has anything to send.
    pub(crate) fn drive(&mut self) {
        for _ in 0..10_000 {
            let mut moved = false;
            while let Some(t) = self.a.poll_transmit() {
                moved = true;
                self.deliver('a', t);
            }
            while let Some(t) = self.b.poll_transmit() {
                moved = true;
                self.deliver('b', t);
            }
            self.a_events
                .extend(std::iter::from_fn(|| self.a.poll_event()));
            self.b_events
                .extend(std::iter::from_fn(|| self.b.poll_event()));
            if !moved {
                return;
            }
        }
        panic!("the pair does not settle");
    }

    fn deliver(&mut self, from: char, t: Transmit) {
        let pass = self.filter.as_mut().is_none_or(|f| f(from, &t));
        if pass {
            let bytes = t.message.to_bytes().expect("encodable");
            let to = if from == 'a' {
                &mut self.b
            } else {
                &mut self.a
            };
            to.handle_bytes(self.now, t.stream, bytes);
        }
        self.log.push((from, t, pass));
    }

    /// Moves the clock by `d`, firing timers of both machines in order.
    pub(crate) fn advance(&mut self, d: Duration) {
        let until = self.now + d;
        loop {
            let next = [self.a.poll_timeout(), self.b.poll_timeout()]
                .into_iter()
                .flatten()
                .min();
            match next {
                Some(t) if t <= until => {
                    self.now = self.now.max(t);
                    self.a.handle_timeout(self.now);
                    self.b.handle_timeout(self.now);
                    self.drive();
                }
                _ => break,
            }
        }
        self.now = until;
    }

    /// The delivered messages from `from`, as one-line summaries.
    pub(crate) fn sent_by(&self, from: char) -> Vec<String> {
        self.log
            .iter()
            .filter(|(f, _, pass)| *f == from && *pass)
            .map(|(_, t, _)| t.message.to_string())
            .collect()
    }

    /// Every delivered message in order, as "a: ASPUP" lines.
    pub(crate) fn transcript(&self) -> Vec<String> {
        self.log
            .iter()
            .filter(|(_, _, pass)| *pass)
            .map(|(f, t, _)| format!("{f}: {}", t.message))
            .collect()
    }

    pub(crate) fn clear_log(&mut self) {
        self.log.clear();
        self.a_events.clear();
        self.b_events.clear();
    }
}
