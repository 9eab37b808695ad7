//! Spec vectors: the two shared M3UA vectors (SCCP sliced out by hand) and hand-made Q.713
//! vectors for every message type, every GTI 1–4, PC-only and SSN-only addresses. Each decodes
//! to the documented fields and re-encodes byte for byte.

mod common;

use bytes::Bytes;
use hex_literal::hex;
use sccp::{
    AddressError, AddressInformation, DecodeError, EncodingScheme, GlobalTitle,
    GlobalTitleIndicator, HopCounter, Importance, LocalReference, Ludt, Ludts, Message,
    MessagePart, MessageType, NatureOfAddress, NumberingPlan, OptionalParameter, ParameterName,
    PointCode, ProtocolClass, ReturnCause, RoutingIndicator, SccpAddress, Segmentation,
    SubsystemNumber, TranslationType, Udt, Udts, Xudt, Xudts,
};

fn decode(octets: &[u8]) -> Result<Message, DecodeError> {
    Message::decode(&Bytes::copy_from_slice(octets))
}

/// Decodes, checks the exact re-encode, returns the message.
fn round_trip(octets: &[u8]) -> Message {
    let message = decode(octets).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        message.to_bytes().unwrap(),
        octets,
        "re-encode of {message}"
    );
    assert_eq!(message.encoded_len().unwrap(), octets.len());
    let mut out = Vec::new();
    message.encode(&mut out).unwrap();
    assert_eq!(out, octets);
    message
}

fn assert_e164(address: &SccpAddress, digits: &str, es: EncodingScheme) {
    assert_eq!(address.routing_indicator, RoutingIndicator::GlobalTitle);
    assert_eq!(address.ssn, Some(SubsystemNumber(241)));
    assert_eq!(address.point_code, None);
    assert!(!address.national_use);
    let gt = address.global_title.as_ref().unwrap();
    assert_eq!(gt.indicator(), GlobalTitleIndicator(4));
    assert_eq!(gt.translation_type(), Some(TranslationType(0)));
    assert_eq!(gt.numbering_plan(), Some(NumberingPlan(1)));
    assert_eq!(gt.nature_of_address(), Some(NatureOfAddress(4)));
    assert_eq!(gt.encoding_scheme(), Some(es));
    assert_eq!(gt.digits().unwrap(), digits);
}

#[test]
fn idp_vector() {
    let wire = common::idp_udt();
    let message = Message::decode(&wire).unwrap();
    let Message::Udt(udt) = &message else {
        panic!("a UDT: {message}")
    };
    // UDT class 1 return-on-error.
    assert_eq!(udt.protocol_class, ProtocolClass::CLASS_1_RETURN_ON_ERROR);
    assert_eq!(udt.protocol_class.class(), 1);
    assert!(udt.protocol_class.return_on_error());
    // Called GT 8250412345678 SSN 241 GTI 4 TT 0 NP 1 NAI 4 (13 digits: BCD odd).
    assert_e164(&udt.called_party, "8250412345678", EncodingScheme::BCD_ODD);
    // Calling GT 821099990000 SSN 241 (12 digits: BCD even).
    assert_e164(&udt.calling_party, "821099990000", EncodingScheme::BCD_EVEN);
    // The data is the TCAP Begin, as a slice of the input (no copy).
    assert_eq!(udt.data[0], 0x62);
    assert_eq!(udt.data.len(), 0x51);
    let range = wire.as_ptr() as usize..wire.as_ptr() as usize + wire.len();
    assert!(range.contains(&(udt.data.as_ptr() as usize)));
    assert_eq!(
        message.to_string(),
        "UDT class=1 roe cdpa={ri=gt gti=4 tt=0 np=1 nai=4 ssn=241 gt=8250412345678} \
         cgpa={ri=gt gti=4 tt=0 np=1 nai=4 ssn=241 gt=821099990000} len=81"
    );
    // Byte for byte.
    assert_eq!(message.to_bytes().unwrap(), wire);
}

