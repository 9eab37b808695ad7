//! An M3UA association running: the sans-I/O [`Association`] driven over a transport by a task.
//!
//! [`Link::connect`] is the client side (an ASP towards an SGP or STP, or an IPSP that
//! connects): it connects, brings the association up, and when the association asks for it
//! ([`AspEvent::TransportRestartRequested`]: the transport went down, BEAT or an ACK timed
//! out) it drops the transport and connects again after the association's capped exponential
//! backoff. [`Link::accepted`] runs the server side over a connection a [`super::Listener`]
//! accepted; when the association closes it, the link ends and the peer is expected to
//! reconnect.
//!
//! The task owns the [`Association`]: it feeds it the transport's messages, fires its timer, and
//! writes what it transmits, each message on the stream the association chose (PPID 3). Whatever
//! else the association reports comes out of [`Link::next_event`]; the ASP state can be read at
//! any time ([`Link::state`]) and waited for ([`Link::wait_for`]).

use std::net::SocketAddr;
use std::time::Duration;

use tokio::sync::{mpsc, watch};
use tokio::time::Instant;

use super::{Connection, Event as TransportEvent, TransportConfig, now, sleep_until};
use crate::asp::{AsGroup, AspState, Association, Event as AspEvent, Route, SendError, Stats};
use crate::{Data, TrafficModeType};

/// What a link can be asked to do.
#[derive(Debug)]
enum Command {
    SendData(
        Data,
        Option<tokio::sync::oneshot::Sender<Result<(), SendError>>>,
    ),
    Activate,
    Deactivate,
    Shutdown,
    Stats(tokio::sync::oneshot::Sender<Stats>),
    Ssnm(
        crate::Message,
        tokio::sync::oneshot::Sender<Result<(), SendError>>,
    ),
}

/// Where a link's task reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    /// The ASP state of the association.
    pub state: AspState,
    /// Whether a transport is up.
    pub transport_up: bool,
    /// How many times the transport came up.
    pub connects: u64,
}

/// A cloneable handle sending DATA on a [`Link`] ([`Link::sender`]).
///
/// It does not keep the link alive: dropping the [`Link`] still stops it, and the handle's
/// sends then fail.
#[derive(Clone, Debug)]
pub struct LinkSender {
    commands: mpsc::WeakUnboundedSender<Command>,
}

impl LinkSender {
    /// Sends a DATA message without waiting for the verdict (the association counts what it
    /// could not send); `false` when the link has ended.
    pub fn send_data_nowait(&self, data: Data) -> bool {
        self.commands
            .upgrade()
            .is_some_and(|c| c.send(Command::SendData(data, None)).is_ok())
    }

    /// Sends a DATA message and waits for the association's verdict.
    pub async fn send_data(&self, data: Data) -> Result<(), SendError> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let down = SendError::NotActive {
            state: AspState::Down,
        };
        let sent = self
            .commands
            .upgrade()
            .is_some_and(|c| c.send(Command::SendData(data, Some(tx))).is_ok());
        if !sent {
            return Err(down);
        }
        rx.await.unwrap_or(Err(down))
    }

    /// Whether the link has ended.
    pub fn is_closed(&self) -> bool {
        self.commands.upgrade().is_none_or(|c| c.is_closed())
    }
}

/// A running M3UA association; dropping it stops the task and closes the transport.
#[derive(Debug)]
pub struct Link {
    commands: mpsc::UnboundedSender<Command>,
    events: mpsc::Receiver<(usize, AspEvent)>,
    status: watch::Receiver<Status>,
}

impl Link {
    /// Connects to `peers` with `transport` and keeps the association `association` up,
    /// reconnecting after its backoff whenever it asks to.
    pub fn connect(
        transport: TransportConfig,
        peers: Vec<SocketAddr>,
        association: Association,
    ) -> Self {
        Self::spawn(association, Source::Connect { transport, peers })
    }

    /// Runs `association` (a responder: SGP, or an IPSP that waits) over an accepted connection.
    pub fn accepted(connection: Connection, association: Association) -> Self {
        Self::spawn(association, Source::Accepted(Some(connection)))
    }

    fn spawn(association: Association, source: Source) -> Self {
        let (ev_tx, ev_rx) = mpsc::channel(super::QUEUE);
        Self::spawn_into(association, source, ev_tx, ev_rx, 0)
    }

