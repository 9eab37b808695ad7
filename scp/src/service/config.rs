//! The `[service]` table of the SCP's configuration: how triggers are told apart, which events
//! are armed, the SRF and its announcements, the release causes, and the overload controls.
//!
//! Every table has defaults, so an empty `[service]` table is a working configuration; unknown
//! keys are refused (`deny_unknown_fields`). [`ServiceConfig::validate`] checks the ranges the
//! standard imposes; the SCP calls it once at start-up.
//!
//! ```toml
//! [service]
//! terminating_service_keys = [100]
//! originating_service_keys = [200]
//! no_answer_secs = 20
//! arm_answer_disconnect = true
//!
//! [service.announcement]
//! srf_address = "0801234"      # absent: ConnectToResource with resourceAddress none
//! unknown = 9001               # played before releasing a call to an unallocated number
//!
//! [service.overload]
//! max_in_flight = 20000
//! gap_on = "service"
//! ```

use inap::isup::{CalledPartyNumber, CauseValue, Location};
use inap::operations::datatypes::EventTypeBcsm;
use serde::{Deserialize, Serialize};
use store::{AnnouncementId, Reason};

use super::error::ConfigError;

/// Which trigger an InitialDP comes from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// A call *to* a virtual number: route it to the binding's destination.
    #[default]
    Terminating,
    /// A call *from* a protected party: present the virtual number instead of the caller's.
    Originating,
}

/// The service logic's settings (the `[service]` table).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServiceConfig {
    /// Service keys of the terminating trigger (calls to a virtual number).
    pub terminating_service_keys: Vec<u32>,
    /// Service keys of the originating trigger (calls from protected parties).
    pub originating_service_keys: Vec<u32>,
    /// EventTypeBCSM values (`eventTypeBCSM` of the InitialDP) that mean an originating trigger
    /// when the service key is in neither list.
    pub originating_events: Vec<u8>,
    /// The trigger of an InitialDP that neither its service key nor its event classifies.
    pub default_trigger: Trigger,
    /// The no-answer timer armed with oNoAnswer/tNoAnswer when a binding forwards on no answer
    /// (`applicationTimer`, seconds, 0..=2047: Q.1218 §2.1.3 `ApplicationTimer`).
    pub no_answer_secs: u16,
    /// Arm oAnswer and oDisconnect (notify and continue) so that call records carry answer time,
    /// duration and release cause. Without it a call to a binding without forwarding is answered
    /// with a Connect in TC-END and its record holds the attempt and the decision only.
    pub arm_answer_disconnect: bool,
    /// Also arm oAbandon (notify and continue) for the calling party hanging up before answer.
    /// Off by default: not every CS-1 switch supports that EDP, and an SSF that does not
    /// refuses the whole RequestReportBCSMEvent.
    pub arm_abandon: bool,
    /// National numbers the SCP sends (destinationRoutingAddress, callingPartyNumber = V) keep the
    /// leading `0` trunk prefix with NAI "national", as the project's reference vectors do. `false`
    /// sends the national significant number (without the `0`), as Q.763 §3.9 b reads.
    pub national_trunk_prefix: bool,
    /// Write call records for calls to numbers that are not in any pool (under the operator).
    pub record_unallocated: bool,
    /// The SRF and the announcements.
    pub announcement: AnnouncementConfig,
    /// Release causes the service logic chooses itself.
    pub causes: CauseConfig,
    /// Overload control.
    pub overload: OverloadConfig,
}

impl Default for ServiceConfig {
    fn default() -> Self {
        Self {
            terminating_service_keys: Vec::new(),
            originating_service_keys: Vec::new(),
            originating_events: Vec::new(),
            default_trigger: Trigger::Terminating,
            no_answer_secs: 20,
            arm_answer_disconnect: true,
            arm_abandon: false,
            national_trunk_prefix: true,
            record_unallocated: true,
            announcement: AnnouncementConfig::default(),
            causes: CauseConfig::default(),
            overload: OverloadConfig::default(),
        }
    }
}

