//! ISUP-format parameters: the numbers of the independent vectors, hand vectors from Q.763/Q.850,
//! every error path, round trips, robustness and masking.

use hex_literal::hex;
use inap::isup::*;
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------
// Independently made vectors (tests/data/isup_oracle_vectors.txt)
// ---------------------------------------------------------------------------------------------

fn vector(name: &str) -> Vec<u8> {
    let text = include_str!("data/isup_oracle_vectors.txt");
    let line = text
        .lines()
        .find_map(|l| l.strip_prefix(name).and_then(|r| r.strip_prefix(": ")))
        .unwrap_or_else(|| panic!("vector {name} missing"));
    hex::decode(line.trim()).expect("hex")
}

/// The contents of the first primitive element `tag` `len` … in `message` whose contents are
/// `len` long (a plain search: the tags used are unambiguous in these vectors).
fn element(message: &[u8], tag: u8, len: usize) -> Vec<u8> {
    let at = message
        .windows(2)
        .position(|w| w == [tag, len as u8])
        .unwrap_or_else(|| panic!("no element {tag:#x} of length {len}"));
    message[at + 2..at + 2 + len].to_vec()
}

fn reencode<P: IsupParameter>(p: &P) -> Vec<u8> {
    p.to_vec()
}

#[test]
fn idp_called_party_number() {
    let idp = vector("idp_begin");
    // InitialDPArg calledPartyNumber [2]: 82 08 03 10 50 40 21 43 65 87
    let octets = element(&idp, 0x82, 8);
    assert_eq!(octets, hex!("03 10 50 40 21 43 65 87"));
    let n = CalledPartyNumber::decode(&octets).unwrap();
    assert_eq!(n.digits(), "050412345678");
    assert_eq!(n.nature_of_address(), NatureOfAddress::NATIONAL);
    assert_eq!(n.numbering_plan(), NumberingPlan::ISDN);
    assert!(!n.inn());
    assert_eq!(reencode(&n), octets);
    assert_eq!(n, CalledPartyNumber::national("050412345678").unwrap());
}

#[test]
fn idp_calling_party_number() {
    let idp = vector("idp_begin");
    // InitialDPArg callingPartyNumber [3]: 83 08 83 11 10 10 32 54 76 08
    let octets = element(&idp, 0x83, 8);
    assert_eq!(octets, hex!("83 11 10 10 32 54 76 08"));
    let n = CallingPartyNumber::decode(&octets).unwrap();
    assert_eq!(n.digits(), "01012345678");
    assert_eq!(n.nature_of_address(), NatureOfAddress::NATIONAL);
    assert_eq!(n.numbering_plan(), NumberingPlan::ISDN);
    assert_eq!(n.presentation(), Presentation::ALLOWED);
    assert_eq!(n.screening(), Screening::USER_PROVIDED_VERIFIED_PASSED);
    assert!(!n.number_incomplete());
    assert_eq!(reencode(&n), octets);
    let built = CallingPartyNumber::new(
        NatureOfAddress::NATIONAL,
        NumberingPlan::ISDN,
        Presentation::ALLOWED,
        Screening::USER_PROVIDED_VERIFIED_PASSED,
        "01012345678",
    )
    .unwrap();
    assert_eq!(built, n);
    // callingPartysCategory [5]: 85 01 0a
    let cat = CallingPartysCategory::decode(&element(&idp, 0x85, 1)).unwrap();
    assert_eq!(cat, CallingPartysCategory::ORDINARY_SUBSCRIBER);
}

#[test]
fn connect_destination_routing_address_and_original_called() {
    let connect = vector("connect_end");
    // destinationRoutingAddress [0] { OCTET STRING 04 08 83 10 10 90 78 56 34 02 }
    let dra = element(&connect, 0x04, 8);
    assert_eq!(dra, hex!("83 10 10 90 78 56 34 02"));
    let n = CalledPartyNumber::decode(&dra).unwrap();
    assert_eq!(n.digits(), "01098765432");
    assert_eq!(n.nature_of_address(), NatureOfAddress::NATIONAL);
    assert_eq!(reencode(&n), dra);
    assert_eq!(CalledPartyNumber::parse("010-9876-5432").unwrap(), n);
    // originalCalledPartyID [6]: 86 08 03 10 50 40 21 43 65 87
    let ocpi = element(&connect, 0x86, 8);
    assert_eq!(ocpi, hex!("03 10 50 40 21 43 65 87"));
    let o = OriginalCalledPartyId::decode(&ocpi).unwrap();
    assert_eq!(o.digits(), "050412345678");
    assert_eq!(o.nature_of_address(), NatureOfAddress::NATIONAL);
    assert_eq!(o.numbering_plan(), NumberingPlan::ISDN);
    assert_eq!(o.presentation(), Presentation::ALLOWED);
    assert_eq!(reencode(&o), ocpi);
    assert_eq!(OriginalCalledPartyId::national("050412345678").unwrap(), o);
}

// ---------------------------------------------------------------------------------------------
// Hand vectors (Q.763 §3, Q.850 §2)
// ---------------------------------------------------------------------------------------------

