//! Plain counters per association (quinn `connection/stats.rs` style): no metrics library.

use crate::{ErrorCode, MessageClass};

use super::AspState;

/// Messages counted by class (RFC 4666 §3.1.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ClassCounters {
    /// MGMT (ERR, NTFY).
    pub mgmt: u64,
    /// Transfer (DATA).
    pub transfer: u64,
    /// SSNM.
    pub ssnm: u64,
    /// ASPSM.
    pub aspsm: u64,
    /// ASPTM.
    pub asptm: u64,
    /// RKM.
    pub rkm: u64,
}

impl ClassCounters {
    /// Adds one message of `class`.
    pub fn count(&mut self, class: MessageClass) {
        let counter = match class {
            MessageClass::MGMT => &mut self.mgmt,
            MessageClass::TRANSFER => &mut self.transfer,
            MessageClass::SSNM => &mut self.ssnm,
            MessageClass::ASPSM => &mut self.aspsm,
            MessageClass::ASPTM => &mut self.asptm,
            MessageClass::RKM => &mut self.rkm,
            _ => return,
        };
        *counter += 1;
    }

    /// The count for `class` (0 for a class M3UA does not define).
    pub fn get(&self, class: MessageClass) -> u64 {
        match class {
            MessageClass::MGMT => self.mgmt,
            MessageClass::TRANSFER => self.transfer,
            MessageClass::SSNM => self.ssnm,
            MessageClass::ASPSM => self.aspsm,
            MessageClass::ASPTM => self.asptm,
            MessageClass::RKM => self.rkm,
            _ => 0,
        }
    }

    /// All classes together.
    pub fn total(&self) -> u64 {
        self.mgmt + self.transfer + self.ssnm + self.aspsm + self.asptm + self.rkm
    }
}

/// Number of distinct Error Codes counted one by one (0x00–0x1f); others share one counter.
const ERROR_SLOTS: usize = 32;

/// ERR messages counted by Error Code (RFC 4666 §3.8.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ErrorCounters {
    by_code: [u64; ERROR_SLOTS],
    other: u64,
}

impl ErrorCounters {
    /// Adds one ERR with `code`.
    pub fn count(&mut self, code: ErrorCode) {
        match self.by_code.get_mut(code.0 as usize) {
            Some(slot) => *slot += 1,
            None => self.other += 1,
        }
    }

    /// How many ERRs carried `code`.
    pub fn get(&self, code: ErrorCode) -> u64 {
        self.by_code
            .get(code.0 as usize)
            .copied()
            .unwrap_or(self.other)
    }

    /// All ERRs.
    pub fn total(&self) -> u64 {
        self.by_code.iter().sum::<u64>() + self.other
    }

    /// The codes counted at least once, with their counts (codes above 0x1f are not listed;
    /// they are in [`total`](Self::total)).
    pub fn iter(&self) -> impl Iterator<Item = (ErrorCode, u64)> + '_ {
        self.by_code
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(code, n)| (ErrorCode(code as u32), *n))
    }
}

/// Counters of one association. Read them with
/// [`Association::stats`](super::Association::stats).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Stats {
    /// The association's state now.
    pub state: AspState,
    /// Messages received (decoded), by class.
    pub received: ClassCounters,
    /// Messages sent (queued for transmission), by class.
    pub sent: ClassCounters,
    /// ERRs received, by code.
    pub errors_received: ErrorCounters,
    /// ERRs sent, by code.
    pub errors_sent: ErrorCounters,
    /// Received octet strings that did not decode.
    pub decode_errors: u64,
    /// Received messages not expected in the state (answered with ERR or silently discarded).
    pub unexpected_messages: u64,
    /// Messages received while the transport was down or broken, ignored.
    pub ignored_while_down: u64,
    /// DATA received in ASP-INACTIVE and discarded (RFC 4666 §3.8.1).
    pub data_discarded: u64,
    /// SSNM ignored (ASP-INACTIVE, DAUD in the ASP role, table full).
    pub ssnm_ignored: u64,
    /// Duplicate acknowledgements (after a retransmission) ignored.
    pub duplicate_acks: u64,
    /// Requests sent again after T(ack) (or T(rkm)).
    pub retransmissions: u64,
    /// BEATs sent.
    pub beats_sent: u64,
    /// BEAT ACKs received echoing one of our BEATs.
    pub beat_acks_received: u64,
    /// BEAT ACKs whose Heartbeat Data was not one of ours.
    pub beat_ack_mismatches: u64,
    /// BEAT timeouts (peer declared unavailable).
    pub beats_missed: u64,
    /// Transport up indications.
    pub transport_ups: u64,
    /// Transport down indications.
    pub transport_downs: u64,
}
