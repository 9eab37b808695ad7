//! Building the INAP operations the service logic sends, and reading the numbers of an InitialDP.
//!
//! Everything here is infallible for the values the service logic gives it, or returns `None`
//! where a value cannot be encoded (an announcement id beyond `Integer4`, a cause beyond 7 bits),
//! so the caller can fall back; nothing panics.

use inap::isup::{
    CalledPartyNumber, CallingPartyNumber, Cause, CauseValue, GenericNumber, IsupError, Location,
    NatureOfAddress, NumberQualifier, NumberingPlan, Presentation, Screening,
};
use inap::operations::datatypes::{
    ApplicationTimer, BcsmEvent, ControlType, DpSpecificCriteria, Duration, ElementaryMessageIds,
    EventTypeBcsm, GapCriteria, GapIndicators, GapOnService, GapTreatment, InbandInfo,
    InformationToSend, Integer1To127, Integer4, Interval, LegId, LegType, MessageId, MonitorMode,
    ResourceAddress, ServiceKey,
};
use inap::operations::{
    Argument, CallGapArg, ConnectToResourceArg, PlayAnnouncementArg, RequestReportBcsmEventArg,
};
use store::{AnnouncementId, ReleaseCause, VirtualNumber};

/// The digits of a number in the store's national form (`0…`), from an ISUP number's nature of
/// address and signals: an international number of country code 82 becomes `0…`; a national
/// (significant) number without the `0` trunk prefix gets it (Q.763 §3.9 b: "national
/// (significant) number" excludes the prefix, but some switches send it with the prefix, as the
/// project's reference vectors do: both are accepted). Other natures are taken as they are.
pub(crate) fn national_digits(nai: NatureOfAddress, digits: &str) -> String {
    match nai {
        NatureOfAddress::INTERNATIONAL => match digits.strip_prefix("82") {
            Some(rest) => format!("0{rest}"),
            None => digits.to_owned(),
        },
        NatureOfAddress::NATIONAL if !digits.starts_with('0') && !digits.is_empty() => {
            format!("0{digits}")
        }
        _ => digits.to_owned(),
    }
}

/// A national number as the SCP sends it: with or without the `0` trunk prefix.
fn outgoing_national(digits: &str, trunk_prefix: bool) -> &str {
    if trunk_prefix {
        digits
    } else {
        digits.strip_prefix('0').unwrap_or(digits)
    }
}

/// A destinationRoutingAddress entry for a store number (national form).
pub(crate) fn destination(
    digits: &str,
    trunk_prefix: bool,
) -> Result<CalledPartyNumber, IsupError> {
    CalledPartyNumber::national(outgoing_national(digits, trunk_prefix))
}

/// The calling party number that presents virtual number `v` (two-way and originating masking):
/// national, presentation allowed, network provided (the SCP, a network entity, sets it;
/// Q.763 §3.10 f).
pub(crate) fn presented(
    v: &VirtualNumber,
    trunk_prefix: bool,
) -> Result<CallingPartyNumber, IsupError> {
    CallingPartyNumber::new(
        NatureOfAddress::NATIONAL,
        NumberingPlan::ISDN,
        Presentation::ALLOWED,
        Screening::NETWORK_PROVIDED,
        outgoing_national(v.as_str(), trunk_prefix),
    )
}

/// ReleaseCall with Q.850 `cause` (ETS 300 374-1 / Q.1218 `ReleaseCallArg ::= Cause`); `None`
/// when the cause or location does not fit its field.
pub(crate) fn release_call(cause: ReleaseCause, location: u8) -> Option<Argument> {
    Cause::new(Location(location), CauseValue(cause.0))
        .ok()
        .map(Argument::ReleaseCall)
}