#[test]
fn connect_vector_is_the_swapped_answer() {
    let idp = common::idp_udt();
    let connect = common::connect_udt();
    let Message::Udt(question) = Message::decode(&idp).unwrap() else {
        panic!()
    };
    let Message::Udt(answer) = Message::decode(&connect).unwrap() else {
        panic!()
    };
    assert_e164(
        &answer.called_party,
        "821099990000",
        EncodingScheme::BCD_EVEN,
    );
    assert_e164(
        &answer.calling_party,
        "8250412345678",
        EncodingScheme::BCD_ODD,
    );
    assert_eq!(
        answer.protocol_class,
        ProtocolClass::CLASS_1_RETURN_ON_ERROR
    );
    assert_eq!(answer.data[0], 0x64, "TCAP End");
    assert_eq!(answer.to_bytes().unwrap(), connect);
    // The SCP's answer path: reply() to the IDP with the Connect's TCAP gives the vector.
    let reply = question.reply(answer.data.clone());
    assert_eq!(reply, answer);
    assert_eq!(reply.to_bytes().unwrap(), connect);
}

#[test]
fn udts_ssn_only_and_pc_ssn() {
    let wire = hex!(
        "0a"       // UDTS
        "01"       // return cause: no translation for this specific address
        "03 05 09" // pointers: called at 2+3, calling at 3+5, data at 4+9
        "02 42 08" // called: AI route on SSN, SSN present; SSN 8 (MSC)
        "04 43 02 01 06" // calling: AI route on SSN, PC + SSN; PC 0x0102 (LSB first); SSN 6 (HLR)
        "03 aa bb cc" // data
    );
    let Message::Udts(udts) = round_trip(&wire) else {
        panic!()
    };
    assert_eq!(udts.return_cause, ReturnCause::NO_TRANSLATION_FOR_ADDRESS);
    assert_eq!(
        udts.called_party,
        SccpAddress::from_ssn(SubsystemNumber::MSC)
    );
    assert_eq!(
        udts.calling_party,
        SccpAddress::from_point_code_ssn(PointCode::new(0x0102).unwrap(), SubsystemNumber::HLR)
    );
    assert_eq!(udts.data, Bytes::from_static(&[0xaa, 0xbb, 0xcc]));
    assert_eq!(
        udts.to_string(),
        "UDTS cause=1 (no translation for this specific address) cdpa={ri=ssn gti=0 ssn=8} \
         cgpa={ri=ssn gti=0 pc=258 ssn=6} len=3"
    );
    let built = Udts::new(
        ReturnCause(1),
        SccpAddress::from_ssn(SubsystemNumber(8)),
        SccpAddress::from_point_code_ssn(PointCode::new(258).unwrap(), SubsystemNumber(6)),
        Bytes::from_static(&[0xaa, 0xbb, 0xcc]),
    );
    assert_eq!(built.to_bytes().unwrap(), wire[..]);
}