    /// A link whose events go, tagged with `index`, into a channel shared with other links.
    fn spawn_into(
        association: Association,
        source: Source,
        ev_tx: mpsc::Sender<(usize, AspEvent)>,
        ev_rx: mpsc::Receiver<(usize, AspEvent)>,
        index: usize,
    ) -> Self {
        let (cmd_tx, cmd_rx) = mpsc::unbounded_channel();
        let (st_tx, st_rx) = watch::channel(Status {
            state: association.state(),
            transport_up: false,
            connects: 0,
        });
        tokio::spawn(
            Driver {
                association,
                source,
                commands: cmd_rx,
                events: ev_tx,
                index,
                status: st_tx,
                connects: 0,
            }
            .run(),
        );
        Self {
            commands: cmd_tx,
            events: ev_rx,
            status: st_rx,
        }
    }

    /// The association's ASP state now.
    pub fn state(&self) -> AspState {
        self.status.borrow().state
    }

    /// A snapshot of the link's status.
    pub fn status(&self) -> Status {
        self.status.borrow().clone()
    }

    /// The association's counters; `None` when the link has ended.
    pub async fn stats(&self) -> Option<Stats> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.commands.send(Command::Stats(tx)).ok()?;
        rx.await.ok()
    }

    /// Waits until the association is in `state`; `false` if the link ended or `limit` passed.
    pub async fn wait_for(&mut self, state: AspState, limit: Duration) -> bool {
        self.wait_until(|s| s.state == state, limit).await
    }

    /// Waits until the status satisfies `f`; `false` if the link ended or `limit` passed.
    pub async fn wait_until(&self, f: impl FnMut(&Status) -> bool, limit: Duration) -> bool {
        let mut status = self.status.clone();
        tokio::time::timeout(limit, status.wait_for(f))
            .await
            .is_ok_and(|r| r.is_ok())
    }

    /// Sends a DATA message (the association picks routing context, network appearance and
    /// stream); the error says why it could not (not ASP-ACTIVE, destination unavailable).
    pub async fn send_data(&self, data: Data) -> Result<(), SendError> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        if self
            .commands
            .send(Command::SendData(data, Some(tx)))
            .is_err()
        {
            return Err(SendError::NotActive {
                state: AspState::Down,
            });
        }
        rx.await.unwrap_or(Err(SendError::NotActive {
            state: AspState::Down,
        }))
    }

    /// Sends an SSNM message (DUNA, DAVA, DAUD, SCON, DUPU, DRST) on stream 0; an SGP also
    /// records it in its own destination table.
    pub async fn send_ssnm(&self, message: crate::Message) -> Result<(), SendError> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let down = SendError::NotActive {
            state: AspState::Down,
        };
        if self.commands.send(Command::Ssnm(message, tx)).is_err() {
            return Err(down);
        }
        rx.await.unwrap_or(Err(down))
    }

    /// Sends a DATA message without waiting for the verdict (counted by the association).
    pub fn send_data_nowait(&self, data: Data) {
        let _ = self.commands.send(Command::SendData(data, None));
    }

    /// A handle that sends DATA on this link from other tasks (workers answering what the
    /// link received); it outlives nothing: once the link ends, its sends fail.
    pub fn sender(&self) -> LinkSender {
        LinkSender {
            commands: self.commands.downgrade(),
        }
    }

    /// Asks the association to go ASP-ACTIVE (ASPAC).
    pub fn activate(&self) {
        let _ = self.commands.send(Command::Activate);
    }

    /// Asks the association to go ASP-INACTIVE (ASPIA).
    pub fn deactivate(&self) {
        let _ = self.commands.send(Command::Deactivate);
    }

    /// Asks the association to go ASP-DOWN (ASPDN) and then closes the transport.
    pub fn shutdown(&self) {
        let _ = self.commands.send(Command::Shutdown);
    }

    /// The next event the association reports (DATA, NTFY, SSNM, ERR, …); `None` when the link
    /// has ended.
    pub async fn next_event(&mut self) -> Option<AspEvent> {
        self.events.recv().await.map(|(_, e)| e)
    }
}

enum Source {
    Connect {
        transport: TransportConfig,
        peers: Vec<SocketAddr>,
    },
    Accepted(Option<Connection>),
}