impl ServiceConfig {
    /// Checks the ranges the standard imposes and the consistency of the trigger lists.
    pub fn validate(&self) -> Result<(), ConfigError> {
        for &k in self
            .terminating_service_keys
            .iter()
            .chain(&self.originating_service_keys)
        {
            if i64::from(k) > i64::from(i32::MAX) {
                return Err(ConfigError::ServiceKeyRange(k));
            }
        }
        if let Some(&k) = self
            .terminating_service_keys
            .iter()
            .find(|k| self.originating_service_keys.contains(k))
        {
            return Err(ConfigError::AmbiguousServiceKey(k));
        }
        range(
            "no_answer_secs",
            self.no_answer_secs.into(),
            0,
            2047,
            "0..=2047",
        )?;
        self.announcement.validate()?;
        self.causes.validate()?;
        self.overload.validate()
    }

    /// The trigger of an InitialDP: by service key, then by event type, then the default.
    pub fn classify(&self, service_key: i64, event: Option<EventTypeBcsm>) -> Trigger {
        let listed = |keys: &[u32]| keys.iter().any(|&k| i64::from(k) == service_key);
        if listed(&self.terminating_service_keys) {
            Trigger::Terminating
        } else if listed(&self.originating_service_keys)
            || event.is_some_and(|e| self.originating_events.contains(&e.0))
        {
            Trigger::Originating
        } else {
            self.default_trigger
        }
    }
}

fn range(
    field: &'static str,
    value: i64,
    lo: i64,
    hi: i64,
    text: &'static str,
) -> Result<(), ConfigError> {
    if (lo..=hi).contains(&value) {
        Ok(())
    } else {
        Err(ConfigError::Range {
            field,
            value,
            range: text,
        })
    }
}

/// The SRF (intelligent peripheral) and the announcements played when the store releases a call
/// without an announcement of its own.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AnnouncementConfig {
    /// The SRF's routing address for ConnectToResource (`ipRoutingAddress`, a called party number
    /// in text form, e.g. `"0801234"`); absent: `resourceAddress none`, the SSF's own SRF.
    pub srf_address: Option<String>,
    /// `numberOfRepetitions` of the announcement (1..=127); absent: the SRF's default.
    pub repetitions: Option<u8>,
    /// How long to wait for the SpecializedResourceReport before going on without it (seconds).
    /// Absent: 120.
    pub timeout_secs: Option<u32>,
    /// Played before releasing a call to an unallocated number (cause 1).
    pub unknown: Option<u32>,
    /// Played before releasing a call to an expired or quarantined number when its tenant has no
    /// expired-number announcement (cause 22).
    pub expired: Option<u32>,
    /// Played before releasing a call to a suspended number (cause 21).
    pub suspended: Option<u32>,
    /// Played before releasing a call to a binding that is not valid yet (cause 21).
    pub not_yet_valid: Option<u32>,
    /// Played to a third party calling a two-way number before the release (cause 21).
    pub not_a_party: Option<u32>,
    /// Played when a schedule rejects the call (cause 21).
    pub outside_schedule: Option<u32>,
}

impl AnnouncementConfig {
    /// The default SRR wait.
    pub const DEFAULT_TIMEOUT_SECS: u32 = 120;

    fn validate(&self) -> Result<(), ConfigError> {
        if let Some(a) = &self.srf_address {
            CalledPartyNumber::parse(a).map_err(ConfigError::SrfAddress)?;
        }
        if let Some(r) = self.repetitions {
            range("announcement.repetitions", r.into(), 1, 127, "1..=127")?;
        }
        for (field, id) in [
            ("announcement.unknown", self.unknown),
            ("announcement.expired", self.expired),
            ("announcement.suspended", self.suspended),
            ("announcement.not_yet_valid", self.not_yet_valid),
            ("announcement.not_a_party", self.not_a_party),
            ("announcement.outside_schedule", self.outside_schedule),
        ] {
            if let Some(id) = id {
                // elementaryMessageID is an Integer4 (Q.1218 §2.1.3 MessageID).
                range(field, id.into(), 0, i32::MAX.into(), "0..=2147483647")?;
            }
        }
        Ok(())
    }

    /// The SRR wait in seconds.
    pub fn timeout_secs(&self) -> u32 {
        self.timeout_secs.unwrap_or(Self::DEFAULT_TIMEOUT_SECS)
    }