#[test]
fn xudt_gti1_gti2_segmentation_importance() {
    let wire = hex!(
        "11"             // XUDT
        "81"             // protocol class 1, return on error
        "0f"             // hop counter 15
        "04 0a 10 14"    // pointers: called 3+4=7, calling 4+10=14, data 5+16=21, optional 6+20=26
        "06 06 07 84 21 43 05" // called: AI GTI 1 + SSN; SSN 7 (VLR); odd, NAI 4; 12345 + filler
        "06 09 23 01 0a 44 77" // calling: AI GTI 2 + PC; PC 0x0123; TT 10; 4477
        "04 de ad be ef"       // data
        "10 04 c1 01 02 03"    // segmentation: first, class 1, 1 remaining; local ref 01 02 03
        "12 01 05"             // importance 5
        "00"                   // end of optional parameters
    );
    let Message::Xudt(xudt) = round_trip(&wire) else {
        panic!()
    };
    assert_eq!(xudt.protocol_class, ProtocolClass::CLASS_1_RETURN_ON_ERROR);
    assert_eq!(xudt.hop_counter, HopCounter::MAX);
    let called = &xudt.called_party;
    assert_eq!(called.ssn, Some(SubsystemNumber::VLR));
    assert_eq!(
        called.global_title,
        Some(GlobalTitle::NaiOnly {
            nature_of_address: NatureOfAddress::INTERNATIONAL_NUMBER,
            digits: "12345".parse().unwrap(),
        })
    );
    let calling = &xudt.calling_party;
    assert_eq!(calling.point_code, PointCode::new(0x0123));
    assert_eq!(calling.ssn, None);
    assert_eq!(
        calling.global_title,
        Some(GlobalTitle::TtOnly {
            translation_type: TranslationType(10),
            digits: "4477".parse().unwrap(),
        })
    );
    assert_eq!(
        xudt.segmentation(),
        Some(Segmentation {
            first: true,
            class1: true,
            remaining_segments: 1,
            local_reference: LocalReference([1, 2, 3]),
        })
    );
    assert_eq!(xudt.importance(), Importance::new(5));
    assert_eq!(
        xudt.to_string(),
        "XUDT class=1 roe hops=15 cdpa={ri=gt gti=1 nai=4 ssn=7 gt=12345} \
         cgpa={ri=gt gti=2 tt=10 pc=291 gt=4477} len=4 seg={first rem=1 class=1 ref=0x030201} imp=5"
    );
    // The builder gives the same octets.
    let built = Xudt::new(
        called.clone(),
        calling.clone(),
        Bytes::from_static(&hex!("de ad be ef")),
    )
    .with_protocol_class(ProtocolClass::CLASS_1_RETURN_ON_ERROR)
    .with_importance(Importance::new(5).unwrap())
    .with_segmentation(xudt.segmentation().unwrap());
    assert_eq!(built.to_bytes().unwrap(), wire[..]);
}

#[test]
fn xudts_gti3_gti4_pc_no_optional() {
    let wire = hex!(
        "12"             // XUDTS
        "0e"             // return cause 14: segmentation failure
        "0e"             // hop counter 14
        "04 0a 13 00"    // pointers: called 7, calling 14, data 5+19=24, no optional part
        "06 0e 92 00 11 21 03" // called: AI GTI 3 + SSN; SSN 146 (CAP); TT 0; NP 1 / ES 1; 123
        "09 13 02 00 93 00 12 03 21 43" // calling: AI GTI 4 + SSN + PC; PC 2; SSN 147; TT 0;
                                        // NP 1 / ES 2; NAI 3; 1234
        "02 01 02"       // data
    );
    let Message::Xudts(xudts) = round_trip(&wire) else {
        panic!()
    };
    assert_eq!(xudts.return_cause, ReturnCause::SEGMENTATION_FAILURE);
    assert_eq!(xudts.hop_counter.get(), 14);
    assert!(xudts.optional.is_empty());
    assert_eq!(
        xudts.called_party.global_title,
        Some(GlobalTitle::TtNpEs {
            translation_type: TranslationType(0),
            numbering_plan: NumberingPlan::ISDN_TELEPHONY,
            address: AddressInformation::Bcd("123".parse().unwrap()),
        })
    );
    let calling = &xudts.calling_party;
    assert_eq!(calling.point_code, PointCode::new(2));
    assert_eq!(calling.ssn, Some(SubsystemNumber::GSM_SCF));
    assert_eq!(
        calling.global_title,
        Some(GlobalTitle::TtNpEsNai {
            translation_type: TranslationType(0),
            numbering_plan: NumberingPlan::ISDN_TELEPHONY,
            nature_of_address: NatureOfAddress::NATIONAL_SIGNIFICANT_NUMBER,
            address: AddressInformation::Bcd("1234".parse().unwrap()),
        })
    );
    assert_eq!(
        xudts.to_string(),
        "XUDTS cause=14 (segmentation failure) hops=14 cdpa={ri=gt gti=3 tt=0 np=1 ssn=146 gt=123} \
         cgpa={ri=gt gti=4 tt=0 np=1 nai=3 pc=2 ssn=147 gt=1234} len=2"
    );
}