fn exact<P: IsupParameter + PartialEq + std::fmt::Debug>(octets: &[u8]) -> P {
    let p = P::decode(octets).unwrap_or_else(|e| panic!("{}: {e}", hex::encode(octets)));
    assert_eq!(p.to_vec(), octets, "re-encode of {}", hex::encode(octets));
    p
}

#[test]
fn called_party_number_hand_vectors() {
    // Odd, national, INN 1 (routing to internal number not allowed), ISDN: "12345".
    let n: CalledPartyNumber = exact(&hex!("83 90 21 43 05"));
    assert_eq!(n.digits(), "12345");
    assert!(n.inn());
    assert_eq!(
        n,
        CalledPartyNumber::national("12345").unwrap().with_inn(true)
    );
    // Even, international, ending with ST (1111): "8210F" is odd; "821F" is even.
    let n: CalledPartyNumber = exact(&hex!("04 10 28 F1"));
    assert_eq!(n.digits(), "821F");
    assert_eq!(n.nature_of_address(), NatureOfAddress::INTERNATIONAL);
    // Code 11 and code 12 (§3.9 g).
    let n: CalledPartyNumber = exact(&hex!("02 10 1B 2C"));
    assert_eq!(n.digits(), "B1C2");
    assert_eq!(n.nature_of_address(), NatureOfAddress::UNKNOWN);
    // No signals at all (overlap signalling), subscriber number.
    let n: CalledPartyNumber = exact(&hex!("01 10"));
    assert_eq!(n.digits(), "");
    // A numbering plan and NAI with no name are kept: data NPI, NAI 0x70 (national use).
    let n: CalledPartyNumber = exact(&hex!("70 30 21"));
    assert_eq!(n.nature_of_address(), NatureOfAddress(0x70));
    assert_eq!(n.numbering_plan(), NumberingPlan::DATA);
    assert_eq!(n.digits(), "12");
    // International built from "+…".
    let n = CalledPartyNumber::parse("+82 10 1234 5678").unwrap();
    assert_eq!(n.to_vec(), hex!("04 10 28 01 21 43 65 87"));
    assert_eq!(n.to_string(), "+821-*****-5678");
}

#[test]
fn called_party_number_tolerances() {
    // Spare bits of octet 2 are ignored and re-encoded 0 (Q.764 §2.10.5).
    let n = CalledPartyNumber::decode(&hex!("83 1F 21 43 05")).unwrap();
    assert_eq!(n.to_vec(), hex!("83 10 21 43 05"));
    // Filler 1111 instead of 0000 is tolerated and re-encoded 0000.
    let n = CalledPartyNumber::decode(&hex!("83 10 21 43 F5")).unwrap();
    assert_eq!(n.digits(), "12345");
    assert_eq!(n.to_vec(), hex!("83 10 21 43 05"));
}

#[test]
fn calling_party_number_each_presentation() {
    // APRI 00 allowed, SI 11 network provided, odd "123".
    let n: CallingPartyNumber = exact(&hex!("83 13 21 03"));
    assert_eq!(n.presentation(), Presentation::ALLOWED);
    assert_eq!(n.screening(), Screening::NETWORK_PROVIDED);
    assert_eq!(n, CallingPartyNumber::national("123").unwrap());
    // APRI 01 restricted, SI 01, NI 1 (incomplete), even "1234".
    let n: CallingPartyNumber = exact(&hex!("03 95 21 43"));
    assert_eq!(n.presentation(), Presentation::RESTRICTED);
    assert_eq!(n.screening(), Screening::USER_PROVIDED_VERIFIED_PASSED);
    assert!(n.number_incomplete());
    // APRI 10 address not available: octets 1 and 2 only, coded as §3.10 (note).
    let n: CallingPartyNumber = exact(&hex!("00 0B"));
    assert_eq!(n.presentation(), Presentation::ADDRESS_NOT_AVAILABLE);
    assert_eq!(n.digits(), "");
    assert_eq!(n, CallingPartyNumber::not_available());
    // APRI 11 reserved (restriction by the network), SI 00, international "8210".
    let n: CallingPartyNumber = exact(&hex!("04 1C 28 01"));
    assert_eq!(n.presentation(), Presentation::RESERVED);
    assert_eq!(n.screening(), Screening::USER_PROVIDED_NOT_VERIFIED);
    assert_eq!(n.to_string(), "+**10");
}

#[test]
fn original_called_and_redirecting_hand_vectors() {
    // Original called number, restricted, international, odd "82104".
    let o: OriginalCalledPartyId = exact(&hex!("84 14 28 01 04"));
    assert_eq!(o.presentation(), Presentation::RESTRICTED);
    assert_eq!(o.nature_of_address(), NatureOfAddress::INTERNATIONAL);
    assert_eq!(o.digits(), "82104");
    // Spare bits (8 and 2–1 of octet 2) ignored, encoded 0.
    let o = OriginalCalledPartyId::decode(&hex!("84 97 28 01 04")).unwrap();
    assert_eq!(o.to_vec(), hex!("84 14 28 01 04"));
    // Redirecting number, allowed, national, even.
    let r: RedirectingPartyId = exact(&hex!("03 10 10 32 54 76"));
    assert_eq!(r.digits(), "01234567");
    assert_eq!(r, RedirectingPartyId::parse("01234567").unwrap());
    let r: RedirectingPartyId = exact(&hex!("00 08"));
    assert_eq!(r.presentation(), Presentation::ADDRESS_NOT_AVAILABLE);
}

