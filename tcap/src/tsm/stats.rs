//! Counters of one shard, for the SCP to export (plain numbers, no metrics library).

use crate::component::{
    GeneralProblem, InvokeProblem, Problem, ReturnErrorProblem, ReturnResultProblem,
};
use crate::transaction::PAbortCause;

/// What one [`Shard`](super::Shard) has done since it was made. Every field only grows, except
/// [`dialogues`](Self::dialogues).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Stats {
    /// Dialogues in the table now (a gauge).
    pub dialogues: usize,
    /// The most dialogues the table has held at once.
    pub dialogues_peak: usize,
    /// Messages whose transaction or dialogue portion could not be decoded (also counted by type
    /// below when the type was readable; a faulty component does not count here).
    pub malformed: u64,
    /// Begin messages received (accepted or not).
    pub begins_received: u64,
    /// Begin messages sent.
    pub begins_sent: u64,
    /// Continue messages received.
    pub continues_received: u64,
    /// Continue messages sent.
    pub continues_sent: u64,
    /// End messages received.
    pub ends_received: u64,
    /// End messages sent.
    pub ends_sent: u64,
    /// Unidirectional messages received.
    pub unidirectionals_received: u64,
    /// Abort messages received for a live dialogue.
    pub aborts_received: u64,
    /// Aborts sent with a P-Abort cause, by cause (transaction sub-layer: malformed messages,
    /// unknown transaction ids, a full table, idle dialogues).
    pub p_aborts_sent: PAbortCounts,
    /// Aborts received with a P-Abort cause, by cause.
    pub p_aborts_received: PAbortCounts,
    /// Aborts sent for a TC-U-ABORT request (ABRT from the user, a refusing AARE, or no reason).
    pub u_aborts_sent: u64,
    /// Aborts received from the peer's TC-user (ABRT from the user, a refusing AARE, no reason).
    pub u_aborts_received: u64,
    /// Begins refused because their application context is not in the configured set (an Abort
    /// with an AARE, application-context-name-not-supported, was sent).
    pub application_context_refusals: u64,
    /// Dialogue portions found incorrect (abnormal dialogue, Q.774 Figure A.5), received or
    /// detected here; an ABRT from the dialogue-service-provider went back when it could.
    pub abnormal_dialogues: u64,
    /// Begins whose AARQ lacked protocol version 1 (an AARE no-common-dialogue-portion went back).
    pub no_common_dialogue_portion: u64,
    /// Begins refused because the table was full (also counted in
    /// [`p_aborts_sent`](Self::p_aborts_sent) as resourceLimitation).
    pub capacity_refusals: u64,
    /// Messages for a transaction id this shard does not have (also counted in
    /// [`p_aborts_sent`](Self::p_aborts_sent) when a Continue was answered).
    pub unknown_transaction_ids: u64,
    /// Received messages dropped without an answer (an End or an Abort for an unknown
    /// transaction, a message whose transaction ids could not be read).
    pub discarded: u64,
    /// Components rejected here (TC-L-REJECT), by problem, whether the Reject could be sent back
    /// (Begin, Continue) or not (End, Unidirectional, a faulty Reject).
    pub rejects: RejectCounts,
    /// Dialogues ended by the idle timer.
    pub idle_timeouts: u64,
    /// Invocations ended by their timer (TC-L-CANCEL).
    pub invoke_timeouts: u64,
}

/// A counter per P-Abort cause (Q.773 `P-AbortCause`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PAbortCounts {
    /// unrecognizedMessageType.
    pub unrecognized_message_type: u64,
    /// unrecognizedTransactionID.
    pub unrecognized_transaction_id: u64,
    /// badlyFormattedTransactionPortion.
    pub badly_formatted_transaction_portion: u64,
    /// incorrectTransactionPortion.
    pub incorrect_transaction_portion: u64,
    /// resourceLimitation.
    pub resource_limitation: u64,
    /// A cause Q.773 does not define.
    pub other: u64,
}

impl PAbortCounts {
    /// Counts one `cause`.
    pub fn add(&mut self, cause: PAbortCause) {
        let n = match cause {
            PAbortCause::UNRECOGNIZED_MESSAGE_TYPE => &mut self.unrecognized_message_type,
            PAbortCause::UNRECOGNIZED_TRANSACTION_ID => &mut self.unrecognized_transaction_id,
            PAbortCause::BADLY_FORMATTED_TRANSACTION_PORTION => {
                &mut self.badly_formatted_transaction_portion
            }
            PAbortCause::INCORRECT_TRANSACTION_PORTION => &mut self.incorrect_transaction_portion,
            PAbortCause::RESOURCE_LIMITATION => &mut self.resource_limitation,
            _ => &mut self.other,
        };
        *n += 1;
    }

    /// The counter of `cause` (`other` for a cause Q.773 does not define).
    pub fn of(&self, cause: PAbortCause) -> u64 {
        self.iter()
            .find(|(c, _)| *c == cause)
            .map_or(self.other, |(_, n)| n)
    }