/// ReleaseCall with `cause` at `location`; location 0 (user) when `location` does not fit its
/// 4 bits; cause 31 (normal, unspecified: the default ETS 300 374-1 names for `ReleaseCallArg`)
/// when `cause` does not fit its 7 bits.
pub(crate) fn release_call_or_default(cause: ReleaseCause, location: u8) -> Argument {
    release_call(cause, location)
        .or_else(|| release_call(cause, 0))
        .or_else(|| release_call(ReleaseCause::NORMAL_UNSPECIFIED, location))
        .or_else(|| release_call(ReleaseCause::NORMAL_UNSPECIFIED, 0))
        // Cause 31 at location 0 always fits its 7-bit and 4-bit fields.
        .unwrap_or(Argument::Continue)
}

/// Which basic call state model the InitialDP came from, which decides the EDPs to arm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Bcsm {
    /// O-BCSM (collectedInfo, analyzedInformation …): oCalledPartyBusy, oNoAnswer, oAnswer,
    /// oDisconnect, oAbandon.
    Originating,
    /// T-BCSM (termAttemptAuthorized): tCalledPartyBusy, tNoAnswer, tAnswer, tDisconnect,
    /// tAbandon.
    Terminating,
}

impl Bcsm {
    /// From the InitialDP's `eventTypeBCSM`: the T-BCSM DPs are 12..=18 (Q.1218 §2.1.3
    /// `EventTypeBCSM`); everything else, or none, is an O-BCSM DP.
    pub(crate) fn of(event: Option<EventTypeBcsm>) -> Self {
        match event {
            Some(e) if (12..=18).contains(&e.0) => Self::Terminating,
            _ => Self::Originating,
        }
    }

    pub(crate) fn event(self, e: Edp) -> EventTypeBcsm {
        match (self, e) {
            (Self::Originating, Edp::Busy) => EventTypeBcsm::O_CALLED_PARTY_BUSY,
            (Self::Originating, Edp::NoAnswer) => EventTypeBcsm::O_NO_ANSWER,
            (Self::Originating, Edp::Answer) => EventTypeBcsm::O_ANSWER,
            (Self::Originating, Edp::Disconnect) => EventTypeBcsm::O_DISCONNECT,
            (Self::Originating, Edp::Abandon) => EventTypeBcsm::O_ABANDON,
            (Self::Terminating, Edp::Busy) => EventTypeBcsm::T_CALLED_PARTY_BUSY,
            (Self::Terminating, Edp::NoAnswer) => EventTypeBcsm::T_NO_ANSWER,
            (Self::Terminating, Edp::Answer) => EventTypeBcsm::T_ANSWER,
            (Self::Terminating, Edp::Disconnect) => EventTypeBcsm::T_DISCONNECT,
            (Self::Terminating, Edp::Abandon) => EventTypeBcsm::T_ABANDON,
        }
    }
}

/// The detection points the service logic arms, in either BCSM.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Edp {
    Busy,
    NoAnswer,
    Answer,
    Disconnect,
    Abandon,
}

impl Edp {
    /// The EDP an EventReportBCSM reports, whichever BCSM it is from.
    pub(crate) fn of(e: EventTypeBcsm) -> Option<Self> {
        Some(match e {
            EventTypeBcsm::O_CALLED_PARTY_BUSY | EventTypeBcsm::T_CALLED_PARTY_BUSY => Self::Busy,
            EventTypeBcsm::O_NO_ANSWER | EventTypeBcsm::T_NO_ANSWER => Self::NoAnswer,
            EventTypeBcsm::O_ANSWER | EventTypeBcsm::T_ANSWER => Self::Answer,
            EventTypeBcsm::O_DISCONNECT | EventTypeBcsm::T_DISCONNECT => Self::Disconnect,
            EventTypeBcsm::O_ABANDON | EventTypeBcsm::T_ABANDON => Self::Abandon,
            _ => return None,
        })
    }
}