#[test]
fn location_and_generic_number_hand_vectors() {
    // Location number: INN 1, ISDN, APRI 01, SI 11, national odd "021234567".
    let l: LocationNumber = exact(&hex!("83 97 20 21 43 65 07"));
    assert!(l.inn());
    assert_eq!(l.presentation(), Presentation::RESTRICTED);
    assert_eq!(l.screening(), Screening::NETWORK_PROVIDED);
    assert_eq!(l.digits(), "021234567");
    assert_eq!(l, {
        LocationNumber::new(
            NatureOfAddress::NATIONAL,
            NumberingPlan::ISDN,
            Presentation::RESTRICTED,
            Screening::NETWORK_PROVIDED,
            "021234567",
        )
        .unwrap()
        .with_inn(true)
    });
    // Generic number: additional calling party number (6), international, NI 0, ISDN, allowed,
    // user provided not verified, even "821012345678".
    let g: GenericNumber = exact(&hex!("06 04 10 28 01 21 43 65 87"));
    assert_eq!(g.number_qualifier(), NumberQualifier::ADDITIONAL_CALLING);
    assert_eq!(g.digits(), "821012345678");
    assert_eq!(g.screening(), Screening::USER_PROVIDED_NOT_VERIFIED);
    let built = GenericNumber::new(
        NumberQualifier::ADDITIONAL_CALLING,
        NatureOfAddress::INTERNATIONAL,
        NumberingPlan::ISDN,
        Presentation::ALLOWED,
        Screening::USER_PROVIDED_NOT_VERIFIED,
        "821012345678",
    )
    .unwrap();
    assert_eq!(built, g);
    // NI 1, address not available, no digits.
    let g: GenericNumber = exact(&hex!("05 00 8B"));
    assert!(g.number_incomplete());
    assert_eq!(g.presentation(), Presentation::ADDRESS_NOT_AVAILABLE);
}

#[test]
fn cause_hand_vectors() {
    // ITU-T, location user, normal call clearing (16): 80 90.
    let c: Cause = exact(&hex!("80 90"));
    assert_eq!(c.coding_standard(), CodingStandard::ITU_T);
    assert_eq!(c.location(), Location::USER);
    assert_eq!(c.value(), CauseValue::NORMAL_CLEARING);
    assert_eq!(c.recommendation(), None);
    assert!(c.diagnostics().is_empty());
    assert_eq!(
        c,
        Cause::new(Location::USER, CauseValue::NORMAL_CLEARING).unwrap()
    );
    assert_eq!(c.to_string(), "normal call clearing (16), location: user");
    // Public network serving the remote user, user busy (17), diagnostics 01 02 (kept raw).
    let c: Cause = exact(&hex!("84 91 01 02"));
    assert_eq!(c.location(), Location::PUBLIC_REMOTE);
    assert_eq!(c.value(), CauseValue::USER_BUSY);
    assert_eq!(c.diagnostics(), hex!("01 02"));
    // Octet 1 ext 0: the recommendation octet 1a follows (Q.931), then normal unspecified (31).
    let c: Cause = exact(&hex!("02 80 9F"));
    assert_eq!(c.location(), Location::PUBLIC_LOCAL);
    assert_eq!(c.recommendation(), Some(Recommendation::Q931));
    assert_eq!(c.value(), CauseValue::NORMAL_UNSPECIFIED);
    let built = Cause::new(Location::PUBLIC_LOCAL, CauseValue::NORMAL_UNSPECIFIED)
        .unwrap()
        .with_recommendation(Recommendation::Q931)
        .unwrap();
    assert_eq!(built, c);
    // National coding standard, transit network, beyond interworking, interworking (127), and an
    // unnamed cause value kept as sent.
    let c: Cause = exact(&hex!("C3 FF"));
    assert_eq!(c.coding_standard(), CodingStandard::NATIONAL);
    assert_eq!(c.value(), CauseValue::INTERWORKING);
    let c: Cause = exact(&hex!("8A C4 AA"));
    assert_eq!(c.location(), Location::BEYOND_INTERWORKING);
    assert_eq!(c.value(), CauseValue(0x44));
    assert_eq!(c.value().to_string(), "unknown (68)");
    // The spare bit 5 of octet 1 is ignored and encoded 0.
    assert_eq!(
        Cause::decode(&hex!("90 90")).unwrap().to_vec(),
        hex!("80 90")
    );
    // Names the task asks for.
    for (v, name) in [
        (1, "unallocated (unassigned) number"),
        (16, "normal call clearing"),
        (17, "user busy"),
        (18, "no user responding"),
        (19, "no answer from user (user alerted)"),
        (21, "call rejected"),
        (22, "number changed"),
        (27, "destination out of order"),
        (28, "invalid number format (address incomplete)"),
        (31, "normal, unspecified"),
        (34, "no circuit/channel available"),
        (38, "network out of order"),
        (41, "temporary failure"),
        (42, "switching equipment congestion"),
        (47, "resource unavailable, unspecified"),
        (63, "service or option not available, unspecified"),
        (127, "interworking, unspecified"),
    ] {
        assert_eq!(CauseValue(v).name(), Some(name));
    }
}

