//! Wireshark's tshark reads what this crate encodes: one frame per CS-1 operation (and per result
//! and error parameter), each a TCAP message with the CS-1 application context in its dialogue
//! portion, wrapped in SCCP UDT and M3UA DATA. The test asserts that no frame is malformed or
//! carries an expert warning, and that tshark reads back the values encoded.
//!
//! The M3UA, SCCP and TCAP wrapping is written here by hand from the independent vectors in
//! `tests/data/`: their M3UA header, routing context, routing label and SCCP addresses are reused
//! and every length is recomputed. SSF → SCF operations travel in a TCAP Begin (the IDP vector's
//! prefix, with an AARQ), SCF → SSF/SRF operations in a TCAP End (the Connect vector's prefix, with
//! an AARE).
//!
//! tshark 4.0 dissects INAP with the ASN.1 of Q.1228 (CS-2), a superset of CS-1 with the same tags
//! where both define a member; it knows the Q.1218-only members too (frames 2 and 8 carry them).
//! The one ETSI-only member, `sendCalculationToSCPIndication [1]` of ApplyChargingArg, is not in
//! CS-2: tshark flags it as a field "beyond the end of the known sequence definition", so the
//! ApplyCharging frame leaves it out (the unit tests cover it).

use std::path::PathBuf;

use inap::errors::{
    CancelFailedParameter, CancelProblem, ErrorCode, ErrorValue, TaskRefusedParameter,
};
use inap::isup::{
    CalledPartyNumber, CallingPartyNumber, CallingPartysCategory, Cause, CauseValue, GenericNumber,
    IsupParameter, Location, OriginalCalledPartyId,
};
use inap::operations::datatypes::*;
use inap::operations::*;

/// A TLV with a one-octet identifier and a definite length.
fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    match content.len() {
        n if n < 0x80 => out.push(n as u8),
        n if n < 0x100 => out.extend([0x81, n as u8]),
        n => out.extend([0x82, (n >> 8) as u8, n as u8]),
    }
    out.extend_from_slice(content);
    out
}

/// A Q.763 generic number: qualifier 8, national, ISDN, network provided, 1234567890.
const GENERIC_1234567890: [u8; 8] = [0x08, 0x03, 0x13, 0x21, 0x43, 0x65, 0x87, 0x09];

const DIALOGUE_AS: [u8; 7] = [0x00, 0x11, 0x86, 0x05, 0x01, 0x01, 0x01]; // 0.0.17.773.1.1.1
const CS1_ACN: [u8; 7] = [0x04, 0x00, 0x01, 0x01, 0x01, 0x00, 0x00]; // 0.4.0.1.1.1.0.0

fn dialogue(apdu: Vec<u8>) -> Vec<u8> {
    let external = [tlv(0x06, &DIALOGUE_AS), tlv(0xa0, &apdu)].concat();
    tlv(0x6b, &tlv(0x28, &external))
}

fn aarq() -> Vec<u8> {
    let content = [
        tlv(0x80, &[0x07, 0x80]), // protocol-version
        tlv(0xa1, &tlv(0x06, &CS1_ACN)),
    ]
    .concat();
    tlv(0x60, &content)
}

fn aare() -> Vec<u8> {
    let content = [
        tlv(0x80, &[0x07, 0x80]),
        tlv(0xa1, &tlv(0x06, &CS1_ACN)),
        tlv(0xa2, &tlv(0x02, &[0x00])),             // result accepted
        tlv(0xa3, &tlv(0xa1, &tlv(0x02, &[0x00]))), // dialogue-service-user null
    ]
    .concat();
    tlv(0x61, &content)
}

/// A component: Invoke (`a1`), ReturnResultLast (`a2`) or ReturnError (`a3`).
enum Component {
    Invoke(Opcode, Option<Vec<u8>>),
    Result(Opcode, Option<Vec<u8>>),
    Error(ErrorCode, Option<Vec<u8>>),
}

fn component(invoke_id: u8, c: &Component) -> Vec<u8> {
    let id = tlv(0x02, &[invoke_id]);
    let int = |v: i64| tlv(0x02, &[v as u8]);
    match c {
        Component::Invoke(op, p) => tlv(
            0xa1,
            &[id, int(op.0), p.clone().unwrap_or_default()].concat(),
        ),
        Component::Result(op, p) => {
            let result = p
                .as_ref()
                .map(|p| tlv(0x30, &[int(op.0), p.clone()].concat()))
                .unwrap_or_default();
            tlv(0xa2, &[id, result].concat())
        }
        Component::Error(code, p) => tlv(
            0xa3,
            &[id, int(code.0), p.clone().unwrap_or_default()].concat(),
        ),
    }
}