struct Driver {
    association: Association,
    source: Source,
    commands: mpsc::UnboundedReceiver<Command>,
    events: mpsc::Sender<(usize, AspEvent)>,
    index: usize,
    status: watch::Sender<Status>,
    connects: u64,
}

/// How one transport's life ended.
enum End {
    /// Reconnect after this delay.
    Reconnect(Duration),
    /// Stop the link.
    Stop,
}

impl Driver {
    async fn run(mut self) {
        let mut delay = Duration::ZERO;
        loop {
            if !delay.is_zero() && !self.idle(delay).await {
                return;
            }
            let connection = match &mut self.source {
                Source::Connect { transport, peers } => {
                    match super::connect(transport, peers).await {
                        Ok(c) => c,
                        Err(_) => {
                            // Not reachable: the association's backoff decides when to retry.
                            self.association.handle_transport_down(now());
                            delay = self.restart_delay().unwrap_or(Duration::from_secs(1));
                            continue;
                        }
                    }
                }
                Source::Accepted(c) => match c.take() {
                    Some(c) => c,
                    None => return,
                },
            };
            match self.serve(connection).await {
                End::Reconnect(after) => delay = after,
                End::Stop => return,
            }
        }
    }

    /// Waits `delay` while still obeying commands; `false` when the link was dropped.
    async fn idle(&mut self, delay: Duration) -> bool {
        let deadline = Instant::now() + delay;
        loop {
            tokio::select! {
                _ = tokio::time::sleep_until(deadline) => return true,
                cmd = self.commands.recv() => match cmd {
                    None => return false,
                    Some(Command::SendData(_, Some(reply))) => {
                        let _ = reply.send(Err(SendError::NotActive { state: AspState::Down }));
                    }
                    Some(Command::Stats(reply)) => {
                        let _ = reply.send(self.association.stats().clone());
                    }
                    Some(_) => {}
                },
            }
        }
    }

    /// The delay of a restart the association asked for, draining its events.
    fn restart_delay(&mut self) -> Option<Duration> {
        let mut after = None;
        while let Some(ev) = self.association.poll_event() {
            match ev {
                AspEvent::TransportRestartRequested { after: a, .. } => after = Some(a),
                other => {
                    let _ = self.events.try_send((self.index, other));
                }
            }
        }
        while self.association.poll_transmit().is_some() {}
        after
    }

    async fn serve(&mut self, connection: Connection) -> End {
        self.association
            .set_outbound_streams(connection.info.outbound_streams);
        self.association
            .set_inbound_streams(connection.info.inbound_streams);
        let (sender, mut receiver) = connection.split();
        self.connects += 1;
        self.association.handle_transport_up(now());
        let mut shutting_down = false;
        loop {
            // Output first: transmits, then events (which may end this transport).
            while let Some(t) = self.association.poll_transmit() {
                let Ok(bytes) = t.message.to_bytes() else {
                    continue; // the association only builds encodable messages
                };
                if sender.send(t.stream, bytes).await.is_err() {
                    break;
                }
            }
            while let Some(ev) = self.association.poll_event() {
                match ev {
                    AspEvent::TransportRestartRequested { after, .. } => {
                        self.publish(false);
                        return End::Reconnect(after);
                    }
                    AspEvent::CloseTransport { .. } => {
                        self.publish(false);
                        return End::Stop;
                    }
                    other => {
                        if self.events.send((self.index, other)).await.is_err() {
                            return End::Stop;
                        }
                    }
                }
            }
            self.publish(true);
            if shutting_down && self.association.state() == AspState::Down {
                return End::Stop;
            }
            let timer = self.association.poll_timeout().map(Instant::from_std);
            tokio::select! {
                ev = receiver.recv() => match ev {
                    Some(TransportEvent::Message { stream, message }) => {
                        self.association.handle_bytes(now(), stream, message);
                    }
                    Some(TransportEvent::Restarted) => {
                        // The peer restarted under us: everything it knew is void.
                        self.association.handle_transport_down(now());
                        self.association.handle_transport_up(now());
                    }
                    Some(TransportEvent::PeerAddress { .. }) => {}
                    Some(TransportEvent::Closed(_)) | None => {
                        self.association.handle_transport_down(now());
                        if shutting_down {
                            self.publish(false);
                            return End::Stop;
                        }
                        // The association asks for the restart (client) or closes (server).
                        match self.restart_delay() {
                            Some(after) if matches!(self.source, Source::Connect { .. }) => {
                                self.publish(false);
                                return End::Reconnect(after);
                            }
                            _ => {
                                self.publish(false);
                                return End::Stop;
                            }
                        }
                    }
                },
                cmd = self.commands.recv() => match cmd {
                    None => return End::Stop,
                    Some(Command::SendData(data, reply)) => {
                        let r = self.association.send_data(data);
                        if let Some(reply) = reply {
                            let _ = reply.send(r);
                        }
                    }
                    Some(Command::Stats(reply)) => {
                        let _ = reply.send(self.association.stats().clone());
                    }
                    Some(Command::Ssnm(message, reply)) => {
                        let _ = reply.send(self.association.send_ssnm(message));
                    }
                    Some(Command::Activate) => { let _ = self.association.activate(now()); }
                    Some(Command::Deactivate) => { let _ = self.association.deactivate(now()); }
                    Some(Command::Shutdown) => {
                        shutting_down = true;
                        if self.association.shutdown(now()).is_err() {
                            return End::Stop;
                        }
                    }
                },
                _ = sleep_until(timer) => self.association.handle_timeout(now()),
            }
        }
    }

