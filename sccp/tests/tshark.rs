//! Wireshark oracle: every message type and every GTI, encoded by this crate, wrapped by hand in
//! M3UA DATA (this crate does not depend on the m3ua crate), written to one pcap and read back
//! with tshark: nothing malformed, no expert warning, and the fields read as encoded.
//!
//! The user data is the TCAP Begin of the IDP vector, so that TCAP/INAP dissect cleanly.

mod common;

use bytes::Bytes;
use sccp::{
    AddressInformation, Digits, GlobalTitle, Importance, LocalReference, Ludt, Ludts, Message,
    NatureOfAddress, NumberingPlan, PointCode, ProtocolClass, ReturnCause, SccpAddress,
    SubsystemNumber, TranslationType, Udt, Xudt, Xudts, segment,
};

/// One frame: the message and the values tshark must report for it.
struct Frame {
    message: Message,
    /// (field, value) pairs expected in this frame.
    expect: Vec<(&'static str, String)>,
}

fn address_fields(prefix: &'static str, a: &SccpAddress) -> Vec<(&'static str, String)> {
    let f = |name: &str| -> &'static str {
        Box::leak(format!("sccp.{prefix}.{name}").into_boxed_str())
    };
    let ai = a.address_indicator();
    let mut out = vec![
        (f("ri"), format!("0x{:02x}", u8::from(ai.0 & 0x40 != 0))),
        (f("gti"), format!("0x{:02x}", ai.global_title_indicator().0)),
    ];
    if let Some(ssn) = a.ssn {
        out.push((f("ssn"), ssn.0.to_string()));
    }
    if let Some(pc) = a.point_code {
        out.push((f("pc"), pc.get().to_string()));
    }
    if let Some(gt) = &a.global_title {
        if let Some(tt) = gt.translation_type() {
            out.push((f("tt"), format!("0x{:02x}", tt.0)));
        }
        if let Some(np) = gt.numbering_plan() {
            out.push((f("np"), format!("0x{:02x}", np.0)));
        }
        if let Some(es) = gt.encoding_scheme() {
            out.push((f("es"), format!("0x{:02x}", es.0)));
        }
        if let Some(nai) = gt.nature_of_address() {
            out.push((f("nai"), format!("0x{:02x}", nai.0)));
        }
        if let Some(d) = gt.digits() {
            out.push((f("digits"), d.to_string()));
        }
    }
    out
}

fn frame(message: Message) -> Frame {
    let mut expect = vec![(
        "sccp.message_type",
        format!("0x{:02x}", message.message_type().0),
    )];
    expect.extend(address_fields("called", message.called_party()));
    expect.extend(address_fields("calling", message.calling_party()));
    if let Some(cause) = message.return_cause() {
        expect.push(("sccp.return_cause", format!("0x{:02x}", cause.0)));
    }
    if let Some(class) = message.protocol_class() {
        expect.push(("sccp.class", format!("0x{:02x}", class.class())));
        expect.push((
            "sccp.handling",
            format!("0x{:02x}", class.message_handling()),
        ));
    }
    if let Some(hops) = message.hop_counter() {
        expect.push(("sccp.hops", format!("0x{:02x}", hops.get())));
    }
    if let Some(seg) = message.segmentation() {
        expect.push((
            "sccp.segmentation.first",
            format!("0x{:02x}", u8::from(seg.first)),
        ));
        expect.push((
            "sccp.segmentation.class",
            format!("0x{:02x}", u8::from(seg.class1)),
        ));
        expect.push((
            "sccp.segmentation.remaining",
            format!("0x{:02x}", seg.remaining_segments),
        ));
        expect.push((
            "sccp.segmentation.slr",
            format!("0x{:06x}", seg.local_reference.to_u32()),
        ));
    }
    if let Some(imp) = message.optional().and_then(|o| o.importance()) {
        expect.push(("sccp.importance", format!("0x{:02x}", imp.get())));
    }
    Frame { message, expect }
}