#[test]
fn redirection_information_and_category() {
    // Call diverted (3), original reason user busy (1); redirecting reason no reply (2), counter 1.
    let r: RedirectionInformation = exact(&hex!("13 21"));
    assert_eq!(r.redirecting_indicator(), RedirectingIndicator::DIVERTED);
    assert_eq!(
        r.original_redirection_reason(),
        RedirectionReason::USER_BUSY
    );
    assert_eq!(r.redirecting_reason(), RedirectionReason::NO_REPLY);
    assert_eq!(r.redirection_counter(), 1);
    assert_eq!(
        r,
        RedirectionInformation::new(
            RedirectingIndicator::DIVERTED,
            RedirectionReason::USER_BUSY,
            1,
            RedirectionReason::NO_REPLY
        )
        .unwrap()
    );
    // Spare bits 4 of both octets ignored.
    assert_eq!(
        RedirectionInformation::decode(&hex!("1B 29"))
            .unwrap()
            .to_vec(),
        hex!("13 21")
    );
    for (octet, c) in [
        (0x00, CallingPartysCategory::UNKNOWN),
        (0x0a, CallingPartysCategory::ORDINARY_SUBSCRIBER),
        (0x0d, CallingPartysCategory::TEST_CALL),
        (0x0f, CallingPartysCategory::PAYPHONE),
        (0xe0, CallingPartysCategory(0xe0)),
    ] {
        let d: CallingPartysCategory = exact(&[octet]);
        assert_eq!(d, c);
    }
    assert_eq!(CallingPartysCategory::PAYPHONE.to_string(), "payphone");
    assert_eq!(
        format!("{:?}", CallingPartysCategory::TEST_CALL),
        "TEST_CALL"
    );
    assert_eq!(
        format!("{:?}", CallingPartysCategory(0xe0)),
        "CallingPartysCategory(224)"
    );
}

// ---------------------------------------------------------------------------------------------
// Every error path
// ---------------------------------------------------------------------------------------------

fn field(parameter: &'static str, field: &'static str, offset: usize) -> IsupError {
    IsupError::InvalidField {
        parameter,
        field,
        offset,
    }
}

#[test]
fn number_decode_errors() {
    const CD: &str = "called party number";
    const CG: &str = "calling party number";
    assert_eq!(
        CalledPartyNumber::decode(&[]),
        Err(IsupError::TooShort {
            parameter: CD,
            len: 0
        })
    );
    assert_eq!(
        CalledPartyNumber::decode(&hex!("83")),
        Err(IsupError::TooShort {
            parameter: CD,
            len: 1
        })
    );
    // Odd indicator, no signal octet.
    assert_eq!(
        CalledPartyNumber::decode(&hex!("83 10")),
        Err(field(CD, "odd/even indicator", 0))
    );
    // Odd indicator, filler 0111: the indicator lies (an even number whose last digit is 7).
    assert_eq!(
        CalledPartyNumber::decode(&hex!("83 10 21 73")),
        Err(field(CD, "filler", 3))
    );
    // Spare signal codes 1010, 1101, 1110.
    for (octets, signal, offset) in [
        (&hex!("03 10 A1")[..], 0xA, 2),
        (&hex!("03 10 1D")[..], 0xD, 2),
        (&hex!("03 10 21 E3")[..], 0xE, 3),
    ] {
        assert_eq!(
            CalledPartyNumber::decode(octets),
            Err(IsupError::InvalidAddressSignal {
                parameter: CD,
                signal,
                offset
            })
        );
    }
    // ST not last.
    assert_eq!(
        CalledPartyNumber::decode(&hex!("03 10 F1 32")),
        Err(IsupError::InvalidAddressSignal {
            parameter: CD,
            signal: 0xF,
            offset: 2
        })
    );
    // Too many signals: 17 octets = 34 signals.
    let mut long = vec![0x03, 0x10];
    long.extend([0x11; 17]);
    assert_eq!(
        CalledPartyNumber::decode(&long),
        Err(IsupError::TooManyDigits {
            parameter: CD,
            count: 34,
            max: MAX_DIGITS
        })
    );
    // 16 octets = 32 signals is the bound and is accepted.
    long.truncate(18);
    assert_eq!(CalledPartyNumber::decode(&long).unwrap().digits().len(), 32);
    // Calling party number: code 11 is not a digit.
    assert_eq!(
        CallingPartyNumber::decode(&hex!("03 13 B1")),
        Err(IsupError::InvalidAddressSignal {
            parameter: CG,
            signal: 0xB,
            offset: 2
        })
    );
    // Even indicator with a 1111 last nibble: an odd number with a lying indicator.
    assert_eq!(
        CallingPartyNumber::decode(&hex!("03 13 21 F3")),
        Err(field(CG, "odd/even indicator", 0))
    );
    // Address not available with signals.
    assert_eq!(
        CallingPartyNumber::decode(&hex!("03 0B 21")),
        Err(field(CG, "address presentation restricted indicator", 1))
    );
    assert_eq!(
        OriginalCalledPartyId::decode(&hex!("03 18 21")),
        Err(field(
            "original called number",
            "address presentation restricted indicator",
            1
        ))
    );
    assert_eq!(
        RedirectingPartyId::decode(&hex!("03")),
        Err(IsupError::TooShort {
            parameter: "redirecting number",
            len: 1
        })
    );
    assert_eq!(
        LocationNumber::decode(&hex!("03 1B 21")),
        Err(field(
            "location number",
            "address presentation restricted indicator",
            1
        ))
    );
    assert_eq!(
        GenericNumber::decode(&hex!("06 03")),
        Err(IsupError::TooShort {
            parameter: "generic number",
            len: 2
        })
    );
    assert_eq!(
        GenericNumber::decode(&hex!("06 03 0B 21")),
        Err(field(
            "generic number",
            "address presentation restricted indicator",
            2
        ))
    );
    assert_eq!(
        GenericNumber::decode(&hex!("06 83 13")),
        Err(field("generic number", "odd/even indicator", 0))
    );
}

