//! The expectation language of `vns-ssp call --expect` and of scenario files.
//!
//! | expectation | holds when |
//! |---|---|
//! | `connect:NUMBER` / `connect` | the SCP sent Connect to NUMBER (to any number) |
//! | `release:CAUSE` / `release` | the SCP sent ReleaseCall with Q.850 cause CAUSE (any cause) |
//! | `continue` | the SCP sent Continue |
//! | `end` | the SCP ended the dialogue without any instruction |
//! | `announce:ID` / `announce` | the SCP had announcement (or tone) ID played (any) |
//! | `event:NAME` | the switch reported event NAME (`oAnswer`, `tDisconnect`, …) |
//! | `abandoned`, `gapped` | the caller hung up first; a CallGap held the call |
//! | `abort`, `timeout`, `reject`, `unexpected`, `wrong-destination` | the call failed so |
//!
//! A routing expectation (`connect`, `release`, `continue`, `end`) also requires that the call did
//! not fail. When an expectation does not hold, the [`Mismatch`] says which failure class the call
//! counts in: its own failure if it failed, [`Failure::WrongDestination`] for a Connect to another
//! number, [`Failure::UnexpectedOperation`] for any other instruction.

use std::fmt;

use crate::model::{CallRecord, Failure, Outcome, mask_number};

/// One expectation about a call.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Expectation {
    /// Connect, to this number if given.
    Connect(Option<String>),
    /// ReleaseCall, with this cause if given.
    Release(Option<u8>),
    /// Continue.
    Continue,
    /// TC-END without instruction.
    End,
    /// PlayAnnouncement, of this id if given.
    Announce(Option<i64>),
    /// This event was reported with EventReportBCSM.
    Event(String),
    /// The caller abandoned before the SCP answered.
    Abandoned,
    /// A CallGap held the call.
    Gapped,
    /// The call failed with this class.
    Failed(Failure),
}

/// An expectation that did not hold.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Mismatch {
    /// What was expected.
    pub expected: Expectation,
    /// What happened, in words (numbers masked).
    pub got: String,
    /// The failure class the call counts in.
    pub class: Failure,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "expected {}, got {} ({})",
            self.expected.text(false),
            self.got,
            self.class
        )
    }
}

impl Expectation {
    /// Parses one expectation (see the [module docs](self)).
    pub fn parse(text: &str) -> Result<Self, String> {
        let (kind, value) = match text.split_once(':') {
            Some((k, v)) => (k, Some(v)),
            None => (text, None),
        };
        let bad = || format!("bad value in expectation {text:?}");
        let e = match (kind, value) {
            ("connect", v) => Self::Connect(v.map(str::to_owned).filter(|s| !s.is_empty())),
            ("release", None) => Self::Release(None),
            ("release", Some(v)) => Self::Release(Some(v.parse().map_err(|_| bad())?)),
            ("continue", None) => Self::Continue,
            ("end", None) => Self::End,
            ("announce", None) => Self::Announce(None),
            ("announce", Some(v)) => Self::Announce(Some(v.parse().map_err(|_| bad())?)),
            ("event", Some(v)) if !v.is_empty() => Self::Event(v.to_owned()),
            ("abandoned", None) => Self::Abandoned,
            ("gapped", None) => Self::Gapped,
            ("abort", None) => Self::Failed(Failure::Abort),
            ("timeout", None) => Self::Failed(Failure::Timeout),
            ("reject", None) => Self::Failed(Failure::Reject),
            ("unexpected", None) => Self::Failed(Failure::UnexpectedOperation),
            ("wrong-destination", None) => Self::Failed(Failure::WrongDestination),
            _ => {
                return Err(format!(
                    "unknown expectation {text:?} (connect[:N], release[:C], continue, end, \
                     announce[:ID], event:NAME, abandoned, gapped, abort, timeout, reject, \
                     unexpected, wrong-destination)"
                ));
            }
        };
        Ok(e)
    }

    /// The expectation as written, the number masked unless `reveal`.
    pub fn text(&self, reveal: bool) -> String {
        match self {
            Self::Connect(Some(n)) if reveal => format!("connect:{n}"),
            Self::Connect(Some(n)) => format!("connect:{}", mask_number(n)),
            Self::Connect(None) => "connect".into(),
            Self::Release(Some(c)) => format!("release:{c}"),
            Self::Release(None) => "release".into(),
            Self::Continue => "continue".into(),
            Self::End => "end".into(),
            Self::Announce(Some(i)) => format!("announce:{i}"),
            Self::Announce(None) => "announce".into(),
            Self::Event(e) => format!("event:{e}"),
            Self::Abandoned => "abandoned".into(),
            Self::Gapped => "gapped".into(),
            Self::Failed(Failure::UnexpectedOperation) => "unexpected".into(),
            Self::Failed(Failure::WrongDestination) => "wrong-destination".into(),
            Self::Failed(f) => f.name().into(),
        }
    }