fn frames() -> Vec<Frame> {
    let Message::Udt(idp) = Message::decode(&common::idp_udt()).unwrap() else {
        panic!("the IDP vector is a UDT")
    };
    let tcap = common::tcap_begin();
    let called = idp.called_party.clone();
    let calling = idp.calling_party.clone();
    let inap = SubsystemNumber::INAP;
    let digits = |s: &str| Digits::new(s).unwrap();

    let mut frames = vec![
        // UDT, GTI 4, both parities (the vector itself).
        frame(idp.clone().into()),
        // UDTS.
        frame(idp.to_udts(ReturnCause::SUBSYSTEM_FAILURE).into()),
    ];
    // XUDT with segmentation and importance: every segment of the TCAP Begin.
    let template = Xudt::new(called.clone(), calling.clone(), Bytes::new())
        .with_protocol_class(ProtocolClass::CLASS_1_RETURN_ON_ERROR)
        .with_importance(Importance::new(4).unwrap());
    for seg in segment(
        &tcap,
        50,
        LocalReference::from_u32(0x0a0b0c).unwrap(),
        &template,
    )
    .unwrap()
    {
        frames.push(frame(seg.into()));
    }
    frames.extend([
        // XUDT without segmentation.
        frame(
            Xudt::new(called.clone(), calling.clone(), tcap.clone())
                .with_hop_counter(sccp::HopCounter::new(7).unwrap())
                .into(),
        ),
        // XUDTS with importance.
        frame({
            let mut x = Xudts::new(
                ReturnCause::HOP_COUNTER_VIOLATION,
                calling.clone(),
                called.clone(),
                tcap.clone(),
            );
            x.optional.set_importance(Importance::new(2));
            x.into()
        }),
        // LUDT and LUDTS.
        frame(
            Ludt::new(called.clone(), calling.clone(), tcap.clone())
                .with_protocol_class(ProtocolClass::CLASS_0_RETURN_ON_ERROR)
                .into(),
        ),
        frame(
            Ludts::new(
                ReturnCause::SEGMENTATION_FAILURE,
                calling.clone(),
                called.clone(),
                tcap.clone(),
            )
            .into(),
        ),
    ]);
    // Each GTI and the PC/SSN-only forms on the called side.
    let called_variants = [
        SccpAddress::from_global_title(GlobalTitle::NaiOnly {
            nature_of_address: NatureOfAddress::INTERNATIONAL_NUMBER,
            digits: digits("4912345"),
        })
        .with_ssn(inap),
        SccpAddress::from_global_title(GlobalTitle::NaiOnly {
            nature_of_address: NatureOfAddress::NATIONAL_SIGNIFICANT_NUMBER,
            digits: digits("491234"),
        })
        .with_ssn(inap),
        SccpAddress::from_global_title(GlobalTitle::TtOnly {
            translation_type: TranslationType(10),
            digits: digits("3312"),
        })
        .with_ssn(inap)
        .with_point_code(PointCode::new(1234).unwrap()),
        SccpAddress::from_global_title(GlobalTitle::TtNpEs {
            translation_type: TranslationType(0),
            numbering_plan: NumberingPlan::ISDN_MOBILE,
            address: AddressInformation::Bcd(digits("262019876543")),
        })
        .with_ssn(inap),
        SccpAddress::from_global_title(GlobalTitle::TtNpEs {
            translation_type: TranslationType(0),
            numbering_plan: NumberingPlan::ISDN_TELEPHONY,
            address: AddressInformation::Bcd(digits("441234567")),
        })
        .with_ssn(inap),
        SccpAddress::from_global_title(GlobalTitle::TtNpEsNai {
            translation_type: TranslationType(0),
            numbering_plan: NumberingPlan::ISDN_TELEPHONY,
            nature_of_address: NatureOfAddress::NATIONAL_SIGNIFICANT_NUMBER,
            address: AddressInformation::Bcd(digits("050412345678")),
        })
        .with_ssn(inap)
        .with_point_code(PointCode::new(2).unwrap()),
        SccpAddress::from_point_code_ssn(PointCode::new(16383).unwrap(), inap),
        SccpAddress::from_ssn(inap),
    ];
    for cdpa in called_variants {
        frames.push(frame(
            Udt::new(cdpa, calling.clone(), tcap.clone())
                .with_protocol_class(ProtocolClass::CLASS_0)
                .into(),
        ));
    }
    // No PC-only address here: Wireshark rightly warns "routed on SSN, but SSN is not present"
    // for one (tests/vectors.rs covers its coding).
    frames
}