/// The TCAP message: a Begin from the SSF, or an End from the SCF.
fn tcap(from_ssf: bool, invoke_id: u8, c: &Component) -> Vec<u8> {
    let components = tlv(0x6c, &component(invoke_id, c));
    // Transaction id 01020304 for the first frame, as in the vectors.
    let tid = [0x01, 0x02, 0x03, 0x03 + invoke_id];
    if from_ssf {
        tlv(
            0x62,
            &[tlv(0x48, &tid), dialogue(aarq()), components].concat(),
        )
    } else {
        tlv(
            0x64,
            &[tlv(0x49, &tid), dialogue(aare()), components].concat(),
        )
    }
}

/// Replaces the TCAP message of an M3UA DATA › SCCP UDT vector and recomputes every length.
fn rewrap(vector: &[u8], tcap: &[u8]) -> Vec<u8> {
    // M3UA common header (8) and the routing context parameter (8), then Protocol Data.
    let (header, rest) = vector.split_at(16);
    assert_eq!(
        &rest[..2],
        &[0x02, 0x10],
        "Protocol Data follows the routing context"
    );
    let pd_len = usize::from(u16::from_be_bytes([rest[2], rest[3]]));
    let pd = &rest[4..pd_len];
    // Routing label (12), then the SCCP UDT: type, class, three pointers.
    let (label, udt) = pd.split_at(12);
    assert_eq!(udt[0], 0x09, "a UDT");
    let data_at = 4 + usize::from(udt[4]);
    let mut new_udt = udt[..data_at].to_vec();
    new_udt.push(u8::try_from(tcap.len()).expect("fits a UDT"));
    new_udt.extend_from_slice(tcap);
    let mut pd = label.to_vec();
    pd.extend(new_udt);
    let param_len = 4 + pd.len();
    let mut out = header.to_vec();
    out.extend([0x02, 0x10]);
    out.extend((param_len as u16).to_be_bytes());
    out.extend(pd);
    while out.len() % 4 != 0 {
        out.push(0);
    }
    let total = out.len() as u32;
    out[4..8].copy_from_slice(&total.to_be_bytes());
    out
}

fn vector(text: &str) -> Vec<u8> {
    hex::decode(text.trim()).expect("vector is hex")
}

fn isup<T: IsupParameter>(octets: &[u8]) -> T {
    T::decode(octets).expect("valid ISUP octets")
}

fn int4(v: i64) -> Integer4 {
    Integer4::new(v).expect("in range")
}

/// One frame: who sends it, the component, and the (field, value) pairs tshark must show.
struct Case {
    from_ssf: bool,
    component: Component,
    expect: Vec<(&'static str, &'static str)>,
}

fn invoke(from_ssf: bool, arg: Argument, expect: Vec<(&'static str, &'static str)>) -> Case {
    // Our own decoder reads back what we encode, before tshark looks at it.
    let p = arg.encode();
    assert_eq!(
        Argument::decode(arg.opcode(), p.as_deref()),
        Ok(arg.clone())
    );
    Case {
        from_ssf,
        component: Component::Invoke(arg.opcode(), p),
        expect,
    }
}