#[test]
fn number_construction_errors() {
    const CD: &str = "called party number";
    const CG: &str = "calling party number";
    assert_eq!(
        CalledPartyNumber::national("0101234x"),
        Err(IsupError::InvalidCharacter {
            parameter: CD,
            character: 'x',
            position: 7
        })
    );
    // ST only last.
    assert_eq!(
        CalledPartyNumber::national("12F3"),
        Err(IsupError::InvalidCharacter {
            parameter: CD,
            character: 'F',
            position: 2
        })
    );
    assert_eq!(CalledPartyNumber::national("12f").unwrap().digits(), "12F");
    assert_eq!(
        CallingPartyNumber::national("12B"),
        Err(IsupError::InvalidCharacter {
            parameter: CG,
            character: 'B',
            position: 2
        })
    );
    assert_eq!(
        CalledPartyNumber::national(&"1".repeat(33)),
        Err(IsupError::TooManyDigits {
            parameter: CD,
            count: 33,
            max: 32
        })
    );
    assert_eq!(
        CalledPartyNumber::new(NatureOfAddress(0x80), NumberingPlan::ISDN, "1"),
        Err(field(CD, "nature of address indicator", 0))
    );
    assert_eq!(
        CalledPartyNumber::new(NatureOfAddress::NATIONAL, NumberingPlan(8), "1"),
        Err(field(CD, "numbering plan indicator", 1))
    );
    assert_eq!(
        CallingPartyNumber::new(
            NatureOfAddress::NATIONAL,
            NumberingPlan::ISDN,
            Presentation(4),
            Screening::NETWORK_PROVIDED,
            "1"
        ),
        Err(field(CG, "address presentation restricted indicator", 1))
    );
    assert_eq!(
        CallingPartyNumber::new(
            NatureOfAddress::NATIONAL,
            NumberingPlan::ISDN,
            Presentation::ALLOWED,
            Screening(4),
            "1"
        ),
        Err(field(CG, "screening indicator", 1))
    );
    assert_eq!(
        CallingPartyNumber::new(
            NatureOfAddress::NATIONAL,
            NumberingPlan::ISDN,
            Presentation::ADDRESS_NOT_AVAILABLE,
            Screening::NETWORK_PROVIDED,
            "1"
        ),
        Err(field(CG, "address presentation restricted indicator", 1))
    );
    assert_eq!(
        Digits::new("12#"),
        Err(IsupError::InvalidCharacter {
            parameter: "address signals",
            character: '#',
            position: 2
        })
    );
    assert!(OriginalCalledPartyId::parse("+8210").is_ok());
    assert!(RedirectingPartyId::international("8210A").is_err());
    assert!(LocationNumber::national("02*1").is_err());
}