#[test]
fn ludt_two_octet_pointers() {
    let wire = hex!(
        "13"          // LUDT
        "00"          // class 0
        "0f"          // hop counter 15
        "07 00"       // called: 3 + 1 + 7 = 11 (pointers count from their second octet)
        "08 00"       // calling: 5 + 1 + 8 = 14
        "0a 00"       // long data: 7 + 1 + 10 = 18
        "0d 00"       // optional part: 9 + 1 + 13 = 23
        "02 42 fe"    // called: route on SSN, SSN 254 (BSSAP)
        "03 41 ff 3f" // calling: route on SSN, PC only, PC 16383
        "03 00 01 02 03" // long data: length 3 (two octets, LSB first)
        "12 01 07"    // importance 7
        "00"          // end of optional parameters
    );
    let Message::Ludt(ludt) = round_trip(&wire) else {
        panic!()
    };
    assert_eq!(ludt.protocol_class, ProtocolClass::CLASS_0);
    assert_eq!(
        ludt.called_party,
        SccpAddress::from_ssn(SubsystemNumber::BSSAP)
    );
    assert_eq!(
        ludt.calling_party,
        SccpAddress::from_point_code(PointCode::MAX)
    );
    assert_eq!(ludt.data, Bytes::from_static(&[1, 2, 3]));
    assert_eq!(ludt.optional.importance(), Importance::new(7));

    // Long data beyond 255 octets: the two-octet length and pointers.
    let long = Ludt::new(
        ludt.called_party.clone(),
        ludt.calling_party.clone(),
        Bytes::from(vec![0x5a; 3000]),
    );
    let bytes = long.to_bytes().unwrap();
    assert_eq!(bytes[..11], hex!("13 00 0f 07 00 08 00 0a 00 00 00"));
    assert_eq!(bytes[18..20], 3000u16.to_le_bytes());
    assert_eq!(bytes.len(), 20 + 3000);
    assert_eq!(Message::decode(&bytes).unwrap(), Message::Ludt(long));
}

#[test]
fn ludts_raw_global_titles() {
    let wire = hex!(
        "14"          // LUDTS
        "0a"          // return cause 10: destination cannot perform reassembly
        "0f"          // hop counter 15
        "07 00 0d 00 11 00 00 00" // called 11, calling 5+1+13=19, long data 7+1+17=25, no optional
        "07 12 f1 05 13 04 aa bb" // called: GTI 4 + SSN; SSN 241; TT 5; NP 1 / ES 3 (national
                                  // specific); NAI 4; raw aa bb
        "05 16 08 01 02 03"       // calling: GTI 5 (spare) + SSN; SSN 8; raw 01 02 03
        "02 00 55 66"             // long data
    );
    let Message::Ludts(ludts) = round_trip(&wire) else {
        panic!()
    };
    assert_eq!(
        ludts.return_cause,
        ReturnCause::DESTINATION_CANNOT_PERFORM_REASSEMBLY
    );
    assert_eq!(
        ludts.called_party.global_title,
        Some(GlobalTitle::TtNpEsNai {
            translation_type: TranslationType(5),
            numbering_plan: NumberingPlan(1),
            nature_of_address: NatureOfAddress(4),
            address: AddressInformation::Other {
                encoding_scheme: EncodingScheme::NATIONAL_SPECIFIC,
                octets: Bytes::from_static(&[0xaa, 0xbb]),
            },
        })
    );
    assert_eq!(
        ludts.calling_party.global_title,
        Some(GlobalTitle::Other {
            indicator: GlobalTitleIndicator(5),
            octets: Bytes::from_static(&[1, 2, 3]),
        })
    );
    assert_eq!(
        ludts.to_string(),
        "LUDTS cause=10 (destination cannot perform reassembly) hops=15 \
         cdpa={ri=gt gti=4 tt=5 np=1 es=3 nai=4 ssn=241 gt=0xaabb} \
         cgpa={ri=gt gti=5 ssn=8 gt=0x010203} len=2"
    );
    let built = Ludts::new(
        ludts.return_cause,
        ludts.called_party.clone(),
        ludts.calling_party.clone(),
        Bytes::from_static(&[0x55, 0x66]),
    );
    assert_eq!(built.to_bytes().unwrap(), wire[..]);
}