fn cases() -> Vec<Case> {
    let cause = Cause::new(Location(0), CauseValue(16)).expect("cause");
    let called = CalledPartyNumber::national("050412345678").expect("called");
    let dra = CalledPartyNumber::national("01098765432").expect("dra");
    let calling: CallingPartyNumber = isup(&[0x83, 0x11, 0x10, 0x10, 0x32, 0x54, 0x76, 0x08]);
    let generic: GenericNumber = isup(&GENERIC_1234567890);

    let mut idp = InitialDpArg::new(ServiceKey::new(100).expect("sk"));
    idp.called_party_number = Some(called.clone());
    idp.calling_party_number = Some(calling.clone());
    idp.calling_partys_category = Some(CallingPartysCategory::ORDINARY_SUBSCRIBER);
    idp.event_type_bcsm = Some(EventTypeBcsm::COLLECTED_INFO);

    let mut idp_more = idp.clone();
    idp_more.cg_encountered = Some(CgEncountered::MANUAL_CG_ENCOUNTERED);
    idp_more.ip_ssp_capabilities = Some(IpSspCapabilities(vec![0x02]));
    idp_more.ip_available = Some(IpAvailable(vec![0x01]));
    idp_more.location_number = Some(isup(&[0x03, 0x13, 0x20, 0x21, 0x43, 0x65, 0x87]));
    idp_more.original_called_party_id = Some(isup(&[0x03, 0x10, 0x21, 0x43]));
    idp_more.high_layer_compatibility = Some(HighLayerCompatibility(vec![0x91, 0x81]));
    idp_more.service_interaction_indicators = Some(ServiceInteractionIndicators(vec![0x00]));
    idp_more.additional_calling_party_number = Some(generic.clone());
    idp_more.forward_call_indicators = Some(ForwardCallIndicators(vec![0x60, 0x00]));
    idp_more.bearer_capability = Some(BearerCapability::BearerCap(BearerCap(vec![0x80, 0x90])));
    idp_more.redirecting_party_id = Some(isup(&[0x03, 0x10, 0x65, 0x87]));
    idp_more.redirection_information = Some(isup(&[0x13, 0x11]));
    idp_more.event_type_bcsm = Some(EventTypeBcsm::ANALYZED_INFORMATION);
    // The members only Q.1218 has: tshark knows them too.
    idp_more.dialled_digits = Some(CalledPartyNumber::national("0123").expect("dialled"));
    idp_more.calling_party_business_group_id = Some(CallingPartyBusinessGroupId(vec![0x12, 0x34]));
    idp_more.calling_party_subaddress = Some(CallingPartySubaddress(vec![0xa0, 0x50]));
    idp_more.misc_call_info = Some(MiscCallInfo {
        message_type: MessageType::REQUEST,
        dp_assignment: Some(DpAssignment::OFFICE_BASED),
    });
    idp_more.service_profile_identifier = Some(ServiceProfileIdentifier(vec![0x05]));
    idp_more.terminal_type = Some(TerminalType::DTMF);
    idp_more.trigger_type = Some(TriggerType::EMERGENCY_SERVICE);
    // One ExtensionField { type 1, criticality abort, value [1] BOOLEAN TRUE }.
    idp_more.extensions = Some(Extensions(vec![
        0x30, 0x0b, 0x02, 0x01, 0x01, 0x0a, 0x01, 0x01, 0xa1, 0x03, 0x01, 0x01, 0xff,
    ]));

    let mut connect_q1218 = ConnectArg::new(dra.clone());
    connect_q1218.alerting_pattern = Some(AlertingPattern(vec![0x01, 0x02, 0x03]));
    connect_q1218.correlation_id = Some(Digits(vec![0x12, 0x34]));
    connect_q1218.forwarding_condition = Some(ForwardingCondition::ANY);
    connect_q1218.isdn_access_related_information = Some(IsdnAccessRelatedInformation(vec![0x7d]));
    connect_q1218.route_list = Some(vec![Route(vec![0x01, 0x02]), Route(vec![0x03])]);
    connect_q1218.scf_id = Some(ScfId(vec![0x01]));
    connect_q1218.travelling_class_mark = Some(TravellingClassMark(vec![0x00, 0x00, 0x21]));
    connect_q1218.carrier = Some(Carrier(vec![0x01, 0x02]));
    connect_q1218.service_interaction_indicators = Some(ServiceInteractionIndicators(vec![0x00]));
    connect_q1218.redirecting_party_id = Some(isup(&[0x03, 0x10, 0x65, 0x87]));
    connect_q1218.redirection_information = Some(isup(&[0x13, 0x11]));

    let mut connect = ConnectArg::new(dra.clone());
    connect.original_called_party_id =
        Some(OriginalCalledPartyId::national("050412345678").expect("ocpi"));
    connect.calling_party_number = Some(calling.clone());
    connect.calling_partys_category = Some(CallingPartysCategory::ORDINARY_SUBSCRIBER);
    connect.cut_and_paste = Some(CutAndPaste::new(2).expect("cut"));

    let bcsm = |e, m, leg: Option<LegId>, c: Option<DpSpecificCriteria>| BcsmEvent {
        event_type_bcsm: e,
        monitor_mode: m,
        leg_id: leg,
        dp_specific_criteria: c,
    };
    let rrbe = RequestReportBcsmEventArg {
        bcsm_events: vec![
            bcsm(
                EventTypeBcsm::O_ANSWER,
                MonitorMode::NOTIFY_AND_CONTINUE,
                None,
                None,
            ),
            bcsm(
                EventTypeBcsm::O_CALLED_PARTY_BUSY,
                MonitorMode::INTERRUPTED,
                Some(LegId::SendingSideId(LegType::LEG2)),
                None,
            ),
            bcsm(
                EventTypeBcsm::O_NO_ANSWER,
                MonitorMode::INTERRUPTED,
                None,
                Some(DpSpecificCriteria::ApplicationTimer(
                    ApplicationTimer::new(30).expect("timer"),
                )),
            ),
        ],
        bcsm_event_correlation_id: None,
        extensions: None,
    };
    let erb = EventReportBcsmArg {
        event_type_bcsm: EventTypeBcsm::O_DISCONNECT,
        bcsm_event_correlation_id: None,
        event_specific_information_bcsm: Some(
            EventSpecificInformationBcsm::ODisconnectSpecificInfo(DisconnectSpecificInfo {
                release_cause: Some(cause.clone()),
                connect_time: None,
            }),
        ),
        leg_id: Some(LegId::ReceivingSideId(LegType::LEG1)),
        misc_call_info: Some(MiscCallInfo {
            message_type: MessageType::NOTIFICATION,
            dp_assignment: None,
        }),
        extensions: None,
    };
    let inband = |id| {
        InformationToSend::InbandInfo(InbandInfo {
            message_id: MessageId::ElementaryMessageId(int4(id)),
            number_of_repetitions: Some(Integer1To127::new(2).expect("reps")),
            duration: Some(Integer0To32767::new(10).expect("duration")),
            interval: None,
        })
    };
    let collected = CollectedDigits {
        minimum_nb_of_digits: Some(Integer1To127::new(1).expect("min")),
        maximum_nb_of_digits: Integer1To127::new(4).expect("max"),
        end_of_reply_digit: Some(ControlDigits(vec![0x0b])),
        cancel_digit: None,
        start_digit: None,
        first_digit_time_out: Some(Integer1To127::new(5).expect("t1")),
        inter_digit_time_out: Some(Integer1To127::new(3).expect("t2")),
        error_treatment: None,
        interruptable_ann_ind: None,
        voice_information: None,
        voice_back: None,
    };

    vec![
        invoke(
            true,
            Argument::InitialDp(idp),
            vec![
                ("inap.code.local", "0"),
                ("inap.serviceKey", "100"),
                ("isup.called", "050412345678"),
                ("isup.calling", "01012345678"),
                ("inap.callingPartysCategory", "10"),
                ("inap.eventTypeBCSM", "2"),
            ],
        ),
        invoke(
            true,
            Argument::InitialDp(idp_more),
            vec![
                // The second local code is the extension's type.
                ("inap.code.local", "0,1"),
                ("inap.serviceKey", "100"),
                ("isup.called", "0123,050412345678"),
                ("inap.dialledDigits", "03101032"),
                ("inap.callingPartyBusinessGroupID", "1234"),
                ("inap.callingPartySubaddress", "a050"),
                ("inap.messageType", "0"),
                ("inap.dpAssignment", "2"),
                ("inap.serviceProfileIdentifier", "05"),
                ("inap.terminalType", "2"),
                ("inap.triggerType", "12"),
                ("inap.cGEncountered", "1"),
                ("inap.iPSSPCapabilities", "02"),
                ("inap.iPAvailable", "01"),
                ("inap.locationNumber", "03132021436587"),
                ("inap.originalCalledPartyID", "03102143"),
                ("inap.highLayerCompatibility", "9181"),
                ("inap.additionalCallingPartyNumber", "0803132143658709"),
                ("inap.forwardCallIndicators", "6000"),
                ("inap.bearerCap", "8090"),
                ("inap.eventTypeBCSM", "3"),
                ("inap.redirectingPartyID", "03106587"),
                ("inap.redirectionInformation", "1311"),
            ],
        ),
        invoke(
            true,
            Argument::AssistRequestInstructions(AssistRequestInstructionsArg {
                // Q.1218: the CorrelationID of AssistRequestInstructions is a generic number.
                correlation_id: Digits(GENERIC_1234567890.to_vec()),
                ip_available: Some(IpAvailable(vec![0x01])),
                ip_ssp_capabilities: Some(IpSspCapabilities(vec![0x02])),
                extensions: None,
            }),
            vec![
                ("inap.code.local", "16"),
                ("inap.correlationID", "0803132143658709"),
                ("inap.iPAvailable", "01"),
                ("inap.iPSSPCapabilities", "02"),
            ],
        ),
        invoke(
            false,
            Argument::EstablishTemporaryConnection(EstablishTemporaryConnectionArg {
                assisting_ssp_ip_routing_address: generic.clone(),
                correlation_id: Some(Digits(vec![0x12, 0x34])),
                leg_id: None,
                scf_id: Some(ScfId(vec![0x01])),
                extensions: None,
                carrier: None,
                service_interaction_indicators: None,
            }),
            vec![
                ("inap.code.local", "17"),
                ("inap.assistingSSPIPRoutingAddress", "0803132143658709"),
                ("inap.correlationID", "1234"),
                ("inap.scfID", "01"),
            ],
        ),
        invoke(
            false,
            Argument::DisconnectForwardConnection,
            vec![("inap.code.local", "18")],
        ),
        invoke(
            false,
            Argument::ConnectToResource(ConnectToResourceArg {
                resource_address: ResourceAddress::IpRoutingAddress(dra.clone()),
                extensions: None,
                service_interaction_indicators: None,
            }),
            vec![
                ("inap.code.local", "19"),
                ("inap.ipRoutingAddress", "8310109078563402"),
            ],
        ),
        invoke(
            false,
            Argument::Connect(connect),
            vec![
                ("inap.code.local", "20"),
                ("isup.called", "01098765432"),
                ("inap.originalCalledPartyID", "0310504021436587"),
                ("isup.calling", "01012345678"),
                // Not checked: tshark 4.0 shows the callingPartysCategory [28] octet 0a of a
                // ConnectArg as 5 ("operator, language Spanish"), while it shows the same octet of
                // an InitialDPArg [5] as 10 (frame 1); the octets are right (unit tests).
                ("inap.cutAndPaste", "2"),
            ],
        ),
        invoke(
            false,
            Argument::Connect(connect_q1218),
            vec![
                ("inap.code.local", "20"),
                ("inap.alertingPattern", "010203"),
                ("inap.correlationID", "1234"),
                ("inap.forwardingCondition", "2"),
                ("inap.iSDNAccessRelatedInformation", "7d"),
                ("inap.scfID", "01"),
                ("inap.travellingClassMark", "000021"),
                ("inap.carrier", "0102"),
                ("inap.serviceInteractionIndicators", "00"),
                ("inap.redirectingPartyID", "03106587"),
                ("inap.redirectionInformation", "1311"),
            ],
        ),
        invoke(
            false,
            Argument::ReleaseCall(cause.clone()),
            vec![
                ("inap.code.local", "22"),
                ("inap.initialCallSegment", "8090"),
            ],
        ),
        invoke(
            false,
            Argument::RequestReportBcsmEvent(rrbe),
            vec![
                ("inap.code.local", "23"),
                ("inap.eventTypeBCSM", "7,5,6"),
                ("inap.monitorMode", "1,0,0"),
                ("inap.sendingSideID", "02"),
                ("inap.applicationTimer", "30"),
            ],
        ),
        invoke(
            true,
            Argument::EventReportBcsm(erb),
            vec![
                ("inap.code.local", "24"),
                ("inap.eventTypeBCSM", "9"),
                ("inap.releaseCause", "8090"),
                ("inap.receivingSideID", "01"),
                ("inap.messageType", "1"),
            ],
        ),
        invoke(false, Argument::Continue, vec![("inap.code.local", "31")]),
        invoke(
            false,
            Argument::ResetTimer(ResetTimerArg {
                timer_id: Some(TimerId::TSSF),
                timer_value: int4(30),
                extensions: None,
            }),
            vec![
                ("inap.code.local", "33"),
                ("inap.timerID", "0"),
                ("inap.timervalue", "30"),
            ],
        ),
        invoke(
            false,
            Argument::FurnishChargingInformation(FciBillingChargingCharacteristics(vec![
                0x01, 0x02, 0x03,
            ])),
            vec![
                ("inap.code.local", "34"),
                ("inap.FurnishChargingInformationArg", "010203"),
            ],
        ),
        invoke(
            false,
            Argument::ApplyCharging(ApplyChargingArg {
                ach_billing_charging_characteristics: AChBillingChargingCharacteristics(vec![
                    0xa0, 0x01, 0x01,
                ]),
                send_calculation_to_scp_indication: None,
                party_to_charge: Some(LegId::SendingSideId(LegType::LEG1)),
                extensions: None,
            }),
            vec![
                ("inap.code.local", "35"),
                ("inap.aChBillingChargingCharacteristics", "a00101"),
                ("inap.sendingSideID", "01"),
            ],
        ),
        invoke(
            true,
            Argument::ApplyChargingReport(CallResult(vec![0x01, 0x02])),
            vec![
                ("inap.code.local", "36"),
                ("inap.ApplyChargingReportArg", "0102"),
            ],
        ),
        invoke(
            false,
            Argument::CallGap(CallGapArg {
                gap_criteria: GapCriteria::CalledAddressValue(generic.clone()),
                gap_indicators: GapIndicators {
                    duration: Duration::new(60).expect("duration"),
                    gap_interval: Interval::new(1000).expect("interval"),
                },
                control_type: Some(ControlType::MANUALLY_INITIATED),
                gap_treatment: Some(GapTreatment::ReleaseCause(cause.clone())),
                extensions: None,
            }),
            vec![
                ("inap.code.local", "41"),
                ("inap.calledAddressValue", "0803132143658709"),
                ("inap.duration", "60"),
                ("inap.gapInterval", "1000"),
                ("inap.controlType", "1"),
                ("inap.releaseCause", "8090"),
            ],
        ),
        invoke(
            true,
            Argument::CallInformationReport(CallInformationReportArg {
                requested_information_list: vec![
                    RequestedInformation {
                        requested_information_type:
                            RequestedInformationType::CALL_ATTEMPT_ELAPSED_TIME,
                        requested_information_value:
                            RequestedInformationValue::CallAttemptElapsedTimeValue(
                                Integer0To255::new(5).expect("5"),
                            ),
                    },
                    RequestedInformation {
                        requested_information_type: RequestedInformationType::RELEASE_CAUSE,
                        requested_information_value: RequestedInformationValue::ReleaseCauseValue(
                            cause.clone(),
                        ),
                    },
                ],
                correlation_id: None,
                extensions: None,
            }),
            vec![
                ("inap.code.local", "44"),
                ("inap.requestedInformationType", "0,30"),
                ("inap.callAttemptElapsedTimeValue", "5"),
            ],
        ),
        invoke(
            false,
            Argument::CallInformationRequest(CallInformationRequestArg {
                requested_information_type_list: vec![
                    RequestedInformationType::CALL_ATTEMPT_ELAPSED_TIME,
                    RequestedInformationType::CALL_CONNECTED_ELAPSED_TIME,
                    RequestedInformationType::RELEASE_CAUSE,
                ],
                correlation_id: None,
                extensions: None,
            }),
            vec![
                ("inap.code.local", "45"),
                ("inap.RequestedInformationType", "0,2,30"),
            ],
        ),
        invoke(
            false,
            Argument::PlayAnnouncement(PlayAnnouncementArg {
                information_to_send: inband(12),
                disconnect_from_ip_forbidden: Some(false),
                request_announcement_complete: Some(true),
                extensions: None,
            }),
            vec![
                ("inap.code.local", "47"),
                ("inap.elementaryMessageID", "12"),
                ("inap.numberOfRepetitions", "2"),
                ("inap.inbandInfo.duration", "10"),
                ("inap.disconnectFromIPForbidden", "0"),
                ("inap.requestAnnouncementComplete", "1"),
            ],
        ),
        invoke(
            false,
            Argument::PlayAnnouncement(PlayAnnouncementArg {
                information_to_send: InformationToSend::Tone(Tone {
                    tone_id: int4(5),
                    duration: Some(int4(3)),
                }),
                disconnect_from_ip_forbidden: None,
                request_announcement_complete: None,
                extensions: None,
            }),
            vec![
                ("inap.code.local", "47"),
                ("inap.toneID", "5"),
                ("inap.tone.duration", "3"),
            ],
        ),
        invoke(
            false,
            Argument::PromptAndCollectUserInformation(PromptAndCollectUserInformationArg {
                collected_info: CollectedInfo::CollectedDigits(collected),
                disconnect_from_ip_forbidden: Some(true),
                information_to_send: Some(inband(7)),
                extensions: None,
            }),
            vec![
                ("inap.code.local", "48"),
                ("inap.minimumNbOfDigits", "1"),
                ("inap.maximumNbOfDigits", "4"),
                ("inap.elementaryMessageID", "7"),
            ],
        ),
        invoke(
            true,
            Argument::SpecializedResourceReport,
            vec![("inap.code.local", "49")],
        ),
        invoke(
            false,
            Argument::Cancel(CancelArg::InvokeId(InvokeId::new(5).expect("id"))),
            vec![("inap.code.local", "53"), ("inap.invokeID", "5")],
        ),
        invoke(
            false,
            Argument::ActivityTest,
            vec![("inap.code.local", "55")],
        ),
        Case {
            from_ssf: true,
            component: Component::Result(
                Opcode::PROMPT_AND_COLLECT_USER_INFORMATION,
                ResultValue::PromptAndCollectUserInformation(ReceivedInformation::DigitsResponse(
                    Digits(vec![0x00, 0x21, 0x43]),
                ))
                .encode(),
            ),
            expect: vec![("inap.code.local", "48"), ("inap.digitsResponse", "002143")],
        },
        Case {
            from_ssf: true,
            component: Component::Error(
                ErrorCode::TASK_REFUSED,
                ErrorValue::TaskRefused(TaskRefusedParameter::CONGESTION).encode(),
            ),
            expect: vec![("inap.PAR_taskRefused", "2")],
        },
        Case {
            from_ssf: true,
            component: Component::Error(
                ErrorCode::CANCEL_FAILED,
                ErrorValue::CancelFailed(CancelFailedParameter {
                    problem: CancelProblem::TOO_LATE,
                    operation: InvokeId::new(5).expect("id"),
                })
                .encode(),
            ),
            expect: vec![("inap.problem", "1"), ("inap.operation", "5")],
        },
    ]
}