#[test]
fn cause_and_fixed_length_errors() {
    const C: &str = "cause indicators";
    assert_eq!(
        Cause::decode(&[]),
        Err(IsupError::TooShort {
            parameter: C,
            len: 0
        })
    );
    assert_eq!(
        Cause::decode(&hex!("80")),
        Err(IsupError::TooShort {
            parameter: C,
            len: 1
        })
    );
    // ext 0: octet 1a expected but missing, then value missing.
    assert_eq!(
        Cause::decode(&hex!("00")),
        Err(IsupError::TooShort {
            parameter: C,
            len: 1
        })
    );
    assert_eq!(
        Cause::decode(&hex!("00 80")),
        Err(IsupError::TooShort {
            parameter: C,
            len: 2
        })
    );
    // Octet 1a with ext 0 (a second recommendation octet does not exist).
    assert_eq!(
        Cause::decode(&hex!("00 00 90")),
        Err(field(C, "extension indicator", 1))
    );
    // The cause value octet with ext 0.
    assert_eq!(
        Cause::decode(&hex!("80 10")),
        Err(field(C, "extension indicator", 1))
    );
    assert_eq!(
        Cause::decode(&hex!("00 80 10")),
        Err(field(C, "extension indicator", 2))
    );
    // Too many diagnostics.
    let mut long = vec![0x80, 0x90];
    long.extend([0u8; Cause::MAX_DIAGNOSTICS + 1]);
    assert_eq!(
        Cause::decode(&long),
        Err(IsupError::TooLong {
            parameter: C,
            len: long.len(),
            max: 2 + Cause::MAX_DIAGNOSTICS
        })
    );
    long.pop();
    assert!(Cause::decode(&long).is_ok());
    // Construction.
    assert_eq!(
        Cause::new(Location(16), CauseValue::USER_BUSY),
        Err(field(C, "location", 0))
    );
    assert_eq!(
        Cause::new(Location::USER, CauseValue(128)),
        Err(field(C, "cause value", 1))
    );
    let c = Cause::new(Location::USER, CauseValue::USER_BUSY).unwrap();
    assert_eq!(
        c.clone().with_coding_standard(CodingStandard(4)),
        Err(field(C, "coding standard", 0))
    );
    assert_eq!(
        c.clone().with_recommendation(Recommendation(0x80)),
        Err(field(C, "recommendation", 1))
    );
    assert_eq!(
        c.with_diagnostics(&[0; 28]),
        Err(IsupError::TooLong {
            parameter: C,
            len: 30,
            max: 29
        })
    );
    // Redirection information: exactly two octets.
    const R: &str = "redirection information";
    assert_eq!(
        RedirectionInformation::decode(&hex!("13")),
        Err(IsupError::TooShort {
            parameter: R,
            len: 1
        })
    );
    assert_eq!(
        RedirectionInformation::decode(&hex!("13 21 00")),
        Err(IsupError::TooLong {
            parameter: R,
            len: 3,
            max: 2
        })
    );
    assert_eq!(
        RedirectionInformation::new(
            RedirectingIndicator(8),
            RedirectionReason::UNKNOWN,
            0,
            RedirectionReason::UNKNOWN
        ),
        Err(field(R, "redirecting indicator", 0))
    );
    assert_eq!(
        RedirectionInformation::new(
            RedirectingIndicator::DIVERTED,
            RedirectionReason(16),
            0,
            RedirectionReason::UNKNOWN
        ),
        Err(field(R, "original redirection reason", 0))
    );
    assert_eq!(
        RedirectionInformation::new(
            RedirectingIndicator::DIVERTED,
            RedirectionReason::UNKNOWN,
            8,
            RedirectionReason::UNKNOWN
        ),
        Err(field(R, "redirection counter", 1))
    );
    assert_eq!(
        RedirectionInformation::new(
            RedirectingIndicator::DIVERTED,
            RedirectionReason::UNKNOWN,
            1,
            RedirectionReason(16)
        ),
        Err(field(R, "redirecting reason", 1))
    );
    // Calling party's category: exactly one octet.
    const K: &str = "calling party's category";
    assert_eq!(
        CallingPartysCategory::decode(&[]),
        Err(IsupError::TooShort {
            parameter: K,
            len: 0
        })
    );
    assert_eq!(
        CallingPartysCategory::decode(&hex!("0a 0a")),
        Err(IsupError::TooLong {
            parameter: K,
            len: 2,
            max: 1
        })
    );
}

#[test]
fn errors_display_the_parameter_and_the_octet() {
    let e = CalledPartyNumber::decode(&hex!("83 10 21 73")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "called party number: invalid filler at octet 3"
    );
    let e = CallingPartyNumber::decode(&hex!("03 13 B1")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "calling party number: address signal 0xb not allowed at octet 2"
    );
}

// ---------------------------------------------------------------------------------------------
// Robustness: every prefix and every single-octet corruption of the valid vectors
// ---------------------------------------------------------------------------------------------

fn check_no_panic<P: IsupParameter + std::fmt::Debug>(valid: &[u8]) {
    for n in 0..valid.len() {
        let _ = P::decode(&valid[..n]);
    }
    for i in 0..valid.len() {
        for b in 0..=255u8 {
            let mut v = valid.to_vec();
            v[i] = b;
            if let Ok(p) = P::decode(&v) {
                // Whatever decodes re-decodes to itself from its own encoding.
                let again = P::decode(&p.to_vec()).expect("re-decode");
                assert_eq!(again.to_vec(), p.to_vec());
                let _ = format!("{p:?}");
            }
        }
    }
}

#[test]
fn prefixes_and_corruptions_never_panic() {
    check_no_panic::<CalledPartyNumber>(&hex!("03 10 50 40 21 43 65 87"));
    check_no_panic::<CalledPartyNumber>(&hex!("83 10 10 90 78 56 34 02"));
    check_no_panic::<CallingPartyNumber>(&hex!("83 11 10 10 32 54 76 08"));
    check_no_panic::<OriginalCalledPartyId>(&hex!("03 10 50 40 21 43 65 87"));
    check_no_panic::<RedirectingPartyId>(&hex!("03 10 10 32 54 76"));
    check_no_panic::<LocationNumber>(&hex!("83 97 20 21 43 65 07"));
    check_no_panic::<GenericNumber>(&hex!("06 04 10 28 01 21 43 65 87"));
    check_no_panic::<Cause>(&hex!("02 80 9F 01 02"));
    check_no_panic::<RedirectionInformation>(&hex!("13 21"));
    check_no_panic::<CallingPartysCategory>(&hex!("0a"));
}

// ---------------------------------------------------------------------------------------------
// Round trips
// ---------------------------------------------------------------------------------------------