    /// The announcement configured for a release with this reason.
    pub fn for_reason(&self, reason: Reason) -> Option<AnnouncementId> {
        let id = match reason {
            Reason::Unknown => self.unknown,
            Reason::Expired | Reason::Quarantined => self.expired,
            Reason::Suspended => self.suspended,
            Reason::NotYetValid => self.not_yet_valid,
            Reason::NotAParty => self.not_a_party,
            Reason::OutsideSchedule => self.outside_schedule,
            _ => None,
        };
        id.map(AnnouncementId)
    }
}

/// Release causes (Q.850 values) the service logic chooses itself; the store chooses the others.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CauseConfig {
    /// The location of every cause the SCP sends (Q.850 §2.2.4; default 2, public network
    /// serving the local user).
    pub location: u8,
    /// The store could not be read: 41 temporary failure.
    pub store_error: u8,
    /// Overload (admission refused): 42 switching equipment congestion.
    pub overload: u8,
    /// The InitialDP has no usable called party number: 28 invalid number format.
    pub bad_request: u8,
    /// The binding's maximum call duration was reached: 16 normal call clearing.
    pub max_duration: u8,
}

impl Default for CauseConfig {
    fn default() -> Self {
        Self {
            location: Location::PUBLIC_LOCAL.0,
            store_error: CauseValue::TEMPORARY_FAILURE.0,
            overload: CauseValue::SWITCHING_EQUIPMENT_CONGESTION.0,
            bad_request: CauseValue::INVALID_NUMBER_FORMAT.0,
            max_duration: CauseValue::NORMAL_CLEARING.0,
        }
    }
}

impl CauseConfig {
    fn validate(&self) -> Result<(), ConfigError> {
        range("causes.location", self.location.into(), 0, 15, "0..=15")?;
        for (field, v) in [
            ("causes.store_error", self.store_error),
            ("causes.overload", self.overload),
            ("causes.bad_request", self.bad_request),
            ("causes.max_duration", self.max_duration),
        ] {
            // Q.850 §2.2.5: a 7-bit cause value; 0 is not a cause.
            range(field, v.into(), 1, 127, "1..=127")?;
        }
        Ok(())
    }
}

/// What CallGap gaps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GapOn {
    /// The InitialDP's service key (`gapOnService`): all calls of the service.
    #[default]
    Service,
    /// The InitialDP's called number (`calledAddressValue`): calls to the one number (a mass
    /// calling event on one virtual number).
    CalledNumber,
}

/// Overload control: admission of new dialogues and the CallGap sent with each refusal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OverloadConfig {
    /// Most dialogues in flight (InitialDPs received and not yet answered, plus calls being
    /// monitored) before new InitialDPs are refused.
    pub max_in_flight: u32,
    /// Longest an InitialDP may have waited in the SCP's queue before it is refused instead of
    /// served (milliseconds): the switch gives up after its Tssf anyway.
    pub max_queue_delay_ms: u32,
    /// What the CallGap gaps.
    pub gap_on: GapOn,
    /// `gapIndicators.duration` (seconds; -1 infinite, -2 network specific; Q.1218 §2.1.3
    /// `Duration ::= INTEGER (-2..86400)`).
    pub gap_duration_secs: i32,
    /// `gapIndicators.gapInterval` (milliseconds between admitted calls; -1 blocks all; Q.1218
    /// §2.1.3 `Interval ::= INTEGER (-1..60000)`).
    pub gap_interval_ms: i32,
}

impl Default for OverloadConfig {
    fn default() -> Self {
        Self {
            max_in_flight: 20_000,
            max_queue_delay_ms: 500,
            gap_on: GapOn::Service,
            gap_duration_secs: 10,
            gap_interval_ms: 100,
        }
    }
}

impl OverloadConfig {
    fn validate(&self) -> Result<(), ConfigError> {
        range(
            "overload.gap_duration_secs",
            self.gap_duration_secs.into(),
            -2,
            86_400,
            "-2..=86400",
        )?;
        range(
            "overload.gap_interval_ms",
            self.gap_interval_ms.into(),
            -1,
            60_000,
            "-1..=60000",
        )?;
        range(
            "overload.max_in_flight",
            self.max_in_flight.into(),
            1,
            u32::MAX.into(),
            "1..",
        )
    }