#[test]
fn tshark_reads_every_operation() {
    let Some(tshark) = oracle::tshark() else {
        return;
    };
    let idp_vector = vector(include_str!("data/idp_begin_m3ua.hex"));
    let connect_vector = vector(include_str!("data/connect_end_m3ua.hex"));
    // The wrapping reproduces the vectors themselves.
    let idp_param = idp_vector[idp_vector.len() - 31..].to_vec();
    let rebuilt = rewrap(
        &idp_vector,
        &tcap(
            true,
            1,
            &Component::Invoke(Opcode::INITIAL_DP, Some(idp_param)),
        ),
    );
    assert_eq!(hex::encode(&rebuilt), hex::encode(&idp_vector));

    let cases = cases();
    let messages: Vec<Vec<u8>> = cases
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let invoke_id = u8::try_from(i + 1).expect("few cases");
            let prefix = if c.from_ssf {
                &idp_vector
            } else {
                &connect_vector
            };
            rewrap(prefix, &tcap(c.from_ssf, invoke_id, &c.component))
        })
        .collect();
    let pcap: PathBuf =
        std::env::temp_dir().join(format!("inap-operations-{}.pcap", std::process::id()));
    oracle::write_pcap(&pcap, &messages).expect("pcap written");
    tshark.check_clean(&pcap, &[]);

    let mut fields: Vec<&str> = cases
        .iter()
        .flat_map(|c| c.expect.iter().map(|(f, _)| *f))
        .collect();
    fields.sort_unstable();
    fields.dedup();
    let rows = tshark.fields(&pcap, &fields, &[]);
    assert_eq!(rows.len(), cases.len(), "one row per frame");
    let mut failures = Vec::new();
    for (i, (case, row)) in cases.iter().zip(&rows).enumerate() {
        for (field, want) in &case.expect {
            let col = fields
                .iter()
                .position(|f| f == field)
                .expect("field listed");
            let got = row.get(col).map(String::as_str).unwrap_or("");
            if got != *want {
                failures.push(format!("frame {}: {field} = {got:?}, want {want:?}", i + 1));
            }
        }
    }
    if failures.is_empty() {
        let _ = std::fs::remove_file(&pcap);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