#[test]
fn hex_digits_round_trip() {
    // Called GTI 4 with the extended BCD values: code 11 (B), code 12 (C), ST (F), spare (A, D,
    // E) — every nibble survives.
    let udt = Udt::new(
        SccpAddress::e164("0123456789ABCDEF", SubsystemNumber::INAP).unwrap(),
        SccpAddress::e164("9BC", SubsystemNumber::INAP).unwrap(),
        Bytes::from_static(b"x"),
    );
    let wire = udt.to_bytes().unwrap();
    assert_eq!(Message::decode(&wire).unwrap(), Message::Udt(udt));
    assert!(
        wire.windows(8)
            .any(|w| w == hex!("10 32 54 76 98 ba dc fe"))
    );
}

#[test]
fn non_canonical_layout_decodes() {
    // Parts in reverse order with gaps; the pointers still say where they are.
    let m = hex!(
        "09 00"    // UDT class 0
        "0a 05 02" // called at 2+10=12, calling at 3+5=8, data at 4+2=6
        "ee"       // 5: not referenced
        "01 77"    // 6: data
        "02 42 05" // 8: calling, SSN 5
        "ff"       // 11: not referenced
        "02 42 06" // 12: called, SSN 6
    );
    let Message::Udt(udt) = decode(&m).unwrap() else {
        panic!()
    };
    assert_eq!(udt.data, Bytes::from_static(&[0x77]));
    assert_eq!(udt.called_party.ssn, Some(SubsystemNumber(6)));
    assert_eq!(udt.calling_party.ssn, Some(SubsystemNumber(5)));
    // Re-encoded canonically.
    assert_eq!(
        udt.to_bytes().unwrap(),
        hex!("09 00 03 05 07 02 42 06 02 42 05 01 77")[..]
    );
}

#[test]
fn optional_part_in_any_order_round_trips() {
    let wire = hex!(
        "11 00 0f 04 06 08 09" // XUDT class 0, hops 15; called 7, calling 10, data 13, optional 15
        "02 42 06"             // called SSN 6
        "02 42 07"             // calling SSN 7
        "01 99"                // data
        "12 01 02"             // importance 2 first
        "f0 02 ab cd"          // an unknown parameter 0xf0
        "10 04 00 01 00 00"    // segmentation after: not first, class 0, 0 remaining
        "00"
    );
    let Message::Xudt(xudt) = round_trip(&wire) else {
        panic!()
    };
    let names: Vec<ParameterName> = xudt.optional.iter().map(OptionalParameter::name).collect();
    assert_eq!(
        names,
        [
            ParameterName::IMPORTANCE,
            ParameterName(0xf0),
            ParameterName::SEGMENTATION
        ]
    );
    assert_eq!(
        xudt.optional.0[1],
        OptionalParameter::Other {
            name: ParameterName(0xf0),
            value: Bytes::from_static(&[0xab, 0xcd]),
        }
    );
}

