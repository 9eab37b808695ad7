//! `vns-ssp decode` / `encode`, driven through the same entry point as the binary.

use std::process::ExitCode;

use clap::Parser;
use testbed::cli::{Cli, run};

const IDP: &str = include_str!("data/idp_begin_m3ua.hex");
const CONNECT: &str = include_str!("data/connect_end_m3ua.hex");

fn vns_ssp(args: &[&str], stdin: &str) -> (ExitCode, String) {
    let cli = Cli::try_parse_from(std::iter::once("vns-ssp").chain(args.iter().copied()))
        .expect("arguments parse");
    let mut out = Vec::new();
    let code = run(cli, &mut stdin.as_bytes(), &mut out);
    (code, String::from_utf8(out).expect("UTF-8 output"))
}

fn hex_to_bytes(s: &str) -> Vec<u8> {
    hex::decode(s.trim()).expect("vector is hex")
}

#[test]
fn encode_idp_rebuilds_the_reference_vector_byte_for_byte() {
    let (code, out) = vns_ssp(
        &[
            "encode",
            "idp",
            "--called",
            "050412345678",
            "--calling",
            "01012345678",
        ],
        "",
    );
    assert_eq!(code, ExitCode::SUCCESS);
    assert_eq!(out.trim(), IDP.trim());
}

#[test]
fn encode_connect_rebuilds_the_reference_vector_byte_for_byte() {
    let (code, out) = vns_ssp(
        &[
            "encode",
            "connect",
            "--dra",
            "01098765432",
            "--original-called",
            "050412345678",
        ],
        "",
    );
    assert_eq!(code, ExitCode::SUCCESS);
    assert_eq!(out.trim(), CONNECT.trim());
}

#[test]
fn encode_options_change_the_right_fields() {
    let (code, out) = vns_ssp(
        &[
            "encode",
            "idp",
            "--called",
            "050499990000",
            "--service-key",
            "7",
            "--otid",
            "0a0b",
            "--opc",
            "100",
            "--dpc",
            "200",
            "--rc",
            "9",
            "--no-dialogue",
        ],
        "",
    );
    assert_eq!(code, ExitCode::SUCCESS);
    let trace = testbed::trace::Trace::decode(hex_to_bytes(&out).into());
    assert!(trace.error.is_none(), "{:?}", trace.error);
    let text = trace.to_text(true);
    assert!(text.contains("DATA rc=9 opc=100 dpc=200"), "{text}");
    assert!(text.contains("Begin otid=0a0b"), "{text}");
    assert!(!text.contains("aarq"), "{text}");
    assert!(text.contains("\"service_key\":7"), "{text}");
    assert!(text.contains("050499990000"), "{text}");
}

#[test]
fn decode_prints_every_layer_with_numbers_masked() {
    let (code, out) = vns_ssp(&["decode", IDP.trim()], "");
    assert_eq!(code, ExitCode::SUCCESS);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert!(lines[0].starts_with("M3UA  DATA rc=2 opc=3 dpc=2 si=3 ni=2 mp=0 sls=5"));
    assert!(lines[1].starts_with("SCCP  UDT class=1"));
    assert!(lines[1].contains("gt=8250412345678"));
    assert!(lines[2].starts_with("TCAP  Begin otid=01020304 aarq acn=0.4.0.1.1.1.0.0"));
    assert!(lines[3].starts_with("INAP  invoke 1: InitialDP sk=100"));
    assert!(lines[3].contains("calling=010-****-5678"), "{}", lines[3]);
    for clear in ["050412345678", "01012345678", "1012345678"] {
        assert!(!out.contains(clear), "{clear} printed in clear:\n{out}");
    }
}

