//! What `vns-ssp encode` writes is what Wireshark reads: every variant of the two commands, in one
//! pcap, dissected by tshark with no malformed packet or expert warning and with the values we meant.

use clap::Parser;
use testbed::cli::{Cli, run};

fn encode(args: &[&str]) -> Vec<u8> {
    let cli = Cli::try_parse_from(std::iter::once("vns-ssp").chain(args.iter().copied()))
        .expect("arguments parse");
    let mut out = Vec::new();
    let code = run(cli, &mut &b""[..], &mut out);
    assert_eq!(code, std::process::ExitCode::SUCCESS, "{args:?}");
    hex::decode(String::from_utf8(out).unwrap().trim()).expect("hex")
}

#[test]
fn encoded_messages_dissect_cleanly_with_the_values_encoded() {
    let cases: Vec<(Vec<&str>, [&str; 6])> = vec![
        // args → [m3ua.routing_context, tcap.otid, tcap.dtid, inap.code.local, isup.called, isup.calling]
        (
            vec![
                "encode",
                "idp",
                "--called",
                "050412345678",
                "--calling",
                "01012345678",
            ],
            ["2", "01020304", "", "0", "050412345678", "01012345678"],
        ),
        (
            vec![
                "encode",
                "idp",
                "--called",
                "05041234567",
                "--service-key",
                "77",
                "--otid",
                "a1",
                "--no-dialogue",
                "--rc",
                "40",
                "--category",
                "15",
                "--event",
                "3",
            ],
            ["40", "a1", "", "0", "05041234567", ""],
        ),
        (
            vec![
                "encode",
                "idp",
                "--called",
                "+821012345678",
                "--calling",
                "+82212345678",
                "--no-rc",
            ],
            ["", "01020304", "", "0", "821012345678", "82212345678"],
        ),
        (
            vec![
                "encode",
                "connect",
                "--dra",
                "01098765432",
                "--original-called",
                "050412345678",
            ],
            ["3", "", "01020304", "20", "01098765432", ""],
        ),
        (
            vec![
                "encode",
                "connect",
                "--dra",
                "0212345678",
                "--calling",
                "050412345678",
                "--continue-otid",
                "0f0e0d0c",
                "--dtid",
                "0a0b",
                "--invoke-id",
                "5",
            ],
            ["3", "0f0e0d0c", "0a0b", "20", "0212345678", "050412345678"],
        ),
        (
            vec![
                "encode",
                "connect",
                "--dra",
                "01098765432",
                "--no-dialogue",
                "--ssn",
                "106",
            ],
            ["3", "", "01020304", "20", "01098765432", ""],
        ),
    ];
    let messages: Vec<Vec<u8>> = cases.iter().map(|(args, _)| encode(args)).collect();
    let Some(tshark) = oracle::tshark() else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("vns-ssp-tshark-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pcap = dir.join("encode.pcap");
    oracle::write_pcap(&pcap, &messages).unwrap();
    // SSN 106 without a dialogue portion is INAP only when tshark is told so.
    let extra = ["-o", "inap.ssn:106,241"];
    tshark.check_clean(&pcap, &extra);
    let rows = tshark.fields(
        &pcap,
        &[
            "m3ua.routing_context",
            "tcap.otid",
            "tcap.dtid",
            "inap.code.local",
            "isup.called",
            "isup.calling",
            "frame.protocols",
        ],
        &extra,
    );
    assert_eq!(rows.len(), cases.len());
    for ((args, want), got) in cases.iter().zip(&rows) {
        assert_eq!(&got[..6], want, "{args:?}");
        assert!(
            got[6].ends_with("m3ua:sccp:tcap:inap"),
            "{args:?}: {}",
            got[6]
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}