fn decimal(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(0u8..10, 0..=max)
        .prop_map(|d| d.into_iter().map(|x| char::from(b'0' + x)).collect())
}

fn called_digits() -> impl Strategy<Value = String> {
    (
        proptest::collection::vec(prop_oneof![0u8..10, Just(11), Just(12)], 0..MAX_DIGITS),
        any::<bool>(),
    )
        .prop_map(|(d, st)| {
            let mut s: String = d
                .into_iter()
                .map(|x| {
                    char::from_digit(u32::from(x), 16)
                        .unwrap()
                        .to_ascii_uppercase()
                })
                .collect();
            if st {
                s.push('F');
            }
            s
        })
}

fn presentation_and_digits() -> impl Strategy<Value = (Presentation, String)> {
    (0u8..4, decimal(MAX_DIGITS)).prop_map(|(p, d)| {
        let p = Presentation(p);
        let d = if p == Presentation::ADDRESS_NOT_AVAILABLE {
            String::new()
        } else {
            d
        };
        (p, d)
    })
}

fn round_trip<P: IsupParameter + PartialEq + std::fmt::Debug>(p: &P) -> Result<(), TestCaseError> {
    let octets = p.to_vec();
    let back = P::decode(&octets).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(&back, p);
    prop_assert_eq!(back.to_vec(), octets);
    Ok(())
}

proptest! {
    #[test]
    fn called_party_number_round_trip(nai in 0u8..128, npi in 0u8..8, inn: bool, digits in called_digits()) {
        let p = CalledPartyNumber::new(NatureOfAddress(nai), NumberingPlan(npi), &digits).unwrap().with_inn(inn);
        prop_assert_eq!(p.digits(), digits.as_str());
        round_trip(&p)?;
    }

    #[test]
    fn calling_party_number_round_trip(nai in 0u8..128, npi in 0u8..8, si in 0u8..4, ni: bool, (apri, digits) in presentation_and_digits()) {
        let p = CallingPartyNumber::new(NatureOfAddress(nai), NumberingPlan(npi), apri, Screening(si), &digits)
            .unwrap()
            .with_number_incomplete(ni);
        round_trip(&p)?;
    }

    #[test]
    fn original_called_and_redirecting_round_trip(nai in 0u8..128, npi in 0u8..8, (apri, digits) in presentation_and_digits()) {
        round_trip(&OriginalCalledPartyId::new(NatureOfAddress(nai), NumberingPlan(npi), apri, &digits).unwrap())?;
        round_trip(&RedirectingPartyId::new(NatureOfAddress(nai), NumberingPlan(npi), apri, &digits).unwrap())?;
    }

    #[test]
    fn location_number_round_trip(nai in 0u8..128, npi in 0u8..8, si in 0u8..4, inn: bool, (apri, digits) in presentation_and_digits()) {
        let p = LocationNumber::new(NatureOfAddress(nai), NumberingPlan(npi), apri, Screening(si), &digits)
            .unwrap()
            .with_inn(inn);
        round_trip(&p)?;
    }

    #[test]
    fn generic_number_round_trip(nqi: u8, nai in 0u8..128, npi in 0u8..8, si in 0u8..4, ni: bool, (apri, digits) in presentation_and_digits()) {
        let p = GenericNumber::new(NumberQualifier(nqi), NatureOfAddress(nai), NumberingPlan(npi), apri, Screening(si), &digits)
            .unwrap()
            .with_number_incomplete(ni);
        round_trip(&p)?;
    }

    #[test]
    fn cause_round_trip(
        cs in 0u8..4, loc in 0u8..16, rec in proptest::option::of(0u8..128), value in 0u8..128,
        diag in proptest::collection::vec(any::<u8>(), 0..=Cause::MAX_DIAGNOSTICS),
    ) {
        let mut c = Cause::new(Location(loc), CauseValue(value)).unwrap()
            .with_coding_standard(CodingStandard(cs)).unwrap()
            .with_diagnostics(&diag).unwrap();
        if let Some(r) = rec {
            c = c.with_recommendation(Recommendation(r)).unwrap();
        }
        round_trip(&c)?;
    }

    #[test]
    fn redirection_information_round_trip(ind in 0u8..8, orig in 0u8..16, counter in 0u8..8, reason in 0u8..16) {
        let r = RedirectionInformation::new(RedirectingIndicator(ind), RedirectionReason(orig), counter, RedirectionReason(reason)).unwrap();
        round_trip(&r)?;
    }

    #[test]
    fn calling_partys_category_round_trip(c: u8) {
        round_trip(&CallingPartysCategory(c))?;
    }

    /// Arbitrary octets never panic, and what decodes re-encodes to something that decodes the same.
    #[test]
    fn arbitrary_octets(octets in proptest::collection::vec(any::<u8>(), 0..40)) {
        fn check<P: IsupParameter + PartialEq + std::fmt::Debug>(o: &[u8]) -> Result<(), TestCaseError> {
            if let Ok(p) = P::decode(o) {
                round_trip(&p)?;
            }
            Ok(())
        }
        check::<CalledPartyNumber>(&octets)?;
        check::<CallingPartyNumber>(&octets)?;
        check::<OriginalCalledPartyId>(&octets)?;
        check::<RedirectingPartyId>(&octets)?;
        check::<LocationNumber>(&octets)?;
        check::<GenericNumber>(&octets)?;
        check::<Cause>(&octets)?;
        check::<RedirectionInformation>(&octets)?;
        check::<CallingPartysCategory>(&octets)?;
    }
}