    /// Whether the call's record satisfies the expectation.
    pub fn check(&self, record: &CallRecord) -> Result<(), Mismatch> {
        let holds = match self {
            Self::Failed(f) => record.failure == Some(*f),
            _ if record.failure.is_some() => false,
            Self::Connect(want) => match &record.outcome {
                Some(Outcome::Connect { destination }) => {
                    want.as_ref().is_none_or(|w| same_number(w, destination))
                }
                _ => false,
            },
            Self::Release(want) => matches!(
                record.outcome,
                Some(Outcome::Release { cause }) if want.is_none_or(|w| w == cause)
            ),
            Self::Continue => record.outcome == Some(Outcome::Continue),
            Self::End => record.outcome == Some(Outcome::End),
            Self::Announce(want) => match want {
                Some(id) => record.announcements.contains(id),
                None => !record.announcements.is_empty(),
            },
            Self::Event(name) => record.events_reported.iter().any(|e| e == name),
            Self::Abandoned => record.outcome == Some(Outcome::Abandoned),
            Self::Gapped => record.outcome == Some(Outcome::Gapped),
        };
        if holds {
            return Ok(());
        }
        let got = match (&record.failure, &record.outcome) {
            (Some(f), _) => match &record.detail {
                Some(d) => format!("{f} ({d})"),
                None => f.to_string(),
            },
            (None, Some(o)) => o.text(false),
            (None, None) => "nothing".into(),
        };
        let class = match (record.failure, self, &record.outcome) {
            (Some(f), _, _) => f,
            (None, Self::Connect(Some(_)), Some(Outcome::Connect { .. })) => {
                Failure::WrongDestination
            }
            _ => Failure::UnexpectedOperation,
        };
        Err(Mismatch {
            expected: self.clone(),
            got,
            class,
        })
    }
}

/// Numbers compare by digits, ignoring a leading `+` on either side only when both have it.
fn same_number(a: &str, b: &str) -> bool {
    a == b
}

impl fmt::Display for Expectation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(false))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn connected(to: &str) -> CallRecord {
        CallRecord {
            outcome: Some(Outcome::Connect {
                destination: to.into(),
            }),
            ..CallRecord::default()
        }
    }

    #[test]
    fn parses_every_form() {
        assert_eq!(
            Expectation::parse("connect:01098765432"),
            Ok(Expectation::Connect(Some("01098765432".into())))
        );
        assert_eq!(
            Expectation::parse("release:1"),
            Ok(Expectation::Release(Some(1)))
        );
        assert_eq!(
            Expectation::parse("release"),
            Ok(Expectation::Release(None))
        );
        assert_eq!(Expectation::parse("continue"), Ok(Expectation::Continue));
        assert_eq!(
            Expectation::parse("announce:7"),
            Ok(Expectation::Announce(Some(7)))
        );
        assert_eq!(
            Expectation::parse("timeout"),
            Ok(Expectation::Failed(Failure::Timeout))
        );
        assert_eq!(
            Expectation::parse("wrong-destination"),
            Ok(Expectation::Failed(Failure::WrongDestination))
        );
        assert!(Expectation::parse("release:x").is_err());
        assert!(Expectation::parse("connnect").is_err());
        assert!(Expectation::parse("continue:3").is_err());
    }

    #[test]
    fn connect_checks_the_number_and_classifies_a_wrong_one() {
        let e = Expectation::parse("connect:01098765432").unwrap();
        assert_eq!(e.check(&connected("01098765432")), Ok(()));
        let m = e.check(&connected("01011112222")).unwrap_err();
        assert_eq!(m.class, Failure::WrongDestination);
        assert_eq!(m.got, "connect:010-****-2222");
        let released = CallRecord {
            outcome: Some(Outcome::Release { cause: 1 }),
            ..CallRecord::default()
        };
        assert_eq!(
            e.check(&released).unwrap_err().class,
            Failure::UnexpectedOperation
        );
        assert_eq!(
            Expectation::parse("release:1").unwrap().check(&released),
            Ok(())
        );
        assert!(
            Expectation::parse("release:31")
                .unwrap()
                .check(&released)
                .is_err()
        );
    }

    #[test]
    fn a_failed_call_holds_only_its_failure() {
        let failed = CallRecord {
            failure: Some(Failure::Timeout),
            ..CallRecord::default()
        };
        assert_eq!(
            Expectation::parse("timeout").unwrap().check(&failed),
            Ok(())
        );
        let m = Expectation::parse("connect")
            .unwrap()
            .check(&failed)
            .unwrap_err();
        assert_eq!(m.class, Failure::Timeout);
        assert!(Expectation::parse("abort").unwrap().check(&failed).is_err());
    }
}