#[test]
fn tshark_reads_what_we_encode() {
    let frames = frames();
    let Some(tshark) = oracle::tshark() else {
        return;
    };
    let m3ua: Vec<Vec<u8>> = frames
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let sccp = f.message.to_bytes().unwrap();
            // The bytes we hand to tshark decode back to the same message.
            assert_eq!(Message::decode(&sccp).unwrap(), f.message);
            common::m3ua_wrap(&sccp, 3, 2, u8::try_from(i % 16).unwrap())
        })
        .collect();
    let dir = std::env::temp_dir().join(format!("sccp-tshark-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pcap = dir.join("sccp.pcap");
    oracle::write_pcap(&pcap, &m3ua).unwrap();

    tshark.check_clean(&pcap, &[]);

    let mut names: Vec<&'static str> = frames
        .iter()
        .flat_map(|f| f.expect.iter().map(|(n, _)| *n))
        .collect();
    names.sort_unstable();
    names.dedup();
    let mut fields = vec!["frame.protocols"];
    fields.extend(names.iter().copied());
    let rows = tshark.fields(&pcap, &fields, &[]);
    assert_eq!(rows.len(), frames.len(), "one row per frame");
    for (i, (frame, row)) in frames.iter().zip(&rows).enumerate() {
        let context = || format!("frame {} ({}): {row:?}", i + 1, frame.message);
        assert!(row[0].contains("m3ua:sccp"), "{}", context());
        for (name, want) in &frame.expect {
            let column = 1 + names.iter().position(|n| n == name).unwrap();
            let got = row.get(column).map(String::as_str).unwrap_or("");
            assert_eq!(got, want, "{name} in {}", context());
        }
    }
    // TCAP and INAP are dissected from the UDT, and from the XUDT segments once Wireshark has
    // reassembled them (frames 3 and 4: the first segment alone is not).
    assert!(rows[0][0].ends_with("sccp:tcap:inap"), "{:?}", rows[0]);
    assert!(rows[2][0].ends_with("m3ua:sccp"), "{:?}", rows[2]);
    assert!(rows[3][0].ends_with("sccp:tcap:inap"), "{:?}", rows[3]);
    let reassembled = tshark.fields(&pcap, &["sccp.msg.reassembled.length"], &[]);
    assert_eq!(reassembled[3][0], common::tcap_begin().len().to_string());
    let _ = std::fs::remove_dir_all(&dir);
}

/// A control for the LUDT pointer convention: pointers counted from their first octet instead of
/// their second (one more than ours) do not read back as the addresses we meant, so the check
/// above does pin the convention down.
#[test]
fn tshark_disagrees_with_the_other_ludt_pointer_convention() {
    let Message::Udt(idp) = Message::decode(&common::idp_udt()).unwrap() else {
        panic!()
    };
    let Some(tshark) = oracle::tshark() else {
        return;
    };
    let ludt = Ludt::new(
        idp.called_party.clone(),
        idp.calling_party.clone(),
        common::tcap_begin(),
    );
    let good = ludt.to_bytes().unwrap().to_vec();
    let mut other = good.clone();
    // Pointers at octets 3, 5, 7 (the optional pointer at 9 is 0): one more.
    for at in [3, 5, 7] {
        other[at] += 1;
    }
    let dir = std::env::temp_dir().join(format!("sccp-tshark-ctl-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pcap = dir.join("control.pcap");
    oracle::write_pcap(
        &pcap,
        &[
            common::m3ua_wrap(&good, 3, 2, 0),
            common::m3ua_wrap(&other, 3, 2, 0),
        ],
    )
    .unwrap();
    let rows = tshark.fields(&pcap, &["sccp.called.digits"], &[]);
    assert_eq!(rows[0][0], "8250412345678");
    assert_ne!(rows[1][0], "8250412345678", "{rows:?}");
    let _ = std::fs::remove_dir_all(&dir);
}