#[test]
fn decode_json_masks_numbers_and_their_bcd_unless_revealed() {
    let (_, masked) = vns_ssp(&["decode", "--json", CONNECT.trim()], "");
    let v: serde_json::Value = serde_json::from_str(&masked).expect("JSON");
    let dra = &v["inap"][0]["argument"]["connect"]["destination_routing_address"][0];
    assert_eq!(dra["digits"], "010-****-5432");
    // Neither the digits nor their BCD (as in the raw parameter hex) appear.
    assert!(!masked.contains("01098765432"));
    assert!(
        !masked.contains("1010907856"),
        "BCD of the number leaked:\n{masked}"
    );

    let (_, revealed) = vns_ssp(&["decode", "--json", "--reveal", CONNECT.trim()], "");
    let v: serde_json::Value = serde_json::from_str(&revealed).expect("JSON");
    let dra = &v["inap"][0]["argument"]["connect"]["destination_routing_address"][0];
    assert_eq!(dra["digits"], "01098765432");
    assert_eq!(v["tcap"]["end"]["dtid"], "01020304");
    assert_eq!(v["m3ua"]["routing_context"], 3);
}

#[test]
fn decode_reads_stdin_in_trace_formats_and_several_messages() {
    // Spaced, colon-separated and 0x-prefixed hex, two messages back to back.
    let spaced: String = hex_to_bytes(IDP)
        .iter()
        .map(|b| format!("{b:02x} "))
        .collect();
    let colons: String = hex_to_bytes(CONNECT)
        .iter()
        .map(|b| format!("0x{b:02X}:"))
        .collect();
    let (code, out) = vns_ssp(&["decode", "-"], &format!("{spaced}\n{colons}\n"));
    assert_eq!(code, ExitCode::SUCCESS, "{out}");
    assert_eq!(out.matches("M3UA  DATA").count(), 2, "{out}");
    assert!(out.contains("TCAP  End dtid=01020304"));
}

#[test]
fn errors_name_the_layer_and_the_octet() {
    let mut bytes = hex_to_bytes(IDP);
    // The InitialDPArg SEQUENCE: make its length run past the parameter.
    let at = bytes
        .windows(5)
        .position(|w| w == [0x30, 0x1d, 0x80, 0x01, 0x64])
        .expect("IDP argument in the vector");
    // Corrupt the calledPartyNumber's odd/even bit instead: a value error INAP must name.
    let called = at + 5; // [2] calledPartyNumber tag
    assert_eq!(bytes[called], 0x82);
    bytes[called + 2] |= 0x80; // odd indicator with 12 digits
    let (code, out) = vns_ssp(&["decode", &hex::encode(&bytes)], "");
    assert_eq!(code, ExitCode::from(1));
    let err = out.lines().last().unwrap();
    assert!(err.starts_with("INAP error at octet "), "{out}");
    let octet: usize = err["INAP error at octet ".len()..]
        .split(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        octet, called,
        "the offset points at the calledPartyNumber element:\n{out}"
    );
    assert!(!out.contains("050412345678"));

    // An SCCP pointer past the end.
    let mut bytes = hex_to_bytes(IDP);
    let udt = 32; // M3UA header 8 + RC 8 + Protocol Data header 4 + routing label 12
    assert_eq!(bytes[udt], 0x09);
    bytes[udt + 4] = 0xf0;
    let (code, out) = vns_ssp(&["decode", &hex::encode(&bytes)], "");
    assert_eq!(code, ExitCode::from(1));
    assert!(out.contains("SCCP error at octet"), "{out}");

    // A TCAP message type nobody defined.
    let mut bytes = hex_to_bytes(IDP);
    let begin = bytes
        .windows(3)
        .position(|w| w == [0x62, 0x4f, 0x48])
        .unwrap();
    bytes[begin] = 0x63;
    let (_, out) = vns_ssp(&["decode", &hex::encode(&bytes)], "");
    assert!(
        out.contains(&format!("TCAP error at octet {begin}")),
        "{out}"
    );

    // A truncated M3UA message.
    let (code, out) = vns_ssp(&["decode", &IDP.trim()[..40]], "");
    assert_eq!(code, ExitCode::from(1));
    assert!(out.starts_with("M3UA error"), "{out}");
}

#[test]
fn bad_hex_is_a_usage_error() {
    assert_eq!(vns_ssp(&["decode", "01zz"], "").0, ExitCode::from(2));
    assert_eq!(vns_ssp(&["decode", "010"], "").0, ExitCode::from(2));
}