/// One error per path, with its offset and its return cause.
#[test]
fn every_decode_error() {
    use DecodeError as E;
    let udts = hex!("0a 01 03 05 09 02 42 08 04 43 02 01 06 03 aa bb cc");
    let with = |at: usize, v: u8| {
        let mut m = udts.to_vec();
        m[at] = v;
        decode(&m)
    };
    let cases: Vec<(Result<Message, DecodeError>, DecodeError, ReturnCause)> = vec![
        (
            decode(&[]),
            E::Truncated {
                offset: 0,
                needed: 1,
            },
            ReturnCause::ERROR_IN_MESSAGE_TRANSPORT,
        ),
        (
            decode(&hex!("01 00 00 01 02 02 00")),
            E::UnsupportedMessageType {
                offset: 0,
                message_type: MessageType::CR,
            },
            ReturnCause::UNQUALIFIED,
        ),
        (
            decode(&hex!("15 00")),
            E::UnknownMessageType {
                offset: 0,
                message_type: MessageType(0x15),
            },
            ReturnCause::UNQUALIFIED,
        ),
        (
            decode(&udts[..3]),
            E::Truncated {
                offset: 3,
                needed: 2,
            },
            ReturnCause::ERROR_IN_MESSAGE_TRANSPORT,
        ),
        (
            with(2, 0),
            E::ZeroPointer {
                offset: 2,
                part: MessagePart::CalledPartyAddress,
            },
            ReturnCause::ERROR_IN_MESSAGE_TRANSPORT,
        ),
        (
            with(4, 0xff),
            E::PointerPastEnd {
                offset: 4,
                part: MessagePart::Data,
                target: 4 + 255,
                len: 17,
            },
            ReturnCause::ERROR_IN_MESSAGE_TRANSPORT,
        ),
        (
            // Calling at 3+4=7, inside the called address (5..8).
            with(3, 4),
            E::Overlap {
                offset: 7,
                part: MessagePart::CallingPartyAddress,
            },
            ReturnCause::ERROR_IN_MESSAGE_TRANSPORT,
        ),
        (
            // Calling at 3+1=4, inside the pointers.
            with(3, 1),
            E::Overlap {
                offset: 4,
                part: MessagePart::CallingPartyAddress,
            },
            ReturnCause::ERROR_IN_MESSAGE_TRANSPORT,
        ),
        (
            with(13, 9),
            E::LengthPastEnd {
                offset: 13,
                part: MessagePart::Data,
                length: 9,
                available: 3,
            },
            ReturnCause::ERROR_IN_MESSAGE_TRANSPORT,
        ),
        (
            // Calling address of length 0.
            decode(&hex!("0a 01 03 05 05 02 42 08 00 02 aa bb")),
            E::InvalidAddress {
                offset: 9,
                part: MessagePart::CallingPartyAddress,
                reason: AddressError::Empty,
            },
            ReturnCause::UNQUALIFIED,
        ),
        (
            // Point code indicated, one octet left.
            with(6, 0x43),
            E::InvalidAddress {
                offset: 7,
                part: MessagePart::CalledPartyAddress,
                reason: AddressError::MissingPointCode,
            },
            ReturnCause::UNQUALIFIED,
        ),
        (
            // SSN indicated, address ends.
            decode(&hex!("0a 01 03 04 08 01 42 04 43 02 01 06 03 aa bb cc")),
            E::InvalidAddress {
                offset: 7,
                part: MessagePart::CalledPartyAddress,
                reason: AddressError::MissingSubsystemNumber,
            },
            ReturnCause::UNQUALIFIED,
        ),
        (
            // No global title, one octet too many.
            decode(&hex!(
                "0a 01 03 06 0a 03 42 08 99 04 43 02 01 06 03 aa bb cc"
            )),
            E::InvalidAddress {
                offset: 8,
                part: MessagePart::CalledPartyAddress,
                reason: AddressError::TrailingOctets,
            },
            ReturnCause::UNQUALIFIED,
        ),
        (
            // GTI 4 but only TT and NP/ES.
            decode(&hex!(
                "0a 01 03 06 0a 03 10 00 12 04 43 02 01 06 03 aa bb cc"
            )),
            E::InvalidAddress {
                offset: 9,
                part: MessagePart::CalledPartyAddress,
                reason: AddressError::TruncatedGlobalTitle,
            },
            ReturnCause::UNQUALIFIED,
        ),
        (
            // GTI 1, odd, no digits.
            decode(&hex!("0a 01 03 05 09 02 04 83 04 43 02 01 06 03 aa bb cc")),
            E::InvalidAddress {
                offset: 7,
                part: MessagePart::CalledPartyAddress,
                reason: AddressError::OddWithoutDigits,
            },
            ReturnCause::UNQUALIFIED,
        ),
        (
            decode(&hex!("09 02 03 05 07 02 42 08 02 42 08 01 00")),
            E::InvalidProtocolClass {
                offset: 1,
                value: 2,
            },
            ReturnCause::UNQUALIFIED,
        ),
        (
            decode(&hex!("11 00 00 04 06 08 00 02 42 08 02 42 08 01 00")),
            E::InvalidHopCounter {
                offset: 2,
                value: 0,
            },
            ReturnCause::HOP_COUNTER_VIOLATION,
        ),
        (
            decode(&hex!("11 00 10 04 06 08 00 02 42 08 02 42 08 01 00")),
            E::InvalidHopCounter {
                offset: 2,
                value: 16,
            },
            ReturnCause::HOP_COUNTER_VIOLATION,
        ),
        (
            decode(&hex!(
                "11 00 0f 04 06 08 09 02 42 08 02 42 08 01 00 12 01 01 12 01 02 00"
            )),
            E::DuplicateParameter {
                offset: 18,
                parameter: ParameterName::IMPORTANCE,
            },
            ReturnCause::UNQUALIFIED,
        ),
        (
            decode(&hex!(
                "11 00 0f 04 06 08 09 02 42 08 02 42 08 01 00 12 01 01"
            )),
            E::MissingEndOfOptionalParameters { offset: 15 },
            ReturnCause::ERROR_IN_MESSAGE_TRANSPORT,
        ),
        (
            decode(&hex!(
                "11 00 0f 04 06 08 09 02 42 08 02 42 08 01 00 10 03 80 00 00 00"
            )),
            E::InvalidLength {
                offset: 15,
                parameter: ParameterName::SEGMENTATION,
                length: 3,
                expected: 4,
            },
            ReturnCause::SEGMENTATION_FAILURE,
        ),
        (
            decode(&hex!(
                "11 00 0f 04 06 08 09 02 42 08 02 42 08 01 00 12 02 01 01 00"
            )),
            E::InvalidLength {
                offset: 15,
                parameter: ParameterName::IMPORTANCE,
                length: 2,
                expected: 1,
            },
            ReturnCause::UNQUALIFIED,
        ),
        (
            // LUDT whose long data pointer designates the last octet: its two-octet length is cut.
            decode(&hex!(
                "13 00 0f 07 00 08 00 09 00 00 00 02 42 08 02 42 08 01"
            )),
            E::Truncated {
                offset: 18,
                needed: 1,
            },
            ReturnCause::ERROR_IN_MESSAGE_TRANSPORT,
        ),
    ];
    for (i, (got, want, cause)) in cases.into_iter().enumerate() {
        assert_eq!(got.as_ref().err(), Some(&want), "case {i}: {got:?}");
        assert_eq!(want.return_cause(), cause, "case {i}");
        assert!(!want.to_string().is_empty());
    }
}