    fn publish(&mut self, transport_up: bool) {
        let state = self.association.state();
        let connects = self.connects;
        self.status.send_if_modified(|s| {
            let next = Status {
                state,
                transport_up,
                connects,
            };
            let changed = *s != next;
            *s = next;
            changed
        });
    }
}

/// The associations of one Application Server towards the same peer (several SGPs of an STP
/// pair, or several associations to one SGP), each a [`Link`] of its own, with DATA spread over
/// the active ones by the AS's traffic mode ([`AsGroup`]): override, loadshare by SLS (an SLS
/// stays on its association while that one is up, so message order per SLS holds), broadcast.
#[derive(Debug)]
pub struct LinkSet {
    links: Vec<Link>,
    group: AsGroup<usize>,
    events: mpsc::Receiver<(usize, AspEvent)>,
}

impl LinkSet {
    /// One client [`Link`] per `(transport, peers, association)`; `mode` chooses how DATA is
    /// spread.
    pub fn connect(
        mode: TrafficModeType,
        members: Vec<(TransportConfig, Vec<SocketAddr>, Association)>,
    ) -> Self {
        let (ev_tx, ev_rx) = mpsc::channel(super::QUEUE);
        let mut group = AsGroup::new(mode);
        let links = members
            .into_iter()
            .enumerate()
            .map(|(i, (transport, peers, association))| {
                group.insert(i);
                // Each link gets a receiver it never reads; events come out of the set's.
                let (_unused_tx, unused_rx) = mpsc::channel(1);
                Link::spawn_into(
                    association,
                    Source::Connect { transport, peers },
                    ev_tx.clone(),
                    unused_rx,
                    i,
                )
            })
            .collect();
        Self {
            links,
            group,
            events: ev_rx,
        }
    }

    /// The member links, in the order given.
    pub fn links(&self) -> &[Link] {
        &self.links
    }

    /// The AS state as the members' ASP states make it.
    pub fn as_state(&mut self) -> crate::asp::AsState {
        self.refresh();
        self.group.as_state()
    }

    fn refresh(&mut self) {
        for (i, link) in self.links.iter().enumerate() {
            self.group.set_state(i, link.state());
        }
    }

    /// Sends a DATA on the association its SLS maps to (all of them in broadcast); the index of
    /// the link that took it (the first, in broadcast).
    pub async fn send_data(&mut self, data: Data) -> Result<usize, SendError> {
        self.refresh();
        match self.group.route(data.protocol_data.sls) {
            Route::One(i) => self.links[i].send_data(data).await.map(|()| i),
            Route::All(all) => {
                let mut first = None;
                for i in all {
                    self.links[i].send_data(data.clone()).await?;
                    first.get_or_insert(i);
                }
                first.ok_or(SendError::NotActive {
                    state: AspState::Down,
                })
            }
            Route::Unavailable => Err(SendError::NotActive {
                state: AspState::Down,
            }),
        }
    }

    /// The next event of any member, with the member's index.
    pub async fn next_event(&mut self) -> Option<(usize, AspEvent)> {
        self.events.recv().await
    }
}
