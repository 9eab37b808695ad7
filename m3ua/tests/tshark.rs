//! Wireshark's tshark, which nobody here wrote, dissects what we encode: one message of every
//! type in one pcap, no malformed packet, no expert warning, and the field values we meant.
//!
//! Skipped with a note when tshark is missing, unless `CI` is set (then it fails; see `oracle`).

mod common;

use std::path::PathBuf;

use m3ua::{Message, MessageKind};

fn temp_pcap(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("m3ua-tshark-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join(name)
}

#[test]
fn every_message_type_dissects_cleanly() {
    let messages = common::representatives();
    let kinds: Vec<MessageKind> = messages.iter().map(Message::kind).collect();
    assert_eq!(
        kinds,
        MessageKind::ALL,
        "one message of every type, in RFC order"
    );
    let wire: Vec<Vec<u8>> = messages
        .iter()
        .map(|m| m.to_bytes().expect("encodable").to_vec())
        .collect();

    let Some(tshark) = oracle::tshark() else {
        return;
    };
    let pcap = temp_pcap("every-type.pcap");
    oracle::write_pcap(&pcap, &wire).expect("pcap written");
    tshark.check_clean(&pcap, &[]);

    let rows = tshark.fields(
        &pcap,
        &[
            "frame.protocols",
            "m3ua.message_class",
            "m3ua.message_type",
            "m3ua.routing_context",
            "m3ua.protocol_data_opc",
            "m3ua.protocol_data_dpc",
            "m3ua.protocol_data_si",
            "m3ua.protocol_data_ni",
            "m3ua.protocol_data_sls",
        ],
        &[],
    );
    assert_eq!(rows.len(), messages.len());
    for (row, msg) in rows.iter().zip(&messages) {
        let kind = msg.kind();
        assert!(row[0].contains("m3ua"), "{kind}: {row:?}");
        assert_eq!(row[1], kind.class.0.to_string(), "{kind}: class");
        assert_eq!(row[2], kind.message_type.0.to_string(), "{kind}: type");
        let rc: Option<String> = match msg {
            Message::Data(m) => m.routing_context.map(|rc| rc.to_string()),
            Message::Err(m) => join(&m.routing_context),
            Message::Ntfy(m) => join(&m.routing_context),
            Message::Duna(m) | Message::Dava(m) | Message::Daud(m) | Message::Drst(m) => {
                join(&m.routing_context)
            }
            Message::Scon(m) => join(&m.routing_context),
            Message::Dupu(m) => join(&m.routing_context),
            Message::AspAc(m) | Message::AspAcAck(m) => join(&m.routing_context),
            Message::AspIa(m) | Message::AspIaAck(m) => join(&m.routing_context),
            Message::DeregReq(m) => join(&m.routing_context),
            _ => None,
        };
        if let Some(rc) = rc {
            assert_eq!(row[3], rc, "{kind}: routing context");
        }
        if let Message::Data(data) = msg {
            let pd = &data.protocol_data;
            assert!(row[0].ends_with("m3ua:sccp:tcap:inap"), "{row:?}");
            let expected = [
                pd.opc,
                pd.dpc,
                u32::from(pd.si),
                u32::from(pd.ni),
                u32::from(pd.sls),
            ];
            let got: Vec<u32> = row[4..9]
                .iter()
                .map(|v| v.parse().expect("a number"))
                .collect();
            assert_eq!(got, expected, "DATA routing label");
        }
    }
}

fn join(values: &[u32]) -> Option<String> {
    Some(
        values
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(","),
    )
}

/// The check can fail: a Parameter Length below 4 is flagged by tshark as malformed (it tolerates
/// some other faults our decoder refuses, such as a parameter running past the message).
#[test]
fn tshark_flags_a_broken_parameter_length() {
    let Some(tshark) = oracle::tshark() else {
        return;
    };
    let mut wire = common::representatives()[9]
        .to_bytes()
        .expect("encodable")
        .to_vec(); // ASPUP
    assert_eq!(&wire[..4], &[1, 0, 3, 1]);
    wire[11] = 3; // the ASP Identifier's Parameter Length
    assert!(matches!(
        Message::from_bytes(wire.clone().into()),
        Err(m3ua::DecodeError::ParameterLengthTooShort {
            offset: 8,
            length: 3,
            ..
        })
    ));
    let pcap = temp_pcap("broken.pcap");
    oracle::write_pcap(&pcap, &[wire]).expect("pcap written");
    let caught = std::panic::catch_unwind(|| tshark.check_clean(&pcap, &[]));
    assert!(
        caught.is_err(),
        "tshark should flag a parameter length below 4"
    );
}