#[test]
fn udt_reply_and_service_conversions() {
    let Message::Udt(udt) = Message::decode(&common::idp_udt()).unwrap() else {
        panic!()
    };
    let udts = udt.to_udts(ReturnCause::SUBSYSTEM_FAILURE);
    assert_eq!(udts.called_party, udt.calling_party);
    assert_eq!(udts.calling_party, udt.called_party);
    let wire = udts.to_bytes().unwrap();
    assert_eq!(wire[..2], [0x0a, 0x03]);
    assert_eq!(Message::decode(&wire).unwrap(), Message::Udts(udts));

    let xudt = Xudt::new(
        udt.called_party.clone(),
        udt.calling_party.clone(),
        udt.data.clone(),
    )
    .with_protocol_class(ProtocolClass::CLASS_0_RETURN_ON_ERROR)
    .with_hop_counter(HopCounter::new(3).unwrap());
    let Some(Message::Xudts(xudts)) =
        Message::Xudt(xudt.clone()).error_return(ReturnCause::HOP_COUNTER_VIOLATION)
    else {
        panic!()
    };
    assert_eq!(xudts.hop_counter, HopCounter::MAX);
    assert_eq!(xudts.called_party, xudt.calling_party);
    let answer = xudt.reply(Bytes::from_static(b"ok"));
    assert_eq!(answer.called_party, xudt.calling_party);
    assert_eq!(answer.protocol_class, xudt.protocol_class);
    let ludt = Ludt::new(
        udt.called_party.clone(),
        udt.calling_party.clone(),
        udt.data.clone(),
    )
    .with_protocol_class(ProtocolClass::CLASS_1_RETURN_ON_ERROR);
    let Some(Message::Ludts(ludts)) = Message::Ludt(ludt.clone()).error_return(ReturnCause(7))
    else {
        panic!()
    };
    assert_eq!(ludts.data, ludt.data);
    assert_eq!(ludt.reply(Bytes::new()).calling_party, ludt.called_party);
    let _ = Xudts::new(
        ReturnCause(0),
        xudt.called_party.clone(),
        xudt.calling_party.clone(),
        Bytes::new(),
    );
}
