//! The M3UA association layer (RFC 4666 §4): the sans-I/O ASP state machine.
//!
//! - [`Association`]: one M3UA association — the ASP state machine of §4.3.1 in the role of an
//!   ASP, an SGP or an IPSP (single or double exchange), with T(ack) retransmission, BEAT, NTFY,
//!   ERR, SSNM and RKM. Input through `handle_*` and user commands, output through `poll_*`;
//!   time is an argument, there is no I/O, no clock and no randomness.
//! - [`Config`], [`Role`], [`Timers`], [`ServerOptions`], [`Quirks`]: what it is told.
//! - [`Event`], [`Transmit`], [`AspState`], [`AsState`]: what it tells.
//! - [`DestinationTable`]: destination availability from DUNA, DAVA, DRST, SCON and DUPU.
//! - [`AsGroup`]: several associations of one AS; picks the association for a DATA by traffic
//!   mode and SLS.
//! - [`Backoff`]: reconnect delays for the driver.
//! - [`Stats`]: plain counters.
//!
//! A driver owns the transport and a timer, and loops:
//!
//! ```text
//! transport event  → handle_transport_up / handle_transport_down / handle_bytes(stream, bytes)
//! timer fires      → handle_timeout(now)
//! user             → activate / deactivate / shutdown / send_data / send_ssnm / …
//! then             → poll_transmit until None (write each on its stream, PPID 3)
//!                    poll_event until None (deliver Data, act on TransportRestartRequested)
//!                    re-arm the timer at poll_timeout()
//! ```

mod association;
mod backoff;
mod config;
mod destination;
mod error;
mod event;
mod group;
mod stats;

pub use association::Association;
pub use backoff::{Backoff, BackoffConfig};
pub use config::{Config, IpspExchange, Quirks, RegistrationPolicy, Role, ServerOptions, Timers};
pub use destination::{DestinationStatus, DestinationTable, DestinationUpdate};
pub use error::{CommandError, ConfigError, SendError};
pub use event::{AsState, AspState, Event, RestartReason, Transmit};
pub use group::{AsGroup, Route};
pub use stats::{ClassCounters, ErrorCounters, Stats};