    /// The defined causes with their counts, in the standard's order (a metric label per cause);
    /// `other` is not included.
    pub fn iter(&self) -> impl Iterator<Item = (PAbortCause, u64)> + '_ {
        [
            (
                PAbortCause::UNRECOGNIZED_MESSAGE_TYPE,
                self.unrecognized_message_type,
            ),
            (
                PAbortCause::UNRECOGNIZED_TRANSACTION_ID,
                self.unrecognized_transaction_id,
            ),
            (
                PAbortCause::BADLY_FORMATTED_TRANSACTION_PORTION,
                self.badly_formatted_transaction_portion,
            ),
            (
                PAbortCause::INCORRECT_TRANSACTION_PORTION,
                self.incorrect_transaction_portion,
            ),
            (PAbortCause::RESOURCE_LIMITATION, self.resource_limitation),
        ]
        .into_iter()
    }

    /// All causes together.
    pub fn total(&self) -> u64 {
        self.iter().map(|(_, n)| n).sum::<u64>() + self.other
    }
}

/// A counter per Reject problem (Q.773 `problem`), indexed by the problem's value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct RejectCounts {
    /// `generalProblem` 0..=2.
    pub general: [u64; 3],
    /// `invokeProblem` 0..=7.
    pub invoke: [u64; 8],
    /// `returnResultProblem` 0..=2.
    pub return_result: [u64; 3],
    /// `returnErrorProblem` 0..=4.
    pub return_error: [u64; 5],
    /// A problem value Q.773 does not define.
    pub other: u64,
}

impl RejectCounts {
    /// Counts one `problem`.
    pub fn add(&mut self, problem: Problem) {
        let slot = match problem {
            Problem::General(p) => index(&mut self.general, p.0),
            Problem::Invoke(p) => index(&mut self.invoke, p.0),
            Problem::ReturnResult(p) => index(&mut self.return_result, p.0),
            Problem::ReturnError(p) => index(&mut self.return_error, p.0),
        };
        *slot.unwrap_or(&mut self.other) += 1;
    }

    /// The counter of `problem` (`other` for an undefined one).
    pub fn of(&self, problem: Problem) -> u64 {
        self.iter()
            .find(|(p, _)| *p == problem)
            .map_or(self.other, |(_, n)| n)
    }

    /// The defined problems with their counts, in the standard's order; `other` is not included.
    pub fn iter(&self) -> impl Iterator<Item = (Problem, u64)> + '_ {
        let general = (0..)
            .zip(self.general)
            .map(|(i, n)| (Problem::General(GeneralProblem(i)), n));
        let invoke = (0..)
            .zip(self.invoke)
            .map(|(i, n)| (Problem::Invoke(InvokeProblem(i)), n));
        let rr = (0..)
            .zip(self.return_result)
            .map(|(i, n)| (Problem::ReturnResult(ReturnResultProblem(i)), n));
        let re = (0..)
            .zip(self.return_error)
            .map(|(i, n)| (Problem::ReturnError(ReturnErrorProblem(i)), n));
        general.chain(invoke).chain(rr).chain(re)
    }

    /// All problems together.
    pub fn total(&self) -> u64 {
        self.iter().map(|(_, n)| n).sum::<u64>() + self.other
    }
}

fn index<const N: usize>(counts: &mut [u64; N], value: i64) -> Option<&mut u64> {
    usize::try_from(value).ok().and_then(|i| counts.get_mut(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p_abort_counts_by_cause() {
        let mut c = PAbortCounts::default();
        c.add(PAbortCause::RESOURCE_LIMITATION);
        c.add(PAbortCause::RESOURCE_LIMITATION);
        c.add(PAbortCause::UNRECOGNIZED_TRANSACTION_ID);
        c.add(PAbortCause(77));
        assert_eq!(c.resource_limitation, 2);
        assert_eq!(c.of(PAbortCause::UNRECOGNIZED_TRANSACTION_ID), 1);
        assert_eq!(c.of(PAbortCause(77)), 1);
        assert_eq!(c.total(), 4);
        assert_eq!(c.iter().count(), 5);
    }

    #[test]
    fn reject_counts_by_problem() {
        let mut c = RejectCounts::default();
        let p = Problem::ReturnResult(ReturnResultProblem::UNRECOGNIZED_INVOKE_ID);
        c.add(p);
        c.add(Problem::Invoke(InvokeProblem::UNRECOGNIZED_LINKED_ID));
        c.add(Problem::General(GeneralProblem(-1)));
        c.add(Problem::ReturnError(ReturnErrorProblem(5)));
        assert_eq!(c.of(p), 1);
        assert_eq!(c.return_result, [1, 0, 0]);
        assert_eq!(c.invoke[5], 1);
        assert_eq!(c.other, 2);
        assert_eq!(c.total(), 4);
        assert_eq!(c.iter().count(), 19);
    }
}