/// One `BCSMEvent` on a leg (`sendingSideID`, as the SCF names legs: Q.1218 §2.1.3 `LegID`).
pub(crate) fn bcsm_event(
    bcsm: Bcsm,
    edp: Edp,
    mode: MonitorMode,
    leg: LegType,
    timer: Option<u16>,
) -> BcsmEvent {
    BcsmEvent {
        event_type_bcsm: bcsm.event(edp),
        monitor_mode: mode,
        leg_id: Some(LegId::SendingSideId(leg)),
        dp_specific_criteria: timer
            .and_then(|t| ApplicationTimer::new(t.into()))
            .map(DpSpecificCriteria::ApplicationTimer),
    }
}

/// RequestReportBCSMEvent arming `events`; `None` when there are none.
pub(crate) fn request_report(events: Vec<BcsmEvent>) -> Option<Argument> {
    if events.is_empty() {
        return None;
    }
    Some(Argument::RequestReportBcsmEvent(
        RequestReportBcsmEventArg {
            bcsm_events: events,
            bcsm_event_correlation_id: None,
            extensions: None,
        },
    ))
}

/// ConnectToResource to the configured SRF address, or `resourceAddress none` (the SSF's own
/// resource; ETS 300 374-1 ConnectToResourceArg).
pub(crate) fn connect_to_resource(srf: Option<&CalledPartyNumber>) -> Argument {
    Argument::ConnectToResource(ConnectToResourceArg {
        resource_address: match srf {
            Some(a) => ResourceAddress::IpRoutingAddress(a.clone()),
            None => ResourceAddress::None(()),
        },
        extensions: None,
        service_interaction_indicators: None,
    })
}

/// PlayAnnouncement of `ids` in order, asking for the SpecializedResourceReport
/// (`requestAnnouncementComplete TRUE`) and keeping the SRF connected when it is done
/// (`disconnectFromIPForbidden TRUE`), so the SCF decides what follows. `None` when no id fits an
/// `Integer4`.
pub(crate) fn play_announcement(
    ids: &[AnnouncementId],
    repetitions: Option<u8>,
) -> Option<Argument> {
    let ids: Vec<Integer4> = ids
        .iter()
        .filter_map(|a| Integer4::new(a.0.into()))
        .take(ElementaryMessageIds::MAX)
        .collect();
    let message_id = match ids.as_slice() {
        [] => return None,
        [one] => MessageId::ElementaryMessageId(*one),
        _ => MessageId::ElementaryMessageIds(ElementaryMessageIds(ids)),
    };
    Some(Argument::PlayAnnouncement(PlayAnnouncementArg {
        information_to_send: InformationToSend::InbandInfo(InbandInfo {
            message_id,
            number_of_repetitions: repetitions.and_then(|r| Integer1To127::new(r.into())),
            duration: None,
            interval: None,
        }),
        disconnect_from_ip_forbidden: Some(true),
        request_announcement_complete: Some(true),
        extensions: None,
    }))
}

/// CallGap for SCP overload: the gap criteria, `gapIndicators`, `controlType sCPOverloaded` and
/// `gapTreatment releaseCause` (the cause the SSF gives the calls it gaps).
pub(crate) fn call_gap(
    criteria: GapCriteria,
    duration_secs: i32,
    interval_ms: i32,
    cause: Option<Cause>,
) -> Argument {
    Argument::CallGap(CallGapArg {
        gap_criteria: criteria,
        gap_indicators: GapIndicators {
            // Validated ranges; out-of-range values fall back to "network specific" and
            // "block all" rather than failing.
            duration: Duration::new(duration_secs.into()).unwrap_or(Duration::MIN),
            gap_interval: Interval::new(interval_ms.into()).unwrap_or(Interval::MIN),
        },
        control_type: Some(ControlType::SCP_OVERLOADED),
        gap_treatment: cause.map(GapTreatment::ReleaseCause),
        extensions: None,
    })
}

/// `gapOnService` for a service key.
pub(crate) fn gap_on_service(key: ServiceKey) -> GapCriteria {
    GapCriteria::GapOnService(GapOnService {
        service_key: key,
        dp_criteria: None,
    })
}

