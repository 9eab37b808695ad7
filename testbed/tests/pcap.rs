//! `--pcap` on `call`, `run` and `load`: the captures open in Wireshark (tshark dissects every
//! frame as SCTP › M3UA › SCCP › TCAP › INAP with no malformed frame, expert warning or bad
//! checksum) and hold the values exchanged.

mod common;

use std::process::ExitCode;

use common::{args, runtime, tcp_responder, vns_ssp};

fn dir() -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("vns-ssp-pcap-{}", std::process::id()));
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

#[test]
fn call_capture_dissects_cleanly_with_the_dialogue_in_it() {
    let rt = runtime();
    let r = rt.block_on(tcp_responder("arm:notify+connect:01098765432"));
    let d = dir();
    for link in ["248", "228"] {
        let pcap = d.join(format!("call-{link}.pcap"));
        let (code, out) = vns_ssp(&args(&format!(
            "call --remote {} --called 050412345678 --calling 01012345678 --model answer:0.01:0.01 \
             --expect connect:01098765432 --pcap {} --pcap-linktype {link}",
            r.addr(),
            pcap.display()
        )));
        assert_eq!(code, ExitCode::SUCCESS, "{out}");
        let Some(tshark) = oracle::tshark() else {
            return;
        };
        tshark.check_clean(&pcap, &[]);
        let rows = tshark.fields(
            &pcap,
            &[
                "frame.protocols",
                "m3ua.protocol_data_opc",
                "tcap.otid",
                "tcap.dtid",
                "inap.code.local",
                "isup.called",
            ],
            &[],
        );
        let text = format!("{rows:?}");
        assert_eq!(rows.len(), 4, "BEGIN, CONTINUE, CONTINUE, END: {text}");
        assert!(rows[0][0].ends_with("sctp:m3ua:sccp:tcap:inap"), "{text}");
        // The switch (PC 3) sends the InitialDP; the SCP (PC 2) answers with RRBE and Connect.
        assert_eq!(rows[0][1], "3");
        assert_eq!(rows[0][4], "0");
        assert_eq!(rows[0][5], "050412345678");
        assert_eq!(rows[1][1], "2");
        assert_eq!(rows[1][4], "23,20", "{text}");
        assert_eq!(rows[1][5], "01098765432");
        // The switch reports tAnswer in a CONTINUE and tDisconnect in the END, in its transaction.
        assert_eq!(rows[2][4], "24");
        assert_eq!(rows[3][4], "24");
        assert_eq!(rows[0][2], rows[2][2], "the switch's otid: {text}");
        assert_eq!(
            rows[1][2], rows[3][3],
            "the END goes to the SCP's otid: {text}"
        );
    }
}

#[test]
fn run_and_load_captures_hold_every_message() {
    let rt = runtime();
    let r = rt.block_on(tcp_responder("release:31"));
    let d = dir();
    let scenario = d.join("s.toml");
    std::fs::write(
        &scenario,
        "[[call]]\ncalled = \"050400000000-050400000002\"\nexpect = [\"release:31\"]\n",
    )
    .unwrap();
    let (run_pcap, load_pcap) = (d.join("run.pcap"), d.join("load.pcap"));
    let (code, out) = vns_ssp(&args(&format!(
        "run {} --remote {} --pcap {}",
        scenario.display(),
        r.addr(),
        run_pcap.display()
    )));
    assert_eq!(code, ExitCode::SUCCESS, "{out}");
    let (code, out) = vns_ssp(&args(&format!(
        "load --remote {} --rate 100 --duration 0.2 --called 050400000000-050400000009 \
         --quiet --expect release:31 --pcap {}",
        r.addr(),
        load_pcap.display()
    )));
    assert_eq!(code, ExitCode::SUCCESS, "{out}");
    let Some(tshark) = oracle::tshark() else {
        return;
    };
    for (pcap, calls) in [(&run_pcap, 3), (&load_pcap, 20)] {
        tshark.check_clean(pcap, &[]);
        let rows = tshark.fields(pcap, &["inap.code.local"], &[]);
        assert_eq!(rows.len(), 2 * calls, "{}", pcap.display());
        assert_eq!(rows.iter().filter(|r| r[0] == "0").count(), calls);
        assert_eq!(rows.iter().filter(|r| r[0] == "22").count(), calls);
    }
}