// ---------------------------------------------------------------------------------------------
// Masking (personal data)
// ---------------------------------------------------------------------------------------------

#[test]
fn mask_rule() {
    assert_eq!(mask("01012345678"), "010-****-5678");
    assert_eq!(mask("01098765432"), "010-****-5432");
    assert_eq!(mask("050412345678"), "050-*****-5678");
    assert_eq!(mask("0212345678"), "02-****-5678");
    assert_eq!(mask("021234567"), "0-****-4567");
    assert_eq!(mask("15881234"), "****-1234");
    assert_eq!(mask("1234567"), "*****67");
    assert_eq!(mask("123"), "*23");
    assert_eq!(mask("12"), "**");
    assert_eq!(mask(""), "");
}

#[test]
fn numbers_print_masked() {
    let n = CalledPartyNumber::national("050412345678").unwrap();
    assert_eq!(n.to_string(), "050-*****-5678");
    assert_eq!(
        format!("{n:?}"),
        "CalledPartyNumber { nature_of_address: NATIONAL, inn: false, numbering_plan: ISDN, digits: \"050-*****-5678\" }"
    );
    assert_eq!(format!("{:?}", n.address()), "Digits(\"050-*****-5678\")");
    assert_eq!(n.address().to_string(), "050-*****-5678");
    assert_eq!(n.digits(), "050412345678");
    let c = CallingPartyNumber::decode(&hex!("83 11 10 10 32 54 76 08")).unwrap();
    assert_eq!(c.to_string(), "010-****-5678");
    assert!(!format!("{c:?}").contains("1234"));
    assert!(!format!("{c:#?}").contains("1234"));
}

/// The middle characters of `digits` under [`mask`]'s rule.
fn hidden(digits: &str) -> std::ops::Range<usize> {
    let n = digits.len();
    if n >= 8 {
        (n - 8).min(3)..n - 4
    } else if n >= 3 {
        0..n - 2
    } else {
        0..n
    }
}

proptest! {
    #[test]
    fn debug_and_display_never_show_the_middle(digits in "[0-9]{1,32}") {
        let range = hidden(&digits);
        let texts = {
            let called = CalledPartyNumber::national(&digits).unwrap();
            let calling = CallingPartyNumber::national(&digits).unwrap();
            let ocpi = OriginalCalledPartyId::international(&digits).unwrap();
            let redirecting = RedirectingPartyId::national(&digits).unwrap();
            let location = LocationNumber::national(&digits).unwrap();
            let generic = GenericNumber::new(NumberQualifier::ADDITIONAL_CALLING, NatureOfAddress::NATIONAL,
                NumberingPlan::ISDN, Presentation::ALLOWED, Screening::NETWORK_PROVIDED, &digits).unwrap();
            vec![
                format!("{called:?}"), called.to_string(), format!("{called:#?}"),
                format!("{calling:?}"), calling.to_string(),
                format!("{ocpi:?}"), ocpi.to_string(),
                format!("{redirecting:?}"), redirecting.to_string(),
                format!("{location:?}"), location.to_string(),
                format!("{generic:?}"), generic.to_string(),
                format!("{:?}", called.address()), called.address().to_string(),
            ]
        };
        // The masked form keeps the length and shows at most 7 digits.
        let masked = mask(&digits);
        prop_assert_eq!(masked.chars().filter(|c| *c != '-').count(), digits.len());
        prop_assert!(masked.chars().filter(char::is_ascii_digit).count() <= 7);
        prop_assert_eq!(masked.chars().filter(|c| *c == '*').count(), range.len());
        for t in &texts {
            prop_assert!(t.contains(&masked), "{} lacks {}", t, masked);
            // Apart from the masked form, no digit at all is printed: the hidden middle cannot
            // appear anywhere else.
            let rest = t.replace(&masked, "");
            prop_assert!(!rest.chars().any(|c| c.is_ascii_digit()), "{} shows digits outside {}", t, masked);
        }
        // And in the masked form, exactly the hidden positions are stars.
        let shown: String = masked.chars().filter(|c| *c != '-').collect();
        for (i, (m, d)) in shown.chars().zip(digits.chars()).enumerate() {
            if range.contains(&i) {
                prop_assert_eq!(m, '*');
            } else {
                prop_assert_eq!(m, d);
            }
        }
    }
}

#[cfg(feature = "serde")]
#[test]
fn serde_shows_digits_in_clear() {
    let n = CalledPartyNumber::national("050412345678").unwrap();
    let json = serde_json::to_value(&n).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"nature_of_address": 3, "inn": false, "numbering_plan": 1, "digits": "050412345678"})
    );
    let c = Cause::new(Location::USER, CauseValue::USER_BUSY)
        .unwrap()
        .with_diagnostics(&[0xab, 0x01])
        .unwrap();
    let json = serde_json::to_value(&c).unwrap();
    assert_eq!(json["diagnostics"], "ab01");
    assert_eq!(json["value"], 17);
}