/// `calledAddressValue` for the called party number of the InitialDP (a Q.763 generic number,
/// qualifier "dialled digits"); `None` when it holds non-decimal signals.
pub(crate) fn gap_on_called(called: &CalledPartyNumber) -> Option<GapCriteria> {
    GenericNumber::new(
        NumberQualifier::DIALLED_DIGITS,
        called.nature_of_address(),
        called.numbering_plan(),
        Presentation::ALLOWED,
        Screening::USER_PROVIDED_NOT_VERIFIED,
        called.digits(),
    )
    .ok()
    .map(GapCriteria::CalledAddressValue)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_forms() {
        assert_eq!(
            national_digits(NatureOfAddress::NATIONAL, "050412345678"),
            "050412345678"
        );
        assert_eq!(
            national_digits(NatureOfAddress::NATIONAL, "50412345678"),
            "050412345678"
        );
        assert_eq!(
            national_digits(NatureOfAddress::INTERNATIONAL, "8250412345678"),
            "050412345678"
        );
        assert_eq!(
            national_digits(NatureOfAddress::INTERNATIONAL, "12125550100"),
            "12125550100"
        );
        assert_eq!(national_digits(NatureOfAddress::UNKNOWN, "1588"), "1588");
        assert_eq!(national_digits(NatureOfAddress::NATIONAL, ""), "");
    }

    #[test]
    fn trunk_prefix_choice() {
        assert_eq!(
            destination("01012345678", true).unwrap().digits(),
            "01012345678"
        );
        assert_eq!(
            destination("01012345678", false).unwrap().digits(),
            "1012345678"
        );
        let v = VirtualNumber::parse("050412345678").unwrap();
        assert_eq!(presented(&v, false).unwrap().digits(), "50412345678");
        assert_eq!(
            presented(&v, true).unwrap().screening(),
            Screening::NETWORK_PROVIDED
        );
    }

    #[test]
    fn release_cause_fallback() {
        let Argument::ReleaseCall(c) = release_call_or_default(ReleaseCause(200), 2) else {
            panic!("not a ReleaseCall");
        };
        assert_eq!(c.value(), CauseValue::NORMAL_UNSPECIFIED);
        let Argument::ReleaseCall(c) = release_call_or_default(ReleaseCause(22), 99) else {
            panic!("not a ReleaseCall");
        };
        assert_eq!(c.value(), CauseValue::NUMBER_CHANGED);
        assert_eq!(c.location(), Location(0));
    }

    #[test]
    fn announcements() {
        assert!(play_announcement(&[], None).is_none());
        assert!(play_announcement(&[AnnouncementId(u32::MAX)], None).is_none());
        let Some(Argument::PlayAnnouncement(p)) =
            play_announcement(&[AnnouncementId(5), AnnouncementId(6)], Some(2))
        else {
            panic!("no PlayAnnouncement");
        };
        let InformationToSend::InbandInfo(i) = p.information_to_send else {
            panic!("not inband");
        };
        assert!(matches!(i.message_id, MessageId::ElementaryMessageIds(ref v) if v.0.len() == 2));
        assert_eq!(i.number_of_repetitions.map(|r| r.get()), Some(2));
    }

    #[test]
    fn bcsm_choice() {
        assert_eq!(Bcsm::of(None), Bcsm::Originating);
        assert_eq!(
            Bcsm::of(Some(EventTypeBcsm::COLLECTED_INFO)),
            Bcsm::Originating
        );
        assert_eq!(
            Bcsm::of(Some(EventTypeBcsm::TERM_ATTEMPT_AUTHORIZED)),
            Bcsm::Terminating
        );
        for b in [Bcsm::Originating, Bcsm::Terminating] {
            for e in [
                Edp::Busy,
                Edp::NoAnswer,
                Edp::Answer,
                Edp::Disconnect,
                Edp::Abandon,
            ] {
                assert_eq!(Edp::of(b.event(e)), Some(e));
            }
        }
        assert_eq!(Edp::of(EventTypeBcsm::ROUTE_SELECT_FAILURE), None);
    }
}