    /// Admission control: whether a new InitialDP is served, given the dialogues in flight and
    /// how long it waited in the queue. A refused one is answered with
    /// [`Service::overload_reply`](super::Service::overload_reply).
    pub fn admits(&self, in_flight: usize, queue_delay_ms: u64) -> bool {
        in_flight < self.max_in_flight as usize
            && queue_delay_ms <= u64::from(self.max_queue_delay_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid() {
        ServiceConfig::default().validate().unwrap();
    }

    #[test]
    fn classify_by_key_then_event_then_default() {
        let c = ServiceConfig {
            terminating_service_keys: vec![100],
            originating_service_keys: vec![200],
            originating_events: vec![2],
            ..ServiceConfig::default()
        };
        assert_eq!(
            c.classify(100, Some(EventTypeBcsm(2))),
            Trigger::Terminating
        );
        assert_eq!(c.classify(200, None), Trigger::Originating);
        assert_eq!(
            c.classify(300, Some(EventTypeBcsm(2))),
            Trigger::Originating
        );
        assert_eq!(
            c.classify(300, Some(EventTypeBcsm(12))),
            Trigger::Terminating
        );
        assert_eq!(c.classify(300, None), Trigger::Terminating);
    }

    #[test]
    fn validation_refuses_out_of_range() {
        let bad = |f: fn(&mut ServiceConfig)| {
            let mut c = ServiceConfig::default();
            f(&mut c);
            c.validate().unwrap_err()
        };
        assert_eq!(
            bad(|c| {
                c.terminating_service_keys = vec![5];
                c.originating_service_keys = vec![5];
            }),
            ConfigError::AmbiguousServiceKey(5)
        );
        assert_eq!(
            bad(|c| c.terminating_service_keys = vec![u32::MAX]),
            ConfigError::ServiceKeyRange(u32::MAX)
        );
        assert!(matches!(
            bad(|c| c.no_answer_secs = 2048),
            ConfigError::Range {
                field: "no_answer_secs",
                ..
            }
        ));
        assert!(matches!(
            bad(|c| c.causes.overload = 0),
            ConfigError::Range { .. }
        ));
        assert!(matches!(
            bad(|c| c.causes.location = 16),
            ConfigError::Range { .. }
        ));
        assert!(matches!(
            bad(|c| c.overload.gap_interval_ms = -2),
            ConfigError::Range { .. }
        ));
        assert!(matches!(
            bad(|c| c.overload.gap_duration_secs = 86_401),
            ConfigError::Range { .. }
        ));
        assert!(matches!(
            bad(|c| c.announcement.repetitions = Some(0)),
            ConfigError::Range { .. }
        ));
        assert!(matches!(
            bad(|c| c.announcement.unknown = Some(u32::MAX)),
            ConfigError::Range { .. }
        ));
        assert!(matches!(
            bad(|c| c.announcement.srf_address = Some("08x".into())),
            ConfigError::SrfAddress(_)
        ));
    }

    #[test]
    fn admission() {
        let o = OverloadConfig {
            max_in_flight: 2,
            max_queue_delay_ms: 100,
            ..OverloadConfig::default()
        };
        assert!(o.admits(1, 100));
        assert!(!o.admits(2, 0));
        assert!(!o.admits(0, 101));
    }

    #[test]
    fn announcement_per_reason() {
        let a = AnnouncementConfig {
            unknown: Some(1),
            expired: Some(2),
            not_a_party: Some(3),
            ..AnnouncementConfig::default()
        };
        assert_eq!(a.for_reason(Reason::Unknown), Some(AnnouncementId(1)));
        assert_eq!(a.for_reason(Reason::Quarantined), Some(AnnouncementId(2)));
        assert_eq!(a.for_reason(Reason::Expired), Some(AnnouncementId(2)));
        assert_eq!(a.for_reason(Reason::NotAParty), Some(AnnouncementId(3)));
        assert_eq!(a.for_reason(Reason::Suspended), None);
        assert_eq!(a.timeout_secs(), 120);
    }
}
