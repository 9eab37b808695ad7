//! Truncation and corruption sweep over valid messages of every type: every strict prefix is an
//! error (never a panic), and every single-octet corruption either errors or decodes to a
//! message that re-encodes and decodes back to itself.

mod common;

use bytes::Bytes;
use hex_literal::hex;
use sccp::{
    HopCounter, Importance, LocalReference, Ludt, Ludts, Message, ProtocolClass, ReturnCause,
    SccpAddress, SubsystemNumber, Xudt, Xudts, segment,
};

fn valid_messages() -> Vec<Bytes> {
    let Message::Udt(idp) = Message::decode(&common::idp_udt()).unwrap() else {
        panic!()
    };
    let cd = idp.called_party.clone();
    let cg = SccpAddress::from_ssn(SubsystemNumber::CAP).with_point_code(sccp::PointCode::MAX);
    let data = Bytes::from_static(b"0123456789abcdef");
    let seg = segment(
        &common::tcap_begin(),
        40,
        LocalReference::from_u32(0x123).unwrap(),
        &Xudt::new(cd.clone(), cg.clone(), Bytes::new())
            .with_importance(Importance::new(6).unwrap()),
    )
    .unwrap();
    let mut xudts = Xudts::new(ReturnCause(3), cg.clone(), cd.clone(), data.clone());
    xudts.hop_counter = HopCounter::new(9).unwrap();
    xudts.optional.set_importance(Importance::new(1));
    let mut out: Vec<Bytes> = vec![
        common::idp_udt(),
        common::connect_udt(),
        idp.to_udts(ReturnCause::UNEQUIPPED_USER)
            .to_bytes()
            .unwrap(),
        xudts.to_bytes().unwrap(),
        Ludt::new(cd.clone(), cg.clone(), Bytes::from(vec![7; 300]))
            .with_protocol_class(ProtocolClass::CLASS_1_RETURN_ON_ERROR)
            .to_bytes()
            .unwrap(),
        Ludts::new(ReturnCause(10), cg.clone(), cd.clone(), data.clone())
            .to_bytes()
            .unwrap(),
        Bytes::from_static(&hex!(
            "11 81 0f 04 0a 10 14 06 06 07 84 21 43 05 06 09 23 01 0a 44 77 04 de ad be ef"
            "10 04 c1 01 02 03 12 01 05 00"
        )),
        Bytes::from_static(&hex!(
            "14 0a 0f 07 00 0d 00 11 00 00 00 07 12 f1 05 13 04 aa bb 05 16 08 01 02 03 02 00 55 66"
        )),
    ];
    out.extend(seg.iter().map(|s| s.to_bytes().unwrap()));
    out
}

#[test]
fn every_truncation_is_an_error() {
    for wire in valid_messages() {
        let full = Message::decode(&wire).unwrap();
        assert_eq!(full.to_bytes().unwrap(), wire, "{full}");
        for len in 0..wire.len() {
            let prefix = wire.slice(..len);
            assert!(
                Message::decode(&prefix).is_err(),
                "prefix of {len} octets of {full} decoded"
            );
        }
    }
}

#[test]
fn every_single_octet_corruption_is_safe() {
    let mut decoded = 0usize;
    let mut rejected = 0usize;
    for wire in valid_messages() {
        for at in 0..wire.len() {
            for value in 0..=255u8 {
                if value == wire[at] {
                    continue;
                }
                let mut bad = wire.to_vec();
                bad[at] = value;
                match Message::decode(&Bytes::from(bad)) {
                    Ok(message) => {
                        decoded += 1;
                        let again = message.to_bytes().unwrap();
                        assert_eq!(Message::decode(&again).unwrap(), message);
                        let _ = message.to_string();
                    }
                    Err(e) => {
                        rejected += 1;
                        let _ = (e.offset(), e.return_cause(), e.to_string());
                    }
                }
            }
        }
    }
    // Both outcomes occur: the sweep exercises the decoder, not just its first check.
    assert!(decoded > 1000 && rejected > 1000, "{decoded} / {rejected}");
}
